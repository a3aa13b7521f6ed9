//! The related items of release 1.44.5 over raw HTTP: the Sla, ConnectCase and Custom
//! kinds (create, search, filters, audit), UpdateRelatedItem, DeleteRelatedItem,
//! BatchCreateRelatedItem and SearchAllRelatedItems, the 1.44.5 deltas on the older
//! operations, and the release gate that keeps all of it out of 1.34.97 and 1.34.98.

mod common;

use std::collections::HashSet;

use axum::Router;
use axum::http::StatusCode;
use cases_mock::{MockConfig, MockRelease};
use common::{Fixture, Reply, fixture, item_body, post, send_raw};
use serde_json::{Value, json};

const USER: &str = "arn:aws:connect:us-east-1:123456789012:instance/i/agent/u1";

fn mock_at(release: MockRelease) -> Router {
    cases_mock::router(MockConfig {
        release,
        ..MockConfig::default()
    })
}

fn mock() -> Router {
    mock_at(MockRelease::V1_44_5)
}

async fn put(router: &Router, path: &str, body: Value) -> Reply {
    send_raw(router, "PUT", path, body.to_string()).await
}

async fn delete(router: &Router, path: &str) -> Reply {
    send_raw(router, "DELETE", path, "").await
}

/// A custom field of the domain, by name and type.
async fn field(router: &Router, fx: &Fixture, name: &str, kind: &str) -> String {
    let reply = post(
        router,
        &format!("/domains/{}/fields", fx.domain),
        json!({"name": name, "type": kind}),
    )
    .await;
    reply.assert_ok()["fieldId"]
        .as_str()
        .expect("fieldId")
        .to_owned()
}

/// Another case in the fixture's domain.
async fn another_case(router: &Router, fx: &Fixture) -> String {
    let reply = post(
        router,
        &format!("/domains/{}/cases", fx.domain),
        json!({"templateId": fx.template, "fields": [
            {"id": "title", "value": {"stringValue": "Another"}},
            {"id": "customer_id", "value": {"stringValue": "c"}}]}),
    )
    .await;
    reply.assert_ok()["caseId"]
        .as_str()
        .expect("caseId")
        .to_owned()
}

async fn create(router: &Router, fx: &Fixture, body: Value) -> String {
    let reply = post(router, &fx.items_path(), body).await;
    reply.assert_ok()["relatedItemId"]
        .as_str()
        .expect("relatedItemId")
        .to_owned()
}

async fn search(router: &Router, fx: &Fixture, filters: Value) -> Vec<Value> {
    let reply = post(router, &fx.search_path(), json!({"filters": filters})).await;
    reply.assert_ok()["relatedItems"]
        .as_array()
        .expect("items")
        .clone()
}

fn ids(items: &[Value]) -> Vec<String> {
    items
        .iter()
        .map(|i| i["relatedItemId"].as_str().expect("id").to_owned())
        .collect()
}

async fn audit(router: &Router, fx: &Fixture) -> Vec<Value> {
    let reply = post(router, &fx.audit_path(), json!({})).await;
    reply.assert_ok()["auditEvents"]
        .as_array()
        .expect("events")
        .clone()
}

fn sla_body(name: &str, minutes: i64) -> Value {
    json!({"type": "Sla", "content": {"sla": {"slaInputConfiguration": {
        "name": name, "type": "CaseField", "fieldId": "status",
        "targetFieldValues": [{"stringValue": "closed"}], "targetSlaMinutes": minutes}}}})
}

fn custom_body(fields: Value) -> Value {
    json!({"type": "Custom", "content": {"custom": {"fields": fields}}})
}

fn item_path(fx: &Fixture, id: &str) -> String {
    fx.case_path(&format!("/related-items/{id}"))
}

