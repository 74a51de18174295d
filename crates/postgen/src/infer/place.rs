//! Pass three: where each struct lives (the closest module that holds all its users) and what it
//! is called there.

use std::collections::HashMap;

use super::gather::OpShapes;
use super::intern::{Key, Proto, Seg, Use};
use crate::model::names::{self, Namespace};
use crate::model::status;
use crate::model::vars::is_secret_name;
use crate::model::{BodyRole, FieldDef, Module, TypeRef};

/// Names to try for a struct, best first: its field's name when several operations share it,
/// then the operation's prefix with the field's name, then the body's name with it, then the
/// whole path.
pub(super) fn candidates(u: &Use, ops: &[OpShapes], shared: bool) -> Vec<String> {
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
pub(super) fn seg_name(path: &[Seg]) -> String {
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
pub(super) fn singular(word: &str) -> Option<String> {
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
pub(super) fn claim(ns: &mut Namespace, candidates: &[String]) -> String {
    for c in candidates {
        if !ns.is_taken(c) {
            return ns.claim(c, true);
        }
    }
    ns.claim(candidates.last().map_or("Type", String::as_str), true)
}

/// Names a module's type namespace must not hand out beyond what the model reserved: the crate
/// root's re-exports, and the names of sub-modules (a type and a module share a namespace).
pub(super) fn reserve_taken(root: &mut Module) {
    for n in ["RetryPolicy", "Undocumented"] {
        root.types.reserve(n);
    }
    root.walk_mut(&mut |m| {
        for i in 0..m.modules.len() {
            let ident = m.modules[i].ident.clone();
            m.types.reserve(&ident);
        }
    });
}

/// The closest module that holds all of `paths`.
pub(super) fn common_module<'p>(mut paths: impl Iterator<Item = &'p [String]>) -> Vec<String> {
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
pub(super) struct Places(HashMap<Vec<String>, Vec<usize>>);

impl Places {
    pub(super) fn new(root: &Module) -> Places {
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

    pub(super) fn get<'m>(&self, root: &'m mut Module, path: &[String]) -> Option<&'m mut Module> {
        let mut m = root;
        for &i in self.0.get(path)? {
            m = m.modules.get_mut(i)?;
        }
        Some(m)
    }
}

pub(super) fn struct_fields(
    proto: &Proto,
    module: &[String],
    placed: &[(Vec<String>, String)],
) -> Vec<FieldDef> {
    let mut idents = Namespace::default();
    proto
        .fields
        .iter()
        .zip(&proto.examples)
        .map(|((key, k), example)| FieldDef {
            ident: idents.claim(
                &names::snake(key).unwrap_or_else(|| "field".to_owned()),
                false,
            ),
            key: key.clone(),
            ty: resolve(k, module, placed),
            skip_if_none: matches!(k, Key::Option(_)),
            keeps_null: matches!(k, Key::Option(inner) if matches!(**inner, Key::Nullable(_))),
            lenient: proto.lenient,
            example: example.clone().filter(|_| !is_secret_name(key)),
        })
        .collect()
}

/// `k` as referred to from `module`.
pub(super) fn resolve(k: &Key, module: &[String], placed: &[(Vec<String>, String)]) -> TypeRef {
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
pub(super) fn path_text(path: &[Seg]) -> String {
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
