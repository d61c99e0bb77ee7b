//! The cash desk on a workstation that is its own office: a visit's fees found by its ticket and
//! paid in cash with a sealed receipt (retried once, taken once), voids and refunds as new
//! entries, a session counted and signed off, refusals that write nothing, tampering with the
//! SQLite file caught by the chain check, and the receipt, payment order and Z report read back
//! with pdftotext and their QR codes decoded by zbarimg.

use std::path::Path;
use std::process::Command;
use std::sync::Arc;

use chrono::{TimeZone, Utc};
use okno_core::auth::Actor;
use okno_core::{CoreError, ManualClock, Workstation};
use okno_wire::*;
use uuid::Uuid;

use crate::common::{add_staff, in_every_language, open_office, sign_in};

struct Fx {
    _dir: tempfile::TempDir,
    path: std::path::PathBuf,
    ws: Workstation,
    clerk: Actor,
    cashier: Actor,
    boss: Actor,
    admin: Actor,
    service: Uuid,
    walk_up: Uuid,
}

fn office(currency: &str, locale: Locale) -> OfficeInput {
    OfficeInput {
        name: "Mestský úrad Rajec".into(),
        address: "Námestie SR 2/2, Rajec".into(),
        locale,
        currency: currency.into(),
        time_zone: "Europe/Bratislava".into(),
        calendar: Calendar::Gregorian,
    }
}

async fn fixture_in(currency: &str, locale: Locale) -> Fx {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("okno.db");
    let clock = Arc::new(ManualClock::new(
        Utc.with_ymd_and_hms(2026, 12, 7, 8, 0, 0).unwrap(),
    ));
    let (ws, admin) = open_office(&path, clock, office(currency, locale)).await;
    ws.save_queue_category(
        &admin,
        QueueCategoryInput {
            id: None,
            code: "M".into(),
            names: in_every_language("Registry"),
            active: true,
        },
    )
    .await
    .unwrap();
    let agency = ws
        .save_agency(
            &admin,
            AgencyInput {
                id: None,
                code: "MUNI".into(),
                names: in_every_language("Municipality"),
                active: true,
            },
        )
        .await
        .unwrap();
    let mut services = Vec::new();
    for (code, fee, account) in [("CERT", 1234, "221004"), ("COPY", 0, "223001")] {
        let s = ws
            .save_service(
                &admin,
                ServiceInput {
                    id: None,
                    agency_id: agency.id,
                    code: code.into(),
                    names: in_every_language(code),
                    fee_minor: fee,
                    required_documents: vec![],
                    deadline_days: 30,
                    queue_category: "M".into(),
                    active: true,
                    account: account.into(),
                },
            )
            .await
            .unwrap();
        services.push(s.id);
    }
    add_staff(
        &ws,
        &admin,
        &[
            ("jana", "Jana Nováková", Role::Clerk),
            ("asa", "Åsa Lindqvist", Role::Cashier),
            ("maryam", "Maryam Rahimi", Role::Supervisor),
        ],
        Locale::Sk,
    )
    .await;
    let iban = if currency == "HUF" {
        "HU42117730161111101800000000"
    } else {
        "SK31 1200 0000 1987 4263 7541"
    };
    ws.save_cash_settings(
        &admin,
        CashSettings {
            rounding_minor: okno_rules::cash::default_rounding(currency),
            difference_threshold_minor: 0,
            beneficiary: "Mesto Rajec".into(),
            iban: iban.into(),
            bic: if currency == "HUF" {
                "OTPVHUHB"
            } else {
                "SUBASKBX"
            }
            .into(),
            order_days: 14,
        },
    )
    .await
    .unwrap();
    Fx {
        clerk: sign_in(&ws, "jana").await,
        cashier: sign_in(&ws, "asa").await,
        boss: sign_in(&ws, "maryam").await,
        admin,
        _dir: dir,
        path,
        ws,
        service: services[0],
        walk_up: services[1],
    }
}

async fn fixture() -> Fx {
    fixture_in("EUR", Locale::Sk).await
}

fn line(kind: FeeRefKind, id: Uuid, amount: Option<i64>) -> PayLine {
    PayLine {
        ref_kind: kind,
        ref_id: id,
        amount_minor: amount,
        quantity: None,
    }
}

