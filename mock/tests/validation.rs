//! Every input rule of the model, checked over raw HTTP against the router: each
//! violation is a 400 `ValidationException` whose message names the member; unknown
//! resources are 404s; unknown routes, oversized and malformed bodies are clear 4xx.

mod common;

use axum::http::StatusCode;
use common::{Fixture, fixture, item_body, mock, post, send_raw};
use serde_json::{Value, json};

async fn create_item(f: &Fixture, router: &axum::Router, body: Value) -> common::Reply {
    post(router, &f.items_path(), body).await
}

#[tokio::test]
async fn create_related_item_required_members() {
    let router = mock();
    let f = fixture(&router).await;
    create_item(&f, &router, json!({"content": {"file": {"fileArn": "a"}}}))
        .await
        .assert_validation("'type'");
    create_item(&f, &router, json!({"type": "File"}))
        .await
        .assert_validation("'content'");
    create_item(
        &f,
        &router,
        json!({"type": "File", "content": {"file": {}}}),
    )
    .await
    .assert_validation("'content.file.fileArn'");
    create_item(
        &f,
        &router,
        json!({"type": "Contact", "content": {"contact": {}}}),
    )
    .await
    .assert_validation("'content.contact.contactArn'");
    create_item(
        &f,
        &router,
        json!({"type": "Comment", "content": {"comment": {"contentType": "Text/Plain"}}}),
    )
    .await
    .assert_validation("'content.comment.body'");
    create_item(
        &f,
        &router,
        json!({"type": "Comment", "content": {"comment": {"body": "b"}}}),
    )
    .await
    .assert_validation("'content.comment.contentType'");
    create_item(
        &f,
        &router,
        json!({"type": null, "content": {"file": {"fileArn": "a"}}}),
    )
    .await
    .assert_validation("'type'");
}

#[tokio::test]
async fn create_related_item_length_bounds() {
    let router = mock();
    let f = fixture(&router).await;
    let long = "a".repeat(501);
    let reply = create_item(
        &f,
        &router,
        json!({"type": "File", "content": {"file": {"fileArn": long}}}),
    )
    .await;
    reply.assert_validation("'content.file.fileArn'");
    assert_eq!(
        reply.message(),
        "1 validation error detected: Value at 'content.file.fileArn' failed to satisfy constraint: \
         Member must have length less than or equal to 500"
    );
    create_item(
        &f,
        &router,
        json!({"type": "File", "content": {"file": {"fileArn": ""}}}),
    )
    .await
    .assert_validation("'content.file.fileArn'");
    let ok = create_item(
        &f,
        &router,
        json!({"type": "File", "content": {"file": {"fileArn": "a".repeat(500)}}}),
    )
    .await;
    ok.assert_ok();
    create_item(
        &f,
        &router,
        json!({"type": "Contact", "content": {"contact": {"contactArn": long}}}),
    )
    .await
    .assert_validation("'content.contact.contactArn'");
    let body = "b".repeat(3001);
    create_item(&f, &router, json!({"type": "Comment", "content": {"comment": {"body": body, "contentType": "Text/Plain"}}}))
        .await
        .assert_validation("'content.comment.body'");
    create_item(&f, &router, json!({"type": "Comment", "content": {"comment": {"body": "", "contentType": "Text/Plain"}}}))
        .await
        .assert_validation("'content.comment.body'");
    let mut with_user = item_body("File", 1);
    with_user["performedBy"] = json!({"userArn": long});
    create_item(&f, &router, with_user)
        .await
        .assert_validation("'performedBy.userArn'");
    let too_long_label = format!(
        "/domains/{}/cases/{}/related-items/",
        f.domain,
        "c".repeat(501)
    );
    post(&router, &too_long_label, item_body("File", 1))
        .await
        .assert_validation("'caseId'");
}

