//! The service catalogue: agencies and their services.

use sqlx::PgConnection;

use okno_wire::commands::SaveRows;
use okno_wire::sync::PushCommand;
use okno_wire::Permission;

use super::*;
use crate::auth::Device;

pub(super) async fn save_agency(
    tx: &mut PgConnection,
    dev: &Device,
    cmd: &PushCommand,
    actor: &ServerActor,
    p: &SaveRows,
) -> R<Outcome> {
    actor.require(Permission::EditCatalogue)?;
    let body = row(&p.rows, "agency")?;
    upsert(tx, dev, "agency", &body, cmd).await?;
    Ok(Outcome::Applied)
}

pub(super) async fn save_service(
    tx: &mut PgConnection,
    dev: &Device,
    cmd: &PushCommand,
    actor: &ServerActor,
    p: &SaveRows,
) -> R<Outcome> {
    actor.require(Permission::EditCatalogue)?;
    let body = row(&p.rows, "service")?;
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
