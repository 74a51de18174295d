//! The runtime's source (`crates/postgen/runtime/`, part of this package), copied into every
//! generated crate as `src/runtime/`, so that generated crates build from crates.io alone. The
//! `postgen-runtime` crate of this workspace compiles and tests the same files on their own.

use crate::model::AuthKinds;

macro_rules! runtime_files {
    ($($name:literal => $file:literal),* $(,)?) => {
        pub const FILES: &[(&str, &str)] = &[
            $(($name, include_str!(concat!("../../runtime/", $file)))),*
        ];
    };
}

runtime_files! {
    "mod.rs" => "mod.rs",
    "auth.rs" => "auth.rs",
    "aws.rs" => "aws.rs",
    "binary.rs" => "binary.rs",
    "capture.rs" => "capture.rs",
    "client.rs" => "client.rs",
    "encode.rs" => "encode.rs",
    "error.rs" => "error.rs",
    "fields.rs" => "fields.rs",
    "form.rs" => "form.rs",
    "multipart.rs" => "multipart.rs",
    "oauth1.rs" => "oauth1.rs",
    "pages.rs" => "pages.rs",
    "request.rs" => "request.rs",
    "response.rs" => "response.rs",
    "retry.rs" => "retry.rs",
    "template.rs" => "template.rs",
    "call.rs" => "call.rs",
    "lenient.rs" => "lenient.rs",
    "mock.rs" => "mock.rs",
    "value.rs" => "value.rs",
    "upload.rs" => "upload.rs",
    "vars.rs" => "vars.rs",
}

/// The `aws` module's declaration in `mod.rs`: kept only in crates whose collection uses `awsv4`.
pub const AWS_MODULE: &str = "#[cfg(feature = \"aws-sigv4\")]\npub mod aws;\n";

/// The `oauth1` module's declaration in `mod.rs`: kept only in crates whose collection uses
/// `oauth1`.
pub const OAUTH1_MODULE: &str = "#[cfg(feature = \"oauth1\")]\npub mod oauth1;\n";

/// The `mock` module's declaration in `mod.rs`: kept in crates of their own (which declare the
/// `mock` feature), left out of a file a build script `include!`s.
pub const MOCK_MODULE: &str = "#[cfg(feature = \"mock\")]\npub mod mock;\n";

/// The re-exports of the two modules' credential types in `mod.rs`, kept with them.
const AWS_CREDENTIALS: &str =
    "    #[cfg(feature = \"aws-sigv4\")]\n    pub use super::aws::AwsCredentials;\n";
const OAUTH1_CREDENTIALS: &str =
    "    #[cfg(feature = \"oauth1\")]\n    pub use super::oauth1::OAuth1Credentials;\n";

/// The runtime files a crate needs: `aws.rs` only where requests are signed with `awsv4`,
/// `oauth1.rs` only where they are signed with `oauth1`.
pub fn files(k: AuthKinds) -> impl Iterator<Item = (&'static str, std::borrow::Cow<'static, str>)> {
    FILES.iter().filter_map(move |(name, text)| match *name {
        "aws.rs" if !k.aws => None,
        "oauth1.rs" if !k.oauth1 => None,
        "mod.rs" => {
            let mut text = std::borrow::Cow::Borrowed(*text);
            for (used, module, credentials) in [
                (k.aws, AWS_MODULE, AWS_CREDENTIALS),
                (k.oauth1, OAUTH1_MODULE, OAUTH1_CREDENTIALS),
            ] {
                if !used {
                    let stripped = text.replace(module, "").replace(credentials, "");
                    text = std::borrow::Cow::Owned(stripped);
                }
            }
            Some((*name, text))
        }
        _ => Some((*name, std::borrow::Cow::Borrowed(*text))),
    })
}

macro_rules! aws_dependencies {
    () => {
        r#"aws-sigv4 = { version = "1", optional = true }
aws-credential-types = { version = "1", optional = true }
aws-smithy-runtime-api = { version = "1", optional = true }
"#
    };
}

macro_rules! aws_feature {
    () => {
        r#"# Sign `awsv4` requests with AWS's own crate: `Client::with_aws_sigv4`.
aws-sigv4 = ["dep:aws-sigv4", "dep:aws-credential-types", "dep:aws-smithy-runtime-api"]
"#
    };
}

macro_rules! mock_dependencies {
    () => {
        r#"wiremock = { version = "0.6", optional = true }
"#
    };
}

macro_rules! mock_feature {
    () => {
        r#"# A mock server of the API from the collection's saved examples, for your tests (take
# the crate with it under `[dev-dependencies]`): `mock::Mock::start`.
mock = ["dep:wiremock"]
"#
    };
}

macro_rules! oauth1_dependencies {
    () => {
        r#"hmac = { version = "0.12", optional = true }
sha1 = { version = "0.10", features = ["oid"], optional = true }
sha2 = { version = "0.10", features = ["oid"], optional = true }
rsa = { version = "0.9", optional = true }
base64 = { version = "0.22", optional = true }
"#
    };
}

macro_rules! oauth1_feature {
    () => {
        r#"# Sign `oauth1` requests (HMAC, PLAINTEXT and RSA methods): `Client::with_oauth1`.
oauth1 = ["dep:hmac", "dep:sha1", "dep:sha2", "dep:rsa", "dep:base64"]
"#
    };
}

/// The optional dependencies and the feature of crates that sign with `awsv4`.
pub const AWS_DEPENDENCIES: &str = concat!(aws_dependencies!(), "\n[features]\n", aws_feature!());

