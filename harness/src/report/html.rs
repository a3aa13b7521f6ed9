//! `report.html`: one self-contained page for vendors and reviewers — no external asset, no
//! network, inline CSS and a small inline script — so it can be mailed, attached to a ticket
//! or opened from a CI artifact offline.
//!
//! It shows the verdict and score, a score per operation, a matrix of operations by checks,
//! the gate, failures that expand (`<details>`) into the request, the response and a coloured
//! diff, and the contract coverage. The script only adds conveniences (filter, expand all,
//! copy replay lines); everything is readable without it. When it has run it sets
//! `data-ready="ok"` on `<html>` (and `data-script-error` on an error), which the browser test
//! checks.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::coverage::Dimension;
use super::markdown::format_score;
use super::model::{CheckResult, FailureReport, RecordedExchange, Report, Status};
use crate::checks::CATALOGUE;

/// Escapes text for HTML element content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = r#"
:root { --fg:#1b1f24; --muted:#59636e; --bg:#ffffff; --panel:#f6f8fa; --line:#d1d9e0;
  --pass:#1a7f37; --pass-bg:#dafbe1; --fail:#cf222e; --fail-bg:#ffebe9; --skip:#9a6700; --skip-bg:#fff8c5;
  --hunk:#0550ae; }
@media (prefers-color-scheme: dark) { :root { --fg:#e6edf3; --muted:#9198a1; --bg:#0d1117; --panel:#151b23;
  --line:#3d444d; --pass:#3fb950; --pass-bg:#12261e; --fail:#f85149; --fail-bg:#25171c; --skip:#d29922;
  --skip-bg:#272115; --hunk:#4493f8; } }
* { box-sizing: border-box; }
body { font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg);
  background: var(--bg); margin: 0 auto; padding: 24px; max-width: 1400px; }
h1 { font-size: 24px; margin: 0 0 8px; } h2 { font-size: 19px; border-bottom: 1px solid var(--line);
  padding-bottom: 4px; margin-top: 32px; }
code, pre { font: 12.5px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
pre { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px;
  overflow-x: auto; white-space: pre; margin: 6px 0; }
table { border-collapse: collapse; margin: 8px 0; } th, td { border: 1px solid var(--line);
  padding: 3px 8px; text-align: left; vertical-align: top; } th { background: var(--panel); }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.badge { display: inline-block; padding: 2px 10px; border-radius: 12px; font-weight: 600; }
.badge.pass { color: var(--pass); background: var(--pass-bg); }
.badge.fail { color: var(--fail); background: var(--fail-bg); }
.badge.skipped { color: var(--skip); background: var(--skip-bg); }
.cards { display: flex; gap: 12px; flex-wrap: wrap; margin: 16px 0; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 10px 16px; min-width: 150px;
  background: var(--panel); } .card .big { font-size: 26px; font-weight: 700; }
.card .label { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
.bar { background: var(--line); border-radius: 4px; height: 8px; width: 120px; display: inline-block;
  vertical-align: middle; margin-right: 6px; } .bar > span { display: block; height: 100%;
  border-radius: 4px; background: var(--pass); }
.matrix { overflow-x: auto; } .matrix table { font-size: 12px; }
.matrix th.check { writing-mode: vertical-rl; transform: rotate(180deg); white-space: nowrap;
  font-weight: 500; padding: 6px 2px; }
.matrix td.cell { text-align: center; min-width: 22px; padding: 2px; }
.cell.pass { color: var(--pass); background: var(--pass-bg); }
.cell.fail { color: var(--fail); background: var(--fail-bg); font-weight: 700; }
.cell.fail a { color: inherit; text-decoration: none; }
.muted { color: var(--muted); }
details.failure { border: 1px solid var(--line); border-left: 4px solid var(--fail); border-radius: 6px;
  margin: 8px 0; padding: 4px 12px; } details.failure[data-severity="SHOULD"] { border-left-color: var(--skip); }
details.failure > summary { cursor: pointer; padding: 4px 0; }
details.failure > summary .id { font-weight: 700; font-family: ui-monospace, monospace; }
.diff .add { color: var(--pass); background: var(--pass-bg); display: inline-block; width: 100%; }
.diff .del { color: var(--fail); background: var(--fail-bg); display: inline-block; width: 100%; }
.diff .hunk { color: var(--hunk); } .diff .meta { color: var(--muted); }
table.sbs { table-layout: fixed; width: 100%; font-family: ui-monospace, monospace; font-size: 12px; }
table.sbs td { white-space: pre-wrap; word-break: break-all; vertical-align: top; padding: 0 6px; }
table.sbs col.no { width: 3.5em; } table.sbs td.no { color: var(--muted); text-align: right; }
table.sbs td.del { color: var(--fail); background: var(--fail-bg); }
table.sbs td.add { color: var(--pass); background: var(--pass-bg); }
table.sbs tr.hunk td { color: var(--hunk); } table.sbs th { text-align: left; }
.exchange { border-top: 1px dashed var(--line); margin-top: 8px; padding-top: 4px; }
.toolbar { display: flex; gap: 8px; align-items: center; margin: 8px 0; }
.toolbar input { padding: 4px 8px; border: 1px solid var(--line); border-radius: 6px; min-width: 280px;
  background: var(--bg); color: var(--fg); }
button { font: inherit; padding: 3px 10px; border: 1px solid var(--line); border-radius: 6px;
  background: var(--panel); color: var(--fg); cursor: pointer; }
ul.items { margin: 4px 0 8px; padding-left: 20px; } ul.items code { font-size: 12px; }
.hidden { display: none; }
"#;

const SCRIPT: &str = r#"
(function () {
  "use strict";
  var root = document.documentElement;
  window.addEventListener("error", function (e) {
    root.setAttribute("data-script-error", String(e.message || e));
  });
  try {
    var failures = Array.prototype.slice.call(document.querySelectorAll("details.failure"));
    var filter = document.getElementById("failure-filter");
    var shown = document.getElementById("failures-shown");
    function apply() {
      var q = (filter.value || "").toLowerCase();
      var n = 0;
      failures.forEach(function (d) {
        var hit = !q || d.textContent.toLowerCase().indexOf(q) >= 0;
        d.classList.toggle("hidden", !hit);
        if (hit) { n += 1; }
      });
      shown.textContent = n + " of " + failures.length + " shown";
    }
    if (filter && shown) { filter.addEventListener("input", apply); apply(); }
    function setAll(open) { failures.forEach(function (d) { d.open = open; }); }
    var expand = document.getElementById("expand-all");
    var collapse = document.getElementById("collapse-all");
    if (expand) { expand.addEventListener("click", function () { setAll(true); }); }
    if (collapse) { collapse.addEventListener("click", function () { setAll(false); }); }
    document.querySelectorAll("button.copy").forEach(function (b) {
      b.addEventListener("click", function () {
        var text = b.getAttribute("data-copy") || "";
        var done = function () { b.textContent = "copied"; };
        if (navigator.clipboard && navigator.clipboard.writeText) {
          navigator.clipboard.writeText(text).then(done, function () { window.prompt("Copy:", text); });
        } else { window.prompt("Copy:", text); }
      });
    });
    if (location.hash) {
      var target = document.getElementById(location.hash.slice(1));
      if (target && target.tagName === "DETAILS") { target.open = true; }
    }
    root.setAttribute("data-failures", String(failures.length));
    root.setAttribute("data-ready", "ok");
  } catch (e) {
    root.setAttribute("data-script-error", String(e && e.message || e));
  }
})();
"#;

/// The report as one self-contained HTML page.
pub fn render(report: &Report) -> String {
    let mut out = String::new();
    let m = &report.meta;
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>Connect Cases conformance: {} ({})</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        if report.gate.passed {
            "PASSED"
        } else {
            "FAILED"
        },
        escape(&m.target)
    );
    header(&mut out, report);
    operations(&mut out, report);
    parity(&mut out, report);
    matrix(&mut out, report);
    gate(&mut out, report);
    failures(&mut out, report);
    coverage(&mut out, report);
    let _ = write!(
        out,
        "<footer class=\"muted\"><p>connect-cases-conformance {} · report layout {} · \
         generated from report.json</p></footer>\n<script>{SCRIPT}</script>\n</body>\n</html>\n",
        escape(&m.harness_version),
        report.schema_version
    );
    out
}

fn badge(passed: bool) -> &'static str {
    if passed {
        "<span class=\"badge pass\">PASSED</span>"
    } else {
        "<span class=\"badge fail\">FAILED</span>"
    }
}

fn header(out: &mut String, report: &Report) {
    let m = &report.meta;
    let s = &report.summary;
    let _ = writeln!(
        out,
        "<header>\n<h1>Connect Cases conformance {}</h1>\n<p id=\"gate-verdict\">Gate (exit {}): {}</p>",
        badge(report.gate.passed),
        report.gate.exit_code,
        escape(&report.gate.verdict)
    );
    let _ = writeln!(out, "<div class=\"cards\">");
    let cards = [
        ("score", format_score(s.score), "MUST lines passing"),
        (
            "lines",
            format!("{}/{}", s.passed, s.checks),
            "check lines passed",
        ),
        (
            "failed",
            format!("{} / {}", s.must_failed, s.should_failed),
            "MUST / SHOULD lines failed",
        ),
        ("failures", s.failures.to_string(), "failures kept"),
        ("skipped", s.skipped.to_string(), "checks never evaluated"),
        (
            "coverage",
            format_score(report.coverage.reachable_percent),
            "provokable contract items exercised",
        ),
    ];
    for (id, value, label) in cards {
        let _ = writeln!(
            out,
            "<div class=\"card\"><div class=\"big\" id=\"{id}\">{}</div><div class=\"label\">{}</div></div>",
            escape(&value),
            escape(label)
        );
    }
    let _ = writeln!(out, "</div>\n<table class=\"meta\">");
    let rows = m.summary_rows(str::to_string);
    for (k, v) in rows {
        let _ = writeln!(out, "<tr><th>{k}</th><td>{}</td></tr>", escape(&v));
    }
    let _ = writeln!(out, "</table>");
    if let Some(reason) = &m.incomplete {
        let _ = writeln!(
            out,
            "<p class=\"badge fail\">INCOMPLETE: {}</p>",
            escape(reason)
        );
    }
    for warning in &m.warnings {
        let _ = writeln!(
            out,
            "<p class=\"badge fail\">Warning: {}</p>",
            escape(&warning.message)
        );
    }
    for note in &m.notes {
        let _ = writeln!(out, "<p class=\"muted\">Note: {}</p>", escape(note));
    }
    for line in &m.policy {
        let _ = writeln!(
            out,
            "<p class=\"badge skipped\">Policy: {}</p>",
            escape(&line.describe())
        );
    }
    if !m.configuration.is_empty() {
        let _ = writeln!(
            out,
            "<details><summary>Configuration ({} settings)</summary><table class=\"meta\">",
            m.configuration.len()
        );
        for s in &m.configuration {
            let _ = writeln!(
                out,
                "<tr><th>{}</th><td>{}</td><td class=\"muted\">{}</td></tr>",
                escape(&s.key),
                escape(&s.value),
                escape(&s.source)
            );
        }
        let _ = writeln!(out, "</table></details>");
    }
    let _ = writeln!(out, "</header>");
}

fn bar(score: Option<f64>) -> String {
    format!(
        "<span class=\"bar\"><span style=\"width:{:.0}%\"></span></span>",
        score.unwrap_or(0.0)
    )
}

/// Agreement with the recording per operation ([`super::parity`]); nothing without one.
fn parity(out: &mut String, report: &Report) {
    let rows = super::parity::rows(&report.checks);
    if rows.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "<section id=\"parity\">\n<h2>Parity</h2>\n<p class=\"muted\">Agreement with the recording, \
         per operation; the differing answers are among the failures, recorded against live.</p>\n\
         <table>\n<tr><th>Operation</th><th>Steps</th><th>Agreement</th><th>Differing</th></tr>"
    );
    for row in &rows {
        let agreement = row.agreement();
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td class=\"num\">{}</td><td>{}{:.2} %</td><td>{}</td></tr>",
            escape(&row.operation),
            row.steps,
            bar(Some(agreement)),
            agreement,
            escape(&super::parity::differing_text(row))
        );
    }
    let _ = writeln!(out, "</table>\n</section>");
}

