//! Client configuration: hosts, Debug redaction, handles.

use std::time::Duration;

use postgen_runtime::{Client, Method, RetryPolicy};
use postgen_testserver::{Reply, TestServer};

use crate::{invalid_request, SPEC};

#[test]
fn debug_redacts_credentials_secret_variables_and_header_values() {
    let client = Client::from_spec(&SPEC)
        .with_base_url("http://127.0.0.1:1/base")
        .with_bearer_token("TOKEN-aaaa")
        .with_basic_auth("alice", "PASSWORD-bbbb")
        .with_api_key("APIKEY-cccc")
        .with_header("X-Custom-Secret", "HEADER-dddd")
        .with_variable("apiSecret", "SECRETVAR-eeee")
        .with_variable("undeclared", "UNDECLARED-ffff")
        .with_variable("region", "public-region")
        .with_timeout(Duration::from_secs(7))
        .with_signer(|_| Ok(()));
    let debug = format!("{client:?}");
    let pretty = format!("{client:#?}");
    for text in [&debug, &pretty] {
        for secret in [
            "TOKEN-aaaa",
            "PASSWORD-bbbb",
            "alice",
            "APIKEY-cccc",
            "HEADER-dddd",
            "SECRETVAR-eeee",
            "UNDECLARED-ffff",
        ] {
            assert!(!text.contains(secret), "{secret} leaked in {text}");
        }
        assert!(text.contains("<redacted>"), "{text}");
        assert!(text.contains("public-region"), "{text}");
        assert!(text.contains("http://127.0.0.1:1/base"), "{text}");
        assert!(text.contains("X-Custom-Secret"), "{text}");
        assert!(text.contains("7s"), "{text}");
    }
    // Unset credentials are shown as unset.
    let plain = format!("{:?}", Client::from_spec(&SPEC));
    assert!(plain.contains("bearer_token: <unset>"), "{plain}");
    assert!(!plain.contains("<redacted>"), "{plain}");
}

#[test]
fn host_urls_override_default_or_none() {
    let client = Client::from_spec(&SPEC);
    assert_eq!(client.host_url(0), None);
    assert_eq!(client.host_url(1), Some("http://uploads.invalid/v1/"));
    assert_eq!(client.host_url(2), None);
    let client = client
        .with_base_url("http://a.invalid")
        .with_host_url(1, "http://b.invalid")
        .with_host_url(3, "http://d.invalid");
    assert_eq!(client.host_url(0), Some("http://a.invalid"));
    assert_eq!(client.host_url(1), Some("http://b.invalid"));
    assert_eq!(client.host_url(2), None);
    assert_eq!(client.host_url(3), Some("http://d.invalid"));
}

#[tokio::test]
async fn host_without_url_is_an_invalid_request() {
    let client = Client::from_spec(&SPEC);
    let message = invalid_request(client.request(Method::GET, 0usize).send().await);
    assert_eq!(
        message,
        "host #0 `base` has no base URL; set it with Client::with_base_url (or Client::with_host)"
    );
    let message = invalid_request(client.request(Method::GET, 5usize).send().await);
    assert_eq!(
        message,
        "host #5 `` has no base URL; set it with Client::with_base_url (or Client::with_host)"
    );
}

#[tokio::test]
async fn invalid_base_url_is_an_invalid_request() {
    let client = Client::from_spec(&SPEC).with_base_url("not a url");
    let message = invalid_request(client.request(Method::GET, 0usize).send().await);
    assert_eq!(
        message,
        "invalid URL for host `base`: relative URL without a base"
    );
}

#[tokio::test]
async fn second_host_is_used_by_index() {
    let a = TestServer::start(|_| Reply::text(200, "a"));
    let b = TestServer::start(|_| Reply::text(200, "b"));
    let client = Client::from_spec(&SPEC)
        .with_base_url(a.url())
        .with_host_url(1, format!("{}/up", b.url()));
    let mut req = client.request(Method::GET, 1usize);
    req.path("/x");
    let response = req.send().await.unwrap();
    assert_eq!(response.text(), "b");
    assert_eq!(b.requests()[0].target, "/up/x");
    assert!(a.requests().is_empty());
}

