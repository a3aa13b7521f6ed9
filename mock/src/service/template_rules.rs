//! The template members 1.44.5 added, on the service side: `rules` must name live case
//! rules and fields of the domain, both members are read back by GetTemplate (and
//! `tagPropagationConfigurations` by ListTemplates), and a template's `Cases` tags are
//! what CreateCase puts on the cases made from it.

use crate::decode::template_rules::TemplateRule;
use crate::error::ApiError;
use crate::output::{TagPropagationOut, Tags, TemplateRuleOut};
use crate::store::records::{Domain, Template};

/// Every `rules[N].caseRuleId` must name a live case rule of the domain and every
/// `rules[N].fieldId` a live field: otherwise a 400 naming the member (the mock's
/// choice, after CreateTemplate's documentation: a template "must reference existing
/// field IDs and layout IDs").
pub fn check_template_rules(domain: &Domain, rules: &[TemplateRule]) -> Result<(), ApiError> {
    let mut problems = Vec::new();
    for (i, rule) in rules.iter().enumerate() {
        if domain.case_rules.live(&rule.case_rule_id).is_none() {
            problems.push(format!(
                "Value '{}' at 'rules[{i}].caseRuleId' failed to satisfy constraint: Member \
                 must name a case rule of the domain that is not deleted",
                rule.case_rule_id
            ));
        }
        if let Some(field_id) = &rule.field_id
            && domain.field(field_id).is_none_or(|f| f.deleted)
        {
            problems.push(format!(
                "Value '{field_id}' at 'rules[{i}].fieldId' failed to satisfy constraint: \
                 Member must name a field of the domain that is not deleted"
            ));
        }
    }
    match problems.len() {
        0 => Ok(()),
        n => Err(ApiError::validation(format!(
            "{n} validation error{} detected: {}",
            if n == 1 { "" } else { "s" },
            problems.join("; ")
        ))),
    }
}

/// GetTemplate's `rules`, as put.
pub fn rules_out(template: &Template) -> Vec<TemplateRuleOut> {
    template
        .rules
        .iter()
        .map(|r| TemplateRuleOut {
            case_rule_id: r.case_rule_id.clone(),
            field_id: r.field_id.clone(),
        })
        .collect()
}

/// GetTemplate's and ListTemplates' `tagPropagationConfigurations`, as put.
pub fn tag_propagation_out(template: &Template) -> Vec<TagPropagationOut> {
    template
        .tag_propagation
        .iter()
        .map(|c| TagPropagationOut {
            resource_type: c.resource_type.clone(),
            tag_map: c.tag_map.clone(),
        })
        .collect()
}

/// The tags a case created from `template` gets (CreateCase's documentation: "When
/// creating a case from a template that has tag propagation configurations, the
/// specified tags are automatically applied to the case"): the `tagMap`s of its
/// `Cases` configurations.
pub fn propagated_case_tags(template: &Template) -> Tags {
    template
        .tag_propagation
        .iter()
        .filter(|c| c.resource_type == "Cases")
        .flat_map(|c| c.tag_map.clone())
        .collect()
}
