//! Extracts of civil-registry records on a real SQLite working copy: an extract is a numbered,
//! chained, sealed ledger entry and a registry audit entry written together; its PDF reads back
//! with pdftotext (names with their diacritics, the record and ledger numbers) and its QR seal,
//! decoded by zbarimg, verifies; without a case or purpose, or for a cashier, nothing is
//! written.

use std::process::Command;
use std::sync::Arc;

use chrono::{NaiveDate, TimeZone, Utc};
use okno_core::auth::Actor;
use okno_core::{CoreError, ManualClock, Workstation};
use okno_wire::*;
use uuid::Uuid;

use crate::common::*;

struct Fx {
    ws: Workstation,
    _dir: tempfile::TempDir,
    registrar: Actor,
    supervisor: Actor,
    cashier: Actor,
    service: Uuid,
}

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn person(n: u128, given: &str, family: &str, sex: Sex, born: &str) -> RegistryPerson {
    RegistryPerson {
        id: Uuid::from_u128(n),
        given_names: given.into(),
        family_name: family.into(),
        birth_family_name: None,
        sex,
        birth_date: Some(d(born)),
        birth_place: "Komárno".into(),
        death_date: None,
        father_id: None,
        mother_id: None,
        father_name: None,
        mother_name: None,
    }
}

const BIRTH: u128 = 101;
const MARRIAGE: u128 = 102;

fn registry() -> (Vec<RegistryPerson>, Vec<RegistryRecord>) {
    let mut zuzana = person(1, "Zuzana", "Čičová", Sex::Female, "1987-03-12");
    zuzana.father_name = Some("Ján Čič".into());
    zuzana.mother_name = Some("Mária Čičová".into());
    let gabor = person(2, "Gábor", "Kovács", Sex::Male, "1975-06-01");
    let mut anna = person(3, "Anna Mária", "Kovácsová", Sex::Female, "1980-02-29");
    anna.birth_family_name = Some("Szabó".into());
    let record = |n: u128, kind: RecordKind, number: &str, date: &str, who: u128| RegistryRecord {
        id: Uuid::from_u128(n),
        kind,
        number: number.into(),
        book: format!("{}-{}", kind.letter(), &date[..4]),
        volume: "I".into(),
        page: 12,
        date: d(date),
        place: "Komárno".into(),
        person_id: Uuid::from_u128(who),
        partner_id: None,
        note: None,
    };
    let mut marriage = record(
        MARRIAGE,
        RecordKind::Marriage,
        "M-2005-00007",
        "2005-08-20",
        2,
    );
    marriage.partner_id = Some(Uuid::from_u128(3));
    (
        vec![zuzana, gabor, anna],
        vec![
            record(BIRTH, RecordKind::Birth, "B-1987-00042", "1987-03-12", 1),
            marriage,
        ],
    )
}

async fn fixture(locale: Locale) -> Fx {
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(ManualClock::new(
        Utc.with_ymd_and_hms(2026, 11, 20, 9, 0, 0).unwrap(),
    ));
    let (name, address, calendar) = match locale {
        Locale::Fa => (
            "اداره ثبت احوال منطقه ۳ تهران",
            "خیابان ولیعصر، پلاک ۱۲، تهران",
            Calendar::Persian,
        ),
        _ => (
            "Mestský úrad Komárno",
            "Nám. gen. Klapku 1, Komárno",
            Calendar::Gregorian,
        ),
    };
    let (ws, admin) = open_office(
        &dir.path().join("extract.db"),
        clock,
        office(name, address, locale, "Europe/Bratislava", calendar),
    )
    .await;
    add_staff(
        &ws,
        &admin,
        &[
            ("reka", "Réka Szőke", Role::Registrar),
            ("maryam", "Maryam Ahmadi", Role::Supervisor),
            ("kasa", "Kasa", Role::Cashier),
        ],
        Locale::En,
    )
    .await;
    let agency = ws
        .save_agency(
            &admin,
            AgencyInput {
                id: None,
                code: "REG".into(),
                names: in_every_language("Registry"),
                active: true,
            },
        )
        .await
        .unwrap();
    let service = ws
        .save_service(
            &admin,
            ServiceInput {
                id: None,
                agency_id: agency.id,
                code: "REG-EXTRACT".into(),
                names: in_every_language("Extract"),
                fee_minor: 500,
                required_documents: vec![],
                deadline_days: 0,
                queue_category: "R".into(),
                account: String::new(),
                active: true,
            },
        )
        .await
        .unwrap()
        .id;
    let registrar = sign_in(&ws, "reka").await;
    let supervisor = sign_in(&ws, "maryam").await;
    let cashier = sign_in(&ws, "kasa").await;
    let (persons, records) = registry();
    okno_core::registry::load(&ws, &persons, &records)
        .await
        .unwrap();
    Fx {
        ws,
        _dir: dir,
        registrar,
        supervisor,
        cashier,
        service,
    }
}

fn request(fx: &Fx, record: u128) -> ExtractRequest {
    ExtractRequest {
        record_id: Uuid::from_u128(record),
        party_name: "Zuzana Čičová".into(),
        case_number: None,
        purpose: Some("Extract for a passport application".into()),
        copies: 2,
        service_id: fx.service,
    }
}

