//! The citizen's voice on the office server: items filed without a login — on the public
//! feedback page, at the kiosk, or by an Open311 client ([`open311`]) — numbered from the
//! office's feedback series by the server itself, the public status of an item, the rating
//! tablet of a desk, and the resident survey ([`public`]). Desks file and handle items through
//! sync (`apply/feedback.rs`); every item reaches every desk through the change feed.

pub(crate) mod open311;
pub(crate) mod public;

use chrono::{NaiveDate, TimeZone, Utc};
use hmac::{Hmac, Mac};
use serde_json::{json, Value};
use sha2::Sha256;
use sqlx::PgConnection;
use uuid::Uuid;

use okno_rules::feedback::{self as rules, Refusal};
use okno_rules::series::Series;
use okno_wire::{FeedbackChannel, FeedbackInput};

use crate::apply::feedback::settings;
use crate::error::{ApiResult, Problem};
use crate::queue::{put, OfficeInfo};

/// The citizen's voice on the server: the feedback form, an item's status, a desk's rating
/// tablet, the resident survey, and Open311 GeoReport v2 — all without a login.
pub(crate) fn routes() -> axum::Router<crate::AppState> {
    use axum::routing::{get, post};
    axum::Router::new()
        .route("/feedback", get(public::feedback_page))
        .route("/feedback/status", get(public::status_page))
        .route("/rate", get(public::rate_page))
        .route("/survey", get(public::survey_page))
        .route("/feedback/assets/{file}", get(public::asset))
        .route("/feedback/{office}/form", get(public::form))
        .route("/feedback/{office}/items", post(public::file_item))
        .route("/feedback/{office}/status", get(public::status))
        .route(
            "/feedback/{office}/desk/{label}/pending",
            get(public::pending),
        )
        .route("/feedback/{office}/ratings", post(public::rate))
        .route("/feedback/{office}/survey", get(public::survey))
        .route(
            "/feedback/{office}/survey/{id}/answers",
            post(public::answer_survey),
        )
        .route(
            "/open311/v2/{name}",
            get(open311::top)
                .post(open311::create)
                .layer(axum::extract::DefaultBodyLimit::max(open311::BODY_LIMIT)),
        )
        .route("/open311/v2/{what}/{name}", get(open311::one))
}

/// A refusal of a public channel: a stable code, the field, and English words.
#[derive(Debug)]
pub(crate) struct Refused {
    pub status: axum::http::StatusCode,
    pub code: &'static str,
    pub field: Option<String>,
    pub message: String,
}

impl Refused {
    pub(crate) fn bad(code: &'static str, field: &str, message: impl Into<String>) -> Refused {
        Refused {
            status: axum::http::StatusCode::BAD_REQUEST,
            code,
            field: (!field.is_empty()).then(|| field.to_string()),
            message: message.into(),
        }
    }
}

impl From<Problem> for Refused {
    fn from(p: Problem) -> Refused {
        Refused {
            status: p.status,
            code: p.code,
            field: None,
            message: p.message,
        }
    }
}

impl From<sqlx::Error> for Refused {
    fn from(e: sqlx::Error) -> Refused {
        Problem::from(e).into()
    }
}

/// The shared rule's first refusal of a new item, in the public channels' words.
pub(crate) fn first_refusal(input: &FeedbackInput) -> Option<Refused> {
    let (field, why) = rules::check_new(input).into_iter().next()?;
    let f = field.strip_prefix("contact.").unwrap_or(&field).to_string();
    Some(match why {
        Refusal::Required if f == "description" => {
            Refused::bad("missing_description", &f, "the description is empty")
        }
        Refusal::Required => Refused::bad("missing_field", &f, format!("{f} is required")),
        Refusal::TooLong(n) => {
            Refused::bad("too_long", &f, format!("{f} is longer than {n} characters"))
        }
        Refusal::Malformed if f == "email" => {
            Refused::bad("bad_email", &f, "not an e-mail address")
        }
        Refusal::Malformed if f == "phone" => Refused::bad("bad_phone", &f, "not a phone number"),
        Refusal::ContactNeeded => Refused::bad(
            "contact_needed",
            "email",
            "a question or a call-back needs a phone number or an e-mail address",
        ),
        _ => Refused::bad("malformed", &f, format!("{f} is not valid")),
    })
}

/// Refuses a service, agency or desk the office does not have (by code).
pub(crate) async fn check_codes(
    conn: &mut PgConnection,
    office: Uuid,
    input: &FeedbackInput,
) -> Result<(), Refused> {
    for (kind, value, code) in [
        ("service", &input.service_code, "unknown_service"),
        ("agency", &input.agency_code, "unknown_agency"),
    ] {
        let Some(v) = value.as_deref() else { continue };
        let n: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM entity WHERE office_id = $1 AND kind = $2 AND body->>'code' = $3
               AND (body->>'active')::int = 1",
        )
        .bind(office)
        .bind(kind)
        .bind(v)
        .fetch_one(&mut *conn)
        .await?;
        if n == 0 {
            let field = if kind == "service" {
                "service_code"
            } else {
                "agency_code"
            };
            return Err(Refused::bad(
                code,
                field,
                format!("no {kind} {v:?} in this office"),
            ));
        }
    }
    Ok(())
}

