//! The tokens of an `oauth1` request's auth: the collection's settings as a `&'static`
//! `runtime::OAuth1Settings` literal (every text a string literal, through `quote`).

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::OAuth1;

/// `runtime::Auth::OAuth1(&runtime::OAuth1Settings { .. })`.
pub fn auth_tokens(o: &OAuth1) -> TokenStream {
    let auth = quote!(runtime::Auth);
    let settings = quote!(runtime::OAuth1Settings);
    let OAuth1 {
        signature_method,
        in_header,
        realm,
        version,
        include_body_hash,
        add_empty_params_to_sign,
        disable_header_encoding,
    } = o;
    quote!(#auth::OAuth1(&#settings {
        signature_method: #signature_method,
        in_header: #in_header,
        realm: #realm,
        version: #version,
        include_body_hash: #include_body_hash,
        add_empty_params_to_sign: #add_empty_params_to_sign,
        disable_header_encoding: #disable_header_encoding,
    }))
}
