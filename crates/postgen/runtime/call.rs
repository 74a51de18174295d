//! One call of an operation: what every generated operation returns. Awaiting it sends the
//! request and decodes the response; before that, a call can be given options of its own, or
//! asked for more than the decoded value.

use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::time::Duration;

use super::error::{Error, Failure, Undocumented};
use super::pages::{Items, Page, Pages};
use super::request::RequestBuilder;
use super::response::{ByteStream, Response};
use super::retry::RetryPolicy;
use super::value::ResponseValue;
use super::vars;

/// A request of an operation, built and ready to send.
///
/// - `.await` it for the decoded result: `Ok(T)` on success, `Err(Error::Api(E))` for an error
///   status the collection documents;
/// - [`with_response`](Call::with_response) gives the status and headers with the value (and
///   with a documented error);
/// - [`raw`](Call::raw) gives the response undecoded, whatever its status;
/// - [`stream`](Call::stream) gives a success response's body as it arrives;
/// - [`pages`](Call::pages) and [`items`](Call::items), for an operation whose responses say
///   how to ask for the next page, give every page (or what they list) as a stream;
/// - [`header`](Call::header), [`timeout`](Call::timeout), [`retry`](Call::retry),
///   [`retry_non_idempotent`](Call::retry_non_idempotent) and
///   [`idempotency_key`](Call::idempotency_key) set options for this call only, without
///   changing (or cloning) the client.
///
/// ```text
/// let user = client.users().get_user("42").await?;
/// let with_meta = client.users().get_user("42").with_response().await?;
/// println!("{} {:?}", with_meta.status(), with_meta.header("x-request-id"));
/// let raw = client.users().get_user("42").header("X-Trace", "1").raw().await?;
/// ```
#[must_use = "a call does nothing until it is awaited"]
pub struct Call<'c, T, E = Undocumented> {
    request: RequestBuilder<'c>,
    decode: fn(Response) -> Result<T, Error<E>>,
}

impl<'c, T, E> Call<'c, T, E> {
    /// A call that sends `request` and decodes its response with `decode` (generated code).
    #[doc(hidden)]
    pub fn new(request: RequestBuilder<'c>, decode: fn(Response) -> Result<T, Error<E>>) -> Self {
        Call { request, decode }
    }

    /// Sends header `name: value` with this call, replacing a header of that name the client
    /// sends (an idempotency key, a trace id). A value with CR or LF fails the call unsent.
    pub fn header(mut self, name: impl AsRef<str>, value: impl AsRef<str>) -> Self {
        self.request.header(name.as_ref(), value.as_ref());
        self
    }

    /// Sets the field `key` of the JSON object this call sends, replacing one of that name: for
    /// what the collection's example does not show (Twitter's `reply` or `poll` on a tweet).
    /// A call without a JSON object body fails unsent.
    pub fn json_field(mut self, key: impl AsRef<str>, value: impl Into<serde_json::Value>) -> Self {
        self.request.json_field(key.as_ref(), value.into());
        self
    }

    /// Appends the field `name=value` to the form this call sends, after the form's own
    /// fields (a pair of an urlencoded form, a text part of a multipart one): for parameters the
    /// collection does not show. A call without a form body fails unsent.
    pub fn form_field(mut self, name: impl AsRef<str>, value: impl AsRef<str>) -> Self {
        self.request.form_field(name.as_ref(), value.as_ref());
        self
    }

