//! DeleteDomain, TagResource, UntagResource, ListTagsForResource,
//! GetCaseEventConfiguration and PutCaseEventConfiguration over raw HTTP (`oneshot`):
//! success, every error status each can return, the domain gone after its deletion, tags
//! round trips on every taggable resource, and the percent-decoding of the `{arn}` label.

mod common;

use axum::Router;
use axum::http::StatusCode;
use common::{Fixture, Reply, fixture, item_body, mock, post, send_raw};
use serde_json::{Value, json};

const PREFIX: &str = "arn:aws:cases:us-east-1:123456789012:";

/// Percent-encodes every byte but the unreserved ones, as botocore quotes a non-greedy
/// label (`:` and `/` included).
fn quote(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn tags_path(arn: &str) -> String {
    format!("/tags/{}", quote(arn))
}

async fn send(router: &Router, method: &str, path: &str) -> Reply {
    send_raw(router, method, path, "").await
}

async fn list_tags(router: &Router, arn: &str) -> Value {
    send(router, "GET", &tags_path(arn)).await.assert_ok()["tags"].clone()
}

async fn tag(router: &Router, arn: &str, tags: Value) {
    let reply = post(router, &tags_path(arn), json!({ "tags": tags })).await;
    assert_eq!(reply.assert_ok(), &json!({}));
}

async fn untag(router: &Router, arn: &str, keys: &[&str]) {
    let query: Vec<String> = keys
        .iter()
        .map(|k| format!("tagKeys={}", quote(k)))
        .collect();
    let path = format!("{}?{}", tags_path(arn), query.join("&"));
    let reply = send(router, "DELETE", &path).await;
    assert_eq!(reply.assert_ok(), &json!({}));
}

async fn create_domain(router: &Router, name: &str) -> (String, String) {
    let reply = post(router, "/domains", json!({ "name": name })).await;
    let body = reply.assert_ok();
    (
        body["domainId"].as_str().expect("domainId").to_owned(),
        body["domainArn"].as_str().expect("domainArn").to_owned(),
    )
}

async fn domain_ids_listed(router: &Router) -> Vec<String> {
    let mut ids = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let path = match &token {
            Some(t) => format!("/domains-list?maxResults=1&nextToken={}", quote(t)),
            None => "/domains-list?maxResults=1".to_owned(),
        };
        let reply = post(router, &path, json!({})).await;
        let body = reply.assert_ok();
        for d in body["domains"].as_array().expect("domains") {
            ids.push(d["domainId"].as_str().expect("id").to_owned());
        }
        match body["nextToken"].as_str() {
            Some(t) => token = Some(t.to_owned()),
            None => return ids,
        }
    }
}

/// A fixture with one comment on its case; returns the related item's ARN too.
async fn fixture_with_item(router: &Router) -> (Fixture, String) {
    let f = fixture(router).await;
    let reply = post(router, &f.items_path(), item_body("Comment", 1)).await;
    let arn = reply.assert_ok()["relatedItemArn"]
        .as_str()
        .expect("relatedItemArn")
        .to_owned();
    (f, arn)
}

// ---------------------------------------------------------------- DeleteDomain

