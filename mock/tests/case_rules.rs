//! The 1.44.5 case-rule operations and the 1.44.5 deltas of fields, templates, layouts
//! and the case event configuration, over raw HTTP (`oneshot`): successes read back,
//! 400s naming the member, 404s naming the resource, 409s, pagination to the end, the
//! release gate (each new operation unknown and each new member ignored at 1.34.98), and
//! `required` rules enforced by CreateCase and UpdateCase.

mod common;

use std::collections::HashSet;

use axum::Router;
use axum::http::StatusCode;
use cases_mock::{MockConfig, MockRelease};
use common::{Reply, post, send_raw};
use serde_json::{Value, json};

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

fn id_of(reply: &Reply, member: &str) -> String {
    reply.assert_ok()[member]
        .as_str()
        .unwrap_or_else(|| panic!("{member} in {reply:?}"))
        .to_owned()
}

async fn domain(router: &Router) -> String {
    id_of(
        &post(router, "/domains", json!({"name": "case rules"})).await,
        "domainId",
    )
}

async fn field(router: &Router, domain: &str, name: &str, kind: &str) -> String {
    let reply = post(
        router,
        &format!("/domains/{domain}/fields"),
        json!({"name": name, "type": kind}),
    )
    .await;
    id_of(&reply, "fieldId")
}

/// A `required` rule: the field is required when `field` equals `value` (else not).
fn required_when(field: &str, value: &str) -> Value {
    json!({"required": {"defaultValue": false, "conditions": [
        {"equalTo": {"operandOne": {"fieldId": field}, "operandTwo": {"stringValue": value}, "result": true}}
    ]}})
}

async fn create_rule(router: &Router, domain: &str, name: &str, rule: Value) -> Reply {
    post(
        router,
        &format!("/domains/{domain}/case-rules"),
        json!({"name": name, "description": format!("{name} description"), "rule": rule}),
    )
    .await
}

async fn batch_get(router: &Router, domain: &str, ids: &[&str]) -> Value {
    let ids: Vec<Value> = ids.iter().map(|id| json!({"id": id})).collect();
    post(
        router,
        &format!("/domains/{domain}/rules-batch"),
        json!({"caseRules": ids}),
    )
    .await
    .assert_ok()
    .clone()
}

/// Every page of ListCaseRules at `page_size`, through the slash-less path when `bare`.
async fn walk(router: &Router, domain: &str, page_size: usize, bare: bool) -> Vec<Value> {
    let slash = if bare { "" } else { "/" };
    let mut all = Vec::new();
    let mut token: Option<String> = None;
    for _ in 0..100 {
        let mut uri = format!("/domains/{domain}/rules-list{slash}?maxResults={page_size}");
        if let Some(t) = &token {
            uri.push_str(&format!("&nextToken={t}"));
        }
        let reply = post(router, &uri, json!({})).await;
        let body = reply.assert_ok();
        let items = body["caseRules"].as_array().expect("caseRules");
        assert!(items.len() <= page_size, "{body}");
        all.extend(items.iter().cloned());
        match body.get("nextToken").and_then(Value::as_str) {
            Some(t) => token = Some(t.to_owned()),
            None => return all,
        }
    }
    panic!("ListCaseRules did not end");
}