fn cash(lines: Vec<PayLine>, tendered: i64) -> PaymentRequest {
    PaymentRequest {
        id: Uuid::now_v7(),
        visit_id: None,
        lines,
        method: PaymentMethod::Cash,
        currency: "EUR".into(),
        tendered_minor: Some(tendered),
        approval_code: None,
        payer_name: Some("Novák Ján".into()),
    }
}

async fn open(fx: &Fx, who: &Actor, float: i64) -> CashSessionView {
    fx.ws
        .open_cash_session(
            who,
            OpenSessionRequest {
                id: Uuid::now_v7(),
                float_minor: float,
            },
        )
        .await
        .unwrap()
}

/// A visit: a ticket served at desk 3, with a case registered for it.
async fn visit_with_case(fx: &Fx) -> (TicketView, CaseDetail) {
    let ws = &fx.ws;
    ws.set_desk_setup(
        &fx.clerk,
        DeskSetup {
            label: "3".into(),
            categories: vec!["M".into()],
            private: false,
        },
    )
    .await
    .unwrap();
    let t = ws
        .take_ticket(
            &fx.clerk,
            TakeTicketRequest {
                category: "M".into(),
                priority: TicketPriority::Normal,
                locale: Locale::Hu,
                private: false,
            },
        )
        .await
        .unwrap();
    ws.call_next(&fx.clerk).await.unwrap();
    ws.ticket_action(
        &fx.clerk,
        TicketActionRequest {
            ticket_id: t.id,
            action: TicketAction::Start,
        },
    )
    .await
    .unwrap();
    let case = ws
        .register_case(
            &fx.clerk,
            IntakeRequest {
                service_id: fx.service.to_string(),
                party: PartyInput {
                    name: "Kovács Ilona".into(),
                    birth_date: None,
                    phone: None,
                    email: None,
                    address: None,
                },
                channel: Channel::WalkIn,
                subject: "Certificate".into(),
                description: String::new(),
                priority: Priority::Normal,
                private_conversation: false,
                documents_presented: vec![],
            },
        )
        .await
        .unwrap();
    (t, case)
}

async fn receipts(fx: &Fx) -> i64 {
    fx.ws
        .list_receipts(&fx.boss, ReceiptFilter::default())
        .await
        .unwrap()
        .total
}

