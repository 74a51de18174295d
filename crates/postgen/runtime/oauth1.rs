//! OAuth 1.0a request signing (RFC 5849), computed exactly as Postman (newman's `oauth1` auth,
//! `node-oauth1`) computes it: HMAC-SHA1, HMAC-SHA256, HMAC-SHA512, PLAINTEXT, RSA-SHA1,
//! RSA-SHA256 and RSA-SHA512; the parameters in the `Authorization` header, an urlencoded
//! body or the query; empty parameters left out unless the collection says otherwise; the
//! body's hash (`oauth_body_hash`) on request. Cargo feature `oauth1`. The collection's settings
//! come with each request ([`OAuth1Settings`]); the credentials are the client's
//! ([`Client::with_oauth1`]).
//!
//! As Postman does, a signed request's query is sent re-encoded strictly (everything but
//! `A-Z a-z 0-9 - . _ ~` percent-encoded), as the signature encodes it.

use std::fmt;
use std::time::{SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use hmac::{Hmac, Mac};
use reqwest::header::{HeaderValue, AUTHORIZATION, CONTENT_TYPE};
use rsa::pkcs1::DecodeRsaPrivateKey;
use rsa::pkcs1v15::SigningKey;
use rsa::pkcs8::spki::der::oid::AssociatedOid;
use rsa::pkcs8::DecodePrivateKey;
use rsa::signature::{SignatureEncoding, Signer};
use rsa::RsaPrivateKey;
use sha1::Sha1;
use sha2::{Digest, Sha256, Sha512};

use super::auth::{Auth, OAuth1Settings};
use super::client::Client;
use super::encode;
use super::retry::random_u64;

type Failure = Box<dyn std::error::Error + Send + Sync>;

/// OAuth 1.0 credentials for [`Client::with_oauth1`]. Empty fields are not sent. `Debug` shows
/// only the consumer key.
#[derive(Clone, Default)]
pub struct OAuth1Credentials {
    pub consumer_key: String,
    /// For the HMAC and PLAINTEXT methods.
    pub consumer_secret: String,
    pub token: String,
    pub token_secret: String,
    /// For the RSA methods: the private key in PEM (PKCS#8 `BEGIN PRIVATE KEY` or PKCS#1
    /// `BEGIN RSA PRIVATE KEY`).
    pub private_key: String,
    /// `oauth_callback`, for a temporary-credentials request.
    pub callback: String,
    /// `oauth_verifier`, for a token request.
    pub verifier: String,
}

impl fmt::Debug for OAuth1Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let set = |s: &str| {
            if s.is_empty() {
                "<unset>"
            } else {
                "<redacted>"
            }
        };
        f.debug_struct("OAuth1Credentials")
            .field("consumer_key", &self.consumer_key)
            .field("consumer_secret", &set(&self.consumer_secret))
            .field("token", &set(&self.token))
            .field("token_secret", &set(&self.token_secret))
            .field("private_key", &set(&self.private_key))
            .field("callback", &self.callback)
            .field("verifier", &set(&self.verifier))
            .finish()
    }
}

impl Client {
    /// Signs every `oauth1` request with these credentials, a fresh timestamp and nonce per
    /// attempt, and the collection's settings for the request. Replaces any signer set before.
    pub fn with_oauth1(self, credentials: OAuth1Credentials) -> Self {
        self.oauth1_signer(credentials, None)
    }

    /// Like [`Client::with_oauth1`], with a fixed timestamp (Unix seconds) and nonce, for tests
    /// that compare signed requests with another client's.
    pub fn with_oauth1_at(
        self,
        credentials: OAuth1Credentials,
        timestamp: u64,
        nonce: impl Into<String>,
    ) -> Self {
        self.oauth1_signer(credentials, Some((timestamp, nonce.into())))
    }

    fn oauth1_signer(self, credentials: OAuth1Credentials, fixed: Option<(u64, String)>) -> Self {
        self.with_auth_signer(move |req, auth| {
            let Auth::OAuth1(settings) = auth else {
                return Ok(());
            };
            let (timestamp, nonce) = fixed.clone().unwrap_or_else(|| {
                let now = SystemTime::now().duration_since(UNIX_EPOCH);
                (now.map_or(0, |d| d.as_secs()), nonce())
            });
            sign(req, settings, &credentials, &timestamp.to_string(), &nonce)
        })
    }
}

/// Postman's nonce: 11 characters of its alphabet.
fn nonce() -> String {
    const CHARS: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXTZabcdefghiklmnopqrstuvwxyz";
    (0..11)
        .map(|_| CHARS[(random_u64() % CHARS.len() as u64) as usize] as char)
        .collect()
}

