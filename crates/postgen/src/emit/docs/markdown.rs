//! Collection descriptions (Markdown, often with HTML) → rustdoc text that reads well and can
//! never run: every code block becomes a `text` block (rustdoc would compile and run an untagged
//! or indented block as a doctest), HTML becomes Markdown or is escaped, bare URLs and `[brackets]`
//! are made safe for rustdoc's lints.

use std::cell::RefCell;
use std::collections::HashMap;

use crate::memo::{self, Memo};

thread_local! {
    /// What [`sanitize`] made of each text so far on this thread. A collection says the same
    /// things many times (Stripe: 7,784 descriptions, 1,510 different ones).
    static SANITIZED: Memo<String> = RefCell::new(HashMap::new());
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