#[tokio::test]
async fn a_visits_fee_is_paid_in_cash_once_with_a_sealed_receipt() {
    let fx = fixture().await;
    let ws = &fx.ws;
    let (ticket, case) = visit_with_case(&fx).await;
    open(&fx, &fx.cashier, 5000).await;

    // The cashier finds the visit by its ticket: the case's fee is due.
    let due = ws
        .find_due(
            &fx.cashier,
            DueQuery {
                query: ticket.number.clone(),
            },
        )
        .await
        .unwrap();
    assert_eq!(due.matches.len(), 1, "{due:?}");
    let m = &due.matches[0];
    assert_eq!(m.ticket_number.as_deref(), Some(ticket.number.as_str()));
    assert_eq!(m.locale, Some(Locale::Hu));
    assert_eq!(m.parties, ["Kovács Ilona"]);
    assert_eq!((m.due_minor, m.paid_minor), (1234, 0));
    assert_eq!(m.fees[0].state, FeeState::Due);
    assert_eq!(m.fees[0].account, "221004");
    // By the case number or the party's name too.
    for q in [case.summary.number.clone(), "kovács".into()] {
        let again = ws
            .find_due(&fx.cashier, DueQuery { query: q })
            .await
            .unwrap();
        assert_eq!(again.matches[0].visit_id, m.visit_id);
    }

    // Cash: 12.34 is rounded to 12.35 (5 cents), 20.00 tendered, 7.65 back.
    let mut req = cash(vec![line(FeeRefKind::Case, case.summary.id, None)], 2000);
    req.visit_id = m.visit_id;
    let r = ws.take_payment(&fx.cashier, req.clone()).await.unwrap();
    assert_eq!(r.number, "R-2026/00001");
    assert_eq!(
        (
            r.total_minor,
            r.rounding_minor,
            r.paid_minor,
            r.change_minor
        ),
        (1234, 1, 1235, Some(765))
    );
    assert_eq!(r.lines[0].ref_label, case.summary.number);
    // A retry after a timeout (the same id) answers with the same receipt, and takes nothing.
    let pending = ws.outbox_status().await.unwrap().pending;
    let again = ws.take_payment(&fx.cashier, req).await.unwrap();
    assert_eq!(again.id, r.id);
    assert_eq!(receipts(&fx).await, 1);
    assert_eq!(ws.outbox_status().await.unwrap().pending, pending);

    // The fee is paid; the visit's timeline says so; the seal verifies like a certified copy's.
    let due = ws
        .find_due(
            &fx.cashier,
            DueQuery {
                query: ticket.number.clone(),
            },
        )
        .await
        .unwrap();
    assert_eq!(due.matches[0].fees[0].state, FeeState::Paid);
    assert_eq!(
        due.matches[0].fees[0].paid_by.as_deref(),
        Some("R-2026/00001")
    );
    let visit = ws.get_visit(&fx.boss, m.visit_id.unwrap()).await.unwrap();
    let paid = visit
        .events
        .iter()
        .find(|e| e.kind == VisitEventKind::Paid)
        .expect("the payment is on the visit's timeline");
    assert_eq!(paid.ref_label.as_deref(), Some("R-2026/00001"));
    let check = ws
        .verify_seal(
            &fx.cashier,
            VerifySealRequest {
                code: r.verify_url.clone(),
            },
        )
        .await
        .unwrap();
    assert_eq!(check.verdict, SealVerdict::Genuine);
    assert!(check.entry_known);
    let contents = check.contents.unwrap();
    assert_eq!(contents.kind, SealKind::Receipt);
    assert_eq!(contents.number, "R-2026/00001");
    assert_eq!(
        (contents.amount_minor, contents.currency.as_deref()),
        (Some(1235), Some("EUR"))
    );
    // Paying it again is refused.
    let e = ws
        .take_payment(
            &fx.cashier,
            cash(vec![line(FeeRefKind::Case, case.summary.id, None)], 2000),
        )
        .await
        .unwrap_err();
    assert_field(e, "lines.0.ref_id", FieldErrorCode::AlreadyPaid);

    // Voided: the seal then says so, and the fee is due again.
    let void = ws
        .void_receipt(
            &fx.cashier,
            VoidRequest {
                id: Uuid::now_v7(),
                receipt_id: r.id,
                reason: "Wrong service".into(),
                approval: None,
            },
        )
        .await
        .unwrap();
    assert_eq!(void.kind, ReceiptKind::Void);
    assert_eq!(void.paid_minor, -1235);
    assert_eq!(void.refers_to_number.as_deref(), Some("R-2026/00001"));
    let check = ws
        .verify_seal(&fx.cashier, VerifySealRequest { code: r.verify_url })
        .await
        .unwrap();
    assert_eq!(check.verdict, SealVerdict::Voided);
    assert_eq!(check.superseded_by.as_deref(), Some("R-2026/00002"));
    let due = ws
        .find_due(
            &fx.cashier,
            DueQuery {
                query: ticket.number,
            },
        )
        .await
        .unwrap();
    assert_eq!(due.matches[0].fees[0].state, FeeState::Due);
    assert!(ws.check_receipt_chain(&fx.boss).await.unwrap().ok);
}

fn assert_field(e: CoreError, field: &str, code: FieldErrorCode) {
    match e {
        CoreError::Validation(f) => {
            assert!(
                f.iter().any(|x| x.field == field && x.code == code),
                "{field} {code:?} not in {f:?}"
            )
        }
        other => panic!("expected {field} {code:?}, got {other:?}"),
    }
}

