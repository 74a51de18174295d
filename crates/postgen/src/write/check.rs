//! `--check`: how the output directory differs from what would be generated.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::{COMMITTED, Drift, JOURNAL, JOURNAL_TMP, NEW, OLD, out_err, read_head, relative};
use crate::error::Error;
use crate::output::{OutputFile, is_generated};

/// Compares `dir` with `files`.
pub fn check_dir(dir: &Path, files: &[OutputFile]) -> Result<Vec<Drift>, Error> {
    let mut drift = Vec::new();
    if [JOURNAL, COMMITTED, JOURNAL_TMP]
        .iter()
        .any(|n| dir.join(n).exists())
    {
        drift.push(Drift::Interrupted);
    }
    for f in files {
        let target = dir.join(&f.path);
        match fs::read(&target) {
            Ok(existing) if existing == f.bytes => {}
            Ok(existing) => drift.push(Drift::Changed {
                path: f.path.clone(),
                diff: diff(
                    &String::from_utf8_lossy(&existing),
                    &String::from_utf8_lossy(&f.bytes),
                ),
            }),
            Err(_) => drift.push(Drift::Missing {
                path: f.path.clone(),
            }),
        }
    }
    for path in obsolete(dir, files)? {
        drift.push(Drift::Obsolete { path });
    }
    Ok(drift)
}

/// Files under `dir` that postgen wrote once and that `files` no longer has, relative to `dir`.
pub(super) fn obsolete(dir: &Path, files: &[OutputFile]) -> Result<Vec<String>, Error> {
    if !dir.exists() {
        return Ok(Vec::new());
    }
    let keep: std::collections::HashSet<PathBuf> =
        files.iter().map(|f| dir.join(&f.path)).collect();
    owned_files(dir)
        .map_err(|e| out_err("cannot list", dir, e))?
        .into_iter()
        .filter(|p| !keep.contains(p))
        .map(|p| relative(dir, &p))
        .collect()
}

/// Files under `dir` that carry postgen's header (not looking into `target/` or hidden folders).
fn owned_files(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let mut entries: Vec<_> = fs::read_dir(&d)?.collect::<Result<_, _>>()?;
        entries.sort_by_key(|e| e.file_name());
        for e in entries {
            let name = e.file_name();
            let name = name.to_string_lossy();
            let ty = e.file_type()?;
            if ty.is_dir() {
                if name != "target" && !name.starts_with('.') {
                    stack.push(e.path());
                }
            } else if ty.is_file()
                && !name.ends_with(NEW)
                && !name.ends_with(OLD)
                && read_head(&e.path()).is_some_and(|h| is_generated(&h))
            {
                out.push(e.path());
            }
        }
    }
    out.sort();
    Ok(out)
}

/// A short unified-style diff: the differing middle of two texts with three lines of context.
pub fn diff(old: &str, new: &str) -> String {
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..]
        .iter()
        .rev()
        .zip(b[prefix..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let start = prefix.saturating_sub(3);
    let mut out = format!(
        "@@ -{},{} +{},{} @@\n",
        start + 1,
        a.len() - suffix - start,
        start + 1,
        b.len() - suffix - start
    );
    for l in &a[start..prefix] {
        out.push_str(&format!(" {l}\n"));
    }
    const MAX: usize = 40;
    let removed = &a[prefix..a.len() - suffix];
    let added = &b[prefix..b.len() - suffix];
    for l in removed.iter().take(MAX) {
        out.push_str(&format!("-{l}\n"));
    }
    if removed.len() > MAX {
        out.push_str(&format!("-... ({} more lines)\n", removed.len() - MAX));
    }
    for l in added.iter().take(MAX) {
        out.push_str(&format!("+{l}\n"));
    }
    if added.len() > MAX {
        out.push_str(&format!("+... ({} more lines)\n", added.len() - MAX));
    }
    for l in b[b.len() - suffix..].iter().take(3) {
        out.push_str(&format!(" {l}\n"));
    }
    out
}
