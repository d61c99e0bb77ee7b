//! The published test vectors of the seal format (`docs/seal-vectors.json`): seals made from
//! fixed keys (Ed25519 signing is deterministic, so the file comes out the same every time),
//! each with the verdict a verifier must reach — genuine, forged or malformed. The test checks
//! every verdict against this crate's own reading and verifying, and that the file in `docs/`
//! is what this code writes; `OKNO_WRITE_SEAL_VECTORS=1 cargo test -p okno-rules vectors`
//! rewrites it after a deliberate change.

use std::path::PathBuf;

use base64::Engine;
use chrono::NaiveDate;
use ed25519_dalek::SigningKey;
use serde::Serialize;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::*;

const B64: base64::engine::GeneralPurpose = base64::engine::general_purpose::URL_SAFE_NO_PAD;

/// A test key from a published label: its seed is SHA-256 of the label.
fn test_key(label: &str) -> SigningKey {
    SigningKey::from_bytes(&Sha256::digest(label.as_bytes()).into())
}

fn uuid(text: &str) -> Uuid {
    Uuid::parse_str(text).expect("a fixed id")
}

#[derive(Serialize)]
struct KeyInfo {
    /// How the seed was made: SHA-256 of this text.
    seed_label: &'static str,
    /// The 32-byte Ed25519 secret seed (test keys only: never use them for anything else).
    seed: String,
    public_key: String,
    fingerprint: String,
}

fn key_info(label: &'static str) -> KeyInfo {
    let k = test_key(label);
    KeyInfo {
        seed_label: label,
        seed: hex::encode(k.to_bytes()),
        public_key: hex::encode(k.verifying_key().as_bytes()),
        fingerprint: fingerprint(k.verifying_key().as_bytes()),
    }
}

#[derive(Serialize)]
struct Keys {
    office: KeyInfo,
    office_retired: KeyInfo,
    other_office: KeyInfo,
    device: KeyInfo,
    device_uncertified: KeyInfo,
    office_id: Uuid,
    device_id: Uuid,
}

/// A seal read back, field by field, as a verifier shows it.
#[derive(Serialize)]
struct Fields {
    version: u8,
    kind: u8,
    kind_name: String,
    office_id: Uuid,
    year: i32,
    number: u32,
    number_text: String,
    day_count: i64,
    day: NaiveDate,
    pages: u32,
    copies: u32,
    flags: u8,
    original_sha256: Option<String>,
    /// A receipt's amount (flags bit 1).
    #[serde(skip_serializing_if = "Option::is_none")]
    amount_minor: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    currency: Option<String>,
    entry_hash_prefix: String,
    party_name: String,
    document_description: String,
    device_id: Uuid,
    device_public_key: String,
    certificate: String,
    signature: String,
    /// How many bytes the device signature covers (everything before it).
    signed_length: usize,
}

fn fields(s: &Seal) -> Fields {
    let st = &s.statement;
    Fields {
        version: VERSION,
        kind: kind_byte(st.kind),
        kind_name: serde_json::to_value(st.kind)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default(),
        office_id: st.office_id,
        year: st.year,
        number: st.number,
        number_text: s.number_text(),
        day_count: (st.day - epoch()).num_days(),
        day: st.day,
        pages: st.pages,
        copies: st.copies,
        flags: u8::from(st.original_sha256.is_some()) | (u8::from(st.amount.is_some()) << 1),
        original_sha256: st.original_sha256.map(hex::encode),
        amount_minor: st.amount.as_ref().map(|a| a.0),
        currency: st.amount.as_ref().map(|a| a.1.clone()),
        entry_hash_prefix: hex::encode(s.entry_hash_prefix),
        party_name: st.party_name.clone(),
        document_description: st.document_description.clone(),
        device_id: s.device_id,
        device_public_key: hex::encode(s.device_key),
        certificate: hex::encode(s.certificate),
        signature: hex::encode(s.signature),
        signed_length: s.signed.len(),
    }
}

/// The texts a seal was written from, before they were cut to their byte limits.
#[derive(Serialize)]
struct Uncut {
    party_name: String,
    document_description: String,
}

