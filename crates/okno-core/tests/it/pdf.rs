//! Reading PDFs back as their readers read them, for the tests of every document: the text
//! through pdftotext (poppler-utils), right-to-left lines turned back into logical order, and
//! the first page rendered with pdftoppm.
//!
//! pdftotext gives each line of a right-to-left page in visual order: its words left to right
//! as they stand on the page (it only turns the letters of each Persian word back, inside
//! embedding marks). [`logical_rtl`] turns a line back: NFKC folds the joined presentation
//! forms into letters, each marked word's letters are reversed again so the whole line is in
//! plain visual order, then the bidi rules run on the line with a right-to-left base direction
//! and put its runs back in reading order (right-to-left runs reversed, their brackets
//! mirrored). The same function is applied to every line of a right-to-left page, so a line
//! drawn in the wrong order (a wrapped line that begins with a Latin phrase, reordered as if it
//! were a left-to-right line) comes back with its words in the wrong order.
//!
//! For the words (letters and digits) of a line of Persian with embedded Latin and numbers,
//! that reordering is its own inverse, and [`words`] is what tests compare. Punctuation at the
//! edge of a Latin run has no single inverse: `12,` ending a Latin phrase before Persian text
//! is drawn exactly as a comma that belonged to the Persian would be, and `۵٫۰۰ EUR` exactly
//! as `EUR ۵٫۰۰`; so [`normal`] text is compared only where no Latin run is involved (dates,
//! Persian phrases).
#![allow(dead_code)] // each test module uses some of these

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

/// One line as pdftotext gives it back in logical order, for a right-to-left page.
///
/// pdftotext (poppler) sets the words of a line out left to right as they stand on the page,
/// but puts the letters of each right-to-left word back in reading order and wraps the word in
/// explicit embedding marks (RLE … PDF). Undoing that gives the line in plain visual order;
/// the bidi rules on a right-to-left base then put it back in reading order.
pub fn logical_rtl(line: &str) -> String {
    let folded: String = line.nfkc().collect();
    // Plain visual order: each embedded word's letters reversed back, the marks dropped.
    let mut visual = String::with_capacity(folded.len());
    let mut word: Option<String> = None;
    for c in folded.chars() {
        match (c, word.as_mut()) {
            ('\u{202b}', None) => word = Some(String::new()),
            ('\u{202c}', Some(w)) => {
                visual.extend(w.chars().rev());
                word = None;
            }
            ('\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}', _) => {}
            (c, Some(w)) => w.push(c),
            (c, None) => visual.push(c),
        }
    }
    if let Some(w) = word {
        visual.extend(w.chars().rev());
    }
    let info = ParagraphBidiInfo::new(&visual, Some(Level::rtl()));
    let (levels, runs) = info.visual_runs(0..visual.len());
    let mut out = String::new();
    for run in runs {
        let text = &visual[run.clone()];
        if levels[run.start].is_rtl() {
            out.extend(text.chars().rev().map(mirror));
        } else {
            out.push_str(text);
        }
    }
    out
}

/// The words of `s` in order: runs of letters and digits, with joined forms folded, joiners
/// dropped and punctuation ignored.
pub fn words(s: &str) -> Vec<String> {
    normal(s)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// Does `hay` hold the words of `needle`, in the same order and together?
pub fn has_words(hay: &[String], needle: &[String]) -> bool {
    needle.is_empty() || hay.windows(needle.len()).any(|w| w == needle)
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
