//! Long doc lines wrapped: collection descriptions often hold a whole paragraph, or a whole
//! description, on one line (200 characters and more), which reads badly in the source. Prose
//! is broken at spaces to at most [`WIDTH`] characters; list items keep their indentation, quotes
//! their `>`; code blocks, tables, headings and lines with no space to break at stay as they are.

use std::borrow::Cow;

/// The longest line of prose a doc comment holds (past its `/// `), where it can be broken.
pub const WIDTH: usize = 96;

/// `text` with its long prose lines wrapped.
pub fn wrap(text: &str) -> Cow<'_, str> {
    if text.lines().all(|l| l.chars().count() <= WIDTH) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + text.len() / 32);
    let mut fence: Option<&str> = None;
    for line in text.lines() {
        let trimmed = line.trim_start();
        if let Some(f) = fence {
            if trimmed.starts_with(f) {
                fence = None;
            }
            push_line(&mut out, line);
            continue;
        }
        if let Some(f) = ["```", "~~~"].into_iter().find(|f| trimmed.starts_with(f)) {
            fence = Some(f);
            push_line(&mut out, line);
            continue;
        }
        if line.chars().count() <= WIDTH || !breakable(line) {
            push_line(&mut out, line);
            continue;
        }
        let (first, rest) = lead(line);
        fill(&mut out, first, &rest, &line[first.len()..]);
    }
    if !text.ends_with('\n') {
        out.pop();
    }
    Cow::Owned(out)
}

fn push_line(out: &mut String, line: &str) {
    out.push_str(line);
    out.push('\n');
}

/// Whether a line is prose that may be broken: not a table row, a heading or indented code.
fn breakable(line: &str) -> bool {
    let trimmed = line.trim_start();
    !(trimmed.starts_with('|') || trimmed.starts_with('#') || line.starts_with("    "))
}

/// A line's lead (indent and list marker or quote mark, which its first line keeps) and the lead
/// of its continuation lines (spaces as wide, or the quote mark again).
fn lead(line: &str) -> (&str, String) {
    let indent = line.len() - line.trim_start_matches(' ').len();
    let body = &line[indent..];
    let marker = if body.starts_with("> ") {
        return (&line[..indent + 2], format!("{}> ", " ".repeat(indent)));
    } else if ["- ", "* ", "+ "].iter().any(|m| body.starts_with(m)) {
        2
    } else {
        let digits = body.bytes().take_while(u8::is_ascii_digit).count();
        match body.as_bytes().get(digits..digits + 2) {
            Some(b". " | b") ") if digits > 0 && digits < 10 => digits + 2,
            _ => 0,
        }
    };
    let first = &line[..indent + marker];
    (first, " ".repeat(indent + marker))
}

/// Writes `body` as lines of at most [`WIDTH`] characters, broken at spaces: the first line
/// after `first`, the others after `rest`. A word longer than a line gets a line of its own.
fn fill(out: &mut String, first: &str, rest: &str, body: &str) {
    let mut line = String::from(first);
    let mut width = first.chars().count();
    let mut empty = true;
    for word in body.split(' ').filter(|w| !w.is_empty()) {
        let w = word.chars().count();
        // A word that would open a block at the start of a line (`*`, `1.`, `#`, `>`) stays on
        // this one, however long it gets.
        if !empty && width + 1 + w > WIDTH && !opens_block(word) {
            push_line(out, &line);
            line.clear();
            line.push_str(rest);
            width = rest.chars().count();
            empty = true;
        }
        if !empty {
            line.push(' ');
            width += 1;
        }
        line.push_str(word);
        width += w;
        empty = false;
    }
    push_line(out, &line);
}

/// Whether `word`, first on a line, would start a Markdown block (a list item, a heading, a
/// quote, a fence, a table row, a setext underline or thematic break, HTML).
fn opens_block(word: &str) -> bool {
    let digits = word.bytes().take_while(u8::is_ascii_digit).count();
    matches!(word, "*" | "-" | "+" | ">")
        || ["#", ">", "```", "~~~", "|", "<"]
            .iter()
            .any(|p| word.starts_with(p))
        || (digits > 0 && matches!(&word[digits..], "." | ")"))
        || (!word.is_empty() && word.bytes().all(|b| matches!(b, b'=' | b'-' | b'*' | b'_')))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prose_wraps_at_spaces_and_lists_keep_their_indent() {
        let long = "word ".repeat(60);
        let text = format!("{long}\n\n- {long}\n  1. {long}\n> {long}");
        let wrapped = wrap(&text);
        assert!(
            wrapped.lines().all(|l| l.chars().count() <= WIDTH),
            "{wrapped}"
        );
        let lines: Vec<&str> = wrapped.lines().collect();
        assert!(lines[0].starts_with("word word"));
        let item = lines.iter().position(|l| l.starts_with("- ")).unwrap();
        assert!(
            lines[item + 1].starts_with("  word"),
            "{:?}",
            lines[item + 1]
        );
        let nested = lines.iter().position(|l| l.starts_with("  1. ")).unwrap();
        assert!(
            lines[nested + 1].starts_with("     word"),
            "{:?}",
            lines[nested + 1]
        );
        let quote = lines.iter().position(|l| l.starts_with("> ")).unwrap();
        assert!(
            lines[quote + 1].starts_with("> word"),
            "{:?}",
            lines[quote + 1]
        );
        // The words are all there, in order.
        let words = |s: &str| s.split_whitespace().filter(|w| *w == "word").count();
        assert_eq!(words(&wrapped), words(&text));
    }

    #[test]
    fn no_continuation_line_starts_a_block() {
        for marker in [
            "*", "-", "+", ">", "#", "##", "1.", "12)", "===", "---", "|", "```", "<b>",
        ] {
            // The marker does not fit after the first word: without care it would start line 2.
            let text = format!("{} {marker} tail", "x".repeat(95));
            let wrapped = wrap(&text);
            for line in wrapped.lines().skip(1) {
                assert!(
                    !opens_block(line.split(' ').next().unwrap()),
                    "{marker}: {wrapped}"
                );
            }
        }
    }

    #[test]
    fn code_tables_headings_and_unbreakable_lines_stay() {
        let long = "x".repeat(150);
        let spaced = "y ".repeat(80);
        let text =
            format!("```text\n{spaced}\n```\n| {spaced} |\n# {spaced}\n{long}\n    {spaced}");
        assert_eq!(wrap(&text), text);
        let short = "a short line\nand another";
        assert!(matches!(wrap(short), Cow::Borrowed(_)));
    }
}
