//! postgen's table of the types newman gives binary bodies (`postgen::model::mime`) against
//! newman's own `mime-types`, extension by extension. Needs newman (`POSTGEN_NEWMAN`, as for
//! `tests/newman.rs`, and Node.js); without it the test says so and passes.

use std::path::Path;
use std::process::Command;

use postgen::model::mime;

#[test]
fn the_mime_table_is_newmans() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let Some(newman) = std::env::var_os("POSTGEN_NEWMAN").map(|p| repo.join(p)) else {
        println!("skipped: POSTGEN_NEWMAN is not set (see tests/newman.rs)");
        return;
    };
    let real = std::fs::canonicalize(&newman).unwrap_or(newman);
    let node_modules = real
        .ancestors()
        .find(|a| a.file_name().is_some_and(|n| n == "node_modules"))
        .expect("newman is not inside a node_modules directory");
    let samples = [
        "a.gz",
        "x/y.tar.gz",
        "R.PDF",
        "json",
        ".gz",
        "d/.gz",
        "noext",
        "file.",
        "b.weird",
    ];
    let script = "const [mt, ...samples] = process.argv.slice(1); const m = require(mt);\n\
        const table = Object.keys(m.types).sort().map(e => e + '\\t' + m.types[e]);\n\
        const looked = samples.map(s => s + '\\t' + (m.lookup(s) || 'application/octet-stream'));\n\
        console.log(JSON.stringify({table, looked}));";
    let out = Command::new("node")
        .arg("-e")
        .arg(script)
        .arg(node_modules.join("mime-types"))
        .args(samples)
        .output()
        .expect("cannot run node");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let theirs: Vec<&str> = v["table"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_str().unwrap())
        .collect();
    let ours: Vec<String> = mime::BY_EXTENSION
        .iter()
        .map(|(e, t)| format!("{e}\t{t}"))
        .collect();
    if theirs != ours {
        let table: String = theirs
            .iter()
            .map(|l| {
                let (e, t) = l.split_once('\t').unwrap();
                format!("    ({e:?}, {t:?}),\n")
            })
            .collect();
        panic!("newman's mime-types differs from postgen's table; the table anew:\n{table}");
    }
    for l in v["looked"].as_array().unwrap() {
        let (src, ty) = l.as_str().unwrap().split_once('\t').unwrap();
        assert_eq!(mime::of_file(src), ty, "{src}");
    }
}
