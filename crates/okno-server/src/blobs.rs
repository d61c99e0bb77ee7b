//! Attachments' bytes: content-addressed by SHA-256, uploaded in chunks that resume where the
//! server's count stops, checked against their hash when complete, never stored twice.

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use sha2::{Digest, Sha256};

use okno_wire::sync::{BlobState, BLOB_CHUNK_BYTES, MAX_BLOB_BYTES};

use crate::auth::Device;
use crate::error::{ApiResult, Problem};
use crate::AppState;

fn check_sha(sha: &str) -> ApiResult<()> {
    if sha.len() == 64
        && sha
            .bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
    {
        Ok(())
    } else {
        Err(Problem::bad_request(
            "malformed_request",
            "not a SHA-256 in lowercase hex",
        ))
    }
}

#[derive(Deserialize)]
pub(crate) struct Announce {
    size: i64,
    media_type: String,
}

/// The blob's state; announcing it (size and type) the first time creates it, empty.
pub(crate) async fn state(
    State(state): State<AppState>,
    _dev: Device,
    Path(sha): Path<String>,
    q: Result<Query<Announce>, axum::extract::rejection::QueryRejection>,
) -> ApiResult<Json<BlobState>> {
    check_sha(&sha)?;
    let Query(a) = q.map_err(|e| Problem::bad_request("malformed_request", e.body_text()))?;
    if a.size < 0 || a.size > MAX_BLOB_BYTES {
        return Err(Problem::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_large",
            format!("an attachment is at most {MAX_BLOB_BYTES} bytes"),
        ));
    }
    if a.media_type.is_empty() || a.media_type.len() > 100 {
        return Err(Problem::bad_request("malformed_request", "media type"));
    }
    sqlx::query("INSERT INTO blob (sha256, media_type, size) VALUES ($1, $2, $3) ON CONFLICT (sha256) DO NOTHING")
        .bind(&sha)
        .bind(&a.media_type)
        .bind(a.size)
        .execute(&state.pool)
        .await?;
    Ok(Json(load(&state, &sha).await?))
}

async fn load(state: &AppState, sha: &str) -> ApiResult<BlobState> {
    let row: Option<(i64, i64, bool, String)> =
        sqlx::query_as("SELECT size, received, complete, media_type FROM blob WHERE sha256 = $1")
            .bind(sha)
            .fetch_optional(&state.pool)
            .await?;
    let (size, received, complete, media_type) =
        row.ok_or_else(|| Problem::not_found("no such attachment"))?;
    Ok(BlobState {
        sha256: sha.to_string(),
        size,
        received,
        complete,
        media_type,
    })
}

#[derive(Deserialize)]
pub(crate) struct At {
    offset: i64,
    len: Option<i64>,
}

/// Appends a chunk at `offset`. A chunk for another offset (a repeat after a lost answer)
/// changes nothing and returns where the upload stands.
pub(crate) async fn upload(
    State(state): State<AppState>,
    _dev: Device,
    Path(sha): Path<String>,
    Query(at): Query<At>,
    data: Bytes,
) -> ApiResult<Json<BlobState>> {
    check_sha(&sha)?;
    if data.len() > BLOB_CHUNK_BYTES {
        return Err(Problem::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_large",
            "chunk too large",
        ));
    }
    let mut tx = state.pool.begin().await?;
    let row: Option<(i64, i64, bool)> =
        sqlx::query_as("SELECT size, received, complete FROM blob WHERE sha256 = $1 FOR UPDATE")
            .bind(&sha)
            .fetch_optional(&mut *tx)
            .await?;
    let (size, received, complete) =
        row.ok_or_else(|| Problem::not_found("announce the attachment first"))?;
    if complete || at.offset != received || data.is_empty() {
        tx.rollback().await?;
        return Ok(Json(load(&state, &sha).await?));
    }
    if received + data.len() as i64 > size {
        return Err(Problem::bad_request(
            "malformed_request",
            "more bytes than announced",
        ));
    }
    sqlx::query("INSERT INTO blob_chunk (sha256, offset_bytes, data) VALUES ($1, $2, $3)")
        .bind(&sha)
        .bind(at.offset)
        .bind(data.as_ref())
        .execute(&mut *tx)
        .await?;
    let now = received + data.len() as i64;
    let mut done = false;
    if now == size {
        let chunks: Vec<Vec<u8>> = sqlx::query_scalar(
            "SELECT data FROM blob_chunk WHERE sha256 = $1 ORDER BY offset_bytes",
        )
        .bind(&sha)
        .fetch_all(&mut *tx)
        .await?;
        let mut h = Sha256::new();
        for c in &chunks {
            h.update(c);
        }
        if hex::encode(h.finalize()) != sha {
            // Start over: the bytes are not what was announced.
            sqlx::query("DELETE FROM blob_chunk WHERE sha256 = $1")
                .bind(&sha)
                .execute(&mut *tx)
                .await?;
            sqlx::query("UPDATE blob SET received = 0 WHERE sha256 = $1")
                .bind(&sha)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            return Err(Problem::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "hash_mismatch",
                "the bytes do not match their SHA-256",
            ));
        }
        done = true;
    }
    sqlx::query("UPDATE blob SET received = $2, complete = $3 WHERE sha256 = $1")
        .bind(&sha)
        .bind(now)
        .bind(done)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(Json(load(&state, &sha).await?))
}

/// Bytes `offset..offset+len` of a complete blob that an attachment of the device's office uses.
pub(crate) async fn download(
    State(state): State<AppState>,
    dev: Device,
    Path(sha): Path<String>,
    Query(at): Query<At>,
) -> ApiResult<Response> {
    check_sha(&sha)?;
    let visible: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM entity WHERE office_id = $1 AND kind = 'attachment' AND body->>'sha256' = $2",
    )
    .bind(dev.office_id)
    .bind(&sha)
    .fetch_one(&state.pool)
    .await?;
    let blob = load(&state, &sha).await?;
    if visible == 0 || !blob.complete {
        return Err(Problem::not_found("no such attachment"));
    }
    let len = at
        .len
        .unwrap_or(BLOB_CHUNK_BYTES as i64)
        .clamp(0, BLOB_CHUNK_BYTES as i64);
    let start = at.offset.clamp(0, blob.size);
    let end = (start + len).min(blob.size);
    let chunks: Vec<(i64, Vec<u8>)> = sqlx::query_as(
        "SELECT offset_bytes, data FROM blob_chunk WHERE sha256 = $1
           AND offset_bytes < $3 AND offset_bytes + length(data) > $2 ORDER BY offset_bytes",
    )
    .bind(&sha)
    .bind(start)
    .bind(end)
    .fetch_all(&state.pool)
    .await?;
    let mut out = Vec::with_capacity((end - start) as usize);
    for (off, data) in chunks {
        let from = (start - off).max(0) as usize;
        let to = ((end - off) as usize).min(data.len());
        out.extend_from_slice(&data[from..to]);
    }
    Ok(([("content-type", "application/octet-stream")], out).into_response())
}
