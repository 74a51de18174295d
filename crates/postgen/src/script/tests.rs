use super::*;

#[test]
fn scratch() {
    let Ok(path) = std::env::var("SCRATCH") else {
        return;
    };
    let src = std::fs::read_to_string(path).unwrap();
    let listen = if std::env::var("PRE").is_ok() {
        Listen::Prerequest
    } else {
        Listen::Test
    };
    println!("{:#?}", analyse(&src, listen));
}
