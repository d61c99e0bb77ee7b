//! The registry bootstrap figure of docs/benchmarks.md: a fresh workstation enrolled to an
//! office with a million-person civil registry, over loopback to the real server binary and a
//! real PostgreSQL, until its replica is complete and searchable (target ≤ 60 s, memory
//! bounded). Also states how long the server's own import of the generated registry takes.
//!
//! Memory: the workstation runs in this process, the server in its own; both resident set
//! sizes are sampled every 50 ms during the bootstrap (this process's peak is reset after the
//! generated registry is dropped, so it is the workstation's own).
//!
//! Run: `scripts/with-postgres cargo bench -p okno-server --bench registry`

#[path = "../tests/it/common/mod.rs"]
mod common;

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::*;
use okno_demo::{generate, RegistrySpec};
use okno_wire::{RegistrySearch, RegistryState};

const PERSONS: usize = 1_000_000;

fn status_kb(pid: &str, field: &str) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap_or_default()
        .lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

/// CPU seconds a process has used (user + system).
fn cpu_s(pid: &str) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map(|(_, rest)| rest.split_whitespace().collect())
        .unwrap_or_default();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    (ticks(11) + ticks(12)) / 100.0
}

/// CPU seconds the whole machine has used (every core, not idle).
fn machine_cpu_s() -> f64 {
    let stat = std::fs::read_to_string("/proc/stat").unwrap_or_default();
    let v: Vec<f64> = stat
        .lines()
        .next()
        .unwrap_or_default()
        .split_whitespace()
        .skip(1)
        .filter_map(|x| x.parse().ok())
        .collect();
    let idle = v.get(3).copied().unwrap_or(0.0) + v.get(4).copied().unwrap_or(0.0);
    (v.iter().sum::<f64>() - idle) / 100.0
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
    let (persons, records) = {
        let reg = generate(&RegistrySpec::new(
            PERSONS,
            1,
            chrono::Utc::now().date_naive(),
        ));
        let started = Instant::now();
        let mut tx = pool.begin().await.unwrap();
        okno_server::registry::write(&mut tx, office, &reg.persons, &reg.records)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        println!(
            "server: wrote {} persons and {} records in {:.1} s",
            reg.persons.len(),
            reg.records.len(),
            started.elapsed().as_secs_f64()
        );
        (reg.persons.len(), reg.records.len())
    };
    sqlx::query("VACUUM ANALYZE entity")
        .execute(&pool)
        .await
        .unwrap();
    let server = Server::start(&db, free_port());
    let server_pid = server.child.as_ref().unwrap().id().to_string();

    // Peak memory from here on.
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    let before = status_kb("self", "VmRSS:");
    let stop = Arc::new(AtomicBool::new(false));
    let before_anon = status_kb("self", "RssAnon:");
    let (desk_peak, server_peak) = (Arc::new(AtomicU64::new(0)), Arc::new(AtomicU64::new(0)));
    let anon_peak = Arc::new(AtomicU64::new(0));
    let sampler = {
        let (stop, desk_peak, server_peak) = (stop.clone(), desk_peak.clone(), server_peak.clone());
        let anon_peak = anon_peak.clone();
        let server_pid = server_pid.clone();
        tokio::spawn(async move {
            while !stop.load(Ordering::Relaxed) {
                desk_peak.fetch_max(status_kb("self", "VmRSS:"), Ordering::Relaxed);
                anon_peak.fetch_max(status_kb("self", "RssAnon:"), Ordering::Relaxed);
                server_peak.fetch_max(status_kb(&server_pid, "VmRSS:"), Ordering::Relaxed);
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        })
    };

    let cpu_before = (cpu_s("self"), cpu_s(&server_pid), machine_cpu_s());
    let started = Instant::now();
    let desk = enrolled_desk(&pool, office, &server.url(), "New desk").await;
    let mut exchanges = 1;
    loop {
        let s = desk.ws.registry_status_any().await.unwrap();
        if s.state == RegistryState::Ready {
            break;
        }
        desk.ws.sync_once().await.unwrap();
        exchanges += 1;
    }
    let took = started.elapsed().as_secs_f64();
    let (desk_cpu, server_cpu, all_cpu) = (
        cpu_s("self") - cpu_before.0,
        cpu_s(&server_pid) - cpu_before.1,
        machine_cpu_s() - cpu_before.2,
    );
    stop.store(true, Ordering::Relaxed);
    sampler.await.unwrap();
    let status = desk.ws.registry_status_any().await.unwrap();
    assert_eq!(status.persons as usize, persons);
    assert_eq!(status.records as usize, records);
    let rows = (persons + records) as f64;
    println!(
        "bootstrap: {persons} persons and {records} records in {took:.1} s over {exchanges} exchanges ({:.0} rows/s)",
        rows / took
    );
    println!(
        "memory: workstation process, anonymous (heap, not the database file mapped): {} MB before, peak {} MB",
        before_anon / 1024,
        anon_peak.load(Ordering::Relaxed) / 1024
    );
    println!(
        "cpu: workstation {desk_cpu:.1} s, server {server_cpu:.1} s, the rest (PostgreSQL) {:.1} s, of {:.0} s on two cores",
        all_cpu - desk_cpu - server_cpu,
        took * 2.0
    );
    println!(
        "memory: workstation process {} MB before, peak {} MB (VmHWM {} MB); server peak {} MB",
        before / 1024,
        desk_peak.load(Ordering::Relaxed) / 1024,
        status_kb("self", "VmHWM:") / 1024,
        server_peak.load(Ordering::Relaxed) / 1024
    );
    let size: u64 = ["", "-wal"]
        .iter()
        .map(|s| {
            std::fs::metadata(format!("{}{s}", desk.path.display()))
                .map(|m| m.len())
                .unwrap_or(0)
        })
        .sum();
    println!("working copy: {:.0} MB", size as f64 / 1e6);
    let clerk = login(&desk.ws, "clerk").await;
    let t = Instant::now();
    let hits = desk
        .ws
        .search_registry(
            &clerk,
            RegistrySearch {
                text: "Kov".into(),
                parent: None,
                limit: Some(50),
            },
        )
        .await
        .unwrap();
    println!(
        "first search on the new copy: {} hits of {} in {:.1} ms",
        hits.hits.len(),
        hits.total,
        t.elapsed().as_secs_f64() * 1e3
    );
}
