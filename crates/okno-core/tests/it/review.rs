//! The supervisor's day on a real SQLite file: the review's figures against an independent
//! count from the raw records (a generated month, and a small day with answers known by hand),
//! the drill-down, open work and bulk reassignment, conflict settlement, the day close
//! checklist and sign-off, and a closed day refusing new work.

use std::collections::HashMap;
use std::process::Command;
use std::sync::Arc;

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use okno_core::auth::Actor;
use okno_core::review::generate::HistorySpec;
use okno_core::review::ReportFormat;
use okno_core::{Clock, CoreError, ManualClock, Workstation};
use okno_wire::*;
use sqlx::Connection;
use uuid::Uuid;

use crate::pdf;

use crate::common::*;

struct Fx {
    ws: Workstation,
    _dir: tempfile::TempDir,
    path: std::path::PathBuf,
    clock: Arc<ManualClock>,
    supervisor: Actor,
    clerk: Actor,
    services: Vec<Uuid>,
}

fn names(s: &str) -> LocalizedText {
    Locale::ALL
        .iter()
        .map(|l| (l.code().to_string(), format!("{s} ({})", l.code())))
        .collect()
}

async fn fixture(at: DateTime<Utc>, calendar: Calendar) -> Fx {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("review.db");
    let clock = Arc::new(ManualClock::new(at));
    let time_zone = if calendar == Calendar::Persian {
        "Asia/Tehran"
    } else {
        "Europe/Bratislava"
    };
    let (ws, admin) = open_office(
        &path,
        clock.clone(),
        office(
            "Mestský úrad Rajec",
            "Námestie SR 2/2, Rajec",
            Locale::Sk,
            time_zone,
            calendar,
        ),
    )
    .await;
    add_staff(
        &ws,
        &admin,
        &[
            ("maryam", "Maryam Rahimi", Role::Supervisor),
            ("eva", "Eva Nováková", Role::Clerk),
            ("peter", "Peter Hudec", Role::Clerk),
        ],
        Locale::En,
    )
    .await;
    let mut services = Vec::new();
    for (code, deadline) in [("MUNI", 3u32), ("TAX", 10)] {
        let agency = ws
            .save_agency(
                &admin,
                AgencyInput {
                    id: None,
                    code: code.into(),
                    names: names(code),
                    active: true,
                },
            )
            .await
            .unwrap();
        for s in ["A", "B"] {
            services.push(
                ws.save_service(
                    &admin,
                    ServiceInput {
                        id: None,
                        agency_id: agency.id,
                        code: format!("{code}-{s}"),
                        names: names(&format!("{code} service {s}")),
                        fee_minor: 500,
                        required_documents: vec![],
                        deadline_days: deadline,
                        queue_category: "A".into(),
                        account: String::new(),
                        active: true,
                    },
                )
                .await
                .unwrap()
                .id,
            );
        }
    }
    let supervisor = ws
        .actor(Some(&ws.login("maryam", PASSWORD).await.unwrap().token))
        .unwrap();
    let clerk = ws
        .actor(Some(&ws.login("eva", PASSWORD).await.unwrap().token))
        .unwrap();
    Fx {
        ws,
        _dir: dir,
        path,
        clock,
        supervisor,
        clerk,
        services,
    }
}

fn intake(service: Uuid, name: &str) -> IntakeRequest {
    IntakeRequest {
        party: PartyInput {
            name: name.into(),
            birth_date: None,
            phone: None,
            email: None,
            address: None,
        },
        service_id: service.to_string(),
        channel: Channel::WalkIn,
        subject: "Change of address".into(),
        description: String::new(),
        priority: Priority::Normal,
        private_conversation: false,
        documents_presented: vec![],
    }
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

// ---------------------------------------------------------------------------------------------
// The independent count: straight from case_file and case_event, replaying each case's history.

struct RawCase {
    id: String,
    service: String,
    agency: String,
    channel: String,
    created_by: String,
    assignee: Option<String>,
    received_at: i64,
    due: String,
}

struct Raw {
    cases: HashMap<String, RawCase>,
    /// Status events per case: (at, id, to_status, actor).
    events: HashMap<String, Vec<(i64, String, String, String)>>,
}

#[allow(clippy::type_complexity)] // the raw rows, as the test reads them
async fn raw(path: &std::path::Path) -> Raw {
    let mut db = sqlx::SqliteConnection::connect(&format!("sqlite://{}", path.display()))
        .await
        .unwrap();
    let rows: Vec<(String, String, String, String, String, Option<String>, i64, String)> =
        sqlx::query_as(
            "SELECT c.id, c.service_id, s.agency_id, c.channel, c.created_by, c.assignee_id, c.received_at, c.due_date
               FROM case_file c JOIN service s ON s.id = c.service_id",
        )
        .fetch_all(&mut db)
        .await
        .unwrap();
    let cases = rows
        .into_iter()
        .map(
            |(id, service, agency, channel, created_by, assignee, received_at, due)| {
                (
                    id.clone(),
                    RawCase {
                        id,
                        service,
                        agency,
                        channel,
                        created_by,
                        assignee,
                        received_at,
                        due,
                    },
                )
            },
        )
        .collect();
    let evs: Vec<(String, i64, String, String, String)> = sqlx::query_as(
        "SELECT case_id, at, id, to_status, actor_id FROM case_event WHERE to_status IS NOT NULL",
    )
    .fetch_all(&mut db)
    .await
    .unwrap();
    let mut events: HashMap<String, Vec<(i64, String, String, String)>> = HashMap::new();
    for (case, at, id, to, actor) in evs {
        events.entry(case).or_default().push((at, id, to, actor));
    }
    for v in events.values_mut() {
        v.sort();
    }
    Raw { cases, events }
}

fn is_open(s: &str) -> bool {
    matches!(
        s,
        "received" | "in_progress" | "waiting_for_citizen" | "forwarded_to_agency"
    )
}

fn percentile(sorted: &[i64], p: usize) -> Option<i64> {
    if sorted.is_empty() {
        return None;
    }
    // Nearest rank: the smallest value with at least p % of the values at or below it.
    (0..sorted.len())
        .find(|i| (i + 1) * 100 >= p * sorted.len())
        .map(|i| sorted[i])
}

/// The figures of [start, end) for the cases `keep` selects (by what the figure counts).
#[derive(Default)]
struct Sel<'a> {
    dim: Option<(&'a str, &'a str)>,
}

