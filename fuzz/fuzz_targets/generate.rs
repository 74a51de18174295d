//! Arbitrary bytes as a collection: read + generate + format must never panic, and whatever
//! generates must be Rust that parses (formatting parses it).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let builder = postgen::Builder::new();
    if let Ok(generated) =
        builder.generate_from_bytes("fuzz.postman_collection.json", data)
    {
        generated.files().expect("generated code formats");
    }
});