#[derive(Serialize)]
struct Vector {
    name: &'static str,
    about: &'static str,
    /// What was scanned or typed: the code, or an address holding it.
    input: String,
    /// The office keys (hex) the verifier trusts: the seal is genuine if it verifies with any.
    office_keys: Vec<String>,
    /// `genuine`, `forged` or `malformed`.
    expect: &'static str,
    /// The payload bytes in hex, where the code decodes.
    #[serde(skip_serializing_if = "Option::is_none")]
    payload_hex: Option<String>,
    /// What a verifier reads from it, where it can be read.
    #[serde(skip_serializing_if = "Option::is_none")]
    fields: Option<Fields>,
    #[serde(skip_serializing_if = "Option::is_none")]
    written_from: Option<Uncut>,
}

#[derive(Serialize)]
struct File {
    about: &'static str,
    keys: Keys,
    vectors: Vec<Vector>,
}

const OFFICE: &str = "okno seal test vector: office key";
const OFFICE_RETIRED: &str = "okno seal test vector: retired office key";
const OTHER_OFFICE: &str = "okno seal test vector: another office's key";
const DEVICE: &str = "okno seal test vector: workstation key";
const DEVICE_UNCERTIFIED: &str = "okno seal test vector: a key the office never certified";
const OFFICE_ID: &str = "0192a3b4-c5d6-7e8f-9a0b-1c2d3e4f5a6b";
const DEVICE_ID: &str = "0192a3b4-d0e1-7f20-8132-435465768798";
const VERIFY_URL: &str = "https://verify.example.org/verify?c=";

fn signer(office_key: &SigningKey, device_key: &SigningKey) -> DeviceSigner {
    let device_id = uuid(DEVICE_ID);
    DeviceSigner {
        device_id,
        key: device_key.clone(),
        certificate: certify_device(
            office_key,
            uuid(OFFICE_ID),
            device_id,
            &device_key.verifying_key(),
        ),
    }
}

fn entry_hash(label: &str) -> [u8; 32] {
    Sha256::digest(label.as_bytes()).into()
}

fn copy_statement() -> Statement {
    Statement {
        kind: SealKind::Copy,
        office_id: uuid(OFFICE_ID),
        year: 2026,
        number: 42,
        day: NaiveDate::from_ymd_opt(2026, 11, 23).expect("a date"),
        pages: 3,
        copies: 2,
        original_sha256: Some(Sha256::digest(b"the scanned original").into()),
        entry_hash: entry_hash("ledger entry CE-2026/00042"),
        party_name: "Ľudmila Čičová".into(),
        // 84 bytes, cut to 79: byte 80 is the second of "ó".
        document_description:
            "Kúpna zmluva — pozemok parc. č. 1234/56, k. ú. Staré Mesto — overená kópia".into(),
        amount: None,
    }
}

fn signature_statement() -> Statement {
    Statement {
        kind: SealKind::Signature,
        office_id: uuid(OFFICE_ID),
        year: 2026,
        number: 7,
        day: NaiveDate::from_ymd_opt(2026, 3, 21).expect("a date"),
        pages: 1,
        copies: 1,
        original_sha256: None,
        entry_hash: entry_hash("ledger entry CE-2026/00007"),
        // One ASCII letter, then two-byte Persian letters: byte 64 falls inside a letter.
        party_name: "A زهرا سادات حسینی‌نژاد فرزند محمدعلی از تهران".into(),
        document_description: "وکالت‌نامه".into(),
        amount: None,
    }
}

fn extract_statement() -> Statement {
    Statement {
        kind: SealKind::Extract,
        office_id: uuid(OFFICE_ID),
        year: 2027,
        number: 1,
        day: NaiveDate::from_ymd_opt(2027, 1, 4).expect("a date"),
        pages: 1,
        copies: 1,
        original_sha256: Some(Sha256::digest(b"birth|B-1998/00317|Szabo Anna|1998-05-02").into()),
        entry_hash: entry_hash("ledger entry CE-2027/00001"),
        party_name: "Szabó Anna".into(),
        document_description: "Születési anyakönyvi kivonat".into(),
        amount: None,
    }
}

