//! What the server refused, by command and by case, and the conflicts a supervisor settles.

use super::*;

impl Workstation {
    pub async fn list_sync_issues(&self, _actor: &Actor) -> Result<Vec<SyncIssue>> {
        let rows = sqlx::query!(
            r#"SELECT i.seq AS "seq!: i64", i.command, i.outcome, i.code, i.message, i.entity_id, i.at,
                      c.id AS "case_id?", c.number AS "case_number?"
               FROM sync_issue i LEFT JOIN case_file c ON c.id = i.entity_id
               ORDER BY i.seq DESC LIMIT 500"#
        )
        .fetch_all(&self.store.reader)
        .await?;
        rows.into_iter()
            .map(|r| {
                Ok(SyncIssue {
                    seq: r.seq,
                    command: r.command,
                    outcome: if r.outcome == "conflict" {
                        SyncOutcome::Conflict
                    } else {
                        SyncOutcome::Rejected
                    },
                    code: r.code,
                    message: r.message,
                    case_id: r.case_id.as_deref().map(ids::parse).transpose()?,
                    case_number: r.case_number,
                    at: from_millis(r.at),
                })
            })
            .collect()
    }

    pub(crate) async fn case_sync_issues(&self, case_id: &str) -> Result<(i64, Vec<SyncIssue>)> {
        let pending = sqlx::query_scalar!(
            r#"SELECT COUNT(*) AS "n!: i64" FROM outbox WHERE entity_id = ? AND acked_at IS NULL"#,
            case_id
        )
        .fetch_one(&self.store.reader)
        .await?;
        let rows = sqlx::query!(
            r#"SELECT i.seq AS "seq!: i64", i.command, i.outcome, i.code, i.message, i.at, c.number AS "number?"
               FROM sync_issue i LEFT JOIN case_file c ON c.id = i.entity_id
               WHERE i.entity_id = ? ORDER BY i.seq"#,
            case_id
        )
        .fetch_all(&self.store.reader)
        .await?;
        let cid = ids::parse(case_id)?;
        let issues = rows
            .into_iter()
            .map(|r| SyncIssue {
                seq: r.seq,
                command: r.command,
                outcome: if r.outcome == "conflict" {
                    SyncOutcome::Conflict
                } else {
                    SyncOutcome::Rejected
                },
                code: r.code,
                message: r.message,
                case_id: Some(cid),
                case_number: r.number,
                at: from_millis(r.at),
            })
            .collect();
        Ok((pending, issues))
    }

    /// The conflicts no supervisor has settled yet, newest first, each with the case as this
    /// workstation holds it now and where it may move from there.
    pub async fn list_conflicts(&self, actor: &Actor) -> Result<Vec<ConflictView>> {
        actor.require(Permission::ReviewConflicts)?;
        let rows = sqlx::query!(
            r#"SELECT k.id, k.case_id, k.kind, k.server_status, k.attempted_from, k.attempted_to,
                      k.device_name, k.created_at, c.number AS "case_number?", s.display_name AS "actor_name?",
                      c.subject AS "case_subject?", c.party_name AS "case_party_name?", c.status AS "current_status?",
                      (SELECT json_extract(o.payload, '$.rows[0].body.note') FROM outbox o
                        WHERE o.command_id = k.command_id) AS "attempted_note?: String"
               FROM sync_conflict k
               LEFT JOIN case_file c ON c.id = k.case_id
               LEFT JOIN staff s ON s.id = k.actor_id
               WHERE k.resolved_at IS NULL
                 AND NOT EXISTS (SELECT 1 FROM conflict_settlement x WHERE x.conflict_id = k.id)
               ORDER BY k.created_at DESC"#
        )
        .fetch_all(&self.store.reader)
        .await?;
        let status = |s: Option<String>| s.as_deref().and_then(crate::cases::status::from_code);
        rows.into_iter()
            .map(|r| {
                let current_status = status(r.current_status);
                Ok(ConflictView {
                    id: ids::parse(&r.id)?,
                    case_id: r.case_id.as_deref().map(ids::parse).transpose()?,
                    case_number: r.case_number,
                    kind: r.kind,
                    server_status: status(r.server_status),
                    attempted_from: status(r.attempted_from),
                    attempted_to: status(r.attempted_to),
                    actor_name: r.actor_name,
                    device_name: r.device_name,
                    created_at: from_millis(r.created_at),
                    case_subject: r.case_subject,
                    case_party_name: r.case_party_name,
                    current_status,
                    attempted_note: r.attempted_note,
                    allowed: current_status
                        .map(|s| crate::cases::status::allowed_next(s).to_vec())
                        .unwrap_or_default(),
                })
            })
            .collect()
    }
}
