//! The queue's commands from desks: categories, tickets a desk numbered itself while cut off,
//! what desks did with tickets (each step checked against the ticket's state here, so a ticket
//! another desk called meanwhile is refused and the desk takes the server's version), and the
//! records linked to a visit.

use serde_json::Value;
use sqlx::PgConnection;

use okno_rules::queue as rules;
use okno_wire::commands::{QueueTicket, SaveRows, VisitLink};
use okno_wire::sync::PushCommand;
use okno_wire::{Permission, TicketState};

use super::*;
use crate::auth::Device;

pub(super) async fn save_category(
    tx: &mut PgConnection,
    dev: &Device,
    cmd: &PushCommand,
    actor: &ServerActor,
    p: &SaveRows,
) -> R<Outcome> {
    actor.require(Permission::EditCatalogue)?;
    let body = row(&p.rows, "queue_category")?;
    if !rules::valid_category(body["code"].as_str().unwrap_or_default()) {
        return Err(reject(
            "malformed",
            "a category code is one to three capital letters",
        ));
    }
    upsert(tx, dev, "queue_category", &body, cmd).await?;
    Ok(Outcome::Applied)
}

/// `queue.save_booking_plan`: a service's slots (length, places).
pub(super) async fn save_booking_plan(
    tx: &mut PgConnection,
    dev: &Device,
    cmd: &PushCommand,
    actor: &ServerActor,
    p: &SaveRows,
) -> R<Outcome> {
    actor.require(Permission::EditCatalogue)?;
    let body = row(&p.rows, "booking_plan")?;
    let minutes = body["slot_minutes"].as_i64().unwrap_or(0);
    let desks = body["desks"].as_i64().unwrap_or(0);
    if !(5..=240).contains(&minutes) || !(1..=50).contains(&desks) {
        return Err(reject(
            "malformed",
            "a slot is 5 to 240 minutes and holds 1 to 50 citizens",
        ));
    }
    exists(
        tx,
        dev,
        "service",
        body["service_id"].as_str().unwrap_or_default(),
        "not_found",
    )
    .await?;
    upsert(tx, dev, "booking_plan", &body, cmd).await?;
    Ok(Outcome::Applied)
}

/// `queue.set_opening_hours`: the week's hours, one row per day.
pub(super) async fn set_opening_hours(
    tx: &mut PgConnection,
    dev: &Device,
    cmd: &PushCommand,
    actor: &ServerActor,
    p: &SaveRows,
) -> R<Outcome> {
    actor.require(Permission::EditCatalogue)?;
    let rows = rows_of(&p.rows, "opening_hours")?;
    let mut week = okno_wire::OpeningHours::default();
    for r in &rows {
        let day = r["weekday"]
            .as_i64()
            .zip(r["spans"].as_str())
            .and_then(|(w, s)| rules::day_from_row(w, s))
            .ok_or_else(|| reject("malformed", "opening hours are a list of spans"))?;
        week.days.push(day);
    }
    if rows.is_empty() || !rules::check_hours(&week).is_empty() {
        return Err(reject(
            "malformed",
            "opening hours that do not read as a week",
        ));
    }
    for r in &rows {
        upsert(tx, dev, "opening_hours", r, cmd).await?;
    }
    Ok(Outcome::Applied)
}

/// The visit's event the command carries: of this ticket's visit, by the command's actor.
fn ticket_event(rows: &[RowBody], actor: &ServerActor, ticket: &Value, kind: &str) -> R<Value> {
    let ev = row(rows, "visit_event")?;
    if ev["visit_id"] != ticket["visit_id"] || ev["ticket_id"] != ticket["id"] {
        return Err(reject("malformed", "the event belongs to another visit"));
    }
    if ev["kind"].as_str() != Some(kind) {
        return Err(reject("malformed", "the event does not match the action"));
    }
    actor.wrote(&ev, "actor_id", "the event")?;
    Ok(ev)
}

