//! The core's one error type. At the boundary it becomes an [`ApiError`] with a stable code;
//! the UI translates the code and shows field errors next to their fields.

use okno_wire::{ApiError, ErrorCode, FieldError, FieldErrorCode};

#[derive(Debug, thiserror::Error)]
pub enum CoreError {
    #[error("invalid input: {0:?}")]
    Validation(Vec<FieldError>),
    #[error("{0} not found")]
    NotFound(&'static str),
    #[error("not allowed for this role")]
    Forbidden,
    #[error("not signed in")]
    Unauthenticated,
    #[error("wrong user name or password")]
    InvalidCredentials,
    #[error("this account is disabled")]
    AccountDisabled,
    #[error("a case cannot move from {from} to {to}")]
    InvalidTransition {
        from: &'static str,
        to: &'static str,
    },
    #[error("the office is already set up")]
    AlreadyInitialized,
    #[error("the office is not set up yet")]
    NotInitialized,
    #[error("the file is larger than {limit} bytes")]
    TooLarge { limit: i64 },
    #[error("files of type {0} are not accepted")]
    UnsupportedType(String),
    #[error("working copy: {0}")]
    Storage(#[from] sqlx::Error),
    #[error("migrating the working copy: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("no legal numbers of the {0} series are left on this workstation, and the server cannot be reached for more")]
    NumbersExhausted(&'static str),
    #[error("the enrolment code was refused: {0}")]
    EnrolmentRefused(String),
    #[error("this workstation has been revoked by the office's administrator")]
    DeviceRevoked,
    #[error("the server cannot be reached: {0}")]
    ServerUnreachable(String),
    #[error("the server answered {code}: {message}")]
    Server { code: String, message: String },
    #[error("the credential store is not available: {0}")]
    CredentialStore(String),
    #[error("this workstation must be re-joined to the office server: its device secret is missing, unreadable or no longer accepted")]
    RejoinNeeded,
    #[error("the server does not speak this workstation's protocol version")]
    UnsupportedProtocol,
    #[error("this workstation holds no seal key certified by the office yet")]
    SealKeyMissing,
    #[error("the ledger entry was cancelled or corrected already")]
    AlreadySuperseded,
    #[error("the conflict was settled already")]
    AlreadySettled,
    #[error("the office's day {0} is closed: nothing can be recorded on it any more")]
    DayClosed(chrono::NaiveDate),
    #[error("the day cannot be closed yet: {}", .0.iter().map(|f| f.field.as_str()).collect::<Vec<_>>().join(", "))]
    DayNotReady(Vec<FieldError>),
    /// The record exists already (a visit's rating, a survey's answer).
    #[error("{0} exists already")]
    Duplicate(&'static str),
    #[error("no cash session is open at this desk")]
    NoCashSession,
    #[error("a cash session is open here already")]
    CashSessionOpen,
    /// A tool the workstation needs is not there (the speech synthesiser).
    #[error("not available on this workstation: {0}")]
    Unavailable(String),
    /// A host was started with arguments it cannot read.
    #[error("{0}")]
    Usage(String),
    #[error("internal: {0}")]
    Internal(String),
}

pub type Result<T, E = CoreError> = std::result::Result<T, E>;

impl CoreError {
    pub fn code(&self) -> ErrorCode {
        match self {
            CoreError::Validation(_) => ErrorCode::Validation,
            CoreError::NotFound(_) => ErrorCode::NotFound,
            CoreError::Forbidden => ErrorCode::Forbidden,
            CoreError::Unauthenticated => ErrorCode::Unauthenticated,
            CoreError::InvalidCredentials => ErrorCode::InvalidCredentials,
            CoreError::AccountDisabled => ErrorCode::AccountDisabled,
            CoreError::InvalidTransition { .. } => ErrorCode::InvalidTransition,
            CoreError::AlreadyInitialized => ErrorCode::AlreadyInitialized,
            CoreError::NotInitialized => ErrorCode::NotInitialized,
            CoreError::TooLarge { .. } => ErrorCode::TooLarge,
            CoreError::UnsupportedType(_) => ErrorCode::UnsupportedType,
            CoreError::Storage(sqlx::Error::Database(db)) if db.is_unique_violation() => {
                ErrorCode::Duplicate
            }
            CoreError::Storage(_) | CoreError::Migrate(_) => ErrorCode::Storage,
            CoreError::Duplicate(_) => ErrorCode::Duplicate,
            CoreError::NumbersExhausted(_) => ErrorCode::NumbersExhausted,
            CoreError::EnrolmentRefused(_) => ErrorCode::EnrolmentRefused,
            CoreError::DeviceRevoked => ErrorCode::DeviceRevoked,
            CoreError::ServerUnreachable(_) => ErrorCode::ServerUnreachable,
            CoreError::Server { .. } => ErrorCode::ServerError,
            CoreError::CredentialStore(_) => ErrorCode::CredentialStore,
            CoreError::RejoinNeeded => ErrorCode::RejoinNeeded,
            CoreError::UnsupportedProtocol => ErrorCode::UnsupportedProtocol,
            CoreError::SealKeyMissing => ErrorCode::SealKeyMissing,
            CoreError::AlreadySuperseded => ErrorCode::AlreadySuperseded,
            CoreError::AlreadySettled => ErrorCode::AlreadySettled,
            CoreError::DayClosed(_) => ErrorCode::DayClosed,
            CoreError::DayNotReady(_) => ErrorCode::DayNotReady,
            CoreError::NoCashSession => ErrorCode::NoCashSession,
            CoreError::CashSessionOpen => ErrorCode::CashSessionOpen,
            CoreError::Usage(_) => ErrorCode::Validation,
            CoreError::Unavailable(_) => ErrorCode::Unavailable,
            CoreError::Internal(_) => ErrorCode::Internal,
        }
    }

    /// One field refused for one reason.
    pub fn field(field: &str, code: FieldErrorCode) -> CoreError {
        CoreError::Validation(vec![FieldError {
            field: field.to_string(),
            code,
            limit: None,
        }])
    }

    pub fn into_api(self) -> ApiError {
        let code = self.code();
        let fields = match &self {
            CoreError::Validation(fields) | CoreError::DayNotReady(fields) => fields.clone(),
            _ => Vec::new(),
        };
        if matches!(code, ErrorCode::Storage | ErrorCode::Internal) {
            tracing::error!(error = %self, "request failed");
        }
        ApiError {
            code,
            message: self.to_string(),
            fields,
        }
    }
}

impl From<CoreError> for ApiError {
    fn from(e: CoreError) -> ApiError {
        e.into_api()
    }
}

/// Collects every field error of one request, so the clerk sees them all at once.
#[derive(Default, Debug)]
pub struct Check {
    errors: Vec<FieldError>,
}

impl Check {
    pub fn new() -> Check {
        Check::default()
    }

    pub fn fail(&mut self, field: impl Into<String>, code: FieldErrorCode, limit: Option<i64>) {
        self.errors.push(FieldError {
            field: field.into(),
            code,
            limit,
        });
    }

    /// A required text: trimmed, not empty, at most `max` characters. Returns the trimmed text.
    pub fn text(&mut self, field: &str, value: &str, max: usize) -> String {
        let v = value.trim();
        if v.is_empty() {
            self.fail(field, FieldErrorCode::Required, None);
        } else if v.chars().count() > max {
            self.fail(field, FieldErrorCode::TooLong, Some(max as i64));
        }
        v.to_string()
    }

    /// An optional text: `None` when blank, else trimmed and at most `max` characters.
    pub fn optional_text(
        &mut self,
        field: &str,
        value: Option<&str>,
        max: usize,
    ) -> Option<String> {
        let v = value.map(str::trim).filter(|v| !v.is_empty())?;
        if v.chars().count() > max {
            self.fail(field, FieldErrorCode::TooLong, Some(max as i64));
        }
        Some(v.to_string())
    }

    pub fn has_errors(&self) -> bool {
        !self.errors.is_empty()
    }

    pub fn finish(self) -> Result<()> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(CoreError::Validation(self.errors))
        }
    }
}
