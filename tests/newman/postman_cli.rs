//! The second runner: the Postman CLI (npm package `postman-cli`, which works offline for local
//! collections). For each collection it runs the very copy newman runs (v2.1 JSON, scripts
//! stripped, hosts rewritten, requests tagged) and that copy's v3 conversion
//! (`postman collection migrate`, values given with `--env-var`), against the same capture
//! servers; what it sent is compared with the generated client exactly as newman's requests
//! are, and with newman's, where the two runners disagree.
//!
//! Its clock is frozen at newman's time with libfaketime (`faketime`, from Debian).
//!
//! The runners, as the allow-list names them: `newman`, `postman-cli` (the v2.1 file) and
//! `postman-cli-v3` (its v3 directory). Needs `POSTGEN_POSTMAN_CLI` (`.ci/run` installs it into
//! `target/postman-cli`); without it only newman runs.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use postgen_testserver::Recorded;
use serde_json::Value;

use super::allow::AllowList;
use super::collection::{Collection, TAG};
use super::compare::{Difference, compare, show};
use super::workspace::FIXED_TIME;

/// What each side sent, by tag: the host index and the request.
pub type Sent = HashMap<String, Vec<(usize, Recorded)>>;

/// `$POSTGEN_POSTMAN_CLI`, the `postman` executable.
pub fn executable(repo: &Path) -> Option<PathBuf> {
    let path = repo.join(std::env::var_os("POSTGEN_POSTMAN_CLI")?);
    assert!(
        path.exists(),
        "POSTGEN_POSTMAN_CLI is set, but {} does not exist",
        path.display()
    );
    Some(path)
}

/// One run of the Postman CLI on a collection.
pub struct PostmanRun {
    pub runner: &'static str,
    pub sent: Sent,
    pub secs: f64,
    /// Requests left out of the run, by tag, and why.
    pub not_run: BTreeMap<String, String>,
    /// Why the run did not happen at all (the CLI's own words).
    pub skipped: Option<String>,
}

/// The Postman CLI's results for one collection, compared.
pub struct Compared {
    pub runner: &'static str,
    pub secs: f64,
    pub skipped: Option<String>,
    /// Per operation: its name, title and the differences from the client's request.
    pub results: Vec<(String, String, Vec<Difference>)>,
    /// Where this runner and newman sent different requests.
    pub disagreements: Vec<String>,
    /// What newman's comparison found different, per operation.
    pub newman: HashMap<String, Vec<String>>,
}

/// The CLI under the same frozen clock as newman's (`FIXED_TIME`: timestamps, signatures). The
/// CLI is a single executable that does not load newman's `--require` hook, so the clock is
/// frozen beneath it with libfaketime (Debian's `faketime`, which `.ci/run` installs).
fn command(exe: &Path, dir: &Path) -> Command {
    let faketime = std::env::var_os("PATH")
        .and_then(|paths| {
            std::env::split_paths(&paths)
                .map(|p| p.join("faketime"))
                .find(|p| p.is_file())
        })
        .expect("the Postman CLI harness needs `faketime` (apt-get install faketime)");
    let mut c = Command::new(faketime);
    c.arg("-f")
        .arg(utc(FIXED_TIME))
        .arg(exe)
        .env("TZ", "UTC")
        // Timers keep the real monotonic clock; only the time of day is frozen.
        .env("FAKETIME_DONT_FAKE_MONOTONIC", "1")
        .current_dir(dir);
    c
}

/// `secs` since the epoch as `YYYY-MM-DD hh:mm:ss` (UTC), the form in which faketime freezes it.
fn utc(secs: u64) -> String {
    let (days, rest) = ((secs / 86_400) as i64, secs % 86_400);
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02}:{:02}",
        rest / 3_600,
        rest / 60 % 60,
        rest % 60
    )
}

/// What a runner sent, as `newman-requests.txt` shows newman's, for looking into a difference.
fn save(dir: &Path, runner: &str, c: &Collection, sent: &Sent) {
    let mut text = String::new();
    for op in &c.ops {
        for (h, r) in sent.get(&op.name).into_iter().flatten() {
            let _ = writeln!(
                text,
                "### {} (host #{h})\n{} {}",
                op.name, r.method, r.target
            );
            for (k, v) in &r.headers {
                let _ = writeln!(text, "{k}: {v}");
            }
            let _ = writeln!(text, "\n{}\n", r.body_text());
        }
    }
    let _ = std::fs::write(dir.join(format!("{runner}-requests.txt")), text);
}

