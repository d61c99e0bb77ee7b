//! The core's answer to the one document list (`okno_wire::DocumentRequest`): a [`Document`]
//! with its file name, media type and bytes, whatever the kind. The hosts only deliver it — the
//! desktop saves it and sends it to the printer, browser mode serves it — so the naming, the
//! permissions and the records of printing are decided here, once.
//!
//! **When "printed" is recorded.** Only when the user prints: [`Workstation::print_document`]
//! checks that the document may be printed, renders it, hands it to the host's printing (the
//! desktop's printer, or the browser that prints it from its viewer), and records the printing
//! once that succeeded. Viewing or saving a document never records anything; a receipt saved
//! to be printed elsewhere is printed through the print action like any other.

use chrono::NaiveDate;
use okno_wire::{AuditFilter, DocumentRequest, FieldErrorCode, RecordPrintRequest};

use crate::auth::Actor;
use crate::error::{CoreError, Result};
use crate::Workstation;

pub const PDF: &str = "application/pdf";
pub const CSV: &str = "text/csv; charset=utf-8";

/// A document ready to hand out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// The name to save it under, safe on every file system.
    pub file_name: String,
    pub media_type: String,
    pub bytes: Vec<u8>,
}

impl Document {
    fn pdf(file_name: String, bytes: Vec<u8>) -> Document {
        Document {
            file_name,
            media_type: PDF.into(),
            bytes,
        }
    }
}

impl Workstation {
    /// The document a request names, with the permission of the document's own screen. Nothing
    /// is recorded (see [`Workstation::print_document`] for printing).
    pub async fn document(&self, actor: &Actor, req: &DocumentRequest) -> Result<Document> {
        match req {
            DocumentRequest::Receipt { case_id, locale } => {
                let (name, pdf) = self.intake_receipt_pdf(actor, *case_id, *locale).await?;
                Ok(Document::pdf(name, pdf))
            }
            DocumentRequest::CertifiedCopy { entry_id } => {
                let (name, pdf) = self.certified_copy_pdf(actor, *entry_id).await?;
                Ok(Document::pdf(name, pdf))
            }
            DocumentRequest::LedgerReport { from, to, locale } => {
                let locale = locale.unwrap_or(actor.locale);
                let (name, pdf) = self.ledger_report_pdf(actor, *from, *to, locale).await?;
                Ok(Document::pdf(name, pdf))
            }
            DocumentRequest::DayReport {
                from,
                to,
                locale,
                format,
            } => {
                let locale = locale.unwrap_or(actor.locale);
                let (file_name, media_type, bytes) =
                    self.day_report(actor, *from, *to, locale, *format).await?;
                Ok(Document {
                    file_name,
                    media_type: media_type.into(),
                    bytes,
                })
            }
            DocumentRequest::RegistryAudit {
                from,
                to,
                staff_id,
                person,
            } => {
                let filter = AuditFilter {
                    from: *from,
                    to: *to,
                    staff_id: *staff_id,
                    person: person.clone().filter(|p| !p.trim().is_empty()),
                    offset: None,
                    limit: None,
                };
                Ok(Document {
                    file_name: audit_file_name(*from, *to),
                    media_type: CSV.into(),
                    bytes: self.registry_audit_csv(actor, filter).await?,
                })
            }
            DocumentRequest::Attachment { attachment_id } => {
                let file = self.attachment_file(actor, *attachment_id).await?;
                Ok(Document {
                    file_name: safe_file_name(&file.filename),
                    media_type: file.media_type,
                    bytes: file.data,
                })
            }
            DocumentRequest::Ticket { ticket_id } => {
                let (name, pdf) = self.ticket_pdf(actor, *ticket_id).await?;
                Ok(Document::pdf(name, pdf))
            }
            DocumentRequest::CashReceipt {
                receipt_id,
                locale,
                paper,
            } => {
                let (name, pdf) = self
                    .cash_receipt_pdf(actor, *receipt_id, *locale, *paper)
                    .await?;
                Ok(Document::pdf(name, pdf))
            }
            DocumentRequest::PaymentOrder { order_id, locale } => {
                let (name, pdf) = self.payment_order_pdf(actor, *order_id, *locale).await?;
                Ok(Document::pdf(name, pdf))
            }
            DocumentRequest::ZReport { session_id, locale } => {
                let locale = locale.unwrap_or(actor.locale);
                let (name, pdf) = self.z_report_pdf(actor, *session_id, locale).await?;
                Ok(Document::pdf(name, pdf))
            }
            DocumentRequest::RevenueExport { from, to } => Ok(Document {
                file_name: format!("revenue-{from}-{to}.csv"),
                media_type: CSV.into(),
                bytes: self.revenue_csv(actor, *from, *to).await?,
            }),
            DocumentRequest::FeedbackAnswer { item_id } => {
                let (name, pdf) = self.feedback_answer_pdf(actor, *item_id).await?;
                Ok(Document::pdf(name, pdf))
            }
            DocumentRequest::FeedbackReport {
                from,
                to,
                audience,
                locale,
                format,
            } => {
                let (file_name, media_type, bytes) = self
                    .feedback_report_file(actor, *from, *to, *audience, *locale, *format)
                    .await?;
                Ok(Document {
                    file_name,
                    media_type: media_type.into(),
                    bytes,
                })
            }
            DocumentRequest::SurveyAnswers { survey_id } => {
                let (file_name, bytes) = self.survey_answers_csv(actor, *survey_id).await?;
                Ok(Document {
                    file_name,
                    media_type: CSV.into(),
                    bytes,
                })
            }
            DocumentRequest::SurveyCodes { survey_id } => {
                let (file_name, bytes) = self.survey_codes_csv(actor, *survey_id).await?;
                Ok(Document {
                    file_name,
                    media_type: CSV.into(),
                    bytes,
                })
            }
        }
    }

