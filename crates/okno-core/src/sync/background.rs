//! The background loop: an exchange whenever there is work, news or a "sync now"; quick probes
//! while the server is away.

use super::*;

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
