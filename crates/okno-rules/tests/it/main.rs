//! okno-rules' integration tests, in one binary: the arrows between the crates, and the
//! Persian calendar against ICU4X.

mod layers;
mod persian_calendar;
