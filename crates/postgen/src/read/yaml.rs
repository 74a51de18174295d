//! A YAML input file (collection format v3) → the same spanned tree a JSON file gives
//! ([`Value`]: byte spans in the shared offset space, keys with their spans), so that
//! [`Located`](super::source::Located), the field readers and every message work unchanged.
//!
//! The YAML crate is `saphyr-parser`: `serde_yaml` is archived, `serde_yml` is an unsound fork,
//! and the libyaml ports (`unsafe-libyaml` under `serde_norway`/`serde_yaml_ng`) are C translated
//! into `unsafe` Rust that hand over a finished serde value without the place each value came
//! from. saphyr-parser is maintained (the successor of `yaml-rust`/`yaml-rust2`, by their
//! maintainers), pure safe Rust with two small dependencies, passes the YAML test suite, and is an
//! event parser whose every event carries a start and an end marker: exactly what a spanned tree
//! needs, and what lets nesting, aliases and documents be bounded here, before anything is built.
//!
//! What is read, and how:
//! - Scalars by the YAML 1.2 core schema, as Postman's own YAML library reads them: plain `null`,
//!   `~` or nothing is null, `true`/`false` (and their capitalised forms) booleans, a plain
//!   number that is also a JSON number a number; every other scalar, quoted or block (`|`, `|+`,
//!   `>-`, …), is a string. The core schema's other numbers (`0x1F`, `+1`, `007`, `.inf`) stay
//!   the text written: postgen reads every scalar it needs as text, and a JSON number is what the
//!   tree's numbers are.
//! - Tags: the core ones (`!!str`, `!!int`, `!!float`, `!!bool`, `!!null`, `!!seq`, `!!map`) and
//!   the non-specific `!`; any other tag is an error (it would mean a type postgen cannot know).
//! - Anchors and aliases are expanded, each copy located at its alias, with a bound on the values
//!   all aliases together may add (a "billion laughs" file is an error, not a hang) and on the
//!   depth the copies reach. Merge keys (`<<: *base`) merge, as in Postman.
//! - One document per file: a second one (`---`) is an error. Duplicate keys are an error, and so
//!   is a key that is not a scalar.
//! - Nesting deeper than [`MAX_DEPTH`] is an error, found while parsing (nothing deep is built).
//! - The crate counts positions in characters; they become byte offsets here.

use std::borrow::Cow;
use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScalarStyle, Tag};

use crate::json::{Kind, LineIndex, Member, Span, Value};

/// The deepest nesting of sequences and mappings accepted (as for JSON input).
pub const MAX_DEPTH: usize = 128;

/// Values that aliases may add to a file, at least; a file may add as many as it has bytes.
const MIN_ALIAS_BUDGET: usize = 100_000;

/// Why the text is not YAML postgen reads, and where: a byte offset in the text, and the key path
/// open there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct YamlError {
    pub offset: usize,
    pub message: String,
    pub path: String,
}

/// Parses `text`; spans are shifted by `base` (where the text starts in the shared offset space).
/// An empty file (or one holding only comments) is `null`.
pub fn parse(text: &str, base: u32) -> Result<Value<'_>, YamlError> {
    Builder {
        text,
        base,
        offsets: Offsets::new(text),
        stack: Vec::new(),
        root: None,
        anchors: HashMap::new(),
        budget: MIN_ALIAS_BUDGET.max(text.len()),
        documents: 0,
    }
    .run()
}

/// Character index → byte offset.
struct Offsets {
    /// The byte offset of each character, and the length last; `None` for ASCII text.
    table: Option<Vec<u32>>,
    len: usize,
}

impl Offsets {
    fn new(text: &str) -> Offsets {
        let table = (!text.is_ascii()).then(|| {
            text.char_indices()
                .map(|(i, _)| i as u32)
                .chain(std::iter::once(text.len() as u32))
                .collect()
        });
        Offsets {
            table,
            len: text.len(),
        }
    }

    fn byte(&self, char_index: usize) -> usize {
        match &self.table {
            None => char_index.min(self.len),
            Some(t) => t.get(char_index).or(t.last()).map_or(0, |&b| b as usize),
        }
    }
}

/// A subtree an anchor names: a copy is made at each alias.
struct Anchored<'a> {
    value: Value<'a>,
    /// How many values it holds (itself included), and how deep it nests (a scalar: 0).
    count: usize,
    height: usize,
}

