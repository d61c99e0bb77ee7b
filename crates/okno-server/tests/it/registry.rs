//! The civil registry end to end, with the real server binary, a real PostgreSQL and real
//! workstation cores: the snapshot survives connections cut and stalled at random points and
//! the workstation's own writes abandoned mid-page, changes made on the server during the
//! download arrive too, and the replica then equals the server's registry; imports are all or
//! nothing; every opened person's audit entry reaches the server, where it cannot be changed.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use crate::common::*;
use okno_core::registry::import::{self, Format};
use okno_core::Workstation;
use okno_demo::{generate, RegistrySpec};
use okno_wire::{
    OpenPersonRequest, RegistryPerson, RegistryRecord, RegistrySearch, RegistryState, KIND_PERSON,
    KIND_RECORD,
};
use rand::Rng;
use sqlx::PgPool;
use uuid::Uuid;

fn today() -> chrono::NaiveDate {
    chrono::Utc::now().date_naive()
}

async fn server_registry(
    pool: &PgPool,
    office: Uuid,
) -> (
    BTreeMap<Uuid, RegistryPerson>,
    BTreeMap<Uuid, RegistryRecord>,
) {
    let rows: Vec<(String, serde_json::Value)> = sqlx::query_as(
        "SELECT kind, body FROM entity WHERE office_id = $1 AND stream = 'registry'",
    )
    .bind(office)
    .fetch_all(pool)
    .await
    .unwrap();
    let (mut persons, mut records) = (BTreeMap::new(), BTreeMap::new());
    for (kind, body) in rows {
        if kind == KIND_PERSON {
            let p: RegistryPerson = serde_json::from_value(body).unwrap();
            persons.insert(p.id, p);
        } else {
            assert_eq!(kind, KIND_RECORD);
            let r: RegistryRecord = serde_json::from_value(body).unwrap();
            records.insert(r.id, r);
        }
    }
    (persons, records)
}

async fn assert_replica_equals_server(ws: &Workstation, pool: &PgPool, office: Uuid) {
    let (persons, records) = server_registry(pool, office).await;
    let (mine_p, mine_r) = ws.registry_export().await.unwrap();
    let mine_p: BTreeMap<Uuid, RegistryPerson> = mine_p.into_iter().map(|p| (p.id, p)).collect();
    let mine_r: BTreeMap<Uuid, RegistryRecord> = mine_r.into_iter().map(|r| (r.id, r)).collect();
    assert_eq!(mine_p.len(), persons.len(), "persons");
    assert_eq!(mine_r.len(), records.len(), "records");
    for (id, p) in &persons {
        assert_eq!(mine_p.get(id), Some(p), "person {id}");
    }
    for (id, r) in &records {
        assert_eq!(mine_r.get(id), Some(r), "record {id}");
    }
    let (_, staged) = ws.registry_index_count().await.unwrap();
    assert_eq!(staged, 0, "every staged key is in the index");
}

