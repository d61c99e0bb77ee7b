//! The sync outbox (DESIGN.md, sync step 1): every change a clerk makes is appended here as a
//! named, versioned command, in the same SQLite transaction as the change itself, with the
//! device's next sequence number. The sync client ships it in order; until then it is the
//! proof of what this workstation did.

use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::SqliteConnection;
use uuid::Uuid;

use crate::error::{CoreError, Result};
use crate::ids;

/// One command as stored, for the sync client and for tests.
#[derive(Debug, Clone)]
pub struct OutboxEntry {
    pub seq: i64,
    pub command_id: Uuid,
    pub name: String,
    pub version: i64,
    pub payload: serde_json::Value,
    pub created_at: DateTime<Utc>,
}

pub(crate) async fn append(
    tx: &mut SqliteConnection,
    name: &str,
    version: i64,
    payload: &impl Serialize,
    actor: Option<Uuid>,
    now_ms: i64,
) -> Result<i64> {
    let command_id = ids::new_id().to_string();
    let payload = serde_json::to_string(payload)
        .map_err(|e| CoreError::Internal(format!("serialising command {name}: {e}")))?;
    let actor = actor.map(|a| a.to_string());
    let seq = sqlx::query_scalar!(
        r#"INSERT INTO outbox (command_id, name, version, payload, actor_id, created_at)
           VALUES (?, ?, ?, ?, ?, ?) RETURNING seq AS "seq!: i64""#,
        command_id,
        name,
        version,
        payload,
        actor,
        now_ms
    )
    .fetch_one(&mut *tx)
    .await?;
    Ok(seq)
}
