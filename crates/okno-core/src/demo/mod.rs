//! Demo data for trying Okno out: a Slovak client centre serving five cooperating agencies,
//! staff with every role, the service catalogue in all five languages, and a few days of cases.
//! Loaded through the same domain functions a clerk uses, so it is as valid as real data (and
//! lands in the outbox like any other change). Every demo account's password is
//! [`DEMO_PASSWORD`].

use std::sync::Arc;

use chrono::{Duration, Utc};
use okno_wire::{
    AddNoteRequest, AgencyInput, Calendar, CaseStatus, ChangeStatusRequest, Channel,
    FilingDirection, FilingInput, IntakeRequest, Locale, LocalizedText, NewStaff, OfficeInput,
    PartyInput, Priority, Role, ServiceInput, SetupRequest, SetupStatus,
};

use crate::auth::Actor;
use crate::clock::{Clock, ManualClock};
use crate::error::Result;
use crate::Workstation;

pub const DEMO_PASSWORD: &str = "okno-demo";

fn t(en: &str, hu: &str, sk: &str, sv: &str, fa: &str) -> LocalizedText {
    [("en", en), ("hu", hu), ("sk", sk), ("sv", sv), ("fa", fa)]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn id_card() -> LocalizedText {
    t(
        "Identity card or passport",
        "Személyi igazolvány vagy útlevél",
        "Občiansky preukaz alebo pas",
        "Id-kort eller pass",
        "کارت ملی یا گذرنامه",
    )
}

fn deed() -> LocalizedText {
    t(
        "Proof of ownership",
        "Tulajdoni lap",
        "List vlastníctva",
        "Lagfartsbevis",
        "سند مالکیت",
    )
}

/// Persons in the demo office's civil registry.
pub const DEMO_REGISTRY_PERSONS: usize = 10_000;

/// Loads the demo office into an empty working copy. Refused once an office exists.
pub async fn load_demo(ws: &Workstation) -> Result<SetupStatus> {
    let admin = ws
        .create_office(
            &SetupRequest {
                office: OfficeInput {
                    name: "Mestský úrad Rajec – Klientske centrum".into(),
                    address: "Námestie SR 2/2, 015 22 Rajec".into(),
                    locale: Locale::Sk,
                    currency: "EUR".into(),
                    time_zone: "Europe/Bratislava".into(),
                    calendar: Calendar::Gregorian,
                },
                admin: NewStaff {
                    username: "admin".into(),
                    display_name: "Ján Horváth".into(),
                    password: DEMO_PASSWORD.into(),
                    roles: vec![Role::Admin, Role::Supervisor],
                    locale: Locale::En,
                },
            },
            true,
        )
        .await?;
    let mut staff = Vec::new();
    for (username, name, role, locale) in [
        ("eva", "Eva Nováková", Role::Clerk, Locale::Sk),
        ("gabor", "Gábor Kovács", Role::Registrar, Locale::Hu),
        ("asa", "Åsa Lindqvist", Role::Cashier, Locale::Sv),
        ("maryam", "Maryam Rahimi", Role::Supervisor, Locale::Fa),
        ("clerk", "Peter Hudec", Role::Clerk, Locale::En),
    ] {
        let v = ws
            .create_staff(
                &admin,
                NewStaff {
                    username: username.into(),
                    display_name: name.into(),
                    password: DEMO_PASSWORD.into(),
                    roles: vec![role],
                    locale,
                },
            )
            .await?;
        staff.push(Actor::new(v.id, v.display_name, v.roles, v.locale));
    }

    let agencies = [
        (
            "MUNI",
            t(
                "Municipality of Rajec",
                "Rajec város önkormányzata",
                "Mesto Rajec",
                "Rajec kommun",
                "شهرداری رایِتس",
            ),
        ),
        (
            "UPSVR",
            t(
                "Office of Labour, Social Affairs and Family",
                "Munkaügyi, Szociális és Családügyi Hivatal",
                "Úrad práce, sociálnych vecí a rodiny",
                "Arbets-, social- och familjekontoret",
                "اداره کار، امور اجتماعی و خانواده",
            ),
        ),
        (
            "TAX",
            t(
                "Tax Office",
                "Adóhivatal",
                "Daňový úrad",
                "Skattekontoret",
                "اداره امور مالیاتی",
            ),
        ),
        (
            "POLICE",
            t(
                "Identity Documents Desk (Police)",
                "Okmányiroda (rendőrség)",
                "Doklady totožnosti (polícia)",
                "Identitetshandlingar (polisen)",
                "مدارک هویتی (پلیس)",
            ),
        ),
        (
            "REG",
            t(
                "Civil Registry",
                "Anyakönyvi hivatal",
                "Matrika",
                "Folkbokföring",
                "ثبت احوال",
            ),
        ),
    ];
    let mut agency_ids = std::collections::HashMap::new();
    for (code, names) in agencies {
        let a = ws
            .save_agency(
                &admin,
                AgencyInput {
                    id: None,
                    code: code.into(),
                    names,
                    active: true,
                },
            )
            .await?;
        agency_ids.insert(code, a.id);
    }

    let services = [
        (
            "MUNI",
            "RES",
            t(
                "Registration of permanent residence",
                "Állandó lakcím bejelentése",
                "Prihlásenie na trvalý pobyt",
                "Anmälan av bostadsadress",
                "ثبت اقامت دائم",
            ),
            0,
            vec![
                id_card(),
                t(
                    "Owner's consent to the residence",
                    "A tulajdonos hozzájárulása",
                    "Súhlas vlastníka nehnuteľnosti",
                    "Fastighetsägarens medgivande",
                    "رضایت‌نامه مالک",
                ),
            ],
            1,
            "A",
        ),
        (
            "MUNI",
            "WASTE",
            t(
                "Municipal waste fee assessment",
                "Hulladékgazdálkodási díj megállapítása",
                "Vyrubenie poplatku za komunálny odpad",
                "Avgift för hushållsavfall",
                "تعیین عوارض پسماند شهری",
            ),
            0,
            vec![id_card()],
            15,
            "A",
        ),
        (
            "MUNI",
            "BUILD",
            t(
                "Notification of minor construction",
                "Kisebb építkezés bejelentése",
                "Ohlásenie drobnej stavby",
                "Anmälan om mindre byggåtgärd",
                "اعلام ساخت‌وساز جزئی",
            ),
            1000,
            vec![
                id_card(),
                t(
                    "Site plan",
                    "Helyszínrajz",
                    "Situačný výkres",
                    "Situationsplan",
                    "نقشه موقعیت",
                ),
                deed(),
            ],
            30,
            "B",
        ),
        (
            "UPSVR",
            "JOB",
            t(
                "Registration as a job seeker",
                "Álláskeresőként való nyilvántartásba vétel",
                "Zaradenie do evidencie uchádzačov o zamestnanie",
                "Inskrivning som arbetssökande",
                "ثبت‌نام جویندگان کار",
            ),
            0,
            vec![
                id_card(),
                t(
                    "Certificate of termination of employment",
                    "Munkáltatói igazolás a munkaviszony megszűnéséről",
                    "Potvrdenie o skončení pracovného pomeru",
                    "Arbetsgivarintyg",
                    "گواهی پایان کار",
                ),
            ],
            7,
            "C",
        ),
        (
            "UPSVR",
            "CHILD",
            t(
                "Child benefit application",
                "Családi pótlék igénylése",
                "Žiadosť o prídavok na dieťa",
                "Ansökan om barnbidrag",
                "درخواست کمک‌هزینه فرزند",
            ),
            0,
            vec![
                id_card(),
                t(
                    "Child's birth certificate",
                    "A gyermek születési anyakönyvi kivonata",
                    "Rodný list dieťaťa",
                    "Barnets födelsebevis",
                    "شناسنامه فرزند",
                ),
            ],
            30,
            "C",
        ),
        (
            "TAX",
            "PROPTAX",
            t(
                "Property tax return",
                "Ingatlanadó-bevallás",
                "Priznanie k dani z nehnuteľností",
                "Deklaration av fastighetsskatt",
                "اظهارنامه مالیات بر املاک",
            ),
            0,
            vec![id_card(), deed()],
            30,
            "B",
        ),
        (
            "POLICE",
            "IDCARD",
            t(
                "Identity card application",
                "Személyi igazolvány igénylése",
                "Žiadosť o vydanie občianskeho preukazu",
                "Ansökan om id-kort",
                "درخواست صدور کارت ملی",
            ),
            450,
            vec![
                t(
                    "Previous identity card",
                    "Korábbi személyi igazolvány",
                    "Predchádzajúci občiansky preukaz",
                    "Tidigare id-kort",
                    "کارت ملی قبلی",
                ),
                t(
                    "Passport photo",
                    "Igazolványkép",
                    "Fotografia na doklad",
                    "Passfoto",
                    "عکس پرسنلی",
                ),
            ],
            30,
            "D",
        ),
        (
            "REG",
            "BIRTHDUP",
            t(
                "Duplicate birth certificate",
                "Születési anyakönyvi kivonat másodlata",
                "Duplikát rodného listu",
                "Nytt födelsebevis",
                "المثنای شناسنامه",
            ),
            500,
            vec![id_card()],
            5,
            "E",
        ),
        (
            "MUNI",
            "CERT-SIG",
            t(
                "Certification of a signature",
                "Aláírás hitelesítése",
                "Osvedčenie podpisu (legalizácia)",
                "Bevittnande av namnteckning",
                "گواهی امضا",
            ),
            200,
            vec![id_card()],
            0,
            "F",
        ),
        (
            "MUNI",
            "CERT-COPY",
            t(
                "Certified copy of a document",
                "Hiteles másolat készítése",
                "Osvedčenie odpisu (vidimácia)",
                "Bestyrkt kopia av handling",
                "رونوشت مصدق سند",
            ),
            150,
            vec![id_card()],
            0,
            "F",
        ),
        (
            "MUNI",
            "REG-EXTRACT",
            t(
                "Extract from the civil registry",
                "Anyakönyvi kivonat",
                "Výpis z matriky",
                "Registerutdrag",
                "رونوشت ثبت احوال",
            ),
            500,
            vec![id_card()],
            0,
            "F",
        ),
    ];
    // The queue's categories, named by the services above (the letter on each ticket).
    let categories = [
        (
            "A",
            t(
                "Residence and municipal fees",
                "Lakcím és helyi díjak",
                "Pobyt a miestne poplatky",
                "Folkbokföring och kommunala avgifter",
                "اقامت و عوارض شهری",
            ),
        ),
        (
            "B",
            t(
                "Building and property tax",
                "Építés és ingatlanadó",
                "Stavby a daň z nehnuteľností",
                "Bygglov och fastighetsskatt",
                "ساختمان و مالیات ملک",
            ),
        ),
        (
            "C",
            t(
                "Work and family benefits",
                "Munka és családi ellátások",
                "Práca a rodinné dávky",
                "Arbete och familjeförmåner",
                "کار و مزایای خانواده",
            ),
        ),
        (
            "D",
            t(
                "Identity documents",
                "Személyazonosító okmányok",
                "Doklady totožnosti",
                "Id-handlingar",
                "مدارک هویتی",
            ),
        ),
        (
            "E",
            t(
                "Civil registry",
                "Anyakönyv",
                "Matrika",
                "Folkbokföringsregister",
                "ثبت احوال",
            ),
        ),
        (
            "F",
            t(
                "Certification",
                "Hitelesítés",
                "Osvedčovanie",
                "Bestyrkande",
                "گواهی و تصدیق",
            ),
        ),
    ];
    for (code, names) in categories {
        ws.save_queue_category(
            &admin,
            okno_wire::QueueCategoryInput {
                id: None,
                code: code.into(),
                names,
                active: true,
            },
        )
        .await?;
    }
    let mut service_ids = Vec::new();
    for (agency, code, names, fee, docs, deadline, queue) in services {
        let s = ws
            .save_service(
                &admin,
                ServiceInput {
                    id: None,
                    agency_id: agency_ids[agency],
                    code: code.into(),
                    names,
                    fee_minor: fee,
                    required_documents: docs,
                    deadline_days: deadline,
                    queue_category: queue.into(),
                    active: true,
                    // The Slovak budget classification: administrative fees (správne
                    // poplatky) and fees for services.
                    account: if fee > 0 && queue == "F" {
                        "221004".into()
                    } else {
                        "223001".into()
                    },
                },
            )
            .await?;
        service_ids.push((s.id, s.required_documents.len() as u32));
    }
    // The cash desk: cash rounded to 5 cents, transfers to the town's account.
    ws.save_cash_settings(
        &admin,
        okno_wire::CashSettings {
            rounding_minor: 5,
            difference_threshold_minor: 0,
            beneficiary: "Mesto Rajec".into(),
            iban: "SK31 1200 0000 1987 4263 7541".into(),
            bic: "SUBASKBX".into(),
            order_days: 14,
        },
    )
    .await?;

    // Appointments can be booked for certified copies and identity cards (within the opening
    // hours, once an administrator sets them).
    let catalogue = ws.catalogue(&admin).await?;
    for (code, slot_minutes, desks) in [("CERT-COPY", 15, 2), ("IDCARD", 20, 1)] {
        if let Some(s) = catalogue.services.iter().find(|s| s.code == code) {
            ws.save_booking_plan(
                &admin,
                okno_wire::BookingPlan {
                    service_id: s.id,
                    slot_minutes,
                    desks,
                    active: true,
                },
            )
            .await?;
        }
    }

    // A few days of the desk's work, told through a workstation whose clock we move.
    let clock = Arc::new(ManualClock::new(Utc::now() - Duration::days(9)));
    let past = Workstation {
        store: ws.store.clone(),
        clock: clock.clone(),
        sessions: Default::default(),
        office_cache: Default::default(),
        sync: Default::default(),
    };
    let parties = [
        (
            "Jana Čičová",
            Some("1984-03-12"),
            Some("+421 905 123 456"),
            None,
        ),
        (
            "Gábor Szabó",
            Some("1971-11-02"),
            None,
            Some("gabor.szabo@example.hu"),
        ),
        ("Åsa Lindström", None, Some("+46 70 123 45 67"), None),
        (
            "Zahra Ahmadi",
            Some("1990-06-21"),
            None,
            Some("zahra.ahmadi@example.org"),
        ),
        (
            "Peter Hudec",
            Some("1958-01-30"),
            Some("+421 41 542 11 11"),
            None,
        ),
        ("Mária Kováčová", Some("1995-09-09"), None, None),
        ("Erik Johansson", None, None, Some("erik.j@example.se")),
        (
            "Ľubomír Ďurica",
            Some("1966-05-17"),
            Some("0907 555 321"),
            None,
        ),
        ("Réka Tóth", Some("2001-12-24"), None, None),
        (
            "Reza Karimi",
            Some("1979-08-15"),
            Some("+98 912 345 6789"),
            None,
        ),
        (
            "Zuzana Šťastná",
            Some("1988-02-29"),
            None,
            Some("zuzana@example.sk"),
        ),
        ("Örjan Nilsson", None, Some("+46 8 123 456"), None),
    ];
    let subjects = [
        "Moving in with family, new flat at Hollého 12",
        "Waste fee for a household of four",
        "Garden shed, 12 m², on own plot",
        "Lost job at the end of last month",
        "Benefit for second child",
        "Inherited flat, first tax return",
        "Identity card expired",
        "Certificate needed for a pension claim abroad",
    ];
    let channels = [
        Channel::WalkIn,
        Channel::WalkIn,
        Channel::Phone,
        Channel::WalkIn,
        Channel::Email,
        Channel::Post,
    ];
    let priorities = [
        Priority::Normal,
        Priority::Normal,
        Priority::High,
        Priority::Normal,
        Priority::Urgent,
        Priority::Low,
    ];
    let clerks = [&staff[0], &staff[4], &staff[1], &staff[3]];
    let mut registered = Vec::new();
    for (i, (name, birth, phone, email)) in parties.iter().enumerate() {
        // Days 9..0 ago, office hours.
        let day_offset = 9 - (i as i64 * 9 / parties.len() as i64);
        let at = (Utc::now() - Duration::days(day_offset))
            .date_naive()
            .and_hms_opt(7 + (i as u32 % 7), 10 + (i as u32 * 7) % 45, 0);
        if let Some(at) = at {
            clock.set(at.and_utc().min(Utc::now()));
        }
        let (service_id, ndocs) = service_ids[i % service_ids.len()];
        let actor = clerks[i % clerks.len()];
        let detail = past
            .register_case(
                actor,
                IntakeRequest {
                    party: PartyInput {
                        name: (*name).into(),
                        birth_date: birth.map(Into::into),
                        phone: phone.map(Into::into),
                        email: email.map(Into::into),
                        address: None,
                    },
                    service_id: service_id.to_string(),
                    channel: channels[i % channels.len()],
                    subject: subjects[i % subjects.len()].into(),
                    description:
                        "Citizen came to the client centre; documents checked at the desk.".into(),
                    priority: priorities[i % priorities.len()],
                    private_conversation: i % 5 == 3,
                    documents_presented: (0..ndocs).filter(|d| (i as u32 + d) % 3 != 2).collect(),
                },
            )
            .await?;
        registered.push((
            detail.summary.id,
            detail.summary.number.clone(),
            actor.clone(),
        ));
    }
    // Move some along their way.
    let moves: [(usize, &[CaseStatus]); 7] = [
        (
            0,
            &[
                CaseStatus::InProgress,
                CaseStatus::Resolved,
                CaseStatus::Closed,
            ],
        ),
        (1, &[CaseStatus::InProgress, CaseStatus::Resolved]),
        (2, &[CaseStatus::InProgress, CaseStatus::WaitingForCitizen]),
        (3, &[CaseStatus::ForwardedToAgency]),
        (4, &[CaseStatus::InProgress]),
        (5, &[CaseStatus::Rejected]),
        (7, &[CaseStatus::InProgress, CaseStatus::ForwardedToAgency]),
    ];
    for (i, path) in moves {
        let (case_id, _, actor) = &registered[i];
        for to in path {
            clock.advance(Duration::hours(3));
            if clock.now() > Utc::now() {
                clock.set(Utc::now());
            }
            past.change_case_status(
                actor,
                ChangeStatusRequest {
                    case_id: *case_id,
                    to: *to,
                    note: None,
                },
            )
            .await?;
        }
    }
    clock.set(Utc::now());
    past.add_case_note(
        &registered[2].2,
        AddNoteRequest {
            case_id: registered[2].0,
            note: "Called the citizen: the site plan is missing, will bring it on Monday.".into(),
        },
    )
    .await?;
    for (i, direction, counterpart, subject, pages) in [
        (
            Some(3usize),
            FilingDirection::Incoming,
            "Zahra Ahmadi",
            "Application for job-seeker registration",
            2u32,
        ),
        (
            None,
            FilingDirection::Incoming,
            "Slovenská pošta, a.s.",
            "Notice of a changed delivery route",
            1,
        ),
        (
            Some(2),
            FilingDirection::Outgoing,
            "Åsa Lindström",
            "Request to complete the site plan",
            1,
        ),
    ] {
        past.register_filing(
            &staff[0],
            FilingInput {
                direction,
                counterpart: counterpart.into(),
                subject: subject.into(),
                pages,
                enclosures: 0,
                case_number: i.map(|i| registered[i].1.clone()),
                note: None,
            },
        )
        .await?;
    }
    // A month of history before today, so the supervisor's review has something to show.
    let today = ws.office().await?.local_date(Utc::now());
    // A civil registry of a small town (synthetic: the five languages' names, plausible
    // families), so the registry look-up has people to find.
    let registry = crate::registry::generate::generate(
        &crate::registry::generate::RegistrySpec::new(DEMO_REGISTRY_PERSONS, 2026, today),
    );
    crate::registry::load(ws, &registry.persons, &registry.records).await?;
    ws.generate_history(&crate::review::generate::HistorySpec {
        from: today - Duration::days(30),
        to: today - Duration::days(1),
        cases_per_day: 26,
        weekly_pattern: true,
        seed: 2026,
        now: Utc::now(),
    })
    .await?;
    ws.setup_status().await
}

// ---------------------------------------------------------------------------------------------
// Every kind of document, asked for in the demo office (the hosts' tests walk this list)

mod documents;
pub use documents::one_request_of_every_kind;
