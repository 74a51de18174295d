//! The state of one model build, shared by the files that build its parts (`build`, `params`,
//! `body`, `auth`, `hosts`), and the variable bookkeeping they all use.

use std::collections::{HashMap, HashSet};

use super::vars::{self, Scopes};
use super::{AuthKinds, Piece, Variable};
use crate::diag::Findings;

/// The state of one model build.
pub(super) struct Modeler<'f> {
    pub(super) findings: &'f mut Findings,
    pub(super) scopes: Scopes,
    /// The collection marks required fields with "(Required)" (openapi-to-postman does); then
    /// fields without the mark are optional.
    pub(super) marker_style: bool,
    pub(super) hosts: Vec<HostUse>,
    pub(super) variables: Vec<Variable>,
    pub(super) variable_index: HashMap<String, usize>,
    pub(super) auth_kinds: AuthKinds,
    /// `test` scripts that only assert: one warning counts them all.
    pub(super) quiet_tests: Vec<crate::json::Span>,
    /// Every script of the collection, read once, by where it starts.
    pub(super) scripts: HashMap<u32, (crate::script::Listen, crate::script::Facts)>,
    /// Variables some script sets: requests read them at run time.
    pub(super) script_vars: HashSet<String>,
    /// The variable of an `Authorization: Bearer {{…}}` header of the request being modelled.
    pub(super) header_credential: Option<String>,
    /// What the collection's paths name, to check request names against.
    pub(super) resources: super::name_checks::Resources,
}

/// A host as the model meets it, before ordering.
pub(super) struct HostUse {
    pub written: String,
    pub default_url: Option<String>,
    pub uses: usize,
}

impl Modeler<'_> {
    /// Whether every variable in `text` has a value at generation time or is a credential the
    /// caller sets at run time.
    pub(super) fn defined(&self, text: &str) -> bool {
        vars::var_names(text).all(|name| {
            self.scopes.is_secret(name)
                || vars::is_dynamic(name)
                || self.script_vars.contains(name)
                || self.scopes.lookup(name).is_some()
        })
    }

    /// `text` as a template; every variable in it becomes a client variable.
    pub(super) fn template(&mut self, text: &str) -> Vec<Piece> {
        let pieces = self.scopes.template(text);
        for p in &pieces {
            if let Piece::Var { name, .. } = p {
                if !self.variable_index.contains_key(name) {
                    let secret = self.scopes.is_secret(name);
                    let default = if secret {
                        None
                    } else {
                        self.scopes.resolve(&format!("{{{{{name}}}}}"))
                    };
                    self.variable_index
                        .insert(name.clone(), self.variables.len());
                    self.variables.push(Variable {
                        name: name.clone(),
                        default,
                        secret,
                    });
                }
            }
        }
        pieces
    }
}

/// RFC 9110 token characters: what an HTTP method may be made of.
pub(super) fn is_tchar(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}
