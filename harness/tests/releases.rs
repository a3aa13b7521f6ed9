//! Conformance per release: the mock emulating 1.34.97 (an implementation from before File)
//! conforms to 1.34.97 and fails 1.34.98 only on File-related checks; the default mock
//! conforms to 1.34.98; `run_all` names the newest release a target conforms to.

use harness::checks::Severity;
use harness::engine::{self, RunConfig, RunResult};
use harness::model::Release;

fn config(release: Release, mock: cases_mock::MockRelease) -> RunConfig {
    RunConfig {
        release,
        mock_release: Some(mock),
        seed: 3,
        cases: 60,
        sequences: 6,
        concurrency: 8,
        ..RunConfig::default()
    }
}

fn failures(result: &RunResult) -> Vec<String> {
    result
        .tallies
        .values()
        .flat_map(|t| t.failures.iter())
        .map(|f| {
            format!(
                "{} {} {} | {} | {} | {}",
                f.check,
                f.operation,
                f.case,
                f.message,
                f.request
                    .as_ref()
                    .map(|r| r.to_string())
                    .unwrap_or_default(),
                f.exchanges
                    .iter()
                    .map(|e| e.request_body.clone().unwrap_or_default())
                    .collect::<Vec<_>>()
                    .join(" ")
            )
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_pre_file_mock_conforms_to_its_own_release() {
    let result = engine::run(config(Release::V1_34_97, cases_mock::MockRelease::V1_34_97))
        .await
        .unwrap();
    assert_eq!(result.meta.release, "1.34.97");
    assert!(result.conforms(), "{:#?}", failures(&result));
    assert_eq!(
        result.failures_of(Severity::Should),
        0,
        "{:#?}",
        failures(&result)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_pre_file_mock_fails_the_file_release_only_on_file() {
    let result = engine::run(config(Release::V1_34_98, cases_mock::MockRelease::V1_34_97))
        .await
        .unwrap();
    assert!(
        !result.conforms(),
        "a pre-File implementation must not conform to 1.34.98"
    );
    let all = failures(&result);
    assert!(!all.is_empty());
    for failure in &all {
        assert!(
            failure.to_lowercase().contains("file"),
            "a failure unrelated to File: {failure}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn run_all_names_the_newest_conforming_release() {
    let mut base = config(Release::CONTRACT, cases_mock::MockRelease::V1_34_97);
    base.cases = 20;
    base.sequences = 2;
    let (matrix, results) = engine::releases::run_all(&base).await.unwrap();
    assert_eq!(results.len(), 3);
    let verdicts: Vec<(String, bool)> = matrix
        .releases
        .iter()
        .map(|v| (v.release.clone(), v.conforms))
        .collect();
    assert_eq!(
        verdicts,
        [
            ("1.34.97".to_string(), true),
            ("1.34.98".to_string(), false),
            ("1.44.5".to_string(), false)
        ]
    );
    assert_eq!(matrix.newest_conforming.as_deref(), Some("1.34.97"));
}
