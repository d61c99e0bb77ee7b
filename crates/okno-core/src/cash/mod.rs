//! The cash desk (docs/cash.md): what a visit owes ([`due`]), payments and their receipts, voids
//! and refunds ([`journal`]), payment orders for a bank transfer ([`orders`]), cash sessions and
//! their count ([`sessions`]), and the office's cash settings (here).
//!
//! The receipt journal is the certification ledger's twin: numbered from the office's receipt
//! series (leased blocks, so a number is final offline), append-only (the schema refuses every
//! change; a void or refund is a new entry referring to the payment), hash-chained per
//! workstation (`okno_rules::chain`) and sealed with the workstation's certified key
//! (`okno_rules::seal`, kinds 6–8), so a receipt's QR code verifies like a certified copy's.
//! Every write is one transaction with its outbox command; an id minted by the desk makes a
//! payment retried after a timeout land once.

pub mod due;
mod journal;
mod orders;
mod sessions;
mod views;

pub(crate) use views::journal_rows_between;
pub use views::walk_receipts;

pub(crate) use sessions::{journal_entry, session_view_in};

use okno_rules::cash as rules;
use okno_rules::chain::Superseded;
use okno_wire::commands::{self, Command};
use okno_wire::{
    CashDesk, CashSessionState, CashSettings, FieldErrorCode, Permission, SealVerdict,
    SupervisorApproval,
};
use sqlx::{SqliteConnection, SqlitePool};

use crate::auth::Actor;
use crate::error::{Check, CoreError, Result};
use crate::{outbox, Workstation};

/// The largest amount one line or one movement may carry (minor units).
pub const MAX_AMOUNT_MINOR: i64 = 100_000_000_000;
/// How many of one service a walk-up line may pay for.
pub const MAX_QUANTITY: u32 = 100;
/// The longest reason of a void, refund, movement or sign-off.
pub const MAX_REASON: usize = 500;

#[derive(sqlx::FromRow)]
struct SettingsRow {
    rounding_minor: i64,
    difference_threshold_minor: i64,
    beneficiary: String,
    iban: String,
    bic: String,
    order_days: i64,
}

/// The desk a cash session is opened at: the queue desk's label, else the workstation's.
async fn desk_label(conn: &mut SqliteConnection) -> Result<String> {
    let text = crate::settings::setting(conn, crate::queue::KEY_DESK).await?;
    Ok(text
        .and_then(|t| serde_json::from_str::<okno_wire::DeskSetup>(&t).ok())
        .map(|d| d.label)
        .filter(|l| !l.trim().is_empty())
        .unwrap_or_else(|| "1".to_string()))
}

/// What a seal of the receipt journal names, as this working copy knows it: the entry's hash
/// and what took it back.
pub async fn seal_entry(
    pool: &SqlitePool,
    number: &str,
) -> Result<Option<(String, Option<Superseded>)>> {
    let entry: Option<(String, String)> =
        sqlx::query_as("SELECT id, entry_hash FROM receipt WHERE number = ?")
            .bind(number)
            .fetch_optional(pool)
            .await?;
    let Some((id, hash)) = entry else {
        return Ok(None);
    };
    let later: Option<(String, String, Option<String>)> = sqlx::query_as(
        "SELECT kind, number, reason FROM receipt WHERE refers_to = ? ORDER BY issued_at DESC LIMIT 1",
    )
    .bind(&id)
    .fetch_optional(pool)
    .await?;
    Ok(Some((
        hash,
        later.map(|(kind, number, reason)| (taken_back_verdict(&kind), number, reason)),
    )))
}

/// What a later journal entry of `kind` makes of the payment it refers to.
pub fn taken_back_verdict(kind: &str) -> SealVerdict {
    if kind == "void" {
        SealVerdict::Voided
    } else {
        SealVerdict::Refunded
    }
}

impl Workstation {
    /// The office's cash settings (defaults until an administrator saves them: the currency's
    /// legal rounding, no difference tolerated without a supervisor, two weeks to pay).
    pub(crate) async fn cash_settings_now(&self) -> Result<CashSettings> {
        let office = self.office().await?;
        let row: Option<SettingsRow> = sqlx::query_as(
            "SELECT rounding_minor, difference_threshold_minor, beneficiary, iban, bic, order_days
               FROM cash_settings WHERE id = ?",
        )
        .bind(office.view.id.to_string())
        .fetch_optional(&self.store.reader)
        .await?;
        Ok(match row {
            Some(r) => CashSettings {
                rounding_minor: r.rounding_minor,
                difference_threshold_minor: r.difference_threshold_minor,
                beneficiary: r.beneficiary,
                iban: r.iban,
                bic: r.bic,
                order_days: u32::try_from(r.order_days).unwrap_or(14),
            },
            None => CashSettings {
                rounding_minor: rules::default_rounding(&office.view.currency),
                difference_threshold_minor: 0,
                beneficiary: office.view.name.clone(),
                iban: String::new(),
                bic: String::new(),
                order_days: 14,
            },
        })
    }

    pub async fn cash_settings(&self, actor: &Actor) -> Result<CashSettings> {
        if !actor.may(Permission::TakePayments)
            && !actor.may(Permission::ManageOffice)
            && !actor.may(Permission::ReviewDay)
        {
            return Err(CoreError::Forbidden);
        }
        self.cash_settings_now().await
    }

