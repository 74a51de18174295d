//! One type per name across the crate: a path variable's Rust type comes from every request that
//! uses the name, not from each request's example alone (Zoom's `meeting_id` was `&str` in 23
//! operations and `i64` in 25, from the examples each happened to give).

use std::collections::HashMap;

use super::hints::scalar_of;
use super::{Api, Module, Scalar};

/// Gives every path parameter of one ident the type all its examples agree on: `i64` or `bool`
/// only when every use gives such a value, else `&str`. A use without a value counts as text:
/// Postman then sends the `:name` placeholder itself, which only a string can carry.
pub(super) fn unify_path_params(api: &mut Api) {
    let mut examples: HashMap<String, Vec<String>> = HashMap::new();
    api.root.each_operation(&mut |_, op| {
        for p in &op.path_params {
            examples
                .entry(p.ident.clone())
                .or_default()
                .push(p.example.clone().unwrap_or_else(|| format!(":{}", p.key)));
        }
    });
    let types: HashMap<String, Scalar> = examples
        .into_iter()
        .map(|(ident, values)| (ident, scalar_of(values.iter().map(String::as_str))))
        .collect();
    api.root.walk_mut(&mut |m: &mut Module| {
        for op in &mut m.operations {
            for p in &mut op.path_params {
                if let Some(&ty) = types.get(&p.ident) {
                    p.ty = ty;
                }
            }
        }
    });
}
