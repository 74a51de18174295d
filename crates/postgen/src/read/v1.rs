//! Postman Collection v1 (top-level `requests`, `order`, `folders`), converted on read into the
//! same [`Collection`] the v2 reader produces, the way Postman's own converter
//! (postman-collection-transformer, v1 → v2) maps it:
//!
//! * Folders come from `folders` (nested through `folders_order`), requests from `requests`, placed
//!   by the `order` lists of the collection and of each folder. A request that no `order` lists
//!   goes into the folder its `folder` field names, or else to the root, with a warning (Postman's
//!   converter would drop it).
//! * `dataMode` `raw`, `urlencoded`, `params` (form data), `binary` (a file) and `graphql`, with
//!   `data`, `rawModeData` and `graphqlModeData`; `dataDisabled` means no body.
//! * Headers from `headerData` and from the `headers` string (`Name: value` lines, `//` marking a
//!   disabled one); query parameters from `queryParams` (else the URL's own query); path variables
//!   from `pathVariableData` and `pathVariables`.
//! * Auth from `auth` (already in v2 shape) or the legacy `currentHelper` and `helperAttributes`,
//!   renamed to the v2 parameter names.
//! * Scripts from `events`, or the legacy `preRequestScript` and `tests`; saved responses with
//!   `responseCode: {code, name}` and the body in `text`.
//!
//! Every value keeps the span it has in the v1 file, so errors and warnings point into it.

use crate::diag::WarningKind;
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use super::fields::{
    HeaderLine, description, flag_disabled, header_lines, invalid_header_line, method, object,
    opt_text, text, text_or, vec_of,
};
use super::{
    Auth, AuthParam, Body, Collection, Event, Folder, Format, Header, Item, QueryParam, Request,
    RequestItem, SavedResponse, Url, Variable,
};
use crate::diag::{Finding, Findings};
use crate::json::{Kind, Span, Value};

pub fn read<'a>(root: &Value<'a>, findings: &mut Findings) -> Result<Collection<'a>, Finding> {
    let name = root
        .get("name")
        .map(|n| text(n, "the collection name"))
        .transpose()?
        .flatten()
        .unwrap_or(Cow::Borrowed("API"));

    let requests = list(root.get("requests"), "a list of requests")?;
    let folders = list(root.get("folders"), "a list of folders")?;
    let mut by_id: HashMap<&str, usize> = HashMap::new();
    for (i, r) in requests.iter().enumerate() {
        object(r, "a request (a JSON object)")?;
        if let Some(id) = r.get("id").and_then(Value::as_str) {
            by_id.entry(id).or_insert(i);
        }
    }
    let mut folder_by_id: HashMap<&str, usize> = HashMap::new();
    for (i, f) in folders.iter().enumerate() {
        object(f, "a folder (a JSON object)")?;
        if let Some(id) = f.get("id").and_then(Value::as_str) {
            folder_by_id.entry(id).or_insert(i);
        }
    }

    let mut cx = Cx {
        requests,
        folders,
        by_id,
        folder_by_id,
        placed: vec![false; requests.len()],
        folder_placed: vec![false; folders.len()],
        findings,
    };

    // Where each request goes: the `order` that lists it first (root first, then folders in
    // tree order); unlisted ones into the folder their `folder` field names.
    let mut orphans_by_folder: HashMap<usize, Vec<usize>> = HashMap::new();
    let listed = cx.listed_requests(root);
    let mut root_orphans = Vec::new();
    for (i, r) in requests.iter().enumerate() {
        if listed.contains(&i) {
            continue;
        }
        let home = r
            .get("folder")
            .and_then(Value::as_str)
            .and_then(|id| cx.folder_by_id.get(id).copied());
        match home {
            Some(f) => orphans_by_folder.entry(f).or_default().push(i),
            None => root_orphans.push(i),
        }
    }

    // Top-level folders: `folders_order` if given, else every folder no other folder nests.
    let nested: HashSet<usize> = folders
        .iter()
        .flat_map(|f| ids(f.get("folders_order")))
        .filter_map(|id| cx.folder_by_id.get(id).copied())
        .collect();
    let top: Vec<usize> = match root.get("folders_order") {
        Some(order) if order.as_array().is_some() => ids(Some(order))
            .filter_map(|id| cx.folder_by_id.get(id).copied())
            .collect(),
        _ => (0..folders.len()).filter(|i| !nested.contains(i)).collect(),
    };

    let mut items = Vec::new();
    for f in top {
        if let Some(folder) = cx.folder(f, &orphans_by_folder, 0)? {
            items.push(folder);
        }
    }
    // Folders nothing reaches (not in `folders_order`, not nested anywhere): at the root.
    for (f, folder) in folders.iter().enumerate() {
        if !cx.folder_placed[f] {
            cx.findings.warn(
                WarningKind::Structure,
                folder.span,
                "folder is listed in no `folders_order`: generated at the crate root",
            );
            if let Some(folder) = cx.folder(f, &orphans_by_folder, 0)? {
                items.push(folder);
            }
        }
    }
    for id in ids(root.get("order")) {
        if let Some(item) = cx.request_by_id(id, root.get("order"))? {
            items.push(item);
        }
    }
    for i in root_orphans {
        if cx.placed[i] {
            continue;
        }
        if root.get("order").is_some() || !folders.is_empty() {
            cx.findings.warn(
                WarningKind::Structure,
                requests[i].span,
                "request is listed in no `order` of the collection or a folder: generated at the \
                 crate root",
            );
        }
        items.push(cx.request(i)?);
    }

    Ok(Collection {
        format: Format::V1,
        name,
        description: root.get("description").and_then(description),
        items,
        auth: entity_auth(root, cx.findings)?,
        variables: super::url_variables(root.get("variables"))?,
        events: entity_events(root),
        span: root.span,
    })
}