#[tokio::test]
async fn case_rules_round_trip_through_every_operation() {
    let router = mock();
    let d = domain(&router).await;
    let child = field(&router, &d, "child", "SingleSelect").await;
    let required = create_rule(
        &router,
        &d,
        "needs resolution",
        required_when("status", "closed"),
    )
    .await;
    let required_id = id_of(&required, "caseRuleId");
    assert_eq!(
        required.body["caseRuleArn"],
        format!("arn:aws:cases:us-east-1:123456789012:domain/{d}/case-rule/{required_id}")
    );
    let hidden_rule = json!({"hidden": {"defaultValue": true, "conditions": [
        {"orAll": {"conditions": [
            {"notEqualTo": {"operandOne": {"fieldId": "title"}, "operandTwo": {"emptyValue": {}}, "result": false}},
            {"equalTo": {"operandOne": {"fieldId": child}, "operandTwo": {"doubleValue": 2.5}, "result": false}}
        ]}}
    ]}});
    let hidden_id = id_of(
        &create_rule(&router, &d, "hide", hidden_rule.clone()).await,
        "caseRuleId",
    );
    let options_rule = json!({"fieldOptions": {"parentFieldId": "status", "childFieldId": child,
        "parentChildFieldOptionsMappings": [{"parentFieldOptionValue": "open", "childFieldOptionValues": ["a", "b"]}]}});
    let options_id = id_of(
        &create_rule(&router, &d, "options", options_rule.clone()).await,
        "caseRuleId",
    );

    let body = batch_get(
        &router,
        &d,
        &[&hidden_id, "nope", &required_id, &options_id],
    )
    .await;
    let rules = body["caseRules"].as_array().expect("caseRules");
    let ids: Vec<&str> = rules
        .iter()
        .map(|r| r["caseRuleId"].as_str().expect("id"))
        .collect();
    assert_eq!(
        ids,
        [hidden_id.as_str(), &required_id, &options_id],
        "request order"
    );
    assert_eq!(rules[0]["rule"], hidden_rule, "returned as put");
    assert_eq!(rules[1]["rule"], required_when("status", "closed"));
    assert_eq!(rules[2]["rule"], options_rule);
    assert_eq!(rules[1]["name"], "needs resolution");
    assert_eq!(rules[1]["description"], "needs resolution description");
    assert_eq!(rules[1]["deleted"], false);
    assert_eq!(rules[1]["tags"], json!({}));
    assert!(
        rules[1]["createdTime"]
            .as_str()
            .expect("time")
            .ends_with('Z')
    );
    assert_eq!(body["errors"][0]["id"], "nope");
    assert_eq!(body["errors"][0]["errorCode"], "NotFound");
    assert_eq!(body["unprocessedCaseRules"], json!([]));

    let listed = walk(&router, &d, 100, false).await;
    let types: Vec<(&str, &str)> = listed
        .iter()
        .map(|r| {
            (
                r["caseRuleId"].as_str().expect("id"),
                r["ruleType"].as_str().expect("type"),
            )
        })
        .collect();
    assert_eq!(
        types,
        [
            (required_id.as_str(), "Required"),
            (&hidden_id, "Hidden"),
            (&options_id, "FieldOptions")
        ]
    );
    assert_eq!(listed[0]["description"], "needs resolution description");

    // UpdateCaseRule changes what it is given and keeps the rest.
    let path = format!("/domains/{d}/case-rules/{required_id}");
    let before = batch_get(&router, &d, &[&required_id]).await["caseRules"][0].clone();
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    put(
        &router,
        &path,
        json!({"name": "renamed", "rule": required_when("status", "open")}),
    )
    .await
    .assert_ok();
    let after = batch_get(&router, &d, &[&required_id]).await["caseRules"][0].clone();
    assert_eq!(after["name"], "renamed");
    assert_eq!(after["description"], before["description"]);
    assert_eq!(after["rule"], required_when("status", "open"));
    assert_eq!(after["createdTime"], before["createdTime"]);
    assert!(after["lastModifiedTime"].as_str() > before["lastModifiedTime"].as_str());
    put(&router, &path, json!({})).await.assert_ok();

    // DeleteCaseRule: still readable with deleted: true, gone from the list, idempotent.
    delete(&router, &path).await.assert_ok();
    delete(&router, &path).await.assert_ok();
    let gone = batch_get(&router, &d, &[&required_id]).await;
    assert_eq!(gone["caseRules"][0]["deleted"], true);
    let listed: Vec<Value> = walk(&router, &d, 100, true).await;
    assert!(
        listed
            .iter()
            .all(|r| r["caseRuleId"] != required_id.as_str())
    );
    put(&router, &path, json!({"name": "again"}))
        .await
        .assert_validation("caseRuleId");
    // Its name is free again.
    create_rule(&router, &d, "renamed", required_when("status", "open"))
        .await
        .assert_ok();
}