#[tokio::test]
async fn new_kinds_round_trip_through_search_filters_and_audit() {
    let router = mock();
    let fx = fixture(&router).await;
    let order_no = field(&router, &fx, "order number", "Text").await;
    let amount = field(&router, &fx, "amount", "Number").await;
    let other = another_case(&router, &fx).await;
    let sla = create(&router, &fx, sla_body("close within a day", 1440)).await;
    let linked = create(
        &router,
        &fx,
        json!({"type": "ConnectCase", "content": {"connectCase": {"caseId": other}}}),
    )
    .await;
    let custom = create(
        &router,
        &fx,
        custom_body(json!([
            {"id": order_no, "value": {"stringValue": "A-17"}},
            {"id": amount, "value": {"doubleValue": 42.5}}])),
    )
    .await;
    create(&router, &fx, item_body("Comment", 1)).await;

    let all = search(&router, &fx, json!([])).await;
    assert_eq!(all.len(), 4);
    let config = &all[0]["content"]["sla"]["slaConfiguration"];
    assert_eq!(all[0]["type"], "Sla");
    assert_eq!(config["name"], "close within a day");
    assert_eq!(config["type"], "CaseField");
    assert_eq!(config["status"], "Active");
    assert_eq!(config["fieldId"], "status");
    assert_eq!(
        config["targetFieldValues"],
        json!([{"stringValue": "closed"}])
    );
    assert!(config.get("completionTime").is_none());
    let association = all[0]["associationTime"].as_str().expect("time");
    let target = config["targetTime"].as_str().expect("target");
    assert!(target > association, "{target} after {association}");
    assert_eq!(all[1]["type"], "ConnectCase");
    assert_eq!(all[1]["content"], json!({"connectCase": {"caseId": other}}));
    assert_eq!(all[2]["type"], "Custom");
    assert_eq!(
        all[2]["content"],
        json!({"custom": {"fields": [
            {"id": order_no, "value": {"stringValue": "A-17"}},
            {"id": amount, "value": {"doubleValue": 42.5}}]}})
    );

    assert_eq!(
        ids(&search(&router, &fx, json!([{"sla": {}}])).await),
        [sla.as_str()]
    );
    assert_eq!(
        ids(&search(
            &router,
            &fx,
            json!([{"sla": {"name": "close within a day", "status": "Active"}}])
        )
        .await),
        [sla.as_str()]
    );
    assert!(
        search(&router, &fx, json!([{"sla": {"status": "Met"}}]))
            .await
            .is_empty()
    );
    assert!(
        search(&router, &fx, json!([{"sla": {"name": "other"}}]))
            .await
            .is_empty()
    );
    assert_eq!(
        ids(&search(&router, &fx, json!([{"connectCase": {"caseId": other}}])).await),
        [linked.as_str()]
    );
    assert!(
        search(&router, &fx, json!([{"connectCase": {"caseId": fx.case}}]))
            .await
            .is_empty()
    );
    let by_field = |filter: Value| json!([{"custom": {"fields": filter}}]);
    assert_eq!(
        ids(&search(
            &router,
            &fx,
            by_field(
                json!({"field": {"equalTo": {"id": order_no, "value": {"stringValue": "A-17"}}}})
            )
        )
        .await),
        [custom.as_str()]
    );
    assert_eq!(
        ids(&search(
            &router,
            &fx,
            by_field(json!({"andAll": [
            {"field": {"greaterThan": {"id": amount, "value": {"doubleValue": 40}}}},
            {"not": {"field": {"contains": {"id": order_no, "value": {"stringValue": "b-"}}}}}]}))
        )
        .await),
        [custom.as_str()]
    );
    assert!(
        search(
            &router,
            &fx,
            by_field(json!({"field": {"lessThan": {"id": amount, "value": {"doubleValue": 40}}}}))
        )
        .await
        .is_empty()
    );
    assert_eq!(
        ids(&search(&router, &fx, json!([{"custom": {}}])).await),
        [custom.as_str()]
    );
    assert_eq!(
        ids(&search(&router, &fx, json!([{"custom": {}}, {"connectCase": {}}])).await),
        [linked.as_str(), custom.as_str()]
    );

    let events = audit(&router, &fx).await;
    let kinds: Vec<&str> = events
        .iter()
        .filter(|e| e["type"] == "RelatedItem.Created")
        .map(|e| e["relatedItemType"].as_str().expect("relatedItemType"))
        .collect();
    assert_eq!(kinds, ["Sla", "ConnectCase", "Custom", "Comment"]);
}

