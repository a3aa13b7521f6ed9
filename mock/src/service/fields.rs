//! CreateField, ListFields, BatchGetField, UpdateField, DeleteField.

use super::Service;
use crate::decode::fields::check_text_attributes;
use crate::decode::fields::{
    BatchGetFieldInput, CreateFieldInput, DeleteFieldInput, ListFieldsInput, UpdateFieldInput,
};
use crate::decode::validate::Violations;
use crate::error::ApiError;
use crate::output::{
    BatchGetFieldOutput, CreateFieldOutput, EmptyOutput, FieldError, FieldSummary, GetFieldOutput,
    ListFieldsOutput, Tags, Timestamp,
};
use crate::output::{FieldAttributes, TextAttributes};
use crate::store::records::{Field, Namespace};
use crate::time::now_millis;
use crate::token::TokenScope;

impl Service {
    /// Creates a custom field; a name already used by a field of the domain (deleted
    /// fields excepted) is a conflict.
    pub(super) fn create_field(
        &self,
        input: CreateFieldInput,
    ) -> Result<CreateFieldOutput, ApiError> {
        self.store.write(|s| {
            let domain = s.domain_mut(&input.domain_id)?;
            if domain
                .fields
                .iter()
                .any(|f| !f.deleted && f.name == input.name)
            {
                return Err(ApiError::conflict(format!(
                    "A field named '{}' already exists in domain '{}'",
                    input.name, input.domain_id
                )));
            }
            let id = self.ids.next_uuid();
            let arn = self.arns.field(&input.domain_id, &id);
            let now = now_millis();
            domain.insert_field(Field {
                id: id.clone(),
                arn: arn.clone(),
                name: input.name,
                field_type: input.field_type,
                namespace: Namespace::Custom,
                description: input.description,
                created: now,
                last_modified: now,
                deleted: false,
                options: Vec::new(),
                text_multiline: input.text_multiline,
            });
            Ok(CreateFieldOutput {
                field_arn: arn,
                field_id: id,
            })
        })
    }

    /// Fields in listing order: system fields, then custom fields by creation; deleted
    /// fields are left out.
    pub(super) fn list_fields(
        &self,
        input: &ListFieldsInput,
    ) -> Result<ListFieldsOutput, ApiError> {
        let scope = TokenScope {
            operation: "ListFields",
            domain_id: &input.domain_id,
            case_id: "",
            query: String::new(),
        };
        self.store.read(|s| {
            let domain = s.domain(&input.domain_id)?;
            let (items, next_token) = self.listing(
                &scope,
                input.next_token.as_deref(),
                domain.fields.len(),
                |i| domain.fields.get(i),
                input.max_results,
                |f| !f.deleted,
            )?;
            Ok(ListFieldsOutput {
                fields: items.iter().map(|f| summary(f)).collect(),
                next_token,
            })
        })
    }

    /// Each requested field, or an error entry for an unknown id.
    pub(super) fn batch_get_field(
        &self,
        input: &BatchGetFieldInput,
    ) -> Result<BatchGetFieldOutput, ApiError> {
        self.store.read(|s| {
            let domain = s.domain(&input.domain_id)?;
            let mut out = BatchGetFieldOutput {
                errors: Vec::new(),
                fields: Vec::new(),
            };
            for id in &input.field_ids {
                match domain.field(id) {
                    Some(f) => out.fields.push(detail(f, s.tags(&f.arn))),
                    None => out.errors.push(FieldError {
                        error_code: "NotFound".to_owned(),
                        id: id.clone(),
                        message: format!("Field '{id}' was not found"),
                    }),
                }
            }
            Ok(out)
        })
    }

