//! Stage 3b: the Rust types of JSON bodies, inferred from the collection's examples (Postman
//! collections carry no schemas): read → model → **infer** → emit.
//!
//! For every operation, the examples of each body (the raw JSON request body, the 2xx responses,
//! the responses of each error status) are parsed leniently (comments, `{{variables}}`) and
//! merged into one shape ([`shape`]): integral numbers are `i64`, others `f64`; `null` and keys
//! missing from some example make a field optional; openapi-to-postman's `"<integer>"` and the like
//! are type hints; anything contradictory or unknowable is `serde_json::Value`. Objects become
//! structs, interned so that identical shapes share one type across the crate: a struct one
//! operation uses lives in its module and is named after it (`ListUsersResponse`,
//! `ListUsersUser`); one several operations use lives in their closest common module and takes
//! the name of its field (`User`) when that is free.
//!
//! Documented application error codes (Zoom's ``**Error Code:** `300` ``) become an enum per
//! operation ([`codes`]). For tests, saved responses are also written as a server would send them
//! ([`realize`]).

mod codes;
mod realize;
mod shape;

use std::collections::{BTreeSet, HashMap, HashSet};

use crate::diag::Findings;
use crate::emit::status;
use crate::json;
use crate::model::names::{self, Namespace};
use crate::model::{
    Api, Body, BodyRole, CodeEnum, ErrorCode, ErrorPayload, FieldDef, Module, OkType, OpTypes,
    Operation, Response, SavedExample, StructDef, TypeRef, TypeUse,
};
use shape::{Kind, Ty};

/// Infers the types of every operation's JSON bodies and stores them in the model
/// (`Operation::types`, `Module::type_defs`).
pub fn infer(api: &mut Api, findings: &mut Findings) {
    let mut ops = Vec::new();
    collect(&api.root, &mut Vec::new(), &mut ops, findings);

    let mut interner = Interner::default();
    let keys: Vec<OpKeys> = (0..ops.len())
        .map(|i| interner.lower_op(i, &ops[i]))
        .collect();

    reserve_taken(&mut api.root, true);
    let places = Places::new(&api.root);
    // The operations' own enums of error codes first, like their other types.
    let code_names: Vec<Option<String>> = ops
        .iter()
        .map(|op| {
            let m = places.get(&mut api.root, &op.module)?;
            (!op.codes.is_empty())
                .then(|| claim(&mut m.types, &[format!("{}ErrorCode", op.prefix)]))
        })
        .collect();

    // Struct names, in the order the shapes were first met (outer before inner).
    let mut order: Vec<usize> = (0..interner.protos.len()).collect();
    order.sort_by_key(|&id| interner.protos[id].order);
    let mut placed: Vec<(Vec<String>, String)> = vec![(Vec::new(), String::new()); order.len()];
    for &id in &order {
        let proto = &interner.protos[id];
        let users: BTreeSet<usize> = proto.uses.iter().map(|u| u.op).collect();
        let module = common_module(users.iter().map(|&u| ops[u].module.as_slice()));
        let mut candidates = candidates(&proto.uses[0], &ops, users.len() > 1);
        // A name the first user's own module has taken (its error enum, say) would mislead
        // even in another module.
        let home = &ops[proto.uses[0].op].module;
        if *home != module {
            if let Some(h) = places.get(&mut api.root, home) {
                let last = candidates.pop();
                candidates.retain(|c| !h.types.is_taken(c));
                candidates.extend(last);
            }
        }
        let Some(m) = places.get(&mut api.root, &module) else {
            continue;
        };
        placed[id] = (module, claim(&mut m.types, &candidates));
    }

    // Struct definitions, into their modules.
    for &id in &order {
        let proto = &interner.protos[id];
        let (module, name) = &placed[id];
        let fields = struct_fields(proto, module, &placed);
        let mut uses: Vec<TypeUse> = Vec::new();
        // An operation (its index) stands for its module, handle and function: a set of those
        // keeps this linear in the uses (a shared error body can have thousands).
        let mut seen = HashSet::new();
        for u in &proto.uses {
            let op = &ops[u.op];
            let path = path_text(&u.path);
            if seen.insert((u.op, u.role, path.clone())) {
                uses.push(TypeUse {
                    module: op.module.clone(),
                    handle: op.handle.clone(),
                    op: op.ident.clone(),
                    role: u.role,
                    path,
                });
            }
        }
        if let Some(m) = places.get(&mut api.root, module) {
            m.type_defs.push(StructDef {
                name: name.clone(),
                fields,
                uses,
            });
        }
    }

    // Each operation's types, its decode function and its error codes.
    let mut decode_fns: HashMap<Vec<String>, Namespace> = HashMap::new();
    for ((op, keys), code_name) in ops.iter().zip(keys).zip(code_names) {
        let resolve = |k: &Key| resolve(k, &op.module, &placed);
        let Some(m) = places.get(&mut api.root, &op.module) else {
            continue;
        };
        let Some(o) = m.operations.get(op.index) else {
            continue;
        };
        let examples = saved_examples(o, op, &keys, &interner.protos);
        let types = OpTypes {
            body: keys.body.as_ref().map(resolve),
            ok: match keys.ok {
                OkKeys::Raw => OkType::Raw,
                OkKeys::Unit => OkType::Unit,
                OkKeys::Text => OkType::Text,
                OkKeys::Bytes => OkType::Bytes,
                OkKeys::Json {
                    ty,
                    optional,
                    empty,
                } => OkType::Json {
                    ty: resolve(&ty),
                    optional,
                    empty,
                },
            },
            errors: keys
                .errors
                .iter()
                .map(|(status, k)| ErrorPayload {
                    status: *status,
                    json: k.as_ref().map(resolve),
                })
                .collect(),
            decode_fn: decode_fns
                .entry(op.module.clone())
                .or_default()
                // `_2fa_setup` (a leading digit) must not make `decode__2fa_setup`.
                .claim(
                    &format!("decode_{}", op.ident.trim_start_matches('_')),
                    false,
                ),
            codes: code_name.map(|name| CodeEnum {
                name,
                codes: op.codes.clone(),
            }),
            examples,
            large_errors: keys
                .errors
                .iter()
                .filter_map(|(_, k)| k.as_ref())
                .any(|k| size_bound(k, &interner.protos) > LARGE_ERROR),
        };
        if let Some(o) = m.operations.get_mut(op.index) {
            o.types = types;
        }
    }
}

