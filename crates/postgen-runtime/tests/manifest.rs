//! Generated crates copy this crate's sources and declare the dependencies the generator lists
//! (`postgen::RUNTIME_DEPENDENCIES`, `postgen::AWS_SIGV4_DEPENDENCIES`): they must be the ones
//! this crate is built and tested with.

#[test]
fn generated_crates_declare_the_runtime_dependencies() {
    let manifest = include_str!("../Cargo.toml");
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
    let (deps, aws) = deps.split_once("aws-sigv4 =").unwrap();
    let aws = format!("aws-sigv4 ={aws}");
    let features = manifest
        .split("[features]")
        .nth(1)
        .unwrap()
        .split("\n[")
        .next()
        .unwrap();
    assert_eq!(
        lines(&format!("{aws}{features}")),
        lines(&postgen::AWS_SIGV4_DEPENDENCIES.replace("[features]", ""))
    );
    assert_eq!(lines(deps), lines(postgen::RUNTIME_DEPENDENCIES));
}