#[tokio::test]
async fn create_related_item_enums_and_unions() {
    let router = mock();
    let f = fixture(&router).await;
    let reply = create_item(
        &f,
        &router,
        json!({"type": "Sla", "content": {"file": {"fileArn": "a"}}}),
    )
    .await;
    reply.assert_validation("'type'");
    assert!(
        reply.message().contains("[Contact, Comment, File]"),
        "{}",
        reply.message()
    );
    create_item(
        &f,
        &router,
        json!({"type": "file", "content": {"file": {"fileArn": "a"}}}),
    )
    .await
    .assert_validation("'type'");
    create_item(&f, &router, json!({"type": "Comment", "content": {"comment": {"body": "b", "contentType": "text/html"}}}))
        .await
        .assert_validation("'content.comment.contentType'");
    create_item(&f, &router, json!({"type": "File", "content": {}}))
        .await
        .assert_validation("'content'");
    let reply = create_item(
        &f,
        &router,
        json!({"type": "File", "content": {"file": {"fileArn": "a"}, "contact": {"contactArn": "c"}}}),
    )
    .await;
    reply.assert_validation("'content'");
    assert!(
        reply.message().contains("found: contact, file"),
        "{}",
        reply.message()
    );
    // An unknown union member (a later release's type) counts as absent.
    create_item(&f, &router, json!({"type": "File", "content": {"sla": {}}}))
        .await
        .assert_validation("'content'");
    let reply = create_item(
        &f,
        &router,
        json!({"type": "Comment", "content": {"file": {"fileArn": "a"}}}),
    )
    .await;
    reply.assert_validation("'type'");
    assert!(reply.message().contains("content"), "{}", reply.message());
    create_item(
        &f,
        &router,
        json!({"type": "File", "content": {"file": {"fileArn": "a"}}, "performedBy": {}}),
    )
    .await
    .assert_validation("'performedBy'");
}

#[tokio::test]
async fn several_violations_are_reported_together() {
    let router = mock();
    let f = fixture(&router).await;
    let reply = create_item(
        &f,
        &router,
        json!({"type": "Nope", "content": {"file": {"fileArn": ""}}}),
    )
    .await;
    reply.assert_validation("'type'");
    assert!(
        reply.message().starts_with("2 validation errors detected"),
        "{}",
        reply.message()
    );
    assert!(reply.message().contains("'content.file.fileArn'"));
}

#[tokio::test]
async fn search_bounds() {
    let router = mock();
    let f = fixture(&router).await;
    let path = f.search_path();
    for bad in [json!(0), json!(26), json!(-1), json!(100_000_000_000_i64)] {
        post(&router, &path, json!({"maxResults": bad}))
            .await
            .assert_validation("'maxResults'");
    }
    for ok in [1, 25] {
        post(&router, &path, json!({"maxResults": ok}))
            .await
            .assert_ok();
    }
    let eleven: Vec<Value> = (0..11).map(|_| json!({"comment": {}})).collect();
    post(&router, &path, json!({"filters": eleven}))
        .await
        .assert_validation("'filters'");
    let ten: Vec<Value> = (0..10).map(|_| json!({"comment": {}})).collect();
    post(&router, &path, json!({"filters": ten}))
        .await
        .assert_ok();
    post(
        &router,
        &path,
        json!({"filters": [{"contact": {"channel": ["VOICE", "CHAT", "TASK", "EMAIL"]}}]}),
    )
    .await
    .assert_validation("'filters[0].contact.channel'");
    post(
        &router,
        &path,
        json!({"filters": [{"contact": {"channel": ["VOICE", "CHAT", "TASK"]}}]}),
    )
    .await
    .assert_ok();
    post(
        &router,
        &path,
        json!({"filters": [{"comment": {}}, {"contact": {"channel": [""]}}]}),
    )
    .await
    .assert_validation("'filters[1].contact.channel[0]'");
    post(
        &router,
        &path,
        json!({"filters": [{"contact": {"channel": ["x".repeat(101)]}}]}),
    )
    .await
    .assert_validation("'filters[0].contact.channel[0]'");
    post(
        &router,
        &path,
        json!({"filters": [{"contact": {"contactArn": "a".repeat(501)}}]}),
    )
    .await
    .assert_validation("'filters[0].contact.contactArn'");
    post(
        &router,
        &path,
        json!({"filters": [{"file": {"fileArn": "a".repeat(501)}}]}),
    )
    .await
    .assert_validation("'filters[0].file.fileArn'");
    post(&router, &path, json!({"filters": [{}]}))
        .await
        .assert_validation("'filters[0]'");
    post(
        &router,
        &path,
        json!({"filters": [{"comment": {}, "file": {}}]}),
    )
    .await
    .assert_validation("'filters[0]'");
    post(&router, &path, json!({"nextToken": "t".repeat(9001)}))
        .await
        .assert_validation("'nextToken'");
}

