//! The supervisor's day across workstations and the server (real binary, real PostgreSQL): a
//! status conflict settled by a decision that travels as normal commands, the day closed once
//! its checklist passes, and the server refusing work on the closed day from a desk that was
//! offline — whose clerk is told why, with the legal number it used accounted for.

use crate::common::*;
use okno_wire::{
    CaseStatus, ChangeStatusRequest, CloseCheckKind, CloseDayRequest, ConflictDecision, ErrorCode,
    SettleConflictRequest, SyncOutcome,
};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn conflicts_settle_as_commands_and_a_closed_day_refuses_late_work() {
    let (db, pool) = fresh_db().await;
    let office = okno_demo::create_demo_office(&pool).await.unwrap();
    let server = Server::start(&db, free_port());
    let a = enrolled_desk(&pool, office, &server.url(), "Supervisor's laptop").await;
    let b = enrolled_desk(&pool, office, &server.url(), "Desk 2").await;
    let maryam = login(&a.ws, "maryam").await;
    let eva_a = login(&a.ws, "eva").await;
    let eva_b = login(&b.ws, "eva").await;
    let case = intake(&a.ws, &eva_a, "Čičová Ľubica").await.summary;
    settle(&a.ws).await;
    settle(&b.ws).await;

    // Desk A resolves the case; desk 2, not synced since, rejects it: the server cannot put a
    // rejection on top of a resolution, and leaves it to a supervisor.
    let mv = |to| ChangeStatusRequest {
        case_id: case.id,
        to,
        note: Some("Citizen withdrew the request.".into()),
    };
    a.ws.change_case_status(&eva_a, mv(CaseStatus::InProgress))
        .await
        .unwrap();
    a.ws.change_case_status(&eva_a, mv(CaseStatus::Resolved))
        .await
        .unwrap();
    settle(&a.ws).await;
    b.ws.change_case_status(&eva_b, mv(CaseStatus::Rejected))
        .await
        .unwrap();
    settle(&b.ws).await;
    settle(&a.ws).await;
    let conflicts = a.ws.list_conflicts(&maryam).await.unwrap();
    assert_eq!(conflicts.len(), 1, "{conflicts:?}");
    let k = &conflicts[0];
    assert_eq!(k.current_status, Some(CaseStatus::Resolved));
    assert_eq!(k.attempted_to, Some(CaseStatus::Rejected));
    assert_eq!(k.device_name.as_deref(), Some("Desk 2"));
    assert_eq!(k.allowed, vec![CaseStatus::Closed, CaseStatus::InProgress]);

    // Desk 2 goes on working offline (its clerk registers a late walk-in) while the supervisor
    // settles the conflict and closes the day.
    let late = intake(&b.ws, &eva_b, "Ágnes Késő").await.summary;

    let settled =
        a.ws.settle_conflict(
            &maryam,
            SettleConflictRequest {
                conflict_id: k.id,
                decision: ConflictDecision::MoveTo,
                to: Some(CaseStatus::InProgress),
                note: "The citizen came back; reopen.".into(),
            },
        )
        .await
        .unwrap();
    assert_eq!(settled.to, Some(CaseStatus::InProgress));
    let day = a.ws.review_periods(&maryam).await.unwrap().today;
    let status = a.ws.day_close_status(&maryam, day).await.unwrap();
    let failing: Vec<_> = status
        .checks
        .iter()
        .filter(|c| !c.passed)
        .map(|c| c.kind)
        .collect();
    // The settlement waits in the outbox; the laptop's leased numbers are not used up.
    assert_eq!(
        failing,
        vec![CloseCheckKind::Synced, CloseCheckKind::NumbersAccounted]
    );
    let err =
        a.ws.close_day(&maryam, CloseDayRequest { day, note: None })
            .await
            .unwrap_err()
            .into_api();
    assert_eq!(err.code, ErrorCode::DayNotReady);
    assert_eq!(err.fields.len(), 2);
    let voided =
        a.ws.void_unused_numbers(&maryam, "End of the day")
            .await
            .unwrap();
    assert!(voided > 0);
    settle(&a.ws).await;
    let closed =
        a.ws.close_day(
            &maryam,
            CloseDayRequest {
                day,
                note: Some("All settled.".into()),
            },
        )
        .await
        .unwrap();
    assert!(closed.closed.is_some());
    settle(&a.ws).await;
    let closes = a.ws.list_day_closes(&maryam).await.unwrap();
    assert!(closes[0].synced, "{closes:?}");

    // On the server: the conflict is resolved, the settlement and the sign-off are recorded,
    // the case moved on as the supervisor's normal status change.
    let rows = server_rows(&pool, office).await;
    let conflict = &rows[&("sync_conflict".to_string(), k.id.to_string())];
    assert!(conflict["resolved_at"].is_i64());
    assert_eq!(
        rows.keys()
            .filter(|(kind, _)| kind == "conflict_settlement")
            .count(),
        1
    );
    let server_case = &rows[&("case_file".to_string(), case.id.to_string())];
    assert_eq!(server_case["status"], "in_progress");
    let sign_off: Vec<_> = rows
        .iter()
        .filter(|((kind, _), _)| kind == "day_close")
        .map(|(_, b)| b.clone())
        .collect();
    assert_eq!(sign_off.len(), 1);
    assert_eq!(sign_off[0]["day"], day.to_string());

    // Desk 2 comes back: its late intake is refused because the day is closed, the clerk sees
    // why next to the case, and the case number it took is voided with that reason.
    settle(&b.ws).await;
    let issues = b.ws.list_sync_issues(&eva_b).await.unwrap();
    let refused = issues
        .iter()
        .find(|i| i.command == "case.register")
        .expect("the late intake is refused");
    assert_eq!(refused.outcome, SyncOutcome::Rejected);
    assert_eq!(refused.code, "day_closed");
    assert!(
        refused.message.contains(&day.to_string()) && refused.message.contains("Maryam"),
        "{}",
        refused.message
    );
    assert_eq!(refused.case_number.as_deref(), Some(late.number.as_str()));
    let (series_number, year) = {
        let n = late
            .number
            .rsplit('/')
            .next()
            .unwrap()
            .parse::<i64>()
            .unwrap();
        (n, day.format("%Y").to_string().parse::<i32>().unwrap())
    };
    let void: Option<(String, Option<String>)> = sqlx::query_as(
        "SELECT owner_kind, void_reason FROM number_use
          WHERE office_id = $1 AND series = 'case' AND year = $2 AND number = $3",
    )
    .bind(office)
    .bind(year)
    .bind(series_number)
    .fetch_optional(&pool)
    .await
    .unwrap();
    let (kind, reason) = void.expect("the late case's number is accounted for");
    assert_eq!(kind, "void");
    assert!(reason.unwrap_or_default().contains("day_closed"));
    // Desk 2 now knows the day is closed: new work that day is refused locally at once, and
    // the conflict is settled there too.
    let err = try_intake(&b.ws, &eva_b, "Another").await.unwrap_err();
    assert_eq!(err.into_api().code, ErrorCode::DayClosed);
    let maryam_b = login(&b.ws, "maryam").await;
    assert!(b.ws.list_conflicts(&maryam_b).await.unwrap().is_empty());
    let case_b = b.ws.get_case(&eva_b, case.id).await.unwrap();
    assert_eq!(case_b.summary.status, CaseStatus::InProgress);

    // The central sign-off and settlement are append-only.
    for sql in [
        "UPDATE entity SET body = body || '{\"note\": \"edited\"}' WHERE kind = 'day_close'",
        "DELETE FROM entity WHERE kind = 'conflict_settlement'",
    ] {
        assert!(sqlx::query(sql).execute(&pool).await.is_err(), "{sql}");
    }
    // The laptop holds exactly the server's records; desk 2 keeps the refused intake only as
    // the record its clerk sees the refusal next to.
    assert_converged(&pool, office, &[&a]).await;
}