#[tokio::test]
async fn clones_and_handles_work_and_config_changes_copy_on_write() {
    let server = TestServer::start(|_| Reply::status(200));
    let original = Client::from_spec(&SPEC).with_base_url(server.url());
    let changed = original.clone().with_bearer_token("t");
    assert!(!format!("{original:?}").contains("<redacted>"));
    assert!(format!("{changed:?}").contains("<redacted>"));
    let handle = original.retry_non_idempotent();
    assert!(handle.retries_non_idempotent());
    assert!(!original.retries_non_idempotent());
    for c in [&original, &original.clone(), &handle] {
        c.request(Method::GET, 0usize).send().await.unwrap();
    }
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn user_http_client_is_used() {
    let server = TestServer::start(|_| Reply::status(200));
    let mut defaults = reqwest::header::HeaderMap::new();
    defaults.insert("x-their-client", "yes".parse().unwrap());
    let http = reqwest::Client::builder()
        .user_agent("their-agent/1")
        .default_headers(defaults)
        .build()
        .unwrap();
    let client = Client::from_spec_with_http_client(&SPEC, http)
        .with_base_url(server.url())
        .with_retry(RetryPolicy::none())
        // Only meaningful for an owned client; must not replace theirs.
        .with_connect_timeout(Duration::from_secs(1));
    client.request(Method::GET, 0usize).send().await.unwrap();
    let r = &server.requests()[0];
    assert_eq!(r.header_all("x-their-client"), vec!["yes"]);
    // The spec's User-Agent is set per request, so it wins over their client's default.
    assert_eq!(r.header_all("user-agent"), vec!["test-api/0.1.0 (postgen)"]);
    let _: &reqwest::Client = client.http_client();
}

#[test]
fn send_future_is_send() {
    fn assert_send<T: Send>(_: &T) {}
    let client = Client::from_spec(&SPEC);
    let future = client.request(Method::GET, 0usize).send();
    assert_send(&future);
    fn assert_sync_send<T: Send + Sync + Clone>() {}
    assert_sync_send::<Client>();
}

#[test]
fn without_ca_certificates_the_client_still_builds_and_speaks_http() {
    const CHILD: &str = "POSTGEN_RUNTIME_TEST_CHILD";
    if std::env::var_os(CHILD).is_none() {
        // Run this same test in a child process of this test binary, where the environment
        // makes the system CA store empty: rustls-native-certs then reads only these paths.
        let output = std::process::Command::new(std::env::current_exe().unwrap())
            .args([
                "client::without_ca_certificates_the_client_still_builds_and_speaks_http",
                "--exact",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(CHILD, "1")
            .env("SSL_CERT_FILE", "/nonexistent/postgen-test/ca.pem")
            .env("SSL_CERT_DIR", "/nonexistent/postgen-test")
            .output()
            .unwrap();
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        assert!(output.status.success(), "child failed:\n{text}");
        assert!(text.contains("1 passed"), "child ran no test:\n{text}");
        return;
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let server = TestServer::start(|_| Reply::text(200, "plain"));
        let client = Client::from_spec(&SPEC)
            .with_base_url(server.url())
            .with_connect_timeout(Duration::from_secs(3));
        let response = client.request(Method::GET, 0usize).send().await.unwrap();
        assert_eq!(response.text(), "plain");
        let client = client.with_base_url("https://127.0.0.1:1");
        let message = invalid_request(client.request(Method::GET, 0usize).send().await);
        assert!(
            message.starts_with("HTTPS is unavailable: the HTTP client could not be set up: "),
            "{message}"
        );
        assert!(message.contains("No CA certificates"), "{message}");
    });
}
