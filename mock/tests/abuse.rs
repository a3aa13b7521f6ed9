//! The mock under abuse: arbitrary bytes, arbitrary JSON values, arbitrary methods, paths,
//! query strings, headers and SigV4 `Authorization` headers, fed to the router in-process
//! (`tower::ServiceExt::oneshot`, no socket). The harness points garbage at the mock on
//! purpose, so whatever arrives the mock must answer, never panic, never blame itself with
//! a 5xx, and keep to its error form (`x-amzn-ErrorType` plus a JSON `message`).
//!
//! Property-based with proptest on a fixed seed (reproducible; a few thousand cases in
//! about a second), against routers that keep their state across cases: whatever the
//! garbage managed to create stays and is searched, listed and audited by later cases.
//! `tests/validation.rs` has the deterministic rule-by-rule tests.

mod common;

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderName, HeaderValue, Method, Request, Uri};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestRng, TestRunner};
use serde_json::{Map, Value};
use tower::ServiceExt as _;

/// Member names of the API's requests: objects built from these reach deeper into the
/// decoders than random keys would.
const MEMBERS: &[&str] = &[
    "type",
    "content",
    "file",
    "fileArn",
    "comment",
    "body",
    "contentType",
    "contact",
    "contactArn",
    "channel",
    "filters",
    "maxResults",
    "nextToken",
    "performedBy",
    "userArn",
    "fields",
    "id",
    "value",
    "stringValue",
    "doubleValue",
    "booleanValue",
    "emptyValue",
    "templateId",
    "name",
    "status",
    "tags",
    "clientToken",
    "description",
    "layoutConfiguration",
    "requiredFields",
    "fieldId",
    "sla",
    // Members 1.44.5 brought (case rules, BatchUpdateCase, merges, SearchCases' tag
    // filter and sorts, the new related-item kinds, SearchAllRelatedItems' sorts).
    "domainId",
    "caseId",
    "cases",
    "caseIdentifier",
    "referenceId",
    "fieldIdentifier",
    "title",
    "customerId",
    "secondaryCaseIds",
    "fieldsConfiguration",
    "fieldIds",
    "sourceCaseId",
    "relatedItemsConfiguration",
    "filter",
    "andAll",
    "orAll",
    "not",
    "field",
    "tag",
    "key",
    "equalTo",
    "sorts",
    "sortOrder",
    "sortProperty",
    "searchTerm",
    "custom",
    "connectCase",
    "slaInputConfiguration",
    "targetSlaMinutes",
    "targetFieldValues",
    "customEntity",
    "caseRules",
    "caseRuleId",
    "rule",
    "required",
    "hidden",
    "fieldOptions",
    "conditions",
    "defaultValue",
    "operandOne",
    "operandTwo",
    "result",
];

/// Path segments of the API's routes, plus the shapes path parsers trip on.
const SEGMENTS: &[&str] = &[
    "domains",
    "domains-list",
    "cases",
    "related-items",
    "related-items-search",
    "audit-history",
    "fields",
    "fields-list",
    "fields-batch",
    "templates",
    "templates-list",
    "layouts",
    "cases-search",
    "list-cases-for-contact",
    "case-event-configuration",
    "tags",
    "options",
    "options-list",
    // The routes 1.44.5 brought, colon URIs included.
    "case-rules",
    "rules-batch",
    "rules-list",
    "merge",
    "merge-status",
    "cases:batchUpdateCase",
    "cases:batchCreateRelatedItem",
    "",
    ".",
    "..",
    "%",
    "%zz",
    "%00",
    "%2F",
    "%ff%fe",
    "%C3%A9",
    "~",
    "a b",
    "{domainId}",
];

/// Query strings: the API's query members with good and bad values, and broken syntax.
const QUERIES: &[&str] = &[
    "",
    "maxResults=1",
    "maxResults=0",
    "maxResults=-1",
    "maxResults=99999999999999999999",
    "maxResults=abc",
    "nextToken=",
    "nextToken=garbage",
    "nextToken=%ff",
    "status=Active&status=Inactive",
    "status=Nope",
    "maxResults=2&maxResults=3",
    "&&&",
    "=",
    "%",
    "a=%zz",
];

