//! The queue on a workstation that is its own office: categories, tickets numbered per category
//! and day, the fair order with its recorded scores, serving a ticket and the visit's timeline
//! with the records made meanwhile, calls that lapse, refusals that write nothing, and the
//! ticket on 80 mm paper read back with pdftotext and its QR decoded by zbarimg.

use std::process::Command;
use std::sync::Arc;

use chrono::{Duration, TimeZone, Utc};
use okno_core::auth::Actor;
use okno_core::{CoreError, ManualClock, Workstation};
use okno_wire::*;

use crate::common::{add_staff, in_every_language, office, open_office, sign_in};

struct Fx {
    _dir: tempfile::TempDir,
    ws: Workstation,
    clock: Arc<ManualClock>,
    clerk: Actor,
    admin: Actor,
    service: uuid::Uuid,
}

async fn fixture() -> Fx {
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(ManualClock::new(
        Utc.with_ymd_and_hms(2026, 12, 7, 8, 0, 0).unwrap(),
    ));
    let (ws, admin) = open_office(
        &dir.path().join("okno.db"),
        clock.clone(),
        office(
            "Obecný úrad Rajec",
            "Námestie SNP 2, Rajec",
            Locale::Sk,
            "Europe/Bratislava",
            Calendar::Gregorian,
        ),
    )
    .await;
    for code in ["M", "F"] {
        ws.save_queue_category(
            &admin,
            QueueCategoryInput {
                id: None,
                code: code.into(),
                names: in_every_language(&format!("Category {code}")),
                active: true,
            },
        )
        .await
        .unwrap();
    }
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
    let service = ws
        .save_service(
            &admin,
            ServiceInput {
                id: None,
                agency_id: agency.id,
                code: "RES".into(),
                names: in_every_language("Residence"),
                fee_minor: 0,
                required_documents: vec![],
                deadline_days: 30,
                queue_category: "M".into(),
                account: String::new(),
                active: true,
            },
        )
        .await
        .unwrap();
    add_staff(
        &ws,
        &admin,
        &[("jana", "Jana Nováková", Role::Clerk)],
        Locale::Sk,
    )
    .await;
    let clerk = sign_in(&ws, "jana").await;
    Fx {
        _dir: dir,
        ws,
        clock,
        clerk,
        admin,
        service: service.id,
    }
}

fn take(category: &str, priority: TicketPriority, locale: Locale) -> TakeTicketRequest {
    TakeTicketRequest {
        category: category.into(),
        priority,
        locale,
        private: false,
    }
}

async fn outbox(ws: &Workstation) -> i64 {
    ws.outbox_status().await.unwrap().pending
}

