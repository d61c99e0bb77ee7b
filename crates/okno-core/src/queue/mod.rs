//! The queue and the visit at a desk: its categories, the desk's own set-up, the line as this
//! workstation knows it, and the views of tickets. Taking, calling and serving tickets are in
//! [`tickets`]; the visit's timeline and the records linked to it in [`visit`].
//!
//! While the office server is reachable, it keeps the one line every desk and display share:
//! tickets are numbered and calls are decided there (two desks never call the same ticket). A
//! desk cut off from it numbers its own tickets with its label in the prefix (`M-3-007`) and calls
//! them itself; every step is an outbox command, so nothing is lost when the server is back.

use std::collections::HashMap;

use okno_rules::queue::{self as rules, Caller, Candidate};
use okno_wire::{
    CategoryCount, DeskSetup, DeskState, FieldErrorCode, Locale, LocalizedText, Permission,
    QueueBoard, QueueCategoryInput, QueueCategoryView, TicketOrigin, TicketPriority, TicketState,
    TicketView,
};
use sqlx::SqliteConnection;
use uuid::Uuid;

use crate::auth::Actor;
use crate::cases::parse_code;
use crate::catalogue::json_names;
use crate::clock::from_millis;
use crate::error::{Check, CoreError, Result};
use crate::settings::{set_setting, setting};
use crate::{ids, outbox, Workstation};

pub mod booking;
pub mod display;
pub mod hours;
pub mod tickets;
pub mod visit;

/// The setting that holds this desk's [`DeskSetup`] (JSON).
pub(crate) const KEY_DESK: &str = "queue.desk";

#[derive(sqlx::FromRow, Clone)]
pub(crate) struct TicketRow {
    pub id: String,
    pub visit_id: String,
    pub category: String,
    pub number: String,
    pub priority: String,
    pub private: i64,
    pub locale: String,
    pub state: String,
    pub origin: String,
    pub desk: Option<String>,
    pub calls: i64,
    pub taken_at: i64,
    pub called_at: Option<i64>,
    pub served_at: Option<i64>,
    pub finished_at: Option<i64>,
    pub print_failed: i64,
    pub staff_name: Option<String>,
    pub category_names: Option<String>,
    pub appointment_at: Option<i64>,
}

pub(crate) const TICKET_SELECT: &str =
    "SELECT t.id, t.visit_id, t.category, t.number, t.priority, t.private,
        t.locale, t.state, t.origin, t.desk, t.calls, t.taken_at, t.called_at, t.served_at,
        t.finished_at, t.print_failed, s.display_name AS staff_name, c.names AS category_names,
        t.appointment_at
    FROM ticket t
    LEFT JOIN staff s ON s.id = t.staff_id
    LEFT JOIN queue_category c ON c.code = t.category";

impl TicketRow {
    pub(crate) fn state(&self) -> Result<TicketState> {
        rules::state_from(&self.state)
            .ok_or_else(|| CoreError::Internal(format!("stored ticket state {:?}", self.state)))
    }

    pub(crate) fn priority(&self) -> TicketPriority {
        rules::priority_from(&self.priority).unwrap_or(TicketPriority::Normal)
    }

    /// The ticket as the ordering rule sees it: one transferred to a desk waits for that desk.
    pub(crate) fn candidate(&self) -> Candidate<'_> {
        Candidate {
            number: &self.number,
            category: &self.category,
            priority: self.priority(),
            private: self.private != 0,
            taken_at: self.taken_at,
            for_desk: self.desk.as_deref(),
            appointment_at: self.appointment_at,
        }
    }
}

impl Workstation {
    pub(crate) async fn desk_setup(&self) -> Result<Option<DeskSetup>> {
        let mut conn = self.store.reader.acquire().await?;
        let Some(text) = setting(&mut conn, KEY_DESK).await? else {
            return Ok(None);
        };
        serde_json::from_str(&text)
            .map(Some)
            .map_err(|e| CoreError::Internal(format!("stored desk set-up: {e}")))
    }

