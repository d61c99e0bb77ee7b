//! Applying one pushed command to the office's records, inside the push's transaction (each
//! command under its own savepoint, so a refusal undoes exactly that command).
//!
//! The workstation sends the rows it wrote; the server checks who did it (the actor must be
//! active staff of the device's office with the permission the command needs), that the rows
//! are well-formed and belong to this office, that legal numbers come from the device's
//! leases, and the case status machine — and merges descriptive fields last-writer-wins by
//! hybrid logical clock. What it cannot decide becomes a conflict record.

use serde_json::{json, Value};
use sqlx::PgConnection;
use uuid::Uuid;

use okno_rules::permissions::permissions_of;
use okno_rules::series::Series;
use okno_rules::status;
use okno_wire::commands::{Command, RowBody};
use okno_wire::sync::{table, PushCommand, STREAM_OFFICE};
use okno_wire::{CaseStatus, Permission, Role};

use crate::auth::Device;

pub(crate) enum Outcome {
    Applied,
    Conflict { code: &'static str, message: String },
}

#[derive(Debug)]
pub(crate) enum Fail {
    /// The command is refused; nothing of it is kept.
    Reject { code: &'static str, message: String },
    /// The database failed: the whole push is abandoned (and retried by the device).
    Db(sqlx::Error),
}

impl From<sqlx::Error> for Fail {
    fn from(e: sqlx::Error) -> Fail {
        if let sqlx::Error::Database(db) = &e {
            if db.is_unique_violation() {
                return Fail::Reject {
                    code: "duplicate",
                    message: format!(
                        "already taken: {}",
                        db.constraint().unwrap_or("a unique key")
                    ),
                };
            }
        }
        Fail::Db(e)
    }
}

fn reject(code: &'static str, message: impl Into<String>) -> Fail {
    Fail::Reject {
        code,
        message: message.into(),
    }
}

type R<T> = Result<T, Fail>;

mod attachments;
mod cases;
mod cash;
mod catalogue;
mod certification;
pub(crate) mod feedback;
mod filing;
mod numbers;
mod office;
mod queue;
mod registry;
mod review;

/// The record a command is about (its table and id), to re-send its server state when the
/// command is refused (so the workstation drops its optimistic change).
pub(crate) fn subject_of(cmd: &PushCommand) -> Option<(&'static str, String)> {
    let command = Command::decode(&cmd.name, cmd.version, &cmd.payload).ok()?;
    command.subject().map(|(kind, id)| (kind, id.to_string()))
}

/// Decodes the command (a name, version or payload this server does not know is refused with its
/// reason, and nothing is written), checks who made it, and hands it to its capability.
pub(crate) async fn apply(tx: &mut PgConnection, dev: &Device, cmd: &PushCommand) -> R<Outcome> {
    let command =
        Command::decode(&cmd.name, cmd.version, &cmd.payload).map_err(|e| Fail::Reject {
            code: e.code,
            message: e.message,
        })?;
    let actor = actor(tx, dev, cmd).await?;
    if command.name().day_work() {
        ensure_day_open(tx, dev, cmd).await?;
    }
    let a = &actor;
    match &command {
        Command::OfficeSetup(_) => office::setup(),
        Command::StaffCreate(p) => office::create_staff(tx, dev, cmd, a, p).await,
        Command::StaffSetLocale(p) => office::set_locale(tx, dev, cmd, a, p).await,
        Command::CatalogueSaveAgency(p) => catalogue::save_agency(tx, dev, cmd, a, p).await,
        Command::CatalogueSaveService(p) => catalogue::save_service(tx, dev, cmd, a, p).await,
        Command::CaseRegister(p) => cases::register(tx, dev, cmd, a, p).await,
        Command::CaseChangeStatus(p) => cases::change_status(tx, dev, cmd, a, p).await,
        Command::CaseAddNote(p) => cases::event(tx, dev, cmd, a, p, true).await,
        Command::CaseReceiptPrinted(p) => cases::event(tx, dev, cmd, a, p, false).await,
        Command::CaseReassign(p) => cases::reassign(tx, dev, cmd, a, p).await,
        Command::CaseUpdate(p) => cases::edit(tx, dev, cmd, a, p).await,
        Command::FilingRegister(p) => filing::register(tx, dev, cmd, a, p).await,
        Command::AttachmentAdd(p) => attachments::add(tx, dev, cmd, a, p).await,
        Command::CertificationRegister(p) => certification::register(tx, dev, cmd, a, p).await,
        Command::CertificationPrinted(p) => certification::printed(tx, dev, cmd, a, p).await,
        Command::RegistryAudit(p) => registry::audit(tx, dev, cmd, a, p).await,
        Command::DayClose(p) => review::close_day(tx, dev, cmd, a, p).await,
        Command::ConflictSettle(p) => review::settle(tx, dev, cmd, a, p).await,
        Command::NumbersVoid(p) => numbers::void(tx, dev, cmd, a, p).await,
        Command::OfficeSetPublicAddress(p) => office::set_public_address(tx, dev, cmd, a, p).await,
        Command::QueueSaveCategory(p) => queue::save_category(tx, dev, cmd, a, p).await,
        Command::QueueTakeTicket(p) => queue::take_ticket(tx, dev, cmd, a, p).await,
        Command::QueueTicket(p) => queue::ticket(tx, dev, cmd, a, p).await,
        Command::VisitLink(p) => queue::link(tx, dev, cmd, a, p).await,
        Command::QueueSetOpeningHours(p) => queue::set_opening_hours(tx, dev, cmd, a, p).await,
        Command::QueueSaveBookingPlan(p) => queue::save_booking_plan(tx, dev, cmd, a, p).await,
        Command::CashSaveSettings(p) => cash::save_settings(tx, dev, cmd, a, p).await,
        Command::CashSession(p) => cash::session(tx, dev, cmd, a, p).await,
        Command::CashMovement(p) => cash::movement(tx, dev, cmd, a, p).await,
        Command::ReceiptIssue(p) => cash::receipt(tx, dev, cmd, a, p).await,
        Command::PaymentOrderIssue(p) => cash::issue_order(tx, dev, cmd, a, p).await,
        Command::PaymentOrderCancel(p) => cash::cancel_order(tx, dev, cmd, a, p).await,
        Command::FeedbackFile(p) => feedback::file(tx, dev, cmd, a, p).await,
        Command::FeedbackStep(p) => feedback::step(tx, dev, cmd, a, p).await,
        Command::FeedbackSaveSettings(p) => feedback::save_settings(tx, dev, cmd, a, p).await,
        Command::RatingGive(p) => feedback::rating(tx, dev, cmd, a, p).await,
        Command::SurveySave(p) => feedback::save_survey(tx, dev, cmd, a, p).await,
        Command::SurveyCodes(p) => feedback::survey_codes(tx, dev, cmd, a, p).await,
    }
}

// ---------------------------------------------------------------------------------------------

pub(crate) struct ServerActor {
    pub id: Uuid,
    permissions: std::collections::BTreeSet<Permission>,
}

impl ServerActor {
    pub(crate) fn may(&self, p: Permission) -> bool {
        self.permissions.contains(&p)
    }