#[tokio::test]
async fn delete_domain_removes_the_domain_and_everything_in_it() {
    let router = mock();
    let (f, item_arn) = fixture_with_item(&router).await;
    let (other, other_arn) = create_domain(&router, "kept").await;
    let domain_arn = format!("{PREFIX}domain/{}", f.domain);
    let case_arn = format!("{domain_arn}/case/{}", f.case);
    for arn in [&domain_arn, &case_arn, &item_arn, &other_arn] {
        tag(&router, arn, json!({"k": "v"})).await;
    }
    let put = send_raw(
        &router,
        "PUT",
        &format!("/domains/{}/case-event-configuration", f.domain),
        json!({"eventBridge": {"enabled": true}}).to_string(),
    )
    .await;
    put.assert_ok();

    let reply = send(&router, "DELETE", &format!("/domains/{}", f.domain)).await;
    assert_eq!(reply.assert_ok(), &json!({}));

    post(&router, &format!("/domains/{}", f.domain), json!({}))
        .await
        .assert_not_found("Domain", &f.domain);
    assert_eq!(domain_ids_listed(&router).await, [other.as_str()]);
    post(
        &router,
        &f.case_path(""),
        json!({"fields": [{"id": "title"}]}),
    )
    .await
    .assert_not_found("Domain", &f.domain);
    post(&router, &f.search_path(), json!({}))
        .await
        .assert_not_found("Domain", &f.domain);
    post(
        &router,
        &format!("/domains/{}/fields-list", f.domain),
        json!({}),
    )
    .await
    .assert_not_found("Domain", &f.domain);
    post(
        &router,
        &format!("/domains/{}/templates/{}", f.domain, f.template),
        json!({}),
    )
    .await
    .assert_not_found("Domain", &f.domain);
    post(
        &router,
        &format!("/domains/{}/case-event-configuration", f.domain),
        json!({}),
    )
    .await
    .assert_not_found("Domain", &f.domain);
    // The tags of the domain and of what was in it went with it.
    send(&router, "GET", &tags_path(&domain_arn))
        .await
        .assert_not_found("Domain", &domain_arn);
    send(&router, "GET", &tags_path(&case_arn))
        .await
        .assert_not_found("Case", &case_arn);
    send(&router, "GET", &tags_path(&item_arn))
        .await
        .assert_not_found("RelatedItem", &item_arn);
    // Another domain is untouched.
    assert_eq!(list_tags(&router, &other_arn).await, json!({"k": "v"}));
    let got = post(&router, &format!("/domains/{other}"), json!({})).await;
    assert_eq!(got.assert_ok()["tags"], json!({"k": "v"}));

    // Deleting it again: the domain is unknown.
    send(&router, "DELETE", &format!("/domains/{}", f.domain))
        .await
        .assert_not_found("Domain", &f.domain);
}

#[tokio::test]
async fn delete_domain_unknown_and_invalid() {
    let router = mock();
    send(&router, "DELETE", "/domains/no-such-domain")
        .await
        .assert_not_found("Domain", "no-such-domain");
    send(&router, "DELETE", &format!("/domains/{}", "d".repeat(501)))
        .await
        .assert_validation("domainId");
    let (id, _) = create_domain(&router, "d").await;
    send_raw(&router, "DELETE", &format!("/domains/{id}"), "[1]")
        .await
        .assert_validation("JSON object");
    send_raw(&router, "DELETE", "/domains/%ff", "")
        .await
        .assert_validation("domainId");
    // Nothing was deleted by the refused requests.
    post(&router, &format!("/domains/{id}"), json!({}))
        .await
        .assert_ok();
    // A JSON object body is ignored, as for GetDomain.
    send_raw(&router, "DELETE", &format!("/domains/{id}"), "{}")
        .await
        .assert_ok();
}

#[tokio::test]
async fn a_listing_walk_survives_a_deletion() {
    let router = mock();
    let (a, _) = create_domain(&router, "a").await;
    let (b, _) = create_domain(&router, "b").await;
    let (c, _) = create_domain(&router, "c").await;
    let first = post(&router, "/domains-list?maxResults=1", json!({})).await;
    let first = first.assert_ok().clone();
    assert_eq!(first["domains"][0]["domainId"], a.as_str());
    let token = first["nextToken"].as_str().expect("a next page").to_owned();
    send(&router, "DELETE", &format!("/domains/{b}"))
        .await
        .assert_ok();
    let rest = post(
        &router,
        &format!("/domains-list?maxResults=5&nextToken={}", quote(&token)),
        json!({}),
    )
    .await;
    let rest = rest.assert_ok();
    let ids: Vec<&str> = rest["domains"]
        .as_array()
        .expect("domains")
        .iter()
        .map(|d| d["domainId"].as_str().expect("id"))
        .collect();
    assert_eq!(ids, [c.as_str()]);
    assert!(rest.get("nextToken").is_none());
    // Deleting the last domain leaves an empty listing without a token.
    for id in [&a, &c] {
        send(&router, "DELETE", &format!("/domains/{id}"))
            .await
            .assert_ok();
    }
    let empty = post(&router, "/domains-list", json!({})).await;
    assert_eq!(empty.assert_ok(), &json!({"domains": []}));
}

