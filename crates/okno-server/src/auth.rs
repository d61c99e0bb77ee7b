//! Short-lived tokens for devices and staff: `base64url(claims).base64url(hmac-sha256)`, signed
//! with the newest key of `signing_key` and verified by any unretired one, so keys rotate
//! without signing anybody out and every replica verifies what another signed.

use std::sync::{PoisonError, RwLock};

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chrono::{DateTime, Duration, Utc};
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use sqlx::PgPool;
use uuid::Uuid;

use crate::error::{ApiResult, Problem};
use crate::AppState;

pub(crate) const TOKEN_LIFETIME_MINUTES: i64 = 15;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Claims {
    /// "device" or "staff".
    pub kind: String,
    pub sub: Uuid,
    pub office: Uuid,
    /// The device a staff token was issued through.
    pub device: Uuid,
    pub exp: i64,
    pub kid: i32,
}

#[derive(Default)]
pub(crate) struct Keys {
    /// (id, secret), newest first; reloaded when a token names an unknown key.
    keys: RwLock<Vec<(i32, Vec<u8>)>>,
}

impl Keys {
    /// Makes sure a signing key exists and loads the unretired ones.
    pub(crate) async fn ensure(&self, pool: &PgPool) -> anyhow::Result<()> {
        let n: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM signing_key WHERE retired_at IS NULL OR retired_at > now()",
        )
        .fetch_one(pool)
        .await?;
        if n == 0 {
            // Two replicas starting at once may both insert one: harmless, the newest signs.
            sqlx::query("INSERT INTO signing_key (secret) VALUES ($1)")
                .bind(random_bytes(32))
                .execute(pool)
                .await?;
        }
        self.reload(pool).await
    }

    pub(crate) async fn reload(&self, pool: &PgPool) -> anyhow::Result<()> {
        let rows: Vec<(i32, Vec<u8>)> = sqlx::query_as(
            "SELECT id, secret FROM signing_key WHERE retired_at IS NULL OR retired_at > now() ORDER BY id DESC",
        )
        .fetch_all(pool)
        .await?;
        *self.keys.write().unwrap_or_else(PoisonError::into_inner) = rows;
        Ok(())
    }

    fn get(&self, kid: Option<i32>) -> Option<(i32, Vec<u8>)> {
        let keys = self.keys.read().unwrap_or_else(PoisonError::into_inner);
        match kid {
            None => keys.first().cloned(),
            Some(k) => keys.iter().find(|(id, _)| *id == k).cloned(),
        }
    }
}

pub(crate) fn random_bytes(n: usize) -> Vec<u8> {
    use rand::RngCore;
    let mut b = vec![0u8; n];
    rand::thread_rng().fill_bytes(&mut b);
    b
}

pub(crate) fn sha256_hex(s: &str) -> String {
    hex::encode(Sha256::digest(s.as_bytes()))
}

fn mac(secret: &[u8], data: &[u8]) -> Vec<u8> {
    let mut m = Hmac::<Sha256>::new_from_slice(secret).expect("hmac takes any key length");
    m.update(data);
    m.finalize().into_bytes().to_vec()
}

pub(crate) fn issue(
    state: &AppState,
    kind: &str,
    sub: Uuid,
    office: Uuid,
    device: Uuid,
) -> ApiResult<okno_wire::sync::Token> {
    let (kid, secret) = state.keys.get(None).ok_or_else(|| {
        Problem::new(
            axum::http::StatusCode::SERVICE_UNAVAILABLE,
            "no_signing_key",
            "no signing key",
        )
    })?;
    let expires_at: DateTime<Utc> = Utc::now() + Duration::minutes(TOKEN_LIFETIME_MINUTES);
    let claims = Claims {
        kind: kind.to_string(),
        sub,
        office,
        device,
        exp: expires_at.timestamp(),
        kid,
    };
    let payload = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&claims).expect("claims serialise"));
    let sig = URL_SAFE_NO_PAD.encode(mac(&secret, payload.as_bytes()));
    Ok(okno_wire::sync::Token {
        token: format!("{payload}.{sig}"),
        expires_at,
        next_seq: None,
    })
}

pub(crate) async fn verify(state: &AppState, token: &str) -> ApiResult<Claims> {
    let bad = || Problem::unauthorized("invalid_token", "the token is not valid");
    let (payload, sig) = token.split_once('.').ok_or_else(bad)?;
    let claims: Claims = URL_SAFE_NO_PAD
        .decode(payload)
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .ok_or_else(bad)?;
    let key = match state.keys.get(Some(claims.kid)) {
        Some(k) => k,
        None => {
            // Another replica may have rotated keys since we loaded them.
            let _ = state.keys.reload(&state.pool).await;
            state.keys.get(Some(claims.kid)).ok_or_else(bad)?
        }
    };
    let given = URL_SAFE_NO_PAD.decode(sig).map_err(|_| bad())?;
    let mut m = Hmac::<Sha256>::new_from_slice(&key.1).expect("hmac key");
    m.update(payload.as_bytes());
    m.verify_slice(&given).map_err(|_| bad())?;
    if claims.exp < Utc::now().timestamp() {
        return Err(Problem::unauthorized(
            "token_expired",
            "the token has expired; get a new one",
        ));
    }
    Ok(claims)
}

fn bearer(parts: &Parts) -> ApiResult<&str> {
    parts
        .headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .ok_or_else(|| Problem::unauthorized("unauthenticated", "a bearer token is required"))
}

/// An enrolled, unrevoked device, from its token.
#[derive(Debug, Clone)]
pub(crate) struct Device {
    pub id: Uuid,
    pub office_id: Uuid,
    pub name: String,
}

impl FromRequestParts<AppState> for Device {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> ApiResult<Device> {
        let claims = verify(state, bearer(parts)?).await?;
        if claims.kind != "device" {
            return Err(Problem::unauthorized(
                "invalid_token",
                "a device token is required",
            ));
        }
        device_row(state, claims.sub).await
    }
}

pub(crate) async fn device_row(state: &AppState, id: Uuid) -> ApiResult<Device> {
    let row: Option<(Uuid, String, Option<DateTime<Utc>>)> =
        sqlx::query_as("SELECT office_id, name, revoked_at FROM device WHERE id = $1")
            .bind(id)
            .fetch_optional(&state.lease_pool)
            .await?;
    match row {
        None => Err(Problem::unauthorized(
            "unknown_device",
            "this device is not enrolled",
        )),
        Some((_, _, Some(_))) => Err(Problem::forbidden(
            "device_revoked",
            "this workstation has been revoked by the office's administrator",
        )),
        Some((office_id, name, None)) => Ok(Device {
            id,
            office_id,
            name,
        }),
    }
}

/// A signed-in member of staff, from a staff token.
#[derive(Debug, Clone)]
pub(crate) struct StaffClaims(pub Claims);

impl FromRequestParts<AppState> for StaffClaims {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> ApiResult<StaffClaims> {
        let claims = verify(state, bearer(parts)?).await?;
        if claims.kind != "staff" {
            return Err(Problem::unauthorized(
                "invalid_token",
                "a staff token is required",
            ));
        }
        Ok(StaffClaims(claims))
    }
}

/// Codes are shown in groups (`K7QX-4M2P-9RTA`); case and dashes do not matter when typed.
pub(crate) fn normalise_code(code: &str) -> String {
    code.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}
