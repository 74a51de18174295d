//! Comparing what newman sent with what the generated client sent, request by request, with
//! exactly the normalisations the issue allows: headers that only say which client sent the
//! request (`User-Agent`, `Postman-Token`, `Cache-Control: no-cache`, `Accept: */*` when the
//! collection sets no `Accept`, `Accept-Encoding`, `Connection`, `Host`), the multipart boundary,
//! and `Content-Length` where the bodies compare equal. Paths and query values are compared
//! percent-decoded (a server sees the same value), query pairs in order.

use postgen_testserver::{Recorded, percent_decode};

use super::collection::TAG;

/// One difference: what differs (a stable key, for the allow-list) and a one-line description.
#[derive(Clone, Debug)]
pub struct Difference {
    pub what: String,
    pub text: String,
}

fn diff(what: impl Into<String>, text: impl Into<String>) -> Difference {
    Difference {
        what: what.into(),
        text: text.into(),
    }
}

/// Shows a value on one line, shortened.
pub fn show(s: &str) -> String {
    let mut out: String = s.escape_debug().collect();
    if out.chars().count() > 160 {
        out = out.chars().take(157).collect::<String>() + "…";
    }
    format!("\"{out}\"")
}

/// The differences between newman's request and ours (`host`: which host each went to).
pub fn compare(
    newman: &Recorded,
    newman_host: usize,
    ours: &Recorded,
    our_host: usize,
    sets_accept: bool,
) -> Vec<Difference> {
    let mut out = Vec::new();
    if newman_host != our_host {
        out.push(diff(
            "host",
            format!("host: newman host #{newman_host}, postgen host #{our_host}"),
        ));
    }
    if newman.method != ours.method {
        out.push(diff(
            "method",
            format!("method: newman {}, postgen {}", newman.method, ours.method),
        ));
    }
    let (np, op) = (path_segments(&newman.path), path_segments(&ours.path));
    if np != op {
        let placeholders = np.len() == op.len()
            && np
                .iter()
                .zip(&op)
                .all(|(n, o)| n == o || is_type_placeholder(n));
        // A base URL ending in `/` joined to a path starting with one.
        let doubled =
            newman.path.contains("//") && path_segments(&newman.path.replace("//", "/")) == op;
        out.push(diff(
            if placeholders {
                "path: type placeholder"
            } else if doubled {
                "path: doubled slash"
            } else {
                "path"
            },
            format!(
                "path: newman {}, postgen {}",
                show(&newman.path),
                show(&ours.path)
            ),
        ));
    }
    let (nq, oq) = (
        query_pairs(newman.query.as_deref()),
        query_pairs(ours.query.as_deref()),
    );
    if nq != oq {
        // Without the parameters newman sends a type placeholder for, do they agree?
        let placeholder_keys: Vec<&String> = nq
            .iter()
            .filter(|(_, v)| v.as_deref().is_some_and(is_type_placeholder))
            .map(|(k, _)| k)
            .collect();
        let without = |q: &[(String, Option<String>)]| -> Vec<(String, Option<String>)> {
            q.iter()
                .filter(|(k, _)| !placeholder_keys.contains(&k))
                .cloned()
                .collect()
        };
        let placeholders = !placeholder_keys.is_empty() && without(&nq) == without(&oq);
        out.push(diff(
            if placeholders {
                "query: type placeholder"
            } else {
                "query"
            },
            format!(
                "query: newman {}, postgen {}",
                show(newman.query.as_deref().unwrap_or("")),
                show(ours.query.as_deref().unwrap_or(""))
            ),
        ));
    }

    let body_diff = compare_bodies(newman, ours);
    let bodies_equal = body_diff.is_none();
    let body_what = body_diff.as_ref().map(|d| d.what.clone());
    out.extend(body_diff);
    // Equal as JSON but written differently: what hashes the bytes cannot agree.
    let same_json_other_bytes = bodies_equal && newman.body != ours.body;

    let nh = headers(newman, sets_accept, bodies_equal);
    let oh = headers(ours, sets_accept, bodies_equal);
    let mut names: Vec<&String> = nh.iter().chain(&oh).map(|(k, _)| k).collect();
    names.sort();
    names.dedup();
    for name in names {
        let nv: Vec<&str> = nh
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect();
        let ov: Vec<&str> = oh
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect();
        if nv != ov {
            let side = |v: &[&str]| match v {
                [] => "none".to_owned(),
                v => v.iter().map(|s| show(s)).collect::<Vec<_>>().join(", "),
            };
            let signs_body = name == "x-amz-content-sha256"
                || (name == "authorization"
                    && nv.iter().any(|v| v.starts_with("AWS4-HMAC-SHA256")));
            let what = if signs_body && same_json_other_bytes {
                format!("header {name}: hash of the same JSON written differently")
            } else if let (true, Some(body)) = (name == "content-length", &body_what) {
                // It follows the body's difference.
                format!("header content-length ({body})")
            } else {
                format!("header {name}")
            };
            out.push(diff(
                what,
                format!("header {name}: newman {}, postgen {}", side(&nv), side(&ov)),
            ));
        }
    }
    out
}

