//! A Postman environment file: the values that resolve `{{variables}}` at generation time. JSON,
//! or a v3 environment's YAML, which has the same shape (`name`, `values`).

use super::fields::text;
use super::source::{Document, Located};
use crate::diag::Finding;
use crate::error::Error;
use crate::json::Value;

/// The enabled variables of an environment, `{"values": [{"key", "value", "enabled"}]}`, as
/// (name, value) pairs in order. Values that are not scalars give nothing.
pub fn read_environment(
    doc: &Document<'_>,
    located: &Located<'_, '_>,
) -> Result<Vec<(String, String)>, Error> {
    values(&doc.root).map_err(|f| located.error(f))
}

fn values(root: &Value<'_>) -> Result<Vec<(String, String)>, Finding> {
    let Some(values) = root.get("values") else {
        return Err(Finding::new(
            root.span,
            "not a Postman environment: expected `values` at the top level",
        ));
    };
    // A v3 environment (`postman/environments/*.environment.yaml`) may give them as a map.
    if let Some(members) = values.as_object() {
        return Ok(members
            .iter()
            .filter_map(|m| {
                let value = text(&m.value, "").ok().flatten()?;
                Some((m.key.to_string(), value.into_owned()))
            })
            .collect());
    }
    let Some(list) = values.as_array() else {
        return Err(Finding::new(values.span, "expected a list of variables"));
    };
    let mut out = Vec::new();
    for v in list {
        let Some(key) = v.get("key").and_then(Value::as_str) else {
            return Err(Finding::new(v.span, "expected a variable with a `key`"));
        };
        if v.get("enabled").and_then(Value::as_bool) == Some(false) {
            continue;
        }
        let value = v.get("value").and_then(|x| text(x, "").ok().flatten());
        if let Some(value) = value {
            out.push((key.to_owned(), value.into_owned()));
        }
    }
    Ok(out)
}
