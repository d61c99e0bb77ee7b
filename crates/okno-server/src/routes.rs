//! The HTTP API: `/health`, `/ready`, `/metrics`, and the versioned sync endpoints under `/v1`.

use std::time::{Duration, Instant};

use axum::extract::rejection::JsonRejection;
use axum::extract::{DefaultBodyLimit, Query, Request, State};
use axum::http::StatusCode;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::Value;
use uuid::Uuid;

use okno_wire::sync::{
    self as wire, Change, CommandResult, CommandStatus, Enrolled, Lease, LeaseRequest,
    PullResponse, PushRequest, PushResponse, StaffLoggedIn, Token, MAX_PUSH_BYTES,
    MAX_PUSH_COMMANDS, PROTOCOL_HEADER, PROTOCOL_MAX, PROTOCOL_MIN,
};

use crate::apply::{self, Fail, Outcome};
use crate::auth::{self, Device, StaffClaims};
use crate::error::{body, ApiResult, Problem};
use crate::queue::{booking, public};
use crate::{blobs, AppState, CHANGES_CHANNEL};

pub fn router(state: AppState) -> Router {
    let v1 = Router::new()
        .route("/v1/enrol", post(enrol))
        .route("/v1/rejoin", post(rejoin))
        .route("/v1/device/token", post(device_token))
        .route("/v1/auth/login", post(staff_login))
        .route("/v1/auth/refresh", post(staff_refresh))
        .route("/v1/push", post(push))
        .route("/v1/pull", get(pull))
        .route("/v1/leases", post(lease).get(open_leases))
        .route("/v1/seal/certify", post(crate::certification::certify))
        .route("/v1/queue/tickets", post(crate::queue::desk::take_ticket))
        .route("/v1/queue/call", post(crate::queue::desk::call_next))
        .route(
            "/v1/queue/checkin",
            post(crate::queue::booking::desk_check_in),
        )
        .route(
            "/v1/registry/snapshot/start",
            get(crate::registry::snapshot_start),
        )
        .route("/v1/registry/snapshot", get(crate::registry::snapshot_page))
        .route("/v1/blobs/{sha256}/state", get(blobs::state))
        .route(
            "/v1/blobs/{sha256}",
            get(blobs::download).put(blobs::upload),
        )
        .layer(middleware::from_fn(protocol))
        .layer(DefaultBodyLimit::max(MAX_PUSH_BYTES));
    Router::new()
        .route("/health", get(|| async { "ok" }))
        .route("/ready", get(ready))
        .route("/metrics", get(metrics))
        // The public verification of seals: no login, no protocol header (a phone's browser).
        .route("/verify", get(crate::certification::verify_page))
        .route("/verify/check", get(crate::certification::verify_json))
        .route(
            "/.well-known/okno/seal-keys",
            get(crate::certification::published_keys),
        )
        // The queue's public side: kiosk, waiting-room display, a ticket's status page.
        .route("/kiosk", get(public::kiosk_page))
        .route("/display", get(public::display_page))
        .route("/queue/status", get(public::status_page))
        .route("/queue/js/{file}", get(public::script))
        .route("/queue/css/{file}", get(public::page_style))
        .route("/queue/queue.css", get(public::style))
        .route("/queue/announce.wav", get(public::announce))
        .route("/queue/ticket/{id}", get(public::ticket))
        .route("/queue/ticket/{id}/qr.svg", get(public::ticket_qr))
        .route("/queue/{office}/info", get(public::info))
        .route("/queue/{office}/tickets", post(public::take_ticket))
        .route("/queue/{office}/board", get(public::board))
        .route("/queue/{office}/events", get(public::events))
        .route("/book", get(public::booking_page))
        .route("/queue/{office}/slots", get(booking::slots))
        .route("/queue/{office}/appointments", post(booking::book))
        .route("/queue/{office}/checkin", post(booking::kiosk_check_in))
        .route("/queue/appointment/{code}", get(booking::show))
        .route("/queue/appointment/{code}/move", post(booking::move_to))
        .route("/queue/appointment/{code}/cancel", post(booking::cancel))
        .merge(crate::feedback::routes())
        .merge(v1)
        .layer(middleware::from_fn_with_state(state.clone(), observe))
        .with_state(state)
}

