//! Structs a caller fills in (query/header parameters, form bodies): a struct with a required
//! field does not derive `Default`, which would let `Form { ..Default::default() }` compile and
//! send an empty required value; it gets `new`, taking the required fields in the struct's
//! order, with every other field unset.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs;
use super::tokens::{ident, scalar_type};
use crate::model::{FormField, GroupShape, Operation, QueryKind, QueryParam, Scalar};

/// How `new` takes a required field.
pub enum Arg {
    Scalar(Scalar),
    File,
    /// A struct of the same module (a group of a form).
    Named(String),
}

/// A field as the constructor sees it.
pub struct Field<'a> {
    pub ident: &'a str,
    /// The type `new` takes a required field as.
    pub arg: Arg,
    /// The value of a field the caller does not pass: `None`, `Vec::new()`, `false`; absent
    /// for a required field.
    pub unset: Option<TokenStream>,
}

/// A query parameter that must be given (its field is neither `Option`, `Vec` nor a flag).
pub fn query_required(q: &QueryParam) -> bool {
    q.kind != QueryKind::Flag && !q.repeated && q.required && q.fallback.is_none()
}

/// The fields of an operation's parameters struct: its query parameters, then its headers
/// (always optional).
pub fn params_fields(op: &Operation) -> Vec<Field<'_>> {
    let mut out: Vec<Field> = op
        .query
        .iter()
        .map(|q| match &q.grouped {
            Some(f) => form_field(f),
            None => Field {
                ident: &q.ident,
                arg: match &q.choices {
                    Some(c) => Arg::Named(c.type_ident.clone()),
                    None => Arg::Scalar(q.ty),
                },
                unset: if query_required(q) {
                    None
                } else if q.kind == QueryKind::Flag {
                    Some(quote!(false))
                } else if q.repeated {
                    Some(quote!(Vec::new()))
                } else {
                    Some(quote!(None))
                },
            },
        })
        .collect();
    for h in &op.headers {
        if let crate::model::HeaderValue::Arg { ident, .. } = &h.value {
            out.push(Field {
                ident,
                arg: Arg::Scalar(Scalar::Str),
                unset: Some(quote!(None)),
            });
        }
    }
    out
}

/// The fields of a form body.
pub fn form_fields(fields: &[FormField]) -> Vec<Field<'_>> {
    fields.iter().map(form_field).collect()
}

/// A field of a form, or a grouped query parameter.
fn form_field(f: &FormField) -> Field<'_> {
    let shape = f.group.as_deref().map(|g| &g.shape);
    Field {
        ident: &f.ident,
        arg: match (shape, &f.choices) {
            (Some(GroupShape::Struct { type_ident, .. }), _) => Arg::Named(type_ident.clone()),
            _ if f.is_file => Arg::File,
            (_, Some(c)) => Arg::Named(c.type_ident.clone()),
            _ => Arg::Scalar(f.ty),
        },
        unset: match shape {
            Some(GroupShape::List { .. }) => Some(quote!(Vec::new())),
            Some(GroupShape::Map) => Some(quote!(std::collections::BTreeMap::new())),
            _ if f.repeated => Some(quote!(Vec::new())),
            _ if f.required => None,
            _ => Some(quote!(None)),
        },
    }
}

/// Whether a struct of these fields derives `Default`: none of them is required.
pub fn derives_default(fields: &[Field]) -> bool {
    fields.iter().all(|f| f.unset.is_some())
}

/// `#[derive(...)]` for the struct, and its `impl` with `new` when some field is required.
pub fn derive_and_new(name: &str, fields: &[Field]) -> (TokenStream, TokenStream) {
    if derives_default(fields) {
        return (
            quote!(#[derive(Debug, Clone, Default, PartialEq)]),
            TokenStream::new(),
        );
    }
    let ty = ident(name);
    let mut args = Vec::new();
    let mut inits = Vec::new();
    let mut names = Vec::new();
    for f in fields {
        let fi = ident(f.ident);
        match &f.unset {
            Some(v) => inits.push(quote!(#fi: #v,)),
            None => {
                names.push(format!("`{}`", f.ident));
                match &f.arg {
                    // Text is taken as anything that becomes a `String`, so literals read plainly.
                    Arg::Scalar(Scalar::Str) => {
                        args.push(quote!(#fi: impl Into<String>));
                        inits.push(quote!(#fi: #fi.into(),));
                    }
                    Arg::Scalar(s) => {
                        let t = scalar_type(*s);
                        args.push(quote!(#fi: #t));
                        inits.push(quote!(#fi,));
                    }
                    Arg::File => {
                        args.push(quote!(#fi: File));
                        inits.push(quote!(#fi,));
                    }
                    Arg::Named(t) => {
                        let t = ident(t);
                        args.push(quote!(#fi: #t));
                        inits.push(quote!(#fi,));
                    }
                }
            }
        }
    }
    let what = if names.len() == fields.len() {
        "Takes every field: all are required".to_owned()
    } else {
        format!(
            "Takes the required fields ({}); the others are unset",
            names.join(", ")
        )
    };
    let doc = docs::attrs(&format!(
        "{what}. (There is no `Default`, which would let a required field be sent empty.)"
    ));
    // Clippy's limit is seven; a form with more required fields takes them all here, by name.
    let allow = (args.len() > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    (
        quote!(#[derive(Debug, Clone, PartialEq)]),
        quote! {
            impl #ty {
                #doc
                #allow
                pub fn new(#(#args),*) -> Self {
                    Self { #(#inits)* }
                }
            }
        },
    )
}
