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
mod audit;
mod card;
mod query;
mod search;
mod store;

use audit::*;
use card::*;
pub use query::*;
use search::*;
pub use store::*;

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
        let progress: Option<SnapshotProgress> = crate::settings::setting(&mut conn, KEY_SNAPSHOT)
            .await?
            .and_then(|s| serde_json::from_str(&s).ok());
        let updated = crate::settings::setting(&mut conn, KEY_UPDATED)
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
