//! The certification ledger's figures: rendering a two-page certified copy (embedded fonts, QR
//! seal) p95 ≤ 100 ms; verifying a seal p95 ≤ 1 ms; walking a chain of 100,000 entries ≤ 2 s.
//! Criterion reports means; each benchmark also records every operation's time and prints
//! p50/p95/p99, which docs/benchmarks.md quotes.
//!
//! `cargo bench -p okno-core --bench ledger`

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use criterion::{criterion_group, criterion_main, Criterion};
use okno_core::certification::{ChainWalk, LedgerRow, GENESIS};
use okno_core::creds::MemoryCredentials;
use okno_core::seal::{self, DeviceSigner, Statement};
use okno_core::Workstation;
use okno_wire::*;
use sqlx::{Connection, SqliteConnection};
use uuid::Uuid;

const CHAIN: i64 = 100_000;

fn percentiles(name: &str, samples: &Mutex<Vec<Duration>>) {
    let mut s = samples.lock().unwrap().clone();
    s.sort();
    if s.is_empty() {
        return;
    }
    let p = |q: f64| s[((s.len() as f64 * q) as usize).min(s.len() - 1)];
    println!(
        "{name}: n={} p50={:?} p95={:?} p99={:?} max={:?}",
        s.len(),
        p(0.50),
        p(0.95),
        p(0.99),
        s[s.len() - 1]
    );
}

fn signer() -> (ed25519_dalek::SigningKey, Uuid, DeviceSigner) {
    let office = seal::generate_key();
    let office_id = Uuid::now_v7();
    let key = seal::generate_key();
    let device_id = Uuid::now_v7();
    let certificate = seal::certify_device(&office, office_id, device_id, &key.verifying_key());
    (
        office,
        office_id,
        DeviceSigner {
            device_id,
            key,
            certificate,
        },
    )
}

/// A valid chain of `n` entries (hashes linked, every entry sealed).
fn chain(n: i64, office_id: Uuid, s: &DeviceSigner) -> Vec<LedgerRow> {
    let mut prev = GENESIS.to_string();
    let mut rows = Vec::with_capacity(n as usize);
    for i in 1..=n {
        let mut r = LedgerRow {
            id: Uuid::now_v7().to_string(),
            chain_id: s.device_id.to_string(),
            chain_pos: i,
            prev_hash: prev.clone(),
            entry_hash: String::new(),
            number: okno_core::numbering::Series::Certification.format(2025, i),
            year: 2025,
            kind: "copy".into(),
            refers_to: None,
            act: None,
            party_name: format!("Ľubica Čierna-Szőke {i}"),
            party_birth_date: Some("1980-03-01".into()),
            id_document_kind: Some("identity_card".into()),
            id_document_number: format!("EA{i:07}"),
            document_description: "Kúpna zmluva na byt č. 12, Hlavná 3".into(),
            document_language: "slovenčina".into(),
            pages: 3,
            copies: 1,
            service_id: Some(Uuid::now_v7().to_string()),
            fee_minor: 150,
            currency: "EUR".into(),
            case_id: None,
            reason: None,
            note: None,
            registrar_id: Uuid::now_v7().to_string(),
            certified_at: 1_790_000_000_000 + i,
            local_day: "2026-11-22".into(),
            place: "Mestský úrad Rajec".into(),
            clause_locale: "sk".into(),
            second_locale: None,
            original_sha256: Some("ab".repeat(32)),
            signature_method: "pad".into(),
            signature_sha256: Some("cd".repeat(32)),
            seal: String::new(),
            party_sex: None,
        };
        r.entry_hash = r.compute_hash();
        let mut h = [0u8; 32];
        hex::decode_to_slice(&r.entry_hash, &mut h).unwrap();
        r.seal = seal::seal(
            &Statement {
                kind: okno_wire::SealKind::Copy,
                office_id,
                year: 2025,
                number: i as u32,
                day: NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(),
                pages: 3,
                copies: 1,
                original_sha256: Some([0xab; 32]),
                entry_hash: h,
                party_name: r.party_name.clone(),
                document_description: r.document_description.clone(),
                amount: None,
            },
            s,
        );
        prev = r.entry_hash.clone();
        rows.push(r);
    }
    rows
}

