//! The `harness` binary as CI uses it: exit codes (0 pass, 1 a check failed, 2 usage or
//! harness error), the baseline (a listed failure passes, a new one fails, a fixed one is
//! reported, an expired entry fails again), `--fail-on should`, `--format json`, the default
//! run against the embedded mock, and `harness replay`.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use harness::report::{Baseline, BaselineEntry, Report, json};

fn harness(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_harness"))
        .args(args)
        .env_remove("CONFORMANCE_TARGET")
        .env_remove("CONFORMANCE_SEED")
        // Its targets are on loopback: a proxy of the developer's environment stays out.
        .env("NO_PROXY", "127.0.0.1")
        .env("no_proxy", "127.0.0.1")
        .env("NO_COLOR", "1")
        .output()
        .expect("the harness binary runs")
}

fn code(out: &Output) -> i32 {
    out.status.code().expect("exited, not killed")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// `harness run` against `url` into `out`, small and deterministic, plus `extra` flags.
fn run_against(url: &str, out: &Path, extra: &[&str]) -> Output {
    let out = out.to_string_lossy().into_owned();
    let mut args = vec![
        "run",
        "--target",
        url,
        "--seed",
        "7",
        "--cases",
        "5",
        "--concurrency",
        "1",
        "--sequences",
        "0",
        "--out",
        &out,
    ];
    args.extend_from_slice(extra);
    harness(&args)
}

fn write_baseline(dir: &Path, name: &str, baseline: &Baseline) -> String {
    let path = dir.join(name);
    std::fs::write(&path, baseline.to_json()).expect("write baseline");
    path.to_string_lossy().into_owned()
}

#[test]
fn usage_and_harness_errors_exit_2() {
    for args in [
        &["run", "--cases", "many"][..],
        &["frobnicate"],
        &["replay"],
        &["run", "--fail-on", "may"],
    ] {
        let out = harness(args);
        assert_eq!(code(&out), 2, "{args:?}: {}", text(&out.stderr));
    }
    let missing = harness(&["run", "--baseline", "/nonexistent/baseline.json"]);
    assert_eq!(code(&missing), 2, "{}", text(&missing.stderr));
    assert!(
        text(&missing.stderr).contains("baseline"),
        "{}",
        text(&missing.stderr)
    );
    let dir = common::scratch("cli-bad-baseline");
    let bad = dir.join("bad.json");
    std::fs::write(
        &bad,
        r#"[{"check": "no.such-check", "operation": "*", "reason": "x"}]"#,
    )
    .unwrap();
    let out = harness(&["run", "--baseline", bad.to_str().unwrap()]);
    assert_eq!(code(&out), 2);
    assert!(
        text(&out.stderr).contains("unknown check"),
        "{}",
        text(&out.stderr)
    );
    let out = harness(&[
        "replay",
        "--report",
        "/nonexistent/report.json",
        "--failure",
        "F1",
    ]);
    assert_eq!(code(&out), 2, "{}", text(&out.stderr));
    // Help is not an error.
    assert_eq!(code(&harness(&["replay", "--help"])), 0);
    assert!(text(&harness(&["run", "--help"]).stdout).contains("Exit codes"));
}

#[test]
fn the_default_run_uses_the_embedded_mock_and_says_where_the_reports_are() {
    let dir = common::scratch("cli-default-run");
    let out = harness(&[
        "run",
        "--cases",
        "3",
        "--sequences",
        "1",
        "--concurrency",
        "2",
        "--out",
        dir.to_str().unwrap(),
    ]);
    let stdout = text(&out.stdout);
    assert_eq!(code(&out), 0, "{stdout}\n{}", text(&out.stderr));
    assert!(stdout.contains("gate: PASSED (exit 0)"), "{stdout}");
    assert!(
        stdout.contains(&format!("reports: {}/", dir.display())),
        "{stdout}"
    );
    assert!(
        !stdout.contains('\x1b'),
        "colours off the terminal: {stdout}"
    );
    for file in harness::report::FILES {
        assert!(dir.join(file).is_file(), "{file} missing");
    }
    let report = json::read(&dir.join("report.json")).unwrap();
    assert!(report.meta.embedded_mock);
}

#[test]
fn the_gate_and_the_baseline_decide_the_exit_code() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let target = runtime.block_on(common::spawn_faulty());
    let dir = common::scratch("cli-gate");

    // 1. No baseline: the faults fail the gate, every failure has its replay line.
    let first = dir.join("first");
    let out = run_against(&target.url, &first, &[]);
    let stdout = text(&out.stdout);
    assert_eq!(code(&out), 1, "{stdout}\n{}", text(&out.stderr));
    let report: Report = json::read(&first.join("report.json")).unwrap();
    assert!(!report.failures.is_empty());
    for f in &report.failures {
        assert!(
            stdout.contains(&format!(
                "harness replay --report {}/report.json --failure {}",
                first.display(),
                f.id
            )),
            "no replay line for {}:\n{stdout}",
            f.id
        );
    }
    assert!(stdout.contains("gate: FAILED (exit 1)"), "{stdout}");

    // 2. Every failing line listed (MUST and SHOULD): passes, and a listed check that no
    //    longer fails is reported as fixed.
    let mut known = Baseline::from_report(&report, "known in the test");
    known.entries.push(BaselineEntry {
        check: "audit.unique-event-ids".into(),
        operation: "GetCaseAuditEvents".into(),
        reason: "fixed long ago".into(),
        expires: None,
    });
    let all = write_baseline(&dir, "all.json", &known);
    let second = dir.join("second");
    let out = run_against(
        &target.url,
        &second,
        &["--baseline", &all, "--fail-on", "should"],
    );
    let stdout = text(&out.stdout);
    assert_eq!(code(&out), 0, "{stdout}\n{}", text(&out.stderr));
    assert!(
        stdout.contains("fixed: audit.unique-event-ids on GetCaseAuditEvents"),
        "{stdout}"
    );
    let gate = json::read(&second.join("report.json")).unwrap().gate;
    assert!(gate.passed && gate.baseline_applied);
    assert_eq!(gate.fixed.len(), 1);
    assert_eq!(gate.known.len(), report.failed_checks().count());

    // 3. One MUST line left out of the baseline: that new failure fails the gate.
    let must_line = report
        .failed_checks()
        .find(|c| c.severity == harness::checks::Severity::Must)
        .expect("a MUST line failed");
    let mut partial = Baseline::from_report(&report, "known");
    partial.entries.retain(|e| {
        !(e.check == must_line.check && Some(&e.operation) == must_line.operation.as_ref())
    });
    let partial_path = write_baseline(&dir, "partial.json", &partial);
    let third = dir.join("third");
    let out = run_against(&target.url, &third, &["--baseline", &partial_path]);
    assert_eq!(code(&out), 1, "{}", text(&out.stdout));
    let gate = json::read(&third.join("report.json")).unwrap().gate;
    assert_eq!(gate.new_failures.len(), 1);
    assert_eq!(gate.new_failures[0].check, must_line.check);

    // 4. The same line listed with an expiry in the past: fails again.
    let mut expired = Baseline::from_report(&report, "known");
    for e in &mut expired.entries {
        if e.check == must_line.check {
            e.expires = Some("2000-01-01".into());
        }
    }
    let expired_path = write_baseline(&dir, "expired.json", &expired);
    let fourth = dir.join("fourth");
    let out = run_against(&target.url, &fourth, &["--baseline", &expired_path]);
    let stdout = text(&out.stdout);
    assert_eq!(code(&out), 1, "{stdout}");
    assert!(stdout.contains("baseline entry expired"), "{stdout}");
    let gate = json::read(&fourth.join("report.json")).unwrap().gate;
    assert!(!gate.expired.is_empty());
    assert!(gate.new_failures.is_empty());

    // 5. Only the MUST lines listed: passes by default, fails with --fail-on should.
    let mut must_only = Baseline::from_report(&report, "known");
    must_only.entries.retain(|e| {
        report.checks.iter().any(|c| {
            c.check == e.check
                && c.operation.as_ref() == Some(&e.operation)
                && c.severity == harness::checks::Severity::Must
        })
    });
    let must_path = write_baseline(&dir, "must.json", &must_only);
    let fifth = dir.join("fifth");
    let out = run_against(&target.url, &fifth, &["--baseline", &must_path]);
    assert_eq!(code(&out), 0, "{}", text(&out.stdout));
    let sixth = dir.join("sixth");
    let out = run_against(
        &target.url,
        &sixth,
        &[
            "--baseline",
            &must_path,
            "--fail-on",
            "should",
            "--format",
            "json",
            "--quiet",
        ],
    );
    assert_eq!(code(&out), 1);
    // --format json: stdout is the report itself.
    let printed: Report = serde_json::from_slice(&out.stdout).expect("stdout is the report JSON");
    assert!(!printed.gate.passed);
    assert!(
        printed
            .gate
            .new_failures
            .iter()
            .all(|i| i.severity == harness::checks::Severity::Should)
    );

    // 6. Replay a failure against the faulty target: the 500 comes back.
    let crash = report
        .failures
        .iter()
        .find(|f| f.check == "protocol.no-5xx-for-client-input")
        .expect("the garbage token crashed the target");
    let report_path = first.join("report.json");
    let out = harness(&[
        "replay",
        "--report",
        report_path.to_str().unwrap(),
        "--failure",
        &crash.id,
        "--target",
        &target.url,
    ]);
    let stdout = text(&out.stdout);
    assert_eq!(code(&out), 0, "{stdout}\n{}", text(&out.stderr));
    assert!(stdout.contains(&crash.id), "{stdout}");
    assert!(stdout.contains("replayed: 500"), "{stdout}");
    assert!(stdout.contains("same as recorded"), "{stdout}");
    let out = harness(&[
        "replay",
        "--report",
        report_path.to_str().unwrap(),
        "--failure",
        "F9999",
    ]);
    assert_eq!(code(&out), 2);
    assert!(
        text(&out.stderr).contains("has no failure"),
        "{}",
        text(&out.stderr)
    );
    drop(target);
}

