//! The conflicts of a running merge are judged only while the merge runs: against a target
//! whose merge finishes while a probe is in flight (the reference mock behind a middleware
//! that holds the UpdateCase probe longer than the mock's merge runs), the probe, which the
//! mock then serves, is not failed but named in a note, the probes after it are not sent,
//! and the merge's other checks still hold.

mod common;

use std::time::Duration;

use axum::body::{Body, to_bytes};
use axum::extract::Request;
use axum::middleware::{self, Next};
use axum::response::Response;
use harness::checks::CheckId;
use harness::engine::RunConfig;
use harness::model::Release;

/// The title the UpdateCase probe sets (`case_ops::conflicts`).
const PROBE_TITLE: &str = "changed while its merge ran";

/// Longer than the mock's merge runs (`MERGE_RUN_MILLIS`, 300 ms).
const HOLD: Duration = Duration::from_millis(600);

async fn hold_the_probe(request: Request, next: Next) -> Response {
    let (parts, body) = request.into_parts();
    let bytes = to_bytes(body, 1 << 20).await.unwrap_or_default();
    if parts.method == axum::http::Method::PUT
        && String::from_utf8_lossy(&bytes).contains(PROBE_TITLE)
    {
        tokio::time::sleep(HOLD).await;
    }
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_probe_the_merge_did_not_run_throughout_is_noted_not_judged() {
    let mock = cases_mock::router(cases_mock::MockConfig {
        release: cases_mock::MockRelease::V1_44_5,
        ..cases_mock::MockConfig::default()
    });
    let target = common::serve(mock.layer(middleware::from_fn(hold_the_probe))).await;
    let config = RunConfig {
        target: target.url.clone(),
        release: Release::V1_44_5,
        seed: 3,
        cases: 4,
        sequences: 0,
        concurrency: 2,
        proxies: Some(harness::client::Proxies::none()),
        only: ["cases.merge-running-conflict", "cases.merge-items-moved"]
            .map(String::from)
            .to_vec(),
        ..RunConfig::default()
    };
    let result = harness::engine::run(config).await.expect("run starts");
    let failed: Vec<String> = result
        .tallies
        .iter()
        .filter(|(_, t)| t.failed > 0)
        .map(|((op, check), _)| format!("{op} {check}"))
        .collect();
    assert!(failed.is_empty(), "{failed:?}\n{:#?}", result.meta.notes);
    let judged = |op: &str| {
        result
            .tallies
            .get(&(op.to_string(), CheckId::CasesMergeRunningConflict))
            .map_or(0, |t| t.passed + t.failed)
    };
    for op in ["UpdateCase", "CreateRelatedItem", "DeleteCase"] {
        assert_eq!(judged(op), 0, "{op} was judged");
    }
    let note = result
        .meta
        .notes
        .iter()
        .find(|n| n.starts_with("cases.merge-running-conflict was not evaluated on UpdateCase"))
        .unwrap_or_else(|| panic!("no note: {:#?}", result.meta.notes));
    assert!(
        note.contains("(answered 200; the merge was no longer running after the answer"),
        "{note}"
    );
    assert!(
        note.contains(
            "DeleteCase of the secondary case (not sent: the merge was no longer running"
        ),
        "{note}"
    );
    // The merge itself is still followed to its end.
    assert!(
        result
            .tallies
            .get(&(
                "SearchRelatedItems".to_string(),
                CheckId::CasesMergeItemsMoved
            ))
            .is_some_and(|t| t.passed > 0),
        "{:#?}",
        result.meta.notes
    );
}
