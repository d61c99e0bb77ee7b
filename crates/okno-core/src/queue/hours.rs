//! The office's opening hours: the kiosk gives tickets only while the office is open and tells
//! the hours to whoever asks. Set by the catalogue's editors, synced to the server and every
//! desk; one row per day of the week.

use okno_rules::queue::{self as rules, HoursProblem};
use okno_wire::commands::{Command, SaveRows};
use okno_wire::{FieldError, FieldErrorCode, OpeningHours, Permission};

use crate::auth::Actor;
use crate::error::{CoreError, Result};
use crate::{ids, outbox, Workstation};

impl Workstation {
    /// The opening hours (no days: not set).
    pub async fn opening_hours(&self, _actor: &Actor) -> Result<OpeningHours> {
        let rows: Vec<(i64, String)> =
            sqlx::query_as("SELECT weekday, spans FROM opening_hours ORDER BY weekday")
                .fetch_all(&self.store.reader)
                .await?;
        let days = rows
            .into_iter()
            .map(|(weekday, spans)| {
                rules::day_from_row(weekday, &spans)
                    .ok_or_else(|| CoreError::Internal(format!("stored opening hours {spans:?}")))
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(OpeningHours { days })
    }

    /// Sets the week's opening hours: the days given (a day not given is closed), each as
    /// spans of office time that do not overlap.
    pub async fn set_opening_hours(
        &self,
        actor: &Actor,
        hours: OpeningHours,
    ) -> Result<OpeningHours> {
        actor.require(Permission::EditCatalogue)?;
        let mut fields: Vec<FieldError> = rules::check_hours(&hours)
            .into_iter()
            .map(|(i, p)| FieldError {
                field: format!("days[{i}]"),
                code: match p {
                    HoursProblem::Malformed => FieldErrorCode::Malformed,
                    HoursProblem::Overlap => FieldErrorCode::Overlap,
                    HoursProblem::BadWeekday => FieldErrorCode::Malformed,
                },
                limit: None,
            })
            .collect();
        if hours.days.is_empty() {
            fields.push(FieldError {
                field: "days".into(),
                code: FieldErrorCode::Required,
                limit: None,
            });
        }
        if !fields.is_empty() {
            return Err(CoreError::Validation(fields));
        }
        let now = self.now_ms();
        let mut tx = self.store.writer.begin().await?;
        let mut ids_of: Vec<String> = Vec::with_capacity(7);
        for weekday in 1..=7u8 {
            let spans: Vec<(String, String)> = hours
                .days
                .iter()
                .filter(|d| d.weekday == weekday)
                .flat_map(|d| d.spans.iter())
                .map(|s| (s.from.trim().to_string(), s.to.trim().to_string()))
                .collect();
            let spans = serde_json::to_string(&spans)
                .map_err(|e| CoreError::Internal(format!("opening hours: {e}")))?;
            let existing: Option<String> =
                sqlx::query_scalar("SELECT id FROM opening_hours WHERE weekday = ?")
                    .bind(i64::from(weekday))
                    .fetch_optional(&mut *tx)
                    .await?;
            let id = existing.unwrap_or_else(|| ids::new_id().to_string());
            sqlx::query(
                "INSERT INTO opening_hours (id, weekday, spans, updated_at) VALUES (?, ?, ?, ?)
                 ON CONFLICT (id) DO UPDATE SET spans = excluded.spans, updated_at = excluded.updated_at",
            )
            .bind(&id)
            .bind(i64::from(weekday))
            .bind(&spans)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            ids_of.push(id);
        }
        let rows: Vec<(&str, &str)> = ids_of
            .iter()
            .map(|id| ("opening_hours", id.as_str()))
            .collect();
        outbox::append(
            &mut tx,
            Command::QueueSetOpeningHours(SaveRows {
                id: "opening_hours".into(),
                rows: Vec::new(),
            }),
            Some(actor.staff_id),
            now,
            outbox::Effects {
                entity_id: None,
                rows: &rows,
            },
        )
        .await?;
        tx.commit().await?;
        self.opening_hours(actor).await
    }
}
