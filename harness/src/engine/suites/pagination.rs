//! Pagination invariants of every listing (`SearchRelatedItems` and `GetCaseAuditEvents` on
//! the round-trip case, every other paginated operation on the run's resources): bounded
//! pages, finite walks, no duplicates, page-size independence, no token on the last page,
//! rejected foreign and garbage tokens, stable order.

use std::collections::BTreeSet;

use serde_json::{Value, json};

use super::fixture::Fixture;
use crate::checks::CheckId;
use crate::engine::judge::Expect;
use crate::engine::provision::{self, Provisioned};
use crate::engine::session::Session;
use crate::engine::setup::Workspace;
use crate::engine::walk::{Walk, WalkEnd, item_id_member, set_member, walk};
use crate::r#gen::Generator;

/// Runs the pagination checks on both paginated core operations, on the fixture's case A.
pub async fn run(session: &Session, workspace: &Workspace, fixture: &Fixture) {
    for operation in FIXTURE_LISTINGS {
        if !session.selected(operation) {
            continue;
        }
        let base = envelope(workspace, &fixture.case_a);
        // Case A holds only the round trip's items; its audit history may hold events the
        // run did not cause, so only the search's length is known.
        let known = (operation == "SearchRelatedItems").then_some(fixture.created_a.len());
        let foreign = Some((workspace, fixture.case_b.as_str()));
        run_operation(session, operation, &base, known, foreign, false).await;
    }
}

/// The listings checked on the fixture's case, whose items the run knows.
const FIXTURE_LISTINGS: [&str; 2] = ["SearchRelatedItems", "GetCaseAuditEvents"];

/// Runs the pagination checks on every other paginated operation of the release (a
/// paginator of the model, or a `nextToken` in and out with one list answered), each
/// addressed at the run's provisioned resources with its minimal valid request, once the
/// suites before have filled the listings.
pub async fn run_listings(session: &Session, provisioned: &Provisioned, generator: &Generator) {
    for (operation, paginator) in crate::contract::paging::paginated_operations(&session.model) {
        if FIXTURE_LISTINGS.contains(&operation.as_str()) || !session.selected(&operation) {
            continue;
        }
        let mut base = match provision::producer_request(
            session,
            generator,
            &operation,
            &provisioned.ids,
            0,
        ) {
            Ok(base) => base,
            Err(reason) => {
                session.note(format!(
                    "the pages of {operation} were not walked: {reason}"
                ));
                continue;
            }
        };
        // Walks start at the first page, at the sizes they choose.
        for part in ["body", "query"] {
            if let Some(members) = base.get_mut(part).and_then(Value::as_object_mut) {
                members.remove(&paginator.input_token);
                if let Some(limit) = &paginator.limit_key {
                    members.remove(limit);
                }
            }
        }
        run_operation(session, &operation, &base, None, None, true).await;
    }
}

/// Most pages a walk of a checked listing should take.
const PAGE_BUDGET: usize = 100;

/// The smallest page size at which `listed` items fit in [`PAGE_BUDGET`] pages (1 for a
/// short listing), at most `largest`.
fn smallest_page(listed: usize, largest: u32) -> u32 {
    let needed = listed.div_ceil(PAGE_BUDGET - 1).max(1);
    u32::try_from(needed).unwrap_or(u32::MAX).min(largest)
}

fn envelope(workspace: &Workspace, case_id: &str) -> Value {
    json!({ "uri": { "domainId": workspace.domain_id, "caseId": case_id }, "body": {} })
}

fn ids(walk: &Walk, id_member: &str) -> Vec<String> {
    walk.items()
        .filter_map(|i| i[id_member].as_str().map(str::to_string))
        .collect()
}

