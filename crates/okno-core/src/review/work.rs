//! Open work: what is overdue, nearly due, waiting for the citizen too long or still without
//! an owner, who carries how much of it — and reassignment in bulk.

use chrono::Days;
use okno_wire::{
    BulkReassignRequest, BulkReassignResult, FieldErrorCode, OpenWork, OpenWorkRequest, Permission,
    StaffLoad, WaitingCase,
};

use crate::auth::Actor;
use crate::clock::from_millis;
use crate::error::{Check, CoreError, Result};
use crate::{cases, ids, Workstation};

/// The most cases one list of open work shows, and one bulk reassignment moves.
pub const MAX_LIST: i64 = 500;

impl Workstation {
    pub async fn open_work(&self, actor: &Actor, req: OpenWorkRequest) -> Result<OpenWork> {
        actor.require(Permission::ReviewDay)?;
        let mut check = Check::new();
        if req.waiting_days > 365 {
            check.fail("waiting_days", FieldErrorCode::TooLarge, Some(365));
        }
        if req.due_within_days > 90 {
            check.fail("due_within_days", FieldErrorCode::TooLarge, Some(90));
        }
        check.finish()?;
        let office = self.office().await?;
        let now = self.clock.now();
        let today = office.local_date(now);
        let day = |d: chrono::NaiveDate| d.format("%Y-%m-%d").to_string();
        let soon = today
            .checked_add_days(Days::new(u64::from(req.due_within_days)))
            .unwrap_or(today);
        let waiting_before = now.timestamp_millis() - i64::from(req.waiting_days) * 86_400_000;
        let mut conn = self.store.reader.acquire().await?;

        let rowids = |sql: &'static str, a: String, b: Option<String>| {
            let mut q = sqlx::query_as::<_, (i64,)>(sql).bind(a);
            if let Some(b) = b {
                q = q.bind(b);
            }
            q.bind(MAX_LIST)
        };
        let overdue: Vec<(i64,)> = rowids(
            "SELECT rowid FROM case_file WHERE is_open = 1 AND due_date < ?
              ORDER BY due_date, received_at LIMIT ?",
            day(today),
            None,
        )
        .fetch_all(&mut *conn)
        .await?;
        let due_soon: Vec<(i64,)> = rowids(
            "SELECT rowid FROM case_file WHERE is_open = 1 AND due_date >= ? AND due_date < ?
              ORDER BY due_date, received_at LIMIT ?",
            day(today),
            Some(day(soon)),
        )
        .fetch_all(&mut *conn)
        .await?;
        let unassigned: Vec<(i64,)> = sqlx::query_as(
            "SELECT rowid FROM case_file WHERE is_open = 1 AND status = 'received' AND assignee_id IS NULL
              ORDER BY received_at LIMIT ?",
        )
        .bind(MAX_LIST)
        .fetch_all(&mut *conn)
        .await?;
        // Waiting since the status event that put the case there (its current span).
        let waiting: Vec<(i64, i64)> = sqlx::query_as(
            "SELECT c.rowid, p.since FROM case_file c
               JOIN case_status_span p ON p.case_id = c.id AND p.until IS NULL
              WHERE c.is_open = 1 AND c.status = 'waiting_for_citizen' AND p.since <= ?
              ORDER BY p.since LIMIT ?",
        )
        .bind(waiting_before)
        .bind(MAX_LIST)
        .fetch_all(&mut *conn)
        .await?;
        let load: Vec<(Option<String>, Option<String>, i64, i64)> = sqlx::query_as(
            "SELECT c.assignee_id, s.display_name, COUNT(*), SUM(c.due_date < ?)
               FROM case_file c LEFT JOIN staff s ON s.id = c.assignee_id
              WHERE c.is_open = 1 GROUP BY c.assignee_id ORDER BY COUNT(*) DESC",
        )
        .bind(day(today))
        .fetch_all(&mut *conn)
        .await?;

        let first = |v: Vec<(i64,)>| v.into_iter().map(|r| r.0).collect::<Vec<_>>();
        let overdue = cases::summaries_by_rowid(&mut conn, &first(overdue), today).await?;
        let due_soon = cases::summaries_by_rowid(&mut conn, &first(due_soon), today).await?;
        let unassigned = cases::summaries_by_rowid(&mut conn, &first(unassigned), today).await?;
        let waiting_cases = cases::summaries_by_rowid(
            &mut conn,
            &waiting.iter().map(|w| w.0).collect::<Vec<_>>(),
            today,
        )
        .await?;
        Ok(OpenWork {
            today,
            overdue,
            due_soon,
            unassigned,
            waiting: waiting_cases
                .into_iter()
                .zip(waiting.iter())
                .map(|(case, (_, since))| WaitingCase {
                    case,
                    waiting_since: from_millis(*since),
                })
                .collect(),
            load: load
                .into_iter()
                .map(|(id, name, open, overdue)| {
                    Ok(StaffLoad {
                        staff_id: ids::parse_opt(id.as_deref())?,
                        name,
                        open,
                        overdue,
                    })
                })
                .collect::<Result<_>>()?,
            feedback_overdue: self.overdue_feedback(200).await?,
        })
    }

    /// Reassigns many cases at once, in one transaction: each is a normal reassignment (history
    /// event and command). Cases that already have that assignee are left as they are. A
    /// supervisor's tool: it takes reviewing the day as well as reassigning.
    pub async fn reassign_cases(
        &self,
        actor: &Actor,
        req: BulkReassignRequest,
    ) -> Result<BulkReassignResult> {
        actor.require(Permission::ReassignCase)?;
        actor.require(Permission::ReviewDay)?;
        let mut check = Check::new();
        if req.case_ids.is_empty() {
            check.fail("case_ids", FieldErrorCode::Required, None);
        } else if req.case_ids.len() as i64 > MAX_LIST {
            check.fail("case_ids", FieldErrorCode::TooLarge, Some(MAX_LIST));
        }
        let note = check.optional_text("note", req.note.as_deref(), 2000);
        check.finish()?;
        let assignee = req.to.map(|a| a.to_string());
        if let Some(a) = &assignee {
            let known: i64 =
                sqlx::query_scalar("SELECT COUNT(*) FROM staff WHERE id = ? AND active = 1")
                    .bind(a)
                    .fetch_one(&self.store.reader)
                    .await?;
            if known == 0 {
                return Err(CoreError::field("to", FieldErrorCode::UnknownStaff));
            }
        }
        let now_ms = self.now_ms();
        let mut tx = self.store.writer.begin().await?;
        let mut reassigned = 0;
        for id in &req.case_ids {
            let id = id.to_string();
            if cases::reassign_in(
                &mut tx,
                actor,
                &id,
                assignee.as_deref(),
                note.as_deref(),
                now_ms,
            )
            .await?
            {
                reassigned += 1;
            }
        }
        tx.commit().await?;
        self.request_sync();
        Ok(BulkReassignResult { reassigned })
    }
}
