//! Walk-in cases: intake at the desk, the day's and all open cases, and their handling. Every
//! change is one transaction that writes the case, an append-only [`CaseEventKind`] entry with
//! who and when, and a command in the sync outbox.

pub use okno_rules::status;

use chrono::{Duration, NaiveDate};
use okno_rules::fold::ascii_digits;
use okno_wire::commands::{self, Command};
use okno_wire::{
    AddNoteRequest, CaseDetail, CaseEventKind, CaseEventView, CaseFilter, CaseList, CaseScope,
    CaseStatus, CaseSummary, ChangeStatusRequest, ChecklistItem, FieldErrorCode, IntakeRequest,
    LocalizedText, PartyView, Permission, ReassignRequest, UpdateCaseRequest,
};
use serde::{de::DeserializeOwned, Serialize};
use sqlx::{QueryBuilder, Sqlite};
use uuid::Uuid;

use crate::auth::Actor;
use crate::catalogue::json_names;
use crate::clock::from_millis;
use crate::error::{Check, CoreError, Result};
use crate::numbering::{self, Series};
use crate::office::Office;
use crate::{ids, outbox, Workstation};

pub const MAX_SUBJECT: usize = 200;
pub const MAX_DESCRIPTION: usize = 4000;
pub const MAX_NAME: usize = 200;
pub const MAX_NOTE: usize = 2000;
pub const MAX_PAGE: u32 = 200;

/// The snake_case code serde gives a unit enum variant.
pub(crate) fn code_of<T: Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

pub(crate) fn parse_code<T: DeserializeOwned>(code: &str) -> Result<T> {
    serde_json::from_value(serde_json::Value::String(code.to_string()))
        .map_err(|_| CoreError::Internal(format!("stored code {code:?} is unknown")))
}

