//! Stage 6: write the generated files, or compare them with what is on disk (`--check`).
//!
//! Writing a crate is a small transaction on its directory, so that a failed or killed run leaves
//! the previous output as it was:
//!
//! 1. Plan, touching nothing: which files are new, which replace an older version, which earlier
//!    generated files are no longer generated. Unchanged files are left out: they are never
//!    touched, so their modification time stays. A file postgen did not generate (it lacks the
//!    header, see `format::is_generated`) is never overwritten or deleted without `force`, and
//!    postgen's side files (`x.postgen-new`, `x.postgen-old`) must not clash with any file there.
//! 2. Write the plan to `.postgen-journal` in the directory (a temporary file renamed into place).
//! 3. Create missing folders and write every new version beside its target (`x.postgen-new`).
//! 4. Move them into place one by one: the replaced version is kept as `x.postgen-old` (a hard
//!    link, so the target never goes missing), then `x.postgen-new` is renamed over `x`. Files no
//!    longer generated are renamed to `x.postgen-old`.
//! 5. Commit: the journal is renamed to `.postgen-committed`. This one rename is the point of no
//!    return.
//! 6. Drop the `.postgen-old` files and emptied folders, then the commit marker.
//!
//! An error before the commit undoes every step at once (from the journal); after it, the new
//! output stands. A run that is killed leaves the journal or the commit marker behind, and the
//! next run on the directory finishes the job first: before the commit it puts back every old
//! file (the same inode, so with its old modification time) and removes what was added; after
//! it, it drops the old copies. Recovery only touches paths the journal lists, and is itself
//! safe to interrupt. Between a kill and the next run the directory is a mix of both versions;
//! `check_dir` reports it as [`Drift::Interrupted`].

use std::fs;
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};

use crate::error::{Error, ErrorKind};
use crate::format::is_generated;

/// One generated file: a path relative to the output directory, `/`-separated, and its bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutputFile {
    /// Relative to the output directory, `/`-separated (`src/lib.rs`).
    pub path: String,
    /// The file's content, its header included.
    pub bytes: Vec<u8>,
}

/// What a write did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WriteReport {
    /// The files written (new or changed), as [`OutputFile::path`]s.
    pub written: Vec<String>,
    /// How many files already had the content to write, and were left untouched.
    pub unchanged: usize,
    /// Files postgen generated earlier and no longer generates, deleted.
    pub removed: Vec<String>,
}

/// A difference between the output directory and what would be generated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Drift {
    /// A file whose content differs.
    Changed {
        /// Relative to the directory, `/`-separated.
        path: String,
        /// A unified diff from the file as it is to the file as it would be generated.
        diff: String,
    },
    /// A file that would be generated and is not there.
    Missing {
        /// Relative to the directory, `/`-separated.
        path: String,
    },
    /// A file postgen generated earlier that it would no longer generate.
    Obsolete {
        /// Relative to the directory, `/`-separated.
        path: String,
    },
    /// An earlier write into the directory was interrupted; the next write completes or undoes it
    /// before doing anything else.
    Interrupted,
}

const NEW: &str = ".postgen-new";
const OLD: &str = ".postgen-old";
const JOURNAL: &str = ".postgen-journal";
const JOURNAL_TMP: &str = ".postgen-journal.tmp";
const COMMITTED: &str = ".postgen-committed";
const MAGIC: &str = "postgen-journal 1";

/// What the fault-injection hook of the tests asks for at a step.
#[derive(Debug)]
#[cfg_attr(not(test), allow(dead_code))] // only the tests inject faults
pub(crate) enum Fault {
    /// The step fails with this error (the writer then undoes what it did).
    Fail(io::Error),
    /// The process dies here: the writer stops on the spot, cleaning up nothing.
    Kill,
}

/// Called before every step that changes the file system, with a description of the step.
pub(crate) type Hook<'a> = &'a mut dyn FnMut(&str) -> Result<(), Fault>;

pub fn write_dir(dir: &Path, files: &[OutputFile], force: bool) -> Result<WriteReport, Error> {
    write_dir_with(dir, files, force, &mut pause_hook())
}

