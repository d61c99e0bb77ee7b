//! The Okno desktop shell. It opens the working copy, hands the web UI one managed
//! [`Workstation`], and wires a few commands: `api` (every workstation command, through
//! okno-core's dispatcher) and the document commands that need the desktop (saving a PDF to
//! the user's documents folder, sending it to the system printer). No SQL and no business
//! rules live here.
//!
//! ```text
//! okno [--data FILE] [--demo]
//! ```
//! `--data` chooses the working copy (default: `okno.db` in the app's data folder); `--demo`
//! loads demo data into an empty working copy. Arguments rather than environment variables,
//! because tauri-driver passes only arguments to the app under test.

#![cfg_attr(
    all(not(debug_assertions), target_os = "windows"),
    windows_subsystem = "windows"
)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

use okno_core::Workstation;
use okno_wire::{ApiError, ErrorCode, Locale};
use tauri::Manager;
use uuid::Uuid;

struct Shell {
    ws: Arc<Workstation>,
}

fn failure(code: ErrorCode, message: impl Into<String>) -> ApiError {
    ApiError {
        code,
        message: message.into(),
        fields: Vec::new(),
    }
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

/// Where saved documents go: `Documents/Okno`, or the app's data folder where there is none.
fn documents_dir(app: &tauri::AppHandle) -> Result<PathBuf, ApiError> {
    let base = app
        .path()
        .document_dir()
        .or_else(|_| app.path().app_data_dir())
        .map_err(|e| failure(ErrorCode::Storage, e.to_string()))?;
    let dir = base.join("Okno");
    std::fs::create_dir_all(&dir)
        .map_err(|e| failure(ErrorCode::Storage, format!("{}: {e}", dir.display())))?;
    Ok(dir)
}

async fn write_receipt(
    app: &tauri::AppHandle,
    shell: &Shell,
    token: Option<&str>,
    case_id: Uuid,
    locale: Option<String>,
) -> Result<PathBuf, ApiError> {
    let actor = shell.ws.actor(token)?;
    let locale = locale.as_deref().and_then(Locale::from_code);
    let (filename, pdf) = shell.ws.intake_receipt_pdf(&actor, case_id, locale).await?;
    let path = documents_dir(app)?.join(filename);
    std::fs::write(&path, pdf)
        .map_err(|e| failure(ErrorCode::Storage, format!("{}: {e}", path.display())))?;
    shell.ws.record_receipt_printed(&actor, case_id).await?;
    Ok(path)
}

/// Saves the intake receipt as PDF and answers where.
#[tauri::command]
async fn save_receipt(
    app: tauri::AppHandle,
    shell: tauri::State<'_, Shell>,
    token: Option<String>,
    case_id: Uuid,
    locale: Option<String>,
) -> Result<String, ApiError> {
    let path = write_receipt(&app, &shell, token.as_deref(), case_id, locale).await?;
    Ok(path.display().to_string())
}

/// Saves the intake receipt and sends it to the default system printer.
#[tauri::command]
async fn print_receipt(
    app: tauri::AppHandle,
    shell: tauri::State<'_, Shell>,
    token: Option<String>,
    case_id: Uuid,
    locale: Option<String>,
) -> Result<String, ApiError> {
    let path = write_receipt(&app, &shell, token.as_deref(), case_id, locale).await?;
    send_to_printer(&path)?;
    Ok(path.display().to_string())
}

async fn write_document(
    app: &tauri::AppHandle,
    filename: &str,
    pdf: Vec<u8>,
) -> Result<PathBuf, ApiError> {
    let path = documents_dir(app)?.join(filename);
    std::fs::write(&path, pdf)
        .map_err(|e| failure(ErrorCode::Storage, format!("{}: {e}", path.display())))?;
    Ok(path)
}

/// Saves a ledger entry's certified copy as PDF (to look at or send) and answers where.
#[tauri::command]
async fn save_certified_copy(
    app: tauri::AppHandle,
    shell: tauri::State<'_, Shell>,
    token: Option<String>,
    entry_id: Uuid,
) -> Result<String, ApiError> {
    let actor = shell.ws.actor(token.as_deref())?;
    let (filename, pdf) = shell.ws.certified_copy_pdf(&actor, entry_id).await?;
    Ok(write_document(&app, &filename, pdf)
        .await?
        .display()
        .to_string())
}

/// Records the printing of `copies` certified copies, then sends them to the system printer.
#[tauri::command]
async fn print_certified_copy(
    app: tauri::AppHandle,
    shell: tauri::State<'_, Shell>,
    token: Option<String>,
    entry_id: Uuid,
    copies: u32,
) -> Result<String, ApiError> {
    let actor = shell.ws.actor(token.as_deref())?;
    shell
        .ws
        .record_certification_print(&actor, okno_wire::RecordPrintRequest { entry_id, copies })
        .await?;
    let (filename, pdf) = shell.ws.certified_copy_pdf(&actor, entry_id).await?;
    let path = write_document(&app, &filename, pdf).await?;
    for _ in 0..copies.max(1) {
        send_to_printer(&path)?;
    }
    Ok(path.display().to_string())
}

async fn write_ledger_report(
    app: &tauri::AppHandle,
    shell: &Shell,
    token: Option<&str>,
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
    locale: Option<String>,
) -> Result<PathBuf, ApiError> {
    let actor = shell.ws.actor(token)?;
    let locale = actor.locale_or(locale.as_deref());
    let (filename, pdf) = shell.ws.ledger_report_pdf(&actor, from, to, locale).await?;
    write_document(app, &filename, pdf).await
}

async fn write_day_report(
    app: &tauri::AppHandle,
    shell: &Shell,
    token: Option<&str>,
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
    locale: Option<String>,
    format: &str,
) -> Result<PathBuf, ApiError> {
    let actor = shell.ws.actor(token)?;
    let locale = actor.locale_or(locale.as_deref());
    let format = okno_core::review::ReportFormat::parse(format)?;
    let (filename, _, bytes) = shell
        .ws
        .day_report(&actor, from, to, locale, format)
        .await?;
    write_document(app, &filename, bytes).await
}

/// Saves the report of a day or period (PDF or CSV) and answers where.
#[tauri::command]
async fn save_day_report(
    app: tauri::AppHandle,
    shell: tauri::State<'_, Shell>,
    token: Option<String>,
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
    locale: Option<String>,
    format: String,
) -> Result<String, ApiError> {
    let path = write_day_report(&app, &shell, token.as_deref(), from, to, locale, &format).await?;
    Ok(path.display().to_string())
}

/// Saves the report of a day or period as PDF and sends it to the system printer (the PDF
/// only: a CSV is for spreadsheets).
#[tauri::command]
#[allow(clippy::too_many_arguments)] // Tauri command arguments arrive by name
async fn print_day_report(
    app: tauri::AppHandle,
    shell: tauri::State<'_, Shell>,
    token: Option<String>,
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
    locale: Option<String>,
    format: Option<String>,
) -> Result<String, ApiError> {
    // Printing is for the PDF; a CSV is for spreadsheets.
    if format.as_deref().is_some_and(|f| f != "pdf") {
        return Err(
            okno_core::CoreError::field("format", okno_wire::FieldErrorCode::Malformed).into(),
        );
    }
    let path = write_day_report(&app, &shell, token.as_deref(), from, to, locale, "pdf").await?;
    send_to_printer(&path)?;
    Ok(path.display().to_string())
}

/// Saves the registry's audit log (the filter as on screen, every row) as CSV and answers where.
#[tauri::command]
async fn save_registry_audit(
    app: tauri::AppHandle,
    shell: tauri::State<'_, Shell>,
    token: Option<String>,
    from: Option<chrono::NaiveDate>,
    to: Option<chrono::NaiveDate>,
    staff_id: Option<Uuid>,
    person: Option<String>,
) -> Result<String, ApiError> {
    let actor = shell.ws.actor(token.as_deref())?;
    let filter = okno_wire::AuditFilter {
        from,
        to,
        staff_id,
        person: person.filter(|p| !p.trim().is_empty()),
        offset: None,
        limit: None,
    };
    let filename = audit_csv_filename(&filter);
    let csv = shell.ws.registry_audit_csv(&actor, filter).await?;
    Ok(write_document(&app, &filename, csv)
        .await?
        .display()
        .to_string())
}

/// `registry-audit[-from][-to].csv`: the period the file holds, as the day report names its own.
fn audit_csv_filename(f: &okno_wire::AuditFilter) -> String {
    let mut name = String::from("registry-audit");
    for day in [f.from, f.to].into_iter().flatten() {
        name.push_str(&format!("-{day}"));
    }
    name + ".csv"
}

/// Saves the ledger of a period as PDF and answers where.
#[tauri::command]
async fn save_ledger_report(
    app: tauri::AppHandle,
    shell: tauri::State<'_, Shell>,
    token: Option<String>,
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
    locale: Option<String>,
) -> Result<String, ApiError> {
    let path = write_ledger_report(&app, &shell, token.as_deref(), from, to, locale).await?;
    Ok(path.display().to_string())
}

/// Saves the ledger of a period and sends it to the system printer.
#[tauri::command]
async fn print_ledger_report(
    app: tauri::AppHandle,
    shell: tauri::State<'_, Shell>,
    token: Option<String>,
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
    locale: Option<String>,
) -> Result<String, ApiError> {
    let path = write_ledger_report(&app, &shell, token.as_deref(), from, to, locale).await?;
    send_to_printer(&path)?;
    Ok(path.display().to_string())
}

/// Saves an attachment to the documents folder and answers where.
#[tauri::command]
async fn save_attachment(
    app: tauri::AppHandle,
    shell: tauri::State<'_, Shell>,
    token: Option<String>,
    attachment_id: Uuid,
) -> Result<String, ApiError> {
    let actor = shell.ws.actor(token.as_deref())?;
    let file = shell.ws.attachment_file(&actor, attachment_id).await?;
    let safe: String = file
        .filename
        .chars()
        .map(|c| {
            if matches!(c, '/' | '\\' | ':') {
                '_'
            } else {
                c
            }
        })
        .collect();
    let path = documents_dir(&app)?.join(safe);
    std::fs::write(&path, file.data)
        .map_err(|e| failure(ErrorCode::Storage, format!("{}: {e}", path.display())))?;
    Ok(path.display().to_string())
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

struct Args {
    data: Option<PathBuf>,
    demo: bool,
}

fn parse_args() -> Args {
    let mut args = Args {
        data: None,
        demo: false,
    };
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            "--data" => args.data = it.next().map(PathBuf::from),
            "--demo" => args.demo = true,
            _ => {}
        }
    }
    args
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
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .init();
    let args = parse_args();
    let result = tauri::Builder::default()
        .setup(move |app| {
            let data = match &args.data {
                Some(p) => p.clone(),
                None => app.path().app_data_dir()?.join("okno.db"),
            };
            let ws = tauri::async_runtime::block_on(async {
                let ws = Workstation::open(&data).await?;
                // The device secret lives in the OS keyring; without a usable one, in memory
                // (said once, in the log and the sync indicator) rather than failing sync.
                ws.use_os_keyring_or_memory().await;
                if args.demo && !ws.setup_status().await?.initialized {
                    okno_core::demo::load_demo(&ws).await?;
                }
                Ok::<_, okno_core::CoreError>(ws)
            })?;
            tracing::info!(working_copy = %data.display(), "Okno started");
            lean_web_view(app);
            let ws = Arc::new(ws);
            // Sync with the office's server in the background (idle until enrolled).
            tauri::async_runtime::spawn(okno_core::sync::run(ws.clone()));
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
            save_receipt,
            print_receipt,
            save_attachment,
            save_certified_copy,
            print_certified_copy,
            save_ledger_report,
            print_ledger_report,
            save_day_report,
            print_day_report,
            save_registry_audit
        ])
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("Okno could not start: {e}");
        std::process::exit(1);
    }
}
