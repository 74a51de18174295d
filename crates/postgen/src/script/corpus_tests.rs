//! The analysis over real collections: `$POSTGEN_CORPUS` (CI: `../shared/corpus`, relative to
//! the workspace) and the project's own `collections/`. Prints, per collection, the scripts,
//! those that only assert, the setter calls, those whose value comes from a response and how
//! many of those are understood; then each one refused. Fails below [`TARGET`] percent over the
//! corpus (`collections/wire-captures` refuses some on purpose).
//! Without `POSTGEN_CORPUS` it says it is skipped and passes.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde_json::Value as Json;

use super::{Facts, Listen, analyse};

/// Share of setter calls with a value from a response that must be understood, in percent.
const TARGET: f64 = 95.0;

#[derive(Default)]
struct Row {
    scripts: usize,
    assert_only: usize,
    setters: usize,
    from_response: usize,
    understood: usize,
    sent_request: usize,
    presets: usize,
    changes_request: usize,
    unrecognised: usize,
}

impl Row {
    fn add(&mut self, f: &Facts) {
        self.scripts += 1;
        self.assert_only += usize::from(f.assert_only());
        self.setters += f.setters;
        let (understood, all) = f.response_setters();
        self.understood += understood;
        self.from_response += all;
        self.sent_request += f.refused.iter().filter(|r| r.from_sent_request).count();
        self.presets += f.presets.len();
        self.changes_request += usize::from(f.changes_request.is_some());
        self.unrecognised += usize::from(f.unrecognised.is_some());
    }
}

#[test]
fn scripts_of_the_corpus_are_understood() {
    let Some(corpus) = std::env::var_os("POSTGEN_CORPUS") else {
        println!(
            "skipped: set POSTGEN_CORPUS to a directory of collections (CI: ../shared/corpus)"
        );
        return;
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut paths: Vec<(bool, PathBuf)> = Vec::new();
    for (in_corpus, dir) in [(true, root.join(corpus)), (false, root.join("collections"))] {
        let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        let mut found: Vec<PathBuf> = entries
            .map(|e| e.expect("directory entry").path())
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        found.sort();
        paths.extend(found.into_iter().map(|p| (in_corpus, p)));
    }

    let mut table = String::from(
        "| collection | scripts | assert-only | setters | from response | understood | % | from pm.sendRequest |\n\
         |---|---:|---:|---:|---:|---:|---:|---:|\n",
    );
    let mut refusals = String::new();
    let mut notes = String::new();
    let mut total = Row::default();
    // The target is the corpus's: `collections/` holds scripts that must be refused.
    let mut corpus_total = Row::default();
    for (in_corpus, path) in &paths {
        let text = std::fs::read_to_string(path).expect("readable collection");
        let json: Json = serde_json::from_str(&text).expect("collection is JSON");
        let mut scripts = Vec::new();
        collect(&json, &mut scripts);
        let name = path.file_name().expect("file name").to_string_lossy();
        let name = name
            .trim_end_matches(".json")
            .trim_end_matches(".postman_collection");
        let mut row = Row::default();
        for (listen, source) in &scripts {
            let facts = analyse(source, *listen);
            row.add(&facts);
            total.add(&facts);
            if *in_corpus {
                corpus_total.add(&facts);
            }
            for (what, note) in [
                ("changes the request", &facts.changes_request),
                ("not understood", &facts.unrecognised),
            ] {
                if let Some(n) = note {
                    let _ = writeln!(
                        notes,
                        "{name} {listen:?} {what} at {}:{}: {}",
                        n.pos.line, n.pos.column, n.why
                    );
                }
            }
            for r in facts
                .refused
                .iter()
                .filter(|r| r.from_response || r.from_sent_request)
            {
                let _ = writeln!(
                    refusals,
                    "{name} {}:{} {:?}: {}",
                    r.pos.line, r.pos.column, r.name, r.why
                );
            }
        }
        if row.scripts > 0 {
            let _ = writeln!(table, "{}", line(name, &row));
        }
    }
    let _ = writeln!(table, "{}", line("**corpus**", &corpus_total));
    let _ = writeln!(table, "{}", line("**all**", &total));
    println!("{table}");
    println!(
        "pre-request presets understood: {}; scripts that change the request: {}; scripts with \
         something not understood: {}",
        total.presets, total.changes_request, total.unrecognised
    );
    println!("refused setters with a value from a response:\n{refusals}");
    println!(
        "per script, where it changes the request and what it first does not understand:\n{notes}"
    );
    let share = percent(&corpus_total);
    assert!(
        share >= TARGET,
        "{share:.1}% of the corpus's setters from a response understood, below {TARGET}%"
    );
}

fn line(name: &str, r: &Row) -> String {
    format!(
        "| {name} | {} | {} | {} | {} | {} | {:.1} | {} |",
        r.scripts,
        r.assert_only,
        r.setters,
        r.from_response,
        r.understood,
        percent(r),
        r.sent_request,
    )
}

fn percent(r: &Row) -> f64 {
    if r.from_response == 0 {
        100.0
    } else {
        100.0 * r.understood as f64 / r.from_response as f64
    }
}

/// Every script in a collection, v2 (`event` on the collection, folders and items) or v1
/// (`requests[]` with `tests` / `preRequestScript`, or `events`).
fn collect(node: &Json, out: &mut Vec<(Listen, String)>) {
    let Json::Object(map) = node else { return };
    let events = map.get("event").or_else(|| map.get("events"));
    if let Some(Json::Array(events)) = events {
        for ev in events {
            let listen = match ev.get("listen").and_then(Json::as_str) {
                Some("prerequest") => Listen::Prerequest,
                Some("test") => Listen::Test,
                _ => continue,
            };
            let source = match ev.get("script").and_then(|s| s.get("exec")) {
                Some(Json::String(s)) => s.clone(),
                Some(Json::Array(lines)) => lines
                    .iter()
                    .filter_map(Json::as_str)
                    .collect::<Vec<_>>()
                    .join("\n"),
                _ => continue,
            };
            if !source.trim().is_empty() {
                out.push((listen, source));
            }
        }
    } else {
        for (key, listen) in [
            ("tests", Listen::Test),
            ("preRequestScript", Listen::Prerequest),
        ] {
            if let Some(Json::String(s)) = map
                .get(key)
                .filter(|s| s.as_str().is_some_and(|s| !s.trim().is_empty()))
            {
                out.push((listen, s.clone()));
            }
        }
    }
    for key in ["item", "requests", "folders"] {
        if let Some(Json::Array(children)) = map.get(key) {
            for c in children {
                collect(c, out);
            }
        }
    }
}
