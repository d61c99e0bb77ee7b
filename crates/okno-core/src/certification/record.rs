//! Checking an act and writing it: a certification, its correction or cancellation, as one
//! transaction each.

use super::*;

impl Workstation {
    pub(super) async fn check_act(&self, req: &CertifyRequest, prefix: &str) -> Result<Act> {
        let f = |name: &str| format!("{prefix}{name}");
        let mut check = Check::new();
        let party_name = check.text(&f("party_name"), &req.party_name, 200);
        // Numbers are kept in Western digits, whichever digits they were typed in.
        let id_document_number =
            ascii_digits(&check.text(&f("id_document_number"), &req.id_document_number, 50));
        if !req.id_document_checked {
            check.fail(f("id_document_checked"), FieldErrorCode::Required, None);
        }
        let document_description =
            check.text(&f("document_description"), &req.document_description, 300);
        let document_language = check.text(&f("document_language"), &req.document_language, 60);
        let note = check.optional_text(&f("note"), req.note.as_deref(), 2000);
        if req.kind == CertificationKind::Extract {
            // An extract's facts come from the registry, not from the form.
            check.fail(f("kind"), FieldErrorCode::Malformed, None);
        }
        for (name, v, max) in [
            ("pages", req.pages, MAX_PAGES),
            ("copies", req.copies, MAX_COPIES),
        ] {
            if v == 0 {
                check.fail(f(name), FieldErrorCode::TooSmall, Some(1));
            } else if v > max {
                check.fail(f(name), FieldErrorCode::TooLarge, Some(i64::from(max)));
            }
        }
        let today = self.office().await?.local_date(self.clock.now());
        if req.party_birth_date.is_some_and(|d| d > today) {
            check.fail(f("party_birth_date"), FieldErrorCode::DateInFuture, None);
        }
        let service_id = req.service_id.to_string();
        let fee: Option<i64> =
            sqlx::query_scalar("SELECT fee_minor FROM service WHERE id = ? AND active = 1")
                .bind(&service_id)
                .fetch_optional(&self.store.reader)
                .await?;
        if fee.is_none() {
            check.fail(f("service_id"), FieldErrorCode::UnknownService, None);
        }
        let case_id = match req
            .case_number
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(ascii_digits)
        {
            Some(n) => {
                let found: Option<String> =
                    sqlx::query_scalar("SELECT id FROM case_file WHERE number = ? COLLATE NOCASE")
                        .bind(&n)
                        .fetch_optional(&self.store.reader)
                        .await?;
                if found.is_none() {
                    check.fail(f("case_number"), FieldErrorCode::UnknownCase, None);
                }
                found
            }
            None => None,
        };
        let signature_png = match (req.signature_method, req.signature_png_base64.as_deref()) {
            (SignatureMethod::Pad, None) => {
                check.fail(f("signature_png_base64"), FieldErrorCode::Required, None);
                None
            }
            (SignatureMethod::Pad, Some(b64)) => {
                match base64::engine::general_purpose::STANDARD.decode(b64.trim()) {
                    Ok(d) if d.len() > MAX_SIGNATURE_BYTES => {
                        check.fail(
                            f("signature_png_base64"),
                            FieldErrorCode::TooLarge,
                            Some(MAX_SIGNATURE_BYTES as i64),
                        );
                        None
                    }
                    Ok(d) if crate::attachments::content_matches("image/png", &d) => Some(d),
                    _ => {
                        check.fail(f("signature_png_base64"), FieldErrorCode::Malformed, None);
                        None
                    }
                }
            }
            (SignatureMethod::Sheet, _) => None,
        };
        check.finish()?;
        let original = match &req.original {
            Some(up) => {
                let mut c = Check::new();
                let name = c.text(&f("original.filename"), &up.filename, 200);
                if name.contains(['/', '\\', '\0']) {
                    c.fail(f("original.filename"), FieldErrorCode::Malformed, None);
                }
                c.finish()?;
                let (media, data) = decode_file(&f("original"), &up.media_type, &up.data_base64)?;
                Some((name, media, data))
            }
            None => None,
        };
        Ok(Act {
            kind: req.kind,
            party_name,
            party_birth_date: req.party_birth_date,
            party_sex: req.party_sex,
            id_document_kind: Some(req.id_document_kind),
            id_document_number,
            document_description,
            document_language,
            pages: req.pages,
            copies: req.copies,
            service_id,
            fee_minor: fee.unwrap_or(0) * i64::from(req.copies),
            case_id,
            second_locale: req.second_locale,
            original,
            signature_method: req.signature_method,
            signature_png,
            note,
        })
    }

    /// Certifies a signature or a copy: a new numbered, chained, sealed ledger entry.
    pub async fn certify(&self, actor: &Actor, req: CertifyRequest) -> Result<LedgerEntryView> {
        actor.require(Permission::Certify)?;
        let act = self.check_act(&req, "").await?;
        let kind = match act.kind {
            CertificationKind::Signature => LedgerEntryKind::Signature,
            CertificationKind::Copy => LedgerEntryKind::Copy,
            CertificationKind::Extract => LedgerEntryKind::Extract,
        };
        let id = self
            .write_entry(
                actor,
                NewEntry {
                    kind,
                    refers_to: None,
                    reason: None,
                    act,
                },
            )
            .await?;
        self.get_ledger_entry(actor, id).await
    }

