//! Case intake and case lists on a working copy that already holds 100,000 cases.
//!
//! Figures the intake issue must reach: registering a case (number + outbox entry included)
//! p95 ≤ 5 ms; listing and filtering open cases p95 ≤ 20 ms. Criterion reports means; each
//! benchmark also records every single operation's time and prints p50/p95/p99, which is what
//! docs/benchmarks.md quotes.
//!
//! `cargo bench -p okno-core --bench cases`

use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion};
use okno_core::auth::Actor;
use okno_core::Workstation;
use okno_wire::*;

const EXISTING_CASES: i64 = 100_000;

/// A citizen's name for case `i`: thousands of distinct names like a real register, except
/// that every tenth case shares the surname "Ďurica" (a worst case for search).
fn citizen_name(i: i64) -> String {
    const FIRST: [&str; 24] = [
        "Jana",
        "Peter",
        "Mária",
        "Ján",
        "Zuzana",
        "Lukáš",
        "Éva",
        "Gábor",
        "Réka",
        "Zoltán",
        "Åsa",
        "Erik",
        "Ingrid",
        "Björn",
        "Maryam",
        "Reza",
        "Zahra",
        "Ali",
        "Ľubica",
        "Štefan",
        "Anna",
        "Tomáš",
        "Katarína",
        "Örjan",
    ];
    const SYLLABLES: [&str; 20] = [
        "ko", "vá", "no", "lin", "dé", "ri", "sza", "bó", "hor", "ták", "mi", "ra", "sto", "ber",
        "gu", "ľa", "šek", "ne", "ma", "zi",
    ];
    let mut x = (i as u64)
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    let mut next = |n: usize| {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((x >> 33) % n as u64) as usize
    };
    let first = FIRST[next(FIRST.len())];
    if i % 10 == 7 {
        return format!("{first} Ďurica");
    }
    let parts = 2 + next(2);
    let mut surname: String = (0..parts)
        .map(|_| SYLLABLES[next(SYLLABLES.len())])
        .collect();
    let mut chars = surname.chars();
    surname = chars
        .next()
        .map(|c| c.to_uppercase().collect::<String>() + chars.as_str())
        .unwrap_or_default();
    surname.push_str(["ová", "", "i", "son"][next(4)]);
    format!("{first} {surname}")
}

