//! One module file: a folder of the collection. It holds a handle struct whose methods are the
//! folder's requests, accessors for its sub-folders, and the types its operations own. The crate
//! root is the same, with `Client` as the handle.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs;
use super::features::Features;
use super::operation;
use super::pages;
use super::tokens::{self, CratePath, ident};
use super::types;
use crate::model::{Api, Module};

/// The items of a non-root module (without its sub-module declarations). `root` reaches the API
/// root from inside it; `parent_accessor` is the doc path of the method that returns its handle.
pub fn module(
    api: &Api,
    m: &Module,
    root: CratePath,
    parent_accessor: &str,
    children: TokenStream,
) -> TokenStream {
    let handle = ident(&m.handle);
    let mod_doc = {
        let mut d = format!(
            "Requests in the folder *{}*.",
            docs::one_line_title(&m.title)
        );
        if let Some(desc) = &m.docs {
            d.push_str("\n\n");
            d.push_str(&docs::sanitize(desc));
        }
        docs::inner_attrs(&d)
    };
    let accessors = accessors(m, &quote!(self.client), &Features::none());
    let client = quote!(self.client);
    let methods = m
        .operations
        .iter()
        .map(|op| operation::method(api, op, &client, &m.handle, root));
    let types = m
        .operations
        .iter()
        .map(|op| operation::types(op, &m.handle, root));
    let type_defs = defs(m, root, &Features::none());
    let short: Vec<&str> = parent_accessor.rsplit("::").take(2).collect();
    let handle_doc = docs::attrs(&format!(
        "The requests in the folder *{}*; get it from [`{}::{}`]({}).",
        docs::one_line_title(&m.title),
        short.get(1).unwrap_or(&""),
        short.first().unwrap_or(&""),
        root.doc(parent_accessor)
    ));
    let items = quote! {
        #handle_doc
        #[derive(Clone, Copy, Debug)]
        pub struct #handle<'a> {
            client: &'a Client,
        }

        impl<'a> #handle<'a> {
            pub(crate) fn new(client: &'a Client) -> Self {
                Self { client }
            }

            #(#accessors)*
            #(#methods)*
        }

        #(#types)*
        #type_defs
    };
    let uses = tokens::root_uses(root, &items);
    quote! {
        #mod_doc
        #children
        #uses

        #items
    }
}

/// Methods returning the handles of `m`'s sub-folders (each behind its folder's feature).
pub fn accessors(m: &Module, client: &TokenStream, features: &Features) -> Vec<TokenStream> {
    m.modules
        .iter()
        .map(|c| {
            let cfg = features.cfg_folder(&c.ident);
            let acc = ident(&c.accessor);
            let module = ident(&c.ident);
            let handle = ident(&c.handle);
            let doc = docs::attrs(&format!(
                "The requests in the folder *{}*.",
                docs::one_line_title(&c.title)
            ));
            let lifetime = if client.to_string() == "self" {
                quote!('_)
            } else {
                quote!('a)
            };
            quote! {
                #doc
                #cfg
                pub fn #acc(&self) -> #module::#handle<#lifetime> {
                    #module::#handle::new(#client)
                }
            }
        })
        .collect()
}

/// The structs a module defines, each behind the features of the folders that use it (at the
/// crate root; see [`Features::cfg_uses`]).
pub fn defs(m: &Module, root: CratePath, features: &Features) -> TokenStream {
    let defs = m.type_defs.iter().map(|d| {
        let cfg = features.cfg_uses(&d.uses);
        let page = pages::page_impl(d, root, &cfg);
        let def = types::struct_def(d, root, cfg);
        quote!(#def #page)
    });
    let enums = super::choices::enums(&m.enums);
    quote!(#(#defs)* #enums)
}
