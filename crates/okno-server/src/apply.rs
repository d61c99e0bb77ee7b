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
use okno_rules::status;
use okno_rules::series::Series;
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

/// The entity ids a command is about, to re-send their server state when it is refused (so the
/// workstation drops its optimistic change).
pub(crate) fn subject_of(cmd: &PushCommand) -> Option<(&'static str, String)> {
    let p = &cmd.payload;
    let s = |k: &str| p.get(k).and_then(Value::as_str).map(str::to_string);
    match cmd.name.as_str() {
        n if n.starts_with("case.") => s("case_id").map(|id| ("case_file", id)),
        "staff.set_locale" => s("staff_id").map(|id| ("staff", id)),
        "catalogue.save_agency" => s("id").map(|id| ("agency", id)),
        "catalogue.save_service" => s("id").map(|id| ("service", id)),
        _ => None,
    }
}

pub(crate) async fn apply(tx: &mut PgConnection, dev: &Device, cmd: &PushCommand) -> R<Outcome> {
    let supported = match cmd.name.as_str() {
        "case.update"
        | "staff.set_locale"
        | "numbers.void"
        | "office.setup"
        | "certification.register"
        | "certification.printed"
        | "day.close"
        | "conflict.settle"
        | "registry.audit" => cmd.version == 1,
        _ => cmd.version == 2,
    };
    if !supported {
        return Err(reject(
            "unsupported_version",
            format!("{} version {} is not supported", cmd.name, cmd.version),
        ));
    }
    if !cmd.payload.is_object() {
        return Err(reject("malformed", "the payload is not an object"));
    }
    let actor = actor(tx, dev, cmd).await?;
    if okno_wire::sync::records_day_work(&cmd.name) {
        ensure_day_open(tx, dev, cmd).await?;
    }
    match cmd.name.as_str() {
        "office.setup" => Err(reject(
            "not_allowed",
            "an enrolled workstation cannot set up an office",
        )),
        "staff.create" => {
            actor.require(Permission::ManageStaff)?;
            let body = row(cmd, "staff")?;
            if body["office_id"].as_str() != Some(&dev.office_id.to_string()) {
                return Err(reject(
                    "wrong_office",
                    "the member of staff belongs to another office",
                ));
            }
            insert(tx, dev, "staff", &body, cmd, &json!({})).await?;
            Ok(Outcome::Applied)
        }
        "staff.set_locale" => {
            let id = text(cmd, "staff_id")?;
            if id != actor.id.to_string() {
                actor.require(Permission::ManageStaff)?;
            }
            let locale = text(cmd, "locale")?;
            if okno_wire::Locale::from_code(&locale).is_none() {
                return Err(reject("malformed", "unknown locale"));
            }
            let (mut body, clocks) = current(tx, dev, "staff", &id).await?;
            body["locale"] = json!(locale);
            body["updated_at"] =
                json!(cmd.created_at.max(body["updated_at"].as_i64().unwrap_or(0)));
            update(tx, dev, "staff", &id, &body, &clocks, cmd).await?;
            Ok(Outcome::Applied)
        }
        "catalogue.save_agency" => {
            actor.require(Permission::EditCatalogue)?;
            let body = row(cmd, "agency")?;
            upsert(tx, dev, "agency", &body, cmd).await?;
            Ok(Outcome::Applied)
        }
        "catalogue.save_service" => {
            actor.require(Permission::EditCatalogue)?;
            let body = row(cmd, "service")?;
            exists(
                tx,
                dev,
                "agency",
                body["agency_id"].as_str().unwrap_or_default(),
                "unknown_agency",
            )
            .await?;
            upsert(tx, dev, "service", &body, cmd).await?;
            Ok(Outcome::Applied)
        }
        "case.register" => {
            actor.require(Permission::RegisterCase)?;
            let party = row(cmd, "party")?;
            let case = row(cmd, "case_file")?;
            let event = row(cmd, "case_event")?;
            let case_id = case["id"].as_str().unwrap_or_default().to_string();
            if event["case_id"].as_str() != Some(&case_id) || case["party_id"] != party["id"] {
                return Err(reject(
                    "malformed",
                    "the case's rows do not belong together",
                ));
            }
            exists(
                tx,
                dev,
                "service",
                case["service_id"].as_str().unwrap_or_default(),
                "unknown_service",
            )
            .await?;
            use_number(
                tx,
                dev,
                cmd,
                Series::Case,
                case["number"].as_str(),
                "case",
                &case_id,
            )
            .await?;
            insert(tx, dev, "party", &party, cmd, &json!({})).await?;
            let clocks = json!({ "subject": cmd.hlc, "description": cmd.hlc, "priority": cmd.hlc, "assignee_id": cmd.hlc });
            insert(tx, dev, "case_file", &case, cmd, &clocks).await?;
            insert(tx, dev, "case_event", &event, cmd, &json!({})).await?;
            Ok(Outcome::Applied)
        }
        "case.change_status" => {
            actor.require(Permission::HandleCase)?;
            let id = text(cmd, "case_id")?;
            let from = case_status(&text(cmd, "from")?)?;
            let to = case_status(&text(cmd, "to")?)?;
            let event = case_event(cmd, &id)?;
            let (mut body, clocks) = case(tx, dev, &id).await?;
            let now = case_status(body["status"].as_str().unwrap_or_default())?;
            let settles = now == to || status::can_move(now, to);
            if now == from && !status::can_move(from, to) {
                return Err(reject(
                    "invalid_transition",
                    format!(
                        "a case cannot move from {} to {}",
                        status::code(from),
                        status::code(to)
                    ),
                ));
            }
            if !settles {
                let conflict = json!({
                    "id": cmd.command_id.to_string(),
                    "case_id": id,
                    "kind": "status",
                    "server_status": status::code(now),
                    "attempted_from": status::code(from),
                    "attempted_to": status::code(to),
                    "actor_id": actor.id.to_string(),
                    "device_id": dev.id.to_string(),
                    "device_name": dev.name,
                    "command_id": cmd.command_id.to_string(),
                    "created_at": cmd.created_at,
                    "resolved_at": null,
                });
                insert(tx, dev, "sync_conflict", &conflict, cmd, &json!({})).await?;
                touch(tx, dev, "case_file", &id).await?;
                return Ok(Outcome::Conflict {
                    code: "status_conflict",
                    message: format!(
                        "the case is {} on the server; moving it from {} to {} was left to a supervisor",
                        status::code(now),
                        status::code(from),
                        status::code(to)
                    ),
                });
            }
            body["status"] = json!(status::code(to));
            body["is_open"] = json!(status::is_open(to) as i64);
            bump_updated(&mut body, cmd);
            update(tx, dev, "case_file", &id, &body, &clocks, cmd).await?;
            insert(tx, dev, "case_event", &event, cmd, &json!({})).await?;
            Ok(Outcome::Applied)
        }
        "case.add_note" | "case.receipt_printed" => {
            actor.require(if cmd.name == "case.add_note" {
                Permission::HandleCase
            } else {
                Permission::ViewCases
            })?;
            let id = text(cmd, "case_id")?;
            let event = case_event(cmd, &id)?;
            let (mut body, clocks) = case(tx, dev, &id).await?;
            insert(tx, dev, "case_event", &event, cmd, &json!({})).await?;
            if cmd.name == "case.add_note" {
                bump_updated(&mut body, cmd);
                update(tx, dev, "case_file", &id, &body, &clocks, cmd).await?;
            }
            Ok(Outcome::Applied)
        }
        "case.reassign" => {
            actor.require(Permission::ReassignCase)?;
            let id = text(cmd, "case_id")?;
            let event = case_event(cmd, &id)?;
            let to = cmd.payload.get("to").cloned().unwrap_or(Value::Null);
            if let Some(staff) = to.as_str() {
                exists(tx, dev, "staff", staff, "unknown_staff").await?;
            } else if !to.is_null() {
                return Err(reject("malformed", "the assignee is not a staff id"));
            }
            let (mut body, mut clocks) = case(tx, dev, &id).await?;
            if lww(&mut body, &mut clocks, "assignee_id", to, &cmd.hlc) {
                bump_updated(&mut body, cmd);
            }
            update(tx, dev, "case_file", &id, &body, &clocks, cmd).await?;
            insert(tx, dev, "case_event", &event, cmd, &json!({})).await?;
            Ok(Outcome::Applied)
        }
        "case.update" => {
            actor.require(Permission::HandleCase)?;
            let id = text(cmd, "case_id")?;
            let fields = cmd
                .payload
                .get("fields")
                .and_then(Value::as_object)
                .filter(|f| !f.is_empty())
                .ok_or_else(|| reject("malformed", "no fields to change"))?;
            let (mut body, mut clocks) = case(tx, dev, &id).await?;
            let mut changed = false;
            for (k, v) in fields {
                let ok = match k.as_str() {
                    "subject" => v
                        .as_str()
                        .is_some_and(|s| !s.trim().is_empty() && s.chars().count() <= 200),
                    "description" => v.as_str().is_some_and(|s| s.chars().count() <= 4000),
                    "priority" => v
                        .as_str()
                        .is_some_and(|s| ["low", "normal", "high", "urgent"].contains(&s)),
                    _ => false,
                };
                if !ok {
                    return Err(reject("validation", format!("{k}: not an editable value")));
                }
                changed |= lww(&mut body, &mut clocks, k, v.clone(), &cmd.hlc);
            }
            if changed {
                bump_updated(&mut body, cmd);
            }
            // Written even when every field lost: the workstation gets the winning values back.
            update(tx, dev, "case_file", &id, &body, &clocks, cmd).await?;
            Ok(Outcome::Applied)
        }
        "filing.register" => {
            actor.require(Permission::RegisterFiling)?;
            let entry = row(cmd, "filing_entry")?;
            let id = entry["id"].as_str().unwrap_or_default().to_string();
            if let Some(case_id) = entry["case_id"].as_str() {
                exists(tx, dev, "case_file", case_id, "unknown_case").await?;
            }
            use_number(
                tx,
                dev,
                cmd,
                Series::Filing,
                entry["number"].as_str(),
                "filing",
                &id,
            )
            .await?;
            insert(tx, dev, "filing_entry", &entry, cmd, &json!({})).await?;
            if let Ok(ev) = row(cmd, "case_event") {
                insert(tx, dev, "case_event", &ev, cmd, &json!({})).await?;
            }
            Ok(Outcome::Applied)
        }
        "attachment.add" => {
            if !(actor.may(Permission::HandleCase) || actor.may(Permission::RegisterFiling)) {
                return Err(reject("forbidden", "not allowed for this role"));
            }
            let att = row(cmd, "attachment")?;
            let sha = att["sha256"].as_str().unwrap_or_default();
            let complete: Option<bool> =
                sqlx::query_scalar("SELECT complete FROM blob WHERE sha256 = $1")
                    .bind(sha)
                    .fetch_optional(&mut *tx)
                    .await?;
            if complete != Some(true) {
                return Err(reject(
                    "blob_missing",
                    "the attachment's bytes have not been uploaded",
                ));
            }
            let owner = att["owner_id"].as_str().unwrap_or_default();
            match att["owner_kind"].as_str() {
                Some("case") => exists(tx, dev, "case_file", owner, "unknown_case").await?,
                Some("filing") => exists(tx, dev, "filing_entry", owner, "unknown_filing").await?,
                Some("certification") => {
                    actor.require(Permission::Certify)?;
                    exists(tx, dev, "certification", owner, "not_found").await?
                }
                _ => return Err(reject("malformed", "unknown owner kind")),
            }
            insert(tx, dev, "attachment", &att, cmd, &json!({})).await?;
            if let Ok(ev) = row(cmd, "case_event") {
                insert(tx, dev, "case_event", &ev, cmd, &json!({})).await?;
            }
            Ok(Outcome::Applied)
        }
        "certification.register" => {
            actor.require(Permission::Certify)?;
            let entry = row(cmd, "certification")?;
            let id = entry["id"].as_str().unwrap_or_default().to_string();
            if entry["registrar_id"].as_str() != Some(actor.id.to_string().as_str()) {
                return Err(reject("malformed", "the entry names another registrar"));
            }
            if !matches!(
                entry["kind"].as_str(),
                Some("signature" | "copy" | "extract" | "correction" | "cancellation")
            ) {
                return Err(reject("malformed", "unknown kind of ledger entry"));
            }
            if let Err((code, message)) = crate::seal::check_entry(tx, dev, &entry).await? {
                return Err(reject(code, message));
            }
            if let Some(case_id) = entry["case_id"].as_str() {
                exists(tx, dev, "case_file", case_id, "unknown_case").await?;
            }
            // A correction or cancellation refers to an act of this office. Two registrars
            // who both superseded it offline are both kept: the ledger records what happened.
            if let Some(old) = entry["refers_to"].as_str() {
                exists(tx, dev, "certification", old, "not_found").await?;
            } else if matches!(entry["kind"].as_str(), Some("correction" | "cancellation")) {
                return Err(reject("malformed", "a correction must refer to an entry"));
            }
            use_number(
                tx,
                dev,
                cmd,
                Series::Certification,
                entry["number"].as_str(),
                "certification",
                &id,
            )
            .await?;
            insert(tx, dev, "certification", &entry, cmd, &json!({})).await?;
            // The scanned original and the pad signature travel with the entry.
            for att in rows_of(cmd, "attachment")? {
                if att["owner_kind"].as_str() != Some("certification")
                    || att["owner_id"].as_str() != Some(id.as_str())
                {
                    return Err(reject("malformed", "the attachment belongs elsewhere"));
                }
                let complete: Option<bool> =
                    sqlx::query_scalar("SELECT complete FROM blob WHERE sha256 = $1")
                        .bind(att["sha256"].as_str().unwrap_or_default())
                        .fetch_optional(&mut *tx)
                        .await?;
                if complete != Some(true) {
                    return Err(reject(
                        "blob_missing",
                        "the attachment's bytes have not been uploaded",
                    ));
                }
                insert(tx, dev, "attachment", &att, cmd, &json!({})).await?;
            }
            Ok(Outcome::Applied)
        }
        "certification.printed" => {
            actor.require(Permission::Certify)?;
            let print = row(cmd, "certification_print")?;
            if print["printed_by"].as_str() != Some(actor.id.to_string().as_str()) {
                return Err(reject(
                    "malformed",
                    "the print names another member of staff",
                ));
            }
            let entry = print["certification_id"].as_str().unwrap_or_default();
            exists(tx, dev, "certification", entry, "not_found").await?;
            insert(tx, dev, "certification_print", &print, cmd, &json!({})).await?;
            Ok(Outcome::Applied)
        }
        "registry.audit" => {
            actor.require(Permission::LookupRegistry)?;
            let entry = row(cmd, "registry_audit")?;
            if entry["staff_id"].as_str() != Some(actor.id.to_string().as_str()) {
                return Err(reject(
                    "malformed",
                    "the audit entry names another member of staff",
                ));
            }
            if entry["case_id"].is_null() && entry["purpose"].as_str().is_none_or(str::is_empty) {
                return Err(reject(
                    "malformed",
                    "the audit entry names neither a case nor a purpose",
                ));
            }
            insert(tx, dev, "registry_audit", &entry, cmd, &json!({})).await?;
            Ok(Outcome::Applied)
        }
        "day.close" => {
            actor.require(Permission::CloseDay)?;
            let close = row(cmd, "day_close")?;
            if close["closed_by"].as_str() != Some(actor.id.to_string().as_str()) {
                return Err(reject(
                    "malformed",
                    "the sign-off names another member of staff",
                ));
            }
            let day = close["day"].as_str().unwrap_or_default().to_string();
            if chrono::NaiveDate::parse_from_str(&day, "%Y-%m-%d").is_err()
                || close["starts_at"].as_i64() >= close["ends_at"].as_i64()
            {
                return Err(reject("malformed", "the day or its bounds"));
            }
            let earlier: Option<(Option<String>, Option<i64>)> = sqlx::query_as(
                "SELECT s.body->>'display_name', (d.body->>'closed_at')::bigint
                   FROM entity d
                   LEFT JOIN entity s ON s.office_id = d.office_id AND s.kind = 'staff' AND s.id = d.body->>'closed_by'
                  WHERE d.office_id = $1 AND d.kind = 'day_close' AND d.body->>'day' = $2",
            )
            .bind(dev.office_id)
            .bind(&day)
            .fetch_optional(&mut *tx)
            .await?;
            if let Some((by, _)) = earlier {
                return Err(reject(
                    "day_closed",
                    format!(
                        "the office's day {day} was signed off already by {}",
                        by.unwrap_or_else(|| "another supervisor".into())
                    ),
                ));
            }
            insert(tx, dev, "day_close", &close, cmd, &json!({})).await?;
            Ok(Outcome::Applied)
        }
        "conflict.settle" => {
            actor.require(Permission::ReviewConflicts)?;
            let settlement = row(cmd, "conflict_settlement")?;
            if settlement["settled_by"].as_str() != Some(actor.id.to_string().as_str()) {
                return Err(reject(
                    "malformed",
                    "the settlement names another member of staff",
                ));
            }
            let conflict_id = settlement["conflict_id"]
                .as_str()
                .unwrap_or_default()
                .to_string();
            let (mut body, clocks) = current(tx, dev, "sync_conflict", &conflict_id).await?;
            if !body["resolved_at"].is_null() {
                return Err(reject(
                    "already_settled",
                    "the conflict was settled already by another supervisor",
                ));
            }
            body["resolved_at"] = settlement["settled_at"].clone();
            update(tx, dev, "sync_conflict", &conflict_id, &body, &clocks, cmd).await?;
            insert(tx, dev, "conflict_settlement", &settlement, cmd, &json!({})).await?;
            Ok(Outcome::Applied)
        }
        "numbers.void" => {
            let close = cmd.payload["close"].as_bool().unwrap_or(true);
            // Closing the day's leases is a supervisor's act; voiding the number of a refused
            // intake is the workstation's own bookkeeping, by whoever made that intake.
            if close {
                actor.require(Permission::CloseDay)?;
            }
            let lease_id: Uuid = text(cmd, "lease_id")?
                .parse()
                .map_err(|_| reject("malformed", "lease_id"))?;
            let reason = text(cmd, "reason")?;
            let from = cmd.payload["from"]
                .as_i64()
                .ok_or_else(|| reject("malformed", "from"))?;
            let to = cmd.payload["to"]
                .as_i64()
                .ok_or_else(|| reject("malformed", "to"))?;
            let lease: Option<(String, i32, i64, i64)> = sqlx::query_as(
                "SELECT series, year, first, last FROM number_lease WHERE id = $1 AND device_id = $2 FOR UPDATE",
            )
            .bind(lease_id)
            .bind(dev.id)
            .fetch_optional(&mut *tx)
            .await?;
            let (series, year, first, last) = lease
                .ok_or_else(|| reject("unknown_lease", "no such lease of this workstation"))?;
            if from <= to && (from < first || to > last) {
                return Err(reject("malformed", "the numbers lie outside the lease"));
            }
            if from <= to {
                sqlx::query(
                    "INSERT INTO number_use (office_id, series, year, number, lease_id, owner_kind, owner_id, void_reason)
                     SELECT $1, $2, $3, n, $4, 'void', $4::text, $5 FROM generate_series($6::bigint, $7::bigint) n
                     ON CONFLICT DO NOTHING",
                )
                .bind(dev.office_id)
                .bind(&series)
                .bind(year)
                .bind(lease_id)
                .bind(&reason)
                .bind(from)
                .bind(to)
                .execute(&mut *tx)
                .await?;
            }
            if close {
                sqlx::query("UPDATE number_lease SET closed_at = now() WHERE id = $1")
                    .bind(lease_id)
                    .execute(&mut *tx)
                    .await?;
            }
            Ok(Outcome::Applied)
        }
        other => Err(reject(
            "unknown_command",
            format!("unknown command {other:?}"),
        )),
    }
}

