//! A crate that generates its API clients at build time: `build.rs` runs postgen on Postman
//! collections, and each client is included here as a module.

/// The Zoom Live Stream API: the client generated from `zoom-live-stream.postman_collection.json`.
pub mod zoom {
    include!(concat!(env!("OUT_DIR"), "/zoom.rs"));
}

/// The Wire Auth API: the client generated from `wire-auth.postman_collection.json`.
pub mod auth {
    include!(concat!(env!("OUT_DIR"), "/auth.rs"));
}

/// The V3 Shop API: the client generated from the v3 collection directory `v3-shop/`.
pub mod shop {
    include!(concat!(env!("OUT_DIR"), "/shop.rs"));
}
