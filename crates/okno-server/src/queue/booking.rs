//! Appointments on the office server: the public booking page's slots, booking, moving and
//! cancelling by code, and checking in by code at the kiosk or a desk. A slot holds as many
//! citizens as its service's plan has places; two citizens racing for its last place are
//! decided under a transaction lock per service and slot, so it is never overbooked. The
//! bookings are entities like every synced row, so desks hold them and check in offline too.

use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use chrono::{DateTime, Duration as Days, NaiveDate, TimeZone, Utc};
use serde::Deserialize;
use serde_json::{json, Value};
use sqlx::PgConnection;
use uuid::Uuid;

use okno_rules::queue as rules;
use okno_wire::sync::Change;
use okno_wire::{
    AppointmentState, BookRequest, CheckInRequest, Locale, PublicAppointment, PublicTicket,
    ServerCheckIn, ServerQueueRows, Slot, TakeTicketRequest, TicketOrigin, TicketPriority,
};

use super::{may_serve, names, notify, office_info, opening_hours, put, take, OfficeInfo};
use crate::auth::Device;
use crate::error::{body, ApiResult, Problem};
use crate::AppState;

/// How far ahead slots can be booked.
const BOOKING_DAYS: i64 = 30;

fn conflict(code: &'static str, message: &str) -> Problem {
    Problem::new(StatusCode::CONFLICT, code, message)
}

/// A service's code, category, names and plan (slot minutes, places), if it is bookable.
async fn bookable(
    conn: &mut PgConnection,
    office: Uuid,
    service: &str,
) -> ApiResult<(String, String, Value, i64, i64)> {
    let row: Option<(String, Value, Value)> = sqlx::query_as(
        "SELECT s.id, s.body, p.body FROM entity s
           JOIN entity p ON p.office_id = s.office_id AND p.kind = 'booking_plan' AND p.body->>'service_id' = s.id
          WHERE s.office_id = $1 AND s.kind = 'service' AND lower(s.body->>'code') = lower($2)
            AND (s.body->>'active')::int = 1 AND (p.body->>'active')::int = 1",
    )
    .bind(office)
    .bind(service)
    .fetch_optional(&mut *conn)
    .await?;
    let (id, s, p) = row.ok_or_else(|| {
        Problem::bad_request(
            "not_bookable",
            format!("service {service:?} takes no appointments"),
        )
    })?;
    Ok((
        id,
        s["queue_category"].as_str().unwrap_or_default().to_string(),
        s["names"].clone(),
        p["slot_minutes"].as_i64().unwrap_or(15),
        p["desks"].as_i64().unwrap_or(1),
    ))
}

/// The instants of a day's slots (office time), with their length.
fn day_slots(
    info: &OfficeInfo,
    hours: &okno_wire::OpeningHours,
    day: NaiveDate,
    minutes: i64,
) -> Vec<DateTime<Utc>> {
    use chrono::Datelike;
    let weekday = day.weekday().number_from_monday() as u8;
    rules::slot_starts(hours, weekday, minutes as u32)
        .into_iter()
        .filter_map(|m| {
            let local = day.and_hms_opt(m / 60, m % 60, 0)?;
            match info.tz {
                Some(tz) => tz
                    .from_local_datetime(&local)
                    .earliest()
                    .map(|t| t.with_timezone(&Utc)),
                None => Some(Utc.from_utc_datetime(&local)),
            }
        })
        .collect()
}

async fn booked_at(
    conn: &mut PgConnection,
    office: Uuid,
    service: &str,
    start: i64,
) -> ApiResult<i64> {
    Ok(sqlx::query_scalar(
        "SELECT COUNT(*) FROM entity WHERE office_id = $1 AND kind = 'appointment'
           AND body->>'service_id' = $2 AND (body->>'starts_at')::bigint = $3 AND body->>'state' <> 'cancelled'",
    )
    .bind(office)
    .bind(service)
    .bind(start)
    .fetch_one(&mut *conn)
    .await?)
}

