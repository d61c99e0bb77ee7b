//! The certification ledger on a real SQLite file: certifying, numbering, the hash chain and
//! what it catches when the file is tampered with directly, corrections and cancellations,
//! roles, refused input that writes nothing, the seal's verdicts, and the certified copy as a
//! PDF read back with pdftotext and its QR code decoded by zbarimg. The documents' line layout
//! (right-to-left pages read back in logical order) is in the `documents` module.

mod documents;

use std::process::Command;
use std::sync::Arc;

use base64::Engine;
use chrono::{TimeZone, Utc};
use okno_core::auth::Actor;
use okno_core::{CoreError, ManualClock, Workstation};
use okno_wire::*;
use sqlx::{Connection, SqliteConnection};
use uuid::Uuid;

use crate::common::*;

/// A 1×1 PNG (what a signature pad sends, in miniature).
const PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
    0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x00, 0x01, 0x00, 0x00,
    0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D, 0xB4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE,
    0x42, 0x60, 0x82,
];

struct Fx {
    ws: Workstation,
    _dir: tempfile::TempDir,
    path: std::path::PathBuf,
    registrar: Actor,
    clerk: Actor,
    service: Uuid,
}

async fn fixture(locale: Locale) -> Fx {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ledger.db");
    let clock = Arc::new(ManualClock::new(
        Utc.with_ymd_and_hms(2026, 11, 20, 9, 0, 0).unwrap(),
    ));
    let (ws, admin) = open_office(
        &path,
        clock,
        office(
            "Polgármesteri Hivatal Révkomárom",
            "Fő tér 1, 945 01 Komárno",
            locale,
            "Europe/Bratislava",
            Calendar::Gregorian,
        ),
    )
    .await;
    add_staff(
        &ws,
        &admin,
        &[
            ("gabor", "Kovács Gábor", Role::Registrar),
            ("eva", "Eva Nováková", Role::Clerk),
        ],
        Locale::Hu,
    )
    .await;
    let agency = ws
        .save_agency(
            &admin,
            AgencyInput {
                id: None,
                code: "MUNI".into(),
                names: [
                    ("en", "Municipality"),
                    ("hu", "Önkormányzat"),
                    ("sk", "Obec"),
                    ("sv", "Kommun"),
                    ("fa", "شهرداری"),
                ]
                .into_iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
                active: true,
            },
        )
        .await
        .unwrap();
    let names = |s: &str| -> LocalizedText {
        Locale::ALL
            .iter()
            .map(|l| (l.code().to_string(), format!("{s} {}", l.code())))
            .collect()
    };
    let service = ws
        .save_service(
            &admin,
            ServiceInput {
                id: None,
                agency_id: agency.id,
                code: "CERT-COPY".into(),
                names: names("Certified copy"),
                fee_minor: 150,
                required_documents: vec![],
                deadline_days: 0,
                queue_category: "F".into(),
                account: String::new(),
                active: true,
            },
        )
        .await
        .unwrap()
        .id;
    let registrar = ws
        .actor(Some(&ws.login("gabor", PASSWORD).await.unwrap().token))
        .unwrap();
    let clerk = ws
        .actor(Some(&ws.login("eva", PASSWORD).await.unwrap().token))
        .unwrap();
    Fx {
        ws,
        _dir: dir,
        path,
        registrar,
        clerk,
        service,
    }
}

fn request(service: Uuid, kind: CertificationKind) -> CertifyRequest {
    CertifyRequest {
        kind,
        party_name: "Čičová Ľubica".into(),
        party_birth_date: chrono::NaiveDate::from_ymd_opt(1981, 4, 12),
        party_sex: Sex::Unspecified,
        id_document_kind: IdDocumentKind::IdentityCard,
        id_document_number: "EA 123456".into(),
        id_document_checked: true,
        document_description: "Adásvételi szerződés – Hlavná 3".into(),
        document_language: "magyar".into(),
        pages: 2,
        copies: 2,
        service_id: service,
        case_number: None,
        second_locale: Some(Locale::Fa),
        original: Some(FileUpload {
            filename: "original.png".into(),
            media_type: "image/png".into(),
            data_base64: base64::engine::general_purpose::STANDARD.encode(PNG),
        }),
        signature_method: SignatureMethod::Pad,
        signature_png_base64: Some(base64::engine::general_purpose::STANDARD.encode(PNG)),
        note: None,
    }
}

