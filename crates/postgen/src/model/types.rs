//! The Rust types of JSON bodies, inferred from the collection's examples by the `infer` stage
//! (`crate::infer`): references to types for each operation, and the definitions each module
//! holds. Plain data, like the rest of the model.

/// A Rust type, as a field or argument uses it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum TypeRef {
    String,
    I64,
    /// An integer too large for `i64` that fits `u64`.
    U64,
    F64,
    Bool,
    /// `serde_json::Value`: nothing (or nothing consistent) is known about the shape.
    Json,
    Option(Box<TypeRef>),
    Vec(Box<TypeRef>),
    /// A struct in `type_defs` of a module.
    Named {
        /// `None`: the module of whoever refers to it; otherwise the module path from the crate
        /// root (module idents; empty for the root).
        module: Option<Vec<String>>,
        name: String,
    },
}

impl TypeRef {
    pub fn is_option(&self) -> bool {
        matches!(self, TypeRef::Option(_))
    }
}

/// A struct for a JSON object.
#[derive(Clone, Debug, PartialEq)]
pub struct StructDef {
    pub name: String,
    pub fields: Vec<FieldDef>,
    /// Where the shape was seen, first use first; every operation once.
    pub uses: Vec<TypeUse>,
    /// Whether the generated code serialises it: it is (in) a request body, or (in) an error
    /// body whose application error code is read back from it.
    pub serialized: bool,
    /// Whether the generated code deserialises it: it is (in) a response or error body.
    pub deserialized: bool,
    /// As the success response of paginated operations: how it says which page comes next
    /// (its `runtime::Page` impl; set by `infer::pages`).
    pub page: Option<PageRule>,
}

/// How a response says which page comes next, and what it lists.
#[derive(Clone, Debug, PartialEq)]
pub struct PageRule {
    pub next: NextRule,
    /// The field listing the page's items (a `Vec`, or an optional one).
    pub items: FieldStep,
    /// The type of an item.
    pub item: TypeRef,
}

/// The request for the next page, from a response.
#[derive(Clone, Debug, PartialEq)]
pub enum NextRule {
    /// Query parameter `param` set to the string at `token` (Zoom's `next_page_token`,
    /// Twitter's `meta.next_token` as `pagination_token`), while it is not empty.
    Cursor {
        param: String,
        token: Vec<FieldStep>,
    },
    /// `param` set to the last item's `id` while `has_more` is true (Stripe's lists).
    After {
        param: String,
        has_more: FieldStep,
        id: FieldStep,
    },
    /// `param` set to the page number after `page` while at most `count`.
    Number {
        param: String,
        page: FieldStep,
        count: FieldStep,
    },
    /// The query of the URL at `url` (`@odata.nextLink`, `_links.next.href`).
    Link { url: Vec<FieldStep> },
}

/// A field on the way to a value a [`NextRule`] reads.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldStep {
    pub ident: String,
    /// The JSON key.
    pub key: String,
    /// `Option<…>`.
    pub optional: bool,
}

impl NextRule {
    /// The JSON path it reads (`meta.next_token`), for docs.
    pub fn read(&self) -> String {
        let keys = |steps: &[FieldStep]| {
            steps
                .iter()
                .map(|s| s.key.as_str())
                .collect::<Vec<_>>()
                .join(".")
        };
        match self {
            NextRule::Cursor { token, .. } => keys(token),
            NextRule::After { has_more, .. } => has_more.key.clone(),
            NextRule::Number { count, .. } => count.key.clone(),
            NextRule::Link { url } => keys(url),
        }
    }
}

/// Which body of an operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BodyRole {
    /// The JSON request body.
    Request,
    /// A 2xx response.
    Success,
    /// The response with this (non-2xx) status.
    Error(u16),
}

