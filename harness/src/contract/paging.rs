//! Paging, as the model defines it: which operations page, and the members that carry the
//! continuation token, bound the page size and hold the page's items.
//!
//! `paginators-1.json` names most of them; an operation it omits (`GetCaseAuditEvents`) is
//! recognised by the same roles in its shapes. Generation (valid requests omit tokens the
//! service did not issue), the walks over listings and their bounds all read this.

use std::collections::BTreeSet;

use crate::model::{Location, Operation, Paginator, ServiceModel, Shape};

/// The paging members of `operation`: its paginator from `paginators-1.json`, or, for an
/// operation the file omits (`GetCaseAuditEvents`), the same roles read off the model: a
/// `nextToken` member on both sides, `maxResults`, and the output's one list member.
pub fn paginator(model: &ServiceModel, operation: &str) -> Option<Paginator> {
    if let Some(p) = model.paginators.get(operation) {
        return Some(p.clone());
    }
    let op = model.operation(operation)?;
    let input = model.structure(&op.input.as_ref()?.shape)?;
    let output = model.structure(&op.output.as_ref()?.shape)?;
    let lists: Vec<&String> = output
        .members
        .iter()
        .filter(|(_, m)| matches!(model.shape(&m.shape), Shape::List(_)))
        .map(|(n, _)| n)
        .collect();
    (input.members.contains_key("nextToken")
        && output.members.contains_key("nextToken")
        && lists.len() == 1)
        .then(|| Paginator {
            input_token: "nextToken".into(),
            output_token: "nextToken".into(),
            limit_key: input
                .members
                .contains_key("maxResults")
                .then(|| "maxResults".to_string()),
            result_key: lists[0].clone(),
        })
}

/// Every operation that pages, with its paging members, by name.
pub fn paginated_operations(model: &ServiceModel) -> Vec<(String, Paginator)> {
    model
        .operations
        .keys()
        .filter_map(|name| paginator(model, name).map(|p| (name.clone(), p)))
        .collect()
}

/// The most items a page of `operation` may hold when no page size is asked for: the largest
/// page size its limit member allows (`maxResults` max 25: "The current maximum supported
/// value is 25. This is also the default when no other value is provided",
/// GetCaseAuditEventsRequest.maxResults). `None` when the model bounds none.
pub fn largest_page(model: &ServiceModel, operation: &str) -> Option<u32> {
    let limit_key = paginator(model, operation)?.limit_key?;
    let op = model.operation(operation)?;
    let input = model.structure(&op.input.as_ref()?.shape)?;
    match model.shape(&input.members.get(&limit_key)?.shape) {
        Shape::Integer(n) | Shape::Long(n) => n.max.and_then(|max| u32::try_from(max).ok()),
        _ => None,
    }
}

/// The input members of `op` that carry continuation tokens, as `(envelope part, wire name)`.
pub fn token_members(model: &ServiceModel, op: &Operation) -> BTreeSet<(&'static str, String)> {
    let token_shapes: BTreeSet<&str> = model
        .paginators
        .iter()
        .filter_map(|(name, p)| {
            let input = model.operation(name)?.input.as_ref()?;
            let member = model.structure(&input.shape)?.members.get(&p.input_token)?;
            Some(member.shape.as_str())
        })
        .collect();
    let own = model
        .paginators
        .get(&op.name)
        .map(|p| p.input_token.as_str());
    let Some(input) = op.input.as_ref().and_then(|i| model.structure(&i.shape)) else {
        return BTreeSet::new();
    };
    input
        .members
        .iter()
        .filter(|(name, m)| own == Some(name.as_str()) || token_shapes.contains(m.shape.as_str()))
        .map(|(name, m)| {
            let wire = m.wire_name(name);
            match m.location {
                None => ("body", wire.to_string()),
                Some(Location::Querystring) => ("query", wire.to_string()),
                Some(Location::Header) => ("headers", wire.to_ascii_lowercase()),
                Some(Location::Uri) => ("uri", wire.to_string()),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Release;

    #[test]
    fn audit_events_page_although_paginators_omit_them() {
        let model = ServiceModel::load(Release::V1_34_98).unwrap();
        assert!(!model.paginators.contains_key("GetCaseAuditEvents"));
        let audit = paginator(&model, "GetCaseAuditEvents").expect("pages");
        assert_eq!(audit.result_key, "auditEvents");
        assert_eq!(audit.limit_key.as_deref(), Some("maxResults"));
        assert_eq!(largest_page(&model, "GetCaseAuditEvents"), Some(25));
        let paged: Vec<String> = paginated_operations(&model)
            .into_iter()
            .map(|(name, _)| name)
            .collect();
        for op in [
            "SearchRelatedItems",
            "SearchCases",
            "ListDomains",
            "GetCaseAuditEvents",
        ] {
            assert!(paged.contains(&op.to_string()), "{op} not in {paged:?}");
        }
        assert!(!paged.contains(&"CreateCase".to_string()));
    }

    #[test]
    fn tokens_come_from_paginators_and_their_shapes() {
        let model = ServiceModel::load(Release::CONTRACT).unwrap();
        for op in ["SearchRelatedItems", "GetCaseAuditEvents", "ListDomains"] {
            let tokens = token_members(&model, model.operation(op).unwrap());
            let names: Vec<&str> = tokens.iter().map(|(_, w)| w.as_str()).collect();
            assert_eq!(names, ["nextToken"], "{op}");
        }
        let create = model.operation("CreateRelatedItem").unwrap();
        assert!(token_members(&model, create).is_empty());
    }
}
