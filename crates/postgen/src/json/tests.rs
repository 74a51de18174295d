use std::borrow::Cow;

use super::*;

fn strict(text: &str) -> Value<'_> {
    parse(text, Options::default())
        .unwrap_or_else(|e| panic!("strict parse of {text:?} failed: {e}"))
}

fn lenient(text: &str) -> Value<'_> {
    parse(text, Options::lenient())
        .unwrap_or_else(|e| panic!("lenient parse of {text:?} failed: {e}"))
}

fn strict_err(text: &str) -> (usize, String) {
    match parse(text, Options::default()) {
        Ok(v) => panic!("strict parse of {text:?} should fail, got {v:?}"),
        Err(e) => (e.offset, e.message),
    }
}

fn lenient_err(text: &str) -> (usize, String) {
    match parse(text, Options::lenient()) {
        Ok(v) => panic!("lenient parse of {text:?} should fail, got {v:?}"),
        Err(e) => (e.offset, e.message),
    }
}

fn src(text: &str, span: Span) -> &str {
    &text[span.range()]
}

fn span(start: u32, end: u32) -> Span {
    Span { start, end }
}

// ---------------------------------------------------------------- values

#[test]
fn scalars() {
    assert!(strict("null").is_null());
    assert_eq!(strict("true").as_bool(), Some(true));
    assert_eq!(strict("false").as_bool(), Some(false));
    assert_eq!(strict("-1.5e3").as_number(), Some("-1.5e3"));
    assert_eq!(strict("0").kind, Kind::Number("0"));
    assert_eq!(strict("-0.0E-0").kind, Kind::Number("-0.0E-0"));
    assert_eq!(
        strict("123456789012345678901234567890e999").as_number(),
        Some("123456789012345678901234567890e999")
    );
    assert_eq!(strict(r#""hi""#).as_str(), Some("hi"));
    assert_eq!(strict("[]").as_array().map(<[_]>::len), Some(0));
    assert_eq!(strict("{}").as_object().map(<[_]>::len), Some(0));
}

#[test]
fn type_names_and_accessors() {
    let v = lenient(r#"[null, true, 1, "s", [], {}, {{p}}]"#);
    let names: Vec<_> = v.as_array().unwrap().iter().map(Value::type_name).collect();
    assert_eq!(
        names,
        [
            "null",
            "boolean",
            "number",
            "string",
            "array",
            "object",
            "placeholder"
        ]
    );
    let items = v.as_array().unwrap();
    for (i, item) in items.iter().enumerate() {
        assert_eq!(item.is_null(), i == 0);
        assert_eq!(item.as_bool().is_some(), i == 1);
        assert_eq!(item.as_number().is_some(), i == 2);
        assert_eq!(item.as_str().is_some(), i == 3);
        assert_eq!(item.as_array().is_some(), i == 4);
        assert_eq!(item.as_object().is_some(), i == 5);
        assert_eq!(item.get("x"), None);
    }
    assert_eq!(items[6].kind, Kind::Placeholder("p"));
}

#[test]
fn objects_keep_order_and_duplicates_and_get_returns_the_last() {
    let v = strict(r#"{"b": 1, "a": 2, "b": 3}"#);
    let keys: Vec<&str> = v.as_object().unwrap().iter().map(|m| &*m.key).collect();
    assert_eq!(keys, ["b", "a", "b"]);
    assert_eq!(v.get("b").unwrap().as_number(), Some("3"));
    assert_eq!(v.get("a").unwrap().as_number(), Some("2"));
    assert_eq!(v.get("c"), None);
    // Keys are compared after unescaping.
    let v = strict(r#"{"\u0061": 1}"#);
    assert_eq!(v.get("a").unwrap().as_number(), Some("1"));
}

// ---------------------------------------------------------------- spans

#[test]
fn spans_of_nested_values_and_keys() {
    let text = r#" {"a": [1, {"b" : "x\n"}, -2.5e1], "c":null , "d":{}} "#;
    let v = strict(text);
    assert_eq!(v.span, span(1, text.len() as u32 - 1));
    let members = v.as_object().unwrap();
    assert_eq!(members.len(), 3);

    let a = &members[0];
    assert_eq!(src(text, a.key_span), r#""a""#);
    assert_eq!(src(text, a.value.span), r#"[1, {"b" : "x\n"}, -2.5e1]"#);
    let elements = a.value.as_array().unwrap();
    assert_eq!(src(text, elements[0].span), "1");
    assert_eq!(src(text, elements[1].span), r#"{"b" : "x\n"}"#);
    assert_eq!(src(text, elements[2].span), "-2.5e1");
    let b = &elements[1].as_object().unwrap()[0];
    assert_eq!(src(text, b.key_span), r#""b""#);
    assert_eq!(src(text, b.value.span), r#""x\n""#);
    assert_eq!(b.value.as_str(), Some("x\n"));

    assert_eq!(src(text, members[1].key_span), r#""c""#);
    assert_eq!(src(text, members[1].value.span), "null");
    assert_eq!(src(text, members[2].value.span), "{}");
}

#[test]
fn spans_of_scalars_and_placeholders() {
    for text in [
        "true",
        "false",
        "null",
        "12",
        r#""""#,
        r#""a\"b""#,
        "[]",
        "{}",
    ] {
        let padded = format!("\t\r\n {text} \n");
        let v = strict(&padded);
        assert_eq!(src(&padded, v.span), text);
    }
    let text = "[ {{ x }} , {{y}} ]";
    let v = lenient(text);
    let items = v.as_array().unwrap();
    assert_eq!(src(text, items[0].span), "{{ x }}");
    assert_eq!(items[0].kind, Kind::Placeholder(" x "));
    assert_eq!(src(text, items[1].span), "{{y}}");
}

#[test]
fn spans_are_offsets_into_the_text_including_a_bom() {
    let text = "\u{feff}{\"é\": \"ü\"}";
    let v = strict(text);
    assert_eq!(v.span, span(3, text.len() as u32));
    let m = &v.as_object().unwrap()[0];
    assert_eq!(src(text, m.key_span), "\"é\"");
    assert_eq!(src(text, m.value.span), "\"ü\"");
}

// ---------------------------------------------------------------- strings and escapes

#[test]
fn strings_without_escapes_are_borrowed() {
    let v = strict(r#"{"key": "plain ü text"}"#);
    let m = &v.as_object().unwrap()[0];
    assert!(matches!(m.key, Cow::Borrowed("key")));
    assert!(matches!(
        m.value.kind,
        Kind::String(Cow::Borrowed("plain ü text"))
    ));
    let v = strict(r#""a\tb""#);
    assert!(matches!(v.kind, Kind::String(Cow::Owned(_))));
}

#[test]
fn escapes_are_decoded() {
    let v = strict(r#""\" \\ \/ \b \f \n \r \t \u0041\u00e9\u20AC \u0000""#);
    assert_eq!(v.as_str(), Some("\" \\ / \u{8} \u{c} \n \r \t Aé€ \0"));
    // Text before, between and after escapes; long runs cross the 8-byte scanning blocks.
    let v = strict(r#""abcdefghijklmnop\nqrstuvwxyzäöü\"0123456789""#);
    assert_eq!(
        v.as_str(),
        Some("abcdefghijklmnop\nqrstuvwxyzäöü\"0123456789")
    );
    let v = strict(r#"{"a\u0062c": "x"}"#);
    assert_eq!(v.as_object().unwrap()[0].key, "abc");
}

#[test]
fn surrogate_pairs_are_combined_and_lone_surrogates_replaced() {
    assert_eq!(strict(r#""\uD83D\uDE00""#).as_str(), Some("😀"));
    assert_eq!(strict(r#""\ud83d\ude00x""#).as_str(), Some("😀x"));
    assert_eq!(strict(r#""\uD83D""#).as_str(), Some("\u{FFFD}"));
    assert_eq!(strict(r#""\uD83Dx""#).as_str(), Some("\u{FFFD}x"));
    assert_eq!(strict(r#""\uDE00""#).as_str(), Some("\u{FFFD}"));
    assert_eq!(strict(r#""\uD83D\u0041""#).as_str(), Some("\u{FFFD}A"));
    assert_eq!(strict(r#""\uD83D\n""#).as_str(), Some("\u{FFFD}\n"));
    // A high surrogate followed by a pair.
    assert_eq!(
        strict(r#""\uD800\uD83D\uDE00""#).as_str(),
        Some("\u{FFFD}😀")
    );
    // Two low surrogates.
    assert_eq!(
        strict(r#""\uDE00\uDE00""#).as_str(),
        Some("\u{FFFD}\u{FFFD}")
    );
}

#[test]
fn bom_is_skipped_only_at_the_start() {
    assert_eq!(strict("\u{feff}[1]").as_array().map(<[_]>::len), Some(1));
    assert_eq!(strict("\u{feff} \"x\" ").as_str(), Some("x"));
    assert_eq!(
        strict_err("\u{feff}"),
        (3, "unexpected end of input, expected a value".into())
    );
    assert_eq!(
        strict_err(" \u{feff}1"),
        (1, "expected a value, found U+FEFF".into())
    );
    assert_eq!(
        strict_err("\u{feff}\u{feff}1"),
        (3, "expected a value, found U+FEFF".into())
    );
}

// ---------------------------------------------------------------- errors

/// Every error message the parser produces, with its offset.
#[test]
fn error_messages_and_offsets() {
    let cases: &[(&str, usize, &str)] = &[
        // Values.
        ("", 0, "unexpected end of input, expected a value"),
        ("   ", 3, "unexpected end of input, expected a value"),
        ("[1,", 3, "unexpected end of input, expected a value"),
        ("]", 0, "expected a value, found `]`"),
        ("[1, ,2]", 4, "expected a value, found `,`"),
        ("[,]", 1, "expected a value, found `,`"),
        (r#"{"a": }"#, 6, "expected a value, found `}`"),
        ("+1", 0, "expected a value, found `+`"),
        (".5", 0, "expected a value, found `.`"),
        ("\u{a0}1", 0, "expected a value, found U+00A0"),
        ("\u{c}1", 0, "expected a value, found U+000C"),
        ("\u{200b}1", 0, "expected a value, found U+200B"),
        ("{\"a\": <id>}", 6, "expected a value, found `<`"),
        (
            "[\u{201c}a\u{201d}]",
            1,
            "expected a value, found `\u{201c}`",
        ),
        ("[nul]", 1, "expected a value, found `nul`"),
        ("tru", 0, "expected a value, found `tru`"),
        ("True", 0, "expected a value, found `True`"),
        ("[truex]", 1, "expected a value, found `truex`"),
        ("nullable", 0, "expected a value, found `nullable`"),
        ("NaN", 0, "expected a value, found `NaN`"),
        (
            "[Infinity_and_beyond_and_beyond_and_beyond]",
            1,
            "expected a value, found `Infinity_and_beyond_and_beyond_a...`",
        ),
        ("['a']", 1, "strings must be in double quotes, not `'`"),
        ("{'a': 1}", 1, "strings must be in double quotes, not `'`"),
        ("{{x}}", 0, "unquoted `{{placeholder}}` is not valid JSON"),
        (
            r#"{"a": {{x}}}"#,
            6,
            "unquoted `{{placeholder}}` is not valid JSON",
        ),
        // Numbers.
        ("-", 0, "invalid number: expected a digit after `-`"),
        ("[-x]", 1, "invalid number: expected a digit after `-`"),
        ("-.5", 0, "invalid number: expected a digit after `-`"),
        ("01", 0, "invalid number: leading zeros are not allowed"),
        ("[-012]", 1, "invalid number: leading zeros are not allowed"),
        (
            "1.",
            0,
            "invalid number: expected a digit after the decimal point",
        ),
        (
            "[1.e5]",
            1,
            "invalid number: expected a digit after the decimal point",
        ),
        ("1e", 0, "invalid number: expected a digit in the exponent"),
        (
            "[2.5E+]",
            1,
            "invalid number: expected a digit in the exponent",
        ),
        (
            "1e-x",
            0,
            "invalid number: expected a digit in the exponent",
        ),
        // Strings.
        ("\"abc", 0, "unterminated string"),
        ("[\"abc\\\"]", 1, "unterminated string"),
        ("\"abc\\", 0, "unterminated string"),
        ("\"a\\nbc", 0, "unterminated string"),
        (
            "\"ab\ncd\"",
            3,
            "unescaped line break in string (is a closing `\"` missing?)",
        ),
        (
            "\"ab\\n\rcd\"",
            5,
            "unescaped line break in string (is a closing `\"` missing?)",
        ),
        (
            "\"a\tb\"",
            2,
            "unescaped control character U+0009 in string",
        ),
        (
            "\"a\u{0}b\"",
            2,
            "unescaped control character U+0000 in string",
        ),
        (
            "\"a\u{1f}b\"",
            2,
            "unescaped control character U+001F in string",
        ),
        (r#""a\qb""#, 2, "invalid escape `\\q`"),
        (r#"["ok", "a\'b"]"#, 9, "invalid escape `\\'`"),
        (r#""\é""#, 1, "invalid escape `\\é`"),
        ("\"\\\n\"", 1, "invalid escape: `\\` followed by U+000A"),
        (
            r#""\u12""#,
            1,
            "invalid unicode escape: expected four hex digits after `\\u`",
        ),
        (
            r#""x\u12G4""#,
            2,
            "invalid unicode escape: expected four hex digits after `\\u`",
        ),
        (
            r#""\u""#,
            1,
            "invalid unicode escape: expected four hex digits after `\\u`",
        ),
        (
            r#""\uD83D\uZZZZ""#,
            7,
            "invalid unicode escape: expected four hex digits after `\\u`",
        ),
        // Arrays.
        ("[1 2]", 3, "expected `,` or `]` after an array element"),
        ("[1}", 2, "expected `,` or `]` after an array element"),
        (
            "[1",
            2,
            "unexpected end of input, expected `,` or `]` after an array element",
        ),
        (
            "[[]",
            3,
            "unexpected end of input, expected `,` or `]` after an array element",
        ),
        ("[", 1, "unexpected end of input, expected a value"),
        ("[1,]", 2, "trailing comma before `]`"),
        ("[1 , ]", 3, "trailing comma before `]`"),
        // Objects.
        (
            "{",
            1,
            "unexpected end of input, expected a quoted object key or `}`",
        ),
        ("{a: 1}", 1, "expected a quoted object key or `}`"),
        ("{1: 1}", 1, "expected a quoted object key or `}`"),
        (r#"{"a": 1, b: 2}"#, 9, "expected a quoted object key"),
        (
            r#"{"a": 1,"#,
            8,
            "unexpected end of input, expected a quoted object key",
        ),
        (r#"{"a" 1}"#, 5, "expected `:` after an object key"),
        (
            r#"{"a""#,
            4,
            "unexpected end of input, expected `:` after an object key",
        ),
        (r#"{"a":"#, 5, "unexpected end of input, expected a value"),
        (
            r#"{"a": 1 "b": 2}"#,
            8,
            "expected `,` or `}` after an object member",
        ),
        (
            r#"{"a": 1]"#,
            7,
            "expected `,` or `}` after an object member",
        ),
        (
            r#"{"a": 1"#,
            7,
            "unexpected end of input, expected `,` or `}` after an object member",
        ),
        (r#"{"a": 1,}"#, 7, "trailing comma before `}`"),
        // After the value.
        ("1 2", 2, "trailing characters after the JSON value"),
        ("{} {}", 3, "trailing characters after the JSON value"),
        ("[]]", 2, "trailing characters after the JSON value"),
        ("\"a\"x", 3, "trailing characters after the JSON value"),
        ("truefalse", 0, "expected a value, found `truefalse`"),
        ("1x", 1, "trailing characters after the JSON value"),
        // Comments in strict mode.
        ("// c\n1", 0, "comments are not allowed in strict JSON"),
        (
            "[1, /* c */ 2]",
            4,
            "comments are not allowed in strict JSON",
        ),
        (
            "[1 /* c */, 2]",
            3,
            "comments are not allowed in strict JSON",
        ),
        ("1 // c", 2, "comments are not allowed in strict JSON"),
        ("1 / 2", 2, "trailing characters after the JSON value"),
    ];
    for &(text, offset, message) in cases {
        let got = strict_err(text);
        assert_eq!(got, (offset, message.to_string()), "for input {text:?}");
    }
}

#[test]
fn lenient_mode_errors() {
    let cases: &[(&str, usize, &str)] = &[
        ("/* never closed", 0, "unterminated block comment"),
        ("[1, /* x ] ", 4, "unterminated block comment"),
        ("1 / 2", 2, "trailing characters after the JSON value"),
        ("[1 / 2]", 3, "expected `,` or `]` after an array element"),
        ("/x", 0, "expected a value, found `/`"),
        ("{{}}", 0, "empty placeholder `{{}}`"),
        ("{{  }}", 0, "empty placeholder `{{}}`"),
        (
            "{{name}",
            0,
            "unterminated placeholder: expected `}}` after `{{name`",
        ),
        (
            "[{{na{me}}]",
            1,
            "unterminated placeholder: expected `}}` after `{{name`",
        ),
        (
            "{{na\nme}}",
            0,
            "unterminated placeholder: expected `}}` after `{{name`",
        ),
        (
            "{{\"a\": 1}}",
            0,
            "unterminated placeholder: expected `}}` after `{{name`",
        ),
        (
            "{{name",
            0,
            "unterminated placeholder: expected `}}` after `{{name`",
        ),
        ("{ {{a}}: 1}", 2, "expected a quoted object key or `}`"),
        ("{{a}}x", 5, "trailing characters after the JSON value"),
        ("[,]", 1, "expected a value, found `,`"),
        ("[1,,]", 3, "expected a value, found `,`"),
        ("{,}", 1, "expected a quoted object key or `}`"),
        (r#"{"a":1,,}"#, 7, "expected a quoted object key"),
        ("'a'", 0, "strings must be in double quotes, not `'`"),
        ("0x10", 1, "trailing characters after the JSON value"),
        ("# comment\n1", 0, "expected a value, found `#`"),
        (
            "[1, 2",
            5,
            "unexpected end of input, expected `,` or `]` after an array element",
        ),
        (
            "[1, 2 // ]",
            10,
            "unexpected end of input, expected `,` or `]` after an array element",
        ),
    ];
    for &(text, offset, message) in cases {
        assert_eq!(
            lenient_err(text),
            (offset, message.to_string()),
            "for input {text:?}"
        );
    }
}

#[test]
fn parse_error_display() {
    let e = parse("[1,]", Options::default()).unwrap_err();
    assert_eq!(e.to_string(), "trailing comma before `]` at byte offset 2");
    let _: &dyn std::error::Error = &e;
}

// ---------------------------------------------------------------- depth

#[test]
fn depth_limit_for_arrays() {
    let text = "[".repeat(200);
    assert_eq!(
        strict_err(&text),
        (128, "nesting deeper than 128 levels".into())
    );
    let text = format!("{}{}", "[".repeat(200), "]".repeat(200));
    assert_eq!(
        strict_err(&text),
        (128, "nesting deeper than 128 levels".into())
    );
    // Exactly 128 levels are fine, also when the innermost container is empty.
    let text = format!("{}{}", "[".repeat(128), "]".repeat(128));
    assert!(parse(&text, Options::default()).is_ok());
    let text = format!("{}1{}", "[".repeat(128), "]".repeat(128));
    assert!(parse(&text, Options::default()).is_ok());
    let text = format!("{}{}", "[".repeat(129), "]".repeat(129));
    assert_eq!(
        strict_err(&text),
        (128, "nesting deeper than 128 levels".into())
    );
}

#[test]
fn depth_limit_for_objects() {
    let text = r#"{"a":"#.repeat(200);
    assert_eq!(
        strict_err(&text),
        (5 * 128, "nesting deeper than 128 levels".into())
    );
    let text = format!("{}{}{}", r#"{"a":"#.repeat(128), "{}", "}".repeat(128));
    assert_eq!(
        strict_err(&text),
        (5 * 128, "nesting deeper than 128 levels".into())
    );
    let text = format!("{}1{}", r#"{"a":"#.repeat(128), "}".repeat(128));
    assert!(parse(&text, Options::default()).is_ok());
    let text = format!("{}1{}", r#"{"a":["#.repeat(64), "]}".repeat(64));
    assert!(parse(&text, Options::default()).is_ok());
}

#[test]
fn depth_limit_is_configurable() {
    let opts = |max_depth| Options {
        max_depth,
        ..Options::default()
    };
    assert!(parse("1", opts(0)).is_ok());
    assert_eq!(
        parse("[]", opts(0)),
        Err(ParseError {
            offset: 0,
            message: "nesting deeper than 0 levels".into()
        })
    );
    assert!(parse("[[1]]", opts(2)).is_ok());
    assert_eq!(parse("[[[1]]]", opts(2)).unwrap_err().offset, 2);
    // Deep documents parse without recursion when allowed.
    let deep = format!("{}{}", "[".repeat(5000), "]".repeat(5000));
    let v = parse(&deep, opts(5000)).unwrap();
    assert_eq!(to_compact_string(&v), deep);
}

#[test]
fn a_megabyte_of_brackets_is_an_error_not_a_stack_overflow() {
    for open in ["[", "{\"a\":", "[{\"\":"] {
        let text = open.repeat((1 << 20) / open.len());
        for options in [Options::default(), Options::lenient()] {
            let e = parse(&text, options).unwrap_err();
            assert_eq!(e.message, "nesting deeper than 128 levels");
        }
    }
    let text = "[".repeat(1 << 20);
    let e = parse(
        &text,
        Options {
            max_depth: usize::MAX,
            ..Options::default()
        },
    )
    .unwrap_err();
    assert_eq!(e.message, "unexpected end of input, expected a value");
}

// ---------------------------------------------------------------- lenient mode

#[test]
fn lenient_comments() {
    let text = "// leading\n{ /* a */ \"a\" /* b */ : // c\n 1 /* d */ , // e\r\n \"b\": [ // f\n 2 /**/]} // end";
    let v = lenient(text);
    assert_eq!(v.get("a").unwrap().as_number(), Some("1"));
    assert_eq!(
        v.get("b").unwrap().as_array().unwrap()[0].as_number(),
        Some("2")
    );
    assert_eq!(src(text, v.span).chars().next(), Some('{'));
    assert!(src(text, v.span).ends_with("]}"));
    assert_eq!(lenient("/* only */ 1 /* x */").as_number(), Some("1"));
    assert_eq!(lenient("1 // no newline").as_number(), Some("1"));
    assert_eq!(lenient("/***/1/*/ */").as_number(), Some("1"));
    // Comment markers inside strings are text.
    assert_eq!(
        lenient(r#""// not /* a comment""#).as_str(),
        Some("// not /* a comment")
    );
    for text in ["// c\n1", "1 /* c */", "[1 /**/]", "{\"a\"/**/:1}"] {
        assert_eq!(
            strict_err(text).1,
            "comments are not allowed in strict JSON",
            "{text:?}"
        );
    }
}

#[test]
fn lenient_placeholders() {
    let text = r#"{"id": {{userId}}, "ids": [{{a}}, {{$randomInt}}], "q": "{{quoted}}", "n": {{ spaced name }}}"#;
    let v = lenient(text);
    assert_eq!(v.get("id").unwrap().kind, Kind::Placeholder("userId"));
    let ids = v.get("ids").unwrap().as_array().unwrap();
    assert_eq!(ids[0].kind, Kind::Placeholder("a"));
    assert_eq!(ids[1].kind, Kind::Placeholder("$randomInt"));
    assert_eq!(src(text, ids[1].span), "{{$randomInt}}");
    assert_eq!(v.get("q").unwrap().as_str(), Some("{{quoted}}"));
    assert_eq!(v.get("n").unwrap().kind, Kind::Placeholder(" spaced name "));
    assert_eq!(lenient("{{x}}").kind, Kind::Placeholder("x"));
    assert_eq!(lenient(" {{x}} ").span, span(1, 6));
    // Quoted placeholders are normal strings in both modes.
    assert_eq!(strict(r#""{{x}}""#).as_str(), Some("{{x}}"));
    assert_eq!(
        strict_err(r#"{"id": {{userId}}}"#),
        (7, "unquoted `{{placeholder}}` is not valid JSON".into())
    );
}

#[test]
fn lenient_trailing_commas() {
    let v = lenient("[1, 2,]");
    assert_eq!(v.as_array().unwrap().len(), 2);
    assert_eq!(v.span, span(0, 7));
    let v = lenient(r#"{"a": [1,], "b": {"c": 1,},}"#);
    assert_eq!(v.as_object().unwrap().len(), 2);
    assert_eq!(v.get("a").unwrap().as_array().unwrap().len(), 1);
    assert_eq!(lenient("[1, /* c */ ]").as_array().unwrap().len(), 1);
    assert_eq!(strict_err("[1,]"), (2, "trailing comma before `]`".into()));
    assert_eq!(
        strict_err(r#"{"a":1 ,}"#),
        (7, "trailing comma before `}`".into())
    );
}

#[test]
fn lenient_mode_accepts_nothing_else() {
    for text in [
        "'a'",
        "{a: 1}",
        "NaN",
        "Infinity",
        "+1",
        ".5",
        "0x1F",
        "01",
        "# c\n1",
        "undefined",
        "[1,,2]",
        "[,1]",
        "\"a\nb\"",
        "\"\\q\"",
        "1 2",
        "{{}}",
        "{\"a\" 1}",
        "[1 2]",
        "-",
    ] {
        assert!(
            parse(text, Options::lenient()).is_err(),
            "{text:?} should be rejected"
        );
    }
}

#[test]
fn lenient_mode_parses_strict_json_identically() {
    for text in [
        r#"{"a": [1, 2.5, -3e4, "x\u0041", true, false, null, {}, []], "b": {"c": "/"}}"#,
        "\u{feff} [ \"// not a comment\" ] ",
        r#""a/b""#,
    ] {
        assert_eq!(strict(text), lenient(text));
    }
}

// ---------------------------------------------------------------- serialisation

#[test]
fn compact_serialisation() {
    let text =
        r#" { "a" : [ 1 , -2.50e+3, true, false, null ] , "b" : { } , "c": [ ], "a": "dup" } "#;
    assert_eq!(
        to_compact_string(&strict(text)),
        r#"{"a":[1,-2.50e+3,true,false,null],"b":{},"c":[],"a":"dup"}"#
    );
    let text = r#"["\" \\ \/ \b \f \n \r \t \u0001 \u001f \u007f é 😀 \u2028"]"#;
    assert_eq!(
        to_compact_string(&strict(text)),
        "[\"\\\" \\\\ / \\b \\f \\n \\r \\t \\u0001 \\u001f \u{7f} é 😀 \u{2028}\"]"
    );
    assert_eq!(
        to_compact_string(&strict(r#"{"k\"ey\n":1}"#)),
        r#"{"k\"ey\n":1}"#
    );
    assert_eq!(
        to_compact_string(&lenient("[{{a}}, {\"b\": {{c}}, } /* x */]")),
        r#"[null,{"b":null}]"#
    );
    assert_eq!(to_compact_string(&strict("\"\"")), "\"\"");
}

#[test]
fn compact_serialisation_round_trips() {
    let text = r#"{"a":[1,{"b":[[],{}],"c":"x\ty"}],"d":"\u0000\"","e":[[[["deep"]]]]}"#;
    let once = to_compact_string(&strict(text));
    assert_eq!(once, text);
    let v = strict(&once);
    assert_eq!(to_compact_string(&v), once);
}

// ---------------------------------------------------------------- line index

#[test]
fn line_index() {
    let text = "ab\ncd\r\nef\rgh\n";
    let index = LineIndex::new(text);
    let at = |c: char| text.find(c).unwrap();
    assert_eq!(index.line_col(text, 0), (1, 1));
    assert_eq!(index.line_col(text, at('b')), (1, 2));
    assert_eq!(index.line_col(text, at('\n')), (1, 3));
    assert_eq!(index.line_col(text, at('c')), (2, 1));
    assert_eq!(index.line_col(text, at('d')), (2, 2));
    assert_eq!(index.line_col(text, at('\r')), (2, 3));
    assert_eq!(index.line_col(text, at('e')), (3, 1));
    assert_eq!(index.line_col(text, at('g')), (4, 1));
    assert_eq!(index.line_col(text, at('h')), (4, 2));
    assert_eq!(index.line_col(text, text.len()), (5, 1));
    assert_eq!(index.line_col(text, usize::MAX), (5, 1));
}

#[test]
fn line_index_counts_characters_not_bytes() {
    let text = "{\n  \"ä€😀\": x\n}";
    let index = LineIndex::new(text);
    let x = text.find('x').unwrap();
    assert_eq!(index.line_col(text, x), (2, 10));
    // An offset inside a character counts as that character.
    let euro = text.find('€').unwrap();
    assert_eq!(index.line_col(text, euro), (2, 5));
    assert_eq!(index.line_col(text, euro + 1), (2, 5));
    assert_eq!(index.line_col(text, euro + 2), (2, 5));
    assert_eq!(index.line_col(text, euro + 3), (2, 6));
    // A byte order mark takes no column.
    let text = "\u{feff}[x]";
    let index = LineIndex::new(text);
    assert_eq!(index.line_col(text, 0), (1, 1));
    assert_eq!(index.line_col(text, 3), (1, 1));
    assert_eq!(index.line_col(text, 4), (1, 2));
    // Empty text.
    assert_eq!(LineIndex::new("").line_col("", 0), (1, 1));
    assert_eq!(LineIndex::new("").line_col("", 7), (1, 1));
}

#[test]
fn line_index_locates_parse_errors() {
    let text = "{\n  \"item\": [\n    {\"name\": \"ü\", \"x\": tru}\n  ]\n}";
    let e = parse(text, Options::default()).unwrap_err();
    assert_eq!(e.message, "expected a value, found `tru`");
    assert_eq!(LineIndex::new(text).line_col(text, e.offset), (3, 24));
}

// ---------------------------------------------------------------- robustness

/// A small deterministic generator, so the fuzz-style tests need no dependencies.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const SEEDS: &[&str] = &[
    r#"{"a": [1, -2.5e+3, true, false, null], "b": {"c": "x\n\u00e9\uD83D\uDE00"}, "d": []}"#,
    r#"[{"k": "v"}, [[], {}], "\"\\/\b\f\n\r\t", 0, -0.0, 1E9]"#,
    "// c\n{ /* x */ \"a\": {{p}}, \"b\": [1, 2,], }",
    "\u{feff}{\"ü\": \"€\"}",
];

const ALPHABET: &[u8] = b"[]{}\",:\\/*-+.0123456789eEtrufalsn \n\t\r\x00\x1fu{}aAdD'";

fn check_invariants(text: &str, options: Options) {
    match parse(text, options) {
        Ok(v) => {
            // Every span lies inside the text, and the compact form is valid strict JSON.
            let mut stack = vec![&v];
            while let Some(v) = stack.pop() {
                assert!(v.span.start <= v.span.end && v.span.end as usize <= text.len());
                match &v.kind {
                    Kind::Array(items) => stack.extend(items),
                    Kind::Object(members) => {
                        for m in members {
                            assert!(m.key_span.end <= m.value.span.start);
                            stack.push(&m.value);
                        }
                    }
                    _ => {}
                }
            }
            let compact = to_compact_string(&v);
            let reparsed = parse(&compact, Options::default())
                .unwrap_or_else(|e| panic!("{compact:?} from {text:?}: {e}"));
            assert_eq!(to_compact_string(&reparsed), compact);
        }
        Err(e) => assert!(e.offset <= text.len(), "{text:?}: {e:?}"),
    }
}

#[test]
fn every_prefix_and_mutation_is_handled_without_panicking() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for seed in SEEDS {
        for options in [Options::default(), Options::lenient()] {
            for end in 0..=seed.len() {
                if let Some(prefix) = seed.get(..end) {
                    check_invariants(prefix, options);
                }
            }
        }
    }
    for _ in 0..20_000 {
        let seed = SEEDS[rng.below(SEEDS.len())];
        let mut bytes = seed.as_bytes().to_vec();
        for _ in 0..1 + rng.below(4) {
            let at = rng.below(bytes.len() + 1);
            let b = ALPHABET[rng.below(ALPHABET.len())];
            match rng.below(3) {
                0 if at < bytes.len() => bytes[at] = b,
                1 if at < bytes.len() => {
                    bytes.remove(at);
                }
                _ => bytes.insert(at, b),
            }
        }
        let text = String::from_utf8_lossy(&bytes);
        check_invariants(&text, Options::default());
        check_invariants(&text, Options::lenient());
    }
}

#[test]
fn random_token_soup_is_handled_without_panicking() {
    let mut rng = Rng(42);
    for _ in 0..20_000 {
        let len = rng.below(40);
        let bytes: Vec<u8> = (0..len)
            .map(|_| ALPHABET[rng.below(ALPHABET.len())])
            .collect();
        let text = String::from_utf8_lossy(&bytes);
        check_invariants(&text, Options::default());
        check_invariants(&text, Options::lenient());
    }
}

#[test]
fn a_base_shifts_every_span_but_not_error_offsets() {
    let base = Options {
        base: 1000,
        ..Options::default()
    };
    let v = parse("{\"a\": [1]}", base).unwrap();
    assert_eq!(
        v.span,
        Span {
            start: 1000,
            end: 1010
        }
    );
    let a = v.as_object().unwrap()[0].clone();
    assert_eq!(
        a.key_span,
        Span {
            start: 1001,
            end: 1004
        }
    );
    assert_eq!(
        a.value.span,
        Span {
            start: 1006,
            end: 1009
        }
    );
    assert_eq!(parse("[1,]", base).unwrap_err().offset, 2);
    let near_the_end = Options {
        base: u32::MAX - 2,
        ..Options::default()
    };
    assert!(parse("[1,2]", near_the_end).is_err());
}
