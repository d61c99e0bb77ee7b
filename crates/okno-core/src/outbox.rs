//! The sync outbox (DESIGN.md, sync step 1): every change a clerk makes is appended here as a
//! named, versioned command, in the same SQLite transaction as the change itself, with the
//! device's next sequence number. The sync client ships it in order; until then it is the
//! proof of what this workstation did.

use chrono::{DateTime, Utc};
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
    pub actor_id: Option<Uuid>,
    pub hlc: Option<String>,
}

impl OutboxEntry {
    /// The command as it travels to the server.
    pub fn to_push(&self) -> okno_wire::sync::PushCommand {
        okno_wire::sync::PushCommand {
            seq: self.seq,
            command_id: self.command_id,
            name: self.name.clone(),
            version: self.version,
            actor_id: self.actor_id,
            created_at: self.created_at.timestamp_millis(),
            hlc: self.hlc.clone().unwrap_or_default(),
            payload: self.payload.clone(),
        }
    }
}

/// What a command is about: the record the clerk sees (for pending-change protection and for
/// showing the server's verdict next to it), and the rows it wrote, which travel with it so the
/// server stores exactly what the workstation wrote.
#[derive(Debug, Default)]
pub(crate) struct Effects<'a> {
    pub entity_id: Option<&'a str>,
    pub rows: &'a [(&'a str, &'a str)],
}

/// Appends one command. `payload` must be a JSON object; the rows named in `effects` are read
/// back in this transaction and added to it as `rows: [{kind, body}]`.
pub(crate) async fn append(
    tx: &mut SqliteConnection,
    name: &str,
    version: i64,
    payload: serde_json::Value,
    actor: Option<Uuid>,
    now_ms: i64,
    effects: Effects<'_>,
) -> Result<i64> {
    ensure_day_open(&mut *tx, name, now_ms).await?;
    let command_id = ids::new_id().to_string();
    let mut payload = payload;
    if !effects.rows.is_empty() {
        let mut rows = Vec::with_capacity(effects.rows.len());
        for (kind, id) in effects.rows {
            let body = crate::sync::rows::row_json(&mut *tx, kind, id).await?;
            rows.push(serde_json::json!({ "kind": kind, "body": body }));
        }
        payload["rows"] = serde_json::Value::Array(rows);
    }
    let hlc = crate::sync::hlc_tick(&mut *tx, now_ms).await?;
    let payload = serde_json::to_string(&payload)
        .map_err(|e| CoreError::Internal(format!("serialising command {name}: {e}")))?;
    let actor = actor.map(|a| a.to_string());
    let entity = effects.entity_id;
    let seq = sqlx::query_scalar!(
        r#"INSERT INTO outbox (command_id, name, version, payload, actor_id, created_at, hlc, entity_id)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING seq AS "seq!: i64""#,
        command_id,
        name,
        version,
        payload,
        actor,
        now_ms,
        hlc,
        entity
    )
    .fetch_one(&mut *tx)
    .await?;
    Ok(seq)
}

/// Refuses a change of the day's work made at `now_ms` when that instant lies in a closed day.
/// Called for every command in the transaction that writes it, so the refused change is rolled
/// back with everything else it wrote.
async fn ensure_day_open(tx: &mut SqliteConnection, name: &str, now_ms: i64) -> Result<()> {
    if !okno_wire::sync::records_day_work(name) {
        return Ok(());
    }
    let closed = sqlx::query_scalar!(
        r#"SELECT day AS "day!: String" FROM day_close WHERE starts_at <= ? AND ends_at > ? LIMIT 1"#,
        now_ms,
        now_ms
    )
    .fetch_optional(&mut *tx)
    .await?;
    match closed {
        Some(day) => Err(CoreError::DayClosed(
            chrono::NaiveDate::parse_from_str(&day, "%Y-%m-%d")
                .map_err(|_| CoreError::Internal(format!("stored day {day:?}")))?,
        )),
        None => Ok(()),
    }
}
