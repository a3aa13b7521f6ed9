//! Whole runs against hostile targets **with the default flags**: what a user gets from
//! `harness run --target URL` against an implementation whose `SearchRelatedItems` hangs,
//! trickles, floods, lies about JSON, breaks HTTP framing, redirects forever or paginates
//! forever. Each run is the `harness` binary with no tuning flag (only `--target`, `--out` and
//! `--quiet`, which change nothing of what is sent), measured as GNU time measures it (wall
//! time, and peak resident memory from `wait4`). Every run must end in time with a complete
//! report that names the broken check with a reader's reason, within a bounded memory, exit 1
//! and no panic; the operation it gave up on, if any, is reported as not run.
//!
//! The hostile target is `common/hostile_server.rs` on 127.0.0.1 (every other operation is
//! the reference mock). `bench/hostile.sh` runs the same behaviours against the release build
//! for the README's table.

#[path = "common/hostile_server.rs"]
mod hostile_server;
#[path = "common/report_files.rs"]
mod report_files;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use harness::report::Report;
use hostile_server::{Behaviour, HostileTarget};

/// What a default run may take against any of these targets (the bound for a user's
/// first run). A debug build on a shared 2-core machine still keeps well inside it.
const RUN_BOUND: Duration = Duration::from_secs(60);
/// The outer guard: a run still going then is killed and the test fails.
const GUARD: Duration = Duration::from_secs(120);
/// Peak resident memory a default run may reach, in KiB (1 GiB).
const PEAK_BOUND_KIB: u64 = 1 << 20;

const SEARCH_OP: &str = "SearchRelatedItems";

/// One measured run of the binary.
struct Measured {
    code: Option<i32>,
    wall: Duration,
    peak_kib: u64,
    stderr: String,
    report: Report,
}

/// A fresh scratch folder for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("harness-defaults-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create scratch dir");
    dir
}

/// Runs `harness run --target URL --quiet --out DIR` plus `extra` (no AWS or CONFORMANCE
/// settings inherited), reaping it with `wait4` for its peak memory; killed after [`GUARD`].
fn run_cli(url: &str, out: &Path, extra: &[&str]) -> Measured {
    let mut command = Command::new(env!("CARGO_BIN_EXE_harness"));
    for (name, _) in std::env::vars() {
        // The targets are on loopback: a proxy of the developer's environment stays out.
        if name.starts_with("AWS_")
            || name.starts_with("CONFORMANCE_")
            || name.to_ascii_lowercase().ends_with("_proxy")
        {
            command.env_remove(&name);
        }
    }
    let out_arg = out.to_string_lossy().into_owned();
    command
        .args(["run", "--target", url, "--quiet", "--out", &out_arg])
        .args(extra)
        .env("NO_COLOR", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    let started = Instant::now();
    let mut child = command.spawn().expect("the harness binary starts");
    let pid = child.id() as libc::pid_t;
    let mut stderr = child.stderr.take().expect("stderr");
    let err = std::thread::spawn(move || {
        let mut buf = Vec::new();
        std::io::Read::read_to_end(&mut stderr, &mut buf).map(|_| buf)
    });
    let (done, reaped) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut status = 0;
        // SAFETY: `rusage` is plain data; wait4 fills it for the child it reaps.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        let pid = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
        let _ = done.send((pid, status, usage.ru_maxrss as u64));
    });
    let (reaped_pid, status, peak_kib) = match reaped.recv_timeout(GUARD) {
        Ok(outcome) => outcome,
        Err(_) => {
            // SAFETY: signalling our own child.
            unsafe { libc::kill(pid, libc::SIGKILL) };
            panic!("harness run --target {url} did not exit within {GUARD:?}");
        }
    };
    let wall = started.elapsed();
    assert_eq!(reaped_pid, pid, "wait4 failed");
    // Reaped above: dropping the handle neither waits nor kills.
    drop(child);
    let stderr =
        String::from_utf8_lossy(&err.join().expect("stderr thread").expect("stderr")).into_owned();
    let code = libc::WIFEXITED(status).then(|| libc::WEXITSTATUS(status));
    let report = harness::report::json::read(&out.join("report.json"))
        .unwrap_or_else(|e| panic!("no report.json ({e:#}); stderr: {stderr}"));
    Measured {
        code,
        wall,
        peak_kib,
        stderr,
        report,
    }
}

