//! Provisioning: an existing resource for every path label of the release, so that requests
//! of every operation can be addressed at real resources. The run's workspace gives the
//! domain, template and case; every other resource of the graph ([`crate::contract::resources`])
//! is made by calling one of its producers with the minimal valid request the generator
//! builds, its references to other resources pinned to those already made
//! ([`crate::contract::references`]).
//!
//! What the model cannot say is in [`OVERRIDES`], each with its reason. A resource that could
//! not be made is named with the reason; the operations that take it are then checked only
//! with unknown ids (see the generated suite).

use std::collections::BTreeMap;

use serde_json::Value;

use super::session::{CallFailed, Session};
use super::setup::Workspace;
use crate::contract::{references, resources};
use crate::r#gen::{Generator, RequestContext};

/// The label the tagging operations take: the ARN of any resource.
pub const ARN_LABEL: &str = "arn";

/// A member a producer's request must have, because the service checks something the
/// model does not state: `(operation, body member path, value, reason)`. A path through a
/// union (`content.comment.body`) also picks that union member.
pub const OVERRIDES: &[(&str, &str, &str, &str)] = &[
    (
        "CreateField",
        "type",
        "SingleSelect",
        "BatchPutFieldOptions and ListFieldOptions address a field by id; options belong to \
         single-select fields (FieldOption: 'Object for field Options information'), so the \
         field every field operation is sent to is one",
    ),
    (
        "CreateField",
        "attributes",
        "null",
        "FieldAttributes: 'Field attributes for Text field type'; the field made for the run \
         is single-select",
    ),
    (
        "CreateRelatedItem",
        "content",
        "{\"comment\": {\"body\": \"provisioned by the conformance harness\", \
         \"contentType\": \"Text/Plain\"}}",
        "a comment is the related item that refers to nothing else: the other kinds name \
         contacts, files, fields or cases whose existence the service checks",
    ),
    (
        "CreateRelatedItem",
        "type",
        "Comment",
        "the type names the content's kind (the comment above)",
    ),
    (
        "BatchCreateRelatedItem",
        "content",
        "{\"comment\": {\"body\": \"provisioned by the conformance harness\", \
         \"contentType\": \"Text/Plain\"}}",
        "BatchCreateRelatedItem documentation: 'This operation supports only the Comment \
         related item type'",
    ),
    (
        "BatchUpdateCase",
        "title",
        "updated by the conformance harness",
        "BatchUpdateCase documentation: the entire request fails when it 'doesn't specify \
         any update. Provide at least one entry in fields, or a title, status, or customerId'",
    ),
    (
        "CreateCase",
        "fields",
        "[{\"id\": \"title\", \"value\": {\"stringValue\": \"conformance case\"}}, \
         {\"id\": \"customer_id\", \"value\": {\"stringValue\": \
         \"arn:aws:profile:us-east-1:123456789012:domains/conformance/profiles/1\"}}]",
        "CreateCase documentation: 'The following fields are required when creating a case: \
         customer_id, title' (1.34.98); 'The following field is always required when creating \
         a case: title' and customer_id 'may be required depending on the template \
         configuration' (1.44.5): both are sent",
    ),
    (
        "GetCase",
        "fields",
        "[{\"id\": \"title\"}, {\"id\": \"customer_id\"}]",
        "GetCase answers the fields it is asked for ('A list of unique field identifiers'): \
         these are the ones every case is made with (see CreateCase), so what is read can \
         be compared with what was sent",
    ),
    (
        "UpdateTemplate",
        "description",
        "updated by the conformance harness",
        "UpdateTemplate documentation: 'At least one of these attributes must not be null'",
    ),
    (
        "UpdateCaseRule",
        "rule",
        "{\"required\": {\"defaultValue\": true, \"conditions\": []}}",
        "CompoundCondition: conditions allow 'a maximum of 5 conditions, spread across a \
         maximum of 2 levels of nesting', which the shapes do not bound and generated trees \
         exceed",
    ),
    (
        "CreateCaseRule",
        "rule",
        "{\"required\": {\"defaultValue\": true, \"conditions\": []}}",
        "a required-field rule with its default and no conditions refers to no field; a \
         field-options rule must name two distinct single-select fields",
    ),
];

/// The [`OVERRIDES`] that are the run's choice rather than a rule of the documentation: the
/// resource every operation addresses is made with them, and the variants read back
/// ([`variant_requests`]) take every other value of these members.
pub const CHOICES: &[(&str, &str)] = &[("CreateField", "type"), ("CreateField", "attributes")];