/// Fills the working copy with `EXISTING_CASES` cases (with party, number use, event and outbox
/// row each, like real intakes leave them) in one transaction, straight through SQL: going
/// through `register_case` would only make the setup slow.
async fn fill(path: &Path, ws: &Workstation, clerk: &Actor) {
    let cat = ws.catalogue(clerk).await.unwrap();
    let pool =
        sqlx::SqlitePool::connect_with(sqlx::sqlite::SqliteConnectOptions::new().filename(path))
            .await
            .unwrap();
    let mut tx = pool.begin().await.unwrap();
    let clerk_id = clerk.staff_id.to_string();
    // One case every five minutes, the newest a few minutes ago: a busy office's year.
    let start_ms = chrono::Utc::now().timestamp_millis() - EXISTING_CASES * 300_000;
    let statuses = [
        "received",
        "in_progress",
        "waiting_for_citizen",
        "forwarded_to_agency",
        "resolved",
        "closed",
        "rejected",
    ];
    for i in 0..EXISTING_CASES {
        let id = uuid::Uuid::now_v7().to_string();
        let party = uuid::Uuid::now_v7().to_string();
        let service = &cat.services[(i as usize) % cat.services.len()];
        // Like a real register: cases of the last six weeks in every state, older ones mostly
        // settled, with one in 25 still stuck open.
        let age_days = (EXISTING_CASES - i) * 300_000 / 86_400_000;
        let status = if age_days > 42 && i % 25 != 0 {
            statuses[4 + (i as usize % 3)]
        } else {
            statuses[(i as usize * 7 + 3) % statuses.len()]
        };
        let open = matches!(
            status,
            "received" | "in_progress" | "waiting_for_citizen" | "forwarded_to_agency"
        ) as i64;
        let at = start_ms + i * 300_000;
        let due = chrono::DateTime::from_timestamp_millis(at + 15 * 86_400_000)
            .unwrap()
            .format("%Y-%m-%d")
            .to_string();
        let name = citizen_name(i);
        let number = format!("B-{}/{:06}", 1900 + i / 100_000, i % 100_000 + 1);
        sqlx::query("INSERT INTO party (id, name, created_at) VALUES (?, ?, ?)")
            .bind(&party)
            .bind(&name)
            .bind(at)
            .execute(&mut *tx)
            .await
            .unwrap();
        sqlx::query(
            "INSERT INTO case_file (id, number, party_id, party_name, service_id, channel, subject, description, priority,
             private_conversation, status, is_open, assignee_id, documents_presented, required_documents, fee_minor, currency,
             received_at, due_date, created_by, updated_at)
             VALUES (?, ?, ?, ?, ?, 'walk_in', ?, '', 'normal', 0, ?, ?, ?, '[]', '[]', 0, 'EUR', ?, ?, ?, ?)",
        )
        .bind(&id).bind(&number).bind(&party).bind(&name).bind(service.id.to_string()).bind(format!("Matter number {i}"))
        .bind(status).bind(open).bind(&clerk_id).bind(at).bind(&due).bind(&clerk_id).bind(at)
        .execute(&mut *tx).await.unwrap();
        sqlx::query("INSERT INTO case_event (id, case_id, kind, to_status, actor_id, at) VALUES (?, ?, 'registered', 'received', ?, ?)")
            .bind(uuid::Uuid::now_v7().to_string()).bind(&id).bind(&clerk_id).bind(at).execute(&mut *tx).await.unwrap();
        sqlx::query("INSERT INTO number_use (series, year, number, owner_kind, owner_id, used_at) VALUES ('bench', ?, ?, 'case', ?, ?)")
            .bind(1900 + i / 100_000).bind(i % 100_000 + 1).bind(&id).bind(at).execute(&mut *tx).await.unwrap();
        sqlx::query("INSERT INTO outbox (command_id, name, version, payload, created_at) VALUES (?, 'case.register', 1, '{}', ?)")
            .bind(uuid::Uuid::now_v7().to_string()).bind(at).execute(&mut *tx).await.unwrap();
    }
    tx.commit().await.unwrap();
    sqlx::query("ANALYZE").execute(&pool).await.unwrap();
    pool.close().await;
}

fn percentiles(name: &str, samples: &Mutex<Vec<Duration>>) {
    let mut s = samples.lock().unwrap().clone();
    if s.is_empty() {
        return;
    }
    s.sort_unstable();
    let at = |p: f64| s[((s.len() as f64 * p).ceil() as usize).clamp(1, s.len()) - 1];
    println!(
        "{name}: n={} p50={:.3} ms p95={:.3} ms p99={:.3} ms",
        s.len(),
        at(0.50).as_secs_f64() * 1e3,
        at(0.95).as_secs_f64() * 1e3,
        at(0.99).as_secs_f64() * 1e3
    );
}

fn timed<'a, F, Fut>(
    rt: &'a tokio::runtime::Runtime,
    samples: Arc<Mutex<Vec<Duration>>>,
    f: F,
) -> impl FnMut(u64) -> Duration + 'a
where
    F: Fn() -> Fut + 'a,
    Fut: std::future::Future<Output = ()>,
{
    move |iters| {
        let mut total = Duration::ZERO;
        for _ in 0..iters {
            let t = Instant::now();
            rt.block_on(f());
            let d = t.elapsed();
            samples.lock().unwrap().push(d);
            total += d;
        }
        total
    }
}

