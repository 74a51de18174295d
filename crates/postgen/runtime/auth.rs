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
    /// OAuth 1.0a with the collection's settings: signed by the runtime
    /// (`Client::with_oauth1`, cargo feature `oauth1`) or by a signer (`Client::with_signer`).
    OAuth1(&'static OAuth1Settings),
    /// A scheme the runtime cannot compute itself (AWS Signature, Hawk, …): needs a signer
    /// (`Client::with_signer`).
    Signed { scheme: &'static str },
}

/// The settings of a collection's `oauth1` auth (never a credential: those are the client's,
/// `Client::with_oauth1`).
#[derive(Debug, PartialEq, Eq)]
pub struct OAuth1Settings {
    /// `HMAC-SHA1`, `HMAC-SHA256`, `HMAC-SHA512`, `PLAINTEXT`, `RSA-SHA1`, `RSA-SHA256` or
    /// `RSA-SHA512`.
    pub signature_method: &'static str,
    /// The parameters go in the `Authorization` header; otherwise into an urlencoded body of a
    /// POST or PUT, else the query.
    pub in_header: bool,
    /// `realm` of the `Authorization` header (left out when empty).
    pub realm: &'static str,
    /// `oauth_version` (left out when empty, unless `add_empty_params_to_sign`).
    pub version: &'static str,
    /// Sign the body's hash (`oauth_body_hash`), for bodies that are not urlencoded.
    pub include_body_hash: bool,
    /// Empty parameters (`oauth_token` without a token, …) are signed and sent too.
    pub add_empty_params_to_sign: bool,
    /// The `Authorization` header's values are not percent-encoded.
    pub disable_header_encoding: bool,
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
            Auth::Signed { .. } | Auth::OAuth1(_) if has_signer => AuthStep::Signer,
            Auth::Signed { scheme } => AuthStep::MissingSigner { scheme },
            Auth::OAuth1(_) => AuthStep::MissingSigner { scheme: "oauth1" },
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
