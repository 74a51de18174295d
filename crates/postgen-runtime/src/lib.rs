//! The runtime of the clients postgen generates, compiled and tested on its own. Its sources are
//! part of the generator's package (`crates/postgen/runtime/`), which copies them verbatim into
//! every generated crate as `src/runtime/`; this crate exists so that they are built, linted and
//! tested here like any crate (`tests/wire`), and is not published.

#[path = "../../postgen/runtime/mod.rs"]
mod runtime;

pub use runtime::*;
