//! Ratings at the end of a visit, given on the desk's citizen-facing window (a second window of
//! the app, like the waiting-room display, with no sign-in) or on a tablet that shows the office
//! server's page for the desk: one per visit, five faces, reasons, an optional comment. A
//! supervisor may turn a rating's comment into a feedback item.

use okno_rules::feedback as rules;
use okno_wire::commands::{self, Command};
use okno_wire::{
    FeedbackAbout, FeedbackChannel, FeedbackDetail, FeedbackInput, FeedbackKind, Locale,
    PendingRating, Permission, RatingFilter, RatingInput, RatingReason, RatingView, VisitEventKind,
};
use uuid::Uuid;

use super::refused;
use crate::auth::Actor;
use crate::clock::from_millis;
use crate::error::{CoreError, Result};
use crate::{ids, outbox, Workstation};

/// How long after its end a visit waits for its rating on the desk's window.
pub const PENDING_MS: i64 = 10 * 60 * 1000;

#[derive(sqlx::FromRow)]
struct RatingRow {
    id: String,
    visit_id: String,
    score: i64,
    reasons: String,
    comment: Option<String>,
    locale: String,
    at: i64,
    desk: Option<String>,
    staff_name: Option<String>,
    ticket: Option<String>,
    taken_at: Option<i64>,
    first_call: Option<i64>,
    served_at: Option<i64>,
    finished_at: Option<i64>,
    feedback_id: Option<String>,
}

fn minutes(from: Option<i64>, to: Option<i64>) -> Option<u32> {
    let (a, b) = (from?, to?);
    u32::try_from((b - a).max(0) / 60_000).ok()
}

impl Workstation {
    /// The label of this workstation's queue desk, if it is set up.
    async fn desk_label_now(&self) -> Result<Option<String>> {
        let mut conn = self.store.reader.acquire().await?;
        let text = crate::settings::setting(&mut conn, crate::queue::KEY_DESK).await?;
        Ok(text
            .and_then(|t| serde_json::from_str::<okno_wire::DeskSetup>(&t).ok())
            .map(|d| d.label))
    }

    /// The visit this desk finished last, within ten minutes and not rated yet: what the
    /// citizen-facing window asks about. Shows no personal data (no sign-in needed).
    pub async fn pending_rating(&self) -> Result<PendingRating> {
        let office = self.office().await?;
        let mut out = PendingRating {
            visit_id: None,
            ticket: None,
            locale: None,
            office_locale: office.view.locale,
            office_name: office.view.name.clone(),
        };
        let Some(desk) = self.desk_label_now().await? else {
            return Ok(out);
        };
        let since = self.now_ms() - PENDING_MS;
        let row: Option<(String, String, String)> = sqlx::query_as(
            "SELECT t.visit_id, t.number, t.locale FROM ticket t
              WHERE t.desk = ? AND t.state = 'done' AND t.finished_at >= ?
                AND NOT EXISTS (SELECT 1 FROM rating r WHERE r.visit_id = t.visit_id)
              ORDER BY t.finished_at DESC, t.taken_at DESC LIMIT 1",
        )
        .bind(&desk)
        .bind(since)
        .fetch_optional(&self.store.reader)
        .await?;
        if let Some((visit, ticket, locale)) = row {
            out.visit_id = ids::parse(&visit).ok();
            out.ticket = Some(ticket);
            out.locale = Locale::from_code(&locale);
        }
        Ok(out)
    }

    /// Records a citizen's rating of a visit this desk served (once per visit). It is written
    /// in the name of who served the visit (the window has no sign-in of its own).
    pub async fn give_rating(&self, input: RatingInput) -> Result<RatingView> {
        let problems = rules::check_rating(input.score, &input.reasons, input.comment.as_deref());
        if !problems.is_empty() {
            return Err(refused(problems));
        }
        let comment = input
            .comment
            .as_deref()
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(str::to_string);
        let visit = input.visit_id.to_string();
        // Only a visit this desk finished in the last ten minutes (what the window offers).
        let desk_label = self.desk_label_now().await?.unwrap_or_default();
        let served: Option<(Option<String>, Option<String>)> = sqlx::query_as(
            "SELECT staff_id, desk FROM ticket WHERE visit_id = ? AND staff_id IS NOT NULL
                AND state = 'done' AND desk = ? AND finished_at >= ?
              ORDER BY finished_at DESC LIMIT 1",
        )
        .bind(&visit)
        .bind(&desk_label)
        .bind(self.now_ms() - PENDING_MS)
        .fetch_optional(&self.store.reader)
        .await?;
        let Some((Some(staff), desk)) = served else {
            return Err(CoreError::NotFound("served visit"));
        };
        let staff_id = ids::parse(&staff)?;
        let id = ids::new_id().to_string();
        let now = self.now_ms();
        let reasons: Vec<&str> = input.reasons.iter().map(|r| r.code()).collect();
        let mut tx = self.store.writer.begin().await?;
        let known: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM rating WHERE visit_id = ?")
            .bind(&visit)
            .fetch_one(&mut *tx)
            .await?;
        if known > 0 {
            return Err(CoreError::Duplicate("a rating of this visit"));
        }
        sqlx::query(
            "INSERT INTO rating (id, visit_id, score, reasons, comment, locale, at, desk, staff_id, channel)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'desk_window')",
        )
        .bind(&id)
        .bind(&visit)
        .bind(i64::from(input.score))
        .bind(serde_json::to_string(&reasons).unwrap_or_default())
        .bind(&comment)
        .bind(input.locale.code())
        .bind(now)
        .bind(&desk)
        .bind(&staff)
        .execute(&mut *tx)
        .await?;
        outbox::append(
            &mut tx,
            Command::RatingGive(commands::SaveRows {
                id: id.clone(),
                rows: Vec::new(),
            }),
            Some(staff_id),
            now,
            outbox::Effects {
                entity_id: Some(&id),
                rows: &[("rating", &id)],
            },
        )
        .await?;
        let server = Actor::new(staff_id, String::new(), Vec::new(), input.locale);
        crate::queue::visit::link_visit(
            &mut tx,
            &server,
            &visit,
            VisitEventKind::Rated,
            "rating",
            &id,
            now,
        )
        .await?;
        tx.commit().await?;
        let rows = self.rating_rows(Some(&id), None, false).await?;
        rows.into_iter()
            .next()
            .map(|r| view(r, false))
            .ok_or(CoreError::NotFound("rating"))
    }

