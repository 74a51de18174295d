//! Form bodies (`application/x-www-form-urlencoded`, `multipart/form-data`): the struct a
//! caller fills in, with the structs, `Vec`s and maps of bracket notation (`model::brackets`),
//! and the statements that send it field by field.

use proc_macro2::TokenStream;
use quote::quote;

use super::constructor;
use super::docs;
use super::tokens::{ident, pieces};
use crate::model::names::Namespace;
use crate::model::{FormField, GroupShape};

/// The form struct `type_ident` of the operation `fn_link`, and the structs of its groups.
pub fn structs(
    type_ident: &str,
    fields: &[FormField],
    multipart: bool,
    fn_link: &str,
) -> TokenStream {
    let what = if multipart {
        "multipart/form-data"
    } else {
        "application/x-www-form-urlencoded"
    };
    let doc = format!("The `{what}` body of {fn_link}; fields are sent in this order.");
    let mut out = TokenStream::new();
    one_struct(type_ident, fields, &doc, "", None, &mut out);
    out
}

/// `inherited`: the docs of the group this struct is, which its fields do not repeat.
fn one_struct(
    type_ident: &str,
    fields: &[FormField],
    doc: &str,
    path: &str,
    inherited: Option<&str>,
    out: &mut TokenStream,
) {
    let name = ident(type_ident);
    let mut defs = Vec::new();
    let mut nested = TokenStream::new();
    for f in fields {
        let fi = ident(&f.ident);
        let key = if path.is_empty() {
            f.key.clone()
        } else {
            format!("{path}[{}]", f.key)
        };
        let ty = field_type(f, &key, f.docs.as_deref(), &mut nested);
        let mut d = describe(f, &key, "Fields");
        if let Some(desc) = f.docs.as_deref().filter(|d| Some(*d) != inherited) {
            d.push_str("\n\n");
            d.push_str(&docs::sanitize(desc));
        }
        if f.fallback.is_some() {
            d.push_str("\n\nWhen `None`, the value of the collection's variable is sent.");
        }
        let doc = docs::attrs(&d);
        defs.push(quote!(#doc pub #fi: #ty,));
    }
    let doc = docs::attrs(doc);
    let (derive, new) = constructor::derive_and_new(type_ident, &constructor::form_fields(fields));
    out.extend(quote! {
        #doc
        #derive
        pub struct #name { #(#defs)* }
        #new
    });
    out.extend(nested);
}

/// The first line of a field's docs: the keys it sends.
/// `many`: what the keys of a group are called (`Fields`, `Query parameters`).
fn describe(f: &FormField, key: &str, many: &str) -> String {
    let key = key.replace('`', "'");
    let required = if f.required { ", required" } else { "" };
    match f.group.as_deref().map(|g| &g.shape) {
        None if f.is_file => format!("File field `{key}`{required}."),
        None => format!("Field `{key}`{required}."),
        Some(GroupShape::Struct { .. }) => format!("{many} `{key}[…]`{required}."),
        Some(GroupShape::List { .. }) => {
            format!("{many} `{key}[0]`, `{key}[1]`, …: one per element, in order.")
        }
        Some(GroupShape::Map) => format!(
            "{many} `{key}[name]`: one per entry, in key order (an empty name sends `{key}` \
             itself)."
        ),
    }
}

/// The Rust type of a field; the structs it needs go to `nested`.
fn field_type(
    f: &FormField,
    key: &str,
    docs: Option<&str>,
    nested: &mut TokenStream,
) -> TokenStream {
    let base = element_type(f, key, docs, nested);
    match f.group.as_deref().map(|g| &g.shape) {
        Some(GroupShape::List { .. } | GroupShape::Map) => base,
        _ if f.repeated => quote!(Vec<#base>),
        _ if f.required => base,
        _ => quote!(Option<#base>),
    }
}

/// The type of one value of the field (a list's element type for a list).
fn element_type(
    f: &FormField,
    key: &str,
    docs: Option<&str>,
    nested: &mut TokenStream,
) -> TokenStream {
    match f.group.as_deref().map(|g| &g.shape) {
        None if f.is_file => quote!(File),
        None => super::choices::field_type(f.ty, f.choices.as_ref()),
        Some(GroupShape::Map) => quote!(std::collections::BTreeMap<String, String>),
        Some(GroupShape::Struct { type_ident, fields }) => {
            let doc = format!("The fields `{}[…]`.", key.replace('`', "'"));
            one_struct(type_ident, fields, &doc, key, docs, nested);
            let t = ident(type_ident);
            quote!(#t)
        }
        Some(GroupShape::List { item, .. }) => {
            let element = element_type(item, &format!("{key}[i]"), docs, nested);
            quote!(Vec<#element>)
        }
    }
}

/// Statements that encode the form in `arg` into the request, field by field in the
/// collection's order; a field left `None` falls back to its collection variable, if it has one.
pub fn stmts(fields: &[FormField], multipart: bool, arg: &proc_macro2::Ident) -> TokenStream {
    let builder = if multipart {
        quote!(runtime::Multipart)
    } else {
        quote!(runtime::UrlEncoded)
    };
    let mut enc = Encoder {
        sink: if multipart {
            Sink::Multipart
        } else {
            Sink::UrlEncoded
        },
        names: Namespace::with_reserved(&["fields", "req", "v", "self", &arg.to_string()]),
    };
    let mut adds = Vec::new();
    for f in fields {
        let fi = ident(&f.ident);
        adds.push(if f.group.is_some() {
            enc.group(f, quote!(#arg.#fi), &Key::lit(&f.key))
        } else {
            top_leaf(f, multipart, arg)
        });
    }
    let send = if multipart {
        quote!(req.multipart(fields);)
    } else {
        quote!(req.urlencoded(fields);)
    };
    quote! {
        let mut fields = #builder::new();
        #(#adds)*
        #send
    }
}

/// The statements that send a grouped query parameter `f` of the parameters in `params`.
pub fn query_stmts(f: &FormField, params: &proc_macro2::Ident) -> TokenStream {
    let mut enc = Encoder {
        sink: Sink::Query,
        names: Namespace::with_reserved(&["fields", "req", "v", "self", &params.to_string()]),
    };
    let fi = ident(&f.ident);
    enc.group(f, quote!(#params.#fi), &Key::lit(&f.key))
}

/// The field of a parameters struct for a grouped query parameter `f`: its docs and type; the
/// structs its type needs go to `nested`.
pub fn query_field(f: &FormField, nested: &mut TokenStream) -> TokenStream {
    let fi = ident(&f.ident);
    let ty = field_type(f, &f.key, f.docs.as_deref(), nested);
    let mut d = describe(f, &f.key, "Query parameters");
    if let Some(desc) = &f.docs {
        d.push_str("\n\n");
        d.push_str(&docs::sanitize(desc));
    }
    let doc = docs::attrs(&d);
    quote!(#doc pub #fi: #ty,)
}

/// A field of the form itself, not grouped.
fn top_leaf(f: &FormField, multipart: bool, arg: &proc_macro2::Ident) -> TokenStream {
    let fi = ident(&f.ident);
    let key = &f.key;
    let add = |place: TokenStream, is_ref: bool| -> TokenStream {
        if f.is_file {
            let v = if is_ref { place } else { quote!(&#place) };
            quote!(fields.file(#key, #v);)
        } else {
            let v = super::choices::text(place, is_ref, f.ty, f.choices.as_ref());
            match (&f.content_type, multipart) {
                (Some(ct), true) => quote!(fields.text_typed(#key, #v, #ct);),
                (None, true) => quote!(fields.text(#key, #v);),
                (_, false) => quote!(fields.pair(#key, #v);),
            }
        }
    };
    if f.repeated {
        let a = add(quote!(v), true);
        quote!(for v in &#arg.#fi { #a })
    } else if f.required {
        add(quote!(#arg.#fi), false)
    } else if let Some(tpl) = &f.fallback {
        let a = add(quote!(v), true);
        let t = pieces(tpl);
        quote! {
            match &#arg.#fi {
                Some(v) => { #a }
                None => {
                    let v = &req.render(#t);
                    #a
                }
            }
        }
    } else if f.is_file {
        quote!(fields.file_opt(#key, &#arg.#fi);)
    } else {
        match (&f.content_type, multipart) {
            (Some(ct), true) => quote!(fields.text_typed_opt(#key, &#arg.#fi, #ct);),
            (None, true) => quote!(fields.text_opt(#key, &#arg.#fi);),
            (_, false) => quote!(fields.pair_opt(#key, &#arg.#fi);),
        }
    }
}

/// A key sent for a grouped field: literal text and the indexes of the lists around it.
#[derive(Clone)]
struct Key(Vec<Part>);

#[derive(Clone)]
enum Part {
    Text(String),
    Index(String),
}

impl Key {
    fn lit(text: &str) -> Key {
        Key(vec![Part::Text(text.to_owned())])
    }

    fn field(&self, name: &str) -> Key {
        let mut k = self.clone();
        k.0.push(Part::Text(format!("[{name}]")));
        k
    }

    fn index(&self, var: &str) -> Key {
        let mut k = self.clone();
        k.0.push(Part::Text("[".to_owned()));
        k.0.push(Part::Index(var.to_owned()));
        k.0.push(Part::Text("]".to_owned()));
        k
    }

    /// A `&str` expression: a literal, or `&format!(…)` with the indexes inlined.
    fn expr(&self) -> TokenStream {
        let texts: Option<String> = self
            .0
            .iter()
            .map(|p| match p {
                Part::Text(t) => Some(t.as_str()),
                Part::Index(_) => None,
            })
            .collect();
        if let Some(text) = texts {
            return quote!(#text);
        }
        let mut format = String::new();
        for p in &self.0 {
            match p {
                Part::Text(t) => format.push_str(&t.replace('{', "{{").replace('}', "}}")),
                Part::Index(v) => {
                    format.push('{');
                    format.push_str(v);
                    format.push('}');
                }
            }
        }
        quote!(&format!(#format))
    }
}

/// Where the encoded pairs go.
#[derive(Clone, Copy)]
enum Sink {
    UrlEncoded,
    Multipart,
    Query,
}

impl Sink {
    /// The call that sends a pair: `fields.pair`, `fields.text`, `req.query`.
    fn send(self) -> TokenStream {
        match self {
            Sink::UrlEncoded => quote!(fields.pair),
            Sink::Multipart => quote!(fields.text),
            Sink::Query => quote!(req.query),
        }
    }

    /// The call that sends an `Option`'s value, if set.
    fn send_opt(self) -> TokenStream {
        match self {
            Sink::UrlEncoded => quote!(fields.pair_opt),
            Sink::Multipart => quote!(fields.text_opt),
            Sink::Query => quote!(req.query_opt),
        }
    }
}

struct Encoder {
    sink: Sink,
    /// The bindings of the statements (items of lists, set optional groups, indexes).
    names: Namespace,
}

impl Encoder {
    /// A grouped field at `place` (its value, not a reference), sent under `key`.
    fn group(&mut self, f: &FormField, place: TokenStream, key: &Key) -> TokenStream {
        let Some(group) = f.group.as_deref() else {
            return self.leaf(f, place, key);
        };
        match &group.shape {
            GroupShape::Struct { fields, .. } => {
                if f.required {
                    return self.fields_of(fields, &place, key);
                }
                let saved = self.names.clone();
                let bi = ident(&self.names.claim(&f.ident, false));
                let inner = self.fields_of(fields, &quote!(#bi), key);
                self.names = saved;
                quote!(if let Some(#bi) = &#place { #inner })
            }
            GroupShape::List { item, .. } => self.list(item, quote!(#place), key),
            GroupShape::Map => self.map(quote!(&#place), key),
        }
    }

    fn fields_of(&mut self, fields: &[FormField], base: &TokenStream, key: &Key) -> TokenStream {
        let mut out = TokenStream::new();
        for c in fields {
            let ci = ident(&c.ident);
            out.extend(self.group(c, quote!(#base.#ci), &key.field(&c.key)));
        }
        out
    }

    /// An element of a list, bound by reference at `place`.
    fn element(&mut self, item: &FormField, place: TokenStream, key: &Key) -> TokenStream {
        match item.group.as_deref().map(|g| &g.shape) {
            None => self.send(
                super::choices::text(place, true, item.ty, item.choices.as_ref()),
                key,
            ),
            Some(GroupShape::Struct { fields, .. }) => self.fields_of(fields, &place, key),
            Some(GroupShape::List { item: inner, .. }) => self.list(inner, place, key),
            Some(GroupShape::Map) => self.map(place, key),
        }
    }

    /// A list at `place` of elements typed `item`, each sent under its index. Bindings are
    /// fresh only within the loop, so sibling loops read `i` and `item` alike.
    fn list(&mut self, item: &FormField, place: TokenStream, key: &Key) -> TokenStream {
        let saved = self.names.clone();
        let i = self.names.claim("i", false);
        let each = ident(&self.names.claim("item", false));
        let body = self.element(item, quote!(#each), &key.index(&i));
        self.names = saved;
        let i = ident(&i);
        quote!(for (#i, #each) in #place.iter().enumerate() { #body })
    }

    /// A field inside a group at `place` (its value).
    fn leaf(&mut self, f: &FormField, place: TokenStream, key: &Key) -> TokenStream {
        if f.required {
            return self.send(
                super::choices::text(place, false, f.ty, f.choices.as_ref()),
                key,
            );
        }
        let k = key.expr();
        let send = self.sink.send_opt();
        quote!(#send(#k, &#place);)
    }

    /// An open map at `place` (a reference): one field per entry.
    fn map(&mut self, place: TokenStream, key: &Key) -> TokenStream {
        let k = key.expr();
        let saved = self.names.clone();
        let n = ident(&self.names.claim("name", false));
        self.names = saved;
        let send = self.sink.send();
        quote! {
            for (#n, v) in #place {
                #send(&runtime::entry_key(#k, #n), v);
            }
        }
    }

    fn send(&self, value: TokenStream, key: &Key) -> TokenStream {
        let k = key.expr();
        let send = self.sink.send();
        quote!(#send(#k, #value);)
    }
}
