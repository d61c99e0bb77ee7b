//! The sync outbox (DESIGN.md, sync step 1): every change a clerk makes is appended here as a
//! named, versioned command, in the same SQLite transaction as the change itself, with the
//! device's next sequence number. The sync client ships it in order; until then it is the
//! proof of what this workstation did.

use chrono::{DateTime, Utc};
use okno_wire::commands::{Command, CommandName, RowBody};
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

/// Appends one command; the rows named in `effects` are read back in this transaction and
/// carried in its payload, so the server stores exactly what this workstation wrote.
pub(crate) async fn append(
    tx: &mut SqliteConnection,
    command: Command,
    actor: Option<Uuid>,
    now_ms: i64,
    effects: Effects<'_>,
) -> Result<i64> {
    let kind = command.name();
    ensure_day_open(&mut *tx, kind, now_ms).await?;
    let command_id = ids::new_id().to_string();
    let mut command = command;
    if !effects.rows.is_empty() {
        let Some(rows) = command.rows_mut() else {
            return Err(CoreError::Internal(format!(
                "{} carries no rows",
                kind.as_str()
            )));
        };
        for (row_kind, id) in effects.rows {
            let body = crate::rows::row_json(&mut *tx, row_kind, id).await?;
            rows.push(RowBody {
                kind: row_kind.to_string(),
                body,
            });
        }
    }
    let (name, version) = (kind.as_str(), kind.version());
    let payload = command.payload();
    // What the office server will read: the same type, decoded from the same JSON (every test of
    // the core and of the server runs this on every command it writes).
    debug_assert_eq!(
        Command::decode(name, version, &payload).as_ref(),
        Ok(&command),
        "{name} does not read back"
    );
    let hlc = crate::settings::hlc_tick(&mut *tx, now_ms).await?;
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
async fn ensure_day_open(tx: &mut SqliteConnection, kind: CommandName, now_ms: i64) -> Result<()> {
    if !kind.day_work() {
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
