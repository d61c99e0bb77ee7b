//! The certification ledger: certified signatures and copies, numbered from the office's
//! certification series (leased blocks, so a number is final offline), append-only (the
//! schema's triggers refuse every change and deletion; a correction or cancellation is a new
//! entry referring to the old one) and hash-chained: every workstation writes its own chain,
//! each entry's hash covering its content and the hash of the entry before it. The printed seal
//! (see [`crate::seal`]) carries the first half of the entry's hash, signed.

use base64::Engine;
use chrono::NaiveDate;
use okno_rules::fold::ascii_digits;
use okno_wire::commands::{self, Command};
use okno_wire::{
    CancelCertificationRequest, CertificationKind, CertifyRequest, ChainBreak, ChainBreakKind,
    ChainReport, CorrectCertificationRequest, FieldErrorCode, LedgerEntryKind, LedgerEntryView,
    LedgerFilter, LedgerList, LedgerStatus, Locale, Permission, RecordPrintRequest, SealCheck, Sex,
    SignatureMethod, VerifySealRequest,
};
use sha2::{Digest, Sha256};
use sqlx::{QueryBuilder, Sqlite, SqliteConnection};
use uuid::Uuid;

use crate::attachments::{decode_file, store_file};
use crate::auth::Actor;
use crate::cases::{code_of, parse_code, push_text_match, MAX_PAGE};
use crate::clock::from_millis;
use crate::documents::clause::{clause, ClauseFacts};
use crate::error::{Check, CoreError, Result};
use crate::numbering::{self, Series};
use crate::seal::{self, DeviceSigner, Statement};
use crate::sync::creds::CredentialStore;
use crate::{ids, outbox, Workstation};

pub const MAX_COPIES: u32 = 100;
pub const MAX_PAGES: u32 = 10_000;
const MAX_SIGNATURE_BYTES: usize = 1024 * 1024;
/// The hash a chain's first entry refers to.
pub use okno_rules::chain::{
    judge, malformed, ChainWalk, LedgerRow, SealFacts, Superseded, GENESIS,
};

const ROW_COLUMNS: &str =
    "id, chain_id, chain_pos, prev_hash, entry_hash, number, year, kind, refers_to, act,
    party_name, party_birth_date, id_document_kind, id_document_number, document_description,
    document_language, pages, copies, service_id, fee_minor, currency, case_id, reason, note,
    registrar_id, certified_at, local_day, place, clause_locale, second_locale, original_sha256,
    signature_method, signature_sha256, seal, party_sex";

fn seal_secret_key(device_id: &str) -> String {
    format!("seal:{device_id}")
}

fn office_seal_secret_key(office_id: &str) -> String {
    format!("office-seal:{office_id}")
}

async fn blocking<T: Send + 'static>(f: impl FnOnce() -> Result<T> + Send + 'static) -> Result<T> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| CoreError::Internal(e.to_string()))?
}

/// A checked act, ready to be written.
pub(crate) struct Act {
    pub kind: CertificationKind,
    pub party_name: String,
    pub party_birth_date: Option<NaiveDate>,
    pub party_sex: Sex,
    /// The identity document checked (none for an extract: the requester signs nothing).
    pub id_document_kind: Option<okno_wire::IdDocumentKind>,
    pub id_document_number: String,
    pub document_description: String,
    pub document_language: String,
    pub pages: u32,
    pub copies: u32,
    pub service_id: String,
    pub fee_minor: i64,
    pub case_id: Option<String>,
    pub second_locale: Option<Locale>,
    pub original: Option<(String, String, Vec<u8>)>,
    pub signature_method: SignatureMethod,
    pub signature_png: Option<Vec<u8>>,
    pub note: Option<String>,
}

/// The parts of a new ledger entry that differ by kind.
pub(crate) struct NewEntry {
    pub kind: LedgerEntryKind,
    pub refers_to: Option<String>,
    pub reason: Option<String>,
    pub act: Act,
}

/// What writing an entry needs from outside its transaction (reading it inside would wait on
/// the writer the transaction holds): the chain, its seal signer and the office.
pub(crate) struct EntryContext {
    chain_id: String,
    signer: DeviceSigner,
    office: crate::office::Office,
}

impl EntryContext {
    pub(crate) fn office_locale(&self) -> Locale {
        self.office.view.locale
    }
}

