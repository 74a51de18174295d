//! insta snapshots of the code generated for every collection in `collections/`. Each snapshot
//! is also compiled: the same collections are generated into `generated/`, which the workspace
//! builds (and `tests/generated_in_sync.rs` checks they match).

mod support;

use std::path::Path;

#[test]
fn generated_code_for_every_collection() {
    let dir = support::repo().join("collections");
    let mut entries = support::collection_files(&dir);
    // A directory is a v3 collection (`collections/<name>/`, generating `generated/<name>`).
    entries.extend(
        std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_dir()),
    );
    entries.sort();
    assert!(!entries.is_empty(), "no collections in {}", dir.display());
    for path in entries {
        let stem = support::stem(&path);
        let generated = postgen::Builder::new()
            .collection(&path)
            .emit_rerun_if_changed(false)
            .generate()
            .unwrap_or_else(|e| panic!("{e}"));
        // The checked-in crate is this very output (so the snapshot is also compiled).
        let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("generated")
            .join(&stem);
        let drift = generated.check_dir(&crate_dir).unwrap();
        assert!(
            drift.is_empty(),
            "generated/{stem} differs from what postgen generates: {drift:#?}\nregenerate with \
             `cargo run -p postgen-cli -- generate {} --out generated/{stem}`",
            path.display()
        );
        for file in generated.files().unwrap() {
            // The runtime is the same in every crate and tested on its own.
            if file.path.starts_with("src/runtime/") {
                continue;
            }
            let name = format!("{stem}__{}", file.path.replace('/', "__"));
            insta::assert_snapshot!(name, String::from_utf8(file.bytes).unwrap());
        }
    }
}
