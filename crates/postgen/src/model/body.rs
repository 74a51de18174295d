//! An operation's request body: raw JSON or text, forms, a file, or GraphQL.

use super::hints::{required_mark, scalar_of};
use super::modeler::Modeler;
use super::names::Namespace;
use super::{Body, FormField, GraphQlVariables, Scalar, vars};
use crate::read;
use crate::read::RequestItem;

impl Modeler<'_> {
    pub(super) fn body(&mut self, req: &read::Request<'_>, item: &RequestItem<'_>) -> Option<Body> {
        let _ = item;
        let header_ct = req
            .headers
            .iter()
            .rev()
            .find(|h| !h.disabled && h.key.trim().eq_ignore_ascii_case("content-type"))
            .map(|h| h.value.trim().to_owned())
            .filter(|v| !v.is_empty());
        match req.body.as_ref()? {
            read::Body::Raw {
                text,
                language,
                span,
            } => {
                if text.is_empty() {
                    return None;
                }
                let content_type = header_ct.unwrap_or_else(|| {
                    match language.as_deref() {
                        Some("json") => "application/json",
                        Some("xml") => "application/xml",
                        Some("html") => "text/html",
                        Some("javascript") => "application/javascript",
                        _ => "text/plain",
                    }
                    .to_owned()
                });
                if language.as_deref() == Some("json") || content_type.contains("json") {
                    Some(Body::Json {
                        content_type: Some(content_type),
                        example: text.to_string(),
                        span: *span,
                    })
                } else {
                    Some(Body::Text {
                        content_type,
                        example: text.to_string(),
                    })
                }
            }
            read::Body::UrlEncoded(fields) => {
                let fields = self.form_fields(fields, false);
                (!fields.is_empty()).then(|| Body::UrlEncoded {
                    type_ident: String::new(),
                    fields,
                })
            }
            read::Body::FormData(fields) => {
                let fields = self.form_fields(fields, true);
                (!fields.is_empty()).then(|| Body::Multipart {
                    type_ident: String::new(),
                    fields,
                })
            }
            read::Body::File { src, .. } => Some(Body::Binary {
                content_type: header_ct.or_else(|| super::mime::of_src(src.as_deref())),
                src: src.as_deref().map(str::to_owned),
            }),
            read::Body::GraphQl {
                query, variables, ..
            } => Some(Body::GraphQl {
                query: self.template(query),
                variables: match variables {
                    None => GraphQlVariables::Omitted,
                    Some(None) => GraphQlVariables::Null,
                    // Postman leaves out empty variables; blank ones too here (it would send
                    // `"variables":` and the blanks, which is not JSON).
                    Some(Some(v)) if v.trim().is_empty() => GraphQlVariables::Omitted,
                    Some(Some(v)) => GraphQlVariables::Example(v.to_string()),
                },
            }),
        }
    }

    fn form_fields(&mut self, fields: &[read::FormField<'_>], multipart: bool) -> Vec<FormField> {
        let mut out: Vec<FormField> = Vec::new();
        // Where each key (and whether it is a file) is in `out`: a key seen again is repeated.
        let mut seen: std::collections::HashMap<(&str, bool), usize> = Default::default();
        for f in fields {
            if f.key.is_empty() && f.value.as_deref().is_none_or(str::is_empty) && f.src.is_empty()
            {
                continue;
            }
            let is_file = multipart && f.is_file;
            let examples: Vec<String> = if is_file {
                f.src.iter().map(|s| s.to_string()).collect()
            } else {
                f.value.iter().map(|s| s.to_string()).collect()
            };
            if let Some(existing) = seen
                .get(&(f.key.as_ref(), is_file))
                .and_then(|&at| out.get_mut(at))
            {
                existing.repeated = true;
                super::params::merge_examples(
                    &mut existing.examples,
                    &mut existing.enabled,
                    examples,
                    !f.disabled,
                );
                continue;
            }
            let (marked, docs) = required_mark(f.description.as_deref());
            let fallback = f
                .value
                .as_deref()
                .filter(|v| !is_file && vars::has_vars(v) && self.defined(v))
                .map(|v| self.template(v));
            let required = !f.disabled && (marked || !self.marker_style) && fallback.is_none();
            seen.insert((f.key.as_ref(), is_file), out.len());
            out.push(FormField {
                key: f.key.to_string(),
                ident: String::new(),
                is_file,
                ty: Scalar::Str,
                required,
                repeated: is_file && f.src.len() > 1,
                content_type: f.content_type.as_deref().map(str::to_owned),
                docs,
                examples,
                enabled: !f.disabled,
                fallback,
                group: None,
                choices: None,
            });
        }
        for f in &mut out {
            if !f.is_file && !f.examples.iter().any(|e| vars::has_vars(e)) {
                f.ty = scalar_of(f.examples.iter().map(String::as_str));
            }
        }
        let mut out = super::brackets::group(out);
        let mut idents = Namespace::default();
        for f in &mut out {
            f.ident = idents.claim(&super::brackets::field_ident(&f.key), false);
        }
        out
    }
}

/// Methods whose body Postman drops unless `disableBodyPruning` is set.
pub(super) fn prunes_body(method: &str) -> bool {
    matches!(method, "GET" | "HEAD" | "COPY" | "PURGE" | "UNLOCK")
}

/// Where a request's body is written.
pub(super) fn body_span(req: &read::Request<'_>) -> crate::json::Span {
    match &req.body {
        Some(
            read::Body::Raw { span, .. }
            | read::Body::File { span, .. }
            | read::Body::GraphQl { span, .. },
        ) => *span,
        Some(read::Body::UrlEncoded(f) | read::Body::FormData(f)) => match (f.first(), f.last()) {
            (Some(a), Some(b)) => crate::json::Span {
                start: a.span.start,
                end: b.span.end,
            },
            _ => req.span,
        },
        None => req.span,
    }
}
