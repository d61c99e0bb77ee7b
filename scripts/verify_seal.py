#!/usr/bin/env python3
"""Checks an Okno certification seal without Okno: written from docs/seal-format.md alone.

    verify_seal.py CODE_OR_ADDRESS --key HEX [--key HEX ...]
    verify_seal.py CODE_OR_ADDRESS --keys FILE_OR_URL     # the JSON of /.well-known/okno/seal-keys
    verify_seal.py CODE_OR_ADDRESS --explain              # every field, with its bytes; no verdict
    verify_seal.py --vectors docs/seal-vectors.json       # the published test vectors (CI runs this)

The verdict is genuine, forged, revoked (with --keys, when the office lists the workstation key
as revoked), unknown office (with --keys, when it lists no such office) or malformed. The exit
status is 0 for genuine, 1 for any other verdict or a failed vector, 2 for a usage error.

Trust comes from the office key, not from this script: take the key (or compare its fingerprint)
from a source you trust, e.g. the office's own notice; keys fetched from the address printed in
the QR code prove only that whoever runs that address made the seal.

Needs Python 3.8+ and the `cryptography` package (Debian: python3-cryptography; PyPI:
cryptography) for Ed25519. Nothing of Okno is imported.
"""

import argparse
import base64
import datetime
import hashlib
import json
import re
import sys
import urllib.request
import uuid

try:
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import (
        Ed25519PrivateKey,
        Ed25519PublicKey,
    )
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
except ImportError:  # pragma: no cover - depends on the machine
    sys.exit(
        "verify_seal.py needs the 'cryptography' package: "
        "apt-get install python3-cryptography, or python3 -m pip install cryptography"
    )

VERSION = 1
CERT_CONTEXT = b"okno-seal-device-v1"
KINDS = {
    1: "signature",
    2: "copy",
    3: "correction",
    4: "cancellation",
    5: "extract",
    6: "receipt",
    7: "receipt_void",
    8: "refund",
}
RECEIPT_KINDS = (6, 7, 8)
EPOCH = datetime.date(2000, 1, 1)
MAX_CODE = 2000
BASE64URL = re.compile(r"[A-Za-z0-9_-]+")


class Malformed(Exception):
    """The input is not a version-1 seal."""


def code_of(text):
    """The code itself, or the value of the `c` parameter of a verification address."""
    t = text.strip()
    marks = [i for i in (t.find("?"), t.find("#")) if i >= 0]
    if not marks:
        return t
    for part in re.split(r"[&#?]", t[min(marks) + 1 :]):
        if part.startswith("c="):
            return part[2:]
    return t


def decode_code(code):
    """base64url without padding, in its canonical spelling only."""
    if not code or len(code) > MAX_CODE or not BASE64URL.fullmatch(code) or len(code) % 4 == 1:
        raise Malformed("not base64url without padding")
    raw = base64.urlsafe_b64decode(code + "=" * (-len(code) % 4))
    if base64.urlsafe_b64encode(raw).decode().rstrip("=") != code:
        raise Malformed("not the canonical base64url spelling (unused bits set)")
    return raw


class Reader:
    def __init__(self, data):
        self.data = data
        self.at = 0
        self.spans = []  # (name, offset, bytes) for --explain

    def take(self, n, name):
        if self.at + n > len(self.data):
            raise Malformed(f"the payload ends inside {name}")
        b = self.data[self.at : self.at + n]
        self.spans.append((name, self.at, b))
        self.at += n
        return b

    def uint(self, n, name):
        return int.from_bytes(self.take(n, name), "big")

    def text(self, name):
        n = self.uint(1, f"{name} length")
        try:
            return self.take(n, name).decode("utf-8")
        except UnicodeDecodeError:
            raise Malformed(f"{name} is not UTF-8") from None


