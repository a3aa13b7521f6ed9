//! Case-level operations, each checked by what later reads see, on fresh cases of the run's
//! domain: BatchUpdateCase (the update visible on GetCase for every case it lists as
//! updated, though another case of the batch failed, and that failure reported as its
//! output shape says), DeleteCase (the case gone from GetCase, SearchCases and its related
//! items' search) and StartMergeCases (while the merge runs, the requests its documentation
//! refuses answer 409, see [`conflicts`]; the merge finishes, a selected related item is
//! moved to the primary case with its id, both cases record a `Case.Merged` event).
//!
//! Each part runs only when the release has its operations, and says in a note why it did
//! not run otherwise. The requests are built from the documentation's sentences the
//! catalogue cites; the related item a merge moves is the minimal valid one provisioning
//! builds (a comment, [`provision::OVERRIDES`]).

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::checks::CheckId;
use crate::client::Exchange;
use crate::contract::related::lower_camel;
use crate::engine::provision;
use crate::engine::session::Session;
use crate::engine::setup::{Workspace, new_case};
use crate::engine::walk::{WalkEnd, walk};
use crate::r#gen::Generator;

mod conflicts;

const CASE: &str = "case operations";

/// How long a merge may run before the run stops waiting for it (beyond the visibility
/// wait): the documentation says only that it 'runs asynchronously'.
pub const MERGE_BOUND: Duration = Duration::from_secs(10);

/// The interval between two polls of a merge's status or of a search that should change.
const POLL: Duration = Duration::from_millis(100);

/// Runs the three parts in turn.
pub async fn run(session: &Session, workspace: &Workspace, generator: &Generator) {
    batch_update(session, workspace).await;
    delete(session, workspace, generator).await;
    merge(session, workspace, generator).await;
}

/// Whether the run can send every one of `operations` and evaluate one of `checks`; when it
/// cannot send them, a note names the checks not evaluated.
fn can_run(session: &Session, operations: &[&str], checks: &[CheckId]) -> bool {
    if !checks.iter().any(|c| session.ledger.selects(*c)) {
        return false;
    }
    let missing: Vec<&str> = operations
        .iter()
        .copied()
        .filter(|op| session.model.operation(op).is_none() || !session.selected(op))
        .collect();
    if missing.is_empty() {
        return true;
    }
    // An operation the release does not have: the checks are of a later release.
    if missing
        .iter()
        .all(|op| session.model.operation(op).is_none())
    {
        return false;
    }
    session.note(format!(
        "{} not evaluated: the run cannot send {}",
        checks
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", "),
        missing.join(", ")
    ));
    false
}

/// BatchUpdateCase of two fresh cases and one case id that names no case.
async fn batch_update(session: &Session, workspace: &Workspace) {
    const OP: &str = "BatchUpdateCase";
    let checks = [
        CheckId::CasesBatchUpdateApplied,
        CheckId::CasesBatchUpdateFailuresReported,
    ];
    if !can_run(session, &[OP, "CreateCase", "GetCase"], &checks) {
        return;
    }
    let mut cases = Vec::new();
    for n in 1..=2 {
        match new_case(
            session,
            workspace,
            &format!("conformance: batch update {n}"),
        )
        .await
        {
            Ok(id) => cases.push(id),
            Err(failed) => {
                return session.note(format!(
                    "{} and {} were not evaluated: a case to update could not be made ({failed})",
                    checks[0], checks[1]
                ));
            }
        }
    }
    let unknown = format!("cf-no-such-case-{:x}", session.config.seed);
    let title = format!("conformance: batch-updated {:x}", session.config.seed);
    let envelope = json!({ "body": {
        "domainId": workspace.domain_id,
        "cases": cases.iter().chain([&unknown]).map(|id| json!({ "caseIdentifier": { "caseId": id } })).collect::<Vec<_>>(),
        "fields": [],
        "title": title,
    } });
    let Ok((answer, exchange)) = session.call(OP, &envelope, CASE).await else {
        return; // judged by the acceptance checks
    };
    let ids_in = |list: &str| -> Vec<(String, Value)> {
        answer[list]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|e| {
                e["caseIdentifier"]["caseId"]
                    .as_str()
                    .map(|id| (id.to_string(), e["errorCode"].clone()))
            })
            .collect()
    };
    let (succeeded, failed) = (ids_in("successfulCases"), ids_in("failedCases"));
    let reported = failed
        .iter()
        .any(|(id, code)| *id == unknown && code == "CASE_NOT_FOUND")
        && !succeeded.iter().any(|(id, _)| *id == unknown);
    session.verdict(
        OP,
        CheckId::CasesBatchUpdateFailuresReported,
        CASE,
        if reported {
            Ok(())
        } else {
            Err((
                format!("BatchUpdateCase did not report the case id {unknown}, which names no case, in failedCases with CASE_NOT_FOUND"),
                json!({ "failedCases": [{ "caseIdentifier": { "caseId": unknown }, "errorCode": "CASE_NOT_FOUND" }] }),
                json!({ "successfulCases": answer["successfulCases"], "failedCases": answer["failedCases"] }),
            ))
        },
        &[&exchange],
    );
    for case in &cases {
        let listed = succeeded.iter().any(|(id, _)| id == case);
        let read = read_title(session, workspace, case).await;
        let outcome = match (&read, listed) {
            (Some((Some(got), _)), true) if *got == title => Ok(()),
            (None, _) => continue, // GetCase did not succeed: judged by its own checks
            (Some((got, _)), _) => Err((
                format!(
                    "after BatchUpdateCase set the title of case {case} (listed in successfulCases: {listed}), GetCase answers {}",
                    got.as_deref().unwrap_or("no title")
                ),
                json!({ "successfulCases": case, "title": title }),
                json!({ "inSuccessfulCases": listed, "title": got }),
            )),
        };
        let mut evidence = vec![&exchange];
        if let Some((_, read)) = &read {
            evidence.push(read);
        }
        session.verdict(
            "GetCase",
            CheckId::CasesBatchUpdateApplied,
            CASE,
            outcome,
            &evidence,
        );
    }
}

