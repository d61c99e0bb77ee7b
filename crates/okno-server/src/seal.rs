//! Seals on the server: the office's signing key, certifying workstation keys, the public
//! verification page (no login, five languages) and the ledger's chain check.

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

use okno_rules::chain::{self as ledger, ChainWalk, LedgerRow, SealFacts, Superseded};
use okno_rules::seal;
use okno_wire::sync::{SealCertified, SealCertifyRequest, STREAM_OFFICE};
use okno_wire::{
    ChainReport, LedgerEntryKind, Locale, SealCheck, SealKeyStatus, SealKeyView, SealVerdict,
};

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

async fn put_key(tx: &mut PgConnection, office: Uuid, body: &Value) -> Result<(), sqlx::Error> {
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
    let req = crate::routes::body(req)?;
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
    if row.compute_hash() != row.entry_hash {
        return Ok(Err((
            "ledger_hash",
            "the entry does not match its hash".into(),
        )));
    }
    if row.chain_id != dev.id.to_string() {
        return Ok(Err((
            "ledger_chain",
            "the entry belongs to another workstation's chain".into(),
        )));
    }
    if row.chain_pos == 1 && row.prev_hash != ledger::GENESIS {
        return Ok(Err((
            "ledger_chain",
            "the chain's first entry refers to a predecessor".into(),
        )));
    }
    if row.chain_pos > 1 {
        let prev: Option<String> = sqlx::query_scalar(
            "SELECT body->>'entry_hash' FROM entity WHERE office_id = $1 AND kind = 'certification'
               AND body->>'chain_id' = $2 AND (body->>'chain_pos')::bigint = $3",
        )
        .bind(dev.office_id)
        .bind(&row.chain_id)
        .bind(row.chain_pos - 1)
        .fetch_optional(&mut *tx)
        .await?;
        // A predecessor the server refused is missing; the chain check reports the gap.
        if prev.is_some_and(|p| p != row.prev_hash) {
            return Ok(Err((
                "ledger_chain",
                "the entry does not follow the one before it".into(),
            )));
        }
    }
    let Ok(s) = seal::parse(&row.seal) else {
        return Ok(Err(("bad_seal", "the seal cannot be read".into())));
    };
    let keys = office_keys(tx, dev.office_id).await?;
    let genuine = keys
        .iter()
        .filter_map(|k| seal::public_from_hex(k))
        .any(|k| s.verify(&k));
    if !genuine
        || s.device_id != dev.id
        || s.number_text() != row.number
        || !row
            .entry_hash
            .starts_with(&hex::encode(s.entry_hash_prefix))
    {
        return Ok(Err((
            "bad_seal",
            "the seal does not verify for this entry".into(),
        )));
    }
    Ok(Ok(()))
}

