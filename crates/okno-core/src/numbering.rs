//! The office's legal number series (cases, filing registry; later certifications and
//! receipts). A workstation that is not enrolled with a server owns its office's series
//! itself: the counter row is advanced in the same transaction that uses the number, so a
//! rolled-back intake gives its number back and there are no gaps; every number handed out is
//! recorded in `number_use` with what it was used for, under a primary key that forbids
//! duplicates. Leasing blocks from the office's server arrives with sync.

use sqlx::SqliteConnection;

use crate::error::Result;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Series {
    Case,
    Filing,
}

impl Series {
    pub fn code(self) -> &'static str {
        match self {
            Series::Case => "case",
            Series::Filing => "filing",
        }
    }

    /// The printed form: `C-2026/00042`, `F-2026/00017`.
    pub fn format(self, year: i32, number: i64) -> String {
        let prefix = match self {
            Series::Case => "C",
            Series::Filing => "F",
        };
        format!("{prefix}-{year}/{number:05}")
    }
}

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
