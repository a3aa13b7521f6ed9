//! Soak: 16 concurrent HTTP clients on loopback mix creates, paginated searches and audit
//! reads on three shared cases for about two seconds (and at most a fixed number of steps
//! each). Nothing acknowledged may be lost or doubled:
//!
//! * while it runs, every walk (search or audit) sees each item acknowledged before the
//!   walk began exactly once, and never an id twice;
//! * afterwards, every acknowledged create is found exactly once in its case's paginated
//!   search, nothing else is, and the audit history holds exactly one `RelatedItem.Created`
//!   event for each (matched by the unique `performedBy.userArn` each create sends).
//!
//! `tests/concurrency.rs` is the single-case, create-only version at a fixed count.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

const CLIENTS: usize = 16;
const CASES: usize = 3;
/// How long the clients run.
const SOAK: Duration = Duration::from_secs(2);
/// Steps per client at most, so a fast machine does not pile up unbounded work.
const MAX_STEPS: usize = 2_000;
/// Per-request bound: a hang is a failure, not a stuck test.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// What the clients have been told: per case, acknowledged item id → the userArn its
/// create carried.
type Acknowledged = Mutex<Vec<HashMap<String, String>>>;

struct Soak {
    client: reqwest::Client,
    base: String,
    domain: String,
    cases: Vec<String>,
    acknowledged: Acknowledged,
}

impl Soak {
    async fn post(&self, path: &str, body: &Value) -> Value {
        let response = self
            .client
            .post(format!("{}{path}", self.base))
            .header("content-type", "application/json")
            .body(body.to_string())
            .send()
            .await
            .unwrap_or_else(|e| panic!("{path}: {e}"));
        let status = response.status();
        let text = response.text().await.expect("body");
        assert_eq!(status, 200, "{path} {body}: {text}");
        serde_json::from_str(&text).expect("JSON")
    }

    fn case_path(&self, case: usize, suffix: &str) -> String {
        format!(
            "/domains/{}/cases/{}{suffix}",
            self.domain, self.cases[case]
        )
    }

    /// Every item of a paginated listing of `case` (`items` is the list member).
    async fn walk(&self, case: usize, suffix: &str, items: &str, page_size: u64) -> Vec<Value> {
        let mut found = Vec::new();
        let mut token: Option<String> = None;
        for _ in 0..10_000 {
            let mut body = json!({ "maxResults": page_size });
            if let Some(t) = &token {
                body["nextToken"] = json!(t);
            }
            let page = self.post(&self.case_path(case, suffix), &body).await;
            found.extend(page[items].as_array().expect("a list").iter().cloned());
            match page["nextToken"].as_str() {
                Some(t) => token = Some(t.to_string()),
                None => return found,
            }
        }
        panic!("a walk of case {case} did not end within 10,000 pages");
    }

    fn snapshot(&self, case: usize) -> HashMap<String, String> {
        self.acknowledged.lock().expect("lock")[case].clone()
    }
}

/// A small deterministic generator per client (xorshift), so a failing mix reproduces.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn item(client: usize, step: usize, kind: u64) -> (Value, String) {
    let user =
        format!("arn:aws:connect:us-east-1:123456789012:instance/soak/agent/c{client}-s{step}");
    let content = match kind {
        0 => {
            json!({ "type": "Comment", "content": { "comment": { "body": format!("soak {client}/{step}"), "contentType": "Text/Plain" } } })
        }
        1 => {
            json!({ "type": "Contact", "content": { "contact": { "contactArn": format!("arn:aws:connect:us-east-1:123456789012:instance/soak/contact/{client}-{step}") } } })
        }
        _ => {
            json!({ "type": "File", "content": { "file": { "fileArn": format!("arn:aws:connect:us-east-1:123456789012:instance/soak/file/{client}-{step}") } } })
        }
    };
    let mut body = content;
    body["performedBy"] = json!({ "userArn": user });
    (body, user)
}

/// Every id appears once in `ids`, and each of `expected` is among them.
fn check_walk(what: &str, ids: &[String], expected: &HashMap<String, String>) {
    let mut seen = HashSet::new();
    for id in ids {
        assert!(seen.insert(id), "{what}: {id} appears twice");
    }
    for id in expected.keys() {
        assert!(
            seen.contains(id),
            "{what}: {id}, acknowledged before the walk, is missing"
        );
    }
}

