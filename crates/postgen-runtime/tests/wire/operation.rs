//! The shape of a generated operation (see the crate docs), end to end: it builds its request
//! and returns a `Call`, which sends and decodes it when awaited, or gives more on request.

use std::time::Duration;

use postgen_runtime::{Auth, Call, Client, Error, Method, Response};
use postgen_testserver::{Reply, TestServer};
use serde::Deserialize;

use crate::client;

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
