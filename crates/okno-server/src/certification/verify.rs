//! The public verification page and its JSON: a seal code in, the verdict out.

use super::*;

#[derive(Deserialize)]
pub(crate) struct VerifyQuery {
    c: Option<String>,
    lang: Option<String>,
}

/// `GET /v1/verify?c=CODE` (no login): the verdict as JSON.
pub(crate) async fn verify_json(
    State(state): State<AppState>,
    Query(q): Query<VerifyQuery>,
) -> ApiResult<Json<SealCheck>> {
    let code = q.c.unwrap_or_default();
    Ok(Json(
        check_seal(&state.pool, &code)
            .await
            .map_err(Problem::from)?,
    ))
}

/// `GET /verify?c=CODE&lang=xx` (no login): the public verification page.
pub(crate) async fn verify_page(
    State(state): State<AppState>,
    Query(q): Query<VerifyQuery>,
    headers: HeaderMap,
) -> Response {
    let locale = q
        .lang
        .as_deref()
        .and_then(Locale::from_code)
        .or_else(|| {
            headers
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| {
                    v.split(',')
                        .filter_map(|p| p.split(';').next())
                        .filter_map(|p| Locale::from_code(p.trim().get(..2)?))
                        .next()
                })
        })
        .unwrap_or(Locale::En);
    let code = q.c.as_deref().map(str::trim).filter(|c| !c.is_empty());
    let result = match code {
        Some(c) => match check_seal(&state.pool, seal::code_of(c)).await {
            Ok(r) => Some(r),
            Err(e) => return Problem::from(e).into_response(),
        },
        None => None,
    };
    let html = page(locale, code.map(seal::code_of), result.as_ref());
    let mut resp = (StatusCode::OK, Html(html)).into_response();
    let h = resp.headers_mut();
    h.insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-store"),
    );
    h.insert(
        "content-security-policy",
        header::HeaderValue::from_static(
            "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'",
        ),
    );
    h.insert(
        "referrer-policy",
        header::HeaderValue::from_static("no-referrer"),
    );
    resp
}

pub(super) fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

