//! What a template's `required` case rules demand of a case (1.44.5).
//!
//! The model's reading: a `TemplateRule` is "An association representing a case rule
//! acting upon a field"; a `RequiredCaseRule` is "used to indicate whether a field is
//! required"; its "first condition to evaluate to true dictates the value of the rule"
//! (that condition's `result`: "The value of the outer rule if the condition evaluates to
//! true"), and `defaultValue` is the value "should none of the conditions evaluate to
//! true". What the model leaves open is the mock's choice, stated where it is made.

use crate::decode::case_rules::{
    BooleanCondition, BooleanOperands, CaseRuleDetails, ConditionalRule, OperandTwo,
};
use crate::decode::common::FieldValue;
use crate::error::ApiError;
use crate::store::records::{Domain, Template};

/// The value of `rule` for a case whose field values are `fields`.
pub fn evaluate(rule: &ConditionalRule, fields: &[(String, FieldValue)]) -> bool {
    rule.conditions
        .iter()
        .find_map(|c| outcome(c, fields))
        .unwrap_or(rule.default_value)
}

/// `Some(result)` when `condition` evaluates to true. A compound condition has no
/// `result` of its own; the mock's choice: a true `andAll` dictates the `result` of its
/// first condition, a true `orAll` that of its first true condition. An empty compound
/// dictates nothing.
fn outcome(condition: &BooleanCondition, fields: &[(String, FieldValue)]) -> Option<bool> {
    match condition {
        BooleanCondition::EqualTo(op) => equals(op, fields).then_some(op.result),
        BooleanCondition::NotEqualTo(op) => (!equals(op, fields)).then_some(op.result),
        BooleanCondition::AndAll(inner) => {
            let all: Option<Vec<bool>> = inner.iter().map(|c| outcome(c, fields)).collect();
            all?.first().copied()
        }
        BooleanCondition::OrAll(inner) => inner.iter().find_map(|c| outcome(c, fields)),
    }
}

/// Whether the case's value of `operandOne.fieldId` equals `operandTwo`: the same kind
/// and value (doubles numerically); `emptyValue` equals a field that is unset or set to
/// `emptyValue` (as SearchCases' `equalTo` reads it).
fn equals(op: &BooleanOperands, fields: &[(String, FieldValue)]) -> bool {
    let value = fields
        .iter()
        .find(|(id, _)| *id == op.field_id)
        .map(|(_, v)| v);
    match (&op.operand_two, value) {
        (OperandTwo::Empty, None | Some(FieldValue::Empty)) => true,
        (OperandTwo::String(s), Some(FieldValue::String(x))) => s == x,
        (OperandTwo::Boolean(b), Some(FieldValue::Boolean(x))) => b == x,
        (OperandTwo::Double(d), Some(FieldValue::Double(x))) => d == x,
        _ => false,
    }
}

/// The `(fieldId, caseRuleId)` pairs of `template`'s rules that make a field required
/// for a case with `fields`: live `required` rules associated with a live field. A
/// `TemplateRule` without `fieldId` acts upon no field; `hidden` and `fieldOptions`
/// rules describe what the agent's form shows, which the API does not enforce.
pub fn required_by_rules(
    domain: &Domain,
    template: &Template,
    fields: &[(String, FieldValue)],
) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for association in &template.rules {
        let Some(field_id) = &association.field_id else {
            continue;
        };
        if domain.field(field_id).is_none_or(|f| f.deleted) {
            continue;
        }
        let Some(rule) = domain.case_rules.live(&association.case_rule_id) else {
            continue;
        };
        if let CaseRuleDetails::Required(required) = &rule.rule
            && evaluate(required, fields)
        {
            out.push((field_id.clone(), rule.id.clone()));
        }
    }
    out
}

/// A 400 naming `fields` unless every field `template`'s `required` rules make required
/// has a value other than `emptyValue` in `fields` (as for the template's
/// `requiredFields`: "fields that must contain a value").
pub fn check_required_by_rules(
    domain: &Domain,
    template: &Template,
    fields: &[(String, FieldValue)],
) -> Result<(), ApiError> {
    for (field_id, rule_id) in required_by_rules(domain, template, fields) {
        let set = fields
            .iter()
            .any(|(id, v)| *id == field_id && *v != FieldValue::Empty);
        if !set {
            return Err(ApiError::validation(format!(
                "1 validation error detected: Value at 'fields' failed to satisfy constraint: \
                 Member must set field '{field_id}', which case rule '{rule_id}' of template \
                 '{}' requires",
                template.id
            )));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leaf(field: &str, two: OperandTwo, result: bool) -> BooleanOperands {
        BooleanOperands {
            field_id: field.into(),
            operand_two: two,
            result,
        }
    }

    fn closed() -> OperandTwo {
        OperandTwo::String("closed".into())
    }

    #[test]
    fn the_first_true_condition_dictates_the_value() {
        let rule = ConditionalRule {
            default_value: false,
            conditions: vec![
                BooleanCondition::EqualTo(leaf("status", closed(), true)),
                BooleanCondition::NotEqualTo(leaf("n", OperandTwo::Double(1.0), false)),
            ],
        };
        let with = |status: &str, n: f64| {
            vec![
                ("status".to_owned(), FieldValue::String(status.into())),
                ("n".to_owned(), FieldValue::Double(n)),
            ]
        };
        assert!(evaluate(&rule, &with("closed", 2.0)));
        assert!(
            !evaluate(&rule, &with("open", 2.0)),
            "second condition: false"
        );
        assert!(
            !evaluate(&rule, &with("open", 1.0)),
            "no condition: the default"
        );
        let default_true = ConditionalRule {
            default_value: true,
            conditions: Vec::new(),
        };
        assert!(evaluate(&default_true, &[]));
    }

    #[test]
    fn compounds_and_empty_values() {
        let and = BooleanCondition::AndAll(vec![
            BooleanCondition::EqualTo(leaf("status", closed(), true)),
            BooleanCondition::EqualTo(leaf("flag", OperandTwo::Boolean(true), false)),
        ]);
        let fields = vec![
            ("status".to_owned(), FieldValue::String("closed".into())),
            ("flag".to_owned(), FieldValue::Boolean(true)),
        ];
        assert_eq!(
            outcome(&and, &fields),
            Some(true),
            "the first condition's result"
        );
        assert_eq!(
            outcome(&and, &fields[..1]),
            None,
            "flag unset: not all hold"
        );
        let or = BooleanCondition::OrAll(vec![
            BooleanCondition::EqualTo(leaf("status", OperandTwo::String("open".into()), true)),
            BooleanCondition::EqualTo(leaf("flag", OperandTwo::Boolean(true), false)),
        ]);
        assert_eq!(
            outcome(&or, &fields),
            Some(false),
            "the first true condition's result"
        );
        assert_eq!(
            outcome(&BooleanCondition::AndAll(Vec::new()), &fields),
            None
        );
        let empty = BooleanCondition::EqualTo(leaf("missing", OperandTwo::Empty, true));
        assert_eq!(outcome(&empty, &fields), Some(true));
        let emptied = vec![("missing".to_owned(), FieldValue::Empty)];
        assert_eq!(outcome(&empty, &emptied), Some(true));
        let kinds =
            BooleanCondition::EqualTo(leaf("flag", OperandTwo::String("true".into()), true));
        assert_eq!(
            outcome(&kinds, &fields),
            None,
            "another kind is never equal"
        );
    }
}