/// The first line the CLI printed that says something, shortened.
fn said(out: &std::process::Output) -> String {
    let text =
        String::from_utf8_lossy(&out.stderr).to_string() + &String::from_utf8_lossy(&out.stdout);
    text.lines()
        .map(str::trim)
        .find(|l| l.starts_with("Error"))
        .or_else(|| text.lines().map(str::trim).find(|l| !l.is_empty()))
        .unwrap_or("no output")
        .chars()
        .take(200)
        .collect()
}

/// Runs the CLI on `dir/collection.json` (the copy newman ran, its environment in
/// `dir/environment.json`) and on its v3 conversion; `sent(runner)` takes what the capture
/// servers received since the last call.
pub fn run(
    exe: &Path,
    c: &Collection,
    dir: &Path,
    sent: &mut dyn FnMut(&str) -> Sent,
) -> Vec<PostmanRun> {
    let common = [
        "--working-dir",
        ".",
        "--timeout-request",
        "20000",
        "--ignore-redirects",
        "--disable-unicode",
    ];
    let mut runs = Vec::new();

    let started = Instant::now();
    let out = command(exe, dir)
        .args([
            "collection",
            "run",
            "collection.json",
            "-e",
            "environment.json",
        ])
        .args(common)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", exe.display()));
    let _ = std::fs::write(
        dir.join("postman-cli-output.txt"),
        [&out.stdout[..], &out.stderr[..]].concat(),
    );
    let secs = started.elapsed().as_secs_f64();
    let got = sent("postman-cli");
    save(dir, "postman-cli", c, &got);
    runs.push(PostmanRun {
        runner: "postman-cli",
        skipped: (got.is_empty() && !out.status.success()).then(|| said(&out)),
        sent: got,
        secs,
        not_run: BTreeMap::new(),
    });

    let v3 = dir.join("v3");
    let _ = std::fs::remove_dir_all(&v3);
    let started = Instant::now();
    let out = command(exe, dir)
        .args(["collection", "migrate", "collection.json", "-o", "v3"])
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", exe.display()));
    if !out.status.success() || !v3.is_dir() {
        runs.push(PostmanRun {
            runner: "postman-cli-v3",
            sent: Sent::new(),
            secs: 0.0,
            not_run: BTreeMap::new(),
            skipped: Some(format!("not converted: {}", said(&out))),
        });
        return runs;
    }
    // The CLI runs a v3 collection with GraphQL requests only when logged in to Postman's
    // cloud: those requests are left out of the offline run, and reported.
    let mut not_run = BTreeMap::new();
    leave_out_graphql(&v3, &mut not_run);
    let environment: Value = std::fs::read_to_string(dir.join("environment.json"))
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or(Value::Null);
    let mut cmd = command(exe, dir);
    cmd.args(["collection", "run", "v3"]).args(common);
    for v in environment["values"].as_array().into_iter().flatten() {
        if let (Some(k), Some(val)) = (v["key"].as_str(), v["value"].as_str()) {
            cmd.arg("--env-var").arg(format!("{k}={val}"));
        }
    }
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", exe.display()));
    let _ = std::fs::write(
        dir.join("postman-cli-v3-output.txt"),
        [&out.stdout[..], &out.stderr[..]].concat(),
    );
    let secs = started.elapsed().as_secs_f64();
    let got = sent("postman-cli-v3");
    save(dir, "postman-cli-v3", c, &got);
    runs.push(PostmanRun {
        runner: "postman-cli-v3",
        skipped: (got.is_empty() && !out.status.success()).then(|| said(&out)),
        sent: got,
        secs,
        not_run,
    });
    runs
}

/// Removes the `graphql-request` files of a v3 directory, noting each one's tag.
fn leave_out_graphql(dir: &Path, not_run: &mut BTreeMap<String, String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            leave_out_graphql(&p, not_run);
            continue;
        }
        let Ok(text) = std::fs::read_to_string(&p) else {
            continue;
        };
        if !text.starts_with("$kind: graphql-request") {
            continue;
        }
        let tag = text
            .lines()
            .find_map(|l| l.trim().strip_prefix(&format!("{TAG}: ")))
            .map(|t| t.trim_matches('"').to_owned());
        if let Some(tag) = tag {
            not_run.insert(
                tag,
                "a GraphQL request: the Postman CLI runs v3 GraphQL requests only when logged in"
                    .to_owned(),
            );
        }
        let _ = std::fs::remove_file(&p);
    }
}

