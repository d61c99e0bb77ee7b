//! The cash desk's documents: the receipt (80 mm roll or A4) with its seal's QR code, the payment
//! order with the bank's QR code and reference, and the session's Z report — in the office's
//! language or another (the visit's), digits and direction included; and the revenue per
//! account as CSV for the accounting system.

use chrono::{DateTime, NaiveDate, Utc};
use okno_wire::{
    CashSessionView, Locale, MovementDirection, OfficeView, Paper, PaymentMethod, PaymentOrderView,
    Permission, ReceiptKind, ReceiptView,
};
use uuid::Uuid;

use super::calendar::{format_money, localize_digits, office_date, office_date_time};
use super::sheet::Sheet;
use super::{Doc, Weight, A4_HEIGHT_MM, A4_WIDTH_MM};
use crate::auth::Actor;
use crate::error::{CoreError, Result};
use crate::Workstation;

/// The documents' own words, in the five languages (en, hu, sk, sv, fa).
fn label(key: &str, locale: Locale) -> &'static str {
    let row: [&'static str; 5] = match key {
        "receipt" => [
            "Receipt",
            "Nyugta",
            "Príjmový doklad",
            "Kvitto",
            "رسید پرداخت",
        ],
        "void" => [
            "Void receipt",
            "Sztornó bizonylat",
            "Stornovací doklad",
            "Makuleringskvitto",
            "رسید ابطال",
        ],
        "refund" => [
            "Refund receipt",
            "Visszatérítési bizonylat",
            "Doklad o vrátení",
            "Återbetalningskvitto",
            "رسید بازپرداخت",
        ],
        "issued" => ["Issued", "Kiállítva", "Vystavené", "Utfärdat", "تاریخ صدور"],
        "cashier" => ["Cashier", "Pénztáros", "Pokladník", "Kassör", "صندوق‌دار"],
        "payer" => ["Paid by", "Befizető", "Platiteľ", "Betalare", "پرداخت‌کننده"],
        "takes_back" => [
            "Takes back receipt",
            "Visszavont nyugta",
            "Ruší doklad",
            "Gäller kvitto",
            "ابطال رسید",
        ],
        "reason" => ["Reason", "Indok", "Dôvod", "Skäl", "دلیل"],
        "approved" => [
            "Approved by",
            "Jóváhagyta",
            "Schválil(a)",
            "Godkänt av",
            "تأیید کننده",
        ],
        "total" => ["Total", "Összesen", "Spolu", "Summa", "جمع"],
        "rounding" => [
            "Cash rounding",
            "Kerekítés",
            "Zaokrúhlenie",
            "Öresavrundning",
            "گرد کردن",
        ],
        "paid" => ["Paid", "Fizetve", "Zaplatené", "Betalt", "پرداخت شده"],
        "paid_back" => [
            "Paid back",
            "Visszafizetve",
            "Vrátené",
            "Återbetalt",
            "بازپرداخت شده",
        ],
        "method" => [
            "Payment method",
            "Fizetési mód",
            "Spôsob platby",
            "Betalsätt",
            "روش پرداخت",
        ],
        "cash" => ["Cash", "Készpénz", "Hotovosť", "Kontant", "نقدی"],
        "card" => ["Card", "Bankkártya", "Platobná karta", "Kort", "کارت"],
        "transfer" => [
            "Bank transfer",
            "Átutalás",
            "Bankový prevod",
            "Banköverföring",
            "انتقال بانکی",
        ],
        "tendered" => [
            "Tendered",
            "Átvett összeg",
            "Prijaté",
            "Mottaget",
            "دریافتی",
        ],
        "change" => ["Change", "Visszajáró", "Vydané", "Växel", "باقی‌مانده"],
        "approval" => [
            "Confirmation",
            "Engedélyszám",
            "Autorizačný kód",
            "Godkännandekod",
            "کد تأیید",
        ],
        "verify" => [
            "Scan to verify this receipt",
            "Olvassa be a nyugta ellenőrzéséhez",
            "Naskenujte na overenie dokladu",
            "Skanna för att kontrollera kvittot",
            "برای بررسی اصالت رسید اسکن کنید",
        ],
        "order" => [
            "Payment order",
            "Fizetési felszólítás",
            "Výzva na úhradu",
            "Betalningsuppmaning",
            "دستور پرداخت",
        ],
        "reference" => [
            "Payment reference",
            "Közlemény / azonosító",
            "Referencia platby",
            "OCR-nummer / referens",
            "شناسه پرداخت",
        ],
        "beneficiary" => [
            "Pay to",
            "Kedvezményezett",
            "Príjemca",
            "Betalningsmottagare",
            "ذی‌نفع",
        ],
        "iban" => ["IBAN", "IBAN", "IBAN", "IBAN", "شبا (IBAN)"],
        "bic" => ["BIC", "BIC", "BIC", "BIC", "BIC"],
        "amount" => ["Amount", "Összeg", "Suma", "Belopp", "مبلغ"],
        "due" => [
            "Pay by",
            "Fizetési határidő",
            "Splatné do",
            "Betala senast",
            "مهلت پرداخت",
        ],
        "scan_bank" => [
            "Scan with your banking app to pay",
            "Fizetéshez olvassa be a banki alkalmazással",
            "Na úhradu naskenujte v bankovej aplikácii",
            "Skanna med din bankapp för att betala",
            "",
        ],
        "quote_reference" => [
            "Please quote the reference exactly: it is how the payment is matched.",
            "Kérjük, pontosan adja meg a közleményt: ez alapján azonosítjuk a befizetést.",
            "Uveďte prosím referenciu presne: podľa nej platbu spárujeme.",
            "Ange referensen exakt: den används för att matcha betalningen.",
            "لطفاً شناسه پرداخت را دقیق وارد کنید؛ پرداخت با آن شناسایی می‌شود.",
        ],
        "z_report" => [
            "Cash session report (Z)",
            "Pénztárzárási jelentés (Z)",
            "Uzávierka pokladne (Z)",
            "Kassarapport (Z)",
            "گزارش بستن صندوق (Z)",
        ],
        "desk" => ["Desk", "Pult", "Prepážka", "Disk", "باجه"],
        "opened" => ["Opened", "Nyitás", "Otvorené", "Öppnad", "باز شدن"],
        "closed" => ["Closed", "Zárás", "Uzavreté", "Stängd", "بسته شدن"],
        "float" => [
            "Opening float",
            "Nyitó váltópénz",
            "Počiatočný stav",
            "Växelkassa",
            "موجودی اولیه",
        ],
        "by_method" => [
            "By payment method",
            "Fizetési módonként",
            "Podľa spôsobu platby",
            "Per betalsätt",
            "به تفکیک روش پرداخت",
        ],
        "by_service" => [
            "By service and account",
            "Szolgáltatásonként és számlánként",
            "Podľa služby a účtu",
            "Per tjänst och konto",
            "به تفکیک خدمت و حساب",
        ],
        "payments" => [
            "Payments",
            "Befizetések",
            "Platby",
            "Betalningar",
            "پرداخت‌ها",
        ],
        "voids" => ["Voids", "Sztornók", "Storná", "Makuleringar", "ابطال‌ها"],
        "refunds" => [
            "Refunds",
            "Visszatérítések",
            "Vrátenia",
            "Återbetalningar",
            "بازپرداخت‌ها",
        ],
        "net" => ["Net", "Nettó", "Netto", "Netto", "خالص"],
        "account" => ["Account", "Számla", "Účet", "Konto", "حساب"],
        "movements" => [
            "Cash moved in and out",
            "Pénzmozgások",
            "Vklady a výbery",
            "Insättningar och uttag",
            "ورود و خروج وجه",
        ],
        "in" => ["In", "Be", "Vklad", "In", "ورود"],
        "out" => ["Out", "Ki", "Výber", "Ut", "خروج"],
        "expected" => [
            "Expected in the drawer",
            "Várt készpénz",
            "Očakávaný stav",
            "Förväntat i kassan",
            "موجودی مورد انتظار",
        ],
        "counted" => ["Counted", "Megszámolt", "Spočítané", "Räknat", "شمارش شده"],
        "difference" => ["Difference", "Eltérés", "Rozdiel", "Differens", "اختلاف"],
        "signed_off" => [
            "Difference signed off by",
            "Az eltérést jóváhagyta",
            "Rozdiel schválil(a)",
            "Differensen godkänd av",
            "اختلاف تأیید شده توسط",
        ],
        "count" => [
            "Count by denomination",
            "Címletenkénti számolás",
            "Počítanie podľa nominálnych hodnôt",
            "Räkning per valör",
            "شمارش به تفکیک اسکناس و سکه",
        ],
        "receipts" => ["Receipts", "Bizonylatok", "Doklady", "Kvitton", "رسیدها"],
        "open" => [
            "Session still open",
            "A pénztár még nyitva",
            "Pokladňa je ešte otvorená",
            "Kassan är fortfarande öppen",
            "صندوق هنوز باز است",
        ],
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

fn method_label(m: PaymentMethod, locale: Locale) -> &'static str {
    label(
        match m {
            PaymentMethod::Cash => "cash",
            PaymentMethod::Card => "card",
            PaymentMethod::Transfer => "transfer",
        },
        locale,
    )
}