def parse(text):
    """Reads a seal: its fields, the signed bytes and the byte spans. Reading is not verifying."""
    data = decode_code(code_of(text))
    r = Reader(data)
    version = r.uint(1, "version")
    if version != VERSION:
        raise Malformed(f"version {version} is not 1")
    kind = r.uint(1, "kind")
    if kind not in KINDS:
        raise Malformed(f"kind {kind} is not known")
    office_id = uuid.UUID(bytes=r.take(16, "office id"))
    year = r.uint(2, "year")
    number = r.uint(4, "number")
    day_count = r.uint(2, "day")
    pages = r.uint(2, "pages")
    copies = r.uint(2, "copies")
    flags = r.uint(1, "flags")
    if flags & ~0b11:
        raise Malformed(f"flags {flags} have bits other than 0 and 1")
    original = r.take(32, "original SHA-256").hex() if flags & 1 else None
    amount_minor = currency = None
    if flags & 2:
        amount_minor = int.from_bytes(r.take(8, "amount"), "big", signed=True)
        currency = r.take(3, "currency").decode("ascii", errors="replace")
        if not (currency.isascii() and currency.isalpha() and currency.isupper()):
            raise Malformed(f"currency {currency!r} is not three capital letters")
    prefix = r.take(16, "entry hash (first half)").hex()
    party = r.text("party name")
    description = r.text("document description")
    device_id = uuid.UUID(bytes=r.take(16, "device id"))
    device_key = r.take(32, "device public key")
    certificate = r.take(64, "office's certificate")
    signed = data[: r.at]
    signature = r.take(64, "device signature")
    if r.at != len(data):
        raise Malformed(f"{len(data) - r.at} bytes after the signature")
    fields = {
        "version": version,
        "kind": kind,
        "kind_name": KINDS[kind],
        "office_id": str(office_id),
        "year": year,
        "number": number,
        "number_text": f"{'R' if kind in RECEIPT_KINDS else 'CE'}-{year}/{number:05d}",
        "day_count": day_count,
        "day": (EPOCH + datetime.timedelta(days=day_count)).isoformat(),
        "pages": pages,
        "copies": copies,
        "flags": flags,
        "original_sha256": original,
        **({"amount_minor": amount_minor, "currency": currency} if flags & 2 else {}),
        "entry_hash_prefix": prefix,
        "party_name": party,
        "document_description": description,
        "device_id": str(device_id),
        "device_public_key": device_key.hex(),
        "certificate": certificate.hex(),
        "signature": signature.hex(),
        "signed_length": len(signed),
    }
    return fields, signed, r.spans


def ed25519_ok(public_key, signature, message):
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(signature, message)
        return True
    except (InvalidSignature, ValueError):
        return False


def verify(fields, signed, office_keys):
    """True when one of the office keys certified the device key and the device key signed."""
    device_key = bytes.fromhex(fields["device_public_key"])
    cert_message = (
        CERT_CONTEXT
        + uuid.UUID(fields["office_id"]).bytes
        + uuid.UUID(fields["device_id"]).bytes
        + device_key
    )
    certificate = bytes.fromhex(fields["certificate"])
    certified = any(ed25519_ok(bytes.fromhex(k), certificate, cert_message) for k in office_keys)
    return certified and ed25519_ok(device_key, bytes.fromhex(fields["signature"]), signed)


def fingerprint(public_key_hex):
    """First 16 bytes of SHA-256 of the 32 key bytes, lowercase hex in groups of four."""
    h = hashlib.sha256(bytes.fromhex(public_key_hex)).hexdigest()[:32]
    return " ".join(h[i : i + 4] for i in range(0, 32, 4))


def judge(text, office_keys):
    try:
        fields, signed, _ = parse(text)
    except Malformed:
        return "malformed", None
    return ("genuine" if verify(fields, signed, office_keys) else "forged"), fields


