//! The citizen's voice, as both sides decide it: what a feedback item must hold, how its
//! handling moves, its answer deadline, what a rating and a survey answer may be, and the
//! half-years of the office's calendar. The desk checks its input with these before it writes,
//! and the server checks every row a desk pushes (and every public submission) with the same.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, Duration, NaiveDate};
use okno_wire::{
    Calendar, FeedbackAbout, FeedbackContact, FeedbackDeadline, FeedbackEventKind, FeedbackInput,
    FeedbackKind, FeedbackSettings, FeedbackState, FeedbackStep, Locale, RatingReason, RootCause,
    SurveyAnswerValue, SurveyQuestion, SurveyQuestionKind, SurveyState,
};

use crate::calendar::{from_persian, to_persian};

/// The longest description (characters).
pub const DESCRIPTION_MAX: usize = 4000;
/// The longest answer to the citizen.
pub const ANSWER_MAX: usize = 8000;
/// The longest reason, note or rating comment.
pub const TEXT_MAX: usize = 1000;
/// The longest name, e-mail, phone, desk label, department or code.
pub const SHORT_MAX: usize = 200;
/// The longest address.
pub const ADDRESS_MAX: usize = 400;
/// The longest free-text answer of a survey.
pub const SURVEY_TEXT_MAX: usize = 2000;
/// The most questions a survey has.
pub const SURVEY_QUESTIONS_MAX: usize = 50;

/// Why a field was refused (the desk maps it to its field error code; the public pages and
/// Open311 to theirs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    Required,
    TooLong(usize),
    Malformed,
    /// A question or a call-back with no phone or e-mail.
    ContactNeeded,
    /// The value is not one of those offered.
    Unknown,
    TooSmall(i64),
    TooLarge(i64),
}

pub type FieldRefusal = (String, Refusal);

fn len(s: &str) -> usize {
    s.chars().count()
}

fn short(field: &str, v: &Option<String>, max: usize, out: &mut Vec<FieldRefusal>) {
    if let Some(v) = v {
        if len(v) > max {
            out.push((field.into(), Refusal::TooLong(max)));
        }
    }
}

/// An e-mail address's shape: something@domain.tld, no spaces.
pub fn email_ok(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !s.chars().any(|c| c.is_whitespace() || c == '<' || c == '>')
        && !domain.contains('@')
}

/// A phone number's shape: 6 to 20 digits, with `+`, spaces, hyphens, dots and parentheses.
pub fn phone_ok(s: &str) -> bool {
    let digits = s.chars().filter(char::is_ascii_digit).count();
    (6..=20).contains(&digits)
        && s.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '+' | ' ' | '-' | '.' | '(' | ')'))
}

fn blank(v: &Option<String>) -> bool {
    v.as_deref().is_none_or(|s| s.trim().is_empty())
}

/// Persian and Arabic-Indic digits as Western ones (a phone number typed in Persian).
pub fn western_digits(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{06F0}'..='\u{06F9}' => char::from_u32(c as u32 - 0x06F0 + '0' as u32).unwrap_or(c),
            '\u{0660}'..='\u{0669}' => char::from_u32(c as u32 - 0x0660 + '0' as u32).unwrap_or(c),
            c => c,
        })
        .collect()
}

/// The contact with blank fields taken away (a phone number's digits made Western); none when
/// nothing is left (anonymous).
pub fn tidy_contact(c: Option<FeedbackContact>) -> Option<FeedbackContact> {
    let t = |v: Option<String>| v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
    let c = c?;
    let c = FeedbackContact {
        name: t(c.name),
        email: t(c.email),
        phone: t(c.phone.map(|p| western_digits(&p))),
        address: t(c.address),
    };
    (c != FeedbackContact::default()).then_some(c)
}

