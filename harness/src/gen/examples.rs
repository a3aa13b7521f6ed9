//! Deterministic boundary values: the smallest valid value of a node (required members only,
//! minimum lengths and sizes) and the largest (every optional member, maximum lengths in mixed
//! scripts, maximum list sizes cycling through union members; lists nested in lists stay
//! short, as in generation).
//!
//! They seed the fixed boundary examples the engine sends before random cases, fill in union
//! members that mutations add, and end recursion in generated recursive shapes.

use serde_json::{Map, Number, Value};

use super::force::Force;
use super::node::{Kind, NodeId};
use super::path::Step;
use super::plan::{Plan, RECURSION_LIMIT, ancestors};

/// Which end of the constraints a value sits at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Extreme {
    /// Required members only; minimum lengths, sizes and values.
    Min,
    /// Every optional member (not continuation tokens); maximum lengths, sizes and values.
    Max,
}

/// The `which` boundary value of node `id`, honouring `force`. `salt` (a list index) rotates the
/// union member a maximal value picks, so maximal lists hold every kind of item.
pub(crate) fn extreme(
    plan: &Plan,
    id: NodeId,
    which: Extreme,
    force: Option<&Force>,
    stack: &mut Vec<NodeId>,
    salt: usize,
) -> Value {
    if let Some(pin) = force.and_then(|f| f.pin.clone()) {
        return pin;
    }
    let unforced = force.is_none_or(|f| f.children.is_empty());
    let which = if unforced && stack.iter().filter(|n| **n == id).count() >= RECURSION_LIMIT {
        Extreme::Min
    } else {
        which
    };
    stack.push(id);
    let value = kind(plan, id, which, force, stack, salt);
    stack.pop();
    value
}

fn kind(
    plan: &Plan,
    id: NodeId,
    which: Extreme,
    force: Option<&Force>,
    stack: &mut Vec<NodeId>,
    salt: usize,
) -> Value {
    let child = |step: Step| Force::child(force, &step);
    match &plan.nodes[id].kind {
        Kind::Object(rule) if rule.union => {
            let forced = rule
                .fields
                .iter()
                .find(|f| child(Step::Key(f.name.clone())).is_some());
            let chosen = forced.unwrap_or_else(|| match which {
                Extreme::Min => rule
                    .fields
                    .iter()
                    .min_by_key(|f| plan.costs[f.node])
                    .expect("unions have members"),
                Extreme::Max => &rule.fields[salt % rule.fields.len()],
            });
            let sub = child(Step::Key(chosen.name.clone()));
            let mut object = Map::new();
            object.insert(
                chosen.name.clone(),
                extreme(plan, chosen.node, which, sub, stack, salt),
            );
            Value::Object(object)
        }
        Kind::Object(rule) => {
            let mut object = Map::new();
            for f in &rule.fields {
                let sub = child(Step::Key(f.name.clone()));
                let wanted = f.required || sub.is_some() || (which == Extreme::Max && !f.token);
                if wanted {
                    object.insert(f.name.clone(), extreme(plan, f.node, which, sub, stack, 0));
                }
            }
            for c in &plan.couplings[id] {
                c.apply(&mut object);
            }
            Value::Object(object)
        }
        Kind::Array { item, min, max } => {
            let forced = force
                .map(|f| {
                    f.children
                        .keys()
                        .filter_map(|s| match s {
                            Step::Index(i) => Some(i + 1),
                            Step::Key(_) => None,
                        })
                        .max()
                        .unwrap_or(0)
                })
                .unwrap_or(0);
            let count = match which {
                Extreme::Min => *min,
                Extreme::Max => plan.list_high(*min, *max, ancestors(stack)),
            }
            .max(forced);
            Value::Array(
                (0..count)
                    .map(|i| extreme(plan, *item, which, child(Step::Index(i)), stack, i))
                    .collect(),
            )
        }
        Kind::Map {
            key,
            value,
            min,
            max,
        } => {
            let Kind::String(key_rule) = &plan.nodes[*key].kind else {
                unreachable!("map keys are strings")
            };
            let count = match which {
                Extreme::Min => *min,
                Extreme::Max => plan.list_high(*min, *max, ancestors(stack)),
            };
            let mut object = Map::new();
            if let Some(f) = force {
                for (step, sub) in &f.children {
                    if let Step::Key(k) = step {
                        object.insert(k.clone(), extreme(plan, *value, which, Some(sub), stack, 0));
                    }
                }
            }
            for k in key_rule.distinct(count + object.len()) {
                if object.len() >= count {
                    break;
                }
                if !object.contains_key(&k) {
                    object.insert(k, extreme(plan, *value, which, None, stack, 0));
                }
            }
            Value::Object(object)
        }
        Kind::String(rule) => Value::String(match which {
            Extreme::Min => rule.example(rule.min, false),
            Extreme::Max => rule.example(rule.high(), true),
        }),
        Kind::Integer { min, max } => Value::from(match which {
            Extreme::Min => min.unwrap_or(0).min(max.unwrap_or(i64::MAX)),
            Extreme::Max => max.unwrap_or(i32::MAX.into()),
        }),
        Kind::Number { min, max, epoch } => {
            let x = match (which, epoch) {
                (Extreme::Min, _) => min.unwrap_or(0.0).min(max.unwrap_or(f64::MAX)),
                (Extreme::Max, true) => max.unwrap_or(4_102_444_800.0),
                (Extreme::Max, false) => max.unwrap_or(1e6),
            };
            Number::from_f64(x).map_or(Value::Null, Value::Number)
        }
        Kind::Boolean => Value::Bool(which == Extreme::Max),
        Kind::Nullable(inner) => extreme(plan, *inner, which, force, stack, salt),
        Kind::Pending => unreachable!("plans are fully compiled"),
    }
}
