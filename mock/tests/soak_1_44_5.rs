//! Soak of 1.44.5's operations: 16 concurrent HTTP clients on loopback mix
//! CreateRelatedItem, UpdateRelatedItem (a comment's body), DeleteRelatedItem,
//! SearchRelatedItems and SearchAllRelatedItems walks, UpdateCase, GetCase and SearchCases
//! on three shared cases of one domain, for about two seconds (and at most a fixed number
//! of steps each). Nothing acknowledged may be lost or doubled.
//!
//! Each client owns what it writes, so what it was told last is what must be read, however
//! the clients interleave: the comments it created (only it updates or deletes them) and
//! one Text field of the domain (only it sets that field, on every case). The cases, and
//! the walks over them, are shared with every other client's writes.
//!
//! * While it runs, each client checks its own writes against every read it makes: a walk
//!   (per case or domain-wide, any page size) returns no id twice, finds each of the
//!   client's live comments there exactly once with its last body and under its case, and
//!   none it deleted; a deleted comment answers 404 to a second delete; GetCase reads the
//!   client's last value of its field; SearchCases finds the one case whose field holds a
//!   value, and a walk of all cases finds each case once with `totalCount` 3.
//! * Afterwards: every acknowledged live comment is found exactly once with its last body
//!   in its case's walk and in the domain-wide walk, and nothing else is (no acknowledged
//!   delete is found); GetCase reads every client's last value on every case; each case's
//!   audit history holds exactly one `RelatedItem.Created`, `RelatedItem.Updated`,
//!   `RelatedItem.Deleted` and `Case.Updated` event per acknowledged write.
//!
//! `tests/soak.rs` is the same at the contract release (creates, searches, audit reads).

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::time::{Duration, Instant};

use cases_mock::{MockConfig, MockRelease};
use serde_json::{Value, json};

const CLIENTS: usize = 16;
const CASES: usize = 3;
/// How long the clients run.
const SOAK: Duration = Duration::from_secs(2);
/// Steps per client at most, so a fast machine does not pile up unbounded work.
const MAX_STEPS: usize = 1_000;
/// Per-request bound: a hang is a failure, not a stuck test.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

struct Soak {
    client: reqwest::Client,
    base: String,
    domain: String,
    cases: Vec<String>,
    /// The Text field each client owns (index: the client).
    fields: Vec<String>,
}