/// The ids a mutated request can point at: a real domain, case, related item and case
/// rule (so decoders and the service run, not just the 404 path) or nothing in
/// particular.
#[derive(Debug, Clone)]
struct Ids {
    domain: String,
    case: String,
    /// A second case, the one DeleteCase is sent to (it stays deleted once a body was
    /// valid enough; later cases get the 404).
    doomed: String,
    /// A comment of `case`, for UpdateRelatedItem and DeleteRelatedItem.
    item: String,
    /// A case rule of the domain, for UpdateCaseRule and DeleteCaseRule.
    rule: String,
}

/// One of the routes with real ids filled in.
fn routes(ids: &Ids) -> Vec<(Method, String)> {
    let (d, c, i, r) = (&ids.domain, &ids.case, &ids.item, &ids.rule);
    let post = |p: String| (Method::POST, p);
    let put = |p: String| (Method::PUT, p);
    let delete = |p: String| (Method::DELETE, p);
    // The domain's ARN as the tag operations' one percent-encoded path segment.
    let arn = format!("arn%3Aaws%3Acases%3Aus-east-1%3A123456789012%3Adomain%2F{d}");
    vec![
        post("/domains".into()),
        post(format!("/domains/{d}")),
        post("/domains-list".into()),
        post(format!("/domains/{d}/fields")),
        post(format!("/domains/{d}/fields-list")),
        post(format!("/domains/{d}/fields-batch")),
        post(format!("/domains/{d}/templates")),
        post(format!("/domains/{d}/templates/unknown-template")),
        post(format!("/domains/{d}/templates-list")),
        post(format!("/domains/{d}/cases")),
        post(format!("/domains/{d}/cases/{c}")),
        post(format!("/domains/{d}/cases/{c}/related-items/")),
        post(format!("/domains/{d}/cases/{c}/related-items")),
        post(format!("/domains/{d}/cases/{c}/related-items-search")),
        post(format!("/domains/{d}/cases/{c}/audit-history")),
        // The other operations of 1.34.98, with every method they bind. DeleteDomain and
        // DeleteCase are left out: a body that happens to be valid would delete the domain
        // and case every other route is sent to.
        put(format!("/domains/{d}/fields/unknown-field")),
        delete(format!("/domains/{d}/fields/unknown-field")),
        put(format!("/domains/{d}/fields/unknown-field/options")),
        post(format!("/domains/{d}/fields/unknown-field/options-list")),
        post(format!("/domains/{d}/layouts")),
        post(format!("/domains/{d}/layouts/unknown-layout")),
        post(format!("/domains/{d}/layouts-list")),
        put(format!("/domains/{d}/layouts/unknown-layout")),
        delete(format!("/domains/{d}/layouts/unknown-layout")),
        post(format!("/tags/{arn}")),
        delete(format!("/tags/{arn}")),
        (Method::GET, format!("/tags/{arn}")),
        post(format!("/domains/{d}/case-event-configuration")),
        put(format!("/domains/{d}/case-event-configuration")),
        put(format!("/domains/{d}/templates/unknown-template")),
        delete(format!("/domains/{d}/templates/unknown-template")),
        put(format!("/domains/{d}/cases/{c}")),
        post(format!("/domains/{d}/cases-search")),
        post(format!("/domains/{d}/list-cases-for-contact")),
        // And those 1.44.5 added (the random tests run a mock of that release).
        post(format!("/domains/{d}/case-rules")),
        post(format!("/domains/{d}/rules-batch")),
        post(format!("/domains/{d}/rules-list/")),
        put(format!("/domains/{d}/case-rules/unknown-rule")),
        delete(format!("/domains/{d}/case-rules/unknown-rule")),
        put("/cases:batchUpdateCase".into()),
        post(format!("/domains/{d}/cases/{c}/merge")),
        post(format!("/domains/{d}/cases/{c}/merge-status")),
        put(format!("/domains/{d}/cases/{c}/related-items/unknown-item")),
        delete(format!("/domains/{d}/cases/{c}/related-items/unknown-item")),
        post("/cases:batchCreateRelatedItem".into()),
        post(format!("/domains/{d}/related-items-search")),
        // The same on real resources, so the decoders' successes reach the service.
        put(format!("/domains/{d}/cases/{c}/related-items/{i}")),
        delete(format!("/domains/{d}/cases/{c}/related-items/{i}")),
        put(format!("/domains/{d}/case-rules/{r}")),
        delete(format!("/domains/{d}/case-rules/{r}")),
        post(format!("/domains/{d}/cases/{}/merge", ids.doomed)),
        post(format!("/domains/{d}/cases/{}/merge-status", ids.doomed)),
        delete(format!("/domains/{d}/cases/{}", ids.doomed)),
        (Method::GET, "/cases:batchUpdateCase".into()),
        delete("/cases:batchCreateRelatedItem".into()),
    ]
}

