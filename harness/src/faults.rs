//! The fault matrix: the suite against the reference mock with each named fault alone, and
//! against the faithful mock, to show the harness catches real bugs and invents none.
//!
//! A fault counts as detected when the run fails (at the severity of the checks it names)
//! and every check the fault's catalogue entry names (`caught_by`) is among the failures.

use std::collections::BTreeSet;

use crate::checks::{CheckId, Family, Severity};
use crate::client::SigningConfig;
use crate::embedded::{MockSpec, Target};
use crate::engine::{RunConfig, RunResult};

/// Checks that re-check many rules end to end (hand-written scenarios, stateful sequences):
/// any fault may make them fail along with the specific check that names it, so they are not
/// counted as unrelated failures.
pub const COMPOSITE_CHECKS: [CheckId; 2] = [
    CheckId::ScenarioExpectations,
    CheckId::StatefulModelAgreement,
];

/// The outcome of one fault's run.
#[derive(Debug, Clone)]
pub struct FaultRow {
    /// The fault's name.
    pub fault: &'static str,
    /// The release it runs at, when not the contract.
    pub release: Option<&'static str>,
    /// What it does.
    pub description: &'static str,
    /// Checks that must fail.
    pub expected: Vec<&'static str>,
    /// Checks that failed (any severity).
    pub failed: BTreeSet<CheckId>,
    /// Expected checks that did not fail.
    pub missing: Vec<&'static str>,
    /// MUST checks that failed although the fault does not name them (a fault should break
    /// only what it names: anything else is a check misfiring or a missing entry).
    pub unexpected: Vec<String>,
    /// Whether the run's verdict was a failure at the expected checks' severity.
    pub run_failed: bool,
}

impl FaultRow {
    /// Caught by every named check, and the run failed.
    pub fn detected(&self) -> bool {
        self.run_failed && self.missing.is_empty()
    }

    /// Detected, and no MUST check outside the named ones failed.
    pub fn precise(&self) -> bool {
        self.detected() && self.unexpected.is_empty()
    }
}

/// A faithful run's false failures.
#[derive(Debug, Clone)]
pub struct FaithfulRow {
    /// The seed.
    pub seed: u64,
    /// Failed checks (there should be none).
    pub failed: BTreeSet<CheckId>,
}

/// The settings of a matrix run: small but complete suites.
pub fn matrix_config(seed: u64) -> RunConfig {
    RunConfig {
        seed,
        cases: 40,
        sequences: 4,
        concurrency: 8,
        deadline: std::time::Duration::from_secs(120),
        ..RunConfig::default()
    }
}

fn failed_checks(result: &RunResult) -> BTreeSet<CheckId> {
    result
        .tallies
        .iter()
        .filter(|(_, t)| t.failed > 0)
        .map(|((_, check), _)| *check)
        .collect()
}

/// Runs one fault alone.
pub async fn run_fault(info: &cases_mock::FaultInfo, seed: u64) -> anyhow::Result<FaultRow> {
    let mut config = matrix_config(seed);
    if let Some(release) = info.release {
        config.release = release
            .parse()
            .map_err(|e| anyhow::anyhow!("fault {} names release {release}: {e}", info.name))?;
    }
    let caught_by = info
        .caught_by
        .iter()
        .map(|id| {
            CheckId::parse(id).ok_or_else(|| {
                anyhow::anyhow!("fault {} names {id}, which the catalogue lacks", info.name)
            })
        })
        .collect::<anyhow::Result<Vec<CheckId>>>()?;
    let target = Target::Embedded(MockSpec::with_faults([info.fault]));
    if caught_by.iter().any(|c| c.check().family == Family::Auth) {
        // Signature checks need a signing run against a mock that claims to verify.
        config.signing = Some(SigningConfig::from_keys(
            "us-east-1",
            "AKIDMATRIX",
            "matrix-secret",
            None,
        ));
        config.expect_auth = true;
    }
    let severity = if caught_by
        .iter()
        .any(|c| config.severity_of(*c) == Severity::Must)
    {
        Severity::Must
    } else {
        Severity::Should
    };
    let result = target.run(config.clone()).await?;
    let failed = failed_checks(&result);
    let unexpected = failed
        .iter()
        .filter(|c| {
            !caught_by.contains(c)
                && !COMPOSITE_CHECKS.contains(c)
                && config.severity_of(**c) == Severity::Must
        })
        .map(ToString::to_string)
        .collect();
    let missing = info
        .caught_by
        .iter()
        .zip(&caught_by)
        .filter(|(_, id)| !failed.contains(*id))
        .map(|(name, _)| *name)
        .collect();
    Ok(FaultRow {
        fault: info.name,
        release: info.release,
        description: info.description,
        expected: info.caught_by.to_vec(),
        failed,
        missing,
        unexpected,
        run_failed: !result.conforms_at(severity),
    })
}

/// Runs the faithful mock at `seed`.
pub async fn run_faithful(seed: u64) -> anyhow::Result<FaithfulRow> {
    let result = Target::default().run(matrix_config(seed)).await?;
    Ok(FaithfulRow {
        seed,
        failed: failed_checks(&result),
    })
}

/// One row of the matrix table.
pub fn markdown_row(row: &FaultRow) -> String {
    let verdict = if !row.detected() {
        format!("**no** (missing: {})", row.missing.join(", "))
    } else if !row.unexpected.is_empty() {
        format!("yes, but also failed: {}", row.unexpected.join(", "))
    } else {
        "yes".to_string()
    };
    let fault = match row.release {
        Some(release) => format!("`{}` (at {release})", row.fault),
        None => format!("`{}`", row.fault),
    };
    format!(
        "| {} | {} | {} | {} |",
        fault,
        row.description.replace('|', "\\|").replace('\n', " "),
        row.expected
            .iter()
            .map(|c| format!("`{c}`"))
            .collect::<Vec<_>>()
            .join(", "),
        verdict
    )
}

/// The matrix as a Markdown table, with the detection score.
pub fn markdown(rows: &[FaultRow], faithful: &[FaithfulRow]) -> String {
    let mut out = String::from(
        "| fault | what it does | must be caught by | detected |\n| --- | --- | --- | --- |\n",
    );
    for row in rows {
        out.push_str(&markdown_row(row));
        out.push('\n');
    }
    let detected = rows.iter().filter(|r| r.detected()).count();
    let false_failures: usize = faithful.iter().map(|f| f.failed.len()).sum();
    out.push_str(&format!(
        "\nDetection score: **{detected} of {} faults caught** by their named checks; **{false_failures} false failures** on the faithful mock over {} seeds.\n",
        rows.len(),
        faithful.len()
    ));
    out
}
