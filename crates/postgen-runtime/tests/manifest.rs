//! Generated crates copy this crate's sources and declare the dependencies the generator lists
//! (`postgen::RUNTIME_DEPENDENCIES`, `postgen::AWS_SIGV4_DEPENDENCIES`,
//! `postgen::OAUTH1_DEPENDENCIES`, `postgen::MOCK_DEPENDENCIES`): they must be the ones this crate is built and tested with.

#[test]
fn generated_crates_declare_the_runtime_dependencies() {
    let manifest = include_str!("../Cargo.toml");
    let section = |name: &str| {
        manifest
            .split(name)
            .nth(1)
            .and_then(|s| s.split("\n[").next())
            .unwrap()
            .to_owned()
    };
    let lines = |s: &str| {
        let mut v: Vec<String> = s
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#') && !l.starts_with('['))
            .map(str::to_owned)
            .collect();
        v.sort();
        v
    };
    let ours = lines(&format!(
        "{}{}",
        section("[dependencies]"),
        section("[features]")
    ));
    let generated = lines(&format!(
        "{}{}{}{}",
        postgen::RUNTIME_DEPENDENCIES,
        postgen::AWS_SIGV4_DEPENDENCIES,
        postgen::OAUTH1_DEPENDENCIES,
        postgen::MOCK_DEPENDENCIES
    ));
    assert_eq!(ours, generated);
}
