//! The civil registry: persons and their birth, marriage and death records, replicated
//! read-only from the office's server to every workstation; the search over them, a person's
//! card, the audit of every opened person, and extracts of records.
//!
//! The registry is its own sync stream (`registry`): a new workstation downloads a compact
//! snapshot in pages (resumable), then follows changes by cursor like the office stream.
//! See `docs/registry.md`.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

/// The sync stream that carries the civil registry.
pub const STREAM_REGISTRY: &str = "registry";
/// The change-feed kinds of the registry stream.
pub const KIND_PERSON: &str = "registry_person";
pub const KIND_RECORD: &str = "registry_record";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum RecordKind {
    Birth,
    Marriage,
    Death,
}

impl RecordKind {
    pub const ALL: [RecordKind; 3] = [RecordKind::Birth, RecordKind::Marriage, RecordKind::Death];

    pub fn code(self) -> &'static str {
        match self {
            RecordKind::Birth => "birth",
            RecordKind::Marriage => "marriage",
            RecordKind::Death => "death",
        }
    }

    pub fn from_code(code: &str) -> Option<RecordKind> {
        RecordKind::ALL.into_iter().find(|k| k.code() == code)
    }

    /// The letter that starts the kind's record numbers (`B-1987-00042`).
    pub fn letter(self) -> char {
        match self {
            RecordKind::Birth => 'B',
            RecordKind::Marriage => 'M',
            RecordKind::Death => 'D',
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[ts(export)]
pub enum Sex {
    #[serde(rename = "F")]
    Female,
    #[serde(rename = "M")]
    Male,
    /// Not recorded, or neither.
    #[serde(rename = "X")]
    #[default]
    Unspecified,
}

impl Sex {
    pub fn code(self) -> &'static str {
        match self {
            Sex::Female => "F",
            Sex::Male => "M",
            Sex::Unspecified => "X",
        }
    }

    pub fn from_code(code: &str) -> Option<Sex> {
        match code {
            "F" | "f" => Some(Sex::Female),
            "M" | "m" => Some(Sex::Male),
            "X" | "x" => Some(Sex::Unspecified),
            _ => None,
        }
    }
}

/// One person of the civil registry, as the server keeps it and the registry stream carries it.
/// Names are kept as written, with their diacritics, in Persian script where the office uses it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegistryPerson {
    pub id: Uuid,
    /// Given names, space-separated ("Anna Mária").
    pub given_names: String,
    /// The family name now.
    pub family_name: String,
    /// The family name at birth, when it differs (a maiden name).
    pub birth_family_name: Option<String>,
    pub sex: Sex,
    pub birth_date: Option<NaiveDate>,
    pub birth_place: String,
    pub death_date: Option<NaiveDate>,
    /// The parents, when they are in the registry.
    pub father_id: Option<Uuid>,
    pub mother_id: Option<Uuid>,
    /// The parents' names as the birth record gives them (also when they are not in the
    /// registry).
    pub father_name: Option<String>,
    pub mother_name: Option<String>,
}

/// A birth, marriage or death record, with where it stands in the registry books.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegistryRecord {
    pub id: Uuid,
    pub kind: RecordKind,
    /// The record number, unique in the office: `B-1987-00042`.
    pub number: String,
    /// The registry book, its volume and the page the record stands on.
    pub book: String,
    pub volume: String,
    pub page: i32,
    /// The date of the event (birth, wedding, death).
    pub date: NaiveDate,
    pub place: String,
    /// The person born or deceased, or the first spouse.
    pub person_id: Uuid,
    /// The second spouse (marriage records).
    pub partner_id: Option<Uuid>,
    pub note: Option<String>,
}

/// A page of the registry snapshot. Rows are positional arrays (see `docs/registry.md`), in
/// the order of their kind and id; `next` is where the following page starts (absent on the
/// last page).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SnapshotPage {
    pub persons: Vec<PersonRow>,
    pub records: Vec<RecordRow>,
    pub next: Option<String>,
}

/// Where a new workstation's snapshot starts: the stream cursor to follow from once every page
/// is in, and how many rows the snapshot holds (for progress).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SnapshotStart {
    pub cursor: String,
    pub persons: i64,
    pub records: i64,
}

/// A person as a snapshot row: `[id, given_names, family_name, birth_family_name, sex,
/// birth_date, birth_place, death_date, father_id, mother_id, father_name, mother_name]`.
#[allow(clippy::type_complexity)]
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PersonRow(
    pub Uuid,
    pub String,
    pub String,
    pub Option<String>,
    pub Sex,
    pub Option<NaiveDate>,
    pub String,
    pub Option<NaiveDate>,
    pub Option<Uuid>,
    pub Option<Uuid>,
    pub Option<String>,
    pub Option<String>,
);

/// A record as a snapshot row: `[id, kind, number, book, volume, page, date, place,
/// person_id, partner_id, note]`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RecordRow(
    pub Uuid,
    pub RecordKind,
    pub String,
    pub String,
    pub String,
    pub i32,
    pub NaiveDate,
    pub String,
    pub Uuid,
    pub Option<Uuid>,
    pub Option<String>,
);

impl From<PersonRow> for RegistryPerson {
    fn from(r: PersonRow) -> Self {
        RegistryPerson {
            id: r.0,
            given_names: r.1,
            family_name: r.2,
            birth_family_name: r.3,
            sex: r.4,
            birth_date: r.5,
            birth_place: r.6,
            death_date: r.7,
            father_id: r.8,
            mother_id: r.9,
            father_name: r.10,
            mother_name: r.11,
        }
    }
}

