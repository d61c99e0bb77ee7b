//! The queue and the visit: tickets taken at the kiosk or a desk, called in a fair order, served,
//! and the visit that ties together everything done for the citizen who held the ticket.
//! Design and rules: `docs/queue.md`.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use crate::{Locale, LocalizedText};

/// Why a ticket goes ahead of plain waiting time (see `okno_rules::queue::score`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum TicketPriority {
    Normal,
    /// Reduced mobility, pregnancy, a small child: the citizen should not stand long.
    Mobility,
    /// Other needs (an interpreter, a hearing aid loop, a wheelchair-accessible desk).
    Needs,
}

/// Where a ticket is in its life (the transitions are `okno_rules::queue::transition`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum TicketState {
    Waiting,
    Called,
    Serving,
    Parked,
    Done,
    NoShow,
}

/// Where a ticket was taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum TicketOrigin {
    /// The kiosk page of the office server.
    Kiosk,
    /// A desk, with the office server's numbering.
    Desk,
    /// A desk cut off from its server: its own prefix, so the number cannot collide.
    Offline,
}

/// A queue category (a letter prefix and its names), named by services of the catalogue.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct QueueCategoryView {
    pub id: Uuid,
    /// The letter prefix of its tickets (`M` for `M-042`).
    pub code: String,
    pub names: LocalizedText,
    pub active: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct QueueCategoryInput {
    pub id: Option<Uuid>,
    pub code: String,
    pub names: LocalizedText,
    pub active: bool,
}

