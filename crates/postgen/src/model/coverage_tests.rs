//! Nothing is dropped silently: every request, header, query parameter, form field and saved
//! response of a collection either reaches the model (and so the generated code) or is named by a
//! warning located at it. Checked on small collections here and, when `POSTGEN_CORPUS` names the
//! folder of real vendor collections, on each of them.

use std::collections::HashMap;

use super::url::{Query, split};
use super::*;
use crate::diag::{Finding, Findings};
use crate::json::{self, Kind, Span};
use crate::read::{self, Item};

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct Tally {
    /// In the collection / in the model.
    requests: (usize, usize),
    headers: (usize, usize),
    query: (usize, usize),
    fields: (usize, usize),
    responses: (usize, usize),
    warnings: usize,
}

struct Report {
    tally: Tally,
    /// Things neither in the model nor named by a warning.
    silent: Vec<String>,
}

fn check(text: &str) -> Result<Report, Finding> {
    check_with(text, true)
}

/// `keep_warnings: false` checks as if no warning had been given (to test the checker).
fn check_with(text: &str, keep_warnings: bool) -> Result<Report, Finding> {
    let root = json::parse(text, json::Options::default())
        .map_err(|e| Finding::new(Span::default(), e.message))?;
    let mut findings = Findings::default();
    let c = read::read(&root, &mut findings)?;
    let api = build(&c, &[], &mut findings)?;
    let mut ops = HashMap::new();
    api.root.each_operation(&mut |_, op| {
        ops.insert(op.span, op);
    });
    if !keep_warnings {
        findings.warnings.clear();
    }

    let mut tally = Tally {
        requests: (raw_requests(&root), ops.len()),
        warnings: findings.warnings.len(),
        ..Tally::default()
    };
    let mut silent = Vec::new();
    let warned = |item: Span, thing: Span| {
        findings.warnings.iter().any(|w| {
            let inside = w.span.start >= item.start && w.span.end <= item.end;
            inside && w.span.start < thing.end.max(thing.start + 1) && thing.start < w.span.end
        })
    };
    let mut requests = Vec::new();
    collect(&c.items, &mut requests);
    for r in requests {
        let Some(op) = ops.get(&r.span) else {
            if !warned(r.span, r.span) {
                silent.push(format!("request `{}`", r.name));
            }
            continue;
        };
        let req = &r.request;
        for h in &req.headers {
            let name = h.key.trim();
            if name.is_empty() && h.value.trim().is_empty() {
                continue;
            }
            tally.headers.0 += 1;
            let present = op.headers.iter().any(|p| p.name.eq_ignore_ascii_case(name))
                || (name.eq_ignore_ascii_case("content-type") && op.body.is_some())
                || (name.eq_ignore_ascii_case("authorization") && op.auth != Auth::None);
            if present {
                tally.headers.1 += 1;
            } else if !warned(r.span, h.span) {
                silent.push(format!("header `{name}` of `{}`", r.name));
            }
        }
        for q in split(&req.url).query {
            let (key, value, span) = match &q {
                Query::Listed(p) => (p.key.as_ref(), p.value.as_deref(), p.span),
                Query::Raw { key, value } => (key.as_str(), value.as_deref(), req.url.span),
            };
            if key.is_empty() && value.is_none_or(str::is_empty) {
                continue;
            }
            tally.query.0 += 1;
            let grouped = |p: &crate::model::QueryParam| {
                p.grouped
                    .as_deref()
                    .and_then(|f| f.group.as_deref())
                    .is_some_and(|g| g.keys.iter().any(|k| *k == key))
            };
            if op.query.iter().any(|p| p.key == key || grouped(p)) {
                tally.query.1 += 1;
            } else if !warned(r.span, span) {
                silent.push(format!("query parameter `{key}` of `{}`", r.name));
            }
        }
        if let Some(read::Body::UrlEncoded(fields) | read::Body::FormData(fields)) = &req.body {
            // A group stands for the keys it nests.
            let in_model: Vec<String> = match &op.body {
                Some(Body::UrlEncoded { fields, .. } | Body::Multipart { fields, .. }) => fields
                    .iter()
                    .flat_map(|f| match f.group.as_deref() {
                        Some(g) => g.keys.clone(),
                        None => vec![f.key.clone()],
                    })
                    .collect(),
                _ => Vec::new(),
            };
            for f in fields {
                if f.key.is_empty()
                    && f.value.as_deref().is_none_or(str::is_empty)
                    && f.src.is_empty()
                {
                    continue;
                }
                tally.fields.0 += 1;
                if in_model.iter().any(|k| *k == f.key) {
                    tally.fields.1 += 1;
                } else if !warned(r.span, f.span) {
                    silent.push(format!("form field `{}` of `{}`", f.key, r.name));
                }
            }
        }
        for s in &r.responses {
            tally.responses.0 += 1;
            if op.responses.iter().any(|x| x.span == s.span) {
                tally.responses.1 += 1;
            } else if !warned(r.span, s.span) {
                silent.push(format!("saved response `{}` of `{}`", s.name, r.name));
            }
        }
    }
    if tally.requests.0 != tally.requests.1 {
        silent.push(format!(
            "{} requests in the file, {} operations",
            tally.requests.0, tally.requests.1
        ));
    }
    Ok(Report { tally, silent })
}

fn collect<'c, 'a>(items: &'c [Item<'a>], out: &mut Vec<&'c read::RequestItem<'a>>) {
    for i in items {
        match i {
            Item::Folder(f) => collect(&f.items, out),
            Item::Request(r) => out.push(r),
        }
    }
}

