//! References: where a request names another resource by id. A resource's id has a shape of
//! its own in the model (`{fieldId}` in `/domains/{domainId}/fields/{fieldId}` is a `FieldId`),
//! and every member of that shape, wherever it sits in a request (`CreateCase.templateId`,
//! `FieldValue.id`, `ConnectCaseInputContent.caseId`), names a resource of that kind. A valid
//! request must name one that exists, which JSON Schema cannot say: [`pin_body`] puts known ids
//! in those places.
//!
//! Read off the URIs and member shapes, not listed per operation: a release whose requests
//! refer to a new resource gets its references with no edit here.

use std::collections::{BTreeMap, HashSet};

use serde_json::Value;

use super::resources::uri_labels;
use crate::model::{Location, ServiceModel, Shape};

/// The resource each id shape names: `FieldId` → `fieldId`, from the URI labels whose member
/// has that shape. The `{arn}` label of the tagging operations names any resource and is
/// left out, as [`super::resources`] leaves it out.
pub fn id_shapes(model: &ServiceModel) -> BTreeMap<String, String> {
    let mut shapes = BTreeMap::new();
    for op in model.operations.values() {
        let Some(input) = op.input.as_ref().and_then(|i| model.structure(&i.shape)) else {
            continue;
        };
        let labels = uri_labels(&op.http.request_uri);
        for (name, member) in &input.members {
            let label = member.location_name.as_deref().unwrap_or(name);
            if member.location == Some(Location::Uri)
                && label != "arn"
                && labels.iter().any(|l| l == label)
            {
                shapes.insert(member.shape.clone(), label.to_string());
            }
        }
    }
    shapes
}

/// The id shapes of a release ([`id_shapes`]) and every shape a value of which can hold one
/// (a structure, list or map with an id shape somewhere inside), so that a walk pinning
/// references skips the parts of a request that cannot name a resource: most of a body.
#[derive(Debug, Clone)]
pub struct IdShapes {
    /// Id shape → the resource label it names.
    labels: BTreeMap<String, String>,
    /// Shapes whose values may contain an id shape, the id shapes included.
    reaching: HashSet<String>,
    /// Input shapes with a body member that may contain one.
    bodies: HashSet<String>,
}

impl IdShapes {
    /// The id shapes of `model` and the shapes that reach them.
    pub fn of(model: &ServiceModel) -> Self {
        let labels = id_shapes(model);
        let mut reaching: HashSet<String> = labels.keys().cloned().collect();
        // Grow to a fixed point: a container reaches an id shape when one of its parts does.
        loop {
            let before = reaching.len();
            for (name, shape) in &model.shapes {
                if reaching.contains(name) {
                    continue;
                }
                let reaches = match shape {
                    Shape::Structure(s) => s.members.values().any(|m| reaching.contains(&m.shape)),
                    Shape::List(l) => reaching.contains(&l.member.shape),
                    Shape::Map(m) => reaching.contains(&m.value.shape),
                    _ => false,
                };
                if reaches {
                    reaching.insert(name.clone());
                }
            }
            if reaching.len() == before {
                break;
            }
        }
        let bodies = model
            .shapes
            .iter()
            .filter(|(_, shape)| {
                matches!(shape, Shape::Structure(s) if s.members.values().any(|m| {
                    m.location.is_none() && reaching.contains(&m.shape)
                }))
            })
            .map(|(name, _)| name.clone())
            .collect();
        IdShapes {
            labels,
            reaching,
            bodies,
        }
    }

    /// The resource label `shape` names, if it is an id shape.
    pub fn label(&self, shape: &str) -> Option<&String> {
        self.labels.get(shape)
    }

    /// Every resource label some id shape names, in order.
    pub fn labels(&self) -> impl Iterator<Item = &String> {
        self.labels.values()
    }

    /// Whether a value of `shape` can hold an id anywhere inside.
    fn reaches(&self, shape: &str) -> bool {
        self.reaching.contains(shape)
    }
}

