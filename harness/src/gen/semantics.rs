//! Rules a valid request must follow that JSON Schema cannot state, derived from the model and
//! the schema's shape rather than listed per member:
//!
//! - **tag ↔ union** ([`Coupling`]): a structure with an enum member and a union member whose
//!   member names are the lower-camel forms of enum values (`File` ↔ `file`) must set the enum
//!   to the value naming the union member that is set. `CreateRelatedItemRequest.type` and
//!   `.content` are the case in point; any later structure of that form is covered too.
//!   The pairing rule itself is the contract's ([`crate::contract::related::tag_pairs`]).
//!
//! Continuation tokens, which valid requests omit, are the contract's too
//! ([`crate::contract::paging::token_members`]).

use serde_json::{Map, Value};

use crate::contract::related::tag_pairs;

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
            let pairs = tag_pairs(values, object.fields.iter().map(|f| f.name.as_str()));
            if pairs.len() == object.fields.len() {
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

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
