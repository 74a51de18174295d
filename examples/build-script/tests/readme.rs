//! The README's build-script snippets are this crate's files, so that what CI builds and tests
//! here is what the README tells people to write.

use std::path::Path;

fn crate_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// `(path, whole, text)` of every `<!-- snippet: PATH -->` (or `PATH (part)`) marker in the
/// README, with the fenced block that follows it.
fn snippets() -> Vec<(String, bool, String)> {
    let readme = std::fs::read_to_string(crate_dir().join("../../README.md")).unwrap();
    let mut out = Vec::new();
    let mut lines = readme.lines();
    while let Some(line) = lines.next() {
        let Some(marker) = line
            .strip_prefix("<!-- snippet: ")
            .and_then(|r| r.strip_suffix(" -->"))
        else {
            continue;
        };
        let (path, whole) = match marker.strip_suffix(" (part)") {
            Some(p) => (p, false),
            None => (marker, true),
        };
        let fence = lines.next().unwrap_or_default();
        assert!(
            fence.starts_with("```"),
            "{path}: no code block after the marker"
        );
        let mut text = String::new();
        for l in lines.by_ref() {
            if l == "```" {
                break;
            }
            text.push_str(l);
            text.push('\n');
        }
        out.push((path.to_owned(), whole, text));
    }
    out
}

#[test]
fn the_readme_shows_this_crates_files() {
    let snippets = snippets();
    for required in ["build.rs", "src/lib.rs", "Cargo.toml"] {
        let path = format!("examples/build-script/{required}");
        assert!(
            snippets.iter().any(|(p, _, _)| *p == path),
            "the README has no snippet of {path}"
        );
    }
    for (path, whole, text) in &snippets {
        let file = std::fs::read_to_string(crate_dir().join("../..").join(path))
            .unwrap_or_else(|e| panic!("{path}: {e}"));
        if *whole {
            assert_eq!(
                text, &file,
                "the README's snippet of {path} differs from the file"
            );
        } else {
            assert!(
                file.contains(text.as_str()),
                "the README's snippet of {path} is not part of the file:\n{text}"
            );
        }
    }
}

#[test]
fn this_crate_declares_what_the_generated_code_uses() {
    let manifest = std::fs::read_to_string(crate_dir().join("Cargo.toml")).unwrap();
    let deps = manifest
        .split("\n[dependencies]\n")
        .nth(1)
        .and_then(|s| s.split("\n[").next())
        .expect("a [dependencies] table");
    for line in postgen::RUNTIME_DEPENDENCIES.lines() {
        assert!(
            deps.lines().any(|l| l == line),
            "[dependencies] lacks `{line}` (postgen::RUNTIME_DEPENDENCIES)"
        );
    }
}
