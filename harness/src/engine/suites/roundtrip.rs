//! Round trip, filters and audit on fresh cases: create a known set of related items of every
//! kind the release has, then prove search returns each exactly once with what was created,
//! that every filter selects exactly what it names, and that the audit history records it all.

use std::collections::{BTreeMap, BTreeSet};
use std::time::{Duration, SystemTime};

use serde_json::{Value, json};

use crate::checks::CheckId;
use crate::engine::session::Session;
use crate::engine::setup::{Workspace, new_case};
use crate::engine::walk::{Walk, WalkEnd, walk};

/// Allowed clock skew between harness and target for `associationTime`.
const CLOCK_SKEW: Duration = Duration::from_secs(300);

const SEARCH: &str = "SearchRelatedItems";
const AUDIT: &str = "GetCaseAuditEvents";
const CREATE: &str = "CreateRelatedItem";

/// One related item the suite created.
#[derive(Debug, Clone)]
pub struct Created {
    /// The `type` sent.
    pub item_type: String,
    /// The union member of `content` sent (`file`, `comment`, `contact`).
    pub kind: String,
    /// The `content` sent.
    pub content: Value,
    /// The `performedBy` sent, if any.
    pub performed_by: Option<Value>,
    /// The id the target gave it.
    pub id: String,
    /// When the create request went out and when its answer came.
    pub window: (SystemTime, SystemTime),
}

/// What the suite leaves for later suites (pagination runs on the same cases).
#[derive(Debug, Clone)]
pub struct Fixture {
    /// The case holding the planned items.
    pub case_a: String,
    /// A second case with one item of each kind, for isolation and foreign tokens.
    pub case_b: String,
    /// Items created in case A.
    pub created_a: Vec<Created>,
    /// Ids created in case B.
    pub ids_b: BTreeSet<String>,
}

/// The related-item kinds of the release: `content` union members paired with the `type`
/// enum value that names them (`file` ↔ `File`), read off the model.
pub fn kinds(session: &Session) -> Vec<(String, String)> {
    let model = &session.model;
    let Some(request) = model.structure("CreateRelatedItemRequest") else {
        return Vec::new();
    };
    let content_shape = &request.members["content"].shape;
    let type_values = model
        .shape(&request.members["type"].shape)
        .enum_values()
        .unwrap_or_default()
        .to_vec();
    model
        .structure(content_shape)
        .map(|s| {
            s.members
                .keys()
                .filter_map(|member| {
                    type_values
                        .iter()
                        .find(|v| lower_camel(v) == *member)
                        .map(|v| (member.clone(), v.clone()))
                })
                .collect()
        })
        .unwrap_or_default()
}

/// `File` → `file`, `ConnectCase` → `connectCase`.
pub fn lower_camel(value: &str) -> String {
    let mut chars = value.chars();
    chars
        .next()
        .map(|c| c.to_lowercase().chain(chars).collect())
        .unwrap_or_default()
}

/// The planned items of case A: for each kind, three items whose key values repeat once, so
/// filters by value can be told apart from filters by kind.
fn plan(kind: &str, run: &str) -> Vec<Value> {
    let arn = |what: &str, n: u32| {
        format!("arn:aws:connect:us-east-1:123456789012:instance/conformance-{run}/{what}/{n}")
    };
    match kind {
        "file" => vec![
            json!({ "file": { "fileArn": arn("file", 1) } }),
            json!({ "file": { "fileArn": arn("file", 1) } }),
            json!({ "file": { "fileArn": arn("file", 2) } }),
        ],
        "contact" => vec![
            json!({ "contact": { "contactArn": arn("contact", 1) } }),
            json!({ "contact": { "contactArn": arn("contact", 1) } }),
            json!({ "contact": { "contactArn": arn("contact", 2) } }),
        ],
        "comment" => vec![
            json!({ "comment": { "body": "Customer sent the signed form.", "contentType": "Text/Plain" } }),
            json!({ "comment": { "body": "Rückruf vereinbart – 漢字 ✓", "contentType": "Text/Plain" } }),
        ],
        _ => Vec::new(),
    }
}

