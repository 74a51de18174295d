//! The journal: the plan of a write, stored in the output directory before anything changes, so
//! that the next run can finish or undo a run that was killed.

use std::path::{Component, Path};

use super::MAGIC;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum EntryKind {
    /// A file that did not exist.
    New,
    /// A file replaced by a new version.
    Replace,
    /// A file postgen generated earlier and no longer generates.
    Remove,
}

impl EntryKind {
    fn word(self) -> &'static str {
        match self {
            EntryKind::New => "new",
            EntryKind::Replace => "replace",
            EntryKind::Remove => "remove",
        }
    }
}

/// The plan of a write, as stored in `.postgen-journal`. Paths are relative to the output
/// directory, `/`-separated.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct Journal {
    /// The output directory did not exist.
    pub root_created: bool,
    /// Folders created, outermost first.
    pub dirs: Vec<String>,
    pub entries: Vec<(EntryKind, String)>,
}

impl Journal {
    pub fn to_text(&self) -> String {
        let mut s = format!("{MAGIC}\n");
        if self.root_created {
            s.push_str("root-created\n");
        }
        for d in &self.dirs {
            s.push_str(&format!("dir {d}\n"));
        }
        for (k, p) in &self.entries {
            s.push_str(&format!("{} {p}\n", k.word()));
        }
        s
    }

    pub fn parse(text: &str) -> Option<Journal> {
        let mut lines = text.lines();
        if lines.next() != Some(MAGIC) {
            return None;
        }
        let mut j = Journal::default();
        for line in lines {
            if line == "root-created" {
                j.root_created = true;
                continue;
            }
            let (word, path) = line.split_once(' ')?;
            // A journal only ever names paths inside the directory.
            let safe = !path.is_empty()
                && Path::new(path)
                    .components()
                    .all(|c| matches!(c, Component::Normal(_)));
            if !safe {
                return None;
            }
            let path = path.to_owned();
            match word {
                "dir" => j.dirs.push(path),
                "new" => j.entries.push((EntryKind::New, path)),
                "replace" => j.entries.push((EntryKind::Replace, path)),
                "remove" => j.entries.push((EntryKind::Remove, path)),
                _ => return None,
            }
        }
        Some(j)
    }
}
