//! Stage 1: read the input. Its files are loaded into one offset space ([`Sources`]), parsed into
//! spanned trees ([`Document`]s, [`document`]), and the collection's tree is read into
//! [`Collection`]: Postman's own concepts, loose shapes whose meaning is clear accepted; wrong
//! types in the structure are errors located at the offending value. [`Located`] turns any span
//! back into file, line, column and key path.

mod collection;
pub mod document;
mod environment;
mod fields;
mod input;
mod kind;
pub(crate) mod locate;
mod source;
mod v1;
pub mod v3;
mod yaml;

pub use collection::*;
pub use input::{Input, Parsed};

use crate::diag::WarningKind;
use std::borrow::Cow;

use crate::diag::{Finding, Findings};
use crate::json::{Kind, Value};
use fields::{
    HeaderLine, description, flag_disabled, header_lines, invalid_header_line, method, object,
    opt_text, text, text_or, vec_of,
};

/// Reads the parsed collection, v2/v1 JSON or v3 YAML, into the one [`Collection`].
pub fn read_parsed<'a>(
    parsed: &Parsed<'a>,
    findings: &mut Findings,
) -> Result<Collection<'a>, Finding> {
    match &parsed.v3 {
        Some(docs) => v3::read(docs, findings),
        None => read(&parsed.collection.root, findings),
    }
}

/// Reads a collection. Warnings (things read but not fully understood) go to `findings`.
pub fn read<'a>(root: &Value<'a>, findings: &mut Findings) -> Result<Collection<'a>, Finding> {
    object(root, "a Postman collection (a JSON object)")?;
    if let Some(refusal) = kind::not_a_collection(root) {
        return Err(refusal);
    }
    // The Postman API wraps exports as {"collection": {...}}.
    if let Some(inner) = root.get("collection") {
        if inner.get("info").is_some() || inner.get("item").is_some() {
            return read_v2(inner, findings);
        }
    }
    if root.get("info").is_some() || root.get("item").is_some() {
        return read_v2(root, findings);
    }
    if root.get("requests").is_some() || root.get("order").is_some() {
        return v1::read(root, findings);
    }
    Err(Finding::new(
        root.span,
        "not a Postman collection: expected `info` and `item` (v2) or `requests` (v1) at the top level",
    ))
}

fn read_v2<'a>(root: &Value<'a>, findings: &mut Findings) -> Result<Collection<'a>, Finding> {
    let info = root.get("info");
    let format = match info.and_then(|i| i.get("schema")).and_then(Value::as_str) {
        Some(s) if s.contains("v2.0") => Format::V2_0,
        _ => Format::V2_1,
    };
    let name = info
        .and_then(|i| i.get("name"))
        .map(|n| text(n, "the collection name"))
        .transpose()?
        .flatten()
        .unwrap_or(Cow::Borrowed("API"));
    let description = info
        .and_then(|i| i.get("description"))
        .and_then(description);
    let items = match root.get("item") {
        Some(v) => items(v, findings, 0)?,
        None => Vec::new(),
    };
    Ok(Collection {
        format,
        name,
        description,
        items,
        auth: root.get("auth").map(auth).transpose()?.flatten(),
        variables: url_variables(root.get("variable"))?,
        events: events(root.get("event")),
        span: root.span,
    })
}

/// Folders nest; this bound keeps hostile input from exhausting the stack (the JSON parser bounds
/// depth too, this is the item-level guard).
const MAX_FOLDER_DEPTH: usize = 64;