async fn file(fx: &Fx) -> SqliteConnection {
    SqliteConnection::connect(&format!("sqlite://{}", fx.path.display()))
        .await
        .unwrap()
}

async fn count(fx: &Fx, sql: &str) -> i64 {
    sqlx::query_scalar(sql)
        .fetch_one(&mut file(fx).await)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_certification_is_numbered_chained_sealed_and_queued() {
    let fx = fixture(Locale::Hu).await;
    let a = fx
        .ws
        .certify(
            &fx.registrar,
            request(fx.service, CertificationKind::Signature),
        )
        .await
        .unwrap();
    let b = fx
        .ws
        .certify(&fx.registrar, request(fx.service, CertificationKind::Copy))
        .await
        .unwrap();
    assert_eq!(a.number, "CE-2026/00001");
    assert_eq!(b.number, "CE-2026/00002");
    assert_eq!((a.chain_pos, b.chain_pos), (1, 2));
    assert_eq!(a.fee_minor, 300, "the service's fee per copy");
    assert_eq!(a.status, LedgerStatus::Valid);
    assert!(a.signature_data_url.is_some());
    assert_eq!(a.attachments.len(), 2, "the original and the pad signature");
    assert!(a.original_sha256.is_some());
    assert_eq!(a.clauses.len(), 2);
    assert_eq!(a.clauses[0].locale, Locale::Hu);
    assert!(a.clauses[0].text.contains("Čičová Ľubica"));
    assert_eq!(a.clauses[1].locale, Locale::Fa);
    assert!(a.pending_sync);
    assert!(a.seal_qr_svg.starts_with("<svg"));
    assert_eq!(
        count(
            &fx,
            "SELECT COUNT(*) FROM outbox WHERE name = 'certification.register'"
        )
        .await,
        2
    );
    let report = fx.ws.check_ledger_chain(&fx.clerk).await.unwrap();
    assert!(report.ok, "{report:?}");
    assert_eq!((report.entries, report.chains), (2, 1));

    // The seal verifies on this workstation, offline.
    let check = fx
        .ws
        .verify_seal(
            &fx.clerk,
            VerifySealRequest {
                code: b.seal_url.clone(),
            },
        )
        .await
        .unwrap();
    assert_eq!(check.verdict, SealVerdict::Genuine);
    assert!(check.entry_known);
    let c = check.contents.unwrap();
    assert_eq!(c.number, "CE-2026/00002");
    assert_eq!(c.party_name, "Čičová Ľubica");
    assert_eq!(c.original_sha256, b.original_sha256);

    // Printing is recorded, append-only.
    let printed = fx
        .ws
        .record_certification_print(
            &fx.registrar,
            RecordPrintRequest {
                entry_id: b.id,
                copies: 2,
            },
        )
        .await
        .unwrap();
    assert_eq!(printed.printed, 2);
    assert!(printed.last_printed_at.is_some());
}

#[tokio::test]
async fn only_registrars_certify_and_bad_input_writes_nothing() {
    let fx = fixture(Locale::Sk).await;
    let err = fx
        .ws
        .certify(&fx.clerk, request(fx.service, CertificationKind::Copy))
        .await
        .unwrap_err();
    assert!(matches!(err, CoreError::Forbidden));
    // Clerks may look.
    assert_eq!(
        fx.ws
            .list_ledger(&fx.clerk, LedgerFilter::default())
            .await
            .unwrap()
            .total,
        0
    );

    let mut bad = request(fx.service, CertificationKind::Copy);
    bad.party_name = " ".into();
    bad.id_document_checked = false;
    bad.pages = 0;
    bad.copies = 1000;
    bad.service_id = Uuid::now_v7();
    bad.case_number = Some("C-2026/99999".into());
    bad.party_birth_date = chrono::NaiveDate::from_ymd_opt(2030, 1, 1);
    bad.signature_png_base64 = Some("bm90IGEgcG5n".into());
    let CoreError::Validation(fields) = fx.ws.certify(&fx.registrar, bad).await.unwrap_err() else {
        panic!("expected a validation error");
    };
    let mut names: Vec<_> = fields.iter().map(|f| f.field.as_str()).collect();
    names.sort_unstable();
    assert_eq!(
        names,
        [
            "case_number",
            "copies",
            "id_document_checked",
            "pages",
            "party_birth_date",
            "party_name",
            "service_id",
            "signature_png_base64"
        ]
    );
    let mut no_pad = request(fx.service, CertificationKind::Signature);
    no_pad.signature_png_base64 = None;
    assert!(fx.ws.certify(&fx.registrar, no_pad).await.is_err());
    let mut exe = request(fx.service, CertificationKind::Copy);
    exe.original = Some(FileUpload {
        filename: "virus.png".into(),
        media_type: "image/png".into(),
        data_base64: base64::engine::general_purpose::STANDARD.encode(b"MZ\x90\x00"),
    });
    assert!(matches!(
        fx.ws.certify(&fx.registrar, exe).await.unwrap_err(),
        CoreError::UnsupportedType(_)
    ));
    for table in ["certification", "number_use", "outbox", "attachment"] {
        let sql = format!("SELECT COUNT(*) FROM {table} WHERE 1 = 1");
        let n = count(&fx, &sql).await;
        let expected = if table == "outbox" {
            // office, staff and catalogue set-up only
            count(
                &fx,
                "SELECT COUNT(*) FROM outbox WHERE name NOT LIKE 'certification.%'",
            )
            .await
        } else {
            0
        };
        assert_eq!(n, expected, "{table} was written by refused input");
    }
}

#[tokio::test]
async fn corrections_and_cancellations_are_new_entries() {
    let fx = fixture(Locale::En).await;
    let a = fx
        .ws
        .certify(&fx.registrar, request(fx.service, CertificationKind::Copy))
        .await
        .unwrap();
    let mut fixed = request(fx.service, CertificationKind::Copy);
    fixed.pages = 3;
    let c = fx
        .ws
        .correct_certification(
            &fx.registrar,
            CorrectCertificationRequest {
                entry_id: a.id,
                reason: "three pages, not two".into(),
                corrected: fixed,
            },
        )
        .await
        .unwrap();
    assert_eq!(c.kind, LedgerEntryKind::Correction);
    assert_eq!(c.refers_to_number.as_deref(), Some(a.number.as_str()));
    assert!(c.clauses[0].text.contains(&a.number));
    let old = fx.ws.get_ledger_entry(&fx.clerk, a.id).await.unwrap();
    assert_eq!(old.status, LedgerStatus::Corrected);
    assert_eq!(old.superseded_by.as_deref(), Some(c.number.as_str()));
    // A superseded act is not superseded twice, nor printed again.
    assert!(matches!(
        fx.ws
            .cancel_certification(
                &fx.registrar,
                CancelCertificationRequest {
                    entry_id: a.id,
                    reason: "again".into()
                }
            )
            .await
            .unwrap_err(),
        CoreError::AlreadySuperseded
    ));
    assert!(fx
        .ws
        .record_certification_print(
            &fx.registrar,
            RecordPrintRequest {
                entry_id: a.id,
                copies: 1
            }
        )
        .await
        .is_err());
    let x = fx
        .ws
        .cancel_certification(
            &fx.registrar,
            CancelCertificationRequest {
                entry_id: c.id,
                reason: "the party withdrew".into(),
            },
        )
        .await
        .unwrap();
    assert_eq!(x.kind, LedgerEntryKind::Cancellation);
    let check = fx
        .ws
        .verify_seal(&fx.clerk, VerifySealRequest { code: c.seal_url })
        .await
        .unwrap();
    assert_eq!(check.verdict, SealVerdict::Cancelled);
    assert_eq!(check.superseded_by.as_deref(), Some(x.number.as_str()));
    assert_eq!(check.reason.as_deref(), Some("the party withdrew"));
    let check = fx
        .ws
        .verify_seal(&fx.clerk, VerifySealRequest { code: a.seal_url })
        .await
        .unwrap();
    assert_eq!(check.verdict, SealVerdict::Corrected);
    assert!(fx.ws.check_ledger_chain(&fx.clerk).await.unwrap().ok);
    // The ledger itself refuses changes, whoever asks.
    let mut c = file(&fx).await;
    let e = sqlx::query("UPDATE certification SET party_name = 'X'")
        .execute(&mut c)
        .await;
    assert!(e.is_err());
    let e = sqlx::query("DELETE FROM certification")
        .execute(&mut c)
        .await;
    assert!(e.is_err());
}

#[tokio::test]
async fn forged_and_garbage_codes_are_told_apart() {
    let fx = fixture(Locale::Sv).await;
    let a = fx
        .ws
        .certify(&fx.registrar, request(fx.service, CertificationKind::Copy))
        .await
        .unwrap();
    let code = a.seal_url.split("c=").nth(1).unwrap().to_string();
    let mut bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(&code)
        .unwrap();
    // The party's name is inside the signed bytes: make "Čičová" read "Dičová".
    let at = bytes.len() / 3;
    bytes[at] ^= 0x04;
    let forged = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&bytes);
    let v = |code: String| async {
        fx.ws
            .verify_seal(&fx.clerk, VerifySealRequest { code })
            .await
            .unwrap()
            .verdict
    };
    assert_eq!(v(code.clone()).await, SealVerdict::Genuine);
    assert_eq!(v(forged).await, SealVerdict::Forged);
    assert_eq!(v("hello".into()).await, SealVerdict::Malformed);
    assert_eq!(v(String::new()).await, SealVerdict::Malformed);
}

