//! A collection's scripts as the model keeps them: each script is read by [`crate::script`]
//! (parsed, never run), and what a typed client can do too becomes data of the operations it
//! runs for: the variables a `test` script stores from the response ([`Capture`]s) and those a
//! pre-request script sets to values the client makes itself (presets). What is not understood
//! is reported, one warning per script, with the line of the first statement not read and why.

use std::collections::{HashMap, HashSet};

use super::Capture;
use super::modeler::Modeler;
use crate::diag::WarningKind;
use crate::read::{self, Collection, Item};
use crate::script::{self, Condition, Dynamic, Facts, Listen, RequestField, Step, Value};

/// The Postman dynamic variables the runtime makes (`runtime/vars.rs`), without the `$`.
const RUNTIME_DYNAMIC: &[&str] = &[
    "guid",
    "randomUUID",
    "timestamp",
    "isoTimestamp",
    "randomInt",
];

/// What the scripts a request runs (the collection's, its folders', its own) do for it, in the
/// order Postman runs them.
#[derive(Clone, Debug, Default)]
pub(super) struct Scripts {
    /// From `test` scripts, with the conditions on the request still to be decided.
    pub captures: Vec<Capture>,
    /// From pre-request scripts.
    pub presets: Vec<Capture>,
}

/// Every script of the collection read once, by where it is (its span's start).
pub(super) fn read_all(c: &Collection<'_>) -> HashMap<u32, (Listen, Facts)> {
    let mut events: Vec<&read::Event> = c.events.iter().collect();
    c.each_item(&mut |item| match item {
        Item::Folder(f) => events.extend(&f.events),
        Item::Request(r) => events.extend(&r.events),
    });
    events
        .into_iter()
        .filter_map(|e| {
            let listen = listen(e)?;
            Some((e.span.start, (listen, script::analyse(&e.exec, listen))))
        })
        .collect()
}

fn listen(e: &read::Event) -> Option<Listen> {
    if e.exec.trim().is_empty() {
        return None;
    }
    match e.listen.as_str() {
        "test" => Some(Listen::Test),
        "prerequest" => Some(Listen::Prerequest),
        _ => None,
    }
}

/// The names every script sets: variables a request may read though the collection gives them
/// no value.
pub(super) fn set_names(scripts: &HashMap<u32, (Listen, Facts)>) -> HashSet<String> {
    scripts
        .values()
        .flat_map(|(_, f)| f.captures.iter().chain(&f.presets))
        .map(|a| a.name.clone())
        .collect()
}

impl Modeler<'_> {
    /// Reports what a script does that the client does not, and adds what it does to `into`.
    pub(super) fn script(&mut self, e: &read::Event, place: &str, into: &mut Scripts) {
        let Some((listen, facts)) = self.scripts.get(&e.span.start).cloned() else {
            return;
        };
        let mut problems: Vec<String> = Vec::new();
        if let Some(n) = &facts.unrecognised {
            problems.push(format!(
                "line {}, column {}: {}",
                n.pos.line, n.pos.column, n.why
            ));
        }
        let assignments = match listen {
            Listen::Test => &facts.captures,
            Listen::Prerequest => &facts.presets,
        };
        let mut kept = Vec::new();
        for a in assignments {
            match unsupported(&a.value).or_else(|| a.when.conditions.iter().find_map(condition)) {
                Some(why) => problems.push(format!(
                    "line {}: `{}` is set to {why}, which the client does not compute",
                    a.pos.line, a.name
                )),
                None if a.when.statuses.as_ref().is_some_and(Vec::is_empty) => {}
                None => kept.push(Capture {
                    name: a.name.clone(),
                    scope: a.scope,
                    value: a.value.clone(),
                    when: a.when.clone(),
                    credential: None,
                    used_by: Vec::new(),
                }),
            }
        }
        let what = match listen {
            Listen::Test => format!("the `test` script of {place}"),
            Listen::Prerequest => format!("the pre-request script of {place}"),
        };
        if let Some(n) = &facts.changes_request {
            self.findings.warn(
                WarningKind::Script,
                e.span,
                format!(
                    "{what} signs or changes the request at line {}, column {} ({}): that is \
                     not done; port it to a request signer (`Client::with_signer`){}",
                    n.pos.line,
                    n.pos.column,
                    n.why,
                    if kept.is_empty() {
                        String::new()
                    } else {
                        format!("; the client does set {}", names(&kept))
                    }
                ),
            );
        } else if !problems.is_empty() {
            self.findings.warn(
                WarningKind::Script,
                e.span,
                format!(
                    "{what} is not wholly understood ({}){}: set what it leaves out yourself \
                     (`Client::set_variable`, a credential setter)",
                    problems.join("; "),
                    if kept.is_empty() {
                        String::new()
                    } else {
                        format!("; the client does store {}", names(&kept))
                    }
                ),
            );
        } else if facts.assert_only() {
            self.quiet_tests.push(e.span);
        }
        match listen {
            Listen::Test => into.captures.extend(kept),
            Listen::Prerequest => into.presets.extend(kept),
        }
    }
}

