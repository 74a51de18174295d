//! Postman collection format v3: a directory of YAML files ([`layout`]) read into the same
//! [`Collection`] a v2 file gives, so that nothing after `read` knows the format.
//!
//! Each file is parsed into the spanned tree JSON gives ([`super::yaml`]), so every message names
//! the file, the line and column, and the key path in it. Order comes from each file's `order`
//! (the file system has none); siblings without one follow, by file name.

mod layout;
mod request;
mod shapes;

use std::borrow::Cow;
use std::collections::HashMap;

pub use layout::{Child, FolderFiles, Layout, is_v3, load, watched_path};

use crate::diag::{Finding, Findings};
use crate::error::Error;
use crate::json::{Span, Value};
use crate::read::fields::{description, text};
use crate::read::source::{Document, FileId, Sources};
use crate::read::{Collection, Folder, Format, Item, document};
use request::{RequestFile, auth, request_file, variables};
use shapes::{kind, kind_span, scripts};

/// Every file of a v3 collection, parsed.
#[derive(Debug)]
pub struct Documents<'a> {
    pub layout: &'a Layout,
    docs: HashMap<FileId, Document<'a>>,
}

impl<'a> Documents<'a> {
    /// Parses every file of `layout` (the root definition is parsed as the collection's document
    /// too, by the caller).
    pub fn parse(sources: &'a Sources, layout: &'a Layout) -> Result<Documents<'a>, Error> {
        let mut docs = HashMap::with_capacity(layout.files.len());
        for (_, id) in &layout.files {
            docs.insert(*id, document::yaml(sources, *id)?);
        }
        Ok(Documents { layout, docs })
    }

    /// The parsed documents, for locating spans.
    pub fn iter(&self) -> impl Iterator<Item = &Document<'a>> {
        self.docs.values()
    }

    fn root(&self, id: FileId) -> &Value<'a> {
        &self.docs[&id].root
    }
}

/// Reads the collection.
pub fn read<'a>(docs: &Documents<'a>, findings: &mut Findings) -> Result<Collection<'a>, Finding> {
    let root = &docs.layout.root;
    let definition = definition(docs, root)?;
    let (items, first_span) = items(docs, root, findings)?;
    let get = |k: &str| definition.and_then(|d| d.get(k));
    Ok(Collection {
        format: Format::V3,
        name: name(definition, &root.dir_name)?,
        description: get("description").and_then(description),
        items,
        auth: auth(get("auth"), findings)?,
        variables: variables(get("variables"))?,
        events: scripts(get("scripts"))?,
        span: definition.map_or(first_span, |d| d.span),
    })
}

/// A directory's `.resources/definition.yaml`, checked to be one.
fn definition<'a, 'd>(
    docs: &'d Documents<'a>,
    folder: &FolderFiles,
) -> Result<Option<&'d Value<'a>>, Finding> {
    let Some(id) = folder.definition else {
        return Ok(None);
    };
    let v = docs.root(id);
    match kind(v, "collection")? {
        "collection" => {
            shapes::order(v)?;
            Ok(Some(v))
        }
        other => Err(Finding::new(
            kind_span(v),
            format!("`$kind: {other}` in a definition file (expected collection)"),
        )),
    }
}

fn name<'a>(definition: Option<&Value<'a>>, dir_name: &'a str) -> Result<Cow<'a, str>, Finding> {
    Ok(match definition.and_then(|d| d.get("name")) {
        Some(n) => text(n, "a name")?.unwrap_or(Cow::Borrowed(dir_name)),
        None => Cow::Borrowed(dir_name),
    })
}

/// Sorts by `order`; without one, after the ordered ones.
pub(super) fn by_order(a: Option<f64>, b: Option<f64>) -> std::cmp::Ordering {
    match (a, b) {
        (Some(a), Some(b)) => a.total_cmp(&b),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    }
}

/// The requests and folders of a directory, in the layout's order; and a span for a folder
/// without a definition (its first item's).
fn items<'a>(
    docs: &Documents<'a>,
    folder: &'a FolderFiles,
    findings: &mut Findings,
) -> Result<(Vec<Item<'a>>, Span), Finding> {
    let mut out: Vec<Item<'a>> = Vec::new();
    for child in &folder.children {
        match child {
            Child::Request(r) => {
                let examples: Vec<(&Value<'a>, &'a str)> = r
                    .examples
                    .iter()
                    .map(|e| (docs.root(e.file), e.stem.as_str()))
                    .collect();
                if let RequestFile::Request(item) =
                    request_file(docs.root(r.file), &r.stem, &examples, findings)?
                {
                    out.push(Item::Request(item));
                }
            }
            Child::Folder(sub) => {
                let definition = definition(docs, sub)?;
                let (children, first_span) = items(docs, sub, findings)?;
                if definition.is_none() && children.is_empty() {
                    continue;
                }
                let get = |k: &str| definition.and_then(|d| d.get(k));
                out.push(Item::Folder(Folder {
                    name: name(definition, &sub.dir_name)?,
                    description: get("description").and_then(description),
                    items: children,
                    auth: auth(get("auth"), findings)?,
                    variables: variables(get("variables"))?,
                    events: scripts(get("scripts"))?,
                    span: definition.map_or(first_span, |d| d.span),
                }));
            }
        }
    }
    let first_span = out.first().map_or(Span::default(), |i| match i {
        Item::Request(r) => r.span,
        Item::Folder(f) => f.span,
    });
    Ok((out, first_span))
}
