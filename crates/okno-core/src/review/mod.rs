//! The supervisor's day (docs/day-review.md): the review of any day or period, computed from
//! the working copy alone so it works on a laptop with no network; the open work that needs a
//! decision; the settlement of sync conflicts; and the day close with its checklist and
//! sign-off.
//!
//! The figures follow one definition everywhere (the review, its drill-down, the day report
//! and the sign-off), stated on [`okno_wire::CaseFigures`]. Which cases were open at the end of
//! a period is answered from `case_status_span`, the cases' status history as spans of time,
//! through an R*Tree (migration 0005), so a day a year back costs what today costs.

pub mod cash;
pub mod close;
pub mod conflicts;
pub mod generate;
pub mod periods;
pub mod queue;
pub mod work;

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::NaiveDate;
use okno_wire::{
    CaseFigures, CaseList, CertificationFigures, ConflictDecision, ConflictSettlement, DayReview,
    DrillRequest, FieldErrorCode, FilingFigures, Locale, LocalizedText, Permission, ReviewDay,
    ReviewDimension, ReviewGroup, ReviewMeasure, ReviewPeriods, ReviewRequest, VoidedNumbers,
};
use sqlx::SqliteConnection;

use crate::auth::Actor;
use crate::cases::status;
use crate::catalogue::json_names;
use crate::clock::from_millis;
use crate::documents::day_report;
use crate::error::{CoreError, Result};
use crate::numbering::Series;
use crate::office::Office;
use crate::{ids, Workstation};

/// The two forms of the day report (a request of the document list names one).
pub use okno_wire::ReportFormat;

/// The longest period one review covers.
pub const MAX_PERIOD_DAYS: i64 = 400;

/// One case as a figure counts it: what it is grouped by, and the instant that placed it in
/// the period. Catalogue and staff references are rowids, resolved to ids and names once.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fact {
    pub case: i64,
    pub service: i64,
    pub agency: i64,
    pub channel: u8,
    /// Who registered it (received), who resolved or rejected it (outcomes), or who has it
    /// (open; 0 for nobody).
    pub clerk: i64,
    pub at: i64,
    pub received_at: i64,
    /// Open facts: overdue at the end of the period. Outcome facts: resolved (not rejected).
    pub flag: bool,
}

const CHANNELS: [&str; 4] = ["walk_in", "phone", "email", "post"];

/// The period's facts: cases received, outcomes (the last resolution and the last rejection
/// of each case in the period), and cases open at its end.
pub(crate) struct Facts {
    pub received: Vec<Fact>,
    /// Every resolution or rejection event of the period, as recorded.
    pub outcome_events: Vec<Fact>,
    pub open: Vec<Fact>,
}

impl Facts {
    /// One outcome per case and kind: the latest in the period.
    pub fn outcomes(&self) -> Vec<Fact> {
        let mut last: HashMap<(i64, bool), Fact> = HashMap::new();
        for f in &self.outcome_events {
            let slot = last.entry((f.case, f.flag)).or_insert(*f);
            if f.at > slot.at {
                *slot = *f;
            }
        }
        let mut v: Vec<Fact> = last.into_values().collect();
        v.sort_by_key(|f| (f.at, f.case));
        v
    }
}

/// The instant whose state "the end of the period" means: the last millisecond of its last day.
fn end_instant(end_ms: i64) -> i64 {
    end_ms - 1
}