    fn require(&self, p: Permission) -> R<()> {
        if self.may(p) {
            Ok(())
        } else {
            Err(reject("forbidden", "not allowed for this role"))
        }
    }
}

async fn actor(tx: &mut PgConnection, dev: &Device, cmd: &PushCommand) -> R<ServerActor> {
    let id = cmd
        .actor_id
        .ok_or_else(|| reject("forbidden", "the command names no member of staff"))?;
    let body: Option<Value> = sqlx::query_scalar(
        "SELECT body FROM entity WHERE office_id = $1 AND kind = 'staff' AND id = $2",
    )
    .bind(dev.office_id)
    .bind(id.to_string())
    .fetch_optional(&mut *tx)
    .await?;
    let body = body.ok_or_else(|| reject("forbidden", "unknown member of staff"))?;
    if body["active"].as_i64() != Some(1) {
        return Err(reject("forbidden", "the member of staff is disabled"));
    }
    let roles: Vec<Role> = body["roles"]
        .as_str()
        .and_then(|r| serde_json::from_str::<Vec<String>>(r).ok())
        .unwrap_or_default()
        .iter()
        .filter_map(|c| Role::from_code(c))
        .collect();
    Ok(ServerActor {
        id,
        permissions: permissions_of(&roles),
    })
}

impl ServerActor {
    /// Refuses a row whose `field` names someone other than the command's actor (the
    /// registrar of an entry, who printed, signed off or settled): `what` says which row.
    fn wrote(&self, body: &Value, field: &str, what: &str) -> R<()> {
        if body[field].as_str() == Some(self.id.to_string().as_str()) {
            Ok(())
        } else {
            Err(reject(
                "malformed",
                format!("{what} names another member of staff"),
            ))
        }
    }
}

/// Refuses an attachment whose bytes have not all been uploaded yet.
async fn blob_uploaded(tx: &mut PgConnection, att: &Value) -> R<()> {
    let complete: Option<bool> = sqlx::query_scalar("SELECT complete FROM blob WHERE sha256 = $1")
        .bind(att["sha256"].as_str().unwrap_or_default())
        .fetch_optional(&mut *tx)
        .await?;
    if complete == Some(true) {
        Ok(())
    } else {
        Err(reject(
            "blob_missing",
            "the attachment's bytes have not been uploaded",
        ))
    }
}

fn case_status(code: &str) -> R<CaseStatus> {
    status::from_code(code).ok_or_else(|| reject("malformed", format!("unknown status {code:?}")))
}

/// The row of `kind` the command carries, checked column by column.
fn row(rows: &[RowBody], kind: &str) -> R<Value> {
    let t = table(kind).ok_or_else(|| reject("malformed", format!("{kind} is not synced")))?;
    let body = rows
        .iter()
        .find(|r| r.kind == kind)
        .map(|r| r.body.clone())
        .ok_or_else(|| reject("malformed", format!("the command carries no {kind} row")))?;
    t.check_body(&body).map_err(|e| reject("malformed", e))?;
    Ok(body)
}

/// Every row of `kind` the command carries, each checked.
fn rows_of(rows: &[RowBody], kind: &str) -> R<Vec<Value>> {
    let t = table(kind).ok_or_else(|| reject("malformed", format!("{kind} is not synced")))?;
    let mut out = Vec::new();
    for r in rows.iter().filter(|r| r.kind == kind) {
        let body = r.body.clone();
        t.check_body(&body).map_err(|e| reject("malformed", e))?;
        out.push(body);
    }
    Ok(out)
}

fn case_event(rows: &[RowBody], cmd: &PushCommand, case_id: &str) -> R<Value> {
    let ev = row(rows, "case_event")?;
    if ev["case_id"].as_str() != Some(case_id) {
        return Err(reject("malformed", "the event belongs to another case"));
    }
    if ev["actor_id"].as_str() != cmd.actor_id.map(|a| a.to_string()).as_deref() {
        return Err(reject("malformed", "the event names another actor"));
    }
    Ok(ev)
}

fn bump_updated(body: &mut Value, cmd: &PushCommand) {
    let cur = body["updated_at"].as_i64().unwrap_or(0);
    body["updated_at"] = json!(cur.max(cmd.created_at));
}

/// Last writer wins for one field: takes `value` if `hlc` is later than the field's stamp.
fn lww(body: &mut Value, clocks: &mut Value, field: &str, value: Value, hlc: &str) -> bool {
    let seen = clocks.get(field).and_then(Value::as_str).unwrap_or("");
    if hlc > seen {
        body[field] = value;
        clocks[field] = json!(hlc);
        true
    } else {
        false
    }
}

async fn exists(
    tx: &mut PgConnection,
    dev: &Device,
    kind: &str,
    id: &str,
    code: &'static str,
) -> R<()> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM entity WHERE office_id = $1 AND kind = $2 AND id = $3",
    )
    .bind(dev.office_id)
    .bind(kind)
    .bind(id)
    .fetch_one(&mut *tx)
    .await?;
    if n == 0 {
        return Err(reject(code, format!("no {kind} {id} in this office")));
    }
    Ok(())
}

