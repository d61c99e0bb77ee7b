//! The cash desk's rules, shared by the workstation and the office server: cash rounding per
//! currency, the notes and coins a drawer is counted in, the references a bank transfer carries
//! (ISO 11649 RF, Swedish OCR, the Iranian payment identifier) and the QR codes banking apps
//! read (EPC for SEPA, the Hungarian central bank's), and the arithmetic of a cash session and
//! its Z report. Money is integer minor units (hundredths of the currency's unit) everywhere.

use std::collections::BTreeMap;

use okno_wire::{MethodTotal, MovementDirection, PaymentMethod, ReceiptKind, ServiceTotal};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The default rounding of cash totals for an office of `currency` (minor units): Hungary
/// rounds to 0 or 5 forints (Act III of 2008), Sweden to whole kronor (Act 1970:1029 § 2),
/// Slovakia to 5 cents (Act 18/1996 § 3(4) since July 2022); see docs/cash-law.md. Other
/// currencies are not rounded.
pub fn default_rounding(currency: &str) -> i64 {
    match currency {
        "HUF" => 500,
        "SEK" => 100,
        "EUR" => 5,
        _ => 1,
    }
}

/// A cash total of `currency` rounded to a multiple of `step`: to the nearest (a half rounds
/// away from zero, so 50 öre rounds up to the next krona), the same for a refund; in euro a
/// total of 1 or 2 cents becomes 5, never nothing (the Slovak rule).
pub fn round_cash_total(amount: i64, step: i64, currency: &str) -> i64 {
    let r = round_cash(amount, step);
    if r == 0 && amount != 0 && currency == "EUR" && step > 1 {
        amount.signum() * step
    } else {
        r
    }
}

/// `amount` rounded to the nearest multiple of `step` (a half rounds away from zero), the same
/// for negative amounts.
pub fn round_cash(amount: i64, step: i64) -> i64 {
    if step <= 1 {
        return amount;
    }
    let sign = amount.signum();
    let a = amount.abs();
    let down = a - a % step;
    let rounded = if (a % step) * 2 >= step {
        down + step
    } else {
        down
    };
    sign * rounded
}

/// Notes and coins of `currency` in circulation, largest first (minor units).
pub fn denominations(currency: &str) -> Vec<i64> {
    let units: &[i64] = match currency {
        // Euro: €200 down to 1 cent (the €500 note is no longer issued).
        "EUR" => &[
            20000, 10000, 5000, 2000, 1000, 500, 200, 100, 50, 20, 10, 5, 2, 1,
        ],
        // Forint: 20,000 Ft down to 5 Ft.
        "HUF" => &[
            2_000_000, 1_000_000, 500_000, 200_000, 100_000, 50_000, 20_000, 10_000, 5_000, 2_000,
            1_000, 500,
        ],
        // Krona: 1,000 kr down to 1 kr.
        "SEK" => &[
            100_000, 50_000, 20_000, 10_000, 5_000, 2_000, 1_000, 500, 200, 100,
        ],
        // Rial: the 1,000,000-rial Iran Cheque down to the 1,000-rial note and the coins.
        "IRR" => &[
            100_000_000,
            50_000_000,
            10_000_000,
            5_000_000,
            2_000_000,
            1_000_000,
            500_000,
            200_000,
            100_000,
            50_000,
            25_000,
        ],
        _ => &[10000, 5000, 2000, 1000, 500, 200, 100, 50, 20, 10, 5, 2, 1],
    };
    units.to_vec()
}

/// The sum of a count of notes and coins; none if a value is not one of the currency's.
pub fn counted_total(currency: &str, counts: &[(i64, u32)]) -> Option<i64> {
    let known = denominations(currency);
    let mut total = 0i64;
    for (value, n) in counts {
        if !known.contains(value) {
            return None;
        }
        total = total.checked_add(value.checked_mul(i64::from(*n))?)?;
    }
    Some(total)
}

// ---------------------------------------------------------------------------------------------
// References

/// The digits of `s` with letters as numbers (A = 10 … Z = 35), for ISO 7064 mod 97-10.
fn iso7064_digits(s: &str) -> Option<String> {
    let mut out = String::with_capacity(s.len() * 2);
    for c in s.chars() {
        match c {
            '0'..='9' => out.push(c),
            'A'..='Z' => out.push_str(&(c as u32 - 'A' as u32 + 10).to_string()),
            _ => return None,
        }
    }
    Some(out)
}

