//! Postman variables: `{{name}}` templates and the scopes that give them values at generation time.

use std::collections::HashMap;

/// A piece of a text that may hold `{{variables}}`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Piece {
    Lit(String),
    /// A variable and the value it has at generation time (`None`: the caller must set it, as
    /// for every credential).
    Var {
        name: String,
        default: Option<String>,
    },
}

/// Splits `text` at `{{name}}` references. An unclosed `{{` stays literal text.
pub fn split(text: &str) -> Vec<(bool, &str)> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        let Some(len) = rest[start + 2..].find("}}") else {
            break;
        };
        let name = &rest[start + 2..start + 2 + len];
        if name.contains('{') {
            // "{{{x}}": treat the first brace as text.
            out.push((false, &rest[..start + 1]));
            rest = &rest[start + 1..];
            continue;
        }
        if start > 0 {
            out.push((false, &rest[..start]));
        }
        out.push((true, name));
        rest = &rest[start + 2 + len + 2..];
    }
    if !rest.is_empty() {
        out.push((false, rest));
    }
    // Merge neighbouring literals.
    let mut merged: Vec<(bool, &str)> = Vec::with_capacity(out.len());
    for (is_var, s) in out {
        match merged.last_mut() {
            Some((false, prev)) if !is_var => {
                let start = prev.as_ptr() as usize - text.as_ptr() as usize;
                *prev = &text[start..start + prev.len() + s.len()];
            }
            _ => merged.push((is_var, s)),
        }
    }
    merged
}

pub fn has_vars(text: &str) -> bool {
    split(text).iter().any(|(v, _)| *v)
}

/// If `text` is exactly one `{{name}}`, its name.
pub fn sole_var(text: &str) -> Option<&str> {
    match split(text).as_slice() {
        [(true, name)] => Some(name),
        _ => None,
    }
}

/// Postman's dynamic variables, which the runtime fills with a fresh value per request.
pub fn is_dynamic(name: &str) -> bool {
    matches!(
        name,
        "$guid" | "$randomUUID" | "$timestamp" | "$isoTimestamp" | "$randomInt"
    )
}

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
        self.secrets.contains(name) || super::build::is_secret_name(name)
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
            for (is_var, s) in split(&current) {
                if is_var {
                    next.push_str(self.lookup(s)?);
                } else {
                    next.push_str(s);
                }
            }
            current = next;
        }
        None
    }

    /// `text` as pieces, each variable with its generation-time value.
    pub fn template(&self, text: &str) -> Vec<Piece> {
        split(text)
            .into_iter()
            .map(|(is_var, s)| {
                if is_var {
                    Piece::Var {
                        name: s.to_owned(),
                        default: self.lookup(s).and_then(|v| self.resolve(v)),
                    }
                } else {
                    Piece::Lit(s.to_owned())
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_templates() {
        assert_eq!(
            split("a{{b}}c"),
            vec![(false, "a"), (true, "b"), (false, "c")]
        );
        assert_eq!(split("{{b}}"), vec![(true, "b")]);
        assert_eq!(split("x{{y"), vec![(false, "x{{y")]);
        assert_eq!(split("{{{x}}"), vec![(false, "{"), (true, "x")]);
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
