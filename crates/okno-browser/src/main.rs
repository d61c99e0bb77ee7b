//! Browser mode: the workstation core served over HTTP on loopback, with the web UI beside it.
//!
//! The same UI that runs inside the desktop app runs in any browser against this server: for
//! end-to-end tests, and for trying Okno without building the desktop shell. It binds to
//! loopback only; it is a stand-in for Tauri IPC, not a network server.
//!
//! ```text
//! okno-browser --data ./okno.db --ui ui/dist [--listen 127.0.0.1:7878] [--demo]
//! ```
//!
//! `POST /api/<command>` takes `{"token": ..., "args": ...}` and answers the command's result
//! as JSON, or an `ApiError` with a 4xx/5xx status. Documents and attachments are plain GETs.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{bail, Context};
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use okno_core::Workstation;
use okno_wire::api::Envelope;
use okno_wire::{ApiError, ErrorCode, Locale};
use serde::Deserialize;
use tower_http::services::{ServeDir, ServeFile};
use uuid::Uuid;

struct Args {
    data: PathBuf,
    ui: Option<PathBuf>,
    listen: SocketAddr,
    demo: bool,
    /// Keep the device secret in memory instead of the OS keyring (throwaway runs and tests:
    /// after a restart the desk works on offline and must be re-joined). Without it, the OS
    /// keyring is used if the machine has one, else memory (said once, in the log and the UI).
    memory_credentials: bool,
}

fn parse_args() -> anyhow::Result<Args> {
    let mut args = Args {
        data: PathBuf::from("okno-browser.db"),
        ui: None,
        listen: "127.0.0.1:7878".parse()?,
        demo: false,
        memory_credentials: false,
    };
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            "--data" => args.data = it.next().context("--data needs a path")?.into(),
            "--ui" => args.ui = Some(it.next().context("--ui needs a folder")?.into()),
            "--listen" => args.listen = it.next().context("--listen needs an address")?.parse()?,
            "--demo" => args.demo = true,
            "--memory-credentials" => args.memory_credentials = true,
            "--help" | "-h" => {
                println!("okno-browser --data FILE [--ui DIR] [--listen 127.0.0.1:7878] [--demo] [--memory-credentials]");
                std::process::exit(0);
            }
            other => bail!("unknown argument {other:?} (try --help)"),
        }
    }
    if !args.listen.ip().is_loopback() {
        bail!("browser mode listens on loopback only, not {}", args.listen);
    }
    Ok(args)
}

