//! No false alarms: the whole suite against the faithful reference mock yields zero failures,
//! MUST or SHOULD, across ten seeds at the contract release and one at the latest, and every
//! check of the catalogue runs in one of them.

use std::collections::BTreeSet;

use harness::checks::{CheckId, Severity};
use harness::embedded::{MockSpec, Target};
use harness::engine::{self, RunConfig};
use harness::model::Release;

/// One faithful run at `release`: no failure, MUST or SHOULD, and enough generated cases; the
/// checks it exercised.
async fn faithful_run(seed: u64, release: Release) -> BTreeSet<String> {
    let config = RunConfig {
        seed,
        cases: 60,
        sequences: 6,
        concurrency: 8,
        release,
        ..RunConfig::default()
    };
    let result = Target::default().run(config).await.expect("run starts");
    let failures: Vec<String> = result
        .tallies
        .values()
        .flat_map(|t| t.failures.iter())
        .map(|f| format!("{} {} {}: {}", f.id, f.check, f.operation, f.message))
        .collect();
    assert!(
        result.meta.incomplete.is_none(),
        "seed {} at {release}: {:?}",
        result.meta.seed,
        result.meta.incomplete
    );
    assert_eq!(
        result.failures_of(Severity::Must),
        0,
        "seed {} at {release}: {failures:#?}",
        result.meta.seed
    );
    assert_eq!(
        result.failures_of(Severity::Should),
        0,
        "seed {} at {release}: {failures:#?}",
        result.meta.seed
    );
    assert!(
        result.meta.generated_cases >= 6 * 60,
        "seed {} at {release}",
        result.meta.seed
    );
    result
        .tallies
        .keys()
        .map(|(_, c)| c.as_str().to_string())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_faithful_mock_passes_every_check_for_ten_seeds() {
    // The contract release, ten seeds, each exercising what the first did.
    let first = faithful_run(1, Release::default()).await;
    for seed in 2..=10u64 {
        let exercised = faithful_run(seed, Release::default()).await;
        let missing: Vec<&String> = first.difference(&exercised).collect();
        assert!(
            missing.is_empty(),
            "seed {seed}: checks seed 1 ran never ran: {missing:?}"
        );
    }
    // Checks of operations and kinds a later release brought (the related-item operations of
    // 1.44.5) run at the latest release, against its faithful mock.
    let latest = *Release::ALL.last().expect("a release");
    let later = faithful_run(1, latest).await;
    // Every check family the mock can show ran (auth needs signing: see the auth tests;
    // parity needs a recording: see tests/parity.rs).
    for check in harness::checks::CATALOGUE
        .iter()
        .filter(|c| !c.id.starts_with("auth.") && !c.id.starts_with("parity."))
    {
        assert!(
            first.contains(check.id) || later.contains(check.id),
            "{} never ran, at {} or at {latest}",
            check.id,
            Release::default()
        );
    }
}

/// Recognising answers byte-identical to conforming ones (`engine::answers`) is exact: with
/// and without it, a run counts the same passes and failures of every check and covers the
/// same, on the faithful mock and on one whose every answer has the wrong content type (a
/// check of each answer's headers, not of its repeated body).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn recalling_conforming_answers_changes_no_verdict_and_no_coverage() {
    for faults in [vec![], vec![cases_mock::Fault::WrongContentType]] {
        let run = async |recall: bool| {
            let config = RunConfig {
                seed: 21,
                cases: 150,
                // One case at a time: the mock's answers then depend on the seed alone.
                concurrency: 1,
                generated_only: true,
                recall_conforming_answers: recall,
                ..RunConfig::default()
            };
            Target::Embedded(MockSpec::with_faults(faults.iter().copied()))
                .run(config)
                .await
                .expect("run starts")
        };
        let (recalled, read) = (run(true).await, run(false).await);
        let counts = |result: &engine::RunResult| -> Vec<(String, CheckId, u64, u64)> {
            result
                .tallies
                .iter()
                .map(|((op, check), t)| (op.clone(), *check, t.passed, t.failed))
                .collect()
        };
        assert_eq!(counts(&recalled), counts(&read), "faults {faults:?}");
        assert_eq!(recalled.coverage, read.coverage, "faults {faults:?}");
        let (content_type_passes, content_type_failures) = recalled
            .tallies
            .iter()
            .filter(|((_, check), _)| *check == CheckId::ProtocolJsonContentType)
            .fold((0, 0), |(p, f), (_, t)| (p + t.passed, f + t.failed));
        if faults.is_empty() {
            assert_eq!(content_type_failures, 0);
        } else {
            // Every answer, repeated bodies included, is caught.
            assert_eq!(content_type_passes, 0);
            assert!(content_type_failures >= recalled.meta.generated_cases);
        }
        // The comparison means something: many answers were recognised, none without it.
        assert!(
            recalled.meta.recalled_answers * 6 >= recalled.meta.generated_cases,
            "{:?}",
            recalled.meta
        );
        assert_eq!(read.meta.recalled_answers, 0);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_signed_run_against_the_verifying_mock_passes_the_auth_checks() {
    let config = RunConfig {
        seed: 11,
        cases: 20,
        sequences: 2,
        signing: Some(harness::client::SigningConfig::from_keys(
            "us-east-1",
            "AKIDFAITHFUL",
            "faithful-secret",
            None,
        )),
        expect_auth: true,
        ..RunConfig::default()
    };
    let result = Target::default().run(config).await.expect("run starts");
    assert!(result.conforms(), "{:#?}", result.meta);
    assert_eq!(result.failures_of(Severity::Should), 0);
    for check in [
        CheckId::AuthUnsignedRefused,
        CheckId::AuthWrongScopeRefused,
        CheckId::AuthTamperedBodyRefused,
    ] {
        let passed: u64 = result
            .tallies
            .iter()
            .filter(|((_, c), _)| *c == check)
            .map(|(_, t)| t.passed)
            .sum();
        assert!(passed >= 1, "{check} never passed");
    }
}
