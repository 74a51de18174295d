//! The `postgen` binary: exit codes, messages for bad input, nothing written on failure.

mod support;

use std::process::Output;

use support::{run as postgen, seed};

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Runs `generate` on `collection` into a directory that already holds a file, and checks the
/// run fails with exit code 2, a message containing every one of `expected`, and leaves the
/// directory exactly as it was.
fn assert_rejected(collection: &[u8], expected: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("bad.postman_collection.json");
    std::fs::write(&input, collection).unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("keep.txt"), "before").unwrap();
    let o = postgen(&[
        "generate",
        input.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("bad.postman_collection.json"),
        "names the file: {err}"
    );
    for e in expected {
        assert!(err.contains(e), "expected {e:?} in: {err}");
    }
    assert!(!err.contains("panicked"), "{err}");
    let entries: Vec<_> = std::fs::read_dir(&out).unwrap().collect();
    assert_eq!(entries.len(), 1, "nothing written");
    assert_eq!(
        std::fs::read_to_string(out.join("keep.txt")).unwrap(),
        "before"
    );
}

#[test]
fn malformed_json_names_line_column_and_path() {
    assert_rejected(
        b"{\"info\": {\"name\": \"x\"},\n \"item\": [\n  {\"name\": \"a\", \"request\": {\"method\": \"GET\",, \"url\": \"x\"}}\n ]\n}",
        &[":3:45:", "invalid JSON", "item[0].request"],
    );
}

#[test]
fn wrong_types_name_the_json_path() {
    assert_rejected(
        br#"{"info": {"name": "x"}, "item": [{"name": "f", "item": [{"name": "a", "request": {"method": 5}}]}]}"#,
        &[
            "item[0].item[0].request.method",
            "expected an HTTP method (a string), found a number",
            ":1:93:",
        ],
    );
    assert_rejected(
        br#"{"info": {"name": "x"}, "item": [{"name": "a", "request": {"url": {"host": 3}}}]}"#,
        &["item[0].request.url.host", "found a number"],
    );
    assert_rejected(
        br#"{"info": {"name": "x"}, "item": "nope"}"#,
        &["item", "expected a list of items, found a string"],
    );
}

