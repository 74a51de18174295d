//! The pipeline, one function per stage. [`Builder`](crate::Builder) runs these and so do the
//! benches (`benches/stages.rs`), so what is measured is what runs: there is one pipeline.
//!
//! `parse` → `read` → `model` → `infer` → `emit` → `format` → `write`, each stage taking what
//! the one before returned. [`emit_and_format`] runs the two stages that make the files, file by
//! file, on every core (the files are independent; the result does not depend on the scheduling).
//! Not a stable API: it exists for the benches.

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::emit;
use crate::error::{Error, ErrorKind, Location};
use crate::format;
use crate::infer;
use crate::json::{self, LineIndex};
use crate::locate;
use crate::model::{self, Api};
use crate::read::{self, Collection};
use crate::write::{self, OutputFile, WriteReport};

pub use crate::diag::Findings;

/// The input as text and its spanned JSON tree.
pub struct Parsed<'a> {
    pub text: &'a str,
    pub root: json::Value<'a>,
}

impl Parsed<'_> {
    /// Where `span` is, for a message: line, column and JSON path. `lines` is built on demand:
    /// most runs report nothing and never need it.
    pub(crate) fn locate(&self, lines: &mut Option<LineIndex>, span: json::Span) -> Location {
        let lines = lines.get_or_insert_with(|| LineIndex::new(self.text));
        locate::locate(self.text, lines, &self.root, span)
    }

    fn error(&self, f: crate::diag::Finding) -> Error {
        let mut err = Error::new(ErrorKind::Input, f.message);
        err.location = Some(self.locate(&mut None, f.span));
        err
    }
}

/// Stage 1: bytes → text → spanned JSON.
pub fn parse(bytes: &[u8]) -> Result<Parsed<'_>, Error> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let offset = e.valid_up_to();
        let valid = std::str::from_utf8(&bytes[..offset]).unwrap_or_default();
        let (line, column) = LineIndex::new(valid).line_col(valid, offset);
        let mut err = Error::new(ErrorKind::Syntax, "the file is not UTF-8 text");
        err.location = Some(Location {
            json_path: String::new(),
            line,
            column,
        });
        err
    })?;
    let root = json::parse(text, json::Options::default()).map_err(|e| {
        let (line, column) = LineIndex::new(text).line_col(text, e.offset);
        let mut err = Error::new(ErrorKind::Syntax, format!("invalid JSON: {}", e.message));
        err.location = Some(Location {
            json_path: locate::path_at(text, e.offset),
            line,
            column,
        });
        err
    })?;
    Ok(Parsed { text, root })
}

/// Stage 2: JSON → the collection.
pub fn read<'a>(parsed: &Parsed<'a>, findings: &mut Findings) -> Result<Collection<'a>, Error> {
    read::read(&parsed.root, findings).map_err(|f| parsed.error(f))
}

/// Stage 3: the collection → the API model (`environment`: a Postman environment's values).
pub fn model(
    parsed: &Parsed<'_>,
    collection: &Collection<'_>,
    environment: &[(String, String)],
    findings: &mut Findings,
) -> Result<Api, Error> {
    model::build(collection, environment, findings).map_err(|f| parsed.error(f))
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
/// bytes as [`format`]`(`[`emit`]`(..))`, in the same order.
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
        format::header("//", &opts.source_name, &opts.source_sha256),
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
