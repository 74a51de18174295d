//! The builder: what a build script, the CLI and tests call. It runs the pipeline
//! read → model → infer → emit → format and hands back a [`Generated`] to write or check.

use std::path::{Path, PathBuf};

use crate::emit;
use crate::error::{Error, ErrorKind};
use crate::model::{self, Api};
use crate::output::OutputFile;
use crate::read::Input;
use crate::stages;
use crate::warnings::Warning;
use crate::write::{self, Drift, WriteReport};

/// Configures and runs a generation, in the style of `prost-build` and `bindgen`.
///
/// From a build script, [`compile`](Builder::compile) does everything: it reads the collection
/// (and environment), prints `cargo:rerun-if-changed` for each, prints every postgen warning as a
/// `cargo:warning`, and writes the client as one file into `OUT_DIR` for the crate to `include!`:
///
/// ```no_run
/// // build.rs
/// fn main() -> Result<(), Box<dyn std::error::Error>> {
///     postgen::Builder::new()
///         .collection("collections/zoom.postman_collection.json")
///         .module_name("zoom") // writes $OUT_DIR/zoom.rs
///         .compile()?;
///     Ok(())
/// }
/// ```
///
/// ```ignore
/// // src/lib.rs
/// pub mod zoom {
///     include!(concat!(env!("OUT_DIR"), "/zoom.rs"));
/// }
/// ```
///
/// The crate needs the dependencies the generated code uses: see [`RUNTIME_DEPENDENCIES`].
/// An error (unreadable file, invalid JSON, not a collection) reads
/// `path:line:column: message (at json.path)`, with `{}` and with `{:?}` alike, so a build script
/// that returns it shows it that way in cargo's output.
///
/// [`generate`](Builder::generate) runs the same pipeline and hands back the result in memory,
/// to write a whole crate ([`Generated::write_to_dir`]), check one ([`Generated::check_dir`]) or
/// write the single file elsewhere ([`Generated::write_to_file`]).
#[derive(Clone, Debug, Default)]
pub struct Builder {
    collection: Option<PathBuf>,
    collection_name: Option<String>,
    environment: Option<PathBuf>,
    crate_name: Option<String>,
    crate_version: Option<String>,
    module_name: Option<String>,
    out_dir: Option<PathBuf>,
    emit_rerun_if_changed: Option<bool>,
    emit_cargo_warnings: Option<bool>,
    example_tests: bool,
}

impl Builder {
    /// A builder with every option at its default; give it a [`collection`](Builder::collection).
    pub fn new() -> Builder {
        Builder::default()
    }

    /// The Postman collection to generate from: a v2.1, v2.0 or v1 file, or a v3 collection's
    /// directory (Postman v12's git format: `postman/collections/<name>/`). A repository root or
    /// its `postman/collections/` directory works too when it holds one collection (else see
    /// [`collection_name`](Builder::collection_name)). A relative path is relative to the
    /// current directory, which for a build script is the package's directory.
    pub fn collection(mut self, path: impl AsRef<Path>) -> Builder {
        self.collection = Some(path.as_ref().to_path_buf());
        self
    }