    /// Prints a document: checks that it may be printed (only PDFs are; a certified copy only
    /// by a registrar, of a valid entry, within the copies allowed), renders it, hands it to
    /// `print` — the host's own printing — and then records the printing where the document
    /// keeps such a record: a receipt as handed out, a certified copy with its `copies`.
    /// Nothing is recorded when `print` fails (with the host's own error).
    pub async fn print_document<T, E: From<CoreError>>(
        &self,
        actor: &Actor,
        req: &DocumentRequest,
        copies: u32,
        print: impl FnOnce(&Document) -> Result<T, E>,
    ) -> Result<(Document, T), E> {
        if let DocumentRequest::CertifiedCopy { entry_id } = req {
            let print = RecordPrintRequest {
                entry_id: *entry_id,
                copies,
            };
            self.check_certification_print(actor, &print).await?;
        }
        let document = self.document(actor, req).await?;
        if document.media_type != PDF {
            // A table is for a spreadsheet, an attachment for its own program.
            return Err(CoreError::field("format", FieldErrorCode::Malformed).into());
        }
        let printed = print(&document)?;
        match req {
            DocumentRequest::Receipt { case_id, .. } => {
                self.record_receipt_printed(actor, *case_id).await?;
            }
            DocumentRequest::CertifiedCopy { entry_id } => {
                let print = RecordPrintRequest {
                    entry_id: *entry_id,
                    copies,
                };
                self.record_certification_print(actor, print).await?;
            }
            DocumentRequest::LedgerReport { .. }
            | DocumentRequest::DayReport { .. }
            | DocumentRequest::RegistryAudit { .. }
            | DocumentRequest::Attachment { .. }
            | DocumentRequest::CashReceipt { .. }
            | DocumentRequest::PaymentOrder { .. }
            | DocumentRequest::ZReport { .. }
            | DocumentRequest::RevenueExport { .. }
            | DocumentRequest::FeedbackAnswer { .. }
            | DocumentRequest::FeedbackReport { .. }
            | DocumentRequest::SurveyAnswers { .. }
            | DocumentRequest::SurveyCodes { .. } => {}
            // A ticket printed at a desk is on its visit's timeline (a failed print is recorded by the desk).
            DocumentRequest::Ticket { ticket_id } => {
                self.record_ticket_printed(actor, *ticket_id).await?;
            }
        }
        Ok((document, printed))
    }
}

