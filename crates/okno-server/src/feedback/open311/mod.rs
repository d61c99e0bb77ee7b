//! Open311 GeoReport v2 (docs/open311.md): discovery, the service list (the feedback kinds) and
//! their definitions, filing a request with an API key (answered with a token that resolves to
//! the request's id), a request's status and the list with the spec's filters — in JSON and XML,
//! errors in the spec's format. Items filed here are ordinary feedback items (channel `open311`).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderMap, StatusCode};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use okno_wire::{
    FeedbackAbout, FeedbackChannel, FeedbackContact, FeedbackInput, FeedbackKind, FeedbackState,
    Locale,
};

use super::{check_codes, file_public, first_refusal, Refused};
use crate::apply::feedback::settings;
use crate::queue::{names, office_info, OfficeInfo};
use crate::AppState;

mod format;
use format::{esc, fail, list, reply, split, xml_value, Failure, Format, OR, XML_HEAD};

/// The largest POST body (form-encoded).
pub(crate) const BODY_LIMIT: usize = 64 * 1024;
/// The most requests a list returns, and the default window.
const LIST_MAX: i64 = 1000;
const WINDOW_DAYS: i64 = 90;

/// The office a call names (`jurisdiction_id`, required: one server serves several offices).
async fn jurisdiction(
    state: &AppState,
    f: Format,
    q: &BTreeMap<String, String>,
) -> Result<(Uuid, OfficeInfo), Failure> {
    let j = q
        .get("jurisdiction_id")
        .map(|s| s.trim())
        .filter(|s| !s.is_empty());
    let Some(j) = j else {
        return Err(Failure(
            f,
            StatusCode::BAD_REQUEST,
            "jurisdiction_id is required: the office's id".into(),
        ));
    };
    let office = Uuid::parse_str(j)
        .map_err(|_| Failure(f, StatusCode::NOT_FOUND, "no such jurisdiction".into()))?;
    let mut conn = state.pool.acquire().await.map_err(|e| fail(f, e.into()))?;
    let info = office_info(&mut conn, office)
        .await
        .map_err(|_| Failure(f, StatusCode::NOT_FOUND, "no such jurisdiction".into()))?;
    Ok((office, info))
}

fn kind_name(k: FeedbackKind, l: Locale) -> &'static str {
    okno_rules::feedback::word(k.code(), l)
}

fn notice(days: u32, due: Option<NaiveDate>) -> String {
    match due {
        Some(d) => format!("We answer within {days} days, by {d}."),
        None if days > 0 => format!("We answer within {days} days."),
        None => String::new(),
    }
}

fn query(RawQuery(q): RawQuery) -> BTreeMap<String, String> {
    form_urlencoded::parse(q.unwrap_or_default().as_bytes())
        .map(|(k, v)| (k.trim_end_matches("[]").to_string(), v.into_owned()))
        .collect()
}

/// `GET /open311/v2/discovery.{fmt}`.
fn discovery(f: Format, headers: &HeaderMap) -> OR {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("localhost");
    let changeset = "2026-12-07T00:00:00Z";
    let v = json!({
        "changeset": changeset,
        "contact": "The office's administrator (see the office's web page).",
        "key_service": "Ask the office for an API key; its administrator makes one with okno-server open311-key.",
        "endpoints": [{
            "specification": "http://wiki.open311.org/GeoReport_v2",
            "url": format!("http://{host}/open311/v2"),
            "changeset": changeset,
            "type": "production",
            "formats": ["text/xml", "application/json"],
        }],
    });
    Ok(match f {
        Format::Json => reply(f, StatusCode::OK, v.to_string()),
        Format::Xml => {
            let mut out = format!("{XML_HEAD}<discovery><changeset>{changeset}</changeset><contact>{}</contact><key_service>{}</key_service><endpoints><endpoint>",
                esc(v["contact"].as_str().unwrap_or_default()), esc(v["key_service"].as_str().unwrap_or_default()));
            let _ = write!(out, "<specification>http://wiki.open311.org/GeoReport_v2</specification><url>{}</url><changeset>{changeset}</changeset><type>production</type><formats><format>text/xml</format><format>application/json</format></formats></endpoint></endpoints></discovery>", esc(v["endpoints"][0]["url"].as_str().unwrap_or_default()));
            reply(f, StatusCode::OK, out)
        }
    })
}

