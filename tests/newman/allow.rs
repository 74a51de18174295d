//! The allow-list (`tests/newman/allow-list.tsv`): differences where newman itself is wrong, each
//! with the reason. Tab-separated columns: collection (file stem, or `*`), request (the example's
//! path, e.g. `users::list_users`, or `*`), what differs (as the harness names it: `path`,
//! `query`, `body`, `header <name>`, `missing`, …), why newman is wrong. `#` starts a comment.

use std::cell::Cell;
use std::path::Path;

pub struct Entry {
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
            let [collection, request, what, why] = cols[..] else {
                return Err(format!(
                    "{}:{}: expected 4 tab-separated columns (collection, request, what, why)",
                    path.display(),
                    i + 1
                ));
            };
            if why.trim().is_empty() {
                return Err(format!("{}:{}: no reason given", path.display(), i + 1));
            }
            entries.push(Entry {
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

    /// The entry that explains this difference, if any.
    pub fn find(&self, collection: &str, request: &str, what: &str) -> Option<&Entry> {
        let e = self.entries.iter().find(|e| {
            (e.collection == "*" || e.collection == collection)
                && (e.request == "*" || e.request == request)
                && e.what == what
        })?;
        e.used.set(true);
        Some(e)
    }
}
