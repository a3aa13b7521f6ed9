//! UpdateTemplate, DeleteTemplate, UpdateCase, SearchCases and ListCasesForContact over
//! raw HTTP (`oneshot`): each operation's answers, errors (400 naming the member, 404
//! naming the resource, 409), the effects visible through GetTemplate, ListTemplates,
//! GetCase and GetCaseAuditEvents, nested filters against the expected sets, sorts and
//! pagination.

mod common;

use std::collections::HashSet;

use axum::Router;
use axum::http::StatusCode;
use common::{Reply, fixture, mock, post, send_raw};
use serde_json::{Value, json};

const CUSTOMER: &str = "arn:aws:profile:us-east-1:123456789012:domains/p/profiles/x";

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

async fn create_domain(router: &Router, name: &str) -> String {
    id_of(
        &post(router, "/domains", json!({"name": name})).await,
        "domainId",
    )
}

async fn create_field(router: &Router, domain: &str, name: &str, kind: &str) -> String {
    let reply = post(
        router,
        &format!("/domains/{domain}/fields"),
        json!({"name": name, "type": kind}),
    )
    .await;
    id_of(&reply, "fieldId")
}

async fn create_template(router: &Router, domain: &str, body: Value) -> String {
    let reply = post(router, &format!("/domains/{domain}/templates"), body).await;
    id_of(&reply, "templateId")
}

async fn get_template(router: &Router, domain: &str, template: &str) -> Reply {
    post(
        router,
        &format!("/domains/{domain}/templates/{template}"),
        json!({}),
    )
    .await
}

/// CreateCase with `title`, `customer_id` and `extra` fields.
async fn create_case(
    router: &Router,
    domain: &str,
    template: &str,
    title: &str,
    extra: Value,
) -> String {
    let mut fields = vec![
        json!({"id": "title", "value": {"stringValue": title}}),
        json!({"id": "customer_id", "value": {"stringValue": CUSTOMER}}),
    ];
    fields.extend(extra.as_array().cloned().unwrap_or_default());
    let reply = post(
        router,
        &format!("/domains/{domain}/cases"),
        json!({"templateId": template, "fields": fields}),
    )
    .await;
    id_of(&reply, "caseId")
}

async fn get_case(router: &Router, domain: &str, case: &str, ids: &[&str]) -> Value {
    let fields: Vec<Value> = ids.iter().map(|id| json!({"id": id})).collect();
    post(
        router,
        &format!("/domains/{domain}/cases/{case}"),
        json!({"fields": fields}),
    )
    .await
    .assert_ok()
    .clone()
}

/// The value union of field `id` in a `fields` list, or `Null`.
fn field<'a>(fields: &'a Value, id: &str) -> &'a Value {
    fields
        .as_array()
        .and_then(|list| list.iter().find(|f| f["id"] == id))
        .map_or(&Value::Null, |f| &f["value"])
}

async fn audit_events(router: &Router, domain: &str, case: &str) -> Vec<Value> {
    let reply = post(
        router,
        &format!("/domains/{domain}/cases/{case}/audit-history"),
        json!({}),
    )
    .await;
    reply.assert_ok()["auditEvents"]
        .as_array()
        .expect("auditEvents")
        .clone()
}

async fn list_template_ids(router: &Router, domain: &str, query: &str) -> Vec<String> {
    let reply = post(
        router,
        &format!("/domains/{domain}/templates-list{query}"),
        json!({}),
    )
    .await;
    reply.assert_ok()["templates"]
        .as_array()
        .expect("templates")
        .iter()
        .map(|t| t["templateId"].as_str().expect("id").to_owned())
        .collect()
}

#[tokio::test]
async fn update_template_changes_only_what_is_sent() {
    let router = mock();
    let domain = create_domain(&router, "templates").await;
    let priority = create_field(&router, &domain, "priority", "Number").await;
    let template = create_template(
        &router,
        &domain,
        json!({"name": "first", "description": "about", "layoutConfiguration": {"defaultLayout": "layout-1"},
               "requiredFields": [{"fieldId": "title"}]}),
    )
    .await;
    let path = format!("/domains/{domain}/templates/{template}");
    let before = get_template(&router, &domain, &template).await;
    let before = before.assert_ok().clone();

    let reply = put(&router, &path, json!({"name": "renamed"})).await;
    assert_eq!(reply.assert_ok(), &json!({}));
    let after = get_template(&router, &domain, &template).await;
    let after = after.assert_ok();
    assert_eq!(after["name"], "renamed");
    for member in [
        "description",
        "layoutConfiguration",
        "requiredFields",
        "status",
        "templateArn",
        "createdTime",
    ] {
        assert_eq!(after[member], before[member], "{member} kept");
    }
    assert_eq!(after["deleted"], false);
    assert!(after["lastModifiedTime"].as_str() >= before["lastModifiedTime"].as_str());

    let reply = put(
        &router,
        &path,
        json!({"description": "", "requiredFields": [{"fieldId": priority}], "status": "Inactive",
               "layoutConfiguration": {"defaultLayout": "layout-2"}}),
    )
    .await;
    reply.assert_ok();
    let after = get_template(&router, &domain, &template).await;
    let after = after.assert_ok();
    assert_eq!(after["name"], "renamed");
    assert_eq!(after["description"], "");
    assert_eq!(after["requiredFields"], json!([{"fieldId": priority}]));
    assert_eq!(after["status"], "Inactive");
    assert_eq!(
        after["layoutConfiguration"],
        json!({"defaultLayout": "layout-2"})
    );
    assert_eq!(
        list_template_ids(&router, &domain, "?status=Inactive").await,
        [template.as_str()]
    );
    assert!(
        list_template_ids(&router, &domain, "?status=Active")
            .await
            .is_empty()
    );
    // The same name again is not a conflict with itself; an empty list clears.
    put(
        &router,
        &path,
        json!({"name": "renamed", "requiredFields": []}),
    )
    .await
    .assert_ok();
    let after = get_template(&router, &domain, &template).await;
    assert_eq!(after.assert_ok()["requiredFields"], json!([]));
}