fn money(minor: i64, currency: &str, locale: Locale) -> String {
    format_money(minor, currency, locale)
}

fn when(t: DateTime<Utc>, office: &OfficeView, tz: chrono_tz::Tz, locale: Locale) -> String {
    let local = t.with_timezone(&tz);
    office_date_time(
        local.date_naive(),
        &local.format("%H:%M").to_string(),
        office.calendar,
        locale,
    )
}

/// The longest an 80 mm receipt gets; the paper is cut where its text ends.
const ROLL_MAX_MM: f32 = 400.0;

/// Renders a receipt on 80 mm roll paper or A4, in `locale`.
pub fn render_receipt(
    office: &OfficeView,
    tz: chrono_tz::Tz,
    r: &ReceiptView,
    locale: Locale,
    paper: Paper,
) -> Result<Vec<u8>> {
    let height = match paper {
        Paper::A4 => A4_HEIGHT_MM,
        // Laid out once to find where the text ends (never written out), then drawn on paper
        // cut there.
        Paper::Roll80 => {
            let end = draw_receipt(office, tz, r, locale, paper, ROLL_MAX_MM, true)?.1;
            (end + 6.0).min(ROLL_MAX_MM)
        }
    };
    Ok(draw_receipt(office, tz, r, locale, paper, height, false)?
        .0
        .finish_uncompressed())
}

