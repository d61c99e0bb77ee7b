//! The certification ledger across workstations and the server (real binary, real PostgreSQL):
//! numbers final offline and unique across desks, seals verifying offline on another desk and
//! on the server's public page once synced, cancellations and revocations shown, the central
//! chain intact, and the central ledger refusing changes.

use crate::common::*;
use okno_wire::{
    CancelCertificationRequest, CertificationKind, CertifyRequest, IdDocumentKind, Locale,
    SealCheck, SealVerdict, SignatureMethod, VerifyAddressSource, VerifySealRequest,
};

async fn certify(
    desk: &Desk,
    who: &okno_core::auth::Actor,
    i: usize,
) -> okno_wire::LedgerEntryView {
    let service = desk
        .ws
        .catalogue(who)
        .await
        .unwrap()
        .services
        .into_iter()
        .find(|s| s.code == "CERT-COPY")
        .expect("the demo catalogue has CERT-COPY")
        .id;
    desk.ws
        .certify(
            who,
            CertifyRequest {
                kind: CertificationKind::Copy,
                party_name: format!("Ágnes Szőke-Čierna {i}"),
                party_birth_date: None,
                party_sex: okno_wire::Sex::Unspecified,
                id_document_kind: IdDocumentKind::Passport,
                id_document_number: format!("P{i:07}"),
                id_document_checked: true,
                document_description: "Diploma – Univerzita Komenského".into(),
                document_language: "slovenčina".into(),
                pages: 1,
                copies: 1,
                service_id: service,
                case_number: None,
                second_locale: Some(Locale::Hu),
                original: None,
                signature_method: SignatureMethod::Sheet,
                signature_png_base64: None,
                note: None,
            },
        )
        .await
        .expect("certify")
}

