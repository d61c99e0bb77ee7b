//! The queue's rules, decided the same way by the office server (the shared line) and by a desk
//! cut off from it (its own line): which ticket is called next, what a desk may do with a ticket
//! in which state, how ticket numbers are written, and what the waiting room hears.

use okno_wire::{
    CallScore, Locale, OpeningDay, OpeningHours, TicketAction, TicketPriority, TicketState,
    VisitEventKind,
};

/// Minutes of waiting a priority is worth: a ticket with reduced mobility goes before one that
/// has waited up to this much longer, never before one that has waited more. Waiting time ages
/// every ticket, so no stream of priorities starves a walk-in.
pub const PRIORITY_MINUTES: f64 = 15.0;
pub const NEEDS_MINUTES: f64 = 10.0;
/// Minutes a private ticket is worth at a private desk (where it is best served).
pub const PRIVATE_MINUTES: f64 = 20.0;
/// Minutes an appointment is worth once its slot has begun: it is called first then (before a
/// walk-in who has waited up to this long), never before its slot.
pub const APPOINTMENT_MINUTES: f64 = 60.0;
/// How late after its slot's start a booking still checks in as an appointment; later, it
/// becomes a normal ticket.
pub const GRACE_MS: i64 = 10 * 60_000;
/// How many of a ticket's calls may lapse unanswered before it leaves the line by itself.
pub const MAX_CALLS: u32 = 3;
/// How long a ticket stays "called" without being served before the call lapses: it is
/// back in the line for another call or, after [`MAX_CALLS`] lapses, out of it.
pub const CALL_LAPSES_MS: i64 = 10 * 60_000;

/// One ticket as the ordering rule sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate<'a> {
    pub number: &'a str,
    pub category: &'a str,
    pub priority: TicketPriority,
    pub private: bool,
    /// When it was taken (a transferred or returned ticket keeps this: its place in time).
    pub taken_at: i64,
    /// A ticket transferred to one desk waits for that desk only.
    pub for_desk: Option<&'a str>,
    /// The start of its appointment's slot, if it was checked in for one.
    pub appointment_at: Option<i64>,
}

/// The desk that calls.
#[derive(Debug, Clone, PartialEq)]
pub struct Caller<'a> {
    pub label: &'a str,
    pub categories: &'a [String],
    pub private: bool,
}

/// The score of a waiting ticket for a desk at `now`: minutes waited plus the minutes its
/// priority is worth. `None` when the desk does not serve it.
pub fn score(c: &Candidate<'_>, desk: &Caller<'_>, now: i64) -> Option<CallScore> {
    if !desk.categories.iter().any(|k| k == c.category) {
        return None;
    }
    if let Some(d) = c.for_desk {
        if d != desk.label {
            return None;
        }
    }
    // A private talk is worth more at a private desk (the glass room serves those first); any
    // desk may still call it, so it never waits for a room that is busy or closed.
    let waited = ((now - c.taken_at).max(0) as f64) / 60_000.0;
    let priority = match c.priority {
        TicketPriority::Normal => 0.0,
        TicketPriority::Mobility => PRIORITY_MINUTES,
        TicketPriority::Needs => NEEDS_MINUTES,
    };
    let private = if c.private && desk.private {
        PRIVATE_MINUTES
    } else {
        0.0
    };
    let appointment = match c.appointment_at {
        Some(at) if at <= now => APPOINTMENT_MINUTES,
        _ => 0.0,
    };
    let round = |x: f64| (x * 100.0).round() / 100.0;
    Some(CallScore {
        number: c.number.to_string(),
        waited: round(waited),
        priority,
        private,
        appointment,
        total: round(waited + priority + private + appointment),
    })
}

