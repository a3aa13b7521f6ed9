//! The content and search-filter members of the three related-item kinds 1.44.5 added:
//! `sla` (`SlaInputContent`, `SlaFilter`), `connectCase` (`ConnectCaseInputContent`,
//! `ConnectCaseFilter`) and `custom` (`CustomInputContent`, `CustomFilter` with its
//! `CustomFieldsFilter` tree), and the 1.44.5 `FieldValueUnion` their field values use.
//! Whether a release has these kinds at all is `kinds.rs`'s decision, not this module's.

use serde::Deserialize;

use super::common::{EmptyRaw, FieldValue};
use super::json::Obj;
use super::related_deltas::check_case_id;
use super::related_items::RelatedItemFilter;
use super::search_cases::{CaseFilter, Comparison, FieldComparison};
use super::validate::{Violations, index, join};
use crate::config::MockConfig;

/// The model's `SlaType` enum.
pub const SLA_TYPES: [&str; 1] = ["CaseField"];

/// The model's `SlaStatus` enum.
pub const SLA_STATUSES: [&str; 4] = ["Active", "Overdue", "Met", "NotMet"];

/// `TargetSlaMinutes`: 1..=1051200 (two years).
pub const MAX_TARGET_SLA_MINUTES: i64 = 1_051_200;

/// A validated `slaInputConfiguration`.
#[derive(Clone, Debug, PartialEq)]
pub struct SlaInput {
    /// `name` (`SlaName`: 1..=500, pattern `.*[\S]`).
    pub name: String,
    /// `type`: always `CaseField`, the enum's one value.
    pub sla_type: String,
    /// `fieldId`, the case field whose value completes the SLA (optional in the model).
    pub field_id: Option<String>,
    /// `targetFieldValues` (exactly one when given): the values that complete it.
    pub target_field_values: Vec<FieldValue>,
    /// `targetSlaMinutes`: how long after association the SLA is due.
    pub target_sla_minutes: i64,
}

/// The raw `SlaInputContent` union (one member).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SlaInputContentRaw {
    sla_input_configuration: Option<Obj<SlaInputConfigurationRaw>>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SlaInputConfigurationRaw {
    name: Option<String>,
    #[serde(rename = "type")]
    sla_type: Option<String>,
    field_id: Option<String>,
    target_field_values: Option<Vec<Obj<FieldValueUnionRaw>>>,
    target_sla_minutes: Option<i64>,
}

/// The raw `ConnectCaseInputContent` / `ConnectCaseFilter` (`caseId`).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CaseIdRaw {
    case_id: Option<String>,
}

/// The raw `CustomInputContent` / `CustomUpdateContent` (`fields`).
#[derive(Debug, Deserialize)]
pub struct CustomFieldsRaw {
    fields: Option<Vec<Obj<FieldValueRaw>>>,
}

/// The raw `FieldValue` (`id`, `value`).
#[derive(Debug, Deserialize)]
pub struct FieldValueRaw {
    id: Option<String>,
    value: Option<Obj<FieldValueUnionRaw>>,
}

/// The raw 1.44.5 `FieldValueUnion`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FieldValueUnionRaw {
    boolean_value: Option<bool>,
    double_value: Option<f64>,
    empty_value: Option<Obj<EmptyRaw>>,
    string_value: Option<String>,
    user_arn_value: Option<String>,
}

/// Validates a 1.44.5 `FieldValueUnion` at `path`: exactly one member, a `stringValue`
/// of at most 4100 characters (`FieldValueUnionStringValueString`; 1500 in 1.34.98).
pub fn field_value(v: &mut Violations, path: &str, raw: FieldValueUnionRaw) -> Option<FieldValue> {
    let mut present = Vec::new();
    let mut value = None;
    if let Some(b) = raw.boolean_value {
        present.push("booleanValue");
        value = Some(FieldValue::Boolean(b));
    }
    if let Some(d) = raw.double_value {
        present.push("doubleValue");
        value = Some(FieldValue::Double(d));
    }
    if raw.empty_value.is_some() {
        present.push("emptyValue");
        value = Some(FieldValue::Empty);
    }
    if let Some(s) = raw.string_value {
        v.length(&join(path, "stringValue"), &s, 0, 4100);
        present.push("stringValue");
        value = Some(FieldValue::String(s));
    }
    if let Some(s) = raw.user_arn_value {
        present.push("userArnValue");
        value = Some(FieldValue::UserArn(s));
    }
    let members = [
        "stringValue",
        "doubleValue",
        "booleanValue",
        "emptyValue",
        "userArnValue",
    ];
    v.union_one(path, &present, &members).then_some(value)?
}

