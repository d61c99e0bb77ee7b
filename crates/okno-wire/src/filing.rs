//! The filing registry.

use super::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum FilingDirection {
    Incoming,
    Outgoing,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FilingInput {
    pub direction: FilingDirection,
    /// The sender of an incoming document, the addressee of an outgoing one.
    pub counterpart: String,
    pub subject: String,
    pub pages: u32,
    /// How many enclosures came with the document (paper), not scans.
    pub enclosures: u32,
    /// The case number (as printed) this document belongs to, if any.
    pub case_number: Option<String>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FilingView {
    pub id: Uuid,
    pub number: String,
    pub direction: FilingDirection,
    pub counterpart: String,
    pub subject: String,
    pub pages: u32,
    pub enclosures: u32,
    pub case_id: Option<Uuid>,
    pub case_number: Option<String>,
    pub note: Option<String>,
    pub registered_at: DateTime<Utc>,
    pub registered_by_name: String,
    pub attachments: Vec<AttachmentView>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FilingFilter {
    pub year: i32,
    /// `YYYY-MM-DD` in the office's calendar day; `None` for the whole year.
    pub day: Option<String>,
    pub direction: Option<FilingDirection>,
    pub text: Option<String>,
    pub limit: u32,
    pub offset: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FilingList {
    pub items: Vec<FilingView>,
    #[ts(type = "number")]
    pub total: i64,
}
