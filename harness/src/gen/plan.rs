//! The schema walk: an operation's strict request document compiled once into a [`Plan`], a
//! table of nodes (one per `$defs` entry, plus the envelope parts; their types are in
//! `node.rs`) that generation and mutation read instead of re-parsing JSON Schema per case.
//!
//! Only the keywords the schema generator emits are understood (see `schemas/README.md`); any
//! other keyword is a [`PlanError`], so a constraint added to the schemas later cannot be
//! silently left out of generation.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use crate::model::{Operation, ServiceModel};
use crate::schema::{self, Variant};

use super::PlanError;
use super::node::{Field, Kind, Node, NodeId, ObjectRule};
use super::semantics::{self, Coupling};
use super::strings::{Pattern, StringRule};

/// How deep recursive shapes (`CaseFilter`) nest: a node already on the path this many times
/// gets its minimal value.
pub(crate) const RECURSION_LIMIT: usize = 2;

/// How many items beyond `min` a list nested in another list gets at most (nested lists
/// multiply: 100 conditions of 100 conditions each would make megabyte requests).
pub(crate) const NESTED_LIST_EXTRA: usize = 3;
/// How many items beyond `min` a list without `maxItems` (or map without `maxProperties`) gets.
pub(crate) const UNBOUNDED_LIST_EXTRA: usize = 4;

/// The nodes above the current one, for walks over a plan whose stack holds the current node
/// on top (what [`Plan::list_high`] is asked about).
pub(crate) fn ancestors(stack: &[NodeId]) -> &[NodeId] {
    &stack[..stack.len().saturating_sub(1)]
}

/// Everything generation needs to know about one operation's request.
#[derive(Debug)]
pub(crate) struct Plan {
    /// The operation's name.
    pub operation: String,
    /// The node table.
    pub nodes: Vec<Node>,
    /// Envelope parts (`uri`, `query`, `headers`, `body`) in document order.
    pub parts: Vec<Part>,
    /// Per node, the nesting depth of its smallest valid value (picks minimal union members).
    pub costs: Vec<u32>,
    /// Per node, the tag ↔ union rules between its members (structures only; empty otherwise).
    pub couplings: Vec<Vec<Coupling>>,
}

/// One envelope part of the request document.
#[derive(Debug)]
pub(crate) struct Part {
    /// `uri`, `query`, `headers` or `body`.
    pub name: String,
    /// Its node (an object).
    pub node: NodeId,
    /// The envelope requires it.
    pub required: bool,
}

impl Plan {
    /// Compiles `op`'s strict request document. `patterns` caches compiled patterns across
    /// operations.
    pub fn compile(
        model: &ServiceModel,
        op: &Operation,
        patterns: &mut BTreeMap<String, Pattern>,
    ) -> Result<Plan, PlanError> {
        let err = |reason: String| PlanError {
            operation: op.name.clone(),
            reason,
        };
        let document =
            schema::request_document(model, op, Variant::Strict).map_err(|e| err(e.to_string()))?;
        let empty = Map::new();
        let defs = document
            .get("$defs")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        let mut compiler = Compiler {
            defs,
            nodes: Vec::new(),
            by_def: BTreeMap::new(),
            queue: Vec::new(),
            patterns,
        };
        let required: BTreeSet<&str> = document
            .get("required")
            .and_then(Value::as_array)
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let mut parts = Vec::new();
        if let Some(properties) = document.get("properties").and_then(Value::as_object) {
            for (name, schema) in properties {
                if !["uri", "query", "headers", "body"].contains(&name.as_str()) {
                    return Err(err(format!("unknown envelope part `{name}`")));
                }
                let node = compiler.sub(schema, name).map_err(&err)?;
                parts.push(Part {
                    name: name.clone(),
                    node,
                    required: required.contains(name.as_str()),
                });
            }
        }
        compiler.drain().map_err(&err)?;
        let mut nodes = compiler.nodes;
        mark_tokens(
            &mut nodes,
            &parts,
            &crate::contract::paging::token_members(model, op),
        );
        let couplings = couplings(&nodes);
        let costs = costs(&nodes);
        Ok(Plan {
            operation: op.name.clone(),
            nodes,
            parts,
            costs,
            couplings,
        })
    }

    /// The part named `name`.
    pub fn part(&self, name: &str) -> Option<&Part> {
        self.parts.iter().find(|p| p.name == name)
    }

    /// The object rule of a node, if it is an object.
    pub fn object(&self, id: NodeId) -> Option<&ObjectRule> {
        match &self.nodes[id].kind {
            Kind::Object(o) => Some(o),
            _ => None,
        }
    }

