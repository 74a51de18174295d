//! The server over real loopback sockets, driven with raw bytes.

use std::io::{ErrorKind, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use postgen_testserver::{Reply, TestServer};

fn connect(server: &TestServer) -> TcpStream {
    let conn = TcpStream::connect(server.addr()).unwrap();
    conn.set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    conn
}

/// Reads one response framed by Content-Length; returns (head, body).
fn read_response(conn: &mut TcpStream) -> (String, Vec<u8>) {
    let mut buf = Vec::new();
    let mut byte = [0u8; 1];
    while !buf.ends_with(b"\r\n\r\n") {
        assert_eq!(conn.read(&mut byte).unwrap(), 1, "EOF inside head: {buf:?}");
        buf.push(byte[0]);
    }
    let head = String::from_utf8(buf).unwrap();
    let length: usize = head
        .lines()
        .find_map(|l| l.strip_prefix("Content-Length: "))
        .expect("Content-Length always sent")
        .trim()
        .parse()
        .unwrap();
    let mut body = vec![0u8; length];
    conn.read_exact(&mut body).unwrap();
    (head, body)
}

#[test]
fn url_and_addr_are_loopback_with_a_real_port() {
    let server = TestServer::start(|_| Reply::status(204));
    assert_eq!(server.addr().ip().to_string(), "127.0.0.1");
    assert_ne!(server.addr().port(), 0);
    assert_eq!(
        server.url(),
        format!("http://127.0.0.1:{}", server.addr().port())
    );
}

#[test]
fn records_raw_request_and_answers_exact_bytes() {
    let server = TestServer::start(|req| {
        Reply::json(201, &format!("{{\"m\":\"{}\"}}", req.method)).header("X-Seen", &req.path)
    });
    let mut conn = connect(&server);
    conn.write_all(
        b"PUT /v2/a%2Fb?x=1&y&z=%2B+ HTTP/1.1\r\nHost: t\r\nX-Multi: 1\r\nx-multi: 2\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello",
    )
    .unwrap();
    let mut answer = Vec::new();
    conn.read_to_end(&mut answer).unwrap();
    assert_eq!(
        String::from_utf8(answer).unwrap(),
        "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nX-Seen: /v2/a%2Fb\r\nContent-Length: 11\r\n\r\n{\"m\":\"PUT\"}"
    );
    let reqs = server.requests();
    assert_eq!(reqs.len(), 1);
    let r = &reqs[0];
    assert_eq!(r.method, "PUT");
    assert_eq!(r.target, "/v2/a%2Fb?x=1&y&z=%2B+");
    assert_eq!(r.path, "/v2/a%2Fb");
    assert_eq!(r.query.as_deref(), Some("x=1&y&z=%2B+"));
    assert_eq!(r.path_segments(), vec!["v2".to_string(), "a/b".to_string()]);
    assert_eq!(
        r.query_pairs(),
        vec![
            ("x".to_string(), Some("1".to_string())),
            ("y".to_string(), None),
            ("z".to_string(), Some("++".to_string())),
        ]
    );
    assert_eq!(r.header("x-MULTI"), Some("1"));
    assert_eq!(r.header_all("X-Multi"), vec!["1", "2"]);
    assert_eq!(r.headers[1], ("X-Multi".to_string(), "1".to_string()));
    assert_eq!(r.body, b"hello");
    assert_eq!(r.body_text(), "hello");
}

#[test]
fn keep_alive_serves_several_requests_on_one_connection() {
    let server = TestServer::start(|req| Reply::text(200, &req.path));
    let mut conn = connect(&server);
    // Two pipelined requests in one write, then a third.
    conn.write_all(b"GET /one HTTP/1.1\r\nHost: t\r\n\r\nPOST /two HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\n\r\nabc")
        .unwrap();
    let (head, body) = read_response(&mut conn);
    assert!(head.starts_with("HTTP/1.1 200 OK\r\n"), "{head}");
    assert_eq!(body, b"/one");
    let (_, body) = read_response(&mut conn);
    assert_eq!(body, b"/two");
    conn.write_all(b"GET /three HTTP/1.1\r\nHost: t\r\n\r\n")
        .unwrap();
    let (_, body) = read_response(&mut conn);
    assert_eq!(body, b"/three");
    assert_eq!(server.connections(), 1);
    let paths: Vec<_> = server.requests().into_iter().map(|r| r.path).collect();
    assert_eq!(paths, vec!["/one", "/two", "/three"]);
    assert_eq!(server.requests()[1].body, b"abc");
}

#[test]
fn chunked_body_is_dechunked_and_connection_reused() {
    let server = TestServer::start(|req| Reply::text(200, &req.body_text()));
    let mut conn = connect(&server);
    conn.write_all(
        b"POST /c HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nWiki\r\n",
    )
    .unwrap();
    std::thread::sleep(Duration::from_millis(50));
    conn.write_all(b"6;x=y\r\npedia \r\nE\r\nin \r\n\r\nchunks.\r\n0\r\nTrailer: v\r\n\r\n")
        .unwrap();
    let (_, body) = read_response(&mut conn);
    assert_eq!(body, b"Wikipedia in \r\n\r\nchunks.");
    conn.write_all(b"GET /after HTTP/1.1\r\n\r\n").unwrap();
    let (_, body) = read_response(&mut conn);
    assert_eq!(body, b"");
    let reqs = server.requests();
    assert_eq!(reqs[0].body, b"Wikipedia in \r\n\r\nchunks.");
    assert_eq!(reqs[1].path, "/after");
}

#[test]
fn expect_100_continue_is_answered_before_the_body() {
    let server = TestServer::start(|req| Reply::text(200, &req.body_text()));
    let mut conn = connect(&server);
    conn.write_all(
        b"POST /e HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n",
    )
    .unwrap();
    let mut interim = [0u8; 25];
    conn.read_exact(&mut interim).unwrap();
    assert_eq!(&interim, b"HTTP/1.1 100 Continue\r\n\r\n");
    conn.write_all(b"data").unwrap();
    let (head, body) = read_response(&mut conn);
    assert!(head.starts_with("HTTP/1.1 200 OK\r\n"));
    assert_eq!(body, b"data");
}

#[test]
fn head_request_gets_content_length_but_no_body() {
    let server = TestServer::start(|_| Reply::text(200, "twelve bytes"));
    let mut conn = connect(&server);
    conn.write_all(b"HEAD / HTTP/1.1\r\nConnection: close\r\n\r\n")
        .unwrap();
    let mut answer = Vec::new();
    conn.read_to_end(&mut answer).unwrap();
    assert_eq!(
        String::from_utf8(answer).unwrap(),
        "HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 12\r\n\r\n"
    );
}

#[test]
fn drop_closes_without_answering() {
    let server = TestServer::start(|_| Reply::drop_connection());
    let mut conn = connect(&server);
    conn.write_all(b"GET / HTTP/1.1\r\n\r\n").unwrap();
    let mut answer = Vec::new();
    let n = conn.read_to_end(&mut answer).unwrap_or(0);
    assert_eq!(n, 0);
    assert_eq!(server.requests().len(), 1);
}

#[test]
fn stall_keeps_the_connection_open_without_answering() {
    let server = TestServer::start(|_| Reply::stall());
    let mut conn = connect(&server);
    conn.set_read_timeout(Some(Duration::from_millis(300)))
        .unwrap();
    conn.write_all(b"GET / HTTP/1.1\r\n\r\n").unwrap();
    let mut byte = [0u8; 1];
    let err = conn.read(&mut byte).unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut),
        "{err:?}"
    );
    // Dropping the server closes the stalled connection.
    drop(server);
    conn.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    assert_eq!(conn.read(&mut byte).unwrap_or(0), 0);
}

