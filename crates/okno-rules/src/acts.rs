//! The legal names of the acts a ledger records, in each language (printed on documents and
//! shown on the public verification page).

use okno_wire::{LedgerEntryKind, Locale};

fn pick(locale: Locale, row: [&'static str; 5]) -> &'static str {
    match locale {
        Locale::En => row[0],
        Locale::Hu => row[1],
        Locale::Sk => row[2],
        Locale::Sv => row[3],
        Locale::Fa => row[4],
    }
}

pub fn kind_name(kind: LedgerEntryKind, locale: Locale) -> &'static str {
    pick(
        locale,
        match kind {
            LedgerEntryKind::Signature => [
                "Certification of a signature",
                "Aláírás hitelesítése",
                "Osvedčenie podpisu",
                "Bevittnande av namnteckning",
                "گواهی امضا",
            ],
            LedgerEntryKind::Copy => [
                "Certified copy",
                "Hiteles másolat",
                "Osvedčenie odpisu (vidimácia)",
                "Bestyrkt kopia",
                "رونوشت مصدق",
            ],
            LedgerEntryKind::Extract => [
                "Extract from the civil register",
                "Anyakönyvi kivonat",
                "Výpis z matriky",
                "Registerutdrag",
                "عصاره دفتر ثبت احوال",
            ],
            LedgerEntryKind::Correction => [
                "Correction of a certification",
                "Hitelesítés helyesbítése",
                "Oprava osvedčenia",
                "Rättelse av bestyrkande",
                "اصلاح گواهی",
            ],
            LedgerEntryKind::Cancellation => [
                "Cancellation of a certification",
                "Hitelesítés érvénytelenítése",
                "Zrušenie osvedčenia",
                "Makulering av bestyrkande",
                "ابطال گواهی",
            ],
        },
    )
}

/// What a seal vouches for, by name: an act of the ledger, or an entry of the receipt journal.
pub fn seal_kind_name(kind: okno_wire::SealKind, locale: Locale) -> &'static str {
    use okno_wire::SealKind;
    let ledger = |k| kind_name(k, locale);
    match kind {
        SealKind::Signature => ledger(LedgerEntryKind::Signature),
        SealKind::Copy => ledger(LedgerEntryKind::Copy),
        SealKind::Extract => ledger(LedgerEntryKind::Extract),
        SealKind::Correction => ledger(LedgerEntryKind::Correction),
        SealKind::Cancellation => ledger(LedgerEntryKind::Cancellation),
        SealKind::Receipt => pick(
            locale,
            [
                "Receipt",
                "Nyugta",
                "Príjmový doklad",
                "Kvitto",
                "رسید پرداخت",
            ],
        ),
        SealKind::ReceiptVoid => pick(
            locale,
            [
                "Void of a receipt",
                "Nyugta sztornója",
                "Storno dokladu",
                "Makulering av kvitto",
                "ابطال رسید",
            ],
        ),
        SealKind::Refund => pick(
            locale,
            [
                "Refund",
                "Visszatérítés",
                "Vrátenie platby",
                "Återbetalning",
                "بازپرداخت",
            ],
        ),
    }
}
