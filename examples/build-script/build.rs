fn main() -> Result<(), Box<dyn std::error::Error>> {
    // Writes $OUT_DIR/zoom.rs, prints cargo:rerun-if-changed for both files it reads, and
    // shows postgen's warnings as cargo warnings.
    postgen::Builder::new()
        .collection("../../collections/zoom-live-stream.postman_collection.json")
        .environment("zoom.postman_environment.json")
        .module_name("zoom")
        .compile()?;
    // One module per collection. This one signs requests with `awsv4`; without a feature
    // `aws-sigv4` (see `postgen::AWS_SIGV4_DEPENDENCIES`) it builds without AWS signing.
    postgen::Builder::new()
        .collection("../../collections/wire-auth.postman_collection.json")
        .module_name("auth")
        .compile()?;
    // A collection in Postman's v3 format: a directory of YAML files (in a repository kept
    // with Postman v12: `postman/collections/<name>/`), with a v3 environment. Cargo watches
    // the whole directory: editing, adding or removing a request file reruns this script.
    postgen::Builder::new()
        .collection("../../collections/v3-shop")
        .environment("shop.environment.yaml")
        .module_name("shop")
        .compile()?;
    Ok(())
}
