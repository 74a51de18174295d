//! One writer per output directory: two runs into the same directory at once would interleave
//! their transactions. The lock is an OS file lock on `.postgen-lock` in the directory, so it
//! goes with the process that holds it, however that process ends; the file itself is removed
//! when the run ends (a killed run leaves it, and the next run takes it over).

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::{LOCK, out_err};
use crate::error::{Error, ErrorKind};

/// The held lock of one output directory; dropping it removes the lock file and releases it.
pub(super) struct DirLock {
    path: PathBuf,
    file: Option<fs::File>,
    /// Folders this run created to hold the directory (the directory itself first, then its
    /// missing parents), removed again if they are empty when the lock goes.
    created: Vec<PathBuf>,
}

impl DirLock {
    /// Creates `dir` (and missing parents) if need be, then locks it, or says which run holds it.
    pub fn acquire(dir: &Path) -> Result<DirLock, Error> {
        let mut lock = DirLock {
            path: dir.join(LOCK),
            file: None,
            created: created_dirs(dir)?,
        };
        // A run that ends between our opening the file and locking it removes the file: the
        // lock we then hold is on a file nobody else can find. Open again until it is the one
        // at the path.
        for _ in 0..100 {
            let file = fs::OpenOptions::new()
                .create(true)
                .truncate(false)
                .write(true)
                .open(&lock.path)
                .map_err(|e| out_err("cannot create the lock", &lock.path, e))?;
            match fs4::FileExt::try_lock(&file) {
                Ok(()) => {}
                Err(fs4::TryLockError::WouldBlock) => {
                    return Err(Error::new(
                        ErrorKind::Busy,
                        format!(
                            "another postgen run is writing into {}; wait for it to finish, \
                             then run again",
                            dir.display()
                        ),
                    ));
                }
                Err(fs4::TryLockError::Error(e)) => {
                    return Err(out_err("cannot lock", &lock.path, e));
                }
            }
            if same_file(&file, &lock.path) {
                lock.file = Some(file);
                return Ok(lock);
            }
        }
        Err(Error::new(
            ErrorKind::Busy,
            format!(
                "cannot lock {}: other postgen runs keep starting and ending there",
                dir.display()
            ),
        ))
    }

    /// Whether this run created the output directory.
    pub fn created_root(&self) -> bool {
        !self.created.is_empty()
    }
}

impl Drop for DirLock {
    fn drop(&mut self) {
        // Removed while still locked, so no other run can hold a lock on it by then.
        if let Some(file) = self.file.take() {
            let _ = fs::remove_file(&self.path);
            drop(file);
        }
        for d in &self.created {
            if super::is_empty_dir(d) {
                let _ = fs::remove_dir(d);
            }
        }
    }
}

/// Creates `dir` and any missing parents; returns those it created, innermost first.
fn created_dirs(dir: &Path) -> Result<Vec<PathBuf>, Error> {
    let mut missing = Vec::new();
    let mut d = Some(dir);
    while let Some(p) = d.filter(|p| !p.as_os_str().is_empty() && !p.exists()) {
        missing.push(p.to_path_buf());
        d = p.parent();
    }
    let mut created = Vec::new();
    for p in missing.iter().rev() {
        match fs::create_dir(p) {
            Ok(()) => created.insert(0, p.clone()),
            // Another run made it meanwhile: theirs, not ours to remove.
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && p.is_dir() => {}
            Err(e) => {
                for c in &created {
                    let _ = fs::remove_dir(c);
                }
                return Err(out_err("cannot create", p, e));
            }
        }
    }
    Ok(created)
}

#[cfg(unix)]
fn same_file(file: &fs::File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

/// Elsewhere a file that is open cannot be removed from under its name.
#[cfg(not(unix))]
fn same_file(_: &fs::File, path: &Path) -> bool {
    path.exists()
}
