//! `report.md`: GitHub-flavoured Markdown fit to paste into a pull request or to append to a
//! CI job summary (`$GITHUB_STEP_SUMMARY`): verdict, conformance score per operation and
//! overall, the gate, the check lines, the failures with their diffs in `diff` code blocks, and
//! what the run never exercised.
//!
//! It stays well under GitHub's 1 MiB job-summary cap: at most [`MAX_DETAILED_FAILURES`]
//! failures are shown in full and each diff is cut at [`MAX_DIFF_LINES`] lines (the JSON and
//! HTML reports keep everything).

use std::fmt::Write as _;

use super::coverage::Dimension;
use super::gate::GateItem;
use super::model::{CheckResult, FailureReport, Report, Status};

/// Failures shown in full; the rest are listed by id.
pub const MAX_DETAILED_FAILURES: usize = 50;

/// Lines of one diff shown before it is cut.
pub const MAX_DIFF_LINES: usize = 60;

/// The report as Markdown.
pub fn render(report: &Report) -> String {
    let mut out = String::new();
    header(&mut out, report);
    score(&mut out, report);
    out.push_str(&super::parity::markdown(report));
    gate(&mut out, report);
    checks(&mut out, report);
    failures(&mut out, report);
    coverage(&mut out, report);
    out
}

/// `n.nn %`, or `—` when nothing was evaluated.
pub fn format_score(score: Option<f64>) -> String {
    score.map_or_else(|| "—".to_string(), |s| format!("{s:.2} %"))
}

/// Inline code that survives backticks inside `text`.
fn code(text: &str) -> String {
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// Text safe inside a table cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', "<br>")
}

/// A fenced block whose fence is longer than any backtick run inside.
fn fenced(out: &mut String, lang: &str, body: &str) {
    let longest = body.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest.max(2) + 1);
    let _ = writeln!(out, "{fence}{lang}\n{}\n{fence}", body.trim_end());
}

fn header(out: &mut String, report: &Report) {
    let m = &report.meta;
    let verdict = if report.gate.passed {
        "✅ PASSED"
    } else {
        "❌ FAILED"
    };
    let _ = writeln!(out, "# Connect Cases conformance: {verdict}\n");
    let _ = writeln!(
        out,
        "**Gate** (exit {}): {}\n",
        report.gate.exit_code, report.gate.verdict
    );
    let _ = writeln!(out, "| | |\n| --- | --- |");
    let rows = m.summary_rows(code);
    for (k, v) in rows {
        let _ = writeln!(out, "| {k} | {} |", cell(&v));
    }
    if !m.selection.only.is_empty() || m.selection.severity.is_some() {
        let only = m
            .selection
            .only
            .iter()
            .map(|p| code(p))
            .collect::<Vec<_>>()
            .join(", ");
        let severity = m
            .selection
            .severity
            .map_or_else(|| "any".into(), |s| s.to_string());
        let _ = writeln!(
            out,
            "| Selection | {} |",
            cell(&format!("only {only}; severity {severity}"))
        );
    }
    out.push('\n');
    if let Some(reason) = &m.incomplete {
        let _ = writeln!(out, "> [!WARNING]\n> The run is INCOMPLETE: {reason}\n");
    }
    for warning in &m.warnings {
        let _ = writeln!(out, "> [!WARNING]\n> {}\n", warning.message);
    }
    for note in &m.notes {
        let _ = writeln!(out, "> [!NOTE]\n> {note}\n");
    }
    policy_and_configuration(out, m);
}

/// The check-policy overrides with their reasons, and the resolved configuration.
fn policy_and_configuration(out: &mut String, m: &super::Meta) {
    if !m.policy.is_empty() {
        let _ = writeln!(out, "### Check policy\n");
        for line in &m.policy {
            let _ = writeln!(out, "- {}", cell(&line.describe()));
        }
        out.push('\n');
    }
    if !m.configuration.is_empty() {
        let _ = writeln!(
            out,
            "<details><summary>Configuration ({} settings)</summary>\n\n| setting | value | from |\n| --- | --- | --- |",
            m.configuration.len()
        );
        for s in &m.configuration {
            let _ = writeln!(
                out,
                "| {} | {} | {} |",
                code(&s.key),
                cell(&s.value),
                s.source
            );
        }
        let _ = writeln!(out, "\n</details>\n");
    }
}

