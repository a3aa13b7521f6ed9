//! No false alarms: the whole suite against the faithful reference mock yields zero failures,
//! MUST or SHOULD, across ten seeds.

use harness::checks::Severity;
use harness::engine::{self, RunConfig};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_faithful_mock_passes_every_check_for_ten_seeds() {
    for seed in 1..=10u64 {
        let config = RunConfig {
            seed,
            cases: 60,
            sequences: 6,
            concurrency: 8,
            ..RunConfig::default()
        };
        let result = engine::run(config).await.expect("run starts");
        let failures: Vec<String> = result
            .tallies
            .values()
            .flat_map(|t| t.failures.iter())
            .map(|f| format!("{} {} {}: {}", f.id, f.check, f.operation, f.message))
            .collect();
        assert!(
            result.meta.incomplete.is_none(),
            "seed {}: {:?}",
            result.meta.seed,
            result.meta.incomplete
        );
        assert_eq!(
            result.failures_of(Severity::Must),
            0,
            "seed {}: {failures:#?}",
            result.meta.seed
        );
        assert_eq!(
            result.failures_of(Severity::Should),
            0,
            "seed {}: {failures:#?}",
            result.meta.seed
        );
        assert!(
            result.meta.generated_cases >= 6 * 60,
            "seed {}",
            result.meta.seed
        );
        // Every check family the mock can show ran (auth needs signing: see the auth tests).
        let exercised: std::collections::BTreeSet<&str> =
            result.tallies.keys().map(|(_, c)| *c).collect();
        for check in harness::checks::CATALOGUE
            .iter()
            .filter(|c| !c.id.starts_with("auth."))
        {
            assert!(
                exercised.contains(check.id),
                "seed {}: {} never ran",
                result.meta.seed,
                check.id
            );
        }
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
    let result = engine::run(config).await.expect("run starts");
    assert!(result.conforms(), "{:#?}", result.meta);
    assert_eq!(result.failures_of(Severity::Should), 0);
    for check in [
        "auth.unsigned-refused",
        "auth.wrong-scope-refused",
        "auth.tampered-body-refused",
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
