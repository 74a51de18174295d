//! The runtime's source, copied into every generated crate as `src/runtime/`, so that generated
//! crates build from crates.io alone. It is the `postgen-runtime` crate of this workspace, where it
//! is compiled and tested on its own.

macro_rules! runtime_files {
    ($($name:literal => $file:literal),* $(,)?) => {
        pub const FILES: &[(&str, &str)] = &[
            $(($name, include_str!(concat!("../../../postgen-runtime/src/", $file)))),*
        ];
    };
}

runtime_files! {
    "mod.rs" => "lib.rs",
    "auth.rs" => "auth.rs",
    "client.rs" => "client.rs",
    "encode.rs" => "encode.rs",
    "error.rs" => "error.rs",
    "form.rs" => "form.rs",
    "multipart.rs" => "multipart.rs",
    "request.rs" => "request.rs",
    "response.rs" => "response.rs",
    "retry.rs" => "retry.rs",
    "vars.rs" => "vars.rs",
}

/// The dependencies the runtime needs, as `Cargo.toml` lines; `postgen-runtime`'s own manifest
/// must list the same (a test checks).
pub const DEPENDENCIES: &str = r#"reqwest = { version = "0.13", default-features = false, features = ["rustls"] }
serde = { version = "1", features = ["derive"] }
serde_json = "1"
serde_path_to_error = "0.1"
percent-encoding = "2"
tokio = { version = "1", features = ["time"] }
"#;

/// The runtime as the items of one inline module: `mod x;` declarations in its `mod.rs` are
/// replaced by the items of the files they name.
pub fn inline() -> Result<proc_macro2::TokenStream, String> {
    use quote::ToTokens;
    let parse = |name: &str, text: &str| {
        syn::parse_file(text).map_err(|e| format!("runtime file {name} does not parse: {e}"))
    };
    let (_, main) = FILES
        .iter()
        .find(|(n, _)| *n == "mod.rs")
        .ok_or("runtime mod.rs missing")?;
    let mut file = parse("mod.rs", main)?;
    // Inner attributes (module docs) are allowed in an inline module's body.
    for item in &mut file.items {
        if let syn::Item::Mod(m) = item {
            if m.content.is_none() {
                let name = format!("{}.rs", m.ident);
                let (_, text) = FILES
                    .iter()
                    .find(|(n, _)| *n == name)
                    .ok_or_else(|| format!("runtime file {name} missing"))?;
                let sub = parse(&name, text)?;
                m.attrs.extend(sub.attrs.into_iter().map(|mut a| {
                    a.style = syn::AttrStyle::Outer;
                    a
                }));
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
        let (_, client) = FILES.iter().find(|(n, _)| *n == "client.rs").unwrap();
        let file = syn::parse_file(client).unwrap();
        let mut names = Vec::new();
        for item in &file.items {
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
    fn generated_crates_declare_the_runtime_dependencies() {
        let manifest = include_str!("../../../postgen-runtime/Cargo.toml");
        let deps = manifest
            .split("[dependencies]")
            .nth(1)
            .and_then(|s| s.split("\n[").next())
            .unwrap();
        let lines = |s: &str| {
            let mut v: Vec<String> = s
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .map(str::to_owned)
                .collect();
            v.sort();
            v
        };
        assert_eq!(lines(deps), lines(DEPENDENCIES));
    }

    #[test]
    fn the_runtime_inlines_into_one_module() {
        let tokens = inline().unwrap().to_string();
        assert!(tokens.contains("pub mod client"), "{}", &tokens[..200]);
        assert!(!tokens.contains("mod client ;"));
    }
}
