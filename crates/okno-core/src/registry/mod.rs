//! The civil registry on the workstation (docs/registry.md): the read-only replica of the
//! office's persons and records, its search index, the search itself, a person's card, and the
//! audit that every opened person leaves.
//!
//! - **Store**: rows arrive in pages (the snapshot, then the change feed) and are written with
//!   one statement per table and page: the page travels as a JSON text that SQLite unpacks
//!   itself (`json_each`), so a million persons do not cost a million round trips.
//! - **Index**: one key per folded name token and person (`reg_key`), carrying the person's
//!   folded sort name, so a prefix range lists exact words first and then longer ones, each
//!   alphabetically. A query drives with its rarest word and checks the others against the
//!   person's folded names in the same statement.
//! - **Extracts** (`extract.rs`): a record's facts issued as an act of the certification ledger.
//! - **Audit**: opening a person writes an append-only `registry_audit` row in the same
//!   transaction as the outbox command that carries it to the server.

pub mod extract;
pub use okno_rules::fold;
pub mod generate;
pub use okno_rules::registry_file as import;

use chrono::{Datelike, NaiveDate};
use okno_wire::commands::{self, Command};
use okno_wire::{
    AuditAction, AuditEntryView, AuditFilter, AuditList, FamilyRelation, FieldErrorCode,
    MaritalStatus, OpenPersonRequest, Permission, PersonCard, PersonHit, PersonLink, RecordKind,
    RecordView, RegistryHits, RegistryPerson, RegistryRecord, RegistrySearch, RegistryState,
    RegistryStatus, Sex,
};
use serde_json::{json, Value};
use sqlx::SqliteConnection;
use uuid::Uuid;

use crate::auth::Actor;
use crate::error::{CoreError, Result};
use crate::{clock, ids, outbox, Workstation};

pub use fold::{fold, tokens};

/// Setting: the snapshot being downloaded (JSON [`SnapshotProgress`]).
pub(crate) const KEY_SNAPSHOT: &str = "registry.snapshot";
/// Setting: when the last page of the registry arrived (epoch ms).
pub(crate) const KEY_UPDATED: &str = "registry.updated_at";
/// Setting: the registry is complete (a standalone desk's demo registry, or a finished
/// snapshot).
pub(crate) const KEY_READY: &str = "registry.ready";

/// Separates a key's token from the person's sort name (below every letter and digit).
const SEP: char = '\u{1f}';
/// Marks the keys of parents' name tokens.
const PARENT: char = '~';
/// Persons counted for a result's total, at most.
const COUNT_CAP: i64 = 1000;
/// Candidates read for ranking.
const CANDIDATES: i64 = 400;

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub(crate) struct SnapshotProgress {
    /// The stream cursor to follow from once the snapshot is complete.
    pub cursor: String,
    /// Where the next page starts (`None`: from the beginning).
    pub after: Option<String>,
    pub done: i64,
    pub total: i64,
}

// ---------------------------------------------------------------------------------------------
// Writing pages of the registry

fn dedup(mut t: Vec<String>) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    t.retain(|x| seen.insert(x.clone()));
    t
}

fn hay(tokens: &[String]) -> String {
    let mut s = String::from(" ");
    for t in tokens {
        s.push_str(t);
        s.push(' ');
    }
    s
}

/// What the replica keeps for searching a person, each name folded once: the folded name
/// words (`hay`) and parents' name words (`phay`), the search keys, and what every key carries
/// beside it — the folded words of a family name at birth that the sort name lacks, and the
/// birth date (YYYYMMDD).
struct PersonIndex {
    hay: String,
    phay: String,
    keys: Vec<String>,
    extra: Option<String>,
    born: Option<i64>,
}

fn index_of(p: &RegistryPerson) -> PersonIndex {
    let given = tokens(&p.given_names);
    let family = tokens(&p.family_name);
    let maiden = p
        .birth_family_name
        .as_deref()
        .map(tokens)
        .unwrap_or_default();
    let mut sort = family.clone();
    sort.extend(given.iter().cloned());
    let extra: Vec<String> = maiden
        .iter()
        .filter(|t| !sort.contains(t))
        .cloned()
        .collect();
    let mut names = given;
    names.extend(family);
    names.extend(maiden);
    let names = dedup(names);
    let mut parents = Vec::new();
    for n in [&p.father_name, &p.mother_name].into_iter().flatten() {
        parents.extend(tokens(n));
    }
    let parents = dedup(parents);
    let sorted = hay(&sort);
    let mut keys: Vec<String> = names.iter().map(|t| format!("{t}{SEP}{sorted}")).collect();
    keys.extend(parents.iter().map(|t| format!("{PARENT}{t}{SEP}{sorted}")));
    PersonIndex {
        hay: hay(&names),
        phay: hay(&parents),
        keys,
        extra: (!extra.is_empty()).then(|| hay(&extra)),
        born: p.birth_date.map(born_key),
    }
}

/// A date as the keys carry it.
fn born_key(d: NaiveDate) -> i64 {
    i64::from(d.year()) * 10_000 + i64::from(d.month()) * 100 + i64::from(d.day())
}

/// How keys of a page are written: straight into the index (following the feed), or appended
/// to the stage that the snapshot's end sorts into the index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum KeyMode {
    Index,
    Stage,
}

/// A stored person's pid, id and the names its keys came from.
type OldNames = (
    i64,
    Uuid,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
);

/// A family link: relation, id, names, birth and death dates.
type LinkRow = (
    String,
    Uuid,
    String,
    String,
    Option<NaiveDate>,
    Option<NaiveDate>,
);