/// A place a struct is used: in some body of an operation.
#[derive(Clone, Debug, PartialEq)]
pub struct TypeUse {
    /// The operation's module (idents from the crate root), handle and function.
    pub module: Vec<String>,
    pub handle: String,
    pub op: String,
    pub role: BodyRole,
    /// Where in the body, e.g. `data.phones[]`; empty for the body itself.
    pub path: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct FieldDef {
    /// `snake_case`, unique in the struct.
    pub ident: String,
    /// The JSON key.
    pub key: String,
    /// `TypeRef::Option` for a field that may be missing or `null`.
    pub ty: TypeRef,
    /// Missing from some example: `None` is left out when serialising. A field every example
    /// has, sometimes as `null`, writes `None` as `null`, as the examples do.
    pub skip_if_none: bool,
    /// Absent in some example and `null` in another: a key that is there is `Some`, `null`
    /// included (`Option<Option<T>>`, or `Option<Value>`), so both are kept apart.
    pub keeps_null: bool,
    /// Decoded from responses: a scalar takes what a server may send for its type (`"42"` for
    /// a number, `42` for a string).
    pub lenient: bool,
    /// An example value, as JSON text.
    pub example: Option<String>,
}

/// Application error codes an operation documents (Zoom's `**Error Code:** \`300\``), read
/// from the `code` field of an error body.
#[derive(Clone, Debug, PartialEq)]
pub struct CodeEnum {
    pub name: String,
    pub codes: Vec<ErrorCode>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ErrorCode {
    pub code: i64,
    /// The variant, e.g. `Code3001`.
    pub ident: String,
    /// The documented meanings (one per place it is documented), as written.
    pub meanings: Vec<String>,
    /// The statuses under which it is documented.
    pub statuses: Vec<u16>,
}

/// The types of one operation.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct OpTypes {
    /// The type of the JSON request body (`Body::Json`).
    pub body: Option<TypeRef>,
    /// What a 2xx response gives.
    pub ok: OkType,
    /// The payload of each documented error status, by ascending status.
    pub errors: Vec<ErrorPayload>,
    /// The enum of documented application error codes (defined next to the error enum).
    pub codes: Option<CodeEnum>,
    /// The saved responses, as tests feed them to the decode function.
    pub examples: Vec<SavedExample>,
    /// Some error payload may be large enough for clippy's `large_enum_variant` and
    /// `result_large_err` (the payloads stay unboxed, so that `match` reads naturally).
    pub large_errors: bool,
}

/// A saved response (`Operation::responses[response]`) as a test of the generated code uses it.
#[derive(Clone, Debug, PartialEq)]
pub struct SavedExample {
    pub response: usize,
    /// Its body is JSON.
    pub json: bool,
    /// A 2xx response that says it is JSON but is not (a warning tells): the `Ok` type cannot
    /// decode it. (An error variant whose example is not JSON keeps the raw body.)
    pub unreadable: bool,
    /// The body a server would send, when the saved text is not that: lenient JSON written
    /// strictly, and placeholders (`"<integer>"`, `{{id}}`) replaced by a value of their type.
    pub realized: Option<String>,
}

/// What a successful (2xx) response gives the caller.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum OkType {
    /// No 2xx response documented: the raw response.
    #[default]
    Raw,
    /// Every documented 2xx response is empty.
    Unit,
    /// Text (`String`).
    Text,
    /// Bytes (`Vec<u8>`).
    Bytes,
    /// A JSON body of type `ty`. With `optional`, some 2xx responses have no body: the type is
    /// `Option<ty>`, `None` for the statuses in `empty` (204 and 205, which have no content
    /// whatever was saved) and for any other empty 2xx body.
    Json {
        ty: TypeRef,
        optional: bool,
        empty: Vec<u16>,
    },
}

/// The payload of one error variant.
#[derive(Clone, Debug, PartialEq)]
pub struct ErrorPayload {
    pub status: u16,
    /// `None`: the raw body (`runtime::Body`), the example not being JSON.
    pub json: Option<TypeRef>,
}
