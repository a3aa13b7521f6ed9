//! The report writers on a real run: a fixed-seed run against a faulty target (see
//! `common`), rendered to `report.json`, `junit.xml` and `report.md`, compared with insta
//! snapshots (ids, ports, times, tokens and durations scrubbed), and `report.json` validated
//! against the committed `schemas/report.schema.json`.
//!
//! When the engine gains checks or suites the snapshots change on purpose: review them with
//! `cargo insta review` (or `INSTA_UPDATE=always cargo test -p harness --test report_snapshots`
//! and read the diff).

mod common;

use std::path::Path;
use std::sync::OnceLock;

use harness::report::{self, Report, Status};

/// The folder the replay lines of the snapshot report name (files go to a scratch dir).
const REPORT_DIR: &str = "reports/faulty-run";

struct Fixture {
    report: Report,
    dir: std::path::PathBuf,
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let result = common::faulty_run();
        let report = Report::from_run(&result, Path::new(REPORT_DIR));
        let dir = common::scratch("report-snapshots");
        report::write_all(&report, &dir).expect("write reports");
        Fixture { report, dir }
    })
}

/// Snapshot settings that scrub what differs between runs of the same seed.
fn scrubbed() -> insta::Settings {
    let mut s = insta::Settings::clone_current();
    s.set_snapshot_path("snapshots");
    s.set_prepend_module_to_snapshot(false);
    for (pattern, replacement) in [
        (r"http://127\.0\.0\.1:\d+", "http://127.0.0.1:[port]"),
        (r"127\.0\.0\.1:\d+", "127.0.0.1:[port]"),
        (
            r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
            "[uuid]",
        ),
        (r"\b[0-9a-f]{48}\b", "[token]"),
        (
            r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})",
            "[time]",
        ),
        (
            r"[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT",
            "[http-date]",
        ),
        (r"\b\d{14}-7\b", "[run-id]"),
        (r#""duration_ms": \d+"#, r#""duration_ms": "[ms]""#),
        (r#""elapsed_ms": [0-9.e-]+"#, r#""elapsed_ms": "[ms]""#),
        (r#""content-length",\s+"\d+""#, r#""content-length", "[n]""#),
        (r"content-length: \d+", "content-length: [n]"),
        (r#"time="[0-9.]+""#, r#"time="[secs]""#),
        (r"\| Duration \| [0-9.]+ s \|", "| Duration | [secs] |"),
    ] {
        s.add_filter(pattern, replacement);
    }
    s
}

#[test]
fn report_json_matches_its_committed_schema() {
    let f = fixture();
    let text = common::read(&f.dir.join("report.json"));
    let instance: serde_json::Value = serde_json::from_str(&text).expect("report.json is JSON");
    let schema_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../schemas/report.schema.json");
    let schema: serde_json::Value =
        serde_json::from_str(&common::read(&schema_path)).expect("the schema is JSON");
    let validator = harness::schema::compile(&schema).expect("the schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(&instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .take(20)
        .collect();
    assert!(
        errors.is_empty(),
        "report.json breaks its schema:\n{}",
        errors.join("\n")
    );
    // The schema is strict: an unknown member is an error.
    let mut extra = instance.clone();
    extra["meta"]["surprise"] = serde_json::json!(1);
    assert!(!validator.is_valid(&extra));
    // And the file reads back into the same model.
    let back = report::json::read(&f.dir.join("report.json")).expect("reads back");
    assert_eq!(back, f.report);
}

#[test]
fn the_faults_show_up_as_failures_with_diffs_and_replay_lines() {
    let r = &fixture().report;
    assert!(!r.gate.passed, "the faulty target must fail the gate");
    assert_eq!(r.gate.exit_code, 1);
    let required = r
        .failures
        .iter()
        .find(|f| f.check == "response.required-members" && f.operation == "SearchRelatedItems")
        .expect("a missing associationTime fails response.required-members");
    assert!(
        required.message.contains("associationTime") || required.diff.contains("associationTime"),
        "{required:#?}"
    );
    let crash = r
        .failures
        .iter()
        .find(|f| f.check == "protocol.no-5xx-for-client-input")
        .expect("the 500 for a garbage token is a failure");
    assert!(crash.diff.contains("500"), "{}", crash.diff);
    for f in &r.failures {
        assert_eq!(
            f.replay,
            format!(
                "harness replay --report {REPORT_DIR}/report.json --failure {}",
                f.id
            )
        );
        if let Some(curl) = &f.curl {
            assert!(curl.starts_with("curl "), "{curl}");
            assert!(
                !curl.to_ascii_lowercase().contains("authorization: aws4"),
                "{curl}"
            );
        }
    }
    let token = r
        .checks
        .iter()
        .find(|c| {
            c.check == "pagination.bad-token-rejected"
                && c.operation.as_deref() == Some("SearchRelatedItems")
        })
        .expect("the token check ran");
    assert_eq!(token.status, Status::Fail);
    assert!(r.summary.score.is_some_and(|s| s < 100.0));
    // Skipped: auth is selected but never evaluated without signing, with the reason.
    let auth = r
        .checks
        .iter()
        .find(|c| c.check == "auth.unsigned-refused")
        .expect("auth checks are listed");
    assert_eq!(auth.status, Status::Skipped);
    assert!(auth.skip_reason.as_deref().unwrap_or("").contains("--sign"));
}

#[test]
fn coverage_lists_what_was_never_exercised() {
    let c = &fixture().report.coverage;
    let search = c
        .operations
        .iter()
        .find(|o| o.operation == "SearchRelatedItems")
        .expect("search was called");
    // The run filters by every kind; associationTime is never seen (the target drops it), but
    // it is required, so it is not an optional-member gap; the 404 error never happened.
    assert!(
        search
            .filter_kinds
            .exercised
            .contains(&"body.filters[].file".to_string())
    );
    assert!(search.status_codes.exercised.contains(&"500".to_string()));
    assert!(
        search
            .errors
            .exercised
            .contains(&"InternalServerException".to_string())
    );
    // Throttling is out of any request's reach, listed apart with its reason.
    assert!(
        search
            .errors
            .out_of_reach
            .iter()
            .any(|o| o.item == "ThrottlingException" && o.reason.contains("rate quota"))
    );
    assert!(
        !search
            .errors
            .never
            .contains(&"ThrottlingException".to_string())
    );
    // Every operation of the release is called; what stays uncovered is listed per item.
    assert!(c.never_called.is_empty(), "{:?}", c.never_called);
    assert!(c.exercised < c.total);
    let md = common::read(&fixture().dir.join("report.md"));
    assert!(md.contains("## Contract coverage"));
    assert!(!md.contains("Operations never called"));
}

#[test]
fn snapshot_report_md() {
    let text = common::read(&fixture().dir.join("report.md"));
    scrubbed().bind(|| insta::assert_snapshot!("report.md", text));
}

#[test]
fn snapshot_junit_xml() {
    let text = common::read(&fixture().dir.join("junit.xml"));
    assert!(text.starts_with("<?xml"));
    assert!(text.contains("<testsuites name=\"connect-cases-conformance\""));
    assert!(text.contains("<failure"));
    assert!(text.contains("<skipped"));
    scrubbed().bind(|| insta::assert_snapshot!("junit.xml", text));
}

#[test]
fn snapshot_report_json() {
    let text = common::read(&fixture().dir.join("report.json"));
    scrubbed().bind(|| insta::assert_snapshot!("report.json", text));
}