#[tokio::test]
async fn case_rule_errors_name_the_member_or_resource() {
    let router = mock();
    let d = domain(&router).await;
    let path = format!("/domains/{d}/case-rules");
    for (body, member) in [
        (json!({"rule": required_when("status", "x")}), "'name'"),
        (json!({"name": "r"}), "'rule'"),
        (json!({"name": "r", "rule": {}}), "'rule'"),
        (
            json!({"name": "r ", "rule": required_when("status", "x")}),
            "'name'",
        ),
        (
            json!({"name": "r", "rule": {"required": {"defaultValue": true, "conditions": []}, "hidden": {"defaultValue": true, "conditions": []}}}),
            "'rule'",
        ),
        (
            json!({"name": "r", "rule": {"required": {"defaultValue": true, "conditions": [{"equalTo": {"operandOne": {"fieldId": "status"}, "operandTwo": {}, "result": true}}]}}}),
            "'rule.required.conditions[0].equalTo.operandTwo'",
        ),
        (
            json!({"name": "r", "rule": {"required": {"defaultValue": true, "conditions": [{"equalTo": {"operandOne": {"fieldId": "status"}, "operandTwo": {"stringValue": "x"}}}]}}}),
            "'rule.required.conditions[0].equalTo.result'",
        ),
        (
            json!({"name": "r", "rule": {"fieldOptions": {"parentChildFieldOptionsMappings": []}}}),
            "'rule.fieldOptions.parentChildFieldOptionsMappings'",
        ),
        // Referenced fields must exist in the domain.
        (
            json!({"name": "r", "rule": required_when("no-such-field", "x")}),
            "'rule.required.conditions[0].equalTo.operandOne.fieldId'",
        ),
        (
            json!({"name": "r", "rule": {"fieldOptions": {"childFieldId": "ghost", "parentChildFieldOptionsMappings": [{"parentFieldOptionValue": "", "childFieldOptionValues": []}]}}}),
            "'rule.fieldOptions.childFieldId'",
        ),
    ] {
        post(&router, &path, body).await.assert_validation(member);
    }
    let six: Vec<Value> = (0..6)
        .map(|i| json!({"equalTo": {"operandOne": {"fieldId": "status"}, "operandTwo": {"stringValue": format!("v{i}")}, "result": true}}))
        .collect();
    post(
        &router,
        &path,
        json!({"name": "r", "rule": {"required": {"defaultValue": false, "conditions": six}}}),
    )
    .await
    .assert_validation("at most 5 conditions");

    let first = id_of(
        &create_rule(&router, &d, "taken", required_when("status", "x")).await,
        "caseRuleId",
    );
    let second = id_of(
        &create_rule(&router, &d, "other", required_when("status", "x")).await,
        "caseRuleId",
    );
    let conflict = create_rule(&router, &d, "taken", required_when("status", "y")).await;
    assert_eq!(conflict.status, StatusCode::CONFLICT, "{conflict:?}");
    assert_eq!(conflict.error_type(), "ConflictException");
    let conflict = put(
        &router,
        &format!("{path}/{second}"),
        json!({"name": "taken"}),
    )
    .await;
    assert_eq!(conflict.status, StatusCode::CONFLICT, "{conflict:?}");
    put(
        &router,
        &format!("{path}/{first}"),
        json!({"name": "taken"}),
    )
    .await
    .assert_ok();
    put(
        &router,
        &format!("{path}/{first}"),
        json!({"rule": required_when("nope", "x")}),
    )
    .await
    .assert_validation("'rule.required.conditions[0].equalTo.operandOne.fieldId'");

    create_rule(&router, "no-domain", "r", required_when("status", "x"))
        .await
        .assert_not_found("Domain", "no-domain");
    put(&router, &format!("{path}/missing"), json!({"name": "n"}))
        .await
        .assert_not_found("CaseRule", "missing");
    delete(&router, &format!("{path}/missing"))
        .await
        .assert_not_found("CaseRule", "missing");
    post(
        &router,
        "/domains/no-domain/rules-batch",
        json!({"caseRules": [{"id": "x"}]}),
    )
    .await
    .assert_not_found("Domain", "no-domain");
    post(&router, "/domains/no-domain/rules-list/", json!({}))
        .await
        .assert_not_found("Domain", "no-domain");
    for body in [
        json!({}),
        json!({"caseRules": []}),
        json!({"caseRules": [{"id": ""}]}),
    ] {
        post(&router, &format!("/domains/{d}/rules-batch"), body)
            .await
            .assert_validation("caseRules");
    }
    post(
        &router,
        &format!("/domains/{d}/rules-list/?maxResults=0"),
        json!({}),
    )
    .await
    .assert_validation("maxResults");
    post(
        &router,
        &format!("/domains/{d}/rules-list/?nextToken=garbage"),
        json!({}),
    )
    .await
    .assert_validation("nextToken");

    // A rule a live template uses cannot be deleted; once the template lets go, it can.
    let template = post(
        &router,
        &format!("/domains/{d}/templates"),
        json!({"name": "uses rule", "rules": [{"caseRuleId": first, "fieldId": "summary"}]}),
    )
    .await;
    let template = id_of(&template, "templateId");
    let conflict = delete(&router, &format!("{path}/{first}")).await;
    assert_eq!(conflict.status, StatusCode::CONFLICT, "{conflict:?}");
    put(
        &router,
        &format!("/domains/{d}/templates/{template}"),
        json!({"rules": []}),
    )
    .await
    .assert_ok();
    delete(&router, &format!("{path}/{first}"))
        .await
        .assert_ok();

    // Template rules must name live case rules and fields.
    let templates = format!("/domains/{d}/templates");
    post(
        &router,
        &templates,
        json!({"name": "t2", "rules": [{"caseRuleId": first}]}),
    )
    .await
    .assert_validation("'rules[0].caseRuleId'");
    post(
        &router,
        &templates,
        json!({"name": "t3", "rules": [{"caseRuleId": second, "fieldId": "ghost"}]}),
    )
    .await
    .assert_validation("'rules[0].fieldId'");
}

