//! The workstation API, by command name: what both hosts (Tauri IPC and loopback HTTP) call.
//! Each arm decodes the request, resolves the session where one is needed, and calls one
//! domain function. The list of commands and their types is `okno_wire::api::COMMANDS`.

use okno_wire::{ApiError, Empty, ErrorCode};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use crate::error::{CoreError, Result};
use crate::{demo, Workstation};

fn decode<T: DeserializeOwned>(args: Value) -> Result<T, ApiError> {
    // A missing body for a command without arguments is fine.
    let args = if args.is_null() {
        Value::Object(Default::default())
    } else {
        args
    };
    serde_json::from_value(args).map_err(|e| ApiError {
        code: ErrorCode::Validation,
        message: format!("malformed request: {e}"),
        fields: Vec::new(),
    })
}

fn encode<T: Serialize>(r: Result<T>) -> Result<Value, ApiError> {
    let v = r.map_err(CoreError::into_api)?;
    serde_json::to_value(v).map_err(|e| CoreError::Internal(e.to_string()).into_api())
}

/// Runs one API command. `token` is the session token from `login` (absent before it).
pub async fn dispatch(
    ws: &Workstation,
    command: &str,
    token: Option<&str>,
    args: Value,
) -> Result<Value, ApiError> {
    let answer = run(ws, command, token, args).await;
    if matches!(&answer, Err(e) if e.code == ErrorCode::NumbersExhausted) {
        // Out of legal numbers: try the server at once rather than at the end of a backoff.
        ws.request_sync();
    }
    answer
}