// ---------------------------------------------------------------- tags

#[tokio::test]
async fn tags_round_trip_on_every_taggable_resource() {
    let router = mock();
    let (f, item_arn) = fixture_with_item(&router).await;
    let field = post(
        &router,
        &format!("/domains/{}/fields", f.domain),
        json!({"name": "priority", "type": "Number"}),
    )
    .await;
    let field = field.assert_ok().clone();
    let domain_arn = format!("{PREFIX}domain/{}", f.domain);
    let arns = [
        domain_arn.clone(),
        format!("{domain_arn}/case/{}", f.case),
        format!("{domain_arn}/template/{}", f.template),
        field["fieldArn"].as_str().expect("fieldArn").to_owned(),
        format!("{domain_arn}/field/title"),
        item_arn.clone(),
    ];
    for arn in &arns {
        // Nothing can be tagged at creation in this release: every resource starts bare.
        assert_eq!(list_tags(&router, arn).await, json!({}), "{arn}");
        tag(
            &router,
            arn,
            json!({"Team": "cases", "cost-center": "42", "env": "test"}),
        )
        .await;
        tag(&router, arn, json!({"env": "prod", "empty": ""})).await;
        assert_eq!(
            list_tags(&router, arn).await,
            json!({"Team": "cases", "cost-center": "42", "env": "prod", "empty": ""}),
            "{arn}"
        );
    }

    // Each resource's own read carries its tags.
    let expected = json!({"Team": "cases", "cost-center": "42", "env": "prod", "empty": ""});
    let got = post(&router, &format!("/domains/{}", f.domain), json!({})).await;
    assert_eq!(got.assert_ok()["tags"], expected);
    let got = post(
        &router,
        &f.case_path(""),
        json!({"fields": [{"id": "title"}]}),
    )
    .await;
    assert_eq!(got.assert_ok()["tags"], expected);
    let got = post(
        &router,
        &format!("/domains/{}/templates/{}", f.domain, f.template),
        json!({}),
    )
    .await;
    assert_eq!(got.assert_ok()["tags"], expected);
    let got = post(
        &router,
        &format!("/domains/{}/fields-batch", f.domain),
        json!({"fields": [{"id": "title"}, {"id": field["fieldId"]}, {"id": "summary"}]}),
    )
    .await;
    let fields = got.assert_ok()["fields"].clone();
    assert_eq!(fields[0]["tags"], expected);
    assert_eq!(fields[1]["tags"], expected);
    assert_eq!(fields[2]["tags"], json!({}), "an untagged field");
    let got = post(&router, &f.search_path(), json!({})).await;
    assert_eq!(got.assert_ok()["relatedItems"][0]["tags"], expected);

    // Untag with a repeated tagKeys, a key the resource lacks included.
    for arn in &arns {
        untag(&router, arn, &["Team", "env", "never-set"]).await;
        assert_eq!(
            list_tags(&router, arn).await,
            json!({"cost-center": "42", "empty": ""}),
            "{arn}"
        );
        untag(&router, arn, &["cost-center", "empty"]).await;
        assert_eq!(list_tags(&router, arn).await, json!({}), "{arn}");
    }
    let got = post(&router, &format!("/domains/{}", f.domain), json!({})).await;
    assert_eq!(got.assert_ok()["tags"], json!({}));
}

#[tokio::test]
async fn tags_stay_on_their_resource() {
    let router = mock();
    let (f, _) = fixture_with_item(&router).await;
    let domain_arn = format!("{PREFIX}domain/{}", f.domain);
    let case_arn = format!("{domain_arn}/case/{}", f.case);
    tag(&router, &case_arn, json!({"only": "case"})).await;
    assert_eq!(list_tags(&router, &domain_arn).await, json!({}));
    assert_eq!(list_tags(&router, &case_arn).await, json!({"only": "case"}));
    let g = fixture(&router).await;
    let other_case = format!("{PREFIX}domain/{}/case/{}", g.domain, g.case);
    assert_eq!(list_tags(&router, &other_case).await, json!({}));
}

