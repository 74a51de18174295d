//! `collections/wire-captures`: what the collection's scripts store from responses flows into
//! the requests after them, on one client and its clones; what the script reader refuses is
//! reported, not guessed. Each recognised form of the collection has a step here.

mod support;

use postgen_testserver::{Recorded, Reply, TestServer};
use support::repo;
use wire_captures::{Client, orders, session};

/// Answers like the API the collection describes.
fn api() -> TestServer {
    TestServer::start(|r: &Recorded| match (r.method.as_str(), r.path.as_str()) {
        ("POST", "/login") => Reply::json(200, r#"{"token": "tok-1", "expires_in": 3600}"#),
        ("POST", "/admin/login") => Reply::json(200, r#"{"token": "adm-1"}"#),
        ("POST", "/orders") => Reply::json(
            201,
            r#"{"order": {"id": "ord/7"}, "order-meta": {"version": 3}}"#,
        ),
        ("GET", "/orders/ord%2F7") => {
            Reply::json(200, r#"{"id": "ord/7", "items": []}"#).header("ETag", "\"e-1\"")
        }
        ("GET", "/orders/ord%2F7/items") => Reply::json(
            200,
            r#"{"items": [{"sku": "A-1"}, {"sku": "B-2"}], "next_cursor": "c-2"}"#,
        ),
        ("GET", "/items/A-1") => Reply::json(200, r#"{"sku": "A-1", "next_cursor": "c-2"}"#),
        ("GET", "/items") => Reply::json(200, r#"{"items": [], "total": 3}"#),
        _ => Reply::json(200, r#"{"ok": true}"#),
    })
}

fn client(server: &TestServer) -> Client {
    Client::new().with_base_url(server.url())
}

fn login_body() -> session::LogInBody {
    session::LogInBody {
        user: "ann".into(),
        password: "pw".into(),
    }
}

/// The workflow in collection order: each request sends what the scripts before it stored.
#[tokio::test]
async fn captured_values_flow_into_the_next_requests() {
    let server = api();
    let c = client(&server);

    // `pm.test` callback, local `data`, `pm.environment.set`: the login token becomes the bearer
    // token of every request whose auth reads `{{access_token}}`.
    c.session().log_in(&login_body()).await.unwrap();
    assert_eq!(c.variable("access_token").as_deref(), Some("tok-1"));
    let login = server.take_requests().remove(0);
    assert_eq!(login.header("authorization"), None, "login has no auth");
    c.session().who_am_i().await.unwrap();
    let me = server.take_requests().remove(0);
    assert_eq!(me.header("authorization"), Some("Bearer tok-1"));

    // Status guard `pm.response.code === 201`, `JSON.parse(responseBody)`, member and
    // `["order-meta"]` access, `pm.collectionVariables.set` and `postman.setEnvironmentVariable`.
    let body = orders::CreateOrderBody {
        sku: "A-1".into(),
        quantity: 2,
    };
    c.orders().create_order(&body).await.unwrap();
    assert_eq!(c.variable("order_id").as_deref(), Some("ord/7"));
    // A number is stored as its JSON text, as Postman stores it.
    assert_eq!(c.variable("order_version").as_deref(), Some("3"));

    // `{{order_id}}` in the path (one segment, encoded) and `{{order_version}}` in a header;
    // the response header `ETag` is stored with `pm.globals.set`.
    c.orders().get_order().await.unwrap();
    server.take_requests();
    let mut seen = Vec::new();
    c.orders().list_items().await.unwrap();
    seen.extend(server.take_requests());
    let items = &seen[0];
    assert_eq!(items.path, "/orders/ord%2F7/items");
    assert_eq!(items.header("x-order-etag"), Some("\"e-1\""));
    assert_eq!(items.header("authorization"), Some("Bearer tok-1"));

    // `try` guard, `pm.variables.set`, index access `items[0].sku`.
    assert_eq!(c.variable("first_sku").as_deref(), Some("A-1"));
    // `if (body.next_cursor)` guard.
    c.orders().get_item().await.unwrap();
    assert_eq!(server.take_requests()[0].path, "/items/A-1");
    assert_eq!(c.variable("cursor").as_deref(), Some("c-2"));

    // A query parameter left unset sends the captured `{{cursor}}`; `postman.setGlobalVariable`.
    c.orders()
        .next_page(&orders::NextPageParams { cursor: None })
        .await
        .unwrap();
    assert_eq!(server.take_requests()[0].target, "/items?cursor=c-2");
    assert_eq!(c.variable("page_total").as_deref(), Some("3"));

    // The pre-request script's `require("uuid").v4()` is set before the request is built.
    let stamped = orders::StampedBody { at: "now".into() };
    c.orders().stamped(&stamped).await.unwrap();
    let r = server.take_requests().remove(0);
    let id = r.header("x-request-id").expect("a request id");
    assert_eq!(id.len(), 36, "{id}");
    assert_eq!(c.variable("request_id").as_deref(), Some(id));
    assert_eq!(r.header("x-total"), Some("3"));
    let millis: u128 = c.variable("sent_at").unwrap().parse().unwrap();
    assert!(millis > 1_600_000_000_000);
}

/// Each variable is its own credential, as in Postman: the folder whose auth reads
/// `{{admin_token}}` sends the admin login's token, the others `{{access_token}}`'s, whichever
/// login came last.
#[tokio::test]
async fn each_token_variable_is_the_credential_of_the_requests_that_read_it() {
    let server = api();
    let c = client(&server);
    c.session().log_in(&login_body()).await.unwrap();
    c.admin().admin_log_in().await.unwrap();
    server.take_requests();
    c.admin().list_accounts().await.unwrap();
    c.session().who_am_i().await.unwrap();
    let sent = server.take_requests();
    assert_eq!(sent[0].header("authorization"), Some("Bearer adm-1"));
    assert_eq!(sent[1].header("authorization"), Some("Bearer tok-1"));
    // Before a variable has a value, the client's own token is sent; setting the variable
    // makes it that request's.
    let fresh = client(&server).with_bearer_token("mine");
    fresh.admin().list_accounts().await.unwrap();
    fresh.set_variable("admin_token", "adm-2");
    fresh.admin().list_accounts().await.unwrap();
    fresh.session().who_am_i().await.unwrap();
    let sent = server.take_requests();
    assert_eq!(sent[0].header("authorization"), Some("Bearer mine"));
    assert_eq!(sent[1].header("authorization"), Some("Bearer adm-2"));
    assert_eq!(sent[2].header("authorization"), Some("Bearer mine"));
}

#[tokio::test]
async fn the_order_path_variable_is_the_clients_not_an_argument() {
    let server = api();
    let c = client(&server);
    // Nothing captured yet: the request fails before anything is sent.
    let err = c.orders().get_order().await.unwrap_err();
    assert!(err.to_string().contains("order_id"), "{err}");
    assert!(server.take_requests().is_empty());
    // A value set by hand is used like a captured one.
    c.set_variable("order_id", "ord/7");
    c.set_variable("order_version", "9");
    c.orders().get_order().await.unwrap();
    let r = server.take_requests().remove(0);
    assert_eq!(r.path, "/orders/ord%2F7");
    assert_eq!(r.header("if-match"), Some("9"));
}

#[tokio::test]
async fn clones_share_what_is_captured_and_builders_make_their_own() {
    let server = api();
    let c = client(&server);
    let clone = c.clone();
    c.session().log_in(&login_body()).await.unwrap();
    assert_eq!(clone.variable("access_token").as_deref(), Some("tok-1"));
    // A `with_…` builder call makes a client of its own, which no longer shares them.
    let own = clone.clone().with_variable("order_id", "x");
    c.set_variable("order_id", "y");
    assert_eq!(own.variable("order_id").as_deref(), Some("x"));
    assert_eq!(clone.variable("order_id").as_deref(), Some("y"));

    // Concurrent requests on clones: each sees a whole value.
    let tasks: Vec<_> = (0..8)
        .map(|_| {
            let c = c.clone();
            tokio::spawn(async move { c.session().who_am_i().await.map(|_| ()) })
        })
        .collect();
    for t in tasks {
        t.await.unwrap().unwrap();
    }
    for r in server.take_requests() {
        if r.path == "/me" {
            assert_eq!(r.header("authorization"), Some("Bearer tok-1"));
        }
    }

    fn send_sync<T: Send + Sync + Clone>() {}
    send_sync::<Client>();
}

#[tokio::test]
async fn capturing_can_be_turned_off() {
    let server = api();
    let c = client(&server)
        .with_captures(false)
        .with_bearer_token("mine");
    assert!(!c.captures_enabled());
    c.session().log_in(&login_body()).await.unwrap();
    assert_eq!(c.variable("access_token"), None);
    c.session().who_am_i().await.unwrap();
    let me = server.take_requests().pop().unwrap();
    assert_eq!(me.header("authorization"), Some("Bearer mine"));
}

#[tokio::test]
async fn a_status_guard_and_a_presence_guard_hold_back_the_capture() {
    let server = TestServer::start(|r: &Recorded| match r.path.as_str() {
        // 200, not the 201 the script tests for.
        "/orders" => Reply::json(
            200,
            r#"{"order": {"id": "other"}, "order-meta": {"version": 1}}"#,
        ),
        // No `next_cursor`.
        _ => Reply::json(200, r#"{"sku": "A-1"}"#),
    });
    let c = client(&server);
    let body = orders::CreateOrderBody {
        sku: "A-1".into(),
        quantity: 2,
    };
    c.orders().create_order(&body).await.unwrap();
    assert_eq!(c.variable("order_id"), None);
    c.set_variable("first_sku", "A-1");
    c.orders().get_item().await.unwrap();
    assert_eq!(c.variable("cursor"), None);
}

#[tokio::test]
async fn refused_scripts_capture_nothing() {
    let server = TestServer::start(|r: &Recorded| match r.path.as_str() {
        "/refused/name" => Reply::json(200, r#"{"name": "n", "value": "v"}"#),
        "/refused/sum" => Reply::json(200, r#"{"a": 1, "b": 2}"#),
        _ => Reply::json(200, r#"{"items": [{"id": 1}, {"id": 2}], "ok": true}"#),
    });
    let c = client(&server);
    c.refused().computed_name().await.unwrap();
    c.refused().concatenation().await.unwrap();
    c.refused().loop_().await.unwrap();
    for name in ["n", "sum", "last_id"] {
        assert_eq!(c.variable(name), None, "{name}");
    }
}

/// Each refused script is reported once, with the line of what was not read and why; the
/// signing script with its place and the signer hook; the assert-only one is summarised.
#[test]
fn what_is_not_understood_is_reported_precisely() {
    let path = repo().join("collections/wire-captures.postman_collection.json");
    let generated = postgen::Builder::new()
        .collection(&path)
        .generate()
        .expect("generates");
    let messages: Vec<String> = generated
        .warnings
        .iter()
        .filter(|w| {
            matches!(
                w.kind,
                postgen::warnings::WarningKind::Script
                    | postgen::warnings::WarningKind::ScriptAssertions
            )
        })
        .map(|w| w.message.clone())
        .collect();
    let expected = [
        "line 2, column 1: computed variable name",
        "line 2, column 1: value built with `+` from values of unknown type",
        "line 3, column 5: loop",
        "signs or changes the request at line 2, column 1",
        "only checks the response",
    ];
    assert_eq!(messages.len(), expected.len(), "{messages:#?}");
    for (m, e) in messages.iter().zip(expected) {
        assert!(m.contains(e), "{m:?} should say {e:?}");
    }
    assert!(
        messages[3].contains("Client::with_signer"),
        "{}",
        messages[3]
    );
}

/// Nothing of a script is pasted into the generated code: only names, paths and literals.
#[test]
fn no_script_text_in_the_generated_code() {
    let orders = include_str!("../generated/wire-captures/src/orders.rs");
    let session = include_str!("../generated/wire-captures/src/session.rs");
    for code in [orders, session] {
        for js in [
            "pm.",
            "JSON.parse",
            "responseBody",
            "postman.",
            "function (",
        ] {
            let in_code = code
                .lines()
                .filter(|l| !l.trim_start().starts_with("//"))
                .any(|l| l.contains(js));
            assert!(!in_code, "{js} in generated code");
        }
    }
}
