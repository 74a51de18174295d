//! The collection side of the harness: which item of the collection each generated operation
//! comes from, the value every variable gets, the credentials each request sends, and the
//! script-free, host-rewritten copy of the collection that newman runs.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;
use std::process::Command;

use postgen::stages::model::{Auth, Body, Module, ReadStep};
use serde_json::{Value, json};

use super::workspace::FIXED_TIME;

/// The header that tags each request with its operation on both sides (stripped before comparing).
pub const TAG: &str = "x-postgen-harness";

/// One generated operation and the item it comes from.
pub struct Op {
    /// Its example's path, e.g. `users::list_users` (also the tag value).
    pub name: String,
    pub title: String,
    pub host: usize,
    pub auth: Auth,
    /// Indices through `item` arrays of the v2 JSON.
    pub item_path: Vec<usize>,
    /// Files the request reads (form fields and binary bodies), as the collection names them.
    pub files: Vec<String>,
    /// The collection gives it no URL: newman's copy keeps it so (newman refuses to send it).
    pub no_url: bool,
    /// What its captures read from a response: JSON paths and header names.
    pub reads: (Vec<Vec<ReadStep>>, Vec<String>),
}

/// What the capture servers answer an operation's request with in the scripts-on run.
pub struct Answer {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Op {
    /// Its first saved 2xx example response; without one, a JSON body holding every path its
    /// scripts read and every header they read, each with a value of its own.
    pub fn answer(&self, v2: &Value) -> Answer {
        let item = chain(v2, &self.item_path)
            .last()
            .copied()
            .unwrap_or(&Value::Null);
        let saved = item
            .get("response")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .find(|r| {
                r.get("code")
                    .and_then(Value::as_u64)
                    .is_some_and(|c| (200..300).contains(&c))
            });
        if let Some(r) = saved {
            let headers = r
                .get("header")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|h| {
                    Some((
                        h.get("key")?.as_str()?.to_owned(),
                        h.get("value")?.as_str()?.to_owned(),
                    ))
                })
                .filter(|(k, _)| {
                    let k = k.to_ascii_lowercase();
                    !matches!(
                        k.as_str(),
                        "content-length"
                            | "transfer-encoding"
                            | "connection"
                            | "content-encoding"
                            | "keep-alive"
                    )
                })
                .collect();
            return Answer {
                status: r.get("code").and_then(Value::as_u64).unwrap_or(200) as u16,
                headers,
                body: r
                    .get("body")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .as_bytes()
                    .to_vec(),
            };
        }
        let mut body = json!({});
        for (i, path) in self.reads.0.iter().enumerate() {
            if !path.is_empty() {
                put(&mut body, path, json!(format!("read-{}", i + 1)));
            }
        }
        // A script that stores the whole body reads a token sent as a JSON string.
        if body == json!({}) && self.reads.0.iter().any(Vec::is_empty) {
            body = json!("read-body");
        }
        let mut headers = vec![("Content-Type".to_owned(), "application/json".to_owned())];
        for (i, h) in self.reads.1.iter().enumerate() {
            headers.push((h.clone(), format!("header-{}", i + 1)));
        }
        Answer {
            status: 200,
            headers,
            body: body.to_string().into_bytes(),
        }
    }
}

/// Sets `value` at `path` in `at`, making the objects and arrays on the way.
fn put(at: &mut Value, path: &[ReadStep], value: Value) {
    let Some((first, rest)) = path.split_first() else {
        *at = value;
        return;
    };
    let next = match first {
        ReadStep::Key(k) => {
            if !at.is_object() {
                *at = json!({});
            }
            at.as_object_mut()
                .map(|o| o.entry(k.clone()).or_insert(Value::Null))
        }
        ReadStep::Index(i) => {
            if !at.is_array() {
                *at = json!([]);
            }
            at.as_array_mut().map(|a| {
                if a.len() <= *i {
                    a.resize(*i + 1, Value::Null);
                }
                &mut a[*i]
            })
        }
    };
    if let Some(next) = next {
        put(next, rest, value);
    }
}

/// A collection, generated and located.
pub struct Collection {
    pub stem: String,
    /// The collection, a folder or a request has a script.
    pub has_scripts: bool,
    /// Its crate's name: the CLI's default rule on the stem (`api-v1.0` → `api-v1-0`).
    pub krate: String,
    pub generated: postgen::Generated,
    /// The collection as v2 JSON (a v1 collection converted by Postman's own converter, as
    /// newman converts it).
    pub v2: Value,
    pub ops: Vec<Op>,
}

