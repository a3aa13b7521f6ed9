//! Named mutations: every way to break one rule of a request, enumerated from a [`Plan`], and
//! how each is applied to a valid base request.
//!
//! A mutation is a force path (what the base request must contain: the member it breaks, with
//! its union member and list item), a target path and an action. The base varies and shrinks
//! freely around the forced path; the action is applied afterwards, so the broken rule is the
//! same in every case and in the shrunk counterexample. Each mutation breaks exactly one rule;
//! the rest of the request stays valid.

use serde::Serialize;
use serde_json::{Map, Value, json};

use super::examples::{Extreme, extreme};
use super::node::{Field, Kind, NodeId};
use super::path::{self, Step};
use super::plan::Plan;
use super::strings::{self, StringRule};

/// A named way to make a request invalid, and what the target should answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Mutation {
    /// Stable, unique within the operation: `content.file.fileArn: maxLength+1 (501)`.
    pub name: String,
    /// Which kind of rule is broken.
    pub kind: MutationKind,
    /// The JSON path of the member in the envelope: `body.content.file.fileArn`.
    pub path: String,
    /// The rule broken and the shape it rests on: `FileArn.maxLength = 500`.
    pub rule: String,
    /// What a conforming target answers.
    pub expect: Expectation,
}

/// The kinds of rules a mutation breaks; reports group findings by them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum MutationKind {
    /// A required member is absent.
    MissingRequired,
    /// A string is one code point shorter than `minLength`.
    BelowMinLength,
    /// A string is one code point longer than `maxLength`.
    AboveMaxLength,
    /// A list or map has one element fewer than allowed.
    TooFewItems,
    /// A list or map has one element more than allowed.
    TooManyItems,
    /// A number is below `minimum`.
    BelowMinimum,
    /// A number is above `maximum`.
    AboveMaximum,
    /// An enum value with the wrong case or number (`file`, `FILE`, `Files`).
    EnumNearMiss,
    /// A string does not match its `pattern`.
    PatternMismatch,
    /// A timestamp string is not an RFC 3339 date-time.
    FormatMismatch,
    /// A union with no member set.
    UnionEmpty,
    /// A union with two members set.
    UnionTwoMembers,
    /// An enum tag does not name the union member that is set (`type` vs `content`).
    TagMismatch,
    /// A member has the wrong JSON type.
    WrongType,
    /// A continuation token the service never issued.
    BadToken,
    /// The body is not JSON.
    MalformedJson,
    /// A path id with a reserved character (sent percent-encoded).
    ReservedCharacter,
    /// A well-formed path id of no resource.
    UnknownId,
}

impl MutationKind {
    /// Whether the strict request schema rejects such a request. The others break rules only
    /// the service can check (which tokens it issued, which ids exist, tag ↔ union) or are not
    /// JSON at all.
    pub fn schema_detects(self) -> bool {
        !matches!(
            self,
            MutationKind::TagMismatch
                | MutationKind::BadToken
                | MutationKind::MalformedJson
                | MutationKind::ReservedCharacter
                | MutationKind::UnknownId
        )
    }
}

/// What a conforming target answers a mutated request with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Expectation {
    /// 400, `ValidationException` (or another 400 for malformed JSON).
    Rejected,
    /// 404 `ResourceNotFoundException` for a path id naming nothing (a 400 is also accepted).
    NotFound,
}

/// Reserved characters (and non-ASCII) put into path ids; the client percent-encodes them.
const RESERVED: [&str; 6] = ["/", "?", "#", "%", " ", "é"];
/// A continuation token no service issued.
pub(crate) const GARBAGE_TOKEN: &str = "not-a-token";

/// A mutation and how to produce it.
#[derive(Debug, Clone)]
pub(crate) struct Planned {
    /// The public description.
    pub mutation: Mutation,
    /// What the base request must contain.
    pub force: Vec<Step>,
    /// Where the action applies.
    pub target: Vec<Step>,
    /// What is done there.
    pub action: Action,
}

