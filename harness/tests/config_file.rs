//! `harness.toml` through the binary: flags win over the file and the file over the defaults,
//! each setting reported with where it came from; a mistake names the key and the line (exit
//! 2); a `should` policy entry turns a failing gate green and is listed with its reason in every
//! report; secrets never reach a report; `--plan` sends nothing to the target. And a target
//! that behaves like a strict real service, refusing contact, file and user ARNs it does not
//! hold: without `[fixtures]` the run fails and is warned about, naming the fixture keys; with
//! them in a `harness.toml`, it passes.

mod common;

use std::collections::BTreeSet;
use std::io::Read as _;
use std::net::TcpListener;
use std::path::Path;
use std::process::{Command, Output};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use axum::body::{Body, to_bytes};
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::Response;
use serde_json::Value;

/// The binary in `dir` (where it finds `./harness.toml`), with no proxy or run settings from
/// the developer's environment.
fn harness(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_harness"));
    command.current_dir(dir).args(args);
    for var in [
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "http_proxy",
        "https_proxy",
        "CONFORMANCE_TARGET",
        "CONFORMANCE_SEED",
        "CONFORMANCE_SIGN",
        "CONFORMANCE_DOMAIN_ID",
        "CONFORMANCE_TEMPLATE_ID",
        "CONFORMANCE_CASE_ID",
        "AWS_PROFILE",
        "AWS_CA_BUNDLE",
    ] {
        command.env_remove(var);
    }
    command.env("NO_PROXY", "127.0.0.1,localhost");
    for (k, v) in env {
        command.env(k, v);
    }
    command.output().expect("the harness binary runs")
}

fn dir_with(name: &str, toml: &str) -> std::path::PathBuf {
    let dir = common::scratch(name);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("harness.toml"), toml).unwrap();
    dir
}

fn read_report(dir: &Path) -> Value {
    serde_json::from_str(&common::read(&dir.join("out/report.json"))).expect("report.json")
}

