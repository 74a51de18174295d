//! Tests → guards: what an `if`, a `case` or an assertion tells about when the statements after
//! it run.

use oxc_ast::ast::{Argument, BinaryOperator, Expression, LogicalOperator, UnaryOperator};

use super::facts::{Condition, Step, Text, Value};
use super::guard::{Atom, Guard, Statuses, child, reason_code};
use super::val::Val;
use super::walk::{Cx, Walker};

impl<'a> Walker<'a> {
    /// The guards under which `e` is true and false.
    pub fn test(&mut self, e: &'a Expression<'a>, cx: &mut Cx<'a>) -> (Guard, Guard) {
        match e.without_parentheses() {
            Expression::LogicalExpression(l) if l.operator != LogicalOperator::Coalesce => {
                let (ly, ln) = self.test(&l.left, cx);
                let (ry, rn) = self.test(&l.right, cx);
                match l.operator {
                    LogicalOperator::And => (ly.and(ry), ln.or(rn)),
                    _ => (ly.or(ry), ln.and(rn)),
                }
            }
            Expression::UnaryExpression(u) if u.operator == UnaryOperator::LogicalNot => {
                let (y, n) = self.test(&u.argument, cx);
                (n, y)
            }
            Expression::BinaryExpression(b) => {
                // `typeof x === "undefined"`.
                if let Some((arg, other, negate)) = typeof_test(b) {
                    let v = self.eval(arg, cx);
                    let o = self.eval(other, cx);
                    let (y, n) = match o {
                        Val::Str(s) if s == "undefined" => {
                            let (y, n) = truthy(&v);
                            (n, y)
                        }
                        _ => unknown_test("`typeof` test", &v),
                    };
                    return if negate { (n, y) } else { (y, n) };
                }
                let l = self.eval(&b.left, cx);
                let r = self.eval(&b.right, cx);
                self.compare(b.operator, &l, &r)
            }
            other => {
                let v = self.eval(other, cx);
                truthy(&v)
            }
        }
    }

    fn compare(&mut self, op: BinaryOperator, l: &Val<'a>, r: &Val<'a>) -> (Guard, Guard) {
        use BinaryOperator::*;
        match op {
            Equality | StrictEquality => self.compare_equal(l, r, false),
            Inequality | StrictInequality => self.compare_equal(l, r, true),
            LessThan | LessEqualThan | GreaterThan | GreaterEqualThan => {
                // With the number on the right: `code >= 200`, `body.indexOf("x") > -1`.
                let (v, n, op) = match (l, r) {
                    (_, Val::Num(n)) => (l, *n, op),
                    (Val::Num(n), _) => (r, *n, flip(op)),
                    _ => return unknown_test("comparison", l),
                };
                let (lo, hi) = match op {
                    LessThan => (f64::NEG_INFINITY, n - 0.5),
                    LessEqualThan => (f64::NEG_INFINITY, n),
                    GreaterThan => (n + 0.5, f64::INFINITY),
                    _ => (n, f64::INFINITY),
                };
                match v {
                    Val::Known(Value::Status) => {
                        let s = Statuses::range(lo, hi);
                        (Guard::status(s.clone()), Guard::status(s.not()))
                    }
                    // -1 when absent, 0 or more when present.
                    Val::IndexOf(t, s) if lo <= -1.0 && (-1.0..0.0).contains(&hi) => {
                        contains(t, s, true)
                    }
                    Val::IndexOf(t, s) if lo > -1.0 && lo <= 0.0 => contains(t, s, false),
                    _ => unknown_test("comparison", v),
                }
            }
            In => match (l, r) {
                (Val::Str(k), Val::Known(Value::Json(p))) => {
                    truthy(&Val::Present(Value::Json(child(p, Step::Key(k.clone())))))
                }
                _ => unknown_test("`in` test", r),
            },
            _ => unknown_test("condition", l),
        }
    }

