use super::*;
use crate::json::to_compact_string;
use proptest::prelude::*;

fn tree(text: &str) -> Value<'_> {
    parse(text, 0).unwrap_or_else(|e| panic!("{text:?}: {e:?}"))
}

fn json(text: &str) -> String {
    to_compact_string(&tree(text))
}

fn err(text: &str) -> YamlError {
    parse(text, 0).expect_err(text)
}

#[test]
fn scalars_follow_the_core_schema() {
    assert_eq!(
        json("a: 1\nb: -2.5e3\nc: true\nd: False\ne: ~\nf:\ng: null\nh: text\ni: '1'\nj: \"true\""),
        r#"{"a":1,"b":-2.5e3,"c":true,"d":false,"e":null,"f":null,"g":null,"h":"text","i":"1","j":"true"}"#
    );
    // YAML 1.1's booleans and the core schema's non-JSON numbers are text as written.
    assert_eq!(
        json("a: yes\nb: off\nc: 0x1F\nd: +1\ne: 007\nf: .inf\ng: 1_000"),
        r#"{"a":"yes","b":"off","c":"0x1F","d":"+1","e":"007","f":".inf","g":"1_000"}"#
    );
}

#[test]
fn block_scalars_keep_or_strip_their_line_breaks() {
    assert_eq!(json("a: |\n  x\n  y\n"), r#"{"a":"x\ny\n"}"#);
    assert_eq!(json("a: |-\n  x\n  y\n"), r#"{"a":"x\ny"}"#);
    assert_eq!(json("a: |+\n  x\n\n"), r#"{"a":"x\n\n"}"#);
    assert_eq!(json("a: >-\n  x\n  y\n"), r#"{"a":"x y"}"#);
    assert_eq!(
        json("a: \"x\\ty\"\nb: 'it''s'"),
        r#"{"a":"x\ty","b":"it's"}"#
    );
}

#[test]
fn spans_are_byte_offsets_shifted_by_the_base() {
    let text = "é: 'ü'\nk: [1, {x: y}]\n";
    let v = parse(text, 100).unwrap();
    let members = v.as_object().unwrap();
    let at = |s: Span| &text[(s.start - 100) as usize..(s.end - 100) as usize];
    assert_eq!(at(members[0].key_span), "é");
    assert_eq!(at(members[0].value.span), "'ü'");
    assert_eq!(at(members[1].key_span), "k");
    let list = members[1].value.as_array().unwrap();
    assert_eq!(at(list[0].span), "1");
    let inner = list[1].as_object().unwrap();
    assert_eq!(at(inner[0].value.span), "y");
}

#[test]
fn key_paths_reach_values_in_the_tree() {
    let text = "body:\n  type: formdata\n  content:\n    - key: a\n    - key: b\n    - key: c\n      type: 5\n";
    let v = tree(text);
    let ty = v
        .get("body")
        .unwrap()
        .get("content")
        .unwrap()
        .as_array()
        .unwrap()[2]
        .get("type")
        .unwrap();
    assert_eq!(
        crate::read::locate::json_path(&v, ty.span),
        "body.content[2].type"
    );
}

#[test]
fn anchors_and_aliases_expand_and_merge_keys_merge() {
    assert_eq!(
        json("a: &x {k: 1}\nb: *x\nc:\n  <<: *x\n  k: 2\n  l: 3"),
        r#"{"a":{"k":1},"b":{"k":1},"c":{"k":2,"l":3}}"#
    );
}

#[test]
fn a_billion_laughs_is_refused_quickly() {
    let mut text = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    let mut prev = 'a';
    for c in 'b'..='j' {
        text.push_str(&format!(
            "{c}: &{c} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"
        ));
        prev = c;
    }
    let started = std::time::Instant::now();
    let e = err(&text);
    assert!(e.message.contains("too many values"), "{e:?}");
    assert!(started.elapsed().as_secs() < 5);
}

#[test]
fn what_postgen_does_not_read_is_an_error_with_its_place() {
    let e = err("a: 1\n---\nb: 2\n");
    assert!(e.message.contains("second YAML document"), "{e:?}");
    let e = err("a: 1\nb:\n  c: 1\n  c: 2\n");
    assert_eq!(e.message, "duplicate key `c` (first on line 3)");
    assert_eq!(e.path, "b.c");
    assert_eq!(e.offset, "a: 1\nb:\n  c: 1\n  ".len());
    let e = err("a: !custom 1\n");
    assert!(e.message.contains("unsupported YAML tag"), "{e:?}");
    let e = err("a: !!int x\n");
    assert!(e.message.contains("is not a number"), "{e:?}");
    let e = err("? [1, 2]\n: x\n");
    assert!(e.message.contains("not a scalar"), "{e:?}");
    let e = err("a: *nothing\n");
    assert!(e.message.contains("anchor"), "{e:?}");
    let e = err("a:\n  b: [1, 2\n");
    assert_eq!(e.path, "a.b[2]");
}

#[test]
fn tags_of_the_core_schema_are_read() {
    assert_eq!(
        json("a: !!str 12\nb: !!int 12\nc: !!null ~\nd: !!bool true\ne: ! 12\nf: !!map {x: 1}"),
        r#"{"a":"12","b":12,"c":null,"d":true,"e":"12","f":{"x":1}}"#
    );
}

#[test]
fn an_empty_file_is_null() {
    assert!(tree("").is_null());
    assert!(tree("# only a comment\n").is_null());
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    for text in [
        "[".repeat(100_000),
        "{a: ".repeat(100_000),
        (0..200).map(|i| format!("{}k:\n", " ".repeat(i))).collect(),
        "- ".repeat(100_000),
    ] {
        let e = err(&text);
        assert!(
            e.message.contains("deeper than") || !e.message.is_empty(),
            "{e:?}"
        );
    }
    let e = err(&"[".repeat(200));
    assert!(e.message.contains("deeper than 128"), "{e:?}");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    /// Arbitrary bytes: an error or a tree, never a panic, and spans inside the text.
    #[test]
    fn arbitrary_text_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        let text = String::from_utf8_lossy(&bytes);
        if let Ok(v) = parse(&text, 7) {
            check_spans(&v, 7, text.len() as u32);
        }
    }

    /// Text made of YAML's own punctuation, where the parser has the most ways to go wrong.
    #[test]
    fn yaml_like_text_never_panics(
        parts in proptest::collection::vec(
            prop_oneof![
                Just("- "), Just(": "), Just("\n"), Just("  "), Just("["), Just("]"), Just("{"),
                Just("}"), Just(", "), Just("&a "), Just("*a"), Just("<<: "), Just("|"), Just(">-"),
                Just("'"), Just("\""), Just("? "), Just("!!str "), Just("---\n"), Just("#"),
                Just("é"), Just("k"), Just("1"), Just("\t"),
            ],
            0..60,
        )
    ) {
        let text: String = parts.concat();
        if let Ok(v) = parse(&text, 0) {
            check_spans(&v, 0, text.len() as u32);
        }
    }
}

fn check_spans(v: &Value<'_>, lo: u32, len: u32) {
    assert!(v.span.start <= v.span.end && v.span.start >= lo && v.span.end <= lo + len);
    match &v.kind {
        Kind::Array(items) => items.iter().for_each(|x| check_spans(x, lo, len)),
        Kind::Object(members) => members.iter().for_each(|m| check_spans(&m.value, lo, len)),
        _ => {}
    }
}

#[test]
fn numbers_at_the_end_of_a_file() {
    assert_eq!(json("a: x\norder: 7000\n"), r#"{"a":"x","order":7000}"#);
}