/// RFC 3986 percent-encoding: all but `A-Z a-z 0-9 - . _ ~`.
fn pct(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    encode::strict(&mut out, s);
    out
}

/// Signs `req` in place (see the module's docs). Without a consumer key, or without the secret
/// (or private key) its method needs, the request is left unsigned, as Postman leaves it.
pub fn sign(
    req: &mut reqwest::Request,
    settings: &OAuth1Settings,
    credentials: &OAuth1Credentials,
    timestamp: &str,
    nonce: &str,
) -> Result<(), Failure> {
    let c = credentials;
    let method = settings.signature_method;
    let mut parts = method.splitn(2, '-');
    let rsa = parts.next().is_some_and(|a| a.eq_ignore_ascii_case("rsa"));
    let hash = parts.next().map(str::to_ascii_uppercase);
    if c.consumer_key.is_empty()
        || (!rsa && c.consumer_secret.is_empty())
        || (rsa && c.private_key.is_empty())
    {
        return Ok(());
    }
    let add_empty = settings.add_empty_params_to_sign;
    // Without `add_empty_params_to_sign`, blank values count as absent.
    let kept = |v: &str| add_empty || !v.trim().is_empty();
    let value = |v: &str| if kept(v) { v.to_owned() } else { String::new() };

    let form_body = req
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.get(..33)
                .is_some_and(|p| p.eq_ignore_ascii_case("application/x-www-form-urlencoded"))
        });
    let body = req
        .body()
        .and_then(|b| b.as_bytes())
        .unwrap_or(&[])
        .to_vec();
    let multipart = req
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.to_ascii_lowercase().starts_with("multipart/"));

    // The protocol parameters, in Postman's order.
    let mut oauth: Vec<(&str, String)> = [
        ("oauth_consumer_key", c.consumer_key.as_str()),
        ("oauth_token", c.token.as_str()),
        ("oauth_signature_method", method),
        ("oauth_timestamp", timestamp),
        ("oauth_nonce", nonce),
        ("oauth_version", settings.version),
    ]
    .into_iter()
    .filter(|(_, v)| kept(v))
    .map(|(k, v)| (k, v.to_owned()))
    .collect();
    if settings.include_body_hash && !form_body && !multipart {
        // A streamed body (`Binary::from_reader`) is not at hand to hash.
        if req.body().is_some_and(|b| b.as_bytes().is_none()) {
            return Err(
                "oauth_body_hash cannot be computed for a body streamed from a reader".into(),
            );
        }
        let digest = match hash.as_deref() {
            Some("SHA1") => Some(Sha1::digest(&body).to_vec()),
            Some("SHA256") => Some(Sha256::digest(&body).to_vec()),
            Some("SHA512") => Some(Sha512::digest(&body).to_vec()),
            _ => None,
        };
        if let Some(d) = digest {
            oauth.push(("oauth_body_hash", base64_encode(&d)));
        }
    }
    // Extensions: sent only when set.
    let extension = |v: &str| {
        if add_empty {
            !v.is_empty()
        } else {
            !v.trim().is_empty()
        }
    };
    for (k, v) in [
        ("oauth_callback", &c.callback),
        ("oauth_verifier", &c.verifier),
    ] {
        if extension(v) {
            oauth.push((k, v.clone()));
        }
    }

    // What is signed: the query's parameters, the protocol parameters (an empty method signs
    // as HMAC-SHA1) and an urlencoded body's.
    let query = req.url().query().map(decode_form).unwrap_or_default();
    let effective_method = if kept(method) && !method.is_empty() {
        method
    } else {
        "HMAC-SHA1"
    };
    let mut signed: Vec<(String, String)> = query
        .iter()
        .map(|(k, v)| (k.clone(), v.clone().unwrap_or_default()))
        .collect();
    signed.extend(
        oauth
            .iter()
            .filter(|(k, _)| *k != "oauth_signature_method")
            .map(|(k, v)| (k.to_string(), v.clone())),
    );
    signed.push(("oauth_signature_method".into(), effective_method.into()));
    if form_body {
        let text = String::from_utf8_lossy(&body);
        signed.extend(
            decode_form(&text)
                .into_iter()
                .map(|(k, v)| (k, v.unwrap_or_default())),
        );
    }
    let mut sortable: Vec<(String, String)> = signed
        .iter()
        .map(|(k, v)| {
            (
                format!("{} {}", pct(k), pct(v)),
                format!("{}={}", pct(k), pct(v)),
            )
        })
        .collect();
    sortable.sort();
    let normalized: Vec<String> = sortable.into_iter().map(|(_, kv)| kv).collect();
    let url = req.url();
    let host = url.host_str().unwrap_or("").to_ascii_lowercase();
    let authority = match url.port() {
        Some(port) if port != 80 && port != 443 => format!("{host}:{port}"),
        _ => host,
    };
    let path = if url.path().is_empty() {
        "/"
    } else {
        url.path()
    };
    let base_url = format!("{}://{authority}{path}", url.scheme().to_ascii_lowercase());
    let base = format!(
        "{}&{}&{}",
        pct(&req.method().as_str().to_ascii_uppercase()),
        pct(&base_url),
        pct(&normalized.join("&"))
    );

    let key = format!(
        "{}&{}",
        pct(&value(&c.consumer_secret)),
        pct(&value(&c.token_secret))
    );
    let signature = match effective_method.to_ascii_uppercase().as_str() {
        "PLAINTEXT" => key,
        "HMAC-SHA1" => base64_encode(&hmac::<Hmac<Sha1>>(&key, &base)?),
        "HMAC-SHA256" => base64_encode(&hmac::<Hmac<Sha256>>(&key, &base)?),
        "HMAC-SHA512" => base64_encode(&hmac::<Hmac<Sha512>>(&key, &base)?),
        "RSA-SHA1" => base64_encode(&rsa_sign::<Sha1>(&c.private_key, &base)?),
        "RSA-SHA256" => base64_encode(&rsa_sign::<Sha256>(&c.private_key, &base)?),
        "RSA-SHA512" => base64_encode(&rsa_sign::<Sha512>(&c.private_key, &base)?),
        _ => return Err(format!("unsupported OAuth 1.0 signature method `{method}`").into()),
    };
    oauth.push(("oauth_signature", signature));

    // The query, re-encoded as Postman sends it for a signed request.
    let mut pairs: Vec<String> = query
        .iter()
        .map(|(k, v)| match v {
            Some(v) => format!("{}={}", pct(k), pct(v)),
            None => pct(k),
        })
        .collect();
    let is_post_or_put = {
        let m = req.method().as_str();
        m.contains("POST") || m.contains("PUT")
    };
    if settings.in_header {
        let mut header = Vec::new();
        let encode = |s: &str| {
            if settings.disable_header_encoding {
                s.to_owned()
            } else {
                pct(s)
            }
        };
        if !settings.realm.trim().is_empty() {
            header.push(format!("realm=\"{}\"", encode(settings.realm)));
        }
        for (k, v) in &oauth {
            if !v.is_empty() {
                header.push(format!("{}=\"{}\"", encode(k), encode(v.trim())));
            }
        }
        let mut value = HeaderValue::from_str(&format!("OAuth {}", header.join(",")))?;
        value.set_sensitive(true);
        req.headers_mut().insert(AUTHORIZATION, value);
    } else if is_post_or_put && form_body {
        let mut text = String::from_utf8_lossy(&body).into_owned();
        for (k, v) in &oauth {
            if !text.is_empty() {
                text.push('&');
            }
            text.push_str(&format!("{}={}", pct(k), pct(v)));
        }
        *req.body_mut() = Some(text.into_bytes().into());
    } else {
        pairs.extend(oauth.iter().map(|(k, v)| format!("{}={}", pct(k), pct(v))));
    }
    if req.url().query().is_some() || !pairs.is_empty() {
        req.url_mut().set_query(Some(&pairs.join("&")));
    }
    Ok(())
}

