//! A JSON input file → its spanned tree, or an error that names the file, line, column and the
//! JSON path where the text stops being JSON.

use super::locate;
use super::source::{Document, FileId, SourceFile, Sources};
use crate::error::{Error, ErrorKind, Location};
use crate::json::{self, LineIndex};

/// Parses the JSON text of `file` (strict RFC 8259).
pub fn json(sources: &Sources, file: FileId) -> Result<Document<'_>, Error> {
    let f = sources.file(file);
    let options = json::Options {
        base: f.base,
        ..json::Options::default()
    };
    let root = json::parse(&f.text, options).map_err(|e| {
        let path = locate::path_at(&f.text, e.offset);
        syntax_error(f, e.offset, format!("invalid JSON: {}", e.message), path)
    })?;
    Ok(Document {
        file,
        text: &f.text,
        root,
    })
}

/// Parses the YAML text of `file` (collection format v3; see [`super::yaml`]): the same tree
/// as JSON gives, its errors located the same way.
pub fn yaml(sources: &Sources, file: FileId) -> Result<Document<'_>, Error> {
    let f = sources.file(file);
    let root = super::yaml::parse(&f.text, f.base)
        .map_err(|e| syntax_error(f, e.offset, format!("invalid YAML: {}", e.message), e.path))?;
    Ok(Document {
        file,
        text: &f.text,
        root,
    })
}

/// Text that does not parse, at byte `offset` of `f` (`path`: the key path open there).
fn syntax_error(f: &SourceFile, offset: usize, message: String, path: String) -> Error {
    let (line, column) = LineIndex::new(&f.text).line_col(&f.text, offset);
    Error::new(ErrorKind::Syntax, message)
        .in_file(&f.name)
        .at(Location {
            json_path: path,
            line,
            column,
        })
}
