//! Taking a ticket at a desk, calling the next one, and what a desk does with the ticket it
//! called. Online, the office server numbers tickets and decides calls for every desk at once;
//! offline (or on a workstation that is its own office) this desk does, and its outbox carries
//! every step to the server later.

use std::time::Duration;

use okno_rules::queue::{self as rules, Caller};
use okno_wire::commands::{Command, QueueTicket};
use okno_wire::{
    CallResult, CallScore, FieldErrorCode, Permission, ServerCallNext, ServerQueueRows,
    ServerTakeTicket, TakeTicketRequest, TicketAction, TicketActionRequest, TicketOrigin,
    TicketState, TicketView, VisitEventKind,
};
use sqlx::SqliteConnection;
use uuid::Uuid;

use super::{add_event, TicketRow, TICKET_SELECT};
use crate::auth::Actor;
use crate::cases::code_of;
use crate::error::{Check, CoreError, Result};
use crate::{ids, outbox, Workstation};

/// How long a clerk waits for the office server before the desk goes on with its own line.
pub(super) const SERVER_WAIT: Duration = Duration::from_secs(3);

/// The server refused a queue request for a reason the clerk must see (not "unreachable").
pub(super) fn server_refusal(code: &str) -> Option<CoreError> {
    Some(match code {
        "unknown_category" => CoreError::field("category", FieldErrorCode::UnknownCategory),
        "unknown_booking" => CoreError::field("code", FieldErrorCode::UnknownBooking),
        "booking_used" => CoreError::field("code", FieldErrorCode::BookingUsed),
        "not_found" => CoreError::NotFound("ticket"),
        "invalid_transition" => CoreError::InvalidTransition {
            from: "ticket",
            to: "called",
        },
        _ => return None,
    })
}

impl Workstation {
    /// Takes a ticket for a citizen at this desk (a walk-in who skipped the kiosk, a phone
    /// call): numbered by the office server when it answers, by this desk otherwise.
    pub async fn take_ticket(&self, actor: &Actor, req: TakeTicketRequest) -> Result<TicketView> {
        actor.require(Permission::ServeQueue)?;
        let category = req.category.trim().to_uppercase();
        let known: Option<String> =
            sqlx::query_scalar("SELECT id FROM queue_category WHERE code = ? AND active = 1")
                .bind(&category)
                .fetch_optional(&self.store.reader)
                .await?;
        if known.is_none() {
            return Err(CoreError::field(
                "category",
                FieldErrorCode::UnknownCategory,
            ));
        }
        let req = TakeTicketRequest { category, ..req };
        let asked: Result<Option<ServerQueueRows>> = self
            .ask_server(
                "/v1/queue/tickets",
                &ServerTakeTicket {
                    request: req.clone(),
                    actor_id: Some(actor.staff_id),
                },
                SERVER_WAIT,
            )
            .await;
        let id = match asked {
            Ok(Some(rows)) => self.store_server_rows(&rows).await?,
            Ok(None) => {
                self.take_ticket_here(actor, &req, TicketOrigin::Desk, None)
                    .await?
            }
            Err(CoreError::Server { code, message }) => {
                return Err(server_refusal(&code).unwrap_or(CoreError::Server { code, message }))
            }
            Err(e) if is_offline(&e) => {
                tracing::info!(error = %e, "the office server is not reachable: this desk numbers the ticket");
                self.take_ticket_here(actor, &req, TicketOrigin::Offline, None)
                    .await?
            }
            Err(e) => return Err(e),
        };
        self.get_ticket(actor, id).await
    }

    /// Stores what the server wrote for this desk (the feed brings the same rows again) and
    /// returns the ticket's id.
    pub(super) async fn store_server_rows(&self, rows: &ServerQueueRows) -> Result<Uuid> {
        let mut conn = self.store.writer.acquire().await?;
        crate::rows::apply_rows(&mut conn, &rows.changes).await?;
        rows.ticket_id
            .ok_or_else(|| CoreError::Internal("the server named no ticket".into()))
    }

