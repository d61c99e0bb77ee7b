//! The intake receipt the citizen takes home: the case number, the service and agency, the
//! documents presented and still missing, the due date and the fee, with the office's details.

use okno_wire::{CaseDetail, Channel, Locale, OfficeView, Permission};
use uuid::Uuid;

use super::calendar::{format_money, office_date, office_date_time};
use super::{rgb, Align, Direction, Doc, Page, Weight, A4_WIDTH_MM};
use crate::auth::Actor;
use crate::error::Result;
use crate::Workstation;

/// The receipt's own words, in the five languages.
fn label(key: &str, locale: Locale) -> &'static str {
    let row: [&'static str; 5] = match key {
        "title" => [
            "Intake receipt",
            "Átvételi elismervény",
            "Potvrdenie o prijatí podania",
            "Mottagningskvitto",
            "رسید پذیرش درخواست",
        ],
        "case_number" => [
            "Case number",
            "Ügyszám",
            "Číslo podania",
            "Ärendenummer",
            "شماره پرونده",
        ],
        "received" => [
            "Received",
            "Átvétel ideje",
            "Prijaté",
            "Mottaget",
            "تاریخ دریافت",
        ],
        "citizen" => ["Citizen", "Ügyfél", "Žiadateľ", "Sökande", "متقاضی"],
        "service" => ["Service", "Szolgáltatás", "Služba", "Tjänst", "خدمت"],
        "agency" => ["Agency", "Hivatal", "Úrad", "Myndighet", "سازمان"],
        "channel" => [
            "Channel",
            "Csatorna",
            "Spôsob podania",
            "Kanal",
            "نحوه مراجعه",
        ],
        "subject" => ["Subject", "Tárgy", "Vec", "Ärende", "موضوع"],
        "due" => [
            "Due by",
            "Határidő",
            "Lehota vybavenia",
            "Handläggs senast",
            "مهلت رسیدگی",
        ],
        "fee" => ["Fee", "Díj", "Poplatok", "Avgift", "هزینه"],
        "clerk" => [
            "Received by",
            "Ügyintéző",
            "Prijal(a)",
            "Handläggare",
            "کارشناس",
        ],
        "documents" => [
            "Documents",
            "Dokumentumok",
            "Doklady",
            "Handlingar",
            "مدارک",
        ],
        "presented" => [
            "presented",
            "bemutatva",
            "predložené",
            "uppvisad",
            "ارائه شد",
        ],
        "missing" => [
            "still to bring",
            "pótolandó",
            "treba doložiť",
            "ska kompletteras",
            "باید ارائه شود",
        ],
        "no_documents" => [
            "No documents are required for this service.",
            "A szolgáltatáshoz nem kell dokumentum.",
            "K tejto službe nie sú potrebné doklady.",
            "Inga handlingar krävs för denna tjänst.",
            "برای این خدمت مدرکی لازم نیست.",
        ],
        "keep" => [
            "Please keep this receipt and quote the case number whenever you ask about your case.",
            "Kérjük, őrizze meg az elismervényt, és érdeklődéskor hivatkozzon az ügyszámra.",
            "Potvrdenie si, prosím, uschovajte a pri otázkach k podaniu uvádzajte jeho číslo.",
            "Spara kvittot och uppge ärendenumret när du frågar om ditt ärende.",
            "لطفاً این رسید را نگه دارید و هنگام پیگیری، شماره پرونده را اعلام کنید.",
        ],
        "printed" => [
            "Printed",
            "Nyomtatva",
            "Vytlačené",
            "Utskrivet",
            "تاریخ چاپ",
        ],
        "walk_in" => ["in person", "személyesen", "osobne", "besök", "حضوری"],
        "phone" => ["by phone", "telefonon", "telefonicky", "telefon", "تلفنی"],
        "email" => ["by e-mail", "e-mailben", "e-mailom", "e-post", "رایانامه"],
        "post" => ["by post", "postán", "poštou", "post", "پستی"],
        _ => ["", "", "", "", ""],
    };
    row[match locale {
        Locale::En => 0,
        Locale::Hu => 1,
        Locale::Sk => 2,
        Locale::Sv => 3,
        Locale::Fa => 4,
    }]
}

