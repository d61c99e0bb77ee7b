//! Two real workstation cores and the real server binary over loopback: enrolment, online
//! login, a case registered on one desk appearing on the other, status changes, descriptive
//! edits merged field by field, attachments, leases accounted for, revocation.

use crate::common::*;
use base64::Engine;
use okno_wire::{
    AttachmentOwnerKind, AttachmentUpload, CaseFilter, CaseScope, CaseStatus, ChangeStatusRequest,
    Priority, SyncState, UpdateCaseRequest,
};

fn all() -> CaseFilter {
    CaseFilter {
        scope: CaseScope::All,
        status: None,
        service_id: None,
        assignee_id: None,
        overdue_only: false,
        text: None,
        limit: 200,
        offset: 0,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_case_registered_on_one_desk_reaches_the_other() {
    let (db, pool) = fresh_db().await;
    let office = okno_demo::create_demo_office(&pool).await.unwrap();
    let server = Server::start(&db, free_port());
    let a = enrolled_desk(&pool, office, &server.url(), "Desk A").await;
    let b = enrolled_desk(&pool, office, &server.url(), "Desk B").await;
    assert_eq!(a.ws.sync_status().await.unwrap().state, SyncState::Online);

    let clerk_a = login(&a.ws, "clerk").await;
    let case = intake(&a.ws, &clerk_a, "Ľudmila Ťažká").await;
    assert!(
        case.summary.number.starts_with("C-"),
        "{}",
        case.summary.number
    );
    assert_eq!(
        a.ws.get_case(&clerk_a, case.summary.id)
            .await
            .unwrap()
            .pending_sync,
        1
    );
    settle(&a.ws).await;
    assert_eq!(
        a.ws.get_case(&clerk_a, case.summary.id)
            .await
            .unwrap()
            .pending_sync,
        0
    );
    settle(&b.ws).await;

    let clerk_b = login(&b.ws, "eva").await;
    let seen = b.ws.get_case(&clerk_b, case.summary.id).await.unwrap();
    assert_eq!(seen.summary.number, case.summary.number);
    assert_eq!(seen.party.name, "Ľudmila Ťažká");
    assert_eq!(seen.events.len(), 1);

    // A status change on B comes back to A.
    b.ws.change_case_status(
        &clerk_b,
        ChangeStatusRequest {
            case_id: case.summary.id,
            to: CaseStatus::InProgress,
            note: None,
        },
    )
    .await
    .unwrap();
    settle(&b.ws).await;
    settle(&a.ws).await;
    let back = a.ws.get_case(&clerk_a, case.summary.id).await.unwrap();
    assert_eq!(back.summary.status, CaseStatus::InProgress);
    assert_eq!(back.events.len(), 2);

    // Both edit the subject; the later edit wins on both, the untouched field stays.
    a.clock.advance(chrono::Duration::seconds(1));
    a.ws.update_case(
        &clerk_a,
        UpdateCaseRequest {
            case_id: case.summary.id,
            subject: Some("From A".into()),
            description: None,
            priority: None,
        },
    )
    .await
    .unwrap();
    b.clock.advance(chrono::Duration::seconds(5));
    b.ws.update_case(
        &clerk_b,
        UpdateCaseRequest {
            case_id: case.summary.id,
            subject: Some("From B".into()),
            description: None,
            priority: Some(Priority::High),
        },
    )
    .await
    .unwrap();
    settle(&a.ws).await;
    settle(&b.ws).await;
    settle(&a.ws).await;
    for (ws, actor) in [(&a.ws, &clerk_a), (&b.ws, &clerk_b)] {
        let c = ws.get_case(actor, case.summary.id).await.unwrap();
        assert_eq!(c.summary.subject, "From B");
        assert_eq!(c.summary.priority, Priority::High);
        assert_eq!(c.description, "For the bank");
    }

    // An attachment's bytes travel once and arrive whole.
    let pdf = b"%PDF-1.4\n% a scan\n".repeat(100_000); // ~1.8 MB: two chunks
    a.ws.add_attachment(
        &clerk_a,
        AttachmentUpload {
            owner_kind: AttachmentOwnerKind::Case,
            owner_id: case.summary.id,
            filename: "scan.pdf".into(),
            media_type: "application/pdf".into(),
            data_base64: base64::engine::general_purpose::STANDARD.encode(&pdf),
        },
    )
    .await
    .unwrap();
    settle(&a.ws).await;
    settle(&b.ws).await;
    let att =
        b.ws.get_case(&clerk_b, case.summary.id)
            .await
            .unwrap()
            .attachments;
    assert_eq!(att.len(), 1);
    let file = b.ws.attachment_file(&clerk_b, att[0].id).await.unwrap();
    assert_eq!(file.data, pdf);

    // Cases listed alike on both desks.
    let la = a.ws.list_cases(&clerk_a, all()).await.unwrap();
    let lb = b.ws.list_cases(&clerk_b, all()).await.unwrap();
    assert_eq!(la.total, lb.total);

    // Every number handed out is leased, used or open; none unaccounted.
    let accounts = okno_server::admin::number_accounts(&pool, office)
        .await
        .unwrap();
    let case_acc = accounts.iter().find(|a| a.series == "case").unwrap();
    assert_eq!(case_acc.used, 1);
    assert_eq!(case_acc.unaccounted, 0);
    assert_eq!(case_acc.handed_out, case_acc.leased);

    // Day close on A voids its unused numbers; the server's account shows them voided.
    let supervisor = login(&a.ws, "maryam").await;
    let voided =
        a.ws.void_unused_numbers(&supervisor, "day closed")
            .await
            .unwrap();
    assert!(voided > 0);
    settle(&a.ws).await;
    let accounts = okno_server::admin::number_accounts(&pool, office)
        .await
        .unwrap();
    let case_acc = accounts.iter().find(|a| a.series == "case").unwrap();
    assert_eq!(case_acc.unaccounted, 0);
    assert!(case_acc.voided > 0);

    // The server's metrics: latency histograms by route, verdicts, lag, the desks' outboxes.
    let text = http()
        .get(format!("{}/metrics", server.url()))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    for line in [
        "# TYPE okno_http_request_seconds histogram",
        "okno_http_request_seconds_bucket{route=\"/v1/push\",le=\"0.25\"}",
        "okno_commands_total{status=\"applied\"}",
        "okno_sync_lag_seconds_count",
        "okno_lease_seconds_bucket",
        "okno_device_outbox_pending{device=",
    ] {
        assert!(text.contains(line), "no {line} in\n{text}");
    }

    // A revoked desk is refused and says so; its work stays on the desk.
    let dev: uuid::Uuid = a.ws.enrolment().await.unwrap().unwrap().device_id;
    okno_server::admin::revoke_device(&pool, dev).await.unwrap();
    // (its cached token still names it: the server checks the device on every request)
    intake(&a.ws, &clerk_a, "After revocation").await;
    let err = a.ws.sync_once().await.unwrap_err();
    assert_eq!(err.code(), okno_wire::ErrorCode::DeviceRevoked);
    assert_eq!(a.ws.sync_status().await.unwrap().state, SyncState::Revoked);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staff_sign_in_online_and_password_changes_reach_the_desk() {
    let (db, pool) = fresh_db().await;
    let office = okno_demo::create_demo_office(&pool).await.unwrap();
    let mut server = Server::start(&db, free_port());
    let a = enrolled_desk(&pool, office, &server.url(), "Desk A").await;
    login(&a.ws, "clerk").await;
    let clerk_id = a.ws.login("clerk", "okno-demo").await.unwrap().staff.id;
    assert!(
        a.ws.staff_token(clerk_id).is_some(),
        "online sign-in gives a server token"
    );

    // Changed on the server: the old password is refused online at once.
    okno_server::admin::set_password(&pool, office, "clerk", "a-new-secret-2026")
        .await
        .unwrap();
    assert_eq!(
        a.ws.login("clerk", "okno-demo").await.unwrap_err().code(),
        okno_wire::ErrorCode::InvalidCredentials
    );
    a.ws.login("clerk", "a-new-secret-2026").await.unwrap();

    // Offline, the synced hash still works.
    server.kill();
    a.ws.login("clerk", "a-new-secret-2026").await.unwrap();
    assert_eq!(
        a.ws.login("clerk", "okno-demo").await.unwrap_err().code(),
        okno_wire::ErrorCode::InvalidCredentials
    );
}
