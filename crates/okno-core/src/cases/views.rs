//! Reading cases: one case with its history, and the filtered, paged lists (today's, open, all, by
//! text).

use super::*;

/// The columns of a case summary, shared by the list and the detail.
#[derive(sqlx::FromRow)]
pub(super) struct SummaryRow {
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

pub(super) const SUMMARY_COLUMNS: &str =
    "SELECT c.id, c.number, c.party_name, c.service_id, s.names AS service_names,
        a.names AS agency_names, c.subject, c.channel, c.status, c.priority, c.private_conversation,
        c.assignee_id, st.display_name AS assignee_name, c.received_at, c.due_date";

pub(super) const SUMMARY_JOINS: &str = "JOIN service s ON s.id = c.service_id
    JOIN agency a ON a.id = s.agency_id
    LEFT JOIN staff st ON st.id = c.assignee_id";

impl SummaryRow {
    pub(super) fn into_summary(self, today: NaiveDate) -> Result<CaseSummary> {
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

impl Workstation {
    pub async fn get_case(&self, actor: &Actor, case_id: Uuid) -> Result<CaseDetail> {
        actor.require(Permission::ViewCases)?;
        let office = self.office().await?;
        self.case_detail(actor, &office, case_id).await
    }

    pub(super) async fn case_detail(
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
}
