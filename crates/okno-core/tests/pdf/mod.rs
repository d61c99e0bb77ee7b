//! Reading PDFs back as their readers read them, for the tests of every document: the text
//! through pdftotext (poppler-utils), right-to-left lines turned back into logical order, and
//! the first page rendered with pdftoppm.
//!
//! pdftotext gives each line of a right-to-left page as the glyphs stand on it, left to right
//! (visual order), with Persian letters in the joined presentation forms the PDF draws.
//! [`logical_rtl`] turns a line back: NFKC folds the presentation forms into letters, then the
//! bidi rules run on the line with a right-to-left base direction and put its runs back in
//! reading order (right-to-left runs reversed and their brackets mirrored). For a line of
//! Persian with embedded Latin words and numbers (embedding levels 1 and 2 only), that
//! reordering is its own inverse, so a line drawn in the right order comes back as the logical
//! text. The same function is applied to every line of a right-to-left page: a line drawn in
//! the wrong order (a wrapped line that begins with a Latin phrase, reordered as if it were a
//! left-to-right line) comes back in the wrong order, and the comparison fails.
#![allow(dead_code)] // each test binary uses some of these

use std::path::Path;
use std::process::Command;

use unicode_bidi::{Level, ParagraphBidiInfo};
use unicode_normalization::UnicodeNormalization;

fn mirror(c: char) -> char {
    match c {
        '(' => ')',
        ')' => '(',
        '[' => ']',
        ']' => '[',
        '«' => '»',
        '»' => '«',
        c => c,
    }
}

/// One line as pdftotext gives it (visual order) back in logical order, for a right-to-left
/// page.
pub fn logical_rtl(visual: &str) -> String {
    // pdftotext wraps each right-to-left word in explicit embedding marks (RLE … PDF) and
    // leaves its letters in visual order: the marks go, the letters are reordered below.
    let folded: String = visual
        .nfkc()
        .filter(|c| !matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'))
        .collect();
    let info = ParagraphBidiInfo::new(&folded, Some(Level::rtl()));
    let (levels, runs) = info.visual_runs(0..folded.len());
    let mut out = String::new();
    for run in runs {
        let text = &folded[run.clone()];
        if levels[run.start].is_rtl() {
            out.extend(text.chars().rev().map(mirror));
        } else {
            out.push_str(text);
        }
    }
    out
}

/// The page's text lines back in logical order (blank lines dropped).
pub fn logical_lines(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| logical_rtl(l).trim().to_string())
        .collect()
}

/// Text compared the way a reader compares it: letters rather than their joined forms, no
/// zero-width joiners or bidi marks, one space between words.
pub fn normal(s: &str) -> String {
    s.nfkc()
        .filter(|c| !matches!(c, '\u{200c}' | '\u{200d}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'))
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The text of `pdf` (pages `first..=last`, all when `None`) in content-stream order: one
/// drawn line per text line.
pub fn pdftotext(pdf: &Path, pages: Option<(u32, u32)>) -> String {
    let mut cmd = Command::new("pdftotext");
    cmd.args(["-raw", "-enc", "UTF-8"]);
    if let Some((first, last)) = pages {
        cmd.args(["-f", &first.to_string(), "-l", &last.to_string()]);
    }
    let out = cmd
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed by scripts/setup-system --tests");
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

/// Renders page `page` as a PNG beside the PDF (to look at: `OKNO_KEEP_PDF=dir`).
pub fn render(pdf: &Path, page: u32) {
    let p = page.to_string();
    let ok = Command::new("pdftoppm")
        .args(["-png", "-r", "80", "-f", &p, "-l", &p, "-singlefile"])
        .arg(pdf)
        .arg(pdf.with_extension(""))
        .status()
        .unwrap();
    assert!(ok.success());
    assert!(pdf.with_extension("png").exists());
}

/// Where test PDFs go: a temporary folder, or the folder `OKNO_KEEP_PDF` names, to keep them.
pub fn out_dir() -> (Option<tempfile::TempDir>, std::path::PathBuf) {
    match std::env::var_os("OKNO_KEEP_PDF") {
        Some(d) => {
            std::fs::create_dir_all(&d).unwrap();
            (None, d.into())
        }
        None => {
            let t = tempfile::tempdir().unwrap();
            let p = t.path().to_path_buf();
            (Some(t), p)
        }
    }
}
