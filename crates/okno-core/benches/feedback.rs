//! The half-year analysis of the citizen's voice (docs/feedback.md) over 50,000 feedback items
//! and 200,000 visits (a rating for 40 % of them), against the bar of issue 21: ≤ 1 s. Reported
//! beside the same analysis of a month, and beside the raw read it is built on (the period's
//! items and ratings with their tickets, counted by SQLite alone).
//!
//! The history is generated afresh into `target/okno-bench/feedback.db`.
//! `cargo bench -p okno-core --bench feedback`

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::{NaiveDate, TimeZone, Utc};
use criterion::{criterion_group, criterion_main, Criterion};

mod common;
use common::{data_path, raw, report};
use okno_core::feedback::generate::FeedbackHistorySpec;
use okno_core::{ManualClock, Workstation};
use okno_wire::FeedbackReportRequest;

fn bench(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let path = data_path("feedback.db");
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    let from = NaiveDate::from_ymd_opt(2026, 7, 1).unwrap();
    let to = NaiveDate::from_ymd_opt(2026, 12, 31).unwrap();
    let (ws, supervisor) = rt.block_on(async {
        let now = Utc.with_ymd_and_hms(2027, 1, 2, 9, 0, 0).unwrap();
        let ws = Workstation::open_with_clock(&path, Arc::new(ManualClock::new(now)))
            .await
            .unwrap();
        okno_core::demo::load_demo(&ws).await.unwrap();
        let started = Instant::now();
        let g = ws
            .generate_feedback_history(&FeedbackHistorySpec {
                from,
                to,
                visits: 200_000,
                items: 50_000,
                rated_percent: 40,
                seed: 21,
                now,
            })
            .await
            .unwrap();
        eprintln!(
            "generated {} visits, {} ratings, {} items in {:.1} s",
            g.visit_days.len(),
            g.ratings.len(),
            g.items.len(),
            started.elapsed().as_secs_f64()
        );
        let s = ws.login("maryam", "okno-demo").await.unwrap();
        let supervisor = ws.actor(Some(&s.token)).unwrap();
        (Arc::new(ws), supervisor)
    });
    let mut g = c.benchmark_group("feedback");
    g.sample_size(10);
    g.measurement_time(Duration::from_secs(10));
    for (name, f, t) in [
        ("half_year_50k_items_200k_visits", from, to),
        (
            "one_month",
            NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
            NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
        ),
    ] {
        let times = Mutex::new(Vec::new());
        g.bench_function(name, |b| {
            b.iter(|| {
                let started = Instant::now();
                let r = rt
                    .block_on(ws.feedback_report(
                        &supervisor,
                        FeedbackReportRequest {
                            from: Some(f),
                            to: Some(t),
                        },
                    ))
                    .unwrap();
                times.lock().unwrap().push(started.elapsed());
                assert!(r.total > 0 && r.ratings.ratings > 0);
            })
        });
        report(&format!("feedback {name}"), &times);
    }
    // The limit: the same rows read and counted by SQLite alone.
    let times = Mutex::new(Vec::new());
    g.bench_function("raw_read_half_year", |b| {
        b.iter(|| {
            let started = Instant::now();
            rt.block_on(async {
                let mut conn = raw(&path).await;
                let n: (i64, i64) = sqlx::query_as(
                    "SELECT (SELECT COUNT(*) FROM feedback_item), (SELECT COUNT(t.id) FROM rating r JOIN ticket t ON t.visit_id = r.visit_id)",
                )
                .fetch_one(&mut conn)
                .await
                .unwrap();
                assert!(n.0 > 0);
            });
            times.lock().unwrap().push(started.elapsed());
        })
    });
    report("feedback raw_read_half_year", &times);
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
