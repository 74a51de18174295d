//! Bracket notation in forms, as Stripe and Rails-style APIs nest parameters:
//! `address[city]`, `expand[0]`, `invoice_settings[custom_fields][0][name]`. The fields under
//! one base key become a struct (named segments), a `Vec` (indexes 0, 1, …), and a value the
//! collection only gives as `<object>` becomes a map of keys the caller picks.
//!
//! A base key is grouped only when the grouped fields send exactly what the collection sends, in
//! the same order; a form whose grouping would change what its example sends stays flat.

use std::collections::{HashMap, HashSet};

use super::hints::scalar_of;
use super::names::{self, Namespace};
use super::{FormField, FormGroup, GroupShape, QueryKind, QueryParam, vars};

/// The placeholder openapi-to-postman writes for an object value.
const OBJECT: &str = "<object>";

/// Indexes above this are not read as list positions (a `Vec` that long is not what the
/// collection means).
const MAX_INDEX: usize = 999;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Seg {
    Index(usize),
    Name(String),
}

enum Node {
    /// A field of the flat form, by position.
    Leaf(usize),
    Inner(Children),
}

/// A node's children in order of first use, found by segment in constant time (a form can
/// hold thousands of fields under one key).
#[derive(Default)]
struct Children {
    list: Vec<(Seg, Node)>,
    at: HashMap<Seg, usize>,
}

/// The form's fields with bracket notation grouped, and open maps recognised; the fields as
/// they are when grouping would change what is sent.
pub(super) fn group(flat: Vec<FormField>) -> Vec<FormField> {
    let mut out: Vec<FormField> = Vec::new();
    // Base keys in order of first use, with the tree of their bracketed fields.
    let mut bases: Vec<(String, Children)> = Vec::new();
    let mut base_at: HashMap<String, usize> = HashMap::new();
    let mut slot: Vec<Option<usize>> = Vec::new();
    let mut broken: HashSet<String> = HashSet::new();
    for (i, f) in flat.iter().enumerate() {
        let parsed = parse(&f.key).filter(|_| eligible(f));
        let Some((base, segs)) = parsed else {
            slot.push(None);
            continue;
        };
        let at = *base_at.entry(base.to_owned()).or_insert_with(|| {
            bases.push((base.to_owned(), Children::default()));
            bases.len() - 1
        });
        if insert(&mut bases[at].1, &segs, i).is_none() {
            broken.insert(base.to_owned());
        }
        slot.push(Some(at));
    }
    if bases.is_empty() && !flat.iter().any(is_map) {
        return flat;
    }
    // A base that is also a key of its own, or that has a field that cannot be grouped, stays
    // flat.
    for f in &flat {
        let base = f.key.split('[').next().unwrap_or(&f.key);
        let grouped = parse(&f.key).filter(|_| eligible(f)).is_some();
        if !grouped && base_at.contains_key(base) {
            broken.insert(base.to_owned());
        }
    }
    let mut built: Vec<Option<FormField>> = Vec::with_capacity(bases.len());
    for (base, children) in &bases {
        built.push(if broken.contains(base) {
            None
        } else {
            inner(base, &children.list, &flat)
        });
    }
    let mut placed = vec![false; bases.len()];
    for (i, f) in flat.iter().enumerate() {
        // A base's group goes where its first field was.
        match slot[i].filter(|&b| placed[b] || built[b].is_some()) {
            Some(b) => {
                if let Some(g) = built[b].take() {
                    placed[b] = true;
                    out.push(g);
                }
            }
            None => out.push(as_map(f.clone())),
        }
    }
    // What the examples send must not change.
    let mut before = Vec::new();
    for f in &flat {
        if f.enabled || f.required {
            before.push(f.key.clone());
        }
    }
    let mut after = Vec::new();
    for f in &out {
        sent(f, &f.key, &mut after);
    }
    if before != after {
        return flat;
    }
    out
}

