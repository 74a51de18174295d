use super::*;

#[test]
fn code_blocks_never_run() {
    let s = sanitize("Example:\n```\nfn main() { panic!() }\n```\nand\n```rust\nx\n```");
    assert!(s.contains("```text\nfn main() { panic!() }\n```"), "{s}");
    assert!(!s.contains("```rust"), "{s}");
    let s = sanitize("Para\n\n    indented_code();\n");
    assert!(!s.contains("    indented"), "{s}");
    let s = sanitize("* a\nlazy\n> q\nlazy");
    assert_eq!(s, "* a\n\nlazy\n> q\n\nlazy");
    let s = sanitize("~~~~\nunclosed");
    assert!(s.ends_with("~~~~"), "{s}");
    assert!(s.starts_with("~~~~text"), "{s}");
}

#[test]
fn html_becomes_markdown_or_text() {
    assert_eq!(
        sanitize("<p>Retrieves an account.</p>"),
        "Retrieves an account."
    );
    assert_eq!(sanitize("a<br>b"), "a\nb");
    assert_eq!(
        sanitize("<script>alert(1)</script>"),
        "&lt;script>alert(1)&lt;/script>"
    );
    assert_eq!(
        sanitize("Use <code>id</code> <b>now</b>"),
        "Use `id` **now**"
    );
}

#[test]
fn links_and_brackets() {
    assert_eq!(
        sanitize("see https://zoom.us/x."),
        "see <https://zoom.us/x>."
    );
    assert_eq!(sanitize("[docs](https://a.b/c)"), "[docs](https://a.b/c)");
    assert_eq!(sanitize("array [0] of ids"), "array \\[0\\] of ids");
    assert_eq!(
        sanitize("pass [the `me` value](https://z.us/x#me) or `[0]` [y]"),
        "pass [the `me` value](https://z.us/x#me) or `[0]` \\[y\\]"
    );
    assert_eq!(sanitize("`<T>` [x]"), "`<T>` \\[x\\]");
    assert_eq!(sanitize("a ` b"), "a \\` b");
}

#[test]
fn hostile_text_stays_text() {
    let s = sanitize("*/ #![no_std] \r bare\r\nCR \u{0} nul");
    assert!(!s.contains('\r') && !s.contains('\u{0}'), "{s:?}");
    let tokens = attrs(&s).to_string();
    assert!(tokens.contains("doc"), "{tokens}");
}

/// Doc blocks are put back as `///` lines after formatting: whatever a block holds (even text
/// that skipped `sanitize`), each of its lines is one comment line, and rustc's bidi lint has
/// nothing to deny.
#[test]
fn set_aside_blocks_come_back_as_comment_lines_only() {
    let hostile = "a\rb */ fn evil() {}\n\u{202E}rlo\u{2069} \u{F8FF}0\tc\n\nlast";
    let ((tokens, inner), blocks) = collect(|| {
        let outer = attrs(hostile);
        (quote!(#outer pub fn f() {}), inner_attrs("x\ny"))
    });
    assert_eq!(blocks.len(), 2);
    let file = quote!(#inner #tokens);
    let formatted = crate::format::layout(file, &blocks).unwrap();
    assert_eq!(
        formatted,
        "//! x\n//! y\n/// ab */ fn evil() {}\n/// rlo 0 c\n///\n/// last\npub fn f() {}\n"
    );
    // Outside `collect`, the same lines as attributes.
    let direct = attrs(hostile).to_string();
    assert!(direct.contains("\" ab */ fn evil() {}\""), "{direct}");
    // A placeholder that names no block, or shares its line, is an error, not output.
    assert!(expand("///\u{F8FF}3\n", &blocks).is_err());
    assert!(expand("let s = \"\u{F8FF}0\";\n", &blocks).is_err());
}