#[tokio::test]
async fn list_case_rules_pages_to_the_end_in_creation_order() {
    let router = mock();
    let d = domain(&router).await;
    let mut created = Vec::new();
    for i in 0..7 {
        let reply = create_rule(
            &router,
            &d,
            &format!("rule {i}"),
            required_when("status", "x"),
        )
        .await;
        created.push(id_of(&reply, "caseRuleId"));
    }
    for (size, bare) in [(1, false), (2, true), (3, false), (7, true), (100, false)] {
        let ids: Vec<String> = walk(&router, &d, size, bare)
            .await
            .iter()
            .map(|r| r["caseRuleId"].as_str().expect("id").to_owned())
            .collect();
        assert_eq!(ids, created, "page size {size}");
        assert_eq!(ids.iter().collect::<HashSet<_>>().len(), 7);
    }
    // A token of another domain's listing is foreign.
    let other = domain(&router).await;
    for i in 0..2 {
        create_rule(
            &router,
            &other,
            &format!("r{i}"),
            required_when("status", "x"),
        )
        .await
        .assert_ok();
    }
    let first = post(
        &router,
        &format!("/domains/{other}/rules-list?maxResults=1"),
        json!({}),
    )
    .await;
    let token = first.assert_ok()["nextToken"]
        .as_str()
        .expect("token")
        .to_owned();
    post(
        &router,
        &format!("/domains/{d}/rules-list?nextToken={token}"),
        json!({}),
    )
    .await
    .assert_validation("nextToken");
}