fn mod97(digits: &str) -> u32 {
    digits
        .bytes()
        .fold(0u32, |r, d| (r * 10 + u32::from(d - b'0')) % 97)
}

/// The ISO 11649 creditor reference of `base` (1–21 digits or capital letters): `RF`, two check
/// digits, then `base` (`RF18539007547034` for `539007547034`).
pub fn rf_reference(base: &str) -> Option<String> {
    if base.is_empty() || base.len() > 21 {
        return None;
    }
    let digits = iso7064_digits(&format!("{base}RF00"))?;
    let check = 98 - mod97(&digits);
    Some(format!("RF{check:02}{base}"))
}

/// Whether `reference` (spaces allowed) is a valid ISO 11649 creditor reference.
pub fn rf_valid(reference: &str) -> bool {
    let r: String = reference.chars().filter(|c| *c != ' ').collect();
    if r.len() < 5 || r.len() > 25 || !r.starts_with("RF") {
        return false;
    }
    let moved = format!("{}{}", &r[4..], &r[..4]);
    iso7064_digits(&moved).is_some_and(|d| mod97(&d) == 1)
}

/// Whether `iban` (spaces allowed) has a valid ISO 13616 check (mod 97 = 1).
pub fn iban_valid(iban: &str) -> bool {
    let r: String = iban
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_uppercase();
    if r.len() < 15 || r.len() > 34 || !r[..2].chars().all(|c| c.is_ascii_uppercase()) {
        return false;
    }
    let moved = format!("{}{}", &r[4..], &r[..4]);
    iso7064_digits(&moved).is_some_and(|d| mod97(&d) == 1)
}

/// Whether `bic` has the form of a BIC (8 or 11 letters and digits, letters first).
pub fn bic_valid(bic: &str) -> bool {
    let b = bic.trim();
    (b.len() == 8 || b.len() == 11)
        && b.chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        && b[..6].chars().all(|c| c.is_ascii_uppercase())
}

/// The Luhn (mod 10) check digit of `digits`.
pub fn luhn_check_digit(digits: &str) -> Option<u32> {
    let mut sum = 0;
    for (i, c) in digits.chars().rev().enumerate() {
        let d = c.to_digit(10)?;
        let v = if i % 2 == 0 { d * 2 } else { d };
        sum += if v > 9 { v - 9 } else { v };
    }
    Some((10 - sum % 10) % 10)
}

/// A Swedish OCR reference (Bankgirot) for `base` digits: the base, a length digit (the whole
/// reference's length mod 10) and a Luhn check digit over everything before it — the "hard"
/// check a payee can ask Bankgirot to enforce. At most 25 digits.
pub fn ocr_reference(base: &str) -> Option<String> {
    if base.is_empty() || !base.bytes().all(|b| b.is_ascii_digit()) || base.len() > 23 {
        return None;
    }
    let length = (base.len() + 2) % 10;
    let with_length = format!("{base}{length}");
    let check = luhn_check_digit(&with_length)?;
    Some(format!("{with_length}{check}"))
}

/// Whether `reference` passes the OCR checks (Luhn and length digit).
pub fn ocr_valid(reference: &str) -> bool {
    let n = reference.len();
    if !(2..=25).contains(&n) || !reference.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let (body, check) = reference.split_at(n - 1);
    let length_ok = body
        .chars()
        .last()
        .and_then(|c| c.to_digit(10))
        .is_some_and(|d| d as usize == n % 10);
    length_ok && luhn_check_digit(body).map(|c| c.to_string()) == Some(check.to_string())
}

/// The mod-11 check digit of Iranian bill and payment identifiers (شناسه قبض / شناسه پرداخت):
/// digits weighted 2, 3, 4, 5, 6, 7, 2, … from the right; the remainder 0 or 1 gives 0, else
/// 11 − remainder.
pub fn iran_check_digit(digits: &str) -> Option<u32> {
    let mut sum = 0;
    for (i, c) in digits.chars().rev().enumerate() {
        sum += c.to_digit(10)? * (2 + (i as u32 % 6));
    }
    let r = sum % 11;
    Some(if r < 2 { 0 } else { 11 - r })
}