fn receipt_statement() -> Statement {
    Statement {
        kind: SealKind::Receipt,
        office_id: uuid(OFFICE_ID),
        year: 2026,
        number: 108,
        day: NaiveDate::from_ymd_opt(2026, 12, 7).expect("a date"),
        pages: 2,
        copies: 1,
        original_sha256: None,
        entry_hash: entry_hash("receipt R-2026/00108"),
        party_name: "Novák Ján".into(),
        document_description: "Osvedčenie podpisu; Výpis z matriky".into(),
        amount: Some((1250, "EUR".into())),
    }
}

fn altered(code: &str, f: impl FnOnce(&mut Vec<u8>)) -> String {
    let mut b = B64.decode(code).expect("a code");
    f(&mut b);
    B64.encode(b)
}

/// The offset of the first byte of the party's name (after its length byte).
fn party_offset(s: &Statement) -> usize {
    1 + 1
        + 16
        + 2
        + 4
        + 2
        + 2
        + 2
        + 1
        + if s.original_sha256.is_some() { 32 } else { 0 }
        + if s.amount.is_some() { 11 } else { 0 }
        + 16
        + 1
}

fn vector(
    name: &'static str,
    about: &'static str,
    input: String,
    office_keys: &[&SigningKey],
    expect: &'static str,
) -> Vector {
    let code = code_of(&input);
    let payload = B64.decode(code).ok();
    let read = parse(&input).ok();
    Vector {
        name,
        about,
        office_keys: office_keys
            .iter()
            .map(|k| hex::encode(k.verifying_key().as_bytes()))
            .collect(),
        expect,
        payload_hex: payload.filter(|_| read.is_some()).map(hex::encode),
        fields: read.as_ref().map(fields),
        written_from: None,
        input,
    }
}