#[tokio::test]
async fn sla_status_follows_the_case_field() {
    let router = mock();
    let fx = fixture(&router).await;
    let sla = create(&router, &fx, sla_body("close", 60)).await;
    let status_of = |items: &[Value]| items[0]["content"]["sla"]["slaConfiguration"].clone();
    assert_eq!(
        status_of(&search(&router, &fx, json!([])).await)["status"],
        "Active"
    );
    put(
        &router,
        &fx.case_path(""),
        json!({"fields": [{"id": "status", "value": {"stringValue": "closed"}}]}),
    )
    .await
    .assert_ok();
    let met = status_of(&search(&router, &fx, json!([{"sla": {"status": "Met"}}])).await);
    assert_eq!(met["status"], "Met");
    assert!(met["completionTime"].as_str().is_some(), "{met}");
    assert!(
        search(&router, &fx, json!([{"sla": {"status": "Active"}}]))
            .await
            .is_empty()
    );
    assert_eq!(
        ids(&search(&router, &fx, json!([{"sla": {"name": "close"}}])).await),
        [sla]
    );
}

#[tokio::test]
async fn new_kinds_are_validated_against_the_domain() {
    let router = mock();
    let fx = fixture(&router).await;
    let flag = field(&router, &fx, "flag", "Boolean").await;
    let reply = post(
        &router,
        &fx.items_path(),
        custom_body(json!([{"id": "nope", "value": {"stringValue": "x"}}])),
    )
    .await;
    reply.assert_validation("content.custom.fields[0].id");
    let reply = post(
        &router,
        &fx.items_path(),
        custom_body(json!([{"id": "title", "value": {"stringValue": "x"}}])),
    )
    .await;
    reply.assert_validation("content.custom.fields[0].id");
    let reply = post(
        &router,
        &fx.items_path(),
        custom_body(json!([{"id": flag, "value": {"stringValue": "yes"}}])),
    )
    .await;
    reply.assert_validation("content.custom.fields[0].value");
    let reply = post(&router, &fx.items_path(), custom_body(json!([]))).await;
    reply.assert_validation("content.custom.fields");
    let reply = post(
        &router,
        &fx.items_path(),
        custom_body(json!([{"id": flag, "value": {"booleanValue": true}}, {"id": flag, "value": {"booleanValue": false}}])),
    )
    .await;
    reply.assert_validation("content.custom.fields[1].id");
    let reply = post(
        &router,
        &fx.items_path(),
        json!({"type": "ConnectCase", "content": {"connectCase": {"caseId": "missing-case"}}}),
    )
    .await;
    reply.assert_not_found("Case", "missing-case");
    let reply = post(
        &router,
        &fx.items_path(),
        json!({"type": "ConnectCase", "content": {"connectCase": {"caseId": fx.case}}}),
    )
    .await;
    reply.assert_validation("content.connectCase.caseId");
    let reply = post(
        &router,
        &fx.items_path(),
        json!({"type": "ConnectCase", "content": {"connectCase": {"caseId": "a b"}}}),
    )
    .await;
    reply.assert_validation("content.connectCase.caseId");
    let mut sla = sla_body("x", 0);
    sla["content"]["sla"]["slaInputConfiguration"]["fieldId"] = json!("nope");
    let reply = post(&router, &fx.items_path(), sla).await;
    reply.assert_validation("content.sla.slaInputConfiguration.targetSlaMinutes");
    let mut sla = sla_body("x", 5);
    sla["content"]["sla"]["slaInputConfiguration"]["fieldId"] = json!(flag);
    let reply = post(&router, &fx.items_path(), sla).await;
    reply.assert_validation("content.sla.slaInputConfiguration.targetFieldValues[0]");
    let reply = post(&router, &fx.items_path(), json!({"type": "Sla", "content": {"custom": {"fields": [{"id": flag, "value": {"booleanValue": true}}]}}})).await;
    reply.assert_validation("type");
    let reply = post(&router, &fx.search_path(), json!({"filters": [{"custom": {"fields": {"field": {"equalTo": {"id": "nope", "value": {"emptyValue": {}}}}}}}]})).await;
    reply.assert_validation("filters[0].custom.fields.field.equalTo.id");
    let reply = post(
        &router,
        &fx.search_path(),
        json!({"filters": [{"sla": {"status": "Late"}}]}),
    )
    .await;
    reply.assert_validation("filters[0].sla.status");
    assert_eq!(
        search(&router, &fx, json!([])).await.len(),
        0,
        "nothing was created"
    );
}

