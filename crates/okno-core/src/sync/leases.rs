//! Number leases: topped up by how fast this desk uses them, adopted from the server, voided on
//! request.

use super::*;

impl Workstation {
    /// Keeps enough numbers of every legal series on this workstation for offline use, in
    /// blocks sized to how fast it uses them; first brings its leases in line with the server's
    /// (a lease whose answer never arrived is taken up, one closed on the server is no longer
    /// used, numbers the server has seen used are skipped).
    pub(super) async fn top_up_leases(&self, client: &ServerClient, token: &str) -> Result<usize> {
        let Ok(office) = self.office().await else {
            return Ok(0);
        };
        let now = self.now_ms();
        let known: LeaseList = client
            .json::<(), _>(Method::GET, "/v1/leases", Some(token), None)
            .await?;
        self.adopt_leases(&known.leases, now).await?;
        let year = office.local_year(self.clock.now());
        let mut leased = 0;
        for need in self.lease_needs(year).await? {
            if need.left >= need.low {
                continue;
            }
            let asked: Result<Lease> = client
                .json(
                    Method::POST,
                    "/v1/leases",
                    Some(token),
                    Some(&LeaseRequest {
                        lease_id: ids::new_id(),
                        series: need.series.to_string(),
                        year,
                        count: need.block,
                    }),
                )
                .await;
            match asked {
                Ok(lease) => {
                    let mut conn = self.store.writer.acquire().await?;
                    store_lease(&mut conn, &lease, now).await?;
                    leased += 1;
                }
                // Refused within reason (this desk holds enough already, or its clock is in
                // another year than the office's): it goes on with what it has.
                Err(CoreError::Server { code, message })
                    if code == "lease_quota" || code == "lease_year" =>
                {
                    tracing::info!(%code, %message, series = need.series, "the server refused a lease");
                }
                Err(e) => return Err(e),
            }
        }
        Ok(leased)
    }

