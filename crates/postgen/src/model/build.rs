//! Read collection → API model: folders become modules, requests operations; auth is inherited,
//! variables resolved, and every name of a module, function, argument and field chosen once,
//! here. (The infer stage names the types it infers, in the modules' type namespaces.)

use std::collections::{HashMap, HashSet};

use super::auth::{Inherited, credential_var, effective};
use super::body::{body_span, prunes_body};
use super::hints::uses_required_markers;
use super::hosts::order_hosts;
use super::modeler::{Modeler, is_tchar};
use super::names::{self, CLIENT_METHODS, Namespace, RESERVED_MODULES, RESERVED_TYPES};
use super::naming::operation_names;
use super::scripts::{self, Scripts};
use super::url::{PathSegment, path_segment, split};
use super::variables::{request_variables, secret_variables};
use super::vars::{self, Scopes};
use super::*;
use crate::diag::WarningKind;
use crate::diag::{Finding, Findings};
use crate::read::{self, Collection, Item, RequestItem};

/// Builds the model. `environment` holds the values of a Postman environment file, if one was given.
pub fn build(
    c: &Collection<'_>,
    environment: &[(String, String)],
    findings: &mut Findings,
) -> Result<Api, Finding> {
    let mut scopes = Scopes {
        environment: environment.iter().cloned().collect(),
        ..Scopes::default()
    };
    scopes.secrets = secret_variables(c);
    scopes.collection = frame(&c.variables);
    let mut b = Modeler {
        findings,
        scopes,
        marker_style: false,
        hosts: Vec::new(),
        variables: Vec::new(),
        variable_index: HashMap::new(),
        auth_kinds: AuthKinds::default(),
        quiet_tests: Vec::new(),
        scripts: scripts::read_all(c),
        script_vars: HashSet::new(),
        header_credential: None,
        resources: Default::default(),
    };
    c.each_item(&mut |i| {
        if let Item::Request(r) = i {
            b.resources.add(&split(&r.request.url));
        }
    });
    b.script_vars = scripts::set_names(&b.scripts);
    b.marker_style = uses_required_markers(c);
    let mut collection_scripts = Scripts::default();
    for e in &c.events {
        b.script(e, "the collection", &mut collection_scripts);
    }

    let mut root_fns = Namespace::with_reserved(CLIENT_METHODS);
    let mut root_mods = Namespace::with_reserved(RESERVED_MODULES);
    let mut root_types = Namespace::with_reserved(RESERVED_TYPES);
    let top = Source {
        items: &c.items,
        auth: c.auth.as_ref(),
        scripts: collection_scripts,
    };
    let (modules, operations) = b.items(
        std::slice::from_ref(&top),
        &mut root_fns,
        &mut root_mods,
        &mut root_types,
    )?;
    let root = Module {
        ident: String::new(),
        accessor: String::new(),
        handle: "Client".to_owned(),
        types: root_types,
        title: c.name.to_string(),
        docs: None,
        modules,
        operations,
        type_defs: Vec::new(),
        enums: Vec::new(),
    };

    let mut api = Api {
        title: c.name.to_string(),
        description: c.description.as_deref().map(str::to_owned),
        hosts: Vec::new(),
        variables: b.variables,
        root,
        auth_kinds: b.auth_kinds,
    };
    if let Some(&first) = b.quiet_tests.first() {
        let n = b.quiet_tests.len();
        b.findings.warn(
            WarningKind::ScriptAssertions,
            first,
            if n == 1 {
                "this `test` script only checks the response (assertions, no variable set), so \
                 nothing sent depends on it: the client does not run it"
                    .to_owned()
            } else {
                format!(
                    "{n} `test` scripts (this one and {} more) only check responses (assertions, \
                     no variable set), so nothing sent depends on them: the client does not run \
                     them",
                    n - 1
                )
            },
        );
    }
    order_hosts(&mut api, b.hosts);
    super::consistent::unify_path_params(&mut api);
    super::choices::find(&mut api.root);
    link_captures(&mut api.root);
    Ok(api)
}