/// How this desk serves the queue: its name on the display, the categories its clerk takes, and
/// whether it is a private room (it then serves tickets that asked for a private talk first).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DeskSetup {
    /// As called out and shown: "3" in "Ticket M 42, desk 3".
    pub label: String,
    pub categories: Vec<String>,
    pub private: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TakeTicketRequest {
    pub category: String,
    pub priority: TicketPriority,
    /// The citizen's language: the visit's language, the announcement's and the ticket's.
    pub locale: Locale,
    /// Asks for a private conversation (served at a private desk).
    pub private: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TicketView {
    pub id: Uuid,
    pub visit_id: Uuid,
    pub number: String,
    pub category: String,
    pub category_names: LocalizedText,
    pub priority: TicketPriority,
    pub private: bool,
    pub locale: Locale,
    pub state: TicketState,
    pub origin: TicketOrigin,
    /// The desk that called it (its label), while called or served and after.
    #[ts(optional = nullable)]
    pub desk: Option<String>,
    #[ts(optional = nullable)]
    pub staff_name: Option<String>,
    pub calls: u32,
    pub taken_at: DateTime<Utc>,
    #[ts(optional = nullable)]
    pub called_at: Option<DateTime<Utc>>,
    #[ts(optional = nullable)]
    pub served_at: Option<DateTime<Utc>>,
    #[ts(optional = nullable)]
    pub finished_at: Option<DateTime<Utc>>,
    /// Its printing failed and has not been reprinted (it is shown large instead).
    pub print_failed: bool,
    /// While waiting: how many tickets of its category go before it, and the estimated wait.
    #[ts(optional = nullable)]
    pub ahead: Option<u32>,
    #[ts(optional = nullable)]
    pub estimated_wait_minutes: Option<u32>,
    /// The URL of its public status page (the ticket's QR), when the office has a public address.
    #[ts(optional = nullable)]
    pub status_url: Option<String>,
    /// The start of the appointment it was checked in for (called first once it has begun).
    #[ts(optional = nullable)]
    pub appointment_at: Option<DateTime<Utc>>,
}

/// What a desk does with the ticket it called.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "action", rename_all = "snake_case")]
#[ts(export)]
pub enum TicketAction {
    /// Call it again (announced again).
    Recall,
    /// The citizen is at the desk.
    Start,
    Finish,
    /// Not there after a recall: the ticket leaves the line.
    NoShow,
    /// Put aside (the citizen fetches a document); it keeps its place in time.
    Park,
    /// A parked ticket back in the line.
    Return,
    /// To another category (the ticket keeps its place in time) and optionally one desk.
    Transfer {
        category: String,
        #[ts(optional = nullable)]
        desk: Option<String>,
    },
    /// The ticket's print failed: recorded, it is shown large to be photographed.
    PrintFailed,
    /// Printed at a desk (first or again): a print that failed before is no longer pending.
    Printed,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TicketActionRequest {
    pub ticket_id: Uuid,
    #[serde(flatten)]
    pub action: TicketAction,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TicketRef {
    pub ticket_id: Uuid,
}

/// One candidate's score when a desk called next: why this ticket and not that one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CallScore {
    pub number: String,
    /// Minutes waited (the part that ages every ticket).
    pub waited: f64,
    /// Minutes credited for priority.
    pub priority: f64,
    /// Minutes credited for a private ticket at a private desk.
    pub private: f64,
    /// Minutes credited for an appointment whose slot has begun.
    #[serde(default)]
    pub appointment: f64,
    pub total: f64,
}

/// What "call next" found: the ticket (none when nobody waits for this desk) and the scores of
/// the best candidates, recorded with the call.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CallResult {
    #[ts(optional = nullable)]
    pub ticket: Option<TicketView>,
    pub scores: Vec<CallScore>,
    /// The office server chose it (shared line) or this desk did alone (server unreachable).
    pub offline: bool,
}

/// The line as a desk or a display sees it.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct QueueBoard {
    pub categories: Vec<CategoryCount>,
    /// Waiting tickets in the order they would be called (by the office-wide rule).
    pub waiting: Vec<TicketView>,
    /// Tickets called or being served now.
    pub active: Vec<TicketView>,
    /// The latest calls, newest first.
    pub recent_calls: Vec<TicketView>,
    /// Parked tickets.
    pub parked: Vec<TicketView>,
    /// What this workstation has of the line was last brought in line with the server at this
    /// instant, when it is not live.
    #[ts(optional = nullable)]
    pub stale_since: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CategoryCount {
    pub code: String,
    pub names: LocalizedText,
    pub waiting: u32,
    /// The longest wait of a waiting ticket, in minutes.
    pub longest_wait_minutes: u32,
}

/// What happened during a visit, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum VisitEventKind {
    TicketTaken,
    Called,
    Recalled,
    Started,
    Finished,
    NoShow,
    Parked,
    Returned,
    Transferred,
    PrintFailed,
    Printed,
    CaseRegistered,
    Certified,
    Expired,
    /// Fees of the visit paid at the cash desk (the receipt is `ref_id`).
    Paid,
    /// The citizen rated the visit (the rating is `ref_id`).
    Rated,
    /// A complaint, suggestion or question was taken down about the visit (`ref_id`).
    FeedbackFiled,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct VisitEventView {
    pub id: Uuid,
    pub kind: VisitEventKind,
    pub at: DateTime<Utc>,
    #[ts(optional = nullable)]
    pub actor_name: Option<String>,
    #[ts(optional = nullable)]
    pub desk: Option<String>,
    /// The record it links (`case_file`, `certification`), its id and what it is shown as.
    #[ts(optional = nullable)]
    pub ref_kind: Option<String>,
    #[ts(optional = nullable)]
    pub ref_id: Option<Uuid>,
    #[ts(optional = nullable)]
    pub ref_label: Option<String>,
    /// For a call: the rule and the scores that chose it.
    #[ts(optional = nullable)]
    pub scores: Option<Vec<CallScore>>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct VisitView {
    pub id: Uuid,
    pub locale: Locale,
    pub started_at: DateTime<Utc>,
    #[ts(optional = nullable)]
    pub ended_at: Option<DateTime<Utc>>,
    #[ts(optional = nullable)]
    pub ticket: Option<TicketView>,
    pub events: Vec<VisitEventView>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct VisitRef {
    pub visit_id: Uuid,
}

/// The visit a record belongs to (`case_file` or `certification`, by id).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct VisitOfRequest {
    pub ref_kind: String,
    pub ref_id: Uuid,
}

/// What this desk is serving now (the visit new records are linked to), if anything.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DeskState {
    #[ts(optional = nullable)]
    pub setup: Option<DeskSetup>,
    /// The ticket this desk called or serves.
    #[ts(optional = nullable)]
    pub current: Option<TicketView>,
}

/// The visit a record belongs to, when it was made while a ticket was served.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct VisitLookup {
    #[ts(optional = nullable)]
    pub visit: Option<VisitView>,
}

// ---------------------------------------------------------------------------------------------
// The office server's queue endpoints

/// `POST /v1/queue/tickets` (a desk, on behalf of a member of staff) and, without `actor_id`,
/// what the kiosk page sends to `POST /queue/{office}/tickets`.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ServerTakeTicket {
    #[serde(flatten)]
    pub request: TakeTicketRequest,
    #[ts(optional = nullable)]
    #[serde(default)]
    pub actor_id: Option<Uuid>,
}

/// `POST /v1/queue/call`: a desk calls next from the office's shared line.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ServerCallNext {
    pub actor_id: Uuid,
    pub desk: DeskSetup,
}

