//! The service catalogue: the cooperating agencies and what the office does for each of them,
//! with names in every UI language, a fee, the documents the citizen must bring and a
//! processing deadline. Admins edit it; everyone reads it.

use okno_wire::commands::{self, Command};
use okno_wire::{
    AgencyInput, AgencyView, Catalogue, FieldErrorCode, Locale, LocalizedText, Permission,
    ServiceInput, ServiceView,
};

use crate::auth::Actor;
use crate::error::{Check, CoreError, Result};
use crate::{ids, outbox, Workstation};

pub const MAX_DEADLINE_DAYS: u32 = 3650;
pub const MAX_FEE_MINOR: i64 = 10_000_000_000;
/// The longest budget/revenue account code a service carries.
pub const MAX_ACCOUNT: usize = 40;

/// Every UI language must have a name, so no clerk sees a blank.
fn check_names(check: &mut Check, field: &str, names: &LocalizedText, max: usize) -> LocalizedText {
    let mut out = LocalizedText::new();
    for locale in Locale::ALL {
        let key = format!("{field}.{}", locale.code());
        match names
            .get(locale.code())
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
        {
            None => check.fail(key, FieldErrorCode::MissingTranslation, None),
            Some(v) if v.chars().count() > max => {
                check.fail(key, FieldErrorCode::TooLong, Some(max as i64))
            }
            Some(v) => {
                out.insert(locale.code().to_string(), v.to_string());
            }
        }
    }
    out
}

fn check_code(check: &mut Check, code: &str) -> String {
    let c = check.text("code", code, 32);
    if !c.is_empty()
        && !c
            .chars()
            .all(|ch| ch.is_ascii_alphanumeric() || matches!(ch, '-' | '_' | '.'))
    {
        check.fail("code", FieldErrorCode::Malformed, None);
    }
    c
}

pub(crate) fn json_names(json: &str) -> LocalizedText {
    serde_json::from_str(json).unwrap_or_default()
}

