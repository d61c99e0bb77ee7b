//! The working copy: one SQLite file in WAL mode, migrated on open.
//!
//! Writes go through a pool of exactly one connection, so the writers of this process queue up
//! instead of failing with `SQLITE_BUSY` when two deferred transactions both try to upgrade;
//! `busy_timeout` covers other processes. Reads use a separate pool and see the last commit.

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::SqlitePool;

use crate::error::Result;

pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../../migrations/local");

#[derive(Clone, Debug)]
pub struct Store {
    pub(crate) writer: SqlitePool,
    pub(crate) reader: SqlitePool,
    checkpointer: SqlitePool,
}

/// How often the WAL is copied back into the database file, off the clerk's path.
const CHECKPOINT_EVERY: Duration = Duration::from_secs(2);
/// The page cache of each connection, in KiB.
pub(crate) const CACHE_KIB: u32 = 16_000;

/// Checkpoints the WAL in the background (PASSIVE: never waits for readers or the writer), so
/// that a commit never pays for a checkpoint. Ends when the store is closed.
async fn checkpoint_loop(pool: SqlitePool) {
    let mut tick = tokio::time::interval(CHECKPOINT_EVERY);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        if pool.is_closed() {
            break;
        }
        if let Err(e) = sqlx::query("PRAGMA wal_checkpoint(PASSIVE)")
            .execute(&pool)
            .await
        {
            if pool.is_closed() {
                break;
            }
            tracing::warn!(error = %e, "background checkpoint failed");
        }
    }
}

impl Store {
    /// Opens (creating if needed) the working copy at `path` and brings its schema up to date.
    pub async fn open(path: &Path) -> Result<Store> {
        let options = SqliteConnectOptions::from_str("sqlite://")?
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            // FULL: a commit that returned is on disk, even if the machine loses power.
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10))
            .pragma("temp_store", "memory")
            // Checkpoints run in the background (see `checkpoint_loop`); this is only the
            // backstop should that task not run.
            .pragma("wal_autocheckpoint", "10000")
            .pragma("cache_size", format!("-{CACHE_KIB}"));
        let writer = SqlitePoolOptions::new()
            .max_connections(1)
            .min_connections(1)
            .acquire_timeout(Duration::from_secs(30))
            .connect_with(options.clone())
            .await?;
        MIGRATOR.run(&writer).await?;
        let reader = SqlitePoolOptions::new()
            .max_connections(4)
            .acquire_timeout(Duration::from_secs(30))
            // Reads of a review touch pages all over a large file: mapped, they are read
            // without a system call each.
            .connect_with(
                options
                    .clone()
                    .read_only(true)
                    .pragma("mmap_size", "268435456"),
            )
            .await?;
        let checkpointer = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(options)
            .await?;
        tokio::spawn(checkpoint_loop(checkpointer.clone()));
        Ok(Store {
            writer,
            reader,
            checkpointer,
        })
    }

    /// `PRAGMA integrity_check`: "ok" when the file is sound.
    pub async fn integrity_check(&self) -> Result<String> {
        let row: (String,) = sqlx::query_as("PRAGMA integrity_check")
            .fetch_one(&self.reader)
            .await?;
        Ok(row.0)
    }

    pub async fn close(&self) {
        self.checkpointer.close().await;
        self.reader.close().await;
        self.writer.close().await;
    }
}