/// The title GetCase answers for `case`, with the exchange; `None` when GetCase did not
/// succeed.
async fn read_title(
    session: &Session,
    workspace: &Workspace,
    case: &str,
) -> Option<(Option<String>, Exchange)> {
    let envelope = json!({
        "uri": { "domainId": workspace.domain_id, "caseId": case },
        "body": { "fields": [{ "id": "title" }] },
    });
    let (body, exchange) = session.call("GetCase", &envelope, CASE).await.ok()?;
    let title = body["fields"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|f| f["id"] == "title")
        .and_then(|f| f["value"]["stringValue"].as_str())
        .map(str::to_string);
    Some((title, exchange))
}

/// Makes a related item on `case` with the minimal valid CreateRelatedItem request; its id
/// and the member its content sets (`comment`).
async fn related_item(
    session: &Session,
    generator: &Generator,
    workspace: &Workspace,
    case: &str,
) -> Result<(String, String), String> {
    const OP: &str = "CreateRelatedItem";
    let known: std::collections::BTreeMap<String, String> = [
        ("domainId".to_string(), workspace.domain_id.clone()),
        ("caseId".to_string(), case.to_string()),
    ]
    .into();
    let envelope = provision::producer_request(session, generator, OP, &known, 0)?;
    let member = envelope["body"]["content"]
        .as_object()
        .and_then(|c| c.keys().next().cloned())
        .ok_or("the request has no content")?;
    let (body, _) = session
        .call(OP, &envelope, CASE)
        .await
        .map_err(|e| e.to_string())?;
    let id = body["relatedItemId"]
        .as_str()
        .ok_or("CreateRelatedItem answered without relatedItemId")?;
    Ok((id.to_string(), member))
}

/// The ids a complete walk of `operation` over `case` finds (`id_member` of its items), with
/// the walk's evidence; `None` when the walk did not complete (judged by the pagination
/// checks).
async fn ids_of(
    session: &Session,
    operation: &str,
    envelope: &Value,
    id_member: &str,
) -> Option<(BTreeSet<String>, Vec<Exchange>)> {
    let paginator = crate::contract::paging::paginator(&session.model, operation)?;
    let w = walk(session, operation, &paginator, envelope, None, None, CASE).await;
    if !matches!(w.end, WalkEnd::Complete) {
        return None;
    }
    let ids = w
        .items()
        .filter_map(|i| i[id_member].as_str().map(str::to_string))
        .collect();
    Some((ids, w.evidence().into_iter().cloned().collect()))
}