/// Checks a new item (from a desk, the public page, the kiosk or Open311). Each refusal names
/// its field as in [`FeedbackInput`] (`contact.email`). References (service, agency, staff,
/// visit) are checked against the records by the caller.
pub fn check_new(input: &FeedbackInput) -> Vec<FieldRefusal> {
    let mut out = Vec::new();
    let d = input.description.trim();
    if d.is_empty() {
        out.push(("description".into(), Refusal::Required));
    } else if len(d) > DESCRIPTION_MAX {
        out.push(("description".into(), Refusal::TooLong(DESCRIPTION_MAX)));
    }
    match input.about {
        FeedbackAbout::Service if blank(&input.service_code) => {
            out.push(("service_code".into(), Refusal::Required))
        }
        FeedbackAbout::Agency if blank(&input.agency_code) => {
            out.push(("agency_code".into(), Refusal::Required))
        }
        FeedbackAbout::Desk if blank(&input.desk) => out.push(("desk".into(), Refusal::Required)),
        _ => {}
    }
    short("service_code", &input.service_code, SHORT_MAX, &mut out);
    short("agency_code", &input.agency_code, SHORT_MAX, &mut out);
    short("desk", &input.desk, SHORT_MAX, &mut out);
    let contact = input.contact.clone().unwrap_or_default();
    short("contact.name", &contact.name, SHORT_MAX, &mut out);
    short("contact.email", &contact.email, SHORT_MAX, &mut out);
    short("contact.phone", &contact.phone, SHORT_MAX, &mut out);
    short("contact.address", &contact.address, ADDRESS_MAX, &mut out);
    if let Some(e) = contact.email.as_deref().filter(|e| !e.trim().is_empty()) {
        if !email_ok(e.trim()) && len(e) <= SHORT_MAX {
            out.push(("contact.email".into(), Refusal::Malformed));
        }
    }
    if let Some(p) = contact.phone.as_deref().filter(|p| !p.trim().is_empty()) {
        if !phone_ok(p.trim()) && len(p) <= SHORT_MAX {
            out.push(("contact.phone".into(), Refusal::Malformed));
        }
    }
    if input.kind.needs_contact() && blank(&contact.email) && blank(&contact.phone) {
        out.push(("contact.phone".into(), Refusal::ContactNeeded));
    }
    out
}

/// Why a step cannot be taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StepRefusal {
    /// The step does not apply in this state.
    InvalidTransition,
    /// A field of the step is wrong.
    Field(FieldRefusal),
}

/// The state after `step` and the event it records, or why it is refused. A step's texts are
/// checked here too; the root cause against the office's list by [`check_root_cause`].
pub fn step(
    kind: FeedbackKind,
    state: FeedbackState,
    step: &FeedbackStep,
) -> Result<(FeedbackState, FeedbackEventKind), StepRefusal> {
    use FeedbackState::*;
    let text = |field: &str, v: &str, max: usize| -> Result<(), StepRefusal> {
        if v.trim().is_empty() {
            Err(StepRefusal::Field((field.into(), Refusal::Required)))
        } else if len(v) > max {
            Err(StepRefusal::Field((field.into(), Refusal::TooLong(max))))
        } else {
            Ok(())
        }
    };
    let bad = || Err(StepRefusal::InvalidTransition);
    match step {
        FeedbackStep::Assign {
            agency_code,
            department,
            assignee_id,
        } => {
            if !state.is_open() {
                return bad();
            }
            if blank(agency_code) && blank(department) && assignee_id.is_none() {
                return Err(StepRefusal::Field((
                    "assignee_id".into(),
                    Refusal::Required,
                )));
            }
            for (f, v) in [("agency_code", agency_code), ("department", department)] {
                if v.as_deref().is_some_and(|v| len(v) > SHORT_MAX) {
                    return Err(StepRefusal::Field((f.into(), Refusal::TooLong(SHORT_MAX))));
                }
            }
            Ok((state, FeedbackEventKind::Assigned))
        }
        FeedbackStep::Start => match state {
            Received => Ok((InProgress, FeedbackEventKind::Started)),
            _ => bad(),
        },
        FeedbackStep::Answer {
            answer,
            public_note,
        } => {
            if !state.is_open() {
                return bad();
            }
            text("answer", answer, ANSWER_MAX)?;
            if public_note.as_deref().is_some_and(|n| len(n) > TEXT_MAX) {
                return Err(StepRefusal::Field((
                    "public_note".into(),
                    Refusal::TooLong(TEXT_MAX),
                )));
            }
            Ok((Answered, FeedbackEventKind::Answered))
        }
        FeedbackStep::Close {
            root_cause,
            adopted,
        } => {
            // An item that needs no answer (praise) may be closed without one.
            let closable = state == Answered || (state.is_open() && kind == FeedbackKind::Praise);
            if !closable {
                return bad();
            }
            text("root_cause", root_cause, SHORT_MAX)?;
            if adopted.is_some() && !matches!(kind, FeedbackKind::Suggestion | FeedbackKind::Idea) {
                return Err(StepRefusal::Field(("adopted".into(), Refusal::Unknown)));
            }
            Ok((Closed, FeedbackEventKind::Closed))
        }
        FeedbackStep::Reject { reason } => {
            if !state.is_open() {
                return bad();
            }
            text("reason", reason, TEXT_MAX)?;
            Ok((Rejected, FeedbackEventKind::Rejected))
        }
        FeedbackStep::Reopen { reason } => {
            if state.is_open() {
                return bad();
            }
            text("reason", reason, TEXT_MAX)?;
            Ok((InProgress, FeedbackEventKind::Reopened))
        }
        FeedbackStep::Note { text: t, .. } => {
            text("text", t, TEXT_MAX)?;
            Ok((state, FeedbackEventKind::Noted))
        }
    }
}