/// Writes persons (inserted, or updated in place when their id is known) with their keys.
pub(crate) async fn put_persons(
    conn: &mut SqliteConnection,
    persons: &[RegistryPerson],
    mode: KeyMode,
) -> Result<()> {
    if persons.is_empty() {
        return Ok(());
    }
    if mode == KeyMode::Index {
        // The keys of the versions being replaced go first.
        let ids: Vec<String> = persons.iter().map(|p| p.id.to_string()).collect();
        let old: Option<String> = sqlx::query_scalar(
            "SELECT json_group_array(json_array(pid, id, given_names, family_name, birth_family_name,
                    father_name, mother_name))
               FROM reg_person WHERE id IN (SELECT value FROM json_each(?))",
        )
        .bind(serde_json::to_string(&ids).unwrap_or_default())
        .fetch_one(&mut *conn)
        .await?;
        let old: Vec<OldNames> = serde_json::from_str(old.as_deref().unwrap_or("[]"))
            .map_err(|e| CoreError::Internal(format!("reading old persons: {e}")))?;
        let mut gone = Vec::new();
        for (pid, id, given, family, birth_family, father, mother) in old {
            let p = RegistryPerson {
                id,
                given_names: given,
                family_name: family,
                birth_family_name: birth_family,
                sex: Sex::Unspecified,
                birth_date: None,
                birth_place: String::new(),
                death_date: None,
                father_id: None,
                mother_id: None,
                father_name: father,
                mother_name: mother,
            };
            gone.extend(index_of(&p).keys.into_iter().map(|k| json!([k, pid])));
        }
        if !gone.is_empty() {
            sqlx::query(
                "DELETE FROM reg_key WHERE (k, pid) IN (SELECT value->>0, value->>1 FROM json_each(?))",
            )
            .bind(Value::Array(gone).to_string())
            .execute(&mut *conn)
            .await?;
        }
    }
    // A snapshot's persons are new: they get their row numbers here, so their keys need no
    // look-up; the feed's may replace stored ones (which keep theirs).
    let first_pid: i64 = match mode {
        KeyMode::Stage => {
            sqlx::query_scalar::<_, i64>("SELECT coalesce(max(pid), 0) + 1 FROM reg_person")
                .fetch_one(&mut *conn)
                .await?
        }
        KeyMode::Index => 0,
    };
    let mut rows = Vec::with_capacity(persons.len());
    let mut key_rows = Vec::with_capacity(persons.len() * 5);
    for (i, p) in persons.iter().enumerate() {
        let ix = index_of(p);
        let who = match mode {
            KeyMode::Stage => Who::Pid(first_pid + i as i64),
            KeyMode::Index => Who::Id(p.id),
        };
        for k in ix.keys {
            key_rows.push((k, who, ix.extra.clone(), ix.born));
        }
        rows.push((
            p.id,
            p.given_names.as_str(),
            p.family_name.as_str(),
            p.birth_family_name.as_deref(),
            p.sex.code(),
            p.birth_date,
            p.birth_place.as_str(),
            p.death_date,
            p.father_id,
            p.mother_id,
            p.father_name.as_deref(),
            p.mother_name.as_deref(),
            ix.hay,
            ix.phay,
            who,
        ));
    }
    let rows = to_json(&rows)?;
    let key_rows = to_json(&key_rows)?;
    let columns = "id, given_names, family_name, birth_family_name, sex, birth_date, birth_place,
                   death_date, father_id, mother_id, father_name, mother_name, hay, phay";
    let values = "value->>0, value->>1, value->>2, value->>3, value->>4, value->>5, value->>6,
                  value->>7, value->>8, value->>9, value->>10, value->>11, value->>12, value->>13";
    let sql = match mode {
        KeyMode::Stage => format!(
            "INSERT INTO reg_person (pid, {columns}) SELECT value->>14, {values} FROM json_each(?)"
        ),
        KeyMode::Index => format!(
            "INSERT INTO reg_person ({columns}) SELECT {values} FROM json_each(?) WHERE true
             ON CONFLICT (id) DO UPDATE SET
                given_names = excluded.given_names, family_name = excluded.family_name,
                birth_family_name = excluded.birth_family_name, sex = excluded.sex,
                birth_date = excluded.birth_date, birth_place = excluded.birth_place,
                death_date = excluded.death_date, father_id = excluded.father_id,
                mother_id = excluded.mother_id, father_name = excluded.father_name,
                mother_name = excluded.mother_name, hay = excluded.hay, phay = excluded.phay"
        ),
    };
    sqlx::query(&sql).bind(rows).execute(&mut *conn).await?;
    let sql = match mode {
        KeyMode::Stage => {
            "INSERT INTO reg_key_stage (k, pid, extra, born)
             SELECT value->>0, value->>1, value->>2, value->>3 FROM json_each(?)"
        }
        KeyMode::Index => {
            "INSERT INTO reg_key (k, pid, extra, born)
             SELECT value->>0, (SELECT pid FROM reg_person WHERE id = value->>1), value->>2,
                    value->>3 FROM json_each(?) WHERE true
             ON CONFLICT (k, pid) DO UPDATE SET extra = excluded.extra, born = excluded.born"
        }
    };
    sqlx::query(sql).bind(key_rows).execute(&mut *conn).await?;
    Ok(())
}

/// Whose key a key row is: a snapshot's person by the row number it was given, or the feed's
/// by id.
#[derive(Debug, Clone, Copy, serde::Serialize)]
#[serde(untagged)]
enum Who {
    Pid(i64),
    Id(Uuid),
}

/// A page's rows as the JSON text that SQLite unpacks (`json_each`).
fn to_json<T: serde::Serialize>(rows: &T) -> Result<String> {
    serde_json::to_string(rows).map_err(|e| CoreError::Internal(format!("writing a page: {e}")))
}

/// Writes records (inserted, or updated in place when their id is known).
pub(crate) async fn put_records(
    conn: &mut SqliteConnection,
    records: &[RegistryRecord],
) -> Result<()> {
    if records.is_empty() {
        return Ok(());
    }
    let rows: Vec<_> = records
        .iter()
        .map(|r| {
            (
                r.id,
                r.kind.code(),
                fold::record_number(&r.number),
                r.book.as_str(),
                r.volume.as_str(),
                r.page,
                r.date,
                r.place.as_str(),
                r.person_id,
                r.partner_id,
                r.note.as_deref(),
            )
        })
        .collect();
    let rows = to_json(&rows)?;
    sqlx::query(
        "INSERT INTO reg_record (id, kind, number, book, volume, page, date, place, person_id,
                partner_id, note)
         SELECT value->>0, value->>1, value->>2, value->>3, value->>4, value->>5, value->>6,
                value->>7, value->>8, value->>9, value->>10
           FROM json_each(?) WHERE true
         ON CONFLICT (id) DO UPDATE SET
                kind = excluded.kind, number = excluded.number, book = excluded.book,
                volume = excluded.volume, page = excluded.page, date = excluded.date,
                place = excluded.place, person_id = excluded.person_id,
                partner_id = excluded.partner_id, note = excluded.note",
    )
    .bind(rows)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The secondary indexes of the replica (as in migrations/local/0006_registry.sql): dropped
