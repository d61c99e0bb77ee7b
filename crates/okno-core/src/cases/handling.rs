//! Handling a case: status changes, edits, notes, reassignment and the printed receipt, each one
//! transaction with its event and outbox command.

use super::*;

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

impl Workstation {
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