    /// Numbers and writes a ticket here; with `booking` (the appointment's id and the start of
    /// its slot, none when it came too late), it is the check-in of that appointment.
    pub(super) async fn take_ticket_here(
        &self,
        actor: &Actor,
        req: &TakeTicketRequest,
        origin: TicketOrigin,
        booking: Option<(&str, Option<i64>)>,
    ) -> Result<Uuid> {
        let office = self.office().await?;
        let now = self.now_ms();
        let day = office
            .local_date(self.clock.now())
            .format("%Y-%m-%d")
            .to_string();
        let desk = self.desk_setup().await?;
        let prefix = match (origin, &desk) {
            (TicketOrigin::Offline, Some(d)) => rules::offline_prefix(&req.category, &d.label),
            (TicketOrigin::Offline, None) => {
                return Err(CoreError::field("desk.label", FieldErrorCode::Required))
            }
            _ => format!("{}-", req.category),
        };
        let id = ids::new_id();
        let id_text = id.to_string();
        let visit_id = ids::new_id().to_string();
        let locale = req.locale.code();
        let actor_id = actor.staff_id.to_string();
        let mut tx = self.store.writer.begin().await?;
        // The next number of this prefix today (one writer at a time: no two the same).
        let last: Option<String> = sqlx::query_scalar(
            "SELECT number FROM ticket WHERE day = ? AND substr(number, 1, length(?)) = ?
              ORDER BY length(number) DESC, number DESC LIMIT 1",
        )
        .bind(&day)
        .bind(&prefix)
        .bind(&prefix)
        .fetch_optional(&mut *tx)
        .await?;
        let seq = last
            .and_then(|n| n[prefix.len()..].parse::<i64>().ok())
            .unwrap_or(0)
            + 1;
        let number = format!("{prefix}{seq:03}");
        sqlx::query("INSERT INTO visit (id, locale, started_at, updated_at) VALUES (?, ?, ?, ?)")
            .bind(&visit_id)
            .bind(locale)
            .bind(now)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO ticket (id, visit_id, day, category, number, priority, private, locale, state,
                origin, calls, taken_at, print_failed, updated_at, appointment_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'waiting', ?, 0, ?, 0, ?, ?)",
        )
        .bind(&id_text)
        .bind(&visit_id)
        .bind(&day)
        .bind(&req.category)
        .bind(&number)
        .bind(rules::priority_code(req.priority))
        .bind(i64::from(req.private))
        .bind(locale)
        .bind(code_of(&origin))
        .bind(now)
        .bind(now)
        .bind(booking.and_then(|b| b.1))
        .execute(&mut *tx)
        .await?;
        if let Some((appointment, _)) = booking {
            let done = sqlx::query(
                "UPDATE appointment SET state = 'checked_in', ticket_id = ?, updated_at = ?
                  WHERE id = ? AND state = 'booked'",
            )
            .bind(&id_text)
            .bind(now)
            .bind(appointment)
            .execute(&mut *tx)
            .await?;
            if done.rows_affected() != 1 {
                return Err(CoreError::field("code", FieldErrorCode::BookingUsed));
            }
        }
        let desk_label = desk.as_ref().map(|d| d.label.as_str());
        let event = add_event(
            &mut tx,
            &visit_id,
            Some(&id_text),
            VisitEventKind::TicketTaken,
            now,
            Some(&actor_id),
            desk_label,
            None,
            None,
        )
        .await?;
        let mut rows: Vec<(&str, &str)> = vec![
            ("visit", &visit_id),
            ("ticket", &id_text),
            ("visit_event", &event),
        ];
        if let Some((appointment, _)) = booking {
            rows.push(("appointment", appointment));
        }
        outbox::append(
            &mut tx,
            Command::QueueTakeTicket(QueueTicket {
                ticket_id: id_text.clone(),
                action: "take".into(),
                rows: Vec::new(),
            }),
            Some(actor.staff_id),
            now,
            outbox::Effects {
                entity_id: Some(&id_text),
                rows: &rows,
            },
        )
        .await?;
        tx.commit().await?;
        self.request_sync();
        Ok(id)
    }

    /// Calls the next ticket for this desk: from the office's shared line while the server
    /// answers, from this desk's own tickets when it does not.
    pub async fn call_next(&self, actor: &Actor) -> Result<CallResult> {
        actor.require(Permission::ServeQueue)?;
        let Some(desk) = self.desk_setup().await? else {
            return Err(CoreError::field("desk.label", FieldErrorCode::Required));
        };
        let asked: Result<Option<ServerQueueRows>> = self
            .ask_server(
                "/v1/queue/call",
                &ServerCallNext {
                    actor_id: actor.staff_id,
                    desk: desk.clone(),
                },
                SERVER_WAIT,
            )
            .await;
        let (id, scores, offline) = match asked {
            Ok(Some(rows)) => {
                let mut conn = self.store.writer.acquire().await?;
                crate::rows::apply_rows(&mut conn, &rows.changes).await?;
                (rows.ticket_id, rows.scores, false)
            }
            Ok(None) => {
                let (id, scores) = self.call_here(actor, &desk, false).await?;
                (id, scores, false)
            }
            Err(CoreError::Server { code, message }) => {
                return Err(server_refusal(&code).unwrap_or(CoreError::Server { code, message }))
            }
            Err(e) if is_offline(&e) => {
                tracing::info!(error = %e, "the office server is not reachable: this desk calls from its own tickets");
                let (id, scores) = self.call_here(actor, &desk, true).await?;
                (id, scores, true)
            }
            Err(e) => return Err(e),
        };
        let ticket = match id {
            Some(id) => Some(self.get_ticket(actor, id).await?),
            None => None,
        };
        Ok(CallResult {
            ticket,
            scores,
            offline,
        })
    }

    /// Decides the call on this workstation: among every waiting ticket when it is its own
    /// office, among the tickets this desk numbered itself when it is cut off from the server
    /// (the others may be called by desks that still reach it).
    async fn call_here(
        &self,
        actor: &Actor,
        desk: &okno_wire::DeskSetup,
        own_only: bool,
    ) -> Result<(Option<Uuid>, Vec<CallScore>)> {
        let office = self.office().await?;
        let now = self.now_ms();
        let day = office
            .local_date(self.clock.now())
            .format("%Y-%m-%d")
            .to_string();
        let actor_id = actor.staff_id.to_string();
        let mut tx = self.store.writer.begin().await?;
        // Cut off from the server, this desk lets only its own calls lapse (the server does the
        // others'); on its own, every call.
        let own_desk = own_only.then_some(desk.label.as_str());
        lapse_calls(&mut tx, actor, &day, now, own_desk).await?;
        let sql = format!("{TICKET_SELECT} WHERE t.day = ? AND t.state = 'waiting'");
        let rows: Vec<TicketRow> = sqlx::query_as(&sql).bind(&day).fetch_all(&mut *tx).await?;
        let rows: Vec<TicketRow> = rows
            .into_iter()
            .filter(|r| {
                !own_only
                    || (r.origin == "offline"
                        && r.number
                            .starts_with(&rules::offline_prefix(&r.category, &desk.label)))
            })
            .collect();
        let candidates: Vec<_> = rows.iter().map(TicketRow::candidate).collect();
        let caller = Caller {
            label: &desk.label,
            categories: &desk.categories,
            private: desk.private,
        };
        let (best, scores) = rules::pick(&candidates, &caller, now);
        let Some(best) = best else {
            return Ok((None, scores));
        };
        let t = &rows[best];
        sqlx::query(
            "UPDATE ticket SET state = 'called', desk = ?, staff_id = ?, calls = calls + 1, called_at = ?,
                updated_at = ? WHERE id = ? AND state = 'waiting'",
        )
        .bind(&desk.label)
        .bind(&actor_id)
        .bind(now)
        .bind(now)
        .bind(&t.id)
        .execute(&mut *tx)
        .await?;
        let detail = serde_json::to_string(&scores)
            .map_err(|e| CoreError::Internal(format!("scores: {e}")))?;
        let event = add_event(
            &mut tx,
            &t.visit_id,
            Some(&t.id),
            VisitEventKind::Called,
            now,
            Some(&actor_id),
            Some(&desk.label),
            None,
            Some(&detail),
        )
        .await?;
        outbox::append(
            &mut tx,
            Command::QueueTicket(QueueTicket {
                ticket_id: t.id.clone(),
                action: "call".into(),
                rows: Vec::new(),
            }),
            Some(actor.staff_id),
            now,
            outbox::Effects {
                entity_id: Some(&t.id),
                rows: &[("ticket", &t.id), ("visit_event", &event)],
            },
        )
        .await?;
        tx.commit().await?;
        self.request_sync();
        Ok((Some(ids::parse(&t.id)?), scores))
    }

    /// What a desk does with a ticket: recall, start, finish, no-show, park, return, transfer,
    /// or record that its print failed or that it was printed.
    pub async fn ticket_action(
        &self,
        actor: &Actor,
        req: TicketActionRequest,
    ) -> Result<TicketView> {
        actor.require(Permission::ServeQueue)?;
        let t = self.ticket_row(req.ticket_id).await?;
        let from = t.state()?;
        let desk = self.desk_setup().await?;
        let label = desk.as_ref().map(|d| d.label.clone());
        // Only the desk that called a ticket recalls, serves or lets it go.
        let own = rules::desk_only(&req.action);
        if own && (t.desk.is_none() || t.desk != label) {
            return Err(CoreError::InvalidTransition {
                from: rules::state_code(from),
                to: rules::action_code(&req.action),
            });
        }
        let Some(to) = rules::transition(from, &req.action) else {
            return Err(CoreError::InvalidTransition {
                from: rules::state_code(from),
                to: rules::action_code(&req.action),
            });
        };
        let mut category = t.category.clone();
        let mut for_desk = t.desk.clone();
        if let TicketAction::Transfer {
            category: c,
            desk: d,
        } = &req.action
        {
            let c = c.trim().to_uppercase();
            let known: Option<String> =
                sqlx::query_scalar("SELECT id FROM queue_category WHERE code = ? AND active = 1")
                    .bind(&c)
                    .fetch_optional(&self.store.reader)
                    .await?;
            let mut check = Check::new();
            if known.is_none() {
                check.fail("category", FieldErrorCode::UnknownCategory, None);
            }
            let d = d.as_deref().map(str::trim).filter(|d| !d.is_empty());
            if d.is_some_and(|d| !rules::valid_desk(d)) {
                check.fail("desk", FieldErrorCode::Malformed, Some(8));
            }
            check.finish()?;
            category = c;
            for_desk = d.map(str::to_string);
        } else if matches!(req.action, TicketAction::Return) {
            for_desk = None;
        }
        let now = self.now_ms();
        let actor_id = actor.staff_id.to_string();
        let kind = rules::event_of(&req.action);
        let ends = matches!(to, TicketState::Done | TicketState::NoShow);
        let mut tx = self.store.writer.begin().await?;
        sqlx::query(
            "UPDATE ticket SET state = ?, category = ?, desk = ?,
                calls = calls + ?, called_at = CASE WHEN ? THEN ? ELSE called_at END,
                served_at = CASE WHEN ? THEN ? ELSE served_at END,
                finished_at = CASE WHEN ? THEN ? ELSE finished_at END,
                print_failed = CASE WHEN ? THEN 1 WHEN ? THEN 0 ELSE print_failed END,
                updated_at = ?
             WHERE id = ?",
        )
        .bind(rules::state_code(to))
        .bind(&category)
        .bind(&for_desk)
        .bind(i64::from(req.action == TicketAction::Recall))
        .bind(req.action == TicketAction::Recall)
        .bind(now)
        .bind(req.action == TicketAction::Start)
        .bind(now)
        .bind(ends)
        .bind(now)
        .bind(req.action == TicketAction::PrintFailed)
        .bind(req.action == TicketAction::Printed)
        .bind(now)
        .bind(&t.id)
        .execute(&mut *tx)
        .await?;
        if ends {
            sqlx::query("UPDATE visit SET ended_at = ?, updated_at = ? WHERE id = ?")
                .bind(now)
                .bind(now)
                .bind(&t.visit_id)
                .execute(&mut *tx)
                .await?;
        }
        let event = add_event(
            &mut tx,
            &t.visit_id,
            Some(&t.id),
            kind,
            now,
            Some(&actor_id),
            label.as_deref(),
            None,
            None,
        )
        .await?;
        let mut rows: Vec<(&str, &str)> = vec![("ticket", &t.id), ("visit_event", &event)];
        if ends {
            rows.push(("visit", &t.visit_id));
        }
        outbox::append(
            &mut tx,
            Command::QueueTicket(QueueTicket {
                ticket_id: t.id.clone(),
                action: rules::action_code(&req.action).into(),
                rows: Vec::new(),
            }),
            Some(actor.staff_id),
            now,
            outbox::Effects {
                entity_id: Some(&t.id),
                rows: &rows,
            },
        )
        .await?;
        tx.commit().await?;
        self.request_sync();
        self.get_ticket(actor, req.ticket_id).await
    }
}