/// Which candidate a desk calls next, with the scores of the best few (recorded with the call,
/// so "why was he called before me?" has an answer). Ties go to the earlier ticket, then to
/// the lower number.
pub fn pick(
    candidates: &[Candidate<'_>],
    desk: &Caller<'_>,
    now: i64,
) -> (Option<usize>, Vec<CallScore>) {
    let ranked = rank(candidates, desk, now);
    let first = ranked.first().map(|(i, _)| *i);
    let scores = ranked.into_iter().take(5).map(|(_, s)| s).collect();
    (first, scores)
}

/// Every candidate the desk serves, in the order it would call them at `now` (a ticket's score
/// does not depend on the others, so calling the first again and again gives this order).
pub fn rank(candidates: &[Candidate<'_>], desk: &Caller<'_>, now: i64) -> Vec<(usize, CallScore)> {
    let mut scored: Vec<(usize, CallScore)> = candidates
        .iter()
        .enumerate()
        .filter_map(|(i, c)| score(c, desk, now).map(|s| (i, s)))
        .collect();
    scored.sort_by(|(ia, a), (ib, b)| {
        b.total
            .total_cmp(&a.total)
            .then(candidates[*ia].taken_at.cmp(&candidates[*ib].taken_at))
            .then(candidates[*ia].number.cmp(candidates[*ib].number))
    });
    scored
}

/// The state a desk's action takes a ticket to, or `None` when the action does not apply.
pub fn transition(from: TicketState, action: &TicketAction) -> Option<TicketState> {
    use TicketState::*;
    Some(match (from, action) {
        (Called, TicketAction::Recall) => Called,
        (Called, TicketAction::Start) => Serving,
        (Called | Serving, TicketAction::Finish) => Done,
        (Called, TicketAction::NoShow) => NoShow,
        (Called | Serving, TicketAction::Park) => Parked,
        (Parked, TicketAction::Return) => Waiting,
        (Called | Serving | Parked | Waiting, TicketAction::Transfer { .. }) => Waiting,
        (s, TicketAction::PrintFailed | TicketAction::Printed) => s,
        _ => return None,
    })
}

/// Whether only the desk that called the ticket may do it (recall, serve, let go).
pub fn desk_only(a: &TicketAction) -> bool {
    matches!(
        a,
        TicketAction::Recall
            | TicketAction::Start
            | TicketAction::Finish
            | TicketAction::NoShow
            | TicketAction::Park
    )
}

/// The event an action leaves on the visit's timeline.
pub fn event_of(a: &TicketAction) -> VisitEventKind {
    match a {
        TicketAction::Recall => VisitEventKind::Recalled,
        TicketAction::Start => VisitEventKind::Started,
        TicketAction::Finish => VisitEventKind::Finished,
        TicketAction::NoShow => VisitEventKind::NoShow,
        TicketAction::Park => VisitEventKind::Parked,
        TicketAction::Return => VisitEventKind::Returned,
        TicketAction::Transfer { .. } => VisitEventKind::Transferred,
        TicketAction::PrintFailed => VisitEventKind::PrintFailed,
        TicketAction::Printed => VisitEventKind::Printed,
    }
}

/// An event's code as stored (`called`, `no_show`).
pub fn event_code(k: VisitEventKind) -> String {
    match serde_json::to_value(k) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

/// The action of a code (a transfer's category and desk are the ticket's new ones).
pub fn action_from(code: &str, category: &str, desk: Option<&str>) -> Option<TicketAction> {
    Some(match code {
        "recall" => TicketAction::Recall,
        "start" => TicketAction::Start,
        "finish" => TicketAction::Finish,
        "no_show" => TicketAction::NoShow,
        "park" => TicketAction::Park,
        "return" => TicketAction::Return,
        "transfer" => TicketAction::Transfer {
            category: category.into(),
            desk: desk.map(str::to_string),
        },
        "print_failed" => TicketAction::PrintFailed,
        "printed" => TicketAction::Printed,
        _ => return None,
    })
}

/// The action's code, as stored in the visit's events and sync commands.
pub fn action_code(a: &TicketAction) -> &'static str {
    match a {
        TicketAction::Recall => "recall",
        TicketAction::Start => "start",
        TicketAction::Finish => "finish",
        TicketAction::NoShow => "no_show",
        TicketAction::Park => "park",
        TicketAction::Return => "return",
        TicketAction::Transfer { .. } => "transfer",
        TicketAction::PrintFailed => "print_failed",
        TicketAction::Printed => "printed",
    }
}

pub fn state_code(s: TicketState) -> &'static str {
    match s {
        TicketState::Waiting => "waiting",
        TicketState::Called => "called",
        TicketState::Serving => "serving",
        TicketState::Parked => "parked",
        TicketState::Done => "done",
        TicketState::NoShow => "no_show",
    }
}

pub fn state_from(code: &str) -> Option<TicketState> {
    use TicketState::*;
    [Waiting, Called, Serving, Parked, Done, NoShow]
        .into_iter()
        .find(|s| state_code(*s) == code)
}

pub fn priority_code(p: TicketPriority) -> &'static str {
    match p {
        TicketPriority::Normal => "normal",
        TicketPriority::Mobility => "mobility",
        TicketPriority::Needs => "needs",
    }
}

