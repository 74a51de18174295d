//! A saved example as a server would send it: strict JSON, and placeholders (`"<integer>"`,
//! a bare `{{id}}`) replaced by a value of the type inferred for their place. Tests of generated
//! code decode this instead of the saved text, which no server sends.

use std::borrow::Cow;

use super::intern::{Key, Proto};
use super::shape;
use crate::json::{self, Kind as J, Member, Span, Value};

/// `None` when `text` is strict JSON without type placeholders (decode it as it is), or not JSON.
pub fn realize(text: &str, key: &Key, protos: &[Proto]) -> Option<String> {
    let value = json::parse(text, json::Options::lenient()).ok()?;
    let mut changed = json::parse(text, json::Options::default()).is_err();
    let out = fill(&value, key, protos, &mut changed);
    changed.then(|| json::to_compact_string(&out))
}

fn fill<'a>(v: &Value<'a>, key: &Key, protos: &[Proto], changed: &mut bool) -> Value<'a> {
    let key = match key {
        Key::Option(_) if v.is_null() => return v.clone(),
        Key::Option(k) => k,
        k => k,
    };
    match (&v.kind, key) {
        (J::Placeholder(_), k) => {
            *changed = true;
            sample(k, protos)
        }
        (J::String(s), k) if !matches!(k, Key::String | Key::Json) && shape::hint(s).is_some() => {
            *changed = true;
            sample(k, protos)
        }
        (J::Array(items), Key::Vec(el)) => value(J::Array(
            items.iter().map(|i| fill(i, el, protos, changed)).collect(),
        )),
        (J::Object(members), Key::Struct(id)) => {
            let fields = protos.get(*id).map_or(&[][..], |p| p.fields.as_slice());
            value(J::Object(
                members
                    .iter()
                    .map(|m| {
                        let k = fields
                            .iter()
                            .find(|(name, _)| *name == m.key)
                            .map_or(&Key::Json, |(_, k)| k);
                        Member {
                            key: m.key.clone(),
                            key_span: m.key_span,
                            value: fill(&m.value, k, protos, changed),
                        }
                    })
                    .collect(),
            ))
        }
        _ => v.clone(),
    }
}

/// Some value of type `key`.
fn sample<'a>(key: &Key, protos: &[Proto]) -> Value<'a> {
    value(match key {
        Key::String => J::String(Cow::Borrowed("")),
        Key::I64 | Key::U64 => J::Number("0"),
        Key::F64 => J::Number("0.5"),
        Key::Bool => J::Bool(false),
        Key::Json | Key::Option(_) | Key::Nullable(_) => J::Null,
        Key::Vec(_) => J::Array(Vec::new()),
        Key::Struct(id) => J::Object(
            protos
                .get(*id)
                .map_or(&[][..], |p| p.fields.as_slice())
                .iter()
                .filter(|(_, k)| !matches!(k, Key::Option(_)))
                .map(|(name, k)| Member {
                    key: Cow::Owned(name.clone()),
                    key_span: Span::default(),
                    value: sample(k, protos),
                })
                .collect(),
        ),
    })
}

fn value(kind: J<'_>) -> Value<'_> {
    Value {
        span: Span::default(),
        kind,
    }
}
