//! Strategies for valid values, built from a [`Plan`] with proptest combinators only, so
//! shrinking works member by member: optional members become absent, lists lose items,
//! strings get shorter, unions move to earlier members.
//!
//! A [`Force`] tree makes chosen paths present (optional members, a union member, list item
//! 0) or pins them to fixed values: mutations use it to guarantee the member they break exists
//! while the rest of the request still varies and shrinks; the engine uses pins to put real
//! resource ARNs into otherwise generated requests.

use std::collections::BTreeMap;

use proptest::collection::{btree_map, vec};
use proptest::prelude::*;
use proptest::strategy::Union;
use serde_json::{Map, Number, Value};

use super::examples::{Extreme, extreme};
use super::path::Step;
use super::plan::{Kind, NodeId, Plan, RECURSION_LIMIT};

/// Paths that must be present, some pinned to a value.
#[derive(Debug, Default, Clone)]
pub(crate) struct Force {
    /// Forced children, by step.
    pub children: BTreeMap<Step, Force>,
    /// The fixed value at this path.
    pub pin: Option<Value>,
}

impl Force {
    /// A tree forcing `steps` to exist.
    pub fn path(steps: &[Step]) -> Force {
        let mut force = Force::default();
        force.add(steps, None);
        force
    }

    /// Forces `steps` to exist and, with `pin`, to hold that value.
    pub fn add(&mut self, steps: &[Step], pin: Option<Value>) {
        match steps.split_first() {
            None => {
                if pin.is_some() {
                    self.pin = pin;
                }
            }
            Some((first, rest)) => self
                .children
                .entry(first.clone())
                .or_default()
                .add(rest, pin),
        }
    }

    /// The forced subtree under `step`.
    pub fn child<'f>(force: Option<&'f Force>, step: &Step) -> Option<&'f Force> {
        force.and_then(|f| f.children.get(step))
    }
}

/// The nodes above the current one (the stack holds the current node on top).
pub(crate) fn ancestors(stack: &[NodeId]) -> &[NodeId] {
    &stack[..stack.len().saturating_sub(1)]
}

/// Builds strategies for one plan.
pub(crate) struct Builder<'p> {
    plan: &'p Plan,
}

impl<'p> Builder<'p> {
    /// A builder reading `plan`.
    pub fn new(plan: &'p Plan) -> Self {
        Builder { plan }
    }

    /// The envelope parts other than `uri` (labels come from the request context), as
    /// `(part, value)` in document order. The body is left out when the input has no body
    /// member, as SDKs send none then.
    pub fn parts(&self, force: Option<&Force>) -> BoxedStrategy<Vec<(String, Value)>> {
        let parts: Vec<BoxedStrategy<(String, Value)>> = self
            .plan
            .parts
            .iter()
            .filter(|p| p.name != "uri")
            .filter(|p| p.name != "body" || self.plan.has_body())
            .map(|p| {
                let name = p.name.clone();
                let sub = Force::child(force, &Step::Key(name.clone()));
                self.node(p.node, sub, &mut Vec::new())
                    .prop_map(move |v| (name.clone(), v))
                    .boxed()
            })
            .collect();
        parts.boxed()
    }

    /// Valid values of node `id`, honouring `force`. `stack` holds the nodes above (for the
    /// recursion limit).
    pub fn node(
        &self,
        id: NodeId,
        force: Option<&Force>,
        stack: &mut Vec<NodeId>,
    ) -> BoxedStrategy<Value> {
        if let Some(pin) = force.and_then(|f| f.pin.clone()) {
            return Just(pin).boxed();
        }
        let unforced = force.is_none_or(|f| f.children.is_empty());
        if unforced && stack.iter().filter(|n| **n == id).count() >= RECURSION_LIMIT {
            return Just(extreme(self.plan, id, Extreme::Min, None, stack, 0)).boxed();
        }
        stack.push(id);
        let strategy = self.kind(id, force, stack);
        stack.pop();
        strategy
    }