    /// This desk's set-up and the ticket it serves.
    pub async fn desk_state(&self, actor: &Actor) -> Result<DeskState> {
        actor.require(Permission::ServeQueue)?;
        let setup = self.desk_setup().await?;
        let current = match &setup {
            Some(s) => self.current_ticket(&s.label).await?,
            None => None,
        };
        let current = match current {
            Some(r) => Some(self.ticket_view(r, None).await?),
            None => None,
        };
        Ok(DeskState { setup, current })
    }

    /// The ticket this desk has called or serves (the newest, if a desk somehow holds two).
    pub(crate) async fn current_ticket(&self, desk: &str) -> Result<Option<TicketRow>> {
        let sql = format!(
            "{TICKET_SELECT} WHERE t.desk = ? AND t.state IN ('called', 'serving') ORDER BY t.called_at DESC LIMIT 1"
        );
        Ok(sqlx::query_as(&sql)
            .bind(desk)
            .fetch_optional(&self.store.reader)
            .await?)
    }

    /// Names this desk and the categories it serves (kept on this workstation).
    pub async fn set_desk_setup(&self, actor: &Actor, setup: DeskSetup) -> Result<DeskState> {
        actor.require(Permission::ServeQueue)?;
        let mut check = Check::new();
        let label = setup.label.trim().to_string();
        if label.is_empty() {
            check.fail("label", FieldErrorCode::Required, None);
        } else if !rules::valid_desk(&label) {
            check.fail("label", FieldErrorCode::Malformed, Some(8));
        }
        let known = self.category_codes().await?;
        let mut categories: Vec<String> = Vec::new();
        for c in &setup.categories {
            let c = c.trim().to_uppercase();
            if !known.contains(&c) {
                check.fail("categories", FieldErrorCode::UnknownCategory, None);
            } else if !categories.contains(&c) {
                categories.push(c);
            }
        }
        if setup.categories.is_empty() {
            check.fail("categories", FieldErrorCode::Required, None);
        }
        check.finish()?;
        let setup = DeskSetup {
            label,
            categories,
            private: setup.private,
        };
        let text = serde_json::to_string(&setup)
            .map_err(|e| CoreError::Internal(format!("desk set-up: {e}")))?;
        let mut conn = self.store.writer.acquire().await?;
        set_setting(&mut conn, KEY_DESK, &text).await?;
        drop(conn);
        self.desk_state(actor).await
    }

    async fn category_codes(&self) -> Result<Vec<String>> {
        Ok(
            sqlx::query_scalar("SELECT code FROM queue_category WHERE active = 1 ORDER BY code")
                .fetch_all(&self.store.reader)
                .await?,
        )
    }

    /// The categories, for desks and for the catalogue's editors.
    pub async fn queue_categories(&self, actor: &Actor) -> Result<Vec<QueueCategoryView>> {
        if !actor.may(Permission::ServeQueue) && !actor.may(Permission::EditCatalogue) {
            return Err(CoreError::Forbidden);
        }
        self.categories().await
    }

    async fn categories(&self) -> Result<Vec<QueueCategoryView>> {
        let rows: Vec<(String, String, String, i64)> =
            sqlx::query_as("SELECT id, code, names, active FROM queue_category ORDER BY code")
                .fetch_all(&self.store.reader)
                .await?;
        rows.into_iter()
            .map(|(id, code, names, active)| {
                Ok(QueueCategoryView {
                    id: ids::parse(&id)?,
                    code,
                    names: json_names(&names),
                    active: active != 0,
                })
            })
            .collect()
    }

