//! The supervisor's day: signing a day off and settling conflicts.

use serde_json::json;
use sqlx::PgConnection;

use okno_wire::commands::{ConflictSettle, DayClose};
use okno_wire::sync::PushCommand;
use okno_wire::Permission;

use super::*;
use crate::auth::Device;

pub(super) async fn close_day(
    tx: &mut PgConnection,
    dev: &Device,
    cmd: &PushCommand,
    actor: &ServerActor,
    p: &DayClose,
) -> R<Outcome> {
    actor.require(Permission::CloseDay)?;
    let close = row(&p.rows, "day_close")?;
    actor.wrote(&close, "closed_by", "the sign-off")?;
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

pub(super) async fn settle(
    tx: &mut PgConnection,
    dev: &Device,
    cmd: &PushCommand,
    actor: &ServerActor,
    p: &ConflictSettle,
) -> R<Outcome> {
    actor.require(Permission::ReviewConflicts)?;
    let settlement = row(&p.rows, "conflict_settlement")?;
    actor.wrote(&settlement, "settled_by", "the settlement")?;
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