/// What a mutation does at its target.
#[derive(Debug, Clone)]
pub(crate) enum Action {
    /// Remove the member.
    Remove,
    /// Replace the value.
    Replace(Value),
    /// Re-size the string to this many code points.
    ResizeString(usize),
    /// Re-size the list (growing repeats its items).
    ResizeList(usize),
    /// Grow the map to this size with the first candidates it lacks.
    GrowMap(usize, Vec<(String, Value)>),
    /// Shrink the map to this size.
    ShrinkMap(usize),
    /// Add a member (a second union member, or a map entry with a bad key).
    Insert(String, Value),
    /// Append a reserved character and `x` to a path id.
    AppendToLabel(String),
    /// Change every letter and digit of a path id to the next one (same form, no resource).
    RotateLabel,
    /// Send bytes that are not JSON instead of the body.
    Malformed(Malformed),
}

/// Ways a body is not JSON.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Malformed {
    /// The last byte is cut off.
    Truncated,
    /// Text follows the JSON value.
    TrailingGarbage,
}

/// Every mutation of `plan`, in a stable order (envelope parts, then members in model order).
pub(crate) fn enumerate(plan: &Plan) -> Vec<Planned> {
    let mut walker = Walker {
        plan,
        out: Vec::new(),
        stack: Vec::new(),
    };
    for part in &plan.parts {
        let steps = vec![Step::Key(part.name.clone())];
        match part.name.as_str() {
            "uri" => walker.labels(part.node, &steps),
            "body" if !plan.has_body() => {}
            "body" => {
                let shape = plan.nodes[part.node].shape.clone();
                if part.required {
                    walker.push(
                        MutationKind::MissingRequired,
                        &steps,
                        "missing (required)".into(),
                        format!("{shape} has required body members"),
                        steps.clone(),
                        Action::Remove,
                    );
                }
                walker.node(part.node, &steps, true);
                for (malformed, what) in [
                    (Malformed::Truncated, "truncated"),
                    (Malformed::TrailingGarbage, "trailing garbage"),
                ] {
                    walker.push(
                        MutationKind::MalformedJson,
                        &steps,
                        format!("malformed JSON ({what})"),
                        "the request body is JSON (RFC 8259)".into(),
                        steps.clone(),
                        Action::Malformed(malformed),
                    );
                }
            }
            _ => walker.node(part.node, &steps, false),
        }
    }
    walker.out
}

struct Walker<'p> {
    plan: &'p Plan,
    out: Vec<Planned>,
    stack: Vec<NodeId>,
}

fn with(steps: &[Step], step: Step) -> Vec<Step> {
    let mut v = steps.to_vec();
    v.push(step);
    v
}

fn key(name: &str) -> Step {
    Step::Key(name.to_string())
}

