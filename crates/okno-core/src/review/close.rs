//! Closing the office's day: a checklist the workstation verifies, then a supervisor's sign-off
//! that is recorded once, synced, and never edited. After it, nothing more can be recorded on
//! that day — here (`outbox::append` refuses) or on the server (it refuses such commands from
//! workstations that were offline, and tells their clerks why).

use chrono::NaiveDate;
use okno_wire::commands::{self, Command};
use okno_wire::{
    CaseFigures, CloseCheck, CloseCheckKind, CloseDayRequest, DayCloseStatus, DayCloseView,
    FieldError, FieldErrorCode, Permission,
};
use sqlx::SqliteConnection;

use crate::auth::Actor;
use crate::clock::from_millis;
use crate::error::{Check, CoreError, Result};
use crate::office::Office;
use crate::{ids, outbox, Workstation};

/// How many failing things a check names (the count says how many there are in all).
const MAX_ITEMS: i64 = 20;

pub fn check_code(kind: CloseCheckKind) -> &'static str {
    match kind {
        CloseCheckKind::Synced => "synced",
        CloseCheckKind::NumbersAccounted => "numbers_accounted",
        CloseCheckKind::ReceivedCasesOwned => "received_cases_owned",
        CloseCheckKind::ConflictsSettled => "conflicts_settled",
        CloseCheckKind::CashClosed => "cash_closed",
    }
}

fn check(kind: CloseCheckKind, count: i64, items: Vec<String>) -> CloseCheck {
    CloseCheck {
        kind,
        passed: count == 0,
        count,
        items,
    }
}

/// The checklist of `day`, read on `conn` (inside the closing transaction when closing).
pub(crate) async fn checklist(
    conn: &mut SqliteConnection,
    office: &Office,
    day: NaiveDate,
) -> Result<Vec<CloseCheck>> {
    let enrolled = crate::settings::is_enrolled(&mut *conn).await?;
    let (_, end) = office.day_bounds_ms(day);

    // Synced: nothing waits in the outbox (a standalone desk has nowhere to sync to).
    let synced = if enrolled {
        let pending: Vec<(String, i64)> = sqlx::query_as(
            "SELECT name, COUNT(*) FROM outbox WHERE acked_at IS NULL GROUP BY name ORDER BY MIN(seq)",
        )
        .fetch_all(&mut *conn)
        .await?;
        let count = pending.iter().map(|p| p.1).sum();
        let items = pending
            .into_iter()
            .map(|(name, n)| format!("{name} × {n}"))
            .collect();
        check(CloseCheckKind::Synced, count, items)
    } else {
        check(CloseCheckKind::Synced, 0, Vec::new())
    };

    // Numbers: every number of this workstation's leases is used or voided — of the leases
    // taken up to the day's voiding, when the day's numbers were voided (a block leased after
    // it serves late walk-ins and the next day).
    let voided = crate::settings::setting(&mut *conn, crate::settings::KEY_NUMBERS_VOIDED).await?;
    let upto = voided
        .as_deref()
        .and_then(|v| v.split_once('|'))
        .filter(|(d, _)| *d == day.to_string())
        .and_then(|(_, r)| r.parse::<i64>().ok())
        .unwrap_or(i64::MAX);
    let leases: Vec<(String, i64, i64, i64)> = sqlx::query_as(
        "SELECT series, year, next, last FROM number_lease
          WHERE closed_at IS NULL AND next <= last AND rowid <= ? ORDER BY series, year, first",
    )
    .bind(upto)
    .fetch_all(&mut *conn)
    .await?;
    let count = leases.iter().map(|l| l.3 - l.2 + 1).sum();
    let items = leases
        .iter()
        .map(|(s, y, next, last)| super::void_label(s, *y as i32, *next, *last))
        .collect();
    let numbers = check(CloseCheckKind::NumbersAccounted, count, items);

    // No case of the day or before still "received" with nobody assigned.
    let count: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM case_file
          WHERE is_open = 1 AND status = 'received' AND assignee_id IS NULL AND received_at < ?",
    )
    .bind(end)
    .fetch_one(&mut *conn)
    .await?;
    let items: Vec<String> = sqlx::query_scalar(
        "SELECT number FROM case_file
          WHERE is_open = 1 AND status = 'received' AND assignee_id IS NULL AND received_at < ?
          ORDER BY received_at LIMIT ?",
    )
    .bind(end)
    .bind(MAX_ITEMS)
    .fetch_all(&mut *conn)
    .await?;
    let owned = check(CloseCheckKind::ReceivedCasesOwned, count, items);

    // No conflict left unsettled.
    let open: Vec<(String, Option<String>)> = sqlx::query_as(
        "SELECT k.id, c.number FROM sync_conflict k LEFT JOIN case_file c ON c.id = k.case_id
          WHERE k.resolved_at IS NULL
            AND NOT EXISTS (SELECT 1 FROM conflict_settlement s WHERE s.conflict_id = k.id)
          ORDER BY k.created_at",
    )
    .fetch_all(&mut *conn)
    .await?;
    let items = open
        .iter()
        .take(MAX_ITEMS as usize)
        .map(|(id, number)| number.clone().unwrap_or_else(|| id.clone()))
        .collect();
    let conflicts = check(CloseCheckKind::ConflictsSettled, open.len() as i64, items);

    // No cash session opened on the day or before is still open or waiting for a sign-off.
    let sessions: Vec<(String, String, Option<String>)> = sqlx::query_as(
        "SELECT c.desk, c.state, s.display_name FROM cash_session c LEFT JOIN staff s ON s.id = c.cashier_id
          WHERE c.state <> 'closed' AND c.opened_at < ? ORDER BY c.opened_at",
    )
    .bind(end)
    .fetch_all(&mut *conn)
    .await?;
    let items = sessions
        .iter()
        .take(MAX_ITEMS as usize)
        .map(|(desk, state, name)| format!("{desk} {} ({state})", name.as_deref().unwrap_or("")))
        .collect();
    let cash = check(CloseCheckKind::CashClosed, sessions.len() as i64, items);

    Ok(vec![synced, numbers, owned, conflicts, cash])
}

