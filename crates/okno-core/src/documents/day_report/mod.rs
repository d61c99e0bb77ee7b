//! The report of a day or period (supervisors): the figures of the review, a line chart of the
//! days and a bar chart of the services, the breakdowns as tables, what was voided and which
//! conflicts were settled, and the sign-off — as PDF (A4, the five languages, right-to-left
//! for Persian) and as CSV (one long table, stable keys, labels in the chosen language).

use chrono::{DateTime, Utc};
use okno_wire::{
    CaseFigures, ConflictDecision, DayReview, Locale, LocalizedText, OfficeView, ReviewGroup,
};

use super::calendar::{format_date, format_money, localize_digits, office_date, office_date_time};
use super::clause::pick;
use super::{isolate, rgb, Align, Direction, Doc, Page, Weight, A4_HEIGHT_MM, A4_WIDTH_MM};
use crate::error::Result;

mod csv;
pub(crate) mod pdf;

pub(crate) use csv::defuse;
pub(crate) use csv::field;
pub use csv::{csv_header, render_csv, CSV_COLUMNS};
pub use pdf::render_pdf;

/// The report's words.
pub fn label(key: &str, locale: Locale) -> &'static str {
    pick(
        locale,
        match key {
            "title_day" => [
                "Day report",
                "Napi jelentés",
                "Denný výkaz",
                "Dagsrapport",
                "گزارش روزانه",
            ],
            "title_period" => [
                "Period report",
                "Időszaki jelentés",
                "Výkaz za obdobie",
                "Periodrapport",
                "گزارش دوره",
            ],
            "received" => ["Received", "Beérkezett", "Prijaté", "Inkomna", "دریافت‌شده"],
            "resolved" => [
                "Resolved",
                "Elintézett",
                "Vybavené",
                "Avgjorda",
                "رسیدگی‌شده",
            ],
            "rejected" => ["Rejected", "Elutasított", "Zamietnuté", "Avvisade", "ردشده"],
            "open" => [
                "Open at end",
                "Nyitott a végén",
                "Otvorené na konci",
                "Öppna vid slutet",
                "باز در پایان",
            ],
            "overdue" => [
                "Overdue",
                "Határidőn túli",
                "Po termíne",
                "Försenade",
                "معوق",
            ],
            "median" => [
                "Handling time, median",
                "Ügyintézési idő, medián",
                "Doba vybavenia, medián",
                "Handläggningstid, median",
                "زمان رسیدگی، میانه",
            ],
            "p90" => [
                "Handling time, 90th percentile",
                "Ügyintézési idő, 90. percentilis",
                "Doba vybavenia, 90. percentil",
                "Handläggningstid, 90:e percentilen",
                "زمان رسیدگی، صدک ۹۰",
            ],
            "by_day" => [
                "Day by day",
                "Naponként",
                "Po dňoch",
                "Dag för dag",
                "روز به روز",
            ],
            "by_service" => [
                "By service",
                "Szolgáltatásonként",
                "Podľa služby",
                "Per tjänst",
                "بر اساس خدمت",
            ],
            "by_agency" => [
                "By agency",
                "Hivatalonként",
                "Podľa úradu",
                "Per myndighet",
                "بر اساس سازمان",
            ],
            "by_channel" => [
                "By channel",
                "Csatornánként",
                "Podľa kanála",
                "Per kanal",
                "بر اساس مجرا",
            ],
            "by_clerk" => [
                "By clerk",
                "Ügyintézőnként",
                "Podľa pracovníka",
                "Per handläggare",
                "بر اساس کارمند",
            ],
            "nobody" => ["Nobody", "Senki", "Nikto", "Ingen", "هیچ‌کس"],
            "certifications" => [
                "Certifications",
                "Hitelesítések",
                "Osvedčenia",
                "Bestyrkanden",
                "گواهی‌ها",
            ],
            "signatures" => [
                "signatures",
                "aláírás",
                "podpisov",
                "namnteckningar",
                "امضا",
            ],
            "copies" => ["copies", "másolat", "kópií", "kopior", "رونوشت"],
            "corrections" => ["corrections", "javítás", "opráv", "rättelser", "اصلاحیه"],
            "cancellations" => [
                "cancellations",
                "visszavonás",
                "zrušení",
                "makuleringar",
                "ابطال",
            ],
            "fees" => ["fees", "díj", "poplatky", "avgifter", "هزینه‌ها"],
            "prints" => [
                "printed copies",
                "nyomtatott példány",
                "vytlačených kópií",
                "utskrivna exemplar",
                "نسخهٔ چاپی",
            ],
            "filings" => [
                "Filing registry",
                "Iktatókönyv",
                "Podací denník",
                "Diarium",
                "دفتر ثبت مکاتبات",
            ],
            "incoming" => ["incoming", "bejövő", "došlé", "inkommande", "وارده"],
            "outgoing" => ["outgoing", "kimenő", "odoslané", "utgående", "صادره"],
            "voided" => [
                "Voided numbers",
                "Érvénytelenített számok",
                "Zrušené čísla",
                "Makulerade nummer",
                "شماره‌های باطل‌شده",
            ],
            "none" => ["None.", "Nincs.", "Žiadne.", "Inga.", "هیچ."],
            "conflicts" => [
                "Sync conflicts settled",
                "Rendezett szinkronizálási ütközések",
                "Vyriešené konflikty synchronizácie",
                "Lösta synkroniseringskonflikter",
                "تعارض‌های همگام‌سازیِ حل‌شده",
            ],
            "keep_server" => [
                "kept the server's status",
                "a szerver állapota maradt",
                "ponechaný stav zo servera",
                "serverns status behölls",
                "وضعیت سرور حفظ شد",
            ],
            "move_to" => [
                "moved to",
                "áthelyezve:",
                "presunuté do stavu",
                "flyttad till",
                "منتقل شد به",
            ],
            "signed" => [
                "Signed off by",
                "Lezárta",
                "Uzavrel(a)",
                "Avslutad av",
                "بسته‌شده توسط",
            ],
            "not_signed" => [
                "Not signed off yet",
                "Még nincs lezárva",
                "Zatiaľ neuzavretý",
                "Ännu inte avslutad",
                "هنوز بسته نشده",
            ],
            "generated" => ["Generated", "Készült", "Vytvorené", "Skapad", "تهیه‌شده"],
            "page" => ["Page", "Oldal", "Strana", "Sida", "صفحه"],
            "hours" => ["h", "ó", "h", "h", "ساعت"],
            "days" => ["d", "nap", "d", "d", "روز"],
            "open_short" => ["Open", "Nyitott", "Otvorené", "Öppna", "باز"],
            "median_short" => ["Median", "Medián", "Medián", "Median", "میانه"],
            _ => ["", "", "", "", ""],
        },
    )
}