    /// Creates or renames a queue category (administrators, with the catalogue).
    pub async fn save_queue_category(
        &self,
        actor: &Actor,
        input: QueueCategoryInput,
    ) -> Result<QueueCategoryView> {
        actor.require(Permission::EditCatalogue)?;
        let mut check = Check::new();
        let code = input.code.trim().to_uppercase();
        if !rules::valid_category(&code) {
            check.fail("code", FieldErrorCode::Malformed, Some(3));
        }
        let mut names = LocalizedText::new();
        for l in Locale::ALL {
            let field = format!("names.{}", l.code());
            let v = input.names.get(l.code()).map(|s| s.trim()).unwrap_or("");
            if v.is_empty() {
                check.fail(field, FieldErrorCode::MissingTranslation, None);
            } else if v.chars().count() > 80 {
                check.fail(field, FieldErrorCode::TooLong, Some(80));
            } else {
                names.insert(l.code().into(), v.into());
            }
        }
        let id = input.id.unwrap_or_else(ids::new_id).to_string();
        let taken: Option<String> =
            sqlx::query_scalar("SELECT id FROM queue_category WHERE code = ? AND id <> ?")
                .bind(&code)
                .bind(&id)
                .fetch_optional(&self.store.reader)
                .await?;
        if taken.is_some() {
            check.fail("code", FieldErrorCode::Taken, None);
        }
        check.finish()?;
        let now = self.now_ms();
        let names_json = serde_json::to_string(&names)
            .map_err(|e| CoreError::Internal(format!("names: {e}")))?;
        let mut tx = self.store.writer.begin().await?;
        sqlx::query(
            "INSERT INTO queue_category (id, code, names, active, updated_at) VALUES (?, ?, ?, ?, ?)
             ON CONFLICT (id) DO UPDATE SET code = excluded.code, names = excluded.names,
               active = excluded.active, updated_at = excluded.updated_at",
        )
        .bind(&id)
        .bind(&code)
        .bind(&names_json)
        .bind(i64::from(input.active))
        .bind(now)
        .execute(&mut *tx)
        .await?;
        outbox::append(
            &mut tx,
            okno_wire::commands::Command::QueueSaveCategory(okno_wire::commands::SaveRows {
                id: id.clone(),
                rows: Vec::new(),
            }),
            Some(actor.staff_id),
            now,
            outbox::Effects {
                entity_id: Some(&id),
                rows: &[("queue_category", &id)],
            },
        )
        .await?;
        tx.commit().await?;
        Ok(QueueCategoryView {
            id: ids::parse(&id)?,
            code,
            names,
            active: input.active,
        })
    }

    pub async fn get_ticket(&self, actor: &Actor, id: Uuid) -> Result<TicketView> {
        actor.require(Permission::ServeQueue)?;
        let row = self.ticket_row(id).await?;
        let board = self.today_tickets().await?;
        let ahead = ahead_of(&board, &row, &paces(&board));
        self.ticket_view(row, ahead).await
    }

    pub(crate) async fn ticket_row(&self, id: Uuid) -> Result<TicketRow> {
        let sql = format!("{TICKET_SELECT} WHERE t.id = ?");
        sqlx::query_as(&sql)
            .bind(id.to_string())
            .fetch_optional(&self.store.reader)
            .await?
            .ok_or(CoreError::NotFound("ticket"))
    }

    async fn today_tickets(&self) -> Result<Vec<TicketRow>> {
        let office = self.office().await?;
        let day = office
            .local_date(self.clock.now())
            .format("%Y-%m-%d")
            .to_string();
        let sql = format!("{TICKET_SELECT} WHERE t.day = ? ORDER BY t.taken_at");
        Ok(sqlx::query_as(&sql)
            .bind(day)
            .fetch_all(&self.store.reader)
            .await?)
    }

    /// Where tickets' status pages are: the office's public address, else the server this desk
    /// is enrolled with (citizens on the office's own network reach it there).
    async fn status_base(&self) -> Result<Option<String>> {
        match self.office().await?.view.public_address {
            Some(a) => Ok(Some(a)),
            None => Ok(self.enrolment().await?.map(|e| e.server_url)),
        }
    }

    pub(crate) async fn ticket_view(
        &self,
        r: TicketRow,
        ahead: Option<(u32, u32)>,
    ) -> Result<TicketView> {
        view_of(r, ahead, self.status_base().await?.as_deref())
    }
}