async fn run(
    ws: &Workstation,
    command: &str,
    token: Option<&str>,
    args: Value,
) -> Result<Value, ApiError> {
    let actor = || ws.actor(token).map_err(CoreError::into_api);
    match command {
        "setup_status" => encode(ws.setup_status().await),
        "setup_office" => encode(ws.setup_office(decode(args)?).await),
        "load_demo" => {
            let _: Empty = decode(args)?;
            encode(demo::load_demo(ws).await)
        }
        "login" => {
            let req: okno_wire::LoginRequest = decode(args)?;
            encode(ws.login(&req.username, &req.password).await)
        }
        "logout" => {
            ws.logout(token);
            encode(Ok(Empty {}))
        }
        "set_locale" => {
            let req: okno_wire::SetLocaleRequest = decode(args)?;
            encode(ws.set_locale(&actor()?, req.locale).await)
        }
        "catalogue" => encode(ws.catalogue(&actor()?).await),
        "save_agency" => encode(ws.save_agency(&actor()?, decode(args)?).await),
        "save_service" => encode(ws.save_service(&actor()?, decode(args)?).await),
        "list_staff" => encode(ws.list_staff(&actor()?).await),
        "create_staff" => encode(ws.create_staff(&actor()?, decode(args)?).await),
        "register_case" => encode(ws.register_case(&actor()?, decode(args)?).await),
        "list_cases" => encode(ws.list_cases(&actor()?, decode(args)?).await),
        "get_case" => {
            let r: okno_wire::CaseRef = decode(args)?;
            encode(ws.get_case(&actor()?, r.case_id).await)
        }
        "change_case_status" => encode(ws.change_case_status(&actor()?, decode(args)?).await),
        "add_case_note" => encode(ws.add_case_note(&actor()?, decode(args)?).await),
        "reassign_case" => encode(ws.reassign_case(&actor()?, decode(args)?).await),
        "register_filing" => encode(ws.register_filing(&actor()?, decode(args)?).await),
        "list_filings" => encode(ws.list_filings(&actor()?, decode(args)?).await),
        "add_attachment" => encode(ws.add_attachment(&actor()?, decode(args)?).await),
        "outbox_status" => {
            actor()?;
            encode(ws.outbox_status().await)
        }
        "update_case" => encode(ws.update_case(&actor()?, decode(args)?).await),
        "sync_status" => {
            actor()?;
            encode(ws.sync_status().await)
        }
        "sync_now" => {
            actor()?;
            ws.request_sync();
            encode(ws.sync_status().await)
        }
        "enrol_device" => encode(ws.enrol(decode(args)?).await),
        "rejoin_device" => encode(ws.rejoin(&actor()?, decode(args)?).await),
        "list_sync_issues" => encode(ws.list_sync_issues(&actor()?).await),
        "list_conflicts" => encode(ws.list_conflicts(&actor()?).await),
        "certify" => encode(ws.certify(&actor()?, decode(args)?).await),
        "cancel_certification" => encode(ws.cancel_certification(&actor()?, decode(args)?).await),
        "correct_certification" => encode(ws.correct_certification(&actor()?, decode(args)?).await),
        "get_ledger_entry" => {
            let r: okno_wire::LedgerEntryRef = decode(args)?;
            encode(ws.get_ledger_entry(&actor()?, r.id).await)
        }
        "list_ledger" => encode(ws.list_ledger(&actor()?, decode(args)?).await),
        "check_ledger_chain" => encode(ws.check_ledger_chain(&actor()?).await),
        "verify_seal" => encode(ws.verify_seal(&actor()?, decode(args)?).await),
        "seal_keys" => encode(ws.seal_keys(&actor()?).await),
        "set_public_address" => {
            let req: okno_wire::SetPublicAddressRequest = decode(args)?;
            let who = actor()?;
            let set = ws.set_public_address(&who, &req.public_address).await;
            encode(match set {
                Ok(()) => ws.seal_keys(&who).await,
                Err(e) => Err(e),
            })
        }
        "review_periods" => encode(ws.review_periods(&actor()?).await),
        "day_review" => encode(ws.day_review(&actor()?, decode(args)?).await),
        "drill_review" => encode(ws.drill_review(&actor()?, decode(args)?).await),
        "open_work" => encode(ws.open_work(&actor()?, decode(args)?).await),
        "reassign_cases" => encode(ws.reassign_cases(&actor()?, decode(args)?).await),
        "settle_conflict" => encode(ws.settle_conflict(&actor()?, decode(args)?).await),
        "day_close_status" => {
            let r: okno_wire::DayRef = decode(args)?;
            encode(ws.day_close_status(&actor()?, r.day).await)
        }
        "void_unused_numbers" => {
            let r: okno_wire::VoidNumbersRequest = decode(args)?;
            let voided = ws.void_unused_numbers(&actor()?, &r.reason).await;
            encode(voided.map(|voided| okno_wire::VoidNumbersResult { voided }))
        }
        "close_day" => encode(ws.close_day(&actor()?, decode(args)?).await),
        "list_day_closes" => encode(ws.list_day_closes(&actor()?).await),
        "registry_status" => encode(ws.registry_status(&actor()?).await),
        "search_registry" => encode(ws.search_registry(&actor()?, decode(args)?).await),
        "open_person" => encode(ws.open_person(&actor()?, decode(args)?).await),
        "registry_audit" => encode(ws.registry_audit(&actor()?, decode(args)?).await),
        "certify_extract" => encode(ws.certify_extract(&actor()?, decode(args)?).await),
        "queue_categories" => encode(ws.queue_categories(&actor()?).await),
        "save_queue_category" => encode(ws.save_queue_category(&actor()?, decode(args)?).await),
        "desk_state" => encode(ws.desk_state(&actor()?).await),
        "set_desk_setup" => encode(ws.set_desk_setup(&actor()?, decode(args)?).await),
        "queue_board" => encode(ws.queue_board(&actor()?).await),
        "take_ticket" => encode(ws.take_ticket(&actor()?, decode(args)?).await),
        "call_next" => encode(ws.call_next(&actor()?).await),
        "ticket_action" => encode(ws.ticket_action(&actor()?, decode(args)?).await),
        "get_ticket" => {
            let r: okno_wire::TicketRef = decode(args)?;
            encode(ws.get_ticket(&actor()?, r.ticket_id).await)
        }
        "get_visit" => {
            let r: okno_wire::VisitRef = decode(args)?;
            encode(ws.get_visit(&actor()?, r.visit_id).await)
        }
        "visit_of" => {
            let r: okno_wire::VisitOfRequest = decode(args)?;
            encode(ws.visit_of(&actor()?, &r.ref_kind, r.ref_id).await)
        }
        // The waiting-room display shows no one's personal data: it needs no signed-in session.
        "display_board" => encode(ws.display_board().await),
        "announcement" => encode(ws.announcement(decode(args)?).await),
        "opening_hours" => encode(ws.opening_hours(&actor()?).await),
        "set_opening_hours" => encode(ws.set_opening_hours(&actor()?, decode(args)?).await),
        "booking_plans" => encode(ws.booking_plans(&actor()?).await),
        "save_booking_plan" => encode(ws.save_booking_plan(&actor()?, decode(args)?).await),
        "check_in" => encode(ws.check_in(&actor()?, decode(args)?).await),
        "cash_desk" => encode(ws.cash_desk(&actor()?).await),
        "find_due" => encode(ws.find_due(&actor()?, decode(args)?).await),
        "take_payment" => encode(ws.take_payment(&actor()?, decode(args)?).await),
        "get_receipt" => {
            let r: okno_wire::ReceiptRef = decode(args)?;
            encode(ws.get_receipt(&actor()?, r.receipt_id).await)
        }
        "list_receipts" => encode(ws.list_receipts(&actor()?, decode(args)?).await),
        "void_receipt" => encode(ws.void_receipt(&actor()?, decode(args)?).await),
        "refund_receipt" => encode(ws.refund_receipt(&actor()?, decode(args)?).await),
        "issue_payment_order" => encode(ws.issue_payment_order(&actor()?, decode(args)?).await),
        "list_payment_orders" => encode(ws.list_payment_orders(&actor()?, decode(args)?).await),
        "get_payment_order" => {
            let r: okno_wire::OrderRef = decode(args)?;
            encode(ws.get_payment_order(&actor()?, r.order_id).await)
        }
        "settle_payment_order" => encode(ws.settle_payment_order(&actor()?, decode(args)?).await),
        "cancel_payment_order" => encode(ws.cancel_payment_order(&actor()?, decode(args)?).await),
        "open_cash_session" => encode(ws.open_cash_session(&actor()?, decode(args)?).await),
        "cash_movement" => encode(ws.cash_movement(&actor()?, decode(args)?).await),
        "close_cash_session" => encode(ws.close_cash_session(&actor()?, decode(args)?).await),
        "sign_off_cash_session" => encode(ws.sign_off_cash_session(&actor()?, decode(args)?).await),
        "get_cash_session" => {
            let r: okno_wire::CashSessionRef = decode(args)?;
            encode(ws.get_cash_session(&actor()?, r.session_id).await)
        }
        "list_cash_sessions" => encode(ws.list_cash_sessions(&actor()?, decode(args)?).await),
        "cash_settings" => encode(ws.cash_settings(&actor()?).await),
        "save_cash_settings" => encode(ws.save_cash_settings(&actor()?, decode(args)?).await),
        "check_receipt_chain" => encode(ws.check_receipt_chain(&actor()?).await),
        "feedback_settings" => encode(ws.feedback_settings(&actor()?).await),
        "save_feedback_settings" => {
            encode(ws.save_feedback_settings(&actor()?, decode(args)?).await)
        }
        "file_feedback" => encode(ws.file_feedback(&actor()?, decode(args)?).await),
        "list_feedback" => encode(ws.list_feedback(&actor()?, decode(args)?).await),
        "get_feedback" => {
            let r: okno_wire::FeedbackRef = decode(args)?;
            encode(ws.get_feedback(&actor()?, r.id).await)
        }
        "feedback_step" => encode(ws.feedback_step(&actor()?, decode(args)?).await),
        // The citizen-facing rating window has no sign-in: it shows no personal data and
        // records a rating of the visit this desk finished last.
        "pending_rating" => encode(ws.pending_rating().await),
        "give_rating" => encode(ws.give_rating(decode(args)?).await),
        "list_ratings" => encode(ws.list_ratings(&actor()?, decode(args)?).await),
        "rating_to_feedback" => {
            let r: okno_wire::RatingRef = decode(args)?;
            encode(ws.rating_to_feedback(&actor()?, r.id).await)
        }
        "list_surveys" => encode(ws.list_surveys(&actor()?).await),
        "save_survey" => encode(ws.save_survey(&actor()?, decode(args)?).await),
        "issue_survey_codes" => encode(ws.issue_survey_codes(&actor()?, decode(args)?).await),
        "survey_results" => {
            let r: okno_wire::SurveyRef = decode(args)?;
            encode(ws.survey_results(&actor()?, r.id).await)
        }
        "feedback_report" => encode(ws.feedback_report(&actor()?, decode(args)?).await),
        other => Err(ApiError {
            code: ErrorCode::NotFound,
            message: format!("unknown command {other:?}"),
            fields: Vec::new(),
        }),
    }
}

#[cfg(test)]
mod tests {
    /// Every command of the wire contract has an arm here (and the other way round).
    #[test]
    fn dispatch_covers_every_wire_command() {
        let src = include_str!("api.rs");
        for (name, _, _) in okno_wire::api::COMMANDS {
            assert!(
                src.contains(&format!("\"{name}\" =>")),
                "dispatch lacks {name}"
            );
        }
    }
}
