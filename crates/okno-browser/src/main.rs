//! Browser mode: the workstation core served over HTTP on loopback, with the web UI beside it.
//!
//! The same UI that runs inside the desktop app runs in any browser against this server: for
//! end-to-end tests, and for trying Okno without building the desktop shell. It binds to
//! loopback only; it is a stand-in for Tauri IPC, not a network server.
//!
//! ```text
//! okno-browser [--data FILE] [--ui DIR] [--listen 127.0.0.1:7878] [--demo] [--memory-credentials]
//! ```
//!
//! `POST /api/<command>` takes `{"token": ..., "args": ...}` and answers the command's result
//! as JSON, or an `ApiError` with a 4xx/5xx status. Every document is a plain
//! `GET /api/document?request=<DocumentRequest as JSON>&action=view|save|print[&copies=N]`, so
//! that the browser can show, download or print it. Start-up is the core's (`okno_core::host`),
//! as in the desktop app; this file only serves.

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
use okno_core::documents::answer::{Document, PDF};
use okno_core::host;
use okno_core::Workstation;
use okno_wire::api::Envelope;
use okno_wire::{ApiError, DocumentAction, DocumentRequest, ErrorCode};
use serde::Deserialize;
use tower_http::services::{ServeDir, ServeFile};

struct Args {
    shared: host::Options,
    ui: Option<PathBuf>,
    listen: SocketAddr,
}