/// The [`OVERRIDES`] that stand for a limit the shapes do not state (CompoundCondition's "a
/// maximum of 5 conditions, spread across a maximum of 2 levels of nesting"): a minimal
/// request of one union member under them keeps within it, so the variants read back
/// ([`variant_requests`]) send that member's variant in its place.
pub const LIMITS: &[(&str, &str)] = &[("CreateCaseRule", "rule")];

/// Operations whose valid request the generated suite does not send, because it succeeds only
/// in a state the suite does not set up, each with the documentation sentence that says so.
/// Each is named in the run's notes.
pub const NO_VALID_REQUEST: &[(&str, &str)] = &[
    (
        "GetMergeCasesStatus",
        "it answers only for a case in a merge ('For any other case, it returns a \
         ResourceNotFoundException')",
    ),
    (
        "StartMergeCases",
        "a merge closes its secondary case and cannot be undone ('the secondary case is \
         closed'), which would take the case the run's other requests name",
    ),
];

/// The value-union member that fits each provisioned resource named beside a value: the
/// field made for the run is single-select (see [`OVERRIDES`]), whose values are text.
/// CreateCase documentation: 'Case system and custom fields are taken as an array id/value
/// pairs with a declared data types'.
pub const VALUE_KINDS: &[(&str, &str)] = &[("fieldId", "stringValue")];

/// [`VALUE_KINDS`] as a map.
pub fn value_kinds() -> BTreeMap<String, String> {
    VALUE_KINDS
        .iter()
        .map(|(label, kind)| (label.to_string(), kind.to_string()))
        .collect()
}

/// The resources requests of every operation are addressed at.
#[derive(Debug, Clone, Default)]
pub struct Provisioned {
    /// Label → id of an existing resource (`fieldId` → the field made for the run).
    pub ids: BTreeMap<String, String>,
    /// An ARN the tagging operations can name (the first resource made with one).
    pub arn: Option<String>,
    /// Labels no resource could be made for, with the reason.
    pub missing: BTreeMap<String, String>,
    /// A second case, which request bodies name where they refer to a case
    /// (`connectCase.caseId`, a merge's secondary): the shared case cannot refer to itself.
    pub other_case: Option<String>,
}

impl Provisioned {
    /// The request context with every known label, the ARN as `{arn}`.
    pub fn context(&self) -> RequestContext {
        let mut labels = self.ids.clone();
        if let Some(arn) = &self.arn {
            labels.insert(ARN_LABEL.to_string(), arn.clone());
        }
        RequestContext { uri: labels }
    }

    /// The workspace's domain, template and case, and nothing else made.
    pub fn of_workspace(workspace: &Workspace) -> Self {
        let mut provisioned = Provisioned::default();
        for (label, id) in [
            ("domainId", &workspace.domain_id),
            ("templateId", &workspace.template_id),
            ("caseId", &workspace.case_id),
        ] {
            provisioned.ids.insert(label.to_string(), id.clone());
        }
        provisioned
    }

    /// The ids request bodies name, by label: those of [`Provisioned::ids`], the other case
    /// for cases.
    pub fn references(&self) -> BTreeMap<String, String> {
        let mut known = self.ids.clone();
        if let Some(case) = &self.other_case {
            known.insert("caseId".to_string(), case.clone());
        }
        known
    }

    /// Whether every label `request_uri` takes is known.
    pub fn addresses(&self, request_uri: &str) -> bool {
        resources::uri_labels(request_uri)
            .iter()
            .all(|label| self.ids.contains_key(label) || (label == ARN_LABEL && self.arn.is_some()))
    }
}

/// Where provisioning calls are recorded in the report.
const PROVISION: &str = "provisioning";

/// Makes one resource of every kind the release has beyond the workspace's.
pub async fn provision(
    session: &Session,
    workspace: &Workspace,
    generator: &Generator,
) -> Provisioned {
    let mut provisioned = Provisioned::of_workspace(workspace);
    if references::named_in_bodies(&session.model, "caseId") && session.selected("CreateCase") {
        match super::setup::new_case(session, workspace, "case named by other requests").await {
            Ok(case) => provisioned.other_case = Some(case),
            Err(failed) => session.note(format!(
                "no second case could be made for requests that name a case ({failed}); they name the shared case"
            )),
        }
    }
    let graph = resources::resources(&session.model);
    let mut order: Vec<&resources::Resource> = graph.values().collect();
    order.sort_by_key(|r| (r.parents.len(), r.id.clone()));
    for resource in order {
        if provisioned.ids.contains_key(&resource.id) {
            continue;
        }
        match make(session, generator, resource, &provisioned.ids, 0).await {
            Ok(made) => {
                if provisioned.arn.is_none() {
                    provisioned.arn = made.arn;
                }
                provisioned.ids.insert(resource.id.clone(), made.id);
            }
            Err(reason) => {
                provisioned.missing.insert(resource.id.clone(), reason);
            }
        }
    }
    provisioned
}

