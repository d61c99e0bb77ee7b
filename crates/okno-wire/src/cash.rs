//! The cash desk (docs/cash.md): what a visit owes, payments and their receipts, voids and
//! refunds, payment orders for a bank transfer, cash sessions with their count, and the office's
//! cash settings. Money is integer minor units of the office's currency everywhere.

use super::*;

/// How a payment was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum PaymentMethod {
    Cash,
    /// By card at the office's terminal (its approval code typed in).
    Card,
    /// By bank transfer against a payment order.
    Transfer,
}

impl PaymentMethod {
    pub const ALL: [PaymentMethod; 3] = [
        PaymentMethod::Cash,
        PaymentMethod::Card,
        PaymentMethod::Transfer,
    ];

    pub fn code(self) -> &'static str {
        match self {
            PaymentMethod::Cash => "cash",
            PaymentMethod::Card => "card",
            PaymentMethod::Transfer => "transfer",
        }
    }

    pub fn from_code(code: &str) -> Option<PaymentMethod> {
        PaymentMethod::ALL.into_iter().find(|m| m.code() == code)
    }
}

/// An entry of the receipt journal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ReceiptKind {
    /// Money received.
    Payment,
    /// A payment taken back whole (a mistake): the same lines with the opposite sign.
    Void,
    /// Money paid back for some lines of a payment.
    Refund,
}

impl ReceiptKind {
    pub fn code(self) -> &'static str {
        match self {
            ReceiptKind::Payment => "payment",
            ReceiptKind::Void => "void",
            ReceiptKind::Refund => "refund",
        }
    }

    pub fn from_code(code: &str) -> Option<ReceiptKind> {
        [ReceiptKind::Payment, ReceiptKind::Void, ReceiptKind::Refund]
            .into_iter()
            .find(|k| k.code() == code)
    }
}

/// What a fee is for: a case (its service's fee), a ledger entry (certification or extract), or
/// a service paid for on its own (a walk-up payment).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum FeeRefKind {
    Case,
    Certification,
    Service,
}

impl FeeRefKind {
    pub fn code(self) -> &'static str {
        match self {
            FeeRefKind::Case => "case",
            FeeRefKind::Certification => "certification",
            FeeRefKind::Service => "service",
        }
    }

    pub fn from_code(code: &str) -> Option<FeeRefKind> {
        [
            FeeRefKind::Case,
            FeeRefKind::Certification,
            FeeRefKind::Service,
        ]
        .into_iter()
        .find(|k| k.code() == code)
    }
}

/// Where a fee stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum FeeState {
    Due,
    /// Asked for by an open payment order (paid when the transfer arrives).
    Ordered,
    Paid,
}

/// One fee a visit (or a record on its own) has incurred.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FeeView {
    pub ref_kind: FeeRefKind,
    pub ref_id: Uuid,
    /// The case or certification number.
    pub ref_label: String,
    pub service_id: Option<Uuid>,
    /// The service's name (or what was certified), in the reader's language.
    pub description: String,
    /// The budget/revenue account the fee is booked to.
    pub account: String,
    #[ts(type = "number")]
    pub amount_minor: i64,
    pub currency: String,
    pub state: FeeState,
    /// The receipt (or payment order) that took it.
    pub paid_by: Option<String>,
}

/// Finds what is due: a ticket, case or certification number, or part of a party's name.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DueQuery {
    pub query: String,
}

/// A visit (or a record made outside any visit) and its fees.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DueMatch {
    pub visit_id: Option<Uuid>,
    pub ticket_number: Option<String>,
    /// The people the visit's records name.
    pub parties: Vec<String>,
    pub started_at: DateTime<Utc>,
    /// The visit's language (the citizen's), for the receipt on request.
    pub locale: Option<Locale>,
    pub fees: Vec<FeeView>,
    #[ts(type = "number")]
    pub due_minor: i64,
    #[ts(type = "number")]
    pub paid_minor: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DueList {
    pub matches: Vec<DueMatch>,
}