#[tokio::test]
async fn bad_input_is_refused_clearly_and_writes_nothing() {
    let fx = fixture().await;
    let ws = &fx.ws;
    let walk_up = |amount| cash(vec![line(FeeRefKind::Service, fx.walk_up, amount)], 10_000);
    // No open session: nothing can be taken.
    let e = ws
        .take_payment(&fx.cashier, walk_up(Some(500)))
        .await
        .unwrap_err();
    assert!(matches!(e, CoreError::NoCashSession), "{e:?}");
    assert_eq!(e.into_api().code, ErrorCode::NoCashSession);
    // A clerk takes no fees.
    let e = ws
        .take_payment(&fx.clerk, walk_up(Some(500)))
        .await
        .unwrap_err();
    assert!(matches!(e, CoreError::Forbidden), "{e:?}");
    let session = open(&fx, &fx.cashier, 0).await;
    let before = (
        ws.outbox_status().await.unwrap().pending,
        receipts(&fx).await,
    );
    // Zero and negative amounts.
    for amount in [0, -500] {
        let e = ws
            .take_payment(&fx.cashier, walk_up(Some(amount)))
            .await
            .unwrap_err();
        assert_field(e, "lines.0.amount_minor", FieldErrorCode::TooSmall);
    }
    // A service of variable fee needs its amount.
    let e = ws
        .take_payment(&fx.cashier, walk_up(None))
        .await
        .unwrap_err();
    assert_field(e, "lines.0.amount_minor", FieldErrorCode::TooSmall);
    // Less tendered than the total.
    let mut short = walk_up(Some(1500));
    short.tendered_minor = Some(1000);
    let e = ws.take_payment(&fx.cashier, short).await.unwrap_err();
    assert_field(e, "tendered_minor", FieldErrorCode::TenderTooLow);
    // Another currency.
    let mut other = walk_up(Some(500));
    other.currency = "HUF".into();
    let e = ws.take_payment(&fx.cashier, other).await.unwrap_err();
    assert_field(e, "currency", FieldErrorCode::WrongCurrency);
    // A fixed fee paid at another amount; a card without its approval code; no lines.
    let e = ws
        .take_payment(
            &fx.cashier,
            cash(vec![line(FeeRefKind::Service, fx.service, Some(100))], 5000),
        )
        .await
        .unwrap_err();
    assert_field(e, "lines.0.amount_minor", FieldErrorCode::AmountMismatch);
    let mut card = walk_up(Some(500));
    card.method = PaymentMethod::Card;
    card.tendered_minor = None;
    let e = ws.take_payment(&fx.cashier, card).await.unwrap_err();
    assert_field(e, "approval_code", FieldErrorCode::Required);
    let e = ws
        .take_payment(&fx.cashier, cash(vec![], 100))
        .await
        .unwrap_err();
    assert_field(e, "lines", FieldErrorCode::Required);
    assert_eq!(
        (
            ws.outbox_status().await.unwrap().pending,
            receipts(&fx).await
        ),
        before,
        "a refusal writes nothing"
    );

    // A void of a void, a void without a reason.
    let paid = ws
        .take_payment(&fx.cashier, walk_up(Some(500)))
        .await
        .unwrap();
    let e = ws
        .void_receipt(
            &fx.cashier,
            VoidRequest {
                id: Uuid::now_v7(),
                receipt_id: paid.id,
                reason: "  ".into(),
                approval: None,
            },
        )
        .await
        .unwrap_err();
    assert_field(e, "reason", FieldErrorCode::Required);
    let void = ws
        .void_receipt(
            &fx.cashier,
            VoidRequest {
                id: Uuid::now_v7(),
                receipt_id: paid.id,
                reason: "Typed the wrong amount".into(),
                approval: None,
            },
        )
        .await
        .unwrap();
    let before = (
        ws.outbox_status().await.unwrap().pending,
        receipts(&fx).await,
    );
    for target in [void.id, paid.id] {
        let e = ws
            .void_receipt(
                &fx.cashier,
                VoidRequest {
                    id: Uuid::now_v7(),
                    receipt_id: target,
                    reason: "Again".into(),
                    approval: None,
                },
            )
            .await
            .unwrap_err();
        assert_field(e, "receipt_id", FieldErrorCode::NotTakeBack);
    }
    // Moving out more cash than the drawer holds; an empty reason.
    let e = ws
        .cash_movement(
            &fx.cashier,
            MovementRequest {
                id: Uuid::now_v7(),
                direction: MovementDirection::Out,
                amount_minor: 1_000_000,
                reason: "To the safe".into(),
            },
        )
        .await
        .unwrap_err();
    assert_field(e, "amount_minor", FieldErrorCode::TooLarge);
    // A second session for the same cashier.
    let e = ws
        .open_cash_session(
            &fx.cashier,
            OpenSessionRequest {
                id: Uuid::now_v7(),
                float_minor: 0,
            },
        )
        .await
        .unwrap_err();
    assert!(matches!(e, CoreError::CashSessionOpen), "{e:?}");
    // A count in notes the euro has not.
    let e = ws
        .close_cash_session(
            &fx.cashier,
            CloseSessionRequest {
                session_id: session.id,
                counts: vec![DenominationCount {
                    value_minor: 300,
                    count: 1,
                }],
                note: None,
            },
        )
        .await
        .unwrap_err();
    assert_field(e, "counts.0.value_minor", FieldErrorCode::Malformed);
    assert_eq!(
        (
            ws.outbox_status().await.unwrap().pending,
            receipts(&fx).await
        ),
        before
    );
}

