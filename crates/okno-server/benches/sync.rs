//! The sync figures of docs/benchmarks.md, measured against the real server binary over
//! loopback and a real PostgreSQL (DATABASE_URL, as for the tests):
//!
//! - draining 2,000 queued commands from one workstation after an offline shift;
//! - 50 simulated workstations pushing concurrently (a load generator of 50 tokio tasks, each
//!   an enrolled device with its own token, pushing batches of 100 real `case.add_note`
//!   commands over HTTP), commands per second overall; number leases under the same load;
//! - a change on one workstation visible on another, both running the background sync loop;
//! - intake after an outage: a desk that ran out of numbers while the server was down for long
//!   enough for the retry backoff to grow, from the server's return to the first intake that
//!   gets a number again.
//!
//! Run: `scripts/with-postgres cargo bench -p okno-server --bench sync`

#[path = "../tests/it/common/mod.rs"]
mod common;

use std::time::{Duration, Instant};

use common::*;
use okno_wire::sync::{LeaseRequest, PushCommand, PushRequest, PushResponse};
use okno_wire::AddNoteRequest;
use serde_json::json;
use uuid::Uuid;

fn pct(v: &mut [f64], p: f64) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    v[((v.len() as f64 - 1.0) * p).round() as usize]
}

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(run());
}

