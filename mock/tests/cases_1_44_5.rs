//! The case operations of 1.44.5 over raw HTTP (`oneshot`): DeleteCase, BatchUpdateCase,
//! StartMergeCases and GetMergeCasesStatus (successes, 400s naming the member, 404s
//! naming the resource, 409s, what a deletion and a merge leave behind), and the 1.44.5
//! deltas of CreateCase and UpdateCase, each accepted at 1.44.5 and refused (or, for a
//! plain unknown member, ignored) at 1.34.98.

mod common;

use std::time::Duration;

use axum::Router;
use axum::http::StatusCode;
use cases_mock::{MockConfig, MockRelease};
use common::{Fixture, Reply, fixture, item_body, post, send_raw};
use serde_json::{Value, json};

const CUSTOMER: &str = "arn:aws:profile:us-east-1:123456789012:domains/p/profiles/x";
const OTHER_CUSTOMER: &str = "arn:aws:profile:us-east-1:123456789012:domains/p/profiles/y";
const CONTACT: &str = "arn:aws:connect:us-east-1:123456789012:instance/i/contact/c-1";

fn mock_at(release: MockRelease) -> Router {
    cases_mock::router(MockConfig {
        release,
        ..MockConfig::default()
    })
}

fn today() -> Router {
    mock_at(MockRelease::V1_44_5)
}

async fn put(router: &Router, path: &str, body: Value) -> Reply {
    send_raw(router, "PUT", path, body.to_string()).await
}

async fn delete(router: &Router, path: &str) -> Reply {
    send_raw(router, "DELETE", path, "").await
}

async fn new_case(router: &Router, fx: &Fixture, title: &str, extra: Value) -> String {
    let mut fields = vec![
        json!({"id": "title", "value": {"stringValue": title}}),
        json!({"id": "customer_id", "value": {"stringValue": CUSTOMER}}),
    ];
    fields.extend(extra.as_array().cloned().unwrap_or_default());
    let reply = post(
        router,
        &format!("/domains/{}/cases", fx.domain),
        json!({"templateId": fx.template, "fields": fields}),
    )
    .await;
    reply.assert_ok()["caseId"]
        .as_str()
        .expect("caseId")
        .to_owned()
}

fn case_path(fx: &Fixture, case: &str, suffix: &str) -> String {
    format!("/domains/{}/cases/{case}{suffix}", fx.domain)
}

async fn get_fields(router: &Router, fx: &Fixture, case: &str, ids: &[&str]) -> Value {
    let fields: Vec<Value> = ids.iter().map(|id| json!({"id": id})).collect();
    let reply = post(router, &case_path(fx, case, ""), json!({"fields": fields})).await;
    let mut out = serde_json::Map::new();
    for f in reply.assert_ok()["fields"].as_array().expect("fields") {
        out.insert(f["id"].as_str().expect("id").to_owned(), f["value"].clone());
    }
    Value::Object(out)
}

async fn add_item(router: &Router, fx: &Fixture, case: &str, body: Value) -> String {
    let reply = post(router, &case_path(fx, case, "/related-items/"), body).await;
    reply.assert_ok()["relatedItemId"]
        .as_str()
        .expect("relatedItemId")
        .to_owned()
}

async fn items(router: &Router, fx: &Fixture, case: &str) -> Vec<Value> {
    let reply = post(
        router,
        &case_path(fx, case, "/related-items-search"),
        json!({}),
    )
    .await;
    reply.assert_ok()["relatedItems"]
        .as_array()
        .expect("items")
        .clone()
}

async fn audit(router: &Router, fx: &Fixture, case: &str) -> Vec<Value> {
    let reply = post(router, &case_path(fx, case, "/audit-history"), json!({})).await;
    reply.assert_ok()["auditEvents"]
        .as_array()
        .expect("events")
        .clone()
}

async fn search_ids(router: &Router, fx: &Fixture) -> Vec<String> {
    let reply = post(
        router,
        &format!("/domains/{}/cases-search", fx.domain),
        json!({}),
    )
    .await;
    reply.assert_ok()["cases"]
        .as_array()
        .expect("cases")
        .iter()
        .map(|c| c["caseId"].as_str().expect("caseId").to_owned())
        .collect()
}

fn tags_path(arn: &str) -> String {
    let encoded: String = arn
        .chars()
        .map(|c| match c {
            ':' => "%3A".to_owned(),
            '/' => "%2F".to_owned(),
            c => c.to_string(),
        })
        .collect();
    format!("/tags/{encoded}")
}

fn case_arn(fx: &Fixture, case: &str) -> String {
    format!(
        "arn:aws:cases:us-east-1:123456789012:domain/{}/case/{case}",
        fx.domain
    )
}

// ---------------------------------------------------------------- DeleteCase

