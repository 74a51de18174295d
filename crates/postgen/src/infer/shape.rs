//! The shape of JSON examples: a small lattice that several examples merge into.

use crate::json::{Kind as J, Value};

/// What the examples say about a value: its kind and whether it was ever `null`.
#[derive(Clone, Debug, PartialEq)]
pub struct Ty {
    pub kind: Kind,
    pub nullable: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Kind {
    /// Nothing known: a bare `{{placeholder}}`, `null`, the element of an empty array.
    Unknown,
    Bool,
    /// An integral number that fits `i64`.
    Int,
    /// An integral number beyond `i64` that fits `u64`.
    UInt,
    Float,
    Str,
    /// Examples disagree (a string here, a number there).
    Any,
    Array(Box<Ty>),
    Object(Obj),
}

/// An object: its fields in the order first seen, and how many objects were merged into it.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Obj {
    pub fields: Vec<Field>,
    pub seen: usize,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    pub key: String,
    pub ty: Ty,
    /// In how many of the merged objects the key appeared.
    pub seen: usize,
    /// The first scalar value an example gives it, as JSON text (for docs).
    pub example: Option<String>,
}

impl Ty {
    pub fn of(kind: Kind) -> Ty {
        Ty {
            kind,
            nullable: false,
        }
    }

    pub fn unknown() -> Ty {
        Ty::of(Kind::Unknown)
    }
}

/// The shape of one example value.
pub fn of_value(v: &Value<'_>) -> Ty {
    match &v.kind {
        J::Null => Ty {
            kind: Kind::Unknown,
            nullable: true,
        },
        J::Bool(_) => Ty::of(Kind::Bool),
        J::Number(raw) => Ty::of(number(raw)),
        J::String(s) => Ty::of(hint(s).unwrap_or(Kind::Str)),
        // Postman puts the variable's value in as it is: nothing is known of its type.
        J::Placeholder(_) => Ty::unknown(),
        J::Array(items) => {
            let mut el = Ty::unknown();
            for item in items {
                el = merge(el, of_value(item));
            }
            Ty::of(Kind::Array(Box::new(el)))
        }
        // A key built from a `{{variable}}` is a name known only at run time: no struct field
        // can stand for it, so the object is any JSON (its example is sent with the variable
        // filled in, as Postman does).
        J::Object(members) if members.iter().any(|m| crate::model::vars::has_vars(&m.key)) => {
            Ty::of(Kind::Any)
        }
        J::Object(members) => {
            let mut obj = Obj {
                fields: Vec::new(),
                seen: 1,
            };
            for m in members {
                let ty = of_value(&m.value);
                // A key written twice in one object: serde keeps the last; both must fit.
                match obj.fields.iter_mut().find(|f| f.key == m.key) {
                    Some(f) => f.ty = merge(std::mem::replace(&mut f.ty, Ty::unknown()), ty),
                    None => obj.fields.push(Field {
                        key: m.key.to_string(),
                        ty,
                        seen: 1,
                        example: example_text(&m.value),
                    }),
                }
            }
            Ty::of(Kind::Object(obj))
        }
    }
}

/// The longest example value a field's docs show.
const EXAMPLE_CHARS: usize = 60;

/// A scalar example value as JSON text, if it is short enough to show.
fn example_text(v: &Value<'_>) -> Option<String> {
    let text = match &v.kind {
        J::Bool(_) | J::Number(_) | J::String(_) => crate::json::to_compact_string(v),
        _ => return None,
    };
    (text.chars().count() <= EXAMPLE_CHARS).then_some(text)
}

/// `1` is an integer, `1.0`, `1e3` and integers beyond `u64` are floats; an integer beyond
/// `i64` that fits `u64` keeps every digit as a `u64`.
fn number(raw: &str) -> Kind {
    if raw.contains(['.', 'e', 'E']) {
        Kind::Float
    } else if raw.parse::<i64>().is_ok() {
        Kind::Int
    } else if raw.parse::<u64>().is_ok() {
        Kind::UInt
    } else {
        Kind::Float
    }
}

/// openapi-to-postman writes the schema type where a value would be: `"<integer>"`, `"<boolean>"`.
/// `None` for strings (`"<string>"`, `"<dateTime>"`, `"<uuid>"`, ... and any other text).
pub fn hint(s: &str) -> Option<Kind> {
    let inner = s.strip_prefix('<')?.strip_suffix('>')?;
    if inner.is_empty()
        || !inner
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
    {
        return None;
    }
    Some(match inner.to_ascii_lowercase().as_str() {
        "integer" | "long" | "int" | "int32" | "int64" => Kind::Int,
        "number" | "float" | "double" | "decimal" => Kind::Float,
        "boolean" | "bool" => Kind::Bool,
        "object" => Kind::Unknown,
        _ => return None,
    })
}

/// What both examples allow.
pub fn merge(a: Ty, b: Ty) -> Ty {
    let nullable = a.nullable || b.nullable;
    let kind = match (a.kind, b.kind) {
        (Kind::Unknown, k) | (k, Kind::Unknown) => k,
        (Kind::Int | Kind::UInt, Kind::Float) | (Kind::Float, Kind::Int | Kind::UInt) => {
            Kind::Float
        }
        (Kind::Int, Kind::UInt) | (Kind::UInt, Kind::Int) => Kind::UInt,
        (Kind::Array(x), Kind::Array(y)) => Kind::Array(Box::new(merge(*x, *y))),
        (Kind::Object(x), Kind::Object(y)) => Kind::Object(merge_objects(x, y)),
        (x, y) if x == y => x,
        _ => Kind::Any,
    };
    Ty { kind, nullable }
}

