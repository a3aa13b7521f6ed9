//! Round trip: every item the fixture created is found exactly once in its case's search,
//! with the type, content and `performedBy` it was created with and an `associationTime`
//! inside its create request's window; every result's `type` names its `content` member and
//! no result belongs to another case.

use std::collections::BTreeMap;
use std::time::Duration;

use serde_json::{Value, json};

use super::fixture::{Fixture, SEARCH, content_matches};
use crate::checks::CheckId;
use crate::contract::related::lower_camel;
use crate::engine::session::Session;
use crate::engine::walk::Walk;

/// Allowed clock skew between harness and target for `associationTime`.
const CLOCK_SKEW: Duration = Duration::from_secs(300);

/// Checks the fixture's unfiltered search against what was created.
pub fn run(session: &Session, fixture: &Fixture) {
    check_found(session, fixture, &fixture.everything);
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
pub(super) fn check_types_and_isolation(
    session: &Session,
    fixture: &Fixture,
    walk: &Walk,
    case: &str,
) {
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
