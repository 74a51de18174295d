//! A `postgen generate` killed at any point of its writing: the next run into the same directory
//! first brings it back to exactly the previous output or exactly the new one (bytes, listing and
//! modification times), never a mix, and which one switches once, at the commit.
//!
//! The kill is real (SIGKILL on a child process). To make it land at a known step, the debug
//! build's writer honours `POSTGEN_TEST_PAUSE_AT=N`: it stops before its N-th step, says so on
//! stderr, and waits to be killed.
//!
//! An interrupted one (SIGINT, as Ctrl-C sends) undoes what it did before it exits: it leaves
//! the previous output, or when it was to create the directory, nothing at all.

mod support;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, SystemTime};

use support::copy_dir;

const T0: Duration = Duration::from_secs(1_000_000_000);

#[derive(Debug, PartialEq, Eq)]
enum Entry {
    Dir,
    File(Vec<u8>, SystemTime),
}

/// Every file and folder under `dir`, hidden ones included, but for the lock file a killed run
/// leaves (it holds no lock once its process is gone).
fn snapshot(dir: &Path) -> BTreeMap<String, Entry> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            let rel = p.strip_prefix(dir).unwrap().to_string_lossy().into_owned();
            if rel == ".postgen-lock" {
                continue;
            }
            if p.is_dir() {
                out.insert(rel, Entry::Dir);
                stack.push(p);
            } else {
                let m = std::fs::metadata(&p).unwrap().modified().unwrap();
                out.insert(rel, Entry::File(std::fs::read(&p).unwrap(), m));
            }
        }
    }
    out
}

fn set_all_mtimes(dir: &Path) {
    for (rel, e) in snapshot(dir) {
        if let Entry::File(..) = e {
            let f = std::fs::File::options()
                .write(true)
                .open(dir.join(rel))
                .unwrap();
            f.set_modified(SystemTime::UNIX_EPOCH + T0).unwrap();
        }
    }
}

/// Runs `postgen generate collection --out dir`, paused before step `pause_at` if given. Returns
/// whether it paused (and was then killed); otherwise it must have succeeded.
fn generate(collection: &Path, dir: &Path, pause_at: Option<usize>) -> bool {
    run(collection, dir, pause_at, Stop::Kill).is_some()
}

#[derive(Clone, Copy)]
enum Stop {
    Kill,
    Interrupt,
}

