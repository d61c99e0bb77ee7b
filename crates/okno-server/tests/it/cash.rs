//! The cash desk across workstations and the server (real binary, real PostgreSQL): three desks
//! take payments for a day with the server down, then sync — every receipt number unique and
//! used or voided with a reason, counted independently; the server's journal, each desk's chain
//! and the supervisor's day review agree to the coin; and a receipt altered in the outbox is
//! refused by the server's chain check.

use std::collections::BTreeSet;

use okno_rules::chain::ChainWalk;
use okno_wire::{
    CloseSessionRequest, DenominationCount, FeeRefKind, OpenSessionRequest, PayLine, PaymentMethod,
    PaymentRequest, ReviewRequest, SyncOutcome, VoidRequest,
};
use uuid::Uuid;

use crate::common::*;

/// Notes and coins that make `amount` in euro, largest first.
fn count_out(mut amount: i64) -> Vec<DenominationCount> {
    let mut out = Vec::new();
    for v in okno_rules::cash::denominations("EUR") {
        let n = amount / v;
        if n > 0 {
            out.push(DenominationCount {
                value_minor: v,
                count: n as u32,
            });
            amount -= n * v;
        }
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_offline_desks_account_for_every_receipt_number() {
    let (db, pool) = fresh_db().await;
    let office = okno_demo::create_demo_office(&pool).await.unwrap();
    let mut server = Server::start(&db, free_port());
    let mut desks = Vec::new();
    for name in ["Pokladňa 1", "Pokladňa 2", "Pokladňa 3"] {
        let d = enrolled_desk(&pool, office, &server.url(), name).await;
        settle(&d.ws).await;
        desks.push(d);
    }
    // The server goes away for the day: every desk works on its leased receipt numbers.
    server.kill();
    let mut issued: BTreeSet<String> = BTreeSet::new();
    let mut voided = 0;
    for d in &desks {
        let ws = &d.ws;
        let asa = login(ws, "asa").await;
        let service = ws
            .catalogue(&asa)
            .await
            .unwrap()
            .services
            .into_iter()
            .find(|s| s.active && s.fee_minor > 0)
            .expect("a service with a fee");
        let session = ws
            .open_cash_session(
                &asa,
                OpenSessionRequest {
                    id: Uuid::now_v7(),
                    float_minor: 5000,
                },
            )
            .await
            .unwrap();
        let mut first = None;
        for i in 0..6 {
            let r = ws
                .take_payment(
                    &asa,
                    PaymentRequest {
                        id: Uuid::now_v7(),
                        visit_id: None,
                        lines: vec![PayLine {
                            ref_kind: FeeRefKind::Service,
                            ref_id: service.id,
                            amount_minor: None,
                            quantity: Some(1 + i % 2),
                        }],
                        method: if i == 3 {
                            PaymentMethod::Card
                        } else {
                            PaymentMethod::Cash
                        },
                        currency: "EUR".into(),
                        tendered_minor: (i != 3).then_some(100_000),
                        approval_code: (i == 3).then(|| "77AB12".into()),
                        payer_name: Some(format!("Občan {i}")),
                    },
                )
                .await
                .unwrap();
            assert!(issued.insert(r.number.clone()), "{} twice", r.number);
            first.get_or_insert(r.id);
        }
        let void = ws
            .void_receipt(
                &asa,
                VoidRequest {
                    id: Uuid::now_v7(),
                    receipt_id: first.unwrap(),
                    reason: "Paid twice by mistake".into(),
                    approval: None,
                },
            )
            .await
            .unwrap();
        assert!(issued.insert(void.number.clone()));
        voided += 1;
        let expected = ws
            .get_cash_session(&asa, session.id)
            .await
            .unwrap()
            .expected_minor;
        let closed = ws
            .close_cash_session(
                &asa,
                CloseSessionRequest {
                    session_id: session.id,
                    counts: count_out(expected),
                    note: None,
                },
            )
            .await
            .unwrap();
        assert_eq!(closed.difference_minor, Some(0));
        assert_eq!(closed.state, okno_wire::CashSessionState::Closed);
    }
    assert_eq!(issued.len(), 3 * 7);

    // The server is back: every desk syncs; at the day's end each gives up its unused numbers.
    server.restart();
    for d in &desks {
        settle_retrying(&d.ws).await;
        let maryam = login(&d.ws, "maryam").await;
        d.ws.void_unused_numbers(&maryam, "End of the day")
            .await
            .unwrap();
        settle_retrying(&d.ws).await;
    }
    for d in &desks {
        settle(&d.ws).await;
    }
    let refused: Vec<_> = {
        let mut all = Vec::new();
        for d in &desks {
            let maryam = login(&d.ws, "maryam").await;
            all.extend(d.ws.list_sync_issues(&maryam).await.unwrap());
        }
        all
    };
    assert!(refused.is_empty(), "{refused:?}");

    // An independent count: the receipts on the server are exactly those the desks issued ...
    let bodies: Vec<serde_json::Value> = sqlx::query_scalar(
        "SELECT body FROM entity WHERE office_id = $1 AND kind = 'receipt' ORDER BY body->>'number'",
    )
    .bind(office)
    .fetch_all(&pool)
    .await
    .unwrap();
    let on_server: BTreeSet<String> = bodies
        .iter()
        .map(|b| b["number"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(on_server, issued);
    assert_eq!(bodies.len(), issued.len(), "no receipt twice");
    // ... and every number of every receipt lease the day closed is used by a receipt or voided
    // with a reason (blocks leased after the voiding serve the next day, untouched).
    let leases: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT first, last FROM number_lease WHERE office_id = $1 AND series = 'receipt' AND closed_at IS NOT NULL",
    )
    .bind(office)
    .fetch_all(&pool)
    .await
    .unwrap();
    let uses: Vec<(i64, String, Option<String>, Option<String>)> = sqlx::query_as(
        "SELECT number, owner_kind, owner_id, void_reason FROM number_use WHERE office_id = $1 AND series = 'receipt'",
    )
    .bind(office)
    .fetch_all(&pool)
    .await
    .unwrap();
    let mut leased = 0;
    for (first, last) in &leases {
        for n in *first..=*last {
            leased += 1;
            let u = uses
                .iter()
                .find(|u| u.0 == n)
                .unwrap_or_else(|| panic!("receipt number {n} is unaccounted for"));
            match u.1.as_str() {
                "receipt" => assert!(
                    bodies.iter().any(|b| b["id"].as_str() == u.2.as_deref()),
                    "receipt number {n} is used by no receipt"
                ),
                "void" => assert!(
                    u.3.as_deref().is_some_and(|r| !r.is_empty()),
                    "{n} voided without a reason"
                ),
                other => panic!("receipt number {n} used by {other}"),
            }
        }
    }
    assert_eq!(uses.len(), leased, "nothing used outside the day's leases");
    assert_eq!(
        uses.iter().filter(|u| u.1 == "receipt").count(),
        issued.len()
    );

    // Each desk's chain holds on the server.
    let mut walk = ChainWalk::new();
    let mut rows: Vec<okno_rules::cash::ReceiptRow> = bodies
        .iter()
        .map(|b| serde_json::from_value(b.clone()).unwrap())
        .collect();
    rows.sort_by(|a, b| (&a.chain_id, a.chain_pos).cmp(&(&b.chain_id, b.chain_pos)));
    for r in &rows {
        walk.push(r);
    }
    assert!(walk.first_break.is_none(), "{:?}", walk.first_break);
    assert_eq!(walk.chains, 3);

    // The supervisor's review on any desk agrees with the server's journal to the coin.
    let server_net: i64 = bodies
        .iter()
        .map(|b| b["total_minor"].as_i64().unwrap() + b["rounding_minor"].as_i64().unwrap())
        .sum();
    let maryam = login(&desks[0].ws, "maryam").await;
    let today = desks[0].ws.review_periods(&maryam).await.unwrap().today;
    let review = desks[0]
        .ws
        .day_review(
            &maryam,
            ReviewRequest {
                from: today,
                to: today,
            },
        )
        .await
        .unwrap();
    assert_eq!(review.cash.net_minor, server_net);
    assert_eq!(review.cash.sessions.len(), 3);
    let voids: u32 = review.cash.by_method.iter().map(|m| m.voids).sum();
    assert_eq!(voids, voided);
    let refs: Vec<&Desk> = desks.iter().collect();
    assert_converged(&pool, office, &refs).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_receipt_altered_on_its_way_is_refused_by_the_server() {
    let (db, pool) = fresh_db().await;
    let office = okno_demo::create_demo_office(&pool).await.unwrap();
    let server = Server::start(&db, free_port());
    let d = enrolled_desk(&pool, office, &server.url(), "Pokladňa").await;
    settle(&d.ws).await;
    let asa = login(&d.ws, "asa").await;
    let service =
        d.ws.catalogue(&asa)
            .await
            .unwrap()
            .services
            .into_iter()
            .find(|s| s.active && s.fee_minor > 0)
            .unwrap();
    d.ws.open_cash_session(
        &asa,
        OpenSessionRequest {
            id: Uuid::now_v7(),
            float_minor: 0,
        },
    )
    .await
    .unwrap();
    let r =
        d.ws.take_payment(
            &asa,
            PaymentRequest {
                id: Uuid::now_v7(),
                visit_id: None,
                lines: vec![PayLine {
                    ref_kind: FeeRefKind::Service,
                    ref_id: service.id,
                    amount_minor: None,
                    quantity: None,
                }],
                method: PaymentMethod::Card,
                currency: "EUR".into(),
                tendered_minor: None,
                approval_code: Some("X1".into()),
                payer_name: None,
            },
        )
        .await
        .unwrap();
    // Someone lowers the receipt's amount in the outbox before it is pushed.
    {
        use sqlx::Connection;
        let mut c = sqlx::SqliteConnection::connect(&format!("sqlite://{}", d.path.display()))
            .await
            .unwrap();
        let total = format!("\"total_minor\":{}", r.total_minor);
        let n = sqlx::query("UPDATE outbox SET payload = replace(payload, ?, '\"total_minor\":1') WHERE name = 'receipt.issue'")
            .bind(&total)
            .execute(&mut c)
            .await
            .unwrap()
            .rows_affected();
        assert_eq!(n, 1);
    }
    settle(&d.ws).await;
    let maryam = login(&d.ws, "maryam").await;
    let issues = d.ws.list_sync_issues(&maryam).await.unwrap();
    let refused = issues
        .iter()
        .find(|i| i.command == "receipt.issue")
        .expect("the altered receipt is refused");
    assert_eq!(refused.outcome, SyncOutcome::Rejected);
    assert_eq!(refused.code, "malformed", "{refused:?}");
    let n: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM entity WHERE office_id = $1 AND kind = 'receipt'")
            .bind(office)
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(n, 0, "nothing of it is kept");
}