impl From<RecordRow> for RegistryRecord {
    fn from(r: RecordRow) -> Self {
        RegistryRecord {
            id: r.0,
            kind: r.1,
            number: r.2,
            book: r.3,
            volume: r.4,
            page: r.5,
            date: r.6,
            place: r.7,
            person_id: r.8,
            partner_id: r.9,
            note: r.10,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The workstation API

/// Where this workstation's copy of the registry stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum RegistryState {
    /// Enrolled, but the snapshot has not started (it starts with the next sync).
    Empty,
    /// The snapshot is coming down (resumable): see `done` and `total`.
    Downloading,
    /// Complete: searches cover the office's whole registry.
    Ready,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RegistryStatus {
    pub state: RegistryState,
    #[ts(type = "number")]
    pub persons: i64,
    #[ts(type = "number")]
    pub records: i64,
    /// Snapshot rows downloaded and of how many (while downloading).
    #[ts(type = "number")]
    pub done: i64,
    #[ts(type = "number")]
    pub total: i64,
    /// The last time a page of the registry came down.
    pub updated_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RegistrySearch {
    /// Names (any part, any order; diacritics and Persian letter forms do not matter), a birth
    /// date or partial date (`1987`, `3.1987`, `1987-03-12`, `12.3.1987`, or Persian
    /// `1366/1/5` in a Persian office), or a record number (`B-1987-00042`).
    pub text: String,
    /// Names of a parent (father or mother).
    pub parent: Option<String>,
    #[ts(type = "number | null")]
    pub limit: Option<u32>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PersonHit {
    pub id: Uuid,
    pub given_names: String,
    pub family_name: String,
    pub birth_family_name: Option<String>,
    pub sex: Sex,
    pub birth_date: Option<NaiveDate>,
    pub birth_place: String,
    pub death_date: Option<NaiveDate>,
    pub father_name: Option<String>,
    pub mother_name: Option<String>,
    /// The record whose number matched, when the search was by number.
    pub record_number: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RegistryHits {
    pub hits: Vec<PersonHit>,
    /// How many persons match, counted up to 1,000 (`capped` when there are more).
    #[ts(type = "number")]
    pub total: i64,
    pub capped: bool,
    /// How the text was read: the name parts, the date range, the record number.
    pub names: Vec<String>,
    pub born_from: Option<NaiveDate>,
    pub born_to: Option<NaiveDate>,
    pub record_number: Option<String>,
    pub state: RegistryState,
}

/// Opening a person's card is audited: it needs the case the look-up is for, or else a stated
/// purpose.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct OpenPersonRequest {
    pub person_id: Uuid,
    pub case_number: Option<String>,
    pub purpose: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PersonLink {
    pub id: Uuid,
    pub given_names: String,
    pub family_name: String,
    pub birth_date: Option<NaiveDate>,
    pub death_date: Option<NaiveDate>,
    /// father, mother, child, spouse, former_spouse
    pub relation: FamilyRelation,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum FamilyRelation {
    Father,
    Mother,
    Child,
    Spouse,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum MaritalStatus {
    Single,
    Married,
    Widowed,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RecordView {
    pub id: Uuid,
    pub kind: RecordKind,
    pub number: String,
    pub book: String,
    pub volume: String,
    pub page: i32,
    pub date: NaiveDate,
    pub place: String,
    pub person_id: Uuid,
    pub person_name: String,
    pub partner_id: Option<Uuid>,
    pub partner_name: Option<String>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PersonCard {
    pub person: PersonHit,
    pub marital_status: MaritalStatus,
    pub records: Vec<RecordView>,
    pub family: Vec<PersonLink>,
    /// The audit entry this opening left.
    pub audit_id: Uuid,
    /// What the look-up was for, as the audit keeps it.
    pub case_number: Option<String>,
    pub purpose: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum AuditAction {
    /// A person's card was opened.
    Open,
    /// An extract of one of the person's records was issued.
    Extract,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AuditEntryView {
    pub id: Uuid,
    pub at: DateTime<Utc>,
    pub action: AuditAction,
    pub staff_id: Uuid,
    pub staff_name: String,
    pub device_name: String,
    pub person_id: Uuid,
    pub person_name: String,
    pub person_birth_date: Option<NaiveDate>,
    pub case_number: Option<String>,
    pub purpose: Option<String>,
    pub record_number: Option<String>,
    pub pending_sync: bool,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AuditFilter {
    /// Office days, both included.
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub staff_id: Option<Uuid>,
    /// Part of the person's name (diacritics do not matter).
    pub person: Option<String>,
    pub offset: Option<u32>,
    pub limit: Option<u32>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AuditList {
    pub entries: Vec<AuditEntryView>,
    #[ts(type = "number")]
    pub total: i64,
}

/// An extract of a birth, marriage or death record: a numbered, sealed act of the
/// certification ledger.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ExtractRequest {
    pub record_id: Uuid,
    /// Who asks for it.
    pub party_name: String,
    pub case_number: Option<String>,
    pub purpose: Option<String>,
    pub copies: u32,
    /// The catalogue's service whose fee applies.
    pub service_id: Uuid,
}
