//! Wire equivalence with newman, Postman's own runner: for each collection of `collections/` (and,
//! with `POSTGEN_CORPUS` set, of the corpus), newman runs a script-free, host-rewritten copy of
//! the collection and the generated client runs every request through its example calls
//! (`examples::ALL`, cargo feature `examples`), each against loopback capture servers; the
//! requests are then compared request by request (see `newman/compare.rs` for exactly what is
//! normalised). Every variable gets the same value on both sides, credentials included.
//!
//! A difference either gets fixed in postgen or, when newman itself is wrong, is listed with the
//! reason in `tests/newman/allow-list.tsv`, which the test prints. It prints, per collection,
//! `equivalent/total` and one line per difference, and fails on any difference the allow-list does
//! not explain.
//!
//! Needs newman 6: `npm install --prefix target/newman newman@6`, then
//! `POSTGEN_NEWMAN=target/newman/node_modules/.bin/newman` (`.ci/run` does both). Without it the
//! test says so and passes. With `POSTGEN_POSTMAN_CLI` set too, the Postman CLI runs each
//! collection as well, as a v2.1 file and as its v3 conversion (`newman/postman_cli.rs`). The generated crates and the runner are built in a workspace under
//! `$POSTGEN_NEWMAN_TARGET` (default: the corpus suite's target directory, `target/corpus`).

#[path = "newman/allow.rs"]
mod allow;
#[path = "newman/collection.rs"]
mod collection;
#[path = "newman/compare.rs"]
mod compare;
#[path = "newman/postman_cli.rs"]
mod postman_cli;
mod support;
#[path = "newman/workspace.rs"]
mod workspace;

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use postgen_testserver::{Recorded, Reply, TestServer};

use allow::AllowList;
use collection::{Collection, TAG};
use compare::{Difference, compare, show};

