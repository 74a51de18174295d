//! Conditions under which statements run: the response statuses, values that must be present,
//! and what else a branch tested, kept as a conjunction. A condition the analysis cannot write
//! as data makes the guard unknown, and a variable set under it is refused.

use std::collections::BTreeSet;

use super::facts::{Condition, Step, Value, When};

/// A set of statuses, kept finite: every code the script names, plus "all the others".
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Statuses {
    /// Only these.
    Only(BTreeSet<u16>),
    /// All but these.
    Except(BTreeSet<u16>),
}

/// The success statuses a typed client sees, for turning "all but …" into a list.
const SUCCESS: [u16; 10] = [200, 201, 202, 203, 204, 205, 206, 207, 208, 226];

impl Statuses {
    pub fn any() -> Statuses {
        Statuses::Except(BTreeSet::new())
    }

    pub fn one(code: u16) -> Statuses {
        Statuses::Only(BTreeSet::from([code]))
    }

    /// The codes in `lo..=hi` that exist (100 to 599).
    pub fn range(lo: f64, hi: f64) -> Statuses {
        Statuses::Only(
            (100u16..=599)
                .filter(|&c| f64::from(c) >= lo && f64::from(c) <= hi)
                .collect(),
        )
    }

    pub fn not(self) -> Statuses {
        match self {
            Statuses::Only(s) => Statuses::Except(s),
            Statuses::Except(s) => Statuses::Only(s),
        }
    }

    pub fn and(self, other: Statuses) -> Statuses {
        use Statuses::*;
        match (self, other) {
            (Only(a), Only(b)) => Only(a.intersection(&b).copied().collect()),
            (Only(a), Except(b)) | (Except(b), Only(a)) => {
                Only(a.difference(&b).copied().collect())
            }
            (Except(a), Except(b)) => Except(a.union(&b).copied().collect()),
        }
    }

    pub fn or(self, other: Statuses) -> Statuses {
        self.not().and(other.not()).not()
    }

    /// As [`When::statuses`]: `None` when every success status is in the set (the others do
    /// not matter: a typed client captures from successes only, unless a script names one).
    fn listed(&self) -> Option<Vec<u16>> {
        match self {
            Statuses::Except(s) if SUCCESS.iter().all(|c| !s.contains(c)) => None,
            Statuses::Except(s) => {
                Some(SUCCESS.iter().copied().filter(|c| !s.contains(c)).collect())
            }
            Statuses::Only(s) if SUCCESS.iter().all(|c| s.contains(c)) => None,
            // Of the 2xx codes, only those a server sends.
            Statuses::Only(s) => Some(
                s.iter()
                    .copied()
                    .filter(|c| !(200..300).contains(c) || SUCCESS.contains(c))
                    .collect(),
            ),
        }
    }
}

/// One thing a guard requires besides the status.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Atom {
    /// The value is truthy (`negated`: falsy or missing).
    Truthy(Value, bool),
    /// A condition already in its final form.
    Cond(Condition),
    /// In a loop over an array: the element's member at `path` (which has a
    /// [`Step::Each`]) equals `equals` (`negated`: does not).
    Match {
        path: Vec<Step>,
        equals: Value,
        negated: bool,
    },
}

/// A conjunction: the statuses, the atoms, or a reason it cannot be written down.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Guard {
    pub statuses: Statuses,
    pub atoms: Vec<Atom>,
    pub unknown: Option<String>,
}

impl Default for Guard {
    fn default() -> Guard {
        Guard {
            statuses: Statuses::any(),
            atoms: Vec::new(),
            unknown: None,
        }
    }
}

impl Guard {
    pub fn status(s: Statuses) -> Guard {
        Guard {
            statuses: s,
            ..Guard::default()
        }
    }

    pub fn atom(a: Atom) -> Guard {
        Guard {
            atoms: vec![a],
            ..Guard::default()
        }
    }

    pub fn unknown(why: impl Into<String>) -> Guard {
        Guard {
            unknown: Some(why.into()),
            ..Guard::default()
        }
    }

    pub fn and(mut self, other: Guard) -> Guard {
        self.statuses = self.statuses.and(other.statuses);
        for a in other.atoms {
            if !self.atoms.contains(&a) {
                self.atoms.push(a);
            }
        }
        self.unknown = self.unknown.or(other.unknown);
        self
    }

    /// The disjunction, where it is still a conjunction: of statuses alone, or of equals.
    pub fn or(self, other: Guard) -> Guard {
        if self == other {
            return self;
        }
        if let Some(why) = self.unknown.or(other.unknown) {
            return Guard::unknown(why);
        }
        if self.atoms.is_empty() && other.atoms.is_empty() {
            return Guard::status(self.statuses.or(other.statuses));
        }
        Guard::unknown("condition joined with `||` (or an `else` after `&&`)")
    }

