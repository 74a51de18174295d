//! Findings: errors and warnings about the input, located by span while the pipeline runs and
//! turned into file, JSON path and line:column when reported.

use crate::json::{Span, Value};
pub use crate::warnings::WarningKind;

/// Something found in the input, at `span`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub span: Span,
    pub message: String,
}

impl Finding {
    pub fn new(span: Span, message: impl Into<String>) -> Finding {
        Finding {
            span,
            message: message.into(),
        }
    }

    /// "expected X, found a number".
    pub fn wrong_type(v: &Value<'_>, expected: &str) -> Finding {
        Finding::new(
            v.span,
            format!("expected {expected}, found {}", article(v.type_name())),
        )
    }
}

fn article(type_name: &str) -> String {
    match type_name {
        "null" => "null".to_owned(),
        "array" | "object" => format!("an {type_name}"),
        other => format!("a {other}"),
    }
}

/// A warning while the pipeline runs, located by span.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpannedWarning {
    pub kind: WarningKind,
    pub span: Span,
    pub message: String,
}

/// The warnings gathered while generating.
#[derive(Debug, Default)]
pub struct Findings {
    /// In the order they were found.
    pub warnings: Vec<SpannedWarning>,
}

impl Findings {
    /// Records a warning of `kind` about what is at `span`.
    pub fn warn(&mut self, kind: WarningKind, span: Span, message: impl Into<String>) {
        self.warnings.push(SpannedWarning {
            kind,
            span,
            message: message.into(),
        });
    }
}