/// Walks `operation` until `done` holds of the ids it finds or `bound` passes; the last walk.
async fn poll_ids(
    session: &Session,
    operation: &str,
    envelope: &Value,
    id_member: &str,
    bound: Duration,
    done: impl Fn(&BTreeSet<String>) -> bool,
) -> Option<(BTreeSet<String>, Vec<Exchange>)> {
    let deadline = Instant::now() + bound;
    loop {
        let found = ids_of(session, operation, envelope, id_member).await?;
        if done(&found.0) || Instant::now() >= deadline {
            return Some(found);
        }
        tokio::time::sleep(POLL).await;
    }
}

/// Deletes a fresh case (with a related item) and reads it back every way the run can.
async fn delete(session: &Session, workspace: &Workspace, generator: &Generator) {
    const OP: &str = "DeleteCase";
    let check = CheckId::CasesDeletedGone;
    if !can_run(
        session,
        &[OP, "CreateCase", "GetCase", "SearchCases"],
        &[check],
    ) {
        return;
    }
    let nonce = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default()
        .as_micros();
    let title = format!(
        "conformance: to be deleted {:x}-{nonce:x}",
        session.config.seed
    );
    let case = match new_case(session, workspace, &title).await {
        Ok(id) => id,
        Err(failed) => {
            return session.note(format!(
                "{check} was not evaluated: a case to delete could not be made ({failed})"
            ));
        }
    };
    let with_item = session.model.operation("CreateRelatedItem").is_some()
        && session.selected("CreateRelatedItem")
        && related_item(session, generator, workspace, &case)
            .await
            .is_ok();
    let search = json!({
        "uri": { "domainId": workspace.domain_id },
        "body": { "filter": { "field": { "equalTo": { "id": "title", "value": { "stringValue": title } } } } },
    });
    let wait = session.config.visibility_wait;
    let before = poll_ids(session, "SearchCases", &search, "caseId", wait, |ids| {
        ids.contains(&case)
    })
    .await;
    let uri = json!({ "domainId": workspace.domain_id, "caseId": case });
    if session
        .call(OP, &json!({ "uri": uri }), CASE)
        .await
        .is_err()
    {
        return; // judged by the acceptance checks
    }
    for reader in ["GetCase", "SearchRelatedItems"] {
        if reader == "SearchRelatedItems" && !with_item {
            session.note(format!(
                "{check} was not evaluated on SearchRelatedItems: no related item could be made on the case deleted"
            ));
            continue;
        }
        if session.model.operation(reader).is_none() || !session.selected(reader) {
            continue;
        }
        let body = if reader == "GetCase" {
            json!({ "fields": [{ "id": "title" }] })
        } else {
            json!({})
        };
        let Ok(exchange) = session
            .send(reader, &json!({ "uri": uri, "body": body }), None)
            .await
        else {
            continue;
        };
        let verdicts = session.judge(reader, &exchange, &crate::engine::judge::Expect::Protocol);
        session.record(reader, &verdicts, CASE, None, &[&exchange]);
        let parsed = crate::engine::judge::parse_body(&exchange).ok().flatten();
        let error = crate::engine::judge::error_type(&exchange, parsed.as_ref());
        let gone =
            exchange.status() == Some(404) && error.as_deref() == Some("ResourceNotFoundException");
        session.verdict(
            reader,
            check,
            CASE,
            if gone {
                Ok(())
            } else {
                Err((
                    format!("{reader} still answers for case {case}, which DeleteCase deleted"),
                    json!({ "status": 404, "errorType": "ResourceNotFoundException" }),
                    json!({ "status": exchange.status(), "errorType": error }),
                ))
            },
            &[&exchange],
        );
    }
    if !before.as_ref().is_some_and(|(ids, _)| ids.contains(&case)) {
        return session.note(format!(
            "{check} was not evaluated on SearchCases: the case was not found by its title before it was deleted (within the visibility wait of {} s)",
            wait.as_secs()
        ));
    }
    let Some((after, evidence)) =
        poll_ids(session, "SearchCases", &search, "caseId", wait, |ids| {
            !ids.contains(&case)
        })
        .await
    else {
        return;
    };
    let refs: Vec<&Exchange> = evidence.iter().collect();
    session.verdict(
        "SearchCases",
        check,
        CASE,
        if after.contains(&case) {
            Err((
                format!("SearchCases still finds case {case}, which DeleteCase deleted"),
                json!({ "caseIds": [] }),
                json!({ "caseIds": after }),
            ))
        } else {
            Ok(())
        },
        &refs,
    );
}

