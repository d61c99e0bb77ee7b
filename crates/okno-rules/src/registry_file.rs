//! Reading a registry import (docs/registry.md, "Import format"): JSON Lines or CSV, one person
//! or record per line, every line checked. The result lists every rejected line with its number
//! and reason; the server writes nothing unless no line is rejected.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use okno_wire::{RecordKind, RegistryPerson, RegistryRecord, Sex};
use serde_json::{json, Map, Value};
use uuid::Uuid;

use crate::fold;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineError {
    /// 1-based line of the file (for CSV, the line the row starts on; the header is line 1).
    pub line: usize,
    pub reason: String,
}

impl std::fmt::Display for LineError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.reason)
    }
}

#[derive(Debug, Default)]
pub struct ImportSet {
    pub persons: Vec<(usize, RegistryPerson)>,
    pub records: Vec<(usize, RegistryRecord)>,
    pub errors: Vec<LineError>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    JsonLines,
    Csv,
}

impl Format {
    /// By the file name: `.csv` is CSV, anything else JSON Lines.
    pub fn of(path: &str) -> Format {
        if path.to_ascii_lowercase().ends_with(".csv") {
            Format::Csv
        } else {
            Format::JsonLines
        }
    }
}

/// The columns of the CSV form (any order; the header names them).
pub const CSV_COLUMNS: [&str; 23] = [
    "type",
    "id",
    "given_names",
    "family_name",
    "birth_family_name",
    "sex",
    "birth_date",
    "birth_place",
    "death_date",
    "father_id",
    "mother_id",
    "father_name",
    "mother_name",
    "kind",
    "number",
    "book",
    "volume",
    "page",
    "date",
    "place",
    "person_id",
    "partner_id",
    "note",
];

const MAX_NAME: usize = 200;

struct Line<'a> {
    obj: &'a Map<String, Value>,
    problems: Vec<String>,
}

impl Line<'_> {
    fn text(&mut self, key: &str, required: bool, max: usize) -> Option<String> {
        let v = match self.obj.get(key) {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) if s.trim().is_empty() => None,
            Some(Value::String(s)) => Some(s.trim().to_string()),
            Some(Value::Number(n)) => Some(n.to_string()),
            Some(_) => {
                self.problems.push(format!("{key} is not a text"));
                return None;
            }
        };
        match v {
            None if required => {
                self.problems.push(format!("{key} is missing"));
                None
            }
            Some(s) if s.chars().count() > max => {
                self.problems
                    .push(format!("{key} is longer than {max} characters"));
                None
            }
            v => v,
        }
    }

    fn id(&mut self, key: &str, required: bool) -> Option<Uuid> {
        let s = self.text(key, required, 64)?;
        match s.parse() {
            Ok(u) => Some(u),
            Err(_) => {
                self.problems.push(format!("{key} {s:?} is not a UUID"));
                None
            }
        }
    }

    fn date(&mut self, key: &str, required: bool, today: NaiveDate) -> Option<NaiveDate> {
        let s = self.text(key, required, 10)?;
        match NaiveDate::parse_from_str(&s, "%Y-%m-%d") {
            Ok(d) if d > today => {
                self.problems.push(format!("{key} {s} lies in the future"));
                None
            }
            Ok(d) if d.year_ce().1 < 1800 => {
                self.problems.push(format!("{key} {s} is before 1800"));
                None
            }
            Ok(d) => Some(d),
            Err(_) => {
                self.problems
                    .push(format!("{key} {s:?} is not a date (YYYY-MM-DD)"));
                None
            }
        }
    }
}

use chrono::Datelike;