async fn client_loop(soak: Arc<Soak>, client: usize, stop: Instant) -> [usize; 3] {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ ((client as u64 + 1) * 0x1000_0001));
    let mut done = [0usize; 3];
    for step in 0..MAX_STEPS {
        if Instant::now() >= stop {
            break;
        }
        let case = rng.below(CASES as u64) as usize;
        match rng.below(10) {
            // Creates are most of the traffic.
            0..=5 => {
                let (body, user) = item(client, step, rng.below(3));
                let answer = soak
                    .post(&soak.case_path(case, "/related-items/"), &body)
                    .await;
                let id = answer["relatedItemId"].as_str().expect("an id").to_string();
                let previous =
                    soak.acknowledged.lock().expect("lock")[case].insert(id.clone(), user);
                assert!(previous.is_none(), "id {id} was handed out twice");
                done[0] += 1;
            }
            6..=7 => {
                let before = soak.snapshot(case);
                let items = soak
                    .walk(
                        case,
                        "/related-items-search",
                        "relatedItems",
                        5 + rng.below(21),
                    )
                    .await;
                let ids: Vec<String> = items
                    .iter()
                    .map(|i| i["relatedItemId"].as_str().expect("an id").to_string())
                    .collect();
                check_walk(
                    &format!("client {client} search of case {case}"),
                    &ids,
                    &before,
                );
                done[1] += 1;
            }
            _ => {
                let before = soak.snapshot(case);
                let events = soak
                    .walk(case, "/audit-history", "auditEvents", 5 + rng.below(21))
                    .await;
                let ids: Vec<String> = events
                    .iter()
                    .map(|e| e["eventId"].as_str().expect("an event id").to_string())
                    .collect();
                check_walk(
                    &format!("client {client} audit of case {case}"),
                    &ids,
                    &HashMap::new(),
                );
                let users: HashSet<&str> = events
                    .iter()
                    .filter(|e| e["type"] == "RelatedItem.Created")
                    .filter_map(|e| e["performedBy"]["user"]["userArn"].as_str())
                    .collect();
                for user in before.values() {
                    assert!(
                        users.contains(user.as_str()),
                        "client {client}: the audit of case {case} lacks the create by {user}"
                    );
                }
                done[2] += 1;
            }
        }
    }
    done
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_mixed_traffic_loses_and_doubles_nothing() {
    let server = cases_mock::spawn(cases_mock::MockConfig::default())
        .await
        .expect("spawn");
    let client = reqwest::Client::builder()
        .no_proxy()
        .timeout(REQUEST_TIMEOUT)
        .build()
        .expect("client");
    let mut soak = Soak {
        client,
        base: server.url(),
        domain: String::new(),
        cases: Vec::new(),
        acknowledged: Mutex::new(vec![HashMap::new(); CASES]),
    };
    soak.domain = soak.post("/domains", &json!({ "name": "soak" })).await["domainId"]
        .as_str()
        .expect("domainId")
        .to_string();
    let template = soak
        .post(
            &format!("/domains/{}/templates", soak.domain),
            &json!({ "name": "soak" }),
        )
        .await["templateId"]
        .as_str()
        .expect("templateId")
        .to_string();
    for n in 0..CASES {
        let case = soak
            .post(
                &format!("/domains/{}/cases", soak.domain),
                &json!({ "templateId": template, "fields": [
                    { "id": "title", "value": { "stringValue": format!("soak {n}") } },
                    { "id": "customer_id", "value": { "stringValue": "arn:aws:profile:soak" } }
                ]}),
            )
            .await["caseId"]
            .as_str()
            .expect("caseId")
            .to_string();
        soak.cases.push(case);
    }
    let soak = Arc::new(soak);

    let started = Instant::now();
    let stop = started + SOAK;
    let clients: Vec<_> = (0..CLIENTS)
        .map(|c| tokio::spawn(client_loop(soak.clone(), c, stop)))
        .collect();
    let mut totals = [0usize; 3];
    for handle in clients {
        let done = tokio::time::timeout(SOAK + Duration::from_secs(60), handle)
            .await
            .expect("a client hung")
            .expect("a client panicked");
        for (t, d) in totals.iter_mut().zip(done) {
            *t += d;
        }
    }
    let elapsed = started.elapsed();
    assert!(
        totals.iter().all(|n| *n > 0),
        "creates, searches, audits: {totals:?}"
    );

    for case in 0..CASES {
        let acknowledged = soak.snapshot(case);
        let items = soak
            .walk(case, "/related-items-search", "relatedItems", 25)
            .await;
        let mut found: BTreeMap<String, usize> = BTreeMap::new();
        for i in &items {
            *found
                .entry(i["relatedItemId"].as_str().expect("an id").to_string())
                .or_default() += 1;
        }
        for id in acknowledged.keys() {
            assert_eq!(found.get(id), Some(&1), "case {case}: item {id}");
        }
        assert_eq!(
            found.len(),
            acknowledged.len(),
            "case {case}: items nobody created"
        );

        let events = soak.walk(case, "/audit-history", "auditEvents", 25).await;
        let mut created_by: BTreeMap<String, usize> = BTreeMap::new();
        for e in events.iter().filter(|e| e["type"] == "RelatedItem.Created") {
            let user = e["performedBy"]["user"]["userArn"]
                .as_str()
                .expect("each create carried a userArn");
            *created_by.entry(user.to_string()).or_default() += 1;
        }
        for user in acknowledged.values() {
            assert_eq!(
                created_by.get(user),
                Some(&1),
                "case {case}: create by {user}"
            );
        }
        assert_eq!(
            created_by.len(),
            acknowledged.len(),
            "case {case}: RelatedItem.Created events without an acknowledged create"
        );
        let case_created = events
            .iter()
            .filter(|e| e["type"] == "Case.Created")
            .count();
        assert_eq!(case_created, 1, "case {case}");
    }
    eprintln!(
        "soak: {} creates, {} search walks, {} audit walks by {CLIENTS} clients in {elapsed:.2?}",
        totals[0], totals[1], totals[2]
    );
    server.shutdown().await;
}
