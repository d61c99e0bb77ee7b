//! The workstation API: every command the UI can call, with its request and answer type.
//!
//! This one list drives the TypeScript `Api` map in `ui/src/gen/api.ts` (written by the test
//! below) and is the contract both hosts keep: Tauri's `api` command and the loopback HTTP
//! server's `POST /api/<command>`. A request travels in an [`Envelope`] with the session token.

use serde::{Deserialize, Serialize};

#[allow(unused_imports)]
use crate::*;

/// What every call carries: the session token (absent before login) and the command's request.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Envelope<T> {
    pub token: Option<String>,
    pub args: T,
}

macro_rules! commands {
    ($($name:ident : $req:ident => $res:ty;)*) => {
        /// `(command, request type, answer type)`, in the order the TS map lists them.
        pub const COMMANDS: &[(&str, &str, &str)] = &[
            $((stringify!($name), stringify!($req), stringify!($res)),)*
        ];

        // Every named type must exist: a typo here is a compile error, not a broken TS file.
        #[allow(dead_code)]
        fn _types_exist() {
            $(let _: Option<($req, $res)> = None;)*
        }
    };
}

commands! {
    setup_status: Empty => SetupStatus;
    setup_office: SetupRequest => Session;
    load_demo: Empty => SetupStatus;
    login: LoginRequest => Session;
    logout: Empty => Empty;
    set_locale: SetLocaleRequest => StaffView;
    catalogue: Empty => Catalogue;
    save_agency: AgencyInput => AgencyView;
    save_service: ServiceInput => ServiceView;
    list_staff: Empty => Vec<StaffView>;
    create_staff: NewStaff => StaffView;
    register_case: IntakeRequest => CaseDetail;
    list_cases: CaseFilter => CaseList;
    get_case: CaseRef => CaseDetail;
    change_case_status: ChangeStatusRequest => CaseDetail;
    add_case_note: AddNoteRequest => CaseDetail;
    reassign_case: ReassignRequest => CaseDetail;
    register_filing: FilingInput => FilingView;
    list_filings: FilingFilter => FilingList;
    add_attachment: AttachmentUpload => AttachmentView;
    outbox_status: Empty => OutboxStatus;
    update_case: UpdateCaseRequest => CaseDetail;
    sync_status: Empty => SyncStatus;
    sync_now: Empty => SyncStatus;
    enrol_device: EnrolRequest => SetupStatus;
    rejoin_device: RejoinRequest => SyncStatus;
    list_sync_issues: Empty => Vec<SyncIssue>;
    list_conflicts: Empty => Vec<ConflictView>;
    certify: CertifyRequest => LedgerEntryView;
    cancel_certification: CancelCertificationRequest => LedgerEntryView;
    correct_certification: CorrectCertificationRequest => LedgerEntryView;
    get_ledger_entry: LedgerEntryRef => LedgerEntryView;
    list_ledger: LedgerFilter => LedgerList;
    check_ledger_chain: Empty => ChainReport;
    verify_seal: VerifySealRequest => SealCheck;
    seal_keys: Empty => SealKeys;
    set_public_address: SetPublicAddressRequest => SealKeys;
    review_periods: Empty => ReviewPeriods;
    day_review: ReviewRequest => DayReview;
    drill_review: DrillRequest => CaseList;
    open_work: OpenWorkRequest => OpenWork;
    reassign_cases: BulkReassignRequest => BulkReassignResult;
    settle_conflict: SettleConflictRequest => ConflictSettlement;
    day_close_status: DayRef => DayCloseStatus;
    void_unused_numbers: VoidNumbersRequest => VoidNumbersResult;
    close_day: CloseDayRequest => DayCloseStatus;
    list_day_closes: Empty => Vec<DayCloseView>;
    registry_status: Empty => RegistryStatus;
    search_registry: RegistrySearch => RegistryHits;
    open_person: OpenPersonRequest => PersonCard;
    registry_audit: AuditFilter => AuditList;
    certify_extract: ExtractRequest => LedgerEntryView;
    queue_categories: Empty => Vec<QueueCategoryView>;
    save_queue_category: QueueCategoryInput => QueueCategoryView;
    desk_state: Empty => DeskState;
    set_desk_setup: DeskSetup => DeskState;
    queue_board: Empty => QueueBoard;
    take_ticket: TakeTicketRequest => TicketView;
    call_next: Empty => CallResult;
    ticket_action: TicketActionRequest => TicketView;
    get_ticket: TicketRef => TicketView;
    get_visit: VisitRef => VisitView;
    visit_of: VisitOfRequest => VisitLookup;
    display_board: Empty => PublicBoard;
    announcement: AnnounceRequest => Announcement;
    opening_hours: Empty => OpeningHours;
    set_opening_hours: OpeningHours => OpeningHours;
    booking_plans: Empty => Vec<BookingPlan>;
    save_booking_plan: BookingPlan => BookingPlan;
    check_in: CheckInRequest => TicketView;
    cash_desk: Empty => CashDesk;
    find_due: DueQuery => DueList;
    take_payment: PaymentRequest => ReceiptView;
    get_receipt: ReceiptRef => ReceiptView;
    list_receipts: ReceiptFilter => ReceiptList;
    void_receipt: VoidRequest => ReceiptView;
    refund_receipt: RefundRequest => ReceiptView;
    issue_payment_order: PaymentOrderRequest => PaymentOrderView;
    list_payment_orders: OrderFilter => Vec<PaymentOrderView>;
    get_payment_order: OrderRef => PaymentOrderView;
    settle_payment_order: SettleOrderRequest => ReceiptView;
    cancel_payment_order: CancelOrderRequest => PaymentOrderView;
    open_cash_session: OpenSessionRequest => CashSessionView;
    cash_movement: MovementRequest => CashSessionView;
    close_cash_session: CloseSessionRequest => CashSessionView;
    sign_off_cash_session: SignOffRequest => CashSessionView;
    get_cash_session: CashSessionRef => CashSessionView;
    list_cash_sessions: SessionFilter => Vec<CashSessionView>;
    cash_settings: Empty => CashSettings;
    save_cash_settings: CashSettings => CashSettings;
    check_receipt_chain: Empty => ChainReport;
    feedback_settings: Empty => FeedbackSettings;
    save_feedback_settings: FeedbackSettings => FeedbackSettings;
    file_feedback: FeedbackInput => FeedbackDetail;
    list_feedback: FeedbackFilter => FeedbackList;
    get_feedback: FeedbackRef => FeedbackDetail;
    feedback_step: FeedbackStepRequest => FeedbackDetail;
    pending_rating: Empty => PendingRating;
    give_rating: RatingInput => RatingView;
    list_ratings: RatingFilter => Vec<RatingView>;
    rating_to_feedback: RatingRef => FeedbackDetail;
    list_surveys: Empty => Vec<SurveyView>;
    save_survey: SurveyInput => SurveyView;
    issue_survey_codes: SurveyCodesRequest => SurveyCodes;
    survey_results: SurveyRef => SurveyResults;
    feedback_report: FeedbackReportRequest => FeedbackReport;
}

