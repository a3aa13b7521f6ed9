//! The case rules of one domain (1.44.5), in creation order with an index by id.

use std::collections::HashMap;

use crate::decode::case_rules::CaseRuleDetails;
use crate::error::ApiError;
use crate::time::Millis;

/// A case rule ("case field condition" in the admin website).
#[derive(Clone, Debug)]
pub struct CaseRule {
    /// Case rule id.
    pub id: String,
    /// Case rule ARN.
    pub arn: String,
    /// `name`.
    pub name: String,
    /// `description`, when given.
    pub description: Option<String>,
    /// `rule`, as last put.
    pub rule: CaseRuleDetails,
    /// Creation time.
    pub created: Millis,
    /// Time of the last UpdateCaseRule or DeleteCaseRule (the creation time before).
    pub last_modified: Millis,
    /// Whether DeleteCaseRule deleted it (BatchGetCaseRule still reads it).
    pub deleted: bool,
}

/// A domain's case rules, deleted ones included (flagged), in creation order.
#[derive(Debug, Default)]
pub struct CaseRules {
    rules: Vec<CaseRule>,
    index: HashMap<String, usize>,
}

impl CaseRules {
    /// Adds a rule (its id must be fresh).
    pub fn insert(&mut self, rule: CaseRule) {
        self.index.insert(rule.id.clone(), self.rules.len());
        self.rules.push(rule);
    }

    /// The rule `id`, deleted or not, if it exists.
    pub fn get(&self, id: &str) -> Option<&CaseRule> {
        self.index.get(id).and_then(|&i| self.rules.get(i))
    }

    /// The rule `id`, deleted or not, or a 404 naming it (`resourceType` `CaseRule`).
    pub fn existing(&self, id: &str) -> Result<&CaseRule, ApiError> {
        self.get(id)
            .ok_or_else(|| ApiError::not_found("CaseRule", id))
    }

    /// The rule `id` for update, or a 404 naming it.
    pub fn existing_mut(&mut self, id: &str) -> Result<&mut CaseRule, ApiError> {
        match self.index.get(id).copied() {
            Some(i) => self
                .rules
                .get_mut(i)
                .ok_or_else(|| ApiError::not_found("CaseRule", id)),
            None => Err(ApiError::not_found("CaseRule", id)),
        }
    }

    /// Every rule in creation order, deleted ones included.
    pub fn all(&self) -> &[CaseRule] {
        &self.rules
    }

    /// The live (not deleted) rule `id`, if there is one.
    pub fn live(&self, id: &str) -> Option<&CaseRule> {
        self.get(id).filter(|r| !r.deleted)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decode::case_rules::ConditionalRule;

    fn rule(id: &str) -> CaseRule {
        CaseRule {
            id: id.into(),
            arn: format!("arn:{id}"),
            name: id.to_uppercase(),
            description: None,
            rule: CaseRuleDetails::Required(ConditionalRule {
                default_value: true,
                conditions: Vec::new(),
            }),
            created: 1,
            last_modified: 1,
            deleted: false,
        }
    }

    #[test]
    fn rules_are_found_by_id_and_kept_in_order() {
        let mut rules = CaseRules::default();
        rules.insert(rule("a"));
        rules.insert(rule("b"));
        assert_eq!(rules.existing("b").expect("b").name, "B");
        let err = rules.existing("c").expect_err("unknown");
        assert_eq!(err.resource, Some(("c".into(), "CaseRule".into())));
        rules.existing_mut("a").expect("a").deleted = true;
        assert!(rules.live("a").is_none());
        assert!(rules.get("a").is_some());
        let ids: Vec<&str> = rules.all().iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["a", "b"]);
    }
}
