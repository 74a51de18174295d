//! Collection variables: precedence and templates.

use postgen_runtime::{vars, Method, Piece};
use postgen_testserver::{Reply, TestServer};

use crate::{client, invalid_request, SPEC};

const REGION_DEFAULT_PIECE: &[Piece] = &[
    Piece::Lit("r-"),
    Piece::Var {
        name: "region",
        default: Some("piece-default"),
    },
];

/// The request's own default (resolved in its folder/request scope by the generator) is more
/// specific than the collection-wide default in the spec.
#[tokio::test]
async fn client_value_beats_piece_default_beats_spec_default() {
    let server = TestServer::start(|_| Reply::status(200));
    // The spec declares region = "eu-spec".
    let with_client_value = client(&server).with_variable("region", "us-client");
    let spec_default = client(&server);
    for c in [&with_client_value, &spec_default] {
        let mut req = c.request(Method::GET, 0usize);
        req.header_tpl("X-Region", REGION_DEFAULT_PIECE);
        req.send().await.unwrap();
    }
    // Without a piece default, the spec's default applies.
    let mut req = spec_default.request(Method::GET, 0usize);
    req.header_tpl(
        "X-Region",
        &[Piece::Var {
            name: "region",
            default: None,
        }],
    );
    req.send().await.unwrap();
    // A variable the spec does not declare falls back to the piece default.
    let mut req = spec_default.request(Method::GET, 0usize);
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
    let mut req = c.request(Method::GET, 0usize);
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
        vec![
            "r-us-client",
            "r-piece-default",
            "eu-spec",
            "piece-default",
            "second"
        ]
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
    let mut req = client.request(Method::GET, 0usize);
    req.header_tpl("Authorization", &tpl);
    assert_eq!(
        invalid_request(req.send().await),
        "variable `token` has no value; set it with Client::with_variable"
    );
    let mut req = client.request(Method::GET, 0usize);
    req.path_tpl(&tpl);
    assert!(invalid_request(req.send().await).starts_with("variable `token`"));
    let mut req = client.request(Method::GET, 0usize);
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
    let mut req = client.request(Method::GET, 0usize);
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
    assert_eq!(r.target, "/files/f:a%20b%2Fc?in=f:a%20b/c");
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
        Some("p")
    );
    assert_eq!(
        vars::lookup(&[], SPEC.variables, "region", None),
        Some("eu-spec")
    );
    assert_eq!(
        vars::lookup(&[], SPEC.variables, "apiSecret", Some("p")),
        Some("p")
    );
    assert_eq!(vars::lookup(&[], SPEC.variables, "apiSecret", None), None);
    assert_eq!(
        vars::render(REGION_DEFAULT_PIECE, &[], SPEC.variables).unwrap(),
        "r-piece-default"
    );
    assert_eq!(vars::render(&[], &[], SPEC.variables).unwrap(), "");
    assert!(vars::is_public(SPEC.variables, "region"));
    assert!(!vars::is_public(SPEC.variables, "apiSecret"));
    assert!(!vars::is_public(SPEC.variables, "undeclared"));
}

#[test]
fn dynamic_variables_are_fresh_and_well_formed() {
    let a = vars::dynamic("$guid").unwrap();
    let b = vars::dynamic("$guid").unwrap();
    assert_ne!(a, b);
    let groups: Vec<usize> = a.split('-').map(str::len).collect();
    assert_eq!(groups, [8, 4, 4, 4, 12], "{a}");
    assert_eq!(&a[14..15], "4", "version 4: {a}");
    assert!(matches!(&a[19..20], "8" | "9" | "a" | "b"), "variant: {a}");
    let ts: u64 = vars::dynamic("$timestamp").unwrap().parse().unwrap();
    assert!(ts > 1_700_000_000);
    let iso = vars::dynamic("$isoTimestamp").unwrap();
    assert_eq!(iso.len(), 24, "{iso}");
    assert!(
        iso.starts_with("20") && iso.ends_with('Z') && &iso[10..11] == "T",
        "{iso}"
    );
    let n: u32 = vars::dynamic("$randomInt").unwrap().parse().unwrap();
    assert!(n <= 1000);
    assert_eq!(vars::dynamic("$notAThing"), None);
}

#[tokio::test]
async fn a_dynamic_variable_renders_unless_the_client_sets_it() {
    let server = TestServer::start(|_| Reply::status(200));
    let tpl = [Piece::Var {
        name: "$guid",
        default: None,
    }];
    for c in [
        client(&server),
        client(&server).with_variable("$guid", "fixed"),
    ] {
        let mut req = c.request(Method::GET, 0usize);
        req.header_tpl("X-Request-Id", &tpl);
        req.send().await.unwrap();
    }
    let r = server.requests();
    assert_eq!(r[0].header("x-request-id").unwrap().len(), 36);
    assert_eq!(r[1].header("x-request-id"), Some("fixed"));
}

#[test]
fn expand_variables_fills_collection_text() {
    let server = TestServer::start(|_| Reply::status(200));
    let c = client(&server).with_variable("name", "Ann \"A\"");
    assert_eq!(
        c.expand_variables(r#"{"name": "{{name}}", "region": "{{region}}"}"#)
            .unwrap(),
        r#"{"name": "Ann "A"", "region": "eu-spec"}"#,
        "values go in as written, as Postman does; the spec's default fills the rest"
    );
    assert_eq!(c.expand_variables("no variables").unwrap(), "no variables");
    assert_eq!(
        c.expand_variables("{{{name}}} and {{open").unwrap(),
        "{Ann \"A\"} and {{open"
    );
    assert_eq!(c.expand_variables("{{$guid}}").unwrap().len(), 36);
    let err = c.expand_variables("a {{apiSecret}} b").unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid request: variable `apiSecret` has no value; set it with Client::with_variable"
    );
    assert_eq!(server.connections(), 0);
}
