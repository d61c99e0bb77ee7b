//! Documents as PDF (printpdf): the intake receipt now, certified copies and reports later.
//! [`Page`] is a small drawing surface in millimetres from the top-left corner, with embedded
//! DejaVu Sans (it covers Latin with every diacritic of our languages and the Arabic
//! presentation forms), text measured for alignment, and paragraphs shaped, broken into lines
//! and reordered for their direction before they are drawn, since PDF text operators do
//! neither (see [`layout`]). Every document draws its text through [`Page::text`],
//! [`Page::paragraph`] or [`Page::wrap`], so every document gets the same line layout.

pub use okno_rules::calendar;
pub mod answer;
pub mod cash;
pub mod certified_copy;
pub mod clause;
pub mod day_report;
pub mod extract;
pub mod feedback;
pub mod layout;
pub mod qr;
pub mod receipt;
pub(crate) mod sheet;
pub mod ticket;

use std::sync::OnceLock;

use printpdf::{
    Color, FontId, LinePoint, Mm, Op, PaintMode, ParsedFont, PdfDocument, PdfFontHandle, PdfPage,
    PdfSaveOptions, Point, Polygon, PolygonRing, Pt, Rgb, TextItem, WindingOrder,
};

use crate::error::{CoreError, Result};
pub use layout::{isolate, lay_out, Direction, TextLine};

static REGULAR_TTF: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
static BOLD_TTF: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

pub const A4_WIDTH_MM: f32 = 210.0;
pub const A4_HEIGHT_MM: f32 = 297.0;

