//! The citizen's voice on paper: the answer to a feedback item as a letter in the citizen's
//! language, and the analysis of a period as a report — internal (every figure the reader may
//! see) or public (no personal data, no staff names, no single person's figures) — as PDF in
//! the office's language (or another) and as CSV.

use chrono::NaiveDate;
use okno_wire::{FeedbackAudience, Locale, OfficeView, Permission, ReportFormat};
use uuid::Uuid;

use super::calendar::{localize_digits, office_date};
use super::sheet::Sheet;
use super::{Doc, Weight, A4_HEIGHT_MM, A4_WIDTH_MM};
use crate::auth::Actor;
use crate::error::{CoreError, Result};
use crate::Workstation;

mod report;
mod words;

pub use report::{render_report, render_report_csv};
use words::code_label;
pub use words::label;

/// A half-year's label (`1397 H2`) in the reader's words ("the second half of 1397"); any other
/// period as it is, in the reader's digits.
pub(super) fn period_label(label: &str, locale: Locale) -> String {
    let half = label
        .split_once(" H")
        .and_then(|(y, h)| Some((y.parse::<i32>().ok()?, h.parse::<u8>().ok()?)))
        .filter(|(_, h)| matches!(h, 1 | 2));
    let text = match half {
        Some((y, h)) => {
            let first = h == 1;
            match locale {
                Locale::En => format!("{} half of {y}", if first { "first" } else { "second" }),
                Locale::Hu => format!("{y}. {} félév", if first { "I." } else { "II." }),
                Locale::Sk => format!("{}. polrok {y}", h),
                Locale::Sv => format!("{} halvåret {y}", if first { "första" } else { "andra" }),
                Locale::Fa => format!("نیمهٔ {} {y}", if first { "نخست" } else { "دوم" }),
            }
        }
        None => label.to_string(),
    };
    localize_digits(&text, locale)
}

pub(super) fn num(n: impl ToString, locale: Locale) -> String {
    localize_digits(&n.to_string(), locale)
}

pub(super) fn dec(v: Option<f64>, locale: Locale) -> String {
    match v {
        Some(v) => {
            let s = format!("{v:.1}");
            let s = if matches!(locale, Locale::Hu | Locale::Sk | Locale::Sv) {
                s.replace('.', ",")
            } else if locale == Locale::Fa {
                s.replace('.', "٫")
            } else {
                s
            };
            localize_digits(&s, locale)
        }
        None => "–".into(),
    }
}

/// The answer letter.
pub struct Letter<'a> {
    pub office: &'a OfficeView,
    pub number: &'a str,
    pub kind: &'a str,
    pub received: NaiveDate,
    pub answered: NaiveDate,
    pub name: Option<&'a str>,
    pub address: Option<&'a str>,
    pub description: &'a str,
    pub answer: &'a str,
    pub signed_by: &'a str,
}