struct Cx<'v, 'a, 'f> {
    requests: &'v [Value<'a>],
    folders: &'v [Value<'a>],
    by_id: HashMap<&'v str, usize>,
    folder_by_id: HashMap<&'v str, usize>,
    placed: Vec<bool>,
    folder_placed: Vec<bool>,
    findings: &'f mut Findings,
}

impl<'v, 'a> Cx<'v, 'a, '_> {
    /// Indices of the requests that some `order` lists.
    fn listed_requests(&self, root: &Value<'a>) -> HashSet<usize> {
        std::iter::once(root)
            .chain(self.folders.iter())
            .flat_map(|e| ids(e.get("order")))
            .filter_map(|id| self.by_id.get(id).copied())
            .collect()
    }

    fn folder(
        &mut self,
        f: usize,
        orphans: &HashMap<usize, Vec<usize>>,
        depth: usize,
    ) -> Result<Option<Item<'a>>, Finding> {
        let folders = self.folders;
        let v = &folders[f];
        if self.folder_placed[f] {
            // Listed twice (or nested in itself): Postman shows it once.
            self.findings.warn(
                WarningKind::Structure,
                v.span,
                "folder is nested in more than one place (or in itself): generated once, at its \
                 first place",
            );
            return Ok(None);
        }
        if depth > super::MAX_FOLDER_DEPTH {
            return Err(Finding::new(
                v.span,
                format!(
                    "folders nested deeper than {} levels",
                    super::MAX_FOLDER_DEPTH
                ),
            ));
        }
        self.folder_placed[f] = true;
        let mut items = Vec::new();
        for id in ids(v.get("folders_order")) {
            match self.folder_by_id.get(id).copied() {
                Some(sub) => {
                    if let Some(item) = self.folder(sub, orphans, depth + 1)? {
                        items.push(item);
                    }
                }
                None => self.findings.warn(
                    WarningKind::Structure,
                    v.get("folders_order").map_or(v.span, |o| o.span),
                    format!(
                        "`folders_order` names folder `{id}`, which the collection does not have"
                    ),
                ),
            }
        }
        for id in ids(v.get("order")) {
            if let Some(item) = self.request_by_id(id, v.get("order"))? {
                items.push(item);
            }
        }
        for &i in orphans.get(&f).into_iter().flatten() {
            if !self.placed[i] {
                self.findings.warn(
                    WarningKind::Structure,
                    self.requests[i].span,
                    "request is listed in no `order`: generated in the folder its `folder` field \
                     names",
                );
                items.push(self.request(i)?);
            }
        }
        let name = text_or(v, "name", "the folder name", "")?;
        Ok(Some(Item::Folder(Folder {
            name,
            description: v.get("description").and_then(description),
            items,
            auth: entity_auth(v, self.findings)?,
            variables: super::url_variables(v.get("variables"))?,
            events: entity_events(v),
            span: v.span,
        })))
    }

    fn request_by_id(
        &mut self,
        id: &str,
        order: Option<&Value<'a>>,
    ) -> Result<Option<Item<'a>>, Finding> {
        let span = order.map_or(Span::default(), |o| o.span);
        let Some(&i) = self.by_id.get(id) else {
            self.findings.warn(
                WarningKind::Structure,
                span,
                format!("`order` names request `{id}`, which the collection does not have"),
            );
            return Ok(None);
        };
        if self.placed[i] {
            self.findings.warn(
                WarningKind::Structure,
                span,
                format!(
                    "`order` lists request `{id}` a second time: it is generated once, at its \
                     first place"
                ),
            );
            return Ok(None);
        }
        self.request(i).map(Some)
    }

    fn request(&mut self, i: usize) -> Result<Item<'a>, Finding> {
        self.placed[i] = true;
        let requests = self.requests;
        let r = &requests[i];
        Ok(Item::Request(Box::new(request(r, self.findings)?)))
    }
}

