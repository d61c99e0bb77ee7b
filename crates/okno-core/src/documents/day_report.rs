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

/// Colours: a dark blue, an orange and a grey that stay apart for colour-blind readers.
const SERIES: [(u8, u8, u8); 3] = [(0x1f, 0x4e, 0x8c), (0xd9, 0x73, 0x1a), (0x6b, 0x75, 0x82)];

/// A round upper bound for an axis.
fn nice_max(v: i64) -> i64 {
    let v = v.max(1);
    let mag = 10i64.pow((v as f64).log10().floor() as u32);
    for m in [1, 2, 5, 10] {
        if m * mag >= v {
            return m * mag;
        }
    }
    10 * mag
}

struct Layout {
    rtl: bool,
    margin: f32,
    right: f32,
}

impl Layout {
    /// x of a point `d` mm from the inline start.
    fn x(&self, d: f32) -> f32 {
        if self.rtl {
            self.right - d
        } else {
            self.margin + d
        }
    }
    fn width(&self) -> f32 {
        self.right - self.margin
    }
    fn start(&self) -> Align {
        if self.rtl {
            Align::End
        } else {
            Align::Start
        }
    }
    fn end(&self) -> Align {
        if self.rtl {
            Align::Start
        } else {
            Align::End
        }
    }
}

