//! The run's own bounds against hostile targets: `--timeout-ms`, `--max-pages` and
//! `--deadline-secs` reported when hit, secrets kept out of every output, and the
//! `--insecure` note. These tests set flags on purpose (they test the flags); what a run with
//! the default flags makes of each hostile behaviour is in `hostile_defaults.rs`, and the
//! client-level behaviour of each in `client_hostile.rs`.
//!
//! Every server is on 127.0.0.1, started by the test; the hostile one is in
//! `common/hostile_server.rs`.

#[path = "common/hostile_server.rs"]
mod hostile_server;
#[path = "common/report_files.rs"]
mod report_files;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::Once;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use harness::client::SigningConfig;
use harness::embedded::{MockSpec, Target};
use harness::engine::{RunConfig, RunResult};
use harness::report::{self, Report};
use hostile_server::{AUDIT, Behaviour, CREATE};

/// The per-request bound of the hostile runs: short, so a hang costs little.
const TIMEOUT: Duration = Duration::from_millis(300);
/// The run deadline of the hostile runs: far above what a run needs, so hitting it is a bug.
const DEADLINE: Duration = Duration::from_secs(30);
/// The outer guard: a run that has not returned by then hangs, whatever its own deadline.
const GUARD: Duration = Duration::from_secs(90);
/// Slack over a configured bound for a loaded 2-core machine.
const SLACK: Duration = Duration::from_secs(5);

/// A small run against `url`: 10 generated cases per operation, one sequence, 50 pages at
/// most per walk, checks limited to `only`.
fn config(url: &str, only: &[&str]) -> RunConfig {
    RunConfig {
        target: url.to_string(),
        proxies: Some(harness::client::Proxies::none()),
        seed: 0x0405_711E,
        cases: 10,
        sequences: 1,
        timeout: TIMEOUT,
        max_pages: 50,
        deadline: DEADLINE,
        only: only.iter().map(ToString::to_string).collect(),
        ..RunConfig::default()
    }
}

/// Panics on tokio worker threads, in any test of this file. The engine runs requests and
/// judges answers in spawned tasks and drops a task that panicked, so a panic there would
/// only show as a missing verdict; the tests' own assertions run on the test threads.
static WORKER_PANICS: AtomicUsize = AtomicUsize::new(0);

/// Installs (once) a panic hook that counts worker-thread panics, then reports as usual.
fn count_worker_panics() {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let report = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if std::thread::current().name() == Some("tokio-runtime-worker") {
                WORKER_PANICS.fetch_add(1, Ordering::SeqCst);
            }
            report(info);
        }));
    });
}

/// Runs `config` under the outer guard and checks the bounds every run must hold: it
/// returns, nothing panicked, it took no longer than its deadline, and its reports render
/// and stay small.
async fn guarded_run(config: RunConfig, name: &str) -> RunResult {
    guarded_run_on(&Target::Url(config.target.clone()), config, name).await
}

/// As [`guarded_run`], against `target` (the embedded mock, for one).
async fn guarded_run_on(target: &Target, config: RunConfig, name: &str) -> RunResult {
    count_worker_panics();
    let deadline = config.deadline;
    let started = Instant::now();
    let result = tokio::time::timeout(GUARD, target.run(config))
        .await
        .unwrap_or_else(|_| panic!("{name}: the run did not return within {GUARD:?}"))
        .unwrap_or_else(|e| panic!("{name}: the run failed to start: {e:#}"));
    let took = started.elapsed();
    assert_eq!(
        WORKER_PANICS.load(Ordering::SeqCst),
        0,
        "{name}: a task panicked (see the output above)"
    );
    assert!(
        took <= deadline + SLACK,
        "{name}: took {took:?}, deadline {deadline:?}"
    );
    assert!(
        Duration::from_millis(result.meta.duration_ms) <= deadline + SLACK,
        "{name}: meta.duration_ms {} over the deadline {deadline:?}",
        result.meta.duration_ms
    );
    let dir = scratch(name);
    write_reports(&result, &dir);
    report_files::assert_small_then_remove(name, &dir);
    result
}

fn write_reports(result: &RunResult, dir: &Path) -> Vec<PathBuf> {
    let report = Report::from_run(result, dir);
    report::write_all(&report, dir).expect("reports are written")
}

/// A fresh scratch folder for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("harness-hostile-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create scratch dir");
    dir
}

/// Asserts that `check` held somewhere in the run: the run went on past the hostile calls.
fn assert_passed_somewhere(result: &RunResult, check: &str) {
    assert!(
        result
            .tallies
            .iter()
            .any(|((_, c), t)| c.as_str() == check && t.passed > 0),
        "{check} never passed"
    );
}