fn operations(out: &mut String, report: &Report) {
    let _ = writeln!(
        out,
        "<section id=\"operations\">\n<h2>Score per operation</h2>\n<table>\n<tr><th>Operation</th>\
         <th>Score (MUST)</th><th>Lines</th><th>Passed</th><th>MUST failed</th><th>SHOULD failed</th></tr>"
    );
    for op in &report.operations {
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>\
             <td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            escape(&op.operation),
            bar(op.score),
            escape(&format_score(op.score)),
            op.checks,
            op.passed,
            op.must_failed,
            op.should_failed
        );
    }
    let _ = writeln!(out, "</table>\n</section>");
}

fn matrix(out: &mut String, report: &Report) {
    let mut columns: Vec<&str> = report
        .checks
        .iter()
        .filter(|c| c.operation.is_some())
        .map(|c| c.check.as_str())
        .collect();
    columns.sort_by_key(|id| CATALOGUE.iter().position(|c| c.id == *id));
    columns.dedup();
    let mut cells: BTreeMap<(&str, &str), &CheckResult> = BTreeMap::new();
    for c in &report.checks {
        if let Some(op) = &c.operation {
            cells.insert((op.as_str(), c.check.as_str()), c);
        }
    }
    let _ = writeln!(
        out,
        "<section id=\"matrix\">\n<h2>Operations × checks</h2>\n<p class=\"muted\">✓ every \
         evaluation held · ✗ at least one failed (click for the first failure) · blank: not \
         evaluated for that operation. Hover a cell for counts.</p>\n<div class=\"matrix\"><table>\n<tr><th>Operation</th>"
    );
    for id in &columns {
        let _ = write!(
            out,
            "<th class=\"check\" title=\"{}\">{}</th>",
            escape(id),
            escape(id)
        );
    }
    let _ = writeln!(out, "</tr>");
    for op in &report.operations {
        let _ = write!(out, "<tr><th>{}</th>", escape(&op.operation));
        for id in &columns {
            match cells.get(&(op.operation.as_str(), *id)) {
                None => out.push_str("<td class=\"cell\"></td>"),
                Some(c) => {
                    let title = format!(
                        "{} {} ({}): {} passed, {} failed",
                        op.operation, id, c.severity, c.passed, c.failed
                    );
                    match (c.status, c.failure_ids.first()) {
                        (Status::Fail, Some(first)) => {
                            let _ = write!(
                                out,
                                "<td class=\"cell fail\" title=\"{}\"><a href=\"#{}\">✗</a></td>",
                                escape(&title),
                                escape(first)
                            );
                        }
                        (Status::Fail, None) => {
                            let _ = write!(
                                out,
                                "<td class=\"cell fail\" title=\"{}\">✗</td>",
                                escape(&title)
                            );
                        }
                        _ => {
                            let _ = write!(
                                out,
                                "<td class=\"cell pass\" title=\"{}\">✓</td>",
                                escape(&title)
                            );
                        }
                    }
                }
            }
        }
        let _ = writeln!(out, "</tr>");
    }
    let _ = writeln!(out, "</table></div>");
    let skipped: Vec<&CheckResult> = report
        .checks
        .iter()
        .filter(|c| c.status == Status::Skipped)
        .collect();
    if !skipped.is_empty() {
        let _ = writeln!(
            out,
            "<h3>Selected but never evaluated <span class=\"badge skipped\">{}</span></h3>\n<table>\
             <tr><th>Check</th><th>Severity</th><th>Why</th></tr>",
            skipped.len()
        );
        for c in skipped {
            let _ = writeln!(
                out,
                "<tr><td><code>{}</code></td><td>{}</td><td>{}</td></tr>",
                escape(&c.check),
                c.severity,
                escape(
                    c.skip_reason
                        .as_deref()
                        .unwrap_or("not exercised by this run")
                )
            );
        }
        let _ = writeln!(out, "</table>");
    }
    let _ = writeln!(out, "</section>");
}

