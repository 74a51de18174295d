//! Request names that may not say what the request does. The function is named after the
//! request, so a name copied from another request (Stripe's "Refund a Charge or a PaymentIntent
//! in-person", which is `POST /v1/account_sessions`) or cut short ("Update the user's notif…")
//! names the function wrongly; both are kept as written, and warned about.

use std::collections::HashSet;

use super::url::SplitUrl;

/// The resources the collection's paths name: each static path segment as one word
/// (`payment_intents` → `paymentintent`), singular.
#[derive(Debug, Default)]
pub(super) struct Resources(HashSet<String>);

impl Resources {
    pub(super) fn add(&mut self, url: &SplitUrl<'_, '_>) {
        for s in static_segments(url) {
            self.0.insert(singular(&words(s).concat()));
        }
    }
}

/// Why the request's name may be wrong, if it may.
pub(super) fn check(
    name: &str,
    method: &str,
    url: &SplitUrl<'_, '_>,
    all: &Resources,
) -> Option<String> {
    if let Some(why) = truncated(name) {
        return Some(format!(
            "the request's name \"{}\" looks cut short ({why}): the function is named after it as written",
            name.trim()
        ));
    }
    let segments: Vec<&str> = static_segments(url).collect();
    // GraphQL and RPC endpoints name the operation in the body, not the path.
    if segments.is_empty() || segments.iter().any(|s| s.eq_ignore_ascii_case("graphql")) {
        return None;
    }
    let name_words: Vec<String> = words(name).iter().map(|w| singular(w)).collect();
    if segments.iter().any(|s| mentions(&name_words, s)) {
        return None;
    }
    // Resources the name names that other requests reach, and this one does not.
    let mut elsewhere: Vec<String> = Vec::new();
    for n in 1..=3 {
        for gram in name_words.windows(n) {
            let gram = singular(&gram.concat());
            if gram.len() > 2
                && !VERBS.contains(&gram.as_str())
                && all.0.contains(&gram)
                && !elsewhere.contains(&gram)
            {
                elsewhere.push(gram);
            }
        }
    }
    // One shared word is often a sub-resource named differently; two are another request's name.
    if elsewhere.len() < 2 {
        return None;
    }
    let path: Vec<&str> = url.path.iter().map(|s| s.as_ref()).collect();
    Some(format!(
        "the request's name \"{}\" names {}, which other requests of the collection reach, but \
         the request is `{method} /{}`: the function is named after the request as written; \
         check that the name is this request's",
        name.trim(),
        elsewhere
            .iter()
            .map(|w| format!("`{w}`"))
            .collect::<Vec<_>>()
            .join(", "),
        path.join("/"),
    ))
}

/// Words that say what is done, not to what.
const VERBS: &[&str] = &[
    "add", "get", "update", "create", "delete", "list", "set", "remove", "start", "stop", "search",
    "find", "with", "put", "post", "patch", "make", "send", "run", "check", "enable", "disable",
    "test", "user", "me", "api", "all", "by", "the", "and", "for",
];

/// How a name looks cut short: an ellipsis, or a bracket or quote it opens and never closes.
fn truncated(name: &str) -> Option<&'static str> {
    let t = name.trim_end();
    if t.ends_with("...") || t.ends_with('…') {
        return Some("it ends in an ellipsis");
    }
    let opens = |o: char, c: char| {
        t.chars().filter(|&x| x == o).count() > t.chars().filter(|&x| x == c).count()
    };
    if opens('(', ')') || opens('[', ']') {
        return Some("a bracket is left open");
    }
    if t.chars().filter(|&c| c == '"').count() % 2 == 1
        || t.chars().filter(|&c| c == '`').count() % 2 == 1
    {
        return Some("a quote is left open");
    }
    None
}

/// The segments of the path that are not variables.
fn static_segments<'u>(url: &'u SplitUrl<'_, '_>) -> impl Iterator<Item = &'u str> {
    url.path.iter().map(|s| s.as_ref()).filter(|s: &&str| {
        !s.is_empty()
            && !s.starts_with(':')
            && !s.contains('{')
            && !s.bytes().all(|b| b.is_ascii_digit() || b == b'.')
    })
}

/// Whether the name's words spell a word of the segment, or the segment itself run together
/// (`groupname` from "group by name").
fn mentions(name_words: &[String], segment: &str) -> bool {
    let seg: Vec<String> = words(segment).iter().map(|w| singular(w)).collect();
    let close = |a: &str, b: &str| {
        a == b || (a.len().min(b.len()) >= 5 && (a.starts_with(b) || b.starts_with(a)))
    };
    if seg.iter().any(|s| name_words.iter().any(|n| close(n, s))) {
        return true;
    }
    spelled(&singular(&seg.concat()), name_words)
}

/// Whether `word` is some of `parts`, in order, run together.
fn spelled(word: &str, parts: &[String]) -> bool {
    if word.is_empty() {
        return true;
    }
    parts.iter().enumerate().any(|(i, p)| {
        let p = p.as_str();
        !p.is_empty()
            && (word
                .strip_prefix(p)
                .is_some_and(|rest| spelled(rest, &parts[i + 1..]))
                || word == singular(p))
    })
}

/// Lower-case ASCII words: `PaymentIntent in-person` → `payment`, `intent`, `in`, `person`.
fn words(s: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut cur = String::new();
    let mut prev_lower = false;
    for c in s.chars() {
        if c.is_ascii_alphabetic() {
            if c.is_ascii_uppercase() && prev_lower && !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            prev_lower = c.is_ascii_lowercase();
            cur.push(c.to_ascii_lowercase());
        } else {
            prev_lower = false;
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// A plural's singular, near enough to compare words: `entries` → `entry`, `boxes` → `box`.
fn singular(w: &str) -> String {
    if let Some(stem) = w.strip_suffix("ies").filter(|s| s.len() > 1) {
        return format!("{stem}y");
    }
    for suffix in ["ses", "xes", "ches", "shes"] {
        if w.len() > suffix.len() + 1 && w.ends_with(suffix) {
            return w[..w.len() - 2].to_owned();
        }
    }
    match w.strip_suffix('s') {
        // Not `status`, `access`, `analysis`.
        Some(stem) if stem.len() > 2 && !stem.ends_with(['s', 'u', 'i']) => stem.to_owned(),
        _ => w.to_owned(),
    }
}

#[cfg(test)]
mod tests;
