//! The certification clause as the citizen takes it away: one page per language (the office's
//! own first, then the citizen's choice), each with the ledger number, place and date, the
//! registrar, the fee and the QR seal; and the ledger itself for a day or a period.

use chrono::{DateTime, Utc};
use okno_wire::{ChainReport, ClauseText, LedgerEntryView, Locale, OfficeView};

use super::calendar::{format_money, localize_digits, office_date, office_date_time};
use super::clause::{kind_name, label, status_name};
use super::{isolate, rgb, Align, Direction, Doc, Page, Weight, A4_HEIGHT_MM, A4_WIDTH_MM};
use crate::error::Result;

/// The geometry and colours of a certificate page in one language: where a line starts and
/// ends for its direction.
pub(super) struct Sheet {
    pub locale: Locale,
    pub rtl: bool,
    pub margin: f32,
    pub right: f32,
    pub width: f32,
    /// Start of a line and its alignment; end of a line and its alignment.
    pub sx: f32,
    pub sa: Align,
    pub ex: f32,
    pub ea: Align,
    pub ink: printpdf::Color,
    pub muted: printpdf::Color,
    pub accent: printpdf::Color,
    pub rule: printpdf::Color,
}

impl Sheet {
    pub fn new(locale: Locale) -> Sheet {
        let rtl = locale.is_rtl();
        let margin = 20.0;
        let right = A4_WIDTH_MM - margin;
        let (sx, sa, ex, ea) = if rtl {
            (right, Align::End, margin, Align::Start)
        } else {
            (margin, Align::Start, right, Align::End)
        };
        Sheet {
            locale,
            rtl,
            margin,
            right,
            width: right - margin,
            sx,
            sa,
            ex,
            ea,
            ink: rgb(0x1d, 0x26, 0x33),
            muted: rgb(0x5b, 0x67, 0x78),
            accent: rgb(0x1f, 0x4e, 0x8c),
            rule: rgb(0xc8, 0xd0, 0xdc),
        }
    }

    /// The office, the title and the ledger number at the top of the page.
    pub fn head(&self, p: &mut Page, office: &OfficeView, title: &str, number: &str) {
        let (sx, sa, ex, ea) = (self.sx, self.sa, self.ex, self.ea);
        p.text(
            sx,
            22.0,
            13.0,
            Weight::Bold,
            self.ink.clone(),
            sa,
            &office.name,
        );
        p.text(
            sx,
            29.0,
            9.5,
            Weight::Regular,
            self.muted.clone(),
            sa,
            &office.address,
        );
        p.line(
            self.margin,
            34.0,
            self.right,
            34.0,
            0.8,
            self.accent.clone(),
        );
        // A long title shrinks rather than run into the number beside it.
        let room = self.width - 50.0;
        let mut size = 18.0;
        while size > 12.0 && Page::text_width(Weight::Bold, size, title) > room {
            size -= 0.5;
        }
        p.text(sx, 48.0, size, Weight::Bold, self.accent.clone(), sa, title);
        p.text(
            ex,
            48.0,
            10.0,
            Weight::Regular,
            self.muted.clone(),
            ea,
            label("number", self.locale),
        );
        // The legal number stays in Latin digits in every language: it is typed into systems.
        p.text(ex, 56.0, 14.0, Weight::Bold, self.ink.clone(), ea, number);
    }

    /// Labelled rows (label small and muted, value bold) from `y`, `step` mm apart (a value
    /// too long for one line wraps); returns the next baseline.
    pub fn rows(&self, p: &mut Page, y: f32, step: f32, rows: &[(&str, String)]) -> f32 {
        let value_x = if self.rtl {
            self.right - 48.0
        } else {
            self.margin + 48.0
        };
        let value_w = self.width - 48.0;
        let mut y = y;
        for (k, v) in rows {
            p.text(
                self.sx,
                y,
                9.5,
                Weight::Regular,
                self.muted.clone(),
                self.sa,
                k,
            );
            y = p.paragraph(
                value_x,
                y,
                value_w,
                11.0,
                Weight::Bold,
                self.ink.clone(),
                self.sa,
                v,
            ) + step
                - 11.0 * 0.3528 * 1.35;
        }
        y
    }

