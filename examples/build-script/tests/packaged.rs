//! postgen as a user outside this repository gets it: `cargo package` makes the `.crate` the
//! registry would serve, and a crate in a temporary directory, with no path into this workspace,
//! uses the unpacked package as its build-dependency, generates its client in `build.rs`, and
//! calls it in a test against a loopback server. (Offline, on this workspace's lockfile, so the
//! versions are those already built here; it shares `target/tmp/downstream` with
//! `build_script.rs`.)

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

fn cargo() -> Command {
    let mut c = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    c.env("CARGO_TERM_COLOR", "never")
        .env_remove("OUT_DIR")
        .env_remove("RUSTC_WORKSPACE_WRAPPER");
    c
}

fn ok(what: &str, out: Output) -> Output {
    assert!(
        out.status.success(),
        "{what} failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// The downstream test: the generated client, called against a server that answers `204`.
const TEST: &str = r#"
use std::io::{Read, Write};

#[tokio::test]
async fn the_generated_client_calls_the_api() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/v2", listener.local_addr().unwrap());
    let server = std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        let mut request = Vec::new();
        let mut buf = [0u8; 4096];
        // Headers, then the body (its length is in the headers; enough to see the form).
        while !String::from_utf8_lossy(&request).contains("page_url") {
            let n = stream.read(&mut buf).unwrap();
            if n == 0 {
                break;
            }
            request.extend_from_slice(&buf[..n]);
        }
        stream
            .write_all(b"HTTP/1.1 204 No Content\r\ncontent-length: 0\r\nconnection: close\r\n\r\n")
            .unwrap();
        String::from_utf8_lossy(&request).into_owned()
    });
    let client = downstream::zoom::Client::new()
        .with_base_url(url)
        .with_bearer_token("t");
    let form = downstream::zoom::webinars::livestream::UpdateLiveStreamForm {
        stream_url: "rtmp://a".into(),
        stream_key: "k".into(),
        page_url: "https://b".into(),
    };
    client
        .webinars()
        .livestream()
        .update_live_stream(7, &form)
        .await
        .unwrap();
    let request = server.join().unwrap();
    assert!(request.starts_with("PATCH /v2/webinars/7/livestream "), "{request}");
}
"#;

#[test]
fn the_packaged_postgen_generates_builds_and_runs_a_client_elsewhere() {
    // The target directory the build-script tests use too: the dependencies are built once.
    let target = Path::new(env!("CARGO_TARGET_TMPDIR")).join("downstream");
    let ws = workspace();
    ok(
        "cargo package -p postgen",
        cargo()
            .args([
                "package",
                "-p",
                "postgen",
                "--no-verify",
                "--allow-dirty",
                "--offline",
            ])
            .current_dir(&ws)
            .env("CARGO_TARGET_DIR", &target)
            .output()
            .unwrap(),
    );
    let krate = target.join(format!(
        "package/postgen-{}.crate",
        env!("CARGO_PKG_VERSION")
    ));
    let tmp = tempfile::tempdir().unwrap();
    ok(
        "tar",
        Command::new("tar")
            .arg("xzf")
            .arg(&krate)
            .arg("-C")
            .arg(tmp.path())
            .output()
            .unwrap(),
    );
    let unpacked = tmp
        .path()
        .join(format!("postgen-{}", env!("CARGO_PKG_VERSION")));
    assert!(
        unpacked.join("runtime/mod.rs").exists(),
        "the runtime is packaged"
    );

    let dir = tmp.path().join("downstream");
    std::fs::create_dir_all(dir.join("src")).unwrap();
    std::fs::create_dir_all(dir.join("tests")).unwrap();
    std::fs::copy(
        ws.join("collections/zoom-live-stream.postman_collection.json"),
        dir.join("zoom.postman_collection.json"),
    )
    .unwrap();
    std::fs::copy(ws.join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    std::fs::write(
        dir.join("Cargo.toml"),
        format!(
            "[package]\nname = \"downstream\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\
             publish = false\n\n[build-dependencies]\npostgen = {{ path = {:?} }}\n\n\
             [dependencies]\n{}\n[dev-dependencies]\n\
             tokio = {{ version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }}\n\n\
             [workspace]\n",
            unpacked.display().to_string(),
            postgen::RUNTIME_DEPENDENCIES,
        ),
    )
    .unwrap();
    std::fs::write(
        dir.join("build.rs"),
        "fn main() -> Result<(), Box<dyn std::error::Error>> {\n    \
         postgen::Builder::new()\n        .collection(\"zoom.postman_collection.json\")\n        \
         .module_name(\"zoom\")\n        .compile()?;\n    Ok(())\n}\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("src/lib.rs"),
        "pub mod zoom {\n    include!(concat!(env!(\"OUT_DIR\"), \"/zoom.rs\"));\n}\n",
    )
    .unwrap();
    std::fs::write(dir.join("tests/call.rs"), TEST).unwrap();
    let out = ok(
        "cargo test in the downstream crate",
        cargo()
            .args(["test", "--offline"])
            .current_dir(&dir)
            .env("CARGO_TARGET_DIR", &target)
            .output()
            .unwrap(),
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("test the_generated_client_calls_the_api ... ok"),
        "{stdout}"
    );
}