impl Sel<'_> {
    fn key<'c>(&self, c: &'c RawCase, role_clerk: Option<&'c str>) -> Option<&'c str> {
        self.dim.map(|(d, _)| match d {
            "service" => c.service.as_str(),
            "agency" => c.agency.as_str(),
            "channel" => c.channel.as_str(),
            _ => role_clerk.unwrap_or(""),
        })
    }
    fn keeps(&self, c: &RawCase, clerk: Option<&str>) -> bool {
        match self.dim {
            None => true,
            Some((_, k)) => self.key(c, clerk) == Some(k),
        }
    }
}

fn independent(raw: &Raw, start: i64, end: i64, last_day: NaiveDate, sel: &Sel) -> CaseFigures {
    let t = end - 1;
    let mut f = CaseFigures::default();
    let mut durations = Vec::new();
    let last = last_day.format("%Y-%m-%d").to_string();
    for c in raw.cases.values() {
        if c.received_at >= start && c.received_at < end && sel.keeps(c, Some(&c.created_by)) {
            f.received += 1;
        }
        let evs = raw.events.get(&c.id).map(Vec::as_slice).unwrap_or(&[]);
        for (want, resolved) in [("resolved", true), ("rejected", false)] {
            if let Some(e) = evs
                .iter()
                .filter(|e| e.2 == want && e.0 >= start && e.0 < end)
                .max_by_key(|e| (e.0, e.1.clone()))
            {
                if sel.keeps(c, Some(&e.3)) {
                    if resolved {
                        f.resolved += 1;
                        durations.push(e.0 - c.received_at);
                    } else {
                        f.rejected += 1;
                    }
                }
            }
        }
        let status_at_t = evs.iter().rfind(|e| e.0 <= t).map(|e| e.2.as_str());
        if let Some(s) = status_at_t {
            if is_open(s) && sel.keeps(c, c.assignee.as_deref()) {
                f.open += 1;
                if c.due < last {
                    f.overdue += 1;
                }
            }
        }
    }
    durations.sort_unstable();
    f.handling_median_ms = percentile(&durations, 50);
    f.handling_p90_ms = percentile(&durations, 90);
    f
}

fn bounds(from: NaiveDate, to: NaiveDate, tz: chrono_tz::Tz) -> (i64, i64) {
    let start = |d: NaiveDate| {
        tz.from_local_datetime(&d.and_hms_opt(0, 0, 0).unwrap())
            .earliest()
            .unwrap()
            .with_timezone(&Utc)
            .timestamp_millis()
    };
    (start(from), start(to.succ_opt().unwrap()))
}

