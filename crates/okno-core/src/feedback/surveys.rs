//! Resident surveys (Kőbánya's satisfaction survey): a supervisor builds a questionnaire
//! (scale, single and multiple choice, free text; translated per language), publishes it for a
//! period on the office server's public page and the kiosk, and issues invitation codes; the
//! answers (one per code or visit) arrive from the server and are counted here.

use std::collections::BTreeMap;

use okno_rules::feedback as rules;
use okno_wire::commands::{self, Command};
use okno_wire::{
    LocalizedText, Permission, SurveyAnswerValue, SurveyCodes, SurveyCodesRequest, SurveyInput,
    SurveyOptionCount, SurveyQuestion, SurveyQuestionKind, SurveyQuestionResult, SurveyResults,
    SurveyState, SurveyView,
};
use uuid::Uuid;

use super::refused;
use crate::auth::Actor;
use crate::error::{CoreError, Result};
use crate::{ids, outbox, Workstation};

#[derive(sqlx::FromRow)]
struct SurveyRow {
    id: String,
    title: String,
    intro: String,
    starts_on: String,
    ends_on: String,
    questions: String,
    state: String,
    codes: i64,
    answers: i64,
}

const SURVEY_SELECT: &str =
    "SELECT s.id, s.title, s.intro, s.starts_on, s.ends_on, s.questions, s.state,
        (SELECT COUNT(*) FROM survey_code c WHERE c.survey_id = s.id) AS codes,
        (SELECT COUNT(*) FROM survey_answer a WHERE a.survey_id = s.id) AS answers
   FROM survey s";

fn state_of(code: &str) -> SurveyState {
    match code {
        "published" => SurveyState::Published,
        "closed" => SurveyState::Closed,
        _ => SurveyState::Draft,
    }
}

fn state_code(s: SurveyState) -> &'static str {
    match s {
        SurveyState::Draft => "draft",
        SurveyState::Published => "published",
        SurveyState::Closed => "closed",
    }
}

/// A text in `locale`, else in English, else any.
pub(crate) fn pick(t: &LocalizedText, locale: &str) -> String {
    t.get(locale)
        .filter(|s| !s.trim().is_empty())
        .or_else(|| t.get("en"))
        .or_else(|| t.values().next())
        .cloned()
        .unwrap_or_default()
}

impl Workstation {
    fn survey_view(&self, r: SurveyRow, public_base: Option<&str>, office: &str) -> SurveyView {
        let id = ids::parse(&r.id).unwrap_or_default();
        SurveyView {
            id,
            title: serde_json::from_str(&r.title).unwrap_or_default(),
            intro: serde_json::from_str(&r.intro).unwrap_or_default(),
            starts_on: r.starts_on.parse().unwrap_or_default(),
            ends_on: r.ends_on.parse().unwrap_or_default(),
            questions: serde_json::from_str(&r.questions).unwrap_or_default(),
            state: state_of(&r.state),
            codes: u32::try_from(r.codes).unwrap_or(0),
            answers: u32::try_from(r.answers).unwrap_or(0),
            public_url: public_base
                .map(|b| format!("{}/survey?office={office}", b.trim_end_matches('/'))),
        }
    }

    async fn surveys_where(&self, clause: &str, id: Option<String>) -> Result<Vec<SurveyView>> {
        let office = self.office().await?;
        let sql = format!("{SURVEY_SELECT} {clause} ORDER BY s.starts_on DESC, s.id");
        let mut q = sqlx::query_as::<_, SurveyRow>(&sql);
        if let Some(id) = id {
            q = q.bind(id);
        }
        let rows = q.fetch_all(&self.store.reader).await?;
        let base = office.view.public_address.clone();
        let oid = office.view.id.to_string();
        Ok(rows
            .into_iter()
            .map(|r| self.survey_view(r, base.as_deref(), &oid))
            .collect())
    }

    async fn survey(&self, id: Uuid) -> Result<SurveyView> {
        self.surveys_where("WHERE s.id = ?", Some(id.to_string()))
            .await?
            .into_iter()
            .next()
            .ok_or(CoreError::NotFound("survey"))
    }

    pub async fn list_surveys(&self, actor: &Actor) -> Result<Vec<SurveyView>> {
        actor.require(Permission::SuperviseFeedback)?;
        self.surveys_where("", None).await
    }

