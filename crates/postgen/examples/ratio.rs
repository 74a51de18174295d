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
//!
//! Then, at process level (issue 19), for every collection of the corpus as it is and minified
//! (one line), and for synthetic ones of 1,000 and 10,000 requests with a warning on each and
//! large saved examples: `postgen generate FILE --out DIR --quiet` as a user runs it (the release
//! binary beside this example, or `$POSTGEN_BIN`; writing included, into an empty directory), as
//! a ratio to a process that only parses FILE into `serde_json::Value` (this example, re-run
//! with `--parse FILE`), the two run in turns; and its peak memory (GNU time's maximum resident
//! set size, where `/usr/bin/time` exists) as a multiple of the input's size. Targets: ≤ 9× the
//! floor, 10× the requests ≤ 11× the time, peak memory ≤ 10× the input. `RATIO_PROCESS_ONLY=1`
//! prints this table alone.

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
    let args: Vec<String> = std::env::args().collect();
    if let [_, flag, file] = args.as_slice() {
        if flag == "--parse" {
            let bytes = std::fs::read(file).expect("readable");
            std::hint::black_box(
                serde_json::from_slice::<serde_json::Value>(&bytes).expect("valid JSON"),
            );
            return;
        }
    }
    let corpus = std::env::var_os("POSTGEN_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus")
        });
    let runs: usize = std::env::var("RATIO_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(7);
    if std::env::var_os("RATIO_PROCESS_ONLY").is_some() {
        process_level(&corpus, runs);
        return;
    }
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
    let in_memory_growth = (growth(|r| r.crate_time), growth(|r| r.floor));
    // Memory effects make large inputs cost more than linear work predicts (the floor itself
    // grows more than 10x): its growth is printed beside ours.
    println!(
        "growth 1,000 → 10,000 requests: {:.2}x the time for 10x the requests (target ≤ 11x); \
         the floor grew {:.2}x",
        in_memory_growth.0, in_memory_growth.1,
    );
    // One form of 1,000 and of 10,000 fields in bracket notation: grouping stays linear in the
    // width of a form.
    let narrow = synthetic::wide_form(1_000);
    let wide = synthetic::wide_form(10_000);
    let a = measure("wide-form-1000", narrow.as_bytes(), runs);
    let b = measure("wide-form-10000", wide.as_bytes(), runs.min(5));
    println!(
        "growth 1,000 → 10,000 bracketed form fields: {:.2}x the time for 10x the fields \
         (target ≤ 11x); the floor grew {:.2}x",
        b.crate_time.as_secs_f64() / a.crate_time.as_secs_f64(),
        b.floor.as_secs_f64() / a.floor.as_secs_f64(),
    );
    process_level(&corpus, runs);
}

/// User plus system time of this process's waited-for children so far.
fn children_cpu() -> Duration {
    // SAFETY: getrusage only writes the struct it is given.
    let usage = unsafe {
        let mut u: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_CHILDREN, &mut u);
        u
    };
    let t = |tv: libc::timeval| Duration::new(tv.tv_sec as u64, tv.tv_usec as u32 * 1000);
    t(usage.ru_utime) + t(usage.ru_stime)
}

/// Runs `cmd` to success; its wall-clock and CPU time.
fn timed(mut cmd: std::process::Command) -> (Duration, Duration) {
    let cpu = children_cpu();
    let t = Instant::now();
    let status = cmd.status().expect("runs");
    let wall = t.elapsed();
    assert!(status.success(), "{cmd:?}: {status}");
    (wall, children_cpu() - cpu)
}

/// One input of the process-level table.
struct Input {
    name: String,
    path: PathBuf,
    size: usize,
}

