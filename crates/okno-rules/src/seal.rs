//! The printed seal of a certification: a compact payload signed with Ed25519, printed as a QR
//! code, verifiable offline against the office's public key.
//!
//! Keys: the office has one signing key (on its server; on a workstation that runs alone, in
//! that workstation's OS keyring). Every workstation has its own seal key (secret half in the
//! OS keyring) that the office certifies: the certificate is the office's signature over
//! (office, workstation, public key). A seal carries the workstation's certificate, so whoever
//! holds the office's public key verifies it without asking anybody; a revoked workstation's
//! seals show as revoked where its revocation is known.
//!
//! Payload, version 1 (all integers big-endian):
//! ```text
//! u8 version=1 | u8 kind | [16] office id | u16 year | u32 number | u16 day (since 2000-01-01)
//! | u16 pages | u16 copies | u8 flags (bit 0: original hash follows; bit 1: amount follows)
//! | [32] original SHA-256? | i64 amount (minor units) + [3] currency (ASCII)?
//! | [16] entry hash (first half) | u8 len + party name (UTF-8, ≤ 64 bytes)
//! | u8 len + document description (UTF-8, ≤ 80 bytes)
//! | [16] device id | [32] device public key | [64] office's certificate of the device key
//! | [64] Ed25519 signature by the device key over everything before it
//! ```
//! Kinds: 1 signature, 2 copy, 3 correction, 4 cancellation, 5 extract (whose "original" hash
//! is the hash of the extracted facts) — the certification ledger's; 6 receipt, 7 void of a
//! receipt, 8 refund — the receipt journal's, whose seal states the amount paid (negative when
//! paid back), with the number of lines as "pages" and 1 as "copies".
//! The code is the payload in base64url without padding; the QR code holds the verification
//! address with the code (`…/verify?c=CODE`).
//!
//! The format is published for verifiers outside Okno in `docs/seal-format.md`, with test
//! vectors (`docs/seal-vectors.json`) that the tests of [`vectors`] write from fixed keys and
//! check against this code; `scripts/verify_seal.py` verifies them without Okno.

use base64::Engine;
use chrono::NaiveDate;
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use okno_wire::{SealContents, SealKind};
use uuid::Uuid;

pub const VERSION: u8 = 1;
/// The bytes the office's certificate of a workstation key starts with (no terminator).
pub const CERT_CONTEXT: &[u8] = b"okno-seal-device-v1";
/// The most bytes of the party's name a seal carries (cut at a character boundary).
pub const MAX_PARTY: usize = 64;
/// The most bytes of the document's description a seal carries (cut at a character boundary).
pub const MAX_DESCRIPTION: usize = 80;

/// Why a code could not be read at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SealError {
    #[error("not a seal code")]
    Malformed,
    #[error("seal version {0} is not known")]
    Version(u8),
}

pub fn generate_key() -> SigningKey {
    SigningKey::generate(&mut rand::rngs::OsRng)
}

pub fn key_from_hex(hex_text: &str) -> Option<SigningKey> {
    let bytes: [u8; 32] = hex::decode(hex_text).ok()?.try_into().ok()?;
    Some(SigningKey::from_bytes(&bytes))
}

pub fn public_from_hex(hex_text: &str) -> Option<VerifyingKey> {
    let bytes: [u8; 32] = hex::decode(hex_text).ok()?.try_into().ok()?;
    VerifyingKey::from_bytes(&bytes).ok()
}

/// A public key's fingerprint, for people to compare by eye or read out over the phone: the first
/// 16 bytes of the SHA-256 of the 32 key bytes, in lowercase hex, in eight groups of four
/// separated by spaces (`3f2a 9c01 …`).
pub fn fingerprint(public_key: &[u8; 32]) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(public_key);
    let text = hex::encode(&digest[..16]);
    let groups: Vec<&str> = (0..8).map(|i| &text[i * 4..i * 4 + 4]).collect();
    groups.join(" ")
}

/// The fingerprint of a public key given in hex (none if it is not 32 bytes of hex).
pub fn fingerprint_hex(public_key: &str) -> Option<String> {
    let bytes: [u8; 32] = hex::decode(public_key).ok()?.try_into().ok()?;
    Some(fingerprint(&bytes))
}

