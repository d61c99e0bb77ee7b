//! The citizen's voice on the server: feedback items filed at desks (numbered from the device's
//! feedback leases), their steps (checked by the same rule as the desk, against the state the
//! server holds), ratings, surveys and their invitation codes, and the office's feedback
//! settings. Every row is checked as the desk checks its input: codes, lengths, references,
//! initial state, actor.

use serde_json::{json, Value};
use sqlx::PgConnection;

use okno_rules::feedback::{self as rules, StepRefusal};
use okno_rules::series::Series;
use okno_wire::commands::{FeedbackStepCmd, NumberedRecord, SaveRows};
use okno_wire::sync::PushCommand;
use okno_wire::{
    FeedbackAbout, FeedbackContact, FeedbackInput, FeedbackKind, FeedbackSettings, FeedbackState,
    FeedbackStep, Locale, Permission, RatingReason, SurveyQuestion, SurveyState,
};
use uuid::Uuid;

use super::*;
use crate::auth::Device;

fn s(v: &Value) -> Option<String> {
    v.as_str().map(str::to_string)
}

/// An item's row read back as the input the desk checked.
pub(crate) fn input_of(body: &Value) -> R<FeedbackInput> {
    let kind = FeedbackKind::from_code(body["kind"].as_str().unwrap_or_default())
        .ok_or_else(|| reject("malformed", "unknown kind of feedback"))?;
    let about = FeedbackAbout::from_code(body["about"].as_str().unwrap_or_default())
        .ok_or_else(|| reject("malformed", "unknown subject of feedback"))?;
    let locale = Locale::from_code(body["locale"].as_str().unwrap_or_default())
        .ok_or_else(|| reject("malformed", "unknown language"))?;
    let contact = match body["contact"].as_str() {
        Some(c) => Some(
            serde_json::from_str::<FeedbackContact>(c)
                .map_err(|_| reject("malformed", "the contact is not readable"))?,
        ),
        None => None,
    };
    let uuid = |f: &str| -> R<Option<Uuid>> {
        match body[f].as_str() {
            Some(v) => Uuid::parse_str(v)
                .map(Some)
                .map_err(|_| reject("malformed", format!("{f} is not an id"))),
            None => Ok(None),
        }
    };
    Ok(FeedbackInput {
        kind,
        about,
        service_code: s(&body["service_code"]),
        agency_code: s(&body["agency_code"]),
        desk: s(&body["desk"]),
        staff_id: uuid("staff_id")?,
        description: body["description"].as_str().unwrap_or_default().to_string(),
        locale,
        contact,
        visit_id: uuid("visit_id")?,
        case_id: uuid("case_id")?,
    })
}

/// Refuses an item the desk's rules refuse, or one naming a record this office does not have.
pub(crate) async fn check_item(
    tx: &mut PgConnection,
    office: Uuid,
    input: &FeedbackInput,
) -> R<()> {
    if let Some((field, why)) = rules::check_new(input).into_iter().next() {
        return Err(reject("malformed", format!("{field}: {why:?}")));
    }
    let checks: [(&str, &str, Option<String>); 5] = [
        ("service", "code", input.service_code.clone()),
        ("agency", "code", input.agency_code.clone()),
        ("staff", "id", input.staff_id.map(|s| s.to_string())),
        ("visit", "id", input.visit_id.map(|s| s.to_string())),
        ("case_file", "id", input.case_id.map(|s| s.to_string())),
    ];
    for (kind, field, value) in checks {
        let Some(v) = value else { continue };
        let n: i64 = if field == "id" {
            sqlx::query_scalar(
                "SELECT COUNT(*) FROM entity WHERE office_id = $1 AND kind = $2 AND id = $3",
            )
            .bind(office)
            .bind(kind)
            .bind(&v)
            .fetch_one(&mut *tx)
            .await?
        } else {
            sqlx::query_scalar(
                "SELECT COUNT(*) FROM entity WHERE office_id = $1 AND kind = $2 AND body->>'code' = $3",
            )
            .bind(office)
            .bind(kind)
            .bind(&v)
            .fetch_one(&mut *tx)
            .await?
        };
        if n == 0 {
            return Err(reject("not_found", format!("no {kind} {v} in this office")));
        }
    }
    Ok(())
}

