//! Shared by the CLI's tests: the built binary, the workspace and its seed collection, and
//! directory helpers. Each test file uses part of it.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The file name of the seed collection in `collections/`.
pub const SEED: &str = "zoom-live-stream.postman_collection.json";

/// The built `postgen` binary, to be given arguments.
pub fn postgen() -> Command {
    Command::new(env!("CARGO_BIN_EXE_postgen"))
}

/// Runs `postgen args…` and returns what it did, whatever its exit code.
pub fn run(args: &[&str]) -> Output {
    postgen().args(args).output().expect("run postgen")
}

/// The repository's root.
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The seed collection's path.
pub fn seed() -> PathBuf {
    workspace().join("collections").join(SEED)
}

/// Copies the tree `from` to `to` (which may not exist yet), leaving out `target/` folders.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        if e.file_name() == "target" {
            continue;
        }
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), &target).unwrap();
        }
    }
}

/// Every file under `dir`: relative path → bytes.
pub fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).unwrap().to_string_lossy().into_owned();
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    out
}