fn items<'a>(
    v: &Value<'a>,
    findings: &mut Findings,
    depth: usize,
) -> Result<Vec<Item<'a>>, Finding> {
    if depth > MAX_FOLDER_DEPTH {
        return Err(Finding::new(
            v.span,
            format!("folders nested deeper than {MAX_FOLDER_DEPTH} levels"),
        ));
    }
    let list: &[Value<'a>] = match &v.kind {
        Kind::Array(list) => list,
        // A single item where a list is expected: its meaning is clear.
        Kind::Object(_) => std::slice::from_ref(v),
        Kind::Null => &[],
        _ => return Err(Finding::wrong_type(v, "a list of items")),
    };
    let mut out = Vec::with_capacity(list.len());
    for it in list {
        object(it, "an item (a JSON object)")?;
        let name = text_or(it, "name", "the item name", "")?;
        if let Some(children) = it.get("item") {
            out.push(Item::Folder(Folder {
                name,
                description: it.get("description").and_then(description),
                items: items(children, findings, depth + 1)?,
                auth: it.get("auth").map(auth).transpose()?.flatten(),
                variables: url_variables(it.get("variable"))?,
                events: events(it.get("event")),
                span: it.span,
            }));
        } else if let Some(req) = it.get("request") {
            out.push(Item::Request(Box::new(RequestItem {
                name,
                request: request(req, it.get("description"), findings)?,
                responses: responses(it.get("response"), findings)?,
                variables: url_variables(it.get("variable"))?,
                events: events(it.get("event")),
                body_pruning_disabled: body_pruning_disabled(it),
                span: it.span,
            })));
        } else {
            findings.warn(
                WarningKind::Structure,
                it.span,
                "item has neither `request` nor `item`: nothing to generate; skipped",
            );
        }
    }
    Ok(out)
}

/// `protocolProfileBehavior.disableBodyPruning` on an item.
fn body_pruning_disabled(item: &Value<'_>) -> bool {
    item.get("protocolProfileBehavior")
        .and_then(|p| p.get("disableBodyPruning"))
        .and_then(Value::as_bool)
        == Some(true)
}

pub(crate) fn request<'a>(
    v: &Value<'a>,
    item_description: Option<&Value<'a>>,
    findings: &mut Findings,
) -> Result<Request<'a>, Finding> {
    // `request` may be a bare URL string: a GET with nothing else.
    if let Kind::String(s) = &v.kind {
        return Ok(Request {
            method: Cow::Borrowed("GET"),
            method_span: v.span,
            url: url_from_raw(s.clone(), v.span),
            headers: Vec::new(),
            body: None,
            auth: None,
            description: item_description.and_then(description),
            span: v.span,
        });
    }
    object(v, "a request (an object or a URL string)")?;
    let (method, method_span) = method(v)?;
    let url = match v.get("url") {
        Some(u) => url(u)?,
        None => Url {
            span: v.span,
            ..Url::default()
        },
    };
    Ok(Request {
        method,
        method_span,
        url,
        headers: headers(v.get("header"), findings)?,
        body: v
            .get("body")
            .map(|b| body(b, findings))
            .transpose()?
            .flatten(),
        auth: v.get("auth").map(auth).transpose()?.flatten(),
        description: v
            .get("description")
            .and_then(description)
            .or_else(|| item_description.and_then(description)),
        span: v.span,
    })
}

fn url_from_raw<'a>(raw: Cow<'a, str>, span: crate::json::Span) -> Url<'a> {
    Url {
        raw: Some(raw),
        span,
        ..Url::default()
    }
}

