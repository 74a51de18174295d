//! What the collection does with its variables, read once before modelling: which ones requests
//! refer to, and which hold credentials (whose values are never compiled in).

use std::collections::HashSet;

use super::vars::{self, is_secret_name};
use crate::read::{self, Collection, Item};

/// Variables whose values are credentials: referenced by any auth block or Authorization header,
/// or named like one. Their values are never compiled into generated code.
pub(super) fn secret_variables(c: &Collection<'_>) -> HashSet<String> {
    let mut out = HashSet::new();
    let mut auths: Vec<&read::Auth<'_>> = c.auth.iter().collect();
    let mut headers = Vec::new();
    c.each_item(&mut |item| match item {
        Item::Folder(f) => auths.extend(&f.auth),
        Item::Request(r) => {
            auths.extend(&r.request.auth);
            headers.extend(r.request.headers.iter().filter(|h| {
                h.key.trim().eq_ignore_ascii_case("authorization") || is_secret_name(&h.key)
            }));
        }
    });
    let values = auths
        .iter()
        .flat_map(|a| &a.params)
        .filter_map(|p| p.value.as_deref())
        .chain(headers.iter().map(|h| h.value.as_ref()));
    for v in values {
        out.extend(vars::var_names(v).map(str::to_owned));
    }
    out.extend(
        c.variables
            .iter()
            .filter(|v| is_secret_name(&v.key))
            .map(|v| v.key.to_string()),
    );
    out
}

/// The variables one request refers to (its auth block's too, not an inherited one's), sorted,
/// each once.
pub(super) fn request_variables(r: &read::RequestItem<'_>) -> Vec<String> {
    let mut texts = Vec::new();
    request_texts(r, &mut texts);
    let mut out: Vec<String> = texts
        .iter()
        .flat_map(|t| vars::var_names(t))
        .map(str::to_owned)
        .collect();
    out.sort();
    out.dedup();
    out
}

/// The values of an auth block's parameters.
fn auth_values<'s>(a: Option<&'s read::Auth<'_>>) -> impl Iterator<Item = &'s str> {
    a.into_iter()
        .flat_map(|a| &a.params)
        .filter_map(|p| p.value.as_deref())
}

/// Every text of a request that may refer to variables.
fn request_texts<'s>(r: &'s read::RequestItem<'_>, texts: &mut Vec<&'s str>) {
    let q = &r.request;
    texts.extend(auth_values(q.auth.as_ref()));
    let u = &q.url;
    texts.extend(
        u.raw
            .iter()
            .chain(&u.host)
            .chain(u.path.iter().flatten())
            .chain(&u.port)
            .map(|s| s.as_ref()),
    );
    for p in &u.query {
        texts.push(&p.key);
        texts.extend(p.value.as_deref());
    }
    texts.extend(u.variables.iter().filter_map(|v| v.value.as_deref()));
    texts.extend(r.variables.iter().filter_map(|v| v.value.as_deref()));
    for h in &q.headers {
        texts.push(&h.key);
        texts.push(&h.value);
    }
    match &q.body {
        Some(read::Body::Raw { text, .. }) => texts.push(text),
        Some(read::Body::UrlEncoded(f) | read::Body::FormData(f)) => {
            for f in f {
                texts.push(&f.key);
                texts.extend(f.value.iter().chain(&f.src).map(|s| s.as_ref()));
            }
        }
        Some(read::Body::File { src, .. }) => texts.extend(src.as_deref()),
        Some(read::Body::GraphQl {
            query, variables, ..
        }) => {
            texts.push(query);
            texts.extend(variables.iter().flatten().map(|v| v.as_ref()));
        }
        None => {}
    }
}
