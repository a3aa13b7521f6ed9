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

pub mod event_configuration;
pub mod field_options;
pub mod layouts;
pub mod tags;

pub mod batch_related_items;
pub mod case_batch;
pub mod case_delete;
pub mod case_limits;
pub mod case_merge;
pub mod case_rules;
pub mod case_tags;
pub mod performer;
pub mod related_deltas;
pub mod related_items_update;
pub mod related_kinds;
pub mod search_all_related_items;
pub mod template_rules;

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
    /// UpdateField.
    UpdateField(fields::UpdateFieldInput),
    /// DeleteField.
    DeleteField(fields::DeleteFieldInput),
    /// BatchPutFieldOptions.
    BatchPutFieldOptions(field_options::BatchPutFieldOptionsInput),
    /// ListFieldOptions.
    ListFieldOptions(field_options::ListFieldOptionsInput),
    /// CreateLayout.
    CreateLayout(layouts::CreateLayoutInput),
    /// GetLayout.
    GetLayout(layouts::LayoutPathInput),
    /// ListLayouts.
    ListLayouts(layouts::ListLayoutsInput),
    /// UpdateLayout.
    UpdateLayout(layouts::UpdateLayoutInput),
    /// DeleteLayout.
    DeleteLayout(layouts::LayoutPathInput),
    /// DeleteDomain.
    DeleteDomain(domains::DeleteDomainInput),
    /// TagResource.
    TagResource(tags::TagResourceInput),
    /// UntagResource.
    UntagResource(tags::UntagResourceInput),
    /// ListTagsForResource.
    ListTagsForResource(tags::ListTagsForResourceInput),
    /// GetCaseEventConfiguration.
    GetCaseEventConfiguration(event_configuration::GetCaseEventConfigurationInput),
    /// PutCaseEventConfiguration.
    PutCaseEventConfiguration(event_configuration::PutCaseEventConfigurationInput),
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
    /// CreateCaseRule (1.44.5).
    CreateCaseRule(case_rules::CreateCaseRuleInput),
    /// BatchGetCaseRule (1.44.5).
    BatchGetCaseRule(case_rules::BatchGetCaseRuleInput),
    /// ListCaseRules (1.44.5).
    ListCaseRules(case_rules::ListCaseRulesInput),
    /// UpdateCaseRule (1.44.5).
    UpdateCaseRule(case_rules::UpdateCaseRuleInput),
    /// DeleteCaseRule (1.44.5).
    DeleteCaseRule(case_rules::CaseRulePathInput),
    /// DeleteCase.
    DeleteCase(case_delete::CasePathInput),
    /// BatchUpdateCase.
    BatchUpdateCase(case_batch::BatchUpdateCaseInput),
    /// StartMergeCases.
    StartMergeCases(case_merge::StartMergeCasesInput),
    /// GetMergeCasesStatus.
    GetMergeCasesStatus(case_delete::CasePathInput),
    /// UpdateRelatedItem.
    UpdateRelatedItem(related_items_update::UpdateRelatedItemInput),
    /// DeleteRelatedItem.
    DeleteRelatedItem(related_items_update::DeleteRelatedItemInput),
    /// BatchCreateRelatedItem.
    BatchCreateRelatedItem(batch_related_items::BatchCreateRelatedItemInput),
    /// SearchAllRelatedItems.
    SearchAllRelatedItems(search_all_related_items::SearchAllRelatedItemsInput),
}

