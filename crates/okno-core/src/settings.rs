//! The working copy's settings (a key-value table) and what lives there that every part of the
//! core reads: whether it follows a server, its device, and the device's hybrid logical clock,
//! ticked in the transaction of every command the outbox records.

use okno_wire::sync::Hlc;
use sqlx::SqliteConnection;

use crate::error::Result;

pub(crate) const KEY_SERVER_URL: &str = "sync.server_url";
pub(crate) const KEY_DEVICE_ID: &str = "sync.device_id";
pub(crate) const KEY_DEVICE_NAME: &str = "sync.device_name";
pub(crate) const KEY_OFFICE_ID: &str = "sync.office_id";
pub(crate) const KEY_LAST_SYNC: &str = "sync.last_sync_at";
const KEY_HLC: &str = "hlc";
/// `DAY|ROWID`: on office day DAY the leftover numbers of every lease up to number_lease rowid
/// ROWID were voided (day close). Blocks leased after that serve late walk-ins and the next
/// day; the day's checklist does not ask to void them again.
pub(crate) const KEY_NUMBERS_VOIDED: &str = "numbers.voided";

pub(crate) async fn setting(conn: &mut SqliteConnection, key: &str) -> Result<Option<String>> {
    Ok(
        sqlx::query_scalar::<_, String>("SELECT value FROM setting WHERE key = ?")
            .bind(key)
            .fetch_optional(conn)
            .await?,
    )
}

pub(crate) async fn set_setting(conn: &mut SqliteConnection, key: &str, value: &str) -> Result<()> {
    sqlx::query(
        "INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )
    .bind(key)
    .bind(value)
    .execute(conn)
    .await?;
    Ok(())
}

async fn hlc_current(conn: &mut SqliteConnection) -> Result<Hlc> {
    let node = setting(&mut *conn, KEY_DEVICE_ID)
        .await?
        .unwrap_or_else(|| "local".to_string());
    let mut h = setting(&mut *conn, KEY_HLC)
        .await?
        .as_deref()
        .and_then(Hlc::parse)
        .unwrap_or_else(|| Hlc::zero(&node));
    h.node = node;
    Ok(h)
}

/// Advances the device's clock for a local event and returns its stamp (persisted in the
/// caller's transaction, so it survives restarts and never goes back).
pub(crate) async fn hlc_tick(conn: &mut SqliteConnection, now_ms: i64) -> Result<String> {
    let next = hlc_current(&mut *conn).await?.tick(now_ms);
    let text = next.encode();
    set_setting(conn, KEY_HLC, &text).await?;
    Ok(text)
}

/// Moves the device's clock past a stamp seen from the server.
pub(crate) async fn hlc_observe(conn: &mut SqliteConnection, seen: &Hlc) -> Result<()> {
    let cur = hlc_current(&mut *conn).await?;
    let next = cur.observe(seen);
    if next != cur {
        set_setting(conn, KEY_HLC, &next.encode()).await?;
    }
    Ok(())
}

/// Whether this working copy follows a server (legal numbers then come from leased blocks).
pub(crate) async fn is_enrolled(conn: &mut SqliteConnection) -> Result<bool> {
    Ok(setting(conn, KEY_DEVICE_ID).await?.is_some())
}