    /// Saves a questionnaire (a new one, or a draft's changes; a published survey may change
    /// its period and state only, so answers always match their questions).
    pub async fn save_survey(&self, actor: &Actor, input: SurveyInput) -> Result<SurveyView> {
        actor.require(Permission::SuperviseFeedback)?;
        let office = self.office().await?;
        let questions: Vec<SurveyQuestion> = input
            .questions
            .iter()
            .map(|q| SurveyQuestion {
                id: q.id.trim().to_string(),
                ..q.clone()
            })
            .collect();
        let problems = rules::check_survey(
            office.view.locale,
            &input.title,
            &input.intro,
            input.starts_on,
            input.ends_on,
            &questions,
        );
        if !problems.is_empty() {
            return Err(refused(problems));
        }
        let id = input.id.unwrap_or_else(ids::new_id);
        if let Some(existing) = self
            .surveys_where("WHERE s.id = ?", Some(id.to_string()))
            .await?
            .into_iter()
            .next()
        {
            if existing.state != SurveyState::Draft && existing.questions != questions {
                return Err(CoreError::field(
                    "questions",
                    okno_wire::FieldErrorCode::Taken,
                ));
            }
            if !rules::survey_step_ok(existing.state, input.state) {
                return Err(CoreError::InvalidTransition {
                    from: state_code(existing.state),
                    to: state_code(input.state),
                });
            }
        }
        let id_text = id.to_string();
        let now = self.now_ms();
        let mut tx = self.store.writer.begin().await?;
        sqlx::query(
            "INSERT INTO survey (id, title, intro, starts_on, ends_on, questions, state, created_by, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT (id) DO UPDATE SET title = excluded.title, intro = excluded.intro,
               starts_on = excluded.starts_on, ends_on = excluded.ends_on,
               questions = excluded.questions, state = excluded.state, updated_at = excluded.updated_at",
        )
        .bind(&id_text)
        .bind(serde_json::to_string(&input.title).unwrap_or_default())
        .bind(serde_json::to_string(&input.intro).unwrap_or_default())
        .bind(input.starts_on.format("%Y-%m-%d").to_string())
        .bind(input.ends_on.format("%Y-%m-%d").to_string())
        .bind(serde_json::to_string(&questions).unwrap_or_default())
        .bind(state_code(input.state))
        .bind(actor.staff_id.to_string())
        .bind(now)
        .execute(&mut *tx)
        .await?;
        outbox::append(
            &mut tx,
            Command::SurveySave(commands::SaveRows {
                id: id_text.clone(),
                rows: Vec::new(),
            }),
            Some(actor.staff_id),
            now,
            outbox::Effects {
                entity_id: Some(&id_text),
                rows: &[("survey", &id_text)],
            },
        )
        .await?;
        tx.commit().await?;
        self.survey(id).await
    }

    /// Issues invitation codes for a survey (each answers once), synced to the server.
    pub async fn issue_survey_codes(
        &self,
        actor: &Actor,
        req: SurveyCodesRequest,
    ) -> Result<SurveyCodes> {
        actor.require(Permission::SuperviseFeedback)?;
        if !(1..=5000).contains(&req.count) {
            return Err(CoreError::field(
                "count",
                okno_wire::FieldErrorCode::TooLarge,
            ));
        }
        self.survey(req.id).await?;
        let now = self.now_ms();
        let mut codes = Vec::with_capacity(req.count as usize);
        let mut row_ids = Vec::with_capacity(req.count as usize);
        let mut tx = self.store.writer.begin().await?;
        while codes.len() < req.count as usize {
            let code = rules::survey_code(&rand::random::<[u8; 8]>());
            let id = ids::new_id().to_string();
            let done = sqlx::query(
                "INSERT INTO survey_code (id, survey_id, code, created_at) VALUES (?, ?, ?, ?)
                 ON CONFLICT (code) DO NOTHING",
            )
            .bind(&id)
            .bind(req.id.to_string())
            .bind(&code)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            if done.rows_affected() == 1 {
                codes.push(code);
                row_ids.push(id);
            }
        }
        // One command per 500 codes keeps each push small.
        for chunk in row_ids.chunks(500) {
            let rows: Vec<(&str, &str)> = chunk
                .iter()
                .map(|id| ("survey_code", id.as_str()))
                .collect();
            outbox::append(
                &mut tx,
                Command::SurveyCodes(commands::SaveRows {
                    id: req.id.to_string(),
                    rows: Vec::new(),
                }),
                Some(actor.staff_id),
                now,
                outbox::Effects {
                    entity_id: None,
                    rows: &rows,
                },
            )
            .await?;
        }
        tx.commit().await?;
        Ok(SurveyCodes { codes })
    }

    /// A survey's answers counted per question: a scale's 1–5 and mean, each option's count,
    /// the free texts (newest first, at most 200).
    pub async fn survey_results(&self, actor: &Actor, id: Uuid) -> Result<SurveyResults> {
        actor.require(Permission::SuperviseFeedback)?;
        let survey = self.survey(id).await?;
        let answers = self.survey_answers(id).await?;
        let lc = actor.locale.code();
        let questions = survey
            .questions
            .iter()
            .map(|q| question_result(q, &answers, lc))
            .collect();
        Ok(SurveyResults {
            answers: u32::try_from(answers.len()).unwrap_or(0),
            survey,
            questions,
        })
    }