#[tokio::test]
async fn required_rules_apply_to_case_creation_and_update() {
    let router = mock();
    let d = domain(&router).await;
    let resolution = field(&router, &d, "resolution", "Text").await;
    let rule = id_of(
        &create_rule(
            &router,
            &d,
            "resolution when closed",
            required_when("status", "closed"),
        )
        .await,
        "caseRuleId",
    );
    let hidden = id_of(
        &create_rule(
            &router,
            &d,
            "always hidden",
            json!({"hidden": {"defaultValue": true, "conditions": []}}),
        )
        .await,
        "caseRuleId",
    );
    let template = post(
        &router,
        &format!("/domains/{d}/templates"),
        json!({"name": "with rules",
               "rules": [{"caseRuleId": rule, "fieldId": resolution}, {"caseRuleId": hidden, "fieldId": "summary"}],
               "tagPropagationConfigurations": [{"resourceType": "Cases", "tagMap": {"team": "support"}}]}),
    )
    .await;
    let template = id_of(&template, "templateId");
    let got = post(
        &router,
        &format!("/domains/{d}/templates/{template}"),
        json!({}),
    )
    .await;
    let got = got.assert_ok();
    assert_eq!(
        got["rules"],
        json!([{"caseRuleId": rule, "fieldId": resolution}, {"caseRuleId": hidden, "fieldId": "summary"}])
    );
    assert_eq!(
        got["tagPropagationConfigurations"],
        json!([{"resourceType": "Cases", "tagMap": {"team": "support"}}])
    );
    let listed = post(&router, &format!("/domains/{d}/templates-list"), json!({})).await;
    assert_eq!(
        listed.assert_ok()["templates"][0]["tagPropagationConfigurations"][0]["tagMap"]["team"],
        "support"
    );

    let cases = format!("/domains/{d}/cases");
    let case = |status: &str, resolution_value: Option<&str>| {
        let mut fields = vec![
            json!({"id": "title", "value": {"stringValue": "c"}}),
            json!({"id": "customer_id", "value": {"stringValue": "arn:aws:profile:us-east-1:123456789012:domains/p/profiles/x"}}),
            json!({"id": "status", "value": {"stringValue": status}}),
        ];
        if let Some(v) = resolution_value {
            fields.push(json!({"id": resolution, "value": {"stringValue": v}}));
        }
        json!({"templateId": template, "fields": fields})
    };
    // Closed without a resolution: the rule requires it.
    let refused = post(&router, &cases, case("closed", None)).await;
    refused.assert_validation("'fields'");
    assert!(
        refused.message().contains(&resolution),
        "{}",
        refused.message()
    );
    post(&router, &cases, case("closed", Some("fixed")))
        .await
        .assert_ok();
    // Open: the rule's default (not required) holds; the hidden rule is not enforced.
    let open = id_of(&post(&router, &cases, case("open", None)).await, "caseId");
    let read = post(
        &router,
        &format!("{cases}/{open}"),
        json!({"fields": [{"id": "status"}]}),
    )
    .await;
    assert_eq!(
        read.assert_ok()["tags"],
        json!({"team": "support"}),
        "propagated tags"
    );

    // UpdateCase: closing the case without a resolution is refused, with one it is not.
    let path = format!("{cases}/{open}");
    put(
        &router,
        &path,
        json!({"fields": [{"id": "status", "value": {"stringValue": "closed"}}]}),
    )
    .await
    .assert_validation("'fields'");
    put(
        &router,
        &path,
        json!({"fields": [
            {"id": "status", "value": {"stringValue": "closed"}},
            {"id": resolution, "value": {"stringValue": "done"}}
        ]}),
    )
    .await
    .assert_ok();
    put(
        &router,
        &path,
        json!({"fields": [{"id": resolution, "value": {"emptyValue": {}}}]}),
    )
    .await
    .assert_validation("'fields'");

    // Without the rule on the template, nothing is required.
    put(
        &router,
        &format!("/domains/{d}/templates/{template}"),
        json!({"rules": []}),
    )
    .await
    .assert_ok();
    post(&router, &cases, case("closed", None))
        .await
        .assert_ok();
}

#[tokio::test]
async fn case_rule_operations_are_unknown_before_1_44_5() {
    for release in [MockRelease::V1_34_97, MockRelease::V1_34_98] {
        let router = mock_at(release);
        let d = domain(&router).await;
        for (method, path) in [
            ("POST", format!("/domains/{d}/case-rules")),
            ("POST", format!("/domains/{d}/rules-batch")),
            ("POST", format!("/domains/{d}/rules-list/")),
            ("POST", format!("/domains/{d}/rules-list")),
            ("PUT", format!("/domains/{d}/case-rules/r")),
            ("DELETE", format!("/domains/{d}/case-rules/r")),
        ] {
            let reply = send_raw(&router, method, &path, json!({"name": "r"}).to_string()).await;
            assert_eq!(
                reply.status,
                StatusCode::NOT_FOUND,
                "{release} {method} {path}"
            );
            assert_eq!(
                reply.error_type(),
                "UnknownOperationException",
                "{release} {path}"
            );
        }
    }
}