/// Whether some request of `model` names a resource of `label` in its body (a member of the
/// label's id shape outside the path): 1.44.5's `ConnectCaseInputContent.caseId` names a
/// case, nothing in 1.34.98's requests does.
pub fn named_in_bodies(model: &ServiceModel, label: &str) -> bool {
    let shapes = id_shapes(model);
    let Some((id_shape, _)) = shapes.iter().find(|(_, l)| *l == label) else {
        return false;
    };
    let mut seen = std::collections::BTreeSet::new();
    let mut stack: Vec<&str> = Vec::new();
    for op in model.operations.values() {
        let Some(input) = op.input.as_ref().and_then(|i| model.structure(&i.shape)) else {
            continue;
        };
        stack.extend(
            input
                .members
                .values()
                .filter(|m| m.location.is_none())
                .map(|m| m.shape.as_str()),
        );
    }
    while let Some(shape) = stack.pop() {
        if shape == id_shape {
            return true;
        }
        if !seen.insert(shape) {
            continue;
        }
        match model.shapes.get(shape) {
            Some(Shape::Structure(s)) => stack.extend(s.members.values().map(|m| m.shape.as_str())),
            Some(Shape::List(l)) => stack.push(&l.member.shape),
            Some(Shape::Map(m)) => stack.push(&m.value.shape),
            _ => {}
        }
    }
    false
}

/// Replaces, in a request envelope's body (`envelope.body`) for `operation`, every member
/// whose shape is an id shape (see [`id_shapes`]) with the id `known` holds for its resource
/// (members of resources `known` lacks are left as they are), leaving alone
/// the member at `except` (a mutation's path, `body.sorts[0].fieldId`; indices are ignored):
/// a member a mutation broke stays broken.
///
/// `value_kinds` says, per resource, which member of a value union fits the one `known`
/// names (`fieldId` → `stringValue` for a text field): a structure that names such a
/// resource and carries a value union beside it (`FieldValue`, `FieldFilter.equalTo`) gets
/// a value of that kind. A list whose items were pinned keeps one item (or its minimum):
/// the same id many times over is a duplicate the service may refuse.
pub fn pin_body(
    model: &ServiceModel,
    operation: &str,
    envelope: &mut Value,
    id_shapes: &IdShapes,
    known: &BTreeMap<String, String>,
    value_kinds: &BTreeMap<String, String>,
    except: Option<&str>,
) -> usize {
    let Some(input) = model.operation(operation).and_then(|op| op.input.as_ref()) else {
        return 0;
    };
    if !id_shapes.bodies.contains(&input.shape) {
        // Nothing in this operation's body can name a resource: most requests.
        return 0;
    }
    let input = input.shape.clone();
    let except = except.map(without_indices);
    let Some(body) = envelope.get_mut("body") else {
        return 0;
    };
    Pinning {
        model,
        id_shapes,
        known,
        except: except.as_deref(),
        value_kinds,
        listed: std::cell::Cell::new(false),
    }
    .pin(&input, body, &mut "body".to_string())
}

