//! The queue's public side, with no login: the kiosk that gives tickets and answers questions,
//! the waiting-room display (its board pushed as server-sent events, its announcements spoken
//! by espeak-ng in the ticket's language), and the status page a ticket's QR opens.

use std::collections::HashMap;
use std::convert::Infallible;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::Utc;
use futures_util::stream;
use serde::Deserialize;
use serde_json::Value;
use uuid::Uuid;

use okno_rules::queue as rules;
use okno_wire::{
    KioskInfo, KioskService, Locale, PublicBoard, PublicTicket, ServerTakeTicket, TicketOrigin,
    TicketState,
};

use super::{calls, category_counts, millis, names, office_info, opening_hours, state_of, take};
use crate::error::{body, ApiResult, Problem};
use crate::AppState;

static KIOSK_HTML: &str = include_str!("../../assets/queue/kiosk.html");
static DISPLAY_HTML: &str = include_str!("../../assets/queue/display.html");
static STATUS_HTML: &str = include_str!("../../assets/queue/status.html");
static BOOK_HTML: &str = include_str!("../../assets/queue/book.html");
/// The pages' scripts: one module per page over the shared helpers and strings.
static SCRIPTS: &[(&str, &str)] = &[
    ("strings.js", include_str!("../../assets/queue/strings.js")),
    ("common.js", include_str!("../../assets/queue/common.js")),
    ("kiosk.js", include_str!("../../assets/queue/kiosk.js")),
    ("display.js", include_str!("../../assets/queue/display.js")),
    ("status.js", include_str!("../../assets/queue/status.js")),
    ("book.js", include_str!("../../assets/queue/book.js")),
];
static QUEUE_CSS: &str = include_str!("../../assets/queue/queue.css");
/// Each page's own stylesheet, and the one loaded after them (motion, print).
static STYLES: &[(&str, &str)] = &[
    ("kiosk.css", include_str!("../../assets/queue/kiosk.css")),
    (
        "display.css",
        include_str!("../../assets/queue/display.css"),
    ),
    ("status.css", include_str!("../../assets/queue/status.css")),
    ("book.css", include_str!("../../assets/queue/book.css")),
    ("last.css", include_str!("../../assets/queue/last.css")),
];

pub(crate) fn page(html: &'static str) -> Response {
    let mut r = (StatusCode::OK, axum::response::Html(html)).into_response();
    let h = r.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    h.insert(
        "content-security-policy",
        HeaderValue::from_static(
            "default-src 'self'; media-src 'self'; connect-src 'self'; img-src 'self' data:; frame-ancestors 'none'",
        ),
    );
    h.insert("referrer-policy", HeaderValue::from_static("no-referrer"));
    r
}

pub(crate) async fn kiosk_page() -> Response {
    page(KIOSK_HTML)
}

pub(crate) async fn display_page() -> Response {
    page(DISPLAY_HTML)
}

pub(crate) async fn status_page() -> Response {
    page(STATUS_HTML)
}

pub(crate) async fn booking_page() -> Response {
    page(BOOK_HTML)
}