/// Arbitrary JSON, weighted towards the API's member names, its enum values, the real
/// resources' ids and small depth.
fn json_value(ids: &Ids) -> impl Strategy<Value = Value> + use<> {
    let real = vec![
        ids.domain.clone(),
        ids.case.clone(),
        ids.doomed.clone(),
        ids.item.clone(),
        ids.rule.clone(),
        "title".to_owned(),
        "status".to_owned(),
    ];
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        (-1e6f64..1e6).prop_map(Value::from),
        prop_oneof![
            Just(0i64),
            Just(1),
            Just(25),
            Just(26),
            Just(-1),
            Just(i64::MAX)
        ]
        .prop_map(Value::from),
        ".{0,24}".prop_map(Value::String),
        prop::sample::select(vec![
            "File",
            "Comment",
            "Contact",
            "Text/Plain",
            "Active",
            "Inactive",
            "VOICE",
            "arn:aws:connect:us-east-1:123456789012:instance/i/file/f",
            "",
            "Custom",
            "Sla",
            "ConnectCase",
            "CaseField",
            "Met",
            "Overdue",
            "Asc",
            "Desc",
            "AssociationTime",
            "CaseId",
            "closed",
        ])
        .prop_map(|s| Value::String(s.into())),
        prop::sample::select(real).prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        let key = prop_oneof![
            3 => prop::sample::select(MEMBERS).prop_map(str::to_string),
            1 => ".{0,12}",
        ];
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((key, inner), 0..6)
                .prop_map(|pairs| Value::Object(pairs.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// A body: arbitrary bytes, arbitrary JSON, or JSON with a byte-level defect.
fn body(ids: &Ids) -> impl Strategy<Value = Vec<u8>> + use<> {
    prop_oneof![
        2 => prop::collection::vec(any::<u8>(), 0..256),
        5 => json_value(ids).prop_map(|v| v.to_string().into_bytes()),
        2 => (json_value(ids), any::<prop::sample::Index>(), any::<u8>()).prop_map(|(v, at, byte)| {
            let mut bytes = v.to_string().into_bytes();
            if !bytes.is_empty() {
                let i = at.index(bytes.len());
                bytes[i] = byte;
            }
            bytes
        }),
        1 => (json_value(ids), any::<prop::sample::Index>()).prop_map(|(v, at)| {
            let bytes = v.to_string().into_bytes();
            let cut = at.index(bytes.len() + 1);
            bytes[..cut].to_vec()
        }),
    ]
}

/// Extra headers: lies about the body's length and type, and junk where AWS headers go.
fn headers() -> impl Strategy<Value = Vec<(&'static str, String)>> {
    let header = prop_oneof![
        prop::sample::select(vec!["0", "1", "-1", "abc", "99999999999999999999", " 5 "])
            .prop_map(|v| ("content-length", v.to_string())),
        prop::sample::select(vec!["text/plain", "application/x-amz-json-1.1", "", "*/*"])
            .prop_map(|v| ("content-type", v.to_string())),
        "[ -~]{0,40}".prop_map(|v| ("x-amz-date", v)),
        "[ -~]{0,60}".prop_map(|v| ("authorization", v)),
        "[ -~]{0,40}".prop_map(|v| ("x-amz-content-sha256", v)),
        "[ -~]{0,40}".prop_map(|v| ("x-amz-security-token", v)),
    ];
    prop::collection::vec(header, 0..3)
}

/// A request on a real route with a random body and headers.
fn on_a_route(
    ids: Ids,
) -> impl Strategy<Value = (Method, String, Vec<u8>, Vec<(&'static str, String)>)> {
    let routes = routes(&ids);
    (
        prop::sample::select(routes),
        prop::sample::select(QUERIES),
        body(&ids),
        headers(),
    )
        .prop_map(|((method, path), query, body, headers)| {
            let uri = if query.is_empty() {
                path
            } else {
                format!("{path}?{query}")
            };
            (method, uri, body, headers)
        })
}

/// A request anywhere: a random method and a path of API segments, real ids and junk.
fn anywhere(
    ids: Ids,
) -> impl Strategy<Value = (Method, String, Vec<u8>, Vec<(&'static str, String)>)> {
    let method = prop_oneof![
        4 => Just(Method::POST),
        1 => prop::sample::select(vec![
            Method::GET,
            Method::PUT,
            Method::DELETE,
            Method::PATCH,
            Method::HEAD,
            Method::OPTIONS,
        ]),
        1 => "[A-Z]{1,10}".prop_map(|m| Method::from_bytes(m.as_bytes()).expect("a token")),
    ];
    let segment = prop_oneof![
        4 => prop::sample::select(SEGMENTS).prop_map(str::to_string),
        1 => Just(ids.domain.clone()),
        1 => prop::sample::select(vec![
            ids.case.clone(),
            ids.doomed.clone(),
            ids.item.clone(),
            ids.rule.clone(),
        ]),
        1 => "[a-zA-Z0-9._~-]{1,300}",
    ];
    (
        method,
        prop::collection::vec(segment, 0..8),
        any::<bool>(),
        prop::sample::select(QUERIES),
        body(&ids),
        headers(),
    )
        .prop_map(|(method, segments, trailing, query, body, headers)| {
            let mut uri = format!("/{}", segments.join("/"));
            if trailing {
                uri.push('/');
            }
            if !query.is_empty() {
                uri = format!("{uri}?{query}");
            }
            (method, uri, body, headers)
        })
}

/// SigV4 `Authorization` headers made of the right parts in the wrong shapes.
fn authorization() -> impl Strategy<Value = String> {
    let part = prop_oneof![
        Just("AWS4-HMAC-SHA256".to_string()),
        Just("AWS4-HMAC-SHA256 ".to_string()),
        Just("Credential=".to_string()),
        Just("AKIDABUSE".to_string()),
        Just("/20240503/us-east-1/cases/aws4_request".to_string()),
        Just("/".to_string()),
        Just(", ".to_string()),
        Just(",".to_string()),
        Just("=".to_string()),
        Just("SignedHeaders=".to_string()),
        Just("host;x-amz-date".to_string()),
        Just(";;".to_string()),
        Just("Signature=".to_string()),
        "[0-9a-f]{0,64}",
        "[ -~]{0,12}",
    ];
    prop::collection::vec(part, 0..12).prop_map(|parts| parts.concat())
}

fn x_amz_date() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("20240503T120000Z".to_string()),
        Just("20991231T235959Z".to_string()),
        Just("19700101T000000Z".to_string()),
        "[0-9TZ]{0,20}",
    ]
}

/// A runner on a fixed seed: the same cases every run, so a failure reproduces. Failures
/// are not persisted to files next to the source.
fn runner(cases: u32) -> TestRunner {
    TestRunner::new_with_rng(
        Config {
            cases,
            failure_persistence: None,
            ..Config::default()
        },
        TestRng::deterministic_rng(RngAlgorithm::ChaCha),
    )
}

/// Statuses answered, by code (0: a URI the `http` crate refuses, so nothing was sent).
type Statuses = Mutex<BTreeMap<u16, u32>>;

/// Sends one request through the router, checks the answer and counts its status.
async fn exchange(
    router: &Router,
    statuses: &Statuses,
    method: Method,
    uri: &str,
    body: Vec<u8>,
    headers: &[(&'static str, String)],
) -> Result<(), TestCaseError> {
    let Ok(uri) = uri.parse::<Uri>() else {
        *statuses.lock().expect("lock").entry(0).or_default() += 1;
        return Ok(());
    };
    let mut request = Request::builder().method(method.clone()).uri(uri.clone());
    for (name, value) in headers {
        if let Ok(value) = HeaderValue::from_str(value) {
            request = request.header(HeaderName::from_static(name), value);
        }
    }
    let request = request.body(Body::from(body)).expect("a valid request");
    let response = router
        .clone()
        .oneshot(request)
        .await
        .expect("the router is infallible");
    let status = response.status();
    *statuses
        .lock()
        .expect("lock")
        .entry(status.as_u16())
        .or_default() += 1;
    let error_type = response
        .headers()
        .get("x-amzn-ErrorType")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let bytes = axum::body::to_bytes(response.into_body(), 16 << 20)
        .await
        .expect("a bounded body");
    let context = || {
        format!(
            "{method} {uri} -> {status} {error_type}: {}",
            String::from_utf8_lossy(&bytes)
        )
    };
    prop_assert!(
        status.as_u16() < 500,
        "server fault for client input: {}",
        context()
    );
    prop_assert_eq!(content_type.as_str(), "application/json", "{}", context());
    if status.as_u16() >= 400 {
        prop_assert!(!error_type.is_empty(), "no x-amzn-ErrorType: {}", context());
    }
    if method == Method::HEAD {
        // HTTP: a HEAD answer has no body (axum drops it).
        return Ok(());
    }
    let parsed: Value = serde_json::from_slice(&bytes)
        .map_err(|e| TestCaseError::fail(format!("not JSON ({e}): {}", context())))?;
    prop_assert!(parsed.is_object(), "not an object: {}", context());
    if status.as_u16() >= 400 {
        prop_assert!(parsed["message"].is_string(), "no message: {}", context());
    }
    Ok(())
}

/// A runtime for the async router inside proptest's synchronous cases.
fn runtime() -> Arc<tokio::runtime::Runtime> {
    Arc::new(
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime"),
    )
}

/// A mock of the newest release, whose routes are a superset of the older ones'.
fn newest_release() -> cases_mock::MockConfig {
    cases_mock::MockConfig {
        release: cases_mock::MockRelease::V1_44_5,
        ..cases_mock::MockConfig::default()
    }
}

/// A router of 1.44.5 or later with a domain, template, case and comment in it, a second
/// case and a case rule, and their ids.
fn seeded_router(rt: &tokio::runtime::Runtime, config: cases_mock::MockConfig) -> (Router, Ids) {
    let router = cases_mock::router(config);
    let ids = rt.block_on(async {
        let fixture = common::fixture(&router).await;
        let id = |reply: common::Reply, member: &str| {
            reply.assert_ok()[member]
                .as_str()
                .unwrap_or_else(|| panic!("no {member}: {reply:?}"))
                .to_owned()
        };
        let doomed = common::post(
            &router,
            &format!("/domains/{}/cases", fixture.domain),
            serde_json::json!({"templateId": fixture.template, "fields": [
                {"id": "title", "value": {"stringValue": "doomed"}},
                {"id": "customer_id", "value": {"stringValue": "arn:aws:profile:abuse"}}]}),
        )
        .await;
        let item = common::post(&router, &fixture.items_path(), common::item_body("Comment", 1))
            .await;
        let rule = common::post(
            &router,
            &format!("/domains/{}/case-rules", fixture.domain),
            serde_json::json!({"name": "rule", "rule": {"required": {"defaultValue": false, "conditions": []}}}),
        )
        .await;
        Ids {
            doomed: id(doomed, "caseId"),
            item: id(item, "relatedItemId"),
            rule: id(rule, "caseRuleId"),
            domain: fixture.domain,
            case: fixture.case,
        }
    });
    (router, ids)
}

#[test]
fn random_bodies_on_every_route_never_yield_5xx() {
    let rt = runtime();
    let (router, ids) = seeded_router(&rt, newest_release());
    let statuses = Statuses::default();
    runner(2_000)
        .run(&on_a_route(ids), |(method, uri, body, headers)| {
            rt.block_on(exchange(&router, &statuses, method, &uri, body, &headers))
        })
        .unwrap();
    let statuses = statuses.into_inner().expect("lock");
    // Not vacuous: every case was sent, some garbage was valid enough to be served, and
    // validation, lookup and the body cap all answered.
    assert!(!statuses.contains_key(&0), "{statuses:?}");
    assert!(statuses.values().sum::<u32>() >= 2_000, "{statuses:?}");
    for status in [200, 400] {
        assert!(
            statuses.get(&status).is_some_and(|n| *n >= 20),
            "{statuses:?}"
        );
    }
    assert!(statuses.contains_key(&404), "{statuses:?}");
}

#[test]
fn random_methods_and_paths_never_yield_5xx() {
    let rt = runtime();
    let (router, ids) = seeded_router(&rt, newest_release());
    let statuses = Statuses::default();
    runner(1_500)
        .run(&anywhere(ids), |(method, uri, body, headers)| {
            rt.block_on(exchange(&router, &statuses, method, &uri, body, &headers))
        })
        .unwrap();
    let statuses = statuses.into_inner().expect("lock");
    let sent: u32 = statuses
        .iter()
        .filter(|(s, _)| **s != 0)
        .map(|(_, n)| n)
        .sum();
    assert!(sent >= 1_200, "{statuses:?}");
    assert!(
        statuses.get(&404).is_some_and(|n| *n >= 100),
        "{statuses:?}"
    );
    assert!(
        statuses.keys().any(|s| *s == 200 || *s == 400),
        "{statuses:?}"
    );
}

/// With SigV4 on, the hand-written header parser and verifier get the garbage: every
/// answer is a 4xx in the error form (mostly 403), never a 5xx or a panic.
#[test]
fn garbage_sigv4_headers_never_yield_5xx() {
    let rt = runtime();
    let router = cases_mock::router(cases_mock::MockConfig {
        sigv4: Some(cases_mock::SigV4Credentials {
            access_key_id: "AKIDABUSE".into(),
            secret_access_key: "secret".into(),
        }),
        ..cases_mock::MockConfig::default()
    });
    let strategy = (
        authorization(),
        x_amz_date(),
        prop::sample::select(vec![
            "/domains",
            "/domains-list",
            "/domains/d/cases/c/related-items-search",
        ]),
        body(&Ids {
            domain: "d".into(),
            case: "c".into(),
            doomed: "c2".into(),
            item: "i".into(),
            rule: "r".into(),
        }),
    );
    let statuses = Statuses::default();
    runner(1_000)
        .run(&strategy, |(authorization, date, path, body)| {
            let headers = [("authorization", authorization), ("x-amz-date", date)];
            rt.block_on(exchange(
                &router,
                &statuses,
                Method::POST,
                path,
                body,
                &headers,
            ))
        })
        .unwrap();
    let statuses = statuses.into_inner().expect("lock");
    // Nothing gets past a verifier that was never given a valid signature.
    assert_eq!(
        statuses.keys().copied().collect::<Vec<_>>(),
        [403],
        "{statuses:?}"
    );
}
