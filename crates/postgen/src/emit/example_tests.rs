//! `src/example_tests.rs` of a generated crate (with `Builder::example_tests`; a `#[cfg(test)]`
//! module, so that it reaches the decoders): every response the collection saves, fed to the
//! operation's decode function, the code the client itself decodes responses with. A 2xx
//! response must decode into the `Ok` type, a documented error status into its variant.
//!
//! Then each JSON one again, mutated: every object field in it (the fields of the first item of
//! each array; at most [`MUTANTS`] per response) removed, and set to `null`, one at a time. Each
//! mutant must decode the same way (response fields are optional). The test prints two lines the
//! corpus suite reads:
//! `postgen-examples: <crate> decoded D/T (JSON J/JT), not JSON although declared so: S` and
//! `postgen-mutants: <crate> decoded D/T`.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;

use super::features::Features;
use super::tokens::ident;
use crate::model::{Api, Module, status, vars};

/// The prefix of the line the test prints.
pub const REPORT_PREFIX: &str = "postgen-examples:";

/// The prefix of the mutation line.
pub const MUTANTS_PREFIX: &str = "postgen-mutants:";

/// The prefix of the replay line.
pub const REPLAYED_PREFIX: &str = "postgen-replayed:";

/// The most fields mutated in one saved response (evenly sampled beyond that).
pub const MUTANTS: usize = 48;