/// Refuses requests without a protocol version this server speaks.
async fn protocol(req: Request, next: Next) -> Response {
    let v = req
        .headers()
        .get(PROTOCOL_HEADER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u32>().ok());
    match v {
        Some(v) if (PROTOCOL_MIN..=PROTOCOL_MAX).contains(&v) => next.run(req).await,
        _ => Problem::bad_request(
            "unsupported_protocol",
            format!("this server speaks protocol versions {PROTOCOL_MIN} to {PROTOCOL_MAX} (header {PROTOCOL_HEADER})"),
        )
        .into_response(),
    }
}

/// Counts requests by route and status, and logs each one.
async fn observe(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let route = req
        .extensions()
        .get::<axum::extract::MatchedPath>()
        .map(|p| p.as_str().to_string())
        .unwrap_or_else(|| "unmatched".to_string());
    let method = req.method().clone();
    let started = Instant::now();
    let resp = next.run(req).await;
    let status = resp.status().as_u16();
    let elapsed = started.elapsed();
    state.metrics.request(&route, status, elapsed);
    if status >= 500 {
        tracing::warn!(%method, %route, status, ms = elapsed.as_millis() as u64, "request failed");
    } else {
        tracing::debug!(%method, %route, status, ms = elapsed.as_millis() as u64, "request");
    }
    resp
}

async fn ready(State(state): State<AppState>) -> Response {
    match sqlx::query_scalar::<_, i32>("SELECT 1")
        .fetch_one(&state.pool)
        .await
    {
        Ok(_) => "ready".into_response(),
        Err(e) => (StatusCode::SERVICE_UNAVAILABLE, format!("database: {e}")).into_response(),
    }
}

async fn metrics(State(state): State<AppState>) -> Response {
    match state.metrics.render(&state.pool).await {
        Ok(text) => ([("content-type", "text/plain; version=0.0.4")], text).into_response(),
        Err(e) => Problem::from(e).into_response(),
    }
}

// ---------------------------------------------------------------------------------------------
// Enrolment and tokens

async fn enrol(
    State(state): State<AppState>,
    req: Result<Json<wire::EnrolDevice>, JsonRejection>,
) -> ApiResult<Json<Enrolled>> {
    let req = body(req)?;
    let name = req.device_name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(Problem::bad_request(
            "malformed_request",
            "the device name must be 1 to 100 characters",
        ));
    }
    let refused = || {
        Problem::forbidden(
            "enrolment_refused",
            "the enrolment code is unknown, used or expired",
        )
    };
    let code_hash = auth::sha256_hex(&auth::normalise_code(&req.code));
    let mut tx = state.pool.begin().await?;
    let row: Option<(Uuid, DateTime<Utc>, Option<DateTime<Utc>>)> = sqlx::query_as(
        "SELECT office_id, expires_at, used_at FROM enrolment_code WHERE code_sha256 = $1 FOR UPDATE",
    )
    .bind(&code_hash)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((office_id, expires_at, None)) = row else {
        return Err(refused());
    };
    if expires_at < Utc::now() {
        return Err(refused());
    }
    let secret = hex::encode(auth::random_bytes(32));
    let inserted = sqlx::query(
        "INSERT INTO device (id, office_id, name, secret_sha256) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING",
    )
    .bind(req.device_id)
    .bind(office_id)
    .bind(name)
    .bind(auth::sha256_hex(&secret))
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if inserted == 0 {
        return Err(Problem::bad_request(
            "duplicate",
            "this device id is enrolled already",
        ));
    }
    sqlx::query("UPDATE enrolment_code SET used_at = now(), used_by = $2 WHERE code_sha256 = $1")
        .bind(&code_hash)
        .bind(req.device_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    tracing::info!(device = %req.device_id, office = %office_id, name, "device enrolled");
    Ok(Json(Enrolled {
        device_id: req.device_id,
        office_id,
        secret,
    }))
}

