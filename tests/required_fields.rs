//! Required fields are enforced (issue 18): a parameters or form struct with a required field
//! has no `Default` (which would compile `Form { ..Default::default() }` and send the field
//! empty) and has `new` instead; a struct without one keeps `Default`. Checked in the code
//! generated for `collections/` and, with POSTGEN_CORPUS set, every corpus collection.

mod support;

use std::path::Path;

use postgen::stages::model::{Body, FormField, GroupShape, Operation, QueryKind};

/// Each struct a caller fills in, with whether some field of it is required.
fn structs(op: &Operation) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    if let Some(t) = &op.params_type {
        let required = op.query.iter().any(|q| {
            q.kind != QueryKind::Flag && !q.repeated && q.required && q.fallback.is_none()
        });
        out.push((t.clone(), required));
        for g in op.query.iter().filter_map(|q| q.grouped.as_deref()) {
            nested(g, &mut out);
        }
    }
    if let Some(Body::UrlEncoded { type_ident, fields } | Body::Multipart { type_ident, fields }) =
        &op.body
    {
        form_structs(type_ident, fields, &mut out);
    }
    out
}

/// A form struct and the structs of its bracket-notation groups (`address[city]`).
fn form_structs(type_ident: &str, fields: &[FormField], out: &mut Vec<(String, bool)>) {
    let required = fields.iter().any(|f| f.required && !f.repeated);
    out.push((type_ident.to_owned(), required));
    for f in fields {
        nested(f, out);
    }
}

fn nested(f: &FormField, out: &mut Vec<(String, bool)>) {
    match f.group.as_deref().map(|g| &g.shape) {
        Some(GroupShape::Struct { type_ident, fields }) => form_structs(type_ident, fields, out),
        Some(GroupShape::List { item, .. }) => nested(item, out),
        _ => {}
    }
}

/// The `#[derive(…)]` line right above `pub struct name {` in `source` (at any indentation).
fn derive_of<'a>(source: &'a str, name: &str) -> &'a str {
    let decl = format!("pub struct {name} {{");
    let mut previous = "";
    for line in source.lines() {
        let line = line.trim_start();
        if line == decl {
            assert!(previous.starts_with("#[derive("), "{name}: {previous}");
            return previous;
        }
        previous = line;
    }
    panic!("no `{decl}`")
}

/// (structs with a required field, structs without one).
fn check(collection: &Path) -> (usize, usize) {
    let generated = postgen::Builder::new()
        .collection(collection)
        .emit_rerun_if_changed(false)
        .emit_cargo_warnings(false)
        .generate()
        .unwrap_or_else(|e| panic!("{e}"));
    let files = generated.files().unwrap();
    let mut counts = (0, 0);
    generated.api().root.each_operation(&mut |chain, op| {
        // An operation's types are in its module's file: `src/a/b.rs`, `src/lib.rs` at the root.
        let idents: Vec<&str> = chain
            .iter()
            .map(|m| m.ident.as_str())
            .filter(|i| !i.is_empty())
            .collect();
        let path = match idents.is_empty() {
            true => "src/lib.rs".to_owned(),
            false => format!("src/{}.rs", idents.join("/")),
        };
        let file = files.iter().find(|f| f.path == path);
        let source = std::str::from_utf8(&file.unwrap_or_else(|| panic!("{path}")).bytes).unwrap();
        for (name, required) in structs(op) {
            let derive = derive_of(source, &name);
            let has_default = derive.contains("Default");
            let has_new = source.contains(&format!("impl {name} {{"));
            let at = collection.display();
            if required {
                assert!(
                    !has_default && has_new,
                    "{at}: {name} has a required field: {derive}"
                );
                counts.0 += 1;
            } else {
                assert!(has_default && !has_new, "{at}: {name}: {derive}");
                counts.1 += 1;
            }
        }
    });
    counts
}

#[test]
fn structs_with_a_required_field_have_new_and_no_default() {
    let mut total = (0, 0);
    let mut add = |c: &Path| {
        let (r, o) = check(c);
        total.0 += r;
        total.1 += o;
        (r, o)
    };
    for c in support::collection_files(&support::repo().join("collections")) {
        add(&c);
    }
    if let Some(corpus) = support::corpus("required fields over the corpus") {
        for c in support::collection_files(&corpus) {
            let (r, o) = add(&c);
            println!(
                "{}: {r} structs with a required field (new, no Default), {o} without (Default)",
                support::stem(&c)
            );
        }
    }
    // The seed's form and wire-urls' SearchParams have required fields; most structs do not.
    assert!(total.0 >= 2 && total.1 >= 2, "{total:?}");
}
