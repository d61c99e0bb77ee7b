//! Feedback items: taken down at a desk (or arrived from the server's public channels), listed,
//! shown with their history, and moved through their handling one step at a time.

use okno_rules::feedback::{self as rules, StepRefusal};
use okno_wire::commands::{self, Command};
use okno_wire::{
    FeedbackAbout, FeedbackChannel, FeedbackContact, FeedbackDetail, FeedbackEventKind,
    FeedbackEventView, FeedbackFilter, FeedbackInput, FeedbackKind, FeedbackList, FeedbackState,
    FeedbackStep, FeedbackStepRequest, FeedbackSummary, FieldErrorCode, Locale, Permission,
    VisitEventKind,
};
use sqlx::SqliteConnection;
use uuid::Uuid;

use super::{may_read, refused};
use crate::auth::Actor;
use crate::clock::from_millis;
use crate::error::{CoreError, Result};
use crate::numbering::{self, Series};
use crate::{ids, outbox, Workstation};

#[derive(sqlx::FromRow)]
pub(crate) struct ItemRow {
    pub id: String,
    pub number: String,
    pub kind: String,
    pub about: String,
    pub channel: String,
    pub state: String,
    pub service_code: Option<String>,
    pub agency_code: Option<String>,
    pub desk: Option<String>,
    pub staff_id: Option<String>,
    pub staff_name: Option<String>,
    pub description: String,
    pub locale: String,
    pub contact: Option<String>,
    pub visit_id: Option<String>,
    pub ticket_number: Option<String>,
    pub case_id: Option<String>,
    pub case_number: Option<String>,
    pub department: Option<String>,
    pub assignee_id: Option<String>,
    pub assignee_name: Option<String>,
    pub due_date: Option<String>,
    pub answer: Option<String>,
    pub answered_at: Option<i64>,
    pub root_cause: Option<String>,
    pub adopted: Option<i64>,
    pub media_url: Option<String>,
    pub received_at: i64,
}

/// An event as read: id, kind, instant, who, text, public, state after.
type EventRow = (
    String,
    String,
    i64,
    Option<String>,
    Option<String>,
    i64,
    Option<String>,
);

const ITEM_SELECT: &str = "SELECT f.id, f.number, f.kind, f.about, f.channel, f.state,
        f.service_code, f.agency_code, f.desk, f.staff_id, s.display_name AS staff_name,
        f.description, f.locale, f.contact, f.visit_id,
        (SELECT t.number FROM ticket t WHERE t.visit_id = f.visit_id ORDER BY t.taken_at LIMIT 1) AS ticket_number,
        f.case_id, c.number AS case_number, f.department, f.assignee_id,
        a.display_name AS assignee_name, f.due_date, f.answer, f.answered_at, f.root_cause,
        f.adopted, f.media_url, f.received_at
   FROM feedback_item f
   LEFT JOIN staff s ON s.id = f.staff_id
   LEFT JOIN staff a ON a.id = f.assignee_id
   LEFT JOIN case_file c ON c.id = f.case_id";

fn kind_of(code: &str) -> FeedbackKind {
    FeedbackKind::from_code(code).unwrap_or(FeedbackKind::Complaint)
}

fn state_of(code: &str) -> FeedbackState {
    FeedbackState::from_code(code).unwrap_or(FeedbackState::Received)
}

/// The first line of a description, at most 80 characters.
pub(crate) fn title_of(description: &str) -> String {
    let line = description.lines().next().unwrap_or("").trim();
    if line.chars().count() > 80 {
        let mut t: String = line.chars().take(79).collect();
        t.push('…');
        t
    } else {
        line.to_string()
    }
}

impl ItemRow {
    pub(crate) fn summary(&self, today: &str) -> FeedbackSummary {
        let state = state_of(&self.state);
        FeedbackSummary {
            id: ids::parse(&self.id).unwrap_or_default(),
            number: self.number.clone(),
            kind: kind_of(&self.kind),
            about: FeedbackAbout::from_code(&self.about).unwrap_or(FeedbackAbout::Office),
            state,
            channel: FeedbackChannel::from_code(&self.channel).unwrap_or(FeedbackChannel::Desk),
            title: title_of(&self.description),
            received_at: from_millis(self.received_at),
            due_date: self.due_date.as_deref().and_then(|d| d.parse().ok()),
            overdue: state.is_open() && self.due_date.as_deref().is_some_and(|d| d < today),
            assignee_name: self.assignee_name.clone(),
            agency_code: self.agency_code.clone(),
            locale: Locale::from_code(&self.locale).unwrap_or(Locale::En),
        }
    }
}