pub fn render_pdf(
    office: &OfficeView,
    review: &DayReview,
    locale: Locale,
    printed_at: DateTime<Utc>,
) -> Result<Vec<u8>> {
    let l = |k: &str| label(k, locale);
    let lay = Layout {
        rtl: locale.is_rtl(),
        margin: 14.0,
        right: A4_WIDTH_MM - 14.0,
    };
    let ink = rgb(0x1d, 0x26, 0x33);
    let muted = rgb(0x5b, 0x67, 0x78);
    let accent = rgb(0x1f, 0x4e, 0x8c);
    let rule = rgb(0xdd, 0xe3, 0xea);
    let cal = review.calendar;
    let single = review.from == review.to;
    let title = if single {
        l("title_day")
    } else {
        l("title_period")
    };
    let period = if single {
        office_date(review.from, cal, locale)
    } else {
        format!(
            "{} – {}",
            office_date(review.from, cal, locale),
            office_date(review.to, cal, locale)
        )
    };
    let mut doc = Doc::new(&format!("{title} {period}"))?;
    let mut pages: Vec<Page> = Vec::new();
    let dir = Direction::of(locale);
    let mut p = doc.page(dir);
    let mut y;

    // Heading.
    p.text(
        lay.x(0.0),
        18.0,
        16.0,
        Weight::Bold,
        accent.clone(),
        lay.start(),
        title,
    );
    p.text(
        lay.x(0.0),
        26.0,
        10.0,
        Weight::Regular,
        ink.clone(),
        lay.start(),
        &format!("{} · {}", office.name, isolate(&period)),
    );
    let signed = if single {
        match review.closes.first() {
            Some(c) => format!(
                "{} {} · {}",
                l("signed"),
                c.closed_by_name.clone().unwrap_or_default(),
                instant(c.closed_at, office, locale)
            ),
            None => l("not_signed").to_string(),
        }
    } else {
        review
            .closes
            .iter()
            .map(|c| office_date(c.day, cal, locale))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if !signed.is_empty() {
        p.text(
            lay.x(0.0),
            32.0,
            9.0,
            Weight::Regular,
            muted.clone(),
            lay.start(),
            &signed,
        );
    }
    p.text(
        lay.x(lay.width()),
        18.0,
        8.0,
        Weight::Regular,
        muted.clone(),
        lay.end(),
        &format!("{} {}", l("generated"), instant(printed_at, office, locale)),
    );
    p.line(lay.margin, 36.0, lay.right, 36.0, 0.6, rule.clone());

    // Key figures: seven tiles in a row.
    let t = &review.totals;
    let tiles = [
        (l("received"), num(t.received, locale)),
        (l("resolved"), num(t.resolved, locale)),
        (l("rejected"), num(t.rejected, locale)),
        (l("open"), num(t.open, locale)),
        (l("overdue"), num(t.overdue, locale)),
        (l("median"), duration(t.handling_median_ms, locale)),
        (l("p90"), duration(t.handling_p90_ms, locale)),
    ];
    let tile_w = lay.width() / tiles.len() as f32;
    for (i, (name, value)) in tiles.iter().enumerate() {
        let x0 = lay.x(i as f32 * tile_w + 1.0);
        let left = if lay.rtl { x0 - (tile_w - 2.0) } else { x0 };
        p.rect(left, 40.0, tile_w - 2.0, 20.0, rgb(0xf1, 0xf4, 0xf8));
        // The value at 14 pt, smaller when it would not fit the tile.
        let mut size = 14.0;
        while size > 8.0 && Page::text_width(Weight::Bold, size, value) > tile_w - 6.0 {
            size -= 1.0;
        }
        p.text(
            lay.x(i as f32 * tile_w + 3.0),
            50.0,
            size,
            Weight::Bold,
            ink.clone(),
            lay.start(),
            value,
        );
        for (j, line) in p
            .wrap(name, tile_w - 5.0, 6.5, Weight::Regular)
            .iter()
            .take(2)
            .enumerate()
        {
            p.text_line(
                lay.x(i as f32 * tile_w + 3.0),
                54.5 + j as f32 * 2.8,
                6.5,
                Weight::Regular,
                muted.clone(),
                lay.start(),
                line,
            );
        }
    }
    y = 68.0;

    // Line chart of the days (a period), or nothing for one day.
    if review.days.len() > 1 {
        p.text(
            lay.x(0.0),
            y,
            11.0,
            Weight::Bold,
            ink.clone(),
            lay.start(),
            l("by_day"),
        );
        y += 4.0;
        let h = 45.0;
        let axis = 12.0; // room for the y labels
        let top = y;
        let bottom = y + h;
        let max = nice_max(
            review
                .days
                .iter()
                .map(|d| d.received.max(d.resolved).max(d.open))
                .max()
                .unwrap_or(1),
        );
        for k in 0..=4 {
            let v = max * k / 4;
            let gy = bottom - h * k as f32 / 4.0;
            p.line(lay.x(axis), gy, lay.x(lay.width()), gy, 0.3, rule.clone());
            p.text(
                lay.x(axis - 2.0),
                gy + 1.0,
                6.5,
                Weight::Regular,
                muted.clone(),
                lay.end(),
                &num(v, locale),
            );
        }
        let n = review.days.len();
        let plot_w = lay.width() - axis - 2.0;
        let px = |i: usize| lay.x(axis + 2.0 + plot_w * i as f32 / (n - 1) as f32);
        let py = |v: i64| bottom - h * v as f32 / max as f32;
        type Pick = fn(&okno_wire::ReviewDay) -> i64;
        let series: [(&str, Pick); 3] = [
            ("received", |d| d.received),
            ("resolved", |d| d.resolved),
            ("open", |d| d.open),
        ];
        for (si, (_, f)) in series.iter().enumerate() {
            let (r, g, b) = SERIES[si];
            for i in 1..n {
                p.line(
                    px(i - 1),
                    py(f(&review.days[i - 1])),
                    px(i),
                    py(f(&review.days[i])),
                    1.4,
                    rgb(r, g, b),
                );
            }
            if n <= 40 {
                for (i, d) in review.days.iter().enumerate() {
                    p.rect(px(i) - 0.6, py(f(d)) - 0.6, 1.2, 1.2, rgb(r, g, b));
                }
            }
        }
        // Day labels: first, last and a few between.
        let step = n.div_ceil(7).max(1);
        for (i, d) in review.days.iter().enumerate() {
            if i % step == 0 || i + 1 == n {
                p.text(
                    px(i),
                    bottom + 4.0,
                    6.5,
                    Weight::Regular,
                    muted.clone(),
                    Align::Center,
                    &format_date(d.day, cal, locale),
                );
            }
        }
        // Legend.
        let mut lx = axis;
        for (si, (k, _)) in series.iter().enumerate() {
            let (r, g, b) = SERIES[si];
            let x0 = lay.x(lx);
            let left = if lay.rtl { x0 - 4.0 } else { x0 };
            p.rect(left, top + h + 7.0, 4.0, 2.0, rgb(r, g, b));
            p.text(
                lay.x(lx + 5.5),
                top + h + 9.0,
                7.5,
                Weight::Regular,
                ink.clone(),
                lay.start(),
                l(k),
            );
            lx += 8.0 + Page::text_width(Weight::Regular, 7.5, l(k));
        }
        y = bottom + 16.0;
    }

    // Bar chart of the services: received and resolved, the ten largest.
    p.text(
        lay.x(0.0),
        y,
        11.0,
        Weight::Bold,
        ink.clone(),
        lay.start(),
        l("by_service"),
    );
    y += 5.0;
    let services: Vec<&ReviewGroup> = review.by_service.iter().take(10).collect();
    let name_w = 62.0;
    let value_w = 12.0;
    let bar_room = lay.width() - name_w - value_w;
    let max = nice_max(
        services
            .iter()
            .map(|g| g.figures.received.max(g.figures.resolved))
            .max()
            .unwrap_or(1),
    );
    if services.is_empty() {
        p.text(
            lay.x(0.0),
            y + 3.0,
            9.0,
            Weight::Regular,
            muted.clone(),
            lay.start(),
            l("none"),
        );
        y += 8.0;
    }
    for g in &services {
        let name = clip(&group_name("service", g, locale), name_w - 2.0, 8.0);
        p.text(
            lay.x(0.0),
            y + 3.2,
            8.0,
            Weight::Regular,
            ink.clone(),
            lay.start(),
            &name,
        );
        for (si, v) in [g.figures.received, g.figures.resolved]
            .into_iter()
            .enumerate()
        {
            let (r, gg, b) = SERIES[si];
            let w = (bar_room * v as f32 / max as f32).max(0.4);
            let by = y + si as f32 * 2.6;
            let x0 = lay.x(name_w);
            let left = if lay.rtl { x0 - w } else { x0 };
            p.rect(left, by, w, 2.2, rgb(r, gg, b));
            p.text(
                lay.x(name_w + w + 1.5),
                by + 2.0,
                6.5,
                Weight::Regular,
                muted.clone(),
                lay.start(),
                &num(v, locale),
            );
        }
        y += 7.0;
    }
    let mut lx = name_w;
    for (si, k) in ["received", "resolved"].iter().enumerate() {
        let (r, g, b) = SERIES[si];
        let x0 = lay.x(lx);
        let left = if lay.rtl { x0 - 4.0 } else { x0 };
        p.rect(left, y, 4.0, 2.0, rgb(r, g, b));
        p.text(
            lay.x(lx + 5.5),
            y + 2.0,
            7.5,
            Weight::Regular,
            ink.clone(),
            lay.start(),
            l(k),
        );
        lx += 8.0 + Page::text_width(Weight::Regular, 7.5, l(k));
    }
    y += 9.0;

    // Tables: agencies, channels, clerks.
    let cols: [(f32, &str); 7] = [
        (0.0, "group"),
        (0.40, "received"),
        (0.50, "resolved"),
        (0.60, "rejected"),
        (0.70, "open"),
        (0.80, "overdue"),
        (0.90, "median"),
    ];
    let col_x = |f: f32| lay.x(f * lay.width());
    let table = |p: &mut Page, y: &mut f32, title: &str, dim: &str, groups: &[ReviewGroup]| {
        p.text(
            col_x(0.0),
            *y,
            11.0,
            Weight::Bold,
            ink.clone(),
            lay.start(),
            title,
        );
        *y += 5.5;
        for (f, k) in cols.iter().skip(1) {
            let head = match *k {
                "median" => l("median_short"),
                "open" => l("open_short"),
                k => l(k),
            };
            p.text(
                col_x(*f),
                *y,
                6.5,
                Weight::Bold,
                muted.clone(),
                lay.start(),
                &clip(head, 0.1 * lay.width() - 1.0, 6.5),
            );
        }
        *y += 1.5;
        p.line(lay.margin, *y, lay.right, *y, 0.4, rule.clone());
        *y += 4.0;
        if groups.is_empty() {
            p.text(
                col_x(0.0),
                *y,
                8.0,
                Weight::Regular,
                muted.clone(),
                lay.start(),
                l("none"),
            );
            *y += 5.0;
        }
        for g in groups {
            let f = &g.figures;
            let cells = [
                clip(&group_name(dim, g, locale), 0.38 * lay.width(), 8.0),
                num(f.received, locale),
                num(f.resolved, locale),
                num(f.rejected, locale),
                num(f.open, locale),
                num(f.overdue, locale),
                duration(f.handling_median_ms, locale),
            ];
            for (i, (x, _)) in cols.iter().enumerate() {
                p.text(
                    col_x(*x),
                    *y,
                    8.0,
                    Weight::Regular,
                    ink.clone(),
                    lay.start(),
                    &cells[i],
                );
            }
            *y += 4.6;
        }
        *y += 4.0;
    };
    let sections: [(&str, &str, &[ReviewGroup]); 3] = [
        (l("by_agency"), "agency", &review.by_agency),
        (l("by_channel"), "channel", &review.by_channel),
        (l("by_clerk"), "clerk", &review.by_clerk),
    ];
    for (title, dim, groups) in sections {
        let need = 14.0 + 4.6 * groups.len().max(1) as f32;
        if y + need.min(60.0) > A4_HEIGHT_MM - 20.0 {
            pages.push(std::mem::replace(&mut p, doc.page(dir)));
            y = 20.0;
        }
        // Long lists continue on the next page.
        let mut rest = groups;
        while !rest.is_empty() || groups.is_empty() {
            let room = ((A4_HEIGHT_MM - 20.0 - y - 14.0) / 4.6).floor().max(1.0) as usize;
            let (now, later) = rest.split_at(room.min(rest.len()));
            table(&mut p, &mut y, title, dim, now);
            rest = later;
            if rest.is_empty() {
                break;
            }
            pages.push(std::mem::replace(&mut p, doc.page(dir)));
            y = 20.0;
        }
    }

    // Certifications, filings, voided numbers, conflicts.
    let c = &review.certifications;
    let lines: Vec<(String, String)> = vec![
        (
            l("certifications").to_string(),
            format!(
                "{} {} · {} {} · {} {} · {} {} · {} {} · {}: {}",
                num(c.signatures, locale),
                l("signatures"),
                num(c.copies, locale),
                l("copies"),
                num(c.corrections, locale),
                l("corrections"),
                num(c.cancellations, locale),
                l("cancellations"),
                num(c.prints, locale),
                l("prints"),
                l("fees"),
                format_money(c.fees_minor, &review.currency, locale)
            ),
        ),
        (
            l("filings").to_string(),
            format!(
                "{} {} · {} {}",
                num(review.filings.incoming, locale),
                l("incoming"),
                num(review.filings.outgoing, locale),
                l("outgoing")
            ),
        ),
    ];
    let list_section =
        |p: &mut Page, y: &mut f32, pages: &mut Vec<Page>, title: &str, items: Vec<String>| {
            if *y + 16.0 > A4_HEIGHT_MM - 20.0 {
                pages.push(std::mem::replace(p, doc.page(dir)));
                *y = 20.0;
            }
            p.text(
                lay.x(0.0),
                *y,
                11.0,
                Weight::Bold,
                ink.clone(),
                lay.start(),
                title,
            );
            *y += 5.5;
            let items = if items.is_empty() {
                vec![l("none").to_string()]
            } else {
                items
            };
            for item in items {
                for line in p.wrap(&item, lay.width(), 8.5, Weight::Regular) {
                    if *y > A4_HEIGHT_MM - 20.0 {
                        pages.push(std::mem::replace(p, doc.page(dir)));
                        *y = 20.0;
                    }
                    p.text_line(
                        lay.x(0.0),
                        *y,
                        8.5,
                        Weight::Regular,
                        ink.clone(),
                        lay.start(),
                        &line,
                    );
                    *y += 4.4;
                }
            }
            *y += 4.0;
        };
    for (title, text) in lines {
        list_section(&mut p, &mut y, &mut pages, &title, vec![text]);
    }
    let voided = review
        .voided
        .iter()
        .map(|v| {
            format!(
                "{} — {} ({})",
                v.label,
                v.reason,
                instant(v.at, office, locale)
            )
        })
        .collect();
    list_section(&mut p, &mut y, &mut pages, l("voided"), voided);
    let settled = review
        .conflicts_settled
        .iter()
        .map(|s| {
            let what = match (s.decision, s.to) {
                (ConflictDecision::MoveTo, Some(to)) => format!(
                    "{} {}",
                    l("move_to"),
                    status_word(crate::cases::status::code(to), locale)
                ),
                _ => l("keep_server").to_string(),
            };
            format!(
                "{}: {what} — {} ({}, {})",
                s.case_number.clone().unwrap_or_default(),
                s.note,
                s.settled_by.clone().unwrap_or_default(),
                instant(s.settled_at, office, locale)
            )
        })
        .collect();
    list_section(&mut p, &mut y, &mut pages, l("conflicts"), settled);
    pages.push(p);

    let total = pages.len();
    for (i, mut page) in pages.into_iter().enumerate() {
        page.text(
            A4_WIDTH_MM / 2.0,
            A4_HEIGHT_MM - 10.0,
            7.5,
            Weight::Regular,
            muted.clone(),
            Align::Center,
            &format!(
                "{} · {} · {} {} / {}",
                office.name,
                isolate(&period),
                l("page"),
                num(i as i64 + 1, locale),
                num(total as i64, locale)
            ),
        );
        doc.push(page);
    }
    Ok(doc.finish())
}

/// Cuts `s` to fit `width` mm at `size` pt, with an ellipsis.
fn clip(s: &str, width: f32, size: f32) -> String {
    if Page::text_width(Weight::Regular, size, s) <= width {
        return s.to_string();
    }
    let mut out = String::new();
    for ch in s.chars() {
        out.push(ch);
        if Page::text_width(Weight::Regular, size, &out) > width - 2.0 {
            out.pop();
            out.push('…');
            break;
        }
    }
    out
}

/// One CSV field: quoted when needed, and a leading `=`, `+`, `-` or `@` of a text defused so
/// a spreadsheet does not run it as a formula.
pub(crate) fn field(s: &str) -> String {
    let s = match s.chars().next() {
        Some('=' | '+' | '-' | '@') => format!("'{s}"),
        _ => s.to_string(),
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

fn hours(ms: Option<i64>) -> String {
    ms.map(|m| format!("{:.2}", m as f64 / 3_600_000.0))
        .unwrap_or_default()
}

/// The CSV's columns, in their fixed order: every row of the report has these.
pub const CSV_COLUMNS: [&str; 12] = [
    "section",
    "key",
    "label",
    "received",
    "resolved",
    "rejected",
    "open",
    "overdue",
    "handling_median_hours",
    "handling_p90_hours",
    "value",
    "note",
];

/// The CSV's header row in `locale`: the columns named for the people who open the file in a
/// spreadsheet. Programs read the columns by position (their order is fixed) and the rows by
/// the `section` and `key` columns, whose values are codes in every language.
pub fn csv_header(locale: Locale) -> String {
    let name = |column: &str| -> String {
        let hours = label("hours", locale);
        let row: [&str; 5] = match column {
            "section" => ["Section", "Szakasz", "Oddiel", "Avsnitt", "بخش"],
            "key" => ["Key", "Kulcs", "Kľúč", "Nyckel", "کلید"],
            "label" => ["Label", "Megnevezés", "Označenie", "Benämning", "عنوان"],
            "value" => ["Value", "Érték", "Hodnota", "Värde", "مقدار"],
            "note" => ["Note", "Megjegyzés", "Poznámka", "Anmärkning", "یادداشت"],
            "handling_median_hours" => return format!("{} ({hours})", label("median", locale)),
            "handling_p90_hours" => return format!("{} ({hours})", label("p90", locale)),
            other => return label(other, locale).to_string(),
        };
        pick(locale, row).to_string()
    };
    CSV_COLUMNS
        .iter()
        .map(|c| field(&name(c)))
        .collect::<Vec<_>>()
        .join(",")
}

/// The report as CSV (UTF-8 with a byte-order mark, so spreadsheets read the diacritics and
/// Persian right): a long table of `section` rows — `totals`, `day`, `service`, `agency`,
/// `channel`, `clerk`, `certifications`, `filings`, `voided`, `conflict_settled`, `sign_off`.
/// The header and the `label` column are in `locale` (dates in the office's calendar, with the
/// language's own beside it where they differ, in the language's digits); keys and figures
/// stay machine-readable (ISO dates, Western digits, a decimal point).
pub fn render_csv(review: &DayReview, locale: Locale) -> Vec<u8> {
    let mut out = String::from("\u{feff}");
    out.push_str(&csv_header(locale));
    out.push_str("\r\n");
    let mut row = |cells: [String; 12]| {
        out.push_str(&cells.iter().map(|c| field(c)).collect::<Vec<_>>().join(","));
        out.push_str("\r\n");
    };
    let figures = |section: &str, key: &str, label: &str, f: &CaseFigures| {
        [
            section.to_string(),
            key.to_string(),
            label.to_string(),
            f.received.to_string(),
            f.resolved.to_string(),
            f.rejected.to_string(),
            f.open.to_string(),
            f.overdue.to_string(),
            hours(f.handling_median_ms),
            hours(f.handling_p90_ms),
            String::new(),
            String::new(),
        ]
    };
    let cal = review.calendar;
    let period = if review.from == review.to {
        office_date(review.from, cal, locale)
    } else {
        format!(
            "{} – {}",
            office_date(review.from, cal, locale),
            office_date(review.to, cal, locale)
        )
    };
    row(figures("totals", "", &period, &review.totals));
    for d in &review.days {
        row([
            "day".into(),
            d.day.to_string(),
            office_date(d.day, cal, locale),
            d.received.to_string(),
            d.resolved.to_string(),
            String::new(),
            d.open.to_string(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
        ]);
    }
    for (dim, groups) in [
        ("service", &review.by_service),
        ("agency", &review.by_agency),
        ("channel", &review.by_channel),
        ("clerk", &review.by_clerk),
    ] {
        for g in groups {
            row(figures(
                dim,
                &g.key,
                &group_name(dim, g, locale),
                &g.figures,
            ));
        }
    }
    let c = &review.certifications;
    for (key, v) in [
        ("signatures", c.signatures),
        ("copies", c.copies),
        ("corrections", c.corrections),
        ("cancellations", c.cancellations),
        ("prints", c.prints),
        ("fees_minor", c.fees_minor),
    ] {
        let mut cells: [String; 12] = Default::default();
        cells[0] = "certifications".into();
        cells[1] = key.into();
        cells[2] = label(if key == "fees_minor" { "fees" } else { key }, locale).into();
        cells[10] = v.to_string();
        if key == "fees_minor" {
            cells[11] = review.currency.clone();
        }
        row(cells);
    }
    for (key, v) in [
        ("incoming", review.filings.incoming),
        ("outgoing", review.filings.outgoing),
    ] {
        let mut cells: [String; 12] = Default::default();
        cells[0] = "filings".into();
        cells[1] = key.into();
        cells[2] = label(key, locale).into();
        cells[10] = v.to_string();
        row(cells);
    }
    for v in &review.voided {
        let mut cells: [String; 12] = Default::default();
        cells[0] = "voided".into();
        cells[1] = v.label.clone();
        cells[2] = v.at.to_rfc3339();
        cells[10] = (v.last - v.first + 1).to_string();
        cells[11] = v.reason.clone();
        row(cells);
    }
    for s in &review.conflicts_settled {
        let mut cells: [String; 12] = Default::default();
        cells[0] = "conflict_settled".into();
        cells[1] = s.case_number.clone().unwrap_or_default();
        cells[2] = match (s.decision, s.to) {
            (ConflictDecision::MoveTo, Some(to)) => {
                format!("move_to {}", crate::cases::status::code(to))
            }
            _ => "keep_server".into(),
        };
        cells[10] = s.settled_by.clone().unwrap_or_default();
        cells[11] = s.note.clone();
        row(cells);
    }
    for c in &review.closes {
        let mut cells: [String; 12] = Default::default();
        cells[0] = "sign_off".into();
        cells[1] = c.day.to_string();
        cells[2] = c.closed_at.to_rfc3339();
        cells[10] = c.closed_by_name.clone().unwrap_or_default();
        cells[11] = c.note.clone().unwrap_or_default();
        row(cells);
    }
    out.into_bytes()
}
