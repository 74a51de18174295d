//! The cargo features of a generated crate that split it by folder: one per top-level folder of
//! the collection, all on by default, so that a user who needs a few folders compiles only
//! those (`default-features = false, features = ["carts"]`).
//!
//! A feature compiles its folder's module (with its sub-folders, their types and their example
//! calls). Types several top-level folders share live at the crate root, compiled when any
//! folder that uses them is on; the requests at the collection's root (and the types they use)
//! are always compiled. Feature names are the folders' module names in kebab-case, made unique
//! (`-2`, `-3`, … in folder order) and kept clear of the crate's other features.
//!
//! Only crates of their own get these: a file a build script `include!`s is compiled with the
//! features of the crate that includes it, which has none of these.

use heck::ToKebabCase;
use proc_macro2::TokenStream;
use quote::quote;

use super::docs::one_line_title;
use crate::model::{Api, TypeUse};

/// Features every crate has or may have (and the names of optional dependencies, which cargo
/// may take as features), never given to a folder.
const RESERVED: &[&str] = &[
    "default",
    "examples",
    "mock",
    "wiremock",
    "aws-sigv4",
    "aws-credential-types",
    "aws-smithy-runtime-api",
    "oauth1",
    "hmac",
    "sha1",
    "sha2",
    "rsa",
    "base64",
];

/// The folder features of a crate, in folder order.
pub struct Features {
    /// (module ident, feature name, folder title) of each top-level folder.
    folders: Vec<(String, String, String)>,
}

impl Features {
    /// The features of `api`'s crate; `split`: whether it has any (a crate of its own does, a
    /// file a build script includes does not).
    pub fn new(api: &Api, split: bool) -> Features {
        if !split {
            return Features::none();
        }
        let mut taken: Vec<String> = RESERVED.iter().map(|s| (*s).to_owned()).collect();
        let folders = api
            .root
            .modules
            .iter()
            .map(|m| {
                let mut base = m.ident.to_kebab_case();
                if base.is_empty() {
                    base = "folder".to_owned();
                }
                let mut name = base.clone();
                let mut n = 2;
                while taken.contains(&name) {
                    name = format!("{base}-{n}");
                    n += 1;
                }
                taken.push(name.clone());
                (m.ident.clone(), name, m.title.clone())
            })
            .collect();
        Features { folders }
    }

    /// No features (sub-folders, and files a build script includes).
    pub fn none() -> Features {
        Features {
            folders: Vec::new(),
        }
    }

    /// The feature of the top-level folder whose module is `ident`.
    pub fn of(&self, ident: &str) -> Option<&str> {
        self.folders
            .iter()
            .find(|(i, _, _)| i == ident)
            .map(|(_, f, _)| f.as_str())
    }

