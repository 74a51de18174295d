//! Statements: locals, branches and their guards, loops, `try`, functions the script defines,
//! and the calls with an effect (setters, assertions, request changes).

use std::collections::{HashMap, HashSet};

use oxc_ast::ast::{
    Argument, BindingPattern, BindingPatternKind, CallExpression, Expression, FormalParameters,
    PropertyKey, Statement, VariableDeclaration,
};
use oxc_span::GetSpan;

use super::facts::{Assignment, Facts, Listen, Note, Pos, Refusal, Scope, Step, Value};
use super::guard::{Guard, child, search};
use super::parse::position;
use super::val::{Func, Unknown, Val};

/// Functions followed into, one inside another, before a call is taken as unknown.
const MAX_CALLS: usize = 8;

/// Statements and expressions open at once: the parser's bound ([`super::depth::MAX_DEPTH`])
/// holds for one function's source, this for the walk through functions it follows.
const MAX_WALK_DEPTH: usize = 400;

/// Statements and expressions walked in all: the corpus's longest script takes about 3,000.
const MAX_STEPS: usize = 200_000;

/// Where statements run: what holds there and the locals they see.
#[derive(Clone)]
pub struct Cx<'a> {
    pub guard: Guard,
    /// Set inside a loop, a callback or a `catch`: variables set there are refused for this.
    pub refuse: Option<String>,
    pub locals: HashMap<String, Val<'a>>,
    /// Inside a `pm.test` callback: its assertions are that test's.
    pub in_test: bool,
    /// Values the function being followed returns.
    pub returns: Vec<Val<'a>>,
}

impl Cx<'_> {
    pub fn new() -> Self {
        Cx {
            guard: Guard::default(),
            refuse: None,
            locals: HashMap::new(),
            in_test: false,
            returns: Vec::new(),
        }
    }
}

/// How a statement ends.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    Next,
    /// `return`, `break`, `continue` or `throw`: the statements after it in its list do not run.
    Stop,
}

pub struct Walker<'a> {
    pub src: &'a str,
    pub listen: Listen,
    pub facts: Facts,
    /// Setter calls counted, by offset: a function followed twice is counted once.
    setters: HashSet<u32>,
    /// Functions being followed (against recursion) and those followed at least once.
    active: Vec<usize>,
    called: HashSet<usize>,
    declared: Vec<(Func<'a>, Pos)>,
    depth: usize,
    steps: usize,
    /// The walk hit [`MAX_WALK_DEPTH`] or [`MAX_STEPS`].
    exhausted: bool,
}

impl<'a> Walker<'a> {
    pub fn new(src: &'a str, listen: Listen) -> Self {
        Walker {
            src,
            listen,
            facts: Facts::default(),
            setters: HashSet::new(),
            active: Vec::new(),
            called: HashSet::new(),
            declared: Vec::new(),
            depth: 0,
            steps: 0,
            exhausted: false,
        }
    }

    pub fn pos(&self, offset: u32) -> Pos {
        position(self.src, offset)
    }

    /// The first thing not understood.
    pub fn unrecognised(&mut self, offset: u32, why: impl Into<String>) {
        let note = Note {
            pos: self.pos(offset),
            why: why.into(),
        };
        if self
            .facts
            .unrecognised
            .as_ref()
            .is_none_or(|n| note.pos < n.pos)
        {
            self.facts.unrecognised = Some(note);
        }
    }

    pub fn changes_request(&mut self, offset: u32, why: impl Into<String>) {
        if self.facts.changes_request.is_none() {
            self.facts.changes_request = Some(Note {
                pos: self.pos(offset),
                why: why.into(),
            });
        }
    }

