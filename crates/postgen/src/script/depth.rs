//! A bound on how deeply a script nests, found before it is parsed: oxc's parser is recursive
//! descent with no limit of its own, so a collection with `((((…` ten thousand deep would
//! overflow the stack. The scan is a tokenizer light enough to be sure of one thing only: it
//! never counts less nesting than the parser will meet. Where it cannot tell a regular
//! expression from a division (after `)` or `}`), it assumes the worst for the rest of the line.

/// Levels accepted: real scripts stay below 30. Each level costs the parser (and the walk) a
/// few frames; 2 MiB, the smallest stack a test thread gets, holds this many in a debug build.
pub const MAX_DEPTH: usize = 200;

/// The byte offset where the nesting passes [`MAX_DEPTH`], if it does.
pub fn too_deep(src: &str) -> Option<usize> {
    let b = src.as_bytes();
    // One entry per open bracket: (opener, chain of recursive constructs seen at that level,
    // `else`s seen at that level). The bottom entry is the script itself.
    let mut levels: Vec<(u8, usize, usize)> = vec![(0, 0, 0)];
    // Whether the previous token ends an operand, so `/` divides and `+` is binary.
    let mut after_operand = false;
    // Until the end of the line: count every opener, trust no closer, string or comment.
    let mut paranoid = false;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let depth = levels.iter().map(|l| 1 + l.1 + l.2).sum::<usize>();
        if depth > MAX_DEPTH {
            return Some(i);
        }
        if paranoid {
            match c {
                b'\n' | b'\r' => paranoid = false,
                b'(' | b'[' | b'{' => levels.push((c, 0, 0)),
                _ => levels.last_mut().expect("bottom level").1 += 1,
            }
            i += 1;
            continue;
        }
        match c {
            b'/' if b.get(i + 1) == Some(&b'/') => {
                i = line_end(b, i);
                continue;
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                i = find(b, i + 2, b"*/").map_or(b.len(), |e| e + 2);
                continue;
            }
            b'/' if !after_operand => {
                i = regex_end(b, i);
                after_operand = true;
                continue;
            }
            b'/' => {
                // After `)` or `}` this may still be a regular expression: if a quote or a
                // comment opener follows on the line, the two readings part, so trust neither.
                let prev = prev_byte(b, i);
                let rest = &b[i + 1..line_end(b, i)];
                if matches!(prev, Some(b')' | b'}'))
                    && rest.iter().any(|c| matches!(c, b'\'' | b'"' | b'`' | b'/'))
                {
                    paranoid = true;
                }
                after_operand = false;
            }
            b'\'' | b'"' => {
                i = string_end(b, i, c);
                after_operand = true;
                continue;
            }
            b'`' => {
                // A template: its text is skipped, each `${` opens a level closed by `}`.
                i = template_text_end(b, i + 1, &mut levels);
                after_operand = true;
                continue;
            }
            b'}' if levels.last().is_some_and(|l| l.0 == b'`') => {
                levels.pop();
                i = template_text_end(b, i + 1, &mut levels);
                after_operand = true;
                continue;
            }
            b'(' | b'[' | b'{' => {
                levels.push((c, 0, 0));
                after_operand = false;
            }
            b')' | b']' | b'}' => {
                if levels.len() > 1 {
                    levels.pop();
                }
                after_operand = true;
            }
            b';' | b',' => {
                levels.last_mut().expect("bottom level").1 = 0;
                after_operand = false;
            }
            b'!' | b'~' | b'?' | b'=' | b':' => {
                // Unary operators, `?:`, `=`, `=>` and labels each recurse once; comparisons,
                // `?.` and `??` are parsed in a loop.
                let next = b.get(i + 1).copied();
                let comparison = match c {
                    b'=' => {
                        next == Some(b'=') || i > 0 && matches!(b[i - 1], b'=' | b'!' | b'<' | b'>')
                    }
                    b'!' => next == Some(b'='),
                    b'?' => matches!(next, Some(b'.' | b'?')),
                    _ => false,
                };
                if !comparison {
                    levels.last_mut().expect("bottom level").1 += 1;
                }
                after_operand = false;
            }
            b'+' | b'-' => {
                if !after_operand {
                    levels.last_mut().expect("bottom level").1 += 1;
                }
                // `a++ / b` divides; `++` before an operand leaves this false.
                let postfix = after_operand && b.get(i + 1) == Some(&c);
                if postfix {
                    i += 2;
                    continue;
                }
                after_operand = false;
            }
            c if c.is_ascii_alphanumeric() || c == b'_' || c == b'$' || c >= 0x80 => {
                let start = i;
                while i < b.len()
                    && (b[i].is_ascii_alphanumeric() || matches!(b[i], b'_' | b'$') || b[i] >= 0x80)
                {
                    i += 1;
                }
                let word = &b[start..i];
                let level = levels.last_mut().expect("bottom level");
                match word {
                    b"else" => level.2 += 1,
                    b"if" | b"for" | b"while" | b"do" | b"with" | b"new" | b"typeof" | b"void"
                    | b"delete" | b"await" | b"yield" | b"return" | b"throw" | b"case" | b"in"
                    | b"of" | b"instanceof" => level.1 += 1,
                    _ => {}
                }
                // After a keyword an expression starts, so `/` opens a regular expression.
                after_operand = !matches!(
                    word,
                    b"return"
                        | b"typeof"
                        | b"instanceof"
                        | b"in"
                        | b"of"
                        | b"new"
                        | b"delete"
                        | b"void"
                        | b"throw"
                        | b"case"
                        | b"do"
                        | b"else"
                        | b"yield"
                        | b"await"
                );
                continue;
            }
            b' ' | b'\t' | b'\n' | b'\r' => {}
            _ => after_operand = false,
        }
        i += 1;
    }
    None
}

