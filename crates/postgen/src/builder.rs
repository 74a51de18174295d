//! The builder: what a build script, the CLI and tests call. It runs the pipeline
//! read → model → emit → format and hands back a [`Generated`] to write or check.

use std::path::{Path, PathBuf};

use crate::diag::{Finding, Findings};
use crate::emit;
use crate::error::{Error, ErrorKind, Location};
use crate::format;
use crate::json::{self, LineIndex};
use crate::locate;
use crate::model::{self, Api, Module};
use crate::read;
use crate::write::{self, Drift, OutputFile, WriteReport};

/// Configures and runs a generation, in the style of `prost-build`:
///
/// ```no_run
/// // build.rs
/// fn main() -> Result<(), Box<dyn std::error::Error>> {
///     let out = std::path::PathBuf::from(std::env::var("OUT_DIR")?).join("zoom.rs");
///     postgen::Builder::new()
///         .collection("collections/zoom.postman_collection.json")
///         .generate()?
///         .write_to_file(&out)?;
///     Ok(())
/// }
/// ```
#[derive(Clone, Debug, Default)]
pub struct Builder {
    collection: Option<PathBuf>,
    environment: Option<PathBuf>,
    crate_name: Option<String>,
    crate_version: Option<String>,
    rerun_if_changed: Option<bool>,
}

impl Builder {
    pub fn new() -> Builder {
        Builder::default()
    }

    /// The Postman collection (v2.1, v2.0 or v1) to generate from.
    pub fn collection(mut self, path: impl AsRef<Path>) -> Builder {
        self.collection = Some(path.as_ref().to_path_buf());
        self
    }

    /// A Postman environment file whose values resolve `{{variables}}` at generation time
    /// (they win over the collection's own values, as in Postman). Credentials are never
    /// compiled in, whatever the file holds.
    pub fn environment(mut self, path: impl AsRef<Path>) -> Builder {
        self.environment = Some(path.as_ref().to_path_buf());
        self
    }

    /// The package name of the generated crate (default: the collection's name in kebab-case).
    pub fn crate_name(mut self, name: impl Into<String>) -> Builder {
        self.crate_name = Some(name.into());
        self
    }

    /// The version of the generated crate (default `0.1.0`).
    pub fn crate_version(mut self, version: impl Into<String>) -> Builder {
        self.crate_version = Some(version.into());
        self
    }

    /// Whether to print `cargo:rerun-if-changed` for every input read. Default: when run by a
    /// build script (`OUT_DIR` is set).
    pub fn rerun_if_changed(mut self, yes: bool) -> Builder {
        self.rerun_if_changed = Some(yes);
        self
    }

    /// Reads the inputs and generates the crate in memory.
    pub fn generate(&self) -> Result<Generated, Error> {
        let path = self
            .collection
            .as_ref()
            .ok_or_else(|| Error::new(ErrorKind::Input, "no collection given"))?;
        let rerun = self
            .rerun_if_changed
            .unwrap_or_else(|| std::env::var_os("OUT_DIR").is_some());
        if rerun {
            println!("cargo:rerun-if-changed={}", path.display());
            if let Some(env) = &self.environment {
                println!("cargo:rerun-if-changed={}", env.display());
            }
        }
        let bytes = std::fs::read(path).map_err(|e| {
            Error::new(ErrorKind::Io, format!("cannot read the collection: {e}")).in_file(path)
        })?;
        let environment = match &self.environment {
            Some(p) => read_environment(p)?,
            None => Vec::new(),
        };
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let mut generated =
            generate_from_bytes(&bytes, &name, &environment, self).map_err(|e| e.in_file(path))?;
        for w in &mut generated.warnings {
            w.file = path.clone();
        }
        Ok(generated)
    }
}

/// A warning: something in the collection the generated code does not express, and what was done.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    pub file: PathBuf,
    pub location: Location,
    pub message: String,
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{}:{}: warning: {}",
            self.file.display(),
            self.location.line,
            self.location.column,
            self.message
        )?;
        if !self.location.json_path.is_empty() {
            write!(f, " (at {})", self.location.json_path)?;
        }
        Ok(())
    }
}

