//! Responses, decoding, and the error types.

use std::error::Error as _;

use postgen_runtime::{Body, Error, Failure, Method, Response, Undocumented};
use postgen_testserver::{Reply, TestServer};
use serde::Deserialize;

use crate::client;

#[derive(Debug, Deserialize, PartialEq)]
struct Item {
    id: u64,
    name: String,
}

#[derive(Debug, Deserialize, PartialEq)]
struct Page {
    data: Vec<Item>,
}

#[tokio::test]
async fn response_parts_and_json() {
    let server = TestServer::start(|_| {
        Reply::json(200, r#"{"data":[{"id":1,"name":"a"}]}"#).header("X-Rate", "5")
    });
    let response = client(&server)
        .request(Method::GET, 0usize)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.header("x-rate"), Some("5"));
    assert_eq!(response.headers()["content-type"], "application/json");
    assert_eq!(response.body(), br#"{"data":[{"id":1,"name":"a"}]}"#);
    assert_eq!(response.text(), r#"{"data":[{"id":1,"name":"a"}]}"#);
    assert_eq!(
        response.json::<Page>().unwrap(),
        Page {
            data: vec![Item {
                id: 1,
                name: "a".into()
            }]
        }
    );
    assert_eq!(
        response.into_body().as_bytes(),
        br#"{"data":[{"id":1,"name":"a"}]}"#
    );
}

#[tokio::test]
async fn head_and_empty_bodies() {
    let server = TestServer::start(|_| Reply::text(200, "ignored for HEAD"));
    let client = client(&server);
    let response = client.request(Method::HEAD, 0usize).send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.body(), b"");
    assert_eq!(server.requests()[0].method, "HEAD");
}

fn response(status: u16, body: &str) -> Response {
    Response::new(status, Default::default(), body.as_bytes().to_vec())
}

#[test]
fn decode_failure_names_the_field_path_and_keeps_the_body() {
    let body = r#"{"data":[{"id":1,"name":"a"},{"id":"x","name":"b"}]}"#;
    match response(200, body).json::<Page>() {
        Err(Error::Decode {
            status,
            path,
            message,
            body: kept,
            ..
        }) => {
            assert_eq!(status, 200);
            assert_eq!(path, "data[1].id");
            assert!(
                message.starts_with("invalid type: string \"x\", expected u64"),
                "{message}"
            );
            assert_eq!(kept.as_bytes(), body.as_bytes());
        }
        other => panic!("expected Decode, got {other:?}"),
    }
    match response(201, r#"{"data":[{"id":1}]}"#).json::<Page>() {
        Err(Error::Decode { path, message, .. }) => {
            assert_eq!(path, "data[0]");
            assert!(message.starts_with("missing field `name`"), "{message}");
        }
        other => panic!("expected Decode, got {other:?}"),
    }
    // Trailing garbage and non-JSON fail too.
    assert!(matches!(
        response(200, "[1] x").json::<Vec<u8>>(),
        Err(Error::Decode { .. })
    ));
    assert!(matches!(
        response(200, "<html>").json::<Vec<u8>>(),
        Err(Error::Decode { .. })
    ));
    assert_eq!(response(200, " [1]\n").json::<Vec<u8>>().unwrap(), vec![1]);
}

#[derive(Debug, PartialEq)]
enum OpError {
    NotFound(String),
}

#[test]
fn error_conversions_status_and_api() {
    let e: Error<OpError> = response(418, "teapot").unexpected();
    assert_eq!(e.status(), Some(418));
    assert!(e.api().is_none());
    assert_eq!(e.to_string(), "unexpected HTTP status 418: teapot");
    match &e {
        Error::UnexpectedStatus { body, .. } => assert_eq!(body.text(), "teapot"),
        other => panic!("{other:?}"),
    }

    let e: Error<OpError> = Error::Api(OpError::NotFound("x".into()));
    assert_eq!(e.api(), Some(&OpError::NotFound("x".into())));
    assert_eq!(e.status(), None);
    assert_eq!(e.to_string(), "API error: NotFound(\"x\")");

    let decode: Error<OpError> = Failure(response(200, "{").json::<Page>().unwrap_err()).into();
    assert_eq!(decode.status(), Some(200));
    assert!(
        decode
            .to_string()
            .starts_with("cannot decode response body (HTTP 200) at `?`: EOF while parsing"),
        "{decode}"
    );

    let timeout: Error<OpError> = Failure(Error::Timeout).into();
    assert_eq!(timeout.to_string(), "request timed out");
    assert!(timeout.source().is_none());
    let invalid: Error<Undocumented> = Failure::invalid("bad".into()).into();
    assert_eq!(invalid.to_string(), "invalid request: bad");
    assert_eq!(
        Failure::invalid("bad".into()).to_string(),
        "invalid request: bad"
    );
}

#[tokio::test]
async fn transport_error_has_a_source() {
    let server = TestServer::start(|_| Reply::drop_connection());
    let failure = client(&server)
        .request(Method::GET, 0usize)
        .send()
        .await
        .unwrap_err();
    let error: Error = failure.into();
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert!(
        error.to_string().starts_with("transport error: "),
        "{error}"
    );
    assert!(error.source().is_some());
    assert!(!format!("{error:?}").contains("127.0.0.1"), "{error:?}");
}

#[test]
fn body_display_is_lossy_and_truncated() {
    let short = Body::from(b"ok \xff".to_vec());
    assert_eq!(short.to_string(), "ok \u{FFFD}");
    assert_eq!(format!("{short:?}"), "\"ok \u{FFFD}\"");
    assert!(short.json::<u8>().is_err());
    assert_eq!(Body::from(b"7".to_vec()).json::<u8>().unwrap(), 7);

    let long = Body::from("é".repeat(2000).into_bytes()); // 4000 bytes
    let shown = long.to_string();
    assert_eq!(shown, format!("{}… (4000 bytes)", "é".repeat(512)));
    let debug = format!("{long:?}");
    assert!(debug.ends_with("\"… (4000 bytes)"), "{debug}");
    assert!(debug.len() < 1100);
    assert_eq!(long.text().len(), 4000);
    assert_eq!(long.clone().into_bytes().len(), 4000);
    // Cut inside a multi-byte character: backs off to the character boundary.
    let odd = Body::from(format!("a{}", "é".repeat(1000)).into_bytes());
    assert_eq!(
        odd.to_string(),
        format!("a{}… (2001 bytes)", "é".repeat(511))
    );
}

/// A response struct as generated for a saved example, its fields decoded leniently.
#[derive(Debug, Deserialize, PartialEq)]
struct Lenient {
    #[serde(default, deserialize_with = "postgen_runtime::lenient::int")]
    count: Option<i64>,
    #[serde(default, deserialize_with = "postgen_runtime::lenient::uint")]
    big: Option<u64>,
    #[serde(default, deserialize_with = "postgen_runtime::lenient::float")]
    ratio: Option<f64>,
    #[serde(default, deserialize_with = "postgen_runtime::lenient::boolean")]
    on: Option<bool>,
    #[serde(default, deserialize_with = "postgen_runtime::lenient::string")]
    id: Option<String>,
}

#[test]
fn response_fields_take_what_servers_send_for_their_type() {
    let decode = |body: &str| response(200, body).json::<Lenient>();
    let all = |count, big, ratio, on, id: Option<&str>| Lenient {
        count,
        big,
        ratio,
        on,
        id: id.map(str::to_owned),
    };
    assert_eq!(decode("{}").unwrap(), all(None, None, None, None, None));
    assert_eq!(
        decode(r#"{"count":null,"big":null,"ratio":null,"on":null,"id":null}"#).unwrap(),
        all(None, None, None, None, None)
    );
    assert_eq!(
        decode(r#"{"count":"42","big":"18446744073709551615","ratio":"0.5","on":"true","id":7}"#)
            .unwrap(),
        all(Some(42), Some(u64::MAX), Some(0.5), Some(true), Some("7"))
    );
    assert_eq!(
        decode(r#"{"count":42.0,"big":3.0,"ratio":2,"on":false,"id":true}"#).unwrap(),
        all(Some(42), Some(3), Some(2.0), Some(false), Some("true"))
    );
    // What is not a value of the type still fails, naming the field.
    for (body, path) in [
        (r#"{"count":4.5}"#, "count"),
        (r#"{"count":"x"}"#, "count"),
        (r#"{"big":-1}"#, "big"),
        (r#"{"on":1}"#, "on"),
        (r#"{"id":[1]}"#, "id"),
        (r#"{"ratio":"NaN"}"#, "ratio"),
    ] {
        match decode(body) {
            Err(Error::Decode { path: p, .. }) => assert_eq!(p, path, "{body}"),
            other => panic!("{body}: {other:?}"),
        }
    }
}