/// [`group`] for query parameters: a grouped base key becomes one parameter holding its group
/// (its ident claimed in `idents`); the others stay as they are.
pub(super) fn group_query(params: Vec<QueryParam>, idents: &mut Namespace) -> Vec<QueryParam> {
    if !params.iter().any(|q| q.key.contains('[')) {
        return params;
    }
    let fields: Vec<FormField> = params
        .iter()
        .map(|q| FormField {
            key: q.key.clone(),
            ident: q.ident.clone(),
            is_file: false,
            ty: q.ty,
            required: q.required,
            // A bare flag is not a value to group.
            repeated: q.repeated || q.kind == QueryKind::Flag,
            content_type: None,
            docs: q.docs.clone(),
            examples: q.examples.clone(),
            enabled: q.enabled,
            fallback: q.fallback.clone(),
            group: None,
            choices: None,
        })
        .collect();
    let grouped = group(fields);
    if grouped.len() == params.len() && grouped.iter().all(|f| f.group.is_none()) {
        return params;
    }
    // Keys are unique: a repeated one was merged into one parameter.
    let by_key: HashMap<&str, &QueryParam> = params.iter().map(|q| (q.key.as_str(), q)).collect();
    let mut out = Vec::with_capacity(grouped.len());
    for mut f in grouped {
        if f.group.is_none() {
            if let Some(q) = by_key.get(f.key.as_str()) {
                out.push((*q).clone());
            }
            continue;
        }
        f.ident = idents.claim(&field_ident(&f.key), false);
        out.push(QueryParam {
            key: f.key.clone(),
            ident: f.ident.clone(),
            kind: QueryKind::Value,
            ty: f.ty,
            required: f.required,
            repeated: false,
            fallback: None,
            docs: f.docs.clone(),
            examples: Vec::new(),
            enabled: f.enabled,
            choices: None,
            grouped: Some(Box::new(f)),
        });
    }
    out
}

/// Names the structs of the groups `{form}{Path}` (`CreateACustomerFormAddress`), an element of
/// a list `{form}{Path}Item`, claimed in `types`; names the fields of each struct.
pub(super) fn name(fields: &mut [FormField], form: &str, types: &mut Namespace) {
    for f in fields {
        let path = format!("{form}{}", names::camel(&f.key).unwrap_or_default());
        name_group(f, &path, types);
    }
}

/// [`name`] for the grouped query parameters of a parameters struct `params`.
pub(super) fn name_query(query: &mut [QueryParam], params: &str, types: &mut Namespace) {
    for q in query {
        if let Some(f) = q.grouped.as_deref_mut() {
            let path = format!("{params}{}", names::camel(&f.key).unwrap_or_default());
            name_group(f, &path, types);
        }
    }
}

fn name_group(f: &mut FormField, path: &str, types: &mut Namespace) {
    let Some(group) = f.group.as_deref_mut() else {
        return;
    };
    match &mut group.shape {
        GroupShape::Struct { type_ident, fields } => {
            *type_ident = types.claim(path, true);
            let mut idents = Namespace::default();
            for c in fields.iter_mut() {
                c.ident = idents.claim(&field_ident(&c.key), false);
                let path = format!("{path}{}", names::camel(&c.key).unwrap_or_default());
                name_group(c, &path, types);
            }
        }
        GroupShape::List { item, items } => {
            name_group(item, &format!("{path}Item"), types);
            for each in items.iter_mut() {
                copy_names(item, each);
            }
        }
        GroupShape::Map => {}
    }
}

/// Gives an element of a list the names of the list's item type.
fn copy_names(item: &FormField, each: &mut FormField) {
    let (Some(from), Some(to)) = (item.group.as_deref(), each.group.as_deref_mut()) else {
        return;
    };
    match (&from.shape, &mut to.shape) {
        (
            GroupShape::Struct {
                type_ident: t,
                fields: union,
            },
            GroupShape::Struct { type_ident, fields },
        ) => {
            type_ident.clone_from(t);
            let union: HashMap<&str, &FormField> =
                union.iter().map(|u| (u.key.as_str(), u)).collect();
            for f in fields.iter_mut() {
                if let Some(u) = union.get(f.key.as_str()) {
                    f.ident.clone_from(&u.ident);
                    copy_names(u, f);
                }
            }
        }
        (GroupShape::List { item: from, .. }, GroupShape::List { item, items }) => {
            copy_names(from, item);
            for each in items.iter_mut() {
                copy_names(from, each);
            }
        }
        _ => {}
    }
}

/// The identifier of a field keyed `key`.
pub(super) fn field_ident(key: &str) -> String {
    names::snake(key).unwrap_or_else(|| "field".to_owned())
}

/// `base` and its segments, when `key` is bracket notation with named or numbered segments
/// (`a[b][0]`); not `tags[]`, which Postman sends as repeated `tags[]` keys.
fn parse(key: &str) -> Option<(&str, Vec<Seg>)> {
    let open = key.find('[')?;
    let (base, mut rest) = key.split_at(open);
    if base.is_empty() || base.contains(']') || names::snake(base).is_none() {
        return None;
    }
    let mut segs = Vec::new();
    while !rest.is_empty() {
        let inner = rest.strip_prefix('[')?;
        let close = inner.find(']')?;
        let seg = &inner[..close];
        if seg.is_empty() || seg.contains('[') {
            return None;
        }
        segs.push(match index(seg) {
            Some(i) => Seg::Index(i),
            None if seg.bytes().all(|b| b.is_ascii_digit()) => return None,
            None => {
                names::snake(seg)?;
                Seg::Name(seg.to_owned())
            }
        });
        rest = &inner[close + 1..];
    }
    Some((base, segs))
}

