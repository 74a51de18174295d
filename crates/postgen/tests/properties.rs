//! Property test: any valid collection, built from hostile names, folders, variables and bodies,
//! yields code that `syn` parses, whose names are unique where Rust needs them to be, and the
//! same bytes every time.

use std::collections::HashSet;

use proptest::prelude::*;
use serde_json::{Value, json};

/// Names as users write them, and as attackers do.
fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        prop::sample::select(vec![
            "self",
            "Self",
            "super",
            "crate",
            "type",
            "async",
            "await",
            "fn",
            "gen",
            "new",
            "request",
            "with_timeout",
            "runtime",
            "std",
            "Client",
            "Error",
            "Option",
            "default",
            "clone",
            "get user",
            "Get User",
            "GET_USER",
            "getUser",
            "2fa",
            "1. Step one",
            "!!!",
            "获取用户",
            "🚀",
            "Überweisung",
            "a/b/{c Id}",
            "URLs",
            "OAuth2",
            "*/",
            "#![x]",
        ])
        .prop_map(str::to_owned),
        "[a-zA-Z0-9 _./:{}-]{1,12}",
        "\\PC{0,8}",
    ]
}

fn request() -> impl Strategy<Value = Value> {
    (
        name(),
        prop::sample::select(vec!["GET", "POST", "PUT", "PATCH", "DELETE", "PURGE"]),
        prop::collection::vec(
            prop_oneof![
                "[a-z]{1,6}".prop_map(|s| s),
                name().prop_map(|n| format!(":{n}")),
                "[a-z]{1,6}".prop_map(|s| format!("{{{{{s}}}}}")),
            ],
            0..4,
        ),
        prop::collection::vec((name(), prop::option::of(name()), any::<bool>()), 0..4),
        prop::collection::vec((name(), name(), any::<bool>()), 0..3),
        0..5u8,
        prop::collection::vec((name(), name(), any::<bool>()), 0..4),
        prop::option::of(name()),
    )
        .prop_map(|(n, method, path, query, headers, body_kind, fields, desc)| {
            let query: Vec<Value> = query
                .into_iter()
                .map(|(k, v, disabled)| json!({"key": k, "value": v, "disabled": disabled}))
                .collect();
            let header: Vec<Value> = headers
                .into_iter()
                .map(|(k, v, disabled)| json!({"key": k, "value": v, "disabled": disabled}))
                .collect();
            let fields: Vec<Value> = fields
                .into_iter()
                .map(|(k, v, disabled)| json!({"key": k, "value": v, "type": "text", "disabled": disabled}))
                .collect();
            let body = match body_kind {
                0 => Value::Null,
                1 => json!({"mode": "raw", "raw": "{\"a\": 1, \"type\": [true, null]}", "options": {"raw": {"language": "json"}}}),
                2 => json!({"mode": "raw", "raw": "<x/>", "options": {"raw": {"language": "xml"}}}),
                3 => json!({"mode": "urlencoded", "urlencoded": fields}),
                _ => json!({"mode": "formdata", "formdata": fields}),
            };
            json!({
                "name": n,
                "request": {
                    "method": method,
                    "url": {"raw": "", "host": ["{{baseUrl}}"], "path": path, "query": query},
                    "header": header,
                    "body": body,
                    "description": desc,
                }
            })
        })
}

fn items(depth: u32) -> BoxedStrategy<Vec<Value>> {
    let leaf = prop::collection::vec(request(), 1..4).boxed();
    if depth == 0 {
        return leaf;
    }
    prop::collection::vec(
        prop_oneof![
            request(),
            (name(), items(depth - 1), prop::option::of(name()))
                .prop_map(|(n, item, desc)| json!({"name": n, "item": item, "description": desc})),
        ],
        1..4,
    )
    .boxed()
}

fn collection() -> impl Strategy<Value = Vec<u8>> {
    (name(), items(2), prop::collection::vec((name(), name()), 0..3)).prop_map(
        |(n, item, vars)| {
            let mut variable = vec![json!({"key": "baseUrl", "value": "https://api.example.com"})];
            variable.extend(vars.into_iter().map(|(k, v)| json!({"key": k, "value": v})));
            serde_json::to_vec(&json!({
                "info": {"name": n, "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
                "item": item,
                "variable": variable,
            }))
            .unwrap()
        },
    )
}

fn generate(bytes: &[u8]) -> Vec<postgen::OutputFile> {
    let builder = postgen::Builder::new();
    builder
        .generate_from_bytes("prop.postman_collection.json", bytes)
        .expect("a valid collection generates")
        .files()
        .expect("formatting succeeds")
}

/// Names Rust needs unique: items of a module, methods of an impl, fields, variants.
fn assert_unique_names(file: &syn::File, path: &str) {
    let mut items = HashSet::new();
    for item in &file.items {
        let (kind, ident) = match item {
            syn::Item::Struct(s) => ("type", s.ident.to_string()),
            syn::Item::Enum(e) => ("type", e.ident.to_string()),
            syn::Item::Mod(m) => ("mod", m.ident.to_string()),
            syn::Item::Fn(f) => ("fn", f.sig.ident.to_string()),
            syn::Item::Static(s) => ("value", s.ident.to_string()),
            syn::Item::Impl(i) => {
                let mut fns = HashSet::new();
                for it in &i.items {
                    if let syn::ImplItem::Fn(f) = it {
                        assert!(
                            fns.insert(f.sig.ident.to_string()),
                            "{path}: duplicate method {}",
                            f.sig.ident
                        );
                    }
                }
                continue;
            }
            _ => continue,
        };
        let ns = if kind == "mod" {
            "mod"
        } else if kind == "type" {
            "type"
        } else {
            "value"
        };
        assert!(
            items.insert((ns, ident.clone())),
            "{path}: duplicate {kind} {ident}"
        );
        if let syn::Item::Struct(s) = item {
            let mut fields = HashSet::new();
            for f in &s.fields {
                if let Some(i) = &f.ident {
                    assert!(fields.insert(i.to_string()), "{path}: duplicate field {i}");
                }
            }
        }
        if let syn::Item::Enum(e) = item {
            let mut variants = HashSet::new();
            for v in &e.variants {
                assert!(
                    variants.insert(v.ident.to_string()),
                    "{path}: duplicate variant {}",
                    v.ident
                );
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, .. ProptestConfig::default() })]

    #[test]
    fn any_collection_gives_valid_unique_deterministic_code(bytes in collection()) {
        let first = generate(&bytes);
        let second = generate(&bytes);
        prop_assert_eq!(&first, &second, "generation is deterministic");
        for f in &first {
            if !f.path.ends_with(".rs") {
                continue;
            }
            let text = std::str::from_utf8(&f.bytes).unwrap();
            let file = syn::parse_file(text).unwrap_or_else(|e| panic!("{}: {e}\n{text}", f.path));
            assert_unique_names(&file, &f.path);
        }
    }
}