fn performed_by(run: &str, n: usize) -> Option<Value> {
    n.is_multiple_of(2).then(|| {
        json!({ "userArn": format!("arn:aws:connect:us-east-1:123456789012:instance/conformance-{run}/agent/{n}") })
    })
}

/// Creates one item and records what was sent and when.
async fn create(
    session: &Session,
    workspace: &Workspace,
    case_id: &str,
    kind: &str,
    item_type: &str,
    content: Value,
    performed_by: Option<Value>,
) -> Option<Created> {
    let mut body = json!({ "type": item_type, "content": content });
    if let Some(p) = &performed_by {
        body["performedBy"] = p.clone();
    }
    let envelope =
        json!({ "uri": { "domainId": workspace.domain_id, "caseId": case_id }, "body": body });
    let before = SystemTime::now();
    let (response, _) = session
        .call(CREATE, &envelope, "roundtrip: create")
        .await
        .ok()?;
    let after = SystemTime::now();
    Some(Created {
        item_type: item_type.to_string(),
        kind: kind.to_string(),
        content,
        performed_by,
        id: response.get("relatedItemId")?.as_str()?.to_string(),
        window: (before, after),
    })
}

/// Runs the suite; `None` when set-up calls failed (their failures are in the ledger).
pub async fn run(session: &Session, workspace: &Workspace) -> Option<Fixture> {
    let run = format!("{:x}", session.config.seed);
    let case_a = new_case(session, workspace, "conformance: round trip")
        .await
        .ok()?;
    let case_b = new_case(session, workspace, "conformance: isolation")
        .await
        .ok()?;
    let kinds = kinds(session);

    let mut created_a = Vec::new();
    let mut n = 0;
    for (kind, item_type) in &kinds {
        for content in plan(kind, &run) {
            n += 1;
            if let Some(c) = create(
                session,
                workspace,
                &case_a,
                kind,
                item_type,
                content,
                performed_by(&run, n),
            )
            .await
            {
                created_a.push(c);
            }
        }
    }
    let mut ids_b = BTreeSet::new();
    for (kind, item_type) in &kinds {
        if let Some(content) = plan(kind, &run).into_iter().next()
            && let Some(c) =
                create(session, workspace, &case_b, kind, item_type, content, None).await
        {
            ids_b.insert(c.id);
        }
    }
    check_unique_ids(session, &created_a, &ids_b);

    let fixture = Fixture {
        case_a,
        case_b,
        created_a,
        ids_b,
    };
    let everything = search(
        session,
        workspace,
        &fixture,
        json!([]),
        "roundtrip: search all",
    )
    .await?;
    let all = wait_visible(session, workspace, &fixture, everything).await?;
    check_found(session, &fixture, &all);
    check_filters(session, workspace, &fixture).await;
    check_audit(session, workspace, &fixture).await;
    Some(fixture)
}

fn check_unique_ids(session: &Session, created: &[Created], ids_b: &BTreeSet<String>) {
    let mut seen = BTreeSet::new();
    let duplicates: Vec<&str> = created
        .iter()
        .map(|c| c.id.as_str())
        .chain(ids_b.iter().map(String::as_str))
        .filter(|id| !seen.insert(*id))
        .collect();
    session.verdict(
        CREATE,
        CheckId::RoundtripUniqueIds,
        "roundtrip: ids of created items",
        if duplicates.is_empty() {
            Ok(())
        } else {
            Err((
                format!("{} created items share an id", duplicates.len()),
                json!({ "duplicates": [] }),
                json!({ "duplicates": duplicates }),
            ))
        },
        &[],
    );
}

/// One full search walk of case A with `filters`, page size 25; `None` if it broke (the walk
/// itself records why). The case holds only the items the suite created, so the walk is
/// bounded by their number.
async fn search(
    session: &Session,
    workspace: &Workspace,
    fixture: &Fixture,
    filters: Value,
    case: &str,
) -> Option<Walk> {
    let paginator = session.paginator(SEARCH)?;
    let mut body = json!({});
    if filters.as_array().is_some_and(|f| !f.is_empty()) {
        body["filters"] = filters;
    }
    let envelope = json!({ "uri": { "domainId": workspace.domain_id, "caseId": fixture.case_a }, "body": body });
    let known = Some(fixture.created_a.len());
    let w = walk(
        session,
        SEARCH,
        &paginator,
        &envelope,
        Some(25),
        known,
        case,
    )
    .await;
    matches!(w.end, WalkEnd::Complete).then_some(w)
}

