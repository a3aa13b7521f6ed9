//! Validators compiled once per run from the generated schemas, and the mapping from a JSON
//! Schema keyword failure to the named check it breaks.

use jsonschema::Validator;
use serde_json::Value;

use crate::checks::CheckId;
use crate::model::{ServiceModel, Shape};
use crate::schema::{self, Variant};
use crate::tape::{Tape, TapeJson};

/// One schema violation found in a response, already named by its check.
#[derive(Debug, Clone, PartialEq)]
pub struct SchemaViolation {
    /// The check the violated keyword belongs to.
    pub check: CheckId,
    /// The JSON Schema keyword that failed.
    pub keyword: String,
    /// JSON pointer into the validated envelope (`/body/relatedItems/0/type`).
    pub instance_path: String,
    /// The shape whose `$defs` entry holds the keyword, when known.
    pub shape: Option<String>,
    /// The validator's message.
    pub message: String,
}

struct OperationValidators {
    request_strict: Validator,
    response_lenient: Validator,
    response_strict: Validator,
    /// The strict response schema again, for answers read in place ([`Tape`]).
    response_strict_in_place: Validator<TapeJson>,
    /// Whether that schema constrains nothing but status and body (see
    /// [`Validators::body_decides_conformance`]).
    body_decides: bool,
}

/// Every validator a run needs, compiled once (compiling per case would dominate run time).
pub struct Validators {
    operations: foldhash::HashMap<String, OperationValidators>,
    errors: foldhash::HashMap<String, Validator>,
    unions: Vec<String>,
}

impl std::fmt::Debug for Validators {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Validators")
            .field("operations", &self.operations.len())
            .field("errors", &self.errors.len())
            .finish()
    }
}

/// Whether a response envelope schema leaves `headers` free: at the top only annotations,
/// `type`, `properties` and `required`, and `headers`, if named, only required to be an object
/// (which every envelope's headers are). Anything else, including keywords this list does not
/// know, counts as constraining.
fn constrains_only_status_and_body(document: &Value) -> bool {
    const TOP_LEVEL: [&str; 9] = [
        "$schema",
        "$id",
        "$defs",
        "title",
        "description",
        "x-aws-operation",
        "type",
        "properties",
        "required",
    ];
    let Some(top) = document.as_object() else {
        return false;
    };
    let keywords_known = top.keys().all(|k| TOP_LEVEL.contains(&k.as_str()));
    let headers_free = document
        .pointer("/properties/headers")
        .is_none_or(|h| *h == serde_json::json!({ "type": "object" }));
    let properties_known = document
        .get("properties")
        .and_then(Value::as_object)
        .is_some_and(|p| {
            p.keys()
                .all(|k| matches!(k.as_str(), "status" | "headers" | "body"))
        });
    keywords_known && headers_free && properties_known
}

/// One generated document compiled for instances in the representation `F`.
fn compiled<F: jsonschema::json::Json>(document: &Value) -> anyhow::Result<Validator<F>> {
    schema::compile_for(document).map_err(|e| anyhow::anyhow!("schema does not compile: {e}"))
}

impl Validators {
    /// Compiles request, response and error validators for every operation of `model`.
    pub fn compile(model: &ServiceModel) -> anyhow::Result<Self> {
        let mut operations = foldhash::HashMap::default();
        for op in model.operations.values() {
            let response_strict = schema::response_document(model, op, Variant::Strict)?;
            operations.insert(
                op.name.clone(),
                OperationValidators {
                    request_strict: compiled(&schema::request_document(
                        model,
                        op,
                        Variant::Strict,
                    )?)?,
                    response_lenient: compiled(&schema::response_document(
                        model,
                        op,
                        Variant::Lenient,
                    )?)?,
                    response_strict_in_place: compiled(&response_strict)?,
                    response_strict: compiled(&response_strict)?,
                    body_decides: constrains_only_status_and_body(&response_strict),
                },
            );
        }
        let mut errors = foldhash::HashMap::default();
        for (name, _, _) in model.error_shapes() {
            errors.insert(
                name.to_string(),
                compiled(&schema::error_document(model, name, Variant::Lenient)?)?,
            );
        }
        let unions = model
            .shapes
            .iter()
            .filter(|(_, s)| matches!(s, Shape::Structure(st) if st.union))
            .map(|(n, _)| n.clone())
            .collect();
        Ok(Validators {
            operations,
            errors,
            unions,
        })
    }