/// Reads and generates `path`; `node_modules` holds newman and its converter.
pub fn load(path: &Path, node_modules: &Path, work: &Path) -> Result<Collection, String> {
    let file = path.file_name().unwrap().to_string_lossy().into_owned();
    let stem = file.trim_end_matches(".postman_collection.json").to_owned();
    let krate = postgen::default_crate_name(&stem);
    let generated = postgen::Builder::new()
        .collection(path)
        .crate_name(&krate)
        .emit_rerun_if_changed(false)
        .emit_cargo_warnings(false)
        .generate()
        .map_err(|e| format!("postgen cannot generate it: {e}"))?;
    let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    let spanned = postgen::stages::json::parse(&text, postgen::stages::json::Options::default())
        .map_err(|e| format!("invalid JSON: {}", e.message))?;
    let v1 = spanned.get("info").is_none() && spanned.get("requests").is_some();

    // Where each item is written → its path in the v2 JSON.
    let mut paths: HashMap<u32, Vec<usize>> = HashMap::new();
    let v2 = if v1 {
        let converted = convert_v1(path, node_modules, work)?;
        let mut by_id = HashMap::new();
        item_ids(converted.get("item"), &mut Vec::new(), &mut by_id);
        for r in spanned
            .get("requests")
            .and_then(|r| r.as_array())
            .unwrap_or(&[])
        {
            if let Some(p) = r
                .get("id")
                .and_then(|i| i.as_str())
                .and_then(|id| by_id.get(id))
            {
                paths.insert(r.span.start, p.clone());
            }
        }
        converted
    } else {
        if let Some(items) = spanned.get("item") {
            item_spans(items, &mut Vec::new(), &mut paths);
        }
        serde_json::from_str(&text).map_err(|e| e.to_string())?
    };

    let mut ops = Vec::new();
    let mut missing = Vec::new();
    collect_ops(
        &generated.api().root,
        &mut Vec::new(),
        &paths,
        &mut ops,
        &mut missing,
    );
    if !missing.is_empty() {
        return Err(format!(
            "the harness cannot find the collection item of {}",
            missing.join(", ")
        ));
    }
    Ok(Collection {
        has_scripts: ["\"exec\"", "\"tests\"", "\"preRequestScript\""]
            .iter()
            .any(|k| text.contains(k)),
        stem,
        krate,
        generated,
        v2,
        ops,
    })
}

fn item_spans(
    items: &postgen::stages::json::Value<'_>,
    prefix: &mut Vec<usize>,
    out: &mut HashMap<u32, Vec<usize>>,
) {
    for (i, it) in items.as_array().unwrap_or(&[]).iter().enumerate() {
        prefix.push(i);
        out.insert(it.span.start, prefix.clone());
        if let Some(sub) = it.get("item") {
            item_spans(sub, prefix, out);
        }
        prefix.pop();
    }
}

fn item_ids(items: Option<&Value>, prefix: &mut Vec<usize>, out: &mut HashMap<String, Vec<usize>>) {
    for (i, it) in items
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
    {
        prefix.push(i);
        if let Some(id) = it.get("id").and_then(Value::as_str) {
            out.entry(id.to_owned()).or_insert_with(|| prefix.clone());
        }
        item_ids(it.get("item"), prefix, out);
        prefix.pop();
    }
}

fn collect_ops<'m>(
    m: &'m Module,
    mods: &mut Vec<&'m str>,
    paths: &HashMap<u32, Vec<usize>>,
    ops: &mut Vec<Op>,
    missing: &mut Vec<String>,
) {
    for op in &m.operations {
        let mut name: Vec<&str> = mods.clone();
        name.push(&op.ident);
        let name = name.join("::");
        let Some(item_path) = paths.get(&op.span.start) else {
            missing.push(name);
            continue;
        };
        let mut files = Vec::new();
        match &op.body {
            Some(Body::Multipart { fields, .. }) => {
                for f in fields.iter().filter(|f| f.is_file) {
                    files.extend(f.examples.iter().cloned());
                }
            }
            Some(Body::Binary { src: Some(src), .. }) => files.push(src.clone()),
            _ => {}
        }
        ops.push(Op {
            name,
            title: op.title.clone(),
            host: op.host,
            auth: op.auth.clone(),
            item_path: item_path.clone(),
            files,
            no_url: op.no_url,
            reads: op.captured_reads(),
        });
    }
    for c in &m.modules {
        mods.push(&c.ident);
        collect_ops(c, mods, paths, ops, missing);
        mods.pop();
    }
}

