//! Certification on the server: the office's signing key, certifying workstation keys, the
//! check of every pushed ledger entry and of the whole ledger (`okno-server check-ledger`).
//! `keys` publishes the office's public seal keys (`/.well-known/okno/seal-keys`); `verify`
//! is the public verification page and its JSON (no login, five languages).

mod keys;
mod verify;

pub(crate) use keys::published_keys;
pub(crate) use verify::{verify_json, verify_page};

use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::Json;
use chrono::{DateTime, Utc};
use ed25519_dalek::SigningKey;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use sqlx::PgConnection;
use uuid::Uuid;

use okno_rules::chain::{self as ledger, ChainWalk, Chained, LedgerRow, SealFacts, Superseded};
use okno_rules::seal;
use okno_wire::sync::{SealCertified, SealCertifyRequest, STREAM_OFFICE};
use okno_wire::{ChainReport, Locale, SealCheck, SealKeyStatus, SealKeyView, SealVerdict};

use crate::auth::Device;
use crate::error::{ApiResult, Problem};
use crate::{AppState, CHANGES_CHANNEL};

/// The office's current signing key, made on first use (a seal_key row announces its public
/// half to the workstations).
pub(crate) async fn office_key(
    tx: &mut PgConnection,
    office: Uuid,
) -> Result<(Uuid, SigningKey), sqlx::Error> {
    // One key per office even when two workstations ask at once.
    sqlx::query("SELECT pg_advisory_xact_lock(hashtext($1::text))")
        .bind(format!("seal:{office}"))
        .execute(&mut *tx)
        .await?;
    let row: Option<(Uuid, String)> = sqlx::query_as(
        "SELECT id, secret_key FROM office_seal_key WHERE office_id = $1 AND retired_at IS NULL",
    )
    .bind(office)
    .fetch_optional(&mut *tx)
    .await?;
    if let Some((id, secret)) = row {
        if let Some(k) = seal::key_from_hex(&secret) {
            return Ok((id, k));
        }
    }
    let key = seal::generate_key();
    let id = Uuid::now_v7();
    let public = hex::encode(key.verifying_key().as_bytes());
    sqlx::query(
        "INSERT INTO office_seal_key (id, office_id, public_key, secret_key) VALUES ($1, $2, $3, $4)",
    )
    .bind(id)
    .bind(office)
    .bind(&public)
    .bind(hex::encode(key.to_bytes()))
    .execute(&mut *tx)
    .await?;
    let body = json!({
        "id": id.to_string(), "office_id": office.to_string(), "kind": "office",
        "device_id": null, "public_key": public, "certificate": null,
        "created_at": Utc::now().timestamp_millis(), "revoked_at": null,
    });
    put_key(tx, office, &body).await?;
    Ok((id, key))
}

pub(super) async fn put_key(
    tx: &mut PgConnection,
    office: Uuid,
    body: &Value,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO entity (office_id, kind, id, stream, body) VALUES ($1, 'seal_key', $2, $3, $4)
         ON CONFLICT (office_id, kind, id) DO UPDATE
           SET body = EXCLUDED.body, txid = pg_current_xact_id(), rev = nextval('entity_rev')",
    )
    .bind(office)
    .bind(body["id"].as_str().unwrap_or_default())
    .bind(STREAM_OFFICE)
    .bind(body)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// `POST /v1/seal/certify`: the office certifies the workstation's seal key.
