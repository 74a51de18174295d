//! `src/examples.rs` of a generated crate, behind its cargo feature `examples`: for every
//! operation, an async function that calls it with the collection's own example values, so that
//! `cargo doc --features examples` shows how each request is made, and a list (`ALL`) to run them
//! all (the newman harness of this repository does, `tests/newman.rs`).
//!
//! What each argument gets, mirroring what Postman (newman) sends:
//! - path parameters: the `url.variable` value, or the variable's value; a colon parameter
//!   without a value is sent as its placeholder (`:id`), as newman does;
//! - query parameters, form fields and header arguments: the enabled ones, with their example
//!   values; disabled ones are left unset (newman does not send them), and so are fields whose
//!   value is a collection variable (the generated code then sends the variable's value);
//! - `{{variables}}` in any value are filled in through the client at run time
//!   (`Client::expand_variables`), never compiled in;
//! - raw JSON bodies: the example text (JSON comments removed, as newman does), variables filled
//!   in, deserialised at run time into the body's type; raw text bodies as written;
//! - files: read at run time from the path the collection names (relative to the current
//!   directory, as newman resolves it against its working directory).
//!
//! Collection text only ever becomes string literals here.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::constructor;
use super::docs;
use super::features::Features;
use super::tokens::ident;
use crate::json;
use crate::model::{
    Api, Body, FormField, GraphQlVariables, GroupShape, HeaderValue, Module, Operation, QueryKind,
    QueryParam, Scalar, TypeRef, vars,
};

/// The tokens of `src/examples.rs`.
/// Each folder's example calls are behind its feature, like the folder.
pub fn file(api: &Api, features: &Features) -> TokenStream {
    let mut all = Vec::new();
    let body = module_items(&api.root, &mut Vec::new(), &mut all, features);
    all.sort_by_key(|e| e.order);
    let entries = all.iter().map(|e| {
        let name = &e.name;
        let title = &e.title;
        let path = &e.path;
        let cfg = &e.cfg;
        quote! {
            #cfg Example { name: #name, title: #title, run: |client| Box::pin(#path(client)) },
        }
    });
    let title = docs::one_line_title(&api.title);
    let doc = format!(
        "Example calls: one function per request of *{title}*, calling it with the example values \
         the collection gives (built with the cargo feature `examples`).\n\n\
         Each function mirrors what Postman sends for the request: enabled query parameters, \
         headers and form fields with their example values (disabled ones are left unset), the \
         example body, and `{{{{variables}}}}` filled in from the client at run time (set them \
         with [`Client::with_variable`](crate::Client::with_variable)). Files are read from the \
         paths the collection names, relative to the current directory. [`ALL`] lists them all, \
         in the collection's order."
    );
    let doc = docs::inner_attrs(&doc);
    quote! {
        #doc

        /// Why an example call failed: the request's error, or an example value that could not
        /// be prepared (a variable without a value, a file that cannot be read, an example body
        /// that does not fit the body's type).
        pub type ExampleError = Box<dyn std::error::Error + Send + Sync>;

        /// The future an [`Example`] returns.
        pub type ExampleFuture<'a> = std::pin::Pin<
            Box<dyn std::future::Future<Output = Result<(), ExampleError>> + Send + 'a>,
        >;

        /// One example call, as listed in [`ALL`].
        #[derive(Clone, Copy)]
        pub struct Example {
            /// The function's path in this module, e.g. `users::list_users`.
            pub name: &'static str,
            /// The request's name in the collection.
            pub title: &'static str,
            /// Calls it.
            pub run: for<'a> fn(&'a crate::Client) -> ExampleFuture<'a>,
        }

        impl std::fmt::Debug for Example {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct("Example")
                    .field("name", &self.name)
                    .field("title", &self.title)
                    .finish()
            }
        }

        /// Every example call, in the order of the collection's requests.
        pub const ALL: &[Example] = &[#(#entries)*];

        /// The file an example call uploads: the path the collection names or, where nothing
        /// is there (a path on the machine of the collection's author), the file of that name
        /// in the current directory.
        pub fn read_file(src: &str) -> std::io::Result<Vec<u8>> {
            std::fs::read(src).or_else(|e| match std::path::Path::new(src).file_name() {
                Some(name) if name != src => std::fs::read(name),
                _ => Err(e),
            })
        }

        #body
    }
}

