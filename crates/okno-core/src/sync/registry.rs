//! The registry stream on the workstation (docs/registry.md, "Replication"): a new workstation
//! downloads the office's registry as a snapshot of keyset pages, each stored in one
//! transaction with where the next starts (so a cut loses at most the page in flight, and the
//! next exchange resumes there); at its end the staged search keys are sorted into the index
//! and the stream's cursor is set to where the snapshot began. From then on the change feed
//! comes down like the office stream's.
//!
//! An exchange spends at most [`BUDGET`] on the registry and then asks for another exchange
//! straight away, so a clerk's commands are never held back behind a long download.

use std::time::{Duration, Instant};

use okno_wire::{
    sync::PullResponse, RegistryPerson, RegistryRecord, SnapshotPage, SnapshotStart, SyncPhase,
    KIND_PERSON, KIND_RECORD, STREAM_REGISTRY,
};
use reqwest::Method;

use super::client::ServerClient;
use super::{set_setting, setting, urlencode};
use crate::error::{CoreError, Result};
use crate::registry::{self, KeyMode, SnapshotProgress, KEY_READY, KEY_SNAPSHOT, KEY_UPDATED};
use crate::rows::store_cursor;
use crate::Workstation;

/// Rows per snapshot page.
const SNAPSHOT_PAGE: i64 = 5000;
/// Changes per page of the feed.
const FEED_PAGE: i64 = 2000;
/// The longest one exchange spends on the registry.
const BUDGET: Duration = Duration::from_secs(20);

impl Workstation {
    /// Brings the registry replica forward: the snapshot (resumed where it stopped), or the
    /// change feed. Returns the rows stored.
    pub(crate) async fn sync_registry(&self, client: &ServerClient, token: &str) -> Result<usize> {
        let deadline = Instant::now() + BUDGET;
        let (ready, progress) = {
            let mut conn = self.store.reader.acquire().await?;
            let ready = setting(&mut conn, KEY_READY).await?.is_some();
            let progress: Option<SnapshotProgress> = setting(&mut conn, KEY_SNAPSHOT)
                .await?
                .and_then(|s| serde_json::from_str(&s).ok());
            (ready, progress)
        };
        if ready {
            return self.follow_registry(client, token, deadline).await;
        }
        let progress = match progress {
            Some(p) => p,
            None => self.start_snapshot(client, token).await?,
        };
        self.download_snapshot(client, token, progress, deadline)
            .await
    }

    async fn start_snapshot(&self, client: &ServerClient, token: &str) -> Result<SnapshotProgress> {
        let start: SnapshotStart = client
            .json::<(), _>(
                Method::GET,
                "/v1/registry/snapshot/start",
                Some(token),
                None,
            )
            .await?;
        let progress = SnapshotProgress {
            cursor: start.cursor,
            after: None,
            done: 0,
            total: start.persons + start.records,
        };
        let mut tx = self.store.writer.begin().await?;
        registry::clear(&mut tx).await?;
        save_progress(&mut tx, &progress).await?;
        tx.commit().await?;
        tracing::info!(
            persons = start.persons,
            records = start.records,
            "registry snapshot started"
        );
        Ok(progress)
    }

    async fn download_snapshot(
        &self,
        client: &ServerClient,
        token: &str,
        mut progress: SnapshotProgress,
        deadline: Instant,
    ) -> Result<usize> {
        let fetch = |after: Option<String>| async move {
            let path = match after {
                Some(a) => format!(
                    "/v1/registry/snapshot?after={}&limit={SNAPSHOT_PAGE}",
                    urlencode(&a)
                ),
                None => format!("/v1/registry/snapshot?limit={SNAPSHOT_PAGE}"),
            };
            client
                .json::<(), SnapshotPage>(Method::GET, &path, Some(token), None)
                .await
        };
        let mut stored = 0;
        registry::bulk_cache(&mut *self.store.writer.acquire().await?, true).await?;
        let mut page = fetch(progress.after.clone()).await?;
        loop {
            let next = page.next.clone();
            let more_time = Instant::now() < deadline;
            // The next page comes over the wire while this one is written.
            let (written, following) =
                tokio::join!(self.store_snapshot_page(&mut progress, page), async {
                    match &next {
                        Some(a) if more_time => Some(fetch(Some(a.clone())).await),
                        _ => None,
                    }
                });
            stored += written?;
            self.set_progress(SyncPhase::Registry, progress.done, Some(progress.total));
            match (next, following) {
                (None, _) => {
                    registry::bulk_cache(&mut *self.store.writer.acquire().await?, false).await?;
                    tracing::info!(rows = progress.done, "registry snapshot complete");
                    return Ok(stored);
                }
                (Some(_), Some(p)) => page = p?,
                (Some(_), None) => {
                    // Out of time: the rest comes with the next exchange, right away.
                    self.request_sync();
                    return Ok(stored);
                }
            }
        }
    }

