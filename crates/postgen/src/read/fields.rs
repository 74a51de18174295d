//! Small readers for the field shapes that recur across the collection format.

use std::borrow::Cow;

use crate::diag::Finding;
use crate::json::{Kind, Member, Span, Value, to_compact_string};

pub fn object<'v, 'a>(v: &'v Value<'a>, what: &str) -> Result<&'v [Member<'a>], Finding> {
    v.as_object().ok_or_else(|| Finding::wrong_type(v, what))
}

/// A scalar read as text: strings as they are, numbers as written, booleans as `true`/`false`.
/// Real exports put numbers where the schema says string (ports, values, codes).
pub fn text<'a>(v: &Value<'a>, what: &str) -> Result<Option<Cow<'a, str>>, Finding> {
    Ok(match &v.kind {
        Kind::String(s) => Some(s.clone()),
        Kind::Number(n) => Some(Cow::Borrowed(n)),
        Kind::Bool(b) => Some(Cow::Borrowed(if *b { "true" } else { "false" })),
        Kind::Null => None,
        _ => return Err(Finding::wrong_type(v, what)),
    })
}

/// Like [`text`], but structured values (a variable holding an object) become compact JSON text.
pub fn opt_text<'a>(v: &Value<'a>, what: &str) -> Result<Option<Cow<'a, str>>, Finding> {
    match &v.kind {
        Kind::Array(_) | Kind::Object(_) => Ok(Some(Cow::Owned(to_compact_string(v)))),
        _ => text(v, what),
    }
}

/// A description: a string, `{content, type}`, `null` or `{}`.
pub fn description<'a>(v: &Value<'a>) -> Option<Cow<'a, str>> {
    let s = match &v.kind {
        Kind::String(s) => s.clone(),
        Kind::Object(_) => match v.get("content").map(|c| &c.kind) {
            Some(Kind::String(s)) => s.clone(),
            _ => return None,
        },
        _ => return None,
    };
    (!s.trim().is_empty()).then_some(s)
}

/// `disabled: true`, or the `enabled: false` that some exporters write instead.
pub fn flag_disabled(v: &Value<'_>) -> bool {
    let truthy = |x: &Value<'_>| match &x.kind {
        Kind::Bool(b) => Some(*b),
        Kind::String(s) => Some(s.as_ref() == "true"),
        _ => None,
    };
    v.get("disabled").and_then(truthy).unwrap_or(false)
        || v.get("enabled").and_then(truthy) == Some(false)
}

/// A list of entries; `null` or missing is empty, a lone object is a list of one.
pub fn vec_of<'a, T>(
    v: Option<&Value<'a>>,
    what: &str,
    mut each: impl FnMut(&Value<'a>) -> Result<Option<T>, Finding>,
) -> Result<Vec<T>, Finding> {
    let Some(v) = v else {
        return Ok(Vec::new());
    };
    match &v.kind {
        Kind::Null => Ok(Vec::new()),
        Kind::Array(list) => {
            let mut out = Vec::with_capacity(list.len());
            for x in list {
                if x.is_null() {
                    continue;
                }
                if let Some(t) = each(x)? {
                    out.push(t);
                }
            }
            Ok(out)
        }
        Kind::Object(_) => Ok(each(v)?.into_iter().collect()),
        _ => Err(Finding::wrong_type(v, &format!("a list of {what}"))),
    }
}

/// The text at `key` of `v` (a name, say), or `default` when it is absent or `null`.
pub fn text_or<'a>(
    v: &Value<'a>,
    key: &str,
    what: &str,
    default: &'static str,
) -> Result<Cow<'a, str>, Finding> {
    Ok(match v.get(key) {
        Some(x) => text(x, what)?.unwrap_or(Cow::Borrowed(default)),
        None => Cow::Borrowed(default),
    })
}

/// A request's `method`, upper-cased, and where it is written; `GET` when absent or `null`.
pub fn method<'a>(request: &Value<'a>) -> Result<(Cow<'a, str>, Span), Finding> {
    Ok(match request.get("method") {
        Some(m) => match &m.kind {
            Kind::String(s) => (Cow::Owned(s.trim().to_ascii_uppercase()), m.span),
            Kind::Null => (Cow::Borrowed("GET"), m.span),
            _ => return Err(Finding::wrong_type(m, "an HTTP method (a string)")),
        },
        None => (Cow::Borrowed("GET"), request.span),
    })
}

/// One line of headers written as text (`Name: value`), as Postman reads them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HeaderLine<'s> {
    /// A header; `disabled` when the line starts with `//` (the v1 format's way).
    Header {
        key: &'s str,
        value: String,
        disabled: bool,
    },
    /// A line that is not `Name: value` (its name is empty or holds whitespace).
    Invalid(String),
}

/// Headers written as text, one per line, the one rule for every place a collection does so (a
/// v2 `header` string, a string in a header list, v1's `headers`): the name runs to the first
/// `:` and holds no whitespace, the value is trimmed, a line that starts with a space or tab
/// continues the one before (folding), blank lines are skipped.
pub fn header_lines(s: &str) -> Vec<HeaderLine<'_>> {
    let mut out: Vec<HeaderLine<'_>> = Vec::new();
    for line in s.split('\n') {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.starts_with([' ', '\t']) {
            if let Some(HeaderLine::Header { value, .. }) = out.last_mut() {
                value.push(' ');
                value.push_str(line.trim());
                continue;
            }
        }
        if line.trim().is_empty() {
            continue;
        }
        let parsed = line.split_once(':').and_then(|(k, v)| {
            let (k, disabled) = match k.trim_start().strip_prefix("//") {
                Some(rest) => (rest.trim(), true),
                None => (k.trim_start(), false),
            };
            (!k.is_empty() && !k.contains(char::is_whitespace)).then(|| HeaderLine::Header {
                key: k,
                value: v.trim().to_owned(),
                disabled,
            })
        });
        out.push(parsed.unwrap_or_else(|| HeaderLine::Invalid(line.trim().to_owned())));
    }
    out
}

/// The warning for a [`HeaderLine::Invalid`] line.
pub fn invalid_header_line(line: &str) -> String {
    format!(
        "header line `{}` is not `Name: value`: not sent",
        line.chars().take(60).collect::<String>()
    )
}

/// A form field's `src`: one file path or a list of them.
pub fn file_paths<'a>(src: Option<&Value<'a>>) -> Result<Vec<Cow<'a, str>>, Finding> {
    Ok(match src {
        None => Vec::new(),
        Some(s) => match &s.kind {
            Kind::Array(list) => list
                .iter()
                .filter_map(|x| opt_text(x, "a file path").ok().flatten())
                .collect(),
            _ => opt_text(s, "a file path")?.into_iter().collect(),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_lines_fold_disable_and_refuse_names_with_spaces() {
        let h = |key, value: &str, disabled| HeaderLine::Header {
            key,
            value: value.to_owned(),
            disabled,
        };
        assert_eq!(
            header_lines("A: 1\r\n//B:2\n  folded\nC : 3\nnot a header\n\n"),
            [
                h("A", "1", false),
                h("B", "2 folded", true),
                HeaderLine::Invalid("C : 3".to_owned()),
                HeaderLine::Invalid("not a header".to_owned()),
            ]
        );
        assert_eq!(header_lines(" X: y"), [h("X", "y", false)]);
        assert_eq!(
            header_lines("url: http://a:b"),
            [h("url", "http://a:b", false)]
        );
    }
}
