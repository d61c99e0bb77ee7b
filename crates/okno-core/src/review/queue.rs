//! The queue's figures of a period: tickets taken, served and not shown, waiting time (taking
//! the ticket to its first call) and service time (start to end of service), overall and by
//! category, desk and hour — read from the working copy in one pass.

use std::collections::BTreeMap;

use okno_wire::{LocalizedText, QueueFigures, QueueGroup, QueueGroupFigures};
use sqlx::SqliteConnection;

use super::nearest_rank;
use crate::catalogue::json_names;
use crate::error::Result;
use crate::office::Office;

#[derive(sqlx::FromRow)]
struct Row {
    category: String,
    state: String,
    desk: Option<String>,
    taken_at: i64,
    first_call: Option<i64>,
    served_at: Option<i64>,
    finished_at: Option<i64>,
}

#[derive(Default)]
struct Acc {
    tickets: i64,
    served: i64,
    no_shows: i64,
    open: i64,
    waits: Vec<i64>,
    services: Vec<i64>,
}

impl Acc {
    fn add(&mut self, r: &Row) {
        self.tickets += 1;
        match r.state.as_str() {
            "done" => self.served += 1,
            "no_show" => self.no_shows += 1,
            _ => self.open += 1,
        }
        if let Some(c) = r.first_call {
            self.waits.push((c - r.taken_at).max(0));
        }
        if let (Some(s), Some(f), "done") = (r.served_at, r.finished_at, r.state.as_str()) {
            self.services.push((f - s).max(0));
        }
    }

    fn figures(mut self) -> QueueGroupFigures {
        self.waits.sort_unstable();
        self.services.sort_unstable();
        QueueGroupFigures {
            tickets: self.tickets,
            served: self.served,
            no_shows: self.no_shows,
            open: self.open,
            wait_median_ms: nearest_rank(&self.waits, 50),
            wait_p90_ms: nearest_rank(&self.waits, 90),
            wait_longest_ms: self.waits.last().copied(),
            service_median_ms: nearest_rank(&self.services, 50),
        }
    }
}

pub(crate) async fn queue_figures(
    conn: &mut SqliteConnection,
    office: &Office,
    start: i64,
    end: i64,
    now: i64,
) -> Result<QueueFigures> {
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT t.category, t.state, t.desk, t.taken_at, t.served_at, t.finished_at,
                (SELECT MIN(e.at) FROM visit_event e WHERE e.ticket_id = t.id AND e.kind = 'called') AS first_call
           FROM ticket t WHERE t.taken_at >= ? AND t.taken_at < ?",
    )
    .bind(start)
    .bind(end)
    .fetch_all(&mut *conn)
    .await?;
    let names: BTreeMap<String, LocalizedText> =
        sqlx::query_as::<_, (String, String)>("SELECT code, names FROM queue_category")
            .fetch_all(&mut *conn)
            .await?
            .into_iter()
            .map(|(c, n)| (c, json_names(&n)))
            .collect();
    let mut totals = Acc::default();
    let mut by_category: BTreeMap<String, Acc> = BTreeMap::new();
    let mut by_desk: BTreeMap<String, Acc> = BTreeMap::new();
    let mut by_hour: BTreeMap<String, Acc> = BTreeMap::new();
    for r in &rows {
        totals.add(r);
        by_category.entry(r.category.clone()).or_default().add(r);
        if let Some(d) = &r.desk {
            by_desk.entry(d.clone()).or_default().add(r);
        }
        let hour = crate::clock::from_millis(r.taken_at)
            .with_timezone(&office.tz)
            .format("%H")
            .to_string();
        by_hour.entry(hour).or_default().add(r);
    }
    let groups = |m: BTreeMap<String, Acc>, named: bool| -> Vec<QueueGroup> {
        m.into_iter()
            .map(|(key, acc)| QueueGroup {
                names: if named {
                    names.get(&key).cloned().unwrap_or_default()
                } else {
                    LocalizedText::new()
                },
                key,
                figures: acc.figures(),
            })
            .collect()
    };
    let (appointments, kept, missed): (i64, i64, i64) = sqlx::query_as(
        "SELECT COUNT(*), COALESCE(SUM(state = 'checked_in'), 0), COALESCE(SUM(state = 'booked' AND ends_at <= ?), 0)
           FROM appointment WHERE starts_at >= ? AND starts_at < ? AND state <> 'cancelled'",
    )
    .bind(now)
    .bind(start)
    .bind(end)
    .fetch_one(&mut *conn)
    .await?;
    Ok(QueueFigures {
        appointments,
        appointments_kept: kept,
        appointments_missed: missed,
        totals: totals.figures(),
        by_category: groups(by_category, true),
        by_desk: groups(by_desk, false),
        by_hour: groups(by_hour, false),
    })
}