/// A number of the office's feedback series the server gives itself: a block of one leased to
/// no device, used at once, in the caller's transaction (so a rollback gives it back).
async fn server_number(
    conn: &mut PgConnection,
    office: Uuid,
    year: i32,
    owner: &str,
) -> ApiResult<(i64, String)> {
    let code = Series::Feedback.code();
    let (n,): (i64,) = sqlx::query_as(
        "INSERT INTO number_counter (office_id, series, year, next_number) VALUES ($1, $2, $3, 2)
         ON CONFLICT (office_id, series, year) DO UPDATE SET next_number = number_counter.next_number + 1
         RETURNING next_number - 1",
    )
    .bind(office)
    .bind(code)
    .bind(year)
    .fetch_one(&mut *conn)
    .await?;
    let lease = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO number_lease (id, office_id, device_id, series, year, first, last, closed_at)
         VALUES ($1, $2, NULL, $3, $4, $5, $5, now())",
    )
    .bind(lease)
    .bind(office)
    .bind(code)
    .bind(year)
    .bind(n)
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "INSERT INTO number_use (office_id, series, year, number, lease_id, owner_kind, owner_id)
         VALUES ($1, $2, $3, $4, $5, 'feedback_item', $6)",
    )
    .bind(office)
    .bind(code)
    .bind(year)
    .bind(n)
    .bind(lease)
    .bind(owner)
    .execute(&mut *conn)
    .await?;
    Ok((n, Series::Feedback.format(year, n)))
}

/// An item filed through a public channel, as written.
pub(crate) struct Filed {
    pub id: String,
    pub number: String,
    pub due: Option<NaiveDate>,
}

/// Writes an item that came through a public channel (checked by the caller), with its
/// `received` event and, when it names a visit, the visit's link — all in `conn`'s transaction.
pub(crate) async fn file_public(
    conn: &mut PgConnection,
    office: Uuid,
    info: &OfficeInfo,
    input: &FeedbackInput,
    channel: FeedbackChannel,
    media_url: Option<&str>,
    via: Option<&str>,
) -> ApiResult<Filed> {
    let now = Utc::now();
    let now_ms = now.timestamp_millis();
    let today = info.today_date();
    let year = chrono::Datelike::year(&today);
    let id = Uuid::now_v7().to_string();
    let (_, number) = server_number(conn, office, year, &id).await?;
    let s = settings(conn, office).await.map_err(|_| {
        Problem::new(
            axum::http::StatusCode::SERVICE_UNAVAILABLE,
            "database_unavailable",
            "try again",
        )
    })?;
    let due = rules::due_date(&s, input.kind, today);
    let item = json!({
        "id": id, "number": number, "year": year, "kind": input.kind.code(),
        "about": input.about.code(), "channel": channel.code(), "state": "received",
        "service_code": input.service_code, "agency_code": input.agency_code, "desk": input.desk,
        "staff_id": null, "description": input.description.trim(), "locale": input.locale.code(),
        "contact": input.contact.as_ref().map(|c| serde_json::to_string(c).unwrap_or_default()),
        "visit_id": input.visit_id.map(|v| v.to_string()), "case_id": null, "rating_id": null,
        "department": null, "assignee_id": null,
        "due_date": due.map(|d| d.format("%Y-%m-%d").to_string()),
        "answer": null, "answered_at": null, "public_note": null, "root_cause": null,
        "adopted": null, "media_url": media_url, "created_by": null, "received_at": now_ms,
        "closed_at": null, "updated_at": now_ms,
    });
    put(conn, office, "feedback_item", &item).await?;
    let ev = json!({
        "id": Uuid::now_v7().to_string(), "item_id": id, "kind": "received", "at": now_ms,
        "actor_id": null, "text": via, "public": 1, "state": "received",
    });
    put(conn, office, "feedback_event", &ev).await?;
    if let Some(v) = input.visit_id {
        let link = json!({
            "id": Uuid::now_v7().to_string(), "visit_id": v.to_string(), "ticket_id": null,
            "kind": "feedback_filed", "at": now_ms, "actor_id": null, "desk": null,
            "ref_kind": "feedback_item", "ref_id": id, "detail": null,
        });
        put(conn, office, "visit_event", &link).await?;
    }
    Ok(Filed { id, number, due })
}