    /// Saves the office's cash settings (administrators), synced to every desk.
    pub async fn save_cash_settings(
        &self,
        actor: &Actor,
        input: CashSettings,
    ) -> Result<CashSettings> {
        actor.require(Permission::ManageOffice)?;
        let mut check = Check::new();
        if !(1..=1_000_000).contains(&input.rounding_minor) {
            check.fail(
                "rounding_minor",
                if input.rounding_minor < 1 {
                    FieldErrorCode::TooSmall
                } else {
                    FieldErrorCode::TooLarge
                },
                Some(if input.rounding_minor < 1 {
                    1
                } else {
                    1_000_000
                }),
            );
        }
        if !(0..=MAX_AMOUNT_MINOR).contains(&input.difference_threshold_minor) {
            check.fail(
                "difference_threshold_minor",
                FieldErrorCode::TooSmall,
                Some(0),
            );
        }
        let beneficiary = check.text("beneficiary", &input.beneficiary, 70);
        let iban: String = input
            .iban
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_uppercase();
        if !iban.is_empty() && !rules::iban_valid(&iban) {
            check.fail("iban", FieldErrorCode::Malformed, None);
        }
        let bic = input.bic.trim().to_ascii_uppercase();
        if !bic.is_empty() && !rules::bic_valid(&bic) {
            check.fail("bic", FieldErrorCode::Malformed, None);
        }
        if !(1..=365).contains(&input.order_days) {
            check.fail("order_days", FieldErrorCode::TooLarge, Some(365));
        }
        check.finish()?;
        let office = self.office().await?;
        let id = office.view.id.to_string();
        let now = self.now_ms();
        let mut tx = self.store.writer.begin().await?;
        sqlx::query(
            "INSERT INTO cash_settings (id, rounding_minor, difference_threshold_minor, beneficiary, iban, bic, order_days, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT (id) DO UPDATE SET rounding_minor = excluded.rounding_minor,
               difference_threshold_minor = excluded.difference_threshold_minor,
               beneficiary = excluded.beneficiary, iban = excluded.iban, bic = excluded.bic,
               order_days = excluded.order_days, updated_at = excluded.updated_at",
        )
        .bind(&id)
        .bind(input.rounding_minor)
        .bind(input.difference_threshold_minor)
        .bind(&beneficiary)
        .bind(&iban)
        .bind(&bic)
        .bind(i64::from(input.order_days))
        .bind(now)
        .execute(&mut *tx)
        .await?;
        outbox::append(
            &mut tx,
            Command::CashSaveSettings(commands::SaveRows {
                id: id.clone(),
                rows: Vec::new(),
            }),
            Some(actor.staff_id),
            now,
            outbox::Effects {
                entity_id: Some(&id),
                rows: &[("cash_settings", &id)],
            },
        )
        .await?;
        tx.commit().await?;
        self.cash_settings_now().await
    }

    /// The cashier's desk: the session open here for this cashier, the settings, the
    /// denominations of the office's currency, and (for supervisors) sessions waiting for them.
    pub async fn cash_desk(&self, actor: &Actor) -> Result<CashDesk> {
        if !actor.may(Permission::TakePayments) && !actor.may(Permission::SuperviseCash) {
            return Err(CoreError::Forbidden);
        }
        let office = self.office().await?;
        let mut conn = self.store.reader.acquire().await?;
        let desk = desk_label(&mut conn).await?;
        drop(conn);
        let open = self.open_session_of(actor).await?;
        let session = match open {
            Some(id) => Some(self.session_view(&id).await?),
            None => None,
        };
        let awaiting = if actor.may(Permission::SuperviseCash) {
            let ids: Vec<String> = sqlx::query_scalar(
                "SELECT id FROM cash_session WHERE state = ? ORDER BY closed_at",
            )
            .bind(CashSessionState::AwaitingSignOff.code())
            .fetch_all(&self.store.reader)
            .await?;
            let mut out = Vec::with_capacity(ids.len());
            for id in ids {
                out.push(self.session_view(&id).await?);
            }
            out
        } else {
            Vec::new()
        };
        Ok(CashDesk {
            desk: Some(desk),
            session,
            settings: self.cash_settings_now().await?,
            denominations: rules::denominations(&office.view.currency),
            currency: office.view.currency,
            awaiting_sign_off: awaiting,
        })
    }

    /// A supervisor's approval given at the desk: their password checked against the synced
    /// hash (so it works offline). Answers the supervisor's staff id.
    pub(crate) async fn approve(&self, approval: &SupervisorApproval) -> Result<String> {
        let row: Option<(String, String, String, i64)> =
            sqlx::query_as("SELECT id, password_hash, roles, active FROM staff WHERE username = ?")
                .bind(approval.username.trim())
                .fetch_optional(&self.store.reader)
                .await?;
        let refused = || CoreError::field("approval", FieldErrorCode::NotSupervisor);
        let Some((id, hash, roles, active)) = row else {
            return Err(refused());
        };
        let password = approval.password.clone();
        let ok =
            tokio::task::spawn_blocking(move || crate::auth::verify_password(&password, &hash))
                .await
                .map_err(|e| CoreError::Internal(e.to_string()))?;
        let roles: Vec<okno_wire::Role> = serde_json::from_str::<Vec<String>>(&roles)
            .unwrap_or_default()
            .iter()
            .filter_map(|r| okno_wire::Role::from_code(r))
            .collect();
        let supervises =
            okno_rules::permissions::permissions_of(&roles).contains(&Permission::SuperviseCash);
        if !ok || active == 0 || !supervises {
            return Err(refused());
        }
        Ok(id)
    }
}