/// Validates `content.sla` at `path`.
pub fn sla_input(v: &mut Violations, path: &str, raw: SlaInputContentRaw) -> Option<SlaInput> {
    let Some(Obj(c)) = raw.sla_input_configuration else {
        v.union_one(path, &[], &["slaInputConfiguration"]);
        return None;
    };
    let path = join(path, "slaInputConfiguration");
    let name = v.required(&join(&path, "name"), c.name);
    if let Some(n) = &name
        && v.length(&join(&path, "name"), n, 1, 500)
    {
        v.name_pattern(&join(&path, "name"), n);
    }
    let sla_type = v.required(&join(&path, "type"), c.sla_type);
    if let Some(t) = &sla_type {
        v.enumeration(&join(&path, "type"), t, &SLA_TYPES);
    }
    if let Some(id) = &c.field_id {
        v.length(&join(&path, "fieldId"), id, 1, 500);
    }
    let mut target_field_values = Vec::new();
    if let Some(list) = c.target_field_values {
        let list_path = join(&path, "targetFieldValues");
        v.size(&list_path, list.len(), 1, 1);
        for (i, Obj(raw)) in list.into_iter().enumerate() {
            if let Some(value) = field_value(v, &index(&list_path, i), raw) {
                target_field_values.push(value);
            }
        }
    }
    let minutes_path = join(&path, "targetSlaMinutes");
    let target_sla_minutes = v.required(&minutes_path, c.target_sla_minutes);
    if let Some(m) = target_sla_minutes {
        v.range(&minutes_path, m, 1, MAX_TARGET_SLA_MINUTES);
    }
    Some(SlaInput {
        name: name?,
        sla_type: sla_type?,
        field_id: c.field_id,
        target_field_values,
        target_sla_minutes: target_sla_minutes?,
    })
}

/// Validates `content.connectCase` at `path`: the related case's id.
pub fn connect_case_input(
    v: &mut Violations,
    path: &str,
    raw: CaseIdRaw,
    config: &MockConfig,
) -> Option<String> {
    let at = join(path, "caseId");
    let id = v.required(&at, raw.case_id)?;
    check_case_id(v, &at, &id, config);
    Some(id)
}

/// Validates a custom item's `fields` at `path` (`CustomInputContentFieldsList` and
/// `CustomUpdateContentFieldsList`: 1..=50 `FieldValue`s). Whether the ids name fields
/// of the domain is the service's check.
pub fn custom_fields(
    v: &mut Violations,
    path: &str,
    raw: CustomFieldsRaw,
) -> Option<Vec<(String, FieldValue)>> {
    let list_path = join(path, "fields");
    let list = v.required(&list_path, raw.fields)?;
    v.size(&list_path, list.len(), 1, 50);
    let mut fields = Vec::with_capacity(list.len());
    let mut complete = true;
    for (i, Obj(item)) in list.into_iter().enumerate() {
        let at = index(&list_path, i);
        match field_value_pair(v, &at, item) {
            Some(pair) => fields.push(pair),
            None => complete = false,
        }
    }
    complete.then_some(fields)
}

fn field_value_pair(
    v: &mut Violations,
    at: &str,
    raw: FieldValueRaw,
) -> Option<(String, FieldValue)> {
    let id_path = join(at, "id");
    let id = v.required(&id_path, raw.id);
    if let Some(id) = &id {
        v.length(&id_path, id, 1, 500);
    }
    let value_path = join(at, "value");
    let value = v
        .required(&value_path, raw.value)
        .and_then(|Obj(raw)| field_value(v, &value_path, raw));
    Some((id?, value?))
}

/// The raw `SlaFilter`.
#[derive(Debug, Deserialize)]
pub struct SlaFilterRaw {
    name: Option<String>,
    status: Option<String>,
}

/// The raw `CustomFilter`.
#[derive(Debug, Deserialize)]
pub struct CustomFilterRaw {
    fields: Option<Obj<CustomFieldsFilterRaw>>,
}

/// The raw `CustomFieldsFilter` union.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CustomFieldsFilterRaw {
    field: Option<Obj<FieldFilterRaw>>,
    not: Option<Box<Obj<CustomFieldsFilterRaw>>>,
    and_all: Option<Vec<Obj<CustomFieldsFilterRaw>>>,
    or_all: Option<Vec<Obj<CustomFieldsFilterRaw>>>,
}

/// The raw `FieldFilter` union.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FieldFilterRaw {
    equal_to: Option<Obj<FieldValueRaw>>,
    contains: Option<Obj<FieldValueRaw>>,
    greater_than: Option<Obj<FieldValueRaw>>,
    greater_than_or_equal_to: Option<Obj<FieldValueRaw>>,
    less_than: Option<Obj<FieldValueRaw>>,
    less_than_or_equal_to: Option<Obj<FieldValueRaw>>,
}

