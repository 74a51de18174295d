use super::*;

fn test(src: &str) -> Facts {
    analyse(src, Listen::Test)
}

fn pre(src: &str) -> Facts {
    analyse(src, Listen::Prerequest)
}

fn key(k: &str) -> Step {
    Step::Key(k.to_owned())
}

fn json(path: &[Step]) -> Value {
    Value::Json(path.to_vec())
}

/// The only capture, or a panic that shows the facts.
fn one(f: &Facts) -> &Assignment {
    match f.captures.as_slice() {
        [a] => a,
        _ => panic!("expected one capture: {f:#?}"),
    }
}

/// The only refusal's reason.
fn refused(f: &Facts) -> &str {
    match f.refused.as_slice() {
        [r] => &r.why,
        _ => panic!("expected one refusal: {f:#?}"),
    }
}

#[test]
fn captures_through_a_local_in_every_setter_form() {
    for (setter, scope) in [
        ("pm.environment.set", Scope::Environment),
        ("pm.collectionVariables.set", Scope::Collection),
        ("pm.globals.set", Scope::Globals),
        ("pm.variables.set", Scope::Local),
        ("postman.setEnvironmentVariable", Scope::Environment),
        ("postman.setGlobalVariable", Scope::Globals),
    ] {
        let f = test(&format!(
            "var data = pm.response.json();\n{setter}(\"access_token\", data.access_token);"
        ));
        let a = one(&f);
        assert_eq!(
            (a.scope, a.name.as_str()),
            (scope, "access_token"),
            "{setter}"
        );
        assert_eq!(a.value, json(&[key("access_token")]));
        assert_eq!(a.when, When::default());
        assert_eq!(a.pos, Pos { line: 2, column: 1 });
        assert_eq!((f.setters, f.unrecognised.clone()), (1, None));
    }
}

#[test]
fn paths_with_members_indexes_and_quoted_keys() {
    let f = test(
        "let r = JSON.parse(responseBody);\n\
         const first = r.results[0];\n\
         pm.environment.set('id', first[\"odata-id\"].id);",
    );
    assert_eq!(
        one(&f).value,
        json(&[key("results"), Step::Index(0), key("odata-id"), key("id")])
    );
    // Directly, through `pm.response.text()`, and with optional chaining.
    let f = test("pm.environment.set('t', JSON.parse(pm.response.text()).token)");
    assert_eq!(one(&f).value, json(&[key("token")]));
    let f = test("pm.environment.set('t', pm.response.json()?.data?.token)");
    assert_eq!(one(&f).value, json(&[key("data"), key("token")]));
    // Reassigned through another local, and an undeclared one.
    let f = test(
        "jsonData = pm.response.json(); var d = jsonData.data; d = d.inner; pm.globals.set('x', d.id)",
    );
    assert_eq!(one(&f).value, json(&[key("data"), key("inner"), key("id")]));
    // Destructuring.
    let f = test("const { token } = pm.response.json(); pm.environment.set('t', token)");
    assert_eq!(one(&f).value, json(&[key("token")]));
    // The whole body.
    let f = test("pm.globals.set('all', pm.response.json())");
    assert_eq!(one(&f).value, json(&[]));
}

#[test]
fn headers_body_status_and_xml() {
    let f = test("pm.environment.set('loc', pm.response.headers.get('Location'))");
    assert_eq!(one(&f).value, Value::Header("Location".into()));
    let f = test("postman.setEnvironmentVariable('c', postman.getResponseHeader('X-Csrf'))");
    assert_eq!(one(&f).value, Value::Header("X-Csrf".into()));
    let f = test("if (responseBody) postman.setEnvironmentVariable('guid', responseBody);");
    let a = one(&f);
    assert_eq!((&a.value, a.when.only_if_present), (&Value::Body, true));
    let f = test(
        "var x = xml2Json(responseBody); postman.setGlobalVariable('id', x['jobInfo']['id']);",
    );
    assert_eq!(one(&f).value, Value::Xml(vec![key("jobInfo"), key("id")]));
}

