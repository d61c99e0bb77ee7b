//! What desks ask of the shared line: a ticket numbered by the office, and the next call.

use axum::extract::rejection::JsonRejection;
use axum::extract::State;
use axum::Json;

use okno_rules::queue as rules;
use okno_wire::{ServerCallNext, ServerQueueRows, ServerTakeTicket, TicketOrigin};

use super::{call, may_serve, office_info, take};
use crate::auth::Device;
use crate::error::{body, ApiResult, Problem};
use crate::AppState;

/// `POST /v1/queue/tickets`: a desk takes a ticket for a citizen.
pub(crate) async fn take_ticket(
    State(state): State<AppState>,
    dev: Device,
    req: Result<Json<ServerTakeTicket>, JsonRejection>,
) -> ApiResult<Json<ServerQueueRows>> {
    let req = body(req)?;
    let actor = req
        .actor_id
        .ok_or_else(|| Problem::forbidden("forbidden", "the request names no member of staff"))?;
    let mut tx = state.pool.begin().await?;
    may_serve(&mut tx, dev.office_id, actor).await?;
    let info = office_info(&mut tx, dev.office_id).await?;
    let (id, changes) = take(
        &mut tx,
        dev.office_id,
        &info,
        &req.request,
        TicketOrigin::Desk,
        Some(actor),
        None,
    )
    .await?;
    tx.commit().await?;
    Ok(Json(ServerQueueRows {
        ticket_id: id.parse().ok(),
        changes,
        scores: Vec::new(),
    }))
}

/// `POST /v1/queue/call`: a desk calls the next ticket it serves.
pub(crate) async fn call_next(
    State(state): State<AppState>,
    dev: Device,
    req: Result<Json<ServerCallNext>, JsonRejection>,
) -> ApiResult<Json<ServerQueueRows>> {
    let req = body(req)?;
    if !rules::valid_desk(&req.desk.label)
        || req.desk.categories.is_empty()
        || !req.desk.categories.iter().all(|c| rules::valid_category(c))
    {
        return Err(Problem::bad_request(
            "malformed_request",
            "a desk needs a label and the categories it serves",
        ));
    }
    let started = std::time::Instant::now();
    let mut tx = state.pool.begin().await?;
    may_serve(&mut tx, dev.office_id, req.actor_id).await?;
    let info = office_info(&mut tx, dev.office_id).await?;
    let (id, changes, scores) =
        call(&mut tx, dev.office_id, &info, &req.desk, req.actor_id).await?;
    tx.commit().await?;
    state.metrics.observe_queue_call(started.elapsed());
    Ok(Json(ServerQueueRows {
        ticket_id: id.and_then(|i| i.parse().ok()),
        changes,
        scores,
    }))
}
