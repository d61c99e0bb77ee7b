//! The faults sync must survive, with the real server binary and real workstation cores:
//! the server SIGKILLed at random points of push and pull, connections cut and stalled by a
//! TCP proxy, duplicate and reordered push batches, a desk offline for days with a wrong clock,
//! three desks editing one case while partitioned, and two server replicas leasing numbers.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use crate::common::*;
use okno_core::creds::{CredentialStore, MemoryCredentials};
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
    let office = okno_demo::create_demo_office(&pool).await.unwrap();
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
    let office = okno_demo::create_demo_office(&pool).await.unwrap();
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
    let office = okno_demo::create_demo_office(&pool).await.unwrap();
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
    let office = okno_demo::create_demo_office(&pool).await.unwrap();
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
    let office = okno_demo::create_demo_office(&pool).await.unwrap();
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
    let office = okno_demo::create_demo_office(&pool).await.unwrap();
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

/// A keyring that is there but refuses everything (locked, or its service gone).
struct RefusingKeyring;

impl CredentialStore for RefusingKeyring {
    fn get(&self, _: &str) -> okno_core::Result<Option<String>> {
        Err(okno_core::CoreError::CredentialStore(
            "the keyring is locked".into(),
        ))
    }
    fn set(&self, _: &str, _: &str) -> okno_core::Result<()> {
        Err(okno_core::CoreError::CredentialStore(
            "the keyring is locked".into(),
        ))
    }
    fn delete(&self, _: &str) -> okno_core::Result<()> {
        Err(okno_core::CoreError::CredentialStore(
            "the keyring is locked".into(),
        ))
    }
}

/// What a desk's device secret is after its process restarts.
#[derive(Clone, Copy)]
enum Secrets {
    /// Still in the keyring.
    Kept,
    /// Gone (memory credentials, a keyring wiped).
    Lost,
    /// The keyring refuses every call.
    Refused,
}

/// The desk's process ends and a new one opens the same working copy.
async fn restart(desk: Desk, secrets: Secrets) -> Desk {
    desk.ws.close().await;
    let Desk {
        ws,
        clock,
        dir,
        path,
        creds,
    } = desk;
    drop(ws);
    let ws = Arc::new(
        okno_core::Workstation::open_with_clock(&path, clock.clone())
            .await
            .unwrap(),
    );
    let creds = match secrets {
        Secrets::Kept => creds,
        Secrets::Lost | Secrets::Refused => Arc::new(MemoryCredentials::default()),
    };
    match secrets {
        Secrets::Refused => ws.set_credentials(Arc::new(RefusingKeyring)),
        _ => ws.set_credentials(creds.clone()),
    }
    Desk {
        ws,
        creds,
        clock,
        dir,
        path,
    }
}

/// Copies a closed working copy (with its write-ahead log, if one is left) from `from` to `to`.
fn copy_working_copy(from: &std::path::Path, to: &std::path::Path) {
    std::fs::copy(from, to).unwrap();
    for ext in ["-wal", "-shm"] {
        let (f, t) = (
            format!("{}{ext}", from.display()),
            format!("{}{ext}", to.display()),
        );
        let _ = std::fs::remove_file(&t);
        if std::path::Path::new(&f).exists() {
            std::fs::copy(&f, &t).unwrap();
        }
    }
}

