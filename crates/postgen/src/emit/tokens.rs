//! Small token builders shared by the emitters. Identifiers and literals only ever reach the
//! output through these (and `quote`), never as pasted source text.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::model::{Piece, Scalar};

/// An identifier. Names from the model are valid by construction; anything else (a bug) becomes
/// a fixed placeholder rather than a panic.
pub fn ident(name: &str) -> Ident {
    let valid = !name.is_empty()
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
        && !name.starts_with(|c: char| c.is_ascii_digit())
        && name != "_";
    Ident::new(if valid { name } else { "invalid_name" }, Span::call_site())
}

/// `&[Piece::Lit(..), Piece::Var { .. }]`
pub fn pieces(pieces: &[Piece]) -> TokenStream {
    let piece = quote!(runtime::Piece);
    let items = pieces.iter().map(|p| match p {
        Piece::Lit(s) => quote!(#piece::Lit(#s)),
        Piece::Var { name, default } => {
            let default = match default {
                Some(d) => quote!(Some(#d)),
                None => quote!(None),
            };
            quote!(#piece::Var { name: #name, default: #default })
        }
    });
    quote!(&[#(#items),*])
}

/// The owned Rust type of a scalar parameter.
pub fn scalar_type(s: Scalar) -> TokenStream {
    match s {
        Scalar::Str => quote!(String),
        Scalar::Int => quote!(i64),
        Scalar::Bool => quote!(bool),
    }
}

/// An expression giving `&str` for `place`, which holds the scalar (by reference when `is_ref`).
pub fn str_of(place: TokenStream, is_ref: bool, s: Scalar) -> TokenStream {
    match (s, is_ref) {
        (Scalar::Str, true) => place,
        (Scalar::Str, false) => quote!(&#place),
        (Scalar::Int | Scalar::Bool, _) => quote!(&#place.to_string()),
    }
}

/// How code in a module reaches the generated API's root: `crate::` in a crate of its own, or
/// relatively (`super::super::`) in a module a build script `include!`s, where `crate` is the
/// user's crate.
#[derive(Clone, Copy, Debug)]
pub struct CratePath {
    pub depth: usize,
    pub relative: bool,
}

impl CratePath {
    pub fn top(relative: bool) -> CratePath {
        CratePath { depth: 0, relative }
    }

    /// `path` under the root, e.g. `at("runtime::Method")` → `crate::runtime::Method`.
    pub fn at(&self, path: &str) -> TokenStream {
        let segments = path.split("::").map(ident);
        if self.depth == 0 {
            quote!(#(#segments)::*)
        } else if self.relative {
            let supers = (0..self.depth).map(|_| quote!(super::));
            quote!(#(#supers)* #(#segments)::*)
        } else {
            quote!(crate:: #(#segments)::*)
        }
    }

    /// The path to the root itself, with its trailing `::` (`crate::`, `super::super::`).
    pub fn prefix(&self) -> TokenStream {
        if self.relative {
            let supers = (0..self.depth).map(|_| quote!(super::));
            quote!(#(#supers)*)
        } else {
            quote!(crate::)
        }
    }

    /// The same path as text, for intra-doc links.
    pub fn doc(&self, path: &str) -> String {
        if self.depth == 0 {
            path.to_owned()
        } else if self.relative {
            format!("{}{path}", "super::".repeat(self.depth))
        } else {
            format!("crate::{path}")
        }
    }

    pub fn child(&self) -> CratePath {
        CratePath {
            depth: self.depth + 1,
            relative: self.relative,
        }
    }
}

/// The items of the crate root that generated modules name without a path (each module imports
/// those it uses): the crate's own re-exports of the runtime's user-facing types, and the
/// `runtime` module itself. No generated module defines a type or module of these names
/// (`names::RESERVED_TYPES`, `RESERVED_MODULES`).
pub const ROOT_ITEMS: &[&str] = &[
    "Binary",
    "Body",
    "Call",
    "Client",
    "Error",
    "File",
    "Host",
    "Response",
    "ResponseValue",
    "Undocumented",
];

/// `use` items for a module at `root` whose items are `body`: the root items it names (an ident
/// of [`ROOT_ITEMS`] not after `::`), and `runtime` if it names that. None at the root itself.
pub fn root_uses(root: CratePath, body: &TokenStream) -> TokenStream {
    if root.depth == 0 {
        return TokenStream::new();
    }
    fn scan(tokens: &TokenStream, used: &mut Vec<&'static str>) {
        use proc_macro2::TokenTree;
        let mut after_path = false;
        let mut colons = 0;
        for t in tokens.clone() {
            match &t {
                TokenTree::Group(g) => scan(&g.stream(), used),
                // Compared in place: an ident's text is not copied out (most are not wanted).
                TokenTree::Ident(i) if !after_path => {
                    let wanted = std::iter::once(&"runtime")
                        .chain(ROOT_ITEMS)
                        .find(|n| i == **n);
                    // (No let chains: they need a newer Rust than the crate's 1.85.)
                    if let Some(&name) = wanted.filter(|n| !used.contains(n)) {
                        used.push(name);
                    }
                }
                _ => {}
            }
            colons = match &t {
                TokenTree::Punct(p) if p.as_char() == ':' => colons + 1,
                _ => 0,
            };
            after_path = colons == 2;
        }
    }
    let mut used = Vec::new();
    scan(body, &mut used);
    used.sort();
    let runtime = used.contains(&"runtime");
    let items: Vec<Ident> = used
        .iter()
        .filter(|n| **n != "runtime")
        .map(|n| ident(n))
        .collect();
    let prefix = root.prefix();
    let mut out = TokenStream::new();
    if runtime {
        out.extend(quote!(use #prefix runtime;));
    }
    if !items.is_empty() {
        out.extend(quote!(use #prefix {#(#items),*};));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Generated modules import the root items by name: no type of theirs may take one.
    #[test]
    fn root_items_are_reserved_type_names() {
        for name in ROOT_ITEMS {
            assert!(
                crate::model::names::RESERVED_TYPES.contains(name),
                "{name} is not reserved"
            );
        }
    }
}