#[tokio::test]
async fn field_attributes_exist_from_1_44_5() {
    let body =
        json!({"name": "notes", "type": "Text", "attributes": {"text": {"isMultiline": true}}});
    // 1.44.5: stored and read back by BatchGetField and ListFields; checked.
    let router = mock();
    let d = domain(&router).await;
    let f = id_of(
        &post(&router, &format!("/domains/{d}/fields"), body.clone()).await,
        "fieldId",
    );
    let got = post(
        &router,
        &format!("/domains/{d}/fields-batch"),
        json!({"fields": [{"id": f}]}),
    )
    .await;
    assert_eq!(
        got.assert_ok()["fields"][0]["attributes"],
        json!({"text": {"isMultiline": true}})
    );
    put(
        &router,
        &format!("/domains/{d}/fields/{f}"),
        json!({"attributes": {"text": {"isMultiline": false}}}),
    )
    .await
    .assert_ok();
    let listed = post(&router, &format!("/domains/{d}/fields-list"), json!({})).await;
    let listed = listed.assert_ok()["fields"]
        .as_array()
        .expect("fields")
        .clone();
    let notes = listed
        .iter()
        .find(|x| x["fieldId"] == f.as_str())
        .expect("listed");
    assert_eq!(notes["attributes"], json!({"text": {"isMultiline": false}}));
    assert!(
        listed
            .iter()
            .filter(|x| x["fieldId"] != f.as_str())
            .all(|x| x.get("attributes").is_none())
    );
    post(
        &router,
        &format!("/domains/{d}/fields"),
        json!({"name": "n", "type": "Number", "attributes": {"text": {"isMultiline": true}}}),
    )
    .await
    .assert_validation("'attributes.text'");
    put(
        &router,
        &format!("/domains/{d}/fields/{f}"),
        json!({"attributes": {}}),
    )
    .await
    .assert_validation("'attributes'");
    // 1.34.98: an unknown member, ignored: the field has no attributes.
    let router = mock_at(MockRelease::V1_34_98);
    let d = domain(&router).await;
    let f = id_of(
        &post(&router, &format!("/domains/{d}/fields"), body).await,
        "fieldId",
    );
    let got = post(
        &router,
        &format!("/domains/{d}/fields-batch"),
        json!({"fields": [{"id": f}]}),
    )
    .await;
    assert!(
        got.assert_ok()["fields"][0].get("attributes").is_none(),
        "{got:?}"
    );
}

#[tokio::test]
async fn template_rules_and_tag_propagation_are_ignored_before_1_44_5() {
    let router = mock_at(MockRelease::V1_34_98);
    let d = domain(&router).await;
    let template = post(
        &router,
        &format!("/domains/{d}/templates"),
        json!({"name": "t", "rules": [{"caseRuleId": "not-checked"}],
               "tagPropagationConfigurations": [{"resourceType": "Cases", "tagMap": {"k": "v"}}]}),
    )
    .await;
    let template = id_of(&template, "templateId");
    let got = post(
        &router,
        &format!("/domains/{d}/templates/{template}"),
        json!({}),
    )
    .await;
    let got = got.assert_ok();
    assert!(got.get("rules").is_none(), "{got}");
    assert!(got.get("tagPropagationConfigurations").is_none(), "{got}");
    // Only members 1.34.98 lacks: UpdateTemplate has nothing to change.
    put(
        &router,
        &format!("/domains/{d}/templates/{template}"),
        json!({"rules": []}),
    )
    .await
    .assert_validation("at least one");
    let case = post(
        &router,
        &format!("/domains/{d}/cases"),
        json!({"templateId": template, "fields": [
            {"id": "title", "value": {"stringValue": "c"}},
            {"id": "customer_id", "value": {"stringValue": "arn:aws:profile:us-east-1:123456789012:domains/p/profiles/x"}}
        ]}),
    )
    .await;
    let case = id_of(&case, "caseId");
    let read = post(
        &router,
        &format!("/domains/{d}/cases/{case}"),
        json!({"fields": [{"id": "title"}]}),
    )
    .await;
    assert_eq!(
        read.assert_ok()["tags"],
        json!({}),
        "no propagation at 1.34.98"
    );

    // 1.44.5 checks the same members.
    let router = mock();
    let d = domain(&router).await;
    post(
        &router,
        &format!("/domains/{d}/templates"),
        json!({"name": "t", "tagPropagationConfigurations": [{"resourceType": "Domains", "tagMap": {}}]}),
    )
    .await
    .assert_validation("'tagPropagationConfigurations[0].resourceType'");
    let plain = id_of(
        &post(
            &router,
            &format!("/domains/{d}/templates"),
            json!({"name": "plain"}),
        )
        .await,
        "templateId",
    );
    let got = post(
        &router,
        &format!("/domains/{d}/templates/{plain}"),
        json!({}),
    )
    .await;
    assert_eq!(got.assert_ok()["rules"], json!([]));
}

