//! Every fault of the catalogue changes what the mock does, and without faults the mock
//! does the documented, faithful thing. Each fault's demonstration probes a faithful
//! and a faulty instance the same way, on the related items the harness's round-trip
//! suite creates (three files, three contacts, two comments, two ARNs repeated), and the
//! `match` over [`Fault`] is exhaustive: a new fault does not compile without one.
//! Also: release emulation (`MockRelease::V1_34_97`).

mod common;

use std::collections::BTreeSet;
use std::time::Duration;

use axum::Router;
use axum::http::StatusCode;
use cases_mock::{Fault, MockConfig, MockRelease, SigV4Credentials};
use common::{Reply, post, send_raw};
use serde_json::{Value, json};

const ARN: &str = "arn:aws:connect:us-east-1:123456789012:instance/conformance";

fn file(n: u32) -> Value {
    json!({"file": {"fileArn": format!("{ARN}/file/{n}")}})
}

fn contact(n: u32) -> Value {
    json!({"contact": {"contactArn": format!("{ARN}/contact/{n}")}})
}

fn comment(text: &str) -> Value {
    json!({"comment": {"body": text, "contentType": "Text/Plain"}})
}

/// The round-trip plan of the harness: `(type, content)`.
fn plan() -> Vec<(&'static str, Value)> {
    vec![
        ("File", file(1)),
        ("File", file(1)),
        ("File", file(2)),
        ("Contact", contact(1)),
        ("Contact", contact(1)),
        ("Contact", contact(2)),
        ("Comment", comment("Customer sent the signed form.")),
        ("Comment", comment("Rückruf vereinbart – 漢字 ✓")),
    ]
}

/// A mock instance with a domain, case A holding the plan's items (every second one
/// with `performedBy`) and case B holding one item of each kind.
struct World {
    router: Router,
    domain: String,
    template: String,
    case_a: String,
    case_b: String,
    /// `(type, id)` of the items created in case A, in order.
    created: Vec<(String, String)>,
    ids_b: BTreeSet<String>,
}

fn config(faults: &[Fault]) -> MockConfig {
    MockConfig {
        faults: faults.iter().copied().collect(),
        ..MockConfig::default()
    }
}

fn str_of(reply: &Reply, member: &str) -> String {
    reply.body[member]
        .as_str()
        .unwrap_or_else(|| panic!("no {member} in {reply:?}"))
        .to_owned()
}

impl World {
    async fn new(config: MockConfig) -> World {
        let router = cases_mock::router(config);
        let domain = str_of(
            &post(&router, "/domains", json!({"name": "faults"})).await,
            "domainId",
        );
        let template = str_of(
            &post(
                &router,
                &format!("/domains/{domain}/templates"),
                json!({"name": "t", "status": "Active"}),
            )
            .await,
            "templateId",
        );
        let mut world = World {
            router,
            domain,
            template,
            case_a: String::new(),
            case_b: String::new(),
            created: Vec::new(),
            ids_b: BTreeSet::new(),
        };
        world.case_a = world.new_case("round trip").await;
        world.case_b = world.new_case("isolation").await;
        for (n, (item_type, content)) in plan().into_iter().enumerate() {
            let user = (n % 2 == 1).then(|| format!("{ARN}/agent/{n}"));
            let case = world.case_a.clone();
            if let Some(id) = world.create(&case, item_type, content, user).await {
                world.created.push((item_type.to_owned(), id));
            }
        }
        for (item_type, content) in [
            ("File", file(1)),
            ("Contact", contact(1)),
            ("Comment", comment("b")),
        ] {
            let case = world.case_b.clone();
            if let Some(id) = world.create(&case, item_type, content, None).await {
                world.ids_b.insert(id);
            }
        }
        world
    }

    /// Creates a layout with an empty basic content; its id and ARN.
    async fn layout(&self, name: &str) -> (String, String) {
        let reply = post(
            &self.router,
            &format!("/domains/{}/layouts", self.domain),
            json!({"name": name, "content": {"basic": {}}}),
        )
        .await;
        (str_of(&reply, "layoutId"), str_of(&reply, "layoutArn"))
    }

    fn layout_path(&self, id: &str) -> String {
        format!("/domains/{}/layouts/{id}", self.domain)
    }

    /// Every layout id ListLayouts answers (one page of up to 100).
    async fn layout_ids(&self) -> Vec<String> {
        let reply = post(
            &self.router,
            &format!("/domains/{}/layouts-list?maxResults=100", self.domain),
            json!({}),
        )
        .await;
        reply.body["layouts"]
            .as_array()
            .expect("layouts")
            .iter()
            .map(|l| l["layoutId"].as_str().expect("layoutId").to_string())
            .collect()
    }

    async fn faithful() -> World {
        World::new(MockConfig::default()).await
    }

    async fn with(fault: Fault) -> World {
        World::new(config(&[fault])).await
    }

    async fn new_case(&self, title: &str) -> String {
        let reply = post(
            &self.router,
            &format!("/domains/{}/cases", self.domain),
            json!({
                "templateId": self.template,
                "fields": [
                    {"id": "title", "value": {"stringValue": title}},
                    {"id": "customer_id", "value": {"stringValue": "arn:aws:profile:x"}}
                ]
            }),
        )
        .await;
        str_of(&reply, "caseId")
    }

    fn path(&self, case: &str, suffix: &str) -> String {
        format!("/domains/{}/cases/{case}{suffix}", self.domain)
    }

    async fn create_raw(&self, case: &str, body: Value) -> Reply {
        post(&self.router, &self.path(case, "/related-items/"), body).await
    }

    /// Creates an item; its id when the mock accepted it (200, or 201 when faulty).
    async fn create(
        &self,
        case: &str,
        item_type: &str,
        content: Value,
        user: Option<String>,
    ) -> Option<String> {
        let mut body = json!({"type": item_type, "content": content});
        if let Some(user) = user {
            body["performedBy"] = json!({"userArn": user});
        }
        let reply = self.create_raw(case, body).await;
        reply
            .status
            .is_success()
            .then(|| str_of(&reply, "relatedItemId"))
    }

    async fn search(&self, body: Value) -> Reply {
        post(
            &self.router,
            &self.path(&self.case_a, "/related-items-search"),
            body,
        )
        .await
    }

    async fn audit(&self, body: Value) -> Reply {
        post(
            &self.router,
            &self.path(&self.case_a, "/audit-history"),
            body,
        )
        .await
    }

    /// A search walk of case A with `filters` at page size `max` (default when `None`).
    async fn walk(&self, filters: Value, max: Option<u32>) -> Walk {
        let mut base = json!({"filters": filters});
        if let Some(max) = max {
            base["maxResults"] = json!(max);
        }
        walk(
            &self.router,
            &self.path(&self.case_a, "/related-items-search"),
            base,
            "relatedItems",
        )
        .await
    }

    /// An audit walk of case A at page size `max`.
    async fn audit_walk(&self, max: u32) -> Walk {
        walk(
            &self.router,
            &self.path(&self.case_a, "/audit-history"),
            json!({"maxResults": max}),
            "auditEvents",
        )
        .await
    }

    /// Every item of case A (one walk without filters, default page size).
    async fn items(&self) -> Vec<Value> {
        self.walk(json!([]), None).await.items()
    }

    /// Every audit event of case A.
    async fn events(&self) -> Vec<Value> {
        self.audit_walk(25).await.items()
    }

    /// Ids of case A's created items of `item_type`.
    fn ids_of(&self, item_type: &str) -> BTreeSet<String> {
        self.created
            .iter()
            .filter(|(t, _)| t == item_type)
            .map(|(_, id)| id.clone())
            .collect()
    }
}

/// A pagination walk: the pages' items and tokens, and whether a token came back.
#[derive(Debug)]
struct Walk {
    pages: Vec<Vec<Value>>,
    tokens: Vec<Option<String>>,
    cycled: bool,
}

impl Walk {
    fn items(&self) -> Vec<Value> {
        self.pages.iter().flatten().cloned().collect()
    }

    fn ids(&self, member: &str) -> Vec<String> {
        self.items()
            .iter()
            .filter_map(|i| i[member].as_str().map(str::to_owned))
            .collect()
    }

    fn id_set(&self) -> BTreeSet<String> {
        self.ids("relatedItemId").into_iter().collect()
    }
}

async fn walk(router: &Router, path: &str, base: Value, list: &str) -> Walk {
    let mut result = Walk {
        pages: Vec::new(),
        tokens: Vec::new(),
        cycled: false,
    };
    let mut token: Option<String> = None;
    let mut seen = BTreeSet::new();
    for _ in 0..50 {
        let mut body = base.clone();
        if let Some(t) = &token {
            body["nextToken"] = json!(t);
        }
        let reply = post(router, path, body).await;
        assert!(reply.status.is_success(), "walk page failed: {reply:?}");
        result.pages.push(
            reply.body[list]
                .as_array()
                .unwrap_or_else(|| panic!("no {list}: {reply:?}"))
                .clone(),
        );
        token = reply.body["nextToken"].as_str().map(str::to_owned);
        result.tokens.push(token.clone());
        match &token {
            None => return result,
            Some(t) if !seen.insert(t.clone()) => {
                result.cycled = true;
                return result;
            }
            Some(_) => {}
        }
    }
    result.cycled = true;
    result
}