    /// Every answer sheet of a survey, newest first: (instant, language, answers).
    pub(crate) async fn survey_answers(
        &self,
        id: Uuid,
    ) -> Result<Vec<(i64, String, BTreeMap<String, SurveyAnswerValue>)>> {
        let rows: Vec<(i64, String, String)> = sqlx::query_as(
            "SELECT at, locale, answers FROM survey_answer WHERE survey_id = ? ORDER BY at DESC",
        )
        .bind(id.to_string())
        .fetch_all(&self.store.reader)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(at, l, a)| (at, l, serde_json::from_str(&a).unwrap_or_default()))
            .collect())
    }

    /// A survey's invitation codes as CSV: the code, the survey's address with it, and whether
    /// it was used.
    pub(crate) async fn survey_codes_csv(
        &self,
        actor: &Actor,
        id: Uuid,
    ) -> Result<(String, Vec<u8>)> {
        actor.require(Permission::SuperviseFeedback)?;
        let survey = self.survey(id).await?;
        let rows: Vec<(String, i64)> = sqlx::query_as(
            "SELECT c.code, EXISTS (SELECT 1 FROM survey_answer a WHERE a.survey_id = c.survey_id AND a.code = c.code)
               FROM survey_code c WHERE c.survey_id = ? ORDER BY c.created_at, c.code",
        )
        .bind(id.to_string())
        .fetch_all(&self.store.reader)
        .await?;
        let mut w = csv::Writer::from_writer(Vec::new());
        let csv_err = |e: csv::Error| CoreError::Internal(e.to_string());
        w.write_record(["code", "url", "used"]).map_err(csv_err)?;
        for (code, used) in rows {
            let url = survey
                .public_url
                .as_deref()
                .map(|u| format!("{u}&code={code}"))
                .unwrap_or_default();
            w.write_record([
                code.as_str(),
                url.as_str(),
                if used != 0 { "yes" } else { "no" },
            ])
            .map_err(csv_err)?;
        }
        let bytes = w
            .into_inner()
            .map_err(|e| CoreError::Internal(e.to_string()))?;
        Ok((format!("survey-codes-{}.csv", survey.starts_on), bytes))
    }

    /// A survey's answers as CSV, one row per sheet, one column per question.
    pub(crate) async fn survey_answers_csv(
        &self,
        actor: &Actor,
        id: Uuid,
    ) -> Result<(String, Vec<u8>)> {
        actor.require(Permission::SuperviseFeedback)?;
        let survey = self.survey(id).await?;
        let answers = self.survey_answers(id).await?;
        let mut w = csv::Writer::from_writer(Vec::new());
        let mut head = vec!["answered_at".to_string(), "language".to_string()];
        head.extend(survey.questions.iter().map(|q| q.id.clone()));
        let csv_err = |e: csv::Error| CoreError::Internal(e.to_string());
        w.write_record(&head).map_err(csv_err)?;
        for (at, locale, a) in &answers {
            let mut rec = vec![crate::clock::from_millis(*at).to_rfc3339(), locale.clone()];
            for q in &survey.questions {
                rec.push(match a.get(&q.id) {
                    Some(SurveyAnswerValue::Scale(n)) => n.to_string(),
                    Some(SurveyAnswerValue::Text(t)) => crate::documents::day_report::defuse(t),
                    Some(SurveyAnswerValue::Options(o)) => o.join(";"),
                    None => String::new(),
                });
            }
            w.write_record(&rec).map_err(csv_err)?;
        }
        let bytes = w
            .into_inner()
            .map_err(|e| CoreError::Internal(e.to_string()))?;
        Ok((format!("survey-{}.csv", survey.starts_on), bytes))
    }
}

fn question_result(
    q: &SurveyQuestion,
    answers: &[(i64, String, BTreeMap<String, SurveyAnswerValue>)],
    lc: &str,
) -> SurveyQuestionResult {
    let mut answered = 0u32;
    let mut texts = Vec::new();
    let mut sum = 0u64;
    let mut counts: Vec<SurveyOptionCount> = match q.kind {
        SurveyQuestionKind::Scale => (1..=5)
            .map(|n: u8| SurveyOptionCount {
                id: n.to_string(),
                label: n.to_string(),
                count: 0,
            })
            .collect(),
        SurveyQuestionKind::Single | SurveyQuestionKind::Multiple => q
            .options
            .iter()
            .map(|o| SurveyOptionCount {
                id: o.id.clone(),
                label: pick(&o.text, lc),
                count: 0,
            })
            .collect(),
        SurveyQuestionKind::Text => Vec::new(),
    };
    let mut bump = |id: &str| {
        if let Some(c) = counts.iter_mut().find(|c| c.id == id) {
            c.count += 1;
        }
    };
    for (_, _, a) in answers {
        match a.get(&q.id) {
            Some(SurveyAnswerValue::Scale(n)) => {
                answered += 1;
                sum += u64::from(*n);
                bump(&n.to_string());
            }
            Some(SurveyAnswerValue::Text(t)) if q.kind == SurveyQuestionKind::Text => {
                answered += 1;
                if texts.len() < 200 {
                    texts.push(t.clone());
                }
            }
            Some(SurveyAnswerValue::Text(t)) => {
                answered += 1;
                bump(t);
            }
            Some(SurveyAnswerValue::Options(o)) => {
                answered += 1;
                for x in o {
                    bump(x);
                }
            }
            None => {}
        }
    }
    SurveyQuestionResult {
        id: q.id.clone(),
        kind: q.kind,
        text: pick(&q.text, lc),
        answered,
        mean: (q.kind == SurveyQuestionKind::Scale && answered > 0)
            .then(|| sum as f64 / f64::from(answered)),
        counts,
        texts,
    }
}
