//! The faults sync must survive, with the real server binary and real workstation cores:
//! the server SIGKILLed at random points of push and pull, connections cut and stalled by a
//! TCP proxy, duplicate and reordered push batches, a desk offline for days with a wrong clock,
//! three desks editing one case while partitioned, and two server replicas leasing numbers.

mod common;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use common::*;
use okno_wire::sync::{Lease, LeaseRequest, PushRequest, PushResponse};
use okno_wire::{AddNoteRequest, CaseStatus, ChangeStatusRequest, Priority, UpdateCaseRequest};
use rand::Rng;
use uuid::Uuid;

/// A random number (the thread-local generator is not held across an await).
fn rnd<T: rand::distributions::uniform::SampleUniform + PartialOrd>(r: std::ops::Range<T>) -> T {
    rand::thread_rng().gen_range(r)
}

/// A desk's clerk at work: intakes, status changes and notes, as fast as the desk allows.
async fn clerk_works(
    desk: Arc<okno_core::Workstation>,
    user: &'static str,
    stop: Arc<AtomicBool>,
) -> usize {
    let actor = login(&desk, user).await;
    let mut done = 0;
    let mut cases = Vec::new();
    while !stop.load(Ordering::Relaxed) {
        let pick = rnd(0..4);
        match (pick, cases.last()) {
            (0 | 1, _) | (_, None) => {
                if let Ok(c) = try_intake(&desk, &actor, &format!("{user} {done}")).await {
                    cases.push(c.summary.id);
                }
            }
            (2, Some(id)) => {
                let _ = desk
                    .change_case_status(
                        &actor,
                        ChangeStatusRequest {
                            case_id: *id,
                            to: CaseStatus::InProgress,
                            note: None,
                        },
                    )
                    .await;
            }
            (_, Some(id)) => {
                let _ = desk
                    .add_case_note(
                        &actor,
                        AddNoteRequest {
                            case_id: *id,
                            note: format!("note {done}"),
                        },
                    )
                    .await;
            }
        }
        done += 1;
        tokio::time::sleep(Duration::from_millis(rnd(2..15))).await;
    }
    done
}

