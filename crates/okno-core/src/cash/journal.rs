//! The receipt journal: payments in cash or by card, voids and refunds as new entries that refer
//! to the payment, each numbered, chained, sealed and written with its outbox command in one
//! transaction (reading them back and walking the chain: [`super::views`]).

use okno_rules::cash::{self as rules, ReceiptLine, ReceiptRow, MAX_LINES};
use okno_rules::chain::GENESIS;
use okno_wire::commands::{self, Command};
use okno_wire::{
    FeeRefKind, FieldErrorCode, Locale, PayLine, PaymentMethod, PaymentRequest, Permission,
    ReceiptKind, ReceiptView, RefundRequest, SupervisorApproval, VisitEventKind, VoidRequest,
};
use sqlx::SqliteConnection;
use uuid::Uuid;

use super::{MAX_AMOUNT_MINOR, MAX_QUANTITY, MAX_REASON};
use crate::auth::Actor;
use crate::catalogue::json_names;
use crate::certification::EntryContext;
use crate::error::{Check, CoreError, Result};
use crate::numbering::{self, Series};
use crate::seal::{self, Statement};
use crate::{outbox, Workstation};

pub(super) const ROW_COLUMNS: &str =
    "id, chain_id, chain_pos, prev_hash, entry_hash, number, year, kind, refers_to, method,
    visit_id, session_id, order_id, payer_name, lines, total_minor, rounding_minor, tendered_minor,
    currency, approval_code, reason, approved_by, cashier_id, issued_at, local_day, place, seal";

/// The SQL expression that reads a journal row as one JSON text.
pub(super) fn row_json() -> String {
    crate::rows::json_object_of(ROW_COLUMNS)
}

pub(super) fn parse_row(text: &str) -> Result<ReceiptRow> {
    serde_json::from_str(text)
        .map_err(|e| CoreError::Internal(format!("a receipt row does not read: {e}")))
}

async fn insert_row(tx: &mut SqliteConnection, r: &ReceiptRow) -> Result<()> {
    let marks = vec!["?"; 27].join(", ");
    sqlx::query(&format!(
        "INSERT INTO receipt ({ROW_COLUMNS}) VALUES ({marks})"
    ))
    .bind(&r.id)
    .bind(&r.chain_id)
    .bind(r.chain_pos)
    .bind(&r.prev_hash)
    .bind(&r.entry_hash)
    .bind(&r.number)
    .bind(r.year)
    .bind(&r.kind)
    .bind(&r.refers_to)
    .bind(&r.method)
    .bind(&r.visit_id)
    .bind(&r.session_id)
    .bind(&r.order_id)
    .bind(&r.payer_name)
    .bind(&r.lines)
    .bind(r.total_minor)
    .bind(r.rounding_minor)
    .bind(r.tendered_minor)
    .bind(&r.currency)
    .bind(&r.approval_code)
    .bind(&r.reason)
    .bind(&r.approved_by)
    .bind(&r.cashier_id)
    .bind(r.issued_at)
    .bind(&r.local_day)
    .bind(&r.place)
    .bind(&r.seal)
    .execute(tx)
    .await?;
    Ok(())
}

/// A certification's fee as read: number, fee, service, what was certified, the service's
/// names and account.
type CertFeeRow = (
    String,
    i64,
    Option<String>,
    String,
    Option<String>,
    Option<String>,
);

