//! UpdateField, DeleteField, BatchPutFieldOptions, ListFieldOptions and the layout
//! operations over raw HTTP (`oneshot`): successes, every error each can return (400 naming
//! the member, 404 naming the resource, 409, 402), updates visible on reads with the other
//! members unchanged, deletes, and pagination to the end without duplicates.

mod common;

use std::collections::HashSet;

use axum::Router;
use axum::http::StatusCode;
use common::{Reply, fixture, mock, post, send_raw};
use serde_json::{Value, json};

async fn put(router: &Router, path: &str, body: Value) -> Reply {
    send_raw(router, "PUT", path, body.to_string()).await
}

async fn delete(router: &Router, path: &str) -> Reply {
    send_raw(router, "DELETE", path, "").await
}

async fn domain(router: &Router) -> String {
    post(router, "/domains", json!({"name": "fields and layouts"}))
        .await
        .assert_ok()["domainId"]
        .as_str()
        .expect("domainId")
        .to_owned()
}

async fn create_field(router: &Router, domain: &str, name: &str, kind: &str) -> String {
    post(
        router,
        &format!("/domains/{domain}/fields"),
        json!({"name": name, "type": kind, "description": format!("{name} description")}),
    )
    .await
    .assert_ok()["fieldId"]
        .as_str()
        .expect("fieldId")
        .to_owned()
}

async fn batch_get(router: &Router, domain: &str, id: &str) -> Value {
    let reply = post(
        router,
        &format!("/domains/{domain}/fields-batch"),
        json!({"fields": [{"id": id}]}),
    )
    .await;
    let body = reply.assert_ok();
    assert_eq!(body["errors"], json!([]), "{body}");
    body["fields"][0].clone()
}

/// Every page of a listing at `page_size`: the `key` arrays concatenated.
async fn walk(router: &Router, path: &str, extra: &str, page_size: usize, key: &str) -> Vec<Value> {
    let mut all = Vec::new();
    let mut token: Option<String> = None;
    for _ in 0..1000 {
        let mut uri = format!("{path}?maxResults={page_size}{extra}");
        if let Some(t) = &token {
            uri.push_str(&format!("&nextToken={t}"));
        }
        let reply = post(router, &uri, json!({})).await;
        let body = reply.assert_ok();
        let items = body[key].as_array().expect("items");
        assert!(items.len() <= page_size, "{body}");
        all.extend(items.iter().cloned());
        match body.get("nextToken").and_then(Value::as_str) {
            Some(t) => {
                assert!(!items.is_empty(), "a token for an empty page");
                token = Some(t.to_owned());
            }
            None => return all,
        }
    }
    panic!("listing did not end");
}

