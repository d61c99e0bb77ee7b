//! The chains of Okno's append-only journals — the certification ledger and the receipt
//! journal: the canonical form of a row and its hash, the walk that finds the first break of a
//! chain, and the verdict on a seal given what a checker knows. Shared by the workstation (its
//! own journals) and the office server (every workstation's).

use okno_wire::{ChainBreak, ChainBreakKind, ChainReport, LedgerEntryKind, SealCheck, SealVerdict};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::seal;

pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";
const HASH_CONTEXT: &[u8] = b"okno-ledger-v1\n";

/// One ledger row as stored (here and on the server). Serialising it gives the canonical form
/// the entry hash covers: every column in this order except the hash and the seal themselves,
/// and except a column added later while it is empty, so that the entries sealed before it
/// came hash as they always did.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LedgerRow {
    pub id: String,
    pub chain_id: String,
    pub chain_pos: i64,
    pub prev_hash: String,
    #[serde(skip_serializing)]
    pub entry_hash: String,
    pub number: String,
    pub year: i64,
    pub kind: String,
    pub refers_to: Option<String>,
    pub act: Option<String>,
    pub party_name: String,
    pub party_birth_date: Option<String>,
    pub id_document_kind: Option<String>,
    pub id_document_number: String,
    pub document_description: String,
    pub document_language: String,
    pub pages: i64,
    pub copies: i64,
    pub service_id: Option<String>,
    pub fee_minor: i64,
    pub currency: String,
    pub case_id: Option<String>,
    pub reason: Option<String>,
    pub note: Option<String>,
    pub registrar_id: String,
    pub certified_at: i64,
    pub local_day: String,
    pub place: String,
    pub clause_locale: String,
    pub second_locale: Option<String>,
    pub original_sha256: Option<String>,
    pub signature_method: String,
    pub signature_sha256: Option<String>,
    #[serde(skip_serializing)]
    pub seal: String,
    /// The party's sex (`F`, `M`, `X`), which the clause's wording agrees with; added after the
    /// first entries: absent from their canonical form, present (and so covered by the hash
    /// and, through it, the seal) in every entry recorded since.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub party_sex: Option<String>,
}

impl LedgerRow {
    /// SHA-256 over the canonical form (which includes `prev_hash`), hex.
    pub fn compute_hash(&self) -> String {
        hash_of(HASH_CONTEXT, self)
    }
}

/// An entry of a hash-chained journal: each workstation writes its own chain (positions 1, 2,
/// 3…), each entry's hash covering its canonical form, which includes the hash of the entry
/// before it; its seal carries the first half of that hash.
pub trait Chained {
    fn chain_id(&self) -> &str;
    fn chain_pos(&self) -> i64;
    fn prev_hash(&self) -> &str;
    fn entry_hash(&self) -> &str;
    fn number(&self) -> &str;
    fn seal(&self) -> &str;
    /// SHA-256 over the canonical form, hex.
    fn compute_hash(&self) -> String;
}

/// SHA-256 over `context` and the JSON of `row`, hex.
pub fn hash_of<T: Serialize>(context: &[u8], row: &T) -> String {
    let mut h = Sha256::new();
    h.update(context);
    // Serialising a struct of strings and integers cannot fail.
    h.update(serde_json::to_vec(row).unwrap_or_default());
    hex::encode(h.finalize())
}

impl Chained for LedgerRow {
    fn chain_id(&self) -> &str {
        &self.chain_id
    }
    fn chain_pos(&self) -> i64 {
        self.chain_pos
    }
    fn prev_hash(&self) -> &str {
        &self.prev_hash
    }
    fn entry_hash(&self) -> &str {
        &self.entry_hash
    }
    fn number(&self) -> &str {
        &self.number
    }
    fn seal(&self) -> &str {
        &self.seal
    }
    fn compute_hash(&self) -> String {
        LedgerRow::compute_hash(self)
    }
}

/// Walks chains of rows sorted by (chain, position) and reports the first break.
#[derive(Default)]
pub struct ChainWalk {
    pub entries: i64,
    pub chains: u32,
    pub first_break: Option<ChainBreak>,
    chain: Option<String>,
    expected: i64,
    prev: String,
}

impl ChainWalk {
    pub fn new() -> ChainWalk {
        ChainWalk::default()
    }

