//! Typed inputs of the case-rule operations of 1.44.5 (CreateCaseRule, BatchGetCaseRule,
//! ListCaseRules, UpdateCaseRule, DeleteCaseRule), with the `CaseRuleDetails` union
//! (`required`, `hidden`, `fieldOptions`) and its recursive `BooleanCondition`s.
//!
//! Every constraint comes from `schemas/model/botocore-1.44.5/service-2.json`; the one
//! that is not a trait is `CompoundCondition.conditions`' note: "A case rule can have a
//! maximum of 5 conditions, spread across a maximum of 2 levels of nesting."

use serde::Deserialize;

use super::common::{EmptyRaw, label, path_only, query_page};
use super::json::{Obj, parse_body};
use super::search_cases::nesting_depth;
use super::validate::{Violations, index, join, proven};
use crate::config::MockConfig;
use crate::error::ApiError;
use crate::wire::query::Query;
use crate::wire::route::Route;

/// The model's `RuleType` enum, in its order: what ListCaseRules reports per rule.
pub const RULE_TYPES: [&str; 3] = ["Required", "Hidden", "FieldOptions"];

/// `CompoundCondition.conditions`' note: at most 5 conditions per case rule.
pub const MAX_CONDITIONS: usize = 5;

/// The same note: at most 2 levels of nesting (the rule's own list, then one compound).
pub const MAX_NESTING: usize = 2;

/// The deepest JSON a case-rule body may nest before it is parsed: 2 levels of
/// `BooleanCondition` need about 14, so 32 leaves room and keeps the parser's work and
/// stack bounded (the model itself is recursive without a limit).
const MAX_BODY_DEPTH: usize = 32;

/// A validated `CaseRuleDetails`: exactly one of its three members.
#[derive(Clone, Debug, PartialEq)]
pub enum CaseRuleDetails {
    /// `required`: whether the field a template associates is required.
    Required(ConditionalRule),
    /// `hidden`: whether that field is hidden.
    Hidden(ConditionalRule),
    /// `fieldOptions`: which child options each parent option allows.
    FieldOptions(FieldOptionsRule),
}

impl CaseRuleDetails {
    /// The `RuleType` value ListCaseRules reports for this rule.
    pub fn rule_type(&self) -> &'static str {
        match self {
            Self::Required(_) => RULE_TYPES[0],
            Self::Hidden(_) => RULE_TYPES[1],
            Self::FieldOptions(_) => RULE_TYPES[2],
        }
    }

    /// Every field id the rule names, with its member path (operands depth first, then
    /// the parent and child of a `fieldOptions` rule): each must be a field of the domain.
    pub fn field_ids(&self) -> Vec<(String, &str)> {
        let mut out = Vec::new();
        match self {
            Self::Required(rule) => operand_fields("rule.required", &rule.conditions, &mut out),
            Self::Hidden(rule) => operand_fields("rule.hidden", &rule.conditions, &mut out),
            Self::FieldOptions(rule) => {
                for (member, id) in [
                    ("parentFieldId", &rule.parent_field_id),
                    ("childFieldId", &rule.child_field_id),
                ] {
                    if let Some(id) = id {
                        out.push((format!("rule.fieldOptions.{member}"), id.as_str()));
                    }
                }
            }
        }
        out
    }
}

fn operand_fields<'a>(
    path: &str,
    conditions: &'a [BooleanCondition],
    out: &mut Vec<(String, &'a str)>,
) {
    let list = join(path, "conditions");
    for (i, condition) in conditions.iter().enumerate() {
        let at = index(&list, i);
        match condition {
            BooleanCondition::EqualTo(op) => {
                out.push((format!("{at}.equalTo.operandOne.fieldId"), &op.field_id));
            }
            BooleanCondition::NotEqualTo(op) => {
                out.push((format!("{at}.notEqualTo.operandOne.fieldId"), &op.field_id));
            }
            BooleanCondition::AndAll(inner) => operand_fields(&join(&at, "andAll"), inner, out),
            BooleanCondition::OrAll(inner) => operand_fields(&join(&at, "orAll"), inner, out),
        }
    }
}