#[test]
fn delay_postpones_the_answer() {
    let server = TestServer::start(|_| Reply::status(200).delay(Duration::from_millis(300)));
    let mut conn = connect(&server);
    let started = Instant::now();
    conn.write_all(b"GET / HTTP/1.1\r\n\r\n").unwrap();
    let (head, _) = read_response(&mut conn);
    assert!(started.elapsed() >= Duration::from_millis(300));
    assert_eq!(head, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
}

#[test]
fn sequence_then_repeat_last_and_take_requests() {
    let server = TestServer::sequence(vec![Reply::status(503), Reply::text(200, "ok")]);
    let mut conn = connect(&server);
    let mut statuses = Vec::new();
    for _ in 0..3 {
        conn.write_all(b"GET / HTTP/1.1\r\n\r\n").unwrap();
        let (head, _) = read_response(&mut conn);
        statuses.push(head[9..12].to_string());
    }
    assert_eq!(statuses, vec!["503", "200", "200"]);
    assert_eq!(server.take_requests().len(), 3);
    assert_eq!(server.requests().len(), 0);
}

#[test]
fn malformed_request_gets_400_and_close() {
    let server = TestServer::start(|_| Reply::status(200));
    let mut conn = connect(&server);
    conn.write_all(b"NONSENSE\r\n\r\n").unwrap();
    let mut answer = Vec::new();
    conn.read_to_end(&mut answer).unwrap();
    assert!(
        answer.starts_with(b"HTTP/1.1 400 Bad Request\r\n"),
        "{}",
        String::from_utf8_lossy(&answer)
    );
    assert!(server.requests().is_empty());
}

#[test]
fn multipart_and_form_helpers_on_recorded_requests() {
    let server = TestServer::start(|_| Reply::status(200));
    let body = "--B\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--B--\r\n";
    let mut conn = connect(&server);
    conn.write_all(
        format!(
            "POST / HTTP/1.1\r\nContent-Type: multipart/form-data; boundary=\"B\"\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        )
        .as_bytes(),
    )
    .unwrap();
    read_response(&mut conn);
    conn.write_all(
        b"POST / HTTP/1.1\r\nContent-Type: text/plain\r\nContent-Length: 7\r\n\r\na=b+c&d",
    )
    .unwrap();
    read_response(&mut conn);
    let reqs = server.requests();
    let parts = reqs[0].multipart().unwrap();
    assert_eq!(parts.len(), 1);
    assert_eq!(parts[0].name, "a");
    assert_eq!(parts[0].body, b"1");
    assert!(reqs[1].multipart().is_err());
    assert_eq!(
        reqs[1].form_pairs(),
        vec![
            ("a".to_string(), "b c".to_string()),
            ("d".to_string(), String::new())
        ]
    );
}

#[test]
fn several_connections_are_counted() {
    let server = TestServer::start(|_| Reply::status(200));
    for _ in 0..3 {
        let mut conn = connect(&server);
        conn.write_all(b"GET / HTTP/1.1\r\nConnection: close\r\n\r\n")
            .unwrap();
        let mut answer = Vec::new();
        conn.read_to_end(&mut answer).unwrap();
        assert!(answer.starts_with(b"HTTP/1.1 200 OK\r\n"));
    }
    assert_eq!(server.connections(), 3);
    assert_eq!(server.requests().len(), 3);
}