/// Refuses a command of the day's work made on a day the office has signed off: the clerk's
/// workstation was offline when it was closed, and is told so by the refusal.
async fn ensure_day_open(tx: &mut PgConnection, dev: &Device, cmd: &PushCommand) -> R<()> {
    let closed: Option<(String, Option<String>)> = sqlx::query_as(
        "SELECT d.body->>'day', s.body->>'display_name'
           FROM entity d
           LEFT JOIN entity s ON s.office_id = d.office_id AND s.kind = 'staff' AND s.id = d.body->>'closed_by'
          WHERE d.office_id = $1 AND d.kind = 'day_close'
            AND (d.body->>'starts_at')::bigint <= $2 AND (d.body->>'ends_at')::bigint > $2
          LIMIT 1",
    )
    .bind(dev.office_id)
    .bind(cmd.created_at)
    .fetch_optional(&mut *tx)
    .await?;
    match closed {
        Some((day, by)) => Err(reject(
            "day_closed",
            format!(
                "the office's day {day} was signed off by {} before this change arrived; nothing more can be recorded on it",
                by.unwrap_or_else(|| "a supervisor".into())
            ),
        )),
        None => Ok(()),
    }
}

async fn current(tx: &mut PgConnection, dev: &Device, kind: &str, id: &str) -> R<(Value, Value)> {
    let row: Option<(Value, Value)> = sqlx::query_as(
        "SELECT body, clocks FROM entity WHERE office_id = $1 AND kind = $2 AND id = $3 FOR UPDATE",
    )
    .bind(dev.office_id)
    .bind(kind)
    .bind(id)
    .fetch_optional(&mut *tx)
    .await?;
    row.ok_or_else(|| {
        reject(
            if kind == "case_file" {
                "unknown_case"
            } else {
                "not_found"
            },
            format!("no {kind} {id} in this office"),
        )
    })
}