fn cert_message(office_id: Uuid, device_id: Uuid, device_key: &VerifyingKey) -> Vec<u8> {
    let mut m = Vec::with_capacity(CERT_CONTEXT.len() + 64);
    m.extend_from_slice(CERT_CONTEXT);
    m.extend_from_slice(office_id.as_bytes());
    m.extend_from_slice(device_id.as_bytes());
    m.extend_from_slice(device_key.as_bytes());
    m
}

/// The office's certificate of a workstation's seal key.
pub fn certify_device(
    office_key: &SigningKey,
    office_id: Uuid,
    device_id: Uuid,
    device_key: &VerifyingKey,
) -> [u8; 64] {
    office_key
        .sign(&cert_message(office_id, device_id, device_key))
        .to_bytes()
}

pub fn check_certificate(
    office_key: &VerifyingKey,
    office_id: Uuid,
    device_id: Uuid,
    device_key: &VerifyingKey,
    certificate: &[u8; 64],
) -> bool {
    office_key
        .verify(
            &cert_message(office_id, device_id, device_key),
            &Signature::from_bytes(certificate),
        )
        .is_ok()
}

/// What the seal states, before signing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    pub kind: SealKind,
    pub office_id: Uuid,
    pub year: i32,
    pub number: u32,
    pub day: NaiveDate,
    pub pages: u32,
    pub copies: u32,
    pub original_sha256: Option<[u8; 32]>,
    pub entry_hash: [u8; 32],
    pub party_name: String,
    pub document_description: String,
    /// What a receipt states was paid: minor units and the currency's code.
    pub amount: Option<(i64, String)>,
}

/// A workstation's seal key with the office's certificate of it.
pub struct DeviceSigner {
    pub device_id: Uuid,
    pub key: SigningKey,
    pub certificate: [u8; 64],
}

/// A seal read back from its code.
#[derive(Debug, Clone)]
pub struct Seal {
    pub statement: Statement,
    /// The first half of the ledger entry's hash (all the seal carries).
    pub entry_hash_prefix: [u8; 16],
    pub device_id: Uuid,
    pub device_key: [u8; 32],
    pub certificate: [u8; 64],
    pub signature: [u8; 64],
    /// The signed bytes (everything before the signature).
    signed: Vec<u8>,
}

fn kind_byte(k: SealKind) -> u8 {
    match k {
        SealKind::Signature => 1,
        SealKind::Copy => 2,
        SealKind::Correction => 3,
        SealKind::Cancellation => 4,
        SealKind::Extract => 5,
        SealKind::Receipt => 6,
        SealKind::ReceiptVoid => 7,
        SealKind::Refund => 8,
    }
}

fn kind_of(b: u8) -> Option<SealKind> {
    Some(match b {
        1 => SealKind::Signature,
        2 => SealKind::Copy,
        3 => SealKind::Correction,
        4 => SealKind::Cancellation,
        5 => SealKind::Extract,
        6 => SealKind::Receipt,
        7 => SealKind::ReceiptVoid,
        8 => SealKind::Refund,
        _ => return None,
    })
}

fn epoch() -> NaiveDate {
    NaiveDate::from_ymd_opt(2000, 1, 1).expect("a valid date")
}

