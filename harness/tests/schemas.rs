//! The generated JSON Schemas: committed and current, valid 2020-12, faithful to the model, and
//! strict where the seed note's File examples say they must be.

use std::collections::BTreeMap;
use std::path::Path;

use harness::model::{Location, Release, ServiceModel, Shape, TimestampFormat};
use harness::schema::{self, Variant, files};
use serde_json::{Value, json};

fn contract() -> ServiceModel {
    ServiceModel::load(Release::CONTRACT).expect("the contract model loads")
}

#[test]
fn committed_schemas_match_the_generator() {
    let tree = files::expected_tree().expect("schemas generate");
    let drift = files::check(&files::repo_schemas_dir(), &tree).expect("schemas/ is readable");
    assert!(drift.is_empty(), "{drift}");
}

#[test]
fn every_schema_is_valid_draft_2020_12_and_compiles() {
    let tree = files::expected_tree().unwrap();
    let mut checked = 0;
    for (path, text) in &tree {
        let doc: Value = serde_json::from_str(text).unwrap();
        if path.ends_with("index.json") {
            continue;
        }
        if let Err(e) = jsonschema::draft202012::meta::validate(&doc) {
            panic!("{path} is not a valid 2020-12 schema: {e}");
        }
        schema::compile(&doc).unwrap_or_else(|e| panic!("{path} does not compile: {e}"));
        checked += 1;
    }
    // 34 + 34 + 47 operations × request/response, plus errors, × 2 variants.
    assert!(
        checked > 2 * 2 * (34 + 34 + 47),
        "only {checked} schemas checked"
    );
}

#[test]
fn every_operation_has_request_and_response_and_error_documents() {
    for release in Release::ALL {
        let model = ServiceModel::load(release).unwrap();
        let docs = schema::generate(&model).unwrap();
        let index = &docs[&format!("{release}/index.json")];
        assert_eq!(
            index["operations"].as_object().unwrap().len(),
            model.operations.len()
        );
        for variant in Variant::ALL {
            for op in model.operations.values() {
                for direction in ["request", "response"] {
                    let path =
                        schema::operation_path(release.version(), variant, &op.name, direction);
                    assert!(docs.contains_key(&path), "{path} missing");
                }
                for error in &op.errors {
                    let path = schema::error_path(release.version(), variant, &error.shape);
                    assert!(docs.contains_key(&path), "{path} missing");
                }
            }
        }
    }
    assert_eq!(contract().operations.len(), 34);
}

fn document(model: &ServiceModel, op: &str, direction: &str, variant: Variant) -> Value {
    let op = model.operation(op).unwrap();
    match direction {
        "request" => schema::request_document(model, op, variant).unwrap(),
        _ => schema::response_document(model, op, variant).unwrap(),
    }
}

