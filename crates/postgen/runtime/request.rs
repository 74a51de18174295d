//! Building and sending one request (with auth, signing, timeout and retries).

use std::time::{Duration, Instant, SystemTime};

use reqwest::header::{
    HeaderMap, HeaderName, HeaderValue, AUTHORIZATION, CONTENT_TYPE, USER_AGENT,
};
use reqwest::Method;

use super::auth::{Auth, AuthStep};
use super::binary::Binary;
use super::capture::{self, Capture};
use super::client::Client;
use super::encode;
use super::error::{Error, Failure};
use super::form::UrlEncoded;
use super::multipart::Multipart;
use super::response::{ByteStream, Response};
use super::retry::{self, RetryPolicy};
use super::template::Piece;
use super::upload::{Progress, Reader, Source, UploadBody};
use super::vars;

/// The value of a query parameter or form field, as text: a string as it is, a number or a
/// boolean as Rust writes it (`10`, `true`). Implemented for the three types generated structs
/// use (so the helpers that take it are instantiated three times in a crate, not per operation).
pub trait Param {
    /// Calls `f` with the value as text.
    fn with_text<R>(&self, f: impl FnOnce(&str) -> R) -> R;
}

impl Param for String {
    fn with_text<R>(&self, f: impl FnOnce(&str) -> R) -> R {
        f(self)
    }
}

impl Param for i64 {
    fn with_text<R>(&self, f: impl FnOnce(&str) -> R) -> R {
        f(&self.to_string())
    }
}

impl Param for bool {
    fn with_text<R>(&self, f: impl FnOnce(&str) -> R) -> R {
        f(if *self { "true" } else { "false" })
    }
}

/// One request being built. Generated operations call these methods in order, then
/// [`RequestBuilder::send`]. Problems found while building (a variable without a value, a
/// body that cannot be serialized, …) are reported by `send`, before anything is sent.
pub struct RequestBuilder<'c> {
    client: &'c Client,
    method: Method,
    host: usize,
    path: String,
    query: String,
    headers: Vec<(String, String)>,
    /// Set by `header("Content-Type", ..)`: the body's content type.
    content_type: Option<String>,
    payload: Payload,
    /// What the generated code gave as the body, for fields added per call.
    body_kind: BodyKind,
    auth: Auth,
    /// The variable the collection's auth reads its credential from.
    credential_var: Option<&'static str>,
    /// This request's timeout, instead of the client's.
    timeout: Option<Duration>,
    /// This call's retry policy, instead of the client's.
    retry: Option<RetryPolicy>,
    /// This call may be retried whatever its method.
    retry_any_method: bool,
    /// What the collection's scripts store from the response.
    captures: &'static [Capture],
    error: Option<Failure>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum BodyKind {
    Other,
    Json,
    UrlEncoded,
    Multipart,
}

#[derive(Clone)]
enum Payload {
    None,
    Bytes {
        content_type: Option<String>,
        bytes: Vec<u8>,
    },
    Multipart(Multipart),
    /// A binary body read while it is sent.
    Reader {
        content_type: Option<String>,
        reader: Reader,
    },
}

impl<'c> RequestBuilder<'c> {
    #[doc(hidden)]
    pub fn new(client: &'c Client, method: Method, host: usize) -> RequestBuilder<'c> {
        RequestBuilder {
            client,
            method,
            host,
            path: String::new(),
            query: String::new(),
            headers: Vec::new(),
            content_type: None,
            payload: Payload::None,
            body_kind: BodyKind::Other,
            auth: Auth::None,
            credential_var: None,
            timeout: None,
            retry: None,
            retry_any_method: false,
            captures: &[],
            error: None,
        }
    }

    /// A copy of this request, for the later pages of a paginated call; `None` when it has a
    /// problem (that sending it reports).
    #[doc(hidden)]
    pub fn copy_for_pages(&self) -> Option<RequestBuilder<'c>> {
        if self.error.is_some() {
            return None;
        }
        Some(RequestBuilder {
            client: self.client,
            method: self.method.clone(),
            host: self.host,
            path: self.path.clone(),
            query: self.query.clone(),
            headers: self.headers.clone(),
            content_type: self.content_type.clone(),
            payload: self.payload.clone(),
            body_kind: self.body_kind,
            auth: self.auth,
            credential_var: self.credential_var,
            timeout: self.timeout,
            retry: self.retry.clone(),
            retry_any_method: self.retry_any_method,
            captures: self.captures,
            error: None,
        })
    }

