//! Rust identifiers from collection names: idiomatic case through `heck`, ASCII only, keywords
//! and collisions resolved deterministically (first come keeps the plain name).

use std::collections::HashSet;

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Every keyword of Rust 2015 to 2024, strict and reserved. `_`-suffixed when a name hits one:
/// `self`, `Self`, `super` and `crate` cannot even be raw identifiers.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// A `snake_case` identifier for `name`, or `None` when nothing of it survives.
pub fn snake(name: &str) -> Option<String> {
    let s = ascii_words(name).to_snake_case();
    finish(s)
}

/// An `UpperCamelCase` identifier for `name`, or `None` when nothing of it survives.
pub fn camel(name: &str) -> Option<String> {
    let s = ascii_words(name).to_upper_camel_case();
    finish(s)
}

fn finish(s: String) -> Option<String> {
    if s.is_empty() {
        return None;
    }
    let mut s = if s.starts_with(|c: char| c.is_ascii_digit()) {
        format!("_{s}")
    } else {
        s
    };
    if KEYWORDS.contains(&s.as_str()) {
        s.push('_');
    }
    Some(s)
}

/// Keeps ASCII letters and digits (Latin letters with diacritics folded to their base letter);
/// everything else separates words. Identifiers stay ASCII so that no lint about confusable
/// scripts fires in generated crates.
fn ascii_words(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if let Some(base) = fold_latin(c) {
            out.push_str(base);
        } else {
            out.push(' ');
        }
    }
    out
}

fn fold_latin(c: char) -> Option<&'static str> {
    Some(match c {
        'À'..='Å' => "A",
        'à'..='å' => "a",
        'Æ' => "Ae",
        'æ' => "ae",
        'Ç' => "C",
        'ç' => "c",
        'È'..='Ë' => "E",
        'è'..='ë' => "e",
        'Ì'..='Ï' => "I",
        'ì'..='ï' => "i",
        'Ñ' => "N",
        'ñ' => "n",
        'Ò'..='Ö' | 'Ø' => "O",
        'ò'..='ö' | 'ø' => "o",
        'Ù'..='Ü' => "U",
        'ù'..='ü' => "u",
        'Ý' => "Y",
        'ý' | 'ÿ' => "y",
        'ß' => "ss",
        _ => return None,
    })
}

/// One scope of names (a module's functions, a struct's fields, ...). Names are claimed in
/// collection order; a taken name gets the smallest free numeric suffix.
#[derive(Debug, Default, Clone)]
pub struct Namespace {
    used: HashSet<String>,
}

impl Namespace {
    pub fn with_reserved(reserved: &[&str]) -> Namespace {
        Namespace {
            used: reserved.iter().map(|s| (*s).to_owned()).collect(),
        }
    }

    pub fn reserve(&mut self, name: &str) {
        self.used.insert(name.to_owned());
    }

    pub fn is_taken(&self, name: &str) -> bool {
        self.used.contains(name)
    }

    /// Claims `base`, or `base_2`, `base_3`... (`Base2`, `Base3`... when `camel`).
    pub fn claim(&mut self, base: &str, camel: bool) -> String {
        if self.used.insert(base.to_owned()) {
            return base.to_owned();
        }
        let sep = if camel || base.ends_with('_') {
            ""
        } else {
            "_"
        };
        (2..)
            .map(|n| format!("{base}{sep}{n}"))
            .find(|candidate| self.used.insert(candidate.clone()))
            .unwrap_or_default()
    }
}

/// Names the generated `Client` already has (from the runtime), plus names the crate root uses.
/// A unit test checks this list against the runtime's source.
pub const CLIENT_METHODS: &[&str] = &[
    "new",
    "with_http_client",
    "with_host",
    "from_spec",
    "from_spec_with_http_client",
    "with_base_url",
    "with_host_url",
    "host_url",
    "with_bearer_token",
    "with_basic_auth",
    "with_api_key",
    "with_header",
    "with_variable",
    "with_timeout",
    "with_connect_timeout",
    "with_read_timeout",
    "with_retry",
    "retry_non_idempotent",
    "retries_non_idempotent",
    "spec",
    "inner_mut",
    "with_parts",
    "inner",
    "with_signer",
    "http_client",
    "request",
    "clone",
    "fmt",
];

/// Module names that would shadow crates or modules generated code refers to by path.
pub const RESERVED_MODULES: &[&str] = &[
    "runtime",
    "reqwest",
    "serde",
    "serde_json",
    "serde_path_to_error",
    "percent_encoding",
    "tokio",
    "std",
    "core",
    "alloc",
];

/// Type names a generated module must not define: they would shadow the prelude or the crate's
/// own re-exports that generated code refers to.
pub const RESERVED_TYPES: &[&str] = &[
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Err",
    "String",
    "Vec",
    "Box",
    "Default",
    "Clone",
    "Debug",
    "Copy",
    "Send",
    "Sync",
    "Sized",
    "Eq",
    "PartialEq",
    "Ord",
    "PartialOrd",
    "Hash",
    "Iterator",
    "IntoIterator",
    "From",
    "Into",
    "Drop",
    "Fn",
    "FnMut",
    "FnOnce",
    "ToString",
    "ToOwned",
    "AsRef",
    "AsMut",
    "Extend",
    "Unpin",
    "Client",
    "Error",
    "File",
    "Host",
    "Serialize",
    "Deserialize",
    "Value",
    "Self_",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn idiomatic_names() {
        assert_eq!(
            snake("Update a live stream").as_deref(),
            Some("update_a_live_stream")
        );
        assert_eq!(
            snake("webinars/{webinar Id}").as_deref(),
            Some("webinars_webinar_id")
        );
        assert_eq!(
            camel("Update a live stream").as_deref(),
            Some("UpdateALiveStream")
        );
        assert_eq!(
            snake("getHTTPResponse").as_deref(),
            Some("get_http_response")
        );
    }

    #[test]
    fn keywords_and_odd_names() {
        for kw in ["self", "Self", "super", "crate", "type", "async", "gen"] {
            let s = snake(kw).unwrap();
            assert!(s.ends_with('_'), "{kw} -> {s}");
        }
        assert_eq!(camel("self").as_deref(), Some("Self_"));
        assert_eq!(snake("2fa setup").as_deref(), Some("_2fa_setup"));
        assert_eq!(snake(""), None);
        assert_eq!(snake("!!! ???"), None);
        assert_eq!(snake("🚀"), None);
        assert_eq!(snake("获取用户"), None);
        assert_eq!(
            snake("Überweisung anlegen").as_deref(),
            Some("uberweisung_anlegen")
        );
    }

    #[test]
    fn collisions_are_deterministic() {
        let mut ns = Namespace::with_reserved(&["new"]);
        assert_eq!(ns.claim("new", false), "new_2");
        assert_eq!(ns.claim("get", false), "get");
        assert_eq!(ns.claim("get", false), "get_2");
        assert_eq!(ns.claim("get", false), "get_3");
        let mut types = Namespace::default();
        assert_eq!(types.claim("Get", true), "Get");
        assert_eq!(types.claim("Get", true), "Get2");
        assert_eq!(ns.claim("type_", false), "type_");
        assert_eq!(ns.claim("type_", false), "type_2");
    }
}
