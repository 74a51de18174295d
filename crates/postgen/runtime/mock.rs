//! A mock server of the API for the tests of code that uses the client (cargo feature `mock`,
//! built on [`wiremock`]): it runs on loopback and answers every request with the collection's
//! closest saved example, as Postman's mock server does.
//!
//! How a request finds its example, in one pass over the examples (Postman's documented
//! matching, in essence):
//!
//! 1. **Method**: only the examples of requests with the same method.
//! 2. **Headers**: `x-mock-response-name` keeps the examples of that name (runs of whitespace
//!    count as one space, so a name saved over several lines can be sent), and
//!    `x-mock-response-code` those of that status, so a test picks a documented error with one
//!    header; `x-mock-response-id` those of that id, where the collection keeps its examples'
//!    ids (`id` of a v2.1 or v1 saved response, of a v3 example file).
//! 3. **Path**: the same number of segments, each percent-decoded. A literal segment scores 4
//!    when it is equal, 2 when equal but for ASCII case; a path variable (`:id`) or
//!    `{{variable}}` segment matches any segment and scores 1. Any other segment rules the
//!    example out. An empty segment (a trailing slash, a doubled one) does not count, or is
//!    the empty value of a path variable (`/companies//logos` for `/companies/:id/logos`).
//!    The highest total wins, so `/users/me` beats `/users/:id` for the request `/users/me`.
//! 4. **Query**, on a tie: each query parameter the request documents scores 2 when sent with
//!    the collection's value, 1 when sent with another.
//! 5. Then a 2xx example, then the first in the collection.
//!
//! Typed stubs ([`Stub`], made by a generated crate's `Mock::stub()`) answer an operation's
//! requests with a value of its own types, ahead of the examples: of the stubs a request
//! matches, the one with the most filters (path variables, query values), the latest mounted
//! of those. They live in this crate's responder, not as wiremock mocks of their own: wiremock
//! 0.6 reorders its mocks by priority, after which a scoped mock's guard may point at another.
//!
//! A request no example matches gets `501 Not Implemented` (a status the mock never replays
//! for a documented one), whose JSON body's `error.message` names the closest operations (by
//! path, then method), or, when the path is an operation's but the headers rule out its
//! examples, the examples it has.

use std::borrow::Cow;
use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};

use percent_encoding::percent_decode_str;
use wiremock::{Request, Respond, ResponseTemplate};

use super::client::{ApiSpec, Client};
use super::retry::RetryPolicy;

pub use wiremock;

/// One saved example, as the generator writes it in a crate's `mock` module.
#[derive(Debug)]
pub struct Example {
    /// The operation as it is called on a client: `invoices().get_invoice()`.
    pub operation: &'static str,
    /// The request's method: `GET`, `POST`, …
    pub method: &'static str,
    /// The index of the request's host in [`ApiSpec::hosts`].
    pub host: usize,
    /// The request's path after its host's, by segment.
    pub path: &'static [Segment],
    /// The path as the docs show it, for messages: `/invoices/{invoiceId}`.
    pub template: &'static str,
    /// The query parameters the request documents, with the collection's value (`None` for a
    /// bare flag).
    pub query: &'static [(&'static str, Option<&'static str>)],
    /// The example's name, which `x-mock-response-name` picks.
    pub name: &'static str,
    /// Its id where the collection keeps one, which `x-mock-response-id` picks.
    pub id: Option<&'static str>,
    /// The status it answers with, which `x-mock-response-code` picks.
    pub status: u16,
    /// Its `Content-Type`.
    pub content_type: Option<&'static str>,
    /// Its body, placeholders (`"<integer>"`, `{{id}}`) replaced by values of their type.
    pub body: &'static str,
}

/// One segment of an example's path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Segment {
    /// Literal text, as the collection writes it (percent-encoded or not).
    Lit(&'static str),
    /// A path variable (`:id`) or a `{{variable}}`: any one segment.
    Var,
}

/// A mock server of the API on loopback, with every saved example mounted, and a [`Client`]
/// whose hosts all point at it. Dropping it stops the server.
pub struct Mock {
    server: wiremock::MockServer,
    client: Client,
    /// The decoded path segments of each host's default URL, which stubs match first.
    hosts: Vec<Vec<String>>,
    /// The typed stubs, shared with the responder.
    stubs: Arc<Mutex<Stubs>>,
}

