//! The protocol's edges: bad input to every endpoint gets a clear 4xx and writes nothing (and
//! leaves the rest of a batch alone), a property test throws mangled commands at push, and the
//! pull cursor never skips a row whose transaction commits late.

use std::time::Duration;

use crate::common::*;
use okno_wire::sync::{CommandStatus, PullResponse, PushRequest, PushResponse, ServerProblem};
use proptest::prelude::*;
use serde_json::json;
use uuid::Uuid;

async fn problem(r: reqwest::Response) -> (u16, String) {
    let status = r.status().as_u16();
    let p: ServerProblem = r.json().await.expect("a problem body");
    (status, p.code)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_input_to_every_endpoint_is_refused_clearly_and_writes_nothing() {
    let (db, pool) = fresh_db().await;
    let office = okno_demo::create_demo_office(&pool).await.unwrap();
    let other_office = okno_demo::create_demo_office(&pool).await.unwrap();
    let server = Server::start(&db, free_port());
    let url = server.url();
    let a = enrolled_desk(&pool, office, &url, "A").await;
    let clerk = login(&a.ws, "clerk").await;
    let token = a.token(&url).await;
    let raw = reqwest::Client::new();

    // No or a wrong protocol version.
    let r = raw
        .post(format!("{url}/v1/push"))
        .bearer_auth(&token)
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(problem(r).await, (400, "unsupported_protocol".into()));
    let r = raw
        .post(format!("{url}/v1/push"))
        .header("okno-protocol", "99")
        .bearer_auth(&token)
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(problem(r).await, (400, "unsupported_protocol".into()));

    // Malformed JSON, everywhere JSON is read.
    for path in [
        "/v1/push",
        "/v1/enrol",
        "/v1/device/token",
        "/v1/leases",
        "/v1/auth/login",
        "/v1/rejoin",
    ] {
        let r = http()
            .post(format!("{url}{path}"))
            .bearer_auth(&token)
            .header("content-type", "application/json")
            .body("{\"commands\": [")
            .send()
            .await
            .unwrap();
        let (status, code) = problem(r).await;
        assert_eq!(
            (status, code.as_str()),
            (400, "malformed_request"),
            "{path}"
        );
    }
    // No token, a forged token, an expired token.
    let empty = PushRequest {
        commands: vec![],
        outbox_pending: 0,
    };
    let r = http()
        .post(format!("{url}/v1/push"))
        .json(&empty)
        .send()
        .await
        .unwrap();
    assert_eq!(problem(r).await, (401, "unauthenticated".into()));
    let forged = format!("{}x", token);
    let r = http()
        .post(format!("{url}/v1/push"))
        .bearer_auth(&forged)
        .json(&empty)
        .send()
        .await
        .unwrap();
    assert_eq!(problem(r).await, (401, "invalid_token".into()));
    let expired = expired_token(&pool, &token).await;
    let r = http()
        .post(format!("{url}/v1/push"))
        .bearer_auth(&expired)
        .json(&empty)
        .send()
        .await
        .unwrap();
    assert_eq!(problem(r).await, (401, "token_expired".into()));

    // Oversize: a body beyond the limit, and too many commands.
    let big = vec![b'x'; okno_wire::sync::MAX_PUSH_BYTES + 1024];
    let r = http()
        .post(format!("{url}/v1/push"))
        .bearer_auth(&token)
        .header("content-type", "application/json")
        .body(big)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 413);
    let many = PushRequest {
        commands: vec![sample_cmd(1); okno_wire::sync::MAX_PUSH_COMMANDS + 1],
        outbox_pending: 0,
    };
    let r = http()
        .post(format!("{url}/v1/push"))
        .bearer_auth(&token)
        .json(&many)
        .send()
        .await
        .unwrap();
    assert_eq!(problem(r).await, (413, "too_large".into()));

    // A batch with an unknown command, a wrong version, a payload of another shape and a command
    // about another office's case between two good intakes: those four refused, the rest applied.
    let other_case = Uuid::now_v7().to_string();
    // A case of the other office (as its desks would have pushed it).
    sqlx::query("INSERT INTO entity (office_id, kind, id, stream, body) VALUES ($1, 'case_file', $2, 'office', $3)")
        .bind(other_office)
        .bind(&other_case)
        .bind(json!({ "id": other_case, "status": "received" }))
        .execute(&pool)
        .await
        .unwrap();
    intake(&a.ws, &clerk, "Ödön Ürge").await;
    intake(&a.ws, &clerk, "Ödön Ürge").await;
    let good = a.ws.outbox_entries(0, 10).await.unwrap();
    assert_eq!(good.len(), 2);
    let mut batch = vec![good[0].to_push()];
    let mut unknown = sample_cmd(2);
    unknown.name = "case.teleport".into();
    let mut old = sample_cmd(3);
    old.name = "case.add_note".into();
    old.version = 7;
    let mut foreign = sample_cmd(4);
    foreign.name = "case.change_status".into();
    foreign.payload = json!({ "case_id": other_case, "from": "received", "to": "in_progress", "rows": [{
        "kind": "case_event",
        "body": { "id": Uuid::now_v7().to_string(), "case_id": other_case, "kind": "status_changed",
                  "from_status": "received", "to_status": "in_progress", "note": null, "assignee_id": null,
                  "actor_id": clerk.staff_id.to_string(), "at": 0 } }] });
    let mut shape = sample_cmd(5);
    shape.name = "case.add_note".into();
    shape.version = 2;
    shape.payload = json!({ "case_id": other_case, "rows": [], "note": "an extra field" });
    let mut last = good[1].to_push();
    last.seq = 6;
    for c in [&mut unknown, &mut old, &mut foreign, &mut shape] {
        c.actor_id = Some(clerk.staff_id);
    }
    batch.extend([unknown, old, foreign, shape, last]);
    let r: PushResponse = http()
        .post(format!("{url}/v1/push"))
        .bearer_auth(&token)
        .json(&PushRequest {
            commands: batch,
            outbox_pending: 0,
        })
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let verdicts: Vec<(CommandStatus, Option<String>)> = r
        .results
        .iter()
        .map(|r| (r.status, r.code.clone()))
        .collect();
    assert_eq!(
        verdicts,
        vec![
            (CommandStatus::Applied, None),
            (CommandStatus::Rejected, Some("unknown_command".into())),
            (CommandStatus::Rejected, Some("unsupported_version".into())),
            (CommandStatus::Rejected, Some("unknown_case".into())),
            (CommandStatus::Rejected, Some("malformed".into())),
            (CommandStatus::Applied, None),
        ]
    );
    let cases: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM entity WHERE kind = 'case_file' AND office_id = $1",
    )
    .bind(office)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(cases, 2);
    let untouched: String =
        sqlx::query_scalar("SELECT body->>'status' FROM entity WHERE office_id = $1 AND id = $2")
            .bind(other_office)
            .bind(&other_case)
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(untouched, "received");
    let stray_events: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM entity WHERE kind = 'case_event' AND body->>'case_id' = $1",
    )
    .bind(&other_case)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(stray_events, 0, "a refused command wrote nothing");

    // Pull, leases and blobs refuse nonsense too.
    for (path, want) in [
        (
            "/v1/pull?stream=office&cursor=bogus",
            (400, "malformed_request"),
        ),
        ("/v1/pull?stream=elsewhere", (404, "not_found")),
        (
            &format!(
                "/v1/blobs/{}/state?size=99999999&media_type=application/pdf",
                "a".repeat(64)
            ),
            (413, "too_large"),
        ),
        (
            "/v1/blobs/NOTAHASH/state?size=1&media_type=application/pdf",
            (400, "malformed_request"),
        ),
    ] {
        let r = http()
            .get(format!("{url}{path}"))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap();
        let (s, c) = problem(r).await;
        assert_eq!((s, c.as_str()), want, "{path}");
    }
    for body in [
        json!({ "lease_id": Uuid::now_v7(), "series": "passport", "year": 2026, "count": 5 }),
        json!({ "lease_id": Uuid::now_v7(), "series": "case", "year": 2026, "count": 0 }),
    ] {
        let r = http()
            .post(format!("{url}/v1/leases"))
            .bearer_auth(&token)
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 400);
    }
    // A used enrolment code.
    let code = okno_server::admin::enrolment_code(&pool, office, 1)
        .await
        .unwrap();
    for expect in [200, 403] {
        let r = http()
            .post(format!("{url}/v1/enrol"))
            .json(&json!({ "code": code, "device_id": Uuid::now_v7(), "device_name": "X" }))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), expect);
    }
    // A re-join of a device the server does not know, or with a code of another office: the
    // refusal of a bad code, and the code stays unused.
    let device = a.ws.enrolment().await.unwrap().unwrap().device_id;
    let foreign = okno_server::admin::enrolment_code(&pool, other_office, 1)
        .await
        .unwrap();
    for (code, device_id) in [(foreign.clone(), Uuid::now_v7()), (foreign, device)] {
        let r = http()
            .post(format!("{url}/v1/rejoin"))
            .json(&json!({ "code": code, "device_id": device_id }))
            .send()
            .await
            .unwrap();
        assert_eq!(problem(r).await, (403, "enrolment_refused".into()));
    }
    let unused: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM enrolment_code WHERE office_id = $1 AND used_at IS NULL",
    )
    .bind(other_office)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(unused, 1);
}