#[test]
fn not_a_collection() {
    assert_rejected(b"[1, 2, 3]", &["expected a Postman collection"]);
    assert_rejected(br#"{"hello": "world"}"#, &["not a Postman collection"]);
    assert_rejected(b"", &["invalid JSON"]);
    assert_rejected(b"\xff\xfe{}", &["not UTF-8"]);
}

/// Documents of other formats, and Postman's own other files, are refused with what they are
/// and what to pass instead: none of them becomes an empty crate.
#[test]
fn other_documents_are_refused_with_what_they_are() {
    let kinds: &[(&[u8], &str)] = &[
        (
            br#"{"openapi": "3.0.3", "info": {"title": "Pets", "version": "1"}, "paths": {}}"#,
            "an OpenAPI document",
        ),
        (
            br#"{"swagger": "2.0", "info": {"title": "Pets", "version": "1"}, "paths": {}}"#,
            "a Swagger 2 document",
        ),
        (
            br#"{"id": "e1", "name": "Staging", "values": [{"key": "a", "value": "1"}], "_postman_variable_scope": "environment"}"#,
            "a Postman environment",
        ),
        (
            br#"{"name": "Staging", "values": []}"#,
            "a Postman environment",
        ),
        (
            br#"{"id": "g", "values": [], "_postman_variable_scope": "globals"}"#,
            "Postman globals",
        ),
        (
            br#"{"log": {"version": "1.2", "creator": {"name": "x"}, "entries": []}}"#,
            "a HAR file",
        ),
        (
            br#"{"_type": "export", "__export_format": 4, "resources": []}"#,
            "an Insomnia export",
        ),
        (
            br#"{"version": "1", "name": "api", "items": [], "brunoConfig": {}}"#,
            "a Bruno collection export",
        ),
        (br#"{"name": "x", "description": "y"}"#, "expected `info` and `item`"),
    ];
    for (text, what) in kinds {
        assert_rejected(text, &["not a Postman collection", what]);
    }
}

#[test]
fn v1_collections_generate_like_v2() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("old.postman_collection.json");
    std::fs::write(
        &input,
        br#"{"id": "1", "name": "old", "order": ["r"], "requests": [
            {"id": "r", "name": "Get thing", "method": "GET", "url": "https://x.test/things/:id",
             "pathVariables": {"id": "7"}, "headers": "Accept: application/json\nnot a header"}]}"#,
    )
    .unwrap();
    let out = dir.path().join("out");
    let o = postgen(&[
        "generate",
        input.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    let lib = std::fs::read_to_string(out.join("src/lib.rs")).unwrap();
    assert!(
        lib.contains("pub fn get_thing(&self, id: i64) -> Call<"),
        "{lib}"
    );
    // Warnings still point into the v1 file.
    assert!(
        err.contains("old.postman_collection.json:") && err.contains("requests[0].headers"),
        "{err}"
    );
    // A broken v1 file is still an error located in it.
    assert_rejected(
        br#"{"id": "1", "name": "old", "order": [], "requests": [{"id": "r", "method": 3}]}"#,
        &["requests[0].method", "found a number"],
    );
}

#[test]
fn names_that_are_not_methods() {
    assert_rejected(
        br#"{"info": {"name": "x"}, "item": [{"name": "a", "request": {"method": "GET /x", "url": "http://a"}}]}"#,
        &["is not an HTTP method", "item[0].request.method"],
    );
}

#[test]
fn hostile_nesting_is_an_error_not_a_crash() {
    let mut deep = String::from(r#"{"info": {"name": "x"}, "item": "#);
    for _ in 0..100_000 {
        deep.push('[');
    }
    assert_rejected(deep.as_bytes(), &["nesting deeper than"]);
    let mut folders = String::from(r#"{"info": {"name": "x"}, "item": ["#);
    for _ in 0..70 {
        folders.push_str(r#"{"name": "f", "item": ["#);
    }
    for _ in 0..70 {
        folders.push_str("]}");
    }
    folders.push_str("]}");
    assert_rejected(folders.as_bytes(), &["nesting deeper than"]);
}

#[test]
fn bad_crate_name_and_missing_file_exit_2() {
    let o = postgen(&[
        "generate",
        seed().to_str().unwrap(),
        "--out",
        "/nonexistent/never",
        "--name",
        "no spaces",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("not a valid crate name"),
        "{}",
        stderr(&o)
    );
    let o = postgen(&["generate", "/nonexistent.json", "--out", "/tmp/x"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("/nonexistent.json"), "{}", stderr(&o));
    let o = postgen(&["generate"]);
    assert_eq!(o.status.code(), Some(2), "usage errors exit with 2");
}

#[test]
fn generate_then_check_then_drift() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("sdk");
    let seed = seed();
    let o = postgen(&[
        "generate",
        seed.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // One line: the counts (as the library counts them), then what was written.
    let summary = String::from_utf8_lossy(&o.stdout);
    let s = postgen::Builder::new()
        .collection(&seed)
        .emit_rerun_if_changed(false)
        .generate()
        .unwrap()
        .stats();
    assert_eq!(s.operations, 1);
    let written = support::tree(&out);
    assert_eq!(
        summary,
        format!(
            "{}: {} operations, {} types, {} modules, {} warnings; {} files written, 0 unchanged\n",
            out.display(),
            s.operations,
            s.types,
            s.modules,
            s.warnings,
            written.len()
        )
    );
    let check = postgen(&[
        "generate",
        seed.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--check",
    ]);
    assert_eq!(check.status.code(), Some(0));

    let lib = out.join("src/lib.rs");
    let mtime = std::fs::metadata(&lib).unwrap().modified().unwrap();
    let again = postgen(&[
        "generate",
        seed.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(again.status.code(), Some(0));
    assert_eq!(
        std::fs::metadata(&lib).unwrap().modified().unwrap(),
        mtime,
        "an unchanged file is not rewritten"
    );

    let text = std::fs::read_to_string(&lib).unwrap();
    std::fs::write(&lib, text.replace("Self::from_spec(&API)", "todo!()")).unwrap();
    let drift = postgen(&[
        "generate",
        seed.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--check",
    ]);
    assert_eq!(drift.status.code(), Some(1));
    let shown = String::from_utf8_lossy(&drift.stdout);
    assert!(shown.contains("-        todo!()"), "{shown}");
    assert!(shown.contains("+        Self::from_spec(&API)"), "{shown}");
}

#[test]
fn inspect_lists_operations_and_writes_nothing() {
    let o = postgen(&["inspect", seed().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let s = String::from_utf8_lossy(&o.stdout);
    assert!(
        s.contains(
            "crate::webinars::livestream  update_live_stream  PATCH  {{baseUrl}}/webinars/{webinarId}/livestream"
        ),
        "{s}"
    );
}

#[test]
fn help_is_pinned() {
    for args in [
        &["--help"][..],
        &["generate", "--help"],
        &["inspect", "--help"],
    ] {
        let o = postgen(args);
        assert_eq!(o.status.code(), Some(0));
        let name = format!("help_{}", args.join("_").replace("--", ""));
        insta::assert_snapshot!(name, String::from_utf8_lossy(&o.stdout));
    }
}
