//! What a Postman script does, as far as it matters to a client that does not run it: which
//! variables it sets (later requests may use them) and whether it changes the request it runs
//! before. A plain scan of the source, not JavaScript evaluation: it finds the common forms
//! (`pm.environment.set("x", …)`, `postman.setEnvironmentVariable("x", …)`, `pm.request.headers.add`).

/// What the scan found.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Facts {
    /// Names of the variables set with a literal name, in order of appearance, once each.
    pub sets: Vec<String>,
    /// Variables are set under names computed at run time.
    pub sets_unnamed: bool,
    /// The script touches `pm.request` / `request` in a way that changes what is sent.
    pub changes_request: bool,
}

/// Calls whose first argument names a variable being set.
const SETTERS: &[&str] = &[
    "environment.set(",
    "collectionVariables.set(",
    "globals.set(",
    "variables.set(",
    "setEnvironmentVariable(",
    "setGlobalVariable(",
];

/// Calls that change the request about to be sent.
const REQUEST_CHANGES: &[&str] = &[
    "request.headers.add(",
    "request.headers.upsert(",
    "request.headers.remove(",
    "request.addHeader(",
    "request.removeHeader(",
    "request.url.update(",
    "request.url.query.add(",
    "request.url.query.upsert(",
    "request.body.update(",
    "request.auth.update(",
    "request.method =",
    "request.url =",
];

pub fn scan(source: &str) -> Facts {
    let mut facts = Facts::default();
    for setter in SETTERS {
        let mut rest = source;
        while let Some(i) = rest.find(setter) {
            rest = &rest[i + setter.len()..];
            // `pm.variables.set(` is a setter; `x.globals.settings(` is not (the `(` is in `setter`).
            match literal(rest) {
                Some(name) if !name.is_empty() => {
                    if !facts.sets.iter().any(|n| n == name) {
                        facts.sets.push(name.to_owned());
                    }
                }
                _ => facts.sets_unnamed = true,
            }
        }
    }
    facts.changes_request = REQUEST_CHANGES.iter().any(|c| source.contains(c));
    facts
}

/// The string literal at the start of `s` (after blanks), if there is one.
fn literal(s: &str) -> Option<&str> {
    let s = s.trim_start();
    let quote = s.chars().next().filter(|c| matches!(c, '"' | '\'' | '`'))?;
    let body = &s[1..];
    let end = body.find(quote)?;
    let name = &body[..end];
    // A template literal with `${…}` is computed at run time.
    (!name.contains('\\') && !name.contains("${")).then_some(name)
}

/// `a`, `b` and `c` (backquoted), for messages; at most `max` names, then "and N more".
pub fn list(names: &[String], max: usize) -> String {
    let quoted: Vec<String> = names.iter().take(max).map(|n| format!("`{n}`")).collect();
    let mut out = match quoted.len() {
        0 => String::new(),
        1 => quoted[0].clone(),
        n => format!("{} and {}", quoted[..n - 1].join(", "), quoted[n - 1]),
    };
    if names.len() > max {
        out = format!("{} and {} more", quoted.join(", "), names.len() - max);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_variables_a_script_sets() {
        let f = scan(
            "var data = JSON.parse(responseBody);\n\
             postman.setEnvironmentVariable(\"access_token\", data.access_token);\n\
             pm.collectionVariables.set('setup_token_id', response.id);\n\
             pm.environment.set(`access_token`, 1);\n\
             startDateTime.setHours(12);",
        );
        assert_eq!(f.sets, ["access_token", "setup_token_id"]);
        assert!(!f.sets_unnamed);
        assert!(!f.changes_request);
    }

    #[test]
    fn computed_names_and_request_changes() {
        let f = scan("pm.environment.set(key, v); pm.request.headers.add({key: 'X', value: 'y'})");
        assert!(f.sets.is_empty());
        assert!(f.sets_unnamed);
        assert!(f.changes_request);
        let f = scan("pm.globals.set(`${prefix}_id`, 1)");
        assert!(f.sets_unnamed);
    }

    #[test]
    fn assertions_only() {
        let f =
            scan("tests[\"status is 200\"] = responseCode.code === 200;\npm.test('ok', () => {});");
        assert_eq!(f, Facts::default());
    }

    #[test]
    fn lists_for_messages() {
        let names: Vec<String> = ["a", "b", "c", "d"].iter().map(|s| s.to_string()).collect();
        assert_eq!(list(&names[..1], 3), "`a`");
        assert_eq!(list(&names[..2], 3), "`a` and `b`");
        assert_eq!(list(&names[..3], 3), "`a`, `b` and `c`");
        assert_eq!(list(&names, 3), "`a`, `b`, `c` and 1 more");
    }
}
