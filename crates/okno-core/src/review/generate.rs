//! A generator of realistic case history, for demos, tests and benchmarks: every day of a
//! period gets its cases at office hours, each walking a plausible path through the status
//! machine (some resolved within hours, some waiting for the citizen, forwarded, rejected,
//! reopened, some still unassigned), with reassignments and notes, never later than `now`.
//!
//! The history is written as if it had come from the office's server: straight into the
//! working copy's tables (numbers from the office's series, each accounted for in
//! `number_use`), without outbox commands. Deterministic for a seed.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use sqlx::SqliteConnection;

use crate::cases::due_date;
use crate::error::{CoreError, Result};
use crate::numbering::Series;
use crate::{ids, Workstation};

#[derive(Debug, Clone)]
pub struct HistorySpec {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub cases_per_day: u32,
    /// Vary the days like a real office: quieter Fridays, few cases on Saturdays, none on
    /// Sundays, and ±25 % from day to day. Off: exactly `cases_per_day` every day.
    pub weekly_pattern: bool,
    pub seed: u64,
    /// No event is later than this (cases still open then stay open).
    pub now: DateTime<Utc>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct GeneratedHistory {
    pub cases: i64,
    pub events: i64,
}

const FIRST: [&str; 30] = [
    "Jana",
    "Peter",
    "Mária",
    "Ján",
    "Zuzana",
    "Ľubica",
    "Štefan",
    "Katarína",
    "Éva",
    "Gábor",
    "Réka",
    "Zoltán",
    "Ágnes",
    "Lőrinc",
    "Åsa",
    "Erik",
    "Ingrid",
    "Björn",
    "Märta",
    "Örjan",
    "Maryam",
    "Reza",
    "Zahra",
    "Ali",
    "Fatemeh",
    "Hossein",
    "Anna",
    "Tomáš",
    "Lukáš",
    "Dóra",
];
const LAST: [&str; 30] = [
    "Nováková",
    "Horváth",
    "Kováč",
    "Čičová",
    "Ďurica",
    "Šťastný",
    "Kovács",
    "Szabó",
    "Tóth",
    "Nagy",
    "Fekete",
    "Lindqvist",
    "Nilsson",
    "Åberg",
    "Söderström",
    "Ekström",
    "Rahimi",
    "Ahmadi",
    "Hosseini",
    "Karimi",
    "Moradi",
    "Jafari",
    "Hudec",
    "Polák",
    "Mészáros",
    "Varga",
    "Bergström",
    "Lindström",
    "Farahani",
    "Sadeghi",
];
const SUBJECTS: [&str; 8] = [
    "Change of permanent address",
    "Waste fee for the household",
    "Building notice: garden shed",
    "Registration as a job seeker",
    "Child benefit",
    "Property tax return",
    "Identity card renewal",
    "Certificate for a pension claim abroad",
];
const CHANNELS: [&str; 6] = ["walk_in", "walk_in", "walk_in", "phone", "email", "post"];

struct Service {
    id: String,
    deadline_days: i64,
    fee_minor: i64,
    required_documents: String,
}

/// One status event to write.
struct Step {
    to: &'static str,
    from: &'static str,
}

impl Workstation {
    /// Writes the generated history of `spec` (see the module's documentation).
    pub async fn generate_history(&self, spec: &HistorySpec) -> Result<GeneratedHistory> {
        let office = self.office().await?;
        let mut conn = self.store.writer.acquire().await?;
        let services: Vec<(String, i64, i64, String)> = sqlx::query_as(
            "SELECT id, deadline_days, fee_minor, required_documents FROM service WHERE active = 1 ORDER BY code",
        )
        .fetch_all(&mut *conn)
        .await?;
        let services: Vec<Service> = services
            .into_iter()
            .map(
                |(id, deadline_days, fee_minor, required_documents)| Service {
                    id,
                    deadline_days,
                    fee_minor,
                    required_documents,
                },
            )
            .collect();
        let staff: Vec<String> = sqlx::query_scalar(
            "SELECT id FROM staff WHERE active = 1 AND (roles LIKE '%clerk%' OR roles LIKE '%supervisor%' OR roles LIKE '%registrar%') ORDER BY username",
        )
        .fetch_all(&mut *conn)
        .await?;
        if services.is_empty() || staff.is_empty() {
            return Err(CoreError::Internal(
                "the history needs services and staff in the catalogue".into(),
            ));
        }
        let mut rng = StdRng::seed_from_u64(spec.seed);
        let now_ms = spec.now.timestamp_millis();
        let mut out = GeneratedHistory::default();
        let mut day = spec.from;
        while day <= spec.to {
            let (start, _) = office.day_bounds_ms(day);
            if start > now_ms {
                break;
            }
            let mut tx = sqlx::Connection::begin(&mut *conn).await?;
            let count = if spec.weekly_pattern {
                let weekday = match day.weekday() {
                    chrono::Weekday::Sun => 0.0,
                    chrono::Weekday::Sat => 0.15,
                    chrono::Weekday::Fri => 0.75,
                    chrono::Weekday::Mon => 1.2,
                    _ => 1.0,
                };
                (f64::from(spec.cases_per_day) * weekday * rng.gen_range(0.75..1.25)).round() as u32
            } else {
                spec.cases_per_day
            };
            for _ in 0..count {
                // Office hours, 8:00–16:00 local.
                let at = start + rng.gen_range(8 * 3_600_000..16 * 3_600_000);
                if at > now_ms {
                    continue;
                }
                let s = &services[rng.gen_range(0..services.len())];
                let clerk = staff[rng.gen_range(0..staff.len())].clone();
                let local = office.local_date(crate::clock::from_millis(at));
                let case = NewCase {
                    service: s,
                    clerk: &clerk,
                    received_at: at,
                    year: local.year(),
                    due: due_date(local, s.deadline_days as u32),
                    currency: &office.view.currency,
                };
                let events = write_case(&mut tx, &mut rng, &case, &staff, now_ms).await?;
                out.cases += 1;
                out.events += events;
            }
            tx.commit().await?;
            day = day.succ_opt().unwrap_or(day);
            if day == NaiveDate::MAX {
                break;
            }
        }
        Ok(out)
    }
}

struct NewCase<'a> {
    service: &'a Service,
    clerk: &'a str,
    received_at: i64,
    year: i32,
    due: NaiveDate,
    currency: &'a str,
}