fn score(out: &mut String, report: &Report) {
    let s = &report.summary;
    let _ = writeln!(out, "## Score\n");
    let _ = writeln!(
        out,
        "**Overall: {}** of evaluated MUST check lines pass. {} lines evaluated: {} passed, \
         {} MUST failed, {} SHOULD failed; {} selected checks never evaluated.\n",
        format_score(s.score),
        s.checks,
        s.passed,
        s.must_failed,
        s.should_failed,
        s.skipped
    );
    let _ = writeln!(
        out,
        "| Operation | Score | Lines | Passed | MUST failed | SHOULD failed |\n| --- | ---: | ---: | ---: | ---: | ---: |"
    );
    for op in &report.operations {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            op.operation,
            format_score(op.score),
            op.checks,
            op.passed,
            op.must_failed,
            op.should_failed
        );
    }
    out.push('\n');
}

fn gate_list(out: &mut String, title: &str, items: &[GateItem]) {
    if items.is_empty() {
        return;
    }
    let _ = writeln!(out, "**{title}**\n");
    for i in items {
        let _ = write!(
            out,
            "- {} on {} ({}, {} failed)",
            code(&i.check),
            i.operation,
            i.severity,
            i.failed
        );
        if let Some(reason) = &i.reason {
            let _ = write!(out, ": {reason}");
        }
        if let Some(expires) = &i.expires {
            let _ = write!(out, " (expires {expires})");
        }
        out.push('\n');
    }
    out.push('\n');
}

fn gate(out: &mut String, report: &Report) {
    let g = &report.gate;
    let _ = writeln!(out, "## Gate\n");
    let fail_on = g.fail_on.map_or_else(|| "MUST".into(), |s| s.to_string());
    let _ = writeln!(
        out,
        "Fatal severity: {fail_on}{}. {}\n",
        if fail_on == "SHOULD" { " and MUST" } else { "" },
        if g.baseline_applied {
            "A baseline of known failures was applied."
        } else {
            "No baseline."
        }
    );
    gate_list(out, "New failures (fail the gate)", &g.new_failures);
    gate_list(out, "Expired baseline entries (fail the gate)", &g.expired);
    gate_list(out, "Known failures (excused by the baseline)", &g.known);
    gate_list(out, "Tolerated failures (severity not fatal)", &g.tolerated);
    if !g.fixed.is_empty() {
        let _ = writeln!(
            out,
            "**Fixed: baseline entries that no longer fail** (remove them)\n"
        );
        for e in &g.fixed {
            let _ = writeln!(out, "- {} on {}: {}", code(&e.check), e.operation, e.reason);
        }
        out.push('\n');
    }
}

fn status_icon(status: Status) -> &'static str {
    match status {
        Status::Pass => "✅ pass",
        Status::Fail => "❌ fail",
        Status::Skipped => "⏭️ skipped",
    }
}

fn check_row(out: &mut String, c: &CheckResult) {
    let detail = match c.status {
        Status::Skipped => c
            .skip_reason
            .clone()
            .unwrap_or_else(|| "not exercised by this run".into()),
        _ => c.failure_ids.join(", "),
    };
    let _ = writeln!(
        out,
        "| {} | {} | {} | {} | {} | {} | {} |",
        status_icon(c.status),
        c.operation.as_deref().unwrap_or("—"),
        code(&c.check),
        c.severity,
        c.passed,
        c.failed,
        cell(&detail)
    );
}