/// Runs `sql`, which selects one `group_concat` of rows of integers (`a,b,c;a,b,c;…`), and
/// parses it. A review reads tens of thousands of rows: packed into one text they cross from
/// SQLite in one step instead of one per row, which is otherwise most of the cost.
async fn packed<const N: usize>(
    conn: &mut SqliteConnection,
    sql: &str,
    binds: &[Bind<'_>],
) -> Result<Vec<[i64; N]>> {
    let mut q = sqlx::query_scalar::<_, Option<String>>(sql);
    for b in binds {
        q = match b {
            Bind::Int(v) => q.bind(*v),
            Bind::Real(v) => q.bind(*v),
            Bind::Text(v) => q.bind(*v),
        };
    }
    let text = q.fetch_one(&mut *conn).await?.unwrap_or_default();
    let mut out = Vec::new();
    for row in text.split(';').filter(|r| !r.is_empty()) {
        let mut v = [0i64; N];
        let mut parts = row.split(',');
        for slot in v.iter_mut() {
            *slot = parts
                .next()
                .and_then(|p| p.parse().ok())
                .ok_or_else(|| CoreError::Internal(format!("packed row {row:?}")))?;
        }
        out.push(v);
    }
    Ok(out)
}

enum Bind<'a> {
    Int(i64),
    Real(f64),
    Text(&'a str),
}

/// The channel as its index in [`CHANNELS`], in SQL.
const CHANNEL_INDEX: &str =
    "(CASE c.channel WHEN 'phone' THEN 1 WHEN 'email' THEN 2 WHEN 'post' THEN 3 ELSE 0 END)";

pub(crate) async fn load_facts(
    conn: &mut SqliteConnection,
    start_ms: i64,
    end_ms: i64,
    last_day: NaiveDate,
) -> Result<Facts> {
    let received: Vec<[i64; 6]> = packed(
        &mut *conn,
        &format!(
            "SELECT group_concat(c.rowid || ',' || s.rowid || ',' || a.rowid || ',' || {CHANNEL_INDEX}
                    || ',' || COALESCE(st.rowid, 0) || ',' || c.received_at, ';')
               FROM case_file c
               JOIN service s ON s.id = c.service_id
               JOIN agency a ON a.id = s.agency_id
               LEFT JOIN staff st ON st.id = c.created_by
              WHERE c.received_at >= ? AND c.received_at < ?"
        ),
        &[Bind::Int(start_ms), Bind::Int(end_ms)],
    )
    .await?;
    let received = received
        .into_iter()
        .map(|[case, service, agency, channel, clerk, at]| Fact {
            case,
            service,
            agency,
            channel: channel as u8,
            clerk,
            at,
            received_at: at,
            flag: false,
        })
        .collect();

    let outcomes: Vec<[i64; 8]> = packed(
        &mut *conn,
        &format!(
            "SELECT group_concat(c.rowid || ',' || s.rowid || ',' || a.rowid || ',' || {CHANNEL_INDEX}
                    || ',' || COALESCE(st.rowid, 0) || ',' || e.at || ',' || c.received_at
                    || ',' || (e.to_status = 'resolved'), ';')
               FROM case_event e
               JOIN case_file c ON c.id = e.case_id
               JOIN service s ON s.id = c.service_id
               JOIN agency a ON a.id = s.agency_id
               LEFT JOIN staff st ON st.id = e.actor_id
              WHERE e.to_status IN ('resolved', 'rejected') AND e.at >= ? AND e.at < ?"
        ),
        &[Bind::Int(start_ms), Bind::Int(end_ms)],
    )
    .await?;
    let outcome_events = outcomes
        .into_iter()
        .map(
            |[case, service, agency, channel, clerk, at, received_at, resolved]| Fact {
                case,
                service,
                agency,
                channel: channel as u8,
                clerk,
                at,
                received_at,
                flag: resolved != 0,
            },
        )
        .collect();

    let t = end_instant(end_ms);
    let last = last_day.format("%Y-%m-%d").to_string();
    let open: Vec<[i64; 7]> = packed(
        &mut *conn,
        &format!(
            "SELECT group_concat(c.rowid || ',' || s.rowid || ',' || a.rowid || ',' || {CHANNEL_INDEX}
                    || ',' || COALESCE(st.rowid, 0) || ',' || c.received_at
                    || ',' || (c.due_date < ?), ';')
               FROM case_open_span r
               JOIN case_file c ON c.id = r.case_id
               JOIN service s ON s.id = c.service_id
               JOIN agency a ON a.id = s.agency_id
               LEFT JOIN staff st ON st.id = c.assignee_id
              WHERE r.lo <= ? AND r.hi >= ? AND r.since <= ? AND (r.until IS NULL OR r.until > ?)"
        ),
        &[
            Bind::Text(&last),
            Bind::Real(t as f64),
            Bind::Real(t as f64),
            Bind::Int(t),
            Bind::Int(t),
        ],
    )
    .await?;
    let open = open
        .into_iter()
        .map(
            |[case, service, agency, channel, clerk, received_at, overdue]| Fact {
                case,
                service,
                agency,
                channel: channel as u8,
                clerk,
                at: received_at,
                received_at,
                flag: overdue != 0,
            },
        )
        .collect();
    Ok(Facts {
        received,
        outcome_events,
        open,
    })
}

