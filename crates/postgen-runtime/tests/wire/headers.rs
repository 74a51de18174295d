//! Headers: validation, Content-Type exactly once, User-Agent, client default headers.

use postgen_runtime::{Auth, Client, Method, RetryPolicy};
use postgen_testserver::{Reply, TestServer};

use crate::{client, invalid_request, SPEC};

#[tokio::test]
async fn request_headers_are_sent_in_order_with_repeats() {
    let server = TestServer::start(|_| Reply::status(200));
    let client = client(&server);
    let mut req = client.request(Method::GET, 0usize);
    req.header("X-Trace", "a b\tc");
    req.header("X-Multi", "1");
    req.header("x-multi", "2");
    req.header("X-Utf8", "é");
    req.send().await.unwrap();
    let r = &server.requests()[0];
    assert_eq!(r.header("x-trace"), Some("a b\tc"));
    assert_eq!(r.header_all("X-Multi"), vec!["1", "2"]);
    assert_eq!(r.header("x-utf8"), Some("é"));
}

#[tokio::test]
async fn cr_lf_in_header_value_fails_and_sends_nothing() {
    let server = TestServer::start(|_| Reply::status(200));
    let secret = "s3cr3t-value";
    for bad in [
        format!("{secret}\r\nX-Injected: 1"),
        format!("{secret}\nX"),
        format!("{secret}\r"),
        format!("{secret}\0"),
    ] {
        let client = client(&server);
        let mut req = client.request(Method::GET, 0usize);
        req.header("X-Token", &bad);
        let message = invalid_request(req.send().await);
        assert!(!message.contains(secret), "{message}");
        assert_eq!(
            message,
            "invalid value for header `x-token`: it contains a character not allowed in a header \
             (such as CR or LF); the value is not shown"
        );

        // The same through a client default header.
        let client = client.with_header("X-Default", bad.as_str());
        let message = invalid_request(client.request(Method::GET, 0usize).send().await);
        assert!(!message.contains(secret), "{message}");
        assert!(message.starts_with("invalid value for header `x-default`"));
    }
    assert_eq!(server.connections(), 0);
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn invalid_header_name_fails() {
    let server = TestServer::start(|_| Reply::status(200));
    let client = client(&server);
    let mut req = client.request(Method::GET, 0usize);
    req.header("Bad Name\r\n", "v");
    let message = invalid_request(req.send().await);
    assert_eq!(message, "invalid header name \"Bad Name\\r\\n\"");
    assert_eq!(server.connections(), 0);
}

#[tokio::test]
async fn cr_lf_in_credentials_fails_without_showing_them() {
    let server = TestServer::start(|_| Reply::status(200));
    let client = client(&server)
        .with_bearer_token("tok\r\nX-Evil: 1")
        .with_api_key("key\nx");
    let mut req = client.request(Method::GET, 0usize);
    req.auth(Auth::Bearer);
    let message = invalid_request(req.send().await);
    assert_eq!(
        message,
        "the bearer token contains a character not allowed in a header (such as CR or LF)"
    );
    let mut req = client.request(Method::GET, 0usize);
    req.auth(Auth::ApiKey {
        name: "X-Api-Key",
        location: postgen_runtime::ApiKeyLocation::Header,
    });
    let message = invalid_request(req.send().await);
    assert_eq!(
        message,
        "the API key contains a character not allowed in a header (such as CR or LF)"
    );
    assert_eq!(server.connections(), 0);
}

#[tokio::test]
async fn content_type_header_sets_the_body_type_once() {
    let server = TestServer::start(|_| Reply::status(200));
    let client = client(&server).with_header("Content-Type", "application/default");
    // header() wins over the body's own type, whatever the order.
    let mut req = client.request(Method::POST, 0usize);
    req.body(Some("text/plain"), b"<x/>".to_vec());
    req.header("content-type", "application/xml");
    req.send().await.unwrap();
    let mut req = client.request(Method::POST, 0usize);
    req.header("Content-Type", "application/xml");
    req.json(None, &1);
    req.send().await.unwrap();
    // The client default only fills in for a body without a type.
    let mut req = client.request(Method::POST, 0usize);
    req.body(None, b"raw".to_vec());
    req.send().await.unwrap();
    // No body: the request's own Content-Type is sent as given (as Postman sends the
    // collection's header); the client default is not.
    let mut req = client.request(Method::GET, 0usize);
    req.header("Content-Type", "application/json");
    req.send().await.unwrap();
    client.request(Method::GET, 0usize).send().await.unwrap();

    let reqs = server.requests();
    let types: Vec<Vec<&str>> = reqs.iter().map(|r| r.header_all("content-type")).collect();
    assert_eq!(
        types,
        vec![
            vec!["application/xml"],
            vec!["application/xml"],
            vec!["application/default"],
            vec!["application/json"],
            vec![],
        ]
    );
}

#[tokio::test]
async fn framing_headers_from_the_collection_are_ignored() {
    let server = TestServer::start(|_| Reply::status(200));
    let client = client(&server);
    let mut req = client.request(Method::POST, 0usize);
    req.header("Content-Length", "999");
    req.header("Transfer-Encoding", "chunked");
    req.body(None, b"12345".to_vec());
    req.send().await.unwrap();
    let r = &server.requests()[0];
    assert_eq!(r.header_all("content-length"), vec!["5"]);
    assert_eq!(r.header("transfer-encoding"), None);
    assert_eq!(r.body, b"12345");
}

#[tokio::test]
async fn user_agent_defaults_to_the_spec_and_can_be_overridden() {
    let server = TestServer::start(|_| Reply::status(200));
    let client = client(&server);
    client.request(Method::GET, 0usize).send().await.unwrap();
    let mut req = client.request(Method::GET, 0usize);
    req.header("User-Agent", "mine/1");
    req.send().await.unwrap();
    client
        .clone()
        .with_header("user-agent", "default/2")
        .request(Method::GET, 0usize)
        .send()
        .await
        .unwrap();
    let reqs = server.requests();
    assert_eq!(
        reqs[0].header_all("user-agent"),
        vec!["test-api/0.1.0 (postgen)"]
    );
    assert_eq!(reqs[1].header_all("user-agent"), vec!["mine/1"]);
    assert_eq!(reqs[2].header_all("user-agent"), vec!["default/2"]);
}

#[tokio::test]
async fn client_default_headers_then_request_headers() {
    let server = TestServer::start(|_| Reply::status(200));
    let client = Client::from_spec(&SPEC)
        .with_base_url(server.url())
        .with_retry(RetryPolicy::none())
        .with_header("X-Default", "d1")
        .with_header("X-Default", "d2")
        .with_header("X-Replaced", "old");
    let mut req = client.request(Method::GET, 0usize);
    req.header("X-Replaced", "new1");
    req.header("X-Replaced", "new2");
    req.send().await.unwrap();
    let r = &server.requests()[0];
    assert_eq!(r.header_all("x-default"), vec!["d1", "d2"]);
    assert_eq!(r.header_all("x-replaced"), vec!["new1", "new2"]);
}