    /// The operations validators were compiled for.
    pub fn operations(&self) -> impl Iterator<Item = &str> {
        self.operations.keys().map(String::as_str)
    }

    /// Whether `operation`'s strict response schema constrains nothing but an answer's status
    /// and body: then whether an answer of a given status conforms is a function of its body
    /// bytes, and an identical body need not be validated twice ([`super::answers`]).
    pub fn body_decides_conformance(&self, operation: &str) -> bool {
        self.operations
            .get(operation)
            .is_some_and(|v| v.body_decides)
    }

    /// Whether a generated request envelope satisfies the strict request schema.
    pub fn request_is_valid(&self, operation: &str, envelope: &Value) -> bool {
        self.operations
            .get(operation)
            .is_some_and(|v| v.request_strict.is_valid(envelope))
    }

    /// Whether an answer read in place satisfies `operation`'s strict response schema: then
    /// [`Validators::check_response`] would find nothing, and the answer needs no `Value`.
    pub fn response_conforms(&self, operation: &str, response: &Tape<'_>) -> bool {
        self.operations
            .get(operation)
            .is_some_and(|v| v.response_strict_in_place.is_valid(response.envelope()))
    }

    /// Violations of the lenient response schema (the `MUST` response checks) and, separately,
    /// of the strict one that the lenient one allows (unknown members, `SHOULD`).
    pub fn check_response(&self, operation: &str, envelope: &Value) -> Vec<SchemaViolation> {
        let Some(v) = self.operations.get(operation) else {
            return Vec::new();
        };
        // Strict validity implies lenient validity: the common, conforming case needs one
        // cheap yes/no pass and no error collection.
        if v.response_strict.is_valid(envelope) {
            return Vec::new();
        }
        let mut found: Vec<SchemaViolation> = v
            .response_lenient
            .iter_errors(envelope)
            .map(|e| self.name(&e))
            .filter(|v| !v.instance_path.starts_with("/status"))
            .collect();
        found.extend(
            v.response_strict
                .iter_errors(envelope)
                .filter(|e| e.kind().keyword() == "additionalProperties")
                .map(|e| self.name(&e)),
        );
        found
    }

    /// Violations of a modeled error's lenient schema by an error envelope.
    pub fn check_error(&self, error: &str, envelope: &Value) -> Option<Vec<SchemaViolation>> {
        let validator = self.errors.get(error)?;
        Some(
            validator
                .iter_errors(envelope)
                .map(|e| self.name(&e))
                .filter(|v| !v.instance_path.starts_with("/status"))
                .collect(),
        )
    }

    fn name(&self, error: &jsonschema::ValidationError<'_>) -> SchemaViolation {
        let keyword = error.kind().keyword().to_string();
        let location = error
            .absolute_keyword_location()
            .map(|u| u.as_str().to_string())
            .unwrap_or_else(|| error.schema_path().to_string());
        let shape = location
            .split("/$defs/")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .map(str::to_string);
        let is_union = shape.as_ref().is_some_and(|s| self.unions.contains(s));
        let check = match keyword.as_str() {
            "required" => CheckId::ResponseRequiredMembers,
            "enum" => CheckId::ResponseEnumValues,
            "minProperties" | "maxProperties" if is_union => CheckId::ResponseUnionOneMember,
            "minLength" | "maxLength" | "minItems" | "maxItems" | "minimum" | "maximum"
            | "minProperties" | "maxProperties" => CheckId::ResponseBounds,
            "format" => CheckId::ResponseDateTime,
            "additionalProperties" => CheckId::ResponseUnknownMembers,
            _ => CheckId::ResponseTypes,
        };
        SchemaViolation {
            check,
            keyword,
            instance_path: error.instance_path().to_string(),
            shape,
            message: bounded_message(error),
        }
    }
}

