//! The office's shared line: tickets numbered per category and day, calls decided here for
//! every desk at once (one office at a time under a transaction lock, so two desks never call
//! the same ticket, on any replica), and the boards the displays and the kiosk show. The rows
//! are the same `ticket`, `visit` and `visit_event` rows desks write, kept as entities, so the
//! change feed carries them to every desk. Desks' own steps arrive as commands
//! (`apply/queue.rs`). Design: `docs/queue.md`.

use chrono::{DateTime, TimeZone, Utc};
use serde_json::{json, Value};
use sqlx::PgConnection;
use uuid::Uuid;

use okno_rules::queue::{self as rules, Caller, Candidate};
use okno_wire::sync::{Change, Hlc, STREAM_OFFICE};
use okno_wire::{
    CallScore, CategoryCount, DeskSetup, Locale, LocalizedText, Permission, PublicCall,
    TakeTicketRequest, TicketOrigin, TicketState,
};

use crate::error::{ApiResult, Problem};
use crate::CHANGES_CHANNEL;

pub(crate) mod booking;
pub(crate) mod desk;
pub(crate) mod public;

/// The stamp of a row the server writes itself.
fn server_hlc() -> String {
    Hlc {
        wall_ms: Utc::now().timestamp_millis(),
        counter: 0,
        node: "server".into(),
    }
    .encode()
}

/// The office's name, language, time zone and public address, from its synced row.
pub(crate) struct OfficeInfo {
    pub name: String,
    pub locale: Locale,
    pub currency: String,
    pub tz: Option<chrono_tz::Tz>,
    pub public_address: Option<String>,
}

impl OfficeInfo {
    fn local_now(&self) -> chrono::NaiveDateTime {
        let now = Utc::now();
        match self.tz {
            Some(tz) => tz.from_utc_datetime(&now.naive_utc()).naive_local(),
            None => now.naive_utc(),
        }
    }

    pub(crate) fn today(&self) -> String {
        self.local_now().date().format("%Y-%m-%d").to_string()
    }

    pub(crate) fn today_date(&self) -> chrono::NaiveDate {
        self.local_now().date()
    }

    /// Whether the office is open now by its opening hours (office time).
    pub(crate) fn open_now(&self, hours: &okno_wire::OpeningHours) -> bool {
        use chrono::{Datelike, Timelike};
        let now = self.local_now();
        rules::is_open(
            hours,
            now.weekday().number_from_monday() as u8,
            now.hour() * 60 + now.minute(),
        )
    }
}

/// The office's opening hours (no days: not set).
pub(crate) async fn opening_hours(
    conn: &mut PgConnection,
    office: Uuid,
) -> ApiResult<okno_wire::OpeningHours> {
    let rows: Vec<Value> = sqlx::query_scalar(
        "SELECT body FROM entity WHERE office_id = $1 AND kind = 'opening_hours'
          ORDER BY (body->>'weekday')::int",
    )
    .bind(office)
    .fetch_all(&mut *conn)
    .await?;
    Ok(okno_wire::OpeningHours {
        days: rows
            .iter()
            .filter_map(|r| rules::day_from_row(r["weekday"].as_i64()?, r["spans"].as_str()?))
            .collect(),
    })
}

pub(crate) async fn office_info(conn: &mut PgConnection, office: Uuid) -> ApiResult<OfficeInfo> {
    let body: Option<Value> = sqlx::query_scalar(
        "SELECT body FROM entity WHERE office_id = $1 AND kind = 'office' LIMIT 1",
    )
    .bind(office)
    .fetch_optional(&mut *conn)
    .await?;
    let body = body.ok_or_else(|| Problem::not_found("no such office"))?;
    let text = |k: &str| body[k].as_str().unwrap_or_default().to_string();
    Ok(OfficeInfo {
        name: text("name"),
        locale: Locale::from_code(&text("locale")).unwrap_or(Locale::En),
        currency: text("currency"),
        tz: text("time_zone").parse().ok(),
        public_address: body["public_address"]
            .as_str()
            .filter(|a| !a.is_empty())
            .map(str::to_string),
    })
}

/// Writes a row the server made (a kiosk's ticket, a call) for the change feed.
pub(crate) async fn put(
    conn: &mut PgConnection,
    office: Uuid,
    kind: &str,
    body: &Value,
) -> ApiResult<Change> {
    let id = body["id"].as_str().unwrap_or_default().to_string();
    let hlc = server_hlc();
    sqlx::query(
        "INSERT INTO entity (office_id, kind, id, stream, body, hlc) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (office_id, kind, id) DO UPDATE
           SET body = EXCLUDED.body, hlc = EXCLUDED.hlc, txid = pg_current_xact_id(), rev = nextval('entity_rev')",
    )
    .bind(office)
    .bind(kind)
    .bind(&id)
    .bind(STREAM_OFFICE)
    .bind(body)
    .bind(&hlc)
    .execute(&mut *conn)
    .await?;
    Ok(Change {
        kind: kind.into(),
        id,
        body: body.clone(),
        hlc: Some(hlc),
    })
}