#[tokio::test]
async fn bad_input_is_refused_and_writes_nothing() {
    let fx = fixture().await;
    let ws = &fx.ws;
    let before = outbox(ws).await;
    let field = |e: CoreError| match e {
        CoreError::Validation(f) => (f[0].field.clone(), f[0].code),
        other => panic!("{other:?}"),
    };
    // An unknown category.
    let e = ws
        .take_ticket(&fx.clerk, take("Q", TicketPriority::Normal, Locale::En))
        .await
        .unwrap_err();
    assert_eq!(
        field(e),
        ("category".into(), FieldErrorCode::UnknownCategory)
    );
    // Calling before the desk is named.
    let e = ws.call_next(&fx.clerk).await.unwrap_err();
    assert_eq!(field(e), ("desk.label".into(), FieldErrorCode::Required));
    // A desk with a label that cannot be announced, or a category nobody has.
    let e = ws
        .set_desk_setup(
            &fx.clerk,
            DeskSetup {
                label: "desk 3".into(),
                categories: vec!["Z".into()],
                private: false,
            },
        )
        .await
        .unwrap_err();
    let CoreError::Validation(f) = e else {
        panic!()
    };
    let fields: Vec<_> = f.iter().map(|f| (f.field.as_str(), f.code)).collect();
    assert!(
        fields.contains(&("label", FieldErrorCode::Malformed)),
        "{fields:?}"
    );
    assert!(
        fields.contains(&("categories", FieldErrorCode::UnknownCategory)),
        "{fields:?}"
    );
    assert!(ws.desk_state(&fx.clerk).await.unwrap().setup.is_none());
    // A category an administrator may not name so.
    let e = ws
        .save_queue_category(
            &fx.admin,
            QueueCategoryInput {
                id: None,
                code: "m1".into(),
                names: in_every_language("x"),
                active: true,
            },
        )
        .await
        .unwrap_err();
    assert_eq!(field(e), ("code".into(), FieldErrorCode::Malformed));
    // A cashier may serve the queue; an administrator may not.
    assert!(matches!(
        ws.queue_board(&fx.admin).await,
        Err(CoreError::Forbidden)
    ));
    assert_eq!(outbox(ws).await, before, "nothing was written");
    assert!(ws.queue_board(&fx.clerk).await.unwrap().waiting.is_empty());

    // A finished ticket cannot be called back, recalled or served again.
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
        .take_ticket(&fx.clerk, take("M", TicketPriority::Normal, Locale::Sk))
        .await
        .unwrap();
    ws.call_next(&fx.clerk).await.unwrap();
    ws.ticket_action(
        &fx.clerk,
        TicketActionRequest {
            ticket_id: t.id,
            action: TicketAction::Finish,
        },
    )
    .await
    .unwrap();
    let before = outbox(ws).await;
    for action in [
        TicketAction::Recall,
        TicketAction::Start,
        TicketAction::NoShow,
        TicketAction::Finish,
    ] {
        let e = ws
            .ticket_action(
                &fx.clerk,
                TicketActionRequest {
                    ticket_id: t.id,
                    action,
                },
            )
            .await
            .unwrap_err();
        assert!(matches!(e, CoreError::InvalidTransition { .. }), "{e:?}");
    }
    assert!(
        ws.call_next(&fx.clerk).await.unwrap().ticket.is_none(),
        "nobody waits"
    );
    assert_eq!(outbox(ws).await, before, "refusals write nothing");
    // An unknown ticket (another office's, say).
    let e = ws
        .get_ticket(&fx.clerk, uuid::Uuid::now_v7())
        .await
        .unwrap_err();
    assert!(matches!(e, CoreError::NotFound("ticket")));
}

