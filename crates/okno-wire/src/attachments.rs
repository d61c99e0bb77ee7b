//! Attachments of cases, filing entries and certifications.

use super::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum AttachmentOwnerKind {
    Case,
    Filing,
    /// A certification ledger entry (the signed ledger sheet's scan, the scanned original).
    Certification,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AttachmentUpload {
    pub owner_kind: AttachmentOwnerKind,
    pub owner_id: Uuid,
    pub filename: String,
    pub media_type: String,
    /// The file's bytes, base64 (standard alphabet, padded).
    pub data_base64: String,
}
