//! Lines of text as a PDF draws them. PDF text operators draw glyphs left to right and neither
//! join Arabic letters nor reorder right-to-left text, so every line goes through here first.
//!
//! A paragraph is shaped (Persian letters take their joined forms), its bidirectional levels
//! are resolved once for the whole paragraph (UAX #9, with the page's direction as the
//! paragraph's base direction), it is broken into lines by measured width on the logical text,
//! and only then is each line reordered (UAX #9's line-level rules L1–L4). Reordering before
//! breaking, or resolving each line on its own, puts a wrapped Persian line that begins with a
//! Latin phrase or a number in the wrong order.

use std::ops::Range;

use okno_wire::Locale;
use unicode_bidi::{bidi_class, BidiClass, Level, ParagraphBidiInfo};

use super::{Page, Weight};

/// The direction a page reads in: the base direction of every paragraph on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    Ltr,
    Rtl,
}

impl Direction {
    pub fn of(locale: Locale) -> Direction {
        if locale.is_rtl() {
            Direction::Rtl
        } else {
            Direction::Ltr
        }
    }

    fn level(self) -> Level {
        match self {
            Direction::Ltr => Level::ltr(),
            Direction::Rtl => Level::rtl(),
        }
    }

    /// The base direction of a paragraph on a page reading in `self`: the page's, unless the
    /// paragraph holds nothing of the page's script and something of the other's. A sentence of
    /// a Persian page is right to left wherever a Latin name stands in it, and so is an amount
    /// or a date in Persian digits; a Latin name or document description standing alone in a
    /// field or a table cell reads left to right, its punctuation where it belongs (what
    /// `dir="auto"` does for the same values on screen).
    fn for_paragraph(self, text: &str) -> Direction {
        let ltr = text.chars().any(|c| bidi_class(c) == BidiClass::L);
        let rtl = text
            .chars()
            .any(|c| matches!(bidi_class(c), BidiClass::R | BidiClass::AL));
        match self {
            Direction::Rtl if !text.chars().any(is_arabic_script) && !rtl && ltr => Direction::Ltr,
            Direction::Ltr if !ltr && rtl => Direction::Rtl,
            d => d,
        }
    }
}

/// One laid-out line: its glyphs in drawing (left-to-right) order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextLine(String);

impl TextLine {
    /// The characters in the order they are drawn.
    pub fn visual(&self) -> &str {
        &self.0
    }
}

/// `s` as a unit of its own direction inside a line (between FIRST STRONG ISOLATE and POP
/// DIRECTIONAL ISOLATE), for a value set into a sentence: a Persian date after a Latin place
/// name (`Bratislava، ۲۰ نوامبر`) would otherwise lend its first number to the name's run and
/// show it on the wrong side of the name. The marks are not drawn.
pub fn isolate(s: &str) -> String {
    format!("\u{2068}{s}\u{2069}")
}

/// Bidi format characters: they steer the reordering and are not drawn.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

fn is_arabic_script(c: char) -> bool {
    matches!(c as u32, 0x0590..=0x08FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF)
}

/// Joined letter forms for Arabic-script text (logical order kept); other text as it is.
pub(super) fn shape(s: &str) -> String {
    if s.chars().any(is_arabic_script) {
        ar_reshaper::reshape_line(s)
    } else {
        s.to_string()
    }
}

/// Lays out `s` for a page reading in `dir`: each paragraph (a line of `s`) shaped, its levels
/// resolved (base direction: [`Direction::for_paragraph`]), broken greedily at spaces into lines no wider than `width` mm when a width is
/// given (a word wider than that keeps a line of its own), and each line reordered.
pub fn lay_out(
    s: &str,
    dir: Direction,
    width: Option<f32>,
    size: f32,
    weight: Weight,
) -> Vec<TextLine> {
    let mut lines = Vec::new();
    for para in s.lines() {
        let shaped = shape(para);
        let base = dir.for_paragraph(para);
        let info = ParagraphBidiInfo::new(&shaped, Some(base.level()));
        for range in break_lines(&shaped, width, size, weight) {
            lines.push(TextLine(reorder(&info, range)));
        }
    }
    if lines.is_empty() {
        lines.push(TextLine(String::new()));
    }
    lines
}

/// Byte ranges of the lines of one shaped paragraph, in logical order, without the spaces
/// where they break. The width of a line is the sum of its glyphs' advances, the same in
/// logical and visual order.
fn break_lines(text: &str, width: Option<f32>, size: f32, weight: Weight) -> Vec<Range<usize>> {
    // Words as byte ranges.
    let mut words: Vec<Range<usize>> = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_whitespace(), start) {
            (true, Some(s)) => {
                words.push(s..i);
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        words.push(s..text.len());
    }
    let Some(first) = words.first() else {
        return std::iter::once(0..0).collect();
    };
    let Some(width) = width else {
        return std::iter::once(first.start..words[words.len() - 1].end).collect();
    };
    let mut lines = Vec::new();
    let mut line = first.clone();
    for w in &words[1..] {
        let candidate = line.start..w.end;
        if Page::glyph_width(weight, size, &text[candidate.clone()]) > width {
            lines.push(line);
            line = w.clone();
        } else {
            line = candidate;
        }
    }
    lines.push(line);
    lines
}

