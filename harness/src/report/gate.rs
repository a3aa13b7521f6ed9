//! The CI gate: turns a report into an exit code a pipeline can trust.
//!
//! * exit 0: every check of the fatal severities held, or failed only where a live baseline
//!   entry excuses it, and the run completed;
//! * exit 1: a new failure (not in the baseline), a failure whose baseline entry has expired,
//!   or an incomplete run (deadline, set-up failure);
//! * exit 2 is not decided here: it is the CLI's for usage and harness errors.
//!
//! `MUST` failures are always fatal; `SHOULD` failures only with `--fail-on should`. Baseline
//! entries whose failure no longer occurs are listed as fixed (time to delete them).

use serde::{Deserialize, Serialize};

use super::baseline::{Baseline, BaselineEntry, today_utc};
use super::model::{Report, Status};
use crate::checks::Severity;

/// What the gate applies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GatePolicy {
    /// The weakest severity whose failures are fatal (`Must`: only `MUST`; `Should`: both).
    pub fail_on: Severity,
    /// Known failures.
    pub baseline: Option<Baseline>,
    /// The day expiry is judged on (`YYYY-MM-DD`, UTC); tests pin it.
    pub today: String,
}

impl Default for GatePolicy {
    fn default() -> Self {
        GatePolicy {
            fail_on: Severity::Must,
            baseline: None,
            today: today_utc(),
        }
    }
}

/// One failed (operation, check) line as the gate sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GateItem {
    /// The operation (`*` when the line had none).
    pub operation: String,
    /// The check id.
    pub check: String,
    /// Its severity in the run.
    pub severity: Severity,
    /// Failed evaluations.
    pub failed: u64,
    /// The baseline entry's reason, for known and expired failures.
    pub reason: Option<String>,
    /// The baseline entry's expiry, for known and expired failures.
    pub expires: Option<String>,
}

/// The gate's verdict, stored in the report so every writer can show it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GateOutcome {
    /// Whether the gate passed (exit 0).
    pub passed: bool,
    /// The process exit code: 0 passed, 1 failed.
    pub exit_code: u8,
    /// The weakest fatal severity applied.
    pub fail_on: Option<Severity>,
    /// Whether a baseline was applied.
    pub baseline_applied: bool,
    /// Failures no baseline entry excuses, of a fatal severity: these fail the gate.
    pub new_failures: Vec<GateItem>,
    /// Failures a baseline entry excuses whose expiry has passed: these fail the gate again.
    pub expired: Vec<GateItem>,
    /// Failures a live baseline entry excuses.
    pub known: Vec<GateItem>,
    /// Failures of a severity the gate does not count (`SHOULD` without `--fail-on should`).
    pub tolerated: Vec<GateItem>,
    /// Baseline entries whose failure did not occur: fixed (or no longer exercised).
    pub fixed: Vec<BaselineEntry>,
    /// Why the run is incomplete, which fails the gate.
    pub incomplete: Option<String>,
    /// One line saying why the gate passed or failed.
    pub verdict: String,
}

/// Applies `policy` to `report`.
pub fn evaluate(report: &Report, policy: &GatePolicy) -> GateOutcome {
    let entries: &[BaselineEntry] = policy
        .baseline
        .as_ref()
        .map_or(&[], |b| b.entries.as_slice());
    let fatal = |s: Severity| s == Severity::Must || policy.fail_on == Severity::Should;
    let mut outcome = GateOutcome {
        fail_on: Some(policy.fail_on),
        baseline_applied: policy.baseline.is_some(),
        incomplete: report.meta.incomplete.clone(),
        ..GateOutcome::default()
    };
    let mut used = vec![false; entries.len()];
    for line in report.checks.iter().filter(|c| c.status == Status::Fail) {
        let operation = line.operation.clone().unwrap_or_else(|| "*".into());
        let matched = entries
            .iter()
            .position(|e| e.matches(&operation, &line.check));
        let mut item = GateItem {
            operation,
            check: line.check.clone(),
            severity: line.severity,
            failed: line.failed,
            reason: None,
            expires: None,
        };
        match matched {
            Some(i) => {
                used[i] = true;
                let entry = &entries[i];
                item.reason = Some(entry.reason.clone());
                item.expires = entry.expires.clone();
                if entry.expired_on(&policy.today) && fatal(line.severity) {
                    outcome.expired.push(item);
                } else {
                    outcome.known.push(item);
                }
            }
            None if fatal(line.severity) => outcome.new_failures.push(item),
            None => outcome.tolerated.push(item),
        }
    }
    outcome.fixed = entries
        .iter()
        .zip(&used)
        .filter(|(_, used)| !**used)
        .map(|(e, _)| e.clone())
        .collect();
    outcome.passed = outcome.new_failures.is_empty()
        && outcome.expired.is_empty()
        && outcome.incomplete.is_none();
    outcome.exit_code = if outcome.passed { 0 } else { 1 };
    outcome.verdict = verdict(&outcome, policy.fail_on);
    outcome
}