fn checks(out: &mut String, report: &Report) {
    const HEAD: &str = "| Status | Operation | Check | Severity | Passed | Failed | Failures / reason |\n| --- | --- | --- | --- | ---: | ---: | --- |";
    let _ = writeln!(out, "## Checks\n");
    let failed: Vec<&CheckResult> = report.failed_checks().collect();
    if failed.is_empty() {
        let _ = writeln!(out, "No check line failed.\n");
    } else {
        let _ = writeln!(out, "{HEAD}");
        for c in failed {
            check_row(out, c);
        }
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "<details><summary>All {} check lines</summary>\n\n{HEAD}",
        report.checks.len()
    );
    for c in &report.checks {
        check_row(out, c);
    }
    let _ = writeln!(out, "\n</details>\n");
}

/// The first [`MAX_DIFF_LINES`] lines of a diff, with a marker when cut.
fn cut_diff(diff: &str) -> String {
    let lines: Vec<&str> = diff.lines().collect();
    if lines.len() <= MAX_DIFF_LINES {
        return diff.trim_end().to_string();
    }
    format!(
        "{}\n# … {} more lines in report.json / report.html",
        lines[..MAX_DIFF_LINES].join("\n"),
        lines.len() - MAX_DIFF_LINES
    )
}

fn failure(out: &mut String, f: &FailureReport) {
    let _ = writeln!(
        out,
        "### {} — {} on {} ({})\n",
        f.id,
        code(&f.check),
        f.operation,
        f.severity
    );
    let _ = writeln!(out, "{}\n", f.message.trim());
    let mut case = code(&f.case);
    if let Some(m) = &f.mutation {
        case.push_str(&format!(", mutation {}", code(m)));
    }
    if let Some(steps) = f.shrink_steps {
        case.push_str(&format!(", shrunk in {steps} steps"));
    }
    let _ = writeln!(out, "- Case: {case}");
    let _ = writeln!(out, "- Replay: {}\n", code(&f.replay));
    if f.diff.is_empty() {
        let _ = writeln!(
            out,
            "Expected and actual do not differ as JSON; see the message.\n"
        );
    } else {
        fenced(out, "diff", &cut_diff(&f.diff));
        out.push('\n');
    }
    if let Some(curl) = &f.curl {
        let _ = writeln!(out, "<details><summary>curl</summary>\n");
        fenced(out, "sh", curl);
        let _ = writeln!(out, "\n</details>\n");
    }
}

fn failures(out: &mut String, report: &Report) {
    let _ = writeln!(out, "## Failures\n");
    if report.failures.is_empty() {
        let _ = writeln!(out, "None.\n");
        return;
    }
    let kept = report.summary.failures as u64;
    if report.summary.failed_evaluations > kept {
        let _ = writeln!(
            out,
            "{} failed evaluations; the first few of each check line are kept in full ({}).\n",
            report.summary.failed_evaluations, kept
        );
    }
    for f in report.failures.iter().take(MAX_DETAILED_FAILURES) {
        failure(out, f);
    }
    if report.failures.len() > MAX_DETAILED_FAILURES {
        let rest: Vec<&str> = report.failures[MAX_DETAILED_FAILURES..]
            .iter()
            .map(|f| f.id.as_str())
            .collect();
        let _ = writeln!(
            out,
            "Not shown here (see report.html or report.json): {}\n",
            rest.join(", ")
        );
    }
}

fn ratio(d: &Dimension) -> String {
    if d.total() == 0 {
        "—".into()
    } else if d.reachable() == 0 {
        "out of reach".into()
    } else {
        format!("{}/{}", d.exercised.len(), d.reachable())
    }
}

