//! Retries against a server that fails on purpose; Retry-After; backoff.

use std::time::{Duration, Instant, UNIX_EPOCH};

use postgen_runtime::{retry, Client, Error, Failure, Method, RetryPolicy};
use postgen_testserver::{Reply, TestServer};

use crate::{fast_retry, SPEC};

fn client(server: &TestServer, policy: RetryPolicy) -> Client {
    Client::from_spec(&SPEC)
        .with_base_url(server.url())
        .with_retry(policy)
}

#[tokio::test]
async fn dropped_connection_then_200_is_retried() {
    let server = TestServer::sequence(vec![Reply::drop_connection(), Reply::text(200, "ok")]);
    let response = client(&server, fast_retry(2))
        .request(Method::GET, 0usize)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.text(), "ok");
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn status_503_then_200_is_retried() {
    let server = TestServer::sequence(vec![Reply::status(503), Reply::text(200, "ok")]);
    let client = client(&server, fast_retry(2));
    let mut req = client.request(Method::PUT, 0usize);
    req.body(None, b"same body".to_vec());
    let response = req.send().await.unwrap();
    assert_eq!(response.status(), 200);
    let reqs = server.requests();
    assert_eq!(reqs.len(), 2);
    // The body is sent again in full.
    assert_eq!(reqs[0].body, b"same body");
    assert_eq!(reqs[1].body, b"same body");
}

#[tokio::test]
async fn status_429_with_retry_after_waits_that_long() {
    let server = TestServer::sequence(vec![
        Reply::status(429).header("Retry-After", "1"),
        Reply::text(200, "ok"),
    ]);
    let started = Instant::now();
    let response = client(&server, fast_retry(2))
        .request(Method::GET, 0usize)
        .send()
        .await
        .unwrap();
    let elapsed = started.elapsed();
    eprintln!("measured: 429 with `Retry-After: 1`, then 200: Ok after {elapsed:?}, 2 requests");
    assert_eq!(response.status(), 200);
    assert_eq!(server.requests().len(), 2);
    assert!(elapsed >= Duration::from_secs(1), "{elapsed:?}");
    assert!(elapsed < Duration::from_secs(10), "{elapsed:?}");
}