pub fn render_letter(l: &Letter<'_>, locale: Locale) -> Result<Vec<u8>> {
    let t = |k: &str| label(k, locale);
    let mut doc = Doc::new(&format!("{} {}", t("answer_title"), l.number))?;
    let mut s = Sheet::new(&doc, locale, A4_WIDTH_MM, A4_HEIGHT_MM, 22.0);
    s.para(13.0, Weight::Bold, false, &l.office.name);
    s.para(9.0, Weight::Regular, true, &l.office.address);
    s.gap(8.0);
    if let Some(n) = l.name {
        s.para(11.0, Weight::Regular, false, n);
    }
    if let Some(a) = l.address {
        s.para(10.0, Weight::Regular, false, a);
    }
    s.gap(8.0);
    s.row(
        10.0,
        Weight::Regular,
        t("ref"),
        &localize_digits(l.number, locale),
    );
    s.row(
        10.0,
        Weight::Regular,
        t("received"),
        &office_date(l.received, l.office.calendar, locale),
    );
    s.row(
        10.0,
        Weight::Regular,
        t("date"),
        &office_date(l.answered, l.office.calendar, locale),
    );
    s.gap(4.0);
    s.para(
        14.0,
        Weight::Bold,
        false,
        &format!(
            "{} — {}",
            t("answer_title"),
            code_label("kind", l.kind, locale)
        ),
    );
    s.gap(3.0);
    match l.name {
        Some(n) if locale != Locale::Fa => {
            s.para(11.0, Weight::Regular, false, &format!("{} {n},", t("dear")))
        }
        _ => s.para(11.0, Weight::Regular, false, t("dear_anon")),
    }
    s.gap(2.0);
    for p in l.answer.split("\n\n") {
        s.room(&mut doc, 20.0, A4_HEIGHT_MM);
        s.para(11.0, Weight::Regular, false, p.trim());
        s.gap(2.0);
    }
    s.gap(6.0);
    s.para(11.0, Weight::Regular, false, t("regards"));
    s.gap(10.0);
    s.para(11.0, Weight::Bold, false, l.signed_by);
    s.para(10.0, Weight::Regular, true, &l.office.name);
    s.gap(8.0);
    s.room(&mut doc, 30.0, A4_HEIGHT_MM);
    s.rule();
    s.para(9.0, Weight::Bold, true, t("your_item"));
    let quoted: String = l.description.chars().take(1200).collect();
    s.para(9.0, Weight::Regular, true, &quoted);
    doc.push(s.page);
    Ok(doc.finish())
}

impl Workstation {
    /// The answer letter of an item, in the citizen's language.
    pub(crate) async fn feedback_answer_pdf(
        &self,
        actor: &Actor,
        id: Uuid,
    ) -> Result<(String, Vec<u8>)> {
        let detail = self.get_feedback(actor, id).await?;
        let Some(answer) = detail.answer.as_deref() else {
            return Err(CoreError::field(
                "answer",
                okno_wire::FieldErrorCode::Required,
            ));
        };
        let office = self.office().await?;
        let answered_by: Option<String> = sqlx::query_scalar(
            "SELECT s.display_name FROM feedback_event e JOIN staff s ON s.id = e.actor_id
              WHERE e.item_id = ? AND e.kind = 'answered' ORDER BY e.at DESC LIMIT 1",
        )
        .bind(id.to_string())
        .fetch_optional(&self.store.reader)
        .await?;
        let contact = detail.contact.clone().unwrap_or_default();
        let s = &detail.summary;
        let letter = Letter {
            office: &office.view,
            number: &s.number,
            kind: s.kind.code(),
            received: office.local_date(s.received_at),
            answered: office.local_date(detail.answered_at.unwrap_or_else(|| self.clock.now())),
            name: contact.name.as_deref(),
            address: contact.address.as_deref(),
            description: &detail.description,
            answer,
            signed_by: answered_by.as_deref().unwrap_or(&actor.display_name),
        };
        let pdf = render_letter(&letter, s.locale)?;
        Ok((format!("answer-{}.pdf", s.number.replace('/', "-")), pdf))
    }

    /// The report of a period, for the office or the public, as PDF or CSV.
    pub(crate) async fn feedback_report_file(
        &self,
        actor: &Actor,
        from: NaiveDate,
        to: NaiveDate,
        audience: FeedbackAudience,
        locale: Option<Locale>,
        format: ReportFormat,
    ) -> Result<(String, &'static str, Vec<u8>)> {
        actor.require(Permission::SuperviseFeedback)?;
        let office = self.office().await?;
        let locale = locale.unwrap_or(office.view.locale);
        let (from, to, label) = self.report_period(Some(from), Some(to)).await?;
        let public = audience == FeedbackAudience::Public;
        let report = self.report(locale.code(), from, to, label, public).await?;
        let stem = format!(
            "feedback-{}-{from}-{to}",
            if public { "public" } else { "internal" }
        );
        Ok(match format {
            ReportFormat::Pdf => (
                format!("{stem}.pdf"),
                super::answer::PDF,
                render_report(&office.view, &report, audience, locale)?,
            ),
            ReportFormat::Csv => (
                format!("{stem}.csv"),
                super::answer::CSV,
                render_report_csv(&report, audience, locale)?,
            ),
        })
    }
}
