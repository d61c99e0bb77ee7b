//! The citizen's voice against the real server binary and PostgreSQL: Open311 GeoReport v2 in
//! JSON and XML (every endpoint, field by field, the spec's errors, API keys, tokens, bad input
//! writing nothing, and PyPI's `georeport` client reading it), feedback filed at desks cut off
//! from the server (synced once, numbers unique across desks and the server's own), the public
//! form's anti-abuse checks, a rating once per visit, and a survey answered once per code.

use std::collections::BTreeSet;
use std::time::Duration;

use okno_wire::{FeedbackAbout, FeedbackContact, FeedbackInput, FeedbackKind, Locale};
use serde_json::{json, Value};
use uuid::Uuid;

use crate::common::*;

/// A field of a spec record: its name, whether it must hold a value, and its JSON type.
#[derive(Clone, Copy)]
enum Ty {
    Str,
    Bool,
    Num,
}

fn check_fields(what: &str, v: &Value, fields: &[(&str, bool, Ty)]) {
    for (name, required, ty) in fields {
        let x = v
            .get(*name)
            .unwrap_or_else(|| panic!("{what}: {name} is missing in {v}"));
        let ok = match ty {
            Ty::Str => x.is_string(),
            Ty::Bool => x.is_boolean(),
            Ty::Num => x.is_number(),
        };
        assert!(ok, "{what}: {name} has the wrong type: {x}");
        if *required {
            assert!(
                !(x.is_string() && x.as_str() == Some("")),
                "{what}: {name} is empty"
            );
        }
    }
}

const SERVICE: &[(&str, bool, Ty)] = &[
    ("service_code", true, Ty::Str),
    ("service_name", true, Ty::Str),
    ("description", false, Ty::Str),
    ("metadata", true, Ty::Bool),
    ("type", true, Ty::Str),
    ("keywords", false, Ty::Str),
    ("group", false, Ty::Str),
];
const ATTRIBUTE: &[(&str, bool, Ty)] = &[
    ("variable", true, Ty::Bool),
    ("code", true, Ty::Str),
    ("datatype", true, Ty::Str),
    ("required", true, Ty::Bool),
    ("datatype_description", false, Ty::Str),
    ("order", true, Ty::Num),
    ("description", true, Ty::Str),
];
const REQUEST: &[(&str, bool, Ty)] = &[
    ("service_request_id", true, Ty::Str),
    ("status", true, Ty::Str),
    ("status_notes", false, Ty::Str),
    ("service_name", true, Ty::Str),
    ("service_code", true, Ty::Str),
    ("description", false, Ty::Str),
    ("agency_responsible", false, Ty::Str),
    ("service_notice", false, Ty::Str),
    ("requested_datetime", true, Ty::Str),
    ("updated_datetime", true, Ty::Str),
    ("expected_datetime", false, Ty::Str),
    ("address", false, Ty::Str),
    ("address_id", false, Ty::Str),
    ("zipcode", false, Ty::Str),
];

fn w3c(s: &str) -> bool {
    chrono::DateTime::parse_from_rfc3339(s).is_ok()
}

async fn get(url: &str) -> (u16, String, String) {
    let r = reqwest::get(url).await.unwrap();
    let status = r.status().as_u16();
    let ty = r
        .headers()
        .get("content-type")
        .map(|h| h.to_str().unwrap().to_string())
        .unwrap_or_default();
    (status, ty, r.text().await.unwrap())
}

