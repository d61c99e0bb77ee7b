//! The certification ledger: certified signatures and copies, numbered from the office's
//! certification series (leased blocks, so a number is final offline), append-only (the
//! schema's triggers refuse every change and deletion; a correction or cancellation is a new
//! entry referring to the old one) and hash-chained: every workstation writes its own chain,
//! each entry's hash covering its content and the hash of the entry before it. The printed seal
//! (see [`crate::seal`]) carries the first half of the entry's hash, signed.
//!
//! `signer` keeps the seal keys; `record` checks and writes entries; `views` reads them and
//! checks the chain and seals; `print` records printed copies and renders the PDFs; `keys` is
//! what a checker outside the office needs (public keys, the verification address).

pub mod keys;
mod print;
mod record;
mod signer;
mod views;

use base64::Engine;
use chrono::NaiveDate;
use okno_rules::fold::ascii_digits;
use okno_wire::commands::{self, Command};
use okno_wire::{
    CancelCertificationRequest, CertificationKind, CertifyRequest, ChainBreak, ChainBreakKind,
    ChainReport, CorrectCertificationRequest, FieldErrorCode, LedgerEntryKind, LedgerEntryView,
    LedgerFilter, LedgerList, LedgerStatus, Locale, Permission, RecordPrintRequest, SealCheck, Sex,
    SignatureMethod, VerifySealRequest,
};
use sha2::{Digest, Sha256};
use sqlx::{QueryBuilder, Sqlite, SqliteConnection};
use uuid::Uuid;

use crate::attachments::{decode_file, store_file};
use crate::auth::Actor;
use crate::cases::{code_of, parse_code, push_text_match, MAX_PAGE};
use crate::clock::from_millis;
use crate::creds::CredentialStore;
use crate::documents::clause::{clause, ClauseFacts};
use crate::error::{Check, CoreError, Result};
use crate::numbering::{self, Series};
use crate::seal::{self, DeviceSigner, Statement};
use crate::{ids, outbox, Workstation};

pub const MAX_COPIES: u32 = 100;
pub const MAX_PAGES: u32 = 10_000;
pub(super) const MAX_SIGNATURE_BYTES: usize = 1024 * 1024;
/// The hash a chain's first entry refers to.
pub use okno_rules::chain::{
    judge, malformed, ChainWalk, LedgerRow, SealFacts, Superseded, GENESIS,
};

pub(super) const ROW_COLUMNS: &str =
    "id, chain_id, chain_pos, prev_hash, entry_hash, number, year, kind, refers_to, act,
    party_name, party_birth_date, id_document_kind, id_document_number, document_description,
    document_language, pages, copies, service_id, fee_minor, currency, case_id, reason, note,
    registrar_id, certified_at, local_day, place, clause_locale, second_locale, original_sha256,
    signature_method, signature_sha256, seal, party_sex";

/// A checked act, ready to be written.
pub(crate) struct Act {
    pub kind: CertificationKind,
    pub party_name: String,
    pub party_birth_date: Option<NaiveDate>,
    pub party_sex: Sex,
    /// The identity document checked (none for an extract: the requester signs nothing).
    pub id_document_kind: Option<okno_wire::IdDocumentKind>,
    pub id_document_number: String,
    pub document_description: String,
    pub document_language: String,
    pub pages: u32,
    pub copies: u32,
    pub service_id: String,
    pub fee_minor: i64,
    pub case_id: Option<String>,
    pub second_locale: Option<Locale>,
    pub original: Option<(String, String, Vec<u8>)>,
    pub signature_method: SignatureMethod,
    pub signature_png: Option<Vec<u8>>,
    pub note: Option<String>,
}

/// The parts of a new ledger entry that differ by kind.
pub(crate) struct NewEntry {
    pub kind: LedgerEntryKind,
    pub refers_to: Option<String>,
    pub reason: Option<String>,
    pub act: Act,
}

/// What writing an entry needs from outside its transaction (reading it inside would wait on
/// the writer the transaction holds): the chain, its seal signer and the office.
pub(crate) struct EntryContext {
    chain_id: String,
    signer: DeviceSigner,
    office: crate::office::Office,
}

