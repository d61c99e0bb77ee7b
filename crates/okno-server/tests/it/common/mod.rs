//! Shared by the cross-process sync tests: a fresh PostgreSQL database per test, the real
//! `okno-server` binary on a loopback port (killable, restartable on the same port), and real
//! workstation cores on temporary working copies.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use okno_core::creds::MemoryCredentials;
use okno_core::{ManualClock, Workstation};
use okno_wire::EnrolRequest;
use rand::Rng;
use sqlx::{Connection, PgConnection, PgPool};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use uuid::Uuid;

/// The PostgreSQL server the tests use (`DATABASE_URL`, default: the local one, trust auth).
pub fn pg_base() -> String {
    std::env::var("DATABASE_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

/// `base` (`postgres://user@host:port/db?query`) with its database replaced by `db`.
fn with_db(base: &str, db: &str) -> String {
    let (url, query) = base.split_once('?').unwrap_or((base, ""));
    let authority = url.find("://").map_or(0, |i| i + 3);
    let path = url[authority..]
        .find('/')
        .map_or(url.len(), |i| authority + i);
    let query = if query.is_empty() {
        String::new()
    } else {
        format!("?{query}")
    };
    format!("{}/{db}{query}", &url[..path])
}

/// A new, empty, migrated database; returns its URL and a pool on it.
pub async fn fresh_db() -> (String, PgPool) {
    let name = format!("okno_t_{}", Uuid::now_v7().simple());
    let mut admin = PgConnection::connect(&pg_base())
        .await
        .expect("connect to PostgreSQL (DATABASE_URL)");
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut admin)
        .await
        .expect("create db");
    let url = with_db(&pg_base(), &name);
    let pool = okno_server::connect(&url, 8).await.expect("migrate");
    (url, pool)
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

pub struct Server {
    pub child: Option<Child>,
    pub db_url: String,
    pub port: u16,
    /// More arguments of `okno-server serve` (e.g. `--lease-quota`).
    pub extra: Vec<String>,
}

impl Server {
    pub fn start(db_url: &str, port: u16) -> Server {
        Server::start_with(db_url, port, &[])
    }

    pub fn start_with(db_url: &str, port: u16, extra: &[&str]) -> Server {
        let mut s = Server {
            child: None,
            db_url: db_url.to_string(),
            port,
            extra: extra.iter().map(|a| a.to_string()).collect(),
        };
        s.restart();
        s
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Starts (again) on the same port; returns once it listens.
    pub fn restart(&mut self) {
        assert!(self.child.is_none(), "still running");
        for attempt in 0..50 {
            let mut child = Command::new(env!("CARGO_BIN_EXE_okno-server"))
                .args([
                    "serve",
                    "--listen",
                    &format!("127.0.0.1:{}", self.port),
                    "--db-connections",
                    "8",
                ])
                .args(&self.extra)
                .env("DATABASE_URL", &self.db_url)
                .env("RUST_LOG", "warn")
                .stdout(Stdio::piped())
                .stderr(Stdio::inherit())
                .spawn()
                .expect("start okno-server");
            let stdout = child.stdout.take().unwrap();
            let mut line = String::new();
            let n = BufReader::new(stdout).read_line(&mut line).unwrap_or(0);
            if n > 0 && line.contains("listening") {
                self.child = Some(child);
                return;
            }
            // The port may still be held by the killed process for a moment.
            let _ = child.kill();
            let _ = child.wait();
            std::thread::sleep(Duration::from_millis(50 * (attempt + 1)));
        }
        panic!("okno-server did not start");
    }

    /// SIGKILL: no shutdown, no flushing — as a power cut would.
    pub fn kill(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

pub struct Desk {
    pub ws: Arc<Workstation>,
    pub creds: Arc<MemoryCredentials>,
    pub clock: Arc<ManualClock>,
    pub dir: tempfile::TempDir,
    pub path: PathBuf,
}

/// A fresh workstation enrolled with `server_url` (the clock starts at the real now).
pub async fn enrolled_desk(pool: &PgPool, office: Uuid, server_url: &str, name: &str) -> Desk {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("okno.db");
    let clock = Arc::new(ManualClock::new(chrono::Utc::now()));
    let ws = Arc::new(
        Workstation::open_with_clock(&path, clock.clone())
            .await
            .unwrap(),
    );
    let creds = Arc::new(MemoryCredentials::default());
    ws.set_credentials(creds.clone());
    let code = okno_server::admin::enrolment_code(pool, office, 1)
        .await
        .unwrap();
    let status = ws
        .enrol(EnrolRequest {
            server_url: server_url.into(),
            code,
            device_name: name.into(),
        })
        .await
        .expect("enrol");
    // The office's rows may be held back a moment by a transaction in flight elsewhere on the
    // database server (the feed's watermark is the oldest running transaction of the whole
    // cluster: another test's registry import, say); they come with a following exchange.
    let mut initialized = status.initialized;
    for _ in 0..100 {
        if initialized {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
        let _ = ws.sync_once().await;
        initialized = ws.setup_status().await.unwrap().initialized;
    }
    if !initialized {
        let first = ws.sync_status().await.unwrap().last_error;
        let e = ws.sync_once().await.err();
        panic!(
            "the office did not arrive with enrolment: {first:?} then {e:?} then {:?}",
            ws.setup_status().await
        );
    }
    Desk {
        ws,
        creds,
        clock,
        dir,
        path,
    }
}

impl Desk {
    /// A device token, the way the desk gets one (for tests that talk HTTP themselves).
    pub async fn token(&self, server_url: &str) -> String {
        use okno_core::creds::CredentialStore;
        let enr = self.ws.enrolment().await.unwrap().unwrap();
        let secret = self
            .creds
            .get(&format!("device:{}", enr.device_id))
            .unwrap()
            .unwrap();
        let t: okno_wire::sync::Token = http()
            .post(format!("{server_url}/v1/device/token"))
            .json(&okno_wire::sync::DeviceTokenRequest {
                device_id: enr.device_id,
                secret,
            })
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        t.token
    }
}

/// A client that speaks the protocol version (tests add the header themselves elsewhere).
pub fn http() -> reqwest::Client {
    let mut h = reqwest::header::HeaderMap::new();
    h.insert(okno_wire::sync::PROTOCOL_HEADER, "1".parse().unwrap());
    reqwest::Client::builder()
        .default_headers(h)
        .build()
        .unwrap()
}

/// Every synced row the server holds for `office`, by kind, as (id → body).
pub async fn server_rows(
    pool: &PgPool,
    office: Uuid,
) -> std::collections::BTreeMap<(String, String), serde_json::Value> {
    let rows: Vec<(String, String, serde_json::Value)> = sqlx::query_as(
        "SELECT kind, id, body FROM entity WHERE office_id = $1 AND stream = 'office'",
    )
    .bind(office)
    .fetch_all(pool)
    .await
    .unwrap();
    rows.into_iter().map(|(k, i, b)| ((k, i), b)).collect()
}

/// Every synced row a desk holds, in the same shape.
pub async fn desk_rows(
    ws: &Workstation,
) -> std::collections::BTreeMap<(String, String), serde_json::Value> {
    let mut out = std::collections::BTreeMap::new();
    for t in okno_wire::sync::TABLES {
        for row in ws.export_rows(t.kind).await.unwrap() {
            let id = row["id"].as_str().unwrap().to_string();
            out.insert((t.kind.to_string(), id), row);
        }
    }
    out
}

/// The desk holds exactly the server's records, every command of its outbox was applied once
/// (or refused once), and none is missing.
pub async fn assert_converged(pool: &PgPool, office: Uuid, desks: &[&Desk]) {
    let server = server_rows(pool, office).await;
    for d in desks {
        let mine = desk_rows(&d.ws).await;
        let missing: Vec<_> = server
            .keys()
            .filter(|k| !mine.contains_key(*k))
            .take(5)
            .collect();
        let extra: Vec<_> = mine
            .keys()
            .filter(|k| !server.contains_key(*k))
            .take(5)
            .collect();
        assert!(
            missing.is_empty() && extra.is_empty(),
            "desk differs: missing {missing:?}, extra {extra:?}"
        );
        for (k, v) in &server {
            assert_eq!(mine.get(k), Some(v), "row {k:?} differs");
        }
        assert_eq!(
            d.ws.outbox_status().await.unwrap().pending,
            0,
            "outbox drained"
        );
        let enr = d.ws.enrolment().await.unwrap().unwrap();
        let entries = d.ws.outbox_entries(0, 1_000_000).await.unwrap();
        let applied: Vec<(i64, Uuid)> = sqlx::query_as(
            "SELECT seq, command_id FROM applied_command WHERE device_id = $1 ORDER BY seq",
        )
        .bind(enr.device_id)
        .fetch_all(pool)
        .await
        .unwrap();
        let local: Vec<(i64, Uuid)> = entries.iter().map(|e| (e.seq, e.command_id)).collect();
        assert_eq!(applied, local, "each command exactly once, in order");
    }
}

/// Syncs until a round moves nothing (or fails after `tries`).
pub async fn settle(ws: &Workstation) {
    for _ in 0..200 {
        match ws.sync_once().await {
            Ok(r)
                if r.pushed == 0
                    && r.pulled == 0
                    && r.blobs_down == 0
                    && r.remote_pending == 0
                    && r.registry == 0 =>
            {
                return
            }
            // Held back by a transaction in flight elsewhere on the database server.
            Ok(r) if r.pushed == 0 && r.pulled == 0 => {
                tokio::time::sleep(Duration::from_millis(20)).await
            }
            Ok(_) => {}
            Err(e) => panic!("sync failed: {e}"),
        }
    }
    panic!("sync did not settle");
}

/// Syncs, retrying through failures (a server being restarted, a proxy cutting).
pub async fn settle_retrying(ws: &Workstation) {
    let mut last = None;
    for _ in 0..200 {
        let r = ws.sync_once().await;
        if let Err(e) = &r {
            last = Some(e.to_string());
        }
        if let Ok(r) = r {
            if r.pushed == 0
                && r.pulled == 0
                && r.blobs_down == 0
                && r.remote_pending == 0
                && r.registry == 0
                && ws.outbox_status().await.unwrap().pending == 0
            {
                return;
            }
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("sync did not settle (last error: {last:?})");
}

/// A walk-in intake of the first active service for `name` (refusals, e.g. no numbers left,
/// come back as errors).
pub async fn try_intake(
    ws: &Workstation,
    actor: &okno_core::auth::Actor,
    name: &str,
) -> okno_core::Result<okno_wire::CaseDetail> {
    let service = ws
        .catalogue(actor)
        .await?
        .services
        .into_iter()
        .find(|s| s.active)
        .expect("an active service");
    ws.register_case(
        actor,
        okno_wire::IntakeRequest {
            party: okno_wire::PartyInput {
                name: name.into(),
                birth_date: None,
                phone: None,
                email: None,
                address: None,
            },
            service_id: service.id.to_string(),
            channel: okno_wire::Channel::WalkIn,
            subject: format!("Request of {name}"),
            description: "For the bank".into(),
            priority: okno_wire::Priority::Normal,
            private_conversation: false,
            documents_presented: vec![],
        },
    )
    .await
}

pub async fn intake(
    ws: &Workstation,
    actor: &okno_core::auth::Actor,
    name: &str,
) -> okno_wire::CaseDetail {
    try_intake(ws, actor, name).await.expect("intake")
}

pub async fn login(ws: &Workstation, user: &str) -> okno_core::auth::Actor {
    let s = ws.login(user, "okno-demo").await.expect("login");
    ws.actor(Some(&s.token)).unwrap()
}

/// A TCP proxy that cuts some connections after a random number of bytes (mid-request or
/// mid-response) and stalls others for a while.
pub async fn chaos_proxy(listen: tokio::net::TcpListener, upstream: String, on: Arc<AtomicBool>) {
    loop {
        let Ok((mut client, _)) = listen.accept().await else {
            return;
        };
        let upstream = upstream.clone();
        let on = on.clone();
        tokio::spawn(async move {
            let Ok(mut server) = tokio::net::TcpStream::connect(&upstream).await else {
                return;
            };
            let (mode, cut_at, stall_ms) = {
                let mut r = rand::thread_rng();
                (
                    r.gen_range(0..6u8),
                    r.gen_range(1..3000usize),
                    r.gen_range(200..1500u64),
                )
            };
            let chaos = on.load(Ordering::Relaxed);
            let (mut cr, mut cw) = client.split();
            let (mut sr, mut sw) = server.split();
            let up = async {
                let mut buf = vec![0u8; 8192];
                let mut sent = 0usize;
                loop {
                    let n = match cr.read(&mut buf).await {
                        Ok(0) | Err(_) => break,
                        Ok(n) => n,
                    };
                    if chaos && mode == 0 && sent + n > cut_at {
                        let _ = sw.write_all(&buf[..cut_at.saturating_sub(sent)]).await;
                        return; // cut mid-request
                    }
                    if sw.write_all(&buf[..n]).await.is_err() {
                        break;
                    }
                    sent += n;
                }
                let _ = sw.shutdown().await;
            };
            let down = async {
                let mut buf = vec![0u8; 8192];
                let mut sent = 0usize;
                loop {
                    let n = match sr.read(&mut buf).await {
                        Ok(0) | Err(_) => break,
                        Ok(n) => n,
                    };
                    if chaos && mode == 1 && sent + n > cut_at {
                        let _ = cw.write_all(&buf[..cut_at.saturating_sub(sent)]).await;
                        return; // cut mid-response: the server has done the work
                    }
                    if chaos && mode == 2 && sent == 0 {
                        tokio::time::sleep(Duration::from_millis(stall_ms)).await;
                        // stall
                    }
                    if cw.write_all(&buf[..n]).await.is_err() {
                        break;
                    }
                    sent += n;
                }
                let _ = cw.shutdown().await;
            };
            tokio::select! { _ = up => {}, _ = down => {} }
        });
    }
}
