//! Written into the corpus workspace by `tests/corpus.rs` as the test of its `real-world` member,
//! which depends on the crates generated from the Zoom and Twitter collections: answers a real
//! server gives, that their saved examples do not show, decode (issue 13).

use postgen_testserver::{Reply, TestServer};

/// Zoom's `get_user` has one saved example, with 31 fields; a user may have far fewer.
#[tokio::test]
async fn a_zoom_user_without_optional_fields_decodes() {
    let server = TestServer::start(|_| {
        Reply::json(
            200,
            r#"{"id": "z8", "email": "jill@example.com", "type": "1", "pmi": 1234567890.0}"#,
        )
    });
    let client = zoom_api_v2::Client::new()
        .with_base_url(server.url())
        .with_bearer_token("t");
    let user = client
        .users()
        .user_id()
        .get_user("me", &Default::default())
        .await
        .unwrap();
    assert_eq!(user.id.as_deref(), Some("z8"));
    assert_eq!(user.custom_attributes, None);
    // A number the example wrote as a number, sent as a string; an integer sent as a float.
    assert_eq!(user.type_, Some(1));
    assert_eq!(user.pmi, Some(1_234_567_890));
}

/// Twitter's `recent_search` examples all hold tweets; a search with no match holds none.
#[tokio::test]
async fn an_empty_twitter_search_decodes() {
    let server = TestServer::start(|_| Reply::json(200, r#"{"meta":{"result_count":0}}"#));
    let client = twitter_api_v2::Client::new()
        .with_base_url(server.url())
        .with_bearer_token("t");
    let found = client
        .search_tweets()
        .recent_search(&Default::default())
        .with_response()
        .await
        .unwrap();
    assert_eq!(found.status(), 200);
    let meta = found.meta.as_ref().unwrap();
    assert_eq!((meta.result_count, meta.newest_id.as_deref()), (Some(0), None));
    assert!(found.data.is_none());
}