/// Enrols a fresh desk through `url` and abandons the enrolment's first exchange part-way
/// (as when the program is closed during its first download): returns the first desk that is
/// enrolled but whose registry has not all come down yet.
async fn enrol_cut_short(pool: &PgPool, office: Uuid, url: &str) -> Desk {
    for _ in 0..50 {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("okno.db");
        let clock = Arc::new(okno_core::ManualClock::new(chrono::Utc::now()));
        let ws = Arc::new(
            Workstation::open_with_clock(&path, clock.clone())
                .await
                .unwrap(),
        );
        let creds = Arc::new(okno_core::creds::MemoryCredentials::default());
        ws.set_credentials(creds.clone());
        let code = okno_server::admin::enrolment_code(pool, office, 1)
            .await
            .unwrap();
        let cut_after = Duration::from_millis(rand::thread_rng().gen_range(100..1500));
        let _ = tokio::time::timeout(
            cut_after,
            ws.enrol(okno_wire::EnrolRequest {
                server_url: url.into(),
                code,
                device_name: "Registry desk".into(),
            }),
        )
        .await;
        if ws.enrolment().await.unwrap().is_none() {
            continue;
        }
        if ws.registry_status_any().await.unwrap().state != RegistryState::Ready {
            return Desk {
                ws,
                creds,
                clock,
                dir,
                path,
            };
        }
    }
    panic!("could not enrol through the proxy");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn snapshot_survives_cuts_and_follows_changes_made_meanwhile() {
    let (db, pool) = fresh_db().await;
    let office = okno_demo::create_demo_office(&pool).await.unwrap();
    let reg = generate(&RegistrySpec::new(12_000, 7, today()));
    let mut tx = pool.begin().await.unwrap();
    okno_server::registry::write(&mut tx, office, &reg.persons, &reg.records)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let rows = (reg.persons.len() + reg.records.len()) as i64;
    assert!(rows > 20_000, "several snapshot pages: {rows}");

    let server = Server::start(&db, free_port());
    let listen = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let proxy_url = format!("http://{}", listen.local_addr().unwrap());
    let chaos = Arc::new(AtomicBool::new(true));
    tokio::spawn(chaos_proxy(
        listen,
        format!("127.0.0.1:{}", server.port),
        chaos.clone(),
    ));
    let desk = enrol_cut_short(&pool, office, &proxy_url).await;

    // Meanwhile on the server: persons renamed (a correction), new persons and records.
    let renamed: Vec<RegistryPerson> = reg
        .persons
        .iter()
        .step_by(997)
        .map(|p| RegistryPerson {
            family_name: format!("Zzyzx{}", p.family_name),
            ..p.clone()
        })
        .collect();
    let mut extra = generate(&RegistrySpec::new(300, 99, today()));
    for r in &mut extra.records {
        // Numbers of their own (a second generated registry counts from 1 again).
        r.number = format!("{}-2", r.number);
    }
    let changes = {
        let pool = pool.clone();
        let renamed = renamed.clone();
        tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(300)).await;
            let mut tx = pool.begin().await.unwrap();
            okno_server::registry::write(&mut tx, office, &renamed, &[])
                .await
                .unwrap();
            tx.commit().await.unwrap();
            tokio::time::sleep(Duration::from_millis(300)).await;
            let mut tx = pool.begin().await.unwrap();
            okno_server::registry::write(&mut tx, office, &extra.persons, &extra.records)
                .await
                .unwrap();
            tx.commit().await.unwrap();
        })
    };

    // Sync through cuts and stalls; now and then the desk itself abandons an exchange
    // mid-way (its page's transaction rolls back, as when the program is killed).
    let mut abandoned = 0;
    let mut seen_downloading = false;
    // Cuts at random points; each exchange that finishes in time shortens the longest cut, so
    // a fast machine still sees exchanges abandoned mid-way.
    let mut longest_cut = 600u64;
    for round in 0..400 {
        let status = desk.ws.registry_status_any().await.unwrap();
        if status.state == RegistryState::Downloading {
            seen_downloading = true;
            assert!(status.done <= status.total, "{status:?}");
        }
        if status.state == RegistryState::Ready
            && changes.is_finished()
            && round > 5
            && abandoned > 0
        {
            break;
        }
        let cut_after = rand::thread_rng().gen_range(1..=longest_cut);
        let exchange = desk.ws.sync_once();
        if tokio::time::timeout(Duration::from_millis(cut_after), exchange)
            .await
            .is_err()
        {
            abandoned += 1;
        } else {
            longest_cut = (longest_cut * 2 / 3).max(5);
        }
    }
    changes.await.unwrap();
    assert!(abandoned > 0, "some exchanges were abandoned mid-way");
    assert!(
        seen_downloading,
        "the snapshot was resumed across exchanges"
    );
    chaos.store(false, Ordering::Relaxed);
    settle_retrying(&desk.ws).await;
    let status = desk.ws.registry_status_any().await.unwrap();
    assert_eq!(status.state, RegistryState::Ready);
    assert_replica_equals_server(&desk.ws, &pool, office).await;

    // The index follows the corrections: the new name finds the person, the old one not.
    let actor = login(&desk.ws, "clerk").await;
    let p = &renamed[0];
    let by_new = desk
        .ws
        .search_registry(
            &actor,
            RegistrySearch {
                text: format!("{} {}", p.family_name, p.given_names),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert!(by_new.hits.iter().any(|h| h.id == p.id), "{by_new:?}");
    let old = &reg.persons[0];
    assert_eq!(old.id, p.id);
    let by_old = desk
        .ws
        .search_registry(
            &actor,
            RegistrySearch {
                text: format!("{} {}", old.family_name, old.given_names),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert!(by_old.hits.iter().all(|h| h.id != p.id), "old name is gone");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn imports_are_all_or_nothing_and_every_bad_line_is_named() {
    let (db, pool) = fresh_db().await;
    let office = okno_demo::create_demo_office(&pool).await.unwrap();
    let reg = generate(&RegistrySpec::new(200, 3, today()));
    let mut good = String::new();
    for p in &reg.persons {
        good.push_str(&import::person_line(p));
        good.push('\n');
    }
    for r in &reg.records {
        good.push_str(&import::record_line(r));
        good.push('\n');
    }
    // One bad line at the end: nothing of the file is written.
    let stranger = okno_core::ids::new_id();
    let bad = format!(
        "{good}{}\n",
        serde_json::json!({"type": "record", "id": okno_core::ids::new_id(), "kind": "death",
            "number": "D-2020-99999", "book": "D-2020", "volume": "I", "page": 3,
            "date": "2020-01-02", "place": "Komárno", "person_id": stranger})
    );
    let lines = bad.lines().count();
    let set = import::parse(&bad, Format::JsonLines, today());
    let errors = okno_server::registry::import(&pool, office, set)
        .await
        .unwrap()
        .unwrap_err();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].line, lines);
    assert!(
        errors[0].reason.contains("person_id"),
        "{}",
        errors[0].reason
    );
    assert!(server_registry(&pool, office).await.0.is_empty());

    // The good file goes in whole.
    let set = import::parse(&good, Format::JsonLines, today());
    let done = okno_server::registry::import(&pool, office, set)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(done.persons, reg.persons.len());
    let (persons, records) = server_registry(&pool, office).await;
    assert_eq!(
        (persons.len(), records.len()),
        (reg.persons.len(), reg.records.len())
    );

    // A later file may refer to stored persons; a number held by another record is refused.
    let child = okno_core::ids::new_id();
    let mother = reg
        .persons
        .iter()
        .find(|p| p.sex == okno_wire::Sex::Female)
        .unwrap();
    let taken = &reg.records[0].number;
    let later = format!(
        "{}\n{}\n",
        serde_json::json!({"type": "person", "id": child, "given_names": "Dóra",
            "family_name": "Szabó", "sex": "F", "birth_date": "2024-02-29",
            "birth_place": "Komárno", "mother_id": mother.id}),
        serde_json::json!({"type": "record", "id": okno_core::ids::new_id(), "kind": "birth",
            "number": taken, "book": "B-2024", "volume": "I", "page": 1,
            "date": "2024-02-29", "place": "Komárno", "person_id": child})
    );
    let set = import::parse(&later, Format::JsonLines, today());
    let errors = okno_server::registry::import(&pool, office, set)
        .await
        .unwrap()
        .unwrap_err();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].line, 2);
    assert!(
        errors[0].reason.contains("another stored record"),
        "{}",
        errors[0].reason
    );
    assert_eq!(
        server_registry(&pool, office).await.0.len(),
        reg.persons.len()
    );

    // The command line reports every rejected line and exits with 2.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bad.jsonl");
    std::fs::write(&file, "not json\n{\"type\":\"person\"}\n").unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_okno-server"))
        .args(["registry-import", "--office", &office.to_string()])
        .arg(&file)
        .env("DATABASE_URL", &db)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bad.jsonl:line 1:"), "{err}");
    assert!(err.contains("bad.jsonl:line 2:"), "{err}");
    assert!(err.contains("nothing was imported"), "{err}");
}

