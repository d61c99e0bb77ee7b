//! Appointments at a desk: the services' booking plans (slot length and places per slot, set
//! with the catalogue), and checking a citizen in by the code of their booking — at the office
//! server while it answers, from this workstation's copy of the bookings when it does not. A
//! booking checked in within its grace period gives a ticket that is called first once its slot
//! has begun; later, an ordinary ticket.

use okno_rules::queue as rules;
use okno_wire::commands::{Command, SaveRows};
use okno_wire::{
    BookingPlan, CheckInRequest, FieldErrorCode, Locale, Permission, ServerCheckIn,
    ServerQueueRows, TakeTicketRequest, TicketOrigin, TicketPriority, TicketView,
};

use super::tickets::{is_offline, server_refusal, SERVER_WAIT};
use crate::auth::Actor;
use crate::error::{Check, CoreError, Result};
use crate::{ids, outbox, Workstation};

impl Workstation {
    pub async fn booking_plans(&self, actor: &Actor) -> Result<Vec<BookingPlan>> {
        if !actor.may(Permission::ServeQueue) && !actor.may(Permission::EditCatalogue) {
            return Err(CoreError::Forbidden);
        }
        let rows: Vec<(String, i64, i64, i64)> = sqlx::query_as(
            "SELECT service_id, slot_minutes, desks, active FROM booking_plan ORDER BY service_id",
        )
        .fetch_all(&self.store.reader)
        .await?;
        rows.into_iter()
            .map(|(s, m, d, a)| {
                Ok(BookingPlan {
                    service_id: ids::parse(&s)?,
                    slot_minutes: u32::try_from(m).unwrap_or(0),
                    desks: u32::try_from(d).unwrap_or(0),
                    active: a != 0,
                })
            })
            .collect()
    }

    /// Makes a service bookable (or changes its slots): 5 to 240 minutes a slot, 1 to 50 places.
    pub async fn save_booking_plan(&self, actor: &Actor, plan: BookingPlan) -> Result<BookingPlan> {
        actor.require(Permission::EditCatalogue)?;
        let mut check = Check::new();
        if !(5..=240).contains(&plan.slot_minutes) {
            check.fail(
                "slot_minutes",
                if plan.slot_minutes < 5 {
                    FieldErrorCode::TooSmall
                } else {
                    FieldErrorCode::TooLarge
                },
                Some(if plan.slot_minutes < 5 { 5 } else { 240 }),
            );
        }
        if !(1..=50).contains(&plan.desks) {
            check.fail(
                "desks",
                if plan.desks < 1 {
                    FieldErrorCode::TooSmall
                } else {
                    FieldErrorCode::TooLarge
                },
                Some(if plan.desks < 1 { 1 } else { 50 }),
            );
        }
        let service = plan.service_id.to_string();
        let known: Option<String> = sqlx::query_scalar("SELECT id FROM service WHERE id = ?")
            .bind(&service)
            .fetch_optional(&self.store.reader)
            .await?;
        if known.is_none() {
            check.fail("service_id", FieldErrorCode::UnknownService, None);
        }
        check.finish()?;
        let now = self.now_ms();
        let mut tx = self.store.writer.begin().await?;
        let existing: Option<String> =
            sqlx::query_scalar("SELECT id FROM booking_plan WHERE service_id = ?")
                .bind(&service)
                .fetch_optional(&mut *tx)
                .await?;
        let id = existing.unwrap_or_else(|| ids::new_id().to_string());
        sqlx::query(
            "INSERT INTO booking_plan (id, service_id, slot_minutes, desks, active, updated_at)
             VALUES (?, ?, ?, ?, ?, ?)
             ON CONFLICT (id) DO UPDATE SET slot_minutes = excluded.slot_minutes, desks = excluded.desks,
               active = excluded.active, updated_at = excluded.updated_at",
        )
        .bind(&id)
        .bind(&service)
        .bind(i64::from(plan.slot_minutes))
        .bind(i64::from(plan.desks))
        .bind(i64::from(plan.active))
        .bind(now)
        .execute(&mut *tx)
        .await?;
        outbox::append(
            &mut tx,
            Command::QueueSaveBookingPlan(SaveRows {
                id: id.clone(),
                rows: Vec::new(),
            }),
            Some(actor.staff_id),
            now,
            outbox::Effects {
                entity_id: Some(&id),
                rows: &[("booking_plan", &id)],
            },
        )
        .await?;
        tx.commit().await?;
        Ok(plan)
    }

    /// Checks a citizen in by their booking code: a ticket for the booked service's category,
    /// in the booking's language, called first once the slot has begun (unless they came later
    /// than the grace period).
    pub async fn check_in(&self, actor: &Actor, req: CheckInRequest) -> Result<TicketView> {
        actor.require(Permission::ServeQueue)?;
        let code = rules::normal_code(&req.code);
        if code.is_empty() {
            return Err(CoreError::field("code", FieldErrorCode::Required));
        }
        let asked: Result<Option<ServerQueueRows>> = self
            .ask_server(
                "/v1/queue/checkin",
                &ServerCheckIn {
                    code: code.clone(),
                    actor_id: Some(actor.staff_id),
                },
                SERVER_WAIT,
            )
            .await;
        let id = match asked {
            Ok(Some(rows)) => self.store_server_rows(&rows).await?,
            Ok(None) => self.check_in_here(actor, &code, TicketOrigin::Desk).await?,
            Err(CoreError::Server { code, message }) => {
                return Err(server_refusal(&code).unwrap_or(CoreError::Server { code, message }))
            }
            Err(e) if is_offline(&e) => {
                tracing::info!(error = %e, "the office server is not reachable: this desk checks the booking in");
                self.check_in_here(actor, &code, TicketOrigin::Offline)
                    .await?
            }
            Err(e) => return Err(e),
        };
        self.get_ticket(actor, id).await
    }

    async fn check_in_here(
        &self,
        actor: &Actor,
        code: &str,
        origin: TicketOrigin,
    ) -> Result<uuid::Uuid> {
        let found: Option<(String, String, String, i64, String)> = sqlx::query_as(
            "SELECT id, category, locale, starts_at, state FROM appointment WHERE code = ?",
        )
        .bind(code)
        .fetch_optional(&self.store.reader)
        .await?;
        let Some((id, category, locale, starts_at, state)) = found else {
            return Err(CoreError::field("code", FieldErrorCode::UnknownBooking));
        };
        if state != "booked" {
            return Err(CoreError::field("code", FieldErrorCode::BookingUsed));
        }
        let now = self.now_ms();
        let on_time = (now <= starts_at + rules::GRACE_MS).then_some(starts_at);
        let req = TakeTicketRequest {
            category,
            priority: TicketPriority::Normal,
            locale: Locale::from_code(&locale).unwrap_or(Locale::En),
            private: false,
        };
        self.take_ticket_here(actor, &req, origin, Some((&id, on_time)))
            .await
    }
}