/// What the server wrote for a desk's ticket or call: the rows (in the order their references
/// need), which the desk stores at once, and the ticket they are about.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ServerQueueRows {
    pub ticket_id: Option<Uuid>,
    pub changes: Vec<crate::sync::Change>,
    #[serde(default)]
    pub scores: Vec<CallScore>,
}

/// A ticket as the citizen sees it (the kiosk's answer and the public status page).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PublicTicket {
    pub id: Uuid,
    pub number: String,
    pub category: String,
    pub category_names: LocalizedText,
    pub locale: Locale,
    pub state: TicketState,
    pub taken_at: DateTime<Utc>,
    /// While waiting: tickets before it in its category, and the estimated wait.
    #[ts(optional = nullable)]
    pub ahead: Option<u32>,
    #[ts(optional = nullable)]
    pub estimated_wait_minutes: Option<u32>,
    /// The desk that called it.
    #[ts(optional = nullable)]
    pub desk: Option<String>,
    /// The public status page (the ticket's QR).
    pub status_url: String,
    pub office_name: String,
}

/// One call on the waiting-room display.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PublicCall {
    pub ticket_id: Uuid,
    pub number: String,
    pub desk: String,
    pub locale: Locale,
    pub called_at: DateTime<Utc>,
    /// How often it was called (a recall is announced again).
    pub calls: u32,
    pub state: TicketState,
}

/// The waiting-room display's board (`GET /queue/{office}/board`, and each event of
/// `GET /queue/{office}/events`).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PublicBoard {
    pub office_name: String,
    pub office_locale: Locale,
    pub categories: Vec<CategoryCount>,
    /// Calls of today, newest first (at most ten).
    pub calls: Vec<PublicCall>,
    pub generated_at: DateTime<Utc>,
}

/// What the kiosk shows before a ticket is taken: the categories, and the services with what
/// to bring, the fee and how long they take, and the opening hours.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct KioskInfo {
    pub office_name: String,
    pub office_locale: Locale,
    pub currency: String,
    pub categories: Vec<CategoryCount>,
    pub services: Vec<KioskService>,
    pub opening_hours: OpeningHours,
    /// Whether the office is open now (the kiosk gives no tickets when it is not).
    pub open_now: bool,
}

/// One span of opening hours, office time (`08:00` to `12:00`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct OpeningSpan {
    pub from: String,
    pub to: String,
}

/// The office's hours on one day of the week (1 = Monday … 7 = Sunday); no spans: closed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct OpeningDay {
    pub weekday: u8,
    pub spans: Vec<OpeningSpan>,
}

/// The office's opening hours, week by week. No days at all: not set (the kiosk always gives
/// tickets).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct OpeningHours {
    pub days: Vec<OpeningDay>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct KioskService {
    pub code: String,
    pub names: LocalizedText,
    pub category: String,
    #[ts(type = "number")]
    pub fee_minor: i64,
    pub required_documents: Vec<LocalizedText>,
    pub deadline_days: u32,
}

/// An announcement to speak on a display: "Ticket M 42, desk 3" in the ticket's language.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AnnounceRequest {
    pub locale: Locale,
    pub number: String,
    pub desk: String,
}

/// The announcement as WAV (base64), made by the workstation's speech synthesiser.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Announcement {
    pub text: String,
    pub wav_base64: String,
}

// ---------------------------------------------------------------------------------------------
// Appointments

/// A service's bookable slots: their length and how many citizens one slot takes (the desks
/// that serve appointments of it), within the office's opening hours.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BookingPlan {
    pub service_id: Uuid,
    pub slot_minutes: u32,
    pub desks: u32,
    pub active: bool,
}

/// Where an appointment is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum AppointmentState {
    Booked,
    Cancelled,
    CheckedIn,
}

/// An appointment as its holder sees it (the booking page) and a desk checks it in.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PublicAppointment {
    /// The office it is booked at (the booking page moves it among that office's slots).
    pub office_id: Uuid,
    pub code: String,
    pub service: String,
    pub service_names: LocalizedText,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub locale: Locale,
    pub state: AppointmentState,
    pub office_name: String,
}

/// A free or taken slot of a service on a day.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Slot {
    pub starts_at: DateTime<Utc>,
    /// How many places are left in it.
    pub free: u32,
}

/// `POST /queue/{office}/appointments`: book a slot.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BookRequest {
    pub service: String,
    pub starts_at: DateTime<Utc>,
    pub locale: Locale,
}

/// Check-in by booking code at a desk (`check_in`) or the kiosk.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CheckInRequest {
    pub code: String,
}

/// `POST /v1/queue/checkin`: a desk checks in a booking code at the office server.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ServerCheckIn {
    pub code: String,
    pub actor_id: Option<Uuid>,
}
