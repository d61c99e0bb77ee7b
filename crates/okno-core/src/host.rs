//! What every host of the workstation does to start, in one place: read the arguments they
//! share, start logging, open the working copy (with demo data in an empty one when asked),
//! choose where the device secret is kept, and start syncing in the background. The desktop
//! shell adds its windows and printing, browser mode its HTTP serving; neither opens a working
//! copy or starts sync by itself.
//!
//! ```text
//! [--data FILE] [--demo] [--memory-credentials]
//! ```
//! Arguments rather than environment variables, because tauri-driver passes only arguments to
//! the desktop app under test.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::error::{CoreError, Result};
use crate::Workstation;

/// The arguments every host reads.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// `--data FILE`: the working copy; `None` leaves the choice to the host.
    pub data: Option<PathBuf>,
    /// `--demo`: load demo data into an empty working copy.
    pub demo: bool,
    /// `--memory-credentials`: keep the device secret in memory instead of the OS keyring
    /// (throwaway runs and tests: after a restart the desk works on offline and must be
    /// re-joined). Without it the OS keyring is used if the machine has one, else memory (said
    /// once, in the log and the sync status).
    pub memory_credentials: bool,
}

impl Options {
    /// How the shared arguments are written, for a host's `--help`.
    pub const USAGE: &'static str = "[--data FILE] [--demo] [--memory-credentials]";

    /// Takes `arg` (and its value from `rest`) when it is one of the shared arguments, and
    /// answers whether it was; any other argument is the host's own.
    pub fn take(&mut self, arg: &str, rest: &mut impl Iterator<Item = String>) -> Result<bool> {
        match arg {
            "--data" => {
                let path = rest
                    .next()
                    .ok_or_else(|| CoreError::Usage("--data needs a path".into()))?;
                self.data = Some(path.into());
            }
            "--demo" => self.demo = true,
            "--memory-credentials" => self.memory_credentials = true,
            _ => return Ok(false),
        }
        Ok(true)
    }
}

/// Logs to standard error, at `info` unless `RUST_LOG` says otherwise.
pub fn init_logging() {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .init();
}

/// Opens the working copy at `data` (`--data`, or the host's default), loading the demo office
/// into an empty one when `--demo` asks for it.
pub async fn open(options: &Options, data: &Path) -> Result<Workstation> {
    let ws = Workstation::open(data).await?;
    if options.demo && !ws.setup_status().await?.initialized {
        crate::demo::load_demo(&ws).await?;
        tracing::info!(
            "demo data loaded (every demo account's password: {})",
            crate::demo::DEMO_PASSWORD
        );
    }
    tracing::info!(working_copy = %data.display(), "working copy opened");
    Ok(ws)
}

/// Chooses where the device secret is kept (`--memory-credentials`, else the OS keyring or
/// memory when there is none) and starts syncing with the office's server in the background
/// (idle until the workstation is enrolled). Needs a Tokio runtime.
pub async fn start_sync(ws: &Arc<Workstation>, options: &Options) -> tokio::task::JoinHandle<()> {
    if options.memory_credentials {
        ws.keep_credentials_in_memory();
    } else {
        ws.use_os_keyring_or_memory().await;
    }
    crate::sync::spawn(ws.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(args: &[&str]) -> Result<(Options, Vec<String>)> {
        let mut options = Options::default();
        let mut own = Vec::new();
        let mut it = args.iter().map(|a| a.to_string());
        while let Some(a) = it.next() {
            if !options.take(&a, &mut it)? {
                own.push(a);
            }
        }
        Ok((options, own))
    }

    #[test]
    fn shared_arguments_are_taken_and_the_rest_left_to_the_host() {
        let (options, own) = read(&[
            "--ui",
            "dist",
            "--data",
            "x.db",
            "--demo",
            "--memory-credentials",
        ])
        .unwrap();
        assert_eq!(
            options,
            Options {
                data: Some("x.db".into()),
                demo: true,
                memory_credentials: true,
            }
        );
        assert_eq!(own, ["--ui", "dist"]);
        assert!(matches!(read(&["--data"]), Err(CoreError::Usage(_))));
    }
}
