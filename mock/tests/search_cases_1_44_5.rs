//! The 1.44.5 deltas of SearchCases over raw HTTP (`oneshot`): `maxResults` up to 100,
//! the `tag` filter (alone and nested under `andAll`, `orAll`, `not`; tags set by
//! CreateCase and TagResource), `totalCount` across pages, and the wider `fields` and
//! `stringValue` bounds; each against 1.34.98, where the old rules hold (`tag` an unknown
//! union member, no `totalCount`).

mod common;

use std::collections::HashSet;

use axum::Router;
use cases_mock::{MockConfig, MockRelease};
use common::{Fixture, Reply, fixture, post, send_raw};
use serde_json::{Value, json};

const CUSTOMER: &str = "arn:aws:profile:us-east-1:123456789012:domains/p/profiles/x";

fn mock_at(release: MockRelease) -> Router {
    cases_mock::router(MockConfig {
        release,
        ..MockConfig::default()
    })
}

fn today() -> Router {
    mock_at(MockRelease::V1_44_5)
}

fn old() -> Router {
    mock_at(MockRelease::V1_34_98)
}

/// CreateCase with `title`, `customer_id` and, when not `null`, `tags` (1.44.5).
async fn new_case(router: &Router, fx: &Fixture, title: &str, tags: Value) -> String {
    let mut body = json!({
        "templateId": fx.template,
        "fields": [
            {"id": "title", "value": {"stringValue": title}},
            {"id": "customer_id", "value": {"stringValue": CUSTOMER}}
        ]
    });
    if !tags.is_null() {
        body["tags"] = tags;
    }
    let reply = post(router, &format!("/domains/{}/cases", fx.domain), body).await;
    reply.assert_ok()["caseId"]
        .as_str()
        .expect("caseId")
        .to_owned()
}

fn tags_path(fx: &Fixture, case: &str) -> String {
    format!(
        "/tags/arn%3Aaws%3Acases%3Aus-east-1%3A123456789012%3Adomain%2F{}%2Fcase%2F{case}",
        fx.domain
    )
}

async fn search(router: &Router, fx: &Fixture, body: Value) -> Reply {
    post(
        router,
        &format!("/domains/{}/cases-search", fx.domain),
        body,
    )
    .await
}

fn ids(reply: &Reply) -> Vec<String> {
    reply.assert_ok()["cases"]
        .as_array()
        .expect("cases")
        .iter()
        .map(|c| c["caseId"].as_str().expect("caseId").to_owned())
        .collect()
}

async fn found(router: &Router, fx: &Fixture, filter: Value) -> HashSet<String> {
    ids(&search(router, fx, json!({ "filter": filter })).await)
        .into_iter()
        .collect()
}

fn set(list: &[&String]) -> HashSet<String> {
    list.iter().map(|s| (*s).clone()).collect()
}

fn tag(key: &str, value: &str) -> Value {
    json!({"tag": {"equalTo": {"key": key, "value": value}}})
}

#[tokio::test]
async fn max_results_goes_to_100_at_1_44_5_only() {
    let router = today();
    let fx = fixture(&router).await;
    for n in [1, 25, 26, 100] {
        let reply = search(&router, &fx, json!({"maxResults": n})).await;
        assert_eq!(ids(&reply), [fx.case.as_str()], "maxResults {n}");
    }
    search(&router, &fx, json!({"maxResults": 101}))
        .await
        .assert_validation("maxResults");
    search(&router, &fx, json!({"maxResults": 0}))
        .await
        .assert_validation("maxResults");

    let router = old();
    let fx = fixture(&router).await;
    assert_eq!(
        ids(&search(&router, &fx, json!({"maxResults": 25})).await),
        [fx.case.as_str()]
    );
    for n in [26, 100] {
        search(&router, &fx, json!({"maxResults": n}))
            .await
            .assert_validation("maxResults");
    }
}

#[tokio::test]
async fn a_page_of_100_holds_100_cases_and_the_default_stays_25() {
    let router = today();
    let fx = fixture(&router).await;
    for i in 0..104 {
        new_case(&router, &fx, &format!("case {i}"), Value::Null).await;
    }
    let page = search(&router, &fx, json!({"maxResults": 100})).await;
    assert_eq!(ids(&page).len(), 100);
    assert!(page.body["nextToken"].is_string());
    assert_eq!(page.body["totalCount"], 105);
    let page = search(&router, &fx, json!({})).await;
    assert_eq!(ids(&page).len(), 25, "default page");
}