#[test]
fn inside_tests_arrow_callbacks_and_try() {
    let f = test(
        "pm.test('ok', function () {\n  pm.expect(pm.response.code).to.eql(200);\n  \
         pm.collectionVariables.set('id', pm.response.json().results[0].id);\n});",
    );
    let a = one(&f);
    assert_eq!(a.value, json(&[key("results"), Step::Index(0), key("id")]));
    // The assertion before it in the same callback throws when it fails.
    assert_eq!(a.when.statuses, Some(vec![200]));
    assert_eq!(a.pos, Pos { line: 3, column: 3 });
    assert_eq!(f.asserts, 1);

    let f =
        test("pm.test('x', () => { const d = pm.response.json(); pm.environment.set('a', d.a) })");
    assert_eq!(one(&f).value, json(&[key("a")]));

    let f = test(
        "try { var j = JSON.parse(responseBody); pm.environment.set('a', j.a) } catch (e) { console.log(e) }",
    );
    assert_eq!(one(&f).value, json(&[key("a")]));
    assert_eq!(f.unrecognised, None);
}

#[test]
fn a_status_test_in_another_pm_test_does_not_guard() {
    let f = test(
        "pm.test('s', function () { pm.response.to.have.status(201); });\n\
         pm.test('c', function () { var j = pm.response.json(); pm.globals.set('k', j.key); });",
    );
    assert_eq!(one(&f).when.statuses, None);
    assert_eq!(f.asserts, 2);
    // At top level a failing assertion stops the script: it guards what follows.
    let f = test("pm.response.to.have.status(201);\npm.globals.set('k', pm.response.json().key);");
    assert_eq!(one(&f).when.statuses, Some(vec![201]));
}

#[test]
fn status_guards() {
    let cases = [
        ("if (responseCode.code === 200)", Some(vec![200])),
        ("if (pm.response.code == 201)", Some(vec![201])),
        (
            "if (pm.response.code === 200 || pm.response.code === 201)",
            Some(vec![200, 201]),
        ),
        (
            "if ([200, 202].includes(pm.response.code))",
            Some(vec![200, 202]),
        ),
        (
            "if (pm.response.code >= 200 && pm.response.code < 300)",
            None,
        ),
        ("if (pm.response.status === 'OK')", Some(vec![200])),
        ("if (pm.response.code === 401)", Some(vec![401])),
    ];
    for (guard, statuses) in cases {
        let f = test(&format!(
            "{guard} {{ postman.setEnvironmentVariable('t', JSON.parse(responseBody).token); }}"
        ));
        assert_eq!(one(&f).when.statuses, statuses, "{guard}");
    }
    // The `else` of a failure test: any success.
    let f = test(
        "if (pm.response.status === 'Forbidden') { console.log('no') } else { pm.environment.set('t', pm.response.json().t) }",
    );
    assert_eq!(one(&f).when.statuses, None);
    // An early return on failure.
    let f = test("if (pm.response.code !== 204) { return; }\npm.environment.unset('token');");
    let a = one(&f);
    assert_eq!(
        (a.when.statuses.clone(), &a.value),
        (Some(vec![204]), &Value::Unset)
    );
}

#[test]
fn presence_guards() {
    for guard in [
        "if (data.token)",
        "if (data && data.token)",
        "if (data.hasOwnProperty('token'))",
        "if ('token' in data)",
        "if (data.token !== undefined)",
        "if (typeof data.token !== 'undefined')",
    ] {
        let f = test(&format!(
            "var data = pm.response.json(); {guard} pm.environment.set('t', data.token);"
        ));
        let a = one(&f);
        assert!(a.when.only_if_present, "{guard}: {f:#?}");
        assert!(a.when.conditions.is_empty(), "{guard}: {f:#?}");
    }
    // An assertion that the value exists, before the capture.
    let f = test(
        "pm.test('k', function () { var j = pm.response.json(); pm.expect(j.key).to.not.be.empty; pm.globals.set('k', j.key); });",
    );
    assert!(one(&f).when.only_if_present);
    // A guard on another path is a condition.
    let f = test(
        "var d = pm.response.json(); if (d.errors != undefined) { pm.globals.set('p', '/x') } else { pm.globals.set('p', d.path) }",
    );
    assert_eq!(f.captures.len(), 2);
    assert_eq!(
        f.captures[0].when.conditions,
        [Condition::Present {
            path: vec![key("errors")],
            negated: false
        }]
    );
    assert_eq!(f.captures[0].value, Value::Literal("/x".into()));
    assert_eq!(
        f.captures[1].when.conditions,
        [Condition::Present {
            path: vec![key("errors")],
            negated: true
        }]
    );
}

