//! Typed inputs of CreateTemplate, GetTemplate and ListTemplates.

use serde::Deserialize;

use super::common::{label, max_results, next_token, query_int};
use super::json::{Obj, parse_body};
use super::validate::{Violations, index, join, proven};
use crate::config::MockConfig;
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
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CreateTemplateBody {
    name: Option<String>,
    description: Option<String>,
    layout_configuration: Option<Obj<LayoutConfigurationRaw>>,
    required_fields: Option<Vec<Obj<RequiredFieldRaw>>>,
    status: Option<String>,
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
pub fn create_template(route: &Route, body: &[u8]) -> Result<CreateTemplateInput, ApiError> {
    let raw: CreateTemplateBody = parse_body(body)?;
    let mut v = Violations::new();
    let domain_id = label(&mut v, route, "domainId");
    let name = v.required("name", raw.name);
    if let Some(name) = &name
        && v.length("name", name, 1, 100)
    {
        v.name_pattern("name", name);
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
    let _: serde::de::IgnoredAny = parse_body(body)?;
    let mut v = Violations::new();
    let domain_id = label(&mut v, route, "domainId");
    let template_id = label(&mut v, route, "templateId");
    v.finish()?;
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
    let max = query_int(&mut v, query, "maxResults");
    let max_results = max_results(&mut v, max, 100, config);
    let next_token = next_token(&mut v, query.first("nextToken").map(str::to_owned));
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::route::resolve;

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
}