/// A line to pay: a due fee by its record, or a service on its own (with the amount when the
/// service's fee varies, and how many).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PayLine {
    pub ref_kind: FeeRefKind,
    pub ref_id: Uuid,
    #[ts(optional = nullable, type = "number | null")]
    pub amount_minor: Option<i64>,
    #[ts(optional = nullable)]
    pub quantity: Option<u32>,
}

/// Takes a payment in cash or by card. `id` is minted by the desk before the first try: a
/// request repeated after a timeout answers with the receipt already written, never a second.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PaymentRequest {
    pub id: Uuid,
    #[ts(optional = nullable)]
    pub visit_id: Option<Uuid>,
    pub lines: Vec<PayLine>,
    pub method: PaymentMethod,
    pub currency: String,
    /// Cash handed over (cash only).
    #[ts(optional = nullable, type = "number | null")]
    pub tendered_minor: Option<i64>,
    /// The card terminal's approval code (card only).
    #[ts(optional = nullable)]
    pub approval_code: Option<String>,
    #[ts(optional = nullable)]
    pub payer_name: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ReceiptLineView {
    pub ref_kind: FeeRefKind,
    pub ref_id: Uuid,
    pub ref_label: String,
    pub service_id: Option<Uuid>,
    pub description: String,
    pub account: String,
    pub quantity: u32,
    #[ts(type = "number")]
    pub amount_minor: i64,
}

/// One entry of the receipt journal, with what became of it.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ReceiptView {
    pub id: Uuid,
    pub number: String,
    pub kind: ReceiptKind,
    pub method: PaymentMethod,
    /// The payment a void or refund takes back.
    pub refers_to: Option<Uuid>,
    pub refers_to_number: Option<String>,
    /// Lines with their amounts (negative on a void or refund).
    pub lines: Vec<ReceiptLineView>,
    /// The lines' sum.
    #[ts(type = "number")]
    pub total_minor: i64,
    /// What cash rounding added or took off (cash only).
    #[ts(type = "number")]
    pub rounding_minor: i64,
    /// What changed hands: total plus rounding.
    #[ts(type = "number")]
    pub paid_minor: i64,
    #[ts(type = "number | null")]
    pub tendered_minor: Option<i64>,
    #[ts(type = "number | null")]
    pub change_minor: Option<i64>,
    pub currency: String,
    pub approval_code: Option<String>,
    pub payer_name: Option<String>,
    pub reason: Option<String>,
    /// The supervisor who allowed a void or refund of a closed session.
    pub approved_by_name: Option<String>,
    pub visit_id: Option<Uuid>,
    pub session_id: Option<Uuid>,
    pub order_number: Option<String>,
    pub cashier_name: String,
    pub issued_at: DateTime<Utc>,
    pub local_day: NaiveDate,
    /// The voids and refunds of this payment (numbers).
    pub taken_back_by: Vec<String>,
    /// How much of this payment was voided or refunded (positive).
    #[ts(type = "number")]
    pub taken_back_minor: i64,
    pub seal: String,
    /// What its QR code holds.
    pub verify_url: String,
    /// Not yet confirmed by the office's server.
    pub pending: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ReceiptRef {
    pub receipt_id: Uuid,
}

/// A supervisor's approval given at the cash desk: their user name and password.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SupervisorApproval {
    pub username: String,
    pub password: String,
}

/// Takes a payment back whole. A payment of a session that is closed needs a supervisor.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct VoidRequest {
    /// The void's own id, minted by the desk (a retry answers with the same entry).
    pub id: Uuid,
    pub receipt_id: Uuid,
    pub reason: String,
    #[ts(optional = nullable)]
    pub approval: Option<SupervisorApproval>,
}

/// Pays back some lines of a payment (by their place on the receipt, from 0).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RefundRequest {
    pub id: Uuid,
    pub receipt_id: Uuid,
    pub lines: Vec<u32>,
    pub reason: String,
    #[ts(optional = nullable)]
    pub approval: Option<SupervisorApproval>,
}