fn parsed(bytes: &'static [u8]) -> Option<&'static ParsedFont> {
    static REGULAR: OnceLock<Option<ParsedFont>> = OnceLock::new();
    static BOLD: OnceLock<Option<ParsedFont>> = OnceLock::new();
    let cell = if std::ptr::eq(bytes, REGULAR_TTF) {
        &REGULAR
    } else {
        &BOLD
    };
    cell.get_or_init(|| ParsedFont::from_bytes(bytes, 0, &mut Vec::new()))
        .as_ref()
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Weight {
    Regular,
    Bold,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Align {
    Start,
    End,
    Center,
}

pub fn rgb(r: u8, g: u8, b: u8) -> Color {
    Color::Rgb(Rgb {
        r: f32::from(r) / 255.0,
        g: f32::from(g) / 255.0,
        b: f32::from(b) / 255.0,
        icc_profile: None,
    })
}

/// A document under construction: pages of drawing operations.
pub struct Doc {
    doc: PdfDocument,
    regular: FontId,
    bold: FontId,
    pages: Vec<PdfPage>,
}

impl Doc {
    pub fn new(title: &str) -> Result<Doc> {
        let mut doc = PdfDocument::new(title);
        let regular = parsed(REGULAR_TTF)
            .ok_or_else(|| CoreError::Internal("the PDF font does not parse".into()))?;
        let bold = parsed(BOLD_TTF)
            .ok_or_else(|| CoreError::Internal("the PDF bold font does not parse".into()))?;
        let regular = doc.add_font(regular);
        let bold = doc.add_font(bold);
        Ok(Doc {
            doc,
            regular,
            bold,
            pages: Vec::new(),
        })
    }

    /// A new A4 page reading in `dir` (the base direction of every paragraph drawn on it).
    pub fn page(&self, dir: Direction) -> Page {
        self.page_sized(dir, A4_WIDTH_MM, A4_HEIGHT_MM)
    }

    /// A new page of `width` × `height` millimetres (a ticket on 80 mm receipt paper).
    pub fn page_sized(&self, dir: Direction, width: f32, height: f32) -> Page {
        Page {
            ops: Vec::new(),
            regular: self.regular.clone(),
            bold: self.bold.clone(),
            dir,
            width,
            height,
        }
    }

    pub fn push(&mut self, page: Page) {
        self.pages
            .push(PdfPage::new(Mm(page.width), Mm(page.height), page.ops));
    }

    /// The document for the counter's printer, now: its streams left uncompressed (deflating
    /// the two embedded fonts is three quarters of a one-page document's time), so it is
    /// larger (about 0.45 MB) and four times faster. For receipts and tickets, which are
    /// printed at once and rendered again from their records whenever asked, never stored.
    pub fn finish_uncompressed(mut self) -> Vec<u8> {
        let opts = PdfSaveOptions {
            subset_fonts: true,
            optimize: false,
            ..Default::default()
        };
        let mut warnings = Vec::new();
        self.doc.with_pages(self.pages).save(&opts, &mut warnings)
    }

    pub fn finish(mut self) -> Vec<u8> {
        let opts = PdfSaveOptions {
            subset_fonts: true,
            ..Default::default()
        };
        let mut warnings = Vec::new();
        self.doc.with_pages(self.pages).save(&opts, &mut warnings)
    }
}

/// One page; coordinates in millimetres from the top-left corner.
pub struct Page {
    ops: Vec<Op>,
    regular: FontId,
    bold: FontId,
    dir: Direction,
    width: f32,
    height: f32,
}

impl Page {
    /// The direction the page reads in.
    pub fn direction(&self) -> Direction {
        self.dir
    }

    /// The width of the text `s` (in logical order) at `size` points, in millimetres, as it
    /// is drawn: Persian letters in their joined forms.
    pub fn text_width(weight: Weight, size: f32, s: &str) -> f32 {
        Page::glyph_width(weight, size, &layout::shape(s))
    }

    /// The width of characters drawn as they are (already shaped), in millimetres.
    fn glyph_width(weight: Weight, size: f32, s: &str) -> f32 {
        let bytes = if weight == Weight::Bold {
            BOLD_TTF
        } else {
            REGULAR_TTF
        };
        let Some(font) = parsed(bytes) else {
            return 0.0;
        };
        let upm = f32::from(font.units_per_em.max(1));
        let units: f32 = s
            .chars()
            .filter_map(|c| font.lookup_glyph_index(c as u32))
            .map(|g| f32::from(font.get_glyph_width(g).unwrap_or(0)))
            .sum();
        Mm::from(Pt(units / upm * size)).0
    }

    /// Breaks `s` into lines no wider than `width` mm for this page's direction (see
    /// [`layout`]); draw each with [`Page::text_line`].
    pub fn wrap(&self, s: &str, width: f32, size: f32, weight: Weight) -> Vec<TextLine> {
        lay_out(s, self.dir, Some(width), size, weight)
    }

    /// Draws one line of text (logical order) with its baseline at `y`; `x` is where it
    /// starts, ends or is centred, by `align`. The text is laid out as one line.
    #[allow(clippy::too_many_arguments)] // a drawing primitive: position, style, text
    pub fn text(
        &mut self,
        x: f32,
        y: f32,
        size: f32,
        weight: Weight,
        color: Color,
        align: Align,
        s: &str,
    ) {
        let lines = lay_out(s, self.dir, None, size, weight);
        let visual = lines
            .iter()
            .map(TextLine::visual)
            .collect::<Vec<_>>()
            .join(" ");
        self.show(x, y, size, weight, color, align, visual);
    }

    /// Draws a line laid out by [`Page::wrap`] or [`lay_out`].
    #[allow(clippy::too_many_arguments)]
    pub fn text_line(
        &mut self,
        x: f32,
        y: f32,
        size: f32,
        weight: Weight,
        color: Color,
        align: Align,
        line: &TextLine,
    ) {
        self.show(x, y, size, weight, color, align, line.visual().to_string());
    }

    #[allow(clippy::too_many_arguments)]
    fn show(
        &mut self,
        x: f32,
        y: f32,
        size: f32,
        weight: Weight,
        color: Color,
        align: Align,
        visual: String,
    ) {
        let w = Page::glyph_width(weight, size, &visual);
        let left = match align {
            Align::Start => x,
            Align::End => x - w,
            Align::Center => x - w / 2.0,
        };
        let font = if weight == Weight::Bold {
            self.bold.clone()
        } else {
            self.regular.clone()
        };
        self.ops.extend([
            Op::StartTextSection,
            Op::SetFont {
                font: PdfFontHandle::External(font),
                size: Pt(size),
            },
            Op::SetFillColor { col: color },
            Op::SetTextCursor {
                pos: Point::new(Mm(left), Mm(self.height - y)),
            },
            Op::ShowText {
                items: vec![TextItem::Text(visual)],
            },
            Op::EndTextSection,
        ]);
    }

    /// Breaks `s` into lines no wider than `width` mm and draws them, 1.35 times the font size
    /// apart; returns the baseline after the last line.
    #[allow(clippy::too_many_arguments)]
    pub fn paragraph(
        &mut self,
        x: f32,
        y: f32,
        width: f32,
        size: f32,
        weight: Weight,
        color: Color,
        align: Align,
        s: &str,
    ) -> f32 {
        let step = size * 0.3528 * 1.35;
        let mut y = y;
        for line in self.wrap(s, width, size, weight) {
            self.text_line(x, y, size, weight, color.clone(), align, &line);
            y += step;
        }
        y
    }

    pub fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, fill: Color) {
        let page_h = self.height;
        let p = |px: f32, py: f32| LinePoint {
            p: Point::new(Mm(px), Mm(page_h - py)),
            bezier: false,
        };
        self.ops.extend([
            Op::SaveGraphicsState,
            Op::SetFillColor { col: fill },
            Op::DrawPolygon {
                polygon: Polygon {
                    rings: vec![PolygonRing {
                        points: vec![p(x, y), p(x + w, y), p(x + w, y + h), p(x, y + h)],
                    }],
                    mode: PaintMode::Fill,
                    winding_order: WindingOrder::NonZero,
                },
            },
            Op::RestoreGraphicsState,
        ]);
    }

    /// Fills many rectangles `(x, y, w, h)` as one shape (a QR code's modules).
    pub fn rects(&mut self, rects: &[(f32, f32, f32, f32)], fill: Color) {
        let page_h = self.height;
        let p = |px: f32, py: f32| LinePoint {
            p: Point::new(Mm(px), Mm(page_h - py)),
            bezier: false,
        };
        let rings = rects
            .iter()
            .map(|&(x, y, w, h)| PolygonRing {
                points: vec![p(x, y), p(x + w, y), p(x + w, y + h), p(x, y + h)],
            })
            .collect();
        self.ops.extend([
            Op::SaveGraphicsState,
            Op::SetFillColor { col: fill },
            Op::DrawPolygon {
                polygon: Polygon {
                    rings,
                    mode: PaintMode::Fill,
                    winding_order: WindingOrder::NonZero,
                },
            },
            Op::RestoreGraphicsState,
        ]);
    }

    /// Draws the QR code of `text` as a `size` mm square with its top-left corner at (x, y).
    pub fn qr(&mut self, x: f32, y: f32, size: f32, text: &str) -> bool {
        let Some((w, modules)) = qr::qr_modules(text) else {
            return false;
        };
        let m = size / w as f32;
        let mut rects = Vec::new();
        for row in 0..w {
            let mut col = 0;
            while col < w {
                if modules[row * w + col] {
                    let start = col;
                    while col < w && modules[row * w + col] {
                        col += 1;
                    }
                    // A hair of overlap so no seam shows between runs when rasterised.
                    rects.push((
                        x + start as f32 * m,
                        y + row as f32 * m,
                        (col - start) as f32 * m + 0.01,
                        m + 0.01,
                    ));
                } else {
                    col += 1;
                }
            }
        }
        self.rects(&rects, rgb(0, 0, 0));
        true
    }

    pub fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, thickness_pt: f32, color: Color) {
        let page_h = self.height;
        let p = |px: f32, py: f32| LinePoint {
            p: Point::new(Mm(px), Mm(page_h - py)),
            bezier: false,
        };
        self.ops.extend([
            Op::SaveGraphicsState,
            Op::SetOutlineColor { col: color },
            Op::SetOutlineThickness {
                pt: Pt(thickness_pt),
            },
            Op::DrawLine {
                line: printpdf::Line {
                    points: vec![p(x1, y1), p(x2, y2)],
                    is_closed: false,
                },
            },
            Op::RestoreGraphicsState,
        ]);
    }
}
