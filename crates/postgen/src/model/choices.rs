//! Values a parameter's description documents as the only ones allowed ("One of `none`,
//! `exempt`, or `reverse`", "Allowed values: pending, successful, failed"): the field becomes an
//! enum of them, with `Other(String)` for any value the collection does not document (an API
//! adds values; the client must still send and compare them).
//!
//! Read conservatively: a list the description gives as the field's values, of plain tokens, and
//! every example the collection gives among them; anything else stays a `String`.

use std::collections::HashMap;

use super::names::{self, Namespace};
use super::{Body, Choices, EnumDef, FormField, GroupShape, Module, QueryKind, Scalar, vars};

/// Phrases that introduce the list of values, lower-cased; the list is the backticked values of
/// the sentence that follows, or else the comma-separated words up to the end of the line.
const TRIGGERS: &[&str] = &[
    "one of",
    "either",
    "possible values",
    "allowed values",
    "valid values",
    "can only be",
    "must be",
];

/// The most values an enum gets (a longer list is rather a vocabulary than a choice).
const MAX_VALUES: usize = 64;

/// The values `docs` documents for a field of type `ty` with these `examples`, if it documents
/// them as a closed list.
pub(super) fn documented(docs: Option<&str>, ty: Scalar, examples: &[String]) -> Option<Choices> {
    if ty != Scalar::Str {
        return None;
    }
    let docs = docs?;
    let lower = docs.to_ascii_lowercase();
    // A list of several values, or values in another field's terms.
    if lower.contains("comma-separated") || lower.contains("comma separated") {
        return None;
    }
    let values = TRIGGERS.iter().find_map(|t| {
        let at = lower.find(t)?;
        list(&docs[at + t.len()..])
    })?;
    // An example with a variable is sent as the variable's value: text.
    if examples.iter().any(|e| vars::has_vars(e)) {
        return None;
    }
    let given = examples
        .iter()
        .map(|e| e.trim())
        .filter(|e| !e.is_empty() && !is_placeholder(e));
    for e in given {
        if !values.iter().any(|v| v == e) {
            return None;
        }
    }
    Some(Choices {
        type_ident: String::new(),
        variants: variants(&values),
    })
}

/// The values listed at the start of `text`: backticked ones up to the end of the sentence, or
/// plain comma-separated tokens up to the end of the line.
fn list(text: &str) -> Option<Vec<String>> {
    let mut text = text.trim_start_matches(' ');
    // "Possible values (not case-sensitive): …"
    if let Some(rest) = text.strip_prefix('(') {
        if let Some((_, after)) = rest
            .split_once(')')
            .filter(|(inner, _)| !inner.contains(','))
        {
            text = after;
        }
    }
    let text = text.trim_start_matches([':', ' ', '(', '*']);
    let sentence_end = sentence_end(text);
    let sentence = &text[..sentence_end];
    let mut values: Vec<String> = Vec::new();
    if sentence.contains('`') {
        for (i, part) in sentence.split('`').enumerate() {
            if i % 2 == 1 {
                push(&mut values, part)?;
            }
        }
    } else {
        let line = text
            .trim_start_matches(['\n', '\r', ' '])
            .split(['\n', '.', ')', ';'])
            .next()
            .unwrap_or("");
        let line = line.trim_start_matches(['(', ' ']);
        for part in line.split(',') {
            let part = part.trim().trim_matches('*').trim();
            let part = part.strip_prefix("or ").unwrap_or(part).trim();
            push(&mut values, part)?;
        }
    }
    (values.len() >= 2 && values.len() <= MAX_VALUES).then_some(values)
}

/// Where the sentence at the start of `text` ends: a period outside backticks followed by a
/// space or the end, or a line break.
fn sentence_end(text: &str) -> usize {
    let mut in_code = false;
    let bytes = text.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'`' => in_code = !in_code,
            b'\n' if !in_code => return i,
            b'.' if !in_code && bytes.get(i + 1).is_none_or(|c| c.is_ascii_whitespace()) => {
                return i;
            }
            _ => {}
        }
    }
    text.len()
}

/// Adds a value: a plain token (letters, digits, `_ - . :`), once.
fn push(values: &mut Vec<String>, v: &str) -> Option<()> {
    let plain = !v.is_empty()
        && v.len() <= 64
        && v.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.' | b':'));
    if !plain {
        return None;
    }
    if !values.iter().any(|x| x == v) {
        values.push(v.to_owned());
    }
    Some(())
}

/// openapi-to-postman's type placeholders (`<string>`).
fn is_placeholder(e: &str) -> bool {
    e.starts_with('<') && e.ends_with('>')
}