/// The checks of a folder are behind its feature, like the folder.
pub fn test_file(api: &Api, features: &Features) -> TokenStream {
    let mut checks = Checks::default();
    walk(
        &api.root,
        &quote!(crate),
        &quote!(crate::examples),
        "",
        None,
        features,
        &mut checks,
    );
    // The helpers are unused when the features of the folders that call them are off.
    let gated = checks.gated.then(|| quote!(#[allow(dead_code)]));
    let report = format!(
        "{REPORT_PREFIX} {{}} decoded {{}}/{{}} (JSON {{}}/{{}}), not JSON although declared so: {}",
        checks.unreadable
    );
    let mutants_report = format!("{MUTANTS_PREFIX} {{}} decoded {{}}/{{}}");
    let replay = replay_test(api, &checks);
    if checks.success.is_empty() && checks.error.is_empty() {
        return quote! {
            #[test]
            fn saved_responses_decode() {
                println!(#report, env!("CARGO_PKG_NAME"), 0, 0, 0, 0);
                println!(#mutants_report, env!("CARGO_PKG_NAME"), 0, 0);
            }

            #replay
        };
    }
    let success_fn = (!checks.success.is_empty()).then(|| {
        quote! {
            #gated
            fn success<T, E: std::fmt::Debug>(
                &mut self,
                what: &str,
                json: bool,
                body: &str,
                decode: impl Fn(&str) -> Result<T, Error<E>>,
            ) {
                let check = |b: &str| decode(b).map(|_| ()).map_err(|e| e.to_string());
                self.record(what, json, body, &check);
            }
        }
    });
    let error_fn = (!checks.error.is_empty()).then(|| {
        quote! {
            #gated
            fn error<T, E: std::fmt::Debug>(
                &mut self,
                what: &str,
                json: bool,
                body: &str,
                decode: impl Fn(&str) -> Result<T, Error<E>>,
                expected: fn(&E) -> bool,
            ) {
                let check = |b: &str| match decode(b) {
                    Err(Error::Api(e)) if expected(&e) => Ok(()),
                    Err(e) => Err(e.to_string()),
                    Ok(_) => Err("decoded as a success".to_owned()),
                };
                self.record(what, json, body, &check);
            }
        }
    });
    let all = checks.success.iter().chain(&checks.error);
    let mutants = proc_macro2::Literal::usize_unsuffixed(MUTANTS);
    quote! {
        //! Every response the collection saves, decoded by the function the client decodes
        //! responses with (a 2xx response into the operation's `Ok` type, a documented error
        //! status into its variant), and again with each of its fields removed or `null`.
        //! Placeholders in saved bodies (`"<integer>"`, `{{id}}`) are replaced by values of
        //! their type, as a server would send them.
        // Error payloads are kept unboxed (see the decoders), so results may be large.
        #![allow(clippy::result_large_err)]

        use crate::{Error, Response};

        #[derive(Default)]
        struct Tally {
            decoded: usize,
            total: usize,
            json_decoded: usize,
            json_total: usize,
            mutants_decoded: usize,
            mutants: usize,
            failures: Vec<String>,
        }

        impl Tally {
            #success_fn
            #error_fn

            fn record(
                &mut self,
                what: &str,
                json: bool,
                body: &str,
                check: &dyn Fn(&str) -> Result<(), String>,
            ) {
                self.total += 1;
                self.json_total += usize::from(json);
                match check(body) {
                    Ok(()) => {
                        self.decoded += 1;
                        self.json_decoded += usize::from(json);
                    }
                    Err(e) => {
                        self.failures.push(format!("{what}: {e}"));
                        return;
                    }
                }
                let Ok(value) = serde_json::from_str::<serde_json::Value>(body) else {
                    return;
                };
                for (path, mutant) in mutants(&value) {
                    self.mutants += 1;
                    match check(&mutant.to_string()) {
                        Ok(()) => self.mutants_decoded += 1,
                        Err(e) => self.failures.push(format!("{what}, {path}: {e}")),
                    }
                }
            }
        }

        /// Each object field of `value` (those of the first item of an array), removed and set
        /// to `null`, one at a time; at most this many fields, evenly sampled.
        fn mutants(value: &serde_json::Value) -> Vec<(String, serde_json::Value)> {
            fn fields(v: &serde_json::Value, at: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
                match v {
                    serde_json::Value::Object(m) => {
                        for (k, x) in m {
                            at.push(Step::Key(k.clone()));
                            out.push(at.clone());
                            fields(x, at, out);
                            at.pop();
                        }
                    }
                    serde_json::Value::Array(items) => {
                        if let Some(first) = items.first() {
                            at.push(Step::Index(0));
                            fields(first, at, out);
                            at.pop();
                        }
                    }
                    _ => {}
                }
            }
            let mut paths = Vec::new();
            fields(value, &mut Vec::new(), &mut paths);
            let step = paths.len().div_ceil(#mutants).max(1);
            let mut out = Vec::new();
            for path in paths.into_iter().step_by(step) {
                let shown = path.iter().map(Step::shown).collect::<String>();
                for null in [false, true] {
                    let mut m = value.clone();
                    change(&mut m, &path, null);
                    out.push((format!("{shown} {}", if null { "null" } else { "removed" }), m));
                }
            }
            out
        }

        #[derive(Clone)]
        enum Step {
            Key(String),
            Index(usize),
        }

        impl Step {
            fn shown(&self) -> String {
                match self {
                    Step::Key(k) => format!(".{k}"),
                    Step::Index(i) => format!("[{i}]"),
                }
            }
        }

        /// Removes the field at `path`, or sets it to `null`.
        fn change(v: &mut serde_json::Value, path: &[Step], null: bool) {
            let Some((last, init)) = path.split_last() else {
                return;
            };
            let mut at = v;
            for s in init {
                at = match (s, at) {
                    (Step::Key(k), serde_json::Value::Object(m)) => match m.get_mut(k) {
                        Some(x) => x,
                        None => return,
                    },
                    (Step::Index(i), serde_json::Value::Array(a)) => match a.get_mut(*i) {
                        Some(x) => x,
                        None => return,
                    },
                    _ => return,
                };
            }
            if let (Step::Key(k), serde_json::Value::Object(m)) = (last, at) {
                if null {
                    m.insert(k.clone(), serde_json::Value::Null);
                } else {
                    m.remove(k);
                }
            }
        }

        #gated
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
            println!(#mutants_report, env!("CARGO_PKG_NAME"), t.mutants_decoded, t.mutants);
            assert!(
                t.failures.is_empty(),
                "{} saved responses or their mutants do not decode:\n{}",
                t.failures.len(),
                t.failures.join("\n")
            );
        }

        #replay
    }
}

/// `mod replay`, with the features it needs (`mock` and `examples`): each saved example's
/// example call, made through HTTP against the replay mock with the headers that pick that
/// example, must decode as the saved status says (a 2xx into the `Ok` type, a documented error
/// into its variant). It prints `postgen-replayed: <crate> replayed R/T, not sent U`; an example
/// call that cannot be made (a variable without a value, a file that is not there) is not sent,
/// and is listed, not failed.
fn replay_test(api: &Api, checks: &Checks) -> TokenStream {
    // What a test would set: every variable without a value gets a stand-in (the mock matches
    // a `{{variable}}` segment whatever its value; `1` also fits a number in a JSON body).
    let stand_ins = checks.variables.iter().filter(|name| {
        !api.variables
            .iter()
            .any(|v| &v.name == *name && v.default.is_some())
    });
    let report = format!("{REPLAYED_PREFIX} {{}} replayed {{}}/{{}}, not sent {{}}");
    // In the collection's order, as newman runs it: what one response captures, a later
    // request uses.
    let mut statements: Vec<_> = checks.replay.iter().collect();
    statements.sort_by_key(|(order, _)| *order);
    let statements = statements.iter().map(|(_, s)| s);
    // A request signed by a scheme the runtime leaves to a signer (Digest, Hawk, …) is not
    // sent without one; the mock checks no signature, so a test passes it through.
    let signer =
        (api.auth_kinds.signed || api.auth_kinds.oauth1).then(|| quote!(.with_signer(|_| Ok(()))));
    let gated = checks.gated.then(|| quote!(#[allow(dead_code)]));
    if checks.replay.is_empty() {
        return quote! {
            #[cfg(all(feature = "mock", feature = "examples"))]
            #[test]
            fn saved_examples_replay() {
                println!(#report, env!("CARGO_PKG_NAME"), 0, 0, 0);
            }
        };
    }
    quote! {
        /// Each saved example's example call, through HTTP against the replay mock.
        #[cfg(all(feature = "mock", feature = "examples"))]
        mod replay {
            use crate::examples::ExampleFuture;
            use crate::mock::Mock;
            use crate::{Client, Error};

            #[derive(Default)]
            struct Replayed {
                replayed: usize,
                total: usize,
                /// Example calls that could not be made, with why.
                unsent: Vec<String>,
                failures: Vec<String>,
            }

            impl Replayed {
                /// Makes the example call `run` on a clone of `client` (whose variables it
                /// shares, so that captures flow) that asks the mock for the example of this
                /// status (and name, where a header can carry it). `expected`: the error variant
                /// it must decode into, `None` for a success.
                #gated
                async fn replay<E: std::fmt::Debug + 'static>(
                    &mut self,
                    client: &Client,
                    what: &str,
                    name: Option<&str>,
                    status: u16,
                    run: for<'a> fn(&'a Client) -> ExampleFuture<'a>,
                    expected: Option<fn(&E) -> bool>,
                ) {
                    self.total += 1;
                    let mut client = client
                        .clone()
                        .with_header("x-mock-response-code", status.to_string());
                    if let Some(name) = name {
                        client = client.with_header("x-mock-response-name", name);
                    }
                    let error = match run(&client).await {
                        Ok(()) if expected.is_none() => {
                            self.replayed += 1;
                            return;
                        }
                        Ok(()) => {
                            self.failures.push(format!("{what}: decoded as a success"));
                            return;
                        }
                        Err(e) => e,
                    };
                    match (error.downcast_ref::<Error<E>>(), expected) {
                        (Some(Error::Api(e)), Some(expected)) if expected(e) => self.replayed += 1,
                        // Refused before sending: the example's values cannot be used here.
                        (Some(Error::InvalidRequest(why)), _) => {
                            self.unsent.push(format!("{what}: {why}"))
                        }
                        (Some(e), _) => self.failures.push(format!("{what}: {e}")),
                        // Not the client's error: preparing the example's values failed.
                        (None, _) => self.unsent.push(format!("{what}: {error}")),
                    }
                }
            }

            #[tokio::test]
            async fn saved_examples_replay() {
                let mock = Mock::start().await;
                let client = mock.client() #(.with_variable(#stand_ins, "1"))* #signer;
                let mut t = Replayed::default();
                #(#statements)*
                println!(#report, env!("CARGO_PKG_NAME"), t.replayed, t.total, t.unsent.len());
                for u in &t.unsent {
                    println!("not sent: {u}");
                }
                assert!(
                    t.failures.is_empty(),
                    "{} saved examples do not replay:\n{}",
                    t.failures.len(),
                    t.failures.join("\n")
                );
            }
        }
    }
}

/// The statements of the test, by the helper they call.
#[derive(Default)]
struct Checks {
    success: Vec<TokenStream>,
    error: Vec<TokenStream>,
    /// The statements of the replay test (each saved example's example call, through the
    /// mock), by where their request is in the collection.
    replay: Vec<(u32, TokenStream)>,
    /// The variables the replayed requests refer to.
    variables: BTreeSet<String>,
    /// 2xx responses that say they are JSON and are not: skipped (a warning names each).
    unreadable: usize,
    /// Some statement is behind a folder's feature.
    gated: bool,
}

/// The checks of `m`'s operations and of its sub-folders'. `cfg`: that of the top-level folder
/// `m` is in (`None` at the root).
fn walk(
    m: &Module,
    path: &TokenStream,
    examples: &TokenStream,
    shown: &str,
    cfg: Option<&TokenStream>,
    features: &Features,
    checks: &mut Checks,
) {
    for op in &m.operations {
        let decode = ident(&op.decode_fn);
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
            let decode = quote!(|b: &str| #path::#decode(response(#status, b)));
            let expected = match &op.error_type {
                Some(enum_name) if !r.is_success() => {
                    let en = ident(enum_name);
                    let v = ident(&status::variant(r.status));
                    let expected = quote!(|e| matches!(e, #path::#en::#v(_)));
                    checks.error.push(quote!(
                        #cfg t.error(#what, #json, #body, #decode, #expected);
                    ));
                    quote!(Some(#expected))
                }
                _ => {
                    checks
                        .success
                        .push(quote!(#cfg t.success(#what, #json, #body, #decode);));
                    quote!(None)
                }
            };
            if !op.no_url {
                let error = match &op.error_type {
                    Some(enum_name) => {
                        let en = ident(enum_name);
                        quote!(#path::#en)
                    }
                    None => quote!(crate::runtime::Undocumented),
                };
                let name = match header_text(&r.name) {
                    Some(n) => quote!(Some(#n)),
                    None => quote!(None),
                };
                let call = ident(&op.ident);
                checks.variables.extend(
                    op.variables_used
                        .iter()
                        .filter(|v| !vars::is_dynamic(v))
                        .cloned(),
                );
                checks.replay.push((
                    op.span.start,
                    quote!(
                        #cfg t.replay::<#error>(
                            &client, #what, #name, #status,
                            |c| Box::pin(#examples::#call(c)), #expected,
                        ).await;
                    ),
                ));
            }
        }
    }
    for c in &m.modules {
        let i = ident(&c.ident);
        let own;
        let cfg = match cfg {
            Some(cfg) => cfg,
            None => {
                own = features.cfg_folder(&c.ident);
                checks.gated |= !own.is_empty();
                &own
            }
        };
        walk(
            c,
            &quote!(#path::#i),
            &quote!(#examples::#i),
            &format!("{shown}{}::", c.ident),
            Some(cfg),
            features,
            checks,
        );
    }
}

/// The example's name as `x-mock-response-name` can carry it (the mock compares names by
/// their words): `None` when it is not printable ASCII, which a header value cannot be.
fn header_text(name: &str) -> Option<String> {
    let words: String = name.split_whitespace().collect::<Vec<_>>().join(" ");
    (!words.is_empty() && words.bytes().all(|b| (0x20..0x7f).contains(&b))).then_some(words)
}

/// The response's name on one line, cut to 60 characters.
fn one_line(s: &str) -> String {
    let s: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    match s.char_indices().nth(60) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s,
    }
}
