//! Hosts: the base URLs requests go to, each resolved at generation time where it can be, and
//! ordered by use so that the most used one is the client's default.

use super::modeler::{HostUse, Modeler};
use super::names::{self, Namespace};
use super::{Api, Host, vars};

impl Modeler<'_> {
    /// Registers a host; returns its provisional index (reordered by use at the end).
    pub(super) fn host(&mut self, written: &str, span: crate::json::Span, warn: bool) -> usize {
        let default_url = self.scopes.resolve(written).and_then(|u| {
            let u = u.trim().trim_end_matches('/');
            let u = if u.contains("://") {
                u.to_owned()
            } else {
                // Postman's default scheme.
                format!("http://{u}")
            };
            let host_part = u.split("://").nth(1).unwrap_or("");
            let valid = !host_part.is_empty()
                && !u.chars().any(|c| {
                    c.is_whitespace()
                        || c.is_control()
                        || matches!(c, '<' | '>' | '{' | '}' | '"' | '\\')
                });
            valid.then_some(u)
        });
        if let Some(i) = self
            .hosts
            .iter()
            .position(|h| h.written == written && h.default_url == default_url)
        {
            self.hosts[i].uses += 1;
            return i;
        }
        if default_url.is_none() && warn {
            self.findings.warn(
                span,
                format!(
                    "host `{written}` has no usable URL at generation time; the client needs one \
                     at run time (`Client::with_host` or `with_base_url`)"
                ),
            );
        }
        self.hosts.push(HostUse {
            written: written.to_owned(),
            default_url,
            uses: 1,
        });
        self.hosts.len() - 1
    }
}

/// Orders hosts by use (most used first, ties by first appearance) and names them.
pub(super) fn order_hosts(api: &mut Api, hosts: Vec<HostUse>) {
    let mut order: Vec<usize> = (0..hosts.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(hosts[i].uses));
    let mut new_index = vec![0; hosts.len()];
    for (new, &old) in order.iter().enumerate() {
        new_index[old] = new;
    }
    let mut idents = Namespace::default();
    for &old in &order {
        let h = &hosts[old];
        let base = vars::sole_var(&h.written)
            .and_then(names::camel)
            .or_else(|| {
                let bare = h.written.split("://").last().unwrap_or("");
                names::camel(bare)
            })
            .unwrap_or_else(|| "Default".to_owned());
        api.hosts.push(Host {
            written: h.written.clone(),
            ident: idents.claim(&base, true),
            default_url: h.default_url.clone(),
        });
    }
    api.root.walk_mut(&mut |m| {
        for op in &mut m.operations {
            op.host = new_index[op.host];
        }
    });
}