#[test]
fn text_and_variable_conditions() {
    let f = test(
        "if (responseBody.indexOf('InvalidAuthenticationToken') !== -1) { console.log('x') }\n\
         else { var json = JSON.parse(responseBody); postman.setEnvironmentVariable('UserId', json.id); }",
    );
    assert_eq!(
        one(&f).when.conditions,
        [Condition::Contains {
            within: Text::Body,
            text: "InvalidAuthenticationToken".into(),
            negated: true
        }]
    );
    let f = test(
        "if (pm.environment.get('Secret') === '') {} else { pm.environment.set('t', pm.response.json().t) }",
    );
    assert_eq!(
        one(&f).when.conditions,
        [Condition::Variable {
            scope: Some(Scope::Environment),
            name: "Secret".into(),
            equals: Some(String::new()),
            negated: true
        }]
    );
}

#[test]
fn a_shared_script_that_tests_the_request() {
    let f = test(
        "const id = request.url.split('/')[5]; const j = JSON.parse(responseBody);\n\
         switch (id) { case 'token': pm.environment.set('token', j.access_token); break; }",
    );
    assert_eq!(
        one(&f).when.conditions,
        [Condition::Request {
            text: RequestText {
                field: RequestField::Url,
                split: Some(("/".into(), 5))
            },
            equals: Value::Literal("token".into()),
            negated: false
        }]
    );
}

#[test]
fn a_loop_that_searches_an_array() {
    let f = test(
        "var j = pm.response.json();\n\
         for (var i = 0; i < j.fields.length; i++) {\n\
           var cf = j.fields[i];\n\
           if (cf.name == 'Test Type') { pm.globals.set('CF_Test_Type', cf.id); }\n\
           else if (cf.name == 'Steps') { pm.globals.set('CF_Steps', cf.id); }\n\
         }",
    );
    assert_eq!(f.captures.len(), 2, "{f:#?}");
    let find = |equals: &str| {
        json(&[
            key("fields"),
            Step::Find {
                key: vec![key("name")],
                equals: Box::new(Value::Literal(equals.into())),
            },
            key("id"),
        ])
    };
    assert_eq!(f.captures[0].value, find("Test Type"));
    assert_eq!(f.captures[1].value, find("Steps"));
    assert_eq!(f.captures[1].when, When::default());
}

#[test]
fn literals_variables_and_concatenation() {
    let f = test(
        "pm.environment.set('x', 'abc'); pm.environment.set('n', 5); pm.environment.set('y', pm.environment.get('z'));",
    );
    let values: Vec<_> = f.captures.iter().map(|a| a.value.clone()).collect();
    assert_eq!(
        values,
        [
            Value::Literal("abc".into()),
            Value::Literal("5".into()),
            Value::Variable {
                scope: Some(Scope::Environment),
                name: "z".into()
            }
        ]
    );
    // Concatenation with a string is recognised as parts, not refused.
    let f = test("var d = pm.response.json(); pm.environment.set('auth', 'Bearer ' + d.token);");
    assert_eq!(
        one(&f).value,
        Value::Concat(vec![
            Value::Literal("Bearer ".into()),
            json(&[key("token")])
        ])
    );
    let f = test("var d = pm.response.json(); pm.environment.set('k', `${d.a}-${d.b}`);");
    assert_eq!(
        one(&f).value,
        Value::Concat(vec![
            json(&[key("a")]),
            Value::Literal("-".into()),
            json(&[key("b")])
        ])
    );
}