fn index(seg: &str) -> Option<usize> {
    let canonical =
        seg.bytes().all(|b| b.is_ascii_digit()) && (seg == "0" || !seg.starts_with('0'));
    canonical
        .then(|| seg.parse().ok())
        .flatten()
        .filter(|&i| i <= MAX_INDEX)
}

/// A plain text field, sent as written: what grouping keeps exact.
fn eligible(f: &FormField) -> bool {
    !f.is_file
        && !f.repeated
        && f.content_type.is_none()
        && f.fallback.is_none()
        && !f.examples.iter().any(|e| vars::has_vars(e))
}

fn is_map(f: &FormField) -> bool {
    eligible(f) && !f.examples.is_empty() && f.examples.iter().all(|e| e.trim() == OBJECT)
}

/// A field the collection only gives as `<object>` becomes an open map.
fn as_map(f: FormField) -> FormField {
    if !is_map(&f) {
        return f;
    }
    let keys = vec![f.key.clone()];
    FormField {
        group: Some(Box::new(FormGroup {
            keys,
            shape: GroupShape::Map,
        })),
        ..f
    }
}

fn insert(children: &mut Children, segs: &[Seg], leaf: usize) -> Option<()> {
    let (first, rest) = segs.split_first()?;
    let pos = children.at.get(first).copied();
    if rest.is_empty() {
        if pos.is_some() {
            return None;
        }
        children.at.insert(first.clone(), children.list.len());
        children.list.push((first.clone(), Node::Leaf(leaf)));
        return Some(());
    }
    let at = match pos {
        Some(at) => at,
        None => {
            children.at.insert(first.clone(), children.list.len());
            children
                .list
                .push((first.clone(), Node::Inner(Children::default())));
            children.list.len() - 1
        }
    };
    match &mut children.list[at].1 {
        Node::Inner(c) => insert(c, rest, leaf),
        Node::Leaf(_) => None,
    }
}

/// The group keyed `key` of `children`; `None` when they mix names and indexes, skip an index,
/// or leave out an earlier index while a later one is sent.
fn inner(key: &str, children: &[(Seg, Node)], flat: &[FormField]) -> Option<FormField> {
    let mut built = Vec::with_capacity(children.len());
    let mut keys = Vec::new();
    for (seg, node) in children {
        let k = match seg {
            Seg::Name(n) => n.clone(),
            Seg::Index(i) => i.to_string(),
        };
        let mut field = match node {
            Node::Leaf(i) => {
                keys.push(flat[*i].key.clone());
                as_map(flat[*i].clone())
            }
            Node::Inner(c) => {
                let group = inner(&k, &c.list, flat)?;
                keys.extend(group.group.iter().flat_map(|g| g.keys.iter().cloned()));
                group
            }
        };
        field.key = k;
        built.push(field);
    }
    let indexes: Vec<usize> = children
        .iter()
        .filter_map(|(s, _)| match s {
            Seg::Index(i) => Some(*i),
            Seg::Name(_) => None,
        })
        .collect();
    let shape = if indexes.is_empty() {
        GroupShape::Struct {
            type_ident: String::new(),
            fields: built,
        }
    } else {
        if indexes.len() != children.len() {
            return None;
        }
        let mut order: Vec<(usize, FormField)> = indexes.into_iter().zip(built).collect();
        order.sort_by_key(|(i, _)| *i);
        if order.iter().enumerate().any(|(at, (i, _))| at != *i) {
            return None;
        }
        let items: Vec<FormField> = order.into_iter().map(|(_, f)| f).collect();
        // Elements are sent from the first; one left out before one that is sent would move
        // it to an earlier index.
        let sends: Vec<bool> = items.iter().map(sends).collect();
        if sends.windows(2).any(|w| !w[0] && w[1]) {
            return None;
        }
        let item = merge(&items)?;
        GroupShape::List {
            item: Box::new(item),
            items,
        }
    };
    let (required, enabled, docs) = match &shape {
        GroupShape::Struct { fields, .. } => (
            fields.iter().any(|f| f.required),
            fields.iter().any(|f| f.enabled),
            fields.iter().find_map(|f| f.docs.clone()),
        ),
        GroupShape::List { items, .. } => (
            false,
            items.iter().any(|f| f.enabled),
            items.iter().find_map(|f| f.docs.clone()),
        ),
        GroupShape::Map => (false, false, None),
    };
    Some(FormField {
        key: key.to_owned(),
        ident: String::new(),
        is_file: false,
        ty: super::Scalar::Str,
        required,
        repeated: false,
        content_type: None,
        docs,
        examples: Vec::new(),
        enabled,
        fallback: None,
        group: Some(Box::new(FormGroup { keys, shape })),
        choices: None,
    })
}

