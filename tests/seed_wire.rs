//! The seed, end to end: the checked-in SDK generated from `collections/zoom-live-stream…`
//! against a loopback server. What the server receives must be exactly what the collection
//! describes, and every documented outcome must come back as its own type.

use postgen_testserver::{Reply, TestServer};
use zoom_live_stream::webinars::livestream::{UpdateLiveStreamError, UpdateLiveStreamForm};
use zoom_live_stream::{Client, Error};

const PAGE_URL: &str =
    "https://DsatKDjYpUqlTsrYPId.erhgr+Y.EcGVcL.ZNCdMfVaBFX-R2,Gp+aCOrFBUM2EA32zz.YmFQt60";

fn form() -> UpdateLiveStreamForm {
    UpdateLiveStreamForm {
        stream_url: "sunt nisi velit est".to_owned(),
        stream_key: "in officia nisi".to_owned(),
        page_url: PAGE_URL.to_owned(),
    }
}

fn client(server: &TestServer) -> Client {
    Client::new()
        .with_base_url(format!("{}/v2", server.url()))
        .with_bearer_token("tok-123")
}

#[tokio::test]
async fn sends_the_request_the_collection_describes() {
    let server = TestServer::start(|_| Reply::status(204));
    let result = client(&server)
        .webinars()
        .livestream()
        .update_live_stream(68423085, &form())
        .await;
    assert!(result.is_ok(), "204 is success: {result:?}");

    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    let r = &requests[0];
    assert_eq!(r.method, "PATCH");
    assert_eq!(r.target, "/v2/webinars/68423085/livestream");
    assert_eq!(r.header_all("authorization"), ["Bearer tok-123"]);
    let content_type = r.header_all("content-type");
    assert_eq!(content_type.len(), 1, "one Content-Type: {content_type:?}");
    assert!(
        content_type[0].starts_with("multipart/form-data; boundary="),
        "{content_type:?}"
    );

    let parts = r.multipart().expect("a multipart body");
    let fields: Vec<(&str, String)> = parts
        .iter()
        .map(|p| (p.name.as_str(), String::from_utf8(p.body.clone()).unwrap()))
        .collect();
    // Each field carries exactly the value passed (the seed's sample code sent `stream_key` as
    // the concatenation of two values, and `page_url` of three).
    assert_eq!(
        fields,
        [
            ("stream_url", "sunt nisi velit est".to_owned()),
            ("stream_key", "in officia nisi".to_owned()),
            ("page_url", PAGE_URL.to_owned()),
        ]
    );
    assert!(
        parts
            .iter()
            .all(|p| p.file_name.is_none() && p.content_type.is_none())
    );
}

#[tokio::test]
async fn a_documented_400_is_its_own_variant_with_the_body() {
    let body = r#"{"code":3001,"message":"Webinar does not exist: 68423085."}"#;
    let server = TestServer::start(move |_| Reply::json(400, body));
    let err = client(&server)
        .webinars()
        .livestream()
        .update_live_stream(68423085, &form())
        .await
        .unwrap_err();
    match err {
        Error::Api(UpdateLiveStreamError::BadRequest(b)) => assert_eq!(b.text(), body),
        other => panic!("expected the BadRequest variant, got {other:?}"),
    }
}

#[tokio::test]
async fn an_undocumented_status_is_unexpected_with_status_and_body() {
    let server = TestServer::start(|_| Reply::text(500, "boom"));
    let err = client(&server)
        .webinars()
        .livestream()
        .update_live_stream(68423085, &form())
        .await
        .unwrap_err();
    match err {
        Error::UnexpectedStatus { status, body, .. } => {
            assert_eq!(status, 500);
            assert_eq!(body.text(), "boom");
        }
        other => panic!("expected UnexpectedStatus, got {other:?}"),
    }
}

#[tokio::test]
async fn without_a_token_no_authorization_is_sent() {
    let server = TestServer::start(|_| Reply::status(204));
    Client::new()
        .with_base_url(format!("{}/v2", server.url()))
        .webinars()
        .livestream()
        .update_live_stream(1, &form())
        .await
        .unwrap();
    assert_eq!(server.requests()[0].header("authorization"), None);
}