fn sample_cmd(seq: i64) -> okno_wire::sync::PushCommand {
    okno_wire::sync::PushCommand {
        seq,
        command_id: Uuid::now_v7(),
        name: "case.add_note".into(),
        version: 2,
        actor_id: None,
        created_at: 0,
        hlc: "000000000000001.000000.x".into(),
        payload: json!({}),
    }
}

/// The same claims with an expiry in the past, signed with the server's key (read from its
/// database, as only a test may).
async fn expired_token(pool: &sqlx::PgPool, token: &str) -> String {
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use base64::Engine;
    use hmac::{Hmac, Mac};
    let (payload, _) = token.split_once('.').unwrap();
    let mut claims: serde_json::Value =
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).unwrap()).unwrap();
    claims["exp"] = json!(chrono::Utc::now().timestamp() - 60);
    let secret: Vec<u8> = sqlx::query_scalar("SELECT secret FROM signing_key WHERE id = $1")
        .bind(claims["kid"].as_i64().unwrap() as i32)
        .fetch_one(pool)
        .await
        .unwrap();
    let p = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&claims).unwrap());
    let mut m = Hmac::<sha2::Sha256>::new_from_slice(&secret).unwrap();
    m.update(p.as_bytes());
    format!("{p}.{}", URL_SAFE_NO_PAD.encode(m.finalize().into_bytes()))
}