#[tokio::test]
async fn tickets_are_numbered_called_fairly_and_the_visit_keeps_the_story() {
    let fx = fixture().await;
    let ws = &fx.ws;
    ws.set_desk_setup(
        &fx.clerk,
        DeskSetup {
            label: "3".into(),
            categories: vec!["M".into(), "F".into()],
            private: false,
        },
    )
    .await
    .unwrap();
    let m1 = ws
        .take_ticket(&fx.clerk, take("M", TicketPriority::Normal, Locale::Fa))
        .await
        .unwrap();
    fx.clock.advance(Duration::minutes(2));
    let f1 = ws
        .take_ticket(&fx.clerk, take("F", TicketPriority::Normal, Locale::Sk))
        .await
        .unwrap();
    fx.clock.advance(Duration::minutes(1));
    let m2 = ws
        .take_ticket(&fx.clerk, take("m", TicketPriority::Mobility, Locale::Hu))
        .await
        .unwrap();
    assert_eq!(
        (m1.number.as_str(), f1.number.as_str(), m2.number.as_str()),
        ("M-001", "F-001", "M-002")
    );
    assert_eq!(m1.origin, TicketOrigin::Desk);
    assert_eq!(m2.ahead, Some(1), "one M ticket before it");
    assert_eq!(
        m2.estimated_wait_minutes,
        Some(6),
        "one service of the default length"
    );

    // The line: the mobility ticket waited 0 minutes but is worth 15; M-001 waited 3.
    let board = ws.queue_board(&fx.clerk).await.unwrap();
    let order: Vec<_> = board.waiting.iter().map(|t| t.number.as_str()).collect();
    assert_eq!(order, ["M-002", "M-001", "F-001"]);
    let m = board.categories.iter().find(|c| c.code == "M").unwrap();
    assert_eq!((m.waiting, m.longest_wait_minutes), (2, 3));

    let call = ws.call_next(&fx.clerk).await.unwrap();
    let called = call.ticket.unwrap();
    assert_eq!(called.number, "M-002");
    assert_eq!(called.state, TicketState::Called);
    assert_eq!(called.desk.as_deref(), Some("3"));
    assert!(!call.offline);
    // The scores that chose it, best first, are kept with the call.
    assert_eq!(call.scores[0].number, "M-002");
    assert_eq!(
        (call.scores[0].priority, call.scores[0].total),
        (15.0, 15.0)
    );
    assert_eq!(
        (call.scores[1].number.as_str(), call.scores[1].waited),
        ("M-001", 3.0)
    );

    // Serve it: a case registered meanwhile belongs to the visit.
    ws.ticket_action(
        &fx.clerk,
        TicketActionRequest {
            ticket_id: called.id,
            action: TicketAction::Recall,
        },
    )
    .await
    .unwrap();
    fx.clock.advance(Duration::minutes(1));
    ws.ticket_action(
        &fx.clerk,
        TicketActionRequest {
            ticket_id: called.id,
            action: TicketAction::Start,
        },
    )
    .await
    .unwrap();
    let state = ws.desk_state(&fx.clerk).await.unwrap();
    assert_eq!(state.current.as_ref().map(|t| t.id), Some(called.id));
    let case = ws
        .register_case(
            &fx.clerk,
            IntakeRequest {
                service_id: fx.service.to_string(),
                party: PartyInput {
                    name: "Ilona Kovács".into(),
                    birth_date: None,
                    phone: None,
                    email: None,
                    address: None,
                },
                channel: Channel::WalkIn,
                subject: "Residence".into(),
                description: String::new(),
                priority: Priority::Normal,
                private_conversation: false,
                documents_presented: vec![],
            },
        )
        .await
        .unwrap();
    fx.clock.advance(Duration::minutes(4));
    let done = ws
        .ticket_action(
            &fx.clerk,
            TicketActionRequest {
                ticket_id: called.id,
                action: TicketAction::Finish,
            },
        )
        .await
        .unwrap();
    assert_eq!(done.state, TicketState::Done);
    assert!(ws.desk_state(&fx.clerk).await.unwrap().current.is_none());

    let visit = ws
        .visit_of(&fx.clerk, "case_file", case.summary.id)
        .await
        .unwrap()
        .visit
        .unwrap();
    assert_eq!(visit.id, called.visit_id);
    assert_eq!(visit.locale, Locale::Hu);
    assert!(visit.ended_at.is_some());
    let kinds: Vec<_> = visit.events.iter().map(|e| e.kind).collect();
    assert_eq!(
        kinds,
        [
            VisitEventKind::TicketTaken,
            VisitEventKind::Called,
            VisitEventKind::Recalled,
            VisitEventKind::Started,
            VisitEventKind::CaseRegistered,
            VisitEventKind::Finished
        ]
    );
    let registered = &visit.events[4];
    assert_eq!(
        registered.ref_label.as_deref(),
        Some(case.summary.number.as_str())
    );
    assert_eq!(registered.actor_name.as_deref(), Some("Jana Nováková"));
    assert_eq!(registered.desk.as_deref(), Some("3"));
    assert_eq!(visit.events[1].scores.as_ref().unwrap()[0].number, "M-002");
    assert_eq!(visit.ticket.as_ref().unwrap().calls, 2);

    // Today's service time (4 minutes) now estimates the wait.
    let m1_now = ws.get_ticket(&fx.clerk, m1.id).await.unwrap();
    assert_eq!(
        (m1_now.ahead, m1_now.estimated_wait_minutes),
        (Some(0), Some(0))
    );
    let f1_now = ws.get_ticket(&fx.clerk, f1.id).await.unwrap();
    assert_eq!(f1_now.ahead, Some(0));

    // Every step went to the outbox as a named command.
    let names: Vec<String> = ws
        .outbox_entries(0, 1000)
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.name)
        .collect();
    for n in [
        "queue.save_category",
        "queue.take_ticket",
        "queue.ticket",
        "visit.link",
    ] {
        assert!(names.iter().any(|x| x == n), "{n} missing from {names:?}");
    }
}

