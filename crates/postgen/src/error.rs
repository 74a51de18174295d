//! The generator's error: what went wrong, in which file, and where in it.

use std::fmt;
use std::path::PathBuf;

/// A place in an input file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Location {
    /// JSON path of the value, e.g. `item[3].item[0].request.method` (empty for the whole document).
    pub json_path: String,
    /// 1-based.
    pub line: usize,
    /// 1-based, in characters.
    pub column: usize,
}

/// What kind of failure an [`Error`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The input could not be read.
    Io,
    /// Not text in the format it should be in (JSON, UTF-8).
    Syntax,
    /// JSON, but not a collection (or environment) postgen can read.
    Input,
    /// Writing the output failed; what was there before is unchanged.
    Output,
    /// Generated files differ from what would be generated (`--check`).
    Drift,
    /// A file in the output directory that postgen did not generate would be overwritten.
    Foreign,
    /// Another run is writing into the same output directory.
    Busy,
    /// The write was interrupted ([`interrupt`](crate::interrupt)) and undone.
    Interrupted,
    /// A bug in postgen.
    Internal,
}

/// `{}` shows `file:line:column: message (at json.path)`. So does `{:?}`, which is what a build
/// script's `fn main() -> Result<(), Box<dyn std::error::Error>>` and `unwrap` print, so errors
/// read the same in cargo's output; `{:#?}` shows the fields.
#[derive(Clone, PartialEq, Eq)]
pub struct Error {
    /// What kind of failure.
    pub kind: ErrorKind,
    /// What went wrong, for a person.
    pub message: String,
    /// The file it is about, if it is about one.
    pub file: Option<PathBuf>,
    /// Where in that file.
    pub location: Option<Location>,
}

impl Error {
    pub(crate) fn new(kind: ErrorKind, message: impl Into<String>) -> Error {
        Error {
            kind,
            message: message.into(),
            file: None,
            location: None,
        }
    }

    pub(crate) fn in_file(mut self, file: impl Into<PathBuf>) -> Error {
        self.file = Some(file.into());
        self
    }

    pub(crate) fn at(mut self, location: Location) -> Error {
        self.location = Some(location);
        self
    }

    /// What kind of failure this is.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(file) = &self.file {
            write!(f, "{}", file.display())?;
            if let Some(l) = &self.location {
                write!(f, ":{}:{}", l.line, l.column)?;
            }
            write!(f, ": ")?;
        }
        write!(f, "{}", self.message)?;
        if let Some(l) = &self.location {
            if !l.json_path.is_empty() {
                write!(f, " (at {})", l.json_path)?;
            }
        }
        Ok(())
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if f.alternate() {
            f.debug_struct("Error")
                .field("kind", &self.kind)
                .field("message", &self.message)
                .field("file", &self.file)
                .field("location", &self.location)
                .finish()
        } else {
            fmt::Display::fmt(self, f)
        }
    }
}

impl std::error::Error for Error {}
