//! Typed inputs of CreateTemplate, GetTemplate, ListTemplates, UpdateTemplate and
//! DeleteTemplate.

use serde::Deserialize;

use super::common::{label, path_only, query_page};
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
pub fn update_template(route: &Route, body: &[u8]) -> Result<UpdateTemplateInput, ApiError> {
    let raw: CreateTemplateBody = parse_body(body)?;
    let mut v = Violations::new();
    let domain_id = label(&mut v, route, "domainId");
    let template_id = label(&mut v, route, "templateId");
    if let Some(name) = &raw.name
        && v.length("name", name, 1, 100)
    {
        v.name_pattern("name", name);
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
        && raw.status.is_none();
    if nothing_sent {
        v.constraint(
            &UPDATABLE_TEMPLATE_MEMBERS.join(", "),
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