/// Re-joins an enrolled device that lost its secret (a keyring gone or locked, browser mode's
/// memory credentials after a restart) with a new one-time code of its office: the same device
/// id, its sequence and leases kept, a new secret (the old one stops working).
async fn rejoin(
    State(state): State<AppState>,
    req: Result<Json<wire::RejoinDevice>, JsonRejection>,
) -> ApiResult<Json<wire::Rejoined>> {
    let req = body(req)?;
    let refused = || {
        Problem::forbidden(
            "enrolment_refused",
            "the enrolment code is unknown, used or expired",
        )
    };
    let code_hash = auth::sha256_hex(&auth::normalise_code(&req.code));
    let mut tx = state.pool.begin().await?;
    let row: Option<(Uuid, DateTime<Utc>, Option<DateTime<Utc>>)> = sqlx::query_as(
        "SELECT office_id, expires_at, used_at FROM enrolment_code WHERE code_sha256 = $1 FOR UPDATE",
    )
    .bind(&code_hash)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((office_id, expires_at, None)) = row else {
        return Err(refused());
    };
    if expires_at < Utc::now() {
        return Err(refused());
    }
    let device: Option<(Uuid, Option<DateTime<Utc>>, i64)> = sqlx::query_as(
        "SELECT office_id, revoked_at, next_seq FROM device WHERE id = $1 FOR UPDATE",
    )
    .bind(req.device_id)
    .fetch_optional(&mut *tx)
    .await?;
    let next_seq = match device {
        // A code of another office, or a device this server never enrolled: the same refusal
        // as a bad code (nothing to learn about other offices' devices).
        None => return Err(refused()),
        Some((office, _, _)) if office != office_id => return Err(refused()),
        Some((_, Some(_), _)) => {
            return Err(Problem::forbidden(
                "device_revoked",
                "this workstation has been revoked by the office's administrator",
            ))
        }
        Some((_, None, next_seq)) => next_seq,
    };
    let secret = hex::encode(auth::random_bytes(32));
    sqlx::query("UPDATE device SET secret_sha256 = $2, last_seen_at = now() WHERE id = $1")
        .bind(req.device_id)
        .bind(auth::sha256_hex(&secret))
        .execute(&mut *tx)
        .await?;
    sqlx::query("UPDATE enrolment_code SET used_at = now(), used_by = $2 WHERE code_sha256 = $1")
        .bind(&code_hash)
        .bind(req.device_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    tracing::info!(device = %req.device_id, office = %office_id, next_seq, "device re-joined");
    Ok(Json(wire::Rejoined {
        device_id: req.device_id,
        office_id,
        secret,
        next_seq,
    }))
}

async fn device_token(
    State(state): State<AppState>,
    req: Result<Json<wire::DeviceTokenRequest>, JsonRejection>,
) -> ApiResult<Json<Token>> {
    let req = body(req)?;
    let row: Option<(Uuid, String, Option<DateTime<Utc>>, i64)> = sqlx::query_as(
        "SELECT office_id, secret_sha256, revoked_at, next_seq FROM device WHERE id = $1",
    )
    .bind(req.device_id)
    .fetch_optional(&state.pool)
    .await?;
    let Some((office_id, hash, revoked, next_seq)) = row else {
        return Err(Problem::unauthorized(
            "invalid_credentials",
            "unknown device or wrong secret",
        ));
    };
    if revoked.is_some() {
        return Err(Problem::forbidden(
            "device_revoked",
            "this workstation has been revoked by the office's administrator",
        ));
    }
    if auth::sha256_hex(&req.secret) != hash {
        return Err(Problem::unauthorized(
            "invalid_credentials",
            "unknown device or wrong secret",
        ));
    }
    sqlx::query("UPDATE device SET last_seen_at = now() WHERE id = $1")
        .bind(req.device_id)
        .execute(&state.pool)
        .await?;
    let mut token = auth::issue(&state, "device", req.device_id, office_id, req.device_id)?;
    token.next_seq = Some(next_seq);
    Ok(Json(token))
}

async fn staff_login(
    State(state): State<AppState>,
    dev: Device,
    req: Result<Json<wire::StaffLogin>, JsonRejection>,
) -> ApiResult<Json<StaffLoggedIn>> {
    let req = body(req)?;
    let staff: Option<Value> = sqlx::query_scalar(
        "SELECT body FROM entity WHERE office_id = $1 AND kind = 'staff' AND lower(body->>'username') = lower($2)",
    )
    .bind(dev.office_id)
    .bind(req.username.trim())
    .fetch_optional(&state.pool)
    .await?;
    let wrong = || Problem::unauthorized("invalid_credentials", "wrong user name or password");
    let Some(staff) = staff else {
        return Err(wrong());
    };
    let hash = staff["password_hash"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let password = req.password.clone();
    let ok = tokio::task::spawn_blocking(move || {
        okno_rules::password::verify_password(&password, &hash)
    })
    .await
    .unwrap_or(false);
    if !ok {
        return Err(wrong());
    }
    if staff["active"].as_i64() != Some(1) {
        return Err(Problem::forbidden(
            "account_disabled",
            "this account is disabled",
        ));
    }
    let id: Uuid = staff["id"]
        .as_str()
        .and_then(|s| s.parse().ok())
        .ok_or_else(wrong)?;
    let token = auth::issue(&state, "staff", id, dev.office_id, dev.id)?;
    Ok(Json(StaffLoggedIn { token, staff }))
}

async fn staff_refresh(
    State(state): State<AppState>,
    StaffClaims(c): StaffClaims,
) -> ApiResult<Json<Token>> {
    let active: Option<i64> = sqlx::query_scalar(
        "SELECT (body->>'active')::bigint FROM entity WHERE office_id = $1 AND kind = 'staff' AND id = $2",
    )
    .bind(c.office)
    .bind(c.sub.to_string())
    .fetch_optional(&state.pool)
    .await?;
    if active != Some(1) {
        return Err(Problem::forbidden(
            "account_disabled",
            "this account is disabled",
        ));
    }
    auth::device_row(&state, c.device).await?;
    Ok(Json(auth::issue(
        &state, "staff", c.sub, c.office, c.device,
    )?))
}

// ---------------------------------------------------------------------------------------------
// Push

async fn push(
    State(state): State<AppState>,
    dev: Device,
    req: Result<Json<PushRequest>, JsonRejection>,
) -> ApiResult<Json<PushResponse>> {
    let mut req = body(req)?;
    if req.commands.len() > MAX_PUSH_COMMANDS {
        return Err(Problem::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_large",
            format!("at most {MAX_PUSH_COMMANDS} commands per push"),
        ));
    }
    req.commands.sort_by_key(|c| c.seq);
    let mut tx = state.pool.begin().await?;
    let (mut next,): (i64,) =
        sqlx::query_as("SELECT next_seq FROM device WHERE id = $1 FOR UPDATE")
            .bind(dev.id)
            .fetch_one(&mut *tx)
            .await?;
    let mut results = Vec::with_capacity(req.commands.len());
    let mut fresh = 0i64;
    let now_ms = Utc::now().timestamp_millis();
    for cmd in &req.commands {
        if cmd.seq < next {
            // Seen before: the same verdict again, nothing applied twice.
            let seen: Option<(Uuid, String, Option<String>, Option<String>)> = sqlx::query_as(
                "SELECT command_id, status, code, message FROM applied_command WHERE device_id = $1 AND seq = $2",
            )
            .bind(dev.id)
            .bind(cmd.seq)
            .fetch_optional(&mut *tx)
            .await?;
            if let Some((command_id, _, _, _)) = seen.as_ref().filter(|s| s.0 != cmd.command_id) {
                // The number was used by another command (a working copy restored from an
                // older backup): answering the old verdict would swallow this one. Refused,
                // nothing written, and nothing after it either (it may depend on this one);
                // the device renumbers from `next_seq` and sends it again.
                tracing::warn!(device = %dev.id, seq = cmd.seq, used_by = %command_id, "sequence number reused");
                results.push(CommandResult {
                    seq: cmd.seq,
                    status: CommandStatus::Rejected,
                    code: Some(wire::SEQUENCE_REUSED.to_string()),
                    message: Some(format!(
                        "sequence number {} of this workstation was used by another command already (was its working copy restored from an older backup?); renumber from {next}",
                        cmd.seq
                    )),
                });
                break;
            }
            if let Some((_, status, code, message)) = seen {
                results.push(CommandResult {
                    seq: cmd.seq,
                    status: parse_status(&status),
                    code,
                    message,
                });
            }
            continue;
        }
        if cmd.seq > next {
            break; // a gap: an earlier batch has not arrived; the device resends from `next`
        }
        sqlx::query("SAVEPOINT cmd").execute(&mut *tx).await?;
        let outcome = apply::apply(&mut tx, &dev, cmd).await;
        let (status, code, message) = match outcome {
            Ok(Outcome::Applied) => {
                sqlx::query("RELEASE SAVEPOINT cmd")
                    .execute(&mut *tx)
                    .await?;
                (CommandStatus::Applied, None, None)
            }
            Ok(Outcome::Conflict { code, message }) => {
                sqlx::query("RELEASE SAVEPOINT cmd")
                    .execute(&mut *tx)
                    .await?;
                (
                    CommandStatus::Conflict,
                    Some(code.to_string()),
                    Some(message),
                )
            }
            Err(Fail::Reject { code, message }) => {
                sqlx::query("ROLLBACK TO SAVEPOINT cmd")
                    .execute(&mut *tx)
                    .await?;
                if let Some((kind, id)) = apply::subject_of(cmd) {
                    apply::touch(&mut tx, &dev, kind, &id).await?;
                }
                (
                    CommandStatus::Rejected,
                    Some(code.to_string()),
                    Some(message),
                )
            }
            Err(Fail::Db(e)) => return Err(Problem::from(e)),
        };
        let lag = (now_ms - cmd.created_at).max(0);
        let inserted = sqlx::query(
            "INSERT INTO applied_command (device_id, seq, command_id, name, status, code, message, lag_ms)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (command_id) DO NOTHING",
        )
        .bind(dev.id)
        .bind(cmd.seq)
        .bind(cmd.command_id)
        .bind(&cmd.name)
        .bind(status_code(status))
        .bind(&code)
        .bind(&message)
        .bind(lag)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if inserted == 0 {
            return Err(Problem::bad_request(
                "duplicate_command",
                format!(
                    "command {} was pushed before under another sequence number",
                    cmd.command_id
                ),
            ));
        }
        state.metrics.command(status, lag);
        results.push(CommandResult {
            seq: cmd.seq,
            status,
            code,
            message,
        });
        next += 1;
        fresh += 1;
    }
    sqlx::query("UPDATE device SET next_seq = $2, last_seen_at = now(), outbox_pending = GREATEST($3, 0) WHERE id = $1")
        .bind(dev.id)
        .bind(next)
        .bind(req.outbox_pending - fresh)
        .execute(&mut *tx)
        .await?;
    if fresh > 0 {
        sqlx::query("SELECT pg_notify($1, $2)")
            .bind(CHANGES_CHANNEL)
            .bind(dev.office_id.to_string())
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(Json(PushResponse {
        results,
        next_seq: next,
    }))
}

fn parse_status(s: &str) -> CommandStatus {
    match s {
        "applied" => CommandStatus::Applied,
        "conflict" => CommandStatus::Conflict,
        _ => CommandStatus::Rejected,
    }
}

fn status_code(s: CommandStatus) -> &'static str {
    match s {
        CommandStatus::Applied => "applied",
        CommandStatus::Rejected => "rejected",
        CommandStatus::Conflict => "conflict",
    }
}

// ---------------------------------------------------------------------------------------------
// Pull

#[derive(Deserialize)]
struct PullQuery {
    stream: String,
    #[serde(default)]
    cursor: String,
    limit: Option<i64>,
    wait_ms: Option<u64>,
}

fn parse_cursor(c: &str) -> ApiResult<(String, i64)> {
    if c.is_empty() {
        return Ok(("0".into(), 0));
    }
    let bad = || Problem::bad_request("malformed_request", "the cursor is malformed");
    let (x, r) = c.split_once(':').ok_or_else(bad)?;
    let x: u64 = x.parse().map_err(|_| bad())?;
    let r: i64 = r.parse().map_err(|_| bad())?;
    Ok((x.to_string(), r))
}

async fn pull(
    State(state): State<AppState>,
    dev: Device,
    q: Result<Query<PullQuery>, axum::extract::rejection::QueryRejection>,
) -> ApiResult<Json<PullResponse>> {
    let Query(q) = q.map_err(|e| Problem::bad_request("malformed_request", e.body_text()))?;
    if q.stream != wire::STREAM_OFFICE && q.stream != okno_wire::STREAM_REGISTRY {
        return Err(Problem::not_found(format!("no stream {:?}", q.stream)));
    }
    let limit = q.limit.unwrap_or(500).clamp(1, 2000);
    let (xid, rev) = parse_cursor(&q.cursor)?;
    let deadline = Instant::now() + Duration::from_millis(q.wait_ms.unwrap_or(0).min(25_000));
    let mut news = state.news.subscribe();
    loop {
        let page = page(&state, dev.office_id, &q.stream, &xid, rev, limit).await?;
        if !page.changes.is_empty() || Instant::now() >= deadline {
            return Ok(Json(page));
        }
        // Wait for a push to this office (from any replica), or re-check every second: a
        // notification can be missed while the listener reconnects.
        let wait = deadline
            .saturating_duration_since(Instant::now())
            .min(Duration::from_secs(1));
        let office = dev.office_id;
        let _ = tokio::time::timeout(wait, async {
            loop {
                match news.recv().await {
                    Ok(id) if id == office => break,
                    Err(tokio::sync::broadcast::error::RecvError::Closed) => break,
                    _ => {}
                }
            }
        })
        .await;
    }
}

async fn page(
    state: &AppState,
    office: Uuid,
    stream: &str,
    xid: &str,
    rev: i64,
    limit: i64,
) -> ApiResult<PullResponse> {
    // Only rows of transactions older than every transaction still running: one that commits
    // late has a smaller xid than the watermark until it is done, so it is never skipped.
    let rows: Vec<(String, String, Value, Option<String>, String, i64)> = sqlx::query_as(
        "SELECT kind, id, body, hlc, txid::text, rev FROM entity
         WHERE office_id = $1 AND stream = $2
           AND (txid, rev) > ($3::text::xid8, $4)
           AND txid < pg_snapshot_xmin(pg_current_snapshot())
         ORDER BY txid, rev LIMIT $5",
    )
    .bind(office)
    .bind(stream)
    .bind(xid)
    .bind(rev)
    .bind(limit)
    .fetch_all(&state.pool)
    .await?;
    let more = rows.len() as i64 == limit;
    let cursor = match rows.last() {
        Some((_, _, _, _, x, r)) => format!("{x}:{r}"),
        None if xid == "0" && rev == 0 => String::new(),
        None => format!("{xid}:{rev}"),
    };
    // Counted without the watermark: rows of transactions still running are waiting too (so a
    // desk can tell "caught up" from "held back by a transaction in flight").
    let (x, r) = parse_cursor(&cursor)?;
    let remaining = sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM (SELECT 1 FROM entity WHERE office_id = $1 AND stream = $2
           AND (txid, rev) > ($3::text::xid8, $4) LIMIT 1000000) t",
    )
    .bind(office)
    .bind(stream)
    .bind(&x)
    .bind(r)
    .fetch_one(&state.pool)
    .await?;
    let changes = rows
        .into_iter()
        .map(|(kind, id, body, hlc, _, _)| Change {
            kind,
            id,
            body,
            hlc,
        })
        .collect();
    Ok(PullResponse {
        changes,
        cursor,
        more,
        remaining,
    })
}

