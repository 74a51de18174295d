//! What one generation reads: the collection (one JSON file, or a v3 directory of YAML files)
//! and, if given, an environment file, loaded into [`Sources`] and then parsed into
//! [`Document`]s.

use std::path::Path;

use super::document;
use super::environment::read_environment;
use super::source::{Document, FileId, Located, Sources};
use super::v3;
use crate::error::{Error, ErrorKind};

/// The input files, loaded.
#[derive(Debug)]
pub struct Input {
    pub sources: Sources,
    /// The collection file; for a v3 collection, its root `.resources/definition.yaml` (an empty
    /// stand-in where the directory has none).
    pub collection: FileId,
    /// A v3 collection's files; `None` for a collection file.
    pub v3: Option<v3::Layout>,
    pub environment: Option<FileId>,
}

impl Input {
    /// Reads the collection and the environment file from disk.
    pub fn open(collection: &Path, environment: Option<&Path>) -> Result<Input, Error> {
        Input::open_named(collection, None, environment)
    }

    /// [`open`](Self::open), where `collection` may be a v3 collection's directory, or a
    /// repository or `postman/collections/` directory holding v3 collections, of which `name`
    /// picks one (by directory name or by its definition's `name`).
    pub fn open_named(
        collection: &Path,
        name: Option<&str>,
        environment: Option<&Path>,
    ) -> Result<Input, Error> {
        let mut sources = Sources::default();
        if !v3::is_v3(collection) {
            if let Some(n) = name {
                return Err(Error::new(
                    ErrorKind::Input,
                    format!(
                        "--collection {n} picks one of several v3 collections in a directory; \
                         this is a collection file: leave out --collection"
                    ),
                )
                .in_file(collection));
            }
            let collection = sources.load(collection, "the collection")?;
            return Input::with_environment(sources, collection, None, environment);
        }
        let layout = v3::load(&mut sources, collection, name)?;
        let main = match layout.root.definition {
            Some(id) => id,
            None => sources.add(
                layout.dir.join(".resources").join("definition.yaml"),
                Vec::new(),
            )?,
        };
        Input::with_environment(sources, main, Some(layout), environment)
    }

    /// The collection's name and the sha256 of its bytes (hex), as generated files' headers
    /// give them: a collection file's name; a v3 directory's name with a `/`, and the hash of
    /// every file read in it, by sorted relative path (path, NUL, length as 8 bytes
    /// little-endian, bytes, for each).
    pub fn source(&self) -> (String, String) {
        use sha2::Digest;
        let mut hash = sha2::Sha256::new();
        let name = match &self.v3 {
            None => {
                let f = self.sources.file(self.collection);
                hash.update(f.text.as_bytes());
                f.name
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default()
            }
            Some(layout) => {
                for (rel, id) in &layout.files {
                    let text = &self.sources.file(*id).text;
                    hash.update(rel.as_bytes());
                    hash.update([0]);
                    hash.update((text.len() as u64).to_le_bytes());
                    hash.update(text.as_bytes());
                }
                format!("{}/", layout.root.dir_name)
            }
        };
        let digest = hash.finalize();
        (name, digest.iter().map(|b| format!("{b:02x}")).collect())
    }

    /// A collection already read (`name`: its file name, as messages show it).
    pub fn from_bytes(
        name: &str,
        bytes: &[u8],
        environment: Option<&Path>,
    ) -> Result<Input, Error> {
        let mut sources = Sources::default();
        let collection = sources.add(name, bytes.to_vec())?;
        Input::with_environment(sources, collection, None, environment)
    }

    fn with_environment(
        mut sources: Sources,
        collection: FileId,
        v3: Option<v3::Layout>,
        environment: Option<&Path>,
    ) -> Result<Input, Error> {
        let environment = environment
            .map(|p| sources.load(p, "the environment"))
            .transpose()?;
        Ok(Input {
            sources,
            collection,
            v3,
            environment,
        })
    }

    /// Parses every file.
    pub fn parse(&self) -> Result<Parsed<'_>, Error> {
        let yaml_or_json = |id: FileId| {
            let name = self
                .sources
                .file(id)
                .name
                .to_string_lossy()
                .to_ascii_lowercase();
            if name.ends_with(".yaml") || name.ends_with(".yml") {
                document::yaml(&self.sources, id)
            } else {
                document::json(&self.sources, id)
            }
        };
        Ok(Parsed {
            input: self,
            collection: match &self.v3 {
                Some(_) => document::yaml(&self.sources, self.collection)?,
                None => document::json(&self.sources, self.collection)?,
            },
            v3: self
                .v3
                .as_ref()
                .map(|layout| v3::Documents::parse(&self.sources, layout))
                .transpose()?,
            environment: self.environment.map(yaml_or_json).transpose()?,
        })
    }
}

/// The input files as spanned trees.
#[derive(Debug)]
pub struct Parsed<'a> {
    pub input: &'a Input,
    pub collection: Document<'a>,
    /// Every file of a v3 collection.
    pub v3: Option<v3::Documents<'a>>,
    pub environment: Option<Document<'a>>,
}

impl<'a> Parsed<'a> {
    /// Where spans are, for messages.
    pub fn located(&self) -> Located<'_, 'a> {
        Located::new(
            &self.input.sources,
            std::iter::once(&self.collection)
                .chain(self.v3.iter().flat_map(v3::Documents::iter))
                .chain(&self.environment),
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
