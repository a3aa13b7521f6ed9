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

/// The resource kinds the release of `config` has a delete operation for.
fn deletable_kinds(config: &RunConfig) -> std::collections::BTreeSet<String> {
    crate::model::ServiceModel::load(config.release)
        .map(|model| {
            crate::contract::resources::resources(&model)
                .into_values()
                .filter(|r| !r.deleted_by.is_empty())
                .map(|r| r.id)
                .collect()
        })
        .unwrap_or_default()
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
    let deletable = deletable_kinds(config);
    for kind in &m.cleanup.kinds {
        let mut created = kind.deleted + kind.with_parent + kind.left.len() as u64;
        let (mut deleted, mut with_parent, mut left) =
            (kind.deleted, kind.with_parent, kind.left.len() as u64);
        // The workspace resource an id names is the run's own only in the rehearsal.
        let given = match kind.kind.as_str() {
            "domainId" => config.fixtures.domain_id.is_some(),
            "templateId" => config.fixtures.template_id.is_some(),
            "caseId" => config.fixtures.case_id.is_some(),
            _ => false,
        };
        if given && created > 0 {
            created -= 1;
            if with_parent > 0 {
                with_parent -= 1;
            } else if deleted > 0 {
                deleted -= 1;
            } else {
                left -= 1;
            }
        }
        // In a domain the run did not create, nothing goes with it: each resource is deleted
        // by its kind's delete operation, or stays.
        if config.fixtures.domain_id.is_some() && with_parent > 0 {
            if deletable.contains(&kind.kind) {
                deleted += with_parent;
            } else {
                left += with_parent;
            }
            with_parent = 0;
        }
        if config.keep {
            (deleted, with_parent, left) = (0, 0, created);
        }
        if created == 0 {
            continue;
        }
        let _ = writeln!(
            out,
            "  {:<16}  {created:>7}  {deleted:>7}  {with_parent:>11}  {left:>4}{}",
            kind.kind,
            if left > 0 && !config.keep && !deletable.contains(&kind.kind) {
                format!(
                    "  (botocore {} has no operation deleting it)",
                    config.release
                )
            } else {
                String::new()
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
            "\nThe run uses what {} name and does not create it; the rehearsal provisioned its own, left out of the resources above (its create and delete requests for them are counted above).",
            existing.join(", ")
        );
    }
    if config.visibility_wait > std::time::Duration::ZERO {
        let _ = writeln!(
            out,
            "Searches polled while waiting for created items to show (--visibility-wait-secs) add requests an eventually consistent target may see; the mock shows them at once."
        );
    }
    if !config.member_values.is_empty() {
        let _ = writeln!(
            out,
            "Valid requests draw contact, file and user ARNs from [fixtures]: the items above name those resources."
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
