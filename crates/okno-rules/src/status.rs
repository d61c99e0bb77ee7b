//! The case status machine: received → in progress → waiting for citizen / forwarded to
//! agency → resolved → closed, with rejection possible until a case is resolved, and a resolved
//! case reopenable until it is closed.

use okno_wire::CaseStatus::{self, *};

pub fn allowed_next(from: CaseStatus) -> &'static [CaseStatus] {
    match from {
        Received => &[InProgress, ForwardedToAgency, Rejected],
        InProgress => &[WaitingForCitizen, ForwardedToAgency, Resolved, Rejected],
        WaitingForCitizen => &[InProgress, Resolved, Rejected],
        ForwardedToAgency => &[InProgress, Resolved, Rejected],
        Resolved => &[Closed, InProgress],
        Closed | Rejected => &[],
    }
}

pub fn can_move(from: CaseStatus, to: CaseStatus) -> bool {
    allowed_next(from).contains(&to)
}

/// Open cases are those still being worked on: everything before resolution.
pub fn is_open(s: CaseStatus) -> bool {
    !matches!(s, Resolved | Closed | Rejected)
}

pub fn code(s: CaseStatus) -> &'static str {
    match s {
        Received => "received",
        InProgress => "in_progress",
        WaitingForCitizen => "waiting_for_citizen",
        ForwardedToAgency => "forwarded_to_agency",
        Resolved => "resolved",
        Closed => "closed",
        Rejected => "rejected",
    }
}

pub const ALL: [CaseStatus; 7] = [
    Received,
    InProgress,
    WaitingForCitizen,
    ForwardedToAgency,
    Resolved,
    Closed,
    Rejected,
];

pub fn from_code(c: &str) -> Option<CaseStatus> {
    ALL.into_iter().find(|s| code(*s) == c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_states_have_no_way_out() {
        assert!(allowed_next(Closed).is_empty());
        assert!(allowed_next(Rejected).is_empty());
    }

    #[test]
    fn every_state_is_reachable_from_received() {
        let mut seen = vec![Received];
        let mut i = 0;
        while i < seen.len() {
            for n in allowed_next(seen[i]) {
                if !seen.contains(n) {
                    seen.push(*n);
                }
            }
            i += 1;
        }
        assert_eq!(seen.len(), ALL.len());
    }

    #[test]
    fn codes_round_trip() {
        for s in ALL {
            assert_eq!(from_code(code(s)), Some(s));
        }
    }

    #[test]
    fn a_closed_case_cannot_be_reopened_but_a_resolved_one_can() {
        assert!(!can_move(Closed, InProgress));
        assert!(can_move(Resolved, InProgress));
        assert!(!can_move(Received, Resolved));
    }
}
