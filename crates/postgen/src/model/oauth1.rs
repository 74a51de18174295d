//! The settings of an `oauth1` auth block, which the generated code carries as literals for the
//! runtime's signer (`runtime::OAuth1Settings`). Credentials (keys, secrets, tokens, the private
//! key, callback and verifier) are never read here: the client gets them at run time.

use crate::read;

/// What of a collection's `oauth1` block is compiled in: none of it a credential.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OAuth1 {
    /// As written; empty when the block has none (newman then signs with HMAC-SHA1 but sends
    /// no `oauth_signature_method`, and so does the runtime).
    pub signature_method: String,
    /// `addParamsToHeader`: the parameters go in the `Authorization` header (else an urlencoded
    /// body of a POST or PUT, else the query).
    pub in_header: bool,
    pub realm: String,
    /// `oauth_version` as written (newman sends none when the block has none).
    pub version: String,
    pub include_body_hash: bool,
    pub add_empty_params_to_sign: bool,
    pub disable_header_encoding: bool,
}

/// The settings of the `oauth1` block `a`, as newman reads them.
pub fn settings(a: &read::Auth<'_>) -> OAuth1 {
    let text = |k: &str| a.param(k).unwrap_or("").to_owned();
    let flag = |k: &str| a.param(k).is_some_and(|v| v.trim() == "true");
    OAuth1 {
        signature_method: text("signatureMethod"),
        in_header: flag("addParamsToHeader"),
        realm: text("realm"),
        version: text("version"),
        include_body_hash: flag("includeBodyHash"),
        add_empty_params_to_sign: flag("addEmptyParamsToSign"),
        disable_header_encoding: flag("disableHeaderEncoding"),
    }
}
