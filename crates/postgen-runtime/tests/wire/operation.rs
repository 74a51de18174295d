//! The shape of a generated operation (see the crate docs), end to end: it builds its request
//! and returns a `Call`, which sends and decodes it when awaited, or gives more on request.

use std::time::Duration;

use postgen_runtime::{Auth, Call, Client, Error, Method, Response, RetryPolicy};
use postgen_testserver::{Reply, TestServer};
use serde::Deserialize;

use crate::{client, fast_retry};

#[derive(Debug, Deserialize, PartialEq)]
struct User {
    id: String,
    teams: Vec<String>,
}

#[derive(Debug, Deserialize, PartialEq)]
struct NotFound {
    message: String,
}

#[derive(Debug, PartialEq)]
enum GetUserError {
    NotFound(NotFound),
}

fn get_user<'c>(client: &'c Client, id: &str) -> Call<'c, User, GetUserError> {
    let mut req = client.request(Method::GET, 0usize);
    req.path("/users/");
    req.path_var(id);
    req.query("expand", "teams");
    req.auth(Auth::Bearer);
    Call::new(req, decode_get_user)
}

fn decode_get_user(response: Response) -> Result<User, Error<GetUserError>> {
    match response.status() {
        200 => Ok(response.decode_json()?),
        404 => Err(Error::Api(GetUserError::NotFound(response.decode_json()?))),
        _ => Err(response.unexpected()),
    }
}

