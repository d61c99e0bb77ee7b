//! The one document list: every file the workstation hands out — receipts, certified copies,
//! reports, exports, attachments — as one tagged request.
//!
//! Both hosts take a [`DocumentRequest`] and a [`DocumentAction`] through one command (the
//! desktop's `document`, browser mode's `GET /api/document`), and the core answers every
//! request with a file name, a media type and the bytes. A new kind of document is a new
//! variant here, its arm in the core's answer (`okno-core/src/documents/answer.rs`), and its
//! example in the tests that walk the list; the compiler points at each place.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use crate::Locale;

/// A document to produce. Where a request has a `locale`, the document is written in it; without
/// one, a receipt is in the office's language (it is handed to a citizen at the counter) and a
/// report in the reader's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum DocumentRequest {
    /// A case's intake receipt (PDF). Printing it records that it was handed out.
    Receipt {
        case_id: Uuid,
        #[ts(optional = nullable)]
        locale: Option<Locale>,
    },
    /// The certified copy, signature certificate or registry extract of a ledger entry (PDF).
    /// Printing it records the copies printed.
    CertifiedCopy { entry_id: Uuid },
    /// The certification ledger of a period, office days both included (PDF).
    LedgerReport {
        from: NaiveDate,
        to: NaiveDate,
        #[ts(optional = nullable)]
        locale: Option<Locale>,
    },
    /// The report of a day or period, office days both included (PDF, or CSV for spreadsheets).
    DayReport {
        from: NaiveDate,
        to: NaiveDate,
        #[ts(optional = nullable)]
        locale: Option<Locale>,
        format: ReportFormat,
    },
    /// The civil registry's audit log for the screen's filter, every entry (CSV, supervisors).
    RegistryAudit {
        #[ts(optional = nullable)]
        from: Option<NaiveDate>,
        #[ts(optional = nullable)]
        to: Option<NaiveDate>,
        #[ts(optional = nullable)]
        staff_id: Option<Uuid>,
        /// Part of the person's name; blank is no filter.
        #[ts(optional = nullable)]
        person: Option<String>,
    },
    /// A file attached to a case or a filing entry, as it was stored.
    Attachment { attachment_id: Uuid },
    /// A queue ticket on 80 mm receipt paper, in the ticket's language (PDF).
    Ticket { ticket_id: Uuid },
    /// A cash receipt (payment, void or refund) with its seal, on 80 mm paper or A4 (PDF), in
    /// the office's language unless another is asked for (the visit's).
    CashReceipt {
        receipt_id: Uuid,
        #[ts(optional = nullable)]
        locale: Option<Locale>,
        paper: Paper,
    },
    /// A payment order with the transfer's reference and its bank QR code (A4 PDF).
    PaymentOrder {
        order_id: Uuid,
        #[ts(optional = nullable)]
        locale: Option<Locale>,
    },
    /// A cash session's closing report (Z report, PDF).
    ZReport {
        session_id: Uuid,
        #[ts(optional = nullable)]
        locale: Option<Locale>,
    },
    /// Revenue per account of a period, office days both included (CSV for accounting).
    RevenueExport { from: NaiveDate, to: NaiveDate },
    /// The answer to a feedback item, as a letter in the citizen's language (PDF).
    FeedbackAnswer { item_id: Uuid },
    /// The analysis of the citizen's voice over a period, office days both included: for the
    /// office, or for the public with no personal data and no staff names (PDF or CSV).
    FeedbackReport {
        from: NaiveDate,
        to: NaiveDate,
        audience: crate::FeedbackAudience,
        #[ts(optional = nullable)]
        locale: Option<Locale>,
        format: ReportFormat,
    },
    /// A survey's answers, one row each (CSV).
    SurveyAnswers { survey_id: Uuid },
    /// A survey's invitation codes, each with its link and whether it was used (CSV, to print
    /// letters to households from).
    SurveyCodes { survey_id: Uuid },
}

/// The paper a receipt is printed on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Paper {
    /// 80 mm receipt roll, cut where the receipt ends.
    Roll80,
    A4,
}

/// The file format of a report that comes as a table as well as a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ReportFormat {
    Pdf,
    Csv,
}

/// What the user does with a document. Only printing leaves a record (see
/// `docs/architecture.md`, "The one document list"); viewing and saving never do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum DocumentAction {
    /// Show it (browser mode opens the browser's viewer; the desktop saves it and says where).
    #[default]
    View,
    /// Keep it as a file.
    Save,
    /// Print it: the desktop sends it to the system printer; browser mode opens it in the
    /// browser's viewer to print from there. Only PDFs are printed.
    Print,
}

/// The kinds of document, one per variant of [`DocumentRequest`], for code that walks the list.
macro_rules! document_kinds {
    ($($kind:ident),* $(,)?) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum DocumentKind {
            $($kind,)*
        }

        impl DocumentKind {
            /// Every kind of document, in the list's order.
            pub const ALL: &'static [DocumentKind] = &[$(DocumentKind::$kind,)*];
        }
    };
}

// A variant of `DocumentRequest` without its kind here does not compile (see `kind`), so `ALL`
// is complete.
document_kinds!(
    Receipt,
    CertifiedCopy,
    LedgerReport,
    DayReport,
    RegistryAudit,
    Attachment,
    Ticket,
    CashReceipt,
    PaymentOrder,
    ZReport,
    RevenueExport,
    FeedbackAnswer,
    FeedbackReport,
    SurveyAnswers,
    SurveyCodes,
);

impl DocumentRequest {
    pub fn kind(&self) -> DocumentKind {
        match self {
            DocumentRequest::Receipt { .. } => DocumentKind::Receipt,
            DocumentRequest::CertifiedCopy { .. } => DocumentKind::CertifiedCopy,
            DocumentRequest::LedgerReport { .. } => DocumentKind::LedgerReport,
            DocumentRequest::DayReport { .. } => DocumentKind::DayReport,
            DocumentRequest::RegistryAudit { .. } => DocumentKind::RegistryAudit,
            DocumentRequest::Attachment { .. } => DocumentKind::Attachment,
            DocumentRequest::Ticket { .. } => DocumentKind::Ticket,
            DocumentRequest::CashReceipt { .. } => DocumentKind::CashReceipt,
            DocumentRequest::PaymentOrder { .. } => DocumentKind::PaymentOrder,
            DocumentRequest::ZReport { .. } => DocumentKind::ZReport,
            DocumentRequest::RevenueExport { .. } => DocumentKind::RevenueExport,
            DocumentRequest::FeedbackAnswer { .. } => DocumentKind::FeedbackAnswer,
            DocumentRequest::FeedbackReport { .. } => DocumentKind::FeedbackReport,
            DocumentRequest::SurveyAnswers { .. } => DocumentKind::SurveyAnswers,
            DocumentRequest::SurveyCodes { .. } => DocumentKind::SurveyCodes,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_travels_as_one_tagged_object() {
        let req = DocumentRequest::Receipt {
            case_id: Uuid::nil(),
            locale: Some(Locale::Sk),
        };
        let json = serde_json::to_value(&req).unwrap();
        assert_eq!(json["kind"], "receipt");
        assert_eq!(json["locale"], "sk");
        // Absent optional fields read as none (the UI leaves them out).
        let back: DocumentRequest =
            serde_json::from_str(r#"{"kind":"registry_audit","person":"Nagy"}"#).unwrap();
        assert_eq!(
            back,
            DocumentRequest::RegistryAudit {
                from: None,
                to: None,
                staff_id: None,
                person: Some("Nagy".into()),
            }
        );
    }
}
