//! Stage 4: the API model → the files of a crate. Rust files are token streams built with
//! `quote` (formatted in the next stage); `Cargo.toml` and `README.md` are text.

pub(crate) mod captures;
mod choices;
mod constructor;
pub mod docs;
mod example_calls;
mod example_tests;
mod features;
mod form;
mod mock;
mod module;
mod oauth1;
mod operation;
mod package;
pub(crate) mod pages;
mod quick_start;
mod root;
mod runtime;
mod tokens;
mod types;

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::{Api, Module};
pub use example_tests::{MUTANTS_PREFIX, REPLAYED_PREFIX, REPORT_PREFIX as EXAMPLES_REPORT_PREFIX};
pub use runtime::AWS_DEPENDENCIES as AWS_SIGV4_DEPENDENCIES;
pub use runtime::DEPENDENCIES as RUNTIME_DEPENDENCIES;
pub use runtime::MOCK_DEPENDENCIES;
pub use runtime::OAUTH1_DEPENDENCIES;
use tokens::CratePath;

/// What the emitted crate is called and where it came from.
#[derive(Clone, Debug)]
pub struct Options {
    /// Package name, e.g. `zoom-api`.
    pub crate_name: String,
    pub crate_version: String,
    /// File name of the collection (no directories: output must not depend on where it lives).
    pub source_name: String,
    pub source_sha256: String,
    /// Add `tests/examples.rs`, which decodes every saved response (see `examples`).
    pub example_tests: bool,
}

/// A file of the generated crate, by path relative to the crate's directory.
pub struct File {
    pub path: String,
    pub content: Content,
}

pub enum Content {
    /// Rust source to be formatted: tokens whose doc comments are placeholders, and the doc
    /// blocks that go there (see [`docs::collect`]).
    Rust(TokenStream, Vec<String>),
    /// Rust source that is already formatted (the runtime).
    RustText(std::borrow::Cow<'static, str>),
    Text(String),
}

/// One file to emit. Files are independent of each other, so they can be emitted and formatted
/// on several threads (`stages::emit_and_format`); a unit holds what its file needs.
pub struct Unit<'a> {
    pub path: String,
    kind: UnitKind<'a>,
}

enum UnitKind<'a> {
    CargoToml,
    Readme,
    Lib,
    Runtime(std::borrow::Cow<'static, str>),
    Module {
        module: &'a Module,
        /// Doc path of the method that returns its handle.
        accessor: String,
        root: CratePath,
    },
    Examples,
    ExampleTests,
    Mock,
}

impl Unit<'_> {
    /// About how much work the file is (its operations and types): threads take the biggest
    /// first, so that none is left with a big one at the end.
    pub fn weight(&self) -> usize {
        match &self.kind {
            UnitKind::Module { module, .. } => module_weight(module),
            // One function per operation of the crate: the biggest file.
            UnitKind::Examples | UnitKind::ExampleTests => usize::MAX,
            UnitKind::Lib => usize::MAX - 1,
            // One row per saved example.
            UnitKind::Mock => usize::MAX - 2,
            UnitKind::CargoToml | UnitKind::Readme | UnitKind::Runtime(_) => 0,
        }
    }
}

/// About how much work a module's own items are (its operations and types), for scheduling.
fn module_weight(m: &Module) -> usize {
    m.operations.len() * 4 + m.type_defs.len() + m.modules.len()
}

/// The files of a crate, in order, before any is emitted.
pub fn plan<'a>(api: &'a Api, opts: &Options) -> Vec<Unit<'a>> {
    let mut units = vec![
        Unit {
            path: "Cargo.toml".to_owned(),
            kind: UnitKind::CargoToml,
        },
        Unit {
            path: "README.md".to_owned(),
            kind: UnitKind::Readme,
        },
        Unit {
            path: "src/lib.rs".to_owned(),
            kind: UnitKind::Lib,
        },
    ];
    for (name, text) in runtime::files(api.auth_kinds) {
        units.push(Unit {
            path: format!("src/runtime/{name}"),
            kind: UnitKind::Runtime(text),
        });
    }
    let root = CratePath::top(false);
    for m in &api.root.modules {
        module_units(m, "src", "Client", root.child(), &mut units);
    }
    units.push(Unit {
        path: "src/examples.rs".to_owned(),
        kind: UnitKind::Examples,
    });
    units.push(Unit {
        path: "src/mock.rs".to_owned(),
        kind: UnitKind::Mock,
    });
    if opts.example_tests {
        units.push(Unit {
            path: "src/example_tests.rs".to_owned(),
            kind: UnitKind::ExampleTests,
        });
    }
    units
}

