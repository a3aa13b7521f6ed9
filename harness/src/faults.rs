//! The fault matrix: the suite against the reference mock with each named fault alone, and
//! against the faithful mock, to show the harness catches real bugs and invents none.
//!
//! A fault counts as detected when the run fails (at the severity of the checks it names)
//! and every check the fault's catalogue entry names (`caught_by`) is among the failures.
//!
//! Parity ([`run_parity`]) is the other half of the matrix: the faulty mock recorded and
//! compared with the faithful recording of its release (does the fault change an answer of
//! the recorded flow?), then held to that recording (which parity checks catch it?).

use std::collections::BTreeSet;

use crate::checks::{CheckId, Family, Severity};
use crate::client::SigningConfig;
use crate::embedded::{MockSpec, Target};
use crate::engine::parity::compare::same_answers;
use crate::engine::parity::{Parity, Recording};
use crate::engine::{RunConfig, RunResult};
use crate::model::Release;

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
    /// What parity made of the fault; `None`: not run ([`run_parity`]).
    pub parity: Option<ParityRow>,
}

/// What parity makes of one fault: the faulty mock against the faithful recording of the
/// fault's release.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParityRow {
    /// Whether the fault changes an answer of the recorded flow: a recording of the faulty
    /// mock does not have the faithful recording's answers ([`same_answers`]).
    pub changes: bool,
    /// The parity checks that failed when the faulty mock was held to the faithful recording
    /// (a parity-only run).
    pub failed: BTreeSet<CheckId>,
}

impl ParityRow {
    /// A parity check failed.
    pub fn caught(&self) -> bool {
        !self.failed.is_empty()
    }

    /// The fault changes an answer of the flow, and no parity check failed.
    pub fn escaped(&self) -> bool {
        self.changes && !self.caught()
    }

    /// The matrix table's parity cell.
    pub fn cell(&self) -> String {
        if self.caught() {
            self.failed
                .iter()
                .map(|c| format!("`{c}`"))
                .collect::<Vec<_>>()
                .join(", ")
        } else if self.changes {
            "**NOT CAUGHT**".to_string()
        } else {
            "answers of the flow unchanged".to_string()
        }
    }
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
    config.release = fault_release(info)?;
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
        parity: None,
    })
}

/// The release a fault runs at: the catalogue's `release`, else the contract.
pub fn fault_release(info: &cases_mock::FaultInfo) -> anyhow::Result<Release> {
    match info.release {
        Some(release) => release
            .parse()
            .map_err(|e| anyhow::anyhow!("fault {} names release {release}: {e}", info.name)),
        None => Ok(Release::CONTRACT),
    }
}

/// The settings of a parity run at `release` (the flow's requests are the recording's, so
/// the seed changes nothing in them).
pub fn parity_config(release: Release) -> RunConfig {
    RunConfig {
        release,
        seed: 1,
        cases: 1,
        sequences: 0,
        concurrency: 4,
        ..RunConfig::default()
    }
}

/// Holds the mock with `info`'s fault to `faithful`, the faithful mock's recording of the
/// fault's release (`cases/parity/<release>/`): records the faulty mock and compares the two
/// recordings (does the fault change an answer of the flow?), then runs the parity flow alone
/// against it holding to `faithful` (which parity checks fail?).
pub async fn run_parity(
    info: &cases_mock::FaultInfo,
    faithful: &Recording,
) -> anyhow::Result<ParityRow> {
    let release = fault_release(info)?;
    anyhow::ensure!(
        faithful.release == release.version(),
        "fault {} runs at {release}, but the faithful recording given is of {}",
        info.name,
        faithful.release
    );
    let target = Target::Embedded(MockSpec::with_faults([info.fault]));
    let config = parity_config(release);
    let recorded = target.record(&config).await?;
    let changes = !same_answers(faithful, &recorded);
    let parity = Parity::comparing_all(
        faithful.clone(),
        format!("the faithful recording of {release}"),
    );
    let result = target.run(config.holding_to(parity, true)).await?;
    let failed = failed_checks(&result)
        .into_iter()
        .filter(|c| c.check().family == Family::Parity)
        .collect();
    Ok(ParityRow { changes, failed })
}

/// Runs the faithful mock at `seed`.
pub async fn run_faithful(seed: u64) -> anyhow::Result<FaithfulRow> {
    let result = Target::default().run(matrix_config(seed)).await?;
    Ok(FaithfulRow {
        seed,
        failed: failed_checks(&result),
    })
}

/// The header of the matrix table.
pub const MARKDOWN_HEADER: &str = "| fault | what it does | must be caught by | detected | parity |\n| --- | --- | --- | --- | --- |\n";

/// The cells of one row of the matrix table up to its parity cell: `| fault | … | detected |`.
pub fn matrix_cells(row: &FaultRow) -> String {
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

/// One row of the matrix table.
pub fn markdown_row(row: &FaultRow) -> String {
    let parity = row
        .parity
        .as_ref()
        .map_or_else(|| "not run".to_string(), ParityRow::cell);
    format!("{} {parity} |", matrix_cells(row))
}

/// The matrix as a Markdown table, with the detection score and the parity score.
pub fn markdown(rows: &[FaultRow], faithful: &[FaithfulRow]) -> String {
    let mut out = String::from(MARKDOWN_HEADER);
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
    let parity: Vec<&ParityRow> = rows.iter().filter_map(|r| r.parity.as_ref()).collect();
    if !parity.is_empty() {
        let changing = parity.iter().filter(|p| p.changes).count();
        let caught = parity.iter().filter(|p| p.changes && p.caught()).count();
        let unchanged = parity.iter().filter(|p| !p.changes).count();
        out.push_str(&format!(
            "Parity score: **{caught} of {changing} faults that change an answer of the recorded flow caught** by a parity check; {unchanged} change no answer of it.\n"
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parity(changes: bool, failed: &[CheckId]) -> ParityRow {
        ParityRow {
            changes,
            failed: failed.iter().copied().collect(),
        }
    }

    #[test]
    fn the_parity_cell_names_the_failed_checks_or_says_why_there_are_none() {
        let caught = parity(true, &[CheckId::ParityStatus, CheckId::ParityBody]);
        assert_eq!(caught.cell(), "`parity.body`, `parity.status`");
        assert!(caught.caught() && !caught.escaped());
        let unchanged = parity(false, &[]);
        assert_eq!(unchanged.cell(), "answers of the flow unchanged");
        assert!(!unchanged.escaped());
        let escaped = parity(true, &[]);
        assert_eq!(escaped.cell(), "**NOT CAUGHT**");
        assert!(escaped.escaped());
    }

    #[test]
    fn the_table_has_a_parity_column_and_score() {
        let row = FaultRow {
            fault: "f",
            release: Some("1.44.5"),
            description: "a | b",
            expected: vec!["protocol.json-body"],
            failed: [CheckId::ProtocolJsonBody].into_iter().collect(),
            missing: Vec::new(),
            unexpected: Vec::new(),
            run_failed: true,
            parity: Some(parity(true, &[])),
        };
        assert_eq!(
            markdown_row(&row),
            "| `f` (at 1.44.5) | a \\| b | `protocol.json-body` | yes | **NOT CAUGHT** |"
        );
        assert!(markdown_row(&row).starts_with(&matrix_cells(&row)));
        let table = markdown(&[row], &[]);
        assert!(table.starts_with(MARKDOWN_HEADER), "{table}");
        assert!(
            table.contains("**0 of 1 faults that change an answer of the recorded flow caught**"),
            "{table}"
        );
    }
}