    /// Place and date, registrar and fee of `entry`, from `y`; returns the next baseline.
    pub fn act_rows(
        &self,
        p: &mut Page,
        y: f32,
        step: f32,
        office: &OfficeView,
        entry: &LedgerEntryView,
    ) -> f32 {
        let l = |k: &str| label(k, self.locale);
        let date = office_date(entry.local_day, office.calendar, self.locale);
        let sep = if self.locale == Locale::Fa { '،' } else { ',' };
        self.rows(
            p,
            y,
            step,
            &[
                (
                    l("place_date"),
                    format!("{}{sep} {}", entry.place, isolate(&date)),
                ),
                (l("registrar"), entry.registrar_name.clone()),
                (
                    l("fee"),
                    format_money(entry.fee_minor, &entry.currency, self.locale),
                ),
            ],
        )
    }

    /// The QR seal with its explanation and the registrar's signature line, no higher than
    /// `y` (and no higher than the page's lower part); then the footer.
    pub fn seal(&self, p: &mut Page, y: f32, entry: &LedgerEntryView, footer: &str) {
        let l = |k: &str| label(k, self.locale);
        let (rtl, margin, right, width, sa) =
            (self.rtl, self.margin, self.right, self.width, self.sa);
        let (ink, muted, accent) = (self.ink.clone(), self.muted.clone(), self.accent.clone());
        let qr_size = 46.0;
        let seal_y = (y + 12.0).max(A4_HEIGHT_MM - 100.0);
        let qr_x = if rtl { right - qr_size } else { margin };
        p.qr(qr_x, seal_y, qr_size, &entry.seal_url);
        let tx = if rtl {
            right - qr_size - 6.0
        } else {
            margin + qr_size + 6.0
        };
        let text_w = width - qr_size - 6.0;
        p.text(
            tx,
            seal_y + 5.0,
            10.0,
            Weight::Bold,
            ink.clone(),
            sa,
            l("seal"),
        );
        let mut ty = seal_y + 11.0;
        // Where anyone can check it: the office server's public page. A workstation that runs
        // alone has none; its seals verify in any Okno workstation that knows the office key.
        let base = entry.seal_url.split("?c=").next().unwrap_or("");
        if base.starts_with("http") {
            for line in p.wrap(l("verify"), text_w, 8.5, Weight::Regular) {
                p.text_line(tx, ty, 8.5, Weight::Regular, muted.clone(), sa, &line);
                ty += 4.2;
            }
            p.text(tx, ty + 1.0, 8.5, Weight::Bold, accent, sa, base);
            ty += 7.0;
        }
        // The start of the entry's hash, as the ledger and the seal carry it.
        let hash = entry.entry_hash.get(..32).unwrap_or(&entry.entry_hash);
        p.text(tx, ty + 2.0, 7.5, Weight::Regular, muted.clone(), sa, hash);
        // Room for the registrar's signature and stamp, where the law still asks for them
        // (beside the seal's lower edge when a long page leaves no room below it).
        let sig_y = (seal_y + qr_size + 16.0).min(A4_HEIGHT_MM - 20.0);
        let sig_x1 = if rtl { margin } else { right - 70.0 };
        p.line(sig_x1, sig_y, sig_x1 + 70.0, sig_y, 0.5, self.rule.clone());
        p.text(
            sig_x1 + 35.0,
            sig_y + 5.0,
            8.5,
            Weight::Regular,
            muted.clone(),
            Align::Center,
            &entry.registrar_name,
        );
        p.text(
            A4_WIDTH_MM / 2.0,
            A4_HEIGHT_MM - 10.0,
            7.5,
            Weight::Regular,
            muted,
            Align::Center,
            footer,
        );
    }
}

