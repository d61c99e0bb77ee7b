//! The Okno desktop shell: windows, printing and the OS keyring around okno-core. It starts as
//! every host does (`okno_core::host`: arguments, logging, the working copy, demo data, sync),
//! hands the web UI one managed [`Workstation`], and wires two commands: `api` (every workstation
//! command, through okno-core's dispatcher) and `document` (every document of the one list,
//! saved to the user's documents folder and, to print, sent to the system printer). No SQL and
//! no business rules live here.
//!
//! ```text
//! okno [--data FILE] [--demo] [--memory-credentials]
//! ```
//! `--data` defaults to `okno.db` in the app's data folder. Other arguments are ignored (the
//! WebDriver under test may add its own).

#![cfg_attr(
    all(not(debug_assertions), target_os = "windows"),
    windows_subsystem = "windows"
)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

use okno_core::documents::answer::Document;
use okno_core::{host, Workstation};
use okno_wire::{ApiError, DocumentAction, DocumentRequest, ErrorCode};
use tauri::Manager;

struct Shell {
    ws: Arc<Workstation>,
}

#[tauri::command]
async fn api(
    shell: tauri::State<'_, Shell>,
    command: String,
    token: Option<String>,
    args: serde_json::Value,
) -> Result<serde_json::Value, ApiError> {
    okno_core::api::dispatch(&shell.ws, &command, token.as_deref(), args).await
}

/// Opens the waiting-room display in a window of its own (or brings it forward), where it was
/// last put: the clerk drags it to the screen that faces the room once, and it stays there.
#[tauri::command]
async fn open_display(app: tauri::AppHandle) -> Result<(), ApiError> {
    open_side_window(
        &app,
        "display",
        "window.__OKNO_DISPLAY__ = true;",
        (1280.0, 720.0),
    )
}

/// Opens the citizen-facing rating window of this desk (five faces at the end of a visit),
/// like the display: a window of its own, where it was last put.
#[tauri::command]
async fn open_rating(app: tauri::AppHandle) -> Result<(), ApiError> {
    open_side_window(
        &app,
        "rating",
        "window.__OKNO_RATING__ = true;",
        (1024.0, 768.0),
    )
}

/// A second window of the app that faces the citizens (no sign-in: it shows no personal data).
fn open_side_window(
    app: &tauri::AppHandle,
    label: &str,
    script: &str,
    (w, h): (f64, f64),
) -> Result<(), ApiError> {
    let failed = |e: tauri::Error| ApiError {
        code: ErrorCode::Internal,
        message: format!("the {label} window: {e}"),
        fields: Vec::new(),
    };
    if let Some(w) = app.get_webview_window(label) {
        return w.set_focus().map_err(failed);
    }
    let place = window_place(app, label);
    let mut builder =
        tauri::WebviewWindowBuilder::new(app, label, tauri::WebviewUrl::App("index.html".into()))
            .title("Okno")
            .inner_size(w, h)
            // The UI shows the display or the rating, not the desk, in this window.
            .initialization_script(script);
    if let Some((x, y)) = place.as_ref().and_then(read_place) {
        builder = builder.position(x, y);
    }
    let window = builder.build().map_err(failed)?;
    if let Some(file) = place {
        window.on_window_event(move |event| {
            if let tauri::WindowEvent::Moved(p) = event {
                let _ = std::fs::write(&file, format!("{} {}", p.x, p.y));
            }
        });
    }
    Ok(())
}

fn window_place(app: &tauri::AppHandle, label: &str) -> Option<PathBuf> {
    let dir = app.path().app_config_dir().ok()?;
    std::fs::create_dir_all(&dir).ok()?;
    Some(dir.join(format!("{label}-window")))
}

fn read_place(file: &PathBuf) -> Option<(f64, f64)> {
    let text = std::fs::read_to_string(file).ok()?;
    let mut it = text.split_whitespace().map(|v| v.parse::<f64>());
    Some((it.next()?.ok()?, it.next()?.ok()?))
}

