//! The report as CSV: one long table of stable keys and figures, with the header and labels in the
//! reader's language.

use super::*;

/// A text with a leading `=`, `+`, `-`, `@`, tab or carriage return defused, so a spreadsheet
/// does not run it as a formula (for writers that quote by themselves).
pub(crate) fn defuse(s: &str) -> String {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{s}"),
        _ => s.to_string(),
    }
}

/// One CSV field: quoted when needed, and a formula defused.
pub(crate) fn field(s: &str) -> String {
    let s = defuse(s);
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

pub(super) fn hours(ms: Option<i64>) -> String {
    ms.map(|m| format!("{:.2}", m as f64 / 3_600_000.0))
        .unwrap_or_default()
}

/// The CSV's columns, in their fixed order: every row of the report has these.
pub const CSV_COLUMNS: [&str; 12] = [
    "section",
    "key",
    "label",
    "received",
    "resolved",
    "rejected",
    "open",
    "overdue",
    "handling_median_hours",
    "handling_p90_hours",
    "value",
    "note",
];

/// The CSV's header row in `locale`: the columns named for the people who open the file in a
/// spreadsheet. Programs read the columns by position (their order is fixed) and the rows by
/// the `section` and `key` columns, whose values are codes in every language.
pub fn csv_header(locale: Locale) -> String {
    let name = |column: &str| -> String {
        let hours = label("hours", locale);
        let row: [&str; 5] = match column {
            "section" => ["Section", "Szakasz", "Oddiel", "Avsnitt", "بخش"],
            "key" => ["Key", "Kulcs", "Kľúč", "Nyckel", "کلید"],
            "label" => ["Label", "Megnevezés", "Označenie", "Benämning", "عنوان"],
            "value" => ["Value", "Érték", "Hodnota", "Värde", "مقدار"],
            "note" => ["Note", "Megjegyzés", "Poznámka", "Anmärkning", "یادداشت"],
            "handling_median_hours" => return format!("{} ({hours})", label("median", locale)),
            "handling_p90_hours" => return format!("{} ({hours})", label("p90", locale)),
            other => return label(other, locale).to_string(),
        };
        pick(locale, row).to_string()
    };
    CSV_COLUMNS
        .iter()
        .map(|c| field(&name(c)))
        .collect::<Vec<_>>()
        .join(",")
}

/// The report as CSV (UTF-8 with a byte-order mark, so spreadsheets read the diacritics and
/// Persian right): a long table of `section` rows — `totals`, `day`, `service`, `agency`,
/// `channel`, `clerk`, `certifications`, `filings`, `voided`, `conflict_settled`, `sign_off`.
/// The header and the `label` column are in `locale` (dates in the office's calendar, with the
/// language's own beside it where they differ, in the language's digits); keys and figures
/// stay machine-readable (ISO dates, Western digits, a decimal point).
pub fn render_csv(review: &DayReview, locale: Locale) -> Vec<u8> {
    let mut out = String::from("\u{feff}");
    out.push_str(&csv_header(locale));
    out.push_str("\r\n");
    let mut row = |cells: [String; 12]| {
        out.push_str(&cells.iter().map(|c| field(c)).collect::<Vec<_>>().join(","));
        out.push_str("\r\n");
    };
    let figures = |section: &str, key: &str, label: &str, f: &CaseFigures| {
        [
            section.to_string(),
            key.to_string(),
            label.to_string(),
            f.received.to_string(),
            f.resolved.to_string(),
            f.rejected.to_string(),
            f.open.to_string(),
            f.overdue.to_string(),
            hours(f.handling_median_ms),
            hours(f.handling_p90_ms),
            String::new(),
            String::new(),
        ]
    };
    let cal = review.calendar;
    let period = if review.from == review.to {
        office_date(review.from, cal, locale)
    } else {
        format!(
            "{} – {}",
            office_date(review.from, cal, locale),
            office_date(review.to, cal, locale)
        )
    };
    row(figures("totals", "", &period, &review.totals));
    for d in &review.days {
        row([
            "day".into(),
            d.day.to_string(),
            office_date(d.day, cal, locale),
            d.received.to_string(),
            d.resolved.to_string(),
            String::new(),
            d.open.to_string(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
        ]);
    }
    for (dim, groups) in [
        ("service", &review.by_service),
        ("agency", &review.by_agency),
        ("channel", &review.by_channel),
        ("clerk", &review.by_clerk),
    ] {
        for g in groups {
            row(figures(
                dim,
                &g.key,
                &group_name(dim, g, locale),
                &g.figures,
            ));
        }
    }
    let c = &review.certifications;
    for (key, v) in [
        ("signatures", c.signatures),
        ("copies", c.copies),
        ("corrections", c.corrections),
        ("cancellations", c.cancellations),
        ("prints", c.prints),
        ("fees_minor", c.fees_minor),
    ] {
        let mut cells: [String; 12] = Default::default();
        cells[0] = "certifications".into();
        cells[1] = key.into();
        cells[2] = label(if key == "fees_minor" { "fees" } else { key }, locale).into();
        cells[10] = v.to_string();
        if key == "fees_minor" {
            cells[11] = review.currency.clone();
        }
        row(cells);
    }
    for (key, v) in [
        ("incoming", review.filings.incoming),
        ("outgoing", review.filings.outgoing),
    ] {
        let mut cells: [String; 12] = Default::default();
        cells[0] = "filings".into();
        cells[1] = key.into();
        cells[2] = label(key, locale).into();
        cells[10] = v.to_string();
        row(cells);
    }
    for v in &review.voided {
        let mut cells: [String; 12] = Default::default();
        cells[0] = "voided".into();
        cells[1] = v.label.clone();
        cells[2] = v.at.to_rfc3339();
        cells[10] = (v.last - v.first + 1).to_string();
        cells[11] = v.reason.clone();
        row(cells);
    }
    for s in &review.conflicts_settled {
        let mut cells: [String; 12] = Default::default();
        cells[0] = "conflict_settled".into();
        cells[1] = s.case_number.clone().unwrap_or_default();
        cells[2] = match (s.decision, s.to) {
            (ConflictDecision::MoveTo, Some(to)) => {
                format!("move_to {}", crate::cases::status::code(to))
            }
            _ => "keep_server".into(),
        };
        cells[10] = s.settled_by.clone().unwrap_or_default();
        cells[11] = s.note.clone();
        row(cells);
    }
    for c in &review.closes {
        let mut cells: [String; 12] = Default::default();
        cells[0] = "sign_off".into();
        cells[1] = c.day.to_string();
        cells[2] = c.closed_at.to_rfc3339();
        cells[10] = c.closed_by_name.clone().unwrap_or_default();
        cells[11] = c.note.clone().unwrap_or_default();
        row(cells);
    }
    out.into_bytes()
}
