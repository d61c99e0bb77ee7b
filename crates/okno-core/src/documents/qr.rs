//! QR codes: the shared encoder (`okno_rules::qr`).

pub use okno_rules::qr::*;