#[tokio::test]
async fn performed_by_custom_entity_and_the_longer_comment_body() {
    let router = mock();
    let fx = fixture(&router).await;
    let mut body = item_body("Comment", 1);
    body["content"]["comment"]["body"] = json!("x".repeat(15_000));
    body["performedBy"] = json!({"customEntity": "order-bot@shop"});
    create(&router, &fx, body.clone()).await;
    let found = search(&router, &fx, json!([])).await;
    assert_eq!(
        found[0]["performedBy"],
        json!({"customEntity": "order-bot@shop"})
    );
    let event = audit(&router, &fx).await.pop().expect("event");
    assert_eq!(
        event["performedBy"]["user"],
        json!({"customEntity": "order-bot@shop"})
    );
    body["content"]["comment"]["body"] = json!("x".repeat(15_001));
    post(&router, &fx.items_path(), body.clone())
        .await
        .assert_validation("content.comment.body");
    body["content"]["comment"]["body"] = json!("ok");
    body["performedBy"] = json!({"customEntity": "bad!"});
    post(&router, &fx.items_path(), body.clone())
        .await
        .assert_validation("performedBy.customEntity");
    body["performedBy"] = json!({"customEntity": "a", "userArn": USER});
    post(&router, &fx.items_path(), body)
        .await
        .assert_validation("performedBy");
    let bad_case = format!("/domains/{}/cases/bad%20id/related-items/", fx.domain);
    post(&router, &bad_case, item_body("Comment", 2))
        .await
        .assert_validation("caseId");
}

#[tokio::test]
async fn update_related_item_replaces_comments_and_custom_fields() {
    let router = mock();
    let fx = fixture(&router).await;
    let a = field(&router, &fx, "a", "Text").await;
    let b = field(&router, &fx, "b", "Text").await;
    let mut body = item_body("Comment", 1);
    body["performedBy"] = json!({"userArn": USER});
    let comment = create(&router, &fx, body).await;
    let custom = create(
        &router,
        &fx,
        custom_body(json!([{"id": a, "value": {"stringValue": "1"}}, {"id": b, "value": {"stringValue": "2"}}])),
    )
    .await;
    let file = create(&router, &fx, item_body("File", 1)).await;

    let reply = put(
        &router,
        &item_path(&fx, &comment),
        json!({"content": {"comment": {"body": "edited", "contentType": "Text/Plain"}},
               "performedBy": {"customEntity": "editor"}}),
    )
    .await;
    let body = reply.assert_ok();
    assert_eq!(body["relatedItemId"], comment);
    assert!(
        body["relatedItemArn"]
            .as_str()
            .expect("arn")
            .ends_with(&format!("/related-item/{comment}"))
    );
    assert_eq!(body["type"], "Comment");
    assert_eq!(
        body["content"],
        json!({"comment": {"body": "edited", "contentType": "Text/Plain"}})
    );
    assert_eq!(body["createdBy"], json!({"userArn": USER}));
    assert_eq!(body["lastUpdatedUser"], json!({"customEntity": "editor"}));
    assert_eq!(body["tags"], json!({}));

    // "Fields not included as part of this request will be removed."
    let reply = put(
        &router,
        &item_path(&fx, &custom),
        json!({"content": {"custom": {"fields": [{"id": b, "value": {"stringValue": "3"}}]}}}),
    )
    .await;
    assert_eq!(
        reply.assert_ok()["content"],
        json!({"custom": {"fields": [{"id": b, "value": {"stringValue": "3"}}]}})
    );
    let found = search(&router, &fx, json!([])).await;
    assert_eq!(found[0]["content"]["comment"]["body"], "edited");
    assert_eq!(
        found[0]["performedBy"],
        json!({"userArn": USER}),
        "the creator stays"
    );
    assert_eq!(
        found[1]["content"]["custom"]["fields"],
        json!([{"id": b, "value": {"stringValue": "3"}}])
    );
    assert!(search(&router, &fx, json!([{"custom": {"fields": {"field": {"equalTo": {"id": a, "value": {"stringValue": "1"}}}}}}])).await.is_empty());

    let updated: Vec<Value> = audit(&router, &fx)
        .await
        .into_iter()
        .filter(|e| e["type"] == "RelatedItem.Updated")
        .collect();
    assert_eq!(updated.len(), 2);
    assert_eq!(updated[0]["relatedItemType"], "Comment");
    assert_eq!(
        updated[0]["performedBy"]["user"],
        json!({"customEntity": "editor"})
    );
    assert_eq!(updated[1]["relatedItemType"], "Custom");

    let comment_update =
        json!({"content": {"comment": {"body": "x", "contentType": "Text/Plain"}}});
    put(&router, &item_path(&fx, &custom), comment_update.clone())
        .await
        .assert_validation("content");
    put(&router, &item_path(&fx, &file), comment_update.clone())
        .await
        .assert_validation("content");
    put(&router, &item_path(&fx, "missing"), comment_update.clone())
        .await
        .assert_not_found("RelatedItem", "missing");
    let other_case = format!("/domains/{}/cases/nope/related-items/{comment}", fx.domain);
    put(&router, &other_case, comment_update)
        .await
        .assert_not_found("Case", "nope");
    put(&router, &item_path(&fx, &custom), json!({"content": {"custom": {"fields": [{"id": "title", "value": {"stringValue": "t"}}]}}}))
        .await
        .assert_validation("content.custom.fields[0].id");
    put(&router, &item_path(&fx, &comment), json!({}))
        .await
        .assert_validation("content");
}

