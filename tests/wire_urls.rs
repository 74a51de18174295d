//! `collections/wire-urls`: path variables, query parameters, headers, hosts and variables, as
//! the server receives them.

mod support;

use support::{ok_server, only_request};
use wire_urls::headers::{SendHeadersForm, SendHeadersParams};
use wire_urls::query::SearchParams;
use wire_urls::{Client, Host};

fn client(server: &postgen_testserver::TestServer) -> Client {
    Client::new().with_base_url(format!("{}/v1", server.url()))
}

#[tokio::test]
async fn path_variables_are_arguments_and_never_change_the_path() {
    let server = ok_server();
    let c = client(&server);
    c.paths().get_file_by_name("report").await.unwrap();
    assert_eq!(only_request(&server).target, "/v1/files/report.json");

    c.paths().get_file_by_name("a/../b?x#y").await.unwrap();
    assert_eq!(
        only_request(&server).target,
        "/v1/files/a%2F..%2Fb%3Fx%23y.json"
    );

    // `{{tenant}}` as a whole segment is an argument too.
    c.paths().get_item_in_tenant("t 1", "é").await.unwrap();
    assert_eq!(
        only_request(&server).target,
        "/v1/tenants/t%201/items/%C3%A9"
    );
}

#[tokio::test]
async fn a_segment_built_from_variables_uses_the_client_setting() {
    let server = ok_server();
    client(&server).paths().versioned_status().await.unwrap();
    assert_eq!(only_request(&server).target, "/v1/v2024-01/status");
    client(&server)
        .with_variable("apiVersion", "2025-02")
        .paths()
        .versioned_status()
        .await
        .unwrap();
    assert_eq!(only_request(&server).target, "/v1/v2025-02/status");
}

#[tokio::test]
async fn every_host_can_be_pointed_elsewhere() {
    let api = ok_server();
    let uploads = ok_server();
    let c = client(&api).with_host(Host::UploadUrl, uploads.url());
    c.paths().put_blob("b-1").await.unwrap();
    let r = only_request(&uploads);
    assert_eq!(
        (r.method.as_str(), r.target.as_str()),
        ("PUT", "/blobs/b-1")
    );
    assert!(api.requests().is_empty());
}

#[tokio::test]
async fn query_parameters_required_optional_disabled_flags_lists_and_variables() {
    let server = ok_server();
    let c = client(&server);
    let params = SearchParams {
        limit: Some(20),
        verbose: true,
        tag: vec!["a".to_owned(), "b&c".to_owned()],
        ..SearchParams::new("rust lang")
    };
    c.query().search(&params).await.unwrap();
    // `cursor` (disabled) and `session` (a variable nothing defines) are not sent unless set;
    // `region` falls back to the collection's value.
    assert_eq!(
        only_request(&server).target,
        "/v1/search?q=rust%20lang&limit=20&verbose&tag=a&tag=b%26c&region=eu"
    );

    let params = SearchParams {
        cursor: Some("next page".to_owned()),
        region: Some("ap".to_owned()),
        session: Some("s1".to_owned()),
        ..SearchParams::new("x")
    };
    c.with_variable("region", "never-used")
        .query()
        .search(&params)
        .await
        .unwrap();
    assert_eq!(
        only_request(&server).target,
        "/v1/search?q=x&cursor=next%20page&region=ap&session=s1"
    );

    client(&server)
        .with_variable("region", "us")
        .query()
        // A required parameter is sent as given, even empty.
        .search(&SearchParams::new(""))
        .await
        .unwrap();
    assert_eq!(only_request(&server).target, "/v1/search?q=&region=us");
}

#[tokio::test]
async fn headers_static_from_variables_arguments_and_one_content_type() {
    let server = ok_server();
    let c = client(&server);
    let form = SendHeadersForm {
        note: Some("hello".to_owned()),
    };
    c.headers()
        .send_headers(&SendHeadersParams::default(), &form)
        .await
        .unwrap();
    let r = only_request(&server);
    assert_eq!(r.header_all("accept"), ["application/json"]);
    assert_eq!(r.header_all("x-api-version"), ["2024-01"]);
    assert!(r.header("x-request-id").is_none(), "not sent unless given");
    assert!(
        r.header("x-debug").is_none(),
        "disabled: not sent unless given"
    );
    let ct = r.header_all("content-type");
    assert_eq!(ct.len(), 1, "{ct:?}");
    assert!(
        ct[0].starts_with("multipart/form-data; boundary="),
        "{ct:?}"
    );
    assert_eq!(r.multipart().unwrap()[0].body, b"hello");

    let params = SendHeadersParams {
        x_request_id: Some("req-7".to_owned()),
        x_debug: Some("1".to_owned()),
    };
    c.headers().send_headers(&params, &form).await.unwrap();
    let r = only_request(&server);
    assert_eq!(r.header_all("x-request-id"), ["req-7"]);
    assert_eq!(r.header_all("x-debug"), ["1"]);
}

/// Postman ignores variables set on folders and requests (newman resolves environment,
/// collection and global ones only; `tests/newman.rs` compares): the collection's values are sent.
#[tokio::test]
async fn folder_and_request_variables_are_ignored_as_postman_ignores_them() {
    let server = ok_server();
    client(&server)
        .scoped()
        .scoped_values(&Default::default())
        .await
        .unwrap();
    assert_eq!(
        only_request(&server).target,
        "/v1/scoped?region=eu&tenant=acme"
    );
}