impl Workstation {
    pub(crate) async fn today_text(&self) -> Result<String> {
        let office = self.office().await?;
        Ok(office
            .local_date(self.clock.now())
            .format("%Y-%m-%d")
            .to_string())
    }

    /// Takes down a complaint, suggestion, idea, praise, question or call-back request at this
    /// desk: numbered from the feedback series, its deadline from the office's settings, linked
    /// to the visit being served (or the one named) and to a case.
    pub async fn file_feedback(
        &self,
        actor: &Actor,
        input: FeedbackInput,
    ) -> Result<FeedbackDetail> {
        actor.require(Permission::TakeFeedback)?;
        let mut input = input;
        input.contact = rules::tidy_contact(input.contact.take());
        let problems = rules::check_new(&input);
        if !problems.is_empty() {
            return Err(refused(problems));
        }
        let id = ids::new_id();
        self.insert_item(actor, &input, FeedbackChannel::Desk, None, id)
            .await?;
        self.get_feedback(actor, id).await
    }

    /// Writes a new item and its `received` event in one transaction with its command (and the
    /// visit's link when there is a visit).
    pub(crate) async fn insert_item(
        &self,
        actor: &Actor,
        input: &FeedbackInput,
        channel: FeedbackChannel,
        rating_id: Option<&str>,
        id: Uuid,
    ) -> Result<()> {
        self.check_refs(input).await?;
        let settings = self.feedback_settings_now().await?;
        let office = self.office().await?;
        let now = self.clock.now();
        let now_ms = now.timestamp_millis();
        let year = office.local_year(now);
        let due = rules::due_date(&settings, input.kind, office.local_date(now));
        let id_text = id.to_string();
        let mut tx = self.store.writer.begin().await?;
        // The visit the clerk linked (the one being served, proposed by the screen), if any.
        let visit = input.visit_id.map(|v| v.to_string());
        let n = numbering::take_number(
            &mut tx,
            Series::Feedback,
            year,
            "feedback_item",
            &id_text,
            now_ms,
        )
        .await?;
        let number = Series::Feedback.format(year, n);
        let contact = input
            .contact
            .as_ref()
            .map(|c| serde_json::to_string(c).unwrap_or_default());
        sqlx::query(
            "INSERT INTO feedback_item (id, number, year, kind, about, channel, state, service_code,
                    agency_code, desk, staff_id, description, locale, contact, visit_id, case_id,
                    rating_id, due_date, created_by, received_at, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, 'received', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(&id_text)
        .bind(&number)
        .bind(i64::from(year))
        .bind(input.kind.code())
        .bind(input.about.code())
        .bind(channel.code())
        .bind(input.service_code.as_deref().map(str::trim))
        .bind(input.agency_code.as_deref().map(str::trim))
        .bind(input.desk.as_deref().map(str::trim))
        .bind(input.staff_id.map(|s| s.to_string()))
        .bind(input.description.trim())
        .bind(input.locale.code())
        .bind(contact)
        .bind(&visit)
        .bind(input.case_id.map(|c| c.to_string()))
        .bind(rating_id)
        .bind(due.map(|d| d.format("%Y-%m-%d").to_string()))
        .bind(actor.staff_id.to_string())
        .bind(now_ms)
        .bind(now_ms)
        .execute(&mut *tx)
        .await?;
        let event = add_event(
            &mut tx,
            &id_text,
            FeedbackEventKind::Received,
            now_ms,
            Some(actor.staff_id),
            None,
            true,
            FeedbackState::Received,
        )
        .await?;
        outbox::append(
            &mut tx,
            Command::FeedbackFile(commands::NumberedRecord {
                id: id_text.clone(),
                number: commands::NumberUse {
                    series: Series::Feedback.code().into(),
                    year: i64::from(year),
                    number: n,
                },
                rows: Vec::new(),
            }),
            Some(actor.staff_id),
            now_ms,
            outbox::Effects {
                entity_id: Some(&id_text),
                rows: &[("feedback_item", &id_text), ("feedback_event", &event)],
            },
        )
        .await?;
        if let Some(v) = &visit {
            crate::queue::visit::link_visit(
                &mut tx,
                actor,
                v,
                VisitEventKind::FeedbackFiled,
                "feedback_item",
                &id_text,
                now_ms,
            )
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// The service, agency, member of staff, visit and case an item names must exist.
    async fn check_refs(&self, input: &FeedbackInput) -> Result<()> {
        let count = |sql: &'static str, v: String| async move {
            let n: i64 = sqlx::query_scalar(sql)
                .bind(v)
                .fetch_one(&self.store.reader)
                .await?;
            Ok::<bool, CoreError>(n > 0)
        };
        if let Some(s) = input
            .service_code
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            if !count("SELECT COUNT(*) FROM service WHERE code = ?", s.into()).await? {
                return Err(CoreError::field(
                    "service_code",
                    FieldErrorCode::UnknownService,
                ));
            }
        }
        if let Some(a) = input
            .agency_code
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            if !count("SELECT COUNT(*) FROM agency WHERE code = ?", a.into()).await? {
                return Err(CoreError::field(
                    "agency_code",
                    FieldErrorCode::UnknownAgency,
                ));
            }
        }
        if let Some(s) = input.staff_id {
            if !count("SELECT COUNT(*) FROM staff WHERE id = ?", s.to_string()).await? {
                return Err(CoreError::field("staff_id", FieldErrorCode::UnknownStaff));
            }
        }
        if let Some(v) = input.visit_id {
            if !count("SELECT COUNT(*) FROM visit WHERE id = ?", v.to_string()).await? {
                return Err(CoreError::field("visit_id", FieldErrorCode::Malformed));
            }
        }
        if let Some(c) = input.case_id {
            if !count("SELECT COUNT(*) FROM case_file WHERE id = ?", c.to_string()).await? {
                return Err(CoreError::field("case_id", FieldErrorCode::UnknownCase));
            }
        }
        Ok(())
    }