// ---------------------------------------------------------------------------------------------
// Number leases

async fn lease(
    State(state): State<AppState>,
    dev: Device,
    req: Result<Json<LeaseRequest>, JsonRejection>,
) -> ApiResult<Json<Lease>> {
    let started = Instant::now();
    let req = body(req)?;
    if okno_rules::series::Series::from_code(&req.series).is_none() {
        return Err(Problem::bad_request(
            "unknown_series",
            format!("no series {:?}", req.series),
        ));
    }
    if !(1..=1000).contains(&req.count) {
        return Err(Problem::bad_request(
            "malformed_request",
            "a lease is 1 to 1000 numbers",
        ));
    }
    let mut tx = state.lease_pool.begin().await?;
    // One lease request of a device and series at a time (on any replica): the quota below is
    // checked and the block recorded under this lock, so concurrent requests cannot pass it.
    sqlx::query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))")
        .bind(format!("okno.lease:{}:{}", dev.id, req.series))
        .execute(&mut *tx)
        .await?;
    // A repeated request (its answer was lost) gets the same block.
    let known: Option<(Option<Uuid>, String, i32, i64, i64)> = sqlx::query_as(
        "SELECT device_id, series, year, first, last FROM number_lease WHERE id = $1",
    )
    .bind(req.lease_id)
    .fetch_optional(&mut *tx)
    .await?;
    if let Some((device, series, year, first, last)) = known {
        if device != Some(dev.id) {
            return Err(Problem::bad_request(
                "duplicate",
                "this lease id belongs to another device",
            ));
        }
        return Ok(Json(Lease {
            lease_id: req.lease_id,
            series,
            year,
            first,
            last,
            used_upto: None,
        }));
    }
    let time_zone: Option<String> = sqlx::query_scalar(
        "SELECT body->>'time_zone' FROM entity WHERE office_id = $1 AND kind = 'office' LIMIT 1",
    )
    .bind(dev.office_id)
    .fetch_optional(&mut *tx)
    .await?
    .flatten();
    let today = office_today(time_zone.as_deref(), Utc::now());
    if !lease_year_allowed(req.year, today) {
        return Err(Problem::bad_request(
            "lease_year",
            format!(
                "numbers are leased for the office's current year ({}) only, and for the next one from {} December",
                chrono::Datelike::year(&today),
                NEXT_YEAR_FROM_DAY
            ),
        ));
    }
    let (open,): (i64,) = sqlx::query_as(
        "SELECT COALESCE(SUM(l.last - l.first + 1 - (
                    SELECT COUNT(*) FROM number_use u
                    WHERE u.office_id = l.office_id AND u.series = l.series AND u.year = l.year
                      AND u.number BETWEEN l.first AND l.last)), 0)::bigint
         FROM number_lease l WHERE l.device_id = $1 AND l.series = $2 AND l.closed_at IS NULL",
    )
    .bind(dev.id)
    .bind(&req.series)
    .fetch_one(&mut *tx)
    .await?;
    if open + req.count > state.lease_quota {
        tracing::warn!(device = %dev.id, series = %req.series, open, count = req.count, quota = state.lease_quota, "lease refused: quota");
        return Err(Problem::new(
            StatusCode::CONFLICT,
            "lease_quota",
            format!(
                "this workstation holds {open} unused numbers of the {} series already; at most {} may be open at a time",
                req.series, state.lease_quota
            ),
        ));
    }
    // The counter row is advanced in this transaction; a concurrent lease (on any replica)
    // waits for its row lock, so blocks never overlap, and a rollback gives the block back.
    let (first,): (i64,) = sqlx::query_as(
        "INSERT INTO number_counter (office_id, series, year, next_number) VALUES ($1, $2, $3, $4 + 1)
         ON CONFLICT (office_id, series, year) DO UPDATE SET next_number = number_counter.next_number + $4
         RETURNING next_number - $4",
    )
    .bind(dev.office_id)
    .bind(&req.series)
    .bind(req.year)
    .bind(req.count)
    .fetch_one(&mut *tx)
    .await?;
    let last = first + req.count - 1;
    sqlx::query(
        "INSERT INTO number_lease (id, office_id, device_id, series, year, first, last) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(req.lease_id)
    .bind(dev.office_id)
    .bind(dev.id)
    .bind(&req.series)
    .bind(req.year)
    .bind(first)
    .bind(last)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    state.metrics.lease(started.elapsed());
    Ok(Json(Lease {
        lease_id: req.lease_id,
        series: req.series,
        year: req.year,
        first,
        last,
        used_upto: None,
    }))
}

