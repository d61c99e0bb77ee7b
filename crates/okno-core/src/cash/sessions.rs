//! Cash sessions: opened at a desk with a float, cash moved in and out with a reason, counted
//! per denomination and closed; a difference above the office's threshold waits for a
//! supervisor's sign-off. The session's totals — and so its Z report — come from the journal by
//! one rule (`okno_rules::cash::totals`).

use okno_rules::cash::{self as rules, JournalEntry, JournalLine, Movement};
use okno_wire::commands::{CashSessionCmd, Command};
use okno_wire::{
    CashMovementView, CashSessionState, CashSessionView, CloseSessionRequest, DenominationCount,
    FieldErrorCode, MovementDirection, MovementRequest, OpenSessionRequest, PaymentMethod,
    Permission, ReceiptKind, SessionFilter, SignOffRequest,
};
use uuid::Uuid;

use super::journal::{parse_row, row_json, OPENED_HERE, REFUSED};
use super::{desk_label, MAX_AMOUNT_MINOR, MAX_REASON};
use crate::auth::Actor;
use crate::clock::from_millis;
use crate::error::{Check, CoreError, Result};
use crate::{ids, outbox, Workstation};

#[derive(sqlx::FromRow)]
struct SessionRow {
    id: String,
    desk: String,
    cashier_id: String,
    cashier_name: Option<String>,
    currency: String,
    state: String,
    opened_at: i64,
    float_minor: i64,
    closed_at: Option<i64>,
    counts: Option<String>,
    counted_minor: Option<i64>,
    close_note: Option<String>,
    signed_off_by_name: Option<String>,
    signed_off_at: Option<i64>,
    sign_off_reason: Option<String>,
}

/// A journal row as the totals read it.
pub(crate) fn journal_entry(r: &okno_rules::cash::ReceiptRow) -> JournalEntry {
    JournalEntry {
        kind: ReceiptKind::from_code(&r.kind).unwrap_or(ReceiptKind::Payment),
        method: PaymentMethod::from_code(&r.method).unwrap_or(PaymentMethod::Cash),
        lines: r
            .parsed_lines()
            .into_iter()
            .map(|l| JournalLine {
                service_id: l.service_id.as_deref().and_then(|s| s.parse().ok()),
                description: l.description,
                account: l.account,
                amount_minor: l.amount_minor,
            })
            .collect(),
        rounding_minor: r.rounding_minor,
    }
}

impl Workstation {
    /// Opens a cash session at this desk with its opening float (one open session per cashier
    /// and per desk).
    pub async fn open_cash_session(
        &self,
        actor: &Actor,
        req: OpenSessionRequest,
    ) -> Result<CashSessionView> {
        actor.require(Permission::TakePayments)?;
        let id = req.id.to_string();
        let known: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM cash_session WHERE id = ?")
            .bind(&id)
            .fetch_one(&self.store.reader)
            .await?;
        if known > 0 {
            return self.session_view(&id).await;
        }
        let mut check = Check::new();
        if req.float_minor < 0 {
            check.fail("float_minor", FieldErrorCode::TooSmall, Some(0));
        } else if req.float_minor > MAX_AMOUNT_MINOR {
            check.fail(
                "float_minor",
                FieldErrorCode::TooLarge,
                Some(MAX_AMOUNT_MINOR),
            );
        }
        check.finish()?;
        let office = self.office().await?;
        let now = self.now_ms();
        let mut tx = self.store.writer.begin().await?;
        let desk = desk_label(&mut tx).await?;
        let open: i64 = sqlx::query_scalar(&format!(
            "SELECT COUNT(*) FROM cash_session WHERE state = 'open' AND {OPENED_HERE} AND (cashier_id = ? OR desk = ?)"
        ))
        .bind(actor.staff_id.to_string())
        .bind(&desk)
        .fetch_one(&mut *tx)
        .await?;
        if open > 0 {
            return Err(CoreError::CashSessionOpen);
        }
        sqlx::query(
            "INSERT INTO cash_session (id, desk, cashier_id, currency, state, opened_at, float_minor, updated_at)
             VALUES (?, ?, ?, ?, 'open', ?, ?, ?)",
        )
        .bind(&id)
        .bind(&desk)
        .bind(actor.staff_id.to_string())
        .bind(&office.view.currency)
        .bind(now)
        .bind(req.float_minor)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        self.session_command(&mut tx, actor, &id, "open", &[("cash_session", &id)], now)
            .await?;
        tx.commit().await?;
        self.session_view(&id).await
    }