/// An Iranian payment reference for `base` digits: the base followed by its mod-11 check digit.
pub fn iran_reference(base: &str) -> Option<String> {
    if base.is_empty() || !base.bytes().all(|b| b.is_ascii_digit()) || base.len() > 29 {
        return None;
    }
    Some(format!("{base}{}", iran_check_digit(base)?))
}

/// The reference a payment order of `currency` carries, from the order's year and number:
/// an RF creditor reference for the euro, an OCR number for the krona, a mod-11-checked
/// number for the rial, and for the forint the order's number as the message (Hungarian
/// transfers carry a free-text message, the "közlemény").
pub fn order_reference(currency: &str, year: i32, number: i64, printed: &str) -> String {
    let base = format!("{year}{number:06}");
    match currency {
        "EUR" => rf_reference(&base).unwrap_or(base),
        "SEK" => ocr_reference(&base).unwrap_or(base),
        "IRR" => iran_reference(&base).unwrap_or(base),
        _ => printed.to_string(),
    }
}

/// What a bank transfer needs to be made by scanning.
pub struct Transfer<'a> {
    pub beneficiary: &'a str,
    pub iban: &'a str,
    pub bic: &'a str,
    pub amount_minor: i64,
    pub currency: &'a str,
    pub reference: &'a str,
    /// A line the payer sees (the order's number and what it is for).
    pub text: &'a str,
    /// The last day to pay (the Hungarian QR carries an expiry).
    pub due: chrono::NaiveDate,
}

fn clip(s: &str, max: usize) -> String {
    s.chars()
        .filter(|c| *c != '\n' && *c != '\r')
        .take(max)
        .collect()
}

/// The QR code payload banking apps read for a transfer in `t.currency`: the EPC QR code
/// (EPC069-12, version 002, SEPA credit transfer) for the euro, the Hungarian central bank's
/// `HCT` code for the forint; none for other currencies (Swedish and Iranian banks read no
/// common standard: the reference is typed).
pub fn transfer_qr(t: &Transfer) -> Option<String> {
    let iban: String = t.iban.chars().filter(|c| !c.is_whitespace()).collect();
    if iban.is_empty() {
        return None;
    }
    match t.currency {
        "EUR" => {
            let amount = format!("EUR{}.{:02}", t.amount_minor / 100, t.amount_minor % 100);
            let structured = rf_valid(t.reference);
            let lines = [
                "BCD".to_string(),
                "002".into(),
                "1".into(),
                "SCT".into(),
                clip(t.bic, 11),
                clip(t.beneficiary, 70),
                clip(&iban, 34),
                amount,
                String::new(),
                if structured {
                    clip(t.reference, 35)
                } else {
                    String::new()
                },
                if structured {
                    String::new()
                } else {
                    clip(t.text, 140)
                },
                if structured {
                    clip(t.text, 70)
                } else {
                    String::new()
                },
            ];
            Some(lines.join("\n").trim_end_matches('\n').to_string())
        }
        "HUF" => {
            // Whole forints: the amount's minor units are fillér, never paid.
            let forints = t.amount_minor / 100;
            // An eight-character BIC is padded to eleven with `XXX`.
            let mut bic = clip(t.bic, 11);
            if bic.len() == 8 {
                bic.push_str("XXX");
            }
            let fields = [
                "HCT".to_string(),
                "001".into(),
                "1".into(),
                bic,
                clip(t.beneficiary, 70),
                clip(&iban, 28),
                format!("HUF{forints}"),
                format!("{}235959+1", t.due.format("%Y%m%d")),
                String::new(),
                clip(&format!("{} {}", t.reference, t.text), 70),
                String::new(),
                String::new(),
                clip(t.reference, 30),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
            ];
            Some(fields.iter().map(|f| format!("{f}\n")).collect())
        }
        _ => None,
    }
}

// ---------------------------------------------------------------------------------------------
// The receipt journal

const RECEIPT_HASH_CONTEXT: &[u8] = b"okno-receipt-v1\n";

