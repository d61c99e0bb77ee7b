//! Settling what sync could not: a supervisor's decision on a conflict becomes normal
//! commands — the status change it implies (as the supervisor's own, checked by the status
//! machine like any other) and the settlement, recorded once and synced.

use okno_wire::commands::{self, Command};
use okno_wire::{
    ConflictDecision, ConflictSettlement, FieldErrorCode, Permission, SettleConflictRequest,
};

use crate::auth::Actor;
use crate::cases::{self, code_of, status};
use crate::clock::from_millis;
use crate::error::{Check, CoreError, Result};
use crate::{ids, outbox, Workstation};

impl Workstation {
    pub async fn settle_conflict(
        &self,
        actor: &Actor,
        req: SettleConflictRequest,
    ) -> Result<ConflictSettlement> {
        actor.require(Permission::ReviewConflicts)?;
        let mut check = Check::new();
        let note = check.text("note", &req.note, 1000);
        let to = match (req.decision, req.to) {
            (ConflictDecision::MoveTo, None) => {
                check.fail("to", FieldErrorCode::Required, None);
                None
            }
            (ConflictDecision::MoveTo, Some(t)) => Some(t),
            (ConflictDecision::KeepServer, _) => None,
        };
        check.finish()?;
        let conflict_id = req.conflict_id.to_string();
        let now_ms = self.now_ms();
        let mut tx = self.store.writer.begin().await?;
        let row: Option<(Option<String>, Option<i64>, i64)> = sqlx::query_as(
            "SELECT k.case_id, k.resolved_at,
                    (SELECT COUNT(*) FROM conflict_settlement s WHERE s.conflict_id = k.id)
               FROM sync_conflict k WHERE k.id = ?",
        )
        .bind(&conflict_id)
        .fetch_optional(&mut *tx)
        .await?;
        let (case_id, resolved_at, settlements) = row.ok_or(CoreError::NotFound("conflict"))?;
        if resolved_at.is_some() || settlements > 0 {
            return Err(CoreError::AlreadySettled);
        }
        if let (Some(to), Some(case)) = (to, case_id.as_deref()) {
            cases::change_status_in(&mut tx, actor, case, to, Some(&note), now_ms).await?;
        } else if to.is_some() {
            return Err(CoreError::field("to", FieldErrorCode::UnknownCase));
        }
        let id = ids::new_id().to_string();
        let decision = code_of(&req.decision);
        let to_code = to.map(status::code);
        let settled_by = actor.staff_id.to_string();
        sqlx::query(
            "INSERT INTO conflict_settlement (id, conflict_id, decision, to_status, note, settled_by, settled_at)
             VALUES (?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(&id)
        .bind(&conflict_id)
        .bind(&decision)
        .bind(to_code)
        .bind(&note)
        .bind(&settled_by)
        .bind(now_ms)
        .execute(&mut *tx)
        .await?;
        sqlx::query("UPDATE sync_conflict SET resolved_at = ? WHERE id = ?")
            .bind(now_ms)
            .bind(&conflict_id)
            .execute(&mut *tx)
            .await?;
        outbox::append(
            &mut tx,
            Command::ConflictSettle(commands::ConflictSettle {
                conflict_id: conflict_id.to_string(),
                decision: decision.to_string(),
                to: to_code.map(|t| t.to_string()),
                rows: Vec::new(),
            }),
            Some(actor.staff_id),
            now_ms,
            outbox::Effects {
                entity_id: case_id.as_deref(),
                rows: &[("conflict_settlement", &id)],
            },
        )
        .await?;
        let case_number: Option<String> = match case_id.as_deref() {
            Some(c) => {
                sqlx::query_scalar("SELECT number FROM case_file WHERE id = ?")
                    .bind(c)
                    .fetch_optional(&mut *tx)
                    .await?
            }
            None => None,
        };
        tx.commit().await?;
        self.request_sync();
        Ok(ConflictSettlement {
            conflict_id: req.conflict_id,
            case_id: ids::parse_opt(case_id.as_deref())?,
            case_number,
            decision: req.decision,
            to,
            note,
            settled_by: Some(actor.display_name.clone()),
            settled_at: from_millis(now_ms),
        })
    }
}
