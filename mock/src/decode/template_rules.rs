//! The two template members 1.44.5 added: `rules` (`TemplateCaseRuleList` of
//! `TemplateRule`s) and `tagPropagationConfigurations` (`TagPropagationConfigurationList`).
//! Older releases lack them, so there they are unknown members and ignored like any
//! other (see `decode::json`); [`TemplateExtrasRaw::validate`] is only called at 1.44.5.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::json::Obj;
use super::validate::{Violations, index, join};

/// The model's `TagPropagationResourceType` enum.
pub const TAG_PROPAGATION_RESOURCE_TYPES: [&str; 1] = ["Cases"];

/// A validated `TemplateRule`: "An association representing a case rule acting upon a
/// field."
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TemplateRule {
    /// `caseRuleId` (required, 1..=500).
    pub case_rule_id: String,
    /// `fieldId` (optional, 1..=500): the field the rule acts upon.
    pub field_id: Option<String>,
}

/// A validated `TagPropagationConfiguration`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TagPropagation {
    /// `resourceType` (`Cases`).
    pub resource_type: String,
    /// `tagMap`: "The tags that will be applied to the created resource."
    pub tag_map: BTreeMap<String, String>,
}

/// The raw 1.44.5 members of CreateTemplate and UpdateTemplate, flattened into their
/// bodies.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TemplateExtrasRaw {
    /// `rules`.
    pub rules: Option<Vec<Obj<TemplateRuleRaw>>>,
    /// `tagPropagationConfigurations`.
    pub tag_propagation_configurations: Option<Vec<Obj<TagPropagationRaw>>>,
}

/// A raw `TemplateRule`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TemplateRuleRaw {
    case_rule_id: Option<String>,
    field_id: Option<String>,
}

/// A raw `TagPropagationConfiguration`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TagPropagationRaw {
    resource_type: Option<String>,
    tag_map: Option<BTreeMap<String, String>>,
}

/// The validated 1.44.5 members of a template request; `None` for a member not sent.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TemplateExtras {
    /// `rules`, when sent.
    pub rules: Option<Vec<TemplateRule>>,
    /// `tagPropagationConfigurations`, when sent.
    pub tag_propagation: Option<Vec<TagPropagation>>,
}

impl TemplateExtrasRaw {
    /// Validates both members: `rules` 0..=50, each `caseRuleId` required and both ids
    /// 1..=500; `tagPropagationConfigurations` 0..=1, each with `resourceType` (enum) and
    /// `tagMap` (0..=10 entries, `MutableTagKey` keys, `TagValueString` values) required.
    pub fn validate(self, v: &mut Violations) -> TemplateExtras {
        let rules = self.rules.map(|list| {
            v.size("rules", list.len(), 0, 50);
            let mut out = Vec::with_capacity(list.len());
            for (i, Obj(raw)) in list.into_iter().enumerate() {
                let at = index("rules", i);
                let id_path = join(&at, "caseRuleId");
                let case_rule_id = v.required(&id_path, raw.case_rule_id);
                if let Some(id) = &case_rule_id {
                    v.length(&id_path, id, 1, 500);
                }
                if let Some(id) = &raw.field_id {
                    v.length(&join(&at, "fieldId"), id, 1, 500);
                }
                if let Some(case_rule_id) = case_rule_id {
                    out.push(TemplateRule {
                        case_rule_id,
                        field_id: raw.field_id,
                    });
                }
            }
            out
        });
        let tag_propagation = self.tag_propagation_configurations.map(|list| {
            let path = "tagPropagationConfigurations";
            v.size(path, list.len(), 0, 1);
            let mut out = Vec::with_capacity(list.len());
            for (i, Obj(raw)) in list.into_iter().enumerate() {
                let at = index(path, i);
                let type_path = join(&at, "resourceType");
                let resource_type = v.required(&type_path, raw.resource_type);
                if let Some(t) = &resource_type {
                    v.enumeration(&type_path, t, &TAG_PROPAGATION_RESOURCE_TYPES);
                }
                let map_path = join(&at, "tagMap");
                let tag_map = v.required(&map_path, raw.tag_map);
                if let Some(map) = &tag_map {
                    v.size(&map_path, map.len(), 0, 10);
                    for (key, value) in map {
                        tag_entry(v, &map_path, key, value);
                    }
                }
                if let (Some(resource_type), Some(tag_map)) = (resource_type, tag_map) {
                    out.push(TagPropagation {
                        resource_type,
                        tag_map,
                    });
                }
            }
            out
        });
        TemplateExtras {
            rules,
            tag_propagation,
        }
    }
}

