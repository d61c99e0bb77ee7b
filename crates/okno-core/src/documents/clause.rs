//! The certification clause in the five languages: the words a registrar's certificate says,
//! filled in from a ledger entry. Used for the on-screen preview and the printed copy alike, so
//! what the registrar sees is what the citizen takes away.

use chrono::NaiveDate;
use okno_wire::{Calendar, ClauseText, IdDocumentKind, LedgerEntryKind, Locale, RecordKind, Sex};

use super::calendar::{localize_digits, office_date};
pub use okno_rules::acts::kind_name;

/// What a clause is made of.
pub struct ClauseFacts<'a> {
    pub kind: LedgerEntryKind,
    /// What a correction restates.
    pub act: Option<okno_wire::CertificationKind>,
    pub party_name: &'a str,
    pub party_birth_date: Option<NaiveDate>,
    /// What the clause's verbs agree with in Slovak; unspecified gives the neutral form.
    pub party_sex: Sex,
    pub id_document_kind: Option<IdDocumentKind>,
    pub id_document_number: &'a str,
    pub document_description: &'a str,
    pub document_language: &'a str,
    pub pages: u32,
    pub copies: u32,
    pub refers_to_number: Option<&'a str>,
    pub reason: Option<&'a str>,
    pub calendar: Calendar,
}

