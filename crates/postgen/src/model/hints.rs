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

/// The scalar type a parameter's description gives (`key`: its name), for one whose examples
/// are never sent: "a whole number between 1 and 5", "The number of records", "Allowed values:
/// 5 through 100" give `i64`; a description whose only code words are `true` and `false` (and
/// the parameter's own name) gives `bool`. `None` when it says neither, or both.
pub(super) fn described_scalar(description: &str, key: &str) -> Option<Scalar> {
    let d = description.to_ascii_lowercase();
    let int = ["whole number", "an integer", "integer value", "page number"]
        .iter()
        .chain(&[
            "the number of",
            "maximum number of",
            "minimum number of",
            "total number of",
        ])
        .any(|p| d.contains(p))
        || numeric_range(&d);
    let code: Vec<&str> = d.split('`').skip(1).step_by(2).collect();
    let says_bool = code.iter().any(|w| matches!(*w, "true" | "false"))
        && code
            .iter()
            .all(|w| matches!(*w, "true" | "false") || w.eq_ignore_ascii_case(key));
    match (int, says_bool) {
        (true, false) => Some(Scalar::Int),
        (false, true) => Some(Scalar::Bool),
        _ => None,
    }
}

/// `1 through 1000`, `between 1 and 5`, `from 1 to 300`: a range of whole numbers.
fn numeric_range(d: &str) -> bool {
    let words: Vec<&str> = d
        .split(|c: char| c.is_whitespace() || c == ',' || c == '.' || c == ':')
        .filter(|w| !w.is_empty())
        .collect();
    let number = |w: &str| !w.is_empty() && w.bytes().all(|b| b.is_ascii_digit());
    (0..words.len().saturating_sub(2)).any(|i| {
        let before = i.checked_sub(1).map(|b| words[b]);
        number(words[i])
            && number(words[i + 2])
            && match words[i + 1] {
                "through" => true,
                "to" => before == Some("from"),
                "and" => before == Some("between"),
                _ => false,
            }
    })
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
    fn scalars_from_descriptions() {
        let int = Some(Scalar::Int);
        let bool = Some(Scalar::Bool);
        assert_eq!(
            described_scalar("Provide a whole number between 1 and 5.", "k"),
            int
        );
        assert_eq!(
            described_scalar(
                "The maximum number of results.\nAllowed values: 1 through 1000.",
                "k"
            ),
            int
        );
        assert_eq!(described_scalar("Allowed values: 5 through 100", "k"), int);
        assert_eq!(
            described_scalar(
                "The page number of the current page in the returned records.",
                "k"
            ),
            int
        );
        assert_eq!(
            described_scalar("`true`: Notify registrants.\n`false`: Do not.", "k"),
            bool
        );
        assert_eq!(
            described_scalar(
                "Set `query_presence_status` to `true` to include it.",
                "query_presence_status"
            ),
            bool
        );
        // Other code words: a list of values, not a boolean.
        assert_eq!(described_scalar("`true`, `false` or `auto`.", "k"), None);
        // A number that is not a count.
        assert_eq!(described_scalar("The user's phone number.", "k"), None);
        assert_eq!(described_scalar("Between 9 am and 5 pm.", "k"), None);
        assert_eq!(described_scalar("Version 2 to 3 of the API.", "k"), None);
        assert_eq!(described_scalar("From 1 to 300 per page.", "k"), int);
        assert_eq!(
            described_scalar("The number of items; `true` to count.", "k"),
            None
        );
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