#[tokio::test]
async fn review_figures_equal_an_independent_count_from_the_raw_records() {
    let fx = fixture(
        Utc.with_ymd_and_hms(2026, 11, 10, 15, 0, 0).unwrap(),
        Calendar::Gregorian,
    )
    .await;
    let now = Utc.with_ymd_and_hms(2026, 11, 10, 15, 0, 0).unwrap();
    let made = fx
        .ws
        .generate_history(&HistorySpec {
            from: day("2026-10-01"),
            to: day("2026-11-10"),
            cases_per_day: 60,
            weekly_pattern: false,
            seed: 7,
            now,
        })
        .await
        .unwrap();
    assert!(made.cases > 2000, "{made:?}");
    assert!(made.events > 3 * made.cases, "{made:?}");
    let raw = raw(&fx.path).await;
    let tz: chrono_tz::Tz = "Europe/Bratislava".parse().unwrap();

    // October as a whole (DST ends inside it), a week, single days, and today.
    for (from, to) in [
        ("2026-10-01", "2026-10-31"),
        ("2026-10-19", "2026-10-25"),
        ("2026-10-25", "2026-10-25"),
        ("2026-10-07", "2026-10-07"),
        ("2026-11-10", "2026-11-10"),
    ] {
        let (from, to) = (day(from), day(to));
        let r = fx
            .ws
            .day_review(&fx.supervisor, ReviewRequest { from, to })
            .await
            .unwrap();
        let (start, end) = bounds(from, to, tz);
        assert_eq!(
            r.totals,
            independent(&raw, start, end, to, &Sel::default()),
            "totals {from}–{to}"
        );
        assert!(r.totals.received > 0 && r.totals.open > 0);
        for (dim, groups) in [
            ("service", &r.by_service),
            ("agency", &r.by_agency),
            ("channel", &r.by_channel),
            ("clerk", &r.by_clerk),
        ] {
            let sum: i64 = groups.iter().map(|g| g.figures.received).sum();
            assert_eq!(sum, r.totals.received, "{dim} received adds up");
            let sum: i64 = groups.iter().map(|g| g.figures.open).sum();
            assert_eq!(sum, r.totals.open, "{dim} open adds up");
            for g in groups {
                let sel = Sel {
                    dim: Some((dim, &g.key)),
                };
                assert_eq!(
                    g.figures,
                    independent(&raw, start, end, to, &sel),
                    "{dim} {} {from}–{to}",
                    g.key
                );
            }
        }
        // Day by day.
        assert_eq!(r.days.len() as i64, (to - from).num_days() + 1);
        for d in &r.days {
            let (s, e) = bounds(d.day, d.day, tz);
            let f = independent(&raw, s, e, d.day, &Sel::default());
            assert_eq!(
                (d.received, d.resolved, d.open),
                (f.received, f.resolved, f.open),
                "{}",
                d.day
            );
        }
        // Drill-down: every number opens exactly the cases behind it.
        for (measure, n) in [
            (ReviewMeasure::Received, r.totals.received),
            (ReviewMeasure::Resolved, r.totals.resolved),
            (ReviewMeasure::Rejected, r.totals.rejected),
            (ReviewMeasure::Open, r.totals.open),
            (ReviewMeasure::Overdue, r.totals.overdue),
        ] {
            let list = fx
                .ws
                .drill_review(
                    &fx.supervisor,
                    DrillRequest {
                        from,
                        to,
                        measure,
                        dimension: None,
                        key: None,
                        day: None,
                        limit: Some(500),
                        offset: None,
                    },
                )
                .await
                .unwrap();
            assert_eq!(list.total, n, "{measure:?}");
            assert_eq!(list.items.len() as i64, n.min(500));
            if measure == ReviewMeasure::Overdue {
                assert!(list.items.iter().all(|c| c.due_date < to));
            }
        }
        let g = &r.by_service[0];
        let list = fx
            .ws
            .drill_review(
                &fx.supervisor,
                DrillRequest {
                    from,
                    to,
                    measure: ReviewMeasure::Received,
                    dimension: Some(ReviewDimension::Service),
                    key: Some(g.key.clone()),
                    day: None,
                    limit: Some(20),
                    offset: Some(0),
                },
            )
            .await
            .unwrap();
        assert_eq!(list.total, g.figures.received);
        assert!(list.items.iter().all(|c| c.service_id.to_string() == g.key));
    }
}