/// A default run against a target whose `SearchRelatedItems` has `behaviour`, with the
/// bounds every such run must hold: exit 1 (it does not conform) in under a minute, peak
/// memory under 1 GiB, no panic, a complete report whose files stay small.
async fn default_run(behaviour: Behaviour) -> (Measured, HostileTarget) {
    let target = hostile_server::spawn(behaviour).await;
    let name = behaviour.name();
    let out = scratch(&name);
    let url = target.url.clone();
    let out_dir = out.clone();
    let run = tokio::task::spawn_blocking(move || run_cli(&url, &out_dir, &[]))
        .await
        .expect("the CLI thread");
    println!(
        "{name}: {:.1} s, peak {} MiB, {} requests ({} hostile)",
        run.wall.as_secs_f64(),
        run.peak_kib / 1024,
        run.report.meta.cases.requests,
        target.hostile_requests.load(Ordering::SeqCst)
    );
    assert_eq!(run.code, Some(1), "{name}: stderr: {}", run.stderr);
    assert!(
        !run.stderr.contains("panicked"),
        "{name}: a panic: {}",
        run.stderr
    );
    assert!(run.wall < RUN_BOUND, "{name}: the run took {:?}", run.wall);
    assert!(
        run.peak_kib < PEAK_BOUND_KIB,
        "{name}: peak memory {} MiB",
        run.peak_kib / 1024
    );
    assert_eq!(
        run.report.meta.incomplete, None,
        "{name}: the run should complete"
    );
    assert!(!run.report.summary.conforms, "{name}: conforms");
    assert!(
        target.hostile_requests.load(Ordering::SeqCst) > 0,
        "{name}: the hostile operation was never called"
    );
    report_files::assert_small_then_remove(&name, &out);
    (run, target)
}

/// The failing checks of a report, for assertion messages.
fn failing(report: &Report) -> Vec<String> {
    report
        .failures
        .iter()
        .map(|f| format!("{} {}: {}", f.operation, f.check, f.message))
        .collect()
}

/// Asserts that `check` failed on `operation` with a kept failure whose message contains
/// every one of `needles`; returns that message.
fn assert_failed(report: &Report, operation: &str, check: &str, needles: &[&str]) -> String {
    report
        .failures
        .iter()
        .filter(|f| f.operation == operation && f.check == check)
        .map(|f| f.message.clone())
        .find(|m| needles.iter().all(|n| m.contains(n)))
        .unwrap_or_else(|| {
            panic!(
                "no {operation} {check} failure says {needles:?}; failing: {:#?}",
                failing(report)
            )
        })
}

/// Asserts that `check` passed on some operation: the run went on past the hostile calls.
fn assert_passed_somewhere(report: &Report, check: &str) {
    assert!(
        report
            .checks
            .iter()
            .any(|c| c.check == check && c.passed > 0),
        "{check} never passed"
    );
}

