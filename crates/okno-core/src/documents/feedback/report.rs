//! The analysis of a period as a report: PDF (the figures and their bar charts, for the office
//! or the public) and CSV (one row per figure).

use okno_wire::{
    FeedbackAudience, FeedbackCount, FeedbackReport, Locale, OfficeView, RatingBand, RatingGroup,
};

use super::super::calendar::{localize_digits, office_date};
use super::super::day_report::defuse;
use super::super::sheet::Sheet;
use super::super::{Doc, Weight, A4_HEIGHT_MM, A4_WIDTH_MM};
use super::words::{code_label, label};
use super::{dec, num, period_label};
use crate::error::{CoreError, Result};

fn count_rows(
    v: &[FeedbackCount],
    dim: &str,
    locale: Locale,
    translate: bool,
) -> Vec<(String, f64, String)> {
    v.iter()
        .map(|c| {
            let name = if translate {
                code_label(dim, &c.key, locale)
            } else if dim == "month" {
                localize_digits(&c.label, locale)
            } else {
                c.label.clone()
            };
            (name, f64::from(c.count), num(c.count, locale))
        })
        .collect()
}

fn band_rows(v: &[RatingBand], locale: Locale) -> Vec<(String, f64, String)> {
    v.iter()
        .map(|b| {
            let name = match b.to_minutes {
                Some(t) => format!("{}–{}", b.from_minutes, t),
                None => format!("{}+", b.from_minutes),
            };
            (
                localize_digits(&name, locale),
                b.mean.unwrap_or(0.0),
                format!(
                    "{} ({} {})",
                    dec(b.mean, locale),
                    num(b.ratings, locale),
                    label("ratings_n", locale)
                ),
            )
        })
        .collect()
}

fn group_rows(v: &[RatingGroup], locale: Locale) -> Vec<(String, f64, String)> {
    v.iter()
        .map(|g| {
            (
                localize_digits(&g.label, locale),
                g.mean.unwrap_or(0.0),
                format!(
                    "{} ({} {})",
                    dec(g.mean, locale),
                    num(g.ratings, locale),
                    label("ratings_n", locale)
                ),
            )
        })
        .collect()
}

