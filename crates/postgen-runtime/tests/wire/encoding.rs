//! Path, query, header and body encodings, byte-exact on the wire.

use postgen_runtime::{encode, Method};
use postgen_testserver::{Reply, TestServer};

use crate::{client, invalid_request};

fn run(f: fn(&mut String, &str), s: &str) -> String {
    let mut out = String::new();
    f(&mut out, s);
    out
}

/// The printable ASCII characters `f` encodes (each alone), and what it writes for the rest
/// of the table: controls, non-ASCII, `%` sequences.
fn encoded(f: fn(&mut String, &str)) -> (String, Vec<String>) {
    let ascii = (0x20u8..0x7f)
        .map(char::from)
        .filter(|c| run(f, &c.to_string()) != c.to_string())
        .collect();
    let rest = ["\t", "\u{7f}", "é", "日本", "😀", "%41", "%e9", "%zz", "%"]
        .iter()
        .map(|s| run(f, s))
        .collect();
    (ascii, rest)
}

/// Postman's encode sets, pinned character by character (`newman_encoding.rs` checks them
/// against newman itself): what each component encodes among the printable ASCII characters.
#[test]
fn encode_sets_are_postmans() {
    let strings = |v: &[&str]| -> Vec<String> { v.iter().map(|s| s.to_string()).collect() };
    let non_ascii = ["%09", "%7F", "%C3%A9", "%E6%97%A5%E6%9C%AC", "%F0%9F%98%80"];
    let keeps_percent = strings(&[&non_ascii[..], &["%41", "%e9", "%zz", "%"]].concat());
    let encodes_percent = strings(&[&non_ascii[..], &["%2541", "%25e9", "%25zz", "%25"]].concat());
    // Path text as written: `\` is sent as `/`, as Postman sends it.
    assert_eq!(
        encoded(encode::path_literal),
        (" \"#<>?\\`{}".into(), keeps_percent.clone())
    );
    assert_eq!(run(encode::path_literal, "a\\b"), "a/b");
    assert_eq!(
        encoded(encode::path_value),
        (" \"#%/<>?\\`{}".into(), encodes_percent.clone())
    );
    assert_eq!(
        encoded(encode::query_name),
        (" \"#&'<=>".into(), keeps_percent)
    );
    assert_eq!(
        encoded(encode::query_value),
        (" \"#%&'+<>".into(), encodes_percent.clone())
    );
    let unreserved = |c: char| c.is_ascii_alphanumeric() || "-._~".contains(c);
    let all_but_unreserved: String = (0x20u8..0x7f)
        .map(char::from)
        .filter(|c| !unreserved(*c))
        .collect();
    assert_eq!(
        encoded(encode::form_component),
        (all_but_unreserved.clone(), encodes_percent.clone())
    );
    assert_eq!(
        encoded(encode::strict),
        (all_but_unreserved, encodes_percent)
    );
    assert_eq!(run(encode::form_component, " "), "%20");
}

#[test]
fn path_literal_encoding() {
    assert_eq!(
        run(encode::path_literal, "/a b/%2F/{x}?#\"<>`\\é\u{1}\u{7f}"),
        "/a%20b/%2F/%7Bx%7D%3F%23%22%3C%3E%60/%C3%A9%01%7F"
    );
    // Sub-delims, ':' and '@' are allowed in a path and kept.
    assert_eq!(
        run(encode::path_literal, "/v1/users:search;x=1@!$&'()*+,=~"),
        "/v1/users:search;x=1@!$&'()*+,=~"
    );
}

#[test]
fn path_values_stay_one_segment_and_keep_what_a_segment_allows() {
    assert_eq!(run(encode::path_value, "a/../b?x#y"), "a%2F..%2Fb%3Fx%23y");
    assert_eq!(
        run(encode::path_value, ":id@x!$&'()*+,;=~ 100%;v\\"),
        ":id@x!$&'()*+,;=~%20100%25;v%5C"
    );
    assert_eq!(run(encode::path_value, "ü{}\u{0}"), "%C3%BC%7B%7D%00");
}

#[test]
fn strict_encoding_keeps_only_unreserved() {
    assert_eq!(run(encode::strict, "a/../b?x#y"), "a%2F..%2Fb%3Fx%23y");
    assert_eq!(
        run(encode::strict, "A-z0_9.~ +%&=:@"),
        "A-z0_9.~%20%2B%25%26%3D%3A%40"
    );
    assert_eq!(run(encode::strict, "ü€\u{0}"), "%C3%BC%E2%82%AC%00");
}

