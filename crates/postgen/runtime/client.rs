//! The API client: hosts, credentials, variables, timeouts and retries shared by all operations.

use std::fmt;
use std::sync::{Arc, PoisonError, RwLock};
use std::time::Duration;

use super::auth::{Auth, Credentials};
use super::request::RequestBuilder;
use super::retry::RetryPolicy;
use super::vars;

/// Static description of one API, emitted by the generator as a `static`.
#[derive(Debug)]
pub struct ApiSpec {
    /// e.g. `"Zoom API"`.
    pub name: &'static str,
    /// e.g. `"zoom-api/0.1.0 (postgen)"`.
    pub user_agent: &'static str,
    /// Index 0 is the primary host (what `Client::with_base_url` sets).
    pub hosts: &'static [HostSpec],
    /// Collection-level variables usable at run time.
    pub variables: &'static [VarSpec],
}

/// One host (base URL) of an API.
#[derive(Debug)]
pub struct HostSpec {
    /// How the generated crate names it (its `Host` variant), for messages and `Debug`.
    pub name: &'static str,
    /// `None`: the caller must set it.
    pub default_url: Option<&'static str>,
}

/// One collection variable.
#[derive(Debug)]
pub struct VarSpec {
    pub name: &'static str,
    pub default: Option<&'static str>,
    /// Never shown in `Debug` output.
    pub secret: bool,
}

/// A request signer: sees the finished request (after auth) and may change it, e.g. to add
/// an AWS Signature V4 or OAuth 1.0 `Authorization` header. It runs once per attempt.
pub type Signer = dyn Fn(&mut reqwest::Request) -> Result<(), Box<dyn std::error::Error + Send + Sync>>
    + Send
    + Sync;

/// A signer that also sees how the request authenticates (the runtime's own OAuth 1.0 signer
/// reads the collection's settings from it).
pub type AuthSigner = dyn Fn(&mut reqwest::Request, Auth) -> Result<(), Box<dyn std::error::Error + Send + Sync>>
    + Send
    + Sync;

const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// The API client. Cheap to clone: clones share the connection pool, and the variables and
/// credentials as the responses' captures (and [`Client::set_variable`]) change them; the
/// `with_…` methods make a client of their own.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
    retry_non_idempotent: bool,
}

#[derive(Clone)]
pub(super) struct Inner {
    pub(super) spec: &'static ApiSpec,
    pub(super) http: reqwest::Client,
    /// `true` when `http` was built here (so timeouts can be changed by rebuilding it).
    owns_http: bool,
    /// Why the default reqwest client could not be built (e.g. no CA certificates on the
    /// system). `http` is then a fallback without TLS roots, fine for plain `http://` only.
    pub(super) http_setup_error: Option<String>,
    /// Base URL overrides, by host index.
    hosts: Vec<Option<String>>,
    pub(super) headers: Vec<(String, String)>,
    /// Variables and credentials, which captures change while requests run: shared by the
    /// clones, read and written under the lock (never held across an `.await`).
    shared: Arc<RwLock<Shared>>,
    /// Whether responses' captures and requests' presets are stored.
    captures: bool,
    pub(super) timeout: Duration,
    connect_timeout: Duration,
    pub(super) read_timeout: Option<Duration>,
    pub(super) retry: RetryPolicy,
    pub(super) signer: Option<Arc<AuthSigner>>,
}

/// The read timeout is the runtime's, not reqwest's: reqwest's runs from the start of the
/// request to its response, which would cut off a long streamed upload.
fn build_http(connect: Duration) -> (reqwest::Client, Option<String>) {
    let builder = |certs_only: bool| {
        let mut b = reqwest::Client::builder().connect_timeout(connect);
        if certs_only {
            b = b.tls_certs_only(Vec::new());
        }
        b.build()
    };
    match builder(false) {
        Ok(http) => (http, None),
        Err(e) => {
            let mut why = e.to_string();
            let mut source = std::error::Error::source(&e);
            while let Some(s) = source {
                why.push_str(": ");
                why.push_str(&s.to_string());
                source = s.source();
            }
            // Without usable TLS roots the fallback still speaks plain http. It cannot fail
            // on TLS roots; `Client::new` is only reached if it fails for another reason.
            let http = builder(true).unwrap_or_else(|_| reqwest::Client::new());
            (http, Some(why))
        }
    }
}