/// `queue.take_ticket`: a ticket a desk numbered itself while the server was out of reach.
pub(super) async fn take_ticket(
    tx: &mut PgConnection,
    dev: &Device,
    cmd: &PushCommand,
    actor: &ServerActor,
    p: &QueueTicket,
) -> R<Outcome> {
    actor.require(Permission::ServeQueue)?;
    let visit = row(&p.rows, "visit")?;
    let ticket = row(&p.rows, "ticket")?;
    if ticket["id"].as_str() != Some(p.ticket_id.as_str()) || ticket["visit_id"] != visit["id"] {
        return Err(reject("malformed", "the ticket does not match its visit"));
    }
    let category = ticket["category"].as_str().unwrap_or_default();
    let number = ticket["number"].as_str().unwrap_or_default();
    // A desk's own numbers carry its label between the letters and the sequence (`M-3-007`);
    // the office's (`M-042`) are the server's to give.
    let own = rules::is_offline_number(category, number);
    if ticket["origin"].as_str() != Some("offline") || !own {
        return Err(reject(
            "malformed",
            "a desk numbers only its own offline tickets",
        ));
    }
    if ticket["state"].as_str() != Some("waiting") {
        return Err(reject("malformed", "a new ticket waits"));
    }
    let known: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM entity WHERE office_id = $1 AND kind = 'queue_category' AND body->>'code' = $2",
    )
    .bind(dev.office_id)
    .bind(category)
    .fetch_one(&mut *tx)
    .await?;
    if known == 0 {
        return Err(reject(
            "unknown_category",
            format!("no queue category {category:?}"),
        ));
    }
    let ev = ticket_event(&p.rows, actor, &ticket, "ticket_taken")?;
    // A booking checked in while the desk was cut off: still booked here, or refused (it was
    // cancelled, or checked in elsewhere, meanwhile).
    if let Ok(booking) = row(&p.rows, "appointment") {
        let id = booking["id"].as_str().unwrap_or_default();
        let (now_there, _) = current(tx, dev, "appointment", id).await?;
        if now_there["state"] != "booked" {
            return Err(reject(
                "booking_used",
                "the booking was cancelled or checked in already",
            ));
        }
        if booking["state"] != "checked_in" || booking["ticket_id"] != ticket["id"] {
            return Err(reject("malformed", "the booking does not name this ticket"));
        }
        for fixed in ["service_id", "starts_at", "code", "locale", "category"] {
            if booking[fixed] != now_there[fixed] {
                return Err(reject(
                    "malformed",
                    format!("a booking's {fixed} does not change here"),
                ));
            }
        }
        upsert(tx, dev, "appointment", &booking, cmd).await?;
    }
    insert(tx, dev, "visit", &visit, cmd, &json!({})).await?;
    insert(tx, dev, "ticket", &ticket, cmd, &json!({})).await?;
    insert(tx, dev, "visit_event", &ev, cmd, &json!({})).await?;
    Ok(Outcome::Applied)
}