/// One of the pages' files by name, with its type (unknown names are not found).
fn asset(files: &[(&str, &'static str)], file: &str, content_type: &'static str) -> Response {
    match files.iter().find(|(name, _)| *name == file) {
        Some((_, text)) => (
            [
                (header::CONTENT_TYPE, content_type),
                (header::CACHE_CONTROL, "no-cache"),
            ],
            *text,
        )
            .into_response(),
        None => Problem::not_found("no such file").into_response(),
    }
}

/// `GET /queue/queue.css`: what the pages share.
pub(crate) async fn style() -> Response {
    asset(
        &[("queue.css", QUEUE_CSS)],
        "queue.css",
        "text/css; charset=utf-8",
    )
}

/// `GET /queue/css/{file}`.
pub(crate) async fn page_style(Path(file): Path<String>) -> Response {
    asset(STYLES, &file, "text/css; charset=utf-8")
}

/// `GET /queue/js/{file}`.
pub(crate) async fn script(Path(file): Path<String>) -> Response {
    asset(SCRIPTS, &file, "text/javascript; charset=utf-8")
}

/// `GET /queue/{office}/info`: categories and services for the kiosk.
pub(crate) async fn info(
    State(state): State<AppState>,
    Path(office): Path<Uuid>,
) -> ApiResult<Json<KioskInfo>> {
    let mut conn = state.pool.acquire().await?;
    let info = office_info(&mut conn, office).await?;
    let categories = category_counts(&mut conn, office, &info.today()).await?;
    let services: Vec<Value> = sqlx::query_scalar(
        "SELECT body FROM entity WHERE office_id = $1 AND kind = 'service'
           AND (body->>'active')::int = 1 ORDER BY body->>'code'",
    )
    .bind(office)
    .fetch_all(&mut *conn)
    .await?;
    let services = services
        .iter()
        .map(|s| KioskService {
            code: s["code"].as_str().unwrap_or_default().into(),
            names: names(&s["names"]),
            category: s["queue_category"].as_str().unwrap_or_default().into(),
            fee_minor: s["fee_minor"].as_i64().unwrap_or(0),
            required_documents: s["required_documents"]
                .as_str()
                .and_then(|d| serde_json::from_str(d).ok())
                .unwrap_or_default(),
            deadline_days: s["deadline_days"].as_i64().unwrap_or(0) as u32,
        })
        .collect();
    let opening_hours = opening_hours(&mut conn, office).await?;
    Ok(Json(KioskInfo {
        open_now: info.open_now(&opening_hours),
        office_name: info.name,
        office_locale: info.locale,
        currency: info.currency,
        categories,
        services,
        opening_hours,
    }))
}

/// The address the ticket's QR points to: the office's public address, or the one it was
/// reached at.
fn status_url(public: Option<&str>, headers: &HeaderMap, id: &str) -> String {
    let base = public.map(str::to_string).unwrap_or_else(|| {
        let host = headers
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .unwrap_or("localhost");
        format!("http://{host}")
    });
    format!("{}/queue/status?t={id}", base.trim_end_matches('/'))
}

/// `POST /queue/{office}/tickets`: the kiosk takes a ticket.
pub(crate) async fn take_ticket(
    State(state): State<AppState>,
    Path(office): Path<Uuid>,
    headers: HeaderMap,
    req: Result<Json<ServerTakeTicket>, JsonRejection>,
) -> ApiResult<Json<PublicTicket>> {
    let started = std::time::Instant::now();
    let req = body(req)?;
    let mut tx = state.pool.begin().await?;
    let info = office_info(&mut tx, office).await?;
    // Outside the opening hours the kiosk gives no tickets (a desk still may, for a late
    // citizen it agrees to serve).
    if !info.open_now(&opening_hours(&mut tx, office).await?) {
        return Err(Problem::new(
            StatusCode::CONFLICT,
            "office_closed",
            "the office is closed now: see its opening hours",
        ));
    }
    let (id, _) = take(
        &mut tx,
        office,
        &info,
        &req.request,
        TicketOrigin::Kiosk,
        None,
        None,
    )
    .await?;
    tx.commit().await?;
    let t = public_ticket(&state, &headers, &id).await?;
    state.metrics.queue_ticket(started.elapsed());
    Ok(Json(t))
}

/// `GET /queue/ticket/{id}`: a ticket as its holder sees it.
pub(crate) async fn ticket(
    State(state): State<AppState>,
    Path(id): Path<Uuid>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let t = public_ticket(&state, &headers, &id.to_string()).await?;
    let mut r = Json(t).into_response();
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(r)
}

/// `GET /queue/ticket/{id}/qr.svg`: the QR code of the ticket's status page, for the kiosk's
/// printed ticket.
pub(crate) async fn ticket_qr(
    State(state): State<AppState>,
    Path(id): Path<Uuid>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let t = public_ticket(&state, &headers, &id.to_string()).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "image/svg+xml"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        okno_rules::qr::qr_svg(&t.status_url),
    )
        .into_response())
}