#[tokio::test]
async fn delete_related_item_removes_it_everywhere_but_never_a_file() {
    let router = mock();
    let fx = fixture(&router).await;
    let contact = create(&router, &fx, item_body("Contact", 7)).await;
    let comment = create(&router, &fx, item_body("Comment", 1)).await;
    let file = create(&router, &fx, item_body("File", 1)).await;
    let arn = format!(
        "arn:aws:cases:us-east-1:123456789012:domain/{}/case/{}/related-item/{comment}",
        fx.domain, fx.case
    );
    let tag_path = format!("/tags/{}", arn.replace(':', "%3A").replace('/', "%2F"));
    post(&router, &tag_path, json!({"tags": {"k": "v"}}))
        .await
        .assert_ok();

    delete(&router, &item_path(&fx, &comment)).await.assert_ok();
    assert_eq!(
        ids(&search(&router, &fx, json!([])).await),
        [contact.clone(), file.clone()]
    );
    let all = post(
        &router,
        &format!("/domains/{}/related-items-search", fx.domain),
        json!({}),
    )
    .await;
    assert_eq!(
        all.assert_ok()["relatedItems"]
            .as_array()
            .expect("items")
            .len(),
        2
    );
    post(&router, &tag_path, json!({"tags": {"k": "v"}}))
        .await
        .assert_not_found("RelatedItem", &arn);
    delete(&router, &item_path(&fx, &comment))
        .await
        .assert_not_found("RelatedItem", &comment);

    // The model: "This API cannot be used on a FILE type related attachment."
    delete(&router, &item_path(&fx, &file))
        .await
        .assert_validation("relatedItemId");
    assert_eq!(search(&router, &fx, json!([{"file": {}}])).await.len(), 1);

    delete(&router, &item_path(&fx, &contact)).await.assert_ok();
    let listed = post(
        &router,
        &format!("/domains/{}/list-cases-for-contact", fx.domain),
        json!({"contactArn": item_body("Contact", 7)["content"]["contact"]["contactArn"]}),
    )
    .await;
    assert_eq!(listed.assert_ok()["cases"], json!([]));
    let deleted: Vec<Value> = audit(&router, &fx)
        .await
        .into_iter()
        .filter(|e| e["type"] == "RelatedItem.Deleted")
        .collect();
    let kinds: Vec<&Value> = deleted.iter().map(|e| &e["relatedItemType"]).collect();
    assert_eq!(kinds, [&json!("Comment"), &json!("Contact")]);
}

#[tokio::test]
async fn deleting_during_a_walk_neither_skips_nor_invalidates_the_token() {
    let router = mock();
    let fx = fixture(&router).await;
    let mut created = Vec::new();
    for n in 0..4 {
        created.push(create(&router, &fx, item_body("Comment", n)).await);
    }
    let first = post(&router, &fx.search_path(), json!({"maxResults": 2})).await;
    let token = first.assert_ok()["nextToken"]
        .as_str()
        .expect("token")
        .to_owned();
    delete(&router, &item_path(&fx, &created[0]))
        .await
        .assert_ok();
    let second = post(
        &router,
        &fx.search_path(),
        json!({"maxResults": 2, "nextToken": token}),
    )
    .await;
    let rest = second.assert_ok()["relatedItems"]
        .as_array()
        .expect("items")
        .clone();
    assert_eq!(ids(&rest), created[2..].to_vec());
}