/// Issue 18: a desk that lost its device secret answered every sign-in with a 500
/// `credential_store`, and what it had not pushed stayed stranded. Now staff sign in offline,
/// work goes on, the desk says it must be re-joined, and a re-join with a new code keeps the
/// same device, outbox and sequence: everything goes through, once.
async fn a_desk_without_its_device_secret(secrets: Secrets) {
    let (db, pool) = fresh_db().await;
    let office = okno_demo::create_demo_office(&pool).await.unwrap();
    let server = Server::start(&db, free_port());
    let url = server.url();
    let a = enrolled_desk(&pool, office, &url, "Desk A").await;
    let device = a.ws.enrolment().await.unwrap().unwrap().device_id;
    let clerk = login(&a.ws, "clerk").await;
    let mut cases = Vec::new();
    for i in 0..4 {
        cases.push(
            intake(&a.ws, &clerk, &format!("Synced {i}"))
                .await
                .summary
                .id,
        );
    }
    settle(&a.ws).await;
    // Work that is not pushed yet; the server applies the first three of it, but the answer
    // never reaches the desk.
    let acked = a.ws.outbox_entries(0, 1000).await.unwrap().len() as i64;
    for i in 0..4 {
        cases.push(
            intake(&a.ws, &clerk, &format!("Pending {i}"))
                .await
                .summary
                .id,
        );
    }
    let stranded: Vec<_> =
        a.ws.outbox_entries(acked, 3)
            .await
            .unwrap()
            .iter()
            .map(|e| e.to_push())
            .collect();
    let old_secret = a.creds.get(&format!("device:{device}")).unwrap().unwrap();
    let token = a.token(&url).await;
    let r = http()
        .post(format!("{url}/v1/push"))
        .bearer_auth(&token)
        .json(&PushRequest {
            commands: stranded,
            outbox_pending: 0,
        })
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success());

    // Restarted without the secret.
    let a = restart(a, secrets).await;
    let clerk = login(&a.ws, "clerk").await; // offline sign-in; no 500
    let e = a.ws.sync_once().await.unwrap_err();
    assert!(matches!(e, okno_core::CoreError::RejoinNeeded), "{e}");
    let status = a.ws.sync_status().await.unwrap();
    assert!(status.needs_rejoin);
    assert_eq!(
        status.last_error.map(|e| e.code),
        Some(okno_wire::ErrorCode::RejoinNeeded)
    );
    // Work goes on, with the numbers leased before.
    for i in 0..4 {
        cases.push(
            intake(&a.ws, &clerk, &format!("Offline {i}"))
                .await
                .summary
                .id,
        );
        a.ws.add_case_note(
            &clerk,
            AddNoteRequest {
                case_id: cases[i],
                note: format!("while not joined {i}"),
            },
        )
        .await
        .unwrap();
    }
    let wrong =
        a.ws.rejoin(
            &clerk,
            okno_wire::RejoinRequest {
                code: "AAAA-BBBB-CCCC".into(),
            },
        )
        .await
        .unwrap_err();
    assert!(
        matches!(wrong, okno_core::CoreError::EnrolmentRefused(_)),
        "{wrong}"
    );

    // Re-joined with a new code: same device, its outbox and sequence; everything goes through.
    let code = okno_server::admin::enrolment_code(&pool, office, 1)
        .await
        .unwrap();
    let status =
        a.ws.rejoin(&clerk, okno_wire::RejoinRequest { code })
            .await
            .unwrap();
    assert!(!status.needs_rejoin);
    // A keyring that refuses the new secret is replaced by memory, and the desk says so.
    assert_eq!(
        status.memory_credentials,
        matches!(secrets, Secrets::Refused)
    );
    assert_eq!(a.ws.enrolment().await.unwrap().unwrap().device_id, device);
    settle(&a.ws).await;
    assert_converged(&pool, office, &[&a]).await;
    let (devices, server_cases, applied): (i64, i64, i64) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM device WHERE office_id = $1),
                (SELECT COUNT(*) FROM entity WHERE office_id = $1 AND kind = 'case_file'),
                (SELECT COUNT(*) FROM applied_command WHERE device_id = $2 AND status = 'applied')",
    )
    .bind(office)
    .bind(device)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(devices, 1, "the same device");
    assert_eq!(server_cases, 12, "every intake, once");
    assert_eq!(
        applied,
        a.ws.outbox_entries(0, 1000).await.unwrap().len() as i64,
        "every command applied"
    );
    for acc in okno_server::admin::number_accounts(&pool, office)
        .await
        .unwrap()
    {
        assert_eq!(acc.unaccounted, 0, "{acc:?}");
    }
    // The old secret is no longer accepted.
    let r = http()
        .post(format!("{url}/v1/device/token"))
        .json(&okno_wire::sync::DeviceTokenRequest {
            device_id: device,
            secret: old_secret,
        })
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 401);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_desk_restarted_with_memory_credentials_signs_in_offline_and_rejoins() {
    a_desk_without_its_device_secret(Secrets::Lost).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_desk_whose_keyring_refuses_signs_in_offline_and_rejoins() {
    a_desk_without_its_device_secret(Secrets::Refused).await;
}

/// Issue 18: a working copy restored from a backup older than commands the server has applied
/// learns where the server is, takes back what it lost (pull) and renumbers what it wrote
/// since — once: the server holds every command once, the desk every row, and no legal
/// number is given twice.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_working_copy_restored_from_an_older_backup_rejoins_without_losing_or_swallowing() {
    let (db, pool) = fresh_db().await;
    let office = okno_demo::create_demo_office(&pool).await.unwrap();
    let mut server = Server::start(&db, free_port());
    let a = enrolled_desk(&pool, office, &server.url(), "Desk A").await;
    let device = a.ws.enrolment().await.unwrap().unwrap().device_id;
    let clerk = login(&a.ws, "clerk").await;
    let mut before = Vec::new();
    for i in 0..5 {
        before.push(
            intake(&a.ws, &clerk, &format!("Before {i}"))
                .await
                .summary
                .id,
        );
    }
    settle(&a.ws).await;
    // The backup: the working copy as it is now.
    a.ws.close().await;
    let backup = a.dir.path().join("backup.db");
    copy_working_copy(&a.path, &backup);
    let a = restart(a, Secrets::Kept).await;
    // Work after the backup, all of it on the server.
    let clerk = login(&a.ws, "clerk").await;
    let mut lost = Vec::new();
    for (i, case) in before.iter().take(4).enumerate() {
        lost.push(intake(&a.ws, &clerk, &format!("Lost {i}")).await);
        a.ws.add_case_note(
            &clerk,
            AddNoteRequest {
                case_id: *case,
                note: format!("lost note {i}"),
            },
        )
        .await
        .unwrap();
    }
    settle(&a.ws).await;
    let lost_commands: Vec<(i64, Uuid)> =
        a.ws.outbox_entries(0, 1000)
            .await
            .unwrap()
            .iter()
            .map(|e| (e.seq, e.command_id))
            .collect();
    let server_last = lost_commands.last().unwrap().0;

    // The disk fails; the working copy comes back from the backup (the secret, in the
    // keyring, survives).
    a.ws.close().await;
    copy_working_copy(&backup, &a.path);
    let a = restart(a, Secrets::Kept).await;
    let restored_last =
        a.ws.outbox_entries(0, 1000)
            .await
            .unwrap()
            .last()
            .unwrap()
            .seq;
    assert!(restored_last < server_last);
    // Work on the restored copy before it reaches the server (down meanwhile: a sign-in that
    // reaches it would teach the desk where its sequence stands): notes and a status change,
    // under sequence numbers the server has used.
    server.kill();
    let clerk = login(&a.ws, "clerk").await;
    for (i, case) in before.iter().enumerate() {
        a.ws.add_case_note(
            &clerk,
            AddNoteRequest {
                case_id: *case,
                note: format!("after the restore {i}"),
            },
        )
        .await
        .unwrap();
    }
    a.ws.change_case_status(
        &clerk,
        ChangeStatusRequest {
            case_id: before[4],
            to: CaseStatus::InProgress,
            note: None,
        },
    )
    .await
    .unwrap();
    let written_since: Vec<(i64, Uuid)> =
        a.ws.outbox_entries(restored_last, 1000)
            .await
            .unwrap()
            .iter()
            .map(|e| (e.seq, e.command_id))
            .collect();
    assert_eq!(
        written_since[0].0,
        restored_last + 1,
        "numbers the server has used"
    );

    tokio::task::block_in_place(|| server.restart());
    settle_retrying(&a.ws).await;
    // Renumbered once, in order, right after the server's last.
    let now: Vec<(i64, Uuid)> =
        a.ws.outbox_entries(restored_last, 1000)
            .await
            .unwrap()
            .iter()
            .map(|e| (e.seq, e.command_id))
            .collect();
    let expected: Vec<(i64, Uuid)> = written_since
        .iter()
        .map(|(seq, id)| (seq - restored_last + server_last, *id))
        .collect();
    assert_eq!(now, expected);
    // Intake after rejoining takes numbers the lost intakes did not use.
    let mut numbers: Vec<String> = lost.iter().map(|c| c.summary.number.clone()).collect();
    for i in 0..4 {
        numbers.push(
            intake(&a.ws, &clerk, &format!("After {i}"))
                .await
                .summary
                .number,
        );
    }
    settle(&a.ws).await;
    assert!(a.ws.list_sync_issues(&clerk).await.unwrap().is_empty());
    let mut unique = numbers.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), numbers.len(), "no number given twice");

    // The desk holds every row the server holds (what it had lost came back), and the server
    // holds every command once: the lost ones under their numbers, the rest after them.
    let server = server_rows(&pool, office).await;
    let mine = desk_rows(&a.ws).await;
    assert_eq!(server, mine);
    for c in &lost {
        assert!(mine.contains_key(&("case_file".to_string(), c.summary.id.to_string())));
    }
    let applied: Vec<(i64, Uuid)> = sqlx::query_as(
        "SELECT seq, command_id FROM applied_command WHERE device_id = $1 ORDER BY seq",
    )
    .bind(device)
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(&applied[..lost_commands.len()], &lost_commands[..]);
    let local: Vec<(i64, Uuid)> =
        a.ws.outbox_entries(restored_last, 1000)
            .await
            .unwrap()
            .iter()
            .map(|e| (e.seq, e.command_id))
            .collect();
    assert_eq!(&applied[lost_commands.len()..], &local[..]);
    assert!(applied.windows(2).all(|w| w[1].0 == w[0].0 + 1), "no gap");
    assert_eq!(a.ws.outbox_status().await.unwrap().pending, 0);
    for acc in okno_server::admin::number_accounts(&pool, office)
        .await
        .unwrap()
    {
        assert_eq!(acc.unaccounted, 0, "{acc:?}");
    }
}

