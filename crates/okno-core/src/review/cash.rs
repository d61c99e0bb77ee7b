//! The cash desk in the supervisor's review: revenue by method, service (with its account) and
//! cashier, the sessions of the period with their differences, and payment orders still open —
//! from the receipt journal by the same rule as each session's Z report.

use okno_rules::cash as rules;
use okno_wire::{CashFigures, CashierTotal};
use sqlx::SqliteConnection;

use crate::cash::{journal_rows_between, session_view_in};
use crate::error::Result;
use crate::ids;
use crate::office::Office;

pub(crate) async fn cash_figures(
    conn: &mut SqliteConnection,
    office: &Office,
    start: i64,
    end: i64,
) -> Result<CashFigures> {
    let rows = journal_rows_between(&mut *conn, start, end).await?;
    let entries: Vec<rules::JournalEntry> = rows.iter().map(crate::cash::journal_entry).collect();
    let t = rules::totals(0, &entries, &[]);
    let mut by_cashier: Vec<CashierTotal> = Vec::new();
    for (row, entry) in rows.iter().zip(&entries) {
        let staff_id = ids::parse(&row.cashier_id)?;
        match by_cashier.iter_mut().find(|c| c.staff_id == staff_id) {
            Some(c) => {
                c.receipts += 1;
                c.net_minor += entry.paid();
            }
            None => by_cashier.push(CashierTotal {
                staff_id,
                name: String::new(),
                receipts: 1,
                net_minor: entry.paid(),
            }),
        }
    }
    for c in &mut by_cashier {
        c.name = sqlx::query_scalar("SELECT display_name FROM staff WHERE id = ?")
            .bind(c.staff_id.to_string())
            .fetch_optional(&mut *conn)
            .await?
            .unwrap_or_default();
    }
    by_cashier.sort_by_key(|c| std::cmp::Reverse(c.net_minor));
    // Sessions opened in the period, and any left open or waiting from before it.
    let ids: Vec<String> = sqlx::query_scalar(
        "SELECT id FROM cash_session
          WHERE (opened_at >= ? AND opened_at < ?) OR (opened_at < ? AND state <> 'closed')
          ORDER BY opened_at",
    )
    .bind(start)
    .bind(end)
    .bind(start)
    .fetch_all(&mut *conn)
    .await?;
    let mut sessions = Vec::with_capacity(ids.len());
    for id in ids {
        sessions.push(session_view_in(&mut *conn, &id).await?);
    }
    let (open_orders, open_orders_minor): (i64, i64) = sqlx::query_as(
        "SELECT COUNT(*), COALESCE(SUM(total_minor), 0) FROM payment_order WHERE state = 'open' AND created_at < ?",
    )
    .bind(end)
    .fetch_one(&mut *conn)
    .await?;
    Ok(CashFigures {
        currency: office.view.currency.clone(),
        by_method: t.by_method,
        by_service: t.by_service,
        by_cashier,
        sessions,
        open_orders: u32::try_from(open_orders).unwrap_or(0),
        open_orders_minor,
        net_minor: t.net_minor,
    })
}