/// In debug builds only, for the test that kills a real `postgen` process half-way:
/// `POSTGEN_TEST_PAUSE_AT=N` makes the writer stop before its N-th step (recovery not counted),
/// say so on stderr, and wait to be killed.
fn pause_hook() -> impl FnMut(&str) -> Result<(), Fault> {
    let pause_at = if cfg!(debug_assertions) {
        std::env::var("POSTGEN_TEST_PAUSE_AT")
            .ok()
            .and_then(|v| v.parse::<usize>().ok())
    } else {
        None
    };
    let mut step = 0usize;
    move |what: &str| {
        step += 1;
        if pause_at == Some(step) {
            eprintln!("postgen: paused before step {step}: {what}");
            loop {
                std::thread::sleep(std::time::Duration::from_secs(3600));
            }
        }
        Ok(())
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum EntryKind {
    /// A file that did not exist.
    New,
    /// A file replaced by a new version.
    Replace,
    /// A file postgen generated earlier and no longer generates.
    Remove,
}

impl EntryKind {
    fn word(self) -> &'static str {
        match self {
            EntryKind::New => "new",
            EntryKind::Replace => "replace",
            EntryKind::Remove => "remove",
        }
    }
}

/// The plan of a write, as stored in `.postgen-journal`. Paths are relative to the output
/// directory, `/`-separated.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Journal {
    /// The output directory did not exist.
    root_created: bool,
    /// Folders created, outermost first.
    dirs: Vec<String>,
    entries: Vec<(EntryKind, String)>,
}

impl Journal {
    fn to_text(&self) -> String {
        let mut s = format!("{MAGIC}\n");
        if self.root_created {
            s.push_str("root-created\n");
        }
        for d in &self.dirs {
            s.push_str(&format!("dir {d}\n"));
        }
        for (k, p) in &self.entries {
            s.push_str(&format!("{} {p}\n", k.word()));
        }
        s
    }

    fn parse(text: &str) -> Option<Journal> {
        let mut lines = text.lines();
        if lines.next() != Some(MAGIC) {
            return None;
        }
        let mut j = Journal::default();
        for line in lines {
            if line == "root-created" {
                j.root_created = true;
                continue;
            }
            let (word, path) = line.split_once(' ')?;
            // A journal only ever names paths inside the directory.
            let safe = !path.is_empty()
                && Path::new(path)
                    .components()
                    .all(|c| matches!(c, Component::Normal(_)));
            if !safe {
                return None;
            }
            let path = path.to_owned();
            match word {
                "dir" => j.dirs.push(path),
                "new" => j.entries.push((EntryKind::New, path)),
                "replace" => j.entries.push((EntryKind::Replace, path)),
                "remove" => j.entries.push((EntryKind::Remove, path)),
                _ => return None,
            }
        }
        Some(j)
    }
}

fn out_err(what: &str, p: &Path, e: io::Error) -> Error {
    Error::new(ErrorKind::Output, format!("{what} {}: {e}", p.display()))
}

/// A step that failed, or the simulated death of the process.
enum Stop {
    Fail(Error),
    Killed,
}

impl From<Error> for Stop {
    fn from(e: Error) -> Stop {
        Stop::Fail(e)
    }
}

fn killed() -> Error {
    Error::new(ErrorKind::Output, "killed (fault injection)")
}

/// Runs `hook`, then `op` unless the hook says otherwise.
fn step(
    hook: Hook<'_>,
    what: &str,
    p: &Path,
    op: impl FnOnce() -> io::Result<()>,
) -> Result<(), Stop> {
    match hook(what) {
        Ok(()) => op().map_err(|e| Stop::Fail(out_err(what, p, e))),
        Err(Fault::Fail(e)) => Err(Stop::Fail(out_err(what, p, e))),
        Err(Fault::Kill) => Err(Stop::Killed),
    }
}

