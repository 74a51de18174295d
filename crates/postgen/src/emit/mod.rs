//! Stage 4: the API model → the files of a crate. Rust files are token streams built with
//! `quote` (formatted in the next stage); `Cargo.toml` and `README.md` are text.

pub mod docs;
mod example_calls;
mod examples;
mod module;
mod operation;
mod package;
mod root;
mod runtime;
pub(crate) mod status;
mod tokens;
mod types;

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::{Api, Module};
pub use examples::REPORT_PREFIX as EXAMPLES_REPORT_PREFIX;
pub use operation::request_line;
pub use runtime::DEPENDENCIES as RUNTIME_DEPENDENCIES;
use tokens::Root;

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
    /// Rust source to be formatted.
    Rust(TokenStream),
    /// Rust source that is already formatted (the runtime).
    RustText(std::borrow::Cow<'static, str>),
    Text(String),
}

/// The files of a crate.
pub fn emit(api: &Api, opts: &Options) -> Vec<File> {
    // Generated files keep prettyplease's layout: `cargo fmt` in a workspace holding the crate
    // must neither rewrite them (that would be drift) nor fail on them.
    let mut mods = quote! { #[rustfmt::skip] pub mod runtime; };
    for m in &api.root.modules {
        let m = tokens::ident(&m.ident);
        mods.extend(quote! { #[rustfmt::skip] pub mod #m; });
    }
    mods.extend(quote! {
        #[cfg(feature = "examples")]
        #[rustfmt::skip]
        pub mod examples;
    });
    let lib = root::lib(api, opts, true, mods);
    let mut files = vec![
        File {
            path: "Cargo.toml".to_owned(),
            content: Content::Text(package::cargo_toml(api, opts)),
        },
        File {
            path: "README.md".to_owned(),
            content: Content::Text(package::readme(api, opts)),
        },
        File {
            path: "src/lib.rs".to_owned(),
            content: Content::Rust(lib),
        },
    ];
    for (name, text) in runtime::files(api.auth_kinds.aws) {
        files.push(File {
            path: format!("src/runtime/{name}"),
            content: Content::RustText(text),
        });
    }
    let root = Root::top(false);
    for m in &api.root.modules {
        module_files(m, "src", "Client", root.child(), &mut files);
    }
    files.push(File {
        path: "src/examples.rs".to_owned(),
        content: Content::Rust(example_calls::file(api)),
    });
    if opts.example_tests {
        files.push(File {
            path: "tests/examples.rs".to_owned(),
            content: Content::Rust(examples::test_file(api, opts)),
        });
    }
    files
}

fn module_files(m: &Module, dir: &str, parent_handle: &str, root: Root, files: &mut Vec<File>) {
    let accessor = format!("{parent_handle}::{}", m.accessor);
    let mut children = TokenStream::new();
    for c in &m.modules {
        let c = tokens::ident(&c.ident);
        children.extend(quote!(pub mod #c;));
    }
    let body = module::module(m, root, &accessor, children);
    files.push(File {
        path: format!("{dir}/{}.rs", m.ident),
        content: Content::Rust(body),
    });
    let handle = handle_path(parent_handle, m);
    for c in &m.modules {
        module_files(
            c,
            &format!("{dir}/{}", m.ident),
            &handle,
            root.child(),
            files,
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

/// Everything in one file, for a build script to `include!` into a module of its crate: the
/// runtime and every folder become inline modules.
pub fn emit_single(api: &Api, opts: &Options) -> Result<TokenStream, String> {
    let runtime = runtime::inline(api.auth_kinds.aws)?;
    // The runtime is linted in its own crate (edition 2021); here it compiles as part of the
    // including crate, whose edition and lints may differ (edition 2024 turns on let-chain
    // suggestions, for one).
    let mut mods = quote!(#[allow(clippy::all)] pub mod runtime { #runtime });
    fn nest(m: &Module, parent_handle: &str, root: Root) -> TokenStream {
        let accessor = format!("{parent_handle}::{}", m.accessor);
        let name = tokens::ident(&m.ident);
        let handle = handle_path(parent_handle, m);
        let children = m.modules.iter().map(|c| nest(c, &handle, root.child()));
        let body = module::module(m, root, &accessor, quote!(#(#children)*));
        quote!(pub mod #name { #body })
    }
    for m in &api.root.modules {
        mods.extend(nest(m, "Client", Root::top(true).child()));
    }
    Ok(root::lib(api, opts, false, mods))
}
