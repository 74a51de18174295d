//! Splitting a Postman URL into host, path segments and query, from its parsed parts where the
//! collection has them and from the raw text where it does not (`raw` only, `raw: null`, or
//! `path` given as one string).

use std::borrow::Cow;

use super::vars;
use crate::read::{QueryParam, Url};

pub struct SplitUrl<'u, 'a> {
    /// The host as written: protocol, host and port, e.g. `{{baseUrl}}` or `https://api.box.com`.
    pub host: String,
    pub path: Vec<Cow<'u, str>>,
    pub query: Vec<Query<'u, 'a>>,
}

/// A query parameter, from the URL object or parsed out of `raw`.
pub enum Query<'u, 'a> {
    Listed(&'u QueryParam<'a>),
    Raw { key: String, value: Option<String> },
}

/// What one path segment is: a path parameter or text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PathSegment<'s> {
    /// `:id` (`colon`) or a segment that is exactly `{{id}}`; `rest` is literal text after the
    /// parameter, as in `:id.json` (Postman's parameter name ends at a dot).
    Param {
        key: &'s str,
        colon: bool,
        rest: &'s str,
    },
    /// Literal text, which may hold `{{variables}}`; a lone `:` is text.
    Text(&'s str),
}

/// Classifies a path segment (the one rule for what a path parameter is).
pub fn path_segment(seg: &str) -> PathSegment<'_> {
    if let Some(name) = seg.strip_prefix(':') {
        return match name.find('.') {
            Some(i) if i > 0 => PathSegment::Param {
                key: &name[..i],
                colon: true,
                rest: &name[i..],
            },
            _ if !name.is_empty() => PathSegment::Param {
                key: name,
                colon: true,
                rest: "",
            },
            _ => PathSegment::Text(seg),
        };
    }
    match vars::sole_var(seg) {
        Some(key) => PathSegment::Param {
            key,
            colon: false,
            rest: "",
        },
        None => PathSegment::Text(seg),
    }
}

pub fn split<'u, 'a>(url: &'u Url<'a>) -> SplitUrl<'u, 'a> {
    let raw = url.raw.as_deref().unwrap_or("");
    let raw = raw.split('#').next().unwrap_or("");
    let (raw_before_query, raw_query) = match raw.split_once('?') {
        Some((a, b)) => (a, Some(b)),
        None => (raw, None),
    };
    let (raw_protocol, after_protocol) = match raw_before_query.split_once("://") {
        Some((p, rest)) if !p.contains('/') && !p.contains("{{") => (Some(p), rest),
        _ => (None, raw_before_query),
    };
    let (raw_host, raw_path) = match after_protocol.find('/') {
        Some(i) => (&after_protocol[..i], &after_protocol[i + 1..]),
        None => (after_protocol, ""),
    };

    let host = if url.host.is_empty() {
        let mut h = String::new();
        if let Some(p) = raw_protocol {
            h.push_str(p);
            h.push_str("://");
        }
        h.push_str(raw_host);
        h
    } else {
        let mut h = String::new();
        if let Some(p) = url.protocol.as_deref().or(raw_protocol) {
            h.push_str(p);
            h.push_str("://");
        }
        h.push_str(&url.host.join("."));
        if let Some(port) = &url.port {
            h.push(':');
            h.push_str(port);
        }
        h
    };

    let path = match &url.path {
        Some(segments) => segments.iter().map(|s| Cow::Borrowed(s.as_ref())).collect(),
        None if raw_path.is_empty() => Vec::new(),
        None => raw_path.split('/').map(Cow::Borrowed).collect(),
    };

    let query = if !url.query.is_empty() || raw_query.is_none() {
        url.query.iter().map(Query::Listed).collect()
    } else {
        raw_query
            .unwrap_or("")
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|p| match p.split_once('=') {
                Some((k, v)) => Query::Raw {
                    key: k.to_owned(),
                    value: Some(v.to_owned()),
                },
                None => Query::Raw {
                    key: p.to_owned(),
                    value: None,
                },
            })
            .collect()
    };

    SplitUrl { host, path, query }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(s: &str) -> Url<'_> {
        Url {
            raw: Some(Cow::Borrowed(s)),
            ..Url::default()
        }
    }

    #[test]
    fn raw_urls() {
        let u = raw("{{baseUrl}}/webinars/:webinarId/livestream?a=1&flag");
        let s = split(&u);
        assert_eq!(s.host, "{{baseUrl}}");
        assert_eq!(s.path, vec!["webinars", ":webinarId", "livestream"]);
        assert_eq!(s.query.len(), 2);
        let u = raw("https://api.box.com/2.0/folders/:id");
        let s = split(&u);
        assert_eq!(s.host, "https://api.box.com");
        assert_eq!(s.path, vec!["2.0", "folders", ":id"]);
        let u = raw("{{host}}");
        assert!(split(&u).path.is_empty());
    }

    #[test]
    fn parsed_parts_win() {
        let u = Url {
            raw: None,
            protocol: Some("https".into()),
            host: vec!["api".into(), "example".into(), "com".into()],
            port: Some("8443".into()),
            path: Some(vec!["v1".into(), "x".into()]),
            ..Url::default()
        };
        let s = split(&u);
        assert_eq!(s.host, "https://api.example.com:8443");
        assert_eq!(s.path, vec!["v1", "x"]);
    }
}