/// A multipart body that differs from the client's in a way of the runner's own, told apart
/// from the rest: sent without a boundary (the request set `Content-Type: multipart/form-data`
/// itself), or with every file part typed `application/octet-stream`, the parts otherwise equal.
fn known_body_fault(runner: &Recorded, ours: &Recorded) -> Option<&'static str> {
    let multipart = |r: &Recorded| {
        r.header("content-type")
            .is_some_and(|c| c.trim_start().starts_with("multipart/form-data"))
    };
    if !multipart(runner) || !multipart(ours) {
        return None;
    }
    let ours = ours.multipart().ok()?;
    match runner.multipart() {
        Err(e) if e.contains("no boundary") => Some("body: multipart without a boundary"),
        Err(_) => None,
        Ok(theirs) => {
            let octet = theirs.len() == ours.len()
                && theirs.iter().zip(&ours).all(|(t, o)| {
                    t.name == o.name
                        && t.file_name == o.file_name
                        && t.body == o.body
                        && (t.content_type == o.content_type
                            || (t.file_name.is_some()
                                && t.content_type.as_deref() == Some("application/octet-stream")))
                });
            octet.then_some("body: file part sent as application/octet-stream")
        }
    }
}

/// How newman's comparison named a request the client did not send (`missing`, or why).
fn newman_missing(results: &[(String, String, Vec<Difference>)], op: &str) -> String {
    results
        .iter()
        .find(|(name, _, _)| name == op)
        .and_then(|(_, _, diffs)| diffs.iter().find(|d| d.what.starts_with("missing")))
        .map_or_else(|| "missing".to_owned(), |d| d.what.clone())
}

/// The first request each side sent for `op`.
fn first<'s>(sent: &'s Sent, op: &str) -> Option<&'s (usize, Recorded)> {
    sent.get(op).and_then(|v| v.first())
}

/// Compares each run with the client's requests and with newman's.
pub fn compare_runs(
    c: &Collection,
    runs: Vec<PostmanRun>,
    newman_results: &[(String, String, Vec<Difference>)],
    newman: &Sent,
    client: &Sent,
    sets_accept: &HashMap<String, bool>,
) -> Vec<Compared> {
    let mut out = Vec::new();
    for run in runs {
        let mut results = Vec::new();
        let mut disagreements = Vec::new();
        if run.skipped.is_none() {
            for op in &c.ops {
                let accept = sets_accept.get(&op.name).copied().unwrap_or(false);
                let mut diffs = Vec::new();
                match (first(&run.sent, &op.name), first(client, &op.name)) {
                    (Some((ph, pr)), Some((oh, or))) => {
                        let known = known_body_fault(pr, or);
                        // A Content-Type sent with no body at all, where the client sends none.
                        let bare_type = pr.body.is_empty() && or.header("content-type").is_none();
                        // An OAuth 1.0 signature in the query whose `+` went out as a space: the
                        // queries agree once that is undone.
                        let signature_space = pr.query.as_deref().is_some_and(|q| {
                            q.contains("oauth_signature=")
                                && Some(q.replace("%20", "%2B")).as_deref() == or.query.as_deref()
                        });
                        diffs.extend(compare(pr, *ph, or, *oh, accept).into_iter().map(|d| {
                            Difference {
                                what: match known {
                                    Some(k) if d.what == "body" => k.to_owned(),
                                    Some(k) if d.what == "header content-length (body)" => {
                                        format!("header content-length ({k})")
                                    }
                                    _ if bare_type && d.what == "header content-type" => {
                                        "header content-type without a body".to_owned()
                                    }
                                    _ if signature_space && d.what == "query" => {
                                        "query: OAuth 1.0 signature's + sent as a space".to_owned()
                                    }
                                    _ => d.what,
                                },
                                // The runner's side of the text, which `compare` calls newman.
                                text: d.text.replacen("newman", run.runner, 1),
                            }
                        }));
                    }
                    (None, _) if run.not_run.contains_key(&op.name) => diffs.push(Difference {
                        what: "not run".into(),
                        text: run.not_run[&op.name].clone(),
                    }),
                    (None, Some(_)) => diffs.push(Difference {
                        what: "missing".into(),
                        text: format!("{} sent no request", run.runner),
                    }),
                    // What newman's comparison found for the same operation (an example body that
                    // is not JSON, say) holds for this runner too.
                    (Some(_), None) => diffs.push(Difference {
                        what: newman_missing(newman_results, &op.name),
                        text: "postgen sent no request".into(),
                    }),
                    // A request without a URL: no runner sends it, nor does its example.
                    (None, None) if op.no_url => {}
                    (None, None) => diffs.push(Difference {
                        what: "missing".into(),
                        text: "neither sent a request".into(),
                    }),
                }
                if let (Some((nh, nr)), Some((ph, pr))) =
                    (first(newman, &op.name), first(&run.sent, &op.name))
                {
                    for d in compare(nr, *nh, pr, *ph, accept) {
                        disagreements.push(format!(
                            "{} ({}): {}",
                            op.name,
                            show(&op.title),
                            d.text
                                .replacen(", postgen ", &format!(", {} ", run.runner), 1)
                        ));
                    }
                }
                results.push((op.name.clone(), show(&op.title), diffs));
            }
        }
        out.push(Compared {
            runner: run.runner,
            secs: run.secs,
            skipped: run.skipped,
            results,
            disagreements,
            newman: newman_results
                .iter()
                .map(|(op, _, diffs)| (op.clone(), diffs.iter().map(|d| d.what.clone()).collect()))
                .collect(),
        });
    }
    out
}

