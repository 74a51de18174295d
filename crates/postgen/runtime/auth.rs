//! Authentication schemes of a request and the client's credentials.

use std::fmt;

/// How one request authenticates (from the collection's `auth`, inherited down folders).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Auth {
    /// No authentication.
    #[default]
    None,
    /// `Authorization: Bearer <token>` (`Client::with_bearer_token`).
    Bearer,
    /// `Authorization: <prefix> <token>` with the client's bearer token (an OAuth 2.0 access
    /// token); an empty prefix means `Bearer`.
    OAuth2 { prefix: &'static str },
    /// `Authorization: Basic base64(user:password)` (`Client::with_basic_auth`).
    Basic,
    /// The client's API key (`Client::with_api_key`) as header `<name>: <key>` or query
    /// parameter `<name>=<key>`.
    ApiKey {
        name: &'static str,
        location: ApiKeyLocation,
    },
    /// A scheme the runtime cannot compute itself (AWS Signature, OAuth 1.0, Hawk, …):
    /// needs a signer (`Client::with_signer`).
    Signed { scheme: &'static str },
}

/// Where an API key goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ApiKeyLocation {
    Header,
    Query,
}

/// The credentials a client holds. `Debug` shows which are set, never their values.
#[derive(Clone, Default)]
pub struct Credentials {
    pub bearer_token: Option<String>,
    pub basic: Option<(String, String)>,
    pub api_key: Option<String>,
}

/// What an [`Auth`] adds to a request, given the credentials.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuthStep<'a> {
    /// Nothing to add (no auth, or the credential is not set).
    Nothing,
    /// Set this header (replacing any header of that name).
    Header { name: &'static str, value: &'a str },
    /// `Authorization: <scheme> <token>`.
    Authorization { scheme: &'a str, token: &'a str },
    /// Append `name=value` to the query.
    Query { name: &'static str, value: &'a str },
    /// HTTP Basic.
    Basic {
        username: &'a str,
        password: &'a str,
    },
    /// The client's signer must sign the request; there is none.
    MissingSigner { scheme: &'static str },
    /// The client's signer signs the request.
    Signer,
}

impl Auth {
    /// What this scheme adds to a request, given the client's credentials and whether it has
    /// a signer.
    pub fn step<'a>(&self, credentials: &'a Credentials, has_signer: bool) -> AuthStep<'a> {
        match *self {
            Auth::None => AuthStep::Nothing,
            Auth::Bearer => match &credentials.bearer_token {
                Some(token) => AuthStep::Authorization {
                    scheme: "Bearer",
                    token,
                },
                None => AuthStep::Nothing,
            },
            Auth::OAuth2 { prefix } => match &credentials.bearer_token {
                Some(token) => AuthStep::Authorization {
                    scheme: if prefix.is_empty() { "Bearer" } else { prefix },
                    token,
                },
                None => AuthStep::Nothing,
            },
            Auth::Basic => match &credentials.basic {
                Some((username, password)) => AuthStep::Basic { username, password },
                None => AuthStep::Nothing,
            },
            Auth::ApiKey { name, location } => match (&credentials.api_key, location) {
                (Some(key), ApiKeyLocation::Header) => AuthStep::Header { name, value: key },
                (Some(key), ApiKeyLocation::Query) => AuthStep::Query { name, value: key },
                (None, _) => AuthStep::Nothing,
            },
            Auth::Signed { .. } if has_signer => AuthStep::Signer,
            Auth::Signed { scheme } => AuthStep::MissingSigner { scheme },
        }
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fn redacted<T>(v: &Option<T>) -> &'static str {
            if v.is_some() {
                "<redacted>"
            } else {
                "<unset>"
            }
        }
        f.debug_struct("Credentials")
            .field(
                "bearer_token",
                &format_args!("{}", redacted(&self.bearer_token)),
            )
            .field("basic", &format_args!("{}", redacted(&self.basic)))
            .field("api_key", &format_args!("{}", redacted(&self.api_key)))
            .finish()
    }
}
