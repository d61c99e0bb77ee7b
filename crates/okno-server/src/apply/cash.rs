//! The cash desk on the server: the office's receipt journal (every entry checked against its
//! chain, its seal, the device's receipt leases and the same rules as the desk), payment orders,
//! cash sessions and their movements, and the office's cash settings. A receipt number used twice
//! is refused; a session's close is checked against the journal the server holds.

use serde_json::{json, Value};
use sqlx::PgConnection;

use okno_rules::cash::{self as rules, JournalEntry, Movement, ReceiptRow};
use okno_rules::series::Series;
use okno_wire::commands::{CashSessionCmd, NumberedRecord, SaveRows};
use okno_wire::sync::PushCommand;
use okno_wire::{MovementDirection, PaymentMethod, Permission, ReceiptKind};

use super::*;
use crate::auth::Device;

const MAX_TEXT: usize = 500;

fn text_ok(v: &Value, max: usize) -> bool {
    v.as_str()
        .is_some_and(|s| !s.trim().is_empty() && s.chars().count() <= max)
}

async fn office_currency(tx: &mut PgConnection, dev: &Device) -> R<String> {
    let c: Option<String> = sqlx::query_scalar(
        "SELECT body->>'currency' FROM entity WHERE office_id = $1 AND kind = 'office' LIMIT 1",
    )
    .bind(dev.office_id)
    .fetch_optional(&mut *tx)
    .await?;
    c.ok_or_else(|| reject("not_found", "the office has no currency"))
}

/// The office's settings as stored (or the currency's defaults): rounding step, difference
/// threshold, and when they were last changed (0 for the defaults).
async fn settings(tx: &mut PgConnection, dev: &Device, currency: &str) -> R<(i64, i64, i64)> {
    let row: Option<Value> = sqlx::query_scalar(
        "SELECT body FROM entity WHERE office_id = $1 AND kind = 'cash_settings' LIMIT 1",
    )
    .bind(dev.office_id)
    .fetch_optional(&mut *tx)
    .await?;
    Ok(match row {
        Some(b) => (
            b["rounding_minor"].as_i64().unwrap_or(1),
            b["difference_threshold_minor"].as_i64().unwrap_or(0),
            b["updated_at"].as_i64().unwrap_or(0),
        ),
        None => (rules::default_rounding(currency), 0, 0),
    })
}

pub(super) async fn save_settings(
    tx: &mut PgConnection,
    dev: &Device,
    cmd: &PushCommand,
    actor: &ServerActor,
    p: &SaveRows,
) -> R<Outcome> {
    actor.require(Permission::ManageOffice)?;
    let body = row(&p.rows, "cash_settings")?;
    if body["id"].as_str() != Some(dev.office_id.to_string().as_str())
        || p.id != dev.office_id.to_string()
    {
        return Err(reject("malformed", "the settings belong to another office"));
    }
    let iban = body["iban"].as_str().unwrap_or_default();
    let bic = body["bic"].as_str().unwrap_or_default();
    if !(1..=1_000_000).contains(&body["rounding_minor"].as_i64().unwrap_or(0))
        || body["difference_threshold_minor"].as_i64().unwrap_or(-1) < 0
        || !(1..=365).contains(&body["order_days"].as_i64().unwrap_or(0))
        || (!iban.is_empty() && !rules::iban_valid(iban))
        || (!bic.is_empty() && !rules::bic_valid(bic))
        || !text_ok(&body["beneficiary"], 70)
    {
        return Err(reject("malformed", "the cash settings are out of bounds"));
    }
    upsert(tx, dev, "cash_settings", &body, cmd).await?;
    Ok(Outcome::Applied)
}

/// Checks that `session` as pushed keeps what may not change from `old`.
fn unchanged(old: &Value, new: &Value, fields: &[&str]) -> R<()> {
    for f in fields {
        if old[*f] != new[*f] {
            return Err(reject("malformed", format!("the session's {f} changed")));
        }
    }
    Ok(())
}

