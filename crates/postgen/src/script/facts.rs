//! What the analysis of one script found, as plain data: names, JSON paths, header names and
//! literals that a later stage can emit as Rust literals. Nothing here is script source.

/// Which script of a request (or folder, or collection) this is: Postman's `event[].listen`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Listen {
    /// Runs before the request is sent.
    Prerequest,
    /// Runs after the response arrived.
    Test,
}

/// A place in the script text: 1-based line and column, the column counted in characters. A
/// script given as a list of lines (`exec: [...]`) is taken with its lines joined by `\n`, so the
/// line is also the index of the entry, plus one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Pos {
    pub line: u32,
    pub column: u32,
}

/// Where Postman keeps a variable a script sets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// `pm.environment.set`, `postman.setEnvironmentVariable`.
    Environment,
    /// `pm.collectionVariables.set`.
    Collection,
    /// `pm.globals.set`, `postman.setGlobalVariable`.
    Globals,
    /// `pm.variables.set`: local to the run, the innermost scope when variables are resolved.
    Local,
}

/// One step of a path into a JSON document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    /// An object member: `.id`, `["@odata.etag"]`.
    Key(String),
    /// An array element: `[0]`.
    Index(usize),
    /// The array element whose member at `key` equals `equals` (a literal or a variable), from a
    /// loop that searches: `for (…) { if (a[i].name == "x") set(…, a[i].id) }`. The loop does
    /// not stop at a match, so with several the last wins; earlier branches of an `else if`
    /// chain on the same key are taken as excluding each other.
    Find { key: Vec<Step>, equals: Box<Value> },
    /// Every element, inside a loop: never in a finished [`Value`].
    #[doc(hidden)]
    Each,
}

/// A value computed without a response: what a pre-request script can make on its own.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Dynamic {
    /// Milliseconds since the Unix epoch: `Date.now()`, `new Date().getTime()`.
    UnixMillis,
    /// Whole seconds since the Unix epoch: `Math.floor(Date.now() / 1000)` (or `round`).
    UnixSeconds,
    /// The current time as ISO 8601 in UTC with milliseconds: `new Date().toISOString()`.
    IsoTimestamp,
    /// A random version 4 UUID: `require('uuid').v4()`, `crypto.randomUUID()`,
    /// `pm.variables.replaceIn('{{$guid}}')`.
    Uuid,
    /// A random number in [0, 1): `Math.random()`.
    Random,
    /// Postman's own dynamic variable of this name, without the `$`: `{{$timestamp}}` through
    /// `pm.variables.replaceIn`.
    Postman(String),
    /// Today plus `days` (may be negative), formatted with a moment.js pattern:
    /// `moment().add(30, 'day').format("YYYY-MM-DD")`.
    Date { days: i64, format: String },
}

/// What a variable is set to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    /// A path into the response body parsed as JSON (`pm.response.json()`,
    /// `JSON.parse(responseBody)`); the empty path is the whole body. A string is stored as it
    /// is, anything else as its JSON text.
    Json(Vec<Step>),
    /// A path into the response body read as XML by Postman's `xml2Json` (element names as
    /// members, attributes under `$`, repeated elements as arrays).
    Xml(Vec<Step>),
    /// A response header, by name as written (compare case-insensitively).
    Header(String),
    /// The response body as text (`responseBody`, `pm.response.text()`).
    Body,
    /// The response status code (`pm.response.code`, `responseCode.code`).
    Status,
    /// A literal: a string, or a number or boolean as JavaScript writes it (`5`, `true`).
    Literal(String),
    /// Another variable's value. `scope` is `None` for `pm.variables.get` (and the legacy
    /// `postman.getVariable`), which resolves through every scope.
    Variable { scope: Option<Scope>, name: String },
    /// A value the client makes itself (time, random id).
    Dynamic(Dynamic),
    /// Parts joined as text, from `+` on strings or a template literal:
    /// `"Bearer " + data.token`, `` `${a}-${b}` ``. Never nested, never only literals.
    Concat(Vec<Value>),
    /// The variable is removed (`pm.environment.unset`, `postman.clearEnvironmentVariable`).
    Unset,
}

impl Value {
    /// Whether the value is read from the response.
    pub fn reads_response(&self) -> bool {
        match self {
            Value::Json(_) | Value::Xml(_) | Value::Header(_) | Value::Body | Value::Status => true,
            Value::Concat(parts) => parts.iter().any(Value::reads_response),
            _ => false,
        }
    }
}

/// Where text is looked for in a [`Condition::Contains`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Text {
    /// The response body.
    Body,
    /// A response header, by name.
    Header(String),
}

/// Part of the request a script runs for: a script on a folder or the collection runs for each
/// request in it, and may test which one it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestText {
    pub field: RequestField,
    /// `.split(separator)[index]` of the field.
    pub split: Option<(String, usize)>,
}