/// `` `a`, `b` and `c` `` for messages.
fn names(captures: &[Capture]) -> String {
    let names: Vec<String> = captures.iter().map(|c| c.name.clone()).collect();
    list(&names, 4)
}

/// Why the client cannot compute `value`, if it cannot.
fn unsupported(value: &Value) -> Option<String> {
    match value {
        Value::Json(path) => path_unsupported(path),
        Value::Xml(_) => Some("a value read from an XML body".to_owned()),
        Value::Dynamic(Dynamic::Date { .. }) => Some("a formatted date".to_owned()),
        Value::Dynamic(Dynamic::Postman(n)) if !RUNTIME_DYNAMIC.contains(&n.as_str()) => {
            Some(format!("Postman's `{{{{${n}}}}}`"))
        }
        Value::Concat(parts) => parts.iter().find_map(unsupported),
        Value::Header(_)
        | Value::Body
        | Value::Status
        | Value::Literal(_)
        | Value::Variable { .. }
        | Value::Dynamic(_)
        | Value::Unset => None,
    }
}

fn path_unsupported(path: &[Step]) -> Option<String> {
    path.iter().find_map(|s| match s {
        Step::Key(_) | Step::Index(_) => None,
        Step::Find { key, equals } => path_unsupported(key).or_else(|| match &**equals {
            Value::Literal(_) | Value::Variable { .. } => None,
            _ => Some("an element found by a computed value".to_owned()),
        }),
        Step::Each => Some("a value of every element".to_owned()),
    })
}

/// Why the client cannot decide `c`, if it cannot. Conditions on the request's name or method
/// are decided for each request ([`applies_to`]).
fn condition(c: &Condition) -> Option<String> {
    match c {
        Condition::Present { path, .. } => path_unsupported(path),
        Condition::Contains { .. } | Condition::Variable { .. } => None,
        Condition::Request { text, equals, .. } => match (text.field, equals) {
            (RequestField::Url, _) => Some("a value under a condition on the URL".to_owned()),
            (_, Value::Literal(_)) => None,
            _ => Some("a value under a condition on the request".to_owned()),
        },
    }
}

/// Whether a capture's conditions on the request hold for the request `name` sent with
/// `method` (conditions on anything else are the runtime's).
pub(super) fn applies_to(c: &Capture, name: &str, method: &str) -> bool {
    c.when.conditions.iter().all(|cond| {
        let Condition::Request {
            text,
            equals: Value::Literal(wanted),
            negated,
        } = cond
        else {
            return true;
        };
        let field = match text.field {
            RequestField::Name => name,
            RequestField::Method => method,
            RequestField::Url => return true,
        };
        let part = match &text.split {
            Some((sep, i)) => field.split(sep.as_str()).nth(*i).unwrap_or(""),
            None => field,
        };
        (part == wanted) != *negated
    })
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
    fn lists_for_messages() {
        let names: Vec<String> = ["a", "b", "c", "d"].iter().map(|s| s.to_string()).collect();
        assert_eq!(list(&names[..1], 3), "`a`");
        assert_eq!(list(&names[..2], 3), "`a` and `b`");
        assert_eq!(list(&names[..3], 3), "`a`, `b` and `c`");
        assert_eq!(list(&names, 3), "`a`, `b`, `c` and 1 more");
    }

    #[test]
    fn values_the_client_cannot_compute() {
        assert!(unsupported(&Value::Json(vec![Step::Key("a".into()), Step::Index(0)])).is_none());
        assert!(unsupported(&Value::Xml(vec![])).is_some());
        assert!(unsupported(&Value::Dynamic(Dynamic::Postman("randomCity".into()))).is_some());
        assert!(unsupported(&Value::Dynamic(Dynamic::Postman("guid".into()))).is_none());
        assert!(
            unsupported(&Value::Concat(vec![
                Value::Literal("x".into()),
                Value::Dynamic(Dynamic::Date {
                    days: 0,
                    format: "YYYY".into()
                })
            ]))
            .is_some()
        );
    }
}
