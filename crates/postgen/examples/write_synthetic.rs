//! Writes the synthetic collections of the benches to files, for profiling `postgen generate` on
//! them: `cargo run --release -p postgen --example write_synthetic -- DIR`.

#[path = "../benches/support/synthetic.rs"]
mod synthetic;

fn main() {
    let dir =
        std::path::PathBuf::from(std::env::args().nth(1).expect("usage: write_synthetic DIR"));
    std::fs::create_dir_all(&dir).expect("creates DIR");
    for n in [1_000, 10_000] {
        for (kind, text) in [
            ("plain", synthetic::collection(n)),
            ("heavy", synthetic::heavy(n)),
        ] {
            let path = dir.join(format!("synthetic-{kind}-{n}.postman_collection.json"));
            std::fs::write(&path, text).expect("writes");
            println!("{}", path.display());
        }
    }
}
