//! `collections/wire-oauth1`: OAuth 1.0a signed by the runtime (cargo feature `oauth1`), checked
//! against the specification's own example (OAuth Core 1.0a, appendix A.5: the same request,
//! key and secrets give `tR3+Ty81lMeYAr/Fid0kMTYa/WM=`). The local server is the client's HTTP
//! proxy, so that the request is signed for `http://photos.example.net` and still stays on
//! loopback. `tests/newman.rs` compares every other request of the collection with newman's.

mod support;

use support::{ok_server, only_request};
use wire_oauth1::runtime::oauth1::OAuth1Credentials;
use wire_oauth1::{Client, PhotosSpecificationsExampleParams};

fn credentials() -> OAuth1Credentials {
    OAuth1Credentials {
        consumer_key: "dpf43f3p2l4k3l03".into(),
        consumer_secret: "kd94hf93k423kf44".into(),
        token: "nnch734d00sl2jdk".into(),
        token_secret: "pfkkdhi9sl3r4s00".into(),
        ..OAuth1Credentials::default()
    }
}

#[tokio::test]
async fn the_specifications_example_signs_as_specified() {
    let server = ok_server();
    let proxy = reqwest::Proxy::http(server.url()).unwrap();
    let http = reqwest::Client::builder().proxy(proxy).build().unwrap();
    let client = Client::with_http_client(http)
        .with_base_url("http://photos.example.net")
        .with_oauth1_at(credentials(), 1_191_242_096, "kllo9940pd9333jh");
    let params = PhotosSpecificationsExampleParams {
        file: Some("vacation.jpg".into()),
        size: Some("original".into()),
    };
    client.photos_specifications_example(&params).await.unwrap();
    let r = only_request(&server);
    assert_eq!(
        r.target,
        "http://photos.example.net/photos?file=vacation.jpg&size=original"
    );
    assert_eq!(
        r.header("authorization"),
        Some(
            "OAuth realm=\"Photos\",oauth_consumer_key=\"dpf43f3p2l4k3l03\",\
             oauth_token=\"nnch734d00sl2jdk\",oauth_signature_method=\"HMAC-SHA1\",\
             oauth_timestamp=\"1191242096\",oauth_nonce=\"kllo9940pd9333jh\",\
             oauth_version=\"1.0\",oauth_signature=\"tR3%2BTy81lMeYAr%2FFid0kMTYa%2FWM%3D\""
        )
    );
}

/// Without credentials an `oauth1` request is not sent: it says how to sign it.
#[tokio::test]
async fn without_credentials_the_request_says_how_to_sign_it() {
    let server = ok_server();
    let client = Client::new().with_base_url(server.url());
    let err = client.rsa_sha1().await.unwrap_err();
    assert!(err.to_string().contains("Client::with_oauth1"), "{err}");
    assert_eq!(server.connections(), 0);
}

/// A fresh nonce and timestamp per request, and never the same nonce twice.
#[tokio::test]
async fn nonces_and_timestamps_are_fresh() {
    let server = ok_server();
    let client = Client::new()
        .with_base_url(server.url())
        .with_oauth1(credentials());
    client.header_encoding_disabled().await.unwrap();
    client.header_encoding_disabled().await.unwrap();
    let nonces: Vec<String> = server
        .take_requests()
        .iter()
        .map(|r| {
            let auth = r.header("authorization").unwrap();
            assert!(auth.starts_with("OAuth realm=\"My Realm\","), "{auth}");
            let nonce = auth.split("oauth_nonce=\"").nth(1).unwrap();
            nonce.split('"').next().unwrap().to_owned()
        })
        .collect();
    assert_eq!(nonces.len(), 2);
    assert_ne!(nonces[0], nonces[1]);
    assert!(nonces.iter().all(|n| n.len() == 11), "{nonces:?}");
}