/// A resource made by its producer.
#[derive(Debug, Clone)]
pub struct Made {
    /// Its id.
    pub id: String,
    /// Its ARN, when the answer names one.
    pub arn: Option<String>,
    /// The request that made it.
    pub request: Value,
    /// The producer called.
    pub operation: String,
}

/// Makes one `resource` in the resources `known` names (the `serial`th made for the run, which
/// keeps names unique), through the first producer whose labels are all known.
pub async fn make(
    session: &Session,
    generator: &Generator,
    resource: &resources::Resource,
    known: &BTreeMap<String, String>,
    serial: u32,
) -> Result<Made, String> {
    let Some(producer) = resource.produced_by.iter().find(|op| {
        session.model.operation(op).is_some_and(|o| {
            resources::uri_labels(&o.http.request_uri)
                .iter()
                .all(|l| known.contains_key(l))
        })
    }) else {
        return Err(format!(
            "no producer of {} ({}) can be addressed with the resources made before it",
            resource.id,
            names(&resource.produced_by)
        ));
    };
    let envelope = producer_request(session, generator, producer, known, serial)?;
    make_with(session, resource, producer, envelope, PROVISION).await
}

/// Makes one `resource` by sending `envelope` to `producer` (recorded under `case`).
pub async fn make_with(
    session: &Session,
    resource: &resources::Resource,
    producer: &str,
    envelope: Value,
    case: &str,
) -> Result<Made, String> {
    let (body, _) = session
        .call(producer, &envelope, case)
        .await
        .map_err(|failed: CallFailed| failed.to_string())?;
    let id = body
        .get(&resource.id)
        .and_then(Value::as_str)
        .ok_or_else(|| format!("{producer} answered without {}", resource.id))?;
    let arn = resource
        .id
        .strip_suffix("Id")
        .and_then(|stem| body.get(format!("{stem}Arn")))
        .and_then(Value::as_str)
        .map(str::to_string);
    Ok(Made {
        id: id.to_string(),
        arn,
        request: envelope,
        operation: producer.to_string(),
    })
}

/// The minimal valid request of `producer` addressed at `known`, its references pinned, its
/// [`OVERRIDES`] applied and its `name` (when it has one) unique to the run.
pub fn producer_request(
    session: &Session,
    generator: &Generator,
    producer: &str,
    known: &BTreeMap<String, String>,
    serial: u32,
) -> Result<Value, String> {
    let ctx = RequestContext { uri: known.clone() };
    // A `null` override removes a member: nothing to choose while generating.
    let pins: Vec<(&str, Value)> = overrides(producer)
        .into_iter()
        .filter(|(_, value)| !value.is_null())
        .collect();
    let envelope = minimal(generator, producer, &ctx, &pins)
        .ok_or_else(|| format!("no minimal valid request of {producer} could be built"))?;
    Ok(settle(
        session,
        generator,
        producer,
        known,
        serial,
        envelope,
        &[],
    ))
}