    /// `#[cfg(feature = "…")]` for an item of the top-level folder `ident` (nothing without
    /// features).
    pub fn cfg_folder(&self, ident: &str) -> TokenStream {
        match self.of(ident) {
            Some(f) => quote!(#[cfg(feature = #f)]),
            None => TokenStream::new(),
        }
    }

    /// The `cfg` of an item at the crate root that these uses need: nothing when some use is at
    /// the root (or the crate has no features), else the features of the folders of the uses.
    pub fn cfg_uses<'u>(&self, uses: impl IntoIterator<Item = &'u TypeUse>) -> TokenStream {
        if self.folders.is_empty() {
            return TokenStream::new();
        }
        let mut on = vec![false; self.folders.len()];
        for u in uses {
            let Some(top) = u.module.first() else {
                return TokenStream::new();
            };
            match self.folders.iter().position(|(i, _, _)| i == top) {
                Some(i) => on[i] = true,
                None => return TokenStream::new(),
            }
        }
        let names: Vec<&str> = self
            .folders
            .iter()
            .zip(&on)
            .filter(|(_, on)| **on)
            .map(|((_, f, _), _)| f.as_str())
            .collect();
        match names.as_slice() {
            [] => TokenStream::new(),
            [one] => quote!(#[cfg(feature = #one)]),
            many => quote!(#[cfg(any(#(feature = #many),*))]),
        }
    }

    /// The `[features]` lines: `default` and one per folder (none without folders).
    pub fn cargo_lines(&self) -> String {
        if self.folders.is_empty() {
            return String::new();
        }
        let mut s = String::from(
            "# One feature per top-level folder of the collection, all on by default (see the \
             README).\n",
        );
        let all: Vec<String> = self
            .folders
            .iter()
            .map(|(_, f, _)| format!("\"{f}\""))
            .collect();
        s.push_str(&format!("default = [{}]\n", all.join(", ")));
        for (_, f, _) in &self.folders {
            s.push_str(&format!("{f} = []\n"));
        }
        s
    }

    /// A Markdown section for the README and the crate docs: what the features are and a table
    /// of feature → folder (`None` without folders).
    pub fn markdown(&self, crate_name: &str, version: &str) -> Option<String> {
        let (_, first, _) = self.folders.first()?;
        let mut s = format!(
            "## Cargo features\n\n\
             Each top-level folder of the collection is a cargo feature, on by default. To \
             compile only the folders you use (and the types they need), turn the defaults off \
             and name them:\n\n\
             ```toml\n\
             [dependencies]\n\
             {crate_name} = {{ version = \"{version}\", default-features = false, features = [\"{first}\"] }}\n\
             ```\n\n\
             The requests at the collection's root are always compiled. The feature `examples` \
             adds the example calls of the folders that are on.\n\n\
             | Feature | Folder |\n|---|---|\n"
        );
        for (_, f, title) in &self.folders {
            s.push_str(&format!(
                "| `{f}` | {} |\n",
                one_line_title(title).replace('|', "\\|")
            ));
        }
        Some(s)
    }
}

#[cfg(test)]
mod tests {
    use super::Features;
    use crate::Builder;

    /// A collection whose folders are `folders`, each with one request answering `{"id": 1,
    /// "name": "x"}` (a struct all of them share), and a request at the root.
    fn generate(folders: &[&str]) -> crate::Generated {
        let items: Vec<String> = folders
            .iter()
            .enumerate()
            .map(|(i, f)| {
                format!(
                    r#"{{"name": {f:?}, "item": [{{"name": "get {i}",
                        "request": {{"method": "GET", "url": "https://x.test/{i}"}},
                        "response": [{{"name": "ok", "code": 200,
                            "header": [{{"key": "Content-Type", "value": "application/json"}}],
                            "body": "{{\"id\": 1, \"name\": \"x\"}}"}}]}}]}}"#
                )
            })
            .collect();
        let text = format!(
            r#"{{"info": {{"name": "T", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"}},
                "item": [{}{{"name": "health", "request": {{"method": "GET", "url": "https://x.test/h"}}}}]}}"#,
            items.iter().map(|i| format!("{i},")).collect::<String>()
        );
        Builder::new()
            .generate_from_bytes("t.json", text.as_bytes())
            .unwrap()
    }

    fn names(g: &crate::Generated) -> Vec<String> {
        let f = Features::new(g.api(), true);
        g.api()
            .root
            .modules
            .iter()
            .map(|m| f.of(&m.ident).unwrap_or("").to_owned())
            .collect()
    }

    #[test]
    fn names_are_kebab_case_unique_and_clear_of_other_features() {
        let folders = ["Shopping Carts", "Default", "oauth1", "oauth1 2"];
        let g = generate(&folders);
        assert_eq!(
            names(&g),
            ["shopping-carts", "default-2", "oauth1-2", "oauth1-2-2"]
        );
        // The same input, the same names.
        assert_eq!(names(&g), names(&generate(&folders)));
    }

    #[test]
    fn shared_types_are_compiled_with_any_folder_that_uses_them() {
        let g = generate(&["Carts", "Orders"]);
        let files = g.files().unwrap();
        let text = |path: &str| {
            files
                .iter()
                .find(|f| f.path == path)
                .map(|f| String::from_utf8_lossy(&f.bytes).into_owned())
                .unwrap()
        };
        let lib = text("src/lib.rs");
        assert!(
            lib.contains("#[cfg(feature = \"carts\")]\n#[rustfmt::skip]\npub mod carts;"),
            "{lib}"
        );
        assert!(
            lib.contains("#[cfg(any(feature = \"carts\", feature = \"orders\"))]"),
            "{lib}"
        );
        let toml = text("Cargo.toml");
        assert!(
            toml.contains("default = [\"carts\", \"orders\"]\ncarts = []\norders = []\n"),
            "{toml}"
        );
        assert!(text("README.md").contains("| `orders` | Orders |"));
        // A file a build script includes has no features.
        let single = g.module_source().unwrap();
        assert!(!single.contains("feature = \"carts\""));
    }

    #[test]
    fn a_crate_without_folders_has_no_folder_features() {
        let g = generate(&[]);
        assert!(Features::new(g.api(), true).cargo_lines().is_empty());
        assert!(
            Features::new(g.api(), true)
                .markdown("t", "0.1.0")
                .is_none()
        );
    }
}
