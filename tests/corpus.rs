//! The corpus: real collections published by API vendors (`$POSTGEN_CORPUS`, which CI sets to
//! `../shared/corpus`), each generated into a member of ONE cargo workspace with a shared
//! target directory (`$POSTGEN_CORPUS_TARGET`, default `target/corpus`, so that reruns are
//! incremental), where every crate then goes through the checks in [`CHECKS`].
//!
//! Each crate is generated with `Builder::example_tests`, so its `cargo test` decodes every
//! response its collection saves through the generated decode functions, and (with the
//! features `examples` and `mock`, which the suite builds it with) replays every saved example
//! end to end: the example call through HTTP against the crate's mock, decoded by the client. A
//! response that does not decode either way fails the suite, as does a crate that does not
//! compile, is not clippy-clean, has documentation rustdoc warns about, or lacks a function for
//! one of its requests. The table printed at the end has, per collection: requests, generated
//! functions, types, warnings, operations detected as paginated, each check, the saved
//! responses decoded, and the saved examples replayed (with the example calls that could not be
//! made, not sent).
//!
//! Without `POSTGEN_CORPUS` the test prints that it is skipped and passes.

mod support;

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;

/// What runs in the workspace for each crate, in order; `{crate}` is the package name. The
/// `doc` check runs with `RUSTDOCFLAGS=-D warnings`.
const CHECKS: &[(&str, &[&str])] = &[
    // With the example calls and the mock, which the replay test needs (and `test` then
    // reuses what this builds).
    (
        "compile",
        &["build", "-p", "{crate}", "--features", "examples,mock"],
    ),
    (
        "clippy",
        &[
            "clippy",
            "-p",
            "{crate}",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ],
    ),
    ("docs", &["doc", "--no-deps", "-p", "{crate}"]),
    (
        "test",
        &[
            "test",
            "--tests",
            "-p",
            "{crate}",
            "--features",
            "examples,mock",
            "--",
            "--nocapture",
        ],
    ),
];

struct Row {
    collection: String,
    requests: usize,
    functions: usize,
    types: usize,
    warnings: usize,
    /// Operations detected as paginated.
    paginated: usize,
    /// Whether each of [`CHECKS`] passed.
    passed: Vec<bool>,
    /// The example test's report, or what failed.
    outcome: Result<Decoded, String>,
}

#[derive(Default)]
struct Decoded {
    decoded: usize,
    total: usize,
    json_decoded: usize,
    json_total: usize,
    not_json: usize,
    /// Saved JSON responses with one field removed or `null`: decoded / all.
    mutants_decoded: usize,
    mutants: usize,
    /// Saved examples whose example call, made against the replay mock, decoded as saved /
    /// all, and the calls that could not be made (not sent).
    replayed: usize,
    replay_total: usize,
    unsent: usize,
}