fn url<'a>(v: &Value<'a>) -> Result<Url<'a>, Finding> {
    match &v.kind {
        Kind::String(s) => return Ok(url_from_raw(s.clone(), v.span)),
        Kind::Null => {
            return Ok(Url {
                span: v.span,
                ..Url::default()
            });
        }
        Kind::Object(_) => {}
        _ => return Err(Finding::wrong_type(v, "a URL (a string or an object)")),
    }
    // `host` and `path` are arrays or strings ("api.zoom.us", "/v2/users").
    let host = match v.get("host") {
        None => Vec::new(),
        Some(h) => match &h.kind {
            Kind::String(s) => split_owned(s, '.'),
            Kind::Null => Vec::new(),
            Kind::Array(list) => list
                .iter()
                .map(|x| text(x, "a host label").map(Option::unwrap_or_default))
                .collect::<Result<_, _>>()?,
            _ => {
                return Err(Finding::wrong_type(
                    h,
                    "a host (a string or a list of strings)",
                ));
            }
        },
    };
    let path = match v.get("path") {
        None => None,
        Some(p) => Some(match &p.kind {
            Kind::String(s) => split_owned(
                &match s {
                    Cow::Borrowed(b) => Cow::Borrowed(b.trim_start_matches('/')),
                    Cow::Owned(o) => Cow::Owned(o.trim_start_matches('/').to_owned()),
                },
                '/',
            ),
            Kind::Null => Vec::new(),
            Kind::Array(list) => {
                let mut out = Vec::with_capacity(list.len());
                for seg in list {
                    match &seg.kind {
                        // Path segments can be {type, value} objects in exports of old versions.
                        Kind::Object(_) => out.push(
                            seg.get("value")
                                .map(|x| text(x, "a path segment"))
                                .transpose()?
                                .flatten()
                                .unwrap_or_default(),
                        ),
                        _ => out.push(text(seg, "a path segment")?.unwrap_or_default()),
                    }
                }
                out
            }
            _ => {
                return Err(Finding::wrong_type(
                    p,
                    "a path (a string or a list of strings)",
                ));
            }
        }),
    };
    let query = vec_of(v.get("query"), "query parameters", |q| {
        object(q, "a query parameter (an object)")?;
        Ok(Some(QueryParam {
            key: q
                .get("key")
                .map(|k| text(k, "a query parameter name"))
                .transpose()?
                .flatten()
                .unwrap_or_default(),
            value: q
                .get("value")
                .map(|x| opt_text(x, "a query parameter value"))
                .transpose()?
                .flatten(),
            disabled: flag_disabled(q),
            description: q.get("description").and_then(description),
            span: q.span,
        }))
    })?;
    Ok(Url {
        raw: v
            .get("raw")
            .map(|r| opt_text(r, "the raw URL"))
            .transpose()?
            .flatten(),
        protocol: v
            .get("protocol")
            .map(|r| opt_text(r, "the URL protocol"))
            .transpose()?
            .flatten(),
        host,
        port: v
            .get("port")
            .map(|r| opt_text(r, "the URL port"))
            .transpose()?
            .flatten(),
        path,
        query,
        variables: path_variables(v.get("variable"))?,
        span: v.span,
    })
}

/// A URL's path variables (`url.variable`). Postman puts a value in the path only when it is a
/// string (`:id` stays in the URL for `"value": 0`), so a value of another type is no value.
fn path_variables<'a>(v: Option<&Value<'a>>) -> Result<Vec<Variable<'a>>, Finding> {
    let mut vars = url_variables(v)?;
    let entries = match v.map(|v| &v.kind) {
        Some(Kind::Array(list)) => list.as_slice(),
        Some(Kind::Object(_)) => v.map(std::slice::from_ref).unwrap_or_default(),
        _ => &[],
    };
    for var in &mut vars {
        let written = entries
            .iter()
            .find(|e| e.span == var.span)
            .and_then(|e| e.get("value"));
        if written.is_some_and(|w| !matches!(w.kind, Kind::String(_))) {
            var.value = None;
        }
    }
    Ok(vars)
}

fn split_owned<'a>(s: &Cow<'a, str>, sep: char) -> Vec<Cow<'a, str>> {
    match s {
        Cow::Borrowed(b) => b.split(sep).map(Cow::Borrowed).collect(),
        Cow::Owned(o) => o.split(sep).map(|x| Cow::Owned(x.to_owned())).collect(),
    }
}

fn headers<'a>(v: Option<&Value<'a>>, findings: &mut Findings) -> Result<Vec<Header<'a>>, Finding> {
    // Headers as text: "Name: value\nName2: value2", for the whole list or one entry of it (real
    // exports' response header lists sometimes hold plain strings).
    let mut from_text = |s: &str, span, out: &mut Vec<Header<'a>>| {
        for line in header_lines(s) {
            match line {
                HeaderLine::Header {
                    key,
                    value,
                    disabled,
                } => out.push(Header {
                    key: Cow::Owned(key.to_owned()),
                    value: Cow::Owned(value),
                    disabled,
                    description: None,
                    span,
                }),
                HeaderLine::Invalid(line) => {
                    findings.warn(WarningKind::Header, span, invalid_header_line(&line))
                }
            }
        }
    };
    if let Some(Value {
        kind: Kind::String(s),
        span,
    }) = v
    {
        let mut out = Vec::new();
        from_text(s, *span, &mut out);
        return Ok(out);
    }
    let entries = vec_of(v, "headers", |h| {
        if let Kind::String(s) = &h.kind {
            let mut out = Vec::new();
            from_text(s, h.span, &mut out);
            return Ok(Some(out));
        }
        object(h, "a header (an object)")?;
        Ok(Some(vec![Header {
            key: h
                .get("key")
                .map(|k| text(k, "a header name"))
                .transpose()?
                .flatten()
                .unwrap_or_default(),
            value: h
                .get("value")
                .map(|x| opt_text(x, "a header value"))
                .transpose()?
                .flatten()
                .unwrap_or_default(),
            disabled: flag_disabled(h),
            description: h.get("description").and_then(description),
            span: h.span,
        }]))
    })?;
    Ok(entries.into_iter().flatten().collect())
}