#[test]
fn generated_clients_send_what_newman_sends() {
    let started = Instant::now();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let Some(newman) = newman(repo) else {
        println!(
            "skipped: POSTGEN_NEWMAN is not set. Install newman with \
             `npm install --prefix target/newman newman@6` (needs Node.js and npm), then run \
             `POSTGEN_NEWMAN=target/newman/node_modules/.bin/newman cargo test --test newman \
             -- --nocapture` (.ci/run does both, with the corpus)."
        );
        return;
    };
    let node_modules = node_modules(&newman);
    let postman_cli = postman_cli::executable(repo);

    let allow_path = repo.join("tests/newman/allow-list.tsv");
    let allow = AllowList::load(&allow_path).unwrap_or_else(|e| panic!("{e}"));
    println!(
        "allow-list ({}): {} entries",
        allow_path
            .strip_prefix(repo)
            .unwrap_or(&allow_path)
            .display(),
        allow.entries.len()
    );
    for e in &allow.entries {
        println!(
            "  line {}: [{}] {} / {} / {}: {}",
            e.line, e.runner, e.collection, e.request, e.what, e.why
        );
    }

    let mut paths = support::collection_files(&repo.join("collections"));
    let ours: std::collections::HashSet<String> = paths.iter().map(|p| support::stem(p)).collect();
    let corpus = support::corpus("the corpus");
    let with_corpus = corpus.is_some();
    paths.extend(corpus.iter().flat_map(|dir| support::collection_files(dir)));
    let target = std::env::var_os("POSTGEN_NEWMAN_TARGET")
        .or_else(|| std::env::var_os("POSTGEN_CORPUS_TARGET"))
        .map_or_else(|| repo.join("target/corpus"), |t| repo.join(t));
    let harness = target.join("newman");
    let work = harness.join("work");

    let mut failures = Vec::new();
    let mut collections = Vec::new();
    for p in &paths {
        let stem = support::stem(p);
        match collection::load(p, &node_modules, &work.join(&stem)) {
            Ok(c) => collections.push(c),
            Err(e) => failures.push(format!("{stem}: {e}")),
        }
    }
    let generated_in = started.elapsed();
    let ws = workspace::Workspace::write(harness.join("workspace"), target, &collections);
    let runner = ws.build().unwrap_or_else(|e| panic!("{e}"));
    let built_in = started.elapsed() - generated_in;
    println!(
        "generated {} crates in {:.1} s, built the runner in {:.1} s",
        collections.len(),
        generated_in.as_secs_f64(),
        built_in.as_secs_f64()
    );

    let mut summary = String::new();
    let mut unexplained = Vec::new();
    let mut scripts_summary = String::new();
    for c in &collections {
        let dir = work.join(&c.stem);
        let off = match run(c, &newman, postman_cli.as_deref(), &runner, &dir, false) {
            Ok(run) => run,
            Err(e) => {
                failures.push(format!("{}: {e}", c.stem));
                continue;
            }
        };
        let line = tally(c, &off, &allow, "newman", "", &mut unexplained);
        writeln!(summary, "{line}").unwrap();
        postman_cli::report(
            &c.stem,
            &off.postman,
            &allow,
            &mut unexplained,
            &mut summary,
        );

        // Scripts on: newman runs the collection with its scripts, the client every example call
        // on one client with captures on, against servers that answer with the saved examples.
        // Without scripts that is the run above.
        if !c.has_scripts {
            writeln!(
                scripts_summary,
                "{} (scripts on): no scripts, as above",
                c.stem
            )
            .unwrap();
            continue;
        }
        let dir = work.join(format!("{}.scripts", c.stem));
        let scripts_run = match run(c, &newman, None, &runner, &dir, true) {
            Ok(run) => run,
            Err(e) => {
                failures.push(format!("{} (scripts on): {e}", c.stem));
                continue;
            }
        };
        // The corpus's figures are reported; the project's own collections must agree.
        let mut corpus_unexplained = Vec::new();
        let target = if ours.contains(&c.stem) {
            &mut unexplained
        } else {
            &mut corpus_unexplained
        };
        let line = tally(
            c,
            &scripts_run,
            &allow,
            "newman-scripts",
            " (scripts on)",
            target,
        );
        writeln!(scripts_summary, "{line}").unwrap();
    }
    // An entry that explains nothing any more is stale.
    for e in &allow.entries {
        let ran = if e.collection == "*" {
            with_corpus
        } else {
            collections.iter().any(|c| c.stem == e.collection)
        } && (e.runner == "newman" || postman_cli.is_some());
        if ran && !e.used.get() {
            failures.push(format!(
                "allow-list line {} ({} / {} / {}) matches no difference: remove it",
                e.line, e.collection, e.request, e.what
            ));
        }
    }

    println!(
        "summary ({:.1} s in all):\n{summary}\nscripts on (the corpus's figures are reported, not \
         required):\n{scripts_summary}",
        started.elapsed().as_secs_f64()
    );
    assert!(
        failures.is_empty() && unexplained.is_empty(),
        "{} differences not in the allow-list:\n{}\n{}",
        unexplained.len(),
        unexplained.join("\n"),
        failures.join("\n")
    );
}

/// Counts a run's equivalent requests and prints its differences; those no entry of the
/// allow-list explains (for `runner`) go to `unexplained`. The summary line.
fn tally(
    c: &Collection,
    run: &Run,
    allow: &AllowList,
    runner: &str,
    label: &str,
    unexplained: &mut Vec<String>,
) -> String {
    let mut equivalent = 0;
    let mut allowed = 0;
    let mut lines = String::new();
    for (op, title, diffs) in &run.results {
        if diffs.is_empty() {
            equivalent += 1;
            continue;
        }
        let mut all_allowed = true;
        for d in diffs {
            // The scripts-on run has newman's differences too.
            let entry = allow
                .find_for(runner, &c.stem, op, &d.what)
                .or_else(|| allow.find_for("newman", &c.stem, op, &d.what));
            match entry {
                Some(e) => writeln!(
                    lines,
                    "  {op} ({title}): {} [allow-listed, line {}]",
                    d.text, e.line
                )
                .unwrap(),
                None => {
                    all_allowed = false;
                    writeln!(lines, "  {op} ({title}): {}", d.text).unwrap();
                    unexplained.push(format!("{}{label} {op}: {}", c.stem, d.text));
                }
            }
        }
        if all_allowed {
            allowed += 1;
        }
    }
    for u in &run.untagged {
        writeln!(lines, "  (untagged request) {u}").unwrap();
        unexplained.push(format!("{}{label}: untagged request {u}", c.stem));
    }
    for d in &run.dropped {
        let line = format!("request {} has no generated operation", show(d));
        writeln!(lines, "  {line}").unwrap();
        unexplained.push(format!("{}{label}: {line}", c.stem));
    }
    let total = run.results.len();
    let line = format!(
        "{}{label}: {equivalent}/{total} equivalent{} (newman {:.1} s, client {:.1} s)",
        c.stem,
        if allowed > 0 {
            format!(", {allowed} more with allow-listed differences only")
        } else {
            String::new()
        },
        run.newman_secs,
        run.client_secs
    );
    println!("{line}\n{lines}");
    line
}