impl Mock {
    /// Starts a server answering with `examples` (a generated crate's `Mock::start` passes its
    /// own).
    #[doc(hidden)]
    pub async fn replay(spec: &'static ApiSpec, examples: &'static [Example]) -> Mock {
        let server = wiremock::MockServer::start().await;
        let uri = server.uri();
        let hosts: Vec<HostPath> = spec.hosts.iter().map(HostPath::of).collect();
        // A replay answers the same every time: retrying a saved 429 or 503 would only wait.
        let mut client = Client::from_spec(spec).with_retry(RetryPolicy::none());
        for (i, host) in hosts.iter().enumerate() {
            client = client.with_host_url(i, format!("{uri}{}", host.text));
        }
        let prefixes = hosts.iter().map(|h| h.segments.clone()).collect();
        let stubs = Arc::default();
        let replay = Replay::new(examples, hosts, Arc::clone(&stubs));
        // The lowest priority: mocks a test mounts itself come first.
        wiremock::Mock::given(wiremock::matchers::any())
            .respond_with(replay)
            .with_priority(u8::MAX)
            .mount(&server)
            .await;
        Mock {
            server,
            client,
            hosts: prefixes,
            stubs,
        }
    }

    /// A stub of the operation `method` `path` on host number `host` (a generated crate's
    /// stub handles call it).
    #[doc(hidden)]
    pub fn stub_of(&self, method: &'static str, host: usize, path: &'static [Segment]) -> Stub<'_> {
        let prefix = self.hosts.get(host).map_or(&[][..], Vec::as_slice);
        let path = prefix
            .iter()
            .map(|s| Pattern::Lit(s.clone()))
            .chain(path.iter().flat_map(Pattern::of))
            .collect();
        Stub {
            mock: self,
            matcher: StubMatch {
                method,
                path,
                values: Vec::new(),
                query: Vec::new(),
            },
            prefix: prefix.len(),
            times: None,
        }
    }

    /// A client whose hosts all point at the server (no retries: a replay answers the same
    /// every time). Set credentials or headers on it as on any client.
    pub fn client(&self) -> Client {
        self.client.clone()
    }

    /// The server's base URL, e.g. `http://127.0.0.1:38211`.
    pub fn uri(&self) -> String {
        self.server.uri()
    }

    /// The underlying `wiremock` server, to mount mocks of your own (they take precedence over
    /// the saved examples and the stubs) or to inspect what it received. Mount them with
    /// `mount`, not `mount_as_scoped`: wiremock 0.6 reorders mocks of different priorities
    /// (the examples' is the lowest), after which a scoped mock's guard may point at another.
    pub fn server(&self) -> &wiremock::MockServer {
        &self.server
    }

    /// The requests the server has received so far, oldest first.
    pub async fn received_requests(&self) -> Vec<Request> {
        self.server.received_requests().await.unwrap_or_default()
    }
}

impl fmt::Debug for Mock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Mock")
            .field("uri", &self.server.uri())
            .field("api", &self.client.spec().name)
            .finish()
    }
}

/// The path of a host's default URL (`/v2` of `https://api.example.com/v2`), which requests to
/// the host start with: the client keeps it in front of the server's URL.
struct HostPath {
    /// As the URL writes it, without a trailing slash.
    text: String,
    segments: Vec<String>,
}

impl HostPath {
    fn of(host: &super::client::HostSpec) -> HostPath {
        let path = host
            .default_url
            .and_then(|u| reqwest::Url::parse(u).ok())
            .map(|u| u.path().trim_end_matches('/').to_owned())
            .unwrap_or_default();
        HostPath {
            segments: segments(&path).map(|s| decoded(s).into_owned()).collect(),
            text: path,
        }
    }
}

/// The non-empty segments of a path.
fn segments(path: &str) -> impl Iterator<Item = &str> {
    path.split('/').filter(|s| !s.is_empty())
}

fn decoded(s: &str) -> Cow<'_, str> {
    percent_decode_str(s).decode_utf8_lossy()
}

/// A segment of an example's whole path (its host's, then its own), decoded.
#[derive(Debug)]
enum Pattern {
    Lit(String),
    Var,
}

impl Pattern {
    /// The patterns of an example's segment (a literal may hold several).
    fn of(segment: &Segment) -> Vec<Pattern> {
        match segment {
            Segment::Lit(l) => segments(l)
                .map(|s| Pattern::Lit(decoded(s).into_owned()))
                .collect(),
            Segment::Var => vec![Pattern::Var],
        }
    }

