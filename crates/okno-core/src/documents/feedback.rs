//! The citizen's voice on paper: the answer to a feedback item as a letter in the citizen's
//! language, and the analysis of a period as a report — internal (every figure the reader may
//! see) or public (no personal data, no staff names, no single person's figures) — as PDF in
//! the office's language (or another) and as CSV.

use chrono::NaiveDate;
use okno_wire::{
    FeedbackAudience, FeedbackCount, FeedbackReport, Locale, OfficeView, Permission, RatingBand,
    RatingGroup, ReportFormat,
};
use uuid::Uuid;

use super::calendar::{localize_digits, office_date};
use super::day_report::defuse;
use super::sheet::Sheet;
use super::{Doc, Weight, A4_HEIGHT_MM, A4_WIDTH_MM};
use crate::auth::Actor;
use crate::error::{CoreError, Result};
use crate::Workstation;

/// The documents' own words, in the five languages (en, hu, sk, sv, fa).
pub fn label(key: &str, locale: Locale) -> &'static str {
    let row: [&'static str; 5] = match key {
        "answer_title" => [
            "Answer to your feedback",
            "Válasz észrevételére",
            "Odpoveď na váš podnet",
            "Svar på dina synpunkter",
            "پاسخ به بازخورد شما",
        ],
        "ref" => [
            "Our reference",
            "Iktatószám",
            "Naše číslo",
            "Vårt diarienummer",
            "شماره پرونده",
        ],
        "received" => ["Received", "Beérkezett", "Prijaté", "Inkom", "تاریخ دریافت"],
        "date" => ["Date", "Kelt", "Dátum", "Datum", "تاریخ"],
        "dear" => [
            "Dear",
            "Tisztelt",
            "Vážená pani / Vážený pán",
            "Hej",
            "جناب آقای / سرکار خانم",
        ],
        "dear_anon" => [
            "Dear citizen,",
            "Tisztelt Ügyfelünk!",
            "Vážený občan,",
            "Hej,",
            "شهروند گرامی،",
        ],
        "your_item" => [
            "Your message",
            "Az Ön üzenete",
            "Vaša správa",
            "Ditt meddelande",
            "پیام شما",
        ],
        "regards" => [
            "Yours sincerely",
            "Tisztelettel",
            "S pozdravom",
            "Med vänliga hälsningar",
            "با احترام",
        ],
        "report_title" => [
            "The citizen's voice",
            "Az ügyfelek véleménye",
            "Hlas občanov",
            "Medborgarnas röst",
            "صدای شهروندان",
        ],
        "public_report" => [
            "Public report",
            "Nyilvános beszámoló",
            "Verejná správa",
            "Offentlig rapport",
            "گزارش عمومی",
        ],
        "internal_report" => [
            "Internal report",
            "Belső jelentés",
            "Interná správa",
            "Intern rapport",
            "گزارش داخلی",
        ],
        "period" => ["Period", "Időszak", "Obdobie", "Period", "دوره"],
        "total" => [
            "Items received",
            "Beérkezett észrevételek",
            "Prijaté podnety",
            "Inkomna ärenden",
            "موارد دریافت‌شده",
        ],
        "by_kind" => [
            "By kind",
            "Típus szerint",
            "Podľa druhu",
            "Per typ",
            "به تفکیک نوع",
        ],
        "by_channel" => [
            "By channel",
            "Csatorna szerint",
            "Podľa kanála",
            "Per kanal",
            "به تفکیک مسیر",
        ],
        "by_about" => [
            "What they were about",
            "Mire vonatkoztak",
            "Čoho sa týkali",
            "Vad de gällde",
            "موضوع",
        ],
        "by_service" => [
            "By service",
            "Szolgáltatás szerint",
            "Podľa služby",
            "Per tjänst",
            "به تفکیک خدمت",
        ],
        "by_agency" => [
            "By agency",
            "Szerv szerint",
            "Podľa úradu",
            "Per myndighet",
            "به تفکیک سازمان",
        ],
        "by_desk" => [
            "By desk",
            "Ügyfélpult szerint",
            "Podľa prepážky",
            "Per disk",
            "به تفکیک باجه",
        ],
        "by_state" => [
            "Where they stand",
            "Állapot szerint",
            "Stav vybavenia",
            "Status",
            "وضعیت",
        ],
        "by_month" => [
            "By month",
            "Havonta",
            "Podľa mesiacov",
            "Per månad",
            "به تفکیک ماه",
        ],
        "root_causes" => [
            "Root causes",
            "Kiváltó okok",
            "Príčiny",
            "Grundorsaker",
            "علت‌های ریشه‌ای",
        ],
        "answers" => [
            "Answers against the deadline",
            "Válaszadás a határidőhöz képest",
            "Odpovede v lehote",
            "Svar inom tidsfristen",
            "پاسخ‌گویی در مهلت قانونی",
        ],
        "answered" => [
            "Answered",
            "Megválaszolva",
            "Zodpovedané",
            "Besvarade",
            "پاسخ داده‌شده",
        ],
        "on_time" => [
            "within the deadline",
            "határidőn belül",
            "v lehote",
            "inom tidsfristen",
            "در مهلت",
        ],
        "late" => ["late", "késve", "po lehote", "för sent", "با تأخیر"],
        "open" => [
            "Still open",
            "Folyamatban",
            "Otvorené",
            "Pågående",
            "در جریان",
        ],
        "overdue" => [
            "past the deadline",
            "határidőn túl",
            "po lehote",
            "efter tidsfristen",
            "گذشته از مهلت",
        ],
        "median_days" => [
            "Median days to answer",
            "Válaszadás medián ideje (nap)",
            "Medián dní do odpovede",
            "Median dagar till svar",
            "میانه روزهای پاسخ‌گویی",
        ],
        "p90_days" => [
            "90 % answered within (days)",
            "A válaszok 90%-a ennyi napon belül",
            "90 % odpovedí do (dní)",
            "90 % besvarade inom (dagar)",
            "۹۰٪ پاسخ‌ها ظرف (روز)",
        ],
        "suggestions" => [
            "Suggestions and ideas",
            "Javaslatok és ötletek",
            "Návrhy a nápady",
            "Förslag och idéer",
            "پیشنهادها و ایده‌ها",
        ],
        "adopted" => [
            "adopted",
            "megvalósítva",
            "prijaté",
            "genomförda",
            "پذیرفته‌شده",
        ],
        "ratings" => [
            "Ratings of visits",
            "Az ügyintézés értékelése",
            "Hodnotenie návštev",
            "Betyg på besöken",
            "امتیاز مراجعات",
        ],
        "mean" => [
            "Average (1–5)",
            "Átlag (1–5)",
            "Priemer (1–5)",
            "Medel (1–5)",
            "میانگین (۱ تا ۵)",
        ],
        "rated_share" => [
            "visits rated",
            "értékelt ügyintézés",
            "hodnotených návštev",
            "besök med betyg",
            "مراجعه امتیازداده‌شده",
        ],
        "by_wait" => [
            "Rating against waiting time (minutes)",
            "Értékelés a várakozási idő szerint (perc)",
            "Hodnotenie podľa čakania (min)",
            "Betyg efter väntetid (minuter)",
            "امتیاز بر حسب زمان انتظار (دقیقه)",
        ],
        "by_service_time" => [
            "Rating against service time (minutes)",
            "Értékelés az ügyintézés ideje szerint (perc)",
            "Hodnotenie podľa dĺžky vybavenia (min)",
            "Betyg efter handläggningstid (minuter)",
            "امتیاز بر حسب مدت رسیدگی (دقیقه)",
        ],
        "ratings_by_desk" => [
            "Rating by desk",
            "Értékelés ügyfélpultonként",
            "Hodnotenie podľa prepážky",
            "Betyg per disk",
            "امتیاز به تفکیک باجه",
        ],
        "ratings_by_service" => [
            "Rating by queue category",
            "Értékelés ügytípusonként",
            "Hodnotenie podľa kategórie",
            "Betyg per kö",
            "امتیاز به تفکیک نوبت",
        ],
        "ratings_by_staff" => [
            "Rating by member of staff (supervisors only)",
            "Értékelés ügyintézőnként (csak vezetőknek)",
            "Hodnotenie podľa pracovníka (len vedúci)",
            "Betyg per medarbetare (endast chefer)",
            "امتیاز به تفکیک کارمند (فقط سرپرستان)",
        ],
        "reasons" => [
            "Reasons given",
            "Megjelölt okok",
            "Uvedené dôvody",
            "Angivna skäl",
            "دلایل ذکرشده",
        ],
        "none" => [
            "None in this period.",
            "Ebben az időszakban nincs.",
            "V tomto období žiadne.",
            "Inga under perioden.",
            "در این دوره موردی نبود.",
        ],
        "no_personal" => [
            "This report contains no personal data and names no member of staff.",
            "A beszámoló személyes adatot nem tartalmaz, munkatársat nem nevez meg.",
            "Správa neobsahuje osobné údaje ani mená zamestnancov.",
            "Rapporten innehåller inga personuppgifter och namnger ingen medarbetare.",
            "این گزارش هیچ داده شخصی و نام هیچ کارمندی را در بر ندارد.",
        ],
        "ratings_n" => ["ratings", "értékelés", "hodnotení", "betyg", "امتیاز"],
        // Kinds, channels, subjects, states and reasons.
        "complaint" => ["Complaint", "Panasz", "Sťažnosť", "Klagomål", "شکایت"],
        "suggestion" => ["Suggestion", "Javaslat", "Návrh", "Förslag", "پیشنهاد"],
        "idea" => ["Idea", "Ötlet", "Nápad", "Idé", "ایده"],
        "praise" => ["Praise", "Dicséret", "Pochvala", "Beröm", "قدردانی"],
        "question" => ["Question", "Kérdés", "Otázka", "Fråga", "پرسش"],
        "callback" => [
            "Call-back request",
            "Visszahívás kérése",
            "Žiadosť o spätné volanie",
            "Begäran om återuppringning",
            "درخواست تماس",
        ],
        "desk" => [
            "At a desk",
            "Ügyfélpultnál",
            "Na prepážke",
            "Vid en disk",
            "در باجه",
        ],
        "public_page" => [
            "Web page",
            "Weboldal",
            "Webová stránka",
            "Webbsida",
            "صفحه وب",
        ],
        "kiosk" => ["Kiosk", "Információs terminál", "Kiosk", "Kiosk", "کیوسک"],
        "open311" => [
            "City apps (Open311)",
            "Városi alkalmazások (Open311)",
            "Mestské aplikácie (Open311)",
            "Stadens appar (Open311)",
            "برنامه‌های شهری (Open311)",
        ],
        "rating" => [
            "Rating comment",
            "Értékelés megjegyzése",
            "Komentár k hodnoteniu",
            "Kommentar till betyg",
            "نظر همراه امتیاز",
        ],
        "office" => [
            "The office in general",
            "A hivatal általában",
            "Úrad všeobecne",
            "Kontoret i allmänhet",
            "اداره به طور کلی",
        ],
        "service" => [
            "A service",
            "Egy szolgáltatás",
            "Služba",
            "En tjänst",
            "یک خدمت",
        ],
        "agency" => [
            "An agency",
            "Egy szerv",
            "Úrad",
            "En myndighet",
            "یک سازمان",
        ],
        "desk_about" => ["A desk", "Egy ügyfélpult", "Prepážka", "En disk", "یک باجه"],
        "staff" => [
            "A member of staff",
            "Egy munkatárs",
            "Pracovník",
            "En medarbetare",
            "یک کارمند",
        ],
        "received_state" => ["Received", "Beérkezett", "Prijaté", "Mottaget", "دریافت‌شده"],
        "in_progress" => [
            "In progress",
            "Folyamatban",
            "Vybavuje sa",
            "Pågår",
            "در حال رسیدگی",
        ],
        "answered_state" => [
            "Answered",
            "Megválaszolva",
            "Zodpovedané",
            "Besvarat",
            "پاسخ داده‌شده",
        ],
        "closed" => ["Closed", "Lezárva", "Uzavreté", "Avslutat", "بسته‌شده"],
        "rejected" => [
            "Not taken up",
            "Elutasítva",
            "Zamietnuté",
            "Avvisat",
            "رد شده",
        ],
        "friendly" => [
            "Friendly",
            "Barátságos",
            "Priateľskí",
            "Vänligt",
            "رفتار خوب",
        ],
        "competent" => [
            "Competent",
            "Hozzáértő",
            "Odborní",
            "Kunnigt",
            "مسلط به کار",
        ],
        "quick" => ["Quick", "Gyors", "Rýchlo", "Snabbt", "سریع"],
        "clear" => ["Clear", "Érthető", "Zrozumiteľne", "Tydligt", "روشن و واضح"],
        "long_wait" => [
            "Long wait",
            "Hosszú várakozás",
            "Dlhé čakanie",
            "Lång väntan",
            "انتظار طولانی",
        ],
        "unfriendly" => [
            "Unfriendly",
            "Barátságtalan",
            "Nepriateľskí",
            "Ovänligt",
            "رفتار نامناسب",
        ],
        "unclear" => [
            "Unclear",
            "Érthetetlen",
            "Nezrozumiteľne",
            "Otydligt",
            "نامفهوم",
        ],
        "unresolved" => [
            "Not resolved",
            "Nem intéződött el",
            "Nevybavené",
            "Inte löst",
            "حل نشد",
        ],
        _ => ["", "", "", "", ""],
    };
    row[Locale::ALL.iter().position(|l| *l == locale).unwrap_or(0)]
}

/// The label of a code of the report (kinds, channels, subjects, states, reasons).
fn code_label(dim: &str, key: &str, locale: Locale) -> String {
    let k = match (dim, key) {
        ("about", "desk") => "desk_about",
        ("state", "received") => "received_state",
        ("state", "answered") => "answered_state",
        _ => key,
    };
    let l = label(k, locale);
    if l.is_empty() {
        key.to_string()
    } else {
        l.to_string()
    }
}

/// A half-year's label (`1397 H2`) in the reader's words ("the second half of 1397"); any other
/// period as it is, in the reader's digits.
fn period_label(label: &str, locale: Locale) -> String {
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

fn num(n: impl ToString, locale: Locale) -> String {
    localize_digits(&n.to_string(), locale)
}

fn dec(v: Option<f64>, locale: Locale) -> String {
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