/// A journal entry to write: everything but its number, chain link and seal.
pub(super) struct NewReceipt {
    pub id: Uuid,
    pub kind: ReceiptKind,
    pub method: PaymentMethod,
    pub refers_to: Option<String>,
    pub visit_id: Option<String>,
    pub session_id: Option<String>,
    pub order_id: Option<String>,
    pub payer_name: Option<String>,
    pub lines: Vec<ReceiptLine>,
    pub rounding_minor: i64,
    pub tendered_minor: Option<i64>,
    pub approval_code: Option<String>,
    pub reason: Option<String>,
    pub approved_by: Option<String>,
    /// Rows written in the same transaction that travel with the command (a settled order).
    pub extra_rows: Vec<(&'static str, String)>,
}

/// A cash session opened at this workstation (its drawer): the session's `open` command is in
/// this workstation's outbox. A cashier's session at another desk, synced here, is not.
pub(super) const OPENED_HERE: &str =
    "id IN (SELECT entity_id FROM outbox WHERE name = 'cash.session' AND entity_id IS NOT NULL)";

/// The journal entries and movements whose command the office's server refused: kept (the
/// journal is append-only) but counted in no drawer.
pub(super) const REFUSED: &str =
    "SELECT entity_id FROM outbox WHERE outcome = 'rejected' AND entity_id IS NOT NULL";

/// Net amount paid so far for a fee's record (payments less voids and refunds).
pub(super) async fn paid_for(conn: &mut SqliteConnection, ref_id: &str) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "SELECT COALESCE(SUM(amount_minor), 0) FROM receipt_line WHERE ref_id = ?",
    )
    .bind(ref_id)
    .fetch_one(&mut *conn)
    .await?)
}

/// The open payment order asking for a fee's record, if any (its number).
pub(super) async fn ordered_in(
    conn: &mut SqliteConnection,
    ref_id: &str,
) -> Result<Option<String>> {
    Ok(sqlx::query_scalar(
        "SELECT o.number FROM payment_order o, json_each(o.lines) j
          WHERE o.state = 'open' AND json_extract(j.value, '$.ref_id') = ? LIMIT 1",
    )
    .bind(ref_id)
    .fetch_optional(&mut *conn)
    .await?)
}

/// A service's name in `locale` (else English, else any).
pub(super) fn service_name(names: &str, locale: Locale) -> String {
    let names = json_names(names);
    names
        .get(locale.code())
        .or_else(|| names.get("en"))
        .or_else(|| names.values().next())
        .cloned()
        .unwrap_or_default()
}