#[tokio::test]
async fn transfers_keep_their_place_parked_tickets_return_and_lapsed_calls_end() {
    let fx = fixture().await;
    let ws = &fx.ws;
    ws.set_desk_setup(
        &fx.clerk,
        DeskSetup {
            label: "1".into(),
            categories: vec!["M".into()],
            private: false,
        },
    )
    .await
    .unwrap();
    let a = ws
        .take_ticket(&fx.clerk, take("M", TicketPriority::Normal, Locale::En))
        .await
        .unwrap();
    fx.clock.advance(Duration::minutes(5));
    let b = ws
        .take_ticket(&fx.clerk, take("F", TicketPriority::Normal, Locale::En))
        .await
        .unwrap();
    fx.clock.advance(Duration::minutes(1));
    // M-001 is called, then sent to category F: it keeps its place in time, before F-001.
    assert_eq!(
        ws.call_next(&fx.clerk).await.unwrap().ticket.unwrap().id,
        a.id
    );
    let moved = ws
        .ticket_action(
            &fx.clerk,
            TicketActionRequest {
                ticket_id: a.id,
                action: TicketAction::Transfer {
                    category: "F".into(),
                    desk: None,
                },
            },
        )
        .await
        .unwrap();
    assert_eq!(
        (moved.state, moved.category.as_str()),
        (TicketState::Waiting, "F")
    );
    ws.set_desk_setup(
        &fx.clerk,
        DeskSetup {
            label: "1".into(),
            categories: vec!["F".into()],
            private: false,
        },
    )
    .await
    .unwrap();
    assert_eq!(
        ws.call_next(&fx.clerk).await.unwrap().ticket.unwrap().id,
        a.id
    );
    // Parked, then back in the line.
    ws.ticket_action(
        &fx.clerk,
        TicketActionRequest {
            ticket_id: a.id,
            action: TicketAction::Park,
        },
    )
    .await
    .unwrap();
    assert_eq!(ws.queue_board(&fx.clerk).await.unwrap().parked.len(), 1);
    ws.ticket_action(
        &fx.clerk,
        TicketActionRequest {
            ticket_id: a.id,
            action: TicketAction::Return,
        },
    )
    .await
    .unwrap();

    // A call nobody answers lapses: back in the line, and after the third call out of it.
    for call in 1..=3 {
        let t = ws.call_next(&fx.clerk).await.unwrap().ticket.unwrap();
        assert_eq!(t.id, a.id, "call {call}");
        fx.clock.advance(Duration::minutes(11));
    }
    let next = ws.call_next(&fx.clerk).await.unwrap().ticket.unwrap();
    assert_eq!(next.id, b.id);
    let gone = ws.get_ticket(&fx.clerk, a.id).await.unwrap();
    assert_eq!(gone.state, TicketState::NoShow);
    let visit = ws.get_visit(&fx.clerk, a.visit_id).await.unwrap();
    assert!(visit.ended_at.is_some());
    assert_eq!(
        visit
            .events
            .iter()
            .filter(|e| e.kind == VisitEventKind::Expired)
            .count(),
        3
    );
    // A recall after the desk let it go is refused.
    let e = ws
        .ticket_action(
            &fx.clerk,
            TicketActionRequest {
                ticket_id: a.id,
                action: TicketAction::Recall,
            },
        )
        .await
        .unwrap_err();
    assert!(matches!(e, CoreError::InvalidTransition { .. }));
}

fn have(tool: &str) -> bool {
    Command::new(tool).arg("-v").output().is_ok()
}