#[tokio::test]
async fn update_template_errors() {
    let router = mock();
    let domain = create_domain(&router, "templates").await;
    let one = create_template(&router, &domain, json!({"name": "one"})).await;
    create_template(&router, &domain, json!({"name": "two"})).await;
    let path = format!("/domains/{domain}/templates/{one}");

    put(&router, &path, json!({}))
        .await
        .assert_validation("name");
    put(&router, &path, json!({"name": "bad "}))
        .await
        .assert_validation("'name'");
    put(&router, &path, json!({"status": "Gone"}))
        .await
        .assert_validation("'status'");
    put(&router, &path, json!({"description": "d".repeat(256)}))
        .await
        .assert_validation("'description'");
    put(
        &router,
        &path,
        json!({"requiredFields": [{"fieldId": "nope"}]}),
    )
    .await
    .assert_validation("requiredFields[0].fieldId");
    put(
        &router,
        &path,
        json!({"requiredFields": [{"fieldId": "title"}, {"fieldId": "title"}]}),
    )
    .await
    .assert_validation("requiredFields[1].fieldId");
    put(&router, &path, json!({"name": 7}))
        .await
        .assert_validation("'name'");

    let reply = put(&router, &path, json!({"name": "two"})).await;
    assert_eq!(reply.status, StatusCode::CONFLICT, "{reply:?}");
    assert_eq!(reply.error_type(), "ConflictException");
    assert!(reply.message().contains("two"));
    let got = get_template(&router, &domain, &one).await;
    assert_eq!(
        got.assert_ok()["name"],
        "one",
        "a refused update changes nothing"
    );

    put(
        &router,
        &format!("/domains/{domain}/templates/nope"),
        json!({"name": "x"}),
    )
    .await
    .assert_not_found("Template", "nope");
    put(
        &router,
        &format!("/domains/nope/templates/{one}"),
        json!({"name": "x"}),
    )
    .await
    .assert_not_found("Domain", "nope");
}

#[tokio::test]
async fn delete_template_follows_its_documentation() {
    let router = mock();
    let f = fixture(&router).await;
    let domain = &f.domain;
    let path = format!("/domains/{domain}/templates/{}", f.template);
    let other = create_template(&router, domain, json!({"name": "other"})).await;

    let reply = delete(&router, &path).await;
    assert_eq!(reply.assert_ok(), &json!({}));
    // Still retrievable, marked deleted.
    let got = get_template(&router, domain, &f.template).await;
    let got = got.assert_ok();
    assert_eq!(got["deleted"], true);
    assert_eq!(got["name"], "fixture template");
    // Not listed.
    assert_eq!(
        list_template_ids(&router, domain, "").await,
        [other.as_str()]
    );
    // Cannot be updated.
    put(&router, &path, json!({"description": "x"}))
        .await
        .assert_validation("templateId");
    // No case can be created with it.
    let reply = post(
        &router,
        &format!("/domains/{domain}/cases"),
        json!({"templateId": f.template, "fields": [
            {"id": "title", "value": {"stringValue": "t"}},
            {"id": "customer_id", "value": {"stringValue": CUSTOMER}}
        ]}),
    )
    .await;
    reply.assert_validation("templateId");
    // Cases made with it stay readable and updatable.
    put(
        &router,
        &f.case_path(""),
        json!({"fields": [{"id": "title", "value": {"stringValue": "still here"}}]}),
    )
    .await
    .assert_ok();
    let case = get_case(&router, domain, &f.case, &["title"]).await;
    assert_eq!(case["templateId"], f.template.as_str());
    // Idempotent.
    delete(&router, &path).await.assert_ok();
    // Its name is free again.
    create_template(&router, domain, json!({"name": "fixture template"})).await;

    delete(&router, &format!("/domains/{domain}/templates/nope"))
        .await
        .assert_not_found("Template", "nope");
    delete(&router, &format!("/domains/nope/templates/{other}"))
        .await
        .assert_not_found("Domain", "nope");
}

#[tokio::test]
async fn a_domain_deletes_at_most_100_templates() {
    let router = mock();
    let domain = create_domain(&router, "many").await;
    let mut templates = Vec::new();
    for i in 0..101 {
        templates.push(create_template(&router, &domain, json!({"name": format!("t{i}")})).await);
    }
    for t in &templates[..100] {
        delete(&router, &format!("/domains/{domain}/templates/{t}"))
            .await
            .assert_ok();
    }
    let last = format!("/domains/{domain}/templates/{}", templates[100]);
    delete(&router, &last).await.assert_validation("templateId");
    let got = get_template(&router, &domain, &templates[100]).await;
    assert_eq!(got.assert_ok()["deleted"], false);
    // Deleting an already deleted one is still fine.
    delete(
        &router,
        &format!("/domains/{domain}/templates/{}", templates[0]),
    )
    .await
    .assert_ok();
}

