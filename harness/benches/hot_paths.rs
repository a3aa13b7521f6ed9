//! Criterion benchmarks of the harness's hot paths: request generation, response validation
//! per shape, judging an exchange's body, and diffing expected against actual.
//!
//!     cargo bench -p harness --bench hot_paths

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use harness::client::CapturedResponse;
use harness::engine::answers::{ConformingAnswers, Recall};
use harness::engine::coverage::Coverage;
use harness::engine::validators::Validators;
use harness::r#gen::{Generator, RequestContext};
use harness::model::{Release, ServiceModel};
use harness::tape::Tape;
use proptest::strategy::{Strategy, ValueTree};
use serde_json::{Value, json};

fn search_response(items: usize) -> Value {
    let item = |n: usize| {
        json!({
            "associationTime": "2024-05-03T17:04:11.123Z",
            "content": { "file": { "fileArn": format!("arn:aws:connect:us-east-1:123456789012:instance/i/file/{n}") } },
            "performedBy": { "userArn": "arn:aws:connect:us-east-1:123456789012:instance/i/agent/a" },
            "relatedItemId": format!("00000000-0000-4000-8000-{n:012}"),
            "tags": {},
            "type": "File"
        })
    };
    json!({
        "status": 200,
        "headers": { "content-type": "application/json" },
        "body": { "relatedItems": (0..items).map(item).collect::<Vec<_>>(), "nextToken": "abc" }
    })
}

fn benches(c: &mut Criterion) {
    let model = ServiceModel::load(Release::CONTRACT).unwrap();
    let generator = Generator::new(&model).unwrap();
    let ctx = RequestContext::new([("domainId", "d"), ("caseId", "c")]);
    let mut runner = harness::engine::suites::generated::runner(1, "bench");

    for op in [
        "CreateRelatedItem",
        "SearchRelatedItems",
        "GetCaseAuditEvents",
    ] {
        let valid = generator.valid(op, &ctx);
        c.bench_function(&format!("generate valid {op}"), |b| {
            b.iter(|| black_box(valid.new_tree(&mut runner).unwrap().current()))
        });
        let invalid = generator.invalid(op, &ctx);
        c.bench_function(&format!("generate invalid {op}"), |b| {
            b.iter(|| black_box(invalid.new_tree(&mut runner).unwrap().current()))
        });
    }

    let validators = Validators::compile(&model).unwrap();
    let typical = search_response(5);
    c.bench_function("validate SearchRelatedItems response (5 items)", |b| {
        b.iter(|| black_box(validators.check_response("SearchRelatedItems", black_box(&typical))))
    });
    let full = search_response(25);
    c.bench_function("validate SearchRelatedItems response (25 items)", |b| {
        b.iter(|| black_box(validators.check_response("SearchRelatedItems", black_box(&full))))
    });
    let created = json!({ "status": 200, "headers": {}, "body": { "relatedItemId": "r", "relatedItemArn": "arn:aws:cases:us-east-1:1:domain/d/case/c/related-item/r" } });
    c.bench_function("validate CreateRelatedItem response", |b| {
        b.iter(|| black_box(validators.check_response("CreateRelatedItem", black_box(&created))))
    });

    // Answers the bundled mock gave during `harness bench` (long generated strings, many
    // multi-byte characters): judging one costs reading it, validating it and covering it.
    for (op, text) in [
        (
            "SearchRelatedItems",
            include_str!("fixtures/search-related-items-answer.json"),
        ),
        (
            "GetCaseAuditEvents",
            include_str!("fixtures/get-case-audit-events-answer.json"),
        ),
    ] {
        let answer = CapturedResponse {
            status: 200,
            headers: vec![("content-type".into(), "application/json".into())],
            body: text.as_bytes().to_vec(),
        };
        c.bench_function(&format!("parse {op} answer as a Value"), |b| {
            b.iter(|| black_box(black_box(&answer).json().unwrap()))
        });
        c.bench_function(&format!("read {op} answer in place"), |b| {
            b.iter(|| black_box(Tape::of_response(black_box(&answer)).unwrap()))
        });
        let tape = Tape::of_response(&answer).unwrap();
        assert!(validators.response_conforms(op, &tape));
        c.bench_function(&format!("validate {op} answer in place"), |b| {
            b.iter(|| black_box(validators.response_conforms(op, black_box(&tape))))
        });
        let coverage = Coverage::for_model(&model);
        c.bench_function(&format!("cover {op} answer in place"), |b| {
            b.iter(|| coverage.success_in_place(op, 200, black_box(tape.body())))
        });
        // The same bytes again: recognised by hash and a full comparison instead.
        let answers = ConformingAnswers::for_validators(&validators);
        match answers.recall(op, 200, &answer.body) {
            Recall::Unseen(slot) => slot.remember(&answer.body),
            other => panic!("{op}: {other:?}"),
        }
        c.bench_function(&format!("recall {op} answer seen before"), |b| {
            b.iter(|| {
                let recall = answers.recall(op, 200, black_box(&answer.body));
                assert!(matches!(recall, Recall::Conforming));
            })
        });
    }

    let mut changed = full.clone();
    changed["body"]["relatedItems"][3]["type"] = json!("Files");
    changed["body"]["relatedItems"][7]["content"] = json!({});
    c.bench_function("diff expected vs actual (25 items)", |b| {
        b.iter(|| {
            black_box(harness::report::diff::json_diff(
                black_box(&full),
                black_box(&changed),
            ))
        })
    });
}

criterion_group!(hot_paths, benches);
criterion_main!(hot_paths);