#[tokio::test]
async fn the_ticket_prints_on_80_mm_with_a_qr_to_its_status_page() {
    assert!(
        have("pdftotext") && have("zbarimg"),
        "poppler-utils and zbar-tools are installed by scripts/setup-system"
    );
    let fx = fixture().await;
    let ws = &fx.ws;
    ws.set_public_address(&fx.admin, "https://okno.rajec.sk")
        .await
        .unwrap();
    for (locale, words) in [
        (
            Locale::En,
            vec![
                "Obecný úrad Rajec",
                "M-001",
                "Category M en",
                "Waiting before you: 0",
            ],
        ),
        (Locale::Fa, vec!["Obecný úrad Rajec", "Category M fa"]),
    ] {
        let t = ws
            .take_ticket(&fx.clerk, take("M", TicketPriority::Mobility, locale))
            .await
            .unwrap();
        let req = DocumentRequest::Ticket { ticket_id: t.id };
        let doc = ws.document(&fx.clerk, &req).await.unwrap();
        assert_eq!(doc.file_name, format!("ticket-{}.pdf", t.number));
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("ticket.pdf");
        std::fs::write(&file, &doc.bytes).unwrap();
        let info = Command::new("pdfinfo").arg(&file).output().unwrap();
        let info = String::from_utf8_lossy(&info.stdout).to_string();
        let size = info
            .lines()
            .find(|l| l.starts_with("Page size:"))
            .unwrap_or_default()
            .to_string();
        assert!(size.contains("226.772 x "), "80 mm wide: {size}");
        let height: f64 = size.split_whitespace().nth(4).unwrap().parse().unwrap();
        assert!(
            (250.0..450.0).contains(&height),
            "cut where the ticket ends: {size}"
        );
        let text = String::from_utf8(
            Command::new("pdftotext")
                .arg(&file)
                .arg("-")
                .output()
                .unwrap()
                .stdout,
        )
        .unwrap();
        for w in words {
            assert!(text.contains(w), "{w:?} missing from:\n{text}");
        }
        if locale == Locale::Fa {
            // The number in Persian digits.
            assert!(text.contains("۰۰۲"), "{text}");
        }
        let png = dir.path().join("page");
        assert!(Command::new("pdftoppm")
            .args(["-r", "200", "-png", "-singlefile"])
            .arg(&file)
            .arg(&png)
            .status()
            .unwrap()
            .success());
        let out = Command::new("zbarimg")
            .args(["--quiet", "--raw"])
            .arg(dir.path().join("page.png"))
            .output()
            .unwrap();
        let scanned = String::from_utf8(out.stdout).unwrap().trim().to_string();
        assert_eq!(
            scanned,
            format!("https://okno.rajec.sk/queue/status?t={}", t.id)
        );
        assert_eq!(t.status_url.as_deref(), Some(scanned.as_str()));
    }
    // A print that failed is recorded and shown; printing it again at a desk clears it.
    let t = ws
        .take_ticket(&fx.clerk, take("M", TicketPriority::Normal, Locale::Sv))
        .await
        .unwrap();
    let failed = ws
        .ticket_action(
            &fx.clerk,
            TicketActionRequest {
                ticket_id: t.id,
                action: TicketAction::PrintFailed,
            },
        )
        .await
        .unwrap();
    assert!(failed.print_failed);
    assert_eq!(
        failed.state,
        TicketState::Waiting,
        "it still waits, and is called like any other"
    );
    ws.print_document(
        &fx.clerk,
        &DocumentRequest::Ticket { ticket_id: t.id },
        1,
        |_| Ok::<_, CoreError>(()),
    )
    .await
    .unwrap();
    let reprinted = ws.get_ticket(&fx.clerk, t.id).await.unwrap();
    assert!(!reprinted.print_failed);
    let visit = ws.get_visit(&fx.clerk, t.visit_id).await.unwrap();
    let kinds: Vec<_> = visit.events.iter().map(|e| e.kind).collect();
    assert_eq!(
        kinds,
        [
            VisitEventKind::TicketTaken,
            VisitEventKind::PrintFailed,
            VisitEventKind::Printed
        ]
    );
}

#[tokio::test]
async fn opening_hours_are_checked_and_only_editors_set_them() {
    let fx = fixture().await;
    let ws = &fx.ws;
    let span = |a: &str, b: &str| OpeningSpan {
        from: a.into(),
        to: b.into(),
    };
    assert!(
        ws.opening_hours(&fx.clerk).await.unwrap().days.is_empty(),
        "not set"
    );
    let before = outbox(ws).await;
    let bad = OpeningHours {
        days: vec![
            OpeningDay {
                weekday: 1,
                spans: vec![span("08:00", "12:00"), span("11:30", "16:00")],
            },
            OpeningDay {
                weekday: 2,
                spans: vec![span("8", "12:00")],
            },
        ],
    };
    let CoreError::Validation(f) = ws.set_opening_hours(&fx.admin, bad).await.unwrap_err() else {
        panic!()
    };
    let got: Vec<_> = f.iter().map(|f| (f.field.as_str(), f.code)).collect();
    assert_eq!(
        got,
        [
            ("days[0]", FieldErrorCode::Overlap),
            ("days[1]", FieldErrorCode::Malformed)
        ]
    );
    assert!(matches!(
        ws.set_opening_hours(&fx.admin, OpeningHours::default())
            .await,
        Err(CoreError::Validation(_))
    ));
    let week = OpeningHours {
        days: vec![OpeningDay {
            weekday: 1,
            spans: vec![span("08:00", "12:00"), span("13:00", "16:30")],
        }],
    };
    assert!(matches!(
        ws.set_opening_hours(&fx.clerk, week.clone()).await,
        Err(CoreError::Forbidden)
    ));
    assert_eq!(outbox(ws).await, before, "refusals write nothing");
    let set = ws.set_opening_hours(&fx.admin, week).await.unwrap();
    assert_eq!(
        set.days.len(),
        7,
        "every day of the week; the ones not given are closed"
    );
    assert_eq!(set.days[0].spans.len(), 2);
    assert!(set.days[1..].iter().all(|d| d.spans.is_empty()));
    assert_eq!(outbox(ws).await, before + 1);
}
