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

/// One resource kind of a plan: how many the run would create and what clean-up would do.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct PlannedKind {
    /// The id member naming the kind (`caseId`, `relatedItemId`).
    pub kind: String,
    /// Created by the run.
    pub created: u64,
    /// Deleted by clean-up with the kind's own delete operation.
    pub deleted: u64,
    /// Gone with a parent clean-up deletes (a domain's fields, a case's items).
    pub with_parent: u64,
    /// Left in the account.
    pub left: u64,
    /// Whether the release has no operation deleting the kind (why some are left).
    pub undeletable: bool,
}

/// What a run would send and create, computed once and rendered as text or JSON (`--format
/// json`, for a CI that budgets a run before it sends it).
#[derive(Debug, Clone, serde::Serialize)]
pub struct Plan {
    /// Where the run would go.
    pub target: String,
    /// The botocore release it checks.
    pub release: String,
    /// Its seed (give it with `--seed` to make exactly this run).
    pub seed: u64,
    /// Generated cases per operation.
    pub cases: u32,
    /// Stateful sequences.
    pub sequences: u32,
    /// Requests per operation.
    pub requests: std::collections::BTreeMap<String, u64>,
    /// Their sum.
    pub total_requests: u64,
    /// Resources per kind the run would create, in the order clean-up reports them.
    pub resources: Vec<PlannedKind>,
    /// `--keep`: nothing is cleaned up.
    pub keep: bool,
    /// The flags naming existing resources the run uses rather than creates.
    pub existing: Vec<String>,
    /// What else bears on the counts (visibility polling, fixtures, an incomplete rehearsal).
    pub notes: Vec<String>,
}

/// The plan of a run of `config` against `target`, from its rehearsal.
pub fn plan(config: &RunConfig, target: &str, rehearsed: &RunResult) -> Plan {
    let m = &rehearsed.meta;
    let deletable = deletable_kinds(config);
    let mut resources = Vec::new();
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
        resources.push(PlannedKind {
            kind: kind.kind.clone(),
            created,
            deleted,
            with_parent,
            left,
            undeletable: !deletable.contains(&kind.kind),
        });
    }
    let existing: Vec<String> = [
        ("--domain-id", &config.fixtures.domain_id),
        ("--template-id", &config.fixtures.template_id),
        ("--case-id", &config.fixtures.case_id),
    ]
    .into_iter()
    .filter(|(_, id)| id.is_some())
    .map(|(flag, _)| flag.to_string())
    .collect();
    let mut notes = Vec::new();
    if !existing.is_empty() {
        notes.push(format!(
            "The run uses what {} name and does not create it; the rehearsal provisioned its own, left out of the resources above (its create and delete requests for them are counted above).",
            existing.join(", ")
        ));
    }
    if config.visibility_wait > std::time::Duration::ZERO {
        notes.push("Searches polled while waiting for created items to show (--visibility-wait-secs) add requests an eventually consistent target may see; the mock shows them at once.".into());
    }
    if !config.member_values.is_empty() {
        notes.push("Valid requests draw contact, file and user ARNs from [fixtures]: the items above name those resources.".into());
    }
    if let Some(reason) = &m.incomplete {
        notes.push(format!(
            "The rehearsal did not complete ({reason}): the counts are short."
        ));
    }
    Plan {
        target: target.to_string(),
        release: config.release.to_string(),
        seed: config.seed,
        cases: config.cases,
        sequences: config.sequences,
        total_requests: m.requests_by_operation.values().sum(),
        requests: m.requests_by_operation.clone(),
        resources,
        keep: config.keep,
        existing,
        notes,
    }
}

/// The plan as text: requests per operation, resources per kind and what clean-up would do
/// with them.
pub fn render(plan: &Plan) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "harness run --plan: what this run would send to {} (nothing was sent to it)\n\
         The counts come from the same run (botocore {}, seed {}, --cases {}, --sequences {}) against an\n\
         in-process reference mock of that release: they are what a faithful target would see.\n",
        plan.target, plan.release, plan.seed, plan.cases, plan.sequences
    );
    let width = plan
        .requests
        .keys()
        .map(String::len)
        .max()
        .unwrap_or(0)
        .max("operation".len());
    let _ = writeln!(out, "requests per operation:");
    let _ = writeln!(out, "  {:<width$}  {:>8}", "operation", "requests");
    for (operation, sent) in &plan.requests {
        let _ = writeln!(out, "  {operation:<width$}  {sent:>8}");
    }
    let _ = writeln!(out, "  {:<width$}  {:>8}\n", "total", plan.total_requests);
    let _ = writeln!(
        out,
        "resources the run would create, by kind, and what clean-up at its end would do (botocore {}):",
        plan.release
    );
    let _ = writeln!(
        out,
        "  {:<16}  {:>7}  {:>7}  {:>11}  {:>4}",
        "kind", "created", "deleted", "with parent", "left"
    );
    for k in &plan.resources {
        let _ = writeln!(
            out,
            "  {:<16}  {:>7}  {:>7}  {:>11}  {:>4}{}",
            k.kind,
            k.created,
            k.deleted,
            k.with_parent,
            k.left,
            if k.left > 0 && !plan.keep && k.undeletable {
                format!("  (botocore {} has no operation deleting it)", plan.release)
            } else {
                String::new()
            }
        );
    }
    if plan.keep {
        let _ = writeln!(out, "  (--keep: clean-up is off, everything created stays)");
    }
    // The first note is set apart from the table, as a paragraph.
    for (i, note) in plan.notes.iter().enumerate() {
        let _ = writeln!(out, "{}{note}", if i == 0 { "\n" } else { "" });
    }
    out
}
