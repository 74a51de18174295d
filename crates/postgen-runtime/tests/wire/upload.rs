//! Uploads streamed from an `AsyncRead` (`Binary::from_reader`, `File::from_reader`): the bytes
//! on the wire, that they stream, their timeouts and that they are never retried.

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use postgen_runtime::{Binary, Client, Error, Failure, File, Method, Multipart, Response};
use postgen_testserver::{Recorded, Reply, TestServer};
use tokio::io::{AsyncRead, ReadBuf};

use crate::{client, fast_retry, invalid_request, SPEC};

/// Byte `i` of every generated body: not periodic in any chunk size used here.
fn byte(i: usize) -> u8 {
    (i.wrapping_mul(31) ^ (i >> 11)) as u8
}

fn expected(len: usize) -> Vec<u8> {
    (0..len).map(byte).collect()
}

/// A reader that makes its bytes as it is read, `chunk` at a time, after a pause of `every`
/// before each chunk; it can be made to wait until a condition holds (`gate`) or to stall
/// forever once it has produced `stall_at` bytes.
struct Generated {
    len: usize,
    chunk: usize,
    every: Duration,
    gate: Option<(usize, Box<dyn Fn() -> bool + Send>)>,
    stall_at: Option<usize>,
    produced: Arc<AtomicUsize>,
    dropped: Arc<AtomicBool>,
    sleep: Option<Pin<Box<tokio::time::Sleep>>>,
}

impl Generated {
    fn new(len: usize, chunk: usize) -> Generated {
        Generated {
            len,
            chunk,
            every: Duration::ZERO,
            gate: None,
            stall_at: None,
            produced: Arc::default(),
            dropped: Arc::default(),
            sleep: None,
        }
    }

    fn every(mut self, every: Duration) -> Generated {
        self.every = every;
        self
    }

    /// Produces no byte past `at` until `open()`.
    fn gate(mut self, at: usize, open: impl Fn() -> bool + Send + 'static) -> Generated {
        self.gate = Some((at, Box::new(open)));
        self
    }

    fn stall_at(mut self, at: usize) -> Generated {
        self.stall_at = Some(at);
        self
    }

    fn pause(&mut self, cx: &mut Context<'_>, d: Duration) -> Poll<()> {
        let sleep = self
            .sleep
            .get_or_insert_with(|| Box::pin(tokio::time::sleep(d)));
        let ready = sleep.as_mut().poll(cx);
        if ready.is_ready() {
            self.sleep = None;
        }
        ready
    }
}

impl AsyncRead for Generated {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let this = self.get_mut();
        let at = this.produced.load(Ordering::SeqCst);
        if at >= this.len {
            return Poll::Ready(Ok(()));
        }
        if this.stall_at.is_some_and(|s| at >= s) {
            return Poll::Pending;
        }
        if let Some((gate, open)) = &this.gate {
            if at >= *gate && !open() {
                // Looks again shortly (the condition has no waker of its own).
                let _ = this.pause(cx, Duration::from_millis(2));
                return Poll::Pending;
            }
        }
        if !this.every.is_zero() && this.pause(cx, this.every).is_pending() {
            return Poll::Pending;
        }
        let n = this.chunk.min(this.len - at).min(buf.remaining());
        let bytes: Vec<u8> = (at..at + n).map(byte).collect();
        buf.put_slice(&bytes);
        this.produced.store(at + n, Ordering::SeqCst);
        Poll::Ready(Ok(()))
    }
}

impl Drop for Generated {
    fn drop(&mut self) {
        self.dropped.store(true, Ordering::SeqCst);
    }
}

async fn post_binary(client: &Client, body: Binary) -> Result<Response, Failure> {
    let mut req = client.request(Method::POST, 0usize);
    req.path("/upload");
    req.binary(None, body);
    req.send().await
}

fn only_request(server: &TestServer) -> Recorded {
    let mut requests = server.take_requests();
    assert_eq!(requests.len(), 1);
    requests.remove(0)
}

#[tokio::test]
async fn a_streamed_binary_sends_the_readers_bytes_as_it_reads_them() {
    const LEN: usize = 8 << 20;
    let server = Arc::new(TestServer::start(|_| Reply::text(201, "stored")));
    let client = client(&server).with_read_timeout(Duration::from_secs(10));
    // The reader makes its second half only once the server has received the first: a body
    // held whole before sending would wait for ever (and fail with the read timeout).
    let seen = server.clone();
    let reader =
        Generated::new(LEN, 70_001).gate(LEN / 2, move || seen.bytes_received() >= LEN / 2);
    let (produced, dropped) = (reader.produced.clone(), reader.dropped.clone());
    let started = Instant::now();
    let response = post_binary(&client, Binary::from_reader(reader))
        .await
        .unwrap();
    let elapsed = started.elapsed();
    assert_eq!(
        (response.status(), response.text().as_str()),
        (201, "stored")
    );
    let request = only_request(&server);
    assert!(request.body == expected(LEN), "the body differs");
    assert_eq!(
        request.header("content-type"),
        Some("application/octet-stream")
    );
    assert_eq!(request.header("transfer-encoding"), Some("chunked"));
    assert_eq!(request.header("content-length"), None);
    assert_eq!(produced.load(Ordering::SeqCst), LEN);
    assert!(
        dropped.load(Ordering::SeqCst),
        "the reader outlived the call"
    );
    eprintln!("measured: 8 MiB streamed from a gated reader to loopback in {elapsed:?}");
}