/// The size from which an error payload may make clippy's `result_large_err` (128 bytes for
/// `Error<E>`, whose other variants take up to 80) or `large_enum_variant` fire.
const LARGE_ERROR: usize = 112;

/// An upper bound of the size of `k` in memory: each field rounded up to 8 bytes, a
/// `serde_json::Value` counted as with `preserve_order`.
fn size_bound(k: &Key, protos: &[Proto]) -> usize {
    match k {
        Key::I64 | Key::U64 | Key::F64 | Key::Bool => 8,
        Key::String | Key::Vec(_) => 24,
        Key::Json => 80,
        Key::Option(k) | Key::Nullable(k) => 8 + size_bound(k, protos),
        Key::Struct(id) => protos.get(*id).map_or(0, |p| {
            p.fields.iter().map(|(_, k)| size_bound(k, protos)).sum()
        }),
    }
}

/// The saved responses of `o` as tests decode them.
fn saved_examples(
    o: &Operation,
    op: &OpShapes,
    keys: &OpKeys,
    protos: &[Proto],
) -> Vec<SavedExample> {
    o.responses
        .iter()
        .zip(&op.examples)
        .enumerate()
        .map(|(i, (r, kind))| {
            let key = if (200..300).contains(&r.status) {
                match &keys.ok {
                    OkKeys::Json { ty, .. } => Some(ty),
                    _ => None,
                }
            } else {
                keys.errors
                    .iter()
                    .find(|(s, _)| *s == r.status)
                    .and_then(|(_, k)| k.as_ref())
            };
            let json = *kind == ExampleKind::Json;
            SavedExample {
                response: i,
                json,
                // Only a body that must decode as JSON: an error variant keeps any body.
                unreadable: *kind == ExampleKind::Unparsed && key.is_some(),
                realized: key
                    .filter(|_| json)
                    .and_then(|k| realize::realize(r.body.as_deref().unwrap_or(""), k, protos)),
            }
        })
        .collect()
}