pub fn priority_from(code: &str) -> Option<TicketPriority> {
    use TicketPriority::*;
    [Normal, Mobility, Needs]
        .into_iter()
        .find(|p| priority_code(*p) == code)
}

/// A category code: one to three capital letters (the ticket's prefix).
pub fn valid_category(code: &str) -> bool {
    (1..=3).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_uppercase())
}

/// A desk label: one to eight letters or digits.
pub fn valid_desk(label: &str) -> bool {
    (1..=8).contains(&label.chars().count()) && label.chars().all(char::is_alphanumeric)
}

/// The office server's ticket number: category, then the day's sequence (`M-042`).
pub fn ticket_number(category: &str, seq: i64) -> String {
    format!("{category}-{seq:03}")
}

/// A ticket a desk issued while cut off from its server: category, desk, then the desk's own
/// sequence (`M-3-007`). The server's numbers have one hyphen, these two, so the two never
/// collide; desks differ by label, and the hyphen keeps `M` at desk `B2` apart from `MB` at
/// desk `2`.
pub fn offline_ticket_number(category: &str, desk: &str, seq: i64) -> String {
    format!("{}{seq:03}", offline_prefix(category, desk))
}

/// What a desk's own numbers begin with (`M-3-`).
pub fn offline_prefix(category: &str, desk: &str) -> String {
    format!("{category}-{desk}-")
}

/// Whether `number` is one a desk numbered itself in `category` (`M-3-007`).
pub fn is_offline_number(category: &str, number: &str) -> bool {
    let mut parts = number.split('-');
    matches!(
        (parts.next(), parts.next(), parts.next(), parts.next()),
        (Some(c), Some(d), Some(n), None)
            if c == category && valid_desk(d) && !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())
    )
}

/// The number as it is spoken: letters apart, the sequence without leading zeros
/// ("M-042" → "M 42", "M-3-007" → "M 3 7").
pub fn spoken_number(number: &str) -> String {
    let mut parts = Vec::new();
    let pieces: Vec<&str> = number.split('-').collect();
    let (head, middle, seq) = match pieces.as_slice() {
        [h, d, s] => (*h, Some(*d), *s),
        [h, s] => (*h, None, *s),
        _ => (number, None, ""),
    };
    for c in head.chars() {
        parts.push(c.to_string());
    }
    if let Some(d) = middle {
        parts.push(d.to_string());
    }
    let seq = seq.trim_start_matches('0');
    parts.push(if seq.is_empty() {
        "0".into()
    } else {
        seq.into()
    });
    parts.join(" ")
}

/// The espeak-ng voice of a language.
pub fn voice(locale: Locale) -> &'static str {
    match locale {
        Locale::En => "en",
        Locale::Hu => "hu",
        Locale::Sk => "sk",
        Locale::Sv => "sv",
        Locale::Fa => "fa",
    }
}

/// What the waiting room hears when a ticket is called to a desk, in the ticket's language.
pub fn announcement(locale: Locale, number: &str, desk: &str) -> String {
    let n = spoken_number(number);
    match locale {
        Locale::En => format!("Ticket {n}, please come to desk {desk}."),
        Locale::Hu => format!("{n} sorszám, kérjük, fáradjon a {desk}. ablakhoz."),
        Locale::Sk => format!("Poradové číslo {n}, nech sa páči k okienku {desk}."),
        Locale::Sv => format!("Nummer {n}, var god kom till lucka {desk}."),
        Locale::Fa => format!("شماره {n}، لطفاً به باجه {desk} مراجعه کنید."),
    }
}

/// The arguments of `espeak-ng` that speak `text` in `locale` as WAV on its standard output.
pub fn espeak_args(locale: Locale, text: &str) -> Vec<String> {
    ["-v", voice(locale), "-s", "140", "--stdout", text]
        .into_iter()
        .map(str::to_string)
        .collect()
}

