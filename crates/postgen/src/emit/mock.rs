//! `src/mock.rs` of a generated crate (cargo feature `mock`): the collection's saved examples
//! as a table of literals, and `Mock::start`, which serves them on loopback (the runtime's
//! `mock` module matches requests to them). Every example is in the table whatever folder
//! features are on: it is data, and names no type of a folder.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs;
use super::features::Features;
use super::quick_start::example_call;
use super::tokens::{CratePath, ident, scalar_type, str_of};
use super::types::type_ref;
use crate::model::names::Namespace;
use crate::model::{Api, Module, OkType, Operation, PathPart, Piece, QueryKind, TypeRef, status};

/// Stands for a `{{variable}}` while the path is cut into segments (it is no character of a
/// collection's path: the model keeps no control characters in literals).
const VAR: char = '\u{0}';

/// Stands for path parameter `i` as `PARAM + i` (private-use characters, removed from
/// literals first).
const PARAM: u32 = 0xF_0000;

pub fn file(api: &Api, crate_name: &str) -> TokenStream {
    let mut examples = Vec::new();
    // `Segment` is unused when no example has a path.
    let mut segment = None;
    api.root.each_operation(&mut |chain, op| {
        if !op.no_url && !op.responses.is_empty() {
            examples.extend(op_examples(chain, op));
            if !segments(op).is_empty() {
                segment = Some(quote!(
                    use crate::runtime::mock::Segment;
                ));
            }
        }
    });
    let module_doc = docs::inner_attrs(
        "A mock server of this API that answers with the collection's saved examples, for the \
         tests of code that uses the client (cargo feature `mock`: take the crate with it under \
         `[dev-dependencies]`). Start one with [`Mock::start`].\n\n\
         A request gets the saved example Postman's mock server would pick: by method, then the \
         headers `x-mock-response-name`, `x-mock-response-code` and `x-mock-response-id` (a \
         test picks a documented error with one header), then the path (path variables and `{{variables}}` match any \
         segment; literal segments win), then the query. A request no example matches gets \
         `501 Not Implemented`, whose message names the closest operations.\n\n\
         [`Mock::stub`] gives typed stubs: an operation answered with a value of its own types \
         (its success type, or a variant of its error enum), ahead of the examples, optionally \
         only for given path parameters or query values, and counting its calls.",
    );
    let start_doc = docs::attrs(&start_doc(api, crate_name));
    let stubs = stubs_module(api);
    quote! {
        #module_doc

        use crate::runtime::mock::Example;
        #segment
        pub use crate::runtime::mock::{wiremock, Mock, Stubbed};

        impl Mock {
            #start_doc
            pub async fn start() -> Mock {
                Mock::replay(&crate::API, EXAMPLES).await
            }

            /// Typed stubs of the operations, by folder as on the client:
            /// `mock.stub().invoices().get_invoice().for_invoice_id("in_1").returns(value)`.
            /// A stub answers ahead of the saved examples while the [`Stubbed`] it returns
            /// lives.
            pub fn stub(&self) -> stubs::Stubs<'_> {
                stubs::Stubs { mock: self }
            }
        }

        #stubs

        /// The collection's saved examples, in its order.
        static EXAMPLES: &[Example] = &[#(#examples),*];
    }
}

/// A Markdown section for the README and the crate docs: what the feature gives and how to take
/// it. (No links: the docs are also built without the feature.)
pub fn markdown(crate_name: &str, version: &str) -> String {
    format!(
        "## Testing your code with the mock\n\n\
         The cargo feature `mock` adds `mock::Mock`: a mock server of the API on loopback \
         that answers with the collection's saved examples, and a `Client` pointed at it. \
         Requests are matched as on Postman's mock server, so a test picks a documented error \
         with one header (`x-mock-response-code: 404`, or `x-mock-response-name`), and a \
         request no example matches is answered with the closest operations' names. \
         `mock::Mock::stub` answers an operation with a value of its own types instead. \
         `mock::Mock::start` shows a test. Take the crate with it as a dev-dependency:\n\n\
         ```toml\n\
         [dev-dependencies]\n\
         {crate_name} = {{ version = \"{version}\", features = [\"mock\"] }}\n\
         ```\n"
    )
}

