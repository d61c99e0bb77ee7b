//! The civil registry's audit: every lookup a workstation made.

use serde_json::json;
use sqlx::PgConnection;

use okno_wire::commands::SaveRows;
use okno_wire::sync::PushCommand;
use okno_wire::Permission;

use super::*;
use crate::auth::Device;

pub(super) async fn audit(
    tx: &mut PgConnection,
    dev: &Device,
    cmd: &PushCommand,
    actor: &ServerActor,
    p: &SaveRows,
) -> R<Outcome> {
    actor.require(Permission::LookupRegistry)?;
    let entry = row(&p.rows, "registry_audit")?;
    actor.wrote(&entry, "staff_id", "the audit entry")?;
    if entry["case_id"].is_null() && entry["purpose"].as_str().is_none_or(str::is_empty) {
        return Err(reject(
            "malformed",
            "the audit entry names neither a case nor a purpose",
        ));
    }
    insert(tx, dev, "registry_audit", &entry, cmd, &json!({})).await?;
    Ok(Outcome::Applied)
}
