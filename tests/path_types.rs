//! One Rust type per path-variable name in a crate (issue 18): the requests of a collection that
//! share a path variable's name take it as one type, decided from all of their examples.
//! Checks the crates of `collections/`, and with POSTGEN_CORPUS set, of every corpus collection.

mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use postgen::stages::model::Scalar;

/// Each path-variable ident with the types its operations give it.
fn types(generated: &postgen::Generated) -> BTreeMap<String, BTreeSet<String>> {
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    generated.api().root.each_operation(&mut |_, op| {
        for p in &op.path_params {
            out.entry(p.ident.clone())
                .or_default()
                .insert(format!("{:?}", p.ty));
        }
    });
    out
}

fn check(collection: &Path) -> usize {
    let generated = postgen::Builder::new()
        .collection(collection)
        .emit_rerun_if_changed(false)
        .emit_cargo_warnings(false)
        .generate()
        .unwrap_or_else(|e| panic!("{e}"));
    let types = types(&generated);
    let mixed: Vec<_> = types.iter().filter(|(_, t)| t.len() > 1).collect();
    assert!(mixed.is_empty(), "{}: {mixed:?}", collection.display());
    types.len()
}

#[test]
fn every_crate_gives_a_path_variable_one_type() {
    let mut names = 0;
    for c in support::collection_files(&support::repo().join("collections")) {
        names += check(&c);
    }
    if let Some(corpus) = support::corpus("path types over the corpus") {
        for c in support::collection_files(&corpus) {
            let n = check(&c);
            println!(
                "{}: {n} path-variable names, one type each",
                support::stem(&c)
            );
            names += n;
        }
    }
    assert!(names > 10, "{names}");
}

fn generate(requests: &[(&str, Option<&str>)]) -> postgen::Generated {
    let items: Vec<String> = requests
        .iter()
        .enumerate()
        .map(|(i, (path, value))| {
            let variable = match value {
                Some(v) => format!(r#"[{{"key": "id", "value": "{v}"}}]"#),
                None => "[]".to_owned(),
            };
            format!(
                r#"{{"name": "R{i}", "request": {{"method": "GET", "url": {{"raw": "https://x.test/{path}/:id", "host": ["x", "test"], "path": ["{path}", ":id"], "variable": {variable}}}}}}}"#
            )
        })
        .collect();
    let text = format!(
        r#"{{"info": {{"name": "T"}}, "item": [{}]}}"#,
        items.join(",")
    );
    postgen::Builder::new()
        .generate_from_bytes("t.json", text.as_bytes())
        .unwrap()
}

#[test]
fn the_type_comes_from_every_use_of_the_name() {
    let ty = |requests: &[(&str, Option<&str>)]| {
        let g = generate(requests);
        let t = types(&g);
        assert_eq!(t.len(), 1, "{t:?}");
        t.into_values()
            .next()
            .unwrap()
            .into_iter()
            .collect::<Vec<_>>()
            .join(",")
    };
    let int = format!("{:?}", Scalar::Int);
    let text = format!("{:?}", Scalar::Str);
    assert_eq!(ty(&[("a", Some("5")), ("b", Some("7"))]), int);
    // One request's text makes it text in all of them.
    assert_eq!(ty(&[("a", Some("5")), ("b", Some("abc"))]), text);
    // So does a request with no value: Postman sends `:id` itself.
    assert_eq!(ty(&[("a", Some("5")), ("b", None)]), text);
    assert_eq!(ty(&[("a", Some("<long>")), ("b", Some("12"))]), int);
}
