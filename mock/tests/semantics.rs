//! The mock's documented behaviour over raw HTTP: ids and ARNs, search filters and
//! order, token pagination, the audit history, system fields and the set-up
//! operations.

mod common;

use std::collections::HashSet;

use common::{Fixture, fixture, item_body, mock, post, send_raw};
use serde_json::{Value, json};

/// `YYYY-MM-DDTHH:MM:SS.mmmZ`
fn is_iso8601_millis(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 24
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            10 => *c == b'T',
            13 | 16 => *c == b':',
            19 => *c == b'.',
            23 => *c == b'Z',
            _ => c.is_ascii_digit(),
        })
}

async fn create_items(router: &axum::Router, f: &Fixture, kinds: &[&str]) -> Vec<String> {
    let mut ids = Vec::new();
    for (n, kind) in kinds.iter().enumerate() {
        let reply = post(router, &f.items_path(), item_body(kind, n)).await;
        ids.push(
            reply.assert_ok()["relatedItemId"]
                .as_str()
                .expect("id")
                .to_owned(),
        );
    }
    ids
}

/// Every page of a search, following tokens.
async fn search_all(
    router: &axum::Router,
    f: &Fixture,
    filters: Value,
    max: u32,
) -> (Vec<Value>, usize) {
    let mut items = Vec::new();
    let mut token: Option<String> = None;
    let mut pages = 0;
    loop {
        let mut body = json!({"filters": filters, "maxResults": max});
        if let Some(t) = &token {
            body["nextToken"] = json!(t);
        }
        let reply = post(router, &f.search_path(), body).await;
        let page = reply.assert_ok().clone();
        pages += 1;
        let batch = page["relatedItems"]
            .as_array()
            .expect("relatedItems")
            .clone();
        assert!(batch.len() <= max as usize);
        items.extend(batch);
        match page.get("nextToken").and_then(Value::as_str) {
            Some(t) => {
                assert!(!t.is_empty());
                token = Some(t.to_owned());
            }
            None => break,
        }
    }
    (items, pages)
}

fn ids(items: &[Value]) -> Vec<String> {
    items
        .iter()
        .map(|i| i["relatedItemId"].as_str().expect("id").to_owned())
        .collect()
}

#[tokio::test]
async fn arns_ids_and_creation_order() {
    let router = mock();
    let f = fixture(&router).await;
    let reply = post(&router, &f.items_path(), item_body("File", 0)).await;
    let body = reply.assert_ok();
    let id = body["relatedItemId"].as_str().expect("id");
    assert_eq!(
        body["relatedItemArn"],
        format!(
            "arn:aws:cases:us-east-1:123456789012:domain/{}/case/{}/related-item/{id}",
            f.domain, f.case
        )
    );
    let kinds = ["Comment", "Contact", "File", "Contact", "Comment"];
    let mut created = vec![id.to_owned()];
    created.extend(create_items(&router, &f, &kinds).await);
    assert_eq!(
        created.iter().collect::<HashSet<_>>().len(),
        created.len(),
        "unique ids"
    );
    let (items, pages) = search_all(&router, &f, json!([]), 25).await;
    assert_eq!(pages, 1);
    assert_eq!(ids(&items), created, "creation order");
}