impl Walker<'_> {
    /// Records a mutation of the member at `target`, with the base forced to contain `force`.
    fn push(
        &mut self,
        kind: MutationKind,
        target: &[Step],
        what: String,
        rule: String,
        force: Vec<Step>,
        action: Action,
    ) {
        let expect = match target.first() {
            Some(Step::Key(part)) if part == "uri" => Expectation::NotFound,
            _ => Expectation::Rejected,
        };
        self.out.push(Planned {
            mutation: Mutation {
                name: format!("{}: {what}", path::short(target)),
                kind,
                path: path::display(target),
                rule,
                expect,
            },
            force,
            target: target.to_vec(),
            action,
        });
    }

    /// The same, forcing the target itself to exist.
    fn at(
        &mut self,
        kind: MutationKind,
        target: &[Step],
        what: String,
        rule: String,
        action: Action,
    ) {
        self.push(kind, target, what, rule, target.to_vec(), action);
    }

    fn minimal(&self, id: NodeId) -> Value {
        extreme(self.plan, id, Extreme::Min, None, &mut Vec::new(), 0)
    }

    /// Path labels: bounds, reserved characters and unknown ids (never wire types: a label is
    /// text, and never absent: a missing label is an empty one, which `minLength` covers).
    fn labels(&mut self, id: NodeId, steps: &[Step]) {
        let plan = self.plan;
        let Some(object) = plan.object(id) else {
            return;
        };
        for field in &object.fields {
            let target = with(steps, key(&field.name));
            let shape = plan.nodes[field.node].shape.clone();
            if let Kind::String(rule) = &plan.nodes[field.node].kind {
                self.string(rule, &shape, &target, false);
            }
            for c in RESERVED {
                self.at(
                    MutationKind::ReservedCharacter,
                    &target,
                    format!("reserved character ({})", json!(c)),
                    format!("{shape}: must identify an existing resource"),
                    Action::AppendToLabel(c.to_string()),
                );
            }
            self.at(
                MutationKind::UnknownId,
                &target,
                "unknown id".into(),
                format!("{shape}: must identify an existing resource"),
                Action::RotateLabel,
            );
        }
    }

    /// Mutations of node `id` at `steps` and everything below it. `typed`: the value travels
    /// as JSON (the body), so wrong JSON types are meaningful.
    fn node(&mut self, id: NodeId, steps: &[Step], typed: bool) {
        if self.stack.contains(&id) {
            return;
        }
        self.stack.push(id);
        let plan = self.plan;
        let shape = plan.nodes[id].shape.clone();
        let wrong = |this: &mut Self, ty: &str, value: Value| {
            if typed {
                this.at(
                    MutationKind::WrongType,
                    steps,
                    format!("wrong type {} ({value})", json_type(&value)),
                    format!("{shape}.type = {ty}"),
                    Action::Replace(value),
                );
            }
        };
        match &plan.nodes[id].kind {
            Kind::Object(rule) => {
                wrong(self, "object", json!([]));
                if rule.union {
                    self.union(&shape, &rule.fields, steps, typed);
                } else {
                    for field in &rule.fields {
                        self.field(&shape, field, steps, typed);
                    }
                    for c in &plan.couplings[id] {
                        let Kind::String(tag_rule) = &plan.nodes[tag_node(plan, id, &c.tag)].kind
                        else {
                            continue;
                        };
                        let tag_shape = &plan.nodes[tag_node(plan, id, &c.tag)].shape;
                        let union_shape = &plan.nodes[tag_node(plan, id, &c.union)].shape;
                        let values = tag_rule.values.clone().unwrap_or_default();
                        for (variant, value) in &c.pairs {
                            for other in values.iter().filter(|v| *v != value) {
                                let union_path = with(steps, key(&c.union));
                                let force = with(&union_path, key(variant));
                                self.push(
                                    MutationKind::TagMismatch,
                                    &with(steps, key(&c.tag)),
                                    format!("{} does not match {}", json!(other), path::short(&force)),
                                    format!(
                                        "{shape}: {} names the {} member set ({tag_shape} {value} ↔ {union_shape}.{variant})",
                                        c.tag, c.union
                                    ),
                                    force,
                                    Action::Replace(json!(other)),
                                );
                            }
                        }
                    }
                }
            }
            Kind::Array { item, min, max } => {
                wrong(self, "array", json!({}));
                if let Some(max) = max {
                    self.push(
                        MutationKind::TooManyItems,
                        steps,
                        format!("maxItems+1 ({})", max + 1),
                        format!("{shape}.maxItems = {max}"),
                        with(steps, Step::Index(0)),
                        Action::ResizeList(max + 1),
                    );
                }
                if *min > 0 {
                    self.at(
                        MutationKind::TooFewItems,
                        steps,
                        format!("minItems-1 ({})", min - 1),
                        format!("{shape}.minItems = {min}"),
                        Action::ResizeList(min - 1),
                    );
                }
                self.node(*item, &with(steps, Step::Index(0)), typed);
            }
            Kind::Map {
                key: key_node,
                value,
                min,
                max,
            } => {
                wrong(self, "object", json!([]));
                let Kind::String(key_rule) = &plan.nodes[*key_node].kind else {
                    unreachable!("map keys are strings")
                };
                let key_shape = &plan.nodes[*key_node].shape;
                let filler = self.minimal(*value);
                if let Some(max) = max {
                    let candidates = key_rule
                        .distinct(2 * max + 4)
                        .into_iter()
                        .map(|k| (k, filler.clone()))
                        .collect();
                    self.at(
                        MutationKind::TooManyItems,
                        steps,
                        format!("maxProperties+1 ({})", max + 1),
                        format!("{shape}.maxProperties = {max}"),
                        Action::GrowMap(max + 1, candidates),
                    );
                }
                if *min > 0 {
                    self.at(
                        MutationKind::TooFewItems,
                        steps,
                        format!("minProperties-1 ({})", min - 1),
                        format!("{shape}.minProperties = {min}"),
                        Action::ShrinkMap(min - 1),
                    );
                }
                for (kind, what, rule, bad) in bad_keys(key_rule, key_shape) {
                    self.at(kind, steps, what, rule, Action::Insert(bad, filler.clone()));
                }
                if let Some(k) = key_rule.distinct(1).pop() {
                    self.node(*value, &with(steps, Step::Key(k)), typed);
                }
            }
            Kind::String(rule) => self.string(rule, &shape, steps, typed),
            Kind::Integer { min, max } => {
                self.bounds(
                    &shape,
                    steps,
                    min.map(|m| m as f64),
                    max.map(|m| m as f64),
                    true,
                );
                let typical = typical(*min, *max);
                wrong(self, "integer", json!(typical.to_string()));
                wrong(self, "integer", json!(true));
                if typed && *min != *max {
                    let fraction = if max.is_none_or(|m| typical < m) {
                        typical as f64 + 0.5
                    } else {
                        typical as f64 - 0.5
                    };
                    self.at(
                        MutationKind::WrongType,
                        steps,
                        format!("not an integer ({fraction})"),
                        format!("{shape}.type = integer"),
                        Action::Replace(json!(fraction)),
                    );
                }
            }
            Kind::Number { min, max, .. } => {
                self.bounds(&shape, steps, *min, *max, false);
                let typical = typical(min.map(|m| m.ceil() as i64), max.map(|m| m.floor() as i64));
                wrong(self, "number", json!(typical.to_string()));
                wrong(self, "number", json!(true));
            }
            Kind::Boolean => {
                wrong(self, "boolean", json!(1));
                wrong(self, "boolean", json!("true"));
            }
            Kind::Nullable(inner) => {
                self.stack.pop();
                self.node(*inner, steps, typed);
                return;
            }
            Kind::Pending => unreachable!("plans are fully compiled"),
        }
        self.stack.pop();
    }

    fn field(&mut self, shape: &str, field: &Field, steps: &[Step], typed: bool) {
        let target = with(steps, key(&field.name));
        if field.required {
            self.push(
                MutationKind::MissingRequired,
                &target,
                "missing (required)".into(),
                format!("{shape}.required includes {}", field.name),
                steps.to_vec(),
                Action::Remove,
            );
        }
        if field.token {
            let plan = self.plan;
            let token_shape = &plan.nodes[field.node].shape;
            self.at(
                MutationKind::BadToken,
                &target,
                format!("garbage token ({})", json!(GARBAGE_TOKEN)),
                format!("{token_shape}: only tokens the service issued (continuation token)"),
                Action::Replace(json!(GARBAGE_TOKEN)),
            );
        }
        self.node(field.node, &target, typed);
    }

    fn union(&mut self, shape: &str, fields: &[Field], steps: &[Step], typed: bool) {
        self.at(
            MutationKind::UnionEmpty,
            steps,
            "union with no member ({})".into(),
            format!("{shape}.minProperties = 1 (union: exactly one member)"),
            Action::Replace(json!({})),
        );
        if fields.len() >= 2 {
            for (i, f) in fields.iter().enumerate() {
                let other = &fields[(i + 1) % fields.len()];
                let second = self.minimal(other.node);
                self.push(
                    MutationKind::UnionTwoMembers,
                    steps,
                    format!("union with two members ({}, {})", f.name, other.name),
                    format!("{shape}.maxProperties = 1 (union: exactly one member)"),
                    with(steps, key(&f.name)),
                    Action::Insert(other.name.clone(), second),
                );
            }
        }
        for f in fields {
            self.node(f.node, &with(steps, key(&f.name)), typed);
        }
    }

    fn string(&mut self, rule: &StringRule, shape: &str, steps: &[Step], typed: bool) {
        if rule.min > 0 {
            self.at(
                MutationKind::BelowMinLength,
                steps,
                format!("minLength-1 ({})", rule.min - 1),
                format!("{shape}.minLength = {}", rule.min),
                Action::ResizeString(rule.min - 1),
            );
        }
        if let Some(max) = rule.max {
            self.at(
                MutationKind::AboveMaxLength,
                steps,
                format!("maxLength+1 ({})", max + 1),
                format!("{shape}.maxLength = {max}"),
                Action::ResizeString(max + 1),
            );
        }
        if let Some(values) = &rule.values {
            for value in values {
                for miss in strings::near_misses(value, values) {
                    self.at(
                        MutationKind::EnumNearMiss,
                        steps,
                        format!("enum near miss ({})", json!(miss)),
                        format!("{shape}.enum = [{}]", values.join(", ")),
                        Action::Replace(json!(miss)),
                    );
                }
            }
        }
        if let (Some(pattern), Some(miss)) = (&rule.pattern, rule.pattern_miss()) {
            self.at(
                MutationKind::PatternMismatch,
                steps,
                format!("pattern mismatch ({})", json!(miss)),
                format!("{shape}.pattern = {}", pattern.source),
                Action::Replace(json!(miss)),
            );
        }
        if rule.date_time {
            self.at(
                MutationKind::FormatMismatch,
                steps,
                "not a date-time (\"yesterday\")".into(),
                format!("{shape}.format = date-time"),
                Action::Replace(json!("yesterday")),
            );
        }
        if typed {
            self.at(
                MutationKind::WrongType,
                steps,
                "wrong type number (5)".into(),
                format!("{shape}.type = string"),
                Action::Replace(json!(5)),
            );
        }
    }

    fn bounds(
        &mut self,
        shape: &str,
        steps: &[Step],
        min: Option<f64>,
        max: Option<f64>,
        integer: bool,
    ) {
        let number = |x: f64| if integer { json!(x as i64) } else { json!(x) };
        if let Some(min) = min {
            self.at(
                MutationKind::BelowMinimum,
                steps,
                format!("minimum-1 ({})", number(min - 1.0)),
                format!("{shape}.minimum = {}", number(min)),
                Action::Replace(number(min - 1.0)),
            );
            if min > 0.0 && min - 1.0 > -1.0 {
                self.at(
                    MutationKind::BelowMinimum,
                    steps,
                    format!("negative ({})", number(-1.0)),
                    format!("{shape}.minimum = {}", number(min)),
                    Action::Replace(number(-1.0)),
                );
            }
        }
        if let Some(max) = max {
            self.at(
                MutationKind::AboveMaximum,
                steps,
                format!("maximum+1 ({})", number(max + 1.0)),
                format!("{shape}.maximum = {}", number(max)),
                Action::Replace(number(max + 1.0)),
            );
        }
    }
}

