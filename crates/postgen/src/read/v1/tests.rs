use super::*;
use crate::json::{Options, parse};

fn read_v1(text: &'static str) -> (Collection<'static>, Vec<String>) {
    let root = parse(text, Options::default()).unwrap();
    // The tree borrows from `text`; leak the parsed root so the collection can outlive this call.
    let root: &'static Value<'static> = Box::leak(Box::new(root));
    let mut findings = Findings::default();
    let c = super::super::read(root, &mut findings).unwrap();
    (
        c,
        findings.warnings.into_iter().map(|w| w.message).collect(),
    )
}

fn folder<'c, 'a>(items: &'c [Item<'a>], i: usize) -> &'c Folder<'a> {
    match &items[i] {
        Item::Folder(f) => f,
        Item::Request(r) => panic!("item {i} is request `{}`", r.name),
    }
}

fn request<'c, 'a>(items: &'c [Item<'a>], i: usize) -> &'c RequestItem<'a> {
    match &items[i] {
        Item::Request(r) => r,
        Item::Folder(f) => panic!("item {i} is folder `{}`", f.name),
    }
}

const ECHO: &str = r#"{
  "id": "c1", "name": "Echo", "description": "All of it.",
  "order": ["r-root"],
  "folders_order": ["f-auth", "f-body"],
  "folders": [
    {"id": "f-body", "name": "Bodies", "order": ["r-raw", "r-form", "r-url", "r-bin", "r-gql"],
     "folders_order": ["f-nested"]},
    {"id": "f-auth", "name": "Auth", "order": ["r-basic", "r-digest", "r-oauth1"]},
    {"id": "f-nested", "name": "Nested", "order": ["r-nested"]}
  ],
  "requests": [
    {"id": "r-root", "name": "Root", "method": "get", "url": "https://echo.test/get?a=1&b",
     "queryParams": [{"key": "a", "value": "1", "description": "The a."},
                     {"key": "b", "value": "", "equals": false, "enabled": false}],
     "headers": "Accept: application/json\n// X-Off: 1\nX-Long: one\n two\n[object Object]\n",
     "headerData": [{"key": "Accept", "value": "text/plain", "description": "Wins."}],
     "tests": "tests['ok'] = true;",
     "preRequestScript": "pm.environment.set('t', 1);",
     "responses": [{"name": "OK", "responseCode": {"code": 200, "name": "OK"}, "text": "{\"x\": 1}",
                    "language": "json", "headers": [{"key": "Content-Type", "value": "application/json"}]},
                   {"name": "Gone", "responseCode": {"code": "410", "name": "Gone"}, "text": ""}]},
    {"id": "r-raw", "name": "Raw", "method": "POST", "url": "https://echo.test/post",
     "dataMode": "raw", "rawModeData": "{\"a\": 1}", "dataOptions": {"raw": {"language": "json"}}},
    {"id": "r-form", "name": "Form", "method": "POST", "url": "https://echo.test/post",
     "dataMode": "params", "data": [{"key": "f", "value": "x", "type": "text"},
       {"key": "upload", "value": "a.png", "type": "file", "enabled": false}]},
    {"id": "r-url", "name": "Url", "method": "POST", "url": "https://echo.test/post",
     "dataMode": "urlencoded", "data": [{"key": "k", "value": "v"}]},
    {"id": "r-bin", "name": "Binary", "method": "PUT", "url": "https://echo.test/put",
     "dataMode": "binary", "rawModeData": "file.bin"},
    {"id": "r-gql", "name": "GraphQL", "method": "POST", "url": "https://echo.test/graphql",
     "dataMode": "graphql", "graphqlModeData": {"query": "{ me { id } }", "variables": "{}"}},
    {"id": "r-nested", "name": "Nested", "method": "GET", "url": "https://echo.test/:id",
     "pathVariableData": [{"key": "id", "value": "7", "description": "The id."}],
     "pathVariables": {"id": "8", "other": "x"}},
    {"id": "r-basic", "name": "Basic", "url": "https://echo.test/basic-auth",
     "headers": "Authorization: Basic cG9zdG1hbjpwYXNzd29yZA==\n",
     "currentHelper": "basicAuth",
     "helperAttributes": {"id": "basic", "username": "postman", "password": "password", "saveToRequest": true}},
    {"id": "r-digest", "name": "Digest", "url": "https://echo.test/digest-auth",
     "currentHelper": "digestAuth", "helperAttributes": "{\"username\": \"u\", \"realm\": \"r\"}"},
    {"id": "r-oauth1", "name": "OAuth1", "url": "https://echo.test/oauth1",
     "auth": {"type": "oauth1", "oauth1": [{"key": "consumerKey", "value": "k"}]}},
    {"id": "r-lost", "name": "Lost", "url": "https://echo.test/lost", "folder": "f-auth"},
    {"id": "r-nowhere", "name": "Nowhere", "url": "https://echo.test/nowhere"}
  ]
}"#;

