//! The citizen's voice: complaints, suggestions, ideas, praise, questions and call-back
//! requests (feedback items, handled like small cases with their own number series), ratings at
//! the end of a visit, resident surveys, and the analysis of a period with its public report.
//! Design and rules: `docs/feedback.md`; the Open311 API: `docs/open311.md`.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use crate::{Calendar, Locale, LocalizedText};

/// What a citizen brings. Each kind has its own statutory answer deadline per office.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum FeedbackKind {
    Complaint,
    Suggestion,
    Idea,
    Praise,
    Question,
    /// A request to be called back (by phone or e-mail).
    Callback,
}

impl FeedbackKind {
    pub const ALL: [FeedbackKind; 6] = [
        FeedbackKind::Complaint,
        FeedbackKind::Suggestion,
        FeedbackKind::Idea,
        FeedbackKind::Praise,
        FeedbackKind::Question,
        FeedbackKind::Callback,
    ];

    pub fn code(self) -> &'static str {
        match self {
            FeedbackKind::Complaint => "complaint",
            FeedbackKind::Suggestion => "suggestion",
            FeedbackKind::Idea => "idea",
            FeedbackKind::Praise => "praise",
            FeedbackKind::Question => "question",
            FeedbackKind::Callback => "callback",
        }
    }

    pub fn from_code(code: &str) -> Option<FeedbackKind> {
        FeedbackKind::ALL.into_iter().find(|k| k.code() == code)
    }

    /// A question or a call-back cannot be answered without a way to reach the citizen.
    pub fn needs_contact(self) -> bool {
        matches!(self, FeedbackKind::Question | FeedbackKind::Callback)
    }
}

/// What an item is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum FeedbackAbout {
    Office,
    Service,
    Agency,
    Desk,
    Staff,
}

impl FeedbackAbout {
    pub const ALL: [FeedbackAbout; 5] = [
        FeedbackAbout::Office,
        FeedbackAbout::Service,
        FeedbackAbout::Agency,
        FeedbackAbout::Desk,
        FeedbackAbout::Staff,
    ];

    pub fn code(self) -> &'static str {
        match self {
            FeedbackAbout::Office => "office",
            FeedbackAbout::Service => "service",
            FeedbackAbout::Agency => "agency",
            FeedbackAbout::Desk => "desk",
            FeedbackAbout::Staff => "staff",
        }
    }

    pub fn from_code(code: &str) -> Option<FeedbackAbout> {
        FeedbackAbout::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// Where an item is in its handling (the transitions are `okno_rules::feedback::step`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum FeedbackState {
    Received,
    InProgress,
    Answered,
    Closed,
    Rejected,
}

impl FeedbackState {
    pub const ALL: [FeedbackState; 5] = [
        FeedbackState::Received,
        FeedbackState::InProgress,
        FeedbackState::Answered,
        FeedbackState::Closed,
        FeedbackState::Rejected,
    ];

    pub fn code(self) -> &'static str {
        match self {
            FeedbackState::Received => "received",
            FeedbackState::InProgress => "in_progress",
            FeedbackState::Answered => "answered",
            FeedbackState::Closed => "closed",
            FeedbackState::Rejected => "rejected",
        }
    }

    pub fn from_code(code: &str) -> Option<FeedbackState> {
        FeedbackState::ALL.into_iter().find(|k| k.code() == code)
    }

    /// Still waiting for the office (counts against the deadline).
    pub fn is_open(self) -> bool {
        matches!(self, FeedbackState::Received | FeedbackState::InProgress)
    }
}

/// How an item reached the office.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum FeedbackChannel {
    /// Taken down by a member of staff at a desk (in person, by phone or by letter).
    Desk,
    /// The office server's public feedback page.
    PublicPage,
    /// The kiosk in the waiting room.
    Kiosk,
    /// An Open311 client (a city app, an aggregator).
    Open311,
    /// A rating's comment made into an item.
    Rating,
}

impl FeedbackChannel {
    pub const ALL: [FeedbackChannel; 5] = [
        FeedbackChannel::Desk,
        FeedbackChannel::PublicPage,
        FeedbackChannel::Kiosk,
        FeedbackChannel::Open311,
        FeedbackChannel::Rating,
    ];

