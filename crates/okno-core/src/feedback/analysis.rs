//! The analysis of a period — by default the half-year of the office's calendar (Persian
//! half-years for a Persian office): counts by kind, channel, subject, service, agency, desk and
//! state; answer times against the deadline; root causes; suggestions adopted; and ratings
//! against the visit's waiting and service times. Read from the working copy in two passes
//! (items, ratings with their tickets) and counted by [`compute_report`], a pure function the
//! tests hold against an independent count.

use std::collections::{BTreeMap, HashMap};

use chrono::{Datelike, NaiveDate};
use okno_rules::calendar::to_persian;
use okno_rules::feedback::{half_year, HalfYear};
use okno_wire::{
    AnswerTimes, Calendar, FeedbackCount, FeedbackReport, FeedbackReportRequest, FeedbackState,
    LocalizedText, Permission, RatingBand, RatingFigures, RatingGroup,
};

use super::surveys::pick;
use crate::auth::Actor;
use crate::catalogue::json_names;
use crate::clock::from_millis;
use crate::error::{CoreError, Result};
use crate::review::nearest_rank;
use crate::Workstation;

/// One item as the analysis counts it (dates are the office's days).
#[derive(Debug, Clone)]
pub struct ItemFact {
    pub kind: String,
    pub channel: String,
    pub about: String,
    pub state: String,
    pub service: Option<String>,
    pub agency: Option<String>,
    pub desk: Option<String>,
    pub received: NaiveDate,
    pub due: Option<NaiveDate>,
    /// The day it was answered (or rejected), and the days it took.
    pub answered: Option<NaiveDate>,
    pub answer_days: Option<f64>,
    pub root_cause: Option<String>,
    pub adopted: Option<bool>,
}

/// One rating with its visit's times (minutes) and who and what it was about.
#[derive(Debug, Clone)]
pub struct RatingFact {
    pub score: u8,
    pub reasons: Vec<String>,
    pub wait_minutes: Option<f64>,
    pub service_minutes: Option<f64>,
    pub desk: Option<String>,
    pub category: Option<String>,
    /// (id, name) of who served the visit.
    pub staff: Option<(String, String)>,
}