fn draw_receipt(
    office: &OfficeView,
    tz: chrono_tz::Tz,
    r: &ReceiptView,
    locale: Locale,
    paper: Paper,
    height: f32,
    measuring: bool,
) -> Result<(Doc, f32)> {
    let l = |k: &str| label(k, locale);
    let (width, margin, scale) = match paper {
        Paper::Roll80 => (80.0, 5.0, 1.0),
        Paper::A4 => (A4_WIDTH_MM, 20.0, 1.25),
    };
    let title = match r.kind {
        ReceiptKind::Payment => l("receipt"),
        ReceiptKind::Void => l("void"),
        ReceiptKind::Refund => l("refund"),
    };
    let mut doc = Doc::new(&format!("{title} {}", r.number))?;
    let mut s = Sheet::new(&doc, locale, width, height, margin);
    s.centered(10.0 * scale, Weight::Bold, &office.name);
    s.centered(7.5 * scale, Weight::Regular, &office.address);
    s.gap(2.0);
    s.centered(9.0 * scale, Weight::Regular, title);
    s.gap(2.0 * scale);
    s.centered(
        16.0 * scale,
        Weight::Bold,
        &localize_digits(&r.number, locale),
    );
    s.gap(1.0);
    s.rule();
    let m = |minor: i64| money(minor, &r.currency, locale);
    s.row(
        8.0 * scale,
        Weight::Regular,
        l("issued"),
        &when(r.issued_at, office, tz, locale),
    );
    s.row(8.0 * scale, Weight::Regular, l("cashier"), &r.cashier_name);
    if let Some(p) = &r.payer_name {
        s.row(8.0 * scale, Weight::Regular, l("payer"), p);
    }
    if let Some(n) = &r.refers_to_number {
        s.row(
            8.0 * scale,
            Weight::Bold,
            l("takes_back"),
            &localize_digits(n, locale),
        );
    }
    if let Some(reason) = &r.reason {
        s.para(
            8.0 * scale,
            Weight::Regular,
            false,
            &format!("{}: {reason}", l("reason")),
        );
    }
    if let Some(a) = &r.approved_by_name {
        s.row(8.0 * scale, Weight::Regular, l("approved"), a);
    }
    s.rule();
    for line in &r.lines {
        let what = if line.quantity > 1 {
            format!(
                "{} × {}",
                localize_digits(&line.quantity.to_string(), locale),
                line.description
            )
        } else {
            line.description.clone()
        };
        s.row(8.5 * scale, Weight::Regular, &what, &m(line.amount_minor));
        let detail = if line.account.is_empty() {
            localize_digits(&line.ref_label, locale)
        } else {
            format!(
                "{} · {} {}",
                localize_digits(&line.ref_label, locale),
                l("account"),
                localize_digits(&line.account, locale)
            )
        };
        s.para(7.0 * scale, Weight::Regular, true, &detail);
    }
    s.rule();
    s.row(9.0 * scale, Weight::Bold, l("total"), &m(r.total_minor));
    if r.rounding_minor != 0 {
        s.row(
            8.0 * scale,
            Weight::Regular,
            l("rounding"),
            &m(r.rounding_minor),
        );
    }
    let paid_key = if r.paid_minor < 0 {
        "paid_back"
    } else {
        "paid"
    };
    s.row(
        10.0 * scale,
        Weight::Bold,
        l(paid_key),
        &m(r.paid_minor.abs()),
    );
    s.row(
        8.0 * scale,
        Weight::Regular,
        l("method"),
        method_label(r.method, locale),
    );
    if let (Some(t), Some(c)) = (r.tendered_minor, r.change_minor) {
        s.row(8.0 * scale, Weight::Regular, l("tendered"), &m(t));
        s.row(8.0 * scale, Weight::Regular, l("change"), &m(c));
    }
    if let Some(a) = &r.approval_code {
        s.row(8.0 * scale, Weight::Regular, l("approval"), a);
    }
    s.gap(3.0);
    let size = if paper == Paper::A4 { 36.0 } else { 32.0 };
    let x = (width - size) / 2.0;
    // Measuring where the text ends needs only the code's size, not the code.
    if measuring || s.page.qr(x, s.y, size, &r.verify_url) {
        s.y += size + 3.0;
        s.centered(7.5 * scale, Weight::Regular, l("verify"));
    }
    let end = s.y;
    doc.push(s.page);
    Ok((doc, end))
}