#[tokio::test]
async fn deleting_during_a_domain_wide_walk_neither_skips_nor_invalidates_the_token() {
    let router = mock();
    let fx = fixture(&router).await;
    let other = Fixture {
        case: another_case(&router, &fx).await,
        ..fx.clone()
    };
    // Six comments, alternately on the two cases, in creation (and default) order.
    let mut created = Vec::new();
    for n in 0..6 {
        let target = if n % 2 == 0 { &fx } else { &other };
        created.push((
            target,
            create(&router, target, item_body("Comment", n)).await,
        ));
    }
    let ids_of = |n: std::ops::Range<usize>| -> Vec<String> {
        created[n].iter().map(|(_, id)| id.clone()).collect()
    };
    let page = async |token: Option<&str>| -> (Vec<String>, Option<String>) {
        let mut body = json!({"maxResults": 2});
        if let Some(t) = token {
            body["nextToken"] = json!(t);
        }
        let reply = search_all(&router, &fx, body).await;
        let body = reply.assert_ok();
        let items = body["relatedItems"].as_array().expect("items");
        (ids(items), body["nextToken"].as_str().map(str::to_owned))
    };
    let (first, token) = page(None).await;
    assert_eq!(first, ids_of(0..2));
    // Deleting an item the walk has passed moves nothing after it.
    let (case, id) = &created[0];
    delete(&router, &item_path(case, id)).await.assert_ok();
    let (second, token) = page(token.as_deref()).await;
    assert_eq!(second, ids_of(2..4), "nothing skipped");
    // Deleting more items than the walk has left leaves its token valid.
    for (case, id) in &created[1..4] {
        delete(&router, &item_path(case, id)).await.assert_ok();
    }
    let (third, token) = page(token.as_deref()).await;
    assert_eq!(third, ids_of(4..6));
    assert_eq!(token, None);
}

fn batch_body(fx: &Fixture, cases: Value) -> Value {
    json!({"domainId": fx.domain, "cases": cases,
           "content": {"comment": {"body": "to all", "contentType": "Text/Plain"}},
           "performedBy": {"userArn": USER}})
}

#[tokio::test]
async fn batch_create_related_item_reports_each_case() {
    let router = mock();
    let fx = fixture(&router).await;
    let second = another_case(&router, &fx).await;
    let reply = post(
        &router,
        "/cases:batchCreateRelatedItem",
        batch_body(
            &fx,
            json!([
            {"caseIdentifier": {"caseId": fx.case}},
            {"caseIdentifier": {"caseId": "no-such-case"}},
            {"caseIdentifier": {"referenceId": "00000002"}}]),
        ),
    )
    .await;
    let body = reply.assert_ok();
    let ok = body["successfulItems"].as_array().expect("successes");
    assert_eq!(ok.len(), 2);
    assert_eq!(
        ok[0]["caseIdentifier"],
        json!({"caseId": fx.case, "referenceId": "00000001"})
    );
    assert_eq!(ok[1]["caseIdentifier"]["caseId"], second);
    assert_eq!(
        body["failedItems"],
        json!([{"caseIdentifier": {"caseId": "no-such-case"}, "errorCode": "CASE_NOT_FOUND",
                "errorMessage": body["failedItems"][0]["errorMessage"]}])
    );
    let found = search(&router, &fx, json!([{"comment": {}}])).await;
    assert_eq!(ids(&found), [ok[0]["relatedItemId"].as_str().expect("id")]);
    assert_eq!(found[0]["performedBy"], json!({"userArn": USER}));
    let other = Fixture {
        case: second,
        ..fx.clone()
    };
    let events = audit(&router, &other).await;
    assert_eq!(events.last().expect("event")["type"], "RelatedItem.Created");

    // Whole-request failures create nothing.
    let before = search(&router, &fx, json!([])).await.len();
    post(
        &router,
        "/cases:batchCreateRelatedItem",
        batch_body(
            &fx,
            json!([
        {"caseIdentifier": {"caseId": fx.case}}, {"caseIdentifier": {"referenceId": "99999999"}}]),
        ),
    )
    .await
    .assert_not_found("Case", "99999999");
    post(
        &router,
        "/cases:batchCreateRelatedItem",
        batch_body(
            &fx,
            json!([
        {"caseIdentifier": {"caseId": fx.case}}, {"caseIdentifier": {"referenceId": "00000001"}}]),
        ),
    )
    .await
    .assert_validation("cases[1].caseIdentifier");
    let mut file = batch_body(&fx, json!([{"caseIdentifier": {"caseId": fx.case}}]));
    file["content"] = item_body("File", 1)["content"].clone();
    post(&router, "/cases:batchCreateRelatedItem", file)
        .await
        .assert_validation("content");
    let mut unknown = batch_body(&fx, json!([{"caseIdentifier": {"caseId": fx.case}}]));
    unknown["domainId"] = json!("no-domain");
    post(&router, "/cases:batchCreateRelatedItem", unknown)
        .await
        .assert_not_found("Domain", "no-domain");
    assert_eq!(search(&router, &fx, json!([])).await.len(), before);
}

