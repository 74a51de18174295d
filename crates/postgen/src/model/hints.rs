//! What a collection says about a parameter beyond its name: openapi-to-postman's "(Required)"
//! marks, and the scalar type its examples suggest.

use super::Scalar;
use crate::read::{self, Collection, Item};

/// Whether any field in the collection carries the "(Required)" mark.
pub(super) fn uses_required_markers(c: &Collection<'_>) -> bool {
    let marked = |d: &Option<std::borrow::Cow<'_, str>>| {
        d.as_deref().is_some_and(|d| required_mark(Some(d)).0)
    };
    let mut any = false;
    c.each_item(&mut |item| {
        let Item::Request(r) = item else {
            return;
        };
        let url = &r.request.url;
        any =
            any || match &r.request.body {
                Some(read::Body::FormData(f) | read::Body::UrlEncoded(f)) => {
                    f.iter().any(|f| marked(&f.description))
                }
                _ => false,
            } || url.query.iter().any(|q| marked(&q.description))
                || url.variables.iter().any(|v| marked(&v.description));
    });
    any
}

/// Splits openapi-to-postman's "(Required) " mark off a description.
pub(super) fn required_mark(description: Option<&str>) -> (bool, Option<String>) {
    let Some(d) = description else {
        return (false, None);
    };
    let t = d.trim_start();
    let (marked, rest) = match t.get(..10) {
        Some(head) if head.eq_ignore_ascii_case("(required)") => (true, &t[10..]),
        _ => (false, t),
    };
    let rest = rest.trim();
    (marked, (!rest.is_empty()).then(|| rest.to_owned()))
}

/// The Rust type examples suggest: openapi-to-postman placeholders (`<integer>`) are type hints;
/// literal values give `i64` or `bool` only when every example is canonical (so sending it back
/// reproduces the text exactly); anything else is a string.
pub(super) fn scalar_of<'s>(examples: impl Iterator<Item = &'s str>) -> Scalar {
    let mut ty = None;
    for e in examples {
        let t = match e.trim() {
            "<integer>" | "<long>" | "<int32>" | "<int64>" => Scalar::Int,
            "<boolean>" | "<bool>" => Scalar::Bool,
            "true" | "false" => Scalar::Bool,
            s if is_canonical_int(s) && s == e => Scalar::Int,
            _ => return Scalar::Str,
        };
        match ty {
            None => ty = Some(t),
            Some(prev) if prev != t => return Scalar::Str,
            _ => {}
        }
    }
    ty.unwrap_or(Scalar::Str)
}

fn is_canonical_int(s: &str) -> bool {
    let digits = s.strip_prefix('-').unwrap_or(s);
    !digits.is_empty()
        && digits.len() <= 18
        && digits.bytes().all(|b| b.is_ascii_digit())
        && (digits == "0" || !digits.starts_with('0'))
        && s != "-0"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalars_from_examples() {
        assert_eq!(scalar_of(["68423085"].into_iter()), Scalar::Int);
        assert_eq!(scalar_of(["007"].into_iter()), Scalar::Str);
        assert_eq!(scalar_of(["<long>"].into_iter()), Scalar::Int);
        assert_eq!(scalar_of(["true", "<boolean>"].into_iter()), Scalar::Bool);
        assert_eq!(scalar_of(["1", "x"].into_iter()), Scalar::Str);
        assert_eq!(scalar_of(["1.5"].into_iter()), Scalar::Str);
        assert_eq!(scalar_of(std::iter::empty()), Scalar::Str);
    }

    #[test]
    fn required_marks() {
        assert_eq!(
            required_mark(Some("(Required) The webinar's ID.")),
            (true, Some("The webinar's ID.".to_owned()))
        );
        assert_eq!(required_mark(Some("(Required) ")), (true, None));
        assert_eq!(
            required_mark(Some("Optional.")),
            (false, Some("Optional.".to_owned()))
        );
    }
}