/// What [`compute_report`] counts.
pub struct ReportInput {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub label: String,
    pub calendar: Calendar,
    pub today: NaiveDate,
    pub items: Vec<ItemFact>,
    pub ratings: Vec<RatingFact>,
    /// Visits of the period that ended (served).
    pub visits: u32,
    /// Names of services, agencies, queue categories and root causes, by code, in the reader's
    /// language.
    pub names: HashMap<(&'static str, String), String>,
    /// For the public: no per-person figures, no desk's figure under the minimum of ratings, no
    /// desks that items name (free text a citizen typed).
    pub public: bool,
    /// A person's (and, in public, a desk's) figure only over this many ratings.
    pub min_per_person: u32,
}

/// The bands of waiting time, and of service time (minutes; the last is open).
pub const WAIT_BANDS: [u32; 6] = [0, 5, 10, 20, 30, 60];
pub const SERVICE_BANDS: [u32; 5] = [0, 5, 10, 20, 30];

fn counts(
    it: impl Iterator<Item = String>,
    label: impl Fn(&str) -> String,
    order_by_count: bool,
) -> Vec<FeedbackCount> {
    let mut m: BTreeMap<String, u32> = BTreeMap::new();
    for k in it {
        *m.entry(k).or_default() += 1;
    }
    let mut v: Vec<FeedbackCount> = m
        .into_iter()
        .map(|(key, count)| FeedbackCount {
            label: label(&key),
            key,
            count,
        })
        .collect();
    if order_by_count {
        v.sort_by(|a, b| b.count.cmp(&a.count).then(a.key.cmp(&b.key)));
    }
    v
}

fn mean(v: &[f64]) -> Option<f64> {
    (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64)
}

fn percentile(v: &mut [f64], p: usize) -> Option<f64> {
    v.sort_by(f64::total_cmp);
    let ranks: Vec<i64> = (0..v.len() as i64).collect();
    nearest_rank(&ranks, p).and_then(|r| v.get(usize::try_from(r).ok()?).copied())
}

fn bands(
    ratings: &[RatingFact],
    edges: &[u32],
    of: impl Fn(&RatingFact) -> Option<f64>,
) -> Vec<RatingBand> {
    edges
        .iter()
        .enumerate()
        .map(|(i, &lo)| {
            let hi = edges.get(i + 1).copied();
            let scores: Vec<f64> = ratings
                .iter()
                .filter(|r| {
                    of(r).is_some_and(|m| m >= f64::from(lo) && hi.is_none_or(|h| m < f64::from(h)))
                })
                .map(|r| f64::from(r.score))
                .collect();
            RatingBand {
                key: match hi {
                    Some(h) => format!("{lo}-{h}"),
                    None => format!("{lo}-"),
                },
                from_minutes: lo,
                to_minutes: hi,
                ratings: scores.len() as u32,
                mean: mean(&scores),
            }
        })
        .collect()
}

fn groups(
    ratings: &[RatingFact],
    key: impl Fn(&RatingFact) -> Option<(String, String)>,
    minimum: u32,
) -> Vec<RatingGroup> {
    let mut m: BTreeMap<String, (String, Vec<f64>)> = BTreeMap::new();
    for r in ratings {
        if let Some((k, label)) = key(r) {
            m.entry(k)
                .or_insert_with(|| (label, Vec::new()))
                .1
                .push(f64::from(r.score));
        }
    }
    m.into_iter()
        .filter(|(_, (_, s))| s.len() as u32 >= minimum)
        .map(|(k, (label, s))| RatingGroup {
            key: k,
            label,
            ratings: s.len() as u32,
            mean: mean(&s),
        })
        .collect()
}

/// The month of the office's calendar a day falls in, as `YYYY-MM`.
fn month_key(d: NaiveDate, calendar: Calendar) -> String {
    match calendar {
        Calendar::Gregorian => format!("{:04}-{:02}", d.year(), d.month()),
        Calendar::Persian => {
            let (y, m, _) = to_persian(d);
            format!("{y:04}-{m:02}")
        }
    }
}

/// Counts a period's items and ratings.
pub fn compute_report(input: ReportInput) -> FeedbackReport {
    let name = |kind: &'static str, key: &str| {
        input
            .names
            .get(&(kind, key.to_string()))
            .cloned()
            .unwrap_or_else(|| key.to_string())
    };
    let items = &input.items;
    let same = |k: &str| k.to_string();
    let mut answer_days: Vec<f64> = Vec::new();
    let mut t = AnswerTimes {
        answered: 0,
        on_time: 0,
        late: 0,
        open: 0,
        open_overdue: 0,
        median_days: None,
        p90_days: None,
    };
    for i in items {
        let open = FeedbackState::from_code(&i.state).is_some_and(FeedbackState::is_open);
        if open {
            t.open += 1;
            if i.due.is_some_and(|d| d < input.today) {
                t.open_overdue += 1;
            }
        }
        if let (Some(day), Some(due)) = (i.answered, i.due) {
            t.answered += 1;
            if day <= due {
                t.on_time += 1;
            } else {
                t.late += 1;
            }
        }
        if let Some(d) = i.answer_days {
            answer_days.push(d);
        }
    }
    t.median_days = percentile(&mut answer_days, 50);
    t.p90_days = percentile(&mut answer_days, 90);
    let r = &input.ratings;
    let scores: Vec<f64> = r.iter().map(|x| f64::from(x.score)).collect();
    let mut distribution = vec![0u32; 5];
    for x in r {
        if (1..=5).contains(&x.score) {
            distribution[usize::from(x.score - 1)] += 1;
        }
    }
    let mut waits: Vec<f64> = r.iter().filter_map(|x| x.wait_minutes).collect();
    let ratings = RatingFigures {
        ratings: r.len() as u32,
        visits: input.visits,
        mean: mean(&scores),
        distribution,
        by_wait: bands(r, &WAIT_BANDS, |x| x.wait_minutes),
        by_service_time: bands(r, &SERVICE_BANDS, |x| x.service_minutes),
        by_desk: groups(
            r,
            |x| x.desk.clone().map(|d| (d.clone(), d)),
            if input.public {
                input.min_per_person.max(1)
            } else {
                1
            },
        ),
        by_service: groups(
            r,
            |x| {
                x.category
                    .clone()
                    .map(|c| (c.clone(), name("category", &c)))
            },
            1,
        ),
        by_staff: if input.public {
            Vec::new()
        } else {
            groups(r, |x| x.staff.clone(), input.min_per_person.max(1))
        },
        reasons: counts(r.iter().flat_map(|x| x.reasons.clone()), same, true),
        median_wait_minutes: percentile(&mut waits, 50),
    };
    FeedbackReport {
        from: input.from,
        to: input.to,
        label: input.label.clone(),
        calendar: input.calendar,
        total: items.len() as u32,
        by_kind: counts(items.iter().map(|i| i.kind.clone()), same, true),
        by_channel: counts(items.iter().map(|i| i.channel.clone()), same, true),
        by_about: counts(items.iter().map(|i| i.about.clone()), same, true),
        by_service: counts(
            items.iter().filter_map(|i| i.service.clone()),
            |k| name("service", k),
            true,
        ),
        by_agency: counts(
            items.iter().filter_map(|i| i.agency.clone()),
            |k| name("agency", k),
            true,
        ),
        by_desk: if input.public {
            Vec::new()
        } else {
            counts(items.iter().filter_map(|i| i.desk.clone()), same, true)
        },
        by_state: counts(items.iter().map(|i| i.state.clone()), same, true),
        root_causes: counts(
            items.iter().filter_map(|i| i.root_cause.clone()),
            |k| name("root_cause", k),
            true,
        ),
        answer_times: t,
        suggestions: items
            .iter()
            .filter(|i| i.kind == "suggestion" || i.kind == "idea")
            .count() as u32,
        adopted: items.iter().filter(|i| i.adopted == Some(true)).count() as u32,
        ratings,
        by_month: counts(
            items.iter().map(|i| month_key(i.received, input.calendar)),
            same,
            false,
        ),
    }
}