#[tokio::test]
async fn tag_filters_match_the_key_with_its_value() {
    let router = today();
    let fx = fixture(&router).await;
    let blue = new_case(&router, &fx, "blue", json!({"team": "blue", "tier": "1"})).await;
    let red = new_case(&router, &fx, "red", Value::Null).await;
    send_raw(
        &router,
        "POST",
        &tags_path(&fx, &red),
        json!({"tags": {"team": "red"}}).to_string(),
    )
    .await
    .assert_ok();
    let untagged = &fx.case;

    assert_eq!(
        found(&router, &fx, tag("team", "blue")).await,
        set(&[&blue])
    );
    assert_eq!(
        found(&router, &fx, tag("team", "red")).await,
        set(&[&red]),
        "a tag TagResource set"
    );
    assert!(found(&router, &fx, tag("team", "Blue")).await.is_empty());
    assert!(found(&router, &fx, tag("Team", "blue")).await.is_empty());
    assert!(found(&router, &fx, tag("tier", "2")).await.is_empty());
    assert!(found(&router, &fx, tag("other", "")).await.is_empty());
    assert_eq!(
        found(&router, &fx, json!({"not": tag("team", "blue")})).await,
        set(&[untagged, &red])
    );
    assert_eq!(
        found(
            &router,
            &fx,
            json!({"orAll": [tag("team", "blue"), tag("team", "red")]})
        )
        .await,
        set(&[&blue, &red])
    );
    assert_eq!(
        found(
            &router,
            &fx,
            json!({"andAll": [
                tag("tier", "1"),
                {"not": {"field": {"equalTo": {"id": "title", "value": {"stringValue": "red"}}}}}
            ]})
        )
        .await,
        set(&[&blue])
    );
    assert!(
        found(
            &router,
            &fx,
            json!({"andAll": [tag("team", "blue"), {"not": tag("tier", "1")}]})
        )
        .await
        .is_empty()
    );
    // Members the model leaves optional: accepted, matching nothing.
    assert!(
        found(&router, &fx, json!({"tag": {"equalTo": {"key": "team"}}}))
            .await
            .is_empty()
    );
    assert_eq!(
        found(&router, &fx, json!({"not": {"tag": {"equalTo": {}}}})).await,
        set(&[untagged, &blue, &red])
    );

    // UntagResource: the case no longer matches.
    send_raw(
        &router,
        "DELETE",
        &format!("{}?tagKeys=team", tags_path(&fx, &red)),
        "",
    )
    .await
    .assert_ok();
    assert!(found(&router, &fx, tag("team", "red")).await.is_empty());
}

#[tokio::test]
async fn tag_filters_are_validated_at_1_44_5() {
    let router = today();
    let fx = fixture(&router).await;
    for (filter, member) in [
        (json!({"tag": {}}), "'filter.tag'"),
        (
            json!({"tag": {"equalTo": {"key": "a", "value": "b"}}, "field": {"equalTo": {"id": "title", "value": {"emptyValue": {}}}}}),
            "'filter'",
        ),
        (
            json!({"andAll": [{"not": {"tag": {"equalTo": {"key": ""}}}}]}),
            "'filter.andAll[0].not.tag.equalTo.key'",
        ),
        (
            json!({"tag": {"equalTo": {"key": "k".repeat(129)}}}),
            "'filter.tag.equalTo.key'",
        ),
        (
            json!({"tag": {"equalTo": {"key": "semi;colon"}}}),
            "'filter.tag.equalTo.key'",
        ),
        (
            json!({"tag": {"equalTo": {"key": "k", "value": "v".repeat(257)}}}),
            "'filter.tag.equalTo.value'",
        ),
        (
            json!({"tag": {"equalTo": {"key": "k", "value": "a!"}}}),
            "'filter.tag.equalTo.value'",
        ),
    ] {
        search(&router, &fx, json!({ "filter": filter }))
            .await
            .assert_validation(member);
    }
    // The boundaries of the model's bounds are accepted.
    for filter in [
        json!({"tag": {"equalTo": {"key": "k".repeat(128), "value": "v".repeat(256)}}}),
        json!({"tag": {"equalTo": {"key": "a b_.:/=+-@9", "value": ""}}}),
    ] {
        search(&router, &fx, json!({ "filter": filter }))
            .await
            .assert_ok();
    }
}