/// while a snapshot comes down, built once at its end.
const BULK_INDEXES: [(&str, &str); 6] = [
    ("reg_person_birth", "reg_person(birth_date)"),
    (
        "reg_person_father",
        "reg_person(father_id) WHERE father_id IS NOT NULL",
    ),
    (
        "reg_person_mother",
        "reg_person(mother_id) WHERE mother_id IS NOT NULL",
    ),
    ("reg_record_number", "reg_record(number)"),
    ("reg_record_person", "reg_record(person_id)"),
    (
        "reg_record_partner",
        "reg_record(partner_id) WHERE partner_id IS NOT NULL",
    ),
];

/// Empties the replica for a new snapshot (its secondary indexes go until the snapshot ends).
pub(crate) async fn clear(conn: &mut SqliteConnection) -> Result<()> {
    for t in ["reg_key", "reg_key_stage", "reg_record", "reg_person"] {
        sqlx::query(&format!("DELETE FROM {t}"))
            .execute(&mut *conn)
            .await?;
    }
    for (name, _) in BULK_INDEXES {
        sqlx::query(&format!("DROP INDEX IF EXISTS {name}"))
            .execute(&mut *conn)
            .await?;
    }
    sqlx::query("DELETE FROM setting WHERE key IN (?, ?)")
        .bind(KEY_READY)
        .bind(KEY_SNAPSHOT)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// The snapshot's last step: sorts the staged keys into the index and builds the secondary
/// indexes.
pub(crate) async fn finish_keys(conn: &mut SqliteConnection) -> Result<()> {
    sqlx::query(
        "INSERT OR IGNORE INTO reg_key (k, pid, extra, born)
         SELECT k, pid, extra, born FROM reg_key_stage ORDER BY k, pid",
    )
    .execute(&mut *conn)
    .await?;
    sqlx::query("DELETE FROM reg_key_stage")
        .execute(&mut *conn)
        .await?;
    for (name, on) in BULK_INDEXES {
        sqlx::query(&format!("CREATE INDEX IF NOT EXISTS {name} ON {on}"))
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Loads a whole registry into an empty replica in one transaction (the demo's and tests'
/// registry, and benchmarks): the same writes as the snapshot, in pages.
pub async fn load(
    ws: &Workstation,
    persons: &[RegistryPerson],
    records: &[RegistryRecord],
) -> Result<()> {
    bulk_cache(&mut *ws.store.writer.acquire().await?, true).await?;
    let mut tx = ws.store.writer.begin().await?;
    clear(&mut tx).await?;
    for page in persons.chunks(5000) {
        put_persons(&mut tx, page, KeyMode::Stage).await?;
    }
    for page in records.chunks(5000) {
        put_records(&mut tx, page).await?;
    }
    finish_keys(&mut tx).await?;
    crate::sync::set_setting(&mut tx, KEY_READY, "1").await?;
    let now = ws.now_ms().to_string();
    crate::sync::set_setting(&mut tx, KEY_UPDATED, &now).await?;
    tx.commit().await?;
    bulk_cache(&mut *ws.store.writer.acquire().await?, false).await?;
    Ok(())
}

/// A larger page cache for the writer while a registry comes in (the indexes being built
/// stay in memory), and the usual one after. While in bulk, sorts spill to temporary files
/// instead of memory: the snapshot's last step sorts every key and builds the secondary
/// indexes, which would otherwise hold the whole registry's keys in memory at once. Outside a
/// transaction (SQLite does not change where temporary data goes within one).
pub(crate) async fn bulk_cache(conn: &mut SqliteConnection, bulk: bool) -> Result<()> {
    let (kib, temp) = if bulk {
        (131_072, "FILE")
    } else {
        (crate::store::CACHE_KIB, "MEMORY")
    };
    sqlx::query(&format!("PRAGMA cache_size = -{kib}"))
        .execute(&mut *conn)
        .await?;
    sqlx::query(&format!("PRAGMA temp_store = {temp}"))
        .execute(&mut *conn)
        .await?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Reading the query

/// A query as the search reads it.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Query {
    pub names: Vec<String>,
    pub parents: Vec<String>,
    pub born_from: Option<NaiveDate>,
    pub born_to: Option<NaiveDate>,
    pub record_number: Option<String>,
}

/// Persian (solar Hijri) date → Gregorian, `None` for a day the year does not have.
pub fn from_persian(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    use crate::documents::calendar::to_persian;
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

fn persian_year_end(y: i32) -> Option<NaiveDate> {
    from_persian(y + 1, 1, 1).and_then(|d| d.pred_opt())
}

/// A date or partial date typed in the box, as a range of days. A year from 1200 to 1599 is a
/// Persian year (no one in the registry was born then by the Gregorian count).
fn date_range(tok: &str) -> Option<(NaiveDate, NaiveDate)> {
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
fn upper(prefix: &str) -> String {
    format!("{prefix}\u{10FFFF}")
}

// ---------------------------------------------------------------------------------------------
// Searching

const HIT_COLUMNS: &str = "json_array(p.id, p.given_names, p.family_name, p.birth_family_name,
    p.sex, p.birth_date, p.birth_place, p.death_date, p.father_name, p.mother_name)";

type HitRow = (
    Uuid,
    String,
    String,
    Option<String>,
    String,
    Option<NaiveDate>,
    String,
    Option<NaiveDate>,
    Option<String>,
    Option<String>,
);

fn hit(r: HitRow, record_number: Option<String>) -> PersonHit {
    PersonHit {
        id: r.0,
        given_names: r.1,
        family_name: r.2,
        birth_family_name: r.3,
        sex: Sex::from_code(&r.4).unwrap_or(Sex::Unspecified),
        birth_date: r.5,
        birth_place: r.6,
        death_date: r.7,
        father_name: r.8,
        mother_name: r.9,
        record_number,
    }
}

fn parse_json<T: serde::de::DeserializeOwned>(text: Option<String>) -> Result<T> {
    serde_json::from_str(text.as_deref().unwrap_or("[]"))
        .map_err(|e| CoreError::Internal(format!("reading the registry: {e}")))
}

async fn hits_by_pid(conn: &mut SqliteConnection, pids: &[i64]) -> Result<Vec<PersonHit>> {
    let text: Option<String> = sqlx::query_scalar(&format!(
        "SELECT json_group_array(json_array(p.pid, {HIT_COLUMNS}))
           FROM reg_person p WHERE p.pid IN (SELECT value FROM json_each(?))"
    ))
    .bind(serde_json::to_string(pids).unwrap_or_default())
    .fetch_one(&mut *conn)
    .await?;
    let rows: Vec<(i64, HitRow)> = parse_json(text)?;
    let mut by: std::collections::HashMap<i64, HitRow> = rows.into_iter().collect();
    Ok(pids
        .iter()
        .filter_map(|p| by.remove(p))
        .map(|r| hit(r, None))
        .collect())
}

/// Runs a parsed query against the replica (read-only).
pub async fn search_in(
    conn: &mut SqliteConnection,
    q: &Query,
    limit: usize,
) -> Result<(Vec<PersonHit>, i64, bool)> {
    if let Some(number) = &q.record_number {
        let text: Option<String> = sqlx::query_scalar(&format!(
            "SELECT json_group_array(json_array(r.number, {HIT_COLUMNS})) FROM (
                SELECT number, person_id, partner_id FROM reg_record
                 WHERE number >= ? AND number < ? ORDER BY number LIMIT ?) r
               JOIN reg_person p ON p.id = r.person_id OR p.id = r.partner_id"
        ))
        .bind(number)
        .bind(upper(number))
        .bind(limit as i64)
        .fetch_one(&mut *conn)
        .await?;
        let rows: Vec<(String, HitRow)> = parse_json(text)?;
        let mut hits: Vec<PersonHit> = rows.into_iter().map(|(n, r)| hit(r, Some(n))).collect();
        hits.sort_by(|a, b| a.record_number.cmp(&b.record_number));
        let total = hits.len() as i64;
        hits.truncate(limit);
        return Ok((hits, total, false));
    }
    let mut words: Vec<(String, bool)> = q.names.iter().map(|n| (n.clone(), false)).collect();
    words.extend(q.parents.iter().map(|n| (n.clone(), true)));
    if words.is_empty() {
        let (Some(from), Some(to)) = (q.born_from, q.born_to) else {
            return Ok((Vec::new(), 0, false));
        };
        let text: Option<String> = sqlx::query_scalar(
            "SELECT json_group_array(pid) FROM (SELECT pid FROM reg_person
              WHERE birth_date >= ? AND birth_date <= ? ORDER BY birth_date, family_name LIMIT ?)",
        )
        .bind(from.to_string())
        .bind(to.to_string())
        .bind(limit as i64)
        .fetch_one(&mut *conn)
        .await?;
        let pids: Vec<i64> = parse_json(text)?;
        let total: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM (SELECT 1 FROM reg_person WHERE birth_date >= ? AND birth_date <= ? LIMIT ?)",
        )
        .bind(from.to_string())
        .bind(to.to_string())
        .bind(COUNT_CAP + 1)
        .fetch_one(&mut *conn)
        .await?;
        let hits = hits_by_pid(conn, &pids).await?;
        return Ok((hits, total.min(COUNT_CAP), total > COUNT_CAP));
    }
    let key = |(w, parent): &(String, bool)| {
        if *parent {
            format!("{PARENT}{w}")
        } else {
            w.clone()
        }
    };
    // Drive with the rarest word (counted up to a bound, cheaply, in the index).
    let mut driver = 0;
    if words.len() > 1 {
        let mut best = i64::MAX;
        for (i, w) in words.iter().enumerate() {
            let k = key(w);
            let n: i64 = sqlx::query_scalar(
                "SELECT count(*) FROM (SELECT 1 FROM reg_key WHERE k >= ? AND k < ? LIMIT 3000)",
            )
            .bind(&k)
            .bind(upper(&k))
            .fetch_one(&mut *conn)
            .await?;
            if n < best {
                best = n;
                driver = i;
            }
        }
    }
    let dk = key(&words[driver]);
    // The further words and the dates are checked in the index alone (the key holds the
    // person's sort name, its entry their maiden name and birth date); only a further parent's
    // word needs the person's row.
    let needs_person = words
        .iter()
        .enumerate()
        .any(|(i, (_, parent))| i != driver && *parent);
    let mut filter = String::new();
    let mut binds: Vec<Value> = Vec::new();
    for (i, (w, parent)) in words.iter().enumerate() {
        if i == driver {
            continue;
        }
        if *parent {
            filter.push_str(" AND instr(p.phay, ?) > 0");
            binds.push(json!(format!(" {w}")));
        } else {
            filter.push_str(" AND (instr(k.k, ?) > 0 OR instr(k.extra, ?) > 0)");
            binds.push(json!(format!(" {w}")));
            binds.push(json!(format!(" {w}")));
        }
    }
    if let (Some(from), Some(to)) = (q.born_from, q.born_to) {
        filter.push_str(" AND k.born >= ? AND k.born <= ?");
        binds.push(json!(born_key(from)));
        binds.push(json!(born_key(to)));
    }
    let join = if needs_person {
        "JOIN reg_person p ON p.pid = k.pid"
    } else {
        ""
    };
    let from_where = format!("FROM reg_key k {join} WHERE k.k >= ? AND k.k < ?{filter}");
    macro_rules! bound {
        ($sql:expr) => {{
            let mut query = sqlx::query_scalar::<_, Option<String>>($sql)
                .bind(dk.clone())
                .bind(upper(&dk));
            for b in &binds {
                query = match b {
                    Value::Number(n) => query.bind(n.as_i64()),
                    other => query.bind(other.as_str().map(str::to_owned)),
                };
            }
            query
        }};
    }
    let sql = format!(
        "SELECT json_group_array(json_array(pid, k, extra)) FROM (SELECT k.pid, k.k, k.extra {from_where} LIMIT ?)"
    );
    let text = bound!(&sql).bind(CANDIDATES).fetch_one(&mut *conn).await?;
    let rows: Vec<(i64, String, Option<String>)> = parse_json(text)?;
    let exhausted = (rows.len() as i64) < CANDIDATES;
    // Rank: words matched whole before words matched by their beginning; then the index's
    // (alphabetical) order.
    let mut seen = std::collections::HashSet::new();
    let mut ranked: Vec<(usize, usize, i64)> = Vec::new();
    for (pos, (pid, k, extra)) in rows.into_iter().enumerate() {
        if !seen.insert(pid) {
            continue;
        }
        let (token, sorted) = k.split_once(SEP).unwrap_or((k.as_str(), ""));
        let whole = words
            .iter()
            .filter(|(w, parent)| {
                if *parent {
                    token.strip_prefix(PARENT) == Some(w.as_str())
                } else {
                    let w = format!(" {w} ");
                    sorted.contains(&w) || extra.as_deref().is_some_and(|e| e.contains(&w))
                }
            })
            .count();
        ranked.push((usize::MAX - whole, pos, pid));
    }
    ranked.sort();
    let total = if exhausted {
        ranked.len() as i64
    } else {
        let sql = format!(
            "SELECT CAST(count(DISTINCT pid) AS TEXT) FROM (SELECT k.pid {from_where} LIMIT ?)"
        );
        let counted = bound!(&sql)
            .bind(COUNT_CAP + 1)
            .fetch_one(&mut *conn)
            .await?;
        counted.and_then(|c| c.parse().ok()).unwrap_or(0)
    };
    let pids: Vec<i64> = ranked.iter().take(limit).map(|r| r.2).collect();
    let hits = hits_by_pid(conn, &pids).await?;
    Ok((hits, total.min(COUNT_CAP), total > COUNT_CAP))
}

async fn state_in(conn: &mut SqliteConnection) -> Result<RegistryState> {
    if crate::sync::setting(conn, KEY_READY).await?.is_some() {
        return Ok(RegistryState::Ready);
    }
    if crate::sync::setting(conn, KEY_SNAPSHOT).await?.is_some() {
        return Ok(RegistryState::Downloading);
    }
    Ok(RegistryState::Empty)
}

// ---------------------------------------------------------------------------------------------
// The person's card

type CardRow = (
    Uuid,
    String,
    String,
    Option<String>,
    String,
    Option<NaiveDate>,
    String,
    Option<NaiveDate>,
    Option<String>,
    Option<String>,
    Option<Uuid>,
    Option<Uuid>,
);

async fn card_in(
    conn: &mut SqliteConnection,
    id: Uuid,
) -> Result<Option<(PersonHit, MaritalStatus, Vec<RecordView>, Vec<PersonLink>)>> {
    let id_s = id.to_string();
    let text: Option<String> = sqlx::query_scalar(
        "SELECT json_array(p.id, p.given_names, p.family_name, p.birth_family_name, p.sex,
                p.birth_date, p.birth_place, p.death_date, p.father_name, p.mother_name,
                p.father_id, p.mother_id)
           FROM reg_person p WHERE p.id = ?",
    )
    .bind(&id_s)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(text) = text else {
        return Ok(None);
    };
    let r: CardRow = parse_json(Some(text))?;
    let (father_id, mother_id) = (r.10, r.11);
    let person = hit((r.0, r.1, r.2, r.3, r.4, r.5, r.6, r.7, r.8, r.9), None);
    // Records the person is in, with the other party's name.
    let text: Option<String> = sqlx::query_scalar(
        "SELECT json_group_array(json_array(r.id, r.kind, r.number, r.book, r.volume, r.page,
                r.date, r.place, r.person_id, a.given_names || ' ' || a.family_name,
                r.partner_id, b.given_names || ' ' || b.family_name, r.note))
           FROM reg_record r
           LEFT JOIN reg_person a ON a.id = r.person_id
           LEFT JOIN reg_person b ON b.id = r.partner_id
          WHERE r.person_id = ?1 OR r.partner_id = ?1",
    )
    .bind(&id_s)
    .fetch_one(&mut *conn)
    .await?;
    #[allow(clippy::type_complexity)]
    let rows: Vec<(
        Uuid,
        String,
        String,
        String,
        String,
        i32,
        NaiveDate,
        String,
        Uuid,
        Option<String>,
        Option<Uuid>,
        Option<String>,
        Option<String>,
    )> = parse_json(text)?;
    let mut records: Vec<RecordView> = rows
        .into_iter()
        .map(|r| RecordView {
            id: r.0,
            kind: RecordKind::from_code(&r.1).unwrap_or(RecordKind::Birth),
            number: r.2,
            book: r.3,
            volume: r.4,
            page: r.5,
            date: r.6,
            place: r.7,
            person_id: r.8,
            person_name: r.9.unwrap_or_default(),
            partner_id: r.10,
            partner_name: r.11,
            note: r.12,
        })
        .collect();
    records.sort_by(|a, b| a.date.cmp(&b.date).then(a.kind.cmp(&b.kind)));
    // Family: parents, children, spouses.
    let spouses: Vec<String> = records
        .iter()
        .filter(|r| r.kind == RecordKind::Marriage)
        .filter_map(|r| {
            if r.person_id == id {
                r.partner_id
            } else {
                Some(r.person_id)
            }
        })
        .map(|s| s.to_string())
        .collect();
    let text: Option<String> = sqlx::query_scalar(
        "SELECT json_group_array(json_array(rel, id, given_names, family_name, birth_date, death_date)) FROM (
            SELECT 'father' AS rel, id, given_names, family_name, birth_date, death_date, 0 AS o FROM reg_person WHERE id = ?1
            UNION ALL SELECT 'mother', id, given_names, family_name, birth_date, death_date, 1 FROM reg_person WHERE id = ?2
            UNION ALL SELECT 'spouse', id, given_names, family_name, birth_date, death_date, 2 FROM reg_person
                       WHERE id IN (SELECT value FROM json_each(?3))
            UNION ALL SELECT 'child', id, given_names, family_name, birth_date, death_date, 3 FROM reg_person
                       WHERE father_id = ?4
            UNION ALL SELECT 'child', id, given_names, family_name, birth_date, death_date, 3 FROM reg_person
                       WHERE mother_id = ?4 AND father_id IS NOT ?4
            ORDER BY o, birth_date)",
    )
    .bind(father_id.map(|f| f.to_string()))
    .bind(mother_id.map(|f| f.to_string()))
    .bind(serde_json::to_string(&spouses).unwrap_or_default())
    .bind(&id_s)
    .fetch_one(&mut *conn)
    .await?;
    let rows: Vec<LinkRow> = parse_json(text)?;
    let family: Vec<PersonLink> = rows
        .into_iter()
        .map(|r| PersonLink {
            relation: match r.0.as_str() {
                "father" => FamilyRelation::Father,
                "mother" => FamilyRelation::Mother,
                "spouse" => FamilyRelation::Spouse,
                _ => FamilyRelation::Child,
            },
            id: r.1,
            given_names: r.2,
            family_name: r.3,
            birth_date: r.4,
            death_date: r.5,
        })
        .collect();
    // Marital status from the last marriage: widowed when that spouse has died.
    let last_marriage = records
        .iter()
        .filter(|r| r.kind == RecordKind::Marriage)
        .max_by_key(|r| r.date);
    let marital = match last_marriage {
        None => MaritalStatus::Single,
        Some(m) => {
            let spouse = if m.person_id == id {
                m.partner_id
            } else {
                Some(m.person_id)
            };
            let dead = family
                .iter()
                .any(|f| Some(f.id) == spouse && f.death_date.is_some());
            if dead {
                MaritalStatus::Widowed
            } else {
                MaritalStatus::Married
            }
        }
    };
    Ok(Some((person, marital, records, family)))
}

