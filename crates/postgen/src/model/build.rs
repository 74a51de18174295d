//! Read collection → API model: folders become modules, requests operations; auth is inherited,
//! variables resolved, and every name chosen once, here.

use std::collections::{HashMap, HashSet};

use super::names::{self, CLIENT_METHODS, Namespace, RESERVED_MODULES, RESERVED_TYPES};
use super::scripts;
use super::url::{Query, split};
use super::vars::{self, Scopes};
use super::*;
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
    let mut b = Builder {
        findings,
        scopes,
        marker_style: false,
        hosts: Vec::new(),
        variables: Vec::new(),
        variable_index: HashMap::new(),
        auth_kinds: AuthKinds::default(),
        used_vars: HashSet::new(),
        quiet_tests: Vec::new(),
    };
    b.marker_style = uses_required_markers(&c.items);
    b.used_vars = referenced_variables(c);
    for e in &c.events {
        b.script(e, "the collection");
    }

    let mut root_fns = Namespace::with_reserved(CLIENT_METHODS);
    let mut root_mods = Namespace::with_reserved(RESERVED_MODULES);
    let mut root_types = Namespace::with_reserved(RESERVED_TYPES);
    let top = Source {
        items: &c.items,
        auth: c.auth.as_ref(),
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
            first,
            if n == 1 {
                "this `test` script is not run: it checks the response and sets no variable a \
                 request uses, so nothing sent depends on it"
                    .to_owned()
            } else {
                format!(
                    "{n} `test` scripts (this one and {} more) are not run: they check responses \
                     and set no variable a request uses, so nothing sent depends on them",
                    n - 1
                )
            },
        );
    }
    order_hosts(&mut api, b.hosts);
    Ok(api)
}

struct Builder<'f> {
    findings: &'f mut Findings,
    scopes: Scopes,
    /// The collection marks required fields with "(Required)" (openapi-to-postman does); then
    /// fields without the mark are optional.
    marker_style: bool,
    hosts: Vec<HostUse>,
    variables: Vec<Variable>,
    variable_index: HashMap<String, usize>,
    auth_kinds: AuthKinds,
    /// Every `{{variable}}` the collection's requests, auth blocks and variables refer to.
    used_vars: HashSet<String>,
    /// `test` scripts that set no variable a request uses: one warning says so for all.
    quiet_tests: Vec<crate::json::Span>,
}

struct HostUse {
    written: String,
    default_url: Option<String>,
    uses: usize,
}

/// What a request's or folder's auth resolves to: the nearest block that is set.
type Inherited<'c, 'a> = Option<&'c read::Auth<'a>>;

/// Items that go into one module: a folder's (or the collection's), with what they inherit. A
/// module made of several sibling folders has one source per folder.
struct Source<'c, 'a> {
    items: &'c [Item<'a>],
    auth: Inherited<'c, 'a>,
}

