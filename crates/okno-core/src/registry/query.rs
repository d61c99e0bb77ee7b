//! Reading what was typed in the search box: record numbers, dates and partial dates (in either
//! calendar), and name words.

use super::*;

/// A query as the search reads it.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Query {
    pub names: Vec<String>,
    pub parents: Vec<String>,
    pub born_from: Option<NaiveDate>,
    pub born_to: Option<NaiveDate>,
    pub record_number: Option<String>,
}

pub use okno_rules::calendar::from_persian;

pub(super) fn persian_year_end(y: i32) -> Option<NaiveDate> {
    from_persian(y + 1, 1, 1).and_then(|d| d.pred_opt())
}

/// A date or partial date typed in the box, as a range of days. A year from 1200 to 1599 is a
/// Persian year (no one in the registry was born then by the Gregorian count).
pub(super) fn date_range(tok: &str) -> Option<(NaiveDate, NaiveDate)> {
    let parts: Vec<&str> = tok
        .split(['.', '/', '-'])
        .filter(|p| !p.is_empty())
        .collect();
    if parts.is_empty() || parts.iter().any(|p| !p.chars().all(|c| c.is_ascii_digit())) {
        return None;
    }
    let nums: Vec<u32> = parts.iter().filter_map(|p| p.parse().ok()).collect();
    // Year first (ISO, Persian) or last (day.month.year).
    let (y, m, d) = match (nums.as_slice(), parts[0].len() == 4) {
        ([y], _) if parts[0].len() == 4 => (*y, None, None),
        ([y, m], true) => (*y, Some(*m), None),
        ([y, m, d], true) => (*y, Some(*m), Some(*d)),
        ([m, y], false) if parts[1].len() == 4 => (*y, Some(*m), None),
        ([d, m, y], false) if parts[2].len() == 4 => (*y, Some(*m), Some(*d)),
        _ => return None,
    };
    let y = i32::try_from(y).ok()?;
    let persian = (1200..1600).contains(&y);
    if !persian && !(1600..=2200).contains(&y) {
        return None;
    }
    let g = |y: i32, m: u32, d: u32| {
        if persian {
            from_persian(y, m, d)
        } else {
            NaiveDate::from_ymd_opt(y, m, d)
        }
    };
    let month_end = |y: i32, m: u32| (28..=31).rev().find_map(|d| g(y, m, d));
    match (m, d) {
        (None, _) => {
            let from = g(y, 1, 1)?;
            let to = if persian {
                persian_year_end(y)?
            } else {
                NaiveDate::from_ymd_opt(y, 12, 31)?
            };
            Some((from, to))
        }
        (Some(m), None) => Some((g(y, m, 1)?, month_end(y, m)?)),
        (Some(m), Some(d)) => {
            let day = g(y, m, d)?;
            Some((day, day))
        }
    }
}

/// Reads the search box: record numbers (letters and digits in one word), dates and partial
/// dates, and the rest as name words.
pub fn parse_query(text: &str, parent: Option<&str>) -> Query {
    let mut q = Query::default();
    for raw in text.split(|c: char| c.is_whitespace() || c == ',' || c == ';') {
        let word = fold::ascii_digits(raw.trim());
        if word.is_empty() {
            continue;
        }
        let has_digit = word.chars().any(|c| c.is_ascii_digit());
        let has_letter = word.chars().any(char::is_alphabetic);
        if has_digit && has_letter {
            q.record_number = Some(fold::record_number(&word));
        } else if has_digit {
            if let Some((from, to)) = date_range(&word) {
                q.born_from = Some(q.born_from.map_or(from, |f| f.max(from)));
                q.born_to = Some(q.born_to.map_or(to, |t| t.min(to)));
            }
        } else {
            q.names.extend(tokens(&word));
        }
    }
    if let Some(p) = parent {
        q.parents = tokens(p);
    }
    q
}

/// The end of a prefix range.
pub(super) fn upper(prefix: &str) -> String {
    format!("{prefix}\u{10FFFF}")
}