/// The newman executable, `$POSTGEN_NEWMAN` (unset: the test is skipped, so that
/// `cargo test --workspace` stays quick; `.ci/run` runs it on its own).
fn newman(repo: &Path) -> Option<PathBuf> {
    let path = repo.join(std::env::var_os("POSTGEN_NEWMAN")?);
    if !path.exists() {
        panic!(
            "POSTGEN_NEWMAN is set, but {} does not exist",
            path.display()
        );
    }
    Some(path)
}

/// The `node_modules` directory newman is installed in (its converter is there too).
fn node_modules(newman: &Path) -> PathBuf {
    let real = std::fs::canonicalize(newman).unwrap_or_else(|_| newman.to_owned());
    real.ancestors()
        .find(|a| a.file_name().is_some_and(|n| n == "node_modules"))
        .map(Path::to_owned)
        .unwrap_or_else(|| panic!("{} is not inside a node_modules directory", real.display()))
}

struct Run {
    /// Per operation (by example name, in the order of the crate's operations): its title and
    /// its differences.
    results: Vec<(String, String, Vec<Difference>)>,
    /// Requests that carry no tag.
    untagged: Vec<String>,
    /// Requests of the collection postgen generated no operation for.
    dropped: Vec<String>,
    newman_secs: f64,
    client_secs: f64,
    /// The Postman CLI's runs, compared (none without `POSTGEN_POSTMAN_CLI`).
    postman: Vec<postman_cli::Compared>,
}

/// Capture servers: each answers `200 {}` and closes the connection (newman, its clock frozen,
/// would otherwise wait on an idle keep-alive connection before exiting).
fn capture_servers(n: usize) -> Vec<TestServer> {
    (0..n.max(1))
        .map(|_| TestServer::start(|_| Reply::json(200, "{}").header("Connection", "close")))
        .collect()
}

/// Capture servers for the scripts-on run: each answers a request with what its operation's
/// [`Answer`](collection::Answer) is (by its tag), and closes the connection.
fn answering_servers(c: &Collection) -> Vec<TestServer> {
    let answers: HashMap<String, collection::Answer> = c
        .ops
        .iter()
        .map(|op| (op.name.clone(), op.answer(&c.v2)))
        .collect();
    let answers = std::sync::Arc::new(answers);
    (0..c.generated.api().hosts.len().max(1))
        .map(|_| {
            let answers = answers.clone();
            TestServer::start(move |r| {
                let Some(a) = r.header(TAG).and_then(|t| answers.get(t)) else {
                    return Reply::json(200, "{}").header("Connection", "close");
                };
                let mut reply = Reply::bytes(a.status, a.body.clone());
                for (k, v) in &a.headers {
                    reply = reply.header(k.clone(), v.clone());
                }
                reply.header("Connection", "close")
            })
        })
        .collect()
}

