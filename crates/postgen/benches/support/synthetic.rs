//! A synthetic Postman collection of any number of requests, the same bytes for the same count,
//! shaped like the large real ones: folders of 20 requests (nested two deep), path variables,
//! query parameters with descriptions, form and raw JSON bodies, saved 2xx and error responses
//! whose JSON bodies vary in shape, Markdown descriptions, and names that collide (so name
//! claiming is exercised). Used by `benches/stages.rs` and `examples/ratio.rs`.
//!
//! [`heavy`] adds what would expose cost that is not linear: a warning on every request (a header
//! without a name) and, on every 100th request, a saved response of about 100 KB.

use std::fmt::Write as _;

/// JSON text of a collection with `requests` requests.
pub fn collection(requests: usize) -> String {
    build(requests, false)
}

/// [`collection`], with a warning on every request and a large saved example every 100.
#[allow(dead_code)] // not every user of this file uses both
pub fn heavy(requests: usize) -> String {
    build(requests, true)
}

fn build(requests: usize, heavy: bool) -> String {
    let mut s = String::with_capacity(requests * 3_000);
    s.push_str(
        r#"{"info":{"name":"Synthetic API","schema":"https://schema.getpostman.com/json/collection/v2.1.0/collection.json","description":"A generated collection for benchmarks."},"auth":{"type":"bearer","bearer":[{"key":"token","value":"{{token}}","type":"string"}]},"variable":[{"key":"baseUrl","value":"https://api.example.com/v1"}],"item":["#,
    );
    let per_folder = 20;
    let folders = requests.div_ceil(per_folder);
    let mut written = 0;
    for f in 0..folders {
        if f > 0 {
            s.push(',');
        }
        // Every fourth folder holds a sub-folder with half of its requests.
        let n = per_folder.min(requests - written);
        let resource = format!("resource{f}");
        write!(
            s,
            r#"{{"name":"Resource {f}","description":"Requests about **resource {f}**.\n\nSee <https://example.com/docs/{f}>.","item":["#
        )
        .unwrap();
        let (outer, inner) = if f % 4 == 3 {
            (n / 2, n - n / 2)
        } else {
            (n, 0)
        };
        for i in 0..outer {
            if i > 0 {
                s.push(',');
            }
            request(&mut s, &resource, written + i, heavy);
        }
        if inner > 0 {
            write!(
                s,
                r#",{{"name":"{{{{{resource}Id}}}}","description":"One resource {f}.","item":["#
            )
            .unwrap();
            for i in 0..inner {
                if i > 0 {
                    s.push(',');
                }
                request(&mut s, &resource, written + outer + i, heavy);
            }
            s.push_str("]}");
        }
        s.push_str("]}");
        written += n;
    }
    s.push_str("]}");
    s
}