/// `GET /open311/v2/services.{fmt}` and `/open311/v2/requests.{fmt}` (one path segment).
pub(crate) async fn top(
    State(state): State<AppState>,
    Path(name): Path<String>,
    headers: HeaderMap,
    q: RawQuery,
) -> OR {
    let (stem, f) = split(&name)?;
    let q = query(q);
    match stem.as_str() {
        "services" => services(&state, f, &q).await,
        "requests" => requests(&state, f, &q).await,
        "discovery" => discovery(f, &headers),
        _ => Err(Failure(f, StatusCode::NOT_FOUND, "no such resource".into())),
    }
}

async fn services(state: &AppState, f: Format, q: &BTreeMap<String, String>) -> OR {
    let (office, info) = jurisdiction(state, f, q).await?;
    let mut conn = state.pool.acquire().await.map_err(|e| fail(f, e.into()))?;
    let s = settings(&mut conn, office)
        .await
        .map_err(|_| fail(f, Refused::bad("database_unavailable", "", "try again")))?;
    let rows = FeedbackKind::ALL
        .iter()
        .map(|k| {
            let days = s
                .deadlines
                .iter()
                .find(|d| d.kind == *k)
                .map_or(0, |d| d.days);
            json!({
                "service_code": k.code(),
                "service_name": kind_name(*k, info.locale),
                "description": notice(days, None),
                "metadata": true,
                "type": "batch",
                "keywords": "",
                "group": "feedback",
            })
        })
        .collect();
    Ok(list(f, "services", "service", rows))
}

/// The office's active services or agencies as a value list (code, name in `l`).
async fn choices(
    conn: &mut sqlx::PgConnection,
    office: Uuid,
    kind: &str,
    l: Locale,
) -> Result<Vec<Value>, sqlx::Error> {
    let rows: Vec<Value> = sqlx::query_scalar(
        "SELECT body FROM entity WHERE office_id = $1 AND kind = $2 AND (body->>'active')::int = 1 ORDER BY body->>'code'",
    )
    .bind(office)
    .bind(kind)
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows
        .iter()
        .map(|r| {
            let n = names(&r["names"]);
            let name = n
                .get(l.code())
                .or_else(|| n.get("en"))
                .cloned()
                .unwrap_or_default();
            json!({"key": r["code"], "name": name})
        })
        .collect())
}

/// `GET /open311/v2/services/{code}.{fmt}`: a kind's attributes.
async fn definition(state: &AppState, code: String, f: Format, q: &BTreeMap<String, String>) -> OR {
    let (office, info) = jurisdiction(state, f, q).await?;
    let kind = FeedbackKind::from_code(&code)
        .ok_or_else(|| Failure(f, StatusCode::NOT_FOUND, format!("no service {code:?}")))?;
    let l = info.locale;
    let mut conn = state.pool.acquire().await.map_err(|e| fail(f, e.into()))?;
    let services = choices(&mut conn, office, "service", l)
        .await
        .map_err(|e| fail(f, e.into()))?;
    let agencies = choices(&mut conn, office, "agency", l)
        .await
        .map_err(|e| fail(f, e.into()))?;
    let about: Vec<Value> = FeedbackAbout::ALL
        .iter()
        .map(|a| json!({"key": a.code(), "name": okno_rules::feedback::word(a.code(), l)}))
        .collect();
    let locales: Vec<Value> = [
        ("en", "English"),
        ("hu", "Magyar"),
        ("sk", "Slovenčina"),
        ("sv", "Svenska"),
        ("fa", "فارسی"),
    ]
    .iter()
    .map(|(k, n)| json!({"key": k, "name": n}))
    .collect();
    let attr = |code: &str,
                dt: &str,
                required: bool,
                order: u32,
                description: &str,
                values: Vec<Value>| {
        let mut a = json!({
            "variable": true, "code": code, "datatype": dt, "required": required,
            "datatype_description": "", "order": order, "description": description,
        });
        if dt.ends_with("valuelist") {
            a["values"] = Value::Array(values);
        }
        a
    };
    // A complaint must say what it is about; other kinds may leave it to the description.
    let attributes = vec![
        attr(
            "about",
            "singlevaluelist",
            kind == FeedbackKind::Complaint,
            1,
            "What is it about?",
            about,
        ),
        attr(
            "service",
            "singlevaluelist",
            false,
            2,
            "Which service (when it is about a service)",
            services,
        ),
        attr(
            "agency",
            "singlevaluelist",
            false,
            3,
            "Which agency (when it is about an agency)",
            agencies,
        ),
        attr(
            "desk",
            "string",
            false,
            4,
            "Which desk (when it is about a desk)",
            Vec::new(),
        ),
        attr(
            "locale",
            "singlevaluelist",
            false,
            5,
            "The language of the answer",
            locales,
        ),
    ];
    let v = json!({"service_code": kind.code(), "attributes": attributes});
    Ok(match f {
        Format::Json => reply(f, StatusCode::OK, v.to_string()),
        Format::Xml => {
            let mut out = format!(
                "{XML_HEAD}<service_definition><service_code>{}</service_code><attributes>",
                kind.code()
            );
            for a in v["attributes"].as_array().into_iter().flatten() {
                out.push_str("<attribute>");
                for k in [
                    "variable",
                    "code",
                    "datatype",
                    "required",
                    "datatype_description",
                    "order",
                    "description",
                ] {
                    xml_value(&mut out, k, &a[k], "item");
                }
                if let Some(vals) = a["values"].as_array() {
                    out.push_str("<values>");
                    for x in vals {
                        xml_value(&mut out, "value", x, "item");
                    }
                    out.push_str("</values>");
                }
                out.push_str("</attribute>");
            }
            out.push_str("</attributes></service_definition>");
            reply(f, StatusCode::OK, out)
        }
    })
}