impl Client {
    /// A client with its own reqwest client (connect timeout 10 s, overall timeout 30 s).
    #[doc(hidden)]
    pub fn from_spec(spec: &'static ApiSpec) -> Client {
        let (http, http_setup_error) = build_http(DEFAULT_CONNECT_TIMEOUT);
        Client::with_parts(spec, http, true, http_setup_error)
    }

    /// A client on the caller's reqwest client: its connect timeout (and any timeouts set on it)
    /// are the caller's; the overall and read timeouts are still applied per request.
    #[doc(hidden)]
    pub fn from_spec_with_http_client(spec: &'static ApiSpec, http: reqwest::Client) -> Client {
        Client::with_parts(spec, http, false, None)
    }

    fn with_parts(
        spec: &'static ApiSpec,
        http: reqwest::Client,
        owns_http: bool,
        http_setup_error: Option<String>,
    ) -> Client {
        Client {
            inner: Arc::new(Inner {
                spec,
                http,
                owns_http,
                http_setup_error,
                hosts: Vec::new(),
                headers: Vec::new(),
                shared: Arc::default(),
                captures: true,
                timeout: DEFAULT_TIMEOUT,
                connect_timeout: DEFAULT_CONNECT_TIMEOUT,
                read_timeout: None,
                retry: RetryPolicy::default(),
                signer: None,
            }),
            retry_non_idempotent: false,
        }
    }

    fn inner_mut(&mut self) -> &mut Inner {
        Arc::make_mut(&mut self.inner)
    }

    pub(super) fn inner(&self) -> &Inner {
        &self.inner
    }

    /// Whether calls through this handle may retry non-idempotent methods (POST, PATCH).
    pub fn retries_non_idempotent(&self) -> bool {
        self.retry_non_idempotent
    }

    /// Sets the base URL of the primary host (host 0), e.g. `"https://api.example.com/v2"`.
    pub fn with_base_url(self, url: impl Into<String>) -> Self {
        self.with_host_url(0, url)
    }

    /// Sets the base URL of host number `host`.
    #[doc(hidden)]
    pub fn with_host_url(mut self, host: usize, url: impl Into<String>) -> Self {
        let hosts = &mut self.inner_mut().hosts;
        if hosts.len() <= host {
            hosts.resize(host + 1, None);
        }
        hosts[host] = Some(url.into());
        self
    }

    /// The base URL of host number `host`: the one set on the client, else the default.
    pub fn host_url(&self, host: usize) -> Option<&str> {
        match self.inner.hosts.get(host) {
            Some(Some(url)) => Some(url),
            _ => self.inner.spec.hosts.get(host).and_then(|h| h.default_url),
        }
    }

    /// Changes this client's variables and credentials only: a copy of them, no longer shared
    /// with the clones made before (what the builder methods do).
    fn edit_own(&mut self, f: impl FnOnce(&mut Shared)) {
        let inner = self.inner_mut();
        let mut own = inner
            .shared
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        f(&mut own);
        inner.shared = Arc::new(RwLock::new(own));
    }

    /// Changes the variables and credentials every clone shares (what captures do).
    pub(super) fn edit_shared<R>(&self, f: impl FnOnce(&mut Shared) -> R) -> R {
        f(&mut self
            .inner
            .shared
            .write()
            .unwrap_or_else(PoisonError::into_inner))
    }

