//! What would be generated, one row per request, for `postgen inspect`.

use crate::model::{Api, Module};

/// What one request becomes: where its function is, its name, and what it sends.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InspectRow {
    /// Module path, `crate` for the root.
    pub module: String,
    /// The function's name in its module.
    pub function: String,
    /// The HTTP method, upper-case.
    pub method: String,
    /// Host as written plus the path template, e.g. `{{baseUrl}}/webinars/{webinarId}/livestream`.
    pub url: String,
    /// What its scripts store in variables: after the response (captures), then before sending
    /// (presets, marked `before sending:`), one line each.
    pub captures: Vec<String>,
    /// How its call asks for the next page (`pages()`, `items()`), when it is paginated.
    pub pages: Option<String>,
}

/// One row per request, in the collection's order within each module, modules depth first.
pub(crate) fn inspect(api: &Api) -> Vec<InspectRow> {
    let mut rows = Vec::new();
    api.root.each_operation(&mut |chain, op| {
        let host = api.hosts.get(op.host).map_or("", |h| h.written.as_str());
        rows.push(InspectRow {
            module: std::iter::once("crate")
                .chain(Module::path_of(chain))
                .collect::<Vec<_>>()
                .join("::"),
            function: op.ident.clone(),
            method: op.method.clone(),
            url: format!("{host}{}", op.path_template()),
            captures: op
                .captures
                .iter()
                .map(crate::emit::captures::summary)
                .chain(
                    op.presets
                        .iter()
                        .map(|p| format!("before sending: {}", crate::emit::captures::summary(p))),
                )
                .collect(),
            pages: op.pages.as_ref().map(|rule| {
                format!(
                    "`{}`, next page: {}",
                    rule.items.key,
                    crate::emit::pages::describe(rule)
                )
            }),
        });
    });
    rows
}