/// What pass one learns about an operation.
struct OpShapes {
    module: Vec<String>,
    index: usize,
    ident: String,
    prefix: String,
    handle: String,
    /// `Some(None)`: a JSON body whose shape is unknown.
    body: Option<Option<Ty>>,
    ok: OkShape,
    /// Per documented error status: its shape, `None` when its body is not (always) JSON.
    errors: Vec<(u16, Option<Ty>)>,
    codes: Vec<ErrorCode>,
    /// What each saved response's body is, in order.
    examples: Vec<ExampleKind>,
}

enum OkShape {
    Raw,
    Unit,
    Text,
    Bytes,
    Json {
        ty: Option<Ty>,
        optional: bool,
        empty: Vec<u16>,
    },
}

/// What one saved response's body is.
enum Example {
    Empty,
    Json(Ty),
    /// Declared JSON, yet not even lenient JSON.
    Unparsed,
    Text,
    Bytes,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum ExampleKind {
    Json,
    Unparsed,
    Other,
}

impl Example {
    fn kind(&self) -> ExampleKind {
        match self {
            Example::Json(_) => ExampleKind::Json,
            Example::Unparsed => ExampleKind::Unparsed,
            _ => ExampleKind::Other,
        }
    }
}

fn collect(m: &Module, path: &mut Vec<String>, out: &mut Vec<OpShapes>, findings: &mut Findings) {
    for (index, op) in m.operations.iter().enumerate() {
        let body = match &op.body {
            Some(Body::Json { example, span, .. }) => Some(body_shape(example, *span, findings)),
            _ => None,
        };
        let examples: Vec<Example> = op.responses.iter().map(|r| example(r, findings)).collect();
        let success: Vec<(&Response, &Example)> = op
            .responses
            .iter()
            .zip(&examples)
            .filter(|(r, _)| (200..300).contains(&r.status))
            .collect();
        let ok = ok_shape(&success, findings);
        let errors = op
            .error_statuses()
            .iter()
            .map(|&s| {
                let mut ty: Option<Ty> = None;
                for (_, e) in op
                    .responses
                    .iter()
                    .zip(&examples)
                    .filter(|(r, _)| r.status == s)
                {
                    match e {
                        Example::Json(t) => {
                            ty = Some(match ty {
                                Some(prev) => shape::merge(prev, t.clone()),
                                None => t.clone(),
                            })
                        }
                        // One example that is not JSON: the variant keeps the raw body.
                        _ => return (s, None),
                    }
                }
                (s, ty)
            })
            .collect();
        let mut codes: Vec<ErrorCode> = Vec::new();
        for r in op
            .responses
            .iter()
            .filter(|r| !(200..300).contains(&r.status))
        {
            for (code, meaning) in codes::documented(&r.name) {
                let i = codes
                    .iter()
                    .position(|c| c.code == code)
                    .unwrap_or_else(|| {
                        codes.push(ErrorCode {
                            code,
                            ident: format!("Code{code}"),
                            meanings: Vec::new(),
                            statuses: Vec::new(),
                        });
                        codes.len() - 1
                    });
                let entry = &mut codes[i];
                if !meaning.is_empty() && !entry.meanings.contains(&meaning) {
                    entry.meanings.push(meaning);
                }
                if !entry.statuses.contains(&r.status) {
                    entry.statuses.push(r.status);
                }
            }
        }
        out.push(OpShapes {
            module: path.clone(),
            index,
            ident: op.ident.clone(),
            prefix: op.type_prefix.clone(),
            handle: m.handle.clone(),
            body,
            ok,
            errors,
            codes,
            examples: examples.iter().map(Example::kind).collect(),
        });
    }
    for c in &m.modules {
        path.push(c.ident.clone());
        collect(c, path, out, findings);
        path.pop();
    }
}

fn body_shape(example: &str, span: json::Span, findings: &mut Findings) -> Option<Ty> {
    if example.trim().is_empty() {
        return None;
    }
    match json::parse(example, json::Options::lenient()) {
        Ok(v) => Some(shape::of_value(&v)),
        Err(e) => {
            findings.warn(
                span,
                format!(
                    "the JSON body's example is not JSON ({}): the body argument is a \
                     `serde_json::Value`",
                    e.message
                ),
            );
            None
        }
    }
}

fn ok_shape(success: &[(&Response, &Example)], findings: &mut Findings) -> OkShape {
    if success.is_empty() {
        return OkShape::Raw;
    }
    let mut ty: Option<Ty> = None;
    let (mut json, mut text, mut bytes, mut some_empty) = (false, false, false, false);
    let mut empty: Vec<u16> = Vec::new();
    let mut full: Vec<u16> = Vec::new();
    for (r, e) in success {
        match e {
            Example::Empty => {
                some_empty = true;
                // Statuses that never have content; another empty 2xx is known empty by its body
                // (a real one may well have one).
                if matches!(r.status, 204 | 205) {
                    empty.push(r.status);
                }
                continue;
            }
            Example::Json(t) => {
                json = true;
                ty = Some(match ty {
                    Some(prev) => shape::merge(prev, t.clone()),
                    None => t.clone(),
                });
            }
            Example::Unparsed => json = true,
            Example::Text => text = true,
            Example::Bytes => bytes = true,
        }
        full.push(r.status);
    }
    if json && (text || bytes) {
        if let Some((r, _)) = success.first() {
            findings.warn(
                r.span,
                "the 2xx responses mix JSON and other content: the operation returns the raw \
                 response",
            );
        }
        return OkShape::Raw;
    }
    if json {
        empty.retain(|s| !full.contains(s));
        empty.sort_unstable();
        empty.dedup();
        OkShape::Json {
            ty,
            optional: some_empty,
            empty,
        }
    } else if bytes {
        OkShape::Bytes
    } else if text {
        OkShape::Text
    } else {
        OkShape::Unit
    }
}

/// What a saved response's body is, by its Content-Type (or Postman's preview language), else
/// by its content.
fn example(r: &Response, findings: &mut Findings) -> Example {
    let body = r.body.as_deref().unwrap_or("");
    // These statuses have no content, whatever was saved.
    if body.trim().is_empty() || matches!(r.status, 204 | 205 | 304) {
        return Example::Empty;
    }
    let ct = r.content_type.as_deref().unwrap_or("").to_ascii_lowercase();
    let ct = ct.split(';').next().unwrap_or("").trim();
    let parsed = || json::parse(body, json::Options::lenient());
    if ct.contains("json") {
        return match parsed() {
            Ok(v) => Example::Json(shape::of_value(&v)),
            Err(e) => {
                findings.warn(
                    r.span,
                    format!(
                        "the saved `{}` response says it is JSON but its body is not ({}): it \
                         is typed as `serde_json::Value`",
                        r.status, e.message
                    ),
                );
                Example::Unparsed
            }
        };
    }
    if is_binary(ct) {
        return Example::Bytes;
    }
    if !ct.is_empty() {
        return Example::Text;
    }
    match parsed() {
        Ok(v) if matches!(v.kind, json::Kind::Object(_) | json::Kind::Array(_)) => {
            Example::Json(shape::of_value(&v))
        }
        _ => Example::Text,
    }
}

fn is_binary(ct: &str) -> bool {
    ["image/", "audio/", "video/", "font/"]
        .iter()
        .any(|p| ct.starts_with(p))
        || matches!(
            ct,
            "application/octet-stream"
                | "application/pdf"
                | "application/zip"
                | "application/gzip"
                | "application/x-gzip"
                | "application/x-tar"
                | "application/vnd.ms-excel"
                | "application/msword"
        )
        || ct.starts_with("application/vnd.openxmlformats")
}

/// A type before names: structs by interned id.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Key {
    String,
    I64,
    /// An integer beyond `i64` that fits `u64`.
    U64,
    F64,
    Bool,
    Json,
    /// May be absent (missing from some example): skipped when `None`.
    Option(Box<Key>),
    /// Always present, sometimes `null`: `None` is written as `null`, as the examples do.
    Nullable(Box<Key>),
    Vec(Box<Key>),
    Struct(usize),
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Seg {
    Field(String),
    Item,
}

struct Use {
    op: usize,
    role: BodyRole,
    path: Vec<Seg>,
}

/// A struct: its fields (first-seen order) and every place it occurs.
struct Proto {
    fields: Vec<(String, Key)>,
    uses: Vec<Use>,
    /// When it was first met (pre-order), for names and definition order.
    order: usize,
}

#[derive(Default)]
struct Interner {
    protos: Vec<Proto>,
    /// Fields sorted by key → proto: identical shapes are one struct.
    index: HashMap<Vec<(String, Key)>, usize>,
    next_order: usize,
}

struct OpKeys {
    body: Option<Key>,
    ok: OkKeys,
    errors: Vec<(u16, Option<Key>)>,
}

enum OkKeys {
    Raw,
    Unit,
    Text,
    Bytes,
    Json {
        ty: Key,
        optional: bool,
        empty: Vec<u16>,
    },
}

impl Interner {
    fn lower_op(&mut self, op: usize, s: &OpShapes) -> OpKeys {
        let lower = |ty: Option<&Ty>, role: BodyRole, this: &mut Interner| match ty {
            Some(t) => this.lower(t, op, role, &mut Vec::new()),
            None => Key::Json,
        };
        let body = s
            .body
            .as_ref()
            .map(|t| lower(t.as_ref(), BodyRole::Request, self));
        let ok = match &s.ok {
            OkShape::Raw => OkKeys::Raw,
            OkShape::Unit => OkKeys::Unit,
            OkShape::Text => OkKeys::Text,
            OkShape::Bytes => OkKeys::Bytes,
            OkShape::Json {
                ty,
                optional,
                empty,
            } => OkKeys::Json {
                ty: lower(ty.as_ref(), BodyRole::Success, self),
                optional: *optional,
                empty: empty.clone(),
            },
        };
        let errors = s
            .errors
            .iter()
            .map(|(status, ty)| {
                let k = ty
                    .as_ref()
                    .map(|t| lower(Some(t), BodyRole::Error(*status), self));
                (*status, k)
            })
            .collect();
        OpKeys { body, ok, errors }
    }