/// One entry of the receipt journal as stored (here and on the server). Serialising it gives
/// the canonical form the entry hash covers: every column in this order except the hash and the
/// seal themselves.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ReceiptRow {
    pub id: String,
    pub chain_id: String,
    pub chain_pos: i64,
    pub prev_hash: String,
    #[serde(skip_serializing)]
    pub entry_hash: String,
    pub number: String,
    pub year: i64,
    pub kind: String,
    pub refers_to: Option<String>,
    pub method: String,
    pub visit_id: Option<String>,
    pub session_id: Option<String>,
    pub order_id: Option<String>,
    pub payer_name: Option<String>,
    /// The lines as JSON text (`[ReceiptLine]`), as stored.
    pub lines: String,
    pub total_minor: i64,
    pub rounding_minor: i64,
    pub tendered_minor: Option<i64>,
    pub currency: String,
    pub approval_code: Option<String>,
    pub reason: Option<String>,
    pub approved_by: Option<String>,
    pub cashier_id: String,
    pub issued_at: i64,
    pub local_day: String,
    pub place: String,
    #[serde(skip_serializing)]
    pub seal: String,
}

/// One line of a receipt as stored in its `lines`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReceiptLine {
    pub ref_kind: String,
    pub ref_id: String,
    pub ref_label: String,
    pub service_id: Option<String>,
    pub description: String,
    pub account: String,
    pub quantity: u32,
    pub amount_minor: i64,
}

impl ReceiptRow {
    pub fn compute_hash(&self) -> String {
        crate::chain::hash_of(RECEIPT_HASH_CONTEXT, self)
    }

    pub fn parsed_lines(&self) -> Vec<ReceiptLine> {
        serde_json::from_str(&self.lines).unwrap_or_default()
    }

    /// What a void or refund is, what its lines and totals must be; `Err` says what is wrong
    /// with the row on its own (the same check on the desk and on the server).
    pub fn check(&self) -> Result<(), &'static str> {
        let kind = ReceiptKind::from_code(&self.kind).ok_or("unknown kind of receipt")?;
        PaymentMethod::from_code(&self.method).ok_or("unknown payment method")?;
        let lines: Vec<ReceiptLine> =
            serde_json::from_str(&self.lines).map_err(|_| "the lines do not read")?;
        if lines.is_empty() || lines.len() > MAX_LINES {
            return Err("a receipt has 1 to 50 lines");
        }
        let sum: i64 = lines.iter().map(|l| l.amount_minor).sum();
        if sum != self.total_minor {
            return Err("the total is not the sum of the lines");
        }
        let positive = kind == ReceiptKind::Payment;
        if lines
            .iter()
            .any(|l| (l.amount_minor > 0) != positive || l.amount_minor == 0)
        {
            return Err("a payment's lines are positive, a void's or refund's negative");
        }
        if (kind == ReceiptKind::Payment) == self.refers_to.is_some() {
            return Err("a void or refund refers to a payment, a payment to nothing");
        }
        if self.method != PaymentMethod::Cash.code() && self.rounding_minor != 0 {
            return Err("only cash is rounded");
        }
        if self
            .payer_name
            .as_deref()
            .is_some_and(|n| n.chars().count() > 200)
            || self
                .reason
                .as_deref()
                .is_some_and(|n| n.chars().count() > 500)
            || lines.iter().any(|l| l.description.chars().count() > 300)
        {
            return Err("a text is too long");
        }
        if kind != ReceiptKind::Payment && self.reason.as_deref().unwrap_or("").trim().is_empty() {
            return Err("a void or refund gives its reason");
        }
        Ok(())
    }
}

/// The most lines a receipt has.
pub const MAX_LINES: usize = 50;

impl crate::chain::Chained for ReceiptRow {
    fn chain_id(&self) -> &str {
        &self.chain_id
    }
    fn chain_pos(&self) -> i64 {
        self.chain_pos
    }
    fn prev_hash(&self) -> &str {
        &self.prev_hash
    }
    fn entry_hash(&self) -> &str {
        &self.entry_hash
    }
    fn number(&self) -> &str {
        &self.number
    }
    fn seal(&self) -> &str {
        &self.seal
    }
    fn compute_hash(&self) -> String {
        ReceiptRow::compute_hash(self)
    }
}

// ---------------------------------------------------------------------------------------------
// A session's arithmetic

/// One line of a journal entry as the totals need it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JournalLine {
    pub service_id: Option<Uuid>,
    pub description: String,
    pub account: String,
    /// Signed: negative on a void or refund.
    pub amount_minor: i64,
}