fn hmac<M: Mac + hmac::digest::KeyInit>(key: &str, base: &str) -> Result<Vec<u8>, Failure> {
    let mut mac = <M as Mac>::new_from_slice(key.as_bytes())?;
    mac.update(base.as_bytes());
    Ok(mac.finalize().into_bytes().to_vec())
}

fn rsa_sign<D>(pem: &str, base: &str) -> Result<Vec<u8>, Failure>
where
    D: Digest + AssociatedOid,
{
    let key = RsaPrivateKey::from_pkcs8_pem(pem)
        .or_else(|_| RsaPrivateKey::from_pkcs1_pem(pem))
        .map_err(|_| "the OAuth 1.0 private key is not an RSA private key in PEM")?;
    Ok(SigningKey::<D>::new(key).sign(base.as_bytes()).to_vec())
}

fn base64_encode(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// `a=1&b` → pairs, as `node-oauth1` reads a query: `+` is a space, `%XX` a byte; a name
/// without `=` has no value.
fn decode_form(form: &str) -> Vec<(String, Option<String>)> {
    let decode = |s: &str| {
        let spaced = s.replace('+', " ");
        percent_encoding::percent_decode_str(&spaced)
            .decode_utf8_lossy()
            .into_owned()
    };
    form.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once('=') {
            Some((k, v)) => (decode(k), Some(decode(v))),
            None => (decode(p), None),
        })
        .collect()
}
