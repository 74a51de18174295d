//! What a JSON document is when it is not a Postman collection: other API formats and Postman's
//! own other files are refused with what they look like and what to pass instead, so that none
//! becomes an empty crate.

use crate::diag::Finding;
use crate::json::Value;

/// `Some` refusal when `root` is a known kind of document other than a collection.
pub fn not_a_collection(root: &Value<'_>) -> Option<Finding> {
    let has = |k: &str| root.get(k).is_some();
    let text = |k: &str| root.get(k).and_then(Value::as_str);
    let what = if has("openapi") {
        "an OpenAPI document (`openapi` at the top level): postgen reads Postman collections; \
         import it into Postman and export the collection (v2.1), or use an OpenAPI generator \
         such as progenitor"
    } else if has("swagger") {
        "a Swagger 2 document (`swagger` at the top level): postgen reads Postman collections; \
         import it into Postman and export the collection (v2.1), or use an OpenAPI generator"
    } else if text("_postman_variable_scope") == Some("globals") {
        "Postman globals, not a collection: pass the collection, and its variables with \
         `--environment` (an environment file)"
    } else if text("_postman_variable_scope") == Some("environment")
        || (has("values") && !has("info") && !has("item") && !has("requests"))
    {
        "a Postman environment, not a collection: pass it with `--environment`, and the \
         collection as the input"
    } else if root.get("log").is_some_and(|l| l.get("entries").is_some()) {
        "a HAR file (recorded HTTP traffic), not a collection: import it into Postman and export \
         the collection (v2.1)"
    } else if text("_type") == Some("export") || has("__export_format") {
        "an Insomnia export, not a Postman collection: import it into Postman and export the \
         collection (v2.1)"
    } else if has("brunoConfig") || (has("items") && has("version") && !has("info")) {
        "a Bruno collection export, not a Postman collection: export the collection from Postman \
         (v2.1), or import this one into Postman first"
    } else {
        return None;
    };
    Some(Finding::new(
        root.span,
        format!("not a Postman collection: this is {what}"),
    ))
}