#[test]
fn folders_and_order() {
    let (c, warnings) = read_v1(ECHO);
    assert_eq!(c.format, Format::V1);
    assert_eq!(c.name, "Echo");
    assert_eq!(c.description.as_deref(), Some("All of it."));
    // `folders_order` first, then the root's `order`, then requests no `order` lists.
    assert_eq!(c.items.len(), 4);
    let auth = folder(&c.items, 0);
    assert_eq!(auth.name, "Auth");
    let names: Vec<&str> = auth
        .items
        .iter()
        .map(|i| match i {
            Item::Request(r) => r.name.as_ref(),
            Item::Folder(f) => f.name.as_ref(),
        })
        .collect();
    // `Lost` is listed in no `order`: its `folder` field places it.
    assert_eq!(names, ["Basic", "Digest", "OAuth1", "Lost"]);
    let bodies = folder(&c.items, 1);
    assert_eq!(folder(&bodies.items, 0).name, "Nested");
    assert_eq!(bodies.items.len(), 6);
    assert_eq!(request(&c.items, 2).name, "Root");
    assert_eq!(request(&c.items, 3).name, "Nowhere");
    let placed: Vec<&String> = warnings
        .iter()
        .filter(|w| w.contains("no `order`"))
        .collect();
    assert_eq!(placed.len(), 2, "{warnings:?}");
}

#[test]
fn urls_headers_and_scripts() {
    let (c, warnings) = read_v1(ECHO);
    let root = request(&c.items, 2);
    let req = &root.request;
    assert_eq!(req.method, "GET");
    assert_eq!(req.url.raw.as_deref(), Some("https://echo.test/get?a=1&b"));
    assert_eq!(req.url.query.len(), 2);
    assert_eq!(req.url.query[0].description.as_deref(), Some("The a."));
    assert_eq!(req.url.query[1].value, None);
    assert!(req.url.query[1].disabled);
    let headers: Vec<(&str, &str, bool)> = req
        .headers
        .iter()
        .map(|h| (h.key.as_ref(), h.value.as_ref(), h.disabled))
        .collect();
    assert_eq!(
        headers,
        [
            ("Accept", "text/plain", false),
            ("X-Off", "1", true),
            ("X-Long", "one two", false)
        ]
    );
    assert!(warnings.iter().any(|w| w.contains("`[object Object]`")));
    let listens: Vec<&str> = root.events.iter().map(|e| e.listen.as_str()).collect();
    assert_eq!(listens, ["prerequest", "test"]);
    assert!(root.events[0].exec.contains("pm.environment.set"));
    let codes: Vec<Option<u16>> = root.responses.iter().map(|r| r.code).collect();
    assert_eq!(codes, [Some(200), Some(410)]);
    assert_eq!(root.responses[0].body.as_deref(), Some("{\"x\": 1}"));
    assert_eq!(root.responses[0].status.as_deref(), Some("OK"));
    assert_eq!(root.responses[0].preview_language.as_deref(), Some("json"));
    assert_eq!(root.responses[0].headers.len(), 1);

    let nested = request(&folder(&folder(&c.items, 1).items, 0).items, 0);
    let vars: Vec<(&str, Option<&str>)> = nested
        .request
        .url
        .variables
        .iter()
        .map(|v| (v.key.as_ref(), v.value.as_deref()))
        .collect();
    // `pathVariableData` wins over `pathVariables` for the same name.
    assert_eq!(vars, [("id", Some("7")), ("other", Some("x"))]);
}