/// An item's row as read: one JSON array per row (far cheaper to read than as many columns).
type ItemRow = (
    String,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    i64,
    Option<String>,
    Option<i64>,
    Option<i64>,
    Option<String>,
    Option<i64>,
);

/// A rating's row as read, likewise: score, reasons, desk, staff id and name, queue category,
/// taken, first call, served, finished.
type RatingRow = (
    i64,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<i64>,
    Option<i64>,
    Option<i64>,
    Option<i64>,
);

/// The office's day of an instant, remembered per quarter of an hour (every time zone's offset
/// is a whole number of quarters, so the day never changes within one).
struct Days<'a> {
    office: &'a crate::office::Office,
    seen: HashMap<i64, NaiveDate>,
}

impl Days<'_> {
    fn of(&mut self, ms: i64) -> NaiveDate {
        let q = ms.div_euclid(900_000);
        let office = self.office;
        *self
            .seen
            .entry(q)
            .or_insert_with(|| office.local_date(from_millis(q * 900_000)))
    }
}

async fn json_rows<T: serde::de::DeserializeOwned>(
    pool: &sqlx::SqlitePool,
    sql: &str,
    start: i64,
    end: i64,
) -> Result<Vec<T>> {
    let texts: Vec<String> = sqlx::query_scalar(sql)
        .bind(start)
        .bind(end)
        .fetch_all(pool)
        .await?;
    texts
        .iter()
        .map(|t| serde_json::from_str(t).map_err(|e| CoreError::Internal(e.to_string())))
        .collect()
}

impl Workstation {
    /// The half-year of the office's calendar that `day` falls in.
    pub async fn half_year_of(&self, day: NaiveDate) -> Result<HalfYear> {
        let office = self.office().await?;
        half_year(day, office.view.calendar)
            .ok_or_else(|| CoreError::Internal(format!("no half-year for {day}")))
    }

    /// The analysis of a period (default: the current half-year of the office's calendar), for
    /// supervisors. `public` leaves out every figure about a named member of staff.
    pub async fn feedback_report(
        &self,
        actor: &Actor,
        req: FeedbackReportRequest,
    ) -> Result<FeedbackReport> {
        actor.require(Permission::SuperviseFeedback)?;
        let (from, to, label) = self.report_period(req.from, req.to).await?;
        self.report(actor.locale.code(), from, to, label, false)
            .await
    }

    pub(crate) async fn report_period(
        &self,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
    ) -> Result<(NaiveDate, NaiveDate, String)> {
        let office = self.office().await?;
        let today = office.local_date(self.clock.now());
        Ok(match (from, to) {
            (Some(f), Some(t)) => {
                if t < f {
                    return Err(CoreError::field(
                        "to",
                        okno_wire::FieldErrorCode::InvalidDate,
                    ));
                }
                let h = half_year(f, office.view.calendar);
                let label = match h {
                    Some(h) if h.from == f && h.to == t => h.label(),
                    _ => format!("{f} – {t}"),
                };
                (f, t, label)
            }
            _ => {
                let h = self.half_year_of(today).await?;
                (h.from, h.to, h.label())
            }
        })
    }

