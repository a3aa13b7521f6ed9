//! Typed inputs of GetCaseEventConfiguration and PutCaseEventConfiguration.
//!
//! `eventBridge` (`EventBridgeConfiguration`) is required by PutCaseEventConfiguration,
//! and within it `enabled`; `includedData` (`EventIncludedData`) and its two members
//! are optional, but `caseData` requires `fields` (`CaseEventIncludedDataFieldsList`,
//! 0..=200 `FieldIdentifier`s, each `id` 1..=500) and `relatedItemData` requires
//! `includeContent`.

use serde::Deserialize;

use super::common::{FieldIdentifierRaw, field_identifiers, label, path_only};
use super::json::{Obj, parse_body};
use super::validate::{Violations, join, proven};
use crate::config::{MockConfig, MockRelease};
use crate::error::ApiError;
use crate::wire::route::Route;

/// The model's `EventBridgeConfiguration`, validated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventBridgeConfiguration {
    /// `enabled`.
    pub enabled: bool,
    /// `includedData`, when given.
    pub included_data: Option<EventIncludedData>,
}

/// The model's `EventIncludedData`, validated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventIncludedData {
    /// `caseData.fields` (field ids in request order), when `caseData` was given.
    pub case_fields: Option<Vec<String>>,
    /// `relatedItemData.includeContent`, when `relatedItemData` was given.
    pub related_item_include_content: Option<bool>,
    /// `caseData.autoIncludeFields` (1.44.5, `AutoIncludeFields`), when given.
    pub case_auto_include_fields: Option<String>,
}

/// The model's `AutoIncludeFields` enum (1.44.5).
pub const AUTO_INCLUDE_FIELDS: [&str; 3] = ["All", "System", "Custom"];

/// The most `FieldIdentifier`s `caseData.fields` holds
/// (`CaseEventIncludedDataFieldsList`): 200 until 1.34.98, 400 from 1.44.5.
pub fn max_case_fields(release: MockRelease) -> usize {
    if release >= MockRelease::V1_44_5 {
        400
    } else {
        200
    }
}

/// A validated GetCaseEventConfiguration request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GetCaseEventConfigurationInput {
    /// The domain whose configuration is read.
    pub domain_id: String,
}

/// Decodes GetCaseEventConfiguration (path only; any JSON object body is ignored).
pub fn get_case_event_configuration(
    route: &Route,
    body: &[u8],
) -> Result<GetCaseEventConfigurationInput, ApiError> {
    let [domain_id] = path_only(route, body, ["domainId"])?;
    Ok(GetCaseEventConfigurationInput { domain_id })
}