/// Issue 18: after an outage intake was refused for up to 154 s with the server back (leases
/// topped up only after a full push and pull, a backoff grown to a minute). A desk short of
/// numbers, running its background sync, takes intake again within seconds of the return.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_desk_short_of_numbers_takes_intake_within_seconds_of_the_servers_return() {
    let (db, pool) = fresh_db().await;
    let office = okno_demo::create_demo_office(&pool).await.unwrap();
    let mut server = Server::start(&db, free_port());
    let a = enrolled_desk(&pool, office, &server.url(), "Desk A").await;
    let clerk = login(&a.ws, "clerk").await;
    let looping = okno_core::sync::spawn(a.ws.clone());
    // Some work online, then the server goes away.
    for i in 0..5 {
        intake(&a.ws, &clerk, &format!("Online {i}")).await;
    }
    // The loop sends them by itself.
    while a.ws.outbox_status().await.unwrap().pending > 0 {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    server.kill();
    // The desk works until its numbers run out.
    let mut offline = 0;
    while try_intake(&a.ws, &clerk, &format!("Offline {offline}"))
        .await
        .is_ok()
    {
        offline += 1;
        assert!(offline < 1000, "numbers must run out");
    }
    // A long enough outage for the backoff to have grown past the probe.
    tokio::time::sleep(Duration::from_secs(8)).await;
    let backoff = a.ws.sync_status().await.unwrap().next_attempt_at;
    tokio::task::block_in_place(|| server.restart());
    let back = std::time::Instant::now();
    loop {
        match try_intake(&a.ws, &clerk, "First after the outage").await {
            Ok(_) => break,
            Err(okno_core::CoreError::NumbersExhausted(_)) => {
                assert!(
                    back.elapsed() < Duration::from_secs(5),
                    "intake still refused {:?} after the server's return (backoff until {backoff:?})",
                    back.elapsed()
                );
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
            Err(e) => panic!("{e}"),
        }
    }
    let took = back.elapsed();
    eprintln!(
        "intake again {} ms after the server's return ({offline} intakes offline; backoff was until {backoff:?})",
        took.as_millis()
    );
    looping.abort();
    settle_retrying(&a.ws).await;
    assert_converged(&pool, office, &[&a]).await;
    for acc in okno_server::admin::number_accounts(&pool, office)
        .await
        .unwrap()
    {
        assert_eq!(acc.unaccounted, 0, "{acc:?}");
    }
}
