//! Showing dates the office's way. The rule (see "Calendars and digits" in
//! `docs/architecture.md`): a document dates things in the office's calendar (Gregorian, or the
//! Persian solar Hijri calendar); its words and digits follow the reader's language; and where
//! the office's calendar is not the one the language usually dates in, the date in that
//! calendar is printed beside it, so nobody has to convert.

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

/// Persian (solar Hijri) date → Gregorian, `None` for a day the year does not have.
pub fn from_persian(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) || (m > 6 && d > 30) {
        return None;
    }
    let mut nowruz = NaiveDate::from_ymd_opt(y + 621, 3, 18)?;
    for _ in 0..6 {
        if to_persian(nowruz) == (y, 1, 1) {
            break;
        }
        nowruz = nowruz.succ_opt()?;
    }
    let offset = if m <= 6 {
        (m - 1) * 31 + d - 1
    } else {
        186 + (m - 7) * 30 + d - 1
    };
    let day = nowruz + chrono::Duration::days(i64::from(offset));
    (to_persian(day) == (y, m, d)).then_some(day)
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

/// The calendar people reading `locale` usually date things in.
pub fn usual_calendar(locale: Locale) -> Calendar {
    match locale {
        Locale::Fa => Calendar::Persian,
        Locale::En | Locale::Hu | Locale::Sk | Locale::Sv => Calendar::Gregorian,
    }
}

/// The Persian months as Latin-script languages write them.
const PERSIAN_MONTHS_LATIN: [&str; 12] = [
    "Farvardin",
    "Ordibehesht",
    "Khordad",
    "Tir",
    "Mordad",
    "Shahrivar",
    "Mehr",
    "Aban",
    "Azar",
    "Dey",
    "Bahman",
    "Esfand",
];

/// The Gregorian months as Persian writes them.
const GREGORIAN_MONTHS_FA: [&str; 12] = [
    "ژانویه",
    "فوریه",
    "مارس",
    "آوریل",
    "مه",
    "ژوئن",
    "ژوئیه",
    "اوت",
    "سپتامبر",
    "اکتبر",
    "نوامبر",
    "دسامبر",
];

const GREGORIAN_MONTHS_EN: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// `date` in `calendar`, written the way `locale` writes dates: its usual numeric form for the
/// language's own calendar, and the month by name for the other one, so a reader can tell
/// which calendar a date is in (`21. 3. 2025`, `۱۴۰۴/۰۱/۰۱`; `1. farvardin 1404`,
/// `۲۱ مارس ۲۰۲۵`).
pub fn format_date(date: NaiveDate, calendar: Calendar, locale: Locale) -> String {
    let (y, m, d) = match calendar {
        Calendar::Persian => to_persian(date),
        Calendar::Gregorian => (date.year(), date.month(), date.day()),
    };
    let month = (m as usize).clamp(1, 12) - 1;
    let s = match (calendar, locale) {
        (Calendar::Gregorian, Locale::En) => format!("{d} {} {y}", GREGORIAN_MONTHS_EN[month]),
        (Calendar::Gregorian, Locale::Hu) => format!("{y}. {m:02}. {d:02}."),
        (Calendar::Gregorian, Locale::Sk) => format!("{d}. {m}. {y}"),
        (Calendar::Gregorian, Locale::Sv) => format!("{y}-{m:02}-{d:02}"),
        (Calendar::Gregorian, Locale::Fa) => format!("{d} {} {y}", GREGORIAN_MONTHS_FA[month]),
        (Calendar::Persian, Locale::Fa) => format!("{y}/{m:02}/{d:02}"),
        (Calendar::Persian, Locale::En) => format!("{d} {} {y}", PERSIAN_MONTHS_LATIN[month]),
        (Calendar::Persian, Locale::Hu) => {
            format!("{y}. {} {d}.", PERSIAN_MONTHS_LATIN[month].to_lowercase())
        }
        (Calendar::Persian, Locale::Sk | Locale::Sv) => {
            let sep = if locale == Locale::Sk { ". " } else { " " };
            format!("{d}{sep}{} {y}", PERSIAN_MONTHS_LATIN[month].to_lowercase())
        }
    };
    localize_digits(&s, locale)
}

/// A date on a document or a report: in the office's calendar, in `locale`'s words and digits,
/// with the date in the language's usual calendar beside it when the two differ
/// (`۲۱ مارس ۲۰۲۵ (۱۴۰۴/۰۱/۰۱)` for a Persian reader in a Gregorian office).
pub fn office_date(date: NaiveDate, office_calendar: Calendar, locale: Locale) -> String {
    let usual = usual_calendar(locale);
    let main = format_date(date, office_calendar, locale);
    if usual == office_calendar {
        main
    } else {
        format!("{main} ({})", format_date(date, usual, locale))
    }
}

/// A date and a time of day (`HH:MM`) on a document: the time beside the office's date, the
/// other calendar's date after both.
pub fn office_date_time(
    date: NaiveDate,
    time: &str,
    office_calendar: Calendar,
    locale: Locale,
) -> String {
    let usual = usual_calendar(locale);
    let main = format_date(date, office_calendar, locale);
    let time = localize_digits(time, locale);
    if usual == office_calendar {
        format!("{main} {time}")
    } else {
        format!("{main} {time} ({})", format_date(date, usual, locale))
    }
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
    fn the_other_calendar_names_its_month() {
        let d = NaiveDate::from_ymd_opt(2025, 3, 21).unwrap();
        assert_eq!(
            format_date(d, Calendar::Gregorian, Locale::Fa),
            "۲۱ مارس ۲۰۲۵"
        );
        assert_eq!(
            format_date(d, Calendar::Persian, Locale::En),
            "1 Farvardin 1404"
        );
        assert_eq!(
            format_date(d, Calendar::Persian, Locale::Hu),
            "1404. farvardin 1."
        );
        assert_eq!(
            format_date(d, Calendar::Persian, Locale::Sk),
            "1. farvardin 1404"
        );
        assert_eq!(
            format_date(d, Calendar::Persian, Locale::Sv),
            "1 farvardin 1404"
        );
    }

    #[test]
    fn an_office_date_shows_the_readers_calendar_beside_the_offices() {
        let d = NaiveDate::from_ymd_opt(2025, 3, 21).unwrap();
        // Office and language agree: one date.
        assert_eq!(office_date(d, Calendar::Persian, Locale::Fa), "۱۴۰۴/۰۱/۰۱");
        assert_eq!(
            office_date(d, Calendar::Gregorian, Locale::Sk),
            "21. 3. 2025"
        );
        // A Gregorian office, a Persian reader: Gregorian first, in Persian digits.
        assert_eq!(
            office_date(d, Calendar::Gregorian, Locale::Fa),
            "۲۱ مارس ۲۰۲۵ (۱۴۰۴/۰۱/۰۱)"
        );
        // A Persian office, an English reader.
        assert_eq!(
            office_date(d, Calendar::Persian, Locale::En),
            "1 Farvardin 1404 (21 Mar 2025)"
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
