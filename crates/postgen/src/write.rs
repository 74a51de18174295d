//! Stage 6: write the generated files, or compare them with what is on disk (`--check`).
//!
//! Writing is all or nothing: every new file is first written beside its target
//! (`name.postgen-new`); only when all are written are they renamed into place, each replaced file
//! kept as `name.postgen-old` until the end. An error on the way undoes every step taken; a run
//! that was killed half-way leaves those side files, and the next run restores the old output from
//! them before doing anything else. Unchanged files are not touched (their modification time
//! stays). Files postgen did not generate are never overwritten or deleted without `force`.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::error::{Error, ErrorKind};
use crate::format::is_generated;

/// One generated file: a path relative to the output directory, `/`-separated, and its bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutputFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// What a write did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WriteReport {
    pub written: Vec<String>,
    pub unchanged: usize,
    pub removed: Vec<String>,
}

/// A difference between the output directory and what would be generated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Drift {
    Changed {
        path: String,
        diff: String,
    },
    Missing {
        path: String,
    },
    /// A file postgen generated earlier that it would no longer generate.
    Obsolete {
        path: String,
    },
}

const NEW: &str = ".postgen-new";
const OLD: &str = ".postgen-old";

pub fn write_dir(dir: &Path, files: &[OutputFile], force: bool) -> Result<WriteReport, Error> {
    write_dir_with(dir, files, force, &mut |_| Ok(()))
}

/// `write_dir` with a hook called before each rename, so tests can make a run fail half-way.
pub(crate) fn write_dir_with(
    dir: &Path,
    files: &[OutputFile],
    force: bool,
    before_rename: &mut dyn FnMut(&Path) -> io::Result<()>,
) -> Result<WriteReport, Error> {
    let out_err = |what: &str, p: &Path, e: io::Error| {
        Error::new(ErrorKind::Output, format!("{what} {}: {e}", p.display()))
    };
    if dir.exists() {
        recover(dir).map_err(|e| out_err("cannot recover an interrupted run in", dir, e))?;
    }

    // Plan, before touching anything.
    let mut report = WriteReport::default();
    let mut changes: Vec<(PathBuf, &[u8])> = Vec::new();
    let mut foreign = Vec::new();
    for f in files {
        let target = dir.join(&f.path);
        match fs::read(&target) {
            Ok(existing) if existing == f.bytes => report.unchanged += 1,
            Ok(existing) => {
                if !force && !is_generated(&existing) {
                    foreign.push(f.path.clone());
                }
                changes.push((target, &f.bytes));
                report.written.push(f.path.clone());
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                changes.push((target, &f.bytes));
                report.written.push(f.path.clone());
            }
            Err(e) => return Err(out_err("cannot read", &target, e)),
        }
    }
    if !foreign.is_empty() {
        return Err(Error::new(
            ErrorKind::Foreign,
            format!(
                "{} holds files postgen did not generate that it would overwrite: {}; move them, \
                 or pass --force",
                dir.display(),
                foreign.join(", ")
            ),
        ));
    }
    let mut obsolete = Vec::new();
    if dir.exists() {
        let keep: std::collections::HashSet<PathBuf> =
            files.iter().map(|f| dir.join(&f.path)).collect();
        for p in owned_files(dir).map_err(|e| out_err("cannot list", dir, e))? {
            if !keep.contains(&p) {
                report
                    .removed
                    .push(p.strip_prefix(dir).unwrap_or(&p).display().to_string());
                obsolete.push(p);
            }
        }
    }

    // Phase 1: write every new file beside its target.
    let mut staged: Vec<PathBuf> = Vec::new();
    let mut created_dirs: Vec<PathBuf> = Vec::new();
    let phase1 = (|| -> Result<(), Error> {
        for (target, bytes) in &changes {
            if let Some(parent) = target.parent() {
                create_dirs(parent, &mut created_dirs)
                    .map_err(|e| out_err("cannot create", parent, e))?;
            }
            let tmp = side(target, NEW);
            fs::write(&tmp, bytes).map_err(|e| out_err("cannot write", &tmp, e))?;
            staged.push(tmp);
        }
        Ok(())
    })();
    if let Err(e) = phase1 {
        for t in &staged {
            let _ = fs::remove_file(t);
        }
        remove_dirs(&created_dirs);
        return Err(e);
    }

    // Phase 2: move them into place, keeping what they replace.
    let mut done: Vec<(PathBuf, bool)> = Vec::new(); // (target, had an old file)
    let phase2 = (|| -> Result<(), Error> {
        for (target, _) in &changes {
            before_rename(target).map_err(|e| out_err("cannot replace", target, e))?;
            let had_old = target.exists();
            if had_old {
                fs::rename(target, side(target, OLD))
                    .map_err(|e| out_err("cannot replace", target, e))?;
            }
            done.push((target.clone(), had_old));
            fs::rename(side(target, NEW), target)
                .map_err(|e| out_err("cannot replace", target, e))?;
        }
        for p in &obsolete {
            before_rename(p).map_err(|e| out_err("cannot remove", p, e))?;
            fs::rename(p, side(p, OLD)).map_err(|e| out_err("cannot remove", p, e))?;
            done.push((p.clone(), true));
        }
        Ok(())
    })();
    if let Err(e) = phase2 {
        for (target, had_old) in done.iter().rev() {
            let new = side(target, NEW);
            if target.exists() && !new.exists() && changes.iter().any(|(t, _)| t == target) {
                let _ = fs::remove_file(target);
            }
            if *had_old {
                let _ = fs::rename(side(target, OLD), target);
            }
        }
        for (target, _) in &changes {
            let _ = fs::remove_file(side(target, NEW));
        }
        remove_dirs(&created_dirs);
        return Err(e);
    }

    // Phase 3: drop what was replaced.
    for (target, had_old) in &done {
        if *had_old {
            let _ = fs::remove_file(side(target, OLD));
        }
    }
    for p in &obsolete {
        let mut dir_p = p.parent();
        while let Some(d) = dir_p {
            if d == dir || fs::remove_dir(d).is_err() {
                break;
            }
            dir_p = d.parent();
        }
    }
    Ok(report)
}

