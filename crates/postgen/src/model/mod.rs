//! Stage 2: the API model. Built from the read collection, it no longer looks like Postman's
//! JSON: modules from folders, operations with their parameters, body, auth (after inheritance)
//! and documented responses, and every identifier already chosen.

mod auth;
mod body;
mod brackets;
mod build;
mod choices;
mod consistent;
#[cfg(test)]
mod coverage_tests;
mod hints;
mod hosts;
pub mod mime;
mod modeler;
mod name_checks;
pub mod names;
mod naming;
mod oauth1;
mod params;
mod scripts;
#[cfg(test)]
mod shape_tests;
pub mod status;
#[path = "../../runtime/template.rs"]
pub(crate) mod template;
mod types;
mod url;
mod variables;
pub mod vars;

pub use build::build;
pub use types::*;
pub use vars::Piece;

use crate::json::Span;

#[derive(Debug)]
pub struct Api {
    /// The collection's name as written.
    pub title: String,
    pub description: Option<String>,
    /// Where requests go; index 0 is the primary host.
    pub hosts: Vec<Host>,
    /// Variables generated code reads at run time (templates in headers, query values, hosts).
    pub variables: Vec<Variable>,
    pub root: Module,
    /// Which credential setters users need.
    pub auth_kinds: AuthKinds,
}

#[derive(Debug, Default, Clone, Copy)]
pub struct AuthKinds {
    pub bearer: bool,
    pub basic: bool,
    pub api_key: bool,
    pub signed: bool,
    /// Some request signs with `awsv4`: the crate gets the `aws-sigv4` feature.
    pub aws: bool,
    /// Some request signs with `oauth1`: the crate gets the `oauth1` feature.
    pub oauth1: bool,
}

#[derive(Debug)]
pub struct Host {
    /// The host as written in the collection, e.g. `{{baseUrl}}` or `https://api.box.com`.
    pub written: String,
    /// `UpperCamelCase` name for the `Host` enum.
    pub ident: String,
    /// The URL at generation time; `None` when it depends on something unknown.
    pub default_url: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Variable {
    pub name: String,
    pub default: Option<String>,
    pub secret: bool,
}

#[derive(Debug)]
pub struct Module {
    /// `snake_case` module name; empty for the crate root.
    pub ident: String,
    /// The method on the parent's handle (or on `Client`) that returns this module's handle.
    pub accessor: String,
    /// `UpperCamelCase` name of the handle struct that holds this folder's operations.
    pub handle: String,
    /// Type names taken in this module; later stages claim theirs here too.
    pub types: names::Namespace,
    /// The folder's name as written.
    pub title: String,
    pub docs: Option<String>,
    pub modules: Vec<Module>,
    pub operations: Vec<Operation>,
    /// Types inferred from the examples of its operations (set by the infer stage).
    pub type_defs: Vec<StructDef>,
    /// The enums of documented values its operations' parameters and form fields take.
    pub enums: Vec<EnumDef>,
}

/// An enum of the values a description documents (`model::choices`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnumDef {
    pub name: String,
    /// Each variant's identifier and the value it sends.
    pub variants: Vec<(String, String)>,
}

/// A parameter or form field that takes one of documented values: its enum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choices {
    /// The enum's name in the operation's module.
    pub type_ident: String,
    /// As in its [`EnumDef`].
    pub variants: Vec<(String, String)>,
}