    /// Renames a custom field or changes its description. Unknown field: 404; system or
    /// deleted field: 400 naming `fieldId`; a name another live field of the domain has:
    /// 409. Absent members keep their values.
    pub(super) fn update_field(&self, input: UpdateFieldInput) -> Result<EmptyOutput, ApiError> {
        self.store.write(|s| {
            let domain = s.domain_mut(&input.domain_id)?;
            let field = domain.existing_field(&input.field_id)?;
            usable_custom_field(field, "update")?;
            let mut v = Violations::new();
            check_text_attributes(&mut v, &field.field_type, input.text_multiline);
            v.finish()?;
            if let Some(name) = &input.name
                && domain
                    .fields
                    .iter()
                    .any(|f| !f.deleted && f.id != input.field_id && f.name == *name)
            {
                return Err(ApiError::conflict(format!(
                    "A field named '{name}' already exists in domain '{}'",
                    input.domain_id
                )));
            }
            if input.name.is_none() && input.description.is_none() && input.text_multiline.is_none()
            {
                return Ok(EmptyOutput {});
            }
            if let Some(field) = domain.field_mut(&input.field_id) {
                if let Some(name) = input.name {
                    field.name = name;
                }
                if let Some(description) = input.description {
                    field.description = Some(description);
                }
                if let Some(multiline) = input.text_multiline {
                    field.text_multiline = Some(multiline);
                }
                field.last_modified = now_millis().max(field.created);
            }
            Ok(EmptyOutput {})
        })
    }

    /// Marks a custom field deleted: it stays readable by BatchGetField (`deleted: true`)
    /// and in cases' values, and leaves ListFields, GetTemplate and GetLayout. Deleting a
    /// deleted field again changes nothing (the operation is idempotent); a system field
    /// is a 400; the 101st deletion in a domain is a 402.
    pub(super) fn delete_field(&self, input: &DeleteFieldInput) -> Result<EmptyOutput, ApiError> {
        self.store.write(|s| {
            let domain = s.domain_mut(&input.domain_id)?;
            let field = domain.existing_field(&input.field_id)?;
            if field.deleted {
                return Ok(EmptyOutput {});
            }
            usable_custom_field(field, "delete")?;
            let deleted = domain.fields.iter().filter(|f| f.deleted).count();
            if deleted >= MAX_DELETED_FIELDS {
                return Err(ApiError::quota(format!(
                    "Domain '{}' already has {MAX_DELETED_FIELDS} deleted fields, the most                      DeleteField allows per domain",
                    input.domain_id
                )));
            }
            if let Some(field) = domain.field_mut(&input.field_id) {
                field.deleted = true;
            }
            Ok(EmptyOutput {})
        })
    }
}

/// DeleteField's documentation: "You can delete up to 100 fields per domain."
const MAX_DELETED_FIELDS: usize = 100;

/// A system field cannot be changed (`what`: `update` or `delete`), nor a deleted one
/// (DeleteField's documentation: "You cannot update a deleted field by calling
/// `UpdateField`; it throws a `ValidationException`").
fn usable_custom_field(field: &Field, what: &str) -> Result<(), ApiError> {
    let reason = if field.deleted {
        "is deleted"
    } else if field.namespace == Namespace::System {
        "is a System field"
    } else {
        return Ok(());
    };
    Err(ApiError::validation(format!(
        "1 validation error detected: Value '{}' at 'fieldId' failed to satisfy constraint:          Member must name a field you can {what} (the field {reason})",
        field.id
    )))
}

fn summary(f: &Field) -> FieldSummary {
    FieldSummary {
        field_arn: f.arn.clone(),
        field_id: f.id.clone(),
        name: f.name.clone(),
        namespace: f.namespace.wire_name(),
        field_type: f.field_type.clone(),
        attributes: attributes(f),
    }
}

fn detail(f: &Field, tags: Tags) -> GetFieldOutput {
    GetFieldOutput {
        created_time: Timestamp(f.created),
        deleted: f.deleted,
        description: f.description.clone(),
        field_arn: f.arn.clone(),
        field_id: f.id.clone(),
        last_modified_time: Timestamp(f.last_modified),
        name: f.name.clone(),
        namespace: f.namespace.wire_name(),
        tags,
        field_type: f.field_type.clone(),
        attributes: attributes(f),
    }
}

/// `attributes` (1.44.5): only a field given text attributes has them, and only a
/// 1.44.5 instance can give them, so older releases never send the member.
fn attributes(f: &Field) -> Option<FieldAttributes> {
    f.text_multiline
        .map(|is_multiline| FieldAttributes::Text(TextAttributes { is_multiline }))
}
