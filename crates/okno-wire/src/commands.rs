//! The one list of sync commands: every change a workstation makes is one of these, written to
//! its outbox by the core in the transaction of the change, pushed to the office server, decoded
//! there into the same type and dispatched on. Each command has one name, one version, one
//! payload type, the record it touches (whose server state is re-sent when it is refused) and
//! whether it counts as the day's work (refused once the day is signed off).
//!
//! Adding a command: add its payload type and one line to [`commands!`] below; the compiler then
//! asks for it in the server's dispatch, in [`Command::subject`] and in the UI's label map
//! (`Record<CommandName, …>` over the generated `CommandName`). A command the server cannot
//! decode — unknown name, other version, a payload of another shape — is refused with its reason
//! and nothing is written.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use ts_rs::TS;

/// A row the command wrote, carried so the server stores exactly what the workstation wrote.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RowBody {
    pub kind: String,
    pub body: Value,
}

/// A legal number the command used (checked against the device's leases on the server).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NumberUse {
    pub series: String,
    pub year: i64,
    pub number: i64,
}

/// `office.setup`: the office a workstation set up on its own (refused by a server).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OfficeSetup {
    pub office: Value,
    pub device: Value,
    pub admin: Value,
}

/// A command whose rows say it all: `staff.create`, `catalogue.save_*`, `registry.audit`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SaveRows {
    pub id: String,
    #[serde(default)]
    pub rows: Vec<RowBody>,
}

/// `office.set_public_address`: the https address at which the office's server is reached from
/// outside (the QR codes of seals point to it); none takes it away.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OfficeSetPublicAddress {
    pub office_id: String,
    pub public_address: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StaffSetLocale {
    pub staff_id: String,
    pub locale: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseRegister {
    pub case_id: String,
    pub number: NumberUse,
    #[serde(default)]
    pub rows: Vec<RowBody>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseChangeStatus {
    pub case_id: String,
    pub from: String,
    pub to: String,
    #[serde(default)]
    pub rows: Vec<RowBody>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseReassign {
    pub case_id: String,
    pub from: Option<String>,
    pub to: Option<String>,
    #[serde(default)]
    pub rows: Vec<RowBody>,
}

/// `case.update`: the fields a clerk changed (subject, description, priority), last writer wins
/// per field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseUpdate {
    pub case_id: String,
    pub fields: Map<String, Value>,
}

/// `case.add_note`, `case.receipt_printed`: an event on a case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseEvent {
    pub case_id: String,
    #[serde(default)]
    pub rows: Vec<RowBody>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FilingRegister {
    pub id: String,
    pub case_id: Option<String>,
    pub number: NumberUse,
    #[serde(default)]
    pub rows: Vec<RowBody>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttachmentAdd {
    pub id: String,
    pub sha256: String,
    pub owner_kind: String,
    pub owner_id: String,
    #[serde(default)]
    pub rows: Vec<RowBody>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CertificationRegister {
    pub id: String,
    pub number: NumberUse,
    #[serde(default)]
    pub rows: Vec<RowBody>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CertificationPrinted {
    pub id: String,
    pub certification_id: String,
    #[serde(default)]
    pub rows: Vec<RowBody>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DayClose {
    pub day: String,
    #[serde(default)]
    pub rows: Vec<RowBody>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConflictSettle {
    pub conflict_id: String,
    pub decision: String,
    pub to: Option<String>,
    #[serde(default)]
    pub rows: Vec<RowBody>,
}

/// `numbers.void`: numbers of a lease given up (the rest of a lease, or one number), with why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NumbersVoid {
    pub lease_id: String,
    pub series: String,
    pub year: i64,
    pub from: i64,
    pub to: i64,
    pub reason: String,
    pub close: bool,
}

/// `queue.take_ticket`, `queue.ticket`: a ticket taken at a desk (with its visit), or what a
/// desk did with one (`action` is the [`crate::TicketAction`]'s code), with the visit's event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QueueTicket {
    pub ticket_id: String,
    pub action: String,
    #[serde(default)]
    pub rows: Vec<RowBody>,
}

/// `visit.link`: a record made for the citizen of a visit (a case, a certification).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VisitLink {
    pub visit_id: String,
    pub ref_kind: String,
    pub ref_id: String,
    #[serde(default)]
    pub rows: Vec<RowBody>,
}

/// `cash.session`, `cash.movement`: a cash session opened, counted and closed, or signed off by
/// a supervisor (`action`: `open`, `close`, `sign_off`, `move`), with its rows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CashSessionCmd {
    pub session_id: String,
    pub action: String,
    #[serde(default)]
    pub rows: Vec<RowBody>,
}

/// `receipt.issue`, `payment_order.issue`: an entry of the receipt journal (a payment, a void, a
/// refund) or a payment order, with its legal number.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NumberedRecord {
    pub id: String,
    pub number: NumberUse,
    #[serde(default)]
    pub rows: Vec<RowBody>,
}

/// `feedback.step`: a step of a feedback item's handling (`action`: the step's code), with the
/// item's row and the step's event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeedbackStepCmd {
    pub item_id: String,
    pub action: String,
    #[serde(default)]
    pub rows: Vec<RowBody>,
}

/// Why the server could not decode a command (its reason code and the explanation).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Undecodable {
    /// `unknown_command`, `unsupported_version` or `malformed`.
    pub code: &'static str,
    pub message: String,
}

