//! The enums of documented values (`model::choices`): a variant per value, `Other` for any
//! other, `as_str` for what is sent, and the runtime's `Param` so that the shared helpers send
//! them like any parameter.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs;
use super::tokens::{ident, scalar_type, str_of};
use crate::model::{Choices, EnumDef, Scalar};

/// The enums a module defines.
pub fn enums(defs: &[EnumDef]) -> TokenStream {
    defs.iter().map(one).collect()
}

fn one(d: &EnumDef) -> TokenStream {
    let name = ident(&d.name);
    let listed: Vec<String> = d
        .variants
        .iter()
        .map(|(_, v)| format!("`{}`", v.replace('`', "'")))
        .collect();
    let doc = docs::attrs(&format!(
        "The values the collection documents: {}. `Other` sends any other value as it is.",
        listed.join(", ")
    ));
    let variants = d.variants.iter().map(|(i, v)| {
        let i = ident(i);
        let doc = docs::attrs(&format!("`{}`", v.replace('`', "'")));
        quote!(#doc #i,)
    });
    let arms = d.variants.iter().map(|(i, v)| {
        let i = ident(i);
        quote!(Self::#i => #v,)
    });
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum #name {
            #(#variants)*
            /// A value the collection does not document, sent as it is.
            Other(String),
        }

        impl #name {
            /// The value as sent.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#arms)*
                    Self::Other(value) => value,
                }
            }
        }

        impl runtime::Param for #name {
            fn with_text<R>(&self, f: impl FnOnce(&str) -> R) -> R {
                f(self.as_str())
            }
        }
    }
}

/// The value of `choices`' enum for an example value: its variant, or `Other`.
pub fn value(ty: TokenStream, choices: &Choices, example: &str) -> TokenStream {
    match choices.variants.iter().find(|(_, v)| v == example) {
        Some((i, _)) => {
            let i = ident(i);
            quote!(#ty::#i)
        }
        None => quote!(#ty::Other(#example.to_owned())),
    }
}

/// An expression giving `&str` for `place`, which holds a value of the field's type (by
/// reference when `is_ref`): `as_str()` of an enum, else as [`str_of`] gives it.
pub fn text(
    place: TokenStream,
    is_ref: bool,
    ty: Scalar,
    choices: Option<&Choices>,
) -> TokenStream {
    match choices {
        Some(_) => quote!(#place.as_str()),
        None => str_of(place, is_ref, ty),
    }
}

/// The field's type: its enum, or its scalar's.
pub fn field_type(ty: Scalar, choices: Option<&Choices>) -> TokenStream {
    match choices {
        Some(c) => {
            let t = ident(&c.type_ident);
            quote!(#t)
        }
        None => scalar_type(ty),
    }
}