fn tag_node(plan: &Plan, object: NodeId, member: &str) -> NodeId {
    plan.object(object)
        .and_then(|o| o.fields.iter().find(|f| f.name == member))
        .map(|f| f.node)
        .expect("couplings name members of their structure")
}

/// 5, clamped into the bounds: the number a wrong-type mutation spells as a string.
fn typical(min: Option<i64>, max: Option<i64>) -> i64 {
    let low = min.unwrap_or(i64::MIN);
    let high = max.unwrap_or(i64::MAX).max(low);
    5.clamp(low, high)
}

fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// Map keys breaking the key shape, each with its kind, name and rule.
fn bad_keys(rule: &StringRule, shape: &str) -> Vec<(MutationKind, String, String, String)> {
    let mut out = Vec::new();
    if rule.min > 0 {
        out.push((
            MutationKind::BelowMinLength,
            format!("key minLength-1 ({})", rule.min - 1),
            format!("{shape}.minLength = {} (map key)", rule.min),
            "a".repeat(rule.min - 1),
        ));
    }
    if let Some(max) = rule.max {
        out.push((
            MutationKind::AboveMaxLength,
            format!("key maxLength+1 ({})", max + 1),
            format!("{shape}.maxLength = {max} (map key)"),
            "a".repeat(max + 1),
        ));
    }
    if let (Some(pattern), Some(miss)) = (&rule.pattern, rule.pattern_miss()) {
        out.push((
            MutationKind::PatternMismatch,
            format!("key pattern mismatch ({})", json!(miss)),
            format!("{shape}.pattern = {} (map key)", pattern.source),
            miss,
        ));
    }
    out
}

