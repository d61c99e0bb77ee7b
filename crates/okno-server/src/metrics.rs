//! Prometheus metrics, in the text exposition format: requests by route and status with their
//! latency, commands by verdict, sync lag (command made on the device → applied here), lease
//! latency, and — read from the database at scrape time, so every replica reports the same —
//! each device's outbox size as it last reported it and how long ago it was seen.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use chrono::{DateTime, Utc};
use sqlx::PgPool;

use okno_wire::sync::CommandStatus;

#[derive(Default)]
struct Counters {
    requests: BTreeMap<(String, u16), (u64, f64)>,
    commands: BTreeMap<&'static str, u64>,
    lag_sum_s: f64,
    lag_count: u64,
    lease_sum_s: f64,
    lease_count: u64,
}

#[derive(Default)]
pub struct Metrics {
    c: Mutex<Counters>,
}

impl Metrics {
    fn lock(&self) -> std::sync::MutexGuard<'_, Counters> {
        self.c.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub(crate) fn request(&self, route: &str, status: u16, took: Duration) {
        let mut c = self.lock();
        let e = c.requests.entry((route.to_string(), status)).or_default();
        e.0 += 1;
        e.1 += took.as_secs_f64();
    }

    pub(crate) fn command(&self, status: CommandStatus, lag_ms: i64) {
        let mut c = self.lock();
        let key = match status {
            CommandStatus::Applied => "applied",
            CommandStatus::Rejected => "rejected",
            CommandStatus::Conflict => "conflict",
        };
        *c.commands.entry(key).or_default() += 1;
        c.lag_sum_s += lag_ms as f64 / 1000.0;
        c.lag_count += 1;
    }

    pub(crate) fn lease(&self, took: Duration) {
        let mut c = self.lock();
        c.lease_sum_s += took.as_secs_f64();
        c.lease_count += 1;
    }

    pub(crate) async fn render(&self, pool: &PgPool) -> Result<String, sqlx::Error> {
        type Row = (uuid::Uuid, String, i64, Option<DateTime<Utc>>, bool);
        let devices: Vec<Row> = sqlx::query_as(
            "SELECT id, name, outbox_pending, last_seen_at, revoked_at IS NOT NULL FROM device ORDER BY name",
        )
        .fetch_all(pool)
        .await?;
        let mut out = String::new();
        let c = self.lock();
        out.push_str("# HELP okno_http_requests_total HTTP requests by route and status.\n# TYPE okno_http_requests_total counter\n");
        for ((route, status), (n, _)) in &c.requests {
            let _ = writeln!(
                out,
                "okno_http_requests_total{{route=\"{route}\",status=\"{status}\"}} {n}"
            );
        }
        out.push_str("# HELP okno_http_request_seconds_sum Time spent answering, by route.\n# TYPE okno_http_request_seconds_sum counter\n");
        for ((route, status), (_, s)) in &c.requests {
            let _ = writeln!(
                out,
                "okno_http_request_seconds_sum{{route=\"{route}\",status=\"{status}\"}} {s:.6}"
            );
        }
        let errors: u64 = c
            .requests
            .iter()
            .filter(|((_, s), _)| *s >= 500)
            .map(|(_, (n, _))| n)
            .sum();
        let _ = writeln!(out, "# HELP okno_http_errors_total Requests answered with a server error.\n# TYPE okno_http_errors_total counter\nokno_http_errors_total {errors}");
        out.push_str("# HELP okno_commands_total Pushed commands by verdict.\n# TYPE okno_commands_total counter\n");
        for s in ["applied", "rejected", "conflict"] {
            let _ = writeln!(
                out,
                "okno_commands_total{{status=\"{s}\"}} {}",
                c.commands.get(s).copied().unwrap_or(0)
            );
        }
        let _ = writeln!(out, "# HELP okno_sync_lag_seconds From a command made on a workstation to applied here.\n# TYPE okno_sync_lag_seconds summary\nokno_sync_lag_seconds_sum {:.3}\nokno_sync_lag_seconds_count {}", c.lag_sum_s, c.lag_count);
        let _ = writeln!(out, "# HELP okno_lease_seconds Time to grant a number lease.\n# TYPE okno_lease_seconds summary\nokno_lease_seconds_sum {:.6}\nokno_lease_seconds_count {}", c.lease_sum_s, c.lease_count);
        drop(c);
        out.push_str("# HELP okno_device_outbox_pending Commands waiting on a workstation, as it last reported.\n# TYPE okno_device_outbox_pending gauge\n");
        let now = Utc::now();
        for (id, name, pending, _, revoked) in &devices {
            if !revoked {
                let _ = writeln!(
                    out,
                    "okno_device_outbox_pending{{device=\"{id}\",name=\"{}\"}} {pending}",
                    escape(name)
                );
            }
        }
        out.push_str("# HELP okno_device_last_seen_seconds Seconds since a workstation last reached the server.\n# TYPE okno_device_last_seen_seconds gauge\n");
        for (id, name, _, seen, revoked) in &devices {
            if let (Some(seen), false) = (seen, revoked) {
                let _ = writeln!(
                    out,
                    "okno_device_last_seen_seconds{{device=\"{id}\",name=\"{}\"}} {:.0}",
                    escape(name),
                    (now - *seen).num_milliseconds() as f64 / 1000.0
                );
            }
        }
        Ok(out)
    }
}

fn escape(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', " ")
}