impl Workstation {
    /// The lines to pay, each checked against what is due: a case's or ledger entry's fee not
    /// paid or ordered already, or a service paid for on its own. Field errors go to `check`.
    pub(super) async fn resolve_lines(
        &self,
        conn: &mut SqliteConnection,
        lines: &[PayLine],
        check: &mut Check,
    ) -> Result<Vec<ReceiptLine>> {
        let office = self.office().await?;
        let locale = office.view.locale;
        if lines.is_empty() {
            check.fail("lines", FieldErrorCode::Required, None);
        } else if lines.len() > MAX_LINES {
            check.fail("lines", FieldErrorCode::TooLarge, Some(MAX_LINES as i64));
        }
        let mut out = Vec::with_capacity(lines.len());
        for (i, l) in lines.iter().enumerate() {
            let f = |name: &str| format!("lines.{i}.{name}");
            let ref_id = l.ref_id.to_string();
            if lines[..i]
                .iter()
                .any(|o| o.ref_id == l.ref_id && o.ref_kind == l.ref_kind)
            {
                check.fail(f("ref_id"), FieldErrorCode::Taken, None);
                continue;
            }
            if l.amount_minor.is_some_and(|a| a <= 0) {
                check.fail(f("amount_minor"), FieldErrorCode::TooSmall, Some(1));
                continue;
            }
            if l.amount_minor.is_some_and(|a| a > MAX_AMOUNT_MINOR) {
                check.fail(
                    f("amount_minor"),
                    FieldErrorCode::TooLarge,
                    Some(MAX_AMOUNT_MINOR),
                );
                continue;
            }
            let (label, service_id, description, account, fee, quantity) = match l.ref_kind {
                FeeRefKind::Case => {
                    let row: Option<(String, i64, String, String, Option<String>)> =
                        sqlx::query_as(
                            "SELECT c.number, c.fee_minor, c.service_id, s.names, s.account
                           FROM case_file c JOIN service s ON s.id = c.service_id WHERE c.id = ?",
                        )
                        .bind(&ref_id)
                        .fetch_optional(&mut *conn)
                        .await?;
                    let Some((number, fee, service, names, account)) = row else {
                        check.fail(f("ref_id"), FieldErrorCode::UnknownCase, None);
                        continue;
                    };
                    let name = service_name(&names, locale);
                    (
                        number,
                        Some(service),
                        name,
                        account.unwrap_or_default(),
                        fee,
                        1,
                    )
                }
                FeeRefKind::Certification => {
                    let row: Option<CertFeeRow> =
                        sqlx::query_as(
                            "SELECT l.number, l.fee_minor, l.service_id, l.document_description, s.names, s.account
                               FROM certification l LEFT JOIN service s ON s.id = l.service_id
                              WHERE l.id = ? AND l.kind <> 'cancellation'
                                AND NOT EXISTS (SELECT 1 FROM certification c WHERE c.refers_to = l.id)",
                        )
                        .bind(&ref_id)
                        .fetch_optional(&mut *conn)
                        .await?;
                    let Some((number, fee, service, what, names, account)) = row else {
                        check.fail(f("ref_id"), FieldErrorCode::Malformed, None);
                        continue;
                    };
                    let name = names
                        .map(|n| service_name(&n, locale))
                        .filter(|n| !n.is_empty())
                        .unwrap_or(what);
                    (number, service, name, account.unwrap_or_default(), fee, 1)
                }
                FeeRefKind::Service => {
                    let row: Option<(String, String, i64, Option<String>)> = sqlx::query_as(
                        "SELECT code, names, fee_minor, account FROM service WHERE id = ? AND active = 1",
                    )
                    .bind(&ref_id)
                    .fetch_optional(&mut *conn)
                    .await?;
                    let Some((code, names, fee, account)) = row else {
                        check.fail(f("ref_id"), FieldErrorCode::UnknownService, None);
                        continue;
                    };
                    let quantity = l.quantity.unwrap_or(1);
                    if quantity == 0 || quantity > MAX_QUANTITY {
                        check.fail(
                            f("quantity"),
                            if quantity == 0 {
                                FieldErrorCode::TooSmall
                            } else {
                                FieldErrorCode::TooLarge
                            },
                            Some(if quantity == 0 {
                                1
                            } else {
                                i64::from(MAX_QUANTITY)
                            }),
                        );
                        continue;
                    }
                    let name = service_name(&names, locale);
                    (
                        code,
                        Some(ref_id.clone()),
                        name,
                        account.unwrap_or_default(),
                        fee * i64::from(quantity),
                        quantity,
                    )
                }
            };
            let amount = match (l.ref_kind, l.amount_minor) {
                // A service whose fee varies (0 in the catalogue) is paid what the cashier types.
                (FeeRefKind::Service, Some(a)) if fee == 0 => a,
                (_, Some(a)) if a != fee => {
                    check.fail(f("amount_minor"), FieldErrorCode::AmountMismatch, Some(fee));
                    continue;
                }
                (_, _) => fee,
            };
            if amount <= 0 {
                check.fail(f("amount_minor"), FieldErrorCode::TooSmall, Some(1));
                continue;
            }
            if l.ref_kind != FeeRefKind::Service
                && (paid_for(conn, &ref_id).await? > 0
                    || ordered_in(conn, &ref_id).await?.is_some())
            {
                check.fail(f("ref_id"), FieldErrorCode::AlreadyPaid, None);
                continue;
            }
            out.push(ReceiptLine {
                ref_kind: l.ref_kind.code().to_string(),
                ref_id,
                ref_label: label,
                service_id,
                description,
                account,
                quantity,
                amount_minor: amount,
            });
        }
        Ok(out)
    }

    /// The cash session this member of staff has open, if any.
    pub(super) async fn open_session_of(&self, actor: &Actor) -> Result<Option<String>> {
        Ok(sqlx::query_scalar(&format!(
            "SELECT id FROM cash_session WHERE cashier_id = ? AND state = 'open' AND {OPENED_HERE}
              ORDER BY opened_at DESC LIMIT 1"
        ))
        .bind(actor.staff_id.to_string())
        .fetch_optional(&self.store.reader)
        .await?)
    }

    async fn existing_receipt(&self, actor: &Actor, id: Uuid) -> Result<Option<ReceiptView>> {
        let known: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM receipt WHERE id = ?")
            .bind(id.to_string())
            .fetch_one(&self.store.reader)
            .await?;
        if known > 0 {
            return Ok(Some(self.get_receipt(actor, id).await?));
        }
        Ok(None)
    }