#[tokio::test]
async fn delete_case_removes_the_case_its_items_audit_and_tags() {
    let router = today();
    let fx = fixture(&router).await;
    let other = new_case(&router, &fx, "stays", json!([])).await;
    let contact = json!({"type": "Contact", "content": {"contact": {"contactArn": CONTACT}}});
    add_item(&router, &fx, &fx.case, contact.clone()).await;
    add_item(&router, &fx, &other, contact).await;
    post(
        &router,
        &tags_path(&case_arn(&fx, &fx.case)),
        json!({"tags": {"k": "v"}}),
    )
    .await
    .assert_ok();

    let reply = delete(&router, &fx.case_path("")).await;
    assert_eq!(reply.assert_ok(), &json!({}));

    post(
        &router,
        &fx.case_path(""),
        json!({"fields": [{"id": "title"}]}),
    )
    .await
    .assert_not_found("Case", &fx.case);
    post(&router, &fx.search_path(), json!({}))
        .await
        .assert_not_found("Case", &fx.case);
    post(&router, &fx.audit_path(), json!({}))
        .await
        .assert_not_found("Case", &fx.case);
    post(&router, &fx.items_path(), item_body("Comment", 1))
        .await
        .assert_not_found("Case", &fx.case);
    put(
        &router,
        &fx.case_path(""),
        json!({"fields": [{"id": "title", "value": {"stringValue": "x"}}]}),
    )
    .await
    .assert_not_found("Case", &fx.case);
    assert_eq!(search_ids(&router, &fx).await, std::slice::from_ref(&other));
    let listed = post(
        &router,
        &format!("/domains/{}/list-cases-for-contact", fx.domain),
        json!({"contactArn": CONTACT}),
    )
    .await;
    let listed: Vec<&str> = listed.assert_ok()["cases"]
        .as_array()
        .expect("cases")
        .iter()
        .map(|c| c["caseId"].as_str().expect("caseId"))
        .collect();
    assert_eq!(listed, [other.as_str()]);
    let arn = case_arn(&fx, &fx.case);
    send_raw(&router, "GET", &tags_path(&arn), "")
        .await
        .assert_not_found("Case", &arn);
    // Deleting again: the case is gone.
    delete(&router, &fx.case_path(""))
        .await
        .assert_not_found("Case", &fx.case);
    // A new case gets a fresh reference number despite the deletion.
    let next = new_case(&router, &fx, "next", json!([])).await;
    let refs = [
        get_fields(&router, &fx, &other, &["reference_number"]).await,
        get_fields(&router, &fx, &next, &["reference_number"]).await,
    ];
    assert_ne!(refs[0], refs[1]);
}

#[tokio::test]
async fn delete_case_errors_name_the_resource_or_member() {
    let router = today();
    let fx = fixture(&router).await;
    delete(&router, &format!("/domains/nope/cases/{}", fx.case))
        .await
        .assert_not_found("Domain", "nope");
    delete(&router, &case_path(&fx, "missing", ""))
        .await
        .assert_not_found("Case", "missing");
    // `CaseId`'s 1.44.5 pattern refuses a space.
    delete(&router, &case_path(&fx, "a%20b", ""))
        .await
        .assert_validation("caseId");
    let reply = send_raw(&router, "DELETE", &fx.case_path(""), "[1]").await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{reply:?}");
}

#[tokio::test]
async fn deleting_cases_during_a_walk_neither_skips_nor_invalidates_the_token() {
    let router = today();
    let contact = json!({"type": "Contact", "content": {"contact": {"contactArn": CONTACT}}});
    // SearchCases (creation order without sorts) and ListCasesForContact, each in a domain
    // of its own with six cases that all have the contact, walked two a page.
    for listing in ["cases-search", "list-cases-for-contact"] {
        let fx = fixture(&router).await;
        let mut cases = vec![fx.case.clone()];
        for n in 0..5 {
            cases.push(new_case(&router, &fx, &format!("case {n}"), json!([])).await);
        }
        for case in &cases {
            add_item(&router, &fx, case, contact.clone()).await;
        }
        let path = format!("/domains/{}/{listing}", fx.domain);
        let page = async |token: Option<&str>| -> (Vec<String>, Option<String>) {
            let mut body = json!({"maxResults": 2});
            if listing == "list-cases-for-contact" {
                body["contactArn"] = json!(CONTACT);
            }
            if let Some(t) = token {
                body["nextToken"] = json!(t);
            }
            let reply = post(&router, &path, body).await;
            let body = reply.assert_ok();
            let ids = body["cases"]
                .as_array()
                .expect("cases")
                .iter()
                .map(|c| c["caseId"].as_str().expect("caseId").to_owned())
                .collect();
            (ids, body["nextToken"].as_str().map(str::to_owned))
        };
        let (first, token) = page(None).await;
        assert_eq!(first, cases[0..2], "{listing}");
        // Deleting a case the walk has passed moves nothing after it.
        delete(&router, &case_path(&fx, &cases[0], ""))
            .await
            .assert_ok();
        let (second, token) = page(token.as_deref()).await;
        assert_eq!(second, cases[2..4], "{listing}: nothing skipped");
        // Deleting more cases than the walk has left leaves its token valid.
        for case in &cases[1..4] {
            delete(&router, &case_path(&fx, case, "")).await.assert_ok();
        }
        let (third, token) = page(token.as_deref()).await;
        assert_eq!(third, cases[4..6], "{listing}");
        assert_eq!(token, None, "{listing}");
    }
}

