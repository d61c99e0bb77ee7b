//! The report as PDF: A4, the figures, a line chart of the days and a bar chart of the services,
//! the breakdowns as tables, the sign-off; mirrored for Persian.

use super::*;

/// Colours: a dark blue, an orange and a grey that stay apart for colour-blind readers.
pub(super) const SERIES: [(u8, u8, u8); 3] =
    [(0x1f, 0x4e, 0x8c), (0xd9, 0x73, 0x1a), (0x6b, 0x75, 0x82)];

/// A round upper bound for an axis.
pub(super) fn nice_max(v: i64) -> i64 {
    let v = v.max(1);
    let mag = 10i64.pow((v as f64).log10().floor() as u32);
    for m in [1, 2, 5, 10] {
        if m * mag >= v {
            return m * mag;
        }
    }
    10 * mag
}

pub(super) struct Layout {
    rtl: bool,
    margin: f32,
    right: f32,
}

impl Layout {
    /// x of a point `d` mm from the inline start.
    pub(super) fn x(&self, d: f32) -> f32 {
        if self.rtl {
            self.right - d
        } else {
            self.margin + d
        }
    }
    pub(super) fn width(&self) -> f32 {
        self.right - self.margin
    }
    pub(super) fn start(&self) -> Align {
        if self.rtl {
            Align::End
        } else {
            Align::Start
        }
    }
    pub(super) fn end(&self) -> Align {
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
pub(crate) fn clip(s: &str, width: f32, size: f32) -> String {
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
