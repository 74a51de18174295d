//! Runtime tests against the loopback test server: the raw requests are asserted byte for byte.
//! One test binary (modules below) keeps link time down.

mod auth;
mod capture;
mod client;
mod encoding;
mod headers;
#[cfg(feature = "mock")]
mod mock;
mod multipart;
mod newman_encoding;
mod operation;
mod response;
mod retry;
mod roundtrip;
mod timeout;
mod upload;
mod vars;

use std::time::Duration;

use postgen_runtime::{ApiSpec, Client, Error, Failure, HostSpec, RetryPolicy, VarSpec};
use postgen_testserver::TestServer;

pub static SPEC: ApiSpec = ApiSpec {
    name: "Test API",
    user_agent: "test-api/0.1.0 (postgen)",
    hosts: &[
        HostSpec {
            name: "base",
            default_url: None,
        },
        HostSpec {
            name: "uploads",
            default_url: Some("http://uploads.invalid/v1/"),
        },
    ],
    variables: &[
        VarSpec {
            name: "region",
            default: Some("eu-spec"),
            secret: false,
        },
        VarSpec {
            name: "apiSecret",
            default: None,
            secret: true,
        },
        VarSpec {
            name: "token",
            default: None,
            secret: true,
        },
    ],
};

/// A client for `server`, without retries.
pub fn client(server: &TestServer) -> Client {
    Client::from_spec(&SPEC)
        .with_base_url(server.url())
        .with_retry(RetryPolicy::none())
}

/// A retry policy with short waits.
pub fn fast_retry(max_retries: u32) -> RetryPolicy {
    RetryPolicy {
        max_retries,
        initial_backoff: Duration::from_millis(5),
        max_backoff: Duration::from_millis(20),
        max_retry_after: Duration::from_secs(5),
        server_errors: false,
    }
}

/// The message of an `InvalidRequest`, or a panic naming what came instead.
pub fn invalid_request<T: std::fmt::Debug>(result: Result<T, Failure>) -> String {
    match result {
        Err(Failure(Error::InvalidRequest(message))) => message,
        other => panic!("expected InvalidRequest, got {other:?}"),
    }
}