fn name_in(names: &okno_wire::LocalizedText, locale: Locale) -> String {
    names
        .get(locale.code())
        .or_else(|| names.get("en"))
        .or_else(|| names.values().next())
        .cloned()
        .unwrap_or_default()
}

/// Renders the receipt of a case in `locale`.
pub fn render(
    office: &OfficeView,
    tz: chrono_tz::Tz,
    case: &CaseDetail,
    clerk: &str,
    printed_at: chrono::DateTime<chrono::Utc>,
    locale: Locale,
) -> Result<Vec<u8>> {
    let rtl = locale.is_rtl();
    let l = |k: &str| label(k, locale);
    let margin = 18.0;
    let right = A4_WIDTH_MM - margin;
    // In right-to-left documents labels sit at the right edge and values to their left.
    let (start_x, start_align, end_x, end_align) = if rtl {
        (right, Align::End, margin, Align::Start)
    } else {
        (margin, Align::Start, right, Align::End)
    };
    let ink = rgb(0x1d, 0x26, 0x33);
    let muted = rgb(0x5b, 0x67, 0x78);
    let accent = rgb(0x1f, 0x4e, 0x8c);

    let mut doc = Doc::new(&format!("{} {}", l("title"), case.summary.number))?;
    let mut p: Page = doc.page(Direction::of(locale));

    // Header band: what this is, whose it is, where.
    p.rect(0.0, 0.0, A4_WIDTH_MM, 38.0, rgb(0x1f, 0x4e, 0x8c));
    let white = rgb(0xff, 0xff, 0xff);
    let pale = rgb(0xdc, 0xe6, 0xf5);
    p.text(
        start_x,
        11.0,
        9.0,
        Weight::Bold,
        pale.clone(),
        start_align,
        &l("title").to_uppercase(),
    );
    p.text(
        start_x,
        21.5,
        15.0,
        Weight::Bold,
        white,
        start_align,
        &office.name,
    );
    p.text(
        start_x,
        30.0,
        9.5,
        Weight::Regular,
        pale,
        start_align,
        &office.address,
    );

    // The number, big.
    p.text(
        start_x,
        54.0,
        10.0,
        Weight::Regular,
        muted.clone(),
        start_align,
        l("case_number"),
    );
    p.text(
        start_x,
        66.0,
        24.0,
        Weight::Bold,
        accent.clone(),
        start_align,
        &case.summary.number,
    );
    let received_local = case.summary.received_at.with_timezone(&tz);
    let received = office_date_time(
        received_local.date_naive(),
        &received_local.format("%H:%M").to_string(),
        office.calendar,
        locale,
    );
    p.text(
        end_x,
        54.0,
        10.0,
        Weight::Regular,
        muted.clone(),
        end_align,
        l("received"),
    );
    p.text(
        end_x,
        63.0,
        12.0,
        Weight::Bold,
        ink.clone(),
        end_align,
        &received,
    );
    p.line(margin, 74.0, right, 74.0, 0.6, rgb(0xc8, 0xd0, 0xdc));

    // Fields.
    let channel = match case.summary.channel {
        Channel::WalkIn => l("walk_in"),
        Channel::Phone => l("phone"),
        Channel::Email => l("email"),
        Channel::Post => l("post"),
    };
    let rows: Vec<(&str, String)> = vec![
        (l("citizen"), case.party.name.clone()),
        (l("service"), name_in(&case.summary.service_names, locale)),
        (l("agency"), name_in(&case.summary.agency_names, locale)),
        (l("subject"), case.summary.subject.clone()),
        (l("channel"), channel.to_string()),
        (
            l("due"),
            office_date(case.summary.due_date, office.calendar, locale),
        ),
        (
            l("fee"),
            format_money(case.fee_minor, &case.currency, locale),
        ),
        (l("clerk"), clerk.to_string()),
    ];
    let label_w = 42.0;
    let value_x = if rtl {
        right - label_w
    } else {
        margin + label_w
    };
    let value_w = right - margin - label_w;
    let mut y = 84.0;
    for (k, v) in rows {
        p.text(
            start_x,
            y,
            9.5,
            Weight::Regular,
            muted.clone(),
            start_align,
            k,
        );
        let next = p.paragraph(
            value_x,
            y,
            value_w,
            11.0,
            Weight::Bold,
            ink.clone(),
            start_align,
            &v,
        );
        y = next + 3.0;
    }

    // Checklist.
    y += 4.0;
    p.rect(margin, y - 6.0, right - margin, 9.0, rgb(0xee, 0xf2, 0xf8));
    p.text(
        start_x + if rtl { -3.0 } else { 3.0 },
        y,
        10.5,
        Weight::Bold,
        ink.clone(),
        start_align,
        l("documents"),
    );
    y += 10.0;
    if case.checklist.is_empty() {
        p.text(
            start_x,
            y,
            10.0,
            Weight::Regular,
            muted.clone(),
            start_align,
            l("no_documents"),
        );
        y += 7.0;
    }
    for item in &case.checklist {
        let (mark, colour, state) = if item.presented {
            ("✓", rgb(0x1b, 0x7a, 0x3d), l("presented"))
        } else {
            ("✗", rgb(0xb0, 0x32, 0x2a), l("missing"))
        };
        let mark_x = if rtl { right - 2.0 } else { margin + 2.0 };
        let text_x = if rtl { right - 10.0 } else { margin + 10.0 };
        p.text(
            mark_x,
            y,
            12.0,
            Weight::Bold,
            colour.clone(),
            start_align,
            mark,
        );
        p.text(
            text_x,
            y,
            10.5,
            Weight::Regular,
            ink.clone(),
            start_align,
            &name_in(&item.label, locale),
        );
        p.text(end_x, y, 9.5, Weight::Regular, colour, end_align, state);
        y += 7.5;
    }

    // Footer.
    y += 8.0;
    p.line(margin, y, right, y, 0.6, rgb(0xc8, 0xd0, 0xdc));
    y += 8.0;
    let y_after = p.paragraph(
        start_x,
        y,
        right - margin,
        10.0,
        Weight::Regular,
        ink,
        start_align,
        l("keep"),
    );
    let printed_local = printed_at.with_timezone(&tz);
    let printed = format!(
        "{}: {}",
        l("printed"),
        office_date_time(
            printed_local.date_naive(),
            &printed_local.format("%H:%M").to_string(),
            office.calendar,
            locale,
        )
    );
    p.text(
        start_x,
        y_after + 4.0,
        8.5,
        Weight::Regular,
        muted,
        start_align,
        &printed,
    );
    doc.push(p);
    Ok(doc.finish())
}

impl Workstation {
    /// The intake receipt of a case as PDF bytes, in `locale` (the office's language when
    /// `None`), and a file name for it.
    pub async fn intake_receipt_pdf(
        &self,
        actor: &Actor,
        case_id: Uuid,
        locale: Option<Locale>,
    ) -> Result<(String, Vec<u8>)> {
        actor.require(Permission::ViewCases)?;
        let office = self.office().await?;
        let case = self.get_case(actor, case_id).await?;
        let clerk = case
            .events
            .first()
            .map(|e| e.actor_name.clone())
            .unwrap_or_else(|| actor.display_name.clone());
        let locale = locale.unwrap_or(office.view.locale);
        let pdf = render(
            &office.view,
            office.tz,
            &case,
            &clerk,
            self.clock.now(),
            locale,
        )?;
        let filename = format!(
            "receipt-{}.pdf",
            case.summary.number.replace(['/', '\\'], "-")
        );
        Ok((filename, pdf))
    }
}
