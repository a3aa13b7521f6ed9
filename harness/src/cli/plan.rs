//! `harness run --plan`: what a run would send and create, before it is pointed at an account.
//!
//! The run's own suites, with its seed and settings, go against an in-process reference mock of
//! the run's release instead of the target; the requests per operation and the resources per
//! kind are counted from that run's traffic and clean-up. They are the counts a faithful target
//! would see: nothing reaches `--target`.

use std::fmt::Write as _;

use aws_credential_types::Credentials;

use crate::client::SigningConfig;
use crate::embedded::{MockSpec, Target};
use crate::engine::{Fixtures, RunConfig, RunResult};

/// The configuration of the rehearsal of `config`: the same seed, suites and bounds, against
/// an embedded mock; signing (if any) with a stand-in identity the mock checks; no pacing or
/// visibility waits, which change when requests go, not which.
pub fn rehearsal(config: &RunConfig) -> RunConfig {
    let mut plan = config.clone();
    plan.fixtures = Fixtures::default();
    plan.rate = None;
    plan.rate_per_operation = None;
    plan.visibility_wait = std::time::Duration::ZERO;
    plan.keep = false;
    plan.ca_bundle = None;
    plan.insecure = false;
    plan.signing = config.signing.as_ref().map(|s| {
        SigningConfig::new(
            s.region.clone(),
            Credentials::new("AKIDPLAN", "plan-secret", None, None, "harness-plan"),
        )
    });
    plan
}

/// Runs the rehearsal of `config` and returns its result.
pub async fn rehearse(config: &RunConfig) -> anyhow::Result<RunResult> {
    Target::Embedded(MockSpec::default())
        .run(rehearsal(config))
        .await
}

/// The plan as text: requests per operation, resources per kind and what clean-up would do
/// with them, for a run of `config` against `target`.
pub fn render(config: &RunConfig, target: &str, rehearsed: &RunResult) -> String {
    let m = &rehearsed.meta;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "harness run --plan: what this run would send to {target} (nothing was sent to it)\n\
         The counts come from the same run (botocore {}, seed {}, --cases {}, --sequences {}) against an\n\
         in-process reference mock of that release: they are what a faithful target would see.\n",
        config.release, config.seed, config.cases, config.sequences
    );
    let width = m
        .requests_by_operation
        .keys()
        .map(String::len)
        .max()
        .unwrap_or(0)
        .max("operation".len());
    let _ = writeln!(out, "requests per operation:");
    let _ = writeln!(out, "  {:<width$}  {:>8}", "operation", "requests");
    for (operation, sent) in &m.requests_by_operation {
        let _ = writeln!(out, "  {operation:<width$}  {sent:>8}");
    }
    let total: u64 = m.requests_by_operation.values().sum();
    let _ = writeln!(out, "  {:<width$}  {total:>8}\n", "total");

    let _ = writeln!(
        out,
        "resources the run would create, by kind, and what clean-up at its end would do (botocore {}):",
        config.release
    );
    let _ = writeln!(
        out,
        "  {:<16}  {:>7}  {:>7}  {:>11}  {:>4}",
        "kind", "created", "deleted", "with parent", "left"
    );
    for kind in &m.cleanup.kinds {
        let created = kind.deleted + kind.with_parent + kind.left.len() as u64;
        let (deleted, with_parent, left) = if config.keep {
            (0, 0, created)
        } else {
            (kind.deleted, kind.with_parent, kind.left.len() as u64)
        };
        let _ = writeln!(
            out,
            "  {:<16}  {created:>7}  {deleted:>7}  {with_parent:>11}  {left:>4}{}",
            kind.kind,
            match (&kind.reason, left > 0 && !config.keep) {
                (Some(reason), true) => format!("  ({reason})"),
                _ => String::new(),
            }
        );
    }
    if config.keep {
        let _ = writeln!(out, "  (--keep: clean-up is off, everything created stays)");
    }
    let existing: Vec<&str> = [
        ("--domain-id", &config.fixtures.domain_id),
        ("--template-id", &config.fixtures.template_id),
        ("--case-id", &config.fixtures.case_id),
    ]
    .into_iter()
    .filter(|(_, id)| id.is_some())
    .map(|(flag, _)| flag)
    .collect();
    if !existing.is_empty() {
        let _ = writeln!(
            out,
            "\nThe rehearsal provisioned what {} name: the run itself uses those and does not create them.",
            existing.join(", ")
        );
    }
    if config.visibility_wait > std::time::Duration::ZERO {
        let _ = writeln!(
            out,
            "Searches polled while waiting for created items to show (--visibility-wait-secs) add requests an eventually consistent target may see; the mock shows them at once."
        );
    }
    if let Some(reason) = &m.incomplete {
        let _ = writeln!(
            out,
            "\nThe rehearsal did not complete ({reason}): the counts are short."
        );
    }
    out
}
