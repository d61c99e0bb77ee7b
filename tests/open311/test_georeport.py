#!/usr/bin/env python3
"""Okno's Open311 GeoReport v2 API, seen by a third-party client library.

Runs against a live office server and checks, field by field, what a GeoReport v2 client gets
(docs/open311.md is Okno's profile of the spec; the checks below follow it):

  discovery        plain urllib (georeport has no discovery call)
  service list     georeport GeoReport.get_service_list()          JSON and XML
  definitions      georeport GeoReport.get_service_definition()    JSON and XML
  request list     georeport GeoReport.get_service_requests(...)   JSON and XML, every filter
  one request      georeport GeoReport.get_service_request(id)     JSON and XML
  token            plain urllib (georeport has no token call)
  POST a request   plain urllib (georeport cannot create requests); skipped when
                   OKNO_OPEN311_SKIP_POST=1. Creates two feedback items (channel open311).
  errors           404 / 403 / 400 with the spec's error array, in both formats

Environment:
  OKNO_OPEN311_URL           base URL, e.g. http://127.0.0.1:8080/open311/v2
  OKNO_OPEN311_JURISDICTION  an office id (jurisdiction_id)
  OKNO_OPEN311_API_KEY       an API key of that office (okno-server open311-key)
  OKNO_OPEN311_REQUEST_ID    the service_request_id of an existing feedback item of that office
  OKNO_OPEN311_TOKEN         optional: a token that resolves to a service_request_id
  OKNO_OPEN311_SKIP_POST     optional: 1 = do not create requests

Only the standard library and georeport (with its own dependencies) are used. Exit status 0 when
every check passed, 1 on any mismatch, 2 on a bad environment. The last line is
"N passed, N failed".
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import sys
import traceback
import types
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET

import georeport
import georeport.georeport as _georeport_module
from georeport import GeoReport

# --------------------------------------------------------------------------------------------
# Environment

def _env(name: str, required: bool = True) -> str:
    value = os.environ.get(name, "").strip()
    if required and not value:
        print(f"error: {name} is not set (see the top of {__file__})", file=sys.stderr)
        sys.exit(2)
    return value


BASE = _env("OKNO_OPEN311_URL").rstrip("/")
JURISDICTION = _env("OKNO_OPEN311_JURISDICTION")
SKIP_POST = os.environ.get("OKNO_OPEN311_SKIP_POST", "") in ("1", "true", "yes")
API_KEY = _env("OKNO_OPEN311_API_KEY", required=not SKIP_POST)
REQUEST_ID = _env("OKNO_OPEN311_REQUEST_ID")
TOKEN = _env("OKNO_OPEN311_TOKEN", required=False)

FORMATS = ("json", "xml")
SPEC_URI = "http://wiki.open311.org/GeoReport_v2"
# Okno's services are the feedback kinds (docs/open311.md).
OKNO_SERVICE_CODES = {"complaint", "suggestion", "idea", "praise", "question", "callback"}
MAX_RESULTS = 1000
WINDOW = dt.timedelta(days=90)
SKEW = dt.timedelta(minutes=10)  # clock difference tolerated between server and test
TIMEOUT = 30

# --------------------------------------------------------------------------------------------
# georeport: every HTTP call it makes is recorded (status, headers and body are checked too)
# and given a timeout. Only georeport's module-level reference to `requests` is replaced.

_requests = _georeport_module.requests
HTTPError = _requests.HTTPError
LAST: dict = {}


def _recording_get(url, params=None, **kwargs):
    kwargs.setdefault("timeout", TIMEOUT)
    response = _requests.get(url, params=params, **kwargs)
    LAST["response"] = response
    return response


_georeport_module.requests = types.SimpleNamespace(get=_recording_get, HTTPError=HTTPError)


def client(fmt: str, jurisdiction: str | None = JURISDICTION) -> GeoReport:
    return GeoReport(BASE, jurisdiction=jurisdiction, api_key=API_KEY or None, output_format=fmt)


# --------------------------------------------------------------------------------------------
# Reporting

class Problems(list):
    """The mismatches found by one check."""

    def add(self, message: str) -> None:
        self.append(message)

    def extend_at(self, where: str, problems: list[str]) -> None:
        self.extend(f"{where}: {p}" for p in problems)


NOTES: list[str] = []
RESULTS: list[tuple[str, list[str]]] = []


def note(message: str) -> None:
    if message not in NOTES:
        NOTES.append(message)


def check(name: str):
    def register(fn):
        CHECKS.append((name, fn))
        return fn
    return register


CHECKS: list = []


class Abort(Exception):
    """A check cannot go on (its problems are already recorded)."""


# --------------------------------------------------------------------------------------------
# Field tables (see /docs/open311.md and the spec digest). Presence:
#   R  present and non-empty;  N  present (JSON key / XML element), may be null or empty;
#   O  may be absent, null or empty.

SERVICE_FIELDS = {
    "service_code": ("id", "R"),
    "service_name": ("str", "R"),
    "description": ("str", "N"),
    "metadata": ("bool", "R"),
    "type": ({"realtime", "batch", "blackbox"}, "R"),
    "keywords": ("str", "N"),
    "group": ("str", "N"),
}

ATTRIBUTE_FIELDS = {
    "variable": ("bool", "R"),
    "code": ("id", "R"),
    "datatype": ({"string", "number", "datetime", "text", "singlevaluelist", "multivaluelist"}, "R"),
    "required": ("bool", "R"),
    "datatype_description": ("str", "N"),
    "order": ("posint", "R"),
    "description": ("str", "R"),
    "values": ("container", "O"),
}

VALUE_FIELDS = {"key": ("id", "R"), "name": ("str", "R")}

REQUEST_FIELDS = {
    "service_request_id": ("id", "R"),
    "status": ({"open", "closed"}, "R"),
    "status_notes": ("str", "O"),
    "service_name": ("str", "N"),
    "service_code": ("id", "R"),
    "description": ("desc", "N"),
    "agency_responsible": ("str", "O"),
    "service_notice": ("str", "O"),
    "requested_datetime": ("datetime", "R"),
    "updated_datetime": ("datetime", "N"),
    "expected_datetime": ("datetime", "O"),
    "address": ("str", "N"),
    "address_id": ("str", "N"),
    "zipcode": ("str", "N"),
    "lat": ("number", "N"),
    "long": ("number", "N"),
    "media_url": ("url", "N"),
}

POST_RESPONSE_FIELDS = {
    "service_request_id": ("id", "O"),
    "token": ("id", "O"),
    "service_notice": ("str", "O"),
    "account_id": ("str", "O"),
}

TOKEN_FIELDS = {"service_request_id": ("id", "R"), "token": ("id", "R")}

DISCOVERY_FIELDS = {
    "changeset": ("str", "R"),
    "contact": ("str", "R"),
    "key_service": ("str", "R"),
    "endpoints": ("container", "R"),
}

ENDPOINT_FIELDS = {
    "specification": ("str", "R"),
    "url": ("url", "R"),
    "changeset": ("str", "R"),
    "type": ({"production", "test"}, "R"),
    "formats": ("container", "R"),
}

W3C = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$")


def parse_w3c(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


def w3c(moment: dt.datetime) -> str:
    return moment.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _type_problem(kind, value, fmt: str) -> str | None:
    """None when `value` (JSON value, or XML text) is of `kind`, else what is wrong."""
    if fmt == "json":
        if kind == "id":
            if isinstance(value, bool) or not isinstance(value, str):
                return f"must be a JSON string, got {json.dumps(value)}"
            return None if value.strip() else "must not be empty"
        if kind in ("str", "desc", "url", "datetime") or isinstance(kind, set):
            if not isinstance(value, str):
                return f"must be a JSON string, got {json.dumps(value)}"
        if kind == "bool" and not isinstance(value, bool):
            return f"must be a JSON boolean, got {json.dumps(value)}"
        if kind == "number" and (isinstance(value, bool) or not isinstance(value, (int, float))):
            return f"must be a JSON number, got {json.dumps(value)}"
        if kind == "posint" and (isinstance(value, bool) or not isinstance(value, int) or value < 1):
            return f"must be a positive JSON integer, got {json.dumps(value)}"
        if kind == "container" and not isinstance(value, list):
            return f"must be a JSON array, got {json.dumps(value)[:60]}"
    else:
        if kind == "container":
            return None if isinstance(value, dict) else f"must be a container element, got {value!r}"
        if not isinstance(value, str):
            return f"must be a text-only element, got {value!r}"[:120]
        if kind == "id" and not value.strip():
            return "must not be empty"
        if kind == "bool" and value not in ("true", "false"):
            return f"must be 'true' or 'false', got {value!r}"
        if kind == "number":
            try:
                float(value)
            except ValueError:
                return f"must be a number, got {value!r}"
        if kind == "posint" and not (value.isdigit() and int(value) >= 1):
            return f"must be a positive integer, got {value!r}"
    if isinstance(kind, set) and value not in kind:
        return f"must be one of {sorted(kind)}, got {value!r}"
    if kind == "datetime" and not W3C.match(value):
        return f"must be a w3c datetime with a time zone (2010-01-01T00:00:00Z), got {value!r}"
    if kind == "url" and not re.match(r"^https?://\S+$", value):
        return f"must be an http(s) URL, got {value!r}"
    if kind == "desc" and len(value) > 4000:
        return f"longer than 4,000 characters ({len(value)})"
    return None


def check_fields(obj, table: dict, fmt: str, what: str) -> list[str]:
    """Field-by-field check of one JSON object / one xmltodict element."""
    problems = []
    if not isinstance(obj, dict):
        return [f"{what} must be an object/element with children, got {str(obj)[:80]!r}"]
    for name, (kind, presence) in table.items():
        if name not in obj:
            if presence in ("R", "N"):
                problems.append(f"{name}: missing ({'required' if presence == 'R' else 'always emitted, may be null/empty'})")
            continue
        value = obj[name]
        if fmt == "xml" and isinstance(value, list):
            problems.append(f"{name}: element repeated {len(value)} times")
            continue
        if fmt == "xml" and isinstance(value, dict) and kind != "container":
            problems.append(f"{name}: must be a text-only element, got attributes/children {sorted(value)}")
            continue
        if value is None or (fmt == "xml" and value == ""):
            if presence == "R":
                problems.append(f"{name}: required, but empty/null")
            continue
        problem = _type_problem(kind, value, fmt)
        if problem:
            problems.append(f"{name}: {problem}")
    extra = sorted(set(obj) - set(table))
    if extra:
        note(f"{what} ({fmt}) has fields outside the spec: {', '.join(extra)} "
             "(allowed, but the spec recommends none in XML)")
    return problems


def as_list(value) -> list:
    """xmltodict gives None for an empty container, a dict for one child, a list for several."""
    if value is None:
        return []
    if isinstance(value, list):
        return value
    return [value]


def text(value) -> str | None:
    """A JSON value as the XML text a Spark-mapped server emits (None = empty element)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def same_value(json_value, xml_value) -> bool:
    if isinstance(json_value, (int, float)) and not isinstance(json_value, bool) and xml_value:
        try:
            return float(xml_value) == float(json_value)
        except ValueError:
            return False
    return (text(json_value) or None) == (xml_value or None)