    pub async fn list_feedback(
        &self,
        actor: &Actor,
        filter: FeedbackFilter,
    ) -> Result<FeedbackList> {
        may_read(actor)?;
        let today = self.today_text().await?;
        // An item about a member of staff is for supervisors, its assignee and who took it down.
        let mut sql = format!(
            "{ITEM_SELECT} WHERE (f.about <> 'staff' OR ? = '1' OR f.assignee_id = ? OR f.created_by = ?)"
        );
        let me = actor.staff_id.to_string();
        let mut binds: Vec<String> = vec![
            if actor.may(Permission::SuperviseFeedback) {
                "1"
            } else {
                "0"
            }
            .into(),
            me.clone(),
            me,
        ];
        if let Some(s) = filter.state {
            sql.push_str(" AND f.state = ?");
            binds.push(s.code().into());
        }
        if let Some(k) = filter.kind {
            sql.push_str(" AND f.kind = ?");
            binds.push(k.code().into());
        }
        if filter.overdue {
            sql.push_str(" AND f.state IN ('received', 'in_progress') AND f.due_date < ?");
            binds.push(today.clone());
        }
        if filter.mine {
            sql.push_str(" AND f.assignee_id = ?");
            binds.push(actor.staff_id.to_string());
        }
        if let Some(t) = filter
            .text
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
        {
            sql.push_str(" AND (f.number LIKE ? OR f.description LIKE ?)");
            let like = format!("%{}%", t.replace(['%', '_'], ""));
            binds.push(like.clone());
            binds.push(like);
        }
        let count_sql = format!("SELECT COUNT(*) FROM ({sql})");
        let mut q = sqlx::query_scalar::<_, i64>(&count_sql);
        for b in &binds {
            q = q.bind(b);
        }
        let total = q.fetch_one(&self.store.reader).await?;
        let limit = filter.limit.unwrap_or(200).clamp(1, 1000);
        sql.push_str(&format!(" ORDER BY f.received_at DESC LIMIT {limit}"));
        let mut q = sqlx::query_as::<_, ItemRow>(&sql);
        for b in &binds {
            q = q.bind(b);
        }
        let rows = q.fetch_all(&self.store.reader).await?;
        Ok(FeedbackList {
            items: rows.iter().map(|r| r.summary(&today)).collect(),
            total: u32::try_from(total).unwrap_or(u32::MAX),
        })
    }

