//! The parity section of the reports: per operation, how many recorded steps were compared,
//! what share of the parity verdicts agreed with the recording, and which checks differed
//! with the failures (whose `expected`/`actual` are the recorded and live answers, diffed
//! in the failures section). Read from the report's check lines, as every writer is; empty
//! when the run had no recording.

use std::fmt::Write;

use super::model::{CheckResult, Report};

/// One operation's agreement with the recording.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// The operation.
    pub operation: String,
    /// Recorded steps of it compared (`parity.status` evaluations).
    pub steps: u64,
    /// Parity verdicts that held.
    pub agreed: u64,
    /// Parity verdicts in all.
    pub verdicts: u64,
    /// The checks that differed: `(check, failed evaluations, failure ids)`.
    pub differing: Vec<(String, u64, Vec<String>)>,
}

impl Row {
    /// Share of the verdicts that held, in percent.
    pub fn agreement(&self) -> f64 {
        if self.verdicts == 0 {
            100.0
        } else {
            self.agreed as f64 * 100.0 / self.verdicts as f64
        }
    }
}

/// The parity rows of a report's check lines, by operation; none when no parity check was
/// evaluated.
pub fn rows(checks: &[CheckResult]) -> Vec<Row> {
    let mut rows: Vec<Row> = Vec::new();
    let lines = checks
        .iter()
        .filter(|c| c.family == "parity" && c.passed + c.failed > 0);
    for line in lines {
        let Some(operation) = &line.operation else {
            continue;
        };
        let at = match rows.iter().position(|r| &r.operation == operation) {
            Some(at) => at,
            None => {
                rows.push(Row {
                    operation: operation.clone(),
                    steps: 0,
                    agreed: 0,
                    verdicts: 0,
                    differing: Vec::new(),
                });
                rows.len() - 1
            }
        };
        add(&mut rows[at], line);
    }
    rows.sort_by(|a, b| a.operation.cmp(&b.operation));
    rows
}

fn add(row: &mut Row, line: &CheckResult) {
    if line.check == "parity.status" {
        row.steps += line.passed + line.failed;
    }
    row.agreed += line.passed;
    row.verdicts += line.passed + line.failed;
    if line.failed > 0 {
        row.differing
            .push((line.check.clone(), line.failed, line.failure_ids.clone()));
    }
}

/// The differing checks of a row as one line (`parity.body ×2 (F0003)`), `—` when none.
pub fn differing_text(row: &Row) -> String {
    if row.differing.is_empty() {
        return "—".to_string();
    }
    row.differing
        .iter()
        .map(|(check, failed, ids)| {
            if ids.is_empty() {
                format!("{check} ×{failed}")
            } else {
                format!("{check} ×{failed} ({})", ids.join(", "))
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// The section in Markdown; empty when the run had no recording.
pub fn markdown(report: &Report) -> String {
    table(&rows(&report.checks))
}

fn table(rows: &[Row]) -> String {
    if rows.is_empty() {
        return String::new();
    }
    let mut out = String::from(
        "## Parity\n\nAgreement with the recording, per operation (the differing answers are \
         among the failures, recorded against live).\n\n| Operation | Steps | Agreement | Differing |\n| --- | ---: | ---: | --- |\n",
    );
    for row in rows {
        let _ = writeln!(
            out,
            "| {} | {} | {:.2} % | {} |",
            row.operation,
            row.steps,
            row.agreement(),
            differing_text(row)
        );
    }
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::Severity;
    use crate::report::Status;

    fn line(operation: &str, check: &str, passed: u64, failed: u64) -> CheckResult {
        CheckResult {
            operation: Some(operation.to_string()),
            check: check.to_string(),
            family: check.split('.').next().unwrap_or_default().to_string(),
            severity: Severity::Must,
            title: String::new(),
            rests_on: String::new(),
            status: if failed > 0 {
                Status::Fail
            } else {
                Status::Pass
            },
            passed,
            failed,
            skip_reason: None,
            failure_ids: (0..failed.min(1)).map(|_| "F0001".to_string()).collect(),
        }
    }

    #[test]
    fn rows_count_steps_and_agreement_per_operation_and_name_what_differed() {
        let checks = vec![
            line("GetCase", "parity.status", 3, 1),
            line("GetCase", "parity.body", 4, 0),
            line("GetCase", "protocol.transport", 4, 0),
            line("ListDomains", "parity.status", 1, 0),
        ];
        let rows = rows(&checks);
        assert_eq!(rows.len(), 2, "{rows:?}");
        assert_eq!((rows[0].steps, rows[0].agreed, rows[0].verdicts), (4, 7, 8));
        assert_eq!(differing_text(&rows[0]), "parity.status ×1 (F0001)");
        assert_eq!(rows[1].agreement(), 100.0);
        assert!(table(&rows).contains("| GetCase | 4 | 87.50 % |"));
        assert!(table(&[]).is_empty(), "no section without a recording");
    }
}