/// The TypeScript source of `ui/src/gen/api.ts`.
pub fn typescript_api_map() -> String {
    let mut imports: Vec<String> = Vec::new();
    let mut body = String::new();
    for (name, req, res) in COMMANDS {
        let res = res.replace(' ', "");
        let res = res.as_str();
        let res_ts = match res.strip_prefix("Vec<").and_then(|r| r.strip_suffix('>')) {
            Some(inner) => {
                imports.push(inner.to_string());
                format!("Array<{inner}>")
            }
            None => {
                imports.push(res.to_string());
                (*res).to_string()
            }
        };
        imports.push(req.to_string());
        body.push_str(&format!("  {name}: {{ req: {req}; res: {res_ts} }};\n"));
    }
    imports.sort_unstable();
    imports.dedup();
    let mut out = String::from(
        "// Generated by okno-wire (crates/okno-wire/src/api.rs). Do not edit by hand.\n",
    );
    for ty in imports {
        out.push_str(&format!("import type {{ {ty} }} from \"./{ty}\";\n"));
    }
    out.push_str("\nexport interface Api {\n");
    out.push_str(&body);
    out.push_str("}\n\nexport type Command = keyof Api;\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn export_api_map() {
        let dir = std::env::var("TS_RS_EXPORT_DIR")
            .expect("TS_RS_EXPORT_DIR is set in .cargo/config.toml");
        let path = std::path::Path::new(&dir).join("api.ts");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(path, typescript_api_map()).unwrap();
    }

    #[test]
    fn command_names_are_unique_snake_case() {
        let mut names: Vec<_> = COMMANDS.iter().map(|c| c.0).collect();
        names.sort_unstable();
        let before = names.len();
        names.dedup();
        assert_eq!(before, names.len());
        assert!(names
            .iter()
            .all(|n| n.chars().all(|c| c.is_ascii_lowercase() || c == '_')));
    }
}
