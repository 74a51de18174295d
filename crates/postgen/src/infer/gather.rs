//! Pass one: every operation's bodies as shapes, gathered from its examples (the JSON request
//! body, the 2xx responses, the responses of each error status) and its documented error codes.

use super::codes;
use super::shape::{self, Ty};
use crate::diag::Findings;
use crate::diag::WarningKind;
use crate::json;
use crate::model::{Body, ErrorCode, HeaderValue, Module, Operation, Response};

/// What pass one learns about an operation.
pub(super) struct OpShapes {
    pub(super) module: Vec<String>,
    pub(super) index: usize,
    pub(super) ident: String,
    pub(super) prefix: String,
    pub(super) handle: String,
    /// `Some(None)`: a JSON body whose shape is unknown.
    pub(super) body: Option<Option<Ty>>,
    pub(super) ok: OkShape,
    /// Per documented error status: its shape, `None` when its body is not (always) JSON.
    pub(super) errors: Vec<(u16, Option<Ty>)>,
    pub(super) codes: Vec<ErrorCode>,
    /// What each saved response's body is, in order.
    pub(super) examples: Vec<ExampleKind>,
}

pub(super) enum OkShape {
    Raw,
    Unit,
    Text,
    Bytes,
    Json {
        ty: Option<Ty>,
        optional: bool,
        empty: Vec<u16>,
    },
}

