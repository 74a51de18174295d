//! An operation's auth: the nearest auth block, inherited down folders, as the client applies it.

use super::modeler::Modeler;
use super::{Auth, Credential};
use crate::diag::WarningKind;
use crate::read;

/// What a request's or folder's auth resolves to: the nearest block that is set.
pub(super) type Inherited<'c, 'a> = Option<&'c read::Auth<'a>>;

impl Modeler<'_> {
    pub(super) fn auth(&mut self, a: Inherited<'_, '_>) -> Auth {
        let Some(a) = a else {
            return Auth::None;
        };
        match a.kind.as_ref() {
            "noauth" => Auth::None,
            "bearer" => {
                self.auth_kinds.bearer = true;
                Auth::Bearer
            }
            "oauth2" => {
                self.auth_kinds.bearer = true;
                let prefix = a
                    .param("headerPrefix")
                    .map(str::trim)
                    .filter(|p| !p.is_empty())
                    .unwrap_or("Bearer");
                if a.param("addTokenTo") == Some("queryParams") {
                    self.findings.warn(
                        WarningKind::Auth,
                        a.span,
                        "OAuth 2.0 token in the query string is not supported; it is sent as an \
                         Authorization header instead",
                    );
                }
                Auth::OAuth2 {
                    prefix: prefix.to_owned(),
                }
            }
            "basic" => {
                self.auth_kinds.basic = true;
                Auth::Basic
            }
            "apikey" => {
                self.auth_kinds.api_key = true;
                Auth::ApiKey {
                    name: a
                        .param("key")
                        .filter(|k| !k.trim().is_empty())
                        .unwrap_or("X-API-Key")
                        .to_owned(),
                    in_query: a.param("in") == Some("query"),
                }
            }
            "oauth1" => {
                self.auth_kinds.signed = true;
                self.auth_kinds.oauth1 = true;
                Auth::OAuth1(super::oauth1::settings(a))
            }
            other => {
                self.auth_kinds.signed = true;
                self.auth_kinds.aws |= other == "awsv4";
                Auth::Signed {
                    scheme: other.to_owned(),
                }
            }
        }
    }
}

/// The variable an auth block reads its credential from, when the credential is one variable
/// (`{{access_token}}`).
pub(super) fn credential_var(a: Inherited<'_, '_>) -> Option<(String, Credential)> {
    let a = a?;
    let (param, kind) = match a.kind.as_ref() {
        "bearer" => ("token", Credential::BearerToken),
        "oauth2" => ("accessToken", Credential::BearerToken),
        "apikey" => ("value", Credential::ApiKey),
        _ => return None,
    };
    let var = super::vars::sole_var(a.param(param)?.trim())?;
    Some((var.to_owned(), kind))
}

/// The auth block that applies: `own` unless it says `inherit` (or is absent).
pub(super) fn effective<'c, 'a>(
    own: Option<&'c read::Auth<'a>>,
    inherited: Inherited<'c, 'a>,
) -> Inherited<'c, 'a> {
    match own {
        Some(a) if a.kind != "inherit" => Some(a),
        _ => inherited,
    }
}

/// Whether applying `auth` writes the `Authorization` header.
pub(super) fn sets_authorization(auth: &Auth) -> bool {
    match auth {
        Auth::None => false,
        Auth::ApiKey { name, in_query } => !in_query && name.eq_ignore_ascii_case("authorization"),
        Auth::OAuth1(o) => o.in_header,
        Auth::Bearer | Auth::OAuth2 { .. } | Auth::Basic | Auth::Signed { .. } => true,
    }
}

/// How warnings name an auth.
pub(super) fn auth_name(auth: &Auth) -> &str {
    match auth {
        Auth::None => "no",
        Auth::Bearer => "bearer",
        Auth::OAuth2 { .. } => "OAuth 2.0",
        Auth::Basic => "basic",
        Auth::ApiKey { .. } => "API key",
        Auth::OAuth1(_) => "oauth1",
        Auth::Signed { scheme } => scheme,
    }
}
