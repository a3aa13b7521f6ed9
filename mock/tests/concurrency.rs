//! 8 concurrent HTTP clients each create 1,000 related items on one case; a paginated
//! search afterwards finds exactly the 8,000 created ids, each once, and the audit
//! history has one `RelatedItem.Created` per item.

use std::collections::HashSet;

use serde_json::{Value, json};

const CLIENTS: usize = 8;
const PER_CLIENT: usize = 1_000;

async fn post(client: &reqwest::Client, url: &str, body: &Value) -> Value {
    let response = client
        .post(url)
        .header("content-type", "application/json")
        .body(body.to_string())
        .send()
        .await
        .expect("send");
    let status = response.status();
    let text = response.text().await.expect("body");
    assert_eq!(status, 200, "{url}: {text}");
    serde_json::from_str(&text).expect("json")
}

fn id(value: &Value, member: &str) -> String {
    value[member].as_str().expect(member).to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_creates_are_all_found_once() {
    let server = cases_mock::spawn(cases_mock::MockConfig::default())
        .await
        .expect("spawn");
    let base = server.url();
    let setup = reqwest::Client::new();
    let domain = id(
        &post(&setup, &format!("{base}/domains"), &json!({"name": "load"})).await,
        "domainId",
    );
    let template = id(
        &post(
            &setup,
            &format!("{base}/domains/{domain}/templates"),
            &json!({"name": "t"}),
        )
        .await,
        "templateId",
    );
    let case_body = json!({"templateId": template, "fields": [
        {"id": "title", "value": {"stringValue": "load"}},
        {"id": "customer_id", "value": {"stringValue": "c"}}
    ]});
    let case = id(
        &post(
            &setup,
            &format!("{base}/domains/{domain}/cases"),
            &case_body,
        )
        .await,
        "caseId",
    );
    let case_url = format!("{base}/domains/{domain}/cases/{case}");

    let mut tasks = Vec::new();
    for client_no in 0..CLIENTS {
        let url = format!("{case_url}/related-items/");
        tasks.push(tokio::spawn(async move {
            let client = reqwest::Client::new();
            let mut ids = Vec::with_capacity(PER_CLIENT);
            for n in 0..PER_CLIENT {
                let body = match n % 3 {
                    0 => json!({"type": "Comment", "content": {"comment": {"body": format!("{client_no}/{n}"), "contentType": "Text/Plain"}}}),
                    1 => json!({"type": "Contact", "content": {"contact": {"contactArn": format!("arn:contact/{client_no}/{n}")}}}),
                    _ => json!({"type": "File", "content": {"file": {"fileArn": format!("arn:file/{client_no}/{n}")}}}),
                };
                ids.push(id(&post(&client, &url, &body).await, "relatedItemId"));
            }
            ids
        }));
    }
    let mut created = HashSet::new();
    for task in tasks {
        for item in task.await.expect("client task") {
            assert!(
                created.insert(item),
                "duplicate id returned by CreateRelatedItem"
            );
        }
    }
    assert_eq!(created.len(), CLIENTS * PER_CLIENT);

    let mut found = Vec::with_capacity(created.len());
    let mut token: Option<String> = None;
    loop {
        let mut body = json!({"maxResults": 25});
        if let Some(t) = &token {
            body["nextToken"] = json!(t);
        }
        let page = post(&setup, &format!("{case_url}/related-items-search"), &body).await;
        let items = page["relatedItems"].as_array().expect("items");
        assert!(items.len() <= 25);
        found.extend(items.iter().map(|i| id(i, "relatedItemId")));
        match page.get("nextToken").and_then(Value::as_str) {
            Some(t) => token = Some(t.to_owned()),
            None => break,
        }
    }
    assert_eq!(found.len(), CLIENTS * PER_CLIENT, "exactly 8,000 items");
    let unique: HashSet<String> = found.into_iter().collect();
    assert_eq!(unique.len(), CLIENTS * PER_CLIENT, "no duplicates");
    assert_eq!(unique, created);

    let mut events = 0;
    let mut token: Option<String> = None;
    loop {
        let mut body = json!({});
        if let Some(t) = &token {
            body["nextToken"] = json!(t);
        }
        let page = post(&setup, &format!("{case_url}/audit-history"), &body).await;
        events += page["auditEvents"].as_array().expect("events").len();
        match page.get("nextToken").and_then(Value::as_str) {
            Some(t) => token = Some(t.to_owned()),
            None => break,
        }
    }
    assert_eq!(events, 1 + CLIENTS * PER_CLIENT);
    server.shutdown().await;
}