/// What one saved response's body is.
pub(super) enum Example {
    Empty,
    Json(Ty),
    /// Declared JSON, yet not even lenient JSON.
    Unparsed,
    Text,
    Bytes,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum ExampleKind {
    Json,
    Unparsed,
    Other,
}

impl Example {
    pub(super) fn kind(&self) -> ExampleKind {
        match self {
            Example::Json(_) => ExampleKind::Json,
            Example::Unparsed => ExampleKind::Unparsed,
            _ => ExampleKind::Other,
        }
    }
}

/// The shapes of every operation's bodies, in the order of [`Module::walk`].
pub(super) fn collect(root: &Module, findings: &mut Findings) -> Vec<OpShapes> {
    let mut out = Vec::new();
    root.walk(&mut |chain| {
        let Some(m) = chain.last() else {
            return;
        };
        let path: Vec<String> = Module::path_of(chain).map(str::to_owned).collect();
        for (index, op) in m.operations.iter().enumerate() {
            out.push(op_shapes(m, &path, index, op, findings));
        }
    });
    out
}

/// The shapes of one operation's bodies: `op` is `m.operations[index]`, `m` at `path`.
pub(super) fn op_shapes(
    m: &Module,
    path: &[String],
    index: usize,
    op: &Operation,
    findings: &mut Findings,
) -> OpShapes {
    let body = match &op.body {
        Some(Body::Json { example, span, .. }) => Some(body_shape(example, *span, findings)),
        _ => None,
    };
    let examples: Vec<Example> = op.responses.iter().map(|r| example(r, findings)).collect();
    let success: Vec<(&Response, &Example)> = op
        .responses
        .iter()
        .zip(&examples)
        .filter(|(r, _)| r.is_success())
        .collect();
    let ok = ok_shape(&success, looks_like_download(op), findings);
    let errors = op
        .error_statuses()
        .iter()
        .map(|&s| {
            let mut ty: Option<Ty> = None;
            for (_, e) in op
                .responses
                .iter()
                .zip(&examples)
                .filter(|(r, _)| r.status == s)
            {
                match e {
                    Example::Json(t) => {
                        ty = Some(match ty {
                            Some(prev) => shape::merge(prev, t.clone()),
                            None => t.clone(),
                        })
                    }
                    // One example that is not JSON: the variant keeps the raw body.
                    _ => return (s, None),
                }
            }
            (s, ty)
        })
        .collect();
    let mut codes: Vec<ErrorCode> = Vec::new();
    for r in op.responses.iter().filter(|r| !r.is_success()) {
        for (code, meaning) in codes::documented(&r.name) {
            let i = codes
                .iter()
                .position(|c| c.code == code)
                .unwrap_or_else(|| {
                    codes.push(ErrorCode {
                        code,
                        ident: format!("Code{code}"),
                        meanings: Vec::new(),
                        statuses: Vec::new(),
                    });
                    codes.len() - 1
                });
            let entry = &mut codes[i];
            if !meaning.is_empty() && !entry.meanings.contains(&meaning) {
                entry.meanings.push(meaning);
            }
            if !entry.statuses.contains(&r.status) {
                entry.statuses.push(r.status);
            }
        }
    }
    OpShapes {
        module: path.to_vec(),
        index,
        ident: op.ident.clone(),
        prefix: op.type_prefix.clone(),
        handle: m.handle.clone(),
        body,
        ok,
        errors,
        codes,
        examples: examples.iter().map(Example::kind).collect(),
    }
}

pub(super) fn body_shape(example: &str, span: json::Span, findings: &mut Findings) -> Option<Ty> {
    if example.trim().is_empty() {
        return None;
    }
    match json::parse(example, json::Options::lenient()) {
        Ok(v) => Some(shape::of_value(&v)),
        Err(e) => {
            findings.warn(
                WarningKind::Example,
                span,
                format!(
                    "the JSON body's example is not JSON ({}): the body argument is a \
                     `serde_json::Value`",
                    e.message
                ),
            );
            None
        }
    }
}

/// What a 2xx response gives, from the 2xx examples. `download`: the request looks like a file
/// download ([`looks_like_download`]), so examples that show no JSON shape (`{}`, nothing) mean
/// bytes.
pub(super) fn ok_shape(
    success: &[(&Response, &Example)],
    download: bool,
    findings: &mut Findings,
) -> OkShape {
    if success.is_empty() {
        return OkShape::Raw;
    }
    let shapeless = |e: &Example| match e {
        Example::Empty => true,
        Example::Json(t) => matches!(&t.kind, shape::Kind::Object(o) if o.fields.is_empty()),
        _ => false,
    };
    if download && success.iter().all(|(_, e)| shapeless(e)) {
        return OkShape::Bytes;
    }
    let mut ty: Option<Ty> = None;
    let (mut json, mut text, mut bytes, mut some_empty) = (false, false, false, false);
    let mut empty: Vec<u16> = Vec::new();
    let mut full: Vec<u16> = Vec::new();
    for (r, e) in success {
        match e {
            Example::Empty => {
                some_empty = true;
                // Statuses that never have content; another empty 2xx is known empty by its body
                // (a real one may well have one).
                if matches!(r.status, 204 | 205) {
                    empty.push(r.status);
                }
                continue;
            }
            Example::Json(t) => {
                json = true;
                ty = Some(match ty {
                    Some(prev) => shape::merge(prev, t.clone()),
                    None => t.clone(),
                });
            }
            Example::Unparsed => json = true,
            Example::Text => text = true,
            Example::Bytes => bytes = true,
        }
        full.push(r.status);
    }
    if json && (text || bytes) {
        if let Some((r, _)) = success.first() {
            findings.warn(
                WarningKind::Response,
                r.span,
                "the 2xx responses mix JSON and other content: the operation returns the raw \
                 response",
            );
        }
        return OkShape::Raw;
    }
    if json {
        empty.retain(|s| !full.contains(s));
        empty.sort_unstable();
        empty.dedup();
        OkShape::Json {
            ty,
            optional: some_empty,
            empty,
        }
    } else if bytes {
        OkShape::Bytes
    } else if text {
        OkShape::Text
    } else {
        OkShape::Unit
    }
}

/// What a saved response's body is, by its Content-Type (or Postman's preview language), else
/// by its content.
pub(super) fn example(r: &Response, findings: &mut Findings) -> Example {
    let body = r.body.as_deref().unwrap_or("");
    // These statuses have no content, whatever was saved.
    if body.trim().is_empty() || matches!(r.status, 204 | 205 | 304) {
        return Example::Empty;
    }
    let ct = r.content_type.as_deref().unwrap_or("").to_ascii_lowercase();
    let ct = ct.split(';').next().unwrap_or("").trim();
    // JSON written as a JSON string (a collection author's double encoding): its content.
    let inner = json_in_string(body);
    let body = inner.as_deref().unwrap_or(body);
    let parsed = || json::parse(body, json::Options::lenient());
    if ct.contains("json") {
        return match parsed() {
            Ok(v) => Example::Json(shape::of_value(&v)),
            Err(e) => {
                findings.warn(
                    WarningKind::Example,
                    r.span,
                    format!(
                        "the saved `{}` response says it is JSON but its body is not ({}): it \
                         is typed as `serde_json::Value`",
                        r.status, e.message
                    ),
                );
                Example::Unparsed
            }
        };
    }
    if is_binary(ct) {
        return Example::Bytes;
    }
    if !ct.is_empty() {
        return Example::Text;
    }
    match parsed() {
        Ok(v) if matches!(v.kind, json::Kind::Object(_) | json::Kind::Array(_)) => {
            Example::Json(shape::of_value(&v))
        }
        _ => Example::Text,
    }
}

/// The JSON text inside `body` when `body` is a JSON string whose content is a JSON object or
/// array (`"{\"id\": 1}"`): what a server sends, that the collection saved encoded twice.
pub(super) fn json_in_string(body: &str) -> Option<String> {
    let v = json::parse(body, json::Options::lenient()).ok()?;
    let json::Kind::String(s) = &v.kind else {
        return None;
    };
    let inner = json::parse(s, json::Options::lenient()).ok()?;
    matches!(inner.kind, json::Kind::Object(_) | json::Kind::Array(_)).then(|| s.to_string())
}

/// Whether the request reads like a file download: it asks for a binary type (`Accept`), or
/// its name or last path segment says so (`Download invoice`, `Export as CSV`, `.../content`).
pub(super) fn looks_like_download(op: &Operation) -> bool {
    let accepts_binary = op.headers.iter().any(|h| {
        h.name.eq_ignore_ascii_case("accept")
            && matches!(&h.value, HeaderValue::Static(v) if is_binary(&v.to_ascii_lowercase()))
    });
    const WORDS: &[&str] = &[
        "download",
        "export",
        "pdf",
        "csv",
        "xlsx",
        "zip",
        "thumbnail",
        "attachment",
        "binary",
    ];
    let title: String = op.title.to_ascii_lowercase();
    let named = title
        .split(|c: char| !c.is_ascii_alphanumeric())
        .any(|w| WORDS.contains(&w));
    let last = op.path_template();
    let last = last.rsplit('/').next().unwrap_or("").to_ascii_lowercase();
    let segment = ["content", "download", "thumbnail", "export", "raw"].contains(&last.as_str())
        || [".pdf", ".csv", ".zip", ".xlsx"]
            .iter()
            .any(|x| last.ends_with(x));
    accepts_binary || named || segment
}

pub(super) fn is_binary(ct: &str) -> bool {
    ["image/", "audio/", "video/", "font/"]
        .iter()
        .any(|p| ct.starts_with(p))
        || matches!(
            ct,
            "application/octet-stream"
                | "application/pdf"
                | "application/zip"
                | "application/gzip"
                | "application/x-gzip"
                | "application/x-tar"
                | "application/vnd.ms-excel"
                | "application/msword"
        )
        || ct.starts_with("application/vnd.openxmlformats")
}
