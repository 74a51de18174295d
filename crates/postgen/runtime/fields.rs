//! Serde helpers for fields of generated types.

use serde::{Deserialize, Deserializer};

/// For a field that examples show both absent and `null`: a key that is there, `null`
/// included, is `Some`, so `None` means absent (and is left out when serialising, with
/// `skip_serializing_if = "Option::is_none"`). With `Option<Option<T>>`, `Some(None)` is
/// `null`; with `Option<serde_json::Value>`, `Some(Value::Null)`. (Serde alone reads `null` as
/// `None`, and would then leave out a `null` the examples send.)
pub fn present<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    T::deserialize(d).map(Some)
}