pub(crate) async fn notify(conn: &mut PgConnection, office: Uuid) -> ApiResult<()> {
    sqlx::query("SELECT pg_notify($1, $2)")
        .bind(CHANGES_CHANNEL)
        .bind(office.to_string())
        .execute(&mut *conn)
        .await?;
    Ok(())
}

fn event(
    visit: &str,
    ticket: &str,
    kind: &str,
    at: i64,
    actor: Option<Uuid>,
    desk: Option<&str>,
    detail: Option<String>,
) -> Value {
    json!({
        "id": Uuid::now_v7().to_string(), "visit_id": visit, "ticket_id": ticket, "kind": kind,
        "at": at, "actor_id": actor.map(|a| a.to_string()), "desk": desk,
        "ref_kind": null, "ref_id": null, "detail": detail,
    })
}

/// Whether a member of staff of the office is active and may serve the queue.
pub(crate) async fn may_serve(conn: &mut PgConnection, office: Uuid, staff: Uuid) -> ApiResult<()> {
    let body: Option<Value> = sqlx::query_scalar(
        "SELECT body FROM entity WHERE office_id = $1 AND kind = 'staff' AND id = $2",
    )
    .bind(office)
    .bind(staff.to_string())
    .fetch_optional(&mut *conn)
    .await?;
    let body = body.ok_or_else(|| Problem::forbidden("forbidden", "unknown member of staff"))?;
    let roles: Vec<okno_wire::Role> = body["roles"]
        .as_str()
        .and_then(|r| serde_json::from_str::<Vec<String>>(r).ok())
        .unwrap_or_default()
        .iter()
        .filter_map(|c| okno_wire::Role::from_code(c))
        .collect();
    if body["active"].as_i64() != Some(1)
        || !okno_rules::permissions::permissions_of(&roles).contains(&Permission::ServeQueue)
    {
        return Err(Problem::forbidden(
            "forbidden",
            "not allowed to serve the queue",
        ));
    }
    Ok(())
}

/// Takes a ticket: the category's next number today, a new visit, and its first event.
/// Returns the rows written (visit, ticket, event).
pub(crate) async fn take(
    conn: &mut PgConnection,
    office: Uuid,
    info: &OfficeInfo,
    req: &TakeTicketRequest,
    origin: TicketOrigin,
    actor: Option<Uuid>,
    appointment_at: Option<i64>,
) -> ApiResult<(String, Vec<Change>)> {
    let category = req.category.trim().to_uppercase();
    let known: Option<bool> = sqlx::query_scalar(
        "SELECT (body->>'active')::int = 1 FROM entity WHERE office_id = $1 AND kind = 'queue_category' AND body->>'code' = $2",
    )
    .bind(office)
    .bind(&category)
    .fetch_optional(&mut *conn)
    .await?;
    if known != Some(true) {
        return Err(Problem::bad_request(
            "unknown_category",
            format!("no queue category {category:?} in this office"),
        ));
    }
    let day = info.today();
    let seq: i64 = sqlx::query_scalar(
        "INSERT INTO queue_counter (office_id, day, category, last) VALUES ($1, $2, $3, 1)
         ON CONFLICT (office_id, day, category) DO UPDATE SET last = queue_counter.last + 1
         RETURNING last",
    )
    .bind(office)
    .bind(&day)
    .bind(&category)
    .fetch_one(&mut *conn)
    .await?;
    let now = Utc::now().timestamp_millis();
    let visit_id = Uuid::now_v7().to_string();
    let ticket_id = Uuid::now_v7().to_string();
    let locale = req.locale.code();
    let visit = json!({
        "id": visit_id, "locale": locale, "started_at": now, "ended_at": null, "updated_at": now,
    });
    let origin = match origin {
        TicketOrigin::Kiosk => "kiosk",
        TicketOrigin::Desk => "desk",
        TicketOrigin::Offline => "offline",
    };
    let ticket = json!({
        "id": ticket_id, "visit_id": visit_id, "day": day, "category": category,
        "number": rules::ticket_number(&category, seq),
        "priority": rules::priority_code(req.priority), "private": i64::from(req.private),
        "locale": locale, "state": "waiting", "origin": origin, "desk": null, "staff_id": null,
        "calls": 0, "taken_at": now, "called_at": null, "served_at": null, "finished_at": null,
        "print_failed": 0, "updated_at": now, "appointment_at": appointment_at,
    });
    let ev = event(
        &visit_id,
        &ticket_id,
        "ticket_taken",
        now,
        actor,
        None,
        None,
    );
    let changes = vec![
        put(conn, office, "visit", &visit).await?,
        put(conn, office, "ticket", &ticket).await?,
        put(conn, office, "visit_event", &ev).await?,
    ];
    notify(conn, office).await?;
    Ok((ticket_id, changes))
}

