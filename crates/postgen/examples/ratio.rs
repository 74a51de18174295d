//! Generation time as a ratio to merely parsing the same file into `serde_json::Value`, so the
//! figure does not depend on the machine; and how time grows from 1,000 to 10,000 requests.
//!
//! ```sh
//! cargo run --release -p postgen --example ratio              # corpus in ../shared/corpus
//! POSTGEN_CORPUS=/path/to/corpus cargo run --release -p postgen --example ratio
//! ```
//!
//! For each collection of the corpus of at least 300 KB and the synthetic ones it prints the
//! median of several runs of: parsing into `serde_json::Value` (the floor), each stage, the whole
//! crate in memory (`Builder::generate` + `Generated::files`, what `postgen generate` does before
//! it writes), and the single file a build script writes (`Generated::module_source`), with both
//! as a ratio to the floor. Targets (issue 7): crate ≤ 3× the floor; 10× the requests ≤ 11× the
//! time. Run on an otherwise idle machine: the medians are of wall-clock time.

#[path = "../benches/support/synthetic.rs"]
mod synthetic;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use postgen::{Builder, stages};

/// The median wall-clock time of `runs` calls of `f` (after one warm-up call).
fn median<T>(runs: usize, mut f: impl FnMut() -> T) -> Duration {
    std::hint::black_box(f());
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(f());
            start.elapsed()
        })
        .collect();
    times.sort();
    times[times.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:8.1}", d.as_secs_f64() * 1e3)
}

struct Row {
    crate_time: Duration,
}

fn measure(name: &str, bytes: &[u8], runs: usize) -> Row {
    let builder = Builder::new();
    let env: Vec<(String, String)> = Vec::new();
    let floor = median(runs, || {
        serde_json::from_slice::<serde_json::Value>(bytes).expect("valid JSON")
    });
    let parse = median(runs, || stages::parse(bytes).map(|p| p.root).ok());
    let parsed = stages::parse(bytes).expect("parses");
    let read = median(runs, || {
        stages::read(&parsed, &mut stages::Findings::default()).is_ok()
    });
    let collection = stages::read(&parsed, &mut stages::Findings::default()).expect("reads");
    let model = median(runs, || {
        let mut f = stages::Findings::default();
        let mut api = stages::model(&parsed, &collection, &env, &mut f).expect("model");
        stages::infer(&mut api, &mut f);
        api
    });
    let generated = postgen::generate_from_bytes(bytes, name, &env, &builder).expect("generates");
    let emit = median(runs, || stages::emit(generated.api(), generated.options()));
    let format = median(runs, || {
        stages::format(
            stages::emit(generated.api(), generated.options()),
            generated.options(),
        )
    })
    .saturating_sub(emit);
    let crate_time = median(runs, || {
        postgen::generate_from_bytes(bytes, name, &env, &builder)
            .and_then(|g| g.files())
            .expect("generates")
    });
    let single = median(runs, || {
        postgen::generate_from_bytes(bytes, name, &env, &builder)
            .and_then(|g| g.module_source())
            .expect("generates")
    });
    let ratio = |d: Duration| d.as_secs_f64() / floor.as_secs_f64();
    println!(
        "{name:<44} {:>6} {} {} {} {} {} {} {} {} {:6.1}x {:6.1}x",
        bytes.len() / 1024,
        ms(floor),
        ms(parse),
        ms(read),
        ms(model),
        ms(emit),
        ms(format),
        ms(crate_time),
        ms(single),
        ratio(crate_time),
        ratio(single),
    );
    Row { crate_time }
}

fn main() {
    let corpus = std::env::var_os("POSTGEN_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus")
        });
    let runs: usize = std::env::var("RATIO_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(7);
    println!(
        "{:<44} {:>6} {:>8} {:>8} {:>8} {:>8} {:>8} {:>8} {:>8} {:>8} {:>7} {:>7}",
        "collection (median ms of runs)",
        "KB",
        "serde",
        "parse",
        "read",
        "model+i",
        "emit",
        "format",
        "crate",
        "single",
        "crate/s",
        "single/s"
    );
    let mut collections: Vec<(String, Vec<u8>)> = match std::fs::read_dir(&corpus) {
        Ok(dir) => dir
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .filter(|p| p.to_string_lossy().ends_with(".postman_collection.json"))
            .filter_map(|p| {
                let bytes = std::fs::read(&p).ok()?;
                let name = p.file_name()?.to_string_lossy().into_owned();
                (bytes.len() >= 300 * 1024).then_some((name, bytes))
            })
            .collect(),
        Err(_) => {
            println!("(no corpus at {}: set POSTGEN_CORPUS)", corpus.display());
            Vec::new()
        }
    };
    collections.sort_by_key(|(_, b)| std::cmp::Reverse(b.len()));
    for (name, bytes) in &collections {
        measure(name, bytes, runs);
    }
    let small = synthetic::collection(1_000);
    let large = synthetic::collection(10_000);
    let a = measure(
        "synthetic-1000.postman_collection.json",
        small.as_bytes(),
        runs,
    );
    let b = measure(
        "synthetic-10000.postman_collection.json",
        large.as_bytes(),
        runs.min(3),
    );
    println!(
        "growth 1,000 → 10,000 requests: {:.2}x the time for 10x the requests (target ≤ 11x)",
        b.crate_time.as_secs_f64() / a.crate_time.as_secs_f64()
    );
}
