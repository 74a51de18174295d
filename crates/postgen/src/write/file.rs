//! Writing one file (the single file a build script `include!`s).

use std::fs;
use std::io;
use std::path::Path;

use super::{NEW, side, write_new};
use crate::error::{Error, ErrorKind};

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
    write_new(&tmp, bytes).map_err(err)?;
    fs::rename(&tmp, path).map_err(|e| {
        let _ = fs::remove_file(&tmp);
        err(e)
    })?;
    Ok(true)
}
