//! The client `build.rs` generates from the v3 collection directory `collections/v3-shop/`,
//! against a loopback server.

use postgen_example_build_script::shop::{Client, ListProductsParams};
use postgen_testserver::{Reply, TestServer};

#[tokio::test]
async fn the_client_from_a_v3_directory_sends_and_decodes() {
    let body =
        r#"{"products": [{"id": 1, "name": "Kettle", "price": 24.5, "tags": []}], "next": "c2"}"#;
    let server = TestServer::start(move |_| Reply::json(200, body));
    let page = Client::new()
        .with_base_url(server.url())
        .with_bearer_token("tok")
        .list_products(&ListProductsParams::default())
        .await
        .unwrap();
    let products = page.products.expect("products");
    assert_eq!(products[0].name.as_deref(), Some("Kettle"));
    let requests = server.requests();
    let r = &requests[0];
    assert_eq!(r.method, "GET");
    // `limit` is `{{pageSize}}`, the collection's variable (25); `sort` is an example value, sent
    // when given; the disabled `cursor` is not sent.
    assert_eq!(r.target, "/products?limit=25");
    assert_eq!(r.header_all("authorization"), ["Bearer tok"]);
}
