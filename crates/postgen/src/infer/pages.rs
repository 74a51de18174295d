//! Pagination: which operations' responses say how to ask for the next page, read off the
//! types inferred from their saved examples and the query parameters their requests send.
//! Patterns, tried in this order:
//!
//! - a cursor: a string field such as `next_page_token` (at the top, or in an object such as
//!   Twitter's `meta`) and a query parameter of the same name, or of a generic cursor name
//!   (`pagination_token`, `page_token`, `cursor`);
//! - `has_more` with a `starting_after` query parameter: the last item's `id` (Stripe);
//! - a page number: a `page_number`/`pageNumber`/`page` parameter, and the page's number and
//!   the page count in the response (`page_count`, `pagesTotal`, `total_pages`);
//! - a link to the next page (`@odata.nextLink`, `_links.next.href`): its query.
//!
//! The response must also list its items: its one array field (or, among several, one named
//! `data`, `items`, `results`, …). The rule goes on the response's struct (its `Page` impl),
//! so every operation whose success type it is must agree on it; otherwise none gets it.

use std::collections::HashMap;

use crate::model::{
    FieldDef, FieldStep, Module, NextRule, OkType, Operation, PageRule, QueryKind, StructDef,
    TypeRef,
};

/// A struct's place: its module (idents from the root) and name.
type Place = (Vec<String>, String);

/// What each operation returning a struct makes of it: its module, its name and its rule.
type Verdicts = Vec<(Vec<String>, String, Option<PageRule>)>;

/// Finds the query parameter (by its wire name) whose name passes a test.
type ParamFinder<'a> = &'a dyn Fn(&dyn Fn(&str) -> bool) -> Option<String>;

/// Sets `StructDef::page` and `Operation::pages` wherever a rule holds.
pub fn detect(root: &mut Module) {
    let mut found: HashMap<Place, Verdicts> = HashMap::new();
    {
        let mut defs = HashMap::new();
        index(root, &mut Vec::new(), &mut defs);
        let mut ops = Vec::new();
        operations(root, &mut Vec::new(), &mut ops);
        for (module, op) in ops {
            let OkType::Json {
                ty: TypeRef::Named { module: at, name },
                optional: false,
                ..
            } = &op.types.ok
            else {
                continue;
            };
            let place = (at.clone().unwrap_or_else(|| module.clone()), name.clone());
            let Some(def) = defs.get(&place) else {
                continue;
            };
            let rule = op
                .method
                .eq_ignore_ascii_case("GET")
                .then(|| rule(op, def, &place.0, &defs))
                .flatten();
            found
                .entry(place)
                .or_default()
                .push((module, op.ident.clone(), rule));
        }
    }
    // A rule every operation returning the struct agrees on.
    let mut agreed: HashMap<Place, PageRule> = HashMap::new();
    for (place, uses) in found {
        let Some(first) = uses[0].2.clone() else {
            continue;
        };
        if uses.iter().all(|u| u.2.as_ref() == Some(&first)) {
            agreed.insert(place, first);
        }
    }
    if !agreed.is_empty() {
        apply(root, &mut Vec::new(), &agreed);
    }
}

fn index<'m>(m: &'m Module, path: &mut Vec<String>, defs: &mut HashMap<Place, &'m StructDef>) {
    for d in &m.type_defs {
        defs.insert((path.clone(), d.name.clone()), d);
    }
    for c in &m.modules {
        path.push(c.ident.clone());
        index(c, path, defs);
        path.pop();
    }
}

fn operations<'m>(
    m: &'m Module,
    path: &mut Vec<String>,
    out: &mut Vec<(Vec<String>, &'m Operation)>,
) {
    out.extend(m.operations.iter().map(|o| (path.clone(), o)));
    for c in &m.modules {
        path.push(c.ident.clone());
        operations(c, path, out);
        path.pop();
    }
}

fn apply(m: &mut Module, path: &mut Vec<String>, agreed: &HashMap<Place, PageRule>) {
    for d in &mut m.type_defs {
        if let Some(rule) = agreed.get(&(path.clone(), d.name.clone())) {
            d.page = Some(rule.clone());
        }
    }
    for op in &mut m.operations {
        if let OkType::Json {
            ty: TypeRef::Named { module: at, name },
            optional: false,
            ..
        } = &op.types.ok
        {
            let place = (at.clone().unwrap_or_else(|| path.clone()), name.clone());
            op.pages = agreed.get(&place).cloned();
        }
    }
    for c in &mut m.modules {
        path.push(c.ident.clone());
        apply(c, path, agreed);
        path.pop();
    }
}