fn body<'a>(v: &Value<'a>, findings: &mut Findings) -> Result<Option<Body<'a>>, Finding> {
    if v.is_null() {
        return Ok(None);
    }
    object(v, "a request body (an object)")?;
    if v.get("disabled").and_then(Value::as_bool) == Some(true) {
        return Ok(None);
    }
    let mode = match v.get("mode") {
        Some(m) => text(m, "a body mode")?,
        None => None,
    };
    let Some(mode) = mode else {
        return Ok(None);
    };
    Ok(match mode.as_ref() {
        "raw" => {
            let raw = v.get("raw");
            let text_value = raw
                .map(|r| opt_text(r, "a raw body"))
                .transpose()?
                .flatten()
                .unwrap_or_default();
            let language = v
                .get("options")
                .and_then(|o| o.get("raw"))
                .and_then(|r| r.get("language"))
                .and_then(Value::as_str)
                .map(|s| Cow::Owned(s.to_owned()));
            Some(Body::Raw {
                text: text_value,
                language,
                span: raw.map_or(v.span, |r| r.span),
            })
        }
        "urlencoded" => Some(Body::UrlEncoded(form_fields(v.get("urlencoded"))?)),
        "formdata" => Some(Body::FormData(form_fields(v.get("formdata"))?)),
        "file" => Some(Body::File {
            src: v
                .get("file")
                .and_then(|f| f.get("src"))
                .and_then(|s| opt_text(s, "a file path").ok().flatten()),
            span: v.span,
        }),
        "graphql" => {
            let g = v.get("graphql");
            let query = g
                .and_then(|g| g.get("query"))
                .map(|q| opt_text(q, "a GraphQL query"))
                .transpose()?
                .flatten()
                .unwrap_or_default();
            let variables = g
                .and_then(|g| g.get("variables"))
                .map(|q| opt_text(q, "GraphQL variables"))
                .transpose()?;
            Some(Body::GraphQl {
                query,
                variables,
                span: g.map_or(v.span, |g| g.span),
            })
        }
        other => {
            findings.warn(
                WarningKind::Body,
                v.get("mode").map_or(v.span, |m| m.span),
                format!(
                    "unknown body mode `{other}` (expected raw, urlencoded, formdata, file or \
                     graphql): no body is sent"
                ),
            );
            None
        }
    })
}

fn form_fields<'a>(v: Option<&Value<'a>>) -> Result<Vec<FormField<'a>>, Finding> {
    vec_of(v, "form fields", |f| {
        object(f, "a form field (an object)")?;
        let is_file = f.get("type").and_then(Value::as_str) == Some("file");
        let src = fields::file_paths(f.get("src"))?;
        Ok(Some(FormField {
            key: f
                .get("key")
                .map(|k| text(k, "a form field name"))
                .transpose()?
                .flatten()
                .unwrap_or_default(),
            value: f
                .get("value")
                .map(|x| opt_text(x, "a form field value"))
                .transpose()?
                .flatten(),
            is_file,
            src,
            content_type: f
                .get("contentType")
                .map(|x| opt_text(x, "a content type"))
                .transpose()?
                .flatten()
                .filter(|s| !s.trim().is_empty()),
            disabled: flag_disabled(f),
            description: f.get("description").and_then(description),
            span: f.span,
        }))
    })
}