def check_vectors(path):
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    failures = 0
    for name, key in doc["keys"].items():
        if not isinstance(key, dict):
            continue
        derived = (
            Ed25519PrivateKey.from_private_bytes(bytes.fromhex(key["seed"]))
            .public_key()
            .public_bytes(Encoding.Raw, PublicFormat.Raw)
        )
        if derived.hex() != key["public_key"]:
            print(f"FAIL key {name}: the seed does not give the public key")
            failures += 1
        if fingerprint(key["public_key"]) != key["fingerprint"]:
            print(f"FAIL key {name}: fingerprint {fingerprint(key['public_key'])}")
            failures += 1
        if hashlib.sha256(key["seed_label"].encode()).hexdigest() != key["seed"]:
            print(f"FAIL key {name}: the seed is not SHA-256 of its label")
            failures += 1
    for v in doc["vectors"]:
        verdict, fields = judge(v["input"], v["office_keys"])
        problems = []
        if verdict != v["expect"]:
            problems.append(f"verdict {verdict}, expected {v['expect']}")
        if "fields" in v and fields != v["fields"]:
            diff = sorted(k for k in set(v["fields"]) | set(fields or {}) if (fields or {}).get(k) != v["fields"].get(k))
            problems.append(f"fields differ: {', '.join(diff)}")
        if "payload_hex" in v and decode_code(code_of(v["input"])).hex() != v["payload_hex"]:
            problems.append("payload bytes differ")
        if problems:
            failures += 1
            print(f"FAIL {v['name']}: {'; '.join(problems)}")
        else:
            print(f"ok   {v['name']}: {verdict}")
    total = len(doc["vectors"])
    print(f"{total - failures} of {total} vectors as published" if not failures else f"{failures} failures")
    return 0 if failures == 0 else 1


def load_keys(source):
    if source.startswith(("https://", "http://")):
        with urllib.request.urlopen(source, timeout=20) as r:  # noqa: S310 - an address the user gave
            return json.load(r)
    with open(source, encoding="utf-8") as f:
        return json.load(f)


def explain(text):
    try:
        fields, _, spans = parse(text)
    except Malformed as e:
        print(f"malformed: {e}")
        return 1
    for name, at, b in spans:
        print(f"{at:4d}  {len(b):3d}  {name:28s} {b.hex()}")
    print()
    for k, v in fields.items():
        print(f"{k:22s} {v}")
    return 0


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("seal", nargs="?", help="the code, or the address from the QR code")
    p.add_argument("--key", action="append", default=[], help="an office public key (64 hex digits)")
    p.add_argument("--keys", help="the office's key list: a file or the /.well-known/okno/seal-keys address")
    p.add_argument("--explain", action="store_true", help="show every field with its bytes")
    p.add_argument("--vectors", help="check the published test vectors in this file")
    a = p.parse_args(argv)
    if a.vectors:
        return check_vectors(a.vectors)
    if not a.seal:
        p.print_usage()
        return 2
    if a.explain:
        return explain(a.seal)
    keys, revoked, office_name = list(a.key), set(), None
    try:
        fields, signed, _ = parse(a.seal)
    except Malformed as e:
        print(f"malformed: {e}")
        return 1
    if a.keys:
        listing = load_keys(a.keys)
        office = next((o for o in listing.get("offices", []) if o.get("office_id") == fields["office_id"]), None)
        if office is None and not keys:
            print(f"unknown office: {fields['office_id']} is not in the key list")
            return 1
        if office is not None:
            office_name = office.get("name")
            keys += [k["public_key"] for k in office.get("keys", [])]
            revoked = {(d["device_id"], d["public_key"]) for d in office.get("revoked_devices", [])}
    if not keys:
        p.error("give the office's key with --key, or its key list with --keys")
    for k in keys:
        print(f"office key {fingerprint(k)}")
    genuine = verify(fields, signed, keys)
    verdict = "genuine" if genuine else "forged"
    if genuine and (fields["device_id"], fields["device_public_key"]) in revoked:
        verdict = "revoked"
    print(f"verdict: {verdict}")
    if office_name:
        print(f"office: {office_name}")
    for k in ("number_text", "kind_name", "day", "party_name", "document_description", "pages", "copies", "original_sha256", "amount_minor", "currency"):
        if k in fields:
            print(f"  {k}: {fields[k]}")
    return 0 if verdict == "genuine" else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
