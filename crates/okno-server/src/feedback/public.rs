//! The public pages' side of the citizen's voice, with no login: the feedback form (public page
//! and kiosk) and its JSON API, an item's public status, the rating tablet of a desk, and the
//! resident survey. Refusals are `{"code", "message", "field"}` with a 4xx status.

use std::collections::BTreeMap;

use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::Utc;
use serde::Deserialize;
use serde_json::{json, Value};
use uuid::Uuid;

use okno_rules::feedback as rules;
use okno_wire::{
    FeedbackAbout, FeedbackChannel, FeedbackContact, FeedbackInput, FeedbackKind, Locale,
    RatingReason, SurveyAnswerValue, SurveyQuestion, SurveyState,
};

use super::{
    check_codes, check_form_token, check_tablet_key, file_public, first_refusal, form_token,
    public_view, Refused,
};
use crate::apply::feedback::check_rating_row;
use crate::queue::{names, office_info, put};
use crate::AppState;

static FEEDBACK_HTML: &str = include_str!("../../assets/feedback/feedback.html");
static STATUS_HTML: &str = include_str!("../../assets/feedback/status.html");
static RATE_HTML: &str = include_str!("../../assets/feedback/rate.html");
static SURVEY_HTML: &str = include_str!("../../assets/feedback/survey.html");
static ASSETS: &[(&str, &str, &str)] = &[
    (
        "feedback.js",
        include_str!("../../assets/feedback/feedback.js"),
        "text/javascript; charset=utf-8",
    ),
    (
        "status.js",
        include_str!("../../assets/feedback/status.js"),
        "text/javascript; charset=utf-8",
    ),
    (
        "rate.js",
        include_str!("../../assets/feedback/rate.js"),
        "text/javascript; charset=utf-8",
    ),
    (
        "survey.js",
        include_str!("../../assets/feedback/survey.js"),
        "text/javascript; charset=utf-8",
    ),
    (
        "shared.js",
        include_str!("../../assets/feedback/shared.js"),
        "text/javascript; charset=utf-8",
    ),
    (
        "strings.js",
        include_str!("../../assets/feedback/strings.js"),
        "text/javascript; charset=utf-8",
    ),
    (
        "feedback.css",
        include_str!("../../assets/feedback/feedback.css"),
        "text/css; charset=utf-8",
    ),
];

/// How long after its end a visit may be rated on a desk's tablet.
const RATE_WITHIN_MS: i64 = 10 * 60 * 1000;

impl IntoResponse for Refused {
    fn into_response(self) -> Response {
        (
            self.status,
            Json(json!({"code": self.code, "message": self.message, "field": self.field})),
        )
            .into_response()
    }
}

type PR<T> = Result<T, Refused>;

pub(crate) async fn feedback_page() -> Response {
    crate::queue::public::page(FEEDBACK_HTML)
}
pub(crate) async fn status_page() -> Response {
    crate::queue::public::page(STATUS_HTML)
}
pub(crate) async fn rate_page() -> Response {
    crate::queue::public::page(RATE_HTML)
}
pub(crate) async fn survey_page() -> Response {
    crate::queue::public::page(SURVEY_HTML)
}

/// `GET /feedback/assets/{file}`.
pub(crate) async fn asset(Path(file): Path<String>) -> Response {
    match ASSETS.iter().find(|(name, _, _)| *name == file) {
        Some((_, text, ty)) => (
            [
                (header::CONTENT_TYPE, *ty),
                (header::CACHE_CONTROL, "no-cache"),
            ],
            *text,
        )
            .into_response(),
        None => Refused {
            status: StatusCode::NOT_FOUND,
            code: "not_found",
            field: None,
            message: "no such file".into(),
        }
        .into_response(),
    }
}

fn json_body<T: serde::de::DeserializeOwned>(
    j: Result<Json<T>, axum::extract::rejection::JsonRejection>,
) -> PR<T> {
    j.map(|Json(v)| v).map_err(|e| Refused {
        status: if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            StatusCode::PAYLOAD_TOO_LARGE
        } else {
            StatusCode::BAD_REQUEST
        },
        code: if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            "too_large"
        } else {
            "malformed_request"
        },
        field: None,
        message: e.body_text(),
    })
}

