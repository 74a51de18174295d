//! The inference rules, each on a small collection run through the pipeline up to the model.

use super::place::singular;
use crate::model::{Api, BodyRole, Module, OkType, Operation, StructDef, TypeRef};
use crate::{Builder, Generated};

/// A collection of `requests` (JSON items) at the root.
fn generate(items: &str) -> Generated {
    let text = format!(
        r#"{{"info": {{"name": "T", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"}},
            "variable": [{{"key": "baseUrl", "value": "https://x.test"}}],
            "item": [{items}]}}"#
    );
    Builder::new()
        .generate_from_bytes("t.json", text.as_bytes())
        .unwrap()
}

/// A request item; `responses` are `(status, content type, body)`.
fn request(name: &str, body: Option<&str>, responses: &[(u16, &str, &str)]) -> String {
    request_named(
        name,
        body,
        &responses
            .iter()
            .map(|r| (r.0, r.1, r.2, ""))
            .collect::<Vec<_>>(),
    )
}

fn request_named(name: &str, body: Option<&str>, responses: &[(u16, &str, &str, &str)]) -> String {
    let body = body.map_or(String::new(), |b| {
        format!(
            r#""body": {{"mode": "raw", "raw": {}, "options": {{"raw": {{"language": "json"}}}}}},"#,
            json_string(b)
        )
    });
    let responses: Vec<String> = responses
        .iter()
        .map(|(code, ct, text, rname)| {
            let header = if ct.is_empty() {
                String::new()
            } else {
                format!(r#"{{"key": "Content-Type", "value": "{ct}"}}"#)
            };
            format!(
                r#"{{"name": {}, "code": {code}, "header": [{header}], "body": {}}}"#,
                json_string(rname),
                json_string(text)
            )
        })
        .collect();
    format!(
        r#"{{"name": "{name}", "request": {{"method": "POST", {body} "url": "{{{{baseUrl}}}}/x"}},
            "response": [{}]}}"#,
        responses.join(",")
    )
}

fn folder(name: &str, items: &[String]) -> String {
    format!(r#"{{"name": "{name}", "item": [{}]}}"#, items.join(","))
}

fn json_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn op<'a>(api: &'a Api, ident: &str) -> &'a Operation {
    fn find<'a>(m: &'a Module, ident: &str) -> Option<&'a Operation> {
        m.operations
            .iter()
            .find(|o| o.ident == ident)
            .or_else(|| m.modules.iter().find_map(|c| find(c, ident)))
    }
    find(&api.root, ident).unwrap_or_else(|| panic!("no operation {ident}"))
}

fn def<'a>(api: &'a Api, name: &str) -> (&'a StructDef, Vec<String>) {
    fn find<'a>(m: &'a Module, name: &str, path: &mut Vec<String>) -> Option<&'a StructDef> {
        if let Some(d) = m.type_defs.iter().find(|d| d.name == name) {
            return Some(d);
        }
        for c in &m.modules {
            path.push(c.ident.clone());
            if let Some(d) = find(c, name, path) {
                return Some(d);
            }
            path.pop();
        }
        None
    }
    let mut path = Vec::new();
    let d = find(&api.root, name, &mut path).unwrap_or_else(|| panic!("no struct {name}"));
    (d, path)
}

/// `key: type` of every field, types written as Rust.
fn fields(d: &StructDef) -> Vec<String> {
    d.fields
        .iter()
        .map(|f| format!("{}({}): {}", f.ident, f.key, rust(&f.ty)))
        .collect()
}

fn rust(t: &TypeRef) -> String {
    match t {
        TypeRef::String => "String".into(),
        TypeRef::I64 => "i64".into(),
        TypeRef::U64 => "u64".into(),
        TypeRef::F64 => "f64".into(),
        TypeRef::Bool => "bool".into(),
        TypeRef::Json => "Value".into(),
        TypeRef::Option(t) => format!("Option<{}>", rust(t)),
        TypeRef::Vec(t) => format!("Vec<{}>", rust(t)),
        TypeRef::Named { module: None, name } => name.clone(),
        TypeRef::Named {
            module: Some(m),
            name,
        } => format!(
            "crate::{}{name}",
            m.iter().map(|s| format!("{s}::")).collect::<String>()
        ),
    }
}