/// Saves a document to the documents folder and answers where; `print` also sends it to the
/// system printer, `copies` times, and the core records the printing once the printer took it.
/// The shell has no viewer of its own: `view` saves, as `save` does.
#[tauri::command]
async fn document(
    app: tauri::AppHandle,
    shell: tauri::State<'_, Shell>,
    token: Option<String>,
    request: DocumentRequest,
    action: DocumentAction,
    copies: Option<u32>,
) -> Result<String, ApiError> {
    let actor = shell.ws.actor(token.as_deref())?;
    let dir = documents_dir(&app)?;
    let path = deliver(
        &shell.ws,
        &actor,
        &dir,
        &request,
        action,
        copies,
        send_to_printer,
    )
    .await?;
    Ok(path.display().to_string())
}

/// The `document` command without its window: the document asked for, answered by the core
/// (name, type, bytes), saved under `dir`; to print, handed to `printer` `copies` times and
/// recorded by the core once the printer took it.
async fn deliver(
    ws: &Workstation,
    actor: &okno_core::auth::Actor,
    dir: &Path,
    request: &DocumentRequest,
    action: DocumentAction,
    copies: Option<u32>,
    printer: impl Fn(&Path) -> Result<(), ApiError>,
) -> Result<PathBuf, ApiError> {
    Ok(match action {
        DocumentAction::Print => {
            let copies = copies.unwrap_or(1);
            let print = |doc: &Document| -> Result<PathBuf, ApiError> {
                let path = save(dir, doc)?;
                for _ in 0..copies.max(1) {
                    printer(&path)?;
                }
                Ok(path)
            };
            ws.print_document(actor, request, copies, print).await?.1
        }
        DocumentAction::View | DocumentAction::Save => {
            save(dir, &ws.document(actor, request).await?)?
        }
    })
}

/// Where saved documents go: `Documents/Okno`, or the app's data folder where there is none.
fn documents_dir(app: &tauri::AppHandle) -> Result<PathBuf, ApiError> {
    let base = app
        .path()
        .document_dir()
        .or_else(|_| app.path().app_data_dir())
        .map_err(|e| failure(ErrorCode::Storage, e.to_string()))?;
    Ok(base.join("Okno"))
}

fn save(dir: &Path, doc: &Document) -> Result<PathBuf, ApiError> {
    let path = dir.join(&doc.file_name);
    std::fs::create_dir_all(dir)
        .and_then(|()| std::fs::write(&path, &doc.bytes))
        .map_err(|e| failure(ErrorCode::Storage, format!("{}: {e}", path.display())))?;
    Ok(path)
}

fn failure(code: ErrorCode, message: impl Into<String>) -> ApiError {
    ApiError {
        code,
        message: message.into(),
        fields: Vec::new(),
    }
}

/// The system's own print path: CUPS `lp` on Linux and macOS, the shell's print verb on Windows.
fn send_to_printer(path: &Path) -> Result<(), ApiError> {
    let output = if cfg!(target_os = "windows") {
        let script = format!(
            "Start-Process -FilePath '{}' -Verb Print",
            path.display().to_string().replace('\'', "''")
        );
        Command::new("powershell")
            .args(["-NoProfile", "-Command", &script])
            .output()
    } else {
        Command::new("lp").arg(path).output()
    };
    match output {
        Ok(o) if o.status.success() => Ok(()),
        Ok(o) => Err(failure(
            ErrorCode::PrintFailed,
            String::from_utf8_lossy(&o.stderr).trim().to_string(),
        )),
        Err(e) => Err(failure(
            ErrorCode::PrintFailed,
            format!("no print system: {e}"),
        )),
    }
}

/// A single-page app from the binary needs no browser caches: WebKit's "document viewer"
/// cache model keeps the web process small.
fn lean_web_view(app: &tauri::App) {
    #[cfg(target_os = "linux")]
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.with_webview(|webview| {
            use webkit2gtk::{CacheModel, WebContextExt, WebViewExt};
            if let Some(context) = webview.inner().context() {
                context.set_cache_model(CacheModel::DocumentViewer);
            }
        });
    }
    #[cfg(not(target_os = "linux"))]
    let _ = app;
}

/// The shared arguments; the rest (the WebDriver's, say) are not ours to refuse.
fn parse_args() -> Result<host::Options, okno_core::CoreError> {
    let mut options = host::Options::default();
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        options.take(&a, &mut it)?;
    }
    Ok(options)
}