pub(super) fn t(key: &str, l: Locale) -> &'static str {
    let row: [&'static str; 5] = match key {
        "title" => ["Verify a certification seal", "Hitelesítési pecsét ellenőrzése", "Overenie osvedčovacej pečate", "Kontrollera ett bestyrkandesigill", "استعلام مهر گواهی"],
        "intro" => [
            "Scan the QR code on a certified document, or type the code printed beside it. The check needs no login and stores nothing about you.",
            "Olvassa be a hitelesített iraton lévő QR-kódot, vagy írja be a mellette álló kódot. Az ellenőrzéshez nem kell bejelentkezni, és semmit nem tárolunk Önről.",
            "Naskenujte QR kód na osvedčenej listine alebo zadajte kód vytlačený vedľa neho. Overenie nevyžaduje prihlásenie a neukladá o vás nič.",
            "Skanna QR-koden på en bestyrkt handling eller skriv in koden som står bredvid. Kontrollen kräver ingen inloggning och sparar ingenting om dig.",
            "کد QR روی سند گواهی‌شده را اسکن کنید یا کد چاپ‌شده کنار آن را وارد کنید. این استعلام به ورود نیاز ندارد و چیزی درباره شما ذخیره نمی‌کند.",
        ],
        "code" => ["Seal code", "Pecsétkód", "Kód pečate", "Sigillkod", "کد مهر"],
        "check" => ["Verify", "Ellenőrzés", "Overiť", "Kontrollera", "استعلام"],
        "language" => ["Language", "Nyelv", "Jazyk", "Språk", "زبان"],
        "genuine" => ["Genuine: this certification was issued by the office named below.", "Valódi: a hitelesítést az alább megnevezett hivatal adta ki.", "Pravé: osvedčenie vydal úrad uvedený nižšie.", "Äkta: bestyrkandet har utfärdats av myndigheten nedan.", "اصیل: این گواهی را اداره‌ای که در زیر آمده صادر کرده است."],
        "not_yet" => ["The seal is genuine; the office's central ledger has not received this entry yet (the workstation has not synchronised).", "A pecsét valódi; a hivatal központi nyilvántartásába ez a bejegyzés még nem érkezett meg.", "Pečať je pravá; do centrálnej knihy úradu tento záznam ešte nedorazil.", "Sigillet är äkta; myndighetens centrala liggare har ännu inte fått denna post.", "مهر اصیل است؛ این ثبت هنوز به دفتر مرکزی اداره نرسیده است."],
        "cancelled" => ["Cancelled: the seal is genuine, but the office has cancelled this certification.", "Érvénytelenítve: a pecsét valódi, de a hivatal érvénytelenítette a hitelesítést.", "Zrušené: pečať je pravá, ale úrad toto osvedčenie zrušil.", "Makulerad: sigillet är äkta, men myndigheten har makulerat bestyrkandet.", "باطل‌شده: مهر اصیل است، اما اداره این گواهی را باطل کرده است."],
        "corrected" => ["Corrected: the seal is genuine, but this certification was replaced by a correction.", "Helyesbítve: a pecsét valódi, de a hitelesítést helyesbítés váltotta fel.", "Opravené: pečať je pravá, ale osvedčenie nahradila oprava.", "Rättad: sigillet är äkta, men bestyrkandet har ersatts av en rättelse.", "اصلاح‌شده: مهر اصیل است، اما این گواهی با اصلاحیه جایگزین شده است."],
        "revoked" => ["Revoked: the workstation key that made this seal has been revoked by the office. Do not rely on it; contact the office.", "Visszavonva: a pecsétet készítő munkaállomás kulcsát a hivatal visszavonta. Ne fogadja el; forduljon a hivatalhoz.", "Odvolané: kľúč pracoviska, ktoré pečať vytvorilo, úrad odvolal. Nespoliehajte sa na ňu; kontaktujte úrad.", "Återkallad: arbetsstationens nyckel som skapade sigillet har återkallats. Lita inte på det; kontakta myndigheten.", "لغوشده: کلید ایستگاه کاری سازنده این مهر را اداره لغو کرده است. به آن اعتماد نکنید و با اداره تماس بگیرید."],
        "forged" => ["NOT GENUINE: the signature of this seal does not verify. The code was altered or made up.", "NEM VALÓDI: a pecsét aláírása nem ellenőrizhető. A kódot megváltoztatták vagy kitalálták.", "NIE JE PRAVÉ: podpis pečate nesedí. Kód bol zmenený alebo vymyslený.", "INTE ÄKTA: sigillets signatur stämmer inte. Koden har ändrats eller hittats på.", "غیراصیل: امضای این مهر تأیید نمی‌شود. کد تغییر داده شده یا ساختگی است."],
        "unknown_office" => ["Unknown office: this server does not know the office that made the seal.", "Ismeretlen hivatal: ez a szerver nem ismeri a pecsétet kiadó hivatalt.", "Neznámy úrad: tento server nepozná úrad, ktorý pečať vydal.", "Okänd myndighet: servern känner inte till myndigheten som skapade sigillet.", "اداره ناشناس: این سرور اداره صادرکننده مهر را نمی‌شناسد."],
        "malformed" => ["This is not a seal code. Check that it was copied completely.", "Ez nem pecsétkód. Ellenőrizze, hogy teljesen másolta-e.", "Toto nie je kód pečate. Skontrolujte, či bol skopírovaný celý.", "Detta är ingen sigillkod. Kontrollera att hela koden kopierades.", "این کد مهر نیست. بررسی کنید که کامل کپی شده باشد."],
        "number" => ["Ledger number", "Nyilvántartási szám", "Číslo záznamu", "Liggarnummer", "شماره دفتر"],
        "office" => ["Office", "Hivatal", "Úrad", "Myndighet", "اداره"],
        "date" => ["Date", "Dátum", "Dátum", "Datum", "تاریخ"],
        "act" => ["Act", "Cselekmény", "Úkon", "Åtgärd", "نوع"],
        "party" => ["Party", "Ügyfél", "Účastník", "Part", "متقاضی"],
        "document" => ["Document", "Irat", "Listina", "Handling", "سند"],
        "pages" => ["Pages", "Oldalak", "Strany", "Sidor", "صفحات"],
        "copies" => ["Copies", "Példányok", "Vyhotovenia", "Exemplar", "نسخه‌ها"],
        "original" => ["SHA-256 of the scanned original", "A beszkennelt eredeti SHA-256 kivonata", "SHA-256 naskenovaného originálu", "SHA-256 för det skannade originalet", "SHA-256 اصل اسکن‌شده"],
        "superseded" => ["Replaced by entry", "Felváltó bejegyzés", "Nahradené záznamom", "Ersatt av post", "جایگزین‌شده با ثبت"],
        "reason" => ["Reason", "Indok", "Dôvod", "Skäl", "دلیل"],
        "amount" => ["Amount paid", "Befizetett összeg", "Zaplatená suma", "Betalt belopp", "مبلغ پرداختی"],
        "voided" => ["Voided: the seal is genuine, but the office has voided this payment.", "Sztornózva: a pecsét valódi, de a hivatal sztornózta a befizetést.", "Stornované: pečať je pravá, ale úrad túto platbu stornoval.", "Makulerad: sigillet är äkta, men myndigheten har makulerat betalningen.", "ابطال‌شده: مهر اصیل است، اما اداره این پرداخت را باطل کرده است."],
        "refunded" => ["Refunded: the seal is genuine, but (part of) this payment was paid back.", "Visszatérítve: a pecsét valódi, de a befizetést (részben) visszafizették.", "Vrátené: pečať je pravá, ale platba bola (čiastočne) vrátená.", "Återbetald: sigillet är äkta, men betalningen har (delvis) betalats tillbaka.", "بازپرداخت‌شده: مهر اصیل است، اما این پرداخت (به‌طور کامل یا جزئی) بازپرداخت شده است."],
        "result" => ["Result", "Eredmény", "Výsledok", "Resultat", "نتیجه"],
        _ => ["", "", "", "", ""],
    };
    match l {
        Locale::En => row[0],
        Locale::Hu => row[1],
        Locale::Sk => row[2],
        Locale::Sv => row[3],
        Locale::Fa => row[4],
    }
}