fn ok(op: &Operation) -> String {
    match &op.types.ok {
        OkType::Raw => "Raw".into(),
        OkType::Unit => "()".into(),
        OkType::Text => "String".into(),
        OkType::Bytes => "Vec<u8>".into(),
        OkType::Json {
            ty,
            optional: false,
            ..
        } => rust(ty),
        OkType::Json { ty, empty, .. } => format!("Option<{}> {empty:?}", rust(ty)),
    }
}

const JSON: &str = "application/json";

#[test]
fn examples_of_one_body_merge_into_one_struct() {
    let g = generate(&request(
        "List users",
        None,
        &[
            (
                200,
                JSON,
                r#"{"users": [{"id": "a", "email": "a@x", "score": 1}], "next": "t"}"#,
            ),
            (
                200,
                JSON,
                r#"{"users": [{"id": "b", "score": 2.5, "dept": null}], "next": null}"#,
            ),
        ],
    ));
    let api = g.api();
    assert_eq!(ok(op(api, "list_users")), "ListUsersResponse");
    assert_eq!(
        fields(def(api, "ListUsersResponse").0),
        [
            "users(users): Option<Vec<ListUsersUser>>",
            "next(next): Option<String>"
        ]
    );
    // A response's fields are all optional (an example shows what a response can hold, never
    // what it must); the examples still give the types.
    assert_eq!(
        fields(def(api, "ListUsersUser").0),
        [
            "id(id): Option<String>",
            "email(email): Option<String>",
            "score(score): Option<f64>",
            "dept(dept): Value",
        ]
    );
}

#[test]
fn numbers_placeholders_and_empty_things() {
    let g = generate(&request(
        "Get",
        None,
        &[(
            200,
            JSON,
            r#"{"n": 1, "x": 1.0, "e": 1e3, "huge": 12345678901234567890,
                "id": "<long>", "ok": "<boolean>", "ratio": "<double>", "when": "<dateTime>",
                "u": "<uuid>", "tags": [], "meta": {}, "nothing": null, "grid": [[1], [2, null]]}"#,
        )],
    ));
    assert_eq!(
        fields(def(g.api(), "GetResponse").0),
        [
            "n(n): Option<i64>",
            "x(x): Option<f64>",
            "e(e): Option<f64>",
            "huge(huge): Option<u64>",
            "id(id): Option<i64>",
            "ok(ok): Option<bool>",
            "ratio(ratio): Option<f64>",
            "when(when): Option<String>",
            "u(u): Option<String>",
            "tags(tags): Option<Vec<Value>>",
            "meta(meta): Value",
            "nothing(nothing): Value",
            "grid(grid): Option<Vec<Vec<Option<i64>>>>",
        ]
    );
}

#[test]
fn lenient_request_bodies_become_the_argument_type() {
    let body = "{\n  // who\n  \"email\": \"{{email}}\",\n  \"password\": {{password}}, /* raw */\n  \"type\": 1,\n}";
    let g = generate(&request("Create user", Some(body), &[]));
    let api = g.api();
    assert_eq!(
        op(api, "create_user").types.body,
        Some(TypeRef::Named {
            module: None,
            name: "CreateUserBody".into()
        })
    );
    // A quoted `{{variable}}` is a string on the wire; a bare one can be anything.
    assert_eq!(
        fields(def(api, "CreateUserBody").0),
        [
            "email(email): String",
            "password(password): Value",
            "type_(type): i64"
        ]
    );
    assert!(g.warnings.is_empty(), "{:?}", g.warnings);
}