pub(crate) async fn certify(
    State(state): State<AppState>,
    dev: Device,
    req: Result<Json<SealCertifyRequest>, axum::extract::rejection::JsonRejection>,
) -> ApiResult<Json<SealCertified>> {
    let req = crate::error::body(req)?;
    let public = seal::public_from_hex(&req.public_key)
        .ok_or_else(|| Problem::bad_request("malformed_request", "not an Ed25519 public key"))?;
    let mut tx = state.pool.begin().await?;
    let (_, office_key) = office_key(&mut tx, dev.office_id).await?;
    let certificate = seal::certify_device(&office_key, dev.office_id, dev.id, &public);
    let existing: Option<String> = sqlx::query_scalar(
        "SELECT id FROM entity WHERE office_id = $1 AND kind = 'seal_key'
           AND body->>'device_id' = $2 AND body->>'public_key' = $3",
    )
    .bind(dev.office_id)
    .bind(dev.id.to_string())
    .bind(&req.public_key)
    .fetch_optional(&mut *tx)
    .await?;
    let body = json!({
        "id": existing.unwrap_or_else(|| Uuid::now_v7().to_string()),
        "office_id": dev.office_id.to_string(), "kind": "device",
        "device_id": dev.id.to_string(), "public_key": req.public_key,
        "certificate": hex::encode(certificate),
        "created_at": Utc::now().timestamp_millis(), "revoked_at": null,
    });
    put_key(&mut tx, dev.office_id, &body).await?;
    sqlx::query("SELECT pg_notify($1, $2)")
        .bind(CHANGES_CHANNEL)
        .bind(dev.office_id.to_string())
        .execute(&mut *tx)
        .await?;
    let keys: Vec<Value> = sqlx::query_scalar(
        "SELECT body FROM entity WHERE office_id = $1 AND kind = 'seal_key'
           AND (body->>'kind' = 'office' OR body->>'device_id' = $2) ORDER BY id",
    )
    .bind(dev.office_id)
    .bind(dev.id.to_string())
    .fetch_all(&mut *tx)
    .await?;
    tx.commit().await?;
    tracing::info!(device = %dev.id, "seal key certified");
    Ok(Json(SealCertified { keys }))
}

/// Marks a revoked workstation's seal keys revoked (its seals then show as revoked).
pub(crate) async fn revoke_device_keys(
    tx: &mut PgConnection,
    device: Uuid,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE entity SET body = jsonb_set(body, '{revoked_at}', to_jsonb($2::bigint)),
             txid = pg_current_xact_id(), rev = nextval('entity_rev')
         WHERE kind = 'seal_key' AND body->>'device_id' = $1 AND body->>'revoked_at' IS NULL",
    )
    .bind(device.to_string())
    .bind(Utc::now().timestamp_millis())
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// Checks a pushed ledger entry: its hash, its place in the workstation's chain, its seal.
pub(crate) async fn check_entry(
    tx: &mut PgConnection,
    dev: &Device,
    entry: &Value,
) -> Result<Result<(), (&'static str, String)>, sqlx::Error> {
    let Ok(row) = serde_json::from_value::<LedgerRow>(entry.clone()) else {
        return Ok(Err(("malformed", "not a ledger row".into())));
    };
    check_chained(tx, dev, &row, "certification").await
}

/// Checks a pushed entry of a chained journal (`kind`: the certification ledger or the receipt
/// journal): its hash, its place in the workstation's chain, its seal.
pub(crate) async fn check_chained(
    tx: &mut PgConnection,
    dev: &Device,
    row: &impl Chained,
    kind: &str,
) -> Result<Result<(), (&'static str, String)>, sqlx::Error> {
    let (chain_code, hash_code) = if kind == "receipt" {
        ("receipt_chain", "receipt_hash")
    } else {
        ("ledger_chain", "ledger_hash")
    };
    if row.compute_hash() != row.entry_hash() {
        return Ok(Err((hash_code, "the entry does not match its hash".into())));
    }
    if row.chain_id() != dev.id.to_string() {
        return Ok(Err((
            chain_code,
            "the entry belongs to another workstation's chain".into(),
        )));
    }
    if row.chain_pos() == 1 && row.prev_hash() != ledger::GENESIS {
        return Ok(Err((
            chain_code,
            "the chain's first entry refers to a predecessor".into(),
        )));
    }
    if row.chain_pos() > 1 {
        let prev: Option<String> = sqlx::query_scalar(
            "SELECT body->>'entry_hash' FROM entity WHERE office_id = $1 AND kind = $4
               AND body->>'chain_id' = $2 AND (body->>'chain_pos')::bigint = $3",
        )
        .bind(dev.office_id)
        .bind(row.chain_id())
        .bind(row.chain_pos() - 1)
        .bind(kind)
        .fetch_optional(&mut *tx)
        .await?;
        // A predecessor the server refused is missing; the chain check reports the gap.
        if prev.is_some_and(|p| p != row.prev_hash()) {
            return Ok(Err((
                chain_code,
                "the entry does not follow the one before it".into(),
            )));
        }
    }
    let Ok(s) = seal::parse(row.seal()) else {
        return Ok(Err(("bad_seal", "the seal cannot be read".into())));
    };
    let keys = office_keys(tx, dev.office_id).await?;
    let genuine = keys
        .iter()
        .filter_map(|k| seal::public_from_hex(k))
        .any(|k| s.verify(&k));
    if !genuine
        || s.device_id != dev.id
        || s.statement.kind.is_receipt() != (kind == "receipt")
        || s.number_text() != row.number()
        || !row
            .entry_hash()
            .starts_with(&hex::encode(s.entry_hash_prefix))
    {
        return Ok(Err((
            "bad_seal",
            "the seal does not verify for this entry".into(),
        )));
    }
    Ok(Ok(()))
}

