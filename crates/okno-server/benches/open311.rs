//! Filing a request through Open311 (docs/open311.md), against the real server binary over
//! loopback and a real PostgreSQL (DATABASE_URL, as for the tests): a steady 50 requests/s for
//! 30 s, each a form-encoded POST with an API key, from requests in flight at once (a request
//! does not wait for the one before). The latency of each (loopback HTTP included, so an upper
//! bound of the server's time; bar p95 ≤ 20 ms), beside one empty transaction's commit on the
//! same database (the machine's limit), and the items on the server counted afterwards.
//!
//! Run: `scripts/with-postgres cargo bench -p okno-server --bench open311`

#[path = "../tests/it/common/mod.rs"]
mod common;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::*;

fn pct(v: &mut [f64], p: f64) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    v[((v.len() as f64 - 1.0) * p).round() as usize]
}

const RATE: u64 = 50;
const SECONDS: u64 = 30;

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
    let url = format!("{}/open311/v2/requests.json", server.url());
    let key = okno_server::admin::open311_key(&pool, office, "Bench")
        .await
        .unwrap();

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

    let client = reqwest::Client::new();
    let took = Arc::new(Mutex::new(Vec::new()));
    let start = Instant::now();
    let mut tasks = Vec::new();
    for i in 0..RATE * SECONDS {
        let due = start + Duration::from_millis(1000 / RATE * i);
        tokio::time::sleep_until(due.into()).await;
        let (client, url, key, took) = (client.clone(), url.clone(), key.clone(), took.clone());
        let body = form_urlencoded::Serializer::new(String::new())
            .append_pair("jurisdiction_id", &office.to_string())
            .append_pair("api_key", &key)
            .append_pair(
                "service_code",
                ["complaint", "suggestion", "idea", "question"][i as usize % 4],
            )
            .append_pair("attribute[about]", "office")
            .append_pair(
                "description",
                &format!("Request {i}: the waiting room needs more chairs."),
            )
            .append_pair("email", "citizen@example.org")
            .finish();
        tasks.push(tokio::spawn(async move {
            let t = Instant::now();
            let r = client
                .post(url)
                .header("content-type", "application/x-www-form-urlencoded")
                .body(body)
                .send()
                .await
                .unwrap();
            assert!(r.status().is_success(), "{}", r.status());
            r.bytes().await.unwrap();
            took.lock()
                .unwrap()
                .push(t.elapsed().as_secs_f64() * 1000.0);
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    let elapsed = start.elapsed().as_secs_f64();
    let mut took = took.lock().unwrap().clone();
    let n = took.len();
    let (p50, p95, max) = (
        pct(&mut took, 0.5),
        pct(&mut took, 0.95),
        pct(&mut took, 1.0),
    );
    let items: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM entity WHERE office_id = $1 AND kind = 'feedback_item'",
    )
    .bind(office)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(items as usize, n);
    println!(
        "open311 create at {RATE}/s: {n} requests in {elapsed:.1} s; p50 {p50:.1} ms, p95 {p95:.1} ms, max {max:.1} ms (bar p95 <= 20 ms); one empty commit here: p50 {commit_p50:.2} ms; p95/commit = {:.0}; {items} items numbered",
        p95 / commit_p50.max(0.001)
    );
}