#[tokio::test]
async fn a_hand_made_day_gives_the_known_answers() {
    // 2026-11-20 in Bratislava (UTC+1): the clerk registers four cases in the morning.
    let fx = fixture(
        Utc.with_ymd_and_hms(2026, 11, 20, 8, 0, 0).unwrap(),
        Calendar::Gregorian,
    )
    .await;
    let mut ids = Vec::new();
    for (i, name) in ["Čičová Ľubica", "Kovács Gábor", "Åsa Lind", "Rahimi Maryam"]
        .iter()
        .enumerate()
    {
        fx.clock.set(
            Utc.with_ymd_and_hms(2026, 11, 20, 8, i as u32 * 10, 0)
                .unwrap(),
        );
        ids.push(
            fx.ws
                .register_case(&fx.clerk, intake(fx.services[i % 2], name))
                .await
                .unwrap()
                .summary
                .id,
        );
    }
    let mv = |id: Uuid, to: CaseStatus| ChangeStatusRequest {
        case_id: id,
        to,
        note: None,
    };
    // Case 0: resolved after 2 hours. Case 1: rejected. Case 2: resolved after 4 h, reopened,
    // resolved again after 6 h (counts once, with the later resolution). Case 3 stays open.
    fx.clock
        .set(Utc.with_ymd_and_hms(2026, 11, 20, 9, 0, 0).unwrap());
    for id in [ids[0], ids[2]] {
        fx.ws
            .change_case_status(&fx.clerk, mv(id, CaseStatus::InProgress))
            .await
            .unwrap();
    }
    fx.clock
        .set(Utc.with_ymd_and_hms(2026, 11, 20, 10, 0, 0).unwrap());
    fx.ws
        .change_case_status(&fx.clerk, mv(ids[0], CaseStatus::Resolved))
        .await
        .unwrap();
    fx.ws
        .change_case_status(&fx.clerk, mv(ids[1], CaseStatus::Rejected))
        .await
        .unwrap();
    fx.clock
        .set(Utc.with_ymd_and_hms(2026, 11, 20, 12, 20, 0).unwrap());
    fx.ws
        .change_case_status(&fx.clerk, mv(ids[2], CaseStatus::Resolved))
        .await
        .unwrap();
    fx.ws
        .change_case_status(&fx.clerk, mv(ids[2], CaseStatus::InProgress))
        .await
        .unwrap();
    fx.clock
        .set(Utc.with_ymd_and_hms(2026, 11, 20, 14, 20, 0).unwrap());
    fx.ws
        .change_case_status(&fx.clerk, mv(ids[2], CaseStatus::Resolved))
        .await
        .unwrap();
    fx.clock
        .set(Utc.with_ymd_and_hms(2026, 11, 20, 17, 0, 0).unwrap());

    let d = day("2026-11-20");
    let r = fx
        .ws
        .day_review(&fx.supervisor, ReviewRequest { from: d, to: d })
        .await
        .unwrap();
    let hour = 3_600_000;
    assert_eq!(
        r.totals,
        CaseFigures {
            received: 4,
            resolved: 2,
            rejected: 1,
            open: 1,
            overdue: 0,
            handling_median_ms: Some(2 * hour),
            handling_p90_ms: Some(6 * hour),
        }
    );
    assert_eq!(r.days.len(), 1);
    assert_eq!(
        (r.days[0].received, r.days[0].resolved, r.days[0].open),
        (4, 2, 1)
    );
    let eva = r
        .by_clerk
        .iter()
        .find(|g| g.label.as_deref() == Some("Eva Nováková"))
        .unwrap();
    assert_eq!(
        (eva.figures.received, eva.figures.resolved, eva.figures.open),
        (4, 2, 1)
    );
    let walk_in = r.by_channel.iter().find(|g| g.key == "walk_in").unwrap();
    assert_eq!(walk_in.figures.received, 4);

    // The day before had nothing; three days later case 3 is overdue (deadline 3 days).
    let before = fx
        .ws
        .day_review(
            &fx.supervisor,
            ReviewRequest {
                from: day("2026-11-19"),
                to: day("2026-11-19"),
            },
        )
        .await
        .unwrap();
    assert_eq!(before.totals, CaseFigures::default());
    let later = fx
        .ws
        .day_review(
            &fx.supervisor,
            ReviewRequest {
                from: d,
                to: day("2026-11-24"),
            },
        )
        .await
        .unwrap();
    assert_eq!((later.totals.open, later.totals.overdue), (1, 1));
    assert_eq!(
        later.days.iter().map(|d| d.open).collect::<Vec<_>>(),
        vec![1; 5]
    );

    // Bad periods are refused with a field error; clerks may not review.
    let err = fx
        .ws
        .day_review(
            &fx.supervisor,
            ReviewRequest {
                from: d,
                to: day("2026-11-01"),
            },
        )
        .await
        .unwrap_err();
    assert_eq!(err.into_api().fields[0].field, "to");
    let err = fx
        .ws
        .day_review(
            &fx.supervisor,
            ReviewRequest {
                from: day("2025-01-01"),
                to: d,
            },
        )
        .await
        .unwrap_err();
    assert_eq!(err.into_api().fields[0].code, FieldErrorCode::TooLarge);
    assert!(matches!(
        fx.ws
            .day_review(&fx.clerk, ReviewRequest { from: d, to: d })
            .await,
        Err(CoreError::Forbidden)
    ));

    // The report: PDF text and CSV rows carry the same figures.
    let (name, _, pdf) = fx
        .ws
        .day_report(&fx.supervisor, d, d, Locale::Sk, ReportFormat::Pdf)
        .await
        .unwrap();
    assert_eq!(name, "day-report-2026-11-20.pdf");
    let text = pdftotext(&pdf);
    assert!(text.contains("Denný výkaz"), "{text}");
    assert!(text.contains("Mestský úrad Rajec"), "{text}");
    assert!(text.contains("Zatiaľ neuzavretý"), "{text}");
    assert!(text.contains("2,0 h") && text.contains("6,0 h"), "{text}");
    let (_, media, csv) = fx
        .ws
        .day_report(&fx.supervisor, d, d, Locale::En, ReportFormat::Csv)
        .await
        .unwrap();
    assert!(media.starts_with("text/csv"));
    let csv = String::from_utf8(csv).unwrap();
    let mut lines = csv.trim_start_matches('\u{feff}').lines();
    assert_eq!(
        lines.next(),
        Some(okno_core::documents::day_report::csv_header(Locale::En).as_str())
    );
    assert_eq!(
        lines.next(),
        Some("totals,,20 Nov 2026,4,2,1,1,0,2.00,6.00,,")
    );
    assert!(csv.contains("\nclerk,"), "{csv}");
}