pub(super) async fn office_keys(
    tx: &mut PgConnection,
    office: Uuid,
) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT public_key FROM office_seal_key WHERE office_id = $1")
        .bind(office)
        .fetch_all(&mut *tx)
        .await
}

/// Judges a seal against the office's keys and the central ledger.
pub async fn check_seal(pool: &sqlx::PgPool, code: &str) -> Result<SealCheck, sqlx::Error> {
    let Ok(s) = seal::parse(code) else {
        return Ok(ledger::malformed());
    };
    let office = s.statement.office_id;
    let mut conn = pool.acquire().await?;
    let keys = office_keys(&mut conn, office).await?;
    let office_name: Option<String> = sqlx::query_scalar("SELECT name FROM office WHERE id = $1")
        .bind(office)
        .fetch_optional(&mut *conn)
        .await?;
    let revoked: Option<bool> = sqlx::query_scalar(
        "SELECT revoked_at IS NOT NULL FROM device WHERE id = $1 AND office_id = $2",
    )
    .bind(s.device_id)
    .bind(office)
    .fetch_optional(&mut *conn)
    .await?;
    let kind = if s.statement.kind.is_receipt() {
        "receipt"
    } else {
        "certification"
    };
    let entry: Option<Value> = sqlx::query_scalar(
        "SELECT body FROM entity WHERE office_id = $1 AND kind = $3 AND body->>'number' = $2",
    )
    .bind(office)
    .bind(s.number_text())
    .bind(kind)
    .fetch_optional(&mut *conn)
    .await?;
    let entry = match entry {
        Some(b) => {
            let time = if kind == "receipt" {
                "issued_at"
            } else {
                "certified_at"
            };
            let later: Option<Value> = sqlx::query_scalar(&format!(
                "SELECT body FROM entity WHERE office_id = $1 AND kind = $3 AND body->>'refers_to' = $2
                 ORDER BY (body->>'{time}')::bigint DESC LIMIT 1"
            ))
            .bind(office)
            .bind(b["id"].as_str().unwrap_or_default())
            .bind(kind)
            .fetch_optional(&mut *conn)
            .await?;
            let later: Option<Superseded> = later.map(|l| {
                let verdict = match (kind, l["kind"].as_str()) {
                    ("receipt", Some("void")) => SealVerdict::Voided,
                    ("receipt", _) => SealVerdict::Refunded,
                    (_, Some("cancellation")) => SealVerdict::Cancelled,
                    _ => SealVerdict::Corrected,
                };
                (
                    verdict,
                    l["number"].as_str().unwrap_or_default().to_string(),
                    l["reason"].as_str().map(str::to_string),
                )
            });
            Some((
                b["entry_hash"].as_str().unwrap_or_default().to_string(),
                later,
            ))
        }
        None => None,
    };
    Ok(ledger::judge(
        &s,
        SealFacts {
            office_keys: keys,
            office_name,
            device_revoked: revoked == Some(true),
            entry,
        },
    ))
}

/// Walks the office's central ledger, chain by chain, and reports the first break.
pub async fn check_ledger(pool: &sqlx::PgPool, office: Uuid) -> anyhow::Result<ChainReport> {
    use futures_util::TryStreamExt;
    let mut conn = pool.acquire().await?;
    let mut rows = sqlx::query_scalar::<_, Value>(
        "SELECT body FROM entity WHERE office_id = $1 AND kind = 'certification'
         ORDER BY body->>'chain_id', (body->>'chain_pos')::bigint",
    )
    .bind(office)
    .fetch(&mut *conn);
    let mut walk = ChainWalk::new();
    while let Some(body) = rows.try_next().await? {
        let row: LedgerRow = serde_json::from_value(body)?;
        walk.push(&row);
    }
    Ok(walk.report(Utc::now()))
}
