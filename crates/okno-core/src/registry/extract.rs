//! Extracts of birth, marriage and death records: an act of the certification ledger (its own
//! number, chained and sealed like a certified copy) whose document is the record's facts as
//! the replica holds them, written together with the registry audit entry of every person it
//! names.
//!
//! The facts are kept in the ledger entry itself (`document_description`) in a canonical,
//! language-neutral text, so the entry's hash and the seal's document hash cover exactly what
//! was extracted, the printout can be made again from the ledger alone, and a later change of
//! the record does not change an extract already issued:
//!
//! ```text
//! birth B-1987-00042; name=Zuzana Čičová; sex=F; birth_date=1987-03-12; birth_place=Komárno;
//! father=Ján Čič; mother=Mária Čičová; book=B-1987; volume=I; page_no=12
//! ```

use chrono::NaiveDate;
use okno_wire::{
    AuditAction, CertificationKind, ExtractRequest, FieldErrorCode, LedgerEntryKind,
    LedgerEntryView, Permission, PersonHit, RecordKind, RecordRow, SignatureMethod,
};

use super::{audit_in, card_in, check_reason, parse_json};
use crate::auth::Actor;
use crate::certification::{Act, NewEntry, MAX_COPIES};
use crate::error::{Check, CoreError, Result};
use crate::Workstation;

pub use okno_rules::extract::{ExtractFacts, DATE_KEYS, KEYS};

/// The facts of `record` with its person (`main`) and, for a marriage, the other spouse.
fn facts_of(record: &RecordRow, main: &PersonHit, partner: Option<&PersonHit>) -> ExtractFacts {
    let mut f = ExtractFacts {
        kind: record.1,
        number: record.2.clone(),
        fields: Vec::new(),
    };
    let name = |p: &PersonHit| format!("{} {}", p.given_names, p.family_name);
    let date = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    match record.1 {
        RecordKind::Birth => {
            f.push("name", name(main));
            f.push(
                "birth_name",
                main.birth_family_name.as_deref().unwrap_or(""),
            );
            f.push("sex", main.sex.code());
            f.push("birth_date", record.6.to_string());
            f.push("birth_place", &record.7);
            f.push("father", main.father_name.as_deref().unwrap_or(""));
            f.push("mother", main.mother_name.as_deref().unwrap_or(""));
        }
        RecordKind::Marriage => {
            for p in std::iter::once(main).chain(partner) {
                f.push("spouse", name(p));
                f.push("birth_name", p.birth_family_name.as_deref().unwrap_or(""));
                f.push("birth_date", date(p.birth_date));
                f.push("birth_place", &p.birth_place);
            }
            f.push("marriage_date", record.6.to_string());
            f.push("marriage_place", &record.7);
        }
        RecordKind::Death => {
            f.push("name", name(main));
            f.push(
                "birth_name",
                main.birth_family_name.as_deref().unwrap_or(""),
            );
            f.push("sex", main.sex.code());
            f.push("birth_date", date(main.birth_date));
            f.push("birth_place", &main.birth_place);
            f.push("death_date", record.6.to_string());
            f.push("death_place", &record.7);
        }
    }
    f.push("book", &record.3);
    f.push("volume", &record.4);
    f.push("page_no", record.5.to_string());
    f
}

impl Workstation {
    /// Issues an extract of a birth, marriage or death record: a numbered, chained, sealed
    /// ledger entry and the registry audit entry of each person it names, in one transaction.
    /// Refused, with nothing written, without an existing case or a stated purpose.
    pub async fn certify_extract(
        &self,
        actor: &Actor,
        req: ExtractRequest,
    ) -> Result<LedgerEntryView> {
        actor.require(Permission::Certify)?;
        actor.require(Permission::LookupRegistry)?;
        let mut check = Check::new();
        let party_name = check.text("party_name", &req.party_name, 200);
        if req.copies == 0 {
            check.fail("copies", FieldErrorCode::TooSmall, Some(1));
        } else if req.copies > MAX_COPIES {
            check.fail(
                "copies",
                FieldErrorCode::TooLarge,
                Some(i64::from(MAX_COPIES)),
            );
        }
        let service_id = req.service_id.to_string();
        let fee: Option<i64> =
            sqlx::query_scalar("SELECT fee_minor FROM service WHERE id = ? AND active = 1")
                .bind(&service_id)
                .fetch_optional(&self.store.reader)
                .await?;
        if fee.is_none() {
            check.fail("service_id", FieldErrorCode::UnknownService, None);
        }
        check.finish()?;

        let cx = self.entry_context().await?;
        let now_ms = self.now_ms();
        let mut tx = self.store.writer.begin().await?;
        let reason =
            check_reason(&mut tx, req.case_number.as_deref(), req.purpose.as_deref()).await?;
        let text: Option<String> = sqlx::query_scalar(
            "SELECT json_array(id, kind, number, book, volume, page, date, place, person_id,
                    partner_id, note)
               FROM reg_record WHERE id = ?",
        )
        .bind(req.record_id.to_string())
        .fetch_optional(&mut *tx)
        .await?;
        let record: RecordRow = match text {
            Some(t) => parse_json(Some(t))?,
            None => return Err(CoreError::NotFound("record")),
        };
        let mut persons = Vec::new();
        for id in std::iter::once(record.8).chain(record.9) {
            let (p, ..) = card_in(&mut tx, id)
                .await?
                .ok_or(CoreError::NotFound("person"))?;
            persons.push(p);
        }
        let facts = facts_of(&record, &persons[0], persons.get(1));
        let id = self
            .write_entry_in(
                &mut tx,
                &cx,
                actor,
                NewEntry {
                    kind: LedgerEntryKind::Extract,
                    refers_to: None,
                    reason: None,
                    act: Act {
                        kind: CertificationKind::Extract,
                        party_name,
                        party_birth_date: None,
                        // The extract's clause reads the same for anyone who asks for it.
                        party_sex: okno_wire::Sex::Unspecified,
                        id_document_kind: None,
                        id_document_number: String::new(),
                        document_description: facts.text(),
                        document_language: cx.office_locale().code().to_string(),
                        pages: 1,
                        copies: req.copies,
                        service_id,
                        fee_minor: fee.unwrap_or(0) * i64::from(req.copies),
                        case_id: reason.case_id.clone(),
                        second_locale: None,
                        original: None,
                        signature_method: SignatureMethod::Sheet,
                        signature_png: None,
                        note: None,
                    },
                },
            )
            .await?;
        for p in &persons {
            audit_in(
                &mut tx,
                actor,
                now_ms,
                AuditAction::Extract,
                p,
                &reason,
                Some(&record.2),
            )
            .await?;
        }
        tx.commit().await?;
        self.request_sync();
        self.get_ledger_entry(actor, id).await
    }
}