    /// Brings the open leases here in line with the server's list of this device's open ones.
    pub(super) async fn adopt_leases(&self, server: &[Lease], now: i64) -> Result<()> {
        let mut tx = self.store.writer.begin().await?;
        for l in server {
            store_lease(&mut tx, l, now).await?;
        }
        let open: Vec<String> =
            sqlx::query_scalar("SELECT id FROM number_lease WHERE closed_at IS NULL")
                .fetch_all(&mut *tx)
                .await?;
        for id in open {
            if server.iter().any(|l| l.lease_id.to_string() == id) {
                continue;
            }
            // Closed on the server: an administrator voided it, or this working copy was
            // restored from a backup older than the day close that closed it.
            tracing::warn!(lease = %id, "a lease of this workstation was closed on the server: no more numbers are taken from it");
            sqlx::query("UPDATE number_lease SET closed_at = ? WHERE id = ?")
                .bind(now)
                .bind(&id)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// For every leased series: the numbers left in open blocks of `year`, how few is too few,
    /// and the block to ask for — both from the rate of use (the busier hour of the last one and
    /// the average of the last eight).
    pub(super) async fn lease_needs(&self, year: i32) -> Result<Vec<LeaseNeed>> {
        let now = self.now_ms();
        let mut needs = Vec::with_capacity(Series::LEASED.len());
        for series in Series::LEASED {
            let code = series.code();
            let left = sqlx::query_scalar!(
                r#"SELECT COALESCE(SUM(last - next + 1), 0) AS "left!: i64" FROM number_lease
                   WHERE series = ? AND year = ? AND closed_at IS NULL"#,
                code,
                year
            )
            .fetch_one(&self.store.reader)
            .await?;
            let (last_hour, last_eight): (i64, i64) = sqlx::query_as(
                "SELECT COALESCE(SUM(used_at > ?), 0), COUNT(*) FROM number_use
                  WHERE series = ? AND year = ? AND owner_kind <> 'void' AND used_at > ?",
            )
            .bind(now - 3_600_000)
            .bind(code)
            .bind(year)
            .bind(now - 8 * 3_600_000)
            .fetch_one(&self.store.reader)
            .await?;
            let (low, block) = lease_plan(last_hour.max((last_eight + 7) / 8));
            needs.push(LeaseNeed {
                series: code,
                left,
                low,
                block,
            });
        }
        Ok(needs)
    }

    /// Whether some series is short of numbers (then leases come first in an exchange).
    pub(super) async fn numbers_short(&self) -> Result<bool> {
        let Ok(office) = self.office().await else {
            return Ok(false);
        };
        let year = office.local_year(self.clock.now());
        Ok(self.lease_needs(year).await?.iter().any(|n| n.left < n.low))
    }

    /// Voids every number left in this workstation's open leases, with a reason (day close),
    /// and closes the leases: each number is then accounted for as used or voided. Blocks
    /// leased afterwards (for a late walk-in, or the next day) are the next close's to void.
    /// Returns how many numbers were voided.
    pub async fn void_unused_numbers(&self, actor: &Actor, reason: &str) -> Result<i64> {
        actor.require(Permission::CloseDay)?;
        let mut check = Check::new();
        let reason = check.text("reason", reason, 500);
        check.finish()?;
        let now = self.now_ms();
        let today = self
            .office()
            .await?
            .local_date(self.clock.now())
            .to_string();
        let mut tx = self.store.writer.begin().await?;
        let upto: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(rowid), 0) FROM number_lease")
            .fetch_one(&mut *tx)
            .await?;
        set_setting(&mut tx, KEY_NUMBERS_VOIDED, &format!("{today}|{upto}")).await?;
        let leases = sqlx::query!(
            r#"SELECT id AS "id!", series, year AS "year!: i64", next AS "next!: i64", last AS "last!: i64"
               FROM number_lease WHERE closed_at IS NULL"#
        )
        .fetch_all(&mut *tx)
        .await?;
        let mut voided = 0;
        for l in leases {
            for n in l.next..=l.last {
                sqlx::query!(
                    "INSERT INTO number_use (series, year, number, owner_kind, owner_id, used_at, void_reason)
                     VALUES (?, ?, ?, 'void', ?, ?, ?)",
                    l.series,
                    l.year,
                    n,
                    l.id,
                    now,
                    reason
                )
                .execute(&mut *tx)
                .await?;
            }
            let end = l.last + 1;
            sqlx::query!(
                "UPDATE number_lease SET next = ?, closed_at = ? WHERE id = ?",
                end,
                now,
                l.id
            )
            .execute(&mut *tx)
            .await?;
            let count = l.last - l.next + 1;
            voided += count.max(0);
            crate::outbox::append(
                &mut tx,
                Command::NumbersVoid(commands::NumbersVoid {
                    lease_id: l.id.to_string(),
                    series: l.series.to_string(),
                    year: l.year,
                    from: l.next,
                    to: l.last,
                    reason: reason.to_string(),
                    close: true,
                }),
                Some(actor.staff_id),
                now,
                Default::default(),
            )
            .await?;
        }
        tx.commit().await?;
        self.request_sync();
        Ok(voided)
    }
}

pub(super) struct LeaseNeed {
    series: &'static str,
    left: i64,
    low: i64,
    block: i64,
}

/// How few numbers in hand are too few, and how many to lease, for a desk using `per_hour`:
/// an hour's worth in hand at least, blocks of about an afternoon's worth, within bounds.
pub(super) fn lease_plan(per_hour: i64) -> (i64, i64) {
    let per_hour = per_hour.max(0);
    let low = per_hour.clamp(LEASE_LOW, LEASE_MAX_BLOCK);
    let block = (per_hour.saturating_mul(LEASE_COVER_HOURS) + 49) / 50 * 50;
    (low, block.clamp(LEASE_BLOCK, LEASE_MAX_BLOCK))
}

/// Records a lease the server granted (known ones are kept), starting after the numbers the
/// server has seen used in it.
pub(super) async fn store_lease(conn: &mut SqliteConnection, l: &Lease, now: i64) -> Result<()> {
    let id = l.lease_id.to_string();
    let next = l
        .used_upto
        .map_or(l.first, |u| (u + 1).clamp(l.first, l.last + 1));
    sqlx::query!(
        "INSERT INTO number_lease (id, series, year, first, last, next, leased_at) VALUES (?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT (id) DO NOTHING",
        id,
        l.series,
        l.year,
        l.first,
        l.last,
        next,
        now
    )
    .execute(&mut *conn)
    .await?;
    if next > l.first {
        sqlx::query(
            "UPDATE number_lease SET next = MAX(next, ?) WHERE id = ? AND closed_at IS NULL",
        )
        .bind(next)
        .bind(&id)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_follow_the_rate_of_use_within_bounds() {
        // A quiet desk: at least 25 in hand, blocks of 100.
        assert_eq!(lease_plan(0), (LEASE_LOW, LEASE_BLOCK));
        assert_eq!(lease_plan(10), (LEASE_LOW, LEASE_BLOCK));
        // A busy one: an hour in hand, an afternoon per block (in fifties).
        assert_eq!(lease_plan(60), (60, 250));
        assert_eq!(lease_plan(101), (101, 450));
        // Never beyond what the server leases at once.
        assert_eq!(lease_plan(5_000), (LEASE_MAX_BLOCK, LEASE_MAX_BLOCK));
        assert_eq!(lease_plan(-3), (LEASE_LOW, LEASE_BLOCK));
    }
}