#[tokio::test]
async fn response_items_have_the_model_shape() {
    let router = mock();
    let f = fixture(&router).await;
    let user = "arn:aws:connect:us-east-1:123456789012:instance/i/agent/a";
    let mut comment = item_body("Comment", 0);
    comment["performedBy"] = json!({"userArn": user});
    post(&router, &f.items_path(), comment).await.assert_ok();
    post(&router, &f.items_path(), item_body("Contact", 1))
        .await
        .assert_ok();
    let chat = json!({"type": "Contact", "content": {"contact": {"contactArn": "arn:aws:connect:us-east-1:123456789012:instance/i/contact/chat-1"}}});
    post(&router, &f.items_path(), chat).await.assert_ok();
    post(&router, &f.items_path(), item_body("File", 3))
        .await
        .assert_ok();
    let (items, _) = search_all(&router, &f, json!([]), 25).await;
    assert_eq!(items.len(), 4);
    for item in &items {
        assert!(
            is_iso8601_millis(item["associationTime"].as_str().expect("time")),
            "{item}"
        );
        assert_eq!(item["tags"], json!({}));
        assert_eq!(
            item["content"].as_object().expect("union").len(),
            1,
            "{item}"
        );
    }
    assert_eq!(items[0]["type"], "Comment");
    assert_eq!(
        items[0]["content"]["comment"],
        json!({"body": "comment 0", "contentType": "Text/Plain"})
    );
    assert_eq!(items[0]["performedBy"], json!({"userArn": user}));
    assert_eq!(items[1]["type"], "Contact");
    assert!(items[1].get("performedBy").is_none());
    let contact = &items[1]["content"]["contact"];
    assert_eq!(contact["channel"], "VOICE");
    assert!(is_iso8601_millis(
        contact["connectedToSystemTime"].as_str().expect("time")
    ));
    assert_eq!(
        contact["contactArn"],
        "arn:aws:connect:us-east-1:123456789012:instance/i/contact/00000001"
    );
    assert_eq!(items[2]["content"]["contact"]["channel"], "CHAT");
    assert_eq!(items[3]["type"], "File");
    assert_eq!(
        items[3]["content"],
        json!({"file": {"fileArn": "arn:aws:connect:us-east-1:123456789012:instance/i/file/00000003"}})
    );
}

#[tokio::test]
async fn filters_select_by_kind_and_criteria() {
    let router = mock();
    let f = fixture(&router).await;
    let kinds = ["Comment", "Contact", "File", "Contact", "File", "Comment"];
    let all = create_items(&router, &f, &kinds).await;
    let chat =
        json!({"type": "Contact", "content": {"contact": {"contactArn": "arn:chat-contact"}}});
    let chat_id = post(&router, &f.items_path(), chat).await.assert_ok()["relatedItemId"]
        .as_str()
        .expect("id")
        .to_owned();
    let pick = |idx: &[usize]| idx.iter().map(|&i| all[i].clone()).collect::<Vec<_>>();
    let cases: Vec<(Value, Vec<String>)> = vec![
        (json!([{"comment": {}}]), pick(&[0, 5])),
        (json!([{"file": {}}]), pick(&[2, 4])),
        (
            json!([{"contact": {}}]),
            [pick(&[1, 3]), vec![chat_id.clone()]].concat(),
        ),
        (
            json!([{"file": {"fileArn": "arn:aws:connect:us-east-1:123456789012:instance/i/file/00000004"}}]),
            pick(&[4]),
        ),
        (
            json!([{"contact": {"contactArn": "arn:aws:connect:us-east-1:123456789012:instance/i/contact/00000001"}}]),
            pick(&[1]),
        ),
        (
            json!([{"contact": {"channel": ["CHAT"]}}]),
            vec![chat_id.clone()],
        ),
        (json!([{"contact": {"channel": ["VOICE"]}}]), pick(&[1, 3])),
        (
            json!([{"contact": {"channel": ["CHAT"], "contactArn": "arn:other"}}]),
            vec![],
        ),
        (json!([{"comment": {}}, {"file": {}}]), pick(&[0, 2, 4, 5])),
        (json!([{"file": {}}, {"file": {}}]), pick(&[2, 4])),
        (json!([{"file": {"fileArn": "arn:none"}}]), vec![]),
        (json!([]), [all.clone(), vec![chat_id.clone()]].concat()),
    ];
    for (filters, expected) in cases {
        let (items, _) = search_all(&router, &f, filters.clone(), 25).await;
        assert_eq!(ids(&items), expected, "filters {filters}");
        // Absent filters behave like an empty list.
    }
    let reply = post(&router, &f.search_path(), json!({})).await;
    assert_eq!(
        reply.assert_ok()["relatedItems"]
            .as_array()
            .expect("items")
            .len(),
        7
    );
}

