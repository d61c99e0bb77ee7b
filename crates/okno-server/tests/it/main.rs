//! okno-server's integration tests, in one binary (one link instead of one per file), each
//! against a real PostgreSQL (`scripts/with-postgres` starts a throwaway cluster where none
//! runs) and real desks (okno-core workstations on SQLite files) syncing over HTTP.

mod cash;
mod certification;
mod common;
mod day;
mod feedback;
mod queue;
mod registry;
mod sync_basics;
mod sync_faults;
mod sync_protocol;
