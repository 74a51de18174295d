//! Shared by the workspace-level wire tests.

use postgen_testserver::{Reply, TestServer};

/// A loopback server that answers every request with `200 {}`.
pub fn ok_server() -> TestServer {
    TestServer::start(|_| Reply::json(200, "{}"))
}

/// The only request `server` received.
pub fn only_request(server: &TestServer) -> postgen_testserver::Recorded {
    let mut all = server.take_requests();
    assert_eq!(all.len(), 1, "expected exactly one request: {all:#?}");
    all.remove(0)
}
