//! The error shape the UI switches on: a stable code, and one field error per refused field.

use super::*;

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
    /// A tool the workstation needs is not installed (the speech synthesiser for announcements).
    Unavailable,
    /// The sync conflict was settled already (here or on another workstation).
    AlreadySettled,
    /// The office's day was closed (signed off): nothing can be recorded on it any more.
    DayClosed,
    /// The day cannot be closed yet: `fields` names each failing checklist item
    /// (`checks.<item>`, with how many things fail it as `limit`).
    DayNotReady,
    /// Cash is taken or paid out only within a cash session open at this desk.
    NoCashSession,
    /// This desk (or this cashier) has a cash session open already.
    CashSessionOpen,
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
    /// No active queue category has this code.
    UnknownCategory,
    /// Spans of time overlap or are out of order.
    Overlap,
    /// No booking has this code (at this office).
    UnknownBooking,
    /// The booking was cancelled or checked in already.
    BookingUsed,
    Taken,
    WeakPassword,
    MissingTranslation,
    /// A day-close checklist item fails.
    CheckFailed,
    /// Not the office's currency.
    WrongCurrency,
    /// Less cash was handed over than the total.
    TenderTooLow,
    /// The fee was paid (or ordered) already.
    AlreadyPaid,
    /// A void or refund cannot take this entry back (a void, or one taken back already).
    NotTakeBack,
    /// This needs a supervisor's approval.
    SupervisorRequired,
    /// The approval's user name or password is wrong, or it is not a supervisor's.
    NotSupervisor,
    /// The amount differs from what is due.
    AmountMismatch,
    /// A question or call-back request needs a phone number or an e-mail address.
    ContactNeeded,
    /// Not one of the choices offered (a root cause, a rating's reason, a survey's option).
    UnknownOption,
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