#[test]
fn query_encoding() {
    assert_eq!(
        run(encode::query_name, "a b&c=d+e'f[0]%41"),
        "a%20b%26c%3Dd+e%27f[0]%41"
    );
    assert_eq!(
        run(encode::query_value, "categories,shares a=b&c+d%41/?"),
        "categories,shares%20a=b%26c%2Bd%2541/?"
    );
}

#[test]
fn form_encoding() {
    assert_eq!(
        encode::form(&[("a b", "1+1=2"), ("x*-._~", "é&%"), ("", "")]),
        "a%20b=1%2B1%3D2&x%2A-._~=%C3%A9%26%25&="
    );
    assert_eq!(encode::form(&[]), "");
}

#[tokio::test]
async fn path_and_query_are_byte_exact() {
    let server = TestServer::start(|_| Reply::status(200));
    let client = client(&server);
    let mut req = client.request(Method::GET, 0usize);
    req.path("/v1/files/");
    req.path_var("a/../b?x#y");
    req.path("/raw%2F path/");
    req.path_var("ü +");
    req.query("q", "a b+c&d=e/é");
    req.query_flag("verbose");
    req.query("na me&=", "x");
    req.query("plus", "+");
    req.query("empty", "");
    let response = req.send().await.unwrap();
    assert_eq!(response.status(), 200);

    let reqs = server.requests();
    assert_eq!(reqs.len(), 1);
    let r = &reqs[0];
    assert_eq!(r.method, "GET");
    assert_eq!(
        r.target,
        "/v1/files/a%2F..%2Fb%3Fx%23y/raw%2F%20path/%C3%BC%20+\
         ?q=a%20b%2Bc%26d=e/%C3%A9&verbose&na%20me%26%3D=x&plus=%2B&empty="
    );
    assert_eq!(
        r.path_segments(),
        vec!["v1", "files", "a/../b?x#y", "raw/ path", "ü +"]
    );
    assert_eq!(
        r.query_pairs(),
        vec![
            ("q".to_string(), Some("a b+c&d=e/é".to_string())),
            ("verbose".to_string(), None),
            ("na me&=".to_string(), Some("x".to_string())),
            ("plus".to_string(), Some("+".to_string())),
            ("empty".to_string(), Some(String::new())),
        ]
    );
}

#[tokio::test]
async fn path_literal_special_characters_on_the_wire() {
    let server = TestServer::start(|_| Reply::status(200));
    let client = client(&server);
    let mut req = client.request(Method::GET, 0usize);
    req.path("/ü/{id}/<a> `\"|^[]'!$/back\\slash/%41");
    req.send().await.unwrap();
    assert_eq!(
        server.requests()[0].target,
        "/%C3%BC/%7Bid%7D/%3Ca%3E%20%60%22|^[]'!$/back/slash/%41"
    );
}

#[tokio::test]
async fn empty_path_var_keeps_its_segment() {
    let server = TestServer::start(|_| Reply::status(200));
    let client = client(&server);
    let mut req = client.request(Method::DELETE, 0usize);
    req.path("/a/");
    req.path_var("");
    req.path("/b");
    req.send().await.unwrap();
    let r = &server.requests()[0];
    assert_eq!(r.method, "DELETE");
    assert_eq!(r.target, "/a//b");
}

#[tokio::test]
async fn dot_segments_as_path_var_are_rejected_before_sending() {
    let server = TestServer::start(|_| Reply::status(200));
    let client = client(&server);
    for value in [".", ".."] {
        let mut req = client.request(Method::GET, 0usize);
        req.path("/users/");
        req.path_var(value);
        let message = invalid_request(req.send().await);
        assert_eq!(
            message,
            format!("a path parameter cannot be `{value}`: URLs resolve it as a relative path")
        );
    }
    // "..." and ".%2e" are ordinary segments.
    let mut req = client.request(Method::GET, 0usize);
    req.path("/users/");
    req.path_var("...");
    req.path("/");
    req.path_var(".%2e");
    req.send().await.unwrap();
    assert_eq!(server.connections(), 1);
    assert_eq!(server.requests()[0].target, "/users/.../.%252e");
}