#[tokio::test]
async fn a_session_balances_to_the_coin_and_a_difference_waits_for_a_supervisor() {
    let fx = fixture().await;
    let ws = &fx.ws;
    let s = open(&fx, &fx.cashier, 10_000).await;
    let walk_up = |amount, quantity| PayLine {
        ref_kind: FeeRefKind::Service,
        ref_id: fx.walk_up,
        amount_minor: Some(amount),
        quantity: Some(quantity),
    };
    // Two payments in cash, one by card, a refund of one line, cash to the safe.
    let a = ws
        .take_payment(
            &fx.cashier,
            cash(
                vec![walk_up(302, 1), line(FeeRefKind::Service, fx.service, None)],
                5000,
            ),
        )
        .await
        .unwrap();
    assert_eq!((a.total_minor, a.rounding_minor), (1536, -1));
    let mut card = cash(vec![walk_up(2500, 2)], 0);
    card.method = PaymentMethod::Card;
    card.tendered_minor = None;
    card.approval_code = Some("A1B2C3".into());
    let c = ws.take_payment(&fx.cashier, card).await.unwrap();
    assert_eq!(c.rounding_minor, 0);
    let refund = ws
        .refund_receipt(
            &fx.cashier,
            RefundRequest {
                id: Uuid::now_v7(),
                receipt_id: a.id,
                lines: vec![1],
                reason: "Service not given".into(),
                approval: None,
            },
        )
        .await
        .unwrap();
    // 12.34 paid back in cash is 12.35 (the Slovak rule rounds refunds too).
    assert_eq!((refund.total_minor, refund.paid_minor), (-1234, -1235));
    ws.cash_movement(
        &fx.cashier,
        MovementRequest {
            id: Uuid::now_v7(),
            direction: MovementDirection::Out,
            amount_minor: 5000,
            reason: "To the safe".into(),
        },
    )
    .await
    .unwrap();
    let v = ws.get_cash_session(&fx.cashier, s.id).await.unwrap();
    // 100.00 float + 15.35 − 12.35 − 50.00 = 53.00.
    assert_eq!(v.expected_minor, 10_000 + 1535 - 1235 - 5000);
    let cash_total = v
        .by_method
        .iter()
        .find(|m| m.method == PaymentMethod::Cash)
        .unwrap();
    assert_eq!(
        (
            cash_total.payments,
            cash_total.paid_minor,
            cash_total.refunds,
            cash_total.refunded_minor
        ),
        (1, 1535, 1, 1235)
    );
    let by_account: i64 = v.by_service.iter().map(|t| t.net_minor).sum();
    assert_eq!(by_account, 1536 + 2500 - 1234);
    assert_eq!(v.receipts, 3);

    // Counted 53.00 less 10 cents: the difference waits for a supervisor.
    let counts = vec![
        DenominationCount {
            value_minor: 5000,
            count: 1,
        },
        DenominationCount {
            value_minor: 200,
            count: 1,
        },
        DenominationCount {
            value_minor: 50,
            count: 1,
        },
        DenominationCount {
            value_minor: 20,
            count: 2,
        },
    ];
    let closed = ws
        .close_cash_session(
            &fx.cashier,
            CloseSessionRequest {
                session_id: s.id,
                counts,
                note: Some("10 cents short".into()),
            },
        )
        .await
        .unwrap();
    assert_eq!(closed.state, CashSessionState::AwaitingSignOff);
    assert_eq!(
        (closed.counted_minor, closed.difference_minor),
        (Some(5290), Some(-10))
    );
    // The cashier cannot sign off their own session; the supervisor can, with a reason.
    let e = ws
        .sign_off_cash_session(
            &fx.cashier,
            SignOffRequest {
                session_id: s.id,
                reason: "ok".into(),
            },
        )
        .await
        .unwrap_err();
    assert!(matches!(e, CoreError::Forbidden));
    let signed = ws
        .sign_off_cash_session(
            &fx.boss,
            SignOffRequest {
                session_id: s.id,
                reason: "Counted twice; 10 cents short, booked as a loss.".into(),
            },
        )
        .await
        .unwrap();
    assert_eq!(signed.state, CashSessionState::Closed);
    assert_eq!(signed.signed_off_by_name.as_deref(), Some("Maryam Rahimi"));
    // The day review agrees with the session to the coin.
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
    let review = ws
        .day_review(
            &fx.boss,
            ReviewRequest {
                from: today,
                to: today,
            },
        )
        .await
        .unwrap();
    assert_eq!(review.cash.net_minor, 1535 - 1235 + 2500);
    assert_eq!(review.cash.sessions[0].difference_minor, Some(-10));

    // A void after the session closed needs a supervisor, and cash out of an open session.
    let void = |approval| VoidRequest {
        id: Uuid::now_v7(),
        receipt_id: c.id,
        reason: "Charged twice".into(),
        approval,
    };
    let e = ws.void_receipt(&fx.cashier, void(None)).await.unwrap_err();
    assert_field(e, "approval", FieldErrorCode::SupervisorRequired);
    let wrong = SupervisorApproval {
        username: "jana".into(),
        password: crate::common::PASSWORD.into(),
    };
    let e = ws
        .void_receipt(&fx.cashier, void(Some(wrong)))
        .await
        .unwrap_err();
    assert_field(e, "approval", FieldErrorCode::NotSupervisor);
    let ok = SupervisorApproval {
        username: "maryam".into(),
        password: crate::common::PASSWORD.into(),
    };
    let v = ws.void_receipt(&fx.cashier, void(Some(ok))).await.unwrap();
    assert_eq!(v.approved_by_name.as_deref(), Some("Maryam Rahimi"));
    assert!(ws.check_receipt_chain(&fx.boss).await.unwrap().ok);
    let _ = &fx.admin;
}