    pub fn code(self) -> &'static str {
        match self {
            FeedbackChannel::Desk => "desk",
            FeedbackChannel::PublicPage => "public_page",
            FeedbackChannel::Kiosk => "kiosk",
            FeedbackChannel::Open311 => "open311",
            FeedbackChannel::Rating => "rating",
        }
    }

    pub fn from_code(code: &str) -> Option<FeedbackChannel> {
        FeedbackChannel::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// A step of an item's handling, each an append-only event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "action", rename_all = "snake_case")]
#[ts(export)]
pub enum FeedbackStep {
    /// Who handles it: an agency, a department (free text), a member of staff.
    Assign {
        #[ts(optional = nullable)]
        agency_code: Option<String>,
        #[ts(optional = nullable)]
        department: Option<String>,
        #[ts(optional = nullable)]
        assignee_id: Option<Uuid>,
    },
    /// Work on it has begun.
    Start,
    /// The answer to the citizen (printed as a letter in their language); `public_note` is what
    /// the public status page and Open311 show (never the answer's personal details).
    Answer {
        answer: String,
        #[ts(optional = nullable)]
        public_note: Option<String>,
    },
    /// Closed with its root cause; a suggestion or idea says whether it was adopted.
    Close {
        root_cause: String,
        #[ts(optional = nullable)]
        adopted: Option<bool>,
    },
    /// Not taken up, with the reason (shown to the citizen).
    Reject { reason: String },
    /// Opened again (the citizen was not satisfied, or the answer was wrong).
    Reopen { reason: String },
    /// An internal note (or, when `public`, one shown on the status page).
    Note { text: String, public: bool },
}

/// The kinds of event on an item's history.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum FeedbackEventKind {
    Received,
    Assigned,
    Started,
    Answered,
    Closed,
    Rejected,
    Reopened,
    Noted,
}

impl FeedbackEventKind {
    pub const ALL: [FeedbackEventKind; 8] = [
        FeedbackEventKind::Received,
        FeedbackEventKind::Assigned,
        FeedbackEventKind::Started,
        FeedbackEventKind::Answered,
        FeedbackEventKind::Closed,
        FeedbackEventKind::Rejected,
        FeedbackEventKind::Reopened,
        FeedbackEventKind::Noted,
    ];

    pub fn code(self) -> &'static str {
        match self {
            FeedbackEventKind::Received => "received",
            FeedbackEventKind::Assigned => "assigned",
            FeedbackEventKind::Started => "started",
            FeedbackEventKind::Answered => "answered",
            FeedbackEventKind::Closed => "closed",
            FeedbackEventKind::Rejected => "rejected",
            FeedbackEventKind::Reopened => "reopened",
            FeedbackEventKind::Noted => "noted",
        }
    }

    pub fn from_code(code: &str) -> Option<FeedbackEventKind> {
        FeedbackEventKind::ALL
            .into_iter()
            .find(|k| k.code() == code)
    }
}

/// A citizen's contact details for the answer (none: anonymous).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FeedbackContact {
    #[ts(optional = nullable)]
    pub name: Option<String>,
    #[ts(optional = nullable)]
    pub email: Option<String>,
    #[ts(optional = nullable)]
    pub phone: Option<String>,
    /// A postal address for a letter.
    #[ts(optional = nullable)]
    pub address: Option<String>,
}