/// espeak-ng streams its WAV, so the header leaves the lengths open; players that read them
/// (and `soxi`) need them filled in.
pub fn wav_with_lengths(mut wav: Vec<u8>) -> Vec<u8> {
    let len = wav.len();
    if len < 12 || &wav[..4] != b"RIFF" {
        return wav;
    }
    wav[4..8].copy_from_slice(&((len - 8) as u32).to_le_bytes());
    let mut at = 12;
    while at + 8 <= len {
        let size =
            u32::from_le_bytes([wav[at + 4], wav[at + 5], wav[at + 6], wav[at + 7]]) as usize;
        if &wav[at..at + 4] == b"data" {
            wav[at + 4..at + 8].copy_from_slice(&((len - at - 8) as u32).to_le_bytes());
            break;
        }
        at += 8 + size + (size & 1);
    }
    wav
}

/// A ticket number as the announcement endpoint takes it (letters, digits and hyphens).
pub fn valid_ticket_number(n: &str) -> bool {
    (1..=16).contains(&n.len()) && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

/// Minutes since midnight of `HH:MM` (00:00–24:00).
pub fn minutes_of(hhmm: &str) -> Option<u32> {
    let (h, m) = hhmm.trim().split_once(':')?;
    if h.len() != 2 || m.len() != 2 {
        return None;
    }
    let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    (m < 60 && (h < 24 || (h == 24 && m == 0))).then_some(h * 60 + m)
}

/// Why a day's hours are refused, by the day's index in the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HoursProblem {
    /// Not `HH:MM`, or a span that ends before it begins.
    Malformed,
    /// Spans overlap or are out of order.
    Overlap,
    /// Weekdays are 1 to 7, each at most once.
    BadWeekday,
}

/// Checks a week of opening hours; the problems come with the index of the day they are in.
pub fn check_hours(h: &OpeningHours) -> Vec<(usize, HoursProblem)> {
    let mut out = Vec::new();
    let mut seen = [false; 8];
    for (i, d) in h.days.iter().enumerate() {
        if !(1..=7).contains(&d.weekday) || seen[d.weekday as usize] {
            out.push((i, HoursProblem::BadWeekday));
            continue;
        }
        seen[d.weekday as usize] = true;
        let mut last_end = 0;
        for s in &d.spans {
            match (minutes_of(&s.from), minutes_of(&s.to)) {
                (Some(a), Some(b)) if a < b => {
                    if a < last_end {
                        out.push((i, HoursProblem::Overlap));
                        break;
                    }
                    last_end = b;
                }
                _ => {
                    out.push((i, HoursProblem::Malformed));
                    break;
                }
            }
        }
    }
    out
}

/// A day of opening hours as its synced row holds it: the weekday and the spans as JSON
/// (`[["08:00", "12:00"], …]`). `None` when the spans do not read.
pub fn day_from_row(weekday: i64, spans: &str) -> Option<OpeningDay> {
    let spans: Vec<(String, String)> = serde_json::from_str(spans).ok()?;
    Some(OpeningDay {
        weekday: u8::try_from(weekday).unwrap_or(0),
        spans: spans
            .into_iter()
            .map(|(from, to)| okno_wire::OpeningSpan { from, to })
            .collect(),
    })
}

/// Whether the office is open on `weekday` (1 = Monday) at `minute` of the day, office time.
/// Hours not set (no days at all) mean open.
pub fn is_open(h: &OpeningHours, weekday: u8, minute: u32) -> bool {
    if h.days.is_empty() {
        return true;
    }
    h.days
        .iter()
        .filter(|d: &&OpeningDay| d.weekday == weekday)
        .flat_map(|d| d.spans.iter())
        .any(|s| matches!((minutes_of(&s.from), minutes_of(&s.to)), (Some(a), Some(b)) if a <= minute && minute < b))
}

/// The starts of a day's slots, in minutes of the day: every `slot_minutes` from the start of
/// each opening span, as long as the slot ends within it.
pub fn slot_starts(h: &OpeningHours, weekday: u8, slot_minutes: u32) -> Vec<u32> {
    if slot_minutes == 0 {
        return Vec::new();
    }
    let mut out = Vec::new();
    for d in h.days.iter().filter(|d| d.weekday == weekday) {
        for s in &d.spans {
            if let (Some(a), Some(b)) = (minutes_of(&s.from), minutes_of(&s.to)) {
                let mut t = a;
                while t + slot_minutes <= b {
                    out.push(t);
                    t += slot_minutes;
                }
            }
        }
    }
    out
}