/// Bytes of the value at fault a validation message quotes.
const QUOTED_INSTANCE_LIMIT: usize = 1_000;

/// The validator's message, quoting at most [`QUOTED_INSTANCE_LIMIT`] bytes of the value at
/// fault: jsonschema quotes the whole instance (`[…] has more than 25 items`), which for a
/// page of 50,000 items is megabytes formatted per error, to be cut by the ledger anyway.
fn bounded_message(error: &jsonschema::ValidationError<'_>) -> String {
    match crate::engine::ledger::json_prefix(error.instance(), QUOTED_INSTANCE_LIMIT) {
        None => error.to_string(),
        Some(start) => error
            .masked_with(format!("{start}… [more bytes cut]"))
            .to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Release;
    use serde_json::json;

    fn validators() -> Validators {
        Validators::compile(&ServiceModel::load(Release::CONTRACT).unwrap()).unwrap()
    }

    fn item() -> Value {
        json!({
            "associationTime": "2024-05-03T17:04:11Z",
            "content": {"file": {"fileArn": "arn:f"}},
            "relatedItemId": "r1",
            "type": "File"
        })
    }

    fn search(items: Vec<Value>) -> Value {
        json!({"status": 200, "headers": {}, "body": {"relatedItems": items}})
    }

    fn checks_of(v: &[SchemaViolation]) -> Vec<CheckId> {
        v.iter().map(|v| v.check).collect()
    }

    #[test]
    fn the_body_decides_conformance_only_where_the_schema_constrains_nothing_else() {
        let v = validators();
        // No Connect Cases output is bound to a header: every operation qualifies.
        assert!(v.operations().count() > 20);
        for op in v.operations() {
            assert!(v.body_decides_conformance(op), "{op}");
        }
        assert!(!v.body_decides_conformance("NoSuchOperation"));

        let model = ServiceModel::load(Release::CONTRACT).unwrap();
        let op = model.operation("SearchRelatedItems").unwrap();
        let document = schema::response_document(&model, op, Variant::Strict).unwrap();
        assert!(constrains_only_status_and_body(&document));
        let with = |pointer: &str, value: Value| {
            let mut edited = document.clone();
            let (parent, name) = pointer.rsplit_once('/').unwrap();
            edited.pointer_mut(parent).unwrap()[name] = value;
            edited
        };
        let constraining = [
            with(
                "/properties/headers",
                json!({"type": "object", "required": ["x-amz-version"]}),
            ),
            with("/properties/headers", json!({"$ref": "#/$defs/Headers"})),
            with("/properties/trailers", json!({"type": "object"})),
            with("/additionalProperties", json!(false)),
            with("/dependentRequired", json!({"body": ["headers"]})),
        ];
        for document in &constraining {
            assert!(!constrains_only_status_and_body(document), "{document}");
        }
        assert!(!constrains_only_status_and_body(&json!(true)));
    }

    #[test]
    fn a_valid_file_item_passes() {
        assert!(
            validators()
                .check_response("SearchRelatedItems", &search(vec![item()]))
                .is_empty()
        );
    }

    #[test]
    fn keywords_map_to_named_checks() {
        let v = validators();
        type Mutation = fn(&mut Value);
        let cases: Vec<(Mutation, CheckId)> = vec![
            (
                |i| {
                    i.as_object_mut().unwrap().remove("type");
                },
                CheckId::ResponseRequiredMembers,
            ),
            (|i| i["type"] = "Files".into(), CheckId::ResponseEnumValues),
            (
                |i| i["content"]["comment"] = json!({"body": "b", "contentType": "Text/Plain"}),
                CheckId::ResponseUnionOneMember,
            ),
            (
                |i| i["content"] = json!({}),
                CheckId::ResponseUnionOneMember,
            ),
            (
                |i| i["content"]["file"]["fileArn"] = "".into(),
                CheckId::ResponseBounds,
            ),
            (
                |i| i["associationTime"] = 1714755851.into(),
                CheckId::ResponseTypes,
            ),
            (
                |i| i["associationTime"] = "yesterday".into(),
                CheckId::ResponseDateTime,
            ),
            (
                |i| i["extra"] = true.into(),
                CheckId::ResponseUnknownMembers,
            ),
        ];
        for (mutate, expected) in cases {
            let mut i = item();
            mutate(&mut i);
            let found = v.check_response("SearchRelatedItems", &search(vec![i.clone()]));
            assert_eq!(checks_of(&found), [expected], "{i}");
        }
        let too_many = search(vec![item(); 26]);
        assert_eq!(
            checks_of(&v.check_response("SearchRelatedItems", &too_many)),
            [CheckId::ResponseBounds]
        );
    }

    #[test]
    fn error_bodies_are_checked_against_their_shape() {
        let v = validators();
        let ok = json!({"status": 404, "headers": {}, "body": {"message": "m", "resourceId": "c", "resourceType": "Case"}});
        assert_eq!(
            v.check_error("ResourceNotFoundException", &ok),
            Some(vec![])
        );
        let bad = json!({"status": 404, "headers": {}, "body": {"message": "m"}});
        assert_eq!(
            v.check_error("ResourceNotFoundException", &bad)
                .unwrap()
                .len(),
            2
        );
        assert!(v.check_error("NoSuchError", &ok).is_none());
    }

    /// Seeds of the differential test: one conforming answer per operation, touching every
    /// kind of keyword the response schemas use (enums, unions, bounds, formats, maps).
    fn conforming_answers() -> Vec<(&'static str, Value)> {
        let audit_event = json!({
            "eventId": "e1",
            "type": "RelatedItem.Created",
            "relatedItemType": "File",
            "performedTime": "2024-05-03T17:04:11Z",
            "fields": [
                {"eventFieldId": "status", "newValue": {"stringValue": "open"}, "oldValue": {"emptyValue": {}}},
                {"eventFieldId": "score", "newValue": {"doubleValue": 1.5}},
                {"eventFieldId": "flag", "newValue": {"booleanValue": true}}
            ],
            "performedBy": {"iamPrincipalArn": "arn:aws:iam::1:role/r", "user": {"userArn": "arn:u"}}
        });
        vec![
            (
                "SearchRelatedItems",
                json!({"relatedItems": [
                    item(),
                    {"associationTime": "2024-05-03T17:04:11.123Z", "relatedItemId": "r2", "type": "Comment",
                     "content": {"comment": {"body": "b", "contentType": "Text/Plain"}}, "tags": {"k": "v"}},
                    {"associationTime": "2024-05-03T17:04:11+02:00", "relatedItemId": "r3", "type": "Contact",
                     "content": {"contact": {"contactArn": "arn:c", "channel": "VOICE", "connectedToSystemTime": "2024-05-03T17:04:11Z"}}}
                ], "nextToken": "t"}),
            ),
            (
                "GetCaseAuditEvents",
                json!({"auditEvents": [audit_event.clone(), audit_event], "nextToken": ""}),
            ),
            (
                "GetCase",
                json!({"templateId": "t1", "fields": [
                    {"id": "title", "value": {"stringValue": "a title"}},
                    {"id": "owner", "value": {"userArnValue": "arn:u"}},
                    {"id": "n", "value": {"doubleValue": -3}}
                ], "tags": {"team": "a", "k\u{e9}y": "v"}}),
            ),
            (
                "CreateRelatedItem",
                json!({"relatedItemArn": "arn:r", "relatedItemId": "r1"}),
            ),
        ]
    }

    /// Values an edit puts in place of a node: near misses of what the schemas accept.
    fn replacements() -> Vec<Value> {
        vec![
            json!(null),
            json!(true),
            json!(0),
            json!(-1),
            json!(1.5),
            json!(26),
            json!(""),
            json!("x"),
            json!("File"),
            json!("Files"),
            json!("Comment"),
            json!("2024-05-03T17:04:11Z"),
            json!("2024-05-03"),
            json!("\u{e9}\u{e9}"),
            Value::String("y".repeat(501)),
            json!({}),
            json!([]),
            json!({"userArn": "arn:u"}),
            json!({"file": {"fileArn": "arn:f"}}),
            json!({"stringValue": "s", "booleanValue": false}),
        ]
    }

    /// Every node of `value`, as a JSON pointer.
    fn pointers(value: &Value, at: String, out: &mut Vec<String>) {
        match value {
            Value::Object(map) => {
                for (k, v) in map {
                    pointers(
                        v,
                        format!("{at}/{}", k.replace('~', "~0").replace('/', "~1")),
                        out,
                    );
                }
            }
            Value::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    pointers(v, format!("{at}/{i}"), out);
                }
            }
            _ => {}
        }
        out.push(at);
    }

    /// One random edit of a node: replace it, remove it, add a member or item next to it.
    fn edit(body: &mut Value, choice: u32, replacement: &Value) {
        let mut all = Vec::new();
        pointers(body, String::new(), &mut all);
        let target = &all[choice as usize % all.len()];
        let (parent, last) = target.rsplit_once('/').unwrap_or(("", ""));
        match (choice / 7) % 4 {
            0 | 1 => {
                if let Some(node) = body.pointer_mut(target) {
                    *node = replacement.clone();
                }
            }
            2 => match body.pointer_mut(parent) {
                Some(Value::Object(map)) => {
                    map.remove(last);
                }
                Some(Value::Array(items)) if !items.is_empty() => {
                    items.pop();
                }
                _ => {}
            },
            _ => match body.pointer_mut(target) {
                Some(Value::Object(map)) => {
                    map.insert(
                        ["extra", "type", "fileArn", "userArn"][choice as usize % 4].into(),
                        replacement.clone(),
                    );
                }
                Some(Value::Array(items)) => {
                    let copy = items
                        .first()
                        .cloned()
                        .unwrap_or_else(|| replacement.clone());
                    items.extend(std::iter::repeat_n(copy, 1 + choice as usize % 25));
                }
                _ => {}
            },
        }
    }

    /// The in-place check agrees with the `Value` check on every answer: the conforming seeds
    /// and thousands of edits of them that break (or keep) them in every way the schemas can
    /// tell. A disagreement either way would let a broken answer pass or fail a good one.
    #[test]
    fn answers_read_in_place_conform_exactly_when_their_values_do() {
        use crate::client::CapturedResponse;
        use crate::tape::Tape;
        use proptest::strategy::{Strategy, ValueTree};
        use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

        let v = validators();
        let replacements = replacements();
        let mut runner = TestRunner::new_with_rng(
            Config::default(),
            TestRng::deterministic_rng(RngAlgorithm::ChaCha),
        );
        let edits = proptest::collection::vec(
            (proptest::prelude::any::<u32>(), 0..replacements.len()),
            0..4,
        );
        let (mut conforming, mut not) = (0, 0);
        for (operation, seed) in conforming_answers() {
            for round in 0..600 {
                let mut body = seed.clone();
                // Round 0 is the seed itself.
                let edits = edits.new_tree(&mut runner).unwrap().current();
                for (choice, pick) in edits.into_iter().filter(|_| round > 0) {
                    edit(&mut body, choice, &replacements[pick]);
                }
                let status = if round % 50 == 49 { 201 } else { 200 };
                let envelope = json!({"status": status, "headers": {"content-type": "application/json"}, "body": body});
                let response = CapturedResponse {
                    status,
                    headers: vec![("content-type".into(), "application/json".into())],
                    body: body.to_string().into_bytes(),
                };
                let by_value = v.operations[operation].response_strict.is_valid(&envelope);
                // The tape gives up on a body that is not an object (left to the `Value`);
                // a `Value`'s text never repeats a key, the other reason it would.
                match Tape::of_response(&response) {
                    Some(tape) => assert_eq!(
                        v.response_conforms(operation, &tape),
                        by_value,
                        "{operation}: {body}"
                    ),
                    None => assert!(!body.is_object() && !by_value, "{body}"),
                }
                if round == 0 {
                    assert!(by_value, "the {operation} seed conforms: {body}");
                }
                if by_value { conforming += 1 } else { not += 1 }
            }
        }
        // Both answers were given often: the edits neither always nor never broke the seeds.
        assert!(
            conforming > 300 && not > 1000,
            "{conforming} conforming, {not} not"
        );
    }
}
