//! CreateTemplate, GetTemplate, ListTemplates, UpdateTemplate, DeleteTemplate.

use super::Service;
use super::template_rules::{check_template_rules, rules_out, tag_propagation_out};
use crate::config::MockRelease;
use crate::decode::templates::{
    CreateTemplateInput, DeleteTemplateInput, GetTemplateInput, ListTemplatesInput,
    UpdateTemplateInput,
};
use crate::error::ApiError;
use crate::output::{
    CreateTemplateOutput, EmptyOutput, GetTemplateOutput, LayoutConfiguration, ListTemplatesOutput,
    RequiredField, TemplateSummary, Timestamp,
};
use crate::store::records::Template;
use crate::time::now_millis;
use crate::token::TokenScope;

impl Service {
    /// Creates a template; its required fields must exist and its name be unused.
    pub(super) fn create_template(
        &self,
        input: CreateTemplateInput,
    ) -> Result<CreateTemplateOutput, ApiError> {
        self.store.write(|s| {
            let domain = s.domain_mut(&input.domain_id)?;
            for (i, field_id) in input.required_fields.iter().enumerate() {
                if domain.field(field_id).is_none_or(|f| f.deleted) {
                    return Err(ApiError::validation(format!(
                        "1 validation error detected: Value at 'requiredFields[{i}].fieldId' failed to \
                         satisfy constraint: Member must name a field of the domain ('{field_id}' does not exist)"
                    )));
                }
            }
            let rules = input.extras.rules.unwrap_or_default();
            check_template_rules(domain, &rules)?;
            if domain
                .templates
                .iter()
                .any(|t| t.name == input.name && !t.deleted)
            {
                return Err(ApiError::conflict(format!(
                    "A template named '{}' already exists in domain '{}'",
                    input.name, input.domain_id
                )));
            }
            let id = self.ids.next_uuid();
            let arn = self.arns.template(&input.domain_id, &id);
            let now = now_millis();
            domain.insert_template(Template {
                id: id.clone(),
                arn: arn.clone(),
                name: input.name,
                description: input.description,
                has_layout_configuration: input.has_layout_configuration,
                default_layout: input.default_layout,
                required_fields: input.required_fields,
                status: input.status,
                created: now,
                last_modified: now,
                deleted: false,
                rules,
                tag_propagation: input.extras.tag_propagation.unwrap_or_default(),
            });
            Ok(CreateTemplateOutput {
                template_arn: arn,
                template_id: id,
            })
        })
    }

    pub(super) fn get_template(
        &self,
        input: &GetTemplateInput,
    ) -> Result<GetTemplateOutput, ApiError> {
        self.store.read(|s| {
            let domain = s.domain(&input.domain_id)?;
            let t = domain.template(&input.template_id)?;
            Ok(GetTemplateOutput {
                created_time: Timestamp(t.created),
                deleted: t.deleted,
                description: t.description.clone(),
                last_modified_time: Timestamp(t.last_modified),
                layout_configuration: t.has_layout_configuration.then(|| LayoutConfiguration {
                    default_layout: t.default_layout.clone(),
                }),
                name: t.name.clone(),
                // DeleteField's documentation: "GetTemplate does not return field IDs for
                // deleted fields."
                required_fields: t
                    .required_fields
                    .iter()
                    .filter(|id| domain.field(id).is_some_and(|f| !f.deleted))
                    .map(|f| RequiredField {
                        field_id: f.clone(),
                    })
                    .collect(),
                status: t.status.clone(),
                tags: s.tags(&t.arn),
                template_arn: t.arn.clone(),
                template_id: t.id.clone(),
                rules: self.since_1_44_5(|| rules_out(t)),
                tag_propagation_configurations: self.since_1_44_5(|| tag_propagation_out(t)),
            })
        })
    }

    /// Templates in creation order, optionally only those with the given statuses.
    pub(super) fn list_templates(
        &self,
        input: &ListTemplatesInput,
    ) -> Result<ListTemplatesOutput, ApiError> {
        let mut statuses = input.statuses.clone();
        statuses.sort();
        statuses.dedup();
        let scope = TokenScope {
            operation: "ListTemplates",
            domain_id: &input.domain_id,
            case_id: "",
            query: statuses.join(","),
        };
        self.store.read(|s| {
            let domain = s.domain(&input.domain_id)?;
            let keep =
                |t: &Template| !t.deleted && (statuses.is_empty() || statuses.contains(&t.status));
            let (items, next_token) = self.listing(
                &scope,
                input.next_token.as_deref(),
                domain.templates.len(),
                |i| domain.templates.get(i),
                input.max_results,
                keep,
            )?;
            Ok(ListTemplatesOutput {
                next_token,
                templates: items
                    .iter()
                    .map(|t| TemplateSummary {
                        name: t.name.clone(),
                        status: t.status.clone(),
                        template_arn: t.arn.clone(),
                        template_id: t.id.clone(),
                        tag_propagation_configurations: self
                            .since_1_44_5(|| tag_propagation_out(t)),
                    })
                    .collect(),
            })
        })
    }
}