/// `generate`, stopping the paused run with `stop`: its exit code if it paused (none when
/// killed), `None` if it ran to the end (which it must have done successfully).
fn run(collection: &Path, dir: &Path, pause_at: Option<usize>, stop: Stop) -> Option<Option<i32>> {
    let mut cmd = support::postgen();
    cmd.args(["generate", "--quiet"])
        .arg(collection)
        .arg("--out")
        .arg(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    if let Some(n) = pause_at {
        cmd.env("POSTGEN_TEST_PAUSE_AT", n.to_string());
    }
    let mut child = cmd.spawn().unwrap();
    let stderr = BufReader::new(child.stderr.take().unwrap());
    let mut said = String::new();
    for line in stderr.lines() {
        let line = line.unwrap();
        if line.starts_with("postgen: paused before step ") {
            match stop {
                Stop::Kill => child.kill().unwrap(),
                Stop::Interrupt => {
                    let sent = std::process::Command::new("kill")
                        .args(["-INT", &child.id().to_string()])
                        .status()
                        .unwrap();
                    assert!(sent.success());
                }
            }
            return Some(child.wait().unwrap().code());
        }
        said.push_str(&line);
        said.push('\n');
    }
    let status = child.wait().unwrap();
    assert!(status.success(), "{status}: {said}");
    None
}

#[test]
fn a_killed_generate_leaves_the_old_output_or_the_new_one() {
    if !cfg!(debug_assertions) {
        eprintln!("skipped: the pause hook exists in debug builds only");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let seed = support::seed();
    let text = std::fs::read_to_string(&seed).unwrap();
    // v2: every file changes (the header holds the collection's hash), one module file is
    // renamed (removed and added).
    let v2_text = text.replace("\"name\": \"livestream\"", "\"name\": \"broadcast\"");
    assert_ne!(v2_text, text);
    let v1 = tmp.path().join("v1/api.postman_collection.json");
    let v2 = tmp.path().join("v2/api.postman_collection.json");
    for (p, t) in [(&v1, &text), (&v2, &v2_text)] {
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, t).unwrap();
    }
    let prepared = |name: &str, collection: &Path| -> PathBuf {
        let dir = tmp.path().join(name);
        assert!(!generate(collection, &dir, None));
        std::fs::write(dir.join("notes.txt"), "mine").unwrap();
        set_all_mtimes(&dir);
        dir
    };
    let before_dir = prepared("before", &v1);
    let before = snapshot(&before_dir);
    let after = snapshot(&prepared("after", &v2));
    assert!(before.contains_key("src/webinars/livestream.rs"));
    assert!(after.contains_key("src/webinars/broadcast.rs"));

    let mut outcomes = String::new();
    for n in 1.. {
        let dir = tmp.path().join(format!("run{n}"));
        copy_dir(&before_dir, &dir);
        set_all_mtimes(&dir);
        if !generate(&v2, &dir, Some(n)) {
            assert!(n > 20, "only {} steps", n - 1);
            break;
        }
        if n == 3 {
            // `--check` writes nothing, and says so.
            let o = support::postgen()
                .args(["generate", "--check", "--quiet"])
                .arg(&v2)
                .arg("--out")
                .arg(&dir)
                .output()
                .unwrap();
            let said = String::from_utf8_lossy(&o.stdout);
            assert_eq!(o.status.code(), Some(1), "{said}");
            assert!(said.starts_with("interrupted: "), "{said}");
        }
        // The killed run wrote files: from now on nothing may write a file, only move or
        // remove, so every modification time stays T0.
        set_all_mtimes(&dir);
        // The next run recovers, then stops before its own first step (or has nothing to do).
        generate(&v2, &dir, Some(1));
        let s = snapshot(&dir);
        if s == before {
            outcomes.push('1');
        } else if s == after {
            outcomes.push('2');
        } else {
            let keys: Vec<_> = s.keys().collect();
            panic!("killed before step {n}, then recovered: neither before nor after: {keys:#?}");
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }
    let switch = outcomes.find('2').expect("steps after the commit");
    assert!(switch > 0, "{outcomes}");
    assert!(
        outcomes[switch..].chars().all(|c| c == '2'),
        "all or nothing, one point of no return: {outcomes}"
    );
}

#[cfg(unix)]
#[test]
fn an_interrupted_generate_undoes_its_steps_and_leaves_no_folder_it_made() {
    if !cfg!(debug_assertions) {
        eprintln!("skipped: the pause hook exists in debug builds only");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let seed = support::seed();
    let mut outcomes = String::new();
    for n in 1.. {
        let root = tmp.path().join(format!("run{n}"));
        std::fs::create_dir(&root).unwrap();
        // Two folders the run must create, and remove again.
        let dir = root.join("sdk/zoom");
        let Some(code) = run(&seed, &dir, Some(n), Stop::Interrupt) else {
            assert!(n > 10, "only {} steps", n - 1);
            break;
        };
        if code == Some(130) {
            assert!(
                snapshot(&root).is_empty(),
                "interrupted before step {n}: {:#?}",
                snapshot(&root).keys()
            );
            outcomes.push('1');
        } else {
            // Past the commit the run finishes instead.
            assert_eq!(code, Some(0), "interrupted before step {n}");
            assert!(!snapshot(&dir).keys().any(|k| k.contains(".postgen")));
            assert!(dir.join("src/lib.rs").exists());
            outcomes.push('2');
        }
    }
    assert!(
        outcomes.starts_with('1') && outcomes.contains('2'),
        "{outcomes}"
    );
    assert!(!outcomes.contains("21"), "{outcomes}");
}

#[test]
fn a_second_generate_into_the_same_directory_is_refused_and_told_why() {
    if !cfg!(debug_assertions) {
        eprintln!("skipped: the pause hook exists in debug builds only");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("sdk");
    let mut first = support::postgen()
        .args(["generate", "--quiet"])
        .arg(support::seed())
        .arg("--out")
        .arg(&dir)
        .env("POSTGEN_TEST_PAUSE_AT", "3")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(first.stderr.take().unwrap());
    let mut line = String::new();
    stderr.read_line(&mut line).unwrap();
    assert!(line.starts_with("postgen: paused before step 3"), "{line}");
    let second = support::postgen()
        .args(["generate", "--quiet"])
        .arg(support::seed())
        .arg("--out")
        .arg(&dir)
        .output()
        .unwrap();
    first.kill().unwrap();
    first.wait().unwrap();
    let said = String::from_utf8_lossy(&second.stderr);
    assert_eq!(second.status.code(), Some(2), "{said}");
    assert!(
        said.contains(&format!(
            "another postgen run is writing into {}",
            dir.display()
        )),
        "{said}"
    );
    // Once the first is gone, a run goes through (and finishes what the first left).
    assert!(!generate(&support::seed(), &dir, None));
    assert!(dir.join("src/lib.rs").exists());
    assert!(!dir.join(".postgen-lock").exists());
}
