//! Property tests of the generator as a whole: valid requests pass the strict schema, each
//! mutation fails it (unless its rule is one only the service can check), coverage of union
//! members, boundaries and ranges, mutation names, and shrinking.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, RngAlgorithm, TestError, TestRng, TestRunner};
use serde_json::{Value, json};

use super::*;
use crate::model::{Release, ServiceModel};
use crate::schema::{self, Variant};

const CORE: [&str; 3] = [
    "CreateRelatedItem",
    "SearchRelatedItems",
    "GetCaseAuditEvents",
];

fn model() -> &'static ServiceModel {
    static MODEL: OnceLock<ServiceModel> = OnceLock::new();
    MODEL.get_or_init(|| ServiceModel::load(Release::CONTRACT).unwrap())
}

fn generator() -> &'static Generator {
    static GENERATOR: OnceLock<Generator> = OnceLock::new();
    GENERATOR.get_or_init(|| Generator::new(model()).unwrap())
}

fn ctx() -> RequestContext {
    RequestContext::new([
        ("domainId", "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"),
        ("caseId", "5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b"),
        ("fieldId", "f-1234"),
        ("layoutId", "l-1234"),
        ("templateId", "t-1234"),
        ("arn", "arn:aws:cases:us-east-1:123456789012:domain/d-1"),
    ])
}

/// [`ctx`] plus a made-up value for every other label of `model` (later releases add some).
fn ctx_for(model: &ServiceModel) -> RequestContext {
    let mut ctx = ctx();
    for op in model.operations.values() {
        for label in op.http.labels() {
            ctx.uri
                .entry(label)
                .or_insert_with(|| "id-0123456789".into());
        }
    }
    ctx
}

fn runner() -> TestRunner {
    TestRunner::new_with_rng(
        Config {
            failure_persistence: None,
            ..Config::default()
        },
        TestRng::deterministic_rng(RngAlgorithm::ChaCha),
    )
}

fn sample<T: std::fmt::Debug>(strategy: &BoxedStrategy<T>, n: usize) -> Vec<T> {
    let mut runner = runner();
    (0..n)
        .map(|_| strategy.new_tree(&mut runner).unwrap().current())
        .collect()
}

fn validator(model: &ServiceModel, op: &str) -> jsonschema::Validator {
    let document =
        schema::request_document(model, model.operation(op).unwrap(), Variant::Strict).unwrap();
    schema::compile(&document).unwrap()
}

