//! Cases: intake, the case list and detail, status, notes, reassignment and edits.

use super::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Channel {
    WalkIn,
    Phone,
    Email,
    Post,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Priority {
    Low,
    Normal,
    High,
    Urgent,
}

/// The life of a case. Allowed moves are decided by okno-core's `cases::status` machine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum CaseStatus {
    Received,
    InProgress,
    WaitingForCitizen,
    ForwardedToAgency,
    Resolved,
    Closed,
    Rejected,
}

/// The citizen, with as little personal data as the case needs.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PartyInput {
    pub name: String,
    /// `YYYY-MM-DD`, optional.
    pub birth_date: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub address: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PartyView {
    pub id: Uuid,
    pub name: String,
    pub birth_date: Option<NaiveDate>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub address: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct IntakeRequest {
    pub party: PartyInput,
    /// The service picked from the catalogue; a string so that a malformed id is a field error.
    pub service_id: String,
    pub channel: Channel,
    pub subject: String,
    pub description: String,
    pub priority: Priority,
    pub private_conversation: bool,
    /// Indexes into the service's `required_documents` that the citizen presented.
    pub documents_presented: Vec<u32>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ChecklistItem {
    pub label: LocalizedText,
    pub presented: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CaseSummary {
    pub id: Uuid,
    pub number: String,
    pub party_name: String,
    pub service_id: Uuid,
    pub service_names: LocalizedText,
    pub agency_names: LocalizedText,
    pub subject: String,
    pub channel: Channel,
    pub status: CaseStatus,
    pub priority: Priority,
    pub private_conversation: bool,
    pub assignee_id: Option<Uuid>,
    pub assignee_name: Option<String>,
    pub received_at: DateTime<Utc>,
    pub due_date: NaiveDate,
    pub overdue: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum CaseEventKind {
    Registered,
    StatusChanged,
    NoteAdded,
    Reassigned,
    AttachmentAdded,
    FilingLinked,
    ReceiptPrinted,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CaseEventView {
    pub id: Uuid,
    pub kind: CaseEventKind,
    pub from_status: Option<CaseStatus>,
    pub to_status: Option<CaseStatus>,
    pub note: Option<String>,
    pub assignee_name: Option<String>,
    pub actor_name: String,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AttachmentView {
    pub id: Uuid,
    pub sha256: String,
    pub filename: String,
    pub media_type: String,
    #[ts(type = "number")]
    pub size: i64,
    pub added_at: DateTime<Utc>,
    pub added_by_name: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CaseDetail {
    pub summary: CaseSummary,
    pub description: String,
    pub party: PartyView,
    #[ts(type = "number")]
    pub fee_minor: i64,
    pub currency: String,
    pub checklist: Vec<ChecklistItem>,
    pub events: Vec<CaseEventView>,
    pub attachments: Vec<AttachmentView>,
    pub filings: Vec<FilingView>,
    /// The statuses this case may move to now, for the signed-in member of staff.
    pub allowed_transitions: Vec<CaseStatus>,
    /// Changes to this case made here that the server has not confirmed yet.
    #[ts(type = "number")]
    pub pending_sync: i64,
    /// Changes to this case the server refused or could not settle, with its reasons.
    pub sync_issues: Vec<SyncIssue>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum CaseScope {
    /// Received today (the office's day, in its time zone).
    Today,
    /// Not resolved, closed or rejected.
    Open,
    All,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CaseFilter {
    pub scope: CaseScope,
    pub status: Option<CaseStatus>,
    pub service_id: Option<Uuid>,
    pub assignee_id: Option<Uuid>,
    pub overdue_only: bool,
    /// Matches the case number, the party's name or the subject.
    pub text: Option<String>,
    pub limit: u32,
    pub offset: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CaseList {
    pub items: Vec<CaseSummary>,
    #[ts(type = "number")]
    pub total: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CaseRef {
    pub case_id: Uuid,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ChangeStatusRequest {
    pub case_id: Uuid,
    pub to: CaseStatus,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AddNoteRequest {
    pub case_id: Uuid,
    pub note: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ReassignRequest {
    pub case_id: Uuid,
    /// `None` leaves the case unassigned.
    pub assignee_id: Option<Uuid>,
}

/// Descriptive fields of a case a clerk may edit after intake. Absent fields are unchanged.
/// Concurrent edits on several workstations are merged field by field (the later edit wins).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct UpdateCaseRequest {
    pub case_id: Uuid,
    #[ts(optional)]
    pub subject: Option<String>,
    #[ts(optional)]
    pub description: Option<String>,
    #[ts(optional)]
    pub priority: Option<Priority>,
}
