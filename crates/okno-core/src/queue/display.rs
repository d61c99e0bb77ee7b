//! The waiting-room display of a desk (a second window of the desktop app, or the page browser
//! mode serves): the calls and how many wait, as this workstation knows them — no one's personal
//! data, so it needs no signed-in session — and the spoken announcement of a call, made by the
//! workstation's own speech synthesiser (espeak-ng), cached per phrase.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock, PoisonError};

use base64::Engine;
use okno_rules::queue as rules;
use okno_wire::{
    AnnounceRequest, Announcement, CategoryCount, FieldErrorCode, Locale, PublicBoard, PublicCall,
};

use crate::clock::from_millis;
use crate::error::{Check, CoreError, Result};
use crate::{ids, Workstation};

fn spoken() -> &'static Mutex<HashMap<String, Vec<u8>>> {
    static CACHE: OnceLock<Mutex<HashMap<String, Vec<u8>>>> = OnceLock::new();
    CACHE.get_or_init(Mutex::default)
}

impl Workstation {
    /// The display's board: today's calls (newest first) and how many wait per category.
    pub async fn display_board(&self) -> Result<PublicBoard> {
        let office = self.office().await?;
        let now = self.now_ms();
        let day = office
            .local_date(self.clock.now())
            .format("%Y-%m-%d")
            .to_string();
        let counts: Vec<(String, String, i64, Option<i64>)> = sqlx::query_as(
            "SELECT c.code, c.names, COUNT(t.id), MIN(t.taken_at)
               FROM queue_category c
               LEFT JOIN ticket t ON t.category = c.code AND t.day = ? AND t.state = 'waiting'
              WHERE c.active = 1 GROUP BY c.code, c.names ORDER BY c.code",
        )
        .bind(&day)
        .fetch_all(&self.store.reader)
        .await?;
        let calls: Vec<(String, String, String, String, i64, i64, String)> = sqlx::query_as(
            "SELECT id, number, desk, locale, called_at, calls, state FROM ticket
              WHERE day = ? AND called_at IS NOT NULL AND desk IS NOT NULL
              ORDER BY called_at DESC LIMIT 10",
        )
        .bind(&day)
        .fetch_all(&self.store.reader)
        .await?;
        let mut out = Vec::with_capacity(calls.len());
        for (id, number, desk, locale, called_at, n, state) in calls {
            out.push(PublicCall {
                ticket_id: ids::parse(&id)?,
                number,
                desk,
                locale: Locale::from_code(&locale).unwrap_or(Locale::En),
                called_at: from_millis(called_at),
                calls: u32::try_from(n).unwrap_or(0),
                state: rules::state_from(&state)
                    .ok_or_else(|| CoreError::Internal(format!("stored ticket state {state:?}")))?,
            });
        }
        Ok(PublicBoard {
            office_name: office.view.name.clone(),
            office_locale: office.view.locale,
            categories: counts
                .into_iter()
                .map(|(code, names, waiting, oldest)| CategoryCount {
                    code,
                    names: crate::catalogue::json_names(&names),
                    waiting: u32::try_from(waiting).unwrap_or(0),
                    longest_wait_minutes: oldest
                        .map(|o| u32::try_from((now - o).max(0) / 60_000).unwrap_or(0))
                        .unwrap_or(0),
                })
                .collect(),
            calls: out,
            generated_at: self.clock.now(),
        })
    }

    /// "Ticket M 42, desk 3" spoken in the ticket's language, as WAV.
    pub async fn announcement(&self, req: AnnounceRequest) -> Result<Announcement> {
        let mut check = Check::new();
        if !rules::valid_ticket_number(&req.number) {
            check.fail("number", FieldErrorCode::Malformed, Some(16));
        }
        if !rules::valid_desk(&req.desk) {
            check.fail("desk", FieldErrorCode::Malformed, Some(8));
        }
        check.finish()?;
        let text = rules::announcement(req.locale, &req.number, &req.desk);
        let cached = spoken()
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&text)
            .cloned();
        let wav = match cached {
            Some(w) => w,
            None => {
                let out = tokio::process::Command::new("espeak-ng")
                    .args(rules::espeak_args(req.locale, &text))
                    .kill_on_drop(true)
                    .output()
                    .await
                    .map_err(|e| CoreError::Unavailable(format!("espeak-ng: {e}")))?;
                if !out.status.success() || out.stdout.len() <= 44 {
                    return Err(CoreError::Unavailable(format!(
                        "espeak-ng: {}",
                        String::from_utf8_lossy(&out.stderr).trim()
                    )));
                }
                let wav = rules::wav_with_lengths(out.stdout);
                let mut cache = spoken().lock().unwrap_or_else(PoisonError::into_inner);
                if cache.len() >= 512 {
                    cache.clear();
                }
                cache.insert(text.clone(), wav.clone());
                wav
            }
        };
        Ok(Announcement {
            text,
            wav_base64: base64::engine::general_purpose::STANDARD.encode(wav),
        })
    }
}
