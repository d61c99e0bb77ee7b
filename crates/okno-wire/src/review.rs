//! The supervisor's day: the review of a day or period computed from the working copy (offline),
//! the open work that needs a decision, the settlement of sync conflicts, and the day close
//! with its checklist and sign-off.
//!
//! Days are the office's calendar days in its time zone; a period runs from `from` to `to`,
//! both included.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use crate::{Calendar, CaseStatus, CaseSummary, LocalizedText};

/// Periods offered to pick from, computed in the office's calendar (a Persian-calendar office
/// gets Persian weeks, months and half-years).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum PeriodPreset {
    Today,
    Yesterday,
    ThisWeek,
    ThisMonth,
    LastMonth,
    ThisHalfYear,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PeriodOption {
    pub preset: PeriodPreset,
    pub from: NaiveDate,
    pub to: NaiveDate,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ReviewPeriods {
    /// The office's day now.
    pub today: NaiveDate,
    pub calendar: Calendar,
    pub time_zone: String,
    pub options: Vec<PeriodOption>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ReviewRequest {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

/// The case figures of a period, for the whole office or one group of it.
///
/// - `received`: cases registered in the period.
/// - `resolved` / `rejected`: cases that reached that status in the period (a case counts once
///   per period, however often it was reopened and resolved again).
/// - `open`: cases still being worked on at the end of the period (received, in progress,
///   waiting for the citizen or forwarded), whenever they came in.
/// - `overdue`: of those, the ones whose due date lies before the period's last day.
/// - handling time: from intake to the resolution counted in `resolved`, in milliseconds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CaseFigures {
    #[ts(type = "number")]
    pub received: i64,
    #[ts(type = "number")]
    pub resolved: i64,
    #[ts(type = "number")]
    pub rejected: i64,
    #[ts(type = "number")]
    pub open: i64,
    #[ts(type = "number")]
    pub overdue: i64,
    #[ts(type = "number | null")]
    pub handling_median_ms: Option<i64>,
    #[ts(type = "number | null")]
    pub handling_p90_ms: Option<i64>,
}

/// What the figures of a review are broken down by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ReviewDimension {
    Service,
    Agency,
    Channel,
    /// Received: who registered the case; resolved and rejected: who made that change; open
    /// and overdue: to whom the case is assigned now (`key` is empty for nobody).
    Clerk,
}

/// One bar of a breakdown.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ReviewGroup {
    /// The service's or agency's id, the channel's code, or the clerk's id ("" for nobody).
    pub key: String,
    /// The service's or agency's names; empty for channels and clerks.
    pub names: LocalizedText,
    /// The clerk's display name; `None` otherwise.
    pub label: Option<String>,
    pub figures: CaseFigures,
}