fn parse_args() -> anyhow::Result<Args> {
    let mut args = Args {
        shared: host::Options::default(),
        ui: None,
        listen: "127.0.0.1:7878".parse()?,
    };
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        if args.shared.take(&a, &mut it)? {
            continue;
        }
        match a.as_str() {
            "--ui" => args.ui = Some(it.next().context("--ui needs a folder")?.into()),
            "--listen" => args.listen = it.next().context("--listen needs an address")?.parse()?,
            "--help" | "-h" => {
                println!(
                    "okno-browser [--ui DIR] [--listen 127.0.0.1:7878] {}",
                    host::Options::USAGE
                );
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
        | ErrorCode::DayNotReady
        | ErrorCode::NoCashSession
        | ErrorCode::CashSessionOpen => StatusCode::CONFLICT,
        ErrorCode::EnrolmentRefused | ErrorCode::DeviceRevoked => StatusCode::FORBIDDEN,
        ErrorCode::RejoinNeeded => StatusCode::CONFLICT,
        ErrorCode::ServerUnreachable | ErrorCode::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
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
struct DocumentQuery {
    token: Option<String>,
    /// The [`DocumentRequest`] as JSON.
    request: String,
    #[serde(default)]
    action: DocumentAction,
    /// Copies printed (`print` only; one when absent).
    copies: Option<u32>,
}

fn bearer(headers: &HeaderMap, query: Option<&str>) -> Option<String> {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::to_string)
        .or_else(|| query.map(str::to_string))
}

/// The one document route. `print` hands the PDF to the browser, which prints it from its
/// viewer: that is this host's printing, so the core records the printing as it is served.
async fn document(
    State(ws): State<AppState>,
    Query(q): Query<DocumentQuery>,
    headers: HeaderMap,
) -> Result<Response, ApiFailure> {
    let token = bearer(&headers, q.token.as_deref());
    let actor = ws.actor(token.as_deref())?;
    let request: DocumentRequest = serde_json::from_str(&q.request).map_err(|e| {
        ApiFailure(ApiError {
            code: ErrorCode::Validation,
            message: format!("malformed document request: {e}"),
            fields: Vec::new(),
        })
    })?;
    let document = match q.action {
        DocumentAction::Print => {
            let copies = q.copies.unwrap_or(1);
            let served = |_: &Document| Ok::<_, okno_core::CoreError>(());
            ws.print_document(&actor, &request, copies, served).await?.0
        }
        DocumentAction::View | DocumentAction::Save => ws.document(&actor, &request).await?,
    };
    let inline = q.action != DocumentAction::Save && document.media_type == PDF;
    Ok(file_response(document, inline))
}

/// The document as the answer: shown in the browser's viewer when `inline`, else downloaded
/// under its name (in ASCII for old clients, and exactly in UTF-8 for the rest, RFC 6266).
fn file_response(document: Document, inline: bool) -> Response {
    let Document {
        file_name,
        media_type,
        bytes,
    } = document;
    let ascii: String = file_name
        .chars()
        .map(|c| {
            if c == ' ' || (c.is_ascii_graphic() && c != '"' && c != '\\') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let disposition = format!(
        "{}; filename=\"{ascii}\"; filename*=UTF-8''{}",
        if inline { "inline" } else { "attachment" },
        percent_encoded(&file_name),
    );
    let mut resp = bytes.into_response();
    let h = resp.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&media_type) {
        h.insert(header::CONTENT_TYPE, v);
    }
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    resp
}

/// UTF-8 percent-encoded, every byte but RFC 5987's attribute characters.
fn percent_encoded(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

pub fn app(ws: AppState, ui: Option<PathBuf>) -> Router {
    let api = Router::new()
        .route("/api/document", get(document))
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
    host::init_logging();
    let args = parse_args()?;
    let data = args
        .shared
        .data
        .clone()
        .unwrap_or_else(|| PathBuf::from("okno-browser.db"));
    let ws = host::open(&args.shared, &data)
        .await
        .with_context(|| format!("opening the working copy {}", data.display()))?;
    let listener = tokio::net::TcpListener::bind(args.listen).await?;
    let addr = listener.local_addr()?;
    // The line tests and scripts wait for.
    println!("okno-browser listening on http://{addr}");
    let ws = Arc::new(ws);
    host::start_sync(&ws, &args.shared).await;
    axum::serve(listener, app(ws.clone(), args.ui))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    ws.close().await;
    Ok(())
}

#[cfg(test)]
mod tests {
    use axum::body::Body;
    use axum::http::Request;
    use okno_core::demo::one_request_of_every_kind;
    use tower::ServiceExt;

    use super::*;

    /// The demo office served, one request of every kind, and the token of who asks for them.
    async fn office() -> (tempfile::TempDir, AppState, Vec<DocumentRequest>, String) {
        let dir = tempfile::tempdir().unwrap();
        let ws = Workstation::open(&dir.path().join("okno.db"))
            .await
            .unwrap();
        ws.keep_credentials_in_memory();
        okno_core::demo::load_demo(&ws).await.unwrap();
        let (session, requests) = one_request_of_every_kind(&ws).await.unwrap();
        (dir, Arc::new(ws), requests, session.token)
    }

    fn document_uri(request: &DocumentRequest, action: &str, token: &str) -> String {
        let json = serde_json::to_string(request).unwrap();
        format!(
            "/api/document?token={}&action={action}&request={}",
            percent_encoded(token),
            percent_encoded(&json)
        )
    }

    async fn get(ws: &AppState, uri: &str) -> (StatusCode, HeaderMap, Vec<u8>) {
        let request = Request::get(uri).body(Body::empty()).unwrap();
        let response = app(ws.clone(), None).oneshot(request).await.unwrap();
        let (parts, body) = response.into_parts();
        let bytes = axum::body::to_bytes(body, usize::MAX).await.unwrap();
        (parts.status, parts.headers, bytes.to_vec())
    }

    #[tokio::test]
    async fn every_kind_of_document_is_served_through_the_one_route() {
        let (_dir, ws, requests, token) = office().await;
        let actor = ws.actor(Some(&token)).unwrap();
        for request in &requests {
            let expected = ws.document(&actor, request).await.unwrap();
            let (status, headers, bytes) = get(&ws, &document_uri(request, "save", &token)).await;
            assert_eq!(
                status,
                StatusCode::OK,
                "{request:?}: {}",
                String::from_utf8_lossy(&bytes)
            );
            assert_eq!(headers[header::CONTENT_TYPE], expected.media_type.as_str());
            let disposition = headers[header::CONTENT_DISPOSITION].to_str().unwrap();
            assert!(disposition.starts_with("attachment; "), "{disposition}");
            assert!(
                disposition.ends_with(&format!(
                    "filename*=UTF-8''{}",
                    percent_encoded(&expected.file_name)
                )),
                "{request:?}: {disposition} for {}",
                expected.file_name
            );
            if expected.media_type == PDF {
                // Rendered again: the same kind of file, not the same bytes (it states when).
                assert!(bytes.starts_with(b"%PDF"), "{request:?}: not a PDF");
            } else {
                assert_eq!(bytes, expected.bytes, "{request:?}");
            }
        }
    }

    #[tokio::test]
    async fn printing_through_the_route_records_and_saving_does_not() {
        let (_dir, ws, requests, token) = office().await;
        let pending = || async { ws.outbox_status().await.unwrap().pending };
        let receipt = requests
            .iter()
            .find(|r| matches!(r, DocumentRequest::Receipt { .. }))
            .unwrap();
        let before = pending().await;
        for action in ["view", "save"] {
            let (status, _, _) = get(&ws, &document_uri(receipt, action, &token)).await;
            assert_eq!(status, StatusCode::OK);
        }
        assert_eq!(pending().await, before);
        let (status, headers, _) = get(&ws, &document_uri(receipt, "print", &token)).await;
        assert_eq!(status, StatusCode::OK);
        assert!(headers[header::CONTENT_DISPOSITION]
            .to_str()
            .unwrap()
            .starts_with("inline; "));
        assert_eq!(pending().await, before + 1);

        // Without a session, or with a request that is not one: refused, nothing served.
        let (status, _, _) = get(&ws, &document_uri(receipt, "print", "nobody")).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        let uri = format!("/api/document?token={token}&request=%7B%22kind%22%3A%22menu%22%7D");
        let (status, _, _) = get(&ws, &uri).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(pending().await, before + 1);
    }
}