fn status_of(code: ErrorCode) -> StatusCode {
    match code {
        ErrorCode::Validation => StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::NotFound => StatusCode::NOT_FOUND,
        ErrorCode::Forbidden | ErrorCode::AccountDisabled => StatusCode::FORBIDDEN,
        ErrorCode::Unauthenticated | ErrorCode::InvalidCredentials => StatusCode::UNAUTHORIZED,
        ErrorCode::InvalidTransition
        | ErrorCode::Duplicate
        | ErrorCode::AlreadyInitialized
        | ErrorCode::NotInitialized
        | ErrorCode::NumbersExhausted
        | ErrorCode::SealKeyMissing
        | ErrorCode::AlreadySuperseded
        | ErrorCode::AlreadySettled
        | ErrorCode::DayClosed
        | ErrorCode::DayNotReady => StatusCode::CONFLICT,
        ErrorCode::EnrolmentRefused | ErrorCode::DeviceRevoked => StatusCode::FORBIDDEN,
        ErrorCode::RejoinNeeded => StatusCode::CONFLICT,
        ErrorCode::ServerUnreachable => StatusCode::SERVICE_UNAVAILABLE,
        ErrorCode::ServerError | ErrorCode::UnsupportedProtocol => StatusCode::BAD_GATEWAY,
        ErrorCode::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
        ErrorCode::UnsupportedType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ErrorCode::Storage
        | ErrorCode::Internal
        | ErrorCode::PrintFailed
        | ErrorCode::CredentialStore => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

struct ApiFailure(ApiError);

impl IntoResponse for ApiFailure {
    fn into_response(self) -> Response {
        (status_of(self.0.code), Json(self.0)).into_response()
    }
}

impl From<okno_core::CoreError> for ApiFailure {
    fn from(e: okno_core::CoreError) -> Self {
        ApiFailure(e.into_api())
    }
}

type AppState = Arc<Workstation>;

async fn call(
    State(ws): State<AppState>,
    Path(command): Path<String>,
    body: Bytes,
) -> Result<Json<serde_json::Value>, ApiFailure> {
    let envelope: Envelope<serde_json::Value> = if body.is_empty() {
        Envelope {
            token: None,
            args: serde_json::Value::Null,
        }
    } else {
        serde_json::from_slice(&body).map_err(|e| {
            ApiFailure(ApiError {
                code: ErrorCode::Validation,
                message: format!("malformed request body: {e}"),
                fields: Vec::new(),
            })
        })?
    };
    let value = okno_core::api::dispatch(&ws, &command, envelope.token.as_deref(), envelope.args)
        .await
        .map_err(ApiFailure)?;
    Ok(Json(value))
}

#[derive(Deserialize)]
struct DocQuery {
    token: Option<String>,
    locale: Option<String>,
    /// `print` records that the receipt was handed out (browser mode prints via the browser).
    record: Option<String>,
}

fn bearer(headers: &HeaderMap, query: Option<&str>) -> Option<String> {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::to_string)
        .or_else(|| query.map(str::to_string))
}

fn file_response(filename: &str, media_type: &str, data: Vec<u8>, inline: bool) -> Response {
    let disposition = format!(
        "{}; filename=\"{}\"",
        if inline { "inline" } else { "attachment" },
        filename.replace('"', "")
    );
    let mut resp = data.into_response();
    let h = resp.headers_mut();
    if let Ok(v) = HeaderValue::from_str(media_type) {
        h.insert(header::CONTENT_TYPE, v);
    }
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    resp
}

async fn receipt(
    State(ws): State<AppState>,
    Path(case_id): Path<Uuid>,
    Query(q): Query<DocQuery>,
    headers: HeaderMap,
) -> Result<Response, ApiFailure> {
    let token = bearer(&headers, q.token.as_deref());
    let actor = ws.actor(token.as_deref())?;
    let locale = q.locale.as_deref().and_then(Locale::from_code);
    let (filename, pdf) = ws.intake_receipt_pdf(&actor, case_id, locale).await?;
    if q.record.is_some() {
        ws.record_receipt_printed(&actor, case_id).await?;
    }
    Ok(file_response(&filename, "application/pdf", pdf, true))
}

#[derive(Deserialize)]
struct CopyQuery {
    token: Option<String>,
    /// `1` records the printing of `copies` certified copies (the browser prints the PDF).
    print: Option<String>,
    copies: Option<u32>,
}

async fn certified_copy(
    State(ws): State<AppState>,
    Path(id): Path<Uuid>,
    Query(q): Query<CopyQuery>,
    headers: HeaderMap,
) -> Result<Response, ApiFailure> {
    let token = bearer(&headers, q.token.as_deref());
    let actor = ws.actor(token.as_deref())?;
    if q.print.as_deref() == Some("1") {
        ws.record_certification_print(
            &actor,
            okno_wire::RecordPrintRequest {
                entry_id: id,
                copies: q.copies.unwrap_or(1),
            },
        )
        .await?;
    }
    let (filename, pdf) = ws.certified_copy_pdf(&actor, id).await?;
    Ok(file_response(&filename, "application/pdf", pdf, true))
}

#[derive(Deserialize)]
struct LedgerQuery {
    token: Option<String>,
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
    locale: Option<String>,
}

async fn ledger_report(
    State(ws): State<AppState>,
    Query(q): Query<LedgerQuery>,
    headers: HeaderMap,
) -> Result<Response, ApiFailure> {
    let token = bearer(&headers, q.token.as_deref());
    let actor = ws.actor(token.as_deref())?;
    let locale = actor.locale_or(q.locale.as_deref());
    let (filename, pdf) = ws.ledger_report_pdf(&actor, q.from, q.to, locale).await?;
    Ok(file_response(&filename, "application/pdf", pdf, true))
}

#[derive(Deserialize)]
struct DayReportQuery {
    token: Option<String>,
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
    locale: Option<String>,
    format: Option<String>,
}

async fn day_report(
    State(ws): State<AppState>,
    Query(q): Query<DayReportQuery>,
    headers: HeaderMap,
) -> Result<Response, ApiFailure> {
    let token = bearer(&headers, q.token.as_deref());
    let actor = ws.actor(token.as_deref())?;
    let locale = actor.locale_or(q.locale.as_deref());
    let format = okno_core::review::ReportFormat::parse(q.format.as_deref().unwrap_or("pdf"))?;
    let (filename, media_type, bytes) = ws.day_report(&actor, q.from, q.to, locale, format).await?;
    Ok(file_response(
        &filename,
        media_type,
        bytes,
        format == okno_core::review::ReportFormat::Pdf,
    ))
}

#[derive(Deserialize)]
struct RegistryAuditQuery {
    token: Option<String>,
    from: Option<chrono::NaiveDate>,
    to: Option<chrono::NaiveDate>,
    staff_id: Option<Uuid>,
    person: Option<String>,
}

/// The registry's audit log as CSV, for the same filter as on screen, every row (supervisors).
async fn registry_audit_csv(
    State(ws): State<AppState>,
    Query(q): Query<RegistryAuditQuery>,
    headers: HeaderMap,
) -> Result<Response, ApiFailure> {
    let token = bearer(&headers, q.token.as_deref());
    let actor = ws.actor(token.as_deref())?;
    let filter = okno_wire::AuditFilter {
        from: q.from,
        to: q.to,
        staff_id: q.staff_id,
        person: q.person.filter(|p| !p.trim().is_empty()),
        offset: None,
        limit: None,
    };
    let filename = audit_csv_filename(&filter);
    let csv = ws.registry_audit_csv(&actor, filter).await?;
    Ok(file_response(
        &filename,
        "text/csv; charset=utf-8",
        csv,
        false,
    ))
}

/// `registry-audit[-from][-to].csv`: the period the file holds, as the day report names its own.
fn audit_csv_filename(f: &okno_wire::AuditFilter) -> String {
    let mut name = String::from("registry-audit");
    for day in [f.from, f.to].into_iter().flatten() {
        name.push_str(&format!("-{day}"));
    }
    name + ".csv"
}

async fn attachment(
    State(ws): State<AppState>,
    Path(id): Path<Uuid>,
    Query(q): Query<DocQuery>,
    headers: HeaderMap,
) -> Result<Response, ApiFailure> {
    let token = bearer(&headers, q.token.as_deref());
    let actor = ws.actor(token.as_deref())?;
    let file = ws.attachment_file(&actor, id).await?;
    Ok(file_response(
        &file.filename,
        &file.media_type,
        file.data,
        false,
    ))
}

pub fn app(ws: AppState, ui: Option<PathBuf>) -> Router {
    let api = Router::new()
        .route("/api/receipt/{case_id}", get(receipt))
        .route("/api/attachment/{id}", get(attachment))
        .route("/api/certified-copy/{id}", get(certified_copy))
        .route("/api/ledger-report", get(ledger_report))
        .route("/api/day-report", get(day_report))
        .route("/api/registry-audit.csv", get(registry_audit_csv))
        .route("/api/{command}", post(call))
        // Attachments travel base64 in JSON: 10 MiB of file is about 14 MiB of body.
        .layer(axum::extract::DefaultBodyLimit::max(16 * 1024 * 1024))
        .with_state(ws);
    match ui {
        Some(dir) => {
            let index = dir.join("index.html");
            api.fallback_service(ServeDir::new(dir).fallback(ServeFile::new(index)))
        }
        None => api,
    }
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .init();
    let args = parse_args()?;
    let ws = Workstation::open(&args.data)
        .await
        .with_context(|| format!("opening the working copy {}", args.data.display()))?;
    if args.demo && !ws.setup_status().await?.initialized {
        okno_core::demo::load_demo(&ws).await?;
        tracing::info!(
            "demo data loaded (every demo account's password: {})",
            okno_core::demo::DEMO_PASSWORD
        );
    }
    let listener = tokio::net::TcpListener::bind(args.listen).await?;
    let addr = listener.local_addr()?;
    // The line tests and scripts wait for.
    println!("okno-browser listening on http://{addr}");
    if args.memory_credentials {
        ws.keep_credentials_in_memory();
    } else {
        ws.use_os_keyring_or_memory().await;
    }
    let ws = Arc::new(ws);
    // Sync with the office's server in the background once enrolled (idle when standalone).
    okno_core::sync::spawn(ws.clone());
    axum::serve(listener, app(ws.clone(), args.ui))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    ws.close().await;
    Ok(())
}