/// The entry of `row` (en, hu, sk, sv, fa) for `locale`.
pub(crate) fn pick(locale: Locale, row: [&'static str; 5]) -> &'static str {
    match locale {
        Locale::En => row[0],
        Locale::Hu => row[1],
        Locale::Sk => row[2],
        Locale::Sv => row[3],
        Locale::Fa => row[4],
    }
}

pub fn id_document_name(kind: IdDocumentKind, locale: Locale) -> &'static str {
    pick(
        locale,
        match kind {
            IdDocumentKind::IdentityCard => [
                "identity card",
                "személyazonosító igazolvány",
                "občiansky preukaz",
                "identitetskort",
                "کارت شناسایی",
            ],
            IdDocumentKind::Passport => ["passport", "útlevél", "cestovný pas", "pass", "گذرنامه"],
            IdDocumentKind::ResidencePermit => [
                "residence permit",
                "tartózkodási engedély",
                "povolenie na pobyt",
                "uppehållstillstånd",
                "اجازه اقامت",
            ],
            IdDocumentKind::DrivingLicence => [
                "driving licence",
                "vezetői engedély",
                "vodičský preukaz",
                "körkort",
                "گواهینامه رانندگی",
            ],
        },
    )
}

/// The printed document's labels.
pub fn label(key: &str, locale: Locale) -> &'static str {
    pick(
        locale,
        match key {
            "number" => [
                "Ledger number",
                "Nyilvántartási szám",
                "Číslo v osvedčovacej knihe",
                "Liggarnummer",
                "شماره دفتر",
            ],
            "place_date" => [
                "Place and date",
                "Kelt",
                "Miesto a dátum",
                "Ort och datum",
                "محل و تاریخ",
            ],
            "registrar" => [
                "Registrar",
                "Hitelesítő ügyintéző",
                "Osvedčujúci pracovník",
                "Handläggare",
                "مسئول گواهی",
            ],
            "fee" => ["Fee", "Díj", "Poplatok", "Avgift", "هزینه"],
            "verify" => [
                "Scan the seal or enter its code at",
                "A pecsét beolvasható vagy a kódja megadható itt:",
                "Pečať naskenujte alebo jej kód zadajte na",
                "Skanna sigillet eller ange dess kod på",
                "برای استعلام، مهر را اسکن کنید یا کد آن را وارد کنید در",
            ],
            "seal" => [
                "Electronic seal",
                "Elektronikus pecsét",
                "Elektronická pečať",
                "Elektroniskt sigill",
                "مهر الکترونیکی",
            ],
            "original_hash" => [
                "SHA-256 of the scanned original",
                "A beszkennelt eredeti SHA-256 kivonata",
                "SHA-256 naskenovaného originálu",
                "SHA-256 för det skannade originalet",
                "SHA-256 نسخه اسکن‌شده اصل",
            ],
            "scan" => [
                "Scanned original, page",
                "Beszkennelt eredeti, oldal",
                "Naskenovaný originál, strana",
                "Skannat original, sida",
                "اصل اسکن‌شده، صفحه",
            ],
            "signature" => [
                "Signature of the party",
                "Az ügyfél aláírása",
                "Podpis účastníka",
                "Partens namnteckning",
                "امضای متقاضی",
            ],
            "ledger_title" => [
                "Certification ledger",
                "Hitelesítési nyilvántartás",
                "Osvedčovacia kniha",
                "Liggare över bestyrkanden",
                "دفتر گواهی‌ها",
            ],
            "period" => ["Period", "Időszak", "Obdobie", "Period", "دوره"],
            "entries" => ["Entries", "Bejegyzések", "Záznamy", "Poster", "ثبت‌ها"],
            "kind" => ["Act", "Cselekmény", "Úkon", "Åtgärd", "نوع"],
            "party" => ["Party", "Ügyfél", "Účastník", "Part", "متقاضی"],
            "document" => ["Document", "Irat", "Listina", "Handling", "سند"],
            "status" => ["Status", "Állapot", "Stav", "Status", "وضعیت"],
            "page" => ["Page", "Oldal", "Strana", "Sida", "صفحه"],
            "chain" => [
                "Chain check",
                "Láncellenőrzés",
                "Kontrola reťazca",
                "Kedjekontroll",
                "بررسی زنجیره",
            ],
            "chain_ok" => [
                "every entry of the ledger is intact and in order",
                "a nyilvántartás minden bejegyzése sértetlen és sorrendben van",
                "všetky záznamy knihy sú neporušené a v poradí",
                "alla poster i liggaren är oförändrade och i ordning",
                "همه ثبت‌های دفتر سالم و به ترتیب هستند",
            ],
            "chain_broken" => [
                "THE LEDGER'S CHAIN IS BROKEN at",
                "A NYILVÁNTARTÁS LÁNCA MEGSZAKADT itt:",
                "REŤAZEC KNIHY JE PORUŠENÝ pri",
                "LIGGARENS KEDJA ÄR BRUTEN vid",
                "زنجیره دفتر شکسته است در",
            ],
            // An extract's facts (the keys of `registry::extract::ExtractFacts`).
            "record_number" => [
                "Record number",
                "Bejegyzés száma",
                "Číslo záznamu",
                "Postnummer",
                "شماره ثبت",
            ],
            "name" => [
                "Name",
                "Név",
                "Meno a priezvisko",
                "Namn",
                "نام و نام خانوادگی",
            ],
            "spouse" => [
                "Spouse",
                "Házastárs",
                "Manžel/manželka",
                "Make/maka",
                "همسر",
            ],
            "birth_name" => [
                "Family name at birth",
                "Születési családi név",
                "Rodné priezvisko",
                "Efternamn vid födseln",
                "نام خانوادگی هنگام تولد",
            ],
            "sex" => ["Sex", "Nem", "Pohlavie", "Kön", "جنسیت"],
            "birth_date" => [
                "Date of birth",
                "Születési idő",
                "Dátum narodenia",
                "Födelsedatum",
                "تاریخ تولد",
            ],
            "birth_place" => [
                "Place of birth",
                "Születési hely",
                "Miesto narodenia",
                "Födelseort",
                "محل تولد",
            ],
            "father" => ["Father", "Apja neve", "Otec", "Fader", "نام پدر"],
            "mother" => ["Mother", "Anyja neve", "Matka", "Moder", "نام مادر"],
            "marriage_date" => [
                "Date of marriage",
                "A házasságkötés ideje",
                "Dátum uzavretia manželstva",
                "Vigseldatum",
                "تاریخ ازدواج",
            ],
            "marriage_place" => [
                "Place of marriage",
                "A házasságkötés helye",
                "Miesto uzavretia manželstva",
                "Vigselort",
                "محل ازدواج",
            ],
            "death_date" => [
                "Date of death",
                "Halálozás ideje",
                "Dátum úmrtia",
                "Dödsdatum",
                "تاریخ وفات",
            ],
            "death_place" => [
                "Place of death",
                "Halálozás helye",
                "Miesto úmrtia",
                "Dödsort",
                "محل وفات",
            ],
            "book" => ["Register book", "Anyakönyv", "Kniha", "Registerbok", "دفتر"],
            "volume" => ["Volume", "Kötet", "Zväzok", "Band", "جلد"],
            "page_no" => ["Page", "Oldal", "Strana", "Sida", "صفحه"],
            "requested_by" => [
                "Issued at the request of",
                "Kérelmező",
                "Žiadateľ",
                "Utfärdat på begäran av",
                "درخواست‌کننده",
            ],
            "copies" => [
                "Copies issued",
                "Kiadott példányok",
                "Počet vyhotovení",
                "Antal exemplar",
                "تعداد نسخه‌ها",
            ],
            "sex_F" => ["female", "nő", "žena", "kvinna", "زن"],
            "sex_M" => ["male", "férfi", "muž", "man", "مرد"],
            "sex_X" => [
                "not recorded",
                "nincs feltüntetve",
                "neuvedené",
                "ej angivet",
                "ثبت نشده",
            ],
            _ => ["", "", "", "", ""],
        },
    )
}