// ---------------------------------------------------------------------------------------------
// The workstation API

/// A stated purpose: at least this many characters.
const PURPOSE_MIN: usize = 5;
const PURPOSE_MAX: usize = 300;

/// Why a person is looked up, as the audit keeps it: an existing case, or a stated purpose.
pub(crate) struct Reason {
    pub case_id: Option<String>,
    pub case_number: Option<String>,
    pub purpose: Option<String>,
}

pub(crate) async fn check_reason(
    conn: &mut SqliteConnection,
    case_number: Option<&str>,
    purpose: Option<&str>,
) -> Result<Reason> {
    let case_number = case_number
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(fold::ascii_digits);
    let purpose = purpose.map(str::trim).filter(|s| !s.is_empty());
    let mut reason = Reason {
        case_id: None,
        case_number: None,
        purpose: None,
    };
    if let Some(n) = case_number {
        let id: Option<String> = sqlx::query_scalar("SELECT id FROM case_file WHERE number = ?")
            .bind(&n)
            .fetch_optional(&mut *conn)
            .await?;
        let id = id.ok_or_else(|| CoreError::field("case_number", FieldErrorCode::UnknownCase))?;
        reason.case_id = Some(id);
        reason.case_number = Some(n);
    }
    if let Some(p) = purpose {
        let n = p.chars().count();
        if n < PURPOSE_MIN {
            return Err(CoreError::Validation(vec![okno_wire::FieldError {
                field: "purpose".into(),
                code: FieldErrorCode::TooShort,
                limit: Some(PURPOSE_MIN as i64),
            }]));
        }
        if n > PURPOSE_MAX {
            return Err(CoreError::Validation(vec![okno_wire::FieldError {
                field: "purpose".into(),
                code: FieldErrorCode::TooLong,
                limit: Some(PURPOSE_MAX as i64),
            }]));
        }
        reason.purpose = Some(p.to_string());
    }
    if reason.case_id.is_none() && reason.purpose.is_none() {
        return Err(CoreError::field("purpose", FieldErrorCode::Required));
    }
    Ok(reason)
}

