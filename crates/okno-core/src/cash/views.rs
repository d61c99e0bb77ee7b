//! Reading the receipt journal back: one entry with what became of it, the journal by day,
//! session or text, the entries of a period, and the walk of its chains.

use okno_rules::cash::ReceiptRow;
use okno_rules::chain::ChainWalk;
use okno_wire::{
    ChainBreak, ChainBreakKind, FeeRefKind, PaymentMethod, Permission, ReceiptFilter, ReceiptKind,
    ReceiptLineView, ReceiptList, ReceiptView,
};
use sqlx::SqliteConnection;
use uuid::Uuid;

use super::journal::{parse_row, row_json};
use crate::auth::Actor;
use crate::clock::from_millis;
use crate::error::{CoreError, Result};
use crate::numbering::Series;
use crate::{ids, Workstation};

impl Workstation {
    pub(super) async fn receipt_row(&self, id: Uuid) -> Result<ReceiptRow> {
        let sql = format!("SELECT {} FROM receipt WHERE id = ?", row_json());
        let text: Option<String> = sqlx::query_scalar(&sql)
            .bind(id.to_string())
            .fetch_optional(&self.store.reader)
            .await?;
        parse_row(&text.ok_or(CoreError::NotFound("receipt"))?)
    }

    pub async fn get_receipt(&self, actor: &Actor, id: Uuid) -> Result<ReceiptView> {
        if !actor.may(Permission::TakePayments) && !actor.may(Permission::ReviewDay) {
            return Err(CoreError::Forbidden);
        }
        let row = self.receipt_row(id).await?;
        self.receipt_view(row).await
    }

