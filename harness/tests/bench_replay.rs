//! `harness bench --dump-requests` hands a load generator the harness's own work: the file holds
//! exactly as many requests as `harness bench` sends for the same cases, and they mean on the
//! wire what the harness meant (each valid one succeeds and each mutated one is refused when
//! replayed byte for byte against a fresh case of the mock).

use std::process::Command;

use serde_json::{Value, json};

const CASES: &str = "4";

fn harness(args: &[&str]) -> Value {
    let output = Command::new(env!("CARGO_BIN_EXE_harness"))
        .args(args)
        // Its targets are on loopback: a proxy of the developer's environment stays out.
        .env("NO_PROXY", "127.0.0.1")
        .env("no_proxy", "127.0.0.1")
        .output()
        .expect("harness runs");
    assert!(
        output.status.success(),
        "harness {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("one JSON line")
}

async fn post(client: &reqwest::Client, url: &str, body: Value, member: &str) -> String {
    let bytes = client
        .post(url)
        .header("content-type", "application/json")
        .body(body.to_string())
        .send()
        .await
        .expect("mock answers")
        .bytes()
        .await
        .expect("a body");
    let answer: Value = serde_json::from_slice(&bytes).expect("JSON");
    answer[member].as_str().expect(member).to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dumped_requests_are_the_bench_run_and_replay_as_meant() {
    let mock = cases_mock::spawn(cases_mock::MockConfig::default())
        .await
        .expect("mock starts");
    let url = mock.url();
    // The mock is on loopback: a proxy of the developer's environment stays out.
    let client = reqwest::Client::builder()
        .no_proxy()
        .build()
        .expect("a client");
    let domain = post(
        &client,
        &format!("{url}/domains"),
        json!({"name": "replay"}),
        "domainId",
    )
    .await;
    let template = post(
        &client,
        &format!("{url}/domains/{domain}/templates"),
        json!({"name": "replay"}),
        "templateId",
    )
    .await;
    let case = post(
        &client,
        &format!("{url}/domains/{domain}/cases"),
        json!({"templateId": template, "fields": [
            {"id": "title", "value": {"stringValue": "t"}},
            {"id": "customer_id", "value": {"stringValue": "c"}}
        ]}),
        "caseId",
    )
    .await;

    let dir = std::env::temp_dir().join(format!("harness-bench-replay-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("requests.jsonl");
    let file_arg = file.to_str().unwrap();
    let dumped = harness(&[
        "bench",
        "--dump-requests",
        file_arg,
        "--cases",
        CASES,
        "--domain-id",
        &domain,
        "--case-id",
        &case,
    ]);
    // The same plan, sent and judged by the harness against the same mock.
    let sent = tokio::task::spawn_blocking({
        let (url, domain) = (url.clone(), domain.clone());
        move || {
            harness(&[
                "bench",
                "--target",
                &url,
                "--cases",
                CASES,
                "--domain-id",
                &domain,
            ])
        }
    })
    .await
    .unwrap();
    assert_eq!(dumped["requests"], sent["cases"], "{dumped} vs {sent}");
    assert_eq!(sent["must_failures"], 0, "{sent}");

    let text = std::fs::read_to_string(&file).unwrap();
    let lines: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len() as u64, dumped["requests"].as_u64().unwrap());
    let (mut valid, mut invalid) = (0, 0);
    for line in &lines {
        let method: reqwest::Method = line["method"].as_str().unwrap().parse().unwrap();
        let mut request =
            client.request(method, format!("{url}{}", line["target"].as_str().unwrap()));
        for pair in line["headers"].as_array().unwrap() {
            request = request.header(pair[0].as_str().unwrap(), pair[1].as_str().unwrap());
        }
        if let Some(hex) = line["body_hex"].as_str() {
            let bytes: Vec<u8> = (0..hex.len())
                .step_by(2)
                .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
                .collect();
            request = request.body(bytes);
        }
        let status = request
            .send()
            .await
            .expect("mock answers")
            .status()
            .as_u16();
        match line["mutation"].as_str() {
            None => {
                valid += 1;
                assert_eq!(status, 200, "valid request refused: {line}");
            }
            Some(mutation) => {
                invalid += 1;
                assert!(
                    status == 400 || status == 404,
                    "{mutation} answered {status}: {line}"
                );
            }
        }
    }
    assert_eq!(valid, 3 * CASES.parse::<usize>().unwrap());
    assert!(
        invalid > valid,
        "every named mutation at least once: {invalid}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