fn fixture(name: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/seed")
        .join(name);
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

/// The keywords of every error `instance` raises against `doc`.
fn failing_keywords(doc: &Value, instance: &Value) -> Vec<String> {
    let validator = schema::compile(doc).unwrap();
    validator
        .iter_errors(instance)
        .map(|e| e.kind().keyword().to_string())
        .collect()
}

const SEED_FIXTURES: [(&str, &str, &str); 6] = [
    (
        "CreateRelatedItem",
        "request",
        "create_related_item_file.request.json",
    ),
    (
        "CreateRelatedItem",
        "response",
        "create_related_item_file.response.json",
    ),
    (
        "SearchRelatedItems",
        "request",
        "search_related_items_file.request.json",
    ),
    (
        "SearchRelatedItems",
        "response",
        "search_related_items_file.response.json",
    ),
    (
        "GetCaseAuditEvents",
        "request",
        "get_case_audit_events_file.request.json",
    ),
    (
        "GetCaseAuditEvents",
        "response",
        "get_case_audit_events_file.response.json",
    ),
];

#[test]
fn seed_examples_with_file_content_validate_in_both_variants() {
    let model = contract();
    for variant in Variant::ALL {
        for (op, direction, file) in SEED_FIXTURES {
            let doc = document(&model, op, direction, variant);
            let errors = failing_keywords(&doc, &fixture(file));
            assert!(errors.is_empty(), "{file} ({variant:?}): {errors:?}");
        }
    }
}

#[test]
fn the_release_before_file_rejects_the_seed_examples() {
    let model = ServiceModel::load(Release::V1_34_97).unwrap();
    let doc = document(&model, "CreateRelatedItem", "request", Variant::Lenient);
    let errors = failing_keywords(&doc, &fixture("create_related_item_file.request.json"));
    assert!(errors.contains(&"enum".to_string()), "{errors:?}");
}

/// A mutation of a seed fixture and the keyword that must catch it.
struct Violation {
    name: &'static str,
    operation: &'static str,
    direction: &'static str,
    fixture: &'static str,
    mutate: fn(&mut Value),
    keyword: &'static str,
}

const VIOLATIONS: &[Violation] = &[
    Violation {
        name: "missing fileArn",
        operation: "CreateRelatedItem",
        direction: "request",
        fixture: "create_related_item_file.request.json",
        mutate: |v| {
            v["body"]["content"]["file"]
                .as_object_mut()
                .unwrap()
                .remove("fileArn");
        },
        keyword: "required",
    },
    Violation {
        name: "fileArn of 501 characters",
        operation: "CreateRelatedItem",
        direction: "request",
        fixture: "create_related_item_file.request.json",
        mutate: |v| v["body"]["content"]["file"]["fileArn"] = "a".repeat(501).into(),
        keyword: "maxLength",
    },
    Violation {
        name: "empty fileArn",
        operation: "CreateRelatedItem",
        direction: "request",
        fixture: "create_related_item_file.request.json",
        mutate: |v| v["body"]["content"]["file"]["fileArn"] = "".into(),
        keyword: "minLength",
    },
    Violation {
        name: "type Files",
        operation: "CreateRelatedItem",
        direction: "request",
        fixture: "create_related_item_file.request.json",
        mutate: |v| v["body"]["type"] = "Files".into(),
        keyword: "enum",
    },
    Violation {
        name: "content with both file and comment",
        operation: "CreateRelatedItem",
        direction: "request",
        fixture: "create_related_item_file.request.json",
        mutate: |v| {
            v["body"]["content"]["comment"] = json!({"body": "x", "contentType": "Text/Plain"})
        },
        keyword: "maxProperties",
    },
    Violation {
        name: "empty content",
        operation: "CreateRelatedItem",
        direction: "request",
        fixture: "create_related_item_file.request.json",
        mutate: |v| v["body"]["content"] = json!({}),
        keyword: "minProperties",
    },
    Violation {
        name: "maxResults 26",
        operation: "SearchRelatedItems",
        direction: "request",
        fixture: "search_related_items_file.request.json",
        mutate: |v| v["body"]["maxResults"] = 26.into(),
        keyword: "maximum",
    },
    Violation {
        name: "maxResults 0",
        operation: "SearchRelatedItems",
        direction: "request",
        fixture: "search_related_items_file.request.json",
        mutate: |v| v["body"]["maxResults"] = 0.into(),
        keyword: "minimum",
    },
    Violation {
        name: "11 filters",
        operation: "SearchRelatedItems",
        direction: "request",
        fixture: "search_related_items_file.request.json",
        mutate: |v| v["body"]["filters"] = json!(vec![json!({"file": {}}); 11]),
        keyword: "maxItems",
    },
    Violation {
        name: "4 channels",
        operation: "SearchRelatedItems",
        direction: "request",
        fixture: "search_related_items_file.request.json",
        mutate: |v| {
            v["body"]["filters"][2]["contact"]["channel"] =
                json!(["VOICE", "CHAT", "TASK", "EMAIL"])
        },
        keyword: "maxItems",
    },
    Violation {
        name: "audit event relatedItemType Sla",
        operation: "GetCaseAuditEvents",
        direction: "response",
        fixture: "get_case_audit_events_file.response.json",
        mutate: |v| v["body"]["auditEvents"][1]["relatedItemType"] = "Sla".into(),
        keyword: "enum",
    },
    Violation {
        name: "performedTime not a date-time",
        operation: "GetCaseAuditEvents",
        direction: "response",
        fixture: "get_case_audit_events_file.response.json",
        mutate: |v| v["body"]["auditEvents"][0]["performedTime"] = "May 3rd, 2024".into(),
        keyword: "format",
    },
    Violation {
        name: "search result with content and type of different kinds is still schema-valid, but a result without content is not",
        operation: "SearchRelatedItems",
        direction: "response",
        fixture: "search_related_items_file.response.json",
        mutate: |v| {
            v["body"]["relatedItems"][0]
                .as_object_mut()
                .unwrap()
                .remove("content");
        },
        keyword: "required",
    },
    Violation {
        name: "file content with two union members in a search result",
        operation: "SearchRelatedItems",
        direction: "response",
        fixture: "search_related_items_file.response.json",
        mutate: |v| {
            v["body"]["relatedItems"][0]["content"]["comment"] =
                json!({"body": "x", "contentType": "Text/Plain"})
        },
        keyword: "maxProperties",
    },
];

#[test]
fn each_seed_violation_fails_with_the_keyword_that_should_catch_it() {
    let model = contract();
    for variant in Variant::ALL {
        for v in VIOLATIONS {
            let doc = document(&model, v.operation, v.direction, variant);
            let mut instance = fixture(v.fixture);
            (v.mutate)(&mut instance);
            let errors = failing_keywords(&doc, &instance);
            assert_eq!(
                errors,
                vec![v.keyword.to_string()],
                "{} ({variant:?}): expected exactly one `{}` error",
                v.name,
                v.keyword
            );
        }
    }
}

#[test]
fn unknown_members_fail_strict_and_pass_lenient() {
    let model = contract();
    let mut instance = fixture("search_related_items_file.response.json");
    instance["body"]["relatedItems"][0]["content"]["file"]["fileName"] = "form.pdf".into();
    instance["body"]["relatedItems"][0]["slaInfo"] = json!({"x": 1});
    let strict = document(&model, "SearchRelatedItems", "response", Variant::Strict);
    let lenient = document(&model, "SearchRelatedItems", "response", Variant::Lenient);
    assert_eq!(
        failing_keywords(&strict, &instance),
        ["additionalProperties", "additionalProperties"]
    );
    assert!(failing_keywords(&lenient, &instance).is_empty());

    // A union member from a later release: lenient accepts it alone, never beside another.
    let mut future = fixture("search_related_items_file.response.json");
    future["body"]["relatedItems"][0]["content"] = json!({"sla": {"name": "x"}});
    assert!(failing_keywords(&lenient, &future).is_empty());
    future["body"]["relatedItems"][0]["content"]["file"] = json!({"fileArn": "a"});
    assert_eq!(failing_keywords(&lenient, &future), ["maxProperties"]);
}

#[test]
fn uri_members_are_separated_from_the_body() {
    let model = contract();
    let doc = document(&model, "CreateRelatedItem", "request", Variant::Strict);
    let uri: Vec<&String> = doc["properties"]["uri"]["properties"]
        .as_object()
        .unwrap()
        .keys()
        .collect();
    assert_eq!(uri, ["caseId", "domainId"]);
    let body = &doc["$defs"]["CreateRelatedItemRequest"]["properties"];
    assert!(body.get("caseId").is_none() && body.get("domainId").is_none());
    let mut instance = fixture("create_related_item_file.request.json");
    instance["body"]["caseId"] = "c".into();
    assert_eq!(failing_keywords(&doc, &instance), ["additionalProperties"]);

    // Query-bound members (ListDomains) go under `query`, typed.
    let doc = document(&model, "ListDomains", "request", Variant::Strict);
    assert_eq!(
        doc["properties"]["query"]["properties"]["maxResults"]["$ref"],
        "#/$defs/ListDomainsRequestMaxResultsInteger"
    );
    assert!(failing_keywords(&doc, &json!({"query": {"maxResults": 10}})).is_empty());
    assert_eq!(
        failing_keywords(&doc, &json!({"query": {"maxResults": 11}})),
        ["maximum"]
    );
}

#[test]
fn errors_carry_their_status_codes() {
    let model = contract();
    let docs = schema::generate(&model).unwrap();
    for (name, _, error) in model.error_shapes() {
        let doc = &docs[&schema::error_path("1.34.98", Variant::Strict, name)];
        assert_eq!(
            doc["properties"]["status"]["const"], error.http_status_code,
            "{name}"
        );
    }
    let doc = &docs[&schema::error_path("1.34.98", Variant::Strict, "ResourceNotFoundException")];
    let ok =
        json!({"status": 404, "body": {"message": "m", "resourceId": "c", "resourceType": "Case"}});
    assert!(failing_keywords(doc, &ok).is_empty());
    let missing = json!({"status": 404, "body": {"message": "m"}});
    assert_eq!(failing_keywords(doc, &missing), ["required", "required"]);
    let wrong_status =
        json!({"status": 400, "body": {"message": "m", "resourceId": "c", "resourceType": "Case"}});
    assert_eq!(failing_keywords(doc, &wrong_status), ["const"]);
}

/// Walks the model and proves each constraint of each shape is in the derived schema.
#[test]
fn no_model_constraint_is_dropped() {
    for release in Release::ALL {
        let model = ServiceModel::load(release).unwrap();
        let docs = schema::generate(&model).unwrap();
        // Every shape reachable from some document appears as a $def somewhere; collect them.
        let mut defs: BTreeMap<(Variant, String), Value> = BTreeMap::new();
        for variant in Variant::ALL {
            for (path, doc) in &docs {
                if !path.contains(&format!("/{}/", variant.dir())) {
                    continue;
                }
                for (name, def) in doc["$defs"].as_object().unwrap() {
                    let previous = defs.insert((variant, name.clone()), def.clone());
                    if let Some(previous) = previous {
                        assert_eq!(&previous, def, "{name} differs between documents");
                    }
                }
            }
        }
        let mut covered = 0;
        for (name, shape) in &model.shapes {
            for variant in Variant::ALL {
                let Some(def) = defs.get(&(variant, name.clone())) else {
                    continue;
                };
                covered += 1;
                assert_shape_constraints(&model, name, shape, def, variant);
            }
        }
        // Every shape reachable from an operation is covered (unused shapes may be absent).
        let used = reachable_from_operations(&model);
        for name in &used {
            assert!(
                defs.contains_key(&(Variant::Strict, name.clone())),
                "{release}: {name} has no $def"
            );
        }
        assert!(covered >= used.len() * 2);
    }
}

fn reachable_from_operations(model: &ServiceModel) -> std::collections::BTreeSet<String> {
    let mut seen = std::collections::BTreeSet::new();
    let mut stack: Vec<String> = Vec::new();
    for op in model.operations.values() {
        stack.extend(
            op.input
                .iter()
                .chain(op.output.iter())
                .chain(op.errors.iter())
                .map(|s| s.shape.clone()),
        );
    }
    while let Some(name) = stack.pop() {
        if seen.insert(name.clone()) {
            stack.extend(
                model
                    .shape(&name)
                    .references()
                    .into_iter()
                    .map(String::from),
            );
        }
    }
    seen
}

fn assert_shape_constraints(
    model: &ServiceModel,
    name: &str,
    shape: &Shape,
    def: &Value,
    variant: Variant,
) {
    let num = |k: &str| def.get(k).and_then(Value::as_u64);
    let int = |k: &str| def.get(k).and_then(Value::as_i64);
    match shape {
        Shape::Structure(s) => {
            assert_eq!(def["type"], "object", "{name}");
            let properties = def["properties"].as_object().unwrap();
            let required: Vec<&str> = def
                .get("required")
                .and_then(Value::as_array)
                .map(|r| r.iter().map(|v| v.as_str().unwrap()).collect())
                .unwrap_or_default();
            for (member_name, member) in &s.members {
                let wire = member.wire_name(member_name);
                if member.location.is_some() {
                    assert!(
                        !properties.contains_key(wire),
                        "{name}.{member_name} is located, not in the body"
                    );
                    continue;
                }
                assert_eq!(
                    properties[wire]["$ref"],
                    format!("#/$defs/{}", member.shape),
                    "{name}.{member_name}"
                );
                assert_eq!(
                    required.contains(&wire),
                    s.is_required(member_name),
                    "{name}.{member_name} required"
                );
            }
            assert_eq!(
                s.union,
                num("minProperties") == Some(1) && num("maxProperties") == Some(1),
                "{name} union"
            );
            assert_eq!(
                def.get("additionalProperties") == Some(&Value::Bool(false)),
                variant == Variant::Strict,
                "{name} strictness"
            );
            let _ = Location::Uri;
        }
        Shape::List(l) => {
            assert_eq!(def["type"], "array", "{name}");
            assert_eq!(num("minItems"), l.min, "{name} min");
            assert_eq!(num("maxItems"), l.max, "{name} max");
            let item_ref = if l.sparse {
                &def["items"]["anyOf"][0]["$ref"]
            } else {
                &def["items"]["$ref"]
            };
            assert_eq!(
                item_ref,
                &format!("#/$defs/{}", l.member.shape),
                "{name} items"
            );
        }
        Shape::Map(m) => {
            assert_eq!(def["type"], "object", "{name}");
            assert_eq!(num("minProperties"), m.min, "{name} min");
            assert_eq!(num("maxProperties"), m.max, "{name} max");
            assert_eq!(
                def["propertyNames"]["$ref"],
                format!("#/$defs/{}", m.key.shape)
            );
        }
        Shape::String(s) => {
            assert_eq!(def["type"], "string", "{name}");
            assert_eq!(num("minLength"), s.min, "{name} min");
            assert_eq!(num("maxLength"), s.max, "{name} max");
            let values: Option<Vec<String>> = def
                .get("enum")
                .map(|e| serde_json::from_value(e.clone()).unwrap());
            assert_eq!(values, s.enum_values, "{name} enum equals the model's");
            assert_eq!(
                def.get("pattern").and_then(Value::as_str),
                s.pattern.as_deref(),
                "{name} pattern"
            );
        }
        Shape::Integer(n) | Shape::Long(n) | Shape::Double(n) => {
            let expected_type = if matches!(shape, Shape::Double(_)) {
                "number"
            } else {
                "integer"
            };
            assert_eq!(def["type"], expected_type, "{name}");
            assert_eq!(int("minimum"), n.min, "{name} min");
            assert_eq!(int("maximum"), n.max, "{name} max");
            assert_eq!(def.get("x-aws-box").is_some(), n.boxed, "{name} box");
        }
        Shape::Boolean(b) => {
            assert_eq!(def["type"], "boolean", "{name}");
            assert_eq!(def.get("x-aws-box").is_some(), b.boxed, "{name} box");
        }
        Shape::Timestamp(t) => match t.timestamp_format {
            Some(TimestampFormat::Iso8601) => {
                assert_eq!(def["type"], "string", "{name}");
                assert_eq!(def["format"], "date-time", "{name}");
            }
            _ => assert_eq!(def["type"], "number", "{name}"),
        },
    }
    let _ = model;
}
