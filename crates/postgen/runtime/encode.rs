//! Percent-encoding of path, query and form components.
//!
//! Every function appends to `out`, so a URL is assembled in one buffer.

use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS, NON_ALPHANUMERIC};

/// Characters that may not appear in a path as written in a collection: controls, space,
/// `"`, `#`, `<`, `>`, `?`, `` ` ``, `{`, `}`, and `\` (which URL parsers would turn into `/`).
/// Non-ASCII is always encoded; `%` is left alone (the text may already be encoded).
pub const PATH_LITERAL: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'\\');

/// Path parameter values: [`PATH_LITERAL`] plus `/`, `%` and `;`, so that a value stays one
/// segment (`;` starts path parameters for some servers) and `%` means itself. What else RFC 3986
/// allows in a segment (`:@!$&'()*+,=`) is left as it is, as browsers and Postman send it.
pub const PATH_VALUE: &AsciiSet = &PATH_LITERAL.add(b'/').add(b'%').add(b';');

/// Query parameter names: [`PATH_LITERAL`] plus `&`, `=`, `+`, and `'` (which URL parsers
/// encode in the query of http(s) URLs anyway).
pub const QUERY_NAME: &AsciiSet = &PATH_LITERAL.add(b'&').add(b'=').add(b'+').add(b'\'');

/// Everything except the RFC 3986 unreserved characters `A-Z a-z 0-9 - . _ ~`.
pub const STRICT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// `application/x-www-form-urlencoded`: everything except `A-Z a-z 0-9 * - . _`
/// (space is written as `+` by [`form_component`]).
pub const FORM: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'*')
    .remove(b'-')
    .remove(b'.')
    .remove(b'_');

/// Appends literal path text, encoding only what may not appear in a path.
pub fn path_literal(out: &mut String, s: &str) {
    out.extend(utf8_percent_encode(s, PATH_LITERAL));
}

/// Appends a path parameter's value (see [`PATH_VALUE`]).
pub fn path_value(out: &mut String, s: &str) {
    out.extend(utf8_percent_encode(s, PATH_VALUE));
}

/// Appends a value strictly encoded: only `A-Z a-z 0-9 - . _ ~` are kept, so `/`, `?`, `#`,
/// `%`, `&`, `=`, `+` and space can never change the structure of the URL.
pub fn strict(out: &mut String, s: &str) {
    out.extend(utf8_percent_encode(s, STRICT));
}

/// Appends a query parameter name.
pub fn query_name(out: &mut String, s: &str) {
    out.extend(utf8_percent_encode(s, QUERY_NAME));
}

/// Appends a form field name or value: space → `+`, everything but `A-Z a-z 0-9 * - . _`
/// percent-encoded.
pub fn form_component(out: &mut String, s: &str) {
    for piece in utf8_percent_encode(s, FORM) {
        if piece == "%20" {
            out.push('+');
        } else {
            out.push_str(piece);
        }
    }
}

/// Encodes `pairs` as an `application/x-www-form-urlencoded` body, in order.
pub fn form(pairs: &[(&str, &str)]) -> String {
    let mut out = String::new();
    for (i, (name, value)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        form_component(&mut out, name);
        out.push('=');
        form_component(&mut out, value);
    }
    out
}
