//! Writing a crate as a transaction on its directory, and recovering one that was interrupted.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::check::obsolete;
use super::faults::{Fault, Hook};
use super::journal::{EntryKind, Journal};
use super::*;
use crate::output::is_generated;

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
    root_created: bool,
    hook: Hook<'_>,
) -> Result<WriteReport, Error> {
    if dir.exists() {
        recover_with(dir, &mut |_| Ok(()))?;
    }

    // 1. Plan, before touching anything.
    let mut report = WriteReport::default();
    let mut journal = Journal {
        root_created: root_created || !dir.exists(),
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
