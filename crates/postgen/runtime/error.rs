//! Errors returned by generated operations.

use std::borrow::Cow;
use std::fmt;

use reqwest::header::HeaderMap;

/// How much of a body `Debug` and `Display` show.
const SHOWN_BODY_BYTES: usize = 1024;

/// A response body kept in an error. `Debug`/`Display` show it as lossy UTF-8 text,
/// truncated to 1 KiB.
#[derive(Clone, PartialEq, Eq)]
pub struct Body(Vec<u8>);

impl Body {
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// Lossy UTF-8.
    pub fn text(&self) -> Cow<'_, str> {
        String::from_utf8_lossy(&self.0)
    }

    pub fn json<T: serde::de::DeserializeOwned>(&self) -> serde_json::Result<T> {
        serde_json::from_slice(&self.0)
    }

    pub fn into_bytes(self) -> Vec<u8> {
        self.0
    }

    /// The text shown by `Debug`/`Display` and whether it was cut.
    fn shown(&self) -> (Cow<'_, str>, bool) {
        if self.0.len() <= SHOWN_BODY_BYTES {
            return (self.text(), false);
        }
        let mut cut = SHOWN_BODY_BYTES;
        // Do not split a UTF-8 sequence (continuation bytes are 0b10xx_xxxx).
        while cut > SHOWN_BODY_BYTES - 4 && self.0.get(cut).is_some_and(|b| b & 0xC0 == 0x80) {
            cut -= 1;
        }
        (String::from_utf8_lossy(&self.0[..cut]), true)
    }
}

impl From<Vec<u8>> for Body {
    fn from(bytes: Vec<u8>) -> Body {
        Body(bytes)
    }
}

impl fmt::Debug for Body {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (text, cut) = self.shown();
        write!(f, "{text:?}")?;
        if cut {
            write!(f, "… ({} bytes)", self.0.len())?;
        }
        Ok(())
    }
}

impl fmt::Display for Body {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (text, cut) = self.shown();
        f.write_str(&text)?;
        if cut {
            write!(f, "… ({} bytes)", self.0.len())?;
        }
        Ok(())
    }
}

/// The error of one API operation.
///
/// `E` is the operation's generated error enum (the error responses the collection documents),
/// or [`Undocumented`] when it documents none.
pub enum Error<E = Undocumented> {
    /// A documented error status, decoded.
    Api(E),
    /// A status the collection does not document.
    UnexpectedStatus {
        status: u16,
        /// The response's headers (`Debug` shows their names only); boxed, to keep every
        /// `Result` of the crate small.
        headers: Box<HeaderMap>,
        body: Body,
    },
    /// The response body did not match the expected type; `path` names the field
    /// (e.g. `data[0].id`).
    Decode {
        status: u16,
        /// The response's headers (`Debug` shows their names only); boxed like
        /// `UnexpectedStatus`'s.
        headers: Box<HeaderMap>,
        path: String,
        message: String,
        body: Body,
    },
    /// The request (one attempt) took longer than the configured timeout.
    Timeout,
    /// Connecting, sending or receiving failed. The error carries no URL (URLs may hold API keys).
    Transport(reqwest::Error),
    /// The request could not be built (bad header value, missing variable or base URL, …).
    InvalidRequest(String),
}

impl<E> Error<E> {
    /// The HTTP status, for `UnexpectedStatus` and `Decode`.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::UnexpectedStatus { status, .. } | Error::Decode { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The response's headers, for `UnexpectedStatus` and `Decode` (a request id, rate limits).
    /// A documented error's headers come with `Call::with_response`.
    pub fn headers(&self) -> Option<&HeaderMap> {
        match self {
            Error::UnexpectedStatus { headers, .. } | Error::Decode { headers, .. } => {
                Some(headers)
            }
            _ => None,
        }
    }

    /// The documented error, for `Api`.
    pub fn api(&self) -> Option<&E> {
        match self {
            Error::Api(e) => Some(e),
            _ => None,
        }
    }

    /// The same error with `f` applied to a documented one.
    pub fn map_api<F>(self, f: impl FnOnce(E) -> F) -> Error<F> {
        match self {
            Error::Api(e) => Error::Api(f(e)),
            Error::UnexpectedStatus {
                status,
                headers,
                body,
            } => Error::UnexpectedStatus {
                status,
                headers,
                body,
            },
            Error::Decode {
                status,
                headers,
                path,
                message,
                body,
            } => Error::Decode {
                status,
                headers,
                path,
                message,
                body,
            },
            Error::Timeout => Error::Timeout,
            Error::Transport(e) => Error::Transport(e),
            Error::InvalidRequest(m) => Error::InvalidRequest(m),
        }
    }
}

/// Header names only: values may be secrets (a cookie a server sets).
struct HeaderNames<'h>(&'h HeaderMap);

impl fmt::Debug for HeaderNames<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.0.keys()).finish()
    }
}

impl<E: fmt::Debug> fmt::Debug for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api(e) => f.debug_tuple("Api").field(e).finish(),
            Error::UnexpectedStatus {
                status,
                headers,
                body,
            } => f
                .debug_struct("UnexpectedStatus")
                .field("status", status)
                .field("headers", &HeaderNames(headers))
                .field("body", body)
                .finish(),
            Error::Decode {
                status,
                headers,
                path,
                message,
                body,
            } => f
                .debug_struct("Decode")
                .field("status", status)
                .field("headers", &HeaderNames(headers))
                .field("path", path)
                .field("message", message)
                .field("body", body)
                .finish(),
            Error::Timeout => f.write_str("Timeout"),
            Error::Transport(e) => f.debug_tuple("Transport").field(e).finish(),
            Error::InvalidRequest(m) => f.debug_tuple("InvalidRequest").field(m).finish(),
        }
    }
}

impl<E: fmt::Debug> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api(e) => write!(f, "API error: {e:?}"),
            Error::UnexpectedStatus { status, body, .. } => {
                write!(f, "unexpected HTTP status {status}: {body}")
            }
            Error::Decode {
                status,
                path,
                message,
                ..
            } => write!(
                f,
                "cannot decode response body (HTTP {status}) at `{path}`: {message}"
            ),
            Error::Timeout => f.write_str("request timed out"),
            Error::Transport(e) => write!(f, "transport error: {e}"),
            Error::InvalidRequest(m) => write!(f, "invalid request: {m}"),
        }
    }
}

impl<E: fmt::Debug> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport(e) => Some(e),
            _ => None,
        }
    }
}

/// Error type of operations that document no error responses; it has no values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Undocumented {}

/// A request's failure before generated code has classified the response: an [`Error`] with
/// no documented errors, in a type of its own so that generated code converts it into its
/// operation's `Error<E>` with `?`.
#[doc(hidden)]
#[derive(Debug)]
pub struct Failure(pub Error);

impl<E> From<Failure> for Error<E> {
    fn from(f: Failure) -> Error<E> {
        f.0.map_api(|never| match never {})
    }
}

impl Failure {
    /// `Error::InvalidRequest(message)`.
    pub fn invalid(message: String) -> Failure {
        Failure(Error::InvalidRequest(message))
    }
}

impl From<Error> for Failure {
    fn from(e: Error) -> Failure {
        Failure(e)
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl std::error::Error for Failure {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        std::error::Error::source(&self.0)
    }
}