/// Writes one file atomically (temp file and rename); leaves it alone when unchanged. Returns
/// whether it wrote.
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<bool, Error> {
    if fs::read(path).is_ok_and(|old| old == bytes) {
        return Ok(false);
    }
    let err = |e: io::Error| {
        Error::new(
            ErrorKind::Output,
            format!("cannot write {}: {e}", path.display()),
        )
    };
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        fs::create_dir_all(parent).map_err(err)?;
    }
    let tmp = side(path, NEW);
    fs::write(&tmp, bytes).map_err(err)?;
    fs::rename(&tmp, path).map_err(|e| {
        let _ = fs::remove_file(&tmp);
        err(e)
    })?;
    Ok(true)
}

/// Compares `dir` with `files`.
pub fn check_dir(dir: &Path, files: &[OutputFile]) -> Result<Vec<Drift>, Error> {
    let mut drift = Vec::new();
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
    if dir.exists() {
        let keep: std::collections::HashSet<PathBuf> =
            files.iter().map(|f| dir.join(&f.path)).collect();
        let owned = owned_files(dir).map_err(|e| {
            Error::new(
                ErrorKind::Output,
                format!("cannot list {}: {e}", dir.display()),
            )
        })?;
        for p in owned {
            if !keep.contains(&p) {
                drift.push(Drift::Obsolete {
                    path: p.strip_prefix(dir).unwrap_or(&p).display().to_string(),
                });
            }
        }
    }
    Ok(drift)
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
            } else if ty.is_file() && !name.ends_with(NEW) && !name.ends_with(OLD) {
                let mut head = [0u8; 64];
                let n = {
                    use io::Read;
                    fs::File::open(e.path())?.read(&mut head)?
                };
                if is_generated(&head[..n]) {
                    out.push(e.path());
                }
            }
        }
    }
    out.sort();
    Ok(out)
}

/// Restores the output of a run that was killed half-way: `.postgen-old` files go back, stray
/// `.postgen-new` files go.
fn recover(dir: &Path) -> io::Result<()> {
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d)? {
            let e = e?;
            let path = e.path();
            let name = e.file_name().to_string_lossy().into_owned();
            if e.file_type()?.is_dir() {
                if name != "target" && !name.starts_with('.') {
                    stack.push(path);
                }
            } else if let Some(orig) = name.strip_suffix(OLD) {
                fs::rename(&path, d.join(orig))?;
            } else if name.ends_with(NEW) {
                fs::remove_file(&path)?;
            }
        }
    }
    Ok(())
}