fn mangled() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::from),
        any::<i64>().prop_map(serde_json::Value::from),
        "[a-z_]{0,12}".prop_map(serde_json::Value::from),
        Just(json!("received")),
        Just(json!("in_progress")),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(serde_json::Value::from),
            prop::collection::btree_map(
                "(case_id|from|to|rows|kind|body|number|fields|note|id|[a-z]{1,6})",
                inner,
                0..5
            )
            .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    })
}

#[test]
fn push_survives_mangled_commands() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let (db, pool, office) = rt.block_on(async {
        let (db, pool) = fresh_db().await;
        let office = okno_demo::create_demo_office(&pool).await.unwrap();
        (db, pool, office)
    });
    let server = Server::start(&db, free_port());
    let url = server.url();
    let (desk, token, actor) = rt.block_on(async {
        let d = enrolled_desk(&pool, office, &url, "fuzz").await;
        let t = d.token(&url).await;
        let a = login(&d.ws, "clerk").await.staff_id;
        (d, t, a)
    });
    let names = prop_oneof![
        Just("case.register".to_string()),
        Just("case.change_status".to_string()),
        Just("case.update".to_string()),
        Just("case.add_note".to_string()),
        Just("case.reassign".to_string()),
        Just("filing.register".to_string()),
        Just("attachment.add".to_string()),
        Just("numbers.void".to_string()),
        Just("staff.create".to_string()),
        Just("catalogue.save_service".to_string()),
        "[a-z.]{0,16}",
    ];
    let next_seq = std::cell::Cell::new(1i64);
    let mut runner = proptest::test_runner::TestRunner::new(proptest::test_runner::Config {
        cases: 96,
        ..Default::default()
    });
    runner
        .run(
            &(names, 0..4i64, mangled(), any::<bool>()),
            |(name, version, payload, with_actor)| {
                let cmd = okno_wire::sync::PushCommand {
                    seq: next_seq.get(),
                    command_id: Uuid::now_v7(),
                    name,
                    version,
                    actor_id: with_actor.then_some(actor),
                    created_at: 1,
                    hlc: "000000000000001.000000.fuzz".into(),
                    payload,
                };
                let before: i64 = rt
                    .block_on(sqlx::query_scalar("SELECT COUNT(*) FROM entity").fetch_one(&pool))
                    .unwrap();
                let r = rt.block_on(async {
                    http()
                        .post(format!("{url}/v1/push"))
                        .bearer_auth(&token)
                        .json(&PushRequest {
                            commands: vec![cmd],
                            outbox_pending: 0,
                        })
                        .send()
                        .await
                        .unwrap()
                });
                prop_assert!(
                    r.status().is_success() || r.status().is_client_error(),
                    "status {}",
                    r.status()
                );
                if r.status().is_success() {
                    let resp: PushResponse = rt.block_on(r.json()).unwrap();
                    prop_assert_eq!(resp.results.len(), 1);
                    next_seq.set(next_seq.get() + 1);
                    let after: i64 = rt
                        .block_on(
                            sqlx::query_scalar("SELECT COUNT(*) FROM entity").fetch_one(&pool),
                        )
                        .unwrap();
                    if resp.results[0].status == CommandStatus::Rejected {
                        prop_assert_eq!(before, after, "a refused command writes nothing");
                    }
                }
                Ok(())
            },
        )
        .unwrap();
    drop(desk);
}