/// Converts a v1 collection with Postman's converter (the one newman uses), keeping ids.
/// A v1 collection with every request listed in an `order` where postgen places it: a request
/// no `order` lists goes into the folder its `folder` field names, else to the root. Postman's
/// converter drops such requests (a v1 collection with no folders and an empty `order` converts
/// to nothing); postgen keeps them, with a warning.
fn place_unlisted(mut v1: Value) -> Value {
    let listed: BTreeSet<String> = std::iter::once(&v1)
        .chain(
            v1.get("folders")
                .and_then(Value::as_array)
                .into_iter()
                .flatten(),
        )
        .filter_map(|o| o.get("order").and_then(Value::as_array))
        .flatten()
        .filter_map(|id| id.as_str().map(str::to_owned))
        .collect();
    let unlisted: Vec<(String, Option<String>)> = v1
        .get("requests")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|r| {
            let id = r.get("id")?.as_str()?.to_owned();
            let folder = r.get("folder").and_then(Value::as_str).map(str::to_owned);
            (!listed.contains(&id)).then_some((id, folder))
        })
        .collect();
    for (id, folder) in unlisted {
        let home = folder.and_then(|f| {
            v1.get_mut("folders")?
                .as_array_mut()?
                .iter_mut()
                .find(|x| x.get("id").and_then(Value::as_str) == Some(f.as_str()))
        });
        let order = match home {
            Some(folder) => folder,
            None => &mut v1,
        };
        if let Some(o) = order.as_object_mut() {
            let list = o.entry("order").or_insert_with(|| json!([]));
            if let Some(list) = list.as_array_mut() {
                list.push(json!(id));
            }
        }
    }
    v1
}

fn convert_v1(path: &Path, node_modules: &Path, work: &Path) -> Result<Value, String> {
    std::fs::create_dir_all(work).map_err(|e| e.to_string())?;
    let script = work.join("convert-v1.js");
    let out = work.join("converted-v2.json");
    let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    let v1: Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
    let placed = work.join("placed-v1.json");
    std::fs::write(&placed, place_unlisted(v1).to_string()).map_err(|e| e.to_string())?;
    let path = placed.as_path();
    std::fs::write(
        &script,
        "const [transformer, input, output] = process.argv.slice(2);\n\
         const fs = require('fs');\n\
         require(transformer).convert(JSON.parse(fs.readFileSync(input, 'utf8')),\n\
           { inputVersion: '1.0.0', outputVersion: '2.1.0', retainIds: true },\n\
           (err, v2) => { if (err) { console.error(err); process.exit(1); }\n\
             fs.writeFileSync(output, JSON.stringify(v2)); });\n",
    )
    .map_err(|e| e.to_string())?;
    let status = Command::new("node")
        .arg(&script)
        .arg(node_modules.join("postman-collection-transformer"))
        .arg(path)
        .arg(&out)
        .status()
        .map_err(|e| format!("cannot run node: {e}"))?;
    if !status.success() {
        return Err("the v1 → v2 conversion failed".to_owned());
    }
    serde_json::from_str(&std::fs::read_to_string(&out).map_err(|e| e.to_string())?)
        .map_err(|e| e.to_string())
}

/// The inputs both sides get for one run.
pub struct Inputs {
    /// newman's copy of the collection.
    pub copy: Value,
    /// newman's environment.
    pub environment: Value,
    /// newman's globals (the made-up values of variables test scripts set, with scripts on).
    pub globals: Value,
    /// What the runner gives the client.
    pub plan: Value,
    /// Whether each request sets its own `Accept`, by operation name.
    pub sets_accept: HashMap<String, bool>,
    /// Requests of the collection without a generated operation: left out of newman's copy
    /// (they would go to their real hosts), and reported.
    pub dropped: Vec<String>,
}