/// Asserts that the run gave up on `SearchRelatedItems` and said why: it is listed as not
/// run, with requests not sent, and a note says so.
fn assert_given_up(report: &Report, because: &str) {
    let not_run = report
        .meta
        .not_run
        .iter()
        .find(|n| n.operation == SEARCH_OP)
        .unwrap_or_else(|| panic!("{SEARCH_OP} not given up on: {:?}", report.meta));
    assert!(not_run.requests > 0, "{not_run:?}");
    assert!(
        not_run
            .reason
            .contains("given up on after 5 consecutive transport failures")
            && not_run.reason.contains(because),
        "{not_run:?}"
    );
    assert!(
        report
            .meta
            .notes
            .iter()
            .any(|n| n.contains("requests were not sent")),
        "{:?}",
        report.meta.notes
    );
    // Only the hostile operation: the others went on.
    assert_eq!(report.meta.not_run.len(), 1, "{:?}", report.meta.not_run);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_target_that_never_answers_is_given_up_on_after_a_few_timeouts() {
    let (run, _) = default_run(Behaviour::NeverAnswers).await;
    let timeout = "no complete response within 10s";
    assert_failed(&run.report, SEARCH_OP, "protocol.transport", &[timeout]);
    assert_given_up(&run.report, timeout);
    // The other operations were served: the run did not stop at the first hang.
    assert_passed_somewhere(&run.report, "protocol.transport");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_target_that_answers_one_byte_a_second_times_out() {
    let (run, _) = default_run(Behaviour::OneByteASecond).await;
    let timeout = "no complete response within 10s";
    assert_failed(
        &run.report,
        SEARCH_OP,
        "protocol.transport",
        &[timeout, "whole body"],
    );
    assert_given_up(&run.report, timeout);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_gigabyte_body_is_abandoned_at_the_body_cap() {
    let (run, target) = default_run(Behaviour::GigabyteBody).await;
    let cap = "exceeded the 8388608-byte cap";
    assert_failed(
        &run.report,
        SEARCH_OP,
        "protocol.transport",
        &[cap, "discarded"],
    );
    assert_given_up(&run.report, cap);
    // The client hung up at the cap: what the server got rid of is the cap plus socket
    // buffers per request, nowhere near the gigabyte each would have been.
    let requests = target.hostile_requests.load(Ordering::SeqCst);
    let streamed = target.streamed_bytes.load(Ordering::SeqCst);
    assert!(
        streamed < requests * (40 << 20),
        "{streamed} bytes streamed over {requests} requests"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invalid_json_fails_json_body() {
    let (run, _) = default_run(Behaviour::InvalidJson).await;
    assert_failed(
        &run.report,
        SEARCH_OP,
        "protocol.json-body",
        &["body is not JSON", "EOF while parsing"],
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invalid_utf8_fails_json_body() {
    let (run, _) = default_run(Behaviour::InvalidUtf8).await;
    assert_failed(
        &run.report,
        SEARCH_OP,
        "protocol.json-body",
        &["body is not JSON", "invalid unicode"],
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn truncated_chunked_encoding_fails_transport() {
    let (run, _) = default_run(Behaviour::TruncatedChunked).await;
    assert_failed(
        &run.report,
        SEARCH_OP,
        "protocol.transport",
        &["HTTP protocol error from the target", "chunk"],
    );
    assert_given_up(&run.report, "HTTP protocol error from the target");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_connection_reset_mid_body_fails_transport() {
    let (run, _) = default_run(Behaviour::ResetMidBody).await;
    let message = assert_failed(
        &run.report,
        SEARCH_OP,
        "protocol.transport",
        &["HTTP protocol error from the target"],
    );
    assert!(message.to_lowercase().contains("reset"), "{message}");
    assert_given_up(&run.report, "HTTP protocol error from the target");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_redirect_loop_is_judged_not_followed() {
    let (run, target) = default_run(Behaviour::RedirectLoop).await;
    assert_failed(
        &run.report,
        SEARCH_OP,
        "protocol.status-modeled",
        &["status 307 is neither SearchRelatedItems's responseCode nor a modeled error's"],
    );
    assert_failed(
        &run.report,
        SEARCH_OP,
        "acceptance.valid-request-200",
        &["got 307, not 200"],
    );
    // Not followed, not retried: the target saw exactly the requests the run sent.
    let seen =
        target.hostile_requests.load(Ordering::SeqCst) + target.forwarded.load(Ordering::SeqCst);
    assert_eq!(seen, run.report.meta.cases.requests);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_html_error_page_fails_every_protocol_check_it_breaks() {
    let (run, _) = default_run(Behaviour::HtmlErrorPage).await;
    let report = &run.report;
    assert_failed(
        report,
        SEARCH_OP,
        "protocol.json-content-type",
        &["Content-Type is `text/html; charset=utf-8`, not application/json"],
    );
    assert_failed(
        report,
        SEARCH_OP,
        "protocol.json-body",
        &["body is not JSON"],
    );
    assert_failed(
        report,
        SEARCH_OP,
        "protocol.status-modeled",
        &["status 502 is neither"],
    );
    assert_failed(
        report,
        SEARCH_OP,
        "protocol.no-5xx-for-client-input",
        &["status 502 answers client input with a server fault"],
    );
    assert_failed(
        report,
        SEARCH_OP,
        "protocol.error-type-modeled",
        &["names no error type"],
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_200_with_an_error_body_fails_the_response_schema_and_the_round_trip() {
    let (run, _) = default_run(Behaviour::OkWithErrorBody).await;
    let report = &run.report;
    assert_failed(
        report,
        SEARCH_OP,
        "response.required-members",
        &["\"relatedItems\" is a required property"],
    );
    assert_failed(
        report,
        SEARCH_OP,
        "response.unknown-members",
        &["'__type', 'message' were unexpected"],
    );
    assert_failed(
        report,
        SEARCH_OP,
        "roundtrip.found-once",
        &["was found 0 times in its case's search"],
    );
}

/// Every walk of a listing the run filled itself fails as soon as it is past the pages its
/// items need, not at `--max-pages` (500): the round trip's first walk, 8 items at 25 a
/// page, stops after 1 + 2 pages of slack.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pagination_that_never_ends_fails_past_the_pages_the_known_items_need() {
    let (run, target) = default_run(Behaviour::EndlessTokens).await;
    assert_failed(
        &run.report,
        SEARCH_OP,
        "pagination.terminates",
        &[
            "the walk did not end within 3 pages",
            "the listing holds at most 8 items the run created (25 per page, plus 2 pages of slack)",
        ],
    );
    for failure in run
        .report
        .failures
        .iter()
        .filter(|f| f.check == "pagination.terminates")
    {
        let pages = failure.actual["pages"].as_u64().expect("pages");
        assert!(pages <= 8 + 2, "{:?}", failure.actual);
    }
    // Nowhere near --max-pages per walk: a few dozen walks, each a few pages, and the
    // generated cases (one request each).
    let hostile = target.hostile_requests.load(Ordering::SeqCst);
    assert!(hostile < 2_000, "{hostile} search requests");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_same_token_forever_is_a_cycle() {
    let (run, _) = default_run(Behaviour::SameTokenForever).await;
    assert_failed(
        &run.report,
        SEARCH_OP,
        "pagination.terminates",
        &[
            "the walk cycles",
            hostile_server::SAME_TOKEN,
            "came back after 2 pages",
        ],
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_50000_item_page_fails_page_size_with_bounded_evidence() {
    let (run, _) = default_run(Behaviour::HugePage).await;
    assert_failed(
        &run.report,
        SEARCH_OP,
        "pagination.page-size",
        &["page 1 holds 50000 items, more than 1"],
    );
    let message = assert_failed(
        &run.report,
        SEARCH_OP,
        "response.bounds",
        &["has more than 25 items at /body/relatedItems", "bytes cut"],
    );
    // The validator quotes the whole list; the report keeps both ends of the message and a
    // bounded `actual`, not 8 MB per failure.
    assert!(message.len() < 3_000, "{} bytes", message.len());
    for failure in run
        .report
        .failures
        .iter()
        .filter(|f| f.check == "response.bounds")
    {
        assert!(failure.actual.to_string().len() < 20_000);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn json_nested_10000_deep_fails_json_body_without_overflowing_the_stack() {
    let (run, _) = default_run(Behaviour::DeepNesting).await;
    assert_failed(
        &run.report,
        SEARCH_OP,
        "protocol.json-body",
        &["body is not JSON", "recursion limit exceeded"],
    );
}
