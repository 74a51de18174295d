//! A v3 request file (`$kind: http-request` or `graphql-request`) and its saved examples
//! (`$kind: http-example`) → the same [`RequestItem`] a v2 item gives.

use crate::diag::WarningKind;
use std::borrow::Cow;

use super::shapes::{Entry, entries, kind, kind_span, scripts};
use crate::diag::{Finding, Findings};
use crate::json::{Kind, Value};
use crate::read::fields::{description, file_paths, method, object, opt_text, text};
use crate::read::{
    Auth, AuthParam, Body, FormField, Header, QueryParam, Request, RequestItem, SavedResponse, Url,
    Variable,
};

/// Request kinds of other protocols, which a REST client does not send: skipped, with a warning.
const OTHER_PROTOCOLS: &[&str] = &[
    "grpc-request",
    "websocket-request",
    "socketio-request",
    "mqtt-request",
    "mcp-request",
    "llm-request",
    "ai-request",
];

/// What a request file holds.
pub enum RequestFile<'a> {
    Request(Box<RequestItem<'a>>),
    /// Another protocol's request: warned about, nothing to generate.
    Skipped,
}

/// Reads a request file; `stem` is its file name without `.request.yaml` (the name when the file
/// gives none), `examples` its saved examples' trees and file stems.
pub fn request_file<'a>(
    root: &Value<'a>,
    stem: &'a str,
    examples: &[(&Value<'a>, &'a str)],
    findings: &mut Findings,
) -> Result<RequestFile<'a>, Finding> {
    let k = kind(root, "http-request")?;
    let graphql = match k {
        "http-request" => false,
        "graphql-request" => true,
        other if OTHER_PROTOCOLS.contains(&other) || other.ends_with("-request") => {
            findings.warn(
                WarningKind::Unsupported,
                kind_span(root),
                format!("a `{other}`: not HTTP, which is all a generated client sends; skipped"),
            );
            return Ok(RequestFile::Skipped);
        }
        other => {
            return Err(Finding::new(
                kind_span(root),
                format!(
                    "`$kind: {other}` in a request file (expected http-request or \
                     graphql-request)"
                ),
            ));
        }
    };
    // Checked here; the layout read it to order the files.
    super::shapes::order(root)?;
    let name = match root.get("name") {
        Some(n) => text(n, "the request name")?.unwrap_or(Cow::Borrowed(stem)),
        None => Cow::Borrowed(stem),
    };
    let (method, method_span) = match (graphql, root.get("method")) {
        // A GraphQL request is a POST unless it says otherwise.
        (true, None) => (Cow::Borrowed("POST"), root.span),
        _ => method(root)?,
    };
    let body = if graphql {
        Some(Body::GraphQl {
            query: root
                .get("query")
                .map(|q| opt_text(q, "a GraphQL query"))
                .transpose()?
                .flatten()
                .unwrap_or_default(),
            variables: root
                .get("variables")
                .map(|q| opt_text(q, "GraphQL variables"))
                .transpose()?,
            span: root.get("query").map_or(root.span, |q| q.span),
        })
    } else {
        body(root.get("body"), findings)?
    };
    let mut responses = Vec::with_capacity(examples.len());
    for (e, stem) in examples {
        responses.extend(example(e, stem, findings)?);
    }
    let settings = root.get("settings");
    Ok(RequestFile::Request(Box::new(RequestItem {
        name,
        request: Request {
            method,
            method_span,
            url: url(root)?,
            headers: headers(root.get("headers"))?,
            body,
            auth: auth(root.get("auth"), findings)?,
            description: root.get("description").and_then(description),
            span: root.span,
        },
        responses,
        // A GraphQL request's `variables` are the query's.
        variables: if graphql {
            Vec::new()
        } else {
            variables(root.get("variables"))?
        },
        events: scripts(root.get("scripts"))?,
        body_pruning_disabled: settings
            .and_then(|s| s.get("disableBodyPruning"))
            .and_then(Value::as_bool)
            == Some(true),
        span: root.span,
    })))
}