macro_rules! commands {
    ($( $variant:ident($payload:ty) = $name:literal v $version:literal, day_work: $day:literal; )*) => {
        /// The name of a sync command (its TypeScript twin is the UI's list of commands).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
        #[ts(export)]
        pub enum CommandName {
            $( #[serde(rename = $name)] $variant, )*
        }

        /// A sync command with its typed payload.
        #[derive(Debug, Clone, PartialEq)]
        pub enum Command {
            $( $variant($payload), )*
        }

        impl CommandName {
            pub const ALL: &'static [CommandName] = &[$( CommandName::$variant, )*];

            pub fn as_str(self) -> &'static str {
                match self { $( CommandName::$variant => $name, )* }
            }

            /// The one version of the command this build writes and accepts.
            pub fn version(self) -> i64 {
                match self { $( CommandName::$variant => $version, )* }
            }

            /// Whether the command is the day's work (refused once the day is signed off).
            pub fn day_work(self) -> bool {
                match self { $( CommandName::$variant => $day, )* }
            }

            pub fn parse(name: &str) -> Option<CommandName> {
                match name { $( $name => Some(CommandName::$variant), )* _ => None }
            }
        }

        impl Command {
            pub fn name(&self) -> CommandName {
                match self { $( Command::$variant(_) => CommandName::$variant, )* }
            }

            /// The payload as it is stored in the outbox and pushed.
            pub fn payload(&self) -> Value {
                // Serialising structs of strings, numbers and JSON values cannot fail.
                match self { $( Command::$variant(p) => serde_json::to_value(p).unwrap_or_default(), )* }
            }

            /// Reads a pushed command: its name, its version and its payload's shape must all be
            /// this build's.
            pub fn decode(name: &str, version: i64, payload: &Value) -> Result<Command, Undecodable> {
                let kind = CommandName::parse(name).ok_or_else(|| Undecodable {
                    code: "unknown_command",
                    message: format!("unknown command {name:?}"),
                })?;
                if version != kind.version() {
                    return Err(Undecodable {
                        code: "unsupported_version",
                        message: format!("{name} version {version} is not supported (this server reads version {})", kind.version()),
                    });
                }
                let malformed = |e: serde_json::Error| Undecodable {
                    code: "malformed",
                    message: format!("{name}: {e}"),
                };
                Ok(match kind {
                    $( CommandName::$variant => Command::$variant(
                        <$payload>::deserialize(payload).map_err(malformed)?,
                    ), )*
                })
            }
        }
    };
}