/// A plain HTTP client for the faults only a socket shows.
struct Http {
    client: reqwest::Client,
    base: String,
}

impl Http {
    fn new(base: String) -> Self {
        Self {
            client: reqwest::Client::new(),
            base,
        }
    }

    async fn post_bytes(&self, path: &str, body: Value) -> reqwest::Result<Vec<u8>> {
        let response = self
            .client
            .post(format!("{}{path}", self.base))
            .body(body.to_string())
            .send()
            .await?;
        Ok(response.bytes().await?.to_vec())
    }

    async fn post_json(&self, path: &str, body: Value) -> Value {
        let bytes = self.post_bytes(path, body).await.expect("response");
        serde_json::from_slice(&bytes).expect("JSON")
    }
}

fn ids(items: &[Value]) -> BTreeSet<String> {
    items
        .iter()
        .filter_map(|i| i["relatedItemId"].as_str().map(str::to_owned))
        .collect()
}

fn header<'a>(reply: &'a Reply, name: &str) -> &'a str {
    reply
        .headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
}

fn related_item_created(events: &[Value]) -> Vec<&Value> {
    events
        .iter()
        .filter(|e| e["type"] == "RelatedItem.Created")
        .collect()
}

/// Shows that `fault` changes what the mock does: probes a faithful and a faulty
/// instance the same way and asserts the documented answer and the faulty one.
async fn demonstrate(fault: Fault) {
    let ok = World::faithful().await;
    let bad = World::with(fault).await;
    assert_eq!(ok.created.len(), 8);
    assert_eq!(ok.ids_b.len(), 3);
    match fault {
        Fault::PreFileRelease => {
            assert_eq!(bad.created.len(), 5, "no File item is created");
            let reply = bad
                .create_raw(&bad.case_a, json!({"type": "File", "content": file(9)}))
                .await;
            reply.assert_validation("'type'");
            assert!(reply.message().contains("[Contact, Comment]"), "{reply:?}");
            bad.search(json!({"filters": [{"file": {}}]}))
                .await
                .assert_validation("filters[0]");
            ok.search(json!({"filters": [{"file": {}}]}))
                .await
                .assert_ok();
        }
        Fault::FileContentDropped => {
            for (world, dropped) in [(&ok, false), (&bad, true)] {
                for item in world.items().await {
                    let empty = item["content"] == json!({});
                    assert_eq!(empty, dropped && item["type"] == "File", "{item}");
                }
            }
        }
        Fault::FileFilterIgnored => {
            let filter = json!([{"file": {"fileArn": format!("{ARN}/file/2")}}]);
            assert_eq!(ok.walk(filter.clone(), None).await.id_set().len(), 1);
            assert_eq!(bad.walk(filter, None).await.id_set().len(), 8);
            assert_eq!(
                ok.walk(json!([{"file": {}}]), None).await.id_set(),
                ok.ids_of("File")
            );
        }
        Fault::CommentFilterIgnored => {
            let filter = json!([{"comment": {}}]);
            assert_eq!(
                ok.walk(filter.clone(), None).await.id_set(),
                ok.ids_of("Comment")
            );
            assert_eq!(bad.walk(filter, None).await.id_set().len(), 8);
        }
        Fault::ContactChannelFilterIgnored => {
            let chat = json!([{"contact": {"channel": ["CHAT"]}}]);
            assert!(ok.walk(chat.clone(), None).await.id_set().is_empty());
            assert_eq!(bad.walk(chat, None).await.id_set().len(), 8);
            let any = json!([{"contact": {}}]);
            assert_eq!(bad.walk(any, None).await.id_set(), bad.ids_of("Contact"));
        }
        Fault::ContactChannelCriterionIgnored => {
            // The case's contacts are all on VOICE: a CHAT filter must find none of them.
            let chat = json!([{"contact": {"channel": ["CHAT"]}}]);
            assert!(ok.walk(chat.clone(), None).await.id_set().is_empty());
            assert_eq!(bad.walk(chat, None).await.id_set(), bad.ids_of("Contact"));
            // A filter by the channel they are on cannot tell.
            let voice = json!([{"contact": {"channel": ["VOICE"]}}]);
            assert_eq!(bad.ids_of("Contact").len(), 3);
            assert_eq!(bad.walk(voice, None).await.id_set(), bad.ids_of("Contact"));
        }
        Fault::ContactArnFilterIgnored => {
            let filter = json!([{"contact": {"contactArn": format!("{ARN}/contact/1")}}]);
            assert_eq!(ok.walk(filter.clone(), None).await.id_set().len(), 2);
            assert_eq!(bad.walk(filter, None).await.id_set(), bad.ids_of("Contact"));
        }
        Fault::FiltersIntersected => {
            let both = json!([{"file": {}}, {"comment": {}}]);
            assert_eq!(ok.walk(both.clone(), None).await.id_set().len(), 5);
            assert!(bad.walk(both, None).await.id_set().is_empty());
            assert_eq!(
                bad.walk(json!([{"file": {}}]), None).await.id_set().len(),
                3
            );
        }
        Fault::OtherCaseItemsLeak => {
            assert!(ids(&ok.items().await).is_disjoint(&ok.ids_b));
            let found = ids(&bad.items().await);
            assert_eq!(found.len(), 11);
            assert!(bad.ids_b.is_subset(&found));
        }
        Fault::DelayedVisibility => {
            assert_eq!(ok.items().await.len(), 8);
            assert!(
                bad.items().await.is_empty(),
                "new items are not visible yet"
            );
        }
        Fault::DuplicateIds => {
            let unique = |w: &World| {
                w.created
                    .iter()
                    .map(|(_, id)| id)
                    .collect::<BTreeSet<_>>()
                    .len()
            };
            assert_eq!(unique(&ok), 8);
            assert_eq!(unique(&bad), 6, "file 1 and contact 1 repeat");
            let found = bad.walk(json!([]), Some(1)).await.ids("relatedItemId");
            assert_eq!(found.len(), 8);
            assert_eq!(found.iter().collect::<BTreeSet<_>>().len(), 6);
        }
        Fault::PerformedByDropped => {
            let with_user = |items: &[Value]| {
                items
                    .iter()
                    .filter(|i| i.get("performedBy").is_some())
                    .count()
            };
            assert_eq!(with_user(&ok.items().await), 4);
            assert_eq!(with_user(&bad.items().await), 0);
            let users = |events: &[Value]| {
                related_item_created(events)
                    .iter()
                    .filter(|e| e["performedBy"].get("user").is_some())
                    .count()
            };
            assert_eq!(users(&ok.events().await), 4);
            assert_eq!(users(&bad.events().await), 0);
        }
        Fault::TokenOnLastPage => {
            let faithful = ok.walk(json!([]), Some(25)).await;
            assert_eq!(faithful.pages.len(), 1);
            let faulty = bad.walk(json!([]), Some(25)).await;
            assert_eq!(faulty.pages.len(), 2);
            assert!(faulty.pages[1].is_empty());
            assert_eq!(faulty.items().len(), 8);
            let audit = bad.audit_walk(4).await;
            assert!(audit.pages.last().expect("pages").is_empty());
        }
        Fault::PageBoundaryRepeat => {
            let faithful = ok.walk(json!([]), Some(2)).await.ids("relatedItemId");
            assert_eq!(faithful.len(), 8);
            let faulty = bad.walk(json!([]), Some(2)).await;
            let repeated = faulty.ids("relatedItemId");
            assert_eq!(repeated.len(), 14, "pages [0,1] [1,2] ... [6,7]");
            assert_eq!(repeated[1], repeated[2]);
            assert!(
                bad.walk(json!([]), Some(1)).await.cycled,
                "size 1 never advances"
            );
            assert!(!ok.walk(json!([]), Some(1)).await.cycled);
        }
        Fault::PageBoundarySkip => {
            assert_eq!(ok.walk(json!([]), Some(1)).await.id_set().len(), 8);
            let by_one = bad.walk(json!([]), Some(1)).await.id_set();
            assert_eq!(by_one.len(), 4, "every second item is skipped");
            assert_eq!(bad.walk(json!([]), Some(25)).await.id_set().len(), 8);
            assert_eq!(bad.audit_walk(1).await.pages.len(), 5);
        }
        Fault::MaxResultsIgnored => {
            let page = async |w: &World| w.search(json!({"maxResults": 1})).await;
            assert_eq!(
                page(&ok).await.body["relatedItems"]
                    .as_array()
                    .map(Vec::len),
                Some(1)
            );
            assert_eq!(
                page(&bad).await.body["relatedItems"]
                    .as_array()
                    .map(Vec::len),
                Some(8)
            );
            bad.search(json!({"maxResults": 0}))
                .await
                .assert_validation("maxResults");
        }
        Fault::MaxResultsOffByOne => {
            let page = async |w: &World| w.search(json!({"maxResults": 1})).await;
            assert_eq!(
                page(&ok).await.body["relatedItems"]
                    .as_array()
                    .map(Vec::len),
                Some(1)
            );
            assert_eq!(
                page(&bad).await.body["relatedItems"]
                    .as_array()
                    .map(Vec::len),
                Some(2)
            );
            let audit = bad.audit(json!({"maxResults": 3})).await;
            assert_eq!(audit.body["auditEvents"].as_array().map(Vec::len), Some(4));
        }
        Fault::MaxResultsOutOfRangeAccepted => {
            for max in [0, -1, 26] {
                ok.search(json!({"maxResults": max}))
                    .await
                    .assert_validation("maxResults");
                ok.audit(json!({"maxResults": max}))
                    .await
                    .assert_validation("maxResults");
                bad.search(json!({"maxResults": max})).await.assert_ok();
                bad.audit(json!({"maxResults": max})).await.assert_ok();
            }
            let zero = bad.search(json!({"maxResults": 0})).await;
            assert_eq!(zero.body["relatedItems"].as_array().map(Vec::len), Some(1));
        }
        Fault::UnstableOrder => {
            let order = |w: Walk| w.ids("relatedItemId");
            let (first, second) = (
                order(ok.walk(json!([]), Some(2)).await),
                order(ok.walk(json!([]), Some(2)).await),
            );
            assert_eq!(first, second);
            let first = order(bad.walk(json!([]), Some(2)).await);
            let second = order(bad.walk(json!([]), Some(2)).await);
            assert_ne!(first, second, "two walks, two orders");
            for walk in [&first, &second] {
                assert_eq!(
                    walk.iter().collect::<BTreeSet<_>>().len(),
                    8,
                    "each walk is complete"
                );
            }
            let events = |w: Walk| w.ids("eventId");
            assert_ne!(
                events(bad.audit_walk(2).await),
                events(bad.audit_walk(2).await)
            );
        }
        Fault::GarbageTokenAccepted => {
            let foreign = post(
                &bad.router,
                &bad.path(&bad.case_b, "/related-items-search"),
                json!({"maxResults": 1}),
            )
            .await;
            let foreign = str_of(&foreign, "nextToken");
            for token in ["not-a-token".to_owned(), foreign] {
                let reply = bad.search(json!({"nextToken": token})).await;
                assert_eq!(
                    reply.assert_ok()["relatedItems"].as_array().map(Vec::len),
                    Some(8)
                );
                bad.audit(json!({"nextToken": token})).await.assert_ok();
            }
            ok.search(json!({"nextToken": "not-a-token"}))
                .await
                .assert_validation("nextToken");
        }
        Fault::UnionTwoMembersAccepted => {
            let mut content = file(7);
            content["comment"] = comment("also")["comment"].clone();
            let body = json!({"type": "File", "content": content});
            ok.create_raw(&ok.case_a, body.clone())
                .await
                .assert_validation("content");
            bad.create_raw(&bad.case_a, body).await.assert_ok();
            let last = bad.items().await.pop().expect("items");
            assert_eq!(
                last["content"],
                json!({"file": {"fileArn": format!("{ARN}/file/7")}})
            );
        }
        Fault::TypeContentMismatchAccepted => {
            let body = json!({"type": "Comment", "content": file(7)});
            ok.create_raw(&ok.case_a, body.clone())
                .await
                .assert_validation("type");
            bad.create_raw(&bad.case_a, body).await.assert_ok();
            let last = bad.items().await.pop().expect("items");
            assert_eq!(last["type"], "File", "stored with the content's type");
        }
        Fault::RequiredMemberMissing => {
            assert!(
                ok.items()
                    .await
                    .iter()
                    .all(|i| i["associationTime"].is_string())
            );
            assert!(
                bad.items()
                    .await
                    .iter()
                    .all(|i| i.get("associationTime").is_none())
            );
        }
        Fault::EpochTimestamps => {
            let item = &bad.items().await[3];
            assert!(item["associationTime"].is_f64(), "{item}");
            assert!(
                item["content"]["contact"]["connectedToSystemTime"].is_f64(),
                "{item}"
            );
            assert!(
                bad.events()
                    .await
                    .iter()
                    .all(|e| e["performedTime"].is_f64())
            );
            let domain = post(&bad.router, &format!("/domains/{}", bad.domain), json!({})).await;
            assert!(domain.body["createdTime"].is_f64(), "{domain:?}");
            assert!(ok.items().await[3]["associationTime"].is_string());
        }
        Fault::NaiveTimestamps => {
            let stamp = |item: &Value| item["associationTime"].as_str().expect("string").to_owned();
            assert!(stamp(&ok.items().await[0]).ends_with('Z'));
            let naive = stamp(&bad.items().await[0]);
            assert_eq!(naive.len(), 23, "{naive}");
            assert!(!naive.ends_with('Z'));
        }
        Fault::UppercaseItemType => {
            let types = |items: Vec<Value>| {
                items
                    .iter()
                    .map(|i| i["type"].as_str().unwrap_or("").to_owned())
                    .collect::<BTreeSet<_>>()
            };
            assert_eq!(
                types(ok.items().await),
                ["Comment", "Contact", "File"].map(String::from).into()
            );
            assert_eq!(
                types(bad.items().await),
                ["COMMENT", "CONTACT", "FILE"].map(String::from).into()
            );
            let events = bad.events().await;
            assert!(related_item_created(&events).iter().all(|e| {
                e["relatedItemType"]
                    .as_str()
                    .is_some_and(|t| t == t.to_ascii_uppercase())
            }));
        }
        Fault::EmptyIamPrincipal => {
            assert!(ok.events().await.iter().all(|e| {
                e["performedBy"]["iamPrincipalArn"]
                    .as_str()
                    .is_some_and(|a| a.starts_with("arn:aws:iam::"))
            }));
            assert!(
                bad.events()
                    .await
                    .iter()
                    .all(|e| e["performedBy"]["iamPrincipalArn"] == "")
            );
        }
        Fault::UnknownMembersAdded => {
            assert!(ok.search(json!({})).await.body.get("apiVersion").is_none());
            assert_eq!(bad.search(json!({})).await.body["apiVersion"], "2022-10-03");
            let created = bad
                .create_raw(&bad.case_a, json!({"type": "File", "content": file(5)}))
                .await;
            assert_eq!(created.body["apiVersion"], "2022-10-03");
        }
        Fault::AuditTypeMissing => {
            let typed = |events: &[Value]| {
                related_item_created(events)
                    .iter()
                    .filter(|e| e.get("relatedItemType").is_some())
                    .count()
            };
            assert_eq!(typed(&ok.events().await), 8);
            assert_eq!(typed(&bad.events().await), 0);
        }
        Fault::NoAuditForFile => {
            let files = |events: &[Value]| {
                related_item_created(events)
                    .iter()
                    .filter(|e| e["relatedItemType"] == "File")
                    .count()
            };
            assert_eq!(files(&ok.events().await), 3);
            let events = bad.events().await;
            assert_eq!(files(&events), 0);
            assert_eq!(related_item_created(&events).len(), 5);
        }
        Fault::NoCaseCreatedEvent => {
            let created = |events: &[Value]| {
                events
                    .iter()
                    .filter(|e| e["type"] == "Case.Created")
                    .count()
            };
            assert_eq!(created(&ok.events().await), 1);
            assert_eq!(created(&bad.events().await), 0);
        }
        Fault::AuditEventIdPerType => {
            let distinct = |w: Walk| w.ids("eventId").into_iter().collect::<BTreeSet<_>>().len();
            assert_eq!(distinct(ok.audit_walk(25).await), 9);
            assert_eq!(distinct(bad.audit_walk(25).await), 2);
        }
        Fault::ServerErrorForInvalidInput => {
            for world in [&ok, &bad] {
                let reply = world.search(json!({"nextToken": "not-a-token"})).await;
                let malformed = send_raw(
                    &world.router,
                    "POST",
                    &world.path(&world.case_a, "/related-items-search"),
                    "{",
                )
                .await;
                if std::ptr::eq(world, &ok) {
                    reply.assert_validation("nextToken");
                    assert_eq!(malformed.status, StatusCode::BAD_REQUEST);
                } else {
                    for reply in [reply, malformed] {
                        assert_eq!(reply.status, StatusCode::INTERNAL_SERVER_ERROR, "{reply:?}");
                        assert_eq!(reply.error_type(), "InternalServerException");
                    }
                }
            }
            let missing = bad
                .create_raw("no-such-case", json!({"type": "File", "content": file(1)}))
                .await;
            assert_eq!(
                missing.status,
                StatusCode::NOT_FOUND,
                "only validation failures change"
            );
        }
        Fault::Validation422 => {
            let reply = bad.search(json!({"maxResults": 26})).await;
            assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
            assert_eq!(reply.error_type(), "ValidationException");
            assert!(reply.message().contains("maxResults"));
            ok.search(json!({"maxResults": 26}))
                .await
                .assert_validation("maxResults");
        }
        Fault::NoErrorTypeHeader => {
            let reply = bad.search(json!({"nextToken": "not-a-token"})).await;
            assert_eq!(reply.status, StatusCode::BAD_REQUEST);
            assert_eq!(reply.error_type(), "");
            assert!(reply.body.get("__type").is_none() && reply.body.get("code").is_none());
            assert!(reply.message().contains("nextToken"));
            let missing = post(
                &bad.router,
                &bad.path("no-such-case", "/audit-history"),
                json!({}),
            )
            .await;
            assert_eq!(missing.status, StatusCode::NOT_FOUND);
            assert_eq!(missing.error_type(), "");
            assert_eq!(
                ok.search(json!({"nextToken": "x"})).await.error_type(),
                "ValidationException"
            );
        }
        Fault::WrongContentType => {
            for reply in [
                bad.search(json!({})).await,
                bad.search(json!({"maxResults": 0})).await,
            ] {
                assert_eq!(header(&reply, "content-type"), "text/plain");
                assert!(reply.body.is_object(), "the body is still JSON");
            }
            ok.search(json!({})).await.assert_json_content_type();
        }
        Fault::PlainTextErrors => {
            let reply = bad.search(json!({"maxResults": 0})).await;
            assert_eq!(reply.status, StatusCode::BAD_REQUEST);
            assert_eq!(reply.body, Value::Null, "not JSON");
            assert_eq!(reply.error_type(), "ValidationException");
            assert_eq!(header(&reply, "content-type"), "application/json");
            assert!(ok.search(json!({"maxResults": 0})).await.body.is_object());
            bad.search(json!({})).await.assert_ok();
        }
        Fault::TruncatedSearchResponse => {
            let faithful = cases_mock::spawn(MockConfig::default())
                .await
                .expect("spawn");
            let faulty = cases_mock::spawn(config(&[fault])).await.expect("spawn");
            for (server, truncated) in [(&faithful, false), (&faulty, true)] {
                let http = Http::new(server.url());
                let domain = http.post_json("/domains", json!({"name": "t"})).await;
                let domain = domain["domainId"].as_str().expect("domainId");
                let template = http
                    .post_json(
                        &format!("/domains/{domain}/templates"),
                        json!({"name": "t"}),
                    )
                    .await;
                let case = http
                    .post_json(
                        &format!("/domains/{domain}/cases"),
                        json!({"templateId": template["templateId"], "fields": [
                            {"id": "title", "value": {"stringValue": "t"}},
                            {"id": "customer_id", "value": {"stringValue": "c"}}]}),
                    )
                    .await;
                let case = case["caseId"].as_str().expect("caseId");
                let search = format!("/domains/{domain}/cases/{case}/related-items-search");
                let outcome = tokio::time::timeout(
                    std::time::Duration::from_secs(5),
                    http.post_bytes(&search, json!({})),
                )
                .await
                .expect("the client is not left waiting");
                assert_eq!(outcome.is_err(), truncated, "{outcome:?}");
            }
            faithful.shutdown().await;
            faulty.shutdown().await;
        }
        Fault::CreateReturns201 => {
            let body = json!({"type": "File", "content": file(3)});
            assert_eq!(
                ok.create_raw(&ok.case_a, body.clone()).await.status,
                StatusCode::OK
            );
            let reply = bad.create_raw(&bad.case_a, body).await;
            assert_eq!(reply.status, StatusCode::CREATED);
            let id = str_of(&reply, "relatedItemId");
            assert!(
                ids(&bad.items().await).contains(&id),
                "the item was created"
            );
        }
        Fault::NotFoundAs400 => {
            let unknown = async |w: &World| {
                post(
                    &w.router,
                    &w.path("no-such-case", "/related-items-search"),
                    json!({}),
                )
                .await
            };
            unknown(&ok).await.assert_not_found("Case", "no-such-case");
            let reply = unknown(&bad).await;
            reply.assert_validation("no-such-case");
            assert!(reply.body.get("resourceId").is_none());
            let domain = post(&bad.router, "/domains/no-such-domain", json!({})).await;
            assert_eq!(domain.status, StatusCode::BAD_REQUEST);
        }
        Fault::ResourceFieldsMissing => {
            let reply = post(
                &bad.router,
                &bad.path("no-such-case", "/audit-history"),
                json!({}),
            )
            .await;
            assert_eq!(reply.status, StatusCode::NOT_FOUND);
            assert_eq!(reply.error_type(), "ResourceNotFoundException");
            assert!(
                reply.body.get("resourceId").is_none() && reply.body.get("resourceType").is_none()
            );
            assert!(reply.message().contains("no-such-case"));
        }
        Fault::VagueValidationMessage => {
            let reply = bad.search(json!({"maxResults": 0})).await;
            assert_eq!(reply.status, StatusCode::BAD_REQUEST);
            assert_eq!(reply.error_type(), "ValidationException");
            assert_eq!(reply.message(), "Bad Request");
            ok.search(json!({"maxResults": 0}))
                .await
                .assert_validation("maxResults");
        }
        Fault::DeletedLayoutListed => {
            for (world, listed) in [(&ok, false), (&bad, true)] {
                let (id, _) = world.layout("gone").await;
                send_raw(
                    &world.router,
                    "DELETE",
                    &world.layout_path(&id),
                    String::new(),
                )
                .await
                .assert_ok();
                assert_eq!(world.layout_ids().await.contains(&id), listed);
            }
        }
        Fault::NewestLayoutUnlisted => {
            for (world, listed) in [(&ok, true), (&bad, false)] {
                let (first, _) = world.layout("first").await;
                let (newest, _) = world.layout("newest").await;
                let ids = world.layout_ids().await;
                assert!(ids.contains(&first));
                assert_eq!(ids.contains(&newest), listed);
            }
        }
        Fault::LayoutGetNotFound => {
            for (world, status) in [(&ok, StatusCode::OK), (&bad, StatusCode::NOT_FOUND)] {
                let (id, _) = world.layout("read").await;
                let reply = post(&world.router, &world.layout_path(&id), json!({})).await;
                assert_eq!(reply.status, status);
            }
        }
        Fault::LayoutNameTrimmed => {
            for (world, name) in [(&ok, "Layout"), (&bad, "Layou")] {
                let (id, _) = world.layout("Layout").await;
                let reply = post(&world.router, &world.layout_path(&id), json!({})).await;
                assert_eq!(reply.body["name"], name);
            }
        }
        Fault::LayoutUpdateIgnored => {
            for (world, name) in [(&ok, "Renamed"), (&bad, "Before")] {
                let (id, _) = world.layout("Before").await;
                let update = json!({"name": "Renamed"}).to_string();
                send_raw(&world.router, "PUT", &world.layout_path(&id), update)
                    .await
                    .assert_ok();
                let reply = post(&world.router, &world.layout_path(&id), json!({})).await;
                assert_eq!(reply.body["name"], name);
            }
        }
        Fault::LayoutUpdateResetsContent => {
            for (world, content) in [
                (&ok, json!({"basic": {}})),
                (&bad, json!({"basic": {"topPanel": {}}})),
            ] {
                let (id, _) = world.layout("kept").await;
                let update = json!({"name": "renamed"}).to_string();
                send_raw(&world.router, "PUT", &world.layout_path(&id), update)
                    .await
                    .assert_ok();
                let reply = post(&world.router, &world.layout_path(&id), json!({})).await;
                assert_eq!(reply.body["content"], content);
            }
        }
        Fault::DeletedDomainReadable => {
            for (world, status) in [(&ok, StatusCode::NOT_FOUND), (&bad, StatusCode::OK)] {
                let created = post(&world.router, "/domains", json!({"name": "doomed"})).await;
                let id = str_of(&created, "domainId");
                send_raw(
                    &world.router,
                    "DELETE",
                    &format!("/domains/{id}"),
                    String::new(),
                )
                .await
                .assert_ok();
                let reply = post(&world.router, &format!("/domains/{id}"), json!({})).await;
                assert_eq!(reply.status, status);
            }
        }
        Fault::UntagIgnored => {
            for (world, left) in [(&ok, json!({})), (&bad, json!({"k": "v"}))] {
                let (_, arn) = world.layout("tagged").await;
                let path = format!("/tags/{}", arn.replace(':', "%3A").replace('/', "%2F"));
                post(&world.router, &path, json!({"tags": {"k": "v"}}))
                    .await
                    .assert_ok();
                send_raw(
                    &world.router,
                    "DELETE",
                    &format!("{path}?tagKeys=k"),
                    String::new(),
                )
                .await
                .assert_ok();
                let listed = send_raw(&world.router, "GET", &path, String::new()).await;
                assert_eq!(listed.body["tags"], left);
            }
        }
        Fault::CaseOtherDomainReachable => {
            for (world, reachable) in [(&ok, false), (&bad, true)] {
                let other = str_of(
                    &post(&world.router, "/domains", json!({"name": "elsewhere"})).await,
                    "domainId",
                );
                let elsewhere = format!("/domains/{other}/cases/{}", world.case_a);
                let title = json!({"fields": [{"id": "title"}]});
                let read = post(&world.router, &elsewhere, title.clone()).await;
                if reachable {
                    assert_eq!(
                        read.assert_ok()["fields"][0]["value"]["stringValue"],
                        "round trip"
                    );
                } else {
                    read.assert_not_found("Case", &world.case_a);
                }
                // Through its own domain it is found either way; the case's other operations
                // check the domain, and an unknown domain is a 404 either way.
                let own = format!("/domains/{}/cases/{}", world.domain, world.case_a);
                post(&world.router, &own, title.clone()).await.assert_ok();
                let update = json!({"fields": [{"id": "title", "value": {"stringValue": "x"}}]});
                send_raw(&world.router, "PUT", &elsewhere, update.to_string())
                    .await
                    .assert_not_found("Case", &world.case_a);
                post(
                    &world.router,
                    &format!("{elsewhere}/audit-history"),
                    json!({}),
                )
                .await
                .assert_not_found("Case", &world.case_a);
                let unknown = format!("/domains/no-such-domain/cases/{}", world.case_a);
                assert_eq!(
                    post(&world.router, &unknown, title).await.status,
                    StatusCode::NOT_FOUND
                );
            }
        }
        Fault::DeletedRelatedItemFound
        | Fault::CustomUpdateKeepsFields
        | Fault::CustomFieldsDropped
        | Fault::SlaStatusFrozen
        | Fault::ConnectCaseFilterIgnored
        | Fault::SlaNameFilterIgnored
        | Fault::CustomFilterIgnored
        | Fault::FileItemDeletable
        | Fault::BatchCreatedOnce
        | Fault::SearchAllSortsIgnored
        | Fault::ItemChangesNotAudited
        | Fault::RelatedItemOtherCaseReachable => demonstrate_1_44_5(fault).await,
        Fault::SigV4NotVerified => {
            let creds = Some(SigV4Credentials {
                access_key_id: "AKID".into(),
                secret_access_key: "secret".into(),
            });
            let verifying = cases_mock::router(MockConfig {
                sigv4: creds.clone(),
                ..MockConfig::default()
            });
            let lax = cases_mock::router(MockConfig {
                sigv4: creds,
                ..config(&[fault])
            });
            let unsigned = post(&verifying, "/domains", json!({"name": "x"})).await;
            assert_eq!(unsigned.status, StatusCode::FORBIDDEN);
            assert_eq!(unsigned.error_type(), "AccessDeniedException");
            let served = post(&lax, "/domains", json!({"name": "x"})).await;
            served.assert_ok();
            // Without credentials configured there is nothing to skip.
            assert_eq!(bad.created.len(), 8);
        }
        // Faults of 1.44.5's case operations: the worlds above serve the contract release,
        // which routes none of these operations, so they are shown on 1.44.5 mocks.
        Fault::OrAllAsAndAll
        | Fault::TagFilterIgnored
        | Fault::DescSortIgnored
        | Fault::DeletedCaseFound
        | Fault::BatchUpdateIgnored
        | Fault::BatchUpdateFailureUnreported
        | Fault::MergeItemsNotMoved
        | Fault::MergeNotAudited
        | Fault::MergeConflictsIgnored
        | Fault::CaseRuleUpdateDropped => demonstrate_1_44_5_cases(fault).await,
    }
}

