//! The filing registry (the filing office's desk): every document handed in or sent out gets a
//! registry number from the office's filing series, standing alone or linked to a case, and the
//! register can be searched per day and per year.

use chrono::NaiveDate;
use okno_rules::fold::ascii_digits;
use okno_wire::commands::{self, Command};
use okno_wire::{
    AttachmentOwnerKind, CaseEventKind, FieldErrorCode, FilingFilter, FilingInput, FilingList,
    FilingView, Permission,
};
use sqlx::{QueryBuilder, Sqlite};
use uuid::Uuid;

use crate::auth::Actor;
use crate::cases::{code_of, parse_code, push_text_match, MAX_PAGE};
use crate::clock::from_millis;
use crate::error::{Check, CoreError, Result};
use crate::numbering::{self, Series};
use crate::{ids, outbox, Workstation};

pub const MAX_PAGES: u32 = 10_000;

#[derive(sqlx::FromRow)]
struct FilingRow {
    id: String,
    number: String,
    direction: String,
    counterpart: String,
    subject: String,
    pages: i64,
    enclosures: i64,
    case_id: Option<String>,
    case_number: Option<String>,
    note: Option<String>,
    registered_at: i64,
    registered_by_name: String,
}

const FILING_SELECT: &str = "SELECT f.id, f.number, f.direction, f.counterpart, f.subject, f.pages, f.enclosures,
        f.case_id, c.number AS case_number, f.note, f.registered_at, s.display_name AS registered_by_name
    FROM filing_entry f
    JOIN staff s ON s.id = f.registered_by
    LEFT JOIN case_file c ON c.id = f.case_id";

impl Workstation {
    async fn filing_view(&self, r: FilingRow) -> Result<FilingView> {
        let id = ids::parse(&r.id)?;
        Ok(FilingView {
            id,
            number: r.number,
            direction: parse_code(&r.direction)?,
            counterpart: r.counterpart,
            subject: r.subject,
            pages: u32::try_from(r.pages).unwrap_or(0),
            enclosures: u32::try_from(r.enclosures).unwrap_or(0),
            case_id: ids::parse_opt(r.case_id.as_deref())?,
            case_number: r.case_number,
            note: r.note,
            registered_at: from_millis(r.registered_at),
            registered_by_name: r.registered_by_name,
            attachments: self.attachments_of(AttachmentOwnerKind::Filing, id).await?,
        })
    }

