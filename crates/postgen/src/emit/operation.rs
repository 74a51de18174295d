//! One operation: its async method on the module's handle, and the types it owns (query/header
//! parameters, form body, error enum).

use proc_macro2::TokenStream;
use quote::quote;

use super::constructor;
use super::docs;
use super::tokens::{CratePath, ident, pieces, str_of};
use super::types;
use crate::model::status;
use crate::model::{
    Api, Auth, Body, HeaderValue, OkType, Operation, PathPart, QueryKind, QueryParam, Scalar,
};

/// The method, placed in the `impl` of the module's handle. `client` is how the method reaches
/// the `Client` (`self` at the crate root, `self.client` in a module). It builds the request
/// and returns it as a `Call`, which sends it when awaited.
pub fn method(
    api: &Api,
    op: &Operation,
    client: &TokenStream,
    handle: &str,
    root: CratePath,
) -> TokenStream {
    let name = ident(&op.ident);
    let mut args = Vec::new();
    for p in &op.path_params {
        let a = ident(&p.ident);
        let ty = match p.ty {
            Scalar::Str => quote!(&str),
            Scalar::Int => quote!(i64),
            Scalar::Bool => quote!(bool),
        };
        args.push(quote!(#a: #ty));
    }
    let params = ident(&op.params_arg);
    if let Some(t) = &op.params_type {
        let t = ident(t);
        args.push(quote!(#params: &#t));
    }
    let body_arg = ident(&op.body_arg);
    match &op.body {
        Some(Body::Json { .. }) => {
            let t = types::body_arg(op, root);
            args.push(quote!(#body_arg: #t))
        }
        Some(Body::GraphQl { .. }) => args.push(quote!(#body_arg: Option<&serde_json::Value>)),
        Some(Body::Text { .. }) => args.push(quote!(#body_arg: &str)),
        Some(Body::UrlEncoded { type_ident, .. } | Body::Multipart { type_ident, .. }) => {
            let t = ident(type_ident);
            args.push(quote!(#body_arg: &#t));
        }
        Some(Body::Binary { .. }) => {
            let t = quote!(Binary);
            args.push(quote!(#body_arg: #t))
        }
        None => {}
    }

    let ok_type = types::ok_type(op, root);
    let err_type = types::err_type(op);

    let mut stmts = Vec::new();
    let method = method_tokens(&op.method);
    let host = ident(
        api.hosts
            .get(op.host)
            .map_or("Default", |h| h.ident.as_str()),
    );
    stmts.push(quote!(let mut req = #client.request(#method, Host::#host);));
    stmts.extend(super::captures::presets_stmt(op));
    if let Some(a) = auth_tokens(&op.auth) {
        stmts.push(quote!(req.auth(#a);));
        if let Some((var, _)) = &op.credential_var {
            stmts.push(quote!(req.credential_var(#var);));
        }
    }
    for part in &op.path {
        stmts.push(match part {
            PathPart::Lit(s) => quote!(req.path(#s);),
            PathPart::Param(i) => {
                let p = &op.path_params[*i];
                let a = ident(&p.ident);
                let v = str_of(quote!(#a), true, p.ty);
                quote!(req.path_var(#v);)
            }
            PathPart::Template(t) => {
                let t = pieces(t);
                quote!(req.path_tpl(#t);)
            }
        });
    }
    for q in &op.query {
        stmts.push(match &q.grouped {
            Some(f) => super::form::query_stmts(f, &params),
            None => query_stmt(q, &params),
        });
    }
    for h in &op.headers {
        let name = &h.name;
        stmts.push(match &h.value {
            HeaderValue::Static(v) => quote!(req.header(#name, #v);),
            HeaderValue::Template(t) => {
                let t = pieces(t);
                quote!(req.header_tpl(#name, #t);)
            }
            HeaderValue::Arg { ident: i, .. } => {
                let f = ident(i);
                quote!(req.header_opt(#name, &#params.#f);)
            }
        });
    }
    match &op.body {
        Some(Body::Json { content_type, .. }) => {
            let ct = opt_str(content_type.as_deref());
            stmts.push(quote!(req.json(#ct, #body_arg);));
        }
        Some(Body::Text { content_type, .. }) => {
            stmts.push(quote!(req.body(Some(#content_type), #body_arg.as_bytes().to_vec());));
        }
        Some(Body::UrlEncoded { fields, .. }) => {
            stmts.push(super::form::stmts(fields, false, &body_arg));
        }
        Some(Body::Multipart { fields, .. }) => {
            stmts.push(super::form::stmts(fields, true, &body_arg));
        }
        Some(Body::Binary { content_type, .. }) => {
            let ct = opt_str(content_type.as_deref());
            stmts.push(quote!(req.binary(#ct, #body_arg);));
        }
        Some(Body::GraphQl { query, .. }) => {
            let q = pieces(query);
            stmts.push(quote!(req.graphql(#q, #body_arg);));
        }
        None => {}
    }
    stmts.extend(super::captures::captures_stmt(op));
    let decode = ident(&op.decode_fn);
    if stmts.len() == 1 {
        // Nothing to add to the request (no path, auth, headers or body).
        stmts[0] = quote!(let req = #client.request(#method, Host::#host););
    }
    stmts.push(quote!(Call::new(req, #decode)));

    let doc = docs::attrs(&method_docs(op, handle));
    let allow = (args.len() > 6).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    // The handle's lifetime (`Client` itself at the root).
    let lifetime = if client.to_string() == "self" {
        quote!('_)
    } else {
        quote!('a)
    };
    quote! {
        #doc
        #allow
        pub fn #name(&self, #(#args),*) -> Call<#lifetime, #ok_type, #err_type> {
            #(#stmts)*
        }
    }
}

fn query_stmt(q: &QueryParam, params: &proc_macro2::Ident) -> TokenStream {
    let key = &q.key;
    let f = ident(&q.ident);
    if q.kind == QueryKind::Flag {
        return quote!(if #params.#f { req.query_flag(#key); });
    }
    let v = super::choices::text(quote!(v), true, q.ty, q.choices.as_ref());
    if q.repeated {
        return quote!(for v in &#params.#f { req.query(#key, #v); });
    }
    match (&q.fallback, optional(q)) {
        (Some(t), _) => {
            let t = pieces(t);
            quote! {
                match &#params.#f {
                    Some(v) => req.query(#key, #v),
                    None => req.query_tpl(#key, #t),
                }
            }
        }
        // A shared helper: one line per parameter, no branch of its own in every operation.
        (None, true) => quote!(req.query_opt(#key, &#params.#f);),
        (None, false) => {
            let v = super::choices::text(quote!(#params.#f), false, q.ty, q.choices.as_ref());
            quote!(req.query(#key, #v);)
        }
    }
}

fn optional(q: &QueryParam) -> bool {
    !q.required || q.fallback.is_some()
}

/// The type of a query parameter's field in the params struct.
fn query_field_type(q: &QueryParam) -> TokenStream {
    if q.kind == QueryKind::Flag {
        return quote!(bool);
    }
    let t = super::choices::field_type(q.ty, q.choices.as_ref());
    if q.repeated {
        quote!(Vec<#t>)
    } else if optional(q) {
        quote!(Option<#t>)
    } else {
        t
    }
}

fn method_tokens(m: &str) -> TokenStream {
    let method = quote!(runtime::Method);
    match m {
        "GET" | "POST" | "PUT" | "DELETE" | "PATCH" | "HEAD" | "OPTIONS" | "TRACE" | "CONNECT" => {
            let i = ident(m);
            quote!(#method::#i)
        }
        other => {
            // Checked to be an RFC 9110 token when the model was built, so this cannot fail.
            let bytes = proc_macro2::Literal::byte_string(other.as_bytes());
            quote!(#method::from_bytes(#bytes).unwrap_or_default())
        }
    }
}

fn auth_tokens(a: &Auth) -> Option<TokenStream> {
    let auth = quote!(runtime::Auth);
    Some(match a {
        Auth::None => return None,
        Auth::Bearer => quote!(#auth::Bearer),
        Auth::OAuth2 { prefix } => quote!(#auth::OAuth2 { prefix: #prefix }),
        Auth::Basic => quote!(#auth::Basic),
        Auth::ApiKey { name, in_query } => {
            let loc = if *in_query {
                quote!(runtime::ApiKeyLocation::Query)
            } else {
                quote!(runtime::ApiKeyLocation::Header)
            };
            quote!(#auth::ApiKey { name: #name, location: #loc })
        }
        Auth::OAuth1(o) => super::oauth1::auth_tokens(o),
        Auth::Signed { scheme } => quote!(#auth::Signed { scheme: #scheme }),
    })
}

fn opt_str(s: Option<&str>) -> TokenStream {
    match s {
        Some(s) => quote!(Some(#s)),
        None => quote!(None),
    }
}

/// The operation's doc comment: title, description, the request line, documented responses.
fn method_docs(op: &Operation, handle: &str) -> String {
    let mut d = String::new();
    d.push_str(&one_line(&op.title));
    d.push_str("\n\n");
    if let Some(desc) = &op.docs {
        d.push_str(&docs::sanitize(desc));
        d.push_str("\n\n");
    }
    d.push_str(&format!("`{} {}`", op.method, op.path_template()));
    if op.types.ok == OkType::Raw {
        d.push_str(
            "\n\nThe collection saves no response to this request, so what it returns is not \
             typed: awaiting the call gives the [`Response`] as received; decode its body with \
             [`Response::json`] into a type of yours.",
        );
    }
    if !op.responses.is_empty() {
        d.push_str("\n\n# Responses\n\n");
        let mut seen = Vec::new();
        for r in &op.responses {
            if seen.contains(&r.status) {
                continue;
            }
            seen.push(r.status);
            let summary = one_line(&r.name);
            let target = match (&op.error_type, r.is_success()) {
                (Some(e), false) => format!(" ([`{e}::{}`])", status::variant(r.status)),
                _ => String::new(),
            };
            d.push_str(&format!("- `{}`{target}: {summary}\n", r.status));
        }
    }
    // Sections that follow the list of responses, each after one blank line.
    for section in [super::pages::docs(op), super::captures::docs(op)] {
        if !section.is_empty() {
            d.truncate(d.trim_end().len());
            d.push_str(&section);
        }
    }
    let _ = handle;
    d
}

/// Sanitised Markdown on one line (for titles and list items).
fn one_line(s: &str) -> String {
    let text = docs::sanitize(s);
    let joined: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let joined = joined.join(" ");
    // A line that starts like a heading, list or quote would change the structure of the list
    // it is in.
    let mut t = joined.as_str();
    loop {
        let before = t;
        for marker in ["- ", "* ", "+ ", "> ", "#"] {
            t = t.strip_prefix(marker).unwrap_or(t).trim_start();
        }
        if t == before {
            break;
        }
    }
    t.to_owned()
}

/// The types an operation owns: params struct, form struct, error enum (with its error codes),
/// and the function that decodes its responses.
pub fn types(op: &Operation, handle: &str, root: CratePath) -> TokenStream {
    let mut out = TokenStream::new();
    let fn_link = format!("[`{handle}::{}`]", op.ident);
    if let Some(t) = &op.params_type {
        let name = ident(t);
        let mut fields = Vec::new();
        // The structs of grouped query parameters, after the parameters struct.
        let mut nested = TokenStream::new();
        for q in &op.query {
            if let Some(g) = &q.grouped {
                fields.push(super::form::query_field(g, &mut nested));
                continue;
            }
            let f = ident(&q.ident);
            let ty = query_field_type(q);
            let mut d = format!("Query parameter `{}`.", q.key.replace('`', "'"));
            if q.required {
                d.push_str(" Required.");
            }
            if let Some(desc) = &q.docs {
                d.push_str("\n\n");
                d.push_str(&docs::sanitize(desc));
            }
            if q.fallback.is_some() {
                d.push_str("\n\nWhen `None`, the value of the collection's variable is sent.");
            }
            let doc = docs::attrs(&d);
            fields.push(quote!(#doc pub #f: #ty,));
        }
        for h in &op.headers {
            if let HeaderValue::Arg { ident: i, .. } = &h.value {
                let f = ident(i);
                let mut d = format!(
                    "Header `{}`; not sent when `None`.",
                    h.name.replace('`', "'")
                );
                if let Some(desc) = &h.docs {
                    d.push_str("\n\n");
                    d.push_str(&docs::sanitize(desc));
                }
                let doc = docs::attrs(&d);
                fields.push(quote!(#doc pub #f: Option<String>,));
            }
        }
        let doc = docs::attrs(&format!("Query and header parameters of {fn_link}."));
        let (derive, new) = constructor::derive_and_new(t, &constructor::params_fields(op));
        out.extend(quote! {
            #doc
            #derive
            pub struct #name { #(#fields)* }
            #new
        });
        out.extend(nested);
    }
    match &op.body {
        Some(Body::UrlEncoded { type_ident, fields }) => {
            out.extend(super::form::structs(type_ident, fields, false, &fn_link));
        }
        Some(Body::Multipart { type_ident, fields }) => {
            out.extend(super::form::structs(type_ident, fields, true, &fn_link));
        }
        _ => {}
    }
    let statuses = op.error_statuses();
    if let Some(e) = &op.error_type {
        let name = ident(e);
        let mut variants = Vec::new();
        for &status in &statuses {
            let v = ident(&status::variant(status));
            let mut d = format!(
                "`{status}`{}",
                status::reason(status)
                    .map(|r| format!(" {r}"))
                    .unwrap_or_default()
            );
            for r in op.responses.iter().filter(|r| r.status == status) {
                let text = docs::sanitize(&r.name);
                if !text.is_empty() {
                    d.push_str("\n\n");
                    d.push_str(&text);
                }
            }
            let doc = docs::attrs(&d);
            let body = types::error_payload(op, status, root);
            variants.push(quote!(#doc #v(#body),));
        }
        let doc = docs::attrs(&format!(
            "The error statuses {fn_link} documents; any other status is [`{}`].",
            root.doc("Error::UnexpectedStatus")
        ));
        let allow = types::error_enum_attrs(op);
        out.extend(quote! {
            #doc
            #[derive(Debug, Clone, PartialEq)]
            #allow
            pub enum #name { #(#variants)* }
        });
        out.extend(types::codes(op, &statuses, &fn_link));
    }
    out.extend(types::decode_fn(op, &statuses, root));
    out
}
