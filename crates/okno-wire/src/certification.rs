//! The certification ledger: certified signatures and copies, their corrections and
//! cancellations, the printed seal and its verification.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use crate::{AttachmentView, Locale, Sex};

/// What a registrar certifies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum CertificationKind {
    /// That the signature on a document is the party's own, made or acknowledged before the
    /// registrar.
    Signature,
    /// That a copy matches the original shown to the registrar.
    Copy,
    /// An extract of a birth, marriage or death record of the civil registry (issued with
    /// `certify_extract`, never with `certify`).
    Extract,
}

/// One line of the ledger: an act, or a later entry that corrects or cancels one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum LedgerEntryKind {
    Signature,
    Copy,
    /// An extract of a civil-registry record: `document_description` holds the extracted facts
    /// (see `docs/registry.md`), `original_sha256` their hash.
    Extract,
    Correction,
    Cancellation,
}

/// The identity document the registrar checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum IdDocumentKind {
    IdentityCard,
    Passport,
    ResidencePermit,
    DrivingLicence,
}

/// How the party signed the ledger entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum SignatureMethod {
    /// On a signature pad or touch screen: the drawing is stored with the entry.
    Pad,
    /// On the printed ledger sheet, whose scan is attached to the entry afterwards.
    Sheet,
}