    /// The guards for `l == r` (with `negate`, for `l != r`). Loose and strict equality are
    /// taken alike: what scripts compare are statuses, strings and `undefined`.
    pub fn compare_equal(&mut self, l: &Val<'a>, r: &Val<'a>, negate: bool) -> (Guard, Guard) {
        let (y, n) = match (l, r) {
            (Val::Known(Value::Status), x) | (x, Val::Known(Value::Status)) => match code(x) {
                Some(c) => status_guards(Statuses::one(c)),
                None => unknown_test("status compared with something other than a number", x),
            },
            (Val::StatusText, Val::Str(s)) | (Val::Str(s), Val::StatusText) => match reason_code(s)
            {
                Some(c) => status_guards(Statuses::one(c)),
                None => unknown_test("status compared with an unknown reason phrase", l),
            },
            (v, Val::Undefined) | (Val::Undefined, v) => {
                let (y, n) = truthy(v);
                (n, y)
            }
            (Val::Known(Value::Variable { scope, name }), Val::Str(s))
            | (Val::Str(s), Val::Known(Value::Variable { scope, name })) => {
                let c = |negated| {
                    Guard::atom(Atom::Cond(Condition::Variable {
                        scope: *scope,
                        name: name.clone(),
                        equals: Some(s.clone()),
                        negated,
                    }))
                };
                (c(false), c(true))
            }
            (Val::IndexOf(t, s), Val::Num(n)) | (Val::Num(n), Val::IndexOf(t, s)) if *n == -1.0 => {
                contains(t, s, true)
            }
            (Val::RequestText(t), other @ (Val::Str(_) | Val::Known(Value::Variable { .. })))
            | (other @ (Val::Str(_) | Val::Known(Value::Variable { .. })), Val::RequestText(t)) => {
                let equals = other.to_value().expect("a literal or a variable");
                let c = |negated| {
                    Guard::atom(Atom::Cond(Condition::Request {
                        text: t.clone(),
                        equals: equals.clone(),
                        negated,
                    }))
                };
                (c(false), c(true))
            }
            // In a loop over an array: a member of the element compared with a literal or a
            // variable, which makes the loop a search.
            (Val::Known(Value::Json(path)), other) | (other, Val::Known(Value::Json(path)))
                if path.contains(&Step::Each) =>
            {
                let equals = match other {
                    Val::Known(v @ Value::Variable { .. }) => Some(v.clone()),
                    Val::Str(_) | Val::Num(_) | Val::Bool(_) => other.to_value().ok(),
                    _ => None,
                };
                match equals {
                    Some(equals) => {
                        let m = |negated| {
                            Guard::atom(Atom::Match {
                                path: path.clone(),
                                equals: equals.clone(),
                                negated,
                            })
                        };
                        (m(false), m(true))
                    }
                    None => unknown_test("comparison in a loop", other),
                }
            }
            (Val::Unknown(_), _) => unknown_test("comparison", l),
            _ => unknown_test("comparison", r),
        };
        if negate { (n, y) } else { (y, n) }
    }

