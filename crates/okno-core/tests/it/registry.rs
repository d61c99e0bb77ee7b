//! The civil registry on a real SQLite working copy: search over a fixture registry in the
//! five languages' scripts (diacritics, Persian letter forms, zero-width non-joiners, Persian
//! digits and dates, parents' names, maiden names, record numbers, ranking), a property test
//! that every stored name is found by its diacritic-free form, the person's card with records
//! and family, and the audit: refused without a case or purpose, one entry per opened person,
//! append-only, queued for the server, visible and exportable for supervisors only.

use std::sync::Arc;

use chrono::{NaiveDate, TimeZone, Utc};
use okno_core::auth::Actor;
use okno_core::{CoreError, ManualClock, Workstation};
use okno_wire::*;
use proptest::prelude::*;
use sqlx::Connection;
use unicode_normalization::UnicodeNormalization;
use uuid::Uuid;

use crate::common::*;

struct Fx {
    ws: Workstation,
    _dir: tempfile::TempDir,
    path: std::path::PathBuf,
    clock: Arc<ManualClock>,
    registrar: Actor,
    supervisor: Actor,
    cashier: Actor,
}

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn id(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

fn person(n: u128, given: &str, family: &str, sex: Sex, born: &str) -> RegistryPerson {
    RegistryPerson {
        id: id(n),
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

fn record(n: u128, kind: RecordKind, number: &str, date: &str, who: u128) -> RegistryRecord {
    RegistryRecord {
        id: id(n),
        kind,
        number: number.into(),
        book: format!("{}-{}", kind.letter(), &date[..4]),
        volume: "I".into(),
        page: 12,
        date: d(date),
        place: "Komárno".into(),
        person_id: id(who),
        partner_id: None,
        note: None,
    }
}

/// A small registry with every script and rule of the search in it.
fn fixture_registry() -> (Vec<RegistryPerson>, Vec<RegistryRecord>) {
    let mut zuzana = person(1, "Zuzana", "Čičová", Sex::Female, "1987-03-12");
    zuzana.father_name = Some("Ján Čič".into());
    zuzana.mother_name = Some("Mária Čičová".into());
    let mut gabor = person(2, "Gábor", "Kovács", Sex::Male, "1975-06-01");
    gabor.father_name = Some("István Kovács".into());
    gabor.mother_name = Some("Erzsébet Szabó".into());
    let mut anna = person(3, "Anna Mária", "Nagy", Sex::Female, "1980-02-29");
    anna.birth_family_name = Some("Szabó".into());
    let asa = person(4, "Åsa", "Öberg", Sex::Female, "1990-05-01");
    let mut bjorn = person(5, "Björn", "Ångström", Sex::Male, "1950-11-11");
    bjorn.death_date = Some(d("2020-01-02"));
    let sean = person(6, "Seán", "O'Brien", Sex::Male, "1991-01-13");
    // Persian script, with the Persian letter forms of yeh and kaf.
    let mut ali = person(7, "علی", "کریمی", Sex::Male, "1987-03-25");
    ali.birth_place = "تهران".into();
    ali.father_name = Some("حسین کریمی".into());
    // A zero-width non-joiner inside the family name.
    let mahsa = person(8, "مهسا", "نیک\u{200C}نام", Sex::Female, "1999-09-09");
    let mut dora = person(9, "Dóra", "Kovács", Sex::Female, "2010-04-04");
    dora.father_id = Some(id(2));
    dora.mother_id = Some(id(3));
    dora.father_name = Some("Gábor Kovács".into());
    dora.mother_name = Some("Anna Mária Kovácsová".into());
    let peter = person(10, "Péter", "Kovácsik", Sex::Male, "1975-06-02");
    let persons = vec![
        zuzana, gabor, anna, asa, bjorn, sean, ali, mahsa, dora, peter,
    ];
    let mut marriage = record(102, RecordKind::Marriage, "M-2005-00007", "2005-08-20", 2);
    marriage.partner_id = Some(id(3));
    let records = vec![
        record(101, RecordKind::Birth, "B-1987-00042", "1987-03-12", 1),
        marriage,
        record(103, RecordKind::Death, "D-2020-00003", "2020-01-02", 5),
        record(104, RecordKind::Birth, "B-2010-00100", "2010-04-04", 9),
        record(105, RecordKind::Birth, "B-1987-00043", "1987-03-25", 7),
    ];
    (persons, records)
}

async fn fixture() -> Fx {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("registry.db");
    let clock = Arc::new(ManualClock::new(
        Utc.with_ymd_and_hms(2026, 11, 20, 9, 0, 0).unwrap(),
    ));
    let (ws, admin) = open_office(
        &path,
        clock.clone(),
        office(
            "Mestský úrad Komárno",
            "Nám. gen. Klapku 1, Komárno",
            Locale::Sk,
            "Europe/Bratislava",
            Calendar::Gregorian,
        ),
    )
    .await;
    add_staff(
        &ws,
        &admin,
        &[
            ("reka", "REKA", Role::Registrar),
            ("maryam", "MARYAM", Role::Supervisor),
            ("kasa", "KASA", Role::Cashier),
        ],
        Locale::En,
    )
    .await;
    let registrar = sign_in(&ws, "reka").await;
    let supervisor = sign_in(&ws, "maryam").await;
    let cashier = sign_in(&ws, "kasa").await;
    let (persons, records) = fixture_registry();
    okno_core::registry::load(&ws, &persons, &records)
        .await
        .unwrap();
    Fx {
        ws,
        _dir: dir,
        path,
        clock,
        registrar,
        supervisor,
        cashier,
    }
}

impl Fx {
    async fn search(&self, text: &str) -> Vec<Uuid> {
        self.search_with(text, None).await
    }

    async fn search_with(&self, text: &str, parent: Option<&str>) -> Vec<Uuid> {
        self.ws
            .search_registry(
                &self.registrar,
                RegistrySearch {
                    text: text.into(),
                    parent: parent.map(Into::into),
                    limit: Some(50),
                },
            )
            .await
            .unwrap()
            .hits
            .into_iter()
            .map(|h| h.id)
            .collect()
    }

    async fn audit(&self) -> AuditList {
        self.ws
            .registry_audit(&self.supervisor, AuditFilter::default())
            .await
            .unwrap()
    }

    async fn open(&self, who: u128, purpose: Option<&str>) -> Result<PersonCard, CoreError> {
        self.clock.advance(chrono::Duration::minutes(1));
        self.ws
            .open_person(
                &self.registrar,
                OpenPersonRequest {
                    person_id: id(who),
                    case_number: None,
                    purpose: purpose.map(Into::into),
                },
            )
            .await
    }
}

#[tokio::test]
async fn search_folds_diacritics_scripts_and_digits() {
    let fx = fixture().await;
    // Diacritics and case.
    assert_eq!(fx.search("Cicova").await, vec![id(1)]);
    assert_eq!(fx.search("čič").await, vec![id(1)]);
    assert_eq!(fx.search("Asa").await, vec![id(4)]);
    assert_eq!(fx.search("ANGSTROM bjorn").await, vec![id(5)]);
    assert_eq!(fx.search("Sean obrien").await, vec![id(6)]);
    assert_eq!(fx.search("o'brien").await, vec![id(6)]);
    // Any part of the name, in any order; a maiden name finds the person too.
    assert_eq!(fx.search("maria anna").await, vec![id(3)]);
    assert_eq!(fx.search("Szabo").await, vec![id(3)]);
    // Persian: the Arabic forms of yeh and kaf, and without the zero-width non-joiner.
    assert_eq!(fx.search("علي كريمي").await, vec![id(7)]);
    assert_eq!(fx.search("كريمى").await, vec![id(7)]);
    assert_eq!(fx.search("نیکنام").await, vec![id(8)]);
    assert_eq!(fx.search("نيك").await, vec![id(8)]);
}

#[tokio::test]
async fn search_by_dates_parents_and_record_numbers_ranked() {
    let fx = fixture().await;
    // Exact words before longer ones; then alphabetically.
    let kovacs = fx.search("Kovacs").await;
    assert_eq!(kovacs.len(), 3);
    assert_eq!(
        kovacs[2],
        id(10),
        "Kovácsik after the exact Kovács: {kovacs:?}"
    );
    // A full name with a birth year narrows it down.
    assert_eq!(fx.search("Kovács Gábor 1975").await, vec![id(2)]);
    assert_eq!(fx.search("kovacs 2010").await, vec![id(9)]);
    // Birth dates and partial dates, in the ways people write them.
    assert_eq!(fx.search("12.3.1987").await, vec![id(1)]);
    assert_eq!(fx.search("1987-03-12").await, vec![id(1)]);
    let march = fx.search("3.1987").await;
    assert_eq!(march.len(), 2);
    assert!(march.contains(&id(1)) && march.contains(&id(7)));
    // A Persian date in Persian digits: 5 Farvardin 1366 is 25 March 1987.
    assert_eq!(fx.search("۱۳۶۶/۱/۵").await, vec![id(7)]);
    assert_eq!(fx.search("كريمي ١٣٦٦").await, vec![id(7)]);
    // Parents' names.
    assert_eq!(fx.search_with("", Some("Erzsebet")).await, vec![id(2)]);
    assert_eq!(fx.search_with("kovacs", Some("gabor")).await, vec![id(9)]);
    assert_eq!(fx.search_with("", Some("حسين")).await, vec![id(7)]);
    // Record numbers, however they are typed; a marriage finds both spouses.
    assert_eq!(fx.search("B-1987-00042").await, vec![id(1)]);
    assert_eq!(
        fx.search("b 1987 00042").await.len(),
        0,
        "spaces split words"
    );
    assert_eq!(fx.search("b/1987/00042").await, vec![id(1)]);
    let mut spouses = fx.search("M-2005-00007").await;
    spouses.sort();
    assert_eq!(spouses, vec![id(2), id(3)]);
    // Nothing matches: an empty list, not an error.
    assert!(fx.search("Xyzzy").await.is_empty());
    assert!(fx.search("").await.is_empty());
}

#[tokio::test]
async fn the_card_shows_records_and_family() {
    let fx = fixture().await;
    let card = fx.open(3, Some("Marriage certificate copy")).await.unwrap();
    assert_eq!(card.person.family_name, "Nagy");
    assert_eq!(card.marital_status, MaritalStatus::Married);
    assert!(card
        .records
        .iter()
        .any(|r| r.kind == RecordKind::Marriage && r.number == "M-2005-00007"));
    let relations: Vec<(Uuid, FamilyRelation)> =
        card.family.iter().map(|l| (l.id, l.relation)).collect();
    assert!(
        relations.contains(&(id(2), FamilyRelation::Spouse)),
        "{relations:?}"
    );
    assert!(
        relations.contains(&(id(9), FamilyRelation::Child)),
        "{relations:?}"
    );
    let child = fx.open(9, Some("Birth certificate copy")).await.unwrap();
    let relations: Vec<(Uuid, FamilyRelation)> =
        child.family.iter().map(|l| (l.id, l.relation)).collect();
    assert!(relations.contains(&(id(2), FamilyRelation::Father)));
    assert!(relations.contains(&(id(3), FamilyRelation::Mother)));
    let bjorn = fx.open(5, Some("Death certificate copy")).await.unwrap();
    assert_eq!(bjorn.person.death_date, Some(d("2020-01-02")));
}

#[tokio::test]
async fn opening_needs_a_case_or_purpose_and_every_open_is_audited() {
    let fx = fixture().await;
    let queued = fx.ws.outbox_status().await.unwrap().pending;
    // Refused without a reason, with a too short one, with an unknown case; nothing written.
    match fx.open(1, None).await {
        Err(CoreError::Validation(f)) => {
            assert_eq!(f[0].field, "purpose");
            assert_eq!(f[0].code, FieldErrorCode::Required);
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        fx.open(1, Some("  ab ")).await,
        Err(CoreError::Validation(_))
    ));
    let unknown_case = fx
        .ws
        .open_person(
            &fx.registrar,
            OpenPersonRequest {
                person_id: id(1),
                case_number: Some("2026/99999".into()),
                purpose: None,
            },
        )
        .await;
    match unknown_case {
        Err(CoreError::Validation(f)) => assert_eq!(f[0].code, FieldErrorCode::UnknownCase),
        other => panic!("{other:?}"),
    }
    // A cashier does not look people up at all.
    assert!(matches!(
        fx.ws
            .search_registry(&fx.cashier, RegistrySearch::default())
            .await,
        Err(CoreError::Forbidden)
    ));
    assert_eq!(fx.audit().await.total, 0);
    assert_eq!(fx.ws.outbox_status().await.unwrap().pending, queued);

    // Every open leaves its entry, newest first, with who and why.
    fx.open(1, Some("Identity check for a signature"))
        .await
        .unwrap();
    fx.open(7, Some("Copy of a birth record")).await.unwrap();
    fx.open(1, Some("Second look, same citizen")).await.unwrap();
    let list = fx.audit().await;
    assert_eq!(list.total, 3);
    assert_eq!(
        list.entries[0].purpose.as_deref(),
        Some("Second look, same citizen")
    );
    assert!(list
        .entries
        .iter()
        .all(|e| e.staff_id == fx.registrar.staff_id));
    assert!(list.entries.iter().all(|e| e.pending_sync));
    assert_eq!(list.entries[1].person_name, "علی کریمی");
    // Found by the person's name, folded.
    let by_person = fx
        .ws
        .registry_audit(
            &fx.supervisor,
            AuditFilter {
                person: Some("cicova".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(by_person.total, 2);
    // Each is a command for the server.
    assert_eq!(fx.ws.outbox_status().await.unwrap().pending, queued + 3);
    // Only supervisors read it; the export carries every entry.
    assert!(matches!(
        fx.ws
            .registry_audit(&fx.registrar, AuditFilter::default())
            .await,
        Err(CoreError::Forbidden)
    ));
    let csv = fx
        .ws
        .registry_audit_csv(&fx.supervisor, AuditFilter::default())
        .await
        .unwrap();
    let csv = String::from_utf8(csv).unwrap();
    assert!(csv.starts_with('\u{feff}'));
    assert_eq!(csv.lines().count(), 4, "{csv}");
    assert!(csv.contains("Identity check for a signature"));
    assert!(csv.contains("Čičová"));

    // Nobody edits or deletes an entry, not even with the file in hand.
    let mut conn = sqlx::SqliteConnection::connect(&format!("sqlite://{}", fx.path.display()))
        .await
        .unwrap();
    let edit = sqlx::query("UPDATE registry_audit SET purpose = 'nothing'")
        .execute(&mut conn)
        .await;
    assert!(edit.is_err());
    let delete = sqlx::query("DELETE FROM registry_audit")
        .execute(&mut conn)
        .await;
    assert!(delete.is_err());
}

/// What a clerk without the diacritics on the keyboard types for a name: the letters without
/// their marks (an independent decomposition, not the search's own folding), in any case; for
/// Persian, the Arabic letter forms and no zero-width non-joiner.
fn plain(name: &str, upper: bool) -> String {
    let s: String = name
        .nfd()
        .filter(|c| !matches!(*c as u32, 0x0300..=0x036F))
        .map(|c| match c {
            '\u{06CC}' => '\u{064A}',
            '\u{06A9}' => '\u{0643}',
            c => c,
        })
        .filter(|c| *c != '\u{200C}')
        .collect();
    if upper {
        s.to_uppercase()
    } else {
        s
    }
}

fn name_strategy() -> impl Strategy<Value = String> {
    let latin = "[a-zA-ZáäčďéíĺľňóôŕšťúýžÁČĎÉŠŽŤőöüűÖÜŐŰåÅøØæßł]{2,10}";
    let persian = "[ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی]{2,5}(\u{200C}[ابپتدرزسکگلمنوهی]{2,4})?";
    prop_oneof![latin, persian]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]
    #[test]
    fn every_stored_name_is_found_by_its_plain_form(
        names in proptest::collection::vec((name_strategy(), name_strategy(), any::<bool>()), 1..30)
    ) {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        rt.block_on(async {
            let fx = fixture().await;
            let persons: Vec<RegistryPerson> = names
                .iter()
                .enumerate()
                .map(|(i, (g, f, _))| person(1000 + i as u128, g, f, Sex::Unspecified, "1970-01-01"))
                .collect();
            okno_core::registry::load(&fx.ws, &persons, &[]).await.unwrap();
            for (p, (_, _, upper)) in persons.iter().zip(&names) {
                let typed = format!(
                    "{} {}",
                    plain(&p.family_name, *upper),
                    plain(&p.given_names, !*upper)
                );
                let found = fx.search(&typed).await;
                prop_assert!(
                    found.contains(&p.id),
                    "{:?} {:?} not found by {:?}",
                    p.given_names,
                    p.family_name,
                    typed
                );
            }
            Ok(())
        })?;
    }
}
