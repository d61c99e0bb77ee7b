//! Right-to-left documents read in the right order: mixed Persian, Latin and digit paragraphs
//! that wrap, drawn by the documents' one line layout, read back with pdftotext and compared
//! with the text that was laid out (how a right-to-left line is read back: see `pdf`); and the
//! Persian page of a certified copy, whose clause carries a Latin name and a Latin document
//! description, and whose date is the office's Gregorian one with the Persian date beside it;
//! and the ledger report in Persian, dated the same way.

use okno_core::documents::{lay_out, rgb, Align, Direction, Doc, Weight};
use okno_wire::*;

use super::{fixture, request};
use crate::pdf::{has_words, logical_lines, normal, out_dir, pdftotext, render, words};

/// Mixed paragraphs: each starts, ends or breaks around Latin names, numbers in both kinds of
/// digits and brackets.
const PARAGRAPHS: [&str; 4] = [
    "سند Kúpna zmluva na byt č. 12, Hlavná 3 را Ľudmila Čičová در ۲ نسخه در حضور اینجانب امضا کرد.",
    "Bratislava Hlavné námestie 1 محل صدور این رونوشت است و شماره آن CE-2026/00042 می‌باشد.",
    "هویت متقاضی با گذرنامه AB 123456 (صادره از Slovenská republika) در تاریخ ۱۴۰۵/۰۸/۳۰ احراز شد.",
    "Adásvételi szerződés – Hlavná 3 و Purchase contract for flat 12 دو نسخه از یک سند هستند.",
];

#[test]
fn mixed_persian_paragraphs_that_wrap_read_back_in_logical_order() {
    let (_keep, dir) = out_dir();
    let mut starts_latin = 0;
    for (i, width) in [38.0f32, 52.0, 67.0, 90.0].into_iter().enumerate() {
        let mut doc = Doc::new("bidi").unwrap();
        let mut y = 20.0;
        let mut page = doc.page(Direction::Rtl);
        for (j, para) in PARAGRAPHS.iter().enumerate() {
            y = page.paragraph(
                190.0,
                y,
                width,
                11.0,
                if j % 2 == 0 {
                    Weight::Regular
                } else {
                    Weight::Bold
                },
                rgb(0, 0, 0),
                Align::End,
                para,
            ) + 8.0;
        }
        doc.push(page);
        let pdf = dir.join(format!("bidi-{i}.pdf"));
        std::fs::write(&pdf, doc.finish()).unwrap();
        render(&pdf, 1);

        let text = pdftotext(&pdf, None);
        let lines = logical_lines(&text);
        // What the layout broke each paragraph into, in logical order, for the line count.
        let expected: usize = PARAGRAPHS
            .iter()
            .map(|p| lay_out(p, Direction::Rtl, Some(width), 11.0, Weight::Regular).len())
            .sum();
        assert!(lines.len() >= PARAGRAPHS.len(), "{text}");
        let read = words(&lines.join(" "));
        let written = words(&PARAGRAPHS.join(" "));
        assert_eq!(
            read.join(" "),
            written.join(" "),
            "width {width} mm ({expected} lines laid out), pdftotext gave:\n{text}"
        );
        starts_latin += lines
            .iter()
            .filter(|l| l.chars().next().is_some_and(|c| c.is_ascii_alphabetic()))
            .count();
    }
    // The case that went wrong: wrapped lines that begin with a Latin phrase.
    assert!(starts_latin >= 4, "no line began with Latin text");
}

#[test]
fn a_left_to_right_page_keeps_a_persian_name_in_place() {
    let (_keep, dir) = out_dir();
    let mut doc = Doc::new("ltr").unwrap();
    let mut page = doc.page(Direction::Ltr);
    page.paragraph(
        20.0,
        20.0,
        60.0,
        11.0,
        Weight::Regular,
        rgb(0, 0, 0),
        Align::Start,
        "Presented by مریم رحیمی on 20 November 2026 with passport AB 123456.",
    );
    doc.push(page);
    let pdf = dir.join("ltr.pdf");
    std::fs::write(&pdf, doc.finish()).unwrap();
    let text = normal(&pdftotext(&pdf, None));
    assert!(text.starts_with("Presented by"), "{text}");
    assert!(text.contains("passport AB 123456."), "{text}");
}

#[tokio::test]
async fn the_persian_page_of_a_certified_copy_reads_in_order() {
    let (_keep, dir) = out_dir();
    let fx = fixture(Locale::Hu).await;
    let mut req = request(fx.service, CertificationKind::Copy);
    req.party_name = "Ľudmila Čičová".into();
    req.document_description = "Kúpna zmluva na byt č. 12, Hlavná 3, Bratislava".into();
    req.second_locale = Some(Locale::Fa);
    let e = fx.ws.certify(&fx.registrar, req).await.unwrap();
    let fa = e.clauses.iter().find(|c| c.locale == Locale::Fa).unwrap();
    let (_, pdf) = fx.ws.certified_copy_pdf(&fx.registrar, e.id).await.unwrap();
    let file = dir.join("certified-copy-fa.pdf");
    std::fs::write(&file, &pdf).unwrap();
    // The Persian page on its own.
    let text = pdftotext(&file, Some((2, 2)));
    render(&file, 2);
    let lines = logical_lines(&text).join(" ");
    let read = words(&lines);
    assert!(
        has_words(&read, &words(&fa.text)),
        "the clause\n{}\nis not in the page read back in logical order:\n{lines}\n(pdftotext:\n{text})",
        fa.text
    );
    assert!(has_words(&read, &words(&fa.title)), "{lines}");
    let read = normal(&lines);
    // A Gregorian office: its date, in Persian words and digits, the Persian date beside it.
    assert!(read.contains("۲۰ نوامبر ۲۰۲۶ (۱۴۰۵/۰۸/۲۹)"), "{read}");
}

#[tokio::test]
async fn the_persian_ledger_report_dates_entries_the_offices_way() {
    let (_keep, dir) = out_dir();
    let fx = fixture(Locale::Hu).await;
    super::five(&fx).await;
    let from = chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
    let to = chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
    let (_, pdf) = fx
        .ws
        .ledger_report_pdf(&fx.clerk, from, to, Locale::Fa)
        .await
        .unwrap();
    let file = dir.join("ledger-report-fa.pdf");
    std::fs::write(&file, &pdf).unwrap();
    render(&file, 1);
    let read = normal(&logical_lines(&pdftotext(&file, None)).join("\n"));
    // A Gregorian office: the period, each entry's day and the printing time in the office's
    // calendar, in Persian words and digits, the Persian date beside.
    for needle in [
        "۱ نوامبر ۲۰۲۶ (۱۴۰۵/۰۸/۱۰) – ۳۰ نوامبر ۲۰۲۶ (۱۴۰۵/۰۹/۰۹)",
        "۲۰ نوامبر ۲۰۲۶ (۱۴۰۵/۰۸/۲۹)",
        "۲۰ نوامبر ۲۰۲۶ ۱۰:۰۰ (۱۴۰۵/۰۸/۲۹)",
    ] {
        assert!(read.contains(needle), "{needle} missing from:\n{read}");
    }
}
