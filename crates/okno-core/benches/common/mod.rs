//! Shared by the benches that keep a large generated working copy between runs: where it
//! lives, a raw connection to it, and the percentiles of recorded times.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

/// `target/okno-bench/<file>` (the directory made if missing).
pub fn data_path(file: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/okno-bench");
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(file)
}

/// A connection of its own to the working copy (markers, counts, checkpoints).
pub async fn raw(path: &Path) -> sqlx::SqliteConnection {
    use sqlx::Connection;
    sqlx::SqliteConnection::connect(&format!("sqlite://{}", path.display()))
        .await
        .unwrap()
}

/// Prints n, p50, p95 and max of the recorded times.
pub fn report(name: &str, times: &Mutex<Vec<Duration>>) {
    let mut t = times.lock().unwrap().clone();
    if t.is_empty() {
        return;
    }
    t.sort();
    let p = |q: f64| t[((t.len() as f64 * q).ceil() as usize).clamp(1, t.len()) - 1];
    println!(
        "{name}: n={} p50={:.2} ms p95={:.2} ms max={:.2} ms",
        t.len(),
        p(0.50).as_secs_f64() * 1e3,
        p(0.95).as_secs_f64() * 1e3,
        t[t.len() - 1].as_secs_f64() * 1e3
    );
}