/// `--deadline-secs`: a run cut short says so and does not conform, however well what did
/// run went.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_run_deadline_is_reported_as_incomplete() {
    let deadline = Duration::from_secs(1);
    let config = RunConfig {
        seed: 5,
        cases: 5_000,
        deadline,
        ..RunConfig::default()
    };
    let result = guarded_run_on(&Target::default(), config, "deadline").await;
    let incomplete = result.meta.incomplete.as_deref().unwrap_or_default();
    assert!(
        incomplete.contains("deadline of 1s was reached"),
        "{:?}",
        result.meta.incomplete
    );
    assert!(!result.conforms());
    assert!(
        Duration::from_millis(result.meta.duration_ms) < deadline + SLACK,
        "{} ms",
        result.meta.duration_ms
    );
}

/// `--insecure` is written into the report's notes.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_insecure_run_says_so_in_its_notes() {
    let config = RunConfig {
        seed: 6,
        cases: 1,
        sequences: 0,
        insecure: true,
        only: vec!["protocol.transport".into()],
        ..RunConfig::default()
    };
    let result = guarded_run_on(&Target::default(), config, "insecure").await;
    assert!(
        result
            .meta
            .notes
            .iter()
            .any(|n| n == "TLS certificate verification was off (--insecure)"),
        "{:?}",
        result.meta.notes
    );
}

/// Runs the `harness` binary with `args` and `envs` (no inherited AWS or CONFORMANCE
/// settings), killing it after [`GUARD`]: a hang fails the test instead of stalling it.
fn harness_cli(args: &[&str], envs: &[(&str, &str)]) -> Output {
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
    command
        .args(args)
        .env("NO_COLOR", "1")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("AWS_CONFIG_FILE", "/nonexistent/aws-config")
        .env(
            "AWS_SHARED_CREDENTIALS_FILE",
            "/nonexistent/aws-credentials",
        )
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (name, value) in envs {
        command.env(name, value);
    }
    let mut child = command.spawn().expect("the harness binary starts");
    // Drain the pipes on threads so a chatty child cannot block on a full pipe.
    let mut stdout = child.stdout.take().expect("stdout");
    let mut stderr = child.stderr.take().expect("stderr");
    let out = std::thread::spawn(move || {
        let mut buf = Vec::new();
        std::io::Read::read_to_end(&mut stdout, &mut buf).map(|_| buf)
    });
    let err = std::thread::spawn(move || {
        let mut buf = Vec::new();
        std::io::Read::read_to_end(&mut stderr, &mut buf).map(|_| buf)
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait on the harness binary") {
            break status;
        }
        if started.elapsed() > GUARD {
            let _ = child.kill();
            let _ = child.wait();
            panic!("harness {args:?} did not exit within {GUARD:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Output {
        status,
        stdout: out.join().expect("stdout thread").expect("stdout"),
        stderr: err.join().expect("stderr thread").expect("stderr"),
    }
}

/// The three bounds through the command line: `--max-pages`, `--timeout-ms` and
/// `--deadline-secs` each show up in the report when hit, and the run fails (exit 1).
/// CreateRelatedItem never answers (the round trip's creates time out, one by one),
/// GetCaseAuditEvents paginates forever (the round trip's audit walk, whose length the run
/// cannot know, hits the cap; walks of a listing the run filled itself stop sooner, see
/// `hostile_defaults.rs`), and the generated creates, hanging 16 at a time, run into the
/// deadline.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_cli_bound_hit_is_reported() {
    let target = hostile_server::spawn_with(&[
        (CREATE, Behaviour::NeverAnswers),
        (AUDIT, Behaviour::EndlessTokens),
    ])
    .await;
    let out = scratch("cli-bounds");
    let out_arg = out.to_string_lossy().into_owned();
    let url = target.url.clone();
    let started = Instant::now();
    let output = tokio::task::spawn_blocking(move || {
        harness_cli(
            &[
                "run",
                "--target",
                &url,
                "--seed",
                "3",
                "--cases",
                "2000",
                "--sequences",
                "0",
                "--max-pages",
                "7",
                "--timeout-ms",
                "200",
                "--deadline-secs",
                "4",
                // Off: the creates must keep hanging until the deadline, which is what this
                // test shows is reported; by default the run would give up on them.
                "--give-up-after",
                "0",
                "--quiet",
                "--out",
                &out_arg,
            ],
            &[],
        )
    })
    .await
    .expect("the CLI thread");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "stderr: {stderr}");
    assert!(
        started.elapsed() < Duration::from_secs(4) + SLACK + Duration::from_secs(5),
        "the CLI took {:?} with --deadline-secs 4",
        started.elapsed()
    );
    let report = harness::report::json::read(&out.join("report.json")).expect("report.json");
    let incomplete = report.meta.incomplete.clone().unwrap_or_default();
    assert!(
        incomplete.contains("deadline of 4s was reached"),
        "{incomplete:?}"
    );
    assert!(!report.summary.conforms);
    let says = |check: &str, operation: &str, text: &str| {
        report
            .failures
            .iter()
            .any(|f| f.check == check && f.operation == operation && f.message.contains(text))
    };
    assert!(
        says(
            "pagination.terminates",
            "GetCaseAuditEvents",
            "did not end within 7 pages (--max-pages)"
        ),
        "{:#?}",
        report
            .failures
            .iter()
            .map(|f| (&f.check, &f.message))
            .collect::<Vec<_>>()
    );
    assert!(
        says(
            "protocol.transport",
            "CreateRelatedItem",
            "no complete response within 200ms"
        ),
        "{:#?}",
        report
            .failures
            .iter()
            .map(|f| (&f.check, &f.message))
            .collect::<Vec<_>>()
    );
    let _ = std::fs::remove_dir_all(&out);
}