    /// `items.includes(v)`: a status among numbers.
    pub fn one_of(&mut self, v: &Val<'a>, items: &[Val<'a>]) -> (Guard, Guard) {
        let codes: Option<Vec<u16>> = items.iter().map(code).collect();
        match (v, codes) {
            (Val::Known(Value::Status), Some(codes)) => {
                status_guards(Statuses::Only(codes.into_iter().collect()))
            }
            _ => unknown_test("`includes` test", v),
        }
    }

    /// If `e` is an assertion (`pm.expect(…)…`, `pm.response.to…`), what holds after it: a
    /// failing assertion throws, so the statements after it run only when it held.
    pub fn assertion(&mut self, e: &'a Expression<'a>, cx: &mut Cx<'a>) -> Option<Guard> {
        let (root, links) = chain(e);
        if !matches!(root, Expression::Identifier(id) if id.name == "pm")
            || cx.locals.contains_key("pm")
        {
            return None;
        }
        let (subject, rest) = match links.as_slice() {
            [("expect", Some(args)), rest @ ..] => {
                let args = self.args(args, cx);
                (args.into_iter().next().unwrap_or(Val::Undefined), rest)
            }
            [("response", None), ("to", None), rest @ ..] => (Val::Response, rest),
            _ => return None,
        };
        let negated = rest.iter().any(|(w, _)| *w == "not");
        let (last, last_args) = match rest.last() {
            Some((w, Some(args))) => (*w, self.args(args, cx)),
            Some((w, None)) => (*w, Vec::new()),
            None => return Some(Guard::default()),
        };
        let num = |i: usize| match last_args.get(i) {
            Some(Val::Num(n)) => Some(*n),
            _ => None,
        };
        let status = |s: Statuses| Some(Guard::status(if negated { s.not() } else { s }));
        let truthy_atom = |v: Value, absent: bool| Some(Guard::atom(Atom::Truthy(v, absent)));
        let guard = match (&subject, last) {
            (Val::Response, "status") => match last_args.first() {
                Some(Val::Str(s)) => reason_code(s).and_then(|c| status(Statuses::one(c))),
                Some(v) => code(v).and_then(|c| status(Statuses::one(c))),
                None => None,
            },
            (Val::Response, "ok") => status(Statuses::one(200)),
            (Val::Response, "success") => status(Statuses::range(200.0, 299.0)),
            (Val::Response, "header") => match last_args.first() {
                Some(Val::Str(h)) => truthy_atom(Value::Header(h.clone()), negated),
                _ => None,
            },
            (Val::Known(Value::Status), "eql" | "equal" | "equals" | "eq" | "eqls") => last_args
                .first()
                .and_then(code)
                .and_then(|c| status(Statuses::one(c))),
            (Val::Known(Value::Status), "oneOf") => match last_args.first() {
                Some(Val::Array(items)) => items
                    .iter()
                    .map(code)
                    .collect::<Option<Vec<u16>>>()
                    .and_then(|c| status(Statuses::Only(c.into_iter().collect()))),
                _ => None,
            },
            (Val::Known(Value::Status), "within") => match (num(0), num(1)) {
                (Some(lo), Some(hi)) => status(Statuses::range(lo, hi)),
                _ => None,
            },
            (
                Val::Known(
                    v @ (Value::Json(_) | Value::Header(_) | Value::Body | Value::Variable { .. }),
                ),
                _,
            ) => match (v, last, last_args.first()) {
                // `to.have.property("k")`: the member is there (`not`: is not).
                (Value::Json(p), "property", Some(Val::Str(k))) => {
                    truthy_atom(Value::Json(child(p, Step::Key(k.clone()))), negated)
                }
                // `to.exist`, `to.be.ok`; `to.not.be.empty`, `to.not.be.undefined`.
                (_, "exist" | "ok", _) => truthy_atom(v.clone(), negated),
                (_, "empty" | "undefined" | "null", _) if negated => truthy_atom(v.clone(), false),
                (_, "undefined" | "null", _) => truthy_atom(v.clone(), true),
                _ => None,
            },
            _ => None,
        };
        // An assertion the guard cannot express still is one; it narrows nothing.
        Some(guard.unwrap_or_default())
    }
}

/// A chain's steps: each name, with the arguments of the call on it.
type Links<'a> = Vec<(&'a str, Option<&'a [Argument<'a>]>)>;