/// Lower case, letters and digits only: `next_page_token`, `nextPageToken` → `nextpagetoken`.
fn norm(s: &str) -> String {
    s.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// Response fields holding the next page's cursor.
const NEXT_TOKENS: &[&str] = &["nextpagetoken", "nexttoken", "nextcursor", "nextpagecursor"];
/// Query parameters that take a cursor whatever the response calls it.
const CURSOR_PARAMS: &[&str] = &["paginationtoken", "pagetoken", "cursor", "nexttoken"];
const PAGE_PARAMS: &[&str] = &["pagenumber", "page"];
const PAGE_COUNTS: &[&str] = &["pagecount", "pagestotal", "totalpages"];
const PAGE_FIELDS: &[&str] = &["pagenumber", "page", "currentpage"];
const NEXT_LINKS: &[&str] = &["odatanextlink", "nextlink", "nexturl", "nextpageurl"];
/// The items field among several arrays.
const ITEM_FIELDS: &[&str] = &["data", "items", "results", "value", "records", "entries"];

fn rule(
    op: &Operation,
    def: &StructDef,
    module: &[String],
    defs: &HashMap<Place, &StructDef>,
) -> Option<PageRule> {
    let (items, item) = items(def)?;
    let params: Vec<&str> = op
        .query
        .iter()
        .filter(|q| q.kind == QueryKind::Value && !q.repeated)
        .map(|q| q.key.as_str())
        .collect();
    let param = |accepts: &dyn Fn(&str) -> bool| {
        params
            .iter()
            .find(|p| accepts(&norm(p)))
            .map(|p| p.to_string())
    };
    let next = cursor(def, module, defs, &param)
        .or_else(|| after(def, &item, module, defs, &param))
        .or_else(|| number(def, &param))
        .or_else(|| link(def, module, defs))?;
    Some(PageRule { next, items, item })
}

/// The items field and the item type.
fn items(def: &StructDef) -> Option<(FieldStep, TypeRef)> {
    let lists: Vec<(&FieldDef, &TypeRef)> = def
        .fields
        .iter()
        .filter_map(|f| match &f.ty {
            TypeRef::Vec(t) => Some((f, &**t)),
            TypeRef::Option(o) => match &**o {
                TypeRef::Vec(t) => Some((f, &**t)),
                _ => None,
            },
            _ => None,
        })
        .collect();
    let (f, t) = match lists.as_slice() {
        [one] => *one,
        _ => *lists
            .iter()
            .find(|(f, _)| ITEM_FIELDS.contains(&norm(&f.key).as_str()))?,
    };
    Some((step(f), t.clone()))
}

fn step(f: &FieldDef) -> FieldStep {
    FieldStep {
        ident: f.ident.clone(),
        key: f.key.clone(),
        optional: f.ty.is_option(),
    }
}

/// `ty`, or `Option<ty>`.
fn is(f: &FieldDef, ty: &TypeRef) -> bool {
    match &f.ty {
        TypeRef::Option(t) => **t == *ty,
        t => t == ty,
    }
}

/// The struct a field holds (directly or as an option), resolved from `module`.
fn nested<'d>(
    f: &FieldDef,
    module: &[String],
    defs: &HashMap<Place, &'d StructDef>,
) -> Option<(Vec<String>, &'d StructDef)> {
    let ty = match &f.ty {
        TypeRef::Option(t) => &**t,
        t => t,
    };
    let TypeRef::Named { module: at, name } = ty else {
        return None;
    };
    let at = at.clone().unwrap_or_else(|| module.to_vec());
    let def = defs.get(&(at.clone(), name.clone()))?;
    Some((at, def))
}

/// The string fields of `def` and of the objects in it, up to three fields deep, each with
/// the path to it.
fn strings(
    def: &StructDef,
    module: &[String],
    defs: &HashMap<Place, &StructDef>,
    depth: usize,
    path: &mut Vec<FieldStep>,
    out: &mut Vec<Vec<FieldStep>>,
) {
    for f in &def.fields {
        path.push(step(f));
        if is(f, &TypeRef::String) {
            out.push(path.clone());
        } else if depth < 3 {
            if let Some((at, inner)) = nested(f, module, defs) {
                strings(inner, &at, defs, depth + 1, path, out);
            }
        }
        path.pop();
    }
}

