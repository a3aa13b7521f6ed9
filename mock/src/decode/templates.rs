//! Typed inputs of CreateTemplate, GetTemplate, ListTemplates, UpdateTemplate and
//! DeleteTemplate.

use serde::Deserialize;

use super::common::{label, path_only, query_page};
use super::json::{Obj, parse_body};
use super::template_rules::{
    TagPropagationRaw, TemplateExtras, TemplateExtrasRaw, TemplateRuleRaw,
};
use super::validate::name_pattern_text;
use super::validate::{Violations, index, join, proven};
use crate::config::{MockConfig, MockRelease};
use crate::error::ApiError;
use crate::wire::query::Query;
use crate::wire::route::Route;

/// The model's `TemplateStatus` enum.
pub const TEMPLATE_STATUSES: [&str; 2] = ["Active", "Inactive"];

/// A validated CreateTemplate request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CreateTemplateInput {
    /// Domain the template belongs to.
    pub domain_id: String,
    /// Template name (1..=100, pattern `^.*[\S]$`).
    pub name: String,
    /// Optional description (0..=255).
    pub description: Option<String>,
    /// `layoutConfiguration.defaultLayout`, when given.
    pub default_layout: Option<String>,
    /// Whether `layoutConfiguration` was given at all.
    pub has_layout_configuration: bool,
    /// Required field ids (0..=100).
    pub required_fields: Vec<String>,
    /// `Active` (default) or `Inactive`.
    pub status: String,
    /// `rules` and `tagPropagationConfigurations` (1.44.5; `None` when not sent).
    pub extras: TemplateExtras,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CreateTemplateBody {
    name: Option<String>,
    description: Option<String>,
    layout_configuration: Option<Obj<LayoutConfigurationRaw>>,
    required_fields: Option<Vec<Obj<RequiredFieldRaw>>>,
    status: Option<String>,
    rules: Option<Vec<Obj<TemplateRuleRaw>>>,
    tag_propagation_configurations: Option<Vec<Obj<TagPropagationRaw>>>,
}