commands! {
    OfficeSetup(OfficeSetup) = "office.setup" v 1, day_work: false;
    StaffCreate(SaveRows) = "staff.create" v 2, day_work: false;
    StaffSetLocale(StaffSetLocale) = "staff.set_locale" v 1, day_work: false;
    CatalogueSaveAgency(SaveRows) = "catalogue.save_agency" v 2, day_work: false;
    CatalogueSaveService(SaveRows) = "catalogue.save_service" v 2, day_work: false;
    CaseRegister(CaseRegister) = "case.register" v 2, day_work: true;
    CaseChangeStatus(CaseChangeStatus) = "case.change_status" v 2, day_work: true;
    CaseAddNote(CaseEvent) = "case.add_note" v 2, day_work: true;
    CaseReceiptPrinted(CaseEvent) = "case.receipt_printed" v 2, day_work: true;
    CaseReassign(CaseReassign) = "case.reassign" v 2, day_work: true;
    CaseUpdate(CaseUpdate) = "case.update" v 1, day_work: true;
    FilingRegister(FilingRegister) = "filing.register" v 2, day_work: true;
    AttachmentAdd(AttachmentAdd) = "attachment.add" v 2, day_work: true;
    CertificationRegister(CertificationRegister) = "certification.register" v 1, day_work: true;
    CertificationPrinted(CertificationPrinted) = "certification.printed" v 1, day_work: true;
    RegistryAudit(SaveRows) = "registry.audit" v 1, day_work: false;
    DayClose(DayClose) = "day.close" v 1, day_work: false;
    ConflictSettle(ConflictSettle) = "conflict.settle" v 1, day_work: true;
    NumbersVoid(NumbersVoid) = "numbers.void" v 1, day_work: false;
    OfficeSetPublicAddress(OfficeSetPublicAddress) = "office.set_public_address" v 1, day_work: false;
    QueueSaveCategory(SaveRows) = "queue.save_category" v 1, day_work: false;
    QueueTakeTicket(QueueTicket) = "queue.take_ticket" v 1, day_work: true;
    QueueTicket(QueueTicket) = "queue.ticket" v 1, day_work: true;
    VisitLink(VisitLink) = "visit.link" v 1, day_work: true;
    QueueSetOpeningHours(SaveRows) = "queue.set_opening_hours" v 1, day_work: false;
    QueueSaveBookingPlan(SaveRows) = "queue.save_booking_plan" v 1, day_work: false;
    CashSaveSettings(SaveRows) = "cash.save_settings" v 1, day_work: false;
    CashSession(CashSessionCmd) = "cash.session" v 1, day_work: true;
    CashMovement(CashSessionCmd) = "cash.movement" v 1, day_work: true;
    ReceiptIssue(NumberedRecord) = "receipt.issue" v 1, day_work: true;
    PaymentOrderIssue(NumberedRecord) = "payment_order.issue" v 1, day_work: true;
    PaymentOrderCancel(SaveRows) = "payment_order.cancel" v 1, day_work: true;
    FeedbackFile(NumberedRecord) = "feedback.file" v 1, day_work: false;
    FeedbackStep(FeedbackStepCmd) = "feedback.step" v 1, day_work: false;
    FeedbackSaveSettings(SaveRows) = "feedback.save_settings" v 1, day_work: false;
    RatingGive(SaveRows) = "rating.give" v 1, day_work: false;
    SurveySave(SaveRows) = "survey.save" v 1, day_work: false;
    SurveyCodes(SaveRows) = "survey.codes" v 1, day_work: false;
}