#[tokio::test]
async fn audit_bounds() {
    let router = mock();
    let f = fixture(&router).await;
    for bad in [json!(0), json!(26)] {
        post(&router, &f.audit_path(), json!({"maxResults": bad}))
            .await
            .assert_validation("'maxResults'");
    }
    post(&router, &f.audit_path(), json!({"maxResults": "5"}))
        .await
        .assert_validation("'maxResults'");
    post(&router, &f.audit_path(), json!({"nextToken": "garbage"}))
        .await
        .assert_validation("'nextToken'");
}

#[tokio::test]
async fn next_tokens_are_bound_to_their_query() {
    let router = mock();
    let f = fixture(&router).await;
    for n in 0..6 {
        create_item(&f, &router, item_body(["Comment", "File"][n % 2], n))
            .await
            .assert_ok();
    }
    let first = post(&router, &f.search_path(), json!({"maxResults": 1})).await;
    let token = first.assert_ok()["nextToken"]
        .as_str()
        .expect("token")
        .to_owned();
    // The same query continues.
    post(
        &router,
        &f.search_path(),
        json!({"maxResults": 1, "nextToken": token}),
    )
    .await
    .assert_ok();
    // Another page size is the same query.
    post(
        &router,
        &f.search_path(),
        json!({"maxResults": 3, "nextToken": token}),
    )
    .await
    .assert_ok();
    // Other filters: another query.
    post(
        &router,
        &f.search_path(),
        json!({"nextToken": token, "filters": [{"comment": {}}]}),
    )
    .await
    .assert_validation("'nextToken'");
    // Another case.
    let other = post(
        &router,
        &format!("/domains/{}/cases", f.domain),
        json!({"templateId": f.template, "fields": [
            {"id": "title", "value": {"stringValue": "other"}},
            {"id": "customer_id", "value": {"stringValue": "c"}}
        ]}),
    )
    .await;
    let other_case = other.assert_ok()["caseId"]
        .as_str()
        .expect("caseId")
        .to_owned();
    let other_search = format!(
        "/domains/{}/cases/{other_case}/related-items-search",
        f.domain
    );
    post(&router, &other_search, json!({"nextToken": token}))
        .await
        .assert_validation("'nextToken'");
    // Another operation.
    post(&router, &f.audit_path(), json!({"nextToken": token}))
        .await
        .assert_validation("'nextToken'");
    let audit = post(&router, &f.audit_path(), json!({"maxResults": 1})).await;
    let audit_token = audit.assert_ok()["nextToken"]
        .as_str()
        .expect("token")
        .to_owned();
    post(&router, &f.search_path(), json!({"nextToken": audit_token}))
        .await
        .assert_validation("'nextToken'");
    // Another mock instance.
    let other_router = mock();
    let g = fixture(&other_router).await;
    post(&other_router, &g.search_path(), json!({"nextToken": token}))
        .await
        .assert_validation("'nextToken'");
    // Tampered and malformed.
    let mut tampered = token.clone();
    let last = tampered.pop().expect("non-empty");
    tampered.push(if last == '0' { '1' } else { '0' });
    post(&router, &f.search_path(), json!({"nextToken": tampered}))
        .await
        .assert_validation("'nextToken'");
    post(
        &router,
        &f.search_path(),
        json!({"nextToken": "not a token"}),
    )
    .await
    .assert_validation("'nextToken'");
    // GetCase never issues tokens.
    post(
        &router,
        &f.case_path(""),
        json!({"fields": [{"id": "title"}], "nextToken": token}),
    )
    .await
    .assert_validation("'nextToken'");
}