fn pdftotext(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("r.pdf");
    std::fs::write(&p, pdf).unwrap();
    let out = Command::new("pdftotext")
        .args(["-layout", p.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    assert!(out.status.success());
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[tokio::test]
async fn a_persian_office_reviews_its_own_days_and_the_report_is_right_to_left() {
    // 2026-11-21 12:00 UTC is 15:30 in Tehran, 30 Aban 1405.
    let fx = fixture(
        Utc.with_ymd_and_hms(2026, 11, 21, 12, 0, 0).unwrap(),
        Calendar::Persian,
    )
    .await;
    fx.ws
        .generate_history(&HistorySpec {
            from: day("2026-10-20"),
            to: day("2026-11-21"),
            cases_per_day: 20,
            weekly_pattern: false,
            seed: 11,
            now: Utc.with_ymd_and_hms(2026, 11, 21, 12, 0, 0).unwrap(),
        })
        .await
        .unwrap();
    let periods = fx.ws.review_periods(&fx.supervisor).await.unwrap();
    assert_eq!(periods.calendar, Calendar::Persian);
    let month = periods
        .options
        .iter()
        .find(|o| o.preset == PeriodPreset::ThisMonth)
        .unwrap();
    assert_eq!(
        (month.from, month.to),
        (day("2026-10-23"), day("2026-11-21"))
    );
    let r = fx
        .ws
        .day_review(
            &fx.supervisor,
            ReviewRequest {
                from: month.from,
                to: month.to,
            },
        )
        .await
        .unwrap();
    let raw = raw(&fx.path).await;
    let (start, end) = bounds(month.from, month.to, "Asia/Tehran".parse().unwrap());
    assert_eq!(
        r.totals,
        independent(&raw, start, end, month.to, &Sel::default())
    );
    let (_, _, pdf) = fx
        .ws
        .day_report(
            &fx.supervisor,
            month.from,
            month.to,
            Locale::Fa,
            ReportFormat::Pdf,
        )
        .await
        .unwrap();
    let text = pdftotext(&pdf);
    // The period in the Persian calendar with Persian digits: 1 Aban – 30 Aban 1405.
    assert!(
        text.contains("۱۴۰۵/۰۸/۰۱") && text.contains("۱۴۰۵/۰۸/۳۰"),
        "{text}"
    );
}

#[tokio::test]
async fn open_work_lists_what_is_stuck_and_bulk_reassignment_moves_it() {
    let fx = fixture(
        Utc.with_ymd_and_hms(2026, 11, 10, 15, 0, 0).unwrap(),
        Calendar::Gregorian,
    )
    .await;
    fx.ws
        .generate_history(&HistorySpec {
            from: day("2026-10-01"),
            to: day("2026-11-10"),
            cases_per_day: 30,
            weekly_pattern: false,
            seed: 3,
            now: Utc.with_ymd_and_hms(2026, 11, 10, 15, 0, 0).unwrap(),
        })
        .await
        .unwrap();
    let w = fx
        .ws
        .open_work(
            &fx.supervisor,
            OpenWorkRequest {
                waiting_days: 7,
                due_within_days: 2,
            },
        )
        .await
        .unwrap();
    assert!(!w.overdue.is_empty() && !w.unassigned.is_empty() && !w.waiting.is_empty());
    assert!(w.overdue.iter().all(|c| c.overdue && c.due_date < w.today));
    assert!(w
        .due_soon
        .iter()
        .all(|c| c.due_date >= w.today && c.due_date < day("2026-11-12")));
    assert!(w
        .unassigned
        .iter()
        .all(|c| c.status == CaseStatus::Received && c.assignee_id.is_none()));
    let week_ago = fx.clock.now() - Duration::days(7);
    assert!(w
        .waiting
        .iter()
        .all(|c| c.waiting_since <= week_ago && c.case.status == CaseStatus::WaitingForCitizen));
    let open: i64 = w.load.iter().map(|l| l.open).sum();
    let open_now = fx
        .ws
        .list_cases(
            &fx.clerk,
            CaseFilter {
                scope: CaseScope::Open,
                status: None,
                service_id: None,
                assignee_id: None,
                overdue_only: false,
                text: None,
                limit: 1,
                offset: 0,
            },
        )
        .await
        .unwrap()
        .total;
    assert_eq!(open, open_now);

    // Give every unassigned case to Eva in one go; the outbox gets one command per case.
    let before: i64 = fx.ws.outbox_status().await.unwrap().pending;
    let ids: Vec<Uuid> = w.unassigned.iter().map(|c| c.id).collect();
    let moved = fx
        .ws
        .reassign_cases(
            &fx.supervisor,
            BulkReassignRequest {
                case_ids: ids.clone(),
                to: Some(fx.clerk.staff_id),
                note: Some("Morning pool".into()),
            },
        )
        .await
        .unwrap();
    assert_eq!(moved.reassigned, ids.len() as i64);
    assert_eq!(
        fx.ws.outbox_status().await.unwrap().pending,
        before + ids.len() as i64
    );
    let w2 = fx
        .ws
        .open_work(
            &fx.supervisor,
            OpenWorkRequest {
                waiting_days: 7,
                due_within_days: 2,
            },
        )
        .await
        .unwrap();
    assert!(w2.unassigned.is_empty());
    // A bad request moves nothing: an unknown member of staff, or a closed case among them.
    let err = fx
        .ws
        .reassign_cases(
            &fx.supervisor,
            BulkReassignRequest {
                case_ids: ids.clone(),
                to: Some(Uuid::now_v7()),
                note: None,
            },
        )
        .await
        .unwrap_err();
    assert_eq!(err.into_api().fields[0].code, FieldErrorCode::UnknownStaff);
    assert!(matches!(
        fx.ws
            .reassign_cases(
                &fx.clerk,
                BulkReassignRequest {
                    case_ids: ids,
                    to: None,
                    note: None
                }
            )
            .await,
        Err(CoreError::Forbidden)
    ));
}

#[tokio::test]
async fn the_day_closes_only_when_its_checklist_passes_and_then_refuses_new_work() {
    let fx = fixture(
        Utc.with_ymd_and_hms(2026, 11, 20, 8, 0, 0).unwrap(),
        Calendar::Gregorian,
    )
    .await;
    let d = day("2026-11-20");
    let case = fx
        .ws
        .register_case(&fx.clerk, intake(fx.services[0], "Čičová Ľubica"))
        .await
        .unwrap()
        .summary;
    // Handed back to the pool: "received" with nobody assigned.
    fx.ws
        .reassign_cases(
            &fx.supervisor,
            BulkReassignRequest {
                case_ids: vec![case.id],
                to: None,
                note: None,
            },
        )
        .await
        .unwrap();
    // A conflict the server left for a supervisor (as a pull would bring it).
    let conflict = Uuid::now_v7();
    {
        let mut db = sqlx::SqliteConnection::connect(&format!("sqlite://{}", fx.path.display()))
            .await
            .unwrap();
        sqlx::query(
            "INSERT INTO sync_conflict (id, case_id, kind, server_status, attempted_from, attempted_to,
                 actor_id, device_id, device_name, command_id, created_at)
             VALUES (?, ?, 'status', 'received', 'in_progress', 'resolved', ?, NULL, 'Desk 2', ?, ?)",
        )
        .bind(conflict.to_string())
        .bind(case.id.to_string())
        .bind(fx.clerk.staff_id.to_string())
        .bind(Uuid::now_v7().to_string())
        .bind(fx.clock.now().timestamp_millis())
        .execute(&mut db)
        .await
        .unwrap();
    }
    fx.clock
        .set(Utc.with_ymd_and_hms(2026, 11, 20, 16, 0, 0).unwrap());
    let status = fx.ws.day_close_status(&fx.supervisor, d).await.unwrap();
    assert!(!status.ready && status.closed.is_none());
    let failing: Vec<_> = status
        .checks
        .iter()
        .filter(|c| !c.passed)
        .map(|c| c.kind)
        .collect();
    assert_eq!(
        failing,
        vec![
            CloseCheckKind::ReceivedCasesOwned,
            CloseCheckKind::ConflictsSettled
        ]
    );
    let owned = status
        .checks
        .iter()
        .find(|c| c.kind == CloseCheckKind::ReceivedCasesOwned)
        .unwrap();
    assert_eq!(
        (owned.count, owned.items.clone()),
        (1, vec![case.number.clone()])
    );

    // Closing now is refused with one message per failing item, and writes nothing.
    let outbox_before = fx.ws.outbox_status().await.unwrap().pending;
    let err = fx
        .ws
        .close_day(&fx.supervisor, CloseDayRequest { day: d, note: None })
        .await
        .unwrap_err()
        .into_api();
    assert_eq!(err.code, ErrorCode::DayNotReady);
    let fields: Vec<_> = err
        .fields
        .iter()
        .map(|f| (f.field.as_str(), f.code, f.limit))
        .collect();
    assert_eq!(
        fields,
        vec![
            (
                "checks.received_cases_owned",
                FieldErrorCode::CheckFailed,
                Some(1)
            ),
            (
                "checks.conflicts_settled",
                FieldErrorCode::CheckFailed,
                Some(1)
            ),
        ]
    );
    assert_eq!(fx.ws.outbox_status().await.unwrap().pending, outbox_before);
    assert!(fx
        .ws
        .list_day_closes(&fx.supervisor)
        .await
        .unwrap()
        .is_empty());
    // A clerk may not close; a future day cannot be closed.
    assert!(matches!(
        fx.ws
            .close_day(&fx.clerk, CloseDayRequest { day: d, note: None })
            .await,
        Err(CoreError::Forbidden)
    ));
    let err = fx
        .ws
        .close_day(
            &fx.supervisor,
            CloseDayRequest {
                day: day("2026-11-21"),
                note: None,
            },
        )
        .await
        .unwrap_err();
    assert_eq!(err.into_api().fields[0].code, FieldErrorCode::DateInFuture);

    // Settle the conflict by moving the case on (a normal status change), and give the case an
    // owner.
    let listed = fx.ws.list_conflicts(&fx.supervisor).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].current_status, Some(CaseStatus::Received));
    assert!(listed[0].allowed.contains(&CaseStatus::InProgress));
    let err = fx
        .ws
        .settle_conflict(
            &fx.supervisor,
            SettleConflictRequest {
                conflict_id: conflict,
                decision: ConflictDecision::MoveTo,
                to: Some(CaseStatus::Closed),
                note: "Not allowed from received".into(),
            },
        )
        .await
        .unwrap_err();
    assert!(matches!(err, CoreError::InvalidTransition { .. }));
    let settled = fx
        .ws
        .settle_conflict(
            &fx.supervisor,
            SettleConflictRequest {
                conflict_id: conflict,
                decision: ConflictDecision::MoveTo,
                to: Some(CaseStatus::InProgress),
                note: "Desk 2 worked on it; continue.".into(),
            },
        )
        .await
        .unwrap();
    assert_eq!(settled.case_number.as_deref(), Some(case.number.as_str()));
    assert!(matches!(
        fx.ws
            .settle_conflict(
                &fx.supervisor,
                SettleConflictRequest {
                    conflict_id: conflict,
                    decision: ConflictDecision::KeepServer,
                    to: None,
                    note: "again".into(),
                }
            )
            .await,
        Err(CoreError::AlreadySettled)
    ));
    assert!(fx
        .ws
        .list_conflicts(&fx.supervisor)
        .await
        .unwrap()
        .is_empty());
    let detail = fx.ws.get_case(&fx.clerk, case.id).await.unwrap();
    assert_eq!(detail.summary.status, CaseStatus::InProgress);
    let status = fx.ws.day_close_status(&fx.supervisor, d).await.unwrap();
    assert!(status.ready, "{:?}", status.checks);

    // Sign off: recorded once, with the day's figures; the outbox carries it.
    let closed = fx
        .ws
        .close_day(
            &fx.supervisor,
            CloseDayRequest {
                day: d,
                note: Some("Quiet day.".into()),
            },
        )
        .await
        .unwrap();
    let sign_off = closed.closed.clone().unwrap();
    assert_eq!(sign_off.figures.received, 1);
    assert_eq!(sign_off.note.as_deref(), Some("Quiet day."));
    assert!(!closed.ready);
    let pending = fx.ws.outbox_entries(0, 1000).await.unwrap();
    assert_eq!(pending.last().unwrap().name, "day.close");
    assert!(matches!(
        fx.ws.close_day(&fx.supervisor, CloseDayRequest { day: d, note: None }).await,
        Err(CoreError::DayClosed(x)) if x == d
    ));

    // The closed day takes no more work: an intake later that day is refused, and nothing of it
    // is written (no case, no number, no command).
    fx.clock
        .set(Utc.with_ymd_and_hms(2026, 11, 20, 16, 30, 0).unwrap());
    let count = |sql: &'static str| {
        let path = fx.path.clone();
        async move {
            let mut db = sqlx::SqliteConnection::connect(&format!("sqlite://{}", path.display()))
                .await
                .unwrap();
            sqlx::query_scalar::<_, i64>(sql)
                .fetch_one(&mut db)
                .await
                .unwrap()
        }
    };
    let before = (
        count("SELECT COUNT(*) FROM case_file").await,
        count("SELECT COUNT(*) FROM number_use").await,
        count("SELECT COUNT(*) FROM outbox").await,
    );
    let err = fx
        .ws
        .register_case(&fx.clerk, intake(fx.services[0], "Late Comer"))
        .await
        .unwrap_err();
    assert!(matches!(err, CoreError::DayClosed(x) if x == d));
    assert_eq!(err.into_api().code, ErrorCode::DayClosed);
    assert!(matches!(
        fx.ws
            .add_case_note(
                &fx.clerk,
                AddNoteRequest {
                    case_id: case.id,
                    note: "late".into()
                }
            )
            .await,
        Err(CoreError::DayClosed(_))
    ));
    let after = (
        count("SELECT COUNT(*) FROM case_file").await,
        count("SELECT COUNT(*) FROM number_use").await,
        count("SELECT COUNT(*) FROM outbox").await,
    );
    assert_eq!(before, after);

    // The next morning work goes on; the sign-off cannot be edited or deleted, even directly.
    fx.clock
        .set(Utc.with_ymd_and_hms(2026, 11, 21, 7, 30, 0).unwrap());
    fx.ws
        .register_case(&fx.clerk, intake(fx.services[0], "Early Bird"))
        .await
        .unwrap();
    let mut db = sqlx::SqliteConnection::connect(&format!("sqlite://{}", fx.path.display()))
        .await
        .unwrap();
    for sql in [
        "UPDATE day_close SET note = 'edited'",
        "DELETE FROM day_close",
        "UPDATE conflict_settlement SET note = 'edited'",
    ] {
        assert!(sqlx::query(sql).execute(&mut db).await.is_err(), "{sql}");
    }
    let review = fx
        .ws
        .day_review(&fx.supervisor, ReviewRequest { from: d, to: d })
        .await
        .unwrap();
    assert_eq!(review.closes.len(), 1);
    assert_eq!(review.conflicts_settled.len(), 1);
    let text = pdftotext(
        &fx.ws
            .day_report(&fx.supervisor, d, d, Locale::En, ReportFormat::Pdf)
            .await
            .unwrap()
            .2,
    );
    assert!(text.contains("Signed off by Maryam Rahimi"), "{text}");
    assert!(
        text.contains(&case.number) && text.contains("moved to in progress"),
        "{text}"
    );
}

