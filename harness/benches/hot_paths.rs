//! Criterion benchmarks of the harness's hot paths: request generation, response validation
//! per shape, judging an exchange's body, and diffing expected against actual.
//!
//!     cargo bench -p harness --bench hot_paths

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use harness::engine::validators::Validators;
use harness::r#gen::{Generator, RequestContext};
use harness::model::{Release, ServiceModel};
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