/// Prints one collection's figures for each Postman CLI run, its differences (allow-listed, the
/// same as newman's and so judged as newman's are, or unexplained) and where it disagrees with
/// newman; adds what the allow-list does not explain to
/// `unexplained`, and a line per run to `summary`.
pub fn report(
    stem: &str,
    compared: &[Compared],
    allow: &AllowList,
    unexplained: &mut Vec<String>,
    summary: &mut String,
) {
    for r in compared {
        if let Some(why) = &r.skipped {
            let line = format!("{stem} [{}]: skipped: {why}", r.runner);
            println!("{line}");
            writeln!(summary, "{line}").unwrap();
            continue;
        }
        let mut lines = String::new();
        let (mut equivalent, mut allowed) = (0, 0);
        for (op, title, diffs) in &r.results {
            if diffs.is_empty() {
                equivalent += 1;
                continue;
            }
            let mut all_allowed = true;
            for d in diffs {
                let as_newman = r
                    .newman
                    .get(op)
                    .is_some_and(|whats| whats.contains(&d.what));
                match allow.find_for(r.runner, stem, op, &d.what) {
                    Some(e) => writeln!(
                        lines,
                        "  {op} ({title}): {} [allow-listed, line {}]",
                        d.text, e.line
                    )
                    .unwrap(),
                    // The client differs from newman the same way: newman's verdict (its
                    // allow-list line, or its failure) is this one's too.
                    None if as_newman => {
                        writeln!(lines, "  {op} ({title}): {} [as newman]", d.text).unwrap();
                    }
                    None => {
                        all_allowed = false;
                        writeln!(lines, "  {op} ({title}): {}", d.text).unwrap();
                        unexplained.push(format!("{stem} [{}] {op}: {}", r.runner, d.text));
                    }
                }
            }
            if all_allowed {
                allowed += 1;
            }
        }
        let line = format!(
            "{stem} [{}]: {equivalent}/{} equivalent{} ({:.1} s)",
            r.runner,
            r.results.len(),
            if allowed > 0 {
                format!(", {allowed} more with allow-listed differences only")
            } else {
                String::new()
            },
            r.secs
        );
        println!("{line}\n{lines}");
        for d in &r.disagreements {
            println!("  newman and {} disagree: {d}", r.runner);
        }
        writeln!(summary, "{line}").unwrap();
        if !r.disagreements.is_empty() {
            writeln!(
                summary,
                "  newman and {} disagree on {} points (listed above)",
                r.runner,
                r.disagreements.len()
            )
            .unwrap();
        }
    }
}