/// Writes one audit entry (and the command that carries it to the server) in `tx`.
pub(crate) async fn audit_in(
    tx: &mut SqliteConnection,
    actor: &Actor,
    now_ms: i64,
    action: AuditAction,
    person: &PersonHit,
    reason: &Reason,
    record_number: Option<&str>,
) -> Result<Uuid> {
    let id = ids::new_id();
    let id_s = id.to_string();
    let device = crate::sync::setting(&mut *tx, crate::sync::KEY_DEVICE_NAME)
        .await?
        .unwrap_or_else(|| "standalone".into());
    let name = format!("{} {}", person.given_names, person.family_name);
    let key = hay(&tokens(&name));
    sqlx::query(
        "INSERT INTO registry_audit (id, at, action, staff_id, device_name, person_id, person_name,
                person_key, person_birth_date, case_id, case_number, purpose, record_number)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(&id_s)
    .bind(now_ms)
    .bind(crate::cases::code_of(&action))
    .bind(actor.staff_id.to_string())
    .bind(&device)
    .bind(person.id.to_string())
    .bind(&name)
    .bind(&key)
    .bind(person.birth_date.map(|d| d.to_string()))
    .bind(&reason.case_id)
    .bind(&reason.case_number)
    .bind(&reason.purpose)
    .bind(record_number)
    .execute(&mut *tx)
    .await?;
    outbox::append(
        &mut *tx,
        Command::RegistryAudit(commands::SaveRows {
            id: id_s.to_string(),
            rows: Vec::new(),
        }),
        Some(actor.staff_id),
        now_ms,
        outbox::Effects {
            entity_id: Some(&id_s),
            rows: &[("registry_audit", &id_s)],
        },
    )
    .await?;
    Ok(id)
}

