//! The cash desk's figures (docs/cash.md), against the bars of the cash-desk issue: taking a
//! payment with its receipt PDF p95 ≤ 50 ms; the Z report of a session with 2,000 receipts
//! ≤ 100 ms; the journal's chain check of 100,000 receipts ≤ 2 s. Each is reported beside its
//! baseline in the same run: the payment without its PDF, the session's figures without the
//! PDF, and reading the 100,000 rows without checking them.
//!
//! The working copies are written afresh into `target/okno-bench/`.
//! `cargo bench -p okno-core --bench cash`

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::{TimeZone, Utc};
use criterion::{criterion_group, criterion_main, Criterion};
use okno_core::{ManualClock, Workstation};
use okno_rules::cash::{ReceiptLine, ReceiptRow};
use okno_rules::chain::GENESIS;
use okno_rules::seal::{self, DeviceSigner, Statement};
use okno_wire::*;
use uuid::Uuid;

mod common;
use common::{data_path, raw, report};

const SESSION_RECEIPTS: usize = 2_000;
const CHAIN: i64 = 100_000;

fn fresh(file: &str) -> std::path::PathBuf {
    let path = data_path(file);
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    path
}

fn payment(service: Uuid, method: PaymentMethod) -> PaymentRequest {
    PaymentRequest {
        id: Uuid::now_v7(),
        visit_id: None,
        lines: vec![PayLine {
            ref_kind: FeeRefKind::Service,
            ref_id: service,
            amount_minor: None,
            quantity: None,
        }],
        method,
        currency: "EUR".into(),
        tendered_minor: (method == PaymentMethod::Cash).then_some(100_000),
        approval_code: (method == PaymentMethod::Card).then(|| "A1".into()),
        payer_name: Some("Novák Ján".into()),
    }
}

