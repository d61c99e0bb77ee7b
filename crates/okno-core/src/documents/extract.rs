//! The extract of a birth, marriage or death record as the citizen takes it away: the office,
//! the title in the office's language, the record's facts in a labelled table (as the ledger
//! entry keeps them, so a reprint shows what was certified), the certification clause, place
//! and date, registrar and fee, and the QR seal — laid out like a certified copy's certificate.

use okno_wire::{LedgerEntryView, Locale, OfficeView};

use super::calendar::{localize_digits, office_date};
use super::certified_copy::Sheet;
use super::clause::{extract_title, kind_name, label};
use super::{Direction, Doc, Weight};
use crate::error::{CoreError, Result};
use okno_rules::extract::{ExtractFacts, DATE_KEYS};

/// A fact's value as printed: dates in the office's calendar, sex in words, page numbers in
/// the language's digits; names and book numbers as written.
fn value(office: &OfficeView, locale: Locale, key: &str, v: &str) -> String {
    if DATE_KEYS.contains(&key) {
        if let Ok(d) = v.parse() {
            return office_date(d, office.calendar, locale);
        }
    }
    match key {
        "sex" => label(&format!("sex_{v}"), locale).to_string(),
        "page_no" => localize_digits(v, locale),
        _ => v.to_string(),
    }
}

/// The extract: one page in the office's language.
pub fn render(office: &OfficeView, entry: &LedgerEntryView) -> Result<Vec<u8>> {
    let facts = ExtractFacts::parse(&entry.document_description)
        .ok_or_else(|| CoreError::Internal(format!("{} is not an extract", entry.number)))?;
    let locale = entry.clauses.first().map_or(office.locale, |c| c.locale);
    let sheet = Sheet::new(locale);
    let l = |k: &str| label(k, locale);
    let title = extract_title(facts.kind, locale);
    let mut doc = Doc::new(&format!("{title} {}", entry.number))?;
    let mut p = doc.page(Direction::of(locale));
    sheet.head(&mut p, office, title, &entry.number);

    // The record's facts.
    let mut rows: Vec<(&str, String)> = vec![(l("record_number"), facts.number.clone())];
    for (k, v) in &facts.fields {
        rows.push((l(k), value(office, locale, k, v)));
    }
    let mut y = sheet.rows(&mut p, 68.0, 6.8, &rows);
    y += 2.0;
    p.line(sheet.margin, y, sheet.right, y, 0.5, sheet.rule.clone());
    y += 9.0;

    // The clause.
    if let Some(c) = entry.clauses.first() {
        for line in p.wrap(&c.text, sheet.width, 11.0, Weight::Regular) {
            p.text_line(
                sheet.sx,
                y,
                11.0,
                Weight::Regular,
                sheet.ink.clone(),
                sheet.sa,
                &line,
            );
            y += 5.8;
        }
        y += 6.0;
    }

    // Place and date, registrar, fee; the seal.
    y = sheet.act_rows(&mut p, y, 6.8, office, entry);
    sheet.seal(
        &mut p,
        y,
        entry,
        &format!("{} · {}", entry.number, kind_name(entry.kind, locale)),
    );
    doc.push(p);
    Ok(doc.finish())
}