#[tokio::test]
async fn the_arn_label_is_percent_decoded() {
    let router = mock();
    let f = fixture(&router).await;
    let arn = format!("{PREFIX}domain/{}/case/{}", f.domain, f.case);
    // Upper-case escapes of `:` and `/` (botocore).
    tag(&router, &arn, json!({"a": "1"})).await;
    // Lower-case escapes.
    let lower = format!("/tags/{}", arn.replace(':', "%3a").replace('/', "%2f"));
    let reply = send(&router, "GET", &lower).await;
    assert_eq!(reply.assert_ok()["tags"], json!({"a": "1"}));
    // `:` left as is, only `/` escaped (clients that quote only what must be).
    let partial = format!("/tags/{}", arn.replace('/', "%2F"));
    let reply = send(&router, "GET", &partial).await;
    assert_eq!(reply.assert_ok()["tags"], json!({"a": "1"}));
    // Unnecessary escapes of letters decode too.
    let letters = format!("/tags/%61{}", &quote(&arn)[1..]);
    let reply = send(&router, "GET", &letters).await;
    assert_eq!(reply.assert_ok()["tags"], json!({"a": "1"}));
    // An unescaped `/` splits the label: no operation has that path.
    let raw = format!("/tags/{arn}");
    let reply = send(&router, "GET", &raw).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert_eq!(reply.error_type(), "UnknownOperationException");
    // A malformed escape is a 400 naming the label.
    send(&router, "GET", "/tags/arn%3Aaws%zz")
        .await
        .assert_validation("arn");
}

#[tokio::test]
async fn unknown_arns_are_404_naming_the_arn() {
    let router = mock();
    let (f, item_arn) = fixture_with_item(&router).await;
    let d = format!("{PREFIX}domain/{}", f.domain);
    let cases = [
        (format!("{PREFIX}domain/nope"), "Domain"),
        (format!("{PREFIX}domain/nope/case/{}", f.case), "Case"),
        (format!("{d}/case/nope"), "Case"),
        (format!("{d}/field/nope"), "Field"),
        (format!("{d}/template/nope"), "Template"),
        (format!("{d}/layout/{}", f.template), "Layout"),
        (
            format!("{d}/case/{}/related-item/nope", f.case),
            "RelatedItem",
        ),
        (item_arn.replace(&f.case, &f.template), "RelatedItem"),
        (
            format!("arn:aws:cases:eu-west-1:123456789012:domain/{}", f.domain),
            "Resource",
        ),
        (
            format!("arn:aws:cases:us-east-1:210987654321:domain/{}", f.domain),
            "Resource",
        ),
        (format!("{d}/sla/x"), "Resource"),
        (format!("{d}/"), "Resource"),
        ("not-an-arn".to_owned(), "Resource"),
    ];
    for (arn, kind) in &cases {
        send(&router, "GET", &tags_path(arn))
            .await
            .assert_not_found(kind, arn);
        post(&router, &tags_path(arn), json!({"tags": {"a": "b"}}))
            .await
            .assert_not_found(kind, arn);
        send(&router, "DELETE", &format!("{}?tagKeys=a", tags_path(arn)))
            .await
            .assert_not_found(kind, arn);
    }
}

#[tokio::test]
async fn tag_resource_validation() {
    let router = mock();
    let (_, arn) = create_domain(&router, "d").await;
    let path = tags_path(&arn);
    post(&router, &path, json!({}))
        .await
        .assert_validation("'tags'");
    post(&router, &path, json!({"tags": null}))
        .await
        .assert_validation("'tags'");
    post(&router, &path, json!({"tags": ["a"]}))
        .await
        .assert_validation("'tags'");
    post(&router, &path, json!({"tags": {"a": 1}}))
        .await
        .assert_validation("'tags.a'");
    post(&router, &path, json!({"tags": {"a": null}}))
        .await
        .assert_validation("'tags.a'");
    send_raw(&router, "POST", &path, "{\"tags\":")
        .await
        .assert_validation("not valid JSON");
    post(&router, &tags_path(&"a".repeat(501)), json!({"tags": {}}))
        .await
        .assert_validation("'arn'");
    // The `Tags` map's keys and values are plain `String`s: anything goes, `{}` included.
    tag(&router, &arn, json!({})).await;
    tag(
        &router,
        &arn,
        json!({"aws:reserved?": "x y", "": "empty key"}),
    )
    .await;
    assert_eq!(
        list_tags(&router, &arn).await,
        json!({"aws:reserved?": "x y", "": "empty key"})
    );
    // Refused requests changed nothing.
    let reply = post(&router, &path, json!({"tags": {"b": 2}})).await;
    reply.assert_validation("'tags.b'");
    assert_eq!(
        list_tags(&router, &arn)
            .await
            .as_object()
            .expect("map")
            .len(),
        2
    );
}

