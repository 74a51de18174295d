//! A small in-process loopback HTTP/1.1 server for tests.
//!
//! [`TestServer`] listens on `127.0.0.1:0`, records every request exactly as received
//! ([`Recorded`]) and answers each one with the [`Reply`] that the script closure returns.
//! It runs on its own thread with its own single-threaded tokio runtime, so it works from
//! sync and async tests alike, and it stops when dropped.
//!
//! Supported: keep-alive (several requests per connection), `Content-Length` and chunked
//! request bodies, `Expect: 100-continue`. Replies always carry `Content-Length`.
//!
//! ```
//! use postgen_testserver::{Reply, TestServer};
//! use std::io::{Read, Write};
//!
//! let server = TestServer::start(|req| Reply::text(200, &format!("hi {}", req.path)));
//! let mut conn = std::net::TcpStream::connect(server.addr()).unwrap();
//! conn.write_all(b"GET /x?a=1 HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n").unwrap();
//! let mut answer = String::new();
//! conn.read_to_string(&mut answer).unwrap();
//! assert!(answer.ends_with("\r\n\r\nhi /x"));
//! assert_eq!(server.requests()[0].query.as_deref(), Some("a=1"));
//! ```

mod parse;
mod wire;

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

pub use parse::percent_decode;

/// Largest request head accepted (request line + headers).
const MAX_HEAD: usize = 1 << 20;

type Responder = dyn Fn(&Recorded) -> Reply + Send + Sync;

