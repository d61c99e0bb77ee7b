//! Legal numbers given up by a workstation: the rest of a lease closed with the day, or the
//! number of an intake the server refused.

use sqlx::PgConnection;
use uuid::Uuid;

use okno_wire::commands::NumbersVoid;
use okno_wire::sync::PushCommand;
use okno_wire::Permission;

use super::*;
use crate::auth::Device;

pub(super) async fn void(
    tx: &mut PgConnection,
    dev: &Device,
    _cmd: &PushCommand,
    actor: &ServerActor,
    p: &NumbersVoid,
) -> R<Outcome> {
    let close = p.close;
    // Closing the day's leases is a supervisor's act; voiding the number of a refused
    // intake is the workstation's own bookkeeping, by whoever made that intake.
    if close {
        actor.require(Permission::CloseDay)?;
    }
    let lease_id: Uuid = p
        .lease_id
        .parse()
        .map_err(|_| reject("malformed", "lease_id"))?;
    let reason = &p.reason;
    let from = p.from;
    let to = p.to;
    let lease: Option<(String, i32, i64, i64)> = sqlx::query_as(
        "SELECT series, year, first, last FROM number_lease WHERE id = $1 AND device_id = $2 FOR UPDATE",
    )
    .bind(lease_id)
    .bind(dev.id)
    .fetch_optional(&mut *tx)
    .await?;
    let (series, year, first, last) =
        lease.ok_or_else(|| reject("unknown_lease", "no such lease of this workstation"))?;
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
        .bind(reason)
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
