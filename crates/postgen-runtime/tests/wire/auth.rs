//! Every auth kind on the wire; unset credentials; signers.

use std::sync::{Arc, Mutex};

use postgen_runtime::{ApiKeyLocation, Auth, Method};
use postgen_testserver::{Recorded, Reply, TestServer};

use crate::{client, invalid_request};

/// What to assert about the recorded request.
type Check = Box<dyn Fn(&Recorded)>;

fn server() -> TestServer {
    TestServer::start(|_| Reply::status(200))
}

fn authorization(r: &Recorded) -> Vec<&str> {
    r.header_all("authorization")
}

#[tokio::test]
async fn bearer_oauth2_basic_and_api_key_on_the_wire() {
    let server = server();
    let client = client(&server)
        .with_bearer_token("tok-123")
        .with_basic_auth("user", "pa:ss é")
        .with_api_key("k y/+");
    let cases: Vec<(Auth, Check)> = vec![
        (
            Auth::Bearer,
            Box::new(|r| assert_eq!(authorization(r), vec!["Bearer tok-123"])),
        ),
        (
            Auth::OAuth2 { prefix: "Token" },
            Box::new(|r| assert_eq!(authorization(r), vec!["Token tok-123"])),
        ),
        (
            Auth::OAuth2 { prefix: "" },
            Box::new(|r| assert_eq!(authorization(r), vec!["Bearer tok-123"])),
        ),
        (
            // base64("user:pa:ss é")
            Auth::Basic,
            Box::new(|r| assert_eq!(authorization(r), vec!["Basic dXNlcjpwYTpzcyDDqQ=="])),
        ),
        (
            Auth::ApiKey {
                name: "X-Api-Key",
                location: ApiKeyLocation::Header,
            },
            Box::new(|r| {
                assert_eq!(r.header_all("x-api-key"), vec!["k y/+"]);
                assert_eq!(r.target, "/r?a=1");
                assert!(authorization(r).is_empty());
            }),
        ),
        (
            Auth::ApiKey {
                name: "api key",
                location: ApiKeyLocation::Query,
            },
            Box::new(|r| {
                assert_eq!(r.target, "/r?a=1&api%20key=k%20y/%2B");
                assert_eq!(r.header("x-api-key"), None);
                assert!(authorization(r).is_empty());
            }),
        ),
        (
            Auth::None,
            Box::new(|r| {
                assert!(authorization(r).is_empty());
                assert_eq!(r.target, "/r?a=1");
            }),
        ),
    ];
    for (auth, check) in &cases {
        let mut req = client.request(Method::GET, 0usize);
        req.path("/r");
        req.query("a", "1");
        req.auth(*auth);
        req.send().await.unwrap();
        let reqs = server.take_requests();
        assert_eq!(reqs.len(), 1, "{auth:?}");
        check(&reqs[0]);
    }
}

#[tokio::test]
async fn unset_credentials_send_nothing() {
    let server = server();
    let client = client(&server);
    for auth in [
        Auth::Bearer,
        Auth::OAuth2 { prefix: "Bearer" },
        Auth::Basic,
        Auth::ApiKey {
            name: "X-Api-Key",
            location: ApiKeyLocation::Header,
        },
        Auth::ApiKey {
            name: "key",
            location: ApiKeyLocation::Query,
        },
    ] {
        let mut req = client.request(Method::GET, 0usize);
        req.path("/r");
        req.auth(auth);
        req.send().await.unwrap();
        let r = server.take_requests().remove(0);
        assert_eq!(r.target, "/r", "{auth:?}");
        assert!(authorization(&r).is_empty(), "{auth:?}");
        assert_eq!(r.header("x-api-key"), None, "{auth:?}");
    }
}

