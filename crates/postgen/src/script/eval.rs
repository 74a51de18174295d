//! Expressions → [`Val`]: Postman's objects, paths into the response, literals, and the calls
//! that matter (setters, `pm.test`, `pm.sendRequest`, request changes) on the way.

use oxc_ast::ast::{
    AssignmentOperator, AssignmentTarget, BinaryOperator, CallExpression, ChainElement, Expression,
    LogicalOperator, MemberExpression, ObjectPropertyKind, SimpleAssignmentTarget, UnaryOperator,
};

use oxc_span::GetSpan;

use super::facts::{Dynamic, RequestField, RequestText, Scope, Step, Text, Value};
use super::val::{Func, Unknown, Val, concat, step_of};
use super::walk::{Cx, Walker, json_child};

/// Names a script can use without declaring them.
const GLOBALS: &[&str] = &[
    "pm",
    "postman",
    "console",
    "JSON",
    "Math",
    "Date",
    "CryptoJS",
    "require",
    "xml2Json",
    "tests",
    "Object",
    "Array",
    "String",
    "Number",
    "Boolean",
    "parseInt",
    "parseFloat",
    "isNaN",
    "encodeURIComponent",
    "decodeURIComponent",
    "encodeURI",
    "btoa",
    "atob",
    "crypto",
    "_",
    "setTimeout",
    "eval",
    "RegExp",
    "Error",
];