/// Cuts `s` to at most `max` bytes at a character boundary.
fn cut(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

fn clamp16(v: u32) -> u16 {
    u16::try_from(v).unwrap_or(u16::MAX)
}

/// Signs `statement` with the workstation's key and returns the seal code.
pub fn seal(statement: &Statement, signer: &DeviceSigner) -> String {
    let mut b = Vec::with_capacity(400);
    b.push(VERSION);
    b.push(kind_byte(statement.kind));
    b.extend_from_slice(statement.office_id.as_bytes());
    b.extend_from_slice(&u16::try_from(statement.year).unwrap_or(0).to_be_bytes());
    b.extend_from_slice(&statement.number.to_be_bytes());
    let days = (statement.day - epoch())
        .num_days()
        .clamp(0, i64::from(u16::MAX));
    b.extend_from_slice(&u16::try_from(days).unwrap_or(0).to_be_bytes());
    b.extend_from_slice(&clamp16(statement.pages).to_be_bytes());
    b.extend_from_slice(&clamp16(statement.copies).to_be_bytes());
    let amount = statement
        .amount
        .as_ref()
        .filter(|(_, c)| c.len() == 3 && c.is_ascii());
    b.push(u8::from(statement.original_sha256.is_some()) | (u8::from(amount.is_some()) << 1));
    if let Some(h) = &statement.original_sha256 {
        b.extend_from_slice(h);
    }
    if let Some((minor, currency)) = amount {
        b.extend_from_slice(&minor.to_be_bytes());
        b.extend_from_slice(currency.as_bytes());
    }
    b.extend_from_slice(&statement.entry_hash[..16]);
    for (text, max) in [
        (statement.party_name.as_str(), MAX_PARTY),
        (statement.document_description.as_str(), MAX_DESCRIPTION),
    ] {
        let t = cut(text, max);
        b.push(u8::try_from(t.len()).unwrap_or(0));
        b.extend_from_slice(t.as_bytes());
    }
    b.extend_from_slice(signer.device_id.as_bytes());
    b.extend_from_slice(signer.key.verifying_key().as_bytes());
    b.extend_from_slice(&signer.certificate);
    let sig = signer.key.sign(&b);
    b.extend_from_slice(&sig.to_bytes());
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(b)
}

/// The code inside whatever was scanned or pasted: the code itself, or the value of the `c`
/// parameter of the verification address (`https://…/verify?c=CODE`, `okno:verify?c=CODE`).
pub fn code_of(input: &str) -> &str {
    let t = input.trim();
    let Some(q) = t.find(['?', '#']) else {
        return t;
    };
    t[q + 1..]
        .split(['&', '#', '?'])
        .find_map(|p| p.strip_prefix("c="))
        .unwrap_or(t)
}

/// The verification address of a seal made where there is no address to point to (a
/// workstation on its own, with no public address): Okno's Verify screen reads it, a phone
/// cannot open it.
pub const LOCAL_VERIFY_BASE: &str = "okno:verify";
/// The longest public address an office may set.
pub const MAX_PUBLIC_ADDRESS: usize = 200;

/// Why an office's public address was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum AddressError {
    /// Not `https://` (plain `http://` only for this machine itself).
    #[error("the public address must start with https://")]
    NotHttps,
    #[error("the public address is not a web address")]
    Malformed,
    #[error("the public address is longer than {MAX_PUBLIC_ADDRESS} characters")]
    TooLong,
}

fn is_loopback(host_and_port: &str) -> bool {
    let host = match host_and_port.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or(""),
        None => host_and_port.split(':').next().unwrap_or(""),
    };
    matches!(host, "localhost" | "127.0.0.1" | "::1")
}

/// An office's public address as it is kept: the https address at which its server is reached
/// from outside (its `/verify` page and `/.well-known/okno/seal-keys` are under it), with no
/// trailing `/` and no `/verify` (both are taken off when typed). Empty means none. Plain
/// `http://` is accepted only for this machine (trials and tests): a phone opens it, but a
/// verification page must not be open to tampering on the way.
pub fn public_address(input: &str) -> Result<Option<String>, AddressError> {
    let t = input.trim();
    if t.is_empty() {
        return Ok(None);
    }
    if t.chars().count() > MAX_PUBLIC_ADDRESS {
        return Err(AddressError::TooLong);
    }
    let (scheme, rest) = match t.split_once("://") {
        Some((s, r)) if s.eq_ignore_ascii_case("https") => ("https", r),
        Some((s, r)) if s.eq_ignore_ascii_case("http") => ("http", r),
        Some(_) => return Err(AddressError::NotHttps),
        None => return Err(AddressError::Malformed),
    };
    let ok_char = |c: char| c.is_ascii_alphanumeric() || "-._~/:[]%!$&'()*+,;=".contains(c);
    if !rest.chars().all(ok_char) {
        // Whitespace, a query or fragment (`?`, `#`), credentials (`@`), non-ASCII.
        return Err(AddressError::Malformed);
    }
    let mut path = rest.trim_end_matches('/');
    if let Some(p) = path.strip_suffix("/verify") {
        path = p.trim_end_matches('/');
    }
    let host = path.split('/').next().unwrap_or("");
    let host_ok = !host.is_empty()
        && !host.starts_with(['.', '-', ':'])
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c));
    if !host_ok {
        return Err(AddressError::Malformed);
    }
    if scheme == "http" && !is_loopback(host) {
        return Err(AddressError::NotHttps);
    }
    Ok(Some(format!("{scheme}://{path}")))
}