    /// The whole script, then the functions it defines but never calls (their setters still
    /// count, and are refused).
    pub fn script(&mut self, body: &'a [Statement<'a>]) {
        let mut cx = Cx::new();
        self.statements(body, &mut cx);
        let uncalled: Vec<_> = self
            .declared
            .iter()
            .filter(|(f, _)| !self.called.contains(&f.addr()))
            .copied()
            .collect();
        for (f, _) in uncalled {
            let mut inner = cx.clone();
            inner.refuse = Some("inside a function the script never calls".to_owned());
            self.call_function(f, &[], &mut inner);
        }
    }

    /// A list of statements; guards that assertions and early returns add stay inside it.
    pub fn statements(&mut self, list: &'a [Statement<'a>], cx: &mut Cx<'a>) -> Flow {
        // Function declarations are hoisted.
        for s in list {
            if let Statement::FunctionDeclaration(f) = s {
                let Some(id) = &f.id else { continue };
                let func = Func::Decl(f);
                cx.locals
                    .insert(id.name.as_str().to_owned(), Val::Func(func));
                if !self.declared.iter().any(|(d, _)| *d == func) {
                    let pos = self.pos(f.span.start);
                    self.declared.push((func, pos));
                }
            }
        }
        let outer = cx.guard.clone();
        let mut flow = Flow::Next;
        for s in list {
            if self.statement(s, cx) == Flow::Stop {
                flow = Flow::Stop;
                break;
            }
        }
        cx.guard = outer;
        flow
    }

    fn statement(&mut self, s: &'a Statement<'a>, cx: &mut Cx<'a>) -> Flow {
        if !self.enter(s.span().start) {
            return Flow::Stop;
        }
        let flow = self.statement_inner(s, cx);
        self.leave();
        flow
    }

    /// Counts a step into a statement or expression; false (and reported once) when the walk
    /// is too deep or has taken too many steps: functions followed at each call can nest, and
    /// calls can multiply, beyond what the source's own nesting bounds.
    pub fn enter(&mut self, offset: u32) -> bool {
        if self.depth >= MAX_WALK_DEPTH || self.steps >= MAX_STEPS {
            if !self.exhausted {
                self.exhausted = true;
                self.unrecognised(offset, "script too deep or too long to follow");
            }
            return false;
        }
        self.depth += 1;
        self.steps += 1;
        true
    }

    pub fn leave(&mut self) {
        self.depth -= 1;
    }

    fn statement_inner(&mut self, s: &'a Statement<'a>, cx: &mut Cx<'a>) -> Flow {
        match s {
            Statement::ExpressionStatement(e) => {
                self.expression_statement(&e.expression, cx);
                Flow::Next
            }
            Statement::VariableDeclaration(d) => {
                self.declaration(d, cx);
                Flow::Next
            }
            Statement::FunctionDeclaration(_) | Statement::EmptyStatement(_) => Flow::Next,
            Statement::BlockStatement(b) => self.statements(&b.body, cx),
            Statement::IfStatement(i) => {
                let (yes, no) = self.test(&i.test, cx);
                let before = cx.locals.clone();
                let mut then_cx = cx.clone();
                then_cx.guard = cx.guard.clone().and(yes.clone());
                let then_flow = self.branch(&i.consequent, &mut then_cx);
                let mut else_cx = cx.clone();
                else_cx.guard = cx.guard.clone().and(no.clone());
                let else_flow = match &i.alternate {
                    Some(alt) => self.branch(alt, &mut else_cx),
                    None => Flow::Next,
                };
                cx.returns.append(&mut then_cx.returns);
                cx.returns.append(&mut else_cx.returns);
                merge(
                    &mut cx.locals,
                    &before,
                    &[(&then_cx.locals, then_flow), (&else_cx.locals, else_flow)],
                );
                match (then_flow, else_flow) {
                    (Flow::Stop, Flow::Stop) => return Flow::Stop,
                    // What follows runs only when the branch that returned was not taken.
                    (Flow::Stop, Flow::Next) => cx.guard = cx.guard.clone().and(no),
                    (Flow::Next, Flow::Stop) => cx.guard = cx.guard.clone().and(yes),
                    (Flow::Next, Flow::Next) => {}
                }
                Flow::Next
            }
            Statement::TryStatement(t) => {
                let flow = self.statements(&t.block.body, cx);
                if let Some(h) = &t.handler {
                    let mut catch = cx.clone();
                    catch.refuse = Some("inside a `catch` block".to_owned());
                    if let Some(p) = &h.param {
                        self.bind(
                            &p.pattern,
                            Val::unknown("the error a `catch` block receives"),
                            &mut catch,
                        );
                    }
                    self.statements(&h.body.body, &mut catch);
                }
                if let Some(f) = &t.finalizer {
                    self.statements(&f.body, cx);
                }
                flow
            }
            Statement::ReturnStatement(r) => {
                let v = match &r.argument {
                    Some(e) => self.eval(e, cx),
                    None => Val::Undefined,
                };
                cx.returns.push(v);
                Flow::Stop
            }
            Statement::BreakStatement(_) | Statement::ContinueStatement(_) => Flow::Stop,
            Statement::ThrowStatement(t) => {
                self.eval(&t.argument, cx);
                Flow::Stop
            }
            Statement::SwitchStatement(sw) => {
                self.switch(sw, cx);
                Flow::Next
            }
            Statement::ForStatement(f) => {
                let mut inner = self.loop_cx(cx);
                if let Some(init) = &f.init {
                    match init {
                        oxc_ast::ast::ForStatementInit::VariableDeclaration(d) => {
                            self.declaration(d, &mut inner)
                        }
                        other => {
                            if let Some(e) = other.as_expression() {
                                self.eval(e, &mut inner);
                            }
                        }
                    }
                }
                for e in [&f.test, &f.update].into_iter().flatten() {
                    self.eval(e, &mut inner);
                }
                // `for (i = 0; i < a.length; i++)` over a JSON array: `a[i]` is its element.
                if let Some((index, path)) = self.counting_loop(f, cx) {
                    inner.locals.insert(index, Val::LoopIndex(path));
                }
                self.loop_body(&f.body, inner, cx);
                Flow::Next
            }
            // `for (k in o)` gives keys, `for (x of a)` elements.
            Statement::ForInStatement(f) => self.for_each(&f.left, &f.right, &f.body, false, cx),
            Statement::ForOfStatement(f) => self.for_each(&f.left, &f.right, &f.body, true, cx),
            Statement::WhileStatement(w) => self.while_loop(&w.test, &w.body, cx),
            Statement::DoWhileStatement(w) => self.while_loop(&w.test, &w.body, cx),
            Statement::LabeledStatement(l) => self.statement(&l.body, cx),
            other => {
                self.unrecognised(other.span().start, "statement of a kind scripts do not use");
                Flow::Next
            }
        }
    }

    /// A branch of an `if`: a statement list of its own.
    fn branch(&mut self, s: &'a Statement<'a>, cx: &mut Cx<'a>) -> Flow {
        self.statements(std::slice::from_ref(s), cx)
    }

    fn loop_cx(&self, cx: &Cx<'a>) -> Cx<'a> {
        let mut inner = cx.clone();
        inner.refuse = Some("loop".to_owned());
        inner
    }

    /// The body of a loop; afterwards, what the loop changed is unknown.
    fn loop_body(&mut self, body: &'a Statement<'a>, mut inner: Cx<'a>, cx: &mut Cx<'a>) {
        self.branch(body, &mut inner);
        for (name, v) in inner.locals {
            if cx.locals.get(&name) != Some(&v) {
                let why = format!("`{name}` changed in a loop");
                cx.locals.insert(name, Val::unknown_from(why, &[&v]));
            }
        }
    }

    fn while_loop(
        &mut self,
        test: &'a Expression<'a>,
        body: &'a Statement<'a>,
        cx: &mut Cx<'a>,
    ) -> Flow {
        let mut inner = self.loop_cx(cx);
        self.eval(test, &mut inner);
        self.loop_body(body, inner, cx);
        Flow::Next
    }

    /// `for (left in right)` or, with `elements`, `for (left of right)`.
    fn for_each(
        &mut self,
        left: &'a oxc_ast::ast::ForStatementLeft<'a>,
        right: &'a Expression<'a>,
        body: &'a Statement<'a>,
        elements: bool,
        cx: &mut Cx<'a>,
    ) -> Flow {
        let right = self.eval(right, cx);
        let mut inner = self.loop_cx(cx);
        let item = match &right {
            Val::Known(Value::Json(p)) if elements => Val::Known(json_child(p, Step::Each)),
            _ => Val::unknown_from("loop variable", &[&right]),
        };
        self.bind_left(left, item, &mut inner);
        self.loop_body(body, inner, cx);
        Flow::Next
    }

    fn bind_left(
        &mut self,
        left: &'a oxc_ast::ast::ForStatementLeft<'a>,
        item: Val<'a>,
        cx: &mut Cx<'a>,
    ) {
        match left {
            oxc_ast::ast::ForStatementLeft::VariableDeclaration(d) => {
                for decl in &d.declarations {
                    self.bind(&decl.id, item.clone(), cx);
                }
            }
            other => {
                if let Some(oxc_ast::ast::SimpleAssignmentTarget::AssignmentTargetIdentifier(id)) =
                    other.as_simple_assignment_target()
                {
                    cx.locals.insert(id.name.as_str().to_owned(), item);
                }
            }
        }
    }

    /// The index name and the array's path of a loop `for (var i = 0; i < a.length; i++)`.
    fn counting_loop(
        &mut self,
        f: &'a oxc_ast::ast::ForStatement<'a>,
        cx: &mut Cx<'a>,
    ) -> Option<(String, Vec<Step>)> {
        use oxc_ast::ast::{BinaryOperator, ForStatementInit};
        let index = match f.init.as_ref()? {
            ForStatementInit::VariableDeclaration(d) => match d.declarations.as_slice() {
                [decl] => match (&decl.id.kind, &decl.init) {
                    (
                        BindingPatternKind::BindingIdentifier(id),
                        Some(Expression::NumericLiteral(n)),
                    ) if n.value == 0.0 => id.name.as_str(),
                    _ => return None,
                },
                _ => return None,
            },
            _ => return None,
        };
        let Some(Expression::BinaryExpression(test)) = &f.test else {
            return None;
        };
        let (Expression::Identifier(i), Expression::StaticMemberExpression(len)) =
            (&test.left, &test.right)
        else {
            return None;
        };
        if test.operator != BinaryOperator::LessThan
            || i.name != index
            || len.property.name != "length"
        {
            return None;
        }
        match self.eval(&len.object, cx) {
            Val::Known(Value::Json(path)) if !path.contains(&Step::Each) => {
                Some((index.to_owned(), path))
            }
            _ => None,
        }
    }

    fn switch(&mut self, sw: &'a oxc_ast::ast::SwitchStatement<'a>, cx: &mut Cx<'a>) {
        let disc = self.eval(&sw.discriminant, cx);
        let before = cx.locals.clone();
        let mut outcomes = Vec::new();
        // What the cases before tested, for `default` and for falling through.
        let mut none_before = Guard::default();
        let mut falling: Option<Guard> = None;
        for case in &sw.cases {
            let this = match &case.test {
                Some(t) => {
                    let v = self.eval(t, cx);
                    let (yes, no) = self.compare_equal(&disc, &v, false);
                    none_before = none_before.and(no);
                    yes
                }
                None => none_before.clone(),
            };
            let guard = match falling.take() {
                Some(prev) => prev.or(this),
                None => this,
            };
            let mut case_cx = cx.clone();
            case_cx.guard = cx.guard.clone().and(guard.clone());
            let flow = self.statements(&case.consequent, &mut case_cx);
            if flow == Flow::Next {
                falling = Some(guard);
            }
            cx.returns.append(&mut case_cx.returns);
            outcomes.push((case_cx.locals, flow));
        }
        let refs: Vec<_> = outcomes.iter().map(|(l, f)| (l, *f)).collect();
        // Without a `default`, no case may run.
        let mut all = refs;
        all.push((&before, Flow::Next));
        let before_copy = before.clone();
        merge(&mut cx.locals, &before_copy, &all);
    }

    fn declaration(&mut self, d: &'a VariableDeclaration<'a>, cx: &mut Cx<'a>) {
        for decl in &d.declarations {
            let v = match &decl.init {
                Some(e) => self.eval(e, cx),
                None => Val::Undefined,
            };
            self.bind(&decl.id, v, cx);
        }
    }

    /// Binds a pattern: a name, or `{a, b: c}` taking members, or `[a]` (unknown).
    pub fn bind(&mut self, p: &'a BindingPattern<'a>, v: Val<'a>, cx: &mut Cx<'a>) {
        match &p.kind {
            BindingPatternKind::BindingIdentifier(id) => {
                cx.locals.insert(id.name.as_str().to_owned(), v);
            }
            BindingPatternKind::ObjectPattern(o) => {
                for prop in &o.properties {
                    let key = match &prop.key {
                        PropertyKey::StaticIdentifier(id) if !prop.computed => {
                            Some(Val::Str(id.name.as_str().to_owned()))
                        }
                        PropertyKey::StringLiteral(s) => {
                            Some(Val::Str(s.value.as_str().to_owned()))
                        }
                        _ => None,
                    };
                    let member = match key {
                        Some(k) => self.member(&v, &k),
                        None => Val::unknown_from("computed member in a pattern", &[&v]),
                    };
                    self.bind(&prop.value, member, cx);
                }
                if let Some(rest) = &o.rest {
                    self.bind(
                        &rest.argument,
                        Val::unknown_from("rest of an object", &[&v]),
                        cx,
                    );
                }
            }
            BindingPatternKind::ArrayPattern(a) => {
                for (i, el) in a.elements.iter().enumerate() {
                    if let Some(el) = el {
                        let member = self.member(&v, &Val::Num(i as f64));
                        self.bind(el, member, cx);
                    }
                }
                if let Some(rest) = &a.rest {
                    self.bind(
                        &rest.argument,
                        Val::unknown_from("rest of an array", &[&v]),
                        cx,
                    );
                }
            }
            BindingPatternKind::AssignmentPattern(a) => {
                let v = match v {
                    Val::Undefined => self.eval(&a.right, cx),
                    v => v,
                };
                self.bind(&a.left, v, cx);
            }
        }
    }

    /// An expression run for its effect.
    fn expression_statement(&mut self, e: &'a Expression<'a>, cx: &mut Cx<'a>) {
        if let Some(narrowed) = self.assertion(e, cx) {
            if !cx.in_test {
                self.facts.asserts += 1;
            }
            // A failing `pm.expect` throws: what follows runs only when it held.
            cx.guard = cx.guard.clone().and(narrowed);
            return;
        }
        let v = self.eval(e, cx);
        // A call whose effect is unknown, made for that effect.
        match (e.without_parentheses(), &v) {
            (Expression::CallExpression(call), Val::Unknown(u)) if u.why.starts_with("call to") => {
                self.unrecognised(call.span.start, u.why.clone());
            }
            _ => {}
        }
    }

    /// Follows a call to a function the script defines, with its arguments bound.
    pub fn call_function(&mut self, f: Func<'a>, args: &[Val<'a>], cx: &mut Cx<'a>) -> Val<'a> {
        let addr = f.addr();
        if self.active.contains(&addr) || self.active.len() >= MAX_CALLS {
            return Val::unknown_from(
                "value from a recursive call",
                &args.iter().collect::<Vec<_>>(),
            );
        }
        self.active.push(addr);
        self.called.insert(addr);
        let mut inner = cx.clone();
        inner.returns = Vec::new();
        let (params, body, expression) = match f {
            Func::Decl(d) => (&*d.params, d.body.as_deref(), false),
            Func::Arrow(a) => (&*a.params, Some(&*a.body), a.expression),
        };
        let names = self.params(params, args, &mut inner);
        let mut result = Val::Undefined;
        if let Some(body) = body {
            if expression {
                if let Some(Statement::ExpressionStatement(e)) = body.statements.first() {
                    result = self.eval(&e.expression, &mut inner);
                }
            } else {
                self.statements(&body.statements, &mut inner);
                result = match inner.returns.as_slice() {
                    [] => Val::Undefined,
                    [first, rest @ ..] if rest.iter().all(|r| r == first) => first.clone(),
                    _ => Val::unknown("value a function returns in more than one way"),
                };
            }
        }
        // Locals of the caller that the function changed stay changed.
        for (k, v) in inner.locals {
            if !names.contains(&k) && cx.locals.contains_key(&k) {
                cx.locals.insert(k, v);
            }
        }
        self.active.pop();
        result
    }

    /// Binds parameters to arguments; returns the names bound.
    pub fn params(
        &mut self,
        params: &'a FormalParameters<'a>,
        args: &[Val<'a>],
        cx: &mut Cx<'a>,
    ) -> HashSet<String> {
        let mut names = HashSet::new();
        for (i, p) in params.items.iter().enumerate() {
            let v = args.get(i).cloned().unwrap_or(Val::Undefined);
            if let BindingPatternKind::BindingIdentifier(id) = &p.pattern.kind {
                names.insert(id.name.as_str().to_owned());
            }
            self.bind(&p.pattern, v, cx);
        }
        names
    }

    /// A variable-setting call: `scope`, and whether it removes the variable.
    pub fn setter(
        &mut self,
        call: &'a CallExpression<'a>,
        scope: Scope,
        unset: bool,
        args: &[Val<'a>],
        cx: &Cx<'a>,
    ) {
        let offset = call.span.start;
        let first_time = self.setters.insert(offset);
        if first_time {
            self.facts.setters += 1;
        }
        let pos = self.pos(offset);
        let name = match args.first() {
            Some(Val::Str(s)) => Some(s.clone()),
            _ => None,
        };
        let value = if unset {
            Ok(Value::Unset)
        } else {
            match args.get(1) {
                None => Err(Unknown {
                    why: "no value given".to_owned(),
                    from_response: false,
                    crypto: false,
                    sent_request: false,
                }),
                Some(v) => v.to_value(),
            }
        };
        let (from_response, from_sent_request) = match &value {
            Ok(v) => (v.reads_response(), false),
            Err(u) => (u.from_response && !u.sent_request, u.sent_request),
        };
        if matches!(&value, Err(u) if u.crypto) && self.listen == Listen::Prerequest {
            self.changes_request(offset, "computes a value with CryptoJS (a signature)");
        }
        // The reason given is the outermost: the loop, then the name, then the value.
        let searched = match &value {
            Ok(v) if cx.refuse.as_deref() == Some("loop") => search(v, &cx.guard),
            _ => None,
        };
        let outcome = match (searched, &cx.refuse, &name, value) {
            (Some((v, guard)), ..) if name.is_some() => guard.when(&v).map(|when| (v, when)),
            (_, Some(why), ..) => Err(why.clone()),
            (_, None, None, _) => Err("computed variable name".to_owned()),
            (_, None, Some(_), Err(u)) => Err(u.why),
            (_, None, Some(_), Ok(v))
                if self.listen == Listen::Prerequest && v.reads_response() =>
            {
                Err("reads a response in a pre-request script".to_owned())
            }
            (_, None, Some(_), Ok(v)) => cx.guard.when(&v).map(|when| (v, when)),
        };
        if !first_time {
            // Followed again (a function called twice): the first reading stands.
            return;
        }
        match outcome {
            Ok((value, when)) => {
                let a = Assignment {
                    scope,
                    name: name.expect("named"),
                    value,
                    when,
                    pos,
                };
                match self.listen {
                    Listen::Test => self.facts.captures.push(a),
                    Listen::Prerequest => self.facts.presets.push(a),
                }
            }
            Err(why) => {
                self.unrecognised(offset, why.clone());
                self.facts.refused.push(Refusal {
                    name,
                    from_response,
                    from_sent_request,
                    why,
                    pos,
                });
            }
        }
    }

    /// Arguments evaluated in order (the first kept as the expression, for names).
    pub fn args(&mut self, args: &'a [Argument<'a>], cx: &mut Cx<'a>) -> Vec<Val<'a>> {
        args.iter()
            .map(|a| match a.as_expression() {
                Some(e) => self.eval(e, cx),
                None => Val::unknown("spread argument"),
            })
            .collect()
    }
}

/// After branches that each ran with their own copy of the locals: a local they leave the same
/// stays, one they change differently becomes unknown. A branch that stopped does not count.
fn merge<'a>(
    locals: &mut HashMap<String, Val<'a>>,
    before: &HashMap<String, Val<'a>>,
    branches: &[(&HashMap<String, Val<'a>>, Flow)],
) {
    let live: Vec<_> = branches
        .iter()
        .filter(|(_, f)| *f == Flow::Next)
        .map(|(l, _)| *l)
        .collect();
    let mut names: Vec<&String> = live.iter().flat_map(|l| l.keys()).collect();
    names.sort();
    names.dedup();
    let mut merged = before.clone();
    for name in names {
        let values: Vec<Option<&Val<'a>>> = live.iter().map(|l| l.get(name)).collect();
        match values.first() {
            Some(Some(first)) if values.iter().all(|v| *v == Some(*first)) => {
                merged.insert(name.clone(), (*first).clone());
            }
            _ => {
                let parts: Vec<&Val<'a>> = values.iter().flatten().copied().collect();
                merged.insert(
                    name.clone(),
                    Val::unknown_from(format!("`{name}` set differently in branches"), &parts),
                );
            }
        }
    }
    *locals = merged;
}

/// `path` + `.key`, for members of known JSON.
pub fn json_child(path: &[Step], key: Step) -> Value {
    Value::Json(child(path, key))
}