impl Workstation {
    /// The chain this workstation writes (its device id) and its seal signer. A workstation
    /// that runs alone is its own office: it keeps the office key and certifies its own key.
    async fn chain_and_signer(&self) -> Result<(String, DeviceSigner)> {
        let creds = self.sync.creds();
        if let Some(enr) = self.enrolment().await? {
            let device = enr.device_id.to_string();
            let key_name = seal_secret_key(&device);
            let secret = blocking(move || creds.get(&key_name)).await?;
            let key = secret
                .as_deref()
                .and_then(seal::key_from_hex)
                .ok_or(CoreError::SealKeyMissing)?;
            let public = hex::encode(key.verifying_key().as_bytes());
            let cert: Option<String> = sqlx::query_scalar(
                "SELECT certificate FROM seal_key WHERE kind = 'device' AND device_id = ? AND public_key = ? AND revoked_at IS NULL",
            )
            .bind(&device)
            .bind(&public)
            .fetch_optional(&self.store.reader)
            .await?
            .flatten();
            let certificate: [u8; 64] = cert
                .and_then(|c| hex::decode(c).ok())
                .and_then(|c| c.try_into().ok())
                .ok_or(CoreError::SealKeyMissing)?;
            return Ok((
                device,
                DeviceSigner {
                    device_id: enr.device_id,
                    key,
                    certificate,
                },
            ));
        }
        let office = self.office().await?;
        let office_id = office.view.id.to_string();
        let device: String =
            sqlx::query_scalar("SELECT id FROM device ORDER BY created_at LIMIT 1")
                .fetch_optional(&self.store.reader)
                .await?
                .ok_or(CoreError::NotInitialized)?;
        let device_id = ids::parse(&device)?;
        let (office_key, device_key) = {
            let c = creds.clone();
            let (ok, dk) = (office_seal_secret_key(&office_id), seal_secret_key(&device));
            blocking(move || Ok((c.get(&ok)?, c.get(&dk)?))).await?
        };
        let now = self.now_ms();
        let mut tx = self.store.writer.begin().await?;
        let office_key = match office_key.as_deref().and_then(seal::key_from_hex) {
            Some(k) => k,
            None => {
                let k = seal::generate_key();
                store_secret(&creds, &office_seal_secret_key(&office_id), &k).await?;
                sqlx::query(
                    "INSERT INTO seal_key (id, office_id, kind, device_id, public_key, certificate, created_at)
                     VALUES (?, ?, 'office', NULL, ?, NULL, ?)",
                )
                .bind(ids::new_id().to_string())
                .bind(&office_id)
                .bind(hex::encode(k.verifying_key().as_bytes()))
                .bind(now)
                .execute(&mut *tx)
                .await?;
                k
            }
        };
        let key = match device_key.as_deref().and_then(seal::key_from_hex) {
            Some(k) => k,
            None => {
                let k = seal::generate_key();
                store_secret(&creds, &seal_secret_key(&device), &k).await?;
                k
            }
        };
        let public = hex::encode(key.verifying_key().as_bytes());
        let certificate =
            seal::certify_device(&office_key, office.view.id, device_id, &key.verifying_key());
        let known: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM seal_key WHERE kind = 'device' AND device_id = ? AND public_key = ? AND certificate = ?",
        )
        .bind(&device)
        .bind(&public)
        .bind(hex::encode(certificate))
        .fetch_one(&mut *tx)
        .await?;
        if known == 0 {
            sqlx::query(
                "INSERT INTO seal_key (id, office_id, kind, device_id, public_key, certificate, created_at)
                 VALUES (?, ?, 'device', ?, ?, ?, ?)",
            )
            .bind(ids::new_id().to_string())
            .bind(&office_id)
            .bind(&device)
            .bind(&public)
            .bind(hex::encode(certificate))
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok((
            device,
            DeviceSigner {
                device_id,
                key,
                certificate,
            },
        ))
    }