fn merge_objects(mut x: Obj, y: Obj) -> Obj {
    x.seen += y.seen;
    for f in y.fields {
        match x.fields.iter_mut().find(|g| g.key == f.key) {
            Some(g) => {
                g.seen += f.seen;
                g.ty = merge(std::mem::replace(&mut g.ty, Ty::unknown()), f.ty);
                if g.example.is_none() {
                    g.example = f.example;
                }
            }
            None => x.fields.push(f),
        }
    }
    x
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::{Options, parse};

    fn shape(text: &str) -> Ty {
        of_value(&parse(text, Options::lenient()).unwrap())
    }

    fn field<'t>(t: &'t Ty, key: &str) -> (&'t Field, bool) {
        let Kind::Object(o) = &t.kind else {
            panic!("not an object: {t:?}")
        };
        let f = o.fields.iter().find(|f| f.key == key).unwrap();
        // Missing from some example, or `null` in one.
        (f, f.seen < o.seen || f.ty.nullable)
    }

    #[test]
    fn numbers_integral_or_not() {
        assert_eq!(shape("1").kind, Kind::Int);
        assert_eq!(shape("-7").kind, Kind::Int);
        assert_eq!(shape("1.0").kind, Kind::Float);
        assert_eq!(shape("1e3").kind, Kind::Float);
        assert_eq!(shape("12345678901234567890").kind, Kind::UInt);
        assert_eq!(shape("123456789012345678901").kind, Kind::Float);
        assert_eq!(
            merge(shape("1"), shape("12345678901234567890")).kind,
            Kind::UInt
        );
        assert_eq!(merge(shape("1"), shape("2.5")).kind, Kind::Float);
    }

    #[test]
    fn placeholders_are_type_hints() {
        assert_eq!(shape(r#""<integer>""#).kind, Kind::Int);
        assert_eq!(shape(r#""<long>""#).kind, Kind::Int);
        assert_eq!(shape(r#""<number>""#).kind, Kind::Float);
        assert_eq!(shape(r#""<double>""#).kind, Kind::Float);
        assert_eq!(shape(r#""<float>""#).kind, Kind::Float);
        assert_eq!(shape(r#""<boolean>""#).kind, Kind::Bool);
        for s in [
            "<string>",
            "<dateTime>",
            "<date>",
            "<uuid>",
            "<uri>",
            "<b>",
            "a <b>",
        ] {
            assert_eq!(shape(&format!("{s:?}")).kind, Kind::Str, "{s}");
        }
        // A bare `{{variable}}` says nothing; a quoted one is a string on the wire.
        assert_eq!(shape("{{amount}}"), Ty::unknown());
        assert_eq!(shape(r#""{{amount}}""#).kind, Kind::Str);
        assert_eq!(merge(shape("{{a}}"), shape("3")).kind, Kind::Int);
    }

    #[test]
    fn nulls_and_missing_keys_are_optional() {
        let t = merge(
            shape(r#"{"a": 1, "b": "x", "c": null}"#),
            shape(r#"{"a": 2, "c": true}"#),
        );
        assert!(!field(&t, "a").1);
        assert!(field(&t, "b").1, "missing from the second example");
        let (c, optional) = field(&t, "c");
        assert!(optional);
        assert_eq!(c.ty.kind, Kind::Bool);
    }

    #[test]
    fn array_elements_merge() {
        let t = shape(r#"[{"id": 1}, {"id": 2, "name": "x"}, {"id": 3.5}]"#);
        let Kind::Array(el) = &t.kind else { panic!() };
        assert_eq!(field(el, "id").0.ty.kind, Kind::Float);
        assert!(field(el, "name").1);
        assert_eq!(shape("[]").kind, Kind::Array(Box::new(Ty::unknown())));
    }

    #[test]
    fn disagreement_is_any() {
        assert_eq!(merge(shape("1"), shape(r#""1""#)).kind, Kind::Any);
        assert_eq!(merge(shape("[1]"), shape("{}")).kind, Kind::Any);
        assert_eq!(merge(shape("[1]"), shape(r#"["a"]"#)).kind, {
            Kind::Array(Box::new(Ty::of(Kind::Any)))
        });
    }

    #[test]
    fn an_object_with_a_variable_key_is_any_json() {
        let t = shape(r#"{"auth": {"{{apiKey}}": "x"}, "n": 1}"#);
        assert_eq!(field(&t, "auth").0.ty.kind, Kind::Any);
        assert_eq!(field(&t, "n").0.ty.kind, Kind::Int);
    }

    #[test]
    fn lenient_text_is_read() {
        let t = shape("{\n // the id\n \"id\": {{id}}, /* name */ \"name\": \"n\",\n}");
        assert_eq!(field(&t, "id").0.ty, Ty::unknown());
        assert_eq!(field(&t, "name").0.ty.kind, Kind::Str);
    }
}
