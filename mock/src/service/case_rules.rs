//! CreateCaseRule, BatchGetCaseRule, ListCaseRules, UpdateCaseRule, DeleteCaseRule
//! (1.44.5): case rules stored per domain, read back as put, deleted by a flag.

use super::Service;
use crate::decode::case_rules::{
    BatchGetCaseRuleInput, BooleanCondition, CaseRuleDetails, CaseRulePathInput,
    CreateCaseRuleInput, ListCaseRulesInput, OperandTwo, UpdateCaseRuleInput,
};
use crate::error::ApiError;
use crate::faults::Fault;
use crate::output::{
    self, BatchGetCaseRuleOutput, CaseRuleError, CaseRuleSummary, CreateCaseRuleOutput,
    EmptyOutput, GetCaseRuleOutput, ListCaseRulesOutput, Timestamp,
};
use crate::store::case_rules::CaseRule;
use crate::store::records::Domain;
use crate::time::now_millis;
use crate::token::TokenScope;

impl Service {
    /// Creates a case rule: every field it names must be a live field of the domain
    /// (400 naming the member), its name unused by the domain's live rules (409).
    pub(super) fn create_case_rule(
        &self,
        input: CreateCaseRuleInput,
    ) -> Result<CreateCaseRuleOutput, ApiError> {
        self.store.write(|s| {
            let domain = s.domain_mut(&input.domain_id)?;
            check_fields_exist(domain, &input.rule)?;
            check_name_free(domain, &input.name, None)?;
            let id = self.ids.next_uuid();
            let arn = self.arns.case_rule(&input.domain_id, &id);
            let now = now_millis();
            domain.case_rules.insert(CaseRule {
                id: id.clone(),
                arn: arn.clone(),
                name: input.name,
                description: input.description,
                rule: input.rule,
                created: now,
                last_modified: now,
                deleted: false,
            });
            Ok(CreateCaseRuleOutput {
                case_rule_arn: arn,
                case_rule_id: id,
            })
        })
    }

    /// Each requested rule in request order, deleted ones included (`deleted: true`);
    /// an unknown id is an entry of `errors` (`errorCode` `NotFound`, as BatchGetField's).
    pub(super) fn batch_get_case_rule(
        &self,
        input: &BatchGetCaseRuleInput,
    ) -> Result<BatchGetCaseRuleOutput, ApiError> {
        self.store.read(|s| {
            let domain = s.domain(&input.domain_id)?;
            let mut out = BatchGetCaseRuleOutput {
                case_rules: Vec::new(),
                errors: Vec::new(),
                unprocessed_case_rules: Vec::new(),
            };
            for id in &input.ids {
                match domain.case_rules.get(id) {
                    Some(rule) => out.case_rules.push(GetCaseRuleOutput {
                        case_rule_arn: rule.arn.clone(),
                        case_rule_id: rule.id.clone(),
                        created_time: Timestamp(rule.created),
                        deleted: rule.deleted,
                        description: rule.description.clone(),
                        last_modified_time: Timestamp(rule.last_modified),
                        name: rule.name.clone(),
                        rule: details(&rule.rule),
                        tags: s.tags(&rule.arn),
                    }),
                    None => out.errors.push(CaseRuleError {
                        error_code: "NotFound".to_owned(),
                        id: id.clone(),
                        message: format!("Case rule '{id}' was not found"),
                    }),
                }
            }
            Ok(out)
        })
    }