/// `registry-audit[-from][-to].csv`: the period the file holds, as the day report names its own.
fn audit_file_name(from: Option<NaiveDate>, to: Option<NaiveDate>) -> String {
    let mut name = String::from("registry-audit");
    for day in [from, to].into_iter().flatten() {
        name.push_str(&format!("-{day}"));
    }
    name + ".csv"
}

/// A stored file name made safe to save under on Windows, macOS and Linux alike: no folders,
/// no characters a file system refuses, never empty.
fn safe_file_name(name: &str) -> String {
    let safe: String = name
        .chars()
        .map(|c| {
            if c.is_control() || matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') {
                '_'
            } else {
                c
            }
        })
        .collect();
    // Windows drops trailing dots and spaces; leading dots hide a file elsewhere.
    let safe = safe.trim_matches(|c: char| c == '.' || c.is_whitespace());
    if safe.is_empty() {
        "attachment".into()
    } else {
        safe.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use okno_wire::{DocumentKind, ReportFormat};

    #[test]
    fn saved_names_hold_no_folder_and_nothing_a_file_system_refuses() {
        assert_eq!(safe_file_name("a/b\\c:d?.pdf"), "a_b_c_d_.pdf");
        assert_eq!(safe_file_name("žiadosť.pdf"), "žiadosť.pdf");
        assert_eq!(safe_file_name("../.."), "_");
        assert_eq!(safe_file_name("scan.pdf. "), "scan.pdf");
        assert_eq!(safe_file_name(" .. "), "attachment");
        assert_eq!(
            audit_file_name(NaiveDate::from_ymd_opt(2026, 3, 1), None),
            "registry-audit-2026-03-01.csv"
        );
        assert_eq!(audit_file_name(None, None), "registry-audit.csv");
    }

    /// The demo office, one request of every kind, and who asks for them.
    async fn office() -> (tempfile::TempDir, Workstation, Actor, Vec<DocumentRequest>) {
        let dir = tempfile::tempdir().unwrap();
        let ws = Workstation::open(&dir.path().join("okno.db"))
            .await
            .unwrap();
        ws.keep_credentials_in_memory();
        crate::demo::load_demo(&ws).await.unwrap();
        let (session, requests) = crate::demo::one_request_of_every_kind(&ws).await.unwrap();
        let actor = ws.actor(Some(&session.token)).unwrap();
        (dir, ws, actor, requests)
    }

    #[tokio::test]
    async fn every_kind_of_document_is_answered_with_its_name_and_type() {
        let (_dir, ws, actor, requests) = office().await;
        assert_eq!(requests.len(), DocumentKind::ALL.len());
        let csv_report = DocumentRequest::DayReport {
            from: NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(),
            to: NaiveDate::from_ymd_opt(2026, 3, 31).unwrap(),
            locale: None,
            format: ReportFormat::Csv,
        };
        for req in requests.iter().chain([&csv_report]) {
            let doc = ws.document(&actor, req).await.unwrap();
            let (prefix, extension, media) = match req {
                DocumentRequest::Receipt { .. } => ("receipt-C-", ".pdf", PDF),
                DocumentRequest::CertifiedCopy { .. } => ("CE-", ".pdf", PDF),
                DocumentRequest::LedgerReport { .. } => ("ledger-", ".pdf", PDF),
                DocumentRequest::DayReport { format, .. } => match format {
                    ReportFormat::Pdf => ("day-report-", ".pdf", PDF),
                    ReportFormat::Csv => ("report-2026-03-01-2026-03-31", ".csv", CSV),
                },
                DocumentRequest::RegistryAudit { .. } => ("registry-audit-", ".csv", CSV),
                DocumentRequest::Attachment { .. } => ("žiadosť_ podpísaná", ".pdf", PDF),
                DocumentRequest::Ticket { .. } => ("ticket-F-001", ".pdf", PDF),
                DocumentRequest::CashReceipt { .. } => ("receipt-R-", ".pdf", PDF),
                DocumentRequest::PaymentOrder { .. } => ("payment-order-PO-", ".pdf", PDF),
                DocumentRequest::ZReport { .. } => ("z-report-", ".pdf", PDF),
                DocumentRequest::RevenueExport { .. } => ("revenue-", ".csv", CSV),
                DocumentRequest::FeedbackAnswer { .. } => ("answer-FB-", ".pdf", PDF),
                DocumentRequest::FeedbackReport { .. } => ("feedback-public-", ".pdf", PDF),
                DocumentRequest::SurveyAnswers { .. } => ("survey-", ".csv", CSV),
                DocumentRequest::SurveyCodes { .. } => ("survey-codes-", ".csv", CSV),
            };
            assert!(
                doc.file_name.starts_with(prefix) && doc.file_name.ends_with(extension),
                "{req:?}: {}",
                doc.file_name
            );
            assert!(
                !doc.file_name.contains(['/', '\\', ':']),
                "{}",
                doc.file_name
            );
            assert_eq!(doc.media_type, media, "{req:?}");
            if media == PDF {
                assert!(doc.bytes.starts_with(b"%PDF"), "{req:?}: not a PDF");
            } else {
                assert!(!doc.bytes.is_empty(), "{req:?}: empty");
            }
        }
    }

    /// A printer that takes every job.
    fn printed(_: &Document) -> Result<()> {
        Ok(())
    }

    /// Printing records, once the printing succeeded; viewing and saving never do.
    #[tokio::test]
    async fn only_printing_records_that_a_document_was_printed() {
        let (_dir, ws, actor, requests) = office().await;
        let pending = || async { ws.outbox_status().await.unwrap().pending };
        let receipt = &requests[0];
        let copy = &requests[1];
        assert_eq!(receipt.kind(), DocumentKind::Receipt);
        assert_eq!(copy.kind(), DocumentKind::CertifiedCopy);
        let before = pending().await;
        for req in &requests {
            ws.document(&actor, req).await.unwrap();
        }
        assert_eq!(pending().await, before, "viewing or saving records nothing");

        // A printer that fails: nothing is recorded.
        let failed = ws
            .print_document(&actor, receipt, 1, |_| {
                Err::<(), _>(CoreError::Internal("out of paper".into()))
            })
            .await;
        assert!(failed.is_err());
        assert_eq!(pending().await, before);

        // Printed: the receipt as handed out, the certified copy with its copies.
        ws.print_document(&actor, receipt, 1, printed)
            .await
            .unwrap();
        ws.print_document(&actor, copy, 2, printed).await.unwrap();
        assert_eq!(pending().await, before + 2);
        let DocumentRequest::CertifiedCopy { entry_id } = copy else {
            unreachable!()
        };
        let entry = ws.get_ledger_entry(&actor, *entry_id).await.unwrap();
        assert_eq!(entry.printed, 2);

        // A ticket printed at a desk is on its visit's timeline.
        let ticket = requests
            .iter()
            .find(|r| r.kind() == DocumentKind::Ticket)
            .unwrap();
        ws.print_document(&actor, ticket, 1, printed).await.unwrap();
        assert_eq!(pending().await, before + 3);
        let before = before + 1;

        // Reports leave no trace, and a table is not printed.
        let ledger = requests
            .iter()
            .find(|r| r.kind() == DocumentKind::LedgerReport)
            .unwrap();
        ws.print_document(&actor, ledger, 1, printed).await.unwrap();
        assert_eq!(pending().await, before + 2);
        let audit = requests
            .iter()
            .find(|r| r.kind() == DocumentKind::RegistryAudit)
            .unwrap();
        let refused = ws.print_document(&actor, audit, 1, printed).await;
        assert!(matches!(refused, Err(CoreError::Validation(_))));

        // Copies that may not be printed never reach the printer.
        let mut reached = false;
        let refused = ws
            .print_document(&actor, copy, 0, |_| {
                reached = true;
                Ok::<_, CoreError>(())
            })
            .await;
        assert!(matches!(refused, Err(CoreError::Validation(_))));
        assert!(!reached);
    }
}
