//! What one generation reads: the collection and, if given, an environment file, loaded into
//! [`Sources`] and then parsed into [`Document`]s.

use std::path::Path;

use super::document;
use super::environment::read_environment;
use super::source::{Document, FileId, Located, Sources};
use crate::error::Error;

/// The input files, loaded.
#[derive(Debug)]
pub struct Input {
    pub sources: Sources,
    pub collection: FileId,
    pub environment: Option<FileId>,
}

impl Input {
    /// Reads the collection and the environment file from disk.
    pub fn open(collection: &Path, environment: Option<&Path>) -> Result<Input, Error> {
        let mut sources = Sources::default();
        let collection = sources.load(collection, "the collection")?;
        Input::with_environment(sources, collection, environment)
    }

    /// A collection already read (`name`: its file name, as messages show it).
    pub fn from_bytes(
        name: &str,
        bytes: &[u8],
        environment: Option<&Path>,
    ) -> Result<Input, Error> {
        let mut sources = Sources::default();
        let collection = sources.add(name, bytes.to_vec())?;
        Input::with_environment(sources, collection, environment)
    }

    fn with_environment(
        mut sources: Sources,
        collection: FileId,
        environment: Option<&Path>,
    ) -> Result<Input, Error> {
        let environment = environment
            .map(|p| sources.load(p, "the environment"))
            .transpose()?;
        Ok(Input {
            sources,
            collection,
            environment,
        })
    }

    /// Parses every file.
    pub fn parse(&self) -> Result<Parsed<'_>, Error> {
        Ok(Parsed {
            input: self,
            collection: document::json(&self.sources, self.collection)?,
            environment: self
                .environment
                .map(|e| document::json(&self.sources, e))
                .transpose()?,
        })
    }
}

/// The input files as spanned trees.
#[derive(Debug)]
pub struct Parsed<'a> {
    pub input: &'a Input,
    pub collection: Document<'a>,
    pub environment: Option<Document<'a>>,
}

impl<'a> Parsed<'a> {
    /// Where spans are, for messages.
    pub fn located(&self) -> Located<'_, 'a> {
        Located::new(
            &self.input.sources,
            std::iter::once(&self.collection).chain(&self.environment),
        )
    }

    /// The environment's values (none without an environment file).
    pub fn environment(&self) -> Result<Vec<(String, String)>, Error> {
        match &self.environment {
            Some(doc) => read_environment(doc, &self.located()),
            None => Ok(Vec::new()),
        }
    }
}