#[test]
fn presets_of_pre_request_scripts() {
    let cases = [
        ("Date.now()", Dynamic::UnixMillis),
        ("new Date().getTime()", Dynamic::UnixMillis),
        ("new Date().toISOString()", Dynamic::IsoTimestamp),
        ("(new Date()).toISOString()", Dynamic::IsoTimestamp),
        ("Math.floor(Date.now() / 1000)", Dynamic::UnixSeconds),
        ("Math.random()", Dynamic::Random),
        ("require('uuid').v4()", Dynamic::Uuid),
        ("pm.variables.replaceIn('{{$guid}}')", Dynamic::Uuid),
        (
            "pm.variables.replaceIn('{{$randomInt}}')",
            Dynamic::Postman("randomInt".into()),
        ),
        (
            "require('moment')().add(30, 'day').format('YYYY-MM-DD')",
            Dynamic::Date {
                days: 30,
                format: "YYYY-MM-DD".into(),
            },
        ),
    ];
    for (expr, dynamic) in cases {
        let f = pre(&format!("pm.variables.set('v', {expr});"));
        assert_eq!(f.presets.len(), 1, "{expr}: {f:#?}");
        assert_eq!(f.presets[0].value, Value::Dynamic(dynamic), "{expr}");
        assert!(f.captures.is_empty());
    }
    let f = pre(
        "var uuid = require('uuid'); var id = uuid(); pm.environment.set('name', 'Filter ' + id);",
    );
    assert_eq!(
        f.presets[0].value,
        Value::Concat(vec![
            Value::Literal("Filter ".into()),
            Value::Dynamic(Dynamic::Uuid)
        ])
    );
}

#[test]
fn scripts_that_change_the_request() {
    for src in [
        "pm.request.headers.add({key: 'X-User-Agent', value: 'c/1'})",
        "pm.request.headers.upsert({key: 'User-Agent', value: pm.variables.get('ua')})",
        "pm.request.url = 'https://example.com'",
        "var sig = CryptoJS.HmacSHA256('a', 'k').toString(); pm.variables.set('sig', sig);",
    ] {
        let f = pre(src);
        assert!(f.changes_request.is_some(), "{src}: {f:#?}");
    }
    let f = pre("var x = 1;\n  pm.request.headers.add({key: 'A', value: 'b'})");
    assert_eq!(f.changes_request.unwrap().pos, Pos { line: 2, column: 3 });
}

#[test]
fn assert_only_scripts() {
    for src in [
        "tests['Status code is 200'] = responseCode.code === 200;",
        "pm.test('ok', function () { pm.response.to.have.status(200); });",
        "var body = JSON.parse(responseBody);\ntests['has token'] = 'access_token' in body;\nconsole.log(body);",
        "pm.expect(pm.response.code).to.be.oneOf([200, 201]);",
    ] {
        let f = test(src);
        assert!(f.assert_only(), "{src}: {f:#?}");
    }
    assert!(!test("console.log('hi')").assert_only());
    assert!(!test("pm.test('a', () => {}); pm.environment.set('a', 'b')").assert_only());
}

#[test]
fn refuses_a_computed_variable_name() {
    let f = test("var d = pm.response.json(); pm.environment.set(d.name, d.value);");
    assert_eq!(refused(&f), "computed variable name");
    assert!(f.captures.is_empty());
    assert!(f.refused[0].from_response);
    let note = f.unrecognised.expect("reported");
    assert_eq!(
        (note.pos, note.why.as_str()),
        (
            Pos {
                line: 1,
                column: 29
            },
            "computed variable name"
        )
    );
    // A name held in a constant local is not computed.
    let f = test("var name = 'tok'; pm.environment.set(name, pm.response.json().t);");
    assert_eq!(one(&f).name, "tok");
}

#[test]
fn refuses_arithmetic_and_values_of_unknown_type() {
    // `+` between two values of unknown type may be addition.
    let f = test("var d = pm.response.json(); pm.environment.set('s', d.a + d.b);");
    assert_eq!(
        refused(&f),
        "value built with `+` from values of unknown type"
    );
    let f = test("var d = pm.response.json(); pm.environment.set('s', d.token.substring(1));");
    assert_eq!(refused(&f), "value built with a method call (`substring`)");
}