fn request(s: &mut String, resource: &str, i: usize, heavy: bool) {
    let kind = i % 5;
    let (method, name) = match kind {
        0 => ("GET", "List items"),
        1 => ("POST", "Create an item"),
        2 => ("GET", "Retrieve an item"),
        3 => ("PATCH", "Update an item"),
        _ => ("DELETE", "Delete an item"),
    };
    // Names repeat every 5 requests within a folder: `list_items`, `list_items_2`, …
    write!(
        s,
        r#"{{"name":"{name}","request":{{"method":"{method}","header":[{{"key":"Accept","value":"application/json"}},{{"key":"X-Request-Id","value":"<string>","description":"An idempotency key for request {i}."}}"#
    )
    .unwrap();
    if heavy {
        s.push_str(r#",{"key":"","value":"a header without a name: warned about"}"#);
    }
    s.push_str("],");
    let with_id = kind >= 2;
    let path = if with_id {
        format!(r#"["{resource}",":id"]"#)
    } else {
        format!(r#"["{resource}"]"#)
    };
    let raw = if with_id {
        format!("{{{{baseUrl}}}}/{resource}/:id?limit=10&expand[0]=owner")
    } else {
        format!("{{{{baseUrl}}}}/{resource}?limit=10&expand[0]=owner")
    };
    write!(
        s,
        r#""url":{{"raw":"{raw}","host":["{{{{baseUrl}}}}"],"path":{path},"query":[{{"key":"limit","value":"10","description":"How many to return, between 1 and 100 (request {i})."}},{{"key":"expand[0]","value":"owner","description":"Which fields to expand."}},{{"key":"starting_after","value":"<string>","description":"A cursor for pagination.","disabled":true}}]"#
    )
    .unwrap();
    if with_id {
        write!(
            s,
            r#","variable":[{{"key":"id","value":"<string>","description":"(Required) The item's identifier."}}]"#
        )
        .unwrap();
    }
    s.push('}');
    match kind {
        1 => write!(
            s,
            r#","body":{{"mode":"raw","raw":"{{\n  \"name\": \"item {i}\",\n  \"count\": {i},\n  \"enabled\": true,\n  \"tags\": [\"a\", \"b\"],\n  \"owner\": {{\"id\": \"u{i}\", \"email\": \"user{i}@example.com\"}}\n}}","options":{{"raw":{{"language":"json"}}}}}}"#
        )
        .unwrap(),
        3 => write!(
            s,
            r#","body":{{"mode":"urlencoded","urlencoded":[{{"key":"name","value":"<string>","description":"The new name."}},{{"key":"metadata[key]","value":"<string>","description":"Set of key-value pairs."}},{{"key":"count","value":"<integer>"}},{{"key":"active","value":"<boolean>"}}]}}"#
        )
        .unwrap(),
        _ => {}
    }
    write!(
        s,
        r#","description":"{name} (request {i}).\n\nReturns the item with its `id`, or an error:\n\n- `404` when it does not exist\n- `429` when rate limited\n\n```json\n{{\"id\": \"x\"}}\n```"}}"#
    )
    .unwrap();
    // Saved responses: a 2xx whose shape depends on the request, and two errors.
    let extra = match i % 7 {
        0 => String::new(),
        1 => r#", \"note\": \"n\""#.to_owned(),
        2 => r#", \"price\": 1.5"#.to_owned(),
        3 => r#", \"items\": [{\"sku\": \"s1\", \"qty\": 2}]"#.to_owned(),
        4 => r#", \"address\": {\"city\": \"Paris\", \"zip\": \"75001\"}"#.to_owned(),
        5 => format!(r#", \"field{}\": true"#, i % 13),
        _ => r#", \"deleted\": false, \"owner\": null"#.to_owned(),
    };
    if heavy && i % 100 == 0 {
        // About 100 KB: 800 records of a few fields each.
        let records: Vec<String> = (0..800)
            .map(|r| {
                format!(
                    r#"{{\"id\": \"rec_{i}_{r}\", \"amount\": {r}, \"label\": \"record number {r} of request {i}\", \"tags\": [\"x\", \"y\"]}}"#
                )
            })
            .collect();
        write!(
            s,
            r#","response":[{{"name":"Large","status":"OK","code":200,"header":[{{"key":"Content-Type","value":"application/json"}}],"body":"{{\"data\": [{}]}}"}}]}}"#,
            records.join(", ")
        )
        .unwrap();
        return;
    }
    write!(
        s,
        r#","response":[{{"name":"OK","originalRequest":{{"method":"{method}","url":{{"raw":"{raw}"}}}},"status":"OK","code":200,"header":[{{"key":"Content-Type","value":"application/json"}}],"body":"{{\"id\": \"item_{i}\", \"object\": \"item\", \"created\": 1700000000, \"name\": \"Item {i}\"{extra}}}"}},{{"name":"Not found","status":"Not Found","code":404,"header":[{{"key":"Content-Type","value":"application/json"}}],"body":"{{\"code\": 1001, \"message\": \"No such item\"}}"}},{{"name":"Too many requests","status":"Too Many Requests","code":429,"body":"{{\"code\": 1002, \"message\": \"Slow down\"}}"}}]}}"#
    )
    .unwrap();
}

/// A collection of one request whose urlencoded form has `fields` fields in bracket notation
/// (Stripe's style): three quarters in lists of 100 items (`items0[i][name]`, `[qty]`,
/// `[tags][0]`, the first half of each list enabled), then `options[k…]`: what exposes grouping
/// cost that is not linear in the width of one form.
#[allow(dead_code)] // not every user of this file uses it
pub fn wide_form(fields: usize) -> String {
    let mut s = String::with_capacity(fields * 90 + 400);
    s.push_str(
        r#"{"info":{"name":"Wide Form","schema":"https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},"item":[{"name":"Create an order","request":{"method":"POST","url":"https://api.example.com/v1/orders","body":{"mode":"urlencoded","urlencoded":["#,
    );
    let in_items = fields / 4 * 3;
    let items = in_items / 3;
    for i in 0..fields {
        if i > 0 {
            s.push(',');
        }
        let (key, enabled) = if i < in_items {
            // Lists of 100 (`items7[42][name]`): an index is read as a position up to 999.
            let item = i / 3;
            let (list, at) = (item / 100, item % 100);
            let key = match i % 3 {
                0 => format!("items{list}[{at}][name]"),
                1 => format!("items{list}[{at}][qty]"),
                _ => format!("items{list}[{at}][tags][0]"),
            };
            (key, at < 50 || item >= items)
        } else {
            (format!("options[k{i}]"), true)
        };
        let disabled = if enabled { "" } else { r#","disabled":true"# };
        write!(
            s,
            r#"{{"key":"{key}","value":"{i}","type":"text"{disabled}}}"#
        )
        .unwrap();
    }
    s.push_str("]}}}]}");
    s
}
