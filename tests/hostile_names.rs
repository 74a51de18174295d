//! `collections/hostile-names`: keywords, empty, punctuation-only, digit-first, non-Latin and
//! emoji names, duplicates, names of the client's own methods, and descriptions holding code
//! fences, HTML, `*/` and `#![...]`. The crate is a workspace member, so it compiles, passes
//! clippy and runs its (zero) doctests with the workspace; this test checks what the compiler
//! cannot: no text from the collection became a code block rustdoc would run (the code blocks it
//! compiles are postgen's own: the quick start, whose example values are string literals, and the
//! doctests of `Mock::start`; the others are the `toml` of its cargo features and mock sections).

use std::path::Path;

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

#[test]
fn no_doc_comment_holds_a_runnable_code_block() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("generated/hostile-names/src");
    let mut files = Vec::new();
    rust_files(&dir, &mut files);
    let mut fences = 0;
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        let mut open = false;
        let mut previous = "";
        for line in text.lines() {
            let doc = line.trim_start();
            let Some(doc) = doc.strip_prefix("///").or_else(|| doc.strip_prefix("//!")) else {
                continue;
            };
            let d = doc.trim_start();
            if d.starts_with("```") || d.starts_with("~~~") {
                if !open {
                    fences += 1;
                    let lang = d.trim_start_matches(['`', '~']);
                    let quick_start = lang == "rust,no_run"
                        && f.ends_with("src/lib.rs")
                        && previous.trim() == "//! ## Quick start";
                    // And the `Cargo.toml` lines of its cargo features section and of its mock
                    // section (never run).
                    let toml = lang == "toml"
                        && f.ends_with("src/lib.rs")
                        && (previous.ends_with("turn the defaults off and name them:")
                            || previous.ends_with("dev-dependency:"));
                    // And the two doctests of `Mock::start`, postgen's own code (identifiers
                    // and literals), which run with the `mock` feature.
                    let mock = lang.is_empty()
                        && f.ends_with("src/mock.rs")
                        && (previous.ends_with("each with the path of its default URL.")
                            || previous.ends_with("can run against it:"));
                    assert!(
                        lang == "text" || quick_start || toml || mock,
                        "{}: a code block rustdoc may run: {line}",
                        f.display()
                    );
                }
                open = !open;
            } else if !open {
                assert!(
                    !doc.starts_with("     "),
                    "{}: an indented code block: {line}",
                    f.display()
                );
            }
            if !matches!(line.trim(), "" | "//!" | "///") {
                previous = line;
            }
        }
    }
    assert!(
        fences >= 4,
        "the collection's fences are kept as text blocks ({fences})"
    );
}

#[test]
fn hostile_names_became_idiomatic_distinct_functions() {
    let lib = include_str!("../generated/hostile-names/src/lib.rs");
    for f in [
        "pub fn self_(",
        "pub fn self_2(",
        "pub fn super_(",
        "pub fn crate_(",
        "pub fn type_(",
        "pub fn async_(",
        "pub fn _2fa_setup(",
        "pub fn get_user(",
        "pub fn get_user_2(",
        "pub fn new_2(",
        "pub fn with_timeout_2(",
        "pub fn request_2(",
        // Inherent methods would shadow `Clone::clone` and `Default::default` of the client.
        "pub fn clone_2(",
        "pub fn default_2(",
    ] {
        assert!(lib.contains(f), "missing {f}");
    }
    assert!(
        !lib.contains("panic!(\"doctest ran\")\n"),
        "fence content stays in docs only"
    );
}
