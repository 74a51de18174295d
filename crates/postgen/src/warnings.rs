//! Warnings as a user reads them: each of a kind, and grouped by kind the way rustc and cargo
//! group repeated diagnostics, so that a collection with 2,000 of one kind gives one line of it.

use std::fmt;
use std::path::PathBuf;

use crate::error::Location;

/// What a [`Warning`] is about. Every warning has one; they group output (one line per kind) and
/// name it in `--message-format json`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum WarningKind {
    /// A script, or part of one, that the generated client does not do.
    Script,
    /// A `test` script that only checks the response: nothing sent depends on it.
    ScriptAssertions,
    /// Auth settings the client sends otherwise than Postman, or cannot read.
    Auth,
    /// A header that is not sent.
    Header,
    /// A body that is not sent, or sent otherwise than written.
    Body,
    /// A saved example the generated types cannot learn from.
    Example,
    /// Responses an operation returns untyped.
    Response,
    /// A folder or request placed elsewhere than written, or skipped, because of how the
    /// collection is laid out.
    Structure,
    /// Variables Postman ignores (on folders and requests), ignored here too.
    Variable,
    /// A host with no usable URL at generation time.
    Host,
    /// A request without a URL.
    NoUrl,
    /// A request of a kind postgen does not generate (gRPC, WebSocket, …).
    Unsupported,
    /// A request name that may not say what the request does (it names other requests'
    /// resources, or looks cut short): the function is named after it all the same.
    Name,
}

impl WarningKind {
    /// Every kind, in the order groups are listed when counts tie.
    pub const ALL: [WarningKind; 13] = [
        WarningKind::Script,
        WarningKind::ScriptAssertions,
        WarningKind::Auth,
        WarningKind::Header,
        WarningKind::Body,
        WarningKind::Example,
        WarningKind::Response,
        WarningKind::Structure,
        WarningKind::Variable,
        WarningKind::Host,
        WarningKind::NoUrl,
        WarningKind::Unsupported,
        WarningKind::Name,
    ];

    /// A stable kebab-case name, as `--message-format json` gives it.
    pub fn code(self) -> &'static str {
        match self {
            WarningKind::Script => "script",
            WarningKind::ScriptAssertions => "script-assertions",
            WarningKind::Auth => "auth",
            WarningKind::Header => "header",
            WarningKind::Body => "body",
            WarningKind::Example => "example",
            WarningKind::Response => "response",
            WarningKind::Structure => "structure",
            WarningKind::Variable => "variable",
            WarningKind::Host => "host",
            WarningKind::NoUrl => "no-url",
            WarningKind::Unsupported => "unsupported",
            WarningKind::Name => "name",
        }
    }

    /// What many warnings of the kind are, as a plural noun phrase: "scripts not wholly understood".
    pub fn summary(self) -> &'static str {
        match self {
            WarningKind::Script => "scripts not wholly understood",
            WarningKind::ScriptAssertions => "test scripts that only check the response",
            WarningKind::Auth => "auth settings not sent as written",
            WarningKind::Header => "headers left out",
            WarningKind::Body => "bodies not sent as written",
            WarningKind::Example => "saved examples not used for types",
            WarningKind::Response => "responses returned untyped",
            WarningKind::Structure => "folders and requests placed or skipped",
            WarningKind::Variable => "folder and request variables ignored",
            WarningKind::Host => "hosts without a URL",
            WarningKind::NoUrl => "requests without a URL",
            WarningKind::Unsupported => "requests of kinds not generated",
            WarningKind::Name => "request names that may not say what the request does",
        }
    }
}

impl fmt::Display for WarningKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A warning: something in the collection the generated code does not express, and what was done.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    /// What it is about.
    pub kind: WarningKind,
    /// The input file it is about.
    pub file: PathBuf,
    /// Where in that file.
    pub location: Location,
    /// What the generated code does not express, and what it does instead.
    pub message: String,
}

impl fmt::Display for Warning {
    /// `file:line:column: warning: message (at json.path)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: warning: {}",
            self.file.display(),
            self.location.line,
            self.location.column,
            self.message
        )?;
        if !self.location.json_path.is_empty() {
            write!(f, " (at {})", self.location.json_path)?;
        }
        Ok(())
    }
}

