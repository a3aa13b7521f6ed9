//! Audit: the case's history records its creation and every related item the fixture
//! created, by type, with unique event ids and the `performedBy` user given.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Value, json};

use super::fixture::Fixture;
use crate::checks::CheckId;
use crate::engine::session::Session;
use crate::engine::setup::Workspace;
use crate::engine::walk::{WalkEnd, walk};

const AUDIT: &str = "GetCaseAuditEvents";

/// Walks the fixture case's audit history and checks it against what was created.
pub async fn run(session: &Session, workspace: &Workspace, fixture: &Fixture) {
    let Some(paginator) = crate::contract::paging::paginator(&session.model, AUDIT) else {
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