/// Renders a payment order (A4) in `o.locale` unless another is asked for.
pub fn render_order(office: &OfficeView, o: &PaymentOrderView, locale: Locale) -> Result<Vec<u8>> {
    let l = |k: &str| label(k, locale);
    let mut doc = Doc::new(&format!("{} {}", l("order"), o.number))?;
    let mut s = Sheet::new(&doc, locale, A4_WIDTH_MM, A4_HEIGHT_MM, 20.0);
    s.para(13.0, Weight::Bold, false, &office.name);
    s.para(9.0, Weight::Regular, true, &office.address);
    s.gap(6.0);
    s.para(10.0, Weight::Regular, true, l("order"));
    s.para(
        20.0,
        Weight::Bold,
        false,
        &localize_digits(&o.number, locale),
    );
    s.gap(2.0);
    s.rule();
    let m = |minor: i64| money(minor, &o.currency, locale);
    s.row(10.0, Weight::Regular, l("payer"), &o.payer_name);
    for line in &o.lines {
        s.row(
            10.0,
            Weight::Regular,
            &line.description,
            &m(line.amount_minor),
        );
        s.para(
            8.0,
            Weight::Regular,
            true,
            &localize_digits(&line.ref_label, locale),
        );
    }
    s.rule();
    s.row(12.0, Weight::Bold, l("amount"), &m(o.total_minor));
    s.row(
        10.0,
        Weight::Regular,
        l("due"),
        &office_date(o.due_date, office.calendar, locale),
    );
    s.gap(4.0);
    s.row(10.0, Weight::Regular, l("beneficiary"), &o.beneficiary);
    s.row(10.0, Weight::Bold, l("iban"), &group(&o.iban));
    if !o.bic.is_empty() {
        s.row(10.0, Weight::Regular, l("bic"), &o.bic);
    }
    s.row(12.0, Weight::Bold, l("reference"), &o.reference);
    s.para(9.0, Weight::Regular, true, l("quote_reference"));
    if let Some(payload) = &o.qr_payload {
        s.gap(6.0);
        let size = 46.0;
        let (x, _) = s.start();
        let qx = if locale.is_rtl() { x - size } else { x };
        if s.page.qr(qx, s.y, size, payload) {
            s.y += size + 3.0;
            s.para(9.0, Weight::Regular, true, l("scan_bank"));
        }
    }
    doc.push(s.page);
    Ok(doc.finish())
}