#[tokio::test]
async fn auth_header_replaces_a_collection_authorization_header() {
    let server = server();
    let client = client(&server).with_bearer_token("new");
    let mut req = client.request(Method::GET, 0usize);
    req.header("Authorization", "Bearer old");
    req.auth(Auth::Bearer);
    req.send().await.unwrap();
    // Without the credential, the collection's header stays.
    let client = crate::client(&server);
    let mut req = client.request(Method::GET, 0usize);
    req.header("Authorization", "Bearer old");
    req.auth(Auth::Bearer);
    req.send().await.unwrap();
    let reqs = server.requests();
    assert_eq!(authorization(&reqs[0]), vec!["Bearer new"]);
    assert_eq!(authorization(&reqs[1]), vec!["Bearer old"]);
}

#[tokio::test]
async fn signed_without_signer_is_an_invalid_request() {
    let server = server();
    let client = client(&server).with_bearer_token("t");
    let mut req = client.request(Method::GET, 0usize);
    req.auth(Auth::Signed { scheme: "awsv4" });
    let message = invalid_request(req.send().await);
    assert_eq!(
        message,
        "auth scheme `awsv4` needs a request signer; set one with Client::with_signer"
    );
    assert_eq!(server.connections(), 0);
}

#[derive(Debug, Default, Clone, PartialEq)]
struct Seen {
    method: String,
    url: String,
    authorization: Option<String>,
    content_type: Option<String>,
    user_agent: Option<String>,
    body: Option<Vec<u8>>,
}

fn recording_signer(
    seen: Arc<Mutex<Vec<Seen>>>,
) -> impl Fn(&mut reqwest::Request) -> Result<(), Box<dyn std::error::Error + Send + Sync>>
       + Send
       + Sync
       + 'static {
    move |req: &mut reqwest::Request| {
        let header = |name: &str| {
            req.headers()
                .get(name)
                .map(|v| v.to_str().unwrap().to_string())
        };
        seen.lock().unwrap().push(Seen {
            method: req.method().to_string(),
            url: req.url().to_string(),
            authorization: header("authorization"),
            content_type: header("content-type"),
            user_agent: header("user-agent"),
            body: req.body().and_then(|b| b.as_bytes()).map(<[u8]>::to_vec),
        });
        req.headers_mut()
            .insert("x-signature", "sig-1".parse().unwrap());
        Ok(())
    }
}

