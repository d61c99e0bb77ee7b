//! The queue's figures in the supervisor's day review, on a day of 2,000 tickets (each taken,
//! called, served or not shown, with its visit's events), against the bar of docs/queue.md:
//! ≤ 50 ms. Reported beside the same review of a day without tickets (what the queue adds).
//!
//! The day is written afresh into `target/okno-bench/queue-day.db` (direct inserts in one
//! transaction).
//! `cargo bench -p okno-core --bench queue`

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::{NaiveDate, TimeZone, Utc};
use criterion::{criterion_group, criterion_main, Criterion};

mod common;
use common::{data_path, raw, report};
use okno_core::{ManualClock, Workstation};
use okno_wire::ReviewRequest;

const TICKETS: i64 = 2_000;

fn bench(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let path = data_path("queue-day.db");
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    let day = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
    let opens = Utc
        .with_ymd_and_hms(2026, 11, 20, 7, 0, 0)
        .unwrap()
        .timestamp_millis();
    let (ws, supervisor) = rt.block_on(async {
        let clock = Arc::new(ManualClock::new(Utc.with_ymd_and_hms(2026, 11, 20, 17, 0, 0).unwrap()));
        let ws = Workstation::open_with_clock(&path, clock).await.unwrap();
        okno_core::demo::load_demo(&ws).await.unwrap();
        let mut conn = raw(&path).await;
        let mut tx = sqlx::Connection::begin(&mut conn).await.unwrap();
        let cats = ["A", "B", "C", "D", "E", "F"];
        for i in 0..TICKETS {
            // Eight hours of tickets, one every ~14 s; waits of 2–40 minutes, services of 3–12.
            let taken = opens + i * 14_400;
            let called = taken + (2 + (i * 7919) % 38) * 60_000;
            let served = called + 45_000;
            let finished = served + (3 + (i * 104_729) % 10) * 60_000;
            let no_show = i % 23 == 0;
            let (id, visit) = (format!("t{i:05}"), format!("v{i:05}"));
            let cat = cats[(i % 6) as usize];
            sqlx::query("INSERT INTO visit (id, locale, started_at, ended_at, updated_at) VALUES (?, 'sk', ?, ?, ?)")
                .bind(&visit).bind(taken).bind(finished).bind(finished)
                .execute(&mut *tx).await.unwrap();
            sqlx::query(
                "INSERT INTO ticket (id, visit_id, day, category, number, priority, private, locale, state, origin, desk,
                    calls, taken_at, called_at, served_at, finished_at, print_failed, updated_at)
                 VALUES (?, ?, '2026-11-20', ?, ?, 'normal', 0, 'sk', ?, 'kiosk', ?, 1, ?, ?, ?, ?, 0, ?)",
            )
            .bind(&id).bind(&visit).bind(cat).bind(format!("{cat}-{:03}", i / 6 + 1))
            .bind(if no_show { "no_show" } else { "done" })
            .bind(format!("{}", i % 10 + 1))
            .bind(taken).bind(called)
            .bind((!no_show).then_some(served)).bind(finished).bind(finished)
            .execute(&mut *tx).await.unwrap();
            for (k, (kind, at)) in [("ticket_taken", taken), ("called", called), ("started", served), ("finished", finished)]
                .into_iter()
                .enumerate()
            {
                sqlx::query("INSERT INTO visit_event (id, visit_id, ticket_id, kind, at) VALUES (?, ?, ?, ?, ?)")
                    .bind(format!("e{i:05}{k}")).bind(&visit).bind(&id).bind(kind).bind(at)
                    .execute(&mut *tx).await.unwrap();
            }
        }
        tx.commit().await.unwrap();
        let s = ws.login("maryam", "okno-demo").await.unwrap();
        let supervisor = ws.actor(Some(&s.token)).unwrap();
        (Arc::new(ws), supervisor)
    });

    let mut g = c.benchmark_group("queue");
    g.sample_size(30);
    g.measurement_time(Duration::from_secs(6));
    for (name, on) in [
        ("review_day_2000_tickets", day),
        ("review_day_without_tickets", day.pred_opt().unwrap()),
    ] {
        let times = Mutex::new(Vec::new());
        g.bench_function(name, |b| {
            b.iter(|| {
                let t = Instant::now();
                let r = rt
                    .block_on(ws.day_review(&supervisor, ReviewRequest { from: on, to: on }))
                    .unwrap();
                times.lock().unwrap().push(t.elapsed());
                if on == day {
                    assert_eq!(r.queue.totals.tickets, TICKETS);
                }
            })
        });
        report(&format!("queue {name}"), &times);
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