/// Where the verification address printed in a seal's QR code points (the code follows as
/// `?c=CODE`): the office's public address, else the server this workstation is enrolled with,
/// else [`LOCAL_VERIFY_BASE`].
pub fn verify_base(public_address: Option<&str>, server_url: Option<&str>) -> String {
    match (public_address, server_url) {
        (Some(a), _) if !a.trim().is_empty() => format!("{}/verify", a.trim_end_matches('/')),
        (_, Some(s)) if !s.trim().is_empty() => format!("{}/verify", s.trim_end_matches('/')),
        _ => LOCAL_VERIFY_BASE.to_string(),
    }
}

struct Reader<'a> {
    b: &'a [u8],
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], SealError> {
        if self.b.len() < n {
            return Err(SealError::Malformed);
        }
        let (h, t) = self.b.split_at(n);
        self.b = t;
        Ok(h)
    }
    fn u8(&mut self) -> Result<u8, SealError> {
        Ok(self.take(1)?[0])
    }
    fn u16(&mut self) -> Result<u16, SealError> {
        let s = self.take(2)?;
        Ok(u16::from_be_bytes([s[0], s[1]]))
    }
    fn arr<const N: usize>(&mut self) -> Result<[u8; N], SealError> {
        self.take(N)?.try_into().map_err(|_| SealError::Malformed)
    }
    fn text(&mut self) -> Result<String, SealError> {
        let n = usize::from(self.u8()?);
        String::from_utf8(self.take(n)?.to_vec()).map_err(|_| SealError::Malformed)
    }
}

/// Reads a seal from its code (or the address holding it). Reading is not verifying: see
/// [`Seal::verify`].
pub fn parse(input: &str) -> Result<Seal, SealError> {
    let code = code_of(input);
    if code.is_empty() || code.len() > 2000 {
        return Err(SealError::Malformed);
    }
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(code)
        .map_err(|_| SealError::Malformed)?;
    let mut r = Reader { b: &bytes };
    let version = r.u8()?;
    if version != VERSION {
        return Err(SealError::Version(version));
    }
    let kind = kind_of(r.u8()?).ok_or(SealError::Malformed)?;
    let office_id = Uuid::from_bytes(r.arr()?);
    let year = i32::from(r.u16()?);
    let number = u32::from_be_bytes(r.arr()?);
    let day = epoch() + chrono::Duration::days(i64::from(r.u16()?));
    let pages = u32::from(r.u16()?);
    let copies = u32::from(r.u16()?);
    let flags = r.u8()?;
    if flags & !0b11 != 0 {
        return Err(SealError::Malformed);
    }
    let original_sha256 = if flags & 1 != 0 {
        Some(r.arr::<32>()?)
    } else {
        None
    };
    let amount = if flags & 2 != 0 {
        let minor = i64::from_be_bytes(r.arr()?);
        let currency: [u8; 3] = r.arr()?;
        if !currency.iter().all(u8::is_ascii_uppercase) {
            return Err(SealError::Malformed);
        }
        Some((minor, String::from_utf8_lossy(&currency).into_owned()))
    } else {
        None
    };
    let entry_hash_prefix: [u8; 16] = r.arr()?;
    let party_name = r.text()?;
    let document_description = r.text()?;
    let device_id = Uuid::from_bytes(r.arr()?);
    let device_key: [u8; 32] = r.arr()?;
    let certificate: [u8; 64] = r.arr()?;
    let signed_len = bytes.len() - r.b.len();
    let signature: [u8; 64] = r.arr()?;
    if !r.b.is_empty() {
        return Err(SealError::Malformed);
    }
    let mut entry_hash = [0u8; 32];
    entry_hash[..16].copy_from_slice(&entry_hash_prefix);
    Ok(Seal {
        statement: Statement {
            kind,
            office_id,
            year,
            number,
            day,
            pages,
            copies,
            original_sha256,
            entry_hash,
            party_name,
            document_description,
            amount,
        },
        entry_hash_prefix,
        device_id,
        device_key,
        certificate,
        signature,
        signed: bytes[..signed_len].to_vec(),
    })
}