fn side(p: &Path, suffix: &str) -> PathBuf {
    let mut s = p.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

fn create_dirs(d: &Path, created: &mut Vec<PathBuf>) -> io::Result<()> {
    if d.exists() {
        return Ok(());
    }
    if let Some(parent) = d.parent() {
        create_dirs(parent, created)?;
    }
    fs::create_dir(d)?;
    created.push(d.to_path_buf());
    Ok(())
}

fn remove_dirs(created: &[PathBuf]) {
    for d in created.iter().rev() {
        let _ = fs::remove_dir(d);
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, text: &str) -> OutputFile {
        OutputFile {
            path: path.to_owned(),
            bytes: text.as_bytes().to_vec(),
        }
    }

    const H: &str = "// Generated by postgen 0 from \"x\" (sha256 0). Do not edit.\n";

    #[test]
    fn writes_then_leaves_unchanged_files_alone() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("crate");
        let files = vec![
            file("src/lib.rs", &format!("{H}a")),
            file("Cargo.toml", "# Generated by postgen x\n"),
        ];
        let r = write_dir(&out, &files, false).unwrap();
        assert_eq!(r.written.len(), 2);
        let r = write_dir(&out, &files, false).unwrap();
        assert_eq!((r.written.len(), r.unchanged), (0, 2));
        assert!(check_dir(&out, &files).unwrap().is_empty());
    }

    #[test]
    fn refuses_foreign_files_and_removes_obsolete_owned_ones() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("src")).unwrap();
        fs::write(dir.path().join("src/lib.rs"), "hand written").unwrap();
        fs::write(dir.path().join("src/old.rs"), format!("{H}old")).unwrap();
        fs::write(dir.path().join("notes.txt"), "mine").unwrap();
        let files = vec![file("src/lib.rs", &format!("{H}new"))];
        let e = write_dir(dir.path(), &files, false).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Foreign);
        assert_eq!(
            fs::read_to_string(dir.path().join("src/lib.rs")).unwrap(),
            "hand written"
        );
        let r = write_dir(dir.path(), &files, true).unwrap();
        assert_eq!(r.removed, vec!["src/old.rs".to_owned()]);
        assert!(!dir.path().join("src/old.rs").exists());
        assert_eq!(
            fs::read_to_string(dir.path().join("notes.txt")).unwrap(),
            "mine"
        );
    }

    #[test]
    fn a_failure_half_way_restores_the_previous_output() {
        let dir = tempfile::tempdir().unwrap();
        let v1 = vec![
            file("a.rs", &format!("{H}1")),
            file("b.rs", &format!("{H}1")),
            file("c.rs", &format!("{H}1")),
        ];
        write_dir(dir.path(), &v1, false).unwrap();
        let v2 = vec![
            file("a.rs", &format!("{H}2")),
            file("b.rs", &format!("{H}2")),
            file("d.rs", &format!("{H}2")),
        ];
        let mut n = 0;
        let e = write_dir_with(dir.path(), &v2, false, &mut |_| {
            n += 1;
            if n == 3 {
                Err(io::Error::other("disk full"))
            } else {
                Ok(())
            }
        })
        .unwrap_err();
        assert_eq!(e.kind, ErrorKind::Output);
        let mut names: Vec<String> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, ["a.rs", "b.rs", "c.rs"]);
        for n in ["a.rs", "b.rs", "c.rs"] {
            assert_eq!(
                fs::read_to_string(dir.path().join(n)).unwrap(),
                format!("{H}1")
            );
        }
    }

    #[test]
    fn an_interrupted_run_is_rolled_back_by_the_next() {
        let dir = tempfile::tempdir().unwrap();
        let v1 = vec![
            file("a.rs", &format!("{H}1")),
            file("b.rs", &format!("{H}1")),
        ];
        write_dir(dir.path(), &v1, false).unwrap();
        // What a kill between the renames leaves: a.rs replaced, its old copy beside it, b.rs staged.
        fs::rename(dir.path().join("a.rs"), dir.path().join("a.rs.postgen-old")).unwrap();
        fs::write(dir.path().join("a.rs"), format!("{H}2")).unwrap();
        fs::write(dir.path().join("b.rs.postgen-new"), format!("{H}2")).unwrap();
        let drift = check_dir(dir.path(), &v1).unwrap();
        assert_eq!(drift.len(), 1);
        write_dir(dir.path(), &v1, false).unwrap();
        assert_eq!(
            fs::read_to_string(dir.path().join("a.rs")).unwrap(),
            format!("{H}1")
        );
        assert!(!dir.path().join("b.rs.postgen-new").exists());
    }

    #[test]
    fn diffs_show_the_change() {
        let d = diff("a\nb\nc\nd\n", "a\nb\nX\nd\n");
        assert!(d.contains("-c\n+X\n"), "{d}");
    }
}