/// Calls the next ticket for a desk, under the office's queue lock: first lets lapsed calls go
/// (back in the line, or out of it after too many), then picks by the rule and records the call
/// with its scores. Returns the ticket's id (none when nobody waits), the rows and the scores.
pub(crate) async fn call(
    conn: &mut PgConnection,
    office: Uuid,
    info: &OfficeInfo,
    desk: &DeskSetup,
    actor: Uuid,
) -> ApiResult<(Option<String>, Vec<Change>, Vec<CallScore>)> {
    sqlx::query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))")
        .bind(format!("okno.queue:{office}"))
        .execute(&mut *conn)
        .await?;
    let day = info.today();
    let now = Utc::now().timestamp_millis();
    let mut changes = Vec::new();
    let lapsed: Vec<Value> = sqlx::query_scalar(
        "SELECT body FROM entity WHERE office_id = $1 AND kind = 'ticket' AND body->>'day' = $2
           AND body->>'state' = 'called' AND (body->>'called_at')::bigint < $3",
    )
    .bind(office)
    .bind(&day)
    .bind(now - rules::CALL_LAPSES_MS)
    .fetch_all(&mut *conn)
    .await?;
    for mut t in lapsed {
        let lapsed_before: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM entity WHERE office_id = $1 AND kind = 'visit_event'
               AND body->>'visit_id' = $2 AND body->>'ticket_id' = $3 AND body->>'kind' = 'expired'",
        )
        .bind(office)
        .bind(t["visit_id"].as_str().unwrap_or_default())
        .bind(t["id"].as_str().unwrap_or_default())
        .fetch_one(&mut *conn)
        .await?;
        let out = lapsed_before + 1 >= i64::from(rules::MAX_CALLS);
        let desk_before = t["desk"].as_str().map(str::to_string);
        t["state"] = json!(if out { "no_show" } else { "waiting" });
        t["desk"] = Value::Null;
        t["updated_at"] = json!(now);
        if out {
            t["finished_at"] = json!(now);
        }
        let (tid, vid) = (
            t["id"].as_str().unwrap_or_default().to_string(),
            t["visit_id"].as_str().unwrap_or_default().to_string(),
        );
        changes.push(put(conn, office, "ticket", &t).await?);
        let ev = event(
            &vid,
            &tid,
            "expired",
            now,
            None,
            desk_before.as_deref(),
            None,
        );
        changes.push(put(conn, office, "visit_event", &ev).await?);
    }
    // The waiting tickets of the desk's categories, only what the rule needs of them.
    type Waiting = (
        String,
        String,
        String,
        String,
        bool,
        i64,
        Option<String>,
        Option<i64>,
    );
    let waiting: Vec<Waiting> = sqlx::query_as(
        "SELECT id, body->>'number', body->>'category', body->>'priority', (body->>'private')::int = 1,
                (body->>'taken_at')::bigint, body->>'desk', (body->>'appointment_at')::bigint
           FROM entity WHERE office_id = $1 AND kind = 'ticket' AND body->>'day' = $2
            AND body->>'state' = 'waiting' AND body->>'category' = ANY($3)",
    )
    .bind(office)
    .bind(&day)
    .bind(&desk.categories)
    .fetch_all(&mut *conn)
    .await?;
    let candidates: Vec<Candidate<'_>> = waiting
        .iter()
        .map(
            |(_, number, category, priority, private, taken_at, for_desk, appointment_at)| {
                Candidate {
                    number,
                    category,
                    priority: rules::priority_from(priority)
                        .unwrap_or(okno_wire::TicketPriority::Normal),
                    private: *private,
                    taken_at: *taken_at,
                    for_desk: for_desk.as_deref(),
                    appointment_at: *appointment_at,
                }
            },
        )
        .collect();
    let caller = Caller {
        label: &desk.label,
        categories: &desk.categories,
        private: desk.private,
    };
    let (best, scores) = rules::pick(&candidates, &caller, now);
    let Some(best) = best else {
        if !changes.is_empty() {
            notify(conn, office).await?;
        }
        return Ok((None, changes, scores));
    };
    let (mut t, visit): (Value, Option<Value>) = sqlx::query_as(
        "SELECT t.body, v.body FROM entity t
           LEFT JOIN entity v ON v.office_id = t.office_id AND v.kind = 'visit' AND v.id = t.body->>'visit_id'
          WHERE t.office_id = $1 AND t.kind = 'ticket' AND t.id = $2",
    )
    .bind(office)
    .bind(&waiting[best].0)
    .fetch_one(&mut *conn)
    .await?;
    // The desk may not have the visit yet (a kiosk's ticket): it comes with the call.
    if let Some(v) = visit {
        changes.push(Change {
            kind: "visit".into(),
            id: v["id"].as_str().unwrap_or_default().to_string(),
            body: v,
            hlc: Some(server_hlc()),
        });
    }
    t["state"] = json!("called");
    t["desk"] = json!(desk.label);
    t["staff_id"] = json!(actor.to_string());
    t["calls"] = json!(t["calls"].as_i64().unwrap_or(0) + 1);
    t["called_at"] = json!(now);
    t["updated_at"] = json!(now);
    let id = t["id"].as_str().unwrap_or_default().to_string();
    let visit = t["visit_id"].as_str().unwrap_or_default().to_string();
    changes.push(put(conn, office, "ticket", &t).await?);
    let detail = serde_json::to_string(&scores).unwrap_or_default();
    let ev = event(
        &visit,
        &id,
        "called",
        now,
        Some(actor),
        Some(&desk.label),
        Some(detail),
    );
    changes.push(put(conn, office, "visit_event", &ev).await?);
    notify(conn, office).await?;
    Ok((Some(id), changes, scores))
}