/// The running server. Dropping it stops the server and closes every connection.
pub struct TestServer {
    addr: SocketAddr,
    shared: Arc<Shared>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

struct Shared {
    requests: Mutex<Vec<Recorded>>,
    connections: AtomicUsize,
    /// Bytes read from all connections so far.
    received: AtomicUsize,
    respond: Box<Responder>,
}

impl Shared {
    fn requests(&self) -> MutexGuard<'_, Vec<Recorded>> {
        self.requests.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl TestServer {
    /// Starts on 127.0.0.1:0; `respond` is called for every request, in order of arrival.
    ///
    /// # Panics
    /// If no loopback port can be bound or the thread cannot be started.
    pub fn start(respond: impl Fn(&Recorded) -> Reply + Send + Sync + 'static) -> TestServer {
        let listener = std::net::TcpListener::bind("127.0.0.1:0")
            .expect("postgen-testserver: cannot bind 127.0.0.1:0");
        listener
            .set_nonblocking(true)
            .expect("postgen-testserver: set_nonblocking");
        let addr = listener
            .local_addr()
            .expect("postgen-testserver: local_addr");
        let shared = Arc::new(Shared {
            requests: Mutex::new(Vec::new()),
            connections: AtomicUsize::new(0),
            received: AtomicUsize::new(0),
            respond: Box::new(respond),
        });
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let thread_shared = shared.clone();
        let thread = std::thread::Builder::new()
            .name(format!("postgen-testserver-{}", addr.port()))
            .spawn(move || {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .expect("postgen-testserver: tokio runtime");
                runtime.block_on(serve(listener, thread_shared, rx));
                // Dropping the runtime here cancels every connection task (stalled ones too).
            })
            .expect("postgen-testserver: spawn thread");
        TestServer {
            addr,
            shared,
            shutdown: Some(tx),
            thread: Some(thread),
        }
    }

    /// Starts a server that answers the n-th request with `replies[n]`; once the script runs out,
    /// the last reply is repeated (an empty script answers 200 with an empty body).
    pub fn sequence(replies: Vec<Reply>) -> TestServer {
        let next = AtomicUsize::new(0);
        TestServer::start(move |_| {
            let n = next.fetch_add(1, Ordering::SeqCst);
            replies
                .get(n)
                .or(replies.last())
                .cloned()
                .unwrap_or_else(|| Reply::status(200))
        })
    }

    /// `"http://127.0.0.1:PORT"` (no trailing slash).
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// All requests received so far, in order of arrival.
    pub fn requests(&self) -> Vec<Recorded> {
        self.shared.requests().clone()
    }

    /// Like [`TestServer::requests`], and forgets them.
    pub fn take_requests(&self) -> Vec<Recorded> {
        std::mem::take(&mut *self.shared.requests())
    }

    /// Bytes read from all connections so far, as they arrive (a request not yet complete
    /// counts too): shows whether a client streams its body.
    pub fn bytes_received(&self) -> usize {
        self.shared.received.load(Ordering::SeqCst)
    }

    /// TCP connections accepted so far.
    pub fn connections(&self) -> usize {
        self.shared.connections.load(Ordering::SeqCst)
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl std::fmt::Debug for TestServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TestServer")
            .field("addr", &self.addr)
            .field("requests", &self.shared.requests().len())
            .field("connections", &self.connections())
            .finish()
    }
}

async fn serve(
    listener: std::net::TcpListener,
    shared: Arc<Shared>,
    mut shutdown: tokio::sync::oneshot::Receiver<()>,
) {
    let Ok(listener) = tokio::net::TcpListener::from_std(listener) else {
        return;
    };
    loop {
        tokio::select! {
            _ = &mut shutdown => return,
            accepted = listener.accept() => {
                if let Ok((stream, _)) = accepted {
                    shared.connections.fetch_add(1, Ordering::SeqCst);
                    let _ = stream.set_nodelay(true);
                    tokio::spawn(connection(stream, shared.clone()));
                }
            }
        }
    }
}

/// Reads more bytes into `buf`; `false` on EOF or error.
async fn read_more(stream: &mut TcpStream, buf: &mut Vec<u8>, shared: &Shared) -> bool {
    let mut chunk = [0u8; 16 * 1024];
    match stream.read(&mut chunk).await {
        Ok(0) | Err(_) => false,
        Ok(n) => {
            shared.received.fetch_add(n, Ordering::SeqCst);
            buf.extend_from_slice(&chunk[..n]);
            true
        }
    }
}

async fn bad_request(stream: &mut TcpStream, why: &str) {
    let reply = Reply::text(400, why).header("Connection", "close");
    let _ = stream.write_all(&reply.to_bytes(false)).await;
    let _ = stream.shutdown().await;
}

async fn connection(mut stream: TcpStream, shared: Arc<Shared>) {
    let mut buf = Vec::new();
    loop {
        // Request head.
        let end = loop {
            if let Some(end) = wire::head_end(&buf) {
                break end;
            }
            if buf.len() > MAX_HEAD {
                return bad_request(&mut stream, "request head too large").await;
            }
            if !read_more(&mut stream, &mut buf, &shared).await {
                return;
            }
        };
        let head = match wire::parse_head(&buf[..end]) {
            Ok(head) => head,
            Err(why) => return bad_request(&mut stream, &why).await,
        };
        buf.drain(..end);

        // Body.
        let chunked = head.is_chunked();
        let length = match head.content_length() {
            Ok(length) => length,
            Err(why) => return bad_request(&mut stream, &why).await,
        };
        let has_body = chunked || length.is_some_and(|n| n > 0);
        if has_body
            && head.expects_continue()
            && buf.is_empty()
            && stream
                .write_all(b"HTTP/1.1 100 Continue\r\n\r\n")
                .await
                .is_err()
        {
            return;
        }
        let body = if chunked {
            loop {
                match wire::dechunk(&buf) {
                    Ok(Some((body, used))) => {
                        buf.drain(..used);
                        break body;
                    }
                    Ok(None) => {
                        if !read_more(&mut stream, &mut buf, &shared).await {
                            return;
                        }
                    }
                    Err(why) => return bad_request(&mut stream, &why).await,
                }
            }
        } else if let Some(length) = length {
            while buf.len() < length {
                if !read_more(&mut stream, &mut buf, &shared).await {
                    return;
                }
            }
            buf.drain(..length).collect()
        } else {
            Vec::new()
        };

        let keep_alive = head.keep_alive();
        let is_head = head.method.eq_ignore_ascii_case("HEAD");
        let recorded = Recorded::new(head.method, head.target, head.headers, body);
        shared.requests().push(recorded.clone());
        let reply = (shared.respond)(&recorded);

        if let Some(delay) = reply.delay {
            tokio::time::sleep(delay).await;
        }
        match reply.action {
            Action::Drop => return,
            Action::Stall => std::future::pending::<()>().await,
            Action::Trickle { pieces, every } => {
                let bytes = reply.to_bytes(is_head);
                let head = bytes.len() - if is_head { 0 } else { reply.body.len() };
                if stream.write_all(&bytes[..head]).await.is_err() {
                    return;
                }
                let size = reply.body.len().div_ceil(pieces.max(1)).max(1);
                for piece in bytes[head..].chunks(size) {
                    tokio::time::sleep(every).await;
                    if stream.write_all(piece).await.is_err() {
                        return;
                    }
                }
                let _ = stream.shutdown().await;
                return;
            }
            Action::Respond => {
                let close = !keep_alive
                    || reply.headers.iter().any(|(k, v)| {
                        k.eq_ignore_ascii_case("connection") && v.eq_ignore_ascii_case("close")
                    });
                if stream.write_all(&reply.to_bytes(is_head)).await.is_err() {
                    return;
                }
                if close {
                    let _ = stream.shutdown().await;
                    return;
                }
            }
        }
    }
}

/// One request exactly as received.
#[derive(Clone, Debug, PartialEq)]
pub struct Recorded {
    pub method: String,
    /// Request-target exactly as received, e.g. `"/v2/a%2Fb?x=1&y"`.
    pub target: String,
    /// Target before `?`, still percent-encoded.
    pub path: String,
    /// Raw text after `?`, if any.
    pub query: Option<String>,
    /// In order, names as received.
    pub headers: Vec<(String, String)>,
    /// De-chunked if `Transfer-Encoding: chunked`.
    pub body: Vec<u8>,
}

impl Recorded {
    /// Builds a record from its parts (splits `target` into `path` and `query`).
    pub fn new(
        method: impl Into<String>,
        target: impl Into<String>,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
    ) -> Recorded {
        let target = target.into();
        let (path, query) = match target.split_once('?') {
            Some((p, q)) => (p.to_string(), Some(q.to_string())),
            None => (target.clone(), None),
        };
        Recorded {
            method: method.into(),
            target,
            path,
            query,
            headers,
            body,
        }
    }

