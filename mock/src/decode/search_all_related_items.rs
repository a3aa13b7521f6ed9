//! Typed input of SearchAllRelatedItems (1.44.5): the domain-wide related-item search,
//! with the same filter union as SearchRelatedItems plus `sorts`.

use serde::Deserialize;

use super::common::{label, max_results, next_token};
use super::json::{Obj, parse_body};
use super::related_items::{FilterRaw, RelatedItemFilter, filter_list};
use super::validate::{Violations, index, join};
use crate::config::MockConfig;
use crate::error::ApiError;
use crate::wire::route::Route;

/// The model's `SearchAllRelatedItemsSortProperty` enum.
pub const SORT_PROPERTIES: [&str; 2] = ["AssociationTime", "CaseId"];

/// What a sort orders by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SortProperty {
    /// `AssociationTime`.
    AssociationTime,
    /// `CaseId`.
    CaseId,
}

/// One `SearchAllRelatedItemsSort`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ItemSort {
    /// `sortProperty`.
    pub property: SortProperty,
    /// `sortOrder` is `Desc`.
    pub descending: bool,
}

/// A validated SearchAllRelatedItems request.
#[derive(Clone, Debug, PartialEq)]
pub struct SearchAllRelatedItemsInput {
    /// The domain searched.
    pub domain_id: String,
    /// Filters (0..=10), a union as in SearchRelatedItems; none means all.
    pub filters: Vec<RelatedItemFilter>,
    /// Sorts (0..=2), the first taking precedence.
    pub sorts: Vec<ItemSort>,
    /// Page size, 1..=25 (default 25).
    pub max_results: usize,
    /// Continuation token.
    pub next_token: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SearchAllBody {
    filters: Option<Vec<Obj<FilterRaw>>>,
    sorts: Option<Vec<Obj<SortRaw>>>,
    max_results: Option<i64>,
    next_token: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SortRaw {
    sort_property: Option<String>,
    sort_order: Option<String>,
}

/// Decodes SearchAllRelatedItems.
pub fn search_all_related_items(
    route: &Route,
    body: &[u8],
    config: &MockConfig,
) -> Result<SearchAllRelatedItemsInput, ApiError> {
    let raw: SearchAllBody = parse_body(body)?;
    let mut v = Violations::new();
    let domain_id = label(&mut v, route, "domainId");
    let filters = filter_list(&mut v, raw.filters, config);
    let mut sorts = Vec::new();
    if let Some(list) = raw.sorts {
        v.size("sorts", list.len(), 0, 2);
        for (i, Obj(s)) in list.into_iter().enumerate() {
            let at = index("sorts", i);
            let property_path = join(&at, "sortProperty");
            let property = v.required(&property_path, s.sort_property).and_then(|p| {
                v.enumeration(&property_path, &p, &SORT_PROPERTIES)
                    .then_some(if p == "CaseId" {
                        SortProperty::CaseId
                    } else {
                        SortProperty::AssociationTime
                    })
            });
            let order_path = join(&at, "sortOrder");
            let order = v.required(&order_path, s.sort_order).and_then(|o| {
                v.enumeration(&order_path, &o, &["Asc", "Desc"])
                    .then_some(o == "Desc")
            });
            if let (Some(property), Some(descending)) = (property, order) {
                sorts.push(ItemSort {
                    property,
                    descending,
                });
            }
        }
    }
    let max_results = max_results(&mut v, raw.max_results, 25, config);
    let next_token = next_token(&mut v, raw.next_token);
    v.finish()?;
    Ok(SearchAllRelatedItemsInput {
        domain_id,
        filters,
        sorts,
        max_results,
        next_token,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::MockRelease;
    use crate::wire::route::resolve_newest;

    fn decode(body: &str) -> Result<SearchAllRelatedItemsInput, ApiError> {
        let route = resolve_newest("POST", "/domains/d/related-items-search").expect("route");
        let config = MockConfig {
            release: MockRelease::V1_44_5,
            ..MockConfig::default()
        };
        search_all_related_items(&route, body.as_bytes(), &config)
    }

    #[test]
    fn reads_filters_sorts_and_page() {
        let input = decode(r#"{"filters":[{"sla":{"status":"Active"}},{"connectCase":{}}],"sorts":[{"sortProperty":"CaseId","sortOrder":"Desc"}],"maxResults":3}"#)
            .expect("valid");
        assert_eq!(input.filters.len(), 2);
        assert_eq!(
            input.sorts,
            [ItemSort {
                property: SortProperty::CaseId,
                descending: true
            }]
        );
        assert_eq!(input.max_results, 3);
    }

    #[test]
    fn checks_sorts() {
        let err =
            decode(r#"{"sorts":[{"sortProperty":"Title","sortOrder":"Up"}]}"#).expect_err("enums");
        assert!(
            err.message.starts_with("2 validation errors"),
            "{}",
            err.message
        );
        let three = r#"{"sorts":[{"sortProperty":"CaseId","sortOrder":"Asc"},{"sortProperty":"CaseId","sortOrder":"Asc"},{"sortProperty":"CaseId","sortOrder":"Asc"}]}"#;
        assert!(
            decode(three)
                .expect_err("three")
                .message
                .contains("'sorts'")
        );
        let err = decode(r#"{"sorts":[{}]}"#).expect_err("required");
        assert!(
            err.message.contains("sorts[0].sortProperty"),
            "{}",
            err.message
        );
    }
}
