//! Property tests: any string survives as a path segment or query value.

use std::sync::OnceLock;

use postgen_runtime::{Client, Error, Failure, Method};
use postgen_testserver::{Reply, TestServer};
use proptest::prelude::*;

struct Fixture {
    runtime: tokio::runtime::Runtime,
    server: TestServer,
    client: Client,
}

/// One server, client and runtime for all cases (each case is one loopback request).
fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let server = TestServer::start(|_| Reply::status(204));
        let client = crate::client(&server);
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        Fixture {
            runtime,
            server,
            client,
        }
    })
}

/// Sends one request and returns what the server recorded for it.
fn send(
    build: impl FnOnce(&mut postgen_runtime::RequestBuilder<'_>),
) -> Result<postgen_testserver::Recorded, Failure> {
    let f = fixture();
    let mut req = f.client.request(Method::GET, 0usize);
    build(&mut req);
    // The server records a request before answering it.
    let marker = format!("{:x}", postgen_runtime::retry::random_u64());
    req.header("X-Case", &marker);
    f.runtime.block_on(req.send())?;
    let recorded = f
        .server
        .requests()
        .into_iter()
        .rev()
        .find(|r| r.header("x-case") == Some(marker.as_str()))
        .expect("request recorded");
    Ok(recorded)
}

fn strings() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        // Dense in URL-significant characters.
        proptest::string::string_regex(
            "[./?#%&=+ ~;:@!$'()*,\\[\\]{}<>\"`^|\\\\a-zA-Z0-9é\u{1}-\u{1f}]{0,12}"
        )
        .unwrap(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn any_string_round_trips_as_one_path_segment(value in strings()) {
        let result = send(|req| {
            req.path("/items/");
            req.path_var(&value);
            req.path("/end");
        });
        if value == "." || value == ".." {
            prop_assert!(matches!(result, Err(Failure(Error::InvalidRequest(_)))));
        } else {
            let recorded = result.unwrap();
            let segments = recorded.path_segments();
            prop_assert_eq!(segments.len(), 3, "target {}", recorded.target);
            prop_assert_eq!(&segments[0], "items");
            prop_assert_eq!(&segments[1], &value);
            prop_assert_eq!(&segments[2], "end");
        }
    }

    #[test]
    fn any_string_round_trips_as_a_query_value(value in strings(), other in strings()) {
        let recorded = send(|req| {
            req.query("v", &value);
            req.query("w", &other);
        })
        .unwrap();
        prop_assert_eq!(recorded.path.as_str(), "/");
        prop_assert_eq!(
            recorded.query_pairs(),
            vec![("v".to_string(), Some(value.clone())), ("w".to_string(), Some(other.clone()))]
        );
    }

    #[test]
    fn any_form_pairs_round_trip(name in strings(), value in strings()) {
        let recorded = send(|req| req.form(&[(&name, &value), ("k", "v")])).unwrap();
        prop_assert_eq!(
            recorded.form_pairs(),
            vec![(name.clone(), value.clone()), ("k".to_string(), "v".to_string())]
        );
    }
}
