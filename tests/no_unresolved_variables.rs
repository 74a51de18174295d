//! No `{{variable}}` survives into a string literal of generated code (a URL, header or body
//! would then send it literally, as newman does, where ours must resolve it or ask the caller).
//! Scans the crates of `collections/` and, with POSTGEN_CORPUS set, of every corpus collection.

mod support;

use std::path::Path;

use proc_macro2::{TokenStream, TokenTree};

fn literals_with_braces(tokens: TokenStream, found: &mut Vec<String>) {
    let mut tokens = tokens.into_iter().peekable();
    while let Some(t) = tokens.next() {
        match t {
            TokenTree::Punct(p) if p.as_char() == '#' => {
                // `#[doc = "..."]` / `#![doc = ...]`: documentation may quote the collection.
                if let Some(TokenTree::Punct(bang)) = tokens.peek()
                    && bang.as_char() == '!'
                {
                    tokens.next();
                }
                if let Some(TokenTree::Group(g)) = tokens.peek() {
                    let is_doc = matches!(g.stream().into_iter().next(), Some(TokenTree::Ident(i)) if i == "doc");
                    if is_doc {
                        tokens.next();
                    }
                }
            }
            // `client.expand_variables("...{{name}}...")`: an example call (`src/examples.rs`)
            // fills the collection's text in through the client at run time, on purpose.
            TokenTree::Ident(i) if i == "expand_variables" => {
                if matches!(tokens.peek(), Some(TokenTree::Group(_))) {
                    tokens.next();
                }
            }
            TokenTree::Group(g) => literals_with_braces(g.stream(), found),
            TokenTree::Literal(l) => {
                let s = l.to_string();
                if s.contains("{{") && s.contains("}}") {
                    found.push(s);
                }
            }
            _ => {}
        }
    }
}

fn scan(collection: &Path) -> Vec<String> {
    let generated = postgen::Builder::new()
        .collection(collection)
        .emit_rerun_if_changed(false)
        .generate()
        .unwrap_or_else(|e| panic!("{e}"));
    let mut found = Vec::new();
    for f in generated.files().unwrap() {
        if !f.path.ends_with(".rs") {
            continue;
        }
        let file = syn::parse_file(std::str::from_utf8(&f.bytes).unwrap())
            .unwrap_or_else(|e| panic!("{}: {e}", f.path));
        let mut here = Vec::new();
        literals_with_braces(quote::ToTokens::to_token_stream(&file), &mut here);
        found.extend(here.into_iter().map(|l| format!("{}: {l}", f.path)));
    }
    found
}

#[test]
fn no_variable_reference_in_generated_literals() {
    let mut paths = support::collection_files(&support::repo().join("collections"));
    if let Some(dir) = support::corpus("the corpus part") {
        paths.extend(support::collection_files(&dir));
    }
    let mut all = Vec::new();
    for p in &paths {
        for l in scan(p) {
            all.push(format!("{}: {l}", p.file_name().unwrap().to_string_lossy()));
        }
    }
    assert!(
        all.is_empty(),
        "literals holding {{{{variables}}}}:\n{}",
        all.join("\n")
    );
}

#[test]
fn the_scan_finds_what_it_looks_for() {
    let file: syn::File = syn::parse_quote! {
        /// Docs may say {{baseUrl}}.
        fn f() {
            req.header("X", "Bearer {{token}}");
            let body = client.expand_variables("{\"id\": {{id}}}")?;
        }
    };
    let mut found = Vec::new();
    literals_with_braces(quote::ToTokens::to_token_stream(&file), &mut found);
    assert_eq!(found, ["\"Bearer {{token}}\""]);
}
