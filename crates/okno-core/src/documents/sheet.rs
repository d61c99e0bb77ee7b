//! Documents written down a page as rows of label and value, paragraphs and rules, in the
//! page's direction (receipts, payment orders, Z reports, feedback letters and reports), with
//! horizontal bar charts for figures.

use okno_wire::Locale;

use super::{rgb, Align, Direction, Doc, Page, Weight};

/// Rows of label and value down a page, in the page's direction.
pub(crate) struct Sheet {
    pub(crate) page: Page,
    pub(crate) locale: Locale,
    pub(crate) margin: f32,
    pub(crate) width: f32,
    pub(crate) y: f32,
}

impl Sheet {
    pub(crate) fn new(doc: &Doc, locale: Locale, width: f32, height: f32, margin: f32) -> Sheet {
        Sheet {
            page: doc.page_sized(Direction::of(locale), width, height),
            locale,
            margin,
            width,
            y: margin + 4.0,
        }
    }

    pub(crate) fn start(&self) -> (f32, Align) {
        if self.locale.is_rtl() {
            (self.width - self.margin, Align::End)
        } else {
            (self.margin, Align::Start)
        }
    }

    pub(crate) fn end(&self) -> (f32, Align) {
        if self.locale.is_rtl() {
            (self.margin, Align::Start)
        } else {
            (self.width - self.margin, Align::End)
        }
    }

    pub(crate) fn inner(&self) -> f32 {
        self.width - 2.0 * self.margin
    }

    /// A paragraph across the whole width.
    pub(crate) fn para(&mut self, size: f32, weight: Weight, grey: bool, text: &str) {
        let (x, align) = self.start();
        let color = if grey {
            rgb(0x5b, 0x67, 0x78)
        } else {
            rgb(0x1d, 0x26, 0x33)
        };
        let w = self.inner();
        let y = self.y + size * 0.3528;
        let end = self
            .page
            .paragraph(x, y, w, size, weight, color, align, text);
        self.y = next_top(end, size);
    }

    pub(crate) fn centered(&mut self, size: f32, weight: Weight, text: &str) {
        let mid = self.width / 2.0;
        let w = self.inner();
        let end = self.page.paragraph(
            mid,
            self.y + size * 0.3528,
            w,
            size,
            weight,
            rgb(0x1d, 0x26, 0x33),
            Align::Center,
            text,
        );
        self.y = next_top(end, size);
    }

    /// A label at the start, its value at the end of the same line (the label wraps when long).
    pub(crate) fn row(&mut self, size: f32, weight: Weight, key: &str, value: &str) {
        let value_w = Page::text_width(weight, size, value);
        let (sx, sa) = self.start();
        let (ex, ea) = self.end();
        let ink = rgb(0x1d, 0x26, 0x33);
        let key_w = (self.inner() - value_w - 3.0).max(self.inner() * 0.35);
        let y = self.y + size * 0.3528;
        self.page.text(ex, y, size, weight, ink.clone(), ea, value);
        let end = self
            .page
            .paragraph(sx, y, key_w, size, weight, ink, sa, key);
        self.y = next_top(end, size) + 1.0;
    }

    pub(crate) fn rule(&mut self) {
        self.y += 1.5;
        self.page.line(
            self.margin,
            self.y,
            self.width - self.margin,
            self.y,
            0.5,
            rgb(0xc8, 0xd0, 0xdc),
        );
        self.y += 3.0;
    }

    pub(crate) fn gap(&mut self, mm: f32) {
        self.y += mm;
    }
}

/// Where the next line starts after a paragraph of `size` points whose next baseline would be
/// `end`: just below the last line's descenders, with a little air.
pub(crate) fn next_top(end: f32, size: f32) -> f32 {
    end - size * 0.3528 * 0.9 + 1.2
}

impl Sheet {
    /// A horizontal bar chart: a name at the start, a bar from it, the value (text) after the
    /// bar; `max` is the axis' upper bound.
    pub(crate) fn bars(&mut self, rows: &[(String, f64, String)], max: f64) {
        let name_w = (self.inner() * 0.38).min(70.0);
        let room = self.inner() - name_w - 16.0;
        let ink = rgb(0x1d, 0x26, 0x33);
        let muted = rgb(0x5b, 0x67, 0x78);
        let bar = rgb(0x1f, 0x4e, 0x8c);
        let rtl = self.locale.is_rtl();
        let at = |s: &Sheet, d: f32| {
            if rtl {
                s.width - s.margin - d
            } else {
                s.margin + d
            }
        };
        let (start, end_align) = if rtl {
            (Align::End, Align::Start)
        } else {
            (Align::Start, Align::End)
        };
        let _ = end_align;
        for (name, v, shown) in rows {
            let name = super::day_report::pdf::clip(name, name_w - 2.0, 8.5);
            let y = self.y + 3.2;
            self.page.text(
                at(self, 0.0),
                y,
                8.5,
                Weight::Regular,
                ink.clone(),
                start,
                &name,
            );
            let w = if max > 0.0 {
                (room * (*v / max) as f32).max(0.4)
            } else {
                0.4
            };
            let x0 = at(self, name_w);
            let left = if rtl { x0 - w } else { x0 };
            self.page.rect(left, self.y + 0.8, w, 3.0, bar.clone());
            self.page.text(
                at(self, name_w + w + 1.5),
                y,
                8.0,
                Weight::Regular,
                muted.clone(),
                start,
                shown,
            );
            self.y += 5.2;
        }
        self.y += 1.5;
    }

    /// Starts a new page when less than `mm` is left above the bottom margin.
    pub(crate) fn room(&mut self, doc: &mut Doc, mm: f32, height: f32) {
        if self.y + mm > height - self.margin {
            let next = doc.page_sized(Direction::of(self.locale), self.width, height);
            let done = std::mem::replace(&mut self.page, next);
            doc.push(done);
            self.y = self.margin + 4.0;
        }
    }
}
