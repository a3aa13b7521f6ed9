//! Rules a valid request must follow that JSON Schema cannot state, derived from the model and
//! the schema's shape rather than listed per member:
//!
//! - **tag ↔ union** ([`Coupling`]): a structure with an enum member and a union member whose
//!   member names are the lower-camel forms of enum values (`File` ↔ `file`) must set the enum
//!   to the value naming the union member that is set. `CreateRelatedItemRequest.type` and
//!   `.content` are the case in point; any later structure of that form is covered too.
//! - **continuation tokens** ([`token_members`]): a paginator's `input_token`, and any input
//!   member of the same shape (`GetCaseAuditEvents.nextToken` has no paginator entry but the
//!   same `NextToken` shape), only accepts tokens the service issued, so valid requests omit it.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use crate::model::{Location, Operation, ServiceModel};

use super::node::{Kind, Node};

/// An enum member that must name the union member that is set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Coupling {
    /// The enum member (`type`).
    pub tag: String,
    /// The union member (`content`).
    pub union: String,
    /// `(union member, enum value)` pairs: `("file", "File")`.
    pub pairs: Vec<(String, String)>,
}

impl Coupling {
    /// The enum value naming `variant`.
    pub fn value_for(&self, variant: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(v, _)| v == variant)
            .map(|(_, value)| value.as_str())
    }

    /// The union member a kind names, given as enum value (`File`) or member name (`file`).
    pub fn variant_for(&self, kind: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(v, value)| v == kind || value == kind)
            .map(|(v, _)| v.as_str())
    }

    /// Sets the tag to match the union member present, when both are present.
    pub fn apply(&self, object: &mut Map<String, Value>) {
        let chosen = object
            .get(&self.union)
            .and_then(Value::as_object)
            .and_then(|u| u.keys().next())
            .and_then(|variant| self.value_for(variant))
            .map(str::to_string);
        if let (Some(value), Some(tag)) = (chosen, object.get_mut(&self.tag)) {
            *tag = Value::String(value);
        }
    }
}

/// `File` → `file`, `ConnectCase` → `connectCase`: the member-name form of an enum value.
pub(crate) fn lower_camel(value: &str) -> String {
    let mut chars = value.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The tag ↔ union couplings of one object node.
pub(crate) fn couplings(nodes: &[Node], fields: &[(String, usize)]) -> Vec<Coupling> {
    let mut found = Vec::new();
    for (tag, tag_node) in fields {
        let Kind::String(rule) = &nodes[*tag_node].kind else {
            continue;
        };
        let Some(values) = &rule.values else {
            continue;
        };
        for (union, union_node) in fields {
            let Kind::Object(object) = &nodes[*union_node].kind else {
                continue;
            };
            if !object.union || object.fields.len() < 2 {
                continue;
            }
            let pairs: Option<Vec<(String, String)>> = object
                .fields
                .iter()
                .map(|f| {
                    values
                        .iter()
                        .find(|v| lower_camel(v) == f.name)
                        .map(|v| (f.name.clone(), v.clone()))
                })
                .collect();
            if let Some(pairs) = pairs {
                found.push(Coupling {
                    tag: tag.clone(),
                    union: union.clone(),
                    pairs,
                });
            }
        }
    }
    found
}

/// The input members of `op` that carry continuation tokens, as `(envelope part, wire name)`.
pub(crate) fn token_members(
    model: &ServiceModel,
    op: &Operation,
) -> BTreeSet<(&'static str, String)> {
    let token_shapes: BTreeSet<&str> = model
        .paginators
        .iter()
        .filter_map(|(name, p)| {
            let input = model.operation(name)?.input.as_ref()?;
            let member = model.structure(&input.shape)?.members.get(&p.input_token)?;
            Some(member.shape.as_str())
        })
        .collect();
    let own = model
        .paginators
        .get(&op.name)
        .map(|p| p.input_token.as_str());
    let Some(input) = op.input.as_ref().and_then(|i| model.structure(&i.shape)) else {
        return BTreeSet::new();
    };
    input
        .members
        .iter()
        .filter(|(name, m)| own == Some(name.as_str()) || token_shapes.contains(m.shape.as_str()))
        .map(|(name, m)| {
            let wire = m.wire_name(name);
            match m.location {
                None => ("body", wire.to_string()),
                Some(Location::Querystring) => ("query", wire.to_string()),
                Some(Location::Header) => ("headers", wire.to_ascii_lowercase()),
                Some(Location::Uri) => ("uri", wire.to_string()),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Release;
    use serde_json::json;

    #[test]
    fn lower_camel_forms() {
        assert_eq!(lower_camel("File"), "file");
        assert_eq!(lower_camel("ConnectCase"), "connectCase");
        assert_eq!(lower_camel(""), "");
    }

    #[test]
    fn tokens_come_from_paginators_and_their_shapes() {
        let model = ServiceModel::load(Release::CONTRACT).unwrap();
        for op in ["SearchRelatedItems", "GetCaseAuditEvents", "ListDomains"] {
            let tokens = token_members(&model, model.operation(op).unwrap());
            let names: Vec<&str> = tokens.iter().map(|(_, w)| w.as_str()).collect();
            assert_eq!(names, ["nextToken"], "{op}");
        }
        let create = model.operation("CreateRelatedItem").unwrap();
        assert!(token_members(&model, create).is_empty());
    }

    #[test]
    fn coupling_sets_the_tag_from_the_union() {
        let c = Coupling {
            tag: "type".into(),
            union: "content".into(),
            pairs: vec![
                ("file".into(), "File".into()),
                ("comment".into(), "Comment".into()),
            ],
        };
        let mut body = json!({"type": "Comment", "content": {"file": {"fileArn": "a"}}});
        c.apply(body.as_object_mut().unwrap());
        assert_eq!(body["type"], "File");
        assert_eq!(c.variant_for("File"), Some("file"));
        assert_eq!(c.variant_for("comment"), Some("comment"));
        assert_eq!(c.variant_for("Sla"), None);
    }
}
