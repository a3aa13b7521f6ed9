//! Requests per second of SearchAllRelatedItems (1.44.5), the one listing whose every
//! page walks a whole domain: 10,000 related items over 10 cases, then concurrent full
//! paginated scans, unsorted and sorted by `CaseId` descending. A plain `main` (not a
//! timed test):
//!
//! `cargo bench -p cases-mock --bench search_all`
//!
//! `BENCH_ITEMS` (default 10000), `BENCH_CASES` (default 10), `BENCH_SCANS` (default 4
//! per order) and `BENCH_CONCURRENCY` (default 16 creating workers) change the load.

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use serde_json::{Value, json};

use common::{env_or, new_domain, post};

fn main() {
    common::block_on(run());
}

async fn run() {
    let items = env_or("BENCH_ITEMS", 10_000);
    let case_count = env_or("BENCH_CASES", 10).max(1);
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
    let template = post(
        &client,
        &format!("{base}/domains/{domain}/templates"),
        json!({"name": "t"}).to_string(),
    )
    .await;
    let case_body = json!({"templateId": template["templateId"], "fields": [
        {"id": "title", "value": {"stringValue": "bench"}},
        {"id": "customer_id", "value": {"stringValue": "c"}}
    ]});
    let mut item_urls = Vec::new();
    for _ in 0..case_count {
        let case = post(
            &client,
            &format!("{base}/domains/{domain}/cases"),
            case_body.to_string(),
        )
        .await;
        item_urls.push(format!(
            "{base}/domains/{domain}/cases/{}/related-items/",
            case["caseId"].as_str().expect("caseId")
        ));
    }
    let item_urls = Arc::new(item_urls);

    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let mut workers = Vec::new();
    for _ in 0..concurrency {
        let (client, next, urls) = (client.clone(), next.clone(), item_urls.clone());
        workers.push(tokio::spawn(async move {
            loop {
                let n = next.fetch_add(1, Ordering::Relaxed);
                if n >= items {
                    break;
                }
                let body = match n % 3 {
                    0 => json!({"type": "Comment", "content": {"comment": {"body": format!("note {n}"), "contentType": "Text/Plain"}}}),
                    1 => json!({"type": "Contact", "content": {"contact": {"contactArn": format!("arn:contact/{n}")}}}),
                    _ => json!({"type": "File", "content": {"file": {"fileArn": format!("arn:file/{n}")}}}),
                };
                post(&client, &urls[n % urls.len()], body.to_string()).await;
            }
        }));
    }
    for worker in workers {
        worker.await.expect("worker");
    }
    println!(
        "set-up: {items} CreateRelatedItem over {case_count} cases in {:.2} s",
        started.elapsed().as_secs_f64()
    );

    let url = format!("{base}/domains/{domain}/related-items-search");
    for (label, query) in [
        ("unsorted", json!({})),
        (
            "sorted by CaseId Desc",
            json!({"sorts": [{"sortProperty": "CaseId", "sortOrder": "Desc"}]}),
        ),
    ] {
        let pages = Arc::new(AtomicUsize::new(0));
        let started = Instant::now();
        let mut scanners = Vec::new();
        for _ in 0..scans {
            let (client, pages, url, query) =
                (client.clone(), pages.clone(), url.clone(), query.clone());
            scanners.push(tokio::spawn(async move {
                let mut token: Option<String> = None;
                let mut seen = 0;
                loop {
                    let mut body = query.clone();
                    body["maxResults"] = json!(25);
                    if let Some(t) = &token {
                        body["nextToken"] = json!(t);
                    }
                    let page = post(&client, &url, body.to_string()).await;
                    pages.fetch_add(1, Ordering::Relaxed);
                    seen += page["relatedItems"].as_array().map_or(0, Vec::len);
                    match page.get("nextToken").and_then(Value::as_str) {
                        Some(t) => token = Some(t.to_owned()),
                        None => break,
                    }
                }
                assert_eq!(seen, items, "a full scan sees every item");
            }));
        }
        for scanner in scanners {
            scanner.await.expect("scanner");
        }
        let elapsed = started.elapsed().as_secs_f64();
        let pages = pages.load(Ordering::Relaxed);
        println!(
            "SearchAllRelatedItems ({label}, 25 per page over {items} items): {pages} requests, \
             {scans} concurrent scans, {elapsed:.2} s, {:.0} req/s",
            pages as f64 / elapsed
        );
    }
    server.shutdown().await;
}