/// Merges a fresh case holding a related item into another fresh case.
async fn merge(session: &Session, workspace: &Workspace, generator: &Generator) {
    const OP: &str = "StartMergeCases";
    const STATUS: &str = "GetMergeCasesStatus";
    const ITEMS: &str = "SearchRelatedItems";
    let moved = CheckId::CasesMergeItemsMoved;
    let audited = CheckId::CasesMergeAudited;
    let conflict = CheckId::CasesMergeRunningConflict;
    let ops = [OP, STATUS, ITEMS, "CreateCase", "CreateRelatedItem"];
    if !can_run(session, &ops, &[moved, audited, conflict]) {
        return;
    }
    let mut cases = Vec::new();
    for role in ["primary", "secondary"] {
        match new_case(session, workspace, &format!("conformance: merge {role}")).await {
            Ok(id) => cases.push(id),
            Err(failed) => {
                return session.note(format!(
                    "{moved}, {audited} and {conflict} were not evaluated: a case to merge could not be made ({failed})"
                ));
            }
        }
    }
    let (primary, secondary) = (&cases[0], &cases[1]);
    let (item, member) = match related_item(session, generator, workspace, secondary).await {
        Ok(made) => made,
        Err(reason) => {
            return session.note(format!(
                "{moved}, {audited} and {conflict} were not evaluated: no related item could be made on the secondary case ({reason})"
            ));
        }
    };
    let configurable = configuration_members(session);
    if !configurable.contains(&member) {
        return session.note(format!(
            "{moved}, {audited} and {conflict} were not evaluated: StartMergeCases' relatedItemsConfiguration has no member {member} to move the item made"
        ));
    }
    // The probes of the running merge, their requests built before it starts; those on an
    // item address a comment of their own, so the item the merge must move is not touched.
    let wanted = conflicts::wanted(session);
    let item_of_probes = if wanted.iter().any(|p| p.on_item()) {
        match related_item(session, generator, workspace, secondary).await {
            Ok((extra, _)) if extra == item => Err(format!(
                "the comment made for it has the id of the item the merge moves ({item})"
            )),
            Ok((extra, _)) => Ok(extra),
            Err(reason) => Err(format!(
                "no comment could be made on the secondary case ({reason})"
            )),
        }
    } else {
        Err("not needed".to_string())
    };
    let targets = conflicts::Targets {
        workspace,
        primary,
        secondary,
        item: item_of_probes,
    };
    let probes = conflicts::requests(session, generator, &targets, &wanted);
    let start = json!({
        "uri": { "domainId": workspace.domain_id, "caseId": primary },
        "body": { "secondaryCaseIds": [secondary], "relatedItemsConfiguration": { member.clone(): true } },
    });
    let Ok((_, started)) = session.call(OP, &start, CASE).await else {
        return; // judged by the acceptance checks
    };
    if let Some(probe) = conflicts::probe(session, &targets, &started, &probes).await {
        return session.note(format!(
            "{moved} and {audited} were not evaluated: {} succeeded, so the merge has lost a case",
            probe.describe()
        ));
    }
    let status_request = json!({ "uri": { "domainId": workspace.domain_id, "caseId": secondary } });
    let deadline = Instant::now() + MERGE_BOUND + session.config.visibility_wait;
    let (status, status_exchange) = loop {
        let Ok((body, exchange)) = session.call(STATUS, &status_request, CASE).await else {
            return; // judged by the acceptance checks
        };
        if body["status"] == "COMPLETED" || Instant::now() >= deadline {
            break (body, exchange);
        }
        tokio::time::sleep(POLL).await;
    };
    if status["status"] != "COMPLETED" || status["primaryCaseId"] != json!(primary) {
        session.verdict(
            STATUS,
            moved,
            CASE,
            Err((
                format!(
                    "the merge of case {secondary} into case {primary} did not finish within {} s",
                    (MERGE_BOUND + session.config.visibility_wait).as_secs()
                ),
                json!({ "status": "COMPLETED", "primaryCaseId": primary }),
                status,
            )),
            &[&started, &status_exchange],
        );
        return session.note(format!(
            "{audited} was not evaluated: the merge did not finish"
        ));
    }
    let on = |case: &str| json!({ "uri": { "domainId": workspace.domain_id, "caseId": case }, "body": {} });
    let wait = session.config.visibility_wait;
    let on_primary = poll_ids(session, ITEMS, &on(primary), "relatedItemId", wait, |ids| {
        ids.contains(&item)
    })
    .await;
    let on_secondary = poll_ids(
        session,
        ITEMS,
        &on(secondary),
        "relatedItemId",
        wait,
        |ids| !ids.contains(&item),
    )
    .await;
    if let (Some((p, p_evidence)), Some((s, s_evidence))) = (on_primary, on_secondary) {
        let outcome = if p.contains(&item) && !s.contains(&item) {
            Ok(())
        } else {
            Err((
                format!(
                    "after the merge of case {secondary} into case {primary} with {member} items selected, the related item {item} is on the primary: {}, still on the secondary: {}",
                    p.contains(&item),
                    s.contains(&item)
                ),
                json!({ "primary": [&item], "secondary": [] }),
                json!({ "primary": p, "secondary": s }),
            ))
        };
        let refs: Vec<&Exchange> = p_evidence.iter().chain(&s_evidence).collect();
        session.verdict(ITEMS, moved, CASE, outcome, &refs);
    }
    merge_audited(session, workspace, &cases).await;
}