/// The warnings of one kind.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WarningGroup<'a> {
    /// Their kind.
    pub kind: WarningKind,
    /// All of them, in the order they were found.
    pub warnings: Vec<&'a Warning>,
}

impl WarningGroup<'_> {
    /// The first warning of the group.
    pub fn first(&self) -> &Warning {
        self.warnings[0]
    }
}

impl fmt::Display for WarningGroup<'_> {
    /// One warning as itself; more as one line: how many, of what, and the first in full.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let first = self.first();
        if self.warnings.len() == 1 {
            return first.fmt(f);
        }
        write!(
            f,
            "{}:{}:{}: warning: {} {} [{}], the first here: {}",
            first.file.display(),
            first.location.line,
            first.location.column,
            thousands(self.warnings.len()),
            self.kind.summary(),
            self.kind.code(),
            first.message
        )?;
        if !first.location.json_path.is_empty() {
            write!(f, " (at {})", first.location.json_path)?;
        }
        Ok(())
    }
}

/// `warnings` by kind: the largest group first (ties in [`WarningKind::ALL`]'s order).
pub fn group(warnings: &[Warning]) -> Vec<WarningGroup<'_>> {
    let mut groups: Vec<WarningGroup<'_>> = WarningKind::ALL
        .iter()
        .map(|&kind| WarningGroup {
            kind,
            warnings: warnings.iter().filter(|w| w.kind == kind).collect(),
        })
        .filter(|g| !g.warnings.is_empty())
        .collect();
    // Stable: ties keep ALL's order.
    groups.sort_by_key(|g| std::cmp::Reverse(g.warnings.len()));
    groups
}

/// "1,940 warnings (1,924 of them: scripts not wholly understood)", or "1 warning: header left out"; `None`
/// for none.
pub fn summary(warnings: &[Warning]) -> Option<String> {
    let groups = group(warnings);
    let top = groups.first()?;
    let n = warnings.len();
    Some(if n == 1 {
        format!("1 warning ({})", top.kind.summary())
    } else if groups.len() == 1 {
        format!("{} warnings, all {}", thousands(n), top.kind.summary())
    } else {
        format!(
            "{} warnings ({} of them: {})",
            thousands(n),
            thousands(top.warnings.len()),
            top.kind.summary()
        )
    })
}

/// `1940` → `1,940`.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(kind: WarningKind, line: usize) -> Warning {
        Warning {
            kind,
            file: "api.json".into(),
            location: Location {
                json_path: format!("item[{line}]"),
                line,
                column: 3,
            },
            message: format!("message {line}"),
        }
    }

    #[test]
    fn groups_by_kind_largest_first_with_the_first_warning_in_full() {
        let all = vec![
            w(WarningKind::Header, 1),
            w(WarningKind::Script, 2),
            w(WarningKind::Script, 3),
            w(WarningKind::Script, 4),
        ];
        let groups = group(&all);
        let lines: Vec<String> = groups.iter().map(|g| g.to_string()).collect();
        assert_eq!(
            lines,
            [
                "api.json:2:3: warning: 3 scripts not wholly understood [script], the first here: message 2 \
                 (at item[2])",
                "api.json:1:3: warning: message 1 (at item[1])",
            ]
        );
        assert_eq!(
            summary(&all).unwrap(),
            "4 warnings (3 of them: scripts not wholly understood)"
        );
        assert_eq!(
            summary(&all[1..]).unwrap(),
            "3 warnings, all scripts not wholly understood"
        );
        assert_eq!(summary(&all[..1]).unwrap(), "1 warning (headers left out)");
        assert_eq!(summary(&[]), None);
    }

    #[test]
    fn counts_read_with_thousands_separators() {
        let cases = [(0, "0"), (999, "999"), (1000, "1,000"), (1940, "1,940")];
        for (n, s) in cases {
            assert_eq!(thousands(n), s);
        }
        assert_eq!(thousands(1_234_567), "1,234,567");
    }

    #[test]
    fn every_kind_has_its_own_code() {
        let mut codes: Vec<_> = WarningKind::ALL.iter().map(|k| k.code()).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), WarningKind::ALL.len());
    }
}
