//! Reading the ledger: one entry, the filtered list, the chain check and the seal check.

use super::*;

impl Workstation {
    pub(super) async fn ledger_row(&self, id: Uuid) -> Result<LedgerRow> {
        let text: Option<String> = sqlx::query_scalar(&format!(
            "SELECT {} FROM certification WHERE id = ?",
            row_json()
        ))
        .bind(id.to_string())
        .fetch_optional(&self.store.reader)
        .await?;
        parse_row(&text.ok_or(CoreError::NotFound("ledger entry"))?)
    }

    /// The office's public address, else the enrolment server, else `okno:verify` (see
    /// [`super::keys`]).
    pub(super) async fn seal_base(&self) -> Result<String> {
        Ok(self.verify_address().await?.0)
    }

    pub(super) async fn entry_view(&self, r: LedgerRow) -> Result<LedgerEntryView> {
        let office = self.office().await?;
        let id = ids::parse(&r.id)?;
        let registrar_name: String =
            sqlx::query_scalar("SELECT display_name FROM staff WHERE id = ?")
                .bind(&r.registrar_id)
                .fetch_optional(&self.store.reader)
                .await?
                .unwrap_or_default();
        let case_number: Option<String> = match &r.case_id {
            Some(c) => {
                sqlx::query_scalar("SELECT number FROM case_file WHERE id = ?")
                    .bind(c)
                    .fetch_optional(&self.store.reader)
                    .await?
            }
            None => None,
        };
        let refers_to_number: Option<String> = match &r.refers_to {
            Some(o) => {
                sqlx::query_scalar("SELECT number FROM certification WHERE id = ?")
                    .bind(o)
                    .fetch_optional(&self.store.reader)
                    .await?
            }
            None => None,
        };
        let later: Option<(String, String)> = sqlx::query_as(
            "SELECT kind, number FROM certification WHERE refers_to = ? ORDER BY certified_at DESC LIMIT 1",
        )
        .bind(&r.id)
        .fetch_optional(&self.store.reader)
        .await?;
        let status = match later.as_ref().map(|l| l.0.as_str()) {
            Some("cancellation") => LedgerStatus::Cancelled,
            Some(_) => LedgerStatus::Corrected,
            None => LedgerStatus::Valid,
        };
        let (printed, last_printed): (i64, Option<i64>) = sqlx::query_as(
            "SELECT COALESCE(SUM(copies), 0), MAX(printed_at) FROM certification_print WHERE certification_id = ?",
        )
        .bind(&r.id)
        .fetch_one(&self.store.reader)
        .await?;
        let pending: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM outbox WHERE entity_id = ? AND acked_at IS NULL",
        )
        .bind(&r.id)
        .fetch_one(&self.store.reader)
        .await?;
        let signature_data_url = match &r.signature_sha256 {
            Some(h) => sqlx::query_scalar::<_, Vec<u8>>(
                "SELECT data FROM attachment_blob WHERE sha256 = ?",
            )
            .bind(h)
            .fetch_optional(&self.store.reader)
            .await?
            .map(|d| {
                format!(
                    "data:image/png;base64,{}",
                    base64::engine::general_purpose::STANDARD.encode(d)
                )
            }),
            None => None,
        };
        let kind: LedgerEntryKind = parse_code(&r.kind)?;
        let act: Option<CertificationKind> = match (kind, r.act.as_deref()) {
            (LedgerEntryKind::Signature, _) => Some(CertificationKind::Signature),
            (LedgerEntryKind::Copy, _) => Some(CertificationKind::Copy),
            (LedgerEntryKind::Extract, _) => Some(CertificationKind::Extract),
            (_, Some(a)) => Some(parse_code(a)?),
            _ => None,
        };
        let clause_locale = Locale::from_code(&r.clause_locale).unwrap_or(office.view.locale);
        let second_locale = r.second_locale.as_deref().and_then(Locale::from_code);
        let birth: Option<NaiveDate> = r.party_birth_date.as_deref().and_then(|d| d.parse().ok());
        let id_kind = r
            .id_document_kind
            .as_deref()
            .and_then(|k| parse_code(k).ok());
        let party_sex = party_sex_of(&r);
        let facts = ClauseFacts {
            kind,
            act,
            party_name: &r.party_name,
            party_birth_date: birth,
            party_sex,
            id_document_kind: id_kind,
            id_document_number: &r.id_document_number,
            document_description: &r.document_description,
            document_language: &r.document_language,
            pages: u32::try_from(r.pages).unwrap_or(0),
            copies: u32::try_from(r.copies).unwrap_or(0),
            refers_to_number: refers_to_number.as_deref(),
            reason: r.reason.as_deref(),
            calendar: office.view.calendar,
        };
        let mut clauses = vec![clause(&facts, clause_locale)];
        if let Some(l) = second_locale.filter(|l| *l != clause_locale) {
            clauses.push(clause(&facts, l));
        }
        let seal_url = format!("{}?c={}", self.seal_base().await?, r.seal);
        Ok(LedgerEntryView {
            id,
            number: r.number.clone(),
            year: i32::try_from(r.year).unwrap_or(0),
            kind,
            refers_to: ids::parse_opt(r.refers_to.as_deref())?,
            refers_to_number,
            act,
            party_name: r.party_name.clone(),
            party_birth_date: birth,
            party_sex,
            id_document_kind: id_kind,
            id_document_number: r.id_document_number.clone(),
            document_description: r.document_description.clone(),
            document_language: r.document_language.clone(),
            pages: u32::try_from(r.pages).unwrap_or(0),
            copies: u32::try_from(r.copies).unwrap_or(0),
            service_id: ids::parse_opt(r.service_id.as_deref())?,
            fee_minor: r.fee_minor,
            currency: r.currency.clone(),
            case_id: ids::parse_opt(r.case_id.as_deref())?,
            case_number,
            reason: r.reason.clone(),
            note: r.note.clone(),
            registrar_name,
            certified_at: from_millis(r.certified_at),
            local_day: r
                .local_day
                .parse()
                .map_err(|_| CoreError::Internal(format!("bad day {}", r.local_day)))?,
            place: r.place.clone(),
            clause_locale,
            second_locale,
            original_sha256: r.original_sha256.clone(),
            signature_method: parse_code(&r.signature_method)?,
            signature_data_url,
            status,
            superseded_by: later.map(|l| l.1),
            chain_id: r.chain_id.clone(),
            chain_pos: r.chain_pos,
            entry_hash: r.entry_hash.clone(),
            seal_qr_svg: crate::documents::qr::qr_svg(&seal_url),
            seal_url,
            clauses,
            printed: u32::try_from(printed).unwrap_or(0),
            last_printed_at: last_printed.map(from_millis),
            attachments: self
                .attachments_of(okno_wire::AttachmentOwnerKind::Certification, id)
                .await?,
            pending_sync: pending > 0,
        })
    }

    pub async fn get_ledger_entry(&self, actor: &Actor, id: Uuid) -> Result<LedgerEntryView> {
        actor.require(Permission::ViewLedger)?;
        let row = self.ledger_row(id).await?;
        self.entry_view(row).await
    }

    pub(super) fn ledger_query<'a>(qb: &mut QueryBuilder<'a, Sqlite>, f: &'a LedgerFilter) {
        qb.push(" FROM certification WHERE 1 = 1");
        if let Some(from) = f.from {
            qb.push(" AND local_day >= ")
                .push_bind(from.format("%Y-%m-%d").to_string());
        }
        if let Some(to) = f.to {
            qb.push(" AND local_day <= ")
                .push_bind(to.format("%Y-%m-%d").to_string());
        }
        if let Some(k) = f.kind {
            qb.push(" AND kind = ").push_bind(code_of(&k));
        }
        if let Some(t) = f.text.as_deref() {
            push_text_match(qb, &["number", "party_name", "document_description"], t);
        }
    }

    pub async fn list_ledger(&self, actor: &Actor, f: LedgerFilter) -> Result<LedgerList> {
        actor.require(Permission::ViewLedger)?;
        let limit = i64::from(f.limit.unwrap_or(50).clamp(1, MAX_PAGE));
        let offset = i64::from(f.offset.unwrap_or(0));
        let mut count = QueryBuilder::<Sqlite>::new("SELECT COUNT(*)");
        Self::ledger_query(&mut count, &f);
        let total: i64 = count
            .build_query_scalar()
            .fetch_one(&self.store.reader)
            .await?;
        let mut qb = QueryBuilder::<Sqlite>::new(format!("SELECT {}", row_json()));
        Self::ledger_query(&mut qb, &f);
        qb.push(" ORDER BY local_day DESC, certified_at DESC LIMIT ")
            .push_bind(limit)
            .push(" OFFSET ")
            .push_bind(offset);
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
        Ok(LedgerList { entries, total })
    }

    /// Walks every chain of the ledger in this working copy and reports the first break; also
    /// finds certification numbers recorded as used whose entry is gone.
    pub async fn check_ledger_chain(&self, actor: &Actor) -> Result<ChainReport> {
        actor.require(Permission::ViewLedger)?;
        let mut conn = self.store.reader.acquire().await?;
        let report = walk_local(&mut conn).await?;
        Ok(report.report(self.clock.now()))
    }

    /// Reads a seal (the code or the scanned address) and checks it against the office keys and
    /// the ledger this workstation holds. Works offline.
    pub async fn verify_seal(&self, actor: &Actor, req: VerifySealRequest) -> Result<SealCheck> {
        let _ = actor;
        let Ok(s) = seal::parse(&req.code) else {
            return Ok(malformed());
        };
        let office_id = s.statement.office_id.to_string();
        let office_keys: Vec<String> = sqlx::query_scalar(
            "SELECT public_key FROM seal_key WHERE kind = 'office' AND office_id = ?",
        )
        .bind(&office_id)
        .fetch_all(&self.store.reader)
        .await?;
        let office_name: Option<String> =
            sqlx::query_scalar("SELECT name FROM office WHERE id = ?")
                .bind(&office_id)
                .fetch_optional(&self.store.reader)
                .await?;
        let revoked: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM seal_key WHERE kind = 'device' AND device_id = ? AND public_key = ? AND revoked_at IS NOT NULL",
        )
        .bind(s.device_id.to_string())
        .bind(hex::encode(s.device_key))
        .fetch_one(&self.store.reader)
        .await?;
        let entry = if s.statement.kind.is_receipt() {
            crate::cash::seal_entry(&self.store.reader, &s.number_text()).await?
        } else {
            let entry: Option<(String, String)> =
                sqlx::query_as("SELECT id, entry_hash FROM certification WHERE number = ?")
                    .bind(s.number_text())
                    .fetch_optional(&self.store.reader)
                    .await?;
            match entry {
                Some((id, hash)) => {
                    let later: Option<(String, String, Option<String>)> = sqlx::query_as(
                        "SELECT kind, number, reason FROM certification WHERE refers_to = ? ORDER BY certified_at DESC LIMIT 1",
                    )
                    .bind(&id)
                    .fetch_optional(&self.store.reader)
                    .await?;
                    let later = match later {
                        Some((k, n, r)) => Some((
                            okno_rules::chain::superseded_verdict(parse_code::<LedgerEntryKind>(
                                &k,
                            )?),
                            n,
                            r,
                        )),
                        None => None,
                    };
                    Some((hash, later))
                }
                None => None,
            }
        };
        Ok(judge(
            &s,
            SealFacts {
                office_keys,
                office_name,
                device_revoked: revoked > 0,
                entry,
            },
        ))
    }
}