/// A 1.44.5 mock with a domain, two cases and a Text and a Number field, for the faults of
/// the related-item operations and kinds that release brought.
struct World144 {
    router: Router,
    fx: common::Fixture,
    other: String,
    text: String,
    number: String,
}

impl World144 {
    async fn new(faults: &[Fault]) -> World144 {
        let router = cases_mock::router(MockConfig {
            release: MockRelease::V1_44_5,
            ..config(faults)
        });
        let fx = common::fixture(&router).await;
        let other = str_of(
            &post(
                &router,
                &format!("/domains/{}/cases", fx.domain),
                json!({"templateId": fx.template, "fields": [
                    {"id": "title", "value": {"stringValue": "other"}},
                    {"id": "customer_id", "value": {"stringValue": "c"}}]}),
            )
            .await,
            "caseId",
        );
        let mut fields = Vec::new();
        for kind in ["Text", "Number"] {
            let reply = post(
                &router,
                &format!("/domains/{}/fields", fx.domain),
                json!({"name": kind, "type": kind}),
            )
            .await;
            fields.push(str_of(&reply, "fieldId"));
        }
        let number = fields.pop().expect("number");
        let text = fields.pop().expect("text");
        World144 {
            router,
            fx,
            other,
            text,
            number,
        }
    }

