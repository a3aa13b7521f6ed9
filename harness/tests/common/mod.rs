//! Shared by the report tests: a small faulty Connect Cases target and a fixed-seed run
//! against it, so reports have real failures to render.
//!
//! The target is the reference mock's router behind an axum middleware that breaks two
//! things on `SearchRelatedItems`: every successful answer loses `associationTime` from its
//! related items (a required member), and a garbage `nextToken` gets a 500 instead of a
//! 400. It deliberately uses only `cases_mock::router` and `MockConfig::default()`.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use axum::body::{Body, to_bytes};
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::Response;
use harness::engine::{RunConfig, RunResult};

/// The seed of every report test run.
pub const SEED: u64 = 7;

/// The token the engine's pagination suite sends as garbage (`pagination.bad-token-rejected`).
const GARBAGE_TOKEN: &[u8] = b"not-a-token";

/// The faulty target on loopback; dropping the handle's runtime stops it.
pub struct FaultyTarget {
    /// Base URL, `http://127.0.0.1:<port>`.
    pub url: String,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for FaultyTarget {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Starts the faulty target in the current tokio runtime.
pub async fn spawn_faulty() -> FaultyTarget {
    serve(cases_mock::router(cases_mock::MockConfig::default()).layer(middleware::from_fn(faults)))
        .await
}

/// Serves `app` on 127.0.0.1 in the current tokio runtime until the handle is dropped: the
/// mock, or the mock behind a middleware that makes it behave as a test needs.
pub async fn serve(app: axum::Router) -> FaultyTarget {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind loopback");
    let url = format!("http://{}", listener.local_addr().expect("local addr"));
    let task = tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    FaultyTarget { url, task }
}

async fn faults(request: Request, next: Next) -> Response {
    if !request.uri().path().ends_with("/related-items-search") {
        return next.run(request).await;
    }
    let (parts, body) = request.into_parts();
    let bytes = to_bytes(body, 1 << 20).await.unwrap_or_default();
    if bytes
        .windows(GARBAGE_TOKEN.len())
        .any(|w| w == GARBAGE_TOKEN)
    {
        let mut response = Response::new(Body::from(r#"{"message":"token decoder crashed"}"#));
        *response.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        headers.insert(
            "x-amzn-ErrorType",
            HeaderValue::from_static("InternalServerException"),
        );
        return response;
    }
    let response = next
        .run(Request::from_parts(parts, Body::from(bytes)))
        .await;
    if response.status() != StatusCode::OK {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let bytes = to_bytes(body, 8 << 20).await.unwrap_or_default();
    let Ok(mut json) = serde_json::from_slice::<serde_json::Value>(&bytes) else {
        return Response::from_parts(parts, Body::from(bytes));
    };
    if let Some(items) = json["relatedItems"].as_array_mut() {
        for item in items {
            if let Some(item) = item.as_object_mut() {
                item.remove("associationTime");
            }
        }
    }
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(json.to_string()))
}

/// The run every report test renders: fixed seed, few cases, one request at a time (so
/// failure ids are deterministic), against `url`.
pub fn config(url: &str) -> RunConfig {
    RunConfig {
        target: url.to_string(),
        // The target is on loopback: a proxy of the developer's environment stays out.
        proxies: Some(harness::client::Proxies::none()),
        seed: SEED,
        cases: 20,
        concurrency: 1,
        sequences: 0,
        ..RunConfig::default()
    }
}

/// Runs the suite against a fresh faulty target and returns the result.
pub fn faulty_run() -> RunResult {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let target = spawn_faulty().await;
        harness::engine::run(config(&target.url))
            .await
            .expect("the run completes")
    })
}

/// A fresh, empty scratch folder under the system temp dir for one test.
pub fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("harness-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create scratch dir");
    dir
}

/// Reads a file that must exist.
pub fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
}