    /// Takes a payment in cash or by card within the cashier's open session: a numbered,
    /// chained, sealed receipt. Repeating the request (same id) answers with the same receipt.
    pub async fn take_payment(&self, actor: &Actor, req: PaymentRequest) -> Result<ReceiptView> {
        actor.require(Permission::TakePayments)?;
        if let Some(done) = self.existing_receipt(actor, req.id).await? {
            return Ok(done);
        }
        let office = self.office().await?;
        let settings = self.cash_settings_now().await?;
        let mut check = Check::new();
        if req.currency.trim() != office.view.currency {
            check.fail("currency", FieldErrorCode::WrongCurrency, None);
        }
        if req.method == PaymentMethod::Transfer {
            check.fail("method", FieldErrorCode::Malformed, None);
        }
        let payer_name = check.optional_text("payer_name", req.payer_name.as_deref(), 200);
        let approval_code = match req.method {
            PaymentMethod::Card => {
                let code = check.text(
                    "approval_code",
                    req.approval_code.as_deref().unwrap_or(""),
                    20,
                );
                if !code.is_empty() && !code.chars().all(|c| c.is_ascii_alphanumeric()) {
                    check.fail("approval_code", FieldErrorCode::Malformed, None);
                }
                Some(code)
            }
            _ => None,
        };
        if let Some(v) = req.visit_id {
            let known: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM visit WHERE id = ?")
                .bind(v.to_string())
                .fetch_one(&self.store.reader)
                .await?;
            if known == 0 {
                check.fail("visit_id", FieldErrorCode::Malformed, None);
            }
        }
        let mut conn = self.store.reader.acquire().await?;
        let lines = self
            .resolve_lines(&mut conn, &req.lines, &mut check)
            .await?;
        drop(conn);
        let total: i64 = lines.iter().map(|l| l.amount_minor).sum();
        let rounding = if req.method == PaymentMethod::Cash {
            rules::round_cash_total(total, settings.rounding_minor, &office.view.currency) - total
        } else {
            0
        };
        let paid = total + rounding;
        let tendered = if req.method == PaymentMethod::Cash {
            match req.tendered_minor {
                None => {
                    check.fail("tendered_minor", FieldErrorCode::Required, None);
                    None
                }
                Some(t) if t < paid && !check.has_errors() => {
                    check.fail("tendered_minor", FieldErrorCode::TenderTooLow, Some(paid));
                    None
                }
                Some(t) if t > paid + MAX_AMOUNT_MINOR => {
                    check.fail(
                        "tendered_minor",
                        FieldErrorCode::TooLarge,
                        Some(MAX_AMOUNT_MINOR),
                    );
                    None
                }
                Some(t) => Some(t),
            }
        } else {
            None
        };
        check.finish()?;
        let session = self
            .open_session_of(actor)
            .await?
            .ok_or(CoreError::NoCashSession)?;
        let id = self
            .write_receipt(
                actor,
                NewReceipt {
                    id: req.id,
                    kind: ReceiptKind::Payment,
                    method: req.method,
                    refers_to: None,
                    visit_id: req.visit_id.map(|v| v.to_string()),
                    session_id: Some(session),
                    order_id: None,
                    payer_name,
                    lines,
                    rounding_minor: rounding,
                    tendered_minor: tendered,
                    approval_code,
                    reason: None,
                    approved_by: None,
                    extra_rows: Vec::new(),
                },
            )
            .await?;
        self.get_receipt(actor, id).await
    }

    /// The payment a void or refund would take back, and who allows it: a payment of a session
    /// that is closed (or of no session) needs a supervisor — the actor, or one who approves at
    /// the desk.
    async fn take_back_of(
        &self,
        actor: &Actor,
        receipt_id: Uuid,
        reason: &str,
        approval: Option<&SupervisorApproval>,
    ) -> Result<(ReceiptRow, String, Option<String>)> {
        let mut check = Check::new();
        let reason = check.text("reason", reason, MAX_REASON);
        check.finish()?;
        let row = self.receipt_row(receipt_id).await?;
        if row.kind != ReceiptKind::Payment.code() {
            return Err(CoreError::field("receipt_id", FieldErrorCode::NotTakeBack));
        }
        let session_open: Option<String> = match &row.session_id {
            Some(s) => {
                sqlx::query_scalar("SELECT state FROM cash_session WHERE id = ?")
                    .bind(s)
                    .fetch_optional(&self.store.reader)
                    .await?
            }
            None => None,
        };
        let approved_by = if actor.may(Permission::SuperviseCash) {
            // A supervisor is named whatever the session's state here: another desk may have
            // closed it meanwhile, and the server then asks who allowed it.
            Some(actor.staff_id.to_string())
        } else if session_open.as_deref() == Some("open") {
            None
        } else {
            match approval {
                Some(a) => Some(self.approve(a).await?),
                None => {
                    return Err(CoreError::field(
                        "approval",
                        FieldErrorCode::SupervisorRequired,
                    ))
                }
            }
        };
        Ok((row, reason, approved_by))
    }

