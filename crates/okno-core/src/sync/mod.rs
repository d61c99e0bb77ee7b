//! Sync with the office's server (DESIGN.md "Sync, in one page"; the protocol is in
//! `docs/sync.md`). Push before pull: the outbox goes up in order, in batches; the server's
//! verdict on each command is stored with it; then the office stream comes down page by page,
//! each page with its cursor in one local transaction. Attachments' bytes travel separately,
//! content-addressed and in chunks. Legal numbers come from blocks leased while online.
//!
//! Nothing here blocks the clerk: every domain function works on the working copy alone, and
//! the background loop ([`spawn`]) catches up whenever the server can be reached.

mod client;
pub mod creds;
mod registry;
pub mod rows;

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
    self as wire, BlobState, Change, CommandStatus, Enrolled, Hlc, Lease, LeaseRequest,
    PullResponse, PushCommand, PushRequest, PushResponse, StaffLoggedIn, Token, STREAM_OFFICE,
};
use okno_wire::{
    ApiError, ConflictView, EnrolRequest, FieldErrorCode, Permission, RejoinRequest, SetupStatus,
    SyncIssue, SyncOutcome, SyncPhase, SyncProgress, SyncState, SyncStatus,
};

use self::client::ServerClient;
use self::creds::{CredentialStore, KeyringCredentials, MemoryCredentials};
use crate::auth::Actor;
use crate::clock::from_millis;
use crate::error::{Check, CoreError, Result};
use crate::numbering::Series;
use crate::{ids, Workstation};

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

/// Commands per push request.
const PUSH_BATCH: i64 = 200;
/// Changes per pull page.
const PULL_PAGE: i64 = 500;
/// A series is topped up when fewer numbers than this are left in its open blocks (or than an
/// hour's use, for a busy desk)...
const LEASE_LOW: i64 = 25;
/// ...by a block of at least this many (and of about an afternoon's use, for a busy desk)...
const LEASE_BLOCK: i64 = 100;
/// ...and at most this many (the server's limit per lease).
const LEASE_MAX_BLOCK: i64 = 1000;
/// How many hours of use a block is sized for: a desk that goes offline for an afternoon
/// does not run dry.
const LEASE_COVER_HOURS: i64 = 4;
/// While the server cannot be reached, it is asked this often whether it is back (a cheap
/// `GET /ready`), so sync resumes within about this long of its return, whatever the backoff.
const PROBE_INTERVAL: Duration = Duration::from_millis(500);
const PROBE_TIMEOUT: Duration = Duration::from_millis(1500);
/// Renumberings of the outbox one exchange may do (a working copy restored from an older
/// backup needs one; more means two working copies share a device id).
const MAX_RENUMBERINGS: usize = 3;

fn credential_key(device_id: Uuid) -> String {
    format!("device:{device_id}")
}