    fn item_path(&self, case: &str, id: &str) -> String {
        format!(
            "/domains/{}/cases/{case}/related-items/{id}",
            self.fx.domain
        )
    }

    async fn create_in(&self, case: &str, item_type: &str, content: Value) -> String {
        let path = format!("/domains/{}/cases/{case}/related-items/", self.fx.domain);
        let reply = post(
            &self.router,
            &path,
            json!({"type": item_type, "content": content}),
        )
        .await;
        str_of(&reply, "relatedItemId")
    }

    async fn create(&self, item_type: &str, content: Value) -> String {
        self.create_in(&self.fx.case.clone(), item_type, content)
            .await
    }

    fn custom(&self, text: &str, number: Option<f64>) -> Value {
        let mut fields = vec![json!({"id": self.text, "value": {"stringValue": text}})];
        if let Some(n) = number {
            fields.push(json!({"id": self.number, "value": {"doubleValue": n}}));
        }
        json!({"custom": {"fields": fields}})
    }

    async fn search_in(&self, case: &str, filters: Value) -> Vec<Value> {
        let path = format!(
            "/domains/{}/cases/{case}/related-items-search",
            self.fx.domain
        );
        let reply = post(&self.router, &path, json!({"filters": filters})).await;
        reply.assert_ok()["relatedItems"]
            .as_array()
            .expect("items")
            .clone()
    }