fn bench(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bench.db");

    // A working copy with a registrar and one certified copy in two languages.
    let (ws, registrar, entry) = rt.block_on(async {
        let ws = Arc::new(Workstation::open(&path).await.unwrap());
        ws.set_credentials(Arc::new(MemoryCredentials::default()));
        okno_core::demo::load_demo(&ws).await.unwrap();
        let s = ws.login("gabor", "okno-demo").await.unwrap();
        let registrar = ws.actor(Some(&s.token)).unwrap();
        let service = ws
            .catalogue(&registrar)
            .await
            .unwrap()
            .services
            .into_iter()
            .find(|s| s.code == "CERT-COPY")
            .unwrap()
            .id;
        let e = ws
            .certify(
                &registrar,
                CertifyRequest {
                    kind: CertificationKind::Copy,
                    party_name: "Ľubica Čierna-Szőke".into(),
                    party_birth_date: NaiveDate::from_ymd_opt(1980, 3, 1),
                    party_sex: Sex::Female,
                    id_document_kind: IdDocumentKind::IdentityCard,
                    id_document_number: "EA1234567".into(),
                    id_document_checked: true,
                    document_description: "Kúpna zmluva na byt č. 12, Hlavná 3".into(),
                    document_language: "slovenčina".into(),
                    pages: 3,
                    copies: 2,
                    service_id: service,
                    case_number: None,
                    second_locale: Some(Locale::Fa),
                    original: None,
                    signature_method: SignatureMethod::Sheet,
                    signature_png_base64: None,
                    note: None,
                },
            )
            .await
            .unwrap();
        (ws, registrar, e)
    });

    let render = Arc::new(Mutex::new(Vec::new()));
    c.bench_function("certified copy PDF, two pages, QR seal", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let t = Instant::now();
                let (_, pdf) = rt
                    .block_on(ws.certified_copy_pdf(&registrar, entry.id))
                    .unwrap();
                let d = t.elapsed();
                assert!(pdf.starts_with(b"%PDF"));
                render.lock().unwrap().push(d);
                total += d;
            }
            total
        })
    });

    let (office, office_id, s) = signer();
    let one = chain(1, office_id, &s);
    let code = one[0].seal.clone();
    let office_public = office.verifying_key();
    let verify = Arc::new(Mutex::new(Vec::new()));
    c.bench_function("verify a seal (parse, certificate, signature)", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let t = Instant::now();
                let ok = seal::parse(&code).unwrap().verify(&office_public);
                let d = t.elapsed();
                assert!(ok);
                verify.lock().unwrap().push(d);
                total += d;
            }
            total
        })
    });
    let verify_ws = Arc::new(Mutex::new(Vec::new()));
    c.bench_function("verify_seal on the working copy", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let t = Instant::now();
                let r = rt
                    .block_on(ws.verify_seal(
                        &registrar,
                        VerifySealRequest {
                            code: entry.seal_url.clone(),
                        },
                    ))
                    .unwrap();
                let d = t.elapsed();
                assert_eq!(r.verdict, SealVerdict::Genuine);
                verify_ws.lock().unwrap().push(d);
                total += d;
            }
            total
        })
    });

    // 100,000 entries: in memory, and in the working copy read back by the app's check.
    let t = Instant::now();
    let rows = chain(CHAIN, office_id, &s);
    println!("built and sealed {CHAIN} entries in {:?}", t.elapsed());
    let t = Instant::now();
    let mut walk = ChainWalk::new();
    for r in &rows {
        walk.push(r);
    }
    assert!(walk.first_break.is_none());
    println!("walked {CHAIN} entries in memory in {:?}", t.elapsed());
    rt.block_on(async {
        let mut conn = SqliteConnection::connect(&format!("sqlite://{}", path.display()))
            .await
            .unwrap();
        let mut tx = conn.begin().await.unwrap();
        for r in &rows {
            sqlx::query(
                "INSERT INTO certification (id, chain_id, chain_pos, prev_hash, entry_hash, number, year, kind,
                   refers_to, act, party_name, party_birth_date, id_document_kind, id_document_number,
                   document_description, document_language, pages, copies, service_id, fee_minor, currency,
                   case_id, reason, note, registrar_id, certified_at, local_day, place, clause_locale,
                   second_locale, original_sha256, signature_method, signature_sha256, seal)
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            )
            .bind(&r.id).bind(&r.chain_id).bind(r.chain_pos).bind(&r.prev_hash).bind(&r.entry_hash)
            .bind(&r.number).bind(r.year).bind(&r.kind).bind(&r.refers_to).bind(&r.act)
            .bind(&r.party_name).bind(&r.party_birth_date).bind(&r.id_document_kind)
            .bind(&r.id_document_number).bind(&r.document_description).bind(&r.document_language)
            .bind(r.pages).bind(r.copies).bind(&r.service_id).bind(r.fee_minor).bind(&r.currency)
            .bind(&r.case_id).bind(&r.reason).bind(&r.note).bind(&r.registrar_id).bind(r.certified_at)
            .bind(&r.local_day).bind(&r.place).bind(&r.clause_locale).bind(&r.second_locale)
            .bind(&r.original_sha256).bind(&r.signature_method).bind(&r.signature_sha256).bind(&r.seal)
            .execute(&mut *tx)
            .await
            .unwrap();
        }
        tx.commit().await.unwrap();
    });
    let chain_samples = Arc::new(Mutex::new(Vec::new()));
    let mut group = c.benchmark_group("chain");
    group.sample_size(10);
    group.bench_function(
        "check_ledger_chain, 100,001 entries in the working copy",
        |b| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    let t = Instant::now();
                    let r = rt.block_on(ws.check_ledger_chain(&registrar)).unwrap();
                    let d = t.elapsed();
                    assert!(r.ok, "{:?}", r.first_break);
                    assert_eq!(r.entries, CHAIN + 1);
                    chain_samples.lock().unwrap().push(d);
                    total += d;
                }
                total
            })
        },
    );
    group.finish();
    percentiles("certified copy PDF (2 pages)", &render);
    percentiles("verify a seal", &verify);
    percentiles("verify_seal on the working copy", &verify_ws);
    percentiles("check_ledger_chain (100,001 entries)", &chain_samples);
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(50).measurement_time(Duration::from_secs(4)).warm_up_time(Duration::from_secs(1));
    targets = bench
}
criterion_main!(benches);