impl Command {
    /// The record the command is about (its synced table and id): its server state is sent back
    /// when the command is refused, so the workstation drops its optimistic change; and it is
    /// what the clerk sees the server's verdict next to.
    pub fn subject(&self) -> Option<(&'static str, &str)> {
        match self {
            Command::CaseRegister(CaseRegister { case_id, .. })
            | Command::CaseChangeStatus(CaseChangeStatus { case_id, .. })
            | Command::CaseAddNote(CaseEvent { case_id, .. })
            | Command::CaseReceiptPrinted(CaseEvent { case_id, .. })
            | Command::CaseReassign(CaseReassign { case_id, .. })
            | Command::CaseUpdate(CaseUpdate { case_id, .. }) => Some(("case_file", case_id)),
            Command::StaffSetLocale(p) => Some(("staff", &p.staff_id)),
            Command::OfficeSetPublicAddress(p) => Some(("office", &p.office_id)),
            Command::CatalogueSaveAgency(p) => Some(("agency", &p.id)),
            Command::CatalogueSaveService(p) => Some(("service", &p.id)),
            Command::QueueSaveCategory(p) => Some(("queue_category", &p.id)),
            Command::QueueSetOpeningHours(_) => None,
            Command::QueueSaveBookingPlan(p) => Some(("booking_plan", &p.id)),
            Command::QueueTakeTicket(p) | Command::QueueTicket(p) => Some(("ticket", &p.ticket_id)),
            Command::CashSaveSettings(p) => Some(("cash_settings", &p.id)),
            Command::CashSession(p) | Command::CashMovement(p) => {
                Some(("cash_session", &p.session_id))
            }
            Command::PaymentOrderIssue(p) => Some(("payment_order", &p.id)),
            Command::PaymentOrderCancel(p) => Some(("payment_order", &p.id)),
            Command::FeedbackFile(p) => Some(("feedback_item", &p.id)),
            Command::FeedbackStep(p) => Some(("feedback_item", &p.item_id)),
            Command::FeedbackSaveSettings(p) => Some(("feedback_settings", &p.id)),
            Command::SurveySave(p) => Some(("survey", &p.id)),
            Command::RatingGive(_) | Command::SurveyCodes(_) => None,
            Command::ReceiptIssue(_)
            | Command::OfficeSetup(_)
            | Command::VisitLink(_)
            | Command::StaffCreate(_)
            | Command::FilingRegister(_)
            | Command::AttachmentAdd(_)
            | Command::CertificationRegister(_)
            | Command::CertificationPrinted(_)
            | Command::RegistryAudit(_)
            | Command::DayClose(_)
            | Command::ConflictSettle(_)
            | Command::NumbersVoid(_) => None,
        }
    }

