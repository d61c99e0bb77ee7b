//! The queue's figures of docs/benchmarks.md, against the real server binary over loopback and
//! a real PostgreSQL (DATABASE_URL, as for the tests):
//!
//! - taking a ticket at the kiosk at a steady 20 tickets/s for 30 s: latency of each request
//!   (loopback HTTP included, so an upper bound of the server's time), beside one empty
//!   transaction's commit on the same database (the limit of the machine);
//! - from "call next" at a desk to the waiting-room display showing it: 20 desks calling,
//!   50 displays connected to the server's event stream, each display recording when it first
//!   sees each call.
//!
//! Run: `scripts/with-postgres cargo bench -p okno-server --bench queue`

#[path = "../tests/it/common/mod.rs"]
mod common;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::*;
use okno_wire::{DeskSetup, PublicBoard, ServerCallNext, ServerQueueRows};
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
    let server = Server::start(&db, free_port());
    let url = server.url();
    let kiosk = reqwest::Client::new();

    // The machine's limit: one empty transaction committed (what any write pays at least).
    let mut commits = Vec::new();
    for _ in 0..200 {
        let t = Instant::now();
        let mut tx = pool.begin().await.unwrap();
        sqlx::query("SELECT pg_notify('okno_bench', 'x')")
            .execute(&mut *tx)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        commits.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    let commit_p50 = pct(&mut commits, 0.5);

    // 1. The kiosk at 20 tickets/s for 30 s.
    let mut took = Vec::new();
    let start = Instant::now();
    for i in 0..600u32 {
        let due = start + Duration::from_millis(50 * u64::from(i));
        tokio::time::sleep_until(due.into()).await;
        let category = ["A", "B", "C", "F"][i as usize % 4];
        let t = Instant::now();
        let r = kiosk
            .post(format!("{url}/queue/{office}/tickets"))
            .json(&json!({ "category": category, "priority": "normal", "locale": "sk", "private": false }))
            .send()
            .await
            .unwrap();
        assert!(r.status().is_success());
        r.bytes().await.unwrap();
        took.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    let (p50, p95, max) = (
        pct(&mut took, 0.5),
        pct(&mut took, 0.95),
        pct(&mut took, 1.0),
    );
    println!(
        "kiosk ticket at 20/s: p50 {p50:.1} ms, p95 {p95:.1} ms, max {max:.1} ms (bar p95 <= 50 ms); one empty commit here: p50 {commit_p50:.2} ms; p95/commit = {:.0}",
        p95 / commit_p50.max(0.001)
    );

    // 2. Call to display: 50 displays listening, 20 desks calling.
    let seen: Arc<Mutex<Vec<HashMap<Uuid, Instant>>>> = Arc::new(Mutex::new(Vec::new()));
    let mut displays = Vec::new();
    for d in 0..50 {
        let (url, seen) = (url.clone(), seen.clone());
        seen.lock().unwrap().push(HashMap::new());
        displays.push(tokio::spawn(async move {
            let mut r = reqwest::Client::new()
                .get(format!("{url}/queue/{office}/events"))
                .send()
                .await
                .unwrap();
            let mut buf = String::new();
            while let Ok(Some(chunk)) = r.chunk().await {
                let now = Instant::now();
                buf.push_str(&String::from_utf8_lossy(&chunk));
                while let Some(end) = buf.find("\n\n") {
                    let event: String = buf.drain(..end + 2).collect();
                    let Some(data) = event.lines().find_map(|l| l.strip_prefix("data: ")) else {
                        continue;
                    };
                    let Ok(board) = serde_json::from_str::<PublicBoard>(data) else {
                        continue;
                    };
                    let mut s = seen.lock().unwrap();
                    for c in board.calls {
                        s[d].entry(c.ticket_id).or_insert(now);
                    }
                }
            }
        }));
    }
    tokio::time::sleep(Duration::from_secs(2)).await;
    let desk = enrolled_desk(&pool, office, &url, "Bench desk").await;
    let token = desk.token(&url).await;
    let eva: String = sqlx::query_scalar(
        "SELECT id FROM entity WHERE office_id = $1 AND kind = 'staff' AND body->>'username' = 'eva'",
    )
    .bind(office)
    .fetch_one(&pool)
    .await
    .unwrap();
    let eva: Uuid = eva.parse().unwrap();
    let calls: Arc<Mutex<Vec<(Uuid, Instant)>>> = Arc::default();
    let mut desks = Vec::new();
    let begin = Instant::now();
    for k in 0..20 {
        let (url, token, calls) = (url.clone(), token.clone(), calls.clone());
        desks.push(tokio::spawn(async move {
            let client = http();
            let setup = DeskSetup {
                label: format!("{}", k + 1),
                categories: vec!["A".into(), "B".into(), "C".into(), "F".into()],
                private: false,
            };
            // Each desk calls about once every 2 s, for 20 s.
            for round in 0..10u64 {
                let slot = begin + Duration::from_millis(2000 * round + 97 * k);
                tokio::time::sleep_until(slot.into()).await;
                let t = Instant::now();
                let r: ServerQueueRows = client
                    .post(format!("{url}/v1/queue/call"))
                    .bearer_auth(&token)
                    .json(&ServerCallNext {
                        actor_id: eva,
                        desk: setup.clone(),
                    })
                    .send()
                    .await
                    .unwrap()
                    .json()
                    .await
                    .unwrap();
                if let Some(id) = r.ticket_id {
                    calls.lock().unwrap().push((id, t));
                }
            }
        }));
    }
    for d in desks {
        d.await.unwrap();
    }
    tokio::time::sleep(Duration::from_secs(2)).await;
    for d in &displays {
        d.abort();
    }
    let calls = calls.lock().unwrap().clone();
    let seen = seen.lock().unwrap();
    let mut lat = Vec::new();
    let mut missed = 0;
    for view in seen.iter() {
        for (id, t0) in &calls {
            match view.get(id) {
                Some(at) => lat.push(at.saturating_duration_since(*t0).as_secs_f64() * 1000.0),
                None => missed += 1,
            }
        }
    }
    let n = lat.len();
    println!(
        "call to display: {} calls x 50 displays = {n} sightings, {missed} missed; p50 {:.1} ms, p95 {:.1} ms, max {:.1} ms (bar p95 <= 300 ms, aim <= 100 ms)",
        calls.len(),
        pct(&mut lat, 0.5),
        pct(&mut lat, 0.95),
        pct(&mut lat, 1.0)
    );
}