// ---------------------------------------------------------------------------------------------
// Settings and the hybrid logical clock

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
struct Live {
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
    fn live(&self) -> std::sync::MutexGuard<'_, Live> {
        self.live.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The HTTP client for `url`, kept between exchanges so connections are reused.
    fn client(&self, url: &str) -> Result<ServerClient> {
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
struct LeaseList {
    leases: Vec<Lease>,
}

async fn blocking<T: Send + 'static>(f: impl FnOnce() -> Result<T> + Send + 'static) -> Result<T> {
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

    /// Stores the device secret; a credential store that refuses it is replaced by memory
    /// (said once), so an enrolment or re-join never fails after the server has granted it.
    async fn keep_device_secret(&self, device_id: Uuid, secret: &str) -> Result<()> {
        let creds = self.sync.creds();
        let (key, value) = (credential_key(device_id), secret.to_string());
        match blocking(move || creds.set(&key, &value)).await {
            Err(CoreError::CredentialStore(e)) => {
                tracing::warn!(error = %e, "the credential store refused the device secret: it is kept in memory only, and after a restart this workstation must be re-joined");
                self.keep_credentials_in_memory();
                self.sync.creds().set(&credential_key(device_id), secret)
            }
            other => other,
        }
    }

    /// Marks the desk as needing a re-join (logged once, when it starts) and returns the error.
    fn rejoin_needed(&self, why: &str) -> CoreError {
        let mut live = self.sync.live();
        if !live.needs_rejoin {
            tracing::warn!(reason = why, "this workstation must be re-joined to the office server (it works on offline meanwhile)");
        }
        live.needs_rejoin = true;
        CoreError::RejoinNeeded
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

    fn set_progress(&self, phase: SyncPhase, done: i64, total: Option<i64>) {
        self.sync.live().progress = Some(SyncProgress { phase, done, total });
    }

    /// Enrols this (fresh) working copy with the office's server using a one-time code, keeps
    /// the device secret in the credential store and downloads the office.
    pub async fn enrol(&self, req: EnrolRequest) -> Result<SetupStatus> {
        let mut check = Check::new();
        let url = check.text("server_url", &req.server_url, 300);
        if !(url.is_empty() || url.starts_with("https://") || url.starts_with("http://")) {
            check.fail("server_url", FieldErrorCode::Malformed, None);
        }
        let code = check.text("code", &req.code, 100);
        let device_name = check.text("device_name", &req.device_name, 100);
        check.finish()?;
        if self.setup_status().await?.initialized || self.enrolment().await?.is_some() {
            return Err(CoreError::AlreadyInitialized);
        }
        let client = self.sync.client(&url)?;
        let device_id = ids::new_id();
        let enrolled: Enrolled = client
            .json(
                Method::POST,
                "/v1/enrol",
                None,
                Some(&wire::EnrolDevice {
                    code,
                    device_id,
                    device_name: device_name.clone(),
                }),
            )
            .await
            .map_err(|e| match e {
                CoreError::Server { message, .. } => CoreError::EnrolmentRefused(message),
                other => other,
            })?;
        self.keep_device_secret(enrolled.device_id, &enrolled.secret)
            .await?;
        let mut tx = self.store.writer.begin().await?;
        set_setting(&mut tx, KEY_SERVER_URL, &url).await?;
        set_setting(&mut tx, KEY_DEVICE_ID, &enrolled.device_id.to_string()).await?;
        set_setting(&mut tx, KEY_DEVICE_NAME, &device_name).await?;
        set_setting(&mut tx, KEY_OFFICE_ID, &enrolled.office_id.to_string()).await?;
        tx.commit().await?;
        tracing::info!(device = %enrolled.device_id, server = %url, "enrolled");
        // The first sync brings the office, its staff and catalogue; if it fails now, the
        // background loop finishes it.
        if let Err(e) = self.sync_once().await {
            tracing::warn!(error = %e, "first sync after enrolment failed");
        }
        self.invalidate_office_cache();
        self.setup_status().await
    }

    /// Re-joins this enrolled workstation with a new one-time code when its device secret is
    /// lost (a keyring gone or locked, memory credentials after a restart) or no longer
    /// accepted: the server rotates the secret of the same device, so the outbox, its sequence
    /// and the leases stay, and everything waiting goes through with the next exchange.
    pub async fn rejoin(&self, _actor: &Actor, req: RejoinRequest) -> Result<SyncStatus> {
        let mut check = Check::new();
        let code = check.text("code", &req.code, 100);
        check.finish()?;
        let enr = self.enrolment().await?.ok_or(CoreError::NotInitialized)?;
        let client = self.sync.client(&enr.server_url)?;
        let rejoined: wire::Rejoined = client
            .json(
                Method::POST,
                "/v1/rejoin",
                None,
                Some(&wire::RejoinDevice {
                    code,
                    device_id: enr.device_id,
                }),
            )
            .await
            .map_err(|e| match e {
                CoreError::Server { message, .. } => CoreError::EnrolmentRefused(message),
                other => other,
            })?;
        self.keep_device_secret(enr.device_id, &rejoined.secret)
            .await?;
        self.drop_device_token().await;
        self.align_sequence(rejoined.next_seq).await?;
        {
            let mut live = self.sync.live();
            live.needs_rejoin = false;
            live.next_attempt_at = None;
        }
        tracing::info!(device = %enr.device_id, next_seq = rejoined.next_seq, "re-joined the office server");
        self.request_sync();
        self.sync_status().await
    }

    /// Takes note of where the server's sequence for this device stands. Normally this working
    /// copy is ahead of it (it has sent no more than it wrote); behind it, the working copy was
    /// restored from an older backup and the server holds commands it no longer has: its next
    /// command is numbered after them (what it wrote since the restore is renumbered when the
    /// server refuses it as `sequence_reused`, and what it lost comes back by pull).
    async fn align_sequence(&self, server_next: i64) -> Result<()> {
        let mut tx = self.store.writer.begin().await?;
        let local: i64 = sqlx::query_scalar(
            "SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'outbox'), 0),
                        COALESCE((SELECT MAX(seq) FROM outbox), 0))",
        )
        .fetch_one(&mut *tx)
        .await?;
        if local >= server_next - 1 {
            return Ok(());
        }
        tracing::warn!(
            local_last = local,
            server_last = server_next - 1,
            "the server holds commands of this workstation its working copy does not (restored from an older backup?): numbering on after them"
        );
        set_outbox_floor(&mut tx, server_next - 1).await?;
        tx.commit().await?;
        Ok(())
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

    async fn exchange(&self, client: &ServerClient, enr: &Enrolment) -> Result<SyncReport> {
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

    async fn device_token(&self, client: &ServerClient, enr: &Enrolment) -> Result<String> {
        let mut cached = self.sync.device_token.lock().await;
        if let Some(t) = cached.as_ref() {
            if t.expires_at > Utc::now() + chrono::Duration::seconds(60) {
                return Ok(t.token.clone());
            }
        }
        let creds = self.sync.creds();
        let key = credential_key(enr.device_id);
        // Without its secret the desk is not bricked: staff sign in offline and work on, and
        // the desk says it must be re-joined.
        let secret = match blocking(move || creds.get(&key)).await {
            Ok(Some(secret)) => secret,
            Ok(None) => return Err(self.rejoin_needed("the device secret is missing")),
            Err(CoreError::CredentialStore(e)) => {
                return Err(self.rejoin_needed(&format!("the credential store failed: {e}")))
            }
            Err(e) => return Err(e),
        };
        let t: Token = match client
            .json(
                Method::POST,
                "/v1/device/token",
                None,
                Some(&wire::DeviceTokenRequest {
                    device_id: enr.device_id,
                    secret,
                }),
            )
            .await
        {
            Err(CoreError::InvalidCredentials) => {
                return Err(self.rejoin_needed("the server no longer accepts the device secret"))
            }
            other => other?,
        };
        self.sync.live().needs_rejoin = false;
        if let Some(next) = t.next_seq {
            self.align_sequence(next).await?;
        }
        let token = t.token.clone();
        *cached = Some(t);
        Ok(token)
    }

    /// Forgets the cached device token (after the server said it expired).
    async fn drop_device_token(&self) {
        *self.sync.device_token.lock().await = None;
    }

    async fn push_all(&self, client: &ServerClient, token: &str) -> Result<(usize, usize, usize)> {
        let (mut pushed, mut rejected, mut conflicts) = (0, 0, 0);
        let total = self.outbox_status().await?.pending;
        let mut renumberings = 0;
        loop {
            let rows = sqlx::query!(
                r#"SELECT seq AS "seq!: i64", command_id, name, version, payload, actor_id, created_at, hlc
                   FROM outbox WHERE acked_at IS NULL ORDER BY seq LIMIT ?"#,
                PUSH_BATCH
            )
            .fetch_all(&self.store.reader)
            .await?;
            if rows.is_empty() {
                break;
            }
            self.set_progress(SyncPhase::Pushing, pushed as i64, Some(total));
            let mut commands = Vec::with_capacity(rows.len());
            for r in &rows {
                commands.push(PushCommand {
                    seq: r.seq,
                    command_id: ids::parse(&r.command_id)?,
                    name: r.name.clone(),
                    version: r.version,
                    actor_id: r.actor_id.as_deref().map(ids::parse).transpose()?,
                    created_at: r.created_at,
                    hlc: r.hlc.clone().unwrap_or_default(),
                    payload: serde_json::from_str(&r.payload)
                        .map_err(|e| CoreError::Internal(e.to_string()))?,
                });
            }
            let first = commands[0].seq;
            let req = PushRequest {
                commands,
                outbox_pending: total - pushed as i64,
            };
            let resp: PushResponse = match client
                .json(Method::POST, "/v1/push", Some(token), Some(&req))
                .await
            {
                Err(CoreError::Server { code, .. }) if code == "token_expired" => {
                    self.drop_device_token().await;
                    return Err(CoreError::ServerUnreachable("token expired".into()));
                }
                other => other?,
            };
            if resp.results.is_empty() {
                return Err(CoreError::Server {
                    code: "sequence_gap".into(),
                    message: format!(
                        "the server expects command {} but this workstation's next is {first}",
                        resp.next_seq
                    ),
                });
            }
            let now = self.now_ms();
            let mut tx = self.store.writer.begin().await?;
            let mut reused = None;
            for r in &resp.results {
                if r.code.as_deref() == Some(wire::SEQUENCE_REUSED) {
                    // Not this command's verdict: its number was taken by a command this
                    // working copy no longer has. It and everything after it get new numbers.
                    reused = Some(r.seq);
                    break;
                }
                let outcome = match r.status {
                    CommandStatus::Applied => "applied",
                    CommandStatus::Rejected => "rejected",
                    CommandStatus::Conflict => "conflict",
                };
                let done = sqlx::query!(
                    "UPDATE outbox SET acked_at = ?, outcome = ? WHERE seq = ? AND acked_at IS NULL",
                    now,
                    outcome,
                    r.seq
                )
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if done == 0 {
                    continue;
                }
                pushed += 1;
                if r.status != CommandStatus::Applied {
                    if r.status == CommandStatus::Rejected {
                        rejected += 1;
                    } else {
                        conflicts += 1;
                    }
                    let code = r.code.clone().unwrap_or_else(|| outcome.to_string());
                    let message = r.message.clone().unwrap_or_default();
                    sqlx::query!(
                        "INSERT OR IGNORE INTO sync_issue (seq, command, outcome, code, message, entity_id, at)
                         SELECT seq, name, ?, ?, ?, entity_id, ? FROM outbox WHERE seq = ?",
                        outcome,
                        code,
                        message,
                        now,
                        r.seq
                    )
                    .execute(&mut *tx)
                    .await?;
                    undo_refused(&mut tx, r.seq, &code, now).await?;
                }
            }
            if let Some(from) = reused {
                renumberings += 1;
                if renumberings > MAX_RENUMBERINGS {
                    return Err(CoreError::Server {
                        code: wire::SEQUENCE_REUSED.into(),
                        message: format!(
                            "the server keeps refusing this workstation's sequence numbers (from {from}; it expects {}): is its working copy in use on another computer too?",
                            resp.next_seq
                        ),
                    });
                }
                let moved = renumber_outbox(&mut tx, from, resp.next_seq).await?;
                tracing::warn!(
                    from,
                    to = resp.next_seq,
                    commands = moved,
                    "sequence numbers already used on the server (working copy restored from an older backup?): renumbered the commands waiting"
                );
            }
            tx.commit().await?;
        }
        Ok((pushed, rejected, conflicts))
    }

    async fn cursor(&self, stream: &str) -> Result<String> {
        Ok(
            sqlx::query_scalar!("SELECT cursor FROM sync_cursor WHERE stream = ?", stream)
                .fetch_optional(&self.store.reader)
                .await?
                .unwrap_or_default(),
        )
    }

    /// Fetches one page of `stream` (waiting up to `wait_ms` on the server for news) and applies
    /// it. Returns the page's size, the rows kept local, and whether more wait.
    async fn pull_page(
        &self,
        client: &ServerClient,
        token: &str,
        stream: &str,
        wait_ms: u64,
    ) -> Result<(usize, usize, bool, i64)> {
        let cursor = self.cursor(stream).await?;
        let path = format!(
            "/v1/pull?stream={stream}&cursor={}&limit={PULL_PAGE}&wait_ms={wait_ms}",
            urlencode(&cursor)
        );
        let page: PullResponse = client
            .json::<(), _>(Method::GET, &path, Some(token), None)
            .await?;
        if page.changes.is_empty() && page.cursor == cursor {
            return Ok((0, 0, false, page.remaining));
        }
        let mut conn = self.store.writer.acquire().await?;
        let applied = rows::apply_page(
            &mut conn,
            stream,
            &page.cursor,
            &page.changes,
            self.now_ms(),
        )
        .await?;
        Ok((
            page.changes.len(),
            applied.kept_local,
            page.more,
            page.remaining,
        ))
    }

    /// Pulls the office stream up to what the server can show now. Returns the changes
    /// fetched, the rows kept local, and the changes still held back on the server.
    async fn pull_all(&self, client: &ServerClient, token: &str) -> Result<(usize, usize, i64)> {
        let (mut pulled, mut kept) = (0, 0);
        loop {
            let (n, k, more, remaining) = self.pull_page(client, token, STREAM_OFFICE, 0).await?;
            pulled += n;
            kept += k;
            self.set_progress(
                SyncPhase::Pulling,
                pulled as i64,
                Some(pulled as i64 + remaining),
            );
            if !more {
                return Ok((pulled, kept, remaining));
            }
        }
    }

    /// Keeps a block of numbers of every legal series on this workstation, for offline use;
    /// first takes back any lease the server granted whose answer never arrived.
    /// Makes sure this workstation holds a seal key the office has certified: generates one
    /// (secret half into the credential store) and has the server certify it.
    async fn ensure_seal_key(
        &self,
        client: &ServerClient,
        token: &str,
        enr: &Enrolment,
    ) -> Result<()> {
        let creds = self.sync.creds();
        let name = format!("seal:{}", enr.device_id);
        let secret = {
            let (c, n) = (creds.clone(), name.clone());
            blocking(move || c.get(&n)).await?
        };
        let key = match secret.as_deref().and_then(crate::seal::key_from_hex) {
            Some(k) => k,
            None => {
                let k = crate::seal::generate_key();
                let (c, n, s) = (creds.clone(), name.clone(), hex::encode(k.to_bytes()));
                blocking(move || c.set(&n, &s)).await?;
                k
            }
        };
        let public = hex::encode(key.verifying_key().as_bytes());
        let known: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM seal_key WHERE kind = 'device' AND device_id = ? AND public_key = ? AND certificate IS NOT NULL AND revoked_at IS NULL",
        )
        .bind(enr.device_id.to_string())
        .bind(&public)
        .fetch_one(&self.store.reader)
        .await?;
        if known > 0 {
            return Ok(());
        }
        let certified: wire::SealCertified = client
            .json(
                Method::POST,
                "/v1/seal/certify",
                Some(token),
                Some(&wire::SealCertifyRequest { public_key: public }),
            )
            .await?;
        let changes: Vec<Change> = certified
            .keys
            .into_iter()
            .filter_map(|body| {
                Some(Change {
                    kind: "seal_key".into(),
                    id: body["id"].as_str()?.to_string(),
                    body,
                    hlc: None,
                })
            })
            .collect();
        let mut conn = self.store.writer.acquire().await?;
        rows::apply_rows(&mut conn, &changes).await
    }

    /// Keeps enough numbers of every legal series on this workstation for offline use, in
    /// blocks sized to how fast it uses them; first brings its leases in line with the server's
    /// (a lease whose answer never arrived is taken up, one closed on the server is no longer
    /// used, numbers the server has seen used are skipped).
    async fn top_up_leases(&self, client: &ServerClient, token: &str) -> Result<usize> {
        let Ok(office) = self.office().await else {
            return Ok(0);
        };
        let now = self.now_ms();
        let known: LeaseList = client
            .json::<(), _>(Method::GET, "/v1/leases", Some(token), None)
            .await?;
        self.adopt_leases(&known.leases, now).await?;
        let year = office.local_year(self.clock.now());
        let mut leased = 0;
        for need in self.lease_needs(year).await? {
            if need.left >= need.low {
                continue;
            }
            let asked: Result<Lease> = client
                .json(
                    Method::POST,
                    "/v1/leases",
                    Some(token),
                    Some(&LeaseRequest {
                        lease_id: ids::new_id(),
                        series: need.series.to_string(),
                        year,
                        count: need.block,
                    }),
                )
                .await;
            match asked {
                Ok(lease) => {
                    let mut conn = self.store.writer.acquire().await?;
                    store_lease(&mut conn, &lease, now).await?;
                    leased += 1;
                }
                // Refused within reason (this desk holds enough already, or its clock is in
                // another year than the office's): it goes on with what it has.
                Err(CoreError::Server { code, message })
                    if code == "lease_quota" || code == "lease_year" =>
                {
                    tracing::info!(%code, %message, series = need.series, "the server refused a lease");
                }
                Err(e) => return Err(e),
            }
        }
        Ok(leased)
    }

    /// Brings the open leases here in line with the server's list of this device's open ones.
    async fn adopt_leases(&self, server: &[Lease], now: i64) -> Result<()> {
        let mut tx = self.store.writer.begin().await?;
        for l in server {
            store_lease(&mut tx, l, now).await?;
        }
        let open: Vec<String> =
            sqlx::query_scalar("SELECT id FROM number_lease WHERE closed_at IS NULL")
                .fetch_all(&mut *tx)
                .await?;
        for id in open {
            if server.iter().any(|l| l.lease_id.to_string() == id) {
                continue;
            }
            // Closed on the server: an administrator voided it, or this working copy was
            // restored from a backup older than the day close that closed it.
            tracing::warn!(lease = %id, "a lease of this workstation was closed on the server: no more numbers are taken from it");
            sqlx::query("UPDATE number_lease SET closed_at = ? WHERE id = ?")
                .bind(now)
                .bind(&id)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// For every leased series: the numbers left in open blocks of `year`, how few is too few,
    /// and the block to ask for — both from the rate of use (the busier hour of the last one and
    /// the average of the last eight).
    async fn lease_needs(&self, year: i32) -> Result<Vec<LeaseNeed>> {
        let now = self.now_ms();
        let mut needs = Vec::with_capacity(Series::LEASED.len());
        for series in Series::LEASED {
            let code = series.code();
            let left = sqlx::query_scalar!(
                r#"SELECT COALESCE(SUM(last - next + 1), 0) AS "left!: i64" FROM number_lease
                   WHERE series = ? AND year = ? AND closed_at IS NULL"#,
                code,
                year
            )
            .fetch_one(&self.store.reader)
            .await?;
            let (last_hour, last_eight): (i64, i64) = sqlx::query_as(
                "SELECT COALESCE(SUM(used_at > ?), 0), COUNT(*) FROM number_use
                  WHERE series = ? AND year = ? AND owner_kind <> 'void' AND used_at > ?",
            )
            .bind(now - 3_600_000)
            .bind(code)
            .bind(year)
            .bind(now - 8 * 3_600_000)
            .fetch_one(&self.store.reader)
            .await?;
            let (low, block) = lease_plan(last_hour.max((last_eight + 7) / 8));
            needs.push(LeaseNeed {
                series: code,
                left,
                low,
                block,
            });
        }
        Ok(needs)
    }

    /// Whether some series is short of numbers (then leases come first in an exchange).
    async fn numbers_short(&self) -> Result<bool> {
        let Ok(office) = self.office().await else {
            return Ok(false);
        };
        let year = office.local_year(self.clock.now());
        Ok(self.lease_needs(year).await?.iter().any(|n| n.left < n.low))
    }

    async fn upload_blobs(&self, client: &ServerClient, token: &str) -> Result<usize> {
        let todo =
            sqlx::query!("SELECT sha256, media_type, size FROM attachment_blob WHERE uploaded = 0")
                .fetch_all(&self.store.reader)
                .await?;
        let total = todo.len() as i64;
        for (i, b) in todo.iter().enumerate() {
            self.set_progress(SyncPhase::Uploading, i as i64, Some(total));
            let state: BlobState = client
                .json::<(), _>(
                    Method::GET,
                    &format!(
                        "/v1/blobs/{}/state?size={}&media_type={}",
                        b.sha256,
                        b.size,
                        urlencode(&b.media_type)
                    ),
                    Some(token),
                    None,
                )
                .await?;
            if !state.complete {
                let data = sqlx::query_scalar!(
                    "SELECT data FROM attachment_blob WHERE sha256 = ?",
                    b.sha256
                )
                .fetch_one(&self.store.reader)
                .await?;
                let mut offset = state.received as usize;
                while offset < data.len() {
                    let end = (offset + wire::BLOB_CHUNK_BYTES).min(data.len());
                    let st: BlobState = client
                        .put_bytes(
                            &format!("/v1/blobs/{}?offset={offset}", b.sha256),
                            token,
                            data[offset..end].to_vec(),
                        )
                        .await?;
                    offset = st.received as usize;
                    if st.complete {
                        break;
                    }
                }
            }
            sqlx::query!(
                "UPDATE attachment_blob SET uploaded = 1 WHERE sha256 = ?",
                b.sha256
            )
            .execute(&self.store.writer)
            .await?;
        }
        Ok(todo.len())
    }

    async fn download_blobs(&self, client: &ServerClient, token: &str) -> Result<usize> {
        let missing = sqlx::query!(
            r#"SELECT DISTINCT a.sha256 AS "sha256!", a.media_type AS "media_type!", a.size AS "size!: i64"
               FROM attachment a LEFT JOIN attachment_blob b ON b.sha256 = a.sha256
               WHERE b.sha256 IS NULL"#
        )
        .fetch_all(&self.store.reader)
        .await?;
        let total = missing.len() as i64;
        let mut done = 0;
        for (i, m) in missing.iter().enumerate() {
            self.set_progress(SyncPhase::Downloading, i as i64, Some(total));
            let mut data = Vec::with_capacity(m.size.max(0) as usize);
            while (data.len() as i64) < m.size {
                let chunk = client
                    .bytes(
                        &format!(
                            "/v1/blobs/{}?offset={}&len={}",
                            m.sha256,
                            data.len(),
                            wire::BLOB_CHUNK_BYTES
                        ),
                        token,
                    )
                    .await?;
                if chunk.is_empty() {
                    break;
                }
                data.extend_from_slice(&chunk);
            }
            if hex::encode(Sha256::digest(&data)) != m.sha256 {
                tracing::warn!(sha256 = %m.sha256, "downloaded attachment does not match its hash; retrying later");
                continue;
            }
            let now = self.now_ms();
            sqlx::query!(
                "INSERT INTO attachment_blob (sha256, media_type, size, data, created_at, uploaded) VALUES (?, ?, ?, ?, ?, 1)
                 ON CONFLICT (sha256) DO NOTHING",
                m.sha256,
                m.media_type,
                m.size,
                data,
                now
            )
            .execute(&self.store.writer)
            .await?;
            done += 1;
        }
        Ok(done)
    }

    /// Signs in against the server when it can be reached. `Ok(true)`: the server confirmed the
    /// password (and its copy of the staff row is now here); `Ok(false)`: the server could not
    /// be asked (sign in offline). A refusal from the server is final.
    pub(crate) async fn login_online(&self, username: &str, password: &str) -> Result<bool> {
        let Some(enr) = self.enrolment().await? else {
            return Ok(false);
        };
        let client = self.sync.client(&enr.server_url)?;
        let attempt = async {
            let token = self.device_token(&client, &enr).await?;
            client
                .json::<_, StaffLoggedIn>(
                    Method::POST,
                    "/v1/auth/login",
                    Some(&token),
                    Some(&wire::StaffLogin {
                        username: username.to_string(),
                        password: password.to_string(),
                    }),
                )
                .await
        };
        let answer = match tokio::time::timeout(Duration::from_secs(4), attempt).await {
            Err(_) => return Ok(false),
            Ok(Err(CoreError::ServerUnreachable(_))) => return Ok(false),
            // No usable device secret: the sync status says the desk must be re-joined; staff
            // sign in offline meanwhile.
            Ok(Err(CoreError::RejoinNeeded)) => return Ok(false),
            Ok(Err(CoreError::CredentialStore(e))) => {
                tracing::warn!(error = %e, "credential store failed; signing in offline");
                return Ok(false);
            }
            Ok(Err(CoreError::Server { code, message })) => {
                tracing::warn!(%code, %message, "online sign-in failed; signing in offline");
                return Ok(false);
            }
            Ok(r) => r?,
        };
        let id = answer
            .staff
            .get("id")
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_string();
        let change = Change {
            kind: "staff".into(),
            id: id.clone(),
            body: answer.staff,
            hlc: None,
        };
        // Stored like a pulled row, without moving the stream's cursor.
        let cursor = self.cursor(STREAM_OFFICE).await?;
        let mut conn = self.store.writer.acquire().await?;
        rows::apply_page(&mut conn, STREAM_OFFICE, &cursor, &[change], self.now_ms()).await?;
        if let Ok(uuid) = ids::parse(&id) {
            self.sync
                .staff_tokens
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .insert(uuid, answer.token);
        }
        Ok(true)
    }

    /// The server token of a signed-in member of staff (for online-only calls).
    pub fn staff_token(&self, staff_id: Uuid) -> Option<String> {
        self.sync
            .staff_tokens
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&staff_id)
            .map(|t| t.token.clone())
    }

    async fn refresh_staff_tokens(&self, client: &ServerClient) {
        let due: Vec<(Uuid, String)> = {
            let tokens = self
                .sync
                .staff_tokens
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            let soon = Utc::now() + chrono::Duration::minutes(3);
            tokens
                .iter()
                .filter(|(_, t)| t.expires_at < soon)
                .map(|(id, t)| (*id, t.token.clone()))
                .collect()
        };
        for (id, old) in due {
            let fresh = client
                .json::<(), Token>(Method::POST, "/v1/auth/refresh", Some(&old), None)
                .await;
            let mut tokens = self
                .sync
                .staff_tokens
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            match fresh {
                Ok(t) => {
                    tokens.insert(id, t);
                }
                Err(_) => {
                    tokens.remove(&id);
                }
            }
        }
    }

    pub async fn list_sync_issues(&self, _actor: &Actor) -> Result<Vec<SyncIssue>> {
        let rows = sqlx::query!(
            r#"SELECT i.seq AS "seq!: i64", i.command, i.outcome, i.code, i.message, i.entity_id, i.at,
                      c.id AS "case_id?", c.number AS "case_number?"
               FROM sync_issue i LEFT JOIN case_file c ON c.id = i.entity_id
               ORDER BY i.seq DESC LIMIT 500"#
        )
        .fetch_all(&self.store.reader)
        .await?;
        rows.into_iter()
            .map(|r| {
                Ok(SyncIssue {
                    seq: r.seq,
                    command: r.command,
                    outcome: if r.outcome == "conflict" {
                        SyncOutcome::Conflict
                    } else {
                        SyncOutcome::Rejected
                    },
                    code: r.code,
                    message: r.message,
                    case_id: r.case_id.as_deref().map(ids::parse).transpose()?,
                    case_number: r.case_number,
                    at: from_millis(r.at),
                })
            })
            .collect()
    }

    pub(crate) async fn case_sync_issues(&self, case_id: &str) -> Result<(i64, Vec<SyncIssue>)> {
        let pending = sqlx::query_scalar!(
            r#"SELECT COUNT(*) AS "n!: i64" FROM outbox WHERE entity_id = ? AND acked_at IS NULL"#,
            case_id
        )
        .fetch_one(&self.store.reader)
        .await?;
        let rows = sqlx::query!(
            r#"SELECT i.seq AS "seq!: i64", i.command, i.outcome, i.code, i.message, i.at, c.number AS "number?"
               FROM sync_issue i LEFT JOIN case_file c ON c.id = i.entity_id
               WHERE i.entity_id = ? ORDER BY i.seq"#,
            case_id
        )
        .fetch_all(&self.store.reader)
        .await?;
        let cid = ids::parse(case_id)?;
        let issues = rows
            .into_iter()
            .map(|r| SyncIssue {
                seq: r.seq,
                command: r.command,
                outcome: if r.outcome == "conflict" {
                    SyncOutcome::Conflict
                } else {
                    SyncOutcome::Rejected
                },
                code: r.code,
                message: r.message,
                case_id: Some(cid),
                case_number: r.number,
                at: from_millis(r.at),
            })
            .collect();
        Ok((pending, issues))
    }

    /// The conflicts no supervisor has settled yet, newest first, each with the case as this
    /// workstation holds it now and where it may move from there.
    pub async fn list_conflicts(&self, actor: &Actor) -> Result<Vec<ConflictView>> {
        actor.require(Permission::ReviewConflicts)?;
        let rows = sqlx::query!(
            r#"SELECT k.id, k.case_id, k.kind, k.server_status, k.attempted_from, k.attempted_to,
                      k.device_name, k.created_at, c.number AS "case_number?", s.display_name AS "actor_name?",
                      c.subject AS "case_subject?", c.party_name AS "case_party_name?", c.status AS "current_status?",
                      (SELECT json_extract(o.payload, '$.rows[0].body.note') FROM outbox o
                        WHERE o.command_id = k.command_id) AS "attempted_note?: String"
               FROM sync_conflict k
               LEFT JOIN case_file c ON c.id = k.case_id
               LEFT JOIN staff s ON s.id = k.actor_id
               WHERE k.resolved_at IS NULL
                 AND NOT EXISTS (SELECT 1 FROM conflict_settlement x WHERE x.conflict_id = k.id)
               ORDER BY k.created_at DESC"#
        )
        .fetch_all(&self.store.reader)
        .await?;
        let status = |s: Option<String>| s.as_deref().and_then(crate::cases::status::from_code);
        rows.into_iter()
            .map(|r| {
                let current_status = status(r.current_status);
                Ok(ConflictView {
                    id: ids::parse(&r.id)?,
                    case_id: r.case_id.as_deref().map(ids::parse).transpose()?,
                    case_number: r.case_number,
                    kind: r.kind,
                    server_status: status(r.server_status),
                    attempted_from: status(r.attempted_from),
                    attempted_to: status(r.attempted_to),
                    actor_name: r.actor_name,
                    device_name: r.device_name,
                    created_at: from_millis(r.created_at),
                    case_subject: r.case_subject,
                    case_party_name: r.case_party_name,
                    current_status,
                    attempted_note: r.attempted_note,
                    allowed: current_status
                        .map(|s| crate::cases::status::allowed_next(s).to_vec())
                        .unwrap_or_default(),
                })
            })
            .collect()
    }

    /// Voids every number left in this workstation's open leases, with a reason (day close),
    /// and closes the leases: each number is then accounted for as used or voided. Blocks
    /// leased afterwards (for a late walk-in, or the next day) are the next close's to void.
    /// Returns how many numbers were voided.
    pub async fn void_unused_numbers(&self, actor: &Actor, reason: &str) -> Result<i64> {
        actor.require(Permission::CloseDay)?;
        let mut check = Check::new();
        let reason = check.text("reason", reason, 500);
        check.finish()?;
        let now = self.now_ms();
        let today = self
            .office()
            .await?
            .local_date(self.clock.now())
            .to_string();
        let mut tx = self.store.writer.begin().await?;
        let upto: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(rowid), 0) FROM number_lease")
            .fetch_one(&mut *tx)
            .await?;
        set_setting(&mut tx, KEY_NUMBERS_VOIDED, &format!("{today}|{upto}")).await?;
        let leases = sqlx::query!(
            r#"SELECT id AS "id!", series, year AS "year!: i64", next AS "next!: i64", last AS "last!: i64"
               FROM number_lease WHERE closed_at IS NULL"#
        )
        .fetch_all(&mut *tx)
        .await?;
        let mut voided = 0;
        for l in leases {
            for n in l.next..=l.last {
                sqlx::query!(
                    "INSERT INTO number_use (series, year, number, owner_kind, owner_id, used_at, void_reason)
                     VALUES (?, ?, ?, 'void', ?, ?, ?)",
                    l.series,
                    l.year,
                    n,
                    l.id,
                    now,
                    reason
                )
                .execute(&mut *tx)
                .await?;
            }
            let end = l.last + 1;
            sqlx::query!(
                "UPDATE number_lease SET next = ?, closed_at = ? WHERE id = ?",
                end,
                now,
                l.id
            )
            .execute(&mut *tx)
            .await?;
            let count = l.last - l.next + 1;
            voided += count.max(0);
            crate::outbox::append(
                &mut tx,
                Command::NumbersVoid(commands::NumbersVoid {
                    lease_id: l.id.to_string(),
                    series: l.series.to_string(),
                    year: l.year,
                    from: l.next,
                    to: l.last,
                    reason: reason.to_string(),
                    close: true,
                }),
                Some(actor.staff_id),
                now,
                Default::default(),
            )
            .await?;
        }
        tx.commit().await?;
        self.request_sync();
        Ok(voided)
    }
}

struct LeaseNeed {
    series: &'static str,
    left: i64,
    low: i64,
    block: i64,
}

/// How few numbers in hand are too few, and how many to lease, for a desk using `per_hour`:
/// an hour's worth in hand at least, blocks of about an afternoon's worth, within bounds.
fn lease_plan(per_hour: i64) -> (i64, i64) {
    let per_hour = per_hour.max(0);
    let low = per_hour.clamp(LEASE_LOW, LEASE_MAX_BLOCK);
    let block = (per_hour.saturating_mul(LEASE_COVER_HOURS) + 49) / 50 * 50;
    (low, block.clamp(LEASE_BLOCK, LEASE_MAX_BLOCK))
}

/// Records a lease the server granted (known ones are kept), starting after the numbers the
/// server has seen used in it.
async fn store_lease(conn: &mut SqliteConnection, l: &Lease, now: i64) -> Result<()> {
    let id = l.lease_id.to_string();
    let next = l
        .used_upto
        .map_or(l.first, |u| (u + 1).clamp(l.first, l.last + 1));
    sqlx::query!(
        "INSERT INTO number_lease (id, series, year, first, last, next, leased_at) VALUES (?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT (id) DO NOTHING",
        id,
        l.series,
        l.year,
        l.first,
        l.last,
        next,
        now
    )
    .execute(&mut *conn)
    .await?;
    if next > l.first {
        sqlx::query(
            "UPDATE number_lease SET next = MAX(next, ?) WHERE id = ? AND closed_at IS NULL",
        )
        .bind(next)
        .bind(&id)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Makes the outbox number its next command after `last` (never lower than it does already).
async fn set_outbox_floor(tx: &mut SqliteConnection, last: i64) -> Result<()> {
    let updated = sqlx::query("UPDATE sqlite_sequence SET seq = MAX(seq, ?) WHERE name = 'outbox'")
        .bind(last)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if updated == 0 {
        sqlx::query("INSERT INTO sqlite_sequence (name, seq) VALUES ('outbox', ?)")
            .bind(last)
            .execute(&mut *tx)
            .await?;
    }
    Ok(())
}

/// Gives the commands waiting from sequence number `from` on new numbers from `next` on, in
/// their order (each keeps its command id, so one the server has seen is still recognised).
/// Returns how many moved.
async fn renumber_outbox(tx: &mut SqliteConnection, from: i64, next: i64) -> Result<u64> {
    // Out of the way first (negative numbers are free), then to their new places in order:
    // old and new ranges may overlap.
    let moved = sqlx::query("UPDATE outbox SET seq = -seq WHERE acked_at IS NULL AND seq >= ?")
        .bind(from)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    sqlx::query(
        "UPDATE outbox SET seq = ? - 1 + r.rn
           FROM (SELECT seq AS old, ROW_NUMBER() OVER (ORDER BY seq DESC) AS rn FROM outbox WHERE seq < 0) AS r
          WHERE outbox.seq = r.old",
    )
    .bind(next)
    .execute(&mut *tx)
    .await?;
    set_outbox_floor(tx, next - 1 + moved as i64).await?;
    Ok(moved)
}

/// What a refused command leaves behind is taken back: the insert-only rows it wrote (history
/// the server does not hold) are removed — the command itself stays in the outbox and its
/// verdict in `sync_issue`, so nothing is forgotten — and a legal number it used is voided with
/// the reason, so the number is still accounted for. Rows that change (the case itself) stay,
/// with the server's version arriving by pull, or, for a refused intake, as the record the
/// clerk sees the refusal next to.
async fn undo_refused(tx: &mut SqliteConnection, seq: i64, code: &str, now: i64) -> Result<()> {
    let Some((name, payload, actor)) = sqlx::query_as::<_, (String, String, Option<String>)>(
        "SELECT name, payload, actor_id FROM outbox WHERE seq = ?",
    )
    .bind(seq)
    .fetch_optional(&mut *tx)
    .await?
    else {
        return Ok(());
    };
    let payload: serde_json::Value = serde_json::from_str(&payload).unwrap_or_default();
    for row in payload["rows"].as_array().into_iter().flatten() {
        let (Some(kind), Some(id)) = (row["kind"].as_str(), row["body"]["id"].as_str()) else {
            continue;
        };
        if let Some(t) = wire::table(kind).filter(|t| !t.mutable && !t.append_only) {
            sqlx::query(&format!("DELETE FROM {} WHERE id = ?", t.kind))
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
    }
    let n = &payload["number"];
    if let (Some(series), Some(year), Some(number)) = (
        n["series"].as_str(),
        n["year"].as_i64(),
        n["number"].as_i64(),
    ) {
        let reason = format!("{name} refused by the server: {code}");
        sqlx::query(
            "UPDATE number_use SET owner_kind = 'void', void_reason = ? WHERE series = ? AND year = ? AND number = ?",
        )
        .bind(&reason)
        .bind(series)
        .bind(year)
        .bind(number)
        .execute(&mut *tx)
        .await?;
        let lease: Option<String> = sqlx::query_scalar(
            "SELECT id FROM number_lease WHERE series = ? AND year = ? AND first <= ? AND last >= ?",
        )
        .bind(series)
        .bind(year)
        .bind(number)
        .bind(number)
        .fetch_optional(&mut *tx)
        .await?;
        if let Some(lease_id) = lease {
            let actor = actor.as_deref().map(ids::parse).transpose()?;
            crate::outbox::append(
                tx,
                Command::NumbersVoid(commands::NumbersVoid {
                    lease_id: lease_id.to_string(),
                    series: series.to_string(),
                    year,
                    from: number,
                    to: number,
                    reason: reason.to_string(),
                    close: false,
                }),
                actor,
                now,
                Default::default(),
            )
            .await?;
        }
    }
    Ok(())
}

fn urlencode(s: &str) -> String {
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

// ---------------------------------------------------------------------------------------------
// The background loop

/// Runs sync in the background for as long as the workstation lives: an exchange whenever
/// there is something to send, news on the server (long poll), or a "sync now"; after a
/// failure, retries with exponential backoff (1 s to 1 min, with jitter) — but while the server
/// cannot be reached it is probed every [`PROBE_INTERVAL`], so sync resumes within about that
/// long of its return, not at the end of a backoff.
pub fn spawn(ws: Arc<Workstation>) -> tokio::task::JoinHandle<()> {
    tokio::spawn(run(ws))
}

/// The background loop itself (for hosts with their own way of spawning).
pub async fn run(ws: Arc<Workstation>) {
    {
        let mut failures: u32 = 0;
        // The last exchange was started because a probe found the server back.
        let mut woken_by_probe = false;
        loop {
            if ws.store.writer.is_closed() {
                break;
            }
            let enrolment = match ws.enrolment().await {
                Ok(e) => e,
                Err(_) => break,
            };
            let Some(enr) = enrolment else {
                // Standalone: nothing to do until someone enrols this workstation.
                tokio::select! {
                    _ = ws.sync.wake.notified() => {}
                    _ = tokio::time::sleep(Duration::from_secs(5)) => {}
                }
                continue;
            };
            match ws.sync_once().await {
                Ok(_) => {
                    failures = 0;
                    woken_by_probe = false;
                    wait_for_work(&ws, &enr).await;
                }
                Err(e) => {
                    failures = failures.saturating_add(1);
                    let base = 1000u64 << failures.min(6).saturating_sub(1);
                    let jitter = rand::random::<u64>() % (base / 4 + 1);
                    let delay = Duration::from_millis(base.min(60_000) + jitter);
                    tracing::info!(error = %e, retry_in_ms = delay.as_millis() as u64, "sync failed");
                    ws.sync.live().next_attempt_at =
                        Some(Utc::now() + chrono::Duration::milliseconds(delay.as_millis() as i64));
                    match e {
                        CoreError::DeviceRevoked => {
                            // Nothing will change until an administrator acts: wait for "sync now".
                            ws.sync.wake.notified().await;
                        }
                        CoreError::RejoinNeeded => {
                            // A re-join wakes the loop; a keyring unlocked meanwhile is found
                            // at the next look.
                            tokio::select! {
                                _ = ws.sync.wake.notified() => {}
                                _ = tokio::time::sleep(Duration::from_secs(60)) => {}
                            }
                        }
                        CoreError::ServerUnreachable(_) => {
                            // Offline: the backoff is the longest wait, the probe the usual one.
                            // If a probe found the server up and the exchange failed all the same
                            // (a 5xx), the next probe must see it down first, so a server that
                            // answers probes but fails exchanges gets the backoff, not a storm.
                            let strict = woken_by_probe;
                            woken_by_probe = false;
                            tokio::select! {
                                _ = ws.sync.wake.notified() => {}
                                _ = tokio::time::sleep(delay) => {}
                                _ = server_returns(&ws, &enr, strict) => {
                                    woken_by_probe = true;
                                }
                            }
                        }
                        _ => {
                            tokio::select! {
                                _ = ws.sync.wake.notified() => {}
                                _ = tokio::time::sleep(delay) => {}
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Returns once the server answers a probe again (after having failed one, if `strict`).
async fn server_returns(ws: &Workstation, enr: &Enrolment, strict: bool) {
    let Ok(client) = ws.sync.client(&enr.server_url) else {
        return std::future::pending().await;
    };
    let mut seen_down = !strict;
    loop {
        tokio::time::sleep(PROBE_INTERVAL).await;
        if client.reachable(PROBE_TIMEOUT).await {
            if seen_down {
                tracing::info!("the office server answers again");
                return;
            }
        } else {
            seen_down = true;
        }
    }
}

/// Waits until there is a reason for the next exchange: local commands waiting, a "sync now",
/// or news on the server (a long-poll pull, applied on arrival).
async fn wait_for_work(ws: &Arc<Workstation>, enr: &Enrolment) {
    let Ok(client) = ws.sync.client(&enr.server_url) else {
        return;
    };
    let poll = async {
        let token = ws.device_token(&client, enr).await?;
        let _one = ws.sync.running.lock().await;
        ws.pull_page(&client, &token, STREAM_OFFICE, client::LONG_POLL_MS)
            .await
    };
    let local = async {
        loop {
            tokio::time::sleep(Duration::from_millis(250)).await;
            match ws.outbox_status().await {
                Ok(s) if s.pending > 0 => break,
                Err(_) => break,
                _ => {}
            }
        }
    };
    tokio::select! {
        _ = ws.sync.wake.notified() => {}
        _ = local => {}
        r = poll => {
            if let Err(e) = r {
                tracing::debug!(error = %e, "long poll ended");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_follow_the_rate_of_use_within_bounds() {
        // A quiet desk: at least 25 in hand, blocks of 100.
        assert_eq!(lease_plan(0), (LEASE_LOW, LEASE_BLOCK));
        assert_eq!(lease_plan(10), (LEASE_LOW, LEASE_BLOCK));
        // A busy one: an hour in hand, an afternoon per block (in fifties).
        assert_eq!(lease_plan(60), (60, 250));
        assert_eq!(lease_plan(101), (101, 450));
        // Never beyond what the server leases at once.
        assert_eq!(lease_plan(5_000), (LEASE_MAX_BLOCK, LEASE_MAX_BLOCK));
        assert_eq!(lease_plan(-3), (LEASE_LOW, LEASE_BLOCK));
    }
}
