//! Real exports write URLs in shapes the schema does not describe, and several requests often
//! share a method and URL; each shape still gives the right host and path, and each request its
//! own operation.

use super::url::{Query, split};
use super::*;
use crate::diag::Findings;
use crate::json::{Options, parse};

/// Host, path and query keys of a request whose `url` is `url_json`.
fn shape(url_json: &str) -> (String, Vec<String>, Vec<String>) {
    let text = format!(r#"{{"method": "GET", "url": {url_json}}}"#);
    let v = parse(&text, Options::default()).unwrap();
    let req = crate::read::request(&v, None, &mut Findings::default()).unwrap();
    let s = split(&req.url);
    let query = s
        .query
        .iter()
        .map(|q| match q {
            Query::Listed(p) => p.key.to_string(),
            Query::Raw { key, .. } => key.clone(),
        })
        .collect();
    (
        s.host,
        s.path.iter().map(|p| p.to_string()).collect(),
        query,
    )
}

fn strs(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| (*s).to_owned()).collect()
}

#[test]
fn raw_null_takes_the_parsed_parts() {
    let (host, path, query) = shape(
        r#"{"raw": null, "protocol": "https", "host": ["api", "x", "test"],
            "path": ["v1", "users", ":id"], "query": [{"key": "q", "value": "1"}]}"#,
    );
    assert_eq!(host, "https://api.x.test");
    assert_eq!(path, strs(&["v1", "users", ":id"]));
    assert_eq!(query, strs(&["q"]));
}

#[test]
fn path_as_one_string() {
    let (host, path, _) = shape(r#"{"host": "{{baseUrl}}", "path": "/v2/users/{{userId}}"}"#);
    assert_eq!(host, "{{baseUrl}}");
    assert_eq!(path, strs(&["v2", "users", "{{userId}}"]));
}

#[test]
fn path_segments_as_objects() {
    let (_, path, _) = shape(
        r#"{"host": ["{{h}}"], "path": [{"type": "string", "value": "files"},
            {"type": "any", "value": ":fileId"}, "content"]}"#,
    );
    assert_eq!(path, strs(&["files", ":fileId", "content"]));
}

#[test]
fn host_as_one_string_with_a_port() {
    let (host, path, _) = shape(r#"{"protocol": "http", "host": "localhost:3000", "path": ["a"]}"#);
    assert_eq!(host, "http://localhost:3000");
    assert_eq!(path, strs(&["a"]));
    let (host, _, _) = shape(r#"{"host": ["localhost"], "port": 8080, "path": []}"#);
    assert_eq!(host, "localhost:8080");
}

#[test]
fn raw_only_and_plain_strings() {
    let (host, path, query) = shape(r#"{"raw": "https://x.test/a/b?k=v&flag"}"#);
    assert_eq!(host, "https://x.test");
    assert_eq!(path, strs(&["a", "b"]));
    assert_eq!(query, strs(&["k", "flag"]));
    let (host, path, _) = shape(r#""{{baseUrl}}/items/:id""#);
    assert_eq!(host, "{{baseUrl}}");
    assert_eq!(path, strs(&["items", ":id"]));
    let (host, path, _) = shape(r#"{"raw": ""}"#);
    assert_eq!((host.as_str(), path.len()), ("", 0));
}

#[test]
fn requests_sharing_a_method_and_url_are_operations_each() {
    let text = r#"{"info": {"name": "g"}, "item": [{"name": "Queries", "item": [
        {"name": "All entries", "request": {"method": "POST", "url": "https://x.test/graphql",
         "body": {"mode": "graphql", "graphql": {"query": "{ all { id } }"}}}},
        {"name": "One entry", "request": {"method": "POST", "url": "https://x.test/graphql",
         "body": {"mode": "graphql", "graphql": {"query": "{ one { id } }"}}}},
        {"name": "One entry", "request": {"method": "POST", "url": "https://x.test/graphql"}},
        {"name": "One entry", "request": {"method": "GET", "url": "https://x.test/graphql"}}
    ]}]}"#;
    let v = parse(text, Options::default()).unwrap();
    let mut findings = Findings::default();
    let c = crate::read::read(&v, &mut findings).unwrap();
    let api = build(&c, &[], &mut findings).unwrap();
    let idents: Vec<&str> = api.root.modules[0]
        .operations
        .iter()
        .map(|o| o.ident.as_str())
        .collect();
    // Same name: the method tells the GET apart; the two POSTs keep the name and a number.
    assert_eq!(
        idents,
        ["all_entries", "one_entry", "one_entry_2", "get_one_entry"]
    );
}

#[test]
fn shared_names_are_told_apart_by_method_or_path() {
    let text = r#"{"info": {"name": "s"}, "item": [{"name": "Features", "item": [
        {"name": "Users", "request": {"method": "GET", "url": "https://x.test/users"}},
        {"name": "Users", "request": {"method": "POST", "url": "https://x.test/users"}},
        {"name": "Retrieve a feature", "request": {"method": "GET", "url": "https://x.test/features"}},
        {"name": "Retrieve a feature", "request": {"method": "GET", "url": "https://x.test/features/:id"}},
        {"name": "Users users", "request": {"method": "DELETE", "url": "https://x.test/users/:id"}}
    ]}]}"#;
    let v = parse(text, Options::default()).unwrap();
    let mut findings = Findings::default();
    let c = crate::read::read(&v, &mut findings).unwrap();
    let api = build(&c, &[], &mut findings).unwrap();
    let idents: Vec<&str> = api.root.modules[0]
        .operations
        .iter()
        .map(|o| o.ident.as_str())
        .collect();
    assert_eq!(
        idents,
        [
            "get_users",
            "post_users",
            "retrieve_feature",
            "retrieve_feature_by_id",
            // Collapsed to `users`, then told apart by its method.
            "delete_users"
        ]
    );
}