#[tokio::test]
async fn tag_is_an_unknown_filter_member_at_1_34_98() {
    let router = old();
    let fx = fixture(&router).await;
    let reply = search(&router, &fx, json!({"filter": tag("team", "blue")})).await;
    reply.assert_validation("'filter'");
    assert!(reply.message().contains("found: none"), "{reply:?}");
    let reply = search(
        &router,
        &fx,
        json!({"filter": {"andAll": [{"not": tag("team", "blue")}]}}),
    )
    .await;
    reply.assert_validation("'filter.andAll[0].not'");
    // Beside a known member it is ignored, whatever its JSON.
    let reply = search(
        &router,
        &fx,
        json!({"filter": {"tag": 5, "field": {"equalTo": {"id": "title", "value": {"stringValue": "A case"}}}}}),
    )
    .await;
    assert_eq!(ids(&reply), [fx.case.as_str()]);
}

#[tokio::test]
async fn total_count_counts_every_match_on_every_page() {
    let router = today();
    let fx = fixture(&router).await;
    for i in 0..6 {
        let tags = if i % 2 == 0 {
            json!({"parity": "even"})
        } else {
            Value::Null
        };
        new_case(&router, &fx, &format!("item {i}"), tags).await;
    }
    // 7 cases (the fixture's "A case" and six "item N"); 3 tagged even.
    let mut token: Option<String> = None;
    let mut seen = 0;
    loop {
        let mut body = json!({"maxResults": 2, "searchTerm": "item"});
        if let Some(t) = &token {
            body["nextToken"] = json!(t);
        }
        let reply = search(&router, &fx, body).await;
        seen += ids(&reply).len();
        assert_eq!(reply.body["totalCount"], 6, "{reply:?}");
        match reply.body["nextToken"].as_str() {
            Some(t) => token = Some(t.to_owned()),
            None => break,
        }
    }
    assert_eq!(seen, 6);
    let reply = search(
        &router,
        &fx,
        json!({"maxResults": 1, "filter": tag("parity", "even")}),
    )
    .await;
    assert_eq!(ids(&reply).len(), 1);
    assert_eq!(reply.body["totalCount"], 3);
    let reply = search(&router, &fx, json!({})).await;
    assert_eq!(reply.body["totalCount"], 7);
    let reply = search(&router, &fx, json!({"filter": tag("parity", "odd")})).await;
    assert_eq!(ids(&reply).len(), 0);
    assert_eq!(reply.body["totalCount"], 0, "present when nothing matches");

    let router = old();
    let fx = fixture(&router).await;
    let reply = search(&router, &fx, json!({})).await;
    assert_eq!(ids(&reply), [fx.case.as_str()]);
    assert!(reply.body.get("totalCount").is_none(), "{reply:?}");
}

#[tokio::test]
async fn fields_and_filter_strings_take_the_1_44_5_bounds() {
    let fields =
        |n: usize| -> Vec<Value> { (0..n).map(|i| json!({"id": format!("f{i}")})).collect() };
    let contains = |n: usize| json!({"field": {"contains": {"id": "title", "value": {"stringValue": "s".repeat(n)}}}});

    let router = today();
    let fx = fixture(&router).await;
    search(&router, &fx, json!({"fields": fields(25)}))
        .await
        .assert_ok();
    search(&router, &fx, json!({"fields": fields(26)}))
        .await
        .assert_validation("'fields'");
    search(&router, &fx, json!({"filter": contains(4100)}))
        .await
        .assert_ok();
    search(&router, &fx, json!({"filter": contains(4101)}))
        .await
        .assert_validation("'filter.field.contains.value.stringValue'");

    let router = old();
    let fx = fixture(&router).await;
    search(&router, &fx, json!({"fields": fields(10)}))
        .await
        .assert_ok();
    search(&router, &fx, json!({"fields": fields(11)}))
        .await
        .assert_validation("'fields'");
    search(&router, &fx, json!({"filter": contains(1500)}))
        .await
        .assert_ok();
    search(&router, &fx, json!({"filter": contains(1501)}))
        .await
        .assert_validation("'filter.field.contains.value.stringValue'");
}
