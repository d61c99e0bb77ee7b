//! Search as you type over a million-person civil registry in the working copy.
//!
//! Figures the issue must reach: p95 ≤ 10 ms for a three-letter prefix, ≤ 20 ms for a full
//! name with a birth year; the local database's size is stated. The queries are drawn from
//! the registry itself (300 persons picked at random): the first three letters of a family or
//! given name as typed (with or without diacritics), and "family given year". Every search's
//! time is recorded; p50/p95 over all of them are printed, which docs/benchmarks.md quotes.
//!
//! The registry is generated once (seed 1) into `target/okno-bench/registry-1m.db` and reused
//! while its marker matches. `cargo bench -p okno-core --bench registry`

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::{Datelike, TimeZone, Utc};
use criterion::{criterion_group, criterion_main, Criterion};

mod common;
use common::{data_path, raw, report};
use okno_core::registry::generate::{generate, RegistrySpec};
use okno_core::{ManualClock, Workstation};
use okno_wire::{RegistryPerson, RegistrySearch};
use rand::{Rng, SeedableRng};

const MARKER: &str = "registry-1m-v3";
const PERSONS: usize = 1_000_000;

fn prefix(name: &str) -> String {
    name.split_whitespace()
        .next()
        .unwrap_or_default()
        .chars()
        .take(3)
        .collect()
}

fn bench(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 20, 9, 0, 0).unwrap();
    let path = data_path("registry-1m.db");
    let (ws, clerk, sample) = rt.block_on(async {
        let clock = Arc::new(ManualClock::new(now));
        let mut ws = Workstation::open_with_clock(&path, clock.clone())
            .await
            .unwrap();
        let marker: Option<String> =
            sqlx::query_scalar("SELECT value FROM setting WHERE key = 'bench.marker'")
                .fetch_optional(&mut raw(&path).await)
                .await
                .unwrap();
        let reg = generate(&RegistrySpec::new(PERSONS, 1, now.date_naive()));
        if marker.as_deref() != Some(MARKER) {
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
            okno_core::registry::load(&ws, &reg.persons, &reg.records)
                .await
                .unwrap();
            println!(
                "loaded {} persons and {} records in {:.1} s",
                reg.persons.len(),
                reg.records.len(),
                started.elapsed().as_secs_f64()
            );
            let mut conn = raw(&path).await;
            sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
                .execute(&mut conn)
                .await
                .unwrap();
            sqlx::query("INSERT INTO setting (key, value) VALUES ('bench.marker', ?)")
                .bind(MARKER)
                .execute(&mut conn)
                .await
                .unwrap();
        }
        let counts: (i64, i64, i64) = sqlx::query_as(
            "SELECT (SELECT COUNT(*) FROM reg_person), (SELECT COUNT(*) FROM reg_record),
                    (SELECT COUNT(*) FROM reg_key)",
        )
        .fetch_one(&mut raw(&path).await)
        .await
        .unwrap();
        let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        let pages: Vec<(String, i64)> = sqlx::query_as(
            "SELECT name, SUM(pgsize) FROM dbstat
              WHERE name LIKE 'reg%' OR name LIKE 'sqlite_autoindex_reg%'
              GROUP BY name ORDER BY 2 DESC",
        )
        .fetch_all(&mut raw(&path).await)
        .await
        .unwrap_or_default();
        println!(
            "working copy: {} persons, {} records, {} index keys, {:.0} MB",
            counts.0,
            counts.1,
            counts.2,
            size as f64 / 1e6
        );
        for (name, bytes) in pages {
            println!("  {name}: {:.0} MB", bytes as f64 / 1e6);
        }
        let mut rng = rand::rngs::StdRng::seed_from_u64(42);
        let sample: Vec<RegistryPerson> = (0..300)
            .map(|_| reg.persons[rng.gen_range(0..reg.persons.len())].clone())
            .collect();
        let s = ws.login("eva", "okno-demo").await.unwrap();
        let clerk = ws.actor(Some(&s.token)).unwrap();
        (Arc::new(ws), clerk, sample)
    });

    // Three letters as typed: family or given name, with their diacritics or without.
    let prefixes: Vec<String> = sample
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let name = if i % 2 == 0 {
                &p.family_name
            } else {
                &p.given_names
            };
            let typed = prefix(name);
            if i % 3 == 0 {
                okno_core::registry::fold(&typed)
            } else {
                typed
            }
        })
        .collect();
    let full: Vec<String> = sample
        .iter()
        .map(|p| {
            format!(
                "{} {} {}",
                p.family_name,
                p.given_names.split_whitespace().next().unwrap_or_default(),
                p.birth_date.map(|d| d.year()).unwrap_or(1970)
            )
        })
        .collect();

    let mut g = c.benchmark_group("registry_search");
    g.sample_size(20);
    g.measurement_time(Duration::from_secs(10));
    for (name, queries) in [
        ("prefix_3_letters", &prefixes),
        ("full_name_and_year", &full),
    ] {
        let times = Mutex::new(Vec::new());
        let mut next = 0usize;
        let mut found = 0usize;
        g.bench_function(name, |b| {
            b.iter(|| {
                let q = &queries[next % queries.len()];
                next += 1;
                let t = Instant::now();
                let r = rt
                    .block_on(ws.search_registry(
                        &clerk,
                        RegistrySearch {
                            text: q.clone(),
                            parent: None,
                            limit: Some(50),
                        },
                    ))
                    .unwrap();
                times.lock().unwrap().push(t.elapsed());
                found += usize::from(!r.hits.is_empty());
            })
        });
        report(&format!("registry {name}"), &times);
        println!("  {found} of {next} searches found someone");
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