/// A booking code: eight characters a citizen reads out without confusion (no 0/O, 1/I/L).
pub fn booking_code(random: &[u8; 8]) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
    random
        .iter()
        .map(|b| ALPHABET[*b as usize % ALPHABET.len()] as char)
        .collect()
}

/// A code as typed (lower case, spaces, dashes) in its stored form.
pub fn normal_code(typed: &str) -> String {
    typed
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// The estimated wait in minutes of a ticket with `ahead` tickets before it, when `desks` desks
/// serve its category and a service takes `service_minutes` (today's median, or a default).
pub fn estimated_wait(ahead: u32, desks: u32, service_minutes: f64) -> u32 {
    let desks = desks.max(1) as f64;
    ((ahead as f64) * service_minutes / desks).ceil() as u32
}

/// The service time assumed before the day has any finished service.
pub const DEFAULT_SERVICE_MINUTES: f64 = 6.0;

#[cfg(test)]
mod tests {
    use super::*;

    fn cats(c: &[&str]) -> Vec<String> {
        c.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn numbers_are_written_and_spoken() {
        assert_eq!(ticket_number("M", 42), "M-042");
        assert_eq!(offline_ticket_number("M", "3", 7), "M-3-007");
        assert!(is_offline_number("M", "M-3-007") && is_offline_number("M", "M-B2-001"));
        assert!(!is_offline_number("M", "M-042") && !is_offline_number("MB", "M-B2-001"));
        assert_eq!(spoken_number("M-042"), "M 42");
        assert_eq!(spoken_number("M-3-007"), "M 3 7");
        assert_eq!(spoken_number("AB-100"), "A B 100");
        assert!(valid_category("M") && valid_category("ABC"));
        assert!(!valid_category("m") && !valid_category("") && !valid_category("ABCD"));
        assert!(valid_desk("3") && valid_desk("B12") && !valid_desk("3 ") && !valid_desk(""));
    }

    #[test]
    fn priority_is_worth_minutes_not_a_pass() {
        let categories = cats(&["M"]);
        let desk = Caller {
            label: "1",
            categories: &categories,
            private: false,
        };
        let walk_in = Candidate {
            number: "M-001",
            category: "M",
            priority: TicketPriority::Normal,
            private: false,
            taken_at: 0,
            for_desk: None,
            appointment_at: None,
        };
        let wheelchair = Candidate {
            number: "M-002",
            priority: TicketPriority::Mobility,
            taken_at: 10 * 60_000,
            ..walk_in.clone()
        };
        // After 20 minutes the walk-in has waited 20, the other 10 + 15.
        let (i, s) = pick(&[walk_in.clone(), wheelchair.clone()], &desk, 20 * 60_000);
        assert_eq!(i, Some(1));
        assert_eq!(s[0].total, 25.0);
        // A priority ticket taken 20 minutes after the walk-in goes after it.
        let late = Candidate {
            taken_at: 20 * 60_000,
            ..wheelchair
        };
        assert_eq!(pick(&[walk_in, late], &desk, 30 * 60_000).0, Some(0));
    }

    #[test]
    fn a_desk_calls_only_its_categories_and_transfers_to_it() {
        let categories = cats(&["A"]);
        let desk = Caller {
            label: "2",
            categories: &categories,
            private: false,
        };
        let m = Candidate {
            number: "M-001",
            category: "M",
            priority: TicketPriority::Normal,
            private: false,
            taken_at: 0,
            for_desk: None,
            appointment_at: None,
        };
        let for_other = Candidate {
            number: "A-001",
            category: "A",
            for_desk: Some("5"),
            ..m.clone()
        };
        assert_eq!(pick(&[m.clone(), for_other], &desk, 1).0, None);
        let for_me = Candidate {
            number: "A-002",
            category: "A",
            for_desk: Some("2"),
            ..m
        };
        assert_eq!(pick(&[for_me], &desk, 1).0, Some(0));
    }

    /// Random lines and desks: the call is always a ticket the desk serves, with no better
    /// score among them (ties to the earlier ticket).
    #[test]
    fn the_call_is_the_best_score_of_what_the_desk_serves() {
        use rand::{Rng, SeedableRng};
        let mut rng = rand::rngs::StdRng::seed_from_u64(7);
        let cats = ["A", "B", "C"];
        for _ in 0..2000 {
            let n = rng.gen_range(0..30);
            let numbers: Vec<String> = (0..n).map(|i| format!("T-{i:03}")).collect();
            let labels = ["1", "2"];
            let line: Vec<Candidate<'_>> = (0..n)
                .map(|i| Candidate {
                    number: &numbers[i],
                    category: cats[rng.gen_range(0..3)],
                    priority: [
                        TicketPriority::Normal,
                        TicketPriority::Mobility,
                        TicketPriority::Needs,
                    ][rng.gen_range(0..3)],
                    private: rng.gen_bool(0.2),
                    taken_at: rng.gen_range(0..3_600_000),
                    for_desk: rng.gen_bool(0.1).then(|| labels[rng.gen_range(0..2)]),
                    appointment_at: rng.gen_bool(0.1).then(|| rng.gen_range(0..4_200_000)),
                })
                .collect();
            let categories: Vec<String> = cats
                .iter()
                .filter(|_| rng.gen_bool(0.6))
                .map(|c| c.to_string())
                .collect();
            let desk = Caller {
                label: "1",
                categories: &categories,
                private: rng.gen_bool(0.3),
            };
            let now = 3_600_000 + rng.gen_range(0..600_000);
            let served: Vec<usize> = (0..n)
                .filter(|i| score(&line[*i], &desk, now).is_some())
                .collect();
            let (best, scores) = pick(&line, &desk, now);
            match best {
                None => assert!(served.is_empty()),
                Some(b) => {
                    assert!(served.contains(&b));
                    assert!(categories.iter().any(|c| c == line[b].category));
                    assert!(line[b].for_desk.is_none_or(|d| d == "1"));
                    let top = score(&line[b], &desk, now).unwrap();
                    assert_eq!(scores[0], top);
                    for i in &served {
                        let s = score(&line[*i], &desk, now).unwrap();
                        assert!(
                            s.total < top.total
                                || (s.total == top.total && line[*i].taken_at >= line[b].taken_at),
                            "{s:?} beats {top:?}"
                        );
                    }
                }
            }
        }
    }

    /// A walk-in is never starved: with a priority ticket arriving every minute and one call a
    /// minute, the walk-in is called within the minutes priority is worth.
    #[test]
    fn waiting_time_ages_every_ticket() {
        let categories = cats(&["M"]);
        let desk = Caller {
            label: "1",
            categories: &categories,
            private: false,
        };
        let numbers: Vec<String> = (0..200).map(|i| format!("M-{i:03}")).collect();
        let mut line = vec![Candidate {
            number: "W-001",
            category: "M",
            priority: TicketPriority::Normal,
            private: false,
            taken_at: 0,
            for_desk: None,
            appointment_at: None,
        }];
        for minute in 0..200i64 {
            line.push(Candidate {
                number: &numbers[minute as usize],
                category: "M",
                priority: TicketPriority::Mobility,
                private: false,
                taken_at: minute * 60_000,
                for_desk: None,
                appointment_at: None,
            });
            let (best, _) = pick(&line, &desk, minute * 60_000 + 30_000);
            let called = line.remove(best.unwrap());
            if called.number == "W-001" {
                assert!(
                    minute as f64 <= PRIORITY_MINUTES + 1.0,
                    "called after {minute} minutes"
                );
                return;
            }
        }
        panic!("the walk-in was never called");
    }

    #[test]
    fn opening_hours_are_checked_and_answer_open_or_closed() {
        use okno_wire::OpeningSpan;
        let span = |a: &str, b: &str| OpeningSpan {
            from: a.into(),
            to: b.into(),
        };
        let week = OpeningHours {
            days: vec![
                OpeningDay {
                    weekday: 1,
                    spans: vec![span("08:00", "12:00"), span("13:00", "16:30")],
                },
                OpeningDay {
                    weekday: 6,
                    spans: vec![],
                },
            ],
        };
        assert!(check_hours(&week).is_empty());
        assert!(is_open(&week, 1, 8 * 60));
        assert!(!is_open(&week, 1, 12 * 60), "the end is not open");
        assert!(is_open(&week, 1, 16 * 60 + 29));
        assert!(!is_open(&week, 6, 10 * 60), "closed on Saturday");
        assert!(!is_open(&week, 2, 10 * 60), "a day not listed is closed");
        assert!(
            is_open(&OpeningHours::default(), 7, 3 * 60),
            "no hours set: always open"
        );
        let bad = OpeningHours {
            days: vec![
                OpeningDay {
                    weekday: 1,
                    spans: vec![span("8:00", "12:00")],
                },
                OpeningDay {
                    weekday: 2,
                    spans: vec![span("12:00", "11:00")],
                },
                OpeningDay {
                    weekday: 3,
                    spans: vec![span("08:00", "12:00"), span("11:00", "13:00")],
                },
                OpeningDay {
                    weekday: 3,
                    spans: vec![],
                },
                OpeningDay {
                    weekday: 9,
                    spans: vec![],
                },
            ],
        };
        assert_eq!(
            check_hours(&bad),
            vec![
                (0, HoursProblem::Malformed),
                (1, HoursProblem::Malformed),
                (2, HoursProblem::Overlap),
                (3, HoursProblem::BadWeekday),
                (4, HoursProblem::BadWeekday),
            ]
        );
        assert_eq!(minutes_of("24:00"), Some(1440));
        assert_eq!(minutes_of("24:01"), None);
    }

    #[test]
    fn an_appointment_is_called_first_once_its_slot_begins() {
        let categories = cats(&["M"]);
        let desk = Caller {
            label: "1",
            categories: &categories,
            private: false,
        };
        let walk_in = Candidate {
            number: "M-001",
            category: "M",
            priority: TicketPriority::Normal,
            private: false,
            taken_at: 0,
            for_desk: None,
            appointment_at: None,
        };
        let booked = Candidate {
            number: "M-002",
            taken_at: 5 * 60_000,
            appointment_at: Some(20 * 60_000),
            ..walk_in.clone()
        };
        // Before its slot: an ordinary ticket (the walk-in has waited longer).
        assert_eq!(
            pick(&[walk_in.clone(), booked.clone()], &desk, 15 * 60_000).0,
            Some(0)
        );
        // Once its slot has begun: first.
        let (i, s) = pick(&[walk_in, booked], &desk, 21 * 60_000);
        assert_eq!(i, Some(1));
        assert_eq!(s[0].appointment, APPOINTMENT_MINUTES);
    }

    #[test]
    fn slots_fill_the_opening_spans_and_codes_read_clearly() {
        use okno_wire::OpeningSpan;
        let week = OpeningHours {
            days: vec![OpeningDay {
                weekday: 2,
                spans: vec![
                    OpeningSpan {
                        from: "08:00".into(),
                        to: "09:00".into(),
                    },
                    OpeningSpan {
                        from: "13:00".into(),
                        to: "13:50".into(),
                    },
                ],
            }],
        };
        assert_eq!(slot_starts(&week, 2, 20), vec![480, 500, 520, 780, 800]);
        assert!(slot_starts(&week, 3, 20).is_empty());
        let code = booking_code(&[0, 1, 2, 3, 30, 31, 200, 255]);
        assert_eq!(code.len(), 8);
        assert!(!code.contains(['0', 'O', '1', 'I', 'L']));
        assert_eq!(normal_code(" ab-c2 9x "), "ABC29X");
    }

    #[test]
    fn transitions() {
        use TicketState::*;
        assert_eq!(transition(Called, &TicketAction::Start), Some(Serving));
        assert_eq!(transition(Done, &TicketAction::Start), None);
        assert_eq!(transition(Done, &TicketAction::Recall), None);
        assert_eq!(transition(Waiting, &TicketAction::NoShow), None);
        assert_eq!(transition(Parked, &TicketAction::Return), Some(Waiting));
        for s in [Waiting, Called, Serving, Parked, Done, NoShow] {
            assert_eq!(state_from(state_code(s)), Some(s));
        }
        for a in [
            TicketAction::Recall,
            TicketAction::Start,
            TicketAction::Finish,
            TicketAction::NoShow,
            TicketAction::Park,
            TicketAction::Return,
            TicketAction::Transfer {
                category: "F".into(),
                desk: Some("2".into()),
            },
            TicketAction::PrintFailed,
            TicketAction::Printed,
        ] {
            assert_eq!(
                action_from(action_code(&a), "F", Some("2")),
                Some(a.clone())
            );
        }
        assert_eq!(event_code(VisitEventKind::NoShow), "no_show");
    }

    #[test]
    fn announcements_name_ticket_and_desk_in_every_language() {
        for l in Locale::ALL {
            let a = announcement(l, "M-042", "3");
            assert!(a.contains("M 42") && a.contains('3'), "{a}");
        }
    }
}