/// Checks one line's object; pushes the person or record, or the line's problems.
fn take(set: &mut ImportSet, line: usize, obj: &Map<String, Value>, today: NaiveDate) {
    let mut l = Line {
        obj,
        problems: Vec::new(),
    };
    let kind = l.text("type", true, 16);
    match kind.as_deref() {
        Some("person") => {
            let id = l.id("id", true);
            let given = l.text("given_names", true, MAX_NAME);
            let family = l.text("family_name", true, MAX_NAME);
            let birth_family = l.text("birth_family_name", false, MAX_NAME);
            let sex = l.text("sex", true, 1).and_then(|s| {
                let sex = Sex::from_code(&s);
                if sex.is_none() {
                    l.problems.push(format!("sex {s:?} is not F, M or X"));
                }
                sex
            });
            let birth = l.date("birth_date", false, today);
            let place = l.text("birth_place", false, MAX_NAME).unwrap_or_default();
            let death = l.date("death_date", false, today);
            let father = l.id("father_id", false);
            let mother = l.id("mother_id", false);
            let father_name = l.text("father_name", false, MAX_NAME);
            let mother_name = l.text("mother_name", false, MAX_NAME);
            if let (Some(b), Some(d)) = (birth, death) {
                if d < b {
                    l.problems.push("death_date is before birth_date".into());
                }
            }
            if id.is_some() && (father == id || mother == id) {
                l.problems.push("a person is not their own parent".into());
            }
            if father.is_some() && father == mother {
                l.problems
                    .push("father_id and mother_id are the same person".into());
            }
            for (k, v) in [("given_names", &given), ("family_name", &family)] {
                if v.as_deref().is_some_and(|s| fold::tokens(s).is_empty()) {
                    l.problems.push(format!("{k} has no letters"));
                }
            }
            if l.problems.is_empty() {
                if let (Some(id), Some(given), Some(family), Some(sex)) = (id, given, family, sex) {
                    set.persons.push((
                        line,
                        RegistryPerson {
                            id,
                            given_names: given,
                            family_name: family,
                            birth_family_name: birth_family,
                            sex,
                            birth_date: birth,
                            birth_place: place,
                            death_date: death,
                            father_id: father,
                            mother_id: mother,
                            father_name,
                            mother_name,
                        },
                    ));
                    return;
                }
            }
        }
        Some("record") => {
            let id = l.id("id", true);
            let kind = l.text("kind", true, 16).and_then(|k| {
                let kind = RecordKind::from_code(&k);
                if kind.is_none() {
                    l.problems
                        .push(format!("kind {k:?} is not birth, marriage or death"));
                }
                kind
            });
            let number = l.text("number", true, 40).map(|n| fold::record_number(&n));
            if number.as_deref() == Some("") {
                l.problems.push("number has no letters or digits".into());
            }
            let book = l.text("book", true, 60);
            let volume = l.text("volume", true, 20);
            let page = l
                .text("page", true, 10)
                .and_then(|p| match p.parse::<i32>() {
                    Ok(n) if n >= 1 => Some(n),
                    _ => {
                        l.problems
                            .push(format!("page {p:?} is not a positive number"));
                        None
                    }
                });
            let date = l.date("date", true, today);
            let place = l.text("place", false, MAX_NAME).unwrap_or_default();
            let person = l.id("person_id", true);
            let partner = l.id("partner_id", false);
            let note = l.text("note", false, 1000);
            match kind {
                Some(RecordKind::Marriage) if partner.is_none() => {
                    l.problems.push("a marriage record needs partner_id".into())
                }
                Some(RecordKind::Marriage) if partner == person => {
                    l.problems.push("partner_id is the person themself".into())
                }
                Some(RecordKind::Birth | RecordKind::Death) if partner.is_some() => l
                    .problems
                    .push("only a marriage record has a partner_id".into()),
                _ => {}
            }
            if l.problems.is_empty() {
                if let (
                    Some(id),
                    Some(kind),
                    Some(number),
                    Some(book),
                    Some(volume),
                    Some(page),
                    Some(date),
                    Some(person),
                ) = (id, kind, number, book, volume, page, date, person)
                {
                    set.records.push((
                        line,
                        RegistryRecord {
                            id,
                            kind,
                            number,
                            book,
                            volume,
                            page,
                            date,
                            place,
                            person_id: person,
                            partner_id: partner,
                            note,
                        },
                    ));
                    return;
                }
            }
        }
        Some(other) => l
            .problems
            .push(format!("type {other:?} is not person or record")),
        None => {}
    }
    set.errors.push(LineError {
        line,
        reason: l.problems.join("; "),
    });
}