#[derive(Deserialize)]
pub(crate) struct SlotsQuery {
    service: String,
    date: NaiveDate,
}

/// `GET /queue/{office}/slots?service=CODE&date=YYYY-MM-DD`: the day's slots still to come, with
/// their free places.
pub(crate) async fn slots(
    State(state): State<AppState>,
    Path(office): Path<Uuid>,
    Query(q): Query<SlotsQuery>,
) -> ApiResult<Json<Vec<Slot>>> {
    let mut conn = state.pool.acquire().await?;
    let info = office_info(&mut conn, office).await?;
    let (service, _, _, minutes, desks) = bookable(&mut conn, office, &q.service).await?;
    let hours = opening_hours(&mut conn, office).await?;
    let now = Utc::now();
    let mut out = Vec::new();
    for start in day_slots(&info, &hours, q.date, minutes) {
        // A slot that began no longer ago than the grace period can still be booked (a citizen
        // on the way for the current one checks in on time).
        if start.timestamp_millis() + rules::GRACE_MS <= now.timestamp_millis()
            || start > now + Days::days(BOOKING_DAYS)
        {
            continue;
        }
        let taken = booked_at(&mut conn, office, &service, start.timestamp_millis()).await?;
        out.push(Slot {
            starts_at: start,
            free: (desks - taken).max(0) as u32,
        });
    }
    Ok(Json(out))
}

/// Checks that `start` is a slot of the service that is not over, and takes a place in it
/// (under a lock per slot, so its last place goes to one citizen only).
async fn take_place(
    conn: &mut PgConnection,
    office: Uuid,
    info: &OfficeInfo,
    service: &str,
    minutes: i64,
    desks: i64,
    start: DateTime<Utc>,
) -> ApiResult<()> {
    let hours = opening_hours(conn, office).await?;
    let local_day = match info.tz {
        Some(tz) => start.with_timezone(&tz).date_naive(),
        None => start.date_naive(),
    };
    let now = Utc::now();
    if !day_slots(info, &hours, local_day, minutes).contains(&start)
        || start.timestamp_millis() + rules::GRACE_MS <= now.timestamp_millis()
        || start > now + Days::days(BOOKING_DAYS)
    {
        return Err(Problem::bad_request(
            "not_a_slot",
            "this time is not a slot that can be booked",
        ));
    }
    sqlx::query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))")
        .bind(format!(
            "okno.slot:{office}:{service}:{}",
            start.timestamp_millis()
        ))
        .execute(&mut *conn)
        .await?;
    if booked_at(conn, office, service, start.timestamp_millis()).await? >= desks {
        return Err(conflict(
            "slot_taken",
            "this slot was booked meanwhile: please choose another",
        ));
    }
    Ok(())
}

async fn appointment_by_code(conn: &mut PgConnection, code: &str) -> ApiResult<(Uuid, Value)> {
    let found: Option<(Uuid, Value)> = sqlx::query_as(
        "SELECT office_id, body FROM entity WHERE kind = 'appointment' AND body->>'code' = $1 FOR UPDATE",
    )
    .bind(rules::normal_code(code))
    .fetch_optional(&mut *conn)
    .await?;
    found.ok_or_else(|| {
        Problem::new(
            StatusCode::NOT_FOUND,
            "unknown_booking",
            "no booking has this code",
        )
    })
}

async fn public_view(
    conn: &mut PgConnection,
    office: Uuid,
    a: &Value,
) -> ApiResult<PublicAppointment> {
    let info = office_info(conn, office).await?;
    let service: Option<Value> = sqlx::query_scalar(
        "SELECT body FROM entity WHERE office_id = $1 AND kind = 'service' AND id = $2",
    )
    .bind(office)
    .bind(a["service_id"].as_str().unwrap_or_default())
    .fetch_optional(&mut *conn)
    .await?;
    let service = service.unwrap_or(Value::Null);
    let at =
        |k: &str| DateTime::from_timestamp_millis(a[k].as_i64().unwrap_or(0)).unwrap_or_default();
    Ok(PublicAppointment {
        office_id: office,
        code: a["code"].as_str().unwrap_or_default().into(),
        service: service["code"].as_str().unwrap_or_default().into(),
        service_names: names(&service["names"]),
        starts_at: at("starts_at"),
        ends_at: at("ends_at"),
        locale: Locale::from_code(a["locale"].as_str().unwrap_or_default()).unwrap_or(Locale::En),
        state: match a["state"].as_str() {
            Some("cancelled") => AppointmentState::Cancelled,
            Some("checked_in") => AppointmentState::CheckedIn,
            _ => AppointmentState::Booked,
        },
        office_name: info.name,
    })
}

