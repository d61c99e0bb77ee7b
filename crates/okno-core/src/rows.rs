//! Synced rows, generically: read a row as the JSON the server stores, and apply a page of the
//! server's changes to the working copy in one transaction, cursor included.

use serde_json::Value;
use sqlx::{Connection, SqliteConnection};

use okno_wire::sync::{table, Change, ColumnType, Hlc, SyncedTable};

use crate::error::{CoreError, Result};

fn select_sql(t: &SyncedTable) -> String {
    let cols: Vec<String> = t
        .columns
        .iter()
        .map(|(c, _)| format!("'{c}', {c}"))
        .collect();
    format!("SELECT json_object({}) FROM {}", cols.join(", "), t.kind)
}

fn upsert_sql(t: &SyncedTable) -> String {
    let names: Vec<&str> = t.columns.iter().map(|(c, _)| *c).collect();
    let marks = vec!["?"; names.len()].join(", ");
    let sets: Vec<String> = names
        .iter()
        .filter(|c| **c != "id")
        .map(|c| format!("{c} = excluded.{c}"))
        .collect();
    if t.append_only {
        return format!(
            "INSERT INTO {} ({}) VALUES ({marks}) ON CONFLICT (id) DO NOTHING",
            t.kind,
            names.join(", ")
        );
    }
    format!(
        "INSERT INTO {} ({}) VALUES ({marks}) ON CONFLICT (id) DO UPDATE SET {}",
        t.kind,
        names.join(", "),
        sets.join(", ")
    )
}

/// The SQL expression that reads the comma-separated `columns` of a row as one JSON text (far
/// cheaper to read than as many columns, for the journals' long rows).
pub(crate) fn json_object_of(columns: &str) -> String {
    let pairs: Vec<String> = columns
        .split(',')
        .map(str::trim)
        .map(|c| format!("'{c}', {c}"))
        .collect();
    format!("json_object({})", pairs.join(", "))
}

/// The row `id` of the synced table `kind`, column by column.
pub(crate) async fn row_json(conn: &mut SqliteConnection, kind: &str, id: &str) -> Result<Value> {
    let t = table(kind).ok_or_else(|| CoreError::Internal(format!("{kind} is not synced")))?;
    let sql = format!("{} WHERE id = ?", select_sql(t));
    let text: String = sqlx::query_scalar(&sql).bind(id).fetch_one(conn).await?;
    serde_json::from_str(&text).map_err(|e| CoreError::Internal(e.to_string()))
}

/// Every row of the synced table `kind` (used to seed a server from a prepared working copy).
pub async fn all_rows(conn: &mut SqliteConnection, kind: &str) -> Result<Vec<Value>> {
    let t = table(kind).ok_or_else(|| CoreError::Internal(format!("{kind} is not synced")))?;
    let texts: Vec<String> = sqlx::query_scalar(&select_sql(t)).fetch_all(conn).await?;
    texts
        .iter()
        .map(|s| serde_json::from_str(s).map_err(|e| CoreError::Internal(e.to_string())))
        .collect()
}

