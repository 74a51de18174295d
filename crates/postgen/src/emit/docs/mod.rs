//! Doc comments of generated code: collection text made safe Markdown ([`markdown`]) and turned
//! into doc attributes that stay comments whatever they hold, set aside while emitting
//! ([`placeholder`]).

mod markdown;
mod placeholder;
#[cfg(test)]
mod tests;
mod wrap;

use proc_macro2::TokenStream;
use quote::quote;

pub use markdown::sanitize;
use placeholder::set_aside;
pub use placeholder::{MARK, collect, expand};

/// `#[doc = "..."]` attributes, one per line of `text` (already sanitised); inside [`collect`],
/// one placeholder for them all.
pub fn attrs(text: &str) -> TokenStream {
    if let Some(marker) = set_aside(text) {
        return quote!(#[doc = #marker]);
    }
    let lines = doc_lines(text).map(|l| quote!(#[doc = #l]));
    quote!(#(#lines)*)
}

/// `#![doc = "..."]`: the same as inner attributes (module and crate docs).
pub fn inner_attrs(text: &str) -> TokenStream {
    if let Some(marker) = set_aside(text) {
        return quote!(#![doc = #marker]);
    }
    let lines = doc_lines(text).map(|l| quote!(#![doc = #l]));
    quote!(#(#lines)*)
}

/// The value of each line's doc attribute: ` line`, or nothing for a blank line. Whatever the
/// text, a line holds no control character (a `\r` would end a `///` comment for some tools and
/// is an error in one for rustc) and no bidirectional override (rustc denies those in comments:
/// `text_direction_codepoint_in_comment`), nor the placeholder mark: each line stays one
/// comment, and the crate compiles.
/// Long prose lines are wrapped ([`wrap`]).
pub(super) fn doc_lines(text: &str) -> impl Iterator<Item = String> {
    let text = wrap::wrap(text);
    let lines: Vec<String> = text
        .lines()
        .map(|l| {
            if l.is_empty() {
                return String::new();
            }
            let mut out = String::with_capacity(l.len() + 1);
            out.push(' ');
            if l.bytes().all(|b| (b' '..b'\x7f').contains(&b)) {
                // Printable ASCII, the common case: nothing to drop.
                out.push_str(l);
                return out;
            }
            out.extend(l.chars().filter_map(|c| match c {
                '\t' => Some(' '),
                c if c.is_control() || is_bidi_control(c) || c == MARK => None,
                c => Some(c),
            }));
            out
        })
        .collect();
    lines.into_iter()
}

/// The characters rustc's `text_direction_codepoint_in_comment` lint denies.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// A folder or collection name, made safe to stand inside `*...*` on one line.
pub fn one_line_title(title: &str) -> String {
    let s = sanitize(title);
    let s: Vec<&str> = s.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    let s = s.join(" ").replace('*', "\\*");
    if s.is_empty() {
        "(unnamed)".to_owned()
    } else {
        s
    }
}