/// Today's published survey of an office, if any.
async fn current_survey(
    conn: &mut sqlx::PgConnection,
    office: Uuid,
    today: chrono::NaiveDate,
) -> PR<Option<Value>> {
    let rows: Vec<Value> = sqlx::query_scalar(
        "SELECT body FROM entity WHERE office_id = $1 AND kind = 'survey' AND body->>'state' = 'published'
          ORDER BY body->>'starts_on' DESC",
    )
    .bind(office)
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows.into_iter().find(|s| {
        let d = |f: &str| s[f].as_str().and_then(|v| v.parse().ok());
        match (d("starts_on"), d("ends_on")) {
            (Some(a), Some(b)) => rules::survey_open(SurveyState::Published, a, b, today),
            _ => false,
        }
    }))
}

/// Writes a row that a unique index allows once (a visit's rating, a code's answer), under a
/// savepoint: false when another request wrote its twin first.
async fn put_once(
    tx: &mut sqlx::Transaction<'_, sqlx::Postgres>,
    office: Uuid,
    kind: &str,
    body: &Value,
) -> PR<bool> {
    let mut sp = sqlx::Acquire::begin(&mut **tx).await?;
    match put(&mut sp, office, kind, body).await {
        Ok(_) => {
            sp.commit().await?;
            Ok(true)
        }
        Err(p) => {
            // `put` reports a refused insert as the database failing: a unique violation is
            // what a concurrent twin causes. After the savepoint the transaction goes on, and
            // the twin, committed meanwhile, is there to see.
            sp.rollback().await?;
            let field = if body["code"].is_string() {
                "code"
            } else {
                "visit_id"
            };
            let twins: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM entity WHERE office_id = $1 AND kind = $2 AND body->>$3 = $4
                   AND ($5::text IS NULL OR body->>'survey_id' = $5)",
            )
            .bind(office)
            .bind(kind)
            .bind(field)
            .bind(body[field].as_str().unwrap_or_default())
            .bind(body["survey_id"].as_str())
            .fetch_one(&mut **tx)
            .await?;
            if twins > 0 {
                Ok(false)
            } else {
                Err(p.into())
            }
        }
    }
}

/// `GET /feedback/{office}/form`: what the form offers, and a fresh form token.
pub(crate) async fn form(
    State(state): State<AppState>,
    Path(office): Path<Uuid>,
) -> PR<Json<Value>> {
    let mut conn = state.pool.acquire().await?;
    let info = office_info(&mut conn, office).await?;
    let mut out =
        json!({"office": {"id": office, "name": info.name, "locale": info.locale.code()}});
    let cal: Option<String> = sqlx::query_scalar(
        "SELECT body->>'calendar' FROM entity WHERE office_id = $1 AND kind = 'office' LIMIT 1",
    )
    .bind(office)
    .fetch_optional(&mut *conn)
    .await?
    .flatten();
    out["office"]["calendar"] = json!(cal.unwrap_or_else(|| "gregorian".into()));
    for kind in ["service", "agency"] {
        let rows: Vec<Value> = sqlx::query_scalar(
            "SELECT body FROM entity WHERE office_id = $1 AND kind = $2 AND (body->>'active')::int = 1
              ORDER BY body->>'code'",
        )
        .bind(office)
        .bind(kind)
        .fetch_all(&mut *conn)
        .await?;
        out[if kind == "service" {
            "services"
        } else {
            "agencies"
        }] = rows
            .iter()
            .map(|r| json!({"code": r["code"], "names": names(&r["names"])}))
            .collect();
    }
    out["token"] = json!(form_token(&mut conn, office).await?);
    out["max_description"] = json!(rules::DESCRIPTION_MAX);
    out["survey"] = match current_survey(&mut conn, office, info.today_date()).await? {
        Some(s) => {
            json!({"id": s["id"], "title": serde_json::from_str::<Value>(s["title"].as_str().unwrap_or("{}")).unwrap_or_default()})
        }
        None => Value::Null,
    };
    Ok(Json(out))
}

#[derive(Deserialize)]
pub(crate) struct PublicItem {
    kind: String,
    about: String,
    service_code: Option<String>,
    agency_code: Option<String>,
    desk: Option<String>,
    description: String,
    locale: String,
    name: Option<String>,
    email: Option<String>,
    phone: Option<String>,
    ticket: Option<Uuid>,
    channel: Option<String>,
    token: String,
    #[serde(default)]
    website: String,
}