    fn lower(&mut self, ty: &Ty, op: usize, role: BodyRole, path: &mut Vec<Seg>) -> Key {
        let base = self.lower_kind(&ty.kind, op, role, path);
        // `serde_json::Value` holds `null` itself.
        if ty.nullable && base != Key::Json {
            Key::Option(Box::new(base))
        } else {
            base
        }
    }

    fn lower_kind(&mut self, kind: &Kind, op: usize, role: BodyRole, path: &mut Vec<Seg>) -> Key {
        match kind {
            Kind::Unknown | Kind::Any => Key::Json,
            Kind::Bool => Key::Bool,
            Kind::Int => Key::I64,
            Kind::UInt => Key::U64,
            Kind::Float => Key::F64,
            Kind::Str => Key::String,
            Kind::Array(el) => {
                path.push(Seg::Item);
                let k = self.lower(el, op, role, path);
                path.pop();
                Key::Vec(Box::new(k))
            }
            // `{}` says nothing about what the object holds.
            Kind::Object(o) if o.fields.is_empty() => Key::Json,
            Kind::Object(o) => {
                let order = self.next_order;
                self.next_order += 1;
                let mut fields = Vec::with_capacity(o.fields.len());
                for f in &o.fields {
                    path.push(Seg::Field(f.key.clone()));
                    let mut k = self.lower_kind(&f.ty.kind, op, role, path);
                    path.pop();
                    if f.seen < o.seen && f.ty.nullable {
                        // Absent in some example, `null` in another: both are kept apart.
                        k = Key::Option(Box::new(Key::Nullable(Box::new(k))));
                    } else if f.seen < o.seen {
                        k = Key::Option(Box::new(k));
                    } else if f.ty.nullable {
                        k = Key::Nullable(Box::new(k));
                    }
                    fields.push((f.key.clone(), k));
                }
                let mut sorted = fields.clone();
                sorted.sort();
                let use_ = Use {
                    op,
                    role,
                    path: path.clone(),
                };
                let id = match self.index.get(&sorted) {
                    Some(&id) => id,
                    None => {
                        let id = self.protos.len();
                        self.protos.push(Proto {
                            fields,
                            uses: Vec::new(),
                            order,
                        });
                        self.index.insert(sorted, id);
                        id
                    }
                };
                self.protos[id].uses.push(use_);
                Key::Struct(id)
            }
        }
    }
}

/// Names to try for a struct, best first: its field's name when several operations share it,
/// then the operation's prefix with the field's name, then the body's name with it, then the
/// whole path.
fn candidates(u: &Use, ops: &[OpShapes], shared: bool) -> Vec<String> {
    let op = &ops[u.op];
    let root = match u.role {
        BodyRole::Request => format!("{}Body", op.prefix),
        BodyRole::Success => format!("{}Response", op.prefix),
        BodyRole::Error(s) => format!("{}{}", op.prefix, status::variant(s)),
    };
    if u.path.is_empty() {
        // An error body several operations share is the API's error type.
        return match u.role {
            BodyRole::Error(_) if shared => vec!["ErrorBody".to_owned(), root],
            _ => vec![root],
        };
    }
    let last = seg_name(&u.path);
    let mut out = Vec::new();
    if shared {
        out.push(last.clone());
    }
    out.push(format!("{}{last}", op.prefix));
    out.push(format!("{root}{last}"));
    let mut long = root;
    for s in &u.path {
        match s {
            Seg::Field(k) => long.push_str(&names::camel(k).unwrap_or_else(|| "Field".to_owned())),
            Seg::Item => long.push_str("Item"),
        }
    }
    out.push(long);
    out
}

/// `UpperCamelCase` name of what the path ends at: the last key, singular for the items of an
/// array (`phones[]` → `Phone`), `…Item` when no singular is known (`data[]` → `DataItem`).
fn seg_name(path: &[Seg]) -> String {
    let Some(i) = path.iter().rposition(|s| matches!(s, Seg::Field(_))) else {
        return "Item".to_owned();
    };
    let Seg::Field(key) = &path[i] else {
        return "Item".to_owned();
    };
    let camel = names::camel(key).unwrap_or_else(|| "Field".to_owned());
    if i + 1 == path.len() {
        return camel;
    }
    singular(&camel)
        .filter(|s| s.len() > 1)
        .unwrap_or_else(|| format!("{camel}Item"))
}

/// The singular of an English plural, when the word clearly is one.
fn singular(word: &str) -> Option<String> {
    let lower = word.to_ascii_lowercase();
    let cut = |n: usize| word[..word.len() - n].to_owned();
    if lower.ends_with("ies") && word.len() > 4 {
        return Some(format!("{}y", cut(3)));
    }
    if ["sses", "shes", "ches", "xes"]
        .iter()
        .any(|e| lower.ends_with(e))
    {
        return Some(cut(2));
    }
    if ["ss", "us", "is"].iter().any(|e| lower.ends_with(e)) {
        return None;
    }
    (lower.ends_with('s') && word.len() > 3).then(|| cut(1))
}

/// Claims the first free candidate, else the last with a number.
fn claim(ns: &mut Namespace, candidates: &[String]) -> String {
    for c in candidates {
        if !ns.is_taken(c) {
            return ns.claim(c, true);
        }
    }
    ns.claim(candidates.last().map_or("Type", String::as_str), true)
}

/// Names a module's type namespace must not hand out beyond what the model reserved: the crate
/// root's re-exports, and the names of sub-modules (a type and a module share a namespace).
fn reserve_taken(m: &mut Module, is_root: bool) {
    if is_root {
        for n in ["RetryPolicy", "Undocumented"] {
            m.types.reserve(n);
        }
    }
    for c in &mut m.modules {
        m.types.reserve(&c.ident);
        reserve_taken(c, false);
    }
}

/// The closest module that holds all of `paths`.
fn common_module<'p>(mut paths: impl Iterator<Item = &'p [String]>) -> Vec<String> {
    let Some(first) = paths.next() else {
        return Vec::new();
    };
    let mut common = first.to_vec();
    for p in paths {
        let n = common.iter().zip(p).take_while(|(a, b)| a == b).count();
        common.truncate(n);
    }
    common
}

