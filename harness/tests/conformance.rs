//! The conformance suite as a test binary: one trial per (check, operation) and per scenario,
//! so `cargo test --test conformance` runs the suite and ordinary test filters pick checks
//! (`cargo test --test conformance -- pagination.`).
//!
//! The target comes from the environment, the in-process reference mock by default:
//! `CONFORMANCE_TARGET` (URL), `CONFORMANCE_SEED`, `CONFORMANCE_CASES`,
//! `CONFORMANCE_RELEASE`, `CONFORMANCE_DOMAIN_ID`, `CONFORMANCE_TEMPLATE_ID`,
//! `CONFORMANCE_CASE_ID`, `CONFORMANCE_SIGN=1` (credentials from the standard AWS chain,
//! region from `AWS_REGION`), `CONFORMANCE_FAIL_ON=should` (SHOULD failures fail trials).

use std::time::Duration;

use harness::checks::{CATALOGUE, CheckId, Severity};
use harness::client::{SigningConfig, credentials_from_default_chain};
use harness::embedded::Target;
use harness::engine::{Fixtures, RunConfig};
use libtest_mimic::{Arguments, Failed, Trial};

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

fn config(args: &Arguments) -> RunConfig {
    let mut config = RunConfig {
        fixtures: Fixtures {
            domain_id: env("CONFORMANCE_DOMAIN_ID"),
            template_id: env("CONFORMANCE_TEMPLATE_ID"),
            case_id: env("CONFORMANCE_CASE_ID"),
        },
        timeout: Duration::from_secs(10),
        ..RunConfig::default()
    };
    if let Some(seed) = env("CONFORMANCE_SEED").and_then(|s| s.parse().ok()) {
        config.seed = seed;
    }
    if let Some(cases) = env("CONFORMANCE_CASES").and_then(|s| s.parse().ok()) {
        config.cases = cases;
    }
    if let Some(release) = env("CONFORMANCE_RELEASE") {
        config.release = release.parse().expect("CONFORMANCE_RELEASE");
    }
    // A filter naming checks runs only those checks (the run is the expensive part).
    if let Some(filter) = &args.filter {
        let picked: Vec<String> = CATALOGUE
            .iter()
            .filter(|c| c.id.contains(filter.as_str()) || filter.starts_with(c.id))
            .map(|c| c.id.to_string())
            .collect();
        config.only = picked;
    }
    config
}

fn main() {
    let args = Arguments::from_args();
    let mut config = config(&args);
    let fail_on_should = env("CONFORMANCE_FAIL_ON").as_deref() == Some("should");
    let runtime = tokio::runtime::Runtime::new().expect("tokio runtime");
    let result = runtime.block_on(async {
        if env("CONFORMANCE_SIGN").is_some() {
            let credentials = credentials_from_default_chain(None)
                .await
                .expect("AWS credentials");
            let region = env("AWS_REGION").unwrap_or_else(|| "us-east-1".into());
            config.signing = Some(SigningConfig::new(region, credentials));
        }
        env("CONFORMANCE_TARGET")
            .map_or_else(Target::default, Target::Url)
            .run(config)
            .await
            .expect("the conformance run could not start")
    });
    eprintln!(
        "conformance: {} requests against {} (seed {}, release {}) in {} ms",
        result.meta.requests,
        result.meta.target,
        result.meta.seed,
        result.meta.release,
        result.meta.duration_ms
    );

    let mut trials = Vec::new();
    if let Some(reason) = result.meta.incomplete.clone() {
        trials.push(Trial::test("run::complete", move || {
            Err(Failed::from(reason))
        }));
    }
    for ((operation, check_id), tally) in &result.tallies {
        let severity = result.config.severity_of(*check_id);
        let name = format!("{check_id}::{operation}");
        let failures: Vec<String> = tally
            .failures
            .iter()
            .map(|f| {
                format!(
                    "{} [{}] {}\n    expected: {}\n    actual:   {}",
                    f.id, f.case, f.message, f.expected, f.actual
                )
            })
            .collect();
        let (failed, passed) = (tally.failed, tally.passed);
        let fatal = severity == Severity::Must || fail_on_should;
        trials.push(
            Trial::test(name, move || {
                if failed == 0 {
                    return Ok(());
                }
                let text = format!(
                    "{failed} of {} evaluations failed\n{}",
                    failed + passed,
                    failures.join("\n")
                );
                if fatal {
                    Err(Failed::from(text))
                } else {
                    eprintln!("SHOULD (not failing): {text}");
                    Ok(())
                }
            })
            .with_kind(severity.to_string()),
        );
    }
    let exercised: std::collections::BTreeSet<CheckId> =
        result.tallies.keys().map(|(_, c)| *c).collect();
    let policy = result.config.policy();
    for check in CheckId::ALL
        .iter()
        .filter(|c| !exercised.contains(c) && policy.selects(**c))
    {
        trials.push(
            Trial::test(format!("{check}::(not exercised)"), || Ok(())).with_ignored_flag(true),
        );
    }
    libtest_mimic::run(&args, trials).exit();
}