/// `hosts[h]`: where both sides send the requests of host `h` (`http://127.0.0.1:PORT`; the
/// same for both, since signatures cover the host). With `scripts`, newman's copy keeps the
/// collection's scripts (but those that send requests of their own, which would leave loopback).
pub fn inputs(c: &Collection, hosts: &[String], scripts: bool) -> Inputs {
    let api = c.generated.api();
    let collection_values = collection_variables(&c.v2);
    let secrets = secret_variables(&c.v2);

    // Every variable the collection refers to gets a value: its own, or (credentials, and
    // variables it does not define) one made up here, the same on both sides.
    let mut referenced = BTreeSet::new();
    references(&c.v2, &mut referenced);
    // With scripts on, a variable a test script sets keeps its made-up value (a request may
    // use it before the script runs), but as a global, the scope below all others: in the
    // environment it would win over a collection variable the script sets. The client's own
    // variables are below what captures store anyway.
    let mut set_by_scripts = BTreeSet::new();
    if scripts {
        api.root.each_operation(&mut |_, op| {
            for c in &op.captures {
                set_by_scripts.insert(c.name.clone());
            }
        });
    }
    let mut environment: BTreeMap<String, String> = BTreeMap::new();
    for (i, name) in referenced.iter().enumerate() {
        let made_up = made_up_value(name, i);
        let credential = secrets.contains(name) || is_secret_name(name);
        if name.starts_with('$') || credential || !collection_values.contains_key(name) {
            environment.insert(name.clone(), made_up);
        }
    }

    // Hosts: a `{{variable}}` host gets the capture server in its value (its path kept); any
    // other host is rewritten in the copy.
    let mut client_host_urls = Vec::new();
    for (h, host) in api.hosts.iter().enumerate() {
        if let Some(var) = sole_var(&host.written) {
            let value = environment
                .get(var)
                .or_else(|| collection_values.get(var))
                .cloned()
                .unwrap_or_default();
            environment.insert(var.to_owned(), with_origin(&value, &hosts[h]));
        }
        let path = host
            .default_url
            .as_deref()
            .map(url_path)
            .unwrap_or_default();
        client_host_urls.push(format!("{}{}", hosts[h], path.trim_end_matches('/')));
    }

    let resolve = |text: &str| -> String {
        let mut current = text.to_owned();
        for _ in 0..5 {
            if !current.contains("{{") {
                break;
            }
            current = substitute(&current, &|name| {
                environment
                    .get(name)
                    .or_else(|| collection_values.get(name))
                    .cloned()
            });
        }
        current
    };

    let mut copy = c.v2.clone();
    if scripts {
        strip_events_that_send(&mut copy);
    } else {
        strip_events(&mut copy);
    }
    fix_oauth1_nonces(&mut copy);
    localize_files(&mut copy);
    let mut credentials = serde_json::Map::new();
    let mut sets_accept = HashMap::new();
    for op in &c.ops {
        let chain = chain(&c.v2, &op.item_path);
        let item = chain.last().copied().unwrap_or(&Value::Null);
        let request = item.get("request").unwrap_or(&Value::Null);
        let headers: Vec<&Value> = request
            .get("header")
            .and_then(Value::as_array)
            .map(|h| h.iter().collect())
            .unwrap_or_default();
        sets_accept.insert(
            op.name.clone(),
            headers.iter().any(|h| {
                h.get("disabled").and_then(Value::as_bool) != Some(true)
                    && h.get("key")
                        .and_then(Value::as_str)
                        .is_some_and(|k| k.trim().eq_ignore_ascii_case("accept"))
            }),
        );
        let block = effective_auth(&chain);
        let creds = op_credentials(&op.auth, block, &headers, &resolve);
        if !creds.as_object().is_some_and(|o| o.is_empty()) {
            credentials.insert(op.name.clone(), creds);
        }

        let item = item_mut(&mut copy, &op.item_path);
        tag(item, &op.name);
        if !op.no_url
            && sole_var(&api.hosts[op.host].written).is_none()
            && let Some(url) = item.get_mut("request").and_then(|r| r.get_mut("url"))
        {
            rewrite_url(url, &api.hosts[op.host].written, &hosts[op.host]);
        }
    }

    let mut dropped = Vec::new();
    drop_untagged(copy.get_mut("item"), &mut dropped);

    // The client: every made-up value, and the collection's values of variables its code does not
    // carry itself (those used only in example text).
    let compiled: BTreeSet<&str> = api.variables.iter().map(|v| v.name.as_str()).collect();
    let mut client_variables: Vec<(String, String)> = environment
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    for (k, v) in &collection_values {
        if !environment.contains_key(k) && !compiled.contains(k.as_str()) {
            client_variables.push((k.clone(), v.clone()));
        }
    }

    let values = |globals: bool| {
        environment
            .iter()
            .filter(|(k, _)| set_by_scripts.contains(*k) == globals)
            .map(|(k, v)| json!({"key": k, "value": v, "type": "default", "enabled": true}))
            .collect::<Vec<_>>()
    };
    let environment_file = json!({
        "id": "postgen-newman-harness",
        "name": "postgen newman harness",
        "values": values(false),
    });
    let globals_file = json!({
        "id": "postgen-newman-harness-globals",
        "name": "postgen newman harness globals",
        "values": values(true),
    });
    let plan = json!({
        "hosts": client_host_urls,
        "variables": client_variables,
        "credentials": credentials,
    });
    Inputs {
        copy,
        environment: environment_file,
        globals: globals_file,
        plan,
        sets_accept,
        dropped,
    }
}

