//! Postman scripts as data. A collection's JavaScript (`event[].script.exec`) is parsed, never
//! run, and what it does that a typed client can do too is read off the syntax tree: which
//! variables a test script stores from the response (JSON paths, headers), under which
//! statuses and checks; which a pre-request script sets to a literal, a time or a random id;
//! whether it signs or changes the request. Everything else is reported with its place and
//! the reason, so the generator can say precisely what it left out.
//!
//! The parser is `oxc_parser`. Chosen over `swc_ecma_parser` and `boa_parser` on:
//! - correctness: all three parse ES5 scripts, `function` callbacks, template literals and
//!   optional chaining; oxc passes the Test262 parser suite, recovers from errors with exact
//!   spans, and allows the top-level `return` Postman's wrapper permits;
//! - maintenance: oxc and swc release weekly with large teams; boa releases a few times a year;
//! - compile time, which matters because postgen is a build-dependency. A clean
//!   `cargo build -p postgen` on 2 shared cores, CPU seconds (the steadiest measure; wall time
//!   in the quietest run in brackets):
//!
//!   |               | debug       | release      |
//!   |---------------|-------------|--------------|
//!   | no parser     | 11 (8)      | 47 (25)      |
//!   | oxc + this    | 33 (22)     | 86 (48)      |
//!   | boa (alone)   | 34 (24)     | 107 (131)    |
//!   | swc (alone)   | 50 (45)     | 115 (74)     |
//!
//!   Build scripts' dependencies compile unoptimised, so the debug column is what a user of
//!   postgen pays: oxc is the cheapest of the three, about 14 s more than none.
//!
//! The version is the newest whose `rust-version` fits the workspace's (1.85); the resolver
//! picks it by itself.
//!
//! Nothing of a script is executed or copied into generated code: the facts hold names, paths
//! and literals, which a later stage emits as Rust literals.

mod cond;
mod depth;
mod eval;
mod facts;
mod guard;
mod parse;
mod val;
mod walk;

#[cfg(test)]
mod corpus_tests;
#[cfg(test)]
mod tests;

pub use facts::{
    Assignment, Condition, Dynamic, Facts, Listen, Note, Pos, Refusal, RequestField, RequestText,
    Scope, Step, Text, Value, When,
};

/// What the script `source` does, read without running it. Never fails: a script that does
/// not parse is [`Facts::unrecognised`] at the error's place.
pub fn analyse(source: &str, listen: Listen) -> Facts {
    let alloc = oxc_allocator::Allocator::default();
    match parse::parse(&alloc, source) {
        Ok(program) => {
            // The tree lives in `alloc`; the walk borrows it and returns plain data.
            let program = alloc.alloc(program);
            let mut w = walk::Walker::new(source, listen);
            w.script(&program.body);
            w.facts
        }
        Err(note) => Facts {
            unrecognised: Some(note),
            ..Facts::default()
        },
    }
}