/// The office's feedback settings as stored, or the shared defaults.
pub(crate) async fn settings(tx: &mut PgConnection, office: Uuid) -> R<FeedbackSettings> {
    let row: Option<Value> = sqlx::query_scalar(
        "SELECT body FROM entity WHERE office_id = $1 AND kind = 'feedback_settings' LIMIT 1",
    )
    .bind(office)
    .fetch_optional(&mut *tx)
    .await?;
    let d = rules::default_settings();
    Ok(match row {
        Some(b) => FeedbackSettings {
            deadlines: b["deadlines"]
                .as_str()
                .and_then(|t| serde_json::from_str(t).ok())
                .unwrap_or(d.deadlines),
            root_causes: b["root_causes"]
                .as_str()
                .and_then(|t| serde_json::from_str(t).ok())
                .unwrap_or(d.root_causes),
            min_ratings_per_person: b["min_ratings"].as_i64().unwrap_or(10).clamp(1, 1000) as u32,
        },
        None => d,
    })
}

/// The fields of an item only its own steps change; everything else is fixed once filed.
const FIXED: &[&str] = &[
    "id",
    "number",
    "year",
    "kind",
    "about",
    "channel",
    "service_code",
    "desk",
    "staff_id",
    "description",
    "locale",
    "contact",
    "visit_id",
    "case_id",
    "rating_id",
    "due_date",
    "media_url",
    "created_by",
    "received_at",
];

pub(super) async fn file(
    tx: &mut PgConnection,
    dev: &Device,
    cmd: &PushCommand,
    actor: &ServerActor,
    p: &NumberedRecord,
) -> R<Outcome> {
    actor.require(Permission::TakeFeedback)?;
    let item = row(&p.rows, "feedback_item")?;
    let ev = row(&p.rows, "feedback_event")?;
    if item["id"].as_str() != Some(p.id.as_str()) {
        return Err(reject("malformed", "the item is not the command's"));
    }
    actor.wrote(&item, "created_by", "the item")?;
    actor.wrote(&ev, "actor_id", "the event")?;
    match item["channel"].as_str() {
        Some("desk") => {
            if !item["rating_id"].is_null() {
                return Err(reject(
                    "malformed",
                    "an item filed at a desk comes from no rating",
                ));
            }
        }
        Some("rating") => {
            actor.require(Permission::SuperviseFeedback)?;
            let rid = item["rating_id"].as_str().unwrap_or_default();
            exists(tx, dev, "rating", rid, "not_found").await?;
        }
        _ => {
            return Err(reject(
                "malformed",
                "a desk files items of the desk or of a rating",
            ))
        }
    }
    if item["state"].as_str() != Some("received") {
        return Err(reject("malformed", "a new item is received, nothing more"));
    }
    for f in [
        "department",
        "assignee_id",
        "answer",
        "answered_at",
        "public_note",
        "root_cause",
        "adopted",
        "closed_at",
        "media_url",
    ] {
        if !item[f].is_null() {
            return Err(reject("malformed", format!("a new item has no {f}")));
        }
    }
    if ev["item_id"].as_str() != Some(p.id.as_str())
        || ev["kind"].as_str() != Some("received")
        || ev["state"].as_str() != Some("received")
    {
        return Err(reject("malformed", "the event does not receive the item"));
    }
    let input = input_of(&item)?;
    check_item(tx, dev.office_id, &input).await?;
    use_number(
        tx,
        dev,
        cmd,
        Series::Feedback,
        item["number"].as_str(),
        "feedback_item",
        &p.id,
    )
    .await?;
    insert(tx, dev, "feedback_item", &item, cmd, &json!({})).await?;
    insert(tx, dev, "feedback_event", &ev, cmd, &json!({})).await?;
    Ok(Outcome::Applied)
}

/// The step a desk took, read back from the row and the event it wrote.
fn step_of(action: &str, new: &Value, ev: &Value) -> R<FeedbackStep> {
    let text = || ev["text"].as_str().unwrap_or_default().to_string();
    Ok(match action {
        "assign" => FeedbackStep::Assign {
            agency_code: s(&new["agency_code"]),
            department: s(&new["department"]),
            assignee_id: match new["assignee_id"].as_str() {
                Some(a) => Some(
                    Uuid::parse_str(a)
                        .map_err(|_| reject("malformed", "assignee_id is not an id"))?,
                ),
                None => None,
            },
        },
        "start" => FeedbackStep::Start,
        "answer" => FeedbackStep::Answer {
            answer: new["answer"].as_str().unwrap_or_default().to_string(),
            public_note: s(&new["public_note"]),
        },
        "close" => FeedbackStep::Close {
            root_cause: new["root_cause"].as_str().unwrap_or_default().to_string(),
            adopted: new["adopted"].as_i64().map(|a| a != 0),
        },
        "reject" => FeedbackStep::Reject { reason: text() },
        "reopen" => FeedbackStep::Reopen { reason: text() },
        "note" => FeedbackStep::Note {
            text: text(),
            public: ev["public"].as_i64() == Some(1),
        },
        _ => return Err(reject("malformed", format!("unknown step {action:?}"))),
    })
}