/// The process-level table (see the module docs).
fn process_level(corpus: &std::path::Path, runs: usize) {
    let this = std::env::current_exe().expect("own path");
    let bin = std::env::var_os("POSTGEN_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| this.parent().unwrap().parent().unwrap().join("postgen"));
    println!();
    if !bin.exists() {
        println!(
            "(process level skipped: no {}; `cargo build --release -p postgen-cli`, or set POSTGEN_BIN)",
            bin.display()
        );
        return;
    }
    let work = std::env::temp_dir().join(format!("postgen-ratio-{}", std::process::id()));
    std::fs::create_dir_all(&work).expect("temp dir");
    let mut inputs = Vec::new();
    let mut corpus_files: Vec<PathBuf> = std::fs::read_dir(corpus)
        .map(|d| {
            d.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.to_string_lossy().ends_with(".postman_collection.json"))
                .collect()
        })
        .unwrap_or_default();
    corpus_files.sort();
    for p in corpus_files {
        let bytes = std::fs::read(&p).expect("readable");
        let stem = p
            .file_name()
            .unwrap()
            .to_string_lossy()
            .replace(".postman_collection.json", "");
        let value: serde_json::Value = serde_json::from_slice(&bytes).expect("valid JSON");
        let min = work.join(format!("{stem}.min.postman_collection.json"));
        std::fs::write(&min, serde_json::to_vec(&value).unwrap()).unwrap();
        inputs.push(Input {
            name: stem.clone(),
            size: bytes.len(),
            path: p,
        });
        let size = std::fs::metadata(&min).unwrap().len() as usize;
        inputs.push(Input {
            name: format!("{stem} (minified)"),
            path: min,
            size,
        });
    }
    for n in [1_000, 10_000] {
        let text = synthetic::heavy(n);
        let path = work.join(format!("heavy-{n}.postman_collection.json"));
        std::fs::write(&path, &text).unwrap();
        inputs.push(Input {
            name: format!("synthetic-heavy-{n}"),
            path,
            size: text.len(),
        });
    }
    println!(
        "{:<38} {:>6} {:>8} {:>8} {:>7} {:>8} {:>8} {:>7} {:>7} {:>6}",
        "process level (median ms)",
        "KB",
        "floor",
        "generate",
        "ratio",
        "floorCPU",
        "gen CPU",
        "ratio",
        "peak MB",
        "÷input"
    );
    let time_available = std::path::Path::new("/usr/bin/time").exists();
    let mut worst: Vec<(f64, f64, String)> = Vec::new();
    let mut heavy = Vec::new();
    for input in &inputs {
        let out = work.join("out");
        let floor_once = || {
            let mut c = std::process::Command::new(&this);
            c.arg("--parse").arg(&input.path);
            timed(c)
        };
        let generate_cmd = |out: &std::path::Path| {
            let mut c = std::process::Command::new(&bin);
            c.arg("generate")
                .arg(&input.path)
                .arg("--out")
                .arg(out)
                .arg("--quiet")
                .stdout(std::process::Stdio::null());
            c
        };
        let generate_once = || {
            let _ = std::fs::remove_dir_all(&out);
            timed(generate_cmd(&out))
        };
        let (mut floors, mut gens) = (Vec::new(), Vec::new());
        floor_once();
        generate_once();
        for _ in 0..runs {
            floors.push(floor_once());
            gens.push(generate_once());
        }
        let median = |v: &[(Duration, Duration)], cpu: bool| {
            let mut d: Vec<Duration> = v.iter().map(|p| if cpu { p.1 } else { p.0 }).collect();
            d.sort();
            d[d.len() / 2]
        };
        let (floor, generate) = (median(&floors, false), median(&gens, false));
        let (floor_cpu, generate_cpu) = (median(&floors, true), median(&gens, true));
        let cpu_ratio = generate_cpu.as_secs_f64() / floor_cpu.as_secs_f64().max(1e-6);
        let ratio = generate.as_secs_f64() / floor.as_secs_f64();
        let peak_kb = time_available.then(|| {
            let _ = std::fs::remove_dir_all(&out);
            let rss = work.join("rss");
            let c = generate_cmd(&out);
            let args: Vec<std::ffi::OsString> = std::iter::once(c.get_program().to_owned())
                .chain(c.get_args().map(|a| a.to_owned()))
                .collect();
            let ok = std::process::Command::new("/usr/bin/time")
                .arg("-f")
                .arg("%M")
                .arg("-o")
                .arg(&rss)
                .args(&args)
                .stdout(std::process::Stdio::null())
                .status()
                .is_ok_and(|s| s.success());
            assert!(ok);
            std::fs::read_to_string(&rss)
                .ok()
                .and_then(|t| t.trim().lines().last()?.parse::<f64>().ok())
                .unwrap_or(0.0)
        });
        let (peak, per_input) = match peak_kb {
            Some(kb) => (
                format!("{:7.1}", kb / 1024.0),
                format!("{:6.1}x", kb * 1024.0 / input.size as f64),
            ),
            None => ("      -".to_owned(), "      -".to_owned()),
        };
        println!(
            "{:<38} {:>6} {} {} {:6.1}x {} {} {:6.1}x {peak} {per_input}",
            input.name,
            input.size / 1024,
            ms(floor),
            ms(generate),
            ratio,
            ms(floor_cpu),
            ms(generate_cpu),
            cpu_ratio,
        );
        if !input.name.starts_with("synthetic") {
            worst.push((ratio, cpu_ratio, input.name.clone()));
        }
        if input.name.starts_with("synthetic") {
            heavy.push((generate, floor, generate_cpu, floor_cpu));
        }
    }
    let by = |cpu: bool| {
        worst
            .iter()
            .max_by(|a, b| {
                let (x, y) = if cpu { (a.1, b.1) } else { (a.0, b.0) };
                x.total_cmp(&y)
            })
            .map(|w| (if cpu { w.1 } else { w.0 }, w.2.clone()))
            .unwrap_or_default()
    };
    let (wall, cpu) = (by(false), by(true));
    println!(
        "worst corpus ratio (target ≤ 9x): wall-clock {:.1}x ({}), CPU time {:.1}x ({})",
        wall.0, wall.1, cpu.0, cpu.1
    );
    if let [(g1, f1, c1, fc1), (g10, f10, c10, fc10)] = heavy.as_slice() {
        let x = |a: &Duration, b: &Duration| a.as_secs_f64() / b.as_secs_f64();
        println!(
            "process-level growth 1,000 → 10,000 heavy requests (target ≤ 11x): wall-clock \
             {:.2}x (the floor {:.2}x), CPU time {:.2}x (the floor {:.2}x)",
            x(g10, g1),
            x(f10, f1),
            x(c10, c1),
            x(fc10, fc1),
        );
    }
    let _ = std::fs::remove_dir_all(&work);
}