#[tokio::test]
async fn base_url_trailing_slash_is_trimmed_and_base_path_kept() {
    let server = TestServer::start(|_| Reply::status(200));
    let client = client(&server).with_base_url(format!("{}/api/v2///", server.url()));
    let mut req = client.request(Method::GET, 0usize);
    req.path("/items");
    req.send().await.unwrap();
    let mut req = client.request(Method::GET, 0usize);
    req.query("x", "1");
    req.send().await.unwrap();
    let targets: Vec<_> = server.requests().into_iter().map(|r| r.target).collect();
    assert_eq!(targets, vec!["/api/v2/items", "/api/v2?x=1"]);
}

#[tokio::test]
async fn raw_body_is_sent_exactly_with_its_content_type() {
    let server = TestServer::start(|_| Reply::status(200));
    let client = client(&server);
    let mut req = client.request(Method::PUT, 0usize);
    req.path("/blob");
    req.body(Some("text/plain; charset=utf-8"), b"hi +\x00\xff".to_vec());
    req.send().await.unwrap();
    let r = &server.requests()[0];
    assert_eq!(r.method, "PUT");
    assert_eq!(r.body, b"hi +\x00\xff");
    assert_eq!(
        r.header_all("content-type"),
        vec!["text/plain; charset=utf-8"]
    );
    assert_eq!(r.header("content-length"), Some("6"));
}

#[tokio::test]
async fn raw_body_without_content_type_sends_none() {
    let server = TestServer::start(|_| Reply::status(200));
    let client = client(&server);
    let mut req = client.request(Method::POST, 0usize);
    req.body(None, b"abc".to_vec());
    req.send().await.unwrap();
    let r = &server.requests()[0];
    assert_eq!(r.body, b"abc");
    assert_eq!(r.header("content-type"), None);
}

#[tokio::test]
async fn json_body_and_content_type() {
    #[derive(serde::Serialize)]
    struct Payload<'a> {
        name: &'a str,
        tags: Vec<&'a str>,
        n: Option<u8>,
    }
    let server = TestServer::start(|_| Reply::status(200));
    let client = client(&server);
    let mut req = client.request(Method::POST, 0usize);
    req.json(
        None,
        &Payload {
            name: "é \"q\"",
            tags: vec!["a"],
            n: None,
        },
    );
    req.send().await.unwrap();
    let mut req = client.request(Method::PATCH, 0usize);
    req.json(
        Some("application/merge-patch+json"),
        &serde_json::json!([1]),
    );
    req.send().await.unwrap();

    let reqs = server.requests();
    assert_eq!(
        reqs[0].body_text(),
        r#"{"name":"é \"q\"","tags":["a"],"n":null}"#
    );
    assert_eq!(reqs[0].header_all("Content-Type"), vec!["application/json"]);
    assert_eq!(reqs[1].method, "PATCH");
    assert_eq!(reqs[1].body, b"[1]");
    assert_eq!(
        reqs[1].header_all("Content-Type"),
        vec!["application/merge-patch+json"]
    );
}

#[tokio::test]
async fn unserializable_json_is_an_invalid_request() {
    use std::collections::BTreeMap;
    let server = TestServer::start(|_| Reply::status(200));
    let client = client(&server);
    let mut map = BTreeMap::new();
    map.insert(vec![1u8], 1); // JSON object keys must be strings
    let mut req = client.request(Method::POST, 0usize);
    req.json(None, &map);
    let message = invalid_request(req.send().await);
    assert!(
        message.starts_with("cannot serialize the JSON body: "),
        "{message}"
    );
    assert_eq!(server.connections(), 0);
}

#[tokio::test]
async fn form_body_is_urlencoded_in_order() {
    let server = TestServer::start(|_| Reply::status(200));
    let client = client(&server);
    let mut req = client.request(Method::POST, 0usize);
    req.form(&[("a b", "1+1"), ("c", "é&"), ("c", "~*")]);
    req.send().await.unwrap();
    let r = &server.requests()[0];
    assert_eq!(r.body_text(), "a%20b=1%2B1&c=%C3%A9%26&c=~%2A");
    assert_eq!(
        r.header_all("content-type"),
        vec!["application/x-www-form-urlencoded"]
    );
    assert_eq!(
        r.form_pairs(),
        vec![
            ("a b".to_string(), "1+1".to_string()),
            ("c".to_string(), "é&".to_string()),
            ("c".to_string(), "~*".to_string()),
        ]
    );
}