/// The demo office with a generated registry of `persons` on a running server, and a desk
/// enrolled to it with everything down.
async fn desk_with_registry(persons: usize) -> (PgPool, Uuid, okno_demo::Registry, Server, Desk) {
    let (db, pool) = fresh_db().await;
    let office = okno_demo::create_demo_office(&pool).await.unwrap();
    let reg = generate(&RegistrySpec::new(persons, 5, today()));
    let mut tx = pool.begin().await.unwrap();
    okno_server::registry::write(&mut tx, office, &reg.persons, &reg.records)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let server = Server::start(&db, free_port());
    let desk = enrolled_desk(&pool, office, &server.url(), "Desk A").await;
    settle(&desk.ws).await;
    (pool, office, reg, server, desk)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_opened_person_leaves_an_audit_entry_on_the_server() {
    let (pool, office, reg, _server, desk) = desk_with_registry(500).await;
    let actor = login(&desk.ws, "clerk").await;
    let person = &reg.persons[42];
    let card = desk
        .ws
        .open_person(
            &actor,
            OpenPersonRequest {
                person_id: person.id,
                case_number: None,
                purpose: Some("Identity check before certifying a signature".into()),
            },
        )
        .await
        .unwrap();
    assert_eq!(card.person.id, person.id);
    settle(&desk.ws).await;
    let body: serde_json::Value = sqlx::query_scalar(
        "SELECT body FROM entity WHERE office_id = $1 AND kind = 'registry_audit' AND id = $2",
    )
    .bind(office)
    .bind(card.audit_id.to_string())
    .fetch_one(&pool)
    .await
    .expect("the audit entry is on the server");
    assert_eq!(body["person_id"], person.id.to_string());
    assert_eq!(body["staff_id"], actor.staff_id.to_string());
    assert_eq!(
        body["purpose"],
        "Identity check before certifying a signature"
    );
    // Nobody edits or deletes it there either.
    let edit = sqlx::query(
        "UPDATE entity SET body = jsonb_set(body, '{purpose}', '\"nothing\"')
          WHERE kind = 'registry_audit' AND id = $1",
    )
    .bind(card.audit_id.to_string())
    .execute(&pool)
    .await;
    assert!(edit.is_err(), "the audit is append-only on the server");
    let delete = sqlx::query("DELETE FROM entity WHERE kind = 'registry_audit' AND id = $1")
        .bind(card.audit_id.to_string())
        .execute(&pool)
        .await;
    assert!(delete.is_err());
    assert_converged(&pool, office, &[&desk]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_extract_made_on_a_desk_reaches_the_server_ledger_and_audit() {
    let (pool, office, reg, _server, desk) = desk_with_registry(200).await;
    let gabor = login(&desk.ws, "gabor").await;
    let service = desk
        .ws
        .catalogue(&gabor)
        .await
        .unwrap()
        .services
        .into_iter()
        .find(|s| s.code == "CERT-COPY")
        .expect("the demo catalogue has CERT-COPY")
        .id;
    let record = reg
        .records
        .iter()
        .find(|r| r.kind == okno_wire::RecordKind::Birth)
        .expect("a birth record");
    let e = desk
        .ws
        .certify_extract(
            &gabor,
            okno_wire::ExtractRequest {
                record_id: record.id,
                party_name: "Ágnes Szőke".into(),
                case_number: None,
                purpose: Some("Extract for a passport application".into()),
                copies: 1,
                service_id: service,
            },
        )
        .await
        .unwrap();
    settle(&desk.ws).await;
    assert!(
        !desk
            .ws
            .get_ledger_entry(&gabor, e.id)
            .await
            .unwrap()
            .pending_sync,
        "the server accepted the extract"
    );
    let body: serde_json::Value = sqlx::query_scalar(
        "SELECT body FROM entity WHERE office_id = $1 AND kind = 'certification' AND id = $2",
    )
    .bind(office)
    .bind(e.id.to_string())
    .fetch_one(&pool)
    .await
    .expect("the extract is in the server's ledger");
    assert_eq!(body["kind"], "extract");
    assert_eq!(body["number"], e.number);
    let report = okno_server::certification::check_ledger(&pool, office)
        .await
        .unwrap();
    assert!(report.ok, "{report:?}");
    let audit: Vec<serde_json::Value> = sqlx::query_scalar(
        "SELECT body FROM entity WHERE office_id = $1 AND kind = 'registry_audit'",
    )
    .bind(office)
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(audit.len(), 1);
    assert_eq!(audit[0]["action"], "extract");
    assert_eq!(audit[0]["record_number"], record.number);
    assert_converged(&pool, office, &[&desk]).await;
}
