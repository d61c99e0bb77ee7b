//! What the office's administrator does from the command line (`okno-server <subcommand>`):
//! offices, staff, enrolment codes, devices, signing keys, and the account of legal numbers.
//! Each is one transaction; changes to synced rows reach the workstations by the office stream.

use anyhow::{bail, Context};
use chrono::{Duration, Utc};
use serde_json::{json, Value};
use sqlx::PgPool;
use uuid::Uuid;

use okno_wire::sync::STREAM_OFFICE;
use okno_wire::{Locale, Role};

use crate::auth::{random_bytes, sha256_hex};
use crate::CHANGES_CHANNEL;

pub struct OfficeSpec {
    pub name: String,
    pub address: String,
    pub locale: Locale,
    pub currency: String,
    pub time_zone: String,
}

/// Writes one synced row of an office (checked against the table's shape) in `tx`.
pub async fn put_entity(
    tx: &mut sqlx::PgConnection,
    office: Uuid,
    kind: &str,
    body: &Value,
) -> anyhow::Result<()> {
    let id = body["id"].as_str().context("row without id")?;
    okno_wire::sync::table(kind)
        .context("not a synced table")?
        .check_body(body)
        .map_err(anyhow::Error::msg)?;
    sqlx::query(
        "INSERT INTO entity (office_id, kind, id, stream, body) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (office_id, kind, id) DO UPDATE
           SET body = EXCLUDED.body, txid = pg_current_xact_id(), rev = nextval('entity_rev')",
    )
    .bind(office)
    .bind(kind)
    .bind(id)
    .bind(STREAM_OFFICE)
    .bind(body)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

async fn announce(tx: &mut sqlx::PgConnection, office: Uuid) -> anyhow::Result<()> {
    sqlx::query("SELECT pg_notify($1, $2)")
        .bind(CHANGES_CHANNEL)
        .bind(office.to_string())
        .execute(&mut *tx)
        .await?;
    Ok(())
}

pub async fn create_office(pool: &PgPool, spec: &OfficeSpec) -> anyhow::Result<Uuid> {
    if spec.name.trim().is_empty() {
        bail!("the office needs a name");
    }
    spec.time_zone
        .parse::<chrono_tz::Tz>()
        .map_err(|_| anyhow::anyhow!("unknown time zone {:?}", spec.time_zone))?;
    let id = Uuid::now_v7();
    let body = json!({
        "id": id.to_string(), "name": spec.name.trim(), "address": spec.address.trim(),
        "locale": spec.locale.code(), "currency": spec.currency.to_uppercase(),
        "time_zone": spec.time_zone,
        "calendar": if spec.locale == Locale::Fa { "persian" } else { "gregorian" },
        "demo": 0, "created_at": Utc::now().timestamp_millis(), "public_address": null,
    });
    let mut tx = pool.begin().await?;
    sqlx::query("INSERT INTO office (id, name) VALUES ($1, $2)")
        .bind(id)
        .bind(spec.name.trim())
        .execute(&mut *tx)
        .await?;
    put_entity(&mut tx, id, "office", &body).await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn create_staff(
    pool: &PgPool,
    office: Uuid,
    username: &str,
    display_name: &str,
    roles: &[Role],
    locale: Locale,
    password: &str,
) -> anyhow::Result<Uuid> {
    if username.trim().is_empty() || display_name.trim().is_empty() || roles.is_empty() {
        bail!("a member of staff needs a user name, a display name and at least one role");
    }
    if password.chars().count() < 8 {
        bail!("the password must have at least 8 characters");
    }
    let hash = okno_rules::password::hash_password(password).map_err(anyhow::Error::msg)?;
    let id = Uuid::now_v7();
    let now = Utc::now().timestamp_millis();
    let roles: Vec<&str> = roles.iter().map(|r| r.code()).collect();
    let body = json!({
        "id": id.to_string(), "office_id": office.to_string(), "username": username.trim(),
        "display_name": display_name.trim(), "password_hash": hash,
        "roles": serde_json::to_string(&roles)?, "locale": locale.code(), "active": 1,
        "created_at": now, "updated_at": now,
    });
    let mut tx = pool.begin().await?;
    put_entity(&mut tx, office, "staff", &body)
        .await
        .context("creating the member of staff (is the user name taken?)")?;
    announce(&mut tx, office).await?;
    tx.commit().await?;
    Ok(id)
}

/// Sets a member of staff's password (and, with `active`, enables or disables them).
pub async fn set_password(
    pool: &PgPool,
    office: Uuid,
    username: &str,
    password: &str,
) -> anyhow::Result<()> {
    if password.chars().count() < 8 {
        bail!("the password must have at least 8 characters");
    }
    let hash = okno_rules::password::hash_password(password).map_err(anyhow::Error::msg)?;
    let mut tx = pool.begin().await?;
    let body: Option<Value> = sqlx::query_scalar(
        "SELECT body FROM entity WHERE office_id = $1 AND kind = 'staff' AND lower(body->>'username') = lower($2) FOR UPDATE",
    )
    .bind(office)
    .bind(username)
    .fetch_optional(&mut *tx)
    .await?;
    let mut body =
        body.with_context(|| format!("no member of staff {username:?} in this office"))?;
    body["password_hash"] = json!(hash);
    body["updated_at"] = json!(Utc::now().timestamp_millis());
    put_entity(&mut tx, office, "staff", &body).await?;
    announce(&mut tx, office).await?;
    tx.commit().await?;
    Ok(())
}

/// A one-time enrolment code for a workstation of `office`, valid for `hours`.
pub async fn enrolment_code(pool: &PgPool, office: Uuid, hours: i64) -> anyhow::Result<String> {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let raw: String = random_bytes(12)
        .iter()
        .map(|b| ALPHABET[(*b as usize) % ALPHABET.len()] as char)
        .collect();
    let shown = format!("{}-{}-{}", &raw[0..4], &raw[4..8], &raw[8..12]);
    sqlx::query(
        "INSERT INTO enrolment_code (code_sha256, office_id, expires_at) VALUES ($1, $2, $3)",
    )
    .bind(sha256_hex(&crate::auth::normalise_code(&shown)))
    .bind(office)
    .bind(Utc::now() + Duration::hours(hours.clamp(1, 24 * 30)))
    .execute(pool)
    .await
    .context("issuing the code (does the office exist?)")?;
    Ok(shown)
}

pub async fn revoke_device(pool: &PgPool, device: Uuid) -> anyhow::Result<()> {
    let mut tx = pool.begin().await?;
    let office: Option<Uuid> = sqlx::query_scalar(
        "UPDATE device SET revoked_at = COALESCE(revoked_at, now()) WHERE id = $1 RETURNING office_id",
    )
    .bind(device)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(office) = office else {
        bail!("no device {device}");
    };
    // Its seals show as revoked, on the public page and on every workstation.
    crate::certification::revoke_device_keys(&mut tx, device).await?;
    announce(&mut tx, office).await?;
    tx.commit().await?;
    Ok(())
}

/// What [`void_device_leases`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VoidedLeases {
    pub leases: u64,
    pub voided: u64,
}

/// Voids every number of a device's open leases that is neither used nor voided yet, with
/// `reason`, and closes the leases: each number stays accounted for (used, or voided with a
/// reason). The device learns it at its next sync (its leases are no longer listed open) and
/// stops taking numbers from them; a number it took offline from them meanwhile is refused
/// (`number_voided`) when it arrives. The leases are locked first, so a push using one of
/// their numbers either comes before (the number counts as used) or is refused after.
pub async fn void_device_leases(
    pool: &PgPool,
    device: Uuid,
    reason: &str,
) -> anyhow::Result<VoidedLeases> {
    let reason = reason.trim();
    if reason.is_empty() {
        bail!("a reason is required");
    }
    let mut tx = pool.begin().await?;
    let known: Option<Uuid> = sqlx::query_scalar("SELECT office_id FROM device WHERE id = $1")
        .bind(device)
        .fetch_optional(&mut *tx)
        .await?;
    if known.is_none() {
        bail!("no device {device}");
    }
    let open: Vec<Uuid> = sqlx::query_scalar(
        "SELECT id FROM number_lease WHERE device_id = $1 AND closed_at IS NULL ORDER BY leased_at FOR UPDATE",
    )
    .bind(device)
    .fetch_all(&mut *tx)
    .await?;
    let voided = sqlx::query(
        "INSERT INTO number_use (office_id, series, year, number, lease_id, owner_kind, owner_id, void_reason)
         SELECT l.office_id, l.series, l.year, n, l.id, 'void', l.id::text, $2
         FROM number_lease l CROSS JOIN LATERAL generate_series(l.first, l.last) n
         WHERE l.id = ANY($1)
         ON CONFLICT DO NOTHING",
    )
    .bind(&open)
    .bind(reason)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    sqlx::query("UPDATE number_lease SET closed_at = now() WHERE id = ANY($1)")
        .bind(&open)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    tracing::info!(%device, leases = open.len(), voided, "leases voided by the administrator");
    Ok(VoidedLeases {
        leases: open.len() as u64,
        voided,
    })
}

pub struct DeviceRow {
    pub id: Uuid,
    pub name: String,
    pub enrolled_at: chrono::DateTime<Utc>,
    pub last_seen_at: Option<chrono::DateTime<Utc>>,
    pub revoked: bool,
    pub outbox_pending: i64,
}

pub async fn list_devices(pool: &PgPool, office: Uuid) -> anyhow::Result<Vec<DeviceRow>> {
    type Row = (
        Uuid,
        String,
        chrono::DateTime<Utc>,
        Option<chrono::DateTime<Utc>>,
        bool,
        i64,
    );
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT id, name, enrolled_at, last_seen_at, revoked_at IS NOT NULL, outbox_pending FROM device
         WHERE office_id = $1 ORDER BY enrolled_at",
    )
    .bind(office)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(id, name, enrolled_at, last_seen_at, revoked, outbox_pending)| DeviceRow {
                id,
                name,
                enrolled_at,
                last_seen_at,
                revoked,
                outbox_pending,
            },
        )
        .collect())
}