/// Writers whose transactions commit in a different order than they started, and a reader that
/// pulls all the while: every row is seen, none twice.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_pull_cursor_never_skips_a_row_that_commits_late() {
    let (db, pool) = fresh_db().await;
    let office = okno_demo::create_demo_office(&pool).await.unwrap();
    let server = Server::start(&db, free_port());
    let url = server.url();
    let a = enrolled_desk(&pool, office, &url, "reader").await;
    let token = a.token(&url).await;
    // Start from the current end of the stream.
    let mut cursor = String::new();
    loop {
        let p: PullResponse = http()
            .get(format!(
                "{url}/v1/pull?stream=office&cursor={cursor}&limit=2000"
            ))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        cursor = p.cursor;
        if !p.more {
            break;
        }
    }
    let total = 400;
    let mut writers = Vec::new();
    for w in 0..8 {
        let pool = pool.clone();
        writers.push(tokio::spawn(async move {
            for i in 0..total / 8 {
                let mut tx = pool.begin().await.unwrap();
                let id = format!("w{w}-{i}");
                let body = json!({ "id": id, "name": id, "birth_date": null, "phone": null, "email": null, "address": null, "created_at": 0 });
                sqlx::query("INSERT INTO entity (office_id, kind, id, stream, body) VALUES ($1, 'party', $2, 'office', $3)")
                    .bind(office)
                    .bind(&id)
                    .bind(&body)
                    .execute(&mut *tx)
                    .await
                    .unwrap();
                // Hold the transaction open a random while: later transactions commit first.
                let ms = rand::random::<u64>() % 40;
                tokio::time::sleep(Duration::from_millis(ms)).await;
                tx.commit().await.unwrap();
            }
        }));
    }
    let mut seen = std::collections::BTreeMap::<String, u32>::new();
    let reader = async {
        loop {
            let p: PullResponse = http()
                .get(format!(
                    "{url}/v1/pull?stream=office&cursor={cursor}&limit=7&wait_ms=200"
                ))
                .bearer_auth(&token)
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            for c in &p.changes {
                if c.kind == "party" && c.id.starts_with('w') {
                    *seen.entry(c.id.clone()).or_default() += 1;
                }
            }
            cursor = p.cursor;
            if seen.len() == total {
                break;
            }
        }
    };
    tokio::time::timeout(Duration::from_secs(60), reader)
        .await
        .expect("every row arrives");
    for w in writers {
        w.await.unwrap();
    }
    assert_eq!(seen.len(), total);
    assert!(seen.values().all(|n| *n == 1), "no row twice");
}

/// What a push may have written: commands, rows, number uses, leases.
async fn written(pool: &sqlx::PgPool) -> (i64, i64, i64, i64) {
    sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM applied_command), (SELECT COUNT(*) FROM entity),
                (SELECT COUNT(*) FROM number_use), (SELECT COUNT(*) FROM number_lease)",
    )
    .fetch_one(pool)
    .await
    .unwrap()
}

