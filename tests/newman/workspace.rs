//! The cargo workspace the harness builds: every generated crate (with its `examples` feature)
//! and a runner binary that runs one crate's example calls against capture servers. It lives
//! under the target directory and is rewritten only where it changed, so that reruns are
//! incremental; its target directory is shared with the corpus suite (`tests/corpus.rs`), so
//! the dependencies are built once.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use super::collection::{Collection, TAG};

/// The instant both sides sign at (newman's clock is frozen at it): 2024-01-02T03:04:05Z.
pub const FIXED_TIME: u64 = 1_704_164_645;

/// Preloaded into newman (`node --require`): its clock stands still at [`FIXED_TIME`], so that
/// what it signs with the time (AWS Signature, OAuth 1.0) can be compared.
pub const FREEZE_TIME_JS: &str = "const fixed = {FIXED_TIME} * 1000;\n\
const Real = Date;\n\
class Frozen extends Real {\n\
  constructor(...args) { if (args.length === 0) { super(fixed); } else { super(...args); } }\n\
  static now() { return fixed; }\n\
}\n\
global.Date = Frozen;\n";

pub struct Workspace {
    pub dir: PathBuf,
    pub target: PathBuf,
}

impl Workspace {
    /// Writes the crates of `collections` and the runner.
    pub fn write(dir: PathBuf, target: PathBuf, collections: &[Collection]) -> Workspace {
        std::fs::create_dir_all(&dir).unwrap();
        for c in collections {
            c.generated
                .write_to_dir(dir.join(&c.stem), true)
                .unwrap_or_else(|e| panic!("cannot write the crate of {}: {e}", c.stem));
        }
        let mut manifest = String::from(
            "# Written by postgen's tests/newman.rs.\n[workspace]\nresolver = \"2\"\nmembers = [\"runner\"",
        );
        for c in collections {
            write!(manifest, ", {:?}", c.stem).unwrap();
        }
        manifest.push_str("]\n\n[profile.dev]\ndebug = false\n");
        crate::support::write_if_changed(&dir.join("Cargo.toml"), &manifest);
        // The versions this repository builds with, so that nothing new is needed.
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        if !dir.join("Cargo.lock").exists() {
            std::fs::copy(repo.join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
        }

        let mut runner = String::from(
            "# Written by postgen's tests/newman.rs.\n[package]\nname = \"newman-runner\"\n\
             version = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\n\
             serde_json = \"1\"\ntokio = { version = \"1\", features = [\"rt\", \"time\"] }\n\
             reqwest = { version = \"0.13\", default-features = false, features = [\"rustls\"] }\n",
        );
        let mut arms = String::new();
        for c in collections {
            let kinds = c.generated.api().auth_kinds;
            let (aws, oauth1) = (kinds.aws, kinds.oauth1);
            let mut features = vec!["\"examples\""];
            if aws {
                features.push("\"aws-sigv4\"");
            }
            if oauth1 {
                features.push("\"oauth1\"");
            }
            let features = format!("[{}]", features.join(", "));
            writeln!(
                runner,
                "{:?} = {{ path = \"../{}\", features = {features} }}",
                c.krate, c.stem
            )
            .unwrap();
            writeln!(
                arms,
                "            {:?} => run!({}, &plan, scripts, {aws}, {oauth1}),",
                c.stem,
                c.krate.replace('-', "_")
            )
            .unwrap();
        }
        std::fs::create_dir_all(dir.join("runner/src")).unwrap();
        crate::support::write_if_changed(&dir.join("runner/Cargo.toml"), &runner);
        crate::support::write_if_changed(
            &dir.join("runner/src/main.rs"),
            &RUNNER
                .replace("{TAG}", TAG)
                .replace("{FIXED_TIME}", &FIXED_TIME.to_string())
                .replace("{ARMS}", &arms),
        );
        Workspace { dir, target }
    }

    /// Builds the runner; its path.
    pub fn build(&self) -> Result<PathBuf, String> {
        let out = Command::new(env!("CARGO"))
            .args(["build", "-p", "newman-runner"])
            .current_dir(&self.dir)
            .env("CARGO_TARGET_DIR", &self.target)
            .env("CARGO_TERM_COLOR", "never")
            .output()
            .map_err(|e| format!("cannot run cargo: {e}"))?;
        if !out.status.success() {
            let stderr = String::from_utf8_lossy(&out.stderr);
            let lines: Vec<&str> = stderr.lines().collect();
            let first = lines
                .iter()
                .position(|l| l.starts_with("error"))
                .unwrap_or(0);
            return Err(format!(
                "building the runner failed:\n{}",
                lines[first..(first + 120).min(lines.len())].join("\n")
            ));
        }
        Ok(self.target.join("debug/newman-runner"))
    }
}

/// The runner: `newman-runner <crate> <plan.json> [scripts]` runs every example call of the
/// crate, one after the other, each with the plan's hosts, variables and its request's
/// credentials, and tagged with its name; prints one JSON line per call with its error, if any.
/// With `scripts`, captures are on and every call goes through one client.
const RUNNER: &str = r#"// Written by postgen's tests/newman.rs.

use std::time::Duration;

macro_rules! run {
    (@aws true, $krate:ident, $c:ident, $creds:ident) => {
        if let Some(a) = $creds.get("aws").filter(|a| a.is_object()) {
            let text = |k: &str| a[k].as_str().unwrap_or("").to_owned();
            // Signed at the instant newman's clock is frozen at.
            $c = $c.with_aws_sigv4_at(
                $krate::runtime::aws::AwsCredentials {
                    access_key_id: text("access_key"),
                    secret_access_key: text("secret_key"),
                    session_token: a["session_token"].as_str().map(str::to_owned),
                },
                text("region"),
                text("service"),
                std::time::UNIX_EPOCH + Duration::from_secs({FIXED_TIME}),
            );
        }
    };
    (@aws false, $krate:ident, $c:ident, $creds:ident) => {};
    (@oauth1 true, $krate:ident, $c:ident, $creds:ident) => {
        if let Some(o) = $creds.get("oauth1").filter(|o| o.is_object()) {
            let text = |k: &str| o[k].as_str().unwrap_or("").to_owned();
            // Signed with the timestamp and nonce newman signs with.
            $c = $c.with_oauth1_at(
                $krate::runtime::oauth1::OAuth1Credentials {
                    consumer_key: text("consumerKey"),
                    consumer_secret: text("consumerSecret"),
                    token: text("token"),
                    token_secret: text("tokenSecret"),
                    private_key: text("privateKey"),
                    callback: text("callback"),
                    verifier: text("verifier"),
                },
                text("timestamp").trim().parse().unwrap_or({FIXED_TIME}),
                text("nonce"),
            );
        }
    };
    (@oauth1 false, $krate:ident, $c:ident, $creds:ident) => {};
    ($krate:ident, $plan:expr, $scripts:expr, $aws:tt, $oauth1:tt) => {{
        let plan: &serde_json::Value = $plan;
        // Scripts off (newman's copy has none): nothing captured flows from one call to the
        // next. Scripts on: captures flow, so every call goes through the one client (clones
        // share its variables; only the `with_` credential setters would copy them).
        let scripts = $scripts;
        let mut client = $krate::Client::new().with_captures(scripts);
        for (i, url) in plan["hosts"].as_array().unwrap().iter().enumerate() {
            client = client.with_host_url(i, url.as_str().unwrap());
        }
        for pair in plan["variables"].as_array().unwrap() {
            client = client.with_variable(pair[0].as_str().unwrap(), pair[1].as_str().unwrap());
        }
        macro_rules! credentials {
            ($c:ident, $creds:ident) => {
                if let Some(t) = $creds["bearer"].as_str() {
                    $c = $c.with_bearer_token(t);
                }
                if let Some(b) = $creds["basic"].as_array() {
                    $c = $c.with_basic_auth(b[0].as_str().unwrap(), b[1].as_str().unwrap());
                }
                if let Some(k) = $creds["api_key"].as_str() {
                    $c = $c.with_api_key(k);
                }
            };
        }
        if scripts {
            // The credentials once, before the first call (the first request's that has each).
            for example in $krate::examples::ALL.iter().rev() {
                let creds = &plan["credentials"][example.name];
                credentials!(client, creds);
            }
        }
        for example in $krate::examples::ALL {
            let mut c = client.clone().with_header("{TAG}", example.name);
            let creds = &plan["credentials"][example.name];
            if !scripts {
                credentials!(c, creds);
            }
            if let Some(d) = creds.get("digest").filter(|d| d.is_object()) {
                let d = d.clone();
                c = c.with_signer(move |req| digest::sign(req, &d));
            } else if creds["signer"].is_string() {
                // A scheme the harness does not sign (newman sends it unsigned too, or the
                // difference shows).
                c = c.with_signer(|_| Ok(()));
            }
            run!(@aws $aws, $krate, c, creds);
            run!(@oauth1 $oauth1, $krate, c, creds);
            let outcome = match tokio::time::timeout(Duration::from_secs(20), (example.run)(&c)).await {
                Ok(Ok(())) => serde_json::Value::Null,
                Ok(Err(e)) => e.to_string().into(),
                Err(_) => "timed out".into(),
            };
            println!("{}", serde_json::json!({"name": example.name, "error": outcome}));
        }
    }};
}

/// HTTP Digest (RFC 2617, MD5 without `qop`), as Postman's `digest` auth computes it.
mod digest {
    type Failure = Box<dyn std::error::Error + Send + Sync>;