// ---------------------------------------------------------------------------------------------

pub(crate) struct ServerActor {
    pub id: Uuid,
    permissions: std::collections::BTreeSet<Permission>,
}

impl ServerActor {
    fn may(&self, p: Permission) -> bool {
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

fn text(cmd: &PushCommand, key: &str) -> R<String> {
    cmd.payload
        .get(key)
        .and_then(Value::as_str)
        .map(str::to_string)
        .ok_or_else(|| reject("malformed", format!("{key} is missing")))
}

fn case_status(code: &str) -> R<CaseStatus> {
    status::from_code(code).ok_or_else(|| reject("malformed", format!("unknown status {code:?}")))
}

/// The row of `kind` the command carries, checked column by column.
fn row(cmd: &PushCommand, kind: &str) -> R<Value> {
    let t = table(kind).ok_or_else(|| reject("malformed", format!("{kind} is not synced")))?;
    let body = cmd
        .payload
        .get("rows")
        .and_then(Value::as_array)
        .and_then(|rows| rows.iter().find(|r| r["kind"] == kind))
        .map(|r| r["body"].clone())
        .ok_or_else(|| reject("malformed", format!("the command carries no {kind} row")))?;
    t.check_body(&body).map_err(|e| reject("malformed", e))?;
    Ok(body)
}

/// Every row of `kind` the command carries, each checked.
fn rows_of(cmd: &PushCommand, kind: &str) -> R<Vec<Value>> {
    let t = table(kind).ok_or_else(|| reject("malformed", format!("{kind} is not synced")))?;
    let mut out = Vec::new();
    for r in cmd
        .payload
        .get("rows")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter(|r| r["kind"] == kind)
    {
        let body = r["body"].clone();
        t.check_body(&body).map_err(|e| reject("malformed", e))?;
        out.push(body);
    }
    Ok(out)
}

fn case_event(cmd: &PushCommand, case_id: &str) -> R<Value> {
    let ev = row(cmd, "case_event")?;
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