/// A path with its list indices taken out: `body.fields[0].id` → `body.fields.id`.
fn without_indices(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut depth = 0;
    for c in path.chars() {
        match c {
            '[' => depth += 1,
            ']' => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

impl Pinning<'_> {
    /// Whether items of `shape` name a resource by a member of their own (`FieldItem.id`).
    fn names_directly(&self, shape: &str) -> bool {
        matches!(
            self.model.shapes.get(shape),
            Some(Shape::Structure(s)) if s.members.values().any(|m| self.id_shapes.label(&m.shape).is_some())
        )
    }

    /// Gives the value unions of `object` (a `structure` naming a resource) a `kind` value,
    /// unless a mutation broke them or they already hold one.
    fn fit_values(
        &self,
        structure: &crate::model::StructureShape,
        object: &mut serde_json::Map<String, Value>,
        kind: &str,
        at: &str,
    ) {
        for (name, member) in &structure.members {
            // A value union, or a list of them (`SlaInputConfiguration.targetFieldValues`).
            let (union_shape, listed) = match self.model.shapes.get(&member.shape) {
                Some(Shape::List(list)) => (list.member.shape.as_str(), true),
                _ => (member.shape.as_str(), false),
            };
            let Some(Shape::Structure(union)) = self.model.shapes.get(union_shape) else {
                continue;
            };
            if !union.union || !union.members.contains_key(kind) {
                continue;
            }
            if self
                .except
                .is_some_and(|except| except.starts_with(&format!("{at}.{name}")))
            {
                continue;
            }
            let fit = |value: &mut Value| {
                if value.get(kind).is_none() {
                    *value = serde_json::json!({ kind: "conformance" });
                }
            };
            match object.get_mut(name) {
                Some(Value::Array(items)) if listed => items.iter_mut().for_each(fit),
                Some(value) if !listed => fit(value),
                _ => {}
            }
        }
    }
}

/// One walk of [`pin_body`].
struct Pinning<'a> {
    model: &'a ServiceModel,
    id_shapes: &'a IdShapes,
    known: &'a BTreeMap<String, String>,
    /// A path (without indices) not to touch.
    except: Option<&'a str>,
    /// Resource label → the value-union member that fits it.
    value_kinds: &'a BTreeMap<String, String>,
    /// Whether a list of references (items that name a resource directly, such as a
    /// layout's `fields`) was already kept: the same resource listed again elsewhere in the
    /// request is a repetition a service may refuse ("a field once per layout").
    listed: std::cell::Cell<bool>,
}

impl Pinning<'_> {
    fn pin(&self, shape: &str, value: &mut Value, at: &mut String) -> usize {
        if !self.id_shapes.reaches(shape) || self.except == Some(at.as_str()) {
            return 0;
        }
        if let Some(label) = self.id_shapes.label(shape) {
            if let (Some(id), Value::String(current)) = (self.known.get(label), &mut *value) {
                *current = id.clone();
                return 1;
            }
            return 0;
        }
        match (self.model.shapes.get(shape), value) {
            (Some(Shape::Structure(s)), Value::Object(object)) => {
                let mut pinned = 0;
                let mut names_a: Option<&String> = None;
                for (name, member) in &s.members {
                    if member.location.is_some() {
                        continue;
                    }
                    let key = member.location_name.as_deref().unwrap_or(name);
                    if let Some(v) = object.get_mut(key) {
                        let len = at.len();
                        at.push('.');
                        at.push_str(key);
                        let here = self.pin(&member.shape, v, at);
                        if here > 0
                            && let Some(label) = self.id_shapes.label(&member.shape)
                        {
                            names_a = Some(label);
                        }
                        pinned += here;
                        at.truncate(len);
                    }
                }
                if let Some(kind) = names_a.and_then(|label| self.value_kinds.get(label)) {
                    self.fit_values(s, object, kind, at);
                }
                pinned
            }
            (Some(Shape::List(list)), Value::Array(items)) => {
                let pinned: usize = items
                    .iter_mut()
                    .map(|item| self.pin(&list.member.shape, item, at))
                    .sum();
                let untouched = self
                    .except
                    .is_some_and(|except| except == at || except.starts_with(&format!("{at}.")));
                let min = list.min.unwrap_or(0) as usize;
                if pinned > 0 && !untouched {
                    let keep =
                        if self.names_directly(&list.member.shape) && self.listed.replace(true) {
                            min
                        } else {
                            min.max(1)
                        };
                    items.truncate(keep.max(min));
                }
                pinned
            }
            (Some(Shape::Map(map)), Value::Object(entries)) => entries
                .values_mut()
                .map(|v| self.pin(&map.value.shape, v, at))
                .sum(),
            _ => 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::model::Release;

    #[test]
    fn every_labelled_resource_has_its_id_shape() {
        let model = ServiceModel::load(Release::V1_44_5).unwrap();
        let shapes = id_shapes(&model);
        for (shape, label) in [
            ("DomainId", "domainId"),
            ("FieldId", "fieldId"),
            ("LayoutId", "layoutId"),
            ("TemplateId", "templateId"),
            ("CaseId", "caseId"),
            ("RelatedItemId", "relatedItemId"),
            ("CaseRuleId", "caseRuleId"),
        ] {
            assert_eq!(
                shapes.get(shape).map(String::as_str),
                Some(label),
                "{shape}"
            );
        }
        assert!(!shapes.values().any(|l| l == "arn"));
    }

    #[test]
    fn only_shapes_that_can_hold_an_id_are_walked() {
        let model = ServiceModel::load(Release::V1_34_98).unwrap();
        let shapes = IdShapes::of(&model);
        for (shape, reaches) in [
            ("FieldId", true),
            ("FieldValue", true),
            ("CreateCaseRequestFieldsList", true),
            ("CreateCaseRequest", true),
            ("RelatedItemInputContent", false),
            ("CommentContent", false),
            ("SearchRelatedItemsRequestFiltersList", false),
        ] {
            assert_eq!(shapes.reaches(shape), reaches, "{shape}");
        }
        // Bodies that cannot name a resource are left alone without a walk, even with a
        // member that has the right name but another shape.
        assert!(shapes.bodies.contains("CreateCaseRequest"));
        for input in [
            "CreateRelatedItemRequest",
            "SearchRelatedItemsRequest",
            "GetCaseAuditEventsRequest",
        ] {
            assert!(!shapes.bodies.contains(input), "{input}");
        }
        let mut envelope = json!({ "body": { "type": "Comment", "content": { "comment": { "body": "b", "contentType": "Text/Plain" } } } });
        let before = envelope.clone();
        let known = BTreeMap::from([("caseId".to_string(), "C1".to_string())]);
        let pinned = pin_body(
            &model,
            "CreateRelatedItem",
            &mut envelope,
            &shapes,
            &known,
            &BTreeMap::new(),
            None,
        );
        assert_eq!((pinned, &envelope), (0, &before));
    }

    #[test]
    fn cases_are_named_in_bodies_only_from_1_44_5() {
        let old = ServiceModel::load(Release::V1_34_98).unwrap();
        let today = ServiceModel::load(Release::V1_44_5).unwrap();
        assert!(!named_in_bodies(&old, "caseId"));
        assert!(named_in_bodies(&today, "caseId"));
        assert!(named_in_bodies(&old, "fieldId"));
    }

    #[test]
    fn references_deep_in_a_body_are_pinned() {
        let model = ServiceModel::load(Release::V1_44_5).unwrap();
        let shapes = IdShapes::of(&model);
        let known: BTreeMap<String, String> = [("fieldId", "F1"), ("templateId", "T1")]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let mut envelope = json!({
            "uri": { "domainId": "d" },
            "body": {
                "templateId": "made-up",
                "fields": [{ "id": "x", "value": { "stringValue": "s" } }, { "id": "y", "value": { "doubleValue": 1.0 } }]
            }
        });
        let kinds = BTreeMap::from([("fieldId".to_string(), "stringValue".to_string())]);
        let pinned = pin_body(
            &model,
            "CreateCase",
            &mut envelope,
            &shapes,
            &known,
            &kinds,
            None,
        );
        assert_eq!(pinned, 3);
        assert_eq!(envelope["body"]["templateId"], "T1");
        // One item of the pinned list is kept, with a value of the kind the field takes.
        assert_eq!(
            envelope["body"]["fields"],
            json!([{ "id": "F1", "value": { "stringValue": "s" } }])
        );
        // Path labels are the request context's, not references in the body.
        assert_eq!(envelope["uri"]["domainId"], "d");
        // A member a mutation broke stays as it was.
        envelope["body"]["templateId"] = json!("broken");
        let pinned = pin_body(
            &model,
            "CreateCase",
            &mut envelope,
            &shapes,
            &known,
            &kinds,
            Some("body.templateId"),
        );
        assert_eq!(pinned, 1);
        assert_eq!(envelope["body"]["templateId"], "broken");
    }
}