impl Workstation {
    pub async fn registry_status(&self, actor: &Actor) -> Result<RegistryStatus> {
        actor.require(Permission::LookupRegistry)?;
        self.registry_status_any().await
    }

    /// The registry's state without a signed-in user (a new workstation shows its first
    /// download's progress before anyone can sign in).
    pub async fn registry_status_any(&self) -> Result<RegistryStatus> {
        let mut conn = self.store.reader.acquire().await?;
        let state = state_in(&mut conn).await?;
        let (persons, records): (i64, i64) = sqlx::query_as(
            "SELECT (SELECT count(*) FROM reg_person), (SELECT count(*) FROM reg_record)",
        )
        .fetch_one(&mut *conn)
        .await?;
        let progress: Option<SnapshotProgress> = crate::sync::setting(&mut conn, KEY_SNAPSHOT)
            .await?
            .and_then(|s| serde_json::from_str(&s).ok());
        let updated = crate::sync::setting(&mut conn, KEY_UPDATED)
            .await?
            .and_then(|s| s.parse::<i64>().ok())
            .map(clock::from_millis);
        Ok(RegistryStatus {
            state,
            persons,
            records,
            done: progress.as_ref().map_or(persons + records, |p| p.done),
            total: progress.as_ref().map_or(persons + records, |p| p.total),
            updated_at: updated,
        })
    }

