//! Collection variables: `{{name}}` templates and how a variable gets its value.

use std::borrow::Cow;
use std::time::{SystemTime, UNIX_EPOCH};

use super::client::VarSpec;
use super::error::Failure;
use super::retry::random_u64;
use super::template::{segments, Piece, Segment};

/// The value of variable `name`: the client's value (`Client::with_variable`), else the
/// default the request carries (the collection resolved it in the request's own scope:
/// request, folder, collection, environment), else the ApiSpec variable's default, else `None`.
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
        .or(default)
        .or_else(|| spec.iter().find(|v| v.name == name).and_then(|v| v.default))
}

/// Renders a template into `out`; a variable without a value is an error. Postman's dynamic
/// variables (`{{$guid}}`, `{{$timestamp}}`, ...) get a fresh value each time, unless the client
/// sets one.
pub fn render_into(
    out: &mut String,
    tpl: &[Piece<&str>],
    values: &[(String, String)],
    spec: &'static [VarSpec],
) -> Result<(), Failure> {
    for piece in tpl {
        match *piece {
            Piece::Lit(text) => out.push_str(text),
            Piece::Var { name, default } => {
                match lookup(values, spec, name, default).map(Cow::Borrowed) {
                    Some(value) => out.push_str(&value),
                    None => match dynamic(name) {
                        Some(value) => out.push_str(&value),
                        None => return Err(missing(name)),
                    },
                }
            }
        }
    }
    Ok(())
}

/// The value of one of Postman's dynamic variables, new on every call: `$guid` and
/// `$randomUUID` (a version 4 UUID), `$timestamp` (Unix seconds), `$isoTimestamp` (UTC,
/// `2024-01-31T12:00:00.000Z`), `$randomInt` (0 to 1000).
pub fn dynamic(name: &str) -> Option<String> {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    Some(match name {
        "$guid" | "$randomUUID" => {
            let (a, b) = (random_u64(), random_u64());
            let bytes: Vec<u8> = a.to_be_bytes().into_iter().chain(b.to_be_bytes()).collect();
            let hex: String = bytes
                .iter()
                .enumerate()
                .map(|(i, byte)| match i {
                    6 => format!("{:02x}", (byte & 0x0f) | 0x40),
                    8 => format!("{:02x}", (byte & 0x3f) | 0x80),
                    _ => format!("{byte:02x}"),
                })
                .collect();
            format!(
                "{}-{}-{}-{}-{}",
                &hex[0..8],
                &hex[8..12],
                &hex[12..16],
                &hex[16..20],
                &hex[20..32]
            )
        }
        "$timestamp" => now.as_secs().to_string(),
        "$isoTimestamp" => {
            let secs = now.as_secs();
            let (y, m, d) = civil_from_days(secs / 86_400);
            let rem = secs % 86_400;
            format!(
                "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{:03}Z",
                rem / 3600,
                rem % 3600 / 60,
                rem % 60,
                now.subsec_millis()
            )
        }
        "$randomInt" => (random_u64() % 1001).to_string(),
        _ => return None,
    })
}

/// Days since 1970-01-01 → (year, month, day), proleptic Gregorian (Howard Hinnant's algorithm).
fn civil_from_days(days: u64) -> (u64, u64, u64) {
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + u64::from(m <= 2);
    (y, m, d)
}

/// Renders a template to a new string.
pub fn render(
    tpl: &[Piece<&str>],
    values: &[(String, String)],
    spec: &'static [VarSpec],
) -> Result<String, Failure> {
    let mut out = String::new();
    render_into(&mut out, tpl, values, spec)?;
    Ok(out)
}

/// Renders text that holds `{{name}}` references, the way a collection writes them: each is
/// looked up like a template's variable (the client's values, then the collection's defaults;
/// dynamic variables get a fresh value). An unclosed `{{` is literal text, and so is the first
/// brace of `{{{name}}` ([`segments`]).
pub fn expand(
    text: &str,
    values: &[(String, String)],
    spec: &'static [VarSpec],
) -> Result<String, Failure> {
    let mut out = String::with_capacity(text.len());
    for segment in segments(text) {
        match segment {
            Segment::Text(t) => out.push_str(t),
            Segment::Var(name) => render_into(
                &mut out,
                &[Piece::Var {
                    name,
                    default: None,
                }],
                values,
                spec,
            )?,
        }
    }
    Ok(out)
}

/// The error for a variable without a value.
pub fn missing(name: &str) -> Failure {
    Failure::invalid(format!(
        "variable `{name}` has no value; set it with Client::with_variable"
    ))
}

/// Whether a variable's value may be shown (in `Debug` output): only variables the spec
/// declares as not secret. Unknown variables are treated as secret.
pub fn is_public(spec: &'static [VarSpec], name: &str) -> bool {
    spec.iter().any(|v| v.name == name && !v.secret)
}
