//! The pipeline, one function per stage. [`Builder`](crate::Builder) runs these and so do the
//! benches (`benches/stages.rs`), so what is measured is what runs: there is one pipeline.
//!
//! `parse` → `read` → `model` → `infer` → `emit` → `format` → `write`, each stage taking what
//! the one before returned. [`emit_and_format`] runs the two stages that make the files, file by
//! file, on every core (the files are independent; the result does not depend on the scheduling).
//! Not a stable API: it exists for the benches.

use std::path::Path;

use crate::emit;
use crate::error::{Error, ErrorKind, Location};
use crate::format;
use crate::infer;
use crate::json::{self, LineIndex};
use crate::locate;
use crate::model::{self, Api};
use crate::read::{self, Collection};
use crate::write::{self, OutputFile, WriteReport};

pub use crate::diag::Findings;

/// The input as text and its spanned JSON tree.
pub struct Parsed<'a> {
    pub text: &'a str,
    pub root: json::Value<'a>,
}

impl Parsed<'_> {
    /// Where `span` is, for a message: line, column and JSON path. `lines` is built on demand:
    /// most runs report nothing and never need it.
    pub(crate) fn locate(&self, lines: &mut Option<LineIndex>, span: json::Span) -> Location {
        let lines = lines.get_or_insert_with(|| LineIndex::new(self.text));
        locate::locate(self.text, lines, &self.root, span)
    }

    fn error(&self, f: crate::diag::Finding) -> Error {
        let mut err = Error::new(ErrorKind::Input, f.message);
        err.location = Some(self.locate(&mut None, f.span));
        err
    }
}

/// Stage 1: bytes → text → spanned JSON.
pub fn parse(bytes: &[u8]) -> Result<Parsed<'_>, Error> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let offset = e.valid_up_to();
        let valid = std::str::from_utf8(&bytes[..offset]).unwrap_or_default();
        let (line, column) = LineIndex::new(valid).line_col(valid, offset);
        let mut err = Error::new(ErrorKind::Syntax, "the file is not UTF-8 text");
        err.location = Some(Location {
            json_path: String::new(),
            line,
            column,
        });
        err
    })?;
    let root = json::parse(text, json::Options::default()).map_err(|e| {
        let (line, column) = LineIndex::new(text).line_col(text, e.offset);
        let mut err = Error::new(ErrorKind::Syntax, format!("invalid JSON: {}", e.message));
        err.location = Some(Location {
            json_path: locate::path_at(text, e.offset),
            line,
            column,
        });
        err
    })?;
    Ok(Parsed { text, root })
}

/// Stage 2: JSON → the collection.
pub fn read<'a>(parsed: &Parsed<'a>, findings: &mut Findings) -> Result<Collection<'a>, Error> {
    read::read(&parsed.root, findings).map_err(|f| parsed.error(f))
}

/// Stage 3: the collection → the API model (`environment`: a Postman environment's values).
pub fn model(
    parsed: &Parsed<'_>,
    collection: &Collection<'_>,
    environment: &[(String, String)],
    findings: &mut Findings,
) -> Result<Api, Error> {
    model::build(collection, environment, findings).map_err(|f| parsed.error(f))
}

/// Stage 3b: the types of JSON bodies, into the model.
pub fn infer(api: &mut Api, findings: &mut Findings) {
    infer::infer(api, findings);
}

/// Stage 4: the model → the crate's files (Rust ones as tokens).
pub fn emit(api: &Api, opts: &emit::Options) -> Vec<emit::File> {
    emit::emit(api, opts)
}

/// Stage 5: files → formatted bytes, each with its header.
pub fn format(files: Vec<emit::File>, opts: &emit::Options) -> Result<Vec<OutputFile>, Error> {
    files.into_iter().map(|f| format::file(f, opts)).collect()
}

/// Stages 4 and 5 together, file by file, on all cores: what [`Generated::files`] runs. The same
/// bytes as [`format`]`(`[`emit`]`(..))`, in the same order.
///
/// [`Generated::files`]: crate::Generated::files
pub fn emit_and_format(api: &Api, opts: &emit::Options) -> Result<Vec<OutputFile>, Error> {
    format(emit(api, opts), opts)
}

/// Stage 6: the files → `dir`, all or nothing.
pub fn write(dir: &Path, files: &[OutputFile], force: bool) -> Result<WriteReport, Error> {
    write::write_dir(dir, files, force)
}