/// Opens the working copy the way an attacker would: straight at the file, triggers dropped.
async fn tamper(fx: &Fx, sql: &[&str]) {
    let mut c = SqliteConnection::connect(&format!("sqlite://{}", fx.path.display()))
        .await
        .unwrap();
    for s in [
        "DROP TRIGGER certification_append_only_update",
        "DROP TRIGGER certification_append_only_delete",
    ]
    .iter()
    .chain(sql)
    {
        sqlx::query(s).execute(&mut c).await.unwrap();
    }
    c.close().await.unwrap();
}

async fn five(fx: &Fx) -> Vec<LedgerEntryView> {
    let mut out = Vec::new();
    for _ in 0..5 {
        out.push(
            fx.ws
                .certify(&fx.registrar, request(fx.service, CertificationKind::Copy))
                .await
                .unwrap(),
        );
    }
    assert!(fx.ws.check_ledger_chain(&fx.clerk).await.unwrap().ok);
    out
}

#[tokio::test]
async fn the_chain_check_finds_an_edited_entry() {
    let fx = fixture(Locale::Hu).await;
    five(&fx).await;
    tamper(
        &fx,
        &["UPDATE certification SET party_name = 'Someone Else' WHERE chain_pos = 3"],
    )
    .await;
    let r = fx.ws.check_ledger_chain(&fx.clerk).await.unwrap();
    let b = r.first_break.unwrap();
    assert_eq!((b.kind, b.position), (ChainBreakKind::Edited, 3));
    assert_eq!(b.number.as_deref(), Some("CE-2026/00003"));
    assert!(!r.ok);
}