    /// A copy of this request (see [`copy_for_pages`](RequestBuilder::copy_for_pages)) with
    /// each of `pairs` in place of the query parameters of its name (appended where there
    /// are none), as [`RequestBuilder::query`] encodes them; `None` as for `copy_for_pages`.
    #[doc(hidden)]
    pub fn with_query(&self, pairs: &[(String, String)]) -> Option<RequestBuilder<'c>> {
        let mut copy = self.copy_for_pages()?;
        let names: Vec<String> = pairs
            .iter()
            .map(|(name, _)| {
                let mut encoded = String::new();
                encode::query_name(&mut encoded, name);
                encoded
            })
            .collect();
        let kept: Vec<&str> = copy
            .query
            .split('&')
            .filter(|pair| {
                let name = pair.split('=').next().unwrap_or("");
                !pair.is_empty() && !names.iter().any(|n| n == name)
            })
            .collect();
        copy.query = kept.join("&");
        for (name, value) in pairs {
            copy.query(name, value);
        }
        Some(copy)
    }
}

impl RequestBuilder<'_> {
    /// Keeps the first problem; `send` reports it.
    fn fail(&mut self, failure: Failure) {
        if self.error.is_none() {
            self.error = Some(failure);
        }
    }

    fn render_or_fail(&mut self, tpl: &[Piece<&str>]) -> Option<String> {
        let spec = self.client.inner().spec.variables;
        match self
            .client
            .read_shared(|s| vars::render(tpl, &s.variables, spec))
        {
            Ok(text) => Some(text),
            Err(failure) => {
                self.fail(failure);
                None
            }
        }
    }

    /// The text of a template (collection variables filled in), for generated code that builds
    /// a value itself, e.g. a form field left unset. A variable without a value makes `send` fail.
    pub fn render(&mut self, tpl: &[Piece<&str>]) -> String {
        self.render_or_fail(tpl).unwrap_or_default()
    }

    /// Appends literal path text from the collection, as is, except that characters not
    /// allowed in a path (space, `"`, `#`, `<`, `>`, `?`, `` ` ``, `{`, `}`, non-ASCII,
    /// controls) are percent-encoded and `\` is sent as `/`, as Postman sends them. `%` is left
    /// as is.
    pub fn path(&mut self, literal: &str) {
        encode::path_literal(&mut self.path, literal);
    }

    /// Appends a path parameter, percent-encoded so that it stays one segment and means itself
    /// (`a/../b?x#y` → `a%2F..%2Fb%3Fx%23y`, `%` → `%25`); the characters RFC 3986 allows in a
    /// segment (`:@!$&'()*+,;=`) stay as they are, as Postman sends them (a signature over the
    /// path, OAuth 1.0's, then agrees). The values `.` and `..` cannot be sent as a segment (URL
    /// parsers resolve them) and make `send` fail.
    pub fn path_var(&mut self, value: &str) {
        if value == "." || value == ".." {
            self.fail(Failure::invalid(format!(
                "a path parameter cannot be `{value}`: URLs resolve it as a relative path"
            )));
            return;
        }
        encode::path_value(&mut self.path, value);
    }

    /// Renders the template, then appends it like [`RequestBuilder::path_var`].
    pub fn path_tpl(&mut self, tpl: &[Piece<&str>]) {
        if let Some(value) = self.render_or_fail(tpl) {
            self.path_var(&value);
        }
    }

    fn query_separator(&mut self) {
        if !self.query.is_empty() {
            self.query.push('&');
        }
    }

    /// Appends `name=value` to the query, encoded as Postman encodes them (see
    /// [`encode::QUERY_NAME`]), except that `+` and `%` in the value mean themselves (`%2B`,
    /// `%25`).
    pub fn query(&mut self, name: &str, value: &str) {
        self.query_separator();
        encode::query_name(&mut self.query, name);
        self.query.push('=');
        encode::query_value(&mut self.query, value);
    }

    /// [`RequestBuilder::query`] when `value` is set (an optional field of a params struct).
    pub fn query_opt<V: Param>(&mut self, name: &str, value: &Option<V>) {
        if let Some(v) = value {
            v.with_text(|text| self.query(name, text));
        }
    }

    /// Renders the template, then appends it like [`RequestBuilder::query`].
    pub fn query_tpl(&mut self, name: &str, tpl: &[Piece<&str>]) {
        if let Some(value) = self.render_or_fail(tpl) {
            self.query(name, &value);
        }
    }

    /// Appends a bare key: `?verbose`.
    pub fn query_flag(&mut self, name: &str) {
        self.query_separator();
        encode::query_name(&mut self.query, name);
    }

    /// Adds a header. `Content-Type` sets the body's content type instead (sent once; without a
    /// body it is sent as given, as Postman does). Names and values are validated by `send`.
    pub fn header(&mut self, name: &str, value: &str) {
        if name.eq_ignore_ascii_case("content-type") {
            self.content_type = Some(value.to_string());
        } else {
            self.headers.push((name.to_string(), value.to_string()));
        }
    }

    /// [`RequestBuilder::header`] when `value` is set (an optional header argument).
    pub fn header_opt(&mut self, name: &str, value: &Option<String>) {
        if let Some(v) = value {
            self.header(name, v);
        }
    }

    /// Renders the template, then adds it like [`RequestBuilder::header`].
    pub fn header_tpl(&mut self, name: &str, tpl: &[Piece<&str>]) {
        if let Some(value) = self.render_or_fail(tpl) {
            self.header(name, &value);
        }
    }

    /// A raw or binary body.
    pub fn body(&mut self, content_type: Option<&str>, bytes: Vec<u8>) {
        self.payload = Payload::Bytes {
            content_type: content_type.map(str::to_string),
            bytes,
        };
    }

    /// A binary body: its own content type if it has one (replacing a `Content-Type` header),
    /// else `content_type` (the collection's), else `application/octet-stream` unless it is empty.
    /// A body made from a reader is read while it is sent (see [`Binary::from_reader`]).
    pub fn binary(&mut self, content_type: Option<&str>, body: Binary) {
        if let Some(reader) = body.reader {
            self.payload = Payload::Reader {
                content_type: Some(
                    content_type
                        .unwrap_or("application/octet-stream")
                        .to_string(),
                ),
                reader,
            };
        } else {
            let fallback = (!body.bytes.is_empty()).then_some("application/octet-stream");
            self.body(content_type.or(fallback), body.bytes);
        }
        if body.content_type.is_some() {
            self.content_type = body.content_type;
        }
    }

    /// A JSON body; the content type defaults to `application/json`.
    pub fn json<T: serde::Serialize + ?Sized>(&mut self, content_type: Option<&str>, value: &T) {
        self.body_kind = BodyKind::Json;
        match serde_json::to_vec(value) {
            Ok(bytes) => self.body(Some(content_type.unwrap_or("application/json")), bytes),
            Err(e) => self.fail(Failure::invalid(format!(
                "cannot serialize the JSON body: {e}"
            ))),
        }
    }

    /// An `application/x-www-form-urlencoded` body, pairs in order (everything but
    /// `A-Za-z0-9-._~` percent-encoded, space → `%20`, as Postman encodes them).
    pub fn form(&mut self, pairs: &[(&str, &str)]) {
        let body = encode::form(pairs).into_bytes();
        self.body(Some("application/x-www-form-urlencoded"), body);
    }

    /// An urlencoded form built field by field; a form with no field sends no body (a
    /// `Content-Type` set with `header` then still goes out, as Postman sends it). With fields,
    /// the type is `application/x-www-form-urlencoded`, or the header's if it is that type with
    /// parameters (`; charset=UTF-8`), as Postman decides.
    pub fn urlencoded(&mut self, form: UrlEncoded) {
        self.body_kind = BodyKind::UrlEncoded;
        if !form.is_empty() {
            let keeps = self.content_type.as_deref().is_some_and(|t| {
                t.get(..33)
                    .is_some_and(|p| p.eq_ignore_ascii_case("application/x-www-form-urlencoded"))
            });
            if !keeps {
                self.content_type = None;
            }
            let body = form.as_str().as_bytes().to_vec();
            self.body(Some("application/x-www-form-urlencoded"), body);
        }
    }

    /// A GraphQL request: the JSON body `{"query": ..., "variables": ...}`, the query rendered
    /// from its template (collection variables may appear in it); without `variables` (`None`)
    /// the key is left out, as Postman leaves out empty ones.
    pub fn graphql(&mut self, query: &[Piece<&str>], variables: Option<&serde_json::Value>) {
        if let Some(query) = self.render_or_fail(query) {
            #[derive(serde::Serialize)]
            struct GraphQl<'q> {
                query: &'q str,
                #[serde(skip_serializing_if = "Option::is_none")]
                variables: Option<&'q serde_json::Value>,
            }
            self.json(
                None,
                &GraphQl {
                    query: &query,
                    variables,
                },
            );
        }
    }

    /// A `multipart/form-data` body; its `Content-Type` (with the boundary) always wins over
    /// one set with `header`. A form with no part sends no body (as Postman sends none when
    /// every field is disabled).
    pub fn multipart(&mut self, form: Multipart) {
        self.body_kind = BodyKind::Multipart;
        if !form.is_empty() {
            self.payload = Payload::Multipart(form);
        }
    }

    /// Sets `key` in the JSON object the request sends (replacing a field of that name); the
    /// request fails unsent without a JSON object body.
    pub fn json_field(&mut self, key: &str, value: serde_json::Value) {
        let object = match (&self.payload, self.body_kind) {
            (Payload::Bytes { bytes, .. }, BodyKind::Json) => {
                match serde_json::from_slice::<serde_json::Value>(bytes) {
                    Ok(serde_json::Value::Object(map)) => Some(map),
                    _ => None,
                }
            }
            _ => None,
        };
        let Some(mut object) = object else {
            let why = format!("cannot add the field `{key}`: the request has no JSON object body");
            return self.fail(Failure::invalid(why));
        };
        object.insert(key.to_owned(), value);
        if let Payload::Bytes { bytes, .. } = &mut self.payload {
            // A map of JSON values always serialises.
            *bytes = serde_json::to_vec(&object).unwrap_or_default();
        }
    }

    /// Appends `name=value` to the form the request sends, after its own fields (a pair of an
    /// urlencoded form, a text part of a multipart one); the request fails unsent without a
    /// form body.
    pub fn form_field(&mut self, name: &str, value: &str) {
        match self.body_kind {
            BodyKind::UrlEncoded => {
                let mut pair = UrlEncoded::new();
                pair.pair(name, value);
                if let Payload::Bytes { bytes, .. } = &mut self.payload {
                    bytes.push(b'&');
                    bytes.extend_from_slice(pair.as_str().as_bytes());
                } else {
                    self.urlencoded(pair);
                }
            }
            BodyKind::Multipart => {
                if let Payload::Multipart(form) = &mut self.payload {
                    form.text(name, value);
                } else {
                    let mut form = Multipart::new();
                    form.text(name, value);
                    self.multipart(form);
                }
            }
            BodyKind::Other | BodyKind::Json => {
                let why = format!("cannot add the field `{name}`: the request has no form body");
                self.fail(Failure::invalid(why));
            }
        }
    }

    /// How this request authenticates.
    pub fn auth(&mut self, auth: Auth) {
        self.auth = auth;
    }

    /// The variable the collection's auth reads the credential from (`{{AppAccessToken}}`):
    /// once it has a value (a capture stored one, or `Client::set_variable`), that value is
    /// this request's token or API key, as each variable is its own credential in Postman;
    /// until then, the client's credential.
    pub fn credential_var(&mut self, name: &'static str) {
        self.credential_var = Some(name);
    }

    /// This request's timeout per attempt, instead of the client's.
    pub fn timeout(&mut self, timeout: Duration) {
        self.timeout = Some(timeout);
    }

    /// This request's retry policy, instead of the client's.
    pub fn retry(&mut self, policy: RetryPolicy) {
        self.retry = Some(policy);
    }

    /// Lets this request be retried whatever its method (the caller knows it is safe to resend).
    pub fn retry_any_method(&mut self) {
        self.retry_any_method = true;
    }

    /// What to store in the client's variables from the response (the collection's `test`
    /// scripts, read as data); done by `send` unless the client's capturing is off.
    pub fn captures(&mut self, captures: &'static [Capture]) {
        self.captures = captures;
    }

    /// Stores what the collection's pre-request scripts set, now (before the request's templates
    /// are rendered), unless the client's capturing is off.
    pub fn presets(&mut self, presets: &'static [Capture]) {
        capture::before_request(self.client, presets);
    }

    /// Sends the request (retrying as the client's policy allows) and reads the whole response,
    /// then stores what the request's captures take from it. Any status is a `Response`; only
    /// failures to get one are errors.
    pub async fn send(self) -> Result<Response, Failure> {
        let (client, captures) = (self.client, self.captures);
        let response = match self.exchange(false).await? {
            Answer::Whole(response) => response,
            Answer::Head(stream) => stream.into_response().await.map_err(Failure)?,
        };
        capture::after_response(client, captures, &response);
        Ok(response)
    }

    /// Sends the request like [`send`](RequestBuilder::send), retrying alike, and returns the
    /// response once its status and headers are in, its body to be read as it arrives. The
    /// request's captures are not applied: the body is not the client's to read.
    pub async fn send_streaming(self) -> Result<ByteStream, Failure> {
        match self.exchange(true).await? {
            Answer::Head(stream) => Ok(stream),
            // Not reached: a streaming exchange answers with the head.
            Answer::Whole(_) => Err(Failure::invalid("no stream".to_string())),
        }
    }

    async fn exchange(self, stream: bool) -> Result<Answer, Failure> {
        let client = self.client;
        let inner = client.inner();
        let auth = self.auth;
        let timeout = self.timeout.unwrap_or(inner.timeout);
        let policy = self.retry.clone().unwrap_or_else(|| inner.retry.clone());
        let any_method = self.retry_any_method || client.retries_non_idempotent();
        let (template, upload) = self.prepare()?;
        // A streamed body cannot be read again: never retried.
        let can_retry = upload.is_none() && (any_method || retry::is_idempotent(template.method()));
        let max_retries = if can_retry { policy.max_retries } else { 0 };
        let mut retries = 0;
        let mut template = Some(template);
        loop {
            // The last attempt sends the template itself (a streamed body is never cloned).
            let request = if retries < max_retries {
                template.as_ref().and_then(reqwest::Request::try_clone)
            } else {
                template.take()
            };
            let mut request = request
                .ok_or_else(|| Failure::invalid("the request body cannot be resent".to_string()))?;
            if let Some(signer) = &inner.signer {
                signer(&mut request, auth)
                    .map_err(|e| Failure::invalid(format!("the request signer failed: {e}")))?;
            }
            let limits = Limits {
                timeout,
                idle: inner.read_timeout.unwrap_or(timeout),
                upload: upload.as_ref(),
            };
            let outcome = attempt(&inner.http, request, limits, stream).await;
            let may_retry = retries < max_retries;
            let delay = match &outcome {
                Ok(response) if may_retry && policy.retries_status(response.status()) => {
                    match response
                        .header("retry-after")
                        .and_then(|v| retry::parse_retry_after(v, SystemTime::now()))
                    {
                        Some(wait) if wait <= policy.max_retry_after => wait,
                        Some(_) => return outcome.map_err(|(failure, _)| failure),
                        None => policy.backoff(retries),
                    }
                }
                Err((_, true)) if may_retry => policy.backoff(retries),
                _ => return outcome.map_err(|(failure, _)| failure),
            };
            tokio::time::sleep(delay).await;
            retries += 1;
        }
    }

    /// Everything but sending: URL, headers, auth, body. Returns the finished request (not yet
    /// signed), and the progress of its body if it is streamed.
    fn prepare(self) -> Result<(reqwest::Request, Option<Progress>), Failure> {
        if let Some(failure) = self.error {
            return Err(failure);
        }
        let client = self.client;
        let inner = client.inner();
        let spec = inner.spec;
        let host_name = spec.hosts.get(self.host).map_or("", |h| h.name);
        let base = client.host_url(self.host).ok_or_else(|| {
            Failure::invalid(format!(
                "host #{} `{host_name}` has no base URL; set it with Client::with_base_url \
                 (or Client::with_host)",
                self.host
            ))
        })?;
        // A copy: a capture may change them while this request is under way.
        let credentials = client.read_shared(|s| {
            let mut credentials = s.credentials.clone();
            let own = self
                .credential_var
                .and_then(|name| vars::lookup(&s.variables, spec.variables, name, None));
            if let Some(value) = own {
                match self.auth {
                    Auth::Bearer | Auth::OAuth2 { .. } => {
                        credentials.bearer_token = Some(value.to_owned())
                    }
                    Auth::ApiKey { .. } => credentials.api_key = Some(value.to_owned()),
                    _ => {}
                }
            }
            credentials
        });
        let step = self.auth.step(&credentials, inner.signer.is_some());
        if let AuthStep::MissingSigner { scheme } = step {
            let how = if scheme == "oauth1" {
                "set the credentials with Client::with_oauth1 (cargo feature `oauth1`), or a \
                 signer with Client::with_signer"
            } else {
                "set one with Client::with_signer"
            };
            return Err(Failure::invalid(format!(
                "auth scheme `{scheme}` needs a request signer; {how}"
            )));
        }

        // URL.
        let mut query = self.query;
        if let AuthStep::Query { name, value } = step {
            if !query.is_empty() {
                query.push('&');
            }
            encode::query_name(&mut query, name);
            query.push('=');
            encode::query_value(&mut query, value);
        }
        let mut url = String::with_capacity(base.len() + self.path.len() + query.len() + 1);
        url.push_str(base.trim_end_matches('/'));
        url.push_str(&self.path);
        if !query.is_empty() {
            url.push('?');
            url.push_str(&query);
        }
        // The parse error never contains the URL (which may hold an API key).
        let url = reqwest::Url::parse(&url)
            .map_err(|e| Failure::invalid(format!("invalid URL for host `{host_name}`: {e}")))?;
        if let Some(why) = &inner.http_setup_error {
            if url.scheme() == "https" {
                return Err(Failure::invalid(format!(
                    "HTTPS is unavailable: the HTTP client could not be set up: {why}"
                )));
            }
        }

        // Headers: the client's, then the request's (a request header replaces the client's
        // headers of that name; repeated request headers are all sent).
        let mut headers = HeaderMap::new();
        let mut default_content_type = None;
        for (name, value) in &inner.headers {
            if name.eq_ignore_ascii_case("content-type") {
                default_content_type = Some(value.as_str());
                continue;
            }
            let (name, value) = header_pair(name, value)?;
            if is_framing(&name) {
                continue;
            }
            headers.append(name, value);
        }
        let mut replaced: Vec<HeaderName> = Vec::new();
        for (name, value) in &self.headers {
            let (name, value) = header_pair(name, value)?;
            if is_framing(&name) {
                continue;
            }
            if !replaced.contains(&name) {
                headers.remove(&name);
                replaced.push(name.clone());
            }
            headers.append(name, value);
        }

        // Auth (Basic goes through reqwest below).
        match step {
            AuthStep::Authorization { scheme, token } => {
                let value = secret_value(&format!("{scheme} {token}"), "the bearer token")?;
                headers.insert(AUTHORIZATION, value);
            }
            AuthStep::Header { name, value } => {
                let name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
                    Failure::invalid(format!(
                        "invalid API key header name {:?}",
                        name.escape_debug().to_string()
                    ))
                })?;
                headers.insert(name, secret_value(value, "the API key")?);
            }
            _ => {}
        }

        // Body and its one Content-Type.
        let (content_type, body) = match self.payload {
            // A request's own Content-Type goes out even without a body, as Postman sends the
            // collection's header (a client-wide default only describes bodies).
            Payload::None => (self.content_type, None),
            Payload::Bytes {
                content_type,
                bytes,
            } => (
                self.content_type
                    .or(content_type)
                    .or(default_content_type.map(str::to_string)),
                Some(Body::Bytes(bytes)),
            ),
            Payload::Reader {
                content_type,
                reader,
            } => (
                self.content_type.or(content_type),
                Some(Body::Stream(UploadBody::new(vec![Source::Reader(
                    &reader,
                )])?)),
            ),
            Payload::Multipart(form) if form.streams() => {
                let (boundary, body) = form.encode_streaming()?;
                (Some(multipart_type(&boundary)), Some(Body::Stream(body)))
            }
            Payload::Multipart(form) => {
                let (boundary, bytes) = form.encode();
                (Some(multipart_type(&boundary)), Some(Body::Bytes(bytes)))
            }
        };
        if let Some(content_type) = content_type {
            headers.insert(CONTENT_TYPE, header_pair("Content-Type", &content_type)?.1);
        }
        if !headers.contains_key(USER_AGENT) {
            headers.insert(USER_AGENT, header_pair("User-Agent", spec.user_agent)?.1);
        }

        let mut builder = inner.http.request(self.method, url).headers(headers);
        if let AuthStep::Basic { username, password } = step {
            builder = builder.basic_auth(username, Some(password));
        }
        let mut progress = None;
        match body {
            Some(Body::Bytes(bytes)) => builder = builder.body(bytes),
            Some(Body::Stream(body)) => {
                progress = Some(body.progress());
                builder = builder.body(body.into_body());
            }
            None => {}
        }
        let request = builder.build().map_err(|e| {
            Failure::invalid(format!("cannot build the request: {}", e.without_url()))
        })?;
        Ok((request, progress))
    }
}