/// The title of an extract of a record of `kind`.
pub fn extract_title(kind: RecordKind, locale: Locale) -> &'static str {
    pick(
        locale,
        match kind {
            RecordKind::Birth => [
                "Extract from the register of births",
                "Születési anyakönyvi kivonat",
                "Výpis z knihy narodení",
                "Utdrag ur födelseregistret",
                "عصاره دفتر ثبت ولادت",
            ],
            RecordKind::Marriage => [
                "Extract from the register of marriages",
                "Házassági anyakönyvi kivonat",
                "Výpis z knihy manželstiev",
                "Utdrag ur vigselregistret",
                "عصاره دفتر ثبت ازدواج",
            ],
            RecordKind::Death => [
                "Extract from the register of deaths",
                "Halotti anyakönyvi kivonat",
                "Výpis z knihy úmrtí",
                "Utdrag ur dödsregistret",
                "عصاره دفتر ثبت وفات",
            ],
        },
    )
}

/// The clause of an extract: the record it agrees with, and for whom it was issued.
fn extract_clause(facts: &ClauseFacts<'_>, locale: Locale) -> String {
    let f = okno_rules::extract::ExtractFacts::parse(facts.document_description);
    let (kind, number) = f
        .as_ref()
        .map_or((RecordKind::Birth, ""), |f| (f.kind, f.number.as_str()));
    let get = |k: &str| f.as_ref().and_then(|f| f.get(k)).unwrap_or("");
    let (book, volume) = (get("book"), get("volume"));
    let page = localize_digits(get("page_no"), locale);
    let party = facts.party_name;
    let copies = localize_digits(&facts.copies.to_string(), locale);
    let register = pick(
        locale,
        match kind {
            RecordKind::Birth => [
                "the register of births",
                "születési",
                "knihy narodení",
                "födelseregistret",
                "ولادت",
            ],
            RecordKind::Marriage => [
                "the register of marriages",
                "házassági",
                "knihy manželstiev",
                "vigselregistret",
                "ازدواج",
            ],
            RecordKind::Death => [
                "the register of deaths",
                "halotti",
                "knihy úmrtí",
                "dödsregistret",
                "وفات",
            ],
        },
    );
    match locale {
        Locale::En => format!("I certify that this extract agrees with record {number} of {register} kept by this office (book {book}, volume {volume}, page {page}). Issued at the request of {party}; copies issued: {copies}."),
        Locale::Hu => format!("Igazolom, hogy ez a kivonat megegyezik a hivatal által vezetett {register} anyakönyv {number} számú bejegyzésével (anyakönyv: {book}, kötet: {volume}, oldal: {page}). Kiállítva {party} kérelmére; kiadott példányok száma: {copies}."),
        Locale::Sk => format!("Osvedčujem, že tento výpis sa zhoduje so záznamom č. {number} {register} vedenej týmto úradom (kniha: {book}, zväzok: {volume}, strana: {page}). Vydané na žiadosť: {party}; počet vydaných vyhotovení: {copies}."),
        Locale::Sv => format!("Jag intygar att detta utdrag överensstämmer med post {number} i {register} som förs av denna myndighet (bok: {book}, band: {volume}, sida: {page}). Utfärdat på begäran av {party}; antal utfärdade exemplar: {copies}."),
        Locale::Fa => format!("گواهی می‌شود که این عصاره با ثبت شماره {number} دفتر ثبت {register} این اداره (دفتر: {book}، جلد: {volume}، صفحه: {page}) مطابقت دارد. صادرشده به درخواست {party}؛ تعداد نسخه‌های صادرشده: {copies}."),
    }
}

