//! The supervisor's day review on a working copy holding a year of busy days.
//!
//! Figures the issue must reach: a day with 2,000 cases and about 10,000 events, the whole
//! review (every figure, breakdown, the day-by-day line, certifications, voided numbers,
//! settlements) ≤ 200 ms; a 30-day period ≤ 1 s. Measured for the last day and a day in the
//! middle of the year (the R*Tree answers "open at the end" for any day at the same cost), and
//! for the last 30 days and 30 days in the middle. Each benchmark records every run and prints
//! p50/p95, which docs/benchmarks.md quotes.
//!
//! The year is generated once (several minutes) into `target/okno-bench/review-year.db` and
//! reused while its marker matches. `cargo bench -p okno-core --bench review`

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::{NaiveDate, TimeZone, Utc};
use criterion::{criterion_group, criterion_main, Criterion};

mod common;
use common::{data_path, raw, report};
use okno_core::review::generate::HistorySpec;
use okno_core::{ManualClock, Workstation};
use okno_wire::ReviewRequest;

const MARKER: &str = "review-year-v4";
const CASES_PER_DAY: u32 = 2_000;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn bench(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 20, 17, 0, 0).unwrap();
    let path = data_path("review-year.db");
    let (ws, supervisor) = rt.block_on(async {
        let fresh = !path.exists();
        let clock = Arc::new(ManualClock::new(now));
        let mut ws = Workstation::open_with_clock(&path, clock.clone())
            .await
            .unwrap();
        let marker: Option<String> =
            sqlx::query_scalar("SELECT value FROM setting WHERE key = 'bench.marker'")
                .fetch_optional(&mut raw(&path).await)
                .await
                .unwrap();
        if fresh || marker.as_deref() != Some(MARKER) {
            ws.close().await;
            drop(ws);
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
            }
            ws = Workstation::open_with_clock(&path, clock.clone())
                .await
                .unwrap();
            okno_core::demo::load_demo(&ws).await.unwrap();
            let started = Instant::now();
            let made = ws
                .generate_history(&HistorySpec {
                    from: day("2025-11-21"),
                    to: day("2026-11-20"),
                    cases_per_day: CASES_PER_DAY,
                    weekly_pattern: false,
                    seed: 1,
                    now,
                })
                .await
                .unwrap();
            println!(
                "generated {} cases and {} events in {:.0} s",
                made.cases,
                made.events,
                started.elapsed().as_secs_f64()
            );
            sqlx::query("INSERT INTO setting (key, value) VALUES ('bench.marker', ?)")
                .bind(MARKER)
                .execute(&mut raw(&path).await)
                .await
                .unwrap();
        }
        let counts: (i64, i64) = sqlx::query_as(
            "SELECT (SELECT COUNT(*) FROM case_file), (SELECT COUNT(*) FROM case_event)",
        )
        .fetch_one(&mut raw(&path).await)
        .await
        .unwrap();
        let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        println!(
            "working copy: {} cases, {} events, {:.0} MB",
            counts.0,
            counts.1,
            size as f64 / 1e6
        );
        let s = ws.login("maryam", "okno-demo").await.unwrap();
        let supervisor = ws.actor(Some(&s.token)).unwrap();
        (Arc::new(ws), supervisor)
    });
    // The events of one day, to state what "a day" holds.
    let (start, end) = (
        Utc.with_ymd_and_hms(2026, 5, 19, 22, 0, 0)
            .unwrap()
            .timestamp_millis(),
        Utc.with_ymd_and_hms(2026, 5, 20, 22, 0, 0)
            .unwrap()
            .timestamp_millis(),
    );
    let events: i64 = rt.block_on(async {
        sqlx::query_scalar("SELECT COUNT(*) FROM case_event WHERE at >= ? AND at < ?")
            .bind(start)
            .bind(end)
            .fetch_one(&mut raw(&path).await)
            .await
            .unwrap()
    });
    println!("2026-05-20 (Bratislava) holds {events} events");

    let mut g = c.benchmark_group("review");
    g.sample_size(20);
    g.measurement_time(Duration::from_secs(8));
    for (name, from, to) in [
        ("day_last", "2026-11-20", "2026-11-20"),
        ("day_mid_year", "2026-05-20", "2026-05-20"),
        ("30_days_last", "2026-10-22", "2026-11-20"),
        ("30_days_mid_year", "2026-05-01", "2026-05-30"),
    ] {
        let times = Mutex::new(Vec::new());
        g.bench_function(name, |b| {
            b.iter(|| {
                let t = Instant::now();
                let r = rt
                    .block_on(ws.day_review(
                        &supervisor,
                        ReviewRequest {
                            from: day(from),
                            to: day(to),
                        },
                    ))
                    .unwrap();
                times.lock().unwrap().push(t.elapsed());
                assert!(r.totals.received > 0);
            })
        });
        report(&format!("review {name}"), &times);
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
