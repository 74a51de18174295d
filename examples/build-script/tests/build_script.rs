//! This crate's `build.rs`, run by cargo on a copy of the crate in a temporary directory (its
//! library only `include_str!`s the generated file, so the copy builds postgen and nothing
//! else; the builds share one target directory under `target/tmp`, and use the workspace's
//! lockfile, offline):
//!
//! - a build with nothing changed does not run the build script again; touching the collection
//!   or the environment file does, touching another file of the crate does not;
//! - a broken collection fails the build with `file:line:column`, the message and the JSON path
//!   in cargo's output;
//! - postgen's warnings show as cargo warnings;
//! - for a v3 collection (a directory), editing, adding or removing one request file reruns the
//!   build script, and the client shows the change.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::SystemTime;

const COLLECTION: &str = "zoom-live-stream.postman_collection.json";
const ENVIRONMENT: &str = "zoom.postman_environment.json";
const SIGNED: &str = "wire-auth.postman_collection.json";
const V3: &str = "v3-shop";
const V3_ENVIRONMENT: &str = "shop.environment.yaml";

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let p = e.unwrap().path();
        let target = to.join(p.file_name().unwrap());
        if p.is_dir() {
            copy_dir(&p, &target);
        } else {
            std::fs::copy(&p, &target).unwrap();
        }
    }
}

fn here() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn workspace() -> PathBuf {
    here().join("../..").canonicalize().unwrap()
}

/// A copy of this crate at `<tmp>/examples/build-script`, with the collection at
/// `<tmp>/collections/`, where `build.rs` (copied unchanged) expects it.
struct Downstream {
    _tmp: tempfile::TempDir,
    name: &'static str,
    dir: PathBuf,
    collection: PathBuf,
}

