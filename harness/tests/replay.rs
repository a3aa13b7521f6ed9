//! `harness replay` of a failure whose requests name the run's resources. The run is against
//! the embedded mock shipping `create-returns-201` (CreateRelatedItem answers 201, not the
//! model's 200), so the failure's request names the run's domain and case. Replayed against a
//! fresh mock, the report's set-up steps make a domain, template and case again, the request
//! is rebased onto them and the fault shows again (201), where the request sent as recorded
//! (`--no-setup`) only meets a 404. Against a target other than a fresh mock, what the set-up
//! made is deleted afterwards.

mod common;

use std::process::{Command, Output};

use harness::client::{ClientConfig, TargetClient, WireRequest};
use harness::report::json;

const FAULT: &str = "create-returns-201";

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

fn stdout_of(out: &Output) -> String {
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

#[test]
fn a_replayed_failure_gets_its_set_up_and_shows_the_fault_again() {
    let dir = common::scratch("replay-setup");
    let run = harness(&[
        "run",
        "--mock-fault",
        FAULT,
        "--seed",
        "7",
        "--cases",
        "2",
        "--concurrency",
        "2",
        "--sequences",
        "0",
        "--out",
        dir.to_str().unwrap(),
    ]);
    assert_eq!(
        run.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let path = dir.join("report.json");
    let report = json::read(&path).unwrap();
    let failure = report
        .failures
        .iter()
        .find(|f| {
            f.operation == "CreateRelatedItem"
                && f.check == "acceptance.valid-request-200"
                && f.exchanges.len() == 1
                && f.exchanges[0].status == Some(201)
        })
        .expect("the fault fails a valid CreateRelatedItem");

    // The report carries the requests that made the domain and case the failure names, once.
    let steps = report.setup_of(failure);
    assert_eq!(steps.len(), failure.setup.len(), "{:?}", failure.setup);
    let operations: Vec<&str> = steps.iter().map(|s| s.operation.as_str()).collect();
    for producer in ["CreateDomain", "CreateTemplate", "CreateCase"] {
        assert!(operations.contains(&producer), "{operations:?}");
    }
    let mut ids: Vec<&str> = report.setup.iter().map(|s| s.id.as_str()).collect();
    ids.dedup();
    assert_eq!(ids.len(), report.setup.len(), "each step once per report");
    let domain = &steps[0];
    assert_eq!(domain.operation, "CreateDomain");
    assert!(
        failure.exchanges[0]
            .url
            .contains(&domain.produces["domainId"]),
        "{} names {:?}",
        failure.exchanges[0].url,
        domain.produces
    );

    // Against a fresh mock: the set-up is sent first, the request rebased, and the fault's
    // 201 comes back instead of a 404.
    let replay = |extra: &[&str]| {
        let mut args = vec![
            "replay",
            "--report",
            path.to_str().unwrap(),
            "--failure",
            &failure.id,
        ];
        args.extend_from_slice(extra);
        stdout_of(&harness(&args))
    };
    let stdout = replay(&[]);
    assert!(stdout.contains("set-up: "), "{stdout}");
    assert!(
        stdout.contains("S1 CreateDomain: 200, made domainId "),
        "{stdout}"
    );
    assert!(!stdout.contains("FAILED"), "{stdout}");
    assert!(stdout.contains("recorded: 201"), "{stdout}");
    assert!(stdout.contains("replayed: 201"), "{stdout}");
    assert!(!stdout.contains("replayed: 404"), "{stdout}");
    let sent = stdout
        .lines()
        .find(|l| l.starts_with("[1/1] POST /domains/"))
        .unwrap_or_else(|| panic!("{stdout}"));
    assert!(
        !sent.contains(&domain.produces["domainId"]),
        "the run's domain id is not sent again: {sent}"
    );
    // The ids differ by design; the answer is the recorded one in every other respect.
    assert!(stdout.contains("same as recorded"), "{stdout}");

    // As recorded: the fresh mock has none of the run's resources.
    let stdout = replay(&["--no-setup"]);
    assert!(!stdout.contains("set-up: "), "{stdout}");
    assert!(stdout.contains("may get 404"), "{stdout}");
    assert!(stdout.contains("replayed: 404"), "{stdout}");

    // Against a target of the user's: the same, and what the set-up made is deleted after.
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let target = runtime
        .block_on(harness::embedded::start_as_recorded(
            None,
            &[FAULT.to_string()],
        ))
        .unwrap();
    let stdout = replay(&["--target", &target.url()]);
    assert!(stdout.contains("replayed: 201"), "{stdout}");
    assert!(stdout.contains("clean-up: deleted"), "{stdout}");
    assert!(stdout.contains("1 domainId"), "{stdout}");
    let client = TargetClient::new(ClientConfig::new(target.url())).unwrap();
    let listed = runtime.block_on(client.send(&WireRequest::new(
        "ListDomains",
        http::Method::POST,
        "/domains-list",
    )));
    let body = listed.response().unwrap().body_text_lossy().into_owned();
    assert!(body.contains(r#""domains":[]"#), "{body}");
    runtime.block_on(target.shutdown());
}