    async fn check_act(&self, req: &CertifyRequest, prefix: &str) -> Result<Act> {
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
    async fn supersedable(&self, id: Uuid, reason: &str) -> Result<(LedgerRow, String)> {
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
    async fn write_entry(&self, actor: &Actor, e: NewEntry) -> Result<Uuid> {
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
                kind: e.kind,
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
        Ok(id)
    }

    async fn ledger_row(&self, id: Uuid) -> Result<LedgerRow> {
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
    /// [`crate::seal_keys`]).
    async fn seal_base(&self) -> Result<String> {
        Ok(self.verify_address().await?.0)
    }

    async fn entry_view(&self, r: LedgerRow) -> Result<LedgerEntryView> {
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

    fn ledger_query<'a>(qb: &mut QueryBuilder<'a, Sqlite>, f: &'a LedgerFilter) {
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
        let entry: Option<(String, String)> =
            sqlx::query_as("SELECT id, entry_hash FROM certification WHERE number = ?")
                .bind(s.number_text())
                .fetch_optional(&self.store.reader)
                .await?;
        let entry = match entry {
            Some((id, hash)) => {
                let later: Option<(String, String, Option<String>)> = sqlx::query_as(
                    "SELECT kind, number, reason FROM certification WHERE refers_to = ? ORDER BY certified_at DESC LIMIT 1",
                )
                .bind(&id)
                .fetch_optional(&self.store.reader)
                .await?;
                let later = match later {
                    Some((k, n, r)) => Some((parse_code::<LedgerEntryKind>(&k)?, n, r)),
                    None => None,
                };
                Some((hash, later))
            }
            None => None,
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

async fn store_secret(
    creds: &std::sync::Arc<dyn CredentialStore>,
    name: &str,
    key: &ed25519_dalek::SigningKey,
) -> Result<()> {
    let c = creds.clone();
    let name = name.to_string();
    let secret = hex::encode(key.to_bytes());
    blocking(move || c.set(&name, &secret)).await
}

/// The SQL expression that reads a certification row as one JSON text (far cheaper to read than
/// 34 columns, and the row type stays free of the database in `okno-rules`).
fn row_json() -> String {
    let pairs: Vec<String> = ROW_COLUMNS
        .split(',')
        .map(str::trim)
        .map(|c| format!("'{c}', {c}"))
        .collect();
    format!("json_object({})", pairs.join(", "))
}

/// The party's sex as an entry records it; not stated for entries recorded before the ledger
/// kept it.
fn party_sex_of(r: &LedgerRow) -> Sex {
    r.party_sex
        .as_deref()
        .and_then(Sex::from_code)
        .unwrap_or(Sex::Unspecified)
}

fn parse_row(text: &str) -> Result<LedgerRow> {
    serde_json::from_str(text)
        .map_err(|e| CoreError::Internal(format!("a ledger row does not read: {e}")))
}

async fn insert_row(tx: &mut SqliteConnection, r: &LedgerRow) -> Result<()> {
    sqlx::query(&format!(
        "INSERT INTO certification ({ROW_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    ))
    .bind(&r.id)
    .bind(&r.chain_id)
    .bind(r.chain_pos)
    .bind(&r.prev_hash)
    .bind(&r.entry_hash)
    .bind(&r.number)
    .bind(r.year)
    .bind(&r.kind)
    .bind(&r.refers_to)
    .bind(&r.act)
    .bind(&r.party_name)
    .bind(&r.party_birth_date)
    .bind(&r.id_document_kind)
    .bind(&r.id_document_number)
    .bind(&r.document_description)
    .bind(&r.document_language)
    .bind(r.pages)
    .bind(r.copies)
    .bind(&r.service_id)
    .bind(r.fee_minor)
    .bind(&r.currency)
    .bind(&r.case_id)
    .bind(&r.reason)
    .bind(&r.note)
    .bind(&r.registrar_id)
    .bind(r.certified_at)
    .bind(&r.local_day)
    .bind(&r.place)
    .bind(&r.clause_locale)
    .bind(&r.second_locale)
    .bind(&r.original_sha256)
    .bind(&r.signature_method)
    .bind(&r.signature_sha256)
    .bind(&r.seal)
    .bind(&r.party_sex)
    .execute(tx)
    .await?;
    Ok(())
}

/// Walks the working copy's ledger (streaming, in chain order), then looks for certification
/// numbers recorded as used with no entry (an entry deleted at the end of a chain).
pub async fn walk_local(conn: &mut SqliteConnection) -> Result<ChainWalk> {
    use futures_util::TryStreamExt;
    let mut walk = ChainWalk::new();
    {
        let sql = format!(
            "SELECT {} FROM certification ORDER BY chain_id, chain_pos",
            row_json()
        );
        let mut rows = sqlx::query_scalar::<_, String>(&sql).fetch(&mut *conn);
        while let Some(text) = rows.try_next().await? {
            walk.push(&parse_row(&text)?);
        }
    }
    if walk.first_break.is_none() {
        let orphan: Option<(i64, i64)> = sqlx::query_as(
            "SELECT u.year, u.number FROM number_use u LEFT JOIN certification c ON c.id = u.owner_id
             WHERE u.series = 'certification' AND u.owner_kind = 'certification' AND c.id IS NULL
             ORDER BY u.year, u.number LIMIT 1",
        )
        .fetch_optional(&mut *conn)
        .await?;
        if let Some((year, number)) = orphan {
            walk.first_break = Some(ChainBreak {
                chain_id: String::new(),
                position: 0,
                number: Some(
                    Series::Certification.format(i32::try_from(year).unwrap_or(0), number),
                ),
                kind: ChainBreakKind::NumberWithoutEntry,
            });
        }
    }
    Ok(walk)
}
