//! The parser: a single iterative pass over the bytes with an explicit stack of open containers.

use std::borrow::Cow;

use super::{Kind, Member, Options, ParseError, Span, Value};

/// Parses `text` as one JSON value (RFC 8259, or the lenient dialect if `options.lenient`).
///
/// Strings without escapes and all numbers borrow from `text`. The nesting of arrays and objects
/// is limited by `options.max_depth`; the parser uses no recursion, so no input can overflow the
/// stack, and it never panics.
///
/// # Errors
///
/// A `ParseError` with the byte offset of the first offending token and a message such as
/// ``expected `,` or `}` after an object member`` or `nesting deeper than 128 levels`.
pub fn parse(text: &str, options: Options) -> Result<Value<'_>, ParseError> {
    if u32::try_from(text.len())
        .ok()
        .and_then(|n| n.checked_add(options.base))
        .is_none()
    {
        return Err(ParseError {
            offset: 0,
            message: "input larger than 4 GiB is not supported".to_string(),
        });
    }
    let mut parser = Parser {
        text,
        bytes: text.as_bytes(),
        pos: 0,
        lenient: options.lenient,
        max_depth: options.max_depth,
        base: options.base,
    };
    if parser.bytes.starts_with(b"\xEF\xBB\xBF") {
        parser.pos = 3;
    }
    parser.skip_ws()?;
    let value = parser.parse_value()?;
    parser.skip_ws()?;
    if parser.pos < parser.bytes.len() {
        return Err(parser.unexpected("trailing characters after the JSON value"));
    }
    Ok(value)
}

/// An array or object whose closing bracket has not been reached yet.
enum Frame<'a> {
    /// `start` is the offset of the `[`, `base` the index in the shared element stack where this
    /// array's elements begin.
    Array { start: usize, base: usize },
    /// `start` is the offset of the `{`, `base` the index in the shared member stack where this
    /// object's members begin; `key` is the key of the member whose value is being parsed.
    Object {
        start: usize,
        base: usize,
        key: Cow<'a, str>,
        key_span: Span,
    },
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    lenient: bool,
    max_depth: usize,
    /// Added to every span (see [`Options::base`]).
    base: u32,
}

/// Bytes that may continue a bare word such as `true` (used to reject `trueish`, `nullable`...).
fn is_word_byte(byte: Option<&u8>) -> bool {
    matches!(byte, Some(b) if b.is_ascii_alphanumeric() || *b == b'_' || *b == b'$')
}

fn is_digit(byte: Option<&u8>) -> bool {
    matches!(byte, Some(b'0'..=b'9'))
}