    /// Open items past their deadline (the supervisor's open work), oldest deadline first.
    pub(crate) async fn overdue_feedback(&self, limit: u32) -> Result<Vec<FeedbackSummary>> {
        let today = self.today_text().await?;
        let sql = format!(
            "{ITEM_SELECT} WHERE f.state IN ('received', 'in_progress') AND f.due_date < ?
              ORDER BY f.due_date, f.received_at LIMIT {limit}"
        );
        let rows: Vec<ItemRow> = sqlx::query_as(&sql)
            .bind(&today)
            .fetch_all(&self.store.reader)
            .await?;
        Ok(rows.iter().map(|r| r.summary(&today)).collect())
    }

    pub(crate) async fn item_row(&self, id: Uuid) -> Result<ItemRow> {
        let sql = format!("{ITEM_SELECT} WHERE f.id = ?");
        sqlx::query_as(&sql)
            .bind(id.to_string())
            .fetch_optional(&self.store.reader)
            .await?
            .ok_or(CoreError::NotFound("feedback item"))
    }

    pub async fn get_feedback(&self, actor: &Actor, id: Uuid) -> Result<FeedbackDetail> {
        may_read(actor)?;
        let row = self.item_row(id).await?;
        if row.about == "staff" && !actor.may(Permission::SuperviseFeedback) {
            let me = actor.staff_id.to_string();
            let created_by: Option<String> =
                sqlx::query_scalar("SELECT created_by FROM feedback_item WHERE id = ?")
                    .bind(&row.id)
                    .fetch_one(&self.store.reader)
                    .await?;
            if row.assignee_id.as_deref() != Some(me.as_str())
                && created_by.as_deref() != Some(me.as_str())
            {
                return Err(CoreError::Forbidden);
            }
        }
        let today = self.today_text().await?;
        let events: Vec<EventRow> = sqlx::query_as(
            "SELECT e.id, e.kind, e.at, s.display_name, e.text, e.public, e.state
                   FROM feedback_event e LEFT JOIN staff s ON s.id = e.actor_id
                  WHERE e.item_id = ? ORDER BY e.at, e.rowid",
        )
        .bind(&row.id)
        .fetch_all(&self.store.reader)
        .await?;
        let supervisor = actor.may(Permission::SuperviseFeedback);
        let summary = row.summary(&today);
        let steps = if actor.may(Permission::TakeFeedback) || supervisor {
            rules::steps_in(summary.kind, summary.state)
                .into_iter()
                .filter(|s| supervisor || may_step(actor, &row, s))
                .map(str::to_string)
                .collect()
        } else {
            Vec::new()
        };
        Ok(FeedbackDetail {
            description: row.description.clone(),
            service_code: row.service_code.clone(),
            desk: row.desk.clone(),
            staff_name: if supervisor {
                row.staff_name.clone()
            } else {
                None
            },
            staff_hidden: row.staff_id.is_some() && !supervisor,
            contact: row
                .contact
                .as_deref()
                .and_then(|c| serde_json::from_str::<FeedbackContact>(c).ok()),
            department: row.department.clone(),
            assignee_id: ids::parse_opt(row.assignee_id.as_deref()).ok().flatten(),
            visit_id: ids::parse_opt(row.visit_id.as_deref()).ok().flatten(),
            ticket_number: row.ticket_number.clone(),
            case_id: ids::parse_opt(row.case_id.as_deref()).ok().flatten(),
            case_number: row.case_number.clone(),
            answer: row.answer.clone(),
            answered_at: row.answered_at.map(from_millis),
            root_cause: row.root_cause.clone(),
            adopted: row.adopted.map(|a| a != 0),
            media_url: row.media_url.clone(),
            events: events
                .into_iter()
                .map(
                    |(id, kind, at, actor_name, text, public, state)| FeedbackEventView {
                        id: ids::parse(&id).unwrap_or_default(),
                        kind: FeedbackEventKind::from_code(&kind)
                            .unwrap_or(FeedbackEventKind::Noted),
                        at: from_millis(at),
                        actor_name,
                        text,
                        public: public != 0,
                        state: state.as_deref().and_then(FeedbackState::from_code),
                    },
                )
                .collect(),
            steps,
            summary,
        })
    }