/// The optional dependencies and the feature of crates that sign with `oauth1`.
pub const OAUTH1_DEPENDENCIES: &str =
    concat!(oauth1_dependencies!(), "\n[features]\n", oauth1_feature!());

/// The optional dependency and the feature of the mock server, which every crate of its own has.
pub const MOCK_DEPENDENCIES: &str =
    concat!(mock_dependencies!(), "\n[features]\n", mock_feature!());

/// The optional dependencies of a crate's signing features and of its mock server, then its
/// `[features]` table with them (the caller adds `examples`).
pub fn optional_dependencies(k: AuthKinds) -> String {
    let mut deps = String::from(mock_dependencies!());
    let mut features = String::from(concat!("\n[features]\n", mock_feature!()));
    if k.aws {
        deps.push_str(aws_dependencies!());
        features.push_str(aws_feature!());
    }
    if k.oauth1 {
        deps.push_str(oauth1_dependencies!());
        features.push_str(oauth1_feature!());
    }
    deps + &features
}

/// The dependencies the runtime needs, as `Cargo.toml` lines; `postgen-runtime`'s own manifest
/// must list the same (its `tests/manifest.rs` checks).
pub const DEPENDENCIES: &str = r#"reqwest = { version = "0.13", default-features = false, features = ["rustls"] }
serde = { version = "1", features = ["derive"] }
serde_json = "1"
serde_path_to_error = "0.1"
percent-encoding = "2"
futures-core = "0.3"
tokio = { version = "1", features = ["time"] }
http-body = "1"
bytes = "1"
"#;

/// The runtime as the items of one inline module: `mod x;` declarations in its `mod.rs` are
/// replaced by the items of the files they name.
pub fn inline(k: AuthKinds) -> Result<proc_macro2::TokenStream, String> {
    use quote::ToTokens;
    // The including crate has no `mock` feature (nor `wiremock`).
    let files: Vec<(&str, std::borrow::Cow<'static, str>)> = files(k)
        .filter(|(name, _)| *name != "mock.rs")
        .map(|(name, text)| match name {
            "mod.rs" => (name, std::borrow::Cow::Owned(text.replace(MOCK_MODULE, ""))),
            _ => (name, text),
        })
        .collect();
    let parse = |name: &str, text: &str| {
        syn::parse_file(text).map_err(|e| format!("runtime file {name} does not parse: {e}"))
    };
    let (_, main) = files
        .iter()
        .find(|(n, _)| *n == "mod.rs")
        .ok_or("runtime mod.rs missing")?;
    let mut file = parse("mod.rs", main)?;
    // Inner attributes (module docs) are allowed in an inline module's body.
    for item in &mut file.items {
        if let syn::Item::Mod(m) = item {
            if m.content.is_none() {
                let name = format!("{}.rs", m.ident);
                let (_, text) = files
                    .iter()
                    .find(|(n, _)| *n == name)
                    .ok_or_else(|| format!("runtime file {name} missing"))?;
                let sub = parse(&name, text)?;
                // Kept inner (printed inside the braces): rustdoc resolves the links of a
                // module's outer docs from its parent, so `[`super::X`]` would break.
                m.attrs.extend(sub.attrs);
                m.content = Some((Default::default(), sub.items));
                m.semi = None;
            }
        }
    }
    let mut tokens = proc_macro2::TokenStream::new();
    for a in &file.attrs {
        a.to_tokens(&mut tokens);
    }
    for i in &file.items {
        i.to_tokens(&mut tokens);
    }
    Ok(tokens)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Generated code adds methods to the runtime's `Client`; the generator must know every
    /// name the runtime already uses so a request named like one gets another name.
    #[test]
    fn client_method_names_are_reserved() {
        let mut names = Vec::new();
        let items = ["client.rs", "aws.rs", "oauth1.rs"]
            .into_iter()
            .flat_map(|name| {
                let (_, text) = FILES.iter().find(|(n, _)| *n == name).unwrap();
                syn::parse_file(text).unwrap().items
            });
        for item in &items.collect::<Vec<_>>() {
            if let syn::Item::Impl(i) = item {
                let is_client =
                    matches!(&*i.self_ty, syn::Type::Path(p) if p.path.is_ident("Client"));
                if is_client && i.trait_.is_none() {
                    for it in &i.items {
                        if let syn::ImplItem::Fn(f) = it {
                            names.push(f.sig.ident.to_string());
                        }
                    }
                }
            }
        }
        assert!(names.len() > 10, "{names:?}");
        for n in names {
            assert!(
                crate::model::names::CLIENT_METHODS.contains(&n.as_str()),
                "`Client::{n}` is missing from names::CLIENT_METHODS"
            );
        }
    }

    #[test]
    fn the_runtime_inlines_into_one_module() {
        let none = AuthKinds::default();
        let tokens = inline(none).unwrap().to_string();
        assert!(!tokens.contains("aws"));
        assert!(!tokens.contains("pub mod oauth1"));
        let aws = AuthKinds { aws: true, ..none };
        assert!(inline(aws).unwrap().to_string().contains("pub mod aws"));
        let oauth1 = AuthKinds {
            oauth1: true,
            ..none
        };
        let with = inline(oauth1).unwrap().to_string();
        assert!(with.contains("pub mod oauth1") && !with.contains("pub mod aws"));
        assert!(tokens.contains("pub mod client"), "{}", &tokens[..200]);
        assert!(!tokens.contains("mod client ;"));
        assert!(
            !tokens.contains("mock"),
            "a build script's crate has no `mock` feature"
        );
    }
}
