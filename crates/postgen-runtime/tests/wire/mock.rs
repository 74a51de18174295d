//! The replay mock (cargo feature `mock`): which saved example answers a request, as Postman's
//! mock server would pick it, through real HTTP on loopback.

use postgen_runtime::mock::{Example, Mock, Segment};
use postgen_runtime::{ApiSpec, HostSpec};

static SPEC: ApiSpec = ApiSpec {
    name: "Mock API",
    user_agent: "mock-api/0.1.0 (postgen)",
    hosts: &[
        HostSpec {
            name: "api",
            default_url: Some("https://api.example.test/v2/"),
        },
        HostSpec {
            name: "other",
            default_url: None,
        },
    ],
    variables: &[],
};

const fn example(
    operation: &'static str,
    method: &'static str,
    path: &'static [Segment],
    name: &'static str,
    status: u16,
    body: &'static str,
) -> Example {
    Example {
        operation,
        method,
        host: 0,
        path,
        template: "/…",
        query: &[],
        name,
        id: None,
        status,
        content_type: Some("application/json"),
        body,
    }
}

const USER: &[Segment] = &[Segment::Lit("/users/"), Segment::Var];
const ME: &[Segment] = &[Segment::Lit("/users/me")];

static EXAMPLES: &[Example] = &[
    example(
        "users().get_user()",
        "GET",
        USER,
        "Not found",
        404,
        r#"{"nf":1}"#,
    ),
    example(
        "users().get_user()",
        "GET",
        USER,
        "A user",
        200,
        r#"{"id":1}"#,
    ),
    Example {
        id: Some("gone-1"),
        ..example(
            "users().get_user()",
            "GET",
            USER,
            "Gone\nfor good",
            404,
            r#"{"gone":1}"#,
        )
    },
    example("users().me()", "GET", ME, "Me", 200, r#"{"me":1}"#),
    example(
        "users().posts()",
        "GET",
        &[
            Segment::Lit("/users/"),
            Segment::Var,
            Segment::Lit("/posts"),
        ],
        "Posts",
        200,
        r#"{"posts":1}"#,
    ),
    example("users().delete_user()", "DELETE", USER, "Deleted", 204, ""),
    Example {
        query: &[("type", Some("a"))],
        ..example(
            "things_a()",
            "GET",
            &[Segment::Lit("/things")],
            "A",
            200,
            "a",
        )
    },
    Example {
        query: &[("type", Some("b"))],
        ..example(
            "things_b()",
            "GET",
            &[Segment::Lit("/things")],
            "B",
            200,
            "b",
        )
    },
    Example {
        host: 1,
        ..example(
            "ping()",
            "GET",
            &[Segment::Lit("/ping")],
            "Pong",
            200,
            "pong",
        )
    },
];

/// Sends `method path` with `headers` to the mock: the status and the body.
async fn send(mock: &Mock, method: &str, path: &str, headers: &[(&str, &str)]) -> (u16, String) {
    let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
    let mut request = reqwest::Client::new().request(method, format!("{}{path}", mock.uri()));
    for (k, v) in headers {
        request = request.header(*k, *v);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.text().await.unwrap())
}

#[tokio::test]
async fn the_closest_example_answers() {
    let mock = Mock::replay(&SPEC, EXAMPLES).await;
    // The host's path comes first; a 2xx example is preferred over the others of the path.
    assert_eq!(
        send(&mock, "GET", "/v2/users/7", &[]).await,
        (200, r#"{"id":1}"#.into())
    );
    // A literal segment beats a variable one.
    assert_eq!(
        send(&mock, "GET", "/v2/users/me", &[]).await,
        (200, r#"{"me":1}"#.into())
    );
    // Case and a trailing slash are forgiven.
    assert_eq!(send(&mock, "GET", "/V2/Users/Me/", &[]).await.0, 200);
    // An empty segment is the empty value of a path variable, or does not count.
    assert_eq!(
        send(&mock, "GET", "/v2/users//posts", &[]).await.1,
        r#"{"posts":1}"#
    );
    assert_eq!(
        send(&mock, "GET", "/v2//users/7", &[]).await.1,
        r#"{"id":1}"#
    );
    assert_eq!(
        send(&mock, "GET", "/v2/users//", &[]).await.1,
        r#"{"id":1}"#
    );
    // The method comes first.
    assert_eq!(
        send(&mock, "DELETE", "/v2/users/me", &[]).await,
        (204, String::new())
    );
    // The query breaks a tie.
    assert_eq!(send(&mock, "GET", "/v2/things?type=b", &[]).await.1, "b");
    assert_eq!(send(&mock, "GET", "/v2/things?type=a", &[]).await.1, "a");
    // A host without a default URL has no path of its own.
    assert_eq!(send(&mock, "GET", "/ping", &[]).await.1, "pong");
}

#[tokio::test]
async fn headers_pick_an_example() {
    let mock = Mock::replay(&SPEC, EXAMPLES).await;
    let code = [("x-mock-response-code", "404")];
    assert_eq!(
        send(&mock, "GET", "/v2/users/7", &code).await.1,
        r#"{"nf":1}"#
    );
    // A name saved over two lines, sent on one.
    let name = [("x-mock-response-name", "Gone for good")];
    assert_eq!(
        send(&mock, "GET", "/v2/users/7", &name).await.1,
        r#"{"gone":1}"#
    );
}

#[tokio::test]
async fn an_unmatched_request_names_the_closest_operations() {
    let mock = Mock::replay(&SPEC, EXAMPLES).await;
    let (status, body) = send(&mock, "GET", "/v2/user/7", &[]).await;
    assert_eq!(status, 501);
    let message = serde_json::from_str::<serde_json::Value>(&body).unwrap()["error"]["message"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        message.starts_with("no saved example matches `GET /v2/user/7`; the closest operations: `users().get_user()` (`GET /v2/…`)"),
        "{message}"
    );
    // An operation's path, but no example of it passes the headers: its examples are named.
    let code = [("x-mock-response-code", "418")];
    let (status, body) = send(&mock, "GET", "/v2/users/7", &code).await;
    assert_eq!(status, 501);
    assert!(
        body.contains(
            "is `users().get_user()` (`GET /v2/…`), but it has no saved example with status 418; \
             its saved examples: 404 \\\"Not found\\\", 200 \\\"A user\\\", 404 \\\"Gone\\\\nfor good\\\""
        ),
        "{body}"
    );
    // An id picks the example the collection saved with it, and only that one.
    let by_id = [("x-mock-response-id", "gone-1")];
    let (status, body) = send(&mock, "GET", "/v2/users/7", &by_id).await;
    assert_eq!((status, body.as_str()), (404, r#"{"gone":1}"#));
    let (status, body) = send(
        &mock,
        "GET",
        "/v2/users/7",
        &[("x-mock-response-id", "1-2")],
    )
    .await;
    assert_eq!(status, 501);
    assert!(
        body.contains("but it has no saved example with id \\\"1-2\\\";"),
        "{body}"
    );
}

#[tokio::test]
async fn the_client_points_at_the_server_and_requests_are_recorded() {
    let mock = Mock::replay(&SPEC, EXAMPLES).await;
    let client = mock.client();
    assert_eq!(
        client.host_url(0),
        Some(format!("{}/v2", mock.uri()).as_str())
    );
    assert_eq!(client.host_url(1), Some(mock.uri().as_str()));
    send(&mock, "GET", "/ping", &[]).await;
    let received = mock.received_requests().await;
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].url.path(), "/ping");
}

#[tokio::test]
async fn stubs_come_before_the_examples_and_the_narrower_first() {
    use postgen_runtime::mock::Reply;
    let mock = Mock::replay(&SPEC, EXAMPLES).await;
    let any = mock
        .stub_of("GET", 0, USER)
        .reply(Reply::json(200, &serde_json::json!({"id": "any"})));
    // Mounted later, but narrower: it comes first for user 42.
    let only_42 = mock
        .stub_of("GET", 0, USER)
        .path_var(1, "42")
        .expect(1)
        .reply(Reply::text(200, "42".to_owned()));
    let with_query = mock
        .stub_of("GET", 0, USER)
        .query("expand", "teams")
        .reply(Reply::bytes(418, b"teapot".to_vec()));
    assert_eq!(
        send(&mock, "GET", "/v2/users/42", &[]).await,
        (200, "42".into())
    );
    assert_eq!(
        send(&mock, "GET", "/v2/users/7", &[]).await,
        (200, r#"{"id":"any"}"#.into())
    );
    assert_eq!(
        send(&mock, "GET", "/v2/users/7?expand=teams", &[]).await.0,
        418
    );
    // Another method is not the stub's: the examples answer.
    assert_eq!(send(&mock, "DELETE", "/v2/users/7", &[]).await.0, 204);
    assert_eq!(any.calls().len(), 1);
    let calls = only_42.calls();
    assert_eq!(calls.len(), 1);
    assert_eq!(calls[0].url.path(), "/v2/users/42");
    assert_eq!(with_query.calls().len(), 1);
    // Dropped, a stub no longer answers.
    drop(any);
    assert_eq!(
        send(&mock, "GET", "/v2/users/7", &[]).await.1,
        r#"{"id":1}"#
    );
    // A later stub overrides an earlier one as narrow.
    let _override = mock
        .stub_of("GET", 0, USER)
        .path_var(1, "42")
        .reply(Reply::text(200, "42 again".to_owned()));
    assert_eq!(send(&mock, "GET", "/v2/users/42", &[]).await.1, "42 again");
    drop(only_42);
}

#[tokio::test]
#[should_panic(
    expected = "the stub of `GET /v2/users/{…}` was expected to be called 2 times, and was called 1 times"
)]
async fn a_stub_called_other_than_expected_panics_when_dropped() {
    use postgen_runtime::mock::Reply;
    let mock = Mock::replay(&SPEC, EXAMPLES).await;
    let stub = mock
        .stub_of("GET", 0, USER)
        .expect(2)
        .reply(Reply::text(200, "x".to_owned()));
    send(&mock, "GET", "/v2/users/1", &[]).await;
    drop(stub);
}
