//! The queue ticket on 80 mm receipt paper: the office, the category, the number large, when it
//! was taken, how many wait before it, and a QR code to its public status page — in the
//! ticket's language (the citizen's), digits and direction included.

use okno_wire::{Locale, OfficeView, TicketPriority, TicketView};

use super::calendar::{localize_digits, office_date_time};
use super::{rgb, Align, Direction, Doc, Page, Weight};
use crate::error::Result;

pub const WIDTH_MM: f32 = 80.0;
/// The longest a ticket gets; the paper is cut where its text ends.
const MAX_HEIGHT_MM: f32 = 200.0;

fn label(key: &str, locale: Locale) -> &'static str {
    let row: [&'static str; 5] = match key {
        "title" => [
            "Queue ticket",
            "Sorszám",
            "Poradový lístok",
            "Kölapp",
            "نوبت",
        ],
        "taken" => ["Taken", "Kiadva", "Vydané", "Tagen", "زمان دریافت"],
        "ahead" => [
            "Waiting before you",
            "Ön előtt várakozik",
            "Pred vami čaká",
            "Före dig väntar",
            "افراد پیش از شما",
        ],
        "wait" => [
            "Estimated wait (minutes)",
            "Várható várakozás (perc)",
            "Predpokladané čakanie (minúty)",
            "Beräknad väntetid (minuter)",
            "زمان تقریبی انتظار (دقیقه)",
        ],
        "scan" => [
            "Scan to follow your place in the line",
            "Olvassa be, és kövesse, hányadik a sorban",
            "Naskenujte a sledujte svoje poradie",
            "Skanna för att följa din plats i kön",
            "برای دیدن نوبت خود اسکن کنید",
        ],
        "watch" => [
            "Please watch the screen: your number will be called.",
            "Kérjük, figyelje a kijelzőt: a számát szólítani fogjuk.",
            "Sledujte, prosím, obrazovku: vaše číslo vyvoláme.",
            "Håll utkik på skärmen: ditt nummer ropas upp.",
            "لطفاً به نمایشگر توجه کنید؛ شماره شما اعلام می‌شود.",
        ],
        "mobility" => [
            "Priority: reduced mobility",
            "Elsőbbség: mozgáskorlátozott",
            "Prednosť: obmedzená pohyblivosť",
            "Förtur: nedsatt rörlighet",
            "اولویت: کم‌توانی حرکتی",
        ],
        "needs" => [
            "Priority: other needs",
            "Elsőbbség: egyéb szükséglet",
            "Prednosť: iné potreby",
            "Förtur: andra behov",
            "اولویت: نیاز ویژه",
        ],
        "private" => [
            "Private conversation requested",
            "Négyszemközti beszélgetést kért",
            "Žiadosť o súkromný rozhovor",
            "Enskilt samtal önskas",
            "درخواست گفت‌وگوی خصوصی",
        ],
        _ => ["", "", "", "", ""],
    };
    row[match locale {
        Locale::En => 0,
        Locale::Hu => 1,
        Locale::Sk => 2,
        Locale::Sv => 3,
        Locale::Fa => 4,
    }]
}

/// Renders a ticket in its own language, on a page as long as its text (receipt paper is cut
/// where the ticket ends).
pub fn render(office: &OfficeView, tz: chrono_tz::Tz, t: &TicketView) -> Result<Vec<u8>> {
    // Laid out once to find where the text ends (never written out), then drawn on paper cut
    // there and written uncompressed, like a receipt (see `Doc::finish_uncompressed`).
    let end = draw(office, tz, t, MAX_HEIGHT_MM)?.1;
    Ok(draw(office, tz, t, (end + 8.0).min(MAX_HEIGHT_MM))?
        .0
        .finish_uncompressed())
}

/// The ticket on a page `height` long, and where its text ended.
fn draw(office: &OfficeView, tz: chrono_tz::Tz, t: &TicketView, height: f32) -> Result<(Doc, f32)> {
    let locale = t.locale;
    let l = |k: &str| label(k, locale);
    let ink = rgb(0x1d, 0x26, 0x33);
    let muted = rgb(0x5b, 0x67, 0x78);
    let mid = WIDTH_MM / 2.0;
    let width = WIDTH_MM - 10.0;

    let mut doc = Doc::new(&format!("{} {}", l("title"), t.number))?;
    let mut p: Page = doc.page_sized(Direction::of(locale), WIDTH_MM, height);
    let mut y = 9.0;
    y = p.paragraph(
        mid,
        y,
        width,
        10.0,
        Weight::Bold,
        ink.clone(),
        Align::Center,
        &office.name,
    );
    y += 1.5;
    let category = t
        .category_names
        .get(locale.code())
        .or_else(|| t.category_names.get("en"))
        .cloned()
        .unwrap_or_else(|| t.category.clone());
    y = p.paragraph(
        mid,
        y,
        width,
        10.0,
        Weight::Regular,
        muted.clone(),
        Align::Center,
        &category,
    );
    // The number, as large as the paper allows; its digits in the citizen's script.
    y += 14.0;
    p.text(
        mid,
        y,
        40.0,
        Weight::Bold,
        ink.clone(),
        Align::Center,
        &localize_digits(&t.number, locale),
    );
    y += 8.0;
    let local = t.taken_at.with_timezone(&tz);
    let taken = office_date_time(
        local.date_naive(),
        &local.format("%H:%M").to_string(),
        office.calendar,
        locale,
    );
    y = p.paragraph(
        mid,
        y,
        width,
        8.5,
        Weight::Regular,
        muted.clone(),
        Align::Center,
        &format!("{}: {taken}", l("taken")),
    );
    if let (Some(ahead), Some(wait)) = (t.ahead, t.estimated_wait_minutes) {
        y += 1.0;
        for (k, v) in [("ahead", ahead), ("wait", wait)] {
            y = p.paragraph(
                mid,
                y,
                width,
                9.0,
                Weight::Regular,
                ink.clone(),
                Align::Center,
                &format!("{}: {}", l(k), localize_digits(&v.to_string(), locale)),
            );
        }
    }
    let notes: Vec<&str> = [
        (t.priority == TicketPriority::Mobility).then(|| l("mobility")),
        (t.priority == TicketPriority::Needs).then(|| l("needs")),
        t.private.then(|| l("private")),
    ]
    .into_iter()
    .flatten()
    .collect();
    for n in notes {
        y = p.paragraph(
            mid,
            y,
            width,
            8.5,
            Weight::Bold,
            ink.clone(),
            Align::Center,
            n,
        );
    }
    y += 2.0;
    if let Some(url) = &t.status_url {
        let size = 30.0;
        if p.qr(mid - size / 2.0, y, size, url) {
            y += size + 4.0;
            y = p.paragraph(
                mid,
                y,
                width,
                8.0,
                Weight::Regular,
                muted.clone(),
                Align::Center,
                l("scan"),
            );
        }
    }
    y += 2.0;
    let end = p.paragraph(
        mid,
        y,
        width,
        8.5,
        Weight::Regular,
        ink,
        Align::Center,
        l("watch"),
    );
    doc.push(p);
    Ok((doc, end))
}