    /// Voids a payment whole: a new entry with its lines negated, the same money paid back.
    pub async fn void_receipt(&self, actor: &Actor, req: VoidRequest) -> Result<ReceiptView> {
        actor.require(Permission::TakePayments)?;
        if let Some(done) = self.existing_receipt(actor, req.id).await? {
            return Ok(done);
        }
        let (old, reason, approved_by) = self
            .take_back_of(actor, req.receipt_id, &req.reason, req.approval.as_ref())
            .await?;
        let later: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM receipt WHERE refers_to = ?")
            .bind(&old.id)
            .fetch_one(&self.store.reader)
            .await?;
        if later > 0 {
            return Err(CoreError::field("receipt_id", FieldErrorCode::NotTakeBack));
        }
        let method = PaymentMethod::from_code(&old.method).unwrap_or(PaymentMethod::Cash);
        let session = self.session_for_take_back(actor, method).await?;
        let lines: Vec<ReceiptLine> = old
            .parsed_lines()
            .into_iter()
            .map(|l| ReceiptLine {
                amount_minor: -l.amount_minor,
                ..l
            })
            .collect();
        let id = self
            .write_receipt(
                actor,
                NewReceipt {
                    id: req.id,
                    kind: ReceiptKind::Void,
                    method,
                    refers_to: Some(old.id.clone()),
                    visit_id: old.visit_id.clone(),
                    session_id: session,
                    order_id: old.order_id.clone(),
                    payer_name: old.payer_name.clone(),
                    lines,
                    rounding_minor: -old.rounding_minor,
                    tendered_minor: None,
                    approval_code: None,
                    reason: Some(reason),
                    approved_by,
                    extra_rows: Vec::new(),
                },
            )
            .await?;
        self.get_receipt(actor, id).await
    }

    /// The session money paid back in cash comes out of (the actor's open one); card and
    /// transfer refunds are booked to it when there is one.
    async fn session_for_take_back(
        &self,
        actor: &Actor,
        method: PaymentMethod,
    ) -> Result<Option<String>> {
        let open = self.open_session_of(actor).await?;
        if method == PaymentMethod::Cash && open.is_none() {
            return Err(CoreError::NoCashSession);
        }
        Ok(open)
    }