// ---------------------------------------------------------------- CreateCase deltas

#[tokio::test]
async fn create_case_tags_and_custom_entity_at_1_44_5() {
    let router = today();
    let fx = fixture(&router).await;
    let reply = post(
        &router,
        &format!("/domains/{}/cases", fx.domain),
        json!({
            "templateId": fx.template,
            "fields": [
                {"id": "title", "value": {"stringValue": "tagged"}},
                {"id": "customer_id", "value": {"stringValue": CUSTOMER}},
                {"id": "summary", "value": {"stringValue": "s".repeat(3000)}}
            ],
            "tags": {"team": "blue", "tier": "1"},
            "performedBy": {"customEntity": "intake-bot"}
        }),
    )
    .await;
    let body = reply.assert_ok();
    let case = body["caseId"].as_str().expect("caseId").to_owned();
    let arn = body["caseArn"].as_str().expect("caseArn").to_owned();
    let tags = send_raw(&router, "GET", &tags_path(&arn), "").await;
    assert_eq!(
        tags.assert_ok()["tags"],
        json!({"team": "blue", "tier": "1"})
    );
    let got = post(
        &router,
        &case_path(&fx, &case, ""),
        json!({"fields": [{"id": "summary"}]}),
    )
    .await;
    assert_eq!(
        got.assert_ok()["tags"],
        json!({"team": "blue", "tier": "1"})
    );
    let events = audit(&router, &fx, &case).await;
    assert_eq!(events[0]["type"], "Case.Created");
    assert_eq!(
        events[0]["performedBy"]["user"],
        json!({"customEntity": "intake-bot"})
    );
    // Audit strings are no longer cut at 500 characters.
    let summary = events[0]["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .find(|f| f["eventFieldId"] == "summary")
        .expect("summary");
    assert_eq!(
        summary["newValue"]["stringValue"].as_str().map(str::len),
        Some(3000)
    );
    // Summary is bounded at 3000; other fields at 4100.
    let reply = put(
        &router,
        &case_path(&fx, &case, ""),
        json!({"fields": [{"id": "summary", "value": {"stringValue": "s".repeat(3001)}}]}),
    )
    .await;
    reply.assert_validation("fields[0].value.stringValue");
    put(
        &router,
        &case_path(&fx, &case, ""),
        json!({"fields": [{"id": "title", "value": {"stringValue": "t".repeat(4100)}}],
               "performedBy": {"customEntity": "updater"}}),
    )
    .await
    .assert_ok();
    let events = audit(&router, &fx, &case).await;
    let updated = events.last().expect("event");
    assert_eq!(updated["type"], "Case.Updated");
    assert_eq!(
        updated["performedBy"]["user"],
        json!({"customEntity": "updater"})
    );
    // Bad tags and entities.
    let reply = post(
        &router,
        &format!("/domains/{}/cases", fx.domain),
        json!({"templateId": fx.template, "fields": [], "tags": {"aws:x": "v"},
               "performedBy": {"customEntity": "trailing "}}),
    )
    .await;
    reply.assert_validation("tags.aws:x");
    assert!(
        reply.message().contains("'performedBy.customEntity'"),
        "{reply:?}"
    );
}

#[tokio::test]
async fn new_members_and_bounds_are_refused_at_1_34_98_and_accepted_at_1_44_5() {
    for release in [MockRelease::V1_34_98, MockRelease::V1_44_5] {
        let router = mock_at(release);
        let fx = fixture(&router).await;
        let new = release == MockRelease::V1_44_5;
        let check = |reply: Reply, member: &str| {
            if new {
                reply.assert_ok();
            } else {
                reply.assert_validation(member);
            }
        };
        let mut many: Vec<Value> = vec![
            json!({"id": "title", "value": {"stringValue": "t"}}),
            json!({"id": "customer_id", "value": {"stringValue": CUSTOMER}}),
        ];
        for i in 0..10 {
            let reply = post(
                &router,
                &format!("/domains/{}/fields", fx.domain),
                json!({"name": format!("f{i}"), "type": "Text"}),
            )
            .await;
            let id = reply.assert_ok()["fieldId"]
                .as_str()
                .expect("id")
                .to_owned();
            many.push(json!({"id": id, "value": {"stringValue": "v"}}));
        }
        // 101 entries: over 1.34.98's bound of 100 (the repeats are refused by the
        // service only once the shape is valid).
        let mut over: Vec<Value> = many.clone();
        while over.len() < 101 {
            over.push(json!({"id": "summary", "value": {"emptyValue": {}}}));
        }
        let reply = post(
            &router,
            &format!("/domains/{}/cases", fx.domain),
            json!({"templateId": fx.template, "fields": over}),
        )
        .await;
        if new {
            // The shape is valid at 1.44.5: what remains is the repeated field.
            reply.assert_validation("fields[13].id");
        } else {
            reply.assert_validation("'fields'");
        }
        let long = json!([{"id": "title", "value": {"stringValue": "t".repeat(4100)}}]);
        let reply = put(&router, &fx.case_path(""), json!({"fields": long})).await;
        check(reply, "fields[0].value.stringValue");
        let reply = put(
            &router,
            &fx.case_path(""),
            json!({"fields": [], "performedBy": {"customEntity": "bot"}}),
        )
        .await;
        check(reply, "performedBy");
        // `tags` is a plain member 1.34.98 lacks: ignored there, as every unknown member.
        let reply = post(
            &router,
            &format!("/domains/{}/cases", fx.domain),
            json!({"templateId": fx.template, "fields": &many[..2], "tags": {"team": "x"}}),
        )
        .await;
        let arn = reply.assert_ok()["caseArn"]
            .as_str()
            .expect("arn")
            .to_owned();
        let tags = send_raw(&router, "GET", &tags_path(&arn), "").await;
        let expected = if new { json!({"team": "x"}) } else { json!({}) };
        assert_eq!(tags.assert_ok()["tags"], expected, "{release}");
        // `CaseId` has a pattern from 1.44.5 only.
        let reply = post(
            &router,
            &case_path(&fx, "a%20b", ""),
            json!({"fields": [{"id": "title"}]}),
        )
        .await;
        if new {
            reply.assert_validation("caseId");
        } else {
            reply.assert_not_found("Case", "a b");
        }
    }
}

#[tokio::test]
async fn the_new_operations_are_unknown_before_1_44_5() {
    let router = mock_at(MockRelease::V1_34_98);
    let fx = fixture(&router).await;
    let calls = [
        ("DELETE", fx.case_path("")),
        ("PUT", "/cases:batchUpdateCase".to_owned()),
        ("POST", fx.case_path("/merge")),
        ("POST", fx.case_path("/merge-status")),
    ];
    for (method, path) in calls {
        let reply = send_raw(&router, method, &path, "{}").await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{method} {path}");
        assert_eq!(
            reply.error_type(),
            "UnknownOperationException",
            "{method} {path}"
        );
    }
    // The case is untouched by the DELETE that matched nothing.
    post(
        &router,
        &fx.case_path(""),
        json!({"fields": [{"id": "title"}]}),
    )
    .await
    .assert_ok();
}

// ---------------------------------------------------------------- BatchUpdateCase

async fn batch(router: &Router, body: Value) -> Reply {
    put(router, "/cases:batchUpdateCase", body).await
}

#[tokio::test]
async fn batch_update_case_updates_each_case_and_reports_partial_failures() {
    let router = today();
    let fx = fixture(&router).await;
    let priority = post(
        &router,
        &format!("/domains/{}/fields", fx.domain),
        json!({"name": "Priority", "type": "Number"}),
    )
    .await;
    let priority = priority.assert_ok()["fieldId"]
        .as_str()
        .expect("id")
        .to_owned();
    let strict = post(
        &router,
        &format!("/domains/{}/templates", fx.domain),
        json!({"name": "strict", "requiredFields": [{"fieldId": priority}]}),
    )
    .await;
    let strict = strict.assert_ok()["templateId"]
        .as_str()
        .expect("id")
        .to_owned();
    let second = new_case(&router, &fx, "second", json!([])).await;
    let strict_case = post(
        &router,
        &format!("/domains/{}/cases", fx.domain),
        json!({"templateId": strict, "fields": [
            {"id": "title", "value": {"stringValue": "strict"}},
            {"id": "customer_id", "value": {"stringValue": CUSTOMER}},
            {"id": priority, "value": {"doubleValue": 1}}
        ]}),
    )
    .await;
    let strict_case = strict_case.assert_ok()["caseId"]
        .as_str()
        .expect("id")
        .to_owned();
    let second_ref = get_fields(&router, &fx, &second, &["reference_number"]).await;
    let second_ref = second_ref["reference_number"]["stringValue"]
        .as_str()
        .expect("reference")
        .to_owned();

    let reply = batch(
        &router,
        json!({
            "domainId": fx.domain,
            "cases": [
                {"caseIdentifier": {"caseId": fx.case}},
                {"caseIdentifier": {"referenceId": second_ref}},
                {"caseIdentifier": {"caseId": "no-such-case"}},
                {"caseIdentifier": {"caseId": strict_case}}
            ],
            "fields": [{"fieldIdentifier": {"name": "Priority"}, "value": {"emptyValue": {}}}],
            "title": "batched",
            "status": "closed",
            "performedBy": {"userArn": "arn:aws:connect:us-east-1:123456789012:instance/i/agent/u"}
        }),
    )
    .await;
    let body = reply.assert_ok();
    assert_eq!(
        body["successfulCases"],
        json!([
            {"caseIdentifier": {"caseId": fx.case, "referenceId": "00000001"}},
            {"caseIdentifier": {"caseId": second, "referenceId": second_ref}}
        ])
    );
    let failed = body["failedCases"].as_array().expect("failed");
    assert_eq!(failed.len(), 2, "{body}");
    assert_eq!(
        failed[0]["caseIdentifier"],
        json!({"caseId": "no-such-case"})
    );
    assert_eq!(failed[0]["errorCode"], "CASE_NOT_FOUND");
    assert_eq!(failed[1]["caseIdentifier"]["caseId"], strict_case.as_str());
    assert_eq!(failed[1]["errorCode"], "VALIDATION_ERROR");
    assert!(
        !failed[1]["errorMessage"]
            .as_str()
            .expect("message")
            .is_empty()
    );

    for case in [&fx.case, &second] {
        let got = get_fields(&router, &fx, case, &["title", "status", &priority]).await;
        assert_eq!(got["title"], json!({"stringValue": "batched"}));
        assert_eq!(got["status"], json!({"stringValue": "closed"}));
        assert_eq!(got[&priority], json!({"emptyValue": {}}));
        let events = audit(&router, &fx, case).await;
        let last = events.last().expect("event");
        assert_eq!(last["type"], "Case.Updated");
        let title = last["fields"]
            .as_array()
            .expect("fields")
            .iter()
            .find(|f| f["eventFieldId"] == "title")
            .expect("title change");
        assert_eq!(title["newValue"], json!({"stringValue": "batched"}));
        assert!(title["oldValue"]["stringValue"].is_string());
    }
    // The failed case is unchanged.
    let got = get_fields(&router, &fx, &strict_case, &["title"]).await;
    assert_eq!(got["title"], json!({"stringValue": "strict"}));
}

#[tokio::test]
async fn batch_update_case_whole_request_failures() {
    let router = today();
    let fx = fixture(&router).await;
    let one = json!([{"caseIdentifier": {"caseId": fx.case}}]);
    let reply = batch(
        &router,
        json!({"domainId": "nope", "cases": one, "fields": [], "title": "t"}),
    )
    .await;
    reply.assert_not_found("Domain", "nope");
    let reply = batch(
        &router,
        json!({"domainId": fx.domain, "cases": [{"caseIdentifier": {"caseId": fx.case}},
            {"caseIdentifier": {"referenceId": "99999999"}}], "fields": [], "title": "t"}),
    )
    .await;
    reply.assert_not_found("Case", "99999999");
    let reply = batch(
        &router,
        json!({"domainId": fx.domain, "cases": [{"caseIdentifier": {"caseId": fx.case}},
            {"caseIdentifier": {"caseId": fx.case}}], "fields": [], "title": "t"}),
    )
    .await;
    reply.assert_validation("cases[1].caseIdentifier");
    batch(
        &router,
        json!({"domainId": fx.domain, "cases": one, "fields": []}),
    )
    .await
    .assert_validation("'fields'");
    let reply = batch(
        &router,
        json!({"domainId": fx.domain, "cases": one,
            "fields": [{"fieldIdentifier": {"name": "Nothing"}, "value": {"stringValue": "x"}}]}),
    )
    .await;
    reply.assert_validation("fields[0].fieldIdentifier");
    let reply = batch(
        &router,
        json!({"domainId": fx.domain, "cases": one,
            "fields": [{"fieldIdentifier": {"id": "customer_id"}, "value": {"stringValue": "x"}}]}),
    )
    .await;
    reply.assert_validation("fields[0].fieldIdentifier.id");
    let reply = batch(
        &router,
        json!({"domainId": fx.domain, "cases": one,
            "fields": [{"fieldIdentifier": {"id": "summary"}, "value": {"doubleValue": 1}}]}),
    )
    .await;
    reply.assert_validation("fields[0].value");
    let reply = batch(&router, json!({"cases": [], "fields": []})).await;
    reply.assert_validation("domainId");
    assert!(reply.message().contains("'cases'"), "{reply:?}");
    // Nothing was applied by any of these.
    let got = get_fields(&router, &fx, &fx.case, &["title"]).await;
    assert_eq!(got["title"], json!({"stringValue": "A case"}));
}

#[tokio::test]
async fn batch_update_case_client_tokens_replay_or_conflict() {
    let router = today();
    let fx = fixture(&router).await;
    let body = json!({"domainId": fx.domain, "cases": [{"caseIdentifier": {"caseId": fx.case}}],
        "fields": [], "title": "first", "clientToken": "tok-1"});
    let first = batch(&router, body.clone()).await;
    let first = first.assert_ok().clone();
    put(
        &router,
        &fx.case_path(""),
        json!({"fields": [{"id": "title", "value": {"stringValue": "changed"}}]}),
    )
    .await
    .assert_ok();
    let again = batch(&router, body).await;
    assert_eq!(again.assert_ok(), &first);
    let got = get_fields(&router, &fx, &fx.case, &["title"]).await;
    assert_eq!(
        got["title"],
        json!({"stringValue": "changed"}),
        "not processed again"
    );
    let reply = batch(
        &router,
        json!({"domainId": fx.domain, "cases": [{"caseIdentifier": {"caseId": fx.case}}],
            "fields": [], "title": "other", "clientToken": "tok-1"}),
    )
    .await;
    assert_eq!(reply.status, StatusCode::CONFLICT, "{reply:?}");
    assert_eq!(reply.error_type(), "ConflictException");
}

// ---------------------------------------------------------------- merges

async fn merge_status(router: &Router, fx: &Fixture, case: &str) -> Reply {
    post(router, &case_path(fx, case, "/merge-status"), json!({})).await
}

/// Polls GetMergeCasesStatus on the secondary case until it reads `COMPLETED`.
async fn wait_merged(router: &Router, fx: &Fixture, secondary: &str) {
    for _ in 0..100 {
        let reply = merge_status(router, fx, secondary).await;
        if reply.assert_ok()["status"] == "COMPLETED" {
            return;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("the merge never completed");
}

#[tokio::test]
async fn a_merge_moves_items_and_values_closes_the_secondary_and_records_case_merged() {
    let router = today();
    let fx = fixture(&router).await;
    let note = post(
        &router,
        &format!("/domains/{}/fields", fx.domain),
        json!({"name": "Note", "type": "Text"}),
    )
    .await;
    let note = note.assert_ok()["fieldId"].as_str().expect("id").to_owned();
    let primary = new_case(
        &router,
        &fx,
        "primary",
        json!([{"id": "summary", "value": {"stringValue": "primary summary"}}]),
    )
    .await;
    let secondary = new_case(
        &router,
        &fx,
        "secondary",
        json!([{"id": "summary", "value": {"stringValue": "secondary summary"}},
               {"id": note, "value": {"stringValue": "from secondary"}},
               {"id": "case_reason", "value": {"stringValue": "billing"}}]),
    )
    .await;
    let shared = json!({"type": "Contact", "content": {"contact": {"contactArn": CONTACT}}});
    let kept = add_item(&router, &fx, &primary, shared.clone()).await;
    let dup = add_item(&router, &fx, &secondary, shared).await;
    let comment = add_item(&router, &fx, &secondary, item_body("Comment", 1)).await;
    let contact = add_item(&router, &fx, &secondary, item_body("Contact", 2)).await;
    let file = add_item(&router, &fx, &secondary, item_body("File", 3)).await;
    let item_arn = |case: &str, item: &str| format!("{}/related-item/{item}", case_arn(&fx, case));
    post(
        &router,
        &tags_path(&item_arn(&secondary, &comment)),
        json!({"tags": {"moved": "yes"}}),
    )
    .await
    .assert_ok();
    post(
        &router,
        &tags_path(&item_arn(&secondary, &dup)),
        json!({"tags": {"only-secondary": "1"}}),
    )
    .await
    .assert_ok();

    let reply = post(
        &router,
        &case_path(&fx, &primary, "/merge"),
        json!({
            "secondaryCaseIds": [secondary],
            "fieldsConfiguration": [{"fieldIds": [{"id": "summary"}], "sourceCaseId": secondary}],
            "relatedItemsConfiguration": {"comment": true, "contact": true},
            "performedBy": {"customEntity": "merger"}
        }),
    )
    .await;
    assert_eq!(reply.assert_ok(), &json!({}));

    // While it runs: both cases report it, the secondary cannot change, the primary
    // cannot be deleted, neither can be merged again.
    for case in [&primary, &secondary] {
        let status = merge_status(&router, &fx, case).await;
        assert_eq!(
            status.assert_ok(),
            &json!({"status": "IN_PROGRESS", "primaryCaseId": primary, "secondaryCaseIds": [secondary]})
        );
    }
    let conflict = |reply: Reply| {
        assert_eq!(reply.status, StatusCode::CONFLICT, "{reply:?}");
        assert_eq!(reply.error_type(), "ConflictException");
    };
    conflict(
        put(
            &router,
            &case_path(&fx, &secondary, ""),
            json!({"fields": [{"id": "title", "value": {"stringValue": "x"}}]}),
        )
        .await,
    );
    conflict(
        post(
            &router,
            &case_path(&fx, &secondary, "/related-items/"),
            item_body("Comment", 9),
        )
        .await,
    );
    // Nor its related items: UpdateRelatedItem and DeleteRelatedItem of its comment.
    let comment_path = case_path(&fx, &secondary, &format!("/related-items/{comment}"));
    conflict(
        put(
            &router,
            &comment_path,
            json!({"content": {"comment": {"body": "edited", "contentType": "Text/Plain"}}}),
        )
        .await,
    );
    conflict(delete(&router, &comment_path).await);
    conflict(delete(&router, &case_path(&fx, &primary, "")).await);
    conflict(delete(&router, &case_path(&fx, &secondary, "")).await);
    let other = new_case(&router, &fx, "other", json!([])).await;
    conflict(
        post(
            &router,
            &case_path(&fx, &other, "/merge"),
            json!({"secondaryCaseIds": [secondary]}),
        )
        .await,
    );
    let reply = batch(
        &router,
        json!({"domainId": fx.domain, "cases": [{"caseIdentifier": {"caseId": secondary}}],
            "fields": [], "title": "x"}),
    )
    .await;
    assert_eq!(reply.assert_ok()["failedCases"][0]["errorCode"], "CONFLICT");
    // The primary may still be modified.
    put(
        &router,
        &case_path(&fx, &primary, ""),
        json!({"fields": [{"id": "title", "value": {"stringValue": "primary!"}}]}),
    )
    .await
    .assert_ok();

    wait_merged(&router, &fx, &secondary).await;
    let done = merge_status(&router, &fx, &secondary).await;
    assert_eq!(
        done.assert_ok(),
        &json!({"status": "COMPLETED", "primaryCaseId": primary, "secondaryCaseIds": [secondary]})
    );
    merge_status(&router, &fx, &primary)
        .await
        .assert_not_found("Case", &primary);

    // Items: the comment and the new contact moved with their ids and tags; the shared
    // contact stays the primary's (with the secondary's extra tag key); the file stays.
    let moved: Vec<String> = items(&router, &fx, &primary)
        .await
        .iter()
        .map(|i| i["relatedItemId"].as_str().expect("id").to_owned())
        .collect();
    assert_eq!(moved, [kept.clone(), comment.clone(), contact.clone()]);
    let left: Vec<String> = items(&router, &fx, &secondary)
        .await
        .iter()
        .map(|i| i["relatedItemId"].as_str().expect("id").to_owned())
        .collect();
    assert_eq!(left, [file]);
    let tags = send_raw(
        &router,
        "GET",
        &tags_path(&item_arn(&primary, &comment)),
        "",
    )
    .await;
    assert_eq!(tags.assert_ok()["tags"], json!({"moved": "yes"}));
    let tags = send_raw(&router, "GET", &tags_path(&item_arn(&primary, &kept)), "").await;
    assert_eq!(tags.assert_ok()["tags"], json!({"only-secondary": "1"}));

    // Values: summary selected (replaced), note and case_reason filled in (the primary
    // had none), title kept; the secondary is closed.
    let got = get_fields(
        &router,
        &fx,
        &primary,
        &["title", "summary", &note, "case_reason"],
    )
    .await;
    assert_eq!(got["title"], json!({"stringValue": "primary!"}));
    assert_eq!(got["summary"], json!({"stringValue": "secondary summary"}));
    assert_eq!(got[&note], json!({"stringValue": "from secondary"}));
    assert_eq!(got["case_reason"], json!({"stringValue": "billing"}));
    let got = get_fields(
        &router,
        &fx,
        &secondary,
        &["status", "last_closed_datetime"],
    )
    .await;
    assert_eq!(got["status"], json!({"stringValue": "closed"}));
    assert!(got["last_closed_datetime"]["stringValue"].is_string());

    // One Case.Merged on each case, with the same mergeMetadata.
    let mut merge_ids = Vec::new();
    for case in [&primary, &secondary] {
        let events = audit(&router, &fx, case).await;
        let merged: Vec<&Value> = events
            .iter()
            .filter(|e| e["type"] == "Case.Merged")
            .collect();
        assert_eq!(merged.len(), 1, "{events:?}");
        let meta = &merged[0]["mergeMetadata"];
        assert_eq!(meta["primaryCaseId"], primary.as_str());
        assert_eq!(meta["secondaryCaseId"], secondary.as_str());
        assert_eq!(
            merged[0]["performedBy"]["user"],
            json!({"customEntity": "merger"})
        );
        merge_ids.push(meta["mergeEventId"].as_str().expect("id").to_owned());
    }
    assert_eq!(merge_ids[0], merge_ids[1]);
    let events = audit(&router, &fx, &primary).await;
    let merged = events
        .iter()
        .find(|e| e["type"] == "Case.Merged")
        .expect("merged");
    let summary = merged["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .find(|f| f["eventFieldId"] == "summary")
        .expect("summary change");
    assert_eq!(
        summary["oldValue"],
        json!({"stringValue": "primary summary"})
    );
    assert_eq!(
        summary["newValue"],
        json!({"stringValue": "secondary summary"})
    );

    // A merged secondary cannot be merged again, but can be reopened and deleted.
    put(
        &router,
        &case_path(&fx, &secondary, ""),
        json!({"fields": [{"id": "status", "value": {"stringValue": "open"}}]}),
    )
    .await
    .assert_ok();
    conflict(
        post(
            &router,
            &case_path(&fx, &other, "/merge"),
            json!({"secondaryCaseIds": [secondary]}),
        )
        .await,
    );
    delete(&router, &case_path(&fx, &secondary, ""))
        .await
        .assert_ok();
    merge_status(&router, &fx, &secondary)
        .await
        .assert_not_found("Case", &secondary);
}

#[tokio::test]
async fn merges_without_configuration_move_nothing() {
    let router = today();
    let fx = fixture(&router).await;
    let secondary = new_case(&router, &fx, "s", json!([])).await;
    let comment = add_item(&router, &fx, &secondary, item_body("Comment", 1)).await;
    post(
        &router,
        &fx.case_path("/merge"),
        json!({"secondaryCaseIds": [secondary]}),
    )
    .await
    .assert_ok();
    wait_merged(&router, &fx, &secondary).await;
    assert!(items(&router, &fx, &fx.case).await.is_empty());
    let left = items(&router, &fx, &secondary).await;
    assert_eq!(left[0]["relatedItemId"], comment.as_str());
}

#[tokio::test]
async fn start_merge_cases_refuses_what_its_documentation_lists() {
    let router = today();
    let fx = fixture(&router).await;
    let start = |primary: String, body: Value| {
        let router = router.clone();
        let path = case_path(&fx, &primary, "/merge");
        async move { post(&router, &path, body).await }
    };
    start(fx.case.clone(), json!({"secondaryCaseIds": [fx.case]}))
        .await
        .assert_validation("secondaryCaseIds[0]");
    start(fx.case.clone(), json!({"secondaryCaseIds": ["missing"]}))
        .await
        .assert_not_found("Case", "missing");
    start("missing".into(), json!({"secondaryCaseIds": [fx.case]}))
        .await
        .assert_not_found("Case", "missing");
    start(fx.case.clone(), json!({"secondaryCaseIds": ["a", "b"]}))
        .await
        .assert_validation("secondaryCaseIds");
    start(fx.case.clone(), json!({}))
        .await
        .assert_validation("secondaryCaseIds");
    let closed = new_case(
        &router,
        &fx,
        "closed",
        json!([{"id": "status", "value": {"stringValue": "closed"}}]),
    )
    .await;
    start(fx.case.clone(), json!({"secondaryCaseIds": [closed]}))
        .await
        .assert_validation("secondaryCaseIds[0]");
    let stranger = post(
        &router,
        &format!("/domains/{}/cases", fx.domain),
        json!({"templateId": fx.template, "fields": [
            {"id": "title", "value": {"stringValue": "stranger"}},
            {"id": "customer_id", "value": {"stringValue": OTHER_CUSTOMER}}]}),
    )
    .await;
    let stranger = stranger.assert_ok()["caseId"]
        .as_str()
        .expect("id")
        .to_owned();
    start(fx.case.clone(), json!({"secondaryCaseIds": [stranger]}))
        .await
        .assert_validation("secondaryCaseIds[0]");
    let peer = new_case(&router, &fx, "peer", json!([])).await;
    let reply = start(
        fx.case.clone(),
        json!({"secondaryCaseIds": [peer], "fieldsConfiguration": [
            {"fieldIds": [{"id": "title"}], "sourceCaseId": peer}]}),
    )
    .await;
    reply.assert_validation("fieldsConfiguration[0].fieldIds[0].id");
    let reply = start(
        fx.case.clone(),
        json!({"secondaryCaseIds": [peer], "fieldsConfiguration": [
            {"fieldIds": [{"id": "summary"}], "sourceCaseId": peer}]}),
    )
    .await;
    reply.assert_validation("fieldsConfiguration[0].fieldIds[0].id");
    let reply = start(
        fx.case.clone(),
        json!({"secondaryCaseIds": [peer], "fieldsConfiguration": [
            {"fieldIds": [], "sourceCaseId": fx.case}]}),
    )
    .await;
    reply.assert_validation("fieldsConfiguration[0].sourceCaseId");
    // None of these started a merge.
    for case in [&fx.case, &peer, &closed, &stranger] {
        merge_status(&router, &fx, case)
            .await
            .assert_not_found("Case", case);
    }
    merge_status(&router, &fx, "missing")
        .await
        .assert_not_found("Case", "missing");
    post(&router, "/domains/nope/cases/c/merge-status", json!({}))
        .await
        .assert_not_found("Domain", "nope");
}