    /// Live rules in creation order with their `ruleType`.
    pub(super) fn list_case_rules(
        &self,
        input: &ListCaseRulesInput,
    ) -> Result<ListCaseRulesOutput, ApiError> {
        let scope = TokenScope {
            operation: "ListCaseRules",
            domain_id: &input.domain_id,
            case_id: "",
            query: String::new(),
        };
        self.store.read(|s| {
            let domain = s.domain(&input.domain_id)?;
            let rules = domain.case_rules.all();
            let (items, next_token) = self.listing(
                &scope,
                input.next_token.as_deref(),
                rules.len(),
                |i| rules.get(i),
                input.max_results,
                |r| !r.deleted,
            )?;
            Ok(ListCaseRulesOutput {
                case_rules: items
                    .iter()
                    .map(|r| CaseRuleSummary {
                        case_rule_arn: r.arn.clone(),
                        case_rule_id: r.id.clone(),
                        description: r.description.clone(),
                        name: r.name.clone(),
                        rule_type: r.rule.rule_type(),
                    })
                    .collect(),
                next_token,
            })
        })
    }

    /// Replaces the members given (`rule` as a whole) and keeps the others. Unknown rule:
    /// 404; deleted rule: 400 naming `caseRuleId`; unknown fields: 400 naming the member;
    /// a name another live rule has: 409. No member is a no-op.
    pub(super) fn update_case_rule(
        &self,
        input: UpdateCaseRuleInput,
    ) -> Result<EmptyOutput, ApiError> {
        self.store.write(|s| {
            let domain = s.domain_mut(&input.domain_id)?;
            if domain.case_rules.existing(&input.case_rule_id)?.deleted {
                return Err(ApiError::validation(format!(
                    "1 validation error detected: Value '{}' at 'caseRuleId' failed to satisfy \
                     constraint: Member must name a case rule that is not deleted",
                    input.case_rule_id
                )));
            }
            if let Some(rule) = &input.rule {
                check_fields_exist(domain, rule)?;
            }
            if let Some(name) = &input.name {
                check_name_free(domain, name, Some(&input.case_rule_id))?;
            }
            let dropped = self.config.faults.contains(&Fault::CaseRuleUpdateDropped);
            if dropped
                || (input.name.is_none() && input.description.is_none() && input.rule.is_none())
            {
                return Ok(EmptyOutput {});
            }
            let rule = domain.case_rules.existing_mut(&input.case_rule_id)?;
            if let Some(name) = input.name {
                rule.name = name;
            }
            if let Some(description) = input.description {
                rule.description = Some(description);
            }
            if let Some(details) = input.rule {
                rule.rule = details;
            }
            rule.last_modified = now_millis().max(rule.last_modified);
            Ok(EmptyOutput {})
        })
    }

    /// Marks a rule deleted (BatchGetCaseRule still reads it). Deleting a deleted rule
    /// again changes nothing (`idempotent`); a rule a live template uses is a 409.
    pub(super) fn delete_case_rule(
        &self,
        input: &CaseRulePathInput,
    ) -> Result<EmptyOutput, ApiError> {
        self.store.write(|s| {
            let domain = s.domain_mut(&input.domain_id)?;
            if domain.case_rules.existing(&input.case_rule_id)?.deleted {
                return Ok(EmptyOutput {});
            }
            if let Some(template) = domain.templates.iter().find(|t| {
                !t.deleted && t.rules.iter().any(|r| r.case_rule_id == input.case_rule_id)
            }) {
                return Err(ApiError::conflict(format!(
                    "Case rule '{}' is used by template '{}'",
                    input.case_rule_id, template.id
                )));
            }
            let rule = domain.case_rules.existing_mut(&input.case_rule_id)?;
            rule.deleted = true;
            rule.last_modified = now_millis().max(rule.last_modified);
            Ok(EmptyOutput {})
        })
    }
}

/// Every field a rule names must be a live field of the domain: a 400 naming the
/// member, as CreateLayout and CreateTemplate answer an unknown field id.
fn check_fields_exist(domain: &Domain, rule: &CaseRuleDetails) -> Result<(), ApiError> {
    let mut missing = Vec::new();
    for (path, id) in rule.field_ids() {
        if domain.field(id).is_none_or(|f| f.deleted) {
            missing.push(format!(
                "Value '{id}' at '{path}' failed to satisfy constraint: Member must name a \
                 field of the domain that is not deleted"
            ));
        }
    }
    match missing.len() {
        0 => Ok(()),
        n => Err(ApiError::validation(format!(
            "{n} validation error{} detected: {}",
            if n == 1 { "" } else { "s" },
            missing.join("; ")
        ))),
    }
}