async fn office_keys(tx: &mut PgConnection, office: Uuid) -> Result<Vec<String>, sqlx::Error> {
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
    let entry: Option<Value> = sqlx::query_scalar(
        "SELECT body FROM entity WHERE office_id = $1 AND kind = 'certification' AND body->>'number' = $2",
    )
    .bind(office)
    .bind(s.number_text())
    .fetch_optional(&mut *conn)
    .await?;
    let entry = match entry {
        Some(b) => {
            let later: Option<Value> = sqlx::query_scalar(
                "SELECT body FROM entity WHERE office_id = $1 AND kind = 'certification' AND body->>'refers_to' = $2
                 ORDER BY (body->>'certified_at')::bigint DESC LIMIT 1",
            )
            .bind(office)
            .bind(b["id"].as_str().unwrap_or_default())
            .fetch_optional(&mut *conn)
            .await?;
            let later: Option<Superseded> = later.map(|l| {
                let kind = if l["kind"] == "cancellation" {
                    LedgerEntryKind::Cancellation
                } else {
                    LedgerEntryKind::Correction
                };
                (
                    kind,
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

#[derive(Deserialize)]
pub(crate) struct KeysQuery {
    office: Option<String>,
}

/// An office's seal keys as published (docs/seal-format.md, "The office's public keys").
#[derive(Serialize)]
struct PublishedOffice {
    office_id: Uuid,
    name: String,
    public_address: Option<String>,
    verify_address: Option<String>,
    keys: Vec<SealKeyView>,
    revoked_devices: Vec<RevokedDevice>,
}

#[derive(Serialize)]
struct RevokedDevice {
    device_id: String,
    public_key: String,
    revoked_at: Option<DateTime<Utc>>,
}

fn millis(ms: Option<i64>) -> Option<DateTime<Utc>> {
    ms.and_then(DateTime::from_timestamp_millis)
}

async fn published_office(
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

#[derive(Deserialize)]
pub(crate) struct VerifyQuery {
    c: Option<String>,
    lang: Option<String>,
}

/// `GET /v1/verify?c=CODE` (no login): the verdict as JSON.
pub(crate) async fn verify_json(
    State(state): State<AppState>,
    Query(q): Query<VerifyQuery>,
) -> ApiResult<Json<SealCheck>> {
    let code = q.c.unwrap_or_default();
    Ok(Json(
        check_seal(&state.pool, &code)
            .await
            .map_err(Problem::from)?,
    ))
}

/// `GET /verify?c=CODE&lang=xx` (no login): the public verification page.
pub(crate) async fn verify_page(
    State(state): State<AppState>,
    Query(q): Query<VerifyQuery>,
    headers: HeaderMap,
) -> Response {
    let locale = q
        .lang
        .as_deref()
        .and_then(Locale::from_code)
        .or_else(|| {
            headers
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| {
                    v.split(',')
                        .filter_map(|p| p.split(';').next())
                        .filter_map(|p| Locale::from_code(p.trim().get(..2)?))
                        .next()
                })
        })
        .unwrap_or(Locale::En);
    let code = q.c.as_deref().map(str::trim).filter(|c| !c.is_empty());
    let result = match code {
        Some(c) => match check_seal(&state.pool, seal::code_of(c)).await {
            Ok(r) => Some(r),
            Err(e) => return Problem::from(e).into_response(),
        },
        None => None,
    };
    let html = page(locale, code.map(seal::code_of), result.as_ref());
    let mut resp = (StatusCode::OK, Html(html)).into_response();
    let h = resp.headers_mut();
    h.insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-store"),
    );
    h.insert(
        "content-security-policy",
        header::HeaderValue::from_static(
            "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'",
        ),
    );
    h.insert(
        "referrer-policy",
        header::HeaderValue::from_static("no-referrer"),
    );
    resp
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

fn t(key: &str, l: Locale) -> &'static str {
    let row: [&'static str; 5] = match key {
        "title" => ["Verify a certification seal", "Hitelesítési pecsét ellenőrzése", "Overenie osvedčovacej pečate", "Kontrollera ett bestyrkandesigill", "استعلام مهر گواهی"],
        "intro" => [
            "Scan the QR code on a certified document, or type the code printed beside it. The check needs no login and stores nothing about you.",
            "Olvassa be a hitelesített iraton lévő QR-kódot, vagy írja be a mellette álló kódot. Az ellenőrzéshez nem kell bejelentkezni, és semmit nem tárolunk Önről.",
            "Naskenujte QR kód na osvedčenej listine alebo zadajte kód vytlačený vedľa neho. Overenie nevyžaduje prihlásenie a neukladá o vás nič.",
            "Skanna QR-koden på en bestyrkt handling eller skriv in koden som står bredvid. Kontrollen kräver ingen inloggning och sparar ingenting om dig.",
            "کد QR روی سند گواهی‌شده را اسکن کنید یا کد چاپ‌شده کنار آن را وارد کنید. این استعلام به ورود نیاز ندارد و چیزی درباره شما ذخیره نمی‌کند.",
        ],
        "code" => ["Seal code", "Pecsétkód", "Kód pečate", "Sigillkod", "کد مهر"],
        "check" => ["Verify", "Ellenőrzés", "Overiť", "Kontrollera", "استعلام"],
        "language" => ["Language", "Nyelv", "Jazyk", "Språk", "زبان"],
        "genuine" => ["Genuine: this certification was issued by the office named below.", "Valódi: a hitelesítést az alább megnevezett hivatal adta ki.", "Pravé: osvedčenie vydal úrad uvedený nižšie.", "Äkta: bestyrkandet har utfärdats av myndigheten nedan.", "اصیل: این گواهی را اداره‌ای که در زیر آمده صادر کرده است."],
        "not_yet" => ["The seal is genuine; the office's central ledger has not received this entry yet (the workstation has not synchronised).", "A pecsét valódi; a hivatal központi nyilvántartásába ez a bejegyzés még nem érkezett meg.", "Pečať je pravá; do centrálnej knihy úradu tento záznam ešte nedorazil.", "Sigillet är äkta; myndighetens centrala liggare har ännu inte fått denna post.", "مهر اصیل است؛ این ثبت هنوز به دفتر مرکزی اداره نرسیده است."],
        "cancelled" => ["Cancelled: the seal is genuine, but the office has cancelled this certification.", "Érvénytelenítve: a pecsét valódi, de a hivatal érvénytelenítette a hitelesítést.", "Zrušené: pečať je pravá, ale úrad toto osvedčenie zrušil.", "Makulerad: sigillet är äkta, men myndigheten har makulerat bestyrkandet.", "باطل‌شده: مهر اصیل است، اما اداره این گواهی را باطل کرده است."],
        "corrected" => ["Corrected: the seal is genuine, but this certification was replaced by a correction.", "Helyesbítve: a pecsét valódi, de a hitelesítést helyesbítés váltotta fel.", "Opravené: pečať je pravá, ale osvedčenie nahradila oprava.", "Rättad: sigillet är äkta, men bestyrkandet har ersatts av en rättelse.", "اصلاح‌شده: مهر اصیل است، اما این گواهی با اصلاحیه جایگزین شده است."],
        "revoked" => ["Revoked: the workstation key that made this seal has been revoked by the office. Do not rely on it; contact the office.", "Visszavonva: a pecsétet készítő munkaállomás kulcsát a hivatal visszavonta. Ne fogadja el; forduljon a hivatalhoz.", "Odvolané: kľúč pracoviska, ktoré pečať vytvorilo, úrad odvolal. Nespoliehajte sa na ňu; kontaktujte úrad.", "Återkallad: arbetsstationens nyckel som skapade sigillet har återkallats. Lita inte på det; kontakta myndigheten.", "لغوشده: کلید ایستگاه کاری سازنده این مهر را اداره لغو کرده است. به آن اعتماد نکنید و با اداره تماس بگیرید."],
        "forged" => ["NOT GENUINE: the signature of this seal does not verify. The code was altered or made up.", "NEM VALÓDI: a pecsét aláírása nem ellenőrizhető. A kódot megváltoztatták vagy kitalálták.", "NIE JE PRAVÉ: podpis pečate nesedí. Kód bol zmenený alebo vymyslený.", "INTE ÄKTA: sigillets signatur stämmer inte. Koden har ändrats eller hittats på.", "غیراصیل: امضای این مهر تأیید نمی‌شود. کد تغییر داده شده یا ساختگی است."],
        "unknown_office" => ["Unknown office: this server does not know the office that made the seal.", "Ismeretlen hivatal: ez a szerver nem ismeri a pecsétet kiadó hivatalt.", "Neznámy úrad: tento server nepozná úrad, ktorý pečať vydal.", "Okänd myndighet: servern känner inte till myndigheten som skapade sigillet.", "اداره ناشناس: این سرور اداره صادرکننده مهر را نمی‌شناسد."],
        "malformed" => ["This is not a seal code. Check that it was copied completely.", "Ez nem pecsétkód. Ellenőrizze, hogy teljesen másolta-e.", "Toto nie je kód pečate. Skontrolujte, či bol skopírovaný celý.", "Detta är ingen sigillkod. Kontrollera att hela koden kopierades.", "این کد مهر نیست. بررسی کنید که کامل کپی شده باشد."],
        "number" => ["Ledger number", "Nyilvántartási szám", "Číslo záznamu", "Liggarnummer", "شماره دفتر"],
        "office" => ["Office", "Hivatal", "Úrad", "Myndighet", "اداره"],
        "date" => ["Date", "Dátum", "Dátum", "Datum", "تاریخ"],
        "act" => ["Act", "Cselekmény", "Úkon", "Åtgärd", "نوع"],
        "party" => ["Party", "Ügyfél", "Účastník", "Part", "متقاضی"],
        "document" => ["Document", "Irat", "Listina", "Handling", "سند"],
        "pages" => ["Pages", "Oldalak", "Strany", "Sidor", "صفحات"],
        "copies" => ["Copies", "Példányok", "Vyhotovenia", "Exemplar", "نسخه‌ها"],
        "original" => ["SHA-256 of the scanned original", "A beszkennelt eredeti SHA-256 kivonata", "SHA-256 naskenovaného originálu", "SHA-256 för det skannade originalet", "SHA-256 اصل اسکن‌شده"],
        "superseded" => ["Replaced by entry", "Felváltó bejegyzés", "Nahradené záznamom", "Ersatt av post", "جایگزین‌شده با ثبت"],
        "reason" => ["Reason", "Indok", "Dôvod", "Skäl", "دلیل"],
        "result" => ["Result", "Eredmény", "Výsledok", "Resultat", "نتیجه"],
        _ => ["", "", "", "", ""],
    };
    match l {
        Locale::En => row[0],
        Locale::Hu => row[1],
        Locale::Sk => row[2],
        Locale::Sv => row[3],
        Locale::Fa => row[4],
    }
}

fn native_name(l: Locale) -> &'static str {
    match l {
        Locale::En => "English",
        Locale::Hu => "Magyar",
        Locale::Sk => "Slovenčina",
        Locale::Sv => "Svenska",
        Locale::Fa => "فارسی",
    }
}

fn page(l: Locale, code: Option<&str>, result: Option<&SealCheck>) -> String {
    use okno_rules::acts::kind_name;
    let dir = if l.is_rtl() { "rtl" } else { "ltr" };
    let code_value = esc(code.unwrap_or(""));
    let mut langs = String::new();
    for other in Locale::ALL {
        let q = match code {
            Some(c) => format!("?lang={}&amp;c={}", other.code(), esc(c)),
            None => format!("?lang={}", other.code()),
        };
        let current = if other == l {
            " aria-current=\"page\""
        } else {
            ""
        };
        langs.push_str(&format!(
            "<li><a href=\"{q}\" lang=\"{}\" hreflang=\"{}\"{current}>{}</a></li>",
            other.code(),
            other.code(),
            native_name(other)
        ));
    }
    let mut out = String::new();
    if let Some(r) = result {
        let (class, icon, text) = match r.verdict {
            SealVerdict::Genuine if r.entry_known => ("ok", "✓", t("genuine", l)),
            SealVerdict::Genuine => ("ok", "✓", t("not_yet", l)),
            SealVerdict::Cancelled => ("warn", "⚠", t("cancelled", l)),
            SealVerdict::Corrected => ("warn", "⚠", t("corrected", l)),
            SealVerdict::Revoked => ("bad", "✗", t("revoked", l)),
            SealVerdict::Forged => ("bad", "✗", t("forged", l)),
            SealVerdict::UnknownOffice => ("bad", "?", t("unknown_office", l)),
            SealVerdict::Malformed => ("bad", "?", t("malformed", l)),
        };
        let verdict_code = serde_json::to_value(r.verdict)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        out.push_str(&format!(
            "<section aria-labelledby=\"result-h\"><h2 id=\"result-h\">{}</h2><p class=\"verdict {class}\" role=\"status\" data-verdict=\"{verdict_code}\"><span aria-hidden=\"true\" class=\"icon\">{icon}</span> {}</p>",
            t("result", l),
            esc(text)
        ));
        if let Some(c) = &r.contents {
            let day = okno_rules::calendar::format_date(
                c.local_day,
                if l == Locale::Fa {
                    okno_wire::Calendar::Persian
                } else {
                    okno_wire::Calendar::Gregorian
                },
                l,
            );
            let mut rows = vec![
                (t("number", l), c.number.clone()),
                (
                    t("office", l),
                    c.office_name
                        .clone()
                        .unwrap_or_else(|| c.office_id.to_string()),
                ),
                (t("date", l), day),
                (t("act", l), kind_name(c.kind, l).to_string()),
                (t("party", l), c.party_name.clone()),
                (t("document", l), c.document_description.clone()),
                (t("pages", l), c.pages.to_string()),
                (t("copies", l), c.copies.to_string()),
            ];
            if let Some(h) = &c.original_sha256 {
                rows.push((t("original", l), h.clone()));
            }
            if let Some(s) = &r.superseded_by {
                rows.push((t("superseded", l), s.clone()));
            }
            if let Some(s) = &r.reason {
                rows.push((t("reason", l), s.clone()));
            }
            out.push_str("<dl>");
            for (k, v) in rows {
                out.push_str(&format!("<dt>{}</dt><dd>{}</dd>", esc(k), esc(&v)));
            }
            out.push_str("</dl>");
        }
        out.push_str("</section>");
    }
    format!(
        r#"<!doctype html>
<html lang="{lang}" dir="{dir}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body{{font-family:system-ui,"Segoe UI","Noto Sans","Vazirmatn",sans-serif;margin:0;background:#f4f6f9;color:#1d2633;line-height:1.5}}
header{{background:#1f4e8c;color:#fff;padding-block:1rem;padding-inline:1.5rem}}
header h1{{margin:0;font-size:1.4rem}}
nav ul{{list-style:none;display:flex;flex-wrap:wrap;gap:.75rem;margin:0;margin-block-start:.5rem;padding:0}}
nav a{{color:#fff}}
nav a[aria-current]{{font-weight:700}}
main{{max-inline-size:44rem;margin-inline:auto;padding:1.5rem}}
form{{display:flex;flex-wrap:wrap;gap:.5rem;align-items:end;margin-block:1rem}}
label{{display:block;font-weight:600;margin-block-end:.25rem}}
.field{{flex:1 1 20rem}}
input{{inline-size:100%;box-sizing:border-box;font:inherit;padding:.5rem;border:1px solid #5b6778;border-radius:.25rem}}
button{{font:inherit;padding:.55rem 1.2rem;background:#1f4e8c;color:#fff;border:0;border-radius:.25rem;cursor:pointer}}
:focus-visible{{outline:3px solid #f0b400;outline-offset:2px}}
.verdict{{font-size:1.15rem;font-weight:700;padding:1rem;border-radius:.4rem;border-inline-start:.5rem solid}}
.ok{{background:#e3f4e8;border-color:#1e7a3c;color:#14532a}}
.warn{{background:#fff4d6;border-color:#a86b00;color:#5c3b00}}
.bad{{background:#fde4e4;border-color:#b3261e;color:#7a1610}}
.icon{{font-size:1.3rem}}
dl{{display:grid;grid-template-columns:max-content 1fr;gap:.4rem 1rem;background:#fff;padding:1rem;border-radius:.4rem}}
dt{{font-weight:600;color:#404b5a}}
dd{{margin:0;overflow-wrap:anywhere}}
</style>
</head>
<body>
<header><h1>{title}</h1>
<nav aria-label="{language}"><ul>{langs}</ul></nav></header>
<main>
<p>{intro}</p>
<form method="get" action="verify">
<input type="hidden" name="lang" value="{lang}">
<div class="field"><label for="c">{code_label}</label><input id="c" name="c" value="{code_value}" autocomplete="off" spellcheck="false" dir="ltr"></div>
<button type="submit">{check}</button>
</form>
{out}
</main>
</body>
</html>"#,
        lang = l.code(),
        title = t("title", l),
        language = t("language", l),
        intro = t("intro", l),
        code_label = t("code", l),
        check = t("check", l),
    )
}