#[test]
fn refuses_loops_that_are_not_searches() {
    for src in [
        "var d = pm.response.json(); for (var i = 0; i < d.items.length; i++) { pm.environment.set('id', d.items[i].id); }",
        "pm.response.json().items.forEach(function (item) { pm.environment.set('id', item.id); });",
        "var d = pm.response.json(); d.forEach((x, i) => pm.environment.set('id_' + i, x.id));",
        "var d = pm.response.json(); for (var k in d) { if (d[k] == 'x') pm.environment.set('k', k); }",
        "var i = 0; while (i < 3) { pm.environment.set('n', 'x'); i++; }",
    ] {
        assert_eq!(refused(&test(src)), "loop", "{src}");
    }
    // A search with a further condition on the element is still a loop.
    let f = test(
        "var d = pm.response.json(); for (var i = 0; i < d.length; i++) { if (d[i].ok && d[i].name == 'x') pm.environment.set('id', d[i].id); }",
    );
    assert_eq!(refused(&f), "loop");
}

#[test]
fn refuses_other_responses_and_unknown_callers() {
    let f = pre(
        "pm.sendRequest('https://x', function (err, res) { pm.environment.set('t', res.json().token); });",
    );
    let r = &f.refused[0];
    assert!(r.from_sent_request && !r.from_response, "{f:#?}");
    let f = test(
        "somelib.parse(responseBody, function (err, doc) { pm.environment.set('t', doc.t); });",
    );
    assert!(f.refused[0].from_response, "{f:#?}");
    assert_eq!(f.refused[0].why, "inside a callback of an unknown function");
    let f = test(
        "var lib = require('xml2js'); lib.parseString(responseBody, (e, r) => pm.environment.set('t', r.t));",
    );
    assert_eq!(
        f.refused[0].why,
        "inside a callback of a function not followed"
    );
    let f = test("doThings();");
    assert_eq!(
        f.unrecognised.expect("reported").why,
        "call to an unknown function (unknown name `doThings`)"
    );
}

#[test]
fn follows_functions_the_script_defines() {
    let f = test(
        "function save(d) { pm.environment.set('id', d.id); }\n\
         save(pm.response.json());",
    );
    assert_eq!(one(&f).value, json(&[key("id")]));
    let f = test("const token = () => pm.response.json().token; pm.environment.set('t', token());");
    assert_eq!(one(&f).value, json(&[key("token")]));
    // Recursion is cut, not followed forever.
    let f = test("function f() { f(); pm.environment.set('a', 'b'); } f();");
    assert_eq!(f.setters, 1);
}

#[test]
fn parse_failures_are_facts_with_a_place() {
    let f = test("var a = 1;\nvar = ;");
    let note = f.unrecognised.expect("reported");
    assert_eq!(note.pos.line, 2);
    assert!(note.why.starts_with("syntax error"), "{note:?}");
    // Old-style and new syntax both parse.
    for src in [
        "var x = function () { return 1 }; with (Math) { x = PI }",
        "const t = `a ${1 + 2} b`; let o = a?.b?.[0]; label: for (;;) { break label; }",
        "return;",
    ] {
        assert_eq!(
            test(src)
                .unrecognised
                .map(|n| n.why)
                .filter(|w| w.starts_with("syntax")),
            None,
            "{src}"
        );
    }
}

#[test]
fn columns_count_characters() {
    let f = test("var é = pm.response.json(); pm.environment.set(é.ü, 1);");
    // 28 characters before it, 29 bytes.
    assert_eq!(
        f.refused[0].pos,
        Pos {
            line: 1,
            column: 29
        }
    );
}