/// One point of the day-by-day line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ReviewDay {
    pub day: NaiveDate,
    #[ts(type = "number")]
    pub received: i64,
    #[ts(type = "number")]
    pub resolved: i64,
    /// Open at the end of the day.
    #[ts(type = "number")]
    pub open: i64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CertificationFigures {
    #[ts(type = "number")]
    pub signatures: i64,
    #[ts(type = "number")]
    pub copies: i64,
    #[ts(type = "number")]
    pub corrections: i64,
    #[ts(type = "number")]
    pub cancellations: i64,
    /// Fees of the signatures and copies certified, in minor units of the office's currency.
    #[ts(type = "number")]
    pub fees_minor: i64,
    #[ts(type = "number")]
    pub prints: i64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FilingFigures {
    #[ts(type = "number")]
    pub incoming: i64,
    #[ts(type = "number")]
    pub outgoing: i64,
}

/// A legal number voided (left unused in a lease, or taken by a refused change), with why.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct VoidedNumbers {
    /// As printed: `CE-2026/00041–00050`.
    pub label: String,
    pub series: String,
    pub year: i32,
    #[ts(type = "number")]
    pub first: i64,
    #[ts(type = "number")]
    pub last: i64,
    pub reason: String,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DayReview {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub calendar: Calendar,
    pub time_zone: String,
    pub currency: String,
    pub generated_at: DateTime<Utc>,
    pub totals: CaseFigures,
    pub by_service: Vec<ReviewGroup>,
    pub by_agency: Vec<ReviewGroup>,
    pub by_channel: Vec<ReviewGroup>,
    pub by_clerk: Vec<ReviewGroup>,
    pub days: Vec<ReviewDay>,
    pub certifications: CertificationFigures,
    pub filings: FilingFigures,
    pub voided: Vec<VoidedNumbers>,
    pub conflicts_settled: Vec<ConflictSettlement>,
    /// Sign-offs of days in the period.
    pub closes: Vec<DayCloseView>,
    /// The queue: tickets, waiting and service times, overall and per category, desk and hour.
    pub queue: QueueFigures,
    /// The cash desk: revenue by method, service and cashier, the sessions and their
    /// differences, payment orders still open.
    pub cash: crate::cash::CashFigures,
}

/// The queue's figures of a period (or of one category, desk or hour of it). Waiting time runs
/// from taking the ticket to its first call; service time from the start of service to its end.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct QueueGroupFigures {
    #[ts(type = "number")]
    pub tickets: i64,
    /// Served to the end.
    #[ts(type = "number")]
    pub served: i64,
    #[ts(type = "number")]
    pub no_shows: i64,
    /// Still waiting, called or parked (at the period's end, as this workstation knows it).
    #[ts(type = "number")]
    pub open: i64,
    #[ts(type = "number | null")]
    pub wait_median_ms: Option<i64>,
    #[ts(type = "number | null")]
    pub wait_p90_ms: Option<i64>,
    #[ts(type = "number | null")]
    pub wait_longest_ms: Option<i64>,
    #[ts(type = "number | null")]
    pub service_median_ms: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct QueueGroup {
    /// The category's code, the desk's label, or the hour (`08`).
    pub key: String,
    /// The category's names (empty for desks and hours).
    pub names: crate::LocalizedText,
    pub figures: QueueGroupFigures,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct QueueFigures {
    /// Appointments of the period (by the start of their slot), cancelled ones aside.
    #[ts(type = "number")]
    pub appointments: i64,
    /// Checked in (within the grace period or later).
    #[ts(type = "number")]
    pub appointments_kept: i64,
    /// Never checked in, and their slot is over.
    #[ts(type = "number")]
    pub appointments_missed: i64,
    pub totals: QueueGroupFigures,
    pub by_category: Vec<QueueGroup>,
    /// By the desk that called the ticket last.
    pub by_desk: Vec<QueueGroup>,
    /// By the office's hour the ticket was taken.
    pub by_hour: Vec<QueueGroup>,
}

/// Which number of a review to open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ReviewMeasure {
    Received,
    Resolved,
    Rejected,
    Open,
    Overdue,
}

/// The records behind one number of a review: the measure over the period (or one `day` of
/// it), optionally narrowed to one group of a breakdown.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DrillRequest {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub measure: ReviewMeasure,
    pub dimension: Option<ReviewDimension>,
    pub key: Option<String>,
    pub day: Option<NaiveDate>,
    pub limit: Option<u32>,
    pub offset: Option<u32>,
}