/// Issue 18: a push of (device, seq) the server had applied, but with another command, was
/// answered `applied` and dropped. It is refused with its own reason, nothing is written (nor
/// anything after it in the batch), and the command goes through once renumbered.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_used_sequence_number_with_another_command_is_refused_and_writes_nothing() {
    let (db, pool) = fresh_db().await;
    let office = okno_demo::create_demo_office(&pool).await.unwrap();
    let server = Server::start(&db, free_port());
    let url = server.url();
    let a = enrolled_desk(&pool, office, &url, "A").await;
    let clerk = login(&a.ws, "clerk").await;
    let case = intake(&a.ws, &clerk, "First citizen").await.summary.id;
    intake(&a.ws, &clerk, "Second citizen").await;
    settle(&a.ws).await;
    let applied = a.ws.outbox_entries(0, 100).await.unwrap();
    let last = applied.last().unwrap().clone();
    // A note written after: a valid command that would apply under its own number.
    a.ws.add_case_note(
        &clerk,
        okno_wire::AddNoteRequest {
            case_id: case,
            note: "Under a borrowed number".into(),
        },
    )
    .await
    .unwrap();
    let note = a.ws.outbox_entries(last.seq, 10).await.unwrap()[0].to_push();
    let mut borrowed = note.clone();
    borrowed.seq = last.seq;
    let token = a.token(&url).await;
    let push = |commands: Vec<okno_wire::sync::PushCommand>| {
        let (url, token) = (url.clone(), token.clone());
        async move {
            let r = http()
                .post(format!("{url}/v1/push"))
                .bearer_auth(token)
                .json(&PushRequest {
                    commands,
                    outbox_pending: 0,
                })
                .send()
                .await
                .unwrap();
            assert!(r.status().is_success(), "{}", r.status());
            r.json::<PushResponse>().await.unwrap()
        }
    };
    let before = written(&pool).await;
    // Alone, and ahead of the command at the next number: refused, and the batch stops there.
    for batch in [vec![borrowed.clone()], vec![borrowed.clone(), note.clone()]] {
        let r = push(batch).await;
        assert_eq!(r.results.len(), 1, "{:?}", r.results);
        assert_eq!(r.results[0].seq, last.seq);
        assert_eq!(r.results[0].status, CommandStatus::Rejected);
        assert_eq!(
            r.results[0].code.as_deref(),
            Some(okno_wire::sync::SEQUENCE_REUSED)
        );
        assert_eq!(r.next_seq, last.seq + 1);
        assert_eq!(written(&pool).await, before, "nothing written");
    }
    // The command that owns the number still gets its own verdict again.
    let r = push(vec![last.to_push()]).await;
    assert_eq!(r.results[0].status, CommandStatus::Applied);
    assert_eq!(written(&pool).await, before);
    // The note itself goes through under its own number, once.
    settle(&a.ws).await;
    assert_converged(&pool, office, &[&a]).await;
    let notes: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM entity WHERE kind = 'case_event' AND body->>'note' = 'Under a borrowed number'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(notes, 1);
}

