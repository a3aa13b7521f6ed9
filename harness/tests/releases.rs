//! Conformance per release: the mock emulating 1.34.97 (an implementation from before File)
//! conforms to 1.34.97 and fails 1.34.98 only on File-related checks; the default mock
//! conforms to 1.34.98; `run_all` names the newest release a target conforms to.

use harness::checks::Severity;
use harness::embedded::{MockSpec, Target};
use harness::engine::{RunConfig, RunResult};
use harness::model::Release;

/// The embedded mock emulating `release`.
fn mock(release: cases_mock::MockRelease) -> Target {
    Target::Embedded(MockSpec {
        release: Some(release),
        ..MockSpec::default()
    })
}

fn config(release: Release) -> RunConfig {
    RunConfig {
        release,
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
    let result = mock(cases_mock::MockRelease::V1_34_97)
        .run(config(Release::V1_34_97))
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
    let result = mock(cases_mock::MockRelease::V1_34_97)
        .run(config(Release::V1_34_98))
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
    let mut base = config(Release::CONTRACT);
    base.cases = 20;
    base.sequences = 2;
    let (matrix, results) = mock(cases_mock::MockRelease::V1_34_97)
        .run_all_releases(&base)
        .await
        .unwrap();
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
    // The fixture has content for every related-item kind of every release (1.44.5's Sla,
    // ConnectCase and Custom included): no kind is reported as never evaluated, even where
    // the target refuses the kinds (their creates fail instead).
    let never_evaluated = |result: &RunResult| -> Vec<String> {
        result
            .meta
            .notes
            .iter()
            .filter(|n| {
                n.contains("was never evaluated by the round-trip, filter and audit checks")
            })
            .cloned()
            .collect()
    };
    for result in &results {
        assert!(
            never_evaluated(result).is_empty(),
            "{:#?}",
            never_evaluated(result)
        );
    }
}