/// The headers that take part in the comparison, names lower-cased, in order.
fn headers(r: &Recorded, sets_accept: bool, bodies_equal: bool) -> Vec<(String, String)> {
    let multipart = is_multipart(r);
    r.headers
        .iter()
        .filter_map(|(k, v)| {
            let k = k.to_ascii_lowercase();
            let drop = match k.as_str() {
                "user-agent" | "postman-token" | "accept-encoding" | "connection" | "host" => true,
                "cache-control" => v.trim() == "no-cache",
                "accept" => !sets_accept && v.trim() == "*/*",
                "content-length" => bodies_equal,
                _ => k == TAG,
            };
            if drop {
                return None;
            }
            // The multipart boundary is the sender's choice.
            let v = if k == "content-type" && multipart {
                v.split(';')
                    .map(str::trim)
                    .filter(|p| !p.to_ascii_lowercase().starts_with("boundary="))
                    .collect::<Vec<_>>()
                    .join("; ")
            } else {
                v.clone()
            };
            Some((k, v))
        })
        .collect()
}

fn content_type(r: &Recorded) -> String {
    r.header("content-type").unwrap_or("").to_ascii_lowercase()
}

fn is_multipart(r: &Recorded) -> bool {
    content_type(r).starts_with("multipart/form-data")
}

/// Path segments, percent-decoded (split before decoding, so an encoded `/` stays in its segment).
fn path_segments(path: &str) -> Vec<String> {
    path.split('/').map(|s| percent_decode(s, false)).collect()
}

/// Query pairs in order, percent-decoded; a key without `=` has no value.
fn query_pairs(query: Option<&str>) -> Vec<(String, Option<String>)> {
    let Some(q) = query else {
        return Vec::new();
    };
    q.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once('=') {
            Some((k, v)) => (percent_decode(k, false), Some(percent_decode(v, false))),
            None => (percent_decode(p, false), None),
        })
        .collect()
}

