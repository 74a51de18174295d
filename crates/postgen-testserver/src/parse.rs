//! Decoding of recorded requests: percent-encoding, query strings, forms, multipart bodies.

use crate::Part;
use crate::wire::find;

/// Percent-decodes `s` (invalid escapes are kept as written), then converts to UTF-8 lossily.
/// With `plus_as_space`, `+` becomes a space (form encoding); otherwise `+` stays `+`.
pub fn percent_decode(s: &str, plus_as_space: bool) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push(h << 4 | l);
                    i += 3;
                }
                _ => {
                    out.push(b'%');
                    i += 1;
                }
            },
            b'+' if plus_as_space => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// `a=1&b&c=x%20y` → `[("a", Some("1")), ("b", None), ("c", Some("x y"))]`; empty pieces are skipped.
pub fn query_pairs(query: &str) -> Vec<(String, Option<String>)> {
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once('=') {
            Some((k, v)) => (percent_decode(k, false), Some(percent_decode(v, false))),
            None => (percent_decode(p, false), None),
        })
        .collect()
}

/// `application/x-www-form-urlencoded` pairs; `+` is a space, a key without `=` has value "".
pub fn form_pairs(body: &str) -> Vec<(String, String)> {
    body.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (percent_decode(k, true), percent_decode(v, true))
        })
        .collect()
}

/// Splits a header value such as `form-data; name="a;b"; filename=x` into its first token and
/// its parameters (names lower-cased, quoted values unquoted, `\x` escapes resolved).
pub fn header_params(value: &str) -> (String, Vec<(String, String)>) {
    let mut pieces = Vec::new();
    let mut current = String::new();
    let mut in_quotes = false;
    let mut escaped = false;
    for c in value.chars() {
        if escaped {
            current.push(c);
            escaped = false;
            continue;
        }
        match c {
            '\\' if in_quotes => {
                current.push(c);
                escaped = true;
            }
            '"' => {
                current.push(c);
                in_quotes = !in_quotes;
            }
            ';' if !in_quotes => pieces.push(std::mem::take(&mut current)),
            _ => current.push(c),
        }
    }
    pieces.push(current);
    let mut iter = pieces.into_iter();
    let first = iter.next().unwrap_or_default().trim().to_string();
    let params = iter
        .filter_map(|p| {
            let (k, v) = p.split_once('=')?;
            let v = v.trim();
            let v = match v.strip_prefix('"').and_then(|v| v.strip_suffix('"')) {
                Some(inner) => unescape(inner),
                None => v.to_string(),
            };
            Some((k.trim().to_ascii_lowercase(), v))
        })
        .collect();
    (first, params)
}

