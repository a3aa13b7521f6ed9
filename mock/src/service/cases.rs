//! CreateCase and GetCase, with the checks of case fields against the domain and the
//! template, and the `Case.Created` audit event.

use std::collections::HashSet;

use super::Service;
use super::convert::{audit_value, field_value};
use super::system_fields::{CASE_REQUIRED_FIELDS, DEFAULT_STATUS, READ_ONLY_FIELDS};
use crate::decode::cases::{CreateCaseInput, GetCaseInput};
use crate::decode::common::FieldValue;
use crate::error::ApiError;
use crate::faults::Fault;
use crate::output::{self, CreateCaseOutput, GetCaseOutput};
use crate::store::records::{AuditEvent, AuditEventType, Case, Domain};
use crate::time::{format_iso8601, now_millis};
use crate::token::TokenScope;

impl Service {
    /// Creates a case. A repeated non-empty `clientToken` returns the case it created.
    pub(super) fn create_case(&self, input: CreateCaseInput) -> Result<CreateCaseOutput, ApiError> {
        self.store.write(|s| {
            let domain = s.domain_mut(&input.domain_id)?;
            if let Some(existing) = input
                .client_token
                .as_ref()
                .and_then(|t| domain.client_tokens.get(t))
                .and_then(|id| domain.case(id).ok())
            {
                return Ok(CreateCaseOutput {
                    case_arn: existing.arn.clone(),
                    case_id: existing.id.clone(),
                });
            }
            let template = domain.template(&input.template_id)?;
            if template.status != "Active" {
                return Err(invalid(
                    "templateId",
                    &format!(
                        "name an Active template ('{}' is {})",
                        template.id, template.status
                    ),
                ));
            }
            check_fields(domain, &input.fields)?;
            // A deleted field is no longer required (GetTemplate no longer returns it).
            let required = template
                .required_fields
                .iter()
                .map(String::as_str)
                .filter(|id| domain.field(id).is_some_and(|f| !f.deleted));
            for field_id in CASE_REQUIRED_FIELDS.iter().copied().chain(required) {
                let set = input
                    .fields
                    .iter()
                    .any(|(id, v)| id == field_id && *v != FieldValue::Empty);
                if !set {
                    return Err(invalid(
                        "fields",
                        &format!("set required field '{field_id}'"),
                    ));
                }
            }
            let now = now_millis();
            let id = self.ids.next_uuid();
            let arn = self.arns.case(&input.domain_id, &id);
            let mut fields = input.fields;
            if !fields.iter().any(|(f, _)| f == "status") {
                fields.push((
                    "status".to_owned(),
                    FieldValue::String(DEFAULT_STATUS.to_owned()),
                ));
            }
            let reference = format!("{:08}", domain.case_count() + 1);
            fields.push(("reference_number".to_owned(), FieldValue::String(reference)));
            let stamp = FieldValue::String(format_iso8601(now));
            fields.push(("created_datetime".to_owned(), stamp.clone()));
            fields.push(("last_updated_datetime".to_owned(), stamp));
            let created = AuditEvent {
                id: self.audit_event_id(&id, AuditEventType::CaseCreated),
                event_type: AuditEventType::CaseCreated,
                related_item_type: None,
                performed_time: now,
                fields: fields.clone(),
                iam_principal_arn: self.arns.caller_principal(),
                user_arn: input.performed_by,
            };
            if let Some(token) = input.client_token {
                domain.client_tokens.insert(token, id.clone());
            }
            domain.insert_case(Case {
                id: id.clone(),
                arn: arn.clone(),
                template_id: input.template_id,
                fields,
                related_items: Vec::new(),
                audit_events: if self.fault(Fault::NoCaseCreatedEvent) {
                    Vec::new()
                } else {
                    vec![created]
                },
            });
            Ok(CreateCaseOutput {
                case_arn: arn,
                case_id: id,
            })
        })
    }