#[tokio::test]
async fn the_chain_check_finds_an_edit_that_recomputed_the_hash() {
    let fx = fixture(Locale::Hu).await;
    let e = five(&fx).await;
    // A careful forger rewrites entry 2 and its hash: entry 3 no longer follows it.
    let mut c = SqliteConnection::connect(&format!("sqlite://{}", fx.path.display()))
        .await
        .unwrap();
    sqlx::query("DROP TRIGGER certification_append_only_update")
        .execute(&mut c)
        .await
        .unwrap();
    // The row as the ledger reads it (every column, as JSON).
    let body = okno_core::rows::all_rows(&mut c, "certification")
        .await
        .unwrap()
        .into_iter()
        .find(|r| r["id"] == e[1].id.to_string())
        .unwrap();
    let mut row: okno_core::certification::LedgerRow = serde_json::from_value(body).unwrap();
    row.copies = 9;
    let h = row.compute_hash();
    sqlx::query("UPDATE certification SET copies = 9, entry_hash = ? WHERE id = ?")
        .bind(h)
        .bind(e[1].id.to_string())
        .execute(&mut c)
        .await
        .unwrap();
    c.close().await.unwrap();
    let b = fx
        .ws
        .check_ledger_chain(&fx.clerk)
        .await
        .unwrap()
        .first_break
        .unwrap();
    // Its own hash is consistent now, but the seal no longer carries it, and entry 3 does
    // not follow it: the walk stops at entry 2.
    assert_eq!(b.position, 2);
    assert_eq!(b.kind, ChainBreakKind::BadSeal);
}