fn string_paths(
    def: &StructDef,
    module: &[String],
    defs: &HashMap<Place, &StructDef>,
) -> Vec<Vec<FieldStep>> {
    let mut out = Vec::new();
    strings(def, module, defs, 1, &mut Vec::new(), &mut out);
    out
}

fn cursor(
    def: &StructDef,
    module: &[String],
    defs: &HashMap<Place, &StructDef>,
    param: ParamFinder<'_>,
) -> Option<NextRule> {
    let tokens: Vec<Vec<FieldStep>> = string_paths(def, module, defs)
        .into_iter()
        .filter(|p| NEXT_TOKENS.contains(&norm(&p[p.len() - 1].key).as_str()))
        .collect();
    // A parameter of the field's own name first, then a generic one.
    for token in &tokens {
        let name = norm(&token[token.len() - 1].key);
        if let Some(param) = param(&|p| p == name) {
            return Some(NextRule::Cursor {
                param,
                token: token.clone(),
            });
        }
    }
    let token = tokens.into_iter().next()?;
    let param = param(&|p| CURSOR_PARAMS.contains(&p))?;
    Some(NextRule::Cursor { param, token })
}

fn after(
    def: &StructDef,
    item: &TypeRef,
    module: &[String],
    defs: &HashMap<Place, &StructDef>,
    param: ParamFinder<'_>,
) -> Option<NextRule> {
    let param = param(&|p| p == "startingafter")?;
    let has_more = def
        .fields
        .iter()
        .find(|f| norm(&f.key) == "hasmore" && is(f, &TypeRef::Bool))?;
    let TypeRef::Named { module: at, name } = item else {
        return None;
    };
    let at = at.clone().unwrap_or_else(|| module.to_vec());
    let item = defs.get(&(at, name.clone()))?;
    let id = item
        .fields
        .iter()
        .find(|f| f.key == "id" && is(f, &TypeRef::String))?;
    Some(NextRule::After {
        param,
        has_more: step(has_more),
        id: step(id),
    })
}

fn number(def: &StructDef, param: ParamFinder<'_>) -> Option<NextRule> {
    let param = param(&|p| PAGE_PARAMS.contains(&p))?;
    let int = |names: &[&str]| {
        def.fields
            .iter()
            .find(|f| names.contains(&norm(&f.key).as_str()) && is(f, &TypeRef::I64))
            .map(step)
    };
    Some(NextRule::Number {
        param,
        page: int(PAGE_FIELDS)?,
        count: int(PAGE_COUNTS)?,
    })
}

fn link(def: &StructDef, module: &[String], defs: &HashMap<Place, &StructDef>) -> Option<NextRule> {
    let url = string_paths(def, module, defs).into_iter().find(|p| {
        let keys: Vec<String> = p.iter().map(|s| norm(&s.key)).collect();
        match keys.as_slice() {
            [one] => NEXT_LINKS.contains(&one.as_str()),
            [links, next] | [links, next, _] if !(links == "links" && next == "next") => false,
            [_, _] => true,
            [_, _, href] => href == "href",
            _ => false,
        }
    })?;
    Some(NextRule::Link { url })
}

#[cfg(test)]
mod tests {
    use crate::Builder;