/// A ticket as the desk shows it, its status page under `base`.
fn view_of(r: TicketRow, ahead: Option<(u32, u32)>, base: Option<&str>) -> Result<TicketView> {
    let status_url = base.map(|a| format!("{}/queue/status?t={}", a.trim_end_matches('/'), r.id));
    Ok(TicketView {
        id: ids::parse(&r.id)?,
        visit_id: ids::parse(&r.visit_id)?,
        state: r.state()?,
        priority: r.priority(),
        locale: Locale::from_code(&r.locale).unwrap_or(Locale::En),
        origin: parse_code::<TicketOrigin>(&r.origin)?,
        category_names: r
            .category_names
            .as_deref()
            .map(json_names)
            .unwrap_or_default(),
        number: r.number,
        category: r.category,
        private: r.private != 0,
        desk: r.desk,
        staff_name: r.staff_name,
        calls: u32::try_from(r.calls).unwrap_or(0),
        taken_at: from_millis(r.taken_at),
        called_at: r.called_at.map(from_millis),
        served_at: r.served_at.map(from_millis),
        finished_at: r.finished_at.map(from_millis),
        print_failed: r.print_failed != 0,
        ahead: ahead.map(|a| a.0),
        estimated_wait_minutes: ahead.map(|a| a.1),
        status_url,
        appointment_at: r.appointment_at.map(from_millis),
    })
}

impl Workstation {
    /// The line today: counts per category, the waiting tickets in the order an office-wide
    /// desk would call them, who is being served, the latest calls and the parked tickets.
    pub async fn queue_board(&self, actor: &Actor) -> Result<QueueBoard> {
        actor.require(Permission::ServeQueue)?;
        let rows = self.today_tickets().await?;
        let now = self.now_ms();
        let categories = self.categories().await?;
        let mut counts: Vec<CategoryCount> = categories
            .iter()
            .filter(|c| c.active)
            .map(|c| CategoryCount {
                code: c.code.clone(),
                names: c.names.clone(),
                waiting: 0,
                longest_wait_minutes: 0,
            })
            .collect();
        for r in rows.iter().filter(|r| r.state == "waiting") {
            if let Some(c) = counts.iter_mut().find(|c| c.code == r.category) {
                c.waiting += 1;
                let waited = u32::try_from((now - r.taken_at).max(0) / 60_000).unwrap_or(0);
                c.longest_wait_minutes = c.longest_wait_minutes.max(waited);
            }
        }
        // What every view needs, found once for the whole board.
        let base = self.status_base().await?;
        let base = base.as_deref();
        let paces = paces(&rows);
        let mut waiting = Vec::new();
        for i in office_order(&rows, now) {
            let ahead = ahead_of(&rows, &rows[i], &paces);
            waiting.push(view_of(rows[i].clone(), ahead, base)?);
        }
        let mut active = Vec::new();
        let mut parked = Vec::new();
        for r in rows
            .iter()
            .filter(|r| matches!(r.state.as_str(), "called" | "serving" | "parked"))
        {
            let v = view_of(r.clone(), None, base)?;
            if r.state == "parked" {
                parked.push(v);
            } else {
                active.push(v);
            }
        }
        let mut called: Vec<&TicketRow> = rows.iter().filter(|r| r.called_at.is_some()).collect();
        called.sort_by_key(|r| std::cmp::Reverse(r.called_at));
        let mut recent_calls = Vec::new();
        for r in called.into_iter().take(10) {
            recent_calls.push(view_of(r.clone(), None, base)?);
        }
        Ok(QueueBoard {
            categories: counts,
            waiting,
            active,
            recent_calls,
            parked,
            stale_since: self.queue_stale_since().await?,
        })
    }

    /// When the line here stopped being the server's: the last exchange, if the server is not
    /// reachable now (`None` when live, or when this workstation is its own office).
    async fn queue_stale_since(&self) -> Result<Option<chrono::DateTime<chrono::Utc>>> {
        if self.enrolment().await?.is_none() {
            return Ok(None);
        }
        let status = self.sync_status().await?;
        if matches!(status.state, okno_wire::SyncState::Online) {
            return Ok(None);
        }
        Ok(status.last_sync_at.or(Some(from_millis(0))))
    }
}