/// The entries of a list; `null` or missing is empty.
fn list<'v, 'a>(v: Option<&'v Value<'a>>, what: &str) -> Result<&'v [Value<'a>], Finding> {
    match v.map(|v| (&v.kind, v)) {
        None | Some((Kind::Null, _)) => Ok(&[]),
        Some((Kind::Array(list), _)) => Ok(list),
        Some((_, v)) => Err(Finding::wrong_type(v, what)),
    }
}

/// The ids in an `order` or `folders_order` list (entries that are not strings are skipped).
fn ids<'v>(v: Option<&'v Value<'_>>) -> impl Iterator<Item = &'v str> {
    v.and_then(Value::as_array)
        .unwrap_or(&[])
        .iter()
        .filter_map(Value::as_str)
}

/// One v1 request as a v2 item.
pub(super) fn request<'a>(
    r: &Value<'a>,
    findings: &mut Findings,
) -> Result<RequestItem<'a>, Finding> {
    object(r, "a request (a JSON object)")?;
    let name = text_or(r, "name", "the request name", "")?;
    let (method, method_span) = method(r)?;
    let auth = entity_auth(r, findings)?;
    let headers = headers(r, findings)?;
    let request = Request {
        method,
        method_span,
        url: url(r)?,
        headers,
        body: body(r, findings)?,
        auth,
        description: r.get("description").and_then(description),
        span: r.span,
    };
    Ok(RequestItem {
        name,
        request,
        responses: vec_of(r.get("responses"), "saved responses", |x| {
            response(x, findings).map(Some)
        })?,
        variables: super::url_variables(r.get("variables"))?,
        events: entity_events(r),
        body_pruning_disabled: super::body_pruning_disabled(r),
        span: r.span,
    })
}

fn url<'a>(r: &Value<'a>) -> Result<Url<'a>, Finding> {
    let mut url = match r.get("url") {
        // Some late v1 exports already hold a v2 URL object.
        Some(u) if u.as_object().is_some() => super::url(u)?,
        Some(u) => Url {
            raw: text(u, "a URL (a string)")?,
            span: u.span,
            ..Url::default()
        },
        None => Url {
            span: r.span,
            ..Url::default()
        },
    };
    // `queryParams` replace the URL's own query (they carry descriptions and `disabled`).
    let query = vec_of(r.get("queryParams"), "query parameters", |q| {
        object(q, "a query parameter (an object)")?;
        let value = q
            .get("value")
            .map(|x| opt_text(x, "a query parameter value"))
            .transpose()?
            .flatten();
        // `equals: false`: sent as a bare key when it has no value.
        let bare = q.get("equals").and_then(Value::as_bool) == Some(false);
        Ok(Some(QueryParam {
            key: q
                .get("key")
                .map(|k| text(k, "a query parameter name"))
                .transpose()?
                .flatten()
                .unwrap_or_default(),
            value: value.filter(|v| !(bare && v.is_empty())),
            disabled: flag_disabled(q),
            description: q.get("description").and_then(description),
            span: q.span,
        }))
    })?;
    if !query.is_empty() {
        url.query = query;
    }
    // Path variables: `pathVariableData` (with descriptions), then `pathVariables` ({name: value}).
    let mut variables = vec_of(r.get("pathVariableData"), "path variables", |x| {
        object(x, "a path variable (an object)")?;
        let Some(key) = x
            .get("key")
            .or_else(|| x.get("id"))
            .map(|k| text(k, "a path variable name"))
            .transpose()?
            .flatten()
        else {
            return Ok(None);
        };
        Ok(Some(Variable {
            key,
            value: x.get("value").and_then(|v| opt_text(v, "").ok().flatten()),
            disabled: false,
            description: x.get("description").and_then(description),
            span: x.span,
        }))
    })?;
    if let Some(members) = r.get("pathVariables").and_then(Value::as_object) {
        for m in members {
            if variables.iter().any(|v| v.key == m.key) {
                continue;
            }
            variables.push(Variable {
                key: m.key.clone(),
                value: opt_text(&m.value, "").ok().flatten(),
                disabled: false,
                description: None,
                span: m.value.span,
            });
        }
    }
    url.variables.extend(variables);
    Ok(url)
}