/// Counts for the one-line summary.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    pub operations: usize,
    pub modules: usize,
    pub types: usize,
    pub warnings: usize,
}

/// A generated crate, in memory.
#[derive(Debug)]
pub struct Generated {
    api: Api,
    options: emit::Options,
    pub warnings: Vec<Warning>,
}

impl Generated {
    pub fn stats(&self) -> Stats {
        fn walk(m: &Module, s: &mut Stats) {
            s.operations += m.operations.len();
            for op in &m.operations {
                s.types += usize::from(op.params_type.is_some())
                    + usize::from(op.error_type.is_some())
                    + usize::from(matches!(
                        op.body,
                        Some(model::Body::UrlEncoded { .. } | model::Body::Multipart { .. })
                    ));
            }
            s.modules += m.modules.len();
            for c in &m.modules {
                walk(c, s);
            }
        }
        let mut s = Stats {
            warnings: self.warnings.len(),
            ..Stats::default()
        };
        walk(&self.api.root, &mut s);
        s
    }

    /// The model the code was generated from.
    pub fn api(&self) -> &Api {
        &self.api
    }

    /// The crate's files, formatted, each with its header.
    pub fn files(&self) -> Result<Vec<OutputFile>, Error> {
        let header = |comment: &str| {
            format::header(
                comment,
                &self.options.source_name,
                &self.options.source_sha256,
            )
        };
        emit::emit(&self.api, &self.options)
            .into_iter()
            .map(|f| {
                let text = match f.content {
                    emit::Content::Rust(tokens) => {
                        let body =
                            format::rust(tokens).map_err(|m| Error::new(ErrorKind::Internal, m))?;
                        format!("{}\n{body}", header("//"))
                    }
                    emit::Content::RustText(text) => format!("{}\n{text}", header("//")),
                    emit::Content::Text(text) if f.path.ends_with(".md") => {
                        format!("{} -->\n\n{text}", header("<!--").trim_end())
                    }
                    emit::Content::Text(text) => format!("{}\n{text}", header("#")),
                };
                Ok(OutputFile {
                    path: f.path,
                    bytes: text.into_bytes(),
                })
            })
            .collect()
    }

    /// Everything as one Rust source file, for a build script to `include!` inside a module:
    /// `mod zoom { include!(concat!(env!("OUT_DIR"), "/zoom.rs")); }`.
    pub fn module_source(&self) -> Result<String, Error> {
        let tokens = emit::emit_single(&self.api, &self.options)
            .map_err(|m| Error::new(ErrorKind::Internal, m))?;
        let body = format::rust(tokens).map_err(|m| Error::new(ErrorKind::Internal, m))?;
        Ok(format!(
            "{}\n{body}",
            format::header("//", &self.options.source_name, &self.options.source_sha256)
        ))
    }

    /// Writes [`module_source`](Self::module_source) to `path` (atomically; untouched when
    /// unchanged).
    pub fn write_to_file(&self, path: impl AsRef<Path>) -> Result<(), Error> {
        write::write_file(path.as_ref(), self.module_source()?.as_bytes()).map(|_| ())
    }

    /// Writes the crate into `dir`: all or nothing, unchanged files untouched, files postgen did
    /// not generate refused unless `force`.
    pub fn write_to_dir(&self, dir: impl AsRef<Path>, force: bool) -> Result<WriteReport, Error> {
        write::write_dir(dir.as_ref(), &self.files()?, force)
    }

    /// What differs between `dir` and what would be generated.
    pub fn check_dir(&self, dir: impl AsRef<Path>) -> Result<Vec<Drift>, Error> {
        write::check_dir(dir.as_ref(), &self.files()?)
    }
}

