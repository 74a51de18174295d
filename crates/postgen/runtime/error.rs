//! Errors returned by generated operations.

use std::borrow::Cow;
use std::fmt;

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
/// `E` is the operation's generated error enum (the error responses the collection documents).
#[derive(Debug)]
pub enum Error<E = Undocumented> {
    /// A documented error status.
    Api(E),
    /// A status the collection does not document.
    UnexpectedStatus { status: u16, body: Body },
    /// The response body did not match the expected type; `path` names the field
    /// (e.g. `data[0].id`).
    Decode {
        status: u16,
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

    /// The documented error, for `Api`.
    pub fn api(&self) -> Option<&E> {
        match self {
            Error::Api(e) => Some(e),
            _ => None,
        }
    }
}

impl<E: fmt::Debug> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api(e) => write!(f, "API error: {e:?}"),
            Error::UnexpectedStatus { status, body } => {
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

/// An operation's failure before the generated code has classified the response.
/// Converts into any [`Error<E>`] so generated code can use `?`.
#[doc(hidden)]
#[derive(Debug)]
pub enum Failure {
    UnexpectedStatus {
        status: u16,
        body: Body,
    },
    Decode {
        status: u16,
        path: String,
        message: String,
        body: Body,
    },
    Timeout,
    Transport(reqwest::Error),
    InvalidRequest(String),
}

impl<E> From<Failure> for Error<E> {
    fn from(f: Failure) -> Error<E> {
        match f {
            Failure::UnexpectedStatus { status, body } => Error::UnexpectedStatus { status, body },
            Failure::Decode {
                status,
                path,
                message,
                body,
            } => Error::Decode {
                status,
                path,
                message,
                body,
            },
            Failure::Timeout => Error::Timeout,
            Failure::Transport(e) => Error::Transport(e),
            Failure::InvalidRequest(m) => Error::InvalidRequest(m),
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::UnexpectedStatus { status, body } => {
                write!(f, "unexpected HTTP status {status}: {body}")
            }
            Failure::Decode {
                status,
                path,
                message,
                ..
            } => write!(
                f,
                "cannot decode response body (HTTP {status}) at `{path}`: {message}"
            ),
            Failure::Timeout => f.write_str("request timed out"),
            Failure::Transport(e) => write!(f, "transport error: {e}"),
            Failure::InvalidRequest(m) => write!(f, "invalid request: {m}"),
        }
    }
}

impl std::error::Error for Failure {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Failure::Transport(e) => Some(e),
            _ => None,
        }
    }
}