/// `headerData` entries, then the lines of the `headers` string whose names `headerData` lacks.
fn headers<'a>(r: &Value<'a>, findings: &mut Findings) -> Result<Vec<Header<'a>>, Finding> {
    let raw = r.get("headers");
    if let Some(list) = raw.filter(|h| h.as_array().is_some()) {
        return super::headers(Some(list), findings);
    }
    let mut out = vec_of(r.get("headerData"), "headers", |h| {
        object(h, "a header (an object)")?;
        let key = h
            .get("key")
            .map(|k| text(k, "a header name"))
            .transpose()?
            .flatten()
            .unwrap_or_default();
        let commented = key.starts_with("//");
        Ok(Some(Header {
            key: if commented {
                Cow::Owned(key[2..].trim().to_owned())
            } else {
                key
            },
            value: h
                .get("value")
                .map(|x| opt_text(x, "a header value"))
                .transpose()?
                .flatten()
                .unwrap_or_default(),
            disabled: commented || flag_disabled(h),
            description: h.get("description").and_then(description),
            span: h.span,
        }))
    })?;
    let Some(raw) = raw else {
        return Ok(out);
    };
    let Some(s) = text(raw, "headers (a string or a list)")? else {
        return Ok(out);
    };
    for line in header_lines(&s) {
        match line {
            HeaderLine::Header {
                key,
                value,
                disabled,
            } => {
                if out.iter().any(|h| h.key == key) {
                    continue;
                }
                out.push(Header {
                    key: Cow::Owned(key.to_owned()),
                    value: Cow::Owned(value),
                    disabled,
                    description: None,
                    span: raw.span,
                });
            }
            HeaderLine::Invalid(line) => {
                findings.warn(WarningKind::Header, raw.span, invalid_header_line(&line))
            }
        }
    }
    Ok(out)
}

