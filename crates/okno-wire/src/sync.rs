//! The sync protocol between a workstation and the office's server (see `docs/sync.md`), and
//! the registry of synced tables both sides share.
//!
//! These types travel as JSON over HTTPS; they are not part of the UI's API and are not
//! exported to TypeScript. Every request carries the [`PROTOCOL_HEADER`]; the server accepts
//! the versions `PROTOCOL_MIN..=PROTOCOL_MAX` and refuses others with `unsupported_protocol`.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The sync as the workstation's UI sees it (re-exported at the crate root).
pub mod desk;
mod tables;

pub const PROTOCOL_HEADER: &str = "okno-protocol";
pub const PROTOCOL_MIN: u32 = 1;
pub const PROTOCOL_MAX: u32 = 1;
/// The version this build speaks.
pub const PROTOCOL_VERSION: u32 = 1;

/// The office stream: everything the office's workstations share.
pub const STREAM_OFFICE: &str = "office";

/// The most commands one push may carry, and the biggest body the server reads for it.
pub const MAX_PUSH_COMMANDS: usize = 500;
pub const MAX_PUSH_BYTES: usize = 8 * 1024 * 1024;
/// Attachments travel in chunks of at most this many bytes; a blob is at most `MAX_BLOB_BYTES`.
pub const BLOB_CHUNK_BYTES: usize = 1024 * 1024;
pub const MAX_BLOB_BYTES: i64 = 10 * 1024 * 1024;

/// An error as the server reports it: a stable code and an English explanation.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct ServerProblem {
    pub code: String,
    pub message: String,
}

// ---------------------------------------------------------------------------------------------
// Enrolment and tokens

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EnrolDevice {
    pub code: String,
    pub device_id: Uuid,
    pub device_name: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Enrolled {
    pub device_id: Uuid,
    pub office_id: Uuid,
    /// The device's long-lived secret: kept in the OS keyring, exchanged for short tokens.
    pub secret: String,
}

/// A workstation asks the office to certify its seal key (`POST /v1/seal/certify`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SealCertifyRequest {
    /// Ed25519 public key, hex.
    pub public_key: String,
}