    /// The most items generation puts in a list (or map) with these bounds, `nested` when a
    /// list is among the ancestors in `stack`.
    pub fn list_high(&self, min: usize, max: Option<usize>, stack: &[NodeId]) -> usize {
        let nested = stack
            .iter()
            .any(|n| matches!(self.nodes[*n].kind, Kind::Array { .. }));
        let high = max.unwrap_or(min + UNBOUNDED_LIST_EXTRA);
        let high = if nested {
            high.min(min + NESTED_LIST_EXTRA)
        } else {
            high
        };
        high.max(min)
    }

    /// Whether node `id` holds a string, number or boolean (possibly nullable).
    pub fn is_scalar(&self, id: NodeId) -> bool {
        match &self.nodes[id].kind {
            Kind::Nullable(inner) => self.is_scalar(*inner),
            Kind::String(_) | Kind::Integer { .. } | Kind::Number { .. } | Kind::Boolean => true,
            _ => false,
        }
    }

    /// Whether the operation has a JSON body with any member.
    pub fn has_body(&self) -> bool {
        self.part("body")
            .and_then(|p| self.object(p.node))
            .is_some_and(|o| !o.fields.is_empty())
    }
}

struct Compiler<'d, 'p> {
    defs: &'d Map<String, Value>,
    nodes: Vec<Node>,
    by_def: BTreeMap<String, NodeId>,
    queue: Vec<(NodeId, &'d Value)>,
    patterns: &'p mut BTreeMap<String, Pattern>,
}

/// Keywords that describe rather than constrain.
fn is_annotation(keyword: &str) -> bool {
    keyword.starts_with("x-aws-") || ["description", "title"].contains(&keyword)
}

impl<'d> Compiler<'d, '_> {
    fn push(&mut self, shape: String, kind: Kind) -> NodeId {
        self.nodes.push(Node { shape, kind });
        self.nodes.len() - 1
    }