#[tokio::test]
async fn the_chain_check_finds_a_deleted_entry() {
    let fx = fixture(Locale::Hu).await;
    five(&fx).await;
    tamper(&fx, &["DELETE FROM certification WHERE chain_pos = 2"]).await;
    let b = fx
        .ws
        .check_ledger_chain(&fx.clerk)
        .await
        .unwrap()
        .first_break
        .unwrap();
    assert_eq!((b.kind, b.position), (ChainBreakKind::Missing, 2));
}

#[tokio::test]
async fn the_chain_check_finds_the_last_entry_deleted() {
    let fx = fixture(Locale::Hu).await;
    five(&fx).await;
    tamper(&fx, &["DELETE FROM certification WHERE chain_pos = 5"]).await;
    let b = fx
        .ws
        .check_ledger_chain(&fx.clerk)
        .await
        .unwrap()
        .first_break
        .unwrap();
    assert_eq!(b.kind, ChainBreakKind::NumberWithoutEntry);
    assert_eq!(b.number.as_deref(), Some("CE-2026/00005"));
}

#[tokio::test]
async fn the_chain_check_finds_reordered_entries() {
    let fx = fixture(Locale::Hu).await;
    five(&fx).await;
    // Swap positions 2 and 4 (through a free position, as the unique key demands).
    tamper(
        &fx,
        &[
            "UPDATE certification SET chain_pos = 100 WHERE chain_pos = 2",
            "UPDATE certification SET chain_pos = 2 WHERE chain_pos = 4",
            "UPDATE certification SET chain_pos = 4 WHERE chain_pos = 100",
        ],
    )
    .await;
    let b = fx
        .ws
        .check_ledger_chain(&fx.clerk)
        .await
        .unwrap()
        .first_break
        .unwrap();
    assert_eq!(b.position, 2);
    assert!(matches!(
        b.kind,
        ChainBreakKind::Edited | ChainBreakKind::Broken
    ));
}

fn have(tool: &str) -> bool {
    Command::new(tool).arg("-v").output().is_ok()
}