fn open_or_closed(state: &str) -> &'static str {
    match FeedbackState::from_code(state) {
        Some(s) if s.is_open() => "open",
        _ => "closed",
    }
}

/// `FB-2026/00012` ⇄ `FB-2026-00012`.
fn request_id(number: &str) -> String {
    number.replace('/', "-")
}
fn number_of(id: &str) -> String {
    match id.rfind('-') {
        Some(i) => format!("{}/{}", &id[..i], &id[i + 1..]),
        None => id.to_string(),
    }
}

/// One item as the spec's request: the public part only.
async fn as_request(
    conn: &mut sqlx::PgConnection,
    office: Uuid,
    info: &OfficeInfo,
    item: &Value,
    deadlines: &[okno_wire::FeedbackDeadline],
) -> Result<Value, sqlx::Error> {
    let id = item["id"].as_str().unwrap_or_default();
    let events: Vec<Value> = sqlx::query_scalar(
        "SELECT body FROM entity WHERE office_id = $1 AND kind = 'feedback_event' AND body->>'item_id' = $2
           AND (body->>'public')::int = 1 ORDER BY (body->>'at')::bigint, rev",
    )
    .bind(office)
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    let agency: Option<Value> = match item["agency_code"].as_str() {
        Some(c) => sqlx::query_scalar("SELECT body->'names' FROM entity WHERE office_id = $1 AND kind = 'agency' AND body->>'code' = $2")
            .bind(office)
            .bind(c)
            .fetch_optional(&mut *conn)
            .await?,
        None => None,
    };
    let agency = agency
        .map(|n| {
            let n = names(&n);
            n.get(info.locale.code())
                .or_else(|| n.get("en"))
                .cloned()
                .unwrap_or_default()
        })
        .unwrap_or_default();
    let kind = FeedbackKind::from_code(item["kind"].as_str().unwrap_or_default())
        .unwrap_or(FeedbackKind::Complaint);
    let days = deadlines
        .iter()
        .find(|d| d.kind == kind)
        .map_or(0, |d| d.days);
    let due: Option<NaiveDate> = item["due_date"].as_str().and_then(|d| d.parse().ok());
    let notes = events
        .iter()
        .rev()
        .find_map(|e| {
            e["text"]
                .as_str()
                .filter(|t| !t.is_empty() && e["kind"] != "received")
        })
        .unwrap_or_default();
    let updated = events
        .last()
        .and_then(|e| e["at"].as_i64())
        .or(item["received_at"].as_i64())
        .unwrap_or(0);
    let expected = due.map(|d| {
        let end = d.and_hms_opt(23, 59, 59).unwrap_or_default();
        match info.tz {
            Some(tz) => end
                .and_local_timezone(tz)
                .earliest()
                .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, false))
                .unwrap_or_default(),
            None => format!("{}Z", end.format("%Y-%m-%dT%H:%M:%S")),
        }
    });
    Ok(json!({
        "service_request_id": request_id(item["number"].as_str().unwrap_or_default()),
        "status": open_or_closed(item["state"].as_str().unwrap_or_default()),
        "status_notes": notes,
        "service_name": kind_name(kind, info.locale),
        "service_code": kind.code(),
        "description": "",
        "agency_responsible": agency,
        "service_notice": notice(days, due),
        "requested_datetime": super::w3c(item["received_at"].as_i64().unwrap_or(0), info),
        "updated_datetime": super::w3c(updated, info),
        "expected_datetime": expected.unwrap_or_default(),
        "address": "",
        "address_id": "",
        "zipcode": "",
        "lat": null,
        "long": null,
        "media_url": item["media_url"],
    }))
}

