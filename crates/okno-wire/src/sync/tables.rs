//! The synced tables: every kind of row that flows between the office server and the
//! workstations, its columns and their types, and the check of a row's shape.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnType {
    Text,
    Int,
    OptText,
    OptInt,
}

#[derive(Debug)]
pub struct SyncedTable {
    /// The kind of row in the change feed; also the workstation's table name.
    pub kind: &'static str,
    pub columns: &'static [(&'static str, ColumnType)],
    /// Unique columns besides `id` (the server enforces them office-wide; a workstation drops
    /// its own unconfirmed row that collides with the server's).
    pub unique: &'static [&'static str],
    /// Rows that change after they are written (a pending local change to such a row is not
    /// overwritten by the server's older copy). Insert-only rows (events) never change.
    pub mutable: bool,
    /// Legal records (the certification ledger): never changed or deleted on a workstation once
    /// written, not even to take back a refused command; a row already present is kept as is.
    pub append_only: bool,
}

use ColumnType::{Int, OptInt, OptText, Text};

/// Every table that flows from the server to the workstations, in an order that satisfies
/// their references. Adding a synced table: add it here (and to the workstation's schema), and
/// teach the server's command handlers to write it.
pub const TABLES: &[SyncedTable] = &[
    SyncedTable {
        kind: "office",
        columns: &[
            ("id", Text),
            ("name", Text),
            ("address", Text),
            ("locale", Text),
            ("currency", Text),
            ("time_zone", Text),
            ("calendar", Text),
            ("demo", Int),
            ("created_at", Int),
            // Added later (an admin sets it): offices set up before have none.
            ("public_address", OptText),
        ],
        unique: &[],
        mutable: true,
        append_only: false,
    },
    SyncedTable {
        kind: "staff",
        columns: &[
            ("id", Text),
            ("office_id", Text),
            ("username", Text),
            ("display_name", Text),
            ("password_hash", Text),
            ("roles", Text),
            ("locale", Text),
            ("active", Int),
            ("created_at", Int),
            ("updated_at", Int),
        ],
        unique: &["username"],
        mutable: true,
        append_only: false,
    },
    SyncedTable {
        kind: "agency",
        columns: &[
            ("id", Text),
            ("code", Text),
            ("names", Text),
            ("active", Int),
            ("updated_at", Int),
        ],
        unique: &["code"],
        mutable: true,
        append_only: false,
    },
    SyncedTable {
        kind: "service",
        columns: &[
            ("id", Text),
            ("agency_id", Text),
            ("code", Text),
            ("names", Text),
            ("fee_minor", Int),
            ("required_documents", Text),
            ("deadline_days", Int),
            ("queue_category", Text),
            ("active", Int),
            ("updated_at", Int),
            // Added with the cash desk: services saved before have none.
            ("account", OptText),
        ],
        unique: &["code"],
        mutable: true,
        append_only: false,
    },
    SyncedTable {
        kind: "party",
        columns: &[
            ("id", Text),
            ("name", Text),
            ("birth_date", OptText),
            ("phone", OptText),
            ("email", OptText),
            ("address", OptText),
            ("created_at", Int),
        ],
        unique: &[],
        mutable: true,
        append_only: false,
    },
    SyncedTable {
        kind: "case_file",
        columns: &[
            ("id", Text),
            ("number", Text),
            ("party_id", Text),
            ("party_name", Text),
            ("service_id", Text),
            ("channel", Text),
            ("subject", Text),
            ("description", Text),
            ("priority", Text),
            ("private_conversation", Int),
            ("status", Text),
            ("is_open", Int),
            ("assignee_id", OptText),
            ("documents_presented", Text),
            ("required_documents", Text),
            ("fee_minor", Int),
            ("currency", Text),
            ("received_at", Int),
            ("due_date", Text),
            ("created_by", Text),
            ("updated_at", Int),
        ],
        unique: &["number"],
        mutable: true,
        append_only: false,
    },
    SyncedTable {
        kind: "case_event",
        columns: &[
            ("id", Text),
            ("case_id", Text),
            ("kind", Text),
            ("from_status", OptText),
            ("to_status", OptText),
            ("note", OptText),
            ("assignee_id", OptText),
            ("actor_id", Text),
            ("at", Int),
        ],
        unique: &[],
        mutable: false,
        append_only: false,
    },
    SyncedTable {
        kind: "filing_entry",
        columns: &[
            ("id", Text),
            ("number", Text),
            ("year", Int),
            ("local_day", Text),
            ("direction", Text),
            ("counterpart", Text),
            ("subject", Text),
            ("pages", Int),
            ("enclosures", Int),
            ("case_id", OptText),
            ("note", OptText),
            ("registered_at", Int),
            ("registered_by", Text),
        ],
        unique: &["number"],
        mutable: false,
        append_only: false,
    },
    SyncedTable {
        kind: "attachment",
        columns: &[
            ("id", Text),
            ("sha256", Text),
            ("owner_kind", Text),
            ("owner_id", Text),
            ("filename", Text),
            ("media_type", Text),
            ("size", Int),
            ("added_by", Text),
            ("added_at", Int),
        ],
        unique: &[],
        mutable: false,
        append_only: false,
    },
    SyncedTable {
        kind: "sync_conflict",
        columns: &[
            ("id", Text),
            ("case_id", OptText),
            ("kind", Text),
            ("server_status", OptText),
            ("attempted_from", OptText),
            ("attempted_to", OptText),
            ("actor_id", OptText),
            ("device_id", OptText),
            ("device_name", OptText),
            ("command_id", Text),
            ("created_at", Int),
            ("resolved_at", OptInt),
        ],
        unique: &[],
        mutable: true,
        append_only: false,
    },
    SyncedTable {
        kind: "seal_key",
        columns: &[
            ("id", Text),
            ("office_id", Text),
            ("kind", Text),
            ("device_id", OptText),
            ("public_key", Text),
            ("certificate", OptText),
            ("created_at", Int),
            ("revoked_at", OptInt),
        ],
        unique: &[],
        mutable: true,
        append_only: false,
    },
    SyncedTable {
        kind: "certification",
        columns: &[
            ("id", Text),
            ("chain_id", Text),
            ("chain_pos", Int),
            ("prev_hash", Text),
            ("entry_hash", Text),
            ("number", Text),
            ("year", Int),
            ("kind", Text),
            ("refers_to", OptText),
            ("act", OptText),
            ("party_name", Text),
            ("party_birth_date", OptText),
            ("id_document_kind", OptText),
            ("id_document_number", Text),
            ("document_description", Text),
            ("document_language", Text),
            ("pages", Int),
            ("copies", Int),
            ("service_id", OptText),
            ("fee_minor", Int),
            ("currency", Text),
            ("case_id", OptText),
            ("reason", OptText),
            ("note", OptText),
            ("registrar_id", Text),
            ("certified_at", Int),
            ("local_day", Text),
            ("place", Text),
            ("clause_locale", Text),
            ("second_locale", OptText),
            ("original_sha256", OptText),
            ("signature_method", Text),
            ("signature_sha256", OptText),
            ("seal", Text),
            // Added later: rows from older clients and entries recorded before have none.
            ("party_sex", OptText),
        ],
        unique: &["number"],
        mutable: false,
        append_only: true,
    },
    SyncedTable {
        kind: "certification_print",
        columns: &[
            ("id", Text),
            ("certification_id", Text),
            ("copies", Int),
            ("printed_at", Int),
            ("printed_by", Text),
        ],
        unique: &[],
        mutable: false,
        append_only: true,
    },
    SyncedTable {
        kind: "conflict_settlement",
        columns: &[
            ("id", Text),
            ("conflict_id", Text),
            ("decision", Text),
            ("to_status", OptText),
            ("note", Text),
            ("settled_by", Text),
            ("settled_at", Int),
        ],
        unique: &[],
        mutable: false,
        append_only: true,
    },
    SyncedTable {
        kind: "day_close",
        columns: &[
            ("id", Text),
            ("day", Text),
            ("starts_at", Int),
            ("ends_at", Int),
            ("closed_by", Text),
            ("closed_at", Int),
            ("note", OptText),
            ("figures", Text),
        ],
        unique: &[],
        mutable: false,
        append_only: true,
    },
    SyncedTable {
        kind: "registry_audit",
        columns: &[
            ("id", Text),
            ("at", Int),
            ("action", Text),
            ("staff_id", Text),
            ("device_name", Text),
            ("person_id", Text),
            ("person_name", Text),
            ("person_key", Text),
            ("person_birth_date", OptText),
            ("case_id", OptText),
            ("case_number", OptText),
            ("purpose", OptText),
            ("record_number", OptText),
        ],
        unique: &[],
        mutable: false,
        append_only: true,
    },
    SyncedTable {
        kind: "queue_category",
        columns: &[
            ("id", Text),
            ("code", Text),
            ("names", Text),
            ("active", Int),
            ("updated_at", Int),
        ],
        unique: &["code"],
        mutable: true,
        append_only: false,
    },
    SyncedTable {
        kind: "opening_hours",
        columns: &[
            ("id", Text),
            ("weekday", Int),
            ("spans", Text),
            ("updated_at", Int),
        ],
        unique: &["weekday"],
        mutable: true,
        append_only: false,
    },
    SyncedTable {
        kind: "visit",
        columns: &[
            ("id", Text),
            ("locale", Text),
            ("started_at", Int),
            ("ended_at", OptInt),
            ("updated_at", Int),
        ],
        unique: &[],
        mutable: true,
        append_only: false,
    },
    SyncedTable {
        kind: "ticket",
        columns: &[
            ("id", Text),
            ("visit_id", Text),
            ("day", Text),
            ("category", Text),
            ("number", Text),
            ("priority", Text),
            ("private", Int),
            ("locale", Text),
            ("state", Text),
            ("origin", Text),
            ("desk", OptText),
            ("staff_id", OptText),
            ("calls", Int),
            ("taken_at", Int),
            ("called_at", OptInt),
            ("served_at", OptInt),
            ("finished_at", OptInt),
            ("print_failed", Int),
            ("updated_at", Int),
            ("appointment_at", OptInt),
        ],
        unique: &[],
        mutable: true,
        append_only: false,
    },
    SyncedTable {
        kind: "booking_plan",
        columns: &[
            ("id", Text),
            ("service_id", Text),
            ("slot_minutes", Int),
            ("desks", Int),
            ("active", Int),
            ("updated_at", Int),
        ],
        unique: &["service_id"],
        mutable: true,
        append_only: false,
    },
    SyncedTable {
        kind: "appointment",
        columns: &[
            ("id", Text),
            ("service_id", Text),
            ("category", Text),
            ("starts_at", Int),
            ("ends_at", Int),
            ("code", Text),
            ("locale", Text),
            ("state", Text),
            ("ticket_id", OptText),
            ("created_at", Int),
            ("updated_at", Int),
        ],
        unique: &["code"],
        mutable: true,
        append_only: false,
    },
    SyncedTable {
        kind: "visit_event",
        columns: &[
            ("id", Text),
            ("visit_id", Text),
            ("ticket_id", OptText),
            ("kind", Text),
            ("at", Int),
            ("actor_id", OptText),
            ("desk", OptText),
            ("ref_kind", OptText),
            ("ref_id", OptText),
            ("detail", OptText),
        ],
        unique: &[],
        mutable: false,
        append_only: false,
    },
    SyncedTable {
        kind: "cash_settings",
        columns: &[
            ("id", Text),
            ("rounding_minor", Int),
            ("difference_threshold_minor", Int),
            ("beneficiary", Text),
            ("iban", Text),
            ("bic", Text),
            ("order_days", Int),
            ("updated_at", Int),
        ],
        unique: &[],
        mutable: true,
        append_only: false,
    },
    SyncedTable {
        kind: "cash_session",
        columns: &[
            ("id", Text),
            ("desk", Text),
            ("cashier_id", Text),
            ("currency", Text),
            ("state", Text),
            ("opened_at", Int),
            ("float_minor", Int),
            ("closed_at", OptInt),
            ("counts", OptText),
            ("counted_minor", OptInt),
            ("expected_minor", OptInt),
            ("close_note", OptText),
            ("signed_off_by", OptText),
            ("signed_off_at", OptInt),
            ("sign_off_reason", OptText),
            ("updated_at", Int),
        ],
        unique: &[],
        mutable: true,
        append_only: false,
    },
    SyncedTable {
        kind: "cash_movement",
        columns: &[
            ("id", Text),
            ("session_id", Text),
            ("direction", Text),
            ("amount_minor", Int),
            ("reason", Text),
            ("actor_id", Text),
            ("at", Int),
        ],
        unique: &[],
        mutable: false,
        append_only: true,
    },
    SyncedTable {
        kind: "payment_order",
        columns: &[
            ("id", Text),
            ("number", Text),
            ("year", Int),
            ("visit_id", OptText),
            ("lines", Text),
            ("total_minor", Int),
            ("currency", Text),
            ("payer_name", Text),
            ("reference", Text),
            ("locale", Text),
            ("due_date", Text),
            ("state", Text),
            ("receipt_id", OptText),
            ("cancel_reason", OptText),
            ("created_by", Text),
            ("created_at", Int),
            ("updated_at", Int),
        ],
        unique: &["number"],
        mutable: true,
        append_only: false,
    },
    SyncedTable {
        kind: "receipt",
        columns: &[
            ("id", Text),
            ("chain_id", Text),
            ("chain_pos", Int),
            ("prev_hash", Text),
            ("entry_hash", Text),
            ("number", Text),
            ("year", Int),
            ("kind", Text),
            ("refers_to", OptText),
            ("method", Text),
            ("visit_id", OptText),
            ("session_id", OptText),
            ("order_id", OptText),
            ("payer_name", OptText),
            ("lines", Text),
            ("total_minor", Int),
            ("rounding_minor", Int),
            ("tendered_minor", OptInt),
            ("currency", Text),
            ("approval_code", OptText),
            ("reason", OptText),
            ("approved_by", OptText),
            ("cashier_id", Text),
            ("issued_at", Int),
            ("local_day", Text),
            ("place", Text),
            ("seal", Text),
        ],
        unique: &["number"],
        mutable: false,
        append_only: true,
    },
];

