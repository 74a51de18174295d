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
//! time. Run on an otherwise idle machine: the medians are of wall-clock time, the floor and the
//! full runs timed in turns. `RATIO_RUNS` sets the number of runs (default 7).

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

/// The wall-clock time of one call of `f`.
fn once<T>(f: impl FnOnce() -> T) -> Duration {
    let start = Instant::now();
    std::hint::black_box(f());
    start.elapsed()
}

fn ms(d: Duration) -> String {
    format!("{:8.1}", d.as_secs_f64() * 1e3)
}

struct Row {
    floor: Duration,
    crate_time: Duration,
}

fn measure(name: &str, bytes: &[u8], runs: usize) -> Row {
    let builder = Builder::new();
    let env: Vec<(String, String)> = Vec::new();
    // The floor and the two full runs are timed in turns, run after run, so that whatever else
    // the machine does (and the allocator's state) weighs on them alike.
    let floor_once = || serde_json::from_slice::<serde_json::Value>(bytes).expect("valid JSON");
    let crate_once = || {
        builder
            .generate_from_bytes(name, bytes)
            .and_then(|g| g.files())
            .expect("generates")
    };
    let single_once = || {
        builder
            .generate_from_bytes(name, bytes)
            .and_then(|g| g.module_source())
            .expect("generates")
    };
    let (mut floors, mut crates, mut singles) = (Vec::new(), Vec::new(), Vec::new());
    // One warm-up round, untimed.
    std::hint::black_box((floor_once(), crate_once(), single_once()));
    for _ in 0..runs {
        floors.push(once(floor_once));
        crates.push(once(crate_once));
        singles.push(once(single_once));
    }
    let mid = |mut v: Vec<Duration>| {
        v.sort();
        v[v.len() / 2]
    };
    let (floor, crate_time, single) = (mid(floors), mid(crates), mid(singles));
    // The stages one by one, for where the time goes (one core each, but for none).
    let input = stages::Input::from_bytes(name, bytes, None).expect("UTF-8");
    let parse = median(runs, || {
        let input = stages::Input::from_bytes(name, bytes, None).expect("UTF-8");
        stages::parse(&input).map(|p| p.collection.root.span).ok()
    });
    let parsed = stages::parse(&input).expect("parses");
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
    let generated = builder.generate_from_bytes(name, bytes).expect("generates");
    let emit = median(runs, || stages::emit(generated.api(), generated.options()));
    let format = median(runs, || {
        stages::format(
            stages::emit(generated.api(), generated.options()),
            generated.options(),
        )
    })
    .saturating_sub(emit);
    let ratio = |d: Duration| d.as_secs_f64() / floor.as_secs_f64();
    let short = name.trim_end_matches(".postman_collection.json");
    println!(
        "{short:<26} {:>6} {} {} {} {} {} {} {} {} {:6.1}x {:6.1}x",
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
    Row { floor, crate_time }
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
        "{:<26} {:>6} {:>8} {:>8} {:>8} {:>8} {:>8} {:>8} {:>8} {:>8} {:>7} {:>7}",
        "collection (median ms)",
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
        runs.min(5),
    );
    let growth = |f: fn(&Row) -> Duration| f(&b).as_secs_f64() / f(&a).as_secs_f64();
    // Memory effects make large inputs cost more than linear work predicts (the floor itself
    // grows more than 10x): its growth is printed beside ours.
    println!(
        "growth 1,000 → 10,000 requests: {:.2}x the time for 10x the requests (target ≤ 11x); \
         the floor grew {:.2}x",
        growth(|r| r.crate_time),
        growth(|r| r.floor),
    );
}
