//! Requests per second of SearchCases (1.44.5) with a filter tree: every page evaluates
//! the filter over all of a domain's cases again (for `totalCount`, then from the page's
//! position on), and with `sorts` sorts them all again first. A domain with a Text, a
//! Number and a Boolean field, cases created from concurrent workers with varied values,
//! then concurrent full paginated scans (25 per page): no filter, a tree nesting
//! `andAll`, `orAll` and `not` over comparisons of each kind, and the same tree sorted by
//! the Number field descending. Each scan must see exactly the cases the filter matches
//! (counted here from how the values were made), so errors cannot pass for throughput. A
//! plain `main` (not a timed test):
//!
//! `cargo bench -p cases-mock --bench search_cases`
//!
//! `BENCH_CASES` (default 5000), `BENCH_SCANS` (default 4 per workload) and
//! `BENCH_CONCURRENCY` (default 16 creating workers) change the load.

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use serde_json::{Value, json};

use common::{env_or, new_domain, post};

/// The Text field's values: case `n` has `TEXTS[n % 7]` (7 is prime to 100 and 2, so the
/// three fields vary independently enough).
const TEXTS: [&str; 7] = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta"];

/// The Number field's value of case `n`.
fn number(n: usize) -> f64 {
    (n % 100) as f64
}

/// The Boolean field's value of case `n`.
fn flag(n: usize) -> bool {
    n.is_multiple_of(2)
}

/// What the filter tree of the bench selects, evaluated locally:
/// `andAll[orAll[text = "alpha", number > 80], not(boolean = true)]`.
fn tree_matches(n: usize) -> bool {
    (TEXTS[n % TEXTS.len()] == "alpha" || number(n) > 80.0) && !flag(n)
}

fn main() {
    common::block_on(run());
}

async fn create_field(client: &reqwest::Client, base: &str, domain: &str, kind: &str) -> String {
    let field = post(
        client,
        &format!("{base}/domains/{domain}/fields"),
        json!({"name": format!("bench {kind}"), "type": kind}).to_string(),
    )
    .await;
    field["fieldId"].as_str().expect("fieldId").to_owned()
}

async fn run() {
    let case_count = env_or("BENCH_CASES", 5000);
    let scans = env_or("BENCH_SCANS", 4);
    let concurrency = env_or("BENCH_CONCURRENCY", 16);
    let server = cases_mock::spawn(cases_mock::MockConfig {
        release: cases_mock::MockRelease::V1_44_5,
        ..cases_mock::MockConfig::default()
    })
    .await
    .expect("spawn");
    let base = server.url();
    let client = reqwest::Client::new();
    let domain = new_domain(&client, &base).await;
    let text = create_field(&client, &base, &domain, "Text").await;
    let num = create_field(&client, &base, &domain, "Number").await;
    let boolean = create_field(&client, &base, &domain, "Boolean").await;
    let template = post(
        &client,
        &format!("{base}/domains/{domain}/templates"),
        json!({"name": "t", "requiredFields": [{"fieldId": num}]}).to_string(),
    )
    .await;
    let template = template["templateId"]
        .as_str()
        .expect("templateId")
        .to_owned();

    let cases_url = Arc::new(format!("{base}/domains/{domain}/cases"));
    let ids = Arc::new((template, text.clone(), num.clone(), boolean.clone()));
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let mut workers = Vec::new();
    for _ in 0..concurrency {
        let (client, next, url, ids) =
            (client.clone(), next.clone(), cases_url.clone(), ids.clone());
        workers.push(tokio::spawn(async move {
            let (template, text, num, boolean) = &*ids;
            loop {
                let n = next.fetch_add(1, Ordering::Relaxed);
                if n >= case_count {
                    break;
                }
                let body = json!({"templateId": template, "fields": [
                    {"id": "title", "value": {"stringValue": format!("case {n}")}},
                    {"id": "customer_id", "value": {"stringValue": "c"}},
                    {"id": text, "value": {"stringValue": TEXTS[n % TEXTS.len()]}},
                    {"id": num, "value": {"doubleValue": number(n)}},
                    {"id": boolean, "value": {"booleanValue": flag(n)}}
                ]});
                post(&client, &url, body.to_string()).await;
            }
        }));
    }
    for worker in workers {
        worker.await.expect("worker");
    }
    println!(
        "set-up: {case_count} CreateCase ({concurrency} workers) in {:.2} s",
        started.elapsed().as_secs_f64()
    );

    let tree = json!({"andAll": [
        {"orAll": [
            {"field": {"equalTo": {"id": text, "value": {"stringValue": "alpha"}}}},
            {"field": {"greaterThan": {"id": num, "value": {"doubleValue": 80}}}}
        ]},
        {"not": {"field": {"equalTo": {"id": boolean, "value": {"booleanValue": true}}}}}
    ]});
    let matching = (0..case_count).filter(|&n| tree_matches(n)).count();
    let fields = json!([{"id": text}, {"id": num}, {"id": boolean}]);
    let url = format!("{base}/domains/{domain}/cases-search");
    for (label, query, expected, sorted) in [
        ("no filter", json!({}), case_count, false),
        (
            "andAll/orAll/not tree",
            json!({"filter": tree}),
            matching,
            false,
        ),
        (
            "same tree, sorted by Number Desc",
            json!({"filter": tree, "sorts": [{"fieldId": num, "sortOrder": "Desc"}]}),
            matching,
            true,
        ),
    ] {
        let pages = Arc::new(AtomicUsize::new(0));
        let started = Instant::now();
        let mut scanners = Vec::new();
        for _ in 0..scans {
            let (client, pages, url, mut query, num) = (
                client.clone(),
                pages.clone(),
                url.clone(),
                query.clone(),
                num.clone(),
            );
            query["fields"] = fields.clone();
            query["maxResults"] = json!(25);
            scanners.push(tokio::spawn(async move {
                let mut token: Option<String> = None;
                let mut seen = 0;
                let mut last = f64::INFINITY;
                loop {
                    let mut body = query.clone();
                    if let Some(t) = &token {
                        body["nextToken"] = json!(t);
                    }
                    let page = post(&client, &url, body.to_string()).await;
                    pages.fetch_add(1, Ordering::Relaxed);
                    assert_eq!(page["totalCount"], expected, "totalCount");
                    let cases = page["cases"].as_array().expect("cases");
                    seen += cases.len();
                    if sorted {
                        for case in cases {
                            let value = case["fields"]
                                .as_array()
                                .expect("fields")
                                .iter()
                                .find(|f| f["id"] == num.as_str())
                                .and_then(|f| f["value"]["doubleValue"].as_f64())
                                .expect("the Number field");
                            assert!(value <= last, "sorted descending: {value} after {last}");
                            last = value;
                        }
                    }
                    match page.get("nextToken").and_then(Value::as_str) {
                        Some(t) => token = Some(t.to_owned()),
                        None => break,
                    }
                }
                assert_eq!(seen, expected, "a full scan sees every matching case");
            }));
        }
        for scanner in scanners {
            scanner.await.expect("scanner");
        }
        let elapsed = started.elapsed().as_secs_f64();
        let pages = pages.load(Ordering::Relaxed);
        println!(
            "SearchCases ({label}, 25 per page, {expected} of {case_count} cases match): \
             {pages} requests, {scans} concurrent scans, {elapsed:.2} s, {:.0} req/s",
            pages as f64 / elapsed
        );
    }
    server.shutdown().await;
}