# --------------------------------------------------------------------------------------------
# Raw HTTP (urllib) for what georeport does not do

class Reply:
    def __init__(self, status: int, headers, body: bytes, url: str):
        self.status = status
        self.headers = headers
        self.body = body
        self.url = url

    @property
    def content_type(self) -> str:
        return self.headers.get("Content-Type", "") or ""


def http(method: str, path: str, query: dict | None = None, form: list | dict | None = None) -> Reply:
    url = f"{BASE}/{path}"
    if query is not None:
        url += "?" + urllib.parse.urlencode(query)
    data = None
    headers = {}
    if form is not None:
        data = urllib.parse.urlencode(form).encode("utf-8")
        headers["Content-Type"] = "application/x-www-form-urlencoded; charset=utf-8"
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            return Reply(response.status, response.headers, response.read(), url)
    except urllib.error.HTTPError as error:
        return Reply(error.code, error.headers, error.read(), url)


def from_requests(response) -> Reply:
    return Reply(response.status_code, response.headers, response.content, response.url)


def last_reply() -> Reply:
    return from_requests(LAST["response"])


def check_envelope(reply: Reply, fmt: str, root: str | None, child: str | None) -> tuple[list[str], object]:
    """Content type, encoding, XML declaration and root/child element names; returns the parsed
    JSON value or the ElementTree root."""
    problems = []
    ctype = reply.content_type.lower()
    if fmt == "json":
        if not ctype.startswith("application/json"):
            problems.append(f"Content-Type must be application/json, got {reply.content_type!r}")
    else:
        if ctype.startswith("application/xml"):
            note("XML is served as application/xml; the spec says text/xml")
        elif not ctype.startswith("text/xml"):
            problems.append(f"Content-Type must be text/xml, got {reply.content_type!r}")
    if "charset" in ctype and "utf-8" not in ctype:
        problems.append(f"charset must be utf-8, got {reply.content_type!r}")
    elif "charset" not in ctype:
        note(f"Content-Type {reply.content_type!r} has no charset (the spec asks for '; charset=utf-8')")
    try:
        reply.body.decode("utf-8")
    except UnicodeDecodeError:
        problems.append("body is not UTF-8")
        return problems, None
    if fmt == "json":
        try:
            return problems, json.loads(reply.body)
        except ValueError as error:
            problems.append(f"body is not JSON: {error}")
            return problems, None
    head = reply.body.lstrip(b"\xef\xbb\xbf")
    if not re.match(rb"<\?xml\s+version=[\"']1\.0[\"']\s+encoding=[\"']utf-8[\"']", head, re.I):
        problems.append("XML must start with <?xml version=\"1.0\" encoding=\"utf-8\"?>")
    try:
        element = ET.fromstring(reply.body)
    except ET.ParseError as error:
        problems.append(f"body is not XML: {error}")
        return problems, None
    if element.tag.startswith("{"):
        problems.append(f"XML must have no namespace, root is {element.tag}")
    if root and element.tag != root:
        problems.append(f"XML root must be <{root}>, got <{element.tag}>")
    if child:
        wrong = sorted({c.tag for c in element if c.tag != child})
        if wrong:
            problems.append(f"<{root}> may only hold <{child}> elements, found {wrong}")
    return problems, element