#[test]
fn an_example_that_is_not_json_is_a_value_and_a_warning() {
    let g = generate(&request(
        "Broken",
        Some(r#"{"a": 1 "b": 2}"#),
        &[(200, JSON, "<html>oops</html>")],
    ));
    let o = op(g.api(), "broken");
    assert_eq!(o.types.body, Some(TypeRef::Json));
    assert_eq!(ok(o), "Value");
    let where_: Vec<(&str, &str)> = g
        .warnings
        .iter()
        .map(|w| (w.location.json_path.as_str(), w.message.as_str()))
        .collect();
    assert_eq!(where_.len(), 2, "{where_:?}");
    assert_eq!(where_[0].0, "item[0].request.body.raw");
    assert!(where_[0].1.contains("not JSON"), "{}", where_[0].1);
    assert_eq!(where_[1].0, "item[0].response[0]");
}

#[test]
fn identical_shapes_share_one_struct_in_the_closest_common_module() {
    let links = r#"{"id": 1, "links": {"self": "https://x.test/1"}}"#;
    let g = generate(
        &[
            folder("users", &[request("Get user", None, &[(200, JSON, links)])]),
            folder(
                "groups",
                &[request("Get group", None, &[(200, JSON, links)])],
            ),
            folder(
                "teams",
                &[request(
                    "Get team",
                    None,
                    &[(
                        200,
                        JSON,
                        r#"{"links": {"self": "s"}, "lead": {"self": "t"}}"#,
                    )],
                )],
            ),
        ]
        .join(","),
    );
    let api = g.api();
    // The whole response is shared by two operations in sibling folders: it lives at the root,
    // named after its first user; `links` takes its field's name.
    let (resp, at) = def(api, "GetUserResponse");
    assert!(at.is_empty(), "{at:?}");
    assert_eq!(
        fields(resp),
        ["id(id): Option<i64>", "links(links): Option<Links>"]
    );
    assert_eq!(
        def(api, "Links").0.uses.len(),
        4,
        "{:?}",
        def(api, "Links").0.uses
    );
    assert_eq!(
        op(api, "get_group").types.ok,
        OkType::Json {
            ty: TypeRef::Named {
                module: Some(vec![]),
                name: "GetUserResponse".into()
            },
            optional: false,
            empty: vec![]
        }
    );
    assert_eq!(
        fields(def(api, "GetTeamResponse").0),
        [
            "links(links): Option<crate::Links>",
            "lead(lead): Option<crate::Links>"
        ]
    );
    let uses = &def(api, "Links").0.uses;
    assert_eq!(uses[0].module, ["users"]);
    assert_eq!(
        (uses[0].role, uses[0].path.as_str()),
        (BodyRole::Success, "links")
    );
}

#[test]
fn names_come_from_the_operation_and_the_path_and_never_collide() {
    let g = generate(&request(
        "Move",
        Some(
            r#"{"item": {"a": 1}, "items": [{"b": 1}], "data": [{"c": 1}], "addresses": [{"d": 1}]}"#,
        ),
        &[(
            200,
            JSON,
            r#"{"item": {"z": 1}, "policies": [{"e": 1}], "status": {"f": 1}}"#,
        )],
    ));
    let api = g.api();
    assert_eq!(
        fields(def(api, "MoveBody").0),
        [
            "item(item): MoveItem",
            "items(items): Vec<MoveBodyItem>",
            "data(data): Vec<MoveDataItem>",
            "addresses(addresses): Vec<MoveAddress>",
        ]
    );
    assert_eq!(
        fields(def(api, "MoveResponse").0),
        [
            "item(item): Option<MoveResponseItem>",
            "policies(policies): Option<Vec<MovePolicy>>",
            "status(status): Option<MoveStatus>",
        ]
    );
}

#[test]
fn singulars() {
    let s = |w: &str| singular(w);
    assert_eq!(s("Users").as_deref(), Some("User"));
    assert_eq!(s("Policies").as_deref(), Some("Policy"));
    assert_eq!(s("Addresses").as_deref(), Some("Address"));
    assert_eq!(s("Matches").as_deref(), Some("Match"));
    assert_eq!(s("Status"), None);
    assert_eq!(s("Data"), None);
    assert_eq!(s("Analysis"), None);
    assert_eq!(s("Access"), None);
}

#[test]
fn what_a_success_gives() {
    let g = generate(
        &[
            request("None documented", None, &[]),
            request("Empty", None, &[(204, JSON, "{}"), (200, "text/plain", "")]),
            request("Text", None, &[(200, "text/csv", "a,b")]),
            request("Pdf", None, &[(200, "application/pdf", "%PDF")]),
            request("Sniffed", None, &[(200, "", r#"{"a": 1}"#)]),
            request("Maybe", None, &[(200, JSON, r#"{"m": 1}"#), (204, "", "")]),
            request(
                "Mixed",
                None,
                &[(200, JSON, r#"{"a": 1}"#), (202, "text/plain", "queued")],
            ),
            request("Number", None, &[(200, JSON, "42")]),
            request(
                "List",
                None,
                &[(200, JSON, r#"[{"a": 1}, {"a": 2, "b": "x"}]"#)],
            ),
        ]
        .join(","),
    );
    let api = g.api();
    let got: Vec<String> = api.root.operations.iter().map(ok).collect();
    assert_eq!(
        got,
        [
            "Raw",
            "()",
            "String",
            "Vec<u8>",
            "SniffedResponse",
            "Option<MaybeResponse> [204]",
            "Raw",
            "i64",
            "Vec<ListItem>",
        ]
    );
    assert_eq!(
        fields(def(api, "ListItem").0),
        ["a(a): Option<i64>", "b(b): Option<String>"]
    );
    assert_eq!(g.warnings.len(), 1, "the mixed one: {:?}", g.warnings);
}

#[test]
fn error_variants_carry_json_typed_and_other_bodies_raw() {
    let err = r#"{"code": 1001, "message": "no"}"#;
    let g = generate(
        &[
            request(
                "Get",
                None,
                &[
                    (200, JSON, r#"{"id": 1}"#),
                    (
                        400,
                        JSON,
                        r#"{"code": 300, "message": "bad", "errors": []}"#,
                    ),
                    (404, JSON, err),
                    (404, JSON, r#"{"code": 1001, "message": "no", "hint": "h"}"#),
                    (429, "text/plain", "slow down"),
                    (500, JSON, ""),
                    (502, JSON, r#"{"a": 1}"#),
                    (502, "text/html", "<html/>"),
                ],
            ),
            request("Put", None, &[(404, JSON, err), (409, JSON, err)]),
            request("Post", None, &[(404, JSON, err)]),
        ]
        .join(","),
    );
    let api = g.api();
    let payloads = |o: &Operation| -> Vec<String> {
        o.types
            .errors
            .iter()
            .map(|e| {
                format!(
                    "{} {}",
                    e.status,
                    e.json.as_ref().map_or("Body".into(), rust)
                )
            })
            .collect()
    };
    assert_eq!(
        payloads(op(api, "get")),
        [
            "400 GetBadRequest",
            "404 GetNotFound",
            "429 Body",
            "500 Body",
            "502 Body"
        ]
    );
    assert_eq!(
        fields(def(api, "GetNotFound").0),
        [
            "code(code): Option<i64>",
            "message(message): Option<String>",
            "hint(hint): Option<String>"
        ]
    );
    // One error body several operations share is the API's error type.
    assert_eq!(payloads(op(api, "put")), ["404 ErrorBody", "409 ErrorBody"]);
    assert_eq!(payloads(op(api, "post")), ["404 ErrorBody"]);
}

#[test]
fn documented_error_codes_become_an_enum() {
    let g = generate(&request_named(
        "Update",
        None,
        &[
            (204, "", "", ""),
            (
                400,
                "",
                "",
                "**HTTP Status Code:** `400`<br>\n**Error Code:** `300`<br>\nInvalid id.<br>\n**Error Code:** `3001` Gone: {id}.",
            ),
            (404, "", "", "**Error Code:** `3001`<br>\nNot found."),
            (429, "", "", "Slow down."),
        ],
    ));
    let o = op(g.api(), "update");
    let codes = o.types.codes.as_ref().expect("codes");
    assert_eq!(codes.name, "UpdateErrorCode");
    let got: Vec<(i64, &str, Vec<String>, Vec<u16>)> = codes
        .codes
        .iter()
        .map(|c| {
            (
                c.code,
                c.ident.as_str(),
                c.meanings.clone(),
                c.statuses.clone(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (300, "Code300", vec!["Invalid id.".to_owned()], vec![400]),
            (
                3001,
                "Code3001",
                vec!["Gone: {id}.".to_owned(), "Not found.".to_owned()],
                vec![400, 404]
            ),
        ]
    );
    assert!(
        op(g.api(), "update")
            .types
            .errors
            .iter()
            .all(|e| e.json.is_none())
    );
}

#[test]
fn decode_functions_are_unique_per_module() {
    let g = generate(
        &[
            request("a", None, &[]),
            request("a", None, &[]),
            request("2fa", None, &[]),
            folder("f", &[request("a", None, &[])]),
        ]
        .join(","),
    );
    let api = g.api();
    let names: Vec<&str> = api
        .root
        .operations
        .iter()
        .chain(&api.root.modules[0].operations)
        .map(|o| o.decode_fn.as_str())
        .collect();
    assert_eq!(names, ["decode_a", "decode_a_2", "decode_2fa", "decode_a"]);
}

#[test]
fn type_names_avoid_what_the_crate_root_exports() {
    let g = generate(
        &[
            folder(
                "a",
                &[request(
                    "x",
                    None,
                    &[(200, JSON, r#"{"retry_policy": {"n": 1}}"#)],
                )],
            ),
            folder(
                "b",
                &[request(
                    "y",
                    None,
                    &[(200, JSON, r#"{"retry_policy": {"n": 1}}"#)],
                )],
            ),
        ]
        .join(","),
    );
    // Shared by two folders: at the root, where `RetryPolicy` is the runtime's.
    assert_eq!(
        fields(def(g.api(), "XResponse").0),
        ["retry_policy(retry_policy): Option<XRetryPolicy>"]
    );
}

#[test]
fn large_error_payloads_are_flagged() {
    let small = r#"{"code": 1, "message": "m"}"#;
    let large =
        r#"{"error": {"type": "t", "code": "c", "message": "m", "param": "p", "doc_url": "d"}}"#;
    let g = generate(
        &[
            request("Small", None, &[(400, JSON, small)]),
            request("Large", None, &[(400, JSON, small), (402, JSON, large)]),
            request("Text", None, &[(400, "text/plain", "no")]),
        ]
        .join(","),
    );
    let large_errors: Vec<bool> = g
        .api()
        .root
        .operations
        .iter()
        .map(|o| o.types.large_errors)
        .collect();
    assert_eq!(large_errors, [false, true, false]);
}

#[test]
fn saved_examples_are_realized_as_a_server_would_send_them() {
    let g = generate(&request(
        "Get",
        None,
        &[
            (
                200,
                JSON,
                r#"{"id": "<long>", "name": "<string>", "ok": "<boolean>", "r": "<number>",
                    "v": {{var}}, "list": [{"n": "<integer>"}], "o": {{obj}}}"#,
            ),
            (
                200,
                JSON,
                r#"{"id": 5, "name": "x", "ok": true, "r": 1.5, "v": 1, "list": [], "o": {"a": 1}}"#,
            ),
            (404, JSON, "{\"code\": 1, // why\n}"),
            (500, "text/plain", "boom"),
            (502, JSON, "not json"),
        ],
    ));
    let o = op(g.api(), "get");
    let got: Vec<(bool, bool, Option<&str>)> = o
        .types
        .examples
        .iter()
        .map(|e| (e.json, e.unreadable, e.realized.as_deref()))
        .collect();
    assert_eq!(
        got,
        [
            (
                true,
                false,
                Some(
                    r#"{"id":0,"name":"<string>","ok":false,"r":0.5,"v":0,"list":[{"n":0}],"o":{}}"#
                )
            ),
            (true, false, None),
            (true, false, Some(r#"{"code":1}"#)),
            (false, false, None),
            (false, false, None),
        ]
    );
}

#[test]
fn a_shared_type_is_not_named_like_a_type_of_its_first_operation() {
    let err = r#"{"errors": [{"message": "m"}]}"#;
    let g = generate(
        &[
            folder("a", &[request("Get", None, &[(400, JSON, err)])]),
            folder("b", &[request("Put", None, &[(400, JSON, err)])]),
        ]
        .join(","),
    );
    // `Error` is reserved; `GetError` is the first operation's error enum (in `a`).
    assert_eq!(
        fields(def(g.api(), "ErrorBody").0),
        ["errors(errors): Option<Vec<GetBadRequestError>>"]
    );
}

#[test]
fn the_error_code_enum_is_named_before_the_structs() {
    let g = generate(&request_named(
        "Get",
        Some(r#"{"error_code": {"n": 1}}"#),
        &[(400, "", "", "**Error Code:** `300` Bad.")],
    ));
    let o = op(g.api(), "get");
    assert_eq!(
        o.types.codes.as_ref().map(|c| c.name.as_str()),
        Some("GetErrorCode")
    );
    assert_eq!(
        fields(def(g.api(), "GetBody").0),
        ["error_code(error_code): GetBodyErrorCode"]
    );
}

/// In a request body, a key the example gives as `null` is written back as `null`, a key with a
/// value is required (so a request sends what Postman sends); in a response, every field is
/// optional and a scalar is read leniently.
#[test]
fn null_is_written_in_requests_and_responses_are_all_optional() {
    let g = generate(&request(
        "Upsert",
        Some(r#"{"state": null, "id": 1}"#),
        &[(200, "application/json", r#"{"state": "ok", "id": 2}"#)],
    ));
    let files = g.files().unwrap();
    let lib = files.iter().find(|f| f.path == "src/lib.rs").unwrap();
    let lib = String::from_utf8_lossy(&lib.bytes);
    // A field's attributes and declaration: from the end of the line before them (the previous
    // field's, or the struct's `{`) to its own end.
    let field = |ty: &str, name: &str| {
        let open = lib.find(&format!("pub struct {ty} ")).unwrap();
        let at = open + lib[open..].find(&format!("pub {name}: ")).unwrap();
        let before = &lib[open..at];
        let start = match before.rfind("\n    pub ") {
            Some(i) => open + i + 1 + before[i + 1..].find('\n').unwrap(),
            None => open + before.find('{').unwrap(),
        };
        lib[start..at + lib[at..].find(',').unwrap()].to_owned()
    };
    let state = field("UpsertBody", "state");
    assert!(
        state.contains("#[serde(default)]") && !state.contains("skip_serializing_if"),
        "{state}"
    );
    let id = field("UpsertBody", "id");
    assert!(!id.contains("serde(default") && id.ends_with("i64"), "{id}");
    // A response is never sent: no rule for sending it.
    let id = field("UpsertResponse", "id");
    assert!(
        id.contains("#[serde(default, deserialize_with = \"runtime::lenient::int\")]")
            && id.ends_with("Option<i64>"),
        "{id}"
    );
    // Only the serde impls the code uses: a request body is serialised (and read from its
    // example by the example calls), a response deserialised (and, for the mock's typed stubs,
    // serialised and defaulted).
    assert!(
        lib.contains(
            "#[derive(Debug, Clone, PartialEq, ::serde::Serialize)]\n\
             #[cfg_attr(feature = \"examples\", derive(::serde::Deserialize))]\n\
             pub struct UpsertBody "
        ),
        "{lib}"
    );
    assert!(
        lib.contains(
            "#[derive(Debug, Clone, PartialEq, ::serde::Deserialize)]\n\
             #[cfg_attr(feature = \"mock\", derive(::serde::Serialize, Default))]\n\
             pub struct UpsertResponse "
        ),
        "{lib}"
    );
}