fn build() -> File {
    let office = test_key(OFFICE);
    let retired = test_key(OFFICE_RETIRED);
    let other = test_key(OTHER_OFFICE);
    let device = test_key(DEVICE);
    let uncertified = test_key(DEVICE_UNCERTIFIED);
    let ok = signer(&office, &device);

    let copy = copy_statement();
    let copy_code = seal(&copy, &ok);
    let persian = signature_statement();
    let persian_code = seal(&persian, &ok);
    let extract_code = seal(&extract_statement(), &ok);
    let receipt_code = seal(&receipt_statement(), &ok);
    let by_retired = seal(&copy_statement(), &signer(&retired, &device));
    // The certificate names one key, the seal is signed with another.
    let mut swapped = signer(&office, &device);
    swapped.key = uncertified.clone();
    let uncertified_code = seal(&copy, &swapped);
    // The workstation re-signs a seal naming another office: its certificate does not cover it.
    let mut elsewhere = copy_statement();
    elsewhere.office_id = uuid("0192a3b4-ffff-7fff-bfff-ffffffffffff");
    let elsewhere_code = seal(&elsewhere, &ok);

    let both = [&office, &retired];
    let mut vectors = vec![
        Vector {
            written_from: Some(Uncut {
                party_name: copy.party_name.clone(),
                document_description: copy.document_description.clone(),
            }),
            ..vector(
                "genuine-copy",
                "A certified copy with the scanned original's hash, as the QR code holds it (the \
                 verification address); the description is cut to 79 bytes, since byte 80 would split a letter.",
                format!("{VERIFY_URL}{copy_code}"),
                &both,
                "genuine",
            )
        },
        Vector {
            written_from: Some(Uncut {
                party_name: persian.party_name.clone(),
                document_description: persian.document_description.clone(),
            }),
            ..vector(
                "genuine-signature-persian",
                "A certified signature with no original (flags 0), the bare code; the Persian name \
                 is cut to 63 bytes, since byte 64 would split a letter.",
                persian_code.clone(),
                &[&office],
                "genuine",
            )
        },
        vector(
            "genuine-receipt",
            "A cash receipt (kind 6) of the receipt journal: flags bit 1, the amount paid \
             (1250 minor units, 12.50 EUR) and the currency follow; the number is a receipt's \
             (R-2026/00108).",
            format!("{VERIFY_URL}{receipt_code}"),
            &[&office],
            "genuine",
        ),
        vector(
            "genuine-extract-standalone-address",
            "A registry extract (kind 5) from a workstation with no public address: the QR code \
             holds okno:verify?c=CODE.",
            format!("okno:verify?c={extract_code}"),
            &both,
            "genuine",
        ),
        vector(
            "genuine-retired-office-key",
            "Certified by the office's retired key: seals it certified stay genuine, so the \
             verifier tries every key the office publishes.",
            by_retired.clone(),
            &both,
            "genuine",
        ),
        vector(
            "forged-altered-number",
            "genuine-copy with the number changed from 42 to 43 (byte 23): the workstation's \
             signature no longer verifies.",
            altered(&copy_code, |b| b[23] ^= 0x01),
            &both,
            "forged",
        ),
        vector(
            "forged-altered-party",
            "genuine-copy with one letter of the party's name changed: Ľudmila becomes Ľodmila.",
            altered(&copy_code, |b| b[party_offset(&copy) + 2] = b'o'),
            &both,
            "forged",
        ),
        vector(
            "forged-altered-signature",
            "genuine-copy with the last byte of the signature changed.",
            altered(&copy_code, |b| {
                if let Some(last) = b.last_mut() {
                    *last ^= 0x80;
                }
            }),
            &both,
            "forged",
        ),
        vector(
            "forged-wrong-office-key",
            "genuine-copy checked against another office's key only.",
            copy_code.clone(),
            &[&other],
            "forged",
        ),
        vector(
            "forged-retired-key-not-trusted",
            "genuine-retired-office-key checked against the current key alone: a verifier that \
             knows only the current key cannot confirm it.",
            by_retired,
            &[&office],
            "forged",
        ),
        vector(
            "forged-uncertified-device-key",
            "Signed by a key the office never certified, carrying the certificate of another.",
            uncertified_code,
            &both,
            "forged",
        ),
        vector(
            "forged-other-office-id",
            "Signed by a certified workstation key, but naming another office: the certificate \
             covers the office id, so it does not verify.",
            elsewhere_code,
            &both,
            "forged",
        ),
        vector(
            "malformed-truncated",
            "genuine-signature-persian without its last byte.",
            altered(&persian_code, |b| {
                b.pop();
            }),
            &both,
            "malformed",
        ),
        vector(
            "malformed-trailing-byte",
            "genuine-signature-persian with one byte more after the signature.",
            altered(&persian_code, |b| b.push(0)),
            &both,
            "malformed",
        ),
        vector(
            "malformed-version-2",
            "The version byte says 2: a version-1 verifier must not guess.",
            altered(&persian_code, |b| b[0] = 2),
            &both,
            "malformed",
        ),
        vector(
            "malformed-kind-9",
            "Kind 9 is not a kind.",
            altered(&persian_code, |b| b[1] = 9),
            &both,
            "malformed",
        ),
        vector(
            "malformed-flags-4",
            "A flag bit other than bits 0 and 1.",
            altered(&persian_code, |b| b[30] = 4),
            &both,
            "malformed",
        ),
        vector(
            "malformed-invalid-utf8",
            "The party's name is not UTF-8 (0xFF).",
            altered(&persian_code, |b| b[party_offset(&persian)] = 0xFF),
            &both,
            "malformed",
        ),
        vector(
            "malformed-length-past-end",
            "The description's length byte points past the end of the payload.",
            altered(&persian_code, |b| {
                let at = party_offset(&persian) + usize::from(b[party_offset(&persian) - 1]);
                b[at] = 0xFF;
                b.truncate(at + 1 + 100);
            }),
            &both,
            "malformed",
        ),
        vector(
            "malformed-padded",
            "base64url with '=' padding: the code has none.",
            format!("{persian_code}=="),
            &both,
            "malformed",
        ),
        vector(
            "malformed-standard-alphabet",
            "'+' of standard base64 instead of base64url's '-'.",
            persian_code.replacen(['-', '_'], "+", 1),
            &both,
            "malformed",
        ),
        vector(
            "malformed-empty",
            "Nothing scanned.",
            String::new(),
            &both,
            "malformed",
        ),
        vector(
            "malformed-not-a-seal",
            "Some other QR code's text.",
            "https://example.org/menu?table=4".into(),
            &both,
            "malformed",
        ),
    ];
    // A code whose last character has bits set beyond the payload's end: base64url's
    // canonical form has them zero, and a verifier must refuse the other spellings.
    if let Some(code) = [&persian_code, &copy_code, &extract_code]
        .into_iter()
        .find(|c| c.len() % 4 != 0)
    {
        let last = code.chars().last().unwrap_or('A');
        let alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        let i = alphabet.find(last).unwrap_or(0);
        let bumped = alphabet.chars().nth(i ^ 1).unwrap_or('B');
        vectors.push(vector(
            "malformed-non-canonical-base64",
            "A seal whose last base64url character has a bit set beyond the payload's end (the \
             canonical encoding has those bits zero).",
            format!("{}{bumped}", &code[..code.len() - 1]),
            &both,
            "malformed",
        ));
    }
    File {
        about: "Test vectors of the Okno seal, version 1 (docs/seal-format.md). Written by \
                crates/okno-rules/src/seal/vectors.rs from the fixed test keys below; do not edit. \
                The keys are for testing only.",
        keys: Keys {
            office: key_info(OFFICE),
            office_retired: key_info(OFFICE_RETIRED),
            other_office: key_info(OTHER_OFFICE),
            device: key_info(DEVICE),
            device_uncertified: key_info(DEVICE_UNCERTIFIED),
            office_id: uuid(OFFICE_ID),
            device_id: uuid(DEVICE_ID),
        },
        vectors,
    }
}