    /// The node for a subschema: a `$ref`, a sparse `anyOf [x, null]`, or an inline schema.
    fn sub(&mut self, schema: &'d Value, name: &str) -> Result<NodeId, String> {
        if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
            let def = reference
                .strip_prefix("#/$defs/")
                .ok_or_else(|| format!("unsupported $ref {reference}"))?;
            if let Some(id) = self.by_def.get(def) {
                return Ok(*id);
            }
            let body = self
                .defs
                .get(def)
                .ok_or_else(|| format!("$ref to missing $defs entry {def}"))?;
            let id = self.push(def.to_string(), Kind::Pending);
            self.by_def.insert(def.to_string(), id);
            self.queue.push((id, body));
            return Ok(id);
        }
        if let Some(any) = schema.get("anyOf").and_then(Value::as_array) {
            let null = serde_json::json!({ "type": "null" });
            return match any.as_slice() {
                [inner, n] if *n == null => {
                    let inner = self.sub(inner, name)?;
                    Ok(self.push(format!("{name}?"), Kind::Nullable(inner)))
                }
                _ => Err(format!("{name}: anyOf other than [schema, null]")),
            };
        }
        let id = self.push(name.to_string(), Kind::Pending);
        self.queue.push((id, schema));
        Ok(id)
    }

    fn drain(&mut self) -> Result<(), String> {
        while let Some((id, schema)) = self.queue.pop() {
            let kind = self.parse(&self.nodes[id].shape.clone(), schema)?;
            self.nodes[id].kind = kind;
        }
        Ok(())
    }

    fn parse(&mut self, shape: &str, schema: &'d Value) -> Result<Kind, String> {
        let object = schema
            .as_object()
            .ok_or_else(|| format!("{shape}: schema is not an object"))?;
        let ty = object
            .get("type")
            .and_then(Value::as_str)
            .ok_or_else(|| format!("{shape}: schema without a single `type`"))?;
        let allowed: &[&str] = match ty {
            "object" => &[
                "properties",
                "required",
                "additionalProperties",
                "minProperties",
                "maxProperties",
                "propertyNames",
            ],
            "array" => &["items", "minItems", "maxItems"],
            "string" => &["minLength", "maxLength", "enum", "pattern", "format"],
            "integer" | "number" => &["minimum", "maximum"],
            "boolean" => &[],
            other => return Err(format!("{shape}: type {other} is not understood")),
        };
        if let Some(unknown) = object
            .keys()
            .find(|k| *k != "type" && !is_annotation(k) && !allowed.contains(&k.as_str()))
        {
            return Err(format!(
                "{shape}: keyword `{unknown}` is not understood by the generator"
            ));
        }
        let size = |key: &str| -> Result<Option<usize>, String> {
            match object.get(key) {
                None => Ok(None),
                Some(v) => v
                    .as_u64()
                    .map(|n| Some(n as usize))
                    .ok_or_else(|| format!("{shape}: {key} is not a count")),
            }
        };
        Ok(match ty {
            "object" => {
                if let Some(keys) = object.get("propertyNames") {
                    let key = self.sub(keys, &format!("{shape}.key"))?;
                    let value = object
                        .get("additionalProperties")
                        .filter(|v| v.is_object())
                        .ok_or_else(|| format!("{shape}: map without a value schema"))?;
                    let value = self.sub(value, &format!("{shape}.value"))?;
                    Kind::Map {
                        key,
                        value,
                        min: size("minProperties")?.unwrap_or(0),
                        max: size("maxProperties")?,
                    }
                } else {
                    if object
                        .get("additionalProperties")
                        .is_some_and(|a| *a != Value::Bool(false))
                    {
                        return Err(format!("{shape}: additionalProperties other than false"));
                    }
                    let union =
                        size("minProperties")? == Some(1) && size("maxProperties")? == Some(1);
                    if !union
                        && (object.contains_key("minProperties")
                            || object.contains_key("maxProperties"))
                    {
                        return Err(format!("{shape}: property counts on a structure"));
                    }
                    let required: BTreeSet<&str> = object
                        .get("required")
                        .and_then(Value::as_array)
                        .map(|r| r.iter().filter_map(Value::as_str).collect())
                        .unwrap_or_default();
                    let mut fields = Vec::new();
                    if let Some(properties) = object.get("properties").and_then(Value::as_object) {
                        for (name, sub) in properties {
                            let node = self.sub(sub, &format!("{shape}.{name}"))?;
                            fields.push(Field {
                                name: name.clone(),
                                node,
                                required: required.contains(name.as_str()),
                                token: false,
                            });
                        }
                    }
                    if union && fields.is_empty() {
                        return Err(format!("{shape}: union without members"));
                    }
                    Kind::Object(ObjectRule { fields, union })
                }
            }
            "array" => {
                let items = object
                    .get("items")
                    .ok_or_else(|| format!("{shape}: array without items"))?;
                Kind::Array {
                    item: self.sub(items, &format!("{shape}[]"))?,
                    min: size("minItems")?.unwrap_or(0),
                    max: size("maxItems")?,
                }
            }
            "string" => {
                let values = match object.get("enum") {
                    None => None,
                    Some(v) => Some(
                        v.as_array()
                            .and_then(|a| {
                                a.iter()
                                    .map(|x| x.as_str().map(str::to_string))
                                    .collect::<Option<Vec<_>>>()
                            })
                            .ok_or_else(|| format!("{shape}: enum of non-strings"))?,
                    ),
                };
                let pattern = match object.get("pattern").and_then(Value::as_str) {
                    None => None,
                    Some(source) => Some(match self.patterns.get(source) {
                        Some(p) => p.clone(),
                        None => {
                            let p = Pattern::compile(source)?;
                            self.patterns.insert(source.to_string(), p.clone());
                            p
                        }
                    }),
                };
                let date_time = match object.get("format").and_then(Value::as_str) {
                    None => false,
                    Some("date-time") => true,
                    Some(other) => return Err(format!("{shape}: format {other} not understood")),
                };
                Kind::String(StringRule {
                    min: size("minLength")?.unwrap_or(0),
                    max: size("maxLength")?,
                    values,
                    pattern,
                    date_time,
                })
            }
            "integer" => Kind::Integer {
                min: object.get("minimum").and_then(Value::as_i64),
                max: object.get("maximum").and_then(Value::as_i64),
            },
            "number" => Kind::Number {
                min: object.get("minimum").and_then(Value::as_f64),
                max: object.get("maximum").and_then(Value::as_f64),
                epoch: object.get("x-aws-timestampFormat").and_then(Value::as_str)
                    == Some("unixTimestamp"),
            },
            _ => Kind::Boolean,
        })
    }
}