async fn case(tx: &mut PgConnection, dev: &Device, id: &str) -> R<(Value, Value)> {
    current(tx, dev, "case_file", id).await
}

fn max_clock(clocks: &Value, hlc: &str) -> String {
    let mut m = hlc.to_string();
    if let Some(o) = clocks.as_object() {
        for v in o.values().filter_map(Value::as_str) {
            if v > m.as_str() {
                m = v.to_string();
            }
        }
    }
    m
}

async fn insert(
    tx: &mut PgConnection,
    dev: &Device,
    kind: &str,
    body: &Value,
    cmd: &PushCommand,
    clocks: &Value,
) -> R<()> {
    let id = body["id"].as_str().unwrap_or_default();
    sqlx::query(
        "INSERT INTO entity (office_id, kind, id, stream, body, clocks, hlc) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(dev.office_id)
    .bind(kind)
    .bind(id)
    .bind(STREAM_OFFICE)
    .bind(body)
    .bind(clocks)
    .bind(&cmd.hlc)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

async fn upsert(
    tx: &mut PgConnection,
    dev: &Device,
    kind: &str,
    body: &Value,
    cmd: &PushCommand,
) -> R<()> {
    let id = body["id"].as_str().unwrap_or_default();
    sqlx::query(
        "INSERT INTO entity (office_id, kind, id, stream, body, hlc) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (office_id, kind, id) DO UPDATE
           SET body = EXCLUDED.body, hlc = EXCLUDED.hlc, txid = pg_current_xact_id(), rev = nextval('entity_rev')",
    )
    .bind(dev.office_id)
    .bind(kind)
    .bind(id)
    .bind(STREAM_OFFICE)
    .bind(body)
    .bind(&cmd.hlc)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

async fn update(
    tx: &mut PgConnection,
    dev: &Device,
    kind: &str,
    id: &str,
    body: &Value,
    clocks: &Value,
    cmd: &PushCommand,
) -> R<()> {
    sqlx::query(
        "UPDATE entity SET body = $4, clocks = $5, hlc = $6, txid = pg_current_xact_id(), rev = nextval('entity_rev')
         WHERE office_id = $1 AND kind = $2 AND id = $3",
    )
    .bind(dev.office_id)
    .bind(kind)
    .bind(id)
    .bind(body)
    .bind(clocks)
    .bind(max_clock(clocks, &cmd.hlc))
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// Sends a row out again unchanged (after a refusal, so the workstation drops its own version).
pub(crate) async fn touch(
    tx: &mut PgConnection,
    dev: &Device,
    kind: &str,
    id: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE entity SET txid = pg_current_xact_id(), rev = nextval('entity_rev')
         WHERE office_id = $1 AND kind = $2 AND id = $3",
    )
    .bind(dev.office_id)
    .bind(kind)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// Records the use of a leased legal number: it must lie in one of this device's leases, match
/// the printed number, and not be used or voided already.
async fn use_number(
    tx: &mut PgConnection,
    dev: &Device,
    cmd: &PushCommand,
    series: Series,
    printed: Option<&str>,
    owner_kind: &str,
    owner_id: &str,
) -> R<()> {
    let n = &cmd.payload["number"];
    let (Some(code), Some(year), Some(number)) = (
        n["series"].as_str(),
        n["year"].as_i64(),
        n["number"].as_i64(),
    ) else {
        return Err(reject("malformed", "the legal number is missing"));
    };
    if code != series.code() || printed != Some(series.format(year as i32, number).as_str()) {
        return Err(reject(
            "malformed",
            "the legal number does not match the record",
        ));
    }
    let shown = series.format(year as i32, number);
    // The lease row is share-locked: an administrator voiding the device's leases either
    // waits for this push (the number counts as used) or comes first (the number is refused).
    let lease: Option<(Uuid, bool)> = sqlx::query_as(
        "SELECT id, closed_at IS NOT NULL FROM number_lease WHERE office_id = $1 AND device_id = $2 AND series = $3 AND year = $4
           AND first <= $5 AND last >= $5 FOR SHARE",
    )
    .bind(dev.office_id)
    .bind(dev.id)
    .bind(code)
    .bind(year as i32)
    .bind(number)
    .fetch_optional(&mut *tx)
    .await?;
    let (lease, closed) = lease.ok_or_else(|| {
        reject(
            "number_not_leased",
            format!("{shown} was not leased to this workstation"),
        )
    })?;
    let taken: Option<(String, Option<String>)> = sqlx::query_as(
        "SELECT owner_kind, void_reason FROM number_use WHERE office_id = $1 AND series = $2 AND year = $3 AND number = $4",
    )
    .bind(dev.office_id)
    .bind(code)
    .bind(year as i32)
    .bind(number)
    .fetch_optional(&mut *tx)
    .await?;
    match taken {
        Some((kind, reason)) if kind == "void" => {
            return Err(reject(
                "number_voided",
                format!(
                    "{shown} was voided: {}",
                    reason.unwrap_or_else(|| "no reason given".into())
                ),
            ))
        }
        Some(_) => {
            return Err(reject(
                "duplicate",
                format!("{shown} is used by another record already"),
            ))
        }
        None if closed => {
            return Err(reject(
                "number_voided",
                format!("the block of {shown} was closed"),
            ))
        }
        None => {}
    }
    sqlx::query(
        "INSERT INTO number_use (office_id, series, year, number, lease_id, owner_kind, owner_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(dev.office_id)
    .bind(code)
    .bind(year as i32)
    .bind(number)
    .bind(lease)
    .bind(owner_kind)
    .bind(owner_id)
    .execute(&mut *tx)
    .await?;
    Ok(())
}