/// The journal, newest first.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ReceiptFilter {
    #[ts(optional = nullable)]
    pub day: Option<NaiveDate>,
    #[ts(optional = nullable)]
    pub session_id: Option<Uuid>,
    /// A receipt number, or part of the payer's name.
    #[ts(optional = nullable)]
    pub text: Option<String>,
    #[ts(optional = nullable)]
    pub limit: Option<u32>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ReceiptList {
    pub receipts: Vec<ReceiptView>,
    #[ts(type = "number")]
    pub total: i64,
}

// ---------------------------------------------------------------------------------------------
// Payment orders

/// Where a payment order stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum PaymentOrderState {
    Open,
    /// The transfer arrived: its receipt is `receipt_number`.
    Settled,
    Cancelled,
}

/// Asks the citizen to pay by bank transfer: the lines as for a payment.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PaymentOrderRequest {
    pub id: Uuid,
    #[ts(optional = nullable)]
    pub visit_id: Option<Uuid>,
    pub lines: Vec<PayLine>,
    pub currency: String,
    pub payer_name: String,
    /// The order's language (the visit's, for the citizen).
    #[ts(optional = nullable)]
    pub locale: Option<Locale>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PaymentOrderView {
    pub id: Uuid,
    pub number: String,
    pub state: PaymentOrderState,
    pub lines: Vec<ReceiptLineView>,
    #[ts(type = "number")]
    pub total_minor: i64,
    pub currency: String,
    pub payer_name: String,
    /// The reference the transfer must carry (RF creditor reference, OCR number, …).
    pub reference: String,
    /// What the QR code holds (EPC, MNB); none where banks read no standard QR.
    pub qr_payload: Option<String>,
    pub beneficiary: String,
    pub iban: String,
    pub bic: String,
    pub due_date: NaiveDate,
    pub locale: Locale,
    pub visit_id: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub created_by_name: String,
    pub receipt_number: Option<String>,
    pub cancel_reason: Option<String>,
}

