//! Walk-in cases: intake at the desk, the day's and all open cases, and their handling. Every
//! change is one transaction that writes the case, an append-only [`CaseEventKind`] entry with
//! who and when, and a command in the sync outbox.

pub use okno_rules::status;

mod handling;
mod intake;
mod views;

pub(crate) use handling::{change_status_in, reassign_in};
pub(crate) use views::{push_text_match, summaries_by_rowid};

use chrono::{Duration, NaiveDate};
use okno_rules::fold::ascii_digits;
use okno_wire::commands::{self, Command};
use okno_wire::{
    AddNoteRequest, CaseDetail, CaseEventKind, CaseEventView, CaseFilter, CaseList, CaseScope,
    CaseStatus, CaseSummary, ChangeStatusRequest, ChecklistItem, FieldErrorCode, IntakeRequest,
    LocalizedText, PartyView, Permission, ReassignRequest, UpdateCaseRequest,
};
use serde::{de::DeserializeOwned, Serialize};
use sqlx::{QueryBuilder, Sqlite};
use uuid::Uuid;

use crate::auth::Actor;
use crate::catalogue::json_names;
use crate::clock::from_millis;
use crate::error::{Check, CoreError, Result};
use crate::numbering::{self, Series};
use crate::office::Office;
use crate::{ids, outbox, Workstation};

pub const MAX_SUBJECT: usize = 200;
pub const MAX_DESCRIPTION: usize = 4000;
pub const MAX_NAME: usize = 200;
pub const MAX_NOTE: usize = 2000;
pub const MAX_PAGE: u32 = 200;

/// The snake_case code serde gives a unit enum variant.
pub(crate) fn code_of<T: Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

pub(crate) fn parse_code<T: DeserializeOwned>(code: &str) -> Result<T> {
    serde_json::from_value(serde_json::Value::String(code.to_string()))
        .map_err(|_| CoreError::Internal(format!("stored code {code:?} is unknown")))
}

/// The due date: the office's calendar day of intake plus the service's deadline.
pub fn due_date(received_local: NaiveDate, deadline_days: u32) -> NaiveDate {
    received_local + Duration::days(i64::from(deadline_days))
}
