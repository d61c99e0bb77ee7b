//! Cases: intake, status (the case state machine; what it cannot decide becomes a conflict for
//! a supervisor), notes and printed receipts, reassignment, field edits (last writer wins).

use serde_json::json;
use sqlx::PgConnection;

use okno_rules::series::Series;
use okno_rules::status;
use okno_wire::commands::{CaseChangeStatus, CaseEvent, CaseReassign, CaseRegister, CaseUpdate};
use okno_wire::sync::PushCommand;
use okno_wire::Permission;

use super::*;
use crate::auth::Device;

pub(super) async fn register(
    tx: &mut PgConnection,
    dev: &Device,
    cmd: &PushCommand,
    actor: &ServerActor,
    p: &CaseRegister,
) -> R<Outcome> {
    actor.require(Permission::RegisterCase)?;
    let party = row(&p.rows, "party")?;
    let case = row(&p.rows, "case_file")?;
    let event = row(&p.rows, "case_event")?;
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

pub(super) async fn change_status(
    tx: &mut PgConnection,
    dev: &Device,
    cmd: &PushCommand,
    actor: &ServerActor,
    p: &CaseChangeStatus,
) -> R<Outcome> {
    actor.require(Permission::HandleCase)?;
    let id = p.case_id.clone();
    let from = case_status(&p.from)?;
    let to = case_status(&p.to)?;
    let event = case_event(&p.rows, cmd, &id)?;
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

/// A note (`note`), or a printed receipt: an event on the case.
pub(super) async fn event(
    tx: &mut PgConnection,
    dev: &Device,
    cmd: &PushCommand,
    actor: &ServerActor,
    p: &CaseEvent,
    note: bool,
) -> R<Outcome> {
    actor.require(if note {
        Permission::HandleCase
    } else {
        Permission::ViewCases
    })?;
    let id = p.case_id.clone();
    let event = case_event(&p.rows, cmd, &id)?;
    let (mut body, clocks) = case(tx, dev, &id).await?;
    insert(tx, dev, "case_event", &event, cmd, &json!({})).await?;
    if note {
        bump_updated(&mut body, cmd);
        update(tx, dev, "case_file", &id, &body, &clocks, cmd).await?;
    }
    Ok(Outcome::Applied)
}

pub(super) async fn reassign(
    tx: &mut PgConnection,
    dev: &Device,
    cmd: &PushCommand,
    actor: &ServerActor,
    p: &CaseReassign,
) -> R<Outcome> {
    actor.require(Permission::ReassignCase)?;
    let id = p.case_id.clone();
    let event = case_event(&p.rows, cmd, &id)?;
    let to = json!(p.to);
    if let Some(staff) = p.to.as_deref() {
        exists(tx, dev, "staff", staff, "unknown_staff").await?;
    }
    let (mut body, mut clocks) = case(tx, dev, &id).await?;
    if lww(&mut body, &mut clocks, "assignee_id", to, &cmd.hlc) {
        bump_updated(&mut body, cmd);
    }
    update(tx, dev, "case_file", &id, &body, &clocks, cmd).await?;
    insert(tx, dev, "case_event", &event, cmd, &json!({})).await?;
    Ok(Outcome::Applied)
}

pub(super) async fn edit(
    tx: &mut PgConnection,
    dev: &Device,
    cmd: &PushCommand,
    actor: &ServerActor,
    p: &CaseUpdate,
) -> R<Outcome> {
    actor.require(Permission::HandleCase)?;
    let id = p.case_id.clone();
    let fields = Some(&p.fields)
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
