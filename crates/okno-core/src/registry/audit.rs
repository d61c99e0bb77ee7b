//! The audit every lookup leaves: why a person was opened (a case, or a stated purpose), the
//! append-only entry and the command that carries it to the server, and the supervisor's
//! list and CSV export.

use super::*;

/// A stated purpose: at least this many characters.
pub(super) const PURPOSE_MIN: usize = 5;
pub(super) const PURPOSE_MAX: usize = 300;

/// Why a person is looked up, as the audit keeps it: an existing case, or a stated purpose.
pub(crate) struct Reason {
    pub case_id: Option<String>,
    pub case_number: Option<String>,
    pub purpose: Option<String>,
}

pub(crate) async fn check_reason(
    conn: &mut SqliteConnection,
    case_number: Option<&str>,
    purpose: Option<&str>,
) -> Result<Reason> {
    let case_number = case_number
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(fold::ascii_digits);
    let purpose = purpose.map(str::trim).filter(|s| !s.is_empty());
    let mut reason = Reason {
        case_id: None,
        case_number: None,
        purpose: None,
    };
    if let Some(n) = case_number {
        let id: Option<String> = sqlx::query_scalar("SELECT id FROM case_file WHERE number = ?")
            .bind(&n)
            .fetch_optional(&mut *conn)
            .await?;
        let id = id.ok_or_else(|| CoreError::field("case_number", FieldErrorCode::UnknownCase))?;
        reason.case_id = Some(id);
        reason.case_number = Some(n);
    }
    if let Some(p) = purpose {
        let n = p.chars().count();
        if n < PURPOSE_MIN {
            return Err(CoreError::Validation(vec![okno_wire::FieldError {
                field: "purpose".into(),
                code: FieldErrorCode::TooShort,
                limit: Some(PURPOSE_MIN as i64),
            }]));
        }
        if n > PURPOSE_MAX {
            return Err(CoreError::Validation(vec![okno_wire::FieldError {
                field: "purpose".into(),
                code: FieldErrorCode::TooLong,
                limit: Some(PURPOSE_MAX as i64),
            }]));
        }
        reason.purpose = Some(p.to_string());
    }
    if reason.case_id.is_none() && reason.purpose.is_none() {
        return Err(CoreError::field("purpose", FieldErrorCode::Required));
    }
    Ok(reason)
}

/// Writes one audit entry (and the command that carries it to the server) in `tx`.
pub(crate) async fn audit_in(
    tx: &mut SqliteConnection,
    actor: &Actor,
    now_ms: i64,
    action: AuditAction,
    person: &PersonHit,
    reason: &Reason,
    record_number: Option<&str>,
) -> Result<Uuid> {
    let id = ids::new_id();
    let id_s = id.to_string();
    let device = crate::settings::setting(&mut *tx, crate::settings::KEY_DEVICE_NAME)
        .await?
        .unwrap_or_else(|| "standalone".into());
    let name = format!("{} {}", person.given_names, person.family_name);
    let key = hay(&tokens(&name));
    sqlx::query(
        "INSERT INTO registry_audit (id, at, action, staff_id, device_name, person_id, person_name,
                person_key, person_birth_date, case_id, case_number, purpose, record_number)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(&id_s)
    .bind(now_ms)
    .bind(crate::cases::code_of(&action))
    .bind(actor.staff_id.to_string())
    .bind(&device)
    .bind(person.id.to_string())
    .bind(&name)
    .bind(&key)
    .bind(person.birth_date.map(|d| d.to_string()))
    .bind(&reason.case_id)
    .bind(&reason.case_number)
    .bind(&reason.purpose)
    .bind(record_number)
    .execute(&mut *tx)
    .await?;
    outbox::append(
        &mut *tx,
        Command::RegistryAudit(commands::SaveRows {
            id: id_s.to_string(),
            rows: Vec::new(),
        }),
        Some(actor.staff_id),
        now_ms,
        outbox::Effects {
            entity_id: Some(&id_s),
            rows: &[("registry_audit", &id_s)],
        },
    )
    .await?;
    Ok(id)
}

impl Workstation {
    /// The audit log of registry look-ups (supervisors): newest first.
    pub async fn registry_audit(&self, actor: &Actor, f: AuditFilter) -> Result<AuditList> {
        actor.require(Permission::ViewRegistryAudit)?;
        let limit = i64::from(f.limit.unwrap_or(100).clamp(1, 1000));
        let offset = i64::from(f.offset.unwrap_or(0));
        let (entries, total) = self.audit_rows(&f, limit, offset).await?;
        Ok(AuditList { entries, total })
    }