#[tokio::test]
async fn signer_sees_the_final_request_after_auth() {
    let server = server();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let client = client(&server)
        .with_api_key("KEY")
        .with_bearer_token("tok")
        .with_signer(recording_signer(seen.clone()));

    // Signed: the signer runs and its header arrives.
    let mut req = client.request(Method::POST, 0usize);
    req.path("/s");
    req.json(None, &serde_json::json!({"a": 1}));
    req.auth(Auth::Signed { scheme: "awsv4" });
    req.send().await.unwrap();

    // Other kinds: the signer runs last, after auth was applied.
    let mut req = client.request(Method::GET, 0usize);
    req.path("/b");
    req.auth(Auth::Bearer);
    req.send().await.unwrap();
    let mut req = client.request(Method::GET, 0usize);
    req.path("/k");
    req.auth(Auth::ApiKey {
        name: "key",
        location: ApiKeyLocation::Query,
    });
    req.send().await.unwrap();

    let seen = seen.lock().unwrap().clone();
    let base = server.url();
    assert_eq!(
        seen,
        vec![
            Seen {
                method: "POST".into(),
                url: format!("{base}/s"),
                authorization: None,
                content_type: Some("application/json".into()),
                user_agent: Some("test-api/0.1.0 (postgen)".into()),
                body: Some(br#"{"a":1}"#.to_vec()),
            },
            Seen {
                method: "GET".into(),
                url: format!("{base}/b"),
                authorization: Some("Bearer tok".into()),
                content_type: None,
                user_agent: Some("test-api/0.1.0 (postgen)".into()),
                body: None,
            },
            Seen {
                method: "GET".into(),
                url: format!("{base}/k?key=KEY"),
                authorization: None,
                content_type: None,
                user_agent: Some("test-api/0.1.0 (postgen)".into()),
                body: None,
            },
        ]
    );
    let reqs = server.requests();
    assert_eq!(reqs.len(), 3);
    for r in &reqs {
        assert_eq!(r.header_all("x-signature"), vec!["sig-1"]);
    }
}

#[tokio::test]
async fn signer_error_is_an_invalid_request_and_nothing_is_sent() {
    let server = server();
    let client = client(&server).with_signer(|_| Err("clock skew".into()));
    let mut req = client.request(Method::GET, 0usize);
    req.auth(Auth::Signed { scheme: "hawk" });
    let message = invalid_request(req.send().await);
    assert_eq!(message, "the request signer failed: clock skew");
    assert_eq!(server.connections(), 0);
}

#[cfg(feature = "aws-sigv4")]
#[tokio::test]
async fn aws_sigv4_signs_with_awss_own_crate() {
    use postgen_runtime::aws::AwsCredentials;
    let server = TestServer::start(|_| Reply::status(200));
    let credentials = AwsCredentials {
        access_key_id: "AKIDEXAMPLE".to_string(),
        secret_access_key: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY".to_string(),
        session_token: Some("tok".to_string()),
    };
    assert!(!format!("{credentials:?}").contains("wJalr"));
    let client = client(&server).with_aws_sigv4(credentials, "eu-west-1", "execute-api");
    let mut req = client.request(Method::POST, 0usize);
    req.path("/items");
    req.auth(Auth::Signed { scheme: "awsv4" });
    req.body(Some("application/json"), b"{}".to_vec());
    req.send().await.unwrap();
    let r = &server.requests()[0];
    let auth = r.header("authorization").unwrap();
    assert!(
        auth.starts_with("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/"),
        "{auth}"
    );
    assert!(
        auth.contains("/eu-west-1/execute-api/aws4_request"),
        "{auth}"
    );
    assert!(
        auth.contains("SignedHeaders=") && auth.contains("host"),
        "{auth}"
    );
    assert!(auth.contains("Signature="), "{auth}");
    assert_eq!(r.header("x-amz-security-token"), Some("tok"));
    let date = r.header("x-amz-date").unwrap();
    assert_eq!(date.len(), 16, "{date}");
}

/// Signatures at a fixed time are reproducible (what the newman harness compares), and the body
/// hash is signed as `X-Amz-Content-Sha256` for S3 and for any request with a body, as Postman
/// signs it.
#[cfg(feature = "aws-sigv4")]
#[tokio::test]
async fn aws_sigv4_at_a_fixed_time_and_the_content_hash() {
    use postgen_runtime::aws::AwsCredentials;
    use std::time::{Duration, UNIX_EPOCH};
    let server = TestServer::start(|_| Reply::status(200));
    let credentials = AwsCredentials {
        access_key_id: "AKIDEXAMPLE".to_string(),
        secret_access_key: "secret".to_string(),
        session_token: None,
    };
    let at = UNIX_EPOCH + Duration::from_secs(1_704_164_645);
    for (service, method, body) in [
        ("execute-api", Method::GET, None),
        ("execute-api", Method::POST, Some(&b"{}"[..])),
        ("s3", Method::GET, None),
        ("s3", Method::GET, None),
    ] {
        let client =
            client(&server).with_aws_sigv4_at(credentials.clone(), "eu-west-1", service, at);
        let mut req = client.request(method, 0usize);
        req.path("/a b/items");
        req.auth(Auth::Signed { scheme: "awsv4" });
        if let Some(body) = body {
            req.body(Some("application/json"), body.to_vec());
        }
        req.send().await.unwrap();
    }
    let r = server.requests();
    let hash = |i: usize| r[i].header("x-amz-content-sha256");
    assert_eq!(hash(0), None);
    assert_eq!(
        hash(1),
        Some("44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a")
    );
    assert_eq!(
        hash(2),
        Some("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    );
    assert_eq!(r[0].header("x-amz-date"), Some("20240102T030405Z"));
    let auth = |i: usize| r[i].header("authorization").unwrap();
    assert!(
        auth(2).contains("SignedHeaders=host;x-amz-content-sha256;x-amz-date"),
        "{}",
        auth(2)
    );
    assert_eq!(
        auth(2),
        auth(3),
        "the same request at the same time signs the same"
    );
}