    /// The act `id` refers to, if it may still be corrected or cancelled.
    pub(super) async fn supersedable(&self, id: Uuid, reason: &str) -> Result<(LedgerRow, String)> {
        let mut check = Check::new();
        let reason = check.text("reason", reason, 500);
        check.finish()?;
        let row = self.ledger_row(id).await?;
        if row.kind == "cancellation" {
            return Err(CoreError::AlreadySuperseded);
        }
        let later: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM certification WHERE refers_to = ?")
                .bind(&row.id)
                .fetch_one(&self.store.reader)
                .await?;
        if later > 0 {
            return Err(CoreError::AlreadySuperseded);
        }
        Ok((row, reason))
    }

    pub async fn cancel_certification(
        &self,
        actor: &Actor,
        req: CancelCertificationRequest,
    ) -> Result<LedgerEntryView> {
        actor.require(Permission::Certify)?;
        let (old, reason) = self.supersedable(req.entry_id, &req.reason).await?;
        // The cancellation repeats who and what, so the ledger line reads on its own.
        let act = Act {
            kind: match old.act.as_deref().unwrap_or(old.kind.as_str()) {
                "signature" => CertificationKind::Signature,
                "extract" => CertificationKind::Extract,
                _ => CertificationKind::Copy,
            },
            party_name: old.party_name.clone(),
            party_birth_date: old.party_birth_date.as_deref().and_then(|d| d.parse().ok()),
            party_sex: party_sex_of(&old),
            id_document_kind: old
                .id_document_kind
                .as_deref()
                .and_then(|k| parse_code(k).ok()),
            id_document_number: old.id_document_number.clone(),
            document_description: old.document_description.clone(),
            document_language: old.document_language.clone(),
            pages: u32::try_from(old.pages).unwrap_or(0),
            copies: u32::try_from(old.copies).unwrap_or(0),
            service_id: old.service_id.clone().unwrap_or_default(),
            fee_minor: 0,
            case_id: old.case_id.clone(),
            second_locale: old.second_locale.as_deref().and_then(Locale::from_code),
            original: None,
            signature_method: SignatureMethod::Sheet,
            signature_png: None,
            note: None,
        };
        let id = self
            .write_entry(
                actor,
                NewEntry {
                    kind: LedgerEntryKind::Cancellation,
                    refers_to: Some(old.id),
                    reason: Some(reason),
                    act,
                },
            )
            .await?;
        self.get_ledger_entry(actor, id).await
    }

    pub async fn correct_certification(
        &self,
        actor: &Actor,
        req: CorrectCertificationRequest,
    ) -> Result<LedgerEntryView> {
        actor.require(Permission::Certify)?;
        let (old, reason) = self.supersedable(req.entry_id, &req.reason).await?;
        let act = self.check_act(&req.corrected, "corrected.").await?;
        let id = self
            .write_entry(
                actor,
                NewEntry {
                    kind: LedgerEntryKind::Correction,
                    refers_to: Some(old.id),
                    reason: Some(reason),
                    act,
                },
            )
            .await?;
        self.get_ledger_entry(actor, id).await
    }

