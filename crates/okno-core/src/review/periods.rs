//! Periods in the office's calendar: weeks, months and half-years are Gregorian, or Persian
//! (solar Hijri: the week starts on Saturday, the first half-year is months 1–6).

use chrono::{Datelike, Days, NaiveDate, Weekday};
use okno_wire::{Calendar, PeriodOption, PeriodPreset};

use crate::documents::calendar::to_persian;

/// (year, month, day) of `d` in `calendar`.
fn ymd(d: NaiveDate, calendar: Calendar) -> (i32, u32, u32) {
    match calendar {
        Calendar::Persian => to_persian(d),
        Calendar::Gregorian => (d.year(), d.month(), d.day()),
    }
}

fn prev(d: NaiveDate) -> NaiveDate {
    d.pred_opt().unwrap_or(d)
}

fn next(d: NaiveDate) -> NaiveDate {
    d.succ_opt().unwrap_or(d)
}

/// Walks back from `d` to the first day for which `starts` holds (at most a year).
fn back_to(d: NaiveDate, starts: impl Fn(NaiveDate) -> bool) -> NaiveDate {
    let mut x = d;
    for _ in 0..400 {
        if starts(x) {
            return x;
        }
        x = prev(x);
    }
    d
}

/// The first day of the month of `d` in `calendar`.
pub fn month_start(d: NaiveDate, calendar: Calendar) -> NaiveDate {
    back_to(d, |x| ymd(x, calendar).2 == 1)
}

/// The last day of the month of `d` in `calendar`.
pub fn month_end(d: NaiveDate, calendar: Calendar) -> NaiveDate {
    let mut x = d;
    for _ in 0..40 {
        let n = next(x);
        if ymd(n, calendar).2 == 1 {
            return x;
        }
        x = n;
    }
    d
}

/// The first day of the week of `d`: Monday, or Saturday in the Persian calendar.
pub fn week_start(d: NaiveDate, calendar: Calendar) -> NaiveDate {
    let first = match calendar {
        Calendar::Persian => Weekday::Sat,
        Calendar::Gregorian => Weekday::Mon,
    };
    back_to(d, |x| x.weekday() == first)
}

/// The first day of the half-year of `d`: months 1 and 7 of its calendar.
pub fn half_year_start(d: NaiveDate, calendar: Calendar) -> NaiveDate {
    back_to(d, |x| {
        let (_, m, day) = ymd(x, calendar);
        day == 1 && (m == 1 || m == 7)
    })
}

/// The periods offered on `today`.
pub fn options(today: NaiveDate, calendar: Calendar) -> Vec<PeriodOption> {
    let this_month = month_start(today, calendar);
    let last_month_end = prev(this_month);
    vec![
        PeriodOption {
            preset: PeriodPreset::Today,
            from: today,
            to: today,
        },
        PeriodOption {
            preset: PeriodPreset::Yesterday,
            from: prev(today),
            to: prev(today),
        },
        PeriodOption {
            preset: PeriodPreset::ThisWeek,
            from: week_start(today, calendar),
            to: today,
        },
        PeriodOption {
            preset: PeriodPreset::ThisMonth,
            from: this_month,
            to: today,
        },
        PeriodOption {
            preset: PeriodPreset::LastMonth,
            from: month_start(last_month_end, calendar),
            to: last_month_end,
        },
        PeriodOption {
            preset: PeriodPreset::ThisHalfYear,
            from: half_year_start(today, calendar),
            to: today,
        },
    ]
}

/// Every day from `from` to `to`, both included.
pub fn days(from: NaiveDate, to: NaiveDate) -> Vec<NaiveDate> {
    let mut out = Vec::new();
    let mut d = from;
    while d <= to {
        out.push(d);
        match d.checked_add_days(Days::new(1)) {
            Some(n) => d = n,
            None => break,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn gregorian_periods() {
        let today = d("2026-11-21"); // a Saturday
        let o = options(today, Calendar::Gregorian);
        let get = |p| o.iter().find(|x| x.preset == p).unwrap();
        assert_eq!(get(PeriodPreset::ThisWeek).from, d("2026-11-16"));
        assert_eq!(get(PeriodPreset::ThisMonth).from, d("2026-11-01"));
        assert_eq!(get(PeriodPreset::LastMonth).from, d("2026-10-01"));
        assert_eq!(get(PeriodPreset::LastMonth).to, d("2026-10-31"));
        assert_eq!(get(PeriodPreset::ThisHalfYear).from, d("2026-07-01"));
        assert_eq!(get(PeriodPreset::Yesterday).from, d("2026-11-20"));
    }

    #[test]
    fn persian_periods_follow_the_solar_hijri_calendar() {
        // 2026-11-21 is 30 Aban 1405; Azar starts on 2026-11-22; Mehr 1 (month 7) is 2026-09-23.
        let today = d("2026-11-21");
        assert_eq!(to_persian(today), (1405, 8, 30));
        let o = options(today, Calendar::Persian);
        let get = |p| o.iter().find(|x| x.preset == p).unwrap();
        assert_eq!(get(PeriodPreset::ThisWeek).from, d("2026-11-21")); // Saturday
        assert_eq!(get(PeriodPreset::ThisMonth).from, d("2026-10-23")); // 1 Aban
        assert_eq!(get(PeriodPreset::LastMonth).from, d("2026-09-23")); // 1 Mehr
        assert_eq!(get(PeriodPreset::LastMonth).to, d("2026-10-22"));
        assert_eq!(get(PeriodPreset::ThisHalfYear).from, d("2026-09-23"));
        assert_eq!(month_end(today, Calendar::Persian), today);
        // The first half of 1405 began on Nowruz, 2026-03-21.
        assert_eq!(
            half_year_start(d("2026-06-01"), Calendar::Persian),
            d("2026-03-21")
        );
    }
}
