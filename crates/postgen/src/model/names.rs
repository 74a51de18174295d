//! Rust identifiers from collection names: idiomatic case through `heck`, ASCII only, keywords
//! and collisions resolved deterministically (first come keeps the plain name).

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

use heck::{ToSnakeCase, ToUpperCamelCase};

use crate::memo::{Memo, remembered};

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
    remembered(&SNAKE, name, |name| {
        finish(plural_acronyms(&ascii_words(name)).to_snake_case())
    })
}

/// An `UpperCamelCase` identifier for `name`, or `None` when nothing of it survives.
pub fn camel(name: &str) -> Option<String> {
    remembered(&CAMEL, name, camel_uncached)
}

thread_local! {
    /// What [`snake`] and [`camel`] made of each name so far on this thread (Stripe's 457
    /// requests have 5,438 form fields, mostly the same keys).
    static SNAKE: Memo<Option<String>> = RefCell::new(HashMap::new());
    static CAMEL: Memo<Option<String>> = RefCell::new(HashMap::new());
}

fn camel_uncached(name: &str) -> Option<String> {
    let s = plural_acronyms(&ascii_words(name)).to_upper_camel_case();
    // `Self` is the one keyword in UpperCamelCase; `Self_` would turn into `Self_2` on a
    // collision, which is not camel case.
    if s == "Self" {
        return Some("SelfType".to_owned());
    }
    finish(s)
}

/// A module name for a folder: its name without path parameters (`webinars/{webinar Id}` →
/// `webinars`, `/merchants/:merchantId/users` → `merchants_users`), or the parameters' names when
/// that is all it has (`{phone Id}` → `phone_id`).
pub fn module(folder: &str) -> Option<String> {
    snake(&folder_words(folder)).or_else(|| snake(folder))
}

/// The `UpperCamelCase` twin of [`module`], for the folder's handle type.
pub fn module_camel(folder: &str) -> Option<String> {
    camel(&folder_words(folder)).or_else(|| camel(folder))
}

/// The segments of a folder name that are not path parameters (`{x}`, `{{x}}`, `:x`, `<x>`).
fn folder_words(folder: &str) -> String {
    let kept: Vec<&str> = folder
        .split('/')
        .map(str::trim)
        .filter(|seg| !seg.is_empty() && !is_path_parameter(seg))
        .collect();
    if kept.is_empty() {
        folder.to_owned()
    } else {
        kept.join(" ")
    }
}

/// `:id`, `{id}`, `{{id}}`, `<id>`: a path segment that is a parameter.
fn is_path_parameter(seg: &str) -> bool {
    let wrapped = |open: char, close: char| seg.starts_with(open) && seg.ends_with(close);
    seg.starts_with(':') || wrapped('{', '}') || wrapped('<', '>')
}

/// A request's name without its articles, for the names of its function and types: "Get a
/// user" → "Get user" (`get_user`, `GetUserResponse`). An article is dropped only before another
/// word ("Get record A" keeps its `a`), and a name that is nothing else is kept as it is.
pub fn without_articles(name: &str) -> std::borrow::Cow<'_, str> {
    let is_article = |w: &str| ["a", "an", "the"].iter().any(|a| w.eq_ignore_ascii_case(a));
    let words: Vec<&str> = name.split_whitespace().collect();
    let kept: Vec<&str> = words
        .iter()
        .enumerate()
        .filter(|&(i, w)| !(is_article(w) && i + 1 < words.len()))
        .map(|(_, w)| *w)
        .collect();
    if kept.len() == words.len() {
        std::borrow::Cow::Borrowed(name)
    } else {
        std::borrow::Cow::Owned(kept.join(" "))
    }
}