    /// `(function, what its next page sends)` for a collection of `(method, url, 2xx body)`
    /// requests, each named after its position.
    fn paged(requests: &[(&str, &str, &str)]) -> Vec<(String, Option<String>)> {
        let items: Vec<String> = requests
            .iter()
            .enumerate()
            .map(|(i, (method, url, body))| {
                serde_json::json!({
                    "name": format!("op {i}"),
                    "request": {"method": method, "url": format!("{{{{baseUrl}}}}{url}")},
                    "response": [{"name": "ok", "code": 200,
                        "header": [{"key": "Content-Type", "value": "application/json"}],
                        "body": body}]
                })
                .to_string()
            })
            .collect();
        let text = format!(
            r#"{{"info": {{"name": "T", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"}},
                "variable": [{{"key": "baseUrl", "value": "https://x.test"}}],
                "item": [{}]}}"#,
            items.join(",")
        );
        let generated = Builder::new()
            .generate_from_bytes("t.json", text.as_bytes())
            .unwrap();
        generated
            .inspect()
            .into_iter()
            .map(|r| (r.function, r.pages))
            .collect()
    }

    fn pages(requests: &[(&str, &str, &str)]) -> Vec<Option<String>> {
        paged(requests).into_iter().map(|(_, p)| p).collect()
    }

    const CURSOR_PAGE: &str = r#"{"next_page_token": "t", "users": [{"id": "1"}]}"#;

    #[test]
    fn a_cursor_needs_a_get_with_its_parameter_and_a_list() {
        let found = pages(&[
            ("GET", "/a?next_page_token=", CURSOR_PAGE),
            (
                "POST",
                "/b?next_page_token=",
                r#"{"next_page_token": "t", "b": [1]}"#,
            ),
            (
                "GET",
                "/c?page_size=2",
                r#"{"next_page_token": "t", "c": [1]}"#,
            ),
            ("GET", "/d?next_page_token=", r#"{"next_page_token": "t"}"#),
        ]);
        assert!(
            found[0]
                .as_deref()
                .unwrap()
                .contains("`next_page_token` set to")
        );
        assert_eq!(found[1..], [None, None, None]);
    }

    #[test]
    fn a_shared_response_type_paginates_only_if_every_operation_agrees() {
        // The same shape (one struct): one operation sends the cursor, the other cannot.
        let found = pages(&[
            ("GET", "/a?next_page_token=", CURSOR_PAGE),
            ("GET", "/b", CURSOR_PAGE),
        ]);
        assert_eq!(found, [None, None]);
        let found = pages(&[
            ("GET", "/a?next_page_token=", CURSOR_PAGE),
            ("GET", "/b?next_page_token=&x=1", CURSOR_PAGE),
        ]);
        assert!(found.iter().all(Option::is_some), "{found:?}");
    }

    #[test]
    fn the_items_are_the_one_list_or_the_one_named_like_items() {
        let two = r#"{"next_token": "t", "tags": [1], "colors": ["r"]}"#;
        let named = r#"{"next_token": "t", "results": [1], "colors": ["r"]}"#;
        let found = paged(&[
            ("GET", "/a?cursor=", two),
            ("GET", "/b?pagination_token=", named),
        ]);
        assert_eq!(found[0].1, None);
        // A generic cursor parameter takes the `next_token` of the response.
        let b = found[1].1.as_deref().unwrap();
        assert!(b.starts_with("`results`"), "{b}");
        assert!(
            b.contains("`pagination_token` set to the page's `next_token`"),
            "{b}"
        );
    }

    #[test]
    fn a_page_number_needs_the_page_and_the_count() {
        let found = pages(&[
            (
                "GET",
                "/a?page=1",
                r#"{"page": 1, "total_pages": 3, "items": [1]}"#,
            ),
            ("GET", "/b?page=1", r#"{"total_pages": 3, "b": [1]}"#),
            ("GET", "/c?page=1", r#"{"page": 1, "c": [1]}"#),
        ]);
        assert!(
            found[0]
                .as_deref()
                .unwrap()
                .contains("`page` set to the next number")
        );
        assert_eq!(found[1..], [None, None]);
    }

    #[test]
    fn has_more_needs_an_id_and_starting_after() {
        let list = r#"{"has_more": true, "data": [{"id": "x_1"}]}"#;
        let found = pages(&[
            ("GET", "/a?starting_after=x", list),
            (
                "GET",
                "/b?limit=2",
                r#"{"has_more": true, "data": [{"name": "x"}]}"#,
            ),
            (
                "GET",
                "/c?starting_after=x",
                r#"{"has_more": true, "data": [{"key": "x"}]}"#,
            ),
        ]);
        assert!(found[0].as_deref().unwrap().contains("last item's `id`"));
        assert_eq!(found[1..], [None, None]);
    }

    #[test]
    fn a_link_is_a_next_link_field_or_links_next() {
        let found = pages(&[
            (
                "GET",
                "/a",
                r#"{"@odata.nextLink": "https://x.test/a?s=2", "value": [1]}"#,
            ),
            (
                "GET",
                "/b",
                r#"{"_links": {"next": {"href": "/b?p=2"}}, "data": [1]}"#,
            ),
            ("GET", "/c", r#"{"links": {"prev": "/c?p=0"}, "data": [1]}"#),
        ]);
        assert!(found[0].as_deref().unwrap().contains("`@odata.nextLink`"));
        assert!(found[1].as_deref().unwrap().contains("`_links.next.href`"));
        assert_eq!(found[2], None);
    }
}