impl Service {
    /// `Some(value())` when the instance emulates 1.44.5, whose model has the member the
    /// value fills; `None` (member omitted) for older releases.
    fn since_1_44_5<T>(&self, value: impl FnOnce() -> T) -> Option<T> {
        (self.config.release >= MockRelease::V1_44_5).then(value)
    }
}

/// How many templates a domain may delete (DeleteTemplate's documentation: "You can
/// delete up to 100 templates per domain.").
pub const MAX_DELETED_TEMPLATES: usize = 100;

impl Service {
    /// Changes the members sent; the others keep their values. A deleted template cannot
    /// be updated, required fields must exist, and the name must not be another
    /// (undeleted) template's.
    pub(super) fn update_template(
        &self,
        input: UpdateTemplateInput,
    ) -> Result<EmptyOutput, ApiError> {
        self.store.write(|s| {
            let domain = s.domain_mut(&input.domain_id)?;
            let template = domain.template(&input.template_id)?;
            if template.deleted {
                return Err(ApiError::validation(format!(
                    "1 validation error detected: Value '{}' at 'templateId' failed to satisfy \
                     constraint: Member must name a template that is not deleted (a deleted \
                     template cannot be updated)",
                    input.template_id
                )));
            }
            for (i, field_id) in input.required_fields.iter().flatten().enumerate() {
                if domain.field(field_id).is_none() {
                    return Err(ApiError::validation(format!(
                        "1 validation error detected: Value at 'requiredFields[{i}].fieldId' failed to \
                         satisfy constraint: Member must name a field of the domain ('{field_id}' does not exist)"
                    )));
                }
            }
            if let Some(rules) = &input.extras.rules {
                check_template_rules(domain, rules)?;
            }
            if let Some(name) = &input.name
                && domain
                    .templates
                    .iter()
                    .any(|t| &t.name == name && !t.deleted && t.id != input.template_id)
            {
                return Err(ApiError::conflict(format!(
                    "A template named '{name}' already exists in domain '{}'",
                    input.domain_id
                )));
            }
            let t = domain.template_mut(&input.template_id)?;
            if let Some(name) = input.name {
                t.name = name;
            }
            if let Some(description) = input.description {
                t.description = Some(description);
            }
            if let Some(layout) = input.layout_configuration {
                t.has_layout_configuration = true;
                t.default_layout = layout;
            }
            if let Some(required) = input.required_fields {
                t.required_fields = required;
            }
            if let Some(status) = input.status {
                t.status = status;
            }
            if let Some(rules) = input.extras.rules {
                t.rules = rules;
            }
            if let Some(tag_propagation) = input.extras.tag_propagation {
                t.tag_propagation = tag_propagation;
            }
            t.last_modified = now_millis().max(t.last_modified);
            Ok(EmptyOutput {})
        })
    }

    /// Marks the template deleted: GetTemplate still reads it (`deleted: true`),
    /// ListTemplates, UpdateTemplate and CreateCase no longer accept it. Deleting a deleted
    /// template again succeeds and changes nothing (the operation is idempotent); a domain
    /// that has deleted [`MAX_DELETED_TEMPLATES`] cannot delete another.
    pub(super) fn delete_template(
        &self,
        input: &DeleteTemplateInput,
    ) -> Result<EmptyOutput, ApiError> {
        self.store.write(|s| {
            let domain = s.domain_mut(&input.domain_id)?;
            if domain.template(&input.template_id)?.deleted {
                return Ok(EmptyOutput {});
            }
            let deleted = domain.templates.iter().filter(|t| t.deleted).count();
            if deleted >= MAX_DELETED_TEMPLATES {
                return Err(ApiError::validation(format!(
                    "1 validation error detected: Value '{}' at 'templateId' failed to satisfy \
                     constraint: Member must be deletable (domain '{}' has already deleted \
                     {MAX_DELETED_TEMPLATES} templates, the most a domain may delete)",
                    input.template_id, input.domain_id
                )));
            }
            let t = domain.template_mut(&input.template_id)?;
            t.deleted = true;
            t.last_modified = now_millis().max(t.last_modified);
            Ok(EmptyOutput {})
        })
    }
}