enum Frame<'a> {
    Seq {
        start: u32,
        anchor: usize,
        items: Vec<Value<'a>>,
        count: usize,
        height: usize,
    },
    Map {
        start: u32,
        anchor: usize,
        members: Vec<Member<'a>>,
        /// A key read, waiting for its value.
        key: Option<(Cow<'a, str>, Span)>,
        count: usize,
        height: usize,
    },
}

struct Builder<'a> {
    text: &'a str,
    base: u32,
    offsets: Offsets,
    stack: Vec<Frame<'a>>,
    root: Option<Value<'a>>,
    anchors: HashMap<usize, Anchored<'a>>,
    /// Values aliases may still add.
    budget: usize,
    documents: usize,
}

impl<'a> Builder<'a> {
    fn run(mut self) -> Result<Value<'a>, YamlError> {
        let mut parser = Parser::new_from_str(self.text);
        loop {
            let (event, span) = match parser.next() {
                None => break,
                Some(Ok(e)) => e,
                Some(Err(e)) => {
                    let offset = self.offsets.byte(e.marker().index());
                    return Err(self.error(offset, e.info().to_owned()));
                }
            };
            let start = self.offsets.byte(span.start.index());
            let end = self.offsets.byte(span.end.index()).max(start);
            let span = Span {
                start: self.base + start as u32,
                end: self.base + end as u32,
            };
            match event {
                Event::StreamStart | Event::Nothing | Event::DocumentEnd => {}
                Event::StreamEnd => break,
                Event::DocumentStart(_) => {
                    self.documents += 1;
                    if self.documents > 1 {
                        return Err(self.error(
                            start,
                            "a second YAML document in the file: each file holds one".into(),
                        ));
                    }
                }
                Event::Alias(id) => self.alias(id, span, start)?,
                Event::Scalar(value, style, anchor, tag) => {
                    self.scalar(value, style, anchor, tag.as_deref(), span, start)?;
                }
                Event::SequenceStart(anchor, tag) => {
                    self.container_tag(tag.as_deref(), "seq", start)?;
                    self.open(start)?;
                    self.stack.push(Frame::Seq {
                        start: span.start,
                        anchor,
                        items: Vec::new(),
                        count: 1,
                        height: 1,
                    });
                }
                Event::MappingStart(anchor, tag) => {
                    self.container_tag(tag.as_deref(), "map", start)?;
                    self.open(start)?;
                    self.stack.push(Frame::Map {
                        start: span.start,
                        anchor,
                        members: Vec::new(),
                        key: None,
                        count: 1,
                        height: 1,
                    });
                }
                Event::SequenceEnd | Event::MappingEnd => self.close(span, start)?,
            }
        }
        Ok(self.root.take().unwrap_or(Value {
            span: Span {
                start: self.base,
                end: self.base,
            },
            kind: Kind::Null,
        }))
    }

    /// A container is about to open at `offset`: refuse it past the depth bound.
    fn open(&self, offset: usize) -> Result<(), YamlError> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(self.error(
                offset,
                format!("YAML nested deeper than {MAX_DEPTH} levels"),
            ));
        }
        Ok(())
    }

    fn container_tag(&self, tag: Option<&Tag>, core: &str, offset: usize) -> Result<(), YamlError> {
        match tag {
            None => Ok(()),
            Some(t) if t.is_yaml_core_schema() && t.suffix == core => Ok(()),
            Some(t) if is_non_specific(t) => Ok(()),
            Some(t) => Err(self.error(
                offset,
                format!("unsupported YAML tag `{}` here", tag_name(t)),
            )),
        }
    }

    fn scalar(
        &mut self,
        value: Cow<'a, str>,
        style: ScalarStyle,
        anchor: usize,
        tag: Option<&Tag>,
        span: Span,
        offset: usize,
    ) -> Result<(), YamlError> {
        // A key: its text as written (a JSON object's keys are text).
        if let Some(Frame::Map {
            key: key @ None, ..
        }) = self.stack.last_mut()
        {
            *key = Some((value, span));
            return Ok(());
        }
        let raw = self
            .text
            .get((span.start - self.base) as usize..(span.end - self.base) as usize)
            .unwrap_or("");
        let kind = self.resolve(value, style, tag, raw, offset)?;
        self.complete(Value { span, kind }, anchor, 1, 0, offset)
    }

    /// A scalar's kind, by its tag or else the core schema.
    fn resolve(
        &self,
        value: Cow<'a, str>,
        style: ScalarStyle,
        tag: Option<&Tag>,
        raw: &'a str,
        offset: usize,
    ) -> Result<Kind<'a>, YamlError> {
        let number = |v: &Cow<'a, str>| match v {
            Cow::Borrowed(s) if is_json_number(s) => Some(*s),
            // Owned text (after a tag, say): the same text where it is written.
            _ => raw
                .get(raw.len().saturating_sub(v.len())..)
                .filter(|r| *r == v.as_ref() && is_json_number(r)),
        };
        if let Some(t) = tag {
            let wrong = |what: &str| {
                self.error(
                    offset,
                    format!("`{value}` is not {what}, as its tag `{}` says", tag_name(t)),
                )
            };
            if is_non_specific(t) {
                return Ok(Kind::String(value));
            }
            if !t.is_yaml_core_schema() {
                return Err(self.error(offset, format!("unsupported YAML tag `{}`", tag_name(t))));
            }
            return match t.suffix.as_str() {
                "str" => Ok(Kind::String(value)),
                "null" if is_null(&value) => Ok(Kind::Null),
                "null" => Err(wrong("null")),
                "bool" => bool_of(&value)
                    .map(Kind::Bool)
                    .ok_or_else(|| wrong("a boolean")),
                "int" | "float" => match number(&value) {
                    Some(n) => Ok(Kind::Number(n)),
                    None => Err(wrong("a number postgen reads (a JSON number)")),
                },
                _ => Err(self.error(
                    offset,
                    format!("unsupported YAML tag `{}` on a scalar", tag_name(t)),
                )),
            };
        }
        if style != ScalarStyle::Plain {
            return Ok(Kind::String(value));
        }
        if is_null(&value) {
            return Ok(Kind::Null);
        }
        if let Some(b) = bool_of(&value) {
            return Ok(Kind::Bool(b));
        }
        Ok(match number(&value) {
            Some(n) => Kind::Number(n),
            None => Kind::String(value),
        })
    }

    fn alias(&mut self, id: usize, span: Span, offset: usize) -> Result<(), YamlError> {
        let Some(anchored) = self.anchors.get(&id) else {
            return Err(self.error(offset, "an alias to an anchor not defined before it".into()));
        };
        if anchored.count > self.budget {
            return Err(self.error(
                offset,
                "aliases expand to too many values (the file would grow without bound)".into(),
            ));
        }
        if self.stack.len() + anchored.height > MAX_DEPTH {
            return Err(self.error(
                offset,
                format!("an alias expands to YAML nested deeper than {MAX_DEPTH} levels"),
            ));
        }
        self.budget -= anchored.count;
        let (count, height) = (anchored.count, anchored.height);
        let mut copy = anchored.value.clone();
        relocate(&mut copy, span);
        if let Some(Frame::Map {
            key: key @ None, ..
        }) = self.stack.last_mut()
        {
            return match copy.kind {
                Kind::String(s) => {
                    *key = Some((s, span));
                    Ok(())
                }
                _ => Err(self.error(offset, "a mapping key that is not a scalar".into())),
            };
        }
        self.complete(copy, 0, count, height, offset)
    }

    fn close(&mut self, end_span: Span, offset: usize) -> Result<(), YamlError> {
        let Some(frame) = self.stack.pop() else {
            return Ok(());
        };
        let (value, anchor, count, height) = match frame {
            Frame::Seq {
                start,
                anchor,
                items,
                count,
                height,
            } => {
                let end = items.last().map_or(end_span.end, |v| v.span.end).max(start);
                (
                    Value {
                        span: Span { start, end },
                        kind: Kind::Array(items),
                    },
                    anchor,
                    count,
                    height,
                )
            }
            Frame::Map {
                start,
                anchor,
                members,
                key,
                count,
                height,
            } => {
                if let Some((_, key_span)) = key {
                    // Cannot happen with a well-formed event stream; refuse rather than guess.
                    return Err(self.error(
                        (key_span.start - self.base) as usize,
                        "a mapping key without a value".into(),
                    ));
                }
                let members = merge(members);
                let end = members
                    .last()
                    .map_or(end_span.end, |m| m.value.span.end.max(m.key_span.end))
                    .max(start);
                (
                    Value {
                        span: Span { start, end },
                        kind: Kind::Object(members),
                    },
                    anchor,
                    count,
                    height,
                )
            }
        };
        self.complete(value, anchor, count, height, offset)
    }

    /// A finished value: remembered under its anchor, then added to what holds it.
    fn complete(
        &mut self,
        value: Value<'a>,
        anchor: usize,
        count: usize,
        height: usize,
        offset: usize,
    ) -> Result<(), YamlError> {
        if anchor != 0 {
            self.anchors.insert(
                anchor,
                Anchored {
                    value: value.clone(),
                    count,
                    height,
                },
            );
        }
        match self.stack.last() {
            Some(Frame::Map { key: None, .. }) => {
                return Err(self.error(offset, "a mapping key that is not a scalar".into()));
            }
            Some(Frame::Map {
                members,
                key: Some((key, key_span)),
                ..
            }) => {
                if let Some(first) = members.iter().find(|m| m.key == *key) {
                    let first = (first.key_span.start - self.base) as usize;
                    let line = LineIndex::new(self.text).line_col(self.text, first).0;
                    return Err(self.error(
                        (key_span.start - self.base) as usize,
                        format!("duplicate key `{key}` (first on line {line})"),
                    ));
                }
            }
            _ => {}
        }
        match self.stack.last_mut() {
            None => self.root = Some(value),
            Some(Frame::Seq {
                items,
                count: c,
                height: h,
                ..
            }) => {
                items.push(value);
                *c += count;
                *h = (*h).max(height + 1);
            }
            Some(Frame::Map {
                members,
                key,
                count: c,
                height: h,
                ..
            }) => {
                if let Some((key, key_span)) = key.take() {
                    members.push(Member {
                        key,
                        key_span,
                        value,
                    });
                }
                *c += count;
                *h = (*h).max(height + 1);
            }
        }
        Ok(())
    }

    /// An error at byte `offset`, with the key path open there.
    fn error(&self, offset: usize, message: String) -> YamlError {
        let mut path = String::new();
        for frame in &self.stack {
            match frame {
                Frame::Seq { items, .. } => path.push_str(&format!("[{}]", items.len())),
                Frame::Map { key, .. } => {
                    if let Some((k, _)) = key {
                        super::locate::push_key(&mut path, k);
                    }
                }
            }
        }
        YamlError {
            offset: offset.min(self.text.len()),
            message,
            path,
        }
    }
}