#[tokio::test]
async fn retry_after_beyond_the_limit_returns_the_response() {
    let server = TestServer::sequence(vec![
        Reply::text(429, "slow down").header("Retry-After", "3600"),
        Reply::text(200, "ok"),
    ]);
    let started = Instant::now();
    let response = client(&server, fast_retry(2))
        .request(Method::GET, 0usize)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 429);
    assert_eq!(response.text(), "slow down");
    assert_eq!(server.requests().len(), 1);
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[tokio::test]
async fn retry_after_as_a_past_http_date_retries_at_once() {
    let server = TestServer::sequence(vec![
        Reply::status(503).header("Retry-After", "Sun, 06 Nov 1994 08:49:37 GMT"),
        Reply::status(200),
    ]);
    let policy = RetryPolicy {
        initial_backoff: Duration::from_secs(30),
        max_backoff: Duration::from_secs(30),
        ..fast_retry(1)
    };
    let started = Instant::now();
    let response = client(&server, policy)
        .request(Method::GET, 0usize)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[tokio::test]
async fn post_is_not_retried_by_default_but_is_with_the_opt_in_handle() {
    let server = TestServer::sequence(vec![Reply::status(503), Reply::status(201)]);
    let client = client(&server, fast_retry(2));
    let mut req = client.request(Method::POST, 0usize);
    req.json(None, &serde_json::json!({"n": 1}));
    let response = req.send().await.unwrap();
    assert_eq!(response.status(), 503);
    assert_eq!(server.take_requests().len(), 1);

    let server = TestServer::sequence(vec![Reply::status(503), Reply::status(201)]);
    let client = client.with_base_url(server.url());
    let handle = client.retry_non_idempotent();
    let mut req = handle.request(Method::POST, 0usize);
    req.json(None, &serde_json::json!({"n": 1}));
    let response = req.send().await.unwrap();
    assert_eq!(response.status(), 201);
    let reqs = server.requests();
    assert_eq!(reqs.len(), 2);
    assert_eq!(reqs[1].body, br#"{"n":1}"#);
    // PATCH likewise is not retried without the opt-in.
    let server = TestServer::sequence(vec![Reply::drop_connection(), Reply::status(200)]);
    let client = client.with_base_url(server.url());
    let result = client.request(Method::PATCH, 0usize).send().await;
    assert!(
        matches!(result, Err(Failure(Error::Transport(_)))),
        "{result:?}"
    );
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn retries_are_bounded_and_the_last_response_is_returned() {
    let server = TestServer::start(|_| Reply::text(503, "busy"));
    let response = client(&server, fast_retry(3))
        .request(Method::GET, 0usize)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 503);
    assert_eq!(response.text(), "busy");
    assert_eq!(server.requests().len(), 4);

    let server = TestServer::start(|_| Reply::drop_connection());
    let result = client(&server, fast_retry(2))
        .request(Method::GET, 0usize)
        .send()
        .await;
    assert!(
        matches!(result, Err(Failure(Error::Transport(_)))),
        "{result:?}"
    );
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn no_retry_policy_makes_one_attempt() {
    let server = TestServer::start(|_| Reply::status(503));
    let response = client(&server, RetryPolicy::none())
        .request(Method::GET, 0usize)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 503);
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn other_statuses_are_not_retried() {
    let server = TestServer::start(|_| Reply::status(500));
    let response = client(&server, fast_retry(3))
        .request(Method::GET, 0usize)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 500);
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn connection_refused_is_a_transport_error_without_the_url() {
    // A port that was just free: nothing listens there.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let client = Client::from_spec(&SPEC)
        .with_base_url(format!("http://127.0.0.1:{port}"))
        .with_api_key("KEY-in-url")
        .with_retry(fast_retry(1));
    let mut req = client.request(Method::GET, 0usize);
    req.auth(postgen_runtime::Auth::ApiKey {
        name: "key",
        location: postgen_runtime::ApiKeyLocation::Query,
    });
    match req.send().await {
        Err(Failure(Error::Transport(e))) => {
            assert!(e.is_connect(), "{e:?}");
            assert!(e.url().is_none());
            assert!(!format!("{e:?}").contains("KEY-in-url"));
        }
        other => panic!("expected a transport error, got {other:?}"),
    }
}

#[test]
fn policy_defaults() {
    assert_eq!(
        RetryPolicy::default(),
        RetryPolicy {
            max_retries: 2,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(5),
            max_retry_after: Duration::from_secs(60),
            server_errors: false,
        }
    );
    assert_eq!(RetryPolicy::none().max_retries, 0);
}

#[test]
fn backoff_is_exponential_capped_and_jittered() {
    let policy = RetryPolicy::default();
    let caps: Vec<u128> = (0..8).map(|n| policy.backoff_cap(n).as_millis()).collect();
    assert_eq!(caps, vec![200, 400, 800, 1600, 3200, 5000, 5000, 5000]);
    assert_eq!(policy.backoff_cap(u32::MAX), Duration::from_secs(5));
    let samples: Vec<Duration> = (0..200).map(|_| policy.backoff(1)).collect();
    assert!(samples.iter().all(|d| *d <= Duration::from_millis(400)));
    let distinct: std::collections::HashSet<_> = samples.iter().collect();
    assert!(
        distinct.len() > 150,
        "jitter: only {} distinct",
        distinct.len()
    );
    assert!(samples.iter().any(|d| *d < Duration::from_millis(200)));
    assert!(samples.iter().any(|d| *d > Duration::from_millis(200)));
    let zero = RetryPolicy {
        initial_backoff: Duration::ZERO,
        ..RetryPolicy::default()
    };
    assert_eq!(zero.backoff(3), Duration::ZERO);
}

#[test]
fn retry_after_parsing() {
    let date = UNIX_EPOCH + Duration::from_secs(784_111_777); // Sun, 06 Nov 1994 08:49:37 GMT
    let now = date - Duration::from_secs(10);
    assert_eq!(
        retry::parse_retry_after("120", now),
        Some(Duration::from_secs(120))
    );
    assert_eq!(retry::parse_retry_after(" 0 ", now), Some(Duration::ZERO));
    assert_eq!(
        retry::parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", now),
        Some(Duration::from_secs(10))
    );
    assert_eq!(
        retry::parse_retry_after(
            "Sun, 06 Nov 1994 08:49:37 GMT",
            date + Duration::from_secs(5)
        ),
        Some(Duration::ZERO)
    );
    assert_eq!(
        retry::parse_http_date("Thu, 01 Jan 1970 00:00:00 GMT"),
        Some(UNIX_EPOCH)
    );
    assert_eq!(
        retry::parse_http_date("Tue, 29 Feb 2000 23:59:59 GMT"),
        Some(UNIX_EPOCH + Duration::from_secs(951_868_799))
    );
    assert_eq!(
        retry::parse_http_date("Fri, 31 Dec 9999 23:59:59 GMT"),
        Some(UNIX_EPOCH + Duration::from_secs(253_402_300_799))
    );
    for bad in [
        "",
        "-1",
        "1.5",
        "soon",
        "Sun, 06 Nov 1994 08:49:37 UTC",
        "Sunday, 06-Nov-94 08:49:37 GMT",
        "Sun Nov  6 08:49:37 1994",
        "Sun, 6 Nov 1994 08:49:37 GMT",
        "Sun, 31 Nov 1994 08:49:37 GMT",
        "Sun, 29 Feb 1900 08:49:37 GMT",
        "Sun, 06 Nov 1994 24:00:00 GMT",
        "Xyz, 06 Nov 1994 08:49:37 GMT",
        "Sun, 06 Nov 1969 08:49:37 GMT",
        "Sun, 06 Nov 1994 08:49:37 GMT extra",
    ] {
        assert_eq!(retry::parse_retry_after(bad, now), None, "{bad:?}");
    }
    // Huge delta-seconds saturate instead of failing.
    assert_eq!(
        retry::parse_retry_after("99999999999999999999999", now),
        Some(Duration::from_secs(u64::MAX))
    );
}

#[test]
fn idempotent_methods() {
    for m in ["GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE"] {
        assert!(retry::is_idempotent(&m.parse().unwrap()), "{m}");
    }
    for m in ["POST", "PATCH", "CONNECT", "PURGE"] {
        assert!(!retry::is_idempotent(&m.parse().unwrap()), "{m}");
    }
    assert!(retry::is_retryable_status(429));
    assert!(retry::is_retryable_status(503));
    assert!(!retry::is_retryable_status(500));
    assert!(!retry::is_retryable_status(502));
    let servers = RetryPolicy {
        server_errors: true,
        ..RetryPolicy::default()
    };
    let retried: Vec<u16> = (400..600).filter(|&s| servers.retries_status(s)).collect();
    assert_eq!(retried, [429, 500, 502, 503, 504]);
    let default: Vec<u16> = (400..600)
        .filter(|&s| RetryPolicy::default().retries_status(s))
        .collect();
    assert_eq!(default, [429, 503]);
}
