//! Postman Collection v1 (top-level `requests` and `order`).

use super::Collection;
use crate::diag::{Finding, Findings};
use crate::json::Value;

pub fn read<'a>(root: &Value<'a>, _findings: &mut Findings) -> Result<Collection<'a>, Finding> {
    Err(Finding::new(
        root.span,
        "this is a Postman Collection v1 (top-level `requests` and `order`); postgen reads v2.0 and \
         v2.1: export it again from Postman as v2.1",
    ))
}