#[test]
fn every_corpus_collection_generates_builds_and_decodes_its_examples() {
    let Some(corpus) = support::corpus("the corpus suite") else {
        return;
    };
    let repo = support::repo();
    let target = std::env::var_os("POSTGEN_CORPUS_TARGET")
        .map_or_else(|| repo.join("target/corpus"), |t| repo.join(t));
    let workspace = target.join("workspace");
    std::fs::create_dir_all(&workspace).unwrap();

    let paths = support::collection_files(&corpus);
    assert!(!paths.is_empty(), "no collections in {}", corpus.display());

    let mut rows = Vec::new();
    let mut members = Vec::new();
    for path in &paths {
        let file = path.file_name().unwrap().to_string_lossy().into_owned();
        let stem = support::stem(path);
        let generated = postgen::Builder::new()
            .collection(path)
            .crate_name(postgen::default_crate_name(&stem))
            .example_tests(true)
            .emit_rerun_if_changed(false)
            .emit_cargo_warnings(false)
            .generate()
            .unwrap_or_else(|e| panic!("{file} does not generate: {e}"));
        generated
            .write_to_dir(workspace.join(&stem), true)
            .unwrap_or_else(|e| panic!("cannot write {stem}: {e}"));
        let stats = generated.stats();
        members.push(stem.clone());
        rows.push(Row {
            collection: stem,
            requests: count_requests(path),
            functions: stats.operations,
            types: stats.types,
            warnings: stats.warnings,
            paginated: stats.paginated,
            passed: Vec::new(),
            outcome: Err("not run".to_owned()),
        });
    }

    // Decoding what real servers send beyond the saved examples, where the corpus has the
    // collections the test is about.
    let real_world = ["zoom-api-v2", "twitter-api-v2"]
        .iter()
        .all(|c| members.iter().any(|m| m == c));
    if real_world {
        write_real_world(&workspace.join("real-world"), repo);
    }
    let mut manifest = String::from(
        "# Written by postgen's tests/corpus.rs.\n[workspace]\nresolver = \"2\"\nmembers = [",
    );
    for m in members
        .iter()
        .chain(real_world.then_some(&"real-world".to_owned()))
    {
        write!(manifest, "{m:?}, ").unwrap();
    }
    manifest.push_str("]\n\n[profile.dev]\ndebug = false\n");
    support::write_if_changed(&workspace.join("Cargo.toml"), &manifest);
    // The versions this repository builds with, so that the corpus needs nothing new.
    let lock = std::fs::read(repo.join("Cargo.lock")).unwrap();
    support::write_if_changed(
        &workspace.join("Cargo.lock"),
        &String::from_utf8_lossy(&lock),
    );

    let started = std::time::Instant::now();
    for row in &mut rows {
        let krate = postgen::default_crate_name(&row.collection);
        (row.passed, row.outcome) = check(&workspace, &target, &krate);
        if row.requests != row.functions && row.outcome.is_ok() {
            row.outcome = Err(format!(
                "{} requests but {} functions",
                row.requests, row.functions
            ));
        }
    }

    let real_world = real_world.then(|| run_real_world(&workspace, &target));
    let table = format!(
        "{}\n{}checks took {} s\n",
        table(&rows),
        match &real_world {
            Some(Ok(line)) => format!("real-world answers (tests/corpus/real_world.rs): {line}\n"),
            Some(Err(e)) =>
                format!("real-world answers (tests/corpus/real_world.rs): FAILED\n{e}\n"),
            None => "real-world answers: skipped (the corpus lacks Zoom or Twitter)\n".to_owned(),
        },
        started.elapsed().as_secs()
    );
    println!("{table}");
    // `.ci/run` prints it (cargo test keeps the output of passing tests to itself).
    std::fs::write(target.join("table.md"), &table).unwrap();
    let failed: Vec<String> = rows
        .iter()
        .filter_map(|r| match &r.outcome {
            Err(e) => Some(format!("{}: {e}", r.collection)),
            Ok(_) => None,
        })
        .chain(real_world.and_then(Result::err))
        .collect();
    assert!(failed.is_empty(), "{table}\n{}", failed.join("\n\n"));
}

/// The `real-world` member: a test crate on the Zoom and Twitter crates (`tests/corpus/real_world.rs`).
fn write_real_world(dir: &Path, repo: &Path) {
    std::fs::create_dir_all(dir.join("tests")).unwrap();
    let server = repo.join("crates/postgen-testserver");
    support::write_if_changed(
        &dir.join("Cargo.toml"),
        &format!(
            "# Written by postgen's tests/corpus.rs.\n[package]\nname = \"real-world\"\nversion = \"0.0.0\"\n\
             edition = \"2021\"\npublish = false\n\n[dev-dependencies]\n\
             zoom-api-v2 = {{ path = \"../zoom-api-v2\" }}\ntwitter-api-v2 = {{ path = \"../twitter-api-v2\" }}\n\
             postgen-testserver = {{ path = {:?} }}\n\
             tokio = {{ version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }}\n",
            server.display().to_string()
        ),
    );
    support::write_if_changed(
        &dir.join("tests/decode.rs"),
        include_str!("corpus/real_world.rs"),
    );
}

/// `cargo test -p real-world`: the summary line of its tests, or what failed.
fn run_real_world(workspace: &Path, target: &Path) -> Result<String, String> {
    let out = Command::new(env!("CARGO"))
        .args(["test", "-p", "real-world", "--tests"])
        .current_dir(workspace)
        .env("CARGO_TARGET_DIR", target)
        .env("CARGO_TERM_COLOR", "never")
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    if out.status.success() {
        Ok(stdout
            .lines()
            .find(|l| l.starts_with("test result:"))
            .unwrap_or("")
            .to_owned())
    } else {
        Err(format!(
            "real-world: {}\n{}",
            tail(&String::from_utf8_lossy(&out.stderr), 30),
            tail(&stdout, 40)
        ))
    }
}

