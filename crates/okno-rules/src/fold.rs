//! Folding names for search: what a clerk types and what the registry holds meet in one form.
//!
//! - Latin letters lose their diacritics and case: `Čičová` → `cicova`, `Åsa` → `asa`,
//!   `Gábor` → `gabor`; letters that are not a base letter plus a mark are spelt out (`ß` → `ss`,
//!   `ø` → `o`, `æ` → `ae`, `ł` → `l`, `đ` → `d`).
//! - Persian and Arabic: the Arabic forms of yeh (`ي`, `ى`) and kaf (`ك`) become the Persian
//!   ones (`ی`, `ک`); teh marbuta and heh with yeh above become heh; hamza-carrying alefs become
//!   alef; short vowels, tanwin, tatweel and zero-width (non-)joiners are dropped, so `نیک‌نام`
//!   and `نيكنام` meet.
//! - Persian (`۱۳۶۶`) and Arabic-Indic (`١٣٦٦`) digits become `1366`.
//!
//! Tokens are the runs of letters and digits; everything else separates them, except that an
//! apostrophe or a zero-width non-joiner inside a name joins (`O'Brien` → `obrien`).

use unicode_normalization::UnicodeNormalization;

/// Folds one character into `out` (nothing for a mark or a joiner).
fn fold_char(c: char, out: &mut String) {
    match c {
        // Persian and Arabic letter forms.
        '\u{064A}' | '\u{0649}' | '\u{06D0}' | '\u{06CC}' => out.push('\u{06CC}'),
        '\u{0643}' | '\u{06A9}' => out.push('\u{06A9}'),
        '\u{0629}' | '\u{06C0}' | '\u{06D5}' => out.push('\u{0647}'),
        '\u{0622}' | '\u{0623}' | '\u{0625}' | '\u{0671}' => out.push('\u{0627}'),
        '\u{0624}' => out.push('\u{0648}'),
        '\u{0626}' => out.push('\u{06CC}'),
        // Harakat, tanwin, superscript alef, tatweel, zero-width joiners and marks.
        '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}' => {}
        '\u{200B}'..='\u{200F}' | '\u{FEFF}' => {}
        // Persian and Arabic-Indic digits.
        '\u{06F0}'..='\u{06F9}' => out.push(char::from(b'0' + (c as u32 - 0x06F0) as u8)),
        '\u{0660}'..='\u{0669}' => out.push(char::from(b'0' + (c as u32 - 0x0660) as u8)),
        // Latin letters that do not decompose.
        'ß' | 'ẞ' => out.push_str("ss"),
        'ø' | 'Ø' => out.push('o'),
        'æ' | 'Æ' => out.push_str("ae"),
        'œ' | 'Œ' => out.push_str("oe"),
        'ł' | 'Ł' => out.push('l'),
        'đ' | 'Đ' => out.push('d'),
        'ð' | 'Ð' => out.push('d'),
        'þ' | 'Þ' => out.push_str("th"),
        'ı' => out.push('i'),
        '’' | '\'' | 'ʼ' | '`' => {}
        c if is_mark(c) => {}
        c => {
            for l in c.to_lowercase() {
                out.push(l);
            }
        }
    }
}

fn is_mark(c: char) -> bool {
    matches!(c as u32,
        0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

/// The folded form of a text (marks and joiners gone, letter forms unified, lower case), with
/// separators kept as they are.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.nfd() {
        fold_char(c, &mut out);
    }
    out
}

/// The folded tokens of a text: runs of letters and digits.
pub fn tokens(s: &str) -> Vec<String> {
    fold(s)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect()
}

/// Digits folded to ASCII, everything else as is (for dates and record numbers typed in Persian
/// digits).
pub fn ascii_digits(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{06F0}'..='\u{06F9}' => char::from(b'0' + (c as u32 - 0x06F0) as u8),
            '\u{0660}'..='\u{0669}' => char::from(b'0' + (c as u32 - 0x0660) as u8),
            c => c,
        })
        .collect()
}

/// A record number in its canonical form: upper case, ASCII digits, no spaces, `-` between its
/// parts (`b 1987/42` stays `B-1987-42`; the zero padding is the registry's own).
pub fn record_number(s: &str) -> String {
    let s = ascii_digits(s.trim());
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_uppercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin() {
        assert_eq!(fold("Čičová"), "cicova");
        assert_eq!(fold("Åsa Öberg"), "asa oberg");
        assert_eq!(fold("Gábor Kovács"), "gabor kovacs");
        assert_eq!(
            fold("Łukasz Strauß Søren Æbelø"),
            "lukasz strauss soren aebelo"
        );
        assert_eq!(
            tokens("O'Brien-Smith, Mary"),
            vec!["obrien", "smith", "mary"]
        );
        assert_eq!(fold("Ľubomír Ďurčo"), "lubomir durco");
    }

    #[test]
    fn persian() {
        // Arabic yeh and kaf against Persian ones; ZWNJ; harakat.
        assert_eq!(fold("كريمي"), fold("کریمی"));
        assert_eq!(fold("نیک‌نام"), fold("نيكنام"));
        assert_eq!(fold("مُحَمَّد"), fold("محمد"));
        assert_eq!(fold("فاطمة"), fold("فاطمه"));
        assert_eq!(fold("۱۳۶۶"), "1366");
        assert_eq!(fold("١٣٦٦"), "1366");
        assert_eq!(tokens("حسن‌زاده"), vec![fold("حسنزاده")]);
    }

    #[test]
    fn numbers() {
        assert_eq!(record_number(" b 1987/00042 "), "B-1987-00042");
        assert_eq!(record_number("B-۱۳۶۶-۰۰۰۴۲"), "B-1366-00042");
    }
}
