//! A received response: read fully ([`Response`]), or as it arrives ([`ByteStream`]).

use std::time::Duration;

use reqwest::header::HeaderMap;

use super::error::{Body, Error, Failure};

/// A response as received: status, headers and the whole body. Operations whose collection
/// documents no response return it as it is, and [`Call::raw`](super::Call::raw) gives it for
/// any operation; [`Response::json`] decodes its body into a type of yours.
#[derive(Debug, Clone)]
pub struct Response {
    status: u16,
    headers: HeaderMap,
    body: Vec<u8>,
}

impl Response {
    /// A response with this status, headers and body (for tests and replays).
    pub fn new(status: u16, headers: HeaderMap, body: Vec<u8>) -> Response {
        Response {
            status,
            headers,
            body,
        }
    }

    /// The HTTP status code.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// All headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The first value of a header, if it is visible ASCII.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The body's bytes.
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// The body, owned.
    pub fn into_body(self) -> Body {
        Body::from(self.body)
    }

    /// The body as lossy UTF-8.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// Deserializes the JSON body into `T` (any status). On failure, [`Error::Decode`] names
    /// the path of the offending field (e.g. `data[0].id`) and keeps the raw body.
    pub fn json<T: serde::de::DeserializeOwned>(&self) -> Result<T, Error> {
        self.decode_json().map_err(|f| f.0)
    }

    /// [`Response::json`] for generated code, whose `?` turns it into the operation's error.
    #[doc(hidden)]
    pub fn decode_json<T: serde::de::DeserializeOwned>(&self) -> Result<T, Failure> {
        let mut de = serde_json::Deserializer::from_slice(&self.body);
        let value = serde_path_to_error::deserialize(&mut de)
            .map_err(|e| self.decode_failure(&e.path().to_string(), e.inner()))?;
        de.end().map_err(|e| self.decode_failure(".", &e))?;
        Ok(value)
    }

    /// A decode failure for this response.
    #[doc(hidden)]
    pub fn decode_failure(&self, path: &str, message: &dyn std::fmt::Display) -> Failure {
        Failure(Error::Decode {
            status: self.status,
            headers: Box::new(self.headers.clone()),
            path: path.to_string(),
            message: message.to_string(),
            body: Body::from(self.body.clone()),
        })
    }

    /// This response as a status the operation does not document.
    pub fn unexpected<E>(self) -> Error<E> {
        Error::UnexpectedStatus {
            status: self.status,
            headers: Box::new(self.headers),
            body: Body::from(self.body),
        }
    }
}

/// A response whose body is read as it arrives, chunk by chunk, never held whole: downloads,
/// exports, streaming endpoints ([`Call::stream`](super::Call::stream)). The call's timeout
/// covers getting the status and headers; after that each chunk has the client's read timeout
/// (`with_read_timeout`), else that same timeout, as the longest wait for the next bytes, so a
/// long download is never cut off while data flows.
#[derive(Debug)]
pub struct ByteStream {
    status: u16,
    headers: HeaderMap,
    response: reqwest::Response,
    idle: Duration,
}

impl ByteStream {
    pub(super) fn new(response: reqwest::Response, idle: Duration) -> ByteStream {
        ByteStream {
            status: response.status().as_u16(),
            headers: response.headers().clone(),
            response,
            idle,
        }
    }

    /// The HTTP status code.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// All headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The first value of a header, if it is visible ASCII.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The next chunk of the body, `None` at its end. [`Error::Timeout`] when no bytes came
    /// for the idle timeout; [`Error::Transport`] when the connection broke.
    pub async fn chunk(&mut self) -> Result<Option<Vec<u8>>, Error> {
        match tokio::time::timeout(self.idle, self.response.chunk()).await {
            Ok(Ok(chunk)) => Ok(chunk.map(|b| b.to_vec())),
            Ok(Err(e)) if e.is_timeout() => Err(Error::Timeout),
            Ok(Err(e)) => Err(Error::Transport(e.without_url())),
            Err(_) => Err(Error::Timeout),
        }
    }

    /// Reads the rest of the body into a [`Response`] (what an error status is decoded from).
    pub async fn into_response(mut self) -> Result<Response, Error> {
        let mut body = Vec::new();
        while let Some(chunk) = self.chunk().await? {
            body.extend_from_slice(&chunk);
        }
        Ok(Response::new(self.status, self.headers, body))
    }
}