    /// Reads and counts a period: `public` leaves staff figures out; names are in `lc`.
    pub(crate) async fn report(
        &self,
        lc: &str,
        from: NaiveDate,
        to: NaiveDate,
        label: String,
        public: bool,
    ) -> Result<FeedbackReport> {
        let office = self.office().await?;
        let settings = self.feedback_settings_now().await?;
        let (start, _) = office.day_bounds_ms(from);
        let (_, end) = office.day_bounds_ms(to);
        let mut days = Days {
            office: &office,
            seen: HashMap::new(),
        };
        let rows: Vec<ItemRow> = json_rows(
            &self.store.reader,
            "SELECT json_array(f.kind, f.channel, f.about, f.state, f.service_code, f.agency_code,
                    f.desk, f.received_at, f.due_date, f.answered_at,
                    CASE WHEN f.state = 'rejected' THEN f.closed_at END, f.root_cause, f.adopted)
               FROM feedback_item f WHERE f.received_at >= ? AND f.received_at < ?",
            start,
            end,
        )
        .await?;
        let items = rows
            .into_iter()
            .map(
                |(
                    kind,
                    channel,
                    about,
                    state,
                    service,
                    agency,
                    desk,
                    received,
                    due,
                    answered,
                    rejected,
                    root_cause,
                    adopted,
                )| {
                    let done = answered.or(rejected);
                    ItemFact {
                        received: days.of(received),
                        due: due.as_deref().and_then(|d| d.parse().ok()),
                        answered: done.map(|d| days.of(d)),
                        answer_days: done.map(|a| (a - received).max(0) as f64 / 86_400_000.0),
                        kind,
                        channel,
                        about,
                        state,
                        service,
                        agency,
                        desk,
                        root_cause,
                        adopted: adopted.map(|a| a != 0),
                    }
                },
            )
            .collect();
        // A visit has one ticket (a transfer keeps it), so its first call is the ticket's.
        let rrows: Vec<RatingRow> = json_rows(
            &self.store.reader,
            "SELECT json_array(r.score, r.reasons, r.desk, r.staff_id, s.display_name, t.category,
                    t.taken_at,
                    (SELECT MIN(e.at) FROM visit_event e WHERE e.ticket_id = t.id AND e.kind = 'called'),
                    t.served_at, t.finished_at)
               FROM rating r
               LEFT JOIN staff s ON s.id = r.staff_id
               LEFT JOIN ticket t ON t.visit_id = r.visit_id
              WHERE r.at >= ? AND r.at < ?",
            start,
            end,
        )
        .await?;
        let minutes = |a: Option<i64>, b: Option<i64>| Some((b? - a?).max(0) as f64 / 60_000.0);
        let ratings = rrows
            .into_iter()
            .map(
                |(
                    score,
                    reasons,
                    desk,
                    staff_id,
                    staff_name,
                    category,
                    taken,
                    first_call,
                    served,
                    finished,
                )| RatingFact {
                    score: u8::try_from(score).unwrap_or(0),
                    reasons: serde_json::from_str(&reasons).unwrap_or_default(),
                    wait_minutes: minutes(taken, first_call),
                    service_minutes: minutes(served, finished),
                    desk,
                    category,
                    staff: match (staff_id, staff_name) {
                        (Some(i), Some(n)) => Some((i, n)),
                        _ => None,
                    },
                },
            )
            .collect();
        // Served tickets of the period's days (one per visit), counted in the day index alone.
        let visits: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM ticket WHERE day >= ? AND day <= ? AND state = 'done'",
        )
        .bind(from.format("%Y-%m-%d").to_string())
        .bind(to.format("%Y-%m-%d").to_string())
        .fetch_one(&self.store.reader)
        .await?;
        let mut names: HashMap<(&'static str, String), String> = HashMap::new();
        for (table, kind) in [
            ("service", "service"),
            ("agency", "agency"),
            ("queue_category", "category"),
        ] {
            let rows: Vec<(String, String)> =
                sqlx::query_as(&format!("SELECT code, names FROM {table}"))
                    .fetch_all(&self.store.reader)
                    .await?;
            for (code, n) in rows {
                let n: LocalizedText = json_names(&n);
                names.insert((kind, code), pick(&n, lc));
            }
        }
        for r in &settings.root_causes {
            names.insert(("root_cause", r.code.clone()), pick(&r.names, lc));
        }
        Ok(compute_report(ReportInput {
            from,
            to,
            label,
            calendar: office.view.calendar,
            today: office.local_date(self.clock.now()),
            items,
            ratings,
            visits: u32::try_from(visits).unwrap_or(0),
            names,
            public,
            min_per_person: settings.min_ratings_per_person,
        }))
    }
}
