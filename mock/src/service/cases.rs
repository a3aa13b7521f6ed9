//! CreateCase, GetCase and UpdateCase, with the checks of case fields against the domain
//! and the template, and the `Case.Created` and `Case.Updated` audit events.

use std::collections::HashSet;

use super::Service;
use super::case_rule_eval::check_required_by_rules;
use super::convert::{audit_value_within, field_value};
use super::system_fields::{CASE_REQUIRED_FIELDS, DEFAULT_STATUS, READ_ONLY_FIELDS};
use super::template_rules::propagated_case_tags;
use crate::decode::cases::{CreateCaseInput, GetCaseInput, UpdateCaseInput};
use crate::decode::common::FieldValue;
use crate::error::ApiError;
use crate::faults::Fault;
use crate::output::{self, CreateCaseOutput, EmptyOutput, GetCaseOutput};
use crate::store::records::{AuditEvent, AuditEventType, Case, Domain};
use crate::time::{format_iso8601, now_millis};
use crate::token::TokenScope;

use super::case_limits::{check_summary_bound, performer_arn, performer_extra};

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
            if template.deleted {
                return Err(invalid(
                    "templateId",
                    &format!(
                        "name a template that is not deleted ('{}' is deleted)",
                        template.id
                    ),
                ));
            }
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
            check_summary_bound(self.config.release, &input.fields)?;
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
            // 1.44.5: the template's `required` case rules, evaluated on the new case.
            check_required_by_rules(domain, template, &input.fields)?;
            let case_tags = propagated_case_tags(template);
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
            let reference = domain.next_reference_number();
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
                old_values: Vec::new(),
                iam_principal_arn: self.arns.caller_principal(),
                user_arn: performer_arn(input.performed_by.as_ref()),
                extra: performer_extra(input.performed_by.as_ref()),
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
            // The template's propagated tags, then CreateCase's own `tags` (1.44.5), as
            // TagResource would set them.
            let mut case_tags = case_tags;
            case_tags.extend(input.tags);
            if !case_tags.is_empty() {
                s.tag(&arn, case_tags);
            }
            Ok(CreateCaseOutput {
                case_arn: arn,
                case_id: id,
            })
        })
    }

    /// The requested fields the case has, in request order (unknown ids are skipped).
    pub(super) fn get_case(&self, input: &GetCaseInput) -> Result<GetCaseOutput, ApiError> {
        self.store.read(|s| {
            let case = match s.domain(&input.domain_id)?.case(&input.case_id) {
                Ok(case) => case,
                // `case-other-domain-reachable`: a case of another domain, found by its id.
                Err(missing) if self.fault(Fault::CaseOtherDomainReachable) => s
                    .domains()
                    .iter()
                    .find_map(|d| d.case(&input.case_id).ok())
                    .ok_or(missing)?,
                Err(missing) => return Err(missing),
            };
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
pub(super) fn check_fields(
    domain: &Domain,
    fields: &[(String, FieldValue)],
) -> Result<(), ApiError> {
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
pub(super) fn compatible(field_type: &str, value: &FieldValue) -> bool {
    match value {
        FieldValue::Empty => true,
        FieldValue::String(_) => matches!(field_type, "Text" | "Url" | "SingleSelect" | "DateTime"),
        FieldValue::Double(_) => matches!(field_type, "Number" | "DateTime"),
        FieldValue::Boolean(_) => field_type == "Boolean",
        FieldValue::UserArn(_) => field_type == "User",
    }
}

pub(super) fn invalid(path: &str, constraint: &str) -> ApiError {
    ApiError::validation(format!(
        "1 validation error detected: Value at '{path}' failed to satisfy constraint: Member must {constraint}"
    ))
}

/// The audit fields of `Case.Created`: every field the new case has (strings cut to
/// `max` characters, the release's audit bound).
pub(super) fn audit_fields(
    fields: &[(String, FieldValue)],
    max: usize,
) -> Vec<output::AuditEventField> {
    fields
        .iter()
        .map(|(id, v)| output::AuditEventField {
            event_field_id: id.clone(),
            new_value: audit_value_within(v, max),
            old_value: None,
        })
        .collect()
}

impl Service {
    /// Sets the given fields; the others keep their values. Fields are checked as for
    /// CreateCase (they exist, occur once, are writable, get a value member of their
    /// type), and `emptyValue` may not clear a field the case's template requires, nor
    /// `title` or `customer_id`. When some value changes, `last_updated_datetime` is set to
    /// now and one `Case.Updated` event records the old and new value of every field
    /// that changed; an update that changes nothing records nothing.
    pub(super) fn update_case(&self, input: UpdateCaseInput) -> Result<EmptyOutput, ApiError> {
        self.store.write(|s| {
            self.refuse_merging_secondary(s, &input.domain_id, &input.case_id)?;
            let domain = s.domain_mut(&input.domain_id)?;
            let case = domain.case(&input.case_id)?;
            check_fields(domain, &input.fields)?;
            check_summary_bound(self.config.release, &input.fields)?;
            let template = domain.template(&case.template_id)?;
            let required = template.required_fields.iter().map(String::as_str);
            let required: HashSet<&str> = CASE_REQUIRED_FIELDS
                .iter()
                .copied()
                .chain(required)
                .collect();
            for (i, (id, value)) in input.fields.iter().enumerate() {
                if *value == FieldValue::Empty && required.contains(id.as_str()) {
                    return Err(invalid(
                        &format!("fields[{i}].value"),
                        &format!("not be emptyValue for a required field ('{id}')"),
                    ));
                }
            }
            let changed = changes(&case.fields, &input.fields);
            if changed.is_empty() {
                return Ok(EmptyOutput {});
            }
            // 1.44.5: the template's `required` case rules hold for the case as the update
            // would leave it.
            let mut after = case.fields.clone();
            for (id, value) in &changed {
                set_field(&mut after, id, value.clone());
            }
            check_required_by_rules(domain, template, &after)?;
            let now = now_millis();
            let event_id = self.audit_event_id(&input.case_id, AuditEventType::CaseUpdated);
            let case = domain.case_mut(&input.case_id)?;
            let mut fields = Vec::with_capacity(changed.len() + 1);
            let mut old_values = Vec::new();
            let stamp = FieldValue::String(format_iso8601(now));
            let service_set = ("last_updated_datetime".to_owned(), stamp);
            for (id, value) in changed.into_iter().chain([service_set]) {
                let old = set_field(&mut case.fields, &id, value.clone());
                if let Some(old) = old {
                    old_values.push((id.clone(), old));
                }
                fields.push((id, value));
            }
            case.audit_events.push(AuditEvent {
                id: event_id,
                event_type: AuditEventType::CaseUpdated,
                related_item_type: None,
                performed_time: now,
                fields,
                old_values,
                iam_principal_arn: self.arns.caller_principal(),
                user_arn: performer_arn(input.performed_by.as_ref()),
                extra: performer_extra(input.performed_by.as_ref()),
            });
            Ok(EmptyOutput {})
        })
    }
}

/// The `(id, value)` pairs of `update` that differ from what `current` holds (a field
/// the case does not have yet counts as different, even for `emptyValue`).
pub(super) fn changes(
    current: &[(String, FieldValue)],
    update: &[(String, FieldValue)],
) -> Vec<(String, FieldValue)> {
    update
        .iter()
        .filter(|(id, value)| !current.iter().any(|(f, v)| f == id && v == value))
        .cloned()
        .collect()
}

/// Sets field `id` to `value` (appending it when the case does not have it yet) and
/// returns the previous value.
pub(super) fn set_field(
    fields: &mut Vec<(String, FieldValue)>,
    id: &str,
    value: FieldValue,
) -> Option<FieldValue> {
    match fields.iter_mut().find(|(f, _)| f == id) {
        Some((_, slot)) => Some(std::mem::replace(slot, value)),
        None => {
            fields.push((id.to_owned(), value));
            None
        }
    }
}

/// The audit fields of `Case.Updated`: each changed field's new value and, when it had
/// one, its old value.
pub(super) fn updated_fields(
    fields: &[(String, FieldValue)],
    old_values: &[(String, FieldValue)],
    max: usize,
) -> Vec<output::AuditEventField> {
    fields
        .iter()
        .map(|(id, v)| output::AuditEventField {
            event_field_id: id.clone(),
            new_value: audit_value_within(v, max),
            old_value: old_values
                .iter()
                .find(|(f, _)| f == id)
                .map(|(_, old)| audit_value_within(old, max)),
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

    #[test]
    fn changes_are_the_values_that_differ() {
        let current = vec![
            ("title".to_owned(), FieldValue::String("a".into())),
            ("n".to_owned(), FieldValue::Double(1.0)),
        ];
        let update = vec![
            ("title".to_owned(), FieldValue::String("a".into())),
            ("n".to_owned(), FieldValue::Double(2.0)),
            ("flag".to_owned(), FieldValue::Empty),
        ];
        assert_eq!(
            changes(&current, &update),
            [
                ("n".to_owned(), FieldValue::Double(2.0)),
                ("flag".to_owned(), FieldValue::Empty)
            ]
        );
        assert!(changes(&current, &current).is_empty());
    }

    #[test]
    fn set_field_replaces_or_appends() {
        let mut fields = vec![("title".to_owned(), FieldValue::String("a".into()))];
        assert_eq!(
            set_field(&mut fields, "title", FieldValue::String("b".into())),
            Some(FieldValue::String("a".into()))
        );
        assert_eq!(set_field(&mut fields, "n", FieldValue::Double(3.0)), None);
        assert_eq!(
            fields,
            [
                ("title".to_owned(), FieldValue::String("b".into())),
                ("n".to_owned(), FieldValue::Double(3.0))
            ]
        );
    }

    #[test]
    fn updated_fields_carry_old_values_when_there_were_some() {
        let fields = vec![
            ("title".to_owned(), FieldValue::String("new".into())),
            ("n".to_owned(), FieldValue::Double(2.0)),
        ];
        let old = vec![("title".to_owned(), FieldValue::String("x".repeat(600)))];
        let out = updated_fields(&fields, &old, 500);
        assert_eq!(out.len(), 2);
        assert_eq!(
            out[0].old_value,
            Some(output::FieldValueUnion::String("x".repeat(500)))
        );
        assert_eq!(out[1].old_value, None);
        assert_eq!(out[1].new_value, output::FieldValueUnion::Double(2.0));
    }
}