/// The journal entries and movements of a session as the server holds them.
async fn session_parts(
    tx: &mut PgConnection,
    dev: &Device,
    session: &str,
) -> R<(Vec<JournalEntry>, Vec<Movement>)> {
    let bodies: Vec<Value> = sqlx::query_scalar(
        "SELECT body FROM entity WHERE office_id = $1 AND kind = 'receipt' AND body->>'session_id' = $2",
    )
    .bind(dev.office_id)
    .bind(session)
    .fetch_all(&mut *tx)
    .await?;
    let mut entries = Vec::with_capacity(bodies.len());
    for b in bodies {
        let r: ReceiptRow = serde_json::from_value(b)
            .map_err(|e| reject("malformed", format!("a stored receipt: {e}")))?;
        entries.push(JournalEntry {
            kind: ReceiptKind::from_code(&r.kind).unwrap_or(ReceiptKind::Payment),
            method: PaymentMethod::from_code(&r.method).unwrap_or(PaymentMethod::Cash),
            lines: r
                .parsed_lines()
                .into_iter()
                .map(|l| rules::JournalLine {
                    service_id: None,
                    description: l.description,
                    account: l.account,
                    amount_minor: l.amount_minor,
                })
                .collect(),
            rounding_minor: r.rounding_minor,
        });
    }
    let moves: Vec<Value> = sqlx::query_scalar(
        "SELECT body FROM entity WHERE office_id = $1 AND kind = 'cash_movement' AND body->>'session_id' = $2",
    )
    .bind(dev.office_id)
    .bind(session)
    .fetch_all(&mut *tx)
    .await?;
    let movements = moves
        .iter()
        .map(|m| Movement {
            direction: if m["direction"] == "in" {
                MovementDirection::In
            } else {
                MovementDirection::Out
            },
            amount_minor: m["amount_minor"].as_i64().unwrap_or(0),
        })
        .collect();
    Ok((entries, movements))
}

pub(super) async fn session(
    tx: &mut PgConnection,
    dev: &Device,
    cmd: &PushCommand,
    actor: &ServerActor,
    p: &CashSessionCmd,
) -> R<Outcome> {
    let body = row(&p.rows, "cash_session")?;
    if body["id"].as_str() != Some(p.session_id.as_str()) {
        return Err(reject("malformed", "the row is another session"));
    }
    match p.action.as_str() {
        "open" => {
            actor.require(Permission::TakePayments)?;
            actor.wrote(&body, "cashier_id", "the session")?;
            let currency = office_currency(tx, dev).await?;
            if body["state"] != "open"
                || body["currency"].as_str() != Some(currency.as_str())
                || body["float_minor"].as_i64().is_none_or(|f| f < 0)
                || !body["closed_at"].is_null()
                || !body["counted_minor"].is_null()
                || !body["signed_off_by"].is_null()
                || !text_ok(&body["desk"], 40)
            {
                return Err(reject(
                    "malformed",
                    "a session opens empty, in the office's currency",
                ));
            }
            insert(tx, dev, "cash_session", &body, cmd, &json!({})).await?;
        }
        "close" => {
            actor.require(Permission::TakePayments)?;
            let (old, clocks) = current(tx, dev, "cash_session", &p.session_id).await?;
            if old["state"] != "open" {
                return Err(reject("invalid_transition", "the session is not open"));
            }
            if old["cashier_id"].as_str() != Some(actor.id.to_string().as_str())
                && !actor.may(Permission::SuperviseCash)
            {
                return Err(reject("forbidden", "another cashier's session"));
            }
            unchanged(
                &old,
                &body,
                &["desk", "cashier_id", "currency", "opened_at", "float_minor"],
            )?;
            let currency = old["currency"].as_str().unwrap_or_default().to_string();
            let counts: Vec<okno_wire::DenominationCount> = body["counts"]
                .as_str()
                .and_then(|c| serde_json::from_str(c).ok())
                .ok_or_else(|| reject("malformed", "the count does not read"))?;
            let pairs: Vec<(i64, u32)> = counts.iter().map(|c| (c.value_minor, c.count)).collect();
            let counted = rules::counted_total(&currency, &pairs).ok_or_else(|| {
                reject(
                    "malformed",
                    "the count names a note or coin the currency has not",
                )
            })?;
            let (entries, movements) = session_parts(tx, dev, &p.session_id).await?;
            let expected = rules::totals(
                old["float_minor"].as_i64().unwrap_or(0),
                &entries,
                &movements,
            )
            .expected_cash_minor;
            if body["counted_minor"].as_i64() != Some(counted)
                || body["expected_minor"].as_i64() != Some(expected)
            {
                return Err(reject(
                    "malformed",
                    "the session's count or expected cash does not match its journal",
                ));
            }
            let (_, threshold, changed) = settings(tx, dev, &currency).await?;
            let needs = (counted - expected).abs() > threshold;
            // A desk that counted before an administrator changed the threshold (and had not
            // heard of it) decided by the one it knew: either state is its to choose then.
            let before_change = body["closed_at"].as_i64().is_some_and(|c| c < changed);
            let state_ok = match body["state"].as_str() {
                Some("closed") => !needs || before_change,
                Some("awaiting_sign_off") => needs || before_change,
                _ => false,
            };
            if !state_ok || body["closed_at"].as_i64().is_none() || !body["signed_off_by"].is_null()
            {
                return Err(reject("malformed", "the session's closing state"));
            }
            update(tx, dev, "cash_session", &p.session_id, &body, &clocks, cmd).await?;
        }
        "sign_off" => {
            actor.require(Permission::SuperviseCash)?;
            let (old, clocks) = current(tx, dev, "cash_session", &p.session_id).await?;
            if old["state"] != "awaiting_sign_off" {
                return Err(reject(
                    "invalid_transition",
                    "the session waits for no sign-off",
                ));
            }
            actor.wrote(&body, "signed_off_by", "the sign-off")?;
            if old["cashier_id"] == body["signed_off_by"] {
                return Err(reject(
                    "forbidden",
                    "a cashier does not sign off their own session",
                ));
            }
            unchanged(
                &old,
                &body,
                &[
                    "desk",
                    "cashier_id",
                    "currency",
                    "opened_at",
                    "float_minor",
                    "closed_at",
                    "counts",
                    "counted_minor",
                    "expected_minor",
                ],
            )?;
            if body["state"] != "closed" || !text_ok(&body["sign_off_reason"], MAX_TEXT) {
                return Err(reject(
                    "malformed",
                    "a sign-off closes the session with a reason",
                ));
            }
            update(tx, dev, "cash_session", &p.session_id, &body, &clocks, cmd).await?;
        }
        other => {
            return Err(reject(
                "malformed",
                format!("unknown session action {other:?}"),
            ))
        }
    }
    Ok(Outcome::Applied)
}

