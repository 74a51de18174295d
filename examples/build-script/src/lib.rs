//! A crate that generates its API client at build time: `build.rs` runs postgen on a Postman
//! collection, and the client is included here as a module.

/// The Zoom Live Stream API: the client generated from `zoom-live-stream.postman_collection.json`.
pub mod zoom {
    include!(concat!(env!("OUT_DIR"), "/zoom.rs"));
}