#[tokio::test]
async fn batch_create_related_item_client_tokens_replay_or_conflict() {
    let router = mock();
    let fx = fixture(&router).await;
    let mut body = batch_body(&fx, json!([{"caseIdentifier": {"caseId": fx.case}}]));
    body["clientToken"] = json!("token-1");
    let first = post(&router, "/cases:batchCreateRelatedItem", body.clone()).await;
    let again = post(&router, "/cases:batchCreateRelatedItem", body.clone()).await;
    assert_eq!(first.assert_ok(), again.assert_ok());
    assert_eq!(search(&router, &fx, json!([])).await.len(), 1);
    body["content"]["comment"]["body"] = json!("different");
    let conflict = post(&router, "/cases:batchCreateRelatedItem", body).await;
    assert_eq!(conflict.status, StatusCode::CONFLICT, "{conflict:?}");
    assert_eq!(conflict.error_type(), "ConflictException");
}

async fn search_all(router: &Router, fx: &Fixture, body: Value) -> Reply {
    post(
        router,
        &format!("/domains/{}/related-items-search", fx.domain),
        body,
    )
    .await
}

/// Walks SearchAllRelatedItems to the end at `page` items per page.
async fn walk_all(router: &Router, fx: &Fixture, query: Value, page: usize) -> Vec<Value> {
    let mut out = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let mut body = query.clone();
        body["maxResults"] = json!(page);
        if let Some(t) = &token {
            body["nextToken"] = json!(t);
        }
        let reply = search_all(router, fx, body).await;
        let body = reply.assert_ok();
        let items = body["relatedItems"].as_array().expect("items");
        assert!(items.len() <= page);
        out.extend(items.iter().cloned());
        match body["nextToken"].as_str() {
            Some(t) => token = Some(t.to_owned()),
            None => return out,
        }
    }
}