#[test]
fn replay_without_a_target_starts_a_fresh_embedded_mock() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let target = runtime.block_on(common::spawn_faulty());
    let dir = common::scratch("cli-replay-mock");
    let out = run_against(&target.url, &dir, &[]);
    assert_eq!(code(&out), 1);
    drop(target);
    // Pretend the run used the embedded mock (the faulty target is gone now).
    let path = dir.join("report.json");
    let mut report = json::read(&path).unwrap();
    report.meta.embedded_mock = true;
    std::fs::write(&path, json::render(&report)).unwrap();
    let crash = report
        .failures
        .iter()
        .find(|f| f.check == "protocol.no-5xx-for-client-input")
        .unwrap();
    let out = harness(&[
        "replay",
        "--report",
        path.to_str().unwrap(),
        "--failure",
        &crash.id,
    ]);
    let stdout = text(&out.stdout);
    assert_eq!(code(&out), 0, "{stdout}\n{}", text(&out.stderr));
    assert!(stdout.contains("fresh"), "{stdout}");
    assert!(stdout.contains("ids differ"), "{stdout}");
    // The reference mock does not crash: the replay differs from the recorded 500.
    assert!(stdout.contains("recorded: 500"), "{stdout}");
    assert!(!stdout.contains("replayed: 500"), "{stdout}");
    assert!(stdout.contains("diff recorded → replayed"), "{stdout}");

    // A run whose embedded mock shipped faults is replayed against a mock with the same faults.
    let fault = cases_mock::catalogue()[0].fault.to_string();
    report.meta.mock_faults = vec![fault.clone()];
    std::fs::write(&path, json::render(&report)).unwrap();
    let out = harness(&[
        "replay",
        "--report",
        path.to_str().unwrap(),
        "--failure",
        &crash.id,
    ]);
    let stdout = text(&out.stdout);
    assert_eq!(code(&out), 0, "{stdout}\n{}", text(&out.stderr));
    assert!(
        stdout.contains(&format!("ships the run's faults: {fault}")),
        "{stdout}"
    );
}