    async fn store_snapshot_page(
        &self,
        progress: &mut SnapshotProgress,
        page: SnapshotPage,
    ) -> Result<usize> {
        let persons: Vec<RegistryPerson> = page.persons.into_iter().map(Into::into).collect();
        let records: Vec<RegistryRecord> = page.records.into_iter().map(Into::into).collect();
        let n = persons.len() + records.len();
        let mut tx = self.store.writer.begin().await?;
        registry::put_persons(&mut tx, &persons, KeyMode::Stage).await?;
        registry::put_records(&mut tx, &records).await?;
        progress.done += n as i64;
        progress.total = progress.total.max(progress.done);
        match page.next {
            Some(next) => {
                progress.after = Some(next);
                save_progress(&mut tx, progress).await?;
            }
            None => {
                // The last page and the snapshot's end are one transaction: a cut between
                // them would leave a finished download that starts over.
                registry::finish_keys(&mut tx).await?;
                store_cursor(&mut tx, STREAM_REGISTRY, &progress.cursor, self.now_ms()).await?;
                set_setting(&mut tx, KEY_READY, "1").await?;
                sqlx::query("DELETE FROM setting WHERE key = ?")
                    .bind(KEY_SNAPSHOT)
                    .execute(&mut *tx)
                    .await?;
            }
        }
        set_setting(&mut tx, KEY_UPDATED, &self.now_ms().to_string()).await?;
        tx.commit().await?;
        Ok(n)
    }

    /// Applies the registry's change feed page by page (each page and its cursor in one
    /// transaction).
    async fn follow_registry(
        &self,
        client: &ServerClient,
        token: &str,
        deadline: Instant,
    ) -> Result<usize> {
        let mut stored = 0;
        loop {
            let cursor = self.cursor(STREAM_REGISTRY).await?;
            let path = format!(
                "/v1/pull?stream={STREAM_REGISTRY}&cursor={}&limit={FEED_PAGE}&wait_ms=0",
                urlencode(&cursor)
            );
            let page: PullResponse = client
                .json::<(), _>(Method::GET, &path, Some(token), None)
                .await?;
            if page.changes.is_empty() && page.cursor == cursor {
                return Ok(stored);
            }
            let mut persons = Vec::new();
            let mut records = Vec::new();
            for c in page.changes {
                let bad = |e: serde_json::Error| {
                    CoreError::Internal(format!("registry change {} {}: {e}", c.kind, c.id))
                };
                match c.kind.as_str() {
                    KIND_PERSON => persons.push(
                        serde_json::from_value::<RegistryPerson>(c.body.clone()).map_err(bad)?,
                    ),
                    KIND_RECORD => records.push(
                        serde_json::from_value::<RegistryRecord>(c.body.clone()).map_err(bad)?,
                    ),
                    other => tracing::warn!(kind = other, "unknown kind in the registry stream"),
                }
            }
            let mut tx = self.store.writer.begin().await?;
            registry::put_persons(&mut tx, &persons, KeyMode::Index).await?;
            registry::put_records(&mut tx, &records).await?;
            store_cursor(&mut tx, STREAM_REGISTRY, &page.cursor, self.now_ms()).await?;
            set_setting(&mut tx, KEY_UPDATED, &self.now_ms().to_string()).await?;
            tx.commit().await?;
            stored += persons.len() + records.len();
            if !page.more {
                return Ok(stored);
            }
            if Instant::now() >= deadline {
                self.request_sync();
                return Ok(stored);
            }
        }
    }
}

async fn save_progress(tx: &mut sqlx::SqliteConnection, p: &SnapshotProgress) -> Result<()> {
    let text = serde_json::to_string(p).map_err(|e| CoreError::Internal(e.to_string()))?;
    set_setting(tx, KEY_SNAPSHOT, &text).await
}
