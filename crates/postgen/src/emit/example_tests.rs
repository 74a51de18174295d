//! `tests/examples.rs` of a generated crate (with `Builder::example_tests`): every response the
//! collection saves, fed to the operation's decode function, the code the client itself decodes
//! responses with. A 2xx response must decode into the `Ok` type, a documented error status into
//! its variant. The test prints a line the corpus suite reads:
//! `postgen-examples: <crate> decoded D/T (JSON J/JT), not JSON although declared so: S`.

use proc_macro2::TokenStream;
use quote::quote;

use super::Options;
use super::tokens::ident;
use crate::model::status;
use crate::model::{Api, Module};

/// The prefix of the line the test prints.
pub const REPORT_PREFIX: &str = "postgen-examples:";

pub fn test_file(api: &Api, opts: &Options) -> TokenStream {
    let krate = ident(&opts.crate_name.replace('-', "_"));
    let mut checks = Checks::default();
    walk(&api.root, &quote!(#krate), "", &mut checks);
    let docs = quote! {
        //! Every response the collection saves, decoded by the function the client decodes
        //! responses with: a 2xx response into the operation's `Ok` type, a documented error
        //! status into its variant. Placeholders in saved bodies (`"<integer>"`, `{{id}}`) are
        //! replaced by values of their type, as a server would send them.
    };
    let report = format!(
        "{REPORT_PREFIX} {{}} decoded {{}}/{{}} (JSON {{}}/{{}}), not JSON although declared so: {}",
        checks.unreadable
    );
    if checks.success.is_empty() && checks.error.is_empty() {
        return quote! {
            #docs

            #[test]
            fn saved_responses_decode() {
                println!(#report, env!("CARGO_PKG_NAME"), 0, 0, 0, 0);
            }
        };
    }
    let success_fn = (!checks.success.is_empty()).then(|| {
        quote! {
            fn success<T, E: std::fmt::Debug>(
                &mut self,
                what: &str,
                json: bool,
                result: Result<T, Error<E>>,
            ) {
                self.record(what, json, result.map(|_| ()).map_err(|e| e.to_string()));
            }
        }
    });
    let error_fn = (!checks.error.is_empty()).then(|| {
        quote! {
            fn error<T, E: std::fmt::Debug>(
                &mut self,
                what: &str,
                json: bool,
                result: Result<T, Error<E>>,
                expected: fn(&E) -> bool,
            ) {
                let outcome = match result {
                    Err(Error::Api(e)) if expected(&e) => Ok(()),
                    Err(e) => Err(e.to_string()),
                    Ok(_) => Err("decoded as a success".to_owned()),
                };
                self.record(what, json, outcome);
            }
        }
    });
    let all = checks.success.iter().chain(&checks.error);
    quote! {
        #docs

        use #krate::runtime::Response;
        use #krate::Error;

        #[derive(Default)]
        struct Tally {
            decoded: usize,
            total: usize,
            json_decoded: usize,
            json_total: usize,
            failures: Vec<String>,
        }

        impl Tally {
            #success_fn
            #error_fn

            fn record(&mut self, what: &str, json: bool, outcome: Result<(), String>) {
                self.total += 1;
                self.json_total += usize::from(json);
                match outcome {
                    Ok(()) => {
                        self.decoded += 1;
                        self.json_decoded += usize::from(json);
                    }
                    Err(e) => self.failures.push(format!("{what}: {e}")),
                }
            }
        }

        fn response(status: u16, body: &str) -> Response {
            Response::new(status, Default::default(), body.as_bytes().to_vec())
        }

        #[test]
        fn saved_responses_decode() {
            let mut t = Tally::default();
            #(#all)*
            println!(
                #report,
                env!("CARGO_PKG_NAME"), t.decoded, t.total, t.json_decoded, t.json_total
            );
            assert!(
                t.failures.is_empty(),
                "{} of {} saved responses do not decode:\n{}",
                t.failures.len(),
                t.total,
                t.failures.join("\n")
            );
        }
    }
}

/// The statements of the test, by the helper they call.
#[derive(Default)]
struct Checks {
    success: Vec<TokenStream>,
    error: Vec<TokenStream>,
    /// 2xx responses that say they are JSON and are not: skipped (a warning names each).
    unreadable: usize,
}

fn walk(m: &Module, path: &TokenStream, shown: &str, checks: &mut Checks) {
    for op in &m.operations {
        let decode = ident(&op.types.decode_fn);
        for e in &op.types.examples {
            let Some(r) = op.responses.get(e.response) else {
                continue;
            };
            if e.unreadable {
                checks.unreadable += 1;
                continue;
            }
            let what = format!("{shown}{} {} {}", op.ident, r.status, one_line(&r.name));
            let body = e
                .realized
                .as_deref()
                .unwrap_or(r.body.as_deref().unwrap_or(""));
            let status = proc_macro2::Literal::u16_unsuffixed(r.status);
            let json = e.json;
            let call = quote!(#path::#decode(response(#status, #body)));
            match &op.error_type {
                Some(enum_name) if !r.is_success() => {
                    let en = ident(enum_name);
                    let v = ident(&status::variant(r.status));
                    checks.error.push(quote!(
                        t.error(#what, #json, #call, |e| matches!(e, #path::#en::#v(_)));
                    ));
                }
                _ => checks.success.push(quote!(t.success(#what, #json, #call);)),
            }
        }
    }
    for c in &m.modules {
        let i = ident(&c.ident);
        walk(
            c,
            &quote!(#path::#i),
            &format!("{shown}{}::", c.ident),
            checks,
        );
    }
}

/// The response's name on one line, cut to 60 characters.
fn one_line(s: &str) -> String {
    let s: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    match s.char_indices().nth(60) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s,
    }
}
