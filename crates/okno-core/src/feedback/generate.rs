//! A generator of the citizen's voice over a period, for tests and benchmarks: visits served at
//! the office's desks (a ticket each, taken, called, served and finished, with the call on the
//! visit's timeline), ratings of some of them, and feedback items of every kind and channel at
//! every stage of their handling. Written straight into the working copy's tables as if it had
//! come from the server, in one transaction. Deterministic for a seed; it answers what it
//! wrote, so a test can count it independently of the analysis.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use crate::error::Result;
use crate::Workstation;

#[derive(Debug, Clone)]
pub struct FeedbackHistorySpec {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub visits: u32,
    pub items: u32,
    /// The share of visits rated, in percent.
    pub rated_percent: u32,
    pub seed: u64,
    /// Nothing happens after this.
    pub now: DateTime<Utc>,
}

/// An item as written: what the analysis counts.
#[derive(Debug, Clone)]
pub struct GeneratedItem {
    pub kind: &'static str,
    pub channel: &'static str,
    pub state: &'static str,
    pub received_at: i64,
    pub due_date: Option<NaiveDate>,
    pub answered_at: Option<i64>,
    pub root_cause: Option<&'static str>,
    pub adopted: Option<bool>,
    pub service: Option<String>,
    pub contact_name: Option<String>,
}

#[derive(Debug, Clone)]
pub struct GeneratedRating {
    pub score: u8,
    pub at: i64,
    pub wait_minutes: f64,
    pub desk: String,
    pub staff_id: String,
}

#[derive(Debug, Clone, Default)]
pub struct GeneratedFeedback {
    pub items: Vec<GeneratedItem>,
    pub ratings: Vec<GeneratedRating>,
    /// (office day, visit finished) of each visit.
    pub visit_days: Vec<NaiveDate>,
}

const KINDS: [&str; 6] = [
    "complaint",
    "suggestion",
    "idea",
    "praise",
    "question",
    "callback",
];
const CHANNELS: [&str; 5] = ["desk", "public_page", "kiosk", "open311", "rating"];
const CAUSES: [&str; 6] = [
    "waiting",
    "conduct",
    "information",
    "procedure",
    "facilities",
    "other",
];
const NAMES: [&str; 6] = [
    "Kovács Éva",
    "Ján Novák",
    "Maryam Rahimi",
    "Erik Lind",
    "Zuzana Malá",
    "Reza Karimi",
];