    /// Search as you type: by names (any part, diacritic-insensitive), birth date or partial
    /// date, parents' names, or record number. Reads only; not audited (opening a card is).
    pub async fn search_registry(
        &self,
        actor: &Actor,
        req: RegistrySearch,
    ) -> Result<RegistryHits> {
        actor.require(Permission::LookupRegistry)?;
        if req.text.chars().count() > 200
            || req
                .parent
                .as_deref()
                .is_some_and(|p| p.chars().count() > 200)
        {
            return Err(CoreError::Validation(vec![okno_wire::FieldError {
                field: "text".into(),
                code: FieldErrorCode::TooLong,
                limit: Some(200),
            }]));
        }
        let limit = req.limit.unwrap_or(50).clamp(1, 200) as usize;
        let q = parse_query(&req.text, req.parent.as_deref());
        let mut conn = self.store.reader.acquire().await?;
        let state = state_in(&mut conn).await?;
        let (hits, total, capped) = search_in(&mut conn, &q, limit).await?;
        Ok(RegistryHits {
            hits,
            total,
            capped,
            names: q.names,
            born_from: q.born_from,
            born_to: q.born_to,
            record_number: q.record_number,
            state,
        })
    }

    /// Opens a person's card: refused without an existing case or a stated purpose; otherwise
    /// the audit entry is written (and queued for the server) before anything is shown.
    pub async fn open_person(&self, actor: &Actor, req: OpenPersonRequest) -> Result<PersonCard> {
        actor.require(Permission::LookupRegistry)?;
        let now_ms = self.now_ms();
        let mut tx = self.store.writer.begin().await?;
        let reason =
            check_reason(&mut tx, req.case_number.as_deref(), req.purpose.as_deref()).await?;
        let (person, marital_status, records, family) = card_in(&mut tx, req.person_id)
            .await?
            .ok_or(CoreError::NotFound("person"))?;
        let audit_id = audit_in(
            &mut tx,
            actor,
            now_ms,
            AuditAction::Open,
            &person,
            &reason,
            None,
        )
        .await?;
        tx.commit().await?;
        self.request_sync();
        Ok(PersonCard {
            person,
            marital_status,
            records,
            family,
            audit_id,
            case_number: reason.case_number,
            purpose: reason.purpose,
        })
    }

    /// The audit log of registry look-ups (supervisors): newest first.
    pub async fn registry_audit(&self, actor: &Actor, f: AuditFilter) -> Result<AuditList> {
        actor.require(Permission::ViewRegistryAudit)?;
        let limit = i64::from(f.limit.unwrap_or(100).clamp(1, 1000));
        let offset = i64::from(f.offset.unwrap_or(0));
        let (entries, total) = self.audit_rows(&f, limit, offset).await?;
        Ok(AuditList { entries, total })
    }

    async fn audit_rows(
        &self,
        f: &AuditFilter,
        limit: i64,
        offset: i64,
    ) -> Result<(Vec<AuditEntryView>, i64)> {
        if let (Some(from), Some(to)) = (f.from, f.to) {
            if from > to {
                return Err(CoreError::field("to", FieldErrorCode::InvalidDate));
            }
        }
        let office = self.office().await?;
        let from = f.from.map_or(i64::MIN, |d| office.day_bounds_ms(d).0);
        let to = f.to.map_or(i64::MAX, |d| office.day_bounds_ms(d).1);
        let staff = f.staff_id.map(|s| s.to_string());
        let person: Vec<String> = f.person.as_deref().map(tokens).unwrap_or_default();
        let mut person_filter = String::new();
        for _ in &person {
            person_filter.push_str(" AND instr(a.person_key, ?) > 0");
        }
        let where_ = format!(
            "WHERE a.at >= ? AND a.at < ? AND (? IS NULL OR a.staff_id = ?){person_filter}"
        );
        let sql = format!(
            "SELECT json_group_array(json_array(a.id, a.at, a.action, a.staff_id, s.display_name,
                    a.device_name, a.person_id, a.person_name, a.person_birth_date, a.case_number,
                    a.purpose, a.record_number,
                    EXISTS (SELECT 1 FROM outbox o WHERE o.entity_id = a.id AND o.acked_at IS NULL)))
               FROM (SELECT a.* FROM registry_audit a {where_} ORDER BY a.at DESC, a.id LIMIT ? OFFSET ?) a
               LEFT JOIN staff s ON s.id = a.staff_id"
        );
        let count_sql = format!("SELECT count(*) FROM registry_audit a {where_}");
        let mut conn = self.store.reader.acquire().await?;
        let mut q = sqlx::query_scalar::<_, Option<String>>(&sql)
            .bind(from)
            .bind(to)
            .bind(&staff)
            .bind(&staff);
        let mut c = sqlx::query_scalar::<_, i64>(&count_sql)
            .bind(from)
            .bind(to)
            .bind(&staff)
            .bind(&staff);
        for t in &person {
            q = q.bind(format!(" {t}"));
            c = c.bind(format!(" {t}"));
        }
        let text = q.bind(limit).bind(offset).fetch_one(&mut *conn).await?;
        let total = c.fetch_one(&mut *conn).await?;
        #[allow(clippy::type_complexity)]
        let rows: Vec<(
            Uuid,
            i64,
            String,
            Uuid,
            Option<String>,
            String,
            Uuid,
            String,
            Option<NaiveDate>,
            Option<String>,
            Option<String>,
            Option<String>,
            i64,
        )> = parse_json(text)?;
        let mut entries: Vec<AuditEntryView> = rows
            .into_iter()
            .map(|r| AuditEntryView {
                id: r.0,
                at: clock::from_millis(r.1),
                action: if r.2 == "extract" {
                    AuditAction::Extract
                } else {
                    AuditAction::Open
                },
                staff_id: r.3,
                staff_name: r.4.unwrap_or_default(),
                device_name: r.5,
                person_id: r.6,
                person_name: r.7,
                person_birth_date: r.8,
                case_number: r.9,
                purpose: r.10,
                record_number: r.11,
                pending_sync: r.12 != 0,
            })
            .collect();
        entries.sort_by(|a, b| b.at.cmp(&a.at).then(a.id.cmp(&b.id)));
        Ok((entries, total))
    }

    /// The audit log as CSV (UTF-8 with a byte-order mark), for the same filter, every row.
    pub async fn registry_audit_csv(&self, actor: &Actor, f: AuditFilter) -> Result<Vec<u8>> {
        actor.require(Permission::ViewRegistryAudit)?;
        let (entries, _) = self.audit_rows(&f, i64::MAX, 0).await?;
        let office = self.office().await?;
        let mut out = String::from("\u{feff}");
        out.push_str(AUDIT_CSV_HEADER);
        out.push_str("\r\n");
        for e in entries {
            let local = e.at.with_timezone(&office.tz);
            let cells = [
                e.id.to_string(),
                local.format("%Y-%m-%d %H:%M:%S").to_string(),
                crate::cases::code_of(&e.action),
                e.staff_name,
                e.staff_id.to_string(),
                e.device_name,
                e.person_name,
                e.person_birth_date
                    .map(|d| d.to_string())
                    .unwrap_or_default(),
                e.person_id.to_string(),
                e.case_number.unwrap_or_default(),
                e.purpose.unwrap_or_default(),
                e.record_number.unwrap_or_default(),
                if e.pending_sync { "pending" } else { "synced" }.to_string(),
            ];
            out.push_str(
                &cells
                    .iter()
                    .map(|c| crate::documents::day_report::field(c))
                    .collect::<Vec<_>>()
                    .join(","),
            );
            out.push_str("\r\n");
        }
        Ok(out.into_bytes())
    }
}

