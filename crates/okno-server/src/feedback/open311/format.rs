//! Open311's two formats: the name's extension, JSON arrays and objects or the spec's XML
//! elements, and errors as the spec's arrays in either.

use std::fmt::Write as _;

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

use super::super::Refused;

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Format {
    Json,
    Xml,
}

/// `requests.json` → (`requests`, Json); an unknown extension is not found.
pub(super) fn split(name: &str) -> Result<(String, Format), Failure> {
    if let Some(stem) = name.strip_suffix(".json") {
        Ok((stem.to_string(), Format::Json))
    } else if let Some(stem) = name.strip_suffix(".xml") {
        Ok((stem.to_string(), Format::Xml))
    } else {
        Err(Failure(
            Format::Json,
            StatusCode::NOT_FOUND,
            "the format is .json or .xml".into(),
        ))
    }
}

/// An error in the spec's format: `[{"code": 404, "description": "…"}]`.
pub(crate) struct Failure(pub(super) Format, pub(super) StatusCode, pub(super) String);

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        let Failure(f, status, description) = self;
        let code = status.as_u16();
        match f {
            Format::Json => reply(f, status, json!([{"code": code, "description": description}]).to_string()),
            Format::Xml => reply(
                f,
                status,
                format!("{XML_HEAD}<errors><error><code>{code}</code><description>{}</description></error></errors>", esc(&description)),
            ),
        }
    }
}

pub(super) fn fail(f: Format, r: Refused) -> Failure {
    let status = if r.status == StatusCode::SERVICE_UNAVAILABLE || r.status.is_client_error() {
        r.status
    } else {
        StatusCode::BAD_REQUEST
    };
    let field = r.field.map(|x| format!(" ({x})")).unwrap_or_default();
    Failure(f, status, format!("{}{field}: {}", r.code, r.message))
}

pub(super) type OR = Result<Response, Failure>;

pub(super) const XML_HEAD: &str = "<?xml version=\"1.0\" encoding=\"utf-8\"?>";

pub(super) fn reply(f: Format, status: StatusCode, body: String) -> Response {
    let ty = match f {
        Format::Json => "application/json; charset=utf-8",
        Format::Xml => "text/xml; charset=utf-8",
    };
    (status, [(header::CONTENT_TYPE, ty)], body).into_response()
}

pub(super) fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&apos;"),
            // Characters XML 1.0 cannot carry.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => o.push(c),
        }
    }
    o
}

/// A JSON value as XML: objects as elements in order, arrays of objects as repeated `item`
/// elements, null as an empty element.
pub(super) fn xml_value(out: &mut String, name: &str, v: &Value, item: &str) {
    match v {
        Value::Null => {
            let _ = write!(out, "<{name}/>");
        }
        Value::Object(m) => {
            let _ = write!(out, "<{name}>");
            for (k, x) in m {
                xml_value(out, k, x, "item");
            }
            let _ = write!(out, "</{name}>");
        }
        Value::Array(a) => {
            let _ = write!(out, "<{name}>");
            for x in a {
                match x {
                    Value::String(s) => {
                        let _ = write!(out, "<{item}>{}</{item}>", esc(s));
                    }
                    _ => xml_value(out, item, x, "item"),
                }
            }
            let _ = write!(out, "</{name}>");
        }
        Value::String(s) => {
            let _ = write!(out, "<{name}>{}</{name}>", esc(s));
        }
        other => {
            let _ = write!(out, "<{name}>{other}</{name}>");
        }
    }
}

/// A list answer: a JSON array, or `<root><child>…</child>…</root>`.
pub(super) fn list(f: Format, root: &str, child: &str, rows: Vec<Value>) -> Response {
    match f {
        Format::Json => reply(f, StatusCode::OK, Value::Array(rows).to_string()),
        Format::Xml => {
            let mut out = format!("{XML_HEAD}<{root}>");
            for r in &rows {
                xml_value(&mut out, child, r, "item");
            }
            let _ = write!(out, "</{root}>");
            reply(f, StatusCode::OK, out)
        }
    }
}
