//! What a collection's scripts store in variables, as data the generator read off them (the
//! scripts themselves are never run nor copied): after a response, an operation's [`Capture`]s
//! store values from it (a JSON path, a header) in the client's variables, where the next
//! request's `{{templates}}` find them; before a request, its pre-request presets store
//! values the client makes itself (a timestamp, a random id, another variable's value).

use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::Value as Json;

use super::client::{Client, Shared};
use super::response::Response;
use super::retry::random_u64;
use super::vars;

/// One variable a script sets.
#[derive(Debug)]
pub struct Capture {
    /// The variable's name.
    pub name: &'static str,
    pub value: Source,
    /// The response statuses on which it happens; empty: any success (2xx). Never checked for
    /// a preset.
    pub statuses: &'static [u16],
    /// Further conditions, all of which must hold.
    pub checks: &'static [Check],
    /// The value is also the credential of the requests whose auth reads this variable.
    pub credential: Option<Credential>,
}

/// Where a captured value comes from.
#[derive(Debug)]
pub enum Source {
    /// A path into the response body as JSON: a string is stored as it is, anything else as
    /// its JSON text. A path the body does not have stores nothing.
    Json(&'static [Step]),
    /// A response header (its first value).
    Header(&'static str),
    /// The response body as text.
    Body,
    /// The response status code.
    Status,
    /// A literal.
    Literal(&'static str),
    /// Another variable's value (nothing when it has none).
    Variable(&'static str),
    /// A value the client makes itself.
    Made(Made),
    /// Parts joined as text; nothing when one of them has no value.
    Concat(&'static [Source]),
    /// The variable is removed.
    Unset,
}

/// One step of a JSON path.
#[derive(Debug)]
pub enum Step {
    /// An object member.
    Key(&'static str),
    /// An array element.
    Index(usize),
    /// The last array element whose member at `key` has the text of `equals`.
    Find {
        key: &'static [Step],
        equals: &'static Source,
    },
}

/// A value made without a response.
#[derive(Clone, Copy, Debug)]
pub enum Made {
    /// Milliseconds since the Unix epoch.
    UnixMillis,
    /// Seconds since the Unix epoch.
    UnixSeconds,
    /// `2024-01-31T12:00:00.000Z`.
    IsoTimestamp,
    /// A random version 4 UUID.
    Uuid,
    /// A random number in [0, 1).
    Random,
    /// One of Postman's dynamic variables the runtime knows (`$randomInt`), with its `$`.
    Dynamic(&'static str),
}

/// A condition of a capture.
#[derive(Debug)]
pub enum Check {
    /// The JSON path exists and is truthy (not `null`, `false`, `0` or `""`); `negated`: not.
    Present {
        path: &'static [Step],
        negated: bool,
    },
    /// The body (or a header) contains `text`; `negated`: does not.
    Contains {
        header: Option<&'static str>,
        text: &'static str,
        negated: bool,
    },
    /// A variable equals `equals`, or with `None` is set and not empty; `negated`: not.
    Variable {
        name: &'static str,
        equals: Option<&'static str>,
        negated: bool,
    },
}

/// A credential a captured value sets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Credential {
    /// The bearer (and OAuth 2.0) token.
    BearerToken,
    /// The API key.
    ApiKey,
}

/// Stores what `captures` take from `response`, in order (a later one sees an earlier one's
/// value), unless the client's capturing is off.
pub fn after_response(client: &Client, captures: &[Capture], response: &Response) {
    if captures.is_empty() || !client.captures_enabled() {
        return;
    }
    let status = response.status();
    let due: Vec<&Capture> = captures
        .iter()
        .filter(|c| {
            if c.statuses.is_empty() {
                (200..300).contains(&status)
            } else {
                c.statuses.contains(&status)
            }
        })
        .collect();
    if due.is_empty() {
        return;
    }
    // Parsed before the lock is taken; a body that is not JSON has no paths.
    let json = serde_json::from_slice::<Json>(response.body()).unwrap_or(Json::Null);
    let response = Some((response, &json));
    client.edit_shared(|shared| {
        for c in due {
            let reading = Reading {
                shared,
                spec: client.spec().variables,
                response,
            };
            if c.checks.iter().all(|check| reading.holds(check)) {
                store(shared, client, c, &c.value, response);
            }
        }
    });
}

/// Stores the values `presets` make (before a request), unless the client's capturing is off.
pub fn before_request(client: &Client, presets: &[Capture]) {
    if presets.is_empty() || !client.captures_enabled() {
        return;
    }
    client.edit_shared(|shared| {
        for p in presets {
            let reading = Reading {
                shared,
                spec: client.spec().variables,
                response: None,
            };
            if p.checks.iter().all(|check| reading.holds(check)) {
                store(shared, client, p, &p.value, None);
            }
        }
    });
}

fn store(
    shared: &mut Shared,
    client: &Client,
    c: &Capture,
    value: &Source,
    response: Option<(&Response, &Json)>,
) {
    if let Source::Unset = value {
        shared.variables.retain(|(k, _)| k != c.name);
        return;
    }
    let reading = Reading {
        shared,
        spec: client.spec().variables,
        response,
    };
    let Some(text) = reading.text(value) else {
        return;
    };
    match c.credential {
        Some(Credential::BearerToken) => shared.credentials.bearer_token = Some(text.clone()),
        Some(Credential::ApiKey) => shared.credentials.api_key = Some(text.clone()),
        None => {}
    }
    shared.set(c.name, text);
}

/// What a capture reads: the variables as they are, and the response.
struct Reading<'r> {
    shared: &'r Shared,
    spec: &'static [super::client::VarSpec],
    response: Option<(&'r Response, &'r Json)>,
}

impl Reading<'_> {
    fn variable(&self, name: &str) -> Option<String> {
        vars::lookup(&self.shared.variables, self.spec, name, None).map(str::to_owned)
    }

    fn text(&self, source: &Source) -> Option<String> {
        let response = self.response;
        Some(match source {
            Source::Json(path) => json_text(self.find(response?.1, path)?),
            Source::Header(name) => response?.0.header(name)?.to_owned(),
            Source::Body => response?.0.text(),
            Source::Status => response?.0.status().to_string(),
            Source::Literal(text) => (*text).to_owned(),
            Source::Variable(name) => self.variable(name)?,
            Source::Made(made) => made_value(*made)?,
            Source::Concat(parts) => {
                let mut out = String::new();
                for p in *parts {
                    out.push_str(&self.text(p)?);
                }
                out
            }
            Source::Unset => return None,
        })
    }

    fn find<'j>(&self, mut at: &'j Json, path: &[Step]) -> Option<&'j Json> {
        for step in path {
            at = match step {
                Step::Key(k) => at.get(*k)?,
                Step::Index(i) => at.get(*i)?,
                Step::Find { key, equals } => {
                    let wanted = self.text(equals)?;
                    at.as_array()?.iter().rev().find(|element| {
                        self.find(element, key)
                            .is_some_and(|v| json_text(v) == wanted)
                    })?
                }
            };
        }
        Some(at)
    }

    fn holds(&self, check: &Check) -> bool {
        match *check {
            Check::Present { path, negated } => {
                let truthy = self
                    .response
                    .and_then(|(_, json)| self.find(json, path))
                    .is_some_and(|v| match v {
                        Json::Null => false,
                        Json::Bool(b) => *b,
                        Json::Number(n) => n.as_f64() != Some(0.0),
                        Json::String(s) => !s.is_empty(),
                        Json::Array(_) | Json::Object(_) => true,
                    });
                truthy != negated
            }
            Check::Contains {
                header,
                text,
                negated,
            } => {
                let found = self.response.is_some_and(|(r, _)| match header {
                    Some(name) => r.header(name).is_some_and(|v| v.contains(text)),
                    None => r.text().contains(text),
                });
                found != negated
            }
            Check::Variable {
                name,
                equals,
                negated,
            } => {
                let value = self.variable(name);
                let holds = match equals {
                    Some(wanted) => value.as_deref().unwrap_or("") == wanted,
                    None => value.is_some_and(|v| !v.is_empty()),
                };
                holds != negated
            }
        }
    }
}

/// A JSON value as a script stores it: a string as it is, anything else as JSON text.
fn json_text(v: &Json) -> String {
    match v {
        Json::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn made_value(made: Made) -> Option<String> {
    Some(match made {
        Made::UnixMillis => SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default()
            .as_millis()
            .to_string(),
        Made::UnixSeconds => vars::dynamic("$timestamp")?,
        Made::IsoTimestamp => vars::dynamic("$isoTimestamp")?,
        Made::Uuid => vars::dynamic("$guid")?,
        Made::Random => ((random_u64() >> 11) as f64 / (1u64 << 53) as f64).to_string(),
        Made::Dynamic(name) => vars::dynamic(name)?,
    })
}