    async fn search(&self, filters: Value) -> Vec<Value> {
        self.search_in(&self.fx.case.clone(), filters).await
    }

    async fn search_all(&self, body: Value) -> Vec<Value> {
        let path = format!("/domains/{}/related-items-search", self.fx.domain);
        let reply = post(&self.router, &path, body).await;
        reply.assert_ok()["relatedItems"]
            .as_array()
            .expect("items")
            .clone()
    }

    async fn update(&self, id: &str, content: Value) -> Reply {
        let path = self.item_path(&self.fx.case, id);
        send_raw(
            &self.router,
            "PUT",
            &path,
            json!({"content": content}).to_string(),
        )
        .await
    }

    async fn delete(&self, id: &str) -> Reply {
        send_raw(
            &self.router,
            "DELETE",
            &self.item_path(&self.fx.case, id),
            "",
        )
        .await
    }

    async fn event_types(&self) -> Vec<String> {
        let reply = post(&self.router, &self.fx.audit_path(), json!({})).await;
        reply.assert_ok()["auditEvents"]
            .as_array()
            .expect("events")
            .iter()
            .map(|e| e["type"].as_str().unwrap_or_default().to_owned())
            .collect()
    }
}

/// The demonstrations of the faults of 1.44.5's related-item operations and kinds.
async fn demonstrate_1_44_5(fault: Fault) {
    let ok = World144::new(&[]).await;
    let bad = World144::new(&[fault]).await;
    let sla = |name: &str| json!({"sla": {"slaInputConfiguration": {"name": name, "type": "CaseField", "targetSlaMinutes": 60}}});
    match fault {
        Fault::DeletedRelatedItemFound => {
            for (world, found) in [(&ok, 0), (&bad, 1)] {
                let id = world.create("Comment", comment("gone")).await;
                world.delete(&id).await.assert_ok();
                assert_eq!(world.search(json!([])).await.len(), found);
                assert_eq!(world.search_all(json!({})).await.len(), found);
            }
        }
        Fault::CustomUpdateKeepsFields => {
            for (world, kept) in [(&ok, 1), (&bad, 2)] {
                let id = world.create("Custom", world.custom("a", Some(1.0))).await;
                let answer = world.update(&id, world.custom("b", None)).await;
                assert_eq!(
                    answer.assert_ok()["content"]["custom"]["fields"]
                        .as_array()
                        .map(Vec::len),
                    Some(kept)
                );
                let items = world.search(json!([])).await;
                assert_eq!(
                    items[0]["content"]["custom"]["fields"]
                        .as_array()
                        .map(Vec::len),
                    Some(kept)
                );
            }
        }
        Fault::CustomFieldsDropped => {
            for (world, shown) in [(&ok, 2), (&bad, 0)] {
                world.create("Custom", world.custom("a", Some(1.0))).await;
                let items = world.search(json!([])).await;
                assert_eq!(
                    items[0]["content"]["custom"]["fields"]
                        .as_array()
                        .map(Vec::len),
                    Some(shown)
                );
            }
        }
        Fault::SlaStatusFrozen => {
            for (world, status) in [(&ok, "Met"), (&bad, "Active")] {
                world
                    .create("Sla", json!({"sla": {"slaInputConfiguration": {
                        "name": "close", "type": "CaseField", "fieldId": "status",
                        "targetFieldValues": [{"stringValue": "closed"}], "targetSlaMinutes": 60}}}))
                    .await;
                send_raw(
                    &world.router,
                    "PUT",
                    &world.fx.case_path(""),
                    json!({"fields": [{"id": "status", "value": {"stringValue": "closed"}}]})
                        .to_string(),
                )
                .await
                .assert_ok();
                let items = world.search(json!([])).await;
                assert_eq!(
                    items[0]["content"]["sla"]["slaConfiguration"]["status"],
                    status
                );
                let met = world.search(json!([{"sla": {"status": "Met"}}])).await;
                assert_eq!(met.len(), usize::from(status == "Met"));
            }
        }
        Fault::ConnectCaseFilterIgnored => {
            for (world, found) in [(&ok, 0), (&bad, 1)] {
                world
                    .create(
                        "ConnectCase",
                        json!({"connectCase": {"caseId": world.other}}),
                    )
                    .await;
                let filter = json!([{"connectCase": {"caseId": "no-such-case"}}]);
                assert_eq!(world.search(filter.clone()).await.len(), found);
                assert_eq!(
                    world.search_all(json!({"filters": filter})).await.len(),
                    found
                );
                assert_eq!(
                    world.search(json!([{"comment": {}}])).await.len(),
                    0,
                    "the kind still applies"
                );
            }
        }
        Fault::SlaNameFilterIgnored => {
            for (world, found) in [(&ok, 0), (&bad, 1)] {
                world.create("Sla", sla("reply")).await;
                assert_eq!(
                    world
                        .search(json!([{"sla": {"name": "resolve"}}]))
                        .await
                        .len(),
                    found
                );
                assert_eq!(
                    world
                        .search(json!([{"sla": {"name": "reply", "status": "Overdue"}}]))
                        .await
                        .len(),
                    0
                );
            }
        }
        Fault::CustomFilterIgnored => {
            for (world, found) in [(&ok, 0), (&bad, 1)] {
                world.create("Custom", world.custom("a", Some(1.0))).await;
                let filter = json!([{"custom": {"fields": {"field": {"equalTo": {"id": world.text, "value": {"stringValue": "b"}}}}}}]);
                assert_eq!(world.search(filter).await.len(), found);
            }
        }
        Fault::FileItemDeletable => {
            let file = json!({"file": {"fileArn": format!("{ARN}/file/1")}});
            let id = ok.create("File", file.clone()).await;
            ok.delete(&id).await.assert_validation("relatedItemId");
            assert_eq!(ok.search(json!([])).await.len(), 1);
            let id = bad.create("File", file).await;
            bad.delete(&id).await.assert_ok();
            assert!(bad.search(json!([])).await.is_empty());
        }
        Fault::BatchCreatedOnce => {
            for (world, in_other) in [(&ok, 1), (&bad, 0)] {
                let reply = post(&world.router, "/cases:batchCreateRelatedItem", json!({
                    "domainId": world.fx.domain,
                    "content": comment("batch"),
                    "cases": [{"caseIdentifier": {"caseId": world.fx.case}}, {"caseIdentifier": {"caseId": world.other}}],
                }))
                .await;
                assert_eq!(
                    reply.assert_ok()["successfulItems"]
                        .as_array()
                        .map(Vec::len),
                    Some(2)
                );
                assert_eq!(world.search(json!([])).await.len(), 1);
                assert_eq!(
                    world.search_in(&world.other.clone(), json!([])).await.len(),
                    in_other
                );
            }
        }
        Fault::SearchAllSortsIgnored => {
            for (world, newest_first) in [(&ok, true), (&bad, false)] {
                let first = world.create("Comment", comment("first")).await;
                tokio::time::sleep(std::time::Duration::from_millis(5)).await;
                let second = world.create("Comment", comment("second")).await;
                let sorted = world
                    .search_all(json!({"sorts": [{"sortProperty": "AssociationTime", "sortOrder": "Desc"}]}))
                    .await;
                let order: Vec<&str> = sorted
                    .iter()
                    .filter_map(|i| i["relatedItemId"].as_str())
                    .collect();
                let expected = if newest_first {
                    [second.as_str(), first.as_str()]
                } else {
                    [first.as_str(), second.as_str()]
                };
                assert_eq!(order, expected);
            }
        }
        Fault::ItemChangesNotAudited => {
            for (world, audited) in [(&ok, true), (&bad, false)] {
                let id = world.create("Comment", comment("note")).await;
                world.update(&id, comment("edited")).await.assert_ok();
                world.delete(&id).await.assert_ok();
                let types = world.event_types().await;
                assert!(types.contains(&"RelatedItem.Created".to_owned()));
                assert_eq!(types.contains(&"RelatedItem.Updated".to_owned()), audited);
                assert_eq!(types.contains(&"RelatedItem.Deleted".to_owned()), audited);
            }
        }
        Fault::RelatedItemOtherCaseReachable => {
            for (world, reachable) in [(&ok, false), (&bad, true)] {
                let id = world.create("Comment", comment("kept")).await;
                let elsewhere = world.item_path(&world.other, &id);
                let update = json!({"content": comment("through the other case")}).to_string();
                let updated = send_raw(&world.router, "PUT", &elsewhere, update).await;
                let deleted = send_raw(&world.router, "DELETE", &elsewhere, "").await;
                let left = world.search(json!([])).await;
                if reachable {
                    updated.assert_ok();
                    deleted.assert_ok();
                    assert!(left.is_empty(), "{left:?}");
                } else {
                    updated.assert_not_found("RelatedItem", &id);
                    deleted.assert_not_found("RelatedItem", &id);
                    assert_eq!(left.len(), 1);
                    assert_eq!(left[0]["content"], comment("kept"));
                }
                // A case that does not exist is a 404 either way.
                let unknown = world.item_path("no-such-case", &id);
                assert_eq!(
                    send_raw(&world.router, "DELETE", &unknown, "").await.status,
                    StatusCode::NOT_FOUND
                );
            }
        }
        other => unreachable!("{other} is not a fault of 1.44.5's related items"),
    }
}

