//! The Okno office server: the central copy of an office's records, over PostgreSQL.
//!
//! Workstations enrol once with a one-time code, then exchange short-lived tokens for their
//! device secret; they push their outbox (applied in order, once, keyed by device and
//! sequence number), pull the office stream by a commit-safe cursor, lease blocks of legal
//! numbers, and move attachments' bytes in chunks. See `docs/sync.md`.
//!
//! The server is stateless between requests: any number of replicas may run over one
//! database. Everything that must be unique or ordered is decided by PostgreSQL.

pub mod admin;
mod apply;
mod auth;
mod blobs;
pub mod certification;
pub mod error;
pub(crate) mod feedback;
mod metrics;
mod queue;
pub mod registry;
mod routes;

use std::sync::Arc;

use sqlx::postgres::{PgListener, PgPoolOptions};
use sqlx::PgPool;
use tokio::sync::broadcast;
use uuid::Uuid;

pub use crate::metrics::Metrics;
pub use crate::routes::router;

pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../../migrations/server");

/// The default of [`AppState::lease_quota`]: a busy desk's afternoon offline in adaptive blocks
/// (at most 1,000 numbers each) fits, a runaway device does not.
pub const DEFAULT_LEASE_QUOTA: i64 = 2_000;

/// The channel on which a committed push announces news for an office.
pub(crate) const CHANGES_CHANNEL: &str = "okno_changes";

#[derive(Clone)]
pub struct AppState {
    pub pool: PgPool,
    /// A few connections of their own for number leases, so that a burst of pushes queued for
    /// the main pool never makes a desk wait for its numbers.
    pub lease_pool: PgPool,
    pub metrics: Arc<Metrics>,
    /// The most unused legal numbers one device may hold in open leases of one series
    /// (`--lease-quota`, `OKNO_LEASE_QUOTA`); a lease beyond it is refused with `lease_quota`.
    pub lease_quota: i64,
    pub(crate) keys: Arc<auth::Keys>,
    /// Offices with news (from PostgreSQL's LISTEN/NOTIFY, so every replica hears every push).
    pub(crate) news: broadcast::Sender<Uuid>,
    /// The waiting-room displays' boards, one feed per watched office.
    pub(crate) boards: Arc<queue::public::Boards>,
}

impl AppState {
    pub async fn new(pool: PgPool) -> anyhow::Result<AppState> {
        let (news, _) = broadcast::channel(1024);
        let state = AppState {
            lease_pool: pool.clone(),
            pool,
            metrics: Arc::new(Metrics::default()),
            lease_quota: DEFAULT_LEASE_QUOTA,
            keys: Arc::new(auth::Keys::default()),
            news,
            boards: Arc::default(),
        };
        state.keys.ensure(&state.pool).await?;
        Ok(state)
    }

    /// Listens for news from every replica; reconnects if the database goes away.
    pub fn spawn_listener(&self) -> tokio::task::JoinHandle<()> {
        let pool = self.pool.clone();
        let news = self.news.clone();
        tokio::spawn(async move {
            loop {
                match PgListener::connect_with(&pool).await {
                    Ok(mut l) => {
                        if l.listen(CHANGES_CHANNEL).await.is_ok() {
                            while let Ok(n) = l.recv().await {
                                if let Ok(id) = n.payload().parse::<Uuid>() {
                                    let _ = news.send(id);
                                }
                            }
                        }
                    }
                    Err(e) => tracing::warn!(error = %e, "listening for changes failed"),
                }
                tokio::time::sleep(std::time::Duration::from_secs(1)).await;
            }
        })
    }
}

/// Connects to PostgreSQL and brings the schema up to date.
pub async fn connect(database_url: &str, max_connections: u32) -> anyhow::Result<PgPool> {
    let pool = PgPoolOptions::new()
        .max_connections(max_connections)
        .acquire_timeout(std::time::Duration::from_secs(10))
        .connect(database_url)
        .await?;
    MIGRATOR.run(&pool).await?;
    Ok(pool)
}

/// Runs the HTTP server on `listener` until the process ends.
pub async fn serve(state: AppState, listener: tokio::net::TcpListener) -> anyhow::Result<()> {
    state.spawn_listener();
    let app = router(state);
    // Small answers go out at once (without it a response split in two waits for the peer's
    // delayed acknowledgement, some 40 ms).
    let listener = axum::serve::ListenerExt::tap_io(listener, |tcp| {
        if let Err(e) = tcp.set_nodelay(true) {
            tracing::trace!(error = %e, "TCP_NODELAY");
        }
    });
    axum::serve(listener, app).await?;
    Ok(())
}
