//! Overall timeout per attempt.

use std::time::{Duration, Instant};

use postgen_runtime::{Client, Error, Failure, Method, RetryPolicy};
use postgen_testserver::{Reply, TestServer};

use crate::{fast_retry, SPEC};

fn assert_timeout(result: Result<postgen_runtime::Response, Failure>) {
    assert!(matches!(result, Err(Failure(Error::Timeout))), "{result:?}");
}

#[tokio::test]
async fn stalled_server_times_out_within_the_configured_timeout() {
    let server = TestServer::start(|_| Reply::stall());
    let client = Client::from_spec(&SPEC)
        .with_base_url(server.url())
        .with_timeout(Duration::from_millis(300))
        .with_retry(fast_retry(2));
    let started = Instant::now();
    assert_timeout(client.request(Method::GET, 0usize).send().await);
    let elapsed = started.elapsed();
    eprintln!("measured: a stalled server with a 300 ms timeout: Timeout after {elapsed:?}");
    assert!(elapsed >= Duration::from_millis(300), "{elapsed:?}");
    assert!(elapsed < Duration::from_secs(5), "{elapsed:?}");
    // A timeout is not retried.
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn slow_answer_times_out_and_a_fast_one_does_not() {
    let server = TestServer::sequence(vec![
        Reply::status(200).delay(Duration::from_secs(3)),
        Reply::status(200).delay(Duration::from_millis(50)),
    ]);
    let client = Client::from_spec(&SPEC)
        .with_base_url(server.url())
        .with_timeout(Duration::from_millis(400))
        .with_retry(RetryPolicy::none());
    let started = Instant::now();
    assert_timeout(client.request(Method::GET, 0usize).send().await);
    assert!(started.elapsed() < Duration::from_secs(3));
    let response = client.request(Method::GET, 0usize).send().await.unwrap();
    assert_eq!(response.status(), 200);
}

#[tokio::test]
async fn overall_timeout_applies_to_a_user_http_client() {
    let server = TestServer::start(|_| Reply::stall());
    let client = Client::from_spec_with_http_client(&SPEC, reqwest::Client::new())
        .with_base_url(server.url())
        .with_timeout(Duration::from_millis(300))
        .with_retry(RetryPolicy::none());
    let started = Instant::now();
    assert_timeout(client.request(Method::GET, 0usize).send().await);
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[tokio::test]
async fn read_timeout_on_an_owned_client_is_a_timeout() {
    let server = TestServer::start(|_| Reply::stall());
    let client = Client::from_spec(&SPEC)
        .with_base_url(server.url())
        .with_read_timeout(Duration::from_millis(200))
        .with_connect_timeout(Duration::from_secs(2))
        .with_retry(RetryPolicy::none());
    let started = Instant::now();
    assert_timeout(client.request(Method::GET, 0usize).send().await);
    let elapsed = started.elapsed();
    assert!(elapsed >= Duration::from_millis(200), "{elapsed:?}");
    assert!(elapsed < Duration::from_secs(5), "{elapsed:?}");
}