pub(super) fn native_name(l: Locale) -> &'static str {
    match l {
        Locale::En => "English",
        Locale::Hu => "Magyar",
        Locale::Sk => "Slovenčina",
        Locale::Sv => "Svenska",
        Locale::Fa => "فارسی",
    }
}

pub(super) fn page(l: Locale, code: Option<&str>, result: Option<&SealCheck>) -> String {
    use okno_rules::acts::seal_kind_name;
    let dir = if l.is_rtl() { "rtl" } else { "ltr" };
    let code_value = esc(code.unwrap_or(""));
    let mut langs = String::new();
    for other in Locale::ALL {
        let q = match code {
            Some(c) => format!("?lang={}&amp;c={}", other.code(), esc(c)),
            None => format!("?lang={}", other.code()),
        };
        let current = if other == l {
            " aria-current=\"page\""
        } else {
            ""
        };
        langs.push_str(&format!(
            "<li><a href=\"{q}\" lang=\"{}\" hreflang=\"{}\"{current}>{}</a></li>",
            other.code(),
            other.code(),
            native_name(other)
        ));
    }
    let mut out = String::new();
    if let Some(r) = result {
        let (class, icon, text) = match r.verdict {
            SealVerdict::Genuine if r.entry_known => ("ok", "✓", t("genuine", l)),
            SealVerdict::Genuine => ("ok", "✓", t("not_yet", l)),
            SealVerdict::Cancelled => ("warn", "⚠", t("cancelled", l)),
            SealVerdict::Corrected => ("warn", "⚠", t("corrected", l)),
            SealVerdict::Voided => ("warn", "⚠", t("voided", l)),
            SealVerdict::Refunded => ("warn", "⚠", t("refunded", l)),
            SealVerdict::Revoked => ("bad", "✗", t("revoked", l)),
            SealVerdict::Forged => ("bad", "✗", t("forged", l)),
            SealVerdict::UnknownOffice => ("bad", "?", t("unknown_office", l)),
            SealVerdict::Malformed => ("bad", "?", t("malformed", l)),
        };
        let verdict_code = serde_json::to_value(r.verdict)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        out.push_str(&format!(
            "<section aria-labelledby=\"result-h\"><h2 id=\"result-h\">{}</h2><p class=\"verdict {class}\" role=\"status\" data-verdict=\"{verdict_code}\"><span aria-hidden=\"true\" class=\"icon\">{icon}</span> {}</p>",
            t("result", l),
            esc(text)
        ));
        if let Some(c) = &r.contents {
            let day = okno_rules::calendar::format_date(
                c.local_day,
                if l == Locale::Fa {
                    okno_wire::Calendar::Persian
                } else {
                    okno_wire::Calendar::Gregorian
                },
                l,
            );
            let mut rows = vec![
                (t("number", l), c.number.clone()),
                (
                    t("office", l),
                    c.office_name
                        .clone()
                        .unwrap_or_else(|| c.office_id.to_string()),
                ),
                (t("date", l), day),
                (t("act", l), seal_kind_name(c.kind, l).to_string()),
                (t("party", l), c.party_name.clone()),
                (t("document", l), c.document_description.clone()),
            ];
            if let (Some(a), Some(cur)) = (c.amount_minor, &c.currency) {
                rows.push((
                    t("amount", l),
                    okno_rules::calendar::format_money(a, cur, l),
                ));
            } else {
                rows.push((t("pages", l), c.pages.to_string()));
                rows.push((t("copies", l), c.copies.to_string()));
            }
            if let Some(h) = &c.original_sha256 {
                rows.push((t("original", l), h.clone()));
            }
            if let Some(s) = &r.superseded_by {
                rows.push((t("superseded", l), s.clone()));
            }
            if let Some(s) = &r.reason {
                rows.push((t("reason", l), s.clone()));
            }
            out.push_str("<dl>");
            for (k, v) in rows {
                out.push_str(&format!("<dt>{}</dt><dd>{}</dd>", esc(k), esc(&v)));
            }
            out.push_str("</dl>");
        }
        out.push_str("</section>");
    }
    format!(
        r#"<!doctype html>
<html lang="{lang}" dir="{dir}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body{{font-family:system-ui,"Segoe UI","Noto Sans","Vazirmatn",sans-serif;margin:0;background:#f4f6f9;color:#1d2633;line-height:1.5}}
header{{background:#1f4e8c;color:#fff;padding-block:1rem;padding-inline:1.5rem}}
header h1{{margin:0;font-size:1.4rem}}
nav ul{{list-style:none;display:flex;flex-wrap:wrap;gap:.75rem;margin:0;margin-block-start:.5rem;padding:0}}
nav a{{color:#fff}}
nav a[aria-current]{{font-weight:700}}
main{{max-inline-size:44rem;margin-inline:auto;padding:1.5rem}}
form{{display:flex;flex-wrap:wrap;gap:.5rem;align-items:end;margin-block:1rem}}
label{{display:block;font-weight:600;margin-block-end:.25rem}}
.field{{flex:1 1 20rem}}
input{{inline-size:100%;box-sizing:border-box;font:inherit;padding:.5rem;border:1px solid #5b6778;border-radius:.25rem}}
button{{font:inherit;padding:.55rem 1.2rem;background:#1f4e8c;color:#fff;border:0;border-radius:.25rem;cursor:pointer}}
:focus-visible{{outline:3px solid #f0b400;outline-offset:2px}}
.verdict{{font-size:1.15rem;font-weight:700;padding:1rem;border-radius:.4rem;border-inline-start:.5rem solid}}
.ok{{background:#e3f4e8;border-color:#1e7a3c;color:#14532a}}
.warn{{background:#fff4d6;border-color:#a86b00;color:#5c3b00}}
.bad{{background:#fde4e4;border-color:#b3261e;color:#7a1610}}
.icon{{font-size:1.3rem}}
dl{{display:grid;grid-template-columns:max-content 1fr;gap:.4rem 1rem;background:#fff;padding:1rem;border-radius:.4rem}}
dt{{font-weight:600;color:#404b5a}}
dd{{margin:0;overflow-wrap:anywhere}}
</style>
</head>
<body>
<header><h1>{title}</h1>
<nav aria-label="{language}"><ul>{langs}</ul></nav></header>
<main>
<p>{intro}</p>
<form method="get" action="verify">
<input type="hidden" name="lang" value="{lang}">
<div class="field"><label for="c">{code_label}</label><input id="c" name="c" value="{code_value}" autocomplete="off" spellcheck="false" dir="ltr"></div>
<button type="submit">{check}</button>
</form>
{out}
</main>
</body>
</html>"#,
        lang = l.code(),
        title = t("title", l),
        language = t("language", l),
        intro = t("intro", l),
        code_label = t("code", l),
        check = t("check", l),
    )
}
