//! CreateField, ListFields, BatchGetField.

use super::Service;
use crate::decode::fields::{BatchGetFieldInput, CreateFieldInput, ListFieldsInput};
use crate::error::ApiError;
use crate::output::{
    BatchGetFieldOutput, CreateFieldOutput, FieldError, FieldSummary, GetFieldOutput,
    ListFieldsOutput, Tags, Timestamp,
};
use crate::store::records::{Field, Namespace};
use crate::time::now_millis;
use crate::token::TokenScope;

impl Service {
    /// Creates a custom field; a name already used in the domain is a conflict.
    pub(super) fn create_field(
        &self,
        input: CreateFieldInput,
    ) -> Result<CreateFieldOutput, ApiError> {
        self.store.write(|s| {
            let domain = s.domain_mut(&input.domain_id)?;
            if domain.fields.iter().any(|f| f.name == input.name) {
                return Err(ApiError::conflict(format!(
                    "A field named '{}' already exists in domain '{}'",
                    input.name, input.domain_id
                )));
            }
            let id = self.ids.next_uuid();
            let arn = self.arns.field(&input.domain_id, &id);
            domain.insert_field(Field {
                id: id.clone(),
                arn: arn.clone(),
                name: input.name,
                field_type: input.field_type,
                namespace: Namespace::Custom,
                description: input.description,
                created: now_millis(),
            });
            Ok(CreateFieldOutput {
                field_arn: arn,
                field_id: id,
            })
        })
    }

    /// Fields in listing order: system fields, then custom fields by creation.
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
                |_| true,
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
}

fn summary(f: &Field) -> FieldSummary {
    FieldSummary {
        field_arn: f.arn.clone(),
        field_id: f.id.clone(),
        name: f.name.clone(),
        namespace: f.namespace.wire_name(),
        field_type: f.field_type.clone(),
    }
}

fn detail(f: &Field, tags: Tags) -> GetFieldOutput {
    GetFieldOutput {
        created_time: Timestamp(f.created),
        deleted: false,
        description: f.description.clone(),
        field_arn: f.arn.clone(),
        field_id: f.id.clone(),
        last_modified_time: Timestamp(f.created),
        name: f.name.clone(),
        namespace: f.namespace.wire_name(),
        tags,
        field_type: f.field_type.clone(),
    }
}