#[tokio::test]
async fn a_streamed_binary_with_a_length_sends_content_length_and_its_content_type() {
    const LEN: usize = 3 << 20;
    let server = TestServer::start(|_| Reply::status(200));
    let client = client(&server);
    let body = Binary::from_reader_with_len(Generated::new(LEN, 8192), LEN as u64)
        .with_content_type("video/mp4");
    post_binary(&client, body).await.unwrap();
    let request = only_request(&server);
    assert!(request.body == expected(LEN), "the body differs");
    assert_eq!(
        request.header("content-length"),
        Some(LEN.to_string().as_str())
    );
    assert_eq!(request.header("transfer-encoding"), None);
    assert_eq!(request.header("content-type"), Some("video/mp4"));
}

/// The same form, with the file's content as bytes or as a reader.
fn form(file: File) -> Multipart {
    let mut form = Multipart::new();
    form.text("title", "holiday \"clip\"");
    form.file("video", &file.with_content_type("video/mp4"));
    form.text_typed("meta", r#"{"n":1}"#, "application/json");
    form.file("thumb", &File::new("t.png", b"\x89PNG".to_vec()));
    form
}

async fn post_form(server: &TestServer, client: &Client, form: Multipart) -> Recorded {
    let mut req = client.request(Method::POST, 0usize);
    req.multipart(form);
    req.send().await.unwrap();
    only_request(server)
}

/// The body with its boundary replaced by `BOUNDARY`.
fn normalized(request: &Recorded) -> Vec<u8> {
    let content_type = request.header("content-type").unwrap();
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .unwrap();
    let mut out = Vec::new();
    let mut rest = request.body.as_slice();
    while let Some(at) = rest
        .windows(boundary.len())
        .position(|w| w == boundary.as_bytes())
    {
        out.extend_from_slice(&rest[..at]);
        out.extend_from_slice(b"BOUNDARY");
        rest = &rest[at + boundary.len()..];
    }
    out.extend_from_slice(rest);
    out
}

#[tokio::test]
async fn a_streamed_multipart_form_is_byte_identical_to_the_bytes_form() {
    const LEN: usize = 2 << 20;
    let server = TestServer::start(|_| Reply::status(200));
    let client = client(&server);
    let whole = post_form(&server, &client, form(File::new("clip.mp4", expected(LEN)))).await;
    let reader = Generated::new(LEN, 65_537);
    let streamed = File::from_reader("clip.mp4", reader);
    let chunked = post_form(&server, &client, form(streamed)).await;
    let reader = Generated::new(LEN, 4096);
    let sized = File::from_reader_with_len("clip.mp4", reader, LEN as u64);
    let with_len = post_form(&server, &client, form(sized)).await;

    assert!(
        normalized(&chunked) == normalized(&whole),
        "the chunked form differs"
    );
    assert!(
        normalized(&with_len) == normalized(&whole),
        "the sized form differs"
    );
    assert_eq!(chunked.header("transfer-encoding"), Some("chunked"));
    let length = whole.body.len().to_string();
    assert_eq!(with_len.header("content-length"), Some(length.as_str()));
    let parts = chunked.multipart().unwrap();
    let names: Vec<_> = parts.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["title", "video", "meta", "thumb"]);
    assert!(parts[1].body == expected(LEN));
    assert_eq!(parts[1].file_name.as_deref(), Some("clip.mp4"));
    assert_eq!(parts[1].content_type.as_deref(), Some("video/mp4"));
}

