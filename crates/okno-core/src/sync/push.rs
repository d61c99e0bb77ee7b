//! Push: the outbox goes up in order, in batches; the verdicts come back; a refused command is
//! undone, a reused sequence renumbered.

use super::*;

impl Workstation {
    pub(super) async fn push_all(
        &self,
        client: &ServerClient,
        token: &str,
    ) -> Result<(usize, usize, usize)> {
        let (mut pushed, mut rejected, mut conflicts) = (0, 0, 0);
        let total = self.outbox_status().await?.pending;
        let mut renumberings = 0;
        loop {
            let rows = sqlx::query!(
                r#"SELECT seq AS "seq!: i64", command_id, name, version, payload, actor_id, created_at, hlc
                   FROM outbox WHERE acked_at IS NULL ORDER BY seq LIMIT ?"#,
                PUSH_BATCH
            )
            .fetch_all(&self.store.reader)
            .await?;
            if rows.is_empty() {
                break;
            }
            self.set_progress(SyncPhase::Pushing, pushed as i64, Some(total));
            let mut commands = Vec::with_capacity(rows.len());
            for r in &rows {
                commands.push(PushCommand {
                    seq: r.seq,
                    command_id: ids::parse(&r.command_id)?,
                    name: r.name.clone(),
                    version: r.version,
                    actor_id: r.actor_id.as_deref().map(ids::parse).transpose()?,
                    created_at: r.created_at,
                    hlc: r.hlc.clone().unwrap_or_default(),
                    payload: serde_json::from_str(&r.payload)
                        .map_err(|e| CoreError::Internal(e.to_string()))?,
                });
            }
            let first = commands[0].seq;
            let req = PushRequest {
                commands,
                outbox_pending: total - pushed as i64,
            };
            let resp: PushResponse = match client
                .json(Method::POST, "/v1/push", Some(token), Some(&req))
                .await
            {
                Err(CoreError::Server { code, .. }) if code == "token_expired" => {
                    self.drop_device_token().await;
                    return Err(CoreError::ServerUnreachable("token expired".into()));
                }
                other => other?,
            };
            if resp.results.is_empty() {
                return Err(CoreError::Server {
                    code: "sequence_gap".into(),
                    message: format!(
                        "the server expects command {} but this workstation's next is {first}",
                        resp.next_seq
                    ),
                });
            }
            let now = self.now_ms();
            let mut tx = self.store.writer.begin().await?;
            let mut reused = None;
            for r in &resp.results {
                if r.code.as_deref() == Some(wire::SEQUENCE_REUSED) {
                    // Not this command's verdict: its number was taken by a command this
                    // working copy no longer has. It and everything after it get new numbers.
                    reused = Some(r.seq);
                    break;
                }
                let outcome = match r.status {
                    CommandStatus::Applied => "applied",
                    CommandStatus::Rejected => "rejected",
                    CommandStatus::Conflict => "conflict",
                };
                let done = sqlx::query!(
                    "UPDATE outbox SET acked_at = ?, outcome = ? WHERE seq = ? AND acked_at IS NULL",
                    now,
                    outcome,
                    r.seq
                )
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if done == 0 {
                    continue;
                }
                pushed += 1;
                if r.status != CommandStatus::Applied {
                    if r.status == CommandStatus::Rejected {
                        rejected += 1;
                    } else {
                        conflicts += 1;
                    }
                    let code = r.code.clone().unwrap_or_else(|| outcome.to_string());
                    let message = r.message.clone().unwrap_or_default();
                    sqlx::query!(
                        "INSERT OR IGNORE INTO sync_issue (seq, command, outcome, code, message, entity_id, at)
                         SELECT seq, name, ?, ?, ?, entity_id, ? FROM outbox WHERE seq = ?",
                        outcome,
                        code,
                        message,
                        now,
                        r.seq
                    )
                    .execute(&mut *tx)
                    .await?;
                    undo_refused(&mut tx, r.seq, &code, now).await?;
                }
            }
            if let Some(from) = reused {
                renumberings += 1;
                if renumberings > MAX_RENUMBERINGS {
                    return Err(CoreError::Server {
                        code: wire::SEQUENCE_REUSED.into(),
                        message: format!(
                            "the server keeps refusing this workstation's sequence numbers (from {from}; it expects {}): is its working copy in use on another computer too?",
                            resp.next_seq
                        ),
                    });
                }
                let moved = renumber_outbox(&mut tx, from, resp.next_seq).await?;
                tracing::warn!(
                    from,
                    to = resp.next_seq,
                    commands = moved,
                    "sequence numbers already used on the server (working copy restored from an older backup?): renumbered the commands waiting"
                );
            }
            tx.commit().await?;
        }
        Ok((pushed, rejected, conflicts))
    }
}

