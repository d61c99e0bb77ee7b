//! Prometheus metrics, through the `metrics` crate and its Prometheus exporter (rendered on
//! `/metrics`, no listener of its own): requests by route and status with latency histograms,
//! commands by verdict, sync lag (command made on the device → applied here) and lease latency
//! as histograms, and — read from the database at scrape time, so every replica reports the same
//! — each device's outbox size as it last reported it and how long ago it was seen.
//!
//! The recorder is the server's own (not installed globally), so several servers in one process
//! (tests) keep their figures apart.

use std::time::Duration;

use chrono::{DateTime, Utc};
use metrics::{counter, describe_counter, describe_gauge, describe_histogram, gauge, histogram};
use metrics_exporter_prometheus::{
    Matcher, PrometheusBuilder, PrometheusHandle, PrometheusRecorder,
};
use sqlx::PgPool;

use okno_wire::sync::CommandStatus;

/// Upper bounds (seconds) of the latency buckets: a millisecond to ten seconds.
const LATENCY: [f64; 13] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];
/// Sync lag runs from a fraction of a second (online) to days (a desk offline over a weekend).
const LAG: [f64; 11] = [
    0.1, 0.5, 1.0, 5.0, 15.0, 60.0, 300.0, 900.0, 3600.0, 14400.0, 86400.0,
];

pub struct Metrics {
    recorder: PrometheusRecorder,
    handle: PrometheusHandle,
}

impl Default for Metrics {
    fn default() -> Metrics {
        let recorder = PrometheusBuilder::new()
            .set_buckets(&LATENCY)
            .and_then(|b| {
                b.set_buckets_for_metric(Matcher::Full("okno_sync_lag_seconds".into()), &LAG)
            })
            .map(PrometheusBuilder::build_recorder)
            // The buckets above are constant and valid.
            .unwrap_or_else(|_| PrometheusBuilder::new().build_recorder());
        let handle = recorder.handle();
        let m = Metrics { recorder, handle };
        m.with(|| {
            describe_counter!(
                "okno_http_requests_total",
                "HTTP requests by route and status."
            );
            describe_histogram!(
                "okno_http_request_seconds",
                metrics::Unit::Seconds,
                "Time spent answering, by route."
            );
            describe_counter!(
                "okno_http_errors_total",
                "Requests answered with a server error."
            );
            describe_counter!("okno_commands_total", "Pushed commands by verdict.");
            describe_histogram!(
                "okno_sync_lag_seconds",
                metrics::Unit::Seconds,
                "From a command made on a workstation to applied here."
            );
            describe_histogram!(
                "okno_lease_seconds",
                metrics::Unit::Seconds,
                "Time to grant a number lease."
            );
            describe_gauge!(
                "okno_device_outbox_pending",
                "Commands waiting on a workstation, as it last reported."
            );
            describe_gauge!(
                "okno_device_last_seen_seconds",
                metrics::Unit::Seconds,
                "Seconds since a workstation last reached the server."
            );
        });
        m
    }
}

impl Metrics {
    fn with(&self, f: impl FnOnce()) {
        metrics::with_local_recorder(&self.recorder, f);
    }

    pub(crate) fn request(&self, route: &str, status: u16, took: Duration) {
        self.with(|| {
            let (route, code) = (route.to_string(), status.to_string());
            counter!("okno_http_requests_total", "route" => route.clone(), "status" => code)
                .increment(1);
            histogram!("okno_http_request_seconds", "route" => route).record(took.as_secs_f64());
            if status >= 500 {
                counter!("okno_http_errors_total").increment(1);
            }
        });
    }

    pub(crate) fn command(&self, status: CommandStatus, lag_ms: i64) {
        let verdict = match status {
            CommandStatus::Applied => "applied",
            CommandStatus::Rejected => "rejected",
            CommandStatus::Conflict => "conflict",
        };
        self.with(|| {
            counter!("okno_commands_total", "status" => verdict).increment(1);
            histogram!("okno_sync_lag_seconds").record(lag_ms.max(0) as f64 / 1000.0);
        });
    }

    pub(crate) fn lease(&self, took: Duration) {
        self.with(|| histogram!("okno_lease_seconds").record(took.as_secs_f64()));
    }

    pub(crate) fn observe_queue_call(&self, took: Duration) {
        self.with(|| histogram!("okno_queue_call_seconds").record(took.as_secs_f64()));
    }

    pub(crate) fn queue_ticket(&self, took: Duration) {
        self.with(|| histogram!("okno_queue_ticket_seconds").record(took.as_secs_f64()));
    }

    pub(crate) async fn render(&self, pool: &PgPool) -> Result<String, sqlx::Error> {
        type Row = (uuid::Uuid, String, i64, Option<DateTime<Utc>>, bool);
        let devices: Vec<Row> = sqlx::query_as(
            "SELECT id, name, outbox_pending, last_seen_at, revoked_at IS NOT NULL FROM device ORDER BY name",
        )
        .fetch_all(pool)
        .await?;
        let now = Utc::now();
        self.with(|| {
            for (id, name, pending, seen, revoked) in &devices {
                if *revoked {
                    continue;
                }
                let labels = [
                    ("device", id.to_string()),
                    ("name", name.replace('\n', " ")),
                ];
                gauge!("okno_device_outbox_pending", &labels).set(*pending as f64);
                if let Some(seen) = seen {
                    gauge!("okno_device_last_seen_seconds", &labels)
                        .set((now - *seen).num_milliseconds() as f64 / 1000.0);
                }
            }
        });
        Ok(self.handle.render())
    }
}