/// The boundary requests of `producer` other than the minimal one (the maximal request, and
/// the minimal and maximal ones of each union member: [`Generator::examples`]), each settled
/// as [`producer_request`] settles the minimal one, by name: they make resources holding
/// every optional member and every variant, for what is read back to show all of them.
/// `least` is the minimal request the caller already built ([`producer_request`] at the same
/// `serial`), left out of the variants.
pub fn variant_requests(
    session: &Session,
    generator: &Generator,
    producer: &str,
    known: &BTreeMap<String, String>,
    serial: u32,
    least: Option<&Value>,
) -> Vec<(String, Value)> {
    let ctx = RequestContext { uri: known.clone() };
    let mut variants: Vec<(String, Value)> = Vec::new();
    let unmade = unmade_references(session, producer, known);
    let mut add = |name: String, envelope: Value| {
        if let Some(label) = unmade(&envelope) {
            session.note(format!(
                "the {name} request of {producer} was not sent: it names a {label}, which the \
                 run did not make"
            ));
        } else if Some(&envelope) != least && !variants.iter().any(|(_, v)| *v == envelope) {
            variants.push((name, envelope));
        }
    };
    // Boundary requests make their values up; the run's real ones ([fixtures], by member or
    // shape name) replace them, as they replace those of the fixture's requests.
    let mut real = {
        let mut values = session.config.member_values.clone();
        for (key, list) in &session.config.member_values.members {
            if key.starts_with(char::is_uppercase) {
                values
                    .members
                    .entry(crate::contract::related::lower_camel(key))
                    .or_insert_with(|| list.clone());
            }
        }
        crate::r#gen::Substitution::new(&values)
    };
    for (name, mut request) in generator.examples(producer, &ctx) {
        if name == "minimal" {
            continue;
        }
        real.apply(&mut request.envelope);
        // A minimal request of one union member under a member overridden for a limit
        // ([`LIMITS`]: CreateCaseRule's `minimal rule.hidden.conditions[].equalTo`) keeps
        // its variant.
        let keep = name.strip_prefix("minimal ").and_then(|variant| {
            LIMITS
                .iter()
                .filter(|(op, _)| *op == producer)
                .map(|(_, path)| *path)
                .find(|path| variant.starts_with(&format!("{path}.")))
        });
        let envelope = settle(
            session,
            generator,
            producer,
            known,
            serial,
            request.envelope,
            &keep.into_iter().collect::<Vec<_>>(),
        );
        add(name, envelope);
    }
    // Each value of an enumerated member the run chose (CreateField's `type`).
    for (operation, member) in CHOICES {
        if *operation != producer {
            continue;
        }
        let values = session
            .model
            .body_member(producer, member)
            .and_then(|m| session.model.shape(&m.shape).enum_values())
            .unwrap_or_default();
        for value in values {
            let pins = [(*member, Value::String(value.clone()))];
            if let Some(envelope) = minimal(generator, producer, &ctx, &pins) {
                let chosen: Vec<&str> = CHOICES
                    .iter()
                    .filter(|(op, _)| *op == producer)
                    .map(|(_, member)| *member)
                    .collect();
                let mut envelope = settle(
                    session, generator, producer, known, serial, envelope, &chosen,
                );
                set_body_member(&mut envelope, member, Value::String(value.clone()));
                add(format!("{member} {value}"), envelope);
            }
        }
    }
    variants
}

/// A test of `producer`'s requests: the label of a resource one names that the run has not
/// made (none in `known`), if any; such a request could only be refused.
fn unmade_references<'a>(
    session: &'a Session,
    producer: &'a str,
    known: &BTreeMap<String, String>,
) -> impl Fn(&Value) -> Option<String> + 'a {
    let shapes = references::IdShapes::of(&session.model);
    let unmade: Vec<String> = shapes
        .labels()
        .filter(|label| !known.contains_key(*label))
        .cloned()
        .collect();
    move |envelope: &Value| {
        unmade.iter().find_map(|label| {
            let mut probe = envelope.clone();
            let only = BTreeMap::from([(label.clone(), String::new())]);
            let named = references::pin_body(
                &session.model,
                producer,
                &mut probe,
                &shapes,
                &only,
                &BTreeMap::new(),
                None,
            );
            (named > 0).then(|| label.clone())
        })
    }
}

/// Settles a valid request of `producer` for the run: its references pinned to `known`, its
/// [`OVERRIDES`] applied but those of the members in `skip`, and its `name` (when it has one)
/// unique to the run.
fn settle(
    session: &Session,
    generator: &Generator,
    producer: &str,
    known: &BTreeMap<String, String>,
    serial: u32,
    mut envelope: Value,
    skip: &[&str],
) -> Value {
    if !generator.pin_references(producer, &mut envelope) {
        let shapes = references::IdShapes::of(&session.model);
        references::pin_body(
            &session.model,
            producer,
            &mut envelope,
            &shapes,
            known,
            &value_kinds(),
            None,
        );
    }
    // The overrides win over pinned references (`title` is a field id the service defines).
    for (path, value) in overrides(producer) {
        if !skip.contains(&path) {
            override_member(&mut envelope, path, value);
        }
    }
    name_uniquely(&mut envelope, session.config.seed, serial);
    envelope
}