fn gate(out: &mut String, report: &Report) {
    let g = &report.gate;
    let _ = writeln!(
        out,
        "<section id=\"gate\">\n<h2>Gate {}</h2>\n<p>{}</p>",
        badge(g.passed),
        escape(&g.verdict)
    );
    let lists = [
        ("New failures (fail the gate)", &g.new_failures),
        ("Expired baseline entries (fail the gate)", &g.expired),
        ("Known failures (excused by the baseline)", &g.known),
        ("Tolerated failures (severity not fatal)", &g.tolerated),
    ];
    for (title, items) in lists {
        if items.is_empty() {
            continue;
        }
        let _ = writeln!(out, "<h3>{title}</h3>\n<ul class=\"items\">");
        for i in items.iter() {
            let mut extra = String::new();
            if let Some(r) = &i.reason {
                extra.push_str(&format!(": {r}"));
            }
            if let Some(e) = &i.expires {
                extra.push_str(&format!(" (expires {e})"));
            }
            let _ = writeln!(
                out,
                "<li><code>{}</code> on {} ({}, {} failed){}</li>",
                escape(&i.check),
                escape(&i.operation),
                i.severity,
                i.failed,
                escape(&extra)
            );
        }
        let _ = writeln!(out, "</ul>");
    }
    if !g.fixed.is_empty() {
        let _ = writeln!(
            out,
            "<h3>Fixed: baseline entries that no longer fail</h3>\n<ul class=\"items\">"
        );
        for e in &g.fixed {
            let _ = writeln!(
                out,
                "<li><code>{}</code> on {}: {}</li>",
                escape(&e.check),
                escape(&e.operation),
                escape(&e.reason)
            );
        }
        let _ = writeln!(out, "</ul>");
    }
    let _ = writeln!(out, "</section>");
}

