//! Contract coverage: what of each operation's contract the run's traffic exercised, and —
//! the point — what it NEVER did, so a green run cannot hide an untested corner.
//!
//! The engine records raw observations per operation (`engine::coverage`: folded request and
//! response paths such as `body.filters[].file.fileArn`, `path=value` strings, page sizes,
//! statuses, error names). This module walks the model's input and output shapes of every
//! operation the run called and sorts each contract item into `exercised` or `never`
//! (and observations the model does not know into `outside_model`), along these dimensions:
//!
//! | dimension | items | exercised when |
//! | --- | --- | --- |
//! | `request_members` | every request member path (`uri.caseId`, `body.content.file.fileArn`) | sent at least once |
//! | `enum_values` | `path=Value` for each value of each enumerated request member | sent |
//! | `union_variants` | `path.member` for each member of a request union outside filters | sent |
//! | `filter_kinds` | the same for unions under a member named `*filter*` (`body.filters[].file`) | sent |
//! | `page_sizes` | `maxResults` at its lower bound, strictly between, at its upper bound | sent |
//! | `errors` | each modeled error of the operation | answered at least once |
//! | `status_codes` | the success code and each modeled error's code | answered |
//! | `response_members` | every OPTIONAL member path of the success body | observed |
//! | `response_enum_values` | `path=Value` for each enumerated response member | observed |
//! | `response_union_variants` | `path.member` for each member of a response union | observed |
//!
//! The member paths come from the contract's walk over shapes ([`crate::contract::shapes`]):
//! map keys are written `*` and match any key, recursive shapes are expanded once along a path.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::contract::reach;
use crate::contract::shapes::{Node, path_matches, request_nodes, response_nodes, union_items};
use crate::engine::coverage::OperationCoverage;
use crate::model::{Operation, ServiceModel, Shape};

use super::model::percent;

/// One dimension of an operation's contract.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dimension {
    /// Contract items the run exercised.
    pub exercised: Vec<String>,
    /// Contract items the run never exercised.
    pub never: Vec<String>,
    /// Observations the model does not know (unknown members sent or seen, unmodeled
    /// statuses or errors, out-of-range page sizes): worth a look.
    pub outside_model: Vec<String>,
    /// Contract items no request can provoke ([`crate::contract::reach`]), never exercised,
    /// each with the reason: listed apart, neither a gap nor a pass.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub out_of_reach: Vec<OutOfReach>,
}

/// A contract item out of any request's reach, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutOfReach {
    /// The item, as the dimension names it.
    pub item: String,
    /// Why no request of a run can provoke it.
    pub reason: String,
}

impl Dimension {
    fn from_items(items: Vec<String>, hit: impl Fn(&str) -> bool) -> Self {
        let mut d = Dimension::default();
        let mut seen = BTreeSet::new();
        for item in items {
            if !seen.insert(item.clone()) {
                continue;
            }
            if hit(&item) {
                d.exercised.push(item);
            } else {
                d.never.push(item);
            }
        }
        d
    }

    /// Items in the contract (exercised or not, in reach or not).
    pub fn total(&self) -> usize {
        self.exercised.len() + self.never.len() + self.out_of_reach.len()
    }

    /// Items some request can provoke: exercised or never.
    pub fn reachable(&self) -> usize {
        self.exercised.len() + self.never.len()
    }

    /// Moves each never-exercised item `reach` gives a reason for to `out_of_reach`.
    fn set_apart(&mut self, reach: impl Fn(&str) -> Option<String>) {
        let never = std::mem::take(&mut self.never);
        for item in never {
            match reach(&item) {
                Some(reason) => self.out_of_reach.push(OutOfReach { item, reason }),
                None => self.never.push(item),
            }
        }
    }
}

/// What one operation's traffic covered of its contract.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct OperationContract {
    /// The operation.
    pub operation: String,
    /// Request member paths.
    pub request_members: Dimension,
    /// Values of enumerated request members.
    pub enum_values: Dimension,
    /// Members of request unions (outside filters).
    pub union_variants: Dimension,
    /// Members of filter unions: the kinds of filter.
    pub filter_kinds: Dimension,
    /// Page-size bounds.
    pub page_sizes: Dimension,
    /// Modeled errors.
    pub errors: Dimension,
    /// Status codes (success and modeled errors).
    pub status_codes: Dimension,
    /// Optional members of the success body.
    pub response_members: Dimension,
    /// Values of enumerated response members.
    pub response_enum_values: Dimension,
    /// Members of response unions.
    pub response_union_variants: Dimension,
    /// Contract items exercised, over all dimensions.
    pub exercised: usize,
    /// Contract items, over all dimensions.
    pub total: usize,
    /// Contract items out of any request's reach, over all dimensions.
    #[serde(default)]
    pub out_of_reach: usize,
    /// `exercised / total` as a percentage.
    pub percent: Option<f64>,
    /// `exercised / (total - out_of_reach)` as a percentage: the coverage a run can improve.
    #[serde(default)]
    pub reachable_percent: Option<f64>,
}