/// One journal entry as the totals need it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JournalEntry {
    pub kind: ReceiptKind,
    pub method: PaymentMethod,
    pub lines: Vec<JournalLine>,
    /// Signed, as the lines.
    pub rounding_minor: i64,
}

impl JournalEntry {
    pub fn total(&self) -> i64 {
        self.lines.iter().map(|l| l.amount_minor).sum()
    }

    /// What changed hands (signed).
    pub fn paid(&self) -> i64 {
        self.total() + self.rounding_minor
    }
}

/// A cash movement as the totals need it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Movement {
    pub direction: MovementDirection,
    pub amount_minor: i64,
}

/// A session's (or a period's) totals: by method, by service, the cash expected in the drawer.
#[derive(Debug, Clone)]
pub struct Totals {
    pub by_method: Vec<MethodTotal>,
    pub by_service: Vec<ServiceTotal>,
    pub rounding_minor: i64,
    pub moved_in_minor: i64,
    pub moved_out_minor: i64,
    /// Float + net cash + in − out.
    pub expected_cash_minor: i64,
    pub net_minor: i64,
}

/// Totals of `entries` and `movements` over an opening `float`.
pub fn totals(float: i64, entries: &[JournalEntry], movements: &[Movement]) -> Totals {
    let mut by_method: Vec<MethodTotal> = PaymentMethod::ALL
        .iter()
        .map(|m| MethodTotal {
            method: *m,
            payments: 0,
            paid_minor: 0,
            voids: 0,
            voided_minor: 0,
            refunds: 0,
            refunded_minor: 0,
            net_minor: 0,
        })
        .collect();
    let mut by_service: BTreeMap<(String, String, Option<Uuid>), ServiceTotal> = BTreeMap::new();
    let mut rounding = 0;
    for e in entries {
        let paid = e.paid();
        if e.method == PaymentMethod::Cash {
            rounding += e.rounding_minor;
        }
        if let Some(m) = by_method.iter_mut().find(|m| m.method == e.method) {
            match e.kind {
                ReceiptKind::Payment => {
                    m.payments += 1;
                    m.paid_minor += paid;
                }
                ReceiptKind::Void => {
                    m.voids += 1;
                    m.voided_minor -= paid;
                }
                ReceiptKind::Refund => {
                    m.refunds += 1;
                    m.refunded_minor -= paid;
                }
            }
            m.net_minor += paid;
        }
        for l in &e.lines {
            let key = (l.account.clone(), l.description.clone(), l.service_id);
            let t = by_service.entry(key).or_insert_with(|| ServiceTotal {
                service_id: l.service_id,
                description: l.description.clone(),
                account: l.account.clone(),
                lines: 0,
                net_minor: 0,
            });
            t.lines += 1;
            t.net_minor += l.amount_minor;
        }
    }
    let moved_in: i64 = movements
        .iter()
        .filter(|m| m.direction == MovementDirection::In)
        .map(|m| m.amount_minor)
        .sum();
    let moved_out: i64 = movements
        .iter()
        .filter(|m| m.direction == MovementDirection::Out)
        .map(|m| m.amount_minor)
        .sum();
    let cash_net = by_method
        .iter()
        .find(|m| m.method == PaymentMethod::Cash)
        .map_or(0, |m| m.net_minor);
    let net = by_method.iter().map(|m| m.net_minor).sum();
    Totals {
        by_method,
        by_service: by_service.into_values().collect(),
        rounding_minor: rounding,
        moved_in_minor: moved_in,
        moved_out_minor: moved_out,
        expected_cash_minor: float + cash_net + moved_in - moved_out,
        net_minor: net,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn forints_round_to_0_or_5_as_the_law_shows() {
        // The Hungarian rounding table (1–2 down to 0, 3–7 to 5, 8–9 up to 10), in fillér.
        for (ft, rounded) in [
            (1001, 1000),
            (1002, 1000),
            (1003, 1005),
            (1004, 1005),
            (1005, 1005),
            (1006, 1005),
            (1007, 1005),
            (1008, 1010),
            (1009, 1010),
            (1000, 1000),
        ] {
            assert_eq!(round_cash(ft * 100, 500), rounded * 100, "{ft} Ft");
        }
    }

    #[test]
    fn kronor_round_half_up_to_whole_kronor() {
        for (ore, rounded) in [
            (1049, 1000),
            (1050, 1100),
            (1099, 1100),
            (1000, 1000),
            (1, 0),
        ] {
            assert_eq!(round_cash(ore, 100), rounded);
        }
    }

    #[test]
    fn euro_cents_round_to_five() {
        for (c, r) in [(101, 100), (102, 100), (103, 105), (107, 105), (108, 110)] {
            assert_eq!(round_cash(c, 5), r);
        }
        assert_eq!(round_cash(-103, 5), -105);
        assert_eq!(round_cash(1234, 1), 1234);
        // Slovakia: a total of 1 or 2 cents is paid as 5 cents.
        assert_eq!(round_cash_total(2, 5, "EUR"), 5);
        assert_eq!(round_cash_total(-1, 5, "EUR"), -5);
        assert_eq!(round_cash_total(200, 500, "HUF"), 0);
    }

    #[test]
    fn rf_references_carry_their_check_digits() {
        assert_eq!(
            rf_reference("539007547034").as_deref(),
            Some("RF18539007547034")
        );
        assert!(rf_valid("RF18 5390 0754 7034"));
        assert!(!rf_valid("RF19539007547034"));
        assert!(!rf_valid("RF18539007547035"));
        let r = rf_reference("2026000042").unwrap();
        assert!(rf_valid(&r), "{r}");
    }

    #[test]
    fn ibans_and_bics_are_checked() {
        assert!(iban_valid("SK31 1200 0000 1987 4263 7541"));
        assert!(iban_valid("HU42117730161111101800000000"));
        assert!(!iban_valid("SK31 1200 0000 1987 4263 7542"));
        assert!(bic_valid("SUBASKBX"));
        assert!(bic_valid("OTPVHUHBXXX"));
        assert!(!bic_valid("SUBA"));
    }

    #[test]
    fn ocr_numbers_carry_length_and_luhn_digits() {
        // Luhn: 7992739871 → 3 (the textbook example).
        assert_eq!(luhn_check_digit("7992739871"), Some(3));
        let r = ocr_reference("2026000042").unwrap();
        assert_eq!(r.len(), 12);
        assert_eq!(&r[10..11], "2"); // 12 digits: length digit 2
        assert!(ocr_valid(&r), "{r}");
        let mut bad = r.clone().into_bytes();
        bad[3] = if bad[3] == b'9' { b'0' } else { bad[3] + 1 };
        assert!(!ocr_valid(std::str::from_utf8(&bad).unwrap()));
    }

    #[test]
    fn iranian_references_carry_a_mod_11_digit() {
        // 1234567: 7·2 + 6·3 + 5·4 + 4·5 + 3·6 + 2·7 + 1·2 = 106; 106 mod 11 = 7; 11 − 7 = 4.
        assert_eq!(iran_check_digit("1234567"), Some(4));
        assert_eq!(iran_reference("1234567").as_deref(), Some("12345674"));
    }

    #[test]
    fn the_epc_code_holds_the_transfer_line_by_line() {
        let reference = rf_reference("2026000042").unwrap();
        let qr = transfer_qr(&Transfer {
            beneficiary: "Mesto Rajec",
            iban: "SK31 1200 0000 1987 4263 7541",
            bic: "SUBASKBX",
            amount_minor: 1250,
            currency: "EUR",
            reference: &reference,
            text: "PO-2026/00042",
            due: chrono::NaiveDate::from_ymd_opt(2026, 12, 21).unwrap(),
        })
        .unwrap();
        let lines: Vec<&str> = qr.split('\n').collect();
        assert_eq!(
            &lines[..8],
            &[
                "BCD",
                "002",
                "1",
                "SCT",
                "SUBASKBX",
                "Mesto Rajec",
                "SK3112000000198742637541",
                "EUR12.50"
            ]
        );
        assert_eq!(lines[9], reference);
        assert_eq!(lines[10], "");
        assert!(qr.len() <= 331);
    }

    #[test]
    fn the_hungarian_code_has_seventeen_fields() {
        let qr = transfer_qr(&Transfer {
            beneficiary: "Szolnok Megyei Jogú Város",
            iban: "HU42117730161111101800000000",
            bic: "OTPVHUHB",
            amount_minor: 1_250_000,
            currency: "HUF",
            reference: "PO-2026/00042",
            text: "Anyakönyvi kivonat",
            due: chrono::NaiveDate::from_ymd_opt(2026, 12, 21).unwrap(),
        })
        .unwrap();
        let fields: Vec<&str> = qr.split('\n').collect();
        assert_eq!(fields.len(), 18); // 17 fields, each ended by a line feed
        assert_eq!(fields[0], "HCT");
        assert_eq!(fields[6], "HUF12500");
        assert_eq!(fields[7], "20261221235959+1");
        assert!(transfer_qr(&Transfer {
            currency: "SEK",
            beneficiary: "",
            iban: "SE45 5000 0000 0583 9825 7466",
            bic: "",
            amount_minor: 1,
            reference: "",
            text: "",
            due: chrono::NaiveDate::from_ymd_opt(2026, 12, 21).unwrap(),
        })
        .is_none());
    }

    #[test]
    fn a_count_adds_up_in_known_denominations_only() {
        assert_eq!(counted_total("EUR", &[(2000, 2), (50, 3)]), Some(4150));
        assert_eq!(counted_total("EUR", &[(300, 1)]), None);
        assert_eq!(counted_total("HUF", &[(500, 3)]), Some(1500));
    }

    fn entry() -> impl Strategy<Value = JournalEntry> {
        (
            0..3u8,
            0..3u8,
            prop::collection::vec((0..4u8, 1..50_000i64), 1..4),
            -2..3i64,
        )
            .prop_map(|(k, m, lines, rounding)| {
                let kind =
                    [ReceiptKind::Payment, ReceiptKind::Void, ReceiptKind::Refund][usize::from(k)];
                let sign = if kind == ReceiptKind::Payment { 1 } else { -1 };
                JournalEntry {
                    kind,
                    method: PaymentMethod::ALL[usize::from(m)],
                    lines: lines
                        .into_iter()
                        .map(|(s, a)| JournalLine {
                            service_id: None,
                            description: format!("service {s}"),
                            account: format!("7{s}"),
                            amount_minor: sign * a,
                        })
                        .collect(),
                    rounding_minor: if m == 0 { sign * rounding } else { 0 },
                }
            })
    }

    proptest! {
        /// The drawer holds the float plus what the journal says came in and went out in cash,
        /// and every total of the Z report is the sum of its lines.
        #[test]
        fn expected_cash_is_the_float_plus_the_journal(
            float in 0..100_000i64,
            entries in prop::collection::vec(entry(), 0..40),
            moves in prop::collection::vec((any::<bool>(), 1..20_000i64), 0..10),
        ) {
            let movements: Vec<Movement> = moves.iter().map(|(inward, a)| Movement {
                direction: if *inward { MovementDirection::In } else { MovementDirection::Out },
                amount_minor: *a,
            }).collect();
            let t = totals(float, &entries, &movements);
            let cash: i64 = entries.iter().filter(|e| e.method == PaymentMethod::Cash).map(JournalEntry::paid).sum();
            let moved: i64 = movements.iter().map(|m| if m.direction == MovementDirection::In { m.amount_minor } else { -m.amount_minor }).sum();
            prop_assert_eq!(t.expected_cash_minor, float + cash + moved);
            // By method: net = paid − voided − refunded, and the methods add up to the net.
            for m in &t.by_method {
                prop_assert_eq!(m.net_minor, m.paid_minor - m.voided_minor - m.refunded_minor);
            }
            prop_assert_eq!(t.by_method.iter().map(|m| m.net_minor).sum::<i64>(), t.net_minor);
            let all: i64 = entries.iter().map(JournalEntry::paid).sum();
            prop_assert_eq!(t.net_minor, all);
            // By service: the lines add up to the entries' totals (rounding apart).
            let lines: i64 = entries.iter().map(JournalEntry::total).sum();
            prop_assert_eq!(t.by_service.iter().map(|s| s.net_minor).sum::<i64>(), lines);
            prop_assert_eq!(t.net_minor - lines, entries.iter().map(|e| e.rounding_minor).sum::<i64>());
            let count: u32 = entries.iter().map(|e| e.lines.len() as u32).sum();
            prop_assert_eq!(t.by_service.iter().map(|s| s.lines).sum::<u32>(), count);
        }
    }
}