/// The code of a step, as carried by `feedback.step` commands.
pub fn step_code(step: &FeedbackStep) -> &'static str {
    match step {
        FeedbackStep::Assign { .. } => "assign",
        FeedbackStep::Start => "start",
        FeedbackStep::Answer { .. } => "answer",
        FeedbackStep::Close { .. } => "close",
        FeedbackStep::Reject { .. } => "reject",
        FeedbackStep::Reopen { .. } => "reopen",
        FeedbackStep::Note { .. } => "note",
    }
}

/// The steps that apply to an item in `state` (for the screen's buttons).
pub fn steps_in(kind: FeedbackKind, state: FeedbackState) -> Vec<&'static str> {
    let probes = [
        FeedbackStep::Assign {
            agency_code: Some("x".into()),
            department: None,
            assignee_id: None,
        },
        FeedbackStep::Start,
        FeedbackStep::Answer {
            answer: "x".into(),
            public_note: None,
        },
        FeedbackStep::Close {
            root_cause: "x".into(),
            adopted: None,
        },
        FeedbackStep::Reject { reason: "x".into() },
        FeedbackStep::Reopen { reason: "x".into() },
        FeedbackStep::Note {
            text: "x".into(),
            public: false,
        },
    ];
    probes
        .iter()
        .filter(|s| self::step(kind, state, s).is_ok())
        .map(step_code)
        .collect()
}

/// The root cause must be one of the office's active categories.
pub fn check_root_cause(settings: &FeedbackSettings, code: &str) -> bool {
    settings
        .root_causes
        .iter()
        .any(|r| r.active && r.code == code)
}

/// The answer deadline of an item of `kind` received on the office's day `received`: none when
/// the office sets none (0 days).
pub fn due_date(
    settings: &FeedbackSettings,
    kind: FeedbackKind,
    received: NaiveDate,
) -> Option<NaiveDate> {
    let days = settings
        .deadlines
        .iter()
        .find(|d| d.kind == kind)
        .map_or(0, |d| d.days);
    (days > 0)
        .then(|| received.checked_add_signed(Duration::days(i64::from(days))))
        .flatten()
}