async fn run() {
    let (db, pool) = fresh_db().await;
    let office = okno_demo::create_demo_office(&pool).await.unwrap();
    let mut server = Server::start(&db, free_port());
    let url = server.url();

    // 1. Drain after an offline shift.
    let a = enrolled_desk(&pool, office, &url, "Laptop").await;
    let clerk = login(&a.ws, "clerk").await;
    let mut cases = Vec::new();
    for i in 0..60 {
        cases.push(
            intake(&a.ws, &clerk, &format!("Citizen {i}"))
                .await
                .summary
                .id,
        );
    }
    let mut n = 60;
    while n < 2000 {
        let id = cases[n % cases.len()];
        a.ws.add_case_note(
            &clerk,
            AddNoteRequest {
                case_id: id,
                note: format!("call {n}"),
            },
        )
        .await
        .unwrap();
        n += 1;
    }
    assert_eq!(a.ws.outbox_status().await.unwrap().pending, 2000);
    let t = Instant::now();
    let r = a.ws.sync_once().await.unwrap();
    let drain = t.elapsed();
    assert_eq!(r.pushed, 2000);
    println!(
        "drain: 2000 queued commands pushed and the office pulled back in {:.2} s (target <= 10 s)",
        drain.as_secs_f64()
    );

    // 2. 50 workstations pushing at once.
    let desks = 50;
    let batches = 8;
    let per_batch = 100;
    let mut devs = Vec::new();
    for d in 0..desks {
        let code = okno_server::admin::enrolment_code(&pool, office, 1)
            .await
            .unwrap();
        let device_id = Uuid::now_v7();
        let e: okno_wire::sync::Enrolled = http()
            .post(format!("{url}/v1/enrol"))
            .json(&json!({ "code": code, "device_id": device_id, "device_name": format!("load {d}") }))
            .send().await.unwrap().json().await.unwrap();
        let t: okno_wire::sync::Token = http()
            .post(format!("{url}/v1/device/token"))
            .json(&okno_wire::sync::DeviceTokenRequest {
                device_id,
                secret: e.secret,
            })
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        devs.push((t.token, cases[d % cases.len()]));
    }
    let started = Instant::now();
    // Meanwhile, a few workstations lease number blocks now and then, as desks do.
    let year = chrono::Datelike::year(&chrono::Utc::now());
    let leasing = {
        let url = url.clone();
        let tokens: Vec<String> = devs.iter().take(5).map(|d| d.0.clone()).collect();
        tokio::spawn(async move {
            let client = http();
            let mut times = Vec::new();
            for i in 0..100 {
                tokio::time::sleep(Duration::from_millis(20 + (i * 37 % 50) as u64)).await;
                let t = Instant::now();
                let r = client
                    .post(format!("{url}/v1/leases"))
                    .bearer_auth(&tokens[i % tokens.len()])
                    .json(&LeaseRequest {
                        lease_id: Uuid::now_v7(),
                        series: "case".into(),
                        year,
                        count: 100,
                    })
                    .send()
                    .await
                    .unwrap();
                assert!(r.status().is_success());
                times.push(t.elapsed().as_secs_f64() * 1000.0);
            }
            times
        })
    };
    let mut tasks = Vec::new();
    for (token, case_id) in devs.clone() {
        let url = url.clone();
        let actor = clerk.staff_id;
        tasks.push(tokio::spawn(async move {
            let client = http();
            let mut seq = 1;
            for _ in 0..batches {
                let commands: Vec<PushCommand> = (0..per_batch)
                    .map(|_| {
                        let s = seq;
                        seq += 1;
                        PushCommand {
                            seq: s,
                            command_id: Uuid::now_v7(),
                            name: "case.add_note".into(),
                            version: 2,
                            actor_id: Some(actor),
                            created_at: chrono::Utc::now().timestamp_millis(),
                            hlc: format!("{:015}.000000.load", chrono::Utc::now().timestamp_millis()),
                            payload: json!({ "case_id": case_id.to_string(), "rows": [{ "kind": "case_event", "body": {
                                "id": Uuid::now_v7().to_string(), "case_id": case_id.to_string(), "kind": "note_added",
                                "from_status": null, "to_status": null, "note": "load", "assignee_id": null,
                                "actor_id": actor.to_string(), "at": 0 } }] }),
                        }
                    })
                    .collect();
                let r: PushResponse = client
                    .post(format!("{url}/v1/push"))
                    .bearer_auth(&token)
                    .json(&PushRequest { commands, outbox_pending: 0 })
                    .send().await.unwrap().json().await.unwrap();
                assert_eq!(r.results.len(), per_batch);
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    let took = started.elapsed();
    let mut under_load = leasing.await.unwrap();
    println!(
        "number lease while 50 workstations push ({} leases): p50 {:.1} ms, p95 {:.1} ms, p99 {:.1} ms (target p95 <= 50 ms)",
        under_load.len(),
        pct(&mut under_load, 0.5),
        pct(&mut under_load, 0.95),
        pct(&mut under_load, 0.99)
    );
    let total = desks * batches * per_batch;
    println!(
        "push load: {desks} workstations x {batches} batches x {per_batch} commands = {total} in {:.2} s = {:.0} commands/s (target >= 2000/s)",
        took.as_secs_f64(),
        total as f64 / took.as_secs_f64()
    );

    // 3. The worst case: every workstation asks for blocks at the same instant (the counter row
    // serialises them, each waiting for the previous durable commit).
    let mut tasks = Vec::new();
    for (token, _) in devs.clone() {
        let url = url.clone();
        tasks.push(tokio::spawn(async move {
            let client = http();
            let mut times = Vec::new();
            for _ in 0..10 {
                let t = Instant::now();
                let r = client
                    .post(format!("{url}/v1/leases"))
                    .bearer_auth(&token)
                    .json(&LeaseRequest {
                        lease_id: Uuid::now_v7(),
                        series: "filing".into(),
                        year,
                        count: 50,
                    })
                    .send()
                    .await
                    .unwrap();
                assert!(r.status().is_success());
                times.push(t.elapsed().as_secs_f64() * 1000.0);
            }
            times
        }));
    }
    let mut lease_ms = Vec::new();
    for t in tasks {
        lease_ms.extend(t.await.unwrap());
    }
    println!(
        "number lease, worst case ({} leases, 50 workstations at the same instant): p50 {:.1} ms, p95 {:.1} ms, p99 {:.1} ms (target p95 <= 50 ms)",
        lease_ms.len(),
        pct(&mut lease_ms, 0.5),
        pct(&mut lease_ms, 0.95),
        pct(&mut lease_ms, 0.99)
    );

    // 4. Visible on another desk: both run the background loop.
    let b = enrolled_desk(&pool, office, &url, "Desk B").await;
    let c = enrolled_desk(&pool, office, &url, "Desk C").await;
    let clerk_b = login(&b.ws, "eva").await;
    let clerk_c = login(&c.ws, "clerk").await;
    settle(&b.ws).await;
    settle(&c.ws).await;
    okno_core::sync::spawn(b.ws.clone());
    okno_core::sync::spawn(c.ws.clone());
    tokio::time::sleep(Duration::from_millis(500)).await;
    let mut vis = Vec::new();
    for i in 0..30 {
        let case = intake(&b.ws, &clerk_b, &format!("Visible {i}")).await;
        let t = Instant::now();
        loop {
            if c.ws.get_case(&clerk_c, case.summary.id).await.is_ok() {
                break;
            }
            assert!(t.elapsed() < Duration::from_secs(30), "never arrived");
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        vis.push(t.elapsed().as_secs_f64() * 1000.0);
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    println!(
        "visible on another desk ({} changes): p50 {:.0} ms, p95 {:.0} ms, max {:.0} ms (target p95 <= 2000 ms)",
        vis.len(),
        pct(&mut vis, 0.5),
        pct(&mut vis, 0.95),
        pct(&mut vis, 1.0)
    );

    // 5. Intake after an outage (issue 18): the desk runs its background loop, the server goes
    // away, the clerk works until the desk's numbers run out, the server stays away long enough
    // for the backoff to grow; then it comes back, and the clerk tries intake every 10 ms.
    let d = enrolled_desk(&pool, office, &url, "Desk D").await;
    let clerk_d = login(&d.ws, "clerk").await;
    settle(&d.ws).await;
    let looping = okno_core::sync::spawn(d.ws.clone());
    let mut back_ms = Vec::new();
    let mut offline_intakes = 0;
    for round in 0..3 {
        server.kill();
        while try_intake(
            &d.ws,
            &clerk_d,
            &format!("Outage {round} {offline_intakes}"),
        )
        .await
        .is_ok()
        {
            offline_intakes += 1;
        }
        tokio::time::sleep(Duration::from_secs(6)).await;
        tokio::task::block_in_place(|| server.restart());
        let t = Instant::now();
        loop {
            match try_intake(&d.ws, &clerk_d, &format!("Back {round}")).await {
                Ok(_) => break,
                Err(okno_core::CoreError::NumbersExhausted(_)) => {
                    assert!(t.elapsed() < Duration::from_secs(120), "no numbers");
                    tokio::time::sleep(Duration::from_millis(10)).await;
                }
                Err(e) => panic!("{e}"),
            }
        }
        back_ms.push(t.elapsed().as_secs_f64() * 1000.0);
        // Let the desk send what it did offline before the next outage.
        while d.ws.outbox_status().await.unwrap().pending > 0 {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
    looping.abort();
    println!(
        "intake after an outage ({} outages of 6 s, desk out of numbers, {offline_intakes} intakes offline): p50 {:.0} ms, max {:.0} ms from the server's return (target <= 5000 ms)",
        back_ms.len(),
        pct(&mut back_ms, 0.5),
        pct(&mut back_ms, 1.0)
    );
}
