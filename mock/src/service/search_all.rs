//! SearchAllRelatedItems (1.44.5): the related items of every case of a domain, with
//! the filters of SearchRelatedItems, `sorts`, and pages.

use std::cmp::Ordering;

use super::Service;
use super::filter::{canonical, matches_any};
use super::related_checks::check_filters;
use super::related_content::{content, user_union};
use super::related_items::{live, visible};
use crate::decode::search_all_related_items::{ItemSort, SearchAllRelatedItemsInput, SortProperty};
use crate::error::ApiError;
use crate::faults::Fault;
use crate::output::{SearchAllRelatedItemsOutput, SearchAllRelatedItemsResponseItem, Timestamp};
use crate::store::records::{Case, RelatedItem};
use crate::time::now_millis;
use crate::token::TokenScope;

/// One candidate: the item and its case.
struct Hit<'a> {
    case: &'a Case,
    item: &'a RelatedItem,
}

/// The order `sorts` put two hits in: each sort in turn (`AssociationTime` by time,
/// `CaseId` by the id's characters; `Desc` reverses), then association time, then the
/// order the items were created in (`seq`, unique), so the order is total and stable.
/// Without sorts that is oldest first, and an item created later sorts after every item
/// already there, so a walk's positions stay put while items are created.
fn order(sorts: &[ItemSort], a: &Hit<'_>, b: &Hit<'_>) -> Ordering {
    for sort in sorts {
        let o = match sort.property {
            SortProperty::AssociationTime => a.item.association_time.cmp(&b.item.association_time),
            SortProperty::CaseId => a.case.id.cmp(&b.case.id),
        };
        let o = if sort.descending { o.reverse() } else { o };
        if o != Ordering::Equal {
            return o;
        }
    }
    a.item
        .association_time
        .cmp(&b.item.association_time)
        .then(a.item.seq.cmp(&b.item.seq))
}

impl Service {
    /// Items of the domain's cases that match any filter (none: all), sorted, one page at
    /// a time. Pages are positions in the sorted order of every item of the domain's
    /// cases, deleted ones (tombstones) and those the filters leave out included, so a
    /// deletion or an update does not move the items after it and a token issued before
    /// it still resumes at the right place; the token is bound to the domain, the filters
    /// and the sorts.
    pub(super) fn search_all_related_items(
        &self,
        input: &SearchAllRelatedItemsInput,
    ) -> Result<SearchAllRelatedItemsOutput, ApiError> {
        let scope = TokenScope {
            operation: "SearchAllRelatedItems",
            domain_id: &input.domain_id,
            case_id: "",
            query: format!("{}\0{:?}", canonical(&input.filters), input.sorts),
        };
        self.store.read(|s| {
            let domain = s.domain(&input.domain_id)?;
            check_filters(domain, &input.filters)?;
            let now = now_millis();
            let faults = &self.config.faults;
            let mut hits: Vec<Hit<'_>> = domain
                .cases()
                .flat_map(|case| {
                    case.related_items
                        .iter()
                        .map(move |item| Hit { case, item })
                })
                .collect();
            // The order is total (`seq` is unique), so an unstable sort is exact.
            // `search-all-sorts-ignored`: the default order whatever `sorts` says.
            let sorts: &[ItemSort] = if self.fault(Fault::SearchAllSortsIgnored) {
                &[]
            } else {
                &input.sorts
            };
            hits.sort_unstable_by(|a, b| order(sorts, a, b));
            let (page, next_token) = self.listing(
                &scope,
                input.next_token.as_deref(),
                hits.len(),
                |i| hits.get(i),
                input.max_results,
                |hit| {
                    live(hit.item, faults)
                        && visible(hit.item, now, faults)
                        && matches_any(&input.filters, hit.item, hit.case, now, faults)
                },
            )?;
            Ok(SearchAllRelatedItemsOutput {
                next_token,
                related_items: page
                    .into_iter()
                    .map(|hit| {
                        let arn =
                            self.arns
                                .related_item(&input.domain_id, &hit.case.id, &hit.item.id);
                        SearchAllRelatedItemsResponseItem {
                            association_time: Timestamp(hit.item.association_time),
                            case_id: hit.case.id.clone(),
                            content: content(hit.item, hit.case, now, faults),
                            performed_by: hit.item.performed_by.as_ref().map(user_union),
                            related_item_id: hit.item.id.clone(),
                            tags: s.tags(&arn),
                            item_type: hit.item.content.kind().wire_name(),
                        }
                    })
                    .collect(),
            })
        })
    }
}