/// An IBAN in groups of four, as it is printed.
fn group(iban: &str) -> String {
    let compact: Vec<char> = iban.chars().filter(|c| !c.is_whitespace()).collect();
    compact
        .chunks(4)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Renders a session's Z report (A4) in `locale`.
pub fn render_z(
    office: &OfficeView,
    tz: chrono_tz::Tz,
    v: &CashSessionView,
    locale: Locale,
) -> Result<Vec<u8>> {
    let l = |k: &str| label(k, locale);
    let mut doc = Doc::new(l("z_report"))?;
    let mut s = Sheet::new(&doc, locale, A4_WIDTH_MM, A4_HEIGHT_MM, 18.0);
    let m = |minor: i64| money(minor, &v.currency, locale);
    s.para(13.0, Weight::Bold, false, &office.name);
    s.para(16.0, Weight::Bold, false, l("z_report"));
    s.gap(2.0);
    s.row(
        9.5,
        Weight::Regular,
        l("desk"),
        &localize_digits(&v.desk, locale),
    );
    s.row(9.5, Weight::Regular, l("cashier"), &v.cashier_name);
    s.row(
        9.5,
        Weight::Regular,
        l("opened"),
        &when(v.opened_at, office, tz, locale),
    );
    match v.closed_at {
        Some(c) => s.row(
            9.5,
            Weight::Regular,
            l("closed"),
            &when(c, office, tz, locale),
        ),
        None => s.row(9.5, Weight::Bold, l("closed"), l("open")),
    }
    s.row(
        9.5,
        Weight::Regular,
        l("receipts"),
        &localize_digits(&v.receipts.to_string(), locale),
    );
    s.rule();
    s.para(11.0, Weight::Bold, false, l("by_method"));
    for t in &v.by_method {
        let count = |n: u32| localize_digits(&n.to_string(), locale);
        s.row(
            9.5,
            Weight::Bold,
            method_label(t.method, locale),
            &m(t.net_minor),
        );
        s.row(
            8.5,
            Weight::Regular,
            &format!("   {} ({})", l("payments"), count(t.payments)),
            &m(t.paid_minor),
        );
        if t.voids > 0 {
            s.row(
                8.5,
                Weight::Regular,
                &format!("   {} ({})", l("voids"), count(t.voids)),
                &m(-t.voided_minor),
            );
        }
        if t.refunds > 0 {
            s.row(
                8.5,
                Weight::Regular,
                &format!("   {} ({})", l("refunds"), count(t.refunds)),
                &m(-t.refunded_minor),
            );
        }
    }
    if v.rounding_minor != 0 {
        s.row(9.0, Weight::Regular, l("rounding"), &m(v.rounding_minor));
    }
    s.rule();
    s.para(11.0, Weight::Bold, false, l("by_service"));
    for t in &v.by_service {
        if s.y > A4_HEIGHT_MM - 60.0 {
            let next = Sheet::new(&doc, locale, A4_WIDTH_MM, A4_HEIGHT_MM, 18.0);
            doc.push(std::mem::replace(&mut s.page, next.page));
            s.y = next.y;
        }
        let what = if t.account.is_empty() {
            t.description.clone()
        } else {
            format!(
                "{} · {}",
                localize_digits(&t.account, locale),
                t.description
            )
        };
        s.row(9.0, Weight::Regular, &what, &m(t.net_minor));
    }
    s.rule();
    s.para(11.0, Weight::Bold, false, l("movements"));
    s.row(9.5, Weight::Regular, l("float"), &m(v.float_minor));
    for mv in &v.movements {
        let sign = if mv.direction == MovementDirection::In {
            1
        } else {
            -1
        };
        let dir = if sign > 0 { l("in") } else { l("out") };
        s.row(
            9.0,
            Weight::Regular,
            &format!("{dir}: {}", mv.reason),
            &m(sign * mv.amount_minor),
        );
    }
    s.rule();
    s.row(10.5, Weight::Bold, l("expected"), &m(v.expected_minor));
    if let Some(c) = v.counted_minor {
        s.row(10.5, Weight::Bold, l("counted"), &m(c));
    }
    if let Some(d) = v.difference_minor {
        s.row(10.5, Weight::Bold, l("difference"), &m(d));
    }
    if let Some(by) = &v.signed_off_by_name {
        s.row(9.5, Weight::Regular, l("signed_off"), by);
        if let Some(r) = &v.sign_off_reason {
            s.para(9.0, Weight::Regular, true, &format!("{}: {r}", l("reason")));
        }
    }
    if !v.counts.is_empty() {
        s.rule();
        s.para(11.0, Weight::Bold, false, l("count"));
        for c in &v.counts {
            s.row(
                9.0,
                Weight::Regular,
                &format!(
                    "{} × {}",
                    localize_digits(&c.count.to_string(), locale),
                    m(c.value_minor)
                ),
                &m(c.value_minor * i64::from(c.count)),
            );
        }
    }
    doc.push(s.page);
    Ok(doc.finish())
}

/// Quotes a CSV field when it needs it.
fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

impl Workstation {
    pub(crate) async fn cash_receipt_pdf(
        &self,
        actor: &Actor,
        id: Uuid,
        locale: Option<Locale>,
        paper: Paper,
    ) -> Result<(String, Vec<u8>)> {
        let r = self.get_receipt(actor, id).await?;
        let office = self.office().await?;
        let locale = locale.unwrap_or(office.view.locale);
        let pdf = render_receipt(&office.view, office.tz, &r, locale, paper)?;
        let paper = match paper {
            Paper::Roll80 => "",
            Paper::A4 => "-a4",
        };
        Ok((
            format!("receipt-{}{paper}.pdf", r.number.replace('/', "-")),
            pdf,
        ))
    }

    pub(crate) async fn payment_order_pdf(
        &self,
        actor: &Actor,
        id: Uuid,
        locale: Option<Locale>,
    ) -> Result<(String, Vec<u8>)> {
        let o = self.get_payment_order(actor, id).await?;
        let office = self.office().await?;
        let pdf = render_order(&office.view, &o, locale.unwrap_or(o.locale))?;
        Ok((
            format!("payment-order-{}.pdf", o.number.replace('/', "-")),
            pdf,
        ))
    }

    pub(crate) async fn z_report_pdf(
        &self,
        actor: &Actor,
        id: Uuid,
        locale: Locale,
    ) -> Result<(String, Vec<u8>)> {
        let v = self.get_cash_session(actor, id).await?;
        let office = self.office().await?;
        let pdf = render_z(&office.view, office.tz, &v, locale)?;
        let day = v.opened_at.with_timezone(&office.tz).date_naive();
        Ok((
            format!("z-report-{day}-{}.pdf", v.desk.replace(['/', '\\'], "-")),
            pdf,
        ))
    }

    /// Revenue per account and day of a period: one row per office day, account and payment
    /// method, net of voids and refunds, for the accounting system.
    pub(crate) async fn revenue_csv(
        &self,
        actor: &Actor,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<u8>> {
        if !actor.may(Permission::ReviewDay) && !actor.may(Permission::TakePayments) {
            return Err(CoreError::Forbidden);
        }
        let rows: Vec<(String, String, String, String, i64, i64)> = sqlx::query_as(
            "SELECT r.local_day, COALESCE(json_extract(j.value, '$.account'), ''), r.method, r.currency,
                    SUM(json_extract(j.value, '$.amount_minor')), COUNT(*)
               FROM receipt r, json_each(r.lines) j
              WHERE r.local_day >= ? AND r.local_day <= ?
              GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3",
        )
        .bind(from.format("%Y-%m-%d").to_string())
        .bind(to.format("%Y-%m-%d").to_string())
        .fetch_all(&self.store.reader)
        .await?;
        let rounding: Vec<(String, String, i64)> = sqlx::query_as(
            "SELECT local_day, currency, SUM(rounding_minor) FROM receipt
              WHERE local_day >= ? AND local_day <= ? AND rounding_minor <> 0 GROUP BY 1, 2 ORDER BY 1",
        )
        .bind(from.format("%Y-%m-%d").to_string())
        .bind(to.format("%Y-%m-%d").to_string())
        .fetch_all(&self.store.reader)
        .await?;
        let mut out = String::from("day,account,method,currency,amount,amount_minor,lines\r\n");
        let amount = |minor: i64| {
            format!(
                "{}{}.{:02}",
                if minor < 0 { "-" } else { "" },
                minor.unsigned_abs() / 100,
                minor.unsigned_abs() % 100
            )
        };
        for (day, account, method, currency, minor, lines) in rows {
            out.push_str(&format!(
                "{day},{},{method},{currency},{},{minor},{lines}\r\n",
                csv_field(&account),
                amount(minor)
            ));
        }
        // Cash rounding is revenue (or loss) of its own, on no service's account.
        for (day, currency, minor) in rounding {
            out.push_str(&format!(
                "{day},rounding,cash,{currency},{},{minor},0\r\n",
                amount(minor)
            ));
        }
        Ok(out.into_bytes())
    }
}