pub(super) async fn step(
    tx: &mut PgConnection,
    dev: &Device,
    cmd: &PushCommand,
    actor: &ServerActor,
    p: &FeedbackStepCmd,
) -> R<Outcome> {
    actor.require(Permission::TakeFeedback)?;
    let mut new = row(&p.rows, "feedback_item")?;
    let ev = row(&p.rows, "feedback_event")?;
    if new["id"].as_str() != Some(p.item_id.as_str())
        || ev["item_id"].as_str() != Some(p.item_id.as_str())
    {
        return Err(reject("malformed", "the rows belong to another item"));
    }
    actor.wrote(&ev, "actor_id", "the event")?;
    let (old, clocks) = current(tx, dev, "feedback_item", &p.item_id).await?;
    for f in FIXED {
        if old[*f] != new[*f] {
            return Err(reject(
                "malformed",
                format!("{f} of an item does not change"),
            ));
        }
    }
    let supervisor = actor.may(Permission::SuperviseFeedback);
    let mine = old["assignee_id"].as_str() == Some(actor.id.to_string().as_str());
    if !supervisor
        && !matches!(p.action.as_str(), "note" | "start")
        && !mine
        && !old["assignee_id"].is_null()
    {
        return Err(reject("forbidden", "the item is assigned to someone else"));
    }
    let kind = FeedbackKind::from_code(old["kind"].as_str().unwrap_or_default())
        .ok_or_else(|| reject("malformed", "unknown kind"))?;
    let state = FeedbackState::from_code(old["state"].as_str().unwrap_or_default())
        .ok_or_else(|| reject("malformed", "unknown state"))?;
    let step = step_of(&p.action, &new, &ev)?;
    let (next, event) = match rules::step(kind, state, &step) {
        Ok(v) => v,
        Err(StepRefusal::InvalidTransition) => {
            return Err(reject(
                "invalid_transition",
                format!(
                    "{} cannot {} while {}",
                    old["number"],
                    p.action,
                    state.code()
                ),
            ))
        }
        Err(StepRefusal::Field((f, why))) => {
            return Err(reject("malformed", format!("{f}: {why:?}")))
        }
    };
    if new["state"].as_str() != Some(next.code())
        || ev["kind"].as_str() != Some(event.code())
        || ev["state"].as_str() != Some(next.code())
    {
        return Err(reject(
            "malformed",
            "the item's state does not follow its step",
        ));
    }
    if let FeedbackStep::Close { root_cause, .. } = &step {
        if !rules::check_root_cause(&settings(tx, dev.office_id).await?, root_cause) {
            return Err(reject("malformed", "unknown root cause"));
        }
    }
    if let FeedbackStep::Assign {
        agency_code,
        assignee_id,
        ..
    } = &step
    {
        if let Some(a) = agency_code {
            if old["agency_code"].as_str() != Some(a.as_str()) {
                let n: i64 = sqlx::query_scalar(
                    "SELECT COUNT(*) FROM entity WHERE office_id = $1 AND kind = 'agency' AND body->>'code' = $2",
                )
                .bind(dev.office_id)
                .bind(a)
                .fetch_one(&mut *tx)
                .await?;
                if n == 0 {
                    return Err(reject("not_found", "no such agency"));
                }
            }
        }
        if let Some(a) = assignee_id {
            exists(tx, dev, "staff", &a.to_string(), "not_found").await?;
        }
    } else if old["agency_code"] != new["agency_code"]
        || old["department"] != new["department"]
        || old["assignee_id"] != new["assignee_id"]
    {
        return Err(reject(
            "malformed",
            "only an assignment changes who handles an item",
        ));
    }
    // What a step writes besides the state; the rest stays as the server holds it.
    let writes: &[&str] = match p.action.as_str() {
        "answer" => &["answer", "answered_at", "public_note"],
        "close" => &["root_cause", "adopted", "closed_at"],
        "reject" => &["public_note", "closed_at"],
        "reopen" => &["closed_at", "answered_at", "root_cause", "adopted"],
        _ => &[],
    };
    for f in [
        "answer",
        "answered_at",
        "public_note",
        "root_cause",
        "adopted",
        "closed_at",
    ] {
        if !writes.contains(&f) && old[f] != new[f] {
            return Err(reject(
                "malformed",
                format!("{} does not change {f}", p.action),
            ));
        }
    }
    bump_updated(&mut new, cmd);
    update(tx, dev, "feedback_item", &p.item_id, &new, &clocks, cmd).await?;
    insert(tx, dev, "feedback_event", &ev, cmd, &json!({})).await?;
    Ok(Outcome::Applied)
}