/// The public part of an item: its number, kind, state, dates, and the public texts of its
/// events — never the description, the contact, notes or staff.
pub(crate) async fn public_view(
    conn: &mut PgConnection,
    office: Uuid,
    number: &str,
) -> ApiResult<Option<(Value, Vec<Value>)>> {
    let item: Option<Value> = sqlx::query_scalar(
        "SELECT body FROM entity WHERE office_id = $1 AND kind = 'feedback_item' AND body->>'number' = $2",
    )
    .bind(office)
    .bind(number)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(item) = item else { return Ok(None) };
    let events: Vec<Value> = sqlx::query_scalar(
        "SELECT body FROM entity WHERE office_id = $1 AND kind = 'feedback_event' AND body->>'item_id' = $2
           AND (body->>'public')::int = 1 ORDER BY (body->>'at')::bigint, rev",
    )
    .bind(office)
    .bind(item["id"].as_str().unwrap_or_default())
    .fetch_all(&mut *conn)
    .await?;
    Ok(Some((item, events)))
}

/// A w3c date-time of an instant, in the office's time zone.
pub(crate) fn w3c(ms: i64, info: &OfficeInfo) -> String {
    let t = Utc
        .timestamp_millis_opt(ms)
        .single()
        .unwrap_or_else(Utc::now);
    match info.tz {
        Some(tz) => t
            .with_timezone(&tz)
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, false),
        None => t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
    }
}

// --- Form tokens: a simple anti-abuse measure that needs no outside service ---------------------

/// The installation's secret for form tokens (made on first use, shared by every replica).
async fn form_secret(conn: &mut PgConnection) -> ApiResult<Vec<u8>> {
    let fresh: [u8; 32] = rand::random();
    sqlx::query(
        "INSERT INTO public_form_key (id, secret) VALUES (1, $1) ON CONFLICT (id) DO NOTHING",
    )
    .bind(fresh.to_vec())
    .execute(&mut *conn)
    .await?;
    Ok(
        sqlx::query_scalar("SELECT secret FROM public_form_key WHERE id = 1")
            .fetch_one(&mut *conn)
            .await?,
    )
}

fn sign(secret: &[u8], text: &str) -> String {
    let mut mac = match Hmac::<Sha256>::new_from_slice(secret) {
        Ok(m) => m,
        Err(_) => return String::new(),
    };
    mac.update(text.as_bytes());
    hex::encode(&mac.finalize().into_bytes()[..16])
}

/// Whether two texts are equal, in time that does not depend on where they differ.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// The key of a desk's rating tablet: what `/rate?office=ID&desk=LABEL&key=KEY` carries, so that
/// only the tablet an administrator set up at that desk (`okno-server rating-tablet`) learns
/// which visit just ended there and may rate it.
pub(crate) async fn tablet_key(
    conn: &mut PgConnection,
    office: Uuid,
    desk: &str,
) -> ApiResult<String> {
    let secret = form_secret(conn).await?;
    Ok(sign(&secret, &format!("tablet|{office}|{desk}")))
}

/// Refuses a tablet request whose key is not the desk's.
pub(crate) async fn check_tablet_key(
    conn: &mut PgConnection,
    office: Uuid,
    desk: &str,
    key: &str,
) -> Result<(), Refused> {
    if same(&tablet_key(conn, office, desk).await?, key) {
        Ok(())
    } else {
        Err(Refused {
            status: axum::http::StatusCode::FORBIDDEN,
            code: "not_this_tablet",
            field: Some("key".into()),
            message:
                "this page is not the desk's rating tablet: ask the administrator for its address"
                    .into(),
        })
    }
}

/// A form token: when the form was handed out, for which office, signed.
pub(crate) async fn form_token(conn: &mut PgConnection, office: Uuid) -> ApiResult<String> {
    let secret = form_secret(conn).await?;
    let issued = Utc::now().timestamp_millis();
    let text = format!("{issued}.{office}");
    Ok(format!("{text}.{}", sign(&secret, &text)))
}

/// How long a form may be filled in, and how fast a person can possibly send it.
pub(crate) const FORM_VALID_MS: i64 = 2 * 60 * 60 * 1000;
pub(crate) const FORM_MIN_MS: i64 = 3000;

/// Checks a form token: signed by this installation, for this office, between 3 s and 2 h old.
pub(crate) async fn check_form_token(
    conn: &mut PgConnection,
    office: Uuid,
    token: &str,
) -> Result<(), Refused> {
    let secret = form_secret(conn).await?;
    let mut parts = token.rsplitn(2, '.');
    let (Some(sig), Some(text)) = (parts.next(), parts.next()) else {
        return Err(Refused::bad(
            "form_expired",
            "token",
            "the form is not this server's: reload it",
        ));
    };
    let issued: Option<i64> = text.split('.').next().and_then(|t| t.parse().ok());
    let ok = same(&sign(&secret, text), sig) && text.ends_with(&office.to_string());
    let Some(issued) = issued.filter(|_| ok) else {
        return Err(Refused::bad(
            "form_expired",
            "token",
            "the form is not this server's: reload it",
        ));
    };
    let age = Utc::now().timestamp_millis() - issued;
    if age > FORM_VALID_MS {
        return Err(Refused::bad(
            "form_expired",
            "token",
            "the form is older than two hours: reload it",
        ));
    }
    if age < FORM_MIN_MS {
        return Err(Refused::bad(
            "too_fast",
            "token",
            "sent too fast after the form was loaded",
        ));
    }
    Ok(())
}