/// Whether the element sends anything in the collection's example.
fn sends(f: &FormField) -> bool {
    f.enabled || f.required
}

/// The type of a list's element: what its elements have, merged (a field is required when
/// every element has it required).
fn merge(items: &[FormField]) -> Option<FormField> {
    let first = items.first()?;
    let groups: Vec<Option<&FormGroup>> = items.iter().map(|f| f.group.as_deref()).collect();
    let mut merged = FormField {
        key: String::new(),
        required: items.iter().all(|f| f.required),
        enabled: items.iter().any(|f| f.enabled),
        docs: items.iter().find_map(|f| f.docs.clone()),
        ..first.clone()
    };
    match groups[0].map(|g| &g.shape) {
        None => {
            if groups.iter().any(Option::is_some) {
                return None;
            }
            merged.ty = scalar_of(
                items
                    .iter()
                    .flat_map(|f| f.examples.iter().map(String::as_str)),
            );
            merged.examples = Vec::new();
        }
        Some(GroupShape::Map) => {
            let all = groups
                .iter()
                .all(|g| matches!(g.map(|g| &g.shape), Some(GroupShape::Map)));
            if !all {
                return None;
            }
        }
        Some(GroupShape::Struct { .. }) => {
            let mut keys: Vec<&str> = Vec::new();
            let mut seen: HashSet<&str> = HashSet::new();
            let mut each: Vec<HashMap<&str, &FormField>> = Vec::new();
            for g in &groups {
                let Some(GroupShape::Struct { fields, .. }) = g.map(|g| &g.shape) else {
                    return None;
                };
                for f in fields {
                    if seen.insert(&f.key) {
                        keys.push(&f.key);
                    }
                }
                each.push(fields.iter().map(|f| (f.key.as_str(), f)).collect());
            }
            let mut fields = Vec::with_capacity(keys.len());
            for k in keys {
                let found: Vec<FormField> = each
                    .iter()
                    .filter_map(|fs| fs.get(k).map(|f| (*f).clone()))
                    .collect();
                let mut f = merge(&found)?;
                f.key = k.to_owned();
                f.required &= found.len() == items.len();
                fields.push(f);
            }
            merged.required = fields.iter().any(|f| f.required);
            merged.group = Some(Box::new(FormGroup {
                keys: Vec::new(),
                shape: GroupShape::Struct {
                    type_ident: String::new(),
                    fields,
                },
            }));
        }
        Some(GroupShape::List { .. }) => {
            let mut elements = Vec::new();
            for g in &groups {
                let Some(GroupShape::List { items, .. }) = g.map(|g| &g.shape) else {
                    return None;
                };
                elements.extend(items.iter().cloned());
            }
            let item = merge(&elements)?;
            merged.required = false;
            merged.group = Some(Box::new(FormGroup {
                keys: Vec::new(),
                shape: GroupShape::List {
                    item: Box::new(item),
                    items: Vec::new(),
                },
            }));
        }
    }
    Some(merged)
}

/// The keys the field's example value sends, in the order the generated code sends them.
fn sent(f: &FormField, key: &str, out: &mut Vec<String>) {
    let Some(group) = f.group.as_deref() else {
        if f.enabled || f.required {
            out.push(key.to_owned());
        }
        return;
    };
    match &group.shape {
        GroupShape::Map => {
            if f.enabled || f.required {
                out.push(key.to_owned());
            }
        }
        GroupShape::Struct { fields, .. } => {
            for c in fields {
                sent(c, &format!("{key}[{}]", c.key), out);
            }
        }
        GroupShape::List { item, items } => {
            for (i, each) in items.iter().enumerate() {
                if sends(each) {
                    sent_as(item, each, &format!("{key}[{i}]"), out);
                }
            }
        }
    }
}

/// [`sent`] for an element of a list, in the order of the item type's fields.
fn sent_as(item: &FormField, each: &FormField, key: &str, out: &mut Vec<String>) {
    let (Some(ty), Some(value)) = (item.group.as_deref(), each.group.as_deref()) else {
        sent(each, key, out);
        return;
    };
    match (&ty.shape, &value.shape) {
        (GroupShape::Struct { fields: union, .. }, GroupShape::Struct { fields, .. }) => {
            let fields: HashMap<&str, &FormField> =
                fields.iter().map(|f| (f.key.as_str(), f)).collect();
            for u in union {
                if let Some(f) = fields.get(u.key.as_str()) {
                    sent_as(u, f, &format!("{key}[{}]", u.key), out);
                }
            }
        }
        (GroupShape::List { item, .. }, GroupShape::List { items, .. }) => {
            for (i, e) in items.iter().enumerate() {
                if sends(e) {
                    sent_as(item, e, &format!("{key}[{i}]"), out);
                }
            }
        }
        _ => sent(each, key, out),
    }
}

#[cfg(test)]
mod tests;