/// Where each module is, by its path of idents: the indices that lead to it from the root,
/// found once (every operation and every type looks its module up, and a module can have
/// hundreds of children).
struct Places(HashMap<Vec<String>, Vec<usize>>);

impl Places {
    fn new(root: &Module) -> Places {
        fn walk(
            m: &Module,
            path: &mut Vec<String>,
            at: &mut Vec<usize>,
            out: &mut HashMap<Vec<String>, Vec<usize>>,
        ) {
            out.insert(path.clone(), at.clone());
            for (i, c) in m.modules.iter().enumerate() {
                path.push(c.ident.clone());
                at.push(i);
                walk(c, path, at, out);
                path.pop();
                at.pop();
            }
        }
        let mut out = HashMap::new();
        walk(root, &mut Vec::new(), &mut Vec::new(), &mut out);
        Places(out)
    }

    fn get<'m>(&self, root: &'m mut Module, path: &[String]) -> Option<&'m mut Module> {
        let mut m = root;
        for &i in self.0.get(path)? {
            m = m.modules.get_mut(i)?;
        }
        Some(m)
    }
}

fn struct_fields(
    proto: &Proto,
    module: &[String],
    placed: &[(Vec<String>, String)],
) -> Vec<FieldDef> {
    let mut idents = Namespace::default();
    proto
        .fields
        .iter()
        .map(|(key, k)| FieldDef {
            ident: idents.claim(
                &names::snake(key).unwrap_or_else(|| "field".to_owned()),
                false,
            ),
            key: key.clone(),
            ty: resolve(k, module, placed),
            skip_if_none: matches!(k, Key::Option(_)),
            keeps_null: matches!(k, Key::Option(inner) if matches!(**inner, Key::Nullable(_))),
        })
        .collect()
}