impl Workstation {
    /// Writes a generated history of visits, ratings and feedback items (see the module).
    pub async fn generate_feedback_history(
        &self,
        spec: &FeedbackHistorySpec,
    ) -> Result<GeneratedFeedback> {
        let office = self.office().await?;
        let settings = self.feedback_settings_now().await?;
        let staff: Vec<String> = sqlx::query_scalar("SELECT id FROM staff ORDER BY username")
            .fetch_all(&self.store.reader)
            .await?;
        let services: Vec<String> = sqlx::query_scalar("SELECT code FROM service ORDER BY code")
            .fetch_all(&self.store.reader)
            .await?;
        let mut rng = StdRng::seed_from_u64(spec.seed);
        let days = (spec.to - spec.from).num_days().max(0) + 1;
        let at_day = |rng: &mut StdRng| -> (NaiveDate, i64) {
            let d = spec.from + Duration::days(rng.gen_range(0..days));
            let (start, _) = office.day_bounds_ms(d);
            // Office hours, 08:00 to 16:00.
            (d, start + rng.gen_range(8 * 3_600_000..16 * 3_600_000))
        };
        let now = spec.now.timestamp_millis();
        let mut out = GeneratedFeedback::default();
        let mut tx = self.store.writer.begin().await?;
        for i in 0..spec.visits {
            let (day, taken) = at_day(&mut rng);
            let wait = rng.gen_range(1..=75) as i64 * 60_000 + rng.gen_range(0..60_000);
            let service = rng.gen_range(2..=25) as i64 * 60_000;
            let (called, served) = (taken + wait, taken + wait + 30_000);
            let finished = served + service;
            if finished > now {
                continue;
            }
            let desk = format!("{}", 1 + i % 6);
            let who = staff
                .get(i as usize % staff.len().max(1))
                .cloned()
                .unwrap_or_default();
            let (visit, ticket) = (format!("gv{i:07}"), format!("gt{i:07}"));
            sqlx::query("INSERT INTO visit (id, locale, started_at, ended_at, updated_at) VALUES (?, 'hu', ?, ?, ?)")
                .bind(&visit)
                .bind(taken)
                .bind(finished)
                .bind(finished)
                .execute(&mut *tx)
                .await?;
            sqlx::query(
                "INSERT INTO ticket (id, visit_id, day, category, number, priority, private, locale, state, origin, desk,
                    staff_id, calls, taken_at, called_at, served_at, finished_at, print_failed, updated_at)
                 VALUES (?, ?, ?, ?, ?, 'normal', 0, 'hu', 'done', 'kiosk', ?, ?, 1, ?, ?, ?, ?, 0, ?)",
            )
            .bind(&ticket)
            .bind(&visit)
            .bind(day.format("%Y-%m-%d").to_string())
            .bind(["A", "B", "C"][i as usize % 3])
            .bind(format!("G-{i:07}"))
            .bind(&desk)
            .bind(&who)
            .bind(taken)
            .bind(called)
            .bind(served)
            .bind(finished)
            .bind(finished)
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                "INSERT INTO visit_event (id, visit_id, ticket_id, kind, at, desk) VALUES (?, ?, ?, 'called', ?, ?)",
            )
            .bind(format!("ge{i:07}"))
            .bind(&visit)
            .bind(&ticket)
            .bind(called)
            .bind(&desk)
            .execute(&mut *tx)
            .await?;
            out.visit_days.push(day);
            if rng.gen_range(0..100) < spec.rated_percent {
                // Longer waits are rated worse, as the seeds' surveys found.
                let base: f64 = 5.0 - (wait as f64 / 60_000.0) / 25.0;
                let score = (base + rng.gen_range(-1.0..1.0)).round().clamp(1.0, 5.0) as u8;
                let at = finished + 20_000;
                sqlx::query(
                    "INSERT INTO rating (id, visit_id, score, reasons, comment, locale, at, desk, staff_id, channel)
                     VALUES (?, ?, ?, ?, NULL, 'hu', ?, ?, ?, 'desk_window')",
                )
                .bind(format!("gr{i:07}"))
                .bind(&visit)
                .bind(i64::from(score))
                .bind(if score >= 4 { r#"["friendly"]"# } else if score <= 2 { r#"["long_wait"]"# } else { "[]" })
                .bind(at)
                .bind(&desk)
                .bind(&who)
                .execute(&mut *tx)
                .await?;
                out.ratings.push(GeneratedRating {
                    score,
                    at,
                    wait_minutes: wait as f64 / 60_000.0,
                    desk,
                    staff_id: who,
                });
            }
        }
        for i in 0..spec.items {
            let (day, received) = at_day(&mut rng);
            if received > now {
                continue;
            }
            let kind = KINDS[rng.gen_range(0..KINDS.len())];
            let channel = CHANNELS[rng.gen_range(0..CHANNELS.len())];
            let fk = okno_wire::FeedbackKind::from_code(kind)
                .unwrap_or(okno_wire::FeedbackKind::Complaint);
            let due = okno_rules::feedback::due_date(&settings, fk, day);
            let stage = rng.gen_range(0..10);
            let answered = (stage >= 3)
                .then(|| received + rng.gen_range(1..50) as i64 * 86_400_000 / 2)
                .filter(|a| *a <= now);
            let (state, root_cause, adopted) = match (stage, answered) {
                (_, None) if stage < 2 => ("received", None, None),
                (_, None) => ("in_progress", None, None),
                (9, Some(_)) => ("rejected", None, None),
                (3..=5, Some(_)) => ("answered", None, None),
                _ => (
                    "closed",
                    Some(CAUSES[rng.gen_range(0..CAUSES.len())]),
                    matches!(kind, "suggestion" | "idea").then(|| rng.gen_bool(0.4)),
                ),
            };
            let service = (rng.gen_range(0..3) == 0)
                .then(|| {
                    services
                        .get(rng.gen_range(0..services.len().max(1)))
                        .cloned()
                })
                .flatten();
            let contact_name = (rng.gen_range(0..2) == 0)
                .then(|| NAMES[rng.gen_range(0..NAMES.len())].to_string());
            let contact = contact_name
                .as_ref()
                .map(|n| format!(r#"{{"name":"{n}","email":"x{i}@example.org"}}"#));
            let year = chrono::Datelike::year(&day);
            sqlx::query(
                "INSERT INTO feedback_item (id, number, year, kind, about, channel, state, service_code, description,
                    locale, contact, due_date, answer, answered_at, public_note, root_cause, adopted,
                    received_at, closed_at, updated_at)
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'hu', ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?)",
            )
            .bind(format!("gf{i:07}"))
            .bind(format!("FB-{year}/G{i:07}"))
            .bind(i64::from(year))
            .bind(kind)
            .bind(if service.is_some() { "service" } else { "office" })
            .bind(channel)
            .bind(state)
            .bind(&service)
            .bind(format!("Generated {kind} {i}"))
            .bind(contact)
            .bind(due.map(|d| d.format("%Y-%m-%d").to_string()))
            .bind(answered.filter(|_| state != "rejected").map(|_| "Thank you."))
            .bind(answered.filter(|_| state != "rejected"))
            .bind(root_cause)
            .bind(adopted.map(i64::from))
            .bind(received)
            .bind(if matches!(state, "closed" | "rejected") { answered } else { None })
            .bind(answered.unwrap_or(received))
            .execute(&mut *tx)
            .await?;
            out.items.push(GeneratedItem {
                kind,
                channel,
                state,
                received_at: received,
                due_date: due,
                answered_at: answered,
                root_cause,
                adopted,
                service,
                contact_name,
            });
        }
        tx.commit().await?;
        Ok(out)
    }
}
