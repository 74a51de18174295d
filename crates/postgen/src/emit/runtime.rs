//! The runtime's source (`crates/postgen/runtime/`, part of this package), copied into every
//! generated crate as `src/runtime/`, so that generated crates build from crates.io alone. The
//! `postgen-runtime` crate of this workspace compiles and tests the same files on their own.

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
    "client.rs" => "client.rs",
    "encode.rs" => "encode.rs",
    "error.rs" => "error.rs",
    "fields.rs" => "fields.rs",
    "form.rs" => "form.rs",
    "multipart.rs" => "multipart.rs",
    "request.rs" => "request.rs",
    "response.rs" => "response.rs",
    "retry.rs" => "retry.rs",
    "template.rs" => "template.rs",
    "vars.rs" => "vars.rs",
}

/// The `aws` module's declaration in `mod.rs`: kept only in crates whose collection uses `awsv4`.
pub const AWS_MODULE: &str = "#[cfg(feature = \"aws-sigv4\")]\npub mod aws;\n";

/// The runtime files a crate needs: `aws.rs` only where requests are signed with `awsv4`.
pub fn files(aws: bool) -> impl Iterator<Item = (&'static str, std::borrow::Cow<'static, str>)> {
    FILES.iter().filter_map(move |(name, text)| match *name {
        "aws.rs" if !aws => None,
        "mod.rs" if !aws => Some((*name, std::borrow::Cow::Owned(text.replace(AWS_MODULE, "")))),
        _ => Some((*name, std::borrow::Cow::Borrowed(*text))),
    })
}

/// The optional dependencies and the feature of crates that sign with `awsv4`.
pub const AWS_DEPENDENCIES: &str = r#"aws-sigv4 = { version = "1", optional = true }
aws-credential-types = { version = "1", optional = true }
aws-smithy-runtime-api = { version = "1", optional = true }

[features]
# Sign `awsv4` requests with AWS's own crate: `Client::with_aws_sigv4`.
aws-sigv4 = ["dep:aws-sigv4", "dep:aws-credential-types", "dep:aws-smithy-runtime-api"]
"#;

/// The dependencies the runtime needs, as `Cargo.toml` lines; `postgen-runtime`'s own manifest
/// must list the same (its `tests/manifest.rs` checks).
pub const DEPENDENCIES: &str = r#"reqwest = { version = "0.13", default-features = false, features = ["rustls"] }
serde = { version = "1", features = ["derive"] }
serde_json = "1"
serde_path_to_error = "0.1"
percent-encoding = "2"
tokio = { version = "1", features = ["time"] }
"#;

/// The runtime as the items of one inline module: `mod x;` declarations in its `mod.rs` are
/// replaced by the items of the files they name.
pub fn inline(aws: bool) -> Result<proc_macro2::TokenStream, String> {
    use quote::ToTokens;
    let files: Vec<(&str, std::borrow::Cow<'static, str>)> = files(aws).collect();
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
        let items = ["client.rs", "aws.rs"].into_iter().flat_map(|name| {
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
        let tokens = inline(false).unwrap().to_string();
        assert!(!tokens.contains("aws"));
        assert!(inline(true).unwrap().to_string().contains("pub mod aws"));
        assert!(tokens.contains("pub mod client"), "{}", &tokens[..200]);
        assert!(!tokens.contains("mod client ;"));
    }
}
