//! Intake at the desk: the citizen's details checked field by field, the case registered with its
//! number, checklist, event and outbox command in one transaction.

use super::*;

/// A parsed, checked `YYYY-MM-DD` (in Western, Persian or Arabic-Indic digits).
fn check_date(
    check: &mut Check,
    field: &str,
    value: Option<&str>,
    today: NaiveDate,
) -> Option<NaiveDate> {
    let v = ascii_digits(value.map(str::trim).filter(|v| !v.is_empty())?);
    match NaiveDate::parse_from_str(&v, "%Y-%m-%d") {
        Ok(d) if d > today => {
            check.fail(field, FieldErrorCode::DateInFuture, None);
            None
        }
        Ok(d) if d < NaiveDate::from_ymd_opt(1880, 1, 1).unwrap_or(d) => {
            check.fail(field, FieldErrorCode::InvalidDate, None);
            None
        }
        Ok(d) => Some(d),
        Err(_) => {
            check.fail(field, FieldErrorCode::InvalidDate, None);
            None
        }
    }
}

/// A phone number, kept with Western digits whichever digits it was typed in.
pub(super) fn check_phone(check: &mut Check, field: &str, value: Option<&str>) -> Option<String> {
    let v = ascii_digits(&check.optional_text(field, value, 40)?);
    let digits = v.chars().filter(char::is_ascii_digit).count();
    if digits < 3
        || !v
            .chars()
            .all(|c| c.is_ascii_digit() || " +-()/.".contains(c))
    {
        check.fail(field, FieldErrorCode::Malformed, None);
    }
    Some(v)
}

pub(super) fn check_email(check: &mut Check, field: &str, value: Option<&str>) -> Option<String> {
    let v = check.optional_text(field, value, 254)?;
    let ok = match v.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !v.chars().any(char::is_whitespace)
        }
        None => false,
    };
    if !ok {
        check.fail(field, FieldErrorCode::Malformed, None);
    }
    Some(v)
}

