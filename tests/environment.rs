//! A Postman environment file given at generation time: its values resolve `{{variables}}`
//! (winning over the collection's, as in Postman), credentials in it are never compiled in, and
//! a broken file is an error that names it.

use std::path::Path;

fn collection() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("collections/wire-urls.postman_collection.json")
}

fn file(files: &[postgen::OutputFile], path: &str) -> String {
    let f = files.iter().find(|f| f.path == path).unwrap();
    String::from_utf8(f.bytes.clone()).unwrap()
}

#[test]
fn environment_values_win_and_secrets_stay_out() {
    let dir = tempfile::tempdir().unwrap();
    let env = dir.path().join("staging.postman_environment.json");
    std::fs::write(
        &env,
        r#"{"name": "staging", "values": [
            {"key": "baseUrl", "value": "https://staging.example.com/v1", "enabled": true},
            {"key": "region", "value": "ap", "enabled": true},
            {"key": "apiVersion", "value": "1999-01", "enabled": false},
            {"key": "access_token", "value": "env-secret-value", "enabled": true}
        ]}"#,
    )
    .unwrap();
    let files = postgen::Builder::new()
        .collection(collection())
        .environment(&env)
        .emit_rerun_if_changed(false)
        .generate()
        .unwrap()
        .files()
        .unwrap();
    let lib = file(&files, "src/lib.rs");
    assert!(
        lib.contains(r#"default_url: Some("https://staging.example.com/v1")"#),
        "{lib}"
    );
    let query = file(&files, "src/query.rs");
    assert!(query.contains(r#"default: Some("ap")"#), "{query}");
    // A disabled environment value does not apply.
    let paths = file(&files, "src/paths.rs");
    assert!(paths.contains(r#"default: Some("2024-01")"#), "{paths}");
    for f in &files {
        let text = String::from_utf8_lossy(&f.bytes);
        assert!(
            !text.contains("env-secret-value"),
            "{} holds a credential",
            f.path
        );
    }
}

#[test]
fn a_broken_environment_file_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let env = dir.path().join("broken.json");
    std::fs::write(&env, "{\"values\": [ {\"key\": 1} ]}").unwrap();
    let err = postgen::Builder::new()
        .collection(collection())
        .environment(&env)
        .emit_rerun_if_changed(false)
        .generate()
        .unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains("broken.json:1:14"), "{msg}");
    assert!(msg.contains("values[0]"), "{msg}");
}