fn blank(v: Option<String>) -> Option<String> {
    v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

/// `POST /feedback/{office}/items`: an item from the public page or the kiosk.
pub(crate) async fn file_item(
    State(state): State<AppState>,
    Path(office): Path<Uuid>,
    req: Result<Json<PublicItem>, axum::extract::rejection::JsonRejection>,
) -> PR<(StatusCode, Json<Value>)> {
    let req = json_body(req)?;
    let mut tx = state.pool.begin().await?;
    let info = office_info(&mut tx, office).await?;
    check_form_token(&mut tx, office, &req.token).await?;
    if !req.website.is_empty() {
        // The honeypot: a field a person never sees was filled in.
        return Err(Refused::bad(
            "rejected",
            "",
            "the form was not filled in by a person",
        ));
    }
    let kind = FeedbackKind::from_code(&req.kind)
        .ok_or_else(|| Refused::bad("unknown_kind", "kind", "no such kind"))?;
    let about = FeedbackAbout::from_code(&req.about)
        .ok_or_else(|| Refused::bad("unknown_about", "about", "no such subject"))?;
    if about == FeedbackAbout::Staff && req.description.trim().is_empty() {
        return Err(Refused::bad(
            "missing_description",
            "description",
            "say who and what",
        ));
    }
    let locale = Locale::from_code(&req.locale).unwrap_or(info.locale);
    let channel = match req.channel.as_deref() {
        Some("kiosk") => FeedbackChannel::Kiosk,
        _ => FeedbackChannel::PublicPage,
    };
    let visit = match req.ticket {
        Some(t) => {
            let v: Option<String> = sqlx::query_scalar(
                "SELECT body->>'visit_id' FROM entity WHERE office_id = $1 AND kind = 'ticket' AND id = $2",
            )
            .bind(office)
            .bind(t.to_string())
            .fetch_optional(&mut *tx)
            .await?
            .flatten();
            Some(v.and_then(|v| Uuid::parse_str(&v).ok()).ok_or_else(|| {
                Refused::bad("unknown_ticket", "ticket", "no such ticket in this office")
            })?)
        }
        None => None,
    };
    let input = FeedbackInput {
        kind,
        about,
        service_code: blank(req.service_code),
        agency_code: blank(req.agency_code),
        desk: blank(req.desk),
        staff_id: None,
        description: req.description.trim().to_string(),
        locale,
        contact: rules::tidy_contact(Some(FeedbackContact {
            name: req.name,
            email: req.email,
            phone: req.phone,
            address: None,
        })),
        visit_id: visit,
        case_id: None,
    };
    if let Some(r) = first_refusal(&input) {
        return Err(r);
    }
    check_codes(&mut tx, office, &input).await?;
    let filed = file_public(&mut tx, office, &info, &input, channel, None, None).await?;
    crate::queue::notify(&mut tx, office).await?;
    tx.commit().await?;
    Ok((
        StatusCode::CREATED,
        Json(json!({
            "id": filed.id,
            "number": filed.number,
            "status_url": format!("/feedback/status?office={office}&n={}", filed.number),
            "due_date": filed.due.map(|d| d.format("%Y-%m-%d").to_string()),
        })),
    ))
}

#[derive(Deserialize)]
pub(crate) struct StatusQuery {
    n: String,
}

/// `GET /feedback/{office}/status?n=NUMBER`: the public part of an item.
pub(crate) async fn status(
    State(state): State<AppState>,
    Path(office): Path<Uuid>,
    Query(q): Query<StatusQuery>,
) -> PR<Json<Value>> {
    let mut conn = state.pool.acquire().await?;
    let info = office_info(&mut conn, office).await?;
    let number = q.n.trim().to_uppercase();
    let Some((item, events)) = public_view(&mut conn, office, &number).await? else {
        return Err(Refused {
            status: StatusCode::NOT_FOUND,
            code: "not_found",
            field: None,
            message: "no such item".into(),
        });
    };
    let at = |v: &Value| v.as_i64().map(|ms| super::w3c(ms, &info));
    Ok(Json(json!({
        "number": item["number"], "kind": item["kind"], "state": item["state"],
        "received_at": at(&item["received_at"]), "due_date": item["due_date"],
        "answered_at": at(&item["answered_at"]), "closed_at": at(&item["closed_at"]),
        "events": events.iter().map(|e| json!({"state": e["state"], "kind": e["kind"], "at": at(&e["at"]), "note": e["text"]})).collect::<Vec<_>>(),
    })))
}

#[derive(Deserialize)]
pub(crate) struct TabletQuery {
    #[serde(default)]
    key: String,
}

/// `GET /feedback/{office}/desk/{label}/pending?key=KEY`: the visit the desk finished last,
/// within ten minutes, not rated yet (no personal data: the ticket number and its language) —
/// for the desk's own tablet only.
pub(crate) async fn pending(
    State(state): State<AppState>,
    Path((office, label)): Path<(Uuid, String)>,
    Query(q): Query<TabletQuery>,
) -> PR<Json<Value>> {
    let mut conn = state.pool.acquire().await?;
    office_info(&mut conn, office).await?;
    check_tablet_key(&mut conn, office, &label, &q.key).await?;
    let since = Utc::now().timestamp_millis() - RATE_WITHIN_MS;
    let row: Option<Value> = sqlx::query_scalar(
        "SELECT t.body FROM entity t
          WHERE t.office_id = $1 AND t.kind = 'ticket' AND t.body->>'desk' = $2 AND t.body->>'state' = 'done'
            AND (t.body->>'finished_at')::bigint >= $3
            AND NOT EXISTS (SELECT 1 FROM entity r WHERE r.office_id = t.office_id AND r.kind = 'rating'
                              AND r.body->>'visit_id' = t.body->>'visit_id')
          ORDER BY (t.body->>'finished_at')::bigint DESC, (t.body->>'taken_at')::bigint DESC LIMIT 1",
    )
    .bind(office)
    .bind(&label)
    .bind(since)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(Json(match row {
        Some(t) => {
            json!({"visit_id": t["visit_id"], "ticket": t["number"], "locale": t["locale"], "finished_at": t["finished_at"].as_i64().map(|ms| chrono::DateTime::<Utc>::from_timestamp_millis(ms).map(|d| d.to_rfc3339()))})
        }
        None => json!({"visit_id": null, "ticket": null, "locale": null, "finished_at": null}),
    }))
}

#[derive(Deserialize)]
pub(crate) struct PublicRating {
    visit_id: Uuid,
    desk: String,
    key: String,
    score: i64,
    #[serde(default)]
    reasons: Vec<String>,
    comment: Option<String>,
    locale: String,
}

/// `POST /feedback/{office}/ratings`: a rating from a desk's tablet, once per visit.
pub(crate) async fn rate(
    State(state): State<AppState>,
    Path(office): Path<Uuid>,
    req: Result<Json<PublicRating>, axum::extract::rejection::JsonRejection>,
) -> PR<(StatusCode, Json<Value>)> {
    let req = json_body(req)?;
    if !(1..=5).contains(&req.score) {
        return Err(Refused::bad("bad_score", "score", "a score is 1 to 5"));
    }
    if req
        .reasons
        .iter()
        .any(|r| RatingReason::from_code(r).is_none())
    {
        return Err(Refused::bad("unknown_reason", "reasons", "no such reason"));
    }
    let mut tx = state.pool.begin().await?;
    let info = office_info(&mut tx, office).await?;
    check_tablet_key(&mut tx, office, &req.desk, &req.key).await?;
    let ticket: Option<Value> = sqlx::query_scalar(
        "SELECT body FROM entity WHERE office_id = $1 AND kind = 'ticket' AND body->>'visit_id' = $2
           AND body->>'state' = 'done' AND (body->>'finished_at')::bigint >= $3 AND body->>'desk' = $4
          ORDER BY (body->>'finished_at')::bigint DESC LIMIT 1",
    )
    .bind(office)
    .bind(req.visit_id.to_string())
    .bind(Utc::now().timestamp_millis() - RATE_WITHIN_MS)
    .bind(&req.desk)
    .fetch_optional(&mut *tx)
    .await?;
    let ticket = ticket.ok_or_else(|| {
        Refused::bad(
            "unknown_visit",
            "visit_id",
            "no visit of this office ended here in the last ten minutes",
        )
    })?;
    let comment = blank(req.comment);
    let body = json!({
        "id": Uuid::now_v7().to_string(), "visit_id": req.visit_id.to_string(), "score": req.score,
        "reasons": serde_json::to_string(&req.reasons).unwrap_or_default(), "comment": comment,
        "locale": Locale::from_code(&req.locale).unwrap_or(info.locale).code(),
        "at": Utc::now().timestamp_millis(), "desk": ticket["desk"], "staff_id": ticket["staff_id"],
        "channel": "tablet",
    });
    if let Err(crate::apply::Fail::Reject { message, .. }) = check_rating_row(&body) {
        let field = if message.starts_with("comment") {
            "comment"
        } else {
            "reasons"
        };
        let code = if field == "comment" {
            "too_long"
        } else {
            "unknown_reason"
        };
        return Err(Refused::bad(code, field, message));
    }
    let known: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM entity WHERE office_id = $1 AND kind = 'rating' AND body->>'visit_id' = $2",
    )
    .bind(office)
    .bind(req.visit_id.to_string())
    .fetch_one(&mut *tx)
    .await?;
    if known > 0 {
        return Err(Refused {
            status: StatusCode::CONFLICT,
            code: "already_rated",
            field: None,
            message: "this visit was rated already".into(),
        });
    }
    // Two taps at once: the unique index lets one through, the other is told so.
    if !put_once(&mut tx, office, "rating", &body).await? {
        return Err(Refused {
            status: StatusCode::CONFLICT,
            code: "already_rated",
            field: None,
            message: "this visit was rated already".into(),
        });
    }
    let link = json!({
        "id": Uuid::now_v7().to_string(), "visit_id": req.visit_id.to_string(), "ticket_id": ticket["id"],
        "kind": "rated", "at": body["at"], "actor_id": null, "desk": ticket["desk"],
        "ref_kind": "rating", "ref_id": body["id"], "detail": null,
    });
    put(&mut tx, office, "visit_event", &link).await?;
    crate::queue::notify(&mut tx, office).await?;
    match tx.commit().await {
        Ok(()) => Ok((StatusCode::CREATED, Json(json!({"id": body["id"]})))),
        // Two taps at once: the unique index lets one through.
        Err(sqlx::Error::Database(db)) if db.is_unique_violation() => Err(Refused {
            status: StatusCode::CONFLICT,
            code: "already_rated",
            field: None,
            message: "this visit was rated already".into(),
        }),
        Err(e) => Err(e.into()),
    }
}