/// The pipeline on bytes already read. `name` is the collection's file name.
pub fn generate_from_bytes(
    bytes: &[u8],
    name: &str,
    environment: &[(String, String)],
    builder: &Builder,
) -> Result<Generated, Error> {
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
    let lines = LineIndex::new(text);
    let root = json::parse(text, json::Options::default()).map_err(|e| {
        let (line, column) = lines.line_col(text, e.offset);
        let mut err = Error::new(ErrorKind::Syntax, format!("invalid JSON: {}", e.message));
        err.location = Some(Location {
            json_path: locate::path_at(text, e.offset),
            line,
            column,
        });
        err
    })?;
    let located = |f: Finding, kind: ErrorKind| {
        let mut err = Error::new(kind, f.message);
        err.location = Some(locate::locate(text, &lines, &root, f.span));
        err
    };
    let mut findings = Findings::default();
    let collection = read::read(&root, &mut findings).map_err(|f| located(f, ErrorKind::Input))?;
    let api = model::build(&collection, environment, &mut findings)
        .map_err(|f| located(f, ErrorKind::Input))?;

    let crate_name = match &builder.crate_name {
        Some(n) => {
            if !valid_crate_name(n) {
                return Err(Error::new(
                    ErrorKind::Input,
                    format!(
                        "`{n}` is not a valid crate name (letters, digits, `-` and `_`, starting with a letter)"
                    ),
                ));
            }
            n.clone()
        }
        None => default_crate_name(&collection.name),
    };
    let options = emit::Options {
        crate_name,
        crate_version: builder
            .crate_version
            .clone()
            .unwrap_or_else(|| "0.1.0".to_owned()),
        source_name: name.to_owned(),
        source_sha256: sha256_hex(bytes),
    };
    let warnings = findings
        .warnings
        .into_iter()
        .map(|f| Warning {
            file: PathBuf::from(name),
            location: locate::locate(text, &lines, &root, f.span),
            message: f.message,
        })
        .collect();
    Ok(Generated {
        api,
        options,
        warnings,
    })
}

fn valid_crate_name(n: &str) -> bool {
    n.starts_with(|c: char| c.is_ascii_alphabetic())
        && n.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        && n.len() <= 64
}

fn default_crate_name(collection_name: &str) -> String {
    let snake = model::names::snake(collection_name).unwrap_or_default();
    let kebab = snake.trim_matches('_').replace('_', "-");
    if valid_crate_name(&kebab) {
        kebab
    } else {
        "api-client".to_owned()
    }
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Reads a Postman environment file: `{"values": [{"key", "value", "enabled"}]}`.
fn read_environment(path: &Path) -> Result<Vec<(String, String)>, Error> {
    let bytes = std::fs::read(path).map_err(|e| {
        Error::new(ErrorKind::Io, format!("cannot read the environment: {e}")).in_file(path)
    })?;
    let text = std::str::from_utf8(&bytes)
        .map_err(|_| Error::new(ErrorKind::Syntax, "the file is not UTF-8 text").in_file(path))?;
    let lines = LineIndex::new(text);
    let root = json::parse(text, json::Options::default()).map_err(|e| {
        let (line, column) = lines.line_col(text, e.offset);
        let mut err = Error::new(ErrorKind::Syntax, format!("invalid JSON: {}", e.message));
        err.location = Some(Location {
            json_path: locate::path_at(text, e.offset),
            line,
            column,
        });
        err.in_file(path)
    })?;
    let fail = |span, message: &str| {
        let mut err = Error::new(ErrorKind::Input, message);
        err.location = Some(locate::locate(text, &lines, &root, span));
        err.in_file(path)
    };
    let Some(values) = root.get("values") else {
        return Err(fail(
            root.span,
            "not a Postman environment: expected `values` at the top level",
        ));
    };
    let Some(list) = values.as_array() else {
        return Err(fail(values.span, "expected a list of variables"));
    };
    let mut out = Vec::new();
    for v in list {
        let Some(key) = v.get("key").and_then(|k| k.as_str()) else {
            return Err(fail(v.span, "expected a variable with a `key`"));
        };
        if v.get("enabled").and_then(|e| e.as_bool()) == Some(false) {
            continue;
        }
        let value = match v.get("value").map(|x| &x.kind) {
            Some(json::Kind::String(s)) => s.to_string(),
            Some(json::Kind::Number(n)) => (*n).to_owned(),
            Some(json::Kind::Bool(b)) => b.to_string(),
            _ => continue,
        };
        out.push((key.to_owned(), value));
    }
    Ok(out)
}
