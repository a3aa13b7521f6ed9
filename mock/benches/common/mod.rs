//! What the mock's benches share: their load knobs, the one request they make, their
//! runtime, and the domain every workload starts from.

use std::future::Future;

use serde_json::{Value, json};

/// The environment variable `name` as a count, else `default`.
pub fn env_or(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// POSTs `body` as JSON and returns the answer; a non-2xx answer ends the bench with its
/// body, so an error is never measured as throughput.
pub async fn post(client: &reqwest::Client, url: &str, body: String) -> Value {
    let response = client
        .post(url)
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .expect("send");
    let status = response.status();
    let bytes = response.bytes().await.expect("body");
    assert!(
        status.is_success(),
        "{url}: {status} {}",
        String::from_utf8_lossy(&bytes)
    );
    serde_json::from_slice(&bytes).expect("json")
}

/// Runs a bench's workload on a multi-threaded runtime (mock and client share it).
pub fn block_on(workload: impl Future<Output = ()>) {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime")
        .block_on(workload);
}

/// A new domain of the mock at `base`, by id.
pub async fn new_domain(client: &reqwest::Client, base: &str) -> String {
    let domain = post(
        client,
        &format!("{base}/domains"),
        json!({"name": "bench"}).to_string(),
    )
    .await;
    domain["domainId"].as_str().expect("domainId").to_owned()
}
