//! How warnings and errors are printed: grouped by kind, all with `--verbose`, none with
//! `--quiet`, coloured only when asked or on a terminal, one JSON object per diagnostic with
//! `--message-format json`; and the completion scripts.

mod support;

use std::process::Output;

/// A collection with 30 items that are neither request nor folder (one kind of warning) and one
/// header without a name (another).
fn collection(dir: &std::path::Path) -> std::path::PathBuf {
    let mut items: Vec<String> = (0..30)
        .map(|i| format!(r#"{{"name": "empty {i}"}}"#))
        .collect();
    items.push(
        r#"{"name": "Ping", "request": {"method": "GET", "header": [{"key": "", "value": "x"}],
            "url": "https://example.com/ping"}}"#
            .to_owned(),
    );
    let path = dir.join("many.postman_collection.json");
    let text = format!(
        "{{\"info\": {{\"name\": \"Many\"}},\n \"item\": [\n{}\n]}}",
        items.join(",\n")
    );
    std::fs::write(&path, text).unwrap();
    path
}

fn inspect(args: &[&str], env: &[(&str, &str)]) -> Output {
    let dir = tempfile::tempdir().unwrap();
    let path = collection(dir.path());
    let mut cmd = support::postgen();
    for k in ["NO_COLOR", "CLICOLOR", "CLICOLOR_FORCE", "CARGO_TERM_COLOR"] {
        cmd.env_remove(k);
    }
    cmd.arg("inspect")
        .arg(&path)
        .args(args)
        .envs(env.iter().copied());
    let o = cmd.output().unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    o
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn warnings_are_grouped_by_kind_with_an_end_line() {
    let o = inspect(&[], &[]);
    let err = text(&o.stderr);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 3, "{err}");
    assert!(
        lines[0].starts_with("many.postman_collection.json:3:1: warning: 30 folders and requests placed or skipped [structure], the first here: item has neither")
            || lines[0].contains("many.postman_collection.json:3:1: warning: 30 folders and requests placed or skipped [structure], the first here: item has neither"),
        "{err}"
    );
    assert!(lines[0].ends_with("(at item[0])"), "{err}");
    assert!(
        lines[1]
            .contains(": warning: header without a name: not sent (at item[30].request.header[0])"),
        "{err}"
    );
    assert_eq!(
        lines[2],
        "postgen: 31 warnings (30 of them: folders and requests placed or skipped; --verbose lists them)"
    );
    assert!(
        !err.contains('\x1b'),
        "no colour when not a terminal: {err}"
    );
}

#[test]
fn verbose_lists_every_warning_and_quiet_none() {
    let o = inspect(&["--verbose"], &[]);
    let err = text(&o.stderr);
    assert_eq!(err.matches(": warning: ").count(), 31, "{err}");
    assert!(
        err.contains(":32:1: warning: item has neither"),
        "the last empty item: {err}"
    );
    assert!(
        err.ends_with(
            "postgen: 31 warnings (30 of them: folders and requests placed or skipped)\n"
        ),
        "{err}"
    );

    let o = inspect(&["--quiet"], &[]);
    assert_eq!(text(&o.stderr), "");
    assert!(text(&o.stdout).contains("31 warnings"), "the summary stays");
}

#[test]
fn colour_is_asked_for_or_follows_the_environment() {
    let bold_yellow = "\x1b[1m\x1b[33mwarning\x1b[0m";
    assert!(text(&inspect(&["--color", "always"], &[]).stderr).contains(bold_yellow));
    assert!(text(&inspect(&[], &[("CARGO_TERM_COLOR", "always")]).stderr).contains(bold_yellow));
    assert!(text(&inspect(&[], &[("CLICOLOR_FORCE", "1")]).stderr).contains(bold_yellow));
    let plain = inspect(&["--color", "never"], &[("CLICOLOR_FORCE", "1")]);
    assert!(!text(&plain.stderr).contains('\x1b'));
}

#[test]
fn json_messages_are_one_object_per_diagnostic_on_stdout() {
    let o = inspect(&["--message-format", "json"], &[]);
    let out = text(&o.stdout);
    let objects: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    assert_eq!(objects.len(), 31, "{out}");
    assert_eq!(
        objects[30],
        serde_json::json!({
            "level": "warning",
            "kind": "header",
            "message": "header without a name: not sent",
            "file": objects[30]["file"],
            "line": 33,
            "column": 58,
            "json_path": "item[30].request.header[0]",
        })
    );
    assert!(
        objects[30]["file"]
            .as_str()
            .unwrap()
            .ends_with("many.postman_collection.json")
    );
    assert!(objects[..30].iter().all(|o| o["kind"] == "structure"));
    // The table and summary go to stderr, so that stdout is JSON only.
    assert!(
        text(&o.stderr).contains("1 operations"),
        "{}",
        text(&o.stderr)
    );

    // An error too, with exit code 2.
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, "{\"info\": {\"name\": \"x\"},\n \"item\": [,]}").unwrap();
    let o = support::postgen()
        .args(["inspect", "--message-format", "json"])
        .arg(&bad)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let e: serde_json::Value = serde_json::from_str(text(&o.stdout).trim()).unwrap();
    assert_eq!(e["level"], "error");
    assert_eq!(e["kind"], "syntax");
    assert_eq!(
        (e["line"].as_u64(), e["column"].as_u64()),
        (Some(2), Some(11))
    );
    assert_eq!(e["json_path"], "item[0]");
}

#[test]
fn completions_are_printed_for_each_shell() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let o = support::postgen()
            .args(["completions", shell])
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(0), "{shell}");
        let script = text(&o.stdout);
        // fish names long options without their dashes.
        for word in ["generate", "inspect", "message-format", "environment"] {
            assert!(script.contains(word), "{shell} completes {word}");
        }
    }
}