/// Writes rows the server sent outside the change feed (the seal keys it just certified); the
/// feed brings the same rows again later, unchanged.
pub(crate) async fn apply_rows(conn: &mut SqliteConnection, changes: &[Change]) -> Result<()> {
    let mut tx = conn.begin().await?;
    for ch in changes {
        let t = table(&ch.kind)
            .ok_or_else(|| CoreError::Internal(format!("{} is not synced", ch.kind)))?;
        t.check_pulled_body(&ch.body)
            .map_err(|e| CoreError::Internal(format!("the server sent a bad row: {e}")))?;
        let sql = upsert_sql(t);
        let mut q = sqlx::query(&sql);
        for (c, ty) in t.columns {
            let v = ch.body.get(*c).unwrap_or(&Value::Null);
            q = match ty {
                ColumnType::Text | ColumnType::OptText => q.bind(v.as_str().map(str::to_owned)),
                ColumnType::Int | ColumnType::OptInt => q.bind(v.as_i64()),
            };
        }
        q.execute(&mut *tx).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// What applying a page did.
#[derive(Debug, Default, Clone, Copy)]
pub struct Applied {
    pub written: usize,
    /// Rows with a change of ours still on its way to the server: the server sends the row
    /// again once it has applied (or refused) that change.
    pub kept_local: usize,
}

/// Applies one page of changes and stores `cursor` for `stream`, in one transaction: an
/// interruption loses at most this page, which is fetched again. Foreign keys are not checked
/// while applying (the server is the authority on references, and a row may arrive before the
/// row it points to when that one was changed later).
pub(crate) async fn apply_page(
    conn: &mut SqliteConnection,
    stream: &str,
    cursor: &str,
    changes: &[Change],
    now_ms: i64,
) -> Result<Applied> {
    sqlx::query("PRAGMA foreign_keys = OFF")
        .execute(&mut *conn)
        .await?;
    let r = apply_page_tx(conn, stream, cursor, changes, now_ms).await;
    let back_on = sqlx::query("PRAGMA foreign_keys = ON")
        .execute(&mut *conn)
        .await;
    let applied = r?;
    back_on?;
    Ok(applied)
}

async fn apply_page_tx(
    conn: &mut SqliteConnection,
    stream: &str,
    cursor: &str,
    changes: &[Change],
    now_ms: i64,
) -> Result<Applied> {
    let mut tx = conn.begin().await?;
    let mut applied = Applied::default();
    let mut newest: Option<Hlc> = None;
    for ch in changes {
        let Some(t) = table(&ch.kind) else {
            // A kind from a newer server: nothing here can show it yet.
            tracing::warn!(kind = %ch.kind, "skipping a change of an unknown kind");
            continue;
        };
        t.check_pulled_body(&ch.body)
            .map_err(|e| CoreError::Internal(format!("the server sent a bad row: {e}")))?;
        if let Some(h) = ch.hlc.as_deref().and_then(Hlc::parse) {
            if newest.as_ref().is_none_or(|n| h > *n) {
                newest = Some(h);
            }
        }
        if t.mutable {
            let pending: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM outbox WHERE entity_id = ? AND acked_at IS NULL",
            )
            .bind(&ch.id)
            .fetch_one(&mut *tx)
            .await?;
            if pending > 0 {
                applied.kept_local += 1;
                continue;
            }
        }
        for col in t.unique.iter().filter(|_| !t.append_only) {
            // Our own unconfirmed row that collides with the server's: the server has refused
            // (or will refuse) the command that made it.
            let v = ch.body.get(*col).cloned().unwrap_or(Value::Null);
            if let Some(v) = v.as_str() {
                let sql = format!("DELETE FROM {} WHERE {col} = ? AND id <> ?", t.kind);
                sqlx::query(&sql)
                    .bind(v)
                    .bind(&ch.id)
                    .execute(&mut *tx)
                    .await?;
            }
        }
        let sql = upsert_sql(t);
        let mut q = sqlx::query(&sql);
        for (c, ty) in t.columns {
            let v = ch.body.get(*c).unwrap_or(&Value::Null);
            q = match ty {
                ColumnType::Text | ColumnType::OptText => q.bind(v.as_str().map(str::to_owned)),
                ColumnType::Int | ColumnType::OptInt => q.bind(v.as_i64()),
            };
        }
        q.execute(&mut *tx).await?;
        applied.written += 1;
    }
    if let Some(h) = newest {
        crate::settings::hlc_observe(&mut tx, &h).await?;
    }
    store_cursor(&mut tx, stream, cursor, now_ms).await?;
    tx.commit().await?;
    Ok(applied)
}

/// Where the next pull of `stream` starts (in the transaction that stored the page before it).
pub(crate) async fn store_cursor(
    tx: &mut SqliteConnection,
    stream: &str,
    cursor: &str,
    now_ms: i64,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO sync_cursor (stream, cursor, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (stream) DO UPDATE SET cursor = excluded.cursor, updated_at = excluded.updated_at",
    )
    .bind(stream)
    .bind(cursor)
    .bind(now_ms)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use okno_wire::sync::TABLES;

    #[test]
    fn every_synced_table_has_an_id_first() {
        for t in TABLES {
            assert_eq!(t.columns[0].0, "id", "{}", t.kind);
            assert!(upsert_sql(t).contains("ON CONFLICT (id)"));
        }
    }
}