/// `e` as a chain of members and calls: the innermost object and each step's name with the
/// arguments of the call on it, if any. `pm.expect(x).to.eql(1)` is `pm` with
/// `[("expect", [x]), ("to", -), ("eql", [1])]`.
fn chain<'a>(mut e: &'a Expression<'a>) -> (&'a Expression<'a>, Links<'a>) {
    let mut links = Vec::new();
    let mut pending: Option<&'a [Argument<'a>]> = None;
    loop {
        match e.without_parentheses() {
            Expression::CallExpression(c) => {
                if pending.is_some() {
                    // A call on a call's result: `f()()`; not an assertion chain.
                    links.push(("()", pending.take()));
                }
                pending = Some(&c.arguments);
                e = &c.callee;
            }
            Expression::StaticMemberExpression(m) => {
                links.push((m.property.name.as_str(), pending.take()));
                e = &m.object;
            }
            other => {
                if pending.is_some() {
                    links.push(("()", pending.take()));
                }
                links.reverse();
                return (other, links);
            }
        }
    }
}

/// `typeof x === "…"`: `x`, the other side, and whether the operator is `!=`/`!==`.
fn typeof_test<'a>(
    b: &'a oxc_ast::ast::BinaryExpression<'a>,
) -> Option<(&'a Expression<'a>, &'a Expression<'a>, bool)> {
    let negate = match b.operator {
        BinaryOperator::Equality | BinaryOperator::StrictEquality => false,
        BinaryOperator::Inequality | BinaryOperator::StrictInequality => true,
        _ => return None,
    };
    let of = |e: &'a Expression<'a>| match e.without_parentheses() {
        Expression::UnaryExpression(u) if u.operator == UnaryOperator::Typeof => Some(&u.argument),
        _ => None,
    };
    match (of(&b.left), of(&b.right)) {
        (Some(arg), None) => Some((arg, &b.right, negate)),
        (None, Some(arg)) => Some((arg, &b.left, negate)),
        _ => None,
    }
}

/// The guards for a value taken as a condition.
pub fn truthy(v: &Val<'_>) -> (Guard, Guard) {
    match v {
        Val::Known(
            v @ (Value::Json(_) | Value::Variable { .. } | Value::Header(_) | Value::Body),
        )
        | Val::Present(v) => (
            Guard::atom(Atom::Truthy(v.clone(), false)),
            Guard::atom(Atom::Truthy(v.clone(), true)),
        ),
        Val::Has(t, s) => contains(t, s, false),
        Val::Cond(c) => (**c).clone(),
        Val::Bool(true) => (
            Guard::default(),
            Guard::status(Statuses::Only(Default::default())),
        ),
        Val::Bool(false) | Val::Undefined => (
            Guard::status(Statuses::Only(Default::default())),
            Guard::default(),
        ),
        other => unknown_test("condition", other),
    }
}

fn contains(t: &Text, s: &str, negated: bool) -> (Guard, Guard) {
    let c = |negated| {
        Guard::atom(Atom::Cond(Condition::Contains {
            within: t.clone(),
            text: s.to_owned(),
            negated,
        }))
    };
    (c(negated), c(!negated))
}

fn status_guards(s: Statuses) -> (Guard, Guard) {
    (Guard::status(s.clone()), Guard::status(s.not()))
}

fn unknown_test(what: &str, v: &Val<'_>) -> (Guard, Guard) {
    let why = match v {
        Val::Unknown(u) => format!("{what} not understood: {}", u.why),
        _ => format!("{what} not understood"),
    };
    (Guard::unknown(why.clone()), Guard::unknown(why))
}

/// A status code from a number (or a numeric string) value.
fn code(v: &Val<'_>) -> Option<u16> {
    let n = match v {
        Val::Num(n) => *n,
        Val::Str(s) => s.parse().ok()?,
        _ => return None,
    };
    (n.fract() == 0.0 && (100.0..=599.0).contains(&n)).then_some(n as u16)
}

fn flip(op: BinaryOperator) -> BinaryOperator {
    use BinaryOperator::*;
    match op {
        LessThan => GreaterThan,
        LessEqualThan => GreaterEqualThan,
        GreaterThan => LessThan,
        GreaterEqualThan => LessEqualThan,
        other => other,
    }
}