pub(crate) async fn public_ticket(
    state: &AppState,
    headers: &HeaderMap,
    id: &str,
) -> ApiResult<PublicTicket> {
    let mut conn = state.pool.acquire().await?;
    let found: Option<(Uuid, Value)> = sqlx::query_as(
        "SELECT office_id, body FROM entity WHERE kind = 'ticket' AND id = $1 LIMIT 1",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?;
    let (office, t) = found.ok_or_else(|| Problem::not_found("no such ticket"))?;
    let info = office_info(&mut conn, office).await?;
    let category = t["category"].as_str().unwrap_or_default().to_string();
    let cat_names: Option<Value> = sqlx::query_scalar(
        "SELECT body->'names' FROM entity WHERE office_id = $1 AND kind = 'queue_category' AND body->>'code' = $2",
    )
    .bind(office)
    .bind(&category)
    .fetch_optional(&mut *conn)
    .await?;
    let state_now = state_of(&t);
    let (ahead, wait) = if state_now == TicketState::Waiting {
        // Before it: waiting tickets of its category taken earlier. The wait: today's median
        // service of the category, shared by the desks that have served it today.
        let (ahead, median_ms, desks): (i64, Option<f64>, i64) = sqlx::query_as(
            "SELECT COUNT(*) FILTER (WHERE body->>'state' = 'waiting'
                        AND ((body->>'taken_at')::bigint, body->>'number') < ($4, $5)),
                    percentile_cont(0.5) WITHIN GROUP (ORDER BY
                        (body->>'finished_at')::bigint - (body->>'served_at')::bigint)
                        FILTER (WHERE body->>'state' = 'done' AND body->>'served_at' IS NOT NULL),
                    COUNT(DISTINCT body->>'desk')
               FROM entity WHERE office_id = $1 AND kind = 'ticket' AND body->>'day' = $2
                AND body->>'category' = $3",
        )
        .bind(office)
        .bind(t["day"].as_str().unwrap_or_default())
        .bind(&category)
        .bind(t["taken_at"].as_i64().unwrap_or(0))
        .bind(t["number"].as_str().unwrap_or_default())
        .fetch_one(&mut *conn)
        .await?;
        let service = median_ms
            .map(|ms| ms / 60_000.0)
            .filter(|m| *m > 0.0)
            .unwrap_or(rules::DEFAULT_SERVICE_MINUTES);
        let ahead = ahead as u32;
        (
            Some(ahead),
            Some(rules::estimated_wait(ahead, desks as u32, service)),
        )
    } else {
        (None, None)
    };
    Ok(PublicTicket {
        id: id
            .parse()
            .map_err(|_| Problem::not_found("no such ticket"))?,
        number: t["number"].as_str().unwrap_or_default().into(),
        category,
        category_names: cat_names.as_ref().map(names).unwrap_or_default(),
        locale: Locale::from_code(t["locale"].as_str().unwrap_or_default()).unwrap_or(Locale::En),
        state: state_now,
        taken_at: millis(&t["taken_at"]).unwrap_or_else(Utc::now),
        ahead,
        estimated_wait_minutes: wait,
        desk: if matches!(state_now, TicketState::Called | TicketState::Serving) {
            t["desk"].as_str().map(str::to_string)
        } else {
            None
        },
        status_url: status_url(info.public_address.as_deref(), headers, id),
        office_name: info.name,
    })
}

async fn board_of(state: &AppState, office: Uuid) -> ApiResult<PublicBoard> {
    let mut conn = state.pool.acquire().await?;
    let info = office_info(&mut conn, office).await?;
    let day = info.today();
    Ok(PublicBoard {
        categories: category_counts(&mut conn, office, &day).await?,
        calls: calls(&mut conn, office, &day, 10).await?,
        office_name: info.name,
        office_locale: info.locale,
        generated_at: Utc::now(),
    })
}

/// `GET /queue/{office}/board`.
pub(crate) async fn board(
    State(state): State<AppState>,
    Path(office): Path<Uuid>,
) -> ApiResult<Json<PublicBoard>> {
    Ok(Json(board_of(&state, office).await?))
}

/// The boards being watched, one feed per office: computed once per change for every display of
/// the office (not once per display), and dropped when the last display goes away.
#[derive(Default)]
pub(crate) struct Boards {
    feeds: std::sync::Mutex<HashMap<Uuid, tokio::sync::watch::Receiver<Option<Arc<String>>>>>,
}

impl Boards {
    /// The office's feed: the latest board as JSON (none before the first is ready).
    fn feed(
        &self,
        state: &AppState,
        office: Uuid,
    ) -> tokio::sync::watch::Receiver<Option<Arc<String>>> {
        let mut feeds = self
            .feeds
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(rx) = feeds.get(&office) {
            if rx.has_changed().is_ok() {
                return rx.clone();
            }
        }
        let (tx, rx) = tokio::sync::watch::channel(None);
        feeds.insert(office, rx.clone());
        let state = state.clone();
        let mut news = state.news.subscribe();
        tokio::spawn(async move {
            loop {
                if let Ok(b) = board_of(&state, office).await {
                    let text = serde_json::to_string(&b).unwrap_or_default();
                    if tx.send(Some(Arc::new(text))).is_err() {
                        break;
                    }
                }
                // The next change of this office (news of others, or nothing for 15 s, sends
                // a fresh board too: its stamp tells the displays they are live).
                let wait = tokio::time::timeout(Duration::from_secs(15), async {
                    loop {
                        match news.recv().await {
                            Ok(id) if id == office => return true,
                            Ok(_) => continue,
                            Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => {
                                return true
                            }
                            Err(_) => return false,
                        }
                    }
                })
                .await;
                // Only the map's own receiver is left: no display watches any more.
                if wait == Ok(false) || tx.receiver_count() <= 1 {
                    break;
                }
                // Changes that came while the board was read are in this one already.
                while news.try_recv().is_ok() {}
            }
            let mut feeds = state
                .boards
                .feeds
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            if feeds
                .get(&office)
                .is_some_and(|rx| rx.same_channel(&tx.subscribe()))
            {
                feeds.remove(&office);
            }
        });
        rx
    }
}

