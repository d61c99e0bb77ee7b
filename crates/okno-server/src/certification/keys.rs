//! The office's public seal keys as published (docs/seal-format.md).

use super::*;

#[derive(Deserialize)]
pub(crate) struct KeysQuery {
    office: Option<String>,
}

/// An office's seal keys as published (docs/seal-format.md, "The office's public keys").
#[derive(Serialize)]
pub(super) struct PublishedOffice {
    office_id: Uuid,
    name: String,
    public_address: Option<String>,
    verify_address: Option<String>,
    keys: Vec<SealKeyView>,
    revoked_devices: Vec<RevokedDevice>,
}

#[derive(Serialize)]
pub(super) struct RevokedDevice {
    device_id: String,
    public_key: String,
    revoked_at: Option<DateTime<Utc>>,
}

pub(super) fn millis(ms: Option<i64>) -> Option<DateTime<Utc>> {
    ms.and_then(DateTime::from_timestamp_millis)
}

pub(super) async fn published_office(
    conn: &mut PgConnection,
    id: Uuid,
    name: String,
) -> Result<PublishedOffice, sqlx::Error> {
    // Current first, then retired, newest first; never the secret half.
    let keys: Vec<(String, DateTime<Utc>, Option<DateTime<Utc>>)> = sqlx::query_as(
        "SELECT public_key, created_at, retired_at FROM office_seal_key WHERE office_id = $1
         ORDER BY retired_at IS NOT NULL, created_at DESC, id DESC",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    let public_address: Option<String> = sqlx::query_scalar(
        "SELECT body->>'public_address' FROM entity WHERE office_id = $1 AND kind = 'office'",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?
    .flatten();
    let revoked: Vec<Value> = sqlx::query_scalar(
        "SELECT body FROM entity WHERE office_id = $1 AND kind = 'seal_key'
           AND body->>'kind' = 'device' AND body->>'revoked_at' IS NOT NULL
         ORDER BY (body->>'revoked_at')::bigint, id",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    Ok(PublishedOffice {
        office_id: id,
        name,
        verify_address: public_address
            .as_deref()
            .map(|a| seal::verify_base(Some(a), None)),
        public_address,
        keys: keys
            .into_iter()
            .map(|(public_key, created_at, retired_at)| SealKeyView {
                fingerprint: seal::fingerprint_hex(&public_key).unwrap_or_default(),
                public_key,
                status: if retired_at.is_some() {
                    SealKeyStatus::Retired
                } else {
                    SealKeyStatus::Current
                },
                valid_from: created_at,
                retired_at,
            })
            .collect(),
        revoked_devices: revoked
            .iter()
            .map(|b| RevokedDevice {
                device_id: b["device_id"].as_str().unwrap_or_default().to_string(),
                public_key: b["public_key"].as_str().unwrap_or_default().to_string(),
                revoked_at: millis(b["revoked_at"].as_i64()),
            })
            .collect(),
    })
}

/// `GET /.well-known/okno/seal-keys[?office=ID]` (no login): the offices' public seal keys,
/// current and retired, with fingerprints, the workstation keys they revoked, and their public
/// addresses — what a verifier outside Okno needs (docs/seal-format.md).
pub(crate) async fn published_keys(
    State(state): State<AppState>,
    Query(q): Query<KeysQuery>,
) -> ApiResult<Response> {
    let only = match q.office.as_deref() {
        Some(text) => Some(
            Uuid::parse_str(text.trim())
                .map_err(|_| Problem::bad_request("malformed_request", "office: not an id"))?,
        ),
        None => None,
    };
    let mut conn = state.pool.acquire().await?;
    let offices: Vec<(Uuid, String)> = sqlx::query_as(
        "SELECT id, name FROM office WHERE $1::uuid IS NULL OR id = $1 ORDER BY created_at, id",
    )
    .bind(only)
    .fetch_all(&mut *conn)
    .await?;
    if only.is_some() && offices.is_empty() {
        return Err(Problem::not_found("no such office on this server"));
    }
    let mut published = Vec::with_capacity(offices.len());
    for (id, name) in offices {
        published.push(published_office(&mut conn, id, name).await?);
    }
    let body = json!({
        "format": "okno-seal-keys/1",
        "fingerprint": "the first 16 bytes of SHA-256 of the 32 key bytes, lowercase hex, in groups of four",
        "offices": published,
    });
    let mut resp = Json(body).into_response();
    let h = resp.headers_mut();
    h.insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("public, max-age=300"),
    );
    h.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        header::HeaderValue::from_static("*"),
    );
    Ok(resp)
}