impl<'a> Parser<'a> {
    #[inline]
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    /// `text[start..end]`; the parser only cuts at ASCII bytes, so this never falls back to "".
    #[inline]
    fn slice(&self, start: usize, end: usize) -> &'a str {
        self.text.get(start..end).unwrap_or_default()
    }

    /// The input ends before `u32::MAX` with the base added (checked in [`parse`]), so offsets
    /// fit.
    #[inline]
    fn span(&self, start: usize, end: usize) -> Span {
        Span {
            start: self.base + start as u32,
            end: self.base + end as u32,
        }
    }

    fn error_at(&self, offset: usize, message: impl Into<String>) -> ParseError {
        ParseError {
            offset,
            message: message.into(),
        }
    }

    /// An error for an unexpected byte (or the end of input) at the current position.
    #[cold]
    fn unexpected(&self, expected: &str) -> ParseError {
        match self.peek() {
            None => self.error_at(self.pos, format!("unexpected end of input, {expected}")),
            Some(b'/')
                if !self.lenient && matches!(self.bytes.get(self.pos + 1), Some(b'/' | b'*')) =>
            {
                self.error_at(self.pos, "comments are not allowed in strict JSON")
            }
            Some(_) => self.error_at(self.pos, expected),
        }
    }

    /// Skips whitespace and, in lenient mode, comments.
    #[inline]
    fn skip_ws(&mut self) -> Result<(), ParseError> {
        self.skip_plain_ws();
        if self.lenient && self.peek() == Some(b'/') {
            return self.skip_comments();
        }
        Ok(())
    }

    /// Skips JSON whitespace. Indentation (runs of spaces or of tabs) goes eight bytes at a time.
    #[inline]
    fn skip_plain_ws(&mut self) {
        const SPACES: u64 = u64::from_ne_bytes([b' '; 8]);
        const TABS: u64 = u64::from_ne_bytes([b'\t'; 8]);
        let bytes = self.bytes;
        let mut pos = self.pos;
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = bytes.get(pos) {
            pos += 1;
            while let Some(chunk) = bytes.get(pos..pos + 8) {
                let Ok(chunk) = <[u8; 8]>::try_from(chunk) else {
                    break;
                };
                let chunk = u64::from_ne_bytes(chunk);
                if chunk != SPACES && chunk != TABS {
                    break;
                }
                pos += 8;
            }
        }
        self.pos = pos;
    }

    /// Skips comments and the whitespace between them (lenient mode), starting at a `/`.
    #[cold]
    fn skip_comments(&mut self) -> Result<(), ParseError> {
        loop {
            self.skip_plain_ws();
            if self.peek() != Some(b'/') {
                return Ok(());
            }
            match self.bytes.get(self.pos + 1) {
                Some(b'/') => {
                    self.pos += 2;
                    while let Some(&b) = self.bytes.get(self.pos) {
                        if b == b'\n' || b == b'\r' {
                            break;
                        }
                        self.pos += 1;
                    }
                }
                Some(b'*') => {
                    let start = self.pos;
                    self.pos += 2;
                    loop {
                        match self.bytes.get(self.pos) {
                            None => return Err(self.error_at(start, "unterminated block comment")),
                            Some(b'*') if self.bytes.get(self.pos + 1) == Some(&b'/') => {
                                self.pos += 2;
                                break;
                            }
                            Some(_) => self.pos += 1,
                        }
                    }
                }
                _ => return Ok(()),
            }
        }
    }

    fn check_depth(&self, open: usize, at: usize) -> Result<(), ParseError> {
        if open >= self.max_depth {
            return Err(self.error_at(at, format!("nesting deeper than {} levels", self.max_depth)));
        }
        Ok(())
    }

    /// Parses the value at the current position (whitespace already skipped), leaving the
    /// position just after it.
    fn parse_value(&mut self) -> Result<Value<'a>, ParseError> {
        let mut frames: Vec<Frame<'a>> = Vec::new();
        // Elements and members of all open containers; a container's own ones are moved out
        // (into a vector of exactly the right size) when it closes.
        let mut elements: Vec<Value<'a>> = Vec::new();
        let mut members: Vec<Member<'a>> = Vec::new();
        'value: loop {
            let start = self.pos;
            let mut value = match self.peek() {
                Some(b'"') => {
                    let (text, span) = self.parse_string()?;
                    Value {
                        span,
                        kind: Kind::String(text),
                    }
                }
                Some(b'-' | b'0'..=b'9') => self.parse_number()?,
                Some(b'{') if self.bytes.get(start + 1) == Some(&b'{') => {
                    if !self.lenient {
                        return Err(
                            self.error_at(start, "unquoted `{{placeholder}}` is not valid JSON")
                        );
                    }
                    self.parse_placeholder()?
                }
                Some(b'{') => {
                    self.check_depth(frames.len(), start)?;
                    self.pos += 1;
                    self.skip_ws()?;
                    if self.peek() == Some(b'}') {
                        self.pos += 1;
                        Value {
                            span: self.span(start, self.pos),
                            kind: Kind::Object(Vec::new()),
                        }
                    } else {
                        let (key, key_span) =
                            self.parse_key("expected a quoted object key or `}`")?;
                        frames.push(Frame::Object {
                            start,
                            base: members.len(),
                            key,
                            key_span,
                        });
                        continue 'value;
                    }
                }
                Some(b'[') => {
                    self.check_depth(frames.len(), start)?;
                    self.pos += 1;
                    self.skip_ws()?;
                    if self.peek() == Some(b']') {
                        self.pos += 1;
                        Value {
                            span: self.span(start, self.pos),
                            kind: Kind::Array(Vec::new()),
                        }
                    } else {
                        frames.push(Frame::Array {
                            start,
                            base: elements.len(),
                        });
                        continue 'value;
                    }
                }
                Some(b't') if self.is_word(b"true") => self.literal(4, Kind::Bool(true)),
                Some(b'f') if self.is_word(b"false") => self.literal(5, Kind::Bool(false)),
                Some(b'n') if self.is_word(b"null") => self.literal(4, Kind::Null),
                Some(b) if b.is_ascii_alphabetic() => return Err(self.bad_word()),
                Some(b'\'') => {
                    return Err(self.error_at(start, "strings must be in double quotes, not `'`"));
                }
                _ => return Err(self.expected_value()),
            };

            // Hand the finished value to the innermost open container, closing containers as long
            // as their closing bracket follows.
            loop {
                let Some(frame) = frames.last_mut() else {
                    return Ok(value);
                };
                self.skip_ws()?;
                let (start, base) = match frame {
                    Frame::Array { start, base } => {
                        elements.push(value);
                        match self.peek() {
                            Some(b',') => {
                                let comma = self.pos;
                                self.pos += 1;
                                self.skip_ws()?;
                                if self.peek() != Some(b']') {
                                    continue 'value;
                                }
                                if !self.lenient {
                                    return Err(self.error_at(comma, "trailing comma before `]`"));
                                }
                            }
                            Some(b']') => {}
                            _ => {
                                return Err(
                                    self.unexpected("expected `,` or `]` after an array element")
                                );
                            }
                        }
                        (*start, *base)
                    }
                    Frame::Object {
                        start,
                        base,
                        key,
                        key_span,
                    } => {
                        members.push(Member {
                            key: std::mem::take(key),
                            key_span: *key_span,
                            value,
                        });
                        match self.peek() {
                            Some(b',') => {
                                let comma = self.pos;
                                self.pos += 1;
                                self.skip_ws()?;
                                if self.peek() != Some(b'}') {
                                    (*key, *key_span) =
                                        self.parse_key("expected a quoted object key")?;
                                    continue 'value;
                                }
                                if !self.lenient {
                                    return Err(self.error_at(comma, "trailing comma before `}`"));
                                }
                            }
                            Some(b'}') => {}
                            _ => {
                                return Err(
                                    self.unexpected("expected `,` or `}` after an object member")
                                );
                            }
                        }
                        (*start, *base)
                    }
                };
                // The closing bracket is at the current position.
                self.pos += 1;
                let span = self.span(start, self.pos);
                let kind = match frames.pop() {
                    Some(Frame::Object { .. }) => Kind::Object(members.split_off(base)),
                    _ => Kind::Array(elements.split_off(base)),
                };
                value = Value { span, kind };
            }
        }
    }

    /// Parses `"key"` `:` at the current position and skips the whitespace after the colon.
    #[inline]
    fn parse_key(&mut self, expected: &str) -> Result<(Cow<'a, str>, Span), ParseError> {
        match self.peek() {
            Some(b'"') => {}
            Some(b'\'') => {
                return Err(self.error_at(self.pos, "strings must be in double quotes, not `'`"));
            }
            _ => return Err(self.unexpected(expected)),
        }
        let key = self.parse_string()?;
        self.skip_ws()?;
        if self.peek() != Some(b':') {
            return Err(self.unexpected("expected `:` after an object key"));
        }
        self.pos += 1;
        self.skip_ws()?;
        Ok(key)
    }

    fn is_word(&self, word: &[u8]) -> bool {
        let end = self.pos + word.len();
        self.bytes.get(self.pos..end) == Some(word) && !is_word_byte(self.bytes.get(end))
    }

    fn literal(&mut self, len: usize, kind: Kind<'a>) -> Value<'a> {
        let start = self.pos;
        self.pos += len;
        Value {
            span: self.span(start, self.pos),
            kind,
        }
    }

    /// The error for an unexpected character (or the end of input) where a value is expected.
    #[cold]
    fn expected_value(&self) -> ParseError {
        let found = self
            .text
            .get(self.pos..)
            .and_then(|rest| rest.chars().next());
        match found {
            Some(c) if c != '/' || self.lenient => {
                let invisible = matches!(c, '\u{200B}'..='\u{200F}' | '\u{2060}' | '\u{FEFF}');
                let message = if c.is_control() || c.is_whitespace() || invisible {
                    format!("expected a value, found U+{:04X}", c as u32)
                } else {
                    format!("expected a value, found `{c}`")
                };
                self.error_at(self.pos, message)
            }
            _ => self.unexpected("expected a value"),
        }
    }

    /// The error for a bare word such as `True`, `NaN` or `undefined` where a value is expected.
    #[cold]
    fn bad_word(&self) -> ParseError {
        let mut end = self.pos;
        while is_word_byte(self.bytes.get(end)) && end - self.pos < 32 {
            end += 1;
        }
        let ellipsis = if is_word_byte(self.bytes.get(end)) {
            "..."
        } else {
            ""
        };
        let word = self.slice(self.pos, end);
        self.error_at(
            self.pos,
            format!("expected a value, found `{word}{ellipsis}`"),
        )
    }

    /// Validates a number per the RFC 8259 grammar and returns it as raw text.
    fn parse_number(&mut self) -> Result<Value<'a>, ParseError> {
        let bytes = self.bytes;
        let start = self.pos;
        let mut pos = start;
        if bytes.get(pos) == Some(&b'-') {
            pos += 1;
        }
        match bytes.get(pos) {
            Some(b'0') => {
                pos += 1;
                if is_digit(bytes.get(pos)) {
                    return Err(
                        self.error_at(start, "invalid number: leading zeros are not allowed")
                    );
                }
            }
            Some(b'1'..=b'9') => {
                pos += 1;
                while is_digit(bytes.get(pos)) {
                    pos += 1;
                }
            }
            _ => return Err(self.error_at(start, "invalid number: expected a digit after `-`")),
        }
        if bytes.get(pos) == Some(&b'.') {
            pos += 1;
            if !is_digit(bytes.get(pos)) {
                return Err(self.error_at(
                    start,
                    "invalid number: expected a digit after the decimal point",
                ));
            }
            while is_digit(bytes.get(pos)) {
                pos += 1;
            }
        }
        if let Some(b'e' | b'E') = bytes.get(pos) {
            pos += 1;
            if let Some(b'+' | b'-') = bytes.get(pos) {
                pos += 1;
            }
            if !is_digit(bytes.get(pos)) {
                return Err(
                    self.error_at(start, "invalid number: expected a digit in the exponent")
                );
            }
            while is_digit(bytes.get(pos)) {
                pos += 1;
            }
        }
        self.pos = pos;
        Ok(Value {
            span: self.span(start, pos),
            kind: Kind::Number(self.slice(start, pos)),
        })
    }

    /// Parses a lenient-mode `{{name}}` at the current position.
    fn parse_placeholder(&mut self) -> Result<Value<'a>, ParseError> {
        let start = self.pos;
        let name_start = start + 2;
        let mut pos = name_start;
        while let Some(&b) = self.bytes.get(pos) {
            if b == b'{' || b == b'}' || b == b'"' || b < 0x20 {
                break;
            }
            pos += 1;
        }
        if self.bytes.get(pos..pos + 2) != Some(b"}}") {
            return Err(self.error_at(
                start,
                "unterminated placeholder: expected `}}` after `{{name`",
            ));
        }
        let name = self.slice(name_start, pos);
        if name.trim().is_empty() {
            return Err(self.error_at(start, "empty placeholder `{{}}`"));
        }
        self.pos = pos + 2;
        Ok(Value {
            span: self.span(start, self.pos),
            kind: Kind::Placeholder(name),
        })
    }

    /// Parses the string whose opening quote is at the current position.
    #[inline]
    fn parse_string(&mut self) -> Result<(Cow<'a, str>, Span), ParseError> {
        let start = self.pos;
        let end = scan_plain(self.bytes, start + 1);
        if self.bytes.get(end) == Some(&b'"') {
            self.pos = end + 1;
            return Ok((
                Cow::Borrowed(self.slice(start + 1, end)),
                self.span(start, self.pos),
            ));
        }
        self.parse_string_slow(start, end)
    }

    /// Continues a string at `pos`, the first byte that is not plain text: a backslash, a control
    /// character or the end of input.
    fn parse_string_slow(
        &mut self,
        start: usize,
        mut pos: usize,
    ) -> Result<(Cow<'a, str>, Span), ParseError> {
        let mut out = String::with_capacity(pos - start + 16);
        out.push_str(self.slice(start + 1, pos));
        loop {
            match self.bytes.get(pos) {
                Some(b'"') => {
                    self.pos = pos + 1;
                    return Ok((Cow::Owned(out), self.span(start, self.pos)));
                }
                Some(b'\\') => pos = self.decode_escape(start, pos, &mut out)?,
                Some(&b) => return Err(self.control_character(pos, b)),
                None => return Err(self.error_at(start, "unterminated string")),
            }
            let next = scan_plain(self.bytes, pos);
            out.push_str(self.slice(pos, next));
            pos = next;
        }
    }

    #[cold]
    fn control_character(&self, pos: usize, byte: u8) -> ParseError {
        if byte == b'\n' || byte == b'\r' {
            self.error_at(
                pos,
                "unescaped line break in string (is a closing `\"` missing?)",
            )
        } else {
            self.error_at(
                pos,
                format!("unescaped control character U+{byte:04X} in string"),
            )
        }
    }

    /// Decodes the escape whose backslash is at `pos` (in the string opened at `start`) onto
    /// `out`, returning the position after it.
    fn decode_escape(
        &self,
        start: usize,
        pos: usize,
        out: &mut String,
    ) -> Result<usize, ParseError> {
        let decoded = match self.bytes.get(pos + 1) {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => return self.decode_unicode_escape(pos, out),
            Some(_) => return Err(self.invalid_escape(pos)),
            None => return Err(self.error_at(start, "unterminated string")),
        };
        out.push(decoded);
        Ok(pos + 2)
    }

    #[cold]
    fn invalid_escape(&self, pos: usize) -> ParseError {
        let c = self
            .text
            .get(pos + 1..)
            .and_then(|rest| rest.chars().next())
            .unwrap_or('\u{FFFD}');
        let message = if c.is_control() {
            format!("invalid escape: `\\` followed by U+{:04X}", c as u32)
        } else {
            format!("invalid escape `\\{c}`")
        };
        self.error_at(pos, message)
    }

    /// Decodes `\uXXXX` (and a following `\uXXXX` if they form a surrogate pair) at `pos`.
    /// Lone surrogates become U+FFFD.
    fn decode_unicode_escape(&self, pos: usize, out: &mut String) -> Result<usize, ParseError> {
        let Some(unit) = self.hex4(pos + 2) else {
            return Err(self.error_at(
                pos,
                "invalid unicode escape: expected four hex digits after `\\u`",
            ));
        };
        let mut next = pos + 6;
        let c = if (0xD800..0xDC00).contains(&unit) {
            let low = if self.bytes.get(next..next + 2) == Some(b"\\u") {
                self.hex4(next + 2)
                    .filter(|low| (0xDC00..0xE000).contains(low))
            } else {
                None
            };
            match low {
                Some(low) => {
                    next += 6;
                    char::from_u32(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))
                        .unwrap_or('\u{FFFD}')
                }
                None => '\u{FFFD}',
            }
        } else {
            // Lone low surrogates are not chars either.
            char::from_u32(unit).unwrap_or('\u{FFFD}')
        };
        out.push(c);
        Ok(next)
    }

    fn hex4(&self, at: usize) -> Option<u32> {
        let digits = self.bytes.get(at..at + 4)?;
        digits.iter().try_fold(0u32, |acc, &d| {
            let v = (d as char).to_digit(16)?;
            Some(acc * 16 + v)
        })
    }
}

/// Returns the position of the first byte at or after `pos` that is `"`, `\` or a control
/// character, or `bytes.len()`. Looks at eight bytes at a time.
#[inline]
fn scan_plain(bytes: &[u8], mut pos: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    while let Some(chunk) = bytes.get(pos..pos + 8) {
        let Ok(chunk) = <[u8; 8]>::try_from(chunk) else {
            break;
        };
        let x = u64::from_le_bytes(chunk);
        let quote = x ^ (ONES * u64::from(b'"'));
        let backslash = x ^ (ONES * u64::from(b'\\'));
        // The classic "has zero byte" / "has byte less than n" tricks: the lowest flagged byte is
        // always a true match (false positives only occur above a true match).
        let found = ((quote.wrapping_sub(ONES) & !quote)
            | (backslash.wrapping_sub(ONES) & !backslash)
            | (x.wrapping_sub(ONES * 0x20) & !x))
            & HIGHS;
        if found != 0 {
            return pos + (found.trailing_zeros() / 8) as usize;
        }
        pos += 8;
    }
    while let Some(&b) = bytes.get(pos) {
        if b == b'"' || b == b'\\' || b < 0x20 {
            return pos;
        }
        pos += 1;
    }
    pos
}
