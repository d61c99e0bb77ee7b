//! The citizen's voice on a workstation that is its own office, a Persian one: the default
//! period is the Persian half-year (1397 H2 = 2018-09-23 … 2019-03-20); the analysis of a
//! generated history agrees with an independent count of what was generated; an item is filed,
//! handled and answered by letter in the citizen's language; refusals write nothing; and the
//! public report (Persian and Hungarian), read back with pdftotext, names no citizen and no
//! member of staff, while the internal one has the staff figures above the minimum.

use std::sync::Arc;

use chrono::{NaiveDate, TimeZone, Utc};
use okno_core::feedback::generate::FeedbackHistorySpec;
use okno_core::{Clock, CoreError, ManualClock};
use okno_wire::*;

use crate::common::{add_staff, office, open_office, sign_in};
use crate::pdf::{logical_lines, normal, out_dir, pdftotext, render};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_persian_half_year_analysed_against_an_independent_count() {
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(ManualClock::new(
        Utc.with_ymd_and_hms(2019, 1, 15, 9, 0, 0).unwrap(),
    ));
    let (ws, admin) = open_office(
        &dir.path().join("okno.db"),
        clock.clone(),
        office(
            "دفتر پیشخوان تاکستان",
            "تاکستان، خیابان امام",
            Locale::Fa,
            "Asia/Tehran",
            Calendar::Persian,
        ),
    )
    .await;
    add_staff(
        &ws,
        &admin,
        &[
            ("reza", "Reza Ahmadi", Role::Clerk),
            ("maryam", "Maryam Karimi", Role::Supervisor),
        ],
        Locale::Fa,
    )
    .await;
    let clerk = sign_in(&ws, "reza").await;
    let sup = sign_in(&ws, "maryam").await;
    let office = ws.office().await.unwrap();

    // The default period is the office's half-year.
    let h = ws.half_year_of(day(2019, 1, 15)).await.unwrap();
    assert_eq!(
        (h.from, h.to, h.label()),
        (day(2018, 9, 23), day(2019, 3, 20), "1397 H2".to_string())
    );

    let generated = ws
        .generate_feedback_history(&FeedbackHistorySpec {
            from: day(2018, 8, 1),
            to: day(2019, 1, 14),
            visits: 3_000,
            items: 1_500,
            rated_percent: 40,
            seed: 1397,
            now: clock.now(),
        })
        .await
        .unwrap();
    let report = ws
        .feedback_report(
            &sup,
            FeedbackReportRequest {
                from: None,
                to: None,
            },
        )
        .await
        .unwrap();
    assert_eq!(
        (report.from, report.to, report.label.as_str()),
        (h.from, h.to, "1397 H2")
    );

    // The independent count, straight from what was generated.
    let local = |ms: i64| office.local_date(Utc.timestamp_millis_opt(ms).unwrap());
    let inside = |ms: i64| (h.from..=h.to).contains(&local(ms));
    let items: Vec<_> = generated
        .items
        .iter()
        .filter(|i| inside(i.received_at))
        .collect();
    assert!(items.len() > 500, "a realistic half-year");
    assert_eq!(report.total as usize, items.len());
    for k in [
        "complaint",
        "suggestion",
        "idea",
        "praise",
        "question",
        "callback",
    ] {
        let n = items.iter().filter(|i| i.kind == k).count() as u32;
        let got = report
            .by_kind
            .iter()
            .find(|c| c.key == k)
            .map_or(0, |c| c.count);
        assert_eq!(got, n, "{k}");
    }
    for ch in ["desk", "public_page", "kiosk", "open311", "rating"] {
        let n = items.iter().filter(|i| i.channel == ch).count() as u32;
        assert_eq!(
            report
                .by_channel
                .iter()
                .find(|c| c.key == ch)
                .map_or(0, |c| c.count),
            n,
            "{ch}"
        );
    }
    let answered: Vec<_> = items
        .iter()
        .filter(|i| i.answered_at.is_some() && i.due_date.is_some())
        .collect();
    let on_time = answered
        .iter()
        .filter(|i| local(i.answered_at.unwrap()) <= i.due_date.unwrap())
        .count() as u32;
    assert_eq!(report.answer_times.answered as usize, answered.len());
    assert_eq!(report.answer_times.on_time, on_time);
    assert_eq!(
        report.answer_times.late as usize,
        answered.len() - on_time as usize
    );
    let open: Vec<_> = items
        .iter()
        .filter(|i| matches!(i.state, "received" | "in_progress"))
        .collect();
    assert_eq!(report.answer_times.open as usize, open.len());
    let today = office.local_date(clock.now());
    let overdue = open
        .iter()
        .filter(|i| i.due_date.is_some_and(|d| d < today))
        .count() as u32;
    assert_eq!(report.answer_times.open_overdue, overdue);
    assert_eq!(
        report.adopted as usize,
        items.iter().filter(|i| i.adopted == Some(true)).count()
    );
    let causes = items
        .iter()
        .filter(|i| i.root_cause == Some("waiting"))
        .count() as u32;
    assert_eq!(
        report
            .root_causes
            .iter()
            .find(|c| c.key == "waiting")
            .map_or(0, |c| c.count),
        causes
    );
    // Ratings against waiting time: each band's count and mean.
    let ratings: Vec<_> = generated.ratings.iter().filter(|r| inside(r.at)).collect();
    assert_eq!(report.ratings.ratings as usize, ratings.len());
    let visits = generated
        .visit_days
        .iter()
        .filter(|d| (h.from..=h.to).contains(*d))
        .count();
    assert_eq!(report.ratings.visits as usize, visits);
    let mean = ratings.iter().map(|r| f64::from(r.score)).sum::<f64>() / ratings.len() as f64;
    assert!((report.ratings.mean.unwrap() - mean).abs() < 1e-9);
    for band in &report.ratings.by_wait {
        let lo = f64::from(band.from_minutes);
        let hi = band.to_minutes.map_or(f64::INFINITY, f64::from);
        let in_band: Vec<f64> = ratings
            .iter()
            .filter(|r| r.wait_minutes >= lo && r.wait_minutes < hi)
            .map(|r| f64::from(r.score))
            .collect();
        assert_eq!(band.ratings as usize, in_band.len(), "{}", band.key);
        if let Some(m) = band.mean {
            assert!((m - in_band.iter().sum::<f64>() / in_band.len() as f64).abs() < 1e-9);
        }
    }
    // Longer waits were rated worse, and the report shows it.
    let first = report.ratings.by_wait.first().unwrap().mean.unwrap();
    let last = report.ratings.by_wait.last().unwrap().mean.unwrap();
    assert!(first > last, "{first} vs {last}");
    // The staff figures: supervisors only, every member over the minimum.
    assert!(!report.ratings.by_staff.is_empty());
    assert!(report.ratings.by_staff.iter().all(|g| g.ratings >= 10));

    // A complaint taken down at the desk, handled, and answered by letter in Persian.
    let before = ws
        .list_feedback(&clerk, FeedbackFilter::default())
        .await
        .unwrap()
        .total;
    let refused = ws
        .file_feedback(
            &clerk,
            FeedbackInput {
                kind: FeedbackKind::Callback,
                about: FeedbackAbout::Office,
                service_code: None,
                agency_code: None,
                desk: None,
                staff_id: None,
                description: "لطفاً با من تماس بگیرید".into(),
                locale: Locale::Fa,
                contact: None,
                visit_id: None,
                case_id: None,
            },
        )
        .await;
    match refused {
        Err(CoreError::Validation(f)) => assert_eq!(f[0].code, FieldErrorCode::ContactNeeded),
        other => panic!("{other:?}"),
    }
    assert_eq!(
        ws.list_feedback(&clerk, FeedbackFilter::default())
            .await
            .unwrap()
            .total,
        before
    );
    let item = ws
        .file_feedback(
            &clerk,
            FeedbackInput {
                kind: FeedbackKind::Complaint,
                about: FeedbackAbout::Office,
                service_code: None,
                agency_code: None,
                desk: None,
                staff_id: None,
                description: "صف بسیار طولانی بود و نمایشگر کار نمی‌کرد.".into(),
                locale: Locale::Fa,
                contact: Some(FeedbackContact {
                    name: Some("Ali Rezaei".into()),
                    address: Some("تاکستان، کوچه ۵".into()),
                    ..Default::default()
                }),
                visit_id: None,
                case_id: None,
            },
        )
        .await
        .unwrap();
    assert!(item.summary.number.starts_with("FB-2019/"));
    assert_eq!(item.summary.due_date, Some(day(2019, 2, 14)));
    let close = FeedbackStep::Close {
        root_cause: "waiting".into(),
        adopted: None,
    };
    let early = ws
        .feedback_step(
            &sup,
            FeedbackStepRequest {
                id: item.summary.id,
                step: close.clone(),
            },
        )
        .await;
    assert!(
        matches!(early, Err(CoreError::InvalidTransition { .. })),
        "{early:?}"
    );
    for step in [
        FeedbackStep::Assign {
            agency_code: None,
            department: Some("پیشخوان".into()),
            assignee_id: Some(clerk.staff_id),
        },
        FeedbackStep::Start,
        FeedbackStep::Answer {
            answer: "از شکیبایی شما سپاسگزاریم. نمایشگر تعمیر شد.".into(),
            public_note: Some("نمایشگر تعمیر شد.".into()),
        },
    ] {
        ws.feedback_step(
            &clerk,
            FeedbackStepRequest {
                id: item.summary.id,
                step,
            },
        )
        .await
        .unwrap();
    }
    let done = ws
        .feedback_step(
            &sup,
            FeedbackStepRequest {
                id: item.summary.id,
                step: close,
            },
        )
        .await
        .unwrap();
    assert_eq!(done.summary.state, FeedbackState::Closed);
    assert_eq!(done.events.len(), 5);
    let (_keep, out) = out_dir();
    let letter = ws
        .document(
            &sup,
            &DocumentRequest::FeedbackAnswer {
                item_id: item.summary.id,
            },
        )
        .await
        .unwrap();
    let path = out.join("feedback-answer-fa.pdf");
    std::fs::write(&path, &letter.bytes).unwrap();
    render(&path, 1);
    let text = normal(&logical_lines(&pdftotext(&path, None)).join("\n"));
    assert!(text.contains("پاسخ"), "{text}");
    assert!(
        text.contains("Ali Rezaei"),
        "the letter is addressed: {text}"
    );

    // The public reports (Persian and Hungarian) name nobody; the internal one has the staff.
    for locale in [Locale::Fa, Locale::Hu] {
        let doc = ws
            .document(
                &sup,
                &DocumentRequest::FeedbackReport {
                    from: h.from,
                    to: h.to,
                    audience: FeedbackAudience::Public,
                    locale: Some(locale),
                    format: ReportFormat::Pdf,
                },
            )
            .await
            .unwrap();
        let path = out.join(format!("feedback-public-{}.pdf", locale.code()));
        std::fs::write(&path, &doc.bytes).unwrap();
        render(&path, 1);
        let text = normal(&pdftotext(&path, None));
        assert!(text.len() > 500, "{text}");
        for name in [
            "Reza",
            "Ahmadi",
            "Maryam",
            "Karimi",
            "Admin",
            "Ali Rezaei",
            "Kovács",
            "Novák",
            "Rahimi",
            "Lind",
            "Malá",
            "example.org",
        ] {
            assert!(
                !text.contains(name),
                "{name} in the public report ({}): {text}",
                locale.code()
            );
        }
        let csv = ws
            .document(
                &sup,
                &DocumentRequest::FeedbackReport {
                    from: h.from,
                    to: h.to,
                    audience: FeedbackAudience::Public,
                    locale: Some(locale),
                    format: ReportFormat::Csv,
                },
            )
            .await
            .unwrap();
        let csv = String::from_utf8(csv.bytes).unwrap();
        assert!(
            csv.contains("rating_by_wait")
                && !csv.contains("rating_by_staff")
                && !csv.contains("Karimi")
        );
    }
    let internal = ws
        .document(
            &sup,
            &DocumentRequest::FeedbackReport {
                from: h.from,
                to: h.to,
                audience: FeedbackAudience::Internal,
                locale: Some(Locale::Hu),
                format: ReportFormat::Pdf,
            },
        )
        .await
        .unwrap();
    let path = out.join("feedback-internal-hu.pdf");
    std::fs::write(&path, &internal.bytes).unwrap();
    let text = normal(&pdftotext(&path, None));
    assert!(
        text.contains("Maryam Karimi") || text.contains("Reza Ahmadi"),
        "{text}"
    );
    // Only supervisors read the analysis.
    assert!(matches!(
        ws.feedback_report(
            &clerk,
            FeedbackReportRequest {
                from: None,
                to: None
            }
        )
        .await,
        Err(CoreError::Forbidden)
    ));
}