    pub fn sign(req: &mut reqwest::Request, d: &serde_json::Value) -> Result<(), Failure> {
        let text = |k: &str| d[k].as_str().unwrap_or("").to_owned();
        let (username, realm, password, nonce) =
            (text("username"), text("realm"), text("password"), text("nonce"));
        if nonce.is_empty() || realm.is_empty() {
            return Ok(()); // Postman sends the request unsigned, for the server's challenge.
        }
        let algorithm = text("algorithm");
        if !(algorithm.is_empty() || algorithm == "MD5") || !text("qop").is_empty() {
            return Err("the harness signs Digest MD5 without qop only".into());
        }
        let mut uri = req.url().path().to_owned();
        if let Some(q) = req.url().query() {
            uri.push('?');
            uri.push_str(q);
        }
        let ha1 = hex(&md5(format!("{username}:{realm}:{password}").as_bytes()));
        let ha2 = hex(&md5(format!("{}:{uri}", req.method()).as_bytes()));
        let response = hex(&md5(format!("{ha1}:{nonce}:{ha2}").as_bytes()));
        let mut header = format!(
            "Digest username=\"{username}\", realm=\"{realm}\", nonce=\"{nonce}\", uri=\"{uri}\""
        );
        if !algorithm.is_empty() {
            header.push_str(&format!(", algorithm=\"{algorithm}\""));
        }
        header.push_str(&format!(", response=\"{response}\""));
        let opaque = text("opaque");
        if !opaque.is_empty() {
            header.push_str(&format!(", opaque=\"{opaque}\""));
        }
        req.headers_mut().insert("authorization", header.parse()?);
        Ok(())
    }

