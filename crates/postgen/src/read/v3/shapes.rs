//! The field shapes v3 files write in two ways: headers, query parameters, path variables,
//! variables, credentials and form fields come as a map (`Accept: application/json`) or as a list
//! of entries (`- key: Accept` / `value: …` / `disabled: true` / `description: …`); both read
//! the same. And the smaller shapes every v3 file shares: `$kind`, `order`, scripts.

use std::borrow::Cow;

use crate::diag::Finding;
use crate::json::{Kind, Span, Value};
use crate::read::Event;
use crate::read::fields::{description, flag_disabled, object, opt_text, text};

/// One entry of a map-or-list field.
pub struct Entry<'v, 'a> {
    pub key: Cow<'a, str>,
    /// `None` where the entry has no value (`key:` alone, or no `value`).
    pub value: Option<&'v Value<'a>>,
    pub disabled: bool,
    pub description: Option<Cow<'a, str>>,
    /// The list entry, or the map member's value.
    pub span: Span,
    /// The list entry (for its other keys: `type`, `src`, …); `None` for a map member.
    pub entry: Option<&'v Value<'a>>,
}

impl<'a> Entry<'_, 'a> {
    /// The value as text (structured values as compact JSON), `None` for none or `null`.
    pub fn text(&self, what: &str) -> Result<Option<Cow<'a, str>>, Finding> {
        match self.value {
            Some(v) => opt_text(v, what),
            None => Ok(None),
        }
    }
}

/// Reads a map-or-list field; `what` names its entries in messages ("headers"). Missing or `null`
/// is no entry; an entry of a list without a `key` is skipped (there is nothing to send).
pub fn entries<'v, 'a>(
    v: Option<&'v Value<'a>>,
    what: &str,
) -> Result<Vec<Entry<'v, 'a>>, Finding> {
    let Some(v) = v else {
        return Ok(Vec::new());
    };
    match &v.kind {
        Kind::Null => Ok(Vec::new()),
        Kind::Object(members) => Ok(members
            .iter()
            .map(|m| Entry {
                key: m.key.clone(),
                value: Some(&m.value),
                disabled: false,
                description: None,
                span: m.value.span,
                entry: None,
            })
            .collect()),
        Kind::Array(list) => {
            let mut out = Vec::with_capacity(list.len());
            for e in list {
                if e.is_null() {
                    continue;
                }
                object(
                    e,
                    &format!("one of the {what} (a mapping with `key` and `value`)"),
                )?;
                let Some(key) = e
                    .get("key")
                    .map(|k| text(k, "a name"))
                    .transpose()?
                    .flatten()
                else {
                    continue;
                };
                out.push(Entry {
                    key,
                    value: e.get("value"),
                    disabled: flag_disabled(e),
                    description: e.get("description").and_then(description),
                    span: e.span,
                    entry: Some(e),
                });
            }
            Ok(out)
        }
        _ => Err(Finding::wrong_type(
            v,
            &format!("{what} (a mapping, or a list of `key`/`value` entries)"),
        )),
    }
}

/// The file's `$kind`, which every v3 file starts with.
pub fn kind<'v>(root: &'v Value<'_>, expected: &str) -> Result<&'v str, Finding> {
    object(
        root,
        &format!("a v3 file (a YAML mapping with `$kind: {expected}`)"),
    )?;
    match root.get("$kind") {
        None => Err(Finding::new(
            root.span,
            format!("missing `$kind` (expected `$kind: {expected}`)"),
        )),
        Some(k) => k
            .as_str()
            .ok_or_else(|| Finding::wrong_type(k, "a `$kind` (a string)")),
    }
}

/// The `$kind` value's span, for messages about it.
pub fn kind_span(root: &Value<'_>) -> Span {
    root.get("$kind").map_or(root.span, |k| k.span)
}

/// `order`: a number; missing, it sorts after every ordered sibling.
pub fn order(root: &Value<'_>) -> Result<Option<f64>, Finding> {
    match root.get("order") {
        None => Ok(None),
        Some(v) => match &v.kind {
            Kind::Null => Ok(None),
            Kind::Number(n) => Ok(n.parse::<f64>().ok().filter(|f| f.is_finite())),
            Kind::String(s) => s
                .trim()
                .parse::<f64>()
                .ok()
                .filter(|f| f.is_finite())
                .map(Some)
                .ok_or_else(|| Finding::wrong_type(v, "an `order` (a number)")),
            _ => Err(Finding::wrong_type(v, "an `order` (a number)")),
        },
    }
}

/// `scripts: [{type, code, language}]` as events: `beforeRequest` (and `http:beforeRequest`,
/// `graphql:beforeQuery`) is v2's `prerequest`, `afterResponse` its `test`. Empty scripts are
/// none, as in v2.
pub fn scripts(v: Option<&Value<'_>>) -> Result<Vec<Event>, Finding> {
    let Some(v) = v else {
        return Ok(Vec::new());
    };
    let list: &[Value<'_>] = match &v.kind {
        Kind::Null => &[],
        Kind::Array(list) => list,
        _ => return Err(Finding::wrong_type(v, "a list of scripts")),
    };
    let mut out = Vec::new();
    for s in list {
        object(s, "a script (a mapping with `type` and `code`)")?;
        let ty = s.get("type").and_then(Value::as_str).unwrap_or("");
        let listen = match ty.rsplit(':').next().unwrap_or(ty) {
            "beforeRequest" | "beforeQuery" | "beforeInvoke" => "prerequest",
            "afterResponse" => "test",
            other => other,
        };
        let code = match s.get("code").map(|c| &c.kind) {
            Some(Kind::String(c)) => c.to_string(),
            Some(Kind::Array(lines)) => lines
                .iter()
                .filter_map(Value::as_str)
                .collect::<Vec<_>>()
                .join("\n"),
            _ => String::new(),
        };
        if !code.trim().is_empty() {
            out.push(Event {
                listen: listen.to_owned(),
                exec: code,
                span: s.span,
            });
        }
    }
    Ok(out)
}
