//! Integration tests of okno-core on a real SQLite file: intake, the status machine, numbering
//! under concurrency, the outbox written in the same transaction, roles enforced in the core,
//! the filing registry, attachments, and bad input that writes nothing.

use std::sync::Arc;

use base64::Engine;
use chrono::{Duration, TimeZone, Utc};
use okno_core::auth::Actor;
use okno_core::{CoreError, ManualClock, Workstation};
use okno_wire::*;
use uuid::Uuid;

struct Fixture {
    ws: Arc<Workstation>,
    clock: Arc<ManualClock>,
    _dir: tempfile::TempDir,
    path: std::path::PathBuf,
}

const PASSWORD: &str = "correct horse";

async fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("working-copy.db");
    // 10:00 in Bratislava on a Tuesday.
    let clock = Arc::new(ManualClock::new(
        Utc.with_ymd_and_hms(2026, 3, 10, 9, 0, 0).unwrap(),
    ));
    let ws = Workstation::open_with_clock(&path, clock.clone())
        .await
        .unwrap();
    ws.setup_office(SetupRequest {
        office: OfficeInput {
            name: "Obecný úrad Testovo".into(),
            address: "Hlavná 1, 010 01 Žilina".into(),
            locale: Locale::Sk,
            currency: "EUR".into(),
            time_zone: "Europe/Bratislava".into(),
            calendar: Calendar::Gregorian,
        },
        admin: NewStaff {
            username: "admin".into(),
            display_name: "Admin Adminová".into(),
            password: PASSWORD.into(),
            roles: vec![Role::Admin],
            locale: Locale::En,
        },
    })
    .await
    .unwrap();
    Fixture {
        ws: Arc::new(ws),
        clock,
        _dir: dir,
        path,
    }
}

async fn sign_in(ws: &Workstation, username: &str) -> Actor {
    let s = ws.login(username, PASSWORD).await.unwrap();
    ws.actor(Some(&s.token)).unwrap()
}

async fn add_staff(ws: &Workstation, admin: &Actor, username: &str, role: Role) -> Actor {
    ws.create_staff(
        admin,
        NewStaff {
            username: username.into(),
            display_name: format!("{username} Testová"),
            password: PASSWORD.into(),
            roles: vec![role],
            locale: Locale::Sk,
        },
    )
    .await
    .unwrap();
    sign_in(ws, username).await
}

fn names(base: &str) -> LocalizedText {
    Locale::ALL
        .iter()
        .map(|l| (l.code().to_string(), format!("{base} ({})", l.code())))
        .collect()
}

/// An agency and a service with two required documents and a 15-day deadline.
async fn catalogue(ws: &Workstation, admin: &Actor) -> ServiceView {
    let agency = ws
        .save_agency(
            admin,
            AgencyInput {
                id: None,
                code: "MUNI".into(),
                names: names("Municipality"),
                active: true,
            },
        )
        .await
        .unwrap();
    ws.save_service(
        admin,
        ServiceInput {
            id: None,
            agency_id: agency.id,
            code: "WASTE".into(),
            names: names("Waste fee"),
            fee_minor: 1250,
            required_documents: vec![names("Identity card"), names("Lease")],
            deadline_days: 15,
            queue_category: "A".into(),
            account: String::new(),
            active: true,
        },
    )
    .await
    .unwrap()
}

fn intake(service: &ServiceView, name: &str) -> IntakeRequest {
    IntakeRequest {
        party: PartyInput {
            name: name.into(),
            birth_date: Some("1980-02-29".into()),
            phone: Some("+421 905 111 222".into()),
            email: None,
            address: None,
        },
        service_id: service.id.to_string(),
        channel: Channel::WalkIn,
        subject: "Waste fee for a household of three".into(),
        description: "Moved in last month.".into(),
        priority: Priority::Normal,
        private_conversation: false,
        documents_presented: vec![0],
    }
}

/// Counts rows through a separate read-only connection: what is on disk, not in a cache.
async fn count(path: &std::path::Path, table: &str) -> i64 {
    let sql = format!("SELECT COUNT(*) FROM {table}");
    let pool = sqlx::SqlitePool::connect_with(
        sqlx::sqlite::SqliteConnectOptions::new()
            .filename(path)
            .read_only(true),
    )
    .await
    .unwrap();
    let n: (i64,) = sqlx::query_as(&sql).fetch_one(&pool).await.unwrap();
    pool.close().await;
    n.0
}

async fn setup() -> (Fixture, Actor, Actor, ServiceView) {
    let f = fixture().await;
    let admin = sign_in(&f.ws, "admin").await;
    let service = catalogue(&f.ws, &admin).await;
    let clerk = add_staff(&f.ws, &admin, "eva", Role::Clerk).await;
    (f, admin, clerk, service)
}