/// One page of the certificate in the language of `clause`.
fn clause_page(
    doc: &Doc,
    office: &OfficeView,
    entry: &LedgerEntryView,
    clause: &ClauseText,
    first: bool,
) -> Page {
    let locale = clause.locale;
    let sheet = Sheet::new(locale);
    let l = |k: &str| label(k, locale);
    let (sx, sa, margin, right, width) =
        (sheet.sx, sheet.sa, sheet.margin, sheet.right, sheet.width);
    let (ink, muted, rule) = (sheet.ink.clone(), sheet.muted.clone(), sheet.rule.clone());
    let mut p = doc.page(Direction::of(locale));
    sheet.head(&mut p, office, &clause.title, &entry.number);
    if !first {
        // The translation page says which page carries the original wording.
        p.text(
            sx,
            56.0,
            9.0,
            Weight::Regular,
            muted.clone(),
            sa,
            &format!("{} {}", l("page"), localize_digits("2", locale)),
        );
    }

    // The clause.
    let mut y = 72.0;
    for line in p.wrap(&clause.text, width, 12.0, Weight::Regular) {
        p.text_line(sx, y, 12.0, Weight::Regular, ink.clone(), sa, &line);
        y += 6.4;
    }
    y += 8.0;
    p.line(margin, y, right, y, 0.5, rule.clone());
    y += 9.0;

    // Facts: place and date, registrar, fee.
    y = sheet.act_rows(&mut p, y, 8.0, office, entry);
    if let Some(h) = &entry.original_sha256 {
        p.text(
            sx,
            y,
            8.0,
            Weight::Regular,
            muted.clone(),
            sa,
            l("original_hash"),
        );
        y += 4.5;
        p.text(sx, y, 7.5, Weight::Regular, ink.clone(), sa, h);
        y += 6.0;
    }
    sheet.seal(
        &mut p,
        y,
        entry,
        &format!("{} · {}", entry.number, kind_name(entry.kind, locale)),
    );
    p
}

/// The certified copy's certificate: one page per clause language.
pub fn render(office: &OfficeView, entry: &LedgerEntryView) -> Result<Vec<u8>> {
    let title = entry
        .clauses
        .first()
        .map(|c| format!("{} {}", c.title, entry.number))
        .unwrap_or_else(|| entry.number.clone());
    let mut doc = Doc::new(&title)?;
    for (i, c) in entry.clauses.iter().enumerate() {
        let page = clause_page(&doc, office, entry, c, i == 0);
        doc.push(page);
    }
    Ok(doc.finish())
}