    pub(crate) async fn filings_of_case(&self, case_id: Uuid) -> Result<Vec<FilingView>> {
        let sql = format!("{FILING_SELECT} WHERE f.case_id = ? ORDER BY f.registered_at");
        let rows: Vec<FilingRow> = sqlx::query_as(&sql)
            .bind(case_id.to_string())
            .fetch_all(&self.store.reader)
            .await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            out.push(self.filing_view(r).await?);
        }
        Ok(out)
    }

    pub async fn register_filing(&self, actor: &Actor, input: FilingInput) -> Result<FilingView> {
        actor.require(Permission::RegisterFiling)?;
        let office = self.office().await?;
        let mut check = Check::new();
        let counterpart = check.text("counterpart", &input.counterpart, 200);
        let subject = check.text("subject", &input.subject, 200);
        let note = check.optional_text("note", input.note.as_deref(), 2000);
        if input.pages == 0 {
            check.fail("pages", FieldErrorCode::TooSmall, Some(1));
        } else if input.pages > MAX_PAGES {
            check.fail(
                "pages",
                FieldErrorCode::TooLarge,
                Some(i64::from(MAX_PAGES)),
            );
        }
        if input.enclosures > MAX_PAGES {
            check.fail(
                "enclosures",
                FieldErrorCode::TooLarge,
                Some(i64::from(MAX_PAGES)),
            );
        }
        let case_number = input
            .case_number
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(ascii_digits);
        let case_id = match case_number {
            Some(n) => {
                let found = sqlx::query_scalar!(
                    "SELECT id FROM case_file WHERE number = ? COLLATE NOCASE",
                    n
                )
                .fetch_optional(&self.store.reader)
                .await?;
                if found.is_none() {
                    check.fail("case_number", FieldErrorCode::UnknownCase, None);
                }
                found
            }
            None => None,
        };
        check.finish()?;

        let now = self.clock.now();
        let now_ms = now.timestamp_millis();
        let year = office.local_year(now);
        let day = office.local_date(now).format("%Y-%m-%d").to_string();
        let id = ids::new_id();
        let id_text = id.to_string();
        let direction = code_of(&input.direction);
        let pages = i64::from(input.pages);
        let enclosures = i64::from(input.enclosures);
        let actor_id = actor.staff_id.to_string();

        let mut tx = self.store.writer.begin().await?;
        let n = numbering::take_number(&mut tx, Series::Filing, year, "filing", &id_text, now_ms)
            .await?;
        let number = Series::Filing.format(year, n);
        sqlx::query!(
            "INSERT INTO filing_entry (id, number, year, local_day, direction, counterpart, subject, pages, enclosures,
                case_id, note, registered_at, registered_by)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            id_text, number, year, day, direction, counterpart, subject, pages, enclosures, case_id, note, now_ms, actor_id
        )
        .execute(&mut *tx)
        .await?;
        let mut event_id_linked = None;
        if let Some(cid) = &case_id {
            let event_id = ids::new_id().to_string();
            event_id_linked = Some(event_id.clone());
            let kind = code_of(&CaseEventKind::FilingLinked);
            let text = format!("{number}: {subject}");
            sqlx::query!(
                "INSERT INTO case_event (id, case_id, kind, note, actor_id, at) VALUES (?, ?, ?, ?, ?, ?)",
                event_id, cid, kind, text, actor_id, now_ms
            )
            .execute(&mut *tx)
            .await?;
        }
        let mut filing_rows: Vec<(&str, &str)> = vec![("filing_entry", &id_text)];
        if let Some(e) = &event_id_linked {
            filing_rows.push(("case_event", e));
        }
        outbox::append(
            &mut tx,
            Command::FilingRegister(commands::FilingRegister {
                id: id_text.to_string(),
                case_id: case_id.map(|c| c.to_string()),
                number: commands::NumberUse {
                    series: Series::Filing.code().into(),
                    year: i64::from(year),
                    number: n,
                },
                rows: Vec::new(),
            }),
            Some(actor.staff_id),
            now_ms,
            outbox::Effects {
                entity_id: Some(&id_text),
                rows: &filing_rows,
            },
        )
        .await?;
        tx.commit().await?;
        self.get_filing(actor, id).await
    }

    pub async fn get_filing(&self, actor: &Actor, id: Uuid) -> Result<FilingView> {
        actor.require(Permission::ViewFiling)?;
        let sql = format!("{FILING_SELECT} WHERE f.id = ?");
        let row: FilingRow = sqlx::query_as(&sql)
            .bind(id.to_string())
            .fetch_optional(&self.store.reader)
            .await?
            .ok_or(CoreError::NotFound("filing entry"))?;
        self.filing_view(row).await
    }

    /// The register for a year or one day of it, newest first, optionally by direction and text.
    pub async fn list_filings(&self, actor: &Actor, filter: FilingFilter) -> Result<FilingList> {
        actor.require(Permission::ViewFiling)?;
        let mut check = Check::new();
        let day = match filter
            .day
            .as_deref()
            .map(str::trim)
            .filter(|d| !d.is_empty())
        {
            Some(d) => match NaiveDate::parse_from_str(&ascii_digits(d), "%Y-%m-%d") {
                Ok(date) => Some(date.format("%Y-%m-%d").to_string()),
                Err(_) => {
                    check.fail("day", FieldErrorCode::InvalidDate, None);
                    None
                }
            },
            None => None,
        };
        if !(1900..=9999).contains(&filter.year) {
            check.fail("year", FieldErrorCode::Malformed, None);
        }
        check.finish()?;
        let push_where = |qb: &mut QueryBuilder<Sqlite>| {
            qb.push(" WHERE f.year = ").push_bind(filter.year);
            if let Some(d) = &day {
                qb.push(" AND f.local_day = ").push_bind(d.clone());
            }
            if let Some(dir) = filter.direction {
                qb.push(" AND f.direction = ").push_bind(code_of(&dir));
            }
            if let Some(t) = filter.text.as_deref() {
                push_text_match(qb, &["f.number", "f.counterpart", "f.subject"], t);
            }
        };
        let mut qb: QueryBuilder<Sqlite> = QueryBuilder::new("SELECT COUNT(*) FROM filing_entry f");
        push_where(&mut qb);
        let total: i64 = qb
            .build_query_scalar()
            .fetch_one(&self.store.reader)
            .await?;
        let mut qb: QueryBuilder<Sqlite> = QueryBuilder::new(FILING_SELECT);
        push_where(&mut qb);
        qb.push(" ORDER BY f.registered_at DESC, f.id DESC LIMIT ")
            .push_bind(i64::from(filter.limit.clamp(1, MAX_PAGE)))
            .push(" OFFSET ")
            .push_bind(i64::from(filter.offset));
        let rows: Vec<FilingRow> = qb.build_query_as().fetch_all(&self.store.reader).await?;
        let mut items = Vec::with_capacity(rows.len());
        for r in rows {
            items.push(self.filing_view(r).await?);
        }
        Ok(FilingList { items, total })
    }
}