def check_error(reply: Reply, fmt: str, status: int | tuple, what: str) -> list[str]:
    """An error response: the HTTP status and the spec's errors array."""
    wanted = status if isinstance(status, tuple) else (status,)
    problems = []
    if reply.status not in wanted:
        problems.append(f"{what}: HTTP status must be {' or '.join(map(str, wanted))}, got {reply.status}")
    envelope, parsed = check_envelope(reply, fmt, "errors", "error")
    problems.extend(f"{what}: {p}" for p in envelope)
    if parsed is None:
        return problems
    if fmt == "json":
        if not isinstance(parsed, list) or not parsed:
            problems.append(f"{what}: JSON error body must be a non-empty array of "
                            f"{{code, description}}, got {json.dumps(parsed)[:120]}")
            return problems
        for i, err in enumerate(parsed):
            if not isinstance(err, dict):
                problems.append(f"{what}: error [{i}] must be an object")
                continue
            code = err.get("code")
            if code is None or isinstance(code, bool) or not isinstance(code, (int, str)) or code == "":
                problems.append(f"{what}: error [{i}].code missing or not a number/string: {code!r}")
            desc = err.get("description")
            if not isinstance(desc, str) or not desc.strip():
                problems.append(f"{what}: error [{i}].description missing or empty "
                                f"(note: 'description', not 'message')")
    else:
        errors = list(parsed)
        if not errors:
            problems.append(f"{what}: <errors> holds no <error>")
        for i, err in enumerate(errors):
            code = err.findtext("code")
            desc = err.findtext("description")
            if not code or not code.strip():
                problems.append(f"{what}: <error>[{i}] has no <code>")
            if not desc or not desc.strip():
                problems.append(f"{what}: <error>[{i}] has no <description>")
    return problems


# --------------------------------------------------------------------------------------------
# georeport wrappers

def gr_call(fn, *args, fmt: str | None = None, envelope: tuple | None = None, **kwargs):
    """Calls a georeport method; returns (value, reply). An HTTP error, or a response georeport
    cannot read (wrong root, object instead of array…), surfaces as Abort saying why."""
    LAST.pop("response", None)
    try:
        value = fn(*args, **kwargs)
    except HTTPError as error:
        reply = from_requests(error.response)
        raise Abort(f"HTTP {reply.status} from {reply.url}: {reply.body[:300]!r}")
    except (KeyError, TypeError, IndexError) as error:
        reply = last_reply()
        why = [f"georeport could not read {reply.url} ({error!r})"]
        if fmt == "json" and isinstance(error, KeyError) and error.args == (0,):
            why.append("it must be a JSON array, not an object")
        if fmt and envelope:
            why += check_envelope(reply, fmt, *envelope)[0]
        raise Abort("; ".join(why))
    return value, last_reply()


def gr_requests(gr: GeoReport, fmt: str, problems: Problems, **filters) -> list[dict]:
    """georeport's get_service_requests, plus the envelope checks; [] for an empty list (georeport
    0.3.1 cannot parse an empty XML list: xmltodict yields None for <service_requests/>)."""
    LAST.pop("response", None)
    try:
        value = gr.get_service_requests(**filters)
    except HTTPError as error:
        reply = from_requests(error.response)
        problems.add(f"requests.{fmt} {filters}: HTTP {reply.status}: {reply.body[:300]!r}")
        raise Abort()
    except (TypeError, KeyError) as error:
        # xmltodict parsed <service_requests/> to None: legal and empty, if the envelope is right.
        reply = last_reply()
        envelope, element = check_envelope(reply, fmt, "service_requests", "request")
        problems.extend_at(f"requests.{fmt} {filters}", envelope)
        if envelope or element is None or len(element):
            problems.add(f"requests.{fmt} {filters}: georeport could not read the list ({error!r}): "
                         f"{reply.body[:200]!r}")
            raise Abort()
        note("georeport 0.3.1 cannot parse an empty XML request list (TypeError); read it directly")
        return []
    reply = last_reply()
    if reply.status != 200:
        problems.add(f"requests.{fmt}: HTTP status must be 200, got {reply.status}")
    envelope, _ = check_envelope(reply, fmt, "service_requests", "request")
    problems.extend_at(f"requests.{fmt} {filters}", envelope)
    if fmt == "json":
        if not isinstance(value, list):
            problems.add(f"requests.json must be a JSON array, got {type(value).__name__}")
            raise Abort()
        return value
    return as_list(value)


def validate_request(item, fmt: str, where: str) -> list[str]:
    problems = check_fields(item, REQUEST_FIELDS, fmt, "request")
    if isinstance(item, dict):
        req, upd = item.get("requested_datetime"), item.get("updated_datetime")
        if isinstance(req, str) and isinstance(upd, str) and W3C.match(req) and W3C.match(upd):
            if parse_w3c(upd) < parse_w3c(req):
                problems.append(f"updated_datetime {upd} is before requested_datetime {req}")
    return [f"{where}: {p}" for p in problems]


def rid(item) -> str | None:
    return text(item.get("service_request_id")) if isinstance(item, dict) else None


# --------------------------------------------------------------------------------------------
# Shared state filled by earlier checks

STATE: dict = {"services": {}, "definitions": {}, "requests": {}, "single": {}}


# --------------------------------------------------------------------------------------------
# Checks