    /// The timeout of each attempt of this call, instead of the client's. A call with a body
    /// streamed from a reader ([`Binary::from_reader`](super::Binary::from_reader)) is bounded
    /// by the client's read timeout between reads instead.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.request.timeout(timeout);
        self
    }

    /// The retry policy of this call, instead of the client's: more retries for a call that
    /// matters, none for one that must not wait, server errors (500, 502, 504) retried too.
    /// A call with a body streamed from a reader is never retried: it cannot be read again.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.request.retry(policy);
        self
    }

    /// Retries this call as the policy allows whatever its method: for a `POST` the server
    /// deduplicates by a key of yours ([`header`](Call::header)), or that is safe to repeat.
    pub fn retry_non_idempotent(mut self) -> Self {
        self.request.retry_any_method();
        self
    }

    /// Sends `Idempotency-Key: key` and lets the call be retried whatever its method: the
    /// convention of APIs that deduplicate retried writes by that header (Stripe, Adyen,
    /// PayPal). Every attempt of the call sends the same key.
    pub fn idempotency_key(self, key: impl AsRef<str>) -> Self {
        self.header("Idempotency-Key", key).retry_non_idempotent()
    }

    /// [`idempotency_key`](Call::idempotency_key) with a fresh random key (a version 4 UUID).
    pub fn random_idempotency_key(self) -> Self {
        let key = vars::dynamic("$guid").unwrap_or_default();
        self.idempotency_key(key)
    }

    /// Sends the request and decodes the response: what `.await` does.
    pub async fn send(self) -> Result<T, Error<E>> {
        let response = self.request.send().await?;
        (self.decode)(response)
    }

    /// Sends the request and decodes the response, keeping its status and headers: with the
    /// value on success, and with a documented error (`Error::Api`). Undocumented statuses and
    /// decoding failures carry them too ([`Error::headers`]).
    pub async fn with_response(self) -> Result<ResponseValue<T>, Error<ResponseValue<E>>> {
        let response = self.request.send().await?;
        let (status, headers) = (response.status(), response.headers().clone());
        match (self.decode)(response) {
            Ok(value) => Ok(ResponseValue::new(value, status, headers)),
            Err(e) => Err(e.map_api(|e| ResponseValue::new(e, status, headers))),
        }
    }

    /// Sends the request and returns the response undecoded, whatever its status: the way out
    /// when the generated types do not fit what a server sends ([`Response::json`] decodes it
    /// into a type of yours).
    pub async fn raw(self) -> Result<Response, Error> {
        self.request.send().await.map_err(|f| f.0)
    }

    /// Sends the request and gives a success response's body as it arrives, never held whole
    /// (a download, an export, a streaming endpoint): see [`ByteStream`] for its timeouts. An
    /// error status is read and decoded as `.await` decodes it.
    pub async fn stream(self) -> Result<ByteStream, Error<E>> {
        let stream = self.request.send_streaming().await?;
        if (200..300).contains(&stream.status()) {
            return Ok(stream);
        }
        let response = stream.into_response().await.map_err(Failure)?;
        match (self.decode)(response.clone()) {
            Err(e) => Err(e),
            Ok(_) => Err(response.unexpected()),
        }
    }

    /// Decodes `response` the way this call decodes the response it gets (a response kept
    /// from [`Call::raw`], or a recorded one).
    pub fn decode(&self, response: Response) -> Result<T, Error<E>> {
        (self.decode)(response)
    }
}

/// The calls of operations the collection shows paginated (their response type is a [`Page`]).
impl<'c, P: Page + Send + 'c, E: Send + 'c> Call<'c, P, E> {
    /// Every page, from this call's on: a stream that sends this request, then the request
    /// for each next page as the page before says, until the last ([`Pages`]). Options set on
    /// this call apply to every page's request.
    pub fn pages(self) -> Pages<'c, P, E> {
        Pages::new(self.request, self.decode)
    }

    /// What every page lists, one item at a time, pages requested as they are reached
    /// ([`Items`]).
    pub fn items(self) -> Items<'c, P, E> {
        self.pages().items()
    }
}

impl<'c, T: Send + 'c, E: Send + 'c> IntoFuture for Call<'c, T, E> {
    type Output = Result<T, Error<E>>;
    type IntoFuture = Pin<Box<dyn Future<Output = Self::Output> + Send + 'c>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}
