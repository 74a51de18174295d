//! The runtime's percent-encoding against newman's actual bytes on the wire, character by
//! character: every printable ASCII character, a few controls, non-ASCII text and `%` sequences,
//! in a path segment as written, a path variable's value, a query name, a query value, and
//! (name and value) an urlencoded body. Needs newman (`POSTGEN_NEWMAN`, as for `tests/newman.rs`); without it the
//! test says so and passes. `encoding.rs` pins the same table without newman.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use postgen_runtime::{Method, UrlEncoded};
use postgen_testserver::{Recorded, Reply, TestServer};

use crate::client;

/// The characters (and sequences) tried, each written between `a` and `b`.
pub fn cases() -> Vec<String> {
    let mut v: Vec<String> = (0x20u8..0x7f).map(|b| (b as char).to_string()).collect();
    for s in [
        "\t", "\u{7f}", "é", "日本", "😀", "%41", "%e9", "%2F", "%zz", "%4g",
    ] {
        v.push(s.to_owned());
    }
    v
}

/// Where the runtime deliberately differs from newman, so that a value means itself: the
/// `(component, case)` pairs, with why. Everything else must be byte-identical.
pub const DIFFERENT_ON_PURPOSE: &[(&str, &str, &str)] = &[
    // newman substitutes a path variable into the URL as text: `/` splits it, `?` starts the
    // query, `#` a fragment (the rest is lost), `\` becomes `/`, and `%XX` is read as encoded.
    ("var", "/", "a value stays one segment"),
    ("var", "?", "a value stays in the path"),
    ("var", "#", "a value stays in the path"),
    ("var", "\\", "a value stays one segment"),
    ("var", "%", "`%` means itself"),
    ("var", "%41", "`%` means itself"),
    ("var", "%e9", "`%` means itself"),
    ("var", "%2F", "`%` means itself"),
    ("var", "%zz", "`%` means itself"),
    ("var", "%4g", "`%` means itself"),
    // `?` and `#` in a path segment as written: newman sends them raw, so that they start the
    // query or a fragment (which is not sent).
    ("lit", "?", "a segment as written stays in the path"),
    ("lit", "#", "a segment as written stays in the path"),
    // In a query value newman sends `+` (which servers read as a space) and `%` as written.
    ("query", "+", "`+` means itself, not a space"),
    ("query", "%", "`%` means itself"),
    ("query", "%41", "`%` means itself"),
    ("query", "%e9", "`%` means itself"),
    ("query", "%2F", "`%` means itself"),
    ("query", "%zz", "`%` means itself"),
    ("query", "%4g", "`%` means itself"),
];

const KINDS: [&str; 5] = ["lit", "var", "qname", "query", "form"];

/// What the runtime sends for case `c` in component `kind`: the request target, or the body
/// of `form`.
pub fn ours(kind: &str, r: &Recorded) -> String {
    match kind {
        "form" => r.body_text(),
        _ => r.target.clone(),
    }
}