/// (value, source) of `key` in the report's resolved configuration.
fn setting(report: &Value, key: &str) -> (String, String) {
    let found = report["meta"]["configuration"]
        .as_array()
        .expect("meta.configuration")
        .iter()
        .find(|s| s["key"] == key)
        .unwrap_or_else(|| panic!("no setting {key}"));
    (
        found["value"].as_str().unwrap().to_string(),
        found["source"].as_str().unwrap().to_string(),
    )
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

#[test]
fn flags_win_over_the_file_and_the_file_over_the_defaults() {
    let dir = dir_with(
        "config-precedence",
        "cases = 3\nsequences = 0\nseed = 11\nconcurrency = 2\noperations = [\"CreateDomain\", \"CreateTemplate\", \"CreateCase\", \"CreateRelatedItem\"]\n",
    );
    let output = harness(&dir, &["run", "--cases", "2", "--out", "out", "-q"], &[]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    let report = read_report(&dir);
    assert_eq!(setting(&report, "cases"), ("2".into(), "flag".into()));
    assert_eq!(setting(&report, "sequences"), ("0".into(), "file".into()));
    assert_eq!(setting(&report, "concurrency"), ("2".into(), "file".into()));
    assert_eq!(
        setting(&report, "operations"),
        (
            "CreateDomain, CreateTemplate, CreateCase, CreateRelatedItem".into(),
            "file".into()
        )
    );
    assert_eq!(
        setting(&report, "max-pages"),
        ("500".into(), "default".into())
    );
    assert_eq!(report["meta"]["seed"], 11);
    assert_eq!(report["meta"]["cases_per_operation"], 2);
    assert_eq!(report["meta"]["cases"]["sequences"], 0);
    assert!(common::read(&dir.join("out/report.md")).contains("| `sequences` | 0 | file |"));

    // --no-config ignores the file: the defaults come back.
    let output = harness(
        &dir,
        &[
            "run",
            "--no-config",
            "--plan",
            "--cases",
            "1",
            "--sequences",
            "0",
        ],
        &[],
    );
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    assert!(!text(&output).contains("seed 11"), "{}", text(&output));
}

#[test]
fn mistakes_name_the_file_the_line_and_the_key() {
    let cases = [
        (
            "cases = 2\n\nmax-pagez = 3\n",
            "harness.toml:3: max-pagez: unknown key",
        ),
        (
            "cases = \"many\"\n",
            "harness.toml:1: cases: invalid value 'many'",
        ),
        (
            "sign = \"yes\"\n",
            "harness.toml:1: sign: expected true or false",
        ),
        (
            "only = \"pagination.\"\n",
            "harness.toml:1: only: expected a list",
        ),
        (
            "cases = 1\n[[policy]]\ncheck = \"acceptance.nope\"\naction = \"disable\"\nreason = \"r\"\n",
            "harness.toml:3: policy[1].check: unknown check `acceptance.nope`",
        ),
        (
            "[[policy]]\ncheck = \"protocol.transport\"\naction = \"disable\"\n",
            "policy[1].reason: missing",
        ),
        (
            "[[policy]]\ncheck = \"protocol.transport\"\naction = \"accept-status\"\nstatuses = [400]\nreason = \"r\"\n",
            "policy[1].check: accept-status applies to the checks that judge a status",
        ),
        (
            "[[policy]]\ncheck = \"protocol.transport\"\naction = \"disable\"\nreason = \"r\"\noperation = \"GetCasez\"\n",
            "harness.toml:5: policy[1].operation: GetCasez is not an operation",
        ),
        (
            "[fixtures]\ncontactArn = [\"arn:c\"]\ncontactArns = [\"arn:c\"]\n",
            "harness.toml:3: fixtures.contactArns: names no string member or shape",
        ),
    ];
    for (n, (toml, expected)) in cases.iter().enumerate() {
        let dir = dir_with(&format!("config-mistake-{n}"), toml);
        let output = harness(&dir, &["run", "--plan"], &[]);
        assert_eq!(output.status.code(), Some(2), "{toml}: {}", text(&output));
        assert!(
            text(&output).contains(expected),
            "{toml}: expected {expected:?} in {}",
            text(&output)
        );
    }
}

#[test]
fn a_should_policy_entry_changes_the_gate_and_every_report_shows_its_reason() {
    let args = [
        "run",
        "--mock-fault",
        "contact-arn-filter-ignored",
        "--cases",
        "2",
        "--sequences",
        "0",
        "--seed",
        "5",
        "--out",
        "out",
    ];
    let plain = dir_with("config-policy-without", "");
    let output = harness(&plain, &args, &[]);
    assert_eq!(output.status.code(), Some(1), "{}", text(&output));

    let reason = "our proxy rewrites contact filters; tracked in TICKET-7";
    let dir = dir_with(
        "config-policy-with",
        &format!(
            "[[policy]]\ncheck = \"filters.contact-by-arn\"\naction = \"should\"\nreason = \"{reason}\"\n"
        ),
    );
    let output = harness(&dir, &args, &[]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    assert!(text(&output).contains(reason), "console: {}", text(&output));
    let report = read_report(&dir);
    assert_eq!(report["meta"]["policy"][0]["reason"], reason);
    assert_eq!(report["meta"]["policy"][0]["action"], "should");
    let line = report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["check"] == "filters.contact-by-arn" && c["status"] == "fail")
        .expect("the check still fails, as SHOULD");
    assert_eq!(line["severity"], "SHOULD");
    for file in ["report.md", "report.html", "junit.xml"] {
        assert!(
            common::read(&dir.join("out").join(file)).contains(reason),
            "{file} lacks the policy's reason"
        );
    }
}

#[test]
fn secrets_never_reach_a_report() {
    let dir = dir_with("config-redaction", "cases = 1\nsequences = 0\n");
    let secret = "wJalrXUtnFEMIKSECRETEXAMPLEKEY";
    let token = "IQoJb3JpZ2luSESSIONTOKENEXAMPLE";
    let output = harness(
        &dir,
        &[
            "run",
            "--sign",
            "--region",
            "us-east-1",
            "--out",
            "out",
            "-q",
        ],
        &[
            ("AWS_ACCESS_KEY_ID", "AKIDREDACTIONTEST"),
            ("AWS_SECRET_ACCESS_KEY", secret),
            ("AWS_SESSION_TOKEN", token),
            ("AWS_CONFIG_FILE", "/nonexistent"),
            ("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent"),
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    let report = read_report(&dir);
    assert_eq!(
        setting(&report, "signing.secret-access-key"),
        ("<redacted>".into(), "credentials".into())
    );
    assert_eq!(
        setting(&report, "signing.session-token"),
        ("<redacted>".into(), "credentials".into())
    );
    assert_eq!(setting(&report, "sign"), ("true".into(), "flag".into()));
    for file in ["report.json", "report.md", "report.html", "junit.xml"] {
        let body = common::read(&dir.join("out").join(file));
        assert!(
            !body.contains(secret) && !body.contains(token),
            "{file} shows a secret"
        );
    }
}

#[test]
fn plan_sends_nothing_to_the_target() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    listener.set_nonblocking(true).unwrap();
    let accepted = Arc::new(AtomicUsize::new(0));
    let done = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let watcher = {
        let (accepted, done) = (accepted.clone(), done.clone());
        std::thread::spawn(move || {
            while !done.load(Ordering::Relaxed) {
                if let Ok((mut stream, _)) = listener.accept() {
                    accepted.fetch_add(1, Ordering::Relaxed);
                    let _ = stream.read(&mut [0u8; 64]);
                }
                std::thread::sleep(std::time::Duration::from_millis(5));
            }
        })
    };
    let dir = dir_with("config-plan", "");
    let output = harness(
        &dir,
        &[
            "run",
            "--plan",
            "--target",
            &url,
            "--cases",
            "3",
            "--sequences",
            "1",
            "--seed",
            "9",
        ],
        &[],
    );
    done.store(true, Ordering::Relaxed);
    watcher.join().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    assert_eq!(
        accepted.load(Ordering::Relaxed),
        0,
        "--plan connected to the target"
    );
    let plan = String::from_utf8_lossy(&output.stdout);
    assert!(
        plan.contains(&format!("send to {url} (nothing was sent to it)")),
        "{plan}"
    );
    for row in [
        "CreateRelatedItem",
        "SearchRelatedItems",
        "relatedItemId",
        "caseId",
        "total",
    ] {
        assert!(plan.contains(row), "{row} missing from:\n{plan}");
    }
    assert!(!dir.join("reports").exists(), "--plan writes no reports");

    // The same plan as JSON, for a CI that budgets a run: the same counts as the text.
    let output = harness(
        &dir,
        &[
            "run",
            "--plan",
            "--format",
            "json",
            "--target",
            &url,
            "--cases",
            "3",
            "--sequences",
            "1",
            "--seed",
            "9",
        ],
        &[],
    );
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    let json: Value = serde_json::from_slice(&output.stdout).expect("--plan --format json");
    assert_eq!(json["target"], url.as_str());
    assert_eq!(json["seed"], 9);
    let requests = json["requests"].as_object().expect("requests by operation");
    let sum: u64 = requests.values().filter_map(Value::as_u64).sum();
    assert_eq!(json["total_requests"].as_u64(), Some(sum));
    for (operation, sent) in requests
        .iter()
        .map(|(op, sent)| (op.as_str(), sent.clone()))
        .chain([("total", Value::from(sum))])
    {
        assert!(
            plan.lines().any(|line| {
                let cells: Vec<&str> = line.split_whitespace().collect();
                cells == [operation, &sent.to_string()]
            }),
            "{operation} {sent} missing from:\n{plan}"
        );
    }
    let kinds: Vec<&str> = json["resources"]
        .as_array()
        .expect("resources")
        .iter()
        .filter_map(|k| k["kind"].as_str())
        .collect();
    assert!(
        kinds.contains(&"caseId") && kinds.contains(&"relatedItemId"),
        "{kinds:?}"
    );
}

/// The contact, file and user ARNs the strict target holds.
const KNOWN: [&str; 5] = [
    "arn:aws:connect:us-east-1:111122223333:instance/i-1/contact/c-1",
    "arn:aws:connect:us-east-1:111122223333:instance/i-1/contact/c-2",
    "arn:aws:connect:us-east-1:111122223333:instance/i-1/file/f-1",
    "arn:aws:connect:us-east-1:111122223333:instance/i-1/file/f-2",
    "arn:aws:connect:us-east-1:111122223333:instance/i-1/agent/u-1",
];

/// Every `contactArn`, `fileArn` and `userArn` string of `value`, however deep.
fn arns(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, v) in map {
                match v {
                    Value::String(s)
                        if ["contactArn", "fileArn", "userArn"].contains(&key.as_str()) =>
                    {
                        out.push(s.clone())
                    }
                    _ => arns(v, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| arns(v, out)),
        _ => {}
    }
}

/// Refuses, as a service checking them would, any request naming a contact, file or user ARN
/// it does not hold.
async fn strict(request: Request, next: Next) -> Response {
    let (parts, body) = request.into_parts();
    let bytes = to_bytes(body, 1 << 20).await.unwrap_or_default();
    let mut named = Vec::new();
    if let Ok(json) = serde_json::from_slice::<Value>(&bytes) {
        arns(&json, &mut named);
    }
    let known: BTreeSet<&str> = KNOWN.into();
    if let Some(unknown) = named.iter().find(|a| !known.contains(a.as_str())) {
        let mut response = Response::new(Body::from(format!(
            r#"{{"message":"{} does not name a resource of this instance"}}"#,
            unknown
                .chars()
                .filter(|c| c.is_ascii_alphanumeric() || ":/-".contains(*c))
                .collect::<String>()
        )));
        *response.status_mut() = StatusCode::BAD_REQUEST;
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        headers.insert(
            "x-amzn-ErrorType",
            HeaderValue::from_static("ValidationException"),
        );
        return response;
    }
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_strict_target_passes_with_fixtures_and_warns_without() {
    let app =
        cases_mock::router(cases_mock::MockConfig::default()).layer(middleware::from_fn(strict));
    let target = common::serve(app).await;
    let args = |url: &str| {
        vec![
            "run".to_string(),
            "--target".into(),
            url.to_string(),
            "--cases".into(),
            "20".into(),
            "--sequences".into(),
            "2".into(),
            "--seed".into(),
            "21".into(),
            "--out".into(),
            "out".into(),
        ]
    };
    let run = |dir: std::path::PathBuf, args: Vec<String>| {
        tokio::task::spawn_blocking(move || {
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            (harness(&dir, &args, &[]), dir)
        })
    };

    let (output, dir) = run(dir_with("config-strict-without", ""), args(&target.url))
        .await
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", text(&output));
    let report = read_report(&dir);
    let warning = report["meta"]["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["kind"] == "valid-requests-rejected" && w["operation"] == "CreateRelatedItem")
        .unwrap_or_else(|| panic!("no warning: {:#}", report["meta"]["warnings"]));
    let message = warning["message"].as_str().unwrap();
    assert!(
        message.contains("[fixtures] (contactArn, fileArn, userArn"),
        "{message}"
    );
    assert!(
        text(&output).contains(message),
        "the summary lacks the warning"
    );
    assert!(common::read(&dir.join("out/report.md")).contains(message));

    let toml = format!(
        "[fixtures]\ncontactArn = [\"{}\", \"{}\"]\nfileArn = [\"{}\", \"{}\"]\nUserArn = [\"{}\"]\n",
        KNOWN[0], KNOWN[1], KNOWN[2], KNOWN[3], KNOWN[4]
    );
    let (output, dir) = run(dir_with("config-strict-with", &toml), args(&target.url))
        .await
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    let report = read_report(&dir);
    assert_eq!(report["meta"]["warnings"], serde_json::json!([]));
    assert!(report["meta"]["cases"]["generated"].as_u64().unwrap() > 0);
    assert_eq!(
        setting(&report, "fixtures.userArn"),
        (KNOWN[4].to_string(), "file".into()),
        "a shape key reaches the members of that shape"
    );
}
