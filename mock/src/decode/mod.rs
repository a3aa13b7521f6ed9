//! Request decoding: from route, query and body to one typed, validated request.
//!
//! This layer knows the model's shapes and constraints and nothing of the store; the
//! faults that corrupt validation (`max-results-*`, `union-two-members-accepted`,
//! `type-content-mismatch-accepted`, and `pre-file-release` through the kinds) hook in
//! here.

pub mod audit;
pub mod cases;
pub mod common;
pub mod domains;
pub mod fields;
pub mod json;
pub mod related_items;
pub mod search_cases;
pub mod templates;
pub mod validate;

use crate::config::MockConfig;
use crate::error::ApiError;
use crate::wire::query::Query;
use crate::wire::route::{Operation, Route};

/// One validated request of any implemented operation.
#[derive(Clone, Debug, PartialEq)]
pub enum Request {
    /// CreateDomain.
    CreateDomain(domains::CreateDomainInput),
    /// GetDomain.
    GetDomain(domains::GetDomainInput),
    /// ListDomains.
    ListDomains(domains::ListDomainsInput),
    /// CreateField.
    CreateField(fields::CreateFieldInput),
    /// ListFields.
    ListFields(fields::ListFieldsInput),
    /// BatchGetField.
    BatchGetField(fields::BatchGetFieldInput),
    /// CreateTemplate.
    CreateTemplate(templates::CreateTemplateInput),
    /// GetTemplate.
    GetTemplate(templates::GetTemplateInput),
    /// ListTemplates.
    ListTemplates(templates::ListTemplatesInput),
    /// CreateCase.
    CreateCase(cases::CreateCaseInput),
    /// GetCase.
    GetCase(cases::GetCaseInput),
    /// CreateRelatedItem.
    CreateRelatedItem(related_items::CreateRelatedItemInput),
    /// SearchRelatedItems.
    SearchRelatedItems(related_items::SearchRelatedItemsInput),
    /// GetCaseAuditEvents.
    GetCaseAuditEvents(audit::GetCaseAuditEventsInput),
    /// UpdateTemplate.
    UpdateTemplate(templates::UpdateTemplateInput),
    /// DeleteTemplate.
    DeleteTemplate(templates::DeleteTemplateInput),
    /// UpdateCase.
    UpdateCase(cases::UpdateCaseInput),
    /// SearchCases.
    SearchCases(search_cases::SearchCasesInput),
    /// ListCasesForContact.
    ListCasesForContact(search_cases::ListCasesForContactInput),
}

/// Decodes and validates the request that `route` names, with the related-item kinds
/// and the decode faults of `config`.
pub fn decode(
    route: &Route,
    query: &Query,
    body: &[u8],
    config: &MockConfig,
) -> Result<Request, ApiError> {
    Ok(match route.operation {
        Operation::CreateDomain => Request::CreateDomain(domains::create_domain(body)?),
        Operation::GetDomain => Request::GetDomain(domains::get_domain(route, body)?),
        Operation::ListDomains => Request::ListDomains(domains::list_domains(query, body, config)?),
        Operation::CreateField => Request::CreateField(fields::create_field(route, body)?),
        Operation::ListFields => {
            Request::ListFields(fields::list_fields(route, query, body, config)?)
        }
        Operation::BatchGetField => Request::BatchGetField(fields::batch_get_field(route, body)?),
        Operation::CreateTemplate => {
            Request::CreateTemplate(templates::create_template(route, body)?)
        }
        Operation::GetTemplate => Request::GetTemplate(templates::get_template(route, body)?),
        Operation::ListTemplates => {
            Request::ListTemplates(templates::list_templates(route, query, body, config)?)
        }
        Operation::CreateCase => Request::CreateCase(cases::create_case(route, body)?),
        Operation::GetCase => Request::GetCase(cases::get_case(route, body)?),
        Operation::CreateRelatedItem => {
            Request::CreateRelatedItem(related_items::create_related_item(route, body, config)?)
        }
        Operation::SearchRelatedItems => {
            Request::SearchRelatedItems(related_items::search_related_items(route, body, config)?)
        }
        Operation::GetCaseAuditEvents => {
            Request::GetCaseAuditEvents(audit::get_case_audit_events(route, body, config)?)
        }
        Operation::UpdateTemplate => {
            Request::UpdateTemplate(templates::update_template(route, body)?)
        }
        Operation::DeleteTemplate => {
            Request::DeleteTemplate(templates::delete_template(route, body)?)
        }
        Operation::UpdateCase => Request::UpdateCase(cases::update_case(route, body)?),
        Operation::SearchCases => {
            Request::SearchCases(search_cases::search_cases(route, body, config)?)
        }
        Operation::ListCasesForContact => {
            Request::ListCasesForContact(search_cases::list_cases_for_contact(route, body, config)?)
        }
    })
}
