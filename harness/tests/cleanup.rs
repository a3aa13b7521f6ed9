//! Clean-up against the reference mock: a run deletes what it created, children first, and
//! lists with their ids exactly the resources its release cannot delete (1.34.98 has no
//! `DeleteCase` or `DeleteRelatedItem`); `--keep` keeps everything.

mod common;

use std::collections::BTreeSet;

use harness::client::{ClientConfig, Proxies, TargetClient, WireRequest};
use harness::engine::{RunConfig, RunResult};
use http::Method;
use serde_json::{Value, json};

async fn serve() -> common::FaultyTarget {
    common::serve(cases_mock::router(cases_mock::MockConfig::default())).await
}

/// A plain client of the mock, to look at what the run left.
async fn call(url: &str, method: Method, path: &str, body: Value) -> Value {
    let client = TargetClient::new(ClientConfig::new(url).with_proxies(Proxies::none())).unwrap();
    let mut request = WireRequest::new("Look", method, path);
    request.body = Some(body.to_string().into_bytes());
    let exchange = client.send(&request).await;
    let response = exchange.response().expect("the mock answers");
    assert_eq!(
        response.status,
        200,
        "{path}: {}",
        String::from_utf8_lossy(&response.body)
    );
    serde_json::from_slice(&response.body).unwrap()
}

fn config(url: &str) -> RunConfig {
    RunConfig {
        target: url.to_string(),
        seed: 17,
        cases: 10,
        sequences: 2,
        concurrency: 4,
        proxies: Some(Proxies::none()),
        ..RunConfig::default()
    }
}

fn kind<'a>(result: &'a RunResult, kind: &str) -> &'a harness::engine::cleanup::CleanedKind {
    result
        .meta
        .cleanup
        .kinds
        .iter()
        .find(|k| k.kind == kind)
        .unwrap_or_else(|| panic!("no {kind} in {:#?}", result.meta.cleanup))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_run_deletes_the_domain_it_made_and_everything_in_it_goes_with_it() {
    let target = serve().await;
    let url = target.url.clone();
    let result = harness::engine::run(config(&url))
        .await
        .expect("run starts");
    assert!(result.conforms(), "{:#?}", result.meta.notes);
    assert!(result.meta.cleanup.ran);
    // The workspace's domain and the one the generated suite's valid CreateDomain made; the
    // lifecycle suite deletes the domain it makes itself.
    assert_eq!(kind(&result, "domainId").deleted, 2);
    for child in ["caseId", "relatedItemId", "templateId"] {
        let k = kind(&result, child);
        assert!(k.with_parent > 0 && k.left.is_empty(), "{k:#?}");
    }
    let domains = call(&url, Method::POST, "/domains-list", json!({})).await;
    assert_eq!(
        domains["domains"],
        json!([]),
        "the mock still holds {domains}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in_a_domain_it_was_given_a_run_lists_exactly_what_it_could_not_delete() {
    let target = serve().await;
    let url = target.url.clone();
    let domain = call(&url, Method::POST, "/domains", json!({ "name": "kept" })).await;
    let domain_id = domain["domainId"].as_str().unwrap().to_string();
    let mut given = config(&url);
    given.fixtures.domain_id = Some(domain_id.clone());
    let result = harness::engine::run(given).await.expect("run starts");
    assert!(result.conforms(), "{:#?}", result.meta.notes);

    let cases = kind(&result, "caseId");
    let items = kind(&result, "relatedItemId");
    for k in [cases, items] {
        assert_eq!(k.deleted + k.with_parent, 0, "{k:#?}");
        assert!(
            k.reason
                .as_deref()
                .unwrap_or_default()
                .contains("1.34.98 has no operation"),
            "{k:#?}"
        );
    }
    // What is left is exactly what the domain holds: every related item of every case the
    // run left, and no other.
    let mut found = BTreeSet::new();
    for case_id in &cases.left {
        let mut token: Option<String> = None;
        loop {
            let mut body = json!({ "maxResults": 25 });
            if let Some(t) = &token {
                body["nextToken"] = json!(t);
            }
            let page = call(
                &url,
                Method::POST,
                &format!("/domains/{domain_id}/cases/{case_id}/related-items-search"),
                body,
            )
            .await;
            for item in page["relatedItems"].as_array().unwrap() {
                found.insert(item["relatedItemId"].as_str().unwrap().to_string());
            }
            match page["nextToken"].as_str() {
                Some(t) => token = Some(t.to_string()),
                None => break,
            }
        }
    }
    let left: BTreeSet<String> = items.left.iter().cloned().collect();
    assert_eq!(left.len(), items.left.len(), "an item listed twice");
    assert_eq!(found, left);
    assert!(
        result
            .meta
            .notes
            .iter()
            .any(|n| n.starts_with(&format!("clean-up left {} caseId", cases.left.len()))),
        "{:#?}",
        result.meta.notes
    );
}

/// Refuses every `DELETE`, as a target without the permission would.
async fn no_deletes(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    if request.method() == axum::http::Method::DELETE {
        let mut refused =
            axum::response::Response::new(axum::body::Body::from(r#"{"message":"denied"}"#));
        *refused.status_mut() = axum::http::StatusCode::FORBIDDEN;
        refused
            .headers_mut()
            .insert("x-amzn-ErrorType", "AccessDeniedException".parse().unwrap());
        return refused;
    }
    next.run(request).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn what_lives_in_a_domain_that_could_not_be_deleted_is_left_not_gone() {
    let target = common::serve(
        cases_mock::router(cases_mock::MockConfig::default())
            .layer(axum::middleware::from_fn(no_deletes)),
    )
    .await;
    let result = harness::engine::run(config(&target.url))
        .await
        .expect("run starts");
    let domain = kind(&result, "domainId");
    // Every DELETE is refused, the lifecycle suite's too: its domain is left with the
    // workspace's and the generated suite's.
    assert_eq!((domain.deleted, domain.left.len()), (0, 3), "{domain:#?}");
    assert!(
        domain.reason.as_deref().unwrap_or_default().contains("403"),
        "{domain:#?}"
    );
    for child in ["caseId", "relatedItemId", "templateId"] {
        let k = kind(&result, child);
        assert_eq!(k.with_parent, 0, "{k:#?}");
        assert!(!k.left.is_empty(), "{k:#?}");
        assert_eq!(
            k.reason.as_deref(),
            Some("the resource it lives in could not be deleted")
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn keep_keeps_everything() {
    let target = serve().await;
    let url = target.url.clone();
    let mut keep = config(&url);
    keep.keep = true;
    let result = harness::engine::run(keep).await.expect("run starts");
    assert!(!result.meta.cleanup.ran);
    let domains = call(&url, Method::POST, "/domains-list", json!({})).await;
    // The workspace's domain and the generated suite's (the lifecycle suite deletes its own).
    assert_eq!(domains["domains"].as_array().unwrap().len(), 2);
}