pub(super) fn is_offline(e: &CoreError) -> bool {
    matches!(
        e,
        CoreError::ServerUnreachable(_)
            | CoreError::RejoinNeeded
            | CoreError::CredentialStore(_)
            | CoreError::UnsupportedProtocol
    )
}

/// Calls that lapsed (called long ago and never served): back in the line for another call,
/// or out of it after [`rules::MAX_CALLS`] — none stays "called" for ever.
async fn lapse_calls(
    conn: &mut SqliteConnection,
    actor: &Actor,
    day: &str,
    now: i64,
    only_desk: Option<&str>,
) -> Result<()> {
    let lapsed: Vec<(String, String, Option<String>)> = sqlx::query_as(
        "SELECT id, visit_id, desk FROM ticket WHERE day = ? AND state = 'called' AND called_at < ?
            AND (? IS NULL OR desk = ?)",
    )
    .bind(day)
    .bind(now - rules::CALL_LAPSES_MS)
    .bind(only_desk)
    .bind(only_desk)
    .fetch_all(&mut *conn)
    .await?;
    for (id, visit_id, desk) in lapsed {
        // Calls that lapsed before, not calls answered (a ticket served, parked and called
        // again is not a no-show).
        let lapsed_before: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM visit_event WHERE ticket_id = ? AND kind = 'expired'",
        )
        .bind(&id)
        .fetch_one(&mut *conn)
        .await?;
        let out = lapsed_before + 1 >= i64::from(rules::MAX_CALLS);
        sqlx::query(
            "UPDATE ticket SET state = ?, desk = NULL, finished_at = CASE WHEN ? THEN ? ELSE finished_at END,
                updated_at = ? WHERE id = ?",
        )
        .bind(if out { "no_show" } else { "waiting" })
        .bind(out)
        .bind(now)
        .bind(now)
        .bind(&id)
        .execute(&mut *conn)
        .await?;
        if out {
            sqlx::query("UPDATE visit SET ended_at = ?, updated_at = ? WHERE id = ?")
                .bind(now)
                .bind(now)
                .bind(&visit_id)
                .execute(&mut *conn)
                .await?;
        }
        let event = add_event(
            conn,
            &visit_id,
            Some(&id),
            VisitEventKind::Expired,
            now,
            Some(&actor.staff_id.to_string()),
            desk.as_deref(),
            None,
            None,
        )
        .await?;
        let mut rows: Vec<(&str, &str)> = vec![("ticket", &id), ("visit_event", &event)];
        if out {
            rows.push(("visit", &visit_id));
        }
        outbox::append(
            conn,
            Command::QueueTicket(QueueTicket {
                ticket_id: id.clone(),
                action: "expire".into(),
                rows: Vec::new(),
            }),
            Some(actor.staff_id),
            now,
            outbox::Effects {
                entity_id: Some(&id),
                rows: &rows,
            },
        )
        .await?;
    }
    Ok(())
}
