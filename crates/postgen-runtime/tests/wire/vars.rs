//! Collection variables: precedence and templates.

use postgen_runtime::{vars, Method, Piece};
use postgen_testserver::{Reply, TestServer};

use crate::{client, invalid_request, SPEC};

const REGION_DEFAULT_PIECE: &[Piece<'static>] = &[
    Piece::Lit("r-"),
    Piece::Var {
        name: "region",
        default: Some("piece-default"),
    },
];

#[tokio::test]
async fn client_value_beats_spec_default_beats_piece_default() {
    let server = TestServer::start(|_| Reply::status(200));
    // The spec declares region = "eu-spec".
    let with_client_value = client(&server).with_variable("region", "us-client");
    let spec_default = client(&server);
    for c in [&with_client_value, &spec_default] {
        let mut req = c.request(Method::GET, 0);
        req.header_tpl("X-Region", REGION_DEFAULT_PIECE);
        req.send().await.unwrap();
    }
    // A variable the spec does not declare falls back to the piece default.
    let mut req = spec_default.request(Method::GET, 0);
    req.header_tpl(
        "X-Region",
        &[Piece::Var {
            name: "undeclared",
            default: Some("piece-default"),
        }],
    );
    req.send().await.unwrap();
    // And the client value beats the piece default for undeclared variables too.
    let c = client(&server)
        .with_variable("undeclared", "first")
        .with_variable("undeclared", "second");
    let mut req = c.request(Method::GET, 0);
    req.header_tpl(
        "X-Region",
        &[Piece::Var {
            name: "undeclared",
            default: Some("piece-default"),
        }],
    );
    req.send().await.unwrap();

    let values: Vec<String> = server
        .requests()
        .iter()
        .map(|r| r.header("x-region").unwrap().to_string())
        .collect();
    assert_eq!(
        values,
        vec!["r-us-client", "r-eu-spec", "piece-default", "second"]
    );
}

#[tokio::test]
async fn missing_variable_is_an_invalid_request_and_nothing_is_sent() {
    let server = TestServer::start(|_| Reply::status(200));
    let client = client(&server);
    let tpl = [
        Piece::Lit("Bearer "),
        Piece::Var {
            name: "token",
            default: None,
        },
    ];
    let mut req = client.request(Method::GET, 0);
    req.header_tpl("Authorization", &tpl);
    assert_eq!(
        invalid_request(req.send().await),
        "variable `token` has no value; set it with Client::with_variable"
    );
    let mut req = client.request(Method::GET, 0);
    req.path_tpl(&tpl);
    assert!(invalid_request(req.send().await).starts_with("variable `token`"));
    let mut req = client.request(Method::GET, 0);
    req.query_tpl("t", &tpl);
    assert!(invalid_request(req.send().await).starts_with("variable `token`"));
    assert_eq!(server.connections(), 0);
}

#[tokio::test]
async fn templates_in_path_query_and_header_are_rendered_then_encoded() {
    let server = TestServer::start(|_| Reply::status(200));
    let client = client(&server)
        .with_variable("token", "abc")
        .with_variable("folder", "a b/c");
    let folder = [
        Piece::Lit("f:"),
        Piece::Var {
            name: "folder",
            default: None,
        },
    ];
    let mut req = client.request(Method::GET, 0);
    req.path("/files/");
    req.path_tpl(&folder);
    req.query_tpl("in", &folder);
    req.header_tpl(
        "Authorization",
        &[
            Piece::Lit("Bearer "),
            Piece::Var {
                name: "token",
                default: None,
            },
        ],
    );
    req.send().await.unwrap();
    let r = &server.requests()[0];
    assert_eq!(r.target, "/files/f%3Aa%20b%2Fc?in=f%3Aa%20b%2Fc");
    assert_eq!(r.header_all("authorization"), vec!["Bearer abc"]);
}

#[test]
fn lookup_and_render_directly() {
    let values = vec![("region".to_string(), "client".to_string())];
    assert_eq!(
        vars::lookup(&values, SPEC.variables, "region", Some("p")),
        Some("client")
    );
    assert_eq!(
        vars::lookup(&[], SPEC.variables, "region", Some("p")),
        Some("eu-spec")
    );
    assert_eq!(
        vars::lookup(&[], SPEC.variables, "apiSecret", Some("p")),
        Some("p")
    );
    assert_eq!(vars::lookup(&[], SPEC.variables, "apiSecret", None), None);
    assert_eq!(
        vars::render(REGION_DEFAULT_PIECE, &[], SPEC.variables).unwrap(),
        "r-eu-spec"
    );
    assert_eq!(vars::render(&[], &[], SPEC.variables).unwrap(), "");
    assert!(vars::is_public(SPEC.variables, "region"));
    assert!(!vars::is_public(SPEC.variables, "apiSecret"));
    assert!(!vars::is_public(SPEC.variables, "undeclared"));
}