/// `queue.ticket`: a call made offline, or what a desk did with a ticket it called.
pub(super) async fn ticket(
    tx: &mut PgConnection,
    dev: &Device,
    cmd: &PushCommand,
    actor: &ServerActor,
    p: &QueueTicket,
) -> R<Outcome> {
    actor.require(Permission::ServeQueue)?;
    let new = row(&p.rows, "ticket")?;
    if new["id"].as_str() != Some(p.ticket_id.as_str()) {
        return Err(reject("malformed", "the row is another ticket"));
    }
    let (old, clocks) = current(tx, dev, "ticket", &p.ticket_id).await?;
    let state = |v: &Value| rules::state_from(v["state"].as_str().unwrap_or_default());
    let (Some(from), Some(to)) = (state(&old), state(&new)) else {
        return Err(reject("malformed", "unknown ticket state"));
    };
    // What may change: the state and its stamps, the desk, the category on a transfer.
    for fixed in [
        "visit_id", "day", "number", "priority", "private", "locale", "origin", "taken_at",
    ] {
        if old[fixed] != new[fixed] {
            return Err(reject(
                "malformed",
                format!("a ticket's {fixed} does not change"),
            ));
        }
    }
    let refused = |why: &str| {
        reject(
            "invalid_transition",
            format!(
                "ticket {} is {}: {why}",
                old["number"].as_str().unwrap_or("?"),
                rules::state_code(from)
            ),
        )
    };
    let kind = match p.action.as_str() {
        "call" => {
            if from != TicketState::Waiting || to != TicketState::Called {
                return Err(refused("another desk called it first"));
            }
            "called".to_string()
        }
        "expire" => {
            if from != TicketState::Called
                || !matches!(to, TicketState::Waiting | TicketState::NoShow)
            {
                return Err(refused("the call no longer stands"));
            }
            "expired".to_string()
        }
        code => {
            let action = rules::action_from(
                code,
                new["category"].as_str().unwrap_or_default(),
                new["desk"].as_str(),
            )
            .ok_or_else(|| reject("malformed", format!("unknown ticket action {code:?}")))?;
            if rules::transition(from, &action) != Some(to) {
                return Err(refused("that step does not apply"));
            }
            // Only the desk that called it serves it or lets it go.
            if rules::desk_only(&action) && old["desk"] != new["desk"] {
                return Err(refused("another desk called it"));
            }
            rules::event_code(rules::event_of(&action))
        }
    };
    if p.action != "transfer" && old["category"] != new["category"] {
        return Err(reject("malformed", "only a transfer changes the category"));
    }
    let ev = ticket_event(&p.rows, actor, &new, &kind)?;
    update(tx, dev, "ticket", &p.ticket_id, &new, &clocks, cmd).await?;
    insert(tx, dev, "visit_event", &ev, cmd, &json!({})).await?;
    if matches!(to, TicketState::Done | TicketState::NoShow) {
        if let Ok(visit) = row(&p.rows, "visit") {
            if visit["id"] != new["visit_id"] {
                return Err(reject("malformed", "the visit is another ticket's"));
            }
            upsert(tx, dev, "visit", &visit, cmd).await?;
        }
    }
    Ok(Outcome::Applied)
}

/// `visit.link`: a case or certification made while the visit's ticket was served.
pub(super) async fn link(
    tx: &mut PgConnection,
    dev: &Device,
    cmd: &PushCommand,
    actor: &ServerActor,
    p: &VisitLink,
) -> R<Outcome> {
    let ev = row(&p.rows, "visit_event")?;
    actor.wrote(&ev, "actor_id", "the event")?;
    let (kind, permission) = match p.ref_kind.as_str() {
        "case_file" => ("case_registered", Permission::RegisterCase),
        "certification" => ("certified", Permission::Certify),
        "receipt" => ("paid", Permission::TakePayments),
        other if super::feedback::link_kind(other).is_some() => {
            super::feedback::link_kind(other).unwrap_or(("", Permission::ServeQueue))
        }
        _ => {
            return Err(reject(
                "malformed",
                "a visit links cases, certifications, receipts, feedback and ratings",
            ))
        }
    };
    actor.require(permission)?;
    if ev["visit_id"].as_str() != Some(p.visit_id.as_str())
        || ev["ref_kind"].as_str() != Some(p.ref_kind.as_str())
        || ev["ref_id"].as_str() != Some(p.ref_id.as_str())
        || ev["kind"].as_str() != Some(kind)
    {
        return Err(reject("malformed", "the event does not match the link"));
    }
    exists(tx, dev, "visit", &p.visit_id, "not_found").await?;
    exists(tx, dev, &p.ref_kind, &p.ref_id, "not_found").await?;
    insert(tx, dev, "visit_event", &ev, cmd, &json!({})).await?;
    Ok(Outcome::Applied)
}
