//! `collections/wire-auth`: auth at collection, folder and request level, inherited and
//! overridden, as the server receives it. Credentials come from the caller, never the collection.

mod support;

use support::{ok_server, only_request};
use wire_auth::{Client, KeyInQueryParams};

fn client(server: &postgen_testserver::TestServer) -> Client {
    Client::new()
        .with_base_url(server.url())
        .with_bearer_token("bear")
        .with_basic_auth("ann", "pw")
        .with_api_key("k-1")
}

#[tokio::test]
async fn each_scheme_and_inheritance_on_the_wire() {
    let server = ok_server();
    let c = client(&server);
    c.inherited_bearer().await.unwrap();
    assert_eq!(
        only_request(&server).header_all("authorization"),
        ["Bearer bear"]
    );

    c.basic_folder().inherited_basic().await.unwrap();
    // base64("ann:pw")
    assert_eq!(
        only_request(&server).header_all("authorization"),
        ["Basic YW5uOnB3"]
    );

    c.basic_folder().no_auth_here().await.unwrap();
    assert_eq!(only_request(&server).header("authorization"), None);

    c.key_in_header().await.unwrap();
    let r = only_request(&server);
    assert_eq!(r.header_all("x-api-key"), ["k-1"]);
    assert_eq!(r.header("authorization"), None);

    c.key_in_query(&KeyInQueryParams { x: Some(1) })
        .await
        .unwrap();
    assert_eq!(only_request(&server).target, "/keyed-query?x=1&api_key=k-1");

    c.oauth2_token().await.unwrap();
    assert_eq!(
        only_request(&server).header_all("authorization"),
        ["Token bear"]
    );

    // A literal `Authorization: Bearer {{access_token}}` header is bearer auth.
    c.bearer_as_header().await.unwrap();
    assert_eq!(
        only_request(&server).header_all("authorization"),
        ["Bearer bear"]
    );
}

#[tokio::test]
async fn the_collection_token_is_never_compiled_in() {
    let server = ok_server();
    Client::new()
        .with_base_url(server.url())
        .inherited_bearer()
        .await
        .unwrap();
    assert_eq!(only_request(&server).header("authorization"), None);
    let lib = include_str!("../generated/wire-auth/src/lib.rs");
    assert!(
        !lib.contains("compiled-in-never"),
        "the collection's token value leaked into code"
    );
}

#[tokio::test]
async fn signed_schemes_need_a_signer_which_sees_the_finished_request() {
    let server = ok_server();
    let err = client(&server).signed_with_aws().await.unwrap_err();
    assert!(err.to_string().contains("awsv4"), "{err}");
    assert!(server.requests().is_empty());

    let c = client(&server).with_signer(|req| {
        let line = format!("{} {}", req.method(), req.url().path());
        req.headers_mut().insert("x-signature", line.parse()?);
        Ok(())
    });
    c.signed_with_aws().await.unwrap();
    assert_eq!(
        only_request(&server).header_all("x-signature"),
        ["GET /signed"]
    );
}

#[tokio::test]
async fn awsv4_requests_sign_with_the_aws_sigv4_feature() {
    let server = ok_server();
    let credentials = wire_auth::runtime::aws::AwsCredentials {
        access_key_id: "AKIDEXAMPLE".to_owned(),
        secret_access_key: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY".to_owned(),
        session_token: None,
    };
    client(&server)
        .with_aws_sigv4(credentials, "eu-west-1", "s3")
        .signed_with_aws()
        .await
        .unwrap();
    let r = only_request(&server);
    let auth = r.header("authorization").unwrap();
    assert!(
        auth.starts_with("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/"),
        "{auth}"
    );
    assert!(auth.contains("/eu-west-1/s3/aws4_request"), "{auth}");
    assert!(r.header("x-amz-date").is_some());
}