/// An item taken down at a desk.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FeedbackInput {
    pub kind: FeedbackKind,
    pub about: FeedbackAbout,
    #[ts(optional = nullable)]
    pub service_code: Option<String>,
    #[ts(optional = nullable)]
    pub agency_code: Option<String>,
    /// The desk's label (about a desk).
    #[ts(optional = nullable)]
    pub desk: Option<String>,
    /// The member of staff it is about (seen by supervisors only).
    #[ts(optional = nullable)]
    pub staff_id: Option<Uuid>,
    pub description: String,
    /// The citizen's language: the answer letter is written in it.
    pub locale: Locale,
    /// None or empty: anonymous.
    #[ts(optional = nullable)]
    pub contact: Option<FeedbackContact>,
    /// Linked to the visit (the desk's current one, or a ticket's) or a case.
    #[ts(optional = nullable)]
    pub visit_id: Option<Uuid>,
    #[ts(optional = nullable)]
    pub case_id: Option<Uuid>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FeedbackRef {
    pub id: Uuid,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FeedbackStepRequest {
    pub id: Uuid,
    pub step: FeedbackStep,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FeedbackSummary {
    pub id: Uuid,
    pub number: String,
    pub kind: FeedbackKind,
    pub about: FeedbackAbout,
    pub state: FeedbackState,
    pub channel: FeedbackChannel,
    /// The first line of the description, shortened.
    pub title: String,
    pub received_at: DateTime<Utc>,
    #[ts(optional = nullable)]
    pub due_date: Option<NaiveDate>,
    /// Open past its due date.
    pub overdue: bool,
    #[ts(optional = nullable)]
    pub assignee_name: Option<String>,
    #[ts(optional = nullable)]
    pub agency_code: Option<String>,
    pub locale: Locale,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FeedbackEventView {
    pub id: Uuid,
    pub kind: FeedbackEventKind,
    pub at: DateTime<Utc>,
    /// Who did it (none: the citizen, through a public channel).
    #[ts(optional = nullable)]
    pub actor_name: Option<String>,
    #[ts(optional = nullable)]
    pub text: Option<String>,
    /// Shown on the public status page and in Open311.
    pub public: bool,
    #[ts(optional = nullable)]
    pub state: Option<FeedbackState>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FeedbackDetail {
    pub summary: FeedbackSummary,
    pub description: String,
    #[ts(optional = nullable)]
    pub service_code: Option<String>,
    #[ts(optional = nullable)]
    pub desk: Option<String>,
    /// The member of staff it is about: supervisors only (others see none).
    #[ts(optional = nullable)]
    pub staff_name: Option<String>,
    pub staff_hidden: bool,
    #[ts(optional = nullable)]
    pub contact: Option<FeedbackContact>,
    #[ts(optional = nullable)]
    pub department: Option<String>,
    #[ts(optional = nullable)]
    pub assignee_id: Option<Uuid>,
    #[ts(optional = nullable)]
    pub visit_id: Option<Uuid>,
    #[ts(optional = nullable)]
    pub ticket_number: Option<String>,
    #[ts(optional = nullable)]
    pub case_id: Option<Uuid>,
    #[ts(optional = nullable)]
    pub case_number: Option<String>,
    #[ts(optional = nullable)]
    pub answer: Option<String>,
    #[ts(optional = nullable)]
    pub answered_at: Option<DateTime<Utc>>,
    #[ts(optional = nullable)]
    pub root_cause: Option<String>,
    #[ts(optional = nullable)]
    pub adopted: Option<bool>,
    /// A link given with it through Open311 (never fetched).
    #[ts(optional = nullable)]
    pub media_url: Option<String>,
    pub events: Vec<FeedbackEventView>,
    /// What this member of staff may do next.
    pub steps: Vec<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FeedbackFilter {
    #[ts(optional = nullable)]
    pub state: Option<FeedbackState>,
    #[ts(optional = nullable)]
    pub kind: Option<FeedbackKind>,
    /// Only open items past their due date.
    #[serde(default)]
    pub overdue: bool,
    /// Only items assigned to me.
    #[serde(default)]
    pub mine: bool,
    /// Part of the number or the description; blank is no filter.
    #[ts(optional = nullable)]
    pub text: Option<String>,
    #[ts(optional = nullable)]
    pub limit: Option<u32>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FeedbackList {
    pub items: Vec<FeedbackSummary>,
    pub total: u32,
}

/// A statutory answer deadline: days after receipt (calendar days), per kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FeedbackDeadline {
    pub kind: FeedbackKind,
    /// 0: no answer is due (praise).
    pub days: u32,
}

/// A root-cause category chosen when an item is closed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RootCause {
    pub code: String,
    pub names: LocalizedText,
    pub active: bool,
}

/// The office's feedback settings (supervisors).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FeedbackSettings {
    pub deadlines: Vec<FeedbackDeadline>,
    pub root_causes: Vec<RootCause>,
    /// A member of staff's rating figure is shown only over at least this many ratings.
    pub min_ratings_per_person: u32,
}

// --- Ratings -----------------------------------------------------------------------------------

/// The reason chips under the faces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum RatingReason {
    Friendly,
    Competent,
    Quick,
    Clear,
    LongWait,
    Unfriendly,
    Unclear,
    Unresolved,
}

impl RatingReason {
    pub const ALL: [RatingReason; 8] = [
        RatingReason::Friendly,
        RatingReason::Competent,
        RatingReason::Quick,
        RatingReason::Clear,
        RatingReason::LongWait,
        RatingReason::Unfriendly,
        RatingReason::Unclear,
        RatingReason::Unresolved,
    ];

    pub fn code(self) -> &'static str {
        match self {
            RatingReason::Friendly => "friendly",
            RatingReason::Competent => "competent",
            RatingReason::Quick => "quick",
            RatingReason::Clear => "clear",
            RatingReason::LongWait => "long_wait",
            RatingReason::Unfriendly => "unfriendly",
            RatingReason::Unclear => "unclear",
            RatingReason::Unresolved => "unresolved",
        }
    }

    pub fn from_code(code: &str) -> Option<RatingReason> {
        RatingReason::ALL.into_iter().find(|k| k.code() == code)
    }

    pub fn positive(self) -> bool {
        matches!(
            self,
            RatingReason::Friendly
                | RatingReason::Competent
                | RatingReason::Quick
                | RatingReason::Clear
        )
    }
}

/// The visit waiting for its rating on this desk's citizen-facing window.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PendingRating {
    #[ts(optional = nullable)]
    pub visit_id: Option<Uuid>,
    #[ts(optional = nullable)]
    pub ticket: Option<String>,
    #[ts(optional = nullable)]
    pub locale: Option<Locale>,
    /// The office's language (the window's language while no visit waits).
    pub office_locale: Locale,
    pub office_name: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RatingInput {
    pub visit_id: Uuid,
    /// 1 (very unhappy) to 5 (very happy).
    pub score: u8,
    pub reasons: Vec<RatingReason>,
    #[ts(optional = nullable)]
    pub comment: Option<String>,
    pub locale: Locale,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RatingView {
    pub id: Uuid,
    pub visit_id: Uuid,
    pub score: u8,
    pub reasons: Vec<RatingReason>,
    #[ts(optional = nullable)]
    pub comment: Option<String>,
    pub locale: Locale,
    pub at: DateTime<Utc>,
    #[ts(optional = nullable)]
    pub ticket: Option<String>,
    #[ts(optional = nullable)]
    pub desk: Option<String>,
    /// Who served the visit: supervisors only.
    #[ts(optional = nullable)]
    pub staff_name: Option<String>,
    #[ts(optional = nullable)]
    pub wait_minutes: Option<u32>,
    #[ts(optional = nullable)]
    pub service_minutes: Option<u32>,
    /// The feedback item made of its comment, if any.
    #[ts(optional = nullable)]
    pub feedback_id: Option<Uuid>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RatingFilter {
    #[ts(optional = nullable)]
    pub from: Option<NaiveDate>,
    #[ts(optional = nullable)]
    pub to: Option<NaiveDate>,
    /// Only ratings with a comment.
    #[serde(default)]
    pub with_comment: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RatingRef {
    pub id: Uuid,
}

// --- Surveys -----------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum SurveyQuestionKind {
    /// 1 to 5.
    Scale,
    Single,
    Multiple,
    Text,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SurveyOption {
    pub id: String,
    pub text: LocalizedText,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SurveyQuestion {
    /// Short and stable within the survey (`q1`).
    pub id: String,
    pub kind: SurveyQuestionKind,
    pub text: LocalizedText,
    pub required: bool,
    /// Single and multiple choice only.
    pub options: Vec<SurveyOption>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum SurveyState {
    Draft,
    Published,
    Closed,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SurveyInput {
    #[ts(optional = nullable)]
    pub id: Option<Uuid>,
    pub title: LocalizedText,
    pub intro: LocalizedText,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub questions: Vec<SurveyQuestion>,
    pub state: SurveyState,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SurveyView {
    pub id: Uuid,
    pub title: LocalizedText,
    pub intro: LocalizedText,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub questions: Vec<SurveyQuestion>,
    pub state: SurveyState,
    /// Invitation codes issued, and answers received.
    pub codes: u32,
    pub answers: u32,
    /// The public page (on the office server) and the kiosk's link, when the office has an address.
    #[ts(optional = nullable)]
    pub public_url: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SurveyRef {
    pub id: Uuid,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SurveyCodesRequest {
    pub id: Uuid,
    /// 1 to 5000.
    pub count: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SurveyCodes {
    pub codes: Vec<String>,
}

/// An answer: a scale's 1–5, an option's id, several options' ids, or text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(untagged)]
#[ts(export)]
pub enum SurveyAnswerValue {
    Scale(u8),
    Options(Vec<String>),
    Text(String),
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SurveyOptionCount {
    pub id: String,
    pub label: String,
    pub count: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SurveyQuestionResult {
    pub id: String,
    pub kind: SurveyQuestionKind,
    pub text: String,
    pub answered: u32,
    /// A scale's 1..5 or each option's count.
    pub counts: Vec<SurveyOptionCount>,
    #[ts(optional = nullable)]
    pub mean: Option<f64>,
    /// Free texts (at most 200, newest first).
    pub texts: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SurveyResults {
    pub survey: SurveyView,
    pub answers: u32,
    pub questions: Vec<SurveyQuestionResult>,
}

// --- Analysis ----------------------------------------------------------------------------------

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FeedbackReportRequest {
    /// None: the current half-year in the office's calendar.
    #[ts(optional = nullable)]
    pub from: Option<NaiveDate>,
    #[ts(optional = nullable)]
    pub to: Option<NaiveDate>,
}

/// A count under a key, with the key shown in the reader's language.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FeedbackCount {
    pub key: String,
    pub label: String,
    pub count: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AnswerTimes {
    /// Items with a deadline that were answered (or rejected), and of those within it.
    pub answered: u32,
    pub on_time: u32,
    pub late: u32,
    /// The period's items still open now, and of those past their deadline.
    pub open: u32,
    pub open_overdue: u32,
    #[ts(optional = nullable)]
    pub median_days: Option<f64>,
    #[ts(optional = nullable)]
    pub p90_days: Option<f64>,
}

/// Ratings within a band of waiting (or service) time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RatingBand {
    /// `0-5` minutes, … `60-` (open at the top).
    pub key: String,
    pub from_minutes: u32,
    #[ts(optional = nullable)]
    pub to_minutes: Option<u32>,
    pub ratings: u32,
    #[ts(optional = nullable)]
    pub mean: Option<f64>,
}

/// A group's ratings (a desk, a service, a member of staff).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RatingGroup {
    pub key: String,
    pub label: String,
    pub ratings: u32,
    #[ts(optional = nullable)]
    pub mean: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RatingFigures {
    pub ratings: u32,
    /// Visits of the period that ended, and the share rated.
    pub visits: u32,
    #[ts(optional = nullable)]
    pub mean: Option<f64>,
    /// How many gave 1, 2, 3, 4 and 5.
    pub distribution: Vec<u32>,
    pub by_wait: Vec<RatingBand>,
    pub by_service_time: Vec<RatingBand>,
    pub by_desk: Vec<RatingGroup>,
    pub by_service: Vec<RatingGroup>,
    /// Supervisors only, and only members of staff with at least the minimum of ratings.
    pub by_staff: Vec<RatingGroup>,
    pub reasons: Vec<FeedbackCount>,
    /// Median waiting minutes of the rated visits.
    #[ts(optional = nullable)]
    pub median_wait_minutes: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FeedbackReport {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// The period as the office names it ("1397 H2", "2026 H1").
    pub label: String,
    pub calendar: Calendar,
    pub total: u32,
    pub by_kind: Vec<FeedbackCount>,
    pub by_channel: Vec<FeedbackCount>,
    pub by_about: Vec<FeedbackCount>,
    pub by_service: Vec<FeedbackCount>,
    pub by_agency: Vec<FeedbackCount>,
    pub by_desk: Vec<FeedbackCount>,
    pub by_state: Vec<FeedbackCount>,
    pub root_causes: Vec<FeedbackCount>,
    pub answer_times: AnswerTimes,
    pub suggestions: u32,
    pub adopted: u32,
    pub ratings: RatingFigures,
    /// Items per month of the period (the office's calendar months).
    pub by_month: Vec<FeedbackCount>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum FeedbackAudience {
    /// For the office: every figure the reader may see.
    Internal,
    /// For citizens: no personal data, no staff names, no single member of staff's figures.
    Public,
}