impl Soak {
    /// Sends `method path` with a JSON body: the status and the parsed answer.
    async fn send(&self, method: reqwest::Method, path: &str, body: &Value) -> (u16, Value) {
        let response = self
            .client
            .request(method.clone(), format!("{}{path}", self.base))
            .header("content-type", "application/json")
            .body(body.to_string())
            .send()
            .await
            .unwrap_or_else(|e| panic!("{method} {path}: {e}"));
        let status = response.status().as_u16();
        let text = response.text().await.expect("body");
        let value = serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("{method} {path} answered {status} not JSON ({e}): {text}"));
        (status, value)
    }

    /// Sends `method path` and asserts a 200.
    async fn call(&self, method: reqwest::Method, path: &str, body: &Value) -> Value {
        let (status, value) = self.send(method.clone(), path, body).await;
        assert_eq!(status, 200, "{method} {path} {body}: {value}");
        value
    }

    async fn post(&self, path: &str, body: &Value) -> Value {
        self.call(reqwest::Method::POST, path, body).await
    }

    fn domain_path(&self, suffix: &str) -> String {
        format!("/domains/{}{suffix}", self.domain)
    }

    fn case_path(&self, case: usize, suffix: &str) -> String {
        self.domain_path(&format!("/cases/{}{suffix}", self.cases[case]))
    }

    fn item_path(&self, case: usize, id: &str) -> String {
        self.case_path(case, &format!("/related-items/{id}"))
    }

    /// Every item of a paginated listing at `path` (`list` is the list member).
    async fn walk(&self, path: &str, list: &str, base: Value) -> Vec<Value> {
        let mut found = Vec::new();
        let mut token: Option<String> = None;
        for _ in 0..10_000 {
            let mut body = base.clone();
            if let Some(t) = &token {
                body["nextToken"] = json!(t);
            }
            let page = self.post(path, &body).await;
            found.extend(page[list].as_array().expect("a list").iter().cloned());
            match page["nextToken"].as_str() {
                Some(t) => token = Some(t.to_string()),
                None => return found,
            }
        }
        panic!("a walk of {path} did not end within 10,000 pages");
    }

    /// SearchRelatedItems of `case`, every page at `page_size`.
    async fn case_walk(&self, case: usize, page_size: u64) -> Vec<Value> {
        let path = self.case_path(case, "/related-items-search");
        self.walk(&path, "relatedItems", json!({ "maxResults": page_size }))
            .await
    }

    /// SearchAllRelatedItems of the domain, every page at `page_size`.
    async fn domain_walk(&self, page_size: u64) -> Vec<Value> {
        let path = self.domain_path("/related-items-search");
        self.walk(&path, "relatedItems", json!({ "maxResults": page_size }))
            .await
    }

    /// The value of `field` on `case` as GetCase reads it (`None`: the case has none).
    async fn field_value(&self, case: usize, fields: &[String]) -> Vec<Option<String>> {
        let ids: Vec<Value> = fields.iter().map(|f| json!({ "id": f })).collect();
        let answer = self
            .post(&self.case_path(case, ""), &json!({ "fields": ids }))
            .await;
        let read = answer["fields"].as_array().expect("fields");
        fields
            .iter()
            .map(|f| {
                read.iter().find(|r| r["id"] == f.as_str()).map(|r| {
                    r["value"]["stringValue"]
                        .as_str()
                        .expect("a string")
                        .to_owned()
                })
            })
            .collect()
    }

    /// The case ids SearchCases finds with `filter` (one page of up to 100), and its
    /// `totalCount`.
    async fn search_cases(&self, filter: Value) -> (Vec<String>, u64) {
        let answer = self
            .post(
                &self.domain_path("/cases-search"),
                &json!({ "filter": filter, "maxResults": 100 }),
            )
            .await;
        assert!(answer.get("nextToken").is_none(), "{answer}");
        (case_ids(&answer["cases"]), total_count(&answer))
    }
}

fn case_ids(list: &Value) -> Vec<String> {
    list.as_array()
        .expect("cases")
        .iter()
        .map(|c| c["caseId"].as_str().expect("caseId").to_owned())
        .collect()
}

