//! `application/x-www-form-urlencoded` bodies, built field by field like [`super::Multipart`].

use super::encode;

/// An urlencoded form; pairs are sent in the order they were added.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UrlEncoded {
    body: String,
}

impl UrlEncoded {
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends `name=value` (space → `+`, everything but `A-Za-z0-9*-._` percent-encoded).
    pub fn pair(&mut self, name: &str, value: &str) {
        if !self.body.is_empty() {
            self.body.push('&');
        }
        encode::form_component(&mut self.body, name);
        self.body.push('=');
        encode::form_component(&mut self.body, value);
    }

    pub fn is_empty(&self) -> bool {
        self.body.is_empty()
    }

    /// The encoded body.
    pub fn as_str(&self) -> &str {
        &self.body
    }
}