async fn audit(fx: &Fx) -> Vec<AuditEntryView> {
    fx.ws
        .registry_audit(&fx.supervisor, AuditFilter::default())
        .await
        .unwrap()
        .entries
}

async fn ledger_size(fx: &Fx) -> i64 {
    fx.ws
        .list_ledger(&fx.registrar, LedgerFilter::default())
        .await
        .unwrap()
        .total
}

fn have(tool: &str) -> bool {
    Command::new(tool).arg("-v").output().is_ok()
}

/// Writes `pdf` and returns its text and the QR code read from its first page.
fn read_pdf(pdf: &[u8], dir: &std::path::Path) -> (String, String) {
    let file = dir.join("extract.pdf");
    std::fs::write(&file, pdf).unwrap();
    let text = Command::new("pdftotext")
        .arg(&file)
        .arg("-")
        .output()
        .unwrap();
    let ok = Command::new("pdftoppm")
        .args(["-r", "150", "-png", "-f", "1", "-l", "1", "-singlefile"])
        .arg(&file)
        .arg(dir.join("page"))
        .status()
        .unwrap();
    assert!(ok.success());
    let qr = Command::new("zbarimg")
        .args(["--quiet", "--raw"])
        .arg(dir.join("page.png"))
        .output()
        .unwrap();
    (
        String::from_utf8(text.stdout).unwrap(),
        String::from_utf8(qr.stdout).unwrap().trim().to_string(),
    )
}

#[tokio::test]
async fn an_extract_of_a_birth_is_numbered_sealed_audited_and_printed() {
    assert!(
        have("pdftotext") && have("zbarimg"),
        "poppler-utils and zbar-tools are installed by scripts/setup-system --tests"
    );
    let fx = fixture(Locale::En).await;
    let e = fx
        .ws
        .certify_extract(&fx.registrar, request(&fx, BIRTH))
        .await
        .unwrap();
    assert_eq!(e.kind, LedgerEntryKind::Extract);
    assert_eq!(e.act, Some(CertificationKind::Extract));
    assert_eq!(e.number, "CE-2026/00001");
    assert_eq!((e.copies, e.fee_minor), (2, 1000));
    assert!(e.pending_sync, "queued for the server");
    assert!(e
        .document_description
        .starts_with("birth B-1987-00042; name=Zuzana Čičová;"));
    assert!(e.document_description.contains("father=Ján Čič"));
    // The seal's document hash is the hash of the extracted facts.
    let facts_hash = {
        use sha2::Digest;
        hex::encode(sha2::Sha256::digest(e.document_description.as_bytes()))
    };
    assert_eq!(e.original_sha256.as_deref(), Some(facts_hash.as_str()));
    assert_eq!(e.clauses[0].title, "Extract from the register of births");
    assert!(e.clauses[0].text.contains("record B-1987-00042"));

    let chain = fx.ws.check_ledger_chain(&fx.registrar).await.unwrap();
    assert!(chain.ok, "{chain:?}");
    assert_eq!(chain.entries, 1);

    let log = audit(&fx).await;
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].action, AuditAction::Extract);
    assert_eq!(log[0].record_number.as_deref(), Some("B-1987-00042"));
    assert_eq!(log[0].person_name, "Zuzana Čičová");
    assert_eq!(
        log[0].purpose.as_deref(),
        Some("Extract for a passport application")
    );

    let (name, pdf) = fx.ws.certified_copy_pdf(&fx.registrar, e.id).await.unwrap();
    assert_eq!(name, "CE-2026-00001.pdf");
    let dir = tempfile::tempdir().unwrap();
    let (text, scanned) = read_pdf(&pdf, dir.path());
    for needle in [
        "Extract from the register of births",
        "Mestský úrad Komárno",
        "Zuzana Čičová",
        "Ján Čič",
        "Mária Čičová",
        "B-1987-00042",
        "CE-2026/00001",
        "Réka Szőke",
        "Date of birth",
        "female",
    ] {
        assert!(text.contains(needle), "{needle:?} missing from:\n{text}");
    }
    assert_eq!(scanned, e.seal_url, "the QR code holds the seal");
    let check = fx
        .ws
        .verify_seal(&fx.cashier, VerifySealRequest { code: scanned })
        .await
        .unwrap();
    assert_eq!(check.verdict, SealVerdict::Genuine);
    assert!(check.entry_known);
    let contents = check.contents.unwrap();
    assert_eq!(contents.kind, okno_wire::SealKind::Extract);
    assert_eq!(contents.original_sha256, Some(facts_hash));
    assert!(contents
        .document_description
        .starts_with("birth B-1987-00042; name=Zuzana Čičová"));
}