#[tokio::test]
async fn untag_resource_validation() {
    let router = mock();
    let (_, arn) = create_domain(&router, "d").await;
    tag(&router, &arn, json!({"keep": "1"})).await;
    let path = tags_path(&arn);
    send(&router, "DELETE", &path)
        .await
        .assert_validation("Value null at 'tagKeys'");
    send(&router, "DELETE", &format!("{path}?tagKeys="))
        .await
        .assert_validation("'tagKeys[0]'");
    let reply = send(
        &router,
        "DELETE",
        &format!("{path}?tagKeys=keep&tagKeys=aws%3Aname&tagKeys=with%20space"),
    )
    .await;
    reply.assert_validation("Value 'aws:name' at 'tagKeys[1]'");
    assert!(
        reply
            .message()
            .contains("Value 'with space' at 'tagKeys[2]'")
    );
    assert!(reply.message().starts_with("2 validation errors"));
    send(
        &router,
        "DELETE",
        &format!("{path}?tagKeys={}", "k".repeat(129)),
    )
    .await
    .assert_validation("'tagKeys[0]'");
    let many: Vec<String> = (0..51).map(|i| format!("tagKeys=k{i}")).collect();
    send(&router, "DELETE", &format!("{path}?{}", many.join("&")))
        .await
        .assert_validation("'tagKeys'");
    send(
        &router,
        "DELETE",
        &format!("{}?tagKeys=a", tags_path(&"a".repeat(501))),
    )
    .await
    .assert_validation("'arn'");
    // None of these removed anything.
    assert_eq!(list_tags(&router, &arn).await, json!({"keep": "1"}));
    // Keys the resource lacks are no error; 50 keys are within the list's bound.
    let fifty: Vec<String> = (0..50).map(|i| format!("tagKeys=k{i}")).collect();
    send(&router, "DELETE", &format!("{path}?{}", fifty.join("&")))
        .await
        .assert_ok();
    assert_eq!(list_tags(&router, &arn).await, json!({"keep": "1"}));
    // Digits, `+ , - . / : ; < = _` fit the key pattern's class.
    tag(&router, &arn, json!({"a1+,-./:;<=_Z": "odd"})).await;
    untag(&router, &arn, &["a1+,-./:;<=_Z"]).await;
    assert_eq!(list_tags(&router, &arn).await, json!({"keep": "1"}));
}

#[tokio::test]
async fn list_tags_for_resource_validation() {
    let router = mock();
    send(&router, "GET", &tags_path(&"a".repeat(501)))
        .await
        .assert_validation("'arn'");
    let (_, arn) = create_domain(&router, "d").await;
    send_raw(&router, "GET", &tags_path(&arn), "nul")
        .await
        .assert_validation("not valid JSON");
    let reply = send(&router, "GET", &tags_path(&arn)).await;
    assert_eq!(reply.assert_ok(), &json!({"tags": {}}));
    // Tags are read with GET only: POST is TagResource and needs `tags`.
    post(&router, &tags_path(&arn), json!({}))
        .await
        .assert_validation("'tags'");
    let put = send(&router, "PUT", &tags_path(&arn)).await;
    assert_eq!(put.status, StatusCode::NOT_FOUND);
    assert_eq!(put.error_type(), "UnknownOperationException");
}

// ---------------------------------------------------------------- case event configuration

