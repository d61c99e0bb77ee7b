//! The visit: its timeline (ticket taken, called, served by whom at which desk, what was
//! registered or certified, when it ended), and the link from a record made while a desk served
//! a ticket to that ticket's visit.

use okno_wire::commands::{Command, VisitLink};
use okno_wire::{
    CallScore, Locale, Permission, VisitEventKind, VisitEventView, VisitLookup, VisitView,
};
use sqlx::SqliteConnection;
use uuid::Uuid;

use super::add_event;
use crate::auth::Actor;
use crate::cases::parse_code;
use crate::clock::from_millis;
use crate::error::{CoreError, Result};
use crate::settings::setting;
use crate::{ids, outbox, Workstation};

#[derive(sqlx::FromRow)]
struct EventRow {
    id: String,
    kind: String,
    at: i64,
    actor_name: Option<String>,
    desk: Option<String>,
    ref_kind: Option<String>,
    ref_id: Option<String>,
    detail: Option<String>,
    case_number: Option<String>,
    certification_number: Option<String>,
}

impl Workstation {
    /// A visit and its whole timeline.
    pub async fn get_visit(&self, actor: &Actor, id: Uuid) -> Result<VisitView> {
        if !actor.may(Permission::ServeQueue) && !actor.may(Permission::ReviewDay) {
            return Err(CoreError::Forbidden);
        }
        let id_text = id.to_string();
        let visit: Option<(String, i64, Option<i64>)> =
            sqlx::query_as("SELECT locale, started_at, ended_at FROM visit WHERE id = ?")
                .bind(&id_text)
                .fetch_optional(&self.store.reader)
                .await?;
        let (locale, started_at, ended_at) = visit.ok_or(CoreError::NotFound("visit"))?;
        let ticket_id: Option<String> =
            sqlx::query_scalar("SELECT id FROM ticket WHERE visit_id = ? LIMIT 1")
                .bind(&id_text)
                .fetch_optional(&self.store.reader)
                .await?;
        let ticket = match ticket_id {
            Some(t) => {
                let row = self.ticket_row(ids::parse(&t)?).await?;
                Some(self.ticket_view(row, None).await?)
            }
            None => None,
        };
        let rows: Vec<EventRow> = sqlx::query_as(
            "SELECT e.id, e.kind, e.at, s.display_name AS actor_name, e.desk, e.ref_kind, e.ref_id, e.detail,
                    c.number AS case_number,
                    COALESCE(l.number, r.number, f.number) AS certification_number
               FROM visit_event e
               LEFT JOIN staff s ON s.id = e.actor_id
               LEFT JOIN case_file c ON e.ref_kind = 'case_file' AND c.id = e.ref_id
               LEFT JOIN certification l ON e.ref_kind = 'certification' AND l.id = e.ref_id
               LEFT JOIN receipt r ON e.ref_kind = 'receipt' AND r.id = e.ref_id
               LEFT JOIN feedback_item f ON e.ref_kind = 'feedback_item' AND f.id = e.ref_id
              WHERE e.visit_id = ? ORDER BY e.at, e.rowid",
        )
        .bind(&id_text)
        .fetch_all(&self.store.reader)
        .await?;
        let mut events = Vec::with_capacity(rows.len());
        for r in rows {
            events.push(VisitEventView {
                id: ids::parse(&r.id)?,
                kind: parse_code(&r.kind)?,
                at: from_millis(r.at),
                actor_name: r.actor_name,
                desk: r.desk,
                ref_kind: r.ref_kind,
                ref_id: ids::parse_opt(r.ref_id.as_deref())?,
                ref_label: r.case_number.or(r.certification_number),
                scores: r
                    .detail
                    .as_deref()
                    .and_then(|d| serde_json::from_str::<Vec<CallScore>>(d).ok()),
            });
        }
        Ok(VisitView {
            id,
            locale: Locale::from_code(&locale).unwrap_or(Locale::En),
            started_at: from_millis(started_at),
            ended_at: ended_at.map(from_millis),
            ticket,
            events,
        })
    }

