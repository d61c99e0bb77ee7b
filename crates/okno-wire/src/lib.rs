//! The types that cross a boundary of the workstation: the requests and answers of its API
//! (Tauri IPC in the desktop app, JSON over loopback HTTP in browser mode), and the error shape
//! the UI switches on.
//!
//! Every type here derives `ts_rs::TS`; `cargo test -p okno-wire` writes their TypeScript twins
//! to `ui/src/gen/` (see `.cargo/config.toml`), and CI fails when the checked-in files drift.
//! The list of API commands lives in [`api`], with their request and answer types, so that the
//! UI's `Host` is typed end to end without a hand-written mirror.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

pub mod api;
pub mod cert;
pub mod commands;
pub mod document;
pub mod registry;
pub mod review;
pub mod sync;

pub use cert::*;
pub use document::*;
pub use registry::*;
pub use review::*;

/// The five languages of the UI (and of the catalogue's names).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Locale {
    En,
    Hu,
    Sk,
    Sv,
    Fa,
}

impl Locale {
    pub const ALL: [Locale; 5] = [Locale::En, Locale::Hu, Locale::Sk, Locale::Sv, Locale::Fa];

    pub fn code(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::Hu => "hu",
            Locale::Sk => "sk",
            Locale::Sv => "sv",
            Locale::Fa => "fa",
        }
    }

    pub fn from_code(code: &str) -> Option<Locale> {
        Locale::ALL.into_iter().find(|l| l.code() == code)
    }

    pub fn is_rtl(self) -> bool {
        matches!(self, Locale::Fa)
    }
}

/// A text in several languages, keyed by locale code ("en", "hu", "sk", "sv", "fa").
pub type LocalizedText = BTreeMap<String, String>;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Calendar {
    Gregorian,
    Persian,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Role {
    Clerk,
    Registrar,
    Cashier,
    Supervisor,
    Admin,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Role::Clerk,
        Role::Registrar,
        Role::Cashier,
        Role::Supervisor,
        Role::Admin,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Role::Clerk => "clerk",
            Role::Registrar => "registrar",
            Role::Cashier => "cashier",
            Role::Supervisor => "supervisor",
            Role::Admin => "admin",
        }
    }

    pub fn from_code(code: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.code() == code)
    }
}

/// What a signed-in member of staff may do. Roles grant permissions (see okno-core's `auth`);
/// the UI shows and hides by permission, the core enforces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Permission {
    ViewCases,
    RegisterCase,
    HandleCase,
    ReassignCase,
    ViewFiling,
    RegisterFiling,
    EditCatalogue,
    ManageStaff,
    /// See the sync conflicts the server could not settle, and settle them.
    ReviewConflicts,
    /// Enrol this workstation with the office's server and manage its sync.
    ManageDevice,
    /// Close the office's day (void unused legal numbers, sign the day off).
    CloseDay,
    /// Certify signatures and copies (registrars).
    Certify,
    /// Read the certification ledger and check its chain.
    ViewLedger,
    /// Review the office's day or any period: figures, charts, open work (supervisors).
    ReviewDay,
    /// Search the civil registry and open persons' cards (every opening is audited).
    LookupRegistry,
    /// See and export the audit log of registry look-ups (supervisors).
    ViewRegistryAudit,
}

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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum FilingDirection {
    Incoming,
    Outgoing,
}

// ---------------------------------------------------------------------------------------------
// Errors

/// A stable error code. The UI translates `error.<code>`; never switch on the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ErrorCode {
    /// One or more fields are wrong; see `fields`.
    Validation,
    NotFound,
    /// Signed in, but the role does not allow this.
    Forbidden,
    /// Not signed in, or the session has ended.
    Unauthenticated,
    InvalidCredentials,
    AccountDisabled,
    /// The case's status cannot move that way.
    InvalidTransition,
    AlreadyInitialized,
    NotInitialized,
    TooLarge,
    UnsupportedType,
    /// Someone else's change came first (a unique key is taken).
    Duplicate,
    /// The working copy could not be read or written.
    Storage,
    /// The document could not be sent to the printer (it was saved all the same).
    PrintFailed,
    /// This workstation has used every number the server leased to it and cannot reach the
    /// server for more: the legal number cannot be given offline.
    NumbersExhausted,
    /// The enrolment code is unknown, used already or expired.
    EnrolmentRefused,
    /// The office's administrator has revoked this workstation.
    DeviceRevoked,
    /// The server could not be reached (the work goes on offline).
    ServerUnreachable,
    /// The server answered with an error it explains in `message`.
    ServerError,
    /// The operating system's credential store (keyring) is not available.
    CredentialStore,
    /// This workstation's device secret is missing, unreadable or no longer accepted by the
    /// server: it keeps working offline, and must be re-joined with a new enrolment code.
    RejoinNeeded,
    /// The server and this workstation speak no common protocol version.
    UnsupportedProtocol,
    /// This workstation holds no seal key the office has certified yet (connect to the server
    /// once after enrolment).
    SealKeyMissing,
    /// The ledger entry was cancelled or corrected already.
    AlreadySuperseded,
    /// The sync conflict was settled already (here or on another workstation).
    AlreadySettled,
    /// The office's day was closed (signed off): nothing can be recorded on it any more.
    DayClosed,
    /// The day cannot be closed yet: `fields` names each failing checklist item
    /// (`checks.<item>`, with how many things fail it as `limit`).
    DayNotReady,
    Internal,
}