impl OperationContract {
    /// The dimensions with their report names, in report order.
    pub fn dimensions(&self) -> [(&'static str, &Dimension); 10] {
        [
            ("request members", &self.request_members),
            ("enum values", &self.enum_values),
            ("union variants", &self.union_variants),
            ("filter kinds", &self.filter_kinds),
            ("page sizes", &self.page_sizes),
            ("errors", &self.errors),
            ("status codes", &self.status_codes),
            ("optional response members", &self.response_members),
            ("response enum values", &self.response_enum_values),
            ("response union variants", &self.response_union_variants),
        ]
    }
}

/// Coverage of the whole run.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CoverageReport {
    /// Operations the run called, by name.
    pub operations: Vec<OperationContract>,
    /// Operations of the model the run never called, though it could have.
    pub never_called: Vec<String>,
    /// Operations left out of the run (`--operations`): never sent, never passing.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_selected: Vec<String>,
    /// Contract items exercised over every called operation.
    pub exercised: usize,
    /// Contract items over every called operation.
    pub total: usize,
    /// Contract items out of any request's reach over every called operation.
    #[serde(default)]
    pub out_of_reach: usize,
    /// `exercised / total` as a percentage.
    pub percent: Option<f64>,
    /// `exercised / (total - out_of_reach)` as a percentage: the headline figure.
    #[serde(default)]
    pub reachable_percent: Option<f64>,
}

/// The out-of-reach items of every operation, grouped by reason (in first-seen order), each
/// item written `Operation: dimension item`: what a report lists apart from the gaps.
pub fn out_of_reach_by_reason(report: &CoverageReport) -> Vec<(String, Vec<String>)> {
    let mut groups: Vec<(String, Vec<String>)> = Vec::new();
    for op in &report.operations {
        for (name, d) in op.dimensions() {
            for o in &d.out_of_reach {
                let item = format!("{}: {name} {}", op.operation, o.item);
                match groups.iter_mut().find(|(reason, _)| *reason == o.reason) {
                    Some((_, items)) => items.push(item),
                    None => groups.push((o.reason.clone(), vec![item])),
                }
            }
        }
    }
    groups
}

/// Builds the coverage report of `observed` traffic against `model`; an operation outside
/// `selected` (when it names any) is listed as not selected rather than never called.
pub fn build(
    model: &ServiceModel,
    observed: &BTreeMap<String, OperationCoverage>,
    selected: &[String],
) -> CoverageReport {
    let mut report = CoverageReport::default();
    for (name, op) in &model.operations {
        match observed.get(name) {
            Some(seen) => report.operations.push(operation(model, op, seen)),
            None if !selected.is_empty() && !selected.contains(name) => {
                report.not_selected.push(name.clone())
            }
            None => report.never_called.push(name.clone()),
        }
    }
    report.exercised = report.operations.iter().map(|o| o.exercised).sum();
    report.total = report.operations.iter().map(|o| o.total).sum();
    report.out_of_reach = report.operations.iter().map(|o| o.out_of_reach).sum();
    report.percent = percent(report.exercised, report.total);
    report.reachable_percent = percent(report.exercised, report.total - report.out_of_reach);
    report
}