/// Runs every check for `krate` in the workspace (all of them, even after a failure): which
/// passed, and the example test's report or what failed.
fn check(workspace: &Path, target: &Path, krate: &str) -> (Vec<bool>, Result<Decoded, String>) {
    let mut passed = Vec::new();
    let mut failures = Vec::new();
    let mut decoded = None;
    for (name, args) in CHECKS {
        let args: Vec<String> = args.iter().map(|a| a.replace("{crate}", krate)).collect();
        let out = Command::new(env!("CARGO"))
            .args(&args)
            .current_dir(workspace)
            .env("CARGO_TARGET_DIR", target)
            .env("CARGO_TERM_COLOR", "never")
            .env("RUSTDOCFLAGS", "-D warnings")
            .output();
        let out = match out {
            Ok(out) => out,
            Err(e) => {
                passed.push(false);
                failures.push(format!("cannot run cargo: {e}"));
                continue;
            }
        };
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        passed.push(out.status.success());
        if !out.status.success() {
            failures.push(format!(
                "`cargo {}` failed:\n{}\n{}",
                args.join(" "),
                tail(&stderr, 40),
                tail(&stdout, 60)
            ));
        }
        if *name == "test" {
            decoded = stdout.lines().find_map(|l| report(l, krate));
            let mutants = stdout.lines().find_map(|l| mutants(l, krate));
            if let (Some(d), Some((m, t))) = (&mut decoded, mutants) {
                (d.mutants_decoded, d.mutants) = (m, t);
            }
            let replayed = stdout.lines().find_map(|l| support::replayed(l, krate));
            match (&mut decoded, replayed) {
                (Some(d), Some((r, t, u))) => (d.replayed, d.replay_total, d.unsent) = (r, t, u),
                (Some(_), None) => failures.push("the replay test printed no report".to_owned()),
                _ => {}
            }
        }
    }
    let outcome = if failures.is_empty() {
        decoded.ok_or_else(|| "the example test printed no report".to_owned())
    } else {
        Err(failures.join("\n\n"))
    };
    (passed, outcome)
}

/// `postgen-examples: <crate> decoded D/T (JSON J/JT), not JSON although declared so: S`.
fn report(line: &str, krate: &str) -> Option<Decoded> {
    let rest = line
        .strip_prefix(postgen::stages::EXAMPLES_REPORT_PREFIX)?
        .trim()
        .strip_prefix(krate)?;
    let numbers: Vec<usize> = rest
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .map(|s| s.parse().unwrap_or(0))
        .collect();
    match numbers[..] {
        [decoded, total, json_decoded, json_total, not_json] => Some(Decoded {
            decoded,
            total,
            json_decoded,
            json_total,
            not_json,
            ..Decoded::default()
        }),
        _ => None,
    }
}

/// `postgen-mutants: <crate> decoded D/T`.
fn mutants(line: &str, krate: &str) -> Option<(usize, usize)> {
    let rest = line
        .strip_prefix(postgen::stages::MUTANTS_PREFIX)?
        .trim()
        .strip_prefix(krate)?
        .trim()
        .strip_prefix("decoded")?;
    let (d, t) = rest.trim().split_once('/')?;
    Some((d.trim().parse().ok()?, t.trim().parse().ok()?))
}

fn table(rows: &[Row]) -> String {
    let mut t =
        String::from("| collection | requests | functions | types | warnings | paginated |");
    for (name, _) in CHECKS {
        write!(t, " {name} |").unwrap();
    }
    t.push_str(" examples decoded / total | JSON decoded / total | declared JSON, not JSON | mutants decoded / total | replayed / total (not sent) |\n|---|--:|--:|--:|--:|--:|");
    for _ in CHECKS {
        t.push_str(":-:|");
    }
    t.push_str("--:|--:|--:|--:|--:|\n");
    for r in rows {
        let (examples, json, not_json, mutants, replayed) = match &r.outcome {
            Ok(d) => (
                format!("{} / {}", d.decoded, d.total),
                format!("{} / {}", d.json_decoded, d.json_total),
                d.not_json.to_string(),
                format!("{} / {}", d.mutants_decoded, d.mutants),
                format!("{} / {} ({})", d.replayed, d.replay_total, d.unsent),
            ),
            Err(_) => (
                "FAILED".to_owned(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
            ),
        };
        write!(
            t,
            "| {} | {} | {} | {} | {} | {} |",
            r.collection, r.requests, r.functions, r.types, r.warnings, r.paginated
        )
        .unwrap();
        for ok in &r.passed {
            t.push_str(if *ok { " ok |" } else { " FAILED |" });
        }
        writeln!(
            t,
            " {examples} | {json} | {not_json} | {mutants} | {replayed} |"
        )
        .unwrap();
    }
    t
}

/// Requests in a collection file: items with a `request`, in any folder (v2), or the
/// `requests` list (v1).
fn count_requests(path: &Path) -> usize {
    fn walk(v: &serde_json::Value) -> usize {
        v.as_array().map_or(0, |items| {
            items
                .iter()
                .map(|i| usize::from(i.get("request").is_some()) + i.get("item").map_or(0, walk))
                .sum()
        })
    }
    let text = std::fs::read(path).unwrap();
    let v: serde_json::Value = serde_json::from_slice(&text).unwrap_or_default();
    if let Some(requests) = v.get("requests").and_then(|r| r.as_array()) {
        return requests.len();
    }
    walk(v.get("item").unwrap_or(&serde_json::Value::Null))
}

fn tail(s: &str, lines: usize) -> String {
    let all: Vec<&str> = s.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}