    pub(crate) async fn receipt_view(&self, row: ReceiptRow) -> Result<ReceiptView> {
        let (verify_base, _) = self.verify_address().await?;
        let names: Vec<(String, Option<String>)> =
            sqlx::query_as("SELECT s.id, s.display_name FROM staff s WHERE s.id IN (?, ?)")
                .bind(&row.cashier_id)
                .bind(row.approved_by.as_deref().unwrap_or(""))
                .fetch_all(&self.store.reader)
                .await?;
        let name_of = |id: &str| {
            names
                .iter()
                .find(|(i, _)| i == id)
                .and_then(|(_, n)| n.clone())
        };
        let refers_to_number: Option<String> = match &row.refers_to {
            Some(r) => {
                sqlx::query_scalar("SELECT number FROM receipt WHERE id = ?")
                    .bind(r)
                    .fetch_optional(&self.store.reader)
                    .await?
            }
            None => None,
        };
        let later: Vec<(String, i64, i64)> = sqlx::query_as(
            "SELECT number, total_minor, rounding_minor FROM receipt WHERE refers_to = ? ORDER BY issued_at",
        )
        .bind(&row.id)
        .fetch_all(&self.store.reader)
        .await?;
        let order_number: Option<String> = match &row.order_id {
            Some(o) => {
                sqlx::query_scalar("SELECT number FROM payment_order WHERE id = ?")
                    .bind(o)
                    .fetch_optional(&self.store.reader)
                    .await?
            }
            None => None,
        };
        let pending: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM outbox WHERE entity_id = ? AND acked_at IS NULL",
        )
        .bind(&row.id)
        .fetch_one(&self.store.reader)
        .await?;
        let lines = row
            .parsed_lines()
            .into_iter()
            .map(|l| {
                Ok(ReceiptLineView {
                    ref_kind: FeeRefKind::from_code(&l.ref_kind).unwrap_or(FeeRefKind::Service),
                    ref_id: ids::parse(&l.ref_id)?,
                    ref_label: l.ref_label,
                    service_id: ids::parse_opt(l.service_id.as_deref())?,
                    description: l.description,
                    account: l.account,
                    quantity: l.quantity,
                    amount_minor: l.amount_minor,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let paid = row.total_minor + row.rounding_minor;
        Ok(ReceiptView {
            id: ids::parse(&row.id)?,
            number: row.number.clone(),
            kind: ReceiptKind::from_code(&row.kind).unwrap_or(ReceiptKind::Payment),
            method: PaymentMethod::from_code(&row.method).unwrap_or(PaymentMethod::Cash),
            refers_to: ids::parse_opt(row.refers_to.as_deref())?,
            refers_to_number,
            lines,
            total_minor: row.total_minor,
            rounding_minor: row.rounding_minor,
            paid_minor: paid,
            tendered_minor: row.tendered_minor,
            change_minor: row.tendered_minor.map(|t| t - paid),
            currency: row.currency.clone(),
            approval_code: row.approval_code.clone(),
            payer_name: row.payer_name.clone(),
            reason: row.reason.clone(),
            approved_by_name: row.approved_by.as_deref().and_then(name_of),
            visit_id: ids::parse_opt(row.visit_id.as_deref())?,
            session_id: ids::parse_opt(row.session_id.as_deref())?,
            order_number,
            cashier_name: name_of(&row.cashier_id).unwrap_or_default(),
            issued_at: from_millis(row.issued_at),
            local_day: row
                .local_day
                .parse()
                .map_err(|_| CoreError::Internal("a receipt's day does not read".into()))?,
            taken_back_by: later.iter().map(|l| l.0.clone()).collect(),
            taken_back_minor: later.iter().map(|l| -(l.1 + l.2)).sum(),
            verify_url: format!("{verify_base}?c={}", row.seal),
            seal: row.seal,
            pending: pending > 0,
        })
    }

    /// Walks this workstation's receipt journal and reports the first break.
    pub async fn check_receipt_chain(&self, actor: &Actor) -> Result<okno_wire::ChainReport> {
        if !actor.may(Permission::TakePayments) && !actor.may(Permission::ReviewDay) {
            return Err(CoreError::Forbidden);
        }
        let mut conn = self.store.reader.acquire().await?;
        let walk = walk_receipts(&mut conn).await?;
        Ok(walk.report(self.clock.now()))
    }

    /// The journal, newest first: a day, a session, or a number or payer.
    pub async fn list_receipts(&self, actor: &Actor, f: ReceiptFilter) -> Result<ReceiptList> {
        if !actor.may(Permission::TakePayments) && !actor.may(Permission::ReviewDay) {
            return Err(CoreError::Forbidden);
        }
        let limit = i64::from(f.limit.unwrap_or(100).clamp(1, 500));
        let mut q = sqlx::QueryBuilder::<sqlx::Sqlite>::new(format!(
            "SELECT {} FROM receipt WHERE 1 = 1",
            row_json()
        ));
        let mut count =
            sqlx::QueryBuilder::<sqlx::Sqlite>::new("SELECT COUNT(*) FROM receipt WHERE 1 = 1");
        for b in [&mut q, &mut count] {
            if let Some(day) = f.day {
                b.push(" AND local_day = ")
                    .push_bind(day.format("%Y-%m-%d").to_string());
            }
            if let Some(s) = f.session_id {
                b.push(" AND session_id = ").push_bind(s.to_string());
            }
            if let Some(t) = f.text.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
                b.push(" AND (number = ")
                    .push_bind(t.to_uppercase())
                    .push(" OR payer_name LIKE ")
                    .push_bind(format!("%{t}%"))
                    .push(")");
            }
        }
        q.push(" ORDER BY issued_at DESC, chain_pos DESC LIMIT ")
            .push_bind(limit);
        let texts: Vec<String> = q.build_query_scalar().fetch_all(&self.store.reader).await?;
        let total: i64 = count
            .build_query_scalar()
            .fetch_one(&self.store.reader)
            .await?;
        let mut receipts = Vec::with_capacity(texts.len());
        for t in texts {
            receipts.push(self.receipt_view(parse_row(&t)?).await?);
        }
        Ok(ReceiptList { receipts, total })
    }
}

/// The journal entries issued in `[start, end)`, in order.
pub(crate) async fn journal_rows_between(
    conn: &mut SqliteConnection,
    start: i64,
    end: i64,
) -> Result<Vec<ReceiptRow>> {
    let sql = format!(
        "SELECT {} FROM receipt WHERE issued_at >= ? AND issued_at < ? ORDER BY issued_at",
        row_json()
    );
    let texts: Vec<String> = sqlx::query_scalar(&sql)
        .bind(start)
        .bind(end)
        .fetch_all(&mut *conn)
        .await?;
    texts.iter().map(|t| parse_row(t)).collect()
}

/// Walks the working copy's receipt journal (streaming, in chain order), then looks for receipt
/// numbers recorded as used with no entry (an entry deleted at the end of a chain).
pub async fn walk_receipts(conn: &mut SqliteConnection) -> Result<ChainWalk> {
    use futures_util::TryStreamExt;
    let mut walk = ChainWalk::new();
    {
        let sql = format!(
            "SELECT {} FROM receipt ORDER BY chain_id, chain_pos",
            row_json()
        );
        let mut rows = sqlx::query_scalar::<_, String>(&sql).fetch(&mut *conn);
        while let Some(text) = rows.try_next().await? {
            walk.push(&parse_row(&text)?);
        }
    }
    if walk.first_break.is_none() {
        let orphan: Option<(i64, i64)> = sqlx::query_as(
            "SELECT u.year, u.number FROM number_use u LEFT JOIN receipt r ON r.id = u.owner_id
             WHERE u.series = 'receipt' AND u.owner_kind = 'receipt' AND r.id IS NULL
             ORDER BY u.year, u.number LIMIT 1",
        )
        .fetch_optional(&mut *conn)
        .await?;
        if let Some((year, number)) = orphan {
            walk.first_break = Some(ChainBreak {
                chain_id: String::new(),
                position: 0,
                number: Some(Series::Receipt.format(i32::try_from(year).unwrap_or(0), number)),
                kind: ChainBreakKind::NumberWithoutEntry,
            });
        }
    }
    Ok(walk)
}