async fn public_check(server: &Server, code: &str) -> SealCheck {
    http()
        // Seal codes are base64url: nothing to escape.
        .get(format!("{}/verify/check?c={code}", server.url()))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

fn code(url: &str) -> String {
    okno_core::seal::code_of(url).to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn desks_certify_offline_and_the_seals_verify_everywhere() {
    let (db, pool) = fresh_db().await;
    let office = okno_demo::create_demo_office(&pool).await.unwrap();
    let mut server = Server::start(&db, free_port());
    let a = enrolled_desk(&pool, office, &server.url(), "Desk A").await;
    let b = enrolled_desk(&pool, office, &server.url(), "Desk B").await;
    let gabor_a = login(&a.ws, "gabor").await;
    let gabor_b = login(&b.ws, "gabor").await;

    // The network goes down; both desks keep certifying with numbers that are final.
    server.kill();
    let mut made = Vec::new();
    for i in 0..20 {
        made.push(certify(&a, &gabor_a, i).await);
        made.push(certify(&b, &gabor_b, 100 + i).await);
    }
    let mut numbers: Vec<_> = made.iter().map(|e| e.number.clone()).collect();
    numbers.sort();
    numbers.dedup();
    assert_eq!(numbers.len(), 40, "no number given twice across desks");

    // Desk B verifies desk A's seal offline: it knows the office's key.
    let on_b =
        b.ws.verify_seal(
            &gabor_b,
            VerifySealRequest {
                code: made[0].seal_url.clone(),
            },
        )
        .await
        .unwrap();
    assert_eq!(on_b.verdict, SealVerdict::Genuine);
    assert!(!on_b.entry_known, "not synced yet");

    // Back online: the server takes every entry, checks every hash, link and seal.
    server.restart();
    settle_retrying(&a.ws).await;
    settle_retrying(&b.ws).await;
    settle(&a.ws).await;
    for e in &made {
        assert!(
            !a.ws
                .get_ledger_entry(&gabor_a, e.id)
                .await
                .unwrap()
                .pending_sync
        );
    }
    let report = okno_server::certification::check_ledger(&pool, office)
        .await
        .unwrap();
    assert!(report.ok, "{report:?}");
    assert_eq!((report.entries, report.chains), (40, 2));
    let a_report = a.ws.check_ledger_chain(&gabor_a).await.unwrap();
    assert_eq!(
        (a_report.entries, a_report.chains),
        (40, 2),
        "both chains on desk A"
    );
    assert!(a_report.ok, "{a_report:?}");
    for acc in okno_server::admin::number_accounts(&pool, office)
        .await
        .unwrap()
    {
        assert_eq!(acc.unaccounted, 0, "{}", acc.series);
    }

    // The public check: genuine, with what it certifies.
    let first = &made[0];
    let r = public_check(&server, &code(&first.seal_url)).await;
    assert_eq!(r.verdict, SealVerdict::Genuine);
    assert!(r.entry_known);
    assert_eq!(r.contents.unwrap().number, first.number);
    assert!(first
        .seal_url
        .starts_with(&format!("{}/verify?c=", server.url())));
    // The page itself, in Persian.
    let html = http()
        .get(format!("{}&lang=fa", first.seal_url))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("dir=\"rtl\""));
    assert!(html.contains("data-verdict=\"genuine\""));
    assert!(html.contains("Ágnes Szőke-Čierna 0"));

    // Cancelled on desk B (another registrar's desk), the page says so after B syncs.
    b.ws.cancel_certification(
        &gabor_b,
        CancelCertificationRequest {
            entry_id: first.id,
            reason: "issued to the wrong person".into(),
        },
    )
    .await
    .unwrap();
    settle(&b.ws).await;
    let r = public_check(&server, &code(&first.seal_url)).await;
    assert_eq!(r.verdict, SealVerdict::Cancelled);
    assert_eq!(r.reason.as_deref(), Some("issued to the wrong person"));
    settle(&a.ws).await;
    let on_a =
        a.ws.verify_seal(
            &gabor_a,
            VerifySealRequest {
                code: first.seal_url.clone(),
            },
        )
        .await
        .unwrap();
    assert_eq!(on_a.verdict, SealVerdict::Cancelled);

    // A made-up code and a changed one.
    let mut forged: Vec<char> = code(&made[1].seal_url).chars().collect();
    let mid = forged.len() / 2;
    forged[mid] = if forged[mid] == 'A' { 'B' } else { 'A' };
    let forged: String = forged.into_iter().collect();
    assert_eq!(
        public_check(&server, &forged).await.verdict,
        SealVerdict::Forged
    );
    assert_eq!(
        public_check(&server, "not-a-seal").await.verdict,
        SealVerdict::Malformed
    );

    // Revoking desk B revokes its seals, on the server and (after sync) on desk A.
    let b_id = b.ws.enrolment().await.unwrap().unwrap().device_id;
    let from_b = made
        .iter()
        .find(|e| e.chain_id == b_id.to_string())
        .unwrap();
    okno_server::admin::revoke_device(&pool, b_id)
        .await
        .unwrap();
    assert_eq!(
        public_check(&server, &code(&from_b.seal_url)).await.verdict,
        SealVerdict::Revoked
    );
    settle(&a.ws).await;
    let on_a =
        a.ws.verify_seal(
            &gabor_a,
            VerifySealRequest {
                code: from_b.seal_url.clone(),
            },
        )
        .await
        .unwrap();
    assert_eq!(on_a.verdict, SealVerdict::Revoked);

    // The central ledger refuses to be rewritten, even by the database's owner.
    let e = sqlx::query(
        "UPDATE entity SET body = jsonb_set(body, '{party_name}', '\"X\"') WHERE kind = 'certification'",
    )
    .execute(&pool)
    .await;
    assert!(e.is_err());
    let e = sqlx::query("DELETE FROM entity WHERE kind = 'certification'")
        .execute(&pool)
        .await;
    assert!(e.is_err());
}

async fn published(server: &Server, query: &str) -> reqwest::Response {
    // No login, no protocol header: a verifier anywhere (a phone, a bank's script) asks.
    reqwest::get(format!(
        "{}/.well-known/okno/seal-keys{query}",
        server.url()
    ))
    .await
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_office_publishes_its_seal_keys_and_every_desk_prints_its_public_address() {
    let (db, pool) = fresh_db().await;
    let office = okno_demo::create_demo_office(&pool).await.unwrap();
    let server = Server::start(&db, free_port());
    let a = enrolled_desk(&pool, office, &server.url(), "Desk A").await;
    let b = enrolled_desk(&pool, office, &server.url(), "Desk B").await;
    let admin_a = login(&a.ws, "admin").await;
    let gabor_b = login(&b.ws, "gabor").await;

    // With no public address, desks point to the server they sync with.
    let first = certify(&b, &gabor_b, 1).await;
    assert!(
        first
            .seal_url
            .starts_with(&format!("{}/verify?c=", server.url())),
        "{}",
        first.seal_url
    );
    settle(&b.ws).await;
    let on_b = b.ws.seal_keys(&gabor_b).await.unwrap();
    assert_eq!(on_b.verify_address_source, VerifyAddressSource::Server);
    assert_eq!(on_b.keys.len(), 1);

    // The well-known address: the key desk B shows, with the same fingerprint, never the secret.
    let resp = published(&server, "").await;
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.headers()["access-control-allow-origin"], "*");
    let text = resp.text().await.unwrap();
    let secret: String =
        sqlx::query_scalar("SELECT secret_key FROM office_seal_key WHERE office_id = $1")
            .bind(office)
            .fetch_one(&pool)
            .await
            .unwrap();
    assert!(
        !text.contains(&secret),
        "the secret half is never published"
    );
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(json["format"], "okno-seal-keys/1");
    let mine = |json: &serde_json::Value| {
        json["offices"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["office_id"] == office.to_string())
            .cloned()
            .expect("the office is listed")
    };
    let o = mine(&json);
    assert_eq!(o["keys"][0]["status"], "current");
    assert_eq!(o["keys"][0]["public_key"], on_b.keys[0].public_key.as_str());
    assert_eq!(
        o["keys"][0]["fingerprint"],
        on_b.keys[0].fingerprint.as_str()
    );
    assert_eq!(o["public_address"], serde_json::Value::Null);

    // An admin on desk A sets the public address; sync brings it to desk B, whose seals, even
    // the one printed before, now point to it.
    a.ws.set_public_address(&admin_a, "https://okno.example.sk/")
        .await
        .unwrap();
    settle(&a.ws).await;
    settle(&b.ws).await;
    let on_b = b.ws.seal_keys(&gabor_b).await.unwrap();
    assert_eq!(
        on_b.public_address.as_deref(),
        Some("https://okno.example.sk")
    );
    assert_eq!(
        on_b.verify_address_source,
        VerifyAddressSource::PublicAddress
    );
    let again = b.ws.get_ledger_entry(&gabor_b, first.id).await.unwrap();
    assert_eq!(
        again.seal_url,
        format!("https://okno.example.sk/verify?c={}", code(&first.seal_url))
    );
    let o = mine(
        &published(&server, &format!("?office={office}"))
            .await
            .json()
            .await
            .unwrap(),
    );
    assert_eq!(o["public_address"], "https://okno.example.sk");
    assert_eq!(o["verify_address"], "https://okno.example.sk/verify");

    // The key is rotated: the old one is retired, a new desk is certified by the new one; both
    // are published, and the seal made under the old key stays genuine.
    sqlx::query("UPDATE office_seal_key SET retired_at = now() WHERE office_id = $1")
        .bind(office)
        .execute(&pool)
        .await
        .unwrap();
    let _c = enrolled_desk(&pool, office, &server.url(), "Desk C").await;
    let o = mine(&published(&server, "").await.json().await.unwrap());
    let keys = o["keys"].as_array().unwrap();
    assert_eq!(keys.len(), 2);
    assert_eq!(keys[0]["status"], "current");
    assert_eq!(keys[1]["status"], "retired");
    assert_eq!(keys[1]["public_key"], on_b.keys[0].public_key.as_str());
    assert!(keys[1]["retired_at"].is_string());
    let seal = okno_core::seal::parse(&first.seal_url).unwrap();
    let genuine_with = |k: &serde_json::Value| {
        okno_core::seal::public_from_hex(k["public_key"].as_str().unwrap())
            .is_some_and(|k| seal.verify(&k))
    };
    assert!(!genuine_with(&keys[0]) && genuine_with(&keys[1]));
    assert_eq!(
        public_check(&server, &code(&first.seal_url)).await.verdict,
        SealVerdict::Genuine
    );

    // One office at a time: an unknown one is not found, a malformed id is refused.
    let unknown = published(&server, &format!("?office={}", uuid::Uuid::now_v7())).await;
    assert_eq!(unknown.status(), 404);
    assert_eq!(published(&server, "?office=town-hall").await.status(), 400);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_server_refuses_a_tampered_entry() {
    let (db, pool) = fresh_db().await;
    let office = okno_demo::create_demo_office(&pool).await.unwrap();
    let server = Server::start(&db, free_port());
    let a = enrolled_desk(&pool, office, &server.url(), "Desk A").await;
    let gabor = login(&a.ws, "gabor").await;
    let e = certify(&a, &gabor, 1).await;
    // Push a copy of the command with the party's name changed (the hash no longer fits).
    let entries = a.ws.outbox_entries(0, 1000).await.unwrap();
    let cmd = entries
        .iter()
        .find(|c| c.name == "certification.register")
        .unwrap();
    let mut push = cmd.to_push();
    let rows = push.payload["rows"].as_array_mut().unwrap();
    for r in rows.iter_mut() {
        if r["kind"] == "certification" {
            r["body"]["party_name"] = "Someone Else".into();
        }
    }
    let token = a.token(&server.url()).await;
    // Everything before the ledger command goes first, as the desk would send it.
    let before: Vec<_> = entries
        .iter()
        .take_while(|c| c.seq < cmd.seq)
        .map(|c| c.to_push())
        .collect();
    let mut commands = before;
    commands.push(push);
    let resp: okno_wire::sync::PushResponse = http()
        .post(format!("{}/v1/push", server.url()))
        .bearer_auth(&token)
        .json(&okno_wire::sync::PushRequest {
            commands,
            outbox_pending: 0,
        })
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let last = resp.results.last().unwrap();
    assert_eq!(
        last.status,
        okno_wire::sync::CommandStatus::Rejected,
        "{last:?}"
    );
    assert_eq!(last.code.as_deref(), Some("ledger_hash"));
    let r = public_check(&server, &code(&e.seal_url)).await;
    assert_eq!(r.verdict, SealVerdict::Genuine);
    assert!(!r.entry_known, "the tampered entry was not stored");
}
