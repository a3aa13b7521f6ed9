//! A target with a request quota, as AWS has them: the reference mock behind a token bucket
//! that answers `429 ThrottlingException` once the bucket is empty. Without pacing, a run
//! retries the throttled answers (the AWS SDKs' standard mode) and reports what stayed
//! throttled under its own name, never as a failure of the requests it delayed; with `--rate`
//! under the quota, nothing is throttled and the run conforms.

mod common;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::Response;
use harness::engine::{RunConfig, RunResult};

/// Requests a second the target allows, and the burst it absorbs.
const QUOTA: f64 = 40.0;
const BURST: f64 = 10.0;

/// Tokens left and when they were last counted.
type Bucket = Arc<Mutex<(f64, Instant)>>;

async fn quota(State(bucket): State<Bucket>, request: Request, next: Next) -> Response {
    let allowed = {
        let mut state = bucket.lock().unwrap();
        let now = Instant::now();
        let refilled = (state.0 + now.duration_since(state.1).as_secs_f64() * QUOTA).min(BURST);
        *state = (refilled, now);
        if refilled >= 1.0 {
            state.0 -= 1.0;
            true
        } else {
            false
        }
    };
    if allowed {
        return next.run(request).await;
    }
    // Read the request before refusing it, as a service's front end does: answering while
    // the client is still sending would reset the connection under its body.
    let _ = axum::body::to_bytes(request.into_body(), usize::MAX).await;
    let mut response = Response::new(Body::from(r#"{"message":"Rate exceeded"}"#));
    *response.status_mut() = StatusCode::TOO_MANY_REQUESTS;
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    headers.insert(
        "x-amzn-ErrorType",
        HeaderValue::from_static("ThrottlingException"),
    );
    headers.insert("Retry-After", HeaderValue::from_static("0"));
    response
}

async fn spawn_quota_target() -> common::FaultyTarget {
    let bucket: Bucket = Arc::new(Mutex::new((BURST, Instant::now())));
    common::serve(
        cases_mock::router(cases_mock::MockConfig::default())
            .layer(middleware::from_fn_with_state(bucket, quota)),
    )
    .await
}

fn config(url: &str) -> RunConfig {
    RunConfig {
        target: url.to_string(),
        seed: 11,
        cases: 6,
        sequences: 1,
        concurrency: 8,
        deadline: Duration::from_secs(120),
        proxies: Some(harness::client::Proxies::none()),
        // The seed's operations and their set-up: the quota paces every request, and the
        // other operations would only make the test longer, not say more about throttling.
        operations: [
            "CreateDomain",
            "CreateTemplate",
            "CreateCase",
            "CreateRelatedItem",
            "SearchRelatedItems",
            "GetCaseAuditEvents",
        ]
        .map(String::from)
        .to_vec(),
        ..RunConfig::default()
    }
}

fn failures(result: &RunResult) -> Vec<String> {
    result
        .tallies
        .iter()
        .filter(|(_, t)| t.failed > 0)
        .map(|((op, check), t)| {
            format!("{op} {check}: {:?}", t.failures.first().map(|f| &f.message))
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn throttling_is_retried_and_reported_never_failed() {
    let target = spawn_quota_target().await;
    let result = harness::engine::run(config(&target.url))
        .await
        .expect("run starts");
    let retries: u64 = result.meta.throttling.iter().map(|t| t.retries).sum();
    assert!(retries > 0, "{:#?}", result.meta.throttling);
    assert!(
        result
            .meta
            .notes
            .iter()
            .any(|n| n.contains("throttled answers were retried")),
        "{:#?}",
        result.meta.notes
    );
    // No check failed because of a 429: the throttled answers were retried or not judged.
    assert!(failures(&result).is_empty(), "{:#?}", failures(&result));
    let still: u64 = result
        .meta
        .throttling
        .iter()
        .map(|t| t.still_throttled)
        .sum();
    if still > 0 {
        assert!(
            result
                .meta
                .notes
                .iter()
                .any(|n| n.contains("were still throttled after 3 tries")),
            "{:#?}",
            result.meta.notes
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rate_under_the_quota_is_never_throttled_and_conforms() {
    let target = spawn_quota_target().await;
    let mut paced = config(&target.url);
    paced.rate = Some(QUOTA * 0.75);
    let result = harness::engine::run(paced).await.expect("run starts");
    assert!(
        result.meta.throttling.is_empty(),
        "{:#?}",
        result.meta.throttling
    );
    assert!(result.conforms(), "{:#?}", failures(&result));
    assert!(result.meta.incomplete.is_none());
}
