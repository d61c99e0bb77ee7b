//! The filing registry.

use serde_json::json;
use sqlx::PgConnection;

use okno_rules::series::Series;
use okno_wire::commands::FilingRegister;
use okno_wire::sync::PushCommand;
use okno_wire::Permission;

use super::*;
use crate::auth::Device;

pub(super) async fn register(
    tx: &mut PgConnection,
    dev: &Device,
    cmd: &PushCommand,
    actor: &ServerActor,
    p: &FilingRegister,
) -> R<Outcome> {
    actor.require(Permission::RegisterFiling)?;
    let entry = row(&p.rows, "filing_entry")?;
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
    if let Ok(ev) = row(&p.rows, "case_event") {
        insert(tx, dev, "case_event", &ev, cmd, &json!({})).await?;
    }
    Ok(Outcome::Applied)
}