/// Makes the outbox number its next command after `last` (never lower than it does already).
pub(super) async fn set_outbox_floor(tx: &mut SqliteConnection, last: i64) -> Result<()> {
    let updated = sqlx::query("UPDATE sqlite_sequence SET seq = MAX(seq, ?) WHERE name = 'outbox'")
        .bind(last)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if updated == 0 {
        sqlx::query("INSERT INTO sqlite_sequence (name, seq) VALUES ('outbox', ?)")
            .bind(last)
            .execute(&mut *tx)
            .await?;
    }
    Ok(())
}

/// Gives the commands waiting from sequence number `from` on new numbers from `next` on, in
/// their order (each keeps its command id, so one the server has seen is still recognised).
/// Returns how many moved.
pub(super) async fn renumber_outbox(
    tx: &mut SqliteConnection,
    from: i64,
    next: i64,
) -> Result<u64> {
    // Out of the way first (negative numbers are free), then to their new places in order:
    // old and new ranges may overlap.
    let moved = sqlx::query("UPDATE outbox SET seq = -seq WHERE acked_at IS NULL AND seq >= ?")
        .bind(from)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    sqlx::query(
        "UPDATE outbox SET seq = ? - 1 + r.rn
           FROM (SELECT seq AS old, ROW_NUMBER() OVER (ORDER BY seq DESC) AS rn FROM outbox WHERE seq < 0) AS r
          WHERE outbox.seq = r.old",
    )
    .bind(next)
    .execute(&mut *tx)
    .await?;
    set_outbox_floor(tx, next - 1 + moved as i64).await?;
    Ok(moved)
}

/// What a refused command leaves behind is taken back: the insert-only rows it wrote (history
/// the server does not hold) are removed — the command itself stays in the outbox and its
/// verdict in `sync_issue`, so nothing is forgotten — and a legal number it used is voided with
/// the reason, so the number is still accounted for. Rows that change (the case itself) stay,
/// with the server's version arriving by pull, or, for a refused intake, as the record the
/// clerk sees the refusal next to.
pub(super) async fn undo_refused(
    tx: &mut SqliteConnection,
    seq: i64,
    code: &str,
    now: i64,
) -> Result<()> {
    let Some((name, payload, actor)) = sqlx::query_as::<_, (String, String, Option<String>)>(
        "SELECT name, payload, actor_id FROM outbox WHERE seq = ?",
    )
    .bind(seq)
    .fetch_optional(&mut *tx)
    .await?
    else {
        return Ok(());
    };
    let payload: serde_json::Value = serde_json::from_str(&payload).unwrap_or_default();
    for row in payload["rows"].as_array().into_iter().flatten() {
        let (Some(kind), Some(id)) = (row["kind"].as_str(), row["body"]["id"].as_str()) else {
            continue;
        };
        if let Some(t) = wire::table(kind).filter(|t| !t.mutable && !t.append_only) {
            sqlx::query(&format!("DELETE FROM {} WHERE id = ?", t.kind))
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
    }
    let n = &payload["number"];
    if let (Some(series), Some(year), Some(number)) = (
        n["series"].as_str(),
        n["year"].as_i64(),
        n["number"].as_i64(),
    ) {
        let reason = format!("{name} refused by the server: {code}");
        sqlx::query(
            "UPDATE number_use SET owner_kind = 'void', void_reason = ? WHERE series = ? AND year = ? AND number = ?",
        )
        .bind(&reason)
        .bind(series)
        .bind(year)
        .bind(number)
        .execute(&mut *tx)
        .await?;
        let lease: Option<String> = sqlx::query_scalar(
            "SELECT id FROM number_lease WHERE series = ? AND year = ? AND first <= ? AND last >= ?",
        )
        .bind(series)
        .bind(year)
        .bind(number)
        .bind(number)
        .fetch_optional(&mut *tx)
        .await?;
        if let Some(lease_id) = lease {
            let actor = actor.as_deref().map(ids::parse).transpose()?;
            crate::outbox::append(
                tx,
                Command::NumbersVoid(commands::NumbersVoid {
                    lease_id: lease_id.to_string(),
                    series: series.to_string(),
                    year,
                    from: number,
                    to: number,
                    reason: reason.to_string(),
                    close: false,
                }),
                actor,
                now,
                Default::default(),
            )
            .await?;
        }
    }
    Ok(())
}
