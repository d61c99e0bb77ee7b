//! Showing instants and dates the office's way: its time zone, its calendar (Gregorian, or the
//! Persian solar Hijri calendar), and Persian digits for Persian.

use chrono::{Datelike, NaiveDate};
use okno_wire::{Calendar, Locale};

/// Gregorian → Persian (solar Hijri) date, by the well-known arithmetic algorithm (exact for
/// the years 1178–1633 AP, which covers every date an office will print).
pub fn to_persian(date: NaiveDate) -> (i32, u32, u32) {
    let (gy, gm, gd) = (date.year(), date.month() as i32, date.day() as i32);
    let g_d_m = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];
    let gy2 = if gm > 2 { gy + 1 } else { gy };
    let mut days = 355666 + (365 * gy) + ((gy2 + 3) / 4) - ((gy2 + 99) / 100)
        + ((gy2 + 399) / 400)
        + gd
        + g_d_m[(gm - 1) as usize];
    let mut jy = -1595 + (33 * (days / 12053));
    days %= 12053;
    jy += 4 * (days / 1461);
    days %= 1461;
    if days > 365 {
        jy += (days - 1) / 365;
        days = (days - 1) % 365;
    }
    let (jm, jd) = if days < 186 {
        (1 + days / 31, 1 + days % 31)
    } else {
        (7 + (days - 186) / 30, 1 + (days - 186) % 30)
    };
    (jy, jm as u32, jd as u32)
}

/// Western digits to Persian digits.
pub fn persian_digits(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '0'..='9' => char::from_u32(0x06F0 + (c as u32 - '0' as u32)).unwrap_or(c),
            _ => c,
        })
        .collect()
}

pub fn localize_digits(s: &str, locale: Locale) -> String {
    if locale == Locale::Fa {
        persian_digits(s)
    } else {
        s.to_string()
    }
}

/// A date in the office's calendar, in the locale's usual numeric form.
pub fn format_date(date: NaiveDate, calendar: Calendar, locale: Locale) -> String {
    let (y, m, d) = match calendar {
        Calendar::Persian => to_persian(date),
        Calendar::Gregorian => (date.year(), date.month(), date.day()),
    };
    let s = match locale {
        Locale::En => format!(
            "{d} {} {y}",
            ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
                [(m as usize - 1) % 12]
        ),
        Locale::Hu => format!("{y}. {m:02}. {d:02}."),
        Locale::Sk => format!("{d}. {m}. {y}"),
        Locale::Sv => format!("{y}-{m:02}-{d:02}"),
        Locale::Fa => format!("{y}/{m:02}/{d:02}"),
    };
    localize_digits(&s, locale)
}

/// Integer minor units as a decimal amount with the currency code, e.g. `12,50 EUR`.
pub fn format_money(minor: i64, currency: &str, locale: Locale) -> String {
    let sign = if minor < 0 { "-" } else { "" };
    let abs = minor.unsigned_abs();
    let sep = match locale {
        Locale::En => ".",
        Locale::Fa => "\u{066B}", // Arabic decimal separator
        _ => ",",
    };
    let s = format!("{sign}{}{sep}{:02} {currency}", abs / 100, abs % 100);
    localize_digits(&s, locale)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nowruz_is_the_first_of_farvardin() {
        assert_eq!(
            to_persian(NaiveDate::from_ymd_opt(2025, 3, 21).unwrap()),
            (1404, 1, 1)
        );
        assert_eq!(
            to_persian(NaiveDate::from_ymd_opt(2026, 11, 21).unwrap()),
            (1405, 8, 30)
        );
        assert_eq!(
            to_persian(NaiveDate::from_ymd_opt(2019, 3, 20).unwrap()),
            (1397, 12, 29)
        );
    }

    #[test]
    fn persian_dates_use_persian_digits() {
        let d = NaiveDate::from_ymd_opt(2025, 3, 21).unwrap();
        assert_eq!(format_date(d, Calendar::Persian, Locale::Fa), "۱۴۰۴/۰۱/۰۱");
        assert_eq!(
            format_date(d, Calendar::Gregorian, Locale::Sk),
            "21. 3. 2025"
        );
    }

    #[test]
    fn money_in_minor_units() {
        assert_eq!(format_money(1250, "EUR", Locale::Sk), "12,50 EUR");
        assert_eq!(format_money(5, "EUR", Locale::En), "0.05 EUR");
        assert_eq!(format_money(1000, "EUR", Locale::Fa), "۱۰٫۰۰ EUR");
    }
}