#[tokio::test]
async fn malformed_json_and_wrong_types() {
    let router = mock();
    let f = fixture(&router).await;
    for body in [
        "{",
        "{\"type\":",
        "not json",
        "{\"type\":\"File\"} trailing",
        "{\"a\":1,}",
    ] {
        let reply = send_raw(&router, "POST", &f.items_path(), body).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(reply.error_type(), "ValidationException");
        assert!(
            reply.message().contains("not valid JSON"),
            "{}",
            reply.message()
        );
    }
    send_raw(&router, "POST", &f.items_path(), "[1,2]")
        .await
        .assert_validation("JSON object");
    send_raw(&router, "POST", &f.items_path(), "\"text\"")
        .await
        .assert_validation("JSON object");
    post(&router, &f.search_path(), json!({"maxResults": "5"}))
        .await
        .assert_validation("'maxResults'");
    post(&router, &f.search_path(), json!({"maxResults": 2.5}))
        .await
        .assert_validation("'maxResults'");
    post(
        &router,
        &f.search_path(),
        json!({"filters": {"comment": {}}}),
    )
    .await
    .assert_validation("'filters'");
    post(
        &router,
        &f.search_path(),
        json!({"filters": [{"contact": {"channel": "VOICE"}}]}),
    )
    .await
    .assert_validation("'filters[0].contact.channel'");
    post(&router, &f.search_path(), json!({"filters": [null]}))
        .await
        .assert_validation("'filters[0]'");
    create_item(
        &f,
        &router,
        json!({"type": 5, "content": {"file": {"fileArn": "a"}}}),
    )
    .await
    .assert_validation("'type'");
    create_item(
        &f,
        &router,
        json!({"type": "File", "content": [{"file": {"fileArn": "a"}}]}),
    )
    .await
    .assert_validation("'content'");
    create_item(
        &f,
        &router,
        json!({"type": "File", "content": {"file": {"fileArn": 7}}}),
    )
    .await
    .assert_validation("'content.file.fileArn'");
    create_item(
        &f,
        &router,
        json!({"type": "File", "content": {"file": "arn"}}),
    )
    .await
    .assert_validation("'content.file'");
}

#[tokio::test]
async fn setup_operation_rules() {
    let router = mock();
    let f = fixture(&router).await;
    post(&router, "/domains", json!({}))
        .await
        .assert_validation("'name'");
    post(&router, "/domains", json!({"name": "n".repeat(101)}))
        .await
        .assert_validation("'name'");
    post(&router, "/domains", json!({"name": "ends with space "}))
        .await
        .assert_validation("'name'");
    send_raw(&router, "POST", "/domains-list?maxResults=11", "")
        .await
        .assert_validation("'maxResults'");
    send_raw(&router, "POST", "/domains-list?maxResults=0", "")
        .await
        .assert_validation("'maxResults'");
    send_raw(&router, "POST", "/domains-list?maxResults=abc", "")
        .await
        .assert_validation("maxResults");
    send_raw(&router, "POST", "/domains-list?nextToken=bogus", "")
        .await
        .assert_validation("'nextToken'");
    let fields = format!("/domains/{}/fields", f.domain);
    post(&router, &fields, json!({"name": "f"}))
        .await
        .assert_validation("'type'");
    post(&router, &fields, json!({"name": "f", "type": "Blob"}))
        .await
        .assert_validation("'type'");
    post(&router, &fields, json!({"type": "Text"}))
        .await
        .assert_validation("'name'");
    post(
        &router,
        &fields,
        json!({"name": "f", "type": "Text", "description": "d".repeat(256)}),
    )
    .await
    .assert_validation("'description'");
    let list_fields = format!("/domains/{}/fields-list?maxResults=101", f.domain);
    send_raw(&router, "POST", &list_fields, "")
        .await
        .assert_validation("'maxResults'");
    let batch = format!("/domains/{}/fields-batch", f.domain);
    post(&router, &batch, json!({"fields": []}))
        .await
        .assert_validation("'fields'");
    post(&router, &batch, json!({}))
        .await
        .assert_validation("'fields'");
    let many: Vec<Value> = (0..51).map(|i| json!({"id": format!("f{i}")})).collect();
    post(&router, &batch, json!({"fields": many}))
        .await
        .assert_validation("'fields'");
    let templates = format!("/domains/{}/templates", f.domain);
    post(
        &router,
        &templates,
        json!({"name": "t", "status": "Paused"}),
    )
    .await
    .assert_validation("'status'");
    post(
        &router,
        &templates,
        json!({"name": "t", "requiredFields": [{"fieldId": "nope"}]}),
    )
    .await
    .assert_validation("'requiredFields[0].fieldId'");
    let list_templates = format!("/domains/{}/templates-list?status=Paused", f.domain);
    send_raw(&router, "POST", &list_templates, "")
        .await
        .assert_validation("'status[0]'");
    let cases = format!("/domains/{}/cases", f.domain);
    post(&router, &cases, json!({"fields": []}))
        .await
        .assert_validation("'templateId'");
    post(&router, &cases, json!({"templateId": f.template}))
        .await
        .assert_validation("'fields'");
    post(
        &router,
        &cases,
        json!({"templateId": f.template, "fields": []}),
    )
    .await
    .assert_validation("title");
    post(&router, &cases, json!({"templateId": f.template, "fields": [{"id": "title", "value": {"booleanValue": true}}]}))
        .await
        .assert_validation("'fields[0].value'");
    post(&router, &cases, json!({"templateId": f.template, "fields": [{"id": "nope", "value": {"stringValue": "x"}}]}))
        .await
        .assert_validation("'fields[0].id'");
    post(
        &router,
        &cases,
        json!({"templateId": f.template, "fields": [], "clientToken": "t".repeat(65)}),
    )
    .await
    .assert_validation("'clientToken'");
    post(&router, &f.case_path(""), json!({"fields": []}))
        .await
        .assert_validation("'fields'");
    post(&router, &f.case_path(""), json!({}))
        .await
        .assert_validation("'fields'");
}