fn channel_name(code: &str, locale: Locale) -> &'static str {
    pick(
        locale,
        match code {
            "walk_in" => ["Walk-in", "Személyes", "Osobne", "Besök", "حضوری"],
            "phone" => ["Phone", "Telefon", "Telefón", "Telefon", "تلفن"],
            "email" => ["E-mail", "E-mail", "E-mail", "E-post", "ایمیل"],
            "post" => ["Post", "Posta", "Pošta", "Post", "پست"],
            _ => ["?", "?", "?", "?", "?"],
        },
    )
}

fn status_word(code: &str, locale: Locale) -> &'static str {
    pick(
        locale,
        match code {
            "received" => ["received", "beérkezett", "prijatý", "inkommen", "دریافت‌شده"],
            "in_progress" => [
                "in progress",
                "folyamatban",
                "v riešení",
                "pågår",
                "در جریان",
            ],
            "waiting_for_citizen" => [
                "waiting for the citizen",
                "ügyfélre vár",
                "čaká na občana",
                "väntar på medborgaren",
                "در انتظار شهروند",
            ],
            "forwarded_to_agency" => [
                "forwarded to the agency",
                "továbbítva",
                "postúpený úradu",
                "vidarebefordrad",
                "ارجاع به سازمان",
            ],
            "resolved" => ["resolved", "elintézve", "vybavený", "avgjord", "رسیدگی‌شده"],
            "closed" => ["closed", "lezárva", "uzavretý", "stängd", "بسته"],
            "rejected" => ["rejected", "elutasítva", "zamietnutý", "avvisad", "ردشده"],
            _ => ["?", "?", "?", "?", "?"],
        },
    )
}

fn names_in(names: &LocalizedText, locale: Locale) -> String {
    names
        .get(locale.code())
        .or_else(|| names.get("en"))
        .or_else(|| names.values().next())
        .cloned()
        .unwrap_or_default()
}

/// The name of a breakdown group in `locale`.
pub fn group_name(dim: &str, g: &ReviewGroup, locale: Locale) -> String {
    match dim {
        "channel" => channel_name(&g.key, locale).to_string(),
        "clerk" => g
            .label
            .clone()
            .unwrap_or_else(|| label("nobody", locale).to_string()),
        _ => names_in(&g.names, locale),
    }
}

/// A duration as hours (under two days) or days, with one decimal.
pub fn duration(ms: Option<i64>, locale: Locale) -> String {
    let Some(ms) = ms else {
        return "–".into();
    };
    let hours = ms as f64 / 3_600_000.0;
    let (v, unit) = if hours < 48.0 {
        (hours, label("hours", locale))
    } else {
        (hours / 24.0, label("days", locale))
    };
    let s = format!("{v:.1}");
    let s = match locale {
        Locale::Hu | Locale::Sk | Locale::Sv => s.replace('.', ","),
        Locale::Fa => s.replace('.', "٫"),
        Locale::En => s,
    };
    localize_digits(&format!("{s} {unit}"), locale)
}

fn num(n: i64, locale: Locale) -> String {
    localize_digits(&n.to_string(), locale)
}

fn instant(t: DateTime<Utc>, office: &OfficeView, locale: Locale) -> String {
    let tz: chrono_tz::Tz = office.time_zone.parse().unwrap_or(chrono_tz::UTC);
    let local = t.with_timezone(&tz);
    office_date_time(
        local.date_naive(),
        &local.format("%H:%M").to_string(),
        office.calendar,
        locale,
    )
}