fn parse_w3c(f: Format, field: &str, v: Option<&String>) -> Result<Option<DateTime<Utc>>, Failure> {
    match v.map(|s| s.trim()).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => DateTime::parse_from_rfc3339(s)
            .map(|d| Some(d.with_timezone(&Utc)))
            .map_err(|_| {
                Failure(
                    f,
                    StatusCode::BAD_REQUEST,
                    format!("{field} is not a w3c date-time with a zone: {s:?}"),
                )
            }),
    }
}

async fn requests(state: &AppState, f: Format, q: &BTreeMap<String, String>) -> OR {
    let (office, info) = jurisdiction(state, f, q).await?;
    let mut conn = state.pool.acquire().await.map_err(|e| fail(f, e.into()))?;
    let s = settings(&mut conn, office)
        .await
        .map_err(|_| fail(f, Refused::bad("database_unavailable", "", "try again")))?;
    let get = |k: &str| q.get(k).map(|s| s.trim()).filter(|s| !s.is_empty());
    let items: Vec<Value> = if let Some(ids) = get("service_request_id") {
        let numbers: Vec<String> = ids.split(',').map(|i| number_of(i.trim())).collect();
        sqlx::query_scalar(
            "SELECT body FROM entity WHERE office_id = $1 AND kind = 'feedback_item' AND body->>'number' = ANY($2)
              ORDER BY (body->>'received_at')::bigint DESC LIMIT 1000",
        )
        .bind(office)
        .bind(&numbers)
        .fetch_all(&mut *conn)
        .await
        .map_err(|e| fail(f, e.into()))?
    } else {
        let start = parse_w3c(f, "start_date", q.get("start_date"))?;
        let end = parse_w3c(f, "end_date", q.get("end_date"))?;
        let (start, end) = match (start, end) {
            (Some(a), Some(b)) => (a, b),
            (Some(a), None) => (a, a + Duration::days(WINDOW_DAYS)),
            (None, Some(b)) => (b - Duration::days(WINDOW_DAYS), b),
            (None, None) => {
                let now = Utc::now();
                (now - Duration::days(WINDOW_DAYS), now)
            }
        };
        if end < start {
            return Err(Failure(
                f,
                StatusCode::BAD_REQUEST,
                "end_date is before start_date".into(),
            ));
        }
        if end - start > Duration::days(WINDOW_DAYS) {
            return Err(Failure(
                f,
                StatusCode::BAD_REQUEST,
                format!("the dates span more than {WINDOW_DAYS} days"),
            ));
        }
        let codes: Option<Vec<String>> =
            get("service_code").map(|c| c.split(',').map(|x| x.trim().to_string()).collect());
        if let Some(cs) = &codes {
            if let Some(bad) = cs.iter().find(|c| FeedbackKind::from_code(c).is_none()) {
                return Err(Failure(
                    f,
                    StatusCode::BAD_REQUEST,
                    format!("no service {bad:?}"),
                ));
            }
        }
        let statuses: Option<Vec<String>> =
            get("status").map(|c| c.split(',').map(|x| x.trim().to_string()).collect());
        if let Some(st) = &statuses {
            if st.iter().any(|x| x != "open" && x != "closed") {
                return Err(Failure(
                    f,
                    StatusCode::BAD_REQUEST,
                    "status is open or closed".into(),
                ));
            }
        }
        let rows: Vec<Value> = sqlx::query_scalar(
            "SELECT body FROM entity WHERE office_id = $1 AND kind = 'feedback_item'
               AND (body->>'received_at')::bigint >= $2 AND (body->>'received_at')::bigint <= $3
               AND ($4::text[] IS NULL OR body->>'kind' = ANY($4))
             ORDER BY (body->>'received_at')::bigint DESC LIMIT $5",
        )
        .bind(office)
        .bind(start.timestamp_millis())
        .bind(end.timestamp_millis())
        .bind(&codes)
        .bind(LIST_MAX * 5)
        .fetch_all(&mut *conn)
        .await
        .map_err(|e| fail(f, e.into()))?;
        rows.into_iter()
            .filter(|r| {
                statuses.as_ref().is_none_or(|st| {
                    st.iter()
                        .any(|x| x == open_or_closed(r["state"].as_str().unwrap_or_default()))
                })
            })
            .take(LIST_MAX as usize)
            .collect()
    };
    let mut out = Vec::with_capacity(items.len());
    for i in &items {
        out.push(
            as_request(&mut conn, office, &info, i, &s.deadlines)
                .await
                .map_err(|e| fail(f, e.into()))?,
        );
    }
    Ok(list(f, "service_requests", "request", out))
}