    fn hex(b: &[u8]) -> String {
        b.iter().map(|x| format!("{x:02x}")).collect()
    }

    fn md5(data: &[u8]) -> [u8; 16] {
        const S: [u32; 64] = [
            7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 5, 9, 14, 20, 5, 9, 14, 20,
            5, 9, 14, 20, 5, 9, 14, 20, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23,
            6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21,
        ];
        let k: Vec<u32> = (0..64)
            .map(|i| ((i as f64 + 1.0).sin().abs() * 4294967296.0) as u32)
            .collect();
        let mut h: [u32; 4] = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476];
        let mut msg = data.to_vec();
        let bits = (data.len() as u64).wrapping_mul(8);
        msg.push(0x80);
        while msg.len() % 64 != 56 {
            msg.push(0);
        }
        msg.extend_from_slice(&bits.to_le_bytes());
        for chunk in msg.chunks(64) {
            let m: Vec<u32> = chunk
                .chunks(4)
                .map(|w| u32::from_le_bytes([w[0], w[1], w[2], w[3]]))
                .collect();
            let [mut a, mut b, mut c, mut d] = h;
            for i in 0..64 {
                let (f, g) = match i {
                    0..=15 => ((b & c) | (!b & d), i),
                    16..=31 => ((d & b) | (!d & c), (5 * i + 1) % 16),
                    32..=47 => (b ^ c ^ d, (3 * i + 5) % 16),
                    _ => (c ^ (b | !d), (7 * i) % 16),
                };
                let f = f.wrapping_add(a).wrapping_add(k[i]).wrapping_add(m[g]);
                a = d;
                d = c;
                c = b;
                b = b.wrapping_add(f.rotate_left(S[i]));
            }
            for (x, y) in h.iter_mut().zip([a, b, c, d]) {
                *x = x.wrapping_add(y);
            }
        }
        let mut out = [0u8; 16];
        for (i, x) in h.iter().enumerate() {
            out[4 * i..4 * i + 4].copy_from_slice(&x.to_le_bytes());
        }
        out
    }

    #[test]
    fn known_answers() {
        assert_eq!(hex(&md5(b"")), "d41d8cd98f00b204e9800998ecf8427e");
        assert_eq!(
            hex(&md5(b"The quick brown fox jumps over the lazy dog")),
            "9e107d9d372bb6826bd81d3542a419d6"
        );
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let plan: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&args[2]).unwrap()).unwrap();
    let scripts = args.get(3).is_some_and(|a| a == "scripts");
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        match args[1].as_str() {
{ARMS}            other => {
                eprintln!("newman-runner: no crate {other}");
                std::process::exit(2);
            }
        }
    });
}
"#;