#[tokio::test]
async fn unknown_resources_are_404() {
    let router = mock();
    let f = fixture(&router).await;
    post(&router, "/domains/nope", json!({}))
        .await
        .assert_not_found("Domain", "nope");
    post(
        &router,
        "/domains/nope/fields",
        json!({"name": "n", "type": "Text"}),
    )
    .await
    .assert_not_found("Domain", "nope");
    post(
        &router,
        "/domains/nope/cases/c/related-items/",
        item_body("File", 1),
    )
    .await
    .assert_not_found("Domain", "nope");
    let missing_case = format!("/domains/{}/cases/nope", f.domain);
    post(
        &router,
        &format!("{missing_case}/related-items/"),
        item_body("File", 1),
    )
    .await
    .assert_not_found("Case", "nope");
    post(
        &router,
        &format!("{missing_case}/related-items-search"),
        json!({}),
    )
    .await
    .assert_not_found("Case", "nope");
    post(&router, &format!("{missing_case}/audit-history"), json!({}))
        .await
        .assert_not_found("Case", "nope");
    post(&router, &missing_case, json!({"fields": [{"id": "title"}]}))
        .await
        .assert_not_found("Case", "nope");
    post(
        &router,
        &format!("/domains/{}/templates/nope", f.domain),
        json!({}),
    )
    .await
    .assert_not_found("Template", "nope");
    post(
        &router,
        &format!("/domains/{}/cases", f.domain),
        json!({"templateId": "nope", "fields": [
            {"id": "title", "value": {"stringValue": "t"}},
            {"id": "customer_id", "value": {"stringValue": "c"}}
        ]}),
    )
    .await
    .assert_not_found("Template", "nope");
}

#[tokio::test]
async fn unknown_routes_are_404_unknown_operation() {
    let router = mock();
    let f = fixture(&router).await;
    for (method, path) in [
        ("GET", "/domains".to_owned()),
        ("POST", "/nope".to_owned()),
        ("PUT", f.items_path()),
        ("POST", f.case_path("/related-items//")),
        ("POST", f.case_path("/audit-history/")),
        ("POST", f.case_path("/related-items-search/")),
        ("DELETE", format!("/domains/{}/cases", f.domain)),
        ("POST", format!("/domains/{}/cases-search/", f.domain)),
    ] {
        let reply = send_raw(&router, method, &path, "{}").await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{method} {path}");
        assert_eq!(
            reply.error_type(),
            "UnknownOperationException",
            "{method} {path}"
        );
        assert!(!reply.message().is_empty());
        reply.assert_json_content_type();
    }
}

