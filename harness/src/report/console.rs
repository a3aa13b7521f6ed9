//! The end-of-run summary on the terminal: a table of scores per operation, every failure with
//! its replay command, what was skipped, and the gate's verdict. Colours are ANSI and only
//! used when the caller says so (a terminal, `NO_COLOR` unset): the CLI decides, this module
//! only renders.

use std::fmt::Write as _;

use super::markdown::format_score;
use super::model::{Report, Status};
use crate::checks::Severity;

/// Whether to paint with ANSI colours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paint {
    /// Colours on.
    pub color: bool,
}

impl Paint {
    fn wrap(self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    /// Green.
    pub fn pass(self, text: &str) -> String {
        self.wrap("32", text)
    }

    /// Bold red.
    pub fn fail(self, text: &str) -> String {
        self.wrap("1;31", text)
    }

    /// Yellow.
    pub fn warn(self, text: &str) -> String {
        self.wrap("33", text)
    }

    /// Bold.
    pub fn bold(self, text: &str) -> String {
        self.wrap("1", text)
    }

    /// Dim.
    pub fn dim(self, text: &str) -> String {
        self.wrap("2", text)
    }
}

/// Pads `text` to `width` columns (characters), then paints the padded text, so colour codes
/// never break the alignment.
fn pad(text: &str, width: usize, right: bool) -> String {
    let n = text.chars().count();
    let fill = " ".repeat(width.saturating_sub(n));
    if right {
        format!("{fill}{text}")
    } else {
        format!("{text}{fill}")
    }
}

/// The summary of `report`, for a report written into `dir` (shown at the end).
pub fn summary(report: &Report, dir_label: &str, paint: Paint) -> String {
    let mut out = String::new();
    let m = &report.meta;
    let s = &report.summary;
    let _ = writeln!(
        out,
        "\n{} requests ({} generated) against {} in {:.2}s, botocore {}, seed {}",
        m.cases.requests,
        m.cases.generated,
        m.target,
        m.duration_ms as f64 / 1000.0,
        m.release,
        m.seed
    );
    let width = report
        .operations
        .iter()
        .map(|o| o.operation.chars().count())
        .max()
        .unwrap_or(0)
        .max("operation".len());
    let _ = writeln!(
        out,
        "\n  {} {} {} {} {} {}",
        paint.bold(&pad("operation", width, false)),
        paint.bold(&pad("score", 9, true)),
        paint.bold(&pad("lines", 6, true)),
        paint.bold(&pad("passed", 7, true)),
        paint.bold(&pad("MUST ✗", 7, true)),
        paint.bold(&pad("SHOULD ✗", 9, true)),
    );
    for op in &report.operations {
        let score = pad(&format_score(op.score), 9, true);
        let score = if op.must_failed > 0 {
            paint.fail(&score)
        } else if op.should_failed > 0 {
            paint.warn(&score)
        } else {
            paint.pass(&score)
        };
        let must = pad(&op.must_failed.to_string(), 7, true);
        let should = pad(&op.should_failed.to_string(), 9, true);
        let _ = writeln!(
            out,
            "  {} {score} {} {} {} {}",
            pad(&op.operation, width, false),
            pad(&op.checks.to_string(), 6, true),
            pad(&op.passed.to_string(), 7, true),
            if op.must_failed > 0 {
                paint.fail(&must)
            } else {
                must
            },
            if op.should_failed > 0 {
                paint.warn(&should)
            } else {
                should
            },
        );
    }
    let _ = writeln!(
        out,
        "  {} {} {} {} {} {}",
        paint.bold(&pad("overall", width, false)),
        paint.bold(&pad(&format_score(s.score), 9, true)),
        pad(&s.checks.to_string(), 6, true),
        pad(&s.passed.to_string(), 7, true),
        pad(&s.must_failed.to_string(), 7, true),
        pad(&s.should_failed.to_string(), 9, true),
    );
    parity(&mut out, report, paint);

    if !report.failures.is_empty() {
        let _ = writeln!(out, "\n{}", paint.bold("failures:"));
        for f in &report.failures {
            let severity = pad(&f.severity.to_string(), 6, false);
            let severity = match f.severity {
                Severity::Must => paint.fail(&severity),
                Severity::Should => paint.warn(&severity),
            };
            let _ = writeln!(
                out,
                "  {} {severity} {} {} {}",
                paint.bold(&f.id),
                f.check,
                f.operation,
                f.message.lines().next().unwrap_or_default()
            );
            let _ = writeln!(out, "        {}", paint.dim(&f.replay));
        }
    }
    let skipped: Vec<String> = report
        .checks
        .iter()
        .filter(|c| c.status == Status::Skipped)
        .map(|c| match &c.skip_reason {
            Some(reason) => format!("{} ({reason})", c.check),
            None => c.check.clone(),
        })
        .collect();
    if !skipped.is_empty() {
        let _ = writeln!(out, "\n{}", paint.warn("never evaluated:"));
        for s in skipped {
            let _ = writeln!(out, "  {s}");
        }
    }
    if let Some(reason) = &m.incomplete {
        let _ = writeln!(out, "\n{} {reason}", paint.fail("INCOMPLETE:"));
    }
    for warning in &m.warnings {
        let _ = writeln!(out, "{} {}", paint.warn("warning:"), warning.message);
    }
    for line in &m.policy {
        let _ = writeln!(out, "{} {}", paint.warn("policy:"), line.describe());
    }
    for note in &m.notes {
        let _ = writeln!(out, "note: {note}");
    }
    let c = &report.coverage;
    let _ = writeln!(
        out,
        "\ncontract coverage: {} of the {} items a request can provoke exercised ({}; {} more out \
         of reach, {} of all) across {} operations called; {} operations never called (see \
         report.md)",
        c.exercised,
        c.total - c.out_of_reach,
        format_score(c.reachable_percent),
        c.out_of_reach,
        format_score(c.percent),
        c.operations.len(),
        c.never_called.len()
    );
    if !c.not_selected.is_empty() {
        let _ = writeln!(
            out,
            "not selected (--operations), never sent: {}",
            c.not_selected.join(", ")
        );
    }
    let g = &report.gate;
    for e in &g.fixed {
        let _ = writeln!(
            out,
            "{} {} on {} no longer fails: remove it from the baseline",
            paint.pass("fixed:"),
            e.check,
            e.operation
        );
    }
    for e in &g.expired {
        let _ = writeln!(
            out,
            "{} {} on {} (expired {})",
            paint.fail("baseline entry expired:"),
            e.check,
            e.operation,
            e.expires.as_deref().unwrap_or("?")
        );
    }
    let verdict = if g.passed {
        paint.pass(&format!("PASSED (exit {})", g.exit_code))
    } else {
        paint.fail(&format!("FAILED (exit {})", g.exit_code))
    };
    let _ = writeln!(out, "\ngate: {verdict}: {}", g.verdict);
    let _ = writeln!(out, "reports: {dir_label}");
    out
}

/// The agreement with the recording ([`super::parity`]): one line overall, one per operation
/// that differed; nothing when the run had no recording.
fn parity(out: &mut String, report: &Report, paint: Paint) {
    let rows = super::parity::rows(&report.checks);
    if rows.is_empty() {
        return;
    }
    let steps: u64 = rows.iter().map(|r| r.steps).sum();
    let agreed: u64 = rows.iter().map(|r| r.agreed).sum();
    let verdicts: u64 = rows.iter().map(|r| r.verdicts).sum();
    let agreement = if verdicts == 0 {
        100.0
    } else {
        agreed as f64 * 100.0 / verdicts as f64
    };
    let text = format!(
        "\nparity: {steps} recorded steps compared over {} operations, {agreement:.2} % of {verdicts} verdicts agree",
        rows.len()
    );
    let _ = writeln!(
        out,
        "{}",
        if agreed == verdicts {
            paint.pass(&text)
        } else {
            paint.warn(&text)
        }
    );
    for row in rows.iter().filter(|r| !r.differing.is_empty()) {
        let _ = writeln!(
            out,
            "  {} {:.2} %: {}",
            row.operation,
            row.agreement(),
            super::parity::differing_text(row)
        );
    }
}