/// `harness resources` prints the graph the contract reads off each release's model.
#[test]
fn resources_prints_the_inferred_graph_of_a_release() {
    let contract = harness(&["resources"]);
    assert_eq!(code(&contract), 0, "{}", text(&contract.stderr));
    let graph = text(&contract.stdout);
    assert!(graph.contains("caseId (in domainId)"), "{graph}");
    assert!(
        graph.contains("relatedItemId (in domainId / caseId)"),
        "{graph}"
    );
    let today = text(&harness(&["resources", "--release", "1.44.5"]).stdout);
    assert!(today.contains("caseRuleId (in domainId)"), "{today}");
    assert!(
        today
            .lines()
            .any(|l| l.trim_start().starts_with("deleted by") && l.contains("DeleteRelatedItem")),
        "{today}"
    );
}

#[test]
fn operations_left_out_are_never_sent_and_reported_as_not_selected() {
    let out_dir = std::env::temp_dir().join(format!("harness-cli-ops-{}", std::process::id()));
    let out = out_dir.to_string_lossy().into_owned();
    // A typo selects nothing and would leave everything unchecked: a usage error.
    let typo = harness(&["run", "--operations", "CreateDomian", "--quiet"]);
    assert_eq!(code(&typo), 2, "{}", text(&typo.stderr));
    assert!(
        text(&typo.stderr).contains("CreateDomian"),
        "{}",
        text(&typo.stderr)
    );
    let selected = "CreateDomain,CreateTemplate,CreateCase,GetCase,CreateField,ListFields";
    let run = harness(&[
        "run",
        "--operations",
        selected,
        "--seed",
        "3",
        "--cases",
        "5",
        "--sequences",
        "0",
        "--quiet",
        "--out",
        &out,
    ]);
    let report: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(out_dir.join("report.json")).expect("report.json"),
    )
    .expect("json");
    let coverage = &report["coverage"];
    let names = |key: &str| -> Vec<String> {
        coverage[key]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    };
    let not_selected = names("not_selected");
    assert!(
        not_selected.contains(&"SearchCases".to_string()),
        "{not_selected:?}"
    );
    assert!(not_selected.contains(&"CreateRelatedItem".to_string()));
    assert!(
        !names("never_called")
            .iter()
            .any(|op| !selected.contains(op.as_str()))
    );
    let called: Vec<&str> = coverage["operations"]
        .as_array()
        .expect("operations")
        .iter()
        .filter_map(|o| o["operation"].as_str())
        .collect();
    assert!(called.iter().all(|op| selected.contains(op)), "{called:?}");
    // What the subset can check, it checks and passes; nothing is judged on what was left out.
    assert_eq!(code(&run), 0, "{}{}", text(&run.stdout), text(&run.stderr));
    let _ = std::fs::remove_dir_all(&out_dir);
}