fn config_path(domain: &str) -> String {
    format!("/domains/{domain}/case-event-configuration")
}

async fn put_config(router: &Router, domain: &str, body: Value) -> Reply {
    send_raw(router, "PUT", &config_path(domain), body.to_string()).await
}

async fn get_config(router: &Router, domain: &str) -> Value {
    post(router, &config_path(domain), json!({}))
        .await
        .assert_ok()
        .clone()
}

#[tokio::test]
async fn case_event_configuration_defaults_off_and_round_trips() {
    let router = mock();
    let f = fixture(&router).await;
    assert_eq!(
        get_config(&router, &f.domain).await,
        json!({"eventBridge": {"enabled": false}})
    );
    let custom = post(
        &router,
        &format!("/domains/{}/fields", f.domain),
        json!({"name": "priority", "type": "Number"}),
    )
    .await;
    let custom = custom.assert_ok()["fieldId"].clone();
    let full = json!({"eventBridge": {"enabled": true, "includedData": {
        "caseData": {"fields": [{"id": "status"}, {"id": custom}, {"id": "title"}]},
        "relatedItemData": {"includeContent": true}
    }}});
    assert_eq!(
        put_config(&router, &f.domain, full.clone())
            .await
            .assert_ok(),
        &json!({})
    );
    assert_eq!(get_config(&router, &f.domain).await, full);
    // A put replaces the whole configuration.
    let partial = json!({"eventBridge": {"enabled": false, "includedData": {
        "relatedItemData": {"includeContent": false}
    }}});
    put_config(&router, &f.domain, partial.clone())
        .await
        .assert_ok();
    assert_eq!(get_config(&router, &f.domain).await, partial);
    for config in [
        json!({"eventBridge": {"enabled": true, "includedData": {}}}),
        json!({"eventBridge": {"enabled": true, "includedData": {"caseData": {"fields": []}}}}),
        json!({"eventBridge": {"enabled": true}}),
    ] {
        put_config(&router, &f.domain, config.clone())
            .await
            .assert_ok();
        assert_eq!(get_config(&router, &f.domain).await, config);
    }
    // Configurations are per domain.
    let g = fixture(&router).await;
    assert_eq!(
        get_config(&router, &g.domain).await,
        json!({"eventBridge": {"enabled": false}})
    );
    // An empty GetCaseEventConfiguration body is `{}`.
    let reply = send(&router, "POST", &config_path(&f.domain)).await;
    assert_eq!(reply.assert_ok()["eventBridge"]["enabled"], true);
}

#[tokio::test]
async fn case_event_configuration_errors() {
    let router = mock();
    let f = fixture(&router).await;
    let valid = json!({"eventBridge": {"enabled": true}});
    put_config(&router, "nope", valid.clone())
        .await
        .assert_not_found("Domain", "nope");
    post(&router, &config_path("nope"), json!({}))
        .await
        .assert_not_found("Domain", "nope");
    post(&router, &config_path(&"d".repeat(501)), json!({}))
        .await
        .assert_validation("'domainId'");
    put_config(&router, &"d".repeat(501), valid.clone())
        .await
        .assert_validation("'domainId'");
    let invalid = [
        (json!({}), "Value null at 'eventBridge'"),
        (json!({"eventBridge": null}), "Value null at 'eventBridge'"),
        (json!({"eventBridge": []}), "'eventBridge'"),
        (
            json!({"eventBridge": {}}),
            "Value null at 'eventBridge.enabled'",
        ),
        (
            json!({"eventBridge": {"enabled": "true"}}),
            "'eventBridge.enabled'",
        ),
        (
            json!({"eventBridge": {"enabled": true, "includedData": {"caseData": {}}}}),
            "Value null at 'eventBridge.includedData.caseData.fields'",
        ),
        (
            json!({"eventBridge": {"enabled": true, "includedData": {"relatedItemData": {}}}}),
            "Value null at 'eventBridge.includedData.relatedItemData.includeContent'",
        ),
        (
            json!({"eventBridge": {"enabled": true, "includedData": {"caseData": {"fields": [{"id": "title"}, {}]}}}}),
            "Value null at 'eventBridge.includedData.caseData.fields[1].id'",
        ),
        (
            json!({"eventBridge": {"enabled": true, "includedData": {"caseData": {"fields": [{"id": ""}]}}}}),
            "'eventBridge.includedData.caseData.fields[0].id'",
        ),
        (
            json!({"eventBridge": {"enabled": true, "includedData": {"caseData": {"fields": [{"id": "title"}, {"id": "no-such-field"}]}}}}),
            "'eventBridge.includedData.caseData.fields[1].id'",
        ),
    ];
    for (body, member) in invalid {
        put_config(&router, &f.domain, body.clone())
            .await
            .assert_validation(member);
    }
    let many: Vec<Value> = (0..201).map(|_| json!({"id": "title"})).collect();
    put_config(
        &router,
        &f.domain,
        json!({"eventBridge": {"enabled": true, "includedData": {"caseData": {"fields": many}}}}),
    )
    .await
    .assert_validation("'eventBridge.includedData.caseData.fields'");
    // None of the refused puts changed the configuration.
    assert_eq!(
        get_config(&router, &f.domain).await,
        json!({"eventBridge": {"enabled": false}})
    );
    let two_hundred: Vec<Value> = (0..200).map(|_| json!({"id": "title"})).collect();
    put_config(
        &router,
        &f.domain,
        json!({"eventBridge": {"enabled": true, "includedData": {"caseData": {"fields": two_hundred}}}}),
    )
    .await
    .assert_ok();
    // GET is no method of this path.
    let reply = send(&router, "GET", &config_path(&f.domain)).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert_eq!(reply.error_type(), "UnknownOperationException");
}