#[derive(Debug)]
pub struct Operation {
    /// `snake_case` function name, unique in its module.
    pub ident: String,
    /// `UpperCamelCase` prefix for the operation's types, e.g. `UpdateALiveStream`.
    pub type_prefix: String,
    /// The request's name as written.
    pub title: String,
    pub docs: Option<String>,
    pub method: String,
    pub host: usize,
    pub path: Vec<PathPart>,
    pub path_params: Vec<Param>,
    /// Query parameters and header arguments, passed together in one `…Params` struct.
    pub query: Vec<QueryParam>,
    pub headers: Vec<HeaderParam>,
    pub body: Option<Body>,
    pub auth: Auth,
    pub responses: Vec<Response>,
    /// Name of the struct holding query and header arguments, when there are any.
    pub params_type: Option<String>,
    /// Name of the enum of documented error statuses, when there are any.
    pub error_type: Option<String>,
    /// Argument names: path parameters first, then the params struct and the body.
    pub params_arg: String,
    pub body_arg: String,
    /// The module's function that decodes its responses (unique among the module's functions).
    pub decode_fn: String,
    /// The collection gives the request no URL (neither host nor path).
    pub no_url: bool,
    pub span: Span,
    /// The types of its JSON bodies (set by the infer stage).
    pub types: OpTypes,
    /// What the collection's `test` scripts (its own, its folders', the collection's) store
    /// from the response, in the order they run.
    pub captures: Vec<Capture>,
    /// What the pre-request scripts set before it is sent, in the order they run.
    pub presets: Vec<Capture>,
    /// The variable its auth reads the credential from (`{{access_token}}` as a bearer token).
    pub credential_var: Option<(String, Credential)>,
    /// The variables its request refers to, sorted.
    pub variables_used: Vec<String>,
    /// The variables it reads (its credential's too) that some operation's scripts store, each
    /// with those operations (`module::function`).
    pub reads_captured: Vec<(String, Vec<String>)>,
    /// How its responses say which page comes next: its call has `pages()` and `items()`
    /// (set by the infer stage).
    pub pages: Option<PageRule>,
}

/// A variable a script sets: read off the script as data, emitted as literals.
#[derive(Debug, Clone)]
pub struct Capture {
    pub name: String,
    pub scope: crate::script::Scope,
    pub value: crate::script::Value,
    pub when: crate::script::When,
    /// The credential it also sets: some request's auth reads the variable.
    pub credential: Option<Credential>,
    /// The operations that refer to the variable (`module::function`), in model order.
    pub used_by: Vec<String>,
}

/// A credential of the client that a variable feeds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Credential {
    /// The bearer (or OAuth 2.0) token.
    BearerToken,
    ApiKey,
}

/// One step of a JSON path a capture reads ([`Operation::captured_reads`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadStep {
    Key(String),
    Index(usize),
}

impl Operation {
    /// What its captures read from a response: the JSON paths (up to the first step that
    /// searches an array; empty for the whole body) and the header names. For a harness that makes up a
    /// response holding them.
    pub fn captured_reads(&self) -> (Vec<Vec<ReadStep>>, Vec<String>) {
        use crate::script::{Condition, Step, Value};
        fn path(steps: &[Step]) -> Vec<ReadStep> {
            steps
                .iter()
                .map_while(|s| match s {
                    Step::Key(k) => Some(ReadStep::Key(k.clone())),
                    Step::Index(i) => Some(ReadStep::Index(*i)),
                    Step::Find { .. } | Step::Each => None,
                })
                .collect()
        }
        fn value(v: &Value, paths: &mut Vec<Vec<ReadStep>>, headers: &mut Vec<String>) {
            match v {
                Value::Json(p) => paths.push(path(p)),
                Value::Header(h) => headers.push(h.clone()),
                Value::Concat(parts) => parts.iter().for_each(|p| value(p, paths, headers)),
                _ => {}
            }
        }
        let (mut paths, mut headers) = (Vec::new(), Vec::new());
        for c in &self.captures {
            value(&c.value, &mut paths, &mut headers);
            for cond in &c.when.conditions {
                if let Condition::Present { path: p, .. } = cond {
                    paths.push(path(p));
                }
            }
        }
        paths.dedup();
        headers.dedup();
        (paths, headers)
    }

    /// The statuses of its saved responses that are not 2xx, ascending, each once: the
    /// documented failures (one error variant each).
    pub fn error_statuses(&self) -> Vec<u16> {
        let mut s: Vec<u16> = self
            .responses
            .iter()
            .filter(|r| !r.is_success())
            .map(|r| r.status)
            .collect();
        s.sort_unstable();
        s.dedup();
        s
    }