    /// How well `segment` matches: 4 equal, 2 equal but for ASCII case, 1 a variable.
    fn score(&self, segment: &str) -> Option<u32> {
        match self {
            Pattern::Lit(l) if l == segment => Some(4),
            Pattern::Lit(l) if l.eq_ignore_ascii_case(segment) => Some(2),
            Pattern::Lit(_) => None,
            Pattern::Var => Some(1),
        }
    }
}

/// An example with its whole path.
struct Route {
    example: &'static Example,
    path: Vec<Pattern>,
    /// The whole path as the docs show it: `/v2/invoices/{invoiceId}`.
    shown: String,
}

impl Route {
    /// The path score (see the module docs), `None` when the path does not match. `asked`
    /// keeps its empty segments: each either does not count or is the value of a path
    /// variable (an empty value sends an empty segment, `/companies//logos`); the best of
    /// those readings counts.
    fn path_score(&self, asked: &[String]) -> Option<u32> {
        // best[j]: the score of matching the patterns from `i` on with `asked[j..]`.
        let m = asked.len();
        let mut best: Vec<Option<u32>> = vec![None; m + 1];
        best[m] = Some(0);
        for j in (0..m).rev() {
            if asked[j].is_empty() {
                best[j] = best[j + 1];
            }
        }
        for p in self.path.iter().rev() {
            let mut next = vec![None; m + 1];
            for j in (0..m).rev() {
                let matched = p.score(&asked[j]).zip(best[j + 1]).map(|(a, b)| a + b);
                let skipped = if asked[j].is_empty() {
                    next[j + 1]
                } else {
                    None
                };
                next[j] = matched.max(skipped);
            }
            best = next;
        }
        best[0]
    }

    fn query_score(&self, asked: &[(String, String)]) -> u32 {
        self.example
            .query
            .iter()
            .map(|(name, value)| {
                let sent = asked.iter().filter(|(n, _)| n == name);
                let mut score = 0;
                for (_, v) in sent {
                    score = score.max(if value.is_some_and(|x| x == v) { 2 } else { 1 });
                }
                score
            })
            .sum()
    }

    /// How close the route is to a request it does not match: segments that would match at
    /// the same place, less the difference in length, and one more for the same method.
    fn closeness(&self, asked: &Asked) -> i64 {
        let same: i64 = self
            .path
            .iter()
            .zip(&asked.path)
            .map(|(p, s)| match p.score(s) {
                Some(4 | 2) => 2,
                Some(_) => 1,
                None => 0,
            })
            .sum();
        let longer = self.path.len().abs_diff(asked.path.len());
        let method = self.example.method.eq_ignore_ascii_case(&asked.method);
        same - i64::try_from(longer).unwrap_or(i64::MAX) + i64::from(method)
    }
}

/// What a request asks for, read once.
struct Asked {
    method: String,
    /// The non-empty segments of the path, decoded.
    path: Vec<String>,
    /// Every segment, empty ones too (the examples are matched against these).
    every_segment: Vec<String>,
    query: Vec<(String, String)>,
    name: Option<String>,
    /// `Some(None)`: a code that is not a status.
    code: Option<Option<u16>>,
    id: Option<String>,
}

impl Asked {
    fn of(request: &Request) -> Asked {
        let header = |name: &str| {
            request
                .headers
                .get(name)
                .map(|v| String::from_utf8_lossy(v.as_bytes()).trim().to_owned())
        };
        Asked {
            method: request.method.as_str().to_owned(),
            path: segments(request.url.path())
                .map(|s| decoded(s).into_owned())
                .collect(),
            every_segment: request
                .url
                .path()
                .split('/')
                .map(|s| decoded(s).into_owned())
                .collect(),
            query: request.url.query_pairs().into_owned().collect(),
            name: header("x-mock-response-name"),
            code: header("x-mock-response-code").map(|c| c.parse().ok()),
            id: header("x-mock-response-id"),
        }
    }

    /// Whether `e` passes the `x-mock-response-…` headers. Names are compared with their runs
    /// of whitespace as one space: a header cannot hold the line breaks of a saved name.
    fn picks(&self, e: &Example) -> bool {
        let words = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
        self.name.as_ref().is_none_or(|n| *n == words(e.name))
            && self.code.is_none_or(|c| c == Some(e.status))
            && self.id.as_ref().is_none_or(|i| Some(i.as_str()) == e.id)
    }