#[tokio::test]
async fn tampering_with_the_working_copy_is_caught_by_the_chain_check() {
    let fx = fixture().await;
    let ws = &fx.ws;
    open(&fx, &fx.cashier, 0).await;
    for amount in [500, 700, 900] {
        ws.take_payment(
            &fx.cashier,
            cash(
                vec![line(FeeRefKind::Service, fx.walk_up, Some(amount))],
                1000,
            ),
        )
        .await
        .unwrap();
    }
    assert!(ws.check_receipt_chain(&fx.boss).await.unwrap().ok);
    let path = fx.path.clone();
    let tamper = |sql: &'static str| {
        let path = path.clone();
        async move {
            use sqlx::Connection;
            let mut c = sqlx::SqliteConnection::connect(&format!("sqlite://{}", path.display()))
                .await
                .unwrap();
            for s in sql.split(';').filter(|s| !s.trim().is_empty()) {
                sqlx::query(s).execute(&mut c).await.unwrap();
            }
        }
    };
    // Someone with the file drops the guard and lowers an amount.
    tamper(
        "DROP TRIGGER receipt_append_only_update;
         UPDATE receipt SET total_minor = 100, lines = replace(lines, '700', '100') WHERE number = 'R-2026/00002'",
    )
    .await;
    let report = ws.check_receipt_chain(&fx.boss).await.unwrap();
    let b = report.first_break.expect("an edit breaks the chain");
    assert_eq!(
        (b.kind, b.number.as_deref()),
        (ChainBreakKind::Edited, Some("R-2026/00002"))
    );

    // On a fresh copy: deleting the last receipt leaves its number without an entry; deleting
    // one in the middle leaves a hole in the chain.
    let fx = fixture().await;
    let ws = &fx.ws;
    open(&fx, &fx.cashier, 0).await;
    for amount in [500, 700, 900] {
        ws.take_payment(
            &fx.cashier,
            cash(
                vec![line(FeeRefKind::Service, fx.walk_up, Some(amount))],
                1000,
            ),
        )
        .await
        .unwrap();
    }
    let path = fx.path.clone();
    let delete = |number: &'static str| {
        let path = path.clone();
        async move {
            use sqlx::Connection;
            let mut c = sqlx::SqliteConnection::connect(&format!("sqlite://{}", path.display()))
                .await
                .unwrap();
            sqlx::query("DROP TRIGGER IF EXISTS receipt_append_only_delete")
                .execute(&mut c)
                .await
                .unwrap();
            sqlx::query("DELETE FROM receipt WHERE number = ?")
                .bind(number)
                .execute(&mut c)
                .await
                .unwrap();
        }
    };
    delete("R-2026/00003").await;
    let b = ws
        .check_receipt_chain(&fx.boss)
        .await
        .unwrap()
        .first_break
        .unwrap();
    assert_eq!(
        (b.kind, b.number.as_deref()),
        (ChainBreakKind::NumberWithoutEntry, Some("R-2026/00003"))
    );
    delete("R-2026/00001").await;
    let b = ws
        .check_receipt_chain(&fx.boss)
        .await
        .unwrap()
        .first_break
        .unwrap();
    assert_eq!(b.kind, ChainBreakKind::Missing);
}

