//! Collection variables: `{{name}}` templates and how a variable gets its value.

use super::client::VarSpec;
use super::error::Failure;

/// One piece of a template. `"Bearer {{token}}"` is
/// `&[Piece::Lit("Bearer "), Piece::Var { name: "token", default: None }]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Piece<'a> {
    /// Literal text.
    Lit(&'a str),
    /// A variable with the default value the request itself carries, if any.
    Var {
        name: &'a str,
        default: Option<&'a str>,
    },
}

/// The value of variable `name`: the client's value (`Client::with_variable`), else the
/// ApiSpec variable's default, else `default`, else `None`.
pub fn lookup<'a>(
    values: &'a [(String, String)],
    spec: &'static [VarSpec],
    name: &str,
    default: Option<&'a str>,
) -> Option<&'a str> {
    values
        .iter()
        .rev()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
        .or_else(|| spec.iter().find(|v| v.name == name).and_then(|v| v.default))
        .or(default)
}

/// Renders a template into `out`; a variable without a value is an error.
pub fn render_into(
    out: &mut String,
    tpl: &[Piece<'_>],
    values: &[(String, String)],
    spec: &'static [VarSpec],
) -> Result<(), Failure> {
    for piece in tpl {
        match *piece {
            Piece::Lit(text) => out.push_str(text),
            Piece::Var { name, default } => match lookup(values, spec, name, default) {
                Some(value) => out.push_str(value),
                None => return Err(missing(name)),
            },
        }
    }
    Ok(())
}

/// Renders a template to a new string.
pub fn render(
    tpl: &[Piece<'_>],
    values: &[(String, String)],
    spec: &'static [VarSpec],
) -> Result<String, Failure> {
    let mut out = String::new();
    render_into(&mut out, tpl, values, spec)?;
    Ok(out)
}

/// The error for a variable without a value.
pub fn missing(name: &str) -> Failure {
    Failure::InvalidRequest(format!(
        "variable `{name}` has no value; set it with Client::with_variable"
    ))
}

/// Whether a variable's value may be shown (in `Debug` output): only variables the spec
/// declares as not secret. Unknown variables are treated as secret.
pub fn is_public(spec: &'static [VarSpec], name: &str) -> bool {
    spec.iter().any(|v| v.name == name && !v.secret)
}
