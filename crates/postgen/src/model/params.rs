//! An operation's parameters: path parameters, query parameters and header arguments.

use super::auth::{auth_name, sets_authorization};
use super::hints::{described_scalar, required_mark, scalar_of};
use super::modeler::{Modeler, is_tchar};
use super::names::{self, Namespace};
use super::url::Query;
use super::{Auth, HeaderParam, HeaderValue, Param, QueryKind, QueryParam, Scalar, vars};
use crate::diag::WarningKind;
use crate::read;
use crate::read::RequestItem;

impl Modeler<'_> {
    pub(super) fn path_param(&mut self, key: &str, colon: bool, item: &RequestItem<'_>) -> Param {
        let var = item
            .request
            .url
            .variables
            .iter()
            .rev()
            .find(|v| v.key == key);
        let example = if colon {
            // Postman puts a value in the path only when it is not empty (an empty one leaves
            // `:key`); a variable in it may still resolve to nothing.
            var.and_then(|v| v.value.as_deref())
                .filter(|v| !v.is_empty())
                .map(|v| self.scopes.resolve(v).unwrap_or_else(|| v.to_owned()))
        } else {
            // A variable nothing defines stays a reference: example calls fill it at run time.
            let var = format!("{{{{{key}}}}}");
            Some(self.scopes.resolve(&var).unwrap_or(var))
        };
        let (_, docs) = required_mark(var.and_then(|v| v.description.as_deref()));
        Param {
            ident: names::snake(key).unwrap_or_else(|| "param".to_owned()),
            key: key.to_owned(),
            ty: scalar_of(example.iter().map(String::as_str)),
            docs,
            example,
        }
    }

    pub(super) fn query(
        &mut self,
        list: &[Query<'_, '_>],
        fields: &mut Namespace,
    ) -> Vec<QueryParam> {
        let mut out: Vec<QueryParam> = Vec::new();
        // Where each key is in `out`: a key seen again is repeated.
        let mut seen: std::collections::HashMap<&str, usize> = Default::default();

        for q in list {
            let (key, value, disabled, description) = match q {
                Query::Listed(p) => (
                    p.key.as_ref(),
                    p.value.as_deref(),
                    p.disabled,
                    p.description.as_deref(),
                ),
                Query::Raw { key, value } => (key.as_str(), value.as_deref(), false, None),
            };
            if key.is_empty() && value.is_none_or(str::is_empty) {
                continue;
            }
            let (marked, docs) = required_mark(description);
            if let Some(existing) = seen.get(key).and_then(|&at| out.get_mut(at)) {
                existing.repeated = true;
                existing.required = false;
                merge_examples(
                    &mut existing.examples,
                    &mut existing.enabled,
                    value.map(str::to_owned),
                    !disabled,
                );
                continue;
            }
            // A `{{variable}}` value is what is sent when the caller passes nothing; a variable
            // nothing defines is just an optional argument.
            let fallback = value
                .filter(|v| vars::has_vars(v) && self.defined(v))
                .map(|v| self.template(v));
            let kind = if value.is_none() {
                QueryKind::Flag
            } else {
                QueryKind::Value
            };
            seen.insert(key, out.len());
            out.push(QueryParam {
                key: key.to_owned(),
                ident: fields.claim(
                    &names::snake(key).unwrap_or_else(|| "param".to_owned()),
                    false,
                ),
                kind,
                ty: Scalar::Str,
                required: marked && !disabled && fallback.is_none() && kind == QueryKind::Value,
                repeated: false,
                fallback,
                docs,
                examples: value.map(str::to_owned).into_iter().collect(),
                enabled: !disabled,
                choices: None,
                grouped: None,
            });
        }
        for p in &mut out {
            if p.fallback.is_some() {
                continue;
            }
            if p.kind == QueryKind::Value {
                p.ty = scalar_of(p.examples.iter().map(String::as_str));
            }
            // A parameter the collection never sends (disabled) shows its type in its
            // description only: "a whole number between 1 and 5" is no bare flag, and a
            // description of `true` and `false` no free text. What is sent decides otherwise.
            let open = p.kind == QueryKind::Flag || p.ty == Scalar::Str;
            if !p.enabled && open {
                let described = p.docs.as_deref().and_then(|d| described_scalar(d, &p.key));
                if let Some(ty) = described {
                    p.kind = QueryKind::Value;
                    p.ty = ty;
                }
            }
        }
        super::brackets::group_query(out, fields)
    }

    pub(super) fn headers(
        &mut self,
        req: &read::Request<'_>,
        auth: &mut Auth,
        has_body: bool,
        idents: &mut Namespace,
    ) -> Vec<HeaderParam> {
        let mut out = Vec::new();
        for h in &req.headers {
            let name = h.key.trim();
            if name.is_empty() {
                if !h.value.trim().is_empty() {
                    self.findings.warn(
                        WarningKind::Header,
                        h.span,
                        "header without a name: not sent",
                    );
                }
                continue;
            }
            if name.eq_ignore_ascii_case("content-type") && has_body {
                // The body decides the Content-Type (see `body`).
                continue;
            }
            if name.eq_ignore_ascii_case("authorization") && sets_authorization(auth) {
                self.findings.warn(
                    WarningKind::Header,
                    h.span,
                    format!(
                        "header `{name}` is left out: the request's {} auth sets it (Postman \
                         replaces it too)",
                        auth_name(auth)
                    ),
                );
                continue;
            }
            if !name.bytes().all(is_tchar) || h.value.contains(['\r', '\n']) {
                self.findings.warn(
                    WarningKind::Header,
                    h.span,
                    format!(
                        "header `{name}` cannot be sent (a name must be an HTTP token, a value \
                         one line); it is left out"
                    ),
                );
                continue;
            }
            let value = h.value.as_ref();
            let is_authorization = name.eq_ignore_ascii_case("authorization");
            if is_authorization && *auth == Auth::None && !h.disabled {
                // `Authorization: Bearer {{token}}` written as a header is bearer auth.
                if let Some(var) = value.strip_prefix("Bearer ").and_then(vars::sole_var) {
                    self.header_credential = Some(var.to_owned());
                    *auth = Auth::Bearer;
                    self.auth_kinds.bearer = true;
                    continue;
                }
            }
            let (_, docs) = required_mark(h.description.as_deref());
            let value = if h.disabled {
                HeaderValue::Arg {
                    ident: idents.claim(
                        &names::snake(name).unwrap_or_else(|| "header".to_owned()),
                        false,
                    ),
                    example: Some(value.to_owned()),
                    enabled: false,
                }
            } else if let Some(var) =
                vars::sole_var(value).filter(|v| !self.defined(&format!("{{{{{v}}}}}")))
            {
                HeaderValue::Arg {
                    ident: idents.claim(
                        &names::snake(name)
                            .or_else(|| names::snake(var))
                            .unwrap_or_else(|| "header".to_owned()),
                        false,
                    ),
                    example: Some(value.to_owned()),
                    enabled: true,
                }
            } else if vars::has_vars(value) {
                HeaderValue::Template(self.template(value))
            } else {
                HeaderValue::Static(value.to_owned())
            };
            out.push(HeaderParam {
                name: name.to_owned(),
                value,
                docs,
            });
        }
        out
    }
}

/// Adds the values of another entry of a repeated key to what the examples send: Postman sends
/// only the enabled entries, so once one is enabled the disabled ones' values are left out (they
/// are kept, for the docs, while every entry seen is disabled).
pub(super) fn merge_examples(
    examples: &mut Vec<String>,
    enabled: &mut bool,
    values: impl IntoIterator<Item = String>,
    this_enabled: bool,
) {
    match (*enabled, this_enabled) {
        (true, false) => {}
        (false, true) => {
            *examples = values.into_iter().collect();
            *enabled = true;
        }
        _ => examples.extend(values),
    }
}
