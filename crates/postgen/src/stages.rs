//! The pipeline, one function per stage. [`Builder`](crate::Builder) runs these and so do the
//! benches (`benches/stages.rs`), so what is measured is what runs: there is one pipeline.
//!
//! `parse` → `read` → `model` → `infer` → `emit` → `format` → `write`, each stage taking what
//! the one before returned. [`emit_and_format`] runs the two stages that make the files, file by
//! file, on every core (the files are independent; the result does not depend on the scheduling).
//! Not a stable API: it exists for postgen's own benches, fuzz targets and tests, and is the one
//! door to the pipeline's data they need (below).

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::emit;
use crate::error::{Error, ErrorKind};
use crate::format;
use crate::infer;
use crate::model::Api;
use crate::output::OutputFile;
use crate::read;
use crate::write::{self, WriteReport};

pub use crate::diag::Findings;
pub use crate::emit::{EXAMPLES_REPORT_PREFIX, MUTANTS_PREFIX, REPLAYED_PREFIX};
pub use crate::read::{Collection, Input, Parsed};

/// The spanned JSON reader.
pub mod json {
    pub use crate::json::{Kind, Member, Options, Span, Value, parse, to_compact_string};
}

/// The API model.
pub mod model {
    pub use crate::model::{
        Api, Auth, Body, FormField, FormGroup, GroupShape, Module, Operation, Param, QueryKind,
        QueryParam, ReadStep, Scalar,
    };
}

/// Stage 1: the input files → spanned trees.
pub fn parse(input: &Input) -> Result<Parsed<'_>, Error> {
    input.parse()
}

/// Stage 2: the collection's tree → the collection.
pub fn read<'a>(parsed: &Parsed<'a>, findings: &mut Findings) -> Result<Collection<'a>, Error> {
    read::read_parsed(parsed, findings).map_err(|f| parsed.located().error(f))
}

/// Stage 3: the collection → the API model (`environment`: a Postman environment's values).
pub fn model(
    parsed: &Parsed<'_>,
    collection: &Collection<'_>,
    environment: &[(String, String)],
    findings: &mut Findings,
) -> Result<Api, Error> {
    crate::model::build(collection, environment, findings).map_err(|f| parsed.located().error(f))
}

/// Stage 3b: the types of JSON bodies, into the model.
pub fn infer(api: &mut Api, findings: &mut Findings) {
    infer::infer(api, findings);
}

/// Stage 4: the model → the crate's files (Rust ones as tokens).
pub fn emit(api: &Api, opts: &emit::Options) -> Vec<emit::File> {
    emit::emit(api, opts)
}

/// Stage 5: files → formatted bytes, each with its header.
pub fn format(files: Vec<emit::File>, opts: &emit::Options) -> Result<Vec<OutputFile>, Error> {
    files.into_iter().map(|f| format::file(f, opts)).collect()
}

/// Stages 4 and 5 together, file by file, on all cores: what [`Generated::files`] runs. The same
/// bytes as `format(emit(..))`, in the same order.
///
/// [`Generated::files`]: crate::Generated::files
pub fn emit_and_format(api: &Api, opts: &emit::Options) -> Result<Vec<OutputFile>, Error> {
    let units = emit::plan(api, opts);
    let weights: Vec<usize> = units.iter().map(emit::Unit::weight).collect();
    on_all_cores(&weights, |i| {
        format::file(emit::file(api, opts, &units[i]), opts)
    })
    .into_iter()
    .collect()
}

/// Stages 4 and 5 for the single file a build script `include!`s
/// ([`Generated::module_source`]): its top-level items emitted and laid out on all cores, then
/// joined (prettyplease lays out a file's items one after the other).
///
/// [`Generated::module_source`]: crate::Generated::module_source
pub fn single_file(api: &Api, opts: &emit::Options) -> Result<String, Error> {
    let parts = emit::single_parts(api);
    let weights: Vec<usize> = parts.iter().map(|p| p.weight(api)).collect();
    let laid_out = on_all_cores(&weights, |i| {
        let (tokens, blocks) = emit::single_part(api, opts, &parts[i])?;
        format::layout(tokens, &blocks)
    });
    let mut body = String::new();
    for part in laid_out {
        body.push_str(&part.map_err(|m| Error::new(ErrorKind::Internal, m))?);
    }
    Ok(format!(
        "{}\n{}",
        crate::output::header("//", &opts.source_name, &opts.source_sha256),
        format::space_items(&body)
    ))
}

/// `job(i)` for every `i` in `0..weights.len()`, on as many threads as there are cores (this one
/// included), the heaviest jobs first; the results in index order, whatever ran where. Tokens
/// (`proc_macro2`) cannot move between threads, so each job makes its own.
fn on_all_cores<T: Send>(weights: &[usize], job: impl Fn(usize) -> T + Sync) -> Vec<T> {
    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZeroUsize::get)
        .min(weights.len());
    if threads <= 1 {
        return (0..weights.len()).map(job).collect();
    }
    let mut order: Vec<usize> = (0..weights.len()).collect();
    // Stable: equal weights keep their order.
    order.sort_by_key(|&i| std::cmp::Reverse(weights[i]));
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        while let Some(&i) = order.get(next.fetch_add(1, Ordering::Relaxed)) {
            done.push((i, job(i)));
        }
        done
    };
    let mut results: Vec<(usize, T)> = std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..threads).map(|_| scope.spawn(work)).collect();
        let mut all = work();
        for h in helpers {
            // A job that panicked panics here too, as it would have on this thread.
            match h.join() {
                Ok(done) => all.extend(done),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        all
    });
    results.sort_by_key(|(i, _)| *i);
    results.into_iter().map(|(_, r)| r).collect()
}

/// Stage 6: the files → `dir`, all or nothing.
pub fn write(dir: &Path, files: &[OutputFile], force: bool) -> Result<WriteReport, Error> {
    write::write_dir(dir, files, force)
}