#[tokio::test]
async fn oversized_bodies_are_413() {
    let router = mock();
    let f = fixture(&router).await;
    let huge = format!(
        r#"{{"type":"Comment","content":{{"comment":{{"body":"{}","contentType":"Text/Plain"}}}}}}"#,
        "x".repeat(cases_mock::DEFAULT_MAX_BODY_BYTES)
    );
    let reply = send_raw(&router, "POST", &f.items_path(), huge).await;
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(reply.message().contains("limit"), "{reply:?}");
    let small = cases_mock::router(cases_mock::MockConfig {
        max_body_bytes: 16,
        ..Default::default()
    });
    let reply = send_raw(
        &small,
        "POST",
        "/domains",
        r#"{"name": "seventeen bytes+"}"#,
    )
    .await;
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);
    send_raw(&small, "POST", "/domains", r#"{"name":"ok"}"#)
        .await
        .assert_ok();
}

#[tokio::test]
async fn path_labels_are_percent_decoded() {
    let router = mock();
    let f = fixture(&router).await;
    let encoded: String = f.domain.bytes().map(|b| format!("%{b:02X}")).collect();
    let reply = post(&router, &format!("/domains/{encoded}"), json!({})).await;
    assert_eq!(reply.assert_ok()["domainId"], f.domain.as_str());
    send_raw(&router, "POST", "/domains/%ZZ", "{}")
        .await
        .assert_validation("'domainId'");
}

/// Deterministic mutations of valid bodies: whatever arrives, the answer is a 2xx or
/// 4xx with a JSON body, never a 5xx (or a panic, which would fail the call).
#[tokio::test]
async fn mutated_bodies_never_yield_5xx() {
    let router = mock();
    let f = fixture(&router).await;
    let seeds = [
        (f.items_path(), item_body("Comment", 1).to_string()),
        (f.items_path(), item_body("Contact", 2).to_string()),
        (f.search_path(), r#"{"filters":[{"contact":{"channel":["VOICE"],"contactArn":"a"}},{"file":{"fileArn":"f"}}],"maxResults":3}"#.to_owned()),
        (f.audit_path(), r#"{"maxResults":2,"nextToken":"00"}"#.to_owned()),
        (format!("/domains/{}/cases", f.domain), format!(r#"{{"templateId":"{}","fields":[{{"id":"title","value":{{"stringValue":"t"}}}}]}}"#, f.template)),
    ];
    let mut state = 0x2545_F491_4F6C_DD1D_u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let alphabet = b"{}[]\":,0123456789-eE.truefalsnul \\\xff\xc3";
    for round in 0..600 {
        let (path, seed) = &seeds[round % seeds.len()];
        let mut bytes = seed.clone().into_bytes();
        for _ in 0..1 + next() % 4 {
            let at = (next() as usize) % bytes.len();
            match next() % 3 {
                0 => bytes[at] = alphabet[(next() as usize) % alphabet.len()],
                1 => {
                    bytes.remove(at);
                }
                _ => bytes.insert(at, alphabet[(next() as usize) % alphabet.len()]),
            }
            if bytes.is_empty() {
                break;
            }
        }
        let reply = send_raw(&router, "POST", path, bytes.clone()).await;
        assert!(
            reply.status.is_success() || reply.status.is_client_error(),
            "{} for {:?}",
            reply.status,
            String::from_utf8_lossy(&bytes)
        );
        if !reply.status.is_success() {
            assert!(!reply.error_type().is_empty());
            assert!(!reply.message().is_empty());
        }
    }
}

/// The model's CreateRelatedItem URI ends in `/related-items/` (what boto3 sends); the
/// official AWS SDK for Rust sends `/related-items`. Both reach the operation.
#[tokio::test]
async fn create_related_item_accepts_both_slash_forms() {
    let router = mock();
    let f = fixture(&router).await;
    post(&router, &f.items_path(), item_body("File", 1))
        .await
        .assert_ok();
    post(
        &router,
        &f.case_path("/related-items"),
        item_body("File", 2),
    )
    .await
    .assert_ok();
    let reply = post(&router, &f.search_path(), json!({})).await;
    assert_eq!(
        reply.assert_ok()["relatedItems"]
            .as_array()
            .expect("items")
            .len(),
        2
    );
}