    /// `GET /v2/invoices/in_1`, for messages.
    fn shown(&self) -> String {
        format!("{} /{}", self.method, self.path.join("/"))
    }
}

/// The responder: every example, matched as the module docs say.
struct Replay {
    routes: Vec<Route>,
    stubs: Arc<Mutex<Stubs>>,
}

impl Replay {
    fn new(examples: &'static [Example], hosts: Vec<HostPath>, stubs: Arc<Mutex<Stubs>>) -> Replay {
        let none = HostPath {
            text: String::new(),
            segments: Vec::new(),
        };
        let routes = examples
            .iter()
            // A status `http` cannot send would fail the server.
            .filter(|e| (100..=999).contains(&e.status))
            .map(|example| {
                let host = hosts.get(example.host).unwrap_or(&none);
                let own = example.path.iter().flat_map(Pattern::of);
                let path = host
                    .segments
                    .iter()
                    .map(|s| Pattern::Lit(s.clone()))
                    .chain(own)
                    .collect();
                Route {
                    example,
                    path,
                    shown: format!("{}{}", host.text, example.template),
                }
            })
            .collect();
        Replay { routes, stubs }
    }

    /// The best route for `asked` among those `keep` lets through.
    fn best(&self, asked: &Asked, keep: impl Fn(&Example) -> bool) -> Option<&Route> {
        let mut best: Option<((u32, u32, bool), &Route)> = None;
        for r in &self.routes {
            let e = r.example;
            if !e.method.eq_ignore_ascii_case(&asked.method) || !keep(e) {
                continue;
            }
            let Some(path) = r.path_score(&asked.every_segment) else {
                continue;
            };
            let key = (
                path,
                r.query_score(&asked.query),
                (200..300).contains(&e.status),
            );
            if best.as_ref().is_none_or(|(k, _)| key > *k) {
                best = Some((key, r));
            }
        }
        best.map(|(_, r)| r)
    }

    /// Why nothing matched `asked`, naming what comes closest.
    fn unmatched(&self, asked: &Asked) -> String {
        let shown = asked.shown();
        if self.routes.is_empty() {
            return format!("no saved example matches `{shown}`: the collection saves none");
        }
        if let Some(r) = self.best(asked, |_| true) {
            let op = r.example.operation;
            let why = {
                let mut wanted = Vec::new();
                if let Some(i) = &asked.id {
                    wanted.push(format!("with id {i:?}"));
                }
                if let Some(n) = &asked.name {
                    wanted.push(format!("named {n:?}"));
                }
                match asked.code {
                    Some(Some(c)) => wanted.push(format!("with status {c}")),
                    Some(None) => wanted
                        .push("with x-mock-response-code's status (it is not a number)".to_owned()),
                    None => {}
                }
                format!("it has no saved example {}", wanted.join(" and "))
            };
            let examples: Vec<String> = self
                .routes
                .iter()
                .filter(|o| o.example.operation == op && o.example.method == r.example.method)
                .map(|o| format!("{} {:?}", o.example.status, o.example.name))
                .collect();
            return format!(
                "`{shown}` is `{op}` (`{} {}`), but {why}; its saved examples: {}",
                r.example.method,
                r.shown,
                examples.join(", ")
            );
        }
        // The three closest operations, each once, in one pass.
        let mut closest: Vec<(i64, &Route)> = Vec::with_capacity(4);
        for r in &self.routes {
            let c = r.closeness(asked);
            let op = r.example.operation;
            if let Some(i) = closest.iter().position(|(_, o)| o.example.operation == op) {
                if closest[i].0 >= c {
                    continue;
                }
                closest.remove(i);
            }
            let at = closest
                .iter()
                .position(|(k, _)| *k < c)
                .unwrap_or(closest.len());
            closest.insert(at, (c, r));
            closest.truncate(3);
        }
        let names: Vec<String> = closest
            .iter()
            .map(|(_, r)| {
                let e = r.example;
                format!("`{}` (`{} {}`)", e.operation, e.method, r.shown)
            })
            .collect();
        format!(
            "no saved example matches `{shown}`; the closest operations: {}",
            names.join(", ")
        )
    }
}