impl<'a> Walker<'a> {
    pub fn eval(&mut self, e: &'a Expression<'a>, cx: &mut Cx<'a>) -> Val<'a> {
        if !self.enter(e.span().start) {
            return Val::unknown("script too deep or too long to follow");
        }
        let v = self.eval_inner(e, cx);
        self.leave();
        v
    }

    fn eval_inner(&mut self, e: &'a Expression<'a>, cx: &mut Cx<'a>) -> Val<'a> {
        match e {
            Expression::StringLiteral(s) => Val::Str(s.value.as_str().to_owned()),
            Expression::NumericLiteral(n) => Val::Num(n.value),
            Expression::BooleanLiteral(b) => Val::Bool(b.value),
            Expression::NullLiteral(_) => Val::Undefined,
            Expression::TemplateLiteral(t) => {
                let mut parts = Vec::new();
                let mut unknown = None;
                for (i, q) in t.quasis.iter().enumerate() {
                    match &q.value.cooked {
                        Some(c) => parts.push(Value::Literal(c.as_str().to_owned())),
                        None => unknown = Some(Val::unknown("template with a bad escape")),
                    }
                    if let Some(x) = t.expressions.get(i) {
                        let v = self.eval(x, cx);
                        match v.to_value() {
                            Ok(v) => parts.push(v),
                            Err(u) => unknown = unknown.or(Some(Val::Unknown(u))),
                        }
                    }
                }
                unknown.unwrap_or_else(|| Val::Known(concat(parts)))
            }
            Expression::Identifier(id) => self.identifier(id.name.as_str(), cx),
            Expression::ParenthesizedExpression(p) => self.eval(&p.expression, cx),
            Expression::StaticMemberExpression(_)
            | Expression::ComputedMemberExpression(_)
            | Expression::PrivateFieldExpression(_) => {
                let m = e.as_member_expression().expect("a member expression");
                self.member_expression(m, cx)
            }
            Expression::ChainExpression(c) => match &c.expression {
                ChainElement::CallExpression(call) => self.call(call, cx),
                other => match other.as_member_expression() {
                    Some(m) => self.member_expression(m, cx),
                    None => Val::unknown("non-null assertion"),
                },
            },
            Expression::CallExpression(call) => self.call(call, cx),
            Expression::NewExpression(n) => {
                let args = self.args(&n.arguments, cx);
                match (n.callee.without_parentheses(), args.is_empty()) {
                    (Expression::Identifier(id), true)
                        if id.name == "Date" && !cx.locals.contains_key("Date") =>
                    {
                        Val::Now
                    }
                    _ => Val::unknown_from(
                        "value built with `new`",
                        &args.iter().collect::<Vec<_>>(),
                    ),
                }
            }
            Expression::BinaryExpression(b) => {
                let l = self.eval(&b.left, cx);
                let r = self.eval(&b.right, cx);
                binary(b.operator, l, r)
            }
            Expression::LogicalExpression(l) => {
                let left = self.eval(&l.left, cx);
                let right = self.eval(&l.right, cx);
                match (l.operator, &left) {
                    // `x || "default"`: a fallback, which is a condition on `x`.
                    (LogicalOperator::Or | LogicalOperator::Coalesce, _) => {
                        Val::unknown_from("value with a fallback (`||`)", &[&left, &right])
                    }
                    (LogicalOperator::And, _) => {
                        Val::unknown_from("value of `&&`", &[&left, &right])
                    }
                }
            }
            Expression::UnaryExpression(u) => {
                let v = self.eval(&u.argument, cx);
                match (u.operator, &v) {
                    (UnaryOperator::UnaryNegation, Val::Num(n)) => Val::Num(-n),
                    (UnaryOperator::LogicalNot, Val::Bool(b)) => Val::Bool(!b),
                    (UnaryOperator::UnaryPlus, Val::Now) => {
                        Val::Known(Value::Dynamic(Dynamic::UnixMillis))
                    }
                    _ => Val::unknown_from("value of a unary operator", &[&v]),
                }
            }
            Expression::ConditionalExpression(c) => {
                let t = self.eval(&c.test, cx);
                let a = self.eval(&c.consequent, cx);
                let b = self.eval(&c.alternate, cx);
                Val::unknown_from("value chosen with `?:`", &[&t, &a, &b])
            }
            Expression::AssignmentExpression(a) => self.assignment(a, cx),
            Expression::SequenceExpression(s) => {
                let mut last = Val::Undefined;
                for x in &s.expressions {
                    last = self.eval(x, cx);
                }
                last
            }
            Expression::ArrayExpression(a) => Val::Array(
                a.elements
                    .iter()
                    .map(|el| match el.as_expression() {
                        Some(x) => self.eval(x, cx),
                        None => Val::unknown("array hole or spread"),
                    })
                    .collect(),
            ),
            Expression::ObjectExpression(o) => {
                let mut parts = Vec::new();
                for p in &o.properties {
                    match p {
                        ObjectPropertyKind::ObjectProperty(p) => {
                            parts.push(self.eval(&p.value, cx))
                        }
                        ObjectPropertyKind::SpreadProperty(s) => {
                            parts.push(self.eval(&s.argument, cx))
                        }
                    }
                }
                Val::unknown_from("object literal", &parts.iter().collect::<Vec<_>>())
            }
            Expression::FunctionExpression(f) => Val::Func(Func::Decl(f)),
            Expression::ArrowFunctionExpression(f) => Val::Func(Func::Arrow(f)),
            Expression::UpdateExpression(u) => {
                if let SimpleAssignmentTarget::AssignmentTargetIdentifier(id) = &u.argument {
                    let name = id.name.as_str().to_owned();
                    let old = cx.locals.get(&name).cloned().unwrap_or(Val::Undefined);
                    cx.locals
                        .insert(name, Val::unknown_from("counter", &[&old]));
                }
                Val::unknown("counter")
            }
            Expression::AwaitExpression(a) => {
                let v = self.eval(&a.argument, cx);
                Val::unknown_from("awaited value", &[&v])
            }
            _ => Val::unknown("expression of a kind scripts do not use"),
        }
    }

    fn identifier(&mut self, name: &str, cx: &Cx<'a>) -> Val<'a> {
        if let Some(v) = cx.locals.get(name) {
            return v.clone();
        }
        match name {
            "undefined" => Val::Undefined,
            "NaN" | "Infinity" => Val::unknown("not a number"),
            "responseBody" => Val::Known(Value::Body),
            "responseCode" => Val::Response,
            "responseHeaders" => Val::Headers,
            "request" => Val::Request,
            "environment" => Val::Vars(Some(Scope::Environment)),
            "globals" => Val::Vars(Some(Scope::Globals)),
            _ => match GLOBALS.iter().find(|g| **g == name) {
                Some(g) => Val::Global(g),
                None => Val::unknown(format!("unknown name `{name}`")),
            },
        }
    }

    fn member_expression(&mut self, m: &'a MemberExpression<'a>, cx: &mut Cx<'a>) -> Val<'a> {
        let object = self.eval(m.object(), cx);
        let key = match m {
            MemberExpression::StaticMemberExpression(s) => {
                Val::Str(s.property.name.as_str().to_owned())
            }
            MemberExpression::ComputedMemberExpression(c) => self.eval(&c.expression, cx),
            MemberExpression::PrivateFieldExpression(_) => Val::unknown("private field"),
        };
        self.member(&object, &key)
    }

    /// `object[key]`, `object.key`.
    pub fn member(&mut self, object: &Val<'a>, key: &Val<'a>) -> Val<'a> {
        let name = match key {
            Val::Str(s) => s.as_str(),
            _ => "",
        };
        match (object, name) {
            (Val::Known(Value::Json(path)), _) if matches!(key, Val::LoopIndex(p) if p == path) => {
                Val::Known(json_child(path, Step::Each))
            }
            (Val::Known(Value::Json(path)), _) => match step_of(key) {
                Some(Step::Key(k)) if k == "length" => {
                    Val::unknown_from("length of a JSON value", &[object])
                }
                Some(step) => Val::Known(json_child(path, step)),
                None => Val::unknown_from("JSON member chosen at run time", &[object, key]),
            },
            (Val::Known(Value::Xml(path)), _) => match step_of(key) {
                Some(step) => Val::Known(Value::Xml(super::guard::child(path, step))),
                None => Val::unknown_from("XML member chosen at run time", &[object, key]),
            },
            (Val::Request, "url" | "name" | "method") => Val::RequestText(RequestText {
                field: match name {
                    "url" => RequestField::Url,
                    "name" => RequestField::Name,
                    _ => RequestField::Method,
                },
                split: None,
            }),
            // Parts of the request (`pm.request.headers`, `pm.request.url.path`): still the
            // request, to be changed or read.
            (Val::Request | Val::RequestText(_), _) => Val::Request,
            (Val::RequestSplit(field, sep), _) => match step_of(key) {
                Some(Step::Index(i)) => Val::RequestText(RequestText {
                    field: *field,
                    split: Some((sep.clone(), i)),
                }),
                _ => Val::unknown("part of the request chosen at run time"),
            },
            (Val::Global("pm"), "response") => Val::Response,
            (Val::Global("pm"), "request") => Val::Request,
            (Val::Global("pm"), "environment") => Val::Vars(Some(Scope::Environment)),
            (Val::Global("pm"), "collectionVariables") => Val::Vars(Some(Scope::Collection)),
            (Val::Global("pm"), "globals") => Val::Vars(Some(Scope::Globals)),
            (Val::Global("pm"), "variables") => Val::Vars(None),
            (Val::Response, "code") => Val::Known(Value::Status),
            (Val::Response, "status") => Val::StatusText,
            (Val::Response, "headers") => Val::Headers,
            (Val::Headers, _) if !name.is_empty() && !matches!(name, "get" | "has") => {
                // The legacy `responseHeaders["Content-Type"]`.
                Val::Known(Value::Header(name.to_owned()))
            }
            (Val::Vars(Some(scope)), _)
                if !name.is_empty()
                    && !matches!(
                        name,
                        "get" | "set" | "unset" | "has" | "clear" | "toObject" | "replaceIn"
                    ) =>
            {
                // The legacy `environment.name` / `globals["name"]`.
                Val::Known(Value::Variable {
                    scope: Some(*scope),
                    name: name.to_owned(),
                })
            }
            (Val::Array(items), _) => match step_of(key) {
                Some(Step::Index(i)) => items.get(i).cloned().unwrap_or(Val::Undefined),
                _ => Val::unknown_from("array member", &[object, key]),
            },
            (Val::Unknown(_), _) => Val::unknown_from(
                match object {
                    Val::Unknown(u) => u.why.clone(),
                    _ => unreachable!(),
                },
                &[object, key],
            ),
            _ => Val::unknown_from(
                format!(
                    "member `{}` of a value not followed",
                    if name.is_empty() { "[…]" } else { name }
                ),
                &[object, key],
            ),
        }
    }

    fn assignment(
        &mut self,
        a: &'a oxc_ast::ast::AssignmentExpression<'a>,
        cx: &mut Cx<'a>,
    ) -> Val<'a> {
        let right = self.eval(&a.right, cx);
        match &a.left {
            AssignmentTarget::AssignmentTargetIdentifier(id) => {
                let name = id.name.as_str().to_owned();
                let v = match a.operator {
                    AssignmentOperator::Assign => right,
                    AssignmentOperator::Addition => {
                        let old = cx.locals.get(&name).cloned().unwrap_or(Val::Undefined);
                        binary(BinaryOperator::Addition, old, right)
                    }
                    _ => Val::unknown_from("value built with an assignment operator", &[&right]),
                };
                cx.locals.insert(name, v.clone());
                v
            }
            target => {
                let Some(m) = target.as_member_expression() else {
                    return Val::unknown("destructuring assignment");
                };
                let object = self.eval(m.object(), cx);
                match object {
                    Val::Global("tests") => {
                        self.facts.asserts += 1;
                    }
                    Val::Request | Val::RequestText(_) => {
                        self.changes_request(a.span.start, "assigns to the request");
                    }
                    Val::Global(g) => {
                        self.unrecognised(a.span.start, format!("assignment to a member of `{g}`"));
                    }
                    Val::Response | Val::Headers | Val::Vars(_) => {
                        self.unrecognised(a.span.start, "assignment to a Postman object");
                    }
                    // A member of a local (or of something reached from one) changes only it.
                    _ => {
                        if let Expression::Identifier(id) = m.object().without_parentheses() {
                            let name = id.name.as_str().to_owned();
                            if let Some(old) = cx.locals.get(&name).cloned() {
                                let why = format!("`{name}` changed member by member");
                                cx.locals
                                    .insert(name, Val::unknown_from(why, &[&old, &right]));
                            }
                        }
                    }
                }
                right
            }
        }
    }

    /// A call: to a function the script defines, to Postman, or to something else.
    fn call(&mut self, call: &'a CallExpression<'a>, cx: &mut Cx<'a>) -> Val<'a> {
        let callee = call.callee.without_parentheses();
        let (object, method) = match callee {
            Expression::StaticMemberExpression(s) => (
                Some(self.eval(&s.object, cx)),
                s.property.name.as_str().to_owned(),
            ),
            Expression::ComputedMemberExpression(c) => {
                let o = self.eval(&c.object, cx);
                match self.eval(&c.expression, cx) {
                    Val::Str(s) => (Some(o), s),
                    k => {
                        let args = self.args(&call.arguments, cx);
                        let mut parts: Vec<&Val<'a>> = args.iter().collect();
                        parts.push(&k);
                        return Val::unknown_from("call to a method chosen at run time", &parts);
                    }
                }
            }
            _ => (None, String::new()),
        };
        if let Some(object) = object {
            return self.method(call, object, &method, cx);
        }
        let callee_val = self.eval(callee, cx);
        let args = self.args(&call.arguments, cx);
        match callee_val {
            Val::Func(f) => self.call_function(f, &args, cx),
            Val::Global("require") => match args.first() {
                Some(Val::Str(m)) => match m.as_str() {
                    "uuid" => Val::Module("uuid"),
                    "moment" => Val::Module("moment"),
                    "crypto-js" => Val::Global("CryptoJS"),
                    _ => Val::unknown(format!("module `{m}`")),
                },
                _ => Val::unknown("module chosen at run time"),
            },
            Val::Module("uuid") => Val::Known(Value::Dynamic(Dynamic::Uuid)),
            Val::Module("moment") if args.is_empty() => Val::Moment(0),
            Val::Global("xml2Json") => match args.first() {
                Some(Val::Known(Value::Body)) => Val::Known(Value::Xml(Vec::new())),
                _ => Val::unknown_from(
                    "XML read from a value other than the body",
                    &args.iter().collect::<Vec<_>>(),
                ),
            },
            Val::Global("eval") => Val::unknown("call to `eval`"),
            Val::Global(g @ ("String" | "decodeURIComponent")) if args.len() == 1 => {
                match &args[0] {
                    v @ Val::Known(_) if g == "String" => v.clone(),
                    v => Val::unknown_from(format!("value built with `{g}`"), &[v]),
                }
            }
            Val::Global(g) => {
                self.callbacks(&args, &format!("inside a callback of `{g}`"), cx);
                Val::unknown_from(
                    format!("value built with `{g}`"),
                    &args.iter().collect::<Vec<_>>(),
                )
            }
            Val::Unknown(u) if u.why.starts_with("unknown name") => {
                self.callbacks(&args, "inside a callback of an unknown function", cx);
                Val::Unknown(Unknown {
                    why: format!("call to an unknown function ({})", u.why),
                    ..u
                })
            }
            other => {
                self.callbacks(&args, "inside a callback of a function not followed", cx);
                let mut parts: Vec<&Val<'a>> = args.iter().collect();
                parts.push(&other);
                Val::unknown_from("value of a call not followed", &parts)
            }
        }
    }

    /// Walks the function arguments of a call the analysis does not follow: what they set is
    /// refused for `why`, their parameters are unknown (from a response if an argument is).
    fn callbacks(&mut self, args: &[Val<'a>], why: &str, cx: &mut Cx<'a>) {
        let taint: Vec<&Val<'a>> = args.iter().collect();
        let param = Val::unknown_from("callback parameter", &taint);
        self.callbacks_with(args, param, why, cx);
    }

    /// As [`Self::callbacks`], with every parameter bound to `param`.
    fn callbacks_with(&mut self, args: &[Val<'a>], param: Val<'a>, why: &str, cx: &mut Cx<'a>) {
        for v in args {
            if let Val::Func(f) = v {
                let mut inner = cx.clone();
                inner.refuse = Some(why.to_owned());
                self.call_function(
                    *f,
                    &[param.clone(), param.clone(), param.clone()],
                    &mut inner,
                );
            }
        }
    }

    fn method(
        &mut self,
        call: &'a CallExpression<'a>,
        object: Val<'a>,
        method: &str,
        cx: &mut Cx<'a>,
    ) -> Val<'a> {
        // `pm.test(name, fn)`: the callback runs now, its assertions are the test's.
        if object == Val::Global("pm") && method == "test" {
            let args = self.args(&call.arguments, cx);
            self.facts.asserts += 1;
            if let Some(Val::Func(f)) = args.get(1) {
                let mut inner = cx.clone();
                inner.in_test = true;
                self.call_function(*f, &[], &mut inner);
            }
            return Val::Undefined;
        }
        let args = self.args(&call.arguments, cx);
        let str_arg = |i: usize| match args.get(i) {
            Some(Val::Str(s)) => Some(s.clone()),
            _ => None,
        };
        let all: Vec<&Val<'a>> = args.iter().collect();
        match (&object, method) {
            (Val::Vars(scope), "set" | "unset") => {
                let scope = scope.unwrap_or(Scope::Local);
                self.setter(call, scope, method == "unset", &args, cx);
                Val::Undefined
            }
            (Val::Vars(scope), "get") => match str_arg(0) {
                Some(name) => Val::Known(Value::Variable {
                    scope: *scope,
                    name,
                }),
                None => Val::unknown("variable name chosen at run time"),
            },
            (Val::Vars(_), "has" | "toObject") => Val::unknown("all variables of a scope"),
            (Val::Vars(_), "clear") => {
                Val::unknown("call to `clear`, which removes every variable of a scope")
            }
            (Val::Vars(_), "replaceIn") => match str_arg(0) {
                Some(t) => replace_in(&t),
                None => Val::unknown("`replaceIn` of a value built at run time"),
            },
            (Val::Global("postman"), m) => self.postman(call, m, &args, cx),
            (Val::Global("pm"), "sendRequest") => {
                let response = Val::Unknown(Unknown {
                    why: "the response to a request the script sends (`pm.sendRequest`)".to_owned(),
                    from_response: false,
                    crypto: false,
                    sent_request: true,
                });
                self.callbacks_with(
                    &args,
                    response,
                    "inside a `pm.sendRequest` callback (the response to another request)",
                    cx,
                );
                Val::Undefined
            }
            (Val::Global("pm"), "expect") => Val::unknown("assertion"),
            (Val::Global("pm"), "setNextRequest" | "execution") => {
                Val::unknown("call to `pm.setNextRequest`, which changes the run order")
            }
            (Val::Global("pm"), "visualizer" | "info") => Val::Undefined,
            (Val::Global("console"), _) => Val::Undefined,
            (Val::Global("JSON"), "parse") => match args.first() {
                Some(Val::Known(Value::Body)) => Val::Known(Value::Json(Vec::new())),
                Some(v) => Val::unknown_from("JSON parsed from a value other than the body", &[v]),
                None => Val::Undefined,
            },
            (Val::Global("JSON"), "stringify") => {
                Val::unknown_from("value built with `JSON.stringify`", &all)
            }
            (Val::Global("Date"), "now") => Val::Known(Value::Dynamic(Dynamic::UnixMillis)),
            (Val::Global("Math"), "random") => Val::Known(Value::Dynamic(Dynamic::Random)),
            (Val::Global("Math"), "floor" | "round" | "trunc") => match args.first() {
                Some(Val::NowSeconds) => Val::Known(Value::Dynamic(Dynamic::UnixSeconds)),
                _ => Val::unknown_from(format!("value built with `Math.{method}`"), &all),
            },
            (Val::Global("crypto"), "randomUUID") => Val::Known(Value::Dynamic(Dynamic::Uuid)),
            (Val::Global("CryptoJS"), _) => Val::Unknown(Unknown {
                why: "value computed with CryptoJS".to_owned(),
                from_response: all.iter().any(|v| v.reads_response()),
                crypto: true,
                sent_request: false,
            }),
            (Val::Module("uuid"), "v4") => Val::Known(Value::Dynamic(Dynamic::Uuid)),
            (Val::Now, "getTime" | "valueOf") => Val::Known(Value::Dynamic(Dynamic::UnixMillis)),
            (Val::Now, "toISOString" | "toJSON") => {
                Val::Known(Value::Dynamic(Dynamic::IsoTimestamp))
            }
            (Val::Moment(days), "add" | "subtract") => {
                match (args.first(), str_arg(1).as_deref()) {
                    (Some(Val::Num(n)), Some("d" | "day" | "days"))
                        if n.fract() == 0.0 && n.abs() < 1e6 =>
                    {
                        let n = *n as i64;
                        Val::Moment(if method == "add" { days + n } else { days - n })
                    }
                    _ => Val::unknown("moment moved by something other than whole days"),
                }
            }
            (Val::Moment(days), "format") => match str_arg(0) {
                Some(format) => Val::Known(Value::Dynamic(Dynamic::Date {
                    days: *days,
                    format,
                })),
                None => Val::unknown("moment formatted without a pattern"),
            },
            (Val::Response, "json") => Val::Known(Value::Json(Vec::new())),
            (Val::Response, "text") => Val::Known(Value::Body),
            (Val::Response, "to") => Val::unknown("assertion"),
            (Val::Headers, "get") => match str_arg(0) {
                Some(h) => Val::Known(Value::Header(h)),
                None => Val::unknown_from("header chosen at run time", &[&object]),
            },
            (Val::Headers, "has") => match str_arg(0) {
                Some(h) => Val::Known(Value::Header(h)).present(),
                None => Val::unknown_from("header chosen at run time", &[&object]),
            },
            (Val::RequestText(t), "split") if t.split.is_none() => match str_arg(0) {
                Some(sep) => Val::RequestSplit(t.field, sep),
                None => Val::unknown("request split at run time"),
            },
            (Val::RequestText(_), "toString") => object.clone(),
            (Val::Request | Val::RequestText(_), m) => {
                if is_change(m) {
                    self.changes_request(call.span.start, format!("changes the request (`{m}`)"));
                }
                Val::unknown(format!("value read from the request (`{m}`)"))
            }
            (Val::Known(v @ (Value::Body | Value::Header(_))), "indexOf" | "includes" | "has") => {
                let text = match v {
                    Value::Body => Text::Body,
                    Value::Header(h) => Text::Header(h.clone()),
                    _ => unreachable!(),
                };
                match (str_arg(0), method) {
                    (Some(s), "indexOf") if args.len() == 1 => Val::IndexOf(text, s),
                    (Some(s), "includes" | "has") if args.len() == 1 => Val::Has(text, s),
                    _ => Val::unknown_from("text search not followed", &[&object]),
                }
            }
            (Val::Known(v), "toString")
                if args.is_empty() && !matches!(v, Value::Dynamic(Dynamic::Random)) =>
            {
                object.clone()
            }
            (Val::Known(Value::Json(path)), "hasOwnProperty") => match str_arg(0) {
                Some(k) => Val::Known(json_child(path, Step::Key(k))).present(),
                None => Val::unknown_from("member chosen at run time", &[&object]),
            },
            (Val::Array(items), "includes") if args.len() == 1 => {
                let (yes, no) = self.one_of(&args[0], items);
                Val::Cond(Box::new((yes, no)))
            }
            (Val::Func(f), "call" | "apply") => {
                let f = *f;
                self.call_function(f, &args[1.min(args.len())..], cx)
            }
            (
                _,
                m @ ("forEach" | "map" | "filter" | "find" | "some" | "every" | "reduce" | "each"),
            ) => {
                let item = match &object {
                    Val::Known(Value::Json(p)) => Val::Known(json_child(p, Step::Each)),
                    _ => Val::unknown_from("loop variable", &[&object]),
                };
                for v in &args {
                    if let Val::Func(f) = v {
                        let mut inner = cx.clone();
                        inner.refuse = Some("loop".to_owned());
                        let params = vec![item.clone(); 3];
                        self.call_function(*f, &params, &mut inner);
                    }
                }
                Val::unknown_from(format!("value built with `{m}`"), &[&object])
            }
            (Val::Unknown(u), _) if u.why.starts_with("unknown name") => {
                self.callbacks(&args, "inside a callback of an unknown function", cx);
                Val::Unknown(Unknown {
                    why: format!("call to an unknown function ({})", u.why),
                    ..u.clone()
                })
            }
            (Val::Global(g), m) => {
                self.callbacks(&args, &format!("inside a callback of `{g}.{m}`"), cx);
                let mut parts = all.clone();
                parts.push(&object);
                Val::unknown_from(format!("value built with `{g}.{m}`"), &parts)
            }
            // A method of a local, or of a value read from the response: it changes at most that
            // local (`date.setHours(12)`), which is then unknown.
            _ => {
                let local =
                    receiver(call).and_then(|name| Some((name, cx.locals.get(name)?.clone())));
                if let Some((name, old)) =
                    local.filter(|(_, old)| !matches!(old, Val::Known(_) | Val::Str(_)))
                {
                    let why = format!("`{name}` changed by `{method}`");
                    cx.locals
                        .insert(name.to_owned(), Val::unknown_from(why, &[&old]));
                }
                self.callbacks(&args, "inside a callback of a function not followed", cx);
                let mut parts = all.clone();
                parts.push(&object);
                // Of an unknown, its own reason is the better one.
                let why = match &object {
                    Val::Unknown(u) => u.why.clone(),
                    _ => format!("value built with a method call (`{method}`)"),
                };
                Val::unknown_from(why, &parts)
            }
        }
    }

    /// The legacy `postman.*` API.
    fn postman(
        &mut self,
        call: &'a CallExpression<'a>,
        method: &str,
        args: &[Val<'a>],
        cx: &mut Cx<'a>,
    ) -> Val<'a> {
        let scope = match method {
            "setEnvironmentVariable" | "clearEnvironmentVariable" | "getEnvironmentVariable" => {
                Some(Scope::Environment)
            }
            "setGlobalVariable" | "clearGlobalVariable" | "getGlobalVariable" => {
                Some(Scope::Globals)
            }
            _ => None,
        };
        let name = match args.first() {
            Some(Val::Str(s)) => Some(s.clone()),
            _ => None,
        };
        match (method, scope, name) {
            ("setEnvironmentVariable" | "setGlobalVariable", Some(scope), _) => {
                self.setter(call, scope, false, args, cx);
                Val::Undefined
            }
            ("clearEnvironmentVariable" | "clearGlobalVariable", Some(scope), _) => {
                self.setter(call, scope, true, args, cx);
                Val::Undefined
            }
            ("getEnvironmentVariable" | "getGlobalVariable", scope, Some(name)) => {
                Val::Known(Value::Variable { scope, name })
            }
            ("getVariable", None, Some(name)) => Val::Known(Value::Variable { scope: None, name }),
            ("getResponseHeader", None, Some(h)) => Val::Known(Value::Header(h)),
            ("setNextRequest", ..) => {
                Val::unknown("call to `postman.setNextRequest`, which changes the run order")
            }
            ("clearEnvironmentVariables" | "clearGlobalVariables", ..) => {
                Val::unknown("call to a function that removes every variable of a scope")
            }
            _ => Val::unknown(format!("call to an unknown function (`postman.{method}`)")),
        }
    }
}

/// The local a method is called on: `x` of `x.f(…)`.
fn receiver<'a>(call: &'a CallExpression<'a>) -> Option<&'a str> {
    match call.callee.without_parentheses() {
        Expression::StaticMemberExpression(s) => match s.object.without_parentheses() {
            Expression::Identifier(id) => Some(id.name.as_str()),
            _ => None,
        },
        _ => None,
    }
}

/// Methods of `pm.request` and its parts that change it.
fn is_change(method: &str) -> bool {
    matches!(
        method,
        "add"
            | "upsert"
            | "remove"
            | "update"
            | "clear"
            | "addHeader"
            | "removeHeader"
            | "addQueryParams"
            | "removeQueryParams"
            | "populate"
            | "repopulate"
            | "prepend"
            | "append"
            | "insert"
            | "insertAfter"
            | "assimilate"
    )
}

/// `pm.variables.replaceIn("{{…}}")` of one placeholder.
fn replace_in<'a>(template: &str) -> Val<'a> {
    let inner = template
        .strip_prefix("{{")
        .and_then(|t| t.strip_suffix("}}"))
        .filter(|t| !t.contains(['{', '}']));
    match inner {
        Some("$guid" | "$randomUUID") => Val::Known(Value::Dynamic(Dynamic::Uuid)),
        Some("$timestamp") => Val::Known(Value::Dynamic(Dynamic::UnixSeconds)),
        Some("$isoTimestamp") => Val::Known(Value::Dynamic(Dynamic::IsoTimestamp)),
        Some(d) if d.starts_with('$') => {
            Val::Known(Value::Dynamic(Dynamic::Postman(d[1..].to_owned())))
        }
        Some(name) => Val::Known(Value::Variable {
            scope: None,
            name: name.to_owned(),
        }),
        None if !template.contains("{{") => Val::Str(template.to_owned()),
        None => Val::unknown("`replaceIn` of text with several placeholders"),
    }
}

/// A binary operator on two values.
pub fn binary<'a>(op: BinaryOperator, l: Val<'a>, r: Val<'a>) -> Val<'a> {
    match (op, &l, &r) {
        (BinaryOperator::Addition, Val::Num(a), Val::Num(b)) => Val::Num(a + b),
        (BinaryOperator::Subtraction, Val::Num(a), Val::Num(b)) => Val::Num(a - b),
        (BinaryOperator::Multiplication, Val::Num(a), Val::Num(b)) => Val::Num(a * b),
        (
            BinaryOperator::Division,
            Val::Known(Value::Dynamic(Dynamic::UnixMillis)),
            Val::Num(n),
        ) if *n == 1000.0 => Val::NowSeconds,
        (BinaryOperator::Addition, _, _) if l.is_text() || r.is_text() => {
            match (l.to_value(), r.to_value()) {
                (Ok(a), Ok(b)) => Val::Known(concat(vec![a, b])),
                (Err(u), _) | (_, Err(u)) => Val::Unknown(u),
            }
        }
        (BinaryOperator::Addition, _, _) => Val::unknown_from(
            "value built with `+` from values of unknown type",
            &[&l, &r],
        ),
        _ => Val::unknown_from("value built with an operator", &[&l, &r]),
    }
}