#[tokio::test]
async fn the_certified_copy_reads_back_and_its_qr_seal_verifies() {
    assert!(
        have("pdftotext") && have("zbarimg"),
        "poppler-utils and zbar-tools are installed by scripts/setup-system --tests"
    );
    let fx = fixture(Locale::Hu).await;
    let e = fx
        .ws
        .certify(&fx.registrar, request(fx.service, CertificationKind::Copy))
        .await
        .unwrap();
    let (name, pdf) = fx.ws.certified_copy_pdf(&fx.registrar, e.id).await.unwrap();
    assert_eq!(name, "CE-2026-00001.pdf");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("copy.pdf");
    std::fs::write(&file, &pdf).unwrap();

    let text = Command::new("pdftotext")
        .arg(&file)
        .arg("-")
        .output()
        .unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    for needle in [
        "Hiteles másolat",
        "Igazolom, hogy ez a 2 oldalas másolat",
        "CE-2026/00001",
        "Čičová Ľubica",
        "Kovács Gábor",
        "Polgármesteri Hivatal Révkomárom",
    ] {
        assert!(text.contains(needle), "{needle:?} missing from:\n{text}");
    }
    let pages = Command::new("pdfinfo").arg(&file).output().unwrap();
    assert!(String::from_utf8_lossy(&pages.stdout).contains("Pages:           2"));

    let png = dir.path().join("page");
    let ok = Command::new("pdftoppm")
        .args(["-r", "150", "-png", "-f", "1", "-l", "1", "-singlefile"])
        .arg(&file)
        .arg(&png)
        .status()
        .unwrap();
    assert!(ok.success());
    let out = Command::new("zbarimg")
        .args(["--quiet", "--raw"])
        .arg(dir.path().join("page.png"))
        .output()
        .unwrap();
    let scanned = String::from_utf8(out.stdout).unwrap().trim().to_string();
    assert_eq!(scanned, e.seal_url, "the QR code holds the seal");
    let verdict = |code: String| async {
        fx.ws
            .verify_seal(&fx.clerk, VerifySealRequest { code })
            .await
            .unwrap()
            .verdict
    };
    assert_eq!(verdict(scanned.clone()).await, SealVerdict::Genuine);
    // One byte changed anywhere in the payload: no longer genuine.
    let code = okno_core::seal::code_of(&scanned).to_string();
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(&code)
        .unwrap();
    for i in (0..bytes.len()).step_by(7) {
        let mut b = bytes.clone();
        b[i] = b[i].wrapping_add(1);
        let c = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&b);
        assert_ne!(verdict(c).await, SealVerdict::Genuine, "byte {i}");
    }
}