    /// First header with this name (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Every header with this name (case-insensitive), in order.
    pub fn header_all(&self, name: &str) -> Vec<&str> {
        self.headers
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// The path split on `/` and percent-decoded: `"/a/b%2Fc"` → `["a", "b/c"]`.
    pub fn path_segments(&self) -> Vec<String> {
        self.path
            .strip_prefix('/')
            .unwrap_or(&self.path)
            .split('/')
            .map(|s| percent_decode(s, false))
            .collect()
    }

    /// Query split on `&`, then on the first `=`; percent-decoded (`+` stays `+`);
    /// a key without `=` gives `None`. Empty pieces (`a&&b`) are skipped.
    pub fn query_pairs(&self) -> Vec<(String, Option<String>)> {
        self.query
            .as_deref()
            .map(parse::query_pairs)
            .unwrap_or_default()
    }

    /// The body as `application/x-www-form-urlencoded` (`+` → space).
    pub fn form_pairs(&self) -> Vec<(String, String)> {
        parse::form_pairs(&self.body_text())
    }

    /// Parses the body as `multipart/form-data`, using the boundary from `Content-Type`.
    /// Names and file names are returned as sent (no percent-decoding).
    pub fn multipart(&self) -> Result<Vec<Part>, String> {
        let content_type = self
            .header("content-type")
            .ok_or("request has no Content-Type")?;
        let (kind, params) = parse::header_params(content_type);
        if !kind.eq_ignore_ascii_case("multipart/form-data") {
            return Err(format!("Content-Type is {kind:?}, not multipart/form-data"));
        }
        let boundary = params
            .iter()
            .find(|(k, _)| k == "boundary")
            .map(|(_, v)| v.as_str())
            .ok_or("Content-Type has no boundary")?;
        parse::multipart(&self.body, boundary)
    }

    /// The body as lossy UTF-8.
    pub fn body_text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// One part of a `multipart/form-data` body.
#[derive(Clone, Debug, PartialEq)]
pub struct Part {
    pub name: String,
    pub file_name: Option<String>,
    pub content_type: Option<String>,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

/// What the server does with one request.
#[derive(Clone, Debug, PartialEq)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// Wait this long before acting.
    pub delay: Option<Duration>,
    pub action: Action,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// Send the reply.
    Respond,
    /// Close the connection without answering.
    Drop,
    /// Never answer, keep the connection open (until the server is dropped).
    Stall,
    /// Send the head, then the body in `pieces` writes with `every` between them.
    Trickle { pieces: usize, every: Duration },
}

impl Reply {
    /// Empty body.
    pub fn status(code: u16) -> Reply {
        Reply {
            status: code,
            headers: Vec::new(),
            body: Vec::new(),
            delay: None,
            action: Action::Respond,
        }
    }

    /// `Content-Type: application/json`.
    pub fn json(code: u16, body: &str) -> Reply {
        Reply::bytes(code, body.as_bytes().to_vec()).header("Content-Type", "application/json")
    }

    /// `Content-Type: text/plain; charset=utf-8`.
    pub fn text(code: u16, body: &str) -> Reply {
        Reply::bytes(code, body.as_bytes().to_vec())
            .header("Content-Type", "text/plain; charset=utf-8")
    }

    /// Raw body, no Content-Type.
    pub fn bytes(code: u16, body: Vec<u8>) -> Reply {
        Reply {
            body,
            ..Reply::status(code)
        }
    }

    /// Adds a header. A `Content-Length` given here replaces the computed one.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Reply {
        self.headers.push((name.into(), value.into()));
        self
    }

    pub fn delay(mut self, d: Duration) -> Reply {
        self.delay = Some(d);
        self
    }

    /// Close the connection without answering.
    pub fn drop_connection() -> Reply {
        Reply {
            action: Action::Drop,
            ..Reply::status(0)
        }
    }

    /// This reply with its body sent in `pieces` writes, `every` apart (a slow download); the
    /// connection is closed after it.
    pub fn trickle(mut self, pieces: usize, every: Duration) -> Reply {
        self.action = Action::Trickle { pieces, every };
        // Said, so that the client does not send its next request on a closing connection.
        self.header("Connection", "close")
    }

    /// Never answer, keep the connection open.
    pub fn stall() -> Reply {
        Reply {
            action: Action::Stall,
            ..Reply::status(0)
        }
    }

    /// The response bytes; the body is left out for HEAD requests.
    fn to_bytes(&self, head_request: bool) -> Vec<u8> {
        let mut out = format!("HTTP/1.1 {} {}\r\n", self.status, wire::reason(self.status));
        for (k, v) in &self.headers {
            out.push_str(&format!("{k}: {v}\r\n"));
        }
        if !self
            .headers
            .iter()
            .any(|(k, _)| k.eq_ignore_ascii_case("content-length"))
        {
            out.push_str(&format!("Content-Length: {}\r\n", self.body.len()));
        }
        out.push_str("\r\n");
        let mut out = out.into_bytes();
        if !head_request {
            out.extend_from_slice(&self.body);
        }
        out
    }
}