enum Body {
    Bytes(Vec<u8>),
    Stream(UploadBody),
}

fn multipart_type(boundary: &str) -> String {
    format!("multipart/form-data; boundary={boundary}")
}

/// Headers that frame the message: the HTTP client sets them from the body.
fn is_framing(name: &HeaderName) -> bool {
    name == reqwest::header::CONTENT_LENGTH || name == reqwest::header::TRANSFER_ENCODING
}

/// Validates a header. The error names the header but never shows the value (it may be a
/// secret).
fn header_pair(name: &str, value: &str) -> Result<(HeaderName, HeaderValue), Failure> {
    let header_name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
        Failure::invalid(format!("invalid header name \"{}\"", name.escape_debug()))
    })?;
    let header_value = HeaderValue::from_bytes(value.as_bytes()).map_err(|_| {
        Failure::invalid(format!(
            "invalid value for header `{header_name}`: it contains a character not allowed in a header (such as CR or LF); the value is not shown"
        ))
    })?;
    Ok((header_name, header_value))
}

fn secret_value(value: &str, what: &str) -> Result<HeaderValue, Failure> {
    let mut value = HeaderValue::from_bytes(value.as_bytes()).map_err(|_| {
        Failure::invalid(format!(
            "{what} contains a character not allowed in a header (such as CR or LF)"
        ))
    })?;
    value.set_sensitive(true);
    Ok(value)
}