    /// Writes one entry in a transaction of its own.
    pub(super) async fn write_entry(&self, actor: &Actor, e: NewEntry) -> Result<Uuid> {
        let cx = self.entry_context().await?;
        let mut tx = self.store.writer.begin().await?;
        let id = self.write_entry_in(&mut tx, &cx, actor, e).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Gathers what [`Workstation::write_entry_in`] needs; call before opening its transaction.
    pub(crate) async fn entry_context(&self) -> Result<EntryContext> {
        let (chain_id, signer) = self.chain_and_signer().await?;
        let office = self.office().await?;
        Ok(EntryContext {
            chain_id,
            signer,
            office,
        })
    }

    /// Writes one entry in `tx`: the number, the chain link, the seal, the files, the outbox
    /// command. An extract's seal carries the hash of its facts where a copy's carries the
    /// scanned original's.
    pub(crate) async fn write_entry_in(
        &self,
        tx: &mut SqliteConnection,
        cx: &EntryContext,
        actor: &Actor,
        e: NewEntry,
    ) -> Result<Uuid> {
        let EntryContext {
            chain_id,
            signer,
            office,
        } = cx;
        let chain_id = chain_id.clone();
        let now = self.clock.now();
        let now_ms = now.timestamp_millis();
        let year = office.local_year(now);
        let day = office.local_date(now);
        let id = ids::new_id();
        let id_text = id.to_string();
        let actor_id = actor.staff_id.to_string();
        let a = e.act;
        let original_sha256 = if e.kind == LedgerEntryKind::Extract {
            Some(hex::encode(Sha256::digest(
                a.document_description.as_bytes(),
            )))
        } else {
            a.original
                .as_ref()
                .map(|(_, _, d)| hex::encode(Sha256::digest(d)))
        };
        let signature_sha256 = a
            .signature_png
            .as_ref()
            .map(|d| hex::encode(Sha256::digest(d)));

        if let Some(r) = &e.refers_to {
            // Checked again inside the transaction: two registrars may not both supersede it.
            let later: i64 =
                sqlx::query_scalar("SELECT COUNT(*) FROM certification WHERE refers_to = ?")
                    .bind(r)
                    .fetch_one(&mut *tx)
                    .await?;
            if later > 0 {
                return Err(CoreError::AlreadySuperseded);
            }
        }
        let n = numbering::take_number(
            &mut *tx,
            Series::Certification,
            year,
            "certification",
            &id_text,
            now_ms,
        )
        .await?;
        let number = Series::Certification.format(year, n);
        let (pos, prev): (i64, String) = sqlx::query_as(
            "SELECT chain_pos + 1, entry_hash FROM certification WHERE chain_id = ? ORDER BY chain_pos DESC LIMIT 1",
        )
        .bind(&chain_id)
        .fetch_optional(&mut *tx)
        .await?
        .unwrap_or((1, GENESIS.to_string()));
        let mut row = LedgerRow {
            id: id_text.clone(),
            chain_id,
            chain_pos: pos,
            prev_hash: prev,
            entry_hash: String::new(),
            number: number.clone(),
            year: i64::from(year),
            kind: code_of(&e.kind),
            refers_to: e.refers_to,
            act: (e.kind == LedgerEntryKind::Correction).then(|| code_of(&a.kind)),
            party_name: a.party_name.clone(),
            party_birth_date: a.party_birth_date.map(|d| d.format("%Y-%m-%d").to_string()),
            party_sex: Some(a.party_sex.code().to_string()),
            id_document_kind: a.id_document_kind.as_ref().map(code_of),
            id_document_number: a.id_document_number,
            document_description: a.document_description.clone(),
            document_language: a.document_language,
            pages: i64::from(a.pages),
            copies: i64::from(a.copies),
            service_id: Some(a.service_id).filter(|s| !s.is_empty()),
            fee_minor: a.fee_minor,
            currency: office.view.currency.clone(),
            case_id: a.case_id,
            reason: e.reason,
            note: a.note,
            registrar_id: actor_id.clone(),
            certified_at: now_ms,
            local_day: day.format("%Y-%m-%d").to_string(),
            place: office.view.name.clone(),
            clause_locale: office.view.locale.code().to_string(),
            second_locale: a
                .second_locale
                .filter(|l| *l != office.view.locale)
                .map(|l| l.code().to_string()),
            original_sha256: original_sha256.clone(),
            signature_method: code_of(&a.signature_method),
            signature_sha256,
            seal: String::new(),
        };
        row.entry_hash = row.compute_hash();
        let mut entry_hash = [0u8; 32];
        hex::decode_to_slice(&row.entry_hash, &mut entry_hash)
            .map_err(|e| CoreError::Internal(e.to_string()))?;
        row.seal = seal::seal(
            &Statement {
                kind: e.kind.into(),
                office_id: office.view.id,
                year,
                number: u32::try_from(n).unwrap_or(0),
                day,
                pages: a.pages,
                copies: a.copies,
                original_sha256: original_sha256
                    .as_deref()
                    .and_then(|h| hex::decode(h).ok())
                    .and_then(|h| h.try_into().ok()),
                entry_hash,
                party_name: a.party_name,
                document_description: a.document_description,
                amount: None,
            },
            signer,
        );
        insert_row(&mut *tx, &row).await?;
        let mut att_ids = Vec::new();
        if let Some((name, media, data)) = &a.original {
            let (aid, _) = store_file(
                &mut *tx,
                "certification",
                &id_text,
                name,
                media,
                data,
                &actor_id,
                now_ms,
            )
            .await?;
            att_ids.push(aid);
        }
        if let Some(png) = &a.signature_png {
            let (aid, _) = store_file(
                &mut *tx,
                "certification",
                &id_text,
                "signature.png",
                "image/png",
                png,
                &actor_id,
                now_ms,
            )
            .await?;
            att_ids.push(aid);
        }
        let mut rows: Vec<(&str, &str)> = vec![("certification", &id_text)];
        for aid in &att_ids {
            rows.push(("attachment", aid));
        }
        outbox::append(
            &mut *tx,
            Command::CertificationRegister(commands::CertificationRegister {
                id: id_text.to_string(),
                number: commands::NumberUse {
                    series: Series::Certification.code().into(),
                    year: i64::from(year),
                    number: n,
                },
                rows: Vec::new(),
            }),
            Some(actor.staff_id),
            now_ms,
            outbox::Effects {
                entity_id: Some(&id_text),
                rows: &rows,
            },
        )
        .await?;
        crate::queue::visit::link_record(
            &mut *tx,
            actor,
            okno_wire::VisitEventKind::Certified,
            "certification",
            &id_text,
            now_ms,
        )
        .await?;
        Ok(id)
    }
}