/// `k` as referred to from `module`.
fn resolve(k: &Key, module: &[String], placed: &[(Vec<String>, String)]) -> TypeRef {
    match k {
        Key::String => TypeRef::String,
        Key::I64 => TypeRef::I64,
        Key::U64 => TypeRef::U64,
        Key::F64 => TypeRef::F64,
        Key::Bool => TypeRef::Bool,
        Key::Json => TypeRef::Json,
        // `serde_json::Value` holds `null` itself.
        Key::Nullable(k) if **k == Key::Json => TypeRef::Json,
        Key::Option(k) | Key::Nullable(k) => TypeRef::Option(Box::new(resolve(k, module, placed))),
        Key::Vec(k) => TypeRef::Vec(Box::new(resolve(k, module, placed))),
        Key::Struct(id) => {
            let (at, name) = &placed[*id];
            TypeRef::Named {
                module: (at.as_slice() != module).then(|| at.clone()),
                name: name.clone(),
            }
        }
    }
}

/// `data.phones[]`.
fn path_text(path: &[Seg]) -> String {
    let mut s = String::new();
    for seg in path {
        match seg {
            Seg::Field(k) => {
                if !s.is_empty() {
                    s.push('.');
                }
                s.push_str(k);
            }
            Seg::Item => s.push_str("[]"),
        }
    }
    s
}

#[cfg(test)]
mod tests;