impl Workstation {
    pub async fn catalogue(&self, _actor: &Actor) -> Result<Catalogue> {
        let office = self.office().await?;
        let agencies = sqlx::query!("SELECT id, code, names, active FROM agency ORDER BY code")
            .fetch_all(&self.store.reader)
            .await?
            .into_iter()
            .map(|r| {
                Ok(AgencyView {
                    id: ids::parse(&r.id)?,
                    code: r.code,
                    names: json_names(&r.names),
                    active: r.active != 0,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let services = sqlx::query!(
            "SELECT id, agency_id, code, names, fee_minor, required_documents, deadline_days, queue_category, active, account
             FROM service ORDER BY code"
        )
        .fetch_all(&self.store.reader)
        .await?
        .into_iter()
        .map(|r| {
            Ok(ServiceView {
                id: ids::parse(&r.id)?,
                agency_id: ids::parse(&r.agency_id)?,
                code: r.code,
                names: json_names(&r.names),
                fee_minor: r.fee_minor,
                currency: office.view.currency.clone(),
                required_documents: serde_json::from_str(&r.required_documents).unwrap_or_default(),
                deadline_days: u32::try_from(r.deadline_days).unwrap_or(0),
                queue_category: r.queue_category,
                active: r.active != 0,
                account: r.account.unwrap_or_default(),
            })
        })
        .collect::<Result<Vec<_>>>()?;
        Ok(Catalogue { agencies, services })
    }

    pub async fn save_agency(&self, actor: &Actor, input: AgencyInput) -> Result<AgencyView> {
        actor.require(Permission::EditCatalogue)?;
        let mut check = Check::new();
        let code = check_code(&mut check, &input.code);
        let names = check_names(&mut check, "names", &input.names, 200);
        if !check.has_errors() {
            let own = input.id.map(|i| i.to_string()).unwrap_or_default();
            let taken = sqlx::query_scalar!(
                r#"SELECT COUNT(*) AS "n!: i64" FROM agency WHERE code = ? AND id <> ?"#,
                code,
                own
            )
            .fetch_one(&self.store.reader)
            .await?;
            if taken > 0 {
                check.fail("code", FieldErrorCode::Taken, None);
            }
        }
        check.finish()?;
        let id = input.id.unwrap_or_else(ids::new_id);
        let id_text = id.to_string();
        let names_json = serde_json::to_string(&names).unwrap_or_default();
        let active = input.active as i64;
        let now = self.now_ms();
        let mut tx = self.store.writer.begin().await?;
        if input.id.is_some() {
            let n = sqlx::query!(
                "UPDATE agency SET code = ?, names = ?, active = ?, updated_at = ? WHERE id = ?",
                code,
                names_json,
                active,
                now,
                id_text
            )
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if n == 0 {
                return Err(CoreError::NotFound("agency"));
            }
        } else {
            sqlx::query!(
                "INSERT INTO agency (id, code, names, active, updated_at) VALUES (?, ?, ?, ?, ?)",
                id_text,
                code,
                names_json,
                active,
                now
            )
            .execute(&mut *tx)
            .await?;
        }
        outbox::append(
            &mut tx,
            Command::CatalogueSaveAgency(commands::SaveRows {
                id: id_text.to_string(),
                rows: Vec::new(),
            }),
            Some(actor.staff_id),
            now,
            outbox::Effects {
                entity_id: Some(&id_text),
                rows: &[("agency", &id_text)],
            },
        )
        .await?;
        tx.commit().await?;
        Ok(AgencyView {
            id,
            code,
            names,
            active: input.active,
        })
    }

    pub async fn save_service(&self, actor: &Actor, input: ServiceInput) -> Result<ServiceView> {
        actor.require(Permission::EditCatalogue)?;
        let office = self.office().await?;
        let mut check = Check::new();
        let code = check_code(&mut check, &input.code);
        let names = check_names(&mut check, "names", &input.names, 200);
        let mut documents = Vec::new();
        if input.required_documents.len() > 30 {
            check.fail("required_documents", FieldErrorCode::TooLarge, Some(30));
        }
        for (i, d) in input.required_documents.iter().enumerate() {
            documents.push(check_names(
                &mut check,
                &format!("required_documents.{i}"),
                d,
                200,
            ));
        }
        if input.fee_minor < 0 {
            check.fail("fee_minor", FieldErrorCode::TooSmall, Some(0));
        } else if input.fee_minor > MAX_FEE_MINOR {
            check.fail("fee_minor", FieldErrorCode::TooLarge, Some(MAX_FEE_MINOR));
        }
        if input.deadline_days > MAX_DEADLINE_DAYS {
            check.fail(
                "deadline_days",
                FieldErrorCode::TooLarge,
                Some(MAX_DEADLINE_DAYS as i64),
            );
        }
        let queue_category = check.text("queue_category", &input.queue_category, 32);
        let account = check
            .optional_text("account", Some(&input.account), MAX_ACCOUNT)
            .unwrap_or_default();
        let agency_id = input.agency_id.to_string();
        let agency_known = sqlx::query_scalar!(
            r#"SELECT COUNT(*) AS "n!: i64" FROM agency WHERE id = ?"#,
            agency_id
        )
        .fetch_one(&self.store.reader)
        .await?;
        if agency_known == 0 {
            check.fail("agency_id", FieldErrorCode::UnknownAgency, None);
        }
        if !code.is_empty() {
            let own = input.id.map(|i| i.to_string()).unwrap_or_default();
            let taken = sqlx::query_scalar!(
                r#"SELECT COUNT(*) AS "n!: i64" FROM service WHERE code = ? AND id <> ?"#,
                code,
                own
            )
            .fetch_one(&self.store.reader)
            .await?;
            if taken > 0 {
                check.fail("code", FieldErrorCode::Taken, None);
            }
        }
        check.finish()?;
        let id = input.id.unwrap_or_else(ids::new_id);
        let id_text = id.to_string();
        let names_json = serde_json::to_string(&names).unwrap_or_default();
        let docs_json = serde_json::to_string(&documents).unwrap_or_default();
        let deadline = i64::from(input.deadline_days);
        let active = input.active as i64;
        let now = self.now_ms();
        let account_col = Some(account.clone()).filter(|a| !a.is_empty());
        let mut tx = self.store.writer.begin().await?;
        if input.id.is_some() {
            let n = sqlx::query!(
                "UPDATE service SET agency_id = ?, code = ?, names = ?, fee_minor = ?, required_documents = ?,
                 deadline_days = ?, queue_category = ?, active = ?, updated_at = ?, account = ? WHERE id = ?",
                agency_id, code, names_json, input.fee_minor, docs_json, deadline, queue_category, active, now, account_col, id_text
            )
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if n == 0 {
                return Err(CoreError::NotFound("service"));
            }
        } else {
            sqlx::query!(
                "INSERT INTO service (id, agency_id, code, names, fee_minor, required_documents, deadline_days, queue_category, active, updated_at, account)
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                id_text, agency_id, code, names_json, input.fee_minor, docs_json, deadline, queue_category, active, now, account_col
            )
            .execute(&mut *tx)
            .await?;
        }
        outbox::append(
            &mut tx,
            Command::CatalogueSaveService(commands::SaveRows {
                id: id_text.to_string(),
                rows: Vec::new(),
            }),
            Some(actor.staff_id),
            now,
            outbox::Effects {
                entity_id: Some(&id_text),
                rows: &[("service", &id_text)],
            },
        )
        .await?;
        tx.commit().await?;
        Ok(ServiceView {
            id,
            agency_id: input.agency_id,
            code,
            names,
            fee_minor: input.fee_minor,
            currency: office.view.currency,
            required_documents: documents,
            deadline_days: input.deadline_days,
            queue_category,
            active: input.active,
            account,
        })
    }
}
