//! The allow-list (`tests/newman/allow-list.tsv`): differences where a runner itself is wrong,
//! each with the reason. Tab-separated columns: the runner it is about (`newman`, `postman-cli`
//! for the Postman CLI on the v2.1 file, `postman-cli-v3` on its v3 conversion, `postman-cli*`
//! for both of those, or `*`), collection (file stem, or `*`), request (the example's path, e.g.
//! `users::list_users`, or `*`), what differs (as the harness names it: `path`, `query`, `body`,
//! `header <name>`, `missing`, …), why the runner is wrong. A line of four columns is about
//! newman. `#` starts a comment.

use std::cell::Cell;
use std::path::Path;

pub struct Entry {
    pub runner: String,
    pub collection: String,
    pub request: String,
    pub what: String,
    pub why: String,
    pub line: usize,
    /// Whether some difference matched it in this run.
    pub used: Cell<bool>,
}

pub struct AllowList {
    pub entries: Vec<Entry>,
}

impl AllowList {
    pub fn load(path: &Path) -> Result<AllowList, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let mut entries = Vec::new();
        for (i, line) in text.lines().enumerate() {
            if line.trim().is_empty() || line.trim_start().starts_with('#') {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            let (runner, collection, request, what, why) = match cols[..] {
                [runner, collection, request, what, why] => {
                    (runner, collection, request, what, why)
                }
                [collection, request, what, why] => ("newman", collection, request, what, why),
                _ => {
                    return Err(format!(
                        "{}:{}: expected 5 tab-separated columns (runner, collection, request, \
                         what, why)",
                        path.display(),
                        i + 1
                    ));
                }
            };
            if why.trim().is_empty() {
                return Err(format!("{}:{}: no reason given", path.display(), i + 1));
            }
            entries.push(Entry {
                runner: runner.trim().to_owned(),
                collection: collection.trim().to_owned(),
                request: request.trim().to_owned(),
                what: what.trim().to_owned(),
                why: why.trim().to_owned(),
                line: i + 1,
                used: Cell::new(false),
            });
        }
        Ok(AllowList { entries })
    }

    /// The entry that explains this difference of `runner`'s, if any.
    pub fn find_for(
        &self,
        runner: &str,
        collection: &str,
        request: &str,
        what: &str,
    ) -> Option<&Entry> {
        let e = self.entries.iter().find(|e| {
            Self::runs(&e.runner, runner)
                && (e.collection == "*" || e.collection == collection)
                && (e.request == "*" || e.request == request)
                && e.what == what
        })?;
        e.used.set(true);
        Some(e)
    }

    /// Whether an entry for `pattern` (`*`, `postman-cli*` or a runner) is about `runner`.
    pub fn runs(pattern: &str, runner: &str) -> bool {
        pattern == "*"
            || pattern == runner
            || pattern
                .strip_suffix('*')
                .is_some_and(|p| runner.starts_with(p))
    }
}