/// The office's seal keys and the workstation's new certificate, as `seal_key` rows.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SealCertified {
    pub keys: Vec<serde_json::Value>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DeviceTokenRequest {
    pub device_id: Uuid,
    pub secret: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Token {
    pub token: String,
    pub expires_at: DateTime<Utc>,
    /// For a device token: the sequence number the server expects next from the device. A
    /// working copy whose outbox ends before it was restored from an older backup: it numbers
    /// its next command from here.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_seq: Option<i64>,
}

/// An enrolled workstation that lost its device secret (`POST /v1/rejoin`): the same device id,
/// a new one-time code; the server rotates the secret and keeps the device's sequence.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RejoinDevice {
    pub code: String,
    pub device_id: Uuid,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Rejoined {
    pub device_id: Uuid,
    pub office_id: Uuid,
    /// The device's new secret (the old one no longer works).
    pub secret: String,
    /// The sequence number the server expects next from this device.
    pub next_seq: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StaffLogin {
    pub username: String,
    pub password: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StaffLoggedIn {
    pub token: Token,
    /// The member of staff's row as the server holds it (the workstation stores it, so a
    /// password changed on the server works offline from then on).
    pub staff: serde_json::Value,
}

// ---------------------------------------------------------------------------------------------
// Push

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct PushCommand {
    pub seq: i64,
    pub command_id: Uuid,
    pub name: String,
    pub version: i64,
    pub actor_id: Option<Uuid>,
    /// When the command was made, by the device's clock (ms since the epoch).
    pub created_at: i64,
    /// The device's hybrid logical clock when the command was made.
    pub hlc: String,
    pub payload: serde_json::Value,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PushRequest {
    pub commands: Vec<PushCommand>,
    /// How many commands wait in the device's outbox (for the server's metrics).
    pub outbox_pending: i64,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum CommandStatus {
    Applied,
    Rejected,
    Conflict,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct CommandResult {
    pub seq: i64,
    pub status: CommandStatus,
    pub code: Option<String>,
    pub message: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PushResponse {
    /// One result per command the server has seen (applied now or before), in order.
    pub results: Vec<CommandResult>,
    /// The sequence number the server expects next from this device. A batch that starts
    /// beyond it (a gap: an earlier batch was lost) is not applied; the device resends from here.
    pub next_seq: i64,
}

// ---------------------------------------------------------------------------------------------
// Pull

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Change {
    /// The synced table (see [`TABLES`]).
    pub kind: String,
    pub id: String,
    /// The row, column by column, as the workstation's table holds it.
    pub body: serde_json::Value,
    /// The newest hybrid-logical-clock stamp among the row's fields (the device's clock
    /// moves past it).
    pub hlc: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PullResponse {
    pub changes: Vec<Change>,
    /// Where the next pull starts; store it with the page's changes, in one transaction.
    pub cursor: String,
    /// More changes wait beyond this page.
    pub more: bool,
    /// How many changes wait beyond this page, including those of transactions still in
    /// flight (not returned yet): for progress, and to tell "caught up" from "held back".
    pub remaining: i64,
}

// ---------------------------------------------------------------------------------------------
// Number leases

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LeaseRequest {
    /// Minted by the device, so a lease whose answer was lost is found again, not doubled.
    pub lease_id: Uuid,
    pub series: String,
    pub year: i32,
    pub count: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Lease {
    pub lease_id: Uuid,
    pub series: String,
    pub year: i32,
    pub first: i64,
    pub last: i64,
    /// In the list of a device's open leases (`GET /v1/leases`): the highest number of the
    /// block the server has seen used or voided. A working copy restored from an older backup
    /// takes its next number after it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub used_upto: Option<i64>,
}

/// The reason code of a push refused because its sequence number was used by another command
/// of the device (a working copy restored from an older backup): nothing of it is written, the
/// push stops there, and the device renumbers its commands from the reply's `next_seq`.
pub const SEQUENCE_REUSED: &str = "sequence_reused";

// ---------------------------------------------------------------------------------------------
// Blobs (attachments' bytes, content-addressed by SHA-256)

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BlobState {
    pub sha256: String,
    pub size: i64,
    /// Bytes received so far (upload resumes here).
    pub received: i64,
    pub complete: bool,
    pub media_type: String,
}

// The synced tables are in [`tables`].
pub use tables::*;

// ---------------------------------------------------------------------------------------------
// Hybrid logical clock

/// A hybrid-logical-clock stamp: wall-clock milliseconds, a counter for events within one
/// millisecond (or while the wall clock is behind what was seen), and the device's id as the
/// final tie-breaker. Its text form sorts in clock order.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Hlc {
    pub wall_ms: i64,
    pub counter: u32,
    pub node: String,
}

impl Hlc {
    pub fn zero(node: &str) -> Hlc {
        Hlc {
            wall_ms: 0,
            counter: 0,
            node: node.to_string(),
        }
    }

    /// The stamp for a local event at wall time `now_ms`.
    pub fn tick(&self, now_ms: i64) -> Hlc {
        if now_ms > self.wall_ms {
            Hlc {
                wall_ms: now_ms,
                counter: 0,
                node: self.node.clone(),
            }
        } else {
            Hlc {
                wall_ms: self.wall_ms,
                counter: self.counter + 1,
                node: self.node.clone(),
            }
        }
    }

    /// The clock after seeing a stamp from elsewhere (keeps this node's id).
    pub fn observe(&self, seen: &Hlc) -> Hlc {
        if (seen.wall_ms, seen.counter) > (self.wall_ms, self.counter) {
            Hlc {
                wall_ms: seen.wall_ms,
                counter: seen.counter,
                node: self.node.clone(),
            }
        } else {
            self.clone()
        }
    }

    pub fn encode(&self) -> String {
        format!("{:015}.{:06}.{}", self.wall_ms, self.counter, self.node)
    }

    pub fn parse(s: &str) -> Option<Hlc> {
        let mut parts = s.splitn(3, '.');
        let wall_ms = parts.next()?.parse().ok()?;
        let counter = parts.next()?.parse().ok()?;
        let node = parts.next()?.to_string();
        Some(Hlc {
            wall_ms,
            counter,
            node,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hlc_orders_by_text_and_survives_a_clock_behind() {
        let a = Hlc::zero("a").tick(1_000);
        let b = a.tick(900); // the wall clock went back: the counter moves on
        assert!(b > a);
        assert!(b.encode() > a.encode());
        let remote = Hlc {
            wall_ms: 5_000,
            counter: 3,
            node: "z".into(),
        };
        let c = b.observe(&remote).tick(1_100);
        assert!(c.encode() > remote.encode());
        assert_eq!(Hlc::parse(&c.encode()), Some(c));
    }

    #[test]
    fn bodies_are_checked_column_by_column() {
        let t = table("agency").unwrap();
        let good = serde_json::json!({"id":"x","code":"A","names":"{}","active":1,"updated_at":5});
        assert!(t.check_body(&good).is_ok());
        let mut bad = good.clone();
        bad["active"] = serde_json::json!("yes");
        assert!(t.check_body(&bad).is_err());
        assert!(t.check_pulled_body(&bad).is_err());
        let mut extra = good;
        extra["evil"] = serde_json::json!(1);
        assert!(t.check_body(&extra).is_err());
        // A newer server's column: a desk ignores it rather than stop pulling.
        assert!(t.check_pulled_body(&extra).is_ok());
    }
}
