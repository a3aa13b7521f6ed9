//! Pagination invariants of `SearchRelatedItems` and `GetCaseAuditEvents` on the round-trip
//! case: bounded pages, finite walks, no duplicates, page-size independence, no token on the
//! last page, rejected foreign and garbage tokens, stable order.

use std::collections::BTreeSet;

use serde_json::{Value, json};

use super::fixture::Fixture;
use crate::checks::CheckId;
use crate::engine::judge::Expect;
use crate::engine::session::Session;
use crate::engine::setup::Workspace;
use crate::engine::walk::{Walk, WalkEnd, item_id_member, walk};

/// Runs the pagination checks on both paginated core operations.
pub async fn run(session: &Session, workspace: &Workspace, fixture: &Fixture) {
    for operation in ["SearchRelatedItems", "GetCaseAuditEvents"] {
        run_operation(session, workspace, fixture, operation).await;
    }
}

fn envelope(workspace: &Workspace, case_id: &str) -> Value {
    json!({ "uri": { "domainId": workspace.domain_id, "caseId": case_id }, "body": {} })
}

fn ids(walk: &Walk, id_member: &str) -> Vec<String> {
    walk.items()
        .filter_map(|i| i[id_member].as_str().map(str::to_string))
        .collect()
}

async fn run_operation(
    session: &Session,
    workspace: &Workspace,
    fixture: &Fixture,
    operation: &str,
) {
    let Some(paginator) = crate::contract::paging::paginator(&session.model, operation) else {
        return;
    };
    let Some(id_member) = item_id_member(session, operation, &paginator) else {
        return;
    };
    let base = envelope(workspace, &fixture.case_a);
    // Case A holds only the round trip's items; its audit history may hold events the run did
    // not cause, so only the search's length is known.
    let known = (operation == "SearchRelatedItems").then_some(fixture.created_a.len());
    let mut walks = Vec::new();
    for size in [None, Some(1), Some(2), Some(25)] {
        let label = match size {
            Some(n) => format!("pagination: walk at page size {n}"),
            None => "pagination: walk at the default page size".to_string(),
        };
        let w = walk(session, operation, &paginator, &base, size, known, &label).await;
        check_walk(session, operation, &w, &id_member, &label);
        walks.push(w);
    }
    let complete = |w: &Walk| matches!(w.end, WalkEnd::Complete);
    let (by_one, by_max) = (&walks[1], &walks[3]);
    if complete(by_one) && complete(by_max) {
        let one: BTreeSet<String> = ids(by_one, &id_member).into_iter().collect();
        let max: BTreeSet<String> = ids(by_max, &id_member).into_iter().collect();
        let mut evidence = by_one.evidence();
        evidence.extend(by_max.evidence());
        session.verdict(
            operation,
            CheckId::PaginationSizeIndependent,
            "pagination: page size 1 vs 25",
            if one == max {
                Ok(())
            } else {
                Err((
                    format!(
                        "walking at page size 1 yields {} items, at 25 {} items",
                        one.len(),
                        max.len()
                    ),
                    json!({ "pageSize25": max }),
                    json!({ "pageSize1": one }),
                ))
            },
            &evidence,
        );
    }
    let again = walk(
        session,
        operation,
        &paginator,
        &base,
        Some(2),
        known,
        "pagination: second walk at page size 2",
    )
    .await;
    if complete(&walks[2]) && complete(&again) {
        let (first, second) = (ids(&walks[2], &id_member), ids(&again, &id_member));
        session.verdict(
            operation,
            CheckId::PaginationStableOrder,
            "pagination: two walks at page size 2",
            if first == second {
                Ok(())
            } else {
                Err((
                    "two walks with no writes between them return different orders".into(),
                    json!({ "order": first }),
                    json!({ "order": second }),
                ))
            },
            &again.evidence(),
        );
    }
    check_bad_tokens(
        session,
        workspace,
        fixture,
        operation,
        &paginator.input_token,
    )
    .await;
}

