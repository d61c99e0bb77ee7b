//! Sync with the office's server (DESIGN.md "Sync, in one page"; the protocol is in
//! `docs/sync.md`). Push before pull: the outbox goes up in order, in batches; the server's
//! verdict on each command is stored with it; then the office stream comes down page by page,
//! each page with its cursor in one local transaction. Attachments' bytes travel separately,
//! content-addressed and in chunks. Legal numbers come from blocks leased while online.
//!
//! Nothing here blocks the clerk: every domain function works on the working copy alone, and
//! the background loop ([`spawn`]) catches up whenever the server can be reached.

mod background;
mod blobs;
mod client;
mod enrol;
mod issues;
mod leases;
mod pull;
mod push;
mod registry;

pub use background::{run, spawn};

use okno_wire::commands::{self, Command};
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError, RwLock};
use std::time::Duration;

use chrono::{DateTime, Utc};
use reqwest::Method;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use sqlx::SqliteConnection;
use uuid::Uuid;

use okno_wire::sync::{
    self as wire, BlobState, Change, CommandStatus, Enrolled, Lease, LeaseRequest, PullResponse,
    PushCommand, PushRequest, PushResponse, StaffLoggedIn, Token, STREAM_OFFICE,
};
use okno_wire::{
    ApiError, ConflictView, EnrolRequest, FieldErrorCode, Permission, RejoinRequest, SetupStatus,
    SyncIssue, SyncOutcome, SyncPhase, SyncProgress, SyncState, SyncStatus,
};

use self::client::ServerClient;
use crate::auth::Actor;
use crate::clock::from_millis;
use crate::creds::{CredentialStore, KeyringCredentials, MemoryCredentials};
use crate::error::{Check, CoreError, Result};
use crate::numbering::Series;
use crate::rows;
use crate::settings::{
    set_setting, setting, KEY_DEVICE_ID, KEY_DEVICE_NAME, KEY_LAST_SYNC, KEY_NUMBERS_VOIDED,
    KEY_OFFICE_ID, KEY_SERVER_URL,
};
use crate::{ids, Workstation};

/// Commands per push request.
pub(super) const PUSH_BATCH: i64 = 200;
/// Changes per pull page.
pub(super) const PULL_PAGE: i64 = 500;
/// A series is topped up when fewer numbers than this are left in its open blocks (or than an
/// hour's use, for a busy desk)...
pub(super) const LEASE_LOW: i64 = 25;
/// ...by a block of at least this many (and of about an afternoon's use, for a busy desk)...
pub(super) const LEASE_BLOCK: i64 = 100;
/// ...and at most this many (the server's limit per lease).
pub(super) const LEASE_MAX_BLOCK: i64 = 1000;
/// How many hours of use a block is sized for: a desk that goes offline for an afternoon
/// does not run dry.
pub(super) const LEASE_COVER_HOURS: i64 = 4;
/// While the server cannot be reached, it is asked this often whether it is back (a cheap
/// `GET /ready`), so sync resumes within about this long of its return, whatever the backoff.
pub(super) const PROBE_INTERVAL: Duration = Duration::from_millis(500);
pub(super) const PROBE_TIMEOUT: Duration = Duration::from_millis(1500);
/// Renumberings of the outbox one exchange may do (a working copy restored from an older
/// backup needs one; more means two working copies share a device id).
pub(super) const MAX_RENUMBERINGS: usize = 3;

pub(super) fn credential_key(device_id: Uuid) -> String {
    format!("device:{device_id}")
}

// ---------------------------------------------------------------------------------------------
// Shared state

#[derive(Debug, Clone)]
pub struct Enrolment {
    pub server_url: String,
    pub device_id: Uuid,
    pub device_name: String,
    pub office_id: Uuid,
}

#[derive(Default)]
pub(super) struct Live {
    state: Option<SyncState>,
    last_error: Option<ApiError>,
    progress: Option<SyncProgress>,
    next_attempt_at: Option<DateTime<Utc>>,
    /// The device secret is missing, unreadable or refused: re-join with a new code.
    needs_rejoin: bool,
}

/// What the sync client keeps in memory: its status for the indicator, the wake-up for "sync
/// now", the credential store, and the short-lived tokens.
pub struct SyncShared {
    live: Mutex<Live>,
    wake: tokio::sync::Notify,
    creds: RwLock<Arc<dyn CredentialStore>>,
    /// The credential store is process memory (no usable keyring, or asked for).
    memory_credentials: AtomicBool,
    device_token: tokio::sync::Mutex<Option<Token>>,
    /// One exchange with the server at a time (the background loop and "sync now").
    running: tokio::sync::Mutex<()>,
    staff_tokens: Mutex<HashMap<Uuid, Token>>,
    /// One HTTP client (connection pool, TLS set-up) for the server, made on first use.
    client: Mutex<Option<ServerClient>>,
}

