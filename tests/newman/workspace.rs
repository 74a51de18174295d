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
            let aws = c.generated.api().auth_kinds.aws;
            let features = if aws {
                "[\"examples\", \"aws-sigv4\"]"
            } else {
                "[\"examples\"]"
            };
            writeln!(
                runner,
                "{:?} = {{ path = \"../{}\", features = {features} }}",
                c.stem, c.stem
            )
            .unwrap();
            writeln!(
                arms,
                "            {:?} => run!({}, &plan, {aws}),",
                c.stem,
                c.stem.replace('-', "_")
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

/// The runner: `newman-runner <crate> <plan.json>` runs every example call of the crate, one
/// after the other, each with the plan's hosts, variables and its request's credentials, and
/// tagged with its name; prints one JSON line per call with its error, if any.
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
    ($krate:ident, $plan:expr, $aws:tt) => {{
        let plan: &serde_json::Value = $plan;
        let mut client = $krate::Client::new();
        for (i, url) in plan["hosts"].as_array().unwrap().iter().enumerate() {
            client = client.with_host_url(i, url.as_str().unwrap());
        }
        for pair in plan["variables"].as_array().unwrap() {
            client = client.with_variable(pair[0].as_str().unwrap(), pair[1].as_str().unwrap());
        }
        for example in $krate::examples::ALL {
            let mut c = client.clone().with_header("{TAG}", example.name);
            let creds = &plan["credentials"][example.name];
            if let Some(t) = creds["bearer"].as_str() {
                c = c.with_bearer_token(t);
            }
            if let Some(b) = creds["basic"].as_array() {
                c = c.with_basic_auth(b[0].as_str().unwrap(), b[1].as_str().unwrap());
            }
            if let Some(k) = creds["api_key"].as_str() {
                c = c.with_api_key(k);
            }
            if let Some(o) = creds.get("oauth1").filter(|o| o.is_object()) {
                let p = oauth1::Params::from_plan(o);
                c = c.with_signer(move |req| oauth1::sign(req, &p));
            } else if let Some(d) = creds.get("digest").filter(|d| d.is_object()) {
                let d = d.clone();
                c = c.with_signer(move |req| digest::sign(req, &d));
            } else if creds["signer"].is_string() {
                // A scheme the harness does not sign (newman sends it unsigned too, or the
                // difference shows).
                c = c.with_signer(|_| Ok(()));
            }
            run!(@aws $aws, $krate, c, creds);
            let outcome = match tokio::time::timeout(Duration::from_secs(20), (example.run)(&c)).await {
                Ok(Ok(())) => serde_json::Value::Null,
                Ok(Err(e)) => e.to_string().into(),
                Err(_) => "timed out".into(),
            };
            println!("{}", serde_json::json!({"name": example.name, "error": outcome}));
        }
    }};
}

/// OAuth 1.0a (HMAC-SHA1, parameters in the `Authorization` header), as a user would port
/// Postman's `oauth1` auth to a signer, computed the way Postman's `node-oauth1` does.
mod oauth1 {
    pub struct Params {
        consumer_key: String,
        consumer_secret: String,
        token: String,
        token_secret: String,
        signature_method: String,
        timestamp: String,
        nonce: String,
        version: String,
        realm: String,
        add_empty: bool,
        to_header: bool,
    }

    impl Params {
        pub fn from_plan(o: &serde_json::Value) -> Params {
            let text = |k: &str| o[k].as_str().unwrap_or("").to_owned();
            Params {
                consumer_key: text("consumerKey"),
                consumer_secret: text("consumerSecret"),
                token: text("token"),
                token_secret: text("tokenSecret"),
                signature_method: text("signatureMethod"),
                timestamp: text("timestamp"),
                nonce: text("nonce"),
                version: text("version"),
                realm: text("realm"),
                add_empty: o["addEmptyParamsToSign"].as_bool().unwrap_or(false),
                to_header: o["addParamsToHeader"].as_bool().unwrap_or(false),
            }
        }
    }