/// How a body compares: multipart as its parts, urlencoded as its pairs in order, JSON as JSON,
/// anything else byte for byte.
fn compare_bodies(newman: &Recorded, ours: &Recorded) -> Option<Difference> {
    if newman.body.is_empty() && ours.body.is_empty() {
        return None;
    }
    if is_multipart(newman) && is_multipart(ours) {
        return match (newman.multipart(), ours.multipart()) {
            (Ok(n), Ok(o)) => {
                let summary = |parts: &[postgen_testserver::Part]| -> Vec<String> {
                    parts
                        .iter()
                        .map(|p| {
                            format!(
                                "{}{}{}={}",
                                p.name,
                                p.file_name
                                    .as_deref()
                                    .map(|f| format!(" (file {f:?})"))
                                    .unwrap_or_default(),
                                p.content_type
                                    .as_deref()
                                    .map(|c| format!(" [{c}]"))
                                    .unwrap_or_default(),
                                String::from_utf8_lossy(&p.body)
                            )
                        })
                        .collect()
                };
                let (ns, os) = (summary(&n), summary(&o));
                if ns == os {
                    return None;
                }
                let placeholders = n.len() == o.len()
                    && n.iter().zip(&o).all(|(a, b)| {
                        a.name == b.name
                            && a.file_name == b.file_name
                            && a.content_type == b.content_type
                            && (a.body == b.body
                                || is_type_placeholder(&String::from_utf8_lossy(&a.body)))
                    });
                let first = (0..ns.len().max(os.len()))
                    .find(|&i| ns.get(i) != os.get(i))
                    .unwrap_or(0);
                Some(diff(
                    if placeholders {
                        "body: type placeholder"
                    } else {
                        "body"
                    },
                    format!(
                        "multipart part #{first} of {}/{}: newman {}, postgen {}",
                        ns.len(),
                        os.len(),
                        show(ns.get(first).map_or("none", String::as_str)),
                        show(os.get(first).map_or("none", String::as_str))
                    ),
                ))
            }
            (n, o) => Some(diff(
                "body",
                format!("multipart body does not parse: newman {n:?}, postgen {o:?}"),
            )),
        };
    }
    let urlencoded =
        |r: &Recorded| content_type(r).starts_with("application/x-www-form-urlencoded");
    if urlencoded(newman) && urlencoded(ours) {
        let (n, o) = (newman.form_pairs(), ours.form_pairs());
        if n == o {
            return None;
        }
        let placeholders = n.len() == o.len()
            && n.iter()
                .zip(&o)
                .all(|((nk, nv), (ok, ov))| nk == ok && (nv == ov || is_type_placeholder(nv)));
        return Some(diff(
            if placeholders {
                "body: type placeholder"
            } else {
                "body"
            },
            format!(
                "urlencoded body: newman {}, postgen {}",
                show(&newman.body_text()),
                show(&ours.body_text())
            ),
        ));
    }
    if let (Ok(n), Ok(o)) = (
        serde_json::from_slice::<serde_json::Value>(&newman.body),
        serde_json::from_slice::<serde_json::Value>(&ours.body),
    ) {
        if n == o {
            return None;
        }
        return Some(diff(
            if same_but_placeholders(&n, &o) {
                "body: type placeholder"
            } else {
                "body"
            },
            format!(
                "JSON body: newman {}, postgen {}",
                show(&n.to_string()),
                show(&o.to_string())
            ),
        ));
    }
    if newman.body == ours.body {
        return None;
    }
    // The collection's JSON example is not JSON as written (trailing commas and the like), which
    // newman sends as it is; does it mean what postgen sent?
    if let (Some(n), Ok(o)) = (
        lenient_json(&newman.body),
        serde_json::from_slice::<serde_json::Value>(&ours.body),
    ) && (n == o || same_but_placeholders(&n, &o))
    {
        return Some(diff(
            "body: not JSON as written",
            format!(
                "body: newman {} (not JSON), postgen {}",
                show(&newman.body_text()),
                show(&o.to_string())
            ),
        ));
    }
    Some(diff(
        "body",
        format!(
            "body: newman {} ({} bytes), postgen {} ({} bytes)",
            show(&newman.body_text()),
            newman.body.len(),
            show(&ours.body_text()),
            ours.body.len()
        ),
    ))
}

/// openapi-to-postman's placeholder for a number or boolean (`<integer>`, `<long>`, `<number>`,
/// `<boolean>`, …): a type written where a value belongs, which newman sends as it is written
/// and a typed client cannot (it sends a value of that type instead).
pub fn is_type_placeholder(s: &str) -> bool {
    let Some(inner) = s.strip_prefix('<').and_then(|s| s.strip_suffix('>')) else {
        return false;
    };
    matches!(
        inner.to_ascii_lowercase().as_str(),
        "integer"
            | "long"
            | "int"
            | "int32"
            | "int64"
            | "number"
            | "float"
            | "double"
            | "decimal"
            | "boolean"
            | "bool"
    )
}

/// Whether two JSON values differ only where newman's has a type placeholder and ours a number
/// or boolean.
fn same_but_placeholders(n: &serde_json::Value, o: &serde_json::Value) -> bool {
    use serde_json::Value as V;
    match (n, o) {
        (V::String(s), V::Number(_) | V::Bool(_)) => is_type_placeholder(s),
        (V::Array(a), V::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same_but_placeholders(x, y))
        }
        (V::Object(a), V::Object(b)) => {
            a.len() == b.len()
                && a.iter()
                    .all(|(k, x)| b.get(k).is_some_and(|y| same_but_placeholders(x, y)))
        }
        _ => n == o,
    }
}

/// The body read as JSON the way postgen reads a collection's example leniently (comments,
/// trailing commas, raw control characters in strings); `None` if it is not even that.
pub fn lenient_json(body: &[u8]) -> Option<serde_json::Value> {
    let text = std::str::from_utf8(body).ok()?;
    // Raw control characters in strings, escaped.
    let mut escaped = String::with_capacity(text.len());
    let mut in_string = false;
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' if in_string => {
                escaped.push(c);
                escaped.extend(chars.next());
            }
            '"' => {
                in_string = !in_string;
                escaped.push(c);
            }
            c if in_string && c < ' ' => escaped.push_str(&format!("\\u{:04x}", c as u32)),
            c => escaped.push(c),
        }
    }
    let v =
        postgen::stages::json::parse(&escaped, postgen::stages::json::Options::lenient()).ok()?;
    serde_json::from_str(&postgen::stages::json::to_compact_string(&v)).ok()
}
