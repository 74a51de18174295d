//! Serialising a [`Value`] back to JSON text.

use super::{Kind, Member, Value};

/// An array or object being written: its remaining children.
enum Open<'v, 'a> {
    Array(std::slice::Iter<'v, Value<'a>>, bool),
    Object(std::slice::Iter<'v, Member<'a>>, bool),
}

/// Serialises `value` to compact JSON text (no whitespace; members in order, duplicates kept).
///
/// Placeholders become `null`. Numbers are written as their raw text. Strings are escaped like
/// `serde_json` does: `"`, `\` and control characters only. Works without recursion, however
/// deeply `value` is nested.
pub fn to_compact_string(value: &Value<'_>) -> String {
    let mut out = String::new();
    let mut stack: Vec<Open<'_, '_>> = Vec::new();
    let mut next = Some(value);
    loop {
        if let Some(value) = next.take() {
            match &value.kind {
                Kind::Null | Kind::Placeholder(_) => out.push_str("null"),
                Kind::Bool(true) => out.push_str("true"),
                Kind::Bool(false) => out.push_str("false"),
                Kind::Number(raw) => out.push_str(raw),
                Kind::String(s) => write_string(&mut out, s),
                Kind::Array(elements) => {
                    out.push('[');
                    stack.push(Open::Array(elements.iter(), true));
                }
                Kind::Object(members) => {
                    out.push('{');
                    stack.push(Open::Object(members.iter(), true));
                }
            }
        }
        let Some(open) = stack.last_mut() else {
            return out;
        };
        match open {
            Open::Array(elements, first) => match elements.next() {
                Some(element) => {
                    if !std::mem::take(first) {
                        out.push(',');
                    }
                    next = Some(element);
                }
                None => {
                    out.push(']');
                    stack.pop();
                }
            },
            Open::Object(members, first) => match members.next() {
                Some(member) => {
                    if !std::mem::take(first) {
                        out.push(',');
                    }
                    write_string(&mut out, &member.key);
                    out.push(':');
                    next = Some(&member.value);
                }
                None => {
                    out.push('}');
                    stack.pop();
                }
            },
        }
    }
}

fn write_string(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    let mut plain_from = 0;
    for (i, b) in s.bytes().enumerate() {
        let escape = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0C => "\\f",
            0..=0x1F => "",
            _ => continue,
        };
        out.push_str(s.get(plain_from..i).unwrap_or_default());
        plain_from = i + 1;
        if escape.is_empty() {
            out.push_str("\\u00");
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0xF)]));
        } else {
            out.push_str(escape);
        }
    }
    out.push_str(s.get(plain_from..).unwrap_or_default());
    out.push('"');
}
