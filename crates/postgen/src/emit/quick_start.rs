//! The quick start on a crate's front page: a client with its credentials, one call, and its
//! documented error matched, as a doctest that compiles (`no_run`). It calls an operation whose
//! arguments can be written from the collection's examples alone; without one, there is none.
//!
//! The example values become string and number literals through `proc_macro2::Literal`, so no
//! text of the collection is ever code; names are the model's identifiers.

use proc_macro2::Literal;

use super::constructor;

use crate::model::{Api, Auth, Module, Operation, Param, Scalar};

/// One operation's call written from the collection's examples, in pieces, for the docs that
/// show one (the quick start, the mock's).
pub struct ExampleCall {
    /// The crate's name as a path: `zoom_api`.
    pub krate: String,
    /// `use` lines of the call's error enum (empty without one).
    pub uses: String,
    /// The client's credential setter for the call's auth (`.with_bearer_token("your token")`).
    pub credentials: &'static str,
    /// `.webinars().get_a_live_stream("1")`.
    pub call: String,
    /// Match arms of the documented errors (empty without any), indented for a `match`.
    pub documented: String,
    /// The first documented error status.
    pub error_status: Option<u16>,
    /// `.webinars().get_a_live_stream()`: the path to the operation's stub, from `mock.stub()`.
    pub stub: String,
    /// The arguments of its stub's `returns` for a default value (`None`: the raw response,
    /// which has no default).
    pub default_returns: Option<&'static str>,
}

/// The call of an operation whose arguments can be written from the collection's examples
/// alone (by preference one with a documented error), or `None` without one.
pub fn example_call(api: &Api, crate_name: &str) -> Option<ExampleCall> {
    let (chain, op) = pick(api)?;
    let krate = crate_name.replace('-', "_");
    let modules: Vec<&str> = Module::path_of(&chain).collect();
    let accessors: String = chain
        .iter()
        .skip(1)
        .map(|m| format!(".{}()", m.accessor))
        .collect();
    let args: Vec<String> = op.path_params.iter().map(argument).collect();
    let mut args = args;
    if let Some(p) = &op.params_type {
        args.push(format!("&{}::default()", type_path(&krate, &modules, p)));
    }
    let credentials = match &op.auth {
        Auth::Bearer | Auth::OAuth2 { .. } => ".with_bearer_token(\"your token\")",
        Auth::Basic => ".with_basic_auth(\"user\", \"password\")",
        Auth::ApiKey { .. } => ".with_api_key(\"your key\")",
        _ => "",
    };
    let error_status = op.error_statuses().first().copied();
    let (uses, mut documented) = match (&op.error_type, error_status) {
        (Some(e), Some(status)) => (
            format!("use {};\n", type_path(&krate, &modules, e)),
            format!(
                "    Err(Error::Api({e}::{}(body))) => eprintln!(\"documented error `{status}`: {{body:?}}\"),\n",
                crate::model::status::variant(status)
            ),
        ),
        _ => (String::new(), String::new()),
    };
    if op.error_type.is_some() && op.error_statuses().len() > 1 {
        documented.push_str(
            "    Err(Error::Api(other)) => eprintln!(\"another documented error: {other:?}\"),\n",
        );
    }
    let default_returns = match op.types.ok {
        crate::model::OkType::Raw => None,
        crate::model::OkType::Unit => Some(""),
        _ => Some("Default::default()"),
    };
    Some(ExampleCall {
        call: format!("{accessors}.{}({})", op.ident, args.join(", ")),
        stub: format!("{accessors}.{}()", op.ident),
        default_returns,
        krate,
        uses,
        credentials,
        documented,
        error_status: op.error_type.as_ref().and(error_status),
    })
}

/// The quick start's Markdown, or `None` when no operation has arguments it can write.
pub fn quick_start(api: &Api, crate_name: &str) -> Option<String> {
    let ExampleCall {
        krate,
        uses,
        credentials,
        call,
        documented,
        ..
    } = example_call(api, crate_name)?;
    Some(format!(
        "## Quick start\n\n\
         ```rust,no_run\n\
         # async fn quick_start() -> Result<(), Box<dyn std::error::Error>> {{\n\
         use {krate}::{{Client, Error}};\n\
         {uses}\n\
         let client = Client::new(){credentials};\n\
         match client{call}.await {{\n\
         \x20   Ok(value) => println!(\"{{value:?}}\"),\n\
         {documented}\
         \x20   Err(e) => return Err(e.into()),\n\
         }}\n\
         # Ok(())\n\
         # }}\n\
         ```\n\n\
         Every operation returns a [`Call`]: awaiting it sends the request and decodes the \
         response. [`Call::with_response`] also gives the status and headers, [`Call::raw`] the \
         response undecoded, and [`Call::header`] and [`Call::timeout`] set options for one call.",
    ))
}

/// The first operation, by preference one with a documented error, whose arguments are only
/// path parameters and a parameters struct (which has a `Default`), signed with no scheme that
/// needs setting up beyond a credential.
fn pick(api: &Api) -> Option<(Vec<&Module>, &Operation)> {
    let mut simple: Vec<(Vec<&Module>, &Operation)> = Vec::new();
    api.root.each_operation(&mut |chain, op| {
        let plain_auth = !matches!(op.auth, Auth::Signed { .. } | Auth::OAuth1(_));
        let params_default = constructor::derives_default(&constructor::params_fields(op));
        if plain_auth && params_default && op.body.is_none() && op.path_params.len() <= 3 {
            simple.push((chain.to_vec(), op));
        }
    });
    let documented = simple.iter().position(|(_, op)| op.error_type.is_some());
    let i = documented.unwrap_or(0);
    (i < simple.len()).then(|| simple.swap_remove(i))
}

/// A path parameter's argument: its example value when it is one of its type, else a stand-in.
fn argument(p: &Param) -> String {
    let example = p.example.as_deref().filter(|e| !e.contains("{{"));
    match p.ty {
        Scalar::Int => example.and_then(|e| e.parse::<i64>().ok()).map_or_else(
            || "1".to_owned(),
            |n| Literal::i64_unsuffixed(n).to_string(),
        ),
        Scalar::Bool => example
            .filter(|e| *e == "true" || *e == "false")
            .unwrap_or("true")
            .to_owned(),
        Scalar::Str => Literal::string(example.unwrap_or(&p.key)).to_string(),
    }
}

/// `crate_name::a::b::Name`.
fn type_path(krate: &str, modules: &[&str], name: &str) -> String {
    let mut path = vec![krate];
    path.extend(modules);
    path.push(name);
    path.join("::")
}
