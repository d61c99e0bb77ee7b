//! The civil registry on the server (docs/registry.md): its rows are entities of the office's
//! `registry` stream; a new workstation downloads them as a snapshot in keyset pages and then
//! follows the stream's change feed from the cursor the snapshot started at. Imports are
//! checked whole and written in one transaction.

use std::collections::{HashMap, HashSet};

use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::Value;
use sqlx::PgConnection;
use uuid::Uuid;

use okno_rules::registry_file::{ImportSet, LineError};
use okno_wire::{
    RegistryPerson, RegistryRecord, SnapshotStart, KIND_PERSON, KIND_RECORD, STREAM_REGISTRY,
};

use crate::auth::Device;
use crate::error::{ApiResult, Problem};
use crate::{AppState, CHANGES_CHANNEL};

/// Rows in a snapshot page unless the workstation asks for fewer (or more, up to the cap).
const PAGE_DEFAULT: i64 = 5000;
const PAGE_MAX: i64 = 20_000;
/// Rows written per statement of an import.
const WRITE_BATCH: usize = 5000;

/// `GET /v1/registry/snapshot/start`: where a new workstation's snapshot starts.
///
/// The cursor is just below the oldest transaction still running: every row the snapshot's
/// pages read that was written before is committed and visible to them, and every row written
/// by a transaction at or after it is (again) in the change feed after the cursor.
pub(crate) async fn snapshot_start(
    State(state): State<AppState>,
    dev: Device,
) -> ApiResult<Json<SnapshotStart>> {
    let mut tx = state.pool.begin().await?;
    let xmin: String = sqlx::query_scalar(
        "SELECT (pg_snapshot_xmin(pg_current_snapshot())::text::numeric - 1)::text",
    )
    .fetch_one(&mut *tx)
    .await?;
    let (persons, records): (i64, i64) = sqlx::query_as(
        "SELECT count(*) FILTER (WHERE kind = $2), count(*) FILTER (WHERE kind = $3)
           FROM entity WHERE office_id = $1 AND stream = $4",
    )
    .bind(dev.office_id)
    .bind(KIND_PERSON)
    .bind(KIND_RECORD)
    .bind(STREAM_REGISTRY)
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Json(SnapshotStart {
        cursor: format!("{xmin}:{}", i64::MAX),
        persons,
        records,
    }))
}

#[derive(Deserialize)]
pub(crate) struct PageQuery {
    /// `kind:id` of the last row of the previous page.
    #[serde(default)]
    after: String,
    limit: Option<i64>,
}

/// `GET /v1/registry/snapshot?after=kind:id&limit=N`: one page of the office's registry, in
/// the order of kind (persons first) and id, rows as positional arrays (`SnapshotPage`).
pub(crate) async fn snapshot_page(
    State(state): State<AppState>,
    dev: Device,
    q: Result<Query<PageQuery>, axum::extract::rejection::QueryRejection>,
) -> ApiResult<Response> {
    let Query(q) = q.map_err(|e| Problem::bad_request("malformed_request", e.body_text()))?;
    let limit = q.limit.unwrap_or(PAGE_DEFAULT).clamp(1, PAGE_MAX);
    let (kind, id) = if q.after.is_empty() {
        (String::new(), String::new())
    } else {
        match q.after.split_once(':') {
            Some((k, i)) if k == KIND_PERSON || k == KIND_RECORD => (k.to_string(), i.to_string()),
            _ => {
                return Err(Problem::bad_request(
                    "malformed_request",
                    "`after` is not a snapshot position",
                ))
            }
        }
    };
    // PostgreSQL writes the rows' JSON itself; the page is assembled as text.
    let rows: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT kind, id,
                CASE kind WHEN $5 THEN jsonb_build_array(
                    body->'id', body->'given_names', body->'family_name', body->'birth_family_name',
                    body->'sex', body->'birth_date', body->'birth_place', body->'death_date',
                    body->'father_id', body->'mother_id', body->'father_name', body->'mother_name')
                ELSE jsonb_build_array(
                    body->'id', body->'kind', body->'number', body->'book', body->'volume',
                    body->'page', body->'date', body->'place', body->'person_id',
                    body->'partner_id', body->'note') END::text
           FROM entity
          WHERE office_id = $1 AND kind IN ($5, $6) AND (kind, id) > ($2, $3)
          ORDER BY kind, id LIMIT $4",
    )
    .bind(dev.office_id)
    .bind(&kind)
    .bind(&id)
    .bind(limit)
    .bind(KIND_PERSON)
    .bind(KIND_RECORD)
    .fetch_all(&state.pool)
    .await?;
    let next = if rows.len() as i64 == limit {
        rows.last().map(|(k, i, _)| format!("{k}:{i}"))
    } else {
        None
    };
    let mut out = String::with_capacity(rows.iter().map(|r| r.2.len() + 1).sum::<usize>() + 64);
    out.push_str("{\"persons\":[");
    let mut first = true;
    for (_, _, row) in rows.iter().filter(|r| r.0 == KIND_PERSON) {
        if !std::mem::take(&mut first) {
            out.push(',');
        }
        out.push_str(row);
    }
    out.push_str("],\"records\":[");
    first = true;
    for (_, _, row) in rows.iter().filter(|r| r.0 == KIND_RECORD) {
        if !std::mem::take(&mut first) {
            out.push(',');
        }
        out.push_str(row);
    }
    out.push_str("],\"next\":");
    out.push_str(&serde_json::to_string(&next).unwrap_or_else(|_| "null".into()));
    out.push('}');
    Ok(([(header::CONTENT_TYPE, "application/json")], out).into_response())
}

