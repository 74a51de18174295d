//! `application/x-www-form-urlencoded` bodies, built field by field like [`super::Multipart`].

use super::encode;
use super::request::Param;

/// An urlencoded form; pairs are sent in the order they were added.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UrlEncoded {
    body: String,
}

impl UrlEncoded {
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends `name=value`, everything but `A-Za-z0-9-._~` percent-encoded (space → `%20`), as
    /// Postman encodes urlencoded bodies.
    pub fn pair(&mut self, name: &str, value: &str) {
        if !self.body.is_empty() {
            self.body.push('&');
        }
        encode::form_component(&mut self.body, name);
        self.body.push('=');
        encode::form_component(&mut self.body, value);
    }

    /// [`UrlEncoded::pair`] when `value` is set (an optional field of a form struct).
    pub fn pair_opt<V: Param>(&mut self, name: &str, value: &Option<V>) {
        if let Some(v) = value {
            v.with_text(|text| self.pair(name, text));
        }
    }

    pub fn is_empty(&self) -> bool {
        self.body.is_empty()
    }

    /// The encoded body.
    pub fn as_str(&self) -> &str {
        &self.body
    }
}

/// The key of an entry `name` of an open map sent as the field `key` (Stripe's
/// `metadata[order_id]`): `key[name]`, or `key` itself for an empty name.
pub fn entry_key(key: &str, name: &str) -> String {
    if name.is_empty() {
        key.to_owned()
    } else {
        format!("{key}[{name}]")
    }
}