/// How many cases were open at the end of each day ending at `ends` (ascending): one read of
/// the open spans that touch those instants, then a count per day.
async fn open_counts_at(conn: &mut SqliteConnection, ends: &[i64]) -> Result<Vec<i64>> {
    let (Some(first), Some(last)) = (ends.first(), ends.last()) else {
        return Ok(Vec::new());
    };
    let (lo, hi) = (end_instant(*first), end_instant(*last));
    // until = -1 for a span still running.
    let spans: Vec<[i64; 2]> = packed(
        &mut *conn,
        "SELECT group_concat(r.since || ',' || COALESCE(r.until, -1), ';')
           FROM case_open_span r
          WHERE r.lo <= ? AND r.hi >= ? AND r.since <= ? AND (r.until IS NULL OR r.until > ?)",
        &[
            Bind::Real(hi as f64),
            Bind::Real(lo as f64),
            Bind::Int(hi),
            Bind::Int(lo),
        ],
    )
    .await?;
    let mut since: Vec<i64> = spans.iter().map(|s| s[0]).collect();
    let mut until: Vec<i64> = spans.iter().map(|s| s[1]).filter(|u| *u >= 0).collect();
    since.sort_unstable();
    until.sort_unstable();
    // Open at t: begun at or before t, and not ended at or before t.
    Ok(ends
        .iter()
        .map(|e| {
            let t = end_instant(*e);
            since.partition_point(|s| *s <= t) as i64 - until.partition_point(|u| *u <= t) as i64
        })
        .collect())
}

/// The nearest-rank percentile `p` (in percent) of sorted values.
pub fn nearest_rank(sorted: &[i64], p: usize) -> Option<i64> {
    if sorted.is_empty() {
        return None;
    }
    let rank = (p * sorted.len()).div_ceil(100).max(1);
    sorted.get(rank - 1).copied()
}

/// The figures of a set of facts (see [`CaseFigures`]).
pub(crate) fn figures(received: &[&Fact], outcomes: &[&Fact], open: &[&Fact]) -> CaseFigures {
    let mut durations: Vec<i64> = outcomes
        .iter()
        .filter(|f| f.flag)
        .map(|f| (f.at - f.received_at).max(0))
        .collect();
    durations.sort_unstable();
    CaseFigures {
        received: received.len() as i64,
        resolved: outcomes.iter().filter(|f| f.flag).count() as i64,
        rejected: outcomes.iter().filter(|f| !f.flag).count() as i64,
        open: open.len() as i64,
        overdue: open.iter().filter(|f| f.flag).count() as i64,
        handling_median_ms: nearest_rank(&durations, 50),
        handling_p90_ms: nearest_rank(&durations, 90),
    }
}

/// The group a fact falls in along `dim`.
fn group_key(f: &Fact, dim: ReviewDimension) -> i64 {
    match dim {
        ReviewDimension::Service => f.service,
        ReviewDimension::Agency => f.agency,
        ReviewDimension::Channel => i64::from(f.channel),
        ReviewDimension::Clerk => f.clerk,
    }
}

/// Ids and names of the catalogue and staff, by rowid.
pub(crate) struct Names {
    services: HashMap<i64, (String, LocalizedText)>,
    agencies: HashMap<i64, (String, LocalizedText)>,
    staff: HashMap<i64, (String, String)>,
}

impl Names {
    pub async fn load(conn: &mut SqliteConnection) -> Result<Names> {
        let services: Vec<(i64, String, String)> =
            sqlx::query_as("SELECT rowid, id, names FROM service")
                .fetch_all(&mut *conn)
                .await?;
        let agencies: Vec<(i64, String, String)> =
            sqlx::query_as("SELECT rowid, id, names FROM agency")
                .fetch_all(&mut *conn)
                .await?;
        let staff: Vec<(i64, String, String)> =
            sqlx::query_as("SELECT rowid, id, display_name FROM staff")
                .fetch_all(&mut *conn)
                .await?;
        Ok(Names {
            services: services
                .into_iter()
                .map(|(r, id, n)| (r, (id, json_names(&n))))
                .collect(),
            agencies: agencies
                .into_iter()
                .map(|(r, id, n)| (r, (id, json_names(&n))))
                .collect(),
            staff: staff.into_iter().map(|(r, id, n)| (r, (id, n))).collect(),
        })
    }