/// The customer of every case [`Cases144`] creates (the fixture's): cases with one
/// customer can be merged.
const CUSTOMER: &str = "arn:aws:profile:us-east-1:123456789012:domains/p/profiles/x";

/// A `field` filter: `title` equals `title`.
fn title_is(title: &str) -> Value {
    json!({"field": {"equalTo": {"id": "title", "value": {"stringValue": title}}}})
}

/// A `tag` filter: tag `key` equals `value`.
fn tag_is(key: &str, value: &str) -> Value {
    json!({"tag": {"equalTo": {"key": key, "value": value}}})
}

/// A 1.44.5 mock with a domain, a template and a case titled "A case" (the fixture), for
/// the faults of the case operations that release brought.
struct Cases144 {
    router: Router,
    fx: common::Fixture,
}

impl Cases144 {
    async fn new(faults: &[Fault]) -> Cases144 {
        let router = cases_mock::router(MockConfig {
            release: MockRelease::V1_44_5,
            ..config(faults)
        });
        let fx = common::fixture(&router).await;
        Cases144 { router, fx }
    }

    fn domain_path(&self, suffix: &str) -> String {
        format!("/domains/{}{suffix}", self.fx.domain)
    }

    fn case_path(&self, case: &str, suffix: &str) -> String {
        self.domain_path(&format!("/cases/{case}{suffix}"))
    }

    /// CreateCase with the fixture's template and customer, and `tags` unless `null`.
    async fn case(&self, title: &str, tags: Value) -> String {
        let mut body = json!({"templateId": self.fx.template, "fields": [
            {"id": "title", "value": {"stringValue": title}},
            {"id": "customer_id", "value": {"stringValue": CUSTOMER}}]});
        if !tags.is_null() {
            body["tags"] = tags;
        }
        str_of(
            &post(&self.router, &self.domain_path("/cases"), body).await,
            "caseId",
        )
    }

    /// One SearchCases page of up to 100 (every case these worlds make), asserted 200.
    async fn search_cases(&self, mut body: Value) -> Vec<Value> {
        body["maxResults"] = json!(100);
        let reply = post(&self.router, &self.domain_path("/cases-search"), body).await;
        assert!(reply.assert_ok().get("nextToken").is_none(), "{reply:?}");
        reply.body["cases"].as_array().expect("cases").clone()
    }

    /// The ids of the cases SearchCases finds with `filter`.
    async fn found(&self, filter: Value) -> BTreeSet<String> {
        self.search_cases(json!({"filter": filter}))
            .await
            .iter()
            .map(|c| c["caseId"].as_str().expect("caseId").to_owned())
            .collect()
    }

    /// The titles of every case, in the order SearchCases sorts them by title.
    async fn titles_sorted(&self, order: &str) -> Vec<String> {
        let sorts = json!([{"fieldId": "title", "sortOrder": order}]);
        self.search_cases(json!({"sorts": sorts, "fields": [{"id": "title"}]}))
            .await
            .iter()
            .map(|c| {
                c["fields"][0]["value"]["stringValue"]
                    .as_str()
                    .unwrap_or_else(|| panic!("no title in {c}"))
                    .to_owned()
            })
            .collect()
    }

    /// GetCase of `case` for field `id`.
    async fn get(&self, case: &str, id: &str) -> Reply {
        post(
            &self.router,
            &self.case_path(case, ""),
            json!({"fields": [{"id": id}]}),
        )
        .await
    }