    /// Where [`collection`](Builder::collection) is a directory holding several v3 collections
    /// (a repository root, or `postman/collections/`): the one to generate from, by its
    /// directory's name or by the name in its definition.
    pub fn collection_name(mut self, name: impl Into<String>) -> Builder {
        self.collection_name = Some(name.into());
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
    /// It also names the client in its `User-Agent`.
    pub fn crate_name(mut self, name: impl Into<String>) -> Builder {
        self.crate_name = Some(name.into());
        self
    }

    /// The version of the generated crate (default `0.1.0`).
    pub fn crate_version(mut self, version: impl Into<String>) -> Builder {
        self.crate_version = Some(version.into());
        self
    }

    /// For [`compile`](Builder::compile): the name of the module the crate `include!`s the
    /// client into, which names the file written: `module_name("zoom")` writes `zoom.rs`.
    /// Default: the crate name in snake_case (`zoom_live_stream.rs`).
    pub fn module_name(mut self, name: impl Into<String>) -> Builder {
        self.module_name = Some(name.into());
        self
    }

    /// For [`compile`](Builder::compile): the directory to write into (default: `OUT_DIR`, set
    /// by cargo for build scripts).
    pub fn out_dir(mut self, dir: impl AsRef<Path>) -> Builder {
        self.out_dir = Some(dir.as_ref().to_path_buf());
        self
    }

    /// Whether to print `cargo:rerun-if-changed` for every input read (the collection and the
    /// environment file), so that cargo reruns the build script when, and only when, one of them
    /// changes. Default: on when run by a build script.
    pub fn emit_rerun_if_changed(mut self, yes: bool) -> Builder {
        self.emit_rerun_if_changed = Some(yes);
        self
    }

    /// Whether to print postgen's warnings (what the generated code could not express, where,
    /// and what it does instead) as `cargo:warning=…`, which cargo shows for workspace and path
    /// dependencies: one line per [kind](crate::WarningKind), with the count and the first in
    /// full (all of them are in [`Generated::warnings`]). Default: on when run by a build script.
    pub fn emit_cargo_warnings(mut self, yes: bool) -> Builder {
        self.emit_cargo_warnings = Some(yes);
        self
    }

    /// Generates the client and writes it as one file, `<out_dir>/<module_name>.rs`, for the
    /// crate to `include!` inside `mod <module_name> { … }`. The file is left untouched when its
    /// content has not changed. Returns its path.
    pub fn compile(&self) -> Result<PathBuf, Error> {
        if let Some(m) = self.module_name.as_ref().filter(|m| !valid_module_name(m)) {
            return Err(Error::new(
                ErrorKind::Input,
                format!(
                    "`{m}` is not a valid module name (letters, digits and `_`, starting with a \
                     letter or `_`)"
                ),
            ));
        }
        let generated = self.generate()?;
        let module = match &self.module_name {
            Some(m) => m.clone(),
            None => generated.options.crate_name.replace('-', "_"),
        };
        let dir = match &self.out_dir {
            Some(d) => d.clone(),
            None => std::env::var_os("OUT_DIR")
                .map(PathBuf::from)
                .ok_or_else(|| {
                    Error::new(
                        ErrorKind::Output,
                        "OUT_DIR is not set: run from a build script, or call `Builder::out_dir`",
                    )
                })?,
        };
        let path = dir.join(format!("{module}.rs"));
        generated.write_to_file(&path)?;
        Ok(path)
    }

    /// Whether the generated crate gets `src/example_tests.rs` (a `#[cfg(test)]` module) and a
    /// `tokio` dev-dependency for it. Its tests:
    /// - feed every response the collection saves to the code the client decodes responses
    ///   with, and again with each JSON field removed or `null`, and fail unless each 2xx
    ///   response decodes into the operation's `Ok` type and each documented error status into
    ///   its variant (they print `postgen-examples: <crate> decoded D/T …`);
    /// - with the features `examples` and `mock`, make each saved example's example call
    ///   through HTTP against the replay mock, asking for that example with
    ///   `x-mock-response-code` (and `x-mock-response-name`), in the collection's order on one
    ///   client, so that captured variables flow; each must decode the same way. A call that
    ///   cannot be made (a variable without a value) is listed as not sent. They print
    ///   `postgen-replayed: <crate> replayed R/T, not sent U`.
    ///
    /// Default: off.
    pub fn example_tests(mut self, yes: bool) -> Builder {
        self.example_tests = yes;
        self
    }

    /// Reads the inputs and generates the crate in memory.
    pub fn generate(&self) -> Result<Generated, Error> {
        let path = self
            .collection
            .as_ref()
            .ok_or_else(|| Error::new(ErrorKind::Input, "no collection given"))?;
        let in_build_script = in_build_script();
        if self.emit_rerun_if_changed.unwrap_or(in_build_script) {
            // Printed before reading, so that a fix to a broken input reruns the script too. A
            // v3 collection is a directory: cargo then watches every file below it, so that
            // editing, adding or removing one reruns the script.
            let watched = crate::read::v3::watched_path(path);
            for p in std::iter::once(&watched).chain(&self.environment) {
                println!(
                    "cargo:rerun-if-changed={}",
                    cargo_line(&p.to_string_lossy())
                );
            }
        }
        let input = Input::open_named(
            path,
            self.collection_name.as_deref(),
            self.environment.as_deref(),
        )?;
        let generated = self.generate_input(&input)?;
        if self.emit_cargo_warnings.unwrap_or(in_build_script) {
            // One line per kind: cargo shows every `cargo:warning` of a build script, and two
            // thousand of them bury the build's own output.
            for line in cargo_warnings(&generated.warnings) {
                println!("{line}");
            }
        }
        Ok(generated)
    }

    /// Generates from a collection already read: `name` is its file name, as messages show it.
    /// The environment file, if set, is read from disk.
    pub fn generate_from_bytes(&self, name: &str, bytes: &[u8]) -> Result<Generated, Error> {
        self.generate_input(&Input::from_bytes(
            name,
            bytes,
            self.environment.as_deref(),
        )?)
    }

    /// The pipeline on loaded input.
    fn generate_input(&self, input: &Input) -> Result<Generated, Error> {
        let parsed = stages::parse(input)?;
        let environment = parsed.environment()?;
        let mut findings = stages::Findings::default();
        let collection = stages::read(&parsed, &mut findings)?;
        let mut api = stages::model(&parsed, &collection, &environment, &mut findings)?;
        stages::infer(&mut api, &mut findings);

        let crate_name = match &self.crate_name {
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
        let (source_name, source_sha256) = input.source();
        let options = emit::Options {
            crate_name,
            crate_version: self
                .crate_version
                .clone()
                .unwrap_or_else(|| "0.1.0".to_owned()),
            source_name,
            source_sha256,
            example_tests: self.example_tests,
        };
        let located = parsed.located();
        let warnings = findings
            .warnings
            .into_iter()
            .map(|f| {
                let (file, location) = located.locate(f.span);
                Warning {
                    kind: f.kind,
                    file: file.to_path_buf(),
                    location,
                    message: f.message,
                }
            })
            .collect();
        Ok(Generated {
            api,
            options,
            warnings,
        })
    }
}

/// The dependencies the generated code uses, as `Cargo.toml` lines: a crate that `include!`s a
/// client written by [`Builder::compile`] lists them under `[dependencies]` (a generated crate's
/// own `Cargo.toml` already does).
pub const RUNTIME_DEPENDENCIES: &str = emit::RUNTIME_DEPENDENCIES;

/// For a collection that signs requests with `awsv4`: the optional dependencies and the feature
/// `aws-sigv4` that give an `include!`d client `Client::with_aws_sigv4`, as `Cargo.toml` lines.
/// Without that feature the client builds (and warns about nothing) but cannot sign `awsv4`.
pub const AWS_SIGV4_DEPENDENCIES: &str = emit::AWS_SIGV4_DEPENDENCIES;

/// For a collection that signs requests with `oauth1`: the optional dependencies and the feature
/// `oauth1` that give an `include!`d client `Client::with_oauth1`, as `Cargo.toml` lines.
/// Without that feature the client builds but signs `oauth1` only through `Client::with_signer`.
pub const OAUTH1_DEPENDENCIES: &str = emit::OAUTH1_DEPENDENCIES;

/// The optional dependency and the feature `mock` of every generated crate of its own (a client
/// a build script `include!`s has no mock server), as `Cargo.toml` lines.
#[doc(hidden)]
pub const MOCK_DEPENDENCIES: &str = emit::MOCK_DEPENDENCIES;

/// Whether this process is a build script run by cargo (`OUT_DIR` alone is also set when
/// `cargo run` or `cargo test` runs a package that has a build script).
fn in_build_script() -> bool {
    ["OUT_DIR", "TARGET", "HOST"]
        .iter()
        .all(|v| std::env::var_os(v).is_some())
}

/// The `cargo:warning=` lines for `warnings`: one per kind.
fn cargo_warnings(warnings: &[Warning]) -> Vec<String> {
    crate::warnings::group(warnings)
        .iter()
        .map(|g| format!("cargo:warning={}", cargo_line(&g.to_string())))
        .collect()
}

/// Text for one `cargo:` line: a line break in it would end the instruction and start another
/// one, read by cargo as an instruction of its own; text from a collection must not do that.
fn cargo_line(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

fn valid_module_name(n: &str) -> bool {
    n.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && n != "_"
        && n.len() <= 64
}

/// Counts for the one-line summary.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    /// Generated functions: one per request.
    pub operations: usize,
    /// Modules below the crate root: one per folder (folders of one name share one).
    pub modules: usize,
    /// Generated structs and enums: bodies, forms, parameters, errors and error codes.
    pub types: usize,
    /// Warnings about the input.
    pub warnings: usize,
    /// Operations whose calls have `pages()` and `items()`: their responses say how to ask for
    /// the next page.
    pub paginated: usize,
}

/// A generated crate, in memory.
#[derive(Debug)]
pub struct Generated {
    api: Api,
    options: emit::Options,
    /// What the collection holds that the generated code does not express, in input order.
    pub warnings: Vec<Warning>,
}

impl Generated {
    /// Counts for a summary line.
    pub fn stats(&self) -> Stats {
        let mut s = Stats {
            warnings: self.warnings.len(),
            ..Stats::default()
        };
        self.api.root.walk(&mut |chain| {
            let Some(m) = chain.last() else {
                return;
            };
            s.operations += m.operations.len();
            s.paginated += m.operations.iter().filter(|o| o.pages.is_some()).count();
            for op in &m.operations {
                s.types += usize::from(op.params_type.is_some())
                    + usize::from(op.error_type.is_some())
                    + usize::from(matches!(
                        op.body,
                        Some(model::Body::UrlEncoded { .. } | model::Body::Multipart { .. })
                    ))
                    + usize::from(op.types.codes.is_some());
            }
            s.types += m.type_defs.len();
            s.modules += m.modules.len();
        });
        s
    }

    /// The model the code was generated from (for the benches).
    #[doc(hidden)]
    pub fn api(&self) -> &Api {
        &self.api
    }

    /// What `postgen inspect` lists: one row per request.
    pub fn inspect(&self) -> Vec<crate::InspectRow> {
        crate::inspect::inspect(&self.api)
    }

    /// The crate's name and origin, as the emitter takes them (for the benches).
    #[doc(hidden)]
    pub fn options(&self) -> &emit::Options {
        &self.options
    }

    /// The crate's files, formatted, each with its header.
    pub fn files(&self) -> Result<Vec<OutputFile>, Error> {
        stages::emit_and_format(&self.api, &self.options)
    }

    /// Everything as one Rust source file, for a build script to `include!` inside a module:
    /// `mod zoom { include!(concat!(env!("OUT_DIR"), "/zoom.rs")); }`.
    pub fn module_source(&self) -> Result<String, Error> {
        stages::single_file(&self.api, &self.options)
    }

    /// Writes [`module_source`](Self::module_source) to `path` (atomically; untouched when
    /// unchanged).
    pub fn write_to_file(&self, path: impl AsRef<Path>) -> Result<(), Error> {
        write::write_file(path.as_ref(), self.module_source()?.as_bytes()).map(|_| ())
    }

    /// Writes the crate into `dir`: all or nothing, unchanged files untouched, files postgen did
    /// not generate refused unless `force`. A second write into `dir` while one is in progress
    /// (in any process) fails with [`ErrorKind::Busy`](crate::ErrorKind::Busy); see
    /// [`interrupt`](crate::interrupt) for stopping one.
    pub fn write_to_dir(&self, dir: impl AsRef<Path>, force: bool) -> Result<WriteReport, Error> {
        stages::write(dir.as_ref(), &self.files()?, force)
    }

    /// What differs between `dir` and what would be generated.
    pub fn check_dir(&self, dir: impl AsRef<Path>) -> Result<Vec<Drift>, Error> {
        write::check_dir(dir.as_ref(), &self.files()?)
    }
}

fn valid_crate_name(n: &str) -> bool {
    n.starts_with(|c: char| c.is_ascii_alphabetic())
        && n.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        && n.len() <= 64
}

/// The crate name postgen gives a collection named `name` when [`Builder::crate_name`] is not
/// set: the name in kebab-case (`"Zoom API"` → `zoom-api`, `api-v1.0` → `api-v1-0`), or
/// `api-client` when nothing of it makes a valid crate name.
pub fn default_crate_name(name: &str) -> String {
    let collection_name = name;
    let snake = model::names::snake(collection_name).unwrap_or_default();
    let kebab = snake.trim_matches('_').replace('_', "-");
    if valid_crate_name(&kebab) {
        kebab
    } else {
        "api-client".to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const COLLECTION: &str = r#"{"info": {"name": "Tiny API"}, "item": [
        {"name": "Ping", "request": {"method": "GET", "url": "https://example.com/ping"}},
        {"name": "lonely"}
    ]}"#;

    fn builder(dir: &Path) -> Builder {
        let path = dir.join("tiny.postman_collection.json");
        std::fs::write(&path, COLLECTION).unwrap();
        Builder::new()
            .collection(path)
            .emit_rerun_if_changed(false)
            .emit_cargo_warnings(false)
    }

    #[test]
    fn a_build_script_gets_one_cargo_warning_per_kind() {
        let items: Vec<String> = (0..50)
            .map(|i| format!(r#"{{"name": "empty {i}"}}"#))
            .chain(std::iter::once(
                r#"{"name": "Ping", "request": {"method": "GET", "header": [{"key": "", "value": "x"}],
                    "url": "https://example.com/ping"}}"#
                    .to_owned(),
            ))
            .collect();
        let text = format!(
            r#"{{"info": {{"name": "A"}}, "item": [{}]}}"#,
            items.join(",")
        );
        let g = Builder::new()
            .generate_from_bytes("a.json", text.as_bytes())
            .unwrap();
        assert_eq!(g.warnings.len(), 51);
        let lines = cargo_warnings(&g.warnings);
        assert_eq!(lines.len(), 2, "{lines:#?}");
        assert!(
            lines[0].starts_with("cargo:warning=a.json:1:")
                && lines[0].contains(": warning: 50 folders and requests placed or skipped [structure], the first here: item has neither"),
            "{}",
            lines[0]
        );
        assert!(
            lines[1].contains("warning: header without a name"),
            "{}",
            lines[1]
        );
    }

    #[test]
    fn compile_writes_module_name_dot_rs_into_out_dir() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let path = builder(dir.path())
            .out_dir(&out)
            .module_name("tiny")
            .compile()
            .unwrap();
        assert_eq!(path, out.join("tiny.rs"));
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            text.starts_with(
                "// Generated by postgen 0.1.0 from \"tiny.postman_collection.json\" (sha256 "
            ),
            "{text}"
        );
        assert!(text.contains("pub fn ping(&self) -> Call<"), "{text}");
        // Unchanged: not written again.
        let old = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1 << 30);
        std::fs::File::options()
            .write(true)
            .open(&path)
            .unwrap()
            .set_modified(old)
            .unwrap();
        builder(dir.path())
            .out_dir(&out)
            .module_name("tiny")
            .compile()
            .unwrap();
        assert_eq!(std::fs::metadata(&path).unwrap().modified().unwrap(), old);
    }

    #[test]
    fn the_default_module_name_is_the_crate_name_in_snake_case() {
        let dir = tempfile::tempdir().unwrap();
        let path = builder(dir.path()).out_dir(dir.path()).compile().unwrap();
        assert_eq!(path, dir.path().join("tiny_api.rs"));
        let path = builder(dir.path())
            .crate_name("my-client")
            .out_dir(dir.path())
            .compile()
            .unwrap();
        assert_eq!(path, dir.path().join("my_client.rs"));
    }

    #[test]
    fn module_names_that_are_not_identifiers_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        for bad in ["../evil", "a/b", "", "_", "1x", "a-b", "a.rs"] {
            let e = builder(dir.path())
                .out_dir(dir.path())
                .module_name(bad)
                .compile()
                .unwrap_err();
            assert_eq!(e.kind, ErrorKind::Input, "{bad}");
            assert!(e.message.contains("not a valid module name"), "{e}");
        }
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "nothing written"
        );
    }

    #[test]
    fn without_out_dir_outside_a_build_script_compile_says_what_to_do() {
        if std::env::var_os("OUT_DIR").is_some() {
            return; // run by cargo with an OUT_DIR of its own
        }
        let dir = tempfile::tempdir().unwrap();
        let e = builder(dir.path()).compile().unwrap_err();
        assert!(e.message.contains("OUT_DIR is not set"), "{e}");
    }

    #[test]
    fn warnings_name_the_collection_the_place_and_what_was_done() {
        let dir = tempfile::tempdir().unwrap();
        let g = builder(dir.path()).generate().unwrap();
        assert_eq!(g.warnings.len(), 1);
        let w = g.warnings[0].to_string();
        assert!(
            w.ends_with(
                "tiny.postman_collection.json:3:9: warning: item has neither `request` nor \
                 `item`: nothing to generate; skipped (at item[1])"
            ),
            "{w}"
        );
    }

    #[test]
    fn errors_read_the_same_with_display_and_debug() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bad.json");
        std::fs::write(
            &path,
            "{\n  \"info\": {\"name\": \"x\"},\n  \"item\": \"nope\"\n}",
        )
        .unwrap();
        let e = Builder::new()
            .collection(&path)
            .emit_rerun_if_changed(false)
            .generate()
            .unwrap_err();
        let shown = e.to_string();
        assert_eq!(
            shown,
            format!(
                "{}:3:11: expected a list of items, found a string (at item)",
                path.display()
            )
        );
        assert_eq!(format!("{e:?}"), shown);
        assert!(format!("{e:#?}").contains("kind: Input"));
    }

    #[test]
    fn cargo_lines_cannot_be_split_by_text_from_a_collection() {
        assert_eq!(
            cargo_line("a\ncargo:rustc-link-lib=evil\r\tb"),
            "a cargo:rustc-link-lib=evil  b"
        );
    }
}