/// `write_dir` with a hook called before each step that changes the file system, so tests can
/// make a run fail or die at any point. Recovery of an earlier run is not hooked.
pub(crate) fn write_dir_with(
    dir: &Path,
    files: &[OutputFile],
    force: bool,
    hook: Hook<'_>,
) -> Result<WriteReport, Error> {
    if dir.exists() {
        recover_with(dir, &mut |_| Ok(()))?;
    }

    // 1. Plan, before touching anything.
    let mut report = WriteReport::default();
    let mut journal = Journal {
        root_created: !dir.exists(),
        ..Journal::default()
    };
    let mut staged: Vec<(&str, &[u8])> = Vec::new();
    let mut foreign = Vec::new();
    for f in files {
        let target = dir.join(&f.path);
        match fs::read(&target) {
            Ok(existing) if existing == f.bytes => report.unchanged += 1,
            Ok(existing) => {
                if !force && !is_generated(&existing) {
                    foreign.push(f.path.clone());
                }
                journal.entries.push((EntryKind::Replace, f.path.clone()));
                staged.push((&f.path, &f.bytes));
                report.written.push(f.path.clone());
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                journal.entries.push((EntryKind::New, f.path.clone()));
                staged.push((&f.path, &f.bytes));
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
    for rel in obsolete(dir, files)? {
        journal.entries.push((EntryKind::Remove, rel.clone()));
        report.removed.push(rel);
    }
    if journal.entries.is_empty() {
        return Ok(report);
    }
    for (kind, rel) in &journal.entries {
        if rel.contains(['\n', '\r']) {
            return Err(Error::new(
                ErrorKind::Output,
                format!("cannot handle a file name with a line break: {rel:?}"),
            ));
        }
        let target = dir.join(rel);
        let mut sides = vec![side(&target, OLD)];
        if *kind != EntryKind::Remove {
            sides.push(side(&target, NEW));
        }
        if let Some(s) = sides.iter().find(|s| s.symlink_metadata().is_ok()) {
            return Err(Error::new(
                ErrorKind::Foreign,
                format!(
                    "{} exists, and postgen needs that name for a moment to replace {}; move it",
                    s.display(),
                    target.display()
                ),
            ));
        }
        let mut missing = Vec::new();
        let mut d = Path::new(rel).parent();
        while let Some(p) = d.filter(|p| !p.as_os_str().is_empty()) {
            if !dir.join(p).is_dir() {
                missing.push(relative(dir, &dir.join(p))?);
            }
            d = p.parent();
        }
        for m in missing.into_iter().rev() {
            if !journal.dirs.contains(&m) {
                journal.dirs.push(m);
            }
        }
    }

    match apply(dir, &journal, &staged, hook) {
        Ok(()) => Ok(report),
        Err(Stop::Killed) => Err(killed()),
        Err(Stop::Fail(e)) => {
            // Undo, unless the new output already stands (a failure while cleaning up).
            if dir.join(COMMITTED).exists() {
                return Err(Error::new(
                    ErrorKind::Output,
                    format!("{e}; the files are written, the next run removes what is left"),
                ));
            }
            match rollback(dir, &journal, &mut |_| Ok(())) {
                Ok(()) => Err(e),
                Err(_) => Err(Error::new(
                    ErrorKind::Output,
                    format!(
                        "{e}; could not undo every step: the next run on {} restores the \
                         previous output",
                        dir.display()
                    ),
                )),
            }
        }
    }
}

/// Steps 2 to 6.
fn apply(dir: &Path, j: &Journal, staged: &[(&str, &[u8])], hook: Hook<'_>) -> Result<(), Stop> {
    if j.root_created {
        step(hook, "create the output directory", dir, || {
            fs::create_dir_all(dir)
        })?;
    }
    let tmp = dir.join(JOURNAL_TMP);
    step(hook, "write the journal", &tmp, || {
        write_synced(&tmp, j.to_text().as_bytes())
    })?;
    let journal = dir.join(JOURNAL);
    step(hook, "commit the journal", &journal, || {
        fs::rename(&tmp, &journal)
    })?;
    for d in &j.dirs {
        let p = dir.join(d);
        step(hook, "create", &p, || fs::create_dir(&p))?;
    }
    for (rel, bytes) in staged {
        let new = side(&dir.join(rel), NEW);
        step(hook, "write", &new, || write_synced(&new, bytes))?;
    }
    for (kind, rel) in &j.entries {
        let target = dir.join(rel);
        let (old, new) = (side(&target, OLD), side(&target, NEW));
        if *kind == EntryKind::Replace {
            step(hook, "keep the old version of", &target, || {
                fs::hard_link(&target, &old).or_else(|_| fs::rename(&target, &old))
            })?;
        }
        match kind {
            EntryKind::New | EntryKind::Replace => step(hook, "move into place", &target, || {
                fs::rename(&new, &target)
            })?,
            EntryKind::Remove => step(hook, "remove", &target, || fs::rename(&target, &old))?,
        }
    }
    for d in touched_dirs(dir, j) {
        sync_dir(&d);
    }
    let committed = dir.join(COMMITTED);
    step(hook, "commit", &committed, || {
        fs::rename(&journal, &committed)?;
        sync_dir(dir);
        Ok(())
    })?;
    roll_forward(dir, j, hook)
}

/// After the commit: drops the old versions and the folders emptied, then the marker.
fn roll_forward(dir: &Path, j: &Journal, hook: Hook<'_>) -> Result<(), Stop> {
    for (kind, rel) in &j.entries {
        let target = dir.join(rel);
        for s in [side(&target, OLD), side(&target, NEW)] {
            if s.symlink_metadata().is_ok() {
                step(hook, "drop", &s, || fs::remove_file(&s))?;
            }
        }
        if *kind == EntryKind::Remove {
            let mut d = target.parent();
            while let Some(p) = d.filter(|p| *p != dir && p.starts_with(dir)) {
                if !is_empty_dir(p) {
                    break;
                }
                step(hook, "remove the emptied folder", p, || fs::remove_dir(p))?;
                d = p.parent();
            }
        }
    }
    let committed = dir.join(COMMITTED);
    step(hook, "finish", &committed, || fs::remove_file(&committed))
}

/// Before the commit: puts every old file back, removes what was added.
fn rollback(dir: &Path, j: &Journal, hook: Hook<'_>) -> Result<(), Stop> {
    for (kind, rel) in j.entries.iter().rev() {
        let target = dir.join(rel);
        let (old, new) = (side(&target, OLD), side(&target, NEW));
        if new.symlink_metadata().is_ok() {
            step(hook, "drop", &new, || fs::remove_file(&new))?;
        }
        match kind {
            EntryKind::New => {
                // Only a file of ours: it did not exist when the run began.
                if read_head(&target).is_some_and(|h| is_generated(&h)) {
                    step(hook, "remove", &target, || fs::remove_file(&target))?;
                }
            }
            EntryKind::Replace | EntryKind::Remove => {
                if old.symlink_metadata().is_ok() {
                    step(hook, "restore", &target, || {
                        fs::rename(&old, &target)?;
                        // Renaming a hard link onto another link of the same file does nothing.
                        if old.symlink_metadata().is_ok() {
                            fs::remove_file(&old)?;
                        }
                        Ok(())
                    })?;
                }
            }
        }
    }
    for d in j.dirs.iter().rev() {
        let p = dir.join(d);
        if is_empty_dir(&p) {
            step(hook, "remove the folder", &p, || fs::remove_dir(&p))?;
        }
    }
    for name in [JOURNAL, JOURNAL_TMP] {
        let p = dir.join(name);
        if p.exists() {
            step(hook, "drop", &p, || fs::remove_file(&p))?;
        }
    }
    if j.root_created && is_empty_dir(dir) {
        step(hook, "remove the output directory", dir, || {
            fs::remove_dir(dir)
        })?;
    }
    Ok(())
}

/// Completes or undoes a run on `dir` that was interrupted, from its journal.
pub(crate) fn recover_with(dir: &Path, hook: Hook<'_>) -> Result<(), Error> {
    let read = |name: &str| -> Result<Option<Journal>, Error> {
        let p = dir.join(name);
        match fs::read_to_string(&p) {
            Ok(text) => Journal::parse(&text).map(Some).ok_or_else(|| {
                Error::new(
                    ErrorKind::Output,
                    format!(
                        "{} is not a journal postgen can read; if no postgen run was interrupted \
                         there, remove it",
                        p.display()
                    ),
                )
            }),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(out_err("cannot read", &p, e)),
        }
    };
    let result = if let Some(j) = read(COMMITTED)? {
        roll_forward(dir, &j, hook)
    } else if let Some(j) = read(JOURNAL)? {
        rollback(dir, &j, hook)
    } else {
        let tmp = dir.join(JOURNAL_TMP);
        if tmp.exists() {
            // Killed while writing the journal: nothing else was done yet.
            step(hook, "drop", &tmp, || fs::remove_file(&tmp))
        } else {
            Ok(())
        }
    };
    match result {
        Ok(()) => Ok(()),
        Err(Stop::Killed) => Err(killed()),
        Err(Stop::Fail(e)) => Err(Error::new(
            ErrorKind::Output,
            format!("cannot finish an interrupted run in {}: {e}", dir.display()),
        )),
    }
}

fn write_synced(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut f = fs::File::create(path)?;
    f.write_all(bytes)?;
    f.sync_all()
}

/// Makes renames in `d` durable where the platform allows (not on every file system).
fn sync_dir(d: &Path) {
    if let Ok(f) = fs::File::open(d) {
        let _ = f.sync_all();
    }
}

fn touched_dirs(dir: &Path, j: &Journal) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = j
        .entries
        .iter()
        .filter_map(|(_, rel)| dir.join(rel).parent().map(Path::to_path_buf))
        .collect();
    out.sort();
    out.dedup();
    out
}

fn is_empty_dir(p: &Path) -> bool {
    fs::read_dir(p).is_ok_and(|mut entries| entries.next().is_none())
}

fn read_head(p: &Path) -> Option<Vec<u8>> {
    use io::Read;
    let mut head = [0u8; 64];
    let n = fs::File::open(p).ok()?.read(&mut head).ok()?;
    Some(head[..n].to_vec())
}

/// `p` relative to `dir`, `/`-separated.
fn relative(dir: &Path, p: &Path) -> Result<String, Error> {
    let rel = p.strip_prefix(dir).unwrap_or(p);
    let parts: Option<Vec<&str>> = rel.components().map(|c| c.as_os_str().to_str()).collect();
    parts.map(|v| v.join("/")).ok_or_else(|| {
        Error::new(
            ErrorKind::Output,
            format!(
                "cannot handle a file name that is not UTF-8: {}",
                p.display()
            ),
        )
    })
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
    write_synced(&tmp, bytes).map_err(err)?;
    fs::rename(&tmp, path).map_err(|e| {
        let _ = fs::remove_file(&tmp);
        err(e)
    })?;
    Ok(true)
}

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
fn obsolete(dir: &Path, files: &[OutputFile]) -> Result<Vec<String>, Error> {
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

fn side(p: &Path, suffix: &str) -> PathBuf {
    let mut s = p.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
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
    use std::collections::BTreeMap;
    use std::time::{Duration, SystemTime};

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
        assert_eq!(names(&out), ["Cargo.toml", "src"], "no side files left");
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
        assert!(dir.path().join("src/old.rs").exists(), "nothing done");
        let r = write_dir(dir.path(), &files, true).unwrap();
        assert_eq!(r.removed, vec!["src/old.rs".to_owned()]);
        assert!(!dir.path().join("src/old.rs").exists());
        assert_eq!(
            fs::read_to_string(dir.path().join("notes.txt")).unwrap(),
            "mine"
        );
    }

    #[test]
    fn a_foreign_file_named_like_a_side_file_is_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let v1 = vec![file("a.rs", &format!("{H}1"))];
        write_dir(dir.path(), &v1, false).unwrap();
        fs::write(dir.path().join("a.rs.postgen-old"), "mine").unwrap();
        let e = write_dir(dir.path(), &[file("a.rs", &format!("{H}2"))], true).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Foreign, "{e}");
        assert!(e.message.contains("a.rs.postgen-old"), "{e}");
        assert_eq!(read(dir.path(), "a.rs.postgen-old"), "mine");
        assert_eq!(read(dir.path(), "a.rs"), format!("{H}1"));
    }

    #[test]
    fn a_journal_naming_paths_outside_the_directory_is_refused() {
        for bad in [
            "replace ../x",
            "remove /etc/passwd",
            "new a/../../x",
            "dir ",
            "nope x",
        ] {
            assert_eq!(Journal::parse(&format!("{MAGIC}\n{bad}\n")), None, "{bad}");
        }
        assert_eq!(Journal::parse("replace a.rs\n"), None, "no magic line");
        let j = Journal {
            root_created: true,
            dirs: vec!["src".into(), "src/a".into()],
            entries: vec![
                (EntryKind::New, "src/a/b.rs".into()),
                (EntryKind::Replace, "Cargo.toml".into()),
                (EntryKind::Remove, "src/old.rs".into()),
            ],
        };
        assert_eq!(Journal::parse(&j.to_text()), Some(j));
    }

    // --- Failures and kills at every step ---------------------------------------------------

    const T0: Duration = Duration::from_secs(1_000_000_000);

    /// Before: a.rs, b.rs, sub/c.rs, gone/x.rs (owned), notes.txt (foreign).
    fn v1() -> Vec<OutputFile> {
        vec![
            file("a.rs", &format!("{H}a1")),
            file("b.rs", &format!("{H}b")),
            file("sub/c.rs", &format!("{H}c1")),
            file("gone/x.rs", &format!("{H}x")),
        ]
    }

    /// After: a.rs and sub/c.rs changed, b.rs unchanged, gone/x.rs no longer generated,
    /// new/deep/e.rs added in two new folders.
    fn v2() -> Vec<OutputFile> {
        vec![
            file("a.rs", &format!("{H}a2")),
            file("b.rs", &format!("{H}b")),
            file("sub/c.rs", &format!("{H}c2")),
            file("new/deep/e.rs", &format!("{H}e")),
        ]
    }

    #[derive(Debug, PartialEq, Eq)]
    enum Entry {
        Dir,
        File(Vec<u8>, SystemTime),
    }

    /// Every file and folder under `dir`, hidden ones included, with bytes and modification time.
    fn snapshot(dir: &Path) -> BTreeMap<String, Entry> {
        let mut out = BTreeMap::new();
        let mut stack = vec![dir.to_path_buf()];
        while let Some(d) = stack.pop() {
            for e in fs::read_dir(&d).unwrap() {
                let p = e.unwrap().path();
                let rel = relative(dir, &p).unwrap();
                if p.is_dir() {
                    out.insert(rel, Entry::Dir);
                    stack.push(p);
                } else {
                    let m = fs::metadata(&p).unwrap().modified().unwrap();
                    out.insert(rel, Entry::File(fs::read(&p).unwrap(), m));
                }
            }
        }
        out
    }

    fn set_all_mtimes(dir: &Path, t: SystemTime) {
        for (rel, e) in snapshot(dir) {
            if let Entry::File(..) = e {
                let f = fs::File::options().write(true).open(dir.join(rel)).unwrap();
                f.set_modified(t).unwrap();
            }
        }
    }

    /// A directory holding `files` plus a foreign file, every modification time `T0`.
    fn prepared(files: &[OutputFile]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        write_dir(dir.path(), files, false).unwrap();
        fs::write(dir.path().join("notes.txt"), "mine").unwrap();
        set_all_mtimes(dir.path(), SystemTime::UNIX_EPOCH + T0);
        dir
    }

    /// Interrupts the write v1 → v2 at each step in turn with `fault`, then lets a recovery run,
    /// and checks the directory is then exactly as before (bytes, listing and modification times)
    /// or exactly as after, switching once from before to after at the commit.
    fn every_step(fault: fn() -> Fault, check_interrupted_recovery: bool) {
        let before = snapshot(prepared(&v1()).path());
        let after = {
            let d = prepared(&v1());
            write_dir(d.path(), &v2(), false).unwrap();
            set_all_mtimes(d.path(), SystemTime::UNIX_EPOCH + T0);
            snapshot(d.path())
        };
        assert!(!after.contains_key("gone"), "the emptied folder goes");
        assert!(after.contains_key("new/deep/e.rs"));
        let mut outcomes = String::new();
        for n in 1.. {
            let dir = prepared(&v1());
            let mut i = 0;
            let r = write_dir_with(dir.path(), &v2(), false, &mut |what| {
                // A file in both versions is never missing, not even for a moment.
                for f in ["a.rs", "b.rs", "sub/c.rs"] {
                    assert!(dir.path().join(f).exists(), "{f} missing before: {what}");
                }
                i += 1;
                if i == n { Err(fault()) } else { Ok(()) }
            });
            if r.is_ok() {
                assert!(i < n && n > 10, "ran {i} steps");
                break;
            }
            // What the killed run left may have new modification times; recovery must not
            // write any file, so from here on every time stays T0.
            set_all_mtimes(dir.path(), SystemTime::UNIX_EPOCH + T0);
            let left = snapshot(dir.path());
            if check_interrupted_recovery {
                // Recovery killed at each of its own steps, then run again, ends the same.
                for m in 1.. {
                    let copy = tempfile::tempdir().unwrap();
                    copy_dir(dir.path(), copy.path());
                    assert_eq!(snapshot(copy.path()), left);
                    let mut k = 0;
                    let r = recover_with(copy.path(), &mut |_| {
                        k += 1;
                        if k == m { Err(Fault::Kill) } else { Ok(()) }
                    });
                    if r.is_ok() {
                        break;
                    }
                    recover_with(copy.path(), &mut |_| Ok(())).unwrap();
                    let s = snapshot(copy.path());
                    assert!(
                        s == before || s == after,
                        "kill at {n}, then at {m}: {s:#?}"
                    );
                }
            }
            recover_with(dir.path(), &mut |_| Ok(())).unwrap();
            let s = snapshot(dir.path());
            if s == before {
                outcomes.push('1');
            } else if s == after {
                outcomes.push('2');
            } else {
                panic!("interrupted at step {n}, then recovered: neither before nor after: {s:#?}");
            }
        }
        // All or nothing, with one point of no return.
        let switch = outcomes.find('2').expect("some steps are after the commit");
        assert!(switch > 0, "{outcomes}");
        assert!(outcomes[switch..].chars().all(|c| c == '2'), "{outcomes}");
    }

    #[test]
    fn a_failure_at_any_step_leaves_the_previous_output_or_the_new_one() {
        every_step(|| Fault::Fail(io::Error::other("disk full")), false);
    }

    #[test]
    fn a_kill_at_any_step_is_completed_or_undone_by_the_next_run() {
        every_step(|| Fault::Kill, true);
    }

    #[test]
    fn a_failure_before_the_commit_is_undone_at_once() {
        let dir = prepared(&v1());
        let before = snapshot(dir.path());
        let mut moves = 0;
        let e = write_dir_with(dir.path(), &v2(), false, &mut |what| {
            moves += usize::from(what == "move into place");
            if moves == 2 {
                Err(Fault::Fail(io::Error::other("disk full")))
            } else {
                Ok(())
            }
        })
        .unwrap_err();
        assert_eq!(e.kind, ErrorKind::Output);
        assert!(e.message.contains("disk full"), "{e}");
        assert_eq!(
            snapshot(dir.path()),
            before,
            "without waiting for the next run"
        );
    }

    #[test]
    fn an_interrupted_run_shows_in_check_and_the_next_run_finishes_it() {
        let dir = prepared(&v1());
        write_dir_with(dir.path(), &v2(), false, &mut |what| {
            if what == "commit" {
                Err(Fault::Kill)
            } else {
                Ok(())
            }
        })
        .unwrap_err();
        let drift = check_dir(dir.path(), &v1()).unwrap();
        assert_eq!(drift.first(), Some(&Drift::Interrupted), "{drift:?}");
        // The next run, with the old input, restores and then has nothing to write.
        let r = write_dir(dir.path(), &v1(), false).unwrap();
        assert_eq!((r.written.len(), r.unchanged), (0, 4));
        assert!(check_dir(dir.path(), &v1()).unwrap().is_empty());
    }

    fn copy_dir(from: &Path, to: &Path) {
        for e in fs::read_dir(from).unwrap() {
            let e = e.unwrap();
            let target = to.join(e.file_name());
            if e.file_type().unwrap().is_dir() {
                fs::create_dir(&target).unwrap();
                copy_dir(&e.path(), &target);
            } else {
                fs::copy(e.path(), &target).unwrap();
                let m = fs::metadata(e.path()).unwrap().modified().unwrap();
                fs::File::options()
                    .write(true)
                    .open(&target)
                    .unwrap()
                    .set_modified(m)
                    .unwrap();
            }
        }
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    fn read(dir: &Path, name: &str) -> String {
        fs::read_to_string(dir.join(name)).unwrap()
    }

    #[test]
    fn diffs_show_the_change() {
        let d = diff("a\nb\nc\nd\n", "a\nb\nX\nd\n");
        assert!(d.contains("-c\n+X\n"), "{d}");
    }
}
