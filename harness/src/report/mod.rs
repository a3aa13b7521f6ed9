//! Reports: one result model for a run ([`Report`]) and the writers that render it.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::Context;
use serde::{Deserialize, Serialize};

use crate::checks::{CATALOGUE, Severity};
use crate::engine::record::Failure;
use crate::engine::{RunMeta, RunResult};

/// The version of the `report.json` layout.
pub const REPORT_SCHEMA_VERSION: u32 = 1;

/// The outcome of one check for one operation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Every evaluation held.
    Pass,
    /// At least one evaluation failed.
    Fail,
}

/// One (operation, check) line of a report.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CheckResult {
    /// The operation.
    pub operation: String,
    /// The check id.
    pub check: String,
    /// Severity in this run.
    pub severity: Severity,
    /// What must hold.
    pub title: String,
    /// What it rests on.
    pub rests_on: String,
    /// Pass or fail.
    pub status: Status,
    /// Evaluations that held.
    pub passed: u64,
    /// Evaluations that failed.
    pub failed: u64,
}

/// Totals of a run.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Summary {
    /// Whether the run conforms: complete, and no `MUST` check failed.
    pub conforms: bool,
    /// (operation, check) pairs evaluated.
    pub checks: usize,
    /// Pairs that passed.
    pub passed: usize,
    /// `MUST` pairs that failed.
    pub must_failed: usize,
    /// `SHOULD` pairs that failed.
    pub should_failed: usize,
    /// Percentage of evaluated `MUST` pairs that passed.
    pub score: f64,
    /// Catalogue checks this run never evaluated (so a green run cannot hide them).
    pub not_exercised: Vec<String>,
}

/// Everything a run found, in the form every writer renders.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Report {
    /// Layout version of this document.
    pub schema_version: u32,
    /// Run metadata.
    pub meta: RunMeta,
    /// Totals.
    pub summary: Summary,
    /// One line per (operation, check).
    pub checks: Vec<CheckResult>,
    /// Every kept failure.
    pub failures: Vec<Failure>,
}

impl Report {
    /// Builds the report of a run.
    pub fn from_run(result: &RunResult) -> Self {
        let mut checks = Vec::new();
        let mut failures = Vec::new();
        for ((operation, check_id), tally) in &result.tallies {
            let check = crate::checks::check(check_id);
            checks.push(CheckResult {
                operation: operation.clone(),
                check: check_id.to_string(),
                severity: result.config.severity_of(check_id),
                title: check.title.to_string(),
                rests_on: check.rests_on.to_string(),
                status: if tally.failed == 0 {
                    Status::Pass
                } else {
                    Status::Fail
                },
                passed: tally.passed,
                failed: tally.failed,
            });
            failures.extend(tally.failures.iter().cloned());
        }
        failures.sort_by(|a, b| a.id.cmp(&b.id));
        let exercised: BTreeSet<&str> = result.tallies.keys().map(|(_, c)| *c).collect();
        let failed = |s: Severity| {
            checks
                .iter()
                .filter(|c| c.status == Status::Fail && c.severity == s)
                .count()
        };
        let must_total = checks
            .iter()
            .filter(|c| c.severity == Severity::Must)
            .count();
        let must_failed = failed(Severity::Must);
        Report {
            schema_version: REPORT_SCHEMA_VERSION,
            meta: result.meta.clone(),
            summary: Summary {
                conforms: result.conforms(),
                checks: checks.len(),
                passed: checks.iter().filter(|c| c.status == Status::Pass).count(),
                must_failed,
                should_failed: failed(Severity::Should),
                score: if must_total == 0 {
                    0.0
                } else {
                    100.0 * (must_total - must_failed) as f64 / must_total as f64
                },
                not_exercised: CATALOGUE
                    .iter()
                    .filter(|c| !exercised.contains(c.id) && result.config.selects(c.id))
                    .map(|c| c.id.to_string())
                    .collect(),
            },
            checks,
            failures,
        }
    }
}

/// `reports/<started>-<seed>` under the current directory.
pub fn default_dir(result: &RunResult) -> PathBuf {
    let stamp: String = result
        .meta
        .started
        .chars()
        .filter(|c| c.is_ascii_digit())
        .take(14)
        .collect();
    PathBuf::from("reports").join(format!("{stamp}-{:x}", result.meta.seed))
}

/// Writes every report file into `dir` and returns it.
pub fn write_all(result: &RunResult, dir: &Path) -> anyhow::Result<PathBuf> {
    fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let report = Report::from_run(result);
    let json = serde_json::to_string_pretty(&report)?;
    fs::write(dir.join("report.json"), json + "\n").context("writing report.json")?;
    Ok(dir.to_path_buf())
}

/// The end-of-run summary printed on the terminal.
pub fn console_summary(result: &RunResult) -> String {
    let report = Report::from_run(result);
    let mut out = String::new();
    let meta = &report.meta;
    let _ = writeln!(
        out,
        "\n{} requests ({} generated) against {} in {:.2}s, seed {}",
        meta.requests,
        meta.generated_cases,
        meta.target,
        meta.duration_ms as f64 / 1000.0,
        meta.seed
    );
    for failure in &report.failures {
        let _ = writeln!(
            out,
            "  {} {:<6} {:<36} {:<20} {}",
            failure.id,
            failure.severity.to_string(),
            failure.check,
            failure.operation,
            failure.message
        );
    }
    if let Some(reason) = &meta.incomplete {
        let _ = writeln!(out, "INCOMPLETE: {reason}");
    }
    for note in &meta.notes {
        let _ = writeln!(out, "note: {note}");
    }
    let s = &report.summary;
    let _ = writeln!(
        out,
        "{}: {} checks, {} passed, {} MUST failed, {} SHOULD failed (score {:.1}%)",
        if s.conforms {
            "CONFORMS"
        } else {
            "DOES NOT CONFORM"
        },
        s.checks,
        s.passed,
        s.must_failed,
        s.should_failed,
        s.score
    );
    if !s.not_exercised.is_empty() {
        let _ = writeln!(out, "not exercised: {}", s.not_exercised.join(", "));
    }
    out
}
