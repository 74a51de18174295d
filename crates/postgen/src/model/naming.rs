//! Operation names: what a request's function is called in its module, before collisions are
//! settled by the module's [`Namespace`](super::names::Namespace).

use std::collections::HashMap;

use super::names;
use super::url::{PathSegment, path_segment, split};
use crate::read::RequestItem;

/// What names a request: its base name, method and path parameter keys.
type Naming = (String, String, Vec<String>);

/// The function names of one module's requests, in order, before collisions are settled: the
/// request's name without its articles; where several share it, the method (`get_users`,
/// `post_users`) or a path parameter (`retrieve_feature_by_id`) tells them apart when it can.
pub(super) fn operation_names(requests: &[&RequestItem<'_>]) -> Vec<String> {
    let info: Vec<Naming> = requests
        .iter()
        .map(|r| {
            let url = split(&r.request.url);
            let method = r.request.method.to_ascii_lowercase();
            let base = names::snake(&names::without_articles(&r.name))
                .or_else(|| names::snake(&format!("{} {}", method, url.path.join(" "))))
                .unwrap_or_else(|| "request".to_owned());
            (
                names::collapse_repeats(&base),
                method,
                path_param_keys(&url.path),
            )
        })
        .collect();
    // Requests by base name, once: a flat collection holds thousands in one module.
    let mut by_base: HashMap<&str, Vec<&Naming>> = HashMap::new();
    for i in &info {
        by_base.entry(i.0.as_str()).or_default().push(i);
    }
    info.iter()
        .map(|(base, method, params)| {
            let same = &by_base[base.as_str()];
            if same.len() < 2 {
                return base.clone();
            }
            let starts_with_method = METHOD_WORDS.iter().any(|m| {
                base.strip_prefix(m)
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with('_'))
            });
            if !starts_with_method && same.iter().filter(|(_, m, _)| m == method).count() == 1 {
                if let Some(m) = names::snake(method).filter(|m| METHOD_WORDS.contains(&m.as_str()))
                {
                    return format!("{m}_{base}");
                }
            }
            if same.iter().filter(|(.., p)| p == params).count() == 1 {
                if let Some(last) = params.last().and_then(|p| names::snake(p)) {
                    if !base.split('_').any(|w| w == last) {
                        return format!("{base}_by_{last}");
                    }
                }
            }
            base.clone()
        })
        .collect()
}

/// Lower-case HTTP methods that read as verbs in a function name.
const METHOD_WORDS: &[&str] = &["get", "post", "put", "patch", "delete", "head", "options"];

/// The path parameters of a URL's segments (`:id`, `{{id}}`), in order.
fn path_param_keys(path: &[std::borrow::Cow<'_, str>]) -> Vec<String> {
    path.iter()
        .filter_map(|seg| match path_segment(seg) {
            PathSegment::Param { key, .. } => Some(key.to_owned()),
            PathSegment::Text(_) => None,
        })
        .collect()
}
