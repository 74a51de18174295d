//! What the analysis knows about the value of an expression: a [`Value`] it can write down, one
//! of the objects Postman gives a script, or an unknown with the reason and whether it was read
//! from a response.

use oxc_ast::ast::{ArrowFunctionExpression, Function};

use super::facts::{Dynamic, RequestField, RequestText, Scope, Step, Text, Value};
use super::guard::Guard;

/// A function the script defines, to be followed where it is called.
#[derive(Clone, Copy, Debug)]
pub enum Func<'a> {
    Decl(&'a Function<'a>),
    Arrow(&'a ArrowFunctionExpression<'a>),
}

impl PartialEq for Func<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.addr() == other.addr()
    }
}

impl Func<'_> {
    pub fn addr(&self) -> usize {
        match self {
            Func::Decl(f) => std::ptr::from_ref(*f) as usize,
            Func::Arrow(f) => std::ptr::from_ref(*f) as usize,
        }
    }
}

/// Why a value is unknown, and what it was built from.
#[derive(Clone, Debug, PartialEq)]
pub struct Unknown {
    pub why: String,
    /// Built from something read from a response.
    pub from_response: bool,
    /// Built with `CryptoJS`: in a pre-request script, a signature.
    pub crypto: bool,
    /// Built from the response to a `pm.sendRequest`.
    pub sent_request: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Val<'a> {
    /// A value that can be written down.
    Known(Value),
    Str(String),
    Num(f64),
    Bool(bool),
    Undefined,
    /// An array literal, for `[200, 201].includes(code)` and `oneOf([…])`.
    Array(Vec<Val<'a>>),
    /// `pm`, `postman`, `console`, `JSON`, `Math`, `Date`, `CryptoJS`, … by name.
    Global(&'static str),
    /// `pm.response` (and the legacy `responseCode` object, whose `.code` is the status).
    Response,
    /// `pm.response.headers`, or the legacy `responseHeaders` object.
    Headers,
    /// `pm.response.status`: the reason phrase.
    StatusText,
    /// `pm.environment`, `pm.globals`, …; `None` for `pm.variables` (reads resolve).
    Vars(Option<Scope>),
    /// `pm.request` or the legacy `request`.
    Request,
    /// Text of the request: `request.url`, `request.name`, `request.url.split("/")[5]`.
    RequestText(RequestText),
    /// `request.url.split("/")`, before it is indexed.
    RequestSplit(RequestField, String),
    /// The index of a counting loop over the JSON array at this path: `for (i = 0; i <
    /// a.length; i++)`.
    LoopIndex(Vec<Step>),
    /// The object `new Date()`.
    Now,
    /// `Date.now() / 1000`, before it is rounded.
    NowSeconds,
    /// `moment()` moved by this many days.
    Moment(i64),
    /// `require(name)` of a module the analysis knows.
    Module(&'static str),
    /// `text.indexOf("x")`: an offset that is -1 when the text does not contain "x".
    IndexOf(Text, String),
    /// `text.includes("x")`, `responseBody.has("x")`.
    Has(Text, String),
    /// `json.hasOwnProperty("k")`, `"k" in json`: true when the value is there.
    Present(Value),
    /// A test whose outcome is a guard: when true, when false.
    Cond(Box<(Guard, Guard)>),
    Func(Func<'a>),
    Unknown(Unknown),
}

impl<'a> Val<'a> {
    pub fn unknown(why: impl Into<String>) -> Val<'a> {
        Val::Unknown(Unknown {
            why: why.into(),
            from_response: false,
            crypto: false,
            sent_request: false,
        })
    }

    /// An unknown built from `parts`, which carries on their taint.
    pub fn unknown_from(why: impl Into<String>, parts: &[&Val<'a>]) -> Val<'a> {
        let why = why.into();
        let mut u = Unknown {
            why,
            from_response: false,
            crypto: false,
            sent_request: false,
        };
        for p in parts {
            u.from_response |= p.reads_response();
            if let Val::Unknown(inner) = p {
                u.crypto |= inner.crypto;
                u.sent_request |= inner.sent_request;
            }
        }
        Val::Unknown(u)
    }

    /// Whether this value is there, as a value.
    pub fn present(self) -> Val<'a> {
        match self {
            Val::Known(v) => Val::Present(v),
            other => Val::unknown_from("test of a value not followed", &[&other]),
        }
    }

    /// Read from a response, as far as can be told.
    pub fn reads_response(&self) -> bool {
        match self {
            Val::Known(v) => v.reads_response(),
            Val::Response
            | Val::Headers
            | Val::StatusText
            | Val::IndexOf(..)
            | Val::Has(..)
            | Val::Present(_)
            | Val::Cond(_) => true,
            Val::Array(items) => items.iter().any(Val::reads_response),
            Val::Unknown(u) => u.from_response,
            _ => false,
        }
    }

    /// As a [`Value`] to store in a variable, or why not.
    pub fn to_value(&self) -> Result<Value, Unknown> {
        match self {
            Val::Known(v) => Ok(v.clone()),
            Val::Str(s) => Ok(Value::Literal(s.clone())),
            Val::Num(n) => Ok(Value::Literal(number_text(*n))),
            Val::Bool(b) => Ok(Value::Literal(b.to_string())),
            Val::Unknown(u) => Err(u.clone()),
            other => Err(Unknown {
                why: format!("value is {}", other.describe()),
                from_response: other.reads_response(),
                crypto: false,
                sent_request: false,
            }),
        }
    }

    /// Whether `+` on this is string concatenation whatever the other side is.
    pub fn is_text(&self) -> bool {
        match self {
            Val::Str(_) => true,
            Val::Known(v) => matches!(
                v,
                Value::Literal(_)
                    | Value::Header(_)
                    | Value::Body
                    | Value::Variable { .. }
                    | Value::Concat(_)
                    | Value::Xml(_)
                    | Value::Dynamic(
                        Dynamic::Uuid
                            | Dynamic::IsoTimestamp
                            | Dynamic::Date { .. }
                            | Dynamic::Postman(_)
                    )
            ),
            _ => false,
        }
    }

    fn describe(&self) -> &'static str {
        match self {
            Val::Undefined => "undefined",
            Val::Array(_) => "an array",
            Val::Response => "the response object",
            Val::Headers => "the response headers",
            Val::Vars(_) => "a variable scope",
            Val::Request | Val::RequestText(_) | Val::RequestSplit(..) => "the request",
            Val::Now => "a Date object",
            Val::Func(_) => "a function",
            Val::IndexOf(..) | Val::Has(..) | Val::Present(_) | Val::Cond(_) => "a test",
            _ => "an object",
        }
    }
}

/// A number as JavaScript prints it, for the common cases (integers, short decimals).
pub fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e21 {
        format!("{n:.0}")
    } else {
        n.to_string()
    }
}

/// `parts` joined as [`Value::Concat`]: flattened, adjacent literals merged, only-literal → one.
pub fn concat(parts: Vec<Value>) -> Value {
    let mut out: Vec<Value> = Vec::new();
    for p in parts {
        let flat = match p {
            Value::Concat(inner) => inner,
            other => vec![other],
        };
        for v in flat {
            match (out.last_mut(), v) {
                (Some(Value::Literal(a)), Value::Literal(b)) => a.push_str(&b),
                (_, Value::Literal(b)) if b.is_empty() => {}
                (_, v) => out.push(v),
            }
        }
    }
    match out.len() {
        0 => Value::Literal(String::new()),
        1 if matches!(out[0], Value::Literal(_)) => out.pop().expect("one part"),
        _ => Value::Concat(out),
    }
}

/// A member step from a property name or computed key value.
pub fn step_of(key: &Val<'_>) -> Option<Step> {
    match key {
        Val::Str(s) => Some(Step::Key(s.clone())),
        Val::Num(n) if *n >= 0.0 && n.fract() == 0.0 && *n < 1e15 => Some(Step::Index(*n as usize)),
        _ => None,
    }
}
