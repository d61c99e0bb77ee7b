//! The office's legal number series (cases, filing registry; later certifications and
//! receipts). A workstation that is not enrolled with a server owns its office's series
//! itself: the counter row is advanced in the same transaction that uses the number, so a
//! rolled-back intake gives its number back and there are no gaps; every number handed out is
//! recorded in `number_use` with what it was used for, under a primary key that forbids
//! duplicates. Leasing blocks from the office's server arrives with sync.

use sqlx::SqliteConnection;

use crate::error::{CoreError, Result};

pub use okno_rules::series::Series;

/// Takes the next number of `series` for `year` and records its use by `owner`. Must run inside
/// the transaction that writes the owner, so the number and its use commit or vanish together.
pub(crate) async fn take_number(
    tx: &mut SqliteConnection,
    series: Series,
    year: i32,
    owner_kind: &str,
    owner_id: &str,
    now_ms: i64,
) -> Result<i64> {
    let code = series.code();
    if crate::settings::is_enrolled(&mut *tx).await? {
        return take_leased(tx, series, year, owner_kind, owner_id, now_ms).await;
    }
    let number = sqlx::query_scalar!(
        r#"INSERT INTO number_series (series, year, next_number) VALUES (?, ?, 2)
           ON CONFLICT (series, year) DO UPDATE SET next_number = next_number + 1
           RETURNING next_number - 1 AS "number!: i64""#,
        code,
        year
    )
    .fetch_one(&mut *tx)
    .await?;
    sqlx::query!(
        "INSERT INTO number_use (series, year, number, owner_kind, owner_id, used_at)
         VALUES (?, ?, ?, ?, ?, ?)",
        code,
        year,
        number,
        owner_kind,
        owner_id,
        now_ms
    )
    .execute(&mut *tx)
    .await?;
    Ok(number)
}

/// Takes the lowest free number of the open blocks leased from the server for `series` and
/// `year`. Offline with every block used up, the number cannot be given: the server owns the
/// series.
async fn take_leased(
    tx: &mut SqliteConnection,
    series: Series,
    year: i32,
    owner_kind: &str,
    owner_id: &str,
    now_ms: i64,
) -> Result<i64> {
    let code = series.code();
    let lease = sqlx::query!(
        r#"SELECT id AS "id!", next AS "next!: i64" FROM number_lease
           WHERE series = ? AND year = ? AND closed_at IS NULL AND next <= last
           ORDER BY first LIMIT 1"#,
        code,
        year
    )
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(CoreError::NumbersExhausted(code))?;
    sqlx::query!(
        "UPDATE number_lease SET next = next + 1 WHERE id = ?",
        lease.id
    )
    .execute(&mut *tx)
    .await?;
    let number = lease.next;
    sqlx::query!(
        "INSERT INTO number_use (series, year, number, owner_kind, owner_id, used_at)
         VALUES (?, ?, ?, ?, ?, ?)",
        code,
        year,
        number,
        owner_kind,
        owner_id,
        now_ms
    )
    .execute(&mut *tx)
    .await?;
    Ok(number)
}