struct Entry {
    /// `a::b::op`, relative to the examples module.
    name: String,
    title: String,
    path: TokenStream,
    /// Where the request is written in the collection.
    order: u32,
    /// The `cfg` of its top-level folder's feature.
    cfg: TokenStream,
}

/// The example functions of `m` and the modules of its folders. `mods` is the path of module
/// idents from the crate root to `m`.
fn module_items<'m>(
    m: &'m Module,
    mods: &mut Vec<&'m Module>,
    all: &mut Vec<Entry>,
    features: &Features,
) -> TokenStream {
    let mut out = TokenStream::new();
    let cfg = match mods.first() {
        Some(top) => features.cfg_folder(&top.ident),
        None => TokenStream::new(),
    };
    for op in &m.operations {
        out.extend(function(op, mods));
        let mut name: Vec<&str> = mods.iter().map(|m| m.ident.as_str()).collect();
        name.push(&op.ident);
        let segments = name.iter().map(|s| ident(s));
        all.push(Entry {
            name: name.join("::"),
            title: op.title.clone(),
            path: quote!(#(#segments)::*),
            order: op.span.start,
            cfg: cfg.clone(),
        });
    }
    for c in &m.modules {
        mods.push(c);
        let items = module_items(c, mods, all, features);
        mods.pop();
        let name = ident(&c.ident);
        let doc = docs::attrs(&format!(
            "Example calls of the requests in the folder *{}*.",
            docs::one_line_title(&c.title)
        ));
        // A sub-folder is already behind its parent's feature.
        let cfg = mods.is_empty().then(|| features.cfg_folder(&c.ident));
        out.extend(quote! {
            #doc
            #cfg
            pub mod #name { #items }
        });
    }
    out
}

/// `crate::a::b::#name`: a type in the module of the operation.
fn type_path(mods: &[&Module], name: &str) -> TokenStream {
    let segments = mods.iter().map(|m| ident(&m.ident));
    let name = ident(name);
    quote!(crate:: #(#segments ::)* #name)
}

fn function(op: &Operation, mods: &[&Module]) -> TokenStream {
    let mut stmts = Vec::new();
    let mut args = Vec::new();
    for p in &op.path_params {
        // An empty value (a variable that resolves to nothing) is an empty segment, as newman
        // sends it.
        args.push(match (p.example.as_deref(), p.ty) {
            (Some(e), Scalar::Int | Scalar::Bool) => {
                scalar(e, p.ty).unwrap_or_else(|| stand_in(p.ty))
            }
            (Some(e), Scalar::Str) => text_ref(&url_decoded(e)),
            // Newman sends the placeholder itself when the collection gives no value.
            (None, _) => {
                let placeholder = format!(":{}", p.key);
                match p.ty {
                    Scalar::Str => quote!(#placeholder),
                    _ => stand_in(p.ty),
                }
            }
        });
    }
    if let Some(t) = &op.params_type {
        let mut fields = Vec::new();
        for q in &op.query {
            if let Some(v) = query_value(mods, q) {
                fields.push((q.ident.as_str(), v));
            }
        }
        for h in &op.headers {
            if let HeaderValue::Arg {
                ident: i,
                example,
                enabled,
            } = &h.value
            {
                if let Some(e) = example.as_deref().filter(|_| *enabled) {
                    let v = text_owned(e);
                    fields.push((i.as_str(), quote!(Some(#v))));
                }
            }
        }
        let ty = type_path(mods, t);
        let all = constructor::params_fields(op);
        stmts.push(struct_value(quote!(params), ty, &fields, &all));
        args.push(quote!(&params));
    }
    match &op.body {
        Some(Body::Json { example, .. }) => {
            let text = json_example(example);
            let text = text_ref(&text);
            // The argument borrows a list as a slice and a string as `&str`.
            let ty = match &op.types.body {
                Some(TypeRef::Vec(_)) => quote!(: Vec<_>),
                Some(TypeRef::String) => quote!(: String),
                _ => quote!(),
            };
            stmts.push(quote!(let body #ty = serde_json::from_str(#text)?;));
            args.push(quote!(&body));
        }
        Some(Body::Text { example, .. }) => args.push(text_ref(example)),
        Some(Body::UrlEncoded { type_ident, fields } | Body::Multipart { type_ident, fields }) => {
            let ty = type_path(mods, type_ident);
            let value = form_struct(mods, ty, fields, fields);
            stmts.push(quote!(let form = #value;));
            args.push(quote!(&form));
        }
        Some(Body::Binary { src, .. }) => {
            args.push(match src.as_deref().filter(|s| !s.is_empty()) {
                Some(src) => {
                    let path = text_ref(src);
                    quote!(crate::examples::read_file(#path)?.into())
                }
                None => quote!(Vec::new().into()),
            })
        }
        Some(Body::GraphQl { variables, .. }) => args.push(match variables {
            GraphQlVariables::Omitted => quote!(None),
            GraphQlVariables::Null => quote!(Some(&serde_json::Value::Null)),
            GraphQlVariables::Example(v) => {
                let text = text_ref(v);
                stmts
                    .push(quote!(let variables: serde_json::Value = serde_json::from_str(#text)?;));
                quote!(Some(&variables))
            }
        }),
        None => {}
    }

    let accessors = mods.iter().map(|m| ident(&m.accessor));
    let name = ident(&op.ident);
    let handle = match mods.last() {
        Some(m) => {
            let segments: Vec<&str> = mods.iter().map(|m| m.ident.as_str()).collect();
            format!("crate::{}::{}", segments.join("::"), m.handle)
        }
        None => "crate::Client".to_owned(),
    };
    let short = handle.rsplit("::").next().unwrap_or("Client");
    let doc = docs::attrs(&format!(
        "*{}*: `{} {}` with the collection's example values.\n\nCalls [`{short}::{}`]({handle}::{}).",
        docs::one_line_title(&op.title),
        op.method,
        op.path_template(),
        op.ident,
        op.ident,
    ));
    let error = quote!(crate::examples::ExampleError);
    if op.no_url {
        // Postman does not send a request without a URL; neither does its example.
        return quote! {
            #doc
            pub async fn #name(client: &crate::Client) -> Result<(), #error> {
                let _ = client;
                Err("the collection gives this request no URL: Postman does not send it".into())
            }
        };
    }
    quote! {
        #doc
        pub async fn #name(client: &crate::Client) -> Result<(), #error> {
            #(#stmts)*
            client #(.#accessors())* .#name(#(#args),*).await?;
            Ok(())
        }
    }
}

/// `let #name = Type { fields };` with the fields that have a value in `given`. The others are
/// left to `..Default::default()` (`Type::default()` when none has a value) where the type has
/// a `Default`; a type with required fields has none, so they are written out unset.
fn struct_value(
    name: TokenStream,
    ty: TokenStream,
    given: &[(&str, TokenStream)],
    all: &[constructor::Field],
) -> TokenStream {
    let value = struct_expr(ty, given, all);
    quote!(let #name = #value;)
}

/// A struct of type `ty` with the `given` fields set, the others unset.
fn struct_expr(
    ty: TokenStream,
    given: &[(&str, TokenStream)],
    all: &[constructor::Field],
) -> TokenStream {
    // A form can have thousands of fields: looked up, not searched.
    let by_name: std::collections::HashMap<&str, &TokenStream> =
        given.iter().map(|(g, v)| (*g, v)).collect();
    let value = |f: &str| by_name.get(f).copied();
    let complete = all.iter().all(|f| value(f.ident).is_some());
    let set = given.iter().map(|(f, v)| {
        let f = ident(f);
        quote!(#f: #v,)
    });
    if !constructor::derives_default(all) {
        let unset = all.iter().filter(|f| value(f.ident).is_none()).map(|f| {
            let fi = ident(f.ident);
            // A required field always has a value in the examples; `Default` covers the rest.
            let v = f
                .unset
                .clone()
                .unwrap_or_else(|| quote!(Default::default()));
            quote!(#fi: #v,)
        });
        return quote!(#ty { #(#set)* #(#unset)* });
    }
    if given.is_empty() {
        return quote!(#ty::default());
    }
    let rest = (!complete).then(|| quote!(..Default::default()));
    quote!(#ty { #(#set)* #rest })
}

/// The value of a form struct of type `ty` and fields `all` (the type's), from the collection's
/// `fields` (an element of a list has its own, which may be fewer).
fn form_struct(
    mods: &[&Module],
    ty: TokenStream,
    all: &[FormField],
    fields: &[FormField],
) -> TokenStream {
    let mut values = Vec::new();
    let by_ident: std::collections::HashMap<&str, &FormField> =
        fields.iter().map(|f| (f.ident.as_str(), f)).collect();
    for t in all {
        let Some(f) = by_ident.get(t.ident.as_str()).copied() else {
            continue;
        };
        if let Some(v) = form_value(mods, t, f) {
            values.push((t.ident.as_str(), v));
        }
    }
    struct_expr(ty, &values, &constructor::form_fields(all))
}

/// The value of a query parameter's field, `None` to leave it unset.
fn query_value(mods: &[&Module], q: &QueryParam) -> Option<TokenStream> {
    if let Some(g) = &q.grouped {
        return form_value(mods, g, g);
    }
    if q.kind == QueryKind::Flag {
        return q.enabled.then(|| quote!(true));
    }
    if !q.enabled {
        return None;
    }
    // Query values are written as URL text: `%2F` is a `/` (newman sends it as written).
    if q.repeated {
        let items = q
            .examples
            .iter()
            .filter_map(|e| scalar(&url_decoded(e), q.ty));
        return Some(list(items));
    }
    if q.fallback.is_some() {
        // `None` sends the collection's variable, which is what the example says.
        return None;
    }
    let example = url_decoded(q.examples.first().map_or("", String::as_str));
    let value = value_of(mods, &example, q.ty, q.choices.as_ref());
    if q.required {
        Some(value.unwrap_or_else(|| stand_in(q.ty)))
    } else {
        value.map(|v| quote!(Some(#v)))
    }
}

/// The value of a form field of type `t` (the field itself, or a list's item type) from the
/// collection's field `f`, `None` to leave it unset.
fn form_value(mods: &[&Module], t: &FormField, f: &FormField) -> Option<TokenStream> {
    if !f.enabled && !f.required {
        return None;
    }
    match (t.group.as_deref(), f.group.as_deref()) {
        (Some(ty), Some(value)) => return group_value(mods, t, &ty.shape, &value.shape, f),
        (None, None) => {}
        // Only elements of a list can differ from their type, and not in kind.
        _ => return None,
    }
    // An element's field: the type's, with the element's own example.
    let view;
    let f = if std::ptr::eq(t, f) {
        f
    } else {
        view = FormField {
            examples: f.examples.clone(),
            enabled: f.enabled,
            ..t.clone()
        };
        &view
    };
    if f.is_file {
        let files: Vec<TokenStream> = if f.examples.is_empty() {
            // Newman sends a file field without a file as an empty part named `""`.
            vec![quote!(crate::File::new("", Vec::new()))]
        } else {
            f.examples.iter().map(|src| read_file(src, f)).collect()
        };
        return Some(if f.repeated {
            list(files)
        } else {
            let first = &files[0];
            if f.required {
                quote!(#first)
            } else {
                quote!(Some(#first))
            }
        });
    }
    if f.repeated {
        let items = f.examples.iter().filter_map(|e| scalar(e, f.ty));
        return Some(list(items));
    }
    if f.fallback.is_some() && !f.required {
        return None;
    }
    let example = f.examples.first().map_or("", String::as_str);
    let value = value_of(mods, example, f.ty, f.choices.as_ref());
    if f.required {
        Some(value.unwrap_or_else(|| stand_in(f.ty)))
    } else {
        value.map(|v| quote!(Some(#v)))
    }
}

/// The value of a grouped field of type `t`, from the collection's `f` (which sends something).
fn group_value(
    mods: &[&Module],
    t: &FormField,
    ty: &GroupShape,
    value: &GroupShape,
    f: &FormField,
) -> Option<TokenStream> {
    let v = match (ty, value) {
        (
            GroupShape::Struct {
                type_ident,
                fields: all,
            },
            GroupShape::Struct { fields, .. },
        ) => form_struct(mods, type_path(mods, type_ident), all, fields),
        (GroupShape::List { item, .. }, GroupShape::List { items, .. }) => {
            let elements = items
                .iter()
                .filter(|e| e.enabled || e.required)
                .map(|e| element_value(mods, item, e));
            return Some(list(elements));
        }
        (GroupShape::Map, GroupShape::Map) => {
            // The collection's `<object>` is sent as the key's own value.
            let example = f.examples.first().map_or("", String::as_str);
            let text = text_owned(example);
            return Some(quote!(std::collections::BTreeMap::from([(String::new(), #text)])));
        }
        _ => return None,
    };
    Some(if t.required { v } else { quote!(Some(#v)) })
}

/// One element of a list whose item type is `item`.
fn element_value(mods: &[&Module], item: &FormField, e: &FormField) -> TokenStream {
    if item.group.is_none() {
        let example = e.examples.first().map_or("", String::as_str);
        return value_of(mods, example, item.ty, item.choices.as_ref())
            .unwrap_or_else(|| stand_in(item.ty));
    }
    // An element is never `Option`: the required form of its value.
    let required = FormField {
        required: true,
        ..item.clone()
    };
    form_value(mods, &required, e).unwrap_or_else(|| quote!(Default::default()))
}

/// A `File` read at run time from `src`, named after its last path segment, as newman names it.
fn read_file(src: &str, f: &FormField) -> TokenStream {
    let name = src.rsplit(['/', '\\']).next().unwrap_or(src);
    let path = text_ref(src);
    let name = if vars::has_vars(name) {
        text_owned(name)
    } else {
        quote!(#name)
    };
    let file = quote!(crate::File::new(#name, crate::examples::read_file(#path)?));
    match &f.content_type {
        Some(ct) => quote!(#file.with_content_type(#ct)),
        None => file,
    }
}

/// A `Vec` of the items (an array expression, which the formatter lays out, unlike `vec![]`).
fn list(items: impl IntoIterator<Item = TokenStream>) -> TokenStream {
    let items: Vec<TokenStream> = items.into_iter().collect();
    if items.is_empty() {
        quote!(Vec::new())
    } else {
        quote!(Vec::from([#(#items),*]))
    }
}

/// The value of a field of type `ty`, or of `choices`' enum, for the example; as [`scalar`].
fn value_of(
    mods: &[&Module],
    example: &str,
    ty: Scalar,
    choices: Option<&crate::model::Choices>,
) -> Option<TokenStream> {
    match choices {
        Some(c) => Some(super::choices::value(
            type_path(mods, &c.type_ident),
            c,
            example,
        )),
        None => scalar(example, ty),
    }
}

/// An owned value of the scalar type: `String`, `i64` or `bool`; `None` when the example is only
/// a type placeholder such as openapi-to-postman's `<integer>`.
fn scalar(example: &str, ty: Scalar) -> Option<TokenStream> {
    match ty {
        Scalar::Int => {
            let n: i64 = example.parse().ok()?;
            let abs = Literal::u64_unsuffixed(n.unsigned_abs());
            Some(if n < 0 { quote!(-#abs) } else { quote!(#abs) })
        }
        Scalar::Bool => match example {
            "true" => Some(quote!(true)),
            "false" => Some(quote!(false)),
            _ => None,
        },
        Scalar::Str => Some(text_owned(example)),
    }
}

/// The value a required argument gets when the collection only gives a type placeholder.
fn stand_in(ty: Scalar) -> TokenStream {
    match ty {
        Scalar::Int => quote!(0),
        Scalar::Bool => quote!(false),
        Scalar::Str => quote!(""),
    }
}

/// A `String` of `text`, its variables filled in through the client.
fn text_owned(text: &str) -> TokenStream {
    if vars::has_vars(text) {
        quote!(client.expand_variables(#text)?)
    } else {
        quote!(#text.to_owned())
    }
}

/// A `&str` of `text`, its variables filled in through the client.
fn text_ref(text: &str) -> TokenStream {
    if vars::has_vars(text) {
        quote!(&client.expand_variables(#text)?)
    } else {
        quote!(#text)
    }
}

/// A JSON example as the body's type can take it: comments removed (as newman removes them),
/// trailing commas removed, and openapi-to-postman's type placeholders for numbers and booleans
/// (`"<integer>"`, `"<boolean>"`) replaced by `0` and `false`, which is the type postgen infers
/// for them. Bare `{{variables}}` stay, for the client to fill in. Edits in place, so the example
/// keeps its layout; text the lenient parser cannot read is left as it is.
fn json_example(text: &str) -> String {
    let text = strip_json_comments(text);
    let Ok(tree) = json::parse(&text, json::Options::lenient()) else {
        return text;
    };
    let mut edits: Vec<(std::ops::Range<usize>, &'static str)> = Vec::new();
    let mut stack = vec![&tree];
    while let Some(v) = stack.pop() {
        let last_end = match &v.kind {
            json::Kind::String(s) => {
                if let Some(stand_in) = type_placeholder(s) {
                    edits.push((v.span.range(), stand_in));
                }
                None
            }
            json::Kind::Array(items) => {
                stack.extend(items);
                items.last().map(|i| i.span.end)
            }
            json::Kind::Object(members) => {
                stack.extend(members.iter().map(|m| &m.value));
                members.last().map(|m| m.value.span.end)
            }
            _ => None,
        };
        // A trailing comma sits between the last element and the closing bracket.
        if let Some(from) = last_end {
            let (from, to) = (from as usize, (v.span.end as usize).saturating_sub(1));
            for (i, b) in text.as_bytes()[from.min(to)..to].iter().enumerate() {
                if *b == b',' {
                    edits.push((from + i..from + i + 1, ""));
                }
            }
        }
    }
    edits.sort_by_key(|(r, _)| std::cmp::Reverse(r.start));
    let mut out = text;
    for (range, with) in edits {
        out.replace_range(range, with);
    }
    out
}

/// The value standing in for an openapi-to-postman placeholder of a number or boolean.
fn type_placeholder(s: &str) -> Option<&'static str> {
    let inner = s.strip_prefix('<')?.strip_suffix('>')?;
    match inner.to_ascii_lowercase().as_str() {
        "integer" | "long" | "int" | "int32" | "int64" | "number" | "float" | "double"
        | "decimal" => Some("0"),
        "boolean" | "bool" => Some("false"),
        _ => None,
    }
}

/// URL text decoded: each `%XX` becomes its byte (the rest stays as written); the text as
/// written if that is not UTF-8.
fn url_decoded(text: &str) -> String {
    if !text.contains('%') {
        return text.to_owned();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: Option<&u8>| b.and_then(|b| (*b as char).to_digit(16));
        match (bytes[i], hex(bytes.get(i + 1)), hex(bytes.get(i + 2))) {
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_owned())
}

/// JSON text without its `//` and `/* */` comments (outside strings), as newman sends a raw JSON
/// body (it uses `strip-json-comments`, removing comments without leaving whitespace); raw
/// control characters inside strings are escaped.
fn strip_json_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    let mut in_string = false;
    while let Some(c) = chars.next() {
        if in_string {
            match c {
                '\\' => {
                    out.push(c);
                    if let Some(n) = chars.next() {
                        out.push(n);
                    }
                }
                '"' => {
                    out.push(c);
                    in_string = false;
                }
                // A raw control character is not allowed in a JSON string: escaped, it means
                // what the example shows.
                c if c < ' ' => out.push_str(&format!("\\u{:04x}", c as u32)),
                c => out.push(c),
            }
            continue;
        }
        match (c, chars.peek()) {
            ('"', _) => {
                in_string = true;
                out.push(c);
            }
            ('/', Some('/')) => {
                // To the end of the line; the line break stays.
                while let Some(&n) = chars.peek() {
                    if n == '\n' || n == '\r' {
                        break;
                    }
                    chars.next();
                }
            }
            ('/', Some('*')) => {
                chars.next();
                let mut prev = '\0';
                for n in chars.by_ref() {
                    if prev == '*' && n == '/' {
                        break;
                    }
                    prev = n;
                }
            }
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{json_example, strip_json_comments};

    #[test]
    fn url_text_is_decoded() {
        assert_eq!(
            super::url_decoded("Yosemite%2FYosemite2"),
            "Yosemite/Yosemite2"
        );
        assert_eq!(super::url_decoded("100%"), "100%");
        assert_eq!(super::url_decoded("%C3%A9%zz"), "é%zz");
        assert_eq!(super::url_decoded("%FF"), "%FF");
    }

    #[test]
    fn json_examples_become_json_the_body_type_takes() {
        assert_eq!(
            json_example(
                "{\n  \"a\": \"<integer>\", // n\n  \"b\": [true, \"<boolean>\",],\n  \"c\": \"<string>\",\n}"
            ),
            "{\n  \"a\": 0, \n  \"b\": [true, false],\n  \"c\": \"<string>\"\n}"
        );
        assert_eq!(json_example("{\"id\": {{id}}, }"), "{\"id\": {{id}} }");
        assert_eq!(json_example("not json, at all"), "not json, at all");
    }

    #[test]
    fn comments_go_strings_stay() {
        assert_eq!(
            strip_json_comments("{\n  \"a\": 1, // one\n  /* two */\"b\": \"x//y/*z*/\"\n}"),
            "{\n  \"a\": 1, \n  \"b\": \"x//y/*z*/\"\n}"
        );
        assert_eq!(
            strip_json_comments("{\"a\": \"\\\"//\"}"),
            "{\"a\": \"\\\"//\"}"
        );
        assert_eq!(strip_json_comments("[1 /* open"), "[1 ");
        assert_eq!(strip_json_comments("{}"), "{}");
        assert_eq!(
            strip_json_comments("{\"a\": \"x\ty\nz\"}\n"),
            "{\"a\": \"x\\u0009y\\u000az\"}\n"
        );
    }
}