fn body<'a>(r: &Value<'a>, findings: &mut Findings) -> Result<Option<Body<'a>>, Finding> {
    if r.get("dataDisabled").and_then(Value::as_bool) == Some(true) {
        return Ok(None);
    }
    let data = r.get("data").filter(|d| !d.is_null());
    let raw_mode = r.get("rawModeData").and_then(|v| match &v.kind {
        Kind::String(_) => Some(v),
        // `["text"]`: one string in a list.
        Kind::Array(list) if list.len() == 1 && list[0].as_str().is_some() => Some(&list[0]),
        _ => None,
    });
    let graphql = r
        .get("graphqlModeData")
        .filter(|g| g.as_object().is_some_and(|m| !m.is_empty()));
    let mode_value = r.get("dataMode");
    let empty = data.is_none_or(is_empty) && raw_mode.is_none_or(is_empty) && graphql.is_none();
    let mode = match mode_value.map(|m| &m.kind) {
        // Explicitly no body.
        Some(Kind::Null) => return Ok(None),
        None if empty => return Ok(None),
        None => None,
        Some(Kind::String(s)) => match s.as_ref() {
            "raw" => Some("raw"),
            "urlencoded" => Some("urlencoded"),
            "params" => Some("formdata"),
            "binary" => Some("file"),
            "graphql" => Some("graphql"),
            other => {
                if !empty {
                    findings.warn(
                        WarningKind::Body,
                        mode_value.map_or(r.span, |m| m.span),
                        format!(
                            "unknown `dataMode` `{other}` (expected raw, urlencoded, params, \
                             binary or graphql): the body is read from what the request holds"
                        ),
                    );
                }
                None
            }
        },
        Some(_) => {
            return Err(Finding::wrong_type(
                mode_value.unwrap_or(r),
                "a body mode (a string)",
            ));
        }
    };
    // Without a (known) mode, Postman infers it: form data, then GraphQL, then raw.
    let form_list = data.filter(|d| d.as_array().is_some()).or_else(|| {
        r.get("rawModeData")
            .filter(|d| d.as_array().is_some() && raw_mode.is_none())
    });
    let mode = mode.unwrap_or(if raw_mode.is_none() && form_list.is_some() {
        "formdata"
    } else if raw_mode.is_none() && graphql.is_some() {
        "graphql"
    } else {
        "raw"
    });
    let language = r
        .get("dataOptions")
        .and_then(|o| o.get("raw"))
        .and_then(|o| o.get("language"))
        .and_then(Value::as_str)
        .map(|s| Cow::Owned(s.to_owned()));
    Ok(Some(match mode {
        "raw" => {
            let source = raw_mode.or(data.filter(|d| d.as_str().is_some()));
            Body::Raw {
                text: source
                    .map(|s| text(s, "a raw body"))
                    .transpose()?
                    .flatten()
                    .unwrap_or_default(),
                language,
                span: source.map_or(r.span, |s| s.span),
            }
        }
        "file" => Body::File {
            src: raw_mode.and_then(|s| s.as_str().map(|s| Cow::Owned(s.to_owned()))),
            span: raw_mode.map_or(r.span, |s| s.span),
        },
        "graphql" => {
            let g = graphql;
            Body::GraphQl {
                query: g
                    .and_then(|g| g.get("query"))
                    .map(|q| opt_text(q, "a GraphQL query"))
                    .transpose()?
                    .flatten()
                    .unwrap_or_default(),
                variables: g
                    .and_then(|g| g.get("variables"))
                    .map(|q| opt_text(q, "GraphQL variables"))
                    .transpose()?,
                span: g.map_or(r.span, |g| g.span),
            }
        }
        form => {
            let mut fields = super::form_fields(form_list)?;
            // v1 file fields hold the path in `value`.
            for f in fields.iter_mut().filter(|f| f.is_file && f.src.is_empty()) {
                f.src.extend(f.value.take());
            }
            if form == "urlencoded" {
                Body::UrlEncoded(fields)
            } else {
                Body::FormData(fields)
            }
        }
    }))
}

fn is_empty(v: &Value<'_>) -> bool {
    match &v.kind {
        Kind::Null => true,
        Kind::String(s) => s.is_empty(),
        Kind::Array(l) => l.is_empty(),
        Kind::Object(m) => m.is_empty(),
        _ => false,
    }
}

/// v1 helper names → v2 auth types (Postman's `authMap`).
const HELPERS: &[(&str, &str)] = &[
    ("apikeyAuth", "apikey"),
    ("basicAuth", "basic"),
    ("bearerAuth", "bearer"),
    ("digestAuth", "digest"),
    ("hawkAuth", "hawk"),
    ("oAuth1", "oauth1"),
    ("oAuth2", "oauth2"),
    ("ntlmAuth", "ntlm"),
    ("awsSigV4", "awsv4"),
    ("jwtAuth", "jwt"),
    ("asapAuth", "asap"),
    ("edgegridAuth", "edgegrid"),
];

/// Helper attributes whose names changed in v2 (`(v1, v2)`); the rest keep their names.
const RENAMED: &[(&str, &str, &str)] = &[
    ("basicAuth", "saveToRequest", "saveHelperData"),
    ("hawkAuth", "hawk_id", "authId"),
    ("hawkAuth", "hawk_key", "authKey"),
    ("hawkAuth", "saveToRequest", "saveHelperData"),
    ("hawkAuth", "ext", "extraData"),
    ("hawkAuth", "app", "appId"),
    ("hawkAuth", "dlg", "delegation"),
    ("oAuth1", "header", "addParamsToHeader"),
    ("oAuth1", "auto", "autoAddParam"),
    ("oAuth1", "includeEmpty", "addEmptyParamsToSign"),
];