pub(super) async fn movement(
    tx: &mut PgConnection,
    dev: &Device,
    cmd: &PushCommand,
    actor: &ServerActor,
    p: &CashSessionCmd,
) -> R<Outcome> {
    actor.require(Permission::TakePayments)?;
    let m = row(&p.rows, "cash_movement")?;
    actor.wrote(&m, "actor_id", "the movement")?;
    let (session, _) = current(tx, dev, "cash_session", &p.session_id).await?;
    if m["session_id"].as_str() != Some(p.session_id.as_str())
        || session["state"] != "open"
        || session["cashier_id"] != m["actor_id"]
    {
        return Err(reject(
            "no_cash_session",
            "cash moves only in the mover's open session",
        ));
    }
    if !matches!(m["direction"].as_str(), Some("in" | "out"))
        || m["amount_minor"].as_i64().is_none_or(|a| a <= 0)
        || !text_ok(&m["reason"], MAX_TEXT)
    {
        return Err(reject(
            "malformed",
            "a movement has a direction, an amount and a reason",
        ));
    }
    insert(tx, dev, "cash_movement", &m, cmd, &json!({})).await?;
    Ok(Outcome::Applied)
}

/// Checks a pushed journal entry against the rules of the desk and what the office holds.
pub(super) async fn receipt(
    tx: &mut PgConnection,
    dev: &Device,
    cmd: &PushCommand,
    actor: &ServerActor,
    p: &NumberedRecord,
) -> R<Outcome> {
    actor.require(Permission::TakePayments)?;
    let body = row(&p.rows, "receipt")?;
    actor.wrote(&body, "cashier_id", "the receipt")?;
    let r: ReceiptRow = serde_json::from_value(body.clone())
        .map_err(|_| reject("malformed", "not a receipt row"))?;
    if r.id != p.id {
        return Err(reject("malformed", "the row is another receipt"));
    }
    r.check().map_err(|why| reject("malformed", why))?;
    if let Err((code, message)) =
        crate::certification::check_chained(tx, dev, &r, "receipt").await?
    {
        return Err(reject(code, message));
    }
    let currency = office_currency(tx, dev).await?;
    if r.currency != currency {
        return Err(reject("malformed", "a receipt in another currency"));
    }
    let kind = ReceiptKind::from_code(&r.kind).unwrap_or(ReceiptKind::Payment);
    let method = PaymentMethod::from_code(&r.method).unwrap_or(PaymentMethod::Cash);
    // What a cash payment rounds to follows the office's rule; the tendered cash covers it.
    if method == PaymentMethod::Cash && kind == ReceiptKind::Payment {
        let (step, _, changed) = settings(tx, dev, &currency).await?;
        let paid = r.total_minor + r.rounding_minor;
        // Taken before an administrator changed the step (on a desk that had not heard of it):
        // rounded by the step it knew, which the server no longer holds — at most half a step
        // of the largest an office may set.
        let rounding_ok = if r.issued_at < changed {
            r.rounding_minor.abs() * 2 <= 1_000_000
        } else {
            paid == rules::round_cash_total(r.total_minor, step, &currency)
        };
        if !rounding_ok || r.tendered_minor.is_none_or(|t| t < paid) {
            return Err(reject(
                "malformed",
                "the cash rounding or the tendered amount",
            ));
        }
    }
    // The seal states this entry: its kind and the amount paid.
    let sealed = okno_rules::seal::parse(&r.seal)
        .map_err(|_| reject("bad_seal", "the seal cannot be read"))?;
    if sealed.statement.kind != okno_wire::SealKind::from(kind)
        || sealed.statement.amount != Some((r.total_minor + r.rounding_minor, r.currency.clone()))
    {
        return Err(reject("bad_seal", "the seal states another kind or amount"));
    }
    // A payment at the desk belongs to the cashier's open session.
    if let Some(s) = &r.session_id {
        let (session, _) = current(tx, dev, "cash_session", s).await?;
        if session["state"] != "open"
            || session["cashier_id"].as_str() != Some(r.cashier_id.as_str())
        {
            return Err(reject(
                "no_cash_session",
                "the receipt's session is not the cashier's open one",
            ));
        }
    } else if method == PaymentMethod::Cash {
        return Err(reject("no_cash_session", "cash is taken within a session"));
    }
    for l in r.parsed_lines() {
        let entity = match l.ref_kind.as_str() {
            "case" => "case_file",
            "certification" => "certification",
            "service" => "service",
            _ => {
                return Err(reject(
                    "malformed",
                    "a line names no case, certification or service",
                ))
            }
        };
        exists(tx, dev, entity, &l.ref_id, "not_found").await?;
    }
    if let Some(old_id) = &r.refers_to {
        let (old, _) = current(tx, dev, "receipt", old_id).await?;
        if old["kind"] != "payment" {
            return Err(reject(
                "not_take_back",
                "only a payment is voided or refunded",
            ));
        }
        let later: Vec<Value> = sqlx::query_scalar(
            "SELECT body FROM entity WHERE office_id = $1 AND kind = 'receipt' AND body->>'refers_to' = $2",
        )
        .bind(dev.office_id)
        .bind(old_id)
        .fetch_all(&mut *tx)
        .await?;
        let taken: Vec<String> = later
            .iter()
            .flat_map(|b| {
                serde_json::from_value::<ReceiptRow>(b.clone())
                    .map(|x| x.parsed_lines())
                    .unwrap_or_default()
            })
            .map(|l| l.ref_id)
            .collect();
        if later.iter().any(|b| b["kind"] == "void")
            || (kind == ReceiptKind::Void && !later.is_empty())
            || r.parsed_lines().iter().any(|l| taken.contains(&l.ref_id))
        {
            return Err(reject(
                "not_take_back",
                "the payment was taken back already",
            ));
        }
        // What is taken back is what was paid: each line a line of the payment, negated; a void
        // all of them with the rounding; by the payment's method, in its currency.
        let old_row: ReceiptRow = serde_json::from_value(old.clone())
            .map_err(|_| reject("malformed", "the payment does not read"))?;
        let paid_lines = old_row.parsed_lines();
        let mine = r.parsed_lines();
        let each_paid = mine.iter().all(|l| {
            paid_lines.iter().any(|p| {
                p.ref_id == l.ref_id
                    && p.ref_kind == l.ref_kind
                    && p.amount_minor == -l.amount_minor
            })
        });
        let whole = kind != ReceiptKind::Void
            || (mine.len() == paid_lines.len() && r.rounding_minor == -old_row.rounding_minor);
        if !each_paid || !whole || r.method != old_row.method || r.currency != old_row.currency {
            return Err(reject(
                "malformed",
                "a void or refund takes back lines of the payment, as paid",
            ));
        }
        // A payment of a session that is no longer open is taken back with a supervisor.
        let open = match old["session_id"].as_str() {
            Some(s) => current(tx, dev, "cash_session", s).await?.0["state"] == "open",
            None => false,
        };
        if !open {
            let by = r.approved_by.as_deref().ok_or_else(|| {
                reject(
                    "supervisor_required",
                    "a closed session's payment needs a supervisor",
                )
            })?;
            let roles: Option<String> = sqlx::query_scalar(
                "SELECT body->>'roles' FROM entity WHERE office_id = $1 AND kind = 'staff' AND id = $2 AND (body->>'active')::int = 1",
            )
            .bind(dev.office_id)
            .bind(by)
            .fetch_optional(&mut *tx)
            .await?;
            let roles: Vec<okno_wire::Role> = roles
                .and_then(|r| serde_json::from_str::<Vec<String>>(&r).ok())
                .unwrap_or_default()
                .iter()
                .filter_map(|c| okno_wire::Role::from_code(c))
                .collect();
            if !okno_rules::permissions::permissions_of(&roles).contains(&Permission::SuperviseCash)
            {
                return Err(reject(
                    "supervisor_required",
                    "the approval is not a supervisor's",
                ));
            }
        }
    }
    // A transfer settles its payment order, which travels with it.
    if let Some(order_id) = &r.order_id {
        if kind == ReceiptKind::Payment {
            let order = row(&p.rows, "payment_order")?;
            let (old, clocks) = current(tx, dev, "payment_order", order_id).await?;
            if method != PaymentMethod::Transfer
                || old["state"] != "open"
                || old["total_minor"].as_i64() != Some(r.total_minor)
                || order["state"] != "settled"
                || order["receipt_id"].as_str() != Some(r.id.as_str())
            {
                return Err(reject(
                    "malformed",
                    "the transfer does not settle its order",
                ));
            }
            unchanged(
                &old,
                &order,
                &["number", "lines", "total_minor", "reference", "payer_name"],
            )?;
            update(tx, dev, "payment_order", order_id, &order, &clocks, cmd).await?;
        }
    } else if method == PaymentMethod::Transfer && kind == ReceiptKind::Payment {
        return Err(reject("malformed", "a transfer settles a payment order"));
    }
    use_number(
        tx,
        dev,
        cmd,
        Series::Receipt,
        Some(r.number.as_str()),
        "receipt",
        &r.id,
    )
    .await?;
    insert(tx, dev, "receipt", &body, cmd, &json!({})).await?;
    Ok(Outcome::Applied)
}