    /// The public key of group `k` along `dim`, with its names or label.
    fn describe(&self, dim: ReviewDimension, k: i64) -> (String, LocalizedText, Option<String>) {
        match dim {
            ReviewDimension::Service => self
                .services
                .get(&k)
                .map(|(id, n)| (id.clone(), n.clone(), None))
                .unwrap_or_default(),
            ReviewDimension::Agency => self
                .agencies
                .get(&k)
                .map(|(id, n)| (id.clone(), n.clone(), None))
                .unwrap_or_default(),
            ReviewDimension::Channel => (
                CHANNELS[(k as usize).min(CHANNELS.len() - 1)].to_string(),
                LocalizedText::new(),
                None,
            ),
            ReviewDimension::Clerk => match self.staff.get(&k) {
                Some((id, name)) => (id.clone(), LocalizedText::new(), Some(name.clone())),
                None => (String::new(), LocalizedText::new(), None),
            },
        }
    }

    /// The group `key` (as [`Names::describe`] gives it) along `dim`, back to its rowid.
    fn resolve(&self, dim: ReviewDimension, key: &str) -> Option<i64> {
        match dim {
            ReviewDimension::Service => self
                .services
                .iter()
                .find(|(_, (id, _))| id == key)
                .map(|(r, _)| *r),
            ReviewDimension::Agency => self
                .agencies
                .iter()
                .find(|(_, (id, _))| id == key)
                .map(|(r, _)| *r),
            ReviewDimension::Channel => CHANNELS.iter().position(|c| *c == key).map(|i| i as i64),
            ReviewDimension::Clerk if key.is_empty() => Some(0),
            ReviewDimension::Clerk => self
                .staff
                .iter()
                .find(|(_, (id, _))| id == key)
                .map(|(r, _)| *r),
        }
    }
}

fn breakdown(
    dim: ReviewDimension,
    received: &[Fact],
    outcomes: &[Fact],
    open: &[Fact],
    names: &Names,
) -> Vec<ReviewGroup> {
    type Bucket<'a> = (Vec<&'a Fact>, Vec<&'a Fact>, Vec<&'a Fact>);
    let mut groups: BTreeMap<i64, Bucket> = BTreeMap::new();
    for f in received {
        groups.entry(group_key(f, dim)).or_default().0.push(f);
    }
    for f in outcomes {
        groups.entry(group_key(f, dim)).or_default().1.push(f);
    }
    for f in open {
        groups.entry(group_key(f, dim)).or_default().2.push(f);
    }
    let mut out: Vec<ReviewGroup> = groups
        .into_iter()
        .map(|(k, (r, o, p))| {
            let (key, names, label) = names.describe(dim, k);
            ReviewGroup {
                key,
                names,
                label,
                figures: figures(&r, &o, &p),
            }
        })
        .collect();
    out.sort_by(|a, b| {
        (b.figures.received + b.figures.open)
            .cmp(&(a.figures.received + a.figures.open))
            .then_with(|| a.key.cmp(&b.key))
    });
    out
}

/// Checks a requested period: `from` ≤ `to`, at most [`MAX_PERIOD_DAYS`] long.
pub(crate) fn check_period(from: NaiveDate, to: NaiveDate) -> Result<()> {
    if to < from {
        return Err(CoreError::field("to", FieldErrorCode::InvalidDate));
    }
    if (to - from).num_days() + 1 > MAX_PERIOD_DAYS {
        return Err(CoreError::Validation(vec![okno_wire::FieldError {
            field: "to".into(),
            code: FieldErrorCode::TooLarge,
            limit: Some(MAX_PERIOD_DAYS),
        }]));
    }
    Ok(())
}

/// `[start, end)` of the period from `from` to `to` (office days, both included).
pub(crate) fn period_bounds(office: &Office, from: NaiveDate, to: NaiveDate) -> (i64, i64) {
    (office.day_bounds_ms(from).0, office.day_bounds_ms(to).1)
}

impl Workstation {
    pub async fn review_periods(&self, actor: &Actor) -> Result<ReviewPeriods> {
        actor.require(Permission::ReviewDay)?;
        let office = self.office().await?;
        let today = office.local_date(self.clock.now());
        Ok(ReviewPeriods {
            today,
            calendar: office.view.calendar,
            time_zone: office.view.time_zone.clone(),
            options: periods::options(today, office.view.calendar),
        })
    }