    /// The rows the command carries (set by the outbox when it is written).
    pub fn rows_mut(&mut self) -> Option<&mut Vec<RowBody>> {
        match self {
            Command::StaffCreate(p)
            | Command::CatalogueSaveAgency(p)
            | Command::CatalogueSaveService(p)
            | Command::RegistryAudit(p)
            | Command::QueueSaveCategory(p)
            | Command::QueueSetOpeningHours(p)
            | Command::QueueSaveBookingPlan(p)
            | Command::CashSaveSettings(p)
            | Command::PaymentOrderCancel(p)
            | Command::FeedbackSaveSettings(p)
            | Command::RatingGive(p)
            | Command::SurveySave(p)
            | Command::SurveyCodes(p) => Some(&mut p.rows),
            Command::FeedbackFile(p) => Some(&mut p.rows),
            Command::FeedbackStep(p) => Some(&mut p.rows),
            Command::CashSession(p) | Command::CashMovement(p) => Some(&mut p.rows),
            Command::ReceiptIssue(p) | Command::PaymentOrderIssue(p) => Some(&mut p.rows),
            Command::QueueTakeTicket(p) | Command::QueueTicket(p) => Some(&mut p.rows),
            Command::VisitLink(p) => Some(&mut p.rows),
            Command::CaseRegister(p) => Some(&mut p.rows),
            Command::CaseChangeStatus(p) => Some(&mut p.rows),
            Command::CaseAddNote(p) | Command::CaseReceiptPrinted(p) => Some(&mut p.rows),
            Command::CaseReassign(p) => Some(&mut p.rows),
            Command::FilingRegister(p) => Some(&mut p.rows),
            Command::AttachmentAdd(p) => Some(&mut p.rows),
            Command::CertificationRegister(p) => Some(&mut p.rows),
            Command::CertificationPrinted(p) => Some(&mut p.rows),
            Command::DayClose(p) => Some(&mut p.rows),
            Command::ConflictSettle(p) => Some(&mut p.rows),
            Command::OfficeSetup(_)
            | Command::StaffSetLocale(_)
            | Command::CaseUpdate(_)
            | Command::NumbersVoid(_)
            | Command::OfficeSetPublicAddress(_) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Writes `ui/src/gen/commandNames.ts`: the list of command names as a value, for the UI.
    #[test]
    fn export_command_names() {
        let names: Vec<String> = CommandName::ALL
            .iter()
            .map(|n| format!("  '{}',", n.as_str()))
            .collect();
        let ts = format!(
            "// Generated by okno-wire's tests from the one command list (crates/okno-wire/src/commands.rs). Do not edit.\n\
             import type {{ CommandName }} from './CommandName';\n\n\
             export const COMMAND_NAMES = [\n{}\n] as const satisfies readonly CommandName[];\n",
            names.join("\n")
        );
        let dir = std::env::var("TS_RS_EXPORT_DIR")
            .expect("TS_RS_EXPORT_DIR is set in .cargo/config.toml");
        std::fs::write(std::path::Path::new(&dir).join("commandNames.ts"), ts).unwrap();
    }

    #[test]
    fn names_are_unique_and_parse_back() {
        let mut seen = std::collections::HashSet::new();
        for n in CommandName::ALL {
            assert!(seen.insert(n.as_str()), "{} twice", n.as_str());
            assert_eq!(CommandName::parse(n.as_str()), Some(*n));
            assert_eq!(
                serde_json::to_value(n).unwrap(),
                Value::String(n.as_str().into())
            );
        }
    }

    /// One command of each name, as the core writes it (the match keeps the list complete).
    fn example(name: CommandName) -> Command {
        let rows = || {
            vec![RowBody {
                kind: "case_event".into(),
                body: serde_json::json!({ "id": "e" }),
            }]
        };
        let number = || NumberUse {
            series: "case".into(),
            year: 2026,
            number: 7,
        };
        let save = || SaveRows {
            id: "x".into(),
            rows: rows(),
        };
        let event = || CaseEvent {
            case_id: "c".into(),
            rows: rows(),
        };
        match name {
            CommandName::OfficeSetup => Command::OfficeSetup(OfficeSetup {
                office: serde_json::json!({ "id": "o" }),
                device: serde_json::json!({ "id": "d" }),
                admin: serde_json::json!({ "id": "a" }),
            }),
            CommandName::StaffCreate => Command::StaffCreate(save()),
            CommandName::StaffSetLocale => Command::StaffSetLocale(StaffSetLocale {
                staff_id: "s".into(),
                locale: "fa".into(),
            }),
            CommandName::CatalogueSaveAgency => Command::CatalogueSaveAgency(save()),
            CommandName::CatalogueSaveService => Command::CatalogueSaveService(save()),
            CommandName::CaseRegister => Command::CaseRegister(CaseRegister {
                case_id: "c".into(),
                number: number(),
                rows: rows(),
            }),
            CommandName::CaseChangeStatus => Command::CaseChangeStatus(CaseChangeStatus {
                case_id: "c".into(),
                from: "received".into(),
                to: "in_progress".into(),
                rows: rows(),
            }),
            CommandName::CaseAddNote => Command::CaseAddNote(event()),
            CommandName::CaseReceiptPrinted => Command::CaseReceiptPrinted(event()),
            CommandName::CaseReassign => Command::CaseReassign(CaseReassign {
                case_id: "c".into(),
                from: None,
                to: Some("s".into()),
                rows: rows(),
            }),
            CommandName::CaseUpdate => Command::CaseUpdate(CaseUpdate {
                case_id: "c".into(),
                fields: serde_json::json!({ "subject": "New" })
                    .as_object()
                    .cloned()
                    .unwrap_or_default(),
            }),
            CommandName::FilingRegister => Command::FilingRegister(FilingRegister {
                id: "f".into(),
                case_id: None,
                number: number(),
                rows: rows(),
            }),
            CommandName::AttachmentAdd => Command::AttachmentAdd(AttachmentAdd {
                id: "a".into(),
                sha256: "00".into(),
                owner_kind: "case".into(),
                owner_id: "c".into(),
                rows: rows(),
            }),
            CommandName::CertificationRegister => {
                Command::CertificationRegister(CertificationRegister {
                    id: "e".into(),
                    number: number(),
                    rows: rows(),
                })
            }
            CommandName::CertificationPrinted => {
                Command::CertificationPrinted(CertificationPrinted {
                    id: "p".into(),
                    certification_id: "e".into(),
                    rows: rows(),
                })
            }
            CommandName::RegistryAudit => Command::RegistryAudit(save()),
            CommandName::DayClose => Command::DayClose(DayClose {
                day: "2026-12-07".into(),
                rows: rows(),
            }),
            CommandName::ConflictSettle => Command::ConflictSettle(ConflictSettle {
                conflict_id: "k".into(),
                decision: "accept".into(),
                to: None,
                rows: rows(),
            }),
            CommandName::NumbersVoid => Command::NumbersVoid(NumbersVoid {
                lease_id: "l".into(),
                series: "case".into(),
                year: 2026,
                from: 3,
                to: 9,
                reason: "day closed".into(),
                close: true,
            }),
            CommandName::OfficeSetPublicAddress => {
                Command::OfficeSetPublicAddress(OfficeSetPublicAddress {
                    office_id: "o".into(),
                    public_address: Some("https://okno.example.org".into()),
                })
            }
            CommandName::QueueSaveCategory => Command::QueueSaveCategory(save()),
            CommandName::QueueSetOpeningHours => Command::QueueSetOpeningHours(save()),
            CommandName::QueueSaveBookingPlan => Command::QueueSaveBookingPlan(save()),
            CommandName::QueueTakeTicket => Command::QueueTakeTicket(QueueTicket {
                ticket_id: "t".into(),
                action: "take".into(),
                rows: rows(),
            }),
            CommandName::QueueTicket => Command::QueueTicket(QueueTicket {
                ticket_id: "t".into(),
                action: "recall".into(),
                rows: rows(),
            }),
            CommandName::VisitLink => Command::VisitLink(VisitLink {
                visit_id: "v".into(),
                ref_kind: "case_file".into(),
                ref_id: "c".into(),
                rows: rows(),
            }),
            CommandName::CashSaveSettings => Command::CashSaveSettings(save()),
            CommandName::CashSession => Command::CashSession(CashSessionCmd {
                session_id: "s".into(),
                action: "open".into(),
                rows: rows(),
            }),
            CommandName::CashMovement => Command::CashMovement(CashSessionCmd {
                session_id: "s".into(),
                action: "move".into(),
                rows: rows(),
            }),
            CommandName::ReceiptIssue => Command::ReceiptIssue(NumberedRecord {
                id: "r".into(),
                number: number(),
                rows: rows(),
            }),
            CommandName::PaymentOrderIssue => Command::PaymentOrderIssue(NumberedRecord {
                id: "o".into(),
                number: number(),
                rows: rows(),
            }),
            CommandName::PaymentOrderCancel => Command::PaymentOrderCancel(save()),
            CommandName::FeedbackFile => Command::FeedbackFile(NumberedRecord {
                id: "f".into(),
                number: number(),
                rows: rows(),
            }),
            CommandName::FeedbackStep => Command::FeedbackStep(FeedbackStepCmd {
                item_id: "f".into(),
                action: "answer".into(),
                rows: rows(),
            }),
            CommandName::FeedbackSaveSettings => Command::FeedbackSaveSettings(save()),
            CommandName::RatingGive => Command::RatingGive(save()),
            CommandName::SurveySave => Command::SurveySave(save()),
            CommandName::SurveyCodes => Command::SurveyCodes(save()),
        }
    }

    #[test]
    fn every_command_written_is_read_back_the_same() {
        for n in CommandName::ALL {
            let c = example(*n);
            assert_eq!(c.name(), *n);
            // What the outbox stores is a JSON text; the server reads it back from that text.
            let text = serde_json::to_string(&c.payload()).unwrap();
            let payload: Value = serde_json::from_str(&text).unwrap();
            assert_eq!(Command::decode(n.as_str(), n.version(), &payload), Ok(c));
        }
    }

    #[test]
    fn unknown_names_versions_and_shapes_are_refused() {
        let p = serde_json::json!({ "case_id": "c" });
        assert_eq!(
            Command::decode("case.explode", 1, &p).unwrap_err().code,
            "unknown_command"
        );
        assert_eq!(
            Command::decode("case.add_note", 1, &p).unwrap_err().code,
            "unsupported_version"
        );
        assert!(Command::decode("case.add_note", 2, &p).is_ok());
        let extra = serde_json::json!({ "case_id": "c", "surprise": 1 });
        assert_eq!(
            Command::decode("case.add_note", 2, &extra)
                .unwrap_err()
                .code,
            "malformed"
        );
        let missing = serde_json::json!({});
        assert_eq!(
            Command::decode("case.add_note", 2, &missing)
                .unwrap_err()
                .code,
            "malformed"
        );
    }
}