impl Default for SyncShared {
    fn default() -> Self {
        SyncShared {
            live: Mutex::default(),
            wake: tokio::sync::Notify::new(),
            creds: RwLock::new(Arc::new(KeyringCredentials::new())),
            memory_credentials: AtomicBool::new(false),
            device_token: tokio::sync::Mutex::new(None),
            running: tokio::sync::Mutex::new(()),
            staff_tokens: Mutex::default(),
            client: Mutex::default(),
        }
    }
}

impl SyncShared {
    pub(super) fn live(&self) -> std::sync::MutexGuard<'_, Live> {
        self.live.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The HTTP client for `url`, kept between exchanges so connections are reused.
    pub(super) fn client(&self, url: &str) -> Result<ServerClient> {
        let mut cached = self.client.lock().unwrap_or_else(PoisonError::into_inner);
        match cached.as_ref() {
            Some(c) if c.base() == url.trim_end_matches('/') => Ok(c.clone()),
            _ => {
                let c = ServerClient::new(url)?;
                *cached = Some(c.clone());
                Ok(c)
            }
        }
    }

    pub(crate) fn creds(&self) -> Arc<dyn CredentialStore> {
        self.creds
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

/// What one exchange with the server did.
#[derive(Debug, Default, Clone)]
pub struct SyncReport {
    pub pushed: usize,
    pub rejected: usize,
    pub conflicts: usize,
    pub pulled: usize,
    pub kept_local: usize,
    pub blobs_up: usize,
    pub blobs_down: usize,
    pub leased: usize,
    /// Changes on the server this exchange could not fetch yet (their transactions were still
    /// in flight); the next pull brings them.
    pub remote_pending: i64,
    /// Rows of the civil registry stored (snapshot pages or changes).
    pub registry: usize,
}

#[derive(Deserialize)]
pub(super) struct LeaseList {
    leases: Vec<Lease>,
}

pub(super) async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T> + Send + 'static,
) -> Result<T> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| CoreError::Internal(e.to_string()))?
}

impl Workstation {
    /// Replaces the credential store (tests and browser mode use an in-memory one).
    pub fn set_credentials(&self, store: Arc<dyn CredentialStore>) {
        *self
            .sync
            .creds
            .write()
            .unwrap_or_else(PoisonError::into_inner) = store;
    }

    /// Keeps secrets in this process's memory from now on (browser mode's
    /// `--memory-credentials`, or no usable keyring): the sync status says so, and after a
    /// restart the workstation must be re-joined. Secrets kept in memory already stay.
    pub fn keep_credentials_in_memory(&self) {
        if !self.sync.memory_credentials.swap(true, Ordering::SeqCst) {
            self.set_credentials(Arc::new(MemoryCredentials::default()));
        }
    }

    /// Uses the OS keyring if it answers; otherwise falls back to memory by itself and says so
    /// once (a warning here, `memory_credentials` in the sync status), instead of failing every
    /// exchange. Returns whether the keyring is used.
    pub async fn use_os_keyring_or_memory(&self) -> bool {
        let keyring = KeyringCredentials::new();
        match blocking(move || keyring.probe()).await {
            Ok(()) => {
                self.set_credentials(Arc::new(KeyringCredentials::new()));
                true
            }
            Err(e) => {
                tracing::warn!(error = %e, "the OS keyring is not available: the device secret is kept in memory only, and after a restart this workstation must be re-joined");
                self.keep_credentials_in_memory();
                false
            }
        }
    }

    pub async fn enrolment(&self) -> Result<Option<Enrolment>> {
        let mut conn = self.store.reader.acquire().await?;
        let Some(device) = setting(&mut conn, KEY_DEVICE_ID).await? else {
            return Ok(None);
        };
        let get = |v: Option<String>| v.unwrap_or_default();
        let server_url = get(setting(&mut conn, KEY_SERVER_URL).await?);
        let device_name = get(setting(&mut conn, KEY_DEVICE_NAME).await?);
        let office = get(setting(&mut conn, KEY_OFFICE_ID).await?);
        Ok(Some(Enrolment {
            server_url,
            device_id: ids::parse(&device)?,
            device_name,
            office_id: ids::parse(&office)?,
        }))
    }

    /// Every row of a synced table, as the server stores it (to seed a server's office from a
    /// prepared working copy, e.g. the demo office).
    pub async fn export_rows(&self, kind: &str) -> Result<Vec<serde_json::Value>> {
        let mut conn = self.store.reader.acquire().await?;
        rows::all_rows(&mut conn, kind).await
    }

    /// Asks the background loop to sync now (it also wakes by itself on new local changes).
    pub fn request_sync(&self) {
        self.sync.wake.notify_one();
    }

