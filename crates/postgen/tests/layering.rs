//! The generator's files depend on each other in one direction: no file reaches, through the
//! paths it uses (`use crate::…`, `super::…`, `crate::x::y` in code), a file that reaches it
//! back. A module may use its own sub-modules and they may use it (a parent owns its children);
//! every other cycle fails this test, which names it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// A module path (`["model", "build"]`) for every `.rs` file under `src/`, and its text.
fn modules(src: &Path) -> BTreeMap<Vec<String>, String> {
    let mut out = BTreeMap::new();
    let mut stack = vec![src.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                let rel: PathBuf = p.strip_prefix(src).unwrap().with_extension("");
                let mut path: Vec<String> = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                if matches!(path.last().map(String::as_str), Some("mod" | "lib")) {
                    path.pop();
                }
                out.insert(path, std::fs::read_to_string(&p).unwrap());
            }
        }
    }
    out
}

/// The paths a file names, `crate::…` and `super::…` resolved to module paths (comments skipped).
fn references(module: &[String], text: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for line in text.lines() {
        let code = line.split("//").next().unwrap_or("");
        for (start, _) in code
            .match_indices("crate::")
            .chain(code.match_indices("super::"))
        {
            let before = code[..start].chars().next_back();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
                continue;
            }
            let path: Vec<&str> = code[start..]
                .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
                .next()
                .unwrap_or("")
                .split("::")
                .filter(|s| !s.is_empty())
                .collect();
            let mut resolved: Vec<String> = module.to_vec();
            for seg in path {
                match seg {
                    "crate" => resolved.clear(),
                    "super" => {
                        resolved.pop();
                    }
                    "self" => {}
                    s => resolved.push(s.to_owned()),
                }
            }
            out.push(resolved);
        }
    }
    out
}

#[test]
fn no_file_of_the_generator_depends_on_itself() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let modules = modules(&src);
    assert!(modules.len() > 30, "found only {} files", modules.len());
    // Each file → the files it uses: the longest known module that is a prefix of each path.
    let mut edges: BTreeMap<&Vec<String>, BTreeSet<&Vec<String>>> = BTreeMap::new();
    for (m, text) in &modules {
        let targets = edges.entry(m).or_default();
        for r in references(m, text) {
            let Some(t) = (0..=r.len())
                .rev()
                .find_map(|n| modules.get_key_value(&r[..n]))
            else {
                continue;
            };
            let (t, _) = t;
            // A module and its own sub-modules belong together.
            if t.starts_with(m) || m.starts_with(t) {
                continue;
            }
            targets.insert(t);
        }
    }
    let mut cycles = Vec::new();
    for &start in edges.keys() {
        // Depth-first search for a way back to `start`.
        let mut stack: Vec<Vec<&Vec<String>>> = vec![vec![start]];
        let mut seen = BTreeSet::new();
        while let Some(path) = stack.pop() {
            let last = *path.last().unwrap();
            for &next in edges.get(last).into_iter().flatten() {
                if next == start {
                    let names: Vec<String> = path.iter().map(|p| p.join("::")).collect();
                    cycles.push(format!("{} -> {}", names.join(" -> "), start.join("::")));
                } else if seen.insert(next) {
                    let mut longer = path.clone();
                    longer.push(next);
                    stack.push(longer);
                }
            }
        }
    }
    cycles.sort();
    cycles.dedup();
    assert!(cycles.is_empty(), "import cycles:\n{}", cycles.join("\n"));
}