/// The report of a period as PDF. A public report leaves out every figure about a named
/// member of staff (the caller gives it none) and says so.
pub fn render_report(
    office: &OfficeView,
    r: &FeedbackReport,
    audience: FeedbackAudience,
    locale: Locale,
) -> Result<Vec<u8>> {
    let t = |k: &str| label(k, locale);
    let public = audience == FeedbackAudience::Public;
    let mut doc = Doc::new(&format!("{} {}", t("report_title"), r.label))?;
    let h = A4_HEIGHT_MM;
    let mut s = Sheet::new(&doc, locale, A4_WIDTH_MM, h, 18.0);
    s.para(10.0, Weight::Regular, true, &office.name);
    s.para(18.0, Weight::Bold, false, t("report_title"));
    s.para(
        11.0,
        Weight::Regular,
        true,
        &format!(
            "{} · {} {} ({} – {})",
            t(if public {
                "public_report"
            } else {
                "internal_report"
            }),
            t("period"),
            period_label(&r.label, locale),
            office_date(r.from, office.calendar, locale),
            office_date(r.to, office.calendar, locale)
        ),
    );
    if public {
        s.para(9.0, Weight::Regular, true, t("no_personal"));
    }
    s.rule();
    s.row(12.0, Weight::Bold, t("total"), &num(r.total, locale));
    let a = &r.answer_times;
    s.row(
        10.0,
        Weight::Regular,
        t("answered"),
        &format!(
            "{} ({} {}, {} {})",
            num(a.answered, locale),
            num(a.on_time, locale),
            t("on_time"),
            num(a.late, locale),
            t("late")
        ),
    );
    s.row(
        10.0,
        Weight::Regular,
        t("open"),
        &format!(
            "{} ({} {})",
            num(a.open, locale),
            num(a.open_overdue, locale),
            t("overdue")
        ),
    );
    s.row(
        10.0,
        Weight::Regular,
        t("median_days"),
        &dec(a.median_days, locale),
    );
    s.row(
        10.0,
        Weight::Regular,
        t("p90_days"),
        &dec(a.p90_days, locale),
    );
    s.row(
        10.0,
        Weight::Regular,
        t("suggestions"),
        &format!(
            "{} ({} {})",
            num(r.suggestions, locale),
            num(r.adopted, locale),
            t("adopted")
        ),
    );
    let rt = &r.ratings;
    s.row(
        10.0,
        Weight::Regular,
        t("ratings"),
        &format!(
            "{} / {} {} · {} {}",
            num(rt.ratings, locale),
            num(rt.visits, locale),
            t("rated_share"),
            t("mean"),
            dec(rt.mean, locale)
        ),
    );
    let section = |s: &mut Sheet,
                   doc: &mut Doc,
                   title: &str,
                   rows: Vec<(String, f64, String)>,
                   max: Option<f64>| {
        s.room(doc, 14.0 + 5.2 * rows.len().min(4) as f32, h);
        s.gap(3.0);
        s.para(11.0, Weight::Bold, false, title);
        if rows.is_empty() {
            s.para(9.0, Weight::Regular, true, t("none"));
            return;
        }
        let m = max.unwrap_or_else(|| rows.iter().map(|r| r.1).fold(1.0, f64::max));
        for chunk in rows.chunks(8) {
            s.room(doc, 5.2 * chunk.len() as f32 + 2.0, h);
            s.bars(chunk, m);
        }
    };
    section(
        &mut s,
        &mut doc,
        t("by_wait"),
        band_rows(&rt.by_wait, locale),
        Some(5.0),
    );
    section(
        &mut s,
        &mut doc,
        t("by_service_time"),
        band_rows(&rt.by_service_time, locale),
        Some(5.0),
    );
    section(
        &mut s,
        &mut doc,
        t("by_kind"),
        count_rows(&r.by_kind, "kind", locale, true),
        None,
    );
    section(
        &mut s,
        &mut doc,
        t("root_causes"),
        count_rows(&r.root_causes, "root", locale, false),
        None,
    );
    section(
        &mut s,
        &mut doc,
        t("by_channel"),
        count_rows(&r.by_channel, "channel", locale, true),
        None,
    );
    section(
        &mut s,
        &mut doc,
        t("by_about"),
        count_rows(&r.by_about, "about", locale, true),
        None,
    );
    section(
        &mut s,
        &mut doc,
        t("by_service"),
        count_rows(&r.by_service, "service", locale, false),
        None,
    );
    section(
        &mut s,
        &mut doc,
        t("by_agency"),
        count_rows(&r.by_agency, "agency", locale, false),
        None,
    );
    section(
        &mut s,
        &mut doc,
        t("by_desk"),
        count_rows(&r.by_desk, "desk", locale, false),
        None,
    );
    section(
        &mut s,
        &mut doc,
        t("by_state"),
        count_rows(&r.by_state, "state", locale, true),
        None,
    );
    section(
        &mut s,
        &mut doc,
        t("by_month"),
        count_rows(&r.by_month, "month", locale, false),
        None,
    );
    section(
        &mut s,
        &mut doc,
        t("ratings_by_desk"),
        group_rows(&rt.by_desk, locale),
        Some(5.0),
    );
    section(
        &mut s,
        &mut doc,
        t("ratings_by_service"),
        group_rows(&rt.by_service, locale),
        Some(5.0),
    );
    section(
        &mut s,
        &mut doc,
        t("reasons"),
        count_rows(&rt.reasons, "reason", locale, true),
        None,
    );
    if !public && !rt.by_staff.is_empty() {
        section(
            &mut s,
            &mut doc,
            t("ratings_by_staff"),
            group_rows(&rt.by_staff, locale),
            Some(5.0),
        );
    }
    doc.push(s.page);
    Ok(doc.finish())
}