    pub async fn sync_status(&self) -> Result<SyncStatus> {
        let enrolment = self.enrolment().await?;
        let outbox = self.outbox_status().await?;
        let counts = sqlx::query!(
            r#"SELECT
                 (SELECT COUNT(*) FROM sync_issue WHERE outcome = 'rejected') AS "rejected!: i64",
                 (SELECT COUNT(*) FROM sync_conflict WHERE resolved_at IS NULL) AS "conflicts!: i64",
                 (SELECT value FROM setting WHERE key = 'sync.last_sync_at') AS "last?: String""#
        )
        .fetch_one(&self.store.reader)
        .await?;
        let live = self.sync.live();
        let state = match &enrolment {
            None => SyncState::Standalone,
            Some(_) => live.state.unwrap_or(SyncState::Offline),
        };
        Ok(SyncStatus {
            state,
            server_url: enrolment.as_ref().map(|e| e.server_url.clone()),
            device_name: enrolment.as_ref().map(|e| e.device_name.clone()),
            last_sync_at: counts
                .last
                .and_then(|v| v.parse::<i64>().ok())
                .map(from_millis),
            pending: outbox.pending,
            oldest_pending: outbox.oldest,
            last_error: live.last_error.clone(),
            progress: live.progress.clone(),
            rejected: counts.rejected,
            conflicts: counts.conflicts,
            next_attempt_at: live.next_attempt_at,
            needs_rejoin: enrolment.is_some() && live.needs_rejoin,
            // Only worth saying on a desk that has a secret to keep.
            memory_credentials: enrolment.is_some()
                && self.sync.memory_credentials.load(Ordering::SeqCst),
        })
    }

    pub(super) fn set_progress(&self, phase: SyncPhase, done: i64, total: Option<i64>) {
        self.sync.live().progress = Some(SyncProgress { phase, done, total });
    }

    /// One request to the office server for a clerk waiting on it (the queue's shared line),
    /// given up after `timeout`: `Ok(None)` when this workstation is not enrolled (it is its
    /// own office), `Err(ServerUnreachable)` when the server cannot be reached in time.
    pub(crate) async fn ask_server<B: serde::Serialize, R: serde::de::DeserializeOwned>(
        &self,
        path: &str,
        body: &B,
        timeout: std::time::Duration,
    ) -> Result<Option<R>> {
        let Some(enr) = self.enrolment().await? else {
            return Ok(None);
        };
        let client = self.sync.client(&enr.server_url)?;
        let token = tokio::time::timeout(timeout, self.device_token(&client, &enr))
            .await
            .map_err(|_| {
                CoreError::ServerUnreachable("the server did not answer in time".into())
            })??;
        let answer = client
            .json_within(Method::POST, path, Some(&token), body, timeout)
            .await?;
        Ok(Some(answer))
    }

    /// One full exchange with the server: blobs up, push, leases, pull, blobs down.
    pub async fn sync_once(&self) -> Result<SyncReport> {
        let _one = self.sync.running.lock().await;
        let Some(enr) = self.enrolment().await? else {
            return Err(CoreError::NotInitialized);
        };
        let client = self.sync.client(&enr.server_url)?;
        let r = self.exchange(&client, &enr).await;
        {
            let mut live = self.sync.live();
            live.progress = None;
            match &r {
                Ok(_) => {
                    live.state = Some(SyncState::Online);
                    live.last_error = None;
                    live.next_attempt_at = None;
                }
                Err(e) => {
                    live.state = Some(match e {
                        CoreError::DeviceRevoked => SyncState::Revoked,
                        CoreError::ServerUnreachable(_) => SyncState::Offline,
                        _ => SyncState::Error,
                    });
                    live.last_error = Some(ApiError {
                        code: e.code(),
                        message: e.to_string(),
                        fields: Vec::new(),
                    });
                }
            }
        }
        if r.is_ok() {
            let now = self.now_ms().to_string();
            let mut conn = self.store.writer.acquire().await?;
            set_setting(&mut conn, KEY_LAST_SYNC, &now).await?;
        }
        r
    }

    pub(super) async fn exchange(
        &self,
        client: &ServerClient,
        enr: &Enrolment,
    ) -> Result<SyncReport> {
        let mut report = SyncReport::default();
        let token = self.device_token(client, enr).await?;
        // Numbers first when short: intake waits on them, not on a long push and pull.
        if self.numbers_short().await? {
            report.leased += self.top_up_leases(client, &token).await?;
        }
        self.ensure_seal_key(client, &token, enr).await?;
        report.blobs_up = self.upload_blobs(client, &token).await?;
        let (pushed, rejected, conflicts) = self.push_all(client, &token).await?;
        report.pushed = pushed;
        report.rejected = rejected;
        report.conflicts = conflicts;
        // The office row arrives with the first pull; leases need its time zone.
        let (pulled, kept, held_back) = self.pull_all(client, &token).await?;
        report.pulled = pulled;
        report.kept_local = kept;
        report.remote_pending = held_back;
        if pulled > 0 {
            self.invalidate_office_cache();
        }
        report.leased += self.top_up_leases(client, &token).await?;
        report.blobs_down = self.download_blobs(client, &token).await?;
        report.registry = self.sync_registry(client, &token).await?;
        self.refresh_staff_tokens(client).await;
        Ok(report)
    }
}

pub(super) fn urlencode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}