/// How many tickets wait per category (and the longest wait), for every active category.
pub(crate) async fn category_counts(
    conn: &mut PgConnection,
    office: Uuid,
    day: &str,
) -> ApiResult<Vec<CategoryCount>> {
    let cats: Vec<Value> = sqlx::query_scalar(
        "SELECT body FROM entity WHERE office_id = $1 AND kind = 'queue_category'
           AND (body->>'active')::int = 1 ORDER BY body->>'code'",
    )
    .bind(office)
    .fetch_all(&mut *conn)
    .await?;
    let waiting: Vec<(String, i64, i64)> = sqlx::query_as(
        "SELECT body->>'category', COUNT(*), MIN((body->>'taken_at')::bigint) FROM entity
          WHERE office_id = $1 AND kind = 'ticket' AND body->>'day' = $2 AND body->>'state' = 'waiting'
          GROUP BY body->>'category'",
    )
    .bind(office)
    .bind(day)
    .fetch_all(&mut *conn)
    .await?;
    let now = Utc::now().timestamp_millis();
    Ok(cats
        .iter()
        .map(|c| {
            let code = c["code"].as_str().unwrap_or_default();
            let (n, oldest) = waiting
                .iter()
                .find(|(k, _, _)| k == code)
                .map(|(_, n, o)| (*n, Some(*o)))
                .unwrap_or((0, None));
            CategoryCount {
                code: code.to_string(),
                names: names(&c["names"]),
                waiting: n as u32,
                longest_wait_minutes: oldest
                    .map(|o| ((now - o).max(0) / 60_000) as u32)
                    .unwrap_or(0),
            }
        })
        .collect())
}

/// A names column (JSON text of `{locale: name}`).
pub(crate) fn names(v: &Value) -> LocalizedText {
    v.as_str()
        .and_then(|s| serde_json::from_str(s).ok())
        .unwrap_or_default()
}

pub(crate) fn state_of(t: &Value) -> TicketState {
    rules::state_from(t["state"].as_str().unwrap_or_default()).unwrap_or(TicketState::Waiting)
}

pub(crate) fn millis(v: &Value) -> Option<DateTime<Utc>> {
    v.as_i64().and_then(DateTime::from_timestamp_millis)
}

/// Today's calls, newest first.
pub(crate) async fn calls(
    conn: &mut PgConnection,
    office: Uuid,
    day: &str,
    limit: usize,
) -> ApiResult<Vec<PublicCall>> {
    let rows: Vec<Value> = sqlx::query_scalar(
        "SELECT body FROM entity WHERE office_id = $1 AND kind = 'ticket' AND body->>'day' = $2
           AND body->>'called_at' IS NOT NULL AND body->>'desk' IS NOT NULL
         ORDER BY (body->>'called_at')::bigint DESC LIMIT $3",
    )
    .bind(office)
    .bind(day)
    .bind(limit as i64)
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows
        .iter()
        .filter_map(|t| {
            Some(PublicCall {
                ticket_id: t["id"].as_str()?.parse().ok()?,
                number: t["number"].as_str()?.to_string(),
                desk: t["desk"].as_str()?.to_string(),
                locale: Locale::from_code(t["locale"].as_str()?)?,
                called_at: millis(&t["called_at"])?,
                calls: t["calls"].as_i64().unwrap_or(0) as u32,
                state: state_of(t),
            })
        })
        .collect())
}