    /// One step of an item's handling: checked by the shared rule, written with its event in
    /// one transaction with its command.
    pub async fn feedback_step(
        &self,
        actor: &Actor,
        req: FeedbackStepRequest,
    ) -> Result<FeedbackDetail> {
        actor.require(Permission::TakeFeedback)?;
        let row = self.item_row(req.id).await?;
        let code = rules::step_code(&req.step);
        if !actor.may(Permission::SuperviseFeedback) && !may_step(actor, &row, code) {
            return Err(CoreError::Forbidden);
        }
        let kind = kind_of(&row.kind);
        let state = state_of(&row.state);
        let (next, event_kind) = match rules::step(kind, state, &req.step) {
            Ok(v) => v,
            Err(StepRefusal::InvalidTransition) => {
                return Err(CoreError::InvalidTransition {
                    from: state.code(),
                    to: code,
                })
            }
            Err(StepRefusal::Field(f)) => return Err(refused(vec![f])),
        };
        let settings = self.feedback_settings_now().await?;
        if let FeedbackStep::Close { root_cause, .. } = &req.step {
            if !rules::check_root_cause(&settings, root_cause.trim()) {
                return Err(CoreError::field(
                    "root_cause",
                    FieldErrorCode::UnknownOption,
                ));
            }
        }
        if let FeedbackStep::Assign {
            agency_code,
            assignee_id,
            ..
        } = &req.step
        {
            if let Some(a) = agency_code
                .as_deref()
                .map(str::trim)
                .filter(|a| !a.is_empty())
            {
                let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM agency WHERE code = ?")
                    .bind(a)
                    .fetch_one(&self.store.reader)
                    .await?;
                if n == 0 {
                    return Err(CoreError::field(
                        "agency_code",
                        FieldErrorCode::UnknownAgency,
                    ));
                }
            }
            if let Some(s) = assignee_id {
                let n: i64 =
                    sqlx::query_scalar("SELECT COUNT(*) FROM staff WHERE id = ? AND active = 1")
                        .bind(s.to_string())
                        .fetch_one(&self.store.reader)
                        .await?;
                if n == 0 {
                    return Err(CoreError::field(
                        "assignee_id",
                        FieldErrorCode::UnknownStaff,
                    ));
                }
            }
        }
        let now = self.now_ms();
        let mut tx = self.store.writer.begin().await?;
        // Checked again in the transaction: another step may have come first.
        let current: String = sqlx::query_scalar("SELECT state FROM feedback_item WHERE id = ?")
            .bind(&row.id)
            .fetch_one(&mut *tx)
            .await?;
        if current != row.state {
            return Err(CoreError::InvalidTransition {
                from: state.code(),
                to: code,
            });
        }
        let (text, public) = apply_step(&mut tx, &row.id, &req.step, next, now).await?;
        let event = add_event(
            &mut tx,
            &row.id,
            event_kind,
            now,
            Some(actor.staff_id),
            text.as_deref(),
            public,
            next,
        )
        .await?;
        outbox::append(
            &mut tx,
            Command::FeedbackStep(commands::FeedbackStepCmd {
                item_id: row.id.clone(),
                action: code.into(),
                rows: Vec::new(),
            }),
            Some(actor.staff_id),
            now,
            outbox::Effects {
                entity_id: Some(&row.id),
                rows: &[("feedback_item", &row.id), ("feedback_event", &event)],
            },
        )
        .await?;
        tx.commit().await?;
        self.get_feedback(actor, req.id).await
    }
}

/// Who may take a step without supervising: the assignee, anyone on an unassigned item; notes
/// and starting work anyone who takes feedback.
fn may_step(actor: &Actor, row: &ItemRow, code: &str) -> bool {
    let mine = row.assignee_id.as_deref() == Some(actor.staff_id.to_string().as_str());
    match code {
        "note" | "start" => true,
        "assign" | "answer" | "close" | "reject" | "reopen" => mine || row.assignee_id.is_none(),
        _ => false,
    }
}