pub(super) async fn save_settings(
    tx: &mut PgConnection,
    dev: &Device,
    cmd: &PushCommand,
    actor: &ServerActor,
    p: &SaveRows,
) -> R<Outcome> {
    actor.require(Permission::SuperviseFeedback)?;
    let body = row(&p.rows, "feedback_settings")?;
    if body["id"].as_str() != Some(dev.office_id.to_string().as_str())
        || p.id != dev.office_id.to_string()
    {
        return Err(reject("malformed", "the settings belong to another office"));
    }
    let parsed = FeedbackSettings {
        deadlines: serde_json::from_str(body["deadlines"].as_str().unwrap_or_default())
            .map_err(|_| reject("malformed", "the deadlines are not readable"))?,
        root_causes: serde_json::from_str(body["root_causes"].as_str().unwrap_or_default())
            .map_err(|_| reject("malformed", "the root causes are not readable"))?,
        min_ratings_per_person: u32::try_from(body["min_ratings"].as_i64().unwrap_or(0))
            .unwrap_or(0),
    };
    if let Some((f, why)) = rules::check_settings(&parsed).into_iter().next() {
        return Err(reject("malformed", format!("{f}: {why:?}")));
    }
    upsert(tx, dev, "feedback_settings", &body, cmd).await?;
    Ok(Outcome::Applied)
}

pub(super) async fn rating(
    tx: &mut PgConnection,
    dev: &Device,
    cmd: &PushCommand,
    actor: &ServerActor,
    p: &SaveRows,
) -> R<Outcome> {
    let body = row(&p.rows, "rating")?;
    if body["id"].as_str() != Some(p.id.as_str()) {
        return Err(reject("malformed", "the rating is not the command's"));
    }
    // A desk's window writes the rating in the name of who served the visit.
    actor.wrote(&body, "staff_id", "the rating")?;
    check_rating_row(&body)?;
    if body["channel"].as_str() != Some("desk_window") {
        return Err(reject("malformed", "a desk's ratings come from its window"));
    }
    exists(
        tx,
        dev,
        "visit",
        body["visit_id"].as_str().unwrap_or_default(),
        "not_found",
    )
    .await?;
    insert(tx, dev, "rating", &body, cmd, &json!({})).await?;
    Ok(Outcome::Applied)
}

/// A rating's score, reasons, comment and language, by the shared rule.
pub(crate) fn check_rating_row(body: &Value) -> R<()> {
    let score = u8::try_from(body["score"].as_i64().unwrap_or(0)).unwrap_or(0);
    let codes: Vec<String> = serde_json::from_str(body["reasons"].as_str().unwrap_or_default())
        .map_err(|_| reject("malformed", "the reasons are not readable"))?;
    let mut reasons = Vec::new();
    for c in &codes {
        reasons.push(
            RatingReason::from_code(c)
                .ok_or_else(|| reject("malformed", format!("unknown reason {c:?}")))?,
        );
    }
    if let Some((f, why)) = rules::check_rating(score, &reasons, body["comment"].as_str())
        .into_iter()
        .next()
    {
        return Err(reject("malformed", format!("{f}: {why:?}")));
    }
    if Locale::from_code(body["locale"].as_str().unwrap_or_default()).is_none() {
        return Err(reject("malformed", "unknown language"));
    }
    Ok(())
}