/// Parses and checks a whole file. References to persons that are not in the file are left for
/// [`ImportSet::check_references`], which knows the registry already stored.
pub fn parse(text: &str, format: Format, today: NaiveDate) -> ImportSet {
    let mut set = ImportSet::default();
    match format {
        Format::JsonLines => {
            for (i, raw) in text.lines().enumerate() {
                let line = i + 1;
                let raw = raw.trim();
                if raw.is_empty() {
                    continue;
                }
                match serde_json::from_str::<Value>(raw) {
                    Ok(Value::Object(obj)) => take(&mut set, line, &obj, today),
                    Ok(_) => set.errors.push(LineError {
                        line,
                        reason: "the line is not a JSON object".into(),
                    }),
                    Err(e) => set.errors.push(LineError {
                        line,
                        reason: format!("the line is not valid JSON ({e})"),
                    }),
                }
            }
        }
        Format::Csv => {
            let body = text.trim_start_matches('\u{feff}').as_bytes();
            // The reader's own line count lags a line behind after CRLF;
            // count from the byte offset instead.
            let line_at = |pos: Option<&csv::Position>| {
                pos.map_or(0, |p| {
                    let mut at = (p.byte() as usize).min(body.len());
                    while at < body.len() && matches!(body[at], b'\r' | b'\n') {
                        at += 1;
                    }
                    body[..at].iter().filter(|b| **b == b'\n').count() + 1
                })
            };
            let mut reader = csv::ReaderBuilder::new().flexible(false).from_reader(body);
            let header: Vec<String> = match reader.headers() {
                Ok(h) => h.iter().map(|s| s.trim().to_string()).collect(),
                Err(e) => {
                    set.errors.push(LineError {
                        line: 1,
                        reason: format!("the header cannot be read ({e})"),
                    });
                    return set;
                }
            };
            let unknown: Vec<&String> = header
                .iter()
                .filter(|h| !CSV_COLUMNS.contains(&h.as_str()))
                .collect();
            if !unknown.is_empty() || !header.iter().any(|h| h == "type") {
                set.errors.push(LineError {
                    line: 1,
                    reason: format!(
                        "the header must name the columns {} (unknown: {unknown:?})",
                        CSV_COLUMNS.join(", ")
                    ),
                });
                return set;
            }
            for rec in reader.records() {
                match rec {
                    Ok(rec) => {
                        let line = line_at(rec.position());
                        let mut obj = Map::new();
                        for (h, v) in header.iter().zip(rec.iter()) {
                            obj.insert(h.clone(), json!(v));
                        }
                        take(&mut set, line, &obj, today);
                    }
                    Err(e) => {
                        let line = line_at(e.position());
                        set.errors.push(LineError {
                            line,
                            reason: format!("the row cannot be read ({e})"),
                        });
                    }
                }
            }
        }
    }
    set.check_duplicates();
    set
}

impl ImportSet {
    fn check_duplicates(&mut self) {
        let mut ids: HashMap<Uuid, usize> = HashMap::new();
        let mut numbers: HashMap<String, usize> = HashMap::new();
        let mut errors = Vec::new();
        for (line, p) in &self.persons {
            if let Some(first) = ids.insert(p.id, *line) {
                errors.push(LineError {
                    line: *line,
                    reason: format!("id {} is on line {first} already", p.id),
                });
            }
        }
        for (line, r) in &self.records {
            if let Some(first) = ids.insert(r.id, *line) {
                errors.push(LineError {
                    line: *line,
                    reason: format!("id {} is on line {first} already", r.id),
                });
            }
            if let Some(first) = numbers.insert(r.number.clone(), *line) {
                errors.push(LineError {
                    line: *line,
                    reason: format!("record number {} is on line {first} already", r.number),
                });
            }
        }
        self.errors.extend(errors);
    }

    /// Person ids the file refers to but does not hold (to look up in the stored registry).
    pub fn outside_references(&self) -> Vec<Uuid> {
        let here: HashSet<Uuid> = self.persons.iter().map(|(_, p)| p.id).collect();
        let mut out: HashSet<Uuid> = HashSet::new();
        for (_, p) in &self.persons {
            out.extend([p.father_id, p.mother_id].into_iter().flatten());
        }
        for (_, r) in &self.records {
            out.extend([Some(r.person_id), r.partner_id].into_iter().flatten());
        }
        out.retain(|id| !here.contains(id));
        let mut v: Vec<Uuid> = out.into_iter().collect();
        v.sort();
        v
    }

