//! Doc comments set aside while emitting: each block becomes one placeholder attribute, and
//! the text is put back as `///` lines after prettyplease has laid the code out. Parsing and
//! printing every doc line with syn and prettyplease was a fifth of the generation time.

use std::cell::RefCell;

use super::doc_lines;

/// Starts a doc placeholder; the block's number follows it. A private-use character: no
/// doc comment of ours holds one right after its `///` (ours start with a space, and
/// collection text has these characters removed), nor does code (prettyplease escapes it
/// in literals).
pub const MARK: char = '\u{F8FF}';

thread_local! {
    /// The doc blocks of the file being emitted on this thread; `None` outside [`collect`].
    static BLOCKS: RefCell<Option<Vec<String>>> = const { RefCell::new(None) };
}

pub(super) fn set_aside(text: &str) -> Option<String> {
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