fn coverage(out: &mut String, report: &Report) {
    let c = &report.coverage;
    let _ = writeln!(out, "## Contract coverage\n");
    let _ = writeln!(
        out,
        "**{}** of the contract items a request can provoke, over the {} operations called, \
         were exercised ({} of {}). Items: request members, enum values, union variants, filter \
         kinds, page-size bounds, modeled errors, status codes, optional response members. \
         {} more items are out of any request's reach, listed below with the reason; counting \
         them, {} of all {} items were exercised.\n",
        format_score(c.reachable_percent),
        c.operations.len(),
        c.exercised,
        c.total - c.out_of_reach,
        c.out_of_reach,
        format_score(c.percent),
        c.total
    );
    if let Some(first) = c.operations.first() {
        let names: Vec<&str> = first.dimensions().iter().map(|(n, _)| *n).collect();
        let _ = writeln!(
            out,
            "| Operation | Coverage | {} | out of reach |",
            names.join(" | ")
        );
        let _ = writeln!(
            out,
            "| --- | ---: |{} ---: |",
            " ---: |".repeat(names.len())
        );
    }
    for op in &c.operations {
        let cells: Vec<String> = op.dimensions().iter().map(|(_, d)| ratio(d)).collect();
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} |",
            op.operation,
            format_score(op.reachable_percent),
            cells.join(" | "),
            op.out_of_reach
        );
    }
    out.push('\n');
    let _ = writeln!(out, "<details><summary>Never exercised</summary>\n");
    for op in &c.operations {
        let gaps: Vec<(&str, &Dimension)> = op
            .dimensions()
            .into_iter()
            .filter(|(_, d)| !d.never.is_empty())
            .collect();
        if gaps.is_empty() {
            continue;
        }
        let _ = writeln!(out, "**{}**\n", op.operation);
        for (name, d) in gaps {
            let items: Vec<String> = d.never.iter().map(|i| code(i)).collect();
            let _ = writeln!(out, "- {name}: {}", items.join(", "));
        }
        out.push('\n');
    }
    let _ = writeln!(out, "</details>\n");
    let unreachable = super::coverage::out_of_reach_by_reason(c);
    if !unreachable.is_empty() {
        let _ = writeln!(
            out,
            "<details><summary>Out of reach, by reason ({} items)</summary>\n",
            c.out_of_reach
        );
        for (reason, items) in unreachable {
            let items: Vec<String> = items.iter().map(|i| code(i)).collect();
            let _ = writeln!(out, "- {reason}: {}", items.join(", "));
        }
        out.push('\n');
    }
    let _ = writeln!(out, "</details>\n");
    let outside: Vec<(String, Vec<String>)> = c
        .operations
        .iter()
        .flat_map(|op| {
            op.dimensions()
                .into_iter()
                .filter(|(_, d)| !d.outside_model.is_empty())
                .map(|(name, d)| (format!("{} {name}", op.operation), d.outside_model.clone()))
                .collect::<Vec<_>>()
        })
        .collect();
    if !outside.is_empty() {
        let _ = writeln!(
            out,
            "<details><summary>Seen but outside the model</summary>\n"
        );
        for (what, items) in outside {
            let items: Vec<String> = items.iter().map(|i| code(i)).collect();
            let _ = writeln!(out, "- {what}: {}", items.join(", "));
        }
        let _ = writeln!(out, "\n</details>\n");
    }
    if !c.never_called.is_empty() {
        let _ = writeln!(
            out,
            "Operations never called ({}): {}\n",
            c.never_called.len(),
            c.never_called.join(", ")
        );
    }
    if !c.not_selected.is_empty() {
        let _ = writeln!(
            out,
            "Operations not selected (`--operations`), never sent ({}): {}\n",
            c.not_selected.len(),
            c.not_selected.join(", ")
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_code_survives_backticks() {
        assert_eq!(code("a"), "`a`");
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("`a"), "`` `a ``");
    }

    #[test]
    fn cells_escape_pipes_and_newlines() {
        assert_eq!(cell("a|b\nc"), "a\\|b<br>c");
    }

    #[test]
    fn long_diffs_are_cut() {
        let diff: String = (0..100).map(|i| format!("+{i}\n")).collect();
        let cut = cut_diff(&diff);
        assert_eq!(cut.lines().count(), MAX_DIFF_LINES + 1);
        assert!(cut.ends_with("40 more lines in report.json / report.html"));
    }
}
