//! What an operation's scripts store in variables: the statements that hand the runtime its
//! captures and presets (names, JSON paths, header names and literals, all as Rust literals:
//! nothing of a script is pasted), and the paragraph of its docs that says what they do.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use crate::model::{Capture, Credential, Operation};
use crate::script::{Condition, Dynamic, Scope, Step, Text, Value};

/// `req.presets(…);`, to go right after the request is started (before its templates are
/// rendered), when the operation has presets.
pub fn presets_stmt(op: &Operation) -> Option<TokenStream> {
    stmt(&op.presets, quote!(PRESETS), quote!(presets))
}

/// `req.captures(…);`, when the operation has captures.
pub fn captures_stmt(op: &Operation) -> Option<TokenStream> {
    stmt(&op.captures, quote!(CAPTURES), quote!(captures))
}

/// The list as a `const` named `name`, handed to the request's method `method`.
fn stmt(list: &[Capture], name: TokenStream, method: TokenStream) -> Option<TokenStream> {
    if list.is_empty() {
        return None;
    }
    let list = captures(list);
    Some(quote! {
        const #name: &[runtime::Capture] = #list;
        req.#method(#name);
    })
}

fn captures(list: &[Capture]) -> TokenStream {
    let items = list.iter().map(|c| {
        let name = &c.name;
        let value = source(&c.value);
        let statuses = c
            .when
            .statuses
            .iter()
            .flatten()
            .map(|s| Literal::u16_unsuffixed(*s));
        // `only_if_present` needs no check: a path the body lacks stores nothing anyway.
        let checks = c.when.conditions.iter().filter_map(check);
        let credential = match c.credential {
            Some(Credential::BearerToken) => quote!(Some(runtime::Credential::BearerToken)),
            Some(Credential::ApiKey) => quote!(Some(runtime::Credential::ApiKey)),
            None => quote!(None),
        };
        quote! {
            runtime::Capture {
                name: #name,
                value: #value,
                statuses: &[#(#statuses),*],
                checks: &[#(#checks),*],
                credential: #credential,
            }
        }
    });
    quote!(&[#(#items),*])
}

fn source(v: &Value) -> TokenStream {
    let s = quote!(runtime::Source);
    match v {
        Value::Json(path) => {
            let p = steps(path);
            quote!(#s::Json(#p))
        }
        Value::Header(h) => quote!(#s::Header(#h)),
        Value::Body => quote!(#s::Body),
        Value::Status => quote!(#s::Status),
        Value::Literal(l) => quote!(#s::Literal(#l)),
        Value::Variable { name, .. } => quote!(#s::Variable(#name)),
        Value::Dynamic(d) => {
            let m = quote!(runtime::Made);
            let made = match d {
                Dynamic::UnixMillis => quote!(#m::UnixMillis),
                Dynamic::UnixSeconds => quote!(#m::UnixSeconds),
                Dynamic::IsoTimestamp => quote!(#m::IsoTimestamp),
                Dynamic::Uuid => quote!(#m::Uuid),
                Dynamic::Random => quote!(#m::Random),
                Dynamic::Postman(n) => {
                    let n = format!("${n}");
                    quote!(#m::Dynamic(#n))
                }
                // The model keeps no formatted date (the runtime has no formatter).
                Dynamic::Date { .. } => quote!(#m::IsoTimestamp),
            };
            quote!(#s::Made(#made))
        }
        Value::Concat(parts) => {
            let parts = parts.iter().map(source);
            quote!(#s::Concat(&[#(#parts),*]))
        }
        Value::Unset => quote!(#s::Unset),
        // The model keeps no XML value.
        Value::Xml(_) => quote!(#s::Unset),
    }
}

fn steps(path: &[Step]) -> TokenStream {
    let st = quote!(runtime::Step);
    let items = path.iter().filter_map(|step| {
        Some(match step {
            Step::Key(k) => quote!(#st::Key(#k)),
            Step::Index(i) => {
                let i = Literal::usize_unsuffixed(*i);
                quote!(#st::Index(#i))
            }
            Step::Find { key, equals } => {
                let key = steps(key);
                let equals = source(equals);
                quote!(#st::Find { key: #key, equals: &#equals })
            }
            Step::Each => return None,
        })
    });
    quote!(&[#(#items),*])
}

/// A condition the runtime checks; those on the request were decided by the model.
fn check(c: &Condition) -> Option<TokenStream> {
    let ch = quote!(runtime::Check);
    Some(match c {
        Condition::Present { path, negated } => {
            let path = steps(path);
            quote!(#ch::Present { path: #path, negated: #negated })
        }
        Condition::Contains {
            within,
            text,
            negated,
        } => {
            let header = match within {
                Text::Body => quote!(None),
                Text::Header(h) => quote!(Some(#h)),
            };
            quote!(#ch::Contains { header: #header, text: #text, negated: #negated })
        }
        Condition::Variable {
            name,
            equals,
            negated,
            ..
        } => {
            let equals = match equals {
                Some(e) => quote!(Some(#e)),
                None => quote!(None),
            };
            quote!(#ch::Variable { name: #name, equals: #equals, negated: #negated })
        }
        Condition::Request { .. } => return None,
    })
}

/// The docs' paragraph on what the operation's scripts set, or nothing.
pub fn docs(op: &Operation) -> String {
    let mut d = String::new();
    if op.captures.is_empty() && op.presets.is_empty() && op.reads_captured.is_empty() {
        return d;
    }
    d.push_str("\n\n# Variables\n\n");
    d.push_str(
        "Its part in the collection's workflow, as the scripts say (read, never run; \
         `Client::with_captures(false)` turns capturing off):\n\n",
    );
    for c in &op.presets {
        d.push_str(&format!(
            "- before sending, sets `{}` to {}{}{}\n",
            c.name,
            describe(&c.value),
            credential(c),
            used_by(c)
        ));
    }
    for (name, storers) in &op.reads_captured {
        let names: Vec<String> = storers.iter().take(3).map(|p| format!("`{p}`")).collect();
        let more = match storers.len().saturating_sub(3) {
            0 => String::new(),
            n => format!(" and {n} more"),
        };
        let (what, setter) = match &op.credential_var {
            Some((var, Credential::BearerToken)) if var == name => {
                (" as its bearer token", "Client::with_bearer_token")
            }
            Some((var, Credential::ApiKey)) if var == name => {
                (" as its API key", "Client::with_api_key")
            }
            _ => ("", "Client::set_variable"),
        };
        d.push_str(&format!(
            "- reads `{name}`{what}, which {}{more} store{} (or set it with `{setter}`)\n",
            names.join(", "),
            if storers.len() == 1 { "s" } else { "" }
        ));
    }
    for c in &op.captures {
        d.push_str(&format!(
            "- stores {} as `{}`{}{}{}{}\n",
            describe(&c.value),
            c.name,
            when(c),
            scope(c.scope),
            credential(c),
            used_by(c)
        ));
    }
    d
}

/// One line on a capture or preset, for `postgen inspect`: `token <- the response's `data.token``.
pub(crate) fn summary(c: &Capture) -> String {
    let mut s = format!("{} <- {}{}", c.name, describe(&c.value), when(c));
    if c.credential.is_some() {
        s.push_str(" [credential]");
    }
    s.replace('`', "")
}

fn describe(v: &Value) -> String {
    match v {
        Value::Json(path) if path.is_empty() => "the response body".to_owned(),
        Value::Json(path) => format!("the response's `{}`", path_text(path)),
        Value::Xml(path) => format!("the XML response's `{}`", path_text(path)),
        Value::Header(h) => format!("the response header `{h}`"),
        Value::Body => "the response body".to_owned(),
        Value::Status => "the response status".to_owned(),
        Value::Literal(l) => format!("`{}`", l.replace('`', "'")),
        Value::Variable { name, .. } => format!("the value of `{name}`"),
        Value::Dynamic(d) => match d {
            Dynamic::UnixMillis => "the time in milliseconds since 1970".to_owned(),
            Dynamic::UnixSeconds => "the time in seconds since 1970".to_owned(),
            Dynamic::IsoTimestamp => "the time (ISO 8601)".to_owned(),
            Dynamic::Uuid => "a random UUID".to_owned(),
            Dynamic::Random => "a random number".to_owned(),
            Dynamic::Postman(n) => format!("a fresh `{{{{${n}}}}}`"),
            Dynamic::Date { .. } => "a date".to_owned(),
        },
        Value::Concat(parts) => {
            let parts: Vec<String> = parts.iter().map(describe).collect();
            format!("the text of {}", parts.join(" + "))
        }
        Value::Unset => "nothing (removes it)".to_owned(),
    }
}

/// `data.items[0].id`, as a reader writes a JSON path.
fn path_text(path: &[Step]) -> String {
    let mut s = String::new();
    for step in path {
        match step {
            Step::Key(k) if !k.is_empty() && k.chars().all(|c| c.is_alphanumeric() || c == '_') => {
                if !s.is_empty() {
                    s.push('.');
                }
                s.push_str(k);
            }
            Step::Key(k) => s.push_str(&format!("[{k:?}]")),
            Step::Index(i) => s.push_str(&format!("[{i}]")),
            Step::Find { key, equals } => {
                s.push_str(&format!("[{} = {}]", path_text(key), describe(equals)))
            }
            Step::Each => s.push_str("[*]"),
        }
    }
    s.replace('`', "'")
}

fn when(c: &Capture) -> String {
    let mut parts = Vec::new();
    if let Some(statuses) = &c.when.statuses {
        let s: Vec<String> = statuses.iter().map(u16::to_string).collect();
        parts.push(format!("on status {}", s.join(", ")));
    }
    if c.when.only_if_present {
        parts.push("when it is present".to_owned());
    }
    if !c.when.conditions.is_empty() {
        parts.push("under the script's conditions".to_owned());
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!(" ({})", parts.join(", "))
    }
}

fn scope(s: Scope) -> &'static str {
    match s {
        Scope::Environment => ", an environment variable in Postman",
        Scope::Collection => ", a collection variable in Postman",
        Scope::Globals => ", a global in Postman",
        Scope::Local => ", a local variable in Postman",
    }
}

fn credential(c: &Capture) -> &'static str {
    match c.credential {
        Some(Credential::BearerToken) => {
            "; it is also the bearer token of the requests whose auth reads it"
        }
        Some(Credential::ApiKey) => "; it is also the API key of the requests whose auth reads it",
        None => "",
    }
}

fn used_by(c: &Capture) -> String {
    let others = &c.used_by;
    if others.is_empty() {
        return String::new();
    }
    let names: Vec<String> = others.iter().take(5).map(|p| format!("`{p}`")).collect();
    let more = match others.len().saturating_sub(5) {
        0 => String::new(),
        n => format!(" and {n} more"),
    };
    format!("; used by {}{more}", names.join(", "))
}