impl Workstation {
    /// The whole replica, persons and records in id order, as the server's rows are (for
    /// checking a replica against its server).
    pub async fn registry_export(&self) -> Result<(Vec<RegistryPerson>, Vec<RegistryRecord>)> {
        let mut conn = self.store.reader.acquire().await?;
        let persons: Option<String> = sqlx::query_scalar(
            "SELECT json_group_array(json_array(id, given_names, family_name, birth_family_name,
                    sex, birth_date, birth_place, death_date, father_id, mother_id, father_name,
                    mother_name))
               FROM (SELECT * FROM reg_person ORDER BY id)",
        )
        .fetch_one(&mut *conn)
        .await?;
        let records: Option<String> = sqlx::query_scalar(
            "SELECT json_group_array(json_array(id, kind, number, book, volume, page, date, place,
                    person_id, partner_id, note))
               FROM (SELECT * FROM reg_record ORDER BY id)",
        )
        .fetch_one(&mut *conn)
        .await?;
        let persons: Vec<okno_wire::PersonRow> = parse_json(persons)?;
        let records: Vec<okno_wire::RecordRow> = parse_json(records)?;
        Ok((
            persons.into_iter().map(Into::into).collect(),
            records.into_iter().map(Into::into).collect(),
        ))
    }

    /// The search index's size: keys in the index, and keys staged by a snapshot not yet
    /// finished.
    pub async fn registry_index_count(&self) -> Result<(i64, i64)> {
        let mut conn = self.store.reader.acquire().await?;
        Ok(sqlx::query_as(
            "SELECT (SELECT count(*) FROM reg_key), (SELECT count(*) FROM reg_key_stage)",
        )
        .fetch_one(&mut *conn)
        .await?)
    }
}

/// The audit export's columns.
pub const AUDIT_CSV_HEADER: &str = "id,at_local,action,staff,staff_id,workstation,person,person_birth_date,person_id,case_number,purpose,record_number,sync";

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn reads_dates_numbers_and_names() {
        let q = parse_query("Kovács Gábor 1987", None);
        assert_eq!(q.names, vec!["kovacs", "gabor"]);
        assert_eq!(
            (q.born_from, q.born_to),
            (Some(d("1987-01-01")), Some(d("1987-12-31")))
        );
        let q = parse_query("3.1987", None);
        assert_eq!(
            (q.born_from, q.born_to),
            (Some(d("1987-03-01")), Some(d("1987-03-31")))
        );
        let q = parse_query("12.3.1987", None);
        assert_eq!(
            (q.born_from, q.born_to),
            (Some(d("1987-03-12")), Some(d("1987-03-12")))
        );
        let q = parse_query("1987-02", None);
        assert_eq!(q.born_to, Some(d("1987-02-28")));
        // Persian: 1366 is 21 March 1987 – 20 March 1988; digits in Persian.
        let q = parse_query("۱۳۶۶", None);
        assert_eq!(
            (q.born_from, q.born_to),
            (Some(d("1987-03-21")), Some(d("1988-03-20")))
        );
        let q = parse_query("1366/1/5", None);
        assert_eq!(q.born_from, Some(d("1987-03-25")));
        let q = parse_query("b-1987-42", None);
        assert_eq!(q.record_number.as_deref(), Some("B-1987-42"));
        // Half-typed dates are ignored, not errors.
        assert_eq!(parse_query("12.3.19", None).born_from, None);
        assert_eq!(parse_query("31.2.1987", None).born_from, None);
    }

    #[test]
    fn persian_dates_round_trip() {
        use crate::documents::calendar::to_persian;
        let mut day = d("1950-01-01");
        while day < d("2030-01-01") {
            let (y, m, dd) = to_persian(day);
            assert_eq!(from_persian(y, m, dd), Some(day));
            day += chrono::Duration::days(13);
        }
        assert_eq!(from_persian(1403, 12, 30), Some(d("2025-03-20"))); // a leap year's last day
        assert_eq!(from_persian(1404, 12, 30), None);
    }
}
