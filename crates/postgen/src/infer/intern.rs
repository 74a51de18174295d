//! Pass two: shapes lowered to keys, with every object interned as one prototype struct per
//! distinct shape across the crate, remembering each place it occurs.

use std::collections::HashMap;

use super::gather::{OkShape, OpShapes};
use super::shape::{Kind, Ty};
use crate::model::BodyRole;

/// The size from which an error payload may make clippy's `result_large_err` (128 bytes for
/// `Error<E>`, whose other variants take up to 80) or `large_enum_variant` fire.
pub(super) const LARGE_ERROR: usize = 112;

/// An upper bound of the size of `k` in memory: each field rounded up to 8 bytes, a
/// `serde_json::Value` counted as with `preserve_order`.
pub(super) fn size_bound(k: &Key, protos: &[Proto]) -> usize {
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

/// A type before names: structs by interned id.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(super) enum Key {
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
pub(super) enum Seg {
    Field(String),
    Item,
}

pub(super) struct Use {
    pub(super) op: usize,
    pub(super) role: BodyRole,
    pub(super) path: Vec<Seg>,
}

/// A struct: its fields (first-seen order) and every place it occurs.
pub(super) struct Proto {
    pub(super) fields: Vec<(String, Key)>,
    /// Each field's example value, from the first shape interned as this struct (for docs).
    pub(super) examples: Vec<Option<String>>,
    /// Some use decodes a response into it: its fields take what servers send leniently.
    pub(super) lenient: bool,
    pub(super) uses: Vec<Use>,
    /// When it was first met (pre-order), for names and definition order.
    pub(super) order: usize,
}

#[derive(Default)]
pub(super) struct Interner {
    pub(super) protos: Vec<Proto>,
    /// Fields sorted by key → proto: identical shapes are one struct.
    pub(super) index: HashMap<Vec<(String, Key)>, usize>,
    pub(super) next_order: usize,
}

pub(super) struct OpKeys {
    pub(super) body: Option<Key>,
    pub(super) ok: OkKeys,
    pub(super) errors: Vec<(u16, Option<Key>)>,
}

pub(super) enum OkKeys {
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
    pub(super) fn lower_op(&mut self, op: usize, s: &OpShapes) -> OpKeys {
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

    pub(super) fn lower(&mut self, ty: &Ty, op: usize, role: BodyRole, path: &mut Vec<Seg>) -> Key {
        let base = self.lower_kind(&ty.kind, op, role, path);
        // `serde_json::Value` holds `null` itself.
        if ty.nullable && base != Key::Json {
            Key::Option(Box::new(base))
        } else {
            base
        }
    }

    pub(super) fn lower_kind(
        &mut self,
        kind: &Kind,
        op: usize,
        role: BodyRole,
        path: &mut Vec<Seg>,
    ) -> Key {
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
                let response = role != BodyRole::Request;
                let mut fields = Vec::with_capacity(o.fields.len());
                for f in &o.fields {
                    path.push(Seg::Field(f.key.clone()));
                    let mut k = self.lower_kind(&f.ty.kind, op, role, path);
                    path.pop();
                    if response {
                        // An example shows what a response can hold, never what it must: every
                        // field of a response may be missing or `null` (`serde_json::Value`
                        // holds `null` itself).
                        if k != Key::Json {
                            k = Key::Option(Box::new(k));
                        }
                    } else if f.seen < o.seen && f.ty.nullable {
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
                            examples: o.fields.iter().map(|f| f.example.clone()).collect(),
                            lenient: false,
                            uses: Vec::new(),
                            order,
                        });
                        self.index.insert(sorted, id);
                        id
                    }
                };
                self.protos[id].lenient |= response;
                self.protos[id].uses.push(use_);
                Key::Struct(id)
            }
        }
    }
}