    /// The visit a case or a certification was made in, if it was made while a ticket was
    /// served.
    pub async fn visit_of(
        &self,
        actor: &Actor,
        ref_kind: &str,
        ref_id: Uuid,
    ) -> Result<VisitLookup> {
        if !actor.may(Permission::ViewCases) && !actor.may(Permission::ViewLedger) {
            return Err(CoreError::Forbidden);
        }
        let visit: Option<String> = sqlx::query_scalar(
            "SELECT visit_id FROM visit_event WHERE ref_id = ? AND ref_kind = ? LIMIT 1",
        )
        .bind(ref_id.to_string())
        .bind(ref_kind)
        .fetch_optional(&self.store.reader)
        .await?;
        let visit = match visit {
            Some(v) if actor.may(Permission::ServeQueue) || actor.may(Permission::ReviewDay) => {
                Some(self.get_visit(actor, ids::parse(&v)?).await?)
            }
            _ => None,
        };
        Ok(VisitLookup { visit })
    }

    /// The language of the visit this desk serves now, if any: proposed for the citizen's copy
    /// of a document.
    pub async fn serving_locale(&self, actor: &Actor) -> Result<Option<Locale>> {
        let mut conn = self.store.reader.acquire().await?;
        Ok(serving(&mut conn, actor)
            .await?
            .and_then(|(_, _, _, l)| Locale::from_code(&l)))
    }
}

/// The ticket (id, visit, desk, language) this member of staff serves at this desk now.
async fn serving(
    conn: &mut SqliteConnection,
    actor: &Actor,
) -> Result<Option<(String, String, String, String)>> {
    let Some(desk) = setting(conn, super::KEY_DESK).await? else {
        return Ok(None);
    };
    let Ok(desk) = serde_json::from_str::<okno_wire::DeskSetup>(&desk) else {
        return Ok(None);
    };
    Ok(sqlx::query_as(
        "SELECT id, visit_id, desk, locale FROM ticket
          WHERE desk = ? AND staff_id = ? AND state IN ('called', 'serving')
          ORDER BY called_at DESC LIMIT 1",
    )
    .bind(&desk.label)
    .bind(actor.staff_id.to_string())
    .fetch_optional(&mut *conn)
    .await?)
}

/// Links a record made in `tx` for the citizen of `visit_id` (a payment at the cash desk, which
/// serves the visit without calling its ticket): an event on its timeline and its own command.
pub(crate) async fn link_visit(
    tx: &mut SqliteConnection,
    actor: &Actor,
    visit_id: &str,
    kind: VisitEventKind,
    ref_kind: &str,
    ref_id: &str,
    now: i64,
) -> Result<()> {
    let actor_id = actor.staff_id.to_string();
    let event = add_event(
        tx,
        visit_id,
        None,
        kind,
        now,
        Some(&actor_id),
        None,
        Some((ref_kind, ref_id)),
        None,
    )
    .await?;
    outbox::append(
        tx,
        Command::VisitLink(VisitLink {
            visit_id: visit_id.to_string(),
            ref_kind: ref_kind.into(),
            ref_id: ref_id.into(),
            rows: Vec::new(),
        }),
        Some(actor.staff_id),
        now,
        outbox::Effects {
            entity_id: None,
            rows: &[("visit_event", &event)],
        },
    )
    .await?;
    Ok(())
}

/// Links a record made in `tx` to the visit this member of staff serves at this desk, if any:
/// an event on the visit's timeline and its own command, in the record's transaction.
pub(crate) async fn link_record(
    tx: &mut SqliteConnection,
    actor: &Actor,
    kind: VisitEventKind,
    ref_kind: &str,
    ref_id: &str,
    now: i64,
) -> Result<()> {
    let Some((ticket_id, visit_id, desk, _)) = serving(tx, actor).await? else {
        return Ok(());
    };
    let actor_id = actor.staff_id.to_string();
    let event = add_event(
        tx,
        &visit_id,
        Some(&ticket_id),
        kind,
        now,
        Some(&actor_id),
        Some(&desk),
        Some((ref_kind, ref_id)),
        None,
    )
    .await?;
    outbox::append(
        tx,
        Command::VisitLink(VisitLink {
            visit_id: visit_id.clone(),
            ref_kind: ref_kind.into(),
            ref_id: ref_id.into(),
            rows: Vec::new(),
        }),
        Some(actor.staff_id),
        now,
        outbox::Effects {
            entity_id: None,
            rows: &[("visit_event", &event)],
        },
    )
    .await?;
    Ok(())
}