// ---------------------------------------------------------------------------------------------
// One calendar per office: documents and periods in the office's calendar, words and digits in
// the reader's language, the language's own calendar beside the office's where they differ.

/// The text of a PDF as its reader reads it: right-to-left pages line by line back in logical
/// order (see `pdf`).
fn read_back(pdf: &[u8], locale: Locale, name: &str) -> String {
    let (_keep, dir) = pdf::out_dir();
    let file = dir.join(format!("{name}.pdf"));
    std::fs::write(&file, pdf).unwrap();
    pdf::render(&file, 1);
    let text = pdf::pdftotext(&file, None);
    if locale.is_rtl() {
        pdf::normal(&pdf::logical_lines(&text).join("\n"))
    } else {
        pdf::normal(&text)
    }
}

#[tokio::test]
async fn a_persian_office_dates_its_receipt_and_day_report_in_the_persian_calendar() {
    // 2026-11-21 12:00 UTC is 15:30 in Tehran, 30 Aban 1405.
    let at = Utc.with_ymd_and_hms(2026, 11, 21, 12, 0, 0).unwrap();
    let fx = fixture(at, Calendar::Persian).await;
    let case = fx
        .ws
        .register_case(&fx.clerk, intake(fx.services[0], "مریم رحیمی"))
        .await
        .unwrap();
    let receipt = |locale| {
        let ws = &fx.ws;
        let clerk = &fx.clerk;
        async move {
            let (_, pdf) = ws
                .intake_receipt_pdf(clerk, case.summary.id, Some(locale))
                .await
                .unwrap();
            read_back(
                &pdf,
                locale,
                &format!("receipt-persian-office-{}", locale.code()),
            )
        }
    };
    // A Persian reader: the office's calendar is theirs, one date, Persian digits.
    let fa = receipt(Locale::Fa).await;
    assert!(fa.contains("۱۴۰۵/۰۸/۳۰ ۱۵:۳۰"), "{fa}");
    // (The case number keeps its Latin digits: it is typed into other systems.)
    let dates = fa.replace(&case.summary.number, "");
    assert!(!dates.contains("نوامبر") && !dates.contains("2026"), "{fa}");
    // A Slovak reader: the Persian date by month name, the Gregorian date beside it.
    let sk = receipt(Locale::Sk).await;
    assert!(sk.contains("30. aban 1405 15:30 (21. 11. 2026)"), "{sk}");
    let en = receipt(Locale::En).await;
    assert!(en.contains("30 Aban 1405 15:30 (21 Nov 2026)"), "{en}");

    let d = day("2026-11-21");
    for (locale, needle) in [
        (Locale::Fa, "۱۴۰۵/۰۸/۳۰"),
        (Locale::Sk, "30. aban 1405 (21. 11. 2026)"),
    ] {
        let (_, _, pdf) = fx
            .ws
            .day_report(&fx.supervisor, d, d, locale, ReportFormat::Pdf)
            .await
            .unwrap();
        let text = read_back(
            &pdf,
            locale,
            &format!("day-report-persian-office-{}", locale.code()),
        );
        assert!(text.contains(needle), "{locale:?}: {text}");
        if locale == Locale::Fa {
            assert!(!text.contains("نوامبر"), "{text}");
        }
    }
}