fn total_count(answer: &Value) -> u64 {
    answer["totalCount"]
        .as_u64()
        .unwrap_or_else(|| panic!("no totalCount: {answer}"))
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

fn comment(body: &str) -> Value {
    json!({ "comment": { "body": body, "contentType": "Text/Plain" } })
}

fn body_of(item: &Value) -> &str {
    item["content"]["comment"]["body"]
        .as_str()
        .unwrap_or_else(|| panic!("not a comment: {item}"))
}

fn id_of(item: &Value) -> &str {
    item["relatedItemId"].as_str().expect("relatedItemId")
}

/// One comment a client created: its case, the body last acknowledged, whether its delete
/// was acknowledged.
#[derive(Clone, Debug)]
struct Mine {
    case: usize,
    body: String,
    deleted: bool,
}

/// What one client was told.
#[derive(Debug, Default)]
struct Ledger {
    /// Its comments by id.
    items: BTreeMap<String, Mine>,
    /// The ids of those not deleted, to pick from.
    live: Vec<String>,
    /// Per case: the last value UpdateCase set on the client's field.
    values: Vec<Option<String>>,
    /// Per case: acknowledged updates, deletes and UpdateCases (for the audit history).
    updates: Vec<usize>,
    deletes: Vec<usize>,
    case_updates: Vec<usize>,
    /// Requests of each kind: creates, updates, deletes, case walks, domain walks,
    /// UpdateCase, SearchCases and GetCase.
    done: [usize; 8],
}

impl Ledger {
    fn new() -> Self {
        Self {
            values: vec![None; CASES],
            updates: vec![0; CASES],
            deletes: vec![0; CASES],
            case_updates: vec![0; CASES],
            ..Self::default()
        }
    }

    /// Checks one walk (of `case`, or of the domain when `None`) against the client's
    /// writes: no id twice, each live comment of the client there once with its last body
    /// and case, none it deleted.
    fn check_walk(&self, soak: &Soak, what: &str, case: Option<usize>, items: &[Value]) {
        let mut seen: HashMap<&str, &Value> = HashMap::new();
        for item in items {
            let id = id_of(item);
            assert!(
                seen.insert(id, item).is_none(),
                "{what}: {id} appears twice"
            );
        }
        for (id, mine) in &self.items {
            let here = case.is_none_or(|c| c == mine.case);
            match seen.get(id.as_str()) {
                Some(item) => {
                    assert!(!mine.deleted, "{what}: {id}, deleted, is found: {item}");
                    assert!(here, "{what}: {id} of case {} is found: {item}", mine.case);
                    assert_eq!(body_of(item), mine.body, "{what}: {id}");
                    if case.is_none() {
                        assert_eq!(item["caseId"], soak.cases[mine.case], "{what}: {id}");
                    }
                }
                None => assert!(
                    mine.deleted || !here,
                    "{what}: {id} of case {}, live, is missing",
                    mine.case
                ),
            }
        }
    }
}

async fn client_loop(soak: Arc<Soak>, client: usize, stop: Instant) -> Ledger {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ ((client as u64 + 1) * 0x1000_0001));
    let mut ledger = Ledger::new();
    let field = soak.fields[client].clone();
    for step in 0..MAX_STEPS {
        if Instant::now() >= stop {
            break;
        }
        let case = rng.below(CASES as u64) as usize;
        let roll = rng.below(20);
        let pick = |rng: &mut Rng, live: &[String]| {
            (!live.is_empty()).then(|| live[rng.below(live.len() as u64) as usize].clone())
        };
        match roll {
            // CreateRelatedItem.
            0..=4 => {
                let body = format!("c{client} s{step} v0");
                let answer = soak
                    .post(
                        &soak.case_path(case, "/related-items/"),
                        &json!({ "type": "Comment", "content": comment(&body) }),
                    )
                    .await;
                let id = id_of(&answer).to_owned();
                let mine = Mine {
                    case,
                    body,
                    deleted: false,
                };
                assert!(
                    ledger.items.insert(id.clone(), mine).is_none(),
                    "client {client}: id {id} handed out twice"
                );
                ledger.live.push(id);
                ledger.done[0] += 1;
            }
            // UpdateRelatedItem: a new body for one of the client's comments.
            5..=7 => {
                let Some(id) = pick(&mut rng, &ledger.live) else {
                    continue;
                };
                let mine = ledger.items.get_mut(&id).expect("mine");
                let body = format!("c{client} s{step} updated");
                let answer = soak
                    .call(
                        reqwest::Method::PUT,
                        &soak.item_path(mine.case, &id),
                        &json!({ "content": comment(&body) }),
                    )
                    .await;
                assert_eq!(id_of(&answer), id, "{answer}");
                assert_eq!(body_of(&answer), body, "{answer}");
                mine.body = body;
                ledger.updates[mine.case] += 1;
                ledger.done[1] += 1;
            }
            // DeleteRelatedItem, then again: the second is a 404.
            8..=9 => {
                let Some(id) = pick(&mut rng, &ledger.live) else {
                    continue;
                };
                let mine = ledger.items.get_mut(&id).expect("mine");
                let path = soak.item_path(mine.case, &id);
                let answer = soak.call(reqwest::Method::DELETE, &path, &json!({})).await;
                assert_eq!(answer, json!({}));
                mine.deleted = true;
                ledger.deletes[mine.case] += 1;
                ledger.live.retain(|l| *l != id);
                let (status, again) = soak.send(reqwest::Method::DELETE, &path, &json!({})).await;
                assert_eq!(status, 404, "client {client}: {id} deleted twice: {again}");
                ledger.done[2] += 1;
            }
            // SearchRelatedItems, every page.
            10..=11 => {
                let items = soak.case_walk(case, 1 + rng.below(25)).await;
                let what = format!("client {client}: search of case {case}");
                ledger.check_walk(&soak, &what, Some(case), &items);
                ledger.done[3] += 1;
            }
            // SearchAllRelatedItems, every page.
            12..=13 => {
                let items = soak.domain_walk(5 + rng.below(21)).await;
                let what = format!("client {client}: search of the domain");
                ledger.check_walk(&soak, &what, None, &items);
                ledger.done[4] += 1;
            }
            // UpdateCase: the client's field on one case, then GetCase reads it back.
            14..=16 => {
                let value = format!("c{client} k{case} s{step}");
                let body =
                    json!({ "fields": [{ "id": field, "value": { "stringValue": value } }] });
                let answer = soak
                    .call(reqwest::Method::PUT, &soak.case_path(case, ""), &body)
                    .await;
                assert_eq!(answer, json!({}));
                ledger.values[case] = Some(value);
                ledger.case_updates[case] += 1;
                ledger.done[5] += 1;
                let read = soak.field_value(case, std::slice::from_ref(&field)).await;
                assert_eq!(read[0], ledger.values[case], "client {client}: case {case}");
                ledger.done[7] += 1;
            }
            // SearchCases: by the client's value on one case, and a walk of every case.
            _ => {
                if let Some(value) = &ledger.values[case] {
                    let filter = json!({ "field": { "equalTo": {
                        "id": field, "value": { "stringValue": value } } } });
                    let (found, total) = soak.search_cases(filter).await;
                    assert_eq!(found, [soak.cases[case].clone()], "client {client}");
                    assert_eq!(total, 1);
                }
                let page_size = 1 + rng.below(2);
                let path = soak.domain_path("/cases-search");
                let cases = soak
                    .walk(&path, "cases", json!({ "maxResults": page_size }))
                    .await;
                let mut found = case_ids(&Value::Array(cases));
                found.sort();
                let mut all = soak.cases.clone();
                all.sort();
                assert_eq!(found, all, "client {client}: a walk of the cases");
                ledger.done[6] += 1;
            }
        }
    }
    ledger
}

