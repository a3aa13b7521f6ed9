//! `junit.xml`: the report in the JUnit XML dialect every CI system reads (GitHub via test
//! reporters, GitLab, Jenkins, Azure, Buildkite), so conformance shows up as tests.
//!
//! One `<testsuite>` per operation, one `<testcase>` per (operation, check) named by the check
//! id with classname `ConnectCases.<Operation>`. A failed line is a `<failure>` whose `type` is
//! its severity (`MUST`/`SHOULD`, `known` when a baseline excuses it) and whose text carries
//! each kept failure: message, diff, replay command and curl line. Checks selected but never
//! evaluated are `<skipped>` test cases in a suite named `not exercised`.

use std::fmt::Write as _;
use std::time::Duration;

use quick_junit::{NonSuccessKind, TestCase, TestCaseStatus, TestSuite};

use super::model::{CheckResult, Report, Status};

/// Name of the `<testsuites>` element.
pub const REPORT_NAME: &str = "connect-cases-conformance";

/// The report as JUnit XML.
pub fn render(report: &Report) -> anyhow::Result<String> {
    let mut junit = quick_junit::Report::new(REPORT_NAME);
    junit.set_time(Duration::from_millis(report.meta.duration_ms));
    let mut suites: Vec<TestSuite> = Vec::new();
    for line in &report.checks {
        let suite_name = line.operation.as_deref().unwrap_or("not exercised");
        if suites.last().is_none_or(|s| s.name.as_str() != suite_name) {
            let mut suite = TestSuite::new(suite_name);
            suite.add_property(("release", report.meta.release.as_str()));
            suite.add_property(("target", report.meta.target.as_str()));
            suite.add_property(("seed", report.meta.seed.to_string().as_str()));
            for (n, line) in report.meta.policy.iter().enumerate() {
                suite.add_property((
                    format!("policy.{}", n + 1).as_str(),
                    line.describe().as_str(),
                ));
            }
            // Run-quality warnings say the verdicts may not mean what they seem: a CI
            // reading only the JUnit file sees them too.
            for (n, warning) in report.meta.warnings.iter().enumerate() {
                suite.add_property((
                    format!("warning.{}", n + 1).as_str(),
                    format!(
                        "{} {}: {}",
                        warning.kind, warning.operation, warning.message
                    )
                    .as_str(),
                ));
            }
            for s in &report.meta.configuration {
                suite.add_property((
                    format!("config.{}", s.key).as_str(),
                    format!("{} ({})", s.value, s.source).as_str(),
                ));
            }
            suites.push(suite);
        }
        let suite = suites.last_mut().expect("pushed above");
        suite.add_test_case(test_case(report, line));
    }
    junit.add_test_suites(suites);
    Ok(junit.to_string()?)
}

fn test_case(report: &Report, line: &CheckResult) -> TestCase {
    let status = match line.status {
        Status::Pass => TestCaseStatus::success(),
        Status::Skipped => {
            let mut s = TestCaseStatus::skipped();
            s.set_message(
                line.skip_reason
                    .clone()
                    .unwrap_or_else(|| "selected but never evaluated by this run".into()),
            );
            s
        }
        Status::Fail => {
            let mut s = TestCaseStatus::non_success(NonSuccessKind::Failure);
            let operation = line.operation.as_deref().unwrap_or("*");
            let known = report
                .gate
                .known
                .iter()
                .find(|k| k.check == line.check && k.operation == operation);
            let first = line
                .failure_ids
                .first()
                .and_then(|id| report.failure(id))
                .map(|f| f.message.clone())
                .unwrap_or_else(|| line.title.clone());
            s.set_message(format!(
                "{} of {} evaluations failed: {first}",
                line.failed,
                line.failed + line.passed
            ));
            s.set_type(match known {
                Some(_) => format!("{} (known)", line.severity),
                None => line.severity.to_string(),
            });
            s.set_description(description(
                report,
                line,
                known.and_then(|k| k.reason.as_deref()),
            ));
            s
        }
    };
    let mut case = TestCase::new(line.check.as_str(), status);
    case.set_classname(format!(
        "ConnectCases.{}",
        line.operation.as_deref().unwrap_or("unexercised")
    ));
    case.set_assertions((line.passed + line.failed) as usize);
    case
}

/// The failure text: what must hold, then each kept failure with its diff and replay line.
fn description(report: &Report, line: &CheckResult, known: Option<&str>) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{} [{}]: {}", line.check, line.severity, line.title);
    let _ = writeln!(out, "rests on: {}", line.rests_on);
    if let Some(reason) = known {
        let _ = writeln!(out, "known failure (baseline): {reason}");
    }
    for id in &line.failure_ids {
        let Some(f) = report.failure(id) else {
            continue;
        };
        let _ = writeln!(out, "\n{} ({}): {}", f.id, f.case, f.message);
        if !f.diff.is_empty() {
            let _ = writeln!(out, "{}", f.diff.trim_end());
        }
        let _ = writeln!(out, "replay: {}", f.replay);
        if let Some(curl) = &f.curl {
            let _ = writeln!(out, "curl: {curl}");
        }
    }
    let kept = line.failure_ids.len() as u64;
    if line.failed > kept {
        let _ = writeln!(
            out,
            "\n… and {} more failed evaluation(s) not kept in full",
            line.failed - kept
        );
    }
    out
}
