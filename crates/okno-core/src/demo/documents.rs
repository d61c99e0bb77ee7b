//! One request of every kind of document, made in the demo office for the tests of both hosts.

use chrono::NaiveDate;
use okno_wire::{
    AttachmentOwnerKind, AttachmentUpload, CertificationKind, CertifyRequest, Channel,
    DocumentKind, DocumentRequest, IdDocumentKind, IntakeRequest, Locale, NewStaff, PartyInput,
    Priority, ReportFormat, Role, Session, SignatureMethod,
};

use crate::documents::answer::PDF;
use crate::error::{CoreError, Result};
use crate::Workstation;

use super::DEMO_PASSWORD;

/// A smallest valid PDF, for the attachment among the examples.
const TINY_PDF: &[u8] = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n";

/// One request of every kind of document, in the demo office ([`load_demo`]),
/// about things it makes for the purpose: a case with an attachment, a certified signature,
/// today's reports. Answers them with the session of a member of staff it adds who may ask for
/// all of them (a registrar who is also a supervisor). This is the list that the tests of both
/// hosts walk; the match over [`DocumentKind`] is exhaustive, so a new kind of document cannot
/// be left out of it.
pub async fn one_request_of_every_kind(
    ws: &Workstation,
) -> Result<(Session, Vec<DocumentRequest>)> {
    let admin = ws.login("admin", DEMO_PASSWORD).await?;
    let admin = ws.actor(Some(&admin.token))?;
    let staff = NewStaff {
        username: "documents".into(),
        display_name: "Dana Dokumentová".into(),
        password: DEMO_PASSWORD.into(),
        roles: vec![Role::Registrar, Role::Supervisor],
        locale: Locale::En,
    };
    ws.create_staff(&admin, staff).await?;
    let session = ws.login("documents", DEMO_PASSWORD).await?;
    let actor = &ws.actor(Some(&session.token))?;
    let service = ws
        .catalogue(actor)
        .await?
        .services
        .into_iter()
        .find(|s| s.active)
        .ok_or(CoreError::NotFound("service"))?;
    let case = ws
        .register_case(
            actor,
            IntakeRequest {
                party: PartyInput {
                    name: "Ľubica Šťastná".into(),
                    birth_date: None,
                    phone: None,
                    email: None,
                    address: None,
                },
                service_id: service.id.to_string(),
                channel: Channel::WalkIn,
                subject: "Every document".into(),
                description: String::new(),
                priority: Priority::Normal,
                private_conversation: false,
                documents_presented: Vec::new(),
            },
        )
        .await?;
    let case_id = case.summary.id;
    let attachment = ws
        .add_attachment(
            actor,
            AttachmentUpload {
                owner_kind: AttachmentOwnerKind::Case,
                owner_id: case_id,
                filename: "žiadosť: podpísaná.pdf".into(),
                media_type: PDF.into(),
                data_base64: base64::Engine::encode(
                    &base64::engine::general_purpose::STANDARD,
                    TINY_PDF,
                ),
            },
        )
        .await?;
    let entry = ws
        .certify(
            actor,
            CertifyRequest {
                kind: CertificationKind::Signature,
                party_name: "Mária Šimková".into(),
                party_birth_date: NaiveDate::from_ymd_opt(1971, 3, 8),
                party_sex: Default::default(),
                id_document_kind: IdDocumentKind::Passport,
                id_document_number: "SK1234567".into(),
                id_document_checked: true,
                document_description: "Power of attorney".into(),
                document_language: "Slovak".into(),
                pages: 1,
                copies: 1,
                service_id: service.id,
                case_number: None,
                second_locale: None,
                original: None,
                signature_method: SignatureMethod::Sheet,
                signature_png_base64: None,
                note: None,
            },
        )
        .await?;
    let ticket = ws
        .take_ticket(
            actor,
            okno_wire::TakeTicketRequest {
                category: "F".into(),
                priority: okno_wire::TicketPriority::Normal,
                locale: Locale::Fa,
                private: false,
            },
        )
        .await?;
    // The cash desk: a session, the case's fee paid in cash, the certification's asked for by
    // transfer.
    let cash = ws
        .open_cash_session(
            actor,
            okno_wire::OpenSessionRequest {
                id: crate::ids::new_id(),
                float_minor: 5000,
            },
        )
        .await?;
    let currency = ws.office().await?.view.currency;
    let receipt = ws
        .take_payment(
            actor,
            okno_wire::PaymentRequest {
                id: crate::ids::new_id(),
                visit_id: None,
                lines: vec![okno_wire::PayLine {
                    ref_kind: okno_wire::FeeRefKind::Service,
                    ref_id: service.id,
                    amount_minor: (service.fee_minor == 0).then_some(500),
                    quantity: None,
                }],
                method: okno_wire::PaymentMethod::Cash,
                currency: currency.clone(),
                tendered_minor: Some(1_000_000),
                approval_code: None,
                payer_name: Some("Ľubica Šťastná".into()),
            },
        )
        .await?;
    let order = ws
        .issue_payment_order(
            actor,
            okno_wire::PaymentOrderRequest {
                id: crate::ids::new_id(),
                visit_id: None,
                lines: vec![okno_wire::PayLine {
                    ref_kind: okno_wire::FeeRefKind::Service,
                    ref_id: service.id,
                    amount_minor: (service.fee_minor == 0).then_some(500),
                    quantity: Some(2),
                }],
                currency,
                payer_name: "Mária Šimková".into(),
                locale: Some(Locale::Hu),
            },
        )
        .await?;
    let item = ws
        .file_feedback(
            actor,
            okno_wire::FeedbackInput {
                kind: okno_wire::FeedbackKind::Complaint,
                about: okno_wire::FeedbackAbout::Office,
                service_code: None,
                agency_code: None,
                desk: None,
                staff_id: None,
                description: "Az ügyfélhívó kijelző nem szólalt meg, ezért lekéstem a hívást."
                    .into(),
                locale: Locale::Hu,
                contact: Some(okno_wire::FeedbackContact {
                    name: Some("Kovács Éva".into()),
                    address: Some("Szolnok, Kossuth tér 2.".into()),
                    ..Default::default()
                }),
                visit_id: None,
                case_id: None,
            },
        )
        .await?;
    ws.feedback_step(
        actor,
        okno_wire::FeedbackStepRequest {
            id: item.summary.id,
            step: okno_wire::FeedbackStep::Answer {
                answer: "Köszönjük a jelzését. A kijelző hangszóróját kicseréltük, és a hívásokat ezentúl kétszer mondjuk be.".into(),
                public_note: Some("A kijelző hangszóróját kicseréltük.".into()),
            },
        },
    )
    .await?;
    let survey = ws
        .save_survey(
            actor,
            okno_wire::SurveyInput {
                id: None,
                title: [
                    ("en", "How did we do?"),
                    ("hu", "Elégedett volt velünk?"),
                    ("sk", "Ako sme vás obslúžili?"),
                ]
                .into_iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
                intro: Default::default(),
                starts_on: ws.office().await?.local_date(ws.clock.now()),
                ends_on: ws.office().await?.local_date(ws.clock.now()),
                questions: vec![okno_wire::SurveyQuestion {
                    id: "q1".into(),
                    kind: okno_wire::SurveyQuestionKind::Scale,
                    text: [
                        ("en", "Overall"),
                        ("hu", "Összességében"),
                        ("sk", "Celkovo"),
                    ]
                    .into_iter()
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .collect(),
                    required: true,
                    options: Vec::new(),
                }],
                state: okno_wire::SurveyState::Published,
            },
        )
        .await?;
    let today = ws.office().await?.local_date(ws.clock.now());
    let requests = DocumentKind::ALL
        .iter()
        .map(|kind| match kind {
            DocumentKind::Receipt => DocumentRequest::Receipt {
                case_id,
                locale: Some(Locale::Sk),
            },
            DocumentKind::CertifiedCopy => DocumentRequest::CertifiedCopy { entry_id: entry.id },
            DocumentKind::LedgerReport => DocumentRequest::LedgerReport {
                from: today,
                to: today,
                locale: None,
            },
            DocumentKind::DayReport => DocumentRequest::DayReport {
                from: today,
                to: today,
                locale: Some(Locale::En),
                format: ReportFormat::Pdf,
            },
            DocumentKind::RegistryAudit => DocumentRequest::RegistryAudit {
                from: Some(today),
                to: None,
                staff_id: None,
                person: None,
            },
            DocumentKind::Attachment => DocumentRequest::Attachment {
                attachment_id: attachment.id,
            },
            DocumentKind::Ticket => DocumentRequest::Ticket {
                ticket_id: ticket.id,
            },
            DocumentKind::CashReceipt => DocumentRequest::CashReceipt {
                receipt_id: receipt.id,
                locale: Some(Locale::Fa),
                paper: okno_wire::Paper::Roll80,
            },
            DocumentKind::PaymentOrder => DocumentRequest::PaymentOrder {
                order_id: order.id,
                locale: None,
            },
            DocumentKind::ZReport => DocumentRequest::ZReport {
                session_id: cash.id,
                locale: Some(Locale::Sk),
            },
            DocumentKind::RevenueExport => DocumentRequest::RevenueExport {
                from: today,
                to: today,
            },
            DocumentKind::FeedbackAnswer => DocumentRequest::FeedbackAnswer {
                item_id: item.summary.id,
            },
            DocumentKind::FeedbackReport => DocumentRequest::FeedbackReport {
                from: today,
                to: today,
                audience: okno_wire::FeedbackAudience::Public,
                locale: Some(Locale::Fa),
                format: ReportFormat::Pdf,
            },
            DocumentKind::SurveyAnswers => DocumentRequest::SurveyAnswers {
                survey_id: survey.id,
            },
            DocumentKind::SurveyCodes => DocumentRequest::SurveyCodes {
                survey_id: survey.id,
            },
        })
        .collect();
    Ok((session, requests))
}
