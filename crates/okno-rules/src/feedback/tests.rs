//! The shared rules of the citizen's voice, tested.
use super::*;
use okno_wire::SurveyOption;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[test]
fn the_persian_half_years_of_1397() {
    let h2 = half_year(day(2018, 12, 1), Calendar::Persian).unwrap();
    assert_eq!((h2.year, h2.half), (1397, 2));
    assert_eq!((h2.from, h2.to), (day(2018, 9, 23), day(2019, 3, 20)));
    assert_eq!(h2.label(), "1397 H2");
    let h1 = h2.previous(Calendar::Persian).unwrap();
    assert_eq!((h1.year, h1.half), (1397, 1));
    assert_eq!((h1.from, h1.to), (day(2018, 3, 21), day(2018, 9, 22)));
    // The boundaries belong to their own half.
    assert_eq!(
        half_year(day(2018, 9, 22), Calendar::Persian).unwrap().half,
        1
    );
    assert_eq!(
        half_year(day(2018, 9, 23), Calendar::Persian).unwrap().half,
        2
    );
    assert_eq!(
        half_year(day(2019, 3, 20), Calendar::Persian).unwrap().year,
        1397
    );
    let next = half_year(day(2019, 3, 21), Calendar::Persian).unwrap();
    assert_eq!(
        (next.year, next.half, next.from),
        (1398, 1, day(2019, 3, 21))
    );
    // A leap year's Esfand has 30 days: 1399 H2 ends 2021-03-20.
    let h = half_year(day(2021, 1, 1), Calendar::Persian).unwrap();
    assert_eq!(
        (h.year, h.from, h.to),
        (1399, day(2020, 9, 22), day(2021, 3, 20))
    );
}

#[test]
fn the_gregorian_half_years() {
    let h = half_year(day(2026, 6, 30), Calendar::Gregorian).unwrap();
    assert_eq!(
        (h.year, h.half, h.from, h.to),
        (2026, 1, day(2026, 1, 1), day(2026, 6, 30))
    );
    let h = half_year(day(2026, 7, 1), Calendar::Gregorian).unwrap();
    assert_eq!(
        (h.half, h.from, h.to),
        (2, day(2026, 7, 1), day(2026, 12, 31))
    );
    assert_eq!(
        h.previous(Calendar::Gregorian).unwrap().from,
        day(2026, 1, 1)
    );
}

#[test]
fn every_day_of_a_century_lies_in_exactly_its_half_year() {
    for cal in [Calendar::Gregorian, Calendar::Persian] {
        let mut d = day(1990, 1, 1);
        let mut prev: Option<HalfYear> = None;
        while d < day(2090, 1, 1) {
            let h = half_year(d, cal).unwrap();
            assert!(h.from <= d && d <= h.to, "{d} {h:?}");
            if let Some(p) = prev.filter(|p| p.to < d) {
                assert_eq!(p.to.succ_opt().unwrap(), h.from, "contiguous at {d}");
            }
            prev = Some(h);
            d = d.succ_opt().unwrap();
        }
    }
}

fn input(kind: FeedbackKind) -> FeedbackInput {
    FeedbackInput {
        kind,
        about: FeedbackAbout::Office,
        service_code: None,
        agency_code: None,
        desk: None,
        staff_id: None,
        description: "The queue display was silent.".into(),
        locale: Locale::Hu,
        contact: None,
        visit_id: None,
        case_id: None,
    }
}

#[test]
fn a_new_item_is_checked_field_by_field() {
    assert!(check_new(&input(FeedbackKind::Complaint)).is_empty());
    let mut i = input(FeedbackKind::Callback);
    assert_eq!(
        check_new(&i),
        vec![("contact.phone".to_string(), Refusal::ContactNeeded)]
    );
    i.contact = Some(FeedbackContact {
        phone: Some("+36 1 234 5678".into()),
        ..Default::default()
    });
    assert!(check_new(&i).is_empty());
    i.contact = Some(FeedbackContact {
        email: Some("not an address".into()),
        phone: Some("12".into()),
        ..Default::default()
    });
    let r = check_new(&i);
    assert!(r.contains(&("contact.email".into(), Refusal::Malformed)));
    assert!(r.contains(&("contact.phone".into(), Refusal::Malformed)));
    let mut i = input(FeedbackKind::Idea);
    i.description = "x".repeat(DESCRIPTION_MAX + 1);
    i.about = FeedbackAbout::Service;
    let r = check_new(&i);
    assert!(r.contains(&("description".into(), Refusal::TooLong(DESCRIPTION_MAX))));
    assert!(r.contains(&("service_code".into(), Refusal::Required)));
    i.description = "   ".into();
    assert!(check_new(&i).contains(&("description".into(), Refusal::Required)));
}