async fn post_form(url: &str, form: &[(&str, &str)]) -> (u16, String) {
    let body: String = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(form)
        .finish();
    let r = reqwest::Client::new()
        .post(url)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

/// A spec error: the status, and the body's `[{"code", "description"}]` (or `<errors>`).
fn assert_error(what: &str, status: u16, want: u16, body: &str, xml: bool) {
    assert_eq!(status, want, "{what}: {body}");
    if xml {
        assert!(
            body.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?><errors><error><code>"),
            "{what}: {body}"
        );
        assert!(
            body.contains(&format!("<code>{want}</code><description>")),
            "{what}: {body}"
        );
    } else {
        let v: Value = serde_json::from_str(body).unwrap_or_else(|_| panic!("{what}: {body}"));
        let e = &v
            .as_array()
            .unwrap_or_else(|| panic!("{what}: not an array: {body}"))[0];
        assert_eq!(e["code"], json!(want), "{what}");
        assert!(
            e["description"].as_str().is_some_and(|d| !d.is_empty()),
            "{what}"
        );
    }
}

async fn item_count(pool: &sqlx::PgPool, office: Uuid) -> i64 {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM entity WHERE office_id = $1 AND kind = 'feedback_item'",
    )
    .bind(office)
    .fetch_one(pool)
    .await
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn open311_every_endpoint_in_json_and_xml() {
    let (db, pool) = fresh_db().await;
    let office = okno_demo::create_demo_office(&pool).await.unwrap();
    let server = Server::start(&db, free_port());
    let base = format!("{}/open311/v2", server.url());
    let key = okno_server::admin::open311_key(&pool, office, "Town app")
        .await
        .unwrap();
    let j = format!("jurisdiction_id={office}");

    // Discovery.
    let (s, ty, body) = get(&format!("{base}/discovery.json")).await;
    assert_eq!((s, ty.as_str()), (200, "application/json; charset=utf-8"));
    let d: Value = serde_json::from_str(&body).unwrap();
    assert!(d["endpoints"][0]["formats"].as_array().unwrap().len() == 2);
    let (s, ty, body) = get(&format!("{base}/discovery.xml")).await;
    assert_eq!((s, ty.as_str()), (200, "text/xml; charset=utf-8"));
    assert!(body.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?><discovery>"));

    // The service list: the six kinds, each field of the spec.
    let (s, _, body) = get(&format!("{base}/services.json?{j}")).await;
    assert_eq!(s, 200, "{body}");
    let services: Vec<Value> = serde_json::from_str(&body).unwrap();
    assert_eq!(services.len(), 6);
    for sv in &services {
        check_fields("service", sv, SERVICE);
        assert!(["realtime", "batch", "blackbox"].contains(&sv["type"].as_str().unwrap()));
    }
    let (_, _, xml) = get(&format!("{base}/services.xml?{j}")).await;
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?><services><service>"));
    assert!(xml.contains("<service_code>complaint</service_code>"));
    assert_eq!(xml.matches("<service>").count(), 6);

    // A definition: attributes with their value lists.
    let (s, _, body) = get(&format!("{base}/services/complaint.json?{j}")).await;
    assert_eq!(s, 200, "{body}");
    let def: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(def["service_code"], "complaint");
    for a in def["attributes"].as_array().unwrap() {
        check_fields("attribute", a, ATTRIBUTE);
        if a["datatype"].as_str().unwrap().ends_with("valuelist") {
            for v in a["values"].as_array().unwrap() {
                assert!(v["key"].is_string() && v["name"].is_string(), "{v}");
            }
        }
    }
    let about = &def["attributes"][0];
    assert_eq!(
        (about["code"].as_str(), about["required"].as_bool()),
        (Some("about"), Some(true))
    );
    let (_, _, xml) = get(&format!("{base}/services/complaint.xml?{j}")).await;
    assert!(xml.contains("<service_definition><service_code>complaint</service_code><attributes><attribute><variable>true</variable>"));
    assert!(xml.contains("<values><value><key>office</key><name>"));

    // Filing: without a key, with a wrong one, with another office's — refused, nothing written.
    let url = format!("{base}/requests.json");
    let good = [
        ("jurisdiction_id", office.to_string()),
        ("service_code", "complaint".into()),
        ("attribute[about]", "office".into()),
        (
            "description",
            "The waiting room's display was silent all morning.".into(),
        ),
        ("email", "citizen@example.org".into()),
        ("first_name", "Erzsébet".into()),
        ("last_name", "Tóth".into()),
    ];
    let form = |extra: &[(&str, &str)], skip: &[&str]| -> Vec<(String, String)> {
        let mut f: Vec<(String, String)> = good
            .iter()
            .filter(|(k, _)| !skip.contains(k))
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect();
        f.extend(extra.iter().map(|(k, v)| (k.to_string(), v.to_string())));
        f
    };
    let send = |url: String, f: Vec<(String, String)>| async move {
        let pairs: Vec<(&str, &str)> = f.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
        post_form(&url, &pairs).await
    };
    let before = item_count(&pool, office).await;
    let (s, body) = send(url.clone(), form(&[], &[])).await;
    assert_error("no key", s, 403, &body, false);
    let (s, body) = send(url.clone(), form(&[("api_key", "0123456789abcdef")], &[])).await;
    assert_error("wrong key", s, 403, &body, false);
    let (s, body) = send(
        format!("{base}/requests.xml"),
        form(&[("api_key", "nope")], &[]),
    )
    .await;
    assert_error("wrong key (xml)", s, 403, &body, true);
    // Bad input: an unknown service, a missing required attribute, a malformed date, an empty
    // description, a question with no way to answer it, an oversized body.
    let (s, body) = send(
        url.clone(),
        form(
            &[("api_key", &key), ("service_code", "pothole")],
            &["service_code"],
        ),
    )
    .await;
    assert_error("unknown service", s, 404, &body, false);
    let (s, body) = send(
        url.clone(),
        form(&[("api_key", &key)], &["attribute[about]"]),
    )
    .await;
    assert_error("missing attribute", s, 400, &body, false);
    let (s, body) = send(
        url.clone(),
        form(
            &[("api_key", &key), ("attribute[about]", "weather")],
            &["attribute[about]"],
        ),
    )
    .await;
    assert_error("unknown attribute value", s, 400, &body, false);
    let (s, body) = send(
        url.clone(),
        form(&[("api_key", &key), ("start_date", "yesterday")], &[]),
    )
    .await;
    assert_error("malformed date", s, 400, &body, false);
    let (s, body) = send(
        url.clone(),
        form(&[("api_key", &key), ("description", " ")], &["description"]),
    )
    .await;
    assert_error("empty description", s, 400, &body, false);
    let (s, body) = send(
        url.clone(),
        form(
            &[("api_key", &key), ("service_code", "callback")],
            &["service_code", "email"],
        ),
    )
    .await;
    assert_error("callback without contact", s, 400, &body, false);
    assert!(body.contains("contact_needed"), "{body}");
    let huge = "x".repeat(200_000);
    let (s, body) = send(
        url.clone(),
        form(
            &[("api_key", &key), ("description", &huge)],
            &["description"],
        ),
    )
    .await;
    assert_error("oversized body", s, 413, &body, false);
    let (s, body) = send(
        url.clone(),
        form(
            &[("api_key", &key), ("description", &"y".repeat(4001))],
            &["description"],
        ),
    )
    .await;
    assert_error("too long", s, 400, &body, false);
    assert_eq!(
        item_count(&pool, office).await,
        before,
        "a refused request wrote nothing"
    );

    // Accepted: a token, which resolves to the request's id.
    let (s, body) = send(url.clone(), form(&[("api_key", &key)], &[])).await;
    assert_eq!(s, 200, "{body}");
    let created: Vec<Value> = serde_json::from_str(&body).unwrap();
    let token = created[0]["token"].as_str().unwrap().to_string();
    assert!(created[0]["service_notice"]
        .as_str()
        .unwrap()
        .contains("30 days"));
    let (s, _, body) = get(&format!("{base}/tokens/{token}.json?{j}")).await;
    assert_eq!(s, 200, "{body}");
    let resolved: Vec<Value> = serde_json::from_str(&body).unwrap();
    let id = resolved[0]["service_request_id"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(id.starts_with("FB-") && !id.contains('/'), "{id}");
    assert_eq!(resolved[0]["token"], json!(token));
    let (_, _, xml) = get(&format!("{base}/tokens/{token}.xml?{j}")).await;
    assert!(xml.contains(&format!("<service_requests><request><service_request_id>{id}</service_request_id><token>{token}</token></request></service_requests>")), "{xml}");
    let (s, _, body) = get(&format!("{base}/tokens/nope.json?{j}")).await;
    assert_error("unknown token", s, 404, &body, false);
    // An XML filing answers in XML.
    let (s, xml) = send(
        format!("{base}/requests.xml"),
        form(
            &[
                ("api_key", &key),
                ("service_code", "idea"),
                ("attribute[locale]", "hu"),
            ],
            &["attribute[about]"],
        ),
    )
    .await;
    assert_eq!(s, 200, "{xml}");
    assert!(
        xml.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?><service_requests><request>"),
        "{xml}"
    );
    assert!(
        xml.contains("<token>") && !xml.contains("<service_request_id>"),
        "{xml}"
    );

    // One request and the list, field by field; no personal data in either.
    let (s, _, body) = get(&format!("{base}/requests/{id}.json?{j}")).await;
    assert_eq!(s, 200, "{body}");
    let one: Vec<Value> = serde_json::from_str(&body).unwrap();
    check_fields("request", &one[0], REQUEST);
    for f in ["lat", "long", "media_url"] {
        assert!(one[0][f].is_null(), "{f}: no place and no link were given");
    }
    assert_eq!(one[0]["status"], "open");
    assert!(w3c(one[0]["requested_datetime"].as_str().unwrap()));
    assert!(w3c(one[0]["expected_datetime"].as_str().unwrap()));
    for private in ["Tóth", "citizen@example.org", "silent"] {
        assert!(!body.contains(private), "{private} leaked: {body}");
    }
    let (s, _, body) = get(&format!("{base}/requests.json?{j}")).await;
    assert_eq!(s, 200);
    let all: Vec<Value> = serde_json::from_str(&body).unwrap();
    assert_eq!(all.len(), 2);
    let (_, _, body) = get(&format!("{base}/requests.json?{j}&service_code=idea")).await;
    assert_eq!(serde_json::from_str::<Vec<Value>>(&body).unwrap().len(), 1);
    let (_, _, body) = get(&format!("{base}/requests.json?{j}&status=closed")).await;
    assert_eq!(serde_json::from_str::<Vec<Value>>(&body).unwrap().len(), 0);
    let (_, _, body) = get(&format!("{base}/requests.json?{j}&service_request_id={id}")).await;
    assert_eq!(serde_json::from_str::<Vec<Value>>(&body).unwrap().len(), 1);
    let (_, _, xml) = get(&format!("{base}/requests.xml?{j}")).await;
    assert_eq!(xml.matches("<request>").count(), 2);
    assert!(xml.contains("<status>open</status>"));
    let (s, _, body) = get(&format!("{base}/requests.json?{j}&start_date=2026-13-01")).await;
    assert_error("malformed start_date", s, 400, &body, false);
    let (s, _, body) = get(&format!("{base}/requests.json?{j}&status=pending")).await;
    assert_error("unknown status", s, 400, &body, false);
    let (s, _, body) = get(&format!("{base}/requests/FB-1999-00001.xml?{j}")).await;
    assert_error("unknown request", s, 404, &body, true);
    let (s, _, body) = get(&format!("{base}/services.json")).await;
    assert_error("no jurisdiction", s, 400, &body, false);
    let (s, _, body) = get(&format!(
        "{base}/services.json?jurisdiction_id={}",
        Uuid::nil()
    ))
    .await;
    assert_error("unknown jurisdiction", s, 404, &body, false);

    // The filed items are ordinary items: numbered, channel open311, the app named.
    let items: Vec<Value> = sqlx::query_scalar(
        "SELECT body FROM entity WHERE office_id = $1 AND kind = 'feedback_item' ORDER BY body->>'number'",
    )
    .bind(office)
    .fetch_all(&pool)
    .await
    .unwrap();
    assert!(items
        .iter()
        .all(|i| i["channel"] == "open311" && i["state"] == "received"));
    let via: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM entity WHERE office_id = $1 AND kind = 'feedback_event' AND body->>'text' = 'Open311: Town app'",
    )
    .bind(office)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(via, 2);

    // The read side through an existing Open311 client library (PyPI's georeport).
    let script =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scripts/open311-client-test");
    let out = std::process::Command::new(script)
        .env("OKNO_OPEN311_URL", &base)
        .env("OKNO_OPEN311_JURISDICTION", office.to_string())
        .env("OKNO_OPEN311_API_KEY", &key)
        .env("OKNO_OPEN311_REQUEST_ID", &id)
        .env("OKNO_OPEN311_TOKEN", &token)
        .output()
        .expect("scripts/open311-client-test runs");
    assert!(
        out.status.success(),
        "the georeport client test failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

fn complaint(text: &str) -> FeedbackInput {
    FeedbackInput {
        kind: FeedbackKind::Complaint,
        about: FeedbackAbout::Office,
        service_code: None,
        agency_code: None,
        desk: None,
        staff_id: None,
        description: text.into(),
        locale: Locale::Hu,
        contact: Some(FeedbackContact {
            name: Some("Kiss Anna".into()),
            ..Default::default()
        }),
        visit_id: None,
        case_id: None,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn offline_desk_feedback_syncs_once_with_numbers_unique_across_desks() {
    let (db, pool) = fresh_db().await;
    let office = okno_demo::create_demo_office(&pool).await.unwrap();
    let mut server = Server::start(&db, free_port());
    let mut desks = Vec::new();
    for name in ["Pult 1", "Pult 2"] {
        let d = enrolled_desk(&pool, office, &server.url(), name).await;
        settle(&d.ws).await;
        desks.push(d);
    }
    // Leases are in hand: the server goes away, and both desks take feedback down.
    server.kill();
    let mut numbers = BTreeSet::new();
    for (i, d) in desks.iter().enumerate() {
        let eva = login(&d.ws, "eva").await;
        for n in 0..4 {
            let item =
                d.ws.file_feedback(
                    &eva,
                    complaint(&format!("Desk {i}, complaint {n}: the queue is too long.")),
                )
                .await
                .expect("filed offline");
            assert!(
                numbers.insert(item.summary.number.clone()),
                "{} twice",
                item.summary.number
            );
        }
    }
    server.restart();
    // The public page files one more while the desks come back (the server numbers it itself).
    let form: Value = reqwest::get(format!("{}/feedback/{office}/form", server.url()))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(3100)).await;
    let r = reqwest::Client::new()
        .post(format!("{}/feedback/{office}/items", server.url()))
        .json(
            &json!({"kind": "suggestion", "about": "office", "description": "More chairs, please.",
                      "locale": "fa", "token": form["token"], "website": ""}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 201);
    let filed: Value = r.json().await.unwrap();
    assert!(numbers.insert(filed["number"].as_str().unwrap().to_string()));
    for d in &desks {
        settle_retrying(&d.ws).await;
        // A second round pushes nothing again.
        settle(&d.ws).await;
    }
    for d in &desks {
        settle(&d.ws).await;
    }
    let rows: Vec<Value> = sqlx::query_scalar(
        "SELECT body FROM entity WHERE office_id = $1 AND kind = 'feedback_item'",
    )
    .bind(office)
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(rows.len(), 9, "each item once on the server");
    let on_server: BTreeSet<String> = rows
        .iter()
        .map(|r| r["number"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(on_server, numbers);
    // Every number of the series is accounted for: used by its item.
    let used: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM number_use WHERE office_id = $1 AND series = 'feedback' AND owner_kind = 'feedback_item'",
    )
    .bind(office)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(used, 9);
    // Both desks hold all nine, and the page's item reached them.
    for d in &desks {
        let maryam = login(&d.ws, "maryam").await;
        let list =
            d.ws.list_feedback(&maryam, Default::default())
                .await
                .unwrap();
        assert_eq!(list.total, 9);
        assert!(list
            .items
            .iter()
            .any(|i| i.channel == okno_wire::FeedbackChannel::PublicPage));
    }
    let refs: Vec<&Desk> = desks.iter().collect();
    assert_converged(&pool, office, &refs).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_public_form_refuses_robots_and_a_survey_code_answers_once() {
    let (db, pool) = fresh_db().await;
    let office = okno_demo::create_demo_office(&pool).await.unwrap();
    let server = Server::start(&db, free_port());
    let desk = enrolled_desk(&pool, office, &server.url(), "Pult 1").await;
    settle(&desk.ws).await;
    let url = server.url();
    let form: Value = reqwest::get(format!("{url}/feedback/{office}/form"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = form["token"].as_str().unwrap().to_string();
    let post = |body: Value| {
        let url = format!("{url}/feedback/{office}/items");
        async move {
            let r = reqwest::Client::new()
                .post(url)
                .json(&body)
                .send()
                .await
                .unwrap();
            (r.status().as_u16(), r.json::<Value>().await.unwrap())
        }
    };
    let item = |token: &str, website: &str| {
        json!({"kind": "question", "about": "office", "description": "When are you open on Saturdays?",
               "locale": "fa", "token": token, "website": website, "email": "a@example.org"})
    };
    // Too fast for a person, a forged token, the honeypot filled in.
    let (s, b) = post(item(&token, "")).await;
    assert_eq!((s, b["code"].as_str()), (400, Some("too_fast")), "{b}");
    let (s, b) = post(item("1.2.3", "")).await;
    assert_eq!((s, b["code"].as_str()), (400, Some("form_expired")), "{b}");
    tokio::time::sleep(Duration::from_millis(3100)).await;
    let (s, b) = post(item(&token, "http://spam.example")).await;
    assert_eq!((s, b["code"].as_str()), (400, Some("rejected")), "{b}");
    let (s, b) = post(json!({"kind": "callback", "about": "office", "description": "Call me", "locale": "fa", "token": token})).await;
    assert_eq!(
        (s, b["code"].as_str(), b["field"].as_str()),
        (400, Some("contact_needed"), Some("email")),
        "{b}"
    );
    assert_eq!(
        item_count(&pool, office).await,
        0,
        "nothing refused was written"
    );
    let (s, b) = post(item(&token, "")).await;
    assert_eq!(s, 201, "{b}");
    let status: Value = reqwest::get(format!(
        "{url}/feedback/{office}/status?n={}",
        b["number"].as_str().unwrap()
    ))
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    assert_eq!(status["state"], "received");
    assert!(!status.to_string().contains("a@example.org"));

    // A survey published at the desk, with two invitation codes.
    let maryam = login(&desk.ws, "maryam").await;
    let today = desk
        .ws
        .office()
        .await
        .unwrap()
        .local_date(chrono::Utc::now());
    let names = |s: &str| {
        [
            ("en".to_string(), s.to_string()),
            ("sk".to_string(), s.to_string()),
        ]
        .into_iter()
        .collect()
    };
    let survey = desk
        .ws
        .save_survey(
            &maryam,
            okno_wire::SurveyInput {
                id: None,
                title: names("Satisfaction 2026"),
                intro: Default::default(),
                starts_on: today,
                ends_on: today + chrono::Duration::days(30),
                questions: vec![okno_wire::SurveyQuestion {
                    id: "q1".into(),
                    kind: okno_wire::SurveyQuestionKind::Scale,
                    text: names("Overall"),
                    required: true,
                    options: Vec::new(),
                }],
                state: okno_wire::SurveyState::Published,
            },
        )
        .await
        .unwrap();
    let codes = desk
        .ws
        .issue_survey_codes(
            &maryam,
            okno_wire::SurveyCodesRequest {
                id: survey.id,
                count: 2,
            },
        )
        .await
        .unwrap()
        .codes;
    settle(&desk.ws).await;
    let answer = |code: &str, score: u8| {
        let url = format!("{url}/feedback/{office}/survey/{}/answers", survey.id);
        let body = json!({"code": code, "locale": "fa", "answers": {"q1": score}});
        async move {
            let r = reqwest::Client::new()
                .post(url)
                .json(&body)
                .send()
                .await
                .unwrap();
            (r.status().as_u16(), r.json::<Value>().await.unwrap())
        }
    };
    let (s, b) = answer(&codes[0], 4).await;
    assert_eq!(s, 201, "{b}");
    let (s, b) = answer(&codes[0].to_lowercase(), 2).await;
    assert_eq!(
        (s, b["code"].as_str()),
        (409, Some("already_answered")),
        "{b}"
    );
    let (s, b) = answer("ZZZZZZZZ", 2).await;
    assert_eq!((s, b["code"].as_str()), (400, Some("unknown_code")), "{b}");
    let (s, b) = answer(&codes[1], 9).await;
    assert_eq!(
        (s, b["code"].as_str(), b["field"].as_str()),
        (400, Some("bad_answer"), Some("q1")),
        "{b}"
    );
    // Six answers with one code at once: one is taken, the others are told so (never a 5xx).
    let racing: Vec<_> = (0..6).map(|_| tokio::spawn(answer(&codes[1], 2))).collect();
    let mut statuses = Vec::new();
    for r in racing {
        statuses.push(r.await.unwrap().0);
    }
    statuses.sort_unstable();
    assert_eq!(statuses, vec![201, 409, 409, 409, 409, 409], "{statuses:?}");
    settle(&desk.ws).await;
    let results = desk.ws.survey_results(&maryam, survey.id).await.unwrap();
    assert_eq!(results.answers, 2);
    assert_eq!(results.questions[0].mean, Some(3.0));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_visit_is_rated_once_across_the_desk_window_and_the_tablet() {
    use okno_wire::{
        DeskSetup, RatingInput, RatingReason, TakeTicketRequest, TicketAction, TicketActionRequest,
        TicketPriority,
    };
    let (db, pool) = fresh_db().await;
    let office = okno_demo::create_demo_office(&pool).await.unwrap();
    let server = Server::start(&db, free_port());
    let url = server.url();
    let desk = enrolled_desk(&pool, office, &url, "Desk 3").await;
    let eva = login(&desk.ws, "eva").await;
    desk.ws
        .set_desk_setup(
            &eva,
            DeskSetup {
                label: "3".into(),
                categories: vec!["F".into()],
                private: false,
            },
        )
        .await
        .unwrap();
    let mut visits = Vec::new();
    for _ in 0..2 {
        let t = desk
            .ws
            .take_ticket(
                &eva,
                TakeTicketRequest {
                    category: "F".into(),
                    priority: TicketPriority::Normal,
                    locale: Locale::Fa,
                    private: false,
                },
            )
            .await
            .unwrap();
        let called = desk.ws.call_next(&eva).await.unwrap().ticket.unwrap();
        assert_eq!(called.id, t.id);
        for action in [TicketAction::Start, TicketAction::Finish] {
            desk.ws
                .ticket_action(
                    &eva,
                    TicketActionRequest {
                        ticket_id: t.id,
                        action,
                    },
                )
                .await
                .unwrap();
        }
        visits.push(t.visit_id);
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    settle(&desk.ws).await;
    // The tablet asks the server for the desk's last visit, in its language.
    // Only the desk's own tablet (its address from the administrator) learns of the visit.
    let tablet = okno_server::admin::rating_tablet(&pool, office, "3")
        .await
        .unwrap();
    let key = tablet.rsplit("key=").next().unwrap().to_string();
    let r = reqwest::get(format!("{url}/feedback/{office}/desk/3/pending?key=wrong"))
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 403);
    let other = okno_server::admin::rating_tablet(&pool, office, "4")
        .await
        .unwrap();
    let other_key = other.rsplit("key=").next().unwrap().to_string();
    let r = reqwest::get(format!(
        "{url}/feedback/{office}/desk/3/pending?key={other_key}"
    ))
    .await
    .unwrap();
    assert_eq!(r.status().as_u16(), 403, "another desk's tablet");
    let pending: Value = reqwest::get(format!("{url}/feedback/{office}/desk/3/pending?key={key}"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(pending["visit_id"], json!(visits[1].to_string()));
    assert_eq!(pending["locale"], "fa");
    let rate = |visit: Uuid, score: i64, reasons: Value| {
        let url = format!("{url}/feedback/{office}/ratings");
        let key = key.clone();
        async move {
            let r = reqwest::Client::new()
                .post(url)
                .json(
                    &json!({"visit_id": visit, "score": score, "reasons": reasons,
                              "locale": "fa", "desk": "3", "key": key}),
                )
                .send()
                .await
                .unwrap();
            (r.status().as_u16(), r.json::<Value>().await.unwrap())
        }
    };
    let (s, b) = rate(visits[1], 5, json!(["long_wait"])).await;
    assert_eq!(
        (s, b["code"].as_str()),
        (400, Some("unknown_reason")),
        "a reason not offered under the score"
    );
    let (s, b) = rate(visits[1], 5, json!(["friendly"])).await;
    assert_eq!(s, 201, "{b}");
    let (s, b) = rate(visits[1], 1, json!([])).await;
    assert_eq!((s, b["code"].as_str()), (409, Some("already_rated")));
    // The desk's own window, before it has heard of the tablet's rating, rates the same visit.
    let mine = desk
        .ws
        .give_rating(RatingInput {
            visit_id: visits[1],
            score: 2,
            reasons: vec![RatingReason::Unclear],
            comment: None,
            locale: Locale::Fa,
        })
        .await
        .unwrap();
    assert_eq!(mine.score, 2);
    assert!(desk
        .ws
        .give_rating(RatingInput {
            visit_id: visits[1],
            score: 3,
            reasons: vec![],
            comment: None,
            locale: Locale::Fa
        })
        .await
        .is_err());
    // The first visit is rated at the desk only.
    desk.ws
        .give_rating(RatingInput {
            visit_id: visits[0],
            score: 4,
            reasons: vec![RatingReason::Quick],
            comment: Some("Köszönöm".into()),
            locale: Locale::Fa,
        })
        .await
        .unwrap();
    settle_retrying(&desk.ws).await;
    settle(&desk.ws).await;
    // One rating per visit everywhere: the server's for the second visit, the desk's for the first.
    let ratings: Vec<Value> =
        sqlx::query_scalar("SELECT body FROM entity WHERE office_id = $1 AND kind = 'rating'")
            .bind(office)
            .fetch_all(&pool)
            .await
            .unwrap();
    assert_eq!(ratings.len(), 2);
    let maryam = login(&desk.ws, "maryam").await;
    let on_desk = desk
        .ws
        .list_ratings(&maryam, Default::default())
        .await
        .unwrap();
    assert_eq!(on_desk.len(), 2, "{on_desk:?}");
    let second = on_desk.iter().find(|r| r.visit_id == visits[1]).unwrap();
    assert_eq!(second.score, 5, "the tablet's rating came first");
    assert_eq!(
        second.staff_name.as_deref(),
        Some("Eva Nováková"),
        "supervisors see who served"
    );
    assert!(
        desk.ws
            .list_ratings(&eva, Default::default())
            .await
            .is_err(),
        "a clerk reads no ratings: a desk and an hour name who served"
    );
    // A supervisor turns the first rating's comment into an item.
    let first = on_desk.iter().find(|r| r.visit_id == visits[0]).unwrap();
    let item = desk.ws.rating_to_feedback(&maryam, first.id).await.unwrap();
    assert_eq!(item.summary.channel, okno_wire::FeedbackChannel::Rating);
    assert_eq!(item.visit_id, Some(visits[0]));
    settle(&desk.ws).await;
    let refs = vec![&desk];
    assert_converged(&pool, office, &refs).await;
}