    async fn audit_rows(
        &self,
        f: &AuditFilter,
        limit: i64,
        offset: i64,
    ) -> Result<(Vec<AuditEntryView>, i64)> {
        if let (Some(from), Some(to)) = (f.from, f.to) {
            if from > to {
                return Err(CoreError::field("to", FieldErrorCode::InvalidDate));
            }
        }
        let office = self.office().await?;
        let from = f.from.map_or(i64::MIN, |d| office.day_bounds_ms(d).0);
        let to = f.to.map_or(i64::MAX, |d| office.day_bounds_ms(d).1);
        let staff = f.staff_id.map(|s| s.to_string());
        let person: Vec<String> = f.person.as_deref().map(tokens).unwrap_or_default();
        let mut person_filter = String::new();
        for _ in &person {
            person_filter.push_str(" AND instr(a.person_key, ?) > 0");
        }
        let where_ = format!(
            "WHERE a.at >= ? AND a.at < ? AND (? IS NULL OR a.staff_id = ?){person_filter}"
        );
        let sql = format!(
            "SELECT json_group_array(json_array(a.id, a.at, a.action, a.staff_id, s.display_name,
                    a.device_name, a.person_id, a.person_name, a.person_birth_date, a.case_number,
                    a.purpose, a.record_number,
                    EXISTS (SELECT 1 FROM outbox o WHERE o.entity_id = a.id AND o.acked_at IS NULL)))
               FROM (SELECT a.* FROM registry_audit a {where_} ORDER BY a.at DESC, a.id LIMIT ? OFFSET ?) a
               LEFT JOIN staff s ON s.id = a.staff_id"
        );
        let count_sql = format!("SELECT count(*) FROM registry_audit a {where_}");
        let mut conn = self.store.reader.acquire().await?;
        let mut q = sqlx::query_scalar::<_, Option<String>>(&sql)
            .bind(from)
            .bind(to)
            .bind(&staff)
            .bind(&staff);
        let mut c = sqlx::query_scalar::<_, i64>(&count_sql)
            .bind(from)
            .bind(to)
            .bind(&staff)
            .bind(&staff);
        for t in &person {
            q = q.bind(format!(" {t}"));
            c = c.bind(format!(" {t}"));
        }
        let text = q.bind(limit).bind(offset).fetch_one(&mut *conn).await?;
        let total = c.fetch_one(&mut *conn).await?;
        #[allow(clippy::type_complexity)]
        let rows: Vec<(
            Uuid,
            i64,
            String,
            Uuid,
            Option<String>,
            String,
            Uuid,
            String,
            Option<NaiveDate>,
            Option<String>,
            Option<String>,
            Option<String>,
            i64,
        )> = parse_json(text)?;
        let mut entries: Vec<AuditEntryView> = rows
            .into_iter()
            .map(|r| AuditEntryView {
                id: r.0,
                at: clock::from_millis(r.1),
                action: if r.2 == "extract" {
                    AuditAction::Extract
                } else {
                    AuditAction::Open
                },
                staff_id: r.3,
                staff_name: r.4.unwrap_or_default(),
                device_name: r.5,
                person_id: r.6,
                person_name: r.7,
                person_birth_date: r.8,
                case_number: r.9,
                purpose: r.10,
                record_number: r.11,
                pending_sync: r.12 != 0,
            })
            .collect();
        entries.sort_by(|a, b| b.at.cmp(&a.at).then(a.id.cmp(&b.id)));
        Ok((entries, total))
    }

    /// The audit log as CSV (UTF-8 with a byte-order mark), for the same filter, every row.
    pub async fn registry_audit_csv(&self, actor: &Actor, f: AuditFilter) -> Result<Vec<u8>> {
        actor.require(Permission::ViewRegistryAudit)?;
        let (entries, _) = self.audit_rows(&f, i64::MAX, 0).await?;
        let office = self.office().await?;
        let mut out = String::from("\u{feff}");
        out.push_str(AUDIT_CSV_HEADER);
        out.push_str("\r\n");
        for e in entries {
            let local = e.at.with_timezone(&office.tz);
            let cells = [
                e.id.to_string(),
                local.format("%Y-%m-%d %H:%M:%S").to_string(),
                crate::cases::code_of(&e.action),
                e.staff_name,
                e.staff_id.to_string(),
                e.device_name,
                e.person_name,
                e.person_birth_date
                    .map(|d| d.to_string())
                    .unwrap_or_default(),
                e.person_id.to_string(),
                e.case_number.unwrap_or_default(),
                e.purpose.unwrap_or_default(),
                e.record_number.unwrap_or_default(),
                if e.pending_sync { "pending" } else { "synced" }.to_string(),
            ];
            out.push_str(
                &cells
                    .iter()
                    .map(|c| crate::documents::day_report::field(c))
                    .collect::<Vec<_>>()
                    .join(","),
            );
            out.push_str("\r\n");
        }
        Ok(out.into_bytes())
    }
}
