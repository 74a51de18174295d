//! Source → oxc syntax tree, and byte offsets → line and column.

use oxc_allocator::Allocator;
use oxc_ast::ast::Program;
use oxc_parser::{ParseOptions, Parser};
use oxc_span::SourceType;

use super::depth;
use super::facts::{Note, Pos};

/// Longest script parsed, in bytes: far above any real one (the corpus's longest is 12 KiB),
/// low enough that the arena for its tree stays small.
const MAX_LEN: usize = 1 << 20;

/// The script's syntax tree, or why there is none.
pub fn parse<'a>(alloc: &'a Allocator, src: &'a str) -> Result<Program<'a>, Note> {
    if src.len() > MAX_LEN {
        return Err(Note {
            pos: Pos { line: 1, column: 1 },
            why: format!("script longer than {MAX_LEN} bytes"),
        });
    }
    if let Some(at) = depth::too_deep(src) {
        return Err(Note {
            pos: position(src, at as u32),
            why: format!("nested more than {} deep", depth::MAX_DEPTH),
        });
    }
    // A classic script, not a module: Postman runs ES5-era sources with `var` and sloppy-mode
    // constructs, and wraps them in a function, so a top-level `return` is allowed.
    let options = ParseOptions {
        allow_return_outside_function: true,
        ..ParseOptions::default()
    };
    let ret = Parser::new(alloc, src, SourceType::cjs())
        .with_options(options)
        .parse();
    if let Some(error) = ret.errors.first() {
        let at = error
            .labels
            .as_ref()
            .and_then(|l| l.first())
            .map_or(0, |l| l.offset() as u32);
        return Err(Note {
            pos: position(src, at),
            why: format!("syntax error: {}", error.message),
        });
    }
    Ok(ret.program)
}

/// 1-based line and column (in characters) of the byte offset `at`.
pub fn position(src: &str, at: u32) -> Pos {
    let at = (at as usize).min(src.len());
    // An offset inside a character (never from oxc, but cheap to be safe about) counts as it.
    let before = &src.as_bytes()[..at];
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    Pos {
        line: u32::try_from(line).unwrap_or(u32::MAX),
        column: u32::try_from(column).unwrap_or(u32::MAX),
    }
}