/// Emits one planned file.
pub fn file(api: &Api, opts: &Options, unit: &Unit<'_>) -> File {
    let rust = |f: &dyn Fn() -> TokenStream| {
        let (tokens, blocks) = docs::collect(f);
        Content::Rust(tokens, blocks)
    };
    let content = match &unit.kind {
        UnitKind::CargoToml => Content::Text(package::cargo_toml(api, opts)),
        UnitKind::Readme => Content::Text(package::readme(api, opts)),
        UnitKind::Lib => rust(&|| lib(api, opts)),
        UnitKind::Runtime(text) => Content::RustText(text.clone()),
        UnitKind::Module {
            module,
            accessor,
            root,
        } => rust(&|| {
            let mut children = TokenStream::new();
            for c in &module.modules {
                let c = tokens::ident(&c.ident);
                children.extend(quote!(pub mod #c;));
            }
            module::module(api, module, *root, accessor, children)
        }),
        UnitKind::Examples => {
            rust(&|| example_calls::file(api, &features::Features::new(api, true)))
        }
        UnitKind::ExampleTests => {
            rust(&|| example_tests::test_file(api, &features::Features::new(api, true)))
        }
        UnitKind::Mock => rust(&|| mock::file(api, &opts.crate_name)),
    };
    File {
        path: unit.path.clone(),
        content,
    }
}

/// The files of a crate.
pub fn emit(api: &Api, opts: &Options) -> Vec<File> {
    plan(api, opts).iter().map(|u| file(api, opts, u)).collect()
}

/// `src/lib.rs`.
fn lib(api: &Api, opts: &Options) -> TokenStream {
    // Generated files keep prettyplease's layout: `cargo fmt` in a workspace holding the crate
    // must neither rewrite them (that would be drift) nor fail on them.
    // The runtime is the generated code's, not the user's: its user-facing types are re-exported
    // at the root (and documented there).
    let mut mods = quote! { #[doc(hidden)] #[rustfmt::skip] pub mod runtime; };
    let features = features::Features::new(api, true);
    for m in &api.root.modules {
        let cfg = features.cfg_folder(&m.ident);
        let m = tokens::ident(&m.ident);
        mods.extend(quote! { #cfg #[rustfmt::skip] pub mod #m; });
    }
    mods.extend(quote! {
        #[cfg(feature = "examples")]
        #[rustfmt::skip]
        pub mod examples;
        #[cfg(feature = "mock")]
        #[rustfmt::skip]
        pub mod mock;
    });
    if opts.example_tests {
        mods.extend(quote! {
            #[cfg(test)]
            #[rustfmt::skip]
            mod example_tests;
        });
    }
    root::lib(api, opts, true, mods)
}

fn module_units<'a>(
    m: &'a Module,
    dir: &str,
    parent_handle: &str,
    root: CratePath,
    units: &mut Vec<Unit<'a>>,
) {
    units.push(Unit {
        path: format!("{dir}/{}.rs", m.ident),
        kind: UnitKind::Module {
            module: m,
            accessor: format!("{parent_handle}::{}", m.accessor),
            root,
        },
    });
    let handle = handle_path(parent_handle, m);
    for c in &m.modules {
        module_units(
            c,
            &format!("{dir}/{}", m.ident),
            &handle,
            root.child(),
            units,
        );
    }
}

/// The root-relative path of `m`'s handle, given its parent's (`Client` or `a::A`).
fn handle_path(parent_handle: &str, m: &Module) -> String {
    match parent_handle.rsplit_once("::") {
        Some((prefix, _)) => format!("{prefix}::{}::{}", m.ident, m.handle),
        None => format!("{}::{}", m.ident, m.handle),
    }
}

/// One top-level item of the single file a build script `include!`s (see [`single_parts`]).
pub enum Part<'a> {
    /// The runtime, as an inline module.
    Runtime,
    /// A folder of the root, with its sub-folders, as inline modules.
    Module(&'a Module),
    /// The rest of the crate root.
    CrateRoot,
}

impl Part<'_> {
    /// About how much work the part is, like [`Unit::weight`].
    pub fn weight(&self, api: &Api) -> usize {
        fn nested(m: &Module) -> usize {
            module_weight(m) + m.modules.iter().map(nested).sum::<usize>()
        }
        match self {
            Part::Module(m) => nested(m),
            // The runtime is a fixed few thousand lines.
            Part::Runtime => 64,
            Part::CrateRoot => module_weight(&api.root),
        }
    }
}

/// Everything in one file, for a build script to `include!` into a module of its crate: the
/// runtime and every folder become inline modules. The file is these parts' items in order
/// ([`single_part`] emits each); they are independent, so they can be emitted and formatted on
/// several threads, and the file is the concatenation of their formatted text.
pub fn single_parts(api: &Api) -> Vec<Part<'_>> {
    std::iter::once(Part::Runtime)
        .chain(api.root.modules.iter().map(Part::Module))
        .chain(std::iter::once(Part::CrateRoot))
        .collect()
}

/// The tokens of one part of the single file, with their doc blocks set aside.
pub fn single_part(
    api: &Api,
    opts: &Options,
    part: &Part<'_>,
) -> Result<(TokenStream, Vec<String>), String> {
    fn nest(api: &Api, m: &Module, parent_handle: &str, root: CratePath) -> TokenStream {
        let accessor = format!("{parent_handle}::{}", m.accessor);
        let name = tokens::ident(&m.ident);
        let handle = handle_path(parent_handle, m);
        let children = m
            .modules
            .iter()
            .map(|c| nest(api, c, &handle, root.child()));
        let body = module::module(api, m, root, &accessor, quote!(#(#children)*));
        quote!(pub mod #name { #body })
    }
    let (tokens, blocks) = docs::collect(|| -> Result<TokenStream, String> {
        match part {
            Part::Runtime => {
                let runtime = runtime::inline(api.auth_kinds)?;
                // The runtime is linted in its own crate (edition 2021); here it compiles as part
                // of the including crate, whose edition and lints may differ (edition 2024 turns on
                // let-chain suggestions, for one).
                // Its `aws` module is compiled in the including crate, whose features are its
                // own: with a feature `aws-sigv4` (see `AWS_SIGV4_DEPENDENCIES`) the client signs
                // `awsv4`; without one the module is left out, and rustc must not warn (the
                // lint is checked where the `cfg` is, so it is allowed on the parent).
                let k = api.auth_kinds;
                let cfgs = (k.aws || k.oauth1).then(|| quote!(#[allow(unexpected_cfgs)]));
                Ok(quote!(#[doc(hidden)] #[allow(clippy::all)] #cfgs pub mod runtime { #runtime }))
            }
            Part::Module(m) => Ok(nest(api, m, "Client", CratePath::top(true).child())),
            Part::CrateRoot => Ok(root::lib(api, opts, false, TokenStream::new())),
        }
    });
    Ok((tokens?, blocks))
}