/// Recognisable fake credentials: if any of these turns up in an output, it leaked.
const ACCESS_KEY: &str = "AKIDPLANTED0123456789";
const SECRET_KEY: &str = "SECRETPLANTEDwJalrXUtnFEMIK7MDENGbPxRfiCY";
const SESSION_TOKEN: &str = "TOKENPLANTEDFwoGZXIvYXdzEJr//////////wEaDPLANTED";

/// What leaked into `text` (`label` says where): the planted secret key or session token,
/// the access key id when `with_key_id` (reports and command output drop it with the
/// signature; only `SigningConfig`'s `Debug` shows it), any SigV4 signature (`Signature=`
/// and 16 or more hex digits), or one of the `extra` strings (signatures a proxy saw on the
/// wire).
fn leaks(label: &str, text: &str, with_key_id: bool, extra: &[String]) -> Vec<String> {
    let mut found = Vec::new();
    let key_id = with_key_id.then_some(ACCESS_KEY);
    let planted = [SECRET_KEY, SESSION_TOKEN].into_iter().chain(key_id);
    for secret in planted.chain(extra.iter().map(String::as_str)) {
        if text.contains(secret) {
            found.push(format!("{label}: {secret}"));
        }
    }
    let lower = text.to_ascii_lowercase();
    let mut rest = lower.as_str();
    while let Some(at) = rest.find("signature=") {
        let after = &rest[at + "signature=".len()..];
        let hex = after.chars().take_while(char::is_ascii_hexdigit).count();
        if hex >= 16 {
            found.push(format!("{label}: Signature={}", &after[..hex]));
        }
        rest = after;
    }
    found
}

/// Every file under `dir`, recursively, as (path, lossy text).
fn files_under(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("read dir") {
            let path = entry.expect("dir entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let bytes = std::fs::read(&path).expect("read file");
                out.push((path, String::from_utf8_lossy(&bytes).into_owned()));
            }
        }
    }
    out
}

/// The scanner itself finds an unredacted header, a bare signature and each planted value,
/// and passes the redacted form, so a clean scan means something.
#[test]
fn the_leak_scanner_finds_what_it_looks_for() {
    let signature = "5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7";
    let header = format!(
        "Authorization: AWS4-HMAC-SHA256 Credential={ACCESS_KEY}/20240101/us-east-1/cases/aws4_request, \
         SignedHeaders=host;x-amz-date, Signature={signature}"
    );
    assert_eq!(leaks("h", &header, true, &[]).len(), 2, "{header}");
    assert_eq!(leaks("h", &header, false, &[]).len(), 1);
    assert_eq!(
        leaks("s", signature, false, &[signature.to_string()]).len(),
        1
    );
    assert_eq!(
        leaks("k", &format!("x{SECRET_KEY}x{SESSION_TOKEN}"), false, &[]).len(),
        2
    );
    let redacted = "authorization: <redacted: SigV4 scope=20240101/us-east-1/cases/aws4_request \
                    signed-headers=host;x-amz-date> x-amz-security-token: <redacted>";
    assert!(leaks("r", redacted, true, &[]).is_empty());
}

fn planted_signing() -> SigningConfig {
    SigningConfig::from_keys(
        "us-east-1",
        ACCESS_KEY,
        SECRET_KEY,
        Some(SESSION_TOKEN.to_string()),
    )
}