/// Issue 18: leases were granted for other years, and one device took 451 blocks in 3 s. Other
/// years are refused (the next one only from 20 December), a device's open numbers per series
/// are capped (also under concurrent requests), and an administrator can void a device's leases
/// with every number still accounted for.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn leases_for_other_years_or_beyond_the_quota_are_refused_and_can_be_voided() {
    let (db, pool) = fresh_db().await;
    let office = okno_demo::create_demo_office(&pool).await.unwrap();
    let server = Server::start_with(&db, free_port(), &["--lease-quota", "300"]);
    let url = server.url();
    let a = enrolled_desk(&pool, office, &url, "A").await;
    let device = a.ws.enrolment().await.unwrap().unwrap().device_id;
    let token = a.token(&url).await;
    let lease = |series: &'static str, year: i32, count: i64| {
        let (url, token) = (url.clone(), token.clone());
        async move {
            http()
                .post(format!("{url}/v1/leases"))
                .bearer_auth(token)
                .json(&json!({ "lease_id": Uuid::now_v7(), "series": series, "year": year, "count": count }))
                .send()
                .await
                .unwrap()
        }
    };
    let time_zone: String = sqlx::query_scalar(
        "SELECT body->>'time_zone' FROM entity WHERE office_id = $1 AND kind = 'office'",
    )
    .bind(office)
    .fetch_one(&pool)
    .await
    .unwrap();
    let today = chrono::Utc::now()
        .with_timezone(&time_zone.parse::<chrono_tz::Tz>().unwrap())
        .date_naive();
    let year = chrono::Datelike::year(&today);
    let december_end = chrono::Datelike::month(&today) == 12 && chrono::Datelike::day(&today) >= 20;

    // Other years: refused, nothing written.
    let before = written(&pool).await;
    for (y, allowed) in [
        (year - 1, false),
        (year + 2, false),
        (year + 1, december_end),
    ] {
        let r = lease("case", y, 10).await;
        if allowed {
            assert!(r.status().is_success());
        } else {
            assert_eq!(problem(r).await, (400, "lease_year".into()), "year {y}");
        }
    }
    if !december_end {
        assert_eq!(written(&pool).await, before);
    }

    // The quota: the desk holds 100 open case numbers from its first sync.
    let r = lease("case", year, 200).await;
    assert!(r.status().is_success(), "{}", r.status());
    let before = written(&pool).await;
    assert_eq!(
        problem(lease("case", year, 1).await).await,
        (409, "lease_quota".into())
    );
    assert_eq!(written(&pool).await, before, "nothing written");
    // Used numbers no longer count as open.
    let clerk = login(&a.ws, "clerk").await;
    for i in 0..5 {
        intake(&a.ws, &clerk, &format!("Citizen {i}")).await;
    }
    settle(&a.ws).await;
    assert!(lease("case", year, 5).await.status().is_success());
    assert_eq!(
        problem(lease("case", year, 1).await).await,
        (409, "lease_quota".into())
    );

    // Concurrent requests of one device cannot pass the quota together: with 100 filing
    // numbers open and a quota of 300, two blocks of 100 of ten fit.
    let asks: Vec<_> = (0..10)
        .map(|_| tokio::spawn(lease("filing", year, 100)))
        .collect();
    let mut granted = 0;
    for ask in asks {
        let r = ask.await.unwrap();
        if r.status().is_success() {
            granted += 1;
        } else {
            assert_eq!(problem(r).await, (409, "lease_quota".into()));
        }
    }
    assert_eq!(granted, 2);
    let open: i64 = sqlx::query_scalar(
        "SELECT SUM(last - first + 1)::bigint FROM number_lease WHERE device_id = $1 AND series = 'filing' AND closed_at IS NULL",
    )
    .bind(device)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(open, 300);

    // An intake made from a lease the administrator voids before it arrives is refused as
    // voided; the desk stops using the voided leases; every number stays accounted for.
    let late = intake(&a.ws, &clerk, "Late citizen").await;
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_okno-server"))
        .args([
            "void-leases",
            "--device",
            &device.to_string(),
            "--reason",
            "desk stolen",
        ])
        .env("DATABASE_URL", &db)
        .env("RUST_LOG", "warn")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("lease(s) closed"));
    let open: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM number_lease WHERE device_id = $1 AND closed_at IS NULL",
    )
    .bind(device)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(open, 0);
    let _ = a.ws.sync_once().await.unwrap();
    let issues = a.ws.list_sync_issues(&clerk).await.unwrap();
    assert!(
        issues
            .iter()
            .any(|i| i.code == "number_voided" && i.case_id == Some(late.summary.id)),
        "{issues:?}"
    );
    // New blocks come (the voided numbers are no longer open), and intake goes on.
    let after = intake(&a.ws, &clerk, "After the voiding").await;
    assert_ne!(after.summary.number, late.summary.number);
    settle(&a.ws).await;
    let voided_reason: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM number_use WHERE owner_kind = 'void' AND void_reason = 'desk stolen'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert!(voided_reason > 0);
    for acc in okno_server::admin::number_accounts(&pool, office)
        .await
        .unwrap()
    {
        assert_eq!(acc.unaccounted, 0, "{acc:?}");
        assert_eq!(acc.handed_out, acc.leased, "{acc:?}");
        assert_eq!(acc.leased, acc.used + acc.voided + acc.open, "{acc:?}");
    }
}