    /// Pays back some lines of a payment (each line once).
    pub async fn refund_receipt(&self, actor: &Actor, req: RefundRequest) -> Result<ReceiptView> {
        actor.require(Permission::TakePayments)?;
        if let Some(done) = self.existing_receipt(actor, req.id).await? {
            return Ok(done);
        }
        let (old, reason, approved_by) = self
            .take_back_of(actor, req.receipt_id, &req.reason, req.approval.as_ref())
            .await?;
        let voided: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM receipt WHERE refers_to = ? AND kind = 'void'",
        )
        .bind(&old.id)
        .fetch_one(&self.store.reader)
        .await?;
        if voided > 0 {
            return Err(CoreError::field("receipt_id", FieldErrorCode::NotTakeBack));
        }
        let refunded: Vec<String> = sqlx::query_scalar(
            "SELECT l.ref_id FROM receipt r JOIN receipt_line l ON l.receipt_id = r.id WHERE r.refers_to = ?",
        )
        .bind(&old.id)
        .fetch_all(&self.store.reader)
        .await?;
        let all = old.parsed_lines();
        let mut check = Check::new();
        if req.lines.is_empty() {
            check.fail("lines", FieldErrorCode::Required, None);
        }
        let mut lines = Vec::new();
        for (i, n) in req.lines.iter().enumerate() {
            let Some(l) = all.get(*n as usize) else {
                check.fail(format!("lines.{i}"), FieldErrorCode::Malformed, None);
                continue;
            };
            if refunded.contains(&l.ref_id) || req.lines[..i].contains(n) {
                check.fail(format!("lines.{i}"), FieldErrorCode::NotTakeBack, None);
                continue;
            }
            lines.push(ReceiptLine {
                amount_minor: -l.amount_minor,
                ..l.clone()
            });
        }
        check.finish()?;
        let method = PaymentMethod::from_code(&old.method).unwrap_or(PaymentMethod::Cash);
        let session = self.session_for_take_back(actor, method).await?;
        let total: i64 = lines.iter().map(|l| l.amount_minor).sum();
        let rounding = if method == PaymentMethod::Cash {
            let settings = self.cash_settings_now().await?;
            rules::round_cash_total(total, settings.rounding_minor, &old.currency) - total
        } else {
            0
        };
        let id = self
            .write_receipt(
                actor,
                NewReceipt {
                    id: req.id,
                    kind: ReceiptKind::Refund,
                    method,
                    refers_to: Some(old.id.clone()),
                    visit_id: old.visit_id.clone(),
                    session_id: session,
                    order_id: old.order_id.clone(),
                    payer_name: old.payer_name.clone(),
                    lines,
                    rounding_minor: rounding,
                    tendered_minor: None,
                    approval_code: None,
                    reason: Some(reason),
                    approved_by,
                    extra_rows: Vec::new(),
                },
            )
            .await?;
        self.get_receipt(actor, id).await
    }

    /// Writes one journal entry in a transaction of its own.
    pub(super) async fn write_receipt(&self, actor: &Actor, r: NewReceipt) -> Result<Uuid> {
        let cx = self.entry_context().await?;
        let mut tx = self.store.writer.begin().await?;
        let id = self.write_receipt_in(&mut tx, &cx, actor, r, None).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Writes one journal entry in `tx`: its number, chain link and seal, its outbox command,
    /// and the link to its visit. `before` runs first inside the transaction (a settled order's
    /// update, which must commit with its receipt).
    pub(super) async fn write_receipt_in(
        &self,
        tx: &mut SqliteConnection,
        cx: &EntryContext,
        actor: &Actor,
        r: NewReceipt,
        before: Option<(&str, &str)>,
    ) -> Result<Uuid> {
        let office = cx.office();
        let now = self.clock.now();
        let now_ms = now.timestamp_millis();
        let year = office.local_year(now);
        let day = office.local_date(now);
        let id_text = r.id.to_string();
        if let Some((sql, arg)) = before {
            sqlx::query(sql)
                .bind(arg)
                .bind(&id_text)
                .bind(now_ms)
                .execute(&mut *tx)
                .await?;
        }
        if let Some(refers) = &r.refers_to {
            // Checked again inside the transaction: two cashiers may not both void it.
            let later: Vec<(String, String)> = sqlx::query_as(
                "SELECT r.kind, l.ref_id FROM receipt r JOIN receipt_line l ON l.receipt_id = r.id WHERE r.refers_to = ?",
            )
            .bind(refers)
            .fetch_all(&mut *tx)
            .await?;
            let clash = later.iter().any(|(kind, ref_id)| {
                kind == "void"
                    || r.kind == ReceiptKind::Void
                    || r.lines.iter().any(|l| &l.ref_id == ref_id)
            });
            if clash {
                return Err(CoreError::field("receipt_id", FieldErrorCode::NotTakeBack));
            }
        }
        if r.kind == ReceiptKind::Payment && r.order_id.is_none() {
            // Checked again inside the transaction: two requests may not both take one fee.
            for l in r
                .lines
                .iter()
                .filter(|l| l.ref_kind != FeeRefKind::Service.code())
            {
                if paid_for(tx, &l.ref_id).await? > 0 || ordered_in(tx, &l.ref_id).await?.is_some()
                {
                    return Err(CoreError::field("lines", FieldErrorCode::AlreadyPaid));
                }
            }
        }
        if let Some(s) = &r.session_id {
            // The drawer must still be open: a close may have committed since the request began.
            let state: Option<String> = sqlx::query_scalar(
                "SELECT state FROM cash_session WHERE id = ? AND cashier_id = ?",
            )
            .bind(s)
            .bind(actor.staff_id.to_string())
            .fetch_optional(&mut *tx)
            .await?;
            if state.as_deref() != Some("open") {
                return Err(CoreError::NoCashSession);
            }
        }
        let n =
            numbering::take_number(&mut *tx, Series::Receipt, year, "receipt", &id_text, now_ms)
                .await?;
        let number = Series::Receipt.format(year, n);
        let chain_id = cx.chain_id().to_string();
        let (pos, prev): (i64, String) = sqlx::query_as(
            "SELECT chain_pos + 1, entry_hash FROM receipt WHERE chain_id = ? ORDER BY chain_pos DESC LIMIT 1",
        )
        .bind(&chain_id)
        .fetch_optional(&mut *tx)
        .await?
        .unwrap_or((1, GENESIS.to_string()));
        let total: i64 = r.lines.iter().map(|l| l.amount_minor).sum();
        let description: Vec<&str> = r.lines.iter().map(|l| l.description.as_str()).collect();
        let mut row = ReceiptRow {
            id: id_text.clone(),
            chain_id,
            chain_pos: pos,
            prev_hash: prev,
            entry_hash: String::new(),
            number: number.clone(),
            year: i64::from(year),
            kind: r.kind.code().to_string(),
            refers_to: r.refers_to,
            method: r.method.code().to_string(),
            visit_id: r.visit_id.clone(),
            session_id: r.session_id,
            order_id: r.order_id,
            payer_name: r.payer_name.clone(),
            lines: serde_json::to_string(&r.lines).unwrap_or_default(),
            total_minor: total,
            rounding_minor: r.rounding_minor,
            tendered_minor: r.tendered_minor,
            currency: office.view.currency.clone(),
            approval_code: r.approval_code,
            reason: r.reason,
            approved_by: r.approved_by,
            cashier_id: actor.staff_id.to_string(),
            issued_at: now_ms,
            local_day: day.format("%Y-%m-%d").to_string(),
            place: office.view.name.clone(),
            seal: String::new(),
        };
        if let Err(why) = row.check() {
            return Err(CoreError::Internal(format!(
                "a receipt would be malformed: {why}"
            )));
        }
        row.entry_hash = row.compute_hash();
        let mut entry_hash = [0u8; 32];
        hex::decode_to_slice(&row.entry_hash, &mut entry_hash)
            .map_err(|e| CoreError::Internal(e.to_string()))?;
        row.seal = seal::seal(
            &Statement {
                kind: r.kind.into(),
                office_id: office.view.id,
                year,
                number: u32::try_from(n).unwrap_or(0),
                day,
                pages: u32::try_from(r.lines.len()).unwrap_or(0),
                copies: 1,
                original_sha256: None,
                entry_hash,
                party_name: r.payer_name.unwrap_or_default(),
                document_description: description.join("; "),
                amount: Some((total + r.rounding_minor, office.view.currency.clone())),
            },
            cx.signer(),
        );
        insert_row(&mut *tx, &row).await?;
        let mut rows: Vec<(&str, &str)> = vec![("receipt", &id_text)];
        for (kind, rid) in &r.extra_rows {
            rows.push((kind, rid));
        }
        outbox::append(
            &mut *tx,
            Command::ReceiptIssue(commands::NumberedRecord {
                id: id_text.clone(),
                number: commands::NumberUse {
                    series: Series::Receipt.code().into(),
                    year: i64::from(year),
                    number: n,
                },
                rows: Vec::new(),
            }),
            Some(actor.staff_id),
            now_ms,
            outbox::Effects {
                entity_id: Some(&id_text),
                rows: &rows,
            },
        )
        .await?;
        if let (Some(visit), ReceiptKind::Payment) = (&r.visit_id, r.kind) {
            crate::queue::visit::link_visit(
                &mut *tx,
                actor,
                visit,
                VisitEventKind::Paid,
                "receipt",
                &id_text,
                now_ms,
            )
            .await?;
        }
        Ok(r.id)
    }
}
