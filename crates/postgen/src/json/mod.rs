//! A spanned, zero-copy JSON parser.
//!
//! Postman collections come from strangers, so reading them must be robust and its errors precise.
//! [`parse`] builds a small DOM ([`Value`]) that borrows strings and numbers from the input
//! wherever it can and records the byte [`Span`] of every value and object key, so that later
//! stages can report `file:line:column` (via [`LineIndex`]) together with a JSON path.
//!
//! * Strict mode ([`Options::default`]) is RFC 8259 JSON. A leading UTF-8 byte order mark is
//!   skipped; lone surrogates in `\u` escapes become U+FFFD instead of being an error.
//! * Lenient mode ([`Options::lenient`]) is for hand-written example bodies and additionally accepts
//!   `//` and `/* */` comments wherever whitespace is allowed, a bare `{{name}}` where a value is
//!   expected ([`Kind::Placeholder`]) and trailing commas before `]` and `}`.
//!
//! The parser is iterative (nesting is limited by [`Options::max_depth`], not by the stack),
//! contains no `unsafe` and never panics, whatever the input.

use std::borrow::Cow;
use std::fmt;

mod lines;
mod parse;
mod write;

#[cfg(test)]
mod differential_tests;
#[cfg(test)]
mod tests;

pub use lines::LineIndex;
pub use parse::parse;
pub use write::to_compact_string;

/// A half-open range of byte offsets (`start..end`) into the parsed text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Span {
    /// Offset of the first byte.
    pub start: u32,
    /// Offset one past the last byte.
    pub end: u32,
}

impl Span {
    /// The span as a `usize` range, for slicing the source text.
    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// A JSON value together with the span of its source text (for strings, including the quotes).
#[derive(Clone, Debug, PartialEq)]
pub struct Value<'a> {
    /// Where the value was written.
    pub span: Span,
    /// What the value is.
    pub kind: Kind<'a>,
}

/// The kind and content of a [`Value`].
#[derive(Clone, Debug, PartialEq)]
pub enum Kind<'a> {
    /// `null`
    Null,
    /// `true` or `false`
    Bool(bool),
    /// A number, as its raw (validated) source text, e.g. `-1.5e3`.
    Number(&'a str),
    /// A string with its escapes decoded; borrowed from the input when it had no escapes.
    String(Cow<'a, str>),
    /// An array.
    Array(Vec<Value<'a>>),
    /// An object's members in source order; duplicate keys are kept.
    Object(Vec<Member<'a>>),
    /// Lenient mode only: a bare `{{name}}` where a value was expected; holds `name`.
    Placeholder(&'a str),
}

/// One `"key": value` member of an object.
#[derive(Clone, Debug, PartialEq)]
pub struct Member<'a> {
    /// The key with its escapes decoded.
    pub key: Cow<'a, str>,
    /// Where the key was written, including its quotes.
    pub key_span: Span,
    /// The member's value.
    pub value: Value<'a>,
}

impl<'a> Value<'a> {
    /// The value of the last member named `key`, if this is an object that has one.
    pub fn get(&self, key: &str) -> Option<&Value<'a>> {
        self.as_object()?
            .iter()
            .rev()
            .find(|member| member.key == key)
            .map(|member| &member.value)
    }

    /// The decoded text, if this is a string.
    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            Kind::String(s) => Some(s),
            _ => None,
        }
    }

    /// The raw source text, if this is a number.
    pub fn as_number(&self) -> Option<&'a str> {
        match self.kind {
            Kind::Number(n) => Some(n),
            _ => None,
        }
    }

    /// The elements, if this is an array.
    pub fn as_array(&self) -> Option<&[Value<'a>]> {
        match &self.kind {
            Kind::Array(items) => Some(items),
            _ => None,
        }
    }

    /// The members in source order, if this is an object.
    pub fn as_object(&self) -> Option<&[Member<'a>]> {
        match &self.kind {
            Kind::Object(members) => Some(members),
            _ => None,
        }
    }

    /// The boolean, if this is `true` or `false`.
    pub fn as_bool(&self) -> Option<bool> {
        match self.kind {
            Kind::Bool(b) => Some(b),
            _ => None,
        }
    }

    /// Whether this is `null` (a placeholder is not).
    pub fn is_null(&self) -> bool {
        matches!(self.kind, Kind::Null)
    }

    /// The JSON type's name, for messages: `"null"`, `"boolean"`, `"number"`, `"string"`,
    /// `"array"`, `"object"` or `"placeholder"`.
    pub fn type_name(&self) -> &'static str {
        match self.kind {
            Kind::Null => "null",
            Kind::Bool(_) => "boolean",
            Kind::Number(_) => "number",
            Kind::String(_) => "string",
            Kind::Array(_) => "array",
            Kind::Object(_) => "object",
            Kind::Placeholder(_) => "placeholder",
        }
    }
}

/// How `parse` reads its input.
#[derive(Clone, Copy, Debug)]
pub struct Options {
    /// The deepest nesting of arrays and objects accepted; a top-level `[]` is depth 1.
    pub max_depth: usize,
    /// Accept comments, bare `{{placeholders}}` and trailing commas.
    pub lenient: bool,
    /// Added to every span: where the text starts in the offset space of several files (see
    /// `read::Sources`). Error offsets stay relative to the text.
    pub base: u32,
}

impl Default for Options {
    /// Strict RFC 8259 JSON nested at most 128 levels deep.
    fn default() -> Self {
        Options {
            max_depth: 128,
            lenient: false,
            base: 0,
        }
    }
}

impl Options {
    /// The default options in lenient mode.
    pub fn lenient() -> Self {
        Options {
            lenient: true,
            ..Options::default()
        }
    }
}

/// Why the text is not acceptable JSON, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    /// Byte offset of the offending token (for an unterminated string, its opening quote; for
    /// input that ends too early, the length of the input).
    pub offset: usize,
    /// What is wrong, e.g. ``expected `,` or `}` after an object member``.
    pub message: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at byte offset {}", self.message, self.offset)
    }
}

impl std::error::Error for ParseError {}