/// Tells each capture which credential it sets (a request's auth reads its variable) and which
/// operations use its variable.
fn link_captures(root: &mut Module) {
    let mut credentials: HashMap<String, Credential> = HashMap::new();
    let mut users: HashMap<String, Vec<String>> = HashMap::new();
    // Variable → the operations whose test scripts store it.
    let mut storers: HashMap<String, Vec<String>> = HashMap::new();
    root.each_operation(&mut |chain, op| {
        let path: Vec<&str> = Module::path_of(chain).chain([op.ident.as_str()]).collect();
        let path = path.join("::");
        let credential = op.credential_var.iter().map(|(name, _)| name);
        for name in op.variables_used.iter().chain(credential) {
            let list = users.entry(name.clone()).or_default();
            if list.last() != Some(&path) {
                list.push(path.clone());
            }
        }
        if let Some((name, kind)) = &op.credential_var {
            credentials.entry(name.clone()).or_insert(*kind);
        }
        for c in &op.captures {
            let list = storers.entry(c.name.clone()).or_default();
            if list.last() != Some(&path) {
                list.push(path.clone());
            }
        }
    });
    root.walk_mut(&mut |m| {
        for op in &mut m.operations {
            for c in op.captures.iter_mut().chain(&mut op.presets) {
                c.credential = credentials.get(&c.name).copied();
                c.used_by = users.get(&c.name).cloned().unwrap_or_default();
            }
            let credential = op.credential_var.iter().map(|(name, _)| name);
            op.reads_captured = op
                .variables_used
                .iter()
                .chain(credential)
                .filter_map(|name| Some((name.clone(), storers.get(name)?.clone())))
                .collect();
        }
    });
}

/// Items that go into one module: a folder's (or the collection's), with what they inherit. A
/// module made of several sibling folders has one source per folder.
struct Source<'c, 'a> {
    items: &'c [Item<'a>],
    auth: Inherited<'c, 'a>,
    /// What the scripts of the collection and the folders above do.
    scripts: Scripts,
}