/// A unified diff as a side-by-side table (old left, new right, with line numbers): the
/// changed lines of a hunk paired row by row, context on both sides, a hunk header as a
/// row across. Read back from the unified text, so every report format diffs the same way.
pub fn side_by_side_html(diff: &str) -> String {
    let mut out = String::from(
        "<table class=\"sbs\">\n<colgroup><col class=\"no\"><col><col class=\"no\"><col></colgroup>\n",
    );
    let (mut old_no, mut new_no) = (0usize, 0usize);
    let (mut dels, mut adds): (Vec<&str>, Vec<&str>) = (Vec::new(), Vec::new());
    let mut labels = (String::new(), String::new());
    let flush = |out: &mut String,
                 dels: &mut Vec<&str>,
                 adds: &mut Vec<&str>,
                 old_no: &mut usize,
                 new_no: &mut usize| {
        for i in 0..dels.len().max(adds.len()) {
            let cell = |side: Option<&&str>, no: &mut usize, class: &str| match side {
                Some(text) => {
                    *no += 1;
                    format!(
                        "<td class=\"no\">{no}</td><td class=\"{class}\">{}</td>",
                        escape(text)
                    )
                }
                None => "<td class=\"no\"></td><td></td>".to_string(),
            };
            let left = cell(dels.get(i), old_no, "del");
            let right = cell(adds.get(i), new_no, "add");
            let _ = writeln!(out, "<tr>{left}{right}</tr>");
        }
        dels.clear();
        adds.clear();
    };
    for line in diff.lines() {
        if let Some(label) = line.strip_prefix("--- ") {
            labels.0 = label.to_string();
        } else if let Some(label) = line.strip_prefix("+++ ") {
            labels.1 = label.to_string();
            let _ = writeln!(
                out,
                "<tr><th colspan=\"2\">{}</th><th colspan=\"2\">{}</th></tr>",
                escape(&labels.0),
                escape(&labels.1)
            );
        } else if line.starts_with('#') {
            let _ = writeln!(
                out,
                "<tr class=\"hunk\"><td colspan=\"4\">{}</td></tr>",
                escape(line)
            );
        } else if line.starts_with("@@") {
            flush(&mut out, &mut dels, &mut adds, &mut old_no, &mut new_no);
            let start = |sign: char| -> usize {
                line.split_whitespace()
                    .find_map(|part| part.strip_prefix(sign))
                    .and_then(|range| range.split(',').next()?.parse().ok())
                    .unwrap_or(1)
            };
            old_no = start('-').saturating_sub(1);
            new_no = start('+').saturating_sub(1);
            let _ = writeln!(
                out,
                "<tr class=\"hunk\"><td colspan=\"4\">{}</td></tr>",
                escape(line)
            );
        } else if let Some(text) = line.strip_prefix('-') {
            if !adds.is_empty() {
                flush(&mut out, &mut dels, &mut adds, &mut old_no, &mut new_no);
            }
            dels.push(text);
        } else if let Some(text) = line.strip_prefix('+') {
            adds.push(text);
        } else {
            flush(&mut out, &mut dels, &mut adds, &mut old_no, &mut new_no);
            let text = line.strip_prefix(' ').unwrap_or(line);
            old_no += 1;
            new_no += 1;
            let _ = writeln!(
                out,
                "<tr><td class=\"no\">{old_no}</td><td>{0}</td><td class=\"no\">{new_no}</td><td>{0}</td></tr>",
                escape(text)
            );
        }
    }
    flush(&mut out, &mut dels, &mut adds, &mut old_no, &mut new_no);
    out.push_str("</table>");
    out
}