/// The questions of a survey row, checked by the shared rule in the office's language.
async fn survey_questions(
    tx: &mut PgConnection,
    dev: &Device,
    body: &Value,
) -> R<Vec<SurveyQuestion>> {
    let questions: Vec<SurveyQuestion> =
        serde_json::from_str(body["questions"].as_str().unwrap_or_default())
            .map_err(|_| reject("malformed", "the questions are not readable"))?;
    let title = serde_json::from_str(body["title"].as_str().unwrap_or_default())
        .map_err(|_| reject("malformed", "the title is not readable"))?;
    let intro: okno_wire::LocalizedText =
        serde_json::from_str(body["intro"].as_str().unwrap_or_default())
            .map_err(|_| reject("malformed", "the introduction is not readable"))?;
    let date = |f: &str| -> R<chrono::NaiveDate> {
        body[f]
            .as_str()
            .and_then(|d| d.parse().ok())
            .ok_or_else(|| reject("malformed", format!("{f} is not a date")))
    };
    let locale: Option<String> = sqlx::query_scalar(
        "SELECT body->>'locale' FROM entity WHERE office_id = $1 AND kind = 'office' LIMIT 1",
    )
    .bind(dev.office_id)
    .fetch_optional(&mut *tx)
    .await?
    .flatten();
    let locale = locale
        .as_deref()
        .and_then(Locale::from_code)
        .unwrap_or(Locale::En);
    if let Some((f, why)) = rules::check_survey(
        locale,
        &title,
        &intro,
        date("starts_on")?,
        date("ends_on")?,
        &questions,
    )
    .into_iter()
    .next()
    {
        return Err(reject("malformed", format!("{f}: {why:?}")));
    }
    if !matches!(
        body["state"].as_str(),
        Some("draft" | "published" | "closed")
    ) {
        return Err(reject("malformed", "unknown state of a survey"));
    }
    Ok(questions)
}

pub(super) async fn save_survey(
    tx: &mut PgConnection,
    dev: &Device,
    cmd: &PushCommand,
    actor: &ServerActor,
    p: &SaveRows,
) -> R<Outcome> {
    actor.require(Permission::SuperviseFeedback)?;
    let body = row(&p.rows, "survey")?;
    if body["id"].as_str() != Some(p.id.as_str()) {
        return Err(reject("malformed", "the survey is not the command's"));
    }
    let questions = survey_questions(tx, dev, &body).await?;
    let old: Option<Value> = sqlx::query_scalar(
        "SELECT body FROM entity WHERE office_id = $1 AND kind = 'survey' AND id = $2 FOR UPDATE",
    )
    .bind(dev.office_id)
    .bind(&p.id)
    .fetch_optional(&mut *tx)
    .await?;
    match old {
        Some(old) => {
            let was: Vec<SurveyQuestion> =
                serde_json::from_str(old["questions"].as_str().unwrap_or_default())
                    .unwrap_or_default();
            if old["state"].as_str() != Some("draft") && was != questions {
                return Err(reject(
                    "malformed",
                    "a published survey's questions do not change",
                ));
            }
            let state = |v: &Value| match v.as_str() {
                Some("published") => SurveyState::Published,
                Some("closed") => SurveyState::Closed,
                _ => SurveyState::Draft,
            };
            if !rules::survey_step_ok(state(&old["state"]), state(&body["state"])) {
                return Err(reject(
                    "malformed",
                    "a survey moves forward only: draft, published, closed",
                ));
            }
        }
        None => actor.wrote(&body, "created_by", "the survey")?,
    }
    upsert(tx, dev, "survey", &body, cmd).await?;
    Ok(Outcome::Applied)
}

pub(super) async fn survey_codes(
    tx: &mut PgConnection,
    dev: &Device,
    cmd: &PushCommand,
    actor: &ServerActor,
    p: &SaveRows,
) -> R<Outcome> {
    actor.require(Permission::SuperviseFeedback)?;
    exists(tx, dev, "survey", &p.id, "not_found").await?;
    let codes = rows_of(&p.rows, "survey_code")?;
    if codes.is_empty() || codes.len() > 500 {
        return Err(reject("malformed", "a command carries 1 to 500 codes"));
    }
    for c in &codes {
        let code = c["code"].as_str().unwrap_or_default();
        if c["survey_id"].as_str() != Some(p.id.as_str())
            || code.len() != 8
            || rules::normalize_code(code) != code
        {
            return Err(reject("malformed", "an invitation code is malformed"));
        }
        insert(tx, dev, "survey_code", c, cmd, &json!({})).await?;
    }
    Ok(Outcome::Applied)
}

/// The event kind a visit's link to a feedback record carries, for `visit.link`.
pub(crate) fn link_kind(ref_kind: &str) -> Option<(&'static str, Permission)> {
    match ref_kind {
        "feedback_item" => Some(("feedback_filed", Permission::TakeFeedback)),
        "rating" => Some(("rated", Permission::ServeQueue)),
        _ => None,
    }
}