    async fn session_command(
        &self,
        tx: &mut sqlx::SqliteConnection,
        actor: &Actor,
        id: &str,
        action: &str,
        rows: &[(&str, &str)],
        now: i64,
    ) -> Result<()> {
        let payload = CashSessionCmd {
            session_id: id.to_string(),
            action: action.into(),
            rows: Vec::new(),
        };
        let command = if action == "move" {
            Command::CashMovement(payload)
        } else {
            Command::CashSession(payload)
        };
        outbox::append(
            tx,
            command,
            Some(actor.staff_id),
            now,
            outbox::Effects {
                // A movement is its own entity (a refused one is left out of the drawer).
                entity_id: Some(if action == "move" {
                    rows.first().map_or(id, |r| r.1)
                } else {
                    id
                }),
                rows,
            },
        )
        .await?;
        Ok(())
    }

    /// Cash put into the drawer or taken out of it, with a reason.
    pub async fn cash_movement(
        &self,
        actor: &Actor,
        req: MovementRequest,
    ) -> Result<CashSessionView> {
        actor.require(Permission::TakePayments)?;
        let session = self
            .open_session_of(actor)
            .await?
            .ok_or(CoreError::NoCashSession)?;
        let mid = req.id.to_string();
        let known: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM cash_movement WHERE id = ?")
            .bind(&mid)
            .fetch_one(&self.store.reader)
            .await?;
        if known > 0 {
            return self.session_view(&session).await;
        }
        let mut check = Check::new();
        let reason = check.text("reason", &req.reason, MAX_REASON);
        if req.amount_minor <= 0 {
            check.fail("amount_minor", FieldErrorCode::TooSmall, Some(1));
        } else if req.amount_minor > MAX_AMOUNT_MINOR {
            check.fail(
                "amount_minor",
                FieldErrorCode::TooLarge,
                Some(MAX_AMOUNT_MINOR),
            );
        } else if req.direction == MovementDirection::Out {
            let expected = self.session_view(&session).await?.expected_minor;
            if req.amount_minor > expected {
                check.fail(
                    "amount_minor",
                    FieldErrorCode::TooLarge,
                    Some(expected.max(0)),
                );
            }
        }
        check.finish()?;
        let now = self.now_ms();
        let mut tx = self.store.writer.begin().await?;
        let state: Option<String> =
            sqlx::query_scalar("SELECT state FROM cash_session WHERE id = ?")
                .bind(&session)
                .fetch_optional(&mut *tx)
                .await?;
        if state.as_deref() != Some("open") {
            return Err(CoreError::NoCashSession);
        }
        sqlx::query(
            "INSERT INTO cash_movement (id, session_id, direction, amount_minor, reason, actor_id, at)
             VALUES (?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(&mid)
        .bind(&session)
        .bind(match req.direction {
            MovementDirection::In => "in",
            MovementDirection::Out => "out",
        })
        .bind(req.amount_minor)
        .bind(&reason)
        .bind(actor.staff_id.to_string())
        .bind(now)
        .execute(&mut *tx)
        .await?;
        self.session_command(
            &mut tx,
            actor,
            &session,
            "move",
            &[("cash_movement", &mid)],
            now,
        )
        .await?;
        tx.commit().await?;
        self.session_view(&session).await
    }

    /// Counts the drawer and closes the session: closed when the count matches within the
    /// office's threshold, else waiting for a supervisor's sign-off.
    pub async fn close_cash_session(
        &self,
        actor: &Actor,
        req: CloseSessionRequest,
    ) -> Result<CashSessionView> {
        actor.require(Permission::TakePayments)?;
        let id = req.session_id.to_string();
        let view = self.session_view(&id).await?;
        if view.cashier_id != actor.staff_id && !actor.may(Permission::SuperviseCash) {
            return Err(CoreError::Forbidden);
        }
        if view.state != CashSessionState::Open {
            return Err(CoreError::InvalidTransition {
                from: view.state.code(),
                to: CashSessionState::Closed.code(),
            });
        }
        let mut check = Check::new();
        let note = check.optional_text("note", req.note.as_deref(), MAX_REASON);
        let known = rules::denominations(&view.currency);
        let mut counts: Vec<DenominationCount> = Vec::new();
        for (i, c) in req.counts.iter().enumerate() {
            if !known.contains(&c.value_minor)
                || counts.iter().any(|k| k.value_minor == c.value_minor)
            {
                check.fail(
                    format!("counts.{i}.value_minor"),
                    FieldErrorCode::Malformed,
                    None,
                );
            } else if c.count > 1_000_000 {
                check.fail(
                    format!("counts.{i}.count"),
                    FieldErrorCode::TooLarge,
                    Some(1_000_000),
                );
            } else if c.count > 0 {
                counts.push(*c);
            }
        }
        check.finish()?;
        counts.sort_by_key(|c| std::cmp::Reverse(c.value_minor));
        let pairs: Vec<(i64, u32)> = counts.iter().map(|c| (c.value_minor, c.count)).collect();
        let counted = rules::counted_total(&view.currency, &pairs)
            .ok_or_else(|| CoreError::field("counts", FieldErrorCode::TooLarge))?;
        let settings = self.cash_settings_now().await?;
        let now = self.now_ms();
        let mut tx = self.store.writer.begin().await?;
        // The expected cash is computed again inside the transaction (every receipt and movement
        // checks inside its own that the session is still open, so none lands after the count).
        let expected = self.expected_in(&mut tx, &id, view.float_minor).await?;
        let state = if (counted - expected).abs() > settings.difference_threshold_minor {
            CashSessionState::AwaitingSignOff
        } else {
            CashSessionState::Closed
        };
        let n = sqlx::query(
            "UPDATE cash_session SET state = ?, closed_at = ?, counts = ?, counted_minor = ?, expected_minor = ?,
                    close_note = ?, updated_at = ? WHERE id = ? AND state = 'open'",
        )
        .bind(state.code())
        .bind(now)
        .bind(serde_json::to_string(&counts).unwrap_or_default())
        .bind(counted)
        .bind(expected)
        .bind(&note)
        .bind(now)
        .bind(&id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n == 0 {
            return Err(CoreError::InvalidTransition {
                from: "closed",
                to: "closed",
            });
        }
        self.session_command(&mut tx, actor, &id, "close", &[("cash_session", &id)], now)
            .await?;
        tx.commit().await?;
        self.session_view(&id).await
    }

    /// A supervisor signs off a session whose count differs beyond the threshold (never their
    /// own).
    pub async fn sign_off_cash_session(
        &self,
        actor: &Actor,
        req: SignOffRequest,
    ) -> Result<CashSessionView> {
        actor.require(Permission::SuperviseCash)?;
        let id = req.session_id.to_string();
        let view = self.session_view(&id).await?;
        if view.cashier_id == actor.staff_id {
            return Err(CoreError::Forbidden);
        }
        let mut check = Check::new();
        let reason = check.text("reason", &req.reason, MAX_REASON);
        check.finish()?;
        if view.state != CashSessionState::AwaitingSignOff {
            return Err(CoreError::InvalidTransition {
                from: view.state.code(),
                to: CashSessionState::Closed.code(),
            });
        }
        let now = self.now_ms();
        let mut tx = self.store.writer.begin().await?;
        let n = sqlx::query(
            "UPDATE cash_session SET state = 'closed', signed_off_by = ?, signed_off_at = ?, sign_off_reason = ?,
                    updated_at = ? WHERE id = ? AND state = 'awaiting_sign_off'",
        )
        .bind(actor.staff_id.to_string())
        .bind(now)
        .bind(&reason)
        .bind(now)
        .bind(&id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n == 0 {
            return Err(CoreError::InvalidTransition {
                from: "closed",
                to: "closed",
            });
        }
        self.session_command(
            &mut tx,
            actor,
            &id,
            "sign_off",
            &[("cash_session", &id)],
            now,
        )
        .await?;
        tx.commit().await?;
        self.session_view(&id).await
    }

    pub async fn get_cash_session(&self, actor: &Actor, id: Uuid) -> Result<CashSessionView> {
        if !actor.may(Permission::TakePayments) && !actor.may(Permission::ReviewDay) {
            return Err(CoreError::Forbidden);
        }
        self.session_view(&id.to_string()).await
    }

    /// Sessions opened on a day (today by default), newest first.
    pub async fn list_cash_sessions(
        &self,
        actor: &Actor,
        f: SessionFilter,
    ) -> Result<Vec<CashSessionView>> {
        if !actor.may(Permission::SuperviseCash) && !actor.may(Permission::ReviewDay) {
            return Err(CoreError::Forbidden);
        }
        let office = self.office().await?;
        let day = f.day.unwrap_or_else(|| office.local_date(self.clock.now()));
        self.sessions_between(office.day_bounds_ms(day)).await
    }

    pub(crate) async fn sessions_between(
        &self,
        (from, to): (i64, i64),
    ) -> Result<Vec<CashSessionView>> {
        let ids: Vec<String> = sqlx::query_scalar(
            "SELECT id FROM cash_session WHERE opened_at >= ? AND opened_at < ? ORDER BY opened_at DESC",
        )
        .bind(from)
        .bind(to)
        .fetch_all(&self.store.reader)
        .await?;
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            out.push(self.session_view(&id).await?);
        }
        Ok(out)
    }

    /// The cash a session's drawer should hold now, read on `conn`.
    async fn expected_in(
        &self,
        conn: &mut sqlx::SqliteConnection,
        id: &str,
        float: i64,
    ) -> Result<i64> {
        let (entries, movements) = session_parts(conn, id).await?;
        Ok(rules::totals(float, &entries, &movements).expected_cash_minor)
    }

    pub(crate) async fn session_view(&self, id: &str) -> Result<CashSessionView> {
        let mut conn = self.store.reader.acquire().await?;
        session_view_in(&mut conn, id).await
    }
}

/// A session as it stands, read on `conn` (the day review reads it in its own transaction).
pub(crate) async fn session_view_in(
    conn: &mut sqlx::SqliteConnection,
    id: &str,
) -> Result<CashSessionView> {
    {
        let row: Option<SessionRow> = sqlx::query_as(
            "SELECT c.id, c.desk, c.cashier_id, s.display_name AS cashier_name, c.currency, c.state,
                    c.opened_at, c.float_minor, c.closed_at, c.counts, c.counted_minor, c.close_note,
                    v.display_name AS signed_off_by_name, c.signed_off_at, c.sign_off_reason
               FROM cash_session c
               LEFT JOIN staff s ON s.id = c.cashier_id
               LEFT JOIN staff v ON v.id = c.signed_off_by
              WHERE c.id = ?",
        )
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
        let r = row.ok_or(CoreError::NotFound("cash session"))?;
        let (entries, movements) = session_parts(&mut *conn, id).await?;
        let moves: Vec<(String, String, i64, String, i64, Option<String>)> = sqlx::query_as(
            "SELECT m.id, m.direction, m.amount_minor, m.reason, m.at, s.display_name
               FROM cash_movement m LEFT JOIN staff s ON s.id = m.actor_id
              WHERE m.session_id = ? ORDER BY m.at",
        )
        .bind(id)
        .fetch_all(&mut *conn)
        .await?;
        let t = rules::totals(r.float_minor, &entries, &movements);
        let state = CashSessionState::from_code(&r.state)
            .ok_or_else(|| CoreError::Internal(format!("stored session state {:?}", r.state)))?;
        let counts: Vec<DenominationCount> = r
            .counts
            .as_deref()
            .and_then(|c| serde_json::from_str(c).ok())
            .unwrap_or_default();
        Ok(CashSessionView {
            id: ids::parse(&r.id)?,
            desk: r.desk,
            cashier_id: ids::parse(&r.cashier_id)?,
            cashier_name: r.cashier_name.unwrap_or_default(),
            state,
            currency: r.currency,
            opened_at: from_millis(r.opened_at),
            closed_at: r.closed_at.map(from_millis),
            float_minor: r.float_minor,
            movements: moves
                .into_iter()
                .map(|(mid, dir, amount, reason, at, name)| {
                    Ok(CashMovementView {
                        id: ids::parse(&mid)?,
                        direction: if dir == "in" {
                            MovementDirection::In
                        } else {
                            MovementDirection::Out
                        },
                        amount_minor: amount,
                        reason,
                        at: from_millis(at),
                        actor_name: name.unwrap_or_default(),
                    })
                })
                .collect::<Result<Vec<_>>>()?,
            by_method: t.by_method,
            by_service: t.by_service,
            rounding_minor: t.rounding_minor,
            moved_in_minor: t.moved_in_minor,
            moved_out_minor: t.moved_out_minor,
            expected_minor: t.expected_cash_minor,
            difference_minor: r.counted_minor.map(|c| c - t.expected_cash_minor),
            counted_minor: r.counted_minor,
            counts,
            close_note: r.close_note,
            signed_off_by_name: r.signed_off_by_name,
            signed_off_at: r.signed_off_at.map(from_millis),
            sign_off_reason: r.sign_off_reason,
            receipts: u32::try_from(entries.len()).unwrap_or(u32::MAX),
        })
    }
}

/// A session's journal entries and movements.
async fn session_parts(
    conn: &mut sqlx::SqliteConnection,
    id: &str,
) -> Result<(Vec<JournalEntry>, Vec<Movement>)> {
    let sql = format!(
        "SELECT {} FROM receipt WHERE session_id = ? AND id NOT IN ({REFUSED}) ORDER BY issued_at",
        row_json()
    );
    let texts: Vec<String> = sqlx::query_scalar(&sql)
        .bind(id)
        .fetch_all(&mut *conn)
        .await?;
    let mut entries = Vec::with_capacity(texts.len());
    for t in texts {
        entries.push(journal_entry(&parse_row(&t)?));
    }
    let moves: Vec<(String, i64)> = sqlx::query_as(&format!(
        "SELECT direction, amount_minor FROM cash_movement WHERE session_id = ? AND id NOT IN ({REFUSED})"
    ))
    .bind(id)
            .fetch_all(&mut *conn)
            .await?;
    let movements = moves
        .into_iter()
        .map(|(d, a)| Movement {
            direction: if d == "in" {
                MovementDirection::In
            } else {
                MovementDirection::Out
            },
            amount_minor: a,
        })
        .collect();
    Ok((entries, movements))
}
