//! The citizen's voice (docs/feedback.md): feedback items taken down at a desk or arriving from
//! the office server's public channels ([`items`]), ratings at the end of a visit
//! ([`ratings`]), resident surveys ([`surveys`]), and the analysis of a period ([`analysis`]).
//!
//! An item is numbered from the office's feedback series (leased blocks, final offline), moves
//! through received → in progress → answered → closed (or rejected, and reopened) by the shared
//! rule (`okno_rules::feedback::step`), and keeps every step as an append-only event. Every
//! write is one transaction with its outbox command.

pub mod analysis;
pub mod generate;
mod items;
mod ratings;
mod surveys;

pub use analysis::{compute_report, ReportInput};

use okno_rules::feedback::{self as rules, FieldRefusal, Refusal};
use okno_wire::commands::{self, Command};
use okno_wire::{FeedbackSettings, FieldError, FieldErrorCode, Permission};

use crate::auth::Actor;
use crate::error::{CoreError, Result};
use crate::{outbox, Workstation};

/// A shared rule's refusals as the API's field errors.
pub(crate) fn refused(refusals: Vec<FieldRefusal>) -> CoreError {
    CoreError::Validation(
        refusals
            .into_iter()
            .map(|(field, r)| {
                let (code, limit) = match r {
                    Refusal::Required => (FieldErrorCode::Required, None),
                    Refusal::TooLong(n) => (FieldErrorCode::TooLong, Some(n as i64)),
                    Refusal::Malformed => (FieldErrorCode::Malformed, None),
                    Refusal::ContactNeeded => (FieldErrorCode::ContactNeeded, None),
                    Refusal::Unknown => (FieldErrorCode::UnknownOption, None),
                    Refusal::TooSmall(n) => (FieldErrorCode::TooSmall, Some(n)),
                    Refusal::TooLarge(n) => (FieldErrorCode::TooLarge, Some(n)),
                };
                FieldError { field, code, limit }
            })
            .collect(),
    )
}

fn may_read(actor: &Actor) -> Result<()> {
    if actor.may(Permission::TakeFeedback) || actor.may(Permission::SuperviseFeedback) {
        Ok(())
    } else {
        Err(CoreError::Forbidden)
    }
}

impl Workstation {
    /// The office's feedback settings: the shared defaults until a supervisor saves them.
    pub(crate) async fn feedback_settings_now(&self) -> Result<FeedbackSettings> {
        let row: Option<(String, String, i64)> = sqlx::query_as(
            "SELECT deadlines, root_causes, min_ratings FROM feedback_settings LIMIT 1",
        )
        .fetch_optional(&self.store.reader)
        .await?;
        let defaults = rules::default_settings();
        Ok(match row {
            Some((d, r, m)) => FeedbackSettings {
                deadlines: serde_json::from_str(&d).unwrap_or(defaults.deadlines),
                root_causes: serde_json::from_str(&r).unwrap_or(defaults.root_causes),
                min_ratings_per_person: u32::try_from(m).unwrap_or(10),
            },
            None => defaults,
        })
    }

    pub async fn feedback_settings(&self, actor: &Actor) -> Result<FeedbackSettings> {
        may_read(actor)?;
        self.feedback_settings_now().await
    }

    /// Saves the deadlines, root causes and minimum of ratings per person (supervisors), synced
    /// to every desk.
    pub async fn save_feedback_settings(
        &self,
        actor: &Actor,
        input: FeedbackSettings,
    ) -> Result<FeedbackSettings> {
        actor.require(Permission::SuperviseFeedback)?;
        let problems = rules::check_settings(&input);
        if !problems.is_empty() {
            return Err(refused(problems));
        }
        let office = self.office().await?;
        let id = office.view.id.to_string();
        let now = self.now_ms();
        let mut tx = self.store.writer.begin().await?;
        sqlx::query(
            "INSERT INTO feedback_settings (id, deadlines, root_causes, min_ratings, updated_at)
             VALUES (?, ?, ?, ?, ?)
             ON CONFLICT (id) DO UPDATE SET deadlines = excluded.deadlines,
               root_causes = excluded.root_causes, min_ratings = excluded.min_ratings,
               updated_at = excluded.updated_at",
        )
        .bind(&id)
        .bind(serde_json::to_string(&input.deadlines).unwrap_or_default())
        .bind(serde_json::to_string(&input.root_causes).unwrap_or_default())
        .bind(i64::from(input.min_ratings_per_person))
        .bind(now)
        .execute(&mut *tx)
        .await?;
        outbox::append(
            &mut tx,
            Command::FeedbackSaveSettings(commands::SaveRows {
                id: id.clone(),
                rows: Vec::new(),
            }),
            Some(actor.staff_id),
            now,
            outbox::Effects {
                entity_id: Some(&id),
                rows: &[("feedback_settings", &id)],
            },
        )
        .await?;
        tx.commit().await?;
        self.feedback_settings_now().await
    }
}