/// Waiting tickets in the order a desk serving every category would call them.
fn office_order(rows: &[TicketRow], now: i64) -> Vec<usize> {
    let waiting: Vec<usize> = (0..rows.len())
        .filter(|i| rows[*i].state == "waiting")
        .collect();
    let candidates: Vec<Candidate<'_>> = waiting
        .iter()
        .map(|i| Candidate {
            for_desk: None,
            ..rows[*i].candidate()
        })
        .collect();
    let all: Vec<String> = rows.iter().map(|r| r.category.clone()).collect();
    let desk = Caller {
        label: "",
        categories: &all,
        private: false,
    };
    rules::rank(&candidates, &desk, now)
        .into_iter()
        .map(|(i, _)| waiting[i])
        .collect()
}

/// Today's pace of each category: the median service time (minutes; the default before any
/// service ended) and how many desks served it.
pub(crate) fn paces(rows: &[TicketRow]) -> HashMap<&str, (f64, u32)> {
    let mut by: HashMap<&str, (Vec<i64>, std::collections::HashSet<&str>)> = HashMap::new();
    for r in rows {
        let e = by.entry(r.category.as_str()).or_default();
        if let (Some(s), Some(f)) = (r.served_at, r.finished_at) {
            e.0.push(f - s);
        }
        if let Some(d) = r.desk.as_deref() {
            e.1.insert(d);
        }
    }
    by.into_iter()
        .map(|(c, (mut durations, desks))| {
            durations.sort_unstable();
            let service = durations
                .get(durations.len() / 2)
                .map(|ms| *ms as f64 / 60_000.0)
                .filter(|m| *m > 0.0)
                .unwrap_or(rules::DEFAULT_SERVICE_MINUTES);
            (c, (service, desks.len() as u32))
        })
        .collect()
}

/// How many waiting tickets of its category were taken before a waiting ticket, and the
/// estimated wait from its category's pace.
pub(crate) fn ahead_of(
    rows: &[TicketRow],
    t: &TicketRow,
    paces: &HashMap<&str, (f64, u32)>,
) -> Option<(u32, u32)> {
    if t.state != "waiting" {
        return None;
    }
    let ahead = rows
        .iter()
        .filter(|r| r.state == "waiting" && r.category == t.category && r.id != t.id)
        .filter(|r| (r.taken_at, &r.number) < (t.taken_at, &t.number))
        .count() as u32;
    let (service, desks) = paces
        .get(t.category.as_str())
        .copied()
        .unwrap_or((rules::DEFAULT_SERVICE_MINUTES, 0));
    Some((ahead, rules::estimated_wait(ahead, desks, service)))
}

/// Writes a row of the visit's timeline.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn add_event(
    conn: &mut SqliteConnection,
    visit_id: &str,
    ticket_id: Option<&str>,
    kind: okno_wire::VisitEventKind,
    at: i64,
    actor_id: Option<&str>,
    desk: Option<&str>,
    reference: Option<(&str, &str)>,
    detail: Option<&str>,
) -> Result<String> {
    let id = ids::new_id().to_string();
    sqlx::query(
        "INSERT INTO visit_event (id, visit_id, ticket_id, kind, at, actor_id, desk, ref_kind, ref_id, detail)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(&id)
    .bind(visit_id)
    .bind(ticket_id)
    .bind(crate::cases::code_of(&kind))
    .bind(at)
    .bind(actor_id)
    .bind(desk)
    .bind(reference.map(|r| r.0))
    .bind(reference.map(|r| r.1))
    .bind(detail)
    .execute(&mut *conn)
    .await?;
    Ok(id)
}

impl Workstation {
    /// The ticket on 80 mm paper, in its own language.
    pub(crate) async fn ticket_pdf(&self, actor: &Actor, id: Uuid) -> Result<(String, Vec<u8>)> {
        let view = self.get_ticket(actor, id).await?;
        let office = self.office().await?;
        let pdf = crate::documents::ticket::render(&office.view, office.tz, &view)?;
        Ok((format!("ticket-{}.pdf", view.number), pdf))
    }

    /// A ticket printed (again) at a desk: on its visit's timeline, and no longer "failed".
    pub(crate) async fn record_ticket_printed(&self, actor: &Actor, id: Uuid) -> Result<()> {
        self.ticket_action(
            actor,
            okno_wire::TicketActionRequest {
                ticket_id: id,
                action: okno_wire::TicketAction::Printed,
            },
        )
        .await
        .map(|_| ())
    }
}