/// Reads an auth block in either encoding. Unknown types are kept as they are (the model decides).
pub(crate) fn auth<'a>(v: &Value<'a>) -> Result<Option<Auth<'a>>, Finding> {
    if v.is_null() {
        return Ok(None);
    }
    object(v, "an auth block (an object)")?;
    let Some(kind) = v
        .get("type")
        .map(|t| text(t, "an auth type"))
        .transpose()?
        .flatten()
    else {
        return Ok(None);
    };
    let mut params = Vec::new();
    if let Some(p) = v.get(&kind) {
        match &p.kind {
            // v2.1: [{key, value, type}]
            Kind::Array(list) => {
                for e in list {
                    if let Some(key) = e.get("key").and_then(|k| opt_text(k, "").ok().flatten()) {
                        params.push(AuthParam {
                            key,
                            value: e.get("value").and_then(|x| opt_text(x, "").ok().flatten()),
                        });
                    }
                }
            }
            // v2.0: {token: "..."}
            Kind::Object(members) => {
                for m in members {
                    params.push(AuthParam {
                        key: m.key.clone(),
                        value: opt_text(&m.value, "").ok().flatten(),
                    });
                }
            }
            _ => {}
        }
    }
    Ok(Some(Auth {
        kind,
        params,
        span: v.span,
    }))
}

pub(crate) fn url_variables<'a>(v: Option<&Value<'a>>) -> Result<Vec<Variable<'a>>, Finding> {
    vec_of(v, "variables", |x| {
        object(x, "a variable (an object)")?;
        // `key` (v2.1) or `id` (v2.0).
        let key = x
            .get("key")
            .or_else(|| x.get("id"))
            .map(|k| opt_text(k, "a variable name"))
            .transpose()?
            .flatten();
        let Some(key) = key else {
            return Ok(None);
        };
        Ok(Some(Variable {
            key,
            value: x.get("value").and_then(|v| opt_text(v, "").ok().flatten()),
            disabled: flag_disabled(x),
            description: x.get("description").and_then(description),
            span: x.span,
        }))
    })
}

fn responses<'a>(
    v: Option<&Value<'a>>,
    findings: &mut Findings,
) -> Result<Vec<SavedResponse<'a>>, Finding> {
    vec_of(v, "saved responses", |r| {
        object(r, "a saved response (an object)")?;
        let code = match r.get("code").map(|c| &c.kind) {
            Some(Kind::Number(n)) => n.parse::<u16>().ok(),
            Some(Kind::String(s)) => s.trim().parse::<u16>().ok(),
            _ => None,
        };
        Ok(Some(SavedResponse {
            name: r
                .get("name")
                .and_then(|n| opt_text(n, "").ok().flatten())
                .unwrap_or_default(),
            id: r.get("id").and_then(|s| opt_text(s, "").ok().flatten()),
            code,
            status: r.get("status").and_then(|s| opt_text(s, "").ok().flatten()),
            headers: headers(r.get("header"), findings).unwrap_or_default(),
            body: r.get("body").and_then(|b| opt_text(b, "").ok().flatten()),
            preview_language: r
                .get("_postman_previewlanguage")
                .and_then(|s| opt_text(s, "").ok().flatten()),
            span: r.span,
        }))
    })
}

fn events(v: Option<&Value<'_>>) -> Vec<Event> {
    let Some(Value {
        kind: Kind::Array(list),
        ..
    }) = v
    else {
        return Vec::new();
    };
    list.iter()
        .filter(|e| e.get("disabled").and_then(Value::as_bool) != Some(true))
        .filter_map(|e| {
            let exec = script_text(e.get("script").and_then(|s| s.get("exec"))?)?;
            // Only events that hold a script with some text matter.
            (!exec.trim().is_empty()).then(|| Event {
                listen: e
                    .get("listen")
                    .and_then(Value::as_str)
                    .unwrap_or("script")
                    .to_owned(),
                exec,
                span: e.span,
            })
        })
        .collect()
}

/// A script's source: a string, or a list of lines.
fn script_text(exec: &Value<'_>) -> Option<String> {
    match &exec.kind {
        Kind::Array(lines) => Some(
            lines
                .iter()
                .filter_map(Value::as_str)
                .collect::<Vec<_>>()
                .join("\n"),
        ),
        Kind::String(s) => Some(s.to_string()),
        _ => None,
    }
}