    /// Reads the variables and credentials as they are now.
    pub(super) fn read_shared<R>(&self, f: impl FnOnce(&Shared) -> R) -> R {
        f(&self
            .inner
            .shared
            .read()
            .unwrap_or_else(PoisonError::into_inner))
    }

    /// The token for bearer and OAuth 2.0 auth.
    pub fn with_bearer_token(mut self, token: impl Into<String>) -> Self {
        let token = token.into();
        self.edit_own(|s| s.credentials.bearer_token = Some(token));
        self
    }

    pub fn with_basic_auth(
        mut self,
        username: impl Into<String>,
        password: impl Into<String>,
    ) -> Self {
        let pair = (username.into(), password.into());
        self.edit_own(|s| s.credentials.basic = Some(pair));
        self
    }

    pub fn with_api_key(mut self, key: impl Into<String>) -> Self {
        let key = key.into();
        self.edit_own(|s| s.credentials.api_key = Some(key));
        self
    }

    /// A header sent with every request (before the request's own headers; a request header
    /// of the same name replaces it). Validated when sending: CR/LF is an error.
    pub fn with_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.inner_mut().headers.push((name.into(), value.into()));
        self
    }

    /// The run-time value of a collection variable (`{{name}}`).
    pub fn with_variable(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        let (name, value) = (name.into(), value.into());
        self.edit_own(|s| s.set(&name, value));
        self
    }

    /// Sets variable `name` now, for this client and every clone of it (as a capture does).
    pub fn set_variable(&self, name: impl Into<String>, value: impl Into<String>) {
        let (name, value) = (name.into(), value.into());
        self.edit_shared(|s| s.set(&name, value));
    }

    /// The value of variable `name` now: the client's (set, or captured from a response), else
    /// the collection's.
    pub fn variable(&self, name: &str) -> Option<String> {
        let spec = self.inner.spec.variables;
        self.read_shared(|s| vars::lookup(&s.variables, spec, name, None).map(str::to_owned))
    }

    /// Whether the values the collection's scripts capture from responses (and set before
    /// requests) are stored in the variables. On by default; `false` leaves the variables as
    /// the caller sets them.
    pub fn with_captures(mut self, on: bool) -> Self {
        self.inner_mut().captures = on;
        self
    }

    /// Whether captures are stored ([`Client::with_captures`]).
    pub fn captures_enabled(&self) -> bool {
        self.inner.captures
    }

    /// `text` with its `{{variables}}` filled in, as a request would fill them: the client's
    /// values ([`Client::with_variable`]), else the collection's, else a fresh value for Postman's
    /// dynamic variables (`{{$guid}}`, `{{$timestamp}}`, …). A variable without a value is an
    /// error. For text built from a collection's examples, e.g. a raw body.
    pub fn expand_variables(&self, text: &str) -> Result<String, super::error::Error> {
        let spec = self.inner.spec.variables;
        Ok(self.read_shared(|s| vars::expand(text, &s.variables, spec))?)
    }

    /// Overall timeout of one attempt (sending, waiting, reading the body). Default 30 s.
    pub fn with_timeout(mut self, d: Duration) -> Self {
        self.inner_mut().timeout = d;
        self
    }

    /// Connect timeout, default 10 s. Only when the client owns its reqwest client.
    pub fn with_connect_timeout(mut self, d: Duration) -> Self {
        let inner = self.inner_mut();
        inner.connect_timeout = d;
        inner.rebuild_http();
        self
    }

    /// The longest wait for a response's status and headers, and then for each chunk of its
    /// body; default none (the overall timeout alone). A streamed download (`Call::stream`) or
    /// upload (`Binary::from_reader`) has it instead of the overall timeout, else the overall
    /// timeout as it; an upload also for each read of its body.
    pub fn with_read_timeout(mut self, d: Duration) -> Self {
        self.inner_mut().read_timeout = Some(d);
        self
    }

    pub fn with_retry(mut self, policy: RetryPolicy) -> Self {
        self.inner_mut().retry = policy;
        self
    }

    /// A handle whose calls may also retry non-idempotent methods (POST, PATCH): a per-call
    /// opt-in, e.g. `client.retry_non_idempotent().create_thing(..)`.
    pub fn retry_non_idempotent(&self) -> Client {
        Client {
            inner: self.inner.clone(),
            retry_non_idempotent: true,
        }
    }

    /// Sets the signer, which sees every finished request (after auth) and may change it.
    pub fn with_signer(
        self,
        f: impl Fn(&mut reqwest::Request) -> Result<(), Box<dyn std::error::Error + Send + Sync>>
            + Send
            + Sync
            + 'static,
    ) -> Self {
        self.with_auth_signer(move |request, _| f(request))
    }

    /// Like [`Client::with_signer`], for a signer that also sees the request's [`Auth`].
    #[doc(hidden)]
    pub fn with_auth_signer(
        mut self,
        f: impl Fn(&mut reqwest::Request, Auth) -> Result<(), Box<dyn std::error::Error + Send + Sync>>
            + Send
            + Sync
            + 'static,
    ) -> Self {
        self.inner_mut().signer = Some(Arc::new(f));
        self
    }

    /// The underlying reqwest client.
    pub fn http_client(&self) -> &reqwest::Client {
        &self.inner.http
    }

    /// The API this client talks to.
    pub fn spec(&self) -> &'static ApiSpec {
        self.inner.spec
    }

    /// Starts a request to host number `host`.
    #[doc(hidden)]
    pub fn request(&self, method: reqwest::Method, host: impl Into<usize>) -> RequestBuilder<'_> {
        RequestBuilder::new(self, method, host.into())
    }
}

