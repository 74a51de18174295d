//! A decoded value together with the status and headers of the response it came from.

use std::ops::Deref;

use reqwest::header::HeaderMap;

/// What [`Call::with_response`](super::Call::with_response) gives: the typed value (it
/// dereferences to it) with the response's status and headers (rate limits, request ids).
#[derive(Clone, Debug, PartialEq)]
pub struct ResponseValue<T> {
    value: T,
    status: u16,
    headers: HeaderMap,
}

impl<T> ResponseValue<T> {
    /// `value`, decoded from a response with this status and headers.
    pub fn new(value: T, status: u16, headers: HeaderMap) -> ResponseValue<T> {
        ResponseValue {
            value,
            status,
            headers,
        }
    }

    /// The HTTP status code.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// All headers of the response.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The first value of a header, if it is visible ASCII.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The value.
    pub fn into_inner(self) -> T {
        self.value
    }

    /// The value, the status and the headers.
    pub fn into_parts(self) -> (T, u16, HeaderMap) {
        (self.value, self.status, self.headers)
    }

    /// The same status and headers with `f` applied to the value.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> ResponseValue<U> {
        ResponseValue {
            value: f(self.value),
            status: self.status,
            headers: self.headers,
        }
    }
}

impl<T> Deref for ResponseValue<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.value
    }
}