/// `POST /queue/{office}/appointments`: books a slot; answers with the booking code.
pub(crate) async fn book(
    State(state): State<AppState>,
    Path(office): Path<Uuid>,
    req: Result<Json<BookRequest>, JsonRejection>,
) -> ApiResult<Json<PublicAppointment>> {
    let req = body(req)?;
    let mut tx = state.pool.begin().await?;
    let info = office_info(&mut tx, office).await?;
    let (service, category, _, minutes, desks) = bookable(&mut tx, office, &req.service).await?;
    take_place(
        &mut tx,
        office,
        &info,
        &service,
        minutes,
        desks,
        req.starts_at,
    )
    .await?;
    let now = Utc::now().timestamp_millis();
    let start = req.starts_at.timestamp_millis();
    let a = json!({
        "id": Uuid::now_v7().to_string(), "service_id": service, "category": category,
        "starts_at": start, "ends_at": start + minutes * 60_000,
        "code": rules::booking_code(&rand::random::<[u8; 8]>()), "locale": req.locale.code(),
        "state": "booked", "ticket_id": null, "created_at": now, "updated_at": now,
    });
    put(&mut tx, office, "appointment", &a).await?;
    notify(&mut tx, office).await?;
    let view = public_view(&mut tx, office, &a).await?;
    tx.commit().await?;
    Ok(Json(view))
}