impl Seal {
    /// Checks the office's certificate of the workstation key and the workstation's signature.
    pub fn verify(&self, office_key: &VerifyingKey) -> bool {
        let Ok(device_key) = VerifyingKey::from_bytes(&self.device_key) else {
            return false;
        };
        check_certificate(
            office_key,
            self.statement.office_id,
            self.device_id,
            &device_key,
            &self.certificate,
        ) && device_key
            .verify_strict(&self.signed, &Signature::from_bytes(&self.signature))
            .is_ok()
    }

    /// The number the seal names, as printed: a certification's or a receipt's.
    pub fn number_text(&self) -> String {
        let series = if self.statement.kind.is_receipt() {
            crate::series::Series::Receipt
        } else {
            crate::series::Series::Certification
        };
        series.format(self.statement.year, i64::from(self.statement.number))
    }

    pub fn contents(&self, office_name: Option<String>) -> SealContents {
        let s = &self.statement;
        SealContents {
            kind: s.kind,
            number: self.number_text(),
            office_id: s.office_id,
            office_name,
            local_day: s.day,
            party_name: s.party_name.clone(),
            document_description: s.document_description.clone(),
            pages: s.pages,
            copies: s.copies,
            original_sha256: s.original_sha256.map(hex::encode),
            entry_hash: hex::encode(self.entry_hash_prefix),
            amount_minor: s.amount.as_ref().map(|a| a.0),
            currency: s.amount.as_ref().map(|a| a.1.clone()),
        }
    }
}

#[cfg(test)]
mod vectors;

#[cfg(test)]
mod tests {
    use super::*;

    fn signer(office: &SigningKey, office_id: Uuid) -> DeviceSigner {
        let key = generate_key();
        let device_id = Uuid::now_v7();
        let certificate = certify_device(office, office_id, device_id, &key.verifying_key());
        DeviceSigner {
            device_id,
            key,
            certificate,
        }
    }

    fn statement(office_id: Uuid) -> Statement {
        Statement {
            kind: SealKind::Copy,
            office_id,
            year: 2026,
            number: 42,
            day: NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(),
            pages: 3,
            copies: 2,
            original_sha256: Some([7; 32]),
            entry_hash: [9; 32],
            party_name: "Čičová Ľubica".into(),
            document_description: "Kúpna zmluva — ".repeat(10),
            amount: None,
        }
    }

    #[test]
    fn a_seal_verifies_against_the_office_key_and_nothing_else() {
        let office = generate_key();
        let office_id = Uuid::now_v7();
        let s = signer(&office, office_id);
        let code = seal(&statement(office_id), &s);
        assert!(code.len() < 600, "{}", code.len());
        let read = parse(&format!("https://x.example/verify?c={code}")).unwrap();
        assert!(read.verify(&office.verifying_key()));
        assert!(!read.verify(&generate_key().verifying_key()));
        assert_eq!(read.statement.number, 42);
        assert_eq!(read.statement.party_name, "Čičová Ľubica");
        assert!(read.statement.document_description.len() <= MAX_DESCRIPTION);
        assert_eq!(read.number_text(), "CE-2026/00042");
    }