pub fn table(kind: &str) -> Option<&'static SyncedTable> {
    TABLES.iter().find(|t| t.kind == kind)
}

impl SyncedTable {
    /// Checks that `body` is an object with exactly this table's columns, each of its type: what
    /// the server asks of every row a desk pushes.
    pub fn check_body(&self, body: &serde_json::Value) -> Result<(), String> {
        self.check_columns(body, false)
    }

    /// What a desk asks of a row it pulls: this table's columns, each of its type, and any
    /// others ignored — a server upgraded before its desks sends columns a desk's schema does
    /// not have yet (`office.public_address` reached desks that way), and refusing them would
    /// stop every pull until the desk is upgraded.
    pub fn check_pulled_body(&self, body: &serde_json::Value) -> Result<(), String> {
        self.check_columns(body, true)
    }

    fn check_columns(&self, body: &serde_json::Value, extra_allowed: bool) -> Result<(), String> {
        let obj = body
            .as_object()
            .ok_or_else(|| format!("{}: the row is not an object", self.kind))?;
        for (name, ty) in self.columns {
            let v = obj.get(*name).unwrap_or(&serde_json::Value::Null);
            let ok = match ty {
                Text => v.is_string(),
                Int => v.is_i64(),
                OptText => v.is_string() || v.is_null(),
                OptInt => v.is_i64() || v.is_null(),
            };
            if !ok {
                return Err(format!(
                    "{}.{name}: missing or of the wrong type",
                    self.kind
                ));
            }
        }
        if let Some(extra) = obj
            .keys()
            .filter(|_| !extra_allowed)
            .find(|k| !self.columns.iter().any(|(c, _)| c == k))
        {
            return Err(format!("{}.{extra}: no such column", self.kind));
        }
        Ok(())
    }
}