/// A file handed over with a request (a scanned original).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FileUpload {
    pub filename: String,
    pub media_type: String,
    /// base64 (standard alphabet, padded).
    pub data_base64: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CertifyRequest {
    pub kind: CertificationKind,
    pub party_name: String,
    pub party_birth_date: Option<NaiveDate>,
    /// The party's sex, which the clause's wording agrees with in some languages (Slovak:
    /// "predložil" / "predložila"); `Unspecified` (also when a client leaves it out) gives a
    /// neutral wording.
    #[serde(default)]
    pub party_sex: Sex,
    pub id_document_kind: IdDocumentKind,
    pub id_document_number: String,
    /// The registrar confirms the identity document was checked against the person.
    pub id_document_checked: bool,
    /// What the document is ("Purchase contract for flat 12, Hlavná 3").
    pub document_description: String,
    /// The language the document is written in, as the registrar names it.
    pub document_language: String,
    /// Pages of the document (signature) or of each copy (copy).
    pub pages: u32,
    /// Certified copies made (copy) or counterparts signed (signature).
    pub copies: u32,
    /// The catalogue's service whose fee applies.
    pub service_id: Uuid,
    /// An existing case this act belongs to.
    pub case_number: Option<String>,
    /// A second language of the citizen's choice for the clause, beside the office's own.
    pub second_locale: Option<Locale>,
    /// The scanned original (a copy's source), whose hash the seal carries.
    pub original: Option<FileUpload>,
    pub signature_method: SignatureMethod,
    /// The party's signature drawn on the pad, as a PNG (base64), when `signature_method` is pad.
    pub signature_png_base64: Option<String>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CancelCertificationRequest {
    pub entry_id: Uuid,
    pub reason: String,
}

/// A correction is a new, numbered entry with the corrected act, referring to the old one.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CorrectCertificationRequest {
    pub entry_id: Uuid,
    pub reason: String,
    pub corrected: CertifyRequest,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct LedgerEntryRef {
    pub id: Uuid,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RecordPrintRequest {
    pub entry_id: Uuid,
    pub copies: u32,
}

/// Where an act stands now, from the entries that came after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum LedgerStatus {
    Valid,
    Corrected,
    Cancelled,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct LedgerEntryView {
    pub id: Uuid,
    /// The printed number, `CE-2026/00042`.
    pub number: String,
    pub year: i32,
    pub kind: LedgerEntryKind,
    /// For a correction or cancellation, the act it refers to.
    pub refers_to: Option<Uuid>,
    pub refers_to_number: Option<String>,
    /// The act's kind (for a correction: the corrected act's kind).
    pub act: Option<CertificationKind>,
    pub party_name: String,
    pub party_birth_date: Option<NaiveDate>,
    /// `Unspecified` for entries recorded before the ledger kept it.
    pub party_sex: Sex,
    pub id_document_kind: Option<IdDocumentKind>,
    pub id_document_number: String,
    pub document_description: String,
    pub document_language: String,
    pub pages: u32,
    pub copies: u32,
    pub service_id: Option<Uuid>,
    #[ts(type = "number")]
    pub fee_minor: i64,
    pub currency: String,
    pub case_id: Option<Uuid>,
    pub case_number: Option<String>,
    pub reason: Option<String>,
    pub note: Option<String>,
    pub registrar_name: String,
    pub certified_at: DateTime<Utc>,
    /// The office's calendar day of the act.
    pub local_day: NaiveDate,
    pub place: String,
    pub clause_locale: Locale,
    pub second_locale: Option<Locale>,
    pub original_sha256: Option<String>,
    pub signature_method: SignatureMethod,
    /// The signature drawn on the pad, as a `data:image/png;base64,` URL.
    pub signature_data_url: Option<String>,
    pub status: LedgerStatus,
    /// The later entry that corrected or cancelled this one.
    pub superseded_by: Option<String>,
    /// The chain (one per workstation) and the entry's place in it.
    pub chain_id: String,
    #[ts(type = "number")]
    pub chain_pos: i64,
    pub entry_hash: String,
    /// The seal printed as a QR code: the verification address with the signed payload.
    pub seal_url: String,
    /// The same QR code as an SVG document (for the on-screen preview).
    pub seal_qr_svg: String,
    /// The certification clause as printed: the office's language first, then the citizen's.
    pub clauses: Vec<ClauseText>,
    /// Certified copies printed so far.
    pub printed: u32,
    pub last_printed_at: Option<DateTime<Utc>>,
    /// Scanned original, signed ledger sheet.
    pub attachments: Vec<AttachmentView>,
    /// Not yet on the office's server.
    pub pending_sync: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ClauseText {
    pub locale: Locale,
    pub title: String,
    pub text: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct LedgerFilter {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub kind: Option<LedgerEntryKind>,
    /// Number, party or document description (three characters or more match anywhere).
    pub text: Option<String>,
    pub offset: Option<u32>,
    pub limit: Option<u32>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct LedgerList {
    pub entries: Vec<LedgerEntryView>,
    #[ts(type = "number")]
    pub total: i64,
}

/// What a walk along the ledger's chains found wrong first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ChainBreakKind {
    /// The entry's content no longer matches its hash: it was edited.
    Edited,
    /// A position in the chain is empty: an entry was deleted.
    Missing,
    /// The entry does not follow the one before it: entries were reordered or replaced.
    Broken,
    /// The entry's seal does not verify.
    BadSeal,
    /// A legal number recorded as used for the ledger has no entry.
    NumberWithoutEntry,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ChainBreak {
    pub chain_id: String,
    #[ts(type = "number")]
    pub position: i64,
    pub number: Option<String>,
    pub kind: ChainBreakKind,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ChainReport {
    pub ok: bool,
    #[ts(type = "number")]
    pub entries: i64,
    pub chains: u32,
    pub first_break: Option<ChainBreak>,
    pub checked_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct VerifySealRequest {
    /// The seal's code, or the whole verification address read from the QR code.
    pub code: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum SealVerdict {
    /// Signed by a key the office certified, and not cancelled or corrected as far as known.
    Genuine,
    /// Genuine, but the act was cancelled afterwards.
    Cancelled,
    /// Genuine, but the act was replaced by a correction.
    Corrected,
    /// Genuine, but the payment was voided afterwards.
    Voided,
    /// Genuine, but (some of) the payment was refunded afterwards.
    Refunded,
    /// Signed by a workstation key the office has since revoked.
    Revoked,
    /// The signature does not verify: the code was altered or made up.
    Forged,
    /// Signed by a key of an office this workstation or server does not know.
    UnknownOffice,
    /// Not a seal code at all.
    Malformed,
}

/// What a seal vouches for: an act of the certification ledger, or an entry of the receipt
/// journal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum SealKind {
    Signature,
    Copy,
    Correction,
    Cancellation,
    Extract,
    Receipt,
    ReceiptVoid,
    Refund,
}

impl SealKind {
    /// A seal of the receipt journal (the rest are the certification ledger's).
    pub fn is_receipt(self) -> bool {
        matches!(
            self,
            SealKind::Receipt | SealKind::ReceiptVoid | SealKind::Refund
        )
    }
}

impl From<LedgerEntryKind> for SealKind {
    fn from(k: LedgerEntryKind) -> SealKind {
        match k {
            LedgerEntryKind::Signature => SealKind::Signature,
            LedgerEntryKind::Copy => SealKind::Copy,
            LedgerEntryKind::Correction => SealKind::Correction,
            LedgerEntryKind::Cancellation => SealKind::Cancellation,
            LedgerEntryKind::Extract => SealKind::Extract,
        }
    }
}

impl From<crate::cash::ReceiptKind> for SealKind {
    fn from(k: crate::cash::ReceiptKind) -> SealKind {
        match k {
            crate::cash::ReceiptKind::Payment => SealKind::Receipt,
            crate::cash::ReceiptKind::Void => SealKind::ReceiptVoid,
            crate::cash::ReceiptKind::Refund => SealKind::Refund,
        }
    }
}

/// What a seal says, as signed.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SealContents {
    pub kind: SealKind,
    pub number: String,
    pub office_id: Uuid,
    pub office_name: Option<String>,
    pub local_day: NaiveDate,
    pub party_name: String,
    pub document_description: String,
    pub pages: u32,
    pub copies: u32,
    pub original_sha256: Option<String>,
    pub entry_hash: String,
    /// What a receipt's seal states was paid (negative for a void or refund), minor units.
    #[ts(type = "number | null")]
    pub amount_minor: Option<i64>,
    pub currency: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SealCheck {
    pub verdict: SealVerdict,
    pub contents: Option<SealContents>,
    /// The ledger entry is known to whoever checked (this working copy or the server).
    pub entry_known: bool,
    /// For cancelled or corrected acts: the later entry's number and reason.
    pub superseded_by: Option<String>,
    pub reason: Option<String>,
}

/// Whether an office seal key certifies workstation keys now, or did so before.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum SealKeyStatus {
    Current,
    /// Certifies no new workstation keys; the seals of those it certified stay genuine.
    Retired,
}

/// One of the office's public seal keys (docs/seal-format.md, "The office's public keys").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SealKeyView {
    /// The Ed25519 public key, 32 bytes in hex.
    pub public_key: String,
    /// The first 16 bytes of the key's SHA-256, hex in eight groups of four.
    pub fingerprint: String,
    pub status: SealKeyStatus,
    pub valid_from: DateTime<Utc>,
    pub retired_at: Option<DateTime<Utc>>,
}

/// What the QR code of a seal printed here points to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum VerifyAddressSource {
    /// The office's public address: a phone opens it.
    PublicAddress,
    /// The server this workstation is enrolled with (maybe reachable only inside the office).
    Server,
    /// `okno:verify`: a workstation on its own with no public address; no phone opens it.
    Local,
}

/// The office's seal keys and where its seals point: what a checker outside the office needs.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SealKeys {
    pub office_id: Uuid,
    pub office_name: String,
    pub public_address: Option<String>,
    /// What a QR code printed here holds before `?c=CODE`.
    pub verify_address: String,
    pub verify_address_source: VerifyAddressSource,
    /// Where the office's server publishes these keys, when it has an address.
    pub keys_address: Option<String>,
    /// Current first, then retired, newest first. Empty on a workstation on its own before its
    /// first certification (the office key is made then).
    pub keys: Vec<SealKeyView>,
}

/// Sets (or, empty, takes away) the office's public address.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SetPublicAddressRequest {
    pub public_address: String,
}