@check("discovery.json and discovery.xml (urllib: georeport has no discovery call)")
def _discovery(p: Problems):
    for fmt in FORMATS:
        reply = http("GET", f"discovery.{fmt}")
        if reply.status != 200:
            p.add(f"discovery.{fmt}: HTTP {reply.status}: {reply.body[:200]!r}")
            continue
        envelope, parsed = check_envelope(reply, fmt, "discovery", None)
        p.extend_at(f"discovery.{fmt}", envelope)
        if parsed is None:
            continue
        if fmt == "json":
            doc = parsed
            if not isinstance(doc, dict):
                p.add("discovery.json must be a JSON object")
                continue
            endpoints = doc.get("endpoints") if isinstance(doc.get("endpoints"), list) else []
        else:
            # the root's children as a dict: text for leaves, {} for the <endpoints> container
            doc = {c.tag: ({} if c.tag == "endpoints" else c.text) for c in parsed}
            endpoints = []
            container = parsed.find("endpoints")
            if container is not None:
                wrong = sorted({c.tag for c in container if c.tag != "endpoint"})
                if wrong:
                    p.add(f"discovery.xml: <endpoints> may only hold <endpoint>, found {wrong}")
                for e in container.findall("endpoint"):
                    ep = {c.tag: ({} if c.tag == "formats" else c.text) for c in e}
                    formats = e.find("formats")
                    if formats is not None:
                        wrong = sorted({c.tag for c in formats if c.tag != "format"})
                        if wrong:
                            p.add(f"discovery.xml: <formats> may only hold <format>, found {wrong}")
                        ep["formats"] = [f.text for f in formats.findall("format")]
                    endpoints.append(ep)
        p.extend_at(f"discovery.{fmt}", check_fields(doc, DISCOVERY_FIELDS, fmt, "discovery"))
        ours = []
        for i, ep in enumerate(endpoints):
            if fmt == "json":
                ep_problems = check_fields(ep, ENDPOINT_FIELDS, "json", "endpoint")
                if isinstance(ep, dict) and isinstance(ep.get("formats"), list) \
                        and not all(isinstance(f, str) for f in ep["formats"]):
                    ep_problems.append("formats must be an array of MIME type strings")
            else:
                leaves = {k: v for k, v in ENDPOINT_FIELDS.items() if k != "formats"}
                ep_problems = check_fields({k: v for k, v in ep.items() if k != "formats"}, leaves, "xml", "endpoint")
                if not ep.get("formats"):
                    ep_problems.append("<formats> missing or without <format>")
            p.extend_at(f"discovery.{fmt} endpoints[{i}]", ep_problems)
            if isinstance(ep, dict) and ep.get("specification") == SPEC_URI:
                ours.append(ep)
        if not ours:
            p.add(f"discovery.{fmt}: no endpoint with specification {SPEC_URI}")
            continue
        ep = ours[0]
        url = (ep.get("url") or "").rstrip("/")
        if url != BASE:
            if url.endswith(urllib.parse.urlparse(BASE).path):
                note(f"discovery's endpoint url is {url} (tested at {BASE}): a public address, presumably")
            else:
                p.add(f"discovery.{fmt}: endpoint url {url!r} does not lead to {BASE}")
        formats = ep.get("formats") or []
        for mime in ("text/xml", "application/json"):
            if mime not in formats:
                p.add(f"discovery.{fmt}: formats must list {mime} (both are served), got {formats}")


@check("services (georeport get_service_list), JSON and XML")
def _services(p: Problems):
    by_fmt = {}
    for fmt in FORMATS:
        try:
            value, reply = gr_call(client(fmt).get_service_list, fmt=fmt, envelope=("services", "service"))
        except Abort as error:
            p.add(f"services.{fmt}: {error}")
            continue
        if reply.status != 200:
            p.add(f"services.{fmt}: HTTP status must be 200, got {reply.status}")
        envelope, _ = check_envelope(reply, fmt, "services", "service")
        p.extend_at(f"services.{fmt}", envelope)
        if fmt == "json" and not isinstance(value, list):
            p.add(f"services.json must be a top-level JSON array, got {type(value).__name__}")
            continue
        services = as_list(value)
        if not services:
            p.add(f"services.{fmt}: no service listed")
        codes = []
        for i, svc in enumerate(services):
            p.extend_at(f"services.{fmt}[{i}]", check_fields(svc, SERVICE_FIELDS, fmt, "service"))
            if isinstance(svc, dict):
                codes.append(text(svc.get("service_code")))
        if len(codes) != len(set(codes)):
            p.add(f"services.{fmt}: service_code values are not unique: {codes}")
        unknown = sorted(set(c for c in codes if c) - OKNO_SERVICE_CODES)
        if unknown:
            p.add(f"services.{fmt}: service codes must be Okno's feedback kinds "
                  f"{sorted(OKNO_SERVICE_CODES)}, found {unknown}")
        by_fmt[fmt] = {text(s.get("service_code")): s for s in services if isinstance(s, dict)}
    if len(by_fmt) == 2:
        j, x = by_fmt["json"], by_fmt["xml"]
        if set(j) != set(x):
            p.add(f"services: JSON lists {sorted(j)}, XML lists {sorted(x)}")
        for code in set(j) & set(x):
            for field in SERVICE_FIELDS:
                if not same_value(j[code].get(field), x[code].get(field)):
                    p.add(f"services: {code}.{field} differs: JSON {j[code].get(field)!r}, XML {x[code].get(field)!r}")
    STATE["services"] = by_fmt.get("json") or by_fmt.get("xml") or {}


def _definition_from_xml(value) -> tuple[dict, list[str]]:
    """xmltodict's <service_definition> as the JSON shape, with structural problems."""
    problems = []
    if not isinstance(value, dict):
        return {}, [f"<service_definition> must have children, got {value!r}"]
    if "attribute" in value:
        problems.append("<attribute> must sit inside an <attributes> container, not under the root")
    if "attributes" not in value:
        problems.append("<attributes> missing (emit <attributes/> when there are none)")
    container = value.get("attributes")
    if container is not None and (not isinstance(container, dict) or set(container) - {"attribute"}):
        problems.append(f"<attributes> may only hold <attribute> elements, got {container!r}"[:200])
        container = None
    attributes = []
    for attr in as_list((container or {}).get("attribute")):
        attr = dict(attr) if isinstance(attr, dict) else attr
        if isinstance(attr, dict) and "values" in attr:
            values = attr["values"]
            if values is not None and (not isinstance(values, dict) or set(values) - {"value"}):
                problems.append(f"<values> may only hold <value> elements, got {values!r}"[:200])
                values = None
            attr["values"] = as_list((values or {}).get("value"))
        attributes.append(attr)
    return {"service_code": value.get("service_code"), "attributes": attributes}, problems


