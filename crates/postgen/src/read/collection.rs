//! The Postman collection as read: Postman's own concepts (items, folders, requests), with the
//! loose shapes of real exports already resolved, and every piece carrying its span in the source.

use std::borrow::Cow;

use crate::json::Span;

/// Which Postman format a collection was written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    V1,
    V2_0,
    V2_1,
    /// A directory of YAML files (Postman v12's git format).
    V3,
}

#[derive(Debug)]
pub struct Collection<'a> {
    pub format: Format,
    pub name: Cow<'a, str>,
    pub description: Option<Cow<'a, str>>,
    pub items: Vec<Item<'a>>,
    pub auth: Option<Auth<'a>>,
    pub variables: Vec<Variable<'a>>,
    pub events: Vec<Event>,
    pub span: Span,
}

#[derive(Debug)]
pub enum Item<'a> {
    Folder(Folder<'a>),
    Request(Box<RequestItem<'a>>),
}

#[derive(Debug)]
pub struct Folder<'a> {
    pub name: Cow<'a, str>,
    pub description: Option<Cow<'a, str>>,
    pub items: Vec<Item<'a>>,
    pub auth: Option<Auth<'a>>,
    pub variables: Vec<Variable<'a>>,
    pub events: Vec<Event>,
    pub span: Span,
}

#[derive(Debug)]
pub struct RequestItem<'a> {
    pub name: Cow<'a, str>,
    pub request: Request<'a>,
    pub responses: Vec<SavedResponse<'a>>,
    pub variables: Vec<Variable<'a>>,
    pub events: Vec<Event>,
    /// `protocolProfileBehavior.disableBodyPruning`: Postman sends a body even with GET, HEAD,
    /// COPY, PURGE and UNLOCK (it drops it otherwise).
    pub body_pruning_disabled: bool,
    pub span: Span,
}

#[derive(Debug)]
pub struct Request<'a> {
    pub method: Cow<'a, str>,
    pub method_span: Span,
    pub url: Url<'a>,
    pub headers: Vec<Header<'a>>,
    pub body: Option<Body<'a>>,
    pub auth: Option<Auth<'a>>,
    pub description: Option<Cow<'a, str>>,
    pub span: Span,
}

/// A URL as Postman splits it. `raw` is what the user typed; the other fields are Postman's parse of
/// it, and win where present (they are what Postman sends).
#[derive(Debug, Default)]
pub struct Url<'a> {
    pub raw: Option<Cow<'a, str>>,
    pub protocol: Option<Cow<'a, str>>,
    /// Host labels, e.g. `["api", "zoom", "us"]` or `["{{baseUrl}}"]`.
    pub host: Vec<Cow<'a, str>>,
    pub port: Option<Cow<'a, str>>,
    /// Path segments without slashes; `None` when the URL object had no `path` at all.
    pub path: Option<Vec<Cow<'a, str>>>,
    pub query: Vec<QueryParam<'a>>,
    pub variables: Vec<Variable<'a>>,
    pub span: Span,
}

#[derive(Debug)]
pub struct QueryParam<'a> {
    pub key: Cow<'a, str>,
    /// `None` for a key sent without `=`.
    pub value: Option<Cow<'a, str>>,
    pub disabled: bool,
    pub description: Option<Cow<'a, str>>,
    pub span: Span,
}

#[derive(Debug)]
pub struct Header<'a> {
    pub key: Cow<'a, str>,
    pub value: Cow<'a, str>,
    pub disabled: bool,
    pub description: Option<Cow<'a, str>>,
    pub span: Span,
}

#[derive(Debug)]
pub enum Body<'a> {
    Raw {
        text: Cow<'a, str>,
        /// `options.raw.language`: json, xml, text, html, javascript.
        language: Option<Cow<'a, str>>,
        span: Span,
    },
    UrlEncoded(Vec<FormField<'a>>),
    FormData(Vec<FormField<'a>>),
    File {
        src: Option<Cow<'a, str>>,
        span: Span,
    },
    GraphQl {
        query: Cow<'a, str>,
        /// `None`: no `variables` key; `Some(None)`: `null`; else the text (an object or array
        /// in the file becomes its JSON text).
        variables: Option<Option<Cow<'a, str>>>,
        span: Span,
    },
}

#[derive(Debug)]
pub struct FormField<'a> {
    pub key: Cow<'a, str>,
    pub value: Option<Cow<'a, str>>,
    pub is_file: bool,
    /// File paths for file fields (one or several).
    pub src: Vec<Cow<'a, str>>,
    pub content_type: Option<Cow<'a, str>>,
    pub disabled: bool,
    pub description: Option<Cow<'a, str>>,
    pub span: Span,
}

/// An auth block, in either encoding (v2.0: an object per type; v2.1: a list of key/value entries).
#[derive(Debug)]
pub struct Auth<'a> {
    pub kind: Cow<'a, str>,
    pub params: Vec<AuthParam<'a>>,
    pub span: Span,
}

#[derive(Debug)]
pub struct AuthParam<'a> {
    pub key: Cow<'a, str>,
    pub value: Option<Cow<'a, str>>,
}

impl<'a> Auth<'a> {
    pub fn param(&self, key: &str) -> Option<&str> {
        self.params
            .iter()
            .rev()
            .find(|p| p.key == key)
            .and_then(|p| p.value.as_deref())
    }
}

#[derive(Debug)]
pub struct Variable<'a> {
    pub key: Cow<'a, str>,
    pub value: Option<Cow<'a, str>>,
    pub disabled: bool,
    pub description: Option<Cow<'a, str>>,
    pub span: Span,
}

#[derive(Debug)]
pub struct SavedResponse<'a> {
    pub name: Cow<'a, str>,
    /// The example's id (`id`, where the export keeps it), which `x-mock-response-id` names.
    pub id: Option<Cow<'a, str>>,
    pub code: Option<u16>,
    pub status: Option<Cow<'a, str>>,
    pub headers: Vec<Header<'a>>,
    pub body: Option<Cow<'a, str>>,
    pub preview_language: Option<Cow<'a, str>>,
    pub span: Span,
}

/// A script attached to an item (`prerequest` or `test`); generated clients do not run them.
#[derive(Debug)]
pub struct Event {
    pub listen: String,
    /// The script's source, lines joined.
    pub exec: String,
    pub span: Span,
}

impl<'a> Collection<'a> {
    /// Calls `f` with every item, depth first, each folder before what it holds.
    pub fn each_item<'c>(&'c self, f: &mut dyn FnMut(&'c Item<'a>)) {
        fn walk<'c, 'a>(items: &'c [Item<'a>], f: &mut dyn FnMut(&'c Item<'a>)) {
            for item in items {
                f(item);
                if let Item::Folder(folder) = item {
                    walk(&folder.items, f);
                }
            }
        }
        walk(&self.items, f);
    }
}