/// A field of the request, as the legacy `request` object (and `pm.request`) has it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RequestField {
    /// The URL as sent: in a test script its variables are resolved.
    Url,
    /// The request's name in the collection.
    Name,
    /// The method, upper case.
    Method,
}

/// A condition besides the status under which a variable is set.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Condition {
    /// The JSON path exists in the response body and is truthy (not `null`, `false`, `0` or
    /// `""`), or with `negated`, does not.
    Present { path: Vec<Step>, negated: bool },
    /// The text contains `text` (`responseBody.indexOf("x") !== -1`, `.has`, `.includes`), or
    /// with `negated`, does not.
    Contains {
        within: Text,
        text: String,
        negated: bool,
    },
    /// A part of the request equals `equals` (`negated`: does not).
    Request {
        text: RequestText,
        /// A literal, or a variable's value.
        equals: Value,
        negated: bool,
    },
    /// Another variable equals `equals` (`pm.environment.get("x") === ""`) or, when `equals` is
    /// `None`, is set and not empty (`if (pm.environment.get("x"))`); `negated` turns it round.
    Variable {
        scope: Option<Scope>,
        name: String,
        equals: Option<String>,
        negated: bool,
    },
}

/// When a variable is set.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct When {
    /// The response statuses on which it happens. `None`: no status condition in the script, to
    /// be read as "on any success (2xx)": a typed client decodes only those (Postman itself runs
    /// test scripts on every status, where the usual script would store `undefined` or fail). A
    /// status guard that only excludes failures (`if (pm.response.status === "Forbidden") {}
    /// else {…}`) is also `None`. Always `None` for a pre-request script.
    pub statuses: Option<Vec<u16>>,
    /// The script makes sure the value's own JSON path (or a prefix of it) exists before it
    /// stores it (`if (data.token)`, `if (data && data.id)`, `data.hasOwnProperty("id")`,
    /// `pm.expect(data.id).to.exist`): a missing value is expected and skipped. When `false` the
    /// script reads the path unguarded and Postman would store `undefined` or stop with an error.
    pub only_if_present: bool,
    /// Further conditions, all of which hold.
    pub conditions: Vec<Condition>,
    // Assertions on a value's content (`pm.expect(d.type).to.eql("x")`) before a capture are
    // not conditions here: a failing one stops Postman's callback, but they are checks on a
    // response the client decodes anyway, not choices of what to store.
}

/// A variable the script sets, with a value the analysis understood.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Assignment {
    pub scope: Scope,
    pub name: String,
    pub value: Value,
    pub when: When,
    /// The setter call.
    pub pos: Pos,
}

/// A variable-setting call the analysis could not read, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal {
    /// The variable's name, when it is a literal.
    pub name: Option<String>,
    /// Whether the value (as far as it could be followed) is read from the response.
    pub from_response: bool,
    /// Whether it is read from the response to a request the script sends itself
    /// (`pm.sendRequest`), usually to fetch a token.
    pub from_sent_request: bool,
    /// What was not understood: "loop", "value built from a function call", ….
    pub why: String,
    pub pos: Pos,
}

/// A place in the script and what happens there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Note {
    pub pos: Pos,
    pub why: String,
}

/// What one script does, as far as a client that does not run it needs to know.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Facts {
    /// Variables a test script sets (after the response), in source order.
    pub captures: Vec<Assignment>,
    /// Variables a pre-request script sets, in source order.
    pub presets: Vec<Assignment>,
    /// Variable-setting calls that could not be read, in source order.
    pub refused: Vec<Refusal>,
    /// Where the script first signs or changes the request itself (`pm.request.headers.add`,
    /// `pm.request.url = …`, a value computed with `CryptoJS` in a pre-request script).
    pub changes_request: Option<Note>,
    /// Assertions: `pm.test(…)` calls, `tests[…] = …` and `pm.expect` / `pm.response.to`
    /// statements outside a `pm.test`.
    pub asserts: usize,
    /// Every variable-setting call seen (`set`, `unset`, and the legacy `postman.*` forms),
    /// understood or not.
    pub setters: usize,
    /// The first statement that could not be read (a refused setter, a call whose effect is
    /// unknown, a syntax error), if any.
    pub unrecognised: Option<Note>,
}

impl Facts {
    /// The script only asserts: it has assertions and no other effect (logging aside), so it
    /// matters to nothing a client does. Such scripts are counted, not warned about one by one.
    pub fn assert_only(&self) -> bool {
        self.asserts > 0
            && self.setters == 0
            && self.changes_request.is_none()
            && self.unrecognised.is_none()
    }

    /// Setter calls whose value is read from a response: understood (`.0`) and in all (`.1`).
    pub fn response_setters(&self) -> (usize, usize) {
        let understood = self
            .captures
            .iter()
            .filter(|a| a.value.reads_response())
            .count();
        let refused = self.refused.iter().filter(|r| r.from_response).count();
        (understood, understood + refused)
    }
}