impl Downstream {
    /// `name`: the package's name, one per test (the tests share a target directory and run in
    /// parallel).
    fn new(name: &'static str, collection: &[u8]) -> Downstream {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("examples/build-script");
        std::fs::create_dir_all(dir.join("src")).unwrap();
        std::fs::create_dir_all(tmp.path().join("collections")).unwrap();
        let collection_path = tmp.path().join("collections").join(COLLECTION);
        std::fs::write(&collection_path, collection).unwrap();
        // The second collection `build.rs` reads, as it is.
        std::fs::copy(
            workspace().join("collections").join(SIGNED),
            tmp.path().join("collections").join(SIGNED),
        )
        .unwrap();
        // And the v3 collection directory, with its environment.
        copy_dir(
            &workspace().join("collections").join(V3),
            &tmp.path().join("collections").join(V3),
        );
        std::fs::copy(here().join(V3_ENVIRONMENT), dir.join(V3_ENVIRONMENT)).unwrap();
        std::fs::copy(here().join("build.rs"), dir.join("build.rs")).unwrap();
        std::fs::copy(here().join(ENVIRONMENT), dir.join(ENVIRONMENT)).unwrap();
        std::fs::copy(workspace().join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
        let postgen = workspace().join("crates/postgen");
        std::fs::write(
            dir.join("Cargo.toml"),
            format!(
                "[package]\nname = {name:?}\nversion = \"0.1.0\"\nedition = \"2024\"\n\
                 publish = false\n\n[build-dependencies]\npostgen = {{ path = {:?} }}\n\n\
                 [workspace]\n",
                postgen.display().to_string(),
            ),
        )
        .unwrap();
        std::fs::write(
            dir.join("src/lib.rs"),
            "pub const GENERATED: &str = include_str!(concat!(env!(\"OUT_DIR\"), \"/zoom.rs\"));\n",
        )
        .unwrap();
        Downstream {
            _tmp: tmp,
            name,
            dir,
            collection: collection_path,
        }
    }

    /// `cargo build -v`: whether it succeeded, stdout (JSON messages) and stderr.
    fn build(&self) -> Build {
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let out = Command::new(cargo)
            .args(["build", "-v", "--offline", "--message-format=json"])
            .current_dir(&self.dir)
            .env(
                "CARGO_TARGET_DIR",
                Path::new(env!("CARGO_TARGET_TMPDIR")).join("downstream"),
            )
            .env("CARGO_TERM_COLOR", "never")
            .env_remove("OUT_DIR")
            .env_remove("RUSTC_WORKSPACE_WRAPPER")
            .output()
            .expect("run cargo");
        Build {
            name: self.name,
            ok: out.status.success(),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }
}

struct Build {
    name: &'static str,
    ok: bool,
    stdout: String,
    stderr: String,
}

impl Build {
    /// Whether cargo ran the package's build script (not its compilation: its run).
    fn ran_build_script(&self) -> bool {
        let dir = format!("/build/{}-", self.name);
        self.stderr.lines().any(|l| {
            l.trim_start().starts_with("Running `")
                && l.contains(&dir)
                && l.contains("build-script-build")
        })
    }

    fn fresh(&self) -> bool {
        let fresh = format!("Fresh {} v0.1.0", self.name);
        self.stderr
            .lines()
            .any(|l| l.trim_start().starts_with(&fresh))
    }

    /// `OUT_DIR` of the build script, from cargo's JSON messages.
    fn out_dir(&self) -> PathBuf {
        let line = self
            .stdout
            .lines()
            .find(|l| l.contains("\"reason\":\"build-script-executed\"") && l.contains(self.name))
            .unwrap_or_else(|| panic!("no build-script-executed message:\n{}", self.stdout));
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        PathBuf::from(v["out_dir"].as_str().unwrap())
    }

    fn log(&self) -> String {
        format!("--- stderr\n{}", self.stderr)
    }
}

/// Sets `path`'s modification time to now, as `touch` does.
fn touch(path: &Path) {
    let f = std::fs::File::options().write(true).open(path).unwrap();
    f.set_modified(SystemTime::now()).unwrap();
}

fn seed() -> Vec<u8> {
    std::fs::read(workspace().join("collections").join(COLLECTION)).unwrap()
}

#[test]
fn regenerates_when_an_input_changes_and_only_then() {
    let d = Downstream::new("downstream-rebuild", &seed());
    let env = d.dir.join(ENVIRONMENT);
    let lib = d.dir.join("src/lib.rs");

    let first = d.build();
    assert!(first.ok, "{}", first.log());
    assert!(first.ran_build_script(), "{}", first.log());
    let out = first.out_dir().join("zoom.rs");
    let generated = std::fs::read_to_string(&out).unwrap();
    assert!(
        generated.starts_with("// Generated by postgen "),
        "{generated}"
    );
    let again = d.build();
    assert!(again.ok, "{}", again.log());
    assert!(
        !again.ran_build_script(),
        "nothing changed: {}",
        again.log()
    );
    assert!(again.fresh(), "{}", again.log());

    // Another file of the crate: the crate is rebuilt, the client is not regenerated.
    touch(&lib);
    let lib_only = d.build();
    assert!(lib_only.ok, "{}", lib_only.log());
    assert!(!lib_only.ran_build_script(), "{}", lib_only.log());
    assert!(!lib_only.fresh(), "src/lib.rs changed: {}", lib_only.log());

    touch(&d.collection);
    let touched = d.build();
    assert!(touched.ok, "{}", touched.log());
    assert!(
        touched.ran_build_script(),
        "the collection was touched: {}",
        touched.log()
    );

    touch(&env);
    let env_touched = d.build();
    assert!(env_touched.ok, "{}", env_touched.log());
    assert!(
        env_touched.ran_build_script(),
        "the environment was touched: {}",
        env_touched.log()
    );

    // A change to the collection's content shows in the generated file.
    let text = String::from_utf8(seed()).unwrap();
    let changed = text.replace("Update a live stream", "Update a live stream URL");
    assert_ne!(changed, text);
    std::fs::write(&d.collection, changed).unwrap();
    let edited = d.build();
    assert!(edited.ok, "{}", edited.log());
    assert!(edited.ran_build_script(), "{}", edited.log());
    let regenerated = std::fs::read_to_string(&out).unwrap();
    assert!(
        regenerated.contains("fn update_live_stream_url("),
        "{regenerated}"
    );
    assert!(!regenerated.contains("fn update_live_stream("));

    // What the build script told cargo.
    let output = std::fs::read_to_string(edited.out_dir().join("../output")).unwrap();
    assert!(
        output.contains(&format!(
            "cargo:rerun-if-changed=../../collections/{COLLECTION}"
        )) && output.contains(&format!("cargo:rerun-if-changed={ENVIRONMENT}")),
        "{output}"
    );
}

#[test]
fn a_broken_collection_fails_the_build_with_a_readable_error() {
    // Line 3, column 45: the second comma.
    let broken = b"{\"info\": {\"name\": \"x\"},\n \"item\": [\n  {\"name\": \"a\", \"request\": {\"method\": \"GET\",, \"url\": \"x\"}}\n ]\n}";
    let d = Downstream::new("downstream-broken", broken);
    let b = d.build();
    assert!(!b.ok, "{}", b.log());
    let expected = format!("Error: ../../collections/{COLLECTION}:3:45: invalid JSON");
    assert!(
        b.stderr.contains(&expected),
        "expected {expected:?} in {}",
        b.log()
    );
    assert!(b.stderr.contains("(at item[0].request)"), "{}", b.log());
    assert!(!b.stderr.contains("kind:"), "not a Debug dump: {}", b.log());
    // The README shows this very line.
    let line = b
        .stderr
        .lines()
        .map(str::trim)
        .find(|l| l.starts_with("Error: "))
        .unwrap();
    let readme = std::fs::read_to_string(workspace().join("README.md")).unwrap();
    assert!(
        readme.lines().any(|l| l.trim() == line),
        "the README should show cargo's error line as it is:\n{line}"
    );

    // Wrong types: the JSON path names the value.
    let wrong = br#"{"info": {"name": "x"}, "item": [{"name": "f", "item": [{"name": "a", "request": {"method": 5}}]}]}"#;
    std::fs::write(&d.collection, wrong).unwrap();
    let b = d.build();
    assert!(!b.ok, "{}", b.log());
    for e in [
        format!("../../collections/{COLLECTION}:1:93:"),
        "expected an HTTP method (a string), found a number".to_owned(),
        "(at item[0].item[0].request.method)".to_owned(),
    ] {
        assert!(b.stderr.contains(&e), "expected {e:?} in {}", b.log());
    }

    // Fixed: the build goes through (a failed build script always runs again).
    std::fs::write(&d.collection, seed()).unwrap();
    let fixed = d.build();
    assert!(fixed.ok, "{}", fixed.log());
}

#[test]
fn postgen_warnings_are_cargo_warnings() {
    let collection = br#"{"info": {"name": "x"}, "item": [
  {"name": "ping", "request": {"method": "GET", "url": "https://example.com/ping"}},
  {"name": "lonely"}
]}"#;
    let d = Downstream::new("downstream-warnings", collection);
    let b = d.build();
    assert!(b.ok, "{}", b.log());
    let expected = format!(
        "warning: downstream-warnings@0.1.0: ../../collections/{COLLECTION}:3:3: warning: item has neither \
         `request` nor `item`: nothing to generate; skipped (at item[1])"
    );
    assert!(
        b.stderr.contains(&expected),
        "expected {expected:?} in {}",
        b.log()
    );
}