    #[test]
    fn every_changed_byte_breaks_the_seal() {
        let office = generate_key();
        let office_id = Uuid::now_v7();
        let code = seal(&statement(office_id), &signer(&office, office_id));
        let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(&code)
            .unwrap();
        for i in 0..bytes.len() {
            let mut b = bytes.clone();
            b[i] ^= 0x01;
            let c = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&b);
            if let Ok(s) = parse(&c) {
                assert!(!s.verify(&office.verifying_key()), "byte {i}");
            }
        }
    }

    #[test]
    fn a_key_the_office_did_not_certify_is_refused() {
        let office = generate_key();
        let office_id = Uuid::now_v7();
        let mut s = signer(&office, office_id);
        s.key = generate_key(); // same certificate, another key
        let code = seal(&statement(office_id), &s);
        assert!(!parse(&code).unwrap().verify(&office.verifying_key()));
    }

    #[test]
    fn the_code_is_found_in_every_form_of_the_address() {
        for input in [
            "CODE",
            "  CODE\n",
            "https://x.example/verify?c=CODE",
            "https://x.example/verify?lang=hu&c=CODE",
            "https://x.example/verify?c=CODE&lang=hu",
            "okno:verify?c=CODE",
            "https://x.example/#/verify?c=CODE",
            "https://abc=1.example/verify?c=CODE",
        ] {
            assert_eq!(code_of(input), "CODE", "{input}");
        }
    }

    #[test]
    fn a_public_address_is_https_without_verify_or_slash() {
        let ok = |s: &str| public_address(s).unwrap();
        assert_eq!(ok("  "), None);
        assert_eq!(
            ok(" https://okno.mesto.example.sk/ ").as_deref(),
            Some("https://okno.mesto.example.sk")
        );
        assert_eq!(
            ok("HTTPS://okno.example.org/office/verify/").as_deref(),
            Some("https://okno.example.org/office")
        );
        assert_eq!(
            ok("http://127.0.0.1:8080").as_deref(),
            Some("http://127.0.0.1:8080")
        );
        assert_eq!(ok("http://[::1]:80/").as_deref(), Some("http://[::1]:80"));
        for (bad, why) in [
            ("http://okno.example.org", AddressError::NotHttps),
            ("ftp://okno.example.org", AddressError::NotHttps),
            ("okno.example.org", AddressError::Malformed),
            ("https://", AddressError::Malformed),
            (
                "https://okno.example.org/verify?c=x",
                AddressError::Malformed,
            ),
            ("https://user@okno.example.org", AddressError::Malformed),
            ("https://okno example.org", AddressError::Malformed),
            ("https://okno.példa.hu", AddressError::Malformed),
            ("https://.example.org", AddressError::Malformed),
        ] {
            assert_eq!(public_address(bad), Err(why), "{bad}");
        }
        let long = format!("https://{}.example.org", "a".repeat(MAX_PUBLIC_ADDRESS));
        assert_eq!(public_address(&long), Err(AddressError::TooLong));
    }

    #[test]
    fn the_qr_points_to_the_public_address_then_the_server_then_nowhere() {
        let public = Some("https://okno.example.org");
        let server = Some("http://10.0.0.5:8080/");
        assert_eq!(
            verify_base(public, server),
            "https://okno.example.org/verify"
        );
        assert_eq!(verify_base(None, server), "http://10.0.0.5:8080/verify");
        assert_eq!(verify_base(Some(""), None), "okno:verify");
        assert_eq!(verify_base(None, None), LOCAL_VERIFY_BASE);
    }

    #[test]
    fn a_fingerprint_is_the_start_of_the_keys_hash_in_groups() {
        let f = fingerprint(&[0; 32]);
        // SHA-256 of 32 zero bytes: 66687aadf862bd776c8fc18b8e9f8e20…
        assert_eq!(f, "6668 7aad f862 bd77 6c8f c18b 8e9f 8e20");
        assert_eq!(
            fingerprint_hex(&"00".repeat(32)).as_deref(),
            Some(f.as_str())
        );
        assert_eq!(fingerprint_hex("00"), None);
    }

    #[test]
    fn garbage_is_malformed() {
        assert_eq!(parse("").unwrap_err(), SealError::Malformed);
        assert_eq!(parse("hello world").unwrap_err(), SealError::Malformed);
        assert_eq!(parse("AAAA").unwrap_err(), SealError::Version(0));
    }
}