/// What captures change: the variables and the credentials.
#[derive(Clone, Default)]
pub struct Shared {
    pub(super) variables: Vec<(String, String)>,
    pub(super) credentials: Credentials,
}

impl Shared {
    /// Sets variable `name`, replacing its value.
    pub(super) fn set(&mut self, name: &str, value: String) {
        match self.variables.iter_mut().find(|(k, _)| k == name) {
            Some(slot) => slot.1 = value,
            None => self.variables.push((name.to_owned(), value)),
        }
    }
}

impl Inner {
    fn rebuild_http(&mut self) {
        if self.owns_http {
            let (http, why) = build_http(self.connect_timeout);
            self.http = http;
            self.http_setup_error = why;
        }
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &self.inner;
        let spec = inner.spec;
        let host_count = spec.hosts.len().max(inner.hosts.len());
        let hosts: Vec<_> = (0..host_count)
            .map(|i| {
                let name = spec.hosts.get(i).map_or("", |h| h.name);
                (name, self.host_url(i))
            })
            .collect();
        let headers: Vec<_> = inner
            .headers
            .iter()
            .map(|(k, _)| (k.as_str(), "<redacted>"))
            .collect();
        let (credentials, variables) = self.read_shared(|s| {
            let variables: Vec<_> = s
                .variables
                .iter()
                .map(|(k, v)| {
                    let shown = if vars::is_public(spec.variables, k) {
                        v.clone()
                    } else {
                        "<redacted>".to_owned()
                    };
                    (k.clone(), shown)
                })
                .collect();
            (s.credentials.clone(), variables)
        });
        f.debug_struct("Client")
            .field("api", &spec.name)
            .field("hosts", &hosts)
            .field("credentials", &credentials)
            .field("headers", &headers)
            .field("variables", &variables)
            .field("captures", &inner.captures)
            .field("timeout", &inner.timeout)
            .field("connect_timeout", &inner.connect_timeout)
            .field("read_timeout", &inner.read_timeout)
            .field("retry", &inner.retry)
            .field("retry_non_idempotent", &self.retry_non_idempotent)
            .field("signer", &inner.signer.is_some())
            .field("owns_http_client", &inner.owns_http)
            .finish()
    }
}