#[tokio::test]
async fn layout_and_event_configuration_bounds_follow_the_release() {
    let layout = |n: usize| {
        let items: Vec<Value> = (0..n).map(|_| json!({"id": "summary"})).collect();
        json!({"name": "big", "content": {"basic": {"moreInfo": {"sections": [{"fieldGroup": {"fields": items}}]}}}})
    };
    let config = |n: usize, auto: Option<&str>| {
        let ids: Vec<Value> = (0..n).map(|_| json!({"id": "title"})).collect();
        let mut case_data = json!({"fields": ids});
        if let Some(a) = auto {
            case_data["autoIncludeFields"] = json!(a);
        }
        json!({"eventBridge": {"enabled": true, "includedData": {"caseData": case_data}}})
    };
    // 1.34.98: 100 fields per group, 200 event fields, autoIncludeFields unknown.
    let old = mock_at(MockRelease::V1_34_98);
    let d = domain(&old).await;
    post(&old, &format!("/domains/{d}/layouts"), layout(150))
        .await
        .assert_validation("less than or equal to 100");
    let events = format!("/domains/{d}/case-event-configuration");
    put(&old, &events, config(250, None))
        .await
        .assert_validation("less than or equal to 200");
    put(&old, &events, config(1, Some("Everything")))
        .await
        .assert_ok();
    let got = post(&old, &events, json!({})).await;
    assert!(
        got.assert_ok()["eventBridge"]["includedData"]["caseData"]
            .get("autoIncludeFields")
            .is_none(),
        "{got:?}"
    );

    // 1.44.5: 220 and 400, autoIncludeFields an enum.
    let new = mock();
    let d = domain(&new).await;
    let mut items = Vec::new();
    for i in 0..150 {
        items.push(json!({"id": field(&new, &d, &format!("f{i}"), "Text").await}));
    }
    let big = json!({"name": "big", "content": {"basic": {"moreInfo": {"sections": [{"fieldGroup": {"fields": items}}]}}}});
    post(&new, &format!("/domains/{d}/layouts"), big)
        .await
        .assert_ok();
    post(&new, &format!("/domains/{d}/layouts"), layout(221))
        .await
        .assert_validation("less than or equal to 220");
    let events = format!("/domains/{d}/case-event-configuration");
    put(&new, &events, config(250, Some("System")))
        .await
        .assert_ok();
    let got = post(&new, &events, json!({})).await;
    let case_data = &got.assert_ok()["eventBridge"]["includedData"]["caseData"];
    assert_eq!(case_data["autoIncludeFields"], "System");
    assert_eq!(case_data["fields"].as_array().expect("fields").len(), 250);
    put(&new, &events, config(401, None))
        .await
        .assert_validation("less than or equal to 400");
    put(&new, &events, config(1, Some("Everything")))
        .await
        .assert_validation("autoIncludeFields");
}