/// `users_users` → `users`, `get_user_get_user_by_id` → `get_user_by_id`: a run of words said
/// twice in a row is said once.
pub fn collapse_repeats(name: &str) -> String {
    let mut words: Vec<&str> = name.split('_').collect();
    let mut changed = true;
    while changed {
        changed = false;
        'outer: for len in (1..=words.len() / 2).rev() {
            for i in 0..=words.len() - 2 * len {
                if words[i..i + len] == words[i + len..i + 2 * len]
                    && words[i..i + len].iter().all(|w| !w.is_empty())
                {
                    words.drain(i + len..i + 2 * len);
                    changed = true;
                    break 'outer;
                }
            }
        }
    }
    let out = words.join("_");
    if out.is_empty() { name.to_owned() } else { out }
}

/// Words whose inner capitals are not word boundaries (`OAuth2` → `oauth2`, not `o_auth2`).
const COMPOUNDS: &[(&str, &str)] = &[
    ("OAuth", "Oauth"),
    ("GraphQL", "Graphql"),
    ("GZip", "Gzip"),
    ("JavaScript", "Javascript"),
    ("TypeScript", "Typescript"),
    ("GitHub", "Github"),
    ("GitLab", "Gitlab"),
    ("PayPal", "Paypal"),
    ("LinkedIn", "Linkedin"),
    ("YouTube", "Youtube"),
    ("WebSocket", "Websocket"),
    ("WebHook", "Webhook"),
    ("PostgreSQL", "Postgresql"),
    ("MySQL", "Mysql"),
    ("iOS", "Ios"),
    ("macOS", "Macos"),
    ("eBay", "Ebay"),
];

/// `URLs` → `Urls`, `getIDs` → `getIds`: heck would split a plural acronym as `ur_ls`. Also
/// folds the [`COMPOUNDS`].
fn plural_acronyms(s: &str) -> String {
    let mut folded = std::borrow::Cow::Borrowed(s);
    for (word, plain) in COMPOUNDS {
        if folded.contains(word) {
            folded = std::borrow::Cow::Owned(folded.replace(word, plain));
        }
    }
    let s = folded.as_ref();
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < b.len() {
        let run = b[i..].iter().take_while(|c| c.is_ascii_uppercase()).count();
        let after = b.get(i + run + 1);
        if run >= 2
            && b.get(i + run) == Some(&b's')
            && !after.is_some_and(|c| c.is_ascii_lowercase())
        {
            out.push(b[i] as char);
            out.push_str(&s[i + 1..i + run].to_ascii_lowercase());
            out.push('s');
            i += run + 1;
        } else if run > 0 {
            out.push_str(&s[i..i + run]);
            i += run;
        } else {
            // ASCII only (see `ascii_words`), so byte steps are char steps.
            out.push(b[i] as char);
            i += 1;
        }
    }
    out
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
        } else if matches!(c, '\'' | '\u{2019}') {
            // An apostrophe joins: "Room's" is one word (`rooms`), not `room_s`.
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
    /// Per prefix (`base_`, `Base`): the suffix below which every numbered name is taken, so
    /// that the hundredth `get` does not try `get_2` … `get_100` again. Names are only ever
    /// added, so what was taken stays taken.
    next: HashMap<String, u32>,
}

