//! Attachments of cases, filing entries and certifications (their bytes arrive first, as blobs).

use serde_json::json;
use sqlx::PgConnection;

use okno_wire::commands::AttachmentAdd;
use okno_wire::sync::PushCommand;
use okno_wire::Permission;

use super::*;
use crate::auth::Device;

pub(super) async fn add(
    tx: &mut PgConnection,
    dev: &Device,
    cmd: &PushCommand,
    actor: &ServerActor,
    p: &AttachmentAdd,
) -> R<Outcome> {
    if !(actor.may(Permission::HandleCase) || actor.may(Permission::RegisterFiling)) {
        return Err(reject("forbidden", "not allowed for this role"));
    }
    let att = row(&p.rows, "attachment")?;
    blob_uploaded(tx, &att).await?;
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
    if let Ok(ev) = row(&p.rows, "case_event") {
        insert(tx, dev, "case_event", &ev, cmd, &json!({})).await?;
    }
    Ok(Outcome::Applied)
}