impl CreateTemplateBody {
    /// The 1.44.5 members, validated when `release` has them; at older releases they are
    /// unknown members and ignored, as every unknown member is (`decode::json`).
    fn extras(&mut self, v: &mut Violations, release: MockRelease) -> TemplateExtras {
        let raw = TemplateExtrasRaw {
            rules: self.rules.take(),
            tag_propagation_configurations: self.tag_propagation_configurations.take(),
        };
        if release >= MockRelease::V1_44_5 {
            raw.validate(v)
        } else {
            TemplateExtras::default()
        }
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct LayoutConfigurationRaw {
    default_layout: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RequiredFieldRaw {
    field_id: Option<String>,
}

/// Decodes CreateTemplate.
pub fn create_template(
    route: &Route,
    body: &[u8],
    config: &MockConfig,
) -> Result<CreateTemplateInput, ApiError> {
    let mut raw: CreateTemplateBody = parse_body(body)?;
    let mut v = Violations::new();
    let domain_id = label(&mut v, route, "domainId");
    let extras = raw.extras(&mut v, config.release);
    let name = v.required("name", raw.name);
    if let Some(name) = &name
        && v.length("name", name, 1, 100)
    {
        v.name_pattern_as("name", name, name_pattern_text(config.release));
    }
    if let Some(d) = &raw.description {
        v.length("description", d, 0, 255);
    }
    let has_layout_configuration = raw.layout_configuration.is_some();
    let default_layout = raw.layout_configuration.and_then(|Obj(l)| l.default_layout);
    if let Some(l) = &default_layout {
        v.length("layoutConfiguration.defaultLayout", l, 1, 500);
    }
    let mut required_fields = Vec::new();
    if let Some(list) = raw.required_fields {
        v.size("requiredFields", list.len(), 0, 100);
        for (i, Obj(item)) in list.into_iter().enumerate() {
            let path = join(&index("requiredFields", i), "fieldId");
            if let Some(id) = v.required(&path, item.field_id) {
                v.length(&path, &id, 1, 500);
                required_fields.push(id);
            }
        }
    }
    if let Some(s) = &raw.status {
        v.enumeration("status", s, &TEMPLATE_STATUSES);
    }
    v.finish()?;
    Ok(CreateTemplateInput {
        domain_id,
        name: proven(name, "name")?,
        description: raw.description,
        default_layout,
        has_layout_configuration,
        required_fields,
        status: raw.status.unwrap_or_else(|| "Active".to_owned()),
        extras,
    })
}

/// A validated GetTemplate request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GetTemplateInput {
    /// Domain of the template.
    pub domain_id: String,
    /// The template to read.
    pub template_id: String,
}

/// Decodes GetTemplate (path only).
pub fn get_template(route: &Route, body: &[u8]) -> Result<GetTemplateInput, ApiError> {
    let [domain_id, template_id] = path_only(route, body, ["domainId", "templateId"])?;
    Ok(GetTemplateInput {
        domain_id,
        template_id,
    })
}

/// A validated ListTemplates request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListTemplatesInput {
    /// Domain whose templates are listed.
    pub domain_id: String,
    /// Page size, 1..=100 (default 100).
    pub max_results: usize,
    /// Continuation token.
    pub next_token: Option<String>,
    /// Statuses to include (empty: all).
    pub statuses: Vec<String>,
}

/// Decodes ListTemplates (query string `maxResults`, `nextToken`, repeated `status`).
pub fn list_templates(
    route: &Route,
    query: &Query,
    body: &[u8],
    config: &MockConfig,
) -> Result<ListTemplatesInput, ApiError> {
    let _: serde::de::IgnoredAny = parse_body(body)?;
    let mut v = Violations::new();
    let domain_id = label(&mut v, route, "domainId");
    let (max_results, next_token) = query_page(&mut v, query, 100, config);
    let statuses: Vec<String> = query.all("status").into_iter().map(str::to_owned).collect();
    if !statuses.is_empty() {
        v.size("status", statuses.len(), 1, 2);
    }
    for (i, s) in statuses.iter().enumerate() {
        v.enumeration(&index("status", i), s, &TEMPLATE_STATUSES);
    }
    v.finish()?;
    Ok(ListTemplatesInput {
        domain_id,
        max_results,
        next_token,
        statuses,
    })
}

/// A validated UpdateTemplate request: only the members sent change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UpdateTemplateInput {
    /// Domain of the template.
    pub domain_id: String,
    /// The template to update.
    pub template_id: String,
    /// New name (1..=100, pattern `^.*[\S]$`), when sent.
    pub name: Option<String>,
    /// New description (0..=255), when sent.
    pub description: Option<String>,
    /// New `layoutConfiguration` (its `defaultLayout`, possibly absent), when sent.
    pub layout_configuration: Option<Option<String>>,
    /// New required field ids (0..=100, no id twice), when sent.
    pub required_fields: Option<Vec<String>>,
    /// New status, when sent.
    pub status: Option<String>,
    /// New `rules` and `tagPropagationConfigurations` (1.44.5), when sent.
    pub extras: TemplateExtras,
}

/// The members UpdateTemplate can change; the model's documentation: "At least one of
/// these attributes must not be null."
pub const UPDATABLE_TEMPLATE_MEMBERS: [&str; 5] = [
    "name",
    "description",
    "layoutConfiguration",
    "requiredFields",
    "status",
];