    /// Rejects lines that refer to a person neither in the file nor in `stored`, and birth
    /// records whose date is not their person's birth date.
    pub fn check_references(&mut self, stored: &HashSet<Uuid>) {
        let persons: HashMap<Uuid, &RegistryPerson> =
            self.persons.iter().map(|(_, p)| (p.id, p)).collect();
        let known = |id: &Uuid| persons.contains_key(id) || stored.contains(id);
        let mut errors = Vec::new();
        for (line, p) in &self.persons {
            for (k, v) in [("father_id", p.father_id), ("mother_id", p.mother_id)] {
                if let Some(v) = v.filter(|v| !known(v)) {
                    errors.push(LineError {
                        line: *line,
                        reason: format!("{k} {v} is not in the file nor in the registry"),
                    });
                }
            }
        }
        for (line, r) in &self.records {
            for (k, v) in [
                ("person_id", Some(r.person_id)),
                ("partner_id", r.partner_id),
            ] {
                if let Some(v) = v.filter(|v| !known(v)) {
                    errors.push(LineError {
                        line: *line,
                        reason: format!("{k} {v} is not in the file nor in the registry"),
                    });
                }
            }
            if r.kind == RecordKind::Birth {
                if let Some(p) = persons.get(&r.person_id) {
                    if p.birth_date.is_some_and(|b| b != r.date) {
                        errors.push(LineError {
                            line: *line,
                            reason: format!(
                                "the birth record's date {} is not the person's birth date",
                                r.date
                            ),
                        });
                    }
                }
            }
        }
        self.errors.extend(errors);
        self.errors.sort_by_key(|e| e.line);
    }
}

/// One person as a JSON Lines line of the import format.
pub fn person_line(p: &RegistryPerson) -> String {
    json!({
        "type": "person",
        "id": p.id,
        "given_names": p.given_names,
        "family_name": p.family_name,
        "birth_family_name": p.birth_family_name,
        "sex": p.sex.code(),
        "birth_date": p.birth_date,
        "birth_place": p.birth_place,
        "death_date": p.death_date,
        "father_id": p.father_id,
        "mother_id": p.mother_id,
        "father_name": p.father_name,
        "mother_name": p.mother_name,
    })
    .to_string()
}

/// One record as a JSON Lines line of the import format.
pub fn record_line(r: &RegistryRecord) -> String {
    json!({
        "type": "record",
        "id": r.id,
        "kind": r.kind.code(),
        "number": r.number,
        "book": r.book,
        "volume": r.volume,
        "page": r.page,
        "date": r.date,
        "place": r.place,
        "person_id": r.person_id,
        "partner_id": r.partner_id,
        "note": r.note,
    })
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 1).unwrap()
    }

    #[test]
    fn every_bad_line_is_reported() {
        let a = Uuid::from_u128(1);
        let b = Uuid::from_u128(2);
        let text = format!(
            r#"{{"type":"person","id":"{a}","given_names":"Zuzana","family_name":"Čičová","sex":"F","birth_date":"1987-03-12","birth_place":"Komárno"}}
{{"type":"person","id":"{b}","given_names":"","family_name":"Nagy","sex":"Q","birth_date":"2099-01-01"}}
not json
{{"type":"record","id":"{b}","kind":"birth","number":"B-1987-00042","book":"B-1987","volume":"I","page":"21","date":"1987-03-13","person_id":"{a}"}}
{{"type":"record","id":"{}","kind":"marriage","number":"b 1987 42","book":"M","volume":"I","page":0,"date":"2010-01-01","person_id":"{a}"}}
"#,
            Uuid::from_u128(3)
        );
        let mut set = parse(&text, Format::JsonLines, today());
        set.check_references(&HashSet::new());
        let lines: Vec<usize> = set.errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, vec![2, 3, 4, 5], "{:#?}", set.errors);
        assert!(set.errors[0].reason.contains("given_names is missing"));
        assert!(set.errors[0].reason.contains("sex"));
        assert!(set.errors[0].reason.contains("future"));
        assert!(
            set.errors[2].reason.contains("birth date"),
            "{}",
            set.errors[2].reason
        );
        assert!(set.errors[3].reason.contains("partner_id"));
        assert!(set.errors[3].reason.contains("page"));
    }

    #[test]
    fn csv_with_quotes_and_bom() {
        let text = "\u{feff}type,id,given_names,family_name,sex,birth_date,birth_place,note\r\n\
            person,00000000-0000-0000-0000-000000000001,\"Åsa, Maria\",Öberg,F,1990-05-01,Göteborg,\r\n\
            person,00000000-0000-0000-0000-000000000002,Seán,O'Brien,M,1991-13-01,York,\r\n";
        let set = parse(text, Format::Csv, today());
        assert_eq!(set.persons.len(), 1);
        assert_eq!(set.persons[0].1.given_names, "Åsa, Maria");
        assert_eq!(set.errors.len(), 1);
        assert_eq!(set.errors[0].line, 3);
    }
}