fn validation_fields(e: CoreError) -> Vec<(String, FieldErrorCode)> {
    match e {
        CoreError::Validation(fields) => fields.into_iter().map(|f| (f.field, f.code)).collect(),
        other => panic!("expected a validation error, got {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn intake_registers_a_numbered_case_with_due_date_event_and_outbox_entry() {
    let (f, _admin, clerk, service) = setup().await;
    let outbox_before = f.ws.outbox_status().await.unwrap().pending;

    let case =
        f.ws.register_case(&clerk, intake(&service, "Jana Čičová"))
            .await
            .unwrap();

    assert_eq!(case.summary.number, "C-2026/00001");
    assert_eq!(case.summary.status, CaseStatus::Received);
    assert_eq!(case.summary.party_name, "Jana Čičová");
    assert_eq!(
        case.summary.due_date,
        chrono::NaiveDate::from_ymd_opt(2026, 3, 25).unwrap()
    );
    assert_eq!(case.summary.assignee_id, Some(clerk.staff_id));
    assert_eq!(case.fee_minor, 1250);
    assert_eq!(case.checklist.len(), 2);
    assert!(case.checklist[0].presented && !case.checklist[1].presented);
    assert_eq!(case.events.len(), 1);
    assert_eq!(case.events[0].kind, CaseEventKind::Registered);
    assert_eq!(case.events[0].actor_name, "eva Testová");
    assert_eq!(
        case.allowed_transitions,
        vec![
            CaseStatus::InProgress,
            CaseStatus::ForwardedToAgency,
            CaseStatus::Rejected
        ]
    );

    assert_eq!(
        f.ws.outbox_status().await.unwrap().pending,
        outbox_before + 1
    );
    let entries = f.ws.outbox_entries(0, 1000).await.unwrap();
    let last = entries.last().unwrap();
    assert_eq!(last.name, "case.register");
    assert_eq!(last.version, 2);
    assert_eq!(last.payload["case_id"], case.summary.id.to_string());
    assert_eq!(last.payload["number"]["number"], 1);
    // The command carries the rows it wrote, exactly as the working copy holds them.
    let rows = last.payload["rows"].as_array().unwrap();
    let row = |kind: &str| rows.iter().find(|r| r["kind"] == kind).unwrap()["body"].clone();
    assert_eq!(row("case_file")["number"], "C-2026/00001");
    assert_eq!(row("party")["name"], "Jana Čičová");
    assert_eq!(row("case_event")["case_id"], case.summary.id.to_string());
    assert!(last.hlc.is_some());
    // Sequence numbers are strictly increasing, in the device's order.
    assert!(entries.windows(2).all(|w| w[0].seq < w[1].seq));

    // What intake answers is exactly what reading the case back gives.
    let found = f.ws.get_case(&clerk, case.summary.id).await.unwrap();
    assert_eq!(
        serde_json::to_value(&found).unwrap(),
        serde_json::to_value(&case).unwrap()
    );
    assert_eq!(f.ws.store().integrity_check().await.unwrap(), "ok");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_intake_is_refused_field_by_field_and_writes_nothing() {
    let (f, _admin, clerk, service) = setup().await;
    let before = (
        count(&f.path, "case_file").await,
        count(&f.path, "outbox").await,
        count(&f.path, "number_use").await,
        count(&f.path, "party").await,
    );

    let mut bad = intake(&service, "  ");
    bad.subject = "x".repeat(201);
    bad.party.birth_date = Some("1980-02-30".into());
    bad.party.email = Some("not-an-address".into());
    bad.description = "y".repeat(4001);
    let fields = validation_fields(f.ws.register_case(&clerk, bad).await.unwrap_err());
    assert!(fields.contains(&("party.name".into(), FieldErrorCode::Required)));
    assert!(fields.contains(&("subject".into(), FieldErrorCode::TooLong)));
    assert!(fields.contains(&("party.birth_date".into(), FieldErrorCode::InvalidDate)));
    assert!(fields.contains(&("party.email".into(), FieldErrorCode::Malformed)));
    assert!(fields.contains(&("description".into(), FieldErrorCode::TooLong)));

    let mut unknown = intake(&service, "Ján Novák");
    unknown.service_id = Uuid::now_v7().to_string();
    assert_eq!(
        validation_fields(f.ws.register_case(&clerk, unknown).await.unwrap_err()),
        vec![("service_id".into(), FieldErrorCode::UnknownService)]
    );
    let mut malformed = intake(&service, "Ján Novák");
    malformed.service_id = "not-a-uuid".into();
    assert_eq!(
        validation_fields(f.ws.register_case(&clerk, malformed).await.unwrap_err()),
        vec![("service_id".into(), FieldErrorCode::UnknownService)]
    );
    let mut future = intake(&service, "Ján Novák");
    future.party.birth_date = Some("2027-01-01".into());
    assert_eq!(
        validation_fields(f.ws.register_case(&clerk, future).await.unwrap_err()),
        vec![("party.birth_date".into(), FieldErrorCode::DateInFuture)]
    );
    let mut checklist = intake(&service, "Ján Novák");
    checklist.documents_presented = vec![5];
    assert_eq!(
        validation_fields(f.ws.register_case(&clerk, checklist).await.unwrap_err()),
        vec![(
            "documents_presented".into(),
            FieldErrorCode::UnknownChecklistItem
        )]
    );

    let after = (
        count(&f.path, "case_file").await,
        count(&f.path, "outbox").await,
        count(&f.path, "number_use").await,
        count(&f.path, "party").await,
    );
    assert_eq!(before, after, "a refused intake must write nothing");
    // And the next good intake still gets number 1: nothing was used up.
    let case =
        f.ws.register_case(&clerk, intake(&service, "Ján Novák"))
            .await
            .unwrap();
    assert_eq!(case.summary.number, "C-2026/00001");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn persian_and_arabic_indic_digits_are_digits_and_stored_western() {
    let (f, _admin, clerk, service) = setup().await;
    let mut req = intake(&service, "Reza Karimi");
    // A Persian keyboard's digits in the phone, Arabic-Indic ones in the date of birth.
    req.party.phone = Some("۰۹۱۲ ٣٤٥ ۶۷۸۹".into());
    req.party.birth_date = Some("١٩٨٥-٠٣-١٥".into());
    let case = f.ws.register_case(&clerk, req).await.unwrap();
    assert_eq!(case.party.phone.as_deref(), Some("0912 345 6789"));
    assert_eq!(
        case.party.birth_date,
        chrono::NaiveDate::from_ymd_opt(1985, 3, 15)
    );

    // An impossible date is refused in any digits, never moved to the month's last day.
    let mut impossible = intake(&service, "Reza Karimi");
    impossible.party.birth_date = Some("۱۹۸۵-۰۲-۳۰".into());
    assert_eq!(
        validation_fields(f.ws.register_case(&clerk, impossible).await.unwrap_err()),
        vec![("party.birth_date".into(), FieldErrorCode::InvalidDate)]
    );

    // The case number searched for in Persian digits finds the case.
    let persian: String = case
        .summary
        .number
        .chars()
        .map(|c| match c.to_digit(10) {
            Some(d) => char::from_u32(0x06F0 + d).unwrap(),
            None => c,
        })
        .collect();
    let found =
        f.ws.list_cases(
            &clerk,
            CaseFilter {
                scope: CaseScope::All,
                status: None,
                service_id: None,
                assignee_id: None,
                overdue_only: false,
                text: Some(persian),
                limit: 10,
                offset: 0,
            },
        )
        .await
        .unwrap();
    assert_eq!(found.total, 1);
    assert_eq!(found.items[0].number, case.summary.number);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn status_machine_allows_the_documented_path_and_refuses_the_rest() {
    let (f, admin, clerk, service) = setup().await;
    let id =
        f.ws.register_case(&clerk, intake(&service, "Gábor Szabó"))
            .await
            .unwrap()
            .summary
            .id;
    let change = |to, note: Option<&str>| ChangeStatusRequest {
        case_id: id,
        to,
        note: note.map(Into::into),
    };

    let err =
        f.ws.change_case_status(&clerk, change(CaseStatus::Closed, None))
            .await
            .unwrap_err();
    assert!(matches!(
        err,
        CoreError::InvalidTransition {
            from: "received",
            to: "closed"
        }
    ));
    let events_before = count(&f.path, "case_event").await;

    for to in [
        CaseStatus::InProgress,
        CaseStatus::WaitingForCitizen,
        CaseStatus::InProgress,
        CaseStatus::ForwardedToAgency,
        CaseStatus::Resolved,
    ] {
        f.ws.change_case_status(&clerk, change(to, Some("moving on")))
            .await
            .unwrap();
    }
    let resolved = f.ws.get_case(&clerk, id).await.unwrap();
    assert_eq!(resolved.summary.status, CaseStatus::Resolved);
    assert_eq!(
        resolved.allowed_transitions,
        vec![CaseStatus::Closed, CaseStatus::InProgress]
    );
    assert_eq!(count(&f.path, "case_event").await, events_before + 5);
    let last = resolved.events.last().unwrap();
    assert_eq!(
        (last.from_status, last.to_status),
        (
            Some(CaseStatus::ForwardedToAgency),
            Some(CaseStatus::Resolved)
        )
    );
    assert_eq!(last.note.as_deref(), Some("moving on"));

    f.ws.change_case_status(&clerk, change(CaseStatus::Closed, None))
        .await
        .unwrap();
    let err =
        f.ws.change_case_status(&clerk, change(CaseStatus::InProgress, None))
            .await
            .unwrap_err();
    assert!(matches!(err, CoreError::InvalidTransition { .. }));
    // An admin without case handling may look but not move.
    let err =
        f.ws.change_case_status(&admin, change(CaseStatus::InProgress, None))
            .await
            .unwrap_err();
    assert!(matches!(err, CoreError::Forbidden));

    let outbox = f.ws.outbox_entries(0, 1000).await.unwrap();
    assert_eq!(
        outbox
            .iter()
            .filter(|e| e.name == "case.change_status")
            .count(),
        6
    );
    // Open scope excludes closed cases.
    let open =
        f.ws.list_cases(&clerk, filter(CaseScope::Open))
            .await
            .unwrap();
    assert_eq!(open.total, 0);
}

fn filter(scope: CaseScope) -> CaseFilter {
    CaseFilter {
        scope,
        status: None,
        service_id: None,
        assignee_id: None,
        overdue_only: false,
        text: None,
        limit: 50,
        offset: 0,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_intake_from_two_tasks_gives_unique_gap_free_numbers() {
    let (f, _admin, clerk, service) = setup().await;
    let per_task = 40;
    let mut tasks = Vec::new();
    for t in 0..2 {
        let ws = f.ws.clone();
        let clerk = clerk.clone();
        let service = service.clone();
        tasks.push(tokio::spawn(async move {
            let mut numbers = Vec::new();
            for i in 0..per_task {
                let c = ws
                    .register_case(&clerk, intake(&service, &format!("Task {t} citizen {i}")))
                    .await
                    .unwrap();
                numbers.push(c.summary.number);
            }
            numbers
        }));
    }
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await.unwrap());
    }
    all.sort();
    let expected: Vec<String> = (1..=2 * per_task)
        .map(|n| format!("C-2026/{n:05}"))
        .collect();
    assert_eq!(all, expected, "numbers must be unique and without gaps");
    assert_eq!(count(&f.path, "number_use").await, 2 * per_task as i64);
    let registered =
        f.ws.outbox_entries(0, 10_000)
            .await
            .unwrap()
            .into_iter()
            .filter(|e| e.name == "case.register")
            .count();
    assert_eq!(registered, 2 * per_task);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn roles_are_enforced_in_the_core() {
    let (f, admin, clerk, service) = setup().await;
    let cashier = add_staff(&f.ws, &admin, "asa", Role::Cashier).await;
    let registrar = add_staff(&f.ws, &admin, "gabor", Role::Registrar).await;

    assert!(matches!(
        f.ws.register_case(&cashier, intake(&service, "X Y"))
            .await
            .unwrap_err(),
        CoreError::Forbidden
    ));
    assert!(matches!(
        f.ws.register_case(&admin, intake(&service, "X Y"))
            .await
            .unwrap_err(),
        CoreError::Forbidden
    ));
    let case =
        f.ws.register_case(&registrar, intake(&service, "X Y"))
            .await
            .unwrap();
    // A cashier sees the case (to take the fee), but cannot handle it and is offered no moves.
    let seen = f.ws.get_case(&cashier, case.summary.id).await.unwrap();
    assert!(seen.allowed_transitions.is_empty());
    assert!(matches!(
        f.ws.add_case_note(
            &cashier,
            AddNoteRequest {
                case_id: case.summary.id,
                note: "hi".into()
            }
        )
        .await
        .unwrap_err(),
        CoreError::Forbidden
    ));
    assert!(matches!(
        f.ws.save_agency(
            &clerk,
            AgencyInput {
                id: None,
                code: "X".into(),
                names: names("X"),
                active: true
            }
        )
        .await
        .unwrap_err(),
        CoreError::Forbidden
    ));
    assert!(matches!(
        f.ws.create_staff(
            &clerk,
            NewStaff {
                username: "z".into(),
                display_name: "Z".into(),
                password: PASSWORD.into(),
                roles: vec![Role::Admin],
                locale: Locale::En
            }
        )
        .await
        .unwrap_err(),
        CoreError::Forbidden
    ));
    assert!(matches!(
        f.ws.register_filing(&cashier, filing_input(None))
            .await
            .unwrap_err(),
        CoreError::Forbidden
    ));
    // And through the API dispatcher, the same answers with stable codes.
    let s = f.ws.login("asa", PASSWORD).await.unwrap();
    let err = okno_core::api::dispatch(
        &f.ws,
        "register_case",
        Some(&s.token),
        serde_json::to_value(intake(&service, "X Y")).unwrap(),
    )
    .await
    .unwrap_err();
    assert_eq!(err.code, ErrorCode::Forbidden);
    let err = okno_core::api::dispatch(
        &f.ws,
        "list_cases",
        None,
        serde_json::to_value(filter(CaseScope::All)).unwrap(),
    )
    .await
    .unwrap_err();
    assert_eq!(err.code, ErrorCode::Unauthenticated);
    let err = okno_core::api::dispatch(
        &f.ws,
        "no_such_command",
        Some(&s.token),
        serde_json::Value::Null,
    )
    .await
    .unwrap_err();
    assert_eq!(err.code, ErrorCode::NotFound);
    let err = okno_core::api::dispatch(
        &f.ws,
        "register_case",
        Some(&s.token),
        serde_json::json!({"party": 3}),
    )
    .await
    .unwrap_err();
    assert_eq!(err.code, ErrorCode::Validation);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn login_checks_the_password_hash_and_remembers_the_language() {
    let (f, _admin, clerk, _service) = setup().await;
    assert!(matches!(
        f.ws.login("eva", "wrong password").await.unwrap_err(),
        CoreError::InvalidCredentials
    ));
    assert!(matches!(
        f.ws.login("nobody", PASSWORD).await.unwrap_err(),
        CoreError::InvalidCredentials
    ));
    assert!(matches!(
        f.ws.login("", "").await.unwrap_err(),
        CoreError::Validation(_)
    ));
    // User names are not case-sensitive.
    let s = f.ws.login("EVA", PASSWORD).await.unwrap();
    assert_eq!(s.staff.locale, Locale::Sk);
    assert!(s.permissions.contains(&Permission::RegisterCase));
    f.ws.set_locale(&clerk, Locale::Fa).await.unwrap();
    assert_eq!(
        f.ws.login("eva", PASSWORD).await.unwrap().staff.locale,
        Locale::Fa
    );
    f.ws.logout(Some(&s.token));
    assert!(matches!(
        f.ws.actor(Some(&s.token)).unwrap_err(),
        CoreError::Unauthenticated
    ));
    // The stored hash is argon2id, never the password.
    let pool = sqlx::SqlitePool::connect_with(
        sqlx::sqlite::SqliteConnectOptions::new()
            .filename(&f.path)
            .read_only(true),
    )
    .await
    .unwrap();
    let (hash,): (String,) =
        sqlx::query_as("SELECT password_hash FROM staff WHERE username = 'eva'")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert!(hash.starts_with("$argon2id$") && !hash.contains(PASSWORD));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn setup_happens_once() {
    let (f, _admin, _clerk, _service) = setup().await;
    let again = f.ws.setup_office(SetupRequest {
        office: OfficeInput {
            name: "Other".into(),
            address: "x".into(),
            locale: Locale::En,
            currency: "EUR".into(),
            time_zone: "Europe/Stockholm".into(),
            calendar: Calendar::Gregorian,
        },
        admin: NewStaff {
            username: "root".into(),
            display_name: "Root".into(),
            password: PASSWORD.into(),
            roles: vec![Role::Admin],
            locale: Locale::En,
        },
    });
    assert!(matches!(
        again.await.unwrap_err(),
        CoreError::AlreadyInitialized
    ));
    assert!(matches!(
        okno_core::demo::load_demo(&f.ws).await.unwrap_err(),
        CoreError::AlreadyInitialized
    ));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn today_open_overdue_and_text_filters_use_the_office_day() {
    let (f, admin, clerk, service) = setup().await;
    let supervisor = add_staff(&f.ws, &admin, "maryam", Role::Supervisor).await;
    // 23:30 UTC on 9 March is already 10 March in Bratislava (UTC+1).
    f.clock
        .set(Utc.with_ymd_and_hms(2026, 3, 9, 23, 30, 0).unwrap());
    let late =
        f.ws.register_case(&clerk, intake(&service, "Åsa Lindström"))
            .await
            .unwrap();
    f.clock
        .set(Utc.with_ymd_and_hms(2026, 3, 9, 22, 30, 0).unwrap());
    let yesterday =
        f.ws.register_case(&clerk, intake(&service, "Erik Johansson"))
            .await
            .unwrap();
    f.clock
        .set(Utc.with_ymd_and_hms(2026, 3, 10, 12, 0, 0).unwrap());

    let today =
        f.ws.list_cases(&clerk, filter(CaseScope::Today))
            .await
            .unwrap();
    assert_eq!(
        today.items.iter().map(|c| c.id).collect::<Vec<_>>(),
        vec![late.summary.id]
    );
    assert_eq!(
        f.ws.list_cases(&clerk, filter(CaseScope::All))
            .await
            .unwrap()
            .total,
        2
    );

    let mut by_text = filter(CaseScope::All);
    by_text.text = Some("Lindstr".into());
    assert_eq!(f.ws.list_cases(&clerk, by_text).await.unwrap().total, 1);
    // The trigram index ignores case, also beyond ASCII, and finds any part of a number.
    let mut folded = filter(CaseScope::All);
    folded.text = Some("LINDSTRÖM".into());
    assert_eq!(f.ws.list_cases(&clerk, folded).await.unwrap().total, 1);
    let mut part = filter(CaseScope::All);
    part.text = Some(yesterday.summary.number[2..9].to_string());
    assert_eq!(f.ws.list_cases(&clerk, part).await.unwrap().total, 2);
    let mut short = filter(CaseScope::All);
    short.text = Some("Er".into());
    assert_eq!(
        f.ws.list_cases(&clerk, short).await.unwrap().items[0].id,
        yesterday.summary.id
    );
    let mut by_number = filter(CaseScope::All);
    by_number.text = Some(yesterday.summary.number.clone());
    assert_eq!(
        f.ws.list_cases(&clerk, by_number).await.unwrap().items[0].id,
        yesterday.summary.id
    );
    let mut wildcard = filter(CaseScope::All);
    wildcard.text = Some("%".into());
    assert_eq!(
        f.ws.list_cases(&clerk, wildcard).await.unwrap().total,
        0,
        "LIKE wildcards are escaped"
    );

    // 15 days later the first is overdue; after reassignment and resolution it is not.
    f.clock.advance(Duration::days(15));
    let mut overdue = filter(CaseScope::Open);
    overdue.overdue_only = true;
    let list = f.ws.list_cases(&clerk, overdue.clone()).await.unwrap();
    assert_eq!(list.total, 1);
    assert_eq!(list.items[0].id, yesterday.summary.id);
    assert!(list.items[0].overdue);

    let moved =
        f.ws.reassign_case(
            &supervisor,
            ReassignRequest {
                case_id: yesterday.summary.id,
                assignee_id: Some(supervisor.staff_id),
            },
        )
        .await
        .unwrap();
    assert_eq!(
        moved.summary.assignee_name.as_deref(),
        Some("maryam Testová")
    );
    assert_eq!(moved.events.last().unwrap().kind, CaseEventKind::Reassigned);
    let mut mine = filter(CaseScope::Open);
    mine.assignee_id = Some(supervisor.staff_id);
    assert_eq!(f.ws.list_cases(&clerk, mine).await.unwrap().total, 1);
    let err =
        f.ws.reassign_case(
            &supervisor,
            ReassignRequest {
                case_id: yesterday.summary.id,
                assignee_id: Some(Uuid::now_v7()),
            },
        )
        .await
        .unwrap_err();
    assert_eq!(
        validation_fields(err),
        vec![("assignee_id".into(), FieldErrorCode::UnknownStaff)]
    );

    let mut by_status = filter(CaseScope::All);
    by_status.status = Some(CaseStatus::Received);
    assert_eq!(f.ws.list_cases(&clerk, by_status).await.unwrap().total, 2);
    let mut by_service = filter(CaseScope::All);
    by_service.service_id = Some(Uuid::now_v7());
    assert_eq!(f.ws.list_cases(&clerk, by_service).await.unwrap().total, 0);
}

fn filing_input(case_number: Option<String>) -> FilingInput {
    FilingInput {
        direction: FilingDirection::Incoming,
        counterpart: "Ľubomír Ďurica".into(),
        subject: "Application for a waste fee reduction".into(),
        pages: 3,
        enclosures: 1,
        case_number,
        note: None,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn filing_registry_numbers_links_and_searches() {
    let (f, _admin, clerk, service) = setup().await;
    let case =
        f.ws.register_case(&clerk, intake(&service, "Ľubomír Ďurica"))
            .await
            .unwrap();
    let linked =
        f.ws.register_filing(
            &clerk,
            filing_input(Some(case.summary.number.to_lowercase())),
        )
        .await
        .unwrap();
    assert_eq!(linked.number, "F-2026/00001");
    assert_eq!(linked.case_id, Some(case.summary.id));
    let alone =
        f.ws.register_filing(
            &clerk,
            FilingInput {
                direction: FilingDirection::Outgoing,
                ..filing_input(None)
            },
        )
        .await
        .unwrap();
    assert_eq!(alone.number, "F-2026/00002");

    let detail = f.ws.get_case(&clerk, case.summary.id).await.unwrap();
    assert_eq!(detail.filings.len(), 1);
    assert_eq!(
        detail.events.last().unwrap().kind,
        CaseEventKind::FilingLinked
    );

    let before = count(&f.path, "filing_entry").await;
    let mut bad = filing_input(Some("C-2026/99999".into()));
    bad.pages = 0;
    bad.subject = String::new();
    let fields = validation_fields(f.ws.register_filing(&clerk, bad).await.unwrap_err());
    assert!(fields.contains(&("case_number".into(), FieldErrorCode::UnknownCase)));
    assert!(fields.contains(&("pages".into(), FieldErrorCode::TooSmall)));
    assert!(fields.contains(&("subject".into(), FieldErrorCode::Required)));
    assert_eq!(count(&f.path, "filing_entry").await, before);

    let year = FilingFilter {
        year: 2026,
        day: None,
        direction: None,
        text: None,
        limit: 50,
        offset: 0,
    };
    assert_eq!(
        f.ws.list_filings(&clerk, year.clone()).await.unwrap().total,
        2
    );
    let day = FilingFilter {
        day: Some("2026-03-10".into()),
        ..year.clone()
    };
    assert_eq!(f.ws.list_filings(&clerk, day).await.unwrap().total, 2);
    let other_day = FilingFilter {
        day: Some("2026-03-11".into()),
        ..year.clone()
    };
    assert_eq!(f.ws.list_filings(&clerk, other_day).await.unwrap().total, 0);
    let outgoing = FilingFilter {
        direction: Some(FilingDirection::Outgoing),
        ..year.clone()
    };
    assert_eq!(
        f.ws.list_filings(&clerk, outgoing).await.unwrap().items[0].id,
        alone.id
    );
    let text = FilingFilter {
        text: Some("reduction".into()),
        ..year.clone()
    };
    assert_eq!(f.ws.list_filings(&clerk, text).await.unwrap().total, 2);
    let bad_day = FilingFilter {
        day: Some("2026-13-01".into()),
        ..year
    };
    assert_eq!(
        validation_fields(f.ws.list_filings(&clerk, bad_day).await.unwrap_err()),
        vec![("day".into(), FieldErrorCode::InvalidDate)]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn attachments_are_type_checked_size_limited_and_stored_once_by_hash() {
    let (f, _admin, clerk, service) = setup().await;
    let case =
        f.ws.register_case(&clerk, intake(&service, "Zahra Ahmadi"))
            .await
            .unwrap();
    let pdf = b"%PDF-1.7\n% scanned application\n".to_vec();
    let upload = |name: &str, media: &str, data: &[u8]| AttachmentUpload {
        owner_kind: AttachmentOwnerKind::Case,
        owner_id: case.summary.id,
        filename: name.into(),
        media_type: media.into(),
        data_base64: base64::engine::general_purpose::STANDARD.encode(data),
    };
    let a =
        f.ws.add_attachment(&clerk, upload("application.pdf", "application/pdf", &pdf))
            .await
            .unwrap();
    let b =
        f.ws.add_attachment(&clerk, upload("copy.pdf", "application/pdf", &pdf))
            .await
            .unwrap();
    assert_eq!(a.sha256, b.sha256);
    assert_ne!(a.id, b.id);
    assert_eq!(count(&f.path, "attachment_blob").await, 1);
    assert_eq!(count(&f.path, "attachment").await, 2);
    let file = f.ws.attachment_file(&clerk, a.id).await.unwrap();
    assert_eq!(file.data, pdf);

    let before = (
        count(&f.path, "attachment").await,
        count(&f.path, "outbox").await,
    );
    // Declared PNG, but the bytes are a PDF.
    assert!(matches!(
        f.ws.add_attachment(&clerk, upload("scan.png", "image/png", &pdf))
            .await
            .unwrap_err(),
        CoreError::UnsupportedType(_)
    ));
    assert!(matches!(
        f.ws.add_attachment(&clerk, upload("x.exe", "application/x-msdownload", b"MZ"))
            .await
            .unwrap_err(),
        CoreError::UnsupportedType(_)
    ));
    let big = [
        b"%PDF-".as_slice(),
        &vec![0u8; okno_core::attachments::MAX_ATTACHMENT_BYTES],
    ]
    .concat();
    assert!(matches!(
        f.ws.add_attachment(&clerk, upload("big.pdf", "application/pdf", &big))
            .await
            .unwrap_err(),
        CoreError::TooLarge { .. }
    ));
    assert!(matches!(
        f.ws.add_attachment(&clerk, upload("../evil.pdf", "application/pdf", &pdf))
            .await
            .unwrap_err(),
        CoreError::Validation(_)
    ));
    let mut missing_owner = upload("a.pdf", "application/pdf", &pdf);
    missing_owner.owner_id = Uuid::now_v7();
    assert!(matches!(
        f.ws.add_attachment(&clerk, missing_owner)
            .await
            .unwrap_err(),
        CoreError::NotFound(_)
    ));
    assert_eq!(
        (
            count(&f.path, "attachment").await,
            count(&f.path, "outbox").await
        ),
        before
    );

    let detail = f.ws.get_case(&clerk, case.summary.id).await.unwrap();
    assert_eq!(detail.attachments.len(), 2);
    assert_eq!(
        detail
            .events
            .iter()
            .filter(|e| e.kind == CaseEventKind::AttachmentAdded)
            .count(),
        2
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn catalogue_needs_every_language_and_unique_codes() {
    let (f, admin, _clerk, service) = setup().await;
    let mut partial = names("Tax office");
    partial.remove("fa");
    let err =
        f.ws.save_agency(
            &admin,
            AgencyInput {
                id: None,
                code: "TAX".into(),
                names: partial,
                active: true,
            },
        )
        .await
        .unwrap_err();
    assert_eq!(
        validation_fields(err),
        vec![("names.fa".into(), FieldErrorCode::MissingTranslation)]
    );
    let err =
        f.ws.save_agency(
            &admin,
            AgencyInput {
                id: None,
                code: "muni".into(),
                names: names("Again"),
                active: true,
            },
        )
        .await
        .unwrap_err();
    assert_eq!(
        validation_fields(err),
        vec![("code".into(), FieldErrorCode::Taken)]
    );
    // Editing keeps the id and the code may stay the same.
    let mut edit = ServiceInput {
        id: Some(service.id),
        agency_id: service.agency_id,
        code: service.code.clone(),
        names: names("Waste fee, renamed"),
        fee_minor: 990,
        required_documents: vec![],
        deadline_days: 3,
        queue_category: "B".into(),
        account: String::new(),
        active: true,
    };
    let saved = f.ws.save_service(&admin, edit.clone()).await.unwrap();
    assert_eq!(saved.fee_minor, 990);
    edit.fee_minor = -1;
    edit.deadline_days = 99_999;
    let fields = validation_fields(f.ws.save_service(&admin, edit).await.unwrap_err());
    assert!(fields.contains(&("fee_minor".into(), FieldErrorCode::TooSmall)));
    assert!(fields.contains(&("deadline_days".into(), FieldErrorCode::TooLarge)));
    let cat = f.ws.catalogue(&admin).await.unwrap();
    assert_eq!(cat.services[0].names["fa"], "Waste fee, renamed (fa)");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_receipt_pdf_carries_the_case() {
    let (f, _admin, clerk, service) = setup().await;
    let case =
        f.ws.register_case(&clerk, intake(&service, "Jana Čičová"))
            .await
            .unwrap();
    let (name, pdf) =
        f.ws.intake_receipt_pdf(&clerk, case.summary.id, Some(Locale::Hu))
            .await
            .unwrap();
    assert_eq!(name, "receipt-C-2026-00001.pdf");
    assert!(pdf.starts_with(b"%PDF-"));
    f.ws.record_receipt_printed(&clerk, case.summary.id)
        .await
        .unwrap();
    let detail = f.ws.get_case(&clerk, case.summary.id).await.unwrap();
    assert_eq!(
        detail.events.last().unwrap().kind,
        CaseEventKind::ReceiptPrinted
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn demo_data_loads_through_the_domain_functions() {
    let dir = tempfile::tempdir().unwrap();
    let ws = Workstation::open(&dir.path().join("demo.db"))
        .await
        .unwrap();
    let status = okno_core::demo::load_demo(&ws).await.unwrap();
    assert!(status.initialized && status.demo);
    let s = ws
        .login("eva", okno_core::demo::DEMO_PASSWORD)
        .await
        .unwrap();
    let eva = ws.actor(Some(&s.token)).unwrap();
    // Twelve cases made through the domain functions (with their outbox commands), and a month
    // of generated history before today for the supervisor's review.
    let all = ws.list_cases(&eva, filter(CaseScope::All)).await.unwrap();
    assert!(all.total > 12 + 300, "{}", all.total);
    let commands = ws.outbox_entries(0, 10_000).await.unwrap();
    assert_eq!(
        commands
            .iter()
            .filter(|c| c.name == "case.register")
            .count(),
        12
    );
    // Every command the demo wrote is one the office server decodes (name, version and shape).
    let mut names = std::collections::BTreeSet::new();
    for c in &commands {
        let decoded = okno_wire::commands::Command::decode(&c.name, c.version, &c.payload)
            .unwrap_or_else(|e| panic!("{} v{}: {}", c.name, c.version, e.message));
        names.insert(decoded.name().as_str());
    }
    for n in [
        "office.setup",
        "staff.create",
        "catalogue.save_agency",
        "catalogue.save_service",
        "case.register",
        "case.change_status",
        "case.add_note",
    ] {
        assert!(names.contains(n), "the demo wrote no {n}: {names:?}");
    }
    let cat = ws.catalogue(&eva).await.unwrap();
    assert_eq!(cat.agencies.len(), 5);
    assert!(cat
        .services
        .iter()
        .all(|s| Locale::ALL.iter().all(|l| s.names.contains_key(l.code()))));
    assert_eq!(ws.store().integrity_check().await.unwrap(), "ok");
}