fn unescape(quoted: &str) -> String {
    let mut out = String::with_capacity(quoted.len());
    let mut chars = quoted.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(next) = chars.next() {
                out.push(next);
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Parses a `multipart/form-data` body delimited by `boundary` (RFC 7578 / RFC 2046).
pub fn multipart(body: &[u8], boundary: &str) -> Result<Vec<Part>, String> {
    if boundary.is_empty() {
        return Err("empty multipart boundary".into());
    }
    let delim = format!("--{boundary}").into_bytes();
    let mut crlf_delim = b"\r\n".to_vec();
    crlf_delim.extend_from_slice(&delim);

    // Start of the first delimiter line (anything before it is preamble).
    let mut pos = if body.starts_with(&delim) {
        0
    } else {
        find(body, &crlf_delim)
            .map(|p| p + 2)
            .ok_or_else(|| format!("boundary {boundary:?} not found in body"))?
    };
    let mut parts = Vec::new();
    loop {
        let mut at = pos + delim.len();
        let rest = &body[at..];
        if rest.starts_with(b"--") {
            return Ok(parts);
        }
        // Optional transport padding, then CRLF.
        while matches!(body.get(at), Some(b' ' | b'\t')) {
            at += 1;
        }
        if !body[at..].starts_with(b"\r\n") {
            return Err("boundary line not followed by CRLF".into());
        }
        at += 2;
        let (headers, content_start) = if body[at..].starts_with(b"\r\n") {
            (Vec::new(), at + 2)
        } else {
            let end = find(&body[at..], b"\r\n\r\n").ok_or("part headers not terminated")?;
            (part_headers(&body[at..at + end])?, at + end + 4)
        };
        let content_len = find(&body[content_start..], &crlf_delim)
            .ok_or("missing closing boundary (part not terminated)")?;
        let content = body[content_start..content_start + content_len].to_vec();
        parts.push(make_part(headers, content)?);
        pos = content_start + content_len + 2;
    }
}

fn part_headers(raw: &[u8]) -> Result<Vec<(String, String)>, String> {
    String::from_utf8_lossy(raw)
        .split("\r\n")
        .map(|line| {
            let (k, v) = line
                .split_once(':')
                .ok_or_else(|| format!("bad part header line {line:?}"))?;
            Ok((k.to_string(), v.trim_matches([' ', '\t']).to_string()))
        })
        .collect()
}

fn make_part(headers: Vec<(String, String)>, body: Vec<u8>) -> Result<Part, String> {
    let get = |name: &str| {
        headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.clone())
    };
    let disposition = get("content-disposition").ok_or("part without Content-Disposition")?;
    let (kind, params) = header_params(&disposition);
    if !kind.eq_ignore_ascii_case("form-data") {
        return Err(format!("part disposition is {kind:?}, not form-data"));
    }
    let param = |name: &str| {
        params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    };
    let name = param("name").ok_or("part without a name")?;
    Ok(Part {
        name,
        file_name: param("filename"),
        content_type: get("content-type"),
        headers,
        body,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(x: &str) -> String {
        x.to_string()
    }

    #[test]
    fn percent_decoding() {
        assert_eq!(percent_decode("a%20b+c%2Bd", false), "a b+c+d");
        assert_eq!(percent_decode("a%20b+c%2Bd", true), "a b c+d");
        assert_eq!(percent_decode("%E2%82%AC%e2%82%ac", false), "€€");
        assert_eq!(percent_decode("100%", false), "100%");
        assert_eq!(percent_decode("%4", false), "%4");
        assert_eq!(percent_decode("%zz%41", false), "%zzA");
        assert_eq!(percent_decode("%FF", false), "\u{FFFD}");
    }

    #[test]
    fn query_pairs_split_and_decode() {
        assert_eq!(
            query_pairs("x=1&y&z=a%2Fb+c&&e=&=v&k=a=b"),
            vec![
                (s("x"), Some(s("1"))),
                (s("y"), None),
                (s("z"), Some(s("a/b+c"))),
                (s("e"), Some(s(""))),
                (s(""), Some(s("v"))),
                (s("k"), Some(s("a=b"))),
            ]
        );
        assert_eq!(query_pairs(""), vec![]);
    }

    #[test]
    fn form_pairs_plus_is_space() {
        assert_eq!(
            form_pairs("a=1+2&b%20c=%2B&flag&d=x%3Dy"),
            vec![
                (s("a"), s("1 2")),
                (s("b c"), s("+")),
                (s("flag"), s("")),
                (s("d"), s("x=y")),
            ]
        );
    }

    #[test]
    fn header_params_quotes_and_escapes() {
        let (kind, params) = header_params(r#"form-data; name="a;b"; filename="x\"y.txt"; Size=3"#);
        assert_eq!(kind, "form-data");
        assert_eq!(
            params,
            vec![
                (s("name"), s("a;b")),
                (s("filename"), s("x\"y.txt")),
                (s("size"), s("3")),
            ]
        );
        let (kind, params) = header_params("multipart/form-data; boundary=abc");
        assert_eq!(kind, "multipart/form-data");
        assert_eq!(params, vec![(s("boundary"), s("abc"))]);
    }

    #[test]
    fn multipart_parts_exact() {
        let body = b"preamble\r\n--XyZ\r\n\
Content-Disposition: form-data; name=\"field\"\r\n\r\nvalue 1\r\n\
--XyZ  \r\n\
content-disposition: form-data; name=\"file\"; filename=\"a b.bin\"\r\n\
Content-Type: application/octet-stream\r\n\r\n\x00\x01\r\n--X\xff\r\n\
--XyZ--\r\nepilogue";
        let parts = multipart(body, "XyZ").unwrap();
        assert_eq!(parts.len(), 2);
        assert_eq!(
            parts[0],
            Part {
                name: s("field"),
                file_name: None,
                content_type: None,
                headers: vec![(s("Content-Disposition"), s("form-data; name=\"field\""))],
                body: b"value 1".to_vec(),
            }
        );
        assert_eq!(parts[1].name, "file");
        assert_eq!(parts[1].file_name.as_deref(), Some("a b.bin"));
        assert_eq!(
            parts[1].content_type.as_deref(),
            Some("application/octet-stream")
        );
        assert_eq!(parts[1].body, b"\x00\x01\r\n--X\xff".to_vec());
    }

    #[test]
    fn multipart_empty_form_and_empty_part() {
        assert_eq!(multipart(b"--b--\r\n", "b").unwrap(), vec![]);
        let body = b"--b\r\nContent-Disposition: form-data; name=\"e\"\r\n\r\n\r\n--b--";
        let parts = multipart(body, "b").unwrap();
        assert_eq!(parts.len(), 1);
        assert_eq!(parts[0].body, b"");
    }

    #[test]
    fn multipart_errors() {
        assert!(multipart(b"nothing here", "b").is_err());
        assert!(
            multipart(
                b"--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx",
                "b"
            )
            .is_err()
        );
        assert!(multipart(b"--b\r\nContent-Type: text/plain\r\n\r\nx\r\n--b--", "b").is_err());
        assert!(
            multipart(
                b"--b\r\nContent-Disposition: form-data\r\n\r\nx\r\n--b--",
                "b"
            )
            .is_err()
        );
        assert!(multipart(b"--bX\r\n", "b").is_err());
        assert!(multipart(b"--b--", "").is_err());
    }
}