/// A variant per value, `UpperCamelCase`, unique (`Other` is the catch-all's).
fn variants(values: &[String]) -> Vec<(String, String)> {
    let mut idents = Namespace::with_reserved(&["Other", "Self"]);
    values
        .iter()
        .map(|v| {
            let base = names::camel(v)
                .filter(|c| c.starts_with(|ch: char| ch.is_ascii_alphabetic()))
                .unwrap_or_else(|| {
                    let word: String = v.chars().filter(char::is_ascii_alphanumeric).collect();
                    format!("Value{word}")
                });
            (idents.claim(&base, true), v.clone())
        })
        .collect()
}

/// Finds the documented values of every module's query parameters and form fields, and names
/// their enums: one per list of values in a module, named after its first field
/// (`CreateAccountType`), listed in the module.
pub(super) fn find(m: &mut Module) {
    let mut by_values: HashMap<Vec<String>, String> = HashMap::new();
    let mut defs: Vec<EnumDef> = Vec::new();
    let mut claim = |c: &mut Choices, base: &str, types: &mut Namespace| {
        let values: Vec<String> = c.variants.iter().map(|(_, v)| v.clone()).collect();
        let name = by_values.entry(values).or_insert_with(|| {
            let name = types.claim(base, true);
            defs.push(EnumDef {
                name: name.clone(),
                variants: c.variants.clone(),
            });
            name
        });
        c.type_ident.clone_from(name);
    };
    for op in &mut m.operations {
        // "One of `customer` or `subscription` must be set" lists parameters, not values.
        let names = parameter_names(op);
        let about_parameters =
            |c: &Choices| c.variants.iter().any(|(_, v)| names.contains(v.as_str()));
        // A form field's (or a grouped parameter's) list, unless it names parameters.
        let mut claim_field = |c: &mut Choices, base: &str| {
            if about_parameters(c) {
                return false;
            }
            claim(c, base, &mut m.types);
            true
        };
        for q in &mut op.query {
            let plain = q.kind == QueryKind::Value
                && !q.repeated
                && q.fallback.is_none()
                && q.grouped.is_none();
            q.choices = plain
                .then(|| documented(q.docs.as_deref(), q.ty, sent(q.enabled, &q.examples)))
                .flatten()
                .filter(|c| !about_parameters(c));
            if let Some(c) = &mut q.choices {
                let base = format!(
                    "{}{}",
                    op.type_prefix,
                    names::camel(&q.key).unwrap_or_default()
                );
                claim_field(c, &base);
            }
            if let Some(f) = q.grouped.as_deref_mut() {
                form_field(f, &op.type_prefix, &mut claim_field);
            }
        }
        if let Some(Body::UrlEncoded { fields, .. } | Body::Multipart { fields, .. }) = &mut op.body
        {
            for f in fields {
                form_field(f, &op.type_prefix, &mut claim_field);
            }
        }
    }
    m.enums = defs;
    for sub in &mut m.modules {
        find(sub);
    }
}

/// [`find`] for a form field and the fields of its group, `path` naming it. The elements of a
/// list take the list's item type, which is what gets the enum.
fn form_field(f: &mut FormField, path: &str, claim: &mut dyn FnMut(&mut Choices, &str) -> bool) {
    let path = format!("{path}{}", names::camel(&f.key).unwrap_or_default());
    let Some(group) = f.group.as_deref_mut() else {
        let plain = !f.is_file && !f.repeated && f.content_type.is_none() && f.fallback.is_none();
        f.choices = plain
            .then(|| documented(f.docs.as_deref(), f.ty, sent(f.enabled, &f.examples)))
            .flatten();
        if let Some(c) = &mut f.choices {
            if !claim(c, &path) {
                f.choices = None;
            }
        }
        return;
    };
    match &mut group.shape {
        GroupShape::Struct { fields, .. } => {
            for c in fields {
                form_field(c, &path, claim);
            }
        }
        GroupShape::List { item, .. } => form_field(item, &path, claim),
        GroupShape::Map => {}
    }
}

/// The examples that are sent (a disabled field's, often a generator's `status_example`, are
/// not, and say nothing of the values).
fn sent(enabled: bool, examples: &[String]) -> &[String] {
    if enabled { examples } else { &[] }
}

/// The keys of the operation's query parameters and form fields, and each segment of their
/// bracket notation (`customer_details[address]` gives `customer_details` and `address`).
fn parameter_names(op: &super::Operation) -> std::collections::HashSet<String> {
    let mut out = std::collections::HashSet::new();
    let mut add = |key: &str| {
        for part in key.split(['[', ']']).filter(|p| !p.is_empty()) {
            out.insert(part.to_owned());
        }
    };
    for q in &op.query {
        match q.grouped.as_deref().and_then(|f| f.group.as_deref()) {
            Some(g) => g.keys.iter().for_each(|k| add(k)),
            None => add(&q.key),
        }
    }
    if let Some(Body::UrlEncoded { fields, .. } | Body::Multipart { fields, .. }) = &op.body {
        for f in fields {
            match f.group.as_deref() {
                Some(g) => g.keys.iter().for_each(|k| add(k)),
                None => add(&f.key),
            }
        }
    }
    out
}

#[cfg(test)]
mod tests;
