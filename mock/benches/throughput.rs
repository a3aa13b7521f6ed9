//! Requests per second of the mock on loopback: CreateRelatedItem, then paginated
//! SearchRelatedItems over the items just created. A plain `main` (not a timed test):
//!
//! `cargo bench -p cases-mock --bench throughput`
//!
//! `BENCH_CREATES` (default 20000), `BENCH_SCANS` (default 8: full paginated scans)
//! and `BENCH_CONCURRENCY` (default 16) change the load.

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
    let creates = env_or("BENCH_CREATES", 20_000);
    let scans = env_or("BENCH_SCANS", 8);
    let concurrency = env_or("BENCH_CONCURRENCY", 16);
    let server = cases_mock::spawn(cases_mock::MockConfig::default())
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
    let case = post(
        &client,
        &format!("{base}/domains/{domain}/cases"),
        case_body.to_string(),
    )
    .await;
    let case_url = format!(
        "{base}/domains/{domain}/cases/{}",
        case["caseId"].as_str().expect("caseId")
    );

    // CreateRelatedItem: `concurrency` workers share one keep-alive client.
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let mut workers = Vec::new();
    for _ in 0..concurrency {
        let (client, next, url) = (
            client.clone(),
            next.clone(),
            format!("{case_url}/related-items/"),
        );
        workers.push(tokio::spawn(async move {
            loop {
                let n = next.fetch_add(1, Ordering::Relaxed);
                if n >= creates {
                    break;
                }
                let body = match n % 3 {
                    0 => json!({"type": "Comment", "content": {"comment": {"body": format!("note {n}"), "contentType": "Text/Plain"}}}),
                    1 => json!({"type": "Contact", "content": {"contact": {"contactArn": format!("arn:contact/{n}")}}}),
                    _ => json!({"type": "File", "content": {"file": {"fileArn": format!("arn:file/{n}")}}}),
                };
                post(&client, &url, body.to_string()).await;
            }
        }));
    }
    for worker in workers {
        worker.await.expect("worker");
    }
    let elapsed = started.elapsed().as_secs_f64();
    println!(
        "CreateRelatedItem: {creates} requests, concurrency {concurrency}, {elapsed:.2} s, {:.0} req/s",
        creates as f64 / elapsed
    );

    // SearchRelatedItems: `scans` concurrent full scans, 25 items a page, following tokens.
    let pages = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let mut scanners = Vec::new();
    for _ in 0..scans {
        let (client, pages, url) = (
            client.clone(),
            pages.clone(),
            format!("{case_url}/related-items-search"),
        );
        scanners.push(tokio::spawn(async move {
            let mut token: Option<String> = None;
            let mut seen = 0;
            loop {
                let mut body = json!({"maxResults": 25});
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
            assert_eq!(seen, creates, "a full scan sees every item");
        }));
    }
    for scanner in scanners {
        scanner.await.expect("scanner");
    }
    let elapsed = started.elapsed().as_secs_f64();
    let pages = pages.load(Ordering::Relaxed);
    println!(
        "SearchRelatedItems (paginated, 25 per page over {creates} items): {pages} requests, \
         {scans} concurrent scans, {elapsed:.2} s, {:.0} req/s",
        pages as f64 / elapsed
    );
    server.shutdown().await;
}
