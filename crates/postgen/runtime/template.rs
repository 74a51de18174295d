//! `{{name}}` templates, as collections write them: the one scanner both the generator and the
//! generated client use, so that what is resolved at generation time and what is resolved at run
//! time follow the same rules. It depends on nothing else of the runtime (the generator compiles
//! this file as a module of its own).

/// One piece of a template. `"Bearer {{token}}"` is
/// `[Piece::Lit("Bearer "), Piece::Var { name: "token", default: None }]`. Generated code holds
/// `Piece<&'static str>`; the generator builds `Piece<String>`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Piece<S = &'static str> {
    /// Literal text.
    Lit(S),
    /// A variable, with the value the collection gives it where it is used, if any.
    Var {
        /// The name between the braces, as written.
        name: S,
        /// The value the request itself carries (resolved in its own scope at generation time).
        default: Option<S>,
    },
}

/// A run of a text: literal, or the name of a `{{variable}}`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Segment<'a> {
    Text(&'a str),
    Var(&'a str),
}

/// The segments of `text`, in order; neighbouring literal text is one segment. An unclosed `{{`
/// is literal text, and so is the first brace of `{{{name}}` (a name holds no `{`).
pub fn segments(text: &str) -> Segments<'_> {
    Segments { rest: text }
}

/// The iterator of [`segments`].
#[derive(Clone, Debug)]
pub struct Segments<'a> {
    rest: &'a str,
}

impl<'a> Iterator for Segments<'a> {
    type Item = Segment<'a>;

    fn next(&mut self) -> Option<Segment<'a>> {
        if self.rest.is_empty() {
            return None;
        }
        match next_var(self.rest) {
            Some((0, name, end)) => {
                self.rest = &self.rest[end..];
                Some(Segment::Var(name))
            }
            Some((start, _, _)) => {
                let (text, rest) = self.rest.split_at(start);
                self.rest = rest;
                Some(Segment::Text(text))
            }
            None => Some(Segment::Text(std::mem::take(&mut self.rest))),
        }
    }
}

/// The first `{{name}}` of `text`: where its `{{` starts, the name, and where its `}}` ends.
fn next_var(text: &str) -> Option<(usize, &str, usize)> {
    let mut from = 0;
    loop {
        let start = from + text.get(from..)?.find("{{")?;
        let len = text[start + 2..].find("}}")?;
        let name = &text[start + 2..start + 2 + len];
        if !name.contains('{') {
            return Some((start, name, start + 2 + len + 2));
        }
        from = start + 1;
    }
}

/// The names of the variables `text` refers to, in order.
pub fn var_names(text: &str) -> impl Iterator<Item = &str> {
    segments(text).filter_map(|s| match s {
        Segment::Var(name) => Some(name),
        Segment::Text(_) => None,
    })
}

/// Whether `text` refers to any variable.
pub fn has_vars(text: &str) -> bool {
    next_var(text).is_some()
}

/// If `text` is exactly one `{{name}}`, its name.
pub fn sole_var(text: &str) -> Option<&str> {
    match next_var(text) {
        Some((0, name, end)) if end == text.len() => Some(name),
        _ => None,
    }
}

/// Postman's dynamic variables that the runtime fills with a fresh value on every request:
/// `$guid` and `$randomUUID` (a version 4 UUID), `$timestamp` (Unix seconds), `$isoTimestamp`
/// (UTC, `2024-01-31T12:00:00.000Z`), `$randomInt` (0 to 1000).
pub const DYNAMIC: &[&str] = &[
    "$guid",
    "$randomUUID",
    "$timestamp",
    "$isoTimestamp",
    "$randomInt",
];

/// Whether `name` is one of [`DYNAMIC`].
pub fn is_dynamic(name: &str) -> bool {
    DYNAMIC.contains(&name)
}
