//! Postman variables: `{{name}}` templates and the scopes that give them values at generation time.

use std::collections::HashMap;

pub use super::template::{Segment, has_vars, is_dynamic, segments, sole_var, var_names};

/// A piece of a text that may hold `{{variables}}`, each variable with the value it has at
/// generation time (`None`: the caller must set it, as for every credential). The runtime's own
/// type, which generated code builds from it.
pub type Piece = super::template::Piece<String>;

/// Values known at generation time, innermost scope first when looking up.
#[derive(Debug, Default, Clone)]
pub struct Scopes {
    /// Environment file values: they beat collection values, as in Postman.
    pub environment: HashMap<String, String>,
    /// The collection's values. (Folder and request variables give none: Postman ignores them.)
    pub collection: HashMap<String, String>,
    /// Names whose values are credentials: never compiled in.
    pub secrets: std::collections::HashSet<String>,
}

impl Scopes {
    /// Whether `name` holds a credential: it feeds an auth block or an Authorization header, or
    /// is named like one (`access_token`, `client_secret`, `X-API-Key`, `password`).
    pub fn is_secret(&self, name: &str) -> bool {
        self.secrets.contains(name) || is_secret_name(name)
    }

    pub fn lookup(&self, name: &str) -> Option<&str> {
        if self.is_secret(name) {
            return None;
        }
        self.environment
            .get(name)
            .or_else(|| self.collection.get(name))
            .map(String::as_str)
    }

    /// Resolves every variable in `text` at generation time (nested references too, a few levels
    /// deep, as Postman does); `None` when one has no value.
    pub fn resolve(&self, text: &str) -> Option<String> {
        let mut current = text.to_owned();
        for _ in 0..8 {
            if !has_vars(&current) {
                return Some(current);
            }
            let mut next = String::with_capacity(current.len());
            for segment in segments(&current) {
                match segment {
                    Segment::Var(name) => next.push_str(self.lookup(name)?),
                    Segment::Text(text) => next.push_str(text),
                }
            }
            current = next;
        }
        None
    }

    /// `text` as pieces, each variable with its generation-time value.
    pub fn template(&self, text: &str) -> Vec<Piece> {
        segments(text)
            .map(|segment| match segment {
                Segment::Var(name) => Piece::Var {
                    name: name.to_owned(),
                    default: self.lookup(name).and_then(|v| self.resolve(v)),
                },
                Segment::Text(text) => Piece::Lit(text.to_owned()),
            })
            .collect()
    }
}

/// Names that say "credential" (`access_token`, `X-API-Key`, `client_secret`, `password`).
pub fn is_secret_name(name: &str) -> bool {
    let n: String = name
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    [
        "token",
        "secret",
        "password",
        "passwd",
        "apikey",
        "credential",
        "privatekey",
    ]
    .iter()
    .any(|w| n.contains(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_names() {
        for n in [
            "access_token",
            "X-API-Key",
            "client_secret",
            "password",
            "bearerToken",
        ] {
            assert!(is_secret_name(n), "{n}");
        }
        for n in ["baseUrl", "webinarId", "page_size"] {
            assert!(!is_secret_name(n), "{n}");
        }
    }

    #[test]
    fn splits_templates() {
        use Segment::{Text, Var};
        let split = |s| segments(s).collect::<Vec<_>>();
        assert_eq!(split("a{{b}}c"), [Text("a"), Var("b"), Text("c")]);
        assert_eq!(split("{{b}}"), [Var("b")]);
        assert_eq!(split("x{{y"), [Text("x{{y")]);
        assert_eq!(split("{{{x}}"), [Text("{"), Var("x")]);
        assert_eq!(split("a}}{{b}}{{"), [Text("a}}"), Var("b"), Text("{{")]);
        assert!(split("").is_empty());
        assert_eq!(sole_var("{{baseUrl}}"), Some("baseUrl"));
        assert_eq!(sole_var("{{a}}{{b}}"), None);
    }

    #[test]
    fn scopes_resolve_environment_first_and_keep_secrets_out() {
        let mut s = Scopes::default();
        s.collection.insert("a".into(), "collection".into());
        assert_eq!(s.lookup("a"), Some("collection"));
        s.environment.insert("a".into(), "env".into());
        assert_eq!(s.lookup("a"), Some("env"));
        s.collection.insert("nested".into(), "{{a}}/x".into());
        assert_eq!(s.resolve("{{nested}}").as_deref(), Some("env/x"));
        s.secrets.insert("a".into());
        assert_eq!(s.resolve("{{nested}}"), None);
    }
}