fn main() {
    let started = std::time::Instant::now();
    // Okno draws forms and tables, not 3D: WebKitGTK's accelerated compositing buys nothing
    // here and costs about 100 MB in the web process (and blank windows on some GPUs). An
    // explicit setting in the environment wins.
    #[cfg(target_os = "linux")]
    if std::env::var_os("WEBKIT_DISABLE_COMPOSITING_MODE").is_none() {
        std::env::set_var("WEBKIT_DISABLE_COMPOSITING_MODE", "1");
    }
    host::init_logging();
    let options = match parse_args() {
        Ok(options) => options,
        Err(e) => {
            eprintln!("Okno could not start: {e}");
            std::process::exit(2);
        }
    };
    let result = tauri::Builder::default()
        .setup(move |app| {
            let data = match &options.data {
                Some(path) => path.clone(),
                None => app.path().app_data_dir()?.join("okno.db"),
            };
            let ws = tauri::async_runtime::block_on(async {
                let ws = Arc::new(host::open(&options, &data).await?);
                host::start_sync(&ws, &options).await;
                Ok::<_, okno_core::CoreError>(ws)
            })?;
            tracing::info!("Okno started");
            lean_web_view(app);
            app.manage(Shell { ws });
            Ok(())
        })
        .on_page_load(move |_webview, payload| {
            if matches!(payload.event(), tauri::webview::PageLoadEvent::Finished) {
                tracing::info!(ms = started.elapsed().as_millis() as u64, "UI loaded");
            }
        })
        .invoke_handler(tauri::generate_handler![
            api,
            document,
            open_display,
            open_rating
        ])
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("Okno could not start: {e}");
        std::process::exit(1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The desktop's one document command answers every kind of the one list: saved under the
    /// core's file name, a whole PDF where the core says it is one (rendered anew, so not the
    /// same bytes), otherwise exactly the core's bytes; a refused request saves nothing.
    #[tokio::test]
    async fn every_kind_of_document_is_saved_through_the_one_command() {
        let dir = tempfile::tempdir().unwrap();
        let ws = Workstation::open(&dir.path().join("okno.db"))
            .await
            .unwrap();
        ws.keep_credentials_in_memory();
        okno_core::demo::load_demo(&ws).await.unwrap();
        let (session, requests) = okno_core::demo::one_request_of_every_kind(&ws)
            .await
            .unwrap();
        let actor = ws.actor(Some(&session.token)).unwrap();
        let out = dir.path().join("Documents").join("Okno");
        let never =
            |p: &Path| -> Result<(), ApiError> { panic!("{} sent to a printer", p.display()) };
        for request in &requests {
            let expected = ws.document(&actor, request).await.unwrap();
            for action in [DocumentAction::Save, DocumentAction::View] {
                let path = deliver(&ws, &actor, &out, request, action, None, never)
                    .await
                    .unwrap_or_else(|e| panic!("{request:?}: {e:?}"));
                assert_eq!(path, out.join(&expected.file_name), "{request:?}");
                let bytes = std::fs::read(&path).unwrap();
                if expected.media_type == okno_core::documents::answer::PDF {
                    // Rendered again for this call (a PDF carries the time it was made).
                    assert!(bytes.starts_with(b"%PDF"), "{request:?} is not a PDF");
                    assert!(
                        bytes.trim_ascii_end().ends_with(b"%%EOF"),
                        "{request:?} is cut"
                    );
                } else {
                    assert_eq!(bytes, expected.bytes, "{request:?}");
                }
            }
        }
        // A request the core refuses is refused here with its code, and nothing is saved.
        let clerk = ws
            .login("clerk", okno_core::demo::DEMO_PASSWORD)
            .await
            .unwrap();
        let clerk = ws.actor(Some(&clerk.token)).unwrap();
        let before = std::fs::read_dir(&out).unwrap().count();
        let refused = requests
            .iter()
            .find(|r| r.kind() == okno_wire::DocumentKind::RegistryAudit)
            .unwrap();
        let e = deliver(
            &ws,
            &clerk,
            &out,
            refused,
            DocumentAction::Save,
            None,
            never,
        )
        .await
        .unwrap_err();
        assert_eq!(e.code, ErrorCode::Forbidden);
        assert_eq!(std::fs::read_dir(&out).unwrap().count(), before);
    }
}
