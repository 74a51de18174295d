//! Stage 5: tokens → formatted Rust source (`prettyplease`), each file with its header.

use proc_macro2::TokenStream;

use crate::emit;
use crate::error::{Error, ErrorKind};
use crate::output::{OutputFile, header};

/// One file of the crate, formatted, with its header.
pub fn file(f: emit::File, opts: &emit::Options) -> Result<OutputFile, Error> {
    let header = |comment: &str| header(comment, &opts.source_name, &opts.source_sha256);
    let text = match f.content {
        emit::Content::Rust(tokens, blocks) => {
            let body = rust(tokens, &blocks).map_err(|m| Error::new(ErrorKind::Internal, m))?;
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
}

/// Formats one file's tokens, made with `blocks` of doc comments set aside (see
/// `emit::docs::collect`). A failure here is a bug in the emitter (it produced tokens that are
/// not a Rust file); it is reported, never a panic.
pub fn rust(tokens: TokenStream, blocks: &[String]) -> Result<String, String> {
    Ok(space_items(&layout(tokens, blocks)?))
}

/// prettyplease's layout of the items in `tokens`, doc comments put back, without the blank
/// lines between items: the layout of a file is that of its items one after the other, so
/// the items of one file can be laid out apart (on several threads) and joined.
pub fn layout(tokens: TokenStream, blocks: &[String]) -> Result<String, String> {
    let mut text = String::new();
    for piece in pieces(tokens) {
        let file: syn::File = syn::parse2(piece)
            .map_err(|e| format!("internal error: generated code does not parse: {e}"))?;
        text.push_str(&prettyplease::unparse(&file));
    }
    emit::docs::expand(&text, blocks)
}

/// Items per piece that [`layout`] parses and prints at once.
const ITEMS_PER_PIECE: usize = 32;

/// `tokens`, a file, cut into pieces of [`ITEMS_PER_PIECE`] top-level items (inner attributes
/// stay with the first). A big file (one example call per request: 10,000 functions) is thus
/// never one syntax tree far bigger than the caches; its time stays linear in its size.
fn pieces(tokens: TokenStream) -> Vec<TokenStream> {
    use proc_macro2::{Delimiter, TokenTree};
    let mut pieces = Vec::new();
    let mut piece: Vec<TokenTree> = Vec::new();
    let mut items = 0;
    let mut trees = tokens.into_iter().peekable();
    while let Some(tree) = trees.next() {
        // An item ends with `;` or with a `{ … }` (and a `;` after it: `use a::{b};`,
        // `const X: T = T { … };`). Attributes are `#[…]`, never braces.
        let ends_item = match &tree {
            TokenTree::Punct(p) => p.as_char() == ';',
            TokenTree::Group(g) => g.delimiter() == Delimiter::Brace,
            _ => false,
        };
        let brace = matches!(&tree, TokenTree::Group(_));
        piece.push(tree);
        if !ends_item {
            continue;
        }
        if brace {
            if let Some(semi) =
                trees.next_if(|t| matches!(t, TokenTree::Punct(p) if p.as_char() == ';'))
            {
                piece.push(semi);
            }
        }
        items += 1;
        if items == ITEMS_PER_PIECE {
            pieces.push(piece.drain(..).collect());
            items = 0;
        }
    }
    if !piece.is_empty() || pieces.is_empty() {
        pieces.push(piece.into_iter().collect());
    }
    pieces
}

/// Blank lines between items: prettyplease puts none, and code without them is hard to read.
/// Works on our own generated code only (item starts are recognised by their first token).
pub fn space_items(src: &str) -> String {
    let mut out = String::with_capacity(src.len() + src.len() / 16);
    let mut prev = "";
    for line in src.lines() {
        let cur = line.trim_start();
        let starts_item = [
            "///",
            "#[",
            "pub ",
            "pub(",
            "impl",
            "static ",
            "const ",
            "fn ",
            "async fn ",
            "mod ",
            "use ",
            "enum ",
            "struct ",
        ]
        .iter()
        .any(|p| cur.starts_with(p));
        let prev_ends_item = prev.starts_with("//!")
            || (!prev.starts_with("//") && (prev == "}" || prev.ends_with(';')));
        let both_declarations =
            declaration_kind(prev).is_some() && declaration_kind(prev) == declaration_kind(cur);
        if starts_item && prev_ends_item && !both_declarations && !out.is_empty() {
            out.push('\n');
        }
        out.push_str(line);
        out.push('\n');
        prev = cur;
    }
    out
}

/// `pub mod x;` / `use x;`: runs of the same kind stay together.
fn declaration_kind(line: &str) -> Option<&'static str> {
    let l = line.strip_prefix("pub ").unwrap_or(line);
    if !l.ends_with(';') {
        return None;
    }
    ["mod ", "use "].into_iter().find(|k| l.starts_with(k))
}

#[cfg(test)]
mod tests {
    use quote::quote;

    /// Laying a file out in pieces gives the bytes of laying it out whole, whatever its items
    /// end with (`;`, `{…}`, `{…};`) and with inner attributes first.
    #[test]
    fn pieces_lay_out_as_the_whole_file() {
        let items = (0..100).map(|i| {
            let name = quote::format_ident!("Item{i}");
            match i % 5 {
                0 => quote!(#[derive(Debug)] pub struct #name { pub a: Option<i64> }),
                1 => quote!(pub struct #name(pub String);),
                2 => quote!(use std::collections::{HashMap as #name};),
                3 => quote!(pub const #name: S = S { a: [1; 2] };),
                _ => {
                    quote!(impl S { #[doc = " docs"] pub fn f(&self) -> Result<(), E> { Ok(()) } })
                }
            }
        });
        let file = quote!(#![doc = " crate docs"] #![allow(dead_code)] #(#items)*);
        let whole = prettyplease::unparse(&syn::parse2(file.clone()).unwrap());
        let pieces = super::pieces(file.clone());
        assert_eq!(pieces.len(), 4);
        assert_eq!(super::layout(file, &[]).unwrap(), whole);
    }

    #[test]
    fn blank_lines_between_items_only() {
        let src = "//! Docs.\nuse a;\nuse b;\nfn f() {\n    x();\n}\n/// Ends like an entity&lt;\n///\nfn g() {}\n";
        assert_eq!(
            super::space_items(src),
            "//! Docs.\n\nuse a;\nuse b;\n\nfn f() {\n    x();\n}\n\n/// Ends like an entity&lt;\n///\nfn g() {}\n"
        );
    }
}