impl EntryContext {
    pub(crate) fn office_locale(&self) -> Locale {
        self.office.view.locale
    }

    pub(crate) fn office(&self) -> &crate::office::Office {
        &self.office
    }

    /// The chain this workstation writes (its device id), in every journal.
    pub(crate) fn chain_id(&self) -> &str {
        &self.chain_id
    }

    pub(crate) fn signer(&self) -> &DeviceSigner {
        &self.signer
    }
}

/// The SQL expression that reads a certification row as one JSON text (far cheaper to read than
/// 34 columns, and the row type stays free of the database in `okno-rules`).
pub(super) fn row_json() -> String {
    crate::rows::json_object_of(ROW_COLUMNS)
}

/// The party's sex as an entry records it; not stated for entries recorded before the ledger
/// kept it.
pub(super) fn party_sex_of(r: &LedgerRow) -> Sex {
    r.party_sex
        .as_deref()
        .and_then(Sex::from_code)
        .unwrap_or(Sex::Unspecified)
}

pub(super) fn parse_row(text: &str) -> Result<LedgerRow> {
    serde_json::from_str(text)
        .map_err(|e| CoreError::Internal(format!("a ledger row does not read: {e}")))
}

pub(super) async fn insert_row(tx: &mut SqliteConnection, r: &LedgerRow) -> Result<()> {
    sqlx::query(&format!(
        "INSERT INTO certification ({ROW_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    ))
    .bind(&r.id)
    .bind(&r.chain_id)
    .bind(r.chain_pos)
    .bind(&r.prev_hash)
    .bind(&r.entry_hash)
    .bind(&r.number)
    .bind(r.year)
    .bind(&r.kind)
    .bind(&r.refers_to)
    .bind(&r.act)
    .bind(&r.party_name)
    .bind(&r.party_birth_date)
    .bind(&r.id_document_kind)
    .bind(&r.id_document_number)
    .bind(&r.document_description)
    .bind(&r.document_language)
    .bind(r.pages)
    .bind(r.copies)
    .bind(&r.service_id)
    .bind(r.fee_minor)
    .bind(&r.currency)
    .bind(&r.case_id)
    .bind(&r.reason)
    .bind(&r.note)
    .bind(&r.registrar_id)
    .bind(r.certified_at)
    .bind(&r.local_day)
    .bind(&r.place)
    .bind(&r.clause_locale)
    .bind(&r.second_locale)
    .bind(&r.original_sha256)
    .bind(&r.signature_method)
    .bind(&r.signature_sha256)
    .bind(&r.seal)
    .bind(&r.party_sex)
    .execute(tx)
    .await?;
    Ok(())
}

/// Walks the working copy's ledger (streaming, in chain order), then looks for certification
/// numbers recorded as used with no entry (an entry deleted at the end of a chain).
pub async fn walk_local(conn: &mut SqliteConnection) -> Result<ChainWalk> {
    use futures_util::TryStreamExt;
    let mut walk = ChainWalk::new();
    {
        let sql = format!(
            "SELECT {} FROM certification ORDER BY chain_id, chain_pos",
            row_json()
        );
        let mut rows = sqlx::query_scalar::<_, String>(&sql).fetch(&mut *conn);
        while let Some(text) = rows.try_next().await? {
            walk.push(&parse_row(&text)?);
        }
    }
    if walk.first_break.is_none() {
        let orphan: Option<(i64, i64)> = sqlx::query_as(
            "SELECT u.year, u.number FROM number_use u LEFT JOIN certification c ON c.id = u.owner_id
             WHERE u.series = 'certification' AND u.owner_kind = 'certification' AND c.id IS NULL
             ORDER BY u.year, u.number LIMIT 1",
        )
        .fetch_optional(&mut *conn)
        .await?;
        if let Some((year, number)) = orphan {
            walk.first_break = Some(ChainBreak {
                chain_id: String::new(),
                position: 0,
                number: Some(
                    Series::Certification.format(i32::try_from(year).unwrap_or(0), number),
                ),
                kind: ChainBreakKind::NumberWithoutEntry,
            });
        }
    }
    Ok(walk)
}