/// A valid receipt chain of `n` entries (hashes linked, every entry sealed).
fn chain(n: i64) -> Vec<ReceiptRow> {
    let office = seal::generate_key();
    let office_id = Uuid::now_v7();
    let key = seal::generate_key();
    let device_id = Uuid::now_v7();
    let certificate = seal::certify_device(&office, office_id, device_id, &key.verifying_key());
    let signer = DeviceSigner {
        device_id,
        key,
        certificate,
    };
    let lines = serde_json::to_string(&vec![ReceiptLine {
        ref_kind: "service".into(),
        ref_id: Uuid::nil().to_string(),
        ref_label: "CERT-COPY".into(),
        service_id: Some(Uuid::nil().to_string()),
        description: "Osvedčenie odpisu".into(),
        account: "221004".into(),
        quantity: 1,
        amount_minor: 200,
    }])
    .unwrap();
    let mut prev = GENESIS.to_string();
    let mut rows = Vec::with_capacity(n as usize);
    for i in 1..=n {
        let number = okno_rules::series::Series::Receipt.format(2026, i);
        let mut r = ReceiptRow {
            id: Uuid::now_v7().to_string(),
            chain_id: device_id.to_string(),
            chain_pos: i,
            prev_hash: prev.clone(),
            entry_hash: String::new(),
            number: number.clone(),
            year: 2026,
            kind: "payment".into(),
            refers_to: None,
            method: "cash".into(),
            visit_id: None,
            session_id: None,
            order_id: None,
            payer_name: Some("Novák Ján".into()),
            lines: lines.clone(),
            total_minor: 200,
            rounding_minor: 0,
            tendered_minor: Some(500),
            currency: "EUR".into(),
            approval_code: None,
            reason: None,
            approved_by: None,
            cashier_id: Uuid::nil().to_string(),
            issued_at: 1_780_000_000_000 + i,
            local_day: "2026-12-07".into(),
            place: "Mestský úrad Rajec".into(),
            seal: String::new(),
        };
        r.entry_hash = r.compute_hash();
        let mut h = [0u8; 32];
        hex::decode_to_slice(&r.entry_hash, &mut h).unwrap();
        r.seal = seal::seal(
            &Statement {
                kind: SealKind::Receipt,
                office_id,
                year: 2026,
                number: i as u32,
                day: chrono::NaiveDate::from_ymd_opt(2026, 12, 7).unwrap(),
                pages: 1,
                copies: 1,
                original_sha256: None,
                entry_hash: h,
                party_name: "Novák Ján".into(),
                document_description: "Osvedčenie odpisu".into(),
                amount: Some((200, "EUR".into())),
            },
            &signer,
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
    let path = fresh("cash-desk.db");
    let (ws, cashier, boss, service) = rt.block_on(async {
        let clock = Arc::new(ManualClock::new(
            Utc.with_ymd_and_hms(2026, 12, 7, 9, 0, 0).unwrap(),
        ));
        let ws = Workstation::open_with_clock(&path, clock).await.unwrap();
        ws.keep_credentials_in_memory();
        okno_core::demo::load_demo(&ws).await.unwrap();
        let login = |u: &'static str| {
            let ws = &ws;
            async move {
                let s = ws.login(u, "okno-demo").await.unwrap();
                ws.actor(Some(&s.token)).unwrap()
            }
        };
        let cashier = login("asa").await;
        let boss = login("maryam").await;
        let service = ws
            .catalogue(&cashier)
            .await
            .unwrap()
            .services
            .into_iter()
            .find(|s| s.active && s.fee_minor > 0)
            .unwrap()
            .id;
        (Arc::new(ws), cashier, boss, service)
    });

    let mut g = c.benchmark_group("cash");
    g.sample_size(50);
    g.measurement_time(Duration::from_secs(8));

    // One session takes every payment of the run.
    let session = rt
        .block_on(ws.open_cash_session(
            &cashier,
            OpenSessionRequest {
                id: Uuid::now_v7(),
                float_minor: 10_000,
            },
        ))
        .unwrap();
    for (name, with_pdf) in [("payment_with_receipt_pdf", true), ("payment_alone", false)] {
        let times = Mutex::new(Vec::new());
        g.bench_function(name, |b| {
            b.iter(|| {
                let t = Instant::now();
                rt.block_on(async {
                    let r = ws
                        .take_payment(&cashier, payment(service, PaymentMethod::Cash))
                        .await
                        .unwrap();
                    if with_pdf {
                        let doc = ws
                            .document(
                                &cashier,
                                &DocumentRequest::CashReceipt {
                                    receipt_id: r.id,
                                    locale: None,
                                    paper: Paper::Roll80,
                                },
                            )
                            .await
                            .unwrap();
                        assert!(doc.bytes.starts_with(b"%PDF"));
                    }
                });
                times.lock().unwrap().push(t.elapsed());
            })
        });
        report(&format!("cash {name}"), &times);
    }

    // What every PDF pays before its first line: a document with its two fonts.
    let times = Mutex::new(Vec::new());
    g.bench_function("empty_pdf", |b| {
        b.iter(|| {
            let t = Instant::now();
            let d = okno_core::documents::Doc::new("x").unwrap();
            let p = d.page(okno_core::documents::Direction::Ltr);
            let mut d = d;
            d.push(p);
            let bytes = d.finish();
            times.lock().unwrap().push(t.elapsed());
            assert!(bytes.starts_with(b"%PDF"));
        })
    });
    report("cash empty_pdf", &times);

    // The receipt's PDF alone (80 mm and A4), of one receipt.
    let one = rt
        .block_on(ws.take_payment(&cashier, payment(service, PaymentMethod::Cash)))
        .unwrap();
    for (name, paper) in [
        ("receipt_pdf_80mm", Paper::Roll80),
        ("receipt_pdf_a4", Paper::A4),
    ] {
        let times = Mutex::new(Vec::new());
        g.bench_function(name, |b| {
            b.iter(|| {
                let t = Instant::now();
                let doc = rt
                    .block_on(ws.document(
                        &cashier,
                        &DocumentRequest::CashReceipt {
                            receipt_id: one.id,
                            locale: None,
                            paper,
                        },
                    ))
                    .unwrap();
                times.lock().unwrap().push(t.elapsed());
                assert!(doc.bytes.starts_with(b"%PDF"));
            })
        });
        report(&format!("cash {name}"), &times);
    }

    // Top the session up to 2,000 receipts (a tenth of them by card, a few voided), then its
    // Z report.
    rt.block_on(async {
        let have = ws
            .get_cash_session(&cashier, session.id)
            .await
            .unwrap()
            .receipts as usize;
        for i in have..SESSION_RECEIPTS {
            let method = if i % 10 == 0 {
                PaymentMethod::Card
            } else {
                PaymentMethod::Cash
            };
            let r = ws
                .take_payment(&cashier, payment(service, method))
                .await
                .unwrap();
            if i % 97 == 0 && i + 1 < SESSION_RECEIPTS {
                ws.void_receipt(
                    &cashier,
                    VoidRequest {
                        id: Uuid::now_v7(),
                        receipt_id: r.id,
                        reason: "Mistyped".into(),
                        approval: None,
                    },
                )
                .await
                .unwrap();
            }
        }
    });
    for (name, pdf) in [
        ("z_report_2000_receipts", true),
        ("session_figures_2000_receipts", false),
    ] {
        let times = Mutex::new(Vec::new());
        g.bench_function(name, |b| {
            b.iter(|| {
                let t = Instant::now();
                rt.block_on(async {
                    if pdf {
                        let doc = ws
                            .document(
                                &boss,
                                &DocumentRequest::ZReport {
                                    session_id: session.id,
                                    locale: Some(Locale::Sk),
                                },
                            )
                            .await
                            .unwrap();
                        assert!(doc.bytes.starts_with(b"%PDF"));
                    } else {
                        let v = ws.get_cash_session(&boss, session.id).await.unwrap();
                        assert!(v.receipts as usize >= SESSION_RECEIPTS);
                    }
                });
                times.lock().unwrap().push(t.elapsed());
            })
        });
        report(&format!("cash {name}"), &times);
    }
    g.finish();

    // The chain check of 100,000 receipts, beside reading the same rows unchecked.
    let path = fresh("cash-chain.db");
    let (ws, boss) = rt.block_on(async {
        let clock = Arc::new(ManualClock::new(
            Utc.with_ymd_and_hms(2026, 12, 7, 9, 0, 0).unwrap(),
        ));
        let ws = Workstation::open_with_clock(&path, clock).await.unwrap();
        ws.keep_credentials_in_memory();
        okno_core::demo::load_demo(&ws).await.unwrap();
        let s = ws.login("maryam", "okno-demo").await.unwrap();
        let boss = ws.actor(Some(&s.token)).unwrap();
        let mut conn = raw(&path).await;
        let mut tx = sqlx::Connection::begin(&mut conn).await.unwrap();
        for r in chain(CHAIN) {
            sqlx::query(
                "INSERT INTO receipt (id, chain_id, chain_pos, prev_hash, entry_hash, number, year, kind, refers_to,
                    method, visit_id, session_id, order_id, payer_name, lines, total_minor, rounding_minor,
                    tendered_minor, currency, approval_code, reason, approved_by, cashier_id, issued_at,
                    local_day, place, seal)
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, NULL, NULL, NULL, ?, ?, ?, ?, ?, ?, NULL, NULL, NULL, ?, ?, ?, ?, ?)",
            )
            .bind(&r.id).bind(&r.chain_id).bind(r.chain_pos).bind(&r.prev_hash).bind(&r.entry_hash)
            .bind(&r.number).bind(r.year).bind(&r.kind).bind(&r.method).bind(&r.payer_name)
            .bind(&r.lines).bind(r.total_minor).bind(r.rounding_minor).bind(r.tendered_minor)
            .bind(&r.currency).bind(&r.cashier_id).bind(r.issued_at).bind(&r.local_day)
            .bind(&r.place).bind(&r.seal)
            .execute(&mut *tx)
            .await
            .unwrap();
        }
        tx.commit().await.unwrap();
        (ws, boss)
    });
    let mut g = c.benchmark_group("cash_chain");
    g.sample_size(10);
    g.measurement_time(Duration::from_secs(20));
    let times = Mutex::new(Vec::new());
    g.bench_function("chain_check_100000_receipts", |b| {
        b.iter(|| {
            let t = Instant::now();
            let r = rt.block_on(ws.check_receipt_chain(&boss)).unwrap();
            times.lock().unwrap().push(t.elapsed());
            assert!(r.ok, "{:?}", r.first_break);
            assert_eq!(r.entries, CHAIN);
        })
    });
    report("cash chain_check_100000_receipts", &times);
    let times = Mutex::new(Vec::new());
    g.bench_function("read_100000_receipts_unchecked", |b| {
        b.iter(|| {
            let t = Instant::now();
            let n = rt.block_on(async {
                let mut conn = raw(&path).await;
                let rows = sqlx::query("SELECT * FROM receipt ORDER BY chain_id, chain_pos")
                    .fetch_all(&mut conn)
                    .await
                    .unwrap();
                rows.len()
            });
            times.lock().unwrap().push(t.elapsed());
            assert_eq!(n as i64, CHAIN);
        })
    });
    report("cash read_100000_receipts_unchecked", &times);
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