#[tokio::test]
async fn a_reader_that_keeps_flowing_outlives_the_call_timeout() {
    let server = TestServer::start(|_| Reply::status(200));
    // The read timeout is then the call's timeout too: 300 ms between reads, 50 ms used.
    let client = client(&server).with_timeout(Duration::from_millis(300));
    let reader = Generated::new(20 * 1000, 1000).every(Duration::from_millis(50));
    let started = Instant::now();
    let response = post_binary(&client, Binary::from_reader(reader))
        .await
        .unwrap();
    let elapsed = started.elapsed();
    assert_eq!(response.status(), 200);
    assert!(elapsed >= Duration::from_millis(900), "{elapsed:?}");
    assert!(only_request(&server).body == expected(20 * 1000));
    eprintln!("measured: an upload of 1 s past a call timeout of 300 ms: {elapsed:?}");

    // A multipart form with a reader part alike.
    let reader = Generated::new(10 * 1000, 1000).every(Duration::from_millis(60));
    let mut req = client.request(Method::POST, 0usize);
    req.multipart(form(File::from_reader("clip.mp4", reader)));
    assert_eq!(req.send().await.unwrap().status(), 200);
}

fn assert_timeout(result: Result<Response, Failure>) {
    assert!(matches!(result, Err(Failure(Error::Timeout))), "{result:?}");
}

#[tokio::test]
async fn a_stalled_reader_fails_with_the_read_timeout() {
    let server = TestServer::start(|_| Reply::status(200));
    let client = client(&server)
        .with_timeout(Duration::from_secs(30))
        .with_read_timeout(Duration::from_millis(300));
    let reader = Generated::new(1 << 20, 4096).stall_at(100_000);
    let dropped = reader.dropped.clone();
    let started = Instant::now();
    assert_timeout(post_binary(&client, Binary::from_reader(reader)).await);
    let elapsed = started.elapsed();
    eprintln!("measured: a reader stalled with a 300 ms read timeout: Timeout after {elapsed:?}");
    assert!(elapsed >= Duration::from_millis(300), "{elapsed:?}");
    assert!(elapsed < Duration::from_secs(5), "{elapsed:?}");
    // The connection lets go of the reader (on its own task, a few ms later: measured) rather
    // than polling it for ever.
    let deadline = Instant::now() + Duration::from_secs(2);
    while !dropped.load(Ordering::SeqCst) && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    assert!(
        dropped.load(Ordering::SeqCst),
        "the stalled reader is still held"
    );
    eprintln!(
        "measured: reader dropped {:?} after the timeout",
        started.elapsed() - elapsed
    );
    // The server never got a whole request.
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn the_wait_for_the_status_after_a_streamed_body_has_the_read_timeout() {
    let server = TestServer::start(|_| Reply::stall());
    let client = client(&server)
        .with_timeout(Duration::from_secs(30))
        .with_read_timeout(Duration::from_millis(300));
    let started = Instant::now();
    let body = Binary::from_reader(Generated::new(50_000, 1000));
    assert_timeout(post_binary(&client, body).await);
    let elapsed = started.elapsed();
    assert!(elapsed >= Duration::from_millis(300), "{elapsed:?}");
    assert!(elapsed < Duration::from_secs(5), "{elapsed:?}");
    assert!(only_request(&server).body == expected(50_000));
}

#[tokio::test]
async fn a_call_with_a_streamed_body_is_never_retried() {
    let server = TestServer::start(|_| Reply::status(503));
    let client = Client::from_spec(&SPEC)
        .with_base_url(server.url())
        .with_retry(fast_retry(3));
    let handle = client.retry_non_idempotent();
    // The policy retries the same request with bytes...
    let mut req = handle.request(Method::PUT, 0usize);
    req.binary(None, Binary::new(expected(1000)));
    assert_eq!(req.send().await.unwrap().status(), 503);
    assert_eq!(server.take_requests().len(), 4);
    // ... but not with a reader, whatever the method and opt-in.
    for method in [Method::PUT, Method::POST] {
        let mut req = handle.request(method, 0usize);
        req.retry_any_method();
        req.binary(None, Binary::from_reader(Generated::new(1000, 100)));
        assert_eq!(req.send().await.unwrap().status(), 503);
        assert!(only_request(&server).body == expected(1000));
    }
    let mut req = handle.request(Method::PUT, 0usize);
    req.multipart(form(File::from_reader("a.mp4", Generated::new(10, 10))));
    assert_eq!(req.send().await.unwrap().status(), 503);
    assert_eq!(server.take_requests().len(), 1);
}

#[tokio::test]
async fn a_reader_is_sent_once_and_clones_share_it() {
    let server = TestServer::start(|_| Reply::status(200));
    let client = client(&server);
    let body = Binary::from_reader(Generated::new(100, 10));
    assert_eq!(body, body.clone());
    assert_ne!(body, Binary::from_reader(Generated::new(100, 10)));
    assert!(format!("{body:?}").contains("sent: false"));
    post_binary(&client, body.clone()).await.unwrap();
    assert!(format!("{body:?}").contains("sent: true"));
    let again = invalid_request(post_binary(&client, body).await);
    assert!(again.contains("cannot be sent twice"), "{again}");
    assert_eq!(server.requests().len(), 1);
}