/// The rows of an operation's saved examples.
fn op_examples(chain: &[&Module], op: &Operation) -> Vec<TokenStream> {
    let mut called: String = chain
        .iter()
        .skip(1)
        .map(|m| format!("{}().", m.accessor))
        .collect();
    called.push_str(&op.ident);
    called.push_str("()");
    let method = &op.method;
    let host = proc_macro2::Literal::usize_unsuffixed(op.host);
    let path = segments(op).into_iter().map(|s| match s {
        Some(lit) => quote!(Segment::Lit(#lit)),
        None => quote!(Segment::Var),
    });
    let path = quote!(&[#(#path),*]);
    // For messages only: a `{{variable}}` is shown as `{variable}`, like a path parameter, so
    // that no literal of the crate holds a variable reference it does not resolve.
    let template = op.path_template().replace("{{", "{").replace("}}", "}");
    let query = op.query.iter().filter(|q| q.enabled).map(|q| {
        let key = &q.key;
        match (q.kind, q.examples.first()) {
            (QueryKind::Value, Some(v)) if !v.contains("{{") => quote!((#key, Some(#v))),
            _ => quote!((#key, None)),
        }
    });
    let query = quote!(&[#(#query),*]);
    op.responses
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let name = &r.name;
            let id = match &r.id {
                Some(id) => quote!(Some(#id)),
                None => quote!(None),
            };
            let status = proc_macro2::Literal::u16_unsuffixed(r.status);
            let content_type = match &r.content_type {
                Some(t) => quote!(Some(#t)),
                None => quote!(None),
            };
            // The body a server would send: placeholders replaced, as the tests decode it.
            let realized = op.types.examples.iter().find(|e| e.response == i);
            let body = realized
                .and_then(|e| e.realized.as_deref())
                .or(r.body.as_deref())
                .unwrap_or("");
            quote! {
                Example {
                    operation: #called,
                    method: #method,
                    host: #host,
                    path: #path,
                    template: #template,
                    query: #query,
                    name: #name,
                    id: #id,
                    status: #status,
                    content_type: #content_type,
                    body: #body,
                }
            }
        })
        .collect()
}

/// The operation's path by segment: `Some(text)` literal, `None` a segment a path variable or a
/// `{{variable}}` is in (it matches any segment).
fn segments(op: &Operation) -> Vec<Option<String>> {
    marked_segments(op)
        .into_iter()
        .map(|s| (!s.chars().any(is_marker)).then_some(s))
        .collect()
}

/// For each path parameter that is a whole segment, its index and the segment's.
fn param_segments(op: &Operation) -> Vec<(usize, usize)> {
    marked_segments(op)
        .iter()
        .enumerate()
        .filter_map(|(at, s)| {
            let mut chars = s.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) if c != VAR && is_marker(c) => {
                    Some((u32::from(c) as usize - PARAM as usize, at))
                }
                _ => None,
            }
        })
        .collect()
}

fn is_marker(c: char) -> bool {
    c == VAR || u32::from(c) >= PARAM
}

/// The non-empty segments of the path, a parameter as its marker and a `{{variable}}` as
/// [`VAR`].
fn marked_segments(op: &Operation) -> Vec<String> {
    let literal = |l: &str| l.replace(is_marker, "");
    let mut path = String::new();
    for part in &op.path {
        match part {
            PathPart::Lit(l) => path.push_str(&literal(l)),
            PathPart::Param(i) => path.push(
                u32::try_from(*i)
                    .ok()
                    .and_then(|i| char::from_u32(PARAM + i))
                    .unwrap_or(VAR),
            ),
            PathPart::Template(t) => {
                for p in t {
                    match p {
                        Piece::Lit(l) => path.push_str(&literal(l)),
                        Piece::Var { .. } => path.push(VAR),
                    }
                }
            }
        }
    }
    path.split('/')
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// `pub mod stubs`: a handle per folder, as on the client, with a stub type per operation.
fn stubs_module(api: &Api) -> TokenStream {
    let features = Features::new(api, true);
    let body = stubs_of(&api.root, &[], &features);
    quote! {
        /// Typed stubs of the operations ([`Mock::stub`]), by folder as on the client.
        pub mod stubs {
            #body
        }
    }
}

/// The items of the stubs module of `m` (at `path` from the root): its handle, its
/// operations' stub types, and its sub-folders' modules.
fn stubs_of(m: &Module, path: &[String], features: &Features) -> TokenStream {
    let top = path.is_empty();
    let mut accessors = Vec::new();
    let mut children = Vec::new();
    for c in &m.modules {
        let cfg = if top {
            features.cfg_folder(&c.ident)
        } else {
            TokenStream::new()
        };
        let name = ident(&c.ident);
        let accessor = ident(&c.accessor);
        let doc = docs::attrs(&format!(
            "The stubs of the folder *{}*.",
            docs::one_line_title(&c.title)
        ));
        accessors.push(quote! {
            #cfg
            #doc
            pub fn #accessor(self) -> #name::Stubs<'m> {
                #name::Stubs { mock: self.mock }
            }
        });
        let mut child_path = path.to_vec();
        child_path.push(c.ident.clone());
        let items = stubs_of(c, &child_path, features);
        children.push(quote! {
            #cfg
            #doc
            pub mod #name { #items }
        });
    }
    let mut taken = Namespace::with_reserved(&["Stubs"]);
    let mut types = Vec::new();
    for op in &m.operations {
        if op.no_url {
            continue;
        }
        // A prefix may start with a digit (`_2faSetup`): a type name may not.
        let prefix = op.type_prefix.trim_start_matches('_');
        let lead = if prefix.starts_with(|c: char| c.is_ascii_digit()) {
            "Op"
        } else {
            ""
        };
        let name = taken.claim(&format!("{lead}{prefix}Stub"), true);
        let (accessor, ty) = op_stub(op, path, &m.handle, &name);
        accessors.push(accessor);
        types.push(ty);
    }
    let title = if top {
        "The stubs of the operations at the collection's root, and of its folders.".to_owned()
    } else {
        format!(
            "The stubs of the operations in the folder *{}*.",
            docs::one_line_title(&m.title)
        )
    };
    let doc = docs::attrs(&title);
    let mock = quote!(crate::mock::Mock);
    quote! {
        #doc
        #[derive(Clone, Copy, Debug)]
        pub struct Stubs<'m> {
            pub(crate) mock: &'m #mock,
        }

        impl<'m> Stubs<'m> {
            #(#accessors)*
        }

        #(#types)*
        #(#children)*
    }
}

/// A type from the operation's module, named from the crate root.
fn qualified(t: &TypeRef, module: &[String]) -> TypeRef {
    match t {
        TypeRef::Option(t) => TypeRef::Option(Box::new(qualified(t, module))),
        TypeRef::Vec(t) => TypeRef::Vec(Box::new(qualified(t, module))),
        TypeRef::Named { module: None, name } => TypeRef::Named {
            module: Some(module.to_vec()),
            name: name.clone(),
        },
        t => t.clone(),
    }
}

/// An operation's accessor on its folder's stubs handle, and its stub type.
fn op_stub(
    op: &Operation,
    module: &[String],
    handle: &str,
    name: &str,
) -> (TokenStream, TokenStream) {
    let root = CratePath::top(false).child();
    let ty = ident(name);
    let fn_name = ident(&op.ident);
    let handle = if module.is_empty() { "Client" } else { handle };
    let mut target = module.to_vec();
    target.push(handle.to_owned());
    target.push(op.ident.clone());
    let link = format!("[`{handle}::{}`](crate::{})", op.ident, target.join("::"));
    let method = &op.method;
    let host = proc_macro2::Literal::usize_unsuffixed(op.host);
    let path = segments(op).into_iter().map(|s| match s {
        Some(lit) => quote!(crate::runtime::mock::Segment::Lit(#lit)),
        None => quote!(crate::runtime::mock::Segment::Var),
    });
    let accessor_doc = docs::attrs(&format!(
        "A stub of {link}: `{} {}`.",
        op.method,
        op.path_template()
    ));
    let accessor = quote! {
        #accessor_doc
        pub fn #fn_name(self) -> #ty<'m> {
            #ty(self.mock.stub_of(#method, #host, &[#(#path),*]))
        }
    };
    let reply = quote!(crate::runtime::mock::Reply);
    let stubbed = quote!(crate::mock::Stubbed);
    let mut taken = Namespace::with_reserved(&[]);
    let for_params = param_segments(op).into_iter().filter_map(|(i, at)| {
        let p = op.path_params.get(i)?;
        // `for_` and the parameter's name, without the leading `_` of one like `_1st`.
        let name = taken.claim(&format!("for_{}", p.ident.trim_start_matches('_')), false);
        let f = ident(&name);
        let t = match p.ty {
            crate::model::Scalar::Str => quote!(&str),
            s => scalar_type(s),
        };
        let v = str_of(quote!(value), true, p.ty);
        let at = proc_macro2::Literal::usize_unsuffixed(at);
        let doc = docs::attrs(&format!(
            "Only for requests whose path parameter `{}` is `value`.",
            p.key.replace('`', "'")
        ));
        Some(quote! {
            #doc
            pub fn #f(self, value: #t) -> Self {
                Self(self.0.path_var(#at, #v))
            }
        })
    });
    let success = op
        .responses
        .iter()
        .find(|r| r.is_success())
        .map_or(200, |r| r.status);
    let ok_status = proc_macro2::Literal::u16_unsuffixed(success);
    let returns = match &op.types.ok {
        OkType::Raw => quote! {
            /// Answers with `response`'s status and body.
            pub fn returns(self, response: crate::Response) -> #stubbed {
                self.0.reply(#reply::bytes(response.status(), response.body().to_vec()))
            }
        },
        OkType::Unit => quote! {
            /// Answers with the saved success status and no body.
            pub fn returns(self) -> #stubbed {
                self.0.reply(#reply::bytes(#ok_status, Vec::new()))
            }
        },
        OkType::Text => quote! {
            /// Answers with `text`.
            pub fn returns(self, text: String) -> #stubbed {
                self.0.reply(#reply::text(#ok_status, text))
            }
        },
        OkType::Bytes => quote! {
            /// Answers with `body`.
            pub fn returns(self, body: Vec<u8>) -> #stubbed {
                self.0.reply(#reply::bytes(#ok_status, body))
            }
        },
        OkType::Json {
            ty,
            optional,
            empty,
        } => {
            let t = type_ref(&qualified(ty, module), root);
            if *optional {
                let none =
                    proc_macro2::Literal::u16_unsuffixed(empty.first().copied().unwrap_or(204));
                quote! {
                    /// Answers with `value` as JSON, or with no body for `None`.
                    pub fn returns(self, value: Option<#t>) -> #stubbed {
                        self.0.reply(match value {
                            Some(v) => #reply::json(#ok_status, &v),
                            None => #reply::bytes(#none, Vec::new()),
                        })
                    }
                }
            } else {
                quote! {
                    /// Answers with `value` as JSON.
                    pub fn returns(self, value: #t) -> #stubbed {
                        self.0.reply(#reply::json(#ok_status, &value))
                    }
                }
            }
        }
    };
    let fails = op.error_type.as_ref().map(|e| {
        let mut p = module.join("::");
        if !p.is_empty() {
            p.push_str("::");
        }
        p.push_str(e);
        let e = root.at(&p);
        let arms = op.error_statuses().into_iter().map(|status| {
            let v = ident(&status::variant(status));
            let json = op
                .types
                .errors
                .iter()
                .any(|x| x.status == status && x.json.is_some());
            let s = proc_macro2::Literal::u16_unsuffixed(status);
            if json {
                quote!(#e::#v(body) => #reply::json(#s, &body),)
            } else {
                quote!(#e::#v(body) => #reply::bytes(#s, body.into_bytes()),)
            }
        });
        quote! {
            /// Answers with `error`'s status and body: a documented error the call decodes
            /// into that very variant.
            pub fn fails(self, error: #e) -> #stubbed {
                self.0.reply(match error { #(#arms)* })
            }
        }
    });
    let doc = docs::attrs(&format!(
        "A stub of {link}: narrow it (`for_…` path parameters, [`query`](Self::query)), then \
         mount it with `returns` (its success type){}.",
        if op.error_type.is_some() {
            " or `fails` (a variant of its error enum)"
        } else {
            ""
        }
    ));
    let ty_def = quote! {
        #doc
        #[derive(Debug)]
        #[must_use = "a stub answers nothing until it is mounted (`returns` or `fails`)"]
        pub struct #ty<'m>(crate::runtime::mock::Stub<'m>);

        impl #ty<'_> {
            #(#for_params)*

            /// Only for requests with the query parameter `name` set to `value`.
            pub fn query(self, name: &str, value: &str) -> Self {
                Self(self.0.query(name, value))
            }

            /// The stub must be called exactly `times` times: dropping its `Stubbed` panics
            /// otherwise.
            pub fn expect(self, times: usize) -> Self {
                Self(self.0.expect(times))
            }

            #returns
            #fails
        }
    };
    (accessor, ty_def)
}

/// The docs of `Mock::start`: a test that replays an example call, and picks its first
/// documented error with a header; then every example call of the crate against the mock.
fn start_doc(api: &Api, crate_name: &str) -> String {
    let krate = crate_name.replace('-', "_");
    let mut d = String::from(
        "Starts a mock server on loopback (on a free port) with every saved example of the \
         collection, and points [`Mock::client`] at it: every host of the API, each with the \
         path of its default URL.",
    );
    // `tokio::main` needs tokio's `rt` and `macros`, which the `mock` feature's `wiremock`
    // turns on.
    let main = "# #[tokio::main(flavor = \"current_thread\")]\n# async fn main() {\n";
    if let Some(c) = example_call(api, crate_name) {
        let error = match c.error_status {
            Some(status) => format!(
                "\n// A documented error, picked with one header as on Postman's mock server.\n\
                 match client{call}.header(\"x-mock-response-code\", \"{status}\").await {{\n\
                 \x20   Ok(value) => println!(\"{{value:?}}\"),\n\
                 {documented}\
                 \x20   Err(e) => panic!(\"{{e:?}}\"),\n\
                 }}\n",
                call = c.call,
                documented = c.documented,
            ),
            None => String::new(),
        };
        let stub = match c.default_returns {
            Some(args) => format!(
                "\n// A typed stub answers ahead of the examples while it lives.\n\
                 let stub = mock.stub(){}.returns({args});\n\
                 println!(\"{{:?}}\", client{}.await);\n\
                 assert_eq!(stub.calls().len(), 1);\n",
                c.stub, c.call
            ),
            None => String::new(),
        };
        d.push_str(&format!(
            "\n\n```\n\
             {main}\
             use {krate}::mock::Mock;\n\
             use {krate}::Error;\n\
             {uses}\n\
             let mock = Mock::start().await;\n\
             let client = mock.client(){credentials};\n\
             // The saved example the request matches best: a 2xx one when there is one.\n\
             println!(\"{{:?}}\", client{call}.await);\n\
             {error}\
             {stub}\
             # }}\n\
             ```",
            uses = c.uses,
            credentials = c.credentials,
            call = c.call,
        ));
    }
    d.push_str(&format!(
        "\n\nWith the cargo feature `examples` too, every example call of the collection \
         (module `examples`) can run against it:\n\n\
         ```\n\
         {main}\
         # #[cfg(feature = \"examples\")] {{\n\
         let mock = {krate}::mock::Mock::start().await;\n\
         let client = mock.client();\n\
         for example in {krate}::examples::ALL {{\n\
         \x20   match (example.run)(&client).await {{\n\
         \x20       Ok(()) => println!(\"{{}}: replayed\", example.name),\n\
         \x20       Err(e) => println!(\"{{}}: {{e}}\", example.name),\n\
         \x20   }}\n\
         }}\n\
         # }}\n\
         # }}\n\
         ```"
    ));
    d
}