#[test]
fn body_modes() {
    let (c, _) = read_v1(ECHO);
    let bodies = &folder(&c.items, 1).items;
    match &request(bodies, 1).request.body {
        Some(Body::Raw { text, language, .. }) => {
            assert_eq!(text, "{\"a\": 1}");
            assert_eq!(language.as_deref(), Some("json"));
        }
        other => panic!("{other:?}"),
    }
    match &request(bodies, 2).request.body {
        Some(Body::FormData(fields)) => {
            assert_eq!(fields.len(), 2);
            assert!(fields[1].is_file && fields[1].disabled);
            assert_eq!(fields[1].src, ["a.png"]);
        }
        other => panic!("{other:?}"),
    }
    assert!(
        matches!(&request(bodies, 3).request.body, Some(Body::UrlEncoded(f)) if f[0].key == "k")
    );
    assert!(
        matches!(&request(bodies, 4).request.body, Some(Body::File { src: Some(s), .. }) if s == "file.bin")
    );
    assert!(
        matches!(&request(bodies, 5).request.body, Some(Body::GraphQl { query, .. }) if query == "{ me { id } }")
    );
}

#[test]
fn auth_helpers() {
    let (c, _) = read_v1(ECHO);
    let auth_folder = &folder(&c.items, 0).items;
    let basic = request(auth_folder, 0).request.auth.as_ref().unwrap();
    assert_eq!(basic.kind, "basic");
    assert_eq!(basic.param("username"), Some("postman"));
    assert_eq!(basic.param("saveHelperData"), Some("true"));
    assert_eq!(basic.param("id"), None);
    let digest = request(auth_folder, 1).request.auth.as_ref().unwrap();
    assert_eq!(digest.kind, "digest");
    assert_eq!(digest.param("realm"), Some("r"));
    let oauth1 = request(auth_folder, 2).request.auth.as_ref().unwrap();
    assert_eq!(oauth1.kind, "oauth1");
    assert_eq!(oauth1.param("consumerKey"), Some("k"));
    assert!(request(auth_folder, 3).request.auth.is_none());
}

#[test]
fn damaged_orders_are_warned_about() {
    let (c, warnings) = read_v1(
        r#"{"name": "x", "order": ["r1", "missing", "r1"],
            "folders": [{"id": "f", "name": "F", "order": [], "folders_order": ["f"]}],
            "requests": [{"id": "r1", "name": "one", "url": "https://x.test/"}]}"#,
    );
    assert_eq!(c.items.len(), 2);
    assert!(
        warnings.iter().any(|w| w.contains("`missing`")),
        "{warnings:?}"
    );
    assert!(
        warnings.iter().any(|w| w.contains("a second time")),
        "{warnings:?}"
    );
    assert!(
        warnings.iter().any(|w| w.contains("in itself")),
        "{warnings:?}"
    );
}

#[test]
fn inferred_modes_and_no_body() {
    let (c, _) = read_v1(
        r#"{"name": "x", "requests": [
            {"id": "a", "name": "a", "url": "u", "data": [{"key": "k", "value": "v"}]},
            {"id": "b", "name": "b", "url": "u", "rawModeData": "text"},
            {"id": "c", "name": "c", "url": "u", "dataMode": null, "rawModeData": "ignored"},
            {"id": "d", "name": "d", "url": "u", "dataMode": "raw", "rawModeData": "x", "dataDisabled": true},
            {"id": "e", "name": "e", "url": "u"}
        ]}"#,
    );
    let bodies: Vec<&Option<Body<'_>>> =
        (0..5).map(|i| &request(&c.items, i).request.body).collect();
    assert!(matches!(bodies[0], Some(Body::FormData(_))));
    assert!(matches!(bodies[1], Some(Body::Raw { text, .. }) if text == "text"));
    assert!(bodies[2].is_none() && bodies[3].is_none() && bodies[4].is_none());
}

#[test]
fn wrong_types_are_errors_at_the_value() {
    let text = r#"{"name": "x", "requests": [{"id": "a", "name": "a", "url": "u", "method": 3}]}"#;
    let root = parse(text, Options::default()).unwrap();
    let mut findings = Findings::default();
    let err = super::super::read(&root, &mut findings).unwrap_err();
    assert_eq!(&text[err.span.range()], "3");
    let text = r#"{"name": "x", "requests": {"a": 1}}"#;
    let root = parse(text, Options::default()).unwrap();
    assert!(super::super::read(&root, &mut findings).is_err());
}