/// A validated PutCaseEventConfiguration request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PutCaseEventConfigurationInput {
    /// The domain whose configuration is replaced.
    pub domain_id: String,
    /// The new configuration.
    pub event_bridge: EventBridgeConfiguration,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PutBody {
    event_bridge: Option<Obj<EventBridgeRaw>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct EventBridgeRaw {
    enabled: Option<bool>,
    included_data: Option<Obj<IncludedDataRaw>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct IncludedDataRaw {
    case_data: Option<Obj<CaseDataRaw>>,
    related_item_data: Option<Obj<RelatedItemDataRaw>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CaseDataRaw {
    fields: Option<Vec<Obj<FieldIdentifierRaw>>>,
    auto_include_fields: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RelatedItemDataRaw {
    include_content: Option<bool>,
}

/// The path of `eventBridge.includedData.caseData.fields`, named by violations.
pub const CASE_FIELDS_PATH: &str = "eventBridge.includedData.caseData.fields";

/// Decodes PutCaseEventConfiguration.
pub fn put_case_event_configuration(
    route: &Route,
    body: &[u8],
    config: &MockConfig,
) -> Result<PutCaseEventConfigurationInput, ApiError> {
    let raw: PutBody = parse_body(body)?;
    let mut v = Violations::new();
    let domain_id = label(&mut v, route, "domainId");
    let event_bridge = v
        .required("eventBridge", raw.event_bridge)
        .and_then(|Obj(raw)| event_bridge(&mut v, raw, config.release));
    v.finish()?;
    Ok(PutCaseEventConfigurationInput {
        domain_id,
        event_bridge: proven(event_bridge, "eventBridge")?,
    })
}

fn event_bridge(
    v: &mut Violations,
    raw: EventBridgeRaw,
    release: MockRelease,
) -> Option<EventBridgeConfiguration> {
    let path = "eventBridge";
    let enabled = v.required(&join(path, "enabled"), raw.enabled);
    let included_data = raw.included_data.map(|Obj(data)| {
        let path = join(path, "includedData");
        let case_data = join(&path, "caseData");
        let mut case_auto_include_fields = None;
        let case_fields = data.case_data.map(|Obj(case)| {
            // `autoIncludeFields` is 1.44.5's: before, an unknown member, ignored.
            if release >= MockRelease::V1_44_5
                && let Some(auto) = case.auto_include_fields
            {
                let auto_path = join(&case_data, "autoIncludeFields");
                if v.enumeration(&auto_path, &auto, &AUTO_INCLUDE_FIELDS) {
                    case_auto_include_fields = Some(auto);
                }
            }
            let fields = join(&case_data, "fields");
            field_identifiers(v, &fields, case.fields, 0, max_case_fields(release))
        });
        let related_item_include_content = data.related_item_data.and_then(|Obj(item)| {
            v.required(
                &join(&join(&path, "relatedItemData"), "includeContent"),
                item.include_content,
            )
        });
        EventIncludedData {
            case_fields,
            related_item_include_content,
            case_auto_include_fields,
        }
    });
    Some(EventBridgeConfiguration {
        enabled: enabled?,
        included_data,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::route::resolve_newest as resolve;

    fn put(body: &str) -> Result<PutCaseEventConfigurationInput, ApiError> {
        put_at(body, MockRelease::V1_34_98)
    }

    fn put_at(
        body: &str,
        release: MockRelease,
    ) -> Result<PutCaseEventConfigurationInput, ApiError> {
        let route = resolve("PUT", "/domains/d/case-event-configuration").expect("route");
        let config = MockConfig {
            release,
            ..MockConfig::default()
        };
        put_case_event_configuration(&route, body.as_bytes(), &config)
    }

    #[test]
    fn auto_include_fields_and_400_fields_from_1_44_5() {
        let body = r#"{"eventBridge":{"enabled":true,"includedData":{"caseData":{"fields":[],"autoIncludeFields":"Custom"}}}}"#;
        let new = put_at(body, MockRelease::V1_44_5).expect("1.44.5");
        let data = new.event_bridge.included_data.expect("data");
        assert_eq!(data.case_auto_include_fields.as_deref(), Some("Custom"));
        let old = put(body).expect("ignored at 1.34.98");
        assert_eq!(
            old.event_bridge
                .included_data
                .expect("data")
                .case_auto_include_fields,
            None
        );
        let bad = r#"{"eventBridge":{"enabled":true,"includedData":{"caseData":{"fields":[],"autoIncludeFields":"Everything"}}}}"#;
        let err = put_at(bad, MockRelease::V1_44_5).expect_err("enum");
        assert!(
            err.message.contains("[All, System, Custom]"),
            "{}",
            err.message
        );
        let many = |n: usize| {
            let ids: Vec<String> = (0..n).map(|i| format!(r#"{{"id":"f{i}"}}"#)).collect();
            format!(
                r#"{{"eventBridge":{{"enabled":true,"includedData":{{"caseData":{{"fields":[{}]}}}}}}}}"#,
                ids.join(",")
            )
        };
        put_at(&many(400), MockRelease::V1_44_5).expect("400 at 1.44.5");
        let err = put_at(&many(401), MockRelease::V1_44_5).expect_err("401");
        assert!(
            err.message.contains("less than or equal to 400"),
            "{}",
            err.message
        );
        let err = put(&many(201)).expect_err("201 at 1.34.98");
        assert!(
            err.message.contains("less than or equal to 200"),
            "{}",
            err.message
        );
    }

    #[test]
    fn put_reads_the_whole_configuration() {
        let input = put(r#"{"eventBridge":{"enabled":true,"includedData":{
                "caseData":{"fields":[{"id":"title"},{"id":"status"}]},
                "relatedItemData":{"includeContent":false}}}}"#)
        .expect("valid");
        assert_eq!(input.domain_id, "d");
        assert_eq!(
            input.event_bridge,
            EventBridgeConfiguration {
                enabled: true,
                included_data: Some(EventIncludedData {
                    case_fields: Some(vec!["title".into(), "status".into()]),
                    related_item_include_content: Some(false),
                    case_auto_include_fields: None,
                }),
            }
        );
        let minimal = put(r#"{"eventBridge":{"enabled":false}}"#).expect("valid");
        assert_eq!(minimal.event_bridge.included_data, None);
        let empty =
            put(r#"{"eventBridge":{"enabled":true,"includedData":{"caseData":{"fields":[]}}}}"#)
                .expect("an empty field list is within 0..=200");
        let data = empty.event_bridge.included_data.expect("included");
        assert_eq!(data.case_fields, Some(vec![]));
        assert_eq!(data.related_item_include_content, None);
    }

    #[test]
    fn put_names_every_missing_or_bad_member() {
        let err = put("{}").expect_err("missing");
        assert!(
            err.message.contains("Value null at 'eventBridge'"),
            "{}",
            err.message
        );
        let err = put(r#"{"eventBridge":{}}"#).expect_err("enabled");
        assert!(
            err.message.contains("'eventBridge.enabled'"),
            "{}",
            err.message
        );
        let err = put(
            r#"{"eventBridge":{"enabled":true,"includedData":{"caseData":{},"relatedItemData":{}}}}"#,
        )
        .expect_err("nested required");
        assert!(
            err.message.starts_with("2 validation errors"),
            "{}",
            err.message
        );
        assert!(
            err.message
                .contains("'eventBridge.includedData.caseData.fields'")
        );
        assert!(
            err.message
                .contains("'eventBridge.includedData.relatedItemData.includeContent'")
        );
        let err = put(r#"{"eventBridge":{"enabled":true,"includedData":{"caseData":{"fields":[{"id":""},{}]}}}}"#)
            .expect_err("ids");
        assert!(
            err.message
                .contains("'eventBridge.includedData.caseData.fields[0].id'")
        );
        assert!(
            err.message
                .contains("Value null at 'eventBridge.includedData.caseData.fields[1].id'")
        );
        let many: Vec<String> = (0..201).map(|i| format!(r#"{{"id":"f{i}"}}"#)).collect();
        let body = format!(
            r#"{{"eventBridge":{{"enabled":true,"includedData":{{"caseData":{{"fields":[{}]}}}}}}}}"#,
            many.join(",")
        );
        let err = put(&body).expect_err("201 fields");
        assert!(
            err.message.contains("less than or equal to 200"),
            "{}",
            err.message
        );
        let err = put(r#"{"eventBridge":{"enabled":"yes"}}"#).expect_err("type");
        assert!(
            err.message.contains("'eventBridge.enabled'"),
            "{}",
            err.message
        );
    }

    #[test]
    fn get_reads_the_domain() {
        let route = resolve("POST", "/domains/d%2F1/case-event-configuration").expect("route");
        let input = get_case_event_configuration(&route, b"").expect("valid");
        assert_eq!(input.domain_id, "d/1");
    }
}
