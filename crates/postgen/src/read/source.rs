//! The input files of one generation: a collection file, or every file of a collection
//! directory, and the environment file. Their texts share one space of offsets, so that a
//! [`Span`] alone says which file a finding is in as well as where in it; [`Located`] turns a span
//! back into `file:line:column` and a key path.

use std::cell::OnceCell;
use std::path::{Path, PathBuf};

use super::locate;
use crate::diag::Finding;
use crate::error::{Error, ErrorKind, Location};
use crate::json::{LineIndex, Span, Value};

/// One input file, by its index in [`Sources`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct FileId(usize);

/// A file's name (as messages show it) and text.
#[derive(Debug)]
pub struct SourceFile {
    /// The path as given, or relative to the collection directory for a file inside one.
    pub name: PathBuf,
    pub text: String,
    /// Where the text starts in the shared offset space.
    pub base: u32,
}

/// The input files, in the order they were added.
#[derive(Debug, Default)]
pub struct Sources {
    files: Vec<SourceFile>,
}

impl Sources {
    /// Adds a file's bytes. Text that is not UTF-8 is an error at its first invalid byte.
    pub fn add(&mut self, name: impl Into<PathBuf>, bytes: Vec<u8>) -> Result<FileId, Error> {
        let name = name.into();
        let text = String::from_utf8(bytes).map_err(|e| {
            let bytes = e.as_bytes();
            let offset = e.utf8_error().valid_up_to();
            let valid = std::str::from_utf8(&bytes[..offset]).unwrap_or_default();
            let (line, column) = LineIndex::new(valid).line_col(valid, offset);
            Error::new(ErrorKind::Syntax, "the file is not UTF-8 text")
                .in_file(&name)
                .at(Location {
                    json_path: String::new(),
                    line,
                    column,
                })
        })?;
        // One byte between files, so that an empty file still has a place of its own.
        let base = self.files.last().map_or(Some(0), |f| {
            u32::try_from(f.text.len())
                .ok()
                .and_then(|n| f.base.checked_add(n)?.checked_add(1))
        });
        let base = base
            .filter(|b| {
                u32::try_from(text.len())
                    .ok()
                    .and_then(|n| b.checked_add(n))
                    .is_some()
            })
            .ok_or_else(|| {
                Error::new(
                    ErrorKind::Input,
                    "inputs larger than 4 GiB together are not supported",
                )
                .in_file(&name)
            })?;
        self.files.push(SourceFile { name, text, base });
        Ok(FileId(self.files.len() - 1))
    }

    /// Reads `path` from disk and adds it; `what` names it in the error ("the collection").
    pub fn load(&mut self, path: &Path, what: &str) -> Result<FileId, Error> {
        self.load_as(path, path, what)
    }

    /// [`load`](Self::load), with `name` as the file's name in messages.
    pub fn load_as(&mut self, path: &Path, name: &Path, what: &str) -> Result<FileId, Error> {
        let bytes = std::fs::read(path).map_err(|e| {
            Error::new(ErrorKind::Io, format!("cannot read {what}: {e}")).in_file(name)
        })?;
        self.add(name, bytes)
    }

    pub fn file(&self, id: FileId) -> &SourceFile {
        &self.files[id.0]
    }

    pub fn files(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files.iter().enumerate().map(|(i, f)| (FileId(i), f))
    }

    /// The file `offset` is in (the last one for an offset past every file).
    fn file_at(&self, offset: u32) -> usize {
        self.files
            .partition_point(|f| f.base <= offset)
            .saturating_sub(1)
    }
}

/// A parsed input file: its text and the tree read from it (spans in the shared offset space).
#[derive(Debug)]
pub struct Document<'a> {
    pub file: FileId,
    pub text: &'a str,
    pub root: Value<'a>,
}

/// Turns spans into places people can find: the file, line and column, and the key path in the
/// file's tree. Line tables are built on first use: most runs report nothing.
pub struct Located<'s, 'a> {
    sources: &'s Sources,
    /// The tree of each file, by file index, where it has one.
    roots: Vec<Option<&'s Value<'a>>>,
    lines: Vec<OnceCell<LineIndex>>,
}

impl<'s, 'a> Located<'s, 'a> {
    pub fn new(
        sources: &'s Sources,
        documents: impl IntoIterator<Item = &'s Document<'a>>,
    ) -> Self {
        let mut roots = vec![None; sources.files.len()];
        for d in documents {
            roots[d.file.0] = Some(&d.root);
        }
        Located {
            sources,
            roots,
            lines: (0..sources.files.len()).map(|_| OnceCell::new()).collect(),
        }
    }

    /// The file `span` is in, and the place in it.
    pub fn locate(&self, span: Span) -> (&'s Path, Location) {
        let i = self.sources.file_at(span.start);
        let Some(file) = self.sources.files.get(i) else {
            return (Path::new(""), Location::default());
        };
        let local = Span {
            start: span.start.saturating_sub(file.base),
            end: span.end.saturating_sub(file.base),
        };
        let lines = self.lines[i].get_or_init(|| LineIndex::new(&file.text));
        let (line, column) = lines.line_col(&file.text, local.start as usize);
        let json_path =
            self.roots[i].map_or_else(String::new, |root| locate::json_path(root, span));
        (
            &file.name,
            Location {
                json_path,
                line,
                column,
            },
        )
    }

    /// A finding as an error of kind `Input`, in its file.
    pub fn error(&self, f: Finding) -> Error {
        let (file, location) = self.locate(f.span);
        Error::new(ErrorKind::Input, f.message)
            .in_file(file)
            .at(location)
    }
}