fn names(en: &str, hu: &str, sk: &str, sv: &str, fa: &str) -> BTreeMap<String, String> {
    [("en", en), ("hu", hu), ("sk", sk), ("sv", sv), ("fa", fa)]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// The settings of an office that has set none: deadlines after the strictest of the seeds'
/// laws (Hungary's 30 days for complaints, Act CLXV of 2013; Slovakia's 60 working days are
/// longer), and the root causes the seeds' analyses use.
pub fn default_settings() -> FeedbackSettings {
    let d = |kind, days| FeedbackDeadline { kind, days };
    let r = |code: &str, n: BTreeMap<String, String>| RootCause {
        code: code.into(),
        names: n,
        active: true,
    };
    FeedbackSettings {
        deadlines: vec![
            d(FeedbackKind::Complaint, 30),
            d(FeedbackKind::Suggestion, 30),
            d(FeedbackKind::Idea, 60),
            d(FeedbackKind::Praise, 0),
            d(FeedbackKind::Question, 15),
            d(FeedbackKind::Callback, 2),
        ],
        root_causes: vec![
            r(
                "waiting",
                names(
                    "Waiting time",
                    "Várakozási idő",
                    "Čakacia doba",
                    "Väntetid",
                    "زمان انتظار",
                ),
            ),
            r(
                "conduct",
                names(
                    "Staff conduct",
                    "Ügyintézői magatartás",
                    "Správanie personálu",
                    "Personalens bemötande",
                    "رفتار کارکنان",
                ),
            ),
            r(
                "information",
                names(
                    "Information and guidance",
                    "Tájékoztatás",
                    "Informovanosť",
                    "Information och vägledning",
                    "اطلاع‌رسانی و راهنمایی",
                ),
            ),
            r(
                "procedure",
                names(
                    "Procedure and paperwork",
                    "Eljárás és papírmunka",
                    "Postup a administratíva",
                    "Handläggning och blanketter",
                    "روال اداری و مدارک",
                ),
            ),
            r(
                "law",
                names(
                    "Law or regulation",
                    "Jogszabály",
                    "Právny predpis",
                    "Lag eller föreskrift",
                    "قانون یا مقررات",
                ),
            ),
            r(
                "facilities",
                names(
                    "Premises and accessibility",
                    "Helyiségek és akadálymentesség",
                    "Priestory a bezbariérovosť",
                    "Lokaler och tillgänglighet",
                    "فضا و دسترسی‌پذیری",
                ),
            ),
            r(
                "systems",
                names(
                    "IT systems",
                    "Informatikai rendszerek",
                    "Informačné systémy",
                    "IT-system",
                    "سامانه‌های رایانه‌ای",
                ),
            ),
            r(
                "unfounded",
                names(
                    "Unfounded",
                    "Megalapozatlan",
                    "Neopodstatnené",
                    "Ogrundat",
                    "بی‌اساس",
                ),
            ),
            r("other", names("Other", "Egyéb", "Iné", "Övrigt", "سایر")),
        ],
        min_ratings_per_person: 10,
    }
}

/// Checks settings a supervisor saves: a deadline per kind (0–365 days), root causes with a
/// code of letters, digits and `_` and a name in every language, a minimum of 1–1000.
pub fn check_settings(s: &FeedbackSettings) -> Vec<FieldRefusal> {
    let mut out = Vec::new();
    for k in FeedbackKind::ALL {
        match s.deadlines.iter().find(|d| d.kind == k) {
            None => out.push((format!("deadlines.{}", k.code()), Refusal::Required)),
            Some(d) if d.days > 365 => {
                out.push((format!("deadlines.{}", k.code()), Refusal::TooLarge(365)))
            }
            _ => {}
        }
    }
    let mut seen = BTreeSet::new();
    for (i, r) in s.root_causes.iter().enumerate() {
        let ok = !r.code.is_empty()
            && r.code.len() <= 40
            && r.code
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !ok || !seen.insert(r.code.clone()) {
            out.push((format!("root_causes.{i}.code"), Refusal::Malformed));
        }
        for l in Locale::ALL {
            let n = r.names.get(l.code()).map_or("", |s| s.trim());
            if n.is_empty() {
                out.push((
                    format!("root_causes.{i}.names.{}", l.code()),
                    Refusal::Required,
                ));
            } else if len(n) > SHORT_MAX {
                out.push((
                    format!("root_causes.{i}.names.{}", l.code()),
                    Refusal::TooLong(SHORT_MAX),
                ));
            }
        }
    }
    if !s.root_causes.iter().any(|r| r.active) {
        out.push(("root_causes".into(), Refusal::Required));
    }
    if !(1..=1000).contains(&s.min_ratings_per_person) {
        out.push(("min_ratings_per_person".into(), Refusal::TooSmall(1)));
    }
    out
}

// --- Ratings -----------------------------------------------------------------------------------

/// The reasons offered under a score: the good ones from 4, the bad ones up to 2, both at 3.
pub fn reasons_offered(score: u8) -> Vec<RatingReason> {
    RatingReason::ALL
        .into_iter()
        .filter(|r| match score {
            4.. => r.positive(),
            3 => true,
            _ => !r.positive(),
        })
        .collect()
}

/// Checks a rating: a score of 1–5, reasons offered under it, each once, and a comment of at
/// most [`TEXT_MAX`] characters.
pub fn check_rating(
    score: u8,
    reasons: &[RatingReason],
    comment: Option<&str>,
) -> Vec<FieldRefusal> {
    let mut out = Vec::new();
    if !(1..=5).contains(&score) {
        out.push(("score".into(), Refusal::Unknown));
        return out;
    }
    let offered = reasons_offered(score);
    let unique: BTreeSet<_> = reasons.iter().collect();
    if unique.len() != reasons.len() || reasons.iter().any(|r| !offered.contains(r)) {
        out.push(("reasons".into(), Refusal::Unknown));
    }
    if comment.is_some_and(|c| len(c) > TEXT_MAX) {
        out.push(("comment".into(), Refusal::TooLong(TEXT_MAX)));
    }
    out
}

// --- Surveys -----------------------------------------------------------------------------------

/// Checks a questionnaire: a title in the office's language, 1–50 questions with unique ids,
/// each with its text in the office's language, choices with 2–20 options of unique ids, and
/// no options on a scale or text question; the period's end not before its start.
pub fn check_survey(
    office_locale: Locale,
    title: &BTreeMap<String, String>,
    intro: &BTreeMap<String, String>,
    starts_on: NaiveDate,
    ends_on: NaiveDate,
    questions: &[SurveyQuestion],
) -> Vec<FieldRefusal> {
    let mut out = Vec::new();
    let lc = office_locale.code();
    let has = |t: &BTreeMap<String, String>| t.get(lc).is_some_and(|s| !s.trim().is_empty());
    let too_long = |t: &BTreeMap<String, String>| t.values().any(|s| len(s) > TEXT_MAX);
    if !has(title) {
        out.push((format!("title.{lc}"), Refusal::Required));
    }
    if too_long(title) {
        out.push(("title".into(), Refusal::TooLong(TEXT_MAX)));
    }
    if too_long(intro) {
        out.push(("intro".into(), Refusal::TooLong(TEXT_MAX)));
    }
    if ends_on < starts_on {
        out.push(("ends_on".into(), Refusal::TooSmall(0)));
    }
    if questions.is_empty() {
        out.push(("questions".into(), Refusal::Required));
    }
    if questions.len() > SURVEY_QUESTIONS_MAX {
        out.push(("questions".into(), Refusal::TooLong(SURVEY_QUESTIONS_MAX)));
    }
    let mut ids = BTreeSet::new();
    for (i, q) in questions.iter().enumerate() {
        let id_ok = !q.id.is_empty()
            && q.id.len() <= 20
            && q.id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !id_ok || !ids.insert(q.id.as_str()) {
            out.push((format!("questions.{i}.id"), Refusal::Malformed));
        }
        if !has(&q.text) {
            out.push((format!("questions.{i}.text.{lc}"), Refusal::Required));
        }
        if too_long(&q.text) {
            out.push((format!("questions.{i}.text"), Refusal::TooLong(TEXT_MAX)));
        }
        let choice = matches!(
            q.kind,
            SurveyQuestionKind::Single | SurveyQuestionKind::Multiple
        );
        if choice {
            if !(2..=20).contains(&q.options.len()) {
                out.push((format!("questions.{i}.options"), Refusal::TooSmall(2)));
            }
            let mut oids = BTreeSet::new();
            for (j, o) in q.options.iter().enumerate() {
                if o.id.is_empty() || o.id.len() > 20 || !oids.insert(o.id.as_str()) {
                    out.push((format!("questions.{i}.options.{j}.id"), Refusal::Malformed));
                }
                if !has(&o.text) {
                    out.push((
                        format!("questions.{i}.options.{j}.text.{lc}"),
                        Refusal::Required,
                    ));
                }
                if too_long(&o.text) {
                    out.push((
                        format!("questions.{i}.options.{j}.text"),
                        Refusal::TooLong(TEXT_MAX),
                    ));
                }
            }
        } else if !q.options.is_empty() {
            out.push((format!("questions.{i}.options"), Refusal::Malformed));
        }
    }
    out
}

/// Checks one answer sheet against the questions: every required question answered, each
/// answer of its question's kind (a scale's 1–5, one offered option, offered options each once,
/// a text of at most [`SURVEY_TEXT_MAX`]), and no answer to a question the survey does not ask.
/// The refusal names the question's id.
pub fn check_answers(
    questions: &[SurveyQuestion],
    answers: &BTreeMap<String, SurveyAnswerValue>,
) -> Vec<FieldRefusal> {
    let mut out = Vec::new();
    for id in answers.keys() {
        if !questions.iter().any(|q| &q.id == id) {
            out.push((id.clone(), Refusal::Unknown));
        }
    }
    for q in questions {
        let a = answers.get(&q.id);
        let empty = match a {
            None => true,
            Some(SurveyAnswerValue::Text(t)) => t.trim().is_empty(),
            Some(SurveyAnswerValue::Options(o)) => o.is_empty(),
            Some(SurveyAnswerValue::Scale(_)) => false,
        };
        if empty {
            if q.required {
                out.push((q.id.clone(), Refusal::Required));
            }
            continue;
        }
        let offered = |o: &str| q.options.iter().any(|x| x.id == o);
        let ok = match (q.kind, a) {
            (SurveyQuestionKind::Scale, Some(SurveyAnswerValue::Scale(n))) => (1..=5).contains(n),
            (SurveyQuestionKind::Single, Some(SurveyAnswerValue::Text(o))) => offered(o),
            (SurveyQuestionKind::Single, Some(SurveyAnswerValue::Options(o))) => {
                o.len() == 1 && offered(&o[0])
            }
            (SurveyQuestionKind::Multiple, Some(SurveyAnswerValue::Options(o))) => {
                let u: BTreeSet<_> = o.iter().collect();
                u.len() == o.len() && o.iter().all(|x| offered(x))
            }
            (SurveyQuestionKind::Text, Some(SurveyAnswerValue::Text(t))) => {
                len(t) <= SURVEY_TEXT_MAX
            }
            _ => false,
        };
        if !ok {
            out.push((q.id.clone(), Refusal::Malformed));
        }
    }
    out
}

/// An invitation code: 8 characters without 0/O, 1/I/L to misread, as booking codes.
pub fn survey_code(random: &[u8; 8]) -> String {
    crate::queue::booking_code(random)
}

/// Whether a survey may move from `from` to `to`: forward only (draft → published → closed; a
/// draft may be closed unpublished), so answers always match the questions they answered.
pub fn survey_step_ok(from: SurveyState, to: SurveyState) -> bool {
    use SurveyState::*;
    matches!(
        (from, to),
        (Draft, _) | (Published, Published) | (Published, Closed) | (Closed, Closed)
    )
}

/// Whether a survey takes answers on the office's day `day`.
pub fn survey_open(
    state: SurveyState,
    starts_on: NaiveDate,
    ends_on: NaiveDate,
    day: NaiveDate,
) -> bool {
    state == SurveyState::Published && starts_on <= day && day <= ends_on
}

/// A code as typed: upper case, spaces and hyphens taken away.
pub fn normalize_code(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .flat_map(char::to_uppercase)
        .collect()
}

// --- Half-years --------------------------------------------------------------------------------

/// A half-year of the office's calendar: first and last day (Gregorian dates), its year and
/// half (1 or 2) in that calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HalfYear {
    pub year: i32,
    pub half: u8,
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl HalfYear {
    /// `1397 H2`, `2026 H1` (digits as the reader's language writes them is the caller's).
    pub fn label(&self) -> String {
        format!("{} H{}", self.year, self.half)
    }

    /// The half-year before.
    pub fn previous(&self, calendar: Calendar) -> Option<HalfYear> {
        half_year(self.from.pred_opt()?, calendar)
    }
}

/// The half-year `d` falls in: January–June and July–December, or in the Persian calendar
/// Farvardin–Shahrivar and Mehr–Esfand (1397 H2 is 2018-09-23 … 2019-03-20).
pub fn half_year(d: NaiveDate, calendar: Calendar) -> Option<HalfYear> {
    match calendar {
        Calendar::Gregorian => {
            let (y, h) = (d.year(), if d.month() <= 6 { 1 } else { 2 });
            let from = NaiveDate::from_ymd_opt(y, if h == 1 { 1 } else { 7 }, 1)?;
            let to = if h == 1 {
                NaiveDate::from_ymd_opt(y, 6, 30)?
            } else {
                NaiveDate::from_ymd_opt(y, 12, 31)?
            };
            Some(HalfYear {
                year: y,
                half: h,
                from,
                to,
            })
        }
        Calendar::Persian => {
            let (y, m, _) = to_persian(d);
            let h = if m <= 6 { 1 } else { 2 };
            let from = from_persian(y, if h == 1 { 1 } else { 7 }, 1)?;
            let to = if h == 1 {
                from_persian(y, 7, 1)?.pred_opt()?
            } else {
                from_persian(y + 1, 1, 1)?.pred_opt()?
            };
            Some(HalfYear {
                year: y,
                half: h,
                from,
                to,
            })
        }
    }
}

/// The names of the kinds of feedback and of what an item is about, in the five languages (the
/// desk's documents and the server's Open311 answers both use them); empty for another key.
pub fn word(key: &str, l: Locale) -> &'static str {
    let row: [&str; 5] = match key {
        "complaint" => ["Complaint", "Panasz", "Sťažnosť", "Klagomål", "شکایت"],
        "suggestion" => ["Suggestion", "Javaslat", "Návrh", "Förslag", "پیشنهاد"],
        "idea" => ["Idea", "Ötlet", "Nápad", "Idé", "ایده"],
        "praise" => ["Praise", "Dicséret", "Pochvala", "Beröm", "قدردانی"],
        "question" => ["Question", "Kérdés", "Otázka", "Fråga", "پرسش"],
        "callback" => [
            "Call-back request",
            "Visszahívás kérése",
            "Žiadosť o spätné volanie",
            "Begäran om återuppringning",
            "درخواست تماس",
        ],
        "office" => [
            "The office in general",
            "A hivatal általában",
            "Úrad všeobecne",
            "Kontoret i allmänhet",
            "اداره به طور کلی",
        ],
        "service" => [
            "A service",
            "Egy szolgáltatás",
            "Služba",
            "En tjänst",
            "یک خدمت",
        ],
        "agency" => [
            "An agency",
            "Egy szerv",
            "Úrad",
            "En myndighet",
            "یک سازمان",
        ],
        "desk" => ["A desk", "Egy ügyfélpult", "Prepážka", "En disk", "یک باجه"],
        "staff" => [
            "A member of staff",
            "Egy munkatárs",
            "Pracovník",
            "En medarbetare",
            "یک کارمند",
        ],
        _ => ["", "", "", "", ""],
    };
    row[Locale::ALL.iter().position(|x| *x == l).unwrap_or(0)]
}

#[cfg(test)]
mod tests;