/// Why one field was refused. The UI translates `field_error.<code>`, with `limit` as a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum FieldErrorCode {
    Required,
    TooLong,
    TooShort,
    TooSmall,
    TooLarge,
    Malformed,
    InvalidDate,
    DateInFuture,
    UnknownService,
    UnknownAgency,
    UnknownStaff,
    UnknownCase,
    UnknownChecklistItem,
    Taken,
    WeakPassword,
    MissingTranslation,
    /// A day-close checklist item fails.
    CheckFailed,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FieldError {
    /// The field's path in the request, e.g. `party.name` or `names.fa`.
    pub field: String,
    pub code: FieldErrorCode,
    /// The bound that was broken (length, size, count), when there is one.
    #[ts(type = "number | null")]
    pub limit: Option<i64>,
}

/// The one error shape that reaches the UI.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ApiError {
    pub code: ErrorCode,
    /// English, for logs and developers; the UI shows its own translation of `code`.
    pub message: String,
    pub fields: Vec<FieldError>,
}

// ---------------------------------------------------------------------------------------------
// Office, staff, session

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SetupStatus {
    pub initialized: bool,
    pub office_name: Option<String>,
    pub demo: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct OfficeInput {
    pub name: String,
    pub address: String,
    pub locale: Locale,
    /// ISO 4217, e.g. "EUR", "HUF", "SEK", "IRR".
    pub currency: String,
    /// IANA time zone name, e.g. "Europe/Bratislava".
    pub time_zone: String,
    pub calendar: Calendar,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct OfficeView {
    pub id: Uuid,
    pub name: String,
    pub address: String,
    pub locale: Locale,
    pub currency: String,
    pub time_zone: String,
    pub calendar: Calendar,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct NewStaff {
    pub username: String,
    pub display_name: String,
    pub password: String,
    pub roles: Vec<Role>,
    pub locale: Locale,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SetupRequest {
    pub office: OfficeInput,
    pub admin: NewStaff,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct StaffView {
    pub id: Uuid,
    pub username: String,
    pub display_name: String,
    pub roles: Vec<Role>,
    pub locale: Locale,
    pub active: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct LoginRequest {
    pub username: String,
    pub password: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Session {
    pub token: String,
    pub staff: StaffView,
    pub office: OfficeView,
    pub permissions: Vec<Permission>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SetLocaleRequest {
    pub locale: Locale,
}

// ---------------------------------------------------------------------------------------------
// Catalogue

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AgencyView {
    pub id: Uuid,
    pub code: String,
    pub names: LocalizedText,
    pub active: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AgencyInput {
    /// `None` creates a new agency.
    pub id: Option<Uuid>,
    pub code: String,
    pub names: LocalizedText,
    pub active: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ServiceView {
    pub id: Uuid,
    pub agency_id: Uuid,
    pub code: String,
    pub names: LocalizedText,
    /// Integer minor units of `currency`.
    #[ts(type = "number")]
    pub fee_minor: i64,
    pub currency: String,
    pub required_documents: Vec<LocalizedText>,
    pub deadline_days: u32,
    pub queue_category: String,
    pub active: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ServiceInput {
    pub id: Option<Uuid>,
    pub agency_id: Uuid,
    pub code: String,
    pub names: LocalizedText,
    #[ts(type = "number")]
    pub fee_minor: i64,
    pub required_documents: Vec<LocalizedText>,
    pub deadline_days: u32,
    pub queue_category: String,
    pub active: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Catalogue {
    pub agencies: Vec<AgencyView>,
    pub services: Vec<ServiceView>,
}

// ---------------------------------------------------------------------------------------------
// Cases

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

// ---------------------------------------------------------------------------------------------
// Filing registry

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

// ---------------------------------------------------------------------------------------------
// Attachments

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

// ---------------------------------------------------------------------------------------------
// Sync outbox (shipped by the sync issue; visible now so the clerk knows what waits)

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct OutboxStatus {
    #[ts(type = "number")]
    pub pending: i64,
    pub oldest: Option<DateTime<Utc>>,
}

// ---------------------------------------------------------------------------------------------
// Sync with the office's server, as the workstation's UI sees it

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum SyncState {
    /// Not enrolled with a server: this working copy is the office's only record.
    Standalone,
    /// Enrolled; the last exchange with the server succeeded.
    Online,
    /// Enrolled; the server cannot be reached just now (work goes on, sync retries).
    Offline,
    /// Enrolled, and the server has refused this workstation (revoked).
    Revoked,
    /// Enrolled; the server answered with an error (see `last_error`).
    Error,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum SyncPhase {
    Uploading,
    Pushing,
    Pulling,
    Downloading,
    /// The civil registry's snapshot (rows of the office's registry).
    Registry,
}

/// A long catch-up's progress: `done` of `total` items of the current phase.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SyncProgress {
    pub phase: SyncPhase,
    #[ts(type = "number")]
    pub done: i64,
    #[ts(type = "number | null")]
    pub total: Option<i64>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SyncStatus {
    pub state: SyncState,
    pub server_url: Option<String>,
    pub device_name: Option<String>,
    /// When the last complete exchange (push and pull) with the server ended.
    pub last_sync_at: Option<DateTime<Utc>>,
    /// Commands made here and not yet acknowledged by the server.
    #[ts(type = "number")]
    pub pending: i64,
    pub oldest_pending: Option<DateTime<Utc>>,
    /// The last failure, for the indicator's detail (translated by `code`).
    pub last_error: Option<ApiError>,
    /// Set while a sync runs.
    pub progress: Option<SyncProgress>,
    /// Commands the server refused, and conflicts it left to a supervisor.
    #[ts(type = "number")]
    pub rejected: i64,
    #[ts(type = "number")]
    pub conflicts: i64,
    /// When the next automatic attempt is due after a failure (backoff).
    pub next_attempt_at: Option<DateTime<Utc>>,
    /// The device secret is missing, unreadable or refused by the server: the desk works on
    /// offline and must be re-joined with a new enrolment code (`rejoin_device`).
    pub needs_rejoin: bool,
    /// The device secret is kept in memory only (no usable OS keyring, or browser mode's
    /// `--memory-credentials`): after a restart the desk must be re-joined.
    pub memory_credentials: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct EnrolRequest {
    /// The office server's base URL, e.g. `https://okno.rajec.sk`.
    pub server_url: String,
    /// The one-time code from the office's administrator.
    pub code: String,
    /// How this workstation is called in the office (e.g. "Desk 2").
    pub device_name: String,
}

/// Re-joins an enrolled workstation that lost its device secret: the same device, outbox and
/// sequence, with a new one-time code from the office's administrator.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RejoinRequest {
    /// The one-time code from the office's administrator.
    pub code: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum SyncOutcome {
    Rejected,
    Conflict,
}

/// A change made here that the server refused (`rejected`) or could not settle (`conflict`).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SyncIssue {
    #[ts(type = "number")]
    pub seq: i64,
    /// The command's name, e.g. `case.change_status`.
    pub command: String,
    pub outcome: SyncOutcome,
    /// Stable reason code (`invalid_transition`, `forbidden`, ...), translated by the UI.
    pub code: String,
    /// The server's explanation, in English, for the record.
    pub message: String,
    pub case_id: Option<Uuid>,
    pub case_number: Option<String>,
    pub at: DateTime<Utc>,
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

/// A disagreement the server could not settle by itself, waiting for a supervisor.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ConflictView {
    pub id: Uuid,
    pub case_id: Option<Uuid>,
    pub case_number: Option<String>,
    /// `status`: two workstations moved the case's status in incompatible ways.
    pub kind: String,
    /// The status the server holds, and the change that could not be applied on top of it.
    pub server_status: Option<CaseStatus>,
    pub attempted_from: Option<CaseStatus>,
    pub attempted_to: Option<CaseStatus>,
    pub actor_name: Option<String>,
    pub device_name: Option<String>,
    pub created_at: DateTime<Utc>,
    /// The case as this workstation holds it now (the server's version after a pull).
    pub case_subject: Option<String>,
    pub case_party_name: Option<String>,
    pub current_status: Option<CaseStatus>,
    /// What the attempted change said (its note), when it is still here.
    pub attempted_note: Option<String>,
    /// Where a supervisor may move the case from its current status.
    pub allowed: Vec<CaseStatus>,
}

/// Nothing to send or nothing to answer.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Empty {}