impl Workstation {
    /// Registers a walk-in case: checks everything, then in one transaction writes the party,
    /// takes the case number, writes the case, its first event and the outbox command.
    pub async fn register_case(&self, actor: &Actor, req: IntakeRequest) -> Result<CaseDetail> {
        actor.require(Permission::RegisterCase)?;
        let office = self.office().await?;
        let now = self.clock.now();
        let today = office.local_date(now);

        let mut check = Check::new();
        let party_name = check.text("party.name", &req.party.name, MAX_NAME);
        let birth_date = check_date(
            &mut check,
            "party.birth_date",
            req.party.birth_date.as_deref(),
            today,
        );
        let phone = check_phone(&mut check, "party.phone", req.party.phone.as_deref());
        let email = check_email(&mut check, "party.email", req.party.email.as_deref());
        let address = check.optional_text("party.address", req.party.address.as_deref(), 300);
        let subject = check.text("subject", &req.subject, MAX_SUBJECT);
        let description = req.description.trim().to_string();
        if description.chars().count() > MAX_DESCRIPTION {
            check.fail(
                "description",
                FieldErrorCode::TooLong,
                Some(MAX_DESCRIPTION as i64),
            );
        }
        let service = match Uuid::parse_str(req.service_id.trim()) {
            Ok(id) => {
                let id = id.to_string();
                sqlx::query!(
                    r#"SELECT s.id, s.fee_minor, s.required_documents, s.deadline_days,
                              s.names AS service_names, a.names AS agency_names
                       FROM service s JOIN agency a ON a.id = s.agency_id
                       WHERE s.id = ? AND s.active = 1"#,
                    id
                )
                .fetch_optional(&self.store.reader)
                .await?
            }
            Err(_) => None,
        };
        if req.service_id.trim().is_empty() {
            check.fail("service_id", FieldErrorCode::Required, None);
        } else if service.is_none() {
            check.fail("service_id", FieldErrorCode::UnknownService, None);
        }
        let mut presented: Vec<u32> = req.documents_presented.clone();
        presented.sort_unstable();
        presented.dedup();
        if let Some(s) = &service {
            let docs: Vec<LocalizedText> =
                serde_json::from_str(&s.required_documents).unwrap_or_default();
            if presented.iter().any(|i| *i as usize >= docs.len()) {
                check.fail(
                    "documents_presented",
                    FieldErrorCode::UnknownChecklistItem,
                    None,
                );
            }
        }
        check.finish()?;
        let service = service.ok_or(CoreError::NotFound("service"))?;

        let case_id = ids::new_id();
        let case_id_text = case_id.to_string();
        let party_id = ids::new_id().to_string();
        let event_id = ids::new_id().to_string();
        let now_ms = now.timestamp_millis();
        let year = office.local_year(now);
        let due_day = due_date(today, u32::try_from(service.deadline_days).unwrap_or(0));
        let due = due_day.format("%Y-%m-%d").to_string();
        let birth = birth_date.map(|d| d.format("%Y-%m-%d").to_string());
        let channel = code_of(&req.channel);
        let priority = code_of(&req.priority);
        let private = req.private_conversation as i64;
        let status = status::code(CaseStatus::Received);
        let presented_json = serde_json::to_string(&presented).unwrap_or_else(|_| "[]".into());
        let actor_id = actor.staff_id.to_string();
        let currency = office.view.currency.clone();

        let mut tx = self.store.writer.begin().await?;
        let n = numbering::take_number(&mut tx, Series::Case, year, "case", &case_id_text, now_ms)
            .await?;
        let number = Series::Case.format(year, n);
        sqlx::query!(
            "INSERT INTO party (id, name, birth_date, phone, email, address, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            party_id, party_name, birth, phone, email, address, now_ms
        )
        .execute(&mut *tx)
        .await?;
        sqlx::query!(
            "INSERT INTO case_file (id, number, party_id, party_name, service_id, channel, subject, description,
                priority, private_conversation, status, is_open, assignee_id, documents_presented, required_documents,
                fee_minor, currency, received_at, due_date, created_by, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            case_id_text, number, party_id, party_name, service.id, channel, subject, description,
            priority, private, status, actor_id, presented_json, service.required_documents,
            service.fee_minor, currency, now_ms, due, actor_id, now_ms
        )
        .execute(&mut *tx)
        .await?;
        let kind = code_of(&CaseEventKind::Registered);
        sqlx::query!(
            "INSERT INTO case_event (id, case_id, kind, to_status, assignee_id, actor_id, at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            event_id, case_id_text, kind, status, actor_id, actor_id, now_ms
        )
        .execute(&mut *tx)
        .await?;
        let payload = commands::CaseRegister {
            case_id: case_id_text.clone(),
            number: commands::NumberUse {
                series: Series::Case.code().into(),
                year: i64::from(year),
                number: n,
            },
            rows: Vec::new(),
        };
        outbox::append(
            &mut tx,
            Command::CaseRegister(payload),
            Some(actor.staff_id),
            now_ms,
            outbox::Effects {
                entity_id: Some(&case_id_text),
                rows: &[
                    ("party", &party_id),
                    ("case_file", &case_id_text),
                    ("case_event", &event_id),
                ],
            },
        )
        .await?;
        crate::queue::visit::link_record(
            &mut tx,
            actor,
            okno_wire::VisitEventKind::CaseRegistered,
            "case_file",
            &case_id_text,
            now_ms,
        )
        .await?;
        tx.commit().await?;

        // The answer is what was just written: no need to read it back (the intake test checks
        // that it equals `get_case`).
        let docs: Vec<LocalizedText> =
            serde_json::from_str(&service.required_documents).unwrap_or_default();
        let at = from_millis(now_ms);
        Ok(CaseDetail {
            summary: CaseSummary {
                id: case_id,
                number,
                party_name: party_name.clone(),
                service_id: ids::parse(&service.id)?,
                service_names: json_names(&service.service_names),
                agency_names: json_names(&service.agency_names),
                subject,
                channel: req.channel,
                status: CaseStatus::Received,
                priority: req.priority,
                private_conversation: req.private_conversation,
                assignee_id: Some(actor.staff_id),
                assignee_name: Some(actor.display_name.clone()),
                received_at: at,
                due_date: due_day,
                overdue: false,
            },
            description,
            party: PartyView {
                id: ids::parse(&party_id)?,
                name: party_name,
                birth_date,
                phone,
                email,
                address,
            },
            fee_minor: service.fee_minor,
            currency,
            checklist: docs
                .into_iter()
                .enumerate()
                .map(|(i, label)| ChecklistItem {
                    label,
                    presented: presented.contains(&(i as u32)),
                })
                .collect(),
            events: vec![CaseEventView {
                id: ids::parse(&event_id)?,
                kind: CaseEventKind::Registered,
                from_status: None,
                to_status: Some(CaseStatus::Received),
                note: None,
                assignee_name: Some(actor.display_name.clone()),
                actor_name: actor.display_name.clone(),
                at,
            }],
            attachments: Vec::new(),
            filings: Vec::new(),
            allowed_transitions: if actor.may(Permission::HandleCase) {
                status::allowed_next(CaseStatus::Received).to_vec()
            } else {
                Vec::new()
            },
            pending_sync: 1,
            sync_issues: Vec::new(),
        })
    }
}
