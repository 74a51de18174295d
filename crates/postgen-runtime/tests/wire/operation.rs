//! The shape of a generated operation (see the crate docs), end to end.

use postgen_runtime::{Auth, Client, Error, Method};
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

async fn get_user(client: &Client, id: &str) -> Result<User, Error<GetUserError>> {
    let mut req = client.request(Method::GET, 0);
    req.path("/users/");
    req.path_var(id);
    req.query("expand", "teams");
    req.auth(Auth::Bearer);
    let response = req.send().await?;
    match response.status() {
        200 => Ok(response.json()?),
        404 => Err(Error::Api(GetUserError::NotFound(response.json()?))),
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