impl Modeler<'_> {
    fn items<'c, 'a>(
        &mut self,
        sources: &[Source<'c, 'a>],
        fns: &mut Namespace,
        mods: &mut Namespace,
        types: &mut Namespace,
    ) -> Result<(Vec<Module>, Vec<Operation>), Finding> {
        let mut modules = Vec::new();
        let mut operations = Vec::new();
        // Function names first: requests that share a name are told apart by method or path.
        let requests: Vec<&RequestItem<'a>> = sources
            .iter()
            .flat_map(|s| s.items)
            .filter_map(|i| match i {
                Item::Request(r) => Some(&**r),
                Item::Folder(_) => None,
            })
            .collect();
        let mut bases = operation_names(&requests).into_iter();
        // The module's free functions: each operation's decoder.
        let mut decoders = Namespace::default();
        // Sibling folders with the same module name are one module (`/merchants` twice,
        // `webinars` and `webinars/{webinarId}`): each name's folders, in order, found in one
        // pass (a level can hold hundreds of folders).
        let mut groups: HashMap<String, Vec<(&Source<'c, 'a>, &'c read::Folder<'a>)>> =
            HashMap::new();
        for s in sources {
            for i in s.items {
                if let Item::Folder(g) = i {
                    let key = names::module(&g.name).unwrap_or_else(|| "folder".to_owned());
                    groups.entry(key).or_default().push((s, g));
                }
            }
        }
        for source in sources {
            for item in source.items {
                match item {
                    Item::Folder(f) => {
                        let key = names::module(&f.name).unwrap_or_else(|| "folder".to_owned());
                        // The first folder of a name makes the module of them all.
                        let Some(members) = groups.remove(&key) else {
                            continue;
                        };
                        let mut group: Vec<&'c read::Folder<'a>> = Vec::new();
                        let mut children = Vec::new();
                        for (s, g) in members {
                            let mut scripts = s.scripts.clone();
                            for e in &g.events {
                                self.script(e, "this folder", &mut scripts);
                            }
                            self.warn_item_variables(&g.variables, g.span);
                            children.push(Source {
                                items: &g.items,
                                auth: effective(g.auth.as_ref(), s.auth),
                                scripts,
                            });
                            group.push(g);
                        }
                        let ident = mods.claim(&key, false);
                        let accessor = fns.claim(&ident, false);
                        let mut child_fns = Namespace::with_reserved(names::HANDLE_METHODS);
                        let mut child_mods = Namespace::with_reserved(RESERVED_MODULES);
                        // clippy's module_inception: a module named like its parent.
                        child_mods.reserve(&ident);
                        let mut child_types = Namespace::with_reserved(RESERVED_TYPES);
                        let handle = child_types.claim(
                            &names::module_camel(&f.name).unwrap_or_else(|| "Folder".to_owned()),
                            true,
                        );
                        let (sub, ops) = self.items(
                            &children,
                            &mut child_fns,
                            &mut child_mods,
                            &mut child_types,
                        )?;
                        if sub.is_empty() && ops.is_empty() {
                            for g in &group {
                                self.findings.warn(
                                    WarningKind::Structure,
                                    g.span,
                                    "folder holds no requests: no module generated for it",
                                );
                            }
                            continue;
                        }
                        let docs: Vec<&str> = group
                            .iter()
                            .filter_map(|g| g.description.as_deref())
                            .collect();
                        modules.push(Module {
                            ident,
                            accessor,
                            handle,
                            types: child_types,
                            title: f.name.to_string(),
                            docs: (!docs.is_empty()).then(|| docs.join("\n\n")),
                            modules: sub,
                            operations: ops,
                            type_defs: Vec::new(),
                            enums: Vec::new(),
                        });
                    }
                    Item::Request(r) => {
                        self.warn_item_variables(&r.variables, r.span);
                        let base = bases.next().unwrap_or_default();
                        operations.push(self.operation(
                            r,
                            source,
                            &base,
                            fns,
                            &mut decoders,
                            types,
                        )?);
                    }
                }
            }
        }
        Ok((modules, operations))
    }

    /// The variables of a folder or request: Postman ignores them (newman resolves local, data,
    /// environment, collection and global variables only), so they give no values here either.
    fn warn_item_variables(&mut self, vars: &[read::Variable<'_>], span: crate::json::Span) {
        if vars.iter().any(|v| !v.disabled && v.value.is_some()) {
            self.findings.warn(
                WarningKind::Variable,
                span,
                "variables on a folder or request are ignored by Postman (it resolves \
                 environment, collection and global variables only); they are ignored here too",
            );
        }
    }

    fn operation(
        &mut self,
        item: &RequestItem<'_>,
        source: &Source<'_, '_>,
        base: &str,
        fns: &mut Namespace,
        decoders: &mut Namespace,
        types: &mut Namespace,
    ) -> Result<Operation, Finding> {
        let req = &item.request;
        let mut scripts = source.scripts.clone();
        for e in &item.events {
            self.script(e, "this request", &mut scripts);
        }
        self.header_credential = None;
        let method = req.method.to_string();
        if method.is_empty() || !method.bytes().all(is_tchar) {
            return Err(Finding::new(
                req.method_span,
                format!("`{method}` is not an HTTP method"),
            ));
        }
        let url = split(&req.url);
        if let Some(why) = super::name_checks::check(&item.name, &method, &url, &self.resources) {
            self.findings.warn(WarningKind::Name, item.span, why);
        }
        let no_url = url.host.trim().is_empty() && url.path.iter().all(|s| s.trim().is_empty());
        if no_url {
            self.findings.warn(
                WarningKind::NoUrl,
                req.url.span,
                "the request has no URL: Postman does not send it; the generated function sends \
                 to the host's base URL alone (`Client::with_base_url`), and its example call \
                 sends nothing",
            );
        }
        let host = self.host(&url.host, req.url.span, !no_url);

        // Path.
        let mut path = Vec::new();
        let mut path_params: Vec<Param> = Vec::new();
        let mut lit = String::new();
        for seg in &url.path {
            lit.push('/');
            match path_segment(seg) {
                // A `{{variable}}` a script sets is the client's variable, not an argument: the
                // value the script stores flows into the requests after it.
                PathSegment::Param {
                    key, colon: false, ..
                } if self.script_vars.contains(key) => {
                    path.push(PathPart::Lit(std::mem::take(&mut lit)));
                    let tpl = self.template(seg);
                    path.push(PathPart::Template(tpl));
                }
                // So is a `:key` whose value is such a variable alone.
                PathSegment::Param {
                    key,
                    colon: true,
                    rest,
                } if self.scripted_path_value(key, item).is_some() => {
                    let value = self.scripted_path_value(key, item).unwrap_or_default();
                    path.push(PathPart::Lit(std::mem::take(&mut lit)));
                    let tpl = self.template(&value);
                    path.push(PathPart::Template(tpl));
                    lit.push_str(rest);
                }
                PathSegment::Param { key, colon, rest } => {
                    if !lit.is_empty() {
                        path.push(PathPart::Lit(std::mem::take(&mut lit)));
                    }
                    let index = match path_params.iter().position(|p| p.key == key) {
                        Some(i) => i,
                        None => {
                            path_params.push(self.path_param(key, colon, item));
                            path_params.len() - 1
                        }
                    };
                    path.push(PathPart::Param(index));
                    lit.push_str(rest);
                }
                PathSegment::Text(seg) if vars::has_vars(seg) => {
                    path.push(PathPart::Lit(std::mem::take(&mut lit)));
                    let tpl = self.template(seg);
                    path.push(PathPart::Template(tpl));
                }
                PathSegment::Text(seg) => lit.push_str(seg),
            }
        }
        if !lit.is_empty() {
            path.push(PathPart::Lit(lit));
        }

        let auth_block = effective(req.auth.as_ref(), source.auth);
        let mut auth = self.auth(auth_block);
        // Query parameters and header arguments are fields of one `…Params` struct.
        let mut param_fields = Namespace::default();
        let mut query = self.query(&url.query, &mut param_fields);
        let mut body = self.body(req, item);
        if body.is_some() && !item.body_pruning_disabled && prunes_body(&method) {
            self.findings.warn(
                WarningKind::Body,
                body_span(req),
                format!(
                    "Postman sends no body with {method} (the request does not set \
                     `protocolProfileBehavior.disableBodyPruning`): the body is left out"
                ),
            );
            body = None;
        }
        // Without a body, a Content-Type header is sent as written (as Postman does).
        // A raw body decides the Content-Type; a form keeps the collection's header, which
        // Postman sends when every field is disabled (no body) and for urlencoded variants.
        let body_sets_type = body.is_some()
            && !matches!(body, Some(Body::UrlEncoded { .. } | Body::Multipart { .. }));
        let headers = self.headers(req, &mut auth, body_sets_type, &mut param_fields);
        let responses = self.responses(item);
        let credential_var = match (&auth, self.header_credential.take()) {
            (Auth::Bearer, Some(var)) => Some((var, Credential::BearerToken)),
            (Auth::None | Auth::Basic | Auth::OAuth1(_) | Auth::Signed { .. }, _) => None,
            _ => credential_var(auth_block),
        };
        let (name, method_name) = (item.name.as_ref(), method.as_str());
        let keep = |c: &Capture| scripts::applies_to(c, name, method_name);
        let captures: Vec<Capture> = scripts.captures.into_iter().filter(keep).collect();
        let presets: Vec<Capture> = scripts.presets.into_iter().filter(keep).collect();

        // Names.
        let ident = fns.claim(base, false);
        // `_2fa_setup` (a leading digit) must not make `decode__2fa_setup`.
        let decode_fn = decoders.claim(&format!("decode_{}", ident.trim_start_matches('_')), false);
        let prefix = names::camel(&names::without_articles(&item.name))
            .unwrap_or_else(|| names::camel(&ident).unwrap_or_else(|| "Request".to_owned()));
        let has_args = !query.is_empty()
            || headers
                .iter()
                .any(|h| matches!(h.value, HeaderValue::Arg { .. }));
        let params_type = has_args.then(|| types.claim(&format!("{prefix}Params"), true));
        if let Some(params) = &params_type {
            super::brackets::name_query(&mut query, params, types);
        }
        let mut form_type = |fields: &mut [FormField]| {
            let name = types.claim(&format!("{prefix}Form"), true);
            super::brackets::name(fields, &name, &mut *types);
            name
        };
        let body = body.map(|b| match b {
            Body::UrlEncoded { mut fields, .. } => Body::UrlEncoded {
                type_ident: form_type(&mut fields),
                fields,
            },
            Body::Multipart { mut fields, .. } => Body::Multipart {
                type_ident: form_type(&mut fields),
                fields,
            },
            other => other,
        });
        let error_type = responses
            .iter()
            .any(|r| !r.is_success())
            .then(|| types.claim(&format!("{prefix}Error"), true));

        let mut args = Namespace::with_reserved(&["self"]);
        for p in &mut path_params {
            p.ident = args.claim(&p.ident, false);
        }
        let params_arg = args.claim("params", false);
        let body_arg = args.claim(
            match &body {
                Some(Body::UrlEncoded { .. } | Body::Multipart { .. }) => "form",
                Some(Body::GraphQl { .. }) => "variables",
                _ => "body",
            },
            false,
        );

        Ok(Operation {
            ident,
            type_prefix: prefix,
            title: item.name.to_string(),
            docs: req.description.as_deref().map(str::to_owned),
            method,
            host,
            path,
            path_params,
            query,
            headers,
            body,
            auth,
            responses,
            params_type,
            error_type,
            params_arg,
            body_arg,
            decode_fn,
            no_url,
            span: item.span,
            types: OpTypes::default(),
            captures,
            presets,
            credential_var,
            variables_used: request_variables(item),
            reads_captured: Vec::new(),
            pages: None,
        })
    }
    /// The value of path variable `key` (`:key`) when it is one `{{variable}}` a script sets.
    fn scripted_path_value(&self, key: &str, item: &RequestItem<'_>) -> Option<String> {
        let v = item
            .request
            .url
            .variables
            .iter()
            .rev()
            .find(|v| v.key == key)?;
        let value = v.value.as_deref()?.trim();
        let name = vars::sole_var(value)?;
        self.script_vars.contains(name).then(|| value.to_owned())
    }

    fn responses(&mut self, item: &RequestItem<'_>) -> Vec<Response> {
        let mut out = Vec::new();
        for r in &item.responses {
            let Some(status) = r.code.filter(|c| (100..=599).contains(c)) else {
                self.findings.warn(
                    WarningKind::Example,
                    r.span,
                    "saved response has no valid status code: not documented in the generated code",
                );
                continue;
            };
            let content_type = r
                .headers
                .iter()
                .rev()
                .find(|h| h.key.eq_ignore_ascii_case("content-type"))
                .map(|h| h.value.to_string())
                .or_else(|| {
                    r.preview_language.as_deref().map(|l| {
                        match l {
                            "json" => "application/json",
                            "xml" => "application/xml",
                            "html" => "text/html",
                            _ => "text/plain",
                        }
                        .to_owned()
                    })
                });
            out.push(Response {
                status,
                name: r.name.to_string(),
                id: r.id.as_deref().map(str::to_owned),
                body: r.body.as_deref().map(str::to_owned),
                content_type,
                span: r.span,
            });
        }
        out
    }
}

fn frame(vars: &[read::Variable<'_>]) -> HashMap<String, String> {
    vars.iter()
        .filter(|v| !v.disabled)
        .filter_map(|v| Some((v.key.to_string(), v.value.as_deref()?.to_owned())))
        .collect()
}