    type Failure = Box<dyn std::error::Error + Send + Sync>;

    pub fn sign(req: &mut reqwest::Request, p: &Params) -> Result<(), Failure> {
        if p.consumer_key.is_empty() || p.consumer_secret.is_empty() {
            return Ok(()); // Postman signs nothing then.
        }
        if p.signature_method != "HMAC-SHA1" {
            return Err(format!("the harness signs HMAC-SHA1 only, not {}", p.signature_method).into());
        }
        let mut oauth: Vec<(&str, &str)> = vec![
            ("oauth_consumer_key", &p.consumer_key),
            ("oauth_token", &p.token),
            ("oauth_signature_method", &p.signature_method),
            ("oauth_timestamp", &p.timestamp),
            ("oauth_nonce", &p.nonce),
            ("oauth_version", &p.version),
        ];
        oauth.retain(|(_, v)| p.add_empty || !v.trim().is_empty());
        let mut params: Vec<(String, String)> = oauth
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let url = req.url().clone();
        if let Some(q) = url.query() {
            params.extend(decode_form(q));
        }
        let form = req
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
        if form {
            if let Some(body) = req.body().and_then(|b| b.as_bytes()) {
                params.extend(decode_form(&String::from_utf8_lossy(body)));
            }
        }
        let mut sorted: Vec<(String, String)> = params
            .iter()
            .map(|(k, v)| (format!("{} {}", pct(k), pct(v)), format!("{}={}", pct(k), pct(v))))
            .collect();
        sorted.sort();
        let normalized: Vec<String> = sorted.into_iter().map(|(_, kv)| kv).collect();
        let authority = match url.port() {
            Some(port) => format!("{}:{port}", url.host_str().unwrap_or("")),
            None => url.host_str().unwrap_or("").to_owned(),
        };
        let path = if url.path().is_empty() { "/" } else { url.path() };
        let base_url = format!("{}://{}{}", url.scheme(), authority.to_lowercase(), path);
        let base = format!(
            "{}&{}&{}",
            pct(req.method().as_str()),
            pct(&base_url),
            pct(&normalized.join("&"))
        );
        let key = format!("{}&{}", pct(&p.consumer_secret), pct(&p.token_secret));
        let signature = base64(&hmac_sha1(key.as_bytes(), base.as_bytes()));
        let signed = oauth.iter().copied().chain([("oauth_signature", signature.as_str())]);
        if p.to_header {
            let mut header = Vec::new();
            if !p.realm.trim().is_empty() {
                header.push(format!("realm=\"{}\"", pct(&p.realm)));
            }
            for (k, v) in signed {
                if !v.is_empty() {
                    header.push(format!("{}=\"{}\"", pct(k), pct(v.trim())));
                }
            }
            req.headers_mut().insert(
                "authorization",
                format!("OAuth {}", header.join(",")).parse()?,
            );
        } else if form {
            return Err("the harness does not put OAuth parameters into a form body".into());
        } else {
            // After the request's own query parameters.
            let mut query: Vec<String> = url.query().map(|q| vec![q.to_owned()]).unwrap_or_default();
            query.extend(signed.map(|(k, v)| format!("{}={}", pct(k), pct(v))));
            req.url_mut().set_query(Some(&query.join("&")));
        }
        Ok(())
    }

    /// `a=1&b` → pairs, `+` read as a space, as `node-oauth1` reads them.
    fn decode_form(form: &str) -> Vec<(String, String)> {
        form.split('&')
            .filter(|p| !p.is_empty())
            .map(|p| {
                let (k, v) = p.split_once('=').unwrap_or((p, ""));
                (decode(k), decode(v))
            })
            .collect()
    }