/// The report as CSV: one row per figure (section, key, label, count or mean, ratings).
pub fn render_report_csv(
    r: &FeedbackReport,
    audience: FeedbackAudience,
    locale: Locale,
) -> Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let e = |e: csv::Error| CoreError::Internal(e.to_string());
    w.write_record(["section", "key", "label", "count", "mean", "ratings"])
        .map_err(e)?;
    let period = format!("{} {} {}", r.label, r.from, r.to);
    w.write_record(["period", "", period.as_str(), "", "", ""])
        .map_err(e)?;
    w.write_record(["total", "", "", &r.total.to_string(), "", ""])
        .map_err(e)?;
    let mut counts =
        |section: &str, dim: &str, v: &[FeedbackCount], translate: bool| -> Result<()> {
            for c in v {
                let l = if translate {
                    code_label(dim, &c.key, locale)
                } else {
                    c.label.clone()
                };
                let (k, l) = (defuse(&c.key), defuse(&l));
                w.write_record([
                    section,
                    k.as_str(),
                    l.as_str(),
                    &c.count.to_string(),
                    "",
                    "",
                ])
                .map_err(|x| CoreError::Internal(x.to_string()))?;
            }
            Ok(())
        };
    counts("kind", "kind", &r.by_kind, true)?;
    counts("channel", "channel", &r.by_channel, true)?;
    counts("about", "about", &r.by_about, true)?;
    counts("service", "service", &r.by_service, false)?;
    counts("agency", "agency", &r.by_agency, false)?;
    counts("desk", "desk", &r.by_desk, false)?;
    counts("state", "state", &r.by_state, true)?;
    counts("root_cause", "root", &r.root_causes, false)?;
    counts("month", "month", &r.by_month, false)?;
    counts("rating_reason", "reason", &r.ratings.reasons, true)?;
    let a = &r.answer_times;
    for (k, v) in [
        ("answered", a.answered),
        ("on_time", a.on_time),
        ("late", a.late),
        ("open", a.open),
        ("open_overdue", a.open_overdue),
        ("suggestions", r.suggestions),
        ("adopted", r.adopted),
        ("ratings", r.ratings.ratings),
        ("visits", r.ratings.visits),
    ] {
        w.write_record(["answers", k, "", &v.to_string(), "", ""])
            .map_err(e)?;
    }
    let f = |v: Option<f64>| v.map(|x| format!("{x:.2}")).unwrap_or_default();
    w.write_record(["answers", "median_days", "", "", &f(a.median_days), ""])
        .map_err(e)?;
    w.write_record(["answers", "p90_days", "", "", &f(a.p90_days), ""])
        .map_err(e)?;
    w.write_record([
        "ratings",
        "mean",
        "",
        "",
        &f(r.ratings.mean),
        &r.ratings.ratings.to_string(),
    ])
    .map_err(e)?;
    for (i, n) in r.ratings.distribution.iter().enumerate() {
        w.write_record([
            "rating_score",
            &(i + 1).to_string(),
            "",
            &n.to_string(),
            "",
            "",
        ])
        .map_err(e)?;
    }
    for (section, bands) in [
        ("rating_by_wait", &r.ratings.by_wait),
        ("rating_by_service_time", &r.ratings.by_service_time),
    ] {
        for b in bands {
            w.write_record([
                section,
                b.key.as_str(),
                "",
                "",
                &f(b.mean),
                &b.ratings.to_string(),
            ])
            .map_err(e)?;
        }
    }
    let mut groups = vec![
        ("rating_by_desk", &r.ratings.by_desk),
        ("rating_by_category", &r.ratings.by_service),
    ];
    if audience == FeedbackAudience::Internal {
        groups.push(("rating_by_staff", &r.ratings.by_staff));
    }
    for (section, gs) in groups {
        for g in gs {
            let (k, l) = (defuse(&g.key), defuse(&g.label));
            w.write_record([
                section,
                k.as_str(),
                l.as_str(),
                "",
                &f(g.mean),
                &g.ratings.to_string(),
            ])
            .map_err(e)?;
        }
    }
    w.into_inner()
        .map_err(|x| CoreError::Internal(x.to_string()))
}