/// The characters of `line` in visual order: runs of the resolved levels in the order rule L2
/// gives, right-to-left runs reversed (a base letter and the marks on it stay together, L3)
/// with their paired punctuation mirrored (L4).
fn reorder(info: &ParagraphBidiInfo<'_>, line: Range<usize>) -> String {
    let text = info.text;
    let (levels, runs) = info.visual_runs(line.clone());
    let mut out = String::with_capacity(line.len());
    for run in runs {
        let run_text = &text[run.clone()];
        if !levels[run.start].is_rtl() {
            out.extend(run_text.chars().filter(|c| !is_bidi_control(*c)));
            continue;
        }
        let mut clusters: Vec<&str> = Vec::new();
        let mut start = 0;
        for (i, c) in run_text.char_indices().skip(1) {
            if !unicode_normalization::char::is_combining_mark(c) {
                clusters.push(&run_text[start..i]);
                start = i;
            }
        }
        if !run_text.is_empty() {
            clusters.push(&run_text[start..]);
        }
        for cluster in clusters.into_iter().rev() {
            out.extend(cluster.chars().filter(|c| !is_bidi_control(*c)).map(mirror));
        }
    }
    out
}

/// The mirrored form of a paired punctuation mark, for right-to-left runs.
fn mirror(c: char) -> char {
    match c {
        '(' => ')',
        ')' => '(',
        '[' => ']',
        ']' => '[',
        '{' => '}',
        '}' => '{',
        '<' => '>',
        '>' => '<',
        '«' => '»',
        '»' => '«',
        '‹' => '›',
        '›' => '‹',
        c => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(s: &str, dir: Direction) -> String {
        lay_out(s, dir, None, 10.0, Weight::Regular)
            .into_iter()
            .map(|l| l.0)
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn latin_text_is_left_as_it_is() {
        assert_eq!(
            one("Kúpna zmluva (2 strany)", Direction::Ltr),
            "Kúpna zmluva (2 strany)"
        );
    }

    #[test]
    fn a_latin_phrase_on_a_right_to_left_page_stays_at_the_line_start() {
        // "Bratislava, page 2" on a Persian page: the Latin word is read first, so it sits at
        // the right; the digits keep their order; the parenthesis is mirrored.
        let v = one("Bratislava (صفحه 12)", Direction::Rtl);
        let shaped_page = shape("صفحه").chars().rev().collect::<String>();
        assert_eq!(v, format!("(12 {shaped_page}) Bratislava"));
    }

    /// The shaped Persian word as drawn: its joined letters right to left.
    fn drawn(word: &str) -> String {
        shape(word).chars().rev().collect()
    }

    #[test]
    fn a_wrapped_line_that_begins_with_latin_keeps_the_paragraphs_direction() {
        // A long Persian word on the first line; the second line begins with the Latin
        // phrase. Laid out on its own, that line would start at the left with the Latin and
        // run on into the Persian; as part of a right-to-left paragraph it starts at the right
        // with the Latin, and the Persian after it stands to its left.
        let long = "گواهی‌نامه‌های‌صادرشده‌در‌دفتر‌ثبت‌احوال";
        let second = "Kúpna zmluva امضا شد";
        let width = Page::text_width(Weight::Regular, 10.0, second) + 0.01;
        assert!(Page::text_width(Weight::Regular, 10.0, long) > width);
        let lines: Vec<String> = lay_out(
            &format!("{long} {second}"),
            Direction::Rtl,
            Some(width),
            10.0,
            Weight::Regular,
        )
        .into_iter()
        .map(|l| l.0)
        .collect();
        assert_eq!(
            lines,
            [drawn(long), format!("{} Kúpna zmluva", drawn("امضا شد"))]
        );
    }

    #[test]
    fn an_isolated_date_keeps_its_number_away_from_a_latin_name() {
        // Without the isolate, "۲۰" would join the run of "Bratislava" and stand at the far
        // right of the line, before the name. (The comma follows the name in reading order:
        // to its left.)
        let v = one(
            &format!("Bratislava، {}", isolate("۲۰ نوامبر ۲۰۲۶")),
            Direction::Rtl,
        );
        assert_eq!(v, format!("۲۰۲۶ {} ۲۰ ،Bratislava", drawn("نوامبر")));
        assert!(!v.contains('\u{2068}') && !v.contains('\u{2069}'));
    }

    #[test]
    fn a_latin_value_alone_on_a_persian_page_keeps_its_punctuation_at_its_end() {
        assert_eq!(
            one("Adásvételi szerződés…", Direction::Rtl),
            "Adásvételi szerződés…"
        );
        assert_eq!(
            one("Change of address.", Direction::Rtl),
            "Change of address."
        );
        // An amount in Persian digits is Persian text: read right to left, number first.
        assert_eq!(one("۵٫۰۰ EUR", Direction::Rtl), "EUR ۵٫۰۰");
    }

    #[test]
    fn a_number_between_persian_words_keeps_its_digit_order() {
        let v = one("در ۲۰ نسخه", Direction::Rtl);
        assert_eq!(v, format!("{} ۲۰ {}", drawn("نسخه"), drawn("در")));
    }
}