/// Validates a `sla` filter at `path` (`filters[N].sla`).
pub fn sla_filter(v: &mut Violations, path: &str, raw: SlaFilterRaw) -> RelatedItemFilter {
    if let Some(name) = &raw.name
        && v.length(&join(path, "name"), name, 1, 500)
    {
        v.name_pattern(&join(path, "name"), name);
    }
    if let Some(status) = &raw.status {
        v.enumeration(&join(path, "status"), status, &SLA_STATUSES);
    }
    RelatedItemFilter::Sla {
        name: raw.name,
        status: raw.status,
    }
}

/// Validates a `connectCase` filter at `path`.
pub fn connect_case_filter(
    v: &mut Violations,
    path: &str,
    raw: CaseIdRaw,
    config: &MockConfig,
) -> RelatedItemFilter {
    if let Some(id) = &raw.case_id {
        check_case_id(v, &join(path, "caseId"), id, config);
    }
    RelatedItemFilter::ConnectCase {
        case_id: raw.case_id,
    }
}

/// Validates a `custom` filter at `path`.
pub fn custom_filter(
    v: &mut Violations,
    path: &str,
    raw: CustomFilterRaw,
) -> Option<RelatedItemFilter> {
    let Some(Obj(fields)) = raw.fields else {
        return Some(RelatedItemFilter::Custom { fields: None });
    };
    let tree = fields_filter(v, &join(path, "fields"), fields)?;
    Some(RelatedItemFilter::Custom { fields: Some(tree) })
}

/// Validates a `CustomFieldsFilter` at `path`: exactly one of `field`, `not`, `andAll`,
/// `orAll`; lists of 0..=10. The JSON parser's nesting limit bounds the recursion.
fn fields_filter(v: &mut Violations, path: &str, raw: CustomFieldsFilterRaw) -> Option<CaseFilter> {
    let present: Vec<&str> = [
        ("field", raw.field.is_some()),
        ("not", raw.not.is_some()),
        ("andAll", raw.and_all.is_some()),
        ("orAll", raw.or_all.is_some()),
    ]
    .into_iter()
    .filter_map(|(name, here)| here.then_some(name))
    .collect();
    if !v.union_one(path, &present, &["field", "not", "andAll", "orAll"]) {
        return None;
    }
    if let Some(Obj(field)) = raw.field {
        return field_filter(v, &join(path, "field"), field).map(CaseFilter::Field);
    }
    if let Some(inner) = raw.not {
        let Obj(inner) = *inner;
        return fields_filter(v, &join(path, "not"), inner).map(|f| CaseFilter::Not(Box::new(f)));
    }
    let (member, list, and) = match (raw.and_all, raw.or_all) {
        (Some(list), _) => ("andAll", list, true),
        (None, Some(list)) => ("orAll", list, false),
        (None, None) => return None,
    };
    let list_path = join(path, member);
    v.size(&list_path, list.len(), 0, 10);
    let items: Vec<Option<CaseFilter>> = list
        .into_iter()
        .enumerate()
        .map(|(i, Obj(item))| fields_filter(v, &index(&list_path, i), item))
        .collect();
    let items: Vec<CaseFilter> = items.into_iter().collect::<Option<_>>()?;
    Some(if and {
        CaseFilter::AndAll(items)
    } else {
        CaseFilter::OrAll(items)
    })
}

