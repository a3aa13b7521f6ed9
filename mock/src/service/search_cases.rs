//! SearchCases and ListCasesForContact: the cases of one domain, in a stable order, one
//! page at a time.

use super::Service;
use super::case_filter::{matches_case, matches_term, order};
use super::cases::compatible;
use super::convert::field_value;
use crate::decode::search_cases::{
    CaseFilter, ListCasesForContactInput, SearchCasesInput, SearchLimits, Sort,
};
use crate::error::ApiError;
use crate::faults::Fault;
use crate::output::{
    self, CaseSummary, ListCasesForContactOutput, SearchCasesOutput, SearchCasesResponseItem,
};
use crate::store::records::{Case, Domain, StoredContent};
use crate::token::TokenScope;

impl Service {
    /// The domain's cases that match `filter` and `searchTerm`, ordered by `sorts` (ties,
    /// and everything without sorts, in creation order), each with the requested fields
    /// it has; at 1.44.5 with `totalCount`, the number of matching cases on all pages.
    pub(super) fn search_cases(
        &self,
        input: &SearchCasesInput,
    ) -> Result<SearchCasesOutput, ApiError> {
        let scope = TokenScope {
            operation: "SearchCases",
            domain_id: &input.domain_id,
            case_id: "",
            query: format!(
                "{:?}\0{:?}\0{:?}",
                input.filter, input.sorts, input.search_term
            ),
        };
        let (filter, sorts) = self.as_faults_read(input);
        self.store.read(|s| {
            let domain = s.domain(&input.domain_id)?;
            check_search(domain, input)?;
            // Deleted cases keep their positions (`None`), so a walk across a DeleteCase
            // neither skips a case nor finds its token foreign. `search_ghosts` is empty
            // unless the `deleted-case-found` fault is on.
            let mut cases: Vec<Option<&Case>> = domain
                .case_slots()
                .chain(domain.search_ghosts.iter().map(Some))
                .collect();
            if !sorts.is_empty() {
                // A stable sort: cases equal under every sort keep creation order; deleted
                // ones go last.
                cases.sort_by(|a, b| match (a, b) {
                    (Some(a), Some(b)) => order(&sorts, &a.fields, &b.fields),
                    _ => b.is_some().cmp(&a.is_some()),
                });
            }
            let keep = |case: &Option<&Case>| {
                case.is_some_and(|case| {
                    filter
                        .as_ref()
                        .is_none_or(|f| matches_case(f, &case.fields, s.tags_of(&case.arn)))
                        && input
                            .search_term
                            .as_deref()
                            .is_none_or(|t| matches_term(t, &case.fields))
                })
            };
            let total_count = SearchLimits::of(self.config.release)
                .total_count
                .then(|| cases.iter().filter(|case| keep(case)).count());
            let (items, next_token) = self.listing(
                &scope,
                input.next_token.as_deref(),
                cases.len(),
                |i| cases.get(i),
                input.max_results,
                keep,
            )?;
            Ok(SearchCasesOutput {
                cases: items
                    .into_iter()
                    .flatten()
                    .map(|case| SearchCasesResponseItem {
                        case_id: case.id.clone(),
                        fields: requested_fields(case, &input.field_ids),
                        tags: s.tags(&case.arn),
                        template_id: case.template_id.clone(),
                    })
                    .collect(),
                next_token,
                total_count,
            })
        })
    }

    /// The domain's cases, in creation order, that have a `Contact` related item whose
    /// `contactArn` equals the request's.
    pub(super) fn list_cases_for_contact(
        &self,
        input: &ListCasesForContactInput,
    ) -> Result<ListCasesForContactOutput, ApiError> {
        let scope = TokenScope {
            operation: "ListCasesForContact",
            domain_id: &input.domain_id,
            case_id: "",
            query: input.contact_arn.clone(),
        };
        self.store.read(|s| {
            let domain = s.domain(&input.domain_id)?;
            // Deleted cases keep their positions (`None`), as in SearchCases.
            let cases: Vec<Option<&Case>> = domain.case_slots().collect();
            let keep = |case: &Option<&Case>| {
                case.is_some_and(|case| {
                    case.related_items.iter().any(|item| {
                        !item.deleted
                            && matches!(&item.content, StoredContent::Contact { contact_arn, .. }
                            if *contact_arn == input.contact_arn)
                    })
                })
            };
            let (items, next_token) = self.listing(
                &scope,
                input.next_token.as_deref(),
                cases.len(),
                |i| cases.get(i),
                input.max_results,
                keep,
            )?;
            Ok(ListCasesForContactOutput {
                cases: items
                    .into_iter()
                    .flatten()
                    .map(|case| CaseSummary {
                        case_id: case.id.clone(),
                        template_id: case.template_id.clone(),
                    })
                    .collect(),
                next_token,
            })
        })
    }
}