/// Writes what a step changes on the item; answers the event's text and whether it is public.
async fn apply_step(
    tx: &mut SqliteConnection,
    id: &str,
    step: &FeedbackStep,
    next: FeedbackState,
    now: i64,
) -> Result<(Option<String>, bool)> {
    let state = next.code();
    let trim = |s: &Option<String>| {
        s.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    Ok(match step {
        FeedbackStep::Assign {
            agency_code,
            department,
            assignee_id,
        } => {
            sqlx::query(
                "UPDATE feedback_item SET agency_code = ?, department = ?,
                        assignee_id = ?, updated_at = ? WHERE id = ?",
            )
            .bind(trim(agency_code))
            .bind(trim(department))
            .bind(assignee_id.map(|a| a.to_string()))
            .bind(now)
            .bind(id)
            .execute(&mut *tx)
            .await?;
            (trim(department), false)
        }
        FeedbackStep::Start => {
            set_state(tx, id, state, now).await?;
            (None, true)
        }
        FeedbackStep::Answer {
            answer,
            public_note,
        } => {
            sqlx::query(
                "UPDATE feedback_item SET state = ?, answer = ?, answered_at = ?, public_note = ?,
                        updated_at = ? WHERE id = ?",
            )
            .bind(state)
            .bind(answer.trim())
            .bind(now)
            .bind(trim(public_note))
            .bind(now)
            .bind(id)
            .execute(&mut *tx)
            .await?;
            // The answer goes to the citizen; the status page shows the public note only.
            (trim(public_note), true)
        }
        FeedbackStep::Close {
            root_cause,
            adopted,
        } => {
            sqlx::query(
                "UPDATE feedback_item SET state = ?, root_cause = ?, adopted = ?, closed_at = ?,
                        updated_at = ? WHERE id = ?",
            )
            .bind(state)
            .bind(root_cause.trim())
            .bind(adopted.map(i64::from))
            .bind(now)
            .bind(now)
            .bind(id)
            .execute(&mut *tx)
            .await?;
            (None, true)
        }
        FeedbackStep::Reject { reason } => {
            sqlx::query(
                "UPDATE feedback_item SET state = ?, public_note = ?, closed_at = ?, updated_at = ?
                  WHERE id = ?",
            )
            .bind(state)
            .bind(reason.trim())
            .bind(now)
            .bind(now)
            .bind(id)
            .execute(&mut *tx)
            .await?;
            (Some(reason.trim().to_string()), true)
        }
        FeedbackStep::Reopen { reason } => {
            // Its answer no longer counts as the answer (the analysis reads `answered_at`), nor
            // its root cause; the reason is for the office (a public note says more if needed).
            sqlx::query(
                "UPDATE feedback_item SET state = ?, closed_at = NULL, answered_at = NULL,
                        root_cause = NULL, adopted = NULL, updated_at = ? WHERE id = ?",
            )
            .bind(state)
            .bind(now)
            .bind(id)
            .execute(&mut *tx)
            .await?;
            (Some(reason.trim().to_string()), false)
        }
        FeedbackStep::Note { text, public } => {
            sqlx::query("UPDATE feedback_item SET updated_at = ? WHERE id = ?")
                .bind(now)
                .bind(id)
                .execute(&mut *tx)
                .await?;
            (Some(text.trim().to_string()), *public)
        }
    })
}

async fn set_state(tx: &mut SqliteConnection, id: &str, state: &str, now: i64) -> Result<()> {
    sqlx::query("UPDATE feedback_item SET state = ?, updated_at = ? WHERE id = ?")
        .bind(state)
        .bind(now)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    Ok(())
}

#[allow(clippy::too_many_arguments)]
pub(crate) async fn add_event(
    tx: &mut SqliteConnection,
    item_id: &str,
    kind: FeedbackEventKind,
    at: i64,
    actor: Option<Uuid>,
    text: Option<&str>,
    public: bool,
    state: FeedbackState,
) -> Result<String> {
    let id = ids::new_id().to_string();
    sqlx::query(
        "INSERT INTO feedback_event (id, item_id, kind, at, actor_id, text, public, state)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(&id)
    .bind(item_id)
    .bind(kind.code())
    .bind(at)
    .bind(actor.map(|a| a.to_string()))
    .bind(text)
    .bind(i64::from(public))
    .bind(state.code())
    .execute(&mut *tx)
    .await?;
    Ok(id)
}