/// The next year's numbers may be leased from this day of December (offline desks need them
/// on the first working day of January); any other year is refused.
const NEXT_YEAR_FROM_DAY: u32 = 20;

/// Today in the office's time zone (UTC if it has none or an unknown one).
fn office_today(time_zone: Option<&str>, now: DateTime<Utc>) -> chrono::NaiveDate {
    match time_zone.and_then(|tz| tz.parse::<chrono_tz::Tz>().ok()) {
        Some(tz) => now.with_timezone(&tz).date_naive(),
        None => now.date_naive(),
    }
}

fn lease_year_allowed(year: i32, today: chrono::NaiveDate) -> bool {
    use chrono::Datelike;
    year == today.year()
        || (year == today.year() + 1 && today.month() == 12 && today.day() >= NEXT_YEAR_FROM_DAY)
}

#[derive(serde::Serialize)]
struct LeaseList {
    leases: Vec<Lease>,
}

/// A device's open leases, each with the highest number the server has seen used or voided in
/// it (a working copy restored from an older backup continues after it).
async fn open_leases(State(state): State<AppState>, dev: Device) -> ApiResult<Json<LeaseList>> {
    let rows: Vec<(Uuid, String, i32, i64, i64, Option<i64>)> = sqlx::query_as(
        "SELECT l.id, l.series, l.year, l.first, l.last,
                (SELECT MAX(u.number) FROM number_use u
                  WHERE u.office_id = l.office_id AND u.series = l.series AND u.year = l.year
                    AND u.number BETWEEN l.first AND l.last)
         FROM number_lease l WHERE l.device_id = $1 AND l.closed_at IS NULL ORDER BY l.leased_at",
    )
    .bind(dev.id)
    .fetch_all(&state.pool)
    .await?;
    Ok(Json(LeaseList {
        leases: rows
            .into_iter()
            .map(|(lease_id, series, year, first, last, used_upto)| Lease {
                lease_id,
                series,
                year,
                first,
                last,
                used_upto,
            })
            .collect(),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{NaiveDate, TimeZone};

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn leases_are_for_this_year_and_the_next_only_in_its_last_days() {
        assert!(lease_year_allowed(2026, day(2026, 5, 9)));
        assert!(!lease_year_allowed(2025, day(2026, 5, 9)));
        assert!(!lease_year_allowed(2027, day(2026, 5, 9)));
        assert!(!lease_year_allowed(2027, day(2026, 12, 19)));
        assert!(lease_year_allowed(2027, day(2026, 12, 20)));
        assert!(lease_year_allowed(2027, day(2026, 12, 31)));
        assert!(!lease_year_allowed(2028, day(2026, 12, 31)));
        assert!(!lease_year_allowed(2025, day(2026, 1, 1)));
    }

    #[test]
    fn the_year_is_the_offices() {
        let new_year_in_bratislava = Utc.with_ymd_and_hms(2026, 12, 31, 23, 30, 0).unwrap();
        assert_eq!(
            office_today(Some("Europe/Bratislava"), new_year_in_bratislava),
            day(2027, 1, 1)
        );
        assert_eq!(
            office_today(None, new_year_in_bratislava),
            day(2026, 12, 31)
        );
        assert_eq!(
            office_today(Some("Nowhere/Else"), new_year_in_bratislava),
            day(2026, 12, 31)
        );
    }
}