/// The body of an unmatched request's response, shaped like Postman's (`message` first, which
/// an error's `Display` shows).
#[derive(serde::Serialize)]
struct NotFound {
    error: NotFoundError,
}

#[derive(serde::Serialize)]
struct NotFoundError {
    message: String,
    name: &'static str,
}

impl Respond for Replay {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let asked = Asked::of(request);
        let stubbed = self
            .stubs
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .answer(request, &asked);
        if let Some(response) = stubbed {
            return response;
        }
        match self.best(&asked, |e| asked.picks(e)) {
            Some(r) => answer(r.example),
            None => {
                let body = NotFound {
                    error: NotFoundError {
                        message: self.unmatched(&asked),
                        name: "mockRequestNotFoundError",
                    },
                };
                let body = serde_json::to_vec(&body).unwrap_or_default();
                ResponseTemplate::new(501).set_body_raw(body, "application/json")
            }
        }
    }
}

/// The response an example replays.
fn answer(e: &Example) -> ResponseTemplate {
    respond(e.status, e.content_type, e.body.as_bytes().to_vec())
}

/// What a stub answers with: a status, a body and its type (generated stubs encode their typed
/// values into one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    /// The status.
    pub status: u16,
    /// The `Content-Type`, if any.
    pub content_type: Option<&'static str>,
    /// The body.
    pub body: Vec<u8>,
}

impl Reply {
    /// `value` as JSON.
    pub fn json<T: serde::Serialize>(status: u16, value: &T) -> Reply {
        Reply {
            status,
            content_type: Some("application/json"),
            // Generated types and JSON values always serialize.
            body: serde_json::to_vec(value).unwrap_or_default(),
        }
    }

    /// `text` as `text/plain`.
    pub fn text(status: u16, text: String) -> Reply {
        Reply {
            status,
            content_type: Some("text/plain"),
            body: text.into_bytes(),
        }
    }

    /// Bytes without a `Content-Type`.
    pub fn bytes(status: u16, body: Vec<u8>) -> Reply {
        Reply {
            status,
            content_type: None,
            body,
        }
    }
}

/// A typed stub of one operation, as a generated crate's `Mock::stub()` handles make it:
/// narrowed to some path variables or query values, then mounted with a reply. Wrapped by a
/// generated type per operation, whose `returns` and `fails` take the operation's own types.
#[must_use = "a stub answers nothing until it is mounted (`returns` or `fails`)"]
pub struct Stub<'m> {
    mock: &'m Mock,
    matcher: StubMatch,
    /// How many segments of the path are the host's.
    prefix: usize,
    times: Option<usize>,
}

impl Stub<'_> {
    /// Only requests whose segment number `index` of the operation's path (its host's not
    /// counted) is `value`.
    #[doc(hidden)]
    pub fn path_var(mut self, index: usize, value: &str) -> Self {
        let at = self.prefix + index;
        self.matcher.values.push((at, value.to_owned()));
        self
    }

    /// Only requests with the query parameter `name` set to `value`.
    pub fn query(mut self, name: &str, value: &str) -> Self {
        self.matcher.query.push((name.to_owned(), value.to_owned()));
        self
    }

    /// The stub must be called exactly `times` times: dropping its [`Stubbed`] panics
    /// otherwise.
    pub fn expect(mut self, times: usize) -> Self {
        self.times = Some(times);
        self
    }

    /// Mounts the stub: until the returned [`Stubbed`] is dropped, the requests it matches get
    /// `reply`.
    #[doc(hidden)]
    pub fn reply(self, reply: Reply) -> Stubbed {
        let stubs = self.mock.stubs.clone();
        let id = {
            let mut all = stubs.lock().unwrap_or_else(PoisonError::into_inner);
            all.next_id += 1;
            let id = all.next_id;
            all.entries.push(Entry {
                id,
                matcher: self.matcher,
                reply,
                calls: Vec::new(),
            });
            id
        };
        Stubbed {
            stubs,
            id,
            times: self.times,
        }
    }
}

impl fmt::Debug for Stub<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Stub")
            .field("matcher", &self.matcher)
            .field("times", &self.times)
            .finish()
    }
}

/// A mounted stub: it answers while this lives, and tells what it was called with.
#[must_use = "a stub is unmounted when its `Stubbed` is dropped"]
pub struct Stubbed {
    stubs: Arc<Mutex<Stubs>>,
    id: u64,
    times: Option<usize>,
}

