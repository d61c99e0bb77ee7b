//! Sync as the workstation's UI sees it: the outbox, the state of the connection, what the
//! server refused, and the conflicts waiting for a supervisor.

use crate::*;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

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
    /// An enrolled desk keeps its device secret in memory only (no usable OS keyring, or
    /// `--memory-credentials`): after a restart it must be re-joined.
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