/// `RequiredCaseRule` and `HiddenCaseRule` (the same members).
#[derive(Clone, Debug, PartialEq)]
pub struct ConditionalRule {
    /// `defaultValue`: the rule's value "should none of the conditions evaluate to true".
    pub default_value: bool,
    /// `conditions`: "the first condition to evaluate to true dictates the value".
    pub conditions: Vec<BooleanCondition>,
}

/// A validated `BooleanCondition` union.
#[derive(Clone, Debug, PartialEq)]
pub enum BooleanCondition {
    /// `equalTo`: "Tests that operandOne is equal to operandTwo."
    EqualTo(BooleanOperands),
    /// `notEqualTo`: "Tests that operandOne is not equal to operandTwo."
    NotEqualTo(BooleanOperands),
    /// `andAll.conditions`: "All conditions must be true".
    AndAll(Vec<BooleanCondition>),
    /// `orAll.conditions`: "At least one condition must be true".
    OrAll(Vec<BooleanCondition>),
}

/// A validated `BooleanOperands`.
#[derive(Clone, Debug, PartialEq)]
pub struct BooleanOperands {
    /// `operandOne.fieldId` (the union's one member).
    pub field_id: String,
    /// `operandTwo`.
    pub operand_two: OperandTwo,
    /// `result`: "The value of the outer rule if the condition evaluates to true."
    pub result: bool,
}

/// A validated `OperandTwo` union.
#[derive(Clone, Debug, PartialEq)]
pub enum OperandTwo {
    /// `stringValue` (1..=1500).
    String(String),
    /// `booleanValue`.
    Boolean(bool),
    /// `doubleValue`.
    Double(f64),
    /// `emptyValue: {}`.
    Empty,
}