/// A parsed, checked `YYYY-MM-DD` (in Western, Persian or Arabic-Indic digits).
pub(crate) fn check_date(
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
fn check_phone(check: &mut Check, field: &str, value: Option<&str>) -> Option<String> {
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

fn check_email(check: &mut Check, field: &str, value: Option<&str>) -> Option<String> {
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

/// The columns of a case summary, shared by the list and the detail.
#[derive(sqlx::FromRow)]
struct SummaryRow {
    id: String,
    number: String,
    party_name: String,
    service_id: String,
    service_names: String,
    agency_names: String,
    subject: String,
    channel: String,
    status: String,
    priority: String,
    private_conversation: i64,
    assignee_id: Option<String>,
    assignee_name: Option<String>,
    received_at: i64,
    due_date: String,
}

const SUMMARY_COLUMNS: &str =
    "SELECT c.id, c.number, c.party_name, c.service_id, s.names AS service_names,
        a.names AS agency_names, c.subject, c.channel, c.status, c.priority, c.private_conversation,
        c.assignee_id, st.display_name AS assignee_name, c.received_at, c.due_date";

const SUMMARY_JOINS: &str = "JOIN service s ON s.id = c.service_id
    JOIN agency a ON a.id = s.agency_id
    LEFT JOIN staff st ON st.id = c.assignee_id";

impl SummaryRow {
    fn into_summary(self, today: NaiveDate) -> Result<CaseSummary> {
        let status: CaseStatus = parse_code(&self.status)?;
        let due_date = NaiveDate::parse_from_str(&self.due_date, "%Y-%m-%d")
            .map_err(|_| CoreError::Internal(format!("stored due date {:?}", self.due_date)))?;
        Ok(CaseSummary {
            id: ids::parse(&self.id)?,
            number: self.number,
            party_name: self.party_name,
            service_id: ids::parse(&self.service_id)?,
            service_names: json_names(&self.service_names),
            agency_names: json_names(&self.agency_names),
            subject: self.subject,
            channel: parse_code(&self.channel)?,
            status,
            priority: parse_code(&self.priority)?,
            private_conversation: self.private_conversation != 0,
            assignee_id: ids::parse_opt(self.assignee_id.as_deref())?,
            assignee_name: self.assignee_name,
            received_at: from_millis(self.received_at),
            due_date,
            overdue: status::is_open(status) && due_date < today,
        })
    }
}

/// Moves case `id` to status `to` inside `tx`: the case, its history event and the
/// `case.change_status` command. Refuses a move the status machine does not allow.
pub(crate) async fn change_status_in(
    tx: &mut sqlx::SqliteConnection,
    actor: &Actor,
    id: &str,
    to_status: CaseStatus,
    note: Option<&str>,
    now_ms: i64,
) -> Result<()> {
    let to = status::code(to_status);
    let open = status::is_open(to_status) as i64;
    let actor_id = actor.staff_id.to_string();
    let current = sqlx::query_scalar!("SELECT status FROM case_file WHERE id = ?", id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(CoreError::NotFound("case"))?;
    let from: CaseStatus = parse_code(&current)?;
    if !status::can_move(from, to_status) {
        return Err(CoreError::InvalidTransition {
            from: status::code(from),
            to,
        });
    }
    sqlx::query!(
        "UPDATE case_file SET status = ?, is_open = ?, updated_at = ? WHERE id = ?",
        to,
        open,
        now_ms,
        id
    )
    .execute(&mut *tx)
    .await?;
    let event_id = ids::new_id().to_string();
    let kind = code_of(&CaseEventKind::StatusChanged);
    sqlx::query!(
        "INSERT INTO case_event (id, case_id, kind, from_status, to_status, note, actor_id, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        event_id, id, kind, current, to, note, actor_id, now_ms
    )
    .execute(&mut *tx)
    .await?;
    outbox::append(
        &mut *tx,
        Command::CaseChangeStatus(commands::CaseChangeStatus {
            case_id: id.to_string(),
            from: current.to_string(),
            to: to.to_string(),
            rows: Vec::new(),
        }),
        Some(actor.staff_id),
        now_ms,
        outbox::Effects {
            entity_id: Some(id),
            rows: &[("case_event", &event_id)],
        },
    )
    .await?;
    Ok(())
}

/// Gives case `id` to `assignee` (or to nobody) inside `tx`: the case, its history event and
/// the `case.reassign` command. Returns false, writing nothing, when it already has that
/// assignee. A closed or rejected case is not reassigned.
pub(crate) async fn reassign_in(
    tx: &mut sqlx::SqliteConnection,
    actor: &Actor,
    id: &str,
    assignee: Option<&str>,
    note: Option<&str>,
    now_ms: i64,
) -> Result<bool> {
    let actor_id = actor.staff_id.to_string();
    let current = sqlx::query!("SELECT status, assignee_id FROM case_file WHERE id = ?", id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(CoreError::NotFound("case"))?;
    let from: CaseStatus = parse_code(&current.status)?;
    if !status::is_open(from) && from != CaseStatus::Resolved {
        return Err(CoreError::InvalidTransition {
            from: status::code(from),
            to: status::code(from),
        });
    }
    if current.assignee_id.as_deref() == assignee {
        return Ok(false);
    }
    sqlx::query!(
        "UPDATE case_file SET assignee_id = ?, updated_at = ? WHERE id = ?",
        assignee,
        now_ms,
        id
    )
    .execute(&mut *tx)
    .await?;
    let event_id = ids::new_id().to_string();
    let kind = code_of(&CaseEventKind::Reassigned);
    sqlx::query!(
        "INSERT INTO case_event (id, case_id, kind, note, assignee_id, actor_id, at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        event_id, id, kind, note, assignee, actor_id, now_ms
    )
    .execute(&mut *tx)
    .await?;
    outbox::append(
        &mut *tx,
        Command::CaseReassign(commands::CaseReassign {
            case_id: id.to_string(),
            from: current.assignee_id.clone(),
            to: assignee.map(|a| a.to_string()),
            rows: Vec::new(),
        }),
        Some(actor.staff_id),
        now_ms,
        outbox::Effects {
            entity_id: Some(id),
            rows: &[("case_event", &event_id)],
        },
    )
    .await?;
    Ok(true)
}

/// Case summaries by rowid, in the order given (a review's drill-down page).
pub(crate) async fn summaries_by_rowid(
    conn: &mut sqlx::SqliteConnection,
    rowids: &[i64],
    today: NaiveDate,
) -> Result<Vec<CaseSummary>> {
    if rowids.is_empty() {
        return Ok(Vec::new());
    }
    let mut qb: QueryBuilder<Sqlite> = QueryBuilder::new(SUMMARY_COLUMNS);
    qb.push(", c.rowid AS rid FROM case_file c ")
        .push(SUMMARY_JOINS)
        .push(" WHERE c.rowid IN (");
    let mut sep = qb.separated(", ");
    for r in rowids {
        sep.push_bind(*r);
    }
    qb.push(")");
    let rows: Vec<(i64, SummaryRow)> = qb
        .build()
        .fetch_all(&mut *conn)
        .await?
        .into_iter()
        .map(|row| {
            use sqlx::{FromRow, Row};
            Ok((row.try_get::<i64, _>("rid")?, SummaryRow::from_row(&row)?))
        })
        .collect::<Result<_, sqlx::Error>>()?;
    let mut by_rowid: std::collections::HashMap<i64, SummaryRow> = rows.into_iter().collect();
    rowids
        .iter()
        .filter_map(|r| by_rowid.remove(r))
        .map(|r| r.into_summary(today))
        .collect()
}

/// Adds `AND (col1 LIKE %text% OR col2 LIKE ...)` for a search text, with LIKE's wildcards in
/// the text escaped so that "%" or "_" match themselves. A blank text adds nothing.
pub(crate) fn push_text_match(qb: &mut QueryBuilder<Sqlite>, columns: &[&str], text: &str) {
    let text = ascii_digits(text.trim());
    let text = text.as_str();
    if text.is_empty() {
        return;
    }
    let like = format!(
        "%{}%",
        text.replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_")
    );
    for (i, col) in columns.iter().enumerate() {
        qb.push(if i == 0 { " AND (" } else { " OR " });
        qb.push(*col)
            .push(" LIKE ")
            .push_bind(like.clone())
            .push(" ESCAPE '\\'");
    }
    qb.push(")");
}

/// The due date: the office's calendar day of intake plus the service's deadline.
pub fn due_date(received_local: NaiveDate, deadline_days: u32) -> NaiveDate {
    received_local + Duration::days(i64::from(deadline_days))
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

    pub async fn get_case(&self, actor: &Actor, case_id: Uuid) -> Result<CaseDetail> {
        actor.require(Permission::ViewCases)?;
        let office = self.office().await?;
        self.case_detail(actor, &office, case_id).await
    }

    async fn case_detail(
        &self,
        actor: &Actor,
        office: &Office,
        case_id: Uuid,
    ) -> Result<CaseDetail> {
        let today = office.local_date(self.clock.now());
        let id = case_id.to_string();
        let sql = format!("{SUMMARY_COLUMNS} FROM case_file c {SUMMARY_JOINS} WHERE c.id = ?");
        let row: SummaryRow = sqlx::query_as(&sql)
            .bind(&id)
            .fetch_optional(&self.store.reader)
            .await?
            .ok_or(CoreError::NotFound("case"))?;
        let summary = row.into_summary(today)?;
        let extra = sqlx::query!(
            "SELECT c.description, c.documents_presented, c.required_documents, c.fee_minor, c.currency,
                    p.id AS party_id, p.name, p.birth_date, p.phone, p.email, p.address
             FROM case_file c JOIN party p ON p.id = c.party_id WHERE c.id = ?",
            id
        )
        .fetch_one(&self.store.reader)
        .await?;
        let docs: Vec<LocalizedText> =
            serde_json::from_str(&extra.required_documents).unwrap_or_default();
        let presented: Vec<u32> =
            serde_json::from_str(&extra.documents_presented).unwrap_or_default();
        let checklist = docs
            .into_iter()
            .enumerate()
            .map(|(i, label)| ChecklistItem {
                label,
                presented: presented.contains(&(i as u32)),
            })
            .collect();
        let events = sqlx::query!(
            r#"SELECT e.id, e.kind, e.from_status, e.to_status, e.note, a.display_name AS "assignee_name?",
                      s.display_name AS actor_name, e.at
               FROM case_event e
               JOIN staff s ON s.id = e.actor_id
               LEFT JOIN staff a ON a.id = e.assignee_id
               WHERE e.case_id = ? ORDER BY e.at, e.id"#,
            id
        )
        .fetch_all(&self.store.reader)
        .await?
        .into_iter()
        .map(|e| {
            Ok(CaseEventView {
                id: ids::parse(&e.id)?,
                kind: parse_code(&e.kind)?,
                from_status: e.from_status.as_deref().map(parse_code).transpose()?,
                to_status: e.to_status.as_deref().map(parse_code).transpose()?,
                note: e.note,
                assignee_name: e.assignee_name,
                actor_name: e.actor_name,
                at: from_millis(e.at),
            })
        })
        .collect::<Result<Vec<_>>>()?;
        let attachments = self
            .attachments_of(okno_wire::AttachmentOwnerKind::Case, case_id)
            .await?;
        let filings = self.filings_of_case(case_id).await?;
        let allowed_transitions = if actor.may(Permission::HandleCase) {
            status::allowed_next(summary.status).to_vec()
        } else {
            Vec::new()
        };
        let (pending_sync, sync_issues) = self.case_sync_issues(&id).await?;
        Ok(CaseDetail {
            summary,
            description: extra.description,
            party: PartyView {
                id: ids::parse(&extra.party_id)?,
                name: extra.name,
                birth_date: extra
                    .birth_date
                    .as_deref()
                    .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()),
                phone: extra.phone,
                email: extra.email,
                address: extra.address,
            },
            fee_minor: extra.fee_minor,
            currency: extra.currency,
            checklist,
            events,
            attachments,
            filings,
            allowed_transitions,
            pending_sync,
            sync_issues,
        })
    }

    /// The day's cases, the open ones, or all; filtered by status, service, assignee, overdue
    /// and a text (number, party, subject); newest first.
    pub async fn list_cases(&self, actor: &Actor, filter: CaseFilter) -> Result<CaseList> {
        actor.require(Permission::ViewCases)?;
        let office = self.office().await?;
        let today = office.local_date(self.clock.now());
        let limit = i64::from(filter.limit.clamp(1, MAX_PAGE));
        let offset = i64::from(filter.offset);

        let mut qb: QueryBuilder<Sqlite> = QueryBuilder::new("");
        // `paging`: the filter of the page query, which walks an index in received order and
        // stops after a page; the count query may use any index.
        let push_where = |qb: &mut QueryBuilder<Sqlite>, paging: bool| {
            qb.push(" WHERE 1 = 1");
            match filter.scope {
                CaseScope::Today => {
                    let (start, end) = office.day_bounds_ms(today);
                    qb.push(" AND c.received_at >= ")
                        .push_bind(start)
                        .push(" AND c.received_at < ")
                        .push_bind(end);
                }
                CaseScope::Open => {
                    qb.push(" AND c.is_open = 1");
                }
                CaseScope::All => {}
            }
            if let Some(s) = filter.status {
                qb.push(" AND c.status = ").push_bind(status::code(s));
            }
            if let Some(s) = filter.service_id {
                qb.push(" AND c.service_id = ").push_bind(s.to_string());
            }
            if let Some(a) = filter.assignee_id {
                qb.push(" AND c.assignee_id = ").push_bind(a.to_string());
            }
            if filter.overdue_only {
                // For the page, `+` keeps SQLite from sorting every overdue case by the due-date
                // index: most open cases past their deadline are found walking back from today.
                qb.push(if paging {
                    " AND c.is_open = 1 AND +c.due_date < "
                } else {
                    " AND c.is_open = 1 AND c.due_date < "
                })
                .push_bind(today.format("%Y-%m-%d").to_string());
            }
            if let Some(t) = filter
                .text
                .as_deref()
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(ascii_digits)
            {
                let t = t.as_str();
                if t.chars().count() >= 3 {
                    // The trigram index finds substrings of three characters and more.
                    qb.push(
                        " AND c.rowid IN (SELECT rowid FROM case_search WHERE case_search MATCH ",
                    )
                    .push_bind(format!("\"{}\"", t.replace('"', "\"\"")))
                    .push(")");
                } else {
                    push_text_match(qb, &["c.number", "c.party_name", "c.subject"], t);
                }
            }
        };

        qb.push("SELECT COUNT(*) FROM case_file c");
        push_where(&mut qb, false);
        let total: i64 = qb
            .build_query_scalar()
            .fetch_one(&self.store.reader)
            .await?;

        // The page is chosen on case_file alone (small rows to sort), then joined: otherwise
        // SQLite may drive the query from the small catalogue tables and sort every match.
        let mut qb: QueryBuilder<Sqlite> = QueryBuilder::new(
            "WITH page AS (SELECT c.rowid AS rid, c.received_at, c.id FROM case_file c",
        );
        push_where(&mut qb, true);
        qb.push(" ORDER BY c.received_at DESC, c.id DESC LIMIT ")
            .push_bind(limit)
            .push(" OFFSET ")
            .push_bind(offset);
        qb.push(") ")
            .push(SUMMARY_COLUMNS)
            .push(" FROM page p JOIN case_file c ON c.rowid = p.rid ")
            .push(SUMMARY_JOINS)
            .push(" ORDER BY p.received_at DESC, p.id DESC");
        let rows: Vec<SummaryRow> = qb.build_query_as().fetch_all(&self.store.reader).await?;
        let items = rows
            .into_iter()
            .map(|r| r.into_summary(today))
            .collect::<Result<Vec<_>>>()?;
        Ok(CaseList { items, total })
    }

    pub async fn change_case_status(
        &self,
        actor: &Actor,
        req: ChangeStatusRequest,
    ) -> Result<CaseDetail> {
        actor.require(Permission::HandleCase)?;
        let office = self.office().await?;
        let mut check = Check::new();
        let note = check.optional_text("note", req.note.as_deref(), MAX_NOTE);
        check.finish()?;
        let id = req.case_id.to_string();
        let now_ms = self.now_ms();
        let mut tx = self.store.writer.begin().await?;
        change_status_in(&mut tx, actor, &id, req.to, note.as_deref(), now_ms).await?;
        tx.commit().await?;
        self.case_detail(actor, &office, req.case_id).await
    }

    /// Edits a case's descriptive fields. Several workstations may edit the same case while
    /// apart: the server merges field by field, the later edit (by hybrid logical clock) winning.
    pub async fn update_case(&self, actor: &Actor, req: UpdateCaseRequest) -> Result<CaseDetail> {
        actor.require(Permission::HandleCase)?;
        let office = self.office().await?;
        let mut check = Check::new();
        let subject = req
            .subject
            .as_deref()
            .map(|s| check.text("subject", s, MAX_SUBJECT));
        let description = req.description.as_deref().map(|s| {
            check
                .optional_text("description", Some(s), MAX_DESCRIPTION)
                .unwrap_or_default()
        });
        check.finish()?;
        let priority = req.priority.map(|p| code_of(&p));
        let id = req.case_id.to_string();
        let now_ms = self.now_ms();
        let mut tx = self.store.writer.begin().await?;
        let current = sqlx::query!(
            "SELECT subject, description, priority FROM case_file WHERE id = ?",
            id
        )
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(CoreError::NotFound("case"))?;
        let mut fields = serde_json::Map::new();
        if let Some(s) = subject.filter(|s| *s != current.subject) {
            fields.insert("subject".into(), s.into());
        }
        if let Some(d) = description.filter(|d| *d != current.description) {
            fields.insert("description".into(), d.into());
        }
        if let Some(p) = priority.filter(|p| *p != current.priority) {
            fields.insert("priority".into(), p.into());
        }
        if fields.is_empty() {
            tx.rollback().await?;
            return self.case_detail(actor, &office, req.case_id).await;
        }
        let get = |k: &str, old: &str| {
            fields
                .get(k)
                .and_then(|v| v.as_str())
                .unwrap_or(old)
                .to_string()
        };
        let (s, d, p) = (
            get("subject", &current.subject),
            get("description", &current.description),
            get("priority", &current.priority),
        );
        sqlx::query!(
            "UPDATE case_file SET subject = ?, description = ?, priority = ?, updated_at = ? WHERE id = ?",
            s,
            d,
            p,
            now_ms,
            id
        )
        .execute(&mut *tx)
        .await?;
        outbox::append(
            &mut tx,
            Command::CaseUpdate(commands::CaseUpdate {
                case_id: id.to_string(),
                fields,
            }),
            Some(actor.staff_id),
            now_ms,
            outbox::Effects {
                entity_id: Some(&id),
                rows: &[],
            },
        )
        .await?;
        tx.commit().await?;
        self.case_detail(actor, &office, req.case_id).await
    }

    pub async fn add_case_note(&self, actor: &Actor, req: AddNoteRequest) -> Result<CaseDetail> {
        actor.require(Permission::HandleCase)?;
        let office = self.office().await?;
        let mut check = Check::new();
        let note = check.text("note", &req.note, MAX_NOTE);
        check.finish()?;
        let id = req.case_id.to_string();
        let now_ms = self.now_ms();
        let actor_id = actor.staff_id.to_string();
        let mut tx = self.store.writer.begin().await?;
        let exists = sqlx::query_scalar!(
            r#"SELECT COUNT(*) AS "n!: i64" FROM case_file WHERE id = ?"#,
            id
        )
        .fetch_one(&mut *tx)
        .await?;
        if exists == 0 {
            return Err(CoreError::NotFound("case"));
        }
        let event_id = ids::new_id().to_string();
        let kind = code_of(&CaseEventKind::NoteAdded);
        sqlx::query!(
            "INSERT INTO case_event (id, case_id, kind, note, actor_id, at) VALUES (?, ?, ?, ?, ?, ?)",
            event_id, id, kind, note, actor_id, now_ms
        )
        .execute(&mut *tx)
        .await?;
        sqlx::query!(
            "UPDATE case_file SET updated_at = ? WHERE id = ?",
            now_ms,
            id
        )
        .execute(&mut *tx)
        .await?;
        outbox::append(
            &mut tx,
            Command::CaseAddNote(commands::CaseEvent {
                case_id: id.to_string(),
                rows: Vec::new(),
            }),
            Some(actor.staff_id),
            now_ms,
            outbox::Effects {
                entity_id: Some(&id),
                rows: &[("case_event", &event_id)],
            },
        )
        .await?;
        tx.commit().await?;
        self.case_detail(actor, &office, req.case_id).await
    }

    pub async fn reassign_case(&self, actor: &Actor, req: ReassignRequest) -> Result<CaseDetail> {
        actor.require(Permission::ReassignCase)?;
        let office = self.office().await?;
        let id = req.case_id.to_string();
        let assignee = req.assignee_id.map(|a| a.to_string());
        if let Some(a) = &assignee {
            let known = sqlx::query_scalar!(
                r#"SELECT COUNT(*) AS "n!: i64" FROM staff WHERE id = ? AND active = 1"#,
                a
            )
            .fetch_one(&self.store.reader)
            .await?;
            if known == 0 {
                return Err(CoreError::field(
                    "assignee_id",
                    FieldErrorCode::UnknownStaff,
                ));
            }
        }
        let now_ms = self.now_ms();
        let mut tx = self.store.writer.begin().await?;
        if !reassign_in(&mut tx, actor, &id, assignee.as_deref(), None, now_ms).await? {
            tx.rollback().await?;
            return self.case_detail(actor, &office, req.case_id).await;
        }
        tx.commit().await?;
        self.case_detail(actor, &office, req.case_id).await
    }

    /// Records that the intake receipt was printed or saved (an event, and a command to sync).
    pub async fn record_receipt_printed(&self, actor: &Actor, case_id: Uuid) -> Result<()> {
        let id = case_id.to_string();
        let now_ms = self.now_ms();
        let actor_id = actor.staff_id.to_string();
        let event_id = ids::new_id().to_string();
        let kind = code_of(&CaseEventKind::ReceiptPrinted);
        let mut tx = self.store.writer.begin().await?;
        sqlx::query!(
            "INSERT INTO case_event (id, case_id, kind, actor_id, at) VALUES (?, ?, ?, ?, ?)",
            event_id,
            id,
            kind,
            actor_id,
            now_ms
        )
        .execute(&mut *tx)
        .await?;
        outbox::append(
            &mut tx,
            Command::CaseReceiptPrinted(commands::CaseEvent {
                case_id: id.to_string(),
                rows: Vec::new(),
            }),
            Some(actor.staff_id),
            now_ms,
            outbox::Effects {
                entity_id: Some(&id),
                rows: &[("case_event", &event_id)],
            },
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