/// The ledger for a period, as a table: number, act, party, document, registrar, status; with
/// the result of the chain check at the end.
pub fn render_ledger(
    office: &OfficeView,
    locale: Locale,
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
    entries: &[LedgerEntryView],
    chain: &ChainReport,
    printed_at: DateTime<Utc>,
) -> Result<Vec<u8>> {
    let rtl = locale.is_rtl();
    let l = |k: &str| label(k, locale);
    let margin = 14.0;
    let right = A4_WIDTH_MM - margin;
    let ink = rgb(0x1d, 0x26, 0x33);
    let muted = rgb(0x5b, 0x67, 0x78);
    let accent = rgb(0x1f, 0x4e, 0x8c);
    let rule = rgb(0xdd, 0xe3, 0xea);
    // Column starts as fractions of the width, in reading order.
    let cols: [(f32, &str); 6] = [
        (0.0, "number"),
        (0.17, "kind"),
        (0.36, "party"),
        (0.56, "document"),
        (0.80, "registrar"),
        (0.92, "status"),
    ];
    let width = right - margin;
    let col_x = |f: f32| {
        if rtl {
            right - f * width
        } else {
            margin + f * width
        }
    };
    let align = if rtl { Align::End } else { Align::Start };
    let cal = office.calendar;
    let period = format!(
        "{} – {}",
        office_date(from, cal, locale),
        office_date(to, cal, locale)
    );
    let mut doc = Doc::new(&format!("{} {}", l("ledger_title"), period))?;
    let header = |p: &mut Page, page_no: usize| {
        p.text(
            col_x(0.0),
            16.0,
            14.0,
            Weight::Bold,
            accent.clone(),
            align,
            l("ledger_title"),
        );
        p.text(
            col_x(0.0),
            23.0,
            9.0,
            Weight::Regular,
            muted.clone(),
            align,
            &format!(
                "{} · {}: {} · {}: {}",
                office.name,
                l("period"),
                period,
                l("entries"),
                localize_digits(&entries.len().to_string(), locale)
            ),
        );
        p.text(
            if rtl { margin } else { right },
            16.0,
            8.0,
            Weight::Regular,
            muted.clone(),
            if rtl { Align::Start } else { Align::End },
            &format!(
                "{} {}",
                l("page"),
                localize_digits(&page_no.to_string(), locale)
            ),
        );
        for (f, k) in cols {
            let name = if k == "number" { l("number") } else { l(k) };
            p.text(col_x(f), 32.0, 8.0, Weight::Bold, ink.clone(), align, name);
        }
        p.line(margin, 34.5, right, 34.5, 0.6, ink.clone());
    };
    let clip = |s: &str, f_width: f32, size: f32| -> String {
        let max = f_width * width - 2.0;
        let mut out = String::new();
        for ch in s.chars() {
            out.push(ch);
            if Page::text_width(Weight::Regular, size, &out) > max {
                out.pop();
                out.push('…');
                break;
            }
        }
        out
    };
    let mut page_no = 1;
    let dir = Direction::of(locale);
    let mut p = doc.page(dir);
    header(&mut p, page_no);
    let mut y = 41.0;
    for e in entries {
        if y > A4_HEIGHT_MM - 30.0 {
            doc.push(std::mem::replace(&mut p, doc.page(dir)));
            page_no += 1;
            header(&mut p, page_no);
            y = 41.0;
        }
        let day = office_date(e.local_day, cal, locale);
        let cells = [
            e.number.clone(),
            kind_name(e.kind, locale).to_string(),
            e.party_name.clone(),
            e.document_description.clone(),
            e.registrar_name.clone(),
            status_name(e.status, locale).to_string(),
        ];
        for (i, (f, _)) in cols.iter().enumerate() {
            let next = cols.get(i + 1).map_or(1.0, |c| c.0);
            p.text(
                col_x(*f),
                y,
                8.0,
                Weight::Regular,
                ink.clone(),
                align,
                &clip(&cells[i], next - f, 8.0),
            );
        }
        // The day (with the other calendar's beside it) stays inside the number's column.
        let mut day_size = 7.0;
        while day_size > 5.5
            && Page::text_width(Weight::Regular, day_size, &day) > 0.17 * width - 2.0
        {
            day_size -= 0.25;
        }
        p.text(
            col_x(0.0),
            y + 4.0,
            day_size,
            Weight::Regular,
            muted.clone(),
            align,
            &day,
        );
        if let Some(r) = &e.refers_to_number {
            p.text(
                col_x(0.17),
                y + 4.0,
                7.0,
                Weight::Regular,
                muted.clone(),
                align,
                &format!("→ {r}"),
            );
        }
        p.line(margin, y + 6.5, right, y + 6.5, 0.3, rule.clone());
        y += 11.0;
    }
    y += 6.0;
    let verdict = match &chain.first_break {
        None => format!("{}: {}", l("chain"), l("chain_ok")),
        Some(b) => format!(
            "{}: {} {} #{} ({:?})",
            l("chain"),
            l("chain_broken"),
            b.number.clone().unwrap_or_default(),
            b.position,
            b.kind
        ),
    };
    p.paragraph(
        col_x(0.0),
        y,
        width,
        9.0,
        Weight::Bold,
        ink.clone(),
        align,
        &verdict,
    );
    // When it was printed, in the office's time zone and calendar.
    let tz: chrono_tz::Tz = office.time_zone.parse().unwrap_or(chrono_tz::UTC);
    let local = printed_at.with_timezone(&tz);
    let stamp = office_date_time(
        local.date_naive(),
        &local.format("%H:%M").to_string(),
        cal,
        locale,
    );
    p.text(
        col_x(0.0),
        A4_HEIGHT_MM - 10.0,
        7.0,
        Weight::Regular,
        muted,
        align,
        &stamp,
    );
    doc.push(p);
    Ok(doc.finish())
}