/// `url` (one string, `{{var}}` and `:pathVar` in it), `queryParams` and `pathVariables`: the
/// raw URL with the listed parameters, as a v2 URL with `raw`, `query` and `variable`.
fn url<'a>(root: &Value<'a>) -> Result<Url<'a>, Finding> {
    let raw = root.get("url");
    let query = entries(root.get("queryParams"), "query parameters")?
        .into_iter()
        .map(|e| {
            Ok(QueryParam {
                value: e.text("a query parameter value")?,
                key: e.key,
                disabled: e.disabled,
                description: e.description,
                span: e.span,
            })
        })
        .collect::<Result<_, Finding>>()?;
    Ok(Url {
        raw: raw.map(|r| opt_text(r, "the URL")).transpose()?.flatten(),
        query,
        variables: variables(root.get("pathVariables"))?,
        span: raw.map_or(root.span, |r| r.span),
        ..Url::default()
    })
}

pub(super) fn variables<'a>(v: Option<&Value<'a>>) -> Result<Vec<Variable<'a>>, Finding> {
    entries(v, "variables")?
        .into_iter()
        .map(|e| {
            Ok(Variable {
                value: e.text("a variable's value")?,
                key: e.key,
                disabled: e.disabled,
                description: e.description,
                span: e.span,
            })
        })
        .collect()
}

fn headers<'a>(v: Option<&Value<'a>>) -> Result<Vec<Header<'a>>, Finding> {
    entries(v, "headers")?
        .into_iter()
        .map(|e| {
            Ok(Header {
                value: e.text("a header value")?.unwrap_or_default(),
                key: e.key,
                disabled: e.disabled,
                description: e.description,
                span: e.span,
            })
        })
        .collect()
}

/// `body: {type, content}`.
fn body<'a>(v: Option<&Value<'a>>, findings: &mut Findings) -> Result<Option<Body<'a>>, Finding> {
    let Some(v) = v.filter(|v| !v.is_null()) else {
        return Ok(None);
    };
    object(v, "a request body (a mapping with `type` and `content`)")?;
    let Some(ty_value) = v.get("type") else {
        return Err(Finding::new(
            v.span,
            "a body without a `type` (json, text, xml, html, javascript, urlencoded, formdata, \
             file, graphql or none)",
        ));
    };
    let Some(ty) = text(ty_value, "a body type")? else {
        return Ok(None);
    };
    let content = v.get("content").filter(|c| !c.is_null());
    Ok(match ty.as_ref() {
        "none" => None,
        "json" | "text" | "xml" | "html" | "javascript" => Some(Body::Raw {
            text: content
                .map(|c| opt_text(c, "a body"))
                .transpose()?
                .flatten()
                .unwrap_or_default(),
            language: Some(ty.clone()),
            span: content.map_or(v.span, |c| c.span),
        }),
        "urlencoded" => Some(Body::UrlEncoded(form_fields(content)?)),
        "formdata" => Some(Body::FormData(form_fields(content)?)),
        "file" => Some(Body::File {
            src: content
                .and_then(|c| match &c.kind {
                    Kind::Object(_) => c.get("src"),
                    _ => Some(c),
                })
                .map(|s| opt_text(s, "a file path"))
                .transpose()?
                .flatten(),
            span: v.span,
        }),
        "graphql" => Some(Body::GraphQl {
            query: content
                .and_then(|c| c.get("query"))
                .map(|q| opt_text(q, "a GraphQL query"))
                .transpose()?
                .flatten()
                .unwrap_or_default(),
            variables: content
                .and_then(|c| c.get("variables"))
                .map(|q| opt_text(q, "GraphQL variables"))
                .transpose()?,
            span: content.map_or(v.span, |c| c.span),
        }),
        other => {
            findings.warn(
                WarningKind::Body,
                ty_value.span,
                format!(
                    "unknown body type `{other}` (expected json, text, xml, html, javascript, \
                     urlencoded, formdata, file, graphql or none): no body is sent"
                ),
            );
            None
        }
    })
}