#[test]
fn sibling_folders_with_one_module_name_merge() {
    let text = r#"{"info": {"name": "m"}, "item": [
        {"name": "/merchants", "item": [{"name": "List merchants", "request": "https://x.test/merchants"}]},
        {"name": "/merchants/:merchantId", "item": [
            {"name": "Get a merchant", "request": "https://x.test/merchants/:merchantId"},
            {"name": "Stores", "item": [{"name": "List stores", "request": "https://x.test/merchants/:merchantId/stores"}]}
        ]},
        {"name": "/merchants", "item": [
            {"name": "Create a merchant", "request": {"method": "POST", "url": "https://x.test/merchants"}},
            {"name": "Stores", "item": [{"name": "Create a store", "request": {"method": "POST", "url": "https://x.test/merchants/:merchantId/stores"}}]}
        ]},
        {"name": "webinars/{webinar Id}", "item": [{"name": "Get", "request": "https://x.test/w/1"}]},
        {"name": "{phone Id}", "item": [{"name": "Get phone", "request": "https://x.test/p/1"}]}
    ]}"#;
    let v = parse(text, Options::default()).unwrap();
    let mut findings = Findings::default();
    let c = crate::read::read(&v, &mut findings).unwrap();
    let api = build(&c, &[], &mut findings).unwrap();
    let mods: Vec<&str> = api.root.modules.iter().map(|m| m.ident.as_str()).collect();
    assert_eq!(mods, ["merchants", "webinars", "phone_id"]);
    let merchants = &api.root.modules[0];
    let ops: Vec<&str> = merchants
        .operations
        .iter()
        .map(|o| o.ident.as_str())
        .collect();
    assert_eq!(ops, ["list_merchants", "get_merchant", "create_merchant"]);
    assert_eq!(merchants.modules.len(), 1);
    let stores: Vec<&str> = merchants.modules[0]
        .operations
        .iter()
        .map(|o| o.ident.as_str())
        .collect();
    assert_eq!(stores, ["list_stores", "create_store"]);
    assert_eq!(api.root.modules[1].handle, "Webinars");
}

/// The model of a collection whose items are `items` (JSON).
fn model(items: &str) -> (Api, Findings) {
    let text = format!(r#"{{"info": {{"name": "t"}}, "item": [{items}]}}"#);
    let v = parse(&text, Options::default()).unwrap();
    let mut findings = Findings::default();
    let c = crate::read::read(&v, &mut findings).unwrap();
    let api = build(&c, &[], &mut findings).unwrap();
    (api, findings)
}

/// Postman puts a path variable's value in the path only when it is a non-empty string: a number
/// (or nothing) leaves `:id`, which the example call then sends too, and the type is a string.
#[test]
fn path_variables_postman_leaves_in_the_path_have_no_example() {
    let (api, _) = model(
        r#"{"name": "n", "request": {"url": {"raw": "https://x.test/a/:n", "host": ["https://x.test"],
            "path": ["a", ":n"], "variable": [{"key": "n", "value": 0}]}}},
           {"name": "s", "request": {"url": {"raw": "https://x.test/a/:s", "host": ["https://x.test"],
            "path": ["a", ":s"], "variable": [{"key": "s", "value": "7"}]}}}"#,
    );
    let params: Vec<(Option<&str>, Scalar)> = api
        .root
        .operations
        .iter()
        .map(|o| (o.path_params[0].example.as_deref(), o.path_params[0].ty))
        .collect();
    assert_eq!(params, [(None, Scalar::Str), (Some("7"), Scalar::Int)]);
}

#[test]
fn a_request_without_a_url_is_flagged_and_warned_about() {
    let (api, findings) = model(r#"{"name": "nowhere", "request": {"method": "GET", "url": ""}}"#);
    assert!(api.root.operations[0].no_url);
    let messages: Vec<&str> = findings
        .warnings
        .iter()
        .map(|w| w.message.as_str())
        .collect();
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert!(
        messages[0].starts_with("the request has no URL"),
        "{messages:?}"
    );
}

#[test]
fn graphql_variables_keep_what_postman_tells_apart() {
    let gql = |v: &str| {
        format!(
            r#"{{"name": "q", "request": {{"method": "POST", "url": "https://x.test/g",
                "body": {{"mode": "graphql", "graphql": {{"query": "{{ a }}"{v}}}}}}}}}"#
        )
    };
    let items = [
        gql(""),
        gql(r#", "variables": """#),
        gql(r#", "variables": "  ""#),
        gql(r#", "variables": null"#),
        gql(r#", "variables": "{\"id\": 1}""#),
    ]
    .join(",");
    let (api, _) = model(&items);
    let got: Vec<GraphQlVariables> = api
        .root
        .operations
        .iter()
        .map(|o| match &o.body {
            Some(Body::GraphQl { variables, .. }) => variables.clone(),
            other => panic!("{other:?}"),
        })
        .collect();
    use GraphQlVariables::*;
    assert_eq!(
        got,
        [
            Omitted,
            Omitted,
            Omitted,
            Null,
            Example(r#"{"id": 1}"#.to_owned())
        ]
    );
}