/// Polls an unfiltered search until every created item is visible or `visibility_wait`
/// passes; the wait is recorded in the failure if items stay missing.
async fn wait_visible(
    session: &Session,
    workspace: &Workspace,
    fixture: &Fixture,
    mut latest: Walk,
) -> Option<Walk> {
    let started = std::time::Instant::now();
    let deadline = started + session.config.visibility_wait;
    loop {
        let found: BTreeSet<&str> = latest
            .items()
            .filter_map(|i| i["relatedItemId"].as_str())
            .collect();
        let visible = fixture
            .created_a
            .iter()
            .filter(|c| found.contains(c.id.as_str()))
            .count();
        let all_visible = visible == fixture.created_a.len();
        if all_visible || std::time::Instant::now() >= deadline {
            if !session.config.visibility_wait.is_zero() {
                session.note(format!(
                    "visibility wait: {visible} of {} created items were visible in search after {} ms (bound {} s)",
                    fixture.created_a.len(),
                    started.elapsed().as_millis(),
                    session.config.visibility_wait.as_secs()
                ));
            }
            return Some(latest);
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
        latest = search(
            session,
            workspace,
            fixture,
            json!([]),
            "roundtrip: wait for visibility",
        )
        .await?;
    }
}

/// Every member of `sent` is in `found` with the same value (`found` may carry more, such as
/// the channel a target adds to a contact).
pub fn content_matches(sent: &Value, found: &Value) -> bool {
    match (sent, found) {
        (Value::Object(s), Value::Object(f)) => s
            .iter()
            .all(|(k, v)| f.get(k).is_some_and(|fv| content_matches(v, fv))),
        (s, f) => s == f,
    }
}

fn check_found(session: &Session, fixture: &Fixture, all: &Walk) {
    let evidence = all.evidence();
    let by_id: BTreeMap<&str, Vec<&Value>> = all.items().fold(BTreeMap::new(), |mut map, item| {
        if let Some(id) = item["relatedItemId"].as_str() {
            map.entry(id).or_insert_with(Vec::new).push(item);
        }
        map
    });
    for created in &fixture.created_a {
        let hits = by_id.get(created.id.as_str()).map_or(0, Vec::len);
        session.verdict(
            SEARCH,
            CheckId::RoundtripFoundOnce,
            &format!("roundtrip: {} item", created.item_type),
            if hits == 1 {
                Ok(())
            } else {
                Err((
                    format!(
                        "created {} item {} was found {hits} times in its case's search",
                        created.item_type, created.id
                    ),
                    json!({ "relatedItemId": created.id, "occurrences": 1 }),
                    json!({ "relatedItemId": created.id, "occurrences": hits }),
                ))
            },
            &evidence,
        );
        let Some(found) = by_id.get(created.id.as_str()).and_then(|v| v.first()) else {
            continue;
        };
        let mut expected = json!({ "type": created.item_type, "content": created.content });
        if let Some(p) = &created.performed_by {
            expected["performedBy"] = p.clone();
        }
        let same = found["type"] == created.item_type
            && content_matches(&created.content, &found["content"])
            && created
                .performed_by
                .as_ref()
                .is_none_or(|p| content_matches(p, &found["performedBy"]));
        session.verdict(
            SEARCH,
            CheckId::RoundtripSameContent,
            &format!("roundtrip: {} item", created.item_type),
            if same {
                Ok(())
            } else {
                Err((
                    format!("item {} comes back with other type, content or performedBy than it was created with", created.id),
                    expected,
                    json!({ "type": found["type"], "content": found["content"], "performedBy": found.get("performedBy") }),
                ))
            },
            &evidence,
        );
        let (before, after) = created.window;
        let time = found["associationTime"]
            .as_str()
            .and_then(super::parse_time);
        let inside = time.is_some_and(|t| t + CLOCK_SKEW >= before && t <= after + CLOCK_SKEW);
        session.verdict(
            SEARCH,
            CheckId::RoundtripAssociationTime,
            &format!("roundtrip: {} item", created.item_type),
            if inside {
                Ok(())
            } else {
                Err((
                    format!("associationTime of {} lies outside the create request's window ±{}s", created.id, CLOCK_SKEW.as_secs()),
                    json!({ "after": super::format_time(before - CLOCK_SKEW), "before": super::format_time(after + CLOCK_SKEW) }),
                    json!({ "associationTime": found["associationTime"] }),
                ))
            },
            &evidence,
        );
    }
    check_types_and_isolation(session, fixture, all, "roundtrip: search all");
}

/// Every result's `type` names its `content` member, and no result belongs to case B.
fn check_types_and_isolation(session: &Session, fixture: &Fixture, walk: &Walk, case: &str) {
    let evidence = walk.evidence();
    for item in walk.items() {
        let item_type = item["type"].as_str().unwrap_or_default();
        let members: Vec<&String> = item["content"]
            .as_object()
            .map(|o| o.keys().collect())
            .unwrap_or_default();
        let ok = members.len() == 1 && *members[0] == lower_camel(item_type);
        session.verdict(
            SEARCH,
            CheckId::RoundtripTypeMatchesContent,
            case,
            if ok {
                Ok(())
            } else {
                Err((
                    format!(
                        "item {} has type {item_type} but content {members:?}",
                        item["relatedItemId"]
                    ),
                    json!({ "type": item_type, "content": [lower_camel(item_type)] }),
                    json!({ "type": item_type, "content": members }),
                ))
            },
            &evidence,
        );
    }
    let leaked: Vec<&str> = walk
        .items()
        .filter_map(|i| i["relatedItemId"].as_str())
        .filter(|id| fixture.ids_b.contains(*id))
        .collect();
    session.verdict(
        SEARCH,
        CheckId::FiltersCaseIsolation,
        case,
        if leaked.is_empty() {
            Ok(())
        } else {
            Err((
                format!(
                    "{} items of another case appear in this case's search",
                    leaked.len()
                ),
                json!({ "foreignItems": [] }),
                json!({ "foreignItems": leaked }),
            ))
        },
        &evidence,
    );
}

async fn check_filters(session: &Session, workspace: &Workspace, fixture: &Fixture) {
    let kinds: BTreeSet<String> = kinds(session).into_iter().map(|(k, _)| k).collect();
    let of_kind = |kind: &str| -> BTreeSet<String> {
        fixture
            .created_a
            .iter()
            .filter(|c| c.kind == kind)
            .map(|c| c.id.clone())
            .collect()
    };
    let with = |kind: &str, member: &str, value: &Value| -> BTreeSet<String> {
        fixture
            .created_a
            .iter()
            .filter(|c| c.kind == kind && c.content[kind][member] == *value)
            .map(|c| c.id.clone())
            .collect()
    };
    let mut cases: Vec<(CheckId, Value, BTreeSet<String>)> = Vec::new();
    for kind in &kinds {
        cases.push((
            CheckId::FiltersKindMatchesAll,
            json!([{ kind.as_str(): {} }]),
            of_kind(kind),
        ));
    }
    if kinds.contains("file") {
        let arn = fixture
            .created_a
            .iter()
            .find(|c| c.kind == "file")
            .map(|c| c.content["file"]["fileArn"].clone());
        if let Some(arn) = arn {
            cases.push((
                CheckId::FiltersFileByArn,
                json!([{ "file": { "fileArn": arn } }]),
                with("file", "fileArn", &arn),
            ));
            if kinds.contains("comment") {
                let union: BTreeSet<String> = with("file", "fileArn", &arn)
                    .union(&of_kind("comment"))
                    .cloned()
                    .collect();
                cases.push((
                    CheckId::FiltersUnion,
                    json!([{ "file": { "fileArn": arn } }, { "comment": {} }]),
                    union,
                ));
            }
        }
    }
    if kinds.contains("contact") {
        let arn = fixture
            .created_a
            .iter()
            .find(|c| c.kind == "contact")
            .map(|c| c.content["contact"]["contactArn"].clone());
        if let Some(arn) = arn {
            cases.push((
                CheckId::FiltersContactByArn,
                json!([{ "contact": { "contactArn": arn } }]),
                with("contact", "contactArn", &arn),
            ));
        }
    }
    for (check, filters, expected) in cases {
        let case = format!("filter {filters}");
        let Some(w) = search(session, workspace, fixture, filters.clone(), &case).await else {
            continue;
        };
        compare_sets(session, check, &case, &filters, &w, &expected);
        check_types_and_isolation(session, fixture, &w, &case);
    }
    if kinds.contains("contact") {
        check_channel_filter(session, workspace, fixture).await;
    }
}

/// The channels of Amazon Connect contacts (the `Channel` enumeration of the Amazon Connect
/// API: `VOICE`, `CHAT`, `TASK`, `EMAIL`). The Cases model types `ContactFilter.channel` as
/// plain strings, so the harness names real channel values when it needs one that none of the
/// case's contacts is on.
pub const CONNECT_CHANNELS: [&str; 4] = ["VOICE", "CHAT", "TASK", "EMAIL"];

/// One channel filter to send: the channels it names and the ids of the contacts it must
/// return.
pub type ChannelFilter = (Vec<String>, BTreeSet<String>);

/// The channel filters to send, given the channels the suite's contacts are on (each with
/// the ids of those contacts) and every channel any contact of the case is on: every channel
/// of the suite's contacts alone; a channel no contact of the case is on (nothing may match);
/// and several channels at once, present ones and the absent one (the union of their
/// contacts). On a target whose contacts all share one channel, a filter that ignored the
/// channel would pass the first kind alone; the other two catch it. Lists hold at most 3
/// channels (`ContactFilterChannelList` max 3). Also returns the absent channel used, `None`
/// when every channel of [`CONNECT_CHANNELS`] is taken (or there is no contact to filter).
pub fn channel_filter_cases(
    by_channel: &BTreeMap<String, BTreeSet<String>>,
    in_case: &BTreeSet<String>,
) -> (Vec<ChannelFilter>, Option<&'static str>) {
    let mut cases: Vec<ChannelFilter> = by_channel
        .iter()
        .map(|(channel, ids)| (vec![channel.clone()], ids.clone()))
        .collect();
    let absent = CONNECT_CHANNELS
        .into_iter()
        .find(|c| !by_channel.contains_key(*c) && !in_case.contains(*c))
        .filter(|_| !by_channel.is_empty());
    if let Some(absent) = absent {
        cases.push((vec![absent.to_string()], BTreeSet::new()));
        let mut several: Vec<String> = by_channel.keys().take(2).cloned().collect();
        if !several.is_empty() {
            let expected = several
                .iter()
                .flat_map(|c| by_channel[c].iter().cloned())
                .collect();
            several.push(absent.to_string());
            cases.push((several, expected));
        }
    }
    (cases, absent)
}

/// Channels are assigned by the target (the request names only the contact), so the channel
/// filter is checked against the channels the unfiltered search reported, and against a
/// channel none of the case's contacts is on ([`channel_filter_cases`]).
async fn check_channel_filter(session: &Session, workspace: &Workspace, fixture: &Fixture) {
    let Some(all) = search(
        session,
        workspace,
        fixture,
        json!([{ "contact": {} }]),
        "filter contact channels",
    )
    .await
    else {
        return;
    };
    let mine: BTreeSet<&str> = fixture.created_a.iter().map(|c| c.id.as_str()).collect();
    let mut by_channel: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut in_case: BTreeSet<String> = BTreeSet::new();
    for item in all.items() {
        let (Some(id), Some(channel)) = (
            item["relatedItemId"].as_str(),
            item["content"]["contact"]["channel"].as_str(),
        ) else {
            continue;
        };
        in_case.insert(channel.to_string());
        if mine.contains(id) {
            by_channel
                .entry(channel.to_string())
                .or_default()
                .insert(id.to_string());
        }
    }
    let (cases, absent) = channel_filter_cases(&by_channel, &in_case);
    if absent.is_none() && !by_channel.is_empty() {
        session.note(format!(
            "filters.contact-by-channel: the case's contacts are on every channel of {CONNECT_CHANNELS:?}, so no filter by a channel none of them is on was sent"
        ));
    }
    for (channels, expected) in cases {
        let filters = json!([{ "contact": { "channel": channels } }]);
        let case = format!("filter {filters}");
        if let Some(w) = search(session, workspace, fixture, filters.clone(), &case).await {
            compare_sets(
                session,
                CheckId::FiltersContactByChannel,
                &case,
                &filters,
                &w,
                &expected,
            );
        }
    }
}

fn compare_sets(
    session: &Session,
    check: CheckId,
    case: &str,
    filters: &Value,
    walk: &Walk,
    expected: &BTreeSet<String>,
) {
    let found: BTreeSet<String> = walk
        .items()
        .filter_map(|i| i["relatedItemId"].as_str().map(str::to_string))
        .collect();
    session.verdict(
        SEARCH,
        check,
        case,
        if &found == expected {
            Ok(())
        } else {
            let missing: Vec<&String> = expected.difference(&found).collect();
            let extra: Vec<&String> = found.difference(expected).collect();
            Err((
                format!(
                    "filters {filters} returned {} items, expected {} ({} missing, {} unexpected)",
                    found.len(),
                    expected.len(),
                    missing.len(),
                    extra.len()
                ),
                json!({ "relatedItemIds": expected }),
                json!({ "relatedItemIds": found, "missing": missing, "unexpected": extra }),
            ))
        },
        &walk.evidence(),
    );
}

async fn check_audit(session: &Session, workspace: &Workspace, fixture: &Fixture) {
    let Some(paginator) = session.paginator(AUDIT) else {
        return;
    };
    let envelope =
        json!({ "uri": { "domainId": workspace.domain_id, "caseId": fixture.case_a }, "body": {} });
    let w = walk(
        session,
        AUDIT,
        &paginator,
        &envelope,
        Some(25),
        // A target may record events the run did not cause: the history's length is unknown.
        None,
        "audit: case history",
    )
    .await;
    if !matches!(w.end, WalkEnd::Complete) {
        return;
    }
    let evidence = w.evidence();
    let events: Vec<&Value> = w.items().collect();
    let created_events = events
        .iter()
        .filter(|e| e["type"] == "Case.Created")
        .count();
    session.verdict(
        AUDIT,
        CheckId::AuditCaseCreated,
        "audit: case history",
        if created_events >= 1 {
            Ok(())
        } else {
            Err((
                "the case's audit history has no Case.Created event".into(),
                json!({ "type": "Case.Created", "count": ">= 1" }),
                json!({ "types": events.iter().map(|e| e["type"].clone()).collect::<Vec<_>>() }),
            ))
        },
        &evidence,
    );
    let mut expected: BTreeMap<String, usize> = BTreeMap::new();
    for c in &fixture.created_a {
        *expected.entry(c.item_type.clone()).or_default() += 1;
    }
    let mut actual: BTreeMap<String, usize> = BTreeMap::new();
    for e in events.iter().filter(|e| e["type"] == "RelatedItem.Created") {
        let t = e["relatedItemType"]
            .as_str()
            .unwrap_or("<missing>")
            .to_string();
        *actual.entry(t).or_default() += 1;
    }
    for (item_type, count) in &expected {
        let got = actual.get(item_type).copied().unwrap_or(0);
        session.verdict(
            AUDIT,
            CheckId::AuditRelatedItemCreated,
            &format!("audit: {item_type} items"),
            if got == *count {
                Ok(())
            } else {
                Err((
                    format!("{count} {item_type} items were created but {got} RelatedItem.Created events name relatedItemType {item_type}"),
                    json!({ "relatedItemType": item_type, "events": count }),
                    json!({ "relatedItemType": item_type, "events": got, "allRelatedItemCreated": actual }),
                ))
            },
            &evidence,
        );
    }
    let mut seen = BTreeSet::new();
    let duplicates: Vec<&str> = events
        .iter()
        .filter_map(|e| e["eventId"].as_str())
        .filter(|id| !seen.insert(*id))
        .collect();
    session.verdict(
        AUDIT,
        CheckId::AuditUniqueEventIds,
        "audit: case history",
        if duplicates.is_empty() {
            Ok(())
        } else {
            Err((
                "audit event ids repeat".into(),
                json!({ "duplicates": [] }),
                json!({ "duplicates": duplicates }),
            ))
        },
        &evidence,
    );
    let wanted: Vec<&Value> = fixture
        .created_a
        .iter()
        .filter_map(|c| c.performed_by.as_ref().map(|p| &p["userArn"]))
        .collect();
    let named: Vec<&Value> = events
        .iter()
        .filter(|e| e["type"] == "RelatedItem.Created")
        .map(|e| &e["performedBy"]["user"]["userArn"])
        .collect();
    let missing: Vec<&&Value> = wanted.iter().filter(|w| !named.contains(w)).collect();
    session.verdict(
        AUDIT,
        CheckId::AuditPerformedBy,
        "audit: performedBy",
        if missing.is_empty() {
            Ok(())
        } else {
            Err((
                format!(
                    "{} RelatedItem.Created events lack the user given as performedBy",
                    missing.len()
                ),
                json!({ "userArns": wanted }),
                json!({ "userArns": named }),
            ))
        },
        &evidence,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(list: &[&str]) -> BTreeSet<String> {
        list.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn contacts_on_one_channel_still_get_a_filter_that_must_exclude_them() {
        let by_channel = BTreeMap::from([("VOICE".to_string(), ids(&["c1", "c2", "c3"]))]);
        let in_case = BTreeSet::from(["VOICE".to_string()]);
        let (cases, absent) = channel_filter_cases(&by_channel, &in_case);
        assert_eq!(absent, Some("CHAT"));
        assert_eq!(
            cases,
            vec![
                (vec!["VOICE".to_string()], ids(&["c1", "c2", "c3"])),
                (vec!["CHAT".to_string()], BTreeSet::new()),
                (
                    vec!["VOICE".to_string(), "CHAT".to_string()],
                    ids(&["c1", "c2", "c3"])
                ),
            ]
        );
    }

    #[test]
    fn several_channels_name_at_most_three_and_expect_the_union() {
        let by_channel = BTreeMap::from([
            ("CHAT".to_string(), ids(&["c1"])),
            ("TASK".to_string(), ids(&["c2"])),
            ("VOICE".to_string(), ids(&["c3"])),
        ]);
        // A contact the suite did not create is on EMAIL: the absent channel is none of them.
        let in_case = BTreeSet::from(["EMAIL".to_string()]);
        let (cases, absent) = channel_filter_cases(&by_channel, &in_case);
        assert_eq!(absent, None);
        assert_eq!(cases.len(), 3);
        let (cases, absent) = channel_filter_cases(&by_channel, &BTreeSet::new());
        assert_eq!(absent, Some("EMAIL"));
        let (several, expected) = cases.last().expect("a case");
        assert_eq!(several, &["CHAT", "TASK", "EMAIL"]);
        assert_eq!(expected, &ids(&["c1", "c2"]));
        assert!(cases.iter().all(|(channels, _)| channels.len() <= 3));
    }

    #[test]
    fn no_absent_channel_when_every_channel_is_present() {
        let by_channel: BTreeMap<String, BTreeSet<String>> = CONNECT_CHANNELS
            .iter()
            .map(|c| (c.to_string(), ids(&[c])))
            .collect();
        let (cases, absent) = channel_filter_cases(&by_channel, &BTreeSet::new());
        assert_eq!(absent, None);
        assert_eq!(cases.len(), 4);
    }

    #[test]
    fn no_channel_filter_without_a_contact_of_the_suite() {
        let (cases, absent) = channel_filter_cases(&BTreeMap::new(), &BTreeSet::new());
        assert!(cases.is_empty());
        assert_eq!(absent, None);
    }
}