impl Service {
    /// The filter and sorts as the search applies them: the request's, unless a fault
    /// misreads them (`or-all-as-and-all`: every `orAll` is applied as `andAll`;
    /// `tag-filter-ignored`: every `tag` filter matches every case; `desc-sort-ignored`:
    /// every `Desc` sort is applied as `Asc`).
    fn as_faults_read(&self, input: &SearchCasesInput) -> (Option<CaseFilter>, Vec<Sort>) {
        let faults = &self.config.faults;
        let filter = input.filter.clone().map(|f| {
            if faults.contains(&Fault::OrAllAsAndAll) || faults.contains(&Fault::TagFilterIgnored) {
                misread(f, faults)
            } else {
                f
            }
        });
        let mut sorts = input.sorts.clone();
        if faults.contains(&Fault::DescSortIgnored) {
            for sort in &mut sorts {
                sort.descending = false;
            }
        }
        (filter, sorts)
    }
}

/// `filter` as the faults of `faults` misread it (see [`Service::as_faults_read`]).
fn misread(filter: CaseFilter, faults: &std::collections::BTreeSet<Fault>) -> CaseFilter {
    let all = |list: Vec<CaseFilter>| list.into_iter().map(|f| misread(f, faults)).collect();
    match filter {
        CaseFilter::OrAll(list) if faults.contains(&Fault::OrAllAsAndAll) => {
            CaseFilter::AndAll(all(list))
        }
        CaseFilter::OrAll(list) => CaseFilter::OrAll(all(list)),
        CaseFilter::AndAll(list) => CaseFilter::AndAll(all(list)),
        CaseFilter::Not(inner) => CaseFilter::Not(Box::new(misread(*inner, faults))),
        // An empty `andAll` matches every case.
        CaseFilter::Tag(_) if faults.contains(&Fault::TagFilterIgnored) => {
            CaseFilter::AndAll(Vec::new())
        }
        other => other,
    }
}

/// Every field a filter compares or a sort names must be a field of the domain, and a
/// filter's value must fit the field's type (as in CreateCase; `emptyValue` fits all).
fn check_search(domain: &Domain, input: &SearchCasesInput) -> Result<(), ApiError> {
    if let Some(filter) = &input.filter {
        for c in filter.comparisons() {
            let Some(field) = domain.field(&c.field_id) else {
                return Err(invalid(
                    &format!("{}.id", c.path),
                    &format!(
                        "name a field of the domain ('{}' does not exist)",
                        c.field_id
                    ),
                ));
            };
            if !compatible(&field.field_type, &c.value) {
                return Err(invalid(
                    &format!("{}.value", c.path),
                    &format!(
                        "match the field's type {} (field '{}')",
                        field.field_type, c.field_id
                    ),
                ));
            }
        }
    }
    for (i, sort) in input.sorts.iter().enumerate() {
        if domain.field(&sort.field_id).is_none() {
            return Err(invalid(
                &format!("sorts[{i}].fieldId"),
                &format!(
                    "name a field of the domain ('{}' does not exist)",
                    sort.field_id
                ),
            ));
        }
    }
    Ok(())
}

/// The requested fields the case has, in request order (unknown ids are skipped, as in
/// GetCase).
fn requested_fields(case: &Case, field_ids: &[String]) -> Vec<output::FieldValue> {
    field_ids
        .iter()
        .filter_map(|id| {
            case.fields
                .iter()
                .find(|(f, _)| f == id)
                .map(|(f, v)| output::FieldValue {
                    id: f.clone(),
                    value: field_value(v),
                })
        })
        .collect()
}

fn invalid(path: &str, constraint: &str) -> ApiError {
    ApiError::validation(format!(
        "1 validation error detected: Value at '{path}' failed to satisfy constraint: Member must {constraint}"
    ))
}