/// A signed run against the embedded mock (which verifies the signatures with the same
/// keys) with faults on, so failures carrying signed exchanges are recorded; then a signed
/// run through a proxy that keeps every signature it saw. No report file of either holds
/// the secret key, the session token or a signature.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn secrets_never_reach_the_reports() {
    let embedded = RunConfig {
        seed: 8,
        cases: 5,
        sequences: 1,
        signing: Some(planted_signing()),
        ..RunConfig::default()
    };
    let mock = Target::Embedded(MockSpec::with_faults([
        cases_mock::Fault::RequiredMemberMissing,
        cases_mock::Fault::SigV4NotVerified,
    ]));
    let result = guarded_run_on(&mock, embedded, "secrets-embedded-run").await;
    // The mock verified the signatures (creates succeeded) and failures were recorded.
    assert_passed_somewhere(&result, "acceptance.valid-request-200");
    assert!(result.tallies.values().any(|t| !t.failures.is_empty()));

    let proxy = hostile_server::spawn(Behaviour::HtmlErrorPage).await;
    let mut proxied = config(&proxy.url, &[]);
    proxied.signing = Some(planted_signing());
    let proxied_result = guarded_run(proxied, "secrets-proxied-run").await;
    let signatures: Vec<String> = proxy
        .secrets_seen
        .lock()
        .expect("secrets lock")
        .iter()
        .cloned()
        .collect();
    assert!(
        signatures.iter().any(|s| s == SESSION_TOKEN),
        "the proxy saw no session token"
    );
    assert!(signatures.len() > 10, "the proxy saw no signatures");

    let mut found = Vec::new();
    for (name, result) in [("embedded", &result), ("proxied", &proxied_result)] {
        let dir = scratch(&format!("secrets-{name}"));
        write_reports(result, &dir);
        let files = files_under(&dir);
        assert!(files.len() >= 4, "{files:?}");
        for (path, text) in files {
            found.extend(leaks(&path.display().to_string(), &text, true, &signatures));
        }
        // Debug output is what ends up in logs and panic messages.
        found.extend(leaks(
            &format!("{name} Debug"),
            &format!("{:?} {:?}", result.tallies, result.config),
            false,
            &signatures,
        ));
        let _ = std::fs::remove_dir_all(&dir);
    }
    assert!(found.is_empty(), "secrets leaked: {found:#?}");
}

/// The CLI with credentials from the environment: `harness run --sign` against the embedded
/// mock with faults, then `harness replay --sign` of one of its failures. Neither the
/// output folder nor stdout or stderr of either holds the secret key, the session token or
/// a signature.
#[test]
fn secrets_never_reach_cli_output_or_replays() {
    let out = scratch("secrets-cli");
    let out_arg = out.to_string_lossy().into_owned();
    let envs = [
        ("AWS_ACCESS_KEY_ID", ACCESS_KEY),
        ("AWS_SECRET_ACCESS_KEY", SECRET_KEY),
        ("AWS_SESSION_TOKEN", SESSION_TOKEN),
        ("AWS_REGION", "us-east-1"),
        ("RUST_LOG", "trace"),
        ("RUST_BACKTRACE", "1"),
    ];
    let run = harness_cli(
        &[
            "run",
            "--sign",
            "--seed",
            "9",
            "--cases",
            "5",
            "--sequences",
            "1",
            "--mock-fault",
            "required-member-missing",
            "--mock-fault",
            "sigv4-not-verified",
            "--format",
            "json",
            "--out",
            &out_arg,
        ],
        &envs,
    );
    let stderr = String::from_utf8_lossy(&run.stderr).into_owned();
    assert_eq!(run.status.code(), Some(1), "stderr: {stderr}");
    let report = harness::report::json::read(&out.join("report.json")).expect("report.json");
    assert!(report.meta.selection.signed);
    let failure = report
        .failures
        .iter()
        .find(|f| !f.exchanges.is_empty())
        .expect("a failure with a recorded exchange")
        .id
        .clone();
    let report_arg = out.join("report.json").to_string_lossy().into_owned();
    let replay = harness_cli(
        &[
            "replay",
            "--report",
            &report_arg,
            "--failure",
            &failure,
            "--sign",
        ],
        &envs,
    );
    assert_eq!(
        replay.status.code(),
        Some(0),
        "replay stderr: {}",
        String::from_utf8_lossy(&replay.stderr)
    );

    let mut found = Vec::new();
    for (label, bytes) in [
        ("run stdout", &run.stdout),
        ("run stderr", &run.stderr),
        ("replay stdout", &replay.stdout),
        ("replay stderr", &replay.stderr),
    ] {
        found.extend(leaks(label, &String::from_utf8_lossy(bytes), true, &[]));
    }
    let files = files_under(&out);
    assert!(files.len() >= 4, "{files:?}");
    for (path, text) in files {
        found.extend(leaks(&path.display().to_string(), &text, true, &[]));
    }
    assert!(found.is_empty(), "secrets leaked: {found:#?}");
    let _ = std::fs::remove_dir_all(&out);
}
