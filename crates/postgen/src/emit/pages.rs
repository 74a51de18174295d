//! Paginated operations: the `runtime::Page` impl of their response type (how a page says
//! which comes next, and what it lists), and the paragraph of their docs that says so. Field
//! names and query parameter names reach the code only as identifiers and literals.

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::{CratePath, ident};
use super::types::{code_span, type_ref};
use crate::model::{FieldStep, NextRule, Operation, PageRule, StructDef};

/// `impl runtime::Page for T`, behind the struct's own `cfg`.
pub fn page_impl(d: &StructDef, root: CratePath, cfg: &TokenStream) -> TokenStream {
    let Some(rule) = &d.page else {
        return TokenStream::new();
    };
    let name = ident(&d.name);
    let page = root.at("runtime::Page");
    let next_page = root.at("runtime::NextPage");
    let item = type_ref(&rule.item, root);
    let items = ident(&rule.items.ident);
    let into_items = if rule.items.optional {
        quote!(self.#items.unwrap_or_default())
    } else {
        quote!(self.#items)
    };
    let next = match &rule.next {
        NextRule::Cursor { param, token } => {
            let token = read(quote!(self), token, false);
            quote!(#next_page::cursor(#param, #token))
        }
        NextRule::After {
            param,
            has_more,
            id,
        } => {
            let has_more = read(quote!(self), std::slice::from_ref(has_more), true);
            let last = if rule.items.optional {
                quote!(self.#items.as_ref().and_then(|items| items.last()))
            } else {
                quote!(self.#items.last())
            };
            let id_field = ident(&id.ident);
            let id = if id.optional {
                quote!(#last.and_then(|item| item.#id_field.as_deref()))
            } else {
                quote!(#last.map(|item| item.#id_field.as_str()))
            };
            quote!(#next_page::after(#param, #has_more, #id))
        }
        NextRule::Number { param, page, count } => {
            let page = read(quote!(self), std::slice::from_ref(page), true);
            let count = read(quote!(self), std::slice::from_ref(count), true);
            quote!(#next_page::number(#param, #page, #count))
        }
        NextRule::Link { url } => {
            let url = read(quote!(self), url, false);
            quote!(#next_page::link(#url))
        }
    };
    quote! {
        #cfg
        impl #page for #name {
            type Item = #item;

            fn next_page(&self) -> Option<#next_page> {
                #next
            }

            fn into_items(self) -> Vec<#item> {
                #into_items
            }
        }
    }
}

/// An `Option` of the value at `steps` from `base`: `Option<&str>` of a string, or the value
/// itself of a `Copy` scalar (`copy`).
fn read(base: TokenStream, steps: &[FieldStep], copy: bool) -> TokenStream {
    let (expr, option) = read_at(base, steps, copy);
    if option { expr } else { quote!(Some(#expr)) }
}

/// The expression, and whether it is an `Option`.
fn read_at(base: TokenStream, steps: &[FieldStep], copy: bool) -> (TokenStream, bool) {
    let Some((first, rest)) = steps.split_first() else {
        return (base, false);
    };
    let f = ident(&first.ident);
    let field = quote!(#base.#f);
    if rest.is_empty() {
        return match (first.optional, copy) {
            (true, false) => (quote!(#field.as_deref()), true),
            (false, false) => (quote!(#field.as_str()), false),
            (_, true) => (field, first.optional),
        };
    }
    if !first.optional {
        return read_at(field, rest, copy);
    }
    let (inner, option) = read_at(quote!(v), rest, copy);
    if option {
        (quote!(#field.as_ref().and_then(|v| #inner)), true)
    } else {
        (quote!(#field.as_ref().map(|v| #inner)), true)
    }
}

/// How the request for the next page is made, in words.
pub fn describe(rule: &PageRule) -> String {
    let read = code_span(&rule.next.read());
    match &rule.next {
        NextRule::Cursor { param, .. } => format!(
            "`{}` set to the page's `{read}` (until that is empty)",
            code_span(param)
        ),
        NextRule::After { param, id, .. } => format!(
            "`{}` set to the page's last item's `{}` (while `{read}` is true)",
            code_span(param),
            code_span(&id.key)
        ),
        NextRule::Number { param, .. } => format!(
            "`{}` set to the next number (up to the page's `{read}`)",
            code_span(param)
        ),
        NextRule::Link { .. } => format!("the query of the page's `{read}`"),
    }
}

/// The `# Pages` section of a paginated operation's docs.
pub fn docs(op: &Operation) -> String {
    let Some(rule) = &op.pages else {
        return String::new();
    };
    format!(
        "\n\n# Pages\n\nPaginated: [`Call::pages`] gives every page, and [`Call::items`] each \
         item of their `{}`, as streams; the request for the next page is this one with {}.",
        code_span(&rule.items.key),
        describe(rule)
    )
}
