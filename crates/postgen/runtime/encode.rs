//! Percent-encoding of path, query and form components, character for character as Postman
//! (newman) sends them.
//!
//! Postman's encode sets (`postman-url-encoder`, used by newman for every URL; `querystring`
//! for urlencoded bodies) encode C0 controls, DEL and every non-ASCII byte (as UTF-8), plus:
//!
//! | component | Postman also encodes | postgen also encodes, so a value means itself |
//! |---|---|---|
//! | path text | space `"` `#` `<` `>` `?` `` ` `` `{` `}` | (`\` is sent as `/`, as URL parsers read it) |
//! | path variable value | the same | `/` `%` `\` |
//! | query name | space `"` `#` `'` `<` `>` `&` `=` | |
//! | query value | space `"` `#` `'` `<` `>` `&` | `+` `%` |
//! | urlencoded body | everything but `A-Z a-z 0-9 - . _ ~` (space as `%20`) | |
//!
//! Postman leaves `%` as it is in URLs (the text may already be encoded); so do path text and
//! query names here, which come from the collection as written. Path variable and query values
//! are values a caller passes (example calls decode the collection's text first), so `%`, and
//! what would change the URL's structure (`/` in a segment; `+`, read as a space in a query),
//! are encoded there.
//!
//! Every function appends to `out`, so a URL is assembled in one buffer.

use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS, NON_ALPHANUMERIC};

/// Path text as written in a collection: Postman's path set (controls, space, `"`, `#`, `<`,
/// `>`, `?`, `` ` ``, `{`, `}`; non-ASCII is always encoded). `%` is left alone.
pub const PATH_LITERAL: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}');

/// Path parameter values: [`PATH_LITERAL`] plus `/`, `\` and `%`, so that a value stays one
/// segment and `%` means itself. What else RFC 3986 allows in a segment (`:@!$&'()*+,;=`) is
/// left as it is, as Postman sends it.
pub const PATH_VALUE: &AsciiSet = &PATH_LITERAL.add(b'/').add(b'\\').add(b'%');

/// Postman's query set: controls, space, `"`, `#`, `'`, `<`, `>`.
const QUERY: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'\'')
    .add(b'<')
    .add(b'>');

/// Query parameter names: Postman's query set plus `&` and `=`. `%` is left alone.
pub const QUERY_NAME: &AsciiSet = &QUERY.add(b'&').add(b'=');

/// Query parameter values: Postman's query set plus `&`, and `+` and `%` so that a value means
/// itself (`=` and `,` are sent as they are, as Postman sends them).
pub const QUERY_VALUE: &AsciiSet = &QUERY.add(b'&').add(b'+').add(b'%');

/// Everything except the RFC 3986 unreserved characters `A-Z a-z 0-9 - . _ ~`: what Postman
/// sends in `application/x-www-form-urlencoded` bodies (space as `%20`), and OAuth 1.0's
/// encoding.
pub const STRICT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Appends path text from the collection, encoding only what may not appear in a path; `\` is
/// written as `/`, as Postman sends it (and as URL parsers read it).
pub fn path_literal(out: &mut String, s: &str) {
    for (i, piece) in s.split('\\').enumerate() {
        if i > 0 {
            out.push('/');
        }
        out.extend(utf8_percent_encode(piece, PATH_LITERAL));
    }
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

/// Appends a query parameter name (see [`QUERY_NAME`]).
pub fn query_name(out: &mut String, s: &str) {
    out.extend(utf8_percent_encode(s, QUERY_NAME));
}

/// Appends a query parameter value (see [`QUERY_VALUE`]).
pub fn query_value(out: &mut String, s: &str) {
    out.extend(utf8_percent_encode(s, QUERY_VALUE));
}

/// Appends a form field name or value as Postman encodes it: everything but
/// `A-Z a-z 0-9 - . _ ~` percent-encoded, space as `%20`.
pub fn form_component(out: &mut String, s: &str) {
    strict(out, s);
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