/// Form fields: a list of `{key, type: text|file, value | src, contentType, disabled,
/// description}`, or a map of names to values.
fn form_fields<'a>(v: Option<&Value<'a>>) -> Result<Vec<FormField<'a>>, Finding> {
    entries(v, "form fields")?
        .into_iter()
        .map(|e: Entry<'_, 'a>| {
            let field = e.entry;
            let get = |k: &str| field.and_then(|f| f.get(k));
            let is_file = get("type").and_then(Value::as_str) == Some("file");
            // Postman writes `src: ""` for a file field with no file chosen.
            let src = file_paths(get("src"))?
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect();
            Ok(FormField {
                value: e.text("a form field value")?,
                is_file,
                src,
                content_type: get("contentType")
                    .map(|x| opt_text(x, "a content type"))
                    .transpose()?
                    .flatten()
                    .filter(|s| !s.trim().is_empty()),
                key: e.key,
                disabled: e.disabled,
                description: e.description,
                span: e.span,
            })
        })
        .collect()
}

/// `auth: {type, credentials}` (credentials a map or a list), or a list of such blocks
/// (multi-auth: the first is what Postman sends).
pub(super) fn auth<'a>(
    v: Option<&Value<'a>>,
    findings: &mut Findings,
) -> Result<Option<Auth<'a>>, Finding> {
    let Some(v) = v.filter(|v| !v.is_null()) else {
        return Ok(None);
    };
    let block = match &v.kind {
        Kind::Array(list) => {
            if list.len() > 1 {
                findings.warn(
                    WarningKind::Auth,
                    list[1].span,
                    "several auth methods: a generated client uses the first one, as Postman \
                     does",
                );
            }
            match list.first() {
                Some(first) => first,
                None => return Ok(None),
            }
        }
        _ => v,
    };
    object(
        block,
        "an auth block (a mapping with `type` and `credentials`)",
    )?;
    let Some(kind) = block
        .get("type")
        .map(|t| text(t, "an auth type"))
        .transpose()?
        .flatten()
    else {
        return Ok(None);
    };
    let params = entries(block.get("credentials"), "credentials")?
        .into_iter()
        .map(|e| AuthParam {
            value: e.value.and_then(|x| opt_text(x, "").ok().flatten()),
            key: e.key,
        })
        .collect();
    Ok(Some(Auth {
        kind,
        params,
        span: block.span,
    }))
}

/// A saved example: `response: {statusCode, statusText, headers, body: {type, content}}`.
fn example<'a>(
    root: &Value<'a>,
    stem: &'a str,
    findings: &mut Findings,
) -> Result<Option<SavedResponse<'a>>, Finding> {
    match kind(root, "http-example")? {
        "http-example" => {}
        other if other.ends_with("-example") => {
            findings.warn(
                WarningKind::Example,
                kind_span(root),
                format!("a `{other}`: not an HTTP response; skipped"),
            );
            return Ok(None);
        }
        other => {
            return Err(Finding::new(
                kind_span(root),
                format!("`$kind: {other}` in an example file (expected http-example)"),
            ));
        }
    }
    let response = root.get("response");
    let get = |k: &str| response.and_then(|r| r.get(k));
    let code = match get("statusCode").map(|c| &c.kind) {
        Some(Kind::Number(n)) => n.parse::<u16>().ok(),
        Some(Kind::String(s)) => s.trim().parse::<u16>().ok(),
        _ => None,
    };
    let body = get("body");
    Ok(Some(SavedResponse {
        name: match root.get("name") {
            Some(n) => opt_text(n, "")
                .ok()
                .flatten()
                .unwrap_or(Cow::Borrowed(stem)),
            None => Cow::Borrowed(stem),
        },
        id: root.get("id").and_then(|s| opt_text(s, "").ok().flatten()),
        code,
        status: get("statusText").and_then(|s| opt_text(s, "").ok().flatten()),
        headers: headers(get("headers")).unwrap_or_default(),
        body: body
            .and_then(|b| b.get("content"))
            .and_then(|c| opt_text(c, "").ok().flatten()),
        preview_language: body
            .and_then(|b| b.get("type"))
            .and_then(|t| opt_text(t, "").ok().flatten()),
        span: root.span,
    }))
}