/// Adds a new token-signing key; the old ones keep verifying until the tokens they signed have
/// expired, then are retired.
pub async fn rotate_keys(pool: &PgPool) -> anyhow::Result<i32> {
    let mut tx = pool.begin().await?;
    sqlx::query("UPDATE signing_key SET retired_at = now() + make_interval(mins => $1) WHERE retired_at IS NULL")
        .bind((crate::auth::TOKEN_LIFETIME_MINUTES + 1) as i32)
        .execute(&mut *tx)
        .await?;
    let (id,): (i32,) = sqlx::query_as("INSERT INTO signing_key (secret) VALUES ($1) RETURNING id")
        .bind(random_bytes(32))
        .fetch_one(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(id)
}

/// The account of one legal series for one year: every number the counter handed out is in a
/// lease, and every leased number is used, voided, or still open on a workstation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumberAccount {
    pub series: String,
    pub year: i32,
    pub handed_out: i64,
    pub leased: i64,
    pub used: i64,
    pub voided: i64,
    pub open: i64,
    /// Numbers of closed leases neither used nor voided (must be 0).
    pub unaccounted: i64,
}

pub async fn number_accounts(pool: &PgPool, office: Uuid) -> anyhow::Result<Vec<NumberAccount>> {
    type Row = (String, i32, i64, i64, i64, i64, i64, i64);
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT c.series, c.year, c.next_number - 1,
                COALESCE((SELECT SUM(last - first + 1) FROM number_lease l WHERE l.office_id = c.office_id AND l.series = c.series AND l.year = c.year), 0)::bigint,
                (SELECT COUNT(*) FROM number_use u WHERE u.office_id = c.office_id AND u.series = c.series AND u.year = c.year AND u.owner_kind <> 'void'),
                (SELECT COUNT(*) FROM number_use u WHERE u.office_id = c.office_id AND u.series = c.series AND u.year = c.year AND u.owner_kind = 'void'),
                COALESCE((SELECT SUM(last - first + 1) FROM number_lease l WHERE l.office_id = c.office_id AND l.series = c.series AND l.year = c.year AND l.closed_at IS NULL), 0)::bigint
                  - (SELECT COUNT(*) FROM number_use u JOIN number_lease l ON l.id = u.lease_id WHERE u.office_id = c.office_id AND u.series = c.series AND u.year = c.year AND l.closed_at IS NULL),
                COALESCE((SELECT SUM(last - first + 1) FROM number_lease l WHERE l.office_id = c.office_id AND l.series = c.series AND l.year = c.year AND l.closed_at IS NOT NULL), 0)::bigint
                  - (SELECT COUNT(*) FROM number_use u JOIN number_lease l ON l.id = u.lease_id WHERE u.office_id = c.office_id AND u.series = c.series AND u.year = c.year AND l.closed_at IS NOT NULL)
         FROM number_counter c WHERE c.office_id = $1 ORDER BY c.series, c.year",
    )
    .bind(office)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(series, year, handed_out, leased, used, voided, open, unaccounted)| NumberAccount {
                series,
                year,
                handed_out,
                leased,
                used,
                voided,
                open,
                unaccounted,
            },
        )
        .collect())
}

