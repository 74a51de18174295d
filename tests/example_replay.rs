//! Every collection of `collections/`, generated with `Builder::example_tests` into ONE cargo
//! workspace (`target/example-replay`, as `replay-<name>`, built in the corpus suite's target
//! directory, whose dependencies are the same), and tested with the features `examples` and `mock`: each saved
//! response decodes, and each saved example replays end to end (its example call through HTTP
//! against the crate's mock, in the collection's order on one client, decoded by the client as
//! its status says). Every example of ours must replay: none may be left unsent.
//!
//! The crates of `generated/` are the same code without the test module; this is what shows
//! that their mock answers each of their example calls with the example it saved.

mod support;

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::Command;

#[test]
fn every_saved_example_of_ours_replays_through_the_mock() {
    let repo = support::repo();
    let dir = repo.join("target/example-replay");
    let target = std::env::var_os("POSTGEN_CORPUS_TARGET")
        .map_or_else(|| repo.join("target/corpus"), |t| repo.join(t));
    let mut sources: Vec<PathBuf> = support::collection_files(&repo.join("collections"));
    // The v3 collection directory.
    sources.push(repo.join("collections/v3-shop"));
    let mut crates = Vec::new();
    for source in &sources {
        // Named apart from the corpus suite's crates and `generated/`'s: cargo keys what it
        // builds by a member's path within its workspace, and the target directory is shared.
        let stem = format!("replay-{}", support::stem(source));
        let krate = postgen::default_crate_name(&stem);
        postgen::Builder::new()
            .collection(source)
            .crate_name(&krate)
            .example_tests(true)
            .emit_rerun_if_changed(false)
            .emit_cargo_warnings(false)
            .generate()
            .unwrap_or_else(|e| panic!("{stem} does not generate: {e}"))
            .write_to_dir(dir.join(&stem), true)
            .unwrap_or_else(|e| panic!("cannot write {stem}: {e}"));
        crates.push((stem, krate));
    }
    let mut manifest = String::from(
        "# Written by postgen's tests/example_replay.rs.\n[workspace]\nresolver = \"2\"\nmembers = [",
    );
    for (stem, _) in &crates {
        write!(manifest, "{stem:?}, ").unwrap();
    }
    manifest.push_str("]\n\n[profile.dev]\ndebug = false\n");
    support::write_if_changed(&dir.join("Cargo.toml"), &manifest);
    let lock = std::fs::read_to_string(repo.join("Cargo.lock")).unwrap();
    support::write_if_changed(&dir.join("Cargo.lock"), &lock);

    let mut args = vec!["test".to_owned(), "--tests".to_owned()];
    let mut features = Vec::new();
    for (_, krate) in &crates {
        args.extend(["-p".to_owned(), krate.clone()]);
        features.push(format!("{krate}/examples,{krate}/mock"));
    }
    args.extend(["--features".to_owned(), features.join(",")]);
    args.extend(["--".to_owned(), "--nocapture".to_owned()]);
    let out = Command::new(env!("CARGO"))
        .args(&args)
        .current_dir(&dir)
        .env("CARGO_TARGET_DIR", &target)
        .env("CARGO_TERM_COLOR", "never")
        .output()
        .expect("cannot run cargo");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "`cargo {}` failed:\n{stderr}\n{stdout}",
        args.join(" ")
    );
    // Generated code compiles without warnings, its tests included.
    assert!(
        !stderr.lines().any(|l| l.starts_with("warning")),
        "warnings:\n{stderr}"
    );

    let mut table = String::from(
        "| collection | saved examples replayed / total | not sent |\n|---|--:|--:|\n",
    );
    let mut failed = Vec::new();
    for (stem, krate) in &crates {
        match stdout.lines().find_map(|l| support::replayed(l, krate)) {
            Some((r, t, u)) => {
                writeln!(table, "| {stem} | {r} / {t} | {u} |").unwrap();
                if r != t || u != 0 {
                    failed.push(format!("{stem}: replayed {r}/{t}, not sent {u}"));
                }
            }
            None => failed.push(format!("{stem}: no replay report")),
        }
    }
    println!("{table}");
    std::fs::write(dir.join("table.md"), &table).unwrap();
    let unsent: Vec<&str> = stdout
        .lines()
        .filter(|l| l.starts_with("not sent:"))
        .collect();
    assert!(
        failed.is_empty(),
        "{}\n{}\n{table}",
        failed.join("\n"),
        unsent.join("\n")
    );
}
