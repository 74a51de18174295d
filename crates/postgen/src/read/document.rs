//! A JSON input file → its spanned tree, or an error that names the file, line, column and the
//! JSON path where the text stops being JSON.

use super::locate;
use super::source::{Document, FileId, Sources};
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
        let (line, column) = LineIndex::new(&f.text).line_col(&f.text, e.offset);
        Error::new(ErrorKind::Syntax, format!("invalid JSON: {}", e.message))
            .in_file(&f.name)
            .at(Location {
                json_path: locate::path_at(&f.text, e.offset),
                line,
                column,
            })
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
    let root = super::yaml::parse(&f.text, f.base).map_err(|e| {
        let (line, column) = LineIndex::new(&f.text).line_col(&f.text, e.offset);
        Error::new(ErrorKind::Syntax, format!("invalid YAML: {}", e.message))
            .in_file(&f.name)
            .at(Location {
                json_path: e.path,
                line,
                column,
            })
    })?;
    Ok(Document {
        file,
        text: &f.text,
        root,
    })
}