    async fn rating_rows(
        &self,
        id: Option<&str>,
        range: Option<(i64, i64)>,
        with_comment: bool,
    ) -> Result<Vec<RatingRow>> {
        let mut sql = String::from(
            "SELECT r.id, r.visit_id, r.score, r.reasons, r.comment, r.locale, r.at, r.desk,
                    s.display_name AS staff_name, t.number AS ticket, t.taken_at,
                    t.served_at, t.finished_at, f.id AS feedback_id,
                    (SELECT MIN(e.at) FROM visit_event e WHERE e.ticket_id = t.id AND e.kind = 'called') AS first_call
               FROM rating r
               LEFT JOIN staff s ON s.id = r.staff_id
               LEFT JOIN ticket t ON t.visit_id = r.visit_id
               LEFT JOIN feedback_item f ON f.rating_id = r.id
              WHERE 1 = 1",
        );
        if id.is_some() {
            sql.push_str(" AND r.id = ?");
        }
        if range.is_some() {
            sql.push_str(" AND r.at >= ? AND r.at < ?");
        }
        if with_comment {
            sql.push_str(" AND r.comment IS NOT NULL");
        }
        sql.push_str(" ORDER BY r.at DESC LIMIT 500");
        let mut q = sqlx::query_as::<_, RatingRow>(&sql);
        if let Some(id) = id {
            q = q.bind(id);
        }
        if let Some((a, b)) = range {
            q = q.bind(a).bind(b);
        }
        Ok(q.fetch_all(&self.store.reader).await?)
    }

    /// The ratings of a period (the newest 500), with their visits' waiting and service times and
    /// who served: supervisors only (a desk and an hour name who served).
    pub async fn list_ratings(
        &self,
        actor: &Actor,
        filter: RatingFilter,
    ) -> Result<Vec<RatingView>> {
        actor.require(Permission::SuperviseFeedback)?;
        let office = self.office().await?;
        let today = office.local_date(self.clock.now());
        let from = filter.from.unwrap_or(today - chrono::Duration::days(30));
        let to = filter.to.unwrap_or(today);
        let (a, _) = office.day_bounds_ms(from);
        let (_, b) = office.day_bounds_ms(to);
        Ok(self
            .rating_rows(None, Some((a, b)), filter.with_comment)
            .await?
            .into_iter()
            .map(|r| view(r, true))
            .collect())
    }

    /// Turns a rating's comment into a feedback item (a complaint from a low score, a suggestion
    /// from 3, praise from 4 or 5), linked to the visit, so it is handled and answered like any other. Once.
    pub async fn rating_to_feedback(&self, actor: &Actor, id: Uuid) -> Result<FeedbackDetail> {
        actor.require(Permission::SuperviseFeedback)?;
        let id_text = id.to_string();
        let row = self
            .rating_rows(Some(&id_text), None, false)
            .await?
            .into_iter()
            .next()
            .ok_or(CoreError::NotFound("rating"))?;
        if let Some(f) = row.feedback_id.as_deref() {
            return self.get_feedback(actor, ids::parse(f)?).await;
        }
        let Some(comment) = row.comment.clone() else {
            return Err(CoreError::field(
                "comment",
                okno_wire::FieldErrorCode::Required,
            ));
        };
        let input = FeedbackInput {
            kind: if row.score <= 2 {
                FeedbackKind::Complaint
            } else if row.score >= 4 {
                FeedbackKind::Praise
            } else {
                FeedbackKind::Suggestion
            },
            about: if row.desk.is_some() {
                FeedbackAbout::Desk
            } else {
                FeedbackAbout::Office
            },
            service_code: None,
            agency_code: None,
            desk: row.desk.clone(),
            staff_id: None,
            description: comment,
            locale: Locale::from_code(&row.locale).unwrap_or(actor.locale),
            contact: None,
            visit_id: ids::parse_opt(Some(&row.visit_id))?,
            case_id: None,
        };
        let item = ids::new_id();
        self.insert_item(actor, &input, FeedbackChannel::Rating, Some(&id_text), item)
            .await?;
        self.get_feedback(actor, item).await
    }
}

fn view(r: RatingRow, supervisor: bool) -> RatingView {
    let reasons: Vec<String> = serde_json::from_str(&r.reasons).unwrap_or_default();
    RatingView {
        id: ids::parse(&r.id).unwrap_or_default(),
        visit_id: ids::parse(&r.visit_id).unwrap_or_default(),
        score: u8::try_from(r.score).unwrap_or(0),
        reasons: reasons
            .iter()
            .filter_map(|c| RatingReason::from_code(c))
            .collect(),
        comment: r.comment,
        locale: Locale::from_code(&r.locale).unwrap_or(Locale::En),
        at: from_millis(r.at),
        ticket: r.ticket,
        desk: r.desk,
        staff_name: if supervisor { r.staff_name } else { None },
        wait_minutes: minutes(r.taken_at, r.first_call),
        service_minutes: minutes(r.served_at, r.finished_at),
        feedback_id: r.feedback_id.as_deref().and_then(|f| ids::parse(f).ok()),
    }
}