fn bench(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bench.db");
    let (ws, clerk, service) = rt.block_on(async {
        let ws = Workstation::open(&path).await.unwrap();
        okno_core::demo::load_demo(&ws).await.unwrap();
        let s = ws
            .login("eva", okno_core::demo::DEMO_PASSWORD)
            .await
            .unwrap();
        let clerk = ws.actor(Some(&s.token)).unwrap();
        let t = Instant::now();
        fill(&path, &ws, &clerk).await;
        eprintln!(
            "filled {EXISTING_CASES} cases in {:.1} s",
            t.elapsed().as_secs_f64()
        );
        let service = ws.catalogue(&clerk).await.unwrap().services[0].clone();
        (ws, clerk, service)
    });
    let ws = Arc::new(ws);

    let intake = IntakeRequest {
        party: PartyInput {
            name: "Jana Čičová".into(),
            birth_date: Some("1984-03-12".into()),
            phone: None,
            email: None,
            address: None,
        },
        service_id: service.id.to_string(),
        channel: Channel::WalkIn,
        subject: "Residence registration".into(),
        description: "Moved from Žilina.".into(),
        priority: Priority::Normal,
        private_conversation: false,
        documents_presented: vec![0],
    };
    let register = Arc::new(Mutex::new(Vec::new()));
    c.bench_function("register_case (100k cases)", |b| {
        let (ws, clerk, intake) = (ws.clone(), clerk.clone(), intake.clone());
        b.iter_custom(timed(&rt, register.clone(), move || {
            let (ws, clerk, intake) = (ws.clone(), clerk.clone(), intake.clone());
            async move {
                ws.register_case(&clerk, intake).await.unwrap();
            }
        }))
    });

    let filters: Vec<(&str, CaseFilter)> = vec![
        (
            "list open cases, first page",
            CaseFilter {
                scope: CaseScope::Open,
                status: None,
                service_id: None,
                assignee_id: None,
                overdue_only: false,
                text: None,
                limit: 50,
                offset: 0,
            },
        ),
        (
            "list open cases by status",
            CaseFilter {
                scope: CaseScope::Open,
                status: Some(CaseStatus::WaitingForCitizen),
                service_id: None,
                assignee_id: None,
                overdue_only: false,
                text: None,
                limit: 50,
                offset: 0,
            },
        ),
        (
            "list open overdue cases",
            CaseFilter {
                scope: CaseScope::Open,
                status: None,
                service_id: None,
                assignee_id: None,
                overdue_only: true,
                text: None,
                limit: 50,
                offset: 0,
            },
        ),
        (
            "list open cases of a service",
            CaseFilter {
                scope: CaseScope::Open,
                status: None,
                service_id: Some(service.id),
                assignee_id: None,
                overdue_only: false,
                text: None,
                limit: 50,
                offset: 0,
            },
        ),
        (
            "search open cases by a surname on 10% of all cases",
            CaseFilter {
                scope: CaseScope::Open,
                status: None,
                service_id: None,
                assignee_id: None,
                overdue_only: false,
                text: Some("Ďurica".into()),
                limit: 50,
                offset: 0,
            },
        ),
        (
            "search all cases by a citizen's name",
            CaseFilter {
                scope: CaseScope::All,
                status: None,
                service_id: None,
                assignee_id: None,
                overdue_only: false,
                text: Some(citizen_name(99_988)),
                limit: 50,
                offset: 0,
            },
        ),
        (
            "list today's cases",
            CaseFilter {
                scope: CaseScope::Today,
                status: None,
                service_id: None,
                assignee_id: None,
                overdue_only: false,
                text: None,
                limit: 50,
                offset: 0,
            },
        ),
    ];
    let mut list_samples = Vec::new();
    for (name, filter) in filters {
        let samples = Arc::new(Mutex::new(Vec::new()));
        c.bench_function(name, |b| {
            let (ws, clerk, filter) = (ws.clone(), clerk.clone(), filter.clone());
            b.iter_custom(timed(&rt, samples.clone(), move || {
                let (ws, clerk, filter) = (ws.clone(), clerk.clone(), filter.clone());
                async move {
                    ws.list_cases(&clerk, filter).await.unwrap();
                }
            }))
        });
        list_samples.push((name, samples));
    }
    percentiles("register_case (100k cases)", &register);
    for (name, samples) in &list_samples {
        percentiles(name, samples);
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(50).measurement_time(Duration::from_secs(4)).warm_up_time(Duration::from_secs(1));
    targets = bench
}
criterion_main!(benches);