#[tokio::test]
async fn search_all_related_items_spans_the_domain_with_sorts_and_pages() {
    let router = mock();
    let fx = fixture(&router).await;
    let b = another_case(&router, &fx).await;
    let c = another_case(&router, &fx).await;
    let cases = [fx.case.clone(), b, c];
    let mut expected = Vec::new();
    for n in 0..9 {
        let case = &cases[n % 3];
        let kind = ["Comment", "Contact", "File"][n % 3];
        let target = Fixture {
            case: case.clone(),
            ..fx.clone()
        };
        // Distinct association times (milliseconds), so creation order is the time order
        // rather than the tie-break (case creation order).
        std::thread::sleep(std::time::Duration::from_millis(2));
        expected.push((
            case.clone(),
            create(&router, &target, item_body(kind, n)).await,
        ));
    }
    let lone = fixture(&router).await;
    create(&router, &lone, item_body("Comment", 99)).await;

    for page in [1, 2, 4, 25] {
        let walked = walk_all(&router, &fx, json!({}), page).await;
        let got: Vec<(String, String)> = walked
            .iter()
            .map(|i| {
                (
                    i["caseId"].as_str().expect("case").to_owned(),
                    i["relatedItemId"].as_str().expect("id").to_owned(),
                )
            })
            .collect();
        assert_eq!(got, expected, "creation order at page size {page}");
    }
    let by_case = walk_all(
        &router,
        &fx,
        json!({"sorts": [{"sortProperty": "CaseId", "sortOrder": "Desc"}, {"sortProperty": "AssociationTime", "sortOrder": "Asc"}]}),
        2,
    )
    .await;
    let case_ids: Vec<&str> = by_case
        .iter()
        .map(|i| i["caseId"].as_str().expect("case"))
        .collect();
    let mut sorted = case_ids.clone();
    sorted.sort_unstable_by(|a, b| b.cmp(a));
    assert_eq!(case_ids, sorted);
    let unique: HashSet<&str> = by_case
        .iter()
        .map(|i| i["relatedItemId"].as_str().expect("id"))
        .collect();
    assert_eq!(unique.len(), 9);
    let newest_first = walk_all(
        &router,
        &fx,
        json!({"sorts": [{"sortProperty": "AssociationTime", "sortOrder": "Desc"}]}),
        3,
    )
    .await;
    let times: Vec<&str> = newest_first
        .iter()
        .map(|i| i["associationTime"].as_str().expect("t"))
        .collect();
    assert!(times.windows(2).all(|w| w[0] >= w[1]), "{times:?}");

    let files = walk_all(
        &router,
        &fx,
        json!({"filters": [{"file": {}}, {"comment": {}}]}),
        2,
    )
    .await;
    assert_eq!(files.len(), 6);
    assert!(files.iter().all(|i| i["type"] != "Contact"));

    let first = search_all(&router, &fx, json!({"maxResults": 2})).await;
    let token = first.assert_ok()["nextToken"]
        .as_str()
        .expect("token")
        .to_owned();
    search_all(
        &router,
        &fx,
        json!({"nextToken": token, "filters": [{"comment": {}}]}),
    )
    .await
    .assert_validation("nextToken");
    search_all(&router, &fx, json!({"maxResults": 26}))
        .await
        .assert_validation("maxResults");
    search_all(
        &router,
        &fx,
        json!({"sorts": [{"sortProperty": "Title", "sortOrder": "Asc"}]}),
    )
    .await
    .assert_validation("sorts[0].sortProperty");
    post(&router, "/domains/nope/related-items-search", json!({}))
        .await
        .assert_not_found("Domain", "nope");
}

#[tokio::test]
async fn older_releases_know_none_of_it() {
    for release in [MockRelease::V1_34_97, MockRelease::V1_34_98] {
        let router = mock_at(release);
        let fx = fixture(&router).await;
        let comment = create(&router, &fx, item_body("Comment", 1)).await;
        for (method, path) in [
            ("PUT", item_path(&fx, &comment)),
            ("DELETE", item_path(&fx, &comment)),
            ("POST", "/cases:batchCreateRelatedItem".to_owned()),
            (
                "POST",
                format!("/domains/{}/related-items-search", fx.domain),
            ),
        ] {
            let reply = send_raw(&router, method, &path, "{}").await;
            assert_eq!(
                reply.status,
                StatusCode::NOT_FOUND,
                "{release} {method} {path}"
            );
            assert_eq!(
                reply.error_type(),
                "UnknownOperationException",
                "{release} {method} {path}"
            );
        }
        for body in [
            sla_body("s", 5),
            json!({"type": "ConnectCase", "content": {"connectCase": {"caseId": fx.case}}}),
            custom_body(json!([{"id": "title", "value": {"stringValue": "x"}}])),
        ] {
            let reply = post(&router, &fx.items_path(), body).await;
            reply.assert_validation("'type'");
            assert!(
                reply.message().contains("at 'content'"),
                "{}",
                reply.message()
            );
        }
        for filter in [
            json!({"sla": {}}),
            json!({"connectCase": {}}),
            json!({"custom": {}}),
        ] {
            post(&router, &fx.search_path(), json!({"filters": [filter]}))
                .await
                .assert_validation("filters[0]");
        }
        let mut body = item_body("Comment", 2);
        body["performedBy"] = json!({"customEntity": "bot"});
        post(&router, &fx.items_path(), body)
            .await
            .assert_validation("performedBy");
        let mut body = item_body("Comment", 3);
        body["content"]["comment"]["body"] = json!("x".repeat(3001));
        post(&router, &fx.items_path(), body)
            .await
            .assert_validation("content.comment.body");
        // No CaseId pattern before 1.44.5: an id with a space is merely unknown.
        let odd = format!("/domains/{}/cases/bad%20id/related-items/", fx.domain);
        post(&router, &odd, item_body("Comment", 4))
            .await
            .assert_not_found("Case", "bad id");
        assert_eq!(search(&router, &fx, json!([])).await.len(), 1);
    }
}