impl Builder<'_> {
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
                            for e in &g.events {
                                self.script(e, "this folder");
                            }
                            self.warn_item_variables(&g.variables, g.span);
                            children.push(Source {
                                items: &g.items,
                                auth: effective(g.auth.as_ref(), s.auth),
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
                        });
                    }
                    Item::Request(r) => {
                        self.warn_item_variables(&r.variables, r.span);
                        let base = bases.next().unwrap_or_default();
                        operations.push(self.operation(r, source.auth, &base, fns, types)?);
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
                span,
                "variables on a folder or request are ignored by Postman (it resolves \
                 environment, collection and global variables only); they are ignored here too",
            );
        }
    }

    fn script(&mut self, e: &read::Event, place: &str) {
        let facts = scripts::scan(&e.exec);
        let used: Vec<String> = facts
            .sets
            .iter()
            .filter(|n| self.used_vars.contains(n.as_str()))
            .cloned()
            .collect();
        if e.listen == "test" {
            // It runs after the response: it cannot change what is sent, only set variables.
            let what = if !used.is_empty() {
                format!(
                    "it sets {}, which requests here use",
                    scripts::list(&used, 4)
                )
            } else if facts.sets_unnamed {
                "it sets variables (names computed at run time)".to_owned()
            } else {
                self.quiet_tests.push(e.span);
                return;
            };
            self.findings.warn(
                e.span,
                format!(
                    "the `test` script of {place} is not run ({what}): give the client those \
                     values yourself (`Client::with_variable` or a credential setter)"
                ),
            );
            return;
        }
        let mut does = Vec::new();
        if facts.changes_request {
            does.push("changes the request".to_owned());
        }
        if !used.is_empty() {
            does.push(format!("sets {}", scripts::list(&used, 4)));
        } else if !facts.sets.is_empty() || facts.sets_unnamed {
            does.push("sets variables".to_owned());
        }
        let what = if does.is_empty() {
            "it runs before sending and may change what is sent".to_owned()
        } else {
            format!("before sending, it {}", does.join(" and "))
        };
        self.findings.warn(
            e.span,
            format!(
                "the pre-request script of {place} is not run ({what}): port it by hand (a \
                 signing script as `Client::with_signer`)"
            ),
        );
    }

    fn operation(
        &mut self,
        item: &RequestItem<'_>,
        inherited: Inherited<'_, '_>,
        base: &str,
        fns: &mut Namespace,
        types: &mut Namespace,
    ) -> Result<Operation, Finding> {
        let req = &item.request;
        for e in &item.events {
            self.script(e, "this request");
        }
        let method = req.method.to_string();
        if method.is_empty() || !method.bytes().all(is_tchar) {
            return Err(Finding::new(
                req.method_span,
                format!("`{method}` is not an HTTP method"),
            ));
        }
        let url = split(&req.url);
        let host = self.host(&url.host, req.url.span);

        // Path.
        let mut path = Vec::new();
        let mut path_params: Vec<Param> = Vec::new();
        let mut lit = String::new();
        for seg in &url.path {
            lit.push('/');
            let seg: &str = seg;
            let (param_key, rest) = if let Some(name) = seg.strip_prefix(':') {
                match name.find('.') {
                    Some(i) if i > 0 => (Some(&name[..i]), &name[i..]),
                    _ if !name.is_empty() => (Some(name), ""),
                    _ => (None, seg),
                }
            } else if let Some(name) = vars::sole_var(seg) {
                (Some(name), "")
            } else {
                (None, seg)
            };
            match param_key {
                Some(key) => {
                    if !lit.is_empty() {
                        path.push(PathPart::Lit(std::mem::take(&mut lit)));
                    }
                    let index = match path_params.iter().position(|p| p.key == key) {
                        Some(i) => i,
                        None => {
                            path_params.push(self.path_param(key, seg.starts_with(':'), item));
                            path_params.len() - 1
                        }
                    };
                    path.push(PathPart::Param(index));
                    lit.push_str(rest);
                }
                None if vars::has_vars(seg) => {
                    path.push(PathPart::Lit(std::mem::take(&mut lit)));
                    let tpl = self.template(seg);
                    path.push(PathPart::Template(tpl));
                }
                None => lit.push_str(seg),
            }
        }
        if !lit.is_empty() {
            path.push(PathPart::Lit(lit));
        }

        let mut auth = self.auth(effective(req.auth.as_ref(), inherited));
        // Query parameters and header arguments are fields of one `…Params` struct.
        let mut param_fields = Namespace::default();
        let query = self.query(&url.query, &mut param_fields);
        let mut body = self.body(req, item);
        if body.is_some() && !item.body_pruning_disabled && prunes_body(&method) {
            self.findings.warn(
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

        // Names.
        let ident = fns.claim(base, false);
        let prefix = names::camel(&item.name)
            .unwrap_or_else(|| names::camel(&ident).unwrap_or_else(|| "Request".to_owned()));
        let has_args = !query.is_empty()
            || headers
                .iter()
                .any(|h| matches!(h.value, HeaderValue::Arg { .. }));
        let params_type = has_args.then(|| types.claim(&format!("{prefix}Params"), true));
        let body = body.map(|b| match b {
            Body::UrlEncoded { fields, .. } => Body::UrlEncoded {
                type_ident: types.claim(&format!("{prefix}Form"), true),
                fields,
            },
            Body::Multipart { fields, .. } => Body::Multipart {
                type_ident: types.claim(&format!("{prefix}Form"), true),
                fields,
            },
            other => other,
        });
        let error_type = responses
            .iter()
            .any(|r| !(200..300).contains(&r.status))
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
            span: item.span,
            types: OpTypes::default(),
        })
    }

    fn path_param(&mut self, key: &str, colon: bool, item: &RequestItem<'_>) -> Param {
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

    fn query(&mut self, list: &[Query<'_, '_>], fields: &mut Namespace) -> Vec<QueryParam> {
        let mut out: Vec<QueryParam> = Vec::new();

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
            if let Some(existing) = out.iter_mut().find(|p| p.key == key) {
                existing.repeated = true;
                existing.required = false;
                existing.enabled |= !disabled;
                existing.examples.extend(value.map(str::to_owned));
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
            });
        }
        for p in &mut out {
            if p.kind == QueryKind::Value && p.fallback.is_none() {
                p.ty = scalar_of(p.examples.iter().map(String::as_str));
            }
        }
        out
    }

    fn headers(
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
                    self.findings
                        .warn(h.span, "header without a name: not sent");
                }
                continue;
            }
            if name.eq_ignore_ascii_case("content-type") && has_body {
                // The body decides the Content-Type (see `body`).
                continue;
            }
            if name.eq_ignore_ascii_case("authorization") && sets_authorization(auth) {
                self.findings.warn(
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
                    let _ = var;
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

    fn body(&mut self, req: &read::Request<'_>, item: &RequestItem<'_>) -> Option<Body> {
        let _ = item;
        let header_ct = req
            .headers
            .iter()
            .rev()
            .find(|h| !h.disabled && h.key.trim().eq_ignore_ascii_case("content-type"))
            .map(|h| h.value.trim().to_owned())
            .filter(|v| !v.is_empty());
        match req.body.as_ref()? {
            read::Body::Raw {
                text,
                language,
                span,
            } => {
                if text.is_empty() {
                    return None;
                }
                let content_type = header_ct.unwrap_or_else(|| {
                    match language.as_deref() {
                        Some("json") => "application/json",
                        Some("xml") => "application/xml",
                        Some("html") => "text/html",
                        Some("javascript") => "application/javascript",
                        _ => "text/plain",
                    }
                    .to_owned()
                });
                if language.as_deref() == Some("json") || content_type.contains("json") {
                    Some(Body::Json {
                        content_type: Some(content_type),
                        example: text.to_string(),
                        span: *span,
                    })
                } else {
                    Some(Body::Text {
                        content_type,
                        example: text.to_string(),
                    })
                }
            }
            read::Body::UrlEncoded(fields) => {
                let fields = self.form_fields(fields, false);
                (!fields.is_empty()).then(|| Body::UrlEncoded {
                    type_ident: String::new(),
                    fields,
                })
            }
            read::Body::FormData(fields) => {
                let fields = self.form_fields(fields, true);
                (!fields.is_empty()).then(|| Body::Multipart {
                    type_ident: String::new(),
                    fields,
                })
            }
            read::Body::File { src, .. } => Some(Body::Binary {
                content_type: header_ct,
                src: src.as_deref().map(str::to_owned),
            }),
            read::Body::GraphQl {
                query, variables, ..
            } => Some(Body::GraphQl {
                query: self.template(query),
                variables_example: variables
                    .as_deref()
                    .filter(|v| !v.trim().is_empty())
                    .map(str::to_owned),
            }),
        }
    }

    fn form_fields(&mut self, fields: &[read::FormField<'_>], multipart: bool) -> Vec<FormField> {
        let mut out: Vec<FormField> = Vec::new();
        let mut idents = Namespace::default();
        for f in fields {
            if f.key.is_empty() && f.value.as_deref().is_none_or(str::is_empty) && f.src.is_empty()
            {
                continue;
            }
            let is_file = multipart && f.is_file;
            let examples: Vec<String> = if is_file {
                f.src.iter().map(|s| s.to_string()).collect()
            } else {
                f.value.iter().map(|s| s.to_string()).collect()
            };
            if let Some(existing) = out
                .iter_mut()
                .find(|x| x.key == f.key && x.is_file == is_file)
            {
                existing.repeated = true;
                existing.enabled |= !f.disabled;
                existing.examples.extend(examples);
                continue;
            }
            let (marked, docs) = required_mark(f.description.as_deref());
            let fallback = f
                .value
                .as_deref()
                .filter(|v| !is_file && vars::has_vars(v) && self.defined(v))
                .map(|v| self.template(v));
            let required = !f.disabled && (marked || !self.marker_style) && fallback.is_none();
            out.push(FormField {
                key: f.key.to_string(),
                ident: idents.claim(
                    &names::snake(&f.key).unwrap_or_else(|| "field".to_owned()),
                    false,
                ),
                is_file,
                ty: Scalar::Str,
                required,
                repeated: is_file && f.src.len() > 1,
                content_type: f.content_type.as_deref().map(str::to_owned),
                docs,
                examples,
                enabled: !f.disabled,
                fallback,
            });
        }
        for f in &mut out {
            if !f.is_file && !f.examples.iter().any(|e| vars::has_vars(e)) {
                f.ty = scalar_of(f.examples.iter().map(String::as_str));
            }
        }
        out
    }

    fn responses(&mut self, item: &RequestItem<'_>) -> Vec<Response> {
        let mut out = Vec::new();
        for r in &item.responses {
            let Some(status) = r.code.filter(|c| (100..=599).contains(c)) else {
                self.findings.warn(
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
                body: r.body.as_deref().map(str::to_owned),
                content_type,
                span: r.span,
            });
        }
        out
    }

    fn auth(&mut self, a: Inherited<'_, '_>) -> Auth {
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
            other => {
                self.auth_kinds.signed = true;
                self.auth_kinds.aws |= other == "awsv4";
                Auth::Signed {
                    scheme: other.to_owned(),
                }
            }
        }
    }

    /// Registers a host; returns its provisional index (reordered by use at the end).
    fn host(&mut self, written: &str, span: crate::json::Span) -> usize {
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
        if default_url.is_none() {
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

    /// Whether every variable in `text` has a value at generation time or is a credential the
    /// caller sets at run time.
    fn defined(&self, text: &str) -> bool {
        vars::split(text).into_iter().all(|(is_var, name)| {
            !is_var
                || self.scopes.is_secret(name)
                || vars::is_dynamic(name)
                || self.scopes.lookup(name).is_some()
        })
    }

    /// `text` as a template; every variable in it becomes a client variable.
    fn template(&mut self, text: &str) -> Vec<Piece> {
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

/// What names a request: its base name, method and path parameter keys.
type Naming = (String, String, Vec<String>);

/// The function names of one module's requests, in order, before collisions are settled: the
/// request's name; where several share it, the method (`get_users`, `post_users`) or a path
/// parameter (`retrieve_a_feature_by_id`) tells them apart when it can.
fn operation_names(requests: &[&RequestItem<'_>]) -> Vec<String> {
    let info: Vec<Naming> = requests
        .iter()
        .map(|r| {
            let url = split(&r.request.url);
            let method = r.request.method.to_ascii_lowercase();
            let base = names::snake(&r.name)
                .or_else(|| names::snake(&format!("{} {}", method, url.path.join(" "))))
                .unwrap_or_else(|| "request".to_owned());
            (
                names::collapse_repeats(&base),
                method,
                path_param_keys(&url.path),
            )
        })
        .collect();
    // Requests by base name, once: a flat collection holds thousands in one module.
    let mut by_base: HashMap<&str, Vec<&Naming>> = HashMap::new();
    for i in &info {
        by_base.entry(i.0.as_str()).or_default().push(i);
    }
    info.iter()
        .map(|(base, method, params)| {
            let same = &by_base[base.as_str()];
            if same.len() < 2 {
                return base.clone();
            }
            let starts_with_method = METHOD_WORDS.iter().any(|m| {
                base.strip_prefix(m)
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with('_'))
            });
            if !starts_with_method && same.iter().filter(|(_, m, _)| m == method).count() == 1 {
                if let Some(m) = names::snake(method).filter(|m| METHOD_WORDS.contains(&m.as_str()))
                {
                    return format!("{m}_{base}");
                }
            }
            if same.iter().filter(|(.., p)| p == params).count() == 1 {
                if let Some(last) = params.last().and_then(|p| names::snake(p)) {
                    if !base.split('_').any(|w| w == last) {
                        return format!("{base}_by_{last}");
                    }
                }
            }
            base.clone()
        })
        .collect()
}

/// Lower-case HTTP methods that read as verbs in a function name.
const METHOD_WORDS: &[&str] = &["get", "post", "put", "patch", "delete", "head", "options"];

/// The path parameters of a URL's segments (`:id`, `{{id}}`), in order.
fn path_param_keys(path: &[std::borrow::Cow<'_, str>]) -> Vec<String> {
    path.iter()
        .filter_map(|seg| {
            let name = match seg.strip_prefix(':') {
                Some(n) => n.split('.').next().filter(|n| !n.is_empty()),
                None => vars::sole_var(seg),
            };
            name.map(str::to_owned)
        })
        .collect()
}

fn effective<'c, 'a>(
    own: Option<&'c read::Auth<'a>>,
    inherited: Inherited<'c, 'a>,
) -> Inherited<'c, 'a> {
    match own {
        Some(a) if a.kind != "inherit" => Some(a),
        _ => inherited,
    }
}

/// Orders hosts by use (most used first, ties by first appearance) and names them.
fn order_hosts(api: &mut Api, hosts: Vec<HostUse>) {
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
    fn remap(m: &mut Module, new_index: &[usize]) {
        for op in &mut m.operations {
            op.host = new_index[op.host];
        }
        for c in &mut m.modules {
            remap(c, new_index);
        }
    }
    remap(&mut api.root, &new_index);
}

fn frame(vars: &[read::Variable<'_>]) -> HashMap<String, String> {
    vars.iter()
        .filter(|v| !v.disabled)
        .filter_map(|v| Some((v.key.to_string(), v.value.as_deref()?.to_owned())))
        .collect()
}

/// Variables whose values are credentials: referenced by any auth block or Authorization header,
/// or named like one. Their values are never compiled into generated code.
fn secret_variables(c: &Collection<'_>) -> HashSet<String> {
    let mut out = HashSet::new();
    let add_refs = |text: &str, out: &mut HashSet<String>| {
        for (is_var, name) in vars::split(text) {
            if is_var {
                out.insert(name.to_owned());
            }
        }
    };
    fn auths<'c, 'a>(
        items: &'c [Item<'a>],
        f: &mut dyn FnMut(&'c read::Auth<'a>),
        h: &mut dyn FnMut(&'c read::Header<'a>),
    ) {
        for i in items {
            match i {
                Item::Folder(fo) => {
                    if let Some(a) = &fo.auth {
                        f(a);
                    }
                    auths(&fo.items, f, h);
                }
                Item::Request(r) => {
                    if let Some(a) = &r.request.auth {
                        f(a);
                    }
                    for hd in &r.request.headers {
                        h(hd);
                    }
                }
            }
        }
    }
    let mut from_auth = Vec::new();
    let mut from_headers = Vec::new();
    if let Some(a) = &c.auth {
        from_auth.push(a);
    }
    auths(&c.items, &mut |a| from_auth.push(a), &mut |h| {
        if h.key.trim().eq_ignore_ascii_case("authorization") || is_secret_name(&h.key) {
            from_headers.push(h);
        }
    });
    for a in from_auth {
        for p in &a.params {
            if let Some(v) = &p.value {
                add_refs(v, &mut out);
            }
        }
    }
    for h in from_headers {
        add_refs(&h.value, &mut out);
    }
    for v in &c.variables {
        if is_secret_name(&v.key) {
            out.insert(v.key.to_string());
        }
    }
    out
}

/// Every `{{name}}` that requests, auth blocks and variable values refer to.
fn referenced_variables(c: &Collection<'_>) -> HashSet<String> {
    let mut out = HashSet::new();
    let mut add = |text: &str| {
        for (is_var, name) in vars::split(text) {
            if is_var {
                out.insert(name.to_owned());
            }
        }
    };
    fn auth_texts<'s>(a: Option<&'s read::Auth<'_>>, add: &mut dyn FnMut(&'s str)) {
        for p in a.iter().flat_map(|a| &a.params) {
            if let Some(v) = &p.value {
                add(v);
            }
        }
    }
    fn walk<'s>(items: &'s [Item<'_>], add: &mut dyn FnMut(&'s str)) {
        for i in items {
            match i {
                Item::Folder(f) => {
                    auth_texts(f.auth.as_ref(), add);
                    f.variables
                        .iter()
                        .filter_map(|v| v.value.as_deref())
                        .for_each(&mut *add);
                    walk(&f.items, add);
                }
                Item::Request(r) => {
                    let q = &r.request;
                    auth_texts(q.auth.as_ref(), add);
                    let u = &q.url;
                    u.raw
                        .iter()
                        .chain(&u.host)
                        .chain(u.path.iter().flatten())
                        .chain(&u.port)
                        .for_each(|s| add(s));
                    for p in &u.query {
                        add(&p.key);
                        p.value.iter().for_each(|s| add(s));
                    }
                    u.variables
                        .iter()
                        .filter_map(|v| v.value.as_deref())
                        .for_each(&mut *add);
                    r.variables
                        .iter()
                        .filter_map(|v| v.value.as_deref())
                        .for_each(&mut *add);
                    for h in &q.headers {
                        add(&h.key);
                        add(&h.value);
                    }
                    match &q.body {
                        Some(read::Body::Raw { text, .. }) => add(text),
                        Some(read::Body::UrlEncoded(f) | read::Body::FormData(f)) => {
                            for f in f {
                                add(&f.key);
                                f.value.iter().chain(&f.src).for_each(|s| add(s));
                            }
                        }
                        Some(read::Body::File { src, .. }) => src.iter().for_each(|s| add(s)),
                        Some(read::Body::GraphQl {
                            query, variables, ..
                        }) => {
                            add(query);
                            variables.iter().for_each(|s| add(s));
                        }
                        None => {}
                    }
                }
            }
        }
    }
    let mut texts: Vec<&str> = Vec::new();
    auth_texts(c.auth.as_ref(), &mut |s| texts.push(s));
    c.variables
        .iter()
        .filter_map(|v| v.value.as_deref())
        .for_each(|s| texts.push(s));
    walk(&c.items, &mut |s| texts.push(s));
    for t in texts {
        add(t);
    }
    out
}

/// Names that say "credential" (`access_token`, `X-API-Key`, `client_secret`, `password`).
pub fn is_secret_name(name: &str) -> bool {
    let n: String = name
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    [
        "token",
        "secret",
        "password",
        "passwd",
        "apikey",
        "credential",
        "privatekey",
    ]
    .iter()
    .any(|w| n.contains(w))
}

/// Whether any field in the collection carries the "(Required)" mark.
fn uses_required_markers(items: &[Item<'_>]) -> bool {
    items.iter().any(|i| match i {
        Item::Folder(f) => uses_required_markers(&f.items),
        Item::Request(r) => {
            let marked = |d: &Option<std::borrow::Cow<'_, str>>| {
                d.as_deref().is_some_and(|d| required_mark(Some(d)).0)
            };
            let body_marked = match &r.request.body {
                Some(read::Body::FormData(f) | read::Body::UrlEncoded(f)) => {
                    f.iter().any(|f| marked(&f.description))
                }
                _ => false,
            };
            body_marked
                || r.request.url.query.iter().any(|q| marked(&q.description))
                || r.request
                    .url
                    .variables
                    .iter()
                    .any(|v| marked(&v.description))
        }
    })
}

/// Splits openapi-to-postman's "(Required) " mark off a description.
fn required_mark(description: Option<&str>) -> (bool, Option<String>) {
    let Some(d) = description else {
        return (false, None);
    };
    let t = d.trim_start();
    let (marked, rest) = match t.get(..10) {
        Some(head) if head.eq_ignore_ascii_case("(required)") => (true, &t[10..]),
        _ => (false, t),
    };
    let rest = rest.trim();
    (marked, (!rest.is_empty()).then(|| rest.to_owned()))
}

/// The Rust type examples suggest: openapi-to-postman placeholders (`<integer>`) are type hints;
/// literal values give `i64` or `bool` only when every example is canonical (so sending it back
/// reproduces the text exactly); anything else is a string.
fn scalar_of<'s>(examples: impl Iterator<Item = &'s str>) -> Scalar {
    let mut ty = None;
    for e in examples {
        let t = match e.trim() {
            "<integer>" | "<long>" | "<int32>" | "<int64>" => Scalar::Int,
            "<boolean>" | "<bool>" => Scalar::Bool,
            "true" | "false" => Scalar::Bool,
            s if is_canonical_int(s) && s == e => Scalar::Int,
            _ => return Scalar::Str,
        };
        match ty {
            None => ty = Some(t),
            Some(prev) if prev != t => return Scalar::Str,
            _ => {}
        }
    }
    ty.unwrap_or(Scalar::Str)
}

fn is_canonical_int(s: &str) -> bool {
    let digits = s.strip_prefix('-').unwrap_or(s);
    !digits.is_empty()
        && digits.len() <= 18
        && digits.bytes().all(|b| b.is_ascii_digit())
        && (digits == "0" || !digits.starts_with('0'))
        && s != "-0"
}

/// Whether applying `auth` writes the `Authorization` header.
fn sets_authorization(auth: &Auth) -> bool {
    match auth {
        Auth::None => false,
        Auth::ApiKey { name, in_query } => !in_query && name.eq_ignore_ascii_case("authorization"),
        Auth::Bearer | Auth::OAuth2 { .. } | Auth::Basic | Auth::Signed { .. } => true,
    }
}

/// How warnings name an auth.
fn auth_name(auth: &Auth) -> &str {
    match auth {
        Auth::None => "no",
        Auth::Bearer => "bearer",
        Auth::OAuth2 { .. } => "OAuth 2.0",
        Auth::Basic => "basic",
        Auth::ApiKey { .. } => "API key",
        Auth::Signed { scheme } => scheme,
    }
}

/// Methods whose body Postman drops unless `disableBodyPruning` is set.
fn prunes_body(method: &str) -> bool {
    matches!(method, "GET" | "HEAD" | "COPY" | "PURGE" | "UNLOCK")
}

/// Where a request's body is written.
fn body_span(req: &read::Request<'_>) -> crate::json::Span {
    match &req.body {
        Some(
            read::Body::Raw { span, .. }
            | read::Body::File { span, .. }
            | read::Body::GraphQl { span, .. },
        ) => *span,
        Some(read::Body::UrlEncoded(f) | read::Body::FormData(f)) => match (f.first(), f.last()) {
            (Some(a), Some(b)) => crate::json::Span {
                start: a.span.start,
                end: b.span.end,
            },
            _ => req.span,
        },
        None => req.span,
    }
}

/// RFC 9110 token characters: what an HTTP method may be made of.
fn is_tchar(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalars_from_examples() {
        assert_eq!(scalar_of(["68423085"].into_iter()), Scalar::Int);
        assert_eq!(scalar_of(["007"].into_iter()), Scalar::Str);
        assert_eq!(scalar_of(["<long>"].into_iter()), Scalar::Int);
        assert_eq!(scalar_of(["true", "<boolean>"].into_iter()), Scalar::Bool);
        assert_eq!(scalar_of(["1", "x"].into_iter()), Scalar::Str);
        assert_eq!(scalar_of(["1.5"].into_iter()), Scalar::Str);
        assert_eq!(scalar_of(std::iter::empty()), Scalar::Str);
    }

    #[test]
    fn required_marks() {
        assert_eq!(
            required_mark(Some("(Required) The webinar's ID.")),
            (true, Some("The webinar's ID.".to_owned()))
        );
        assert_eq!(required_mark(Some("(Required) ")), (true, None));
        assert_eq!(
            required_mark(Some("Optional.")),
            (false, Some("Optional.".to_owned()))
        );
    }

    #[test]
    fn secret_names() {
        for n in [
            "access_token",
            "X-API-Key",
            "client_secret",
            "password",
            "bearerToken",
        ] {
            assert!(is_secret_name(n), "{n}");
        }
        for n in ["baseUrl", "webinarId", "page_size"] {
            assert!(!is_secret_name(n), "{n}");
        }
    }
}