    fn fail(&mut self, row: &impl Chained, position: i64, kind: ChainBreakKind, number: bool) {
        if self.first_break.is_none() {
            self.first_break = Some(ChainBreak {
                chain_id: row.chain_id().to_string(),
                position,
                number: number.then(|| row.number().to_string()),
                kind,
            });
        }
    }

    pub fn push(&mut self, row: &impl Chained) {
        self.entries += 1;
        if self.chain.as_deref() != Some(row.chain_id()) {
            self.chain = Some(row.chain_id().to_string());
            self.chains += 1;
            self.expected = 1;
            self.prev = GENESIS.to_string();
        }
        if self.first_break.is_some() {
            return;
        }
        if row.chain_pos() != self.expected {
            self.fail(row, self.expected, ChainBreakKind::Missing, false);
        } else if row.compute_hash() != row.entry_hash() {
            self.fail(row, row.chain_pos(), ChainBreakKind::Edited, true);
        } else if row.prev_hash() != self.prev {
            self.fail(row, row.chain_pos(), ChainBreakKind::Broken, true);
        } else if !seal_matches(row) {
            self.fail(row, row.chain_pos(), ChainBreakKind::BadSeal, true);
        }
        self.expected = row.chain_pos() + 1;
        self.prev = row.entry_hash().to_string();
    }

    pub fn report(self, checked_at: chrono::DateTime<chrono::Utc>) -> ChainReport {
        ChainReport {
            ok: self.first_break.is_none(),
            entries: self.entries,
            chains: self.chains,
            first_break: self.first_break,
            checked_at,
        }
    }
}

/// The seal printed for `row` names its number and carries the start of its hash.
pub fn seal_matches(row: &impl Chained) -> bool {
    let Ok(s) = seal::parse(row.seal()) else {
        return false;
    };
    hex::decode(row.entry_hash())
        .ok()
        .is_some_and(|h| h.get(..16) == Some(&s.entry_hash_prefix[..]))
        && s.number_text() == row.number()
}

/// The later entry that superseded an act or took back a payment: what it makes of the seal
/// (cancelled, corrected, voided, refunded), its number and its reason.
pub type Superseded = (SealVerdict, String, Option<String>);

/// What a later ledger entry of `kind` makes of the act it refers to.
pub fn superseded_verdict(kind: LedgerEntryKind) -> SealVerdict {
    if kind == LedgerEntryKind::Cancellation {
        SealVerdict::Cancelled
    } else {
        SealVerdict::Corrected
    }
}

/// What is known about the act a seal names, wherever it is checked.
pub struct SealFacts {
    /// The office's public keys (hex), current and retired.
    pub office_keys: Vec<String>,
    pub office_name: Option<String>,
    pub device_revoked: bool,
    /// The ledger entry with that number: its hash, and what superseded it.
    pub entry: Option<(String, Option<Superseded>)>,
}

/// The verdict on a seal, given what the checker knows.
pub fn judge(s: &seal::Seal, facts: SealFacts) -> SealCheck {
    let contents = Some(s.contents(facts.office_name.clone()));
    let check = |verdict| SealCheck {
        verdict,
        contents: contents.clone(),
        entry_known: false,
        superseded_by: None,
        reason: None,
    };
    if facts.office_keys.is_empty() {
        return check(SealVerdict::UnknownOffice);
    }
    let genuine = facts
        .office_keys
        .iter()
        .filter_map(|k| seal::public_from_hex(k))
        .any(|k| s.verify(&k));
    if !genuine {
        return check(SealVerdict::Forged);
    }
    if facts.device_revoked {
        return check(SealVerdict::Revoked);
    }
    let mut out = check(SealVerdict::Genuine);
    if let Some((hash, superseded)) = facts.entry {
        let prefix = hex::encode(s.entry_hash_prefix);
        if hash.starts_with(&prefix) {
            out.entry_known = true;
            if let Some((verdict, number, reason)) = superseded {
                out.verdict = verdict;
                out.superseded_by = Some(number);
                out.reason = reason;
            }
        }
    }
    out
}

pub fn malformed() -> SealCheck {
    SealCheck {
        verdict: SealVerdict::Malformed,
        contents: None,
        entry_known: false,
        superseded_by: None,
        reason: None,
    }
}
