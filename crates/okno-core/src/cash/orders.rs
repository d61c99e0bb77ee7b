//! Payment orders: fees asked for by bank transfer, with the reference each country's banks use
//! and the QR code their apps read; settled by a receipt (method transfer) when the transfer is
//! recorded as received, or cancelled with a reason.

use chrono::Duration;
use okno_rules::cash::{self as rules, ReceiptLine, Transfer};
use okno_wire::commands::{self, Command};
use okno_wire::{
    CancelOrderRequest, FeeRefKind, FieldErrorCode, Locale, OrderFilter, PaymentMethod,
    PaymentOrderRequest, PaymentOrderState, PaymentOrderView, Permission, ReceiptKind,
    ReceiptLineView, ReceiptView, SettleOrderRequest,
};
use uuid::Uuid;

use super::journal::NewReceipt;
use super::MAX_REASON;
use crate::auth::Actor;
use crate::clock::from_millis;
use crate::error::{Check, CoreError, Result};
use crate::numbering::{self, Series};
use crate::{ids, outbox, Workstation};

#[derive(sqlx::FromRow)]
struct OrderRow {
    id: String,
    number: String,
    visit_id: Option<String>,
    lines: String,
    total_minor: i64,
    currency: String,
    payer_name: String,
    reference: String,
    locale: String,
    due_date: String,
    state: String,
    receipt_number: Option<String>,
    cancel_reason: Option<String>,
    created_by_name: Option<String>,
    created_at: i64,
}

const ORDER_SELECT: &str =
    "SELECT o.id, o.number, o.visit_id, o.lines, o.total_minor, o.currency, o.payer_name,
        o.reference, o.locale, o.due_date, o.state, r.number AS receipt_number, o.cancel_reason,
        s.display_name AS created_by_name, o.created_at
   FROM payment_order o
   LEFT JOIN receipt r ON r.id = o.receipt_id
   LEFT JOIN staff s ON s.id = o.created_by";

fn state_of(code: &str) -> PaymentOrderState {
    match code {
        "settled" => PaymentOrderState::Settled,
        "cancelled" => PaymentOrderState::Cancelled,
        _ => PaymentOrderState::Open,
    }
}

