//! Collection descriptions (Markdown, often with HTML) → rustdoc text that reads well and can
//! never run: every code block becomes a `text` block (rustdoc would compile and run an untagged
//! or indented block as a doctest), HTML becomes Markdown or is escaped, bare URLs and `[brackets]`
//! are made safe for rustdoc's lints.

use std::cell::RefCell;
use std::collections::HashMap;

use proc_macro2::TokenStream;
use quote::quote;

use crate::memo::{self, Memo};

/// `#[doc = "..."]` attributes, one per line of `text` (already sanitised); inside [`collect`],
/// one placeholder for them all.
pub fn attrs(text: &str) -> TokenStream {
    if let Some(marker) = set_aside(text) {
        return quote!(#[doc = #marker]);
    }
    let lines = doc_lines(text).map(|l| quote!(#[doc = #l]));
    quote!(#(#lines)*)
}

/// `#![doc = "..."]`: the same as inner attributes (module and crate docs).
pub fn inner_attrs(text: &str) -> TokenStream {
    if let Some(marker) = set_aside(text) {
        return quote!(#![doc = #marker]);
    }
    let lines = doc_lines(text).map(|l| quote!(#![doc = #l]));
    quote!(#(#lines)*)
}

/// The value of each line's doc attribute: ` line`, or nothing for a blank line. Whatever the
/// text, a line holds no control character (a `\r` would end a `///` comment for some tools and
/// is an error in one for rustc) and no bidirectional override (rustc denies those in comments:
/// `text_direction_codepoint_in_comment`), nor the placeholder mark: each line stays one
/// comment, and the crate compiles.
fn doc_lines(text: &str) -> impl Iterator<Item = String> + '_ {
    text.lines().map(|l| {
        if l.is_empty() {
            return String::new();
        }
        let mut out = String::with_capacity(l.len() + 1);
        out.push(' ');
        if l.bytes().all(|b| (b' '..b'\x7f').contains(&b)) {
            // Printable ASCII, the common case: nothing to drop.
            out.push_str(l);
            return out;
        }
        out.extend(l.chars().filter_map(|c| match c {
            '\t' => Some(' '),
            c if c.is_control() || is_bidi_control(c) || c == MARK => None,
            c => Some(c),
        }));
        out
    })
}

/// The characters rustc's `text_direction_codepoint_in_comment` lint denies.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Starts a doc placeholder; the block's number follows it. A private-use character: no
/// doc comment of ours holds one right after its `///` (ours start with a space, and
/// collection text has these characters removed), nor does code (prettyplease escapes it
/// in literals).
pub const MARK: char = '\u{F8FF}';

thread_local! {
    /// The doc blocks of the file being emitted on this thread; `None` outside [`collect`].
    static BLOCKS: RefCell<Option<Vec<String>>> = const { RefCell::new(None) };

    /// What [`sanitize`] made of each text so far on this thread. A collection says the same
    /// things many times (Stripe: 7,784 descriptions, 1,510 different ones).
    static SANITIZED: Memo<String> = RefCell::new(HashMap::new());
}

fn set_aside(text: &str) -> Option<String> {
    // No lines, no attributes (a placeholder would be a line).
    text.lines().next()?;
    BLOCKS.with(|b| {
        let mut b = b.borrow_mut();
        let blocks = b.as_mut()?;
        blocks.push(text.to_owned());
        Some(format!("{MARK}{}", blocks.len() - 1))
    })
}

/// Runs `emit` with doc comments set aside: each block of doc lines [`attrs`] is given becomes
/// one placeholder attribute, and the blocks come back beside the tokens, for `format` to put
/// back once prettyplease has laid the code out ([`expand`]). Parsing and printing every doc
/// line with syn and prettyplease, which print a `///` line as it is, was a fifth of the
/// generation time.
pub fn collect<T>(emit: impl FnOnce() -> T) -> (T, Vec<String>) {
    let outer = BLOCKS.with(|b| b.replace(Some(Vec::new())));
    let out = emit();
    let blocks = BLOCKS.with(|b| b.replace(outer)).unwrap_or_default();
    (out, blocks)
}

/// Puts the doc blocks back into `src`, prettyplease's output for tokens made inside
/// [`collect`]: a placeholder line `    ///\u{F8FF}7` becomes block 7's lines, each
/// `    /// line`, as prettyplease prints them (trailing spaces trimmed). `Err` if a placeholder
/// is not alone on its line or names no block (a bug; reported, never a panic).
pub fn expand(src: &str, blocks: &[String]) -> Result<String, String> {
    if blocks.is_empty() {
        return Ok(src.to_owned());
    }
    let mut out =
        String::with_capacity(src.len() + blocks.iter().map(|b| b.len() + 64).sum::<usize>());
    // Only placeholders put the mark in prettyplease's output (it escapes it in literals), so
    // the text between them is copied as it is, and each mark must be a placeholder line.
    let mut copied = 0;
    for (at, _) in src.match_indices(MARK) {
        let line_start = src[..at].rfind('\n').map_or(0, |i| i + 1);
        let line_end = src[at..].find('\n').map_or(src.len(), |i| at + i + 1);
        let line = &src[line_start..line_end];
        let content = line.trim_start_matches(' ');
        let indent = &line[..line.len() - content.len()];
        let placeholder = ["///", "//!"].into_iter().find_map(|style| {
            let n = content.strip_prefix(style)?.strip_prefix(MARK)?;
            let n = n.strip_suffix('\n').unwrap_or(n);
            Some((style, n.parse::<usize>().ok().and_then(|i| blocks.get(i))))
        });
        let (style, text) = match placeholder {
            Some((style, Some(text))) => (style, text),
            Some((_, None)) => return Err(format!("internal error: bad doc placeholder {line:?}")),
            None => return Err(format!("internal error: doc placeholder inside {line:?}")),
        };
        out.push_str(&src[copied..line_start]);
        for l in doc_lines(text) {
            out.push_str(indent);
            out.push_str(style);
            out.push_str(l.trim_end_matches(' '));
            out.push('\n');
        }
        copied = line_end;
    }
    out.push_str(&src[copied..]);
    Ok(out)
}

/// Sanitised Markdown for `markdown` from a collection.
pub fn sanitize(markdown: &str) -> String {
    memo::remembered(&SANITIZED, markdown, sanitize_uncached)
}

fn sanitize_uncached(markdown: &str) -> String {
    let text = normalise_chars(markdown);
    let mut out = String::with_capacity(text.len() + 16);
    let mut fence: Option<(char, usize)> = None;
    for line in text.split('\n') {
        let trimmed = line.trim_start();
        if let Some((ch, n)) = fence {
            let closing = trimmed.chars().take_while(|&c| c == ch).count();
            if closing >= n && trimmed[closing * ch.len_utf8()..].trim().is_empty() {
                fence = None;
                out.push_str(&ch.to_string().repeat(n));
            } else {
                out.push_str(line);
            }
            out.push('\n');
            continue;
        }
        let fence_char = trimmed.chars().next().filter(|c| *c == '`' || *c == '~');
        if let Some(ch) = fence_char {
            let n = trimmed.chars().take_while(|&c| c == ch).count();
            if n >= 3 {
                fence = Some((ch, n.max(3)));
                out.push_str(&ch.to_string().repeat(n));
                out.push_str("text\n");
                continue;
            }
        }
        // Only list items keep indentation (for nesting), capped below four spaces: deeper
        // indentation makes an indented code block, which rustdoc would run as a doctest.
        let indent = line.len() - trimmed.len();
        if list_marker(trimmed) {
            out.push_str(&" ".repeat(indent.min(3)));
        }
        out.push_str(&inline(trimmed));
        out.push('\n');
    }
    if let Some((ch, n)) = fence {
        out.push_str(&ch.to_string().repeat(n));
        out.push('\n');
    }
    tidy(&separate_lazy_lines(&out))
}

/// `- item` / `* item` / `+ item` / `1. item` / `1) item`.
fn list_marker(line: &str) -> bool {
    let b = line.as_bytes();
    match b.first() {
        Some(b'-' | b'*' | b'+') => b.get(1).is_some_and(|c| *c == b' '),
        Some(c) if c.is_ascii_digit() => {
            let digits = line.bytes().take_while(u8::is_ascii_digit).count();
            matches!(b.get(digits), Some(b'.' | b')')) && b.get(digits + 1) == Some(&b' ')
        }
        _ => false,
    }
}

/// A plain line right after a list item or a quote is a "lazy continuation" in Markdown, which
/// clippy flags (`doc_lazy_continuation`); a blank line makes it the paragraph it was meant to be.
fn separate_lazy_lines(s: &str) -> String {
    #[derive(PartialEq)]
    enum Prev {
        Blank,
        Item,
        Quote,
        Text,
    }
    let mut out = String::with_capacity(s.len() + 16);
    let mut prev = Prev::Blank;
    let mut in_fence = false;
    for line in s.lines() {
        let t = line.trim_start();
        if t.starts_with("```") || t.starts_with("~~~") {
            in_fence = !in_fence;
            if !in_fence {
                out.push_str(line);
                out.push('\n');
                prev = Prev::Text;
                continue;
            }
            if prev == Prev::Item || prev == Prev::Quote {
                out.push('\n');
            }
            out.push_str(line);
            out.push('\n');
            continue;
        }
        if in_fence {
            out.push_str(line);
            out.push('\n');
            continue;
        }
        let cur = if t.is_empty() {
            Prev::Blank
        } else if list_marker(t) {
            Prev::Item
        } else if t.starts_with('>') {
            Prev::Quote
        } else {
            Prev::Text
        };
        let lazy = match cur {
            Prev::Text => prev == Prev::Item || prev == Prev::Quote,
            Prev::Item => prev == Prev::Quote,
            Prev::Quote => prev == Prev::Item,
            Prev::Blank => false,
        };
        if lazy {
            out.push('\n');
        }
        out.push_str(line);
        out.push('\n');
        prev = cur;
    }
    out
}

/// Newlines normalised, tabs expanded, control characters (a bare CR is an error in a doc
/// comment) dropped.
fn normalise_chars(s: &str) -> String {
    let mut s = s.replace("\r\n", "\n").replace('\r', "\n");
    // `<br>` at the end of a line already has its line break.
    for br in ["<br>\n", "<br/>\n", "<br />\n", "<BR>\n"] {
        s = s.replace(br, "\n");
    }
    s.chars()
        .filter_map(|c| match c {
            '\t' => Some(' '),
            '\n' => Some('\n'),
            c if c.is_control() => None,
            // Reserved for code-span placeholders.
            '\u{E000}'..='\u{F8FF}' => None,
            '\u{2028}' | '\u{2029}' => Some('\n'),
            c => Some(c),
        })
        .collect()
}

/// Collapses runs of blank lines and trims the ends.
fn tidy(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut blank = 0;
    for line in s.lines() {
        let line = line.trim_end();
        if line.is_empty() {
            blank += 1;
            continue;
        }
        if !out.is_empty() && blank > 0 {
            out.push('\n');
        }
        blank = 0;
        out.push_str(line);
        out.push('\n');
    }
    out.trim_end().to_owned()
}

/// One line outside code blocks: inline code spans kept as they are; HTML, brackets and bare URLs
/// made safe elsewhere.
fn inline(line: &str) -> String {
    // Code spans are set aside (as placeholders) so that the prose around them is rewritten as
    // one text: a link whose text holds code, `[the `me` value](url)`, stays a link.
    let mut masked = String::with_capacity(line.len());
    let mut spans: Vec<&str> = Vec::new();
    let mut rest = line;
    while !rest.is_empty() {
        if rest.starts_with('`') {
            let ticks = rest.chars().take_while(|&c| c == '`').count();
            let fence = &rest[..ticks];
            if let Some(end) = rest[ticks..].find(fence) {
                let span_end = ticks + end + ticks;
                masked.push_str(&format!("{SPAN_START}{}{SPAN_END}", spans.len()));
                spans.push(&rest[..span_end]);
                rest = &rest[span_end..];
                continue;
            }
            // An unmatched backtick is text; escape it so it cannot pair with a later one.
            masked.push_str(&"\\`".repeat(ticks));
            rest = &rest[ticks..];
            continue;
        }
        let next = rest.find('`').unwrap_or(rest.len());
        masked.push_str(&rest[..next]);
        rest = &rest[next..];
    }
    let prose = prose(&masked);
    if spans.is_empty() {
        return prose;
    }
    let mut out = String::with_capacity(prose.len() + line.len());
    let mut rest = prose.as_str();
    while let Some(start) = rest.find(SPAN_START) {
        out.push_str(&rest[..start]);
        let after = &rest[start + SPAN_START.len_utf8()..];
        let Some(end) = after.find(SPAN_END) else {
            break;
        };
        if let Some(span) = after[..end]
            .parse::<usize>()
            .ok()
            .and_then(|i| spans.get(i))
        {
            out.push_str(span);
        }
        rest = &after[end + SPAN_END.len_utf8()..];
    }
    out.push_str(rest);
    out
}

/// Placeholder delimiters for code spans (private-use characters, removed from input text).
const SPAN_START: char = '\u{E000}';
const SPAN_END: char = '\u{E001}';

/// Text outside code spans.
fn prose(s: &str) -> String {
    let html = html_to_markdown(s);
    let bracketed = escape_brackets(&html);
    wrap_bare_urls(&bracketed)
}

/// Common HTML tags to Markdown; every other `<` is escaped (rustdoc warns about unknown or
/// unclosed tags, and a tag is not ours to emit).
fn html_to_markdown(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    // The targets of open `<a href>` tags, closed by `</a>`.
    let mut links: Vec<Option<String>> = Vec::new();
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let Some(end) = rest.find('>') else {
            out.push_str("&lt;");
            rest = &rest[1..];
            continue;
        };
        let tag = &rest[1..end];
        // Autolinks stay: <https://example.com>.
        if (tag.starts_with("http://") || tag.starts_with("https://"))
            && !tag.contains(char::is_whitespace)
        {
            out.push_str(&rest[..=end]);
            rest = &rest[end + 1..];
            continue;
        }
        let name = tag
            .trim_start_matches('/')
            .split(|c: char| c.is_whitespace() || c == '/')
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        let closing = tag.starts_with('/');
        let replacement = match name.as_str() {
            "br" => Some("\n".to_owned()),
            "p" | "div" => Some("\n\n".to_owned()),
            "b" | "strong" => Some("**".to_owned()),
            "i" | "em" => Some("*".to_owned()),
            "code" => Some("`".to_owned()),
            "ul" | "ol" => Some("\n".to_owned()),
            "li" if !closing => Some("\n- ".to_owned()),
            "li" => Some(String::new()),
            "a" if closing => Some(match links.pop().flatten() {
                Some(href) => format!("]({href})"),
                None => String::new(),
            }),
            "a" => {
                let href = attribute(tag, "href").filter(|h| {
                    (h.starts_with("http://") || h.starts_with("https://"))
                        && !h.contains(|c: char| {
                            c.is_whitespace() || matches!(c, '(' | ')' | '<' | '>')
                        })
                });
                let open = if href.is_some() { "[" } else { "" };
                links.push(href);
                Some(open.to_owned())
            }
            // Inline: dropped, the text flows on.
            "span" | "u" | "font" | "abbr" | "small" | "sup" | "sub" => Some(String::new()),
            // Blocks: a paragraph break.
            "blockquote" | "section" | "article" | "center" | "header" | "footer" | "hr"
            | "table" | "tbody" | "thead" | "tr" | "td" | "th" => Some("\n\n".to_owned()),
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => Some(if closing {
                "\n\n".to_owned()
            } else {
                "\n\n**".to_owned()
            }),
            _ => None,
        };
        match replacement {
            // Closing header tags also close the bold we opened.
            Some(r) if closing && name.starts_with('h') && name.len() == 2 => {
                out.push_str("**");
                out.push_str(&r);
                rest = &rest[end + 1..];
            }
            Some(r) => {
                out.push_str(&r);
                rest = &rest[end + 1..];
            }
            None => {
                out.push_str("&lt;");
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    // A line break inside our own output restarts the line: trim what follows it.
    if out.contains('\n') {
        out = out
            .split('\n')
            .enumerate()
            .map(|(i, l)| if i == 0 { l } else { l.trim_start() })
            .collect::<Vec<_>>()
            .join("\n");
    }
    out
}

/// The value of `name="..."` in the text of a tag.
fn attribute(tag: &str, name: &str) -> Option<String> {
    let lower = tag.to_ascii_lowercase();
    let at = lower.find(&format!("{name}="))? + name.len() + 1;
    let rest = &tag[at..];
    let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let value = &rest[1..];
    Some(value[..value.find(quote)?].to_owned())
}

/// `[text]` not followed by `(` is an intra-doc link to rustdoc (and a warning when it does not
/// resolve): escape it. Markdown links `[text](url)` stay.
fn escape_brackets(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = String::with_capacity(s.len() + 4);
    let mut i = 0;
    while i < s.len() {
        let c = bytes[i];
        if c == b'[' {
            // Find the matching `]` and look at what follows.
            if let Some(close) = s[i + 1..].find(']') {
                let after = s.as_bytes().get(i + 1 + close + 1).copied();
                if after == Some(b'(') {
                    out.push('[');
                    i += 1;
                    continue;
                }
            }
            out.push_str("\\[");
            i += 1;
            continue;
        }
        if c == b']' {
            let after = bytes.get(i + 1).copied();
            if after == Some(b'(') {
                out.push(']');
            } else {
                out.push_str("\\]");
            }
            i += 1;
            continue;
        }
        let ch = s[i..].chars().next().unwrap_or(' ');
        out.push(ch);
        i += ch.len_utf8();
    }
    out
}

/// Wraps bare `http(s)://` URLs in `<>` (rustdoc's `bare_urls` lint), leaving link targets alone.
fn wrap_bare_urls(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let mut rest = s;
    loop {
        let next = [rest.find("http://"), rest.find("https://")]
            .into_iter()
            .flatten()
            .min();
        let Some(i) = next else {
            out.push_str(rest);
            break;
        };
        let before = &rest[..i];
        out.push_str(before);
        let url_len = rest[i..]
            .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '`' | ')' | '\\'))
            .unwrap_or(rest.len() - i);
        let mut url = &rest[i..i + url_len];
        // Trailing punctuation belongs to the sentence.
        while url.ends_with(['.', ',', ';', ':', '!', '?', '*', '\'']) {
            url = &url[..url.len() - 1];
        }
        let in_link = before.ends_with("](") || before.ends_with('<') || before.ends_with("=\"");
        if in_link || url.len() <= "https://".len() {
            out.push_str(url);
        } else {
            out.push('<');
            out.push_str(url);
            out.push('>');
        }
        rest = &rest[i + url.len()..];
    }
    out
}

#[cfg(test)]
mod tests {
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
}