/// `GET /queue/appointment/{code}`.
pub(crate) async fn show(
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> ApiResult<Json<PublicAppointment>> {
    let mut conn = state.pool.begin().await?;
    let (office, a) = appointment_by_code(&mut conn, &code).await?;
    Ok(Json(public_view(&mut conn, office, &a).await?))
}

#[derive(Deserialize)]
pub(crate) struct MoveRequest {
    starts_at: DateTime<Utc>,
}

/// `POST /queue/appointment/{code}/move`: another slot of the same service, same code.
pub(crate) async fn move_to(
    State(state): State<AppState>,
    Path(code): Path<String>,
    req: Result<Json<MoveRequest>, JsonRejection>,
) -> ApiResult<Json<PublicAppointment>> {
    let req = body(req)?;
    let mut tx = state.pool.begin().await?;
    let (office, mut a) = appointment_by_code(&mut tx, &code).await?;
    if a["state"] != "booked" {
        return Err(conflict(
            "booking_used",
            "this booking was cancelled or checked in already",
        ));
    }
    let info = office_info(&mut tx, office).await?;
    let service_id = a["service_id"].as_str().unwrap_or_default().to_string();
    let service_code: String = sqlx::query_scalar(
        "SELECT body->>'code' FROM entity WHERE office_id = $1 AND kind = 'service' AND id = $2",
    )
    .bind(office)
    .bind(&service_id)
    .fetch_one(&mut *tx)
    .await?;
    let (_, _, _, minutes, desks) = bookable(&mut tx, office, &service_code).await?;
    take_place(
        &mut tx,
        office,
        &info,
        &service_id,
        minutes,
        desks,
        req.starts_at,
    )
    .await?;
    let start = req.starts_at.timestamp_millis();
    a["starts_at"] = json!(start);
    a["ends_at"] = json!(start + minutes * 60_000);
    a["updated_at"] = json!(Utc::now().timestamp_millis());
    put(&mut tx, office, "appointment", &a).await?;
    notify(&mut tx, office).await?;
    let view = public_view(&mut tx, office, &a).await?;
    tx.commit().await?;
    Ok(Json(view))
}

/// `POST /queue/appointment/{code}/cancel`.
pub(crate) async fn cancel(
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> ApiResult<Json<PublicAppointment>> {
    let mut tx = state.pool.begin().await?;
    let (office, mut a) = appointment_by_code(&mut tx, &code).await?;
    if a["state"] != "booked" {
        return Err(conflict(
            "booking_used",
            "this booking was cancelled or checked in already",
        ));
    }
    a["state"] = json!("cancelled");
    a["updated_at"] = json!(Utc::now().timestamp_millis());
    put(&mut tx, office, "appointment", &a).await?;
    notify(&mut tx, office).await?;
    let view = public_view(&mut tx, office, &a).await?;
    tx.commit().await?;
    Ok(Json(view))
}

/// Checks a booking in: a ticket for its category in its language, called first once its slot
/// has begun (a late arrival beyond the grace period gets an ordinary ticket).
async fn check_in(
    conn: &mut PgConnection,
    office: Uuid,
    code: &str,
    origin: TicketOrigin,
    actor: Option<Uuid>,
) -> ApiResult<(String, Vec<Change>)> {
    let (booked_office, mut a) = appointment_by_code(conn, code).await?;
    if booked_office != office {
        return Err(Problem::new(
            StatusCode::NOT_FOUND,
            "unknown_booking",
            "no booking has this code here",
        ));
    }
    if a["state"] != "booked" {
        return Err(conflict(
            "booking_used",
            "this booking was cancelled or checked in already",
        ));
    }
    let info = office_info(conn, office).await?;
    let starts = a["starts_at"].as_i64().unwrap_or(0);
    let on_time = (Utc::now().timestamp_millis() <= starts + rules::GRACE_MS).then_some(starts);
    let req = TakeTicketRequest {
        category: a["category"].as_str().unwrap_or_default().into(),
        priority: TicketPriority::Normal,
        locale: Locale::from_code(a["locale"].as_str().unwrap_or_default()).unwrap_or(Locale::En),
        private: false,
    };
    let (ticket, mut changes) = take(conn, office, &info, &req, origin, actor, on_time).await?;
    a["state"] = json!("checked_in");
    a["ticket_id"] = json!(ticket);
    a["updated_at"] = json!(Utc::now().timestamp_millis());
    changes.push(put(conn, office, "appointment", &a).await?);
    Ok((ticket, changes))
}

/// `POST /queue/{office}/checkin` (the kiosk): `{ "code": "…" }`.
pub(crate) async fn kiosk_check_in(
    State(state): State<AppState>,
    Path(office): Path<Uuid>,
    headers: HeaderMap,
    req: Result<Json<CheckInRequest>, JsonRejection>,
) -> ApiResult<Json<PublicTicket>> {
    let req = body(req)?;
    let mut tx = state.pool.begin().await?;
    let (ticket, _) = check_in(&mut tx, office, &req.code, TicketOrigin::Kiosk, None).await?;
    tx.commit().await?;
    Ok(Json(
        super::public::public_ticket(&state, &headers, &ticket).await?,
    ))
}

/// `POST /v1/queue/checkin` (a desk, for a member of staff).
pub(crate) async fn desk_check_in(
    State(state): State<AppState>,
    dev: Device,
    req: Result<Json<ServerCheckIn>, JsonRejection>,
) -> ApiResult<Json<ServerQueueRows>> {
    let req = body(req)?;
    let actor = req
        .actor_id
        .ok_or_else(|| Problem::forbidden("forbidden", "the request names no member of staff"))?;
    let mut tx = state.pool.begin().await?;
    may_serve(&mut tx, dev.office_id, actor).await?;
    let (ticket, changes) = check_in(
        &mut tx,
        dev.office_id,
        &req.code,
        TicketOrigin::Desk,
        Some(actor),
    )
    .await?;
    tx.commit().await?;
    Ok(Json(ServerQueueRows {
        ticket_id: ticket.parse().ok(),
        changes,
        scores: Vec::new(),
    }))
}
