//! okno-core's integration tests, in one binary (one link instead of one per file): the
//! workstation on a real SQLite file, the certification ledger and its documents, the civil
//! registry and its extracts, the supervisor's review. `common` is the set-up they share, `pdf`
//! the helpers that read the PDFs back with poppler's tools.

mod cash;
mod common;
mod feedback;
mod ledger;
mod pdf;
mod queue;
mod registry;
mod registry_extract;
mod review;
mod workstation;
