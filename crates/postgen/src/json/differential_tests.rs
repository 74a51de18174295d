//! Strict mode compared with `serde_json` (a dev-dependency) on tricky documents: when both
//! accept a document they must agree on its value, and when one rejects it so must the other,
//! except for the documented differences at the end.

use std::collections::BTreeMap;

use serde_json::Value as Json;

use super::*;

/// Whether our value means the same as serde_json's (objects: the last duplicate key wins, as in
/// `serde_json::Map`; numbers: the same integer, or the same `f64`).
fn same(ours: &Value<'_>, theirs: &Json) -> bool {
    match (&ours.kind, theirs) {
        (Kind::Null, Json::Null) => true,
        (Kind::Bool(a), Json::Bool(b)) => a == b,
        (Kind::Number(raw), Json::Number(n)) => {
            if let Some(i) = n.as_i64() {
                raw.parse::<i64>() == Ok(i)
            } else if let Some(u) = n.as_u64() {
                raw.parse::<u64>() == Ok(u)
            } else {
                let (a, b) = (raw.parse::<f64>().ok(), n.as_f64());
                a == b
            }
        }
        (Kind::String(a), Json::String(b)) => a == b,
        (Kind::Array(a), Json::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same(x, y))
        }
        (Kind::Object(members), Json::Object(map)) => {
            let mut last = BTreeMap::new();
            for m in members {
                last.insert(&*m.key, &m.value);
            }
            last.len() == map.len()
                && last
                    .iter()
                    .all(|(k, v)| map.get(*k).is_some_and(|t| same(v, t)))
        }
        _ => false,
    }
}