// ---------------------------------------------------------------- robustness

#[tokio::test]
async fn odd_bodies_never_get_a_5xx_on_the_new_routes() {
    let router = mock();
    let (f, item_arn) = fixture_with_item(&router).await;
    let arn_path = tags_path(&item_arn);
    let routes = [
        ("POST", arn_path.clone()),
        ("GET", arn_path.clone()),
        ("DELETE", format!("{arn_path}?tagKeys=a&tagKeys=%zz")),
        ("DELETE", format!("{arn_path}?tagKeys=a")),
        ("POST", config_path(&f.domain)),
        ("PUT", config_path(&f.domain)),
        ("DELETE", "/domains/unknown".to_owned()),
    ];
    let bodies = [
        "",
        "{}",
        "null",
        "[]",
        "\"tags\"",
        "{\"tags\":{\"k\":{\"nested\":1}}}",
        "{\"tags\":{\"k\":\"v\"},\"tags\":7}",
        "{\"eventBridge\":{\"enabled\":true,\"includedData\":{\"caseData\":{\"fields\":[[]]}}}}",
        "{\"eventBridge\":{\"enabled\":true,\"includedData\":{\"caseData\":{\"fields\":{}}}}}",
        "{\"eventBridge\":{\"enabled\":1}}",
        "{\"eventBridge\":{\"enabled\":true,\"includedData\":[]}}",
        "{\"eventBridge\":{\"enabled\":true,\"includedData\":{\"relatedItemData\":{\"includeContent\":\"x\"}}}}",
        "{\"tags\":{\"\\ud800\":\"lone surrogate\"}}",
        "\u{0}\u{1}\u{2}",
        "{\"tags\":{}} trailing",
    ];
    for (method, path) in &routes {
        for body in bodies {
            let reply = send_raw(&router, method, path, body).await;
            assert!(
                reply.status.as_u16() < 500,
                "{method} {path} {body:?}: {reply:?}"
            );
            reply.assert_json_content_type();
            if reply.status.as_u16() >= 400 {
                assert!(!reply.error_type().is_empty(), "{reply:?}");
                assert!(!reply.message().is_empty(), "{reply:?}");
            } else {
                assert!(reply.body.is_object(), "{reply:?}");
            }
        }
    }
    // The item survived all of it, and so did the configuration's validity.
    assert!(list_tags(&router, &item_arn).await.is_object());
    let config = get_config(&router, &f.domain).await;
    assert!(config["eventBridge"]["enabled"].is_boolean(), "{config}");
}