/// Syncs in a loop, ignoring failures (the server is being killed under it).
async fn keep_syncing(desk: Arc<okno_core::Workstation>, stop: Arc<AtomicBool>) {
    while !stop.load(Ordering::Relaxed) {
        let _ = desk.sync_once().await;
        tokio::time::sleep(Duration::from_millis(rnd(0..20))).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn server_killed_at_random_points_loses_and_doubles_nothing() {
    let (db, pool) = fresh_db().await;
    let office = okno_server::admin::create_demo_office(&pool).await.unwrap();
    let mut server = Server::start(&db, free_port());
    let a = enrolled_desk(&pool, office, &server.url(), "Desk A").await;
    let b = enrolled_desk(&pool, office, &server.url(), "Desk B").await;
    let stop = Arc::new(AtomicBool::new(false));
    let work = [
        tokio::spawn(clerk_works(a.ws.clone(), "clerk", stop.clone())),
        tokio::spawn(clerk_works(b.ws.clone(), "eva", stop.clone())),
    ];
    let syncs = [
        tokio::spawn(keep_syncing(a.ws.clone(), stop.clone())),
        tokio::spawn(keep_syncing(b.ws.clone(), stop.clone())),
    ];
    let rounds = 60;
    for _ in 0..rounds {
        let up = rnd(30..250);
        tokio::time::sleep(Duration::from_millis(up)).await;
        server.kill();
        let down = rnd(0..60);
        tokio::time::sleep(Duration::from_millis(down)).await;
        tokio::task::block_in_place(|| server.restart());
    }
    stop.store(true, Ordering::Relaxed);
    let mut commands = 0;
    for w in work {
        commands += w.await.unwrap();
    }
    for s in syncs {
        s.await.unwrap();
    }
    assert!(commands > 100, "the clerks worked ({commands} actions)");
    settle_retrying(&a.ws).await;
    settle_retrying(&b.ws).await;
    settle_retrying(&a.ws).await;
    assert_converged(&pool, office, &[&a, &b]).await;
    let applied: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM applied_command")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert!(applied > 50, "commands went through: {applied}");
    for acc in okno_server::admin::number_accounts(&pool, office)
        .await
        .unwrap()
    {
        assert_eq!(acc.unaccounted, 0, "{acc:?}");
        assert_eq!(acc.handed_out, acc.leased, "{acc:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn connections_cut_and_stalled_mid_request_and_mid_response() {
    let (db, pool) = fresh_db().await;
    let office = okno_server::admin::create_demo_office(&pool).await.unwrap();
    let server = Server::start(&db, free_port());
    let listen = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let proxy_url = format!("http://{}", listen.local_addr().unwrap());
    let chaos = Arc::new(AtomicBool::new(false));
    tokio::spawn(chaos_proxy(
        listen,
        format!("127.0.0.1:{}", server.port),
        chaos.clone(),
    ));
    let a = enrolled_desk(&pool, office, &proxy_url, "Desk A").await;
    let b = enrolled_desk(&pool, office, &proxy_url, "Desk B").await;
    chaos.store(true, Ordering::Relaxed);
    let stop = Arc::new(AtomicBool::new(false));
    let work = [
        tokio::spawn(clerk_works(a.ws.clone(), "clerk", stop.clone())),
        tokio::spawn(clerk_works(b.ws.clone(), "eva", stop.clone())),
    ];
    let syncs = [
        tokio::spawn(keep_syncing(a.ws.clone(), stop.clone())),
        tokio::spawn(keep_syncing(b.ws.clone(), stop.clone())),
    ];
    tokio::time::sleep(Duration::from_secs(8)).await;
    stop.store(true, Ordering::Relaxed);
    for w in work {
        w.await.unwrap();
    }
    for s in syncs {
        s.await.unwrap();
    }
    settle_retrying(&a.ws).await;
    settle_retrying(&b.ws).await;
    chaos.store(false, Ordering::Relaxed);
    settle_retrying(&a.ws).await;
    settle_retrying(&b.ws).await;
    assert_converged(&pool, office, &[&a, &b]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn duplicate_and_reordered_push_batches_apply_once_in_order() {
    let (db, pool) = fresh_db().await;
    let office = okno_server::admin::create_demo_office(&pool).await.unwrap();
    let server = Server::start(&db, free_port());
    let a = enrolled_desk(&pool, office, &server.url(), "Desk A").await;
    let clerk = login(&a.ws, "clerk").await;
    for i in 0..20 {
        intake(&a.ws, &clerk, &format!("Citizen {i}")).await;
    }
    let entries = a.ws.outbox_entries(0, 100).await.unwrap();
    assert_eq!(entries.len(), 20);
    let cmds: Vec<_> = entries.iter().map(|e| e.to_push()).collect();
    let token = a.token(&server.url()).await;
    let push = |batch: Vec<okno_wire::sync::PushCommand>| {
        let token = token.clone();
        let url = server.url();
        async move {
            let r = http()
                .post(format!("{url}/v1/push"))
                .bearer_auth(token)
                .json(&PushRequest {
                    commands: batch,
                    outbox_pending: 0,
                })
                .send()
                .await
                .unwrap();
            assert!(r.status().is_success(), "{}", r.status());
            r.json::<PushResponse>().await.unwrap()
        }
    };
    // The second half first: nothing applied, the server asks for 1.
    let r = push(cmds[10..].to_vec()).await;
    assert!(r.results.is_empty());
    assert_eq!(r.next_seq, 1);
    // The first half, twice: the same verdicts, applied once.
    let r1 = push(cmds[..10].to_vec()).await;
    let r2 = push(cmds[..10].to_vec()).await;
    assert_eq!(r1.results, r2.results);
    assert_eq!(r2.next_seq, 11);
    // Reversed order within a batch, overlapping what was applied.
    let mut rev: Vec<_> = cmds[5..].to_vec();
    rev.reverse();
    let r3 = push(rev).await;
    assert_eq!(r3.results.len(), 15);
    assert_eq!(r3.next_seq, 21);
    // Everything again: all replays.
    let r4 = push(cmds.clone()).await;
    assert_eq!(r4.results.len(), 20);
    assert!(r4
        .results
        .iter()
        .all(|r| r.status == okno_wire::sync::CommandStatus::Applied));
    let (applied, cases): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM applied_command), (SELECT COUNT(*) FROM entity WHERE kind = 'case_file')",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!((applied, cases), (20, 20));
    // The desk then learns what the server did, and converges.
    settle(&a.ws).await;
    assert_converged(&pool, office, &[&a]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_desk_offline_for_three_days_with_its_clock_two_days_behind() {
    let (db, pool) = fresh_db().await;
    let office = okno_server::admin::create_demo_office(&pool).await.unwrap();
    let server = Server::start(&db, free_port());
    let a = enrolled_desk(&pool, office, &server.url(), "Laptop").await;
    let b = enrolled_desk(&pool, office, &server.url(), "Desk B").await;
    let clerk_a = login(&a.ws, "clerk").await;
    let clerk_b = login(&b.ws, "eva").await;
    let shared = intake(&b.ws, &clerk_b, "Shared case").await.summary.id;
    settle(&b.ws).await;
    settle(&a.ws).await;
    // The laptop's clock is two days behind.
    a.clock.set(chrono::Utc::now() - chrono::Duration::days(2));

    // B edits the subject now. The laptop sees that edit, then edits the subject itself: with a
    // wall clock two days behind, its stamp still follows what it has seen, so its edit wins.
    b.ws.update_case(
        &clerk_b,
        UpdateCaseRequest {
            case_id: shared,
            subject: Some("B, online".into()),
            description: None,
            priority: None,
        },
    )
    .await
    .unwrap();
    settle(&b.ws).await;
    settle(&a.ws).await;
    a.ws.update_case(
        &clerk_a,
        UpdateCaseRequest {
            case_id: shared,
            subject: Some("Laptop, after seeing B".into()),
            description: None,
            priority: None,
        },
    )
    .await
    .unwrap();
    // Then the laptop goes offline and works for three days.
    let mut offline_cases = Vec::new();
    for day in 0..3 {
        for i in 0..10 {
            offline_cases.push(
                try_intake(&a.ws, &clerk_a, &format!("Day {day} citizen {i}"))
                    .await
                    .expect("numbers from the lease")
                    .summary
                    .number,
            );
            a.clock.advance(chrono::Duration::minutes(30));
        }
        a.ws.add_case_note(
            &clerk_a,
            AddNoteRequest {
                case_id: shared,
                note: format!("offline day {day}"),
            },
        )
        .await
        .unwrap();
        a.clock.advance(chrono::Duration::hours(19));
    }
    a.ws.update_case(
        &clerk_a,
        UpdateCaseRequest {
            case_id: shared,
            subject: None,
            description: Some("Written offline".into()),
            priority: Some(Priority::Urgent),
        },
    )
    .await
    .unwrap();
    // Back online.
    settle(&a.ws).await;
    settle(&b.ws).await;
    assert_converged(&pool, office, &[&a, &b]).await;
    let on_b = b.ws.get_case(&clerk_b, shared).await.unwrap();
    assert_eq!(
        on_b.summary.subject, "Laptop, after seeing B",
        "causality beats the wall clock"
    );
    assert_eq!(on_b.description, "Written offline");
    assert_eq!(on_b.summary.priority, Priority::Urgent);
    assert_eq!(
        on_b.events
            .iter()
            .filter(|e| e.kind == okno_wire::CaseEventKind::NoteAdded)
            .count(),
        3
    );
    let mut unique = offline_cases.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 30);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_desks_partitioned_on_one_case_converge_with_conflicts_visible() {
    let (db, pool) = fresh_db().await;
    let office = okno_server::admin::create_demo_office(&pool).await.unwrap();
    let server = Server::start(&db, free_port());
    let a = enrolled_desk(&pool, office, &server.url(), "A").await;
    let b = enrolled_desk(&pool, office, &server.url(), "B").await;
    let c = enrolled_desk(&pool, office, &server.url(), "C").await;
    let (ca, cb, cc) = (
        login(&a.ws, "clerk").await,
        login(&b.ws, "eva").await,
        login(&c.ws, "maryam").await,
    );
    let id = intake(&a.ws, &ca, "Partitioned").await.summary.id;
    for d in [&a, &b, &c] {
        settle(&d.ws).await;
    }
    // Partitioned: each works on its own copy.
    a.clock.advance(chrono::Duration::seconds(10));
    a.ws.update_case(
        &ca,
        UpdateCaseRequest {
            case_id: id,
            subject: Some("A's subject".into()),
            description: None,
            priority: None,
        },
    )
    .await
    .unwrap();
    a.ws.change_case_status(
        &ca,
        ChangeStatusRequest {
            case_id: id,
            to: CaseStatus::Rejected,
            note: Some("incomplete".into()),
        },
    )
    .await
    .unwrap();
    b.clock.advance(chrono::Duration::seconds(20));
    b.ws.update_case(
        &cb,
        UpdateCaseRequest {
            case_id: id,
            subject: Some("B's subject".into()),
            description: Some("B's description".into()),
            priority: None,
        },
    )
    .await
    .unwrap();
    b.ws.add_case_note(
        &cb,
        AddNoteRequest {
            case_id: id,
            note: "called the citizen".into(),
        },
    )
    .await
    .unwrap();
    c.clock.advance(chrono::Duration::seconds(5));
    c.ws.update_case(
        &cc,
        UpdateCaseRequest {
            case_id: id,
            subject: None,
            description: None,
            priority: Some(Priority::High),
        },
    )
    .await
    .unwrap();
    c.ws.change_case_status(
        &cc,
        ChangeStatusRequest {
            case_id: id,
            to: CaseStatus::InProgress,
            note: None,
        },
    )
    .await
    .unwrap();
    c.ws.change_case_status(
        &cc,
        ChangeStatusRequest {
            case_id: id,
            to: CaseStatus::Resolved,
            note: None,
        },
    )
    .await
    .unwrap();
    // Healed.
    for _ in 0..2 {
        for d in [&a, &b, &c] {
            settle(&d.ws).await;
        }
    }
    assert_converged(&pool, office, &[&a, &b, &c]).await;
    let case = c.ws.get_case(&cc, id).await.unwrap();
    assert_eq!(
        case.summary.status,
        CaseStatus::Rejected,
        "A's rejection reached the server first"
    );
    assert_eq!(case.summary.subject, "B's subject", "the later edit");
    assert_eq!(case.description, "B's description");
    assert_eq!(case.summary.priority, Priority::High);
    assert!(
        case.sync_issues
            .iter()
            .any(|i| i.outcome == okno_wire::SyncOutcome::Conflict),
        "C sees its change left to a supervisor"
    );
    for d in [&a, &b] {
        let sup = login(&d.ws, "admin").await;
        let conflicts = d.ws.list_conflicts(&sup).await.unwrap();
        assert_eq!(conflicts.len(), 2, "both of C's status moves");
        assert!(conflicts
            .iter()
            .all(|k| k.server_status == Some(CaseStatus::Rejected)));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_replicas_hand_out_each_number_exactly_once() {
    let (db, pool) = fresh_db().await;
    let office = okno_server::admin::create_demo_office(&pool).await.unwrap();
    let r1 = Server::start(&db, free_port());
    let r2 = Server::start(&db, free_port());
    let a = enrolled_desk(&pool, office, &r1.url(), "A").await;
    let b = enrolled_desk(&pool, office, &r2.url(), "B").await;
    let year = chrono::Datelike::year(&chrono::Utc::now());
    let mut tasks = Vec::new();
    for (desk, urls) in [(&a, [r1.url(), r2.url()]), (&b, [r2.url(), r1.url()])] {
        let token = desk.token(&urls[0]).await;
        for t in 0..4 {
            let token = token.clone();
            let urls = urls.clone();
            tasks.push(tokio::spawn(async move {
                let mut got = Vec::new();
                for i in 0..25 {
                    let l: Lease = http()
                        .post(format!("{}/v1/leases", urls[(i + t) % 2]))
                        .bearer_auth(&token)
                        .json(&LeaseRequest {
                            lease_id: Uuid::now_v7(),
                            series: "case".into(),
                            year,
                            count: 7,
                        })
                        .send()
                        .await
                        .unwrap()
                        .json()
                        .await
                        .unwrap();
                    got.push((l.first, l.last));
                }
                got
            }));
        }
    }
    let mut blocks = Vec::new();
    for t in tasks {
        blocks.extend(t.await.unwrap());
    }
    blocks.sort();
    // The blocks tile 1..=N without overlap or gap (plus what the desks leased at enrolment).
    let mut leased: Vec<(i64, i64)> =
        sqlx::query_as("SELECT first, last FROM number_lease WHERE series = 'case' ORDER BY first")
            .fetch_all(&pool)
            .await
            .unwrap();
    leased.sort();
    let mut next = 1;
    for (first, last) in &leased {
        assert_eq!(*first, next, "no gap, no overlap");
        next = last + 1;
    }
    for blk in &blocks {
        assert!(leased.contains(blk));
    }
    assert_eq!(blocks.len(), 200);
}
