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
pub mod attachments;
pub mod cases;
pub mod cash;
pub mod catalogue;
pub mod certification;
pub mod commands;
pub mod document;
pub mod errors;
pub mod feedback;
pub mod filing;
pub mod office;
pub mod queue;
pub mod registry;
pub mod review;
pub mod sync;

pub use attachments::*;
pub use cases::*;
pub use cash::*;
pub use catalogue::*;
pub use certification::*;
pub use document::*;
pub use errors::*;
pub use feedback::*;
pub use filing::*;
pub use office::*;
pub use queue::*;
pub use registry::*;
pub use review::*;
pub use sync::desk::*;

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
    /// Change the office's settings: its public address (admins).
    ManageOffice,
    /// Take tickets for citizens, call them and serve them at this desk.
    ServeQueue,
    /// Take fees: payments, receipts, voids and refunds, payment orders, a cash session.
    TakePayments,
    /// Sign off a cash session's difference and allow voids of closed sessions (supervisors).
    SuperviseCash,
    /// Take down a citizen's complaint, suggestion or question, and handle the items assigned.
    TakeFeedback,
    /// Assign, answer, close and reject any feedback item; see the figures about named staff;
    /// build surveys; set deadlines and root causes (supervisors).
    SuperviseFeedback,
}

/// Nothing to send or nothing to answer.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Empty {}