/// Applies `planned` to a request envelope; returns the raw body to send instead of the JSON
/// body, for malformed-JSON mutations.
///
/// # Panics
///
/// When the target is missing from the envelope: the base request is forced to contain it, so
/// that is a bug in the generator.
pub(crate) fn apply(planned: &Planned, envelope: &mut Value) -> Option<Vec<u8>> {
    let (last, parent) = planned
        .target
        .split_last()
        .unwrap_or_else(|| missing(planned));
    match &planned.action {
        Action::Remove => {
            let Step::Key(k) = last else { missing(planned) };
            path::get_mut(envelope, parent)
                .and_then(Value::as_object_mut)
                .and_then(|o| o.shift_remove(k))
                .unwrap_or_else(|| missing(planned));
        }
        Action::Malformed(kind) => {
            let body = path::get(envelope, &planned.target).unwrap_or_else(|| missing(planned));
            let mut bytes = serde_json::to_vec(body).expect("JSON values serialise");
            match kind {
                Malformed::Truncated => {
                    bytes.pop();
                }
                Malformed::TrailingGarbage => bytes.extend_from_slice(b" garbage"),
            }
            return Some(bytes);
        }
        action => {
            let value =
                path::get_mut(envelope, &planned.target).unwrap_or_else(|| missing(planned));
            change(action, value).unwrap_or_else(|| missing(planned));
        }
    }
    None
}