#[tokio::test]
async fn urlencoded_forms_and_graphql_bodies() {
    let server = TestServer::start(|_| Reply::status(200));
    let client = client(&server);

    let mut form = postgen_runtime::UrlEncoded::new();
    form.pair("name", "Jane Doe");
    form.pair("tags[]", "a&b");
    form.pair("tags[]", "ü+");
    let mut req = client.request(Method::POST, 0usize);
    req.path("/f");
    req.urlencoded(form);
    req.send().await.unwrap();

    // A form with nothing set sends no body at all.
    let mut req = client.request(Method::POST, 0usize);
    req.path("/empty");
    req.urlencoded(postgen_runtime::UrlEncoded::new());
    req.send().await.unwrap();

    let mut req = client.request(Method::POST, 0usize);
    req.path("/graphql");
    req.graphql(
        &[postgen_runtime::Piece::Lit(
            "query Q($id: ID!) { entry(id: $id) { title } }",
        )],
        Some(&serde_json::json!({"id": "blt1"})),
    );
    req.send().await.unwrap();
    // Without variables the key is left out, with `null` it is sent.
    for variables in [None, Some(&serde_json::Value::Null)] {
        let mut req = client.request(Method::POST, 0usize);
        req.path("/graphql");
        req.graphql(&[postgen_runtime::Piece::Lit("{ a }")], variables);
        req.send().await.unwrap();
    }

    let r = server.requests();
    assert_eq!(
        r[0].body_text(),
        "name=Jane%20Doe&tags%5B%5D=a%26b&tags%5B%5D=%C3%BC%2B"
    );
    assert_eq!(
        r[0].header_all("content-type"),
        ["application/x-www-form-urlencoded"]
    );
    assert!(r[1].body.is_empty());
    assert_eq!(r[1].header("content-type"), None);
    let body: serde_json::Value = serde_json::from_slice(&r[2].body).unwrap();
    assert_eq!(
        body,
        serde_json::json!({
            "query": "query Q($id: ID!) { entry(id: $id) { title } }",
            "variables": {"id": "blt1"}
        })
    );
    assert_eq!(r[2].header_all("content-type"), ["application/json"]);
    assert_eq!(r[3].body_text(), r#"{"query":"{ a }"}"#);
    assert_eq!(r[4].body_text(), r#"{"query":"{ a }","variables":null}"#);
}

/// The Content-Type of forms, as Postman decides it: a form with fields is urlencoded (the
/// request's header kept only if it is that type with parameters); a form with no field sends no
/// body but the request's own header; a multipart form with no part sends no body either.
#[tokio::test]
async fn form_content_types_as_postman_sends_them() {
    let server = TestServer::start(|_| Reply::status(200));
    let client = client(&server);
    let form = || {
        let mut f = postgen_runtime::UrlEncoded::new();
        f.pair("a", "1");
        f
    };
    for header in [
        "application/x-www-form-urlencoded; charset=UTF-8",
        "application/json",
    ] {
        let mut req = client.request(Method::POST, 0usize);
        req.header("Content-Type", header);
        req.urlencoded(form());
        req.send().await.unwrap();
    }
    let mut req = client.request(Method::POST, 0usize);
    req.header("Content-Type", "application/x-www-form-urlencoded");
    req.urlencoded(postgen_runtime::UrlEncoded::new());
    req.send().await.unwrap();
    let mut req = client.request(Method::POST, 0usize);
    req.header("Content-Type", "multipart/form-data");
    req.multipart(postgen_runtime::Multipart::new());
    req.send().await.unwrap();

    let r = server.requests();
    let seen: Vec<(Vec<&str>, &[u8])> = r
        .iter()
        .map(|r| (r.header_all("content-type"), r.body.as_slice()))
        .collect();
    assert_eq!(
        seen,
        [
            (
                vec!["application/x-www-form-urlencoded; charset=UTF-8"],
                &b"a=1"[..]
            ),
            (vec!["application/x-www-form-urlencoded"], b"a=1"),
            (vec!["application/x-www-form-urlencoded"], b""),
            (vec!["multipart/form-data"], b""),
        ]
    );
}