#[tokio::test]
async fn documented_success_error_and_unexpected_statuses() {
    let server = TestServer::start(|r| match r.path.as_str() {
        "/users/u%201" => Reply::json(200, r#"{"id":"u 1","teams":["a"]}"#),
        "/users/gone" => Reply::json(404, r#"{"message":"no such user"}"#),
        "/users/bad" => Reply::json(200, r#"{"id":7,"teams":[]}"#),
        _ => Reply::text(500, "boom"),
    });
    let client = client(&server).with_bearer_token("tok");

    assert_eq!(
        get_user(&client, "u 1").await.unwrap(),
        User {
            id: "u 1".into(),
            teams: vec!["a".into()]
        }
    );
    let r = &server.requests()[0];
    assert_eq!(r.target, "/users/u%201?expand=teams");
    assert_eq!(r.header("authorization"), Some("Bearer tok"));

    match get_user(&client, "gone").await {
        Err(Error::Api(GetUserError::NotFound(body))) => assert_eq!(body.message, "no such user"),
        other => panic!("{other:?}"),
    }
    match get_user(&client, "bad").await {
        Err(Error::Decode { status, path, .. }) => {
            assert_eq!(status, 200);
            assert_eq!(path, "id");
        }
        other => panic!("{other:?}"),
    }
    match get_user(&client, "other").await {
        Err(e @ Error::UnexpectedStatus { .. }) => {
            assert_eq!(e.status(), Some(500));
            assert_eq!(e.to_string(), "unexpected HTTP status 500: boom");
        }
        other => panic!("{other:?}"),
    }
    match get_user(&client, "..").await {
        Err(Error::InvalidRequest(m)) => assert!(m.contains("`..`"), "{m}"),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn a_call_gives_status_and_headers_with_the_value_and_with_a_documented_error() {
    let server = TestServer::start(|r| match r.path.as_str() {
        "/users/a" => Reply::json(200, r#"{"id":"a","teams":[]}"#).header("X-Request-Id", "r1"),
        "/users/gone" => Reply::json(404, r#"{"message":"no"}"#).header("X-Rate-Left", "9"),
        _ => Reply::text(500, "boom").header("X-Request-Id", "r3"),
    });
    let client = client(&server).with_bearer_token("tok");

    let ok = get_user(&client, "a").with_response().await.unwrap();
    assert_eq!((ok.status(), ok.header("x-request-id")), (200, Some("r1")));
    assert_eq!(ok.id, "a", "derefs to the value");
    assert_eq!(ok.into_inner().teams, Vec::<String>::new());

    match get_user(&client, "gone").with_response().await {
        Err(Error::Api(e)) => {
            assert_eq!((e.status(), e.header("x-rate-left")), (404, Some("9")));
            assert_eq!(
                *e,
                GetUserError::NotFound(NotFound {
                    message: "no".into()
                })
            );
        }
        other => panic!("{other:?}"),
    }
    let e = get_user(&client, "x").await.unwrap_err();
    assert_eq!(
        e.headers().and_then(|h| h.get("x-request-id")).unwrap(),
        "r3"
    );
    // Debug shows header names, never their values.
    let shown = format!("{e:?}");
    assert!(
        shown.contains("x-request-id") && !shown.contains("r3"),
        "{shown}"
    );
}

#[tokio::test]
async fn raw_gives_the_response_undecoded_whatever_its_status() {
    let server = TestServer::start(|_| Reply::text(404, "not json"));
    let client = client(&server).with_bearer_token("tok");
    let call = get_user(&client, "a");
    let raw = call.raw().await.unwrap();
    assert_eq!((raw.status(), raw.text()), (404, "not json".to_owned()));
    // The same response through the operation's decoder.
    assert!(matches!(
        get_user(&client, "a").decode(raw),
        Err(Error::Decode { status: 404, .. })
    ));
}

#[tokio::test]
async fn per_call_headers_and_timeout_leave_the_client_alone() {
    let server = TestServer::start(|r| match r.path.as_str() {
        "/users/slow" => Reply::json(200, "{}").delay(Duration::from_millis(500)),
        _ => Reply::json(200, r#"{"id":"a","teams":[]}"#),
    });
    let client = client(&server).with_header("X-Trace", "client");
    get_user(&client, "a")
        .header("Idempotency-Key", "k1")
        .header("X-Trace", "call")
        .await
        .unwrap();
    get_user(&client, "a").await.unwrap();
    let sent = server.take_requests();
    assert_eq!(sent[0].header("idempotency-key"), Some("k1"));
    assert_eq!(sent[0].header_all("x-trace"), ["call"]);
    assert_eq!(
        (sent[1].header("idempotency-key"), sent[1].header("x-trace")),
        (None, Some("client"))
    );
    let started = std::time::Instant::now();
    let e = get_user(&client, "slow")
        .timeout(Duration::from_millis(100))
        .await
        .unwrap_err();
    assert!(matches!(e, Error::Timeout), "{e:?}");
    assert!(started.elapsed() < Duration::from_millis(450));
}

/// A `POST` that creates something, as a generated operation builds it.
fn create_user<'c>(client: &'c Client) -> Call<'c, User, GetUserError> {
    let mut req = client.request(Method::POST, 0usize);
    req.path("/users");
    req.json(None, &serde_json::json!({"id": "a"}));
    Call::new(req, decode_get_user)
}

#[tokio::test]
async fn per_call_retry_policy_and_server_errors() {
    let replies = || {
        vec![
            Reply::status(503),
            Reply::status(502),
            Reply::status(500),
            Reply::json(200, r#"{"id":"a","teams":[]}"#),
        ]
    };
    // The client does not retry; this call does, 500/502/504 included.
    let server = TestServer::sequence(replies());
    let client = client(&server).with_retry(RetryPolicy::none());
    let policy = RetryPolicy {
        server_errors: true,
        ..fast_retry(3)
    };
    let user = get_user(&client, "a").retry(policy).await.unwrap();
    assert_eq!(user.id, "a");
    assert_eq!(server.take_requests().len(), 4);
    // Without `server_errors`, a 502 ends the retries and is the call's answer.
    let server = TestServer::sequence(replies());
    let client = client.with_base_url(server.url());
    let e = get_user(&client, "a")
        .retry(fast_retry(3))
        .await
        .unwrap_err();
    assert!(
        matches!(&e, Error::UnexpectedStatus { status: 502, .. }),
        "{e:?}"
    );
    assert_eq!(server.take_requests().len(), 2);
    // The client's own policy is untouched: no retry.
    let server = TestServer::sequence(replies());
    let client = client.with_base_url(server.url());
    get_user(&client, "a").await.unwrap_err();
    assert_eq!(server.take_requests().len(), 1);
}

#[tokio::test]
async fn idempotency_keys_let_a_post_be_retried_with_the_same_key() {
    let replies = || {
        vec![
            Reply::status(503),
            Reply::json(200, r#"{"id":"a","teams":[]}"#),
        ]
    };
    let server = TestServer::sequence(replies());
    let client = client(&server).with_retry(fast_retry(2));
    // A POST is not retried on its own.
    create_user(&client).await.unwrap_err();
    assert_eq!(server.take_requests().len(), 1);

    let server = TestServer::sequence(replies());
    let client = client.with_base_url(server.url());
    create_user(&client)
        .idempotency_key("order-7")
        .await
        .unwrap();
    let sent = server.take_requests();
    assert_eq!(sent.len(), 2);
    for r in &sent {
        assert_eq!(r.header("idempotency-key"), Some("order-7"));
    }

    let server = TestServer::sequence(replies());
    let client = client.with_base_url(server.url());
    create_user(&client).random_idempotency_key().await.unwrap();
    let sent = server.take_requests();
    assert_eq!(sent.len(), 2);
    let key = sent[0].header("idempotency-key").unwrap().to_owned();
    // A version 4 UUID, the same on the retry.
    assert_eq!(key.len(), 36);
    assert_eq!(&key[14..15], "4");
    assert_eq!(sent[1].header("idempotency-key"), Some(key.as_str()));
    // A new call, a new key.
    let server = TestServer::sequence(replies());
    let client = client.with_base_url(server.url());
    create_user(&client).random_idempotency_key().await.unwrap();
    assert_ne!(
        server.take_requests()[0].header("idempotency-key"),
        Some(key.as_str())
    );

    // `retry_non_idempotent` alone: retried, no key sent.
    let server = TestServer::sequence(replies());
    let client = client.with_base_url(server.url());
    create_user(&client).retry_non_idempotent().await.unwrap();
    let sent = server.take_requests();
    assert_eq!(sent.len(), 2);
    assert_eq!(sent[1].header("idempotency-key"), None);
}

#[tokio::test]
async fn a_stream_reads_a_slow_download_past_the_timeout_and_decodes_errors() {
    // 64 KiB in 8 pieces, 100 ms apart: 800 ms in all, beyond the 300 ms timeout, which covers
    // getting the head; each piece comes well within it.
    let body: Vec<u8> = (0..65_536u32).map(|i| (i % 251) as u8).collect();
    let expected = body.clone();
    let server = TestServer::start(move |r| match r.path.as_str() {
        "/users/missing" => Reply::json(404, r#"{"message":"no such user"}"#),
        "/users/stalls" => Reply::bytes(200, vec![1; 1024]).trickle(2, Duration::from_millis(600)),
        _ => Reply::bytes(200, body.clone()).trickle(8, Duration::from_millis(100)),
    });
    let client = client(&server).with_timeout(Duration::from_millis(300));
    let started = std::time::Instant::now();
    let mut stream = get_user(&client, "a").stream().await.unwrap();
    assert_eq!(stream.status(), 200);
    let mut got = Vec::new();
    let mut chunks = 0;
    while let Some(chunk) = stream.chunk().await.unwrap() {
        got.extend_from_slice(&chunk);
        chunks += 1;
    }
    assert_eq!(got, expected);
    assert!(chunks >= 2, "{chunks}");
    assert!(
        started.elapsed() >= Duration::from_millis(700),
        "{:?}",
        started.elapsed()
    );
    // Read whole, the same download is cut off by the timeout.
    let e = get_user(&client, "a").raw().await.unwrap_err();
    assert!(matches!(e, Error::Timeout), "{e:?}");
    // A documented error status is decoded as `.await` decodes it.
    match get_user(&client, "missing").stream().await {
        Err(Error::Api(GetUserError::NotFound(body))) => assert_eq!(body.message, "no such user"),
        other => panic!("{:?}", other.map(|s| s.status())),
    }
    // No bytes for longer than the idle timeout: a timeout, not a hang.
    let mut stream = get_user(&client, "stalls").stream().await.unwrap();
    let mut result = Ok(Some(Vec::new()));
    while let Ok(Some(_)) = result {
        result = stream.chunk().await;
    }
    assert!(matches!(result, Err(Error::Timeout)), "{result:?}");
}

/// A generated operation with a JSON body (as typed from the collection's example).
fn create_tweet<'c>(client: &'c Client, text: &str) -> Call<'c, Response, GetUserError> {
    #[derive(serde::Serialize)]
    struct Body<'a> {
        text: &'a str,
    }
    let mut req = client.request(Method::POST, 0usize);
    req.path("/tweets");
    req.json(None, &Body { text });
    Call::new(req, Ok)
}

/// One with a form, urlencoded or multipart (`fields` empty: every field left unset).
fn update<'c>(
    client: &'c Client,
    fields: &[(&str, &str)],
    multipart: bool,
) -> Call<'c, Response, GetUserError> {
    let mut req = client.request(Method::POST, 0usize);
    req.path("/update");
    if multipart {
        let mut form = postgen_runtime::Multipart::new();
        for (k, v) in fields {
            form.text(k, v);
        }
        req.multipart(form);
    } else {
        let mut form = postgen_runtime::UrlEncoded::new();
        for (k, v) in fields {
            form.pair(k, v);
        }
        req.urlencoded(form);
    }
    Call::new(req, Ok)
}

#[tokio::test]
async fn fields_the_collection_does_not_show_are_added_per_call() {
    let server = TestServer::start(|_| Reply::text(200, ""));
    let client = client(&server);

    create_tweet(&client, "hi")
        .json_field("reply", serde_json::json!({"in_reply_to_tweet_id": "1"}))
        .json_field("text", "replaced")
        .await
        .unwrap();
    let body: serde_json::Value =
        serde_json::from_str(&server.take_requests()[0].body_text()).unwrap();
    assert_eq!(
        body,
        serde_json::json!({"text": "replaced", "reply": {"in_reply_to_tweet_id": "1"}})
    );

    update(&client, &[("a", "1")], false)
        .form_field("extra[x]", "b&c")
        .await
        .unwrap();
    update(&client, &[], false)
        .form_field("only", "1")
        .await
        .unwrap();
    update(&client, &[("a", "1")], true)
        .form_field("more", "2")
        .await
        .unwrap();
    let got = server.take_requests();
    assert_eq!(got[0].body_text(), "a=1&extra%5Bx%5D=b%26c");
    assert_eq!(got[1].body_text(), "only=1");
    assert_eq!(
        got[1].header_all("content-type"),
        ["application/x-www-form-urlencoded"]
    );
    let parts = got[2].multipart().unwrap();
    let names: Vec<&str> = parts.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["a", "more"]);

    // A field of a kind the body does not have fails the call unsent.
    let err = create_tweet(&client, "hi")
        .form_field("a", "1")
        .await
        .unwrap_err();
    assert!(err.to_string().contains("no form body"), "{err}");
    let err = update(&client, &[], false)
        .json_field("a", 1)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("no JSON object body"), "{err}");
    assert!(server.requests().is_empty());
}