/// Decodes and validates the request that `route` names, with the related-item kinds
/// and the decode faults of `config`.
pub fn decode(
    route: &Route,
    query: &Query,
    body: &[u8],
    config: &MockConfig,
) -> Result<Request, ApiError> {
    // From 1.44.5 every `caseId` path label has the `CaseId` pattern.
    let mut v = validate::Violations::new();
    case_limits::CaseLimits::of(config.release).check_case_id_label(&mut v, route);
    v.finish()?;
    Ok(match route.operation {
        Operation::CreateDomain => Request::CreateDomain(domains::create_domain(body)?),
        Operation::GetDomain => Request::GetDomain(domains::get_domain(route, body)?),
        Operation::ListDomains => Request::ListDomains(domains::list_domains(query, body, config)?),
        Operation::CreateField => Request::CreateField(fields::create_field(route, body, config)?),
        Operation::ListFields => {
            Request::ListFields(fields::list_fields(route, query, body, config)?)
        }
        Operation::BatchGetField => Request::BatchGetField(fields::batch_get_field(route, body)?),
        Operation::CreateTemplate => {
            Request::CreateTemplate(templates::create_template(route, body, config)?)
        }
        Operation::GetTemplate => Request::GetTemplate(templates::get_template(route, body)?),
        Operation::ListTemplates => {
            Request::ListTemplates(templates::list_templates(route, query, body, config)?)
        }
        Operation::CreateCase => Request::CreateCase(cases::create_case(route, body, config)?),
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
        Operation::UpdateField => Request::UpdateField(fields::update_field(route, body, config)?),
        Operation::DeleteField => Request::DeleteField(fields::delete_field(route, body)?),
        Operation::BatchPutFieldOptions => {
            Request::BatchPutFieldOptions(field_options::batch_put_field_options(route, body)?)
        }
        Operation::ListFieldOptions => Request::ListFieldOptions(
            field_options::list_field_options(route, query, body, config)?,
        ),
        Operation::CreateLayout => {
            Request::CreateLayout(layouts::create_layout(route, body, config)?)
        }
        Operation::GetLayout => Request::GetLayout(layouts::layout_path(route, body)?),
        Operation::ListLayouts => {
            Request::ListLayouts(layouts::list_layouts(route, query, body, config)?)
        }
        Operation::UpdateLayout => {
            Request::UpdateLayout(layouts::update_layout(route, body, config)?)
        }
        Operation::DeleteLayout => Request::DeleteLayout(layouts::layout_path(route, body)?),
        Operation::DeleteDomain => Request::DeleteDomain(domains::delete_domain(route, body)?),
        Operation::TagResource => Request::TagResource(tags::tag_resource(route, body)?),
        Operation::UntagResource => {
            Request::UntagResource(tags::untag_resource(route, query, body)?)
        }
        Operation::ListTagsForResource => {
            Request::ListTagsForResource(tags::list_tags_for_resource(route, body)?)
        }
        Operation::GetCaseEventConfiguration => Request::GetCaseEventConfiguration(
            event_configuration::get_case_event_configuration(route, body)?,
        ),
        Operation::PutCaseEventConfiguration => Request::PutCaseEventConfiguration(
            event_configuration::put_case_event_configuration(route, body, config)?,
        ),
        Operation::UpdateTemplate => {
            Request::UpdateTemplate(templates::update_template(route, body, config)?)
        }
        Operation::DeleteTemplate => {
            Request::DeleteTemplate(templates::delete_template(route, body)?)
        }
        Operation::UpdateCase => Request::UpdateCase(cases::update_case(route, body, config)?),
        Operation::SearchCases => {
            Request::SearchCases(search_cases::search_cases(route, body, config)?)
        }
        Operation::ListCasesForContact => {
            Request::ListCasesForContact(search_cases::list_cases_for_contact(route, body, config)?)
        }
        Operation::CreateCaseRule => {
            Request::CreateCaseRule(case_rules::create_case_rule(route, body)?)
        }
        Operation::BatchGetCaseRule => {
            Request::BatchGetCaseRule(case_rules::batch_get_case_rule(route, body)?)
        }
        Operation::ListCaseRules => {
            Request::ListCaseRules(case_rules::list_case_rules(route, query, body, config)?)
        }
        Operation::UpdateCaseRule => {
            Request::UpdateCaseRule(case_rules::update_case_rule(route, body)?)
        }
        Operation::DeleteCaseRule => {
            Request::DeleteCaseRule(case_rules::delete_case_rule(route, body)?)
        }
        Operation::DeleteCase => Request::DeleteCase(case_delete::case_path(route, body)?),
        Operation::BatchUpdateCase => {
            Request::BatchUpdateCase(case_batch::batch_update_case(body, config)?)
        }
        Operation::StartMergeCases => {
            Request::StartMergeCases(case_merge::start_merge_cases(route, body, config)?)
        }
        Operation::GetMergeCasesStatus => {
            Request::GetMergeCasesStatus(case_delete::case_path(route, body)?)
        }
        Operation::UpdateRelatedItem => Request::UpdateRelatedItem(
            related_items_update::update_related_item(route, body, config)?,
        ),
        Operation::DeleteRelatedItem => Request::DeleteRelatedItem(
            related_items_update::delete_related_item(route, body, config)?,
        ),
        Operation::BatchCreateRelatedItem => Request::BatchCreateRelatedItem(
            batch_related_items::batch_create_related_item(body, config)?,
        ),
        Operation::SearchAllRelatedItems => Request::SearchAllRelatedItems(
            search_all_related_items::search_all_related_items(route, body, config)?,
        ),
    })
}