/// The coverage of one operation.
pub fn operation(
    model: &ServiceModel,
    op: &Operation,
    seen: &OperationCoverage,
) -> OperationContract {
    let mut c = OperationContract {
        operation: op.name.clone(),
        ..OperationContract::default()
    };
    let request = request_nodes(model, op);
    let response = response_nodes(model, op);

    // Request members.
    c.request_members = Dimension::from_items(
        request
            .iter()
            .filter(|n| !n.element)
            .map(|n| n.path.clone())
            .collect(),
        |p| seen.request_members.iter().any(|o| path_matches(p, o)),
    );
    c.request_members.outside_model = seen
        .request_members
        .iter()
        .filter(|o| o.contains('.') && !request.iter().any(|n| path_matches(&n.path, o)))
        .cloned()
        .collect();

    // Enum values, sent and seen.
    (c.enum_values, c.response_enum_values) = (
        enum_dimension(model, &request, &seen.request_values),
        enum_dimension(model, &response, &seen.response_values),
    );

    // Union variants and filter kinds.
    let (mut filters, mut unions) = (Vec::new(), Vec::new());
    for (union_path, item) in union_items(model, &request) {
        if union_path.to_ascii_lowercase().contains("filter") {
            filters.push(item);
        } else {
            unions.push(item);
        }
    }
    let sent = |p: &str| seen.request_members.iter().any(|o| path_matches(p, o));
    c.union_variants = Dimension::from_items(unions, sent);
    c.filter_kinds = Dimension::from_items(filters, sent);
    let observed_response = |p: &str| seen.response_members.iter().any(|o| path_matches(p, o));
    c.response_union_variants = Dimension::from_items(
        union_items(model, &response)
            .into_iter()
            .map(|(_, item)| item)
            .collect(),
        observed_response,
    );

    // Page sizes.
    c.page_sizes = page_sizes(model, &request, &seen.page_sizes);

    // Errors and status codes.
    let modeled: Vec<(String, Option<u16>)> = op
        .errors
        .iter()
        .map(|e| (e.shape.clone(), model.error_status(&e.shape)))
        .collect();
    c.errors = Dimension::from_items(modeled.iter().map(|(n, _)| n.clone()).collect(), |n| {
        seen.error_types.contains(n)
    });
    c.errors.outside_model = seen
        .error_types
        .iter()
        .filter(|e| !modeled.iter().any(|(n, _)| n == *e))
        .cloned()
        .collect();
    let mut codes = vec![op.http.response_code];
    codes.extend(modeled.iter().filter_map(|(_, s)| *s));
    codes.sort_unstable();
    codes.dedup();
    c.status_codes = Dimension::from_items(codes.iter().map(u16::to_string).collect(), |s| {
        seen.statuses.iter().any(|o| o.to_string() == s)
    });
    c.status_codes.outside_model = seen
        .statuses
        .iter()
        .filter(|s| !codes.contains(s))
        .map(u16::to_string)
        .collect();

    // Optional response members.
    c.response_members = Dimension::from_items(
        response
            .iter()
            .filter(|n| !n.required && !n.element)
            .map(|n| n.path.clone())
            .collect(),
        observed_response,
    );
    c.response_members.outside_model = seen
        .response_members
        .iter()
        .filter(|o| !response.iter().any(|n| path_matches(&n.path, o)))
        .cloned()
        .collect();

    // What no request can provoke, set apart with its reason.
    c.errors
        .set_apart(|e| reach::operation_error_out_of_reach(model, op, e).map(str::to_string));
    c.status_codes.set_apart(|s| {
        s.parse()
            .ok()
            .and_then(|s| reach::status_out_of_reach(model, op, s))
    });
    for d in [
        &mut c.response_members,
        &mut c.response_enum_values,
        &mut c.response_union_variants,
    ] {
        d.set_apart(|item| reach::response_item_out_of_reach(model, op, item));
    }

    let dims = c.dimensions();
    let exercised = dims.iter().map(|(_, d)| d.exercised.len()).sum();
    let total = dims.iter().map(|(_, d)| d.total()).sum();
    let out_of_reach = dims.iter().map(|(_, d)| d.out_of_reach.len()).sum();
    c.exercised = exercised;
    c.total = total;
    c.out_of_reach = out_of_reach;
    c.percent = percent(exercised, total);
    c.reachable_percent = percent(exercised, total - out_of_reach);
    c
}

/// `path=Value` items for every enumerated node, sorted into a dimension by `values` seen;
/// values seen on those paths that the enum lacks go to `outside_model`.
fn enum_dimension(model: &ServiceModel, nodes: &[Node], values: &BTreeSet<String>) -> Dimension {
    let mut items = Vec::new();
    let mut enum_paths = Vec::new();
    for node in nodes {
        if let Some(allowed) = model.shape(&node.shape).enum_values() {
            enum_paths.push((node.path.as_str(), allowed));
            items.extend(allowed.iter().map(|v| format!("{}={v}", node.path)));
        }
    }
    let mut d = Dimension::from_items(items, |item| {
        let (path, value) = item.split_once('=').unwrap_or((item, ""));
        values.iter().any(|seen| {
            seen.split_once('=')
                .is_some_and(|(p, v)| v == value && path_matches(path, p))
        })
    });
    d.outside_model = values
        .iter()
        .filter(|seen| {
            seen.split_once('=').is_some_and(|(p, v)| {
                enum_paths
                    .iter()
                    .any(|(path, allowed)| path_matches(path, p) && !allowed.iter().any(|a| a == v))
            })
        })
        .cloned()
        .collect();
    d
}