/// Validates a `FieldFilter` at `path`: one comparison whose `FieldValue` it can take
/// (the same kinds as SearchCases' comparisons).
fn field_filter(v: &mut Violations, path: &str, raw: FieldFilterRaw) -> Option<FieldComparison> {
    let mut set: Vec<(Comparison, FieldValueRaw)> = [
        (Comparison::EqualTo, raw.equal_to),
        (Comparison::Contains, raw.contains),
        (Comparison::GreaterThan, raw.greater_than),
        (
            Comparison::GreaterThanOrEqualTo,
            raw.greater_than_or_equal_to,
        ),
        (Comparison::LessThan, raw.less_than),
        (Comparison::LessThanOrEqualTo, raw.less_than_or_equal_to),
    ]
    .into_iter()
    .filter_map(|(c, value)| value.map(|Obj(value)| (c, value)))
    .collect();
    let present: Vec<&str> = set.iter().map(|(c, _)| c.member()).collect();
    let members = [
        "equalTo",
        "contains",
        "greaterThan",
        "greaterThanOrEqualTo",
        "lessThan",
        "lessThanOrEqualTo",
    ];
    if !v.union_one(path, &present, &members) {
        return None;
    }
    let (comparison, raw) = set.pop()?;
    let path = join(path, comparison.member());
    let (field_id, value) = field_value_pair(v, &path, raw)?;
    if !comparison.takes(&value) {
        v.constraint(
            &join(&path, "value"),
            &format!("be a value kind {} can compare", comparison.member()),
        );
        return None;
    }
    Some(FieldComparison {
        path,
        comparison,
        field_id,
        value,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse<T: serde::de::DeserializeOwned>(json: &str) -> T {
        serde_json::from_str(json).expect("json")
    }

    #[test]
    fn sla_input_checks_its_members() {
        let mut v = Violations::new();
        let sla = sla_input(
            &mut v,
            "content.sla",
            parse(r#"{"slaInputConfiguration":{"name":"reply","type":"CaseField","fieldId":"status","targetFieldValues":[{"stringValue":"closed"}],"targetSlaMinutes":60}}"#),
        )
        .expect("valid");
        assert!(v.is_empty());
        assert_eq!(sla.target_sla_minutes, 60);
        assert_eq!(
            sla.target_field_values,
            [FieldValue::String("closed".into())]
        );
        let mut v = Violations::new();
        sla_input(
            &mut v,
            "content.sla",
            parse(
                r#"{"slaInputConfiguration":{"name":"x ","type":"Other","targetFieldValues":[],"targetSlaMinutes":0}}"#,
            ),
        );
        let err = v.finish().expect_err("four violations");
        assert!(
            err.message.starts_with("4 validation errors"),
            "{}",
            err.message
        );
        assert!(
            err.message
                .contains("content.sla.slaInputConfiguration.targetSlaMinutes")
        );
        let mut v = Violations::new();
        assert!(sla_input(&mut v, "content.sla", parse("{}")).is_none());
        assert!(!v.is_empty());
    }

    #[test]
    fn custom_fields_are_one_to_fifty_field_values() {
        let mut v = Violations::new();
        let fields = custom_fields(
            &mut v,
            "content.custom",
            parse(r#"{"fields":[{"id":"f","value":{"doubleValue":2}}]}"#),
        );
        assert_eq!(fields, Some(vec![("f".into(), FieldValue::Double(2.0))]));
        let mut v = Violations::new();
        assert!(custom_fields(&mut v, "content.custom", parse(r#"{"fields":[]}"#)).is_some());
        assert!(!v.is_empty(), "empty list");
        let mut v = Violations::new();
        let long = format!(
            r#"{{"fields":[{{"id":"f","value":{{"stringValue":"{}"}}}}]}}"#,
            "a".repeat(4101)
        );
        custom_fields(&mut v, "content.custom", parse(&long));
        let err = v.finish().expect_err("4101 characters");
        assert!(
            err.message
                .contains("content.custom.fields[0].value.stringValue")
        );
    }

    #[test]
    fn custom_filters_nest_and_name_the_member() {
        let mut v = Violations::new();
        let filter = custom_filter(
            &mut v,
            "filters[0].custom",
            parse(
                r#"{"fields":{"andAll":[{"field":{"equalTo":{"id":"f","value":{"stringValue":"a"}}}},{"not":{"field":{"lessThan":{"id":"g","value":{"doubleValue":1}}}}}]}}"#,
            ),
        );
        assert!(v.is_empty());
        let Some(RelatedItemFilter::Custom {
            fields: Some(CaseFilter::AndAll(list)),
        }) = filter
        else {
            panic!("andAll expected: {filter:?}");
        };
        assert_eq!(list.len(), 2);
        let mut v = Violations::new();
        custom_filter(
            &mut v,
            "filters[0].custom",
            parse(
                r#"{"fields":{"orAll":[{"field":{"contains":{"id":"f","value":{"booleanValue":true}}}}]}}"#,
            ),
        );
        let err = v.finish().expect_err("contains a boolean");
        assert!(
            err.message
                .contains("filters[0].custom.fields.orAll[0].field.contains.value"),
            "{}",
            err.message
        );
    }

    #[test]
    fn new_kind_filters_check_enums_and_patterns() {
        let config = MockConfig {
            release: crate::config::MockRelease::V1_44_5,
            ..MockConfig::default()
        };
        let mut v = Violations::new();
        sla_filter(&mut v, "filters[0].sla", parse(r#"{"status":"Late"}"#));
        connect_case_filter(
            &mut v,
            "filters[1].connectCase",
            parse(r#"{"caseId":"a b"}"#),
            &config,
        );
        let err = v.finish().expect_err("two");
        assert!(
            err.message.contains("filters[0].sla.status"),
            "{}",
            err.message
        );
        assert!(
            err.message.contains("filters[1].connectCase.caseId"),
            "{}",
            err.message
        );
    }
}