#[tokio::test]
async fn pagination_covers_everything_once() {
    let router = mock();
    let f = fixture(&router).await;
    let kinds: Vec<&str> = (0..53)
        .map(|n| ["Comment", "Contact", "File"][n % 3])
        .collect();
    let all = create_items(&router, &f, &kinds).await;
    for size in [1, 2, 7, 25] {
        let (items, pages) = search_all(&router, &f, json!([]), size).await;
        assert_eq!(ids(&items), all, "page size {size}");
        assert_eq!(pages, all.len().div_ceil(size as usize), "page size {size}");
    }
    let (files, pages) = search_all(&router, &f, json!([{"file": {}}]), 5).await;
    assert_eq!(files.len(), 17);
    assert_eq!(pages, 4);
    // Default page size is 25.
    let reply = post(&router, &f.search_path(), json!({})).await;
    assert_eq!(
        reply.assert_ok()["relatedItems"]
            .as_array()
            .expect("items")
            .len(),
        25
    );
    // An exact fit has no trailing token.
    let reply = post(
        &router,
        &f.search_path(),
        json!({"filters": [{"file": {}}], "maxResults": 17}),
    )
    .await;
    assert!(reply.assert_ok().get("nextToken").is_none());
}

#[tokio::test]
async fn audit_history_records_creation_events() {
    let router = mock();
    let f = fixture(&router).await;
    let user = "arn:aws:connect:us-east-1:123456789012:instance/i/agent/u";
    for (n, kind) in ["Contact", "Comment", "File"].iter().enumerate() {
        let mut body = item_body(kind, n);
        if *kind == "File" {
            body["performedBy"] = json!({"userArn": user});
        }
        post(&router, &f.items_path(), body).await.assert_ok();
    }
    let mut events = Vec::new();
    let mut token: Option<String> = None;
    let mut pages = 0;
    loop {
        let mut body = json!({"maxResults": 1});
        if let Some(t) = &token {
            body["nextToken"] = json!(t);
        }
        let page = post(&router, &f.audit_path(), body)
            .await
            .assert_ok()
            .clone();
        pages += 1;
        events.extend(page["auditEvents"].as_array().expect("events").clone());
        match page.get("nextToken").and_then(Value::as_str) {
            Some(t) => token = Some(t.to_owned()),
            None => break,
        }
    }
    assert_eq!(pages, 4);
    assert_eq!(events.len(), 4);
    let created = &events[0];
    assert_eq!(created["type"], "Case.Created");
    assert!(created.get("relatedItemType").is_none());
    let fields = created["fields"].as_array().expect("fields");
    let field = |id: &str| {
        fields
            .iter()
            .find(|f| f["eventFieldId"] == id)
            .map(|f| f["newValue"].clone())
    };
    assert_eq!(field("title"), Some(json!({"stringValue": "A case"})));
    assert_eq!(field("status"), Some(json!({"stringValue": "open"})));
    assert!(field("customer_id").is_some());
    let types: Vec<&str> = events[1..]
        .iter()
        .map(|e| e["relatedItemType"].as_str().expect("type"))
        .collect();
    assert_eq!(types, ["Contact", "Comment", "File"]);
    for event in &events {
        assert!(is_iso8601_millis(
            event["performedTime"].as_str().expect("time")
        ));
        assert!(
            event["performedBy"]["iamPrincipalArn"]
                .as_str()
                .expect("principal")
                .starts_with("arn:aws:iam::123456789012:")
        );
        assert!(!event["eventId"].as_str().expect("id").is_empty());
    }
    assert_eq!(events[1]["type"], "RelatedItem.Created");
    assert!(events[1]["performedBy"].get("user").is_none());
    assert_eq!(events[3]["performedBy"]["user"], json!({"userArn": user}));
    let all = post(&router, &f.audit_path(), json!({})).await;
    assert_eq!(
        all.assert_ok()["auditEvents"]
            .as_array()
            .expect("events")
            .len(),
        4
    );
}