/// The QR code of a certificate and the first page rendered and scanned: what a phone reads.
async fn scanned_qr(fx: &Fx, id: Uuid) -> String {
    let (_, pdf) = fx.ws.certified_copy_pdf(&fx.registrar, id).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("copy.pdf");
    std::fs::write(&file, &pdf).unwrap();
    let ok = Command::new("pdftoppm")
        .args(["-r", "150", "-png", "-f", "1", "-l", "1", "-singlefile"])
        .arg(&file)
        .arg(dir.path().join("page"))
        .status()
        .unwrap();
    assert!(ok.success());
    let out = Command::new("zbarimg")
        .args(["--quiet", "--raw"])
        .arg(dir.path().join("page.png"))
        .output()
        .unwrap();
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

#[tokio::test]
async fn a_desk_on_its_own_prints_a_qr_a_phone_opens_once_an_admin_sets_the_public_address() {
    assert!(
        have("pdftoppm") && have("zbarimg"),
        "poppler-utils and zbar-tools are installed by scripts/setup-system --tests"
    );
    let fx = fixture(Locale::Sk).await;
    let admin = fx
        .ws
        .actor(Some(&fx.ws.login("admin", PASSWORD).await.unwrap().token))
        .unwrap();
    let keys = fx.ws.seal_keys(&fx.clerk).await.unwrap();
    assert_eq!(keys.verify_address, "okno:verify");
    assert_eq!(keys.verify_address_source, VerifyAddressSource::Local);
    assert!(
        keys.keys.is_empty(),
        "the office key is made with the first act"
    );

    // No address anywhere: the QR holds okno:verify, which only Okno reads.
    let e = fx
        .ws
        .certify(&fx.registrar, request(fx.service, CertificationKind::Copy))
        .await
        .unwrap();
    assert!(e.seal_url.starts_with("okno:verify?c="), "{}", e.seal_url);
    assert_eq!(scanned_qr(&fx, e.id).await, e.seal_url);
    let keys = fx.ws.seal_keys(&fx.clerk).await.unwrap();
    assert_eq!(keys.keys.len(), 1);
    let key = &keys.keys[0];
    assert_eq!(key.status, SealKeyStatus::Current);
    assert_eq!(
        Some(key.fingerprint.clone()),
        okno_core::seal::fingerprint_hex(&key.public_key)
    );
    assert_eq!(
        key.fingerprint.len(),
        39,
        "eight groups of four: {}",
        key.fingerprint
    );
    assert_eq!(keys.keys_address, None);

    // Only an admin sets it, and only to an https address.
    assert!(matches!(
        fx.ws
            .set_public_address(&fx.clerk, "https://okno.example.sk")
            .await,
        Err(CoreError::Forbidden)
    ));
    for bad in [
        "http://okno.example.sk",
        "okno.example.sk",
        "https://okno.example.sk/?x=1",
    ] {
        match fx.ws.set_public_address(&admin, bad).await {
            Err(CoreError::Validation(f)) => assert_eq!(f[0].field, "public_address", "{bad}"),
            other => panic!("{bad}: {other:?}"),
        }
    }
    fx.ws
        .set_public_address(&admin, " https://okno.example.sk/verify/ ")
        .await
        .unwrap();
    let keys = fx.ws.seal_keys(&fx.clerk).await.unwrap();
    assert_eq!(
        keys.public_address.as_deref(),
        Some("https://okno.example.sk")
    );
    assert_eq!(keys.verify_address, "https://okno.example.sk/verify");
    assert_eq!(
        keys.verify_address_source,
        VerifyAddressSource::PublicAddress
    );
    assert_eq!(
        keys.keys_address.as_deref(),
        Some("https://okno.example.sk/.well-known/okno/seal-keys")
    );
    assert_eq!(
        count(
            &fx,
            "SELECT COUNT(*) FROM outbox WHERE name = 'office.set_public_address'"
        )
        .await,
        1,
        "synced like every change"
    );

    // The same seal, now behind an address a phone opens, on screen and on paper.
    let again = fx.ws.get_ledger_entry(&fx.clerk, e.id).await.unwrap();
    let code = okno_core::seal::code_of(&e.seal_url);
    assert_eq!(
        again.seal_url,
        format!("https://okno.example.sk/verify?c={code}")
    );
    let scanned = scanned_qr(&fx, e.id).await;
    assert_eq!(scanned, again.seal_url, "the QR code opens the public page");
    let verdict = fx
        .ws
        .verify_seal(&fx.clerk, VerifySealRequest { code: scanned })
        .await
        .unwrap();
    assert_eq!(verdict.verdict, SealVerdict::Genuine);

    // Taken away again: back to okno:verify.
    fx.ws.set_public_address(&admin, "").await.unwrap();
    let back = fx.ws.get_ledger_entry(&fx.clerk, e.id).await.unwrap();
    assert!(back.seal_url.starts_with("okno:verify?c="));
}

#[tokio::test]
async fn the_ledger_report_lists_the_period() {
    let fx = fixture(Locale::Fa).await;
    five(&fx).await;
    let from = chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
    let to = chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
    let (_, pdf) = fx
        .ws
        .ledger_report_pdf(&fx.clerk, from, to, Locale::En)
        .await
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("ledger.pdf");
    std::fs::write(&file, &pdf).unwrap();
    let text = Command::new("pdftotext")
        .arg(&file)
        .arg("-")
        .output()
        .unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.contains("Certification ledger"));
    for n in 1..=5 {
        assert!(text.contains(&format!("CE-2026/0000{n}")), "{text}");
    }
    assert!(text.contains("every entry of the ledger is intact"));
    assert!(fx
        .ws
        .ledger_report_pdf(&fx.clerk, to, from, Locale::En)
        .await
        .is_err());
}