/// `<<: {…}` or `<<: [{…}, …]` in a mapping: the merged mappings' members that the mapping does
/// not set itself, after its own (the first merged mapping wins among them).
fn merge(members: Vec<Member<'_>>) -> Vec<Member<'_>> {
    if !members.iter().any(|m| m.key == "<<") {
        return members;
    }
    let (merges, mut own): (Vec<_>, Vec<_>) = members.into_iter().partition(|m| m.key == "<<");
    for m in merges {
        let sources = match m.value.kind {
            Kind::Object(members) => vec![members],
            Kind::Array(items) => items
                .into_iter()
                .filter_map(|v| match v.kind {
                    Kind::Object(members) => Some(members),
                    _ => None,
                })
                .collect(),
            // Not a mapping: kept as a key of its own, as written.
            kind => {
                own.push(Member {
                    key: m.key,
                    key_span: m.key_span,
                    value: Value {
                        span: m.value.span,
                        kind,
                    },
                });
                continue;
            }
        };
        for source in sources {
            for member in source {
                if !own.iter().any(|o| o.key == member.key) {
                    own.push(member);
                }
            }
        }
    }
    own
}

/// A copy made at an alias: located there, every value of it.
fn relocate(v: &mut Value<'_>, span: Span) {
    v.span = span;
    match &mut v.kind {
        Kind::Array(items) => items.iter_mut().for_each(|x| relocate(x, span)),
        Kind::Object(members) => {
            for m in members {
                m.key_span = span;
                relocate(&mut m.value, span);
            }
        }
        _ => {}
    }
}

/// The tag `!`: "a string, whatever it looks like".
fn is_non_specific(t: &Tag) -> bool {
    tag_name(t) == "!"
}

/// A tag as written: `!!int`, `!custom`.
fn tag_name(t: &Tag) -> String {
    if t.is_yaml_core_schema() {
        format!("!!{}", t.suffix)
    } else {
        format!("{}{}", t.handle, t.suffix)
    }
}

fn is_null(s: &str) -> bool {
    matches!(s, "" | "~" | "null" | "Null" | "NULL")
}

fn bool_of(s: &str) -> Option<bool> {
    match s {
        "true" | "True" | "TRUE" => Some(true),
        "false" | "False" | "FALSE" => Some(false),
        _ => None,
    }
}

/// RFC 8259's number: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?`.
fn is_json_number(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    let digits = |i: &mut usize| {
        let from = *i;
        while b.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i > from
    };
    if b.get(i) == Some(&b'-') {
        i += 1;
    }
    match b.get(i) {
        Some(b'0') => i += 1,
        Some(b'1'..=b'9') => {
            digits(&mut i);
        }
        _ => return false,
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        if !digits(&mut i) {
            return false;
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if !digits(&mut i) {
            return false;
        }
    }
    i == b.len()
}

#[cfg(test)]
mod tests;