async fn write_case(
    tx: &mut SqliteConnection,
    rng: &mut StdRng,
    c: &NewCase<'_>,
    staff: &[String],
    now_ms: i64,
) -> Result<i64> {
    let (s, clerk, received_at, year) = (c.service, c.clerk, c.received_at, c.year);
    let number: i64 = sqlx::query_scalar(
        "INSERT INTO number_series (series, year, next_number) VALUES ('case', ?, 2)
         ON CONFLICT (series, year) DO UPDATE SET next_number = next_number + 1
         RETURNING next_number - 1",
    )
    .bind(year)
    .fetch_one(&mut *tx)
    .await?;
    let case_id = ids::new_id().to_string();
    sqlx::query(
        "INSERT INTO number_use (series, year, number, owner_kind, owner_id, used_at) VALUES ('case', ?, ?, 'case', ?, ?)",
    )
    .bind(year)
    .bind(number)
    .bind(&case_id)
    .bind(received_at)
    .execute(&mut *tx)
    .await?;
    let party_id = ids::new_id().to_string();
    let name = format!(
        "{} {}",
        FIRST[rng.gen_range(0..FIRST.len())],
        LAST[rng.gen_range(0..LAST.len())]
    );
    sqlx::query("INSERT INTO party (id, name, created_at) VALUES (?, ?, ?)")
        .bind(&party_id)
        .bind(&name)
        .bind(received_at)
        .execute(&mut *tx)
        .await?;

    // The path through the status machine.
    let u = rng.gen_range(0..100);
    use self::Step as S;
    // Every case reaches a decision in the end (some after weeks); one in a hundred is a
    // stale case that stops wherever it is, as real backlogs have.
    let mut path: Vec<Step> = match u {
        0..=14 => vec![
            S {
                from: "received",
                to: "in_progress",
            },
            S {
                from: "in_progress",
                to: "resolved",
            },
        ],
        15..=21 => vec![
            S {
                from: "received",
                to: "in_progress",
            },
            S {
                from: "in_progress",
                to: "waiting_for_citizen",
            },
            S {
                from: "waiting_for_citizen",
                to: "in_progress",
            },
            S {
                from: "in_progress",
                to: "resolved",
            },
        ],
        22..=26 => vec![
            S {
                from: "received",
                to: "forwarded_to_agency",
            },
            S {
                from: "forwarded_to_agency",
                to: "in_progress",
            },
            S {
                from: "in_progress",
                to: "resolved",
            },
        ],
        27..=30 => vec![S {
            from: "received",
            to: "rejected",
        }],
        31..=34 => vec![
            S {
                from: "received",
                to: "in_progress",
            },
            S {
                from: "in_progress",
                to: "rejected",
            },
        ],
        35..=42 => vec![
            S {
                from: "received",
                to: "in_progress",
            },
            S {
                from: "in_progress",
                to: "resolved",
            },
            S {
                from: "resolved",
                to: "in_progress",
            },
            S {
                from: "in_progress",
                to: "resolved",
            },
        ],
        43..=49 => vec![
            S {
                from: "received",
                to: "in_progress",
            },
            S {
                from: "in_progress",
                to: "waiting_for_citizen",
            },
            S {
                from: "waiting_for_citizen",
                to: "rejected",
            },
        ],
        _ => {
            let mut v = vec![
                S {
                    from: "received",
                    to: "in_progress",
                },
                S {
                    from: "in_progress",
                    to: "resolved",
                },
            ];
            if rng.gen_bool(0.5) {
                v.push(S {
                    from: "resolved",
                    to: "closed",
                });
            }
            v
        }
    };
    if rng.gen_bool(0.01) {
        let keep = rng.gen_range(0..path.len());
        path.truncate(keep);
    }

    // Events, each a while after the one before; nothing after `now`.
    struct Ev {
        kind: &'static str,
        from: Option<&'static str>,
        to: Option<&'static str>,
        note: Option<&'static str>,
        assignee: Option<String>,
        at: i64,
    }
    let mut events = vec![Ev {
        kind: "registered",
        from: None,
        to: Some("received"),
        note: None,
        assignee: Some(clerk.to_string()),
        at: received_at,
    }];
    let mut at = received_at;
    let mut assignee = Some(clerk.to_string());
    let delay = |rng: &mut StdRng, from: &str| -> i64 {
        // Mostly minutes to hours, sometimes days; waiting for the citizen or another agency
        // takes days to weeks.
        if matches!(from, "waiting_for_citizen" | "forwarded_to_agency") {
            return rng.gen_range(24 * 60..21 * 24 * 60) * 60_000;
        }
        let minutes = if rng.gen_bool(0.7) {
            rng.gen_range(5..8 * 60)
        } else {
            rng.gen_range(8 * 60..6 * 24 * 60)
        };
        minutes * 60_000
    };
    if u <= 3 {
        // Handed back to the pool: still "received", nobody has it.
        at += rng.gen_range(1..30) * 60_000;
        if at <= now_ms {
            assignee = None;
            events.push(Ev {
                kind: "reassigned",
                from: None,
                to: None,
                note: None,
                assignee: None,
                at,
            });
        }
    } else if rng.gen_bool(0.6) {
        at += rng.gen_range(1..90) * 60_000;
        let to = staff[rng.gen_range(0..staff.len())].clone();
        if at <= now_ms && Some(&to) != assignee.as_ref() {
            assignee = Some(to.clone());
            events.push(Ev {
                kind: "reassigned",
                from: None,
                to: None,
                note: None,
                assignee: Some(to),
                at,
            });
        }
    }
    if rng.gen_bool(0.5) && received_at + 120_000 <= now_ms {
        events.push(Ev {
            kind: "receipt_printed",
            from: None,
            to: None,
            note: None,
            assignee: None,
            at: received_at + 120_000,
        });
    }
    let mut status = "received";
    for (i, step) in path.iter().enumerate() {
        at += delay(rng, step.from);
        if at > now_ms {
            break;
        }
        if i == 0 && rng.gen_bool(0.7) && at + 60_000 <= now_ms {
            events.push(Ev {
                kind: "note_added",
                from: None,
                to: None,
                note: Some("Called the citizen about the missing document."),
                assignee: None,
                at,
            });
            at += 60_000;
        }
        debug_assert_eq!(step.from, status);
        events.push(Ev {
            kind: "status_changed",
            from: Some(step.from),
            to: Some(step.to),
            note: None,
            assignee: None,
            at,
        });
        status = step.to;
    }
    let is_open = !matches!(status, "resolved" | "closed" | "rejected");
    let due = c.due.format("%Y-%m-%d").to_string();
    let channel = CHANNELS[rng.gen_range(0..CHANNELS.len())];
    let updated_at = events.last().map_or(received_at, |e| e.at);
    sqlx::query(
        "INSERT INTO case_file (id, number, party_id, party_name, service_id, channel, subject, description,
            priority, private_conversation, status, is_open, assignee_id, documents_presented, required_documents,
            fee_minor, currency, received_at, due_date, created_by, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, '', 'normal', 0, ?, ?, ?, '[]', ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(&case_id)
    .bind(Series::Case.format(year, number))
    .bind(&party_id)
    .bind(&name)
    .bind(&s.id)
    .bind(channel)
    .bind(SUBJECTS[rng.gen_range(0..SUBJECTS.len())])
    .bind(status)
    .bind(is_open as i64)
    .bind(&assignee)
    .bind(&s.required_documents)
    .bind(s.fee_minor)
    .bind(c.currency)
    .bind(received_at)
    .bind(due)
    .bind(clerk)
    .bind(updated_at)
    .execute(&mut *tx)
    .await?;
    let n = events.len() as i64;
    for e in events {
        let actor = match e.kind {
            "registered" => clerk.to_string(),
            _ => staff[rng.gen_range(0..staff.len())].clone(),
        };
        sqlx::query(
            "INSERT INTO case_event (id, case_id, kind, from_status, to_status, note, assignee_id, actor_id, at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(ids::new_id().to_string())
        .bind(&case_id)
        .bind(e.kind)
        .bind(e.from)
        .bind(e.to)
        .bind(e.note)
        .bind(e.assignee)
        .bind(actor)
        .bind(e.at)
        .execute(&mut *tx)
        .await?;
    }
    Ok(n)
}