    fn decode(s: &str) -> String {
        let bytes = s.replace('+', " ").into_bytes();
        let mut out = Vec::with_capacity(bytes.len());
        let mut i = 0;
        while i < bytes.len() {
            let hex = |b: u8| (b as char).to_digit(16);
            match (bytes[i], bytes.get(i + 1).copied().and_then(hex), bytes.get(i + 2).copied().and_then(hex)) {
                (b'%', Some(h), Some(l)) => {
                    out.push((h * 16 + l) as u8);
                    i += 3;
                }
                (b, _, _) => {
                    out.push(b);
                    i += 1;
                }
            }
        }
        String::from_utf8_lossy(&out).into_owned()
    }

    /// RFC 3986 percent-encoding: all but `A-Za-z0-9-._~`.
    fn pct(s: &str) -> String {
        let mut out = String::new();
        for b in s.bytes() {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                out.push(b as char);
            } else {
                out.push_str(&format!("%{b:02X}"));
            }
        }
        out
    }

    fn base64(bytes: &[u8]) -> String {
        const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut out = String::new();
        for chunk in bytes.chunks(3) {
            let n = chunk.iter().enumerate().fold(0u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
            for i in 0..4 {
                if i <= chunk.len() {
                    out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
                } else {
                    out.push('=');
                }
            }
        }
        out
    }

    fn hmac_sha1(key: &[u8], message: &[u8]) -> [u8; 20] {
        let mut k = if key.len() > 64 { sha1(key).to_vec() } else { key.to_vec() };
        k.resize(64, 0);
        let inner: Vec<u8> = k.iter().map(|b| b ^ 0x36).chain(message.iter().copied()).collect();
        let inner = sha1(&inner);
        let outer: Vec<u8> = k.iter().map(|b| b ^ 0x5c).chain(inner.iter().copied()).collect();
        sha1(&outer)
    }

    fn sha1(data: &[u8]) -> [u8; 20] {
        let mut h: [u32; 5] = [0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0];
        let mut msg = data.to_vec();
        let bits = (data.len() as u64).wrapping_mul(8);
        msg.push(0x80);
        while msg.len() % 64 != 56 {
            msg.push(0);
        }
        msg.extend_from_slice(&bits.to_be_bytes());
        for chunk in msg.chunks(64) {
            let mut w = [0u32; 80];
            for i in 0..16 {
                w[i] = u32::from_be_bytes([chunk[4 * i], chunk[4 * i + 1], chunk[4 * i + 2], chunk[4 * i + 3]]);
            }
            for i in 16..80 {
                w[i] = (w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16]).rotate_left(1);
            }
            let [mut a, mut b, mut c, mut d, mut e] = h;
            for (i, wi) in w.iter().enumerate() {
                let (f, k) = match i {
                    0..=19 => ((b & c) | (!b & d), 0x5A827999),
                    20..=39 => (b ^ c ^ d, 0x6ED9EBA1),
                    40..=59 => ((b & c) | (b & d) | (c & d), 0x8F1BBCDC),
                    _ => (b ^ c ^ d, 0xCA62C1D6),
                };
                let t = a.rotate_left(5).wrapping_add(f).wrapping_add(e).wrapping_add(k).wrapping_add(*wi);
                e = d;
                d = c;
                c = b.rotate_left(30);
                b = a;
                a = t;
            }
            for (x, y) in h.iter_mut().zip([a, b, c, d, e]) {
                *x = x.wrapping_add(y);
            }
        }
        let mut out = [0u8; 20];
        for (i, x) in h.iter().enumerate() {
            out[4 * i..4 * i + 4].copy_from_slice(&x.to_be_bytes());
        }
        out
    }

    #[test]
    fn known_answers() {
        let hex = |b: &[u8]| b.iter().map(|x| format!("{x:02x}")).collect::<String>();
        assert_eq!(hex(&sha1(b"abc")), "a9993e364706816aba3e25717850c26c9cd0d89d");
        assert_eq!(
            base64(&hmac_sha1(b"key", b"The quick brown fox jumps over the lazy dog")),
            "3nybhbi3iqa8ino29wqQcBydtNk="
        );
    }
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