/// Marks continuation-token members in the body root and the query/header parts.
fn mark_tokens(nodes: &mut [Node], parts: &[Part], tokens: &BTreeSet<(&'static str, String)>) {
    for (part, wire) in tokens {
        let Some(part) = parts.iter().find(|p| p.name == *part && p.name != "uri") else {
            continue;
        };
        if let Kind::Object(object) = &mut nodes[part.node].kind {
            for field in object.fields.iter_mut().filter(|f| f.name == *wire) {
                field.token = true;
            }
        }
    }
}

/// Per node, the tag ↔ union couplings between its members (structures only).
fn couplings(nodes: &[Node]) -> Vec<Vec<Coupling>> {
    nodes
        .iter()
        .map(|node| match &node.kind {
            Kind::Object(o) if !o.union => {
                let fields: Vec<(String, NodeId)> =
                    o.fields.iter().map(|f| (f.name.clone(), f.node)).collect();
                semantics::couplings(nodes, &fields)
            }
            _ => Vec::new(),
        })
        .collect()
}

/// The nesting depth of each node's smallest valid value, by fixpoint (recursive shapes
/// resolve through their non-recursive members or empty lists).
fn costs(nodes: &[Node]) -> Vec<u32> {
    const INF: u32 = u32::MAX / 4;
    let mut cost = vec![INF; nodes.len()];
    loop {
        let mut changed = false;
        for (id, node) in nodes.iter().enumerate() {
            let c = match &node.kind {
                Kind::Object(o) if o.union => {
                    1 + o.fields.iter().map(|f| cost[f.node]).min().unwrap_or(0)
                }
                Kind::Object(o) => {
                    1 + o
                        .fields
                        .iter()
                        .filter(|f| f.required)
                        .map(|f| cost[f.node])
                        .max()
                        .unwrap_or(0)
                }
                Kind::Array { item, min, .. } => 1 + if *min == 0 { 0 } else { cost[*item] },
                Kind::Map {
                    key, value, min, ..
                } => {
                    1 + if *min == 0 {
                        0
                    } else {
                        cost[*key].max(cost[*value])
                    }
                }
                Kind::Nullable(inner) => cost[*inner],
                _ => 0,
            }
            .min(INF);
            if c < cost[id] {
                cost[id] = c;
                changed = true;
            }
        }
        if !changed {
            return cost;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Release;

    fn plan(op: &str) -> Plan {
        let model = ServiceModel::load(Release::CONTRACT).unwrap();
        Plan::compile(&model, model.operation(op).unwrap(), &mut BTreeMap::new()).unwrap()
    }

    fn field<'p>(plan: &'p Plan, node: NodeId, name: &str) -> &'p Field {
        plan.object(node)
            .unwrap()
            .fields
            .iter()
            .find(|f| f.name == name)
            .unwrap()
    }

    #[test]
    fn create_related_item_is_walked_from_the_schema() {
        let p = plan("CreateRelatedItem");
        let names: Vec<&str> = p.parts.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["uri", "body"]);
        let body = p.part("body").unwrap().node;
        assert_eq!(p.nodes[body].shape, "CreateRelatedItemRequest");
        let content = field(&p, body, "content");
        assert!(content.required);
        let union = p.object(content.node).unwrap();
        assert!(union.union);
        let file = field(&p, content.node, "file");
        let arn = field(&p, file.node, "fileArn");
        assert!(arn.required);
        let Kind::String(rule) = &p.nodes[arn.node].kind else {
            panic!("fileArn is a string")
        };
        assert_eq!((rule.min, rule.max), (1, Some(500)));
        let coupling = &p.couplings[body];
        assert_eq!(coupling.len(), 1);
        assert_eq!(
            (coupling[0].tag.as_str(), coupling[0].union.as_str()),
            ("type", "content")
        );
        assert_eq!(coupling[0].value_for("file"), Some("File"));
    }

    #[test]
    fn tokens_are_marked_and_recursion_has_finite_cost() {
        let p = plan("SearchRelatedItems");
        let body = p.part("body").unwrap().node;
        assert!(field(&p, body, "nextToken").token);
        assert!(!field(&p, body, "maxResults").token);
        let p = plan("SearchCases");
        assert!(p.costs.iter().all(|c| *c < 100), "{:?}", p.costs);
        let p = plan("ListDomains");
        let query = p.part("query").unwrap().node;
        assert!(field(&p, query, "nextToken").token);
    }

    #[test]
    fn unknown_keywords_stop_the_walk() {
        let mut compiler = Compiler {
            defs: &Map::new(),
            nodes: Vec::new(),
            by_def: BTreeMap::new(),
            queue: Vec::new(),
            patterns: &mut BTreeMap::new(),
        };
        let schema = serde_json::json!({ "type": "array", "items": {"type": "string"}, "uniqueItems": true });
        let err = compiler.parse("L", &schema).unwrap_err();
        assert!(err.contains("uniqueItems"), "{err}");
    }
}
