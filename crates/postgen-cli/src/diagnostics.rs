//! How warnings and errors reach the user: grouped by kind like rustc's (all of them with
//! `--verbose`, none with `--quiet`), coloured like cargo's on a terminal, or one JSON object per
//! diagnostic (`--message-format json`) for editors and CI annotations.

use std::io::{IsTerminal, Write};

use clap::ValueEnum;
use postgen::{Error, Warning, warnings};

/// `--message-format`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum MessageFormat {
    // For people: warnings grouped by kind, on stderr. (Plain comments: clap would turn doc
    // comments into a paragraph per value in --help.)
    #[default]
    Human,
    // One JSON object per line on stdout for each warning and error; everything else goes to
    // stderr.
    Json,
}

/// `--color`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    #[default]
    Auto,
    Always,
    Never,
}

/// How much of the warnings to show.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verbosity {
    Quiet,
    Grouped,
    All,
}

/// Where and how diagnostics are printed.
pub struct Reporter {
    pub format: MessageFormat,
    pub verbosity: Verbosity,
    color: bool,
}

impl Reporter {
    pub fn new(format: MessageFormat, verbosity: Verbosity, color: ColorChoice) -> Reporter {
        let env = |k: &str| std::env::var(k).ok();
        Reporter {
            format,
            verbosity,
            color: format == MessageFormat::Human
                && use_color(color, env, std::io::stderr().is_terminal()),
        }
    }

    /// A line of the command's own output (summaries, diffs, tables): stdout, unless stdout
    /// carries JSON.
    pub fn out(&self, line: impl std::fmt::Display) {
        match self.format {
            MessageFormat::Human => println!("{line}"),
            MessageFormat::Json => eprintln!("{line}"),
        }
    }

    pub fn warnings(&self, all: &[Warning]) {
        match self.format {
            MessageFormat::Json => {
                let mut out = std::io::stdout().lock();
                for w in all {
                    let _ = writeln!(out, "{}", warning_json(w));
                }
            }
            MessageFormat::Human => {
                let lines: Vec<String> = match self.verbosity {
                    Verbosity::Quiet => return,
                    Verbosity::All => all.iter().map(|w| w.to_string()).collect(),
                    Verbosity::Grouped => {
                        warnings::group(all).iter().map(|g| g.to_string()).collect()
                    }
                };
                let mut err = std::io::stderr().lock();
                for l in &lines {
                    let _ = writeln!(err, "{}", self.paint_level(l, "warning", YELLOW));
                }
                if let Some(summary) = warnings::summary(all) {
                    let hint = if lines.len() < all.len() {
                        "; --verbose lists them"
                    } else {
                        ""
                    };
                    let end = match summary.strip_suffix(')') {
                        Some(open) => format!("{open}{hint})"),
                        None if hint.is_empty() => summary,
                        None => format!("{summary} ({})", &hint[2..]),
                    };
                    let _ = writeln!(err, "{}: {end}", self.bold("postgen"));
                }
            }
        }
    }

    pub fn error(&self, e: &Error) {
        match self.format {
            MessageFormat::Json => println!("{}", error_json(e)),
            MessageFormat::Human => {
                let line = format!("error: {e}");
                eprintln!("{}", self.paint_level(&line, "error", RED));
            }
        }
    }

    /// `text` with its first `level:` coloured (bold, in `colour`).
    fn paint_level(&self, text: &str, level: &str, colour: &str) -> String {
        if !self.color {
            return text.to_owned();
        }
        let marker = format!("{level}:");
        let at = if text.starts_with(&marker) {
            Some(0)
        } else {
            text.find(&format!(": {marker}")).map(|i| i + 2)
        };
        match at {
            Some(i) => format!(
                "{}{BOLD}{colour}{level}{RESET}{BOLD}:{RESET}{}",
                &text[..i],
                &text[i + marker.len()..]
            ),
            None => text.to_owned(),
        }
    }

    fn bold(&self, text: &str) -> String {
        if self.color {
            format!("{BOLD}{text}{RESET}")
        } else {
            text.to_owned()
        }
    }
}

const BOLD: &str = "\x1b[1m";
const RESET: &str = "\x1b[0m";
const YELLOW: &str = "\x1b[33m";
const RED: &str = "\x1b[31m";

/// Whether to colour, the way cargo decides: `--color`, then `CARGO_TERM_COLOR`, then the
/// NO_COLOR and CLICOLOR conventions, then whether stderr is a terminal.
fn use_color(choice: ColorChoice, env: impl Fn(&str) -> Option<String>, terminal: bool) -> bool {
    match choice {
        ColorChoice::Always => return true,
        ColorChoice::Never => return false,
        ColorChoice::Auto => {}
    }
    match env("CARGO_TERM_COLOR").as_deref() {
        Some("always") => return true,
        Some("never") => return false,
        _ => {}
    }
    if env("NO_COLOR").is_some_and(|v| !v.is_empty()) {
        return false;
    }
    if env("CLICOLOR_FORCE").is_some_and(|v| !v.is_empty() && v != "0") {
        return true;
    }
    if env("CLICOLOR").as_deref() == Some("0") {
        return false;
    }
    terminal
}

fn warning_json(w: &Warning) -> String {
    serde_json::json!({
        "level": "warning",
        "kind": w.kind.code(),
        "message": w.message,
        "file": w.file.to_string_lossy(),
        "line": w.location.line,
        "column": w.location.column,
        "json_path": w.location.json_path,
    })
    .to_string()
}

fn error_json(e: &Error) -> String {
    let l = e.location.as_ref();
    serde_json::json!({
        "level": "error",
        "kind": e.kind.code(),
        "message": e.message,
        "file": e.file.as_ref().map(|f| f.to_string_lossy()),
        "line": l.map(|l| l.line),
        "column": l.map(|l| l.column),
        "json_path": l.map(|l| &l.json_path),
    })
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colour_follows_cargo_and_the_conventions() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| {
                pairs
                    .iter()
                    .find(|(n, _)| *n == k)
                    .map(|(_, v)| v.to_string())
            }
        };
        use ColorChoice::*;
        assert!(use_color(Auto, env(&[]), true));
        assert!(!use_color(Auto, env(&[]), false));
        assert!(!use_color(Auto, env(&[("NO_COLOR", "1")]), true));
        assert!(use_color(Auto, env(&[("NO_COLOR", "")]), true));
        assert!(!use_color(Auto, env(&[("CLICOLOR", "0")]), true));
        assert!(use_color(Auto, env(&[("CLICOLOR_FORCE", "1")]), false));
        assert!(use_color(
            Auto,
            env(&[("CARGO_TERM_COLOR", "always")]),
            false
        ));
        assert!(!use_color(
            Auto,
            env(&[("CARGO_TERM_COLOR", "never"), ("CLICOLOR_FORCE", "1")]),
            true
        ));
        assert!(use_color(Always, env(&[("NO_COLOR", "1")]), false));
        assert!(!use_color(Never, env(&[]), true));
    }
}