/// Removes the requests that carry no tag (no generated operation) from `items`, recursively.
fn drop_untagged(items: Option<&mut Value>, dropped: &mut Vec<String>) {
    let Some(Value::Array(list)) = items else {
        return;
    };
    list.retain(|it| {
        let Some(request) = it.get("request") else {
            return true;
        };
        let tagged = request
            .get("header")
            .and_then(Value::as_array)
            .is_some_and(|h| {
                h.iter()
                    .any(|h| h.get("key").and_then(Value::as_str) == Some(TAG))
            });
        if !tagged {
            dropped.push(
                it.get("name")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_owned(),
            );
        }
        tagged
    });
    for it in list {
        drop_untagged(it.get_mut("item"), dropped);
    }
}

/// A value for a variable the collection leaves open: digits (valid in a URL, a header, and in
/// JSON whether quoted or not), distinct per variable; Postman's dynamic variables get values of
/// their own shape.
fn made_up_value(name: &str, i: usize) -> String {
    match name {
        "$guid" | "$randomUUID" => "6ba7b810-9dad-41d1-80b4-00c04fd430c8".to_owned(),
        "$timestamp" => "1700000000".to_owned(),
        "$isoTimestamp" => "2023-11-14T22:13:20.000Z".to_owned(),
        _ => (70_001 + i).to_string(),
    }
}

/// The collection-level variables with a value.
fn collection_variables(v2: &Value) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for v in v2
        .get("variable")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        if v.get("disabled").and_then(Value::as_bool) == Some(true) {
            continue;
        }
        let Some(key) = v.get("key").and_then(Value::as_str) else {
            continue;
        };
        let value = match v.get("value") {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Number(n)) => n.to_string(),
            Some(Value::Bool(b)) => b.to_string(),
            _ => continue,
        };
        out.insert(key.to_owned(), value);
    }
    out
}

/// Variables referred to in any auth block or `Authorization` header.
fn secret_variables(v2: &Value) -> BTreeSet<String> {
    fn walk(v: &Value, out: &mut BTreeSet<String>) {
        match v {
            Value::Object(o) => {
                if let Some(a) = o.get("auth") {
                    references(a, out);
                }
                if let Some(Value::Array(headers)) = o.get("header") {
                    for h in headers {
                        let is_auth = h
                            .get("key")
                            .and_then(Value::as_str)
                            .is_some_and(|k| k.trim().eq_ignore_ascii_case("authorization"));
                        if is_auth {
                            references(h, out);
                        }
                    }
                }
                o.values().for_each(|v| walk(v, out));
            }
            Value::Array(a) => a.iter().for_each(|v| walk(v, out)),
            _ => {}
        }
    }
    let mut out = BTreeSet::new();
    walk(v2, &mut out);
    out
}