def _validate_definition(defn: dict, fmt: str, code: str) -> list[str]:
    problems = []
    if text(defn.get("service_code")) != code:
        problems.append(f"service_code must echo {code!r}, got {defn.get('service_code')!r}")
    attributes = defn.get("attributes")
    if not isinstance(attributes, list):
        return problems + [f"attributes must be an array, got {attributes!r}"]
    orders = []
    codes = []
    for i, attr in enumerate(attributes):
        if not isinstance(attr, dict):
            problems.append(f"attributes[{i}] must be an object/element with children, got {attr!r}")
            continue
        if fmt == "json":
            attr_problems = check_fields(attr, ATTRIBUTE_FIELDS, "json", "attribute")
        else:  # <values> was already turned into a list by _definition_from_xml
            leaves = {k: v for k, v in ATTRIBUTE_FIELDS.items() if k != "values"}
            attr_problems = check_fields({k: v for k, v in attr.items() if k != "values"}, leaves, "xml", "attribute")
        problems.extend(f"attributes[{i}].{q}" for q in attr_problems)
        codes.append(text(attr.get("code")))
        orders.append(text(attr.get("order")))
        datatype = attr.get("datatype")
        values = attr.get("values")
        if datatype in ("singlevaluelist", "multivaluelist"):
            if not isinstance(values, list) or not values:
                problems.append(f"attributes[{i}] ({datatype}) must list its <values>")
            else:
                for k, value in enumerate(values):
                    problems.extend(f"attributes[{i}].values[{k}].{q}"
                                    for q in check_fields(value, VALUE_FIELDS, fmt, "value"))
                keys = [text(v.get("key")) for v in values if isinstance(v, dict)]
                if len(keys) != len(set(keys)):
                    problems.append(f"attributes[{i}].values: keys are not unique: {keys}")
        elif values:
            note(f"{code}: attribute {attr.get('code')} of datatype {datatype} lists values")
    if len(codes) != len(set(codes)):
        problems.append(f"attribute codes are not unique: {codes}")
    if len(orders) != len(set(orders)):
        problems.append(f"attribute order values must be unique within the service: {orders}")
    return problems


@check("service definitions (georeport get_service_definition), JSON and XML")
def _definitions(p: Problems):
    if not STATE["services"]:
        p.add("no services to define (the service list failed)")
        return
    for code, svc in STATE["services"].items():
        metadata = svc.get("metadata") in (True, "true")
        for fmt in FORMATS:
            gr = client(fmt)
            LAST.pop("response", None)
            try:
                value = gr.get_service_definition(code)
            except HTTPError as error:
                reply = from_requests(error.response)
                if metadata:
                    p.add(f"services/{code}.{fmt}: metadata is true, so the definition must be served; "
                          f"got HTTP {reply.status}")
                else:
                    p.extend(check_error(reply, fmt, 404, f"services/{code}.{fmt} (metadata false)"))
                    note(f"services/{code}: metadata false and the definition answers {reply.status}")
                continue
            reply = last_reply()
            envelope, _ = check_envelope(reply, fmt, "service_definition", None)
            p.extend_at(f"services/{code}.{fmt}", envelope)
            if fmt == "json":
                if not isinstance(value, dict):
                    p.add(f"services/{code}.json must be a JSON object (not an array), got {type(value).__name__}")
                    continue
                defn = value
            else:
                defn, structure = _definition_from_xml(value)
                p.extend_at(f"services/{code}.xml", structure)
            p.extend_at(f"services/{code}.{fmt}", _validate_definition(defn, fmt, code))
            if metadata and not defn.get("attributes"):
                note(f"services/{code}: metadata is true but the definition has no attributes")
            if not metadata and defn.get("attributes"):
                p.add(f"services/{code}.{fmt}: metadata is false but the definition has attributes")
            STATE["definitions"].setdefault(code, {})[fmt] = defn
    # the same definition in both formats
    for code, both in STATE["definitions"].items():
        if len(both) == 2:
            j = [(text(a.get("code")), text(a.get("datatype")), text(a.get("required")),
                  [text(v.get("key")) for v in a.get("values") or []]) for a in both["json"]["attributes"]
                 if isinstance(a, dict)]
            x = [(text(a.get("code")), text(a.get("datatype")), text(a.get("required")),
                  [text(v.get("key")) for v in a.get("values") or []]) for a in both["xml"]["attributes"]
                 if isinstance(a, dict)]
            if j != x:
                p.add(f"services/{code}: JSON and XML definitions differ: {j} vs {x}")
    # an unknown service code
    for fmt in FORMATS:
        try:
            client(fmt).get_service_definition("no-such-service-code")
            p.add(f"services/no-such-service-code.{fmt}: must be 404, got {last_reply().status}")
        except HTTPError as error:
            p.extend(check_error(from_requests(error.response), fmt, 404, f"services/no-such-service-code.{fmt}"))


@check("request list (georeport get_service_requests, no filter): fields, 90 days, 1000")
def _list_default(p: Problems):
    now = dt.datetime.now(dt.timezone.utc)
    for fmt in FORMATS:
        items = gr_requests(client(fmt), fmt, p)
        if len(items) > MAX_RESULTS:
            p.add(f"requests.{fmt}: at most {MAX_RESULTS} requests by default, got {len(items)}")
        ids = []
        for i, item in enumerate(items):
            p.extend(validate_request(item, fmt, f"requests.{fmt}[{i}]"))
            ids.append(rid(item))
            req = item.get("requested_datetime") if isinstance(item, dict) else None
            if isinstance(req, str) and W3C.match(req):
                if parse_w3c(req) < now - WINDOW - SKEW:
                    p.add(f"requests.{fmt}[{i}] ({rid(item)}): requested {req}, older than the default "
                          f"90-day window")
                if parse_w3c(req) > now + SKEW:
                    p.add(f"requests.{fmt}[{i}] ({rid(item)}): requested in the future: {req}")
        if len(ids) != len(set(ids)):
            p.add(f"requests.{fmt}: service_request_id values repeat")
        STATE["requests"][fmt] = {i: item for i, item in zip(ids, items)}
        if fmt == "json":
            codes = set(STATE["services"])
            for i, item in enumerate(items):
                if codes and isinstance(item, dict) and item.get("service_code") not in codes:
                    note(f"requests.json[{i}]: service_code {item.get('service_code')!r} is not a listed "
                         "service (a kind switched off since?)")
    if len(STATE["requests"]) == 2 and set(STATE["requests"]["json"]) != set(STATE["requests"]["xml"]):
        p.add("requests: the JSON and XML lists hold different requests")