#[tokio::test]
async fn a_gregorian_office_prints_gregorian_dates_for_a_persian_reader_with_the_persian_date_beside(
) {
    // 2026-11-20 09:00 UTC is 10:00 in Bratislava, 29 Aban 1405.
    let at = Utc.with_ymd_and_hms(2026, 11, 20, 9, 0, 0).unwrap();
    let fx = fixture(at, Calendar::Gregorian).await;
    let case = fx
        .ws
        .register_case(&fx.clerk, intake(fx.services[0], "Ľudmila Čičová"))
        .await
        .unwrap();
    let (_, pdf) = fx
        .ws
        .intake_receipt_pdf(&fx.clerk, case.summary.id, Some(Locale::Fa))
        .await
        .unwrap();
    let fa = read_back(&pdf, Locale::Fa, "receipt-gregorian-office-fa");
    // Gregorian, in Persian words and digits, with the Persian date in brackets.
    assert!(fa.contains("۲۰ نوامبر ۲۰۲۶ ۱۰:۰۰ (۱۴۰۵/۰۸/۲۹)"), "{fa}");
    assert!(
        !fa.replace(&case.summary.number, "").contains("2026"),
        "Western digits in a date on a Persian page: {fa}"
    );
    let (_, pdf) = fx
        .ws
        .intake_receipt_pdf(&fx.clerk, case.summary.id, Some(Locale::Sk))
        .await
        .unwrap();
    let sk = read_back(&pdf, Locale::Sk, "receipt-gregorian-office-sk");
    assert!(sk.contains("20. 11. 2026 10:00"), "{sk}");
    assert!(!sk.contains("aban") && !sk.contains("1405"), "{sk}");

    let d = day("2026-11-20");
    let (_, _, pdf) = fx
        .ws
        .day_report(&fx.supervisor, d, d, Locale::Fa, ReportFormat::Pdf)
        .await
        .unwrap();
    let fa = read_back(&pdf, Locale::Fa, "day-report-gregorian-office-fa");
    assert!(fa.contains("۲۰ نوامبر ۲۰۲۶ (۱۴۰۵/۰۸/۲۹)"), "{fa}");
}