    /// A field value of `case` as GetCase reads it.
    async fn value(&self, case: &str, id: &str) -> Value {
        let reply = self.get(case, id).await;
        let fields = reply.assert_ok()["fields"].as_array().expect("fields");
        fields
            .iter()
            .find(|f| f["id"] == id)
            .map(|f| f["value"].clone())
            .unwrap_or(Value::Null)
    }

    /// BatchUpdateCase setting `title` on `cases` (by case id): the answer's case ids in
    /// `successfulCases`, and `(case id, errorCode)` of `failedCases`.
    async fn batch_title(
        &self,
        cases: &[&str],
        title: &str,
    ) -> (Vec<String>, Vec<(String, String)>) {
        let cases: Vec<Value> = cases
            .iter()
            .map(|c| json!({"caseIdentifier": {"caseId": c}}))
            .collect();
        let body =
            json!({"domainId": self.fx.domain, "cases": cases, "fields": [], "title": title});
        let reply = send_raw(
            &self.router,
            "PUT",
            "/cases:batchUpdateCase",
            body.to_string(),
        )
        .await;
        let answer = reply.assert_ok();
        let id = |entry: &Value| {
            entry["caseIdentifier"]["caseId"]
                .as_str()
                .expect("caseId")
                .to_owned()
        };
        let succeeded = answer["successfulCases"]
            .as_array()
            .expect("successfulCases")
            .iter()
            .map(id)
            .collect();
        let failed = answer["failedCases"]
            .as_array()
            .expect("failedCases")
            .iter()
            .map(|e| {
                (
                    id(e),
                    e["errorCode"].as_str().expect("errorCode").to_owned(),
                )
            })
            .collect();
        (succeeded, failed)
    }

    /// Ids of the related items SearchRelatedItems finds on `case`.
    async fn items(&self, case: &str) -> Vec<String> {
        let reply = post(
            &self.router,
            &self.case_path(case, "/related-items-search"),
            json!({}),
        )
        .await;
        reply.assert_ok()["relatedItems"]
            .as_array()
            .expect("relatedItems")
            .iter()
            .map(|i| i["relatedItemId"].as_str().expect("id").to_owned())
            .collect()
    }

    /// How many `Case.Merged` events the audit history of `case` holds.
    async fn merged_events(&self, case: &str) -> usize {
        let reply = post(
            &self.router,
            &self.case_path(case, "/audit-history"),
            json!({}),
        )
        .await;
        reply.assert_ok()["auditEvents"]
            .as_array()
            .expect("auditEvents")
            .iter()
            .filter(|e| e["type"] == "Case.Merged")
            .count()
    }

    /// Merges a new case holding one comment into the fixture's case, moving comments,
    /// and waits for GetMergeCasesStatus to read `COMPLETED`: the secondary case's id and
    /// the comment's.
    async fn merge_with_comment(&self) -> (String, String) {
        let (secondary, comment) = self.start_merge_with_comment().await;
        self.wait_for_merge(&secondary).await;
        (secondary, comment)
    }

    /// CreateRelatedItem of a comment on `case`: its id.
    async fn add_comment(&self, case: &str, text: &str) -> String {
        str_of(
            &post(
                &self.router,
                &self.case_path(case, "/related-items/"),
                json!({"type": "Comment", "content": comment(text)}),
            )
            .await,
            "relatedItemId",
        )
    }

    /// Starts the merge of a new case holding one comment into the fixture's case, moving
    /// comments: the secondary case's id and the comment's.
    async fn start_merge_with_comment(&self) -> (String, String) {
        let secondary = self.case("secondary", Value::Null).await;
        let comment = self.add_comment(&secondary, "moves").await;
        post(
            &self.router,
            &self.case_path(&self.fx.case, "/merge"),
            json!({"secondaryCaseIds": [secondary], "relatedItemsConfiguration": {"comment": true}}),
        )
        .await
        .assert_ok();
        (secondary, comment)
    }

    /// GetMergeCasesStatus of `case`: its `status`.
    async fn merge_status(&self, case: &str) -> Value {
        let reply = post(
            &self.router,
            &self.case_path(case, "/merge-status"),
            json!({}),
        )
        .await;
        reply.assert_ok()["status"].clone()
    }