@check("request list filters: status, service_code, dates, service_request_id (georeport)")
def _list_filters(p: Problems):
    for fmt in FORMATS:
        gr = client(fmt)
        everything = STATE["requests"].get(fmt)
        if everything is None:
            everything = {rid(i): i for i in gr_requests(gr, fmt, p)}
        where = f"requests.{fmt}"
        by_status = {}
        for status in ("open", "closed"):
            items = gr_requests(gr, fmt, p, status=status)
            by_status[status] = {rid(i) for i in items}
            for item in items:
                if item.get("status") != status:
                    p.add(f"{where}?status={status}: {rid(item)} has status {item.get('status')!r}")
        both = {rid(i) for i in gr_requests(gr, fmt, p, status="open,closed")}
        if len(everything) < MAX_RESULTS:
            if both != set(everything):
                p.add(f"{where}?status=open,closed must equal the unfiltered list "
                      f"({len(both)} vs {len(everything)} requests)")
            if by_status["open"] | by_status["closed"] != set(everything) or by_status["open"] & by_status["closed"]:
                p.add(f"{where}: status=open and status=closed must partition the unfiltered list")
        codes = sorted(STATE["services"])
        for code in codes:
            items = gr_requests(gr, fmt, p, service_code=code)
            wrong = [rid(i) for i in items if text(i.get("service_code")) != code]
            if wrong:
                p.add(f"{where}?service_code={code}: returned other services' requests {wrong[:5]}")
            expected = {r for r, i in everything.items() if text(i.get("service_code")) == code}
            if len(everything) < MAX_RESULTS and {rid(i) for i in items} != expected:
                p.add(f"{where}?service_code={code}: {len(items)} requests, the unfiltered list has {len(expected)}")
        if len(codes) >= 2:
            pair = codes[:2]
            items = gr_requests(gr, fmt, p, service_code=",".join(pair))
            wrong = [rid(i) for i in items if text(i.get("service_code")) not in pair]
            if wrong:
                p.add(f"{where}?service_code={','.join(pair)} (comma list): returned {wrong[:5]}")
        # the test request: by id, and "service_request_id overrides all other arguments"
        items = gr_requests(gr, fmt, p, service_request_id=REQUEST_ID)
        if [rid(i) for i in items] != [REQUEST_ID]:
            p.add(f"{where}?service_request_id={REQUEST_ID}: must return exactly that request, got "
                  f"{[rid(i) for i in items]}")
            continue
        target = items[0]
        p.extend(validate_request(target, fmt, f"{where}?service_request_id={REQUEST_ID}"))
        other_status = "closed" if target.get("status") == "open" else "open"
        other_code = next((c for c in codes if c != text(target.get("service_code"))), "no-such-code")
        items = gr_requests(gr, fmt, p, service_request_id=REQUEST_ID, service_code=other_code,
                            start_date="2000-01-01T00:00:00Z", end_date="2000-01-02T00:00:00Z",
                            status=other_status)
        if [rid(i) for i in items] != [REQUEST_ID]:
            p.add(f"{where}: service_request_id must override every other argument (status, "
                  f"service_code, dates); with contrary filters got {[rid(i) for i in items]}")
        others = [r for r in everything if r != REQUEST_ID][:2]
        if others:
            wanted = [REQUEST_ID] + others
            items = gr_requests(gr, fmt, p, service_request_id=",".join(wanted))
            if sorted(rid(i) for i in items) != sorted(wanted):
                p.add(f"{where}?service_request_id={','.join(wanted)} (comma list): got {[rid(i) for i in items]}")
        # date window around the test request (filters on requested_datetime)
        req = target.get("requested_datetime")
        if isinstance(req, str) and W3C.match(req):
            moment = parse_w3c(req)
            start, end = moment - dt.timedelta(minutes=1), moment + dt.timedelta(minutes=1)
            items = gr_requests(gr, fmt, p, start_date=w3c(start), end_date=w3c(end))
            if REQUEST_ID not in {rid(i) for i in items}:
                p.add(f"{where}?start_date={w3c(start)}&end_date={w3c(end)}: must include "
                      f"{REQUEST_ID} (requested {req})")
            for item in items:
                r = item.get("requested_datetime")
                if isinstance(r, str) and W3C.match(r) and not (start <= parse_w3c(r) <= end):
                    p.add(f"{where}: date window {w3c(start)}..{w3c(end)} returned {rid(item)} requested {r}")
            # only start_date: nothing requested before it
            items = gr_requests(gr, fmt, p, start_date=w3c(moment))
            for item in items:
                r = item.get("requested_datetime")
                if isinstance(r, str) and W3C.match(r) and parse_w3c(r) < moment:
                    p.add(f"{where}?start_date={w3c(moment)}: returned {rid(item)} requested earlier ({r})")
        # a window long ago: an empty list, well formed
        items = gr_requests(gr, fmt, p, start_date="2000-01-01T00:00:00Z", end_date="2000-01-31T00:00:00Z")
        if items:
            p.add(f"{where}: January 2000 must be empty, got {[rid(i) for i in items][:5]}")


@check("request list: empty parameters are ignored, bad dates are refused (urllib)")
def _list_params(p: Problems):
    for fmt in FORMATS:
        everything = STATE["requests"].get(fmt)
        reply = http("GET", f"requests.{fmt}", {
            "jurisdiction_id": JURISDICTION, "service_request_id": "", "service_code": "",
            "start_date": "", "end_date": "", "status": ""})
        if reply.status != 200:
            p.add(f"requests.{fmt} with empty optional parameters: must be treated as absent (HTTP 200), "
                  f"got {reply.status}: {reply.body[:200]!r}")
        elif everything is not None:
            _, parsed = check_envelope(reply, fmt, "service_requests", "request")
            if fmt == "json" and isinstance(parsed, list):
                got = {text(i.get("service_request_id")) for i in parsed if isinstance(i, dict)}
            elif fmt == "xml" and parsed is not None:
                got = {r.findtext("service_request_id") for r in parsed}
            else:
                got = None
            if got is not None and got != set(everything):
                p.add(f"requests.{fmt} with empty optional parameters must equal the unfiltered list")
        reply = http("GET", f"requests.{fmt}", {"jurisdiction_id": JURISDICTION, "start_date": "yesterday"})
        p.extend(check_error(reply, fmt, 400, f"requests.{fmt}?start_date=yesterday"))


