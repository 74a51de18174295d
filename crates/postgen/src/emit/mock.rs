//! `src/mock.rs` of a generated crate (cargo feature `mock`): the collection's saved examples
//! as a table of literals, and `Mock::start`, which serves them on loopback (the runtime's
//! `mock` module matches requests to them). Every example is in the table whatever folder
//! features are on: it is data, and names no type of a folder.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs;
use super::quick_start::example_call;
use crate::model::{Api, Module, Operation, PathPart, Piece, QueryKind};

/// Stands for a path variable while the path is cut into segments (it is no character of a
/// collection's path: the model keeps no control characters in literals).
const VAR: char = '\u{0}';

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
         headers `x-mock-response-name` and `x-mock-response-code` (a test picks a documented \
         error with one header), then the path (path variables and `{{variables}}` match any \
         segment; literal segments win), then the query. A request no example matches gets \
         `501 Not Implemented`, whose message names the closest operations.",
    );
    let start_doc = docs::attrs(&start_doc(api, crate_name));
    quote! {
        #module_doc

        use crate::runtime::mock::Example;
        #segment
        pub use crate::runtime::mock::{wiremock, Mock};

        impl Mock {
            #start_doc
            pub async fn start() -> Mock {
                Mock::replay(&crate::API, EXAMPLES).await
            }
        }

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
    let template = op.path_template();
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
    let mut path = String::new();
    for part in &op.path {
        match part {
            PathPart::Lit(l) => path.push_str(&l.replace(VAR, "")),
            PathPart::Param(_) => path.push(VAR),
            PathPart::Template(t) => {
                for p in t {
                    match p {
                        Piece::Lit(l) => path.push_str(&l.replace(VAR, "")),
                        Piece::Var { .. } => path.push(VAR),
                    }
                }
            }
        }
    }
    path.split('/')
        .filter(|s| !s.is_empty())
        .map(|s| (!s.contains(VAR)).then(|| s.to_owned()))
        .collect()
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