/// An entity's auth: its `auth` block (v2 shape) unless the legacy `currentHelper` is set.
fn entity_auth<'a>(e: &Value<'a>, findings: &mut Findings) -> Result<Option<Auth<'a>>, Finding> {
    let helper = e.get("currentHelper");
    let legacy = helper.is_some() || e.get("helperAttributes").is_some_and(|h| !h.is_null());
    if !legacy {
        return e
            .get("auth")
            .map(super::auth)
            .transpose()
            .map(Option::flatten);
    }
    let Some(helper_value) = helper else {
        return Ok(None);
    };
    let Some(name) = helper_value.as_str().filter(|h| *h != "normal") else {
        return Ok(None);
    };
    let kind = HELPERS
        .iter()
        .find(|(v1, _)| *v1 == name)
        .map_or(name, |(_, v2)| *v2);
    let mut params = Vec::new();
    let attrs = e.get("helperAttributes");
    match attrs.map(|a| &a.kind) {
        Some(Kind::Object(members)) => {
            for m in members {
                if m.key == "id" {
                    continue;
                }
                let key = RENAMED
                    .iter()
                    .find(|(h, old, _)| *h == name && *old == m.key)
                    .map_or(m.key.clone(), |(_, _, new)| Cow::Borrowed(*new));
                params.push(AuthParam {
                    key,
                    value: opt_text(&m.value, "").ok().flatten(),
                });
            }
        }
        // Some old exports hold the attributes as JSON text.
        Some(Kind::String(s)) => match crate::json::parse(s, crate::json::Options::default()) {
            Ok(parsed) => {
                for m in parsed.as_object().unwrap_or(&[]) {
                    if m.key == "id" {
                        continue;
                    }
                    params.push(AuthParam {
                        key: Cow::Owned(m.key.to_string()),
                        value: opt_text(&m.value, "")
                            .ok()
                            .flatten()
                            .map(|v| Cow::Owned(v.into_owned())),
                    });
                }
            }
            Err(_) => findings.warn(
                WarningKind::Auth,
                attrs.map_or(e.span, |a| a.span),
                format!("the `{name}` helper's attributes are not JSON: its settings are not read"),
            ),
        },
        _ => {}
    }
    Ok(Some(Auth {
        kind: Cow::Owned(kind.to_owned()),
        params,
        span: helper_value.span,
    }))
}

/// An entity's scripts: `events` (v2 shape) unless the legacy `preRequestScript` or `tests` is set.
fn entity_events(e: &Value<'_>) -> Vec<Event> {
    let mut out = Vec::new();
    let mut legacy = false;
    for (field, listen) in [("preRequestScript", "prerequest"), ("tests", "test")] {
        let Some(v) = e.get(field) else { continue };
        let exec = super::script_text(v).unwrap_or_default();
        if !exec.trim().is_empty() {
            legacy = true;
            out.push(Event {
                listen: listen.to_owned(),
                exec,
                span: v.span,
            });
        }
    }
    if legacy {
        out
    } else {
        super::events(e.get("events"))
    }
}

fn response<'a>(r: &Value<'a>, findings: &mut Findings) -> Result<SavedResponse<'a>, Finding> {
    object(r, "a saved response (an object)")?;
    let number = |v: &Value<'_>| match &v.kind {
        Kind::Number(n) => n.parse::<u16>().ok(),
        Kind::String(s) => s.trim().parse::<u16>().ok(),
        _ => None,
    };
    let code_of = r.get("responseCode");
    let code = code_of
        .and_then(|c| c.get("code"))
        .and_then(number)
        .or_else(|| r.get("code").and_then(number));
    let status = code_of
        .and_then(|c| c.get("name"))
        .and_then(|s| opt_text(s, "").ok().flatten())
        .or_else(|| {
            r.get("status")
                .and_then(|s| opt_text(s, "").ok().flatten())
                .filter(|s| !s.trim().is_empty())
        });
    Ok(SavedResponse {
        name: r
            .get("name")
            .and_then(|n| opt_text(n, "").ok().flatten())
            .unwrap_or_default(),
        id: r.get("id").and_then(|s| opt_text(s, "").ok().flatten()),
        code,
        status,
        headers: super::headers(r.get("headers"), findings).unwrap_or_default(),
        body: r
            .get("text")
            .or_else(|| r.get("body"))
            .and_then(|b| opt_text(b, "").ok().flatten()),
        preview_language: r
            .get("language")
            .and_then(|s| opt_text(s, "").ok().flatten()),
        span: r.span,
    })
}

#[cfg(test)]
mod tests;