/// A name another live rule of the domain has (other than `own`) is a 409.
fn check_name_free(domain: &Domain, name: &str, own: Option<&str>) -> Result<(), ApiError> {
    let taken = domain
        .case_rules
        .all()
        .iter()
        .any(|r| !r.deleted && r.name == name && Some(r.id.as_str()) != own);
    if taken {
        return Err(ApiError::conflict(format!(
            "A case rule named '{name}' already exists in domain '{}'",
            domain.id
        )));
    }
    Ok(())
}

/// The wire form of stored rule details.
fn details(rule: &CaseRuleDetails) -> output::CaseRuleDetails {
    match rule {
        CaseRuleDetails::Required(r) => output::CaseRuleDetails::Required(conditional(r)),
        CaseRuleDetails::Hidden(r) => output::CaseRuleDetails::Hidden(conditional(r)),
        CaseRuleDetails::FieldOptions(r) => {
            output::CaseRuleDetails::FieldOptions(output::FieldOptionsCaseRule {
                child_field_id: r.child_field_id.clone(),
                parent_child_field_options_mappings: r
                    .mappings
                    .iter()
                    .map(
                        |(parent, children)| output::ParentChildFieldOptionsMapping {
                            child_field_option_values: children.clone(),
                            parent_field_option_value: parent.clone(),
                        },
                    )
                    .collect(),
                parent_field_id: r.parent_field_id.clone(),
            })
        }
    }
}

fn conditional(rule: &crate::decode::case_rules::ConditionalRule) -> output::ConditionalRule {
    output::ConditionalRule {
        conditions: rule.conditions.iter().map(condition).collect(),
        default_value: rule.default_value,
    }
}

fn condition(c: &BooleanCondition) -> output::BooleanCondition {
    let operands = |op: &crate::decode::case_rules::BooleanOperands| output::BooleanOperands {
        operand_one: output::OperandOne::FieldId(op.field_id.clone()),
        operand_two: match &op.operand_two {
            OperandTwo::String(s) => output::OperandTwo::String(s.clone()),
            OperandTwo::Boolean(b) => output::OperandTwo::Boolean(*b),
            OperandTwo::Double(d) => output::OperandTwo::Double(*d),
            OperandTwo::Empty => output::OperandTwo::Empty(output::EmptyValue {}),
        },
        result: op.result,
    };
    let compound = |inner: &[BooleanCondition]| output::CompoundCondition {
        conditions: inner.iter().map(condition).collect(),
    };
    match c {
        BooleanCondition::EqualTo(op) => output::BooleanCondition::EqualTo(operands(op)),
        BooleanCondition::NotEqualTo(op) => output::BooleanCondition::NotEqualTo(operands(op)),
        BooleanCondition::AndAll(inner) => output::BooleanCondition::AndAll(compound(inner)),
        BooleanCondition::OrAll(inner) => output::BooleanCondition::OrAll(compound(inner)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decode::case_rules::{BooleanOperands, ConditionalRule};
    use serde_json::json;

    #[test]
    fn rule_details_serialize_as_the_model_spells_them() {
        let rule = CaseRuleDetails::Required(ConditionalRule {
            default_value: false,
            conditions: vec![BooleanCondition::OrAll(vec![BooleanCondition::EqualTo(
                BooleanOperands {
                    field_id: "status".into(),
                    operand_two: OperandTwo::Empty,
                    result: true,
                },
            )])],
        });
        let value = serde_json::to_value(details(&rule)).expect("json");
        assert_eq!(
            value,
            json!({"required": {"defaultValue": false, "conditions": [{"orAll": {"conditions": [
                {"equalTo": {"operandOne": {"fieldId": "status"}, "operandTwo": {"emptyValue": {}}, "result": true}}
            ]}}]}})
        );
    }
}