/// Gives `envelope`'s `name` (when it has one) the run's unique name of its `serial`th
/// resource: names are unique within a domain ("A template must have a unique name within a
/// domain").
pub fn name_uniquely(envelope: &mut Value, seed: u64, serial: u32) {
    if let Some(name) = envelope
        .get_mut("body")
        .and_then(|b| b.get_mut("name"))
        .filter(|n| n.is_string())
    {
        *name = Value::String(format!("cf-{seed:x}-{serial}"));
    }
}

/// The minimal valid request of `operation` (required members, shortest values), with each
/// `(path, value)` of `pins` set (choosing the union members on its path).
pub fn minimal(
    generator: &Generator,
    operation: &str,
    ctx: &RequestContext,
    pins: &[(&str, Value)],
) -> Option<Value> {
    // Shrunk from a generated request rather than built as the boundary example: generation
    // draws the members a run has real values for (`[fixtures]`) and names the run's
    // resources, which a fixed example does not.
    let strategy = generator.valid_pinned(operation, ctx, pins);
    let mut runner = super::suites::generated::runner(0, operation);
    let mut tree = proptest::strategy::Strategy::new_tree(&strategy, &mut runner).ok()?;
    while proptest::strategy::ValueTree::simplify(&mut tree) {}
    let mut minimal = proptest::strategy::ValueTree::current(&tree).envelope;
    // An empty list has no form in a query string (`?tagKeys=` is one empty key): the
    // shortest list that can be sent is the maximal example's. Building the examples costs
    // every boundary value of the operation, so only a request that needs one pays for it.
    let has_empty_list = minimal
        .get("query")
        .and_then(Value::as_object)
        .is_some_and(|query| {
            query
                .values()
                .any(|v| v.as_array().is_some_and(Vec::is_empty))
        });
    let maximal = has_empty_list
        .then(|| {
            generator
                .examples(operation, ctx)
                .into_iter()
                .find(|(name, _)| name == "maximal")
                .map(|(_, request)| request.envelope)
        })
        .flatten();
    if let (Some(Value::Object(query)), Some(maximal)) = (minimal.get_mut("query"), maximal) {
        for (name, value) in query.iter_mut() {
            if value.as_array().is_some_and(Vec::is_empty)
                && let Some(items) = maximal.pointer(&format!("/query/{name}"))
            {
                *value = items.clone();
            }
        }
    }
    Some(minimal)
}

/// The [`OVERRIDES`] of `operation`, as `(body path, value)`: a value that is JSON is that
/// JSON, any other a string.
pub fn overrides(operation: &str) -> Vec<(&'static str, Value)> {
    OVERRIDES
        .iter()
        .filter(|(op, ..)| *op == operation)
        .map(|(_, path, value, _)| {
            let value =
                serde_json::from_str(value).unwrap_or_else(|_| Value::String((*value).to_string()));
            (*path, value)
        })
        .collect()
}

/// Sets `operation`'s [`OVERRIDES`] in `envelope`, except one on the path of the member
/// `except` names (a mutation's `body.fields[0].id`): what a mutation broke stays broken.
pub fn apply_overrides(operation: &str, envelope: &mut Value, except: Option<&str>) {
    for (path, value) in overrides(operation) {
        let full = format!("body.{path}");
        let overlaps = except.is_some_and(|except| {
            let except = except.split('[').next().unwrap_or(except);
            except.starts_with(&full) || full.starts_with(except)
        });
        if overlaps {
            continue;
        }
        override_member(envelope, path, value);
    }
}

/// Sets the body member at `path` to an override's value (`null` removes it).
fn override_member(envelope: &mut Value, path: &str, value: Value) {
    if value.is_null() {
        if let Some(body) = envelope.get_mut("body").and_then(Value::as_object_mut) {
            body.remove(path);
        }
    } else {
        set_body_member(envelope, path, value);
    }
}

/// Sets the body member at the dotted `path`, making the objects on the way.
fn set_body_member(envelope: &mut Value, path: &str, value: Value) {
    let mut at = envelope;
    for key in std::iter::once("body").chain(path.split('.')) {
        if !at.is_object() {
            *at = Value::Object(serde_json::Map::new());
        }
        at = at
            .as_object_mut()
            .expect("made an object")
            .entry(key)
            .or_insert(Value::Null);
    }
    *at = value;
}

fn names(operations: &std::collections::BTreeSet<String>) -> String {
    if operations.is_empty() {
        "none in this release".to_string()
    } else {
        operations.iter().cloned().collect::<Vec<_>>().join(", ")
    }
}