/// The verdict this crate reaches on a vector: what Okno's own verifier says.
fn verdict(v: &Vector) -> &'static str {
    let Ok(s) = parse(&v.input) else {
        return "malformed";
    };
    let genuine = v
        .office_keys
        .iter()
        .filter_map(|k| public_from_hex(k))
        .any(|k| s.verify(&k));
    if genuine {
        "genuine"
    } else {
        "forged"
    }
}

fn docs_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs")
}

fn rendered() -> String {
    let mut text = serde_json::to_string_pretty(&build()).expect("the vectors serialise");
    text.push('\n');
    text
}

#[test]
fn every_vector_gets_the_verdict_it_states() {
    let file = build();
    for v in &file.vectors {
        assert_eq!(verdict(v), v.expect, "{}", v.name);
        if v.expect == "malformed" {
            assert!(v.fields.is_none(), "{}", v.name);
        }
    }
    let names: std::collections::BTreeSet<_> = file.vectors.iter().map(|v| v.name).collect();
    assert_eq!(names.len(), file.vectors.len(), "names are unique");
    assert!(names.contains("malformed-non-canonical-base64"));
}

#[test]
fn texts_are_cut_at_a_character_boundary() {
    let file = build();
    let copy = file.vectors[0].fields.as_ref().expect("genuine-copy reads");
    assert_eq!(copy.document_description.len(), 79, "80 would split 'ó'");
    let persian = file.vectors[1]
        .fields
        .as_ref()
        .expect("the Persian one reads");
    assert_eq!(persian.party_name.len(), 63, "64 would split a letter");
    assert_eq!(persian.flags, 0);
    let description = persian.document_description.len();
    assert_eq!(
        persian.signed_length,
        31 + 16 + (1 + 63) + (1 + description) + 16 + 32 + 64
    );
}

/// `docs/seal-vectors.json` is what this code writes, and the worked example in
/// `docs/seal-format.md` is the first vector.
#[test]
fn the_published_vectors_are_current() {
    let path = docs_dir().join("seal-vectors.json");
    let want = rendered();
    if std::env::var_os("OKNO_WRITE_SEAL_VECTORS").is_some() {
        std::fs::write(&path, &want).expect("writing docs/seal-vectors.json");
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        have == want,
        "docs/seal-vectors.json is not what the seal code writes: if the change is deliberate, \
         run OKNO_WRITE_SEAL_VECTORS=1 cargo test -p okno-rules vectors, update \
         docs/seal-format.md and commit both"
    );
    let spec = std::fs::read_to_string(docs_dir().join("seal-format.md")).unwrap_or_default();
    let first = &build().vectors[0];
    let payload = first.payload_hex.as_deref().unwrap_or("-");
    assert!(
        spec.contains(code_of(&first.input)) && spec.contains(&payload[..64]),
        "docs/seal-format.md's worked example is not the vector genuine-copy"
    );
}