fn check_walk(session: &Session, operation: &str, w: &Walk, id_member: &str, case: &str) {
    let evidence = w.evidence();
    // Every page was judged by `pagination.page-size` as the walk fetched it.
    // A walk that did not end was recorded as a failure by the walk itself (`walk::ended`).
    match &w.end {
        WalkEnd::Complete => {
            session.verdict(
                operation,
                CheckId::PaginationTerminates,
                case,
                Ok(()),
                &evidence,
            );
        }
        WalkEnd::Cycle { .. } | WalkEnd::PageCap { .. } => {}
        WalkEnd::Failed(_) | WalkEnd::CutShort { .. } | WalkEnd::Oversized { .. } => return,
    }

    let all = ids(w, id_member);
    let mut seen = BTreeSet::new();
    let repeated: Vec<&String> = all.iter().filter(|id| !seen.insert(*id)).collect();
    session.verdict(
        operation,
        CheckId::PaginationNoDuplicates,
        case,
        if repeated.is_empty() {
            Ok(())
        } else {
            Err((
                format!("{} items appear on more than one page", repeated.len()),
                json!({ "repeated": [] }),
                json!({ "repeated": repeated }),
            ))
        },
        &evidence,
    );
    if matches!(w.end, WalkEnd::Complete) {
        // A token that leads to an empty page was handed out on what was really the last page.
        let empty_after_token =
            w.pages.len() > 1 && w.pages.last().is_some_and(|p| p.items.is_empty());
        session.verdict(
            operation,
            CheckId::PaginationLastPageNoToken,
            case,
            if empty_after_token {
                Err((
                    format!("page {} carried a nextToken although no results remained (the next page was empty)", w.pages.len() - 1),
                    json!({ "nextToken": null }),
                    json!({ "nextToken": w.pages[w.pages.len() - 2].next_token }),
                ))
            } else {
                Ok(())
            },
            &evidence,
        );
    }
}

/// A garbage token, and a token handed out for case B used on case A, should both get 400.
async fn check_bad_tokens(
    session: &Session,
    workspace: &Workspace,
    fixture: &Fixture,
    operation: &str,
    token_member: &str,
) {
    let mut probes = vec![("garbage token", Some(json!("not-a-token")))];
    let foreign = foreign_token(session, workspace, &fixture.case_b, operation, token_member).await;
    probes.push(("token from another case", foreign.map(Value::String)));
    for (what, token) in probes {
        let Some(token) = token else {
            continue;
        };
        let mut request = envelope(workspace, &fixture.case_a);
        request["body"][token_member] = token;
        let Ok(exchange) = session.send(operation, &request, None).await else {
            // The run gave up on the operation; the breaker reports the requests not sent.
            return;
        };
        let verdicts = session.judge(operation, &exchange, &Expect::Protocol);
        let case = format!("pagination: {what}");
        session.record(operation, &verdicts, &case, Some(&request), &[&exchange]);
        let status = exchange.status();
        session.verdict(
            operation,
            CheckId::PaginationBadTokenRejected,
            &case,
            if status == Some(400) {
                Ok(())
            } else {
                Err((
                    format!("a {what} got {status:?}, not 400"),
                    json!({ "status": 400 }),
                    crate::engine::judge::observed(&exchange),
                ))
            },
            &[&exchange],
        );
    }
}

/// A token from case B's first page at size 1, if case B has more than one item.
async fn foreign_token(
    session: &Session,
    workspace: &Workspace,
    case_b: &str,
    operation: &str,
    token_member: &str,
) -> Option<String> {
    let mut request = envelope(workspace, case_b);
    request["body"]["maxResults"] = json!(1);
    let (body, _) = session
        .call(operation, &request, "pagination: token from another case")
        .await
        .ok()?;
    body.get(token_member)?.as_str().map(str::to_string)
}