fn have(tool: &str) -> bool {
    Command::new("which")
        .arg(tool)
        .output()
        .is_ok_and(|o| o.status.success())
}

fn text_of(file: &Path) -> String {
    String::from_utf8(
        Command::new("pdftotext")
            .args(["-enc", "UTF-8"])
            .arg(file)
            .arg("-")
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap()
}

/// The QR code on the first page of `file`, decoded by zbarimg.
fn qr_code(file: &Path) -> String {
    let png = file.with_extension("");
    assert!(Command::new("pdftoppm")
        .args(["-r", "200", "-png", "-singlefile"])
        .arg(file)
        .arg(&png)
        .status()
        .unwrap()
        .success());
    let out = Command::new("zbarimg")
        .args(["--quiet", "--raw", "-Sbinary"])
        .arg(png.with_extension("png"))
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    text.trim_end_matches('\n').to_string()
}

async fn save(
    ws: &Workstation,
    who: &Actor,
    req: DocumentRequest,
    to: &Path,
) -> std::path::PathBuf {
    let doc = ws.document(who, &req).await.unwrap();
    let file = to.join(&doc.file_name);
    std::fs::write(&file, &doc.bytes).unwrap();
    file
}

#[tokio::test]
async fn receipt_payment_order_and_z_report_read_back_with_their_qr_codes() {
    assert!(
        have("pdftotext") && have("zbarimg"),
        "poppler-utils and zbar-tools are installed by scripts/setup-system"
    );
    let (_keep, out) = crate::pdf::out_dir();
    // `OKNO_CASH_SCREENSHOTS=docs/screenshots` keeps PNGs of each document to look at.
    let shots = std::env::var_os("OKNO_CASH_SCREENSHOTS").map(std::path::PathBuf::from);
    for (currency, locale) in [
        ("EUR", Locale::Sk),
        ("HUF", Locale::Hu),
        ("EUR", Locale::Fa),
    ] {
        let fx = fixture_in(currency, locale).await;
        let ws = &fx.ws;
        ws.set_public_address(&fx.admin, "https://okno.rajec.sk")
            .await
            .unwrap();
        let s = open(&fx, &fx.cashier, 10_000).await;
        let mut req = cash(vec![line(FeeRefKind::Service, fx.service, None)], 5000);
        req.currency = currency.into();
        let r = ws.take_payment(&fx.cashier, req).await.unwrap();
        let dir = out.join(format!("{currency}-{}", locale.code()));
        std::fs::create_dir_all(&dir).unwrap();

        // The receipt on 80 mm paper: its number, its amount, a QR that verifies it.
        let roll = save(
            ws,
            &fx.cashier,
            DocumentRequest::CashReceipt {
                receipt_id: r.id,
                locale: None,
                paper: Paper::Roll80,
            },
            &dir,
        )
        .await;
        let info =
            String::from_utf8(Command::new("pdfinfo").arg(&roll).output().unwrap().stdout).unwrap();
        assert!(info.contains("226.772 x "), "80 mm wide: {info}");
        let text = text_of(&roll);
        let number = okno_rules::calendar::localize_digits("00001", locale);
        assert!(text.contains(&number), "{number} not in {text}");
        assert_eq!(qr_code(&roll), r.verify_url);
        assert!(r.verify_url.starts_with("https://okno.rajec.sk/verify?c="));
        let a4 = save(
            ws,
            &fx.cashier,
            DocumentRequest::CashReceipt {
                receipt_id: r.id,
                locale: Some(Locale::En),
                paper: Paper::A4,
            },
            &dir,
        )
        .await;
        let text = text_of(&a4);
        assert!(
            text.contains("Receipt") && text.contains("R-2026/00001"),
            "{text}"
        );

        // The payment order: the bank's QR holds the transfer field by field.
        let order = ws
            .issue_payment_order(
                &fx.cashier,
                PaymentOrderRequest {
                    id: Uuid::now_v7(),
                    visit_id: None,
                    lines: vec![PayLine {
                        ref_kind: FeeRefKind::Service,
                        ref_id: fx.walk_up,
                        amount_minor: Some(125_000),
                        quantity: None,
                    }],
                    currency: currency.into(),
                    payer_name: "Szabó Anna".into(),
                    locale: Some(locale),
                },
            )
            .await
            .unwrap();
        let file = save(
            ws,
            &fx.cashier,
            DocumentRequest::PaymentOrder {
                order_id: order.id,
                locale: None,
            },
            &dir,
        )
        .await;
        let scanned = qr_code(&file);
        let fields: Vec<&str> = scanned.split('\n').collect();
        match currency {
            "EUR" => {
                assert_eq!(&fields[..4], ["BCD", "002", "1", "SCT"], "{scanned:?}");
                assert_eq!(fields[4], "SUBASKBX");
                assert_eq!(fields[5], "Mesto Rajec");
                assert_eq!(fields[6], "SK3112000000198742637541");
                assert_eq!(fields[7], "EUR1250.00");
                assert!(okno_rules::cash::rf_valid(fields[9]), "{}", fields[9]);
                assert_eq!(fields[9], order.reference);
            }
            _ => {
                assert_eq!(&fields[..3], ["HCT", "001", "1"], "{scanned:?}");
                assert_eq!(fields[3], "OTPVHUHBXXX");
                assert_eq!(fields[5], "HU42117730161111101800000000");
                assert_eq!(fields[6], "HUF1250");
                assert_eq!(fields[12], order.number);
            }
        }
        let text = text_of(&file);
        assert!(text.contains(&order.reference), "{text}");

        // The Z report of the session, after its count.
        ws.close_cash_session(
            &fx.cashier,
            CloseSessionRequest {
                session_id: s.id,
                counts: vec![DenominationCount {
                    value_minor: 10_000,
                    count: 1,
                }],
                note: None,
            },
        )
        .await
        .unwrap();
        let z = save(
            ws,
            &fx.boss,
            DocumentRequest::ZReport {
                session_id: s.id,
                locale: Some(locale),
            },
            &dir,
        )
        .await;
        let text = text_of(&z);
        assert!(!text.trim().is_empty());
        if let Some(shots) = &shots {
            for (name, file) in [
                ("receipt", &roll),
                ("payment-order", &file),
                ("z-report", &z),
            ] {
                let target = shots.join(format!("cash-{name}-{}", locale.code()));
                let dpi = if name == "receipt" { "150" } else { "70" };
                assert!(Command::new("pdftoppm")
                    .args(["-r", dpi, "-png", "-singlefile"])
                    .arg(file)
                    .arg(&target)
                    .status()
                    .unwrap()
                    .success());
            }
        }
    }
}