#[test]
fn an_entry_recorded_before_the_ledger_kept_the_partys_sex_still_hashes_as_it_did() {
    // A row as the working copy reads it back (every column, party_sex NULL: recorded before
    // migration 0007). The hash was computed outside Okno over the canonical form of the
    // time: HASH_CONTEXT, then the row's columns as compact JSON, in their order, without
    // entry_hash and seal.
    let legacy = serde_json::json!({
        "id": "0193a000-0000-7000-8000-000000000001",
        "chain_id": "0193a000-0000-7000-8000-0000000000d1",
        "chain_pos": 1,
        "prev_hash": "0".repeat(64),
        "entry_hash": "2bbc9ecc0f313d3b677129780ebb075b38f1eb426129b91ae6797b9773d815aa",
        "number": "CE-2026/00001",
        "year": 2026,
        "kind": "copy",
        "refers_to": null,
        "act": null,
        "party_name": "Ľudmila Čičová",
        "party_birth_date": "1980-03-01",
        "id_document_kind": "identity_card",
        "id_document_number": "EA123456",
        "document_description": "Kúpna zmluva",
        "document_language": "slovenčina",
        "pages": 2,
        "copies": 1,
        "service_id": null,
        "fee_minor": 200,
        "currency": "EUR",
        "case_id": null,
        "reason": null,
        "note": null,
        "registrar_id": "0193a000-0000-7000-8000-0000000000a1",
        "certified_at": 1_795_000_000_000i64,
        "local_day": "2026-11-18",
        "place": "Mestský úrad Rajec",
        "clause_locale": "sk",
        "second_locale": null,
        "original_sha256": null,
        "signature_method": "sheet",
        "signature_sha256": null,
        "seal": "",
        "party_sex": null
    });
    let mut row: okno_core::certification::LedgerRow = serde_json::from_value(legacy).unwrap();
    assert_eq!(row.compute_hash(), row.entry_hash);
    // An entry recorded since carries the party's sex, and its hash covers it.
    row.party_sex = Some("F".into());
    let female = row.compute_hash();
    row.party_sex = Some("M".into());
    assert_ne!(female, row.entry_hash);
    assert_ne!(female, row.compute_hash());
}

#[tokio::test]
async fn the_slovak_clause_follows_the_party_recorded_with_the_entry() {
    let fx = fixture(Locale::Sk).await;
    let mut texts = Vec::new();
    for sex in [Sex::Female, Sex::Male, Sex::Unspecified] {
        let mut req = request(fx.service, CertificationKind::Copy);
        req.party_name = "Ľudmila Čičová".into();
        req.party_sex = sex;
        let e = fx.ws.certify(&fx.registrar, req).await.unwrap();
        assert_eq!(e.party_sex, sex);
        // Read back from the working copy, not from the request.
        let again = fx.ws.get_ledger_entry(&fx.clerk, e.id).await.unwrap();
        assert_eq!(again.party_sex, sex);
        texts.push(again.clauses[0].text.clone());
    }
    assert!(
        texts[0].contains("ktorú predložila Ľudmila Čičová"),
        "{}",
        texts[0]
    );
    assert!(
        texts[1].contains("ktorú predložil Ľudmila Čičová"),
        "{}",
        texts[1]
    );
    assert!(
        texts[2].contains("ktorú predložil(a) Ľudmila Čičová"),
        "{}",
        texts[2]
    );
    // The sex is part of what each entry's hash covers, and the chain holds.
    assert!(fx.ws.check_ledger_chain(&fx.clerk).await.unwrap().ok);
}