#[tokio::test]
async fn the_review_csv_names_its_columns_and_days_in_the_readers_language() {
    let at = Utc.with_ymd_and_hms(2026, 11, 21, 12, 0, 0).unwrap();
    let fx = fixture(at, Calendar::Persian).await;
    fx.ws
        .register_case(&fx.clerk, intake(fx.services[0], "مریم رحیمی"))
        .await
        .unwrap();
    let d = day("2026-11-21");
    let csv = |locale| {
        let ws = &fx.ws;
        let supervisor = &fx.supervisor;
        async move {
            let (_, _, csv) = ws
                .day_report(supervisor, d, d, locale, ReportFormat::Csv)
                .await
                .unwrap();
            String::from_utf8(csv)
                .unwrap()
                .trim_start_matches('\u{feff}')
                .to_string()
        }
    };
    let fa = csv(Locale::Fa).await;
    let mut lines = fa.lines();
    let header = lines.next().unwrap();
    assert!(header.starts_with("بخش,کلید,عنوان,دریافت‌شده,"), "{header}");
    assert_eq!(
        lines
            .next()
            .map(|l| l.split(',').take(4).collect::<Vec<_>>()),
        Some(vec!["totals", "", "۱۴۰۵/۰۸/۳۰", "1"])
    );
    // Keys and figures stay machine-readable; the day's label is the office's date.
    assert!(fa.contains("\nday,2026-11-21,۱۴۰۵/۰۸/۳۰,1,"), "{fa}");

    let sk = csv(Locale::Sk).await;
    assert!(
        sk.starts_with("Oddiel,Kľúč,Označenie,Prijaté,Vybavené,Zamietnuté,"),
        "{sk}"
    );
    assert!(
        sk.contains("\nday,2026-11-21,30. aban 1405 (21. 11. 2026),1,"),
        "{sk}"
    );
    let en = csv(Locale::En).await;
    assert!(en.starts_with("Section,Key,Label,Received,Resolved,Rejected,Open at end,Overdue,"));
    assert!(
        en.contains("\nday,2026-11-21,30 Aban 1405 (21 Nov 2026),1,"),
        "{en}"
    );
}