pub(super) async fn issue_order(
    tx: &mut PgConnection,
    dev: &Device,
    cmd: &PushCommand,
    actor: &ServerActor,
    p: &NumberedRecord,
) -> R<Outcome> {
    actor.require(Permission::TakePayments)?;
    let order = row(&p.rows, "payment_order")?;
    actor.wrote(&order, "created_by", "the order")?;
    let currency = office_currency(tx, dev).await?;
    let lines: Vec<rules::ReceiptLine> = order["lines"]
        .as_str()
        .and_then(|l| serde_json::from_str(l).ok())
        .ok_or_else(|| reject("malformed", "the order's lines do not read"))?;
    let sum: i64 = lines.iter().map(|l| l.amount_minor).sum();
    if order["id"].as_str() != Some(p.id.as_str())
        || order["state"] != "open"
        || order["currency"].as_str() != Some(currency.as_str())
        || lines.is_empty()
        || lines.iter().any(|l| l.amount_minor <= 0)
        || order["total_minor"].as_i64() != Some(sum)
        || !text_ok(&order["payer_name"], 200)
        || !order["receipt_id"].is_null()
    {
        return Err(reject("malformed", "an order opens with its lines' total"));
    }
    use_number(
        tx,
        dev,
        cmd,
        Series::PaymentOrder,
        order["number"].as_str(),
        "payment_order",
        &p.id,
    )
    .await?;
    insert(tx, dev, "payment_order", &order, cmd, &json!({})).await?;
    Ok(Outcome::Applied)
}

pub(super) async fn cancel_order(
    tx: &mut PgConnection,
    dev: &Device,
    cmd: &PushCommand,
    actor: &ServerActor,
    p: &SaveRows,
) -> R<Outcome> {
    actor.require(Permission::TakePayments)?;
    let order = row(&p.rows, "payment_order")?;
    let (old, clocks) = current(tx, dev, "payment_order", &p.id).await?;
    if old["state"] != "open" {
        return Err(reject(
            "already_paid",
            "the order was settled or cancelled already",
        ));
    }
    unchanged(
        &old,
        &order,
        &[
            "number",
            "lines",
            "total_minor",
            "reference",
            "payer_name",
            "receipt_id",
        ],
    )?;
    if order["state"] != "cancelled" || !text_ok(&order["cancel_reason"], MAX_TEXT) {
        return Err(reject("malformed", "a cancellation gives its reason"));
    }
    update(tx, dev, "payment_order", &p.id, &order, &clocks, cmd).await?;
    Ok(Outcome::Applied)
}
