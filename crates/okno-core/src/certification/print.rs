//! Printed certified copies (checked before the printer, recorded after) and the PDFs.

use super::*;

impl Workstation {
    /// Whether `req.copies` certified copies of an entry may be printed: by a registrar, of a
    /// valid entry that is not a cancellation, within the copies allowed. Asked before the
    /// printer gets them, so that nothing is printed that cannot be recorded.
    pub async fn check_certification_print(
        &self,
        actor: &Actor,
        req: &RecordPrintRequest,
    ) -> Result<()> {
        actor.require(Permission::Certify)?;
        if req.copies == 0 {
            return Err(CoreError::field("copies", FieldErrorCode::TooSmall));
        }
        if req.copies > MAX_COPIES {
            return Err(CoreError::Validation(vec![okno_wire::FieldError {
                field: "copies".into(),
                code: FieldErrorCode::TooLarge,
                limit: Some(i64::from(MAX_COPIES)),
            }]));
        }
        let entry = self.get_ledger_entry(actor, req.entry_id).await?;
        if entry.kind == LedgerEntryKind::Cancellation || entry.status != LedgerStatus::Valid {
            return Err(CoreError::AlreadySuperseded);
        }
        Ok(())
    }

    /// Records that certified copies of an entry were printed (how many, by whom, when).
    pub async fn record_certification_print(
        &self,
        actor: &Actor,
        req: RecordPrintRequest,
    ) -> Result<LedgerEntryView> {
        self.check_certification_print(actor, &req).await?;
        let id = ids::new_id().to_string();
        let entry_id = req.entry_id.to_string();
        let now_ms = self.now_ms();
        let copies = i64::from(req.copies);
        let mut tx = self.store.writer.begin().await?;
        sqlx::query(
            "INSERT INTO certification_print (id, certification_id, copies, printed_at, printed_by) VALUES (?, ?, ?, ?, ?)",
        )
        .bind(&id)
        .bind(&entry_id)
        .bind(copies)
        .bind(now_ms)
        .bind(actor.staff_id.to_string())
        .execute(&mut *tx)
        .await?;
        outbox::append(
            &mut tx,
            Command::CertificationPrinted(commands::CertificationPrinted {
                id: id.to_string(),
                certification_id: entry_id.to_string(),
                rows: Vec::new(),
            }),
            Some(actor.staff_id),
            now_ms,
            outbox::Effects {
                entity_id: None,
                rows: &[("certification_print", &id)],
            },
        )
        .await?;
        tx.commit().await?;
        self.get_ledger_entry(actor, req.entry_id).await
    }

    /// The certified copy's certificate as PDF: `(file name, bytes)`.
    pub async fn certified_copy_pdf(&self, actor: &Actor, id: Uuid) -> Result<(String, Vec<u8>)> {
        let entry = self.get_ledger_entry(actor, id).await?;
        let office = self.office().await?;
        let pdf = match entry.kind {
            LedgerEntryKind::Extract => crate::documents::extract::render(&office.view, &entry)?,
            _ => crate::documents::certified_copy::render(&office.view, &entry)?,
        };
        Ok((format!("{}.pdf", entry.number.replace('/', "-")), pdf))
    }

    /// The ledger of a period as PDF, with the chain check's result.
    pub async fn ledger_report_pdf(
        &self,
        actor: &Actor,
        from: NaiveDate,
        to: NaiveDate,
        locale: Locale,
    ) -> Result<(String, Vec<u8>)> {
        actor.require(Permission::ViewLedger)?;
        if to < from {
            return Err(CoreError::field("to", FieldErrorCode::InvalidDate));
        }
        let f = LedgerFilter {
            from: Some(from),
            to: Some(to),
            ..Default::default()
        };
        let mut qb = QueryBuilder::<Sqlite>::new(format!("SELECT {}", row_json()));
        Self::ledger_query(&mut qb, &f);
        qb.push(" ORDER BY local_day, certified_at LIMIT 20000");
        let texts: Vec<String> = qb
            .build_query_scalar()
            .fetch_all(&self.store.reader)
            .await?;
        let rows = texts
            .iter()
            .map(|t| parse_row(t))
            .collect::<Result<Vec<_>>>()?;
        let mut entries = Vec::with_capacity(rows.len());
        for r in rows {
            entries.push(self.entry_view(r).await?);
        }
        let chain = self.check_ledger_chain(actor).await?;
        let office = self.office().await?;
        let pdf = crate::documents::certified_copy::render_ledger(
            &office.view,
            locale,
            from,
            to,
            &entries,
            &chain,
            self.clock.now(),
        )?;
        Ok((format!("ledger-{from}-{to}.pdf"), pdf))
    }
}