/// A validated `FieldOptionsCaseRule`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldOptionsRule {
    /// `parentFieldId`, when given (optional in the model).
    pub parent_field_id: Option<String>,
    /// `childFieldId`, when given (optional in the model).
    pub child_field_id: Option<String>,
    /// `parentChildFieldOptionsMappings` (1..=200): each parent value with the child
    /// values it allows (0..=1500).
    pub mappings: Vec<(String, Vec<String>)>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CaseRuleDetailsRaw {
    required: Option<Obj<ConditionalRuleRaw>>,
    hidden: Option<Obj<ConditionalRuleRaw>>,
    field_options: Option<Obj<FieldOptionsRaw>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ConditionalRuleRaw {
    default_value: Option<bool>,
    conditions: Option<Vec<Obj<BooleanConditionRaw>>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct BooleanConditionRaw {
    equal_to: Option<Obj<BooleanOperandsRaw>>,
    not_equal_to: Option<Obj<BooleanOperandsRaw>>,
    and_all: Option<Obj<CompoundRaw>>,
    or_all: Option<Obj<CompoundRaw>>,
}

#[derive(Deserialize)]
struct CompoundRaw {
    conditions: Option<Vec<Obj<BooleanConditionRaw>>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct BooleanOperandsRaw {
    operand_one: Option<Obj<OperandOneRaw>>,
    operand_two: Option<Obj<OperandTwoRaw>>,
    result: Option<bool>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct OperandOneRaw {
    field_id: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct OperandTwoRaw {
    string_value: Option<String>,
    boolean_value: Option<bool>,
    double_value: Option<f64>,
    empty_value: Option<Obj<EmptyRaw>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct FieldOptionsRaw {
    parent_field_id: Option<String>,
    child_field_id: Option<String>,
    parent_child_field_options_mappings: Option<Vec<Obj<MappingRaw>>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct MappingRaw {
    parent_field_option_value: Option<String>,
    child_field_option_values: Option<Vec<String>>,
}

/// Validates `CaseRuleDetails` at `rule`: exactly one member, each with its required
/// members and bounds, and the note's limits on conditions.
fn rule_details(v: &mut Violations, raw: CaseRuleDetailsRaw) -> Option<CaseRuleDetails> {
    let mut present = Vec::new();
    if raw.required.is_some() {
        present.push("required");
    }
    if raw.hidden.is_some() {
        present.push("hidden");
    }
    if raw.field_options.is_some() {
        present.push("fieldOptions");
    }
    if !v.union_one("rule", &present, &["required", "fieldOptions", "hidden"]) {
        return None;
    }
    if let Some(Obj(r)) = raw.required {
        return conditional(v, "rule.required", r).map(CaseRuleDetails::Required);
    }
    if let Some(Obj(r)) = raw.hidden {
        return conditional(v, "rule.hidden", r).map(CaseRuleDetails::Hidden);
    }
    let Obj(r) = raw.field_options?;
    field_options(v, r).map(CaseRuleDetails::FieldOptions)
}

fn conditional(v: &mut Violations, path: &str, raw: ConditionalRuleRaw) -> Option<ConditionalRule> {
    let default_value = v.required(&join(path, "defaultValue"), raw.default_value);
    let list_path = join(path, "conditions");
    let conditions = v
        .required(&list_path, raw.conditions)
        .map(|list| conditions(v, &list_path, list, 1));
    let conditions = conditions?;
    let leaves = count_leaves(&conditions);
    if leaves > MAX_CONDITIONS {
        v.constraint(
            &list_path,
            &format!(
                "have at most {MAX_CONDITIONS} conditions in the whole rule (it has {leaves}; \
                 CompoundCondition: \"A case rule can have a maximum of 5 conditions\")"
            ),
        );
    }
    Some(ConditionalRule {
        default_value: default_value?,
        conditions,
    })
}

/// The comparisons (`equalTo`, `notEqualTo`) of a condition list, at any depth.
fn count_leaves(conditions: &[BooleanCondition]) -> usize {
    conditions
        .iter()
        .map(|c| match c {
            BooleanCondition::EqualTo(_) | BooleanCondition::NotEqualTo(_) => 1,
            BooleanCondition::AndAll(inner) | BooleanCondition::OrAll(inner) => count_leaves(inner),
        })
        .sum()
}

/// A `BooleanConditionList` (0..=100) at nesting `level` (1 for the rule's own list).
fn conditions(
    v: &mut Violations,
    path: &str,
    list: Vec<Obj<BooleanConditionRaw>>,
    level: usize,
) -> Vec<BooleanCondition> {
    v.size(path, list.len(), 0, 100);
    let mut out = Vec::with_capacity(list.len());
    for (i, Obj(raw)) in list.into_iter().enumerate() {
        if let Some(c) = condition(v, &index(path, i), raw, level) {
            out.push(c);
        }
    }
    out
}

fn condition(
    v: &mut Violations,
    path: &str,
    raw: BooleanConditionRaw,
    level: usize,
) -> Option<BooleanCondition> {
    let mut present = Vec::new();
    for (name, set) in [
        ("equalTo", raw.equal_to.is_some()),
        ("notEqualTo", raw.not_equal_to.is_some()),
        ("andAll", raw.and_all.is_some()),
        ("orAll", raw.or_all.is_some()),
    ] {
        if set {
            present.push(name);
        }
    }
    let members = ["equalTo", "notEqualTo", "andAll", "orAll"];
    if !v.union_one(path, &present, &members) {
        return None;
    }
    if let Some(Obj(op)) = raw.equal_to {
        return operands(v, &join(path, "equalTo"), op).map(BooleanCondition::EqualTo);
    }
    if let Some(Obj(op)) = raw.not_equal_to {
        return operands(v, &join(path, "notEqualTo"), op).map(BooleanCondition::NotEqualTo);
    }
    let (member, compound, make): (_, _, fn(Vec<BooleanCondition>) -> BooleanCondition) =
        match (raw.and_all, raw.or_all) {
            (Some(Obj(c)), _) => ("andAll", c, BooleanCondition::AndAll),
            (_, Some(Obj(c))) => ("orAll", c, BooleanCondition::OrAll),
            _ => return None,
        };
    let compound_path = join(path, member);
    if level >= MAX_NESTING {
        v.constraint(
            &compound_path,
            &format!(
                "be nested at most {MAX_NESTING} levels deep (CompoundCondition: \"spread \
                 across a maximum of 2 levels of nesting\")"
            ),
        );
        return None;
    }
    let list_path = join(&compound_path, "conditions");
    let list = v.required(&list_path, compound.conditions)?;
    Some(make(conditions(v, &list_path, list, level + 1)))
}

fn operands(v: &mut Violations, path: &str, raw: BooleanOperandsRaw) -> Option<BooleanOperands> {
    let one_path = join(path, "operandOne");
    let field_id = v.required(&one_path, raw.operand_one).and_then(|Obj(one)| {
        let present: Vec<&str> = one.field_id.iter().map(|_| "fieldId").collect();
        if !v.union_one(&one_path, &present, &["fieldId"]) {
            return None;
        }
        let id = one.field_id?;
        v.length(&join(&one_path, "fieldId"), &id, 1, 500)
            .then_some(id)
    });
    let two_path = join(path, "operandTwo");
    let operand_two = v
        .required(&two_path, raw.operand_two)
        .and_then(|Obj(two)| operand_two(v, &two_path, two));
    let result = v.required(&join(path, "result"), raw.result);
    Some(BooleanOperands {
        field_id: field_id?,
        operand_two: operand_two?,
        result: result?,
    })
}

fn operand_two(v: &mut Violations, path: &str, raw: OperandTwoRaw) -> Option<OperandTwo> {
    let mut present = Vec::new();
    let mut value = None;
    if let Some(s) = raw.string_value {
        present.push("stringValue");
        if v.length(&join(path, "stringValue"), &s, 1, 1500) {
            value = Some(OperandTwo::String(s));
        }
    }
    if let Some(b) = raw.boolean_value {
        present.push("booleanValue");
        value = Some(OperandTwo::Boolean(b));
    }
    if let Some(d) = raw.double_value {
        present.push("doubleValue");
        value = Some(OperandTwo::Double(d));
    }
    if raw.empty_value.is_some() {
        present.push("emptyValue");
        value = Some(OperandTwo::Empty);
    }
    let members = ["stringValue", "booleanValue", "doubleValue", "emptyValue"];
    if v.union_one(path, &present, &members) {
        value
    } else {
        None
    }
}

fn field_options(v: &mut Violations, raw: FieldOptionsRaw) -> Option<FieldOptionsRule> {
    let path = "rule.fieldOptions";
    for (member, id) in [
        ("parentFieldId", &raw.parent_field_id),
        ("childFieldId", &raw.child_field_id),
    ] {
        if let Some(id) = id {
            v.length(&join(path, member), id, 1, 500);
        }
    }
    let list_path = join(path, "parentChildFieldOptionsMappings");
    let list = v.required(&list_path, raw.parent_child_field_options_mappings)?;
    v.size(&list_path, list.len(), 1, 200);
    let mut mappings = Vec::with_capacity(list.len());
    for (i, Obj(m)) in list.into_iter().enumerate() {
        let at = index(&list_path, i);
        let parent_path = join(&at, "parentFieldOptionValue");
        let parent = v.required(&parent_path, m.parent_field_option_value);
        if let Some(p) = &parent {
            option_value(v, &parent_path, p);
        }
        let children_path = join(&at, "childFieldOptionValues");
        let children = v.required(&children_path, m.child_field_option_values);
        if let Some(children) = &children {
            v.size(&children_path, children.len(), 0, 1500);
            for (c, child) in children.iter().enumerate() {
                option_value(v, &index(&children_path, c), child);
            }
        }
        if let (Some(parent), Some(children)) = (parent, children) {
            mappings.push((parent, children));
        }
    }
    Some(FieldOptionsRule {
        parent_field_id: raw.parent_field_id,
        child_field_id: raw.child_field_id,
        mappings,
    })
}

/// `ParentChildFieldOptionValue`: 0..=100 characters matching `$|^.*[\S]`, read as a full
/// match: empty, or one line ending in a non-whitespace character.
fn option_value(v: &mut Violations, path: &str, value: &str) {
    if v.length(path, value, 0, 100) && !value.is_empty() {
        let line_break = value
            .chars()
            .any(|c| matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}'));
        let ends_visible = value.chars().last().is_some_and(|c| !c.is_whitespace());
        v.pattern(path, value, !line_break && ends_visible, "$|^.*[\\S]");
    }
}

/// Name (`CaseRuleName`, 1..=100, pattern `.*[\S]`) and description
/// (`CaseRuleDescription`, 0..=255).
fn name_and_description(v: &mut Violations, name: Option<&str>, description: Option<&str>) {
    if let Some(name) = name
        && v.length("name", name, 1, 100)
    {
        v.name_pattern_as("name", name, ".*[\\S]");
    }
    if let Some(d) = description {
        v.length("description", d, 0, 255);
    }
}

/// Refuses a body nested deeper than [`MAX_BODY_DEPTH`] before parsing it.
fn check_depth(body: &[u8]) -> Result<(), ApiError> {
    let depth = nesting_depth(body);
    if depth > MAX_BODY_DEPTH {
        return Err(ApiError::validation(format!(
            "1 validation error detected: Value at 'rule' failed to satisfy constraint: \
             Member must be nested at most {MAX_BODY_DEPTH} JSON levels deep in the request \
             body (the body nests {depth})"
        )));
    }
    Ok(())
}

/// A validated CreateCaseRule request.
#[derive(Clone, Debug, PartialEq)]
pub struct CreateCaseRuleInput {
    /// Domain of the new rule.
    pub domain_id: String,
    /// `name` (required).
    pub name: String,
    /// `description`, when given.
    pub description: Option<String>,
    /// `rule` (required).
    pub rule: CaseRuleDetails,
}

#[derive(Deserialize)]
struct CaseRuleBody {
    name: Option<String>,
    description: Option<String>,
    rule: Option<Obj<CaseRuleDetailsRaw>>,
}

/// Decodes CreateCaseRule (`name` and `rule` required).
pub fn create_case_rule(route: &Route, body: &[u8]) -> Result<CreateCaseRuleInput, ApiError> {
    check_depth(body)?;
    let raw: CaseRuleBody = parse_body(body)?;
    let mut v = Violations::new();
    let domain_id = label(&mut v, route, "domainId");
    let name = v.required("name", raw.name);
    name_and_description(&mut v, name.as_deref(), raw.description.as_deref());
    let rule = v
        .required("rule", raw.rule)
        .and_then(|Obj(r)| rule_details(&mut v, r));
    v.finish()?;
    Ok(CreateCaseRuleInput {
        domain_id,
        name: proven(name, "name")?,
        description: raw.description,
        rule: proven(rule, "rule")?,
    })
}

/// A validated UpdateCaseRule request: every body member optional.
#[derive(Clone, Debug, PartialEq)]
pub struct UpdateCaseRuleInput {
    /// Domain of the rule.
    pub domain_id: String,
    /// The rule to update.
    pub case_rule_id: String,
    /// New name, when sent.
    pub name: Option<String>,
    /// New description, when sent.
    pub description: Option<String>,
    /// New rule details (replacing the whole union), when sent.
    pub rule: Option<CaseRuleDetails>,
}

/// Decodes UpdateCaseRule (`UpdateCaseRuleRequest` requires only the path labels).
pub fn update_case_rule(route: &Route, body: &[u8]) -> Result<UpdateCaseRuleInput, ApiError> {
    check_depth(body)?;
    let raw: CaseRuleBody = parse_body(body)?;
    let mut v = Violations::new();
    let domain_id = label(&mut v, route, "domainId");
    let case_rule_id = label(&mut v, route, "caseRuleId");
    name_and_description(&mut v, raw.name.as_deref(), raw.description.as_deref());
    let rule = match raw.rule {
        Some(Obj(r)) => {
            let details = rule_details(&mut v, r);
            v.finish()?;
            Some(proven(details, "rule")?)
        }
        None => {
            v.finish()?;
            None
        }
    };
    Ok(UpdateCaseRuleInput {
        domain_id,
        case_rule_id,
        name: raw.name,
        description: raw.description,
        rule,
    })
}

/// A validated DeleteCaseRule request (path only).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CaseRulePathInput {
    /// Domain of the rule.
    pub domain_id: String,
    /// The rule.
    pub case_rule_id: String,
}

/// Decodes DeleteCaseRule (path labels only; a body must still be a JSON object).
pub fn delete_case_rule(route: &Route, body: &[u8]) -> Result<CaseRulePathInput, ApiError> {
    let [domain_id, case_rule_id] = path_only(route, body, ["domainId", "caseRuleId"])?;
    Ok(CaseRulePathInput {
        domain_id,
        case_rule_id,
    })
}

/// A validated BatchGetCaseRule request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BatchGetCaseRuleInput {
    /// Domain to read from.
    pub domain_id: String,
    /// `caseRules[].id` in request order (1..=50).
    pub ids: Vec<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct BatchGetBody {
    case_rules: Option<Vec<Obj<CaseRuleIdentifierRaw>>>,
}

#[derive(Deserialize)]
struct CaseRuleIdentifierRaw {
    id: Option<String>,
}

/// Decodes BatchGetCaseRule (`caseRules` required, 1..=50 `CaseRuleIdentifier`s, each
/// `id` required, 1..=500).
pub fn batch_get_case_rule(route: &Route, body: &[u8]) -> Result<BatchGetCaseRuleInput, ApiError> {
    let raw: BatchGetBody = parse_body(body)?;
    let mut v = Violations::new();
    let domain_id = label(&mut v, route, "domainId");
    let mut ids = Vec::new();
    if let Some(list) = v.required("caseRules", raw.case_rules) {
        v.size("caseRules", list.len(), 1, 50);
        for (i, Obj(item)) in list.into_iter().enumerate() {
            let path = join(&index("caseRules", i), "id");
            if let Some(id) = v.required(&path, item.id) {
                v.length(&path, &id, 1, 500);
                ids.push(id);
            }
        }
    }
    v.finish()?;
    Ok(BatchGetCaseRuleInput { domain_id, ids })
}

/// A validated ListCaseRules request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListCaseRulesInput {
    /// Domain whose rules are listed.
    pub domain_id: String,
    /// Page size, 1..=100 (default 100).
    pub max_results: usize,
    /// Continuation token.
    pub next_token: Option<String>,
}

/// Decodes ListCaseRules (query string `maxResults`, `nextToken`; `MaxResults` 1..=100).
pub fn list_case_rules(
    route: &Route,
    query: &Query,
    body: &[u8],
    config: &MockConfig,
) -> Result<ListCaseRulesInput, ApiError> {
    let _: serde::de::IgnoredAny = parse_body(body)?;
    let mut v = Violations::new();
    let domain_id = label(&mut v, route, "domainId");
    let (max_results, next_token) = query_page(&mut v, query, 100, config);
    v.finish()?;
    Ok(ListCaseRulesInput {
        domain_id,
        max_results,
        next_token,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::route::resolve_newest as resolve;

    fn create(body: &str) -> Result<CreateCaseRuleInput, ApiError> {
        let route = resolve("POST", "/domains/d/case-rules").expect("route");
        create_case_rule(&route, body.as_bytes())
    }

    fn eq(field: &str, value: &str, result: bool) -> String {
        format!(
            r#"{{"equalTo":{{"operandOne":{{"fieldId":"{field}"}},"operandTwo":{{"stringValue":"{value}"}},"result":{result}}}}}"#
        )
    }

    #[test]
    fn create_reads_each_rule_kind() {
        let body = format!(
            r#"{{"name":"R","description":"d","rule":{{"required":{{"defaultValue":false,"conditions":[{},{{"orAll":{{"conditions":[{}]}}}}]}}}}}}"#,
            eq("status", "closed", true),
            eq("f", "x", false)
        );
        let ok = create(&body).expect("required rule");
        assert_eq!(ok.rule.rule_type(), "Required");
        let ids: Vec<(String, &str)> = ok.rule.field_ids();
        assert_eq!(ids[0].1, "status");
        assert_eq!(
            ids[1].0,
            "rule.required.conditions[1].orAll.conditions[0].equalTo.operandOne.fieldId"
        );
        let CaseRuleDetails::Required(rule) = &ok.rule else {
            panic!("required")
        };
        assert!(!rule.default_value);
        assert!(matches!(&rule.conditions[1], BooleanCondition::OrAll(inner) if inner.len() == 1));

        let hidden = create(
            r#"{"name":"H","rule":{"hidden":{"defaultValue":true,"conditions":[{"notEqualTo":{"operandOne":{"fieldId":"a"},"operandTwo":{"emptyValue":{}},"result":false}}]}}}"#,
        )
        .expect("hidden rule");
        assert_eq!(hidden.rule.rule_type(), "Hidden");

        let options = create(
            r#"{"name":"O","rule":{"fieldOptions":{"parentFieldId":"p","childFieldId":"c","parentChildFieldOptionsMappings":[{"parentFieldOptionValue":"a","childFieldOptionValues":["x",""]}]}}}"#,
        )
        .expect("field options rule");
        let CaseRuleDetails::FieldOptions(rule) = &options.rule else {
            panic!("fieldOptions")
        };
        assert_eq!(
            rule.mappings,
            [("a".to_owned(), vec!["x".to_owned(), String::new()])]
        );
        assert_eq!(options.rule.field_ids().len(), 2);
    }

    #[test]
    fn create_checks_required_members_and_unions() {
        let cases: [(&str, &str); 8] = [
            (r#"{}"#, "'name'"),
            (r#"{"name":"R"}"#, "'rule'"),
            (r#"{"name":"R","rule":{}}"#, "'rule'"),
            (
                r#"{"name":"R","rule":{"required":{"defaultValue":true,"conditions":[]},"hidden":{"defaultValue":true,"conditions":[]}}}"#,
                "found: required, hidden",
            ),
            (
                r#"{"name":"R","rule":{"required":{"conditions":[]}}}"#,
                "'rule.required.defaultValue'",
            ),
            (
                r#"{"name":"R","rule":{"hidden":{"defaultValue":true}}}"#,
                "'rule.hidden.conditions'",
            ),
            (
                r#"{"name":"R","rule":{"required":{"defaultValue":true,"conditions":[{"equalTo":{"operandOne":{},"operandTwo":{"stringValue":""},"result":true}}]}}}"#,
                "'rule.required.conditions[0].equalTo.operandOne'",
            ),
            (
                r#"{"name":"R","rule":{"fieldOptions":{"parentChildFieldOptionsMappings":[]}}}"#,
                "'rule.fieldOptions.parentChildFieldOptionsMappings'",
            ),
        ];
        for (body, needle) in cases {
            let err = create(body).expect_err(body);
            assert!(err.message.contains(needle), "{body}: {}", err.message);
        }
        let err = create(
            r#"{"name":"R","rule":{"required":{"defaultValue":true,"conditions":[{"equalTo":{"operandOne":{"fieldId":"a"},"operandTwo":{"stringValue":""},"result":true}}]}}}"#,
        )
        .expect_err("empty operand string");
        assert!(
            err.message
                .contains("'rule.required.conditions[0].equalTo.operandTwo.stringValue'"),
            "{}",
            err.message
        );
    }

    #[test]
    fn names_descriptions_and_option_values_are_bounded() {
        let rule = r#""rule":{"required":{"defaultValue":true,"conditions":[]}}"#;
        let err = create(&format!(r#"{{"name":"R ",{rule}}}"#)).expect_err("pattern");
        assert!(err.message.contains(".*[\\S]"), "{}", err.message);
        let err = create(&format!(r#"{{"name":"{}",{rule}}}"#, "n".repeat(101))).expect_err("long");
        assert!(err.message.contains("'name'"), "{}", err.message);
        let err = create(&format!(
            r#"{{"name":"R","description":"{}",{rule}}}"#,
            "d".repeat(256)
        ))
        .expect_err("description");
        assert!(err.message.contains("'description'"), "{}", err.message);
        let err = create(
            r#"{"name":"O","rule":{"fieldOptions":{"parentChildFieldOptionsMappings":[{"parentFieldOptionValue":"a ","childFieldOptionValues":[]}]}}}"#,
        )
        .expect_err("option pattern");
        assert!(
            err.message.contains(
                "'rule.fieldOptions.parentChildFieldOptionsMappings[0].parentFieldOptionValue'"
            ),
            "{}",
            err.message
        );
    }

    #[test]
    fn at_most_five_conditions_over_two_levels() {
        let five: Vec<String> = (0..5).map(|i| eq("f", &format!("v{i}"), true)).collect();
        let body = |list: &[String]| {
            format!(
                r#"{{"name":"R","rule":{{"required":{{"defaultValue":false,"conditions":[{}]}}}}}}"#,
                list.join(",")
            )
        };
        create(&body(&five)).expect("five conditions");
        let mut six = five.clone();
        six.push(format!(
            r#"{{"andAll":{{"conditions":[{}]}}}}"#,
            eq("g", "x", true)
        ));
        let err = create(&body(&six)).expect_err("six conditions");
        assert!(
            err.message.contains("at most 5 conditions"),
            "{}",
            err.message
        );
        let deep = format!(
            r#"{{"andAll":{{"conditions":[{{"orAll":{{"conditions":[{}]}}}}]}}}}"#,
            eq("f", "x", true)
        );
        let err = create(&body(&[deep])).expect_err("three levels");
        assert!(
            err.message
                .contains("'rule.required.conditions[0].andAll.conditions[0].orAll'"),
            "{}",
            err.message
        );
        let nested = "[".repeat(40) + &"]".repeat(40);
        let err = create(&format!(r#"{{"name":"R","x":{nested}}}"#)).expect_err("too deep");
        assert!(err.message.contains("'rule'"), "{}", err.message);
    }

    #[test]
    fn update_members_are_optional_and_batch_get_is_bounded() {
        let route = resolve("PUT", "/domains/d/case-rules/r").expect("route");
        let none = update_case_rule(&route, b"{}").expect("no members");
        assert_eq!(
            (none.name, none.rule, none.case_rule_id.as_str()),
            (None, None, "r")
        );
        let err = update_case_rule(&route, br#"{"rule":{}}"#).expect_err("empty union");
        assert!(err.message.contains("'rule'"), "{}", err.message);

        let route = resolve("POST", "/domains/d/rules-batch").expect("route");
        let ok = batch_get_case_rule(&route, br#"{"caseRules":[{"id":"a"},{"id":"b"}]}"#)
            .expect("batch");
        assert_eq!(ok.ids, ["a", "b"]);
        for body in [
            &br#"{}"#[..],
            br#"{"caseRules":[]}"#,
            br#"{"caseRules":[{}]}"#,
        ] {
            let err = batch_get_case_rule(&route, body).expect_err("invalid");
            assert!(err.message.contains("'caseRules"), "{}", err.message);
        }
        let many: Vec<String> = (0..51).map(|i| format!(r#"{{"id":"r{i}"}}"#)).collect();
        let body = format!(r#"{{"caseRules":[{}]}}"#, many.join(","));
        let err = batch_get_case_rule(&route, body.as_bytes()).expect_err("51 ids");
        assert!(
            err.message.contains("less than or equal to 50"),
            "{}",
            err.message
        );
    }

    #[test]
    fn list_bounds_the_page_size() {
        let route = resolve("POST", "/domains/d/rules-list/").expect("route");
        let config = MockConfig::default();
        let q = Query::parse(Some("maxResults=101")).expect("query");
        let err = list_case_rules(&route, &q, b"", &config).expect_err("101");
        assert!(err.message.contains("'maxResults'"), "{}", err.message);
        let q = Query::parse(Some("maxResults=3")).expect("query");
        let ok = list_case_rules(&route, &q, b"", &config).expect("valid");
        assert_eq!(ok.max_results, 3);
    }
}
