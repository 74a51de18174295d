//! The same input gives the same bytes: whatever the collection's absolute path, the current
//! directory, or how often postgen runs. No generated file holds a path of the machine or a
//! time. The built binary, run from any directory, is the `postgen` that `cargo install` gives.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::{Duration, SystemTime};

mod support;

use support::{SEED as NAME, tree};

fn seed() -> Vec<u8> {
    std::fs::read(support::seed()).unwrap()
}

fn postgen(cwd: &Path, args: &[&str]) -> Output {
    let o = support::postgen()
        .args(args)
        .current_dir(cwd)
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{args:?} in {}: {}",
        cwd.display(),
        String::from_utf8_lossy(&o.stderr)
    );
    o
}

fn mtimes(dir: &Path) -> BTreeMap<String, SystemTime> {
    tree(dir)
        .into_keys()
        .map(|rel| {
            let m = std::fs::metadata(dir.join(&rel))
                .unwrap()
                .modified()
                .unwrap();
            (rel, m)
        })
        .collect()
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Every `dddd-dd-dd` (a date) and `dd:dd:dd` (a time of day) in `text`.
fn timestamps(text: &str) -> Vec<String> {
    let b = text.as_bytes();
    let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    let shape = |at: usize, pattern: &str| {
        pattern.bytes().enumerate().all(|(k, p)| match p {
            b'd' => digit(at + k),
            c => b.get(at + k) == Some(&c),
        })
    };
    let mut out = Vec::new();
    for i in 0..b.len() {
        for pattern in ["dddd-dd-dd", "dd:dd:dd"] {
            if shape(i, pattern) {
                out.push(String::from_utf8_lossy(&b[i..i + pattern.len()]).into_owned());
            }
        }
    }
    out
}

/// The runtime's sources, copied into every generated crate: the dates in its docs (an HTTP
/// date example) are not times of a run.
fn runtime_sources() -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../postgen/runtime");
    let mut all = String::new();
    for e in std::fs::read_dir(dir).unwrap() {
        all.push_str(&std::fs::read_to_string(e.unwrap().path()).unwrap());
    }
    all
}

/// Dates and times in `text` that are not in its inputs (the collection, the runtime).
fn foreign_timestamps(text: &str, inputs: &str) -> Vec<String> {
    timestamps(text)
        .into_iter()
        .filter(|t| !inputs.contains(t.as_str()))
        .collect()
}

#[test]
fn the_same_collection_gives_the_same_bytes_from_anywhere() {
    let seed = seed();
    let tmp = tempfile::tempdir().unwrap();
    let a = tmp.path().join("first/place");
    let b = tmp.path().join("second");
    for d in [&a, &b] {
        std::fs::create_dir_all(d).unwrap();
        std::fs::write(d.join(NAME), &seed).unwrap();
    }
    let out = |n: &str| tmp.path().join(n);
    // Relative paths from the collection's folder; absolute paths from the workspace; from `/`.
    postgen(&a, &["generate", NAME, "--out", "../../out1"]);
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let b_path = b.join(NAME);
    let out2 = out("out2");
    postgen(
        &workspace,
        &[
            "generate",
            b_path.to_str().unwrap(),
            "--out",
            out2.to_str().unwrap(),
        ],
    );
    let a_path = a.join(NAME);
    let out3 = out("out3");
    postgen(
        Path::new("/"),
        &[
            "generate",
            a_path.to_str().unwrap(),
            "--out",
            out3.to_str().unwrap(),
        ],
    );
    let one = tree(&out("out1"));
    assert!(one.len() > 5, "{:?}", one.keys());
    assert_eq!(one, tree(&out2), "another path of the same bytes");
    assert_eq!(one, tree(&out3), "another current directory");

    // Again, over unchanged input: nothing written, no modification time changes.
    let old = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000);
    for rel in one.keys() {
        let f = std::fs::File::options()
            .write(true)
            .open(out("out1").join(rel))
            .unwrap();
        f.set_modified(old).unwrap();
    }
    let again = postgen(
        &b,
        &["generate", NAME, "--out", out("out1").to_str().unwrap()],
    );
    let summary = String::from_utf8_lossy(&again.stdout);
    assert!(
        summary.contains(&format!("0 files written, {} unchanged", one.len())),
        "{summary}"
    );
    assert!(
        mtimes(&out("out1")).values().all(|m| *m == old),
        "a second run changed a modification time"
    );
    assert_eq!(one, tree(&out("out1")));

    // Nothing that depends on the machine or the time.
    let inputs = String::from_utf8(seed.clone()).unwrap() + &runtime_sources();
    let home = std::env::var("HOME").unwrap_or_else(|_| "/nonexistent-home".into());
    let machine: Vec<String> = [
        tmp.path().to_path_buf(),
        workspace.canonicalize().unwrap(),
        PathBuf::from(&home),
        std::env::current_dir().unwrap(),
        PathBuf::from(env!("CARGO_MANIFEST_DIR")),
    ]
    .iter()
    .map(|p| p.display().to_string())
    .chain(["/tmp/", "/home/", "/root/", "/work/"].map(String::from))
    .collect();
    let sha = sha256_hex(&seed);
    let header = format!(
        "Generated by postgen {} from \"{NAME}\" (sha256 {sha}). Do not edit.",
        env!("CARGO_PKG_VERSION")
    );
    for (rel, bytes) in &one {
        let text = String::from_utf8(bytes.clone()).unwrap();
        for m in &machine {
            assert!(!text.contains(m.as_str()), "{rel} contains {m:?}");
        }
        assert_eq!(
            foreign_timestamps(&text, &inputs),
            Vec::<String>::new(),
            "{rel} contains a date or time"
        );
        let first = text.lines().next().unwrap();
        assert!(
            first.contains(&header),
            "{rel}: the header should say {header:?}, says {first:?}"
        );
    }

    // The single file of a build script, likewise.
    let single = |p: &Path| {
        postgen::Builder::new()
            .collection(p)
            .emit_rerun_if_changed(false)
            .emit_cargo_warnings(false)
            .generate()
            .unwrap()
            .module_source()
            .unwrap()
    };
    let s = single(&a_path);
    assert_eq!(s, single(&b_path));
    assert!(s.starts_with(&format!("// {header}\n")), "{}", &s[..200]);
    for m in &machine {
        assert!(!s.contains(m.as_str()), "module source contains {m:?}");
    }
    assert_eq!(foreign_timestamps(&s, &inputs), Vec::<String>::new());
}

#[test]
fn the_timestamp_check_finds_timestamps() {
    assert_eq!(
        timestamps("built 2024-05-01 at 12:30:59"),
        ["2024-05-01", "12:30:59"]
    );
    assert_eq!(
        foreign_timestamps("at 12:30:59", "e.g. 12:30:59"),
        Vec::<String>::new()
    );
    assert_eq!(timestamps("version 0.1.0, port 8080"), Vec::<String>::new());
}
