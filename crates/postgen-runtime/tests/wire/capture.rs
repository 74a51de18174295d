//! Captures: what a response stores in the client's variables, read by the runtime alone.

use postgen_runtime::capture::after_response;
use postgen_runtime::{Capture, Check, Credential, Method, Response, Source, Step};
use postgen_testserver::{Reply, TestServer};
use reqwest::header::HeaderMap;

use crate::client;

fn response(status: u16, body: &str) -> Response {
    let mut headers = HeaderMap::new();
    headers.insert("etag", "\"e-1\"".parse().unwrap());
    Response::new(status, headers, body.as_bytes().to_vec())
}

const FIND: &[Capture] = &[Capture {
    name: "admin_id",
    value: Source::Json(&[
        Step::Key("users"),
        Step::Find {
            key: &[Step::Key("role")],
            equals: &Source::Literal("admin"),
        },
        Step::Key("id"),
    ]),
    statuses: &[],
    checks: &[],
    credential: None,
}];

#[test]
fn a_search_takes_the_last_match_and_numbers_are_json_text() {
    let server = TestServer::start(|_| Reply::status(200));
    let c = client(&server);
    let body = r#"{"users": [{"role": "admin", "id": 1}, {"role": "x", "id": 2}, {"role": "admin", "id": 3}]}"#;
    after_response(&c, FIND, &response(200, body));
    assert_eq!(c.variable("admin_id").as_deref(), Some("3"));
    // Not on a failure, without statuses of its own.
    c.set_variable("admin_id", "kept");
    after_response(&c, FIND, &response(404, body));
    assert_eq!(c.variable("admin_id").as_deref(), Some("kept"));
}

const GUARDED: &[Capture] = &[
    Capture {
        name: "etag",
        value: Source::Header("ETag"),
        statuses: &[200, 201],
        checks: &[
            Check::Contains {
                header: None,
                text: "ok",
                negated: false,
            },
            Check::Variable {
                name: "mode",
                equals: Some("on"),
                negated: false,
            },
        ],
        credential: None,
    },
    Capture {
        name: "auth",
        value: Source::Concat(&[Source::Literal("Bearer "), Source::Json(&[Step::Key("t")])]),
        statuses: &[],
        checks: &[Check::Present {
            path: &[Step::Key("t")],
            negated: false,
        }],
        credential: None,
    },
    Capture {
        name: "token",
        value: Source::Json(&[Step::Key("t")]),
        statuses: &[],
        checks: &[],
        credential: Some(Credential::BearerToken),
    },
    Capture {
        name: "gone",
        value: Source::Unset,
        statuses: &[],
        checks: &[],
        credential: None,
    },
];

#[tokio::test]
async fn checks_statuses_credentials_and_unset() {
    let server = TestServer::start(|_| Reply::status(200));
    let c = client(&server).with_variable("gone", "x");
    after_response(&c, GUARDED, &response(201, r#"{"ok": 1, "t": ""}"#));
    // `mode` is not "on"; `t` is empty (falsy); `gone` is removed.
    assert_eq!(c.variable("etag"), None);
    assert_eq!(c.variable("auth"), None);
    assert_eq!(c.variable("gone"), None);
    c.set_variable("mode", "on");
    after_response(&c, GUARDED, &response(201, r#"{"ok": 1, "t": "tok"}"#));
    assert_eq!(c.variable("etag").as_deref(), Some("\"e-1\""));
    assert_eq!(c.variable("auth").as_deref(), Some("Bearer tok"));
    // The captured token is the bearer token of the next request.
    let mut req = c.request(Method::GET, 0usize);
    req.auth(postgen_runtime::Auth::Bearer);
    req.send().await.unwrap();
    let r = server.take_requests().remove(0);
    assert_eq!(r.header("authorization"), Some("Bearer tok"));
    // Turned off, nothing is stored.
    let off = c.clone().with_captures(false);
    after_response(&off, GUARDED, &response(201, r#"{"ok": 1, "t": "new"}"#));
    assert_eq!(c.variable("token").as_deref(), Some("tok"));
}