#[test]
fn deep_nesting_is_refused_not_overflowed() {
    // Run with the smallest stack a test thread gets.
    let run = |src: String| {
        std::thread::Builder::new()
            .stack_size(2 << 20)
            .spawn(move || analyse(&src, Listen::Test))
            .expect("thread")
            .join()
            .expect("no overflow")
    };
    for src in [
        "(".repeat(100_000),
        "[".repeat(100_000),
        format!("x = {}1", "!".repeat(100_000)),
        format!("x = {}1", "-".repeat(100_000)),
        format!("x = {}", "a ? b : ".repeat(50_000)),
        format!("{}x", "if (a) ".repeat(50_000)),
        "if (a) {} else ".repeat(50_000),
        format!("x = {}", "y => ".repeat(50_000)),
        format!("x = {}1", "a = ".repeat(50_000)),
        format!("x = `{}`", "${`".repeat(50_000)),
        format!("x = {}", "new ".repeat(50_000)),
        format!("if (a) /'/; {}", "(".repeat(100_000)),
    ] {
        let f = run(src);
        assert!(f.unrecognised.is_some());
    }
    // Just below the bound, each kind parses and is walked in that stack.
    for src in [
        format!("x = {}1{}", "(".repeat(190), ")".repeat(190)),
        format!("x = {}1{}", "[".repeat(190), "]".repeat(190)),
        format!("x = {}{{}}{}", "{a: ".repeat(95), "}".repeat(95)),
        format!("x = {}1", "!".repeat(190)),
        format!("x = {}c", "a ? b : ".repeat(90)),
        format!("{}x", "if (a) ".repeat(190)),
        format!("if (a) {{}} {}", "else if (a) {} ".repeat(90)),
        format!("x = {}1", "y => ".repeat(95)),
        format!("{}{}", "function f() { ".repeat(190), "}".repeat(190)),
    ] {
        let f = run(src.clone());
        assert_eq!(
            f.unrecognised.map(|n| n.why).filter(|w| w.contains("deep")),
            None,
            "{}",
            &src[..40]
        );
    }
    // Functions that each call the next inside deep nesting: deeper than any one source nests.
    let mut src = String::from("function f0() { pm.environment.set('a', 'b'); }\n");
    for i in 1..9 {
        src += &format!(
            "function f{i}() {{ x = {}f{}(){}; }}\n",
            "(".repeat(150),
            i - 1,
            ")".repeat(150)
        );
    }
    src += "f8();";
    let f = run(src);
    // Cut before `f0`, which is then walked as a function never called.
    assert_eq!(f.refused[0].why, "inside a function the script never calls");
    // Calls that multiply: ten calls a level, seven levels.
    let mut src = String::from("function f0() { pm.environment.set('a', 'b'); }\n");
    for i in 1..8 {
        src += &format!(
            "function f{i}() {{ {} }}\n",
            format!("f{}();", i - 1).repeat(10)
        );
    }
    src += "f7();";
    let f = run(src);
    assert_eq!(
        f.unrecognised.expect("cut").why,
        "script too deep or too long to follow"
    );
    // Ordinary nesting is parsed.
    let f = run(format!(
        "{}pm.environment.set('a', 'b'){}",
        "if (x) { ".repeat(20),
        " }".repeat(20)
    ));
    assert_eq!(f.setters, 1);
}

#[test]
fn scratch() {
    // `SCRATCH=file.js cargo test -p postgen --lib script::tests::scratch -- --nocapture` shows
    // the facts of one script (`PRE=1` for a pre-request script).
    let Ok(path) = std::env::var("SCRATCH") else {
        return;
    };
    let src = std::fs::read_to_string(path).expect("readable script");
    let listen = if std::env::var_os("PRE").is_some() {
        Listen::Prerequest
    } else {
        Listen::Test
    };
    println!("{:#?}", analyse(&src, listen));
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(512))]

    /// Any text: no panic.
    #[test]
    fn never_panics_on_any_text(src in "\\PC{0,200}") {
        let _ = analyse(&src, Listen::Test);
        let _ = analyse(&src, Listen::Prerequest);
    }

    /// Text made of script tokens, which reaches far deeper into the walk than random text.
    #[test]
    fn never_panics_on_script_like_text(parts in proptest::collection::vec(proptest::sample::select(vec![
        "pm.environment.set(", "pm.response.json()", "JSON.parse(responseBody)", "'a'", "\"b\"",
        ",", ")", "(", "{", "}", "[", "]", "[0]", ".x", ";", "\n", "if (", "else", "for (var i = 0; i < d.length; i++)",
        "var d = ", "d", "i", "===", "!==", "&&", "||", "!", "function () {", "() =>", "pm.test('t', ",
        "try {", "} catch (e) {", "switch (d) {", "case 1:", "break;", "return;", "+", "`${d}`",
        "pm.expect(d).to.exist", "pm.response.code", "200", "undefined", "typeof ", "new Date()",
        "pm.request.headers.add(", "postman.setEnvironmentVariable(", "xml2Json(responseBody)",
        "request.url.split('/')[2]", "d.forEach(", "f()", "function f(a) {", "/re'/", "//", "/*", "*/",
    ]), 0..60)) {
        let src: String = parts.concat();
        let _ = analyse(&src, Listen::Test);
        let _ = analyse(&src, Listen::Prerequest);
    }
}
