//! postgen turns a Postman collection into a typed Rust API client.
//!
//! The pipeline, one stage per module, data flowing one way:
//!
//! 1. `json`: the file → a spanned JSON tree (so every error can say where).
//! 2. `read`: the tree → the collection as Postman describes it, loose shapes resolved.
//! 3. `model`: the collection → an API model: modules, operations, parameters, names.
//!    Then `infer`: the Rust types of JSON bodies, from the collection's examples.
//! 4. `emit`: the model → token streams (`quote`), one per file.
//! 5. `format`: tokens → source (`prettyplease`).
//! 6. `write`: files → disk, all or nothing; or a drift check against it.
//!
//! [`Builder`] runs them all; see its docs for use from a build script.

#![warn(missing_docs)]

mod builder;
mod diag;
mod emit;
mod error;
mod format;
mod infer;
mod inspect;
mod json;
mod memo;
// Their data is reached from outside only through the hidden `stages` module.
#[allow(missing_docs)]
mod model;
mod output;
#[allow(missing_docs)]
mod read;
// Scripts as data (issue 16). Nothing uses it yet: the model stage will.
#[allow(dead_code, unused_imports)]
mod script;
#[doc(hidden)]
#[allow(missing_docs)]
pub mod stages;
pub mod warnings;
mod write;

pub use builder::{
    AWS_SIGV4_DEPENDENCIES, Builder, Generated, MOCK_DEPENDENCIES, OAUTH1_DEPENDENCIES,
    RUNTIME_DEPENDENCIES, Stats, default_crate_name,
};
pub use error::{Error, ErrorKind, Location};
pub use inspect::InspectRow;
pub use output::OutputFile;
pub use warnings::{Warning, WarningGroup, WarningKind};
pub use write::{Drift, WriteReport, interrupt};
