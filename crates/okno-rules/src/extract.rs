//! The facts of a civil-registry extract as its ledger entry keeps them: a canonical,
//! language-neutral text, so the entry's hash and the seal's document hash cover exactly what
//! was extracted and the printout can be made again from the ledger alone:
//!
//! ```text
//! birth B-1987-00042; name=Zuzana Čičová; sex=F; birth_date=1987-03-12; birth_place=Komárno;
//! father=Ján Čič; mother=Mária Čičová; book=B-1987; volume=I; page_no=12
//! ```

use okno_wire::RecordKind;

/// The keys an extract may carry, in the order they are printed.
pub const KEYS: [&str; 15] = [
    "name",
    "spouse",
    "birth_name",
    "sex",
    "birth_date",
    "birth_place",
    "father",
    "mother",
    "marriage_date",
    "marriage_place",
    "death_date",
    "death_place",
    "book",
    "volume",
    "page_no",
];

/// Keys whose values are ISO dates (printed in the office's calendar).
pub const DATE_KEYS: [&str; 3] = ["birth_date", "marriage_date", "death_date"];

/// The facts of a record as extracted: the record's kind and number, then `key=value` pairs
/// (a key may repeat: a marriage names two spouses, each followed by their own facts).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExtractFacts {
    pub kind: RecordKind,
    pub number: String,
    pub fields: Vec<(&'static str, String)>,
}

/// A value as the canonical text holds it: on one line, without the separator.
fn clean(v: &str) -> String {
    v.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace(';', ",")
}

impl ExtractFacts {
    pub fn push(&mut self, key: &'static str, value: impl AsRef<str>) {
        let v = clean(value.as_ref());
        if !v.is_empty() {
            self.fields.push((key, v));
        }
    }

    /// The first value of `key`.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v.as_str())
    }

    /// The canonical text (what the ledger entry keeps and the seal's hash covers).
    pub fn text(&self) -> String {
        let mut out = format!("{} {}", self.kind.code(), self.number);
        for (k, v) in &self.fields {
            out.push_str("; ");
            out.push_str(k);
            out.push('=');
            out.push_str(v);
        }
        out
    }

    /// Reads the canonical text back; `None` when it is not an extract's.
    pub fn parse(text: &str) -> Option<ExtractFacts> {
        let mut parts = text.split("; ");
        let (kind, number) = parts.next()?.split_once(' ')?;
        let mut facts = ExtractFacts {
            kind: RecordKind::from_code(kind)?,
            number: number.to_string(),
            fields: Vec::new(),
        };
        for part in parts {
            let (k, v) = part.split_once('=')?;
            let key = KEYS.into_iter().find(|x| *x == k)?;
            facts.fields.push((key, v.to_string()));
        }
        Some(facts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_canonical_text_reads_back() {
        let f = ExtractFacts {
            kind: RecordKind::Marriage,
            number: "M-2005-00007".into(),
            fields: vec![
                ("spouse", "Gábor Kovács".into()),
                ("spouse", "Anna Mária Nagy".into()),
                ("birth_name", "Szabó".into()),
                ("marriage_date", "2005-08-20".into()),
            ],
        };
        let text = f.text();
        assert!(text.starts_with("marriage M-2005-00007; spouse=Gábor Kovács"));
        assert_eq!(ExtractFacts::parse(&text), Some(f));
        assert_eq!(ExtractFacts::parse("Kúpna zmluva"), None);
        assert_eq!(clean("a;\n b"), "a, b");
    }
}
