//! Stage 6: write the generated files, or compare them with what is on disk (`--check`).
//!
//! Writing a crate is a small transaction on its directory, so that a failed or killed run leaves
//! the previous output as it was:
//!
//! 1. Plan, touching nothing: which files are new, which replace an older version, which earlier
//!    generated files are no longer generated. Unchanged files are left out: they are never
//!    touched, so their modification time stays. A file postgen did not generate (it lacks the
//!    header, see `output::is_generated`) is never overwritten or deleted without `force`, and
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
//!
//! A run holds a lock on the directory throughout (see `lock`), so a second run into it at once
//! is refused rather than interleaved. [`interrupt`] (the CLI calls it on Ctrl-C) makes a run
//! still before its commit stop at its next step and undo what it did, down to the folders it
//! created, so an interrupted run leaves nothing behind.

mod check;
mod faults;
mod file;
mod journal;
mod lock;
#[cfg(test)]
mod tests;
mod transaction;

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use crate::error::{Error, ErrorKind};
use crate::output::OutputFile;

pub use check::check_dir;
pub use file::write_file;

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

/// Writes `files` into `dir` as one transaction (see the module docs): all or nothing,
/// unchanged files untouched, files postgen did not generate refused unless `force`.
pub fn write_dir(dir: &Path, files: &[OutputFile], force: bool) -> Result<WriteReport, Error> {
    let _writing = Writing::enter();
    write_dir_stoppable(dir, files, force, &STOP, &mut faults::pause_hook())
}

/// `write_dir` under the directory's lock, stopping and undoing its steps once `stop` is set
/// (checked after `hook`, before each step up to the commit).
pub(crate) fn write_dir_stoppable(
    dir: &Path,
    files: &[OutputFile],
    force: bool,
    stop: &AtomicBool,
    hook: faults::Hook<'_>,
) -> Result<WriteReport, Error> {
    let lock = lock::DirLock::acquire(dir)?;
    let mut committed = false;
    let result = transaction::write_dir_with(dir, files, force, lock.created_root(), &mut |what| {
        hook(what)?;
        // After the commit the new output stands: finishing is quicker than undoing.
        committed |= what == "commit";
        if !committed && stop.load(Ordering::SeqCst) {
            return Err(faults::Fault::Fail(io::ErrorKind::Interrupted.into()));
        }
        Ok(())
    });
    drop(lock);
    match result {
        Err(e) if stop.load(Ordering::SeqCst) && !committed && e.kind == ErrorKind::Output => {
            Err(Error::new(
                ErrorKind::Interrupted,
                format!(
                    "interrupted; nothing written: {} is as it was",
                    dir.display()
                ),
            ))
        }
        r => r,
    }
}

/// Set by [`interrupt`]; never cleared: the process is on its way out.
static STOP: AtomicBool = AtomicBool::new(false);
/// How many writes are in progress.
static WRITING: AtomicUsize = AtomicUsize::new(0);

struct Writing;

impl Writing {
    fn enter() -> Writing {
        WRITING.fetch_add(1, Ordering::SeqCst);
        Writing
    }
}

impl Drop for Writing {
    fn drop(&mut self) {
        WRITING.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Asks every write into a directory in progress in this process to stop at its next step and
/// undo what it did; it then returns an error of kind [`ErrorKind::Interrupted`]. A write past
/// its commit finishes instead. For a Ctrl-C handler: returns whether a write was in progress,
/// and if none was, the process can simply exit.
pub fn interrupt() -> bool {
    STOP.store(true, Ordering::SeqCst);
    WRITING.load(Ordering::SeqCst) > 0
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

pub(super) const NEW: &str = ".postgen-new";
pub(super) const OLD: &str = ".postgen-old";
pub(super) const JOURNAL: &str = ".postgen-journal";
pub(super) const JOURNAL_TMP: &str = ".postgen-journal.tmp";
pub(super) const COMMITTED: &str = ".postgen-committed";
pub(super) const LOCK: &str = ".postgen-lock";
pub(super) const MAGIC: &str = "postgen-journal 1";

pub(super) fn out_err(what: &str, p: &Path, e: io::Error) -> Error {
    Error::new(ErrorKind::Output, format!("{what} {}: {e}", p.display()))
}

pub(super) fn write_synced(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut f = fs::File::create(path)?;
    f.write_all(bytes)?;
    f.sync_all()
}

/// Makes renames in `d` durable where the platform allows (not on every file system).
pub(super) fn sync_dir(d: &Path) {
    if let Ok(f) = fs::File::open(d) {
        let _ = f.sync_all();
    }
}

pub(super) fn is_empty_dir(p: &Path) -> bool {
    fs::read_dir(p).is_ok_and(|mut entries| entries.next().is_none())
}

pub(super) fn read_head(p: &Path) -> Option<Vec<u8>> {
    use io::Read;
    let mut head = [0u8; 64];
    let n = fs::File::open(p).ok()?.read(&mut head).ok()?;
    Some(head[..n].to_vec())
}

/// `p` relative to `dir`, `/`-separated.
pub(super) fn relative(dir: &Path, p: &Path) -> Result<String, Error> {
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

pub(super) fn side(p: &Path, suffix: &str) -> PathBuf {
    let mut s = p.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}