impl Stubbed {
    /// The requests the stub answered, oldest first.
    pub fn calls(&self) -> Vec<Request> {
        let all = self.stubs.lock().unwrap_or_else(PoisonError::into_inner);
        all.entries
            .iter()
            .find(|e| e.id == self.id)
            .map(|e| e.calls.clone())
            .unwrap_or_default()
    }
}

impl Drop for Stubbed {
    fn drop(&mut self) {
        let entry = {
            let mut all = self.stubs.lock().unwrap_or_else(PoisonError::into_inner);
            let at = all.entries.iter().position(|e| e.id == self.id);
            at.map(|i| all.entries.remove(i))
        };
        if let (Some(times), Some(e)) = (self.times, entry) {
            // A test that is already failing says why itself.
            if e.calls.len() != times && !std::thread::panicking() {
                panic!(
                    "the stub of `{} /{}` was expected to be called {times} times, and was called \
                     {} times",
                    e.matcher.method,
                    e.matcher.shown(),
                    e.calls.len()
                );
            }
        }
    }
}

impl fmt::Debug for Stubbed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Stubbed")
            .field("id", &self.id)
            .field("times", &self.times)
            .finish()
    }
}

/// The mounted stubs, which the responder tries before the examples.
#[derive(Default)]
struct Stubs {
    entries: Vec<Entry>,
    next_id: u64,
}

struct Entry {
    id: u64,
    matcher: StubMatch,
    reply: Reply,
    calls: Vec<Request>,
}

impl Stubs {
    /// The stub that answers `request`: the one with the most filters, the latest mounted of
    /// those (so a test can override a stub), recording the call.
    fn answer(&mut self, request: &Request, asked: &Asked) -> Option<ResponseTemplate> {
        let mut best: Option<(usize, usize)> = None;
        for (i, e) in self.entries.iter().enumerate() {
            if e.matcher.matches(request, asked) {
                let filters = e.matcher.filters();
                if best.is_none_or(|(f, _)| filters >= f) {
                    best = Some((filters, i));
                }
            }
        }
        let (_, i) = best?;
        let e = &mut self.entries[i];
        e.calls.push(request.clone());
        Some(respond(
            e.reply.status,
            e.reply.content_type,
            e.reply.body.clone(),
        ))
    }
}

/// The requests a stub answers: its operation's method and path (path variables any segment,
/// unless given a value), and the query values it was given.
#[derive(Debug)]
struct StubMatch {
    method: &'static str,
    path: Vec<Pattern>,
    /// Values of path segments, by index in the whole path.
    values: Vec<(usize, String)>,
    query: Vec<(String, String)>,
}

impl StubMatch {
    fn filters(&self) -> usize {
        self.values.len() + self.query.len()
    }

    fn matches(&self, request: &Request, asked: &Asked) -> bool {
        let path = &asked.path;
        self.method.eq_ignore_ascii_case(&asked.method)
            && path.len() == self.path.len()
            && self
                .path
                .iter()
                .zip(path)
                .all(|(p, s)| p.score(s).is_some())
            && self
                .values
                .iter()
                .all(|(i, v)| path.get(*i).is_some_and(|s| s == v))
            && self.query.iter().all(|(name, value)| {
                request
                    .url
                    .query_pairs()
                    .any(|(n, v)| n == name.as_str() && v == value.as_str())
            })
    }

    /// The path as a pattern, for messages: `v2/users/{…}`.
    fn shown(&self) -> String {
        self.path
            .iter()
            .enumerate()
            .map(|(i, p)| match p {
                Pattern::Lit(l) => l.clone(),
                Pattern::Var => match self.values.iter().find(|(at, _)| *at == i) {
                    Some((_, v)) => v.clone(),
                    None => "{…}".to_owned(),
                },
            })
            .collect::<Vec<_>>()
            .join("/")
    }
}

/// A response of `status` with `body` (none for the statuses that have no content).
fn respond(status: u16, content_type: Option<&str>, body: Vec<u8>) -> ResponseTemplate {
    let template = ResponseTemplate::new(status);
    if matches!(status, 204 | 205 | 304) || body.is_empty() {
        return template;
    }
    match content_type {
        Some(t) => template.set_body_raw(body, t),
        None => template.set_body_bytes(body),
    }
}