/// The members of StartMergeCases' `relatedItemsConfiguration` (`comment`, `contact`, ...).
fn configuration_members(session: &Session) -> BTreeSet<String> {
    let model = &session.model;
    model
        .operation("StartMergeCases")
        .and_then(|op| op.input.as_ref())
        .and_then(|input| model.structure(&input.shape))
        .and_then(|s| s.members.get("relatedItemsConfiguration"))
        .and_then(|m| model.structure(&m.shape))
        .map(|s| s.members.keys().map(|k| lower_camel(k)).collect())
        .unwrap_or_default()
}

/// Whether the release's audit event types include `Case.Merged`.
fn has_merged_event(session: &Session) -> bool {
    let model = &session.model;
    model
        .structure("AuditEvent")
        .and_then(|s| s.members.get("type"))
        .and_then(|m| model.shape(&m.shape).enum_values().map(<[String]>::to_vec))
        .is_some_and(|values| values.iter().any(|v| v == "Case.Merged"))
}

/// Both cases of a finished merge hold a `Case.Merged` event.
async fn merge_audited(session: &Session, workspace: &Workspace, cases: &[String]) {
    const OP: &str = "GetCaseAuditEvents";
    let check = CheckId::CasesMergeAudited;
    if !session.ledger.selects(check) {
        return;
    }
    if session.model.operation(OP).is_none() || !session.selected(OP) || !has_merged_event(session)
    {
        return session.note(format!(
            "{check} was not evaluated: the run cannot read audit events of type Case.Merged"
        ));
    }
    let Some(paginator) = crate::contract::paging::paginator(&session.model, OP) else {
        return;
    };
    for case in cases {
        let envelope =
            json!({ "uri": { "domainId": workspace.domain_id, "caseId": case }, "body": {} });
        let w = walk(session, OP, &paginator, &envelope, None, None, CASE).await;
        if !matches!(w.end, WalkEnd::Complete) {
            continue;
        }
        let types: Vec<&Value> = w.items().map(|e| &e["type"]).collect();
        let outcome = if types.iter().any(|t| **t == "Case.Merged") {
            Ok(())
        } else {
            Err((
                format!(
                    "the audit history of case {case} holds no Case.Merged event after its merge finished"
                ),
                json!({ "types": ["Case.Merged"] }),
                json!({ "types": types }),
            ))
        };
        session.verdict(OP, check, CASE, outcome, &w.evidence());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Release, ServiceModel};

    #[test]
    fn todays_release_has_what_the_merge_part_reads() {
        let model = ServiceModel::load(Release::V1_44_5).expect("model");
        let members: BTreeSet<String> = model
            .structure("RelatedItemsConfiguration")
            .expect("shape")
            .members
            .keys()
            .cloned()
            .collect();
        assert!(members.contains("comment"), "{members:?}");
        let types = model
            .structure("AuditEvent")
            .and_then(|s| s.members.get("type"))
            .and_then(|m| model.shape(&m.shape).enum_values().map(<[String]>::to_vec))
            .expect("AuditEvent.type is an enum");
        assert!(types.contains(&"Case.Merged".to_string()));
        let contract = ServiceModel::load(Release::CONTRACT).expect("model");
        assert!(contract.operation("StartMergeCases").is_none());
    }
}