    /// The path as a readable template: `/webinars/{webinarId}/livestream`.
    pub fn path_template(&self) -> String {
        let mut s = String::new();
        for part in &self.path {
            match part {
                PathPart::Lit(l) => s.push_str(l),
                PathPart::Param(i) => {
                    s.push('{');
                    s.push_str(&self.path_params[*i].key);
                    s.push('}');
                }
                PathPart::Template(t) => {
                    for p in t {
                        match p {
                            Piece::Lit(l) => s.push_str(l),
                            Piece::Var { name, .. } => {
                                s.push_str("{{");
                                s.push_str(name);
                                s.push_str("}}");
                            }
                        }
                    }
                }
            }
        }
        if s.is_empty() {
            s.push('/');
        }
        // Backticks would end the code span in the docs.
        s.replace('`', "'")
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathPart {
    /// Literal path text, slashes included, as written.
    Lit(String),
    /// The path parameter at this index of `path_params`.
    Param(usize),
    /// A segment built from variables (client settings), e.g. `v{{version}}`.
    Template(Vec<Piece>),
}

/// The Rust type a scalar parameter takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scalar {
    Str,
    Int,
    Bool,
}

#[derive(Debug, Clone)]
pub struct Param {
    pub ident: String,
    /// The name in the collection.
    pub key: String,
    pub ty: Scalar,
    pub docs: Option<String>,
    /// The value the collection gives (`url.variable`), variables resolved where they can be;
    /// a `{{variable}}` segment nothing defines keeps its reference.
    pub example: Option<String>,
}

#[derive(Debug, Clone)]
pub struct QueryParam {
    pub key: String,
    pub ident: String,
    pub kind: QueryKind,
    pub ty: Scalar,
    pub required: bool,
    /// Sent as `key=a&key=b` from a list.
    pub repeated: bool,
    /// What is sent when the caller passes nothing: the collection's `{{variable}}` value.
    pub fallback: Option<Vec<Piece>>,
    pub docs: Option<String>,
    /// Example values from the collection (several for a repeated key).
    pub examples: Vec<String>,
    /// Enabled in the collection (Postman sends it).
    pub enabled: bool,
    /// The documented values it takes, if its description lists them.
    pub choices: Option<Choices>,
    /// Set when bracket notation groups parameters under this key (`created[gt]`,
    /// `expand[0]`): the field, grouped as a form's (`model::brackets`), with this ident.
    pub grouped: Option<Box<FormField>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryKind {
    /// `key=value`.
    Value,
    /// A bare `key`: a `bool` argument.
    Flag,
}

#[derive(Debug, Clone)]
pub struct HeaderParam {
    pub name: String,
    pub value: HeaderValue,
    pub docs: Option<String>,
}

#[derive(Debug, Clone)]
pub enum HeaderValue {
    /// Sent as written.
    Static(String),
    /// Built from client variables.
    Template(Vec<Piece>),
    /// A caller argument (the value was a variable nothing defines).
    Arg {
        ident: String,
        /// The value as written (a `{{variable}}` nothing defines, or a disabled header's value).
        example: Option<String>,
        /// Enabled in the collection (Postman sends it); disabled headers are optional arguments.
        enabled: bool,
    },
}

#[derive(Debug, Clone)]
pub enum Body {
    /// Raw JSON (`options.raw.language` json, or JSON content).
    Json {
        content_type: Option<String>,
        example: String,
        /// Where the example is written in the collection.
        span: Span,
    },
    /// Raw text: xml, text, html, javascript.
    Text {
        content_type: String,
        example: String,
    },
    /// `application/x-www-form-urlencoded`.
    UrlEncoded {
        type_ident: String,
        fields: Vec<FormField>,
    },
    /// `multipart/form-data`.
    Multipart {
        type_ident: String,
        fields: Vec<FormField>,
    },
    /// The bytes the caller gives.
    Binary {
        /// The collection's `Content-Type` header, else the type of the `src` file's extension
        /// as newman derives it (`mime::of_file`); `None` without either.
        content_type: Option<String>,
        /// The file the collection names (`src`), for example calls.
        src: Option<String>,
    },
    GraphQl {
        query: Vec<Piece>,
        /// What the collection gives as the variables, which example calls send.
        variables: GraphQlVariables,
    },
}

/// The `variables` of a GraphQL body in the collection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GraphQlVariables {
    /// None, or an empty text: the body has no `variables` key (as Postman sends it).
    Omitted,
    /// `null`, sent as `"variables": null`.
    Null,
    /// JSON text (possibly not valid, possibly with `{{variables}}`).
    Example(String),
}

#[derive(Debug, Clone)]
pub struct FormField {
    pub key: String,
    pub ident: String,
    pub is_file: bool,
    pub ty: Scalar,
    pub required: bool,
    /// Several values (or files) under one key.
    pub repeated: bool,
    pub content_type: Option<String>,
    pub docs: Option<String>,
    pub examples: Vec<String>,
    /// What Postman sends for this field: enabled in the collection.
    pub enabled: bool,
    /// What is sent when the caller passes nothing: the collection's `{{variable}}` value.
    pub fallback: Option<Vec<Piece>>,
    /// Set when bracket notation nests fields under this key (`address[city]`, `expand[0]`)
    /// or the value is an open map (`<object>`): then `ty`, `examples` and `repeated` are
    /// unused (see `model::brackets`).
    pub group: Option<Box<FormGroup>>,
    /// The documented values it takes, if its description lists them.
    pub choices: Option<Choices>,
}

/// Form fields that bracket notation groups under one key.
#[derive(Debug, Clone)]
pub struct FormGroup {
    /// The collection's keys the group stands for, in order.
    pub keys: Vec<String>,
    pub shape: GroupShape,
}

#[derive(Debug, Clone)]
pub enum GroupShape {
    /// `a[b]`, `a[c]`: a struct of these fields (each keyed by its segment).
    Struct {
        type_ident: String,
        fields: Vec<FormField>,
    },
    /// `a[0]`, `a[1]`: a list. `item` is the type of an element (what every index has, merged);
    /// `items` are the collection's own elements, index by index, for example values.
    List {
        item: Box<FormField>,
        items: Vec<FormField>,
    },
    /// A value the collection gives only as `<object>`: keys of the caller's choosing, each
    /// sent as `a[key]` (an empty key sends `a` itself).
    Map,
}

/// The auth an operation uses, after inheritance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Auth {
    None,
    Bearer,
    OAuth2 {
        prefix: String,
    },
    Basic,
    ApiKey {
        name: String,
        in_query: bool,
    },
    /// `oauth1`, signed by the runtime with the collection's settings (`model::oauth1`).
    OAuth1(OAuth1),
    Signed {
        scheme: String,
    },
}