/// `GET /open311/v2/requests/{id}.{fmt}` and `/open311/v2/tokens/{token}.{fmt}`.
pub(crate) async fn one(
    State(state): State<AppState>,
    Path((what, name)): Path<(String, String)>,
    q: RawQuery,
) -> OR {
    let (key, f) = split(&name)?;
    let q = query(q);
    if what == "services" {
        return definition(&state, key, f, &q).await;
    }
    let (office, info) = jurisdiction(&state, f, &q).await?;
    let mut conn = state.pool.acquire().await.map_err(|e| fail(f, e.into()))?;
    match what.as_str() {
        "requests" => {
            let item: Option<Value> = sqlx::query_scalar(
                "SELECT body FROM entity WHERE office_id = $1 AND kind = 'feedback_item' AND body->>'number' = $2",
            )
            .bind(office)
            .bind(number_of(&key))
            .fetch_optional(&mut *conn)
            .await
            .map_err(|e| fail(f, e.into()))?;
            let item = item
                .ok_or_else(|| Failure(f, StatusCode::NOT_FOUND, format!("no request {key:?}")))?;
            let s = settings(&mut conn, office)
                .await
                .map_err(|_| fail(f, Refused::bad("database_unavailable", "", "try again")))?;
            let r = as_request(&mut conn, office, &info, &item, &s.deadlines)
                .await
                .map_err(|e| fail(f, e.into()))?;
            Ok(list(f, "service_requests", "request", vec![r]))
        }
        "tokens" => {
            let number: Option<String> = sqlx::query_scalar(
                "SELECT e.body->>'number' FROM open311_token t JOIN entity e ON e.office_id = t.office_id AND e.kind = 'feedback_item' AND e.id = t.item_id
                  WHERE t.token = $1 AND t.office_id = $2",
            )
            .bind(&key)
            .bind(office)
            .fetch_optional(&mut *conn)
            .await
            .map_err(|e| fail(f, e.into()))?
            .flatten();
            let number = number
                .ok_or_else(|| Failure(f, StatusCode::NOT_FOUND, format!("no token {key:?}")))?;
            Ok(list(
                f,
                "service_requests",
                "request",
                vec![json!({"service_request_id": request_id(&number), "token": key})],
            ))
        }
        _ => Err(Failure(f, StatusCode::NOT_FOUND, "no such resource".into())),
    }
}

/// The SHA-256 of an API key, as stored.
pub(crate) fn key_hash(key: &str) -> String {
    hex::encode(Sha256::digest(key.as_bytes()))
}