#[test]
fn the_handling_moves_only_forward_and_back_by_reopening() {
    use FeedbackState::*;
    let c = FeedbackKind::Complaint;
    let answer = FeedbackStep::Answer {
        answer: "We changed the rota.".into(),
        public_note: None,
    };
    let close = FeedbackStep::Close {
        root_cause: "waiting".into(),
        adopted: None,
    };
    assert_eq!(
        step(c, Received, &FeedbackStep::Start).unwrap().0,
        InProgress
    );
    assert_eq!(step(c, InProgress, &answer).unwrap().0, Answered);
    assert_eq!(step(c, Answered, &close).unwrap().0, Closed);
    assert_eq!(
        step(c, Received, &close),
        Err(StepRefusal::InvalidTransition)
    );
    assert_eq!(
        step(FeedbackKind::Praise, Received, &close).unwrap().0,
        Closed
    );
    assert_eq!(
        step(c, Closed, &answer),
        Err(StepRefusal::InvalidTransition)
    );
    let reopen = FeedbackStep::Reopen {
        reason: "Not solved".into(),
    };
    assert_eq!(step(c, Closed, &reopen).unwrap().0, InProgress);
    assert_eq!(
        step(c, InProgress, &reopen),
        Err(StepRefusal::InvalidTransition)
    );
    assert_eq!(
        step(c, Received, &FeedbackStep::Reject { reason: " ".into() }),
        Err(StepRefusal::Field(("reason".into(), Refusal::Required)))
    );
    let adopted = FeedbackStep::Close {
        root_cause: "other".into(),
        adopted: Some(true),
    };
    assert!(step(c, Answered, &adopted).is_err());
    assert!(step(FeedbackKind::Suggestion, Answered, &adopted).is_ok());
    assert_eq!(steps_in(c, Closed), vec!["reopen", "note"]);
    assert_eq!(
        steps_in(c, Received),
        vec!["assign", "start", "answer", "reject", "note"]
    );
}

#[test]
fn deadlines_and_settings() {
    let s = default_settings();
    assert!(check_settings(&s).is_empty());
    assert_eq!(
        due_date(&s, FeedbackKind::Complaint, day(2026, 12, 7)),
        Some(day(2027, 1, 6))
    );
    assert_eq!(due_date(&s, FeedbackKind::Praise, day(2026, 12, 7)), None);
    assert!(check_root_cause(&s, "waiting"));
    assert!(!check_root_cause(&s, "weather"));
    let mut bad = s.clone();
    bad.deadlines.pop();
    bad.root_causes[0].names.remove("fa");
    bad.root_causes[1].code = "Bad Code".into();
    assert_eq!(check_settings(&bad).len(), 3);
}

#[test]
fn ratings_offer_reasons_by_score() {
    assert!(check_rating(5, &[RatingReason::Friendly], Some("Thanks")).is_empty());
    assert_eq!(check_rating(0, &[], None)[0].1, Refusal::Unknown);
    assert_eq!(
        check_rating(5, &[RatingReason::LongWait], None)[0].0,
        "reasons"
    );
    assert!(check_rating(3, &[RatingReason::LongWait, RatingReason::Friendly], None).is_empty());
    assert_eq!(
        check_rating(1, &[RatingReason::Unclear, RatingReason::Unclear], None)[0].0,
        "reasons"
    );
    assert_eq!(
        check_rating(2, &[], Some(&"x".repeat(TEXT_MAX + 1)))[0].1,
        Refusal::TooLong(TEXT_MAX)
    );
}

fn q(id: &str, kind: SurveyQuestionKind, required: bool, opts: &[&str]) -> SurveyQuestion {
    SurveyQuestion {
        id: id.into(),
        kind,
        text: names("Q", "K", "O", "F", "پ"),
        required,
        options: opts
            .iter()
            .map(|o| SurveyOption {
                id: (*o).into(),
                text: names(o, o, o, o, o),
            })
            .collect(),
    }
}

#[test]
fn surveys_and_their_answers() {
    let qs = vec![
        q("q1", SurveyQuestionKind::Scale, true, &[]),
        q("q2", SurveyQuestionKind::Single, false, &["a", "b"]),
        q("q3", SurveyQuestionKind::Multiple, false, &["a", "b", "c"]),
        q("q4", SurveyQuestionKind::Text, false, &[]),
    ];
    let t = names("Survey", "Kérdőív", "Dotazník", "Enkät", "نظرسنجی");
    assert!(check_survey(Locale::Hu, &t, &t, day(2026, 1, 1), day(2026, 2, 1), &qs).is_empty());
    let mut bad = qs.clone();
    bad[1].options.pop();
    bad[3].id = "q1".into();
    assert_eq!(
        check_survey(Locale::Hu, &t, &t, day(2026, 3, 1), day(2026, 2, 1), &bad).len(),
        3
    );
    let mut a = BTreeMap::new();
    a.insert("q1".to_string(), SurveyAnswerValue::Scale(4));
    a.insert("q2".to_string(), SurveyAnswerValue::Text("b".into()));
    a.insert(
        "q3".to_string(),
        SurveyAnswerValue::Options(vec!["a".into(), "c".into()]),
    );
    a.insert(
        "q4".to_string(),
        SurveyAnswerValue::Text("More chairs".into()),
    );
    assert!(check_answers(&qs, &a).is_empty());
    a.remove("q1");
    a.insert(
        "q3".to_string(),
        SurveyAnswerValue::Options(vec!["a".into(), "a".into()]),
    );
    a.insert("q9".to_string(), SurveyAnswerValue::Scale(1));
    let r = check_answers(&qs, &a);
    assert!(r.contains(&("q1".into(), Refusal::Required)));
    assert!(r.contains(&("q3".into(), Refusal::Malformed)));
    assert!(r.contains(&("q9".into(), Refusal::Unknown)));
    assert_eq!(normalize_code(" abcd-2345 "), "ABCD2345");
}