/// Records that an order's transfer arrived: a receipt (method transfer) is issued for it.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SettleOrderRequest {
    /// The receipt's id, minted by the desk.
    pub id: Uuid,
    pub order_id: Uuid,
    /// The bank statement's reference of the transfer.
    pub bank_reference: String,
    #[ts(type = "number")]
    pub amount_minor: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CancelOrderRequest {
    pub order_id: Uuid,
    pub reason: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct OrderFilter {
    #[ts(optional = nullable)]
    pub state: Option<PaymentOrderState>,
    /// An order number, a reference, or part of the payer's name.
    #[ts(optional = nullable)]
    pub text: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct OrderRef {
    pub order_id: Uuid,
}

// ---------------------------------------------------------------------------------------------
// Cash sessions

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum CashSessionState {
    Open,
    /// Counted, with a difference above the office's threshold: a supervisor signs it off.
    AwaitingSignOff,
    Closed,
}

impl CashSessionState {
    pub fn code(self) -> &'static str {
        match self {
            CashSessionState::Open => "open",
            CashSessionState::AwaitingSignOff => "awaiting_sign_off",
            CashSessionState::Closed => "closed",
        }
    }

    pub fn from_code(code: &str) -> Option<CashSessionState> {
        [
            CashSessionState::Open,
            CashSessionState::AwaitingSignOff,
            CashSessionState::Closed,
        ]
        .into_iter()
        .find(|s| s.code() == code)
    }
}

/// How many notes or coins of one denomination were counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DenominationCount {
    #[ts(type = "number")]
    pub value_minor: i64,
    pub count: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct OpenSessionRequest {
    pub id: Uuid,
    #[ts(type = "number")]
    pub float_minor: i64,
}

/// Cash put into the drawer (change from the bank) or taken out (to the safe).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum MovementDirection {
    In,
    Out,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct MovementRequest {
    pub id: Uuid,
    pub direction: MovementDirection,
    #[ts(type = "number")]
    pub amount_minor: i64,
    pub reason: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CloseSessionRequest {
    pub session_id: Uuid,
    pub counts: Vec<DenominationCount>,
    #[ts(optional = nullable)]
    pub note: Option<String>,
}

/// A supervisor signs off a session whose count differs from what was expected.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SignOffRequest {
    pub session_id: Uuid,
    pub reason: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CashSessionRef {
    pub session_id: Uuid,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CashMovementView {
    pub id: Uuid,
    pub direction: MovementDirection,
    #[ts(type = "number")]
    pub amount_minor: i64,
    pub reason: String,
    pub at: DateTime<Utc>,
    pub actor_name: String,
}

/// A total of the journal by payment method.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct MethodTotal {
    pub method: PaymentMethod,
    pub payments: u32,
    #[ts(type = "number")]
    pub paid_minor: i64,
    pub voids: u32,
    #[ts(type = "number")]
    pub voided_minor: i64,
    pub refunds: u32,
    #[ts(type = "number")]
    pub refunded_minor: i64,
    /// Paid less voided and refunded.
    #[ts(type = "number")]
    pub net_minor: i64,
}

/// A total of the journal by service (and its account).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ServiceTotal {
    pub service_id: Option<Uuid>,
    pub description: String,
    pub account: String,
    pub lines: u32,
    #[ts(type = "number")]
    pub net_minor: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CashSessionView {
    pub id: Uuid,
    pub desk: String,
    pub cashier_id: Uuid,
    pub cashier_name: String,
    pub state: CashSessionState,
    pub currency: String,
    pub opened_at: DateTime<Utc>,
    pub closed_at: Option<DateTime<Utc>>,
    #[ts(type = "number")]
    pub float_minor: i64,
    pub movements: Vec<CashMovementView>,
    pub by_method: Vec<MethodTotal>,
    pub by_service: Vec<ServiceTotal>,
    /// Cash rounding of the session's cash entries.
    #[ts(type = "number")]
    pub rounding_minor: i64,
    #[ts(type = "number")]
    pub moved_in_minor: i64,
    #[ts(type = "number")]
    pub moved_out_minor: i64,
    /// What the drawer should hold: float + net cash + in − out.
    #[ts(type = "number")]
    pub expected_minor: i64,
    pub counts: Vec<DenominationCount>,
    #[ts(type = "number | null")]
    pub counted_minor: Option<i64>,
    /// Counted − expected.
    #[ts(type = "number | null")]
    pub difference_minor: Option<i64>,
    pub close_note: Option<String>,
    pub signed_off_by_name: Option<String>,
    pub signed_off_at: Option<DateTime<Utc>>,
    pub sign_off_reason: Option<String>,
    pub receipts: u32,
}

/// The cashier's desk: the session open here, the office's cash settings, the denominations.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CashDesk {
    pub desk: Option<String>,
    pub session: Option<CashSessionView>,
    pub settings: CashSettings,
    pub currency: String,
    /// Notes and coins of the office's currency, largest first (minor units).
    #[ts(type = "Array<number>")]
    pub denominations: Vec<i64>,
    /// Sessions of this office counted but waiting for a supervisor.
    pub awaiting_sign_off: Vec<CashSessionView>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SessionFilter {
    #[ts(optional = nullable)]
    pub day: Option<NaiveDate>,
}

/// The office's cash settings (an administrator's).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CashSettings {
    /// Cash totals are rounded to a multiple of this (minor units; 1 is no rounding).
    #[ts(type = "number")]
    pub rounding_minor: i64,
    /// A counted difference larger than this needs a supervisor's sign-off.
    #[ts(type = "number")]
    pub difference_threshold_minor: i64,
    /// The account transfers are paid to.
    pub beneficiary: String,
    pub iban: String,
    pub bic: String,
    /// Days a payment order gives to pay.
    pub order_days: u32,
}

/// The cash of a day or period in the supervisor's review.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CashFigures {
    pub currency: String,
    pub by_method: Vec<MethodTotal>,
    pub by_service: Vec<ServiceTotal>,
    pub by_cashier: Vec<CashierTotal>,
    pub sessions: Vec<CashSessionView>,
    pub open_orders: u32,
    #[ts(type = "number")]
    pub open_orders_minor: i64,
    #[ts(type = "number")]
    pub net_minor: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CashierTotal {
    pub staff_id: Uuid,
    pub name: String,
    pub receipts: u32,
    #[ts(type = "number")]
    pub net_minor: i64,
}
