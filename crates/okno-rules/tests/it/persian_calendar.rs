//! Our Persian (solar Hijri) conversion, checked against ICU4X's — the calendar library behind
//! the browsers' `Intl`, which the UI uses on screen — for every day from 1900 to 2100, so a
//! date reads the same on the screen and on paper.

use chrono::{Datelike, NaiveDate};
use icu_calendar::cal::Persian;
use icu_calendar::Date;

#[test]
fn every_day_from_1900_to_2100_matches_icu() {
    let mut day = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap();
    let last = NaiveDate::from_ymd_opt(2100, 12, 31).unwrap();
    let mut checked = 0;
    while day <= last {
        let iso = Date::try_new_iso(day.year(), day.month() as u8, day.day() as u8).unwrap();
        let p = iso.to_calendar(Persian);
        let icu = (
            p.year().extended_year(),
            u32::from(p.month().ordinal),
            u32::from(p.day_of_month().0),
        );
        assert_eq!(okno_rules::calendar::to_persian(day), icu, "{day}");
        let (y, m, d) = icu;
        assert_eq!(okno_rules::calendar::from_persian(y, m, d), Some(day));
        day = day.succ_opt().unwrap();
        checked += 1;
    }
    assert_eq!(checked, 73_414);
    // Days a Persian year does not have.
    for (y, m, d) in [
        (1404, 7, 31),
        (1404, 13, 1),
        (1404, 1, 0),
        (1403, 12, 31),
        (1404, 12, 30),
    ] {
        let icu = Date::try_new_persian(y, m as u8, d as u8).ok();
        assert_eq!(
            okno_rules::calendar::from_persian(y, m, d).is_some(),
            icu.is_some(),
            "{y}/{m}/{d}"
        );
    }
}
