//! The rules both sides of Okno share — the workstation (`okno-core`) and the office server
//! (`okno-server`) — with no database, no I/O and no documents: the case state machine, the
//! legal number series, roles and permissions, password hashing, the certification ledger's
//! chain and seal, calendars and digits, name folding for registry search, the civil-registry
//! file format and the legal names of acts, and the cash desk's rounding, references and totals. Everything here is a pure function of its input.

pub mod acts;
pub mod calendar;
pub mod cash;
pub mod chain;
pub mod extract;
pub mod feedback;
pub mod fold;
pub mod password;
pub mod permissions;
pub mod qr;
pub mod queue;
pub mod registry_file;
pub mod seal;
pub mod series;
pub mod status;