    /// The requested fields the case has, in request order (unknown ids are skipped).
    pub(super) fn get_case(&self, input: &GetCaseInput) -> Result<GetCaseOutput, ApiError> {
        self.store.read(|s| {
            let case = s.domain(&input.domain_id)?.case(&input.case_id)?;
            if let Some(token) = &input.next_token {
                // GetCase returns every requested field at once and never issues a
                // token, so a token here is foreign by construction.
                let scope = TokenScope {
                    operation: "GetCase",
                    domain_id: &input.domain_id,
                    case_id: &input.case_id,
                    query: String::new(),
                };
                self.open(&scope, token, 0)?;
            }
            let fields = input
                .field_ids
                .iter()
                .filter_map(|id| {
                    case.fields
                        .iter()
                        .find(|(f, _)| f == id)
                        .map(|(f, v)| output::FieldValue {
                            id: f.clone(),
                            value: field_value(v),
                        })
                })
                .collect();
            Ok(GetCaseOutput {
                fields,
                tags: s.tags(&case.arn),
                template_id: case.template_id.clone(),
            })
        })
    }
}

/// Every field must exist once, be writable, and get a value of its type.
fn check_fields(domain: &Domain, fields: &[(String, FieldValue)]) -> Result<(), ApiError> {
    let mut seen = HashSet::new();
    for (i, (id, value)) in fields.iter().enumerate() {
        let at = format!("fields[{i}].id");
        let Some(field) = domain.field(id) else {
            return Err(invalid(
                &at,
                &format!("name a field of the domain ('{id}' does not exist)"),
            ));
        };
        if field.deleted {
            // DeleteField's documentation: "Calling CreateCase with a deleted field throws a
            // ValidationException denoting which field IDs in the request have been deleted."
            return Err(invalid(
                &at,
                &format!("name a field that is not deleted ('{id}' has been deleted)"),
            ));
        }
        if !seen.insert(id.as_str()) {
            return Err(invalid(&at, &format!("be unique ('{id}' is repeated)")));
        }
        if READ_ONLY_FIELDS.contains(&id.as_str()) {
            return Err(invalid(
                &at,
                &format!("name a writable field ('{id}' is set by the service)"),
            ));
        }
        if !compatible(&field.field_type, value) {
            return Err(invalid(
                &format!("fields[{i}].value"),
                &format!("match the field's type {} (field '{id}')", field.field_type),
            ));
        }
    }
    Ok(())
}

/// Which value member each `FieldType` takes; `emptyValue` fits every type.
fn compatible(field_type: &str, value: &FieldValue) -> bool {
    match value {
        FieldValue::Empty => true,
        FieldValue::String(_) => matches!(field_type, "Text" | "Url" | "SingleSelect" | "DateTime"),
        FieldValue::Double(_) => matches!(field_type, "Number" | "DateTime"),
        FieldValue::Boolean(_) => field_type == "Boolean",
        FieldValue::UserArn(_) => field_type == "User",
    }
}

fn invalid(path: &str, constraint: &str) -> ApiError {
    ApiError::validation(format!(
        "1 validation error detected: Value at '{path}' failed to satisfy constraint: Member must {constraint}"
    ))
}

/// The audit fields of `Case.Created`: every field the new case has.
pub(super) fn audit_fields(fields: &[(String, FieldValue)]) -> Vec<output::AuditEventField> {
    fields
        .iter()
        .map(|(id, v)| output::AuditEventField {
            event_field_id: id.clone(),
            new_value: audit_value(v),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_take_their_value_members() {
        assert!(compatible("Text", &FieldValue::String("a".into())));
        assert!(compatible("Number", &FieldValue::Double(1.0)));
        assert!(compatible("Boolean", &FieldValue::Boolean(true)));
        assert!(compatible("User", &FieldValue::UserArn("arn".into())));
        assert!(compatible("Number", &FieldValue::Empty));
        assert!(!compatible("Number", &FieldValue::String("1".into())));
        assert!(!compatible("Text", &FieldValue::Boolean(false)));
    }
}