#[tokio::test]
async fn percent_encoding_matches_newman_on_the_wire() {
    let Some(newman) = newman() else {
        println!(
            "skipped: POSTGEN_NEWMAN is not set (see tests/newman.rs); encoding.rs pins the \
             same table without newman"
        );
        return;
    };
    let server = TestServer::start(|_| Reply::status(200).header("Connection", "close"));
    let cases = cases();

    // newman's side: one request per component and case, tagged.
    let origin = server.addr();
    let url = |path: Vec<String>, extra: serde_json::Value| {
        let mut u = serde_json::json!({
            "raw": format!("http://{origin}/"),
            "protocol": "http",
            "host": ["127", "0", "0", "1"],
            "port": origin.port().to_string(),
            "path": path,
        });
        if let (Some(u), Some(extra)) = (u.as_object_mut(), extra.as_object()) {
            u.extend(extra.clone());
        }
        u
    };
    let mut items = Vec::new();
    for (i, c) in cases.iter().enumerate() {
        let text = format!("a{c}b");
        for kind in KINDS {
            let tag = serde_json::json!([{"key": "x-case", "value": format!("{kind}-{i}")}]);
            let n = i.to_string();
            let request = match kind {
                "lit" => serde_json::json!({
                    "method": "GET", "header": tag,
                    "url": url(vec!["lit".into(), n.clone(), text.clone()], serde_json::json!({})),
                }),
                "var" => serde_json::json!({
                    "method": "GET", "header": tag,
                    "url": url(vec!["var".into(), n.clone(), ":v".into()],
                        serde_json::json!({"variable": [{"key": "v", "value": text}]})),
                }),
                "qname" => serde_json::json!({
                    "method": "GET", "header": tag,
                    "url": url(vec!["qname".into(), n.clone()],
                        serde_json::json!({"query": [{"key": text, "value": "v"}]})),
                }),
                "query" => serde_json::json!({
                    "method": "GET", "header": tag,
                    "url": url(vec!["query".into(), n.clone()],
                        serde_json::json!({"query": [{"key": "k", "value": text}]})),
                }),
                _ => serde_json::json!({
                    "method": "POST", "header": tag,
                    "url": url(vec!["form".into(), n.clone()], serde_json::json!({})),
                    "body": {"mode": "urlencoded", "urlencoded": [{"key": text, "value": text}]},
                }),
            };
            items.push(serde_json::json!({"name": format!("{kind} {i}"), "request": request}));
        }
    }
    let collection = serde_json::json!({
        "info": {
            "name": "encoding",
            "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"
        },
        "item": items,
    });
    let dir = std::env::temp_dir().join(format!("postgen-newman-encoding-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("collection.json");
    std::fs::write(&file, collection.to_string()).unwrap();
    let out = Command::new(&newman)
        .arg("run")
        .arg(&file)
        .args(["--reporters", "cli", "--timeout-request", "20000"])
        .output()
        .expect("cannot run newman");
    let _ = std::fs::remove_dir_all(&dir);
    let mut newman_sent: BTreeMap<String, Recorded> = BTreeMap::new();
    for r in server.take_requests() {
        let tag = r.header("x-case").unwrap_or("").to_owned();
        newman_sent.insert(tag, r);
    }
    assert_eq!(
        newman_sent.len(),
        cases.len() * KINDS.len(),
        "newman did not send every request:\n{}",
        String::from_utf8_lossy(&out.stdout)
    );

    // Ours.
    let client = client(&server);
    for (i, c) in cases.iter().enumerate() {
        let text = format!("a{c}b");
        for kind in KINDS {
            let client = client.clone().with_header("x-case", format!("{kind}-{i}"));
            let mut req = match kind {
                "form" => client.request(Method::POST, 0usize),
                _ => client.request(Method::GET, 0usize),
            };
            req.path(&format!("/{kind}/{i}"));
            match kind {
                "lit" => {
                    req.path("/");
                    req.path(&text);
                }
                "var" => {
                    req.path("/");
                    req.path_var(&text);
                }
                "qname" => req.query(&text, "v"),
                "query" => req.query("k", &text),
                _ => {
                    let mut form = UrlEncoded::new();
                    form.pair(&text, &text);
                    req.urlencoded(form);
                }
            }
            req.send().await.unwrap();
        }
    }
    let mut ours_sent: BTreeMap<String, Recorded> = BTreeMap::new();
    for r in server.take_requests() {
        ours_sent.insert(r.header("x-case").unwrap_or("").to_owned(), r);
    }

    let mut unexpected = Vec::new();
    let mut table = String::new();
    for (i, c) in cases.iter().enumerate() {
        for kind in KINDS {
            let tag = format!("{kind}-{i}");
            let n = ours(kind, &newman_sent[&tag]);
            let o = ours(kind, &ours_sent[&tag]);
            let on_purpose = DIFFERENT_ON_PURPOSE
                .iter()
                .any(|(k, case, _)| *k == kind && case == c);
            if (n != o) != on_purpose {
                unexpected.push(format!(
                    "{kind} {c:?}: newman {n:?}, postgen {o:?}{}",
                    if on_purpose {
                        " (listed as different on purpose, but equal)"
                    } else {
                        ""
                    }
                ));
            }
            table.push_str(&format!("{kind}\t{c:?}\t{n}\t{o}\n"));
        }
    }
    println!("component\tcase\tnewman\tpostgen\n{table}");
    assert!(
        unexpected.is_empty(),
        "{} encodings differ from newman's:\n{}",
        unexpected.len(),
        unexpected.join("\n")
    );
}

/// `$POSTGEN_NEWMAN`, relative to the workspace root.
fn newman() -> Option<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let path = root.join(std::env::var_os("POSTGEN_NEWMAN")?);
    assert!(
        path.exists(),
        "POSTGEN_NEWMAN is set, but {} does not exist",
        path.display()
    );
    Some(path)
}