fn tricky_documents() -> Vec<String> {
    let mut docs: Vec<String> = [
        // Scalars at the top level.
        "null",
        "true",
        "false",
        "0",
        "-0",
        "1",
        "-1",
        "0.5",
        "-0.0",
        "1e5",
        "1E5",
        "1e+5",
        "1e-5",
        "-1.5e3",
        "2.5E-3",
        "123456789",
        "9007199254740993",
        "18446744073709551615",
        "18446744073709551616",
        "-9223372036854775808",
        "-9223372036854775809",
        "123456789012345678901234567890",
        "0.1",
        "3.141592653589793",
        "1.7976931348623157e308",
        "5e-324",
        "1e-400",
        "0e0",
        "0E-0",
        "10.0000000000000000001",
        r#""""#,
        r#""a""#,
        r#"" ""#,
        r#""\"""#,
        r#""\\""#,
        r#""\/""#,
        r#""\b\f\n\r\t""#,
        r#""\u0000""#,
        r#""\u001F""#,
        r#""\u00e9\u00E9""#,
        r#""\uFFFF""#,
        r#""\uD83D\uDE00""#,
        r#""\uDBFF\uDFFF""#,
        r#""é😀€ and ✓""#,
        "\"\u{7f}\"",
        "\"\u{2028}\u{2029}\"",
        r#""a very long string that crosses several eight byte blocks, with an escape\nhere""#,
        // Containers.
        "[]",
        "{}",
        "[[]]",
        "[{}]",
        r#"{"":""}"#,
        r#"{"a":{}}"#,
        " [ 1 , 2 ] ",
        "\t\n\r [\n1\r\n]\t",
        r#"{"a": 1, "a": 2}"#,
        r#"{"a": [1, {"a": 2}], "b": {"c": [null, true, false]}}"#,
        r#"[1, "2", [3], {"4": 4}, null, true, false, -5.5e-5]"#,
        r#"{"\u0061": 1, "a\u0000b": 2, "\"": 3}"#,
        // Rejected by both.
        "",
        " ",
        "\u{a0}1",
        "\u{c}1",
        "\u{b}1",
        "nul",
        "tru",
        "True",
        "NULL",
        "nan",
        "NaN",
        "Infinity",
        "-Infinity",
        "undefined",
        "+1",
        ".5",
        "5.",
        "-",
        "--1",
        "01",
        "-01",
        "00",
        "1.e5",
        "1e",
        "1e+",
        "1E-",
        "0x10",
        "1_000",
        "1 2",
        "1,",
        "[1,]",
        "[,1]",
        "[1,,2]",
        "[1 2]",
        "[",
        "]",
        "[[]",
        "[]]",
        "{",
        "}",
        "{\"a\"}",
        "{\"a\":}",
        "{\"a\" 1}",
        "{\"a\":1,}",
        "{,}",
        "{a:1}",
        "{1:1}",
        "{'a':1}",
        "['a']",
        "\"abc",
        "\"abc\\\"",
        "\"\\q\"",
        "\"\\x41\"",
        "\"\\u12\"",
        "\"\\u12G4\"",
        "\"\\U0041\"",
        "\"\\'\"",
        "\"a\nb\"",
        "\"a\tb\"",
        "\"\u{0}\"",
        "\"\u{1f}\"",
        "// c\n1",
        "/* c */ 1",
        "1 // c",
        "{\"a\":1}{}",
        "[] x",
        "truefalse",
        "true false",
        "nullx",
        "{{x}}",
        "{\"a\": {{x}}}",
        "\"\\",
        "\"\\u",
        "[\"a\",]",
        "{\"a\":1 \"b\":2}",
        "[1}",
        "{\"a\":1]",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    // Depth: both limit nesting (serde_json to 127 levels, see below).
    docs.push(format!("{}{}", "[".repeat(127), "]".repeat(127)));
    docs.push(format!("{}{}", "[".repeat(129), "]".repeat(129)));
    docs.push(format!("{}1{}", "{\"a\":".repeat(127), "}".repeat(127)));
    docs.push(format!("{}1{}", "{\"a\":".repeat(129), "}".repeat(129)));
    docs.push("[".repeat(100_000));
    // A realistic fragment of a Postman collection.
    docs.push(
        r#"{
            "info": {"name": "Demo", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
            "item": [{"name": "Get user", "request": {"method": "GET", "header": [],
                "url": {"raw": "{{baseUrl}}/users/:id", "host": ["{{baseUrl}}"], "path": ["users", ":id"]},
                "body": {"mode": "raw", "raw": "{\n  \"id\": {{userId}}\n}"}}}]
        }"#
        .to_string(),
    );
    docs
}

fn short(doc: &str) -> String {
    doc.chars().take(200).collect()
}

#[test]
fn agrees_with_serde_json() {
    let mut both_accept = 0;
    for doc in tricky_documents() {
        let ours = parse(&doc, Options::default());
        let theirs = serde_json::from_str::<Json>(&doc);
        match (&ours, &theirs) {
            (Ok(ours), Ok(theirs)) => {
                both_accept += 1;
                assert!(
                    same(ours, theirs),
                    "{doc:?}: {ours:?} vs {theirs:?}",
                    doc = short(&doc)
                );
                // Our compact output means the same to serde_json, too.
                let compact = to_compact_string(ours);
                let reparsed: Json = serde_json::from_str(&compact).unwrap();
                assert_eq!(&reparsed, theirs, "{doc:?} re-emitted as {compact:?}");
            }
            (Err(_), Err(_)) => {}
            _ => panic!(
                "{:?}: ours {:?}, serde_json {:?}",
                short(&doc),
                ours.as_ref().map(|_| "accepted"),
                theirs.as_ref().map(|_| "accepted")
            ),
        }
    }
    assert!(
        both_accept > 60,
        "only {both_accept} documents accepted by both"
    );
}

/// Where strict mode deliberately differs from serde_json's defaults.
#[test]
fn documented_differences_from_serde_json() {
    // A leading byte order mark is skipped; serde_json rejects it.
    let doc = "\u{feff}{\"a\": 1}";
    assert!(serde_json::from_str::<Json>(doc).is_err());
    let expected: Json = serde_json::from_str("{\"a\": 1}").unwrap();
    assert!(same(&parse(doc, Options::default()).unwrap(), &expected));

    // Lone surrogates become U+FFFD; serde_json rejects them.
    for (doc, decoded) in [
        (r#""\uD800""#, "\u{FFFD}"),
        (r#""\uDC00x""#, "\u{FFFD}x"),
        (r#""\uD800\u0041""#, "\u{FFFD}A"),
    ] {
        assert!(serde_json::from_str::<Json>(doc).is_err(), "{doc}");
        assert_eq!(
            parse(doc, Options::default()).unwrap().as_str(),
            Some(decoded)
        );
    }

    // Numbers are kept as text, so ones beyond f64's range are accepted; serde_json (without
    // `arbitrary_precision`) rejects them.
    for doc in ["1e400", "-1e400", "[1E309]"] {
        assert!(serde_json::from_str::<Json>(doc).is_err(), "{doc}");
        assert!(parse(doc, Options::default()).is_ok(), "{doc}");
    }

    // We accept 128 levels of nesting (the brief's limit); serde_json stops at 127.
    let doc = format!("{}{}", "[".repeat(128), "]".repeat(128));
    assert!(serde_json::from_str::<Json>(&doc).is_err());
    assert!(parse(&doc, Options::default()).is_ok());
}