/// Decodes UpdateTemplate: the same member constraints as CreateTemplate, every member
/// optional, but at least one of them sent.
pub fn update_template(
    route: &Route,
    body: &[u8],
    config: &MockConfig,
) -> Result<UpdateTemplateInput, ApiError> {
    let mut raw: CreateTemplateBody = parse_body(body)?;
    let mut v = Violations::new();
    let domain_id = label(&mut v, route, "domainId");
    let template_id = label(&mut v, route, "templateId");
    let extras = raw.extras(&mut v, config.release);
    if let Some(name) = &raw.name
        && v.length("name", name, 1, 100)
    {
        v.name_pattern_as("name", name, name_pattern_text(config.release));
    }
    if let Some(d) = &raw.description {
        v.length("description", d, 0, 255);
    }
    let layout_configuration = raw.layout_configuration.map(|Obj(l)| l.default_layout);
    if let Some(Some(l)) = &layout_configuration {
        v.length("layoutConfiguration.defaultLayout", l, 1, 500);
    }
    let required_fields = raw.required_fields.map(|list| {
        v.size("requiredFields", list.len(), 0, 100);
        let mut ids: Vec<String> = Vec::with_capacity(list.len());
        for (i, Obj(item)) in list.into_iter().enumerate() {
            let path = join(&index("requiredFields", i), "fieldId");
            if let Some(id) = v.required(&path, item.field_id) {
                if v.length(&path, &id, 1, 500) && ids.contains(&id) {
                    // CreateTemplate's documentation: "multiple fields with same IDs are
                    // not allowed within the same Template".
                    v.constraint(&path, &format!("be unique ('{id}' is repeated)"));
                }
                ids.push(id);
            }
        }
        ids
    });
    if let Some(s) = &raw.status {
        v.enumeration("status", s, &TEMPLATE_STATUSES);
    }
    let nothing_sent = raw.name.is_none()
        && raw.description.is_none()
        && layout_configuration.is_none()
        && required_fields.is_none()
        && raw.status.is_none()
        && extras.rules.is_none()
        && extras.tag_propagation.is_none();
    if nothing_sent {
        let mut members = UPDATABLE_TEMPLATE_MEMBERS.to_vec();
        if config.release >= MockRelease::V1_44_5 {
            // 1.44.5 added these two updatable members (the documentation's list predates
            // them), so sending only them is an update.
            members.extend(["rules", "tagPropagationConfigurations"]);
        }
        v.constraint(
            &members.join(", "),
            "include at least one of these members (none was sent)",
        );
    }
    v.finish()?;
    Ok(UpdateTemplateInput {
        domain_id,
        template_id,
        name: raw.name,
        description: raw.description,
        layout_configuration,
        required_fields,
        status: raw.status,
        extras,
    })
}

/// A validated DeleteTemplate request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeleteTemplateInput {
    /// Domain of the template.
    pub domain_id: String,
    /// The template to delete.
    pub template_id: String,
}