fn prev_byte(b: &[u8], i: usize) -> Option<u8> {
    b[..i]
        .iter()
        .rev()
        .find(|c| !c.is_ascii_whitespace())
        .copied()
}

fn line_end(b: &[u8], i: usize) -> usize {
    b[i..]
        .iter()
        .position(|&c| c == b'\n' || c == b'\r')
        .map_or(b.len(), |p| i + p)
}

fn find(b: &[u8], from: usize, pat: &[u8]) -> Option<usize> {
    b.get(from..)?
        .windows(pat.len())
        .position(|w| w == pat)
        .map(|p| from + p)
}

/// Past the string opened at `i`: strings end at their quote or, unterminated, at the line.
fn string_end(b: &[u8], i: usize, quote: u8) -> usize {
    let mut j = i + 1;
    while j < b.len() {
        match b[j] {
            b'\\' => j += 1,
            c if c == quote => return j + 1,
            b'\n' | b'\r' => return j,
            _ => {}
        }
        j += 1;
    }
    b.len()
}

/// Past the regular expression opened at `i`: a `/` outside a class, or the line's end.
fn regex_end(b: &[u8], i: usize) -> usize {
    let mut j = i + 1;
    let mut class = false;
    while j < b.len() {
        match b[j] {
            b'\\' => j += 1,
            b'[' => class = true,
            b']' => class = false,
            b'/' if !class => return j + 1,
            b'\n' | b'\r' => return j,
            _ => {}
        }
        j += 1;
    }
    b.len()
}

/// Past template text starting at `i`: at its closing backquote, or after a `${`, which opens
/// a level (marked with a backquote) that the matching `}` closes.
fn template_text_end(b: &[u8], i: usize, levels: &mut Vec<(u8, usize, usize)>) -> usize {
    let mut j = i;
    while j < b.len() {
        match b[j] {
            b'\\' => j += 1,
            b'`' => return j + 1,
            b'$' if b.get(j + 1) == Some(&b'{') => {
                levels.push((b'`', 0, 0));
                return j + 2;
            }
            _ => {}
        }
        j += 1;
    }
    b.len()
}
