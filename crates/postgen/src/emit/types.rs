//! Inferred types: the structs of JSON bodies (a module's `type_defs`), and for each operation
//! its Ok type, its error payloads, its error-code enum and the function that decodes its
//! responses.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs;
use super::tokens::{CratePath, ident};
use crate::model::status;
use crate::model::{BodyRole, CodeEnum, FieldDef, OkType, Operation, StructDef, TypeRef, TypeUse};

/// How many uses a shared struct's docs list.
const LISTED_USES: usize = 3;

/// The Rust type `t`, from a module whose root is `root`.
pub fn type_ref(t: &TypeRef, root: CratePath) -> TokenStream {
    match t {
        TypeRef::String => quote!(String),
        TypeRef::I64 => quote!(i64),
        TypeRef::U64 => quote!(u64),
        TypeRef::F64 => quote!(f64),
        TypeRef::Bool => quote!(bool),
        TypeRef::Json => quote!(::serde_json::Value),
        TypeRef::Option(t) => {
            let t = type_ref(t, root);
            quote!(Option<#t>)
        }
        TypeRef::Vec(t) => {
            let t = type_ref(t, root);
            quote!(Vec<#t>)
        }
        TypeRef::Named { module: None, name } => {
            let n = ident(name);
            quote!(#n)
        }
        TypeRef::Named {
            module: Some(path),
            name,
        } => {
            let mut p = path.join("::");
            if !p.is_empty() {
                p.push_str("::");
            }
            p.push_str(name);
            root.at(&p)
        }
    }
}

/// The type of the JSON body argument, borrowed: `&T`, `&[T]` for a list, `&str` for a string.
pub fn body_arg(op: &Operation, root: CratePath) -> TokenStream {
    match &op.types.body {
        Some(TypeRef::Vec(t)) => {
            let t = type_ref(t, root);
            quote!(&[#t])
        }
        Some(TypeRef::String) => quote!(&str),
        Some(t) => {
            let t = type_ref(t, root);
            quote!(&#t)
        }
        None => quote!(&::serde_json::Value),
    }
}

/// What the operation returns on success.
pub fn ok_type(op: &Operation, root: CratePath) -> TokenStream {
    match &op.types.ok {
        OkType::Raw => quote!(Response),
        OkType::Unit => quote!(()),
        OkType::Text => quote!(String),
        OkType::Bytes => quote!(Vec<u8>),
        OkType::Json {
            ty, optional: true, ..
        } => {
            let t = type_ref(ty, root);
            quote!(Option<#t>)
        }
        OkType::Json { ty, .. } => type_ref(ty, root),
    }
}

/// The error enum's type argument: the operation's enum, or `Undocumented`.
pub fn err_type(op: &Operation) -> TokenStream {
    match &op.error_type {
        Some(e) => {
            let e = ident(e);
            quote!(#e)
        }
        None => quote!(Undocumented),
    }
}

/// Whether some error variant's payload may be large (clippy's `large_enum_variant` and
/// `result_large_err` are then allowed: payloads stay unboxed so that `match` reads naturally).
fn typed_errors(op: &Operation) -> bool {
    op.error_type.is_some() && op.types.large_errors
}

/// Attributes for a function returning `Result<_, Error<E>>` of this operation.
pub fn result_allows(op: &Operation) -> TokenStream {
    if typed_errors(op) {
        quote!(#[allow(clippy::result_large_err)])
    } else {
        TokenStream::new()
    }
}

/// The type of the decoded JSON body the variant for `status` carries; `None`: the raw body.
fn json_payload(op: &Operation, status: u16) -> Option<&TypeRef> {
    op.types
        .errors
        .iter()
        .find(|e| e.status == status)
        .and_then(|e| e.json.as_ref())
}

/// The payload type of the error variant for `status`.
pub fn error_payload(op: &Operation, status: u16, root: CratePath) -> TokenStream {
    match json_payload(op, status) {
        Some(t) => type_ref(t, root),
        None => quote!(Body),
    }
}

/// Attributes of the error enum.
pub fn error_enum_attrs(op: &Operation) -> TokenStream {
    if typed_errors(op) {
        quote!(#[allow(clippy::large_enum_variant)])
    } else {
        TokenStream::new()
    }
}

/// `decode_<op>(response)`: classifies a response of the operation; the operation's `Call`
/// holds it (and the crate's own tests feed it saved responses). Not generic and not async, to
/// keep large crates quick to compile.
pub fn decode_fn(op: &Operation, statuses: &[u16], root: CratePath) -> TokenStream {
    let name = ident(&op.decode_fn);
    let ok = ok_type(op, root);
    let err = err_type(op);
    let mut arms = Vec::new();
    match &op.types.ok {
        OkType::Raw => arms.push(quote!(200..=299 => Ok(response),)),
        OkType::Unit => arms.push(quote!(200..=299 => Ok(()),)),
        OkType::Text => arms.push(quote!(200..=299 => Ok(response.text()),)),
        OkType::Bytes => arms.push(quote!(200..=299 => Ok(response.into_body().into_bytes()),)),
        OkType::Json {
            optional: false, ..
        } => arms.push(quote!(200..=299 => Ok(response.decode_json()?),)),
        OkType::Json { empty, .. } => {
            if !empty.is_empty() {
                let s = empty
                    .iter()
                    .map(|s| proc_macro2::Literal::u16_unsuffixed(*s));
                arms.push(quote!(#(#s)|* => Ok(None),));
            }
            arms.push(quote!(200..=299 if response.body().is_empty() => Ok(None),));
            arms.push(quote!(200..=299 => Ok(Some(response.decode_json()?)),));
        }
    }
    if let Some(e) = &op.error_type {
        let e = ident(e);
        let api = quote!(Error::Api);
        for &status in statuses {
            let v = ident(&status::variant(status));
            let body = if json_payload(op, status).is_some() {
                quote!(response.decode_json()?)
            } else {
                quote!(response.into_body())
            };
            let status = proc_macro2::Literal::u16_unsuffixed(status);
            arms.push(quote!(#status => Err(#api(#e::#v(#body))),));
        }
    }
    arms.push(quote!(_ => Err(response.unexpected()),));
    let allow = result_allows(op);
    quote! {
        #allow
        pub(crate) fn #name(response: Response) -> Result<#ok, Error<#err>> {
            match response.status() { #(#arms)* }
        }
    }
}

/// The error enum's `code()` and the enum of documented codes, when the operation documents any.
pub fn codes(op: &Operation, statuses: &[u16], fn_link: &str) -> TokenStream {
    let (Some(codes), Some(error)) = (&op.types.codes, &op.error_type) else {
        return TokenStream::new();
    };
    let e = ident(error);
    let c = ident(&codes.name);
    let arms = statuses.iter().map(|&status| {
        let v = ident(&status::variant(status));
        if json_payload(op, status).is_some() {
            quote!(Self::#v(b) => ::serde_json::to_value(b).ok()?,)
        } else {
            quote!(Self::#v(b) => b.json().ok()?,)
        }
    });
    let code_doc = docs::attrs(&format!(
        "The application error code in the body's `code` field, if it has one (a number, or a \
         string of digits): one of [`{}`] the collection documents, or `Other`.",
        codes.name
    ));
    let enum_def = code_enum(codes, error, fn_link);
    quote! {
        impl #e {
            #code_doc
            pub fn code(&self) -> Option<#c> {
                let body: ::serde_json::Value = match self { #(#arms)* };
                let code = body.get("code")?;
                code.as_i64()
                    .or_else(|| code.as_str()?.trim().parse().ok())
                    .map(#c::from_code)
            }
        }

        #enum_def
    }
}

fn code_enum(codes: &CodeEnum, error: &str, fn_link: &str) -> TokenStream {
    let name = ident(&codes.name);
    let mut variants = Vec::new();
    let mut from = Vec::new();
    let mut to = Vec::new();
    for c in &codes.codes {
        let v = ident(&c.ident);
        let statuses: Vec<String> = c
            .statuses
            .iter()
            .map(|s| match status::reason(*s) {
                Some(r) => format!("`{s} {r}`"),
                None => format!("`{s}`"),
            })
            .collect();
        let mut d = format!("Error code `{}` ({}).", c.code, statuses.join(", "));
        for m in &c.meanings {
            let text = docs::sanitize(m);
            if !text.is_empty() {
                d.push_str("\n\n");
                d.push_str(&text);
            }
        }
        let doc = docs::attrs(&d);
        variants.push(quote!(#doc #v,));
        let code = proc_macro2::Literal::i64_unsuffixed(c.code);
        from.push(quote!(#code => Self::#v,));
        to.push(quote!(Self::#v => #code,));
    }
    let doc = docs::attrs(&format!(
        "The application error codes {fn_link} documents, as [`{error}::code`] reads them."
    ));
    quote! {
        #doc
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum #name {
            #(#variants)*
            /// A code the collection does not document.
            Other(i64),
        }

        impl #name {
            /// The variant for `code`.
            pub fn from_code(code: i64) -> Self {
                match code {
                    #(#from)*
                    other => Self::Other(other),
                }
            }

            /// The numeric code.
            pub fn code(self) -> i64 {
                match self {
                    #(#to)*
                    Self::Other(code) => code,
                }
            }
        }
    }
}

/// One struct with its serde attributes and docs, behind `cfg`.
pub fn struct_def(d: &StructDef, root: CratePath, cfg: TokenStream) -> TokenStream {
    let name = ident(&d.name);
    let fields = d.fields.iter().map(|f| {
        let fi = ident(&f.ident);
        let ty = type_ref(&f.ty, root);
        let key = &f.key;
        let rename = (f.ident != f.key).then(|| quote!(#[serde(rename = #key)]));
        let lenient = f.lenient.then(|| lenient_decoder(&f.ty)).flatten();
        // `None` is left out of what is sent; a type that is never sent needs no such rule.
        let skip = d
            .serialized
            .then(|| quote!(skip_serializing_if = "Option::is_none"));
        let with = |path: &str| {
            let with = root.doc(path);
            quote!(deserialize_with = #with)
        };
        let args: Vec<TokenStream> = match (f.ty.is_option(), f.skip_if_none) {
            _ if f.keeps_null => [
                Some(quote!(default)),
                skip,
                Some(with("runtime::fields::present")),
            ]
            .into_iter()
            .flatten()
            .collect(),
            _ if lenient.is_some() => [
                Some(quote!(default)),
                skip,
                Some(with(lenient.unwrap_or_default())),
            ]
            .into_iter()
            .flatten()
            .collect(),
            (true, true) => [Some(quote!(default)), skip]
                .into_iter()
                .flatten()
                .collect(),
            (true, false) => vec![quote!(default)],
            // Examples said nothing of its shape: a missing key reads as `null`.
            (false, _) if f.ty == TypeRef::Json => vec![quote!(default)],
            (false, _) => Vec::new(),
        };
        let optional = (!args.is_empty()).then(|| quote!(#[serde(#(#args),*)]));
        let doc = field_docs(f);
        let doc = (!doc.is_empty()).then(|| docs::attrs(&doc));
        quote! {
            #doc
            #rename
            #optional
            pub #fi: #ty,
        }
    });
    let doc = docs::attrs(&struct_docs(d, root));
    // Only the serde impls the generated code uses: each is a good part of a big crate's compile
    // time. Request bodies are also read from the collection's examples by the example calls.
    let mut derives = vec![quote!(Debug), quote!(Clone), quote!(PartialEq)];
    if d.serialized {
        derives.push(quote!(::serde::Serialize));
    }
    if d.deserialized {
        derives.push(quote!(::serde::Deserialize));
    }
    let examples = (!d.deserialized && !root.relative)
        .then(|| quote!(#[cfg_attr(feature = "examples", derive(::serde::Deserialize))]));
    // The mock's typed stubs send response and error bodies, which a test writes as
    // `T { id: Some(1), ..Default::default() }` (their fields are optional).
    let mut mock_derives = Vec::new();
    if !d.serialized {
        mock_derives.push(quote!(::serde::Serialize));
    }
    if d.deserialized {
        mock_derives.push(quote!(Default));
    }
    let mock = (!mock_derives.is_empty() && !root.relative)
        .then(|| quote!(#[cfg_attr(feature = "mock", derive(#(#mock_derives),*))]));
    quote! {
        #doc
        #cfg
        #[derive(#(#derives),*)]
        #examples
        #mock
        pub struct #name { #(#fields)* }
    }
}

/// The runtime's lenient decoder for a field of type `ty` (an optional scalar), if it has one.
fn lenient_decoder(ty: &TypeRef) -> Option<&'static str> {
    let TypeRef::Option(inner) = ty else {
        return None;
    };
    Some(match **inner {
        TypeRef::I64 => "runtime::lenient::int",
        TypeRef::U64 => "runtime::lenient::uint",
        TypeRef::F64 => "runtime::lenient::float",
        TypeRef::Bool => "runtime::lenient::boolean",
        TypeRef::String => "runtime::lenient::string",
        _ => return None,
    })
}

/// A field's docs: its JSON key where the field is named otherwise, an example value, and how
/// `None` is sent where that needs saying.
fn field_docs(f: &FieldDef) -> String {
    let mut d = Vec::new();
    if f.ident != f.key {
        d.push(format!("JSON key `{}`.", code_span(&f.key)));
    }
    if let Some(e) = &f.example {
        d.push(format!("Example: `{}`.", code_span(e)));
    }
    if f.keeps_null {
        d.push(
            if matches!(&f.ty, TypeRef::Option(inner) if inner.is_option()) {
                "`None` leaves the key out; `Some(None)` sends `null`."
            } else {
                "`None` leaves the key out; `Some(Value::Null)` sends `null`."
            }
            .to_owned(),
        );
    }
    d.join(" ")
}

/// Text made safe inside a Markdown code span: no backtick to end it, one line.
pub(super) fn code_span(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '`' => '\'',
            c if c.is_control() => ' ',
            c => c,
        })
        .collect()
}

fn struct_docs(d: &StructDef, root: CratePath) -> String {
    let place = |u: &TypeUse| {
        let mut path = u.module.join("::");
        if !path.is_empty() {
            path.push_str("::");
        }
        let link = format!(
            "[`{}::{}`]({})",
            u.handle,
            u.op,
            root.doc(&format!("{path}{}::{}", u.handle, u.op))
        );
        let body = match u.role {
            BodyRole::Request => "the JSON body".to_owned(),
            BodyRole::Success => "the response".to_owned(),
            BodyRole::Error(s) => match status::reason(s) {
                Some(r) => format!("the `{s} {r}` error"),
                None => format!("the `{s}` error"),
            },
        };
        if u.path.is_empty() {
            format!("{body} of {link}")
        } else if u.path == "[]" {
            format!("an item of {body} of {link}")
        } else {
            let path: String = u
                .path
                .chars()
                .map(|c| match c {
                    '`' => '\'',
                    c if c.is_control() => ' ',
                    c => c,
                })
                .collect();
            format!("`{path}` in {body} of {link}")
        }
    };
    match d.uses.as_slice() {
        [] => String::new(),
        [u] => format!("{}.", capitalise(&place(u))),
        uses => {
            let mut s = format!("Used in {} places:\n", uses.len());
            for u in uses.iter().take(LISTED_USES) {
                s.push_str(&format!("\n- {}", place(u)));
            }
            if uses.len() > LISTED_USES {
                s.push_str(&format!("\n- and {} more", uses.len() - LISTED_USES));
            }
            s
        }
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}