pub use self::oauth1::OAuth1;

#[derive(Debug, Clone)]
pub struct Response {
    pub status: u16,
    /// The saved response's name, often a summary ("**HTTP Status Code:** `400` ...").
    pub name: String,
    /// Its id, where the collection keeps one (what `x-mock-response-id` names).
    pub id: Option<String>,
    pub body: Option<String>,
    pub content_type: Option<String>,
    pub span: Span,
}

impl Module {
    /// Calls `f` with this module and every module below it, depth first (each before its
    /// sub-modules), as the chain of modules from this one to it (itself last).
    pub fn walk<'m>(&'m self, f: &mut dyn FnMut(&[&'m Module])) {
        fn go<'m>(chain: &mut Vec<&'m Module>, f: &mut dyn FnMut(&[&'m Module])) {
            f(chain);
            let Some(&m) = chain.last() else {
                return;
            };
            for c in &m.modules {
                chain.push(c);
                go(chain, f);
                chain.pop();
            }
        }
        go(&mut vec![self], f);
    }

    /// Calls `f` with every operation of this module and below, in [`walk`](Self::walk)'s order,
    /// each with the chain of modules that holds it.
    pub fn each_operation<'m>(&'m self, f: &mut dyn FnMut(&[&'m Module], &'m Operation)) {
        self.walk(&mut |chain| {
            if let Some(m) = chain.last() {
                for op in &m.operations {
                    f(chain, op);
                }
            }
        });
    }

    /// Calls `f` with this module and every module below it, depth first, to change them.
    pub fn walk_mut(&mut self, f: &mut dyn FnMut(&mut Module)) {
        f(self);
        for c in &mut self.modules {
            c.walk_mut(f);
        }
    }

    /// The idents of the modules of `chain` after its first: the path from there.
    pub fn path_of<'m>(chain: &[&'m Module]) -> impl Iterator<Item = &'m str> {
        chain.iter().skip(1).map(|m| m.ident.as_str())
    }
}

impl Response {
    /// A 2xx response: what the operation returns as `Ok`.
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }
}