/// Walks `operation` from `base` at several page sizes and judges the walks (`known`: how
/// many items it lists, when the run knows), then sends it a garbage token and, when given,
/// a `foreign` token (handed out for another parent). With `adapt`, a listing too long to walk
/// one item a page is walked at larger small pages; without (the fixture's case, whose items
/// the run made), pages of 1 and 2 are always asked for.
async fn run_operation(
    session: &Session,
    operation: &str,
    base: &Value,
    known: Option<usize>,
    foreign: Option<(&Workspace, &str)>,
    adapt: bool,
) {
    let Some(paginator) = crate::contract::paging::paginator(&session.model, operation) else {
        return;
    };
    let Some(id_member) = item_id_member(session, operation, &paginator) else {
        session.note(format!(
            "the pages of {operation} were not walked: its items have no required id member to tell them apart"
        ));
        return;
    };
    // The largest page first: how many items there are decides how small the pages of the
    // other walks can be and still end within the page budget.
    let largest = crate::contract::paging::largest_page(&session.model, operation).unwrap_or(25);
    let label = |size: Option<u32>| match size {
        Some(n) => format!("pagination: walk at page size {n}"),
        None => "pagination: walk at the default page size".to_string(),
    };
    let walk_at = |size: Option<u32>| {
        let label = label(size);
        let id_member = id_member.clone();
        let paginator = paginator.clone();
        async move {
            let w = walk(session, operation, &paginator, base, size, known, &label).await;
            check_walk(session, operation, &w, &id_member, &label);
            w
        }
    };
    // An adapted listing is walked at its largest page first, to learn how long it is; the
    // fixture's case, whose items the run made, is walked from the smallest pages up.
    let mut walks = Vec::new();
    let (small, by_max) = if adapt {
        let by_max = walk_at(Some(largest)).await;
        let listed = by_max.items().count();
        let small = smallest_page(listed, largest);
        if small > 1 {
            session.note(format!(
                "{operation} lists {listed} items: its pages were walked at sizes {small} and {} \
                 rather than 1 and 2, so that every walk ends within {PAGE_BUDGET} pages",
                (small + 1).min(largest)
            ));
        }
        for size in [None, Some(small), Some((small + 1).min(largest))] {
            walks.push(walk_at(size).await);
        }
        (small, by_max)
    } else {
        for size in [None, Some(1), Some(2.min(largest))] {
            walks.push(walk_at(size).await);
        }
        (1, walk_at(Some(largest)).await)
    };
    let complete = |w: &Walk| matches!(w.end, WalkEnd::Complete);
    let by_one = &walks[1];
    if complete(by_one) && complete(&by_max) {
        let one: BTreeSet<String> = ids(by_one, &id_member).into_iter().collect();
        let max: BTreeSet<String> = ids(&by_max, &id_member).into_iter().collect();
        let mut evidence = by_one.evidence();
        evidence.extend(by_max.evidence());
        session.verdict(
            operation,
            CheckId::PaginationSizeIndependent,
            &format!("pagination: page size {small} vs {largest}"),
            if one == max {
                Ok(())
            } else {
                Err((
                    format!(
                        "walking at page size {small} yields {} items, at {largest} {} items",
                        one.len(),
                        max.len()
                    ),
                    json!({ format!("pageSize{largest}"): max }),
                    json!({ format!("pageSize{small}"): one }),
                ))
            },
            &evidence,
        );
    }
    let again_size = (small + 1).min(largest);
    let again = walk(
        session,
        operation,
        &paginator,
        base,
        Some(again_size),
        known,
        &format!("pagination: second walk at page size {again_size}"),
    )
    .await;
    if complete(&walks[2]) && complete(&again) {
        let (first, second) = (ids(&walks[2], &id_member), ids(&again, &id_member));
        session.verdict(
            operation,
            CheckId::PaginationStableOrder,
            &format!("pagination: two walks at page size {again_size}"),
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
    // The foreign token is asked for after the walks, so that they see the target first.
    let foreign = match foreign {
        Some((workspace, case_b)) => {
            foreign_token(
                session,
                workspace,
                case_b,
                operation,
                &paginator.input_token,
            )
            .await
        }
        None => None,
    };
    check_bad_tokens(session, operation, base, &paginator.input_token, foreign).await;
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

/// A garbage token, and a token handed out for another parent (case B's, used on case A),
/// should both get 400.
async fn check_bad_tokens(
    session: &Session,
    operation: &str,
    base: &Value,
    token_member: &str,
    foreign: Option<String>,
) {
    let probes = [
        ("garbage token", Some("not-a-token".to_string())),
        ("token from another case", foreign),
    ];
    for (what, token) in probes {
        let Some(token) = token else {
            continue;
        };
        let mut request = base.clone();
        set_member(session, operation, &mut request, token_member, json!(token));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_listings_are_walked_one_item_a_page_and_long_ones_within_the_budget() {
        assert_eq!(smallest_page(0, 25), 1);
        assert_eq!(smallest_page(PAGE_BUDGET - 1, 25), 1);
        assert_eq!(smallest_page(PAGE_BUDGET, 25), 2);
        let size = smallest_page(1534, 25);
        assert!(1534usize.div_ceil(size as usize) < PAGE_BUDGET, "{size}");
        assert_eq!(
            smallest_page(1_000_000, 25),
            25,
            "never above the largest page"
        );
    }
}