#[test]
fn a_v3_directory_reruns_when_one_of_its_files_is_edited_added_or_removed() {
    let d = Downstream::new("downstream-v3", &seed());
    let shop = d.collection.parent().unwrap().join(V3);
    let first = d.build();
    assert!(first.ok, "{}", first.log());
    let out = first.out_dir().join("shop.rs");
    let output = std::fs::read_to_string(first.out_dir().join("../output")).unwrap();
    assert!(
        output.contains(&format!("cargo:rerun-if-changed=../../collections/{V3}\n"))
            && output.contains(&format!("cargo:rerun-if-changed={V3_ENVIRONMENT}")),
        "{output}"
    );
    assert!(
        std::fs::read_to_string(&out)
            .unwrap()
            .contains("pub fn note(")
    );
    let again = d.build();
    assert!(
        again.ok && !again.ran_build_script(),
        "nothing changed: {}",
        again.log()
    );

    // Editing one request file.
    let note = shop.join("Catalog/Note.request.yaml");
    let text = std::fs::read_to_string(&note).unwrap();
    std::fs::write(&note, text.replace("/notes", "/memos")).unwrap();
    let edited = d.build();
    assert!(
        edited.ok && edited.ran_build_script(),
        "edited: {}",
        edited.log()
    );
    assert!(std::fs::read_to_string(&out).unwrap().contains("/memos"));

    // Adding one.
    std::fs::write(
        shop.join("Catalog/Ping.request.yaml"),
        "$kind: http-request\nurl: \"{{baseUrl}}/ping\"\nmethod: GET\norder: 9000\n",
    )
    .unwrap();
    let added = d.build();
    assert!(
        added.ok && added.ran_build_script(),
        "added: {}",
        added.log()
    );
    assert!(
        std::fs::read_to_string(&out)
            .unwrap()
            .contains("pub fn ping(")
    );

    // Removing one.
    std::fs::remove_file(&note).unwrap();
    let removed = d.build();
    assert!(
        removed.ok && removed.ran_build_script(),
        "removed: {}",
        removed.log()
    );
    assert!(
        !std::fs::read_to_string(&out)
            .unwrap()
            .contains("pub fn note(")
    );

    // A saved example is a file of the collection too.
    let example = shop.join(".resources/Create product.resources/examples/Created.example.yaml");
    touch(&example);
    let touched = d.build();
    assert!(
        touched.ok && touched.ran_build_script(),
        "example: {}",
        touched.log()
    );
    let quiet = d.build();
    assert!(quiet.ok && !quiet.ran_build_script(), "{}", quiet.log());
}