/// Makes an Open311 API key for one application of one office: returns the key, shown once
/// (only its hash is kept).
pub async fn open311_key(pool: &PgPool, office: Uuid, name: &str) -> anyhow::Result<String> {
    let key = hex::encode(rand::random::<[u8; 24]>());
    sqlx::query("INSERT INTO open311_key (id, office_id, name, key_hash) VALUES ($1, $2, $3, $4)")
        .bind(Uuid::now_v7())
        .bind(office)
        .bind(name)
        .bind(crate::feedback::open311::key_hash(&key))
        .execute(pool)
        .await?;
    Ok(key)
}

/// Revokes every Open311 key of an application of an office; returns how many.
pub async fn revoke_open311_key(pool: &PgPool, office: Uuid, name: &str) -> anyhow::Result<u64> {
    Ok(sqlx::query("UPDATE open311_key SET revoked_at = now() WHERE office_id = $1 AND name = $2 AND revoked_at IS NULL")
        .bind(office)
        .bind(name)
        .execute(pool)
        .await?
        .rows_affected())
}

/// The address of a desk's rating tablet (`/rate?office=ID&desk=LABEL&key=KEY`, relative to the
/// server's public address): only the tablet given this address learns which visit just ended
/// at the desk and may rate it.
pub async fn rating_tablet(pool: &PgPool, office: Uuid, desk: &str) -> anyhow::Result<String> {
    let mut conn = pool.acquire().await?;
    let key = crate::feedback::tablet_key(&mut conn, office, desk)
        .await
        .map_err(|p| anyhow::anyhow!("{}: {}", p.code, p.message))?;
    let enc = |s: &str| form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
    Ok(format!(
        "/rate?office={office}&desk={}&key={key}",
        enc(desk)
    ))
}