    /// The review of a day or period, from the working copy alone.
    pub async fn day_review(&self, actor: &Actor, req: ReviewRequest) -> Result<DayReview> {
        actor.require(Permission::ReviewDay)?;
        check_period(req.from, req.to)?;
        let office = self.office().await?;
        // One read transaction: every figure comes from the same state of the working copy
        // (and a cancelled request rolls it back when the transaction is dropped).
        let mut tx = self.store.reader.begin().await?;
        let review = self.review_in(&mut tx, &office, req.from, req.to).await?;
        tx.rollback().await?;
        Ok(review)
    }

    pub(crate) async fn review_in(
        &self,
        conn: &mut SqliteConnection,
        office: &Office,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<DayReview> {
        let (start, end) = period_bounds(office, from, to);
        let facts = load_facts(&mut *conn, start, end, to).await?;
        let names = Names::load(&mut *conn).await?;
        let outcomes = facts.outcomes();
        let totals = figures(
            &facts.received.iter().collect::<Vec<_>>(),
            &outcomes.iter().collect::<Vec<_>>(),
            &facts.open.iter().collect::<Vec<_>>(),
        );

        // Day by day: a case resolved on two days counts on each of them.
        let day_list = periods::days(from, to);
        let starts: Vec<i64> = day_list
            .iter()
            .map(|d| office.day_bounds_ms(*d).0)
            .collect();
        let day_of = |at: i64| starts.partition_point(|s| *s <= at).saturating_sub(1);
        let mut received_by_day = vec![0i64; day_list.len()];
        for f in &facts.received {
            received_by_day[day_of(f.at)] += 1;
        }
        let mut resolved_seen: HashSet<(i64, usize)> = HashSet::new();
        let mut resolved_by_day = vec![0i64; day_list.len()];
        for f in facts.outcome_events.iter().filter(|f| f.flag) {
            let d = day_of(f.at);
            if resolved_seen.insert((f.case, d)) {
                resolved_by_day[d] += 1;
            }
        }
        // The last day's count is the period's own; the others come from one sweep.
        let ends: Vec<i64> = day_list[..day_list.len().saturating_sub(1)]
            .iter()
            .map(|d| office.day_bounds_ms(*d).1)
            .collect();
        let mut open_by_day = open_counts_at(&mut *conn, &ends).await?;
        open_by_day.push(facts.open.len() as i64);
        let days = day_list
            .iter()
            .enumerate()
            .map(|(i, d)| ReviewDay {
                day: *d,
                received: received_by_day[i],
                resolved: resolved_by_day[i],
                open: open_by_day[i],
            })
            .collect();

        let dims = |dim| breakdown(dim, &facts.received, &outcomes, &facts.open, &names);
        let certifications = certification_figures(&mut *conn, from, to, start, end).await?;
        let filings = filing_figures(&mut *conn, start, end).await?;
        let voided = voided_numbers(&mut *conn, start, end).await?;
        let conflicts_settled = settlements(&mut *conn, start, end).await?;
        let closes = close::closes_between(&mut *conn, from, to).await?;
        let queue = queue::queue_figures(&mut *conn, office, start, end, self.now_ms()).await?;
        let cash = cash::cash_figures(&mut *conn, office, start, end).await?;
        Ok(DayReview {
            from,
            to,
            calendar: office.view.calendar,
            time_zone: office.view.time_zone.clone(),
            currency: office.view.currency.clone(),
            generated_at: self.clock.now(),
            totals,
            by_service: dims(ReviewDimension::Service),
            by_agency: dims(ReviewDimension::Agency),
            by_channel: dims(ReviewDimension::Channel),
            by_clerk: dims(ReviewDimension::Clerk),
            days,
            certifications,
            filings,
            voided,
            conflicts_settled,
            closes,
            queue,
            cash,
        })
    }

    /// The report of a day or period as PDF or CSV: `(file name, media type, bytes)`.
    pub async fn day_report(
        &self,
        actor: &Actor,
        from: NaiveDate,
        to: NaiveDate,
        locale: Locale,
        format: ReportFormat,
    ) -> Result<(String, &'static str, Vec<u8>)> {
        let review = self.day_review(actor, ReviewRequest { from, to }).await?;
        let office = self.office().await?;
        let name = if from == to {
            format!("day-report-{from}")
        } else {
            format!("report-{from}-{to}")
        };
        Ok(match format {
            ReportFormat::Pdf => (
                format!("{name}.pdf"),
                "application/pdf",
                day_report::render_pdf(&office.view, &review, locale, self.clock.now())?,
            ),
            ReportFormat::Csv => (
                format!("{name}.csv"),
                "text/csv; charset=utf-8",
                day_report::render_csv(&review, locale),
            ),
        })
    }

    /// The cases behind one number of a review, newest first.
    pub async fn drill_review(&self, actor: &Actor, req: DrillRequest) -> Result<CaseList> {
        actor.require(Permission::ReviewDay)?;
        check_period(req.from, req.to)?;
        let (from, to) = match req.day {
            Some(d) if d < req.from || d > req.to => {
                return Err(CoreError::field("day", FieldErrorCode::InvalidDate))
            }
            Some(d) => (d, d),
            None => (req.from, req.to),
        };
        let office = self.office().await?;
        let today = office.local_date(self.clock.now());
        let (start, end) = period_bounds(&office, from, to);
        let mut conn = self.store.reader.acquire().await?;
        let facts = load_facts(&mut conn, start, end, to).await?;
        let names = Names::load(&mut conn).await?;
        let chosen: Vec<Fact> = match req.measure {
            ReviewMeasure::Received => facts.received,
            ReviewMeasure::Resolved | ReviewMeasure::Rejected => {
                let want = req.measure == ReviewMeasure::Resolved;
                if req.day.is_some() {
                    // As the day's line counts it: every case with that outcome on the day.
                    let mut seen = HashSet::new();
                    facts
                        .outcome_events
                        .into_iter()
                        .filter(|f| f.flag == want && seen.insert(f.case))
                        .collect()
                } else {
                    facts
                        .outcomes()
                        .into_iter()
                        .filter(|f| f.flag == want)
                        .collect()
                }
            }
            ReviewMeasure::Open => facts.open,
            ReviewMeasure::Overdue => facts.open.into_iter().filter(|f| f.flag).collect(),
        };
        let chosen: Vec<Fact> = match (req.dimension, req.key.as_deref()) {
            (Some(dim), Some(key)) => {
                let Some(k) = names.resolve(dim, key) else {
                    return Ok(CaseList {
                        items: Vec::new(),
                        total: 0,
                    });
                };
                chosen
                    .into_iter()
                    .filter(|f| group_key(f, dim) == k)
                    .collect()
            }
            (None, None) => chosen,
            _ => return Err(CoreError::field("key", FieldErrorCode::Required)),
        };
        let mut chosen = chosen;
        chosen.sort_by(|a, b| b.at.cmp(&a.at).then(b.case.cmp(&a.case)));
        let total = chosen.len() as i64;
        let limit = req.limit.unwrap_or(50).clamp(1, 500) as usize;
        let offset = req.offset.unwrap_or(0) as usize;
        let page: Vec<i64> = chosen
            .iter()
            .skip(offset)
            .take(limit)
            .map(|f| f.case)
            .collect();
        let items = crate::cases::summaries_by_rowid(&mut conn, &page, today).await?;
        Ok(CaseList { items, total })
    }
}

async fn certification_figures(
    conn: &mut SqliteConnection,
    from: NaiveDate,
    to: NaiveDate,
    start: i64,
    end: i64,
) -> Result<CertificationFigures> {
    let rows: Vec<(String, i64, i64)> = sqlx::query_as(
        "SELECT kind, COUNT(*), COALESCE(SUM(fee_minor), 0) FROM certification
          WHERE local_day >= ? AND local_day <= ? GROUP BY kind",
    )
    .bind(from.format("%Y-%m-%d").to_string())
    .bind(to.format("%Y-%m-%d").to_string())
    .fetch_all(&mut *conn)
    .await?;
    let mut out = CertificationFigures::default();
    for (kind, n, fees) in rows {
        match kind.as_str() {
            "signature" => {
                out.signatures = n;
                out.fees_minor += fees;
            }
            "copy" => {
                out.copies = n;
                out.fees_minor += fees;
            }
            // Extracts of registry records are counted with the registry; their fees are fees.
            "extract" => out.fees_minor += fees,
            "correction" => out.corrections = n,
            "cancellation" => out.cancellations = n,
            _ => {}
        }
    }
    out.prints = sqlx::query_scalar(
        "SELECT COALESCE(SUM(copies), 0) FROM certification_print WHERE printed_at >= ? AND printed_at < ?",
    )
    .bind(start)
    .bind(end)
    .fetch_one(&mut *conn)
    .await?;
    Ok(out)
}

async fn filing_figures(
    conn: &mut SqliteConnection,
    start: i64,
    end: i64,
) -> Result<FilingFigures> {
    let rows: Vec<(String, i64)> = sqlx::query_as(
        "SELECT direction, COUNT(*) FROM filing_entry
          WHERE registered_at >= ? AND registered_at < ? GROUP BY direction",
    )
    .bind(start)
    .bind(end)
    .fetch_all(&mut *conn)
    .await?;
    let mut out = FilingFigures::default();
    for (dir, n) in rows {
        match dir.as_str() {
            "incoming" => out.incoming = n,
            "outgoing" => out.outgoing = n,
            _ => {}
        }
    }
    Ok(out)
}

/// Numbers voided in the period, as runs of consecutive numbers voided together.
pub(crate) async fn voided_numbers(
    conn: &mut SqliteConnection,
    start: i64,
    end: i64,
) -> Result<Vec<VoidedNumbers>> {
    let rows: Vec<(String, i64, i64, Option<String>, i64)> = sqlx::query_as(
        "SELECT series, year, number, void_reason, used_at FROM number_use
          WHERE owner_kind = 'void' AND used_at >= ? AND used_at < ?
          ORDER BY series, year, number",
    )
    .bind(start)
    .bind(end)
    .fetch_all(&mut *conn)
    .await?;
    let mut out: Vec<VoidedNumbers> = Vec::new();
    for (series, year, number, reason, at) in rows {
        let reason = reason.unwrap_or_default();
        let year = year as i32;
        if let Some(last) = out.last_mut() {
            if last.series == series
                && last.year == year
                && last.last + 1 == number
                && last.reason == reason
            {
                last.last = number;
                last.label = void_label(&series, year, last.first, number);
                continue;
            }
        }
        out.push(VoidedNumbers {
            label: void_label(&series, year, number, number),
            series,
            year,
            first: number,
            last: number,
            reason,
            at: from_millis(at),
        });
    }
    Ok(out)
}

/// `CE-2026/00041–00050`, or the one number.
pub(crate) fn void_label(series: &str, year: i32, first: i64, last: i64) -> String {
    let one = |n| match Series::from_code(series) {
        Some(s) => s.format(year, n),
        None => format!("{series}-{year}/{n:05}"),
    };
    if first == last {
        one(first)
    } else {
        format!("{}–{last:05}", one(first))
    }
}

pub(crate) async fn settlements(
    conn: &mut SqliteConnection,
    start: i64,
    end: i64,
) -> Result<Vec<ConflictSettlement>> {
    #[allow(clippy::type_complexity)] // one row of the settlement query
    let rows: Vec<(
        String,
        String,
        Option<String>,
        String,
        Option<String>,
        i64,
        Option<String>,
        Option<String>,
    )> = sqlx::query_as(
        "SELECT s.conflict_id, s.decision, s.to_status, s.note, st.display_name, s.settled_at,
                    k.case_id, c.number
               FROM conflict_settlement s
               LEFT JOIN sync_conflict k ON k.id = s.conflict_id
               LEFT JOIN case_file c ON c.id = k.case_id
               LEFT JOIN staff st ON st.id = s.settled_by
              WHERE s.settled_at >= ? AND s.settled_at < ?
              ORDER BY s.settled_at",
    )
    .bind(start)
    .bind(end)
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter()
        .map(
            |(conflict, decision, to, note, by, at, case_id, case_number)| {
                Ok(ConflictSettlement {
                    conflict_id: ids::parse(&conflict)?,
                    case_id: ids::parse_opt(case_id.as_deref())?,
                    case_number,
                    decision: if decision == "move_to" {
                        ConflictDecision::MoveTo
                    } else {
                        ConflictDecision::KeepServer
                    },
                    to: to.as_deref().and_then(status::from_code),
                    note,
                    settled_by: by,
                    settled_at: from_millis(at),
                })
            },
        )
        .collect()
}