/// The `maxResults` contract items: the lower bound, a size strictly between the bounds
/// (`2..24`), and the upper bound. Sizes sent outside the bounds are listed as outside the
/// model.
fn page_sizes(model: &ServiceModel, nodes: &[Node], seen: &BTreeSet<i64>) -> Dimension {
    let Some(node) = nodes.iter().find(|n| n.path.ends_with("maxResults")) else {
        return Dimension::default();
    };
    let (min, max) = match model.shape(&node.shape) {
        Shape::Integer(n) | Shape::Long(n) => (n.min.unwrap_or(1), n.max),
        _ => (1, None),
    };
    let inside = |s: i64| s >= min && max.is_none_or(|m| s <= m);
    let mut items: Vec<(String, bool)> = vec![(min.to_string(), seen.contains(&min))];
    match max {
        Some(max) => {
            if max - min >= 2 {
                let between = seen.iter().any(|s| *s > min && *s < max);
                items.push((format!("{}..{}", min + 1, max - 1), between));
            }
            if max > min {
                items.push((max.to_string(), seen.contains(&max)));
            }
        }
        None => items.push((format!("over {min}"), seen.iter().any(|s| *s > min))),
    }
    let mut d = Dimension::default();
    for (item, hit) in items {
        if hit {
            d.exercised.push(item);
        } else {
            d.never.push(item);
        }
    }
    d.outside_model = seen
        .iter()
        .filter(|s| !inside(**s))
        .map(i64::to_string)
        .collect();
    d
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Release;

    fn seen(request: &[&str], values: &[&str]) -> OperationCoverage {
        OperationCoverage {
            request_members: request.iter().map(|s| s.to_string()).collect(),
            request_values: values.iter().map(|s| s.to_string()).collect(),
            ..OperationCoverage::default()
        }
    }

    #[test]
    fn search_related_items_lists_the_file_filter_as_never_exercised() {
        let model = ServiceModel::load(Release::V1_34_98).unwrap();
        let op = model.operation("SearchRelatedItems").unwrap();
        let mut s = seen(
            &[
                "uri",
                "uri.domainId",
                "uri.caseId",
                "body",
                "body.maxResults",
                "body.filters",
                "body.filters[].comment",
                "body.bogus",
            ],
            &[],
        );
        s.page_sizes = [1, 30].into();
        s.statuses = [200, 400].into();
        s.error_types = ["ValidationException".to_string()].into();
        s.response_members = ["relatedItems".into(), "relatedItems[].type".into()].into();
        s.response_values = ["relatedItems[].type=File".into()].into();
        let c = operation(&model, op, &s);
        assert!(
            c.filter_kinds
                .exercised
                .contains(&"body.filters[].comment".to_string())
        );
        assert!(
            c.filter_kinds
                .never
                .contains(&"body.filters[].file".to_string()),
            "{c:#?}"
        );
        assert!(
            c.request_members
                .never
                .contains(&"body.nextToken".to_string())
        );
        assert_eq!(c.request_members.outside_model, ["body.bogus"]);
        assert_eq!(c.page_sizes.exercised, ["1"]);
        assert_eq!(c.page_sizes.never, ["2..24", "25"]);
        assert_eq!(c.page_sizes.outside_model, ["30"]);
        assert!(
            c.errors
                .never
                .contains(&"ResourceNotFoundException".to_string())
        );
        assert!(c.status_codes.never.contains(&"404".to_string()));
        assert!(
            c.response_enum_values
                .exercised
                .contains(&"relatedItems[].type=File".to_string())
        );
        assert!(
            c.response_enum_values
                .never
                .contains(&"relatedItems[].type=Contact".to_string())
        );
        assert!(
            c.response_union_variants
                .never
                .contains(&"relatedItems[].content.file".to_string())
        );
        assert!(c.response_members.never.contains(&"nextToken".to_string()));
        assert!(c.percent.unwrap() < 50.0);
    }

    #[test]
    fn create_related_item_enum_values_are_each_an_item() {
        let model = ServiceModel::load(Release::V1_34_98).unwrap();
        let op = model.operation("CreateRelatedItem").unwrap();
        let c = operation(
            &model,
            op,
            &seen(
                &[
                    "body.type",
                    "body.content.file",
                    "body.content.file.fileArn",
                ],
                &["body.type=File", "body.type=Nope"],
            ),
        );
        assert_eq!(c.enum_values.exercised, ["body.type=File"]);
        assert!(
            c.enum_values
                .never
                .contains(&"body.type=Contact".to_string())
        );
        assert!(
            c.enum_values
                .never
                .contains(&"body.type=Comment".to_string())
        );
        assert_eq!(c.enum_values.outside_model, ["body.type=Nope"]);
        assert_eq!(c.union_variants.exercised, ["body.content.file"]);
        assert!(
            c.union_variants
                .never
                .contains(&"body.content.contact".to_string())
        );
    }

    #[test]
    fn uncalled_operations_are_listed() {
        let model = ServiceModel::load(Release::V1_34_98).unwrap();
        let mut observed = BTreeMap::new();
        observed.insert("GetCase".to_string(), OperationCoverage::default());
        let report = build(&model, &observed, &[]);
        assert_eq!(report.operations.len(), 1);
        assert_eq!(report.never_called.len(), model.operations.len() - 1);
    }
}