async fn list_field_names(router: &Router, domain: &str) -> Vec<String> {
    let reply = post(router, &format!("/domains/{domain}/fields-list"), json!({})).await;
    reply.assert_ok()["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .map(|f| f["name"].as_str().expect("name").to_owned())
        .collect()
}

// ---------------------------------------------------------------- UpdateField

#[tokio::test]
async fn update_field_changes_the_given_members_only() {
    let router = mock();
    let d = domain(&router).await;
    let id = create_field(&router, &d, "tier", "Text").await;
    let before = batch_get(&router, &d, &id).await;

    let path = format!("/domains/{d}/fields/{id}");
    assert_eq!(
        put(&router, &path, json!({"name": "level"}))
            .await
            .assert_ok(),
        &json!({})
    );
    let after = batch_get(&router, &d, &id).await;
    assert_eq!(after["name"], "level");
    for member in [
        "description",
        "type",
        "namespace",
        "fieldArn",
        "fieldId",
        "createdTime",
    ] {
        assert_eq!(after[member], before[member], "{member}");
    }
    assert!(after["lastModifiedTime"].as_str() >= before["lastModifiedTime"].as_str());
    assert!(
        list_field_names(&router, &d)
            .await
            .contains(&"level".to_owned())
    );
    assert!(
        !list_field_names(&router, &d)
            .await
            .contains(&"tier".to_owned())
    );

    put(&router, &path, json!({"description": "new words"}))
        .await
        .assert_ok();
    let after = batch_get(&router, &d, &id).await;
    assert_eq!(after["description"], "new words");
    assert_eq!(after["name"], "level");

    // Its own name again, and no members at all, are accepted.
    put(&router, &path, json!({"name": "level"}))
        .await
        .assert_ok();
    put(&router, &path, json!({})).await.assert_ok();
    assert_eq!(batch_get(&router, &d, &id).await["name"], "level");
}

#[tokio::test]
async fn update_field_errors() {
    let router = mock();
    let d = domain(&router).await;
    let a = create_field(&router, &d, "a", "Text").await;
    create_field(&router, &d, "b", "Number").await;
    let path = format!("/domains/{d}/fields/{a}");

    for taken in ["b", "title"] {
        let reply = put(&router, &path, json!({"name": taken})).await;
        assert_eq!(reply.status, StatusCode::CONFLICT, "{reply:?}");
        assert_eq!(reply.error_type(), "ConflictException");
        assert!(reply.message().contains(taken));
    }
    assert_eq!(batch_get(&router, &d, &a).await["name"], "a");

    put(&router, &path, json!({"name": "x "}))
        .await
        .assert_validation("'name'");
    put(&router, &path, json!({"name": ""}))
        .await
        .assert_validation("'name'");
    put(&router, &path, json!({"description": "d".repeat(256)}))
        .await
        .assert_validation("'description'");
    put(&router, &path, json!({"name": 5}))
        .await
        .assert_validation("'name'");
    put(
        &router,
        &format!("/domains/{d}/fields/title"),
        json!({"name": "Title"}),
    )
    .await
    .assert_validation("'fieldId'");
    put(
        &router,
        &format!("/domains/{d}/fields/nope"),
        json!({"name": "n"}),
    )
    .await
    .assert_not_found("Field", "nope");
    put(
        &router,
        &format!("/domains/nope/fields/{a}"),
        json!({"name": "n"}),
    )
    .await
    .assert_not_found("Domain", "nope");
    let long = "f".repeat(501);
    put(&router, &format!("/domains/{d}/fields/{long}"), json!({}))
        .await
        .assert_validation("'fieldId'");

    delete(&router, &path).await.assert_ok();
    put(&router, &path, json!({"name": "again"}))
        .await
        .assert_validation("'fieldId'");
}

// ---------------------------------------------------------------- DeleteField

#[tokio::test]
async fn delete_field_hides_it_from_listings_but_not_from_batch_get() {
    let router = mock();
    let d = domain(&router).await;
    let id = create_field(&router, &d, "gone soon", "Text").await;
    let path = format!("/domains/{d}/fields/{id}");
    assert!(
        list_field_names(&router, &d)
            .await
            .contains(&"gone soon".to_owned())
    );
    assert_eq!(delete(&router, &path).await.assert_ok(), &json!({}));

    assert!(
        !list_field_names(&router, &d)
            .await
            .contains(&"gone soon".to_owned())
    );
    let got = batch_get(&router, &d, &id).await;
    assert_eq!(got["deleted"], true);
    assert_eq!(got["name"], "gone soon");
    // Deleting again is idempotent.
    delete(&router, &path).await.assert_ok();
    // The name is free again.
    create_field(&router, &d, "gone soon", "Number").await;
    // Paging ListFields skips the deleted field without duplicates.
    let all = walk(
        &router,
        &format!("/domains/{d}/fields-list"),
        "",
        3,
        "fields",
    )
    .await;
    let ids: HashSet<&str> = all
        .iter()
        .map(|f| f["fieldId"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(ids.len(), all.len());
    assert!(!ids.contains(id.as_str()));
    assert_eq!(all.len(), 11, "10 system fields and the new one");
}

#[tokio::test]
async fn delete_field_errors_and_quota() {
    let router = mock();
    let d = domain(&router).await;
    delete(&router, &format!("/domains/{d}/fields/title"))
        .await
        .assert_validation("'fieldId'");
    delete(&router, &format!("/domains/{d}/fields/nope"))
        .await
        .assert_not_found("Field", "nope");
    delete(&router, "/domains/nope/fields/title")
        .await
        .assert_not_found("Domain", "nope");
    let reply = send_raw(&router, "DELETE", &format!("/domains/{d}/fields/x"), "[1]").await;
    reply.assert_validation("JSON object");

    for i in 0..100 {
        let id = create_field(&router, &d, &format!("f{i}"), "Text").await;
        delete(&router, &format!("/domains/{d}/fields/{id}"))
            .await
            .assert_ok();
    }
    let id = create_field(&router, &d, "one too many", "Text").await;
    let reply = delete(&router, &format!("/domains/{d}/fields/{id}")).await;
    assert_eq!(reply.status, StatusCode::PAYMENT_REQUIRED, "{reply:?}");
    assert_eq!(reply.error_type(), "ServiceQuotaExceededException");
    assert!(reply.message().contains("100"));
    assert_eq!(batch_get(&router, &d, &id).await["deleted"], false);
}

#[tokio::test]
async fn deleted_fields_leave_templates_and_are_refused_by_create_case() {
    let router = mock();
    let d = domain(&router).await;
    let id = create_field(&router, &d, "needed", "Text").await;
    let template = post(
        &router,
        &format!("/domains/{d}/templates"),
        json!({"name": "t", "requiredFields": [{"fieldId": id}, {"fieldId": "summary"}]}),
    )
    .await
    .assert_ok()["templateId"]
        .as_str()
        .expect("templateId")
        .to_owned();
    delete(&router, &format!("/domains/{d}/fields/{id}"))
        .await
        .assert_ok();

    let got = post(
        &router,
        &format!("/domains/{d}/templates/{template}"),
        json!({}),
    )
    .await;
    assert_eq!(
        got.assert_ok()["requiredFields"],
        json!([{"fieldId": "summary"}])
    );
    let base = [
        json!({"id": "title", "value": {"stringValue": "t"}}),
        json!({"id": "customer_id", "value": {"stringValue": "c"}}),
        json!({"id": "summary", "value": {"stringValue": "s"}}),
    ];
    // No longer required ...
    post(
        &router,
        &format!("/domains/{d}/cases"),
        json!({"templateId": template, "fields": base}),
    )
    .await
    .assert_ok();
    // ... and refused when set.
    let mut fields = base.to_vec();
    fields.push(json!({"id": id, "value": {"stringValue": "v"}}));
    let reply = post(
        &router,
        &format!("/domains/{d}/cases"),
        json!({"templateId": template, "fields": fields}),
    )
    .await;
    reply.assert_validation("'fields[3].id'");
    assert!(reply.message().contains("deleted"), "{}", reply.message());
    // A new template cannot require it either.
    post(
        &router,
        &format!("/domains/{d}/templates"),
        json!({"name": "t2", "requiredFields": [{"fieldId": id}]}),
    )
    .await
    .assert_validation("'requiredFields[0].fieldId'");
}

// ---------------------------------------------------------------- field options

fn option(name: &str, value: &str, active: bool) -> Value {
    json!({"name": name, "value": value, "active": active})
}

#[tokio::test]
async fn batch_put_field_options_creates_and_updates_by_value() {
    let router = mock();
    let d = domain(&router).await;
    let id = create_field(&router, &d, "tier", "SingleSelect").await;
    let put_path = format!("/domains/{d}/fields/{id}/options");
    let list_path = format!("/domains/{d}/fields/{id}/options-list");

    let reply = put(
        &router,
        &put_path,
        json!({"options": [option("Gold", "gold", true), option("Silver", "silver", true)]}),
    )
    .await;
    assert_eq!(reply.assert_ok(), &json!({"errors": []}));
    let listed = post(&router, &list_path, json!({})).await;
    assert_eq!(
        listed.assert_ok(),
        &json!({"options": [option("Gold", "gold", true), option("Silver", "silver", true)]})
    );

    // Updating keeps the position, a new value is appended.
    put(
        &router,
        &put_path,
        json!({"options": [option("Bronze", "bronze", true), option("Gold (old)", "gold", false)]}),
    )
    .await
    .assert_ok();
    let listed = post(&router, &list_path, json!({})).await;
    assert_eq!(
        listed.assert_ok()["options"],
        json!([
            option("Gold (old)", "gold", false),
            option("Silver", "silver", true),
            option("Bronze", "bronze", true)
        ])
    );

    // Filter by value.
    let one = post(&router, &format!("{list_path}?values=silver"), json!({})).await;
    assert_eq!(
        one.assert_ok()["options"],
        json!([option("Silver", "silver", true)])
    );
    let none = post(&router, &format!("{list_path}?values=platinum"), json!({})).await;
    assert_eq!(none.assert_ok(), &json!({"options": []}));

    // An empty list changes nothing.
    put(&router, &put_path, json!({"options": []}))
        .await
        .assert_ok();
    let listed = post(&router, &list_path, json!({})).await;
    assert_eq!(
        listed.assert_ok()["options"].as_array().map(Vec::len),
        Some(3)
    );
}

#[tokio::test]
async fn batch_put_field_options_reports_per_option_errors() {
    let router = mock();
    let d = domain(&router).await;
    let id = create_field(&router, &d, "tier", "SingleSelect").await;
    let reply = put(
        &router,
        &format!("/domains/{d}/fields/{id}/options"),
        json!({"options": [
            option("Ok", "ok-1", true),
            option("Spaces", "has space", true),
            option("Again", "ok-1", false),
            option("Fine", "fine_2", true)
        ]}),
    )
    .await;
    let body = reply.assert_ok();
    let errors = body["errors"].as_array().expect("errors");
    assert_eq!(errors.len(), 2, "{body}");
    assert_eq!(errors[0]["value"], "has space");
    assert_eq!(errors[0]["errorCode"], "InvalidValue");
    assert_eq!(errors[1]["value"], "ok-1");
    assert_eq!(errors[1]["errorCode"], "DuplicateValue");
    assert!(
        errors
            .iter()
            .all(|e| e["message"].as_str().is_some_and(|m| !m.is_empty()))
    );
    let listed = post(
        &router,
        &format!("/domains/{d}/fields/{id}/options-list"),
        json!({}),
    )
    .await;
    assert_eq!(
        listed.assert_ok()["options"],
        json!([option("Ok", "ok-1", true), option("Fine", "fine_2", true)])
    );
}

#[tokio::test]
async fn batch_put_field_options_errors() {
    let router = mock();
    let d = domain(&router).await;
    let text = create_field(&router, &d, "text", "Text").await;
    let select = create_field(&router, &d, "select", "SingleSelect").await;
    let good = json!({"options": [option("A", "a", true)]});
    let path = |f: &str| format!("/domains/{d}/fields/{f}/options");

    put(&router, &path(&text), good.clone())
        .await
        .assert_validation("'fieldId'");
    put(&router, &path("nope"), good.clone())
        .await
        .assert_not_found("Field", "nope");
    put(&router, "/domains/nope/fields/f/options", good.clone())
        .await
        .assert_not_found("Domain", "nope");
    put(&router, &path(&select), json!({}))
        .await
        .assert_validation("'options'");
    put(
        &router,
        &path(&select),
        json!({"options": [{"name": "A", "value": "a"}]}),
    )
    .await
    .assert_validation("'options[0].active'");
    put(
        &router,
        &path(&select),
        json!({"options": [option("A ", "a", true)]}),
    )
    .await
    .assert_validation("'options[0].name'");
    put(
        &router,
        &path(&select),
        json!({"options": [option("A", &"v".repeat(101), true)]}),
    )
    .await
    .assert_validation("'options[0].value'");
    let many: Vec<Value> = (0..51)
        .map(|i| option("n", &format!("v{i}"), true))
        .collect();
    put(&router, &path(&select), json!({"options": many}))
        .await
        .assert_validation("'options'");

    delete(&router, &format!("/domains/{d}/fields/{select}"))
        .await
        .assert_ok();
    put(&router, &path(&select), good)
        .await
        .assert_validation("'fieldId'");
}

#[tokio::test]
async fn list_field_options_pages_to_the_end_without_duplicates() {
    let router = mock();
    let d = domain(&router).await;
    let id = create_field(&router, &d, "many", "SingleSelect").await;
    for batch in 0..3 {
        let options: Vec<Value> = (0..9)
            .map(|i| {
                option(
                    &format!("Option {batch}.{i}"),
                    &format!("v{batch}-{i}"),
                    i % 2 == 0,
                )
            })
            .collect();
        put(
            &router,
            &format!("/domains/{d}/fields/{id}/options"),
            json!({"options": options}),
        )
        .await
        .assert_ok();
    }
    let path = format!("/domains/{d}/fields/{id}/options-list");
    let full = walk(&router, &path, "", 100, "options").await;
    assert_eq!(full.len(), 27);
    for size in [1, 2, 5, 26, 27] {
        let all = walk(&router, &path, "", size, "options").await;
        assert_eq!(all, full, "page size {size}");
        let values: HashSet<&str> = all
            .iter()
            .map(|o| o["value"].as_str().unwrap_or(""))
            .collect();
        assert_eq!(values.len(), 27, "page size {size}");
    }
    let filtered = walk(&router, &path, "&values=v2-8", 1, "options").await;
    assert_eq!(filtered, [option("Option 2.8", "v2-8", true)]);

    // A token belongs to its field and filter.
    let first = post(&router, &format!("{path}?maxResults=2"), json!({})).await;
    let token = first.assert_ok()["nextToken"]
        .as_str()
        .expect("token")
        .to_owned();
    post(
        &router,
        &format!("{path}?nextToken={token}&values=v0-1"),
        json!({}),
    )
    .await
    .assert_validation("nextToken");
    let other = create_field(&router, &d, "other", "SingleSelect").await;
    post(
        &router,
        &format!("/domains/{d}/fields/{other}/options-list?nextToken={token}"),
        json!({}),
    )
    .await
    .assert_validation("nextToken");
    post(&router, &format!("{path}?nextToken=garbage"), json!({}))
        .await
        .assert_validation("nextToken");
}

#[tokio::test]
async fn list_field_options_errors_and_other_fields() {
    let router = mock();
    let d = domain(&router).await;
    let text = create_field(&router, &d, "text", "Text").await;
    let reply = post(
        &router,
        &format!("/domains/{d}/fields/{text}/options-list"),
        json!({}),
    )
    .await;
    assert_eq!(reply.assert_ok(), &json!({"options": []}));
    post(
        &router,
        &format!("/domains/{d}/fields/nope/options-list"),
        json!({}),
    )
    .await
    .assert_not_found("Field", "nope");
    post(
        &router,
        "/domains/nope/fields/title/options-list",
        json!({}),
    )
    .await
    .assert_not_found("Domain", "nope");
    let path = format!("/domains/{d}/fields/status/options-list");
    for (query, member) in [
        ("maxResults=0", "'maxResults'"),
        ("maxResults=101", "'maxResults'"),
        ("maxResults=x", "maxResults"),
        ("values=a&values=b", "'values'"),
    ] {
        post(&router, &format!("{path}?{query}"), json!({}))
            .await
            .assert_validation(member);
    }
    let long = "v".repeat(101);
    post(&router, &format!("{path}?values={long}"), json!({}))
        .await
        .assert_validation("'values[0]'");
    // A deleted SingleSelect field still lists its options.
    let select = create_field(&router, &d, "select", "SingleSelect").await;
    put(
        &router,
        &format!("/domains/{d}/fields/{select}/options"),
        json!({"options": [option("A", "a", true)]}),
    )
    .await
    .assert_ok();
    delete(&router, &format!("/domains/{d}/fields/{select}"))
        .await
        .assert_ok();
    let reply = post(
        &router,
        &format!("/domains/{d}/fields/{select}/options-list"),
        json!({}),
    )
    .await;
    assert_eq!(
        reply.assert_ok()["options"],
        json!([option("A", "a", true)])
    );
}

// ---------------------------------------------------------------- layouts

fn content(top: &[&str], more: &[&str]) -> Value {
    let group = |name: &str, ids: &[&str]| {
        json!({"sections": [{"fieldGroup": {
            "name": name,
            "fields": ids.iter().map(|id| json!({"id": id})).collect::<Vec<_>>()
        }}]})
    };
    json!({"basic": {"topPanel": group("Top", top), "moreInfo": group("More", more)}})
}

async fn create_layout(router: &Router, domain: &str, name: &str, body: Value) -> Reply {
    post(
        router,
        &format!("/domains/{domain}/layouts"),
        json!({"name": name, "content": body}),
    )
    .await
}

async fn layout_id(router: &Router, domain: &str, name: &str, body: Value) -> String {
    create_layout(router, domain, name, body).await.assert_ok()["layoutId"]
        .as_str()
        .expect("layoutId")
        .to_owned()
}

async fn get_layout(router: &Router, domain: &str, id: &str) -> Value {
    post(
        router,
        &format!("/domains/{domain}/layouts/{id}"),
        json!({}),
    )
    .await
    .assert_ok()
    .clone()
}

#[tokio::test]
async fn create_and_get_layout() {
    let router = mock();
    let d = domain(&router).await;
    let custom = create_field(&router, &d, "tier", "Text").await;
    let body = content(&["summary", &custom], &["assigned_user"]);
    let reply = create_layout(&router, &d, "Agent view", body.clone()).await;
    let created = reply.assert_ok();
    let id = created["layoutId"].as_str().expect("layoutId");
    assert_eq!(
        created["layoutArn"],
        format!("arn:aws:cases:us-east-1:123456789012:domain/{d}/layout/{id}")
    );
    let got = get_layout(&router, &d, id).await;
    assert_eq!(got["content"], body);
    assert_eq!(got["name"], "Agent view");
    assert_eq!(got["layoutId"], *id);
    assert_eq!(got["layoutArn"], created["layoutArn"]);
    assert_eq!(got["deleted"], false);
    assert_eq!(got["tags"], json!({}));
    assert_eq!(got["createdTime"], got["lastModifiedTime"]);
    assert!(
        got["createdTime"]
            .as_str()
            .is_some_and(|t| t.ends_with('Z'))
    );

    // Panels, sections and group names that were not given are not invented.
    let sparse = json!({"basic": {"moreInfo": {"sections": [{"fieldGroup": {"fields": []}}]}}});
    let id = layout_id(&router, &d, "sparse", sparse.clone()).await;
    assert_eq!(get_layout(&router, &d, &id).await["content"], sparse);
    let empty = json!({"basic": {}});
    let id = layout_id(&router, &d, "empty", empty.clone()).await;
    assert_eq!(get_layout(&router, &d, &id).await["content"], empty);
}

#[tokio::test]
async fn create_layout_errors() {
    let router = mock();
    let d = domain(&router).await;
    layout_id(&router, &d, "taken", content(&["summary"], &[])).await;
    let reply = create_layout(&router, &d, "taken", content(&[], &[])).await;
    assert_eq!(reply.status, StatusCode::CONFLICT, "{reply:?}");
    assert_eq!(reply.error_type(), "ConflictException");

    create_layout(&router, &d, "x", content(&["summary", "nope"], &[]))
        .await
        .assert_validation("'content.basic.topPanel.sections[0].fieldGroup.fields[1].id'");
    create_layout(&router, &d, "x", content(&[], &["status"]))
        .await
        .assert_validation("'content.basic.moreInfo.sections[0].fieldGroup.fields[0].id'");
    create_layout(&router, &d, "x", content(&["title"], &[]))
        .await
        .assert_validation("'content.basic.topPanel.sections[0].fieldGroup.fields[0].id'");
    create_layout(&router, &d, "x", content(&["summary"], &["summary"]))
        .await
        .assert_validation("'content.basic.moreInfo.sections[0].fieldGroup.fields[0].id'");
    create_layout(&router, &d, "x", json!({}))
        .await
        .assert_validation("'content'");
    create_layout(
        &router,
        &d,
        "x",
        json!({"basic": {"topPanel": {"sections": [{}]}}}),
    )
    .await
    .assert_validation("'content.basic.topPanel.sections[0]'");
    create_layout(&router, &d, "x ", content(&[], &[]))
        .await
        .assert_validation("'name'");
    post(
        &router,
        &format!("/domains/{d}/layouts"),
        json!({"name": "x"}),
    )
    .await
    .assert_validation("'content'");
    post(
        &router,
        &format!("/domains/{d}/layouts"),
        json!({"content": {"basic": {}}}),
    )
    .await
    .assert_validation("'name'");
    create_layout(&router, "nope", "x", content(&[], &[]))
        .await
        .assert_not_found("Domain", "nope");
    let gone = create_field(&router, &d, "gone", "Text").await;
    delete(&router, &format!("/domains/{d}/fields/{gone}"))
        .await
        .assert_ok();
    create_layout(&router, &d, "x", content(&[&gone], &[]))
        .await
        .assert_validation("'content.basic.topPanel.sections[0].fieldGroup.fields[0].id'");
}

#[tokio::test]
async fn get_layout_errors_and_deleted_fields() {
    let router = mock();
    let d = domain(&router).await;
    post(&router, &format!("/domains/{d}/layouts/nope"), json!({}))
        .await
        .assert_not_found("Layout", "nope");
    post(&router, "/domains/nope/layouts/l", json!({}))
        .await
        .assert_not_found("Domain", "nope");
    let long = "l".repeat(501);
    post(&router, &format!("/domains/{d}/layouts/{long}"), json!({}))
        .await
        .assert_validation("'layoutId'");

    let doomed = create_field(&router, &d, "doomed", "Text").await;
    let id = layout_id(
        &router,
        &d,
        "L",
        content(&["summary", &doomed], &["case_reason"]),
    )
    .await;
    delete(&router, &format!("/domains/{d}/fields/{doomed}"))
        .await
        .assert_ok();
    assert_eq!(
        get_layout(&router, &d, &id).await["content"],
        content(&["summary"], &["case_reason"])
    );
}

#[tokio::test]
async fn update_layout_replaces_only_what_is_given() {
    let router = mock();
    let d = domain(&router).await;
    let original = content(&["summary"], &["case_reason"]);
    let id = layout_id(&router, &d, "before", original.clone()).await;
    let before = get_layout(&router, &d, &id).await;
    let path = format!("/domains/{d}/layouts/{id}");

    assert_eq!(
        put(&router, &path, json!({"name": "after"}))
            .await
            .assert_ok(),
        &json!({})
    );
    let got = get_layout(&router, &d, &id).await;
    assert_eq!(got["name"], "after");
    assert_eq!(got["content"], original);
    assert_eq!(got["createdTime"], before["createdTime"]);
    assert_eq!(got["layoutArn"], before["layoutArn"]);
    assert!(got["lastModifiedTime"].as_str() >= before["lastModifiedTime"].as_str());

    let replaced = json!({"basic": {"topPanel": {"sections": [{"fieldGroup": {"fields": [{"id": "customer_id"}]}}]}}});
    put(&router, &path, json!({"content": replaced.clone()}))
        .await
        .assert_ok();
    let got = get_layout(&router, &d, &id).await;
    assert_eq!(got["content"], replaced, "the whole content is replaced");
    assert_eq!(got["name"], "after");

    put(&router, &path, json!({})).await.assert_ok();
    put(&router, &path, json!({"name": "after"}))
        .await
        .assert_ok();
    let listed = post(&router, &format!("/domains/{d}/layouts-list"), json!({})).await;
    assert_eq!(listed.assert_ok()["layouts"][0]["name"], "after");
}

#[tokio::test]
async fn update_layout_errors() {
    let router = mock();
    let d = domain(&router).await;
    layout_id(&router, &d, "other", content(&[], &[])).await;
    let id = layout_id(&router, &d, "mine", content(&["summary"], &[])).await;
    let path = format!("/domains/{d}/layouts/{id}");

    let reply = put(&router, &path, json!({"name": "other"})).await;
    assert_eq!(reply.status, StatusCode::CONFLICT, "{reply:?}");
    assert_eq!(reply.error_type(), "ConflictException");
    put(&router, &path, json!({"content": content(&["nope"], &[])}))
        .await
        .assert_validation("'content.basic.topPanel.sections[0].fieldGroup.fields[0].id'");
    put(&router, &path, json!({"content": content(&[], &["title"])}))
        .await
        .assert_validation("'content.basic.moreInfo.sections[0].fieldGroup.fields[0].id'");
    put(&router, &path, json!({"content": {}}))
        .await
        .assert_validation("'content'");
    put(&router, &path, json!({"name": ""}))
        .await
        .assert_validation("'name'");
    let got = get_layout(&router, &d, &id).await;
    assert_eq!(got["name"], "mine");
    assert_eq!(got["content"], content(&["summary"], &[]));

    put(
        &router,
        &format!("/domains/{d}/layouts/nope"),
        json!({"name": "n"}),
    )
    .await
    .assert_not_found("Layout", "nope");
    put(
        &router,
        &format!("/domains/nope/layouts/{id}"),
        json!({"name": "n"}),
    )
    .await
    .assert_not_found("Domain", "nope");
    delete(&router, &path).await.assert_ok();
    put(&router, &path, json!({"name": "revived"}))
        .await
        .assert_validation("'layoutId'");
}

#[tokio::test]
async fn delete_layout_hides_it_from_the_listing_only() {
    let router = mock();
    let d = domain(&router).await;
    let keep = layout_id(&router, &d, "keep", content(&[], &[])).await;
    let gone = layout_id(&router, &d, "gone", content(&["summary"], &[])).await;
    let path = format!("/domains/{d}/layouts/{gone}");
    assert_eq!(delete(&router, &path).await.assert_ok(), &json!({}));

    let listed = post(&router, &format!("/domains/{d}/layouts-list"), json!({})).await;
    let layouts = listed.assert_ok()["layouts"].clone();
    assert_eq!(layouts.as_array().map(Vec::len), Some(1), "{layouts}");
    assert_eq!(layouts[0]["layoutId"], keep);
    let got = get_layout(&router, &d, &gone).await;
    assert_eq!(got["deleted"], true);
    assert_eq!(got["name"], "gone");
    // Again: idempotent. The name is free again.
    delete(&router, &path).await.assert_ok();
    layout_id(&router, &d, "gone", content(&[], &[])).await;
}

#[tokio::test]
async fn delete_layout_errors_and_quota() {
    let router = mock();
    let d = domain(&router).await;
    delete(&router, &format!("/domains/{d}/layouts/nope"))
        .await
        .assert_not_found("Layout", "nope");
    delete(&router, "/domains/nope/layouts/l")
        .await
        .assert_not_found("Domain", "nope");

    let used = layout_id(&router, &d, "used", content(&[], &[])).await;
    post(
        &router,
        &format!("/domains/{d}/templates"),
        json!({"name": "t", "layoutConfiguration": {"defaultLayout": used}}),
    )
    .await
    .assert_ok();
    let reply = delete(&router, &format!("/domains/{d}/layouts/{used}")).await;
    assert_eq!(reply.status, StatusCode::CONFLICT, "{reply:?}");
    assert_eq!(reply.error_type(), "ConflictException");
    assert!(reply.message().contains(&used));
    assert_eq!(get_layout(&router, &d, &used).await["deleted"], false);

    for i in 0..100 {
        let id = layout_id(&router, &d, &format!("l{i}"), json!({"basic": {}})).await;
        delete(&router, &format!("/domains/{d}/layouts/{id}"))
            .await
            .assert_ok();
    }
    let id = layout_id(&router, &d, "one too many", json!({"basic": {}})).await;
    let reply = delete(&router, &format!("/domains/{d}/layouts/{id}")).await;
    assert_eq!(reply.status, StatusCode::PAYMENT_REQUIRED, "{reply:?}");
    assert_eq!(reply.error_type(), "ServiceQuotaExceededException");
    assert_eq!(get_layout(&router, &d, &id).await["deleted"], false);
}

#[tokio::test]
async fn list_layouts_pages_to_the_end_without_duplicates() {
    let router = mock();
    let d = domain(&router).await;
    let path = format!("/domains/{d}/layouts-list");
    assert_eq!(
        post(&router, &path, json!({})).await.assert_ok(),
        &json!({"layouts": []})
    );
    let mut ids = Vec::new();
    for i in 0..13 {
        ids.push(layout_id(&router, &d, &format!("layout {i}"), json!({"basic": {}})).await);
    }
    // Deleted ones are skipped.
    for id in [&ids[0], &ids[6], &ids[12]] {
        delete(&router, &format!("/domains/{d}/layouts/{id}"))
            .await
            .assert_ok();
    }
    let live: Vec<&String> = ids
        .iter()
        .enumerate()
        .filter(|(i, _)| ![0, 6, 12].contains(i))
        .map(|(_, id)| id)
        .collect();
    for size in [1, 2, 3, 9, 10, 100] {
        let all = walk(&router, &path, "", size, "layouts").await;
        let got: Vec<&str> = all
            .iter()
            .map(|l| l["layoutId"].as_str().unwrap_or(""))
            .collect();
        assert_eq!(got, live, "page size {size}");
        for l in &all {
            assert!(
                l["layoutArn"]
                    .as_str()
                    .is_some_and(|a| a.ends_with(l["layoutId"].as_str().unwrap_or("?")))
            );
            assert!(l["name"].as_str().is_some_and(|n| n.starts_with("layout ")));
        }
    }
    for (query, member) in [
        ("maxResults=0", "'maxResults'"),
        ("maxResults=101", "'maxResults'"),
        ("nextToken=garbage", "nextToken"),
    ] {
        post(&router, &format!("{path}?{query}"), json!({}))
            .await
            .assert_validation(member);
    }
    post(&router, "/domains/nope/layouts-list", json!({}))
        .await
        .assert_not_found("Domain", "nope");
    // A ListFields token is not a ListLayouts token.
    let fields = post(
        &router,
        &format!("/domains/{d}/fields-list?maxResults=1"),
        json!({}),
    )
    .await;
    let token = fields.assert_ok()["nextToken"]
        .as_str()
        .expect("token")
        .to_owned();
    post(&router, &format!("{path}?nextToken={token}"), json!({}))
        .await
        .assert_validation("nextToken");
}

#[tokio::test]
async fn layouts_are_per_domain() {
    let router = mock();
    let f = fixture(&router).await;
    let other = domain(&router).await;
    let id = layout_id(&router, &f.domain, "L", json!({"basic": {}})).await;
    post(
        &router,
        &format!("/domains/{other}/layouts/{id}"),
        json!({}),
    )
    .await
    .assert_not_found("Layout", &id);
    // The same name in another domain is no conflict.
    layout_id(&router, &other, "L", json!({"basic": {}})).await;
}

#[tokio::test]
async fn a_layout_whose_template_was_deleted_can_be_deleted() {
    let router = mock();
    let d = domain(&router).await;
    let used = layout_id(&router, &d, "used", content(&[], &[])).await;
    let template = post(
        &router,
        &format!("/domains/{d}/templates"),
        json!({"name": "t", "layoutConfiguration": {"defaultLayout": used}}),
    )
    .await
    .assert_ok()["templateId"]
        .as_str()
        .expect("templateId")
        .to_string();
    let path = format!("/domains/{d}/layouts/{used}");
    assert_eq!(delete(&router, &path).await.status, StatusCode::CONFLICT);
    delete(&router, &format!("/domains/{d}/templates/{template}"))
        .await
        .assert_ok();
    delete(&router, &path).await.assert_ok();
    assert_eq!(get_layout(&router, &d, &used).await["deleted"], true);
}