impl Workstation {
    /// Issues a payment order for fees to be paid by bank transfer.
    pub async fn issue_payment_order(
        &self,
        actor: &Actor,
        req: PaymentOrderRequest,
    ) -> Result<PaymentOrderView> {
        actor.require(Permission::TakePayments)?;
        let id = req.id.to_string();
        let known: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM payment_order WHERE id = ?")
            .bind(&id)
            .fetch_one(&self.store.reader)
            .await?;
        if known > 0 {
            return self.order_view(req.id).await;
        }
        let office = self.office().await?;
        let settings = self.cash_settings_now().await?;
        let mut check = Check::new();
        if req.currency.trim() != office.view.currency {
            check.fail("currency", FieldErrorCode::WrongCurrency, None);
        }
        if settings.iban.is_empty() {
            check.fail("settings.iban", FieldErrorCode::Required, None);
        }
        let payer_name = check.text("payer_name", &req.payer_name, 200);
        let mut conn = self.store.reader.acquire().await?;
        let lines = self
            .resolve_lines(&mut conn, &req.lines, &mut check)
            .await?;
        drop(conn);
        check.finish()?;
        let total: i64 = lines.iter().map(|l| l.amount_minor).sum();
        let now = self.clock.now();
        let now_ms = now.timestamp_millis();
        let year = office.local_year(now);
        let due = office.local_date(now) + Duration::days(i64::from(settings.order_days));
        let locale = req.locale.unwrap_or(office.view.locale);
        let mut tx = self.store.writer.begin().await?;
        for l in lines.iter().filter(|l| l.ref_kind != "service") {
            // Checked again inside the transaction: a fee is paid or ordered once.
            if super::journal::paid_for(&mut tx, &l.ref_id).await? > 0
                || super::journal::ordered_in(&mut tx, &l.ref_id)
                    .await?
                    .is_some()
            {
                return Err(CoreError::field("lines", FieldErrorCode::AlreadyPaid));
            }
        }
        let n = numbering::take_number(
            &mut tx,
            Series::PaymentOrder,
            year,
            "payment_order",
            &id,
            now_ms,
        )
        .await?;
        let number = Series::PaymentOrder.format(year, n);
        let reference = rules::order_reference(&office.view.currency, year, n, &number);
        sqlx::query(
            "INSERT INTO payment_order (id, number, year, visit_id, lines, total_minor, currency, payer_name, reference,
                    locale, due_date, state, created_by, created_at, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?, ?)",
        )
        .bind(&id)
        .bind(&number)
        .bind(i64::from(year))
        .bind(req.visit_id.map(|v| v.to_string()))
        .bind(serde_json::to_string(&lines).unwrap_or_default())
        .bind(total)
        .bind(&office.view.currency)
        .bind(&payer_name)
        .bind(&reference)
        .bind(locale.code())
        .bind(due.format("%Y-%m-%d").to_string())
        .bind(actor.staff_id.to_string())
        .bind(now_ms)
        .bind(now_ms)
        .execute(&mut *tx)
        .await?;
        outbox::append(
            &mut tx,
            Command::PaymentOrderIssue(commands::NumberedRecord {
                id: id.clone(),
                number: commands::NumberUse {
                    series: Series::PaymentOrder.code().into(),
                    year: i64::from(year),
                    number: n,
                },
                rows: Vec::new(),
            }),
            Some(actor.staff_id),
            now_ms,
            outbox::Effects {
                entity_id: Some(&id),
                rows: &[("payment_order", &id)],
            },
        )
        .await?;
        tx.commit().await?;
        self.order_view(req.id).await
    }

    /// Records an order's transfer as received: a receipt (method transfer, the bank's reference
    /// as its confirmation) and the order settled, in one transaction.
    pub async fn settle_payment_order(
        &self,
        actor: &Actor,
        req: SettleOrderRequest,
    ) -> Result<ReceiptView> {
        actor.require(Permission::TakePayments)?;
        let order = self.order_view(req.order_id).await?;
        if order.state == PaymentOrderState::Settled {
            let rid: Option<String> =
                sqlx::query_scalar("SELECT receipt_id FROM payment_order WHERE id = ?")
                    .bind(req.order_id.to_string())
                    .fetch_one(&self.store.reader)
                    .await?;
            if rid.as_deref() == Some(req.id.to_string().as_str()) {
                return self.get_receipt(actor, req.id).await;
            }
        }
        let mut check = Check::new();
        let bank_reference = check.text("bank_reference", &req.bank_reference, 100);
        if order.state != PaymentOrderState::Open {
            check.fail("order_id", FieldErrorCode::AlreadyPaid, None);
        } else if req.amount_minor != order.total_minor {
            check.fail(
                "amount_minor",
                FieldErrorCode::AmountMismatch,
                Some(order.total_minor),
            );
        }
        check.finish()?;
        let row_lines: String = sqlx::query_scalar("SELECT lines FROM payment_order WHERE id = ?")
            .bind(req.order_id.to_string())
            .fetch_one(&self.store.reader)
            .await?;
        let lines: Vec<ReceiptLine> = serde_json::from_str(&row_lines).unwrap_or_default();
        let order_id = req.order_id.to_string();
        let cx = self.entry_context().await?;
        let mut tx = self.store.writer.begin().await?;
        let id = self
            .write_receipt_in(
                &mut tx,
                &cx,
                actor,
                NewReceipt {
                    id: req.id,
                    kind: ReceiptKind::Payment,
                    method: PaymentMethod::Transfer,
                    refers_to: None,
                    visit_id: order.visit_id.map(|v| v.to_string()),
                    session_id: None,
                    order_id: Some(order_id.clone()),
                    payer_name: Some(order.payer_name.clone()),
                    lines,
                    rounding_minor: 0,
                    tendered_minor: None,
                    approval_code: Some(bank_reference),
                    reason: None,
                    approved_by: None,
                    extra_rows: vec![("payment_order", order_id.clone())],
                },
                Some((
                    "UPDATE payment_order SET state = 'settled', receipt_id = ?2, updated_at = ?3
                      WHERE id = ?1 AND state = 'open'",
                    &order_id,
                )),
            )
            .await?;
        let settled: Option<String> =
            sqlx::query_scalar("SELECT receipt_id FROM payment_order WHERE id = ?")
                .bind(&order_id)
                .fetch_one(&mut *tx)
                .await?;
        if settled.as_deref() != Some(id.to_string().as_str()) {
            return Err(CoreError::field("order_id", FieldErrorCode::AlreadyPaid));
        }
        tx.commit().await?;
        self.get_receipt(actor, id).await
    }

    pub async fn cancel_payment_order(
        &self,
        actor: &Actor,
        req: CancelOrderRequest,
    ) -> Result<PaymentOrderView> {
        actor.require(Permission::TakePayments)?;
        let mut check = Check::new();
        let reason = check.text("reason", &req.reason, MAX_REASON);
        check.finish()?;
        let id = req.order_id.to_string();
        let now = self.now_ms();
        let mut tx = self.store.writer.begin().await?;
        let n = sqlx::query(
            "UPDATE payment_order SET state = 'cancelled', cancel_reason = ?, updated_at = ? WHERE id = ? AND state = 'open'",
        )
        .bind(&reason)
        .bind(now)
        .bind(&id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n == 0 {
            let known: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM payment_order WHERE id = ?")
                .bind(&id)
                .fetch_one(&mut *tx)
                .await?;
            return Err(if known == 0 {
                CoreError::NotFound("payment order")
            } else {
                CoreError::field("order_id", FieldErrorCode::AlreadyPaid)
            });
        }
        outbox::append(
            &mut tx,
            Command::PaymentOrderCancel(commands::SaveRows {
                id: id.clone(),
                rows: Vec::new(),
            }),
            Some(actor.staff_id),
            now,
            outbox::Effects {
                entity_id: Some(&id),
                rows: &[("payment_order", &id)],
            },
        )
        .await?;
        tx.commit().await?;
        self.order_view(req.order_id).await
    }

    pub async fn get_payment_order(&self, actor: &Actor, id: Uuid) -> Result<PaymentOrderView> {
        if !actor.may(Permission::TakePayments) && !actor.may(Permission::ReviewDay) {
            return Err(CoreError::Forbidden);
        }
        self.order_view(id).await
    }

    /// Payment orders, open ones first, newest first.
    pub async fn list_payment_orders(
        &self,
        actor: &Actor,
        f: OrderFilter,
    ) -> Result<Vec<PaymentOrderView>> {
        if !actor.may(Permission::TakePayments) && !actor.may(Permission::ReviewDay) {
            return Err(CoreError::Forbidden);
        }
        let mut q =
            sqlx::QueryBuilder::<sqlx::Sqlite>::new("SELECT o.id FROM payment_order o WHERE 1 = 1");
        if let Some(s) = f.state {
            q.push(" AND o.state = ").push_bind(match s {
                PaymentOrderState::Open => "open",
                PaymentOrderState::Settled => "settled",
                PaymentOrderState::Cancelled => "cancelled",
            });
        }
        if let Some(t) = f.text.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            let compact: String = t.chars().filter(|c| !c.is_whitespace()).collect();
            q.push(" AND (o.number = ")
                .push_bind(t.to_uppercase())
                .push(" OR o.reference = ")
                .push_bind(compact.to_uppercase())
                .push(" OR o.payer_name LIKE ")
                .push_bind(format!("%{t}%"))
                .push(")");
        }
        q.push(" ORDER BY o.state = 'open' DESC, o.created_at DESC LIMIT 200");
        let ids: Vec<String> = q.build_query_scalar().fetch_all(&self.store.reader).await?;
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            out.push(self.order_view(ids::parse(&id)?).await?);
        }
        Ok(out)
    }

    pub(crate) async fn order_view(&self, id: Uuid) -> Result<PaymentOrderView> {
        let row: Option<OrderRow> = sqlx::query_as(&format!("{ORDER_SELECT} WHERE o.id = ?"))
            .bind(id.to_string())
            .fetch_optional(&self.store.reader)
            .await?;
        let r = row.ok_or(CoreError::NotFound("payment order"))?;
        let settings = self.cash_settings_now().await?;
        let lines: Vec<ReceiptLine> = serde_json::from_str(&r.lines).unwrap_or_default();
        let due_date = r
            .due_date
            .parse()
            .map_err(|_| CoreError::Internal("an order's due date does not read".into()))?;
        let text = format!(
            "{} {}",
            r.number,
            lines
                .iter()
                .map(|l| l.description.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        );
        let qr_payload = rules::transfer_qr(&Transfer {
            beneficiary: &settings.beneficiary,
            iban: &settings.iban,
            bic: &settings.bic,
            amount_minor: r.total_minor,
            currency: &r.currency,
            reference: &r.reference,
            text: &text,
            due: due_date,
        });
        Ok(PaymentOrderView {
            id: ids::parse(&r.id)?,
            number: r.number,
            state: state_of(&r.state),
            lines: lines
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
                .collect::<Result<Vec<_>>>()?,
            total_minor: r.total_minor,
            currency: r.currency,
            payer_name: r.payer_name,
            reference: r.reference,
            qr_payload,
            beneficiary: settings.beneficiary,
            iban: settings.iban,
            bic: settings.bic,
            due_date,
            locale: Locale::from_code(&r.locale).unwrap_or(Locale::En),
            visit_id: ids::parse_opt(r.visit_id.as_deref())?,
            created_at: from_millis(r.created_at),
            created_by_name: r.created_by_name.unwrap_or_default(),
            receipt_number: r.receipt_number,
            cancel_reason: r.cancel_reason,
        })
    }
}