/// `GET /feedback/{office}/survey`: the survey published today.
pub(crate) async fn survey(
    State(state): State<AppState>,
    Path(office): Path<Uuid>,
) -> PR<Json<Value>> {
    let mut conn = state.pool.acquire().await?;
    let info = office_info(&mut conn, office).await?;
    let Some(s) = current_survey(&mut conn, office, info.today_date()).await? else {
        return Err(Refused {
            status: StatusCode::NOT_FOUND,
            code: "no_survey",
            field: None,
            message: "no survey is open".into(),
        });
    };
    let parse = |f: &str| {
        serde_json::from_str::<Value>(s[f].as_str().unwrap_or("null")).unwrap_or_default()
    };
    Ok(Json(json!({
        "id": s["id"], "title": parse("title"), "intro": parse("intro"), "ends_on": s["ends_on"],
        "questions": parse("questions"),
    })))
}

#[derive(Deserialize)]
pub(crate) struct SurveyAnswer {
    code: Option<String>,
    visit_id: Option<Uuid>,
    /// A visit answers through its desk's tablet only (its key).
    desk: Option<String>,
    key: Option<String>,
    locale: String,
    answers: BTreeMap<String, SurveyAnswerValue>,
}

/// `POST /feedback/{office}/survey/{id}/answers`: one answer sheet per invitation code or visit.
pub(crate) async fn answer_survey(
    State(state): State<AppState>,
    Path((office, id)): Path<(Uuid, Uuid)>,
    req: Result<Json<SurveyAnswer>, axum::extract::rejection::JsonRejection>,
) -> PR<(StatusCode, Json<Value>)> {
    let req = json_body(req)?;
    let mut tx = state.pool.begin().await?;
    let info = office_info(&mut tx, office).await?;
    let s: Option<Value> = sqlx::query_scalar(
        "SELECT body FROM entity WHERE office_id = $1 AND kind = 'survey' AND id = $2",
    )
    .bind(office)
    .bind(id.to_string())
    .fetch_optional(&mut *tx)
    .await?;
    let today = info.today_date();
    let s = s
        .filter(|s| {
            let d = |f: &str| s[f].as_str().and_then(|v| v.parse().ok());
            let state = match s["state"].as_str() {
                Some("published") => SurveyState::Published,
                _ => SurveyState::Closed,
            };
            matches!((d("starts_on"), d("ends_on")), (Some(a), Some(b)) if rules::survey_open(state, a, b, today))
        })
        .ok_or_else(|| Refused {
            status: StatusCode::BAD_REQUEST,
            code: "survey_closed",
            field: None,
            message: "the survey takes no answers now".into(),
        })?;
    let code = req
        .code
        .as_deref()
        .map(rules::normalize_code)
        .filter(|c| !c.is_empty());
    match (&code, req.visit_id) {
        (Some(c), _) => {
            let n: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM entity WHERE office_id = $1 AND kind = 'survey_code' AND body->>'code' = $2 AND body->>'survey_id' = $3",
            )
            .bind(office)
            .bind(c)
            .bind(id.to_string())
            .fetch_one(&mut *tx)
            .await?;
            if n == 0 {
                return Err(Refused::bad(
                    "unknown_code",
                    "code",
                    "no such invitation code",
                ));
            }
        }
        (None, Some(v)) => {
            let desk = req.desk.clone().unwrap_or_default();
            check_tablet_key(
                &mut tx,
                office,
                &desk,
                req.key.as_deref().unwrap_or_default(),
            )
            .await?;
            let n: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM entity WHERE office_id = $1 AND kind = 'ticket' AND body->>'visit_id' = $2
                   AND body->>'state' = 'done' AND body->>'desk' = $3",
            )
            .bind(office)
            .bind(v.to_string())
            .bind(&desk)
            .fetch_one(&mut *tx)
            .await?;
            if n == 0 {
                return Err(Refused::bad("unknown_code", "visit_id", "no such visit"));
            }
        }
        (None, None) => {
            return Err(Refused::bad(
                "code_needed",
                "code",
                "an invitation code is needed",
            ))
        }
    }
    let questions: Vec<SurveyQuestion> =
        serde_json::from_str(s["questions"].as_str().unwrap_or("[]")).unwrap_or_default();
    if let Some((q, why)) = rules::check_answers(&questions, &req.answers)
        .into_iter()
        .next()
    {
        let c = if why == rules::Refusal::Required {
            "missing_answer"
        } else {
            "bad_answer"
        };
        return Err(Refused::bad(c, &q, format!("question {q}: {why:?}")));
    }
    let taken: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM entity WHERE office_id = $1 AND kind = 'survey_answer' AND body->>'survey_id' = $2
           AND (body->>'code' = $3 OR body->>'visit_id' = $4)",
    )
    .bind(office)
    .bind(id.to_string())
    .bind(&code)
    .bind(req.visit_id.map(|v| v.to_string()))
    .fetch_one(&mut *tx)
    .await?;
    let already = || Refused {
        status: StatusCode::CONFLICT,
        code: "already_answered",
        field: None,
        message: "this invitation was used already".into(),
    };
    if taken > 0 {
        return Err(already());
    }
    let body = json!({
        "id": Uuid::now_v7().to_string(), "survey_id": id.to_string(), "code": code,
        "visit_id": if code.is_some() { None } else { req.visit_id.map(|v| v.to_string()) },
        "locale": Locale::from_code(&req.locale).unwrap_or(info.locale).code(),
        "answers": serde_json::to_string(&req.answers).unwrap_or_default(),
        "at": Utc::now().timestamp_millis(),
    });
    if !put_once(&mut tx, office, "survey_answer", &body).await? {
        return Err(already());
    }
    crate::queue::notify(&mut tx, office).await?;
    match tx.commit().await {
        Ok(()) => Ok((StatusCode::CREATED, Json(json!({})))),
        Err(sqlx::Error::Database(db)) if db.is_unique_violation() => Err(already()),
        Err(e) => Err(e.into()),
    }
}