@check("one request (georeport get_service_request), JSON and XML")
def _single(p: Problems):
    found = {}
    for fmt in FORMATS:
        try:
            item, reply = gr_call(client(fmt).get_service_request, REQUEST_ID, fmt=fmt,
                                  envelope=("service_requests", "request"))
        except Abort as error:
            p.add(f"requests/{REQUEST_ID}.{fmt}: {error}")
            continue
        if reply.status != 200:
            p.add(f"requests/{REQUEST_ID}.{fmt}: HTTP status must be 200, got {reply.status}")
        envelope, parsed = check_envelope(reply, fmt, "service_requests", "request")
        p.extend_at(f"requests/{REQUEST_ID}.{fmt}", envelope)
        count = len(parsed) if parsed is not None else None
        if count != 1:
            p.add(f"requests/{REQUEST_ID}.{fmt}: must hold exactly one request, holds {count}")
        if fmt == "xml" and isinstance(item, list):
            p.add(f"requests/{REQUEST_ID}.xml holds {len(item)} <request> elements")
            item = item[0]
        p.extend(validate_request(item, fmt, f"requests/{REQUEST_ID}.{fmt}"))
        if rid(item) != REQUEST_ID:
            p.add(f"requests/{REQUEST_ID}.{fmt}: service_request_id is {rid(item)!r}")
        listed = STATE["requests"].get(fmt, {}).get(REQUEST_ID)
        if listed is not None and listed != item:
            p.add(f"requests/{REQUEST_ID}.{fmt} differs from its entry in requests.{fmt}")
        found[fmt] = item
    if len(found) == 2:
        for field in REQUEST_FIELDS:
            j, x = found["json"].get(field), found["xml"].get(field)
            if not same_value(j, x):
                p.add(f"requests/{REQUEST_ID}: {field} differs: JSON {j!r}, XML {x!r}")
    STATE["single"] = found
    for fmt in FORMATS:
        try:
            client(fmt).get_service_request("no-such-request-0")
            p.add(f"requests/no-such-request-0.{fmt}: must be 404, got {last_reply().status}")
        except HTTPError as error:
            p.extend(check_error(from_requests(error.response), fmt, 404, f"requests/no-such-request-0.{fmt}"))
        except (KeyError, IndexError, TypeError):
            p.add(f"requests/no-such-request-0.{fmt}: must be 404, got {last_reply().status} "
                  f"{last_reply().body[:100]!r}")


@check("jurisdiction_id: unknown is 404, missing is 400 (georeport)")
def _jurisdiction(p: Problems):
    for fmt in FORMATS:
        for call, label in ((lambda g: g.get_service_list(), "services"),
                            (lambda g: g.get_service_requests(), "requests"),
                            (lambda g: g.get_service_request(REQUEST_ID), f"requests/{REQUEST_ID}")):
            try:
                call(client(fmt, "no-such-office-0"))
                p.add(f"{label}.{fmt}?jurisdiction_id=no-such-office-0: must be 404, got {last_reply().status}")
            except HTTPError as error:
                p.extend(check_error(from_requests(error.response), fmt, 404,
                                     f"{label}.{fmt}?jurisdiction_id=no-such-office-0"))
            except (KeyError, IndexError, TypeError):
                p.add(f"{label}.{fmt}?jurisdiction_id=no-such-office-0: must be 404, got {last_reply().status}")
        try:
            client(fmt, None).get_service_list()
            note("services without jurisdiction_id answers 200 (a single-office server may do so)")
        except HTTPError as error:
            p.extend(check_error(from_requests(error.response), fmt, 400, f"services.{fmt} without jurisdiction_id"))


@check("token (urllib: georeport has no token call)")
def _token(p: Problems):
    if not TOKEN:
        note("OKNO_OPEN311_TOKEN not set: the token call was not tested")
        return
    for fmt in FORMATS:
        reply = http("GET", f"tokens/{urllib.parse.quote(TOKEN, safe='')}.{fmt}", {"jurisdiction_id": JURISDICTION})
        if reply.status != 200:
            p.add(f"tokens/{TOKEN}.{fmt}: HTTP {reply.status}: {reply.body[:200]!r}")
            continue
        envelope, parsed = check_envelope(reply, fmt, "service_requests", "request")
        p.extend_at(f"tokens/{TOKEN}.{fmt}", envelope)
        if parsed is None:
            continue
        if fmt == "json":
            if not isinstance(parsed, list) or len(parsed) != 1:
                p.add(f"tokens/{TOKEN}.json must be a JSON array of one object, got {json.dumps(parsed)[:120]}")
                continue
            item = parsed[0]
        else:
            if len(parsed) != 1:
                p.add(f"tokens/{TOKEN}.xml must hold exactly one <request>")
                continue
            item = {c.tag: (c.text or None) for c in parsed[0]}
        p.extend_at(f"tokens/{TOKEN}.{fmt}", check_fields(item, TOKEN_FIELDS, fmt, "token"))
        if text(item.get("token")) != TOKEN:
            p.add(f"tokens/{TOKEN}.{fmt}: token must echo {TOKEN!r}, got {item.get('token')!r}")
        resolved = text(item.get("service_request_id"))
        if resolved:
            try:
                request, _ = gr_call(client(fmt).get_service_request, resolved, fmt=fmt,
                                     envelope=("service_requests", "request"))
                if rid(request) != resolved:
                    p.add(f"tokens/{TOKEN}.{fmt}: resolves to {resolved}, but GET returns {rid(request)}")
            except Abort as error:
                p.add(f"tokens/{TOKEN}.{fmt}: resolves to {resolved}, which GET cannot find: {error}")
        reply = http("GET", f"tokens/no-such-token-0.{fmt}", {"jurisdiction_id": JURISDICTION})
        p.extend(check_error(reply, fmt, 404, f"tokens/no-such-token-0.{fmt}"))


def _attribute_form(code: str) -> list[tuple[str, str]]:
    """attribute[CODE]=value for each required attribute; multivaluelist as attribute[CODE][]=…"""
    defn = STATE["definitions"].get(code, {}).get("json") or STATE["definitions"].get(code, {}).get("xml")
    pairs = []
    for attr in (defn or {}).get("attributes") or []:
        if not isinstance(attr, dict) or attr.get("variable") in (False, "false"):
            continue
        if attr.get("required") not in (True, "true"):
            continue
        name = f"attribute[{text(attr.get('code'))}]"
        datatype = attr.get("datatype")
        keys = [text(v.get("key")) for v in attr.get("values") or [] if isinstance(v, dict)]
        if datatype == "multivaluelist":
            pairs += [(name + "[]", k) for k in keys[:2]]
        elif datatype == "singlevaluelist":
            pairs.append((name, keys[0] if keys else ""))
        elif datatype == "number":
            pairs.append((name, "1"))
        elif datatype == "datetime":
            pairs.append((name, w3c(dt.datetime.now(dt.timezone.utc))))
        else:
            pairs.append((name, "Open311 client test"))
    return pairs