#[derive(sqlx::FromRow)]
struct CloseRow {
    id: String,
    day: String,
    closed_by: String,
    closed_by_name: Option<String>,
    closed_at: i64,
    note: Option<String>,
    figures: String,
    pending: i64,
}

const CLOSE_SELECT: &str = "SELECT d.id, d.day, d.closed_by, s.display_name AS closed_by_name,
        d.closed_at, d.note, d.figures,
        (SELECT COUNT(*) FROM outbox o WHERE o.entity_id = d.id AND o.acked_at IS NULL) AS pending
   FROM day_close d LEFT JOIN staff s ON s.id = d.closed_by";

impl CloseRow {
    fn into_view(self) -> Result<DayCloseView> {
        Ok(DayCloseView {
            id: ids::parse(&self.id)?,
            day: parse_day(&self.day)?,
            closed_by: ids::parse(&self.closed_by)?,
            closed_by_name: self.closed_by_name,
            closed_at: from_millis(self.closed_at),
            note: self.note,
            figures: serde_json::from_str(&self.figures).unwrap_or_default(),
            synced: self.pending == 0,
        })
    }
}

fn parse_day(s: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| CoreError::Internal(format!("stored day {s:?}")))
}

/// The sign-offs of the days from `from` to `to`: the first of each day (a later one made
/// offline on another workstation is refused by the server and not shown).
pub(crate) async fn closes_between(
    conn: &mut SqliteConnection,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<DayCloseView>> {
    let rows: Vec<CloseRow> = sqlx::query_as(&format!(
        "{CLOSE_SELECT} WHERE d.day >= ? AND d.day <= ? ORDER BY d.day, d.closed_at, d.id"
    ))
    .bind(from.format("%Y-%m-%d").to_string())
    .bind(to.format("%Y-%m-%d").to_string())
    .fetch_all(&mut *conn)
    .await?;
    let mut out: Vec<DayCloseView> = Vec::new();
    for r in rows {
        let v = r.into_view()?;
        if out.last().map(|l| l.day) != Some(v.day) {
            out.push(v);
        }
    }
    Ok(out)
}

impl Workstation {
    /// The day-close checklist of `day`, and its sign-off if it has one.
    pub async fn day_close_status(&self, actor: &Actor, day: NaiveDate) -> Result<DayCloseStatus> {
        if !actor.may(Permission::CloseDay) {
            actor.require(Permission::ReviewDay)?;
        }
        let office = self.office().await?;
        let mut conn = self.store.reader.acquire().await?;
        self.close_status_in(&mut conn, &office, day).await
    }

    async fn close_status_in(
        &self,
        conn: &mut SqliteConnection,
        office: &Office,
        day: NaiveDate,
    ) -> Result<DayCloseStatus> {
        let today = office.local_date(self.clock.now());
        let checks = checklist(&mut *conn, office, day).await?;
        let closed = closes_between(&mut *conn, day, day)
            .await?
            .into_iter()
            .next();
        let ready = closed.is_none() && day <= today && checks.iter().all(|c| c.passed);
        Ok(DayCloseStatus {
            day,
            today,
            enrolled: crate::settings::is_enrolled(&mut *conn).await?,
            closed,
            checks,
            ready,
        })
    }

    /// Every signed-off day, newest first.
    pub async fn list_day_closes(&self, actor: &Actor) -> Result<Vec<DayCloseView>> {
        if !actor.may(Permission::CloseDay) {
            actor.require(Permission::ReviewDay)?;
        }
        let mut conn = self.store.reader.acquire().await?;
        let mut all = closes_between(
            &mut conn,
            NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default(),
            // Compared as text: the largest four-digit year.
            NaiveDate::from_ymd_opt(9999, 12, 31).unwrap_or_default(),
        )
        .await?;
        all.reverse();
        Ok(all)
    }

    /// Signs `day` off: refused, with one field error per failing item, while anything on the
    /// checklist fails; then recorded once, with the day's figures, and synced.
    pub async fn close_day(&self, actor: &Actor, req: CloseDayRequest) -> Result<DayCloseStatus> {
        actor.require(Permission::CloseDay)?;
        let office = self.office().await?;
        let today = office.local_date(self.clock.now());
        let mut check_input = Check::new();
        let note = check_input.optional_text("note", req.note.as_deref(), 1000);
        if req.day > today {
            check_input.fail("day", FieldErrorCode::DateInFuture, None);
        }
        check_input.finish()?;
        let day = req.day;
        let now_ms = self.now_ms();
        let mut tx = self.store.writer.begin().await?;
        if !closes_between(&mut tx, day, day).await?.is_empty() {
            return Err(CoreError::DayClosed(day));
        }
        let checks = checklist(&mut tx, &office, day).await?;
        let failing: Vec<FieldError> = checks
            .iter()
            .filter(|c| !c.passed)
            .map(|c| FieldError {
                field: format!("checks.{}", check_code(c.kind)),
                code: FieldErrorCode::CheckFailed,
                limit: Some(c.count),
            })
            .collect();
        if !failing.is_empty() {
            return Err(CoreError::DayNotReady(failing));
        }
        let (start, end) = office.day_bounds_ms(day);
        let facts = super::load_facts(&mut tx, start, end, day).await?;
        let outcomes = facts.outcomes();
        let figures: CaseFigures = super::figures(
            &facts.received.iter().collect::<Vec<_>>(),
            &outcomes.iter().collect::<Vec<_>>(),
            &facts.open.iter().collect::<Vec<_>>(),
        );
        let figures_json = serde_json::to_string(&figures)
            .map_err(|e| CoreError::Internal(format!("figures: {e}")))?;
        let id = ids::new_id().to_string();
        let day_text = day.format("%Y-%m-%d").to_string();
        let closed_by = actor.staff_id.to_string();
        sqlx::query(
            "INSERT INTO day_close (id, day, starts_at, ends_at, closed_by, closed_at, note, figures)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(&id)
        .bind(&day_text)
        .bind(start)
        .bind(end)
        .bind(&closed_by)
        .bind(now_ms)
        .bind(&note)
        .bind(&figures_json)
        .execute(&mut *tx)
        .await?;
        outbox::append(
            &mut tx,
            Command::DayClose(commands::DayClose {
                day: day_text.to_string(),
                rows: Vec::new(),
            }),
            Some(actor.staff_id),
            now_ms,
            outbox::Effects {
                entity_id: Some(&id),
                rows: &[("day_close", &id)],
            },
        )
        .await?;
        tx.commit().await?;
        self.request_sync();
        let mut conn = self.store.reader.acquire().await?;
        self.close_status_in(&mut conn, &office, day).await
    }
}