/// The id with every letter and digit moved to the next one in its class, hex ids staying hex
/// (a UUID stays a well-formed UUID of nothing, so the answer is about existence, not form).
pub fn rotate(id: &str) -> String {
    let hex = id
        .chars()
        .all(|c| !c.is_ascii_alphanumeric() || c.is_ascii_hexdigit());
    let next = |c: char, first: char, last: char| {
        if c == last {
            first
        } else {
            (c as u8 + 1) as char
        }
    };
    id.chars()
        .map(|c| match c {
            '0'..='9' => next(c, '0', '9'),
            'a'..='f' if hex => next(c, 'a', 'f'),
            'A'..='F' if hex => next(c, 'A', 'F'),
            'a'..='z' => next(c, 'a', 'z'),
            'A'..='Z' => next(c, 'A', 'Z'),
            c => c,
        })
        .collect()
}

fn missing(planned: &Planned) -> ! {
    panic!(
        "mutation `{}`: {} is missing from the base request",
        planned.mutation.name, planned.mutation.path
    )
}

fn change(action: &Action, value: &mut Value) -> Option<()> {
    match action {
        Action::Replace(v) => *value = v.clone(),
        Action::ResizeString(len) => *value = Value::String(strings::resize(value.as_str()?, *len)),
        Action::ResizeList(len) => {
            let items = value.as_array_mut()?;
            if items.len() > *len {
                items.truncate(*len);
            } else {
                let pattern = items.clone();
                if pattern.is_empty() && *len > 0 {
                    return None;
                }
                items.extend(pattern.iter().cycle().take(len - items.len()).cloned());
            }
        }
        Action::GrowMap(len, candidates) => {
            let object = value.as_object_mut()?;
            for (k, v) in candidates {
                if object.len() >= *len {
                    break;
                }
                if !object.contains_key(k) {
                    object.insert(k.clone(), v.clone());
                }
            }
        }
        Action::ShrinkMap(len) => {
            let object = value.as_object_mut()?;
            let keep: Map<String, Value> = std::mem::take(object).into_iter().take(*len).collect();
            *object = keep;
        }
        Action::Insert(k, v) => {
            value.as_object_mut()?.insert(k.clone(), v.clone());
        }
        Action::AppendToLabel(c) => {
            *value = Value::String(format!("{}{c}x", value.as_str()?));
        }
        Action::RotateLabel => *value = Value::String(rotate(value.as_str()?)),
        Action::Remove | Action::Malformed(_) => unreachable!("handled by apply"),
    }
    Some(())
}