/// Decodes DeleteTemplate (path only; a body, if any, must still be JSON).
pub fn delete_template(route: &Route, body: &[u8]) -> Result<DeleteTemplateInput, ApiError> {
    let GetTemplateInput {
        domain_id,
        template_id,
    } = get_template(route, body)?;
    Ok(DeleteTemplateInput {
        domain_id,
        template_id,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::route::resolve_newest as resolve;

    fn at(release: MockRelease) -> MockConfig {
        MockConfig {
            release,
            ..MockConfig::default()
        }
    }

    fn create_template(route: &Route, body: &[u8]) -> Result<CreateTemplateInput, ApiError> {
        super::create_template(route, body, &MockConfig::default())
    }

    fn update_template(route: &Route, body: &[u8]) -> Result<UpdateTemplateInput, ApiError> {
        super::update_template(route, body, &MockConfig::default())
    }

    #[test]
    fn rules_and_tag_propagation_exist_from_1_44_5() {
        let route = resolve("POST", "/domains/d/templates").expect("route");
        let body = br#"{"name":"t","rules":[{"caseRuleId":"r","fieldId":"f"}],
            "tagPropagationConfigurations":[{"resourceType":"Cases","tagMap":{"k":"v"}}]}"#;
        let new = super::create_template(&route, body, &at(MockRelease::V1_44_5)).expect("1.44.5");
        assert_eq!(new.extras.rules.expect("rules")[0].case_rule_id, "r");
        assert!(new.extras.tag_propagation.is_some());
        let old =
            super::create_template(&route, body, &at(MockRelease::V1_34_98)).expect("1.34.98");
        assert_eq!(
            old.extras,
            TemplateExtras::default(),
            "unknown members are ignored"
        );
        let bad = br#"{"name":"t","rules":[{}]}"#;
        super::create_template(&route, bad, &at(MockRelease::V1_34_98)).expect("ignored");
        let err =
            super::create_template(&route, bad, &at(MockRelease::V1_44_5)).expect_err("checked");
        assert!(
            err.message.contains("'rules[0].caseRuleId'"),
            "{}",
            err.message
        );

        let route = resolve("PUT", "/domains/d/templates/t").expect("route");
        let only_rules = br#"{"rules":[]}"#;
        let ok = super::update_template(&route, only_rules, &at(MockRelease::V1_44_5))
            .expect("rules only");
        assert_eq!(ok.extras.rules, Some(vec![]));
        let err = super::update_template(&route, only_rules, &at(MockRelease::V1_34_98))
            .expect_err("nothing a 1.34.98 template has");
        assert!(!err.message.contains("rules"), "{}", err.message);
        let err =
            super::update_template(&route, b"{}", &at(MockRelease::V1_44_5)).expect_err("none");
        assert!(
            err.message.contains("tagPropagationConfigurations"),
            "{}",
            err.message
        );
        let err = super::update_template(&route, br#"{"name":"x "}"#, &at(MockRelease::V1_44_5))
            .expect_err("pattern");
        assert!(err.message.contains("pattern: .*[\\S]"), "{}", err.message);
    }

    #[test]
    fn create_template_defaults_to_active() {
        let route = resolve("POST", "/domains/d/templates").expect("route");
        let ok = create_template(
            &route,
            br#"{"name":"t","requiredFields":[{"fieldId":"title"}]}"#,
        )
        .expect("valid");
        assert_eq!(ok.status, "Active");
        assert_eq!(ok.required_fields, ["title"]);
        let err = create_template(&route, br#"{"name":"t","status":"Gone"}"#).expect_err("enum");
        assert!(err.message.contains("'status'"));
        let err =
            create_template(&route, br#"{"name":"t","requiredFields":[{}]}"#).expect_err("id");
        assert!(err.message.contains("'requiredFields[0].fieldId'"));
    }

    #[test]
    fn list_templates_checks_statuses() {
        let route = resolve("POST", "/domains/d/templates-list").expect("route");
        let q = Query::parse(Some("status=Active&status=Inactive")).expect("query");
        assert_eq!(
            list_templates(&route, &q, b"", &MockConfig::default())
                .expect("valid")
                .statuses
                .len(),
            2
        );
        let q = Query::parse(Some("status=Active&status=Inactive&status=Active")).expect("query");
        assert!(list_templates(&route, &q, b"", &MockConfig::default()).is_err());
        let q = Query::parse(Some("status=Paused")).expect("query");
        assert!(list_templates(&route, &q, b"", &MockConfig::default()).is_err());
    }

    #[test]
    fn update_template_needs_one_member_and_checks_each() {
        let route = resolve("PUT", "/domains/d/templates/t").expect("route");
        let err = update_template(&route, b"{}").expect_err("nothing sent");
        assert!(err.message.contains("name, description"), "{}", err.message);
        let ok = update_template(&route, br#"{"description":""}"#).expect("empty description");
        assert_eq!(ok.description.as_deref(), Some(""));
        assert_eq!(ok.name, None);
        assert_eq!(ok.required_fields, None);
        let ok = update_template(&route, br#"{"requiredFields":[],"layoutConfiguration":{}}"#)
            .expect("empty list and layout");
        assert_eq!(ok.required_fields, Some(vec![]));
        assert_eq!(ok.layout_configuration, Some(None));
        let err = update_template(&route, br#"{"name":"x "}"#).expect_err("pattern");
        assert!(err.message.contains("'name'"), "{}", err.message);
        let err = update_template(&route, br#"{"status":"Deleted"}"#).expect_err("enum");
        assert!(err.message.contains("'status'"), "{}", err.message);
        let err = update_template(
            &route,
            br#"{"requiredFields":[{"fieldId":"a"},{"fieldId":"a"}]}"#,
        )
        .expect_err("repeated");
        assert!(
            err.message.contains("'requiredFields[1].fieldId'"),
            "{}",
            err.message
        );
        let err = update_template(&route, br#"{"layoutConfiguration":{"defaultLayout":""}}"#)
            .expect_err("layout");
        assert!(err.message.contains("layoutConfiguration.defaultLayout"));
    }

    #[test]
    fn delete_template_reads_the_path() {
        let route = resolve("DELETE", "/domains/d/templates/t%201").expect("route");
        let ok = delete_template(&route, b"").expect("valid");
        assert_eq!(ok.template_id, "t 1");
        assert!(delete_template(&route, b"[").is_err());
    }
}