pub fn status_name(status: okno_wire::LedgerStatus, locale: Locale) -> &'static str {
    pick(
        locale,
        match status {
            okno_wire::LedgerStatus::Valid => ["valid", "érvényes", "platné", "giltig", "معتبر"],
            okno_wire::LedgerStatus::Corrected => {
                ["corrected", "helyesbítve", "opravené", "rättad", "اصلاح‌شده"]
            }
            okno_wire::LedgerStatus::Cancelled => [
                "cancelled",
                "érvénytelenítve",
                "zrušené",
                "makulerad",
                "باطل‌شده",
            ],
        },
    )
}

/// The clause of `facts` in `locale`.
pub fn clause(facts: &ClauseFacts<'_>, locale: Locale) -> ClauseText {
    let n = |v: u32| localize_digits(&v.to_string(), locale);
    let born = facts
        .party_birth_date
        .map(|d| {
            let date = office_date(d, facts.calendar, locale);
            match locale {
                Locale::En => format!(", born {date}"),
                Locale::Hu => format!(" (szül. {date})"),
                Locale::Sk => format!(", nar. {date}"),
                Locale::Sv => format!(", född {date}"),
                Locale::Fa => format!("، متولد {date}"),
            }
        })
        .unwrap_or_default();
    let doc = facts
        .id_document_kind
        .map(|k| id_document_name(k, locale))
        .unwrap_or("");
    // Identifiers keep their own digits (they are compared with the document itself).
    let docno = facts.id_document_number;
    let (party, desc, lang) = (
        facts.party_name,
        facts.document_description,
        facts.document_language,
    );
    let (pages, copies) = (n(facts.pages), n(facts.copies));
    let en_pages = if facts.pages == 1 {
        "1 page".to_string()
    } else {
        format!("{pages} pages")
    };
    let act_kind = match facts.kind {
        LedgerEntryKind::Correction => match facts.act {
            Some(okno_wire::CertificationKind::Signature) => LedgerEntryKind::Signature,
            _ => LedgerEntryKind::Copy,
        },
        k => k,
    };
    // Ledger numbers stay in Latin digits in every language (they are typed into systems).
    // Slovak past-tense verbs agree with the party: "predložil" (he), "predložila" (she), and
    // the form offices print when it is not stated, "predložil(a)". Hungarian, Swedish,
    // Persian and English clauses carry no mark of the party's sex (and Slovak ones are worded
    // without the registrar's: "totožnosť zistená").
    let sk = |stem: &str| match facts.party_sex {
        Sex::Male => stem.to_string(),
        Sex::Female => format!("{stem}a"),
        Sex::Unspecified => format!("{stem}(a)"),
    };
    let reference = facts.refers_to_number.unwrap_or("");
    let reason = facts.reason.unwrap_or("");
    let act = match (act_kind, locale) {
        (LedgerEntryKind::Signature, Locale::En) => format!("I certify that {party}{born}, whose identity I established from the {doc} no. {docno}, signed before me, or acknowledged before me as their own signature, the document “{desc}” ({en_pages}, language: {lang}); counterparts signed: {copies}."),
        (LedgerEntryKind::Signature, Locale::Hu) => format!("Igazolom, hogy {party}{born}, akinek személyazonosságát {doc} ({docno}) alapján állapítottam meg, a(z) „{desc}” című iratot ({pages} oldal, nyelve: {lang}) {copies} példányban előttem írta alá, illetve az azon lévő aláírást előttem sajátjának ismerte el."),
        (LedgerEntryKind::Signature, Locale::Sk) => format!("Osvedčujem, že {party}{born}, totožnosť zistená z dokladu {doc} č. {docno}, listinu „{desc}“ (počet strán: {pages}, jazyk: {lang}) v počte vyhotovení {copies} predo mnou vlastnoručne {} alebo podpis na nej predo mnou {} za vlastný.", sk("podpísal"), sk("uznal")),
        (LedgerEntryKind::Signature, Locale::Sv) => format!("Jag intygar att {party}{born}, vars identitet jag har kontrollerat med {doc} nr {docno}, i min närvaro har undertecknat eller vidkänt sig namnteckningen på handlingen ”{desc}” (antal sidor: {pages}, språk: {lang}) i {copies} exemplar."),
        (LedgerEntryKind::Signature, Locale::Fa) => format!("گواهی می‌شود که {party}{born}، که هویت ایشان با {doc} به شماره {docno} احراز شد، سند «{desc}» ({pages} صفحه، زبان: {lang}) را در {copies} نسخه در حضور اینجانب امضا کرد یا امضای آن را از آنِ خود دانست."),
        (_, Locale::En) => format!("I certify that this copy of {en_pages} matches word for word the original document “{desc}” (language: {lang}) presented by {party}{born}, whose identity I established from the {doc} no. {docno}. Certified copies made: {copies}."),
        (_, Locale::Hu) => format!("Igazolom, hogy ez a {pages} oldalas másolat szó szerint megegyezik a(z) „{desc}” című eredeti irattal (nyelve: {lang}), amelyet {party}{born} mutatott be; személyazonosságát {doc} ({docno}) alapján állapítottam meg. Készült hiteles másolatok száma: {copies}."),
        (_, Locale::Sk) => format!("Osvedčujem, že tento odpis (počet strán: {pages}) sa doslovne zhoduje s predloženou listinou „{desc}“ (jazyk: {lang}), ktorú {} {party}{born}, totožnosť zistená z dokladu {doc} č. {docno}. Počet osvedčených odpisov: {copies}.", sk("predložil")),
        (_, Locale::Sv) => format!("Jag intygar att denna kopia (antal sidor: {pages}) ordagrant överensstämmer med originalhandlingen ”{desc}” (språk: {lang}), uppvisad av {party}{born}, vars identitet jag har kontrollerat med {doc} nr {docno}. Antal bestyrkta kopior: {copies}."),
        (_, Locale::Fa) => format!("گواهی می‌شود که این رونوشت {pages} صفحه‌ای با اصل سند «{desc}» (زبان: {lang}) که {party}{born} ارائه کرد، کلمه به کلمه مطابقت دارد؛ هویت ارائه‌دهنده با {doc} به شماره {docno} احراز شد. تعداد رونوشت‌های مصدق: {copies}."),
    };
    let text = match facts.kind {
        LedgerEntryKind::Extract => extract_clause(facts, locale),
        LedgerEntryKind::Cancellation => match locale {
            Locale::En => {
                format!("Entry {reference} of this ledger is cancelled. Reason: {reason}.")
            }
            Locale::Hu => format!(
                "A nyilvántartás {reference} számú bejegyzése érvénytelen. Indok: {reason}."
            ),
            Locale::Sk => format!("Záznam č. {reference} tejto knihy sa ruší. Dôvod: {reason}."),
            Locale::Sv => format!("Post {reference} i denna liggare makuleras. Skäl: {reason}."),
            Locale::Fa => format!("ثبت شماره {reference} این دفتر باطل شد. دلیل: {reason}."),
        },
        LedgerEntryKind::Correction => {
            let pre = match locale {
                Locale::En => format!("This entry corrects entry {reference}. Reason: {reason}."),
                Locale::Hu => format!(
                    "Ez a bejegyzés a(z) {reference} számú bejegyzést helyesbíti. Indok: {reason}."
                ),
                Locale::Sk => {
                    format!("Tento záznam opravuje záznam č. {reference}. Dôvod: {reason}.")
                }
                Locale::Sv => format!("Denna post rättar post {reference}. Skäl: {reason}."),
                Locale::Fa => {
                    format!("این ثبت، ثبت شماره {reference} را اصلاح می‌کند. دلیل: {reason}.")
                }
            };
            format!("{pre} {act}")
        }
        _ => act,
    };
    let title = match facts.kind {
        LedgerEntryKind::Extract => {
            okno_rules::extract::ExtractFacts::parse(facts.document_description)
                .map(|f| extract_title(f.kind, locale))
        }
        _ => None,
    };
    if let Some(title) = title {
        return ClauseText {
            locale,
            title: title.to_string(),
            text,
        };
    }
    ClauseText {
        locale,
        title: kind_name(
            if facts.kind == LedgerEntryKind::Correction {
                act_kind
            } else {
                facts.kind
            },
            locale,
        )
        .to_string(),
        text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_names_the_party_and_the_document() {
        for locale in Locale::ALL {
            for kind in [LedgerEntryKind::Signature, LedgerEntryKind::Copy] {
                let c = clause(
                    &ClauseFacts {
                        kind,
                        act: None,
                        party_name: "Čičová Ľubica",
                        party_birth_date: NaiveDate::from_ymd_opt(1980, 3, 1),
                        party_sex: Sex::Female,
                        id_document_kind: Some(IdDocumentKind::Passport),
                        id_document_number: "AB123",
                        document_description: "Kúpna zmluva",
                        document_language: "slovenčina",
                        pages: 2,
                        copies: 1,
                        refers_to_number: None,
                        reason: None,
                        calendar: Calendar::Gregorian,
                    },
                    locale,
                );
                assert!(c.text.contains("Čičová Ľubica"), "{locale:?}");
                assert!(c.text.contains("Kúpna zmluva"), "{locale:?}");
                assert!(!c.title.is_empty());
            }
        }
    }

    fn slovak(kind: LedgerEntryKind, party_sex: Sex) -> String {
        clause(
            &ClauseFacts {
                kind,
                act: None,
                party_name: "Ľudmila Čičová",
                party_birth_date: None,
                party_sex,
                id_document_kind: Some(IdDocumentKind::IdentityCard),
                id_document_number: "EA123456",
                document_description: "Kúpna zmluva",
                document_language: "slovenčina",
                pages: 2,
                copies: 1,
                refers_to_number: None,
                reason: None,
                calendar: Calendar::Gregorian,
            },
            Locale::Sk,
        )
        .text
    }

    #[test]
    fn the_slovak_clause_agrees_with_the_party() {
        let copy = |s| slovak(LedgerEntryKind::Copy, s);
        assert!(copy(Sex::Female).contains("ktorú predložila Ľudmila Čičová"));
        assert!(copy(Sex::Male).contains("ktorú predložil Ľudmila Čičová"));
        assert!(copy(Sex::Unspecified).contains("ktorú predložil(a) Ľudmila Čičová"));
        let signature = |s| slovak(LedgerEntryKind::Signature, s);
        assert!(signature(Sex::Female).contains("vlastnoručne podpísala alebo"));
        assert!(signature(Sex::Female).contains("predo mnou uznala za vlastný"));
        assert!(signature(Sex::Male).contains("vlastnoručne podpísal alebo"));
        assert!(signature(Sex::Unspecified).contains("podpísal(a) alebo"));
        assert!(signature(Sex::Unspecified).contains("uznal(a) za vlastný"));
        // Neither the party's nor the registrar's sex leaks in through a relative pronoun or
        // a first-person verb.
        for s in [Sex::Female, Sex::Male, Sex::Unspecified] {
            assert!(!signature(s).contains("ktorého"));
            assert!(!signature(s).contains("som zistil"));
        }
    }

    #[test]
    fn other_languages_read_the_same_whatever_the_party() {
        for locale in [Locale::En, Locale::Hu, Locale::Sv, Locale::Fa] {
            for kind in [LedgerEntryKind::Signature, LedgerEntryKind::Copy] {
                let text = |party_sex| {
                    clause(
                        &ClauseFacts {
                            kind,
                            act: None,
                            party_name: "Ľudmila Čičová",
                            party_birth_date: None,
                            party_sex,
                            id_document_kind: None,
                            id_document_number: "",
                            document_description: "Kúpna zmluva",
                            document_language: "slovenčina",
                            pages: 1,
                            copies: 1,
                            refers_to_number: None,
                            reason: None,
                            calendar: Calendar::Gregorian,
                        },
                        locale,
                    )
                    .text
                };
                assert_eq!(text(Sex::Female), text(Sex::Male), "{locale:?}");
                assert_eq!(text(Sex::Female), text(Sex::Unspecified), "{locale:?}");
            }
        }
    }
}
