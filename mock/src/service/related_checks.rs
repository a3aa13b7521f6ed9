//! The checks of related-item content that need the domain: custom field values name
//! live, non-system fields of the domain and fit their types; an SLA's `fieldId` and
//! target values likewise; a `connectCase` names another case of the domain.

use std::collections::HashSet;

use super::cases::compatible;
use crate::decode::common::FieldValue;
use crate::decode::related_items::{RelatedItemFilter, RelatedItemInput};
use crate::decode::search_cases::CaseFilter;
use crate::error::ApiError;
use crate::store::records::{Domain, Field, Namespace};

/// A 400 naming `path`.
pub fn invalid(path: &str, constraint: &str) -> ApiError {
    ApiError::validation(format!(
        "1 validation error detected: Value at '{path}' failed to satisfy constraint: Member must {constraint}"
    ))
}

/// The live field `id` of the domain, or a 400 naming `path`.
fn live_field<'a>(domain: &'a Domain, path: &str, id: &str) -> Result<&'a Field, ApiError> {
    match domain.field(id) {
        Some(field) if !field.deleted => Ok(field),
        Some(_) => Err(invalid(
            path,
            &format!("name a field that is not deleted ('{id}' has been deleted)"),
        )),
        None => Err(invalid(
            path,
            &format!("name a field of the domain ('{id}' does not exist)"),
        )),
    }
}

/// Custom item fields at `path` (`content.custom`): each names a live field of the
/// domain, once, that is not a system field (UpdateRelatedItem's documentation: "System
/// case fields cannot be used in a custom related item"), with a value its type takes
/// (as in CreateCase; `emptyValue` fits every type).
pub fn check_custom_fields(
    domain: &Domain,
    path: &str,
    fields: &[(String, FieldValue)],
) -> Result<(), ApiError> {
    let mut seen = HashSet::new();
    for (i, (id, value)) in fields.iter().enumerate() {
        let at = format!("{path}.fields[{i}].id");
        let field = live_field(domain, &at, id)?;
        if field.namespace == Namespace::System {
            return Err(invalid(
                &at,
                &format!("name a custom field ('{id}' is a system field)"),
            ));
        }
        if !seen.insert(id.as_str()) {
            return Err(invalid(&at, &format!("be unique ('{id}' is repeated)")));
        }
        if !compatible(&field.field_type, value) {
            return Err(invalid(
                &format!("{path}.fields[{i}].value"),
                &format!("match the field's type {} (field '{id}')", field.field_type),
            ));
        }
    }
    Ok(())
}

/// The domain checks of new content for the case `case_id`.
pub fn check_content(
    domain: &Domain,
    case_id: &str,
    content: &RelatedItemInput,
) -> Result<(), ApiError> {
    match content {
        RelatedItemInput::Custom { fields } => {
            check_custom_fields(domain, "content.custom", fields)
        }
        RelatedItemInput::Sla(sla) => {
            let path = "content.sla.slaInputConfiguration";
            let Some(id) = &sla.field_id else {
                return Ok(());
            };
            let field = live_field(domain, &format!("{path}.fieldId"), id)?;
            for (i, value) in sla.target_field_values.iter().enumerate() {
                if !compatible(&field.field_type, value) {
                    return Err(invalid(
                        &format!("{path}.targetFieldValues[{i}]"),
                        &format!("match the field's type {} (field '{id}')", field.field_type),
                    ));
                }
            }
            Ok(())
        }
        RelatedItemInput::ConnectCase { case_id: other } => {
            // ResourceNotFoundException is among the operation's errors and names the
            // missing case; relating a case to itself is the mock's refusal.
            domain.case(other)?;
            if other == case_id {
                return Err(invalid(
                    "content.connectCase.caseId",
                    "name another case than the one the item is related to",
                ));
            }
            Ok(())
        }
        RelatedItemInput::Comment { .. }
        | RelatedItemInput::Contact { .. }
        | RelatedItemInput::File { .. } => Ok(()),
    }
}

/// The domain checks of search filters: a `custom` filter's comparisons name fields of
/// the domain and values their types take (as SearchCases checks its filter).
pub fn check_filters(domain: &Domain, filters: &[RelatedItemFilter]) -> Result<(), ApiError> {
    for filter in filters {
        let RelatedItemFilter::Custom { fields: Some(tree) } = filter else {
            continue;
        };
        for c in CaseFilter::comparisons(tree) {
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
    Ok(())
}
