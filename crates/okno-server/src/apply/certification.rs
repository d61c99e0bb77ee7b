//! The certification ledger: entries (checked against the chain and the seal) and prints.

use serde_json::json;
use sqlx::PgConnection;

use okno_rules::series::Series;
use okno_wire::commands::{CertificationPrinted, CertificationRegister};
use okno_wire::sync::PushCommand;
use okno_wire::Permission;

use super::*;
use crate::auth::Device;

pub(super) async fn register(
    tx: &mut PgConnection,
    dev: &Device,
    cmd: &PushCommand,
    actor: &ServerActor,
    p: &CertificationRegister,
) -> R<Outcome> {
    actor.require(Permission::Certify)?;
    let entry = row(&p.rows, "certification")?;
    let id = entry["id"].as_str().unwrap_or_default().to_string();
    actor.wrote(&entry, "registrar_id", "the entry")?;
    if !matches!(
        entry["kind"].as_str(),
        Some("signature" | "copy" | "extract" | "correction" | "cancellation")
    ) {
        return Err(reject("malformed", "unknown kind of ledger entry"));
    }
    if let Err((code, message)) = crate::certification::check_entry(tx, dev, &entry).await? {
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
    for att in rows_of(&p.rows, "attachment")? {
        if att["owner_kind"].as_str() != Some("certification")
            || att["owner_id"].as_str() != Some(id.as_str())
        {
            return Err(reject("malformed", "the attachment belongs elsewhere"));
        }
        blob_uploaded(tx, &att).await?;
        insert(tx, dev, "attachment", &att, cmd, &json!({})).await?;
    }
    Ok(Outcome::Applied)
}

pub(super) async fn printed(
    tx: &mut PgConnection,
    dev: &Device,
    cmd: &PushCommand,
    actor: &ServerActor,
    p: &CertificationPrinted,
) -> R<Outcome> {
    actor.require(Permission::Certify)?;
    let print = row(&p.rows, "certification_print")?;
    actor.wrote(&print, "printed_by", "the print")?;
    let entry = print["certification_id"].as_str().unwrap_or_default();
    exists(tx, dev, "certification", entry, "not_found").await?;
    insert(tx, dev, "certification_print", &print, cmd, &json!({})).await?;
    Ok(Outcome::Applied)
}