/// Names that say "credential" (as postgen decides what never to compile in).
fn is_secret_name(name: &str) -> bool {
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

/// Every `{{name}}` in any string (Postman's pattern: `{{` then no braces then `}}`).
fn references(v: &Value, out: &mut BTreeSet<String>) {
    match v {
        Value::String(s) => {
            let mut rest = s.as_str();
            while let Some(start) = rest.find("{{") {
                let after = &rest[start + 2..];
                match after.find("}}") {
                    Some(end) if !after[..end].contains(['{', '}']) => {
                        out.insert(after[..end].to_owned());
                        rest = &after[end + 2..];
                    }
                    _ => rest = &rest[start + 1..],
                }
            }
        }
        Value::Array(a) => a.iter().for_each(|v| references(v, out)),
        Value::Object(o) => o.values().for_each(|v| references(v, out)),
        _ => {}
    }
}

/// Replaces each `{{name}}` that `value` knows.
fn substitute(text: &str, value: &dyn Fn(&str) -> Option<String>) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        let after = &rest[start + 2..];
        match after.find("}}") {
            Some(end) if !after[..end].contains(['{', '}']) => {
                out.push_str(&rest[..start]);
                match value(&after[..end]) {
                    Some(v) => out.push_str(&v),
                    None => out.push_str(&rest[start..start + 2 + end + 2]),
                }
                rest = &after[end + 2..];
            }
            _ => {
                out.push_str(&rest[..start + 1]);
                rest = &rest[start + 1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn sole_var(text: &str) -> Option<&str> {
    let inner = text.strip_prefix("{{")?.strip_suffix("}}")?;
    (!inner.contains(['{', '}'])).then_some(inner)
}

/// `url` with its scheme and authority replaced by `origin` (`http://127.0.0.1:PORT`); the rest
/// (path, even a trailing slash) kept as written.
fn with_origin(url: &str, origin: &str) -> String {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    match after_scheme.find(['/', '?', '#']) {
        Some(i) => format!("{origin}{}", &after_scheme[i..]),
        None => origin.to_owned(),
    }
}

/// The path of a URL (`https://api.zoom.us/v2` → `/v2`).
fn url_path(url: &str) -> String {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    match after_scheme.find('/') {
        Some(i) => after_scheme[i..].to_owned(),
        None => String::new(),
    }
}

/// The items from the root down to the one at `path` (the collection itself first).
fn chain<'v>(v2: &'v Value, path: &[usize]) -> Vec<&'v Value> {
    let mut out = vec![v2];
    let mut current = v2;
    for &i in path {
        match current.get("item").and_then(|items| items.get(i)) {
            Some(next) => {
                out.push(next);
                current = next;
            }
            None => break,
        }
    }
    out
}

fn item_mut<'v>(v2: &'v mut Value, path: &[usize]) -> &'v mut Value {
    let mut current = v2;
    for &i in path {
        current = &mut current["item"][i];
    }
    current
}

/// The auth block in force for the last item of `chain`: its request's own, else the nearest
/// folder's, else the collection's (`inherit` and a missing block defer to the parent).
fn effective_auth<'v>(chain: &[&'v Value]) -> Option<&'v Value> {
    let (item, parents) = chain.split_last()?;
    let own = item.get("request").and_then(|r| r.get("auth"));
    std::iter::once(own)
        .chain(parents.iter().rev().map(|p| p.get("auth")))
        .flatten()
        .find(|a| !a.is_null() && a.get("type").and_then(Value::as_str) != Some("inherit"))
}

/// A parameter of an auth block (v2.1: a list of `{key, value}`; v2.0: an object).
fn auth_param<'v>(block: &'v Value, name: &str) -> Option<&'v Value> {
    let kind = block.get("type")?.as_str()?;
    match block.get(kind)? {
        Value::Array(list) => list
            .iter()
            .rev()
            .find(|p| p.get("key").and_then(Value::as_str) == Some(name))
            .and_then(|p| p.get("value")),
        Value::Object(o) => o.get(name),
        _ => None,
    }
}