@check("POST requests (urllib: georeport cannot create requests)")
def _post(p: Problems):
    if SKIP_POST:
        note("OKNO_OPEN311_SKIP_POST=1: POST was not tested")
        return
    services = STATE["services"]
    if not services:
        p.add("no services to post to (the service list failed)")
        return
    # JSON posts to a plain kind; XML to one whose definition has a multivaluelist, if any
    # (posted as attribute[code][]=…), else the same kind.
    plain = next((c for c in ("suggestion", "idea", "complaint") if c in services), sorted(services)[0])
    multi = next((c for c, d in sorted(STATE["definitions"].items())
                  if any(isinstance(a, dict) and a.get("datatype") == "multivaluelist"
                         and a.get("required") in (True, "true") for a in (d.get("json") or d.get("xml") or {}).get("attributes") or [])),
                 plain)
    contact = [("email", "open311-test@example.org"), ("first_name", "Open311"), ("last_name", "Test")]
    for fmt in FORMATS:
        code = plain if fmt == "json" else multi
        base = [("jurisdiction_id", JURISDICTION), ("service_code", code)]
        what = f"POST requests.{fmt} ({code})"
        reply = http("POST", f"requests.{fmt}", form=base + [("description", "no key")])
        p.extend(check_error(reply, fmt, 403, f"{what} without api_key"))
        reply = http("POST", f"requests.{fmt}", form=base + [("api_key", "wrong-" + API_KEY), ("description", "bad key")])
        p.extend(check_error(reply, fmt, 403, f"{what} with a wrong api_key"))
        reply = http("POST", f"requests.{fmt}", form=[("api_key", API_KEY), ("jurisdiction_id", JURISDICTION),
                                                      ("service_code", "no-such-service-code"), ("description", "x")])
        p.extend(check_error(reply, fmt, 404, f"{what} with an unknown service_code"))
        reply = http("POST", f"requests.{fmt}", form=[("api_key", API_KEY), ("jurisdiction_id", JURISDICTION),
                                                      ("description", "no service code")])
        p.extend(check_error(reply, fmt, 400, f"{what} without service_code"))
        reply = http("POST", f"requests.{fmt}", form=base + [("api_key", API_KEY), ("description", "x" * 4001)] + contact)
        p.extend(check_error(reply, fmt, 400, f"{what} with a 4,001-character description"))

        started = dt.datetime.now(dt.timezone.utc)
        description = f"Open311 client test ({fmt}) {w3c(started)}\nsecond line, accents: áéíóöőúüű"
        form = base + [("api_key", API_KEY), ("description", description)] + contact + _attribute_form(code)
        reply = http("POST", f"requests.{fmt}", form=form)
        if reply.status not in (200, 201):
            p.add(f"{what}: HTTP status must be 200 (or 201), got {reply.status}: {reply.body[:300]!r}")
            continue
        if reply.status == 201:
            note("POST answers 201; most Open311 clients expect 200")
        envelope, parsed = check_envelope(reply, fmt, "service_requests", "request")
        p.extend_at(what, envelope)
        if parsed is None:
            continue
        if fmt == "json":
            if not isinstance(parsed, list) or len(parsed) != 1 or not isinstance(parsed[0], dict):
                p.add(f"{what}: must answer a JSON array of exactly one object, got {json.dumps(parsed)[:150]}")
                continue
            created = parsed[0]
        else:
            if len(parsed) != 1:
                p.add(f"{what}: must answer exactly one <request>, got {len(parsed)}")
                continue
            created = {c.tag: (c.text or None) for c in parsed[0]}
        p.extend_at(what, check_fields(created, POST_RESPONSE_FIELDS, fmt, "POST response"))
        kind = services[code].get("type")
        new_id, token = text(created.get("service_request_id")), text(created.get("token"))
        if kind == "realtime" and (not new_id or token):
            p.add(f"{what}: a realtime service returns service_request_id and no token, got {created}")
        if kind == "batch" and (not token or new_id):
            p.add(f"{what}: a batch service returns a token and no service_request_id, got {created}")
        if not new_id:
            continue
        try:
            item, _ = gr_call(client(fmt).get_service_request, new_id, fmt=fmt,
                              envelope=("service_requests", "request"))
        except Abort as error:
            p.add(f"{what}: created {new_id}, but GET requests/{new_id}.{fmt} fails: {error}")
            continue
        p.extend(validate_request(item, fmt, f"requests/{new_id}.{fmt} (just created)"))
        if item.get("status") != "open":
            p.add(f"requests/{new_id}.{fmt}: a new request is open, got {item.get('status')!r}")
        if text(item.get("service_code")) != code:
            p.add(f"requests/{new_id}.{fmt}: service_code must be {code!r}, got {item.get('service_code')!r}")
        got = item.get("description")
        if got is None:
            note("GET hides a request's description (allowed; say so in docs/open311.md)")
        elif got.replace("\r\n", "\n") != description:
            p.add(f"requests/{new_id}.{fmt}: description must round-trip, got {got!r}")
        req = item.get("requested_datetime")
        if isinstance(req, str) and W3C.match(req) and not (started - SKEW <= parse_w3c(req) <= started + SKEW):
            p.add(f"requests/{new_id}.{fmt}: requested_datetime {req} is not the time of the POST ({w3c(started)})")
        notice = created.get("service_notice")
        if notice is not None and item.get("service_notice") not in (None, notice):
            note("the POST's service_notice differs from the request's service_notice")
        listed = gr_requests(client(fmt), fmt, p)
        if new_id not in {rid(i) for i in listed}:
            p.add(f"requests.{fmt}: the request just created ({new_id}) is not in the default list")


# --------------------------------------------------------------------------------------------

def main() -> int:
    print(f"Open311 GeoReport v2 client test: georeport {georeport.__version__}, {BASE}, "
          f"jurisdiction {JURISDICTION}, request {REQUEST_ID}")
    passed = failed = 0
    for name, fn in CHECKS:
        problems = Problems()
        try:
            fn(problems)
        except Abort as error:
            if str(error):
                problems.add(str(error))
            elif not problems:
                problems.add("aborted")
        except _requests.RequestException as error:
            url = getattr(getattr(error, "request", None), "url", "?")
            problems.add(f"HTTP request to {url} failed: {error}")
        except Exception as error:  # a crash is a mismatch too, with where it happened
            tb = traceback.extract_tb(error.__traceback__)[-1]
            problems.add(f"crashed: {error!r} at line {tb.lineno} ({tb.line})")
        if problems:
            failed += 1
            print(f"FAIL  {name}")
            for problem in problems:
                print(f"      - {problem}")
        else:
            passed += 1
            print(f"ok    {name}")
    for message in NOTES:
        print(f"note: {message}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