/// Runs newman and the client on one collection and compares what each sent; with `scripts`,
/// the scripts-on run (no Postman CLI then).
fn run(
    c: &Collection,
    newman: &Path,
    postman_cli: Option<&Path>,
    runner: &Path,
    dir: &Path,
    scripts: bool,
) -> Result<Run, String> {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    // One capture server per host, for both sides in turn: newman first, then the client. Both
    // then send to the very same host and port, which signatures (AWS, OAuth 1.0) cover.
    let servers = if scripts {
        answering_servers(c)
    } else {
        capture_servers(c.generated.api().hosts.len())
    };
    let urls: Vec<String> = servers.iter().map(TestServer::url).collect();
    let inputs = collection::inputs(c, &urls, scripts);
    let write = |name: &str, v: &serde_json::Value| {
        std::fs::write(dir.join(name), serde_json::to_string_pretty(v).unwrap())
    };
    write("collection.json", &inputs.copy).map_err(|e| e.to_string())?;
    write("environment.json", &inputs.environment).map_err(|e| e.to_string())?;
    write("globals.json", &inputs.globals).map_err(|e| e.to_string())?;
    write("plan.json", &inputs.plan).map_err(|e| e.to_string())?;
    collection::write_files(c, dir);

    let freeze = dir.join("freeze-time.js");
    std::fs::write(
        &freeze,
        workspace::FREEZE_TIME_JS.replace("{FIXED_TIME}", &workspace::FIXED_TIME.to_string()),
    )
    .map_err(|e| e.to_string())?;
    let started = Instant::now();
    let out = Command::new(newman)
        .env("NODE_OPTIONS", format!("--require {}", freeze.display()))
        .args([
            "run",
            "collection.json",
            "--environment",
            "environment.json",
            "--globals",
            "globals.json",
            "--working-dir",
        ])
        .arg(dir)
        .args([
            "--timeout-request",
            "20000",
            "--ignore-redirects",
            "--reporters",
            "json",
            "--reporter-json-export",
            "newman-report.json",
        ])
        .current_dir(dir)
        .output()
        .map_err(|e| format!("cannot run newman: {e}"))?;
    let newman_secs = started.elapsed().as_secs_f64();
    std::fs::write(
        dir.join("newman-output.txt"),
        [&out.stdout[..], &out.stderr[..]].concat(),
    )
    .map_err(|e| e.to_string())?;
    let newman_errors = newman_errors(&dir.join("newman-report.json"));
    let mut untagged = Vec::new();
    let mut sent = |side: &str| {
        let mut by_tag: HashMap<String, Vec<(usize, Recorded)>> = HashMap::new();
        for (h, s) in servers.iter().enumerate() {
            for r in s.take_requests() {
                match r.header(TAG) {
                    Some(t) => by_tag.entry(t.to_owned()).or_default().push((h, r)),
                    None => untagged.push(format!("{side}: {} {}", r.method, r.target)),
                }
            }
        }
        by_tag
    };
    let newman_sent = sent("newman");
    let postman_runs = match postman_cli {
        Some(exe) => postman_cli::run(exe, c, dir, &mut sent),
        None => Vec::new(),
    };

    let started = Instant::now();
    let out = Command::new(runner)
        .arg(&c.stem)
        .arg(dir.join("plan.json"))
        .args(scripts.then_some("scripts"))
        .current_dir(dir)
        .output()
        .map_err(|e| format!("cannot run the runner: {e}"))?;
    let client_secs = started.elapsed().as_secs_f64();
    if !out.status.success() {
        return Err(format!(
            "the runner failed: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let mut client_errors: HashMap<String, String> = HashMap::new();
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        if let Ok(v) = serde_json::from_str::<serde_json::Value>(line)
            && let (Some(name), Some(err)) = (v["name"].as_str(), v["error"].as_str())
        {
            client_errors.insert(name.to_owned(), err.to_owned());
        }
    }

    let client_sent = sent("postgen");
    // What each side sent, for looking into a difference.
    for (name, sent) in [("newman", &newman_sent), ("postgen", &client_sent)] {
        let mut text = String::new();
        for op in &c.ops {
            for (h, r) in sent.get(&op.name).into_iter().flatten() {
                writeln!(
                    text,
                    "### {} (host #{h})\n{} {}",
                    op.name, r.method, r.target
                )
                .unwrap();
                for (k, v) in &r.headers {
                    writeln!(text, "{k}: {v}").unwrap();
                }
                writeln!(text, "\n{}\n", r.body_text()).unwrap();
            }
        }
        std::fs::write(dir.join(format!("{name}-requests.txt")), text)
            .map_err(|e| e.to_string())?;
    }

    let mut results = Vec::new();
    for op in &c.ops {
        let n = newman_sent.get(&op.name).map_or(&[][..], Vec::as_slice);
        let o = client_sent.get(&op.name).map_or(&[][..], Vec::as_slice);
        let newman_why = || {
            newman_errors
                .get(&op.name)
                .map_or(String::new(), |e| format!(" (newman: {e})"))
        };
        let client_why = || {
            client_errors
                .get(&op.name)
                .map_or(String::new(), |e| format!(" (postgen: {})", show(e)))
        };
        let mut diffs = Vec::new();
        match (n.first(), o.first()) {
            // A request without a URL: newman refuses to send it, and so does its example.
            (None, None) if op.no_url => {}
            (None, None) => diffs.push(Difference {
                what: "missing".into(),
                text: format!("neither sent a request{}{}", newman_why(), client_why()),
            }),
            (Some((_, nr)), None) => {
                // The example body is not JSON at all (`<<id>>` where a value belongs): newman
                // sends the text, a typed client has nothing to send.
                let not_json = !nr.body.is_empty()
                    && serde_json::from_slice::<serde_json::Value>(&nr.body).is_err()
                    && compare::lenient_json(&nr.body).is_none()
                    && client_errors
                        .get(&op.name)
                        .is_some_and(|e| e.contains(" at line ") && e.contains(" column "));
                diffs.push(Difference {
                    what: if not_json {
                        "missing: example body is not JSON".into()
                    } else {
                        "missing".into()
                    },
                    text: format!("postgen sent no request{}", client_why()),
                })
            }
            (None, Some(_)) => diffs.push(Difference {
                what: "missing".into(),
                text: format!("newman sent no request{}", newman_why()),
            }),
            (Some((nh, nr)), Some((oh, or))) => {
                let sets_accept = inputs.sets_accept.get(&op.name).copied().unwrap_or(false);
                diffs.extend(compare(nr, *nh, or, *oh, sets_accept));
            }
        }
        if n.len() > 1 || o.len() > 1 {
            diffs.push(Difference {
                what: "count".into(),
                text: format!("requests sent: newman {}, postgen {}", n.len(), o.len()),
            });
        }
        results.push((op.name.clone(), show(&op.title), diffs));
    }
    let postman = postman_cli::compare_runs(
        c,
        postman_runs,
        &results,
        &newman_sent,
        &client_sent,
        &inputs.sets_accept,
    );
    Ok(Run {
        results,
        untagged,
        dropped: inputs.dropped,
        newman_secs,
        client_secs,
        postman,
    })
}

/// newman's request errors, by the tag of the request.
fn newman_errors(report: &Path) -> HashMap<String, String> {
    let mut out = HashMap::new();
    let Ok(text) = std::fs::read_to_string(report) else {
        return out;
    };
    let Ok(v) = serde_json::from_str::<serde_json::Value>(&text) else {
        return out;
    };
    // Failures name the item; executions tie the item to the request (and its tag).
    let mut tags: HashMap<String, String> = HashMap::new();
    for e in v["run"]["executions"].as_array().into_iter().flatten() {
        let tag = e["request"]["header"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|h| h["key"].as_str() == Some(TAG))
            .and_then(|h| h["value"].as_str());
        if let (Some(id), Some(tag)) = (e["item"]["id"].as_str(), tag) {
            tags.insert(id.to_owned(), tag.to_owned());
        }
    }
    for f in v["run"]["failures"].as_array().into_iter().flatten() {
        let message = f["error"]["message"].as_str().unwrap_or("failed");
        if let Some(tag) = f["source"]["id"].as_str().and_then(|id| tags.get(id)) {
            out.insert(tag.clone(), message.to_owned());
        }
    }
    out
}