    /// Waits for GetMergeCasesStatus of the secondary case to read `COMPLETED`.
    async fn wait_for_merge(&self, secondary: &str) {
        for _ in 0..200 {
            if self.merge_status(secondary).await == "COMPLETED" {
                return;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        panic!("the merge never completed");
    }
}

/// The demonstrations of the faults of 1.44.5's case operations (SearchCases, DeleteCase,
/// BatchUpdateCase, StartMergeCases, UpdateCaseRule), each on a faithful and a faulty
/// 1.44.5 mock probed the same way.
async fn demonstrate_1_44_5_cases(fault: Fault) {
    assert_eq!(fault.info().release, Some("1.44.5"), "{fault}");
    let ok = Cases144::new(&[]).await;
    let bad = Cases144::new(&[fault]).await;
    let set = |ids: &[&String]| ids.iter().map(|s| (*s).clone()).collect::<BTreeSet<_>>();
    match fault {
        Fault::OrAllAsAndAll => {
            for (world, faithful) in [(&ok, true), (&bad, false)] {
                let alpha = world.case("alpha", Value::Null).await;
                let beta = world.case("beta", Value::Null).await;
                // "orAll": a case matches when one of the filters does.
                let either = json!({"orAll": [title_is("alpha"), title_is("beta")]});
                let expected = if faithful {
                    set(&[&alpha, &beta])
                } else {
                    BTreeSet::new()
                };
                assert_eq!(world.found(either).await, expected, "faithful: {faithful}");
                // `andAll`, and an `orAll` of one filter, read the same either way.
                let both = json!({"andAll": [title_is("alpha"), {"not": title_is("beta")}]});
                assert_eq!(world.found(both).await, set(&[&alpha]));
                let one = json!({"orAll": [title_is("beta")]});
                assert_eq!(world.found(one).await, set(&[&beta]));
            }
        }
        Fault::TagFilterIgnored => {
            for (world, faithful) in [(&ok, true), (&bad, false)] {
                let blue = world.case("blue", json!({"team": "blue"})).await;
                let red = world.case("red", json!({"team": "red"})).await;
                let expected = if faithful {
                    set(&[&blue])
                } else {
                    set(&[&world.fx.case, &blue, &red])
                };
                assert_eq!(world.found(tag_is("team", "blue")).await, expected);
                // The filters around it still apply.
                let red_and_blue = json!({"andAll": [tag_is("team", "blue"), title_is("red")]});
                let expected = if faithful { set(&[]) } else { set(&[&red]) };
                assert_eq!(world.found(red_and_blue).await, expected);
            }
        }
        Fault::DescSortIgnored => {
            for (world, faithful) in [(&ok, true), (&bad, false)] {
                for title in ["b", "c", "a"] {
                    world.case(title, Value::Null).await;
                }
                let ascending = ["A case", "a", "b", "c"];
                assert_eq!(world.titles_sorted("Asc").await, ascending);
                let mut descending = ascending;
                descending.reverse();
                let expected: &[&str] = if faithful { &descending } else { &ascending };
                assert_eq!(world.titles_sorted("Desc").await, expected);
            }
        }
        Fault::DeletedCaseFound => {
            for (world, faithful) in [(&ok, true), (&bad, false)] {
                let doomed = world.case("doomed", Value::Null).await;
                send_raw(&world.router, "DELETE", &world.case_path(&doomed, ""), "")
                    .await
                    .assert_ok();
                world
                    .get(&doomed, "title")
                    .await
                    .assert_not_found("Case", &doomed);
                let everything = world.found(json!({"not": title_is("no such title")})).await;
                assert_eq!(everything.contains(&doomed), !faithful, "{everything:?}");
                assert!(everything.contains(&world.fx.case));
                let expected = if faithful { set(&[]) } else { set(&[&doomed]) };
                assert_eq!(world.found(title_is("doomed")).await, expected);
            }
        }
        Fault::BatchUpdateIgnored => {
            for (world, faithful) in [(&ok, true), (&bad, false)] {
                let other = world.case("other", Value::Null).await;
                let (succeeded, failed) = world
                    .batch_title(&[&world.fx.case, &other], "batched")
                    .await;
                assert_eq!(succeeded, [world.fx.case.clone(), other.clone()]);
                assert!(failed.is_empty(), "{failed:?}");
                for (case, before) in [(&world.fx.case, "A case"), (&other, "other")] {
                    let title = if faithful { "batched" } else { before };
                    assert_eq!(
                        world.value(case, "title").await,
                        json!({"stringValue": title})
                    );
                }
            }
        }
        Fault::BatchUpdateFailureUnreported => {
            for (world, faithful) in [(&ok, true), (&bad, false)] {
                let (succeeded, failed) = world
                    .batch_title(&[&world.fx.case, "no-such-case"], "batched")
                    .await;
                assert_eq!(succeeded, std::slice::from_ref(&world.fx.case));
                let expected = if faithful {
                    vec![("no-such-case".to_owned(), "CASE_NOT_FOUND".to_owned())]
                } else {
                    Vec::new()
                };
                assert_eq!(failed, expected);
                // The existing case is updated either way.
                assert_eq!(
                    world.value(&world.fx.case, "title").await,
                    json!({"stringValue": "batched"})
                );
            }
        }
        Fault::MergeItemsNotMoved => {
            for (world, faithful) in [(&ok, true), (&bad, false)] {
                let (secondary, comment) = world.merge_with_comment().await;
                let (on_primary, left) = if faithful {
                    (vec![comment.clone()], Vec::new())
                } else {
                    (Vec::new(), vec![comment.clone()])
                };
                assert_eq!(world.items(&world.fx.case).await, on_primary);
                assert_eq!(world.items(&secondary).await, left);
                // The rest of the merge happens either way.
                assert_eq!(
                    world.value(&secondary, "status").await,
                    json!({"stringValue": "closed"})
                );
                assert_eq!(world.merged_events(&world.fx.case).await, 1);
                assert_eq!(world.merged_events(&secondary).await, 1);
            }
        }
        Fault::MergeNotAudited => {
            for (world, events) in [(&ok, 1), (&bad, 0)] {
                let (secondary, comment) = world.merge_with_comment().await;
                assert_eq!(world.merged_events(&world.fx.case).await, events);
                assert_eq!(world.merged_events(&secondary).await, events);
                // The merge itself happens either way.
                assert_eq!(world.items(&world.fx.case).await, [comment]);
                assert!(world.items(&secondary).await.is_empty());
                assert_eq!(
                    world.value(&secondary, "status").await,
                    json!({"stringValue": "closed"})
                );
            }
        }
        Fault::MergeConflictsIgnored => {
            for (world, faithful) in [(&ok, true), (&bad, false)] {
                let primary = world.fx.case.clone();
                let secondary = world.case("secondary", Value::Null).await;
                let moving = world.add_comment(&secondary, "moves").await;
                let extra = world.add_comment(&secondary, "probed").await;
                post(
                    &world.router,
                    &world.case_path(&primary, "/merge"),
                    json!({"secondaryCaseIds": [secondary], "relatedItemsConfiguration": {"comment": true}}),
                )
                .await
                .assert_ok();
                assert_eq!(world.merge_status(&secondary).await, "IN_PROGRESS");
                let item = |id: &str| world.case_path(&secondary, &format!("/related-items/{id}"));
                let modifications = [
                    send_raw(
                        &world.router,
                        "PUT",
                        &world.case_path(&secondary, ""),
                        json!({"fields": [{"id": "title", "value": {"stringValue": "changed"}}]})
                            .to_string(),
                    )
                    .await,
                    post(
                        &world.router,
                        &world.case_path(&secondary, "/related-items/"),
                        json!({"type": "Comment", "content": comment("added")}),
                    )
                    .await,
                    send_raw(
                        &world.router,
                        "PUT",
                        &item(&extra),
                        json!({"content": comment("edited")}).to_string(),
                    )
                    .await,
                    send_raw(&world.router, "DELETE", &item(&extra), "").await,
                ];
                for reply in &modifications {
                    if faithful {
                        assert_eq!(reply.status, StatusCode::CONFLICT, "{reply:?}");
                        assert_eq!(reply.error_type(), "ConflictException");
                    } else {
                        reply.assert_ok();
                    }
                }
                // DeleteCase of either case is refused either way.
                for case in [&primary, &secondary] {
                    let reply =
                        send_raw(&world.router, "DELETE", &world.case_path(case, ""), "").await;
                    assert_eq!(reply.status, StatusCode::CONFLICT, "{reply:?}");
                    assert_eq!(reply.error_type(), "ConflictException");
                }
                assert_eq!(world.merge_status(&secondary).await, "IN_PROGRESS");
                // The merge finishes either way, moving the comments the secondary holds.
                world.wait_for_merge(&secondary).await;
                let moved = world.items(&primary).await;
                assert!(moved.contains(&moving), "{moved:?}");
                // Faithful: the probed comment moves too; faulty: it was deleted, and the
                // comment added while the merge ran moves in its place.
                assert_eq!(moved.contains(&extra), faithful, "{moved:?}");
                assert_eq!(moved.len(), 2, "{moved:?}");
                assert!(world.items(&secondary).await.is_empty());
                let title = if faithful { "secondary" } else { "changed" };
                assert_eq!(
                    world.value(&secondary, "title").await,
                    json!({"stringValue": title})
                );
            }
        }
        Fault::CaseRuleUpdateDropped => {
            for (world, faithful) in [(&ok, true), (&bad, false)] {
                let rule = json!({"required": {"defaultValue": false, "conditions": [
                    {"equalTo": {"operandOne": {"fieldId": "status"},
                        "operandTwo": {"stringValue": "closed"}, "result": true}}]}});
                let created = post(
                    &world.router,
                    &world.domain_path("/case-rules"),
                    json!({"name": "before", "description": "old", "rule": rule}),
                )
                .await;
                let id = str_of(&created, "caseRuleId");
                send_raw(
                    &world.router,
                    "PUT",
                    &world.domain_path(&format!("/case-rules/{id}")),
                    json!({"name": "after", "description": "new"}).to_string(),
                )
                .await
                .assert_ok();
                let read = post(
                    &world.router,
                    &world.domain_path("/rules-batch"),
                    json!({"caseRules": [{"id": id}]}),
                )
                .await;
                let read = &read.assert_ok()["caseRules"][0];
                let (name, description) = if faithful {
                    ("after", "new")
                } else {
                    ("before", "old")
                };
                assert_eq!(read["name"], name, "{read}");
                assert_eq!(read["description"], description, "{read}");
                assert_eq!(read["rule"], rule, "{read}");
            }
        }
        other => unreachable!("{other} is not a fault of 1.44.5's case operations"),
    }
}

#[tokio::test]
async fn every_fault_changes_behaviour() {
    for info in cases_mock::catalogue() {
        eprintln!("demonstrating {}", info.name);
        demonstrate(info.fault).await;
    }
}

#[tokio::test]
async fn faults_combine() {
    let world = World::new(config(&[
        Fault::FileContentDropped,
        Fault::UppercaseItemType,
    ]))
    .await;
    let files: Vec<Value> = world
        .items()
        .await
        .into_iter()
        .filter(|i| i["type"] == "FILE")
        .collect();
    assert_eq!(files.len(), 3);
    assert!(files.iter().all(|i| i["content"] == json!({})));
}

#[tokio::test]
async fn release_1_34_97_is_the_model_before_file() {
    let old = World::new(MockConfig {
        release: MockRelease::V1_34_97,
        ..MockConfig::default()
    })
    .await;
    assert_eq!(old.created.len(), 5, "contacts and comments only");
    assert!(old.ids_of("File").is_empty());

    let reply = old
        .create_raw(&old.case_a, json!({"type": "File", "content": file(1)}))
        .await;
    reply.assert_validation("'type'");
    assert!(
        reply
            .message()
            .contains("Value 'File' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [Contact, Comment]"),
        "{reply:?}"
    );
    let reply = old
        .create_raw(&old.case_a, json!({"type": "Comment", "content": file(1)}))
        .await;
    reply.assert_validation("'content'");
    assert!(
        reply
            .message()
            .contains("one of [contact, comment] (found: none)"),
        "{reply:?}"
    );
    let reply = old.search(json!({"filters": [{"file": {}}]})).await;
    reply.assert_validation("'filters[0]'");
    let reply = old
        .search(json!({"filters": [{"file": {"fileArn": "a"}}, {"comment": {}}]}))
        .await;
    reply.assert_validation("'filters[0]'");

    let found = old.items().await;
    assert_eq!(
        ids(&found),
        old.created.iter().map(|(_, id)| id.clone()).collect()
    );
    let comments = old.walk(json!([{"comment": {}}]), None).await.id_set();
    assert_eq!(comments, old.ids_of("Comment"));
    let events = old.events().await;
    let types: BTreeSet<&str> = related_item_created(&events)
        .iter()
        .filter_map(|e| e["relatedItemType"].as_str())
        .collect();
    assert_eq!(types, BTreeSet::from(["Comment", "Contact"]));

    // The default release accepts all of it.
    let new = World::faithful().await;
    assert_eq!(new.ids_of("File").len(), 3);
    new.search(json!({"filters": [{"file": {}}]}))
        .await
        .assert_ok();
}

#[test]
fn readme_table_lists_every_fault_with_its_checks() {
    let readme = include_str!("../README.md");
    for info in cases_mock::catalogue() {
        let prefix = format!("| `{}` |", info.name);
        let row = readme
            .lines()
            .find(|line| line.starts_with(&prefix))
            .unwrap_or_else(|| panic!("mock/README.md has no row for {}", info.name));
        let listed = row.rsplit(" | ").next().unwrap_or_default();
        let checks: Vec<String> = info.caught_by.iter().map(|c| format!("`{c}`")).collect();
        assert_eq!(
            listed.trim_end_matches(" |"),
            checks.join(", "),
            "{}",
            info.name
        );
    }
}
