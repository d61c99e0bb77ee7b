//! The office and its staff: setting an office up (a workstation's own act, refused here) and
//! the staff list.

use serde_json::json;
use sqlx::PgConnection;

use okno_wire::commands::{OfficeSetPublicAddress, SaveRows, StaffSetLocale};
use okno_wire::sync::PushCommand;
use okno_wire::Permission;

use super::*;
use crate::auth::Device;

/// An enrolled workstation belongs to the office it joined; it cannot set up another.
pub(super) fn setup() -> R<Outcome> {
    Err(reject(
        "not_allowed",
        "an enrolled workstation cannot set up an office",
    ))
}

pub(super) async fn create_staff(
    tx: &mut PgConnection,
    dev: &Device,
    cmd: &PushCommand,
    actor: &ServerActor,
    p: &SaveRows,
) -> R<Outcome> {
    actor.require(Permission::ManageStaff)?;
    let body = row(&p.rows, "staff")?;
    if body["office_id"].as_str() != Some(&dev.office_id.to_string()) {
        return Err(reject(
            "wrong_office",
            "the member of staff belongs to another office",
        ));
    }
    insert(tx, dev, "staff", &body, cmd, &json!({})).await?;
    Ok(Outcome::Applied)
}

pub(super) async fn set_locale(
    tx: &mut PgConnection,
    dev: &Device,
    cmd: &PushCommand,
    actor: &ServerActor,
    p: &StaffSetLocale,
) -> R<Outcome> {
    let id = p.staff_id.clone();
    if id != actor.id.to_string() {
        actor.require(Permission::ManageStaff)?;
    }
    let locale = p.locale.clone();
    if okno_wire::Locale::from_code(&locale).is_none() {
        return Err(reject("malformed", "unknown locale"));
    }
    let (mut body, clocks) = current(tx, dev, "staff", &id).await?;
    body["locale"] = json!(locale);
    body["updated_at"] = json!(cmd.created_at.max(body["updated_at"].as_i64().unwrap_or(0)));
    update(tx, dev, "staff", &id, &body, &clocks, cmd).await?;
    Ok(Outcome::Applied)
}

/// The office's public address (the QR codes of seals point to it): an admin's setting, last
/// writer wins; the row goes out again either way, so every workstation prints the winner.
pub(super) async fn set_public_address(
    tx: &mut PgConnection,
    dev: &Device,
    cmd: &PushCommand,
    actor: &ServerActor,
    p: &OfficeSetPublicAddress,
) -> R<Outcome> {
    actor.require(Permission::ManageOffice)?;
    if p.office_id != dev.office_id.to_string() {
        return Err(reject(
            "wrong_office",
            "a workstation sets its own office's address only",
        ));
    }
    let address = match p.public_address.as_deref() {
        Some(a) => {
            okno_rules::seal::public_address(a).map_err(|e| reject("malformed", e.to_string()))?
        }
        None => None,
    };
    let (mut body, mut clocks) = current(tx, dev, "office", &p.office_id).await?;
    lww(
        &mut body,
        &mut clocks,
        "public_address",
        json!(address),
        &cmd.hlc,
    );
    update(tx, dev, "office", &p.office_id, &body, &clocks, cmd).await?;
    Ok(Outcome::Applied)
}