    fn kind(
        &self,
        id: NodeId,
        force: Option<&Force>,
        stack: &mut Vec<NodeId>,
    ) -> BoxedStrategy<Value> {
        match &self.plan.nodes[id].kind {
            Kind::Object(rule) if rule.union => {
                let forced: Vec<_> = rule
                    .fields
                    .iter()
                    .filter(|f| Force::child(force, &Step::Key(f.name.clone())).is_some())
                    .collect();
                let members = if forced.is_empty() {
                    rule.fields.iter().collect()
                } else {
                    forced
                };
                let alternatives: Vec<BoxedStrategy<Value>> = members
                    .into_iter()
                    .map(|f| {
                        let name = f.name.clone();
                        let sub = Force::child(force, &Step::Key(name.clone()));
                        self.node(f.node, sub, stack)
                            .prop_map(move |v| {
                                let mut m = Map::new();
                                m.insert(name.clone(), v);
                                Value::Object(m)
                            })
                            .boxed()
                    })
                    .collect();
                Union::new(alternatives).boxed()
            }
            Kind::Object(rule) => {
                let mut fields: Vec<BoxedStrategy<Option<(String, Value)>>> = Vec::new();
                for f in &rule.fields {
                    let sub = Force::child(force, &Step::Key(f.name.clone()));
                    if f.token && sub.is_none() {
                        continue;
                    }
                    let name = f.name.clone();
                    let value = self.node(f.node, sub, stack);
                    fields.push(if f.required || sub.is_some() {
                        value.prop_map(move |v| Some((name.clone(), v))).boxed()
                    } else {
                        proptest::option::of(value)
                            .prop_map(move |v| v.map(|v| (name.clone(), v)))
                            .boxed()
                    });
                }
                let couplings = rule.couplings.clone();
                fields
                    .prop_map(move |entries| {
                        let mut object: Map<String, Value> =
                            entries.into_iter().flatten().collect();
                        for c in &couplings {
                            c.apply(&mut object);
                        }
                        Value::Object(object)
                    })
                    .boxed()
            }
            Kind::Array { item, min, max } => {
                let high = self.plan.list_high(*min, *max, ancestors(stack));
                let items = self.node(*item, None, stack);
                let forced: Vec<(usize, &Force)> = force
                    .map(|f| {
                        f.children
                            .iter()
                            .filter_map(|(s, t)| match s {
                                Step::Index(i) => Some((*i, t)),
                                Step::Key(_) => None,
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                if let Some(count) = forced.iter().map(|(i, _)| i + 1).max() {
                    let head: Vec<BoxedStrategy<Value>> = (0..count)
                        .map(|i| match forced.iter().find(|(j, _)| *j == i) {
                            Some((_, t)) => self.node(*item, Some(t), stack),
                            None => items.clone(),
                        })
                        .collect();
                    let tail = vec(items, min.saturating_sub(count)..=high.max(count) - count);
                    return (head, tail)
                        .prop_map(|(mut head, tail)| {
                            head.extend(tail);
                            Value::Array(head)
                        })
                        .boxed();
                }
                let short_high = high.min(min + 2);
                let mut alternatives = vec![vec(items.clone(), *min..=short_high).boxed()];
                if high > short_high {
                    alternatives.push(vec(items, *min..=high).boxed());
                }
                Union::new(alternatives).prop_map(Value::Array).boxed()
            }
            Kind::Map {
                key,
                value,
                min,
                max,
            } => {
                let high = self.plan.list_high(*min, *max, ancestors(stack));
                let Kind::String(key_rule) = &self.plan.nodes[*key].kind else {
                    unreachable!("map keys are strings (checked when the model loaded)")
                };
                let values = self.node(*value, None, stack);
                let pinned: Vec<(String, BoxedStrategy<Value>)> = force
                    .map(|f| {
                        f.children
                            .iter()
                            .filter_map(|(s, t)| match s {
                                Step::Key(k) => {
                                    Some((k.clone(), self.node(*value, Some(t), stack)))
                                }
                                Step::Index(_) => None,
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                let keys: Vec<String> = pinned.iter().map(|(k, _)| k.clone()).collect();
                let (head_keys, head): (Vec<String>, Vec<BoxedStrategy<Value>>) =
                    pinned.into_iter().unzip();
                let n = head_keys.len();
                let rest = btree_map(
                    key_rule.strategy(),
                    values,
                    min.saturating_sub(n)..=high.max(n) - n,
                );
                (head, rest)
                    .prop_map(move |(head, rest)| {
                        let mut object: Map<String, Value> = rest
                            .into_iter()
                            .filter(|(k, _)| !keys.contains(k))
                            .collect();
                        for (k, v) in head_keys.iter().zip(head) {
                            object.insert(k.clone(), v);
                        }
                        Value::Object(object)
                    })
                    .boxed()
            }
            Kind::String(rule) => rule.strategy().prop_map(Value::String).boxed(),
            Kind::Integer { min, max } => {
                let low = min.unwrap_or(i32::MIN.into());
                let high = max.unwrap_or(i32::MAX.into()).max(low);
                prop_oneof![1 => Just(low), 4 => low..=high, 1 => Just(high)]
                    .prop_map(Value::from)
                    .boxed()
            }
            Kind::Number { min, max, epoch } => {
                let (default_low, default_high) = if *epoch {
                    (0.0, 4_102_444_800.0)
                } else {
                    (-1e6, 1e6)
                };
                let low = min.unwrap_or(default_low);
                let high = max.unwrap_or(default_high).max(low);
                let epoch = *epoch;
                prop_oneof![1 => Just(low), 4 => low..=high, 1 => Just(high)]
                    .prop_map(move |x: f64| {
                        let x = if epoch { x.trunc() } else { x };
                        Number::from_f64(x).map_or(Value::Null, Value::Number)
                    })
                    .boxed()
            }
            Kind::Boolean => any::<bool>().prop_map(Value::Bool).boxed(),
            Kind::Nullable(inner) => self.node(*inner, force, stack),
            Kind::Pending => unreachable!("plans are fully compiled"),
        }
    }
}