/// A diff as `<pre>` with one coloured span per line.
pub fn diff_html(diff: &str) -> String {
    let mut out = String::from("<pre class=\"diff\">");
    for line in diff.lines() {
        let class = if line.starts_with("+++") || line.starts_with("---") || line.starts_with('#') {
            "meta"
        } else if line.starts_with('+') {
            "add"
        } else if line.starts_with('-') {
            "del"
        } else if line.starts_with("@@") {
            "hunk"
        } else {
            ""
        };
        let _ = writeln!(out, "<span class=\"{class}\">{}</span>", escape(line));
    }
    out.push_str("</pre>");
    out
}

/// A body as readable text: pretty JSON when it parses, else as sent.
fn body_text(body: &str) -> String {
    serde_json::from_str::<serde_json::Value>(body)
        .ok()
        .and_then(|v| serde_json::to_string_pretty(&v).ok())
        .unwrap_or_else(|| body.to_string())
}

fn headers_text(headers: &[(String, String)]) -> String {
    headers
        .iter()
        .map(|(n, v)| format!("{n}: {v}"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn exchange(out: &mut String, n: usize, e: &RecordedExchange) {
    let _ = writeln!(
        out,
        "<div class=\"exchange\"><h4>Exchange {n}: {}</h4>\n<p><b>Request</b> <code>{} {}</code></p>",
        escape(&e.operation),
        escape(&e.method),
        escape(&e.url)
    );
    let mut request = headers_text(&e.request_headers);
    if let Some(body) = &e.request_body {
        request.push_str("\n\n");
        request.push_str(&body_text(body));
    }
    let _ = writeln!(out, "<pre class=\"request\">{}</pre>", escape(&request));
    match (e.status, &e.transport_error) {
        (Some(status), _) => {
            let mut response = headers_text(&e.response_headers);
            if let Some(body) = &e.response_body {
                response.push_str("\n\n");
                response.push_str(&body_text(body));
            }
            let _ = writeln!(
                out,
                "<p><b>Response</b> <code>{status}</code> in {:.1} ms</p>\n<pre class=\"response\">{}</pre>",
                e.elapsed_ms,
                escape(&response)
            );
        }
        (None, error) => {
            let _ = writeln!(
                out,
                "<p><b>No response</b>: {}</p>",
                escape(error.as_deref().unwrap_or("unknown"))
            );
        }
    }
    let _ = writeln!(out, "</div>");
}

fn failure(out: &mut String, f: &FailureReport) {
    let _ = writeln!(
        out,
        "<details class=\"failure\" id=\"{id}\" data-severity=\"{sev}\" data-check=\"{check}\">\n\
         <summary><span class=\"id\">{id}</span> <span class=\"badge {class}\">{sev}</span> \
         <code>{check}</code> on <b>{op}</b> — {message}</summary>",
        id = escape(&f.id),
        sev = f.severity,
        class = if f.severity == crate::checks::Severity::Must {
            "fail"
        } else {
            "skipped"
        },
        check = escape(&f.check),
        op = escape(&f.operation),
        message = escape(&f.message)
    );
    let mut case = format!("Case: {}", f.case);
    if let Some(m) = &f.mutation {
        case.push_str(&format!(", mutation {m}"));
    }
    if let Some(steps) = f.shrink_steps {
        case.push_str(&format!(", shrunk in {steps} steps"));
    }
    let _ = writeln!(out, "<p>{}</p>", escape(&case));
    let _ = writeln!(
        out,
        "<p>Replay: <code>{}</code> <button class=\"copy\" data-copy=\"{}\">copy</button></p>",
        escape(&f.replay),
        escape(&f.replay)
    );
    if f.diff.is_empty() {
        let _ = writeln!(
            out,
            "<p class=\"muted\">Expected and actual do not differ as JSON; see the message.</p>"
        );
    } else {
        let _ = writeln!(
            out,
            "<h4>Diff (expected → actual)</h4>\n{}\n<details><summary>unified</summary>\n{}\n</details>",
            side_by_side_html(&f.diff),
            diff_html(&f.diff)
        );
    }
    if let Some(request) = &f.request {
        let _ = writeln!(
            out,
            "<h4>Request envelope{}</h4>\n<pre>{}</pre>",
            if f.shrink_steps.is_some() {
                " (shrunk)"
            } else {
                ""
            },
            escape(&serde_json::to_string_pretty(request).unwrap_or_default())
        );
    }
    for (i, e) in f.exchanges.iter().enumerate() {
        exchange(out, i + 1, e);
    }
    if let Some(curl) = &f.curl {
        let _ = writeln!(
            out,
            "<h4>curl <button class=\"copy\" data-copy=\"{}\">copy</button></h4>\n<pre>{}</pre>",
            escape(curl),
            escape(curl)
        );
    }
    let _ = writeln!(out, "</details>");
}

fn failures(out: &mut String, report: &Report) {
    let _ = writeln!(
        out,
        "<section id=\"failures\">\n<h2>Failures ({})</h2>",
        report.failures.len()
    );
    if report.failures.is_empty() {
        let _ = writeln!(out, "<p>None.</p>\n</section>");
        return;
    }
    let kept = report.summary.failures as u64;
    if report.summary.failed_evaluations > kept {
        let _ = writeln!(
            out,
            "<p class=\"muted\">{} failed evaluations; the first few of each check line are kept in full.</p>",
            report.summary.failed_evaluations
        );
    }
    let _ = writeln!(
        out,
        "<div class=\"toolbar\"><input id=\"failure-filter\" type=\"search\" placeholder=\"Filter failures (check, operation, text)\">\
         <button id=\"expand-all\">Expand all</button><button id=\"collapse-all\">Collapse all</button>\
         <span id=\"failures-shown\" class=\"muted\"></span></div>"
    );
    for f in &report.failures {
        failure(out, f);
    }
    let _ = writeln!(out, "</section>");
}

fn items(out: &mut String, title: &str, d: &Dimension) {
    if d.never.is_empty() {
        return;
    }
    let list: Vec<String> = d
        .never
        .iter()
        .map(|i| format!("<code>{}</code>", escape(i)))
        .collect();
    let _ = writeln!(out, "<li>{title}: {}</li>", list.join(", "));
}

fn coverage(out: &mut String, report: &Report) {
    let c = &report.coverage;
    let _ = writeln!(
        out,
        "<section id=\"coverage\">\n<h2>Contract coverage</h2>\n<p><b>{}</b> of the contract items \
         a request can provoke, over the {} operations called, were exercised ({} of {}). {} more \
         items are out of any request's reach, listed below with the reason; counting them, {} \
         of all {} items were exercised.</p>",
        escape(&format_score(c.reachable_percent)),
        c.operations.len(),
        c.exercised,
        c.total - c.out_of_reach,
        c.out_of_reach,
        escape(&format_score(c.percent)),
        c.total
    );
    if let Some(first) = c.operations.first() {
        let _ = write!(out, "<table>\n<tr><th>Operation</th><th>Coverage</th>");
        for (name, _) in first.dimensions() {
            let _ = write!(out, "<th>{name}</th>");
        }
        let _ = writeln!(out, "<th>out of reach</th></tr>");
    }
    for op in &c.operations {
        let _ = write!(
            out,
            "<tr><td>{}</td><td>{}{}</td>",
            escape(&op.operation),
            bar(op.reachable_percent),
            escape(&format_score(op.reachable_percent))
        );
        for (_, d) in op.dimensions() {
            if d.total() == 0 {
                out.push_str("<td class=\"num muted\">—</td>");
            } else if d.reachable() == 0 {
                out.push_str("<td class=\"num muted\">out of reach</td>");
            } else {
                let _ = write!(
                    out,
                    "<td class=\"num\">{}/{}</td>",
                    d.exercised.len(),
                    d.reachable()
                );
            }
        }
        let _ = writeln!(out, "<td class=\"num\">{}</td></tr>", op.out_of_reach);
    }
    if !c.operations.is_empty() {
        let _ = writeln!(out, "</table>");
    }
    let _ = writeln!(
        out,
        "<details><summary>Never exercised, by operation</summary>"
    );
    for op in &c.operations {
        if op.dimensions().iter().all(|(_, d)| d.never.is_empty()) {
            continue;
        }
        let _ = writeln!(
            out,
            "<h4>{}</h4>\n<ul class=\"items\">",
            escape(&op.operation)
        );
        for (name, d) in op.dimensions() {
            items(out, name, d);
        }
        let _ = writeln!(out, "</ul>");
    }
    let _ = writeln!(out, "</details>");
    let unreachable = super::coverage::out_of_reach_by_reason(c);
    if !unreachable.is_empty() {
        let _ = writeln!(
            out,
            "<details><summary>Out of reach, by reason ({} items)</summary>\n<ul class=\"items\">",
            c.out_of_reach
        );
        for (reason, items) in unreachable {
            let list: Vec<String> = items
                .iter()
                .map(|i| format!("<code>{}</code>", escape(i)))
                .collect();
            let _ = writeln!(out, "<li>{}: {}</li>", escape(&reason), list.join(", "));
        }
        let _ = writeln!(out, "</ul>\n</details>");
    }
    let outside: Vec<String> = c
        .operations
        .iter()
        .flat_map(|op| {
            op.dimensions()
                .into_iter()
                .filter(|(_, d)| !d.outside_model.is_empty())
                .map(|(name, d)| {
                    format!(
                        "<li>{} {name}: {}</li>",
                        escape(&op.operation),
                        d.outside_model
                            .iter()
                            .map(|i| format!("<code>{}</code>", escape(i)))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                })
                .collect::<Vec<_>>()
        })
        .collect();
    if !outside.is_empty() {
        let _ = writeln!(
            out,
            "<details><summary>Seen but outside the model</summary>\n<ul class=\"items\">\n{}\n</ul></details>",
            outside.join("\n")
        );
    }
    if !c.never_called.is_empty() {
        let _ = writeln!(
            out,
            "<p class=\"muted\">Operations never called ({}): {}</p>",
            c.never_called.len(),
            escape(&c.never_called.join(", "))
        );
    }
    if !c.not_selected.is_empty() {
        let _ = writeln!(
            out,
            "<p class=\"muted\">Operations not selected (--operations), never sent ({}): {}</p>",
            c.not_selected.len(),
            escape(&c.not_selected.join(", "))
        );
    }
    let _ = writeln!(out, "</section>");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(
            escape("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
    }

    #[test]
    fn side_by_side_pairs_changed_lines_and_keeps_context_on_both_sides() {
        let diff =
            "--- expected\n+++ actual\n@@ -2,3 +2,4 @@\n ctx\n-old <1>\n+new 1\n+new 2\n tail";
        let html = side_by_side_html(diff);
        assert!(html.contains("<th colspan=\"2\">expected</th><th colspan=\"2\">actual</th>"));
        assert!(html.contains(
            "<tr><td class=\"no\">2</td><td>ctx</td><td class=\"no\">2</td><td>ctx</td></tr>"
        ));
        assert!(html.contains(
            "<tr><td class=\"no\">3</td><td class=\"del\">old &lt;1&gt;</td><td class=\"no\">3</td><td class=\"add\">new 1</td></tr>"
        ));
        assert!(html.contains(
            "<tr><td class=\"no\"></td><td></td><td class=\"no\">4</td><td class=\"add\">new 2</td></tr>"
        ));
        assert!(html.contains(
            "<tr><td class=\"no\">4</td><td>tail</td><td class=\"no\">5</td><td>tail</td></tr>"
        ));
        assert!(html.ends_with("</table>"));
    }

    #[test]
    fn diff_lines_get_classes() {
        let html = diff_html("--- expected\n+++ actual\n@@ -1 +1 @@\n-a\n+<b>\n ctx");
        assert!(html.contains("<span class=\"del\">-a</span>"));
        assert!(html.contains("<span class=\"add\">+&lt;b&gt;</span>"));
        assert!(html.contains("<span class=\"hunk\">@@ -1 +1 @@</span>"));
        assert!(html.contains("<span class=\"meta\">--- expected</span>"));
    }
}