#[tokio::test]
async fn domains_fields_templates_and_cases() {
    let router = mock();
    let mut domain_ids = Vec::new();
    for n in 0..3 {
        let reply = post(&router, "/domains", json!({"name": format!("domain {n}")})).await;
        let body = reply.assert_ok();
        assert_eq!(body["domainStatus"], "Active");
        let id = body["domainId"].as_str().expect("id").to_owned();
        assert_eq!(
            body["domainArn"],
            format!("arn:aws:cases:us-east-1:123456789012:domain/{id}")
        );
        domain_ids.push(id);
    }
    let got = post(&router, &format!("/domains/{}", domain_ids[1]), json!({})).await;
    let got = got.assert_ok();
    assert_eq!(got["name"], "domain 1");
    assert!(is_iso8601_millis(
        got["createdTime"].as_str().expect("time")
    ));
    // ListDomains pages through its querystring.
    let first = send_raw(&router, "POST", "/domains-list?maxResults=2", "").await;
    let first = first.assert_ok().clone();
    assert_eq!(first["domains"].as_array().expect("domains").len(), 2);
    let token = first["nextToken"].as_str().expect("token");
    let second = send_raw(
        &router,
        "POST",
        &format!("/domains-list?maxResults=2&nextToken={token}"),
        "",
    )
    .await;
    let second = second.assert_ok();
    assert_eq!(second["domains"][0]["domainId"], domain_ids[2].as_str());
    assert!(second.get("nextToken").is_none());

    let d = &domain_ids[0];
    let fields = send_raw(&router, "POST", &format!("/domains/{d}/fields-list"), "").await;
    let fields = fields.assert_ok()["fields"]
        .as_array()
        .expect("fields")
        .clone();
    for id in [
        "title",
        "status",
        "customer_id",
        "reference_number",
        "created_datetime",
        "last_updated_datetime",
    ] {
        let field = fields
            .iter()
            .find(|f| f["fieldId"] == id)
            .unwrap_or_else(|| panic!("{id}"));
        assert_eq!(field["name"], id);
        assert_eq!(field["namespace"], "System");
        assert_eq!(
            field["fieldArn"],
            format!("arn:aws:cases:us-east-1:123456789012:domain/{d}/field/{id}")
        );
    }
    let custom = post(
        &router,
        &format!("/domains/{d}/fields"),
        json!({"name": "priority", "type": "Number"}),
    )
    .await;
    let custom_id = custom.assert_ok()["fieldId"]
        .as_str()
        .expect("id")
        .to_owned();
    let dup = post(
        &router,
        &format!("/domains/{d}/fields"),
        json!({"name": "priority", "type": "Text"}),
    )
    .await;
    assert_eq!(dup.status, 409);
    assert_eq!(dup.error_type(), "ConflictException");
    let batch = post(
        &router,
        &format!("/domains/{d}/fields-batch"),
        json!({"fields": [{"id": "title"}, {"id": custom_id}, {"id": "nope"}]}),
    )
    .await;
    let batch = batch.assert_ok();
    assert_eq!(batch["fields"].as_array().expect("fields").len(), 2);
    assert_eq!(batch["fields"][1]["namespace"], "Custom");
    assert_eq!(batch["fields"][1]["type"], "Number");
    assert_eq!(batch["errors"][0]["id"], "nope");

    let template = post(
        &router,
        &format!("/domains/{d}/templates"),
        json!({"name": "t", "requiredFields": [{"fieldId": custom_id}], "layoutConfiguration": {"defaultLayout": "l"}}),
    )
    .await;
    let template_id = template.assert_ok()["templateId"]
        .as_str()
        .expect("id")
        .to_owned();
    let got = post(
        &router,
        &format!("/domains/{d}/templates/{template_id}"),
        json!({}),
    )
    .await;
    let got = got.assert_ok();
    assert_eq!(got["status"], "Active");
    assert_eq!(got["requiredFields"], json!([{"fieldId": custom_id}]));
    assert_eq!(got["layoutConfiguration"], json!({"defaultLayout": "l"}));
    post(
        &router,
        &format!("/domains/{d}/templates"),
        json!({"name": "off", "status": "Inactive"}),
    )
    .await
    .assert_ok();
    let active = send_raw(
        &router,
        "POST",
        &format!("/domains/{d}/templates-list?status=Active"),
        "",
    )
    .await;
    assert_eq!(
        active.assert_ok()["templates"]
            .as_array()
            .expect("templates")
            .len(),
        1
    );
    let both = send_raw(
        &router,
        "POST",
        &format!("/domains/{d}/templates-list?status=Active&status=Inactive"),
        "",
    )
    .await;
    assert_eq!(
        both.assert_ok()["templates"]
            .as_array()
            .expect("templates")
            .len(),
        2
    );

    let case_body = |token: &str| {
        json!({"templateId": template_id, "clientToken": token, "fields": [
            {"id": "title", "value": {"stringValue": "t"}},
            {"id": "customer_id", "value": {"stringValue": "c"}},
            {"id": custom_id, "value": {"doubleValue": 3.5}}
        ]})
    };
    let missing_required = post(
        &router,
        &format!("/domains/{d}/cases"),
        json!({"templateId": template_id, "fields": [
            {"id": "title", "value": {"stringValue": "t"}},
            {"id": "customer_id", "value": {"stringValue": "c"}}
        ]}),
    )
    .await;
    missing_required.assert_validation(&custom_id);
    let case = post(&router, &format!("/domains/{d}/cases"), case_body("tok")).await;
    let case = case.assert_ok().clone();
    let case_id = case["caseId"].as_str().expect("id");
    assert_eq!(
        case["caseArn"],
        format!("arn:aws:cases:us-east-1:123456789012:domain/{d}/case/{case_id}")
    );
    let again = post(&router, &format!("/domains/{d}/cases"), case_body("tok")).await;
    assert_eq!(
        again.assert_ok()["caseId"],
        case_id,
        "idempotent client token"
    );
    let other = post(&router, &format!("/domains/{d}/cases"), case_body("other")).await;
    assert_ne!(other.assert_ok()["caseId"], case_id);
    let got = post(
        &router,
        &format!("/domains/{d}/cases/{case_id}"),
        json!({"fields": [{"id": custom_id}, {"id": "status"}, {"id": "summary"}, {"id": "created_datetime"}]}),
    )
    .await;
    let got = got.assert_ok();
    assert_eq!(got["templateId"], template_id.as_str());
    let returned = got["fields"].as_array().expect("fields");
    assert_eq!(returned.len(), 3, "summary is unset: {returned:?}");
    assert_eq!(
        returned[0],
        json!({"id": custom_id, "value": {"doubleValue": 3.5}})
    );
    assert_eq!(
        returned[1],
        json!({"id": "status", "value": {"stringValue": "open"}})
    );
    assert!(is_iso8601_millis(
        returned[2]["value"]["stringValue"].as_str().expect("time")
    ));
}

#[tokio::test]
async fn error_bodies_are_json_with_request_ids() {
    let router = mock();
    let reply = post(&router, "/domains/x", json!({})).await;
    reply.assert_json_content_type();
    assert!(reply.headers.get("x-amzn-RequestId").is_some());
    let ok = post(&router, "/domains", json!({"name": "d"})).await;
    assert!(ok.headers.get("x-amzn-RequestId").is_some());
    assert!(ok.headers.get("x-amzn-ErrorType").is_none());
}