/// `GET /queue/{office}/events`: the board, sent again whenever the office's records change
/// (pushed from PostgreSQL's notifications, so a call on any replica reaches every display),
/// and at least every 15 s.
pub(crate) async fn events(
    State(state): State<AppState>,
    Path(office): Path<Uuid>,
) -> ApiResult<Response> {
    // An unknown office is refused at once rather than streaming errors.
    board_of(&state, office).await?;
    let feed = state.boards.feed(&state, office);
    let s = stream::unfold(
        (feed, None::<String>, true),
        |(mut feed, last, first)| async move {
            if !first && feed.changed().await.is_err() {
                return None;
            }
            loop {
                let current = feed.borrow_and_update().clone();
                let Some(text) = current else {
                    if feed.changed().await.is_err() {
                        return None;
                    }
                    continue;
                };
                let text = text.as_str().to_string();
                // The same board again (news of another kind, or the 15-second refresh): a ping
                // with a fresh stamp, so the display knows it is live.
                let same = last
                    .as_deref()
                    .map(|l| strip_stamp(l) == strip_stamp(&text));
                let ev = if same == Some(true) {
                    Event::default().event("ping").data(format!(
                        "{{\"generated_at\":\"{}\"}}",
                        Utc::now().to_rfc3339()
                    ))
                } else {
                    Event::default().event("board").data(text.clone())
                };
                return Some((Ok::<_, Infallible>(ev), (feed, Some(text), false)));
            }
        },
    );
    let mut r = Sse::new(s)
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
        .into_response();
    let h = r.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert("x-accel-buffering", HeaderValue::from_static("no"));
    Ok(r)
}

fn strip_stamp(board: &str) -> &str {
    board.split("\"generated_at\"").next().unwrap_or(board)
}

#[derive(Deserialize)]
pub(crate) struct AnnounceQuery {
    l: String,
    n: String,
    d: String,
}

/// Spoken announcements already made, by their text (a day's calls repeat few phrases).
fn spoken() -> &'static Mutex<HashMap<String, Vec<u8>>> {
    static CACHE: OnceLock<Mutex<HashMap<String, Vec<u8>>>> = OnceLock::new();
    CACHE.get_or_init(Mutex::default)
}

/// `GET /queue/announce.wav?l=fa&n=M-042&d=3`: "Ticket M 42, desk 3" in the ticket's language,
/// a WAV made by espeak-ng (offline) and cached per phrase.
pub(crate) async fn announce(Query(q): Query<AnnounceQuery>) -> ApiResult<Response> {
    let locale = Locale::from_code(&q.l)
        .ok_or_else(|| Problem::bad_request("malformed_request", "unknown language"))?;
    let number_ok =
        (1..=16).contains(&q.n.len()) && q.n.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    if !number_ok || !rules::valid_desk(&q.d) {
        return Err(Problem::bad_request(
            "malformed_request",
            "a ticket number and a desk label",
        ));
    }
    let text = rules::announcement(locale, &q.n, &q.d);
    let cached = spoken()
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .get(&text)
        .cloned();
    let wav = match cached {
        Some(w) => w,
        None => {
            let out = tokio::process::Command::new("espeak-ng")
                .args(rules::espeak_args(locale, &text))
                .kill_on_drop(true)
                .output()
                .await;
            let wav = match out {
                Ok(o) if o.status.success() && o.stdout.len() > 44 => {
                    rules::wav_with_lengths(o.stdout)
                }
                Ok(o) => {
                    tracing::warn!(stderr = %String::from_utf8_lossy(&o.stderr), "espeak-ng failed");
                    return Err(speech_unavailable());
                }
                Err(e) => {
                    tracing::warn!(error = %e, "espeak-ng is not available");
                    return Err(speech_unavailable());
                }
            };
            let mut cache = spoken()
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            if cache.len() >= 2048 {
                cache.clear();
            }
            cache.insert(text, wav.clone());
            wav
        }
    };
    Ok((
        [
            (header::CONTENT_TYPE, "audio/wav"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        wav,
    )
        .into_response())
}

fn speech_unavailable() -> Problem {
    Problem::new(
        StatusCode::SERVICE_UNAVAILABLE,
        "speech_unavailable",
        "the speech synthesiser (espeak-ng) is not installed on the server",
    )
}
