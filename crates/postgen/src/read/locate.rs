//! Key paths: from a span in an input file's tree (or an offset in text that does not parse)
//! to the path of keys and indices that leads there, as messages show it.

use crate::json::{Kind, Span, Value};

/// The JSON path of the value (or key) at `span`: `item[3].request.method`.
pub fn json_path(root: &Value<'_>, span: Span) -> String {
    let mut path = String::new();
    let mut current = root;
    loop {
        if current.span == span {
            break;
        }
        let next = match &current.kind {
            Kind::Object(members) => {
                let mut next = None;
                for m in members {
                    if m.key_span == span {
                        push_key(&mut path, &m.key);
                        return path;
                    }
                    if contains(m.value.span, span) {
                        push_key(&mut path, &m.key);
                        next = Some(&m.value);
                        break;
                    }
                }
                next
            }
            Kind::Array(items) => {
                let i = items.partition_point(|v| v.span.end <= span.start);
                match items.get(i) {
                    Some(v) if contains(v.span, span) => {
                        path.push_str(&format!("[{i}]"));
                        Some(v)
                    }
                    _ => None,
                }
            }
            _ => None,
        };
        match next {
            Some(n) => current = n,
            None => break,
        }
    }
    path
}

/// The JSON path of the place at `offset` in text that may not parse (for syntax errors): the
/// containers open at that point, scanned up to it.
pub fn path_at(text: &str, offset: usize) -> String {
    enum Frame {
        Object { key: Option<String> },
        Array { index: usize },
    }
    let bytes = text.as_bytes();
    let end = offset.min(bytes.len());
    let mut stack: Vec<Frame> = Vec::new();
    let mut i = 0;
    // In an object, whether the next string is a key.
    let mut expect_key = false;
    while i < end {
        match bytes[i] {
            b'"' => {
                let start = i + 1;
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    if bytes[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
                if expect_key {
                    if let Some(Frame::Object { key }) = stack.last_mut() {
                        *key = Some(text.get(start..i.min(text.len())).unwrap_or("").to_owned());
                    }
                    expect_key = false;
                }
            }
            b'{' => {
                stack.push(Frame::Object { key: None });
                expect_key = true;
            }
            b'[' => stack.push(Frame::Array { index: 0 }),
            b'}' | b']' => {
                stack.pop();
                expect_key = false;
            }
            b',' => match stack.last_mut() {
                Some(Frame::Array { index }) => *index += 1,
                Some(Frame::Object { key }) => {
                    *key = None;
                    expect_key = true;
                }
                None => {}
            },
            _ => {}
        }
        i += 1;
    }
    let mut path = String::new();
    for f in &stack {
        match f {
            Frame::Object { key: Some(k) } => push_key(&mut path, k),
            Frame::Object { key: None } => {}
            Frame::Array { index } => path.push_str(&format!("[{index}]")),
        }
    }
    path
}

fn contains(outer: Span, inner: Span) -> bool {
    outer.start <= inner.start && inner.end <= outer.end
}

pub(super) fn push_key(path: &mut String, key: &str) {
    let plain = key.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if plain {
        if !path.is_empty() {
            path.push('.');
        }
        path.push_str(key);
    } else {
        path.push_str(&format!("[{key:?}]"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::{Options, parse};

    #[test]
    fn paths_to_values_and_keys() {
        let text = "{\"item\": [ {\"a\": 1}, {\"request\": {\"method\": 5, \"x-y\": true}} ]}";
        let root = parse(text, Options::default()).unwrap();
        let method = root.get("item").unwrap().as_array().unwrap()[1]
            .get("request")
            .unwrap()
            .get("method")
            .unwrap();
        assert_eq!(json_path(&root, method.span), "item[1].request.method");
        let xy = root.get("item").unwrap().as_array().unwrap()[1]
            .get("request")
            .unwrap()
            .get("x-y")
            .unwrap();
        assert_eq!(json_path(&root, xy.span), "item[1].request[\"x-y\"]");
        assert_eq!(json_path(&root, root.span), "");
    }

    #[test]
    fn paths_at_syntax_errors() {
        let text = "{\"item\": [{\"a\": 1}, {\"request\": {\"method\": ,}}]}";
        let at = text.find(": ,").unwrap() + 2;
        assert_eq!(path_at(text, at), "item[1].request.method");
    }
}
