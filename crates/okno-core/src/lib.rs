//! okno-core: everything a clerk can do at the Okno workstation, as plain async functions over
//! the SQLite working copy — usable and testable without a window, a browser or a network.
//!
//! The entry point is [`Workstation`]: open it on a working-copy file, sign staff in, and call
//! the domain functions (`register_case`, `change_case_status`, `register_filing`, ...). Each
//! function checks the actor's permission itself, refuses bad input with field-level errors
//! and writes nothing then, and otherwise changes the working copy and appends the matching
//! sync command to the outbox in one transaction.
//!
//! [`api::dispatch`] maps the command names of `okno_wire::api` onto these functions, and
//! [`Workstation::document`] answers the one document list (`okno_wire::DocumentRequest`); the
//! desktop shell (Tauri IPC) and the loopback HTTP host call these and nothing else, and start
//! the same way ([`host`]).

pub mod api;
pub mod attachments;
pub mod auth;
pub mod cases;
pub mod cash;
pub mod catalogue;
pub mod certification;
pub mod clock;
pub mod creds;
pub mod demo;
pub mod documents;
pub mod error;
pub mod feedback;
pub mod filing;
pub mod host;
pub mod ids;
pub mod numbering;
pub mod office;
pub mod outbox;
pub mod queue;
pub mod registry;
pub mod review;
pub mod rows;
pub use okno_rules::seal;
pub mod settings;
pub mod staff;
pub mod store;
pub mod sync;

use std::path::Path;
use std::sync::Arc;

use okno_wire::OutboxStatus;

pub use crate::clock::{Clock, ManualClock, SystemClock};
pub use crate::error::{CoreError, Result};
pub use crate::store::Store;

/// One workstation's core: its working copy, its clock and its signed-in sessions.
pub struct Workstation {
    pub(crate) store: Store,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) sessions: auth::Sessions,
    /// The office, read once: it changes only at setup.
    pub(crate) office_cache: std::sync::RwLock<Option<office::Office>>,
    /// The sync client's state (status, wake-up, credentials, tokens).
    pub(crate) sync: sync::SyncShared,
}

impl Workstation {
    /// Opens the working copy at `path` (created and migrated if needed) with the system clock.
    pub async fn open(path: &Path) -> Result<Workstation> {
        Workstation::open_with_clock(path, Arc::new(SystemClock)).await
    }

    pub async fn open_with_clock(path: &Path, clock: Arc<dyn Clock>) -> Result<Workstation> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .map_err(|e| CoreError::Internal(format!("creating {}: {e}", dir.display())))?;
        }
        let store = Store::open(path).await?;
        Ok(Workstation {
            store,
            clock,
            sessions: auth::Sessions::default(),
            office_cache: Default::default(),
            sync: Default::default(),
        })
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub(crate) fn now_ms(&self) -> i64 {
        self.clock.now().timestamp_millis()
    }

    /// How many commands wait in the outbox for the sync client, and since when.
    pub async fn outbox_status(&self) -> Result<OutboxStatus> {
        let r = sqlx::query!(
            r#"SELECT COUNT(*) AS "pending!: i64", MIN(created_at) AS "oldest?: i64" FROM outbox WHERE acked_at IS NULL"#
        )
        .fetch_one(&self.store.reader)
        .await?;
        Ok(OutboxStatus {
            pending: r.pending,
            oldest: r.oldest.map(clock::from_millis),
        })
    }

    /// The outbox in device order, from sequence number `after` on.
    pub async fn outbox_entries(&self, after: i64, limit: i64) -> Result<Vec<outbox::OutboxEntry>> {
        sqlx::query!(
            "SELECT seq, command_id, name, version, payload, created_at, actor_id, hlc FROM outbox WHERE seq > ? ORDER BY seq LIMIT ?",
            after,
            limit
        )
        .fetch_all(&self.store.reader)
        .await?
        .into_iter()
        .map(|r| {
            Ok(outbox::OutboxEntry {
                seq: r.seq,
                command_id: ids::parse(&r.command_id)?,
                name: r.name,
                version: r.version,
                payload: serde_json::from_str(&r.payload).unwrap_or(serde_json::Value::Null),
                created_at: clock::from_millis(r.created_at),
                actor_id: r.actor_id.as_deref().map(ids::parse).transpose()?,
                hlc: r.hlc,
            })
        })
        .collect()
    }

    pub(crate) fn invalidate_office_cache(&self) {
        if let Ok(mut cache) = self.office_cache.write() {
            *cache = None;
        }
    }

    /// Closes the working copy's connections (checkpointing the WAL).
    pub async fn close(&self) {
        self.store.close().await;
    }
}