impl Namespace {
    pub fn with_reserved(reserved: &[&str]) -> Namespace {
        Namespace {
            used: reserved.iter().map(|s| (*s).to_owned()).collect(),
            next: HashMap::new(),
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
        let prefix = format!("{base}{sep}");
        let next = self.next.entry(prefix).or_insert(2);
        loop {
            let candidate = format!("{base}{sep}{next}");
            *next += 1;
            if self.used.insert(candidate.clone()) {
                return candidate;
            }
        }
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
    "set_variable",
    "variable",
    "with_captures",
    "captures_enabled",
    "edit_own",
    "edit_shared",
    "read_shared",
    "expand_variables",
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
    "with_aws_sigv4",
    "with_aws_sigv4_at",
    "aws_signer",
    "with_auth_signer",
    "with_oauth1",
    "with_oauth1_at",
    "oauth1_signer",
    "http_client",
    "request",
    "clone",
    "fmt",
    // `impl Default for Client` (emit/root.rs): an inherent `default(&self)` would shadow it.
    "default",
];

/// Methods every folder's handle struct has: its constructor and derived traits'.
pub const HANDLE_METHODS: &[&str] = &["new", "clone", "clone_from", "fmt"];

/// Module names that would shadow crates or modules generated code refers to by path.
pub const RESERVED_MODULES: &[&str] = &[
    "runtime",
    // The example calls (cargo feature `examples`).
    "examples",
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
    // The crate root's re-exports, which generated modules import (`emit::tokens::ROOT_ITEMS`).
    "Binary",
    "Body",
    "Call",
    "Client",
    "Error",
    "File",
    "Host",
    "Response",
    "ResponseValue",
    "Undocumented",
    // Re-exported at the root too, though no generated module imports them.
    "ByteStream",
    "RetryPolicy",
    "Serialize",
    "Deserialize",
    "Value",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn articles_leave_request_names() {
        assert_eq!(without_articles("Get a user"), "Get user");
        assert_eq!(
            without_articles("Update an existing THE record"),
            "Update existing record"
        );
        assert_eq!(without_articles("Get record A"), "Get record A");
        assert_eq!(without_articles("A"), "A");
        assert_eq!(without_articles("the a"), "a");
        assert_eq!(
            without_articles("Cancel a payment intent"),
            "Cancel payment intent"
        );
        assert_eq!(without_articles("Zoom API"), "Zoom API");
    }

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
        assert_eq!(camel("self").as_deref(), Some("SelfType"));
        let mut types = Namespace::default();
        let a = types.claim(&camel("Self").unwrap(), true);
        let b = types.claim(&camel("self").unwrap(), true);
        assert_eq!((a.as_str(), b.as_str()), ("SelfType", "SelfType2"));
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
    fn module_names_leave_path_parameters_out() {
        assert_eq!(module("webinars/{webinar Id}").as_deref(), Some("webinars"));
        assert_eq!(
            module_camel("webinars/{webinar Id}").as_deref(),
            Some("Webinars")
        );
        assert_eq!(
            module("/merchants/:merchantId/splitConfigurations/:splitConfigurationId").as_deref(),
            Some("merchants_split_configurations")
        );
        assert_eq!(module("/me/{{userId}}/<item>/x").as_deref(), Some("me_x"));
        // Only parameters: their names are the module's.
        assert_eq!(module("{phone Id}").as_deref(), Some("phone_id"));
        assert_eq!(module(":id").as_deref(), Some("id"));
        assert_eq!(module("h323/devices").as_deref(), Some("h323_devices"));
        assert_eq!(module("Users").as_deref(), Some("users"));
        assert_eq!(module("Self").as_deref(), Some("self_"));
        assert_eq!(module("🚀"), None);
        assert_eq!(module("获取/{id}").as_deref(), Some("id"));
    }

    #[test]
    fn repeated_words_are_said_once() {
        assert_eq!(collapse_repeats("users_users"), "users");
        assert_eq!(
            collapse_repeats("get_user_get_user_by_id"),
            "get_user_by_id"
        );
        assert_eq!(collapse_repeats("list_users"), "list_users");
        assert_eq!(collapse_repeats("a_a_a"), "a");
        assert_eq!(collapse_repeats("_2fa_2fa"), "_2fa");
        assert_eq!(collapse_repeats("type_"), "type_");
    }

    #[test]
    fn compounds_stay_one_word() {
        assert_eq!(
            snake("GZip Compressed Response").as_deref(),
            Some("gzip_compressed_response")
        );
        assert_eq!(
            snake("OAuth2.0 Get Access Token").as_deref(),
            Some("oauth2_0_get_access_token")
        );
    }

    #[test]
    fn apostrophes_join_words() {
        assert_eq!(
            snake("Change a Zoom Room's location").as_deref(),
            Some("change_a_zoom_rooms_location")
        );
        assert_eq!(
            snake("List user’s messages").as_deref(),
            Some("list_users_messages")
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