/// `POST /open311/v2/requests.{fmt}`: a request (form-encoded) with an API key; answered with a
/// token that resolves to the request's id (`GET tokens/{token}`).
pub(crate) async fn create(
    State(state): State<AppState>,
    Path(name): Path<String>,
    q: RawQuery,
    body: Result<Bytes, axum::extract::rejection::BytesRejection>,
) -> OR {
    let (stem, f) = split(&name)?;
    let body = body.map_err(|e| {
        let status = if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            StatusCode::PAYLOAD_TOO_LARGE
        } else {
            StatusCode::BAD_REQUEST
        };
        Failure(
            f,
            status,
            format!("the request body was refused: {}", e.body_text()),
        )
    })?;
    if stem != "requests" {
        return Err(Failure(f, StatusCode::NOT_FOUND, "no such resource".into()));
    }
    let mut form: BTreeMap<String, String> = query(q);
    for (k, v) in form_urlencoded::parse(&body) {
        let k = k.trim_end_matches("[]").to_string();
        form.insert(k, v.into_owned());
    }
    let (office, info) = jurisdiction(&state, f, &form).await?;
    let key = form
        .get("api_key")
        .map(|s| s.trim())
        .filter(|s| !s.is_empty());
    let Some(key) = key else {
        return Err(Failure(
            f,
            StatusCode::FORBIDDEN,
            "api_key is required to file a request".into(),
        ));
    };
    let mut tx = state.pool.begin().await.map_err(|e| fail(f, e.into()))?;
    let app: Option<String> = sqlx::query_scalar("SELECT name FROM open311_key WHERE key_hash = $1 AND office_id = $2 AND revoked_at IS NULL")
        .bind(key_hash(key))
        .bind(office)
        .fetch_optional(&mut *tx)
        .await
        .map_err(|e| fail(f, e.into()))?;
    let Some(app) = app else {
        return Err(Failure(
            f,
            StatusCode::FORBIDDEN,
            "the api_key is not valid for this jurisdiction".into(),
        ));
    };
    let get = |k: &str| {
        form.get(k)
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
    };
    let code = get("service_code").ok_or_else(|| {
        Failure(
            f,
            StatusCode::BAD_REQUEST,
            "service_code is required".into(),
        )
    })?;
    let kind = FeedbackKind::from_code(&code)
        .ok_or_else(|| Failure(f, StatusCode::NOT_FOUND, format!("no service {code:?}")))?;
    let about = match get("attribute[about]") {
        Some(a) => FeedbackAbout::from_code(&a).ok_or_else(|| {
            Failure(
                f,
                StatusCode::BAD_REQUEST,
                format!("attribute[about]: {a:?} is not one of its values"),
            )
        })?,
        None if kind == FeedbackKind::Complaint => {
            return Err(Failure(
                f,
                StatusCode::BAD_REQUEST,
                "attribute[about] is required for a complaint".into(),
            ))
        }
        None => FeedbackAbout::Office,
    };
    let locale = match get("attribute[locale]") {
        Some(l) => Locale::from_code(&l).ok_or_else(|| {
            Failure(
                f,
                StatusCode::BAD_REQUEST,
                format!("attribute[locale]: {l:?} is not one of its values"),
            )
        })?,
        None => info.locale,
    };
    for d in ["start_date", "end_date"] {
        parse_w3c(f, d, form.get(d))?;
    }
    let mut description = get("description").unwrap_or_default();
    if let Some(a) = get("address_string") {
        description.push_str(&format!("\n\nAddress: {a}"));
    }
    let name = [get("first_name"), get("last_name")]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    let input = FeedbackInput {
        kind,
        about,
        service_code: get("attribute[service]"),
        agency_code: get("attribute[agency]"),
        desk: get("attribute[desk]"),
        staff_id: None,
        description,
        locale,
        contact: okno_rules::feedback::tidy_contact(Some(FeedbackContact {
            name: Some(name),
            email: get("email"),
            phone: get("phone"),
            address: None,
        })),
        visit_id: None,
        case_id: None,
    };
    if let Some(r) = first_refusal(&input) {
        return Err(fail(f, r));
    }
    let media = get("media_url");
    if media.as_deref().is_some_and(|m| {
        m.chars().count() > 500 || !(m.starts_with("http://") || m.starts_with("https://"))
    }) {
        return Err(Failure(
            f,
            StatusCode::BAD_REQUEST,
            "media_url is not an http(s) address of at most 500 characters".into(),
        ));
    }
    check_codes(&mut tx, office, &input)
        .await
        .map_err(|r| fail(f, r))?;
    let via = format!("Open311: {app}");
    let filed = file_public(
        &mut tx,
        office,
        &info,
        &input,
        FeedbackChannel::Open311,
        media.as_deref(),
        Some(&via),
    )
    .await
    .map_err(|p| fail(f, p.into()))?;
    let token = hex::encode(rand::random::<[u8; 12]>());
    sqlx::query("INSERT INTO open311_token (token, office_id, item_id) VALUES ($1, $2, $3)")
        .bind(&token)
        .bind(office)
        .bind(&filed.id)
        .execute(&mut *tx)
        .await
        .map_err(|e| fail(f, e.into()))?;
    let s = settings(&mut tx, office)
        .await
        .map_err(|_| fail(f, Refused::bad("database_unavailable", "", "try again")))?;
    let days = s
        .deadlines
        .iter()
        .find(|d| d.kind == kind)
        .map_or(0, |d| d.days);
    crate::queue::notify(&mut tx, office)
        .await
        .map_err(|p| fail(f, p.into()))?;
    tx.commit().await.map_err(|e| fail(f, e.into()))?;
    Ok(list(
        f,
        "service_requests",
        "request",
        vec![json!({"token": token, "service_notice": notice(days, filed.due), "account_id": ""})],
    ))
}