fn param_text(block: &Value, name: &str, resolve: &dyn Fn(&str) -> String) -> Option<String> {
    match auth_param(block, name)? {
        Value::String(s) => Some(resolve(s)),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// What the runner gives the client for one request: the values of the request's auth block,
/// for the auth postgen generated.
fn op_credentials(
    auth: &Auth,
    block: Option<&Value>,
    headers: &[&Value],
    resolve: &dyn Fn(&str) -> String,
) -> Value {
    let mut out = serde_json::Map::new();
    let kind = block
        .and_then(|b| b.get("type"))
        .and_then(Value::as_str)
        .unwrap_or("noauth");
    let text = |name: &str| block.and_then(|b| param_text(b, name, resolve));
    match auth {
        Auth::None => {}
        Auth::Bearer | Auth::OAuth2 { .. } => {
            let token = match kind {
                "bearer" => text("token"),
                "oauth2" => text("accessToken"),
                // `Authorization: Bearer {{token}}` written as a header.
                _ => headers
                    .iter()
                    .filter(|h| h.get("disabled").and_then(Value::as_bool) != Some(true))
                    .find(|h| {
                        h.get("key")
                            .and_then(Value::as_str)
                            .is_some_and(|k| k.trim().eq_ignore_ascii_case("authorization"))
                    })
                    .and_then(|h| h.get("value").and_then(Value::as_str))
                    .and_then(|v| v.strip_prefix("Bearer "))
                    .map(resolve),
            };
            if let Some(t) = token.filter(|t| !t.is_empty()) {
                out.insert("bearer".into(), t.into());
            }
        }
        Auth::Basic => {
            out.insert(
                "basic".into(),
                json!([
                    text("username").unwrap_or_default(),
                    text("password").unwrap_or_default()
                ]),
            );
        }
        Auth::ApiKey { .. } => {
            if let Some(v) = text("value") {
                out.insert("api_key".into(), v.into());
            }
        }
        Auth::Signed { scheme } if scheme == "awsv4" => {
            out.insert(
                "aws".into(),
                json!({
                    "access_key": text("accessKey").unwrap_or_default(),
                    "secret_key": text("secretKey").unwrap_or_default(),
                    "session_token": text("sessionToken"),
                    "region": text("region").unwrap_or_default(),
                    "service": text("service").unwrap_or_default(),
                }),
            );
        }
        Auth::OAuth1(_) => {
            // The credentials (the settings are compiled into the client).
            let mut o = serde_json::Map::new();
            for k in [
                "consumerKey",
                "consumerSecret",
                "token",
                "tokenSecret",
                "privateKey",
                "callback",
                "verifier",
            ] {
                o.insert(k.into(), text(k).unwrap_or_default().into());
            }
            // What newman draws at random or reads from the clock, fixed on both sides.
            let timestamp = text("timestamp").filter(|t| !t.is_empty());
            let nonce = text("nonce").filter(|n| !n.is_empty());
            o.insert(
                "timestamp".into(),
                timestamp.unwrap_or_else(|| FIXED_TIME.to_string()).into(),
            );
            o.insert(
                "nonce".into(),
                nonce.unwrap_or_else(|| NONCE.to_owned()).into(),
            );
            out.insert("oauth1".into(), Value::Object(o));
        }
        Auth::Signed { scheme } if scheme == "digest" => {
            let mut o = serde_json::Map::new();
            for k in [
                "username",
                "realm",
                "password",
                "nonce",
                "algorithm",
                "qop",
                "opaque",
            ] {
                o.insert(k.into(), text(k).unwrap_or_default().into());
            }
            out.insert("digest".into(), Value::Object(o));
        }
        Auth::Signed { scheme } => {
            out.insert("signer".into(), scheme.as_str().into());
        }
    }
    Value::Object(out)
}

/// The OAuth 1.0 nonce both sides use where the collection leaves it to newman's random choice.
const NONCE: &str = "postgenHarnessNonce";

/// Gives every OAuth 1.0 block of the copy the harness's nonce where it has none.
fn fix_oauth1_nonces(v: &mut Value) {
    match v {
        Value::Object(o) => {
            if o.get("type").and_then(Value::as_str) == Some("oauth1") {
                match o.get_mut("oauth1") {
                    Some(Value::Array(list)) => {
                        let has = list.iter().any(|p| {
                            p.get("key").and_then(Value::as_str) == Some("nonce")
                                && p.get("value")
                                    .and_then(Value::as_str)
                                    .is_some_and(|n| !n.is_empty())
                        });
                        if !has {
                            list.retain(|p| p.get("key").and_then(Value::as_str) != Some("nonce"));
                            list.push(json!({"key": "nonce", "value": NONCE, "type": "string"}));
                        }
                    }
                    Some(Value::Object(params)) => {
                        let has = params
                            .get("nonce")
                            .and_then(Value::as_str)
                            .is_some_and(|n| !n.is_empty());
                        if !has {
                            params.insert("nonce".into(), NONCE.into());
                        }
                    }
                    _ => {}
                }
            }
            o.values_mut().for_each(fix_oauth1_nonces);
        }
        Value::Array(a) => a.iter_mut().for_each(fix_oauth1_nonces),
        _ => {}
    }
}

/// Removes every script (`event`) from the collection, its folders and its requests.
fn strip_events(v: &mut Value) {
    match v {
        Value::Object(o) => {
            o.remove("event");
            if let Some(items) = o.get_mut("item") {
                strip_events(items);
            }
        }
        Value::Array(a) => a.iter_mut().for_each(strip_events),
        _ => {}
    }
}

/// Removes the scripts that send requests of their own (`pm.sendRequest`), which would go to
/// the collection's real hosts.
fn strip_events_that_send(v: &mut Value) {
    match v {
        Value::Object(o) => {
            if let Some(Value::Array(events)) = o.get_mut("event") {
                events.retain(|e| !e.to_string().contains("sendRequest"));
            }
            if let Some(items) = o.get_mut("item") {
                strip_events_that_send(items);
            }
        }
        Value::Array(a) => a.iter_mut().for_each(strip_events_that_send),
        _ => {}
    }
}

/// Adds the tag header to an item's request.
fn tag(item: &mut Value, name: &str) {
    let Some(obj) = item.as_object_mut() else {
        return;
    };
    let request = obj.entry("request").or_insert(Value::Null);
    if let Value::String(url) = request {
        *request = json!({"url": url.clone(), "method": "GET"});
    }
    let Some(request) = request.as_object_mut() else {
        return;
    };
    let header = request.entry("header").or_insert_with(|| json!([]));
    if !header.is_array() {
        *header = json!([]);
    }
    if let Some(list) = header.as_array_mut() {
        list.push(json!({"key": TAG, "value": name}));
    }
}

/// Points a URL whose host is written literally (no `{{variable}}` of its own) at `origin`.
fn rewrite_url(url: &mut Value, written: &str, origin: &str) {
    let rewrite = |raw: &str| -> String {
        match raw.strip_prefix(written) {
            Some(rest) if !written.is_empty() => format!("{origin}{rest}"),
            _ => with_origin(raw, origin),
        }
    };
    match url {
        Value::String(raw) => *raw = rewrite(raw),
        Value::Object(o) => {
            if let Some(Value::String(raw)) = o.get("raw") {
                let new = rewrite(raw);
                o.insert("raw".into(), new.into());
            }
            let has_host = match o.get("host") {
                Some(Value::Array(h)) => !h.is_empty(),
                Some(Value::String(h)) => !h.is_empty(),
                _ => false,
            };
            if has_host {
                let (host, port) = origin
                    .trim_start_matches("http://")
                    .split_once(':')
                    .unwrap_or(("127.0.0.1", "80"));
                o.insert("protocol".into(), "http".into());
                o.insert("host".into(), json!([host]));
                o.insert("port".into(), port.into());
            }
        }
        _ => {}
    }
}

/// The files a collection's requests read get made-up contents in the working directory (the
/// same for both sides). A path that leaves the directory (an absolute one, from the machine of
/// the collection's author) gets a file of its name there: newman's copy names that one, and the
/// example calls read it when the path does not exist.
pub fn write_files(c: &Collection, dir: &Path) {
    for op in &c.ops {
        for src in &op.files {
            let Some(rel) = local_file(src) else {
                continue;
            };
            let path = dir.join(rel);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).unwrap();
            }
            std::fs::write(&path, format!("contents of {src}\n")).unwrap();
        }
    }
}