/// What an import wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportSummary {
    pub persons: usize,
    pub records: usize,
}

/// Checks `set` against the office's stored registry (references to persons not in the file,
/// record numbers held by other records) and, when no line is rejected, writes it all in one
/// transaction. Returns every rejected line otherwise, and writes nothing.
pub async fn import(
    pool: &sqlx::PgPool,
    office: Uuid,
    mut set: ImportSet,
) -> anyhow::Result<Result<ImportSummary, Vec<LineError>>> {
    let mut tx = pool.begin().await?;
    // Imports of one office wait for each other (the checks below must hold at commit).
    sqlx::query("SELECT pg_advisory_xact_lock(hashtext('registry-import:' || $1::text))")
        .bind(office)
        .execute(&mut *tx)
        .await?;
    let outside: Vec<String> = set
        .outside_references()
        .iter()
        .map(Uuid::to_string)
        .collect();
    let stored: Vec<String> = sqlx::query_scalar(
        "SELECT id FROM entity WHERE office_id = $1 AND kind = $2 AND id = ANY($3)",
    )
    .bind(office)
    .bind(KIND_PERSON)
    .bind(&outside)
    .fetch_all(&mut *tx)
    .await?;
    let stored: HashSet<Uuid> = stored.iter().filter_map(|s| s.parse().ok()).collect();
    set.check_references(&stored);
    let numbers: Vec<String> = set.records.iter().map(|(_, r)| r.number.clone()).collect();
    let holders: Vec<(String, String)> = sqlx::query_as(
        "SELECT body->>'number', id FROM entity
          WHERE office_id = $1 AND kind = $2 AND body->>'number' = ANY($3)",
    )
    .bind(office)
    .bind(KIND_RECORD)
    .bind(&numbers)
    .fetch_all(&mut *tx)
    .await?;
    let holders: HashMap<String, String> = holders.into_iter().collect();
    for (line, r) in &set.records {
        if let Some(other) = holders.get(&r.number) {
            if *other != r.id.to_string() {
                set.errors.push(LineError {
                    line: *line,
                    reason: format!(
                        "record number {} belongs to another stored record ({other})",
                        r.number
                    ),
                });
            }
        }
    }
    if !set.errors.is_empty() {
        set.errors.sort_by_key(|e| e.line);
        return Ok(Err(set.errors));
    }
    let persons: Vec<RegistryPerson> = set.persons.into_iter().map(|(_, p)| p).collect();
    let records: Vec<RegistryRecord> = set.records.into_iter().map(|(_, r)| r).collect();
    let summary = write(&mut tx, office, &persons, &records).await?;
    tx.commit().await?;
    Ok(Ok(summary))
}

/// Writes persons and records (a changed row replaces the stored one and moves up the feed)
/// and announces the news; in the caller's transaction.
pub async fn write(
    tx: &mut PgConnection,
    office: Uuid,
    persons: &[RegistryPerson],
    records: &[RegistryRecord],
) -> anyhow::Result<ImportSummary> {
    async fn batch(
        tx: &mut PgConnection,
        office: Uuid,
        kind: &str,
        bodies: Vec<Value>,
    ) -> anyhow::Result<()> {
        sqlx::query(
            "INSERT INTO entity (office_id, kind, id, stream, body)
             SELECT $1, $2, b->>'id', $3, b FROM jsonb_array_elements($4::text::jsonb) b
             ON CONFLICT (office_id, kind, id) DO UPDATE
               SET body = EXCLUDED.body, txid = pg_current_xact_id(), rev = nextval('entity_rev')
               WHERE entity.body IS DISTINCT FROM EXCLUDED.body",
        )
        .bind(office)
        .bind(kind)
        .bind(STREAM_REGISTRY)
        .bind(Value::Array(bodies).to_string())
        .execute(&mut *tx)
        .await?;
        Ok(())
    }
    for page in persons.chunks(WRITE_BATCH) {
        let bodies = page
            .iter()
            .map(serde_json::to_value)
            .collect::<Result<Vec<_>, _>>()?;
        batch(tx, office, KIND_PERSON, bodies).await?;
    }
    for page in records.chunks(WRITE_BATCH) {
        let bodies = page
            .iter()
            .map(|r| {
                let mut r = r.clone();
                r.number = okno_rules::fold::record_number(&r.number);
                serde_json::to_value(r)
            })
            .collect::<Result<Vec<_>, _>>()?;
        batch(tx, office, KIND_RECORD, bodies).await?;
    }
    sqlx::query("SELECT pg_notify($1, $2)")
        .bind(CHANGES_CHANNEL)
        .bind(office.to_string())
        .execute(&mut *tx)
        .await?;
    Ok(ImportSummary {
        persons: persons.len(),
        records: records.len(),
    })
}