// ---------------------------------------------------------------------------------------------
// Open work

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct OpenWorkRequest {
    /// A case waiting for the citizen longer than this many days is listed.
    pub waiting_days: u32,
    /// A case due within this many days (today included) is nearly due.
    pub due_within_days: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct WaitingCase {
    pub case: CaseSummary,
    pub waiting_since: DateTime<Utc>,
}

/// Open cases per member of staff, to see who is overloaded.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct StaffLoad {
    pub staff_id: Option<Uuid>,
    pub name: Option<String>,
    #[ts(type = "number")]
    pub open: i64,
    #[ts(type = "number")]
    pub overdue: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct OpenWork {
    pub today: NaiveDate,
    pub overdue: Vec<CaseSummary>,
    pub due_soon: Vec<CaseSummary>,
    pub waiting: Vec<WaitingCase>,
    /// Cases still "received" with nobody assigned (the day close requires none).
    pub unassigned: Vec<CaseSummary>,
    pub load: Vec<StaffLoad>,
    /// Feedback items open past their answer deadline.
    pub feedback_overdue: Vec<crate::FeedbackSummary>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BulkReassignRequest {
    pub case_ids: Vec<Uuid>,
    /// `None` takes the cases off anyone's list.
    pub to: Option<Uuid>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BulkReassignResult {
    #[ts(type = "number")]
    pub reassigned: i64,
}

// ---------------------------------------------------------------------------------------------
// Conflicts

/// A supervisor's decision on a status conflict: keep what the server holds, or move the case
/// on from there (a normal status change, recorded as the supervisor's).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ConflictDecision {
    KeepServer,
    MoveTo,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SettleConflictRequest {
    pub conflict_id: Uuid,
    pub decision: ConflictDecision,
    /// The status to move the case to, for `move_to`: one the case may move to from the
    /// server's status.
    pub to: Option<CaseStatus>,
    /// Why (kept in the case's history).
    pub note: String,
}

/// A conflict a supervisor settled.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ConflictSettlement {
    pub conflict_id: Uuid,
    pub case_id: Option<Uuid>,
    pub case_number: Option<String>,
    pub decision: ConflictDecision,
    pub to: Option<CaseStatus>,
    pub note: String,
    pub settled_by: Option<String>,
    pub settled_at: DateTime<Utc>,
}

// ---------------------------------------------------------------------------------------------
// Day close

/// One item of the day-close checklist.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum CloseCheckKind {
    /// Every change made here has reached the server (nothing waits in the outbox), and the
    /// workstation has synced since the day ended or during the last minutes.
    Synced,
    /// Every legal number leased to this workstation is used or voided with a reason.
    NumbersAccounted,
    /// No case of the day or earlier is still "received" with nobody assigned.
    ReceivedCasesOwned,
    /// No sync conflict is left unsettled.
    ConflictsSettled,
    /// No cash session of the day is still open or waiting for a supervisor's sign-off.
    CashClosed,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CloseCheck {
    pub kind: CloseCheckKind,
    pub passed: bool,
    /// How many things fail the item (commands waiting, numbers left, cases, conflicts).
    #[ts(type = "number")]
    pub count: i64,
    /// What fails, to act on: case numbers, number ranges (`CE-2026/00041–00050`), command
    /// names.
    pub items: Vec<String>,
}

/// A signed-off day: recorded once, synced, never edited.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DayCloseView {
    pub id: Uuid,
    pub day: NaiveDate,
    pub closed_by: Uuid,
    pub closed_by_name: Option<String>,
    pub closed_at: DateTime<Utc>,
    pub note: Option<String>,
    /// The day's figures as signed off.
    pub figures: CaseFigures,
    /// Whether the server has the sign-off.
    pub synced: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DayRef {
    pub day: NaiveDate,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DayCloseStatus {
    pub day: NaiveDate,
    pub today: NaiveDate,
    /// Whether this workstation is enrolled with a server (a standalone desk has nothing to
    /// sync).
    pub enrolled: bool,
    pub closed: Option<DayCloseView>,
    pub checks: Vec<CloseCheck>,
    /// Every check passed and the day is not closed yet.
    pub ready: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CloseDayRequest {
    pub day: NaiveDate,
    pub note: Option<String>,
}

/// Voids every number left in this workstation's open leases (day close).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct VoidNumbersRequest {
    pub reason: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct VoidNumbersResult {
    #[ts(type = "number")]
    pub voided: i64,
}