fn verdict(o: &GateOutcome, fail_on: Severity) -> String {
    let level = match fail_on {
        Severity::Must => "MUST",
        Severity::Should => "MUST or SHOULD",
    };
    let mut reasons = Vec::new();
    if let Some(why) = &o.incomplete {
        reasons.push(format!("the run is incomplete ({why})"));
    }
    if !o.new_failures.is_empty() {
        reasons.push(format!(
            "{} {level} check line(s) failed{}",
            o.new_failures.len(),
            if o.baseline_applied {
                " that the baseline does not list"
            } else {
                ""
            }
        ));
    }
    if !o.expired.is_empty() {
        reasons.push(format!(
            "{} baseline entr{} expired and still fail",
            o.expired.len(),
            if o.expired.len() == 1 {
                "y has"
            } else {
                "ies have"
            }
        ));
    }
    if reasons.is_empty() {
        let mut text = format!("passed: no {level} check failed");
        if !o.known.is_empty() {
            text.push_str(&format!(
                " except {} known failure(s) in the baseline",
                o.known.len()
            ));
        }
        text
    } else {
        format!("failed: {}", reasons.join("; "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::coverage::CoverageReport;
    use crate::report::model::{
        Cases, CheckResult, Meta, OperationScore, Report, Selection, Summary,
    };

    fn line(operation: &str, check: &str, severity: Severity, status: Status) -> CheckResult {
        CheckResult {
            operation: Some(operation.into()),
            check: check.into(),
            family: check.split('.').next().unwrap().into(),
            severity,
            title: String::new(),
            rests_on: String::new(),
            status,
            passed: u64::from(status == Status::Pass),
            failed: u64::from(status == Status::Fail),
            skip_reason: None,
            failure_ids: Vec::new(),
        }
    }

    fn report(checks: Vec<CheckResult>) -> Report {
        Report {
            schema_version: 0,
            meta: Meta {
                run_id: "r".into(),
                harness_version: "0".into(),
                release: "1.34.98".into(),
                target: "http://t".into(),
                embedded_mock: false,
                mock_release: None,
                mock_faults: Vec::new(),
                seed: 1,
                started: String::new(),
                duration_ms: 0,
                cases_per_operation: 0,
                cases: Cases::default(),
                concurrency: 1,
                selection: Selection::default(),
                incomplete: None,
                not_run: Vec::new(),
                throttling: Vec::new(),
                warnings: Vec::new(),
                cleanup: Default::default(),
                policy: Vec::new(),
                configuration: Vec::new(),
                notes: Vec::new(),
            },
            summary: Summary {
                conforms: true,
                checks: 0,
                passed: 0,
                failed: 0,
                skipped: 0,
                must_failed: 0,
                should_failed: 0,
                failures: 0,
                failed_evaluations: 0,
                score: None,
            },
            gate: GateOutcome::default(),
            operations: Vec::<OperationScore>::new(),
            checks,
            failures: Vec::new(),
            setup: Vec::new(),
            coverage: CoverageReport::default(),
        }
    }

    fn entry(operation: &str, check: &str, expires: Option<&str>) -> BaselineEntry {
        BaselineEntry {
            check: check.into(),
            operation: operation.into(),
            reason: "VENDOR-1".into(),
            expires: expires.map(Into::into),
        }
    }

    fn policy(fail_on: Severity, entries: Vec<BaselineEntry>) -> GatePolicy {
        GatePolicy {
            fail_on,
            baseline: Some(Baseline { entries }),
            today: "2024-06-01".into(),
        }
    }

    const REQ: &str = "response.required-members";
    const TOKEN: &str = "pagination.bad-token-rejected";
    const OP: &str = "SearchRelatedItems";

    #[test]
    fn a_new_must_failure_fails_and_a_should_failure_is_tolerated() {
        let r = report(vec![
            line(OP, REQ, Severity::Must, Status::Fail),
            line(OP, TOKEN, Severity::Should, Status::Fail),
            line(OP, "response.types", Severity::Must, Status::Pass),
        ]);
        let o = evaluate(&r, &GatePolicy::default());
        assert!(!o.passed);
        assert_eq!(o.exit_code, 1);
        assert_eq!(o.new_failures.len(), 1);
        assert_eq!(o.new_failures[0].check, REQ);
        assert_eq!(o.tolerated.len(), 1);
        assert!(o.verdict.starts_with("failed: 1 MUST"), "{}", o.verdict);
    }

    #[test]
    fn fail_on_should_makes_should_failures_fatal() {
        let r = report(vec![line(OP, TOKEN, Severity::Should, Status::Fail)]);
        assert!(evaluate(&r, &GatePolicy::default()).passed);
        let o = evaluate(&r, &policy(Severity::Should, vec![]));
        assert!(!o.passed);
        assert_eq!(o.new_failures[0].check, TOKEN);
    }

    #[test]
    fn a_listed_failure_passes_and_a_fixed_one_is_reported() {
        let r = report(vec![line(OP, REQ, Severity::Must, Status::Fail)]);
        let o = evaluate(
            &r,
            &policy(
                Severity::Must,
                vec![
                    entry(OP, REQ, Some("2024-06-01")),
                    entry("GetCaseAuditEvents", "audit.unique-event-ids", None),
                ],
            ),
        );
        assert!(o.passed, "{o:?}");
        assert_eq!(o.exit_code, 0);
        assert_eq!(o.known.len(), 1);
        assert_eq!(o.known[0].reason.as_deref(), Some("VENDOR-1"));
        assert_eq!(o.fixed.len(), 1);
        assert_eq!(o.fixed[0].check, "audit.unique-event-ids");
        assert!(o.verdict.contains("1 known failure"), "{}", o.verdict);
    }

    #[test]
    fn an_expired_entry_fails_again() {
        let r = report(vec![line(OP, REQ, Severity::Must, Status::Fail)]);
        let o = evaluate(
            &r,
            &policy(Severity::Must, vec![entry(OP, REQ, Some("2024-05-31"))]),
        );
        assert!(!o.passed);
        assert_eq!(o.expired.len(), 1);
        assert!(o.known.is_empty() && o.new_failures.is_empty());
        assert!(o.verdict.contains("expired"), "{}", o.verdict);
    }

    #[test]
    fn wildcard_entries_cover_every_operation() {
        let r = report(vec![
            line(OP, REQ, Severity::Must, Status::Fail),
            line("GetCaseAuditEvents", REQ, Severity::Must, Status::Fail),
        ]);
        let o = evaluate(&r, &policy(Severity::Must, vec![entry("*", REQ, None)]));
        assert!(o.passed);
        assert_eq!(o.known.len(), 2);
    }

    #[test]
    fn an_incomplete_run_fails_even_when_clean() {
        let mut r = report(vec![line(OP, REQ, Severity::Must, Status::Pass)]);
        r.meta.incomplete = Some("deadline".into());
        let o = evaluate(&r, &GatePolicy::default());
        assert!(!o.passed);
        assert!(o.verdict.contains("incomplete"), "{}", o.verdict);
    }
}