/// How many events of `event_type` are in `events`.
fn count(events: &[Value], event_type: &str) -> usize {
    events.iter().filter(|e| e["type"] == event_type).count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_1_44_5_traffic_loses_and_doubles_nothing() {
    let server = cases_mock::spawn(MockConfig {
        release: MockRelease::V1_44_5,
        ..MockConfig::default()
    })
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
        fields: Vec::new(),
    };
    soak.domain = soak.post("/domains", &json!({ "name": "soak" })).await["domainId"]
        .as_str()
        .expect("domainId")
        .to_string();
    let template = soak
        .post(&soak.domain_path("/templates"), &json!({ "name": "soak" }))
        .await["templateId"]
        .as_str()
        .expect("templateId")
        .to_string();
    for n in 0..CASES {
        let body = json!({ "templateId": template, "fields": [
            { "id": "title", "value": { "stringValue": format!("soak {n}") } },
            { "id": "customer_id", "value": { "stringValue": "arn:aws:profile:soak" } }
        ]});
        let case = soak.post(&soak.domain_path("/cases"), &body).await["caseId"]
            .as_str()
            .expect("caseId")
            .to_string();
        soak.cases.push(case);
    }
    for c in 0..CLIENTS {
        let body = json!({ "name": format!("client {c}"), "type": "Text" });
        let field = soak.post(&soak.domain_path("/fields"), &body).await["fieldId"]
            .as_str()
            .expect("fieldId")
            .to_string();
        soak.fields.push(field);
    }
    let soak = Arc::new(soak);

    let started = Instant::now();
    let stop = started + SOAK;
    let clients: Vec<_> = (0..CLIENTS)
        .map(|c| tokio::spawn(client_loop(soak.clone(), c, stop)))
        .collect();
    let mut ledgers = Vec::new();
    for handle in clients {
        let ledger = tokio::time::timeout(SOAK + Duration::from_secs(60), handle)
            .await
            .expect("a client hung")
            .expect("a client panicked");
        ledgers.push(ledger);
    }
    let elapsed = started.elapsed();
    let mut totals = [0usize; 8];
    for ledger in &ledgers {
        for (t, d) in totals.iter_mut().zip(ledger.done) {
            *t += d;
        }
    }
    assert!(totals.iter().all(|n| *n > 0), "{totals:?}");

    // Every comment anyone was told about, by id: (client, what it was told).
    let mut all: BTreeMap<String, (usize, Mine)> = BTreeMap::new();
    for (c, ledger) in ledgers.iter().enumerate() {
        for (id, mine) in &ledger.items {
            let previous = all.insert(id.clone(), (c, mine.clone()));
            assert!(previous.is_none(), "{id} was handed to two clients");
        }
    }
    let live = |case: Option<usize>| -> BTreeMap<&str, &Mine> {
        all.iter()
            .filter(|(_, (_, m))| !m.deleted && case.is_none_or(|c| c == m.case))
            .map(|(id, (_, m))| (id.as_str(), m))
            .collect()
    };
    // Found exactly once each, with the last body, and nothing else.
    let judge = |what: &str, items: &[Value], expected: &BTreeMap<&str, &Mine>| {
        let mut found: BTreeMap<&str, usize> = BTreeMap::new();
        for item in items {
            let id = id_of(item);
            *found.entry(id).or_default() += 1;
            let mine = expected
                .get(id)
                .unwrap_or_else(|| panic!("{what}: {item} is not an acknowledged live item"));
            assert_eq!(body_of(item), mine.body, "{what}: {id}");
        }
        for id in expected.keys() {
            assert_eq!(found.get(id), Some(&1), "{what}: {id}");
        }
    };
    for case in 0..CASES {
        let items = soak.case_walk(case, 25).await;
        judge(&format!("search of case {case}"), &items, &live(Some(case)));
    }
    let items = soak.domain_walk(25).await;
    let expected = live(None);
    judge("search of the domain", &items, &expected);
    for item in &items {
        let mine = expected[id_of(item)];
        assert_eq!(item["caseId"], soak.cases[mine.case], "{item}");
    }

    for case in 0..CASES {
        let read = soak.field_value(case, &soak.fields).await;
        for (c, ledger) in ledgers.iter().enumerate() {
            assert_eq!(read[c], ledger.values[case], "case {case}, client {c}");
            if let Some(value) = &ledger.values[case] {
                let filter = json!({ "field": { "equalTo": {
                    "id": soak.fields[c], "value": { "stringValue": value } } } });
                let (found, _) = soak.search_cases(filter).await;
                assert_eq!(found, [soak.cases[case].clone()], "client {c}");
            }
        }

        let path = soak.case_path(case, "/audit-history");
        let events = soak
            .walk(&path, "auditEvents", json!({ "maxResults": 25 }))
            .await;
        let created = all.values().filter(|(_, m)| m.case == case).count();
        let sum =
            |of: fn(&Ledger) -> &Vec<usize>| -> usize { ledgers.iter().map(|l| of(l)[case]).sum() };
        assert_eq!(
            count(&events, "RelatedItem.Created"),
            created,
            "case {case}"
        );
        assert_eq!(
            count(&events, "RelatedItem.Updated"),
            sum(|l| &l.updates),
            "case {case}"
        );
        assert_eq!(
            count(&events, "RelatedItem.Deleted"),
            sum(|l| &l.deletes),
            "case {case}"
        );
        assert_eq!(
            count(&events, "Case.Updated"),
            sum(|l| &l.case_updates),
            "case {case}"
        );
        let ids: std::collections::HashSet<&str> = events
            .iter()
            .map(|e| e["eventId"].as_str().expect("eventId"))
            .collect();
        assert_eq!(ids.len(), events.len(), "case {case}: an event id twice");
    }
    eprintln!(
        "soak 1.44.5: {} creates, {} updates, {} deletes, {} case walks, {} domain walks, \
         {} UpdateCase, {} SearchCases, {} GetCase by {CLIENTS} clients in {elapsed:.2?}; \
         {} comments live at the end",
        totals[0],
        totals[1],
        totals[2],
        totals[3],
        totals[4],
        totals[5],
        totals[6],
        totals[7],
        expected.len()
    );
    server.shutdown().await;
}
