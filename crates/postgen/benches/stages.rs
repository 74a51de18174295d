//! Each stage of the pipeline (`postgen::stages`, the functions `Builder` runs) on the largest
//! collections of the corpus (Stripe 3.6 MB, Zoom 2.3 MB) and on synthetic collections of 1,000
//! and 10,000 requests, beside the floor: parsing the same bytes into `serde_json::Value`.
//!
//! ```sh
//! cargo bench -p postgen --bench stages                 # everything (a few minutes)
//! cargo bench -p postgen --bench stages -- stripe       # one input
//! cargo bench -p postgen --bench stages -- emit_and     # one stage
//! ```
//!
//! The corpus is read from `$POSTGEN_CORPUS` (default `../../../shared/corpus` from this crate,
//! i.e. the `shared/corpus` beside the repository); without it the corpus inputs are skipped
//! with a message. The synthetic collections are generated here, the same bytes every run
//! (`support/synthetic.rs`). `emit_and_format` and `single_file` use every core; the other
//! stages one.

#[path = "support/synthetic.rs"]
mod synthetic;

use std::path::PathBuf;
use std::sync::LazyLock;

use divan::Bencher;
use postgen::{Builder, Generated, stages};

fn main() {
    divan::main();
}

/// The corpus collections benched, by short name.
const CORPUS: &[(&str, &str)] = &[
    ("stripe", "stripe-api.postman_collection.json"),
    ("zoom", "zoom-api-v2.postman_collection.json"),
];

/// Every input: short name → bytes.
static INPUTS: LazyLock<Vec<(&'static str, Vec<u8>)>> = LazyLock::new(|| {
    let dir = std::env::var_os("POSTGEN_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus")
        });
    let mut inputs = Vec::new();
    for (name, file) in CORPUS {
        match std::fs::read(dir.join(file)) {
            Ok(bytes) => inputs.push((*name, bytes)),
            Err(e) => eprintln!(
                "skipping {name}: cannot read {} ({e}); set POSTGEN_CORPUS",
                dir.join(file).display()
            ),
        }
    }
    inputs.push(("synthetic-1000", synthetic::collection(1_000).into_bytes()));
    inputs.push((
        "synthetic-10000",
        synthetic::collection(10_000).into_bytes(),
    ));
    inputs
});

fn names() -> Vec<&'static str> {
    INPUTS.iter().map(|(n, _)| *n).collect()
}

fn bytes(name: &str) -> &'static [u8] {
    INPUTS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, b)| b.as_slice())
        .expect("a known input")
}

/// The model of each input, made once (for the stages after it).
static GENERATED: LazyLock<Vec<(&'static str, Generated)>> = LazyLock::new(|| {
    INPUTS
        .iter()
        .map(|(name, bytes)| {
            let g = (Builder::new().generate_from_bytes(name, bytes)).expect("the input generates");
            (*name, g)
        })
        .collect()
});

fn generated(name: &str) -> &'static Generated {
    GENERATED
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, g)| g)
        .expect("a known input")
}

/// The floor the issue's targets are stated against.
#[divan::bench(args = names(), sample_count = 10)]
fn serde_json_value(bencher: Bencher, name: &str) {
    let b = bytes(name);
    bencher.bench(|| serde_json::from_slice::<serde_json::Value>(b).expect("JSON"));
}

#[divan::bench(args = names(), sample_count = 10)]
fn parse(bencher: Bencher, name: &str) {
    let b = bytes(name);
    bencher.bench(|| {
        let input = stages::Input::from_bytes(name, b, None).expect("UTF-8");
        stages::parse(&input)
            .map(|p| p.collection.root.span)
            .expect("parses")
    });
}

#[divan::bench(args = names(), sample_count = 10)]
fn read(bencher: Bencher, name: &str) {
    let input = stages::Input::from_bytes(name, bytes(name), None).expect("UTF-8");
    let parsed = stages::parse(&input).expect("parses");
    bencher.bench(|| {
        stages::read(&parsed, &mut stages::Findings::default())
            .map(|c| c.items.len())
            .expect("reads")
    });
}

#[divan::bench(args = names(), sample_count = 10)]
fn model(bencher: Bencher, name: &str) {
    let input = stages::Input::from_bytes(name, bytes(name), None).expect("UTF-8");
    let parsed = stages::parse(&input).expect("parses");
    let collection = stages::read(&parsed, &mut stages::Findings::default()).expect("reads");
    bencher.bench(|| {
        stages::model(&parsed, &collection, &[], &mut stages::Findings::default()).expect("builds")
    });
}

#[divan::bench(args = names(), sample_count = 10)]
fn infer(bencher: Bencher, name: &str) {
    let input = stages::Input::from_bytes(name, bytes(name), None).expect("UTF-8");
    let parsed = stages::parse(&input).expect("parses");
    let collection = stages::read(&parsed, &mut stages::Findings::default()).expect("reads");
    bencher
        .with_inputs(|| {
            stages::model(&parsed, &collection, &[], &mut stages::Findings::default())
                .expect("builds")
        })
        .bench_local_refs(|api| stages::infer(api, &mut stages::Findings::default()));
}

#[divan::bench(args = names(), sample_count = 5)]
fn emit(bencher: Bencher, name: &str) {
    let g = generated(name);
    bencher.bench_local(|| stages::emit(g.api(), g.options()));
}

/// One core: the files emitted before, outside the timing.
#[divan::bench(args = names(), sample_count = 5)]
fn format(bencher: Bencher, name: &str) {
    let g = generated(name);
    bencher
        .with_inputs(|| stages::emit(g.api(), g.options()))
        .bench_local_values(|files| stages::format(files, g.options()).expect("formats"));
}

/// Emit and format together on every core: what `Generated::files` (and `postgen generate`) runs.
#[divan::bench(args = names(), sample_count = 5)]
fn emit_and_format(bencher: Bencher, name: &str) {
    let g = generated(name);
    bencher.bench_local(|| stages::emit_and_format(g.api(), g.options()).expect("formats"));
}

/// The one file a build script writes (`Builder::compile`), on every core.
#[divan::bench(args = names(), sample_count = 5)]
fn single_file(bencher: Bencher, name: &str) {
    let g = generated(name);
    bencher.bench_local(|| stages::single_file(g.api(), g.options()).expect("formats"));
}

/// Writing the crate into a new directory (every file written and synced).
#[divan::bench(args = names(), sample_count = 5)]
fn write(bencher: Bencher, name: &str) {
    let files = generated(name).files().expect("formats");
    bencher
        .with_inputs(|| tempfile::tempdir().expect("a temporary directory"))
        .bench_local_values(|dir| {
            stages::write(dir.path(), &files, false).expect("writes");
            dir
        });
}

/// Everything `postgen generate` does before it writes, from the bytes.
#[divan::bench(args = names(), sample_count = 5)]
fn generate(bencher: Bencher, name: &str) {
    let b = bytes(name);
    bencher.bench_local(|| {
        (Builder::new().generate_from_bytes(name, b))
            .and_then(|g| g.files())
            .expect("generates")
    });
}