/// Requests as the file has them, counted without the reader: v2 items holding `request` (an
/// item with neither `request` nor `item` is not one), v1 entries of `requests`.
fn raw_requests(root: &json::Value<'_>) -> usize {
    fn items(v: &json::Value<'_>) -> usize {
        match &v.kind {
            Kind::Array(list) => list.iter().map(items).sum(),
            Kind::Object(_) => match (v.get("item"), v.get("request")) {
                (Some(children), _) => items(children),
                (None, Some(_)) => 1,
                _ => 0,
            },
            _ => 0,
        }
    }
    let root = root
        .get("collection")
        .filter(|c| c.get("item").is_some())
        .unwrap_or(root);
    match (
        root.get("item"),
        root.get("requests").and_then(|r| r.as_array()),
    ) {
        (Some(list), _) => items(list),
        (None, Some(requests)) => requests.len(),
        _ => 0,
    }
}

#[test]
fn what_is_left_out_is_warned_about() {
    let report = check(LEFT_OUT).unwrap();
    assert_eq!(report.silent, Vec::<String>::new());
    let t = report.tally;
    assert_eq!(t.requests, (2, 2));
    // `Bad Name` (not a token), the nameless one, `Authorization` (the basic auth sets it).
    assert_eq!(t.headers, (4, 2));
    // `?=1` is sent as written, like the nameless form field.
    assert_eq!(t.query, (2, 2));
    // `a`: GET sends no body.
    assert_eq!(t.fields, (4, 3));
    assert_eq!(t.responses, (2, 1));
}

const LEFT_OUT: &str = r#"{
      "info": {"name": "t"},
      "item": [
        {"name": "nothing here"},
        {"name": "empty folder", "item": []},
        {"name": "get with a body", "request": {
          "method": "GET", "url": "https://x.test/a?=1&&k=v",
          "header": [
            {"key": "", "value": "orphan value"},
            {"key": "Bad Name", "value": "x"},
            {"key": "Authorization", "value": "Basic abc"},
            {"key": "X-Ok", "value": "1"}
          ],
          "body": {"mode": "urlencoded", "urlencoded": [{"key": "a", "value": "1"}]},
          "auth": {"type": "basic"}
        },
        "response": [{"name": "no status"}, {"name": "ok", "code": 200}]},
        {"name": "form", "request": {
          "method": "POST", "url": "https://x.test/f",
          "body": {"mode": "formdata", "formdata": [
            {"key": "", "value": "nameless"},
            {"key": "f", "type": "file", "src": ["a.png", "b.png"]},
            {"key": "ok", "value": "1"}
          ]}
        }}
      ]
    }"#;

/// The checker itself: without the warnings, everything left out above is reported.
#[test]
fn the_checker_sees_silent_drops() {
    let report = check_with(LEFT_OUT, false).unwrap();
    assert_eq!(report.silent.len(), 2 + 1 + 1, "{:?}", report.silent);
    assert!(
        report
            .silent
            .contains(&"header `Bad Name` of `get with a body`".to_owned())
    );
}

#[test]
fn corpus_collections_drop_nothing_silently() {
    let Some(dir) = corpus_dir() else {
        eprintln!("POSTGEN_CORPUS is not set: corpus coverage check skipped");
        return;
    };
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no collections in {}", dir.display());
    let mut failures = Vec::new();
    println!(
        "{:<44} {:>9} {:>9} {:>9} {:>9} {:>9} {:>8}",
        "collection", "requests", "headers", "query", "fields", "responses", "warnings"
    );
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        let name = path
            .file_name()
            .unwrap()
            .to_string_lossy()
            .replace(".postman_collection.json", "");
        let report = match check(&text) {
            Ok(r) => r,
            Err(e) => {
                failures.push(format!("{name}: {}", e.message));
                continue;
            }
        };
        let t = report.tally;
        let pair = |(a, b): (usize, usize)| format!("{b}/{a}");
        println!(
            "{:<44} {:>9} {:>9} {:>9} {:>9} {:>9} {:>8}",
            name,
            pair(t.requests),
            pair(t.headers),
            pair(t.query),
            pair(t.fields),
            pair(t.responses),
            t.warnings
        );
        for s in report.silent {
            failures.push(format!("{name}: {s} is left out without a warning"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// `POSTGEN_CORPUS`, a relative path taken from the workspace root.
fn corpus_dir() -> Option<std::path::PathBuf> {
    let dir = std::path::PathBuf::from(std::env::var_os("POSTGEN_CORPUS")?);
    if dir.is_absolute() {
        return Some(dir);
    }
    let workspace = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    Some(workspace.join(dir))
}

#[test]
fn an_unknown_body_mode_is_a_warning() {
    let text = r#"{"info": {"name": "t"}, "item": [{"name": "r", "request": {
        "method": "POST", "url": "https://x.test/", "body": {"mode": "telepathy"}}}]}"#;
    let root = json::parse(text, json::Options::default()).unwrap();
    let mut findings = Findings::default();
    let c = read::read(&root, &mut findings).unwrap();
    let api = build(&c, &[], &mut findings).unwrap();
    assert!(api.root.operations[0].body.is_none());
    assert_eq!(findings.warnings.len(), 1);
    assert!(findings.warnings[0].message.contains("`telepathy`"));
    assert_eq!(&text[findings.warnings[0].span.range()], "\"telepathy\"");
}