/// A domain with one custom field of each kind and a template requiring `priority`.
struct Kinds {
    domain: String,
    template: String,
    priority: String,
    urgent: String,
    owner: String,
    due: String,
}

async fn kinds(router: &Router) -> Kinds {
    let domain = create_domain(router, "kinds").await;
    let priority = create_field(router, &domain, "priority", "Number").await;
    let urgent = create_field(router, &domain, "urgent", "Boolean").await;
    let owner = create_field(router, &domain, "owner", "User").await;
    let due = create_field(router, &domain, "due", "DateTime").await;
    let template = create_template(
        router,
        &domain,
        json!({"name": "with priority", "requiredFields": [{"fieldId": priority}]}),
    )
    .await;
    Kinds {
        domain,
        template,
        priority,
        urgent,
        owner,
        due,
    }
}

#[tokio::test]
async fn update_case_sets_every_kind_and_audits_old_and_new_values() {
    let router = mock();
    let k = kinds(&router).await;
    let case = create_case(
        &router,
        &k.domain,
        &k.template,
        "before",
        json!([
            {"id": k.priority, "value": {"doubleValue": 1.0}},
            {"id": k.urgent, "value": {"booleanValue": false}},
            {"id": "summary", "value": {"stringValue": "unchanged summary"}}
        ]),
    )
    .await;
    let path = format!("/domains/{}/cases/{case}", k.domain);
    let user = "arn:aws:connect:us-east-1:123456789012:instance/i/agent/updater";
    let owner = "arn:aws:connect:us-east-1:123456789012:instance/i/agent/owner";
    let reply = put(
        &router,
        &path,
        json!({"fields": [
            {"id": "title", "value": {"stringValue": "after"}},
            {"id": k.priority, "value": {"doubleValue": 2.5}},
            {"id": k.urgent, "value": {"booleanValue": true}},
            {"id": k.owner, "value": {"userArnValue": owner}},
            {"id": k.due, "value": {"emptyValue": {}}},
            {"id": "summary", "value": {"stringValue": "unchanged summary"}}
        ], "performedBy": {"userArn": user}}),
    )
    .await;
    assert_eq!(reply.assert_ok(), &json!({}));

    let ids = [
        "title",
        k.priority.as_str(),
        k.urgent.as_str(),
        k.owner.as_str(),
        k.due.as_str(),
        "summary",
        "customer_id",
        "status",
    ];
    let got = get_case(&router, &k.domain, &case, &ids).await;
    let fields = &got["fields"];
    assert_eq!(field(fields, "title"), &json!({"stringValue": "after"}));
    assert_eq!(field(fields, &k.priority), &json!({"doubleValue": 2.5}));
    assert_eq!(field(fields, &k.urgent), &json!({"booleanValue": true}));
    assert_eq!(field(fields, &k.owner), &json!({"userArnValue": owner}));
    assert_eq!(field(fields, &k.due), &json!({"emptyValue": {}}));
    assert_eq!(
        field(fields, "summary"),
        &json!({"stringValue": "unchanged summary"})
    );
    assert_eq!(
        field(fields, "customer_id"),
        &json!({"stringValue": CUSTOMER})
    );
    assert_eq!(field(fields, "status"), &json!({"stringValue": "open"}));

    let events = audit_events(&router, &k.domain, &case).await;
    assert_eq!(events.len(), 2, "{events:?}");
    assert_eq!(events[0]["type"], "Case.Created");
    let updated = &events[1];
    assert_eq!(updated["type"], "Case.Updated");
    assert!(updated.get("relatedItemType").is_none());
    assert_eq!(updated["performedBy"]["user"]["userArn"], user);
    assert!(
        updated["performedBy"]["iamPrincipalArn"]
            .as_str()
            .is_some_and(|a| a.starts_with("arn:aws:iam::"))
    );
    let audit: Vec<&Value> = updated["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .collect();
    let by_id = |id: &str| {
        audit
            .iter()
            .find(|f| f["eventFieldId"] == id)
            .copied()
            .unwrap_or_else(|| panic!("{id} in {audit:?}"))
    };
    let title = by_id("title");
    assert_eq!(title["oldValue"], json!({"stringValue": "before"}));
    assert_eq!(title["newValue"], json!({"stringValue": "after"}));
    let priority = by_id(&k.priority);
    assert_eq!(priority["oldValue"], json!({"doubleValue": 1.0}));
    assert_eq!(priority["newValue"], json!({"doubleValue": 2.5}));
    let urgent = by_id(&k.urgent);
    assert_eq!(urgent["oldValue"], json!({"booleanValue": false}));
    assert_eq!(urgent["newValue"], json!({"booleanValue": true}));
    let owned = by_id(&k.owner);
    assert!(owned.get("oldValue").is_none(), "never set before");
    assert_eq!(owned["newValue"], json!({"userArnValue": owner}));
    assert_eq!(by_id(&k.due)["newValue"], json!({"emptyValue": {}}));
    let stamp = by_id("last_updated_datetime");
    assert!(stamp["oldValue"]["stringValue"].is_string());
    assert!(stamp["newValue"]["stringValue"].as_str() >= stamp["oldValue"]["stringValue"].as_str());
    assert!(
        !audit.iter().any(|f| f["eventFieldId"] == "summary"),
        "an unchanged value is not a change"
    );
    assert_eq!(audit.len(), 6, "{audit:?}");

    // An update that changes nothing records nothing.
    put(
        &router,
        &path,
        json!({"fields": [{"id": "title", "value": {"stringValue": "after"}}]}),
    )
    .await
    .assert_ok();
    put(&router, &path, json!({"fields": []})).await.assert_ok();
    assert_eq!(audit_events(&router, &k.domain, &case).await.len(), 2);

    // Other cases are untouched.
    let other = create_case(
        &router,
        &k.domain,
        &k.template,
        "other",
        json!([{"id": k.priority, "value": {"doubleValue": 9.0}}]),
    )
    .await;
    put(
        &router,
        &path,
        json!({"fields": [{"id": "title", "value": {"stringValue": "third"}}]}),
    )
    .await
    .assert_ok();
    let got = get_case(&router, &k.domain, &other, &["title"]).await;
    assert_eq!(
        field(&got["fields"], "title"),
        &json!({"stringValue": "other"})
    );
    assert_eq!(audit_events(&router, &k.domain, &case).await.len(), 3);
}

#[tokio::test]
async fn update_case_errors() {
    let router = mock();
    let k = kinds(&router).await;
    let case = create_case(
        &router,
        &k.domain,
        &k.template,
        "t",
        json!([{"id": k.priority, "value": {"doubleValue": 1.0}}]),
    )
    .await;
    let path = format!("/domains/{}/cases/{case}", k.domain);
    let one = |id: &str, value: Value| json!({"fields": [{"id": "title", "value": {"stringValue": "x"}}, {"id": id, "value": value}]});

    put(&router, &path, json!({}))
        .await
        .assert_validation("'fields'");
    put(&router, &path, one("nope", json!({"stringValue": "x"})))
        .await
        .assert_validation("fields[1].id");
    put(
        &router,
        &path,
        one(&k.priority, json!({"stringValue": "1"})),
    )
    .await
    .assert_validation("fields[1].value");
    put(&router, &path, one(&k.urgent, json!({"doubleValue": 1})))
        .await
        .assert_validation("fields[1].value");
    put(&router, &path, one(&k.owner, json!({"booleanValue": true})))
        .await
        .assert_validation("fields[1].value");
    put(&router, &path, one("title", json!({"stringValue": "y"})))
        .await
        .assert_validation("fields[1].id");
    put(
        &router,
        &path,
        one("reference_number", json!({"stringValue": "1"})),
    )
    .await
    .assert_validation("fields[1].id");
    put(&router, &path, one(&k.priority, json!({"emptyValue": {}})))
        .await
        .assert_validation("fields[1].value");
    put(
        &router,
        &path,
        one("customer_id", json!({"emptyValue": {}})),
    )
    .await
    .assert_validation("fields[1].value");
    put(&router, &path, one(&k.due, json!({})))
        .await
        .assert_validation("fields[1].value");
    put(
        &router,
        &path,
        one(&k.due, json!({"stringValue": "s".repeat(1501)})),
    )
    .await
    .assert_validation("fields[1].value.stringValue");
    put(
        &router,
        &path,
        json!({"fields": [], "performedBy": {"userArn": ""}}),
    )
    .await
    .assert_validation("performedBy.userArn");
    // Nothing of the refused updates was applied.
    let got = get_case(&router, &k.domain, &case, &["title"]).await;
    assert_eq!(field(&got["fields"], "title"), &json!({"stringValue": "t"}));
    assert_eq!(audit_events(&router, &k.domain, &case).await.len(), 1);

    put(
        &router,
        &format!("/domains/{}/cases/nope", k.domain),
        json!({"fields": []}),
    )
    .await
    .assert_not_found("Case", "nope");
    put(
        &router,
        &format!("/domains/nope/cases/{case}"),
        json!({"fields": []}),
    )
    .await
    .assert_not_found("Domain", "nope");
}

/// One case of the search fixture, as the test knows it.
#[derive(Clone, Debug)]
struct Known {
    id: String,
    title: String,
    priority: Option<f64>,
    urgent: Option<bool>,
    owner: Option<String>,
}

/// A domain with 12 cases whose values the test knows, and a second domain whose cases
/// must never show.
async fn search_fixture(router: &Router) -> (Kinds, Vec<Known>) {
    let k = kinds(router).await;
    let owners = [
        "arn:aws:connect:us-east-1:123456789012:instance/i/agent/Alice",
        "arn:aws:connect:us-east-1:123456789012:instance/i/agent/bob",
    ];
    let mut known = Vec::new();
    for i in 0..12usize {
        let title = format!("{} case {i}", ["Printer", "Network", "Billing"][i % 3]);
        let priority = (i % 4 != 3).then_some((i % 5) as f64);
        // The template requires priority, so cases without one get it cleared later.
        let urgent = (i % 3 != 2).then_some(i % 2 == 0);
        let owner = (i % 4 == 0).then(|| owners[i % 8 / 4].to_owned());
        let mut extra =
            vec![json!({"id": k.priority, "value": {"doubleValue": priority.unwrap_or(0.0)}})];
        if let Some(u) = urgent {
            extra.push(json!({"id": k.urgent, "value": {"booleanValue": u}}));
        }
        if let Some(o) = &owner {
            extra.push(json!({"id": k.owner, "value": {"userArnValue": o}}));
        }
        let id = create_case(router, &k.domain, &k.template, &title, Value::Array(extra)).await;
        known.push(Known {
            id,
            title,
            priority,
            urgent,
            owner,
        });
    }
    // Priority-less cases: the template cannot be relaxed for old cases, so relax it now
    // and clear priority with emptyValue.
    put(
        router,
        &format!("/domains/{}/templates/{}", k.domain, k.template),
        json!({"requiredFields": []}),
    )
    .await
    .assert_ok();
    for c in known.iter().filter(|c| c.priority.is_none()) {
        put(
            router,
            &format!("/domains/{}/cases/{}", k.domain, c.id),
            json!({"fields": [{"id": k.priority, "value": {"emptyValue": {}}}]}),
        )
        .await
        .assert_ok();
    }
    // Another domain with look-alike cases.
    let other = kinds(router).await;
    for i in 0..3 {
        create_case(
            router,
            &other.domain,
            &other.template,
            &format!("Printer case {i}"),
            json!([{"id": other.priority, "value": {"doubleValue": 1.0}}]),
        )
        .await;
    }
    (k, known)
}

/// Every page of a search with `body` at page size `size`, as case ids.
async fn search_all(router: &Router, domain: &str, body: &Value, size: usize) -> Vec<String> {
    let mut ids = Vec::new();
    let mut token: Option<String> = None;
    for _ in 0..100 {
        let mut request = body.clone();
        request["maxResults"] = json!(size);
        if let Some(t) = &token {
            request["nextToken"] = json!(t);
        }
        let reply = post(router, &format!("/domains/{domain}/cases-search"), request).await;
        let page = reply.assert_ok();
        let cases = page["cases"].as_array().expect("cases");
        assert!(cases.len() <= size, "{page}");
        for c in cases {
            ids.push(c["caseId"].as_str().expect("caseId").to_owned());
        }
        match page.get("nextToken") {
            Some(t) => {
                assert!(!cases.is_empty(), "a token after an empty page");
                token = Some(t.as_str().expect("token").to_owned());
            }
            None => return ids,
        }
    }
    panic!("pagination did not end");
}

fn expected(known: &[Known], keep: impl Fn(&Known) -> bool) -> Vec<String> {
    known
        .iter()
        .filter(|c| keep(c))
        .map(|c| c.id.clone())
        .collect()
}

#[tokio::test]
async fn search_cases_filters_nest_and_match_the_expected_sets() {
    let router = mock();
    let (k, known) = search_fixture(&router).await;
    let all: Vec<String> = known.iter().map(|c| c.id.clone()).collect();
    let cmp = |op: &str, id: &str, value: Value| json!({"field": {op: {"id": id, "value": value}}});
    let p = k.priority.as_str();
    let u = k.urgent.as_str();
    let o = k.owner.as_str();
    let checks: Vec<(&str, Value, Vec<String>)> = vec![
        ("no filter", json!({}), all.clone()),
        (
            "equalTo double",
            json!({"filter": cmp("equalTo", p, json!({"doubleValue": 2}))}),
            expected(&known, |c| c.priority == Some(2.0)),
        ),
        (
            "greaterThan",
            json!({"filter": cmp("greaterThan", p, json!({"doubleValue": 2}))}),
            expected(&known, |c| c.priority.is_some_and(|v| v > 2.0)),
        ),
        (
            "greaterThanOrEqualTo",
            json!({"filter": cmp("greaterThanOrEqualTo", p, json!({"doubleValue": 2}))}),
            expected(&known, |c| c.priority.is_some_and(|v| v >= 2.0)),
        ),
        (
            "lessThan",
            json!({"filter": cmp("lessThan", p, json!({"doubleValue": 2}))}),
            expected(&known, |c| c.priority.is_some_and(|v| v < 2.0)),
        ),
        (
            "lessThanOrEqualTo",
            json!({"filter": cmp("lessThanOrEqualTo", p, json!({"doubleValue": 2}))}),
            expected(&known, |c| c.priority.is_some_and(|v| v <= 2.0)),
        ),
        (
            "equalTo empty",
            json!({"filter": cmp("equalTo", p, json!({"emptyValue": {}}))}),
            expected(&known, |c| c.priority.is_none()),
        ),
        (
            "equalTo unset boolean",
            json!({"filter": cmp("equalTo", u, json!({"emptyValue": {}}))}),
            expected(&known, |c| c.urgent.is_none()),
        ),
        (
            "equalTo boolean",
            json!({"filter": cmp("equalTo", u, json!({"booleanValue": true}))}),
            expected(&known, |c| c.urgent == Some(true)),
        ),
        (
            "contains string, any case",
            json!({"filter": cmp("contains", "title", json!({"stringValue": "printer"}))}),
            expected(&known, |c| c.title.starts_with("Printer")),
        ),
        (
            "equalTo string",
            json!({"filter": cmp("equalTo", "title", json!({"stringValue": "Network case 4"}))}),
            expected(&known, |c| c.title == "Network case 4"),
        ),
        (
            "lessThan string",
            json!({"filter": cmp("lessThan", "title", json!({"stringValue": "C"}))}),
            expected(&known, |c| c.title.as_str() < "C"),
        ),
        (
            "contains userArn",
            json!({"filter": cmp("contains", o, json!({"userArnValue": "ALICE"}))}),
            expected(&known, |c| {
                c.owner.as_deref().is_some_and(|o| o.ends_with("Alice"))
            }),
        ),
        (
            "equalTo userArn",
            json!({"filter": cmp("equalTo", o, json!({"userArnValue": "arn:aws:connect:us-east-1:123456789012:instance/i/agent/bob"}))}),
            expected(&known, |c| {
                c.owner.as_deref().is_some_and(|o| o.ends_with("bob"))
            }),
        ),
        (
            "not",
            json!({"filter": {"not": cmp("equalTo", u, json!({"booleanValue": true}))}}),
            expected(&known, |c| c.urgent != Some(true)),
        ),
        (
            "andAll",
            json!({"filter": {"andAll": [
                cmp("contains", "title", json!({"stringValue": "case"})),
                cmp("greaterThanOrEqualTo", p, json!({"doubleValue": 1})),
                {"not": cmp("equalTo", u, json!({"booleanValue": false}))}
            ]}}),
            expected(&known, |c| {
                c.priority.is_some_and(|v| v >= 1.0) && c.urgent != Some(false)
            }),
        ),
        (
            "orAll of andAll and not",
            json!({"filter": {"orAll": [
                {"andAll": [
                    cmp("contains", "title", json!({"stringValue": "Billing"})),
                    cmp("equalTo", u, json!({"emptyValue": {}}))
                ]},
                {"not": {"orAll": [
                    cmp("lessThan", p, json!({"doubleValue": 4})),
                    cmp("equalTo", p, json!({"emptyValue": {}}))
                ]}}
            ]}}),
            expected(&known, |c| {
                (c.title.starts_with("Billing") && c.urgent.is_none())
                    || !(c.priority.is_some_and(|v| v < 4.0) || c.priority.is_none())
            }),
        ),
        (
            "empty andAll",
            json!({"filter": {"andAll": []}}),
            all.clone(),
        ),
        ("empty orAll", json!({"filter": {"orAll": []}}), vec![]),
        (
            "searchTerm",
            json!({"searchTerm": "NETWORK"}),
            expected(&known, |c| c.title.starts_with("Network")),
        ),
        (
            "searchTerm words and a filter",
            json!({"searchTerm": "case alice", "filter": cmp("greaterThan", p, json!({"doubleValue": -1}))}),
            expected(&known, |c| {
                c.owner.as_deref().is_some_and(|o| o.ends_with("Alice")) && c.priority.is_some()
            }),
        ),
    ];
    for (name, body, want) in checks {
        assert!(
            name == "empty orAll"
                || (!want.is_empty() && want.len() < all.len()
                    || name.contains("andAll")
                    || name == "no filter"),
            "{name}: a check should select some cases, not all ({} of {})",
            want.len(),
            all.len()
        );
        let got = search_all(&router, &k.domain, &body, 25).await;
        assert_eq!(
            got, want,
            "{name}: creation order, exactly the expected cases"
        );
    }
}

#[tokio::test]
async fn search_cases_sorts_and_returns_the_requested_fields() {
    let router = mock();
    let (k, known) = search_fixture(&router).await;
    let body = json!({
        "sorts": [
            {"fieldId": k.priority, "sortOrder": "Desc"},
            {"fieldId": "title", "sortOrder": "Asc"}
        ],
        "fields": [{"id": "title"}, {"id": k.priority}, {"id": "nope"}]
    });
    let reply = post(
        &router,
        &format!("/domains/{}/cases-search", k.domain),
        body.clone(),
    )
    .await;
    let page = reply.assert_ok();
    let cases = page["cases"].as_array().expect("cases");
    assert_eq!(cases.len(), known.len());
    let mut want = known.clone();
    want.sort_by(|a, b| match (a.priority, b.priority) {
        (Some(x), Some(y)) => y.total_cmp(&x).then_with(|| a.title.cmp(&b.title)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.title.cmp(&b.title),
    });
    let got: Vec<&str> = cases
        .iter()
        .map(|c| c["caseId"].as_str().expect("id"))
        .collect();
    let want_ids: Vec<&str> = want.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(got, want_ids);
    for (c, k2) in cases.iter().zip(&want) {
        assert_eq!(c["templateId"], k.template.as_str());
        assert_eq!(c["tags"], json!({}));
        let fields = &c["fields"];
        assert_eq!(
            fields[0],
            json!({"id": "title", "value": {"stringValue": k2.title}})
        );
        match k2.priority {
            Some(v) => assert_eq!(fields[1]["value"], json!({"doubleValue": v})),
            None => assert_eq!(fields[1]["value"], json!({"emptyValue": {}})),
        }
        assert_eq!(
            fields.as_array().expect("fields").len(),
            2,
            "unknown ids skipped"
        );
    }
    // The same order page by page.
    for size in [1, 5] {
        let paged = search_all(&router, &k.domain, &body, size).await;
        assert_eq!(paged, want_ids, "page size {size}");
    }
    // Without `fields`, results carry none.
    let reply = post(
        &router,
        &format!("/domains/{}/cases-search", k.domain),
        json!({}),
    )
    .await;
    assert_eq!(reply.assert_ok()["cases"][0]["fields"], json!([]));
}

#[tokio::test]
async fn search_cases_pages_to_the_end_without_duplicates() {
    let router = mock();
    let (k, known) = search_fixture(&router).await;
    let all: Vec<String> = known.iter().map(|c| c.id.clone()).collect();
    for size in [1, 2, 5, 25] {
        let ids = search_all(&router, &k.domain, &json!({}), size).await;
        let unique: HashSet<&String> = ids.iter().collect();
        assert_eq!(unique.len(), ids.len(), "duplicates at size {size}");
        assert_eq!(ids, all, "size {size}");
    }
    let filtered = json!({"filter": {"field": {"contains": {"id": "title", "value": {"stringValue": "Billing"}}}}});
    let want = expected(&known, |c| c.title.starts_with("Billing"));
    assert_eq!(search_all(&router, &k.domain, &filtered, 1).await, want);

    // A token belongs to its query, domain and instance.
    let path = format!("/domains/{}/cases-search", k.domain);
    let first = post(&router, &path, json!({"maxResults": 1})).await;
    let token = first.assert_ok()["nextToken"]
        .as_str()
        .expect("token")
        .to_owned();
    post(
        &router,
        &path,
        json!({"nextToken": token, "searchTerm": "x"}),
    )
    .await
    .assert_validation("nextToken");
    post(&router, &path, json!({"nextToken": "garbage"}))
        .await
        .assert_validation("nextToken");
    let second = post(&router, &path, json!({"nextToken": token, "maxResults": 3})).await;
    let second = second.assert_ok();
    assert_eq!(
        second["cases"][0]["caseId"],
        all[1].as_str(),
        "page size may change"
    );
}

#[tokio::test]
async fn search_cases_errors() {
    let router = mock();
    let (k, _) = search_fixture(&router).await;
    let path = format!("/domains/{}/cases-search", k.domain);
    let bad = |filter: Value| json!({"filter": filter});
    post(
        &router,
        &path,
        bad(json!({"andAll": [{"not": {"field": {"equalTo": {"id": "nope", "value": {"stringValue": "x"}}}}}]})),
    )
    .await
    .assert_validation("filter.andAll[0].not.field.equalTo.id");
    post(
        &router,
        &path,
        bad(json!({"field": {"greaterThan": {"id": k.priority, "value": {"stringValue": "1"}}}})),
    )
    .await
    .assert_validation("filter.field.greaterThan.value");
    post(
        &router,
        &path,
        bad(json!({"field": {"contains": {"id": k.priority, "value": {"doubleValue": 1}}}})),
    )
    .await
    .assert_validation("filter.field.contains.value");
    post(
        &router,
        &path,
        bad(json!({"field": {"greaterThan": {"id": k.urgent, "value": {"booleanValue": true}}}})),
    )
    .await
    .assert_validation("filter.field.greaterThan.value");
    post(&router, &path, bad(json!({})))
        .await
        .assert_validation("'filter'");
    post(&router, &path, bad(json!({"not": {}, "orAll": []})))
        .await
        .assert_validation("'filter'");
    post(&router, &path, bad(json!({"orAll": [{"field": {}}]})))
        .await
        .assert_validation("filter.orAll[0].field");
    post(
        &router,
        &path,
        json!({"sorts": [{"fieldId": "nope", "sortOrder": "Asc"}]}),
    )
    .await
    .assert_validation("sorts[0].fieldId");
    post(
        &router,
        &path,
        json!({"sorts": [{"fieldId": "title", "sortOrder": "Sideways"}]}),
    )
    .await
    .assert_validation("sorts[0].sortOrder");
    post(&router, &path, json!({"maxResults": 0}))
        .await
        .assert_validation("maxResults");
    post(&router, &path, json!({"maxResults": 26}))
        .await
        .assert_validation("maxResults");
    post(&router, &path, json!({"searchTerm": "s".repeat(256)}))
        .await
        .assert_validation("searchTerm");
    post(&router, &path, json!({"filter": []}))
        .await
        .assert_validation("filter");
    post(&router, "/domains/nope/cases-search", json!({}))
        .await
        .assert_not_found("Domain", "nope");

    // A long `not` chain is served (an even number of nots is the filter itself).
    let mut filter =
        json!({"field": {"contains": {"id": "title", "value": {"stringValue": "Printer"}}}});
    for _ in 0..50 {
        filter = json!({"not": filter});
    }
    let reply = post(&router, &path, json!({"filter": filter})).await;
    assert_eq!(
        reply.assert_ok()["cases"].as_array().expect("cases").len(),
        4
    );
}

#[tokio::test]
async fn list_cases_for_contact_finds_the_cases_of_a_contact() {
    let router = mock();
    let (k, known) = search_fixture(&router).await;
    let contact = "arn:aws:connect:us-east-1:123456789012:instance/i/contact/c-1";
    let other = "arn:aws:connect:us-east-1:123456789012:instance/i/contact/c-2";
    let mut want = Vec::new();
    for (i, c) in known.iter().enumerate() {
        let items = format!("/domains/{}/cases/{}/related-items/", k.domain, c.id);
        let arn = match i % 3 {
            0 => contact,
            1 => other,
            _ => {
                let body = json!({"type": "Comment", "content": {"comment": {"body": contact, "contentType": "Text/Plain"}}});
                post(&router, &items, body).await.assert_ok();
                continue;
            }
        };
        if arn == contact {
            want.push(json!({"caseId": c.id, "templateId": k.template}));
        }
        let body = json!({"type": "Contact", "content": {"contact": {"contactArn": arn}}});
        post(&router, &items, body.clone()).await.assert_ok();
        if i == 0 {
            // Twice on one case: the case is still listed once.
            post(&router, &items, body).await.assert_ok();
        }
    }
    assert_eq!(want.len(), 4);
    let path = format!("/domains/{}/list-cases-for-contact", k.domain);
    let reply = post(&router, &path, json!({"contactArn": contact})).await;
    let page = reply.assert_ok();
    assert_eq!(page["cases"], Value::Array(want.clone()));
    assert!(page.get("nextToken").is_none());

    let mut paged = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let mut body = json!({"contactArn": contact, "maxResults": 1});
        if let Some(t) = &token {
            body["nextToken"] = json!(t);
        }
        let reply = post(&router, &path, body).await;
        let page = reply.assert_ok();
        let cases = page["cases"].as_array().expect("cases");
        assert_eq!(cases.len(), 1);
        paged.extend(cases.iter().cloned());
        match page.get("nextToken") {
            Some(t) => token = Some(t.as_str().expect("token").to_owned()),
            None => break,
        }
        assert!(paged.len() <= want.len(), "pagination did not end");
    }
    assert_eq!(paged, want);

    let first = post(
        &router,
        &path,
        json!({"contactArn": contact, "maxResults": 1}),
    )
    .await;
    let token = first.assert_ok()["nextToken"]
        .as_str()
        .expect("token")
        .to_owned();
    post(
        &router,
        &path,
        json!({"contactArn": other, "nextToken": token}),
    )
    .await
    .assert_validation("nextToken");
    let none = post(
        &router,
        &path,
        json!({"contactArn": "arn:aws:connect:::contact/none"}),
    )
    .await;
    assert_eq!(none.assert_ok(), &json!({"cases": []}));
    post(&router, &path, json!({}))
        .await
        .assert_validation("contactArn");
    post(&router, &path, json!({"contactArn": ""}))
        .await
        .assert_validation("contactArn");
    post(
        &router,
        &path,
        json!({"contactArn": contact, "maxResults": 11}),
    )
    .await
    .assert_validation("maxResults");
    post(
        &router,
        "/domains/nope/list-cases-for-contact",
        json!({"contactArn": contact}),
    )
    .await
    .assert_not_found("Domain", "nope");
}

#[tokio::test]
async fn filters_nested_up_to_the_limit_are_served_and_deeper_ones_refused() {
    let router = mock();
    let f = fixture(&router).await;
    let path = format!("/domains/{}/cases-search", f.domain);
    let leaf = r#"{"field":{"equalTo":{"id":"title","value":{"stringValue":"A case"}}}}"#;
    let nested = |depth: usize| {
        format!(
            r#"{{"filter":{}{leaf}{}}}"#,
            r#"{"not":"#.repeat(depth),
            "}".repeat(depth)
        )
    };
    // 58 and 59 nots: the body nests 63 and 64 levels, the most the mock takes.
    let reply = send_raw(&router, "POST", &path, nested(58)).await;
    assert_eq!(reply.assert_ok()["cases"].as_array().map(Vec::len), Some(1));
    let reply = send_raw(&router, "POST", &path, nested(59)).await;
    assert_eq!(reply.assert_ok()["cases"], json!([]));
    // Deeper is a 400 naming `filter`, never a crash or a 5xx.
    for depth in [60, 200, 100_000] {
        send_raw(&router, "POST", &path, nested(depth))
            .await
            .assert_validation("'filter'");
    }
    let and_all = format!(
        r#"{{"filter":{}{leaf}{}}}"#,
        r#"{"andAll":["#.repeat(40),
        "]}".repeat(40)
    );
    send_raw(&router, "POST", &path, and_all)
        .await
        .assert_validation("'filter'");
}

#[tokio::test]
async fn the_1_34_97_release_serves_the_same_operations() {
    let router = cases_mock::router(cases_mock::MockConfig {
        release: cases_mock::MockRelease::V1_34_97,
        ..Default::default()
    });
    let f = fixture(&router).await;
    put(
        &router,
        &f.case_path(""),
        json!({"fields": [{"id": "summary", "value": {"stringValue": "s"}}]}),
    )
    .await
    .assert_ok();
    let reply = post(
        &router,
        &format!("/domains/{}/cases-search", f.domain),
        json!({"filter": {"field": {"equalTo": {"id": "summary", "value": {"stringValue": "s"}}}}}),
    )
    .await;
    assert_eq!(reply.assert_ok()["cases"][0]["caseId"], f.case.as_str());
    // `tag` is not a CaseFilter member of either release: alone, the filter has none.
    post(
        &router,
        &format!("/domains/{}/cases-search", f.domain),
        json!({"filter": {"tag": {"equalTo": {"key": "k", "value": "v"}}}}),
    )
    .await
    .assert_validation("'filter'");
    put(
        &router,
        &format!("/domains/{}/templates/{}", f.domain, f.template),
        json!({"status": "Inactive"}),
    )
    .await
    .assert_ok();
    delete(
        &router,
        &format!("/domains/{}/templates/{}", f.domain, f.template),
    )
    .await
    .assert_ok();
    let reply = post(
        &router,
        &format!("/domains/{}/list-cases-for-contact", f.domain),
        json!({"contactArn": "arn:aws:connect:::contact/x"}),
    )
    .await;
    assert_eq!(reply.assert_ok(), &json!({"cases": []}));
}

#[tokio::test]
async fn the_new_routes_take_only_their_methods() {
    let router = mock();
    let f = fixture(&router).await;
    for (method, path) in [
        (
            "GET",
            format!("/domains/{}/templates/{}", f.domain, f.template),
        ),
        (
            "PATCH",
            format!("/domains/{}/templates/{}", f.domain, f.template),
        ),
        ("DELETE", f.case_path("")),
        ("PUT", format!("/domains/{}/cases-search", f.domain)),
        (
            "GET",
            format!("/domains/{}/list-cases-for-contact", f.domain),
        ),
        ("PUT", format!("/domains/{}/templates", f.domain)),
    ] {
        let reply = send_raw(&router, method, &path, "{}").await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{method} {path}");
        assert_eq!(
            reply.error_type(),
            "UnknownOperationException",
            "{method} {path}"
        );
    }
}