#[tokio::test]
async fn a_marriage_extract_names_both_spouses_and_audits_both() {
    let fx = fixture(Locale::Hu).await;
    let e = fx
        .ws
        .certify_extract(&fx.registrar, request(&fx, MARRIAGE))
        .await
        .unwrap();
    assert_eq!(e.clauses[0].title, "Házassági anyakönyvi kivonat");
    assert!(e.document_description.contains("spouse=Gábor Kovács"));
    assert!(e
        .document_description
        .contains("spouse=Anna Mária Kovácsová"));
    assert!(e.document_description.contains("birth_name=Szabó"));
    let log = audit(&fx).await;
    assert_eq!(log.len(), 2, "one entry per person the extract names");
    assert!(log
        .iter()
        .all(|a| a.action == AuditAction::Extract
            && a.record_number.as_deref() == Some("M-2005-00007")));
    let (_, pdf) = fx.ws.certified_copy_pdf(&fx.registrar, e.id).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (text, _) = read_pdf(&pdf, dir.path());
    for needle in [
        "Házassági anyakönyvi kivonat",
        "Kovácsová",
        "Szabó",
        "Házastárs",
    ] {
        assert!(text.contains(needle), "{needle:?} missing from:\n{text}");
    }
}

#[tokio::test]
async fn without_a_case_or_purpose_nothing_is_written() {
    let fx = fixture(Locale::Sk).await;
    let mut req = request(&fx, BIRTH);
    req.purpose = None;
    let err = fx.ws.certify_extract(&fx.registrar, req).await.unwrap_err();
    match err {
        CoreError::Validation(f) => assert_eq!(f[0].field, "purpose"),
        other => panic!("{other:?}"),
    }
    let mut unknown_case = request(&fx, BIRTH);
    unknown_case.purpose = None;
    unknown_case.case_number = Some("X-2026-99999".into());
    assert!(fx
        .ws
        .certify_extract(&fx.registrar, unknown_case)
        .await
        .is_err());
    let mut none = request(&fx, BIRTH);
    none.copies = 0;
    assert!(fx.ws.certify_extract(&fx.registrar, none).await.is_err());
    let mut missing = request(&fx, BIRTH);
    missing.record_id = Uuid::from_u128(999);
    assert!(matches!(
        fx.ws.certify_extract(&fx.registrar, missing).await,
        Err(CoreError::NotFound(_))
    ));
    assert_eq!(ledger_size(&fx).await, 0, "no ledger entry");
    assert!(audit(&fx).await.is_empty(), "no audit entry");
    // The number was not spent either: the next extract takes the first.
    let e = fx
        .ws
        .certify_extract(&fx.registrar, request(&fx, BIRTH))
        .await
        .unwrap();
    assert_eq!(e.number, "CE-2026/00001");
}

#[tokio::test]
async fn a_cashier_may_not_issue_extracts() {
    let fx = fixture(Locale::Sv).await;
    let err = fx
        .ws
        .certify_extract(&fx.cashier, request(&fx, BIRTH))
        .await
        .unwrap_err();
    assert!(matches!(err, CoreError::Forbidden), "{err:?}");
    assert_eq!(ledger_size(&fx).await, 0);
    assert!(audit(&fx).await.is_empty());
}

#[tokio::test]
async fn an_extract_is_not_made_through_certify() {
    let fx = fixture(Locale::En).await;
    let err = fx
        .ws
        .certify(
            &fx.registrar,
            CertifyRequest {
                kind: CertificationKind::Extract,
                party_name: "Zuzana Čičová".into(),
                party_birth_date: None,
                party_sex: Sex::Unspecified,
                id_document_kind: IdDocumentKind::Passport,
                id_document_number: "P1".into(),
                id_document_checked: true,
                document_description: "birth B-1987-00042; name=Somebody Else".into(),
                document_language: "en".into(),
                pages: 1,
                copies: 1,
                service_id: fx.service,
                case_number: None,
                second_locale: None,
                original: None,
                signature_method: SignatureMethod::Sheet,
                signature_png_base64: None,
                note: None,
            },
        )
        .await
        .unwrap_err();
    assert!(matches!(err, CoreError::Validation(_)), "{err:?}");
    assert_eq!(ledger_size(&fx).await, 0);
}

/// Renders the extract of `record` in `locale` to PNG under `OKNO_SCREENSHOTS` (when set), for
/// looking at.
async fn screenshot(locale: Locale, record: u128) {
    let Ok(out) = std::env::var("OKNO_SCREENSHOTS") else {
        return;
    };
    let fx = fixture(locale).await;
    let e = fx
        .ws
        .certify_extract(&fx.registrar, request(&fx, record))
        .await
        .unwrap();
    let (_, pdf) = fx.ws.certified_copy_pdf(&fx.registrar, e.id).await.unwrap();
    let base = std::path::Path::new(&out).join(format!("extract-{}-{record}", locale.code()));
    std::fs::write(base.with_extension("pdf"), &pdf).unwrap();
    let ok = Command::new("pdftoppm")
        .args(["-png", "-r", "80", "-singlefile"])
        .arg(base.with_extension("pdf"))
        .arg(&base)
        .status()
        .unwrap();
    assert!(ok.success());
}

#[tokio::test]
async fn screenshots() {
    for locale in [Locale::En, Locale::Fa] {
        screenshot(locale, BIRTH).await;
        screenshot(locale, MARRIAGE).await;
    }
}
