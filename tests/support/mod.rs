//! Shared by the workspace-level tests: the repository's collections and the corpus, loopback
//! servers. Each test file uses part of it.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use postgen_testserver::{Reply, TestServer};

/// A loopback server that answers every request with `200 {}`.
pub fn ok_server() -> TestServer {
    TestServer::start(|_| Reply::json(200, "{}"))
}

/// The only request `server` received.
pub fn only_request(server: &TestServer) -> postgen_testserver::Recorded {
    let mut all = server.take_requests();
    assert_eq!(all.len(), 1, "expected exactly one request: {all:#?}");
    all.remove(0)
}

/// The repository's root.
pub fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The `*.postman_collection.json` files of `dir`, sorted.
pub fn collection_files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".postman_collection.json"))
        .collect();
    v.sort();
    v
}

/// A collection's file name without `.postman_collection.json`: its crate's name here.
pub fn stem(path: &Path) -> String {
    path.file_name()
        .unwrap()
        .to_string_lossy()
        .trim_end_matches(".postman_collection.json")
        .to_owned()
}

/// The corpus directory (`$POSTGEN_CORPUS`, relative to the repository), or `None` after saying
/// that `what` is skipped.
pub fn corpus(what: &str) -> Option<PathBuf> {
    match std::env::var_os("POSTGEN_CORPUS") {
        Some(dir) => Some(repo().join(dir)),
        None => {
            println!(
                "{what} skipped: set POSTGEN_CORPUS to a directory of collections (CI: ../shared/corpus)"
            );
            None
        }
    }
}

/// Writes `text` to `path` unless it already holds it (so cargo sees no change).
pub fn write_if_changed(path: &Path, text: &str) {
    if std::fs::read_to_string(path).ok().as_deref() != Some(text) {
        std::fs::write(path, text).unwrap();
    }
}

/// The line a generated crate's replay test prints (`Builder::example_tests`):
/// `postgen-replayed: <crate> replayed R/T, not sent U` as `(R, T, U)`.
pub fn replayed(line: &str, krate: &str) -> Option<(usize, usize, usize)> {
    let rest = line
        .strip_prefix(postgen::stages::REPLAYED_PREFIX)?
        .trim()
        .strip_prefix(krate)?
        .trim()
        .strip_prefix("replayed")?;
    let (counts, unsent) = rest.split_once(", not sent")?;
    let (r, t) = counts.trim().split_once('/')?;
    Some((
        r.trim().parse().ok()?,
        t.trim().parse().ok()?,
        unsent.trim().parse().ok()?,
    ))
}