/// Every file the copy's requests upload, named where [`write_files`] puts it.
fn localize_files(v: &mut Value) {
    fn src(s: &mut Value) {
        match s {
            Value::String(text) => {
                if let Some(local) = local_file(text) {
                    *text = local;
                }
            }
            Value::Array(list) => list.iter_mut().for_each(src),
            _ => {}
        }
    }
    match v {
        Value::Object(m) => {
            if let Some(body) = m.get_mut("body") {
                if let Some(file) = body.get_mut("file").and_then(|f| f.get_mut("src")) {
                    src(file);
                }
                let fields = body.get_mut("formdata").and_then(Value::as_array_mut);
                for f in fields.into_iter().flatten() {
                    if f.get("type").and_then(Value::as_str) == Some("file")
                        && let Some(s) = f.get_mut("src")
                    {
                        src(s);
                    }
                }
            }
            m.values_mut().for_each(localize_files);
        }
        Value::Array(items) => items.iter_mut().for_each(localize_files),
        _ => {}
    }
}

/// Where the harness puts the file `src` in the working directory: as it is when relative and
/// inside it, else its file name.
fn local_file(src: &str) -> Option<String> {
    let p = Path::new(src);
    if src.is_empty() || src.contains("{{") {
        return None;
    }
    if !p.is_absolute() && !src.contains("..") {
        return Some(src.to_owned());
    }
    p.file_name().map(|n| n.to_string_lossy().into_owned())
}