fn errors(validator: &jsonschema::Validator, envelope: &Value) -> Vec<String> {
    validator
        .iter_errors(envelope)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

fn assert_valid(validator: &jsonschema::Validator, request: &GeneratedRequest) {
    let found = errors(validator, &request.envelope);
    assert!(
        found.is_empty(),
        "{} request should be valid: {found:?}\n{:#}",
        request.operation,
        request.envelope
    );
}

/// Checks one mutated request: the schema rejects it exactly when the rule is one it states,
/// and the semantic breakages really happened.
fn assert_broken(
    validator: &jsonschema::Validator,
    request: &GeneratedRequest,
    ctx: &RequestContext,
) {
    let mutation = request
        .mutation
        .as_ref()
        .expect("invalid requests carry their mutation");
    let found = errors(validator, &request.envelope);
    if mutation.kind.schema_detects() {
        assert!(
            !found.is_empty(),
            "`{}` should fail the strict schema:\n{:#}",
            mutation.name,
            request.envelope
        );
        assert!(request.raw_body.is_none());
        return;
    }
    assert!(
        found.is_empty(),
        "`{}` should break only its own rule, but also breaks the schema: {found:?}\n{:#}",
        mutation.name,
        request.envelope
    );
    let at = |path: &str| path::get(&request.envelope, &path::parse(path).unwrap()).cloned();
    match mutation.kind {
        MutationKind::MalformedJson => {
            let raw = request
                .raw_body
                .as_ref()
                .expect("malformed JSON travels as raw bytes");
            assert!(
                serde_json::from_slice::<Value>(raw).is_err(),
                "{}",
                mutation.name
            );
        }
        MutationKind::BadToken => {
            assert_eq!(at(&mutation.path), Some(json!(mutate::GARBAGE_TOKEN)))
        }
        MutationKind::ReservedCharacter | MutationKind::UnknownId => {
            let label = mutation.path.strip_prefix("uri.").unwrap();
            let sent = at(&mutation.path).unwrap();
            assert_ne!(sent.as_str(), ctx.uri.get(label).map(String::as_str));
            assert_eq!(mutation.expect, Expectation::NotFound);
        }
        MutationKind::TagMismatch => {
            let body = &request.envelope["body"];
            let member = body["content"]
                .as_object()
                .unwrap()
                .keys()
                .next()
                .unwrap()
                .clone();
            assert_ne!(
                body["type"]
                    .as_str()
                    .map(crate::contract::related::lower_camel),
                Some(member)
            );
        }
        other => panic!("{other:?} should be detected by the schema"),
    }
}

#[test]
fn valid_requests_of_the_core_operations_pass_the_strict_schema() {
    for op in CORE {
        let v = validator(model(), op);
        for request in sample(&generator().valid(op, &ctx()), 300) {
            assert!(request.mutation.is_none() && request.raw_body.is_none());
            assert_eq!(
                request.envelope["uri"]["caseId"],
                json!(ctx().uri["caseId"])
            );
            assert_valid(&v, &request);
        }
    }
}

#[test]
fn invalid_requests_of_the_core_operations_fail_the_strict_schema() {
    let g = generator();
    for op in CORE {
        let v = validator(model(), op);
        for request in sample(&g.invalid(op, &ctx()), 300) {
            assert_broken(&v, &request, &ctx());
        }
        for mutation in g.mutations(op) {
            let strategy = g.invalid_with(op, &mutation.name, &ctx()).unwrap();
            for request in sample(&strategy, 8) {
                assert_eq!(request.mutation.as_ref(), Some(mutation));
                assert_broken(&v, &request, &ctx());
            }
        }
    }
}

#[test]
fn every_operation_of_every_release_generates_and_mutates() {
    for release in Release::ALL {
        let model = ServiceModel::load(release).unwrap();
        let g = Generator::new(&model).unwrap_or_else(|e| panic!("{release}: {e}"));
        let ctx = ctx_for(&model);
        for op in g.operations() {
            let v = validator(&model, op);
            for request in sample(&g.valid(op, &ctx), 12) {
                assert_valid(&v, &request);
            }
            for (name, request) in g.examples(op, &ctx) {
                let found = errors(&v, &request.envelope);
                assert!(found.is_empty(), "{release} {op} example {name}: {found:?}");
            }
            let names: BTreeSet<&str> = g.mutations(op).iter().map(|m| m.name.as_str()).collect();
            assert_eq!(
                names.len(),
                g.mutations(op).len(),
                "{release} {op}: duplicate names"
            );
            for request in sample(&g.invalid(op, &ctx), 24) {
                assert_broken(&v, &request, &ctx);
            }
        }
    }
}

#[test]
fn every_union_member_and_optional_presence_appears() {
    let requests = sample(&generator().valid("CreateRelatedItem", &ctx()), 60);
    let kinds: BTreeSet<String> = requests
        .iter()
        .map(|r| {
            r.envelope["body"]["content"]
                .as_object()
                .unwrap()
                .keys()
                .next()
                .unwrap()
                .clone()
        })
        .collect();
    assert_eq!(
        kinds,
        BTreeSet::from(["comment".into(), "contact".into(), "file".into()])
    );
    assert!(
        requests
            .iter()
            .any(|r| r.envelope["body"].get("performedBy").is_some())
    );
    assert!(
        requests
            .iter()
            .any(|r| r.envelope["body"].get("performedBy").is_none())
    );

    let filters: BTreeSet<String> = sample(&generator().valid("SearchRelatedItems", &ctx()), 100)
        .iter()
        .filter_map(|r| {
            r.envelope["body"]
                .get("filters")
                .and_then(Value::as_array)
                .cloned()
        })
        .flatten()
        .map(|f| f.as_object().unwrap().keys().next().unwrap().clone())
        .collect();
    assert_eq!(
        filters,
        BTreeSet::from(["comment".into(), "contact".into(), "file".into()])
    );
}

#[test]
fn boundary_lengths_appear_counted_in_code_points() {
    let bodies = sample(
        &generator().body("CreateRelatedItem", Some("File")).unwrap(),
        300,
    );
    let arns: Vec<&str> = bodies
        .iter()
        .map(|b| b["content"]["file"]["fileArn"].as_str().unwrap())
        .collect();
    let lens: BTreeSet<usize> = arns.iter().map(|a| a.chars().count()).collect();
    assert!(lens.contains(&1) && lens.contains(&500), "{lens:?}");
    assert!(lens.iter().all(|l| (1..=500).contains(l)));
    assert!(
        arns.iter()
            .any(|a| a.chars().count() == 500 && a.encode_utf16().count() > 500),
        "a maximal fileArn with characters outside the BMP"
    );
    assert!(arns.iter().any(|a| a.contains(|c: char| !c.is_ascii())));
    assert!(
        arns.iter()
            .any(|a| a.chars().count() > 1 && a.chars().count() <= 9)
    );

    let comments: BTreeSet<usize> = sample(
        &generator()
            .body("CreateRelatedItem", Some("Comment"))
            .unwrap(),
        200,
    )
    .iter()
    .map(|b| {
        b["content"]["comment"]["body"]
            .as_str()
            .unwrap()
            .chars()
            .count()
    })
    .collect();
    assert!(
        comments.contains(&1) && comments.contains(&3000),
        "{comments:?}"
    );
}

#[test]
fn integers_and_list_sizes_cover_their_ranges() {
    let results: BTreeSet<i64> = sample(&generator().valid("GetCaseAuditEvents", &ctx()), 1500)
        .iter()
        .filter_map(|r| r.envelope["body"].get("maxResults").and_then(Value::as_i64))
        .collect();
    assert_eq!(results, (1..=25).collect());

    let requests = sample(&generator().valid("SearchRelatedItems", &ctx()), 1500);
    let filter_counts: BTreeSet<usize> = requests
        .iter()
        .filter_map(|r| {
            r.envelope["body"]
                .get("filters")
                .and_then(Value::as_array)
                .map(Vec::len)
        })
        .collect();
    assert_eq!(filter_counts, (0..=10).collect());
    let channel_counts: BTreeSet<usize> = requests
        .iter()
        .filter_map(|r| {
            r.envelope["body"]
                .get("filters")
                .and_then(Value::as_array)
                .cloned()
        })
        .flatten()
        .filter_map(|f| {
            f.pointer("/contact/channel")
                .and_then(Value::as_array)
                .map(Vec::len)
        })
        .collect();
    assert_eq!(channel_counts, (0..=3).collect());
}

#[test]
fn semantic_rules_hold_in_valid_requests() {
    for op in ["SearchRelatedItems", "GetCaseAuditEvents"] {
        for r in sample(&generator().valid(op, &ctx()), 300) {
            assert!(
                r.envelope["body"].get("nextToken").is_none(),
                "{op}: a made-up token"
            );
        }
    }
    for r in sample(&generator().valid("CreateRelatedItem", &ctx()), 300) {
        let body = &r.envelope["body"];
        let member = body["content"].as_object().unwrap().keys().next().unwrap();
        assert_eq!(
            crate::contract::related::lower_camel(body["type"].as_str().unwrap()),
            *member
        );
    }
}

#[test]
fn the_catalogue_names_the_expected_mutations() {
    let names = |op: &str| -> BTreeMap<String, Mutation> {
        mutations(model(), op)
            .into_iter()
            .map(|m| (m.name.clone(), m))
            .collect()
    };
    let create = names("CreateRelatedItem");
    for expected in [
        r#"type: enum near miss ("Files")"#,
        r#"type: enum near miss ("file")"#,
        r#"type: enum near miss ("FILE")"#,
        r#"type: enum near miss ("Comments")"#,
        r#"content.comment.contentType: enum near miss ("text/plain")"#,
        "content.file.fileArn: missing (required)",
        "content.file.fileArn: maxLength+1 (501)",
        "content.file.fileArn: minLength-1 (0)",
        "content.file.fileArn: wrong type number (5)",
        "content.comment.body: maxLength+1 (3001)",
        "content: union with no member ({})",
        "content: union with two members (file, comment)",
        "content: wrong type array ([])",
        r#"type: "Comment" does not match content.file"#,
        "type: missing (required)",
        "content: missing (required)",
        "body: missing (required)",
        "performedBy: union with no member ({})",
        "body: malformed JSON (truncated)",
        "body: malformed JSON (trailing garbage)",
        r#"uri.caseId: reserved character ("/")"#,
        r#"uri.domainId: reserved character ("%")"#,
        "uri.caseId: unknown id",
        "uri.domainId: unknown id",
    ] {
        assert!(
            create.contains_key(expected),
            "missing `{expected}` in {:#?}",
            create.keys()
        );
    }
    let arn = &create["content.file.fileArn: maxLength+1 (501)"];
    assert_eq!(arn.path, "body.content.file.fileArn");
    assert_eq!(arn.rule, "FileArn.maxLength = 500");
    assert_eq!(arn.kind, MutationKind::AboveMaxLength);
    assert_eq!(arn.expect, Expectation::Rejected);
    assert_eq!(
        create["uri.caseId: unknown id"].expect,
        Expectation::NotFound
    );
    assert_eq!(
        create["content: union with two members (file, comment)"].rule,
        "RelatedItemInputContent.maxProperties = 1 (union: exactly one member)"
    );
    assert!(
        !create
            .keys()
            .any(|n| n.contains("performedBy: union with two")),
        "one-member union"
    );

    let search = names("SearchRelatedItems");
    for expected in [
        "maxResults: minimum-1 (0)",
        "maxResults: maximum+1 (26)",
        "maxResults: negative (-1)",
        r#"maxResults: wrong type string ("5")"#,
        "maxResults: wrong type boolean (true)",
        "maxResults: not an integer (5.5)",
        "filters: maxItems+1 (11)",
        "filters: wrong type object ({})",
        "filters[0].contact.channel: maxItems+1 (4)",
        "filters[0].contact.channel[0]: maxLength+1 (101)",
        "filters[0].file.fileArn: maxLength+1 (501)",
        "filters[0]: union with no member ({})",
        "nextToken: maxLength+1 (9001)",
        r#"nextToken: garbage token ("not-a-token")"#,
    ] {
        assert!(
            search.contains_key(expected),
            "missing `{expected}` in {:#?}",
            search.keys()
        );
    }
    assert_eq!(
        search["nextToken: maxLength+1 (9001)"].rule,
        "NextToken.maxLength = 9000"
    );
    assert_eq!(
        search["maxResults: negative (-1)"].kind,
        MutationKind::BelowMinimum
    );
    assert!(
        !search.contains_key("body: missing (required)"),
        "no required body member"
    );

    let audit = names("GetCaseAuditEvents");
    for expected in [
        "maxResults: maximum+1 (26)",
        "nextToken: maxLength+1 (9001)",
        r#"nextToken: garbage token ("not-a-token")"#,
    ] {
        assert!(audit.contains_key(expected), "missing `{expected}`");
    }
}

#[test]
fn mutation_names_are_stable_across_compilations() {
    let again = Generator::new(model()).unwrap();
    for op in generator().operations() {
        assert_eq!(generator().mutations(op), again.mutations(op), "{op}");
    }
}

#[test]
fn mutated_requests_carry_the_named_value() {
    let g = generator();
    let one = |op: &str, name: &str| -> GeneratedRequest {
        sample(&g.invalid_with(op, name, &ctx()).unwrap(), 1).remove(0)
    };
    let r = one("SearchRelatedItems", "filters: maxItems+1 (11)");
    assert_eq!(r.envelope["body"]["filters"].as_array().unwrap().len(), 11);
    let r = one(
        "SearchRelatedItems",
        "filters[0].contact.channel: maxItems+1 (4)",
    );
    assert_eq!(
        r.envelope["body"]["filters"][0]["contact"]["channel"]
            .as_array()
            .unwrap()
            .len(),
        4
    );
    let r = one("SearchRelatedItems", "nextToken: maxLength+1 (9001)");
    assert_eq!(
        r.envelope["body"]["nextToken"]
            .as_str()
            .unwrap()
            .chars()
            .count(),
        9001
    );
    let r = one(
        "SearchRelatedItems",
        r#"maxResults: wrong type string ("5")"#,
    );
    assert_eq!(r.envelope["body"]["maxResults"], json!("5"));
    let r = one("CreateRelatedItem", "content.file.fileArn: minLength-1 (0)");
    assert_eq!(r.envelope["body"]["content"]["file"]["fileArn"], json!(""));
    assert_eq!(r.envelope["body"]["type"], json!("File"));
    let r = one(
        "CreateRelatedItem",
        "content: union with two members (file, comment)",
    );
    let members: Vec<&String> = r.envelope["body"]["content"]
        .as_object()
        .unwrap()
        .keys()
        .collect();
    assert_eq!(members, ["file", "comment"]);
    let r = one(
        "CreateRelatedItem",
        r#"uri.caseId: reserved character ("/")"#,
    );
    assert_eq!(
        r.envelope["uri"]["caseId"],
        json!(format!("{}/x", ctx().uri["caseId"]))
    );
    let r = one("CreateRelatedItem", "uri.domainId: unknown id");
    assert_eq!(
        r.envelope["uri"]["domainId"],
        json!("1b2c3d4e-5f6a-5b7c-9d8e-0f1a2b3c4d5e")
    );
    let r = one("CreateRelatedItem", "body: malformed JSON (truncated)");
    let raw = String::from_utf8(r.raw_body.unwrap()).unwrap();
    assert_eq!(
        format!("{raw}}}"),
        serde_json::to_string(&r.envelope["body"]).unwrap()
    );
}

#[test]
fn a_failing_property_shrinks_to_one_filter_without_optional_members() {
    let strategy = generator().valid("SearchRelatedItems", &ctx());
    let result = runner().run(&strategy, |request| {
        let has_file = request.envelope["body"]
            .get("filters")
            .and_then(Value::as_array)
            .is_some_and(|f| f.iter().any(|x| x.get("file").is_some()));
        prop_assert!(!has_file, "body contains a file filter");
        Ok(())
    });
    match result {
        Err(TestError::Fail(_, minimal)) => {
            assert_eq!(
                minimal.envelope["body"],
                json!({ "filters": [{ "file": {} }] })
            );
        }
        other => panic!("expected a shrunk failure, got {other:?}"),
    }
}

#[test]
fn shrinking_an_invalid_request_keeps_its_mutation() {
    let v = validator(model(), "CreateRelatedItem");
    let strategy = generator().invalid("CreateRelatedItem", &ctx());
    let mut runner = runner();
    for _ in 0..40 {
        let mut tree = strategy.new_tree(&mut runner).unwrap();
        let first = tree.current();
        let name = first.mutation.clone().unwrap().name;
        let mut steps = 0;
        // Accepting every simplification is what an always-failing property does.
        while tree.simplify() && steps < 5000 {
            steps += 1;
            assert_eq!(tree.current().mutation.unwrap().name, name);
        }
        assert_broken(&v, &tree.current(), &ctx());
        assert_eq!(first.mutation.unwrap().name, name);
    }
}

#[test]
fn invalid_requests_can_be_limited_to_some_mutations() {
    let g = generator();
    let v = validator(model(), "CreateRelatedItem");
    let kept = |m: &Mutation| m.kind == MutationKind::UnknownId;
    let strategy = g.invalid_where("CreateRelatedItem", &ctx(), kept).unwrap();
    let names: BTreeSet<String> = sample(&strategy, 60)
        .into_iter()
        .map(|r| {
            assert_broken(&v, &r, &ctx());
            r.mutation.unwrap().name
        })
        .collect();
    assert_eq!(
        names,
        BTreeSet::from([
            "uri.caseId: unknown id".to_string(),
            "uri.domainId: unknown id".to_string()
        ])
    );
    assert!(
        g.invalid_where("CreateRelatedItem", &ctx(), |_| false)
            .is_none()
    );
}

#[test]
fn helpers_generate_bodies_and_filters_of_a_kind() {
    let g = generator();
    for body in sample(&related_item_body(g, Some("File")).unwrap(), 50) {
        assert_eq!(body["type"], "File");
        assert!(body["content"]["file"]["fileArn"].is_string());
    }
    for body in sample(&related_item_body(g, Some("comment")).unwrap(), 20) {
        assert_eq!(body["type"], "Comment");
    }
    let any: BTreeSet<String> = sample(&related_item_body(g, None).unwrap(), 60)
        .iter()
        .map(|b| b["type"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(any.len(), 3);
    assert!(
        related_item_body(g, Some("Sla")).is_none(),
        "no SLA items in the contract"
    );

    for filters in sample(&related_item_filters(g, Some("Contact")).unwrap(), 50) {
        let filters = filters.as_array().unwrap();
        assert!(filters.len() <= 10);
        assert!(filters.iter().all(|f| f.get("contact").is_some()));
    }
    assert!(related_item_filters(g, None).is_some());

    let before_file = Generator::new(&ServiceModel::load(Release::V1_34_97).unwrap()).unwrap();
    assert!(related_item_body(&before_file, Some("File")).is_none());
    assert!(related_item_filters(&before_file, Some("File")).is_none());

    assert!(
        g.member("SearchRelatedItems", "filters[0].contact.channel")
            .is_some()
    );
    assert!(g.member("SearchRelatedItems", "filters[0].nope").is_none());
}

#[test]
fn pins_fix_members_and_choose_their_union_member() {
    let arn = "arn:aws:connect:us-east-1:123456789012:instance/i-1/file/f-1";
    let strategy = generator().valid_pinned(
        "CreateRelatedItem",
        &ctx(),
        &[("content.file.fileArn", json!(arn))],
    );
    let v = validator(model(), "CreateRelatedItem");
    for r in sample(&strategy, 50) {
        assert_eq!(r.envelope["body"]["content"]["file"]["fileArn"], json!(arn));
        assert_eq!(r.envelope["body"]["type"], "File");
        assert_valid(&v, &r);
    }
}

#[test]
#[should_panic(expected = "has no member at `content.folder`")]
fn pins_must_name_members() {
    let _ = generator().valid_pinned("CreateRelatedItem", &ctx(), &[("content.folder", json!(1))]);
}

#[test]
#[should_panic(expected = "lacks URI label `caseId`")]
fn the_context_must_name_every_label() {
    let _ = generator().valid(
        "CreateRelatedItem",
        &RequestContext::new([("domainId", "d")]),
    );
}

#[test]
fn examples_cover_minimal_maximal_and_each_union_member() {
    let examples: BTreeMap<String, GeneratedRequest> = generator()
        .examples("CreateRelatedItem", &ctx())
        .into_iter()
        .collect();
    for name in [
        "minimal",
        "maximal",
        "minimal content.file",
        "maximal content.file",
        "maximal content.contact",
    ] {
        assert!(
            examples.contains_key(name),
            "missing {name}: {:?}",
            examples.keys()
        );
    }
    assert_eq!(
        examples["minimal content.file"].envelope["body"],
        json!({ "content": { "file": { "fileArn": "a" } }, "type": "File" })
    );
    let max = &examples["maximal content.file"].envelope["body"];
    let arn = max["content"]["file"]["fileArn"].as_str().unwrap();
    assert_eq!(arn.chars().count(), 500);
    assert!(arn.contains('😀') && arn.contains('漢'));
    assert!(max["performedBy"]["userArn"].is_string());

    let search: BTreeMap<String, GeneratedRequest> = generator()
        .examples("SearchRelatedItems", &ctx())
        .into_iter()
        .collect();
    let body = &search["maximal"].envelope["body"];
    let filters = body["filters"].as_array().unwrap();
    assert_eq!(filters.len(), 10);
    assert_eq!(
        filters[1]["contact"]["channel"].as_array().unwrap().len(),
        3
    );
    assert!(filters[0].get("comment").is_some() && filters[2].get("file").is_some());
    assert_eq!(body["maxResults"], 25);
    assert!(body.get("nextToken").is_none());
}

#[test]
fn the_generator_is_shareable_across_threads() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Generator>();
}

/// Every string value of `value` at a member named `name`, however deep.
fn values_of(value: &Value, name: &str, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, v) in map {
                match v {
                    Value::String(s) if key == name => out.push(s.clone()),
                    _ => values_of(v, name, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| values_of(v, name, out)),
        _ => {}
    }
}

#[test]
fn listed_members_are_drawn_from_the_lists_and_mutations_still_break_them() {
    let contacts = ["arn:contact/1", "arn:contact/2"];
    let values = MemberValues {
        members: [
            (
                "contactArn".to_string(),
                contacts.map(String::from).to_vec(),
            ),
            ("UserArn".to_string(), vec!["arn:user/1".to_string()]),
            ("fileArn".to_string(), vec!["arn:file/any".to_string()]),
        ]
        .into(),
        files_by_case: [(
            ctx().uri["caseId"].clone(),
            vec!["arn:file/uploaded".to_string()],
        )]
        .into(),
    };
    let g = Generator::with_values(model(), values).unwrap();
    let v = validator(model(), "CreateRelatedItem");
    let (mut seen_contacts, mut seen_users, mut seen_files) = (Vec::new(), Vec::new(), Vec::new());
    for r in sample(&g.valid("CreateRelatedItem", &ctx()), 300) {
        assert_valid(&v, &r);
        values_of(&r.envelope, "contactArn", &mut seen_contacts);
        values_of(&r.envelope, "userArn", &mut seen_users);
        values_of(&r.envelope, "fileArn", &mut seen_files);
    }
    let distinct = |seen: &[String]| seen.iter().cloned().collect::<BTreeSet<String>>();
    assert_eq!(distinct(&seen_contacts), contacts.map(String::from).into());
    assert_eq!(distinct(&seen_users), ["arn:user/1".to_string()].into());
    // Requests addressed to the case draw its uploaded files, not the general list.
    assert_eq!(
        distinct(&seen_files),
        ["arn:file/uploaded".to_string()].into()
    );

    // Bodies for fresh cases (the stateful suite's) draw from the general list.
    let mut fresh = Vec::new();
    for body in sample(&related_item_body(&g, Some("File")).unwrap(), 20) {
        values_of(&body, "fileArn", &mut fresh);
    }
    assert_eq!(distinct(&fresh), ["arn:file/any".to_string()].into());

    // A mutation of a listed member still breaks it.
    let too_long = g
        .invalid_with(
            "CreateRelatedItem",
            "content.file.fileArn: maxLength+1 (501)",
            &ctx(),
        )
        .unwrap();
    for r in sample(&too_long, 5) {
        let arn = r.envelope["body"]["content"]["file"]["fileArn"]
            .as_str()
            .unwrap();
        assert_eq!(arn.chars().count(), 501);
    }
}