/// One `tagMap` entry: the key a `MutableTagKey` (1..=128, pattern
/// `(?![aA][wW][sS]:)[a-zA-Z0-9 _.:/=+\-@]+`), the value a `TagValueString` (0..=256,
/// pattern `([a-zA-Z0-9 _.:/=+\-@]*)`), both read as full matches.
fn tag_entry(v: &mut Violations, map_path: &str, key: &str, value: &str) {
    let allowed = |c: char| c.is_ascii_alphanumeric() || " _.:/=+-@".contains(c);
    let key_path = format!("{map_path}.{key}");
    if v.length(&key_path, key, 1, 128) {
        let aws = key.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("aws:"));
        v.pattern(
            &key_path,
            key,
            !aws && key.chars().all(allowed),
            "(?![aA][wW][sS]:)[a-zA-Z0-9 _.:/=+\\-@]+",
        );
    }
    if v.length(&key_path, value, 0, 256) {
        v.pattern(
            &key_path,
            value,
            value.chars().all(allowed),
            "([a-zA-Z0-9 _.:/=+\\-@]*)",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn validate(json: &str) -> (TemplateExtras, Result<(), crate::error::ApiError>) {
        let raw: TemplateExtrasRaw = serde_json::from_str(json).expect("json");
        let mut v = Violations::new();
        let extras = raw.validate(&mut v);
        (extras, v.finish())
    }

    #[test]
    fn reads_rules_and_tag_propagation() {
        let (extras, ok) = validate(
            r#"{"rules":[{"caseRuleId":"r","fieldId":"f"},{"caseRuleId":"s"}],
                "tagPropagationConfigurations":[{"resourceType":"Cases","tagMap":{"team":"a b"}}]}"#,
        );
        ok.expect("valid");
        let rules = extras.rules.expect("rules");
        assert_eq!(rules[0].field_id.as_deref(), Some("f"));
        assert_eq!(rules[1].field_id, None);
        let tags = extras.tag_propagation.expect("tags");
        assert_eq!(tags[0].tag_map["team"], "a b");
        let (none, ok) = validate("{}");
        ok.expect("nothing sent");
        assert_eq!(none, TemplateExtras::default());
    }

    #[test]
    fn checks_every_constraint() {
        let cases = [
            (r#"{"rules":[{"fieldId":"f"}]}"#, "'rules[0].caseRuleId'"),
            (
                r#"{"rules":[{"caseRuleId":"r","fieldId":""}]}"#,
                "'rules[0].fieldId'",
            ),
            (
                r#"{"tagPropagationConfigurations":[{"resourceType":"Cases","tagMap":{}},{"resourceType":"Cases","tagMap":{}}]}"#,
                "'tagPropagationConfigurations'",
            ),
            (
                r#"{"tagPropagationConfigurations":[{"resourceType":"Case","tagMap":{}}]}"#,
                "enum value set: [Cases]",
            ),
            (
                r#"{"tagPropagationConfigurations":[{"resourceType":"Cases"}]}"#,
                "'tagPropagationConfigurations[0].tagMap'",
            ),
            (
                r#"{"tagPropagationConfigurations":[{"resourceType":"Cases","tagMap":{"AWS:x":"v"}}]}"#,
                "'tagPropagationConfigurations[0].tagMap.AWS:x'",
            ),
            (
                r#"{"tagPropagationConfigurations":[{"resourceType":"Cases","tagMap":{"k":"v!"}}]}"#,
                "'tagPropagationConfigurations[0].tagMap.k'",
            ),
        ];
        for (json, needle) in cases {
            let (_, result) = validate(json);
            let err = result.expect_err(json);
            assert!(err.message.contains(needle), "{json}: {}", err.message);
        }
        let many: Vec<String> = (0..11).map(|i| format!(r#""k{i}":"v""#)).collect();
        let json = format!(
            r#"{{"tagPropagationConfigurations":[{{"resourceType":"Cases","tagMap":{{{}}}}}]}}"#,
            many.join(",")
        );
        let (_, result) = validate(&json);
        assert!(
            result
                .expect_err("11 tags")
                .message
                .contains("less than or equal to 10")
        );
    }
}