/// What one attempt got: the whole response, or its head with the body still to read.
enum Answer {
    Whole(Response),
    Head(ByteStream),
}

impl Answer {
    fn status(&self) -> u16 {
        match self {
            Answer::Whole(r) => r.status(),
            Answer::Head(s) => s.status(),
        }
    }

    fn header(&self, name: &str) -> Option<&str> {
        match self {
            Answer::Whole(r) => r.header(name),
            Answer::Head(s) => s.header(name),
        }
    }
}

/// The time limits of one attempt.
struct Limits<'a> {
    /// The whole attempt's, unless its body is streamed.
    timeout: Duration,
    /// The longest wait for the response's head and each chunk of its body; with a streamed
    /// body, also for each read of it.
    idle: Duration,
    /// The progress of a streamed body.
    upload: Option<&'a Progress>,
}

/// One attempt: the whole response, or with `stream` only its head, the body to be read
/// chunk by chunk within `idle`. The whole attempt is within `timeout`, except one with a
/// streamed body, which may take as long as it keeps making progress. The error's flag says
/// whether a retry may help (a connection error before any response).
async fn attempt(
    http: &reqwest::Client,
    request: reqwest::Request,
    limits: Limits<'_>,
    stream: bool,
) -> Result<Answer, (Failure, bool)> {
    let Limits {
        timeout,
        idle,
        upload,
    } = limits;
    let exchange = async {
        let mut execute = std::pin::pin!(http.execute(request));
        // Whether `idle` has passed since the last progress (the start, or a read of the body).
        let last = Instant::now();
        let deadline = || upload.map_or(last, Progress::last) + idle;
        let response = loop {
            match tokio::time::timeout_at(deadline().into(), &mut execute).await {
                Ok(response) => break response,
                // The body made progress meanwhile: wait on from there.
                Err(_) if deadline() > Instant::now() => continue,
                Err(_) => return Err((Failure(Error::Timeout), false)),
            }
        }
        .map_err(|e| {
            let retryable = is_connection_error(&e);
            (transport(e), retryable)
        })?;
        let body = ByteStream::new(response, idle);
        if stream {
            return Ok(Answer::Head(body));
        }
        let response = body
            .into_response()
            .await
            .map_err(|e| (Failure(e), false))?;
        Ok(Answer::Whole(response))
    };
    if upload.is_some() {
        return exchange.await;
    }
    match tokio::time::timeout(timeout, exchange).await {
        Ok(result) => result,
        Err(_) => Err((Failure(Error::Timeout), false)),
    }
}

fn transport(e: reqwest::Error) -> Failure {
    if e.is_timeout() {
        Failure(Error::Timeout)
    } else {
        Failure(Error::Transport(e.without_url()))
    }
}

/// A failure to get any response: connect error, or the connection reset or closed before
/// the response arrived.
fn is_connection_error(e: &reqwest::Error) -> bool {
    !e.is_timeout() && !e.is_builder() && !e.is_redirect() && (e.is_connect() || e.is_request())
}