    /// When something set to `value` under this guard happens, or why that cannot be said.
    pub fn when(&self, value: &Value) -> Result<When, String> {
        if let Some(why) = &self.unknown {
            return Err(why.clone());
        }
        // An element of a loop's array that no search pinned down.
        let each = |v: &Value| matches!(v, Value::Json(p) if p.contains(&Step::Each));
        if each(value)
            || self
                .atoms
                .iter()
                .any(|a| matches!(a, Atom::Truthy(v, _) if each(v)))
        {
            return Err("loop".to_owned());
        }
        let mut when = When {
            statuses: self.statuses.listed(),
            ..When::default()
        };
        if matches!(&self.statuses, Statuses::Only(s) if s.is_empty()) {
            return Err("conditions that never hold together".to_owned());
        }
        for atom in &self.atoms {
            match atom {
                Atom::Cond(c) => when.conditions.push(c.clone()),
                Atom::Match { .. } => return Err("loop".to_owned()),
                Atom::Truthy(v, false) if covers(v, value) => when.only_if_present = true,
                Atom::Truthy(Value::Json(path), negated) => {
                    when.conditions.push(Condition::Present {
                        path: path.clone(),
                        negated: *negated,
                    })
                }
                Atom::Truthy(Value::Variable { scope, name }, negated) => {
                    when.conditions.push(Condition::Variable {
                        scope: *scope,
                        name: name.clone(),
                        equals: None,
                        negated: *negated,
                    })
                }
                Atom::Truthy(..) => {
                    return Err(
                        "condition on a value other than a JSON path or variable".to_owned()
                    );
                }
            }
        }
        Ok(when)
    }
}

/// Whether requiring `guard` to be truthy makes sure `value` exists: the same value, or for a
/// JSON path, a prefix of it.
fn covers(guard: &Value, value: &Value) -> bool {
    match (guard, value) {
        (Value::Json(g), Value::Json(v)) => v.starts_with(g),
        (g, v) => g == v,
    }
}

/// The status code for a reason phrase (`pm.response.status === "Forbidden"`).
pub fn reason_code(reason: &str) -> Option<u16> {
    const REASONS: &[(u16, &str)] = &[
        (200, "OK"),
        (201, "Created"),
        (202, "Accepted"),
        (203, "Non-Authoritative Information"),
        (204, "No Content"),
        (205, "Reset Content"),
        (206, "Partial Content"),
        (301, "Moved Permanently"),
        (302, "Found"),
        (304, "Not Modified"),
        (400, "Bad Request"),
        (401, "Unauthorized"),
        (403, "Forbidden"),
        (404, "Not Found"),
        (405, "Method Not Allowed"),
        (409, "Conflict"),
        (410, "Gone"),
        (412, "Precondition Failed"),
        (415, "Unsupported Media Type"),
        (422, "Unprocessable Entity"),
        (429, "Too Many Requests"),
        (500, "Internal Server Error"),
        (502, "Bad Gateway"),
        (503, "Service Unavailable"),
        (504, "Gateway Timeout"),
    ];
    REASONS
        .iter()
        .find(|(_, r)| r.eq_ignore_ascii_case(reason))
        .map(|(c, _)| *c)
}

/// A value set inside a loop over an array, as the search it is: `value`'s path runs through
/// the loop's element, and the guard requires one member of that element to equal something.
/// Returns the value with that element as a [`Step::Find`], and the guard without the match.
pub fn search(value: &Value, guard: &Guard) -> Option<(Value, Guard)> {
    let Value::Json(path) = value else {
        return None;
    };
    let each = path.iter().position(|s| *s == Step::Each)?;
    let (prefix, rest) = (&path[..each], &path[each + 1..]);
    if rest.contains(&Step::Each) {
        return None;
    }
    let (key, equals) = guard.atoms.iter().find_map(|a| match a {
        Atom::Match {
            path,
            equals,
            negated: false,
        } if path.len() > each && path[..each] == *prefix && path[each] == Step::Each => {
            Some((path[each + 1..].to_vec(), equals.clone()))
        }
        _ => None,
    })?;
    let mut found = prefix.to_vec();
    found.push(Step::Find {
        key: key.clone(),
        equals: Box::new(equals),
    });
    found.extend(rest.iter().cloned());
    // Earlier `else if` branches on the same member are the same search's other answers.
    let mut rest_guard = guard.clone();
    rest_guard.atoms.retain(|a| {
        !matches!(a, Atom::Match { path, .. }
            if path.len() > each && path[..each] == *prefix && path[each + 1..] == key[..])
    });
    Some((Value::Json(found), rest_guard))
}

/// `path` with one more step.
pub fn child(path: &[Step], step: Step) -> Vec<Step> {
    let mut p = path.to_vec();
    p.push(step);
    p
}
