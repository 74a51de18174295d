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
mod gather;
mod intern;
mod pages;
mod place;
mod realize;
mod shape;

use std::collections::{BTreeSet, HashSet};

use crate::diag::Findings;
use crate::model::{
    Api, BodyRole, CodeEnum, ErrorPayload, OkType, OpTypes, Operation, SavedExample, StructDef,
    TypeUse,
};
use gather::{ExampleKind, OpShapes, collect};
use intern::{Interner, Key, LARGE_ERROR, OkKeys, OpKeys, Proto, size_bound};
use place::{
    Places, candidates, claim, common_module, path_text, reserve_taken, resolve, struct_fields,
};

/// Infers the types of every operation's JSON bodies and stores them in the model
/// (`Operation::types`, `Module::type_defs`).
pub fn infer(api: &mut Api, findings: &mut Findings) {
    let ops = collect(&api.root, findings);

    let mut interner = Interner::default();
    let keys: Vec<OpKeys> = (0..ops.len())
        .map(|i| interner.lower_op(i, &ops[i]))
        .collect();

    reserve_taken(&mut api.root);
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
        let serialized = proto.uses.iter().any(|u| match u.role {
            BodyRole::Request => true,
            // `code()` reads the code from the payload, serialised back to JSON.
            BodyRole::Error(_) => !ops[u.op].codes.is_empty(),
            BodyRole::Success => false,
        });
        let deserialized = proto.uses.iter().any(|u| u.role != BodyRole::Request);
        if let Some(m) = places.get(&mut api.root, module) {
            m.type_defs.push(StructDef {
                name: name.clone(),
                fields,
                uses,
                serialized,
                deserialized,
                page: None,
            });
        }
    }

    // Each operation's types, its decode function and its error codes.
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

    pages::detect(&mut api.root);
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
            let key = if r.is_success() {
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
                realized: key.filter(|_| json).and_then(|k| {
                    let saved = r.body.as_deref().unwrap_or("");
                    match gather::json_in_string(saved) {
                        // The content is what a server sends.
                        Some(inner) => realize::realize(&inner, k, protos).or(Some(inner)),
                        None => realize::realize(saved, k, protos),
                    }
                }),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests;
