//! BatchUpdateCase (1.44.5): one set of field values applied to up to 100 cases of a
//! domain, each case on its own ("If some cases fail, the remaining cases are still
//! updated").
//!
//! The whole request fails, nothing updated, when (its documentation) the domain does
//! not exist (404 `Domain`), a reference ID matches no case (404 `Case` naming the
//! reference: the mock's choice of error, the documentation only says the request
//! fails), or a field identifier does not resolve to a live field of the domain (400).
//! The mock also fails the whole request for what is wrong with the shared values
//! whatever the case: a value of the wrong type for its field, a service-set field, a
//! field named twice (the same checks as UpdateCase). Per case, in `failedCases`:
//! `CASE_NOT_FOUND` (a `caseId` naming no case), `CONFLICT` (the secondary case of a
//! running merge), `VALIDATION_ERROR` (`emptyValue` for a field the case's template
//! requires). Every other case is updated as UpdateCase would (a `Case.Updated` event
//! with old and new values when something changed) and listed in `successfulCases`.

use std::collections::HashSet;

use super::Service;
use super::case_limits::{check_summary_bound, performer_arn, performer_extra};
use super::cases::{changes, compatible, invalid, set_field};
use super::system_fields::{CASE_REQUIRED_FIELDS, READ_ONLY_FIELDS};
use crate::decode::case_batch::{BatchUpdateCaseInput, CaseRef, FieldRef};
use crate::decode::common::FieldValue;
use crate::error::ApiError;
use crate::faults::Fault;
use crate::output::{
    BatchUpdateCaseErrorEntry, BatchUpdateCaseOutput, BatchUpdateCaseSuccessEntry, CaseIdentifier,
};
use crate::store::State;
use crate::store::batch_tokens::BatchReplay;
use crate::store::records::{AuditEvent, AuditEventType, Domain};
use crate::time::{format_iso8601, now_millis};

impl Service {
    /// Runs BatchUpdateCase (see the module documentation).
    pub(super) fn batch_update_case(
        &self,
        input: BatchUpdateCaseInput,
    ) -> Result<BatchUpdateCaseOutput, ApiError> {
        self.store.write(|s| {
            s.domain(&input.domain_id)?;
            let fingerprint = fingerprint(&input);
            if let Some(token) = &input.client_token
                && let Some(replay) = s.batch_replay(&input.domain_id, token)
            {
                if replay.fingerprint == fingerprint {
                    return Ok(replay.answer.clone());
                }
                return Err(ApiError::conflict(
                    "The client token was already used with different request parameters",
                ));
            }
            let answer = self.apply_batch(s, &input)?;
            if let Some(token) = &input.client_token {
                let replay = BatchReplay {
                    fingerprint,
                    answer: answer.clone(),
                };
                s.remember_batch(&input.domain_id, token, replay);
            }
            Ok(answer)
        })
    }

    fn apply_batch(
        &self,
        s: &mut State,
        input: &BatchUpdateCaseInput,
    ) -> Result<BatchUpdateCaseOutput, ApiError> {
        let domain = s.domain(&input.domain_id)?;
        let update = resolve_fields(domain, input)?;
        check_summary_bound(self.config.release, &update)?;
        let mut targets = Vec::with_capacity(input.cases.len());
        for case in &input.cases {
            targets.push(match case {
                CaseRef::Id(id) => (id.clone(), None),
                CaseRef::Reference(reference) => {
                    let found = domain
                        .case_by_reference(reference)
                        .ok_or_else(|| ApiError::not_found("Case", reference))?;
                    (found.id.clone(), Some(reference.clone()))
                }
            });
        }
        let mut output = BatchUpdateCaseOutput {
            successful_cases: Vec::new(),
            failed_cases: Vec::new(),
        };
        for (case_id, reference) in targets {
            let identifier = CaseIdentifier {
                case_id: Some(case_id.clone()),
                reference_id: reference.clone(),
            };
            let failure = |code: &'static str, message: String| BatchUpdateCaseErrorEntry {
                case_identifier: identifier.clone(),
                error_code: code,
                error_message: message,
            };
            if s.is_merging_secondary(&input.domain_id, &case_id) {
                output.failed_cases.push(failure(
                    "CONFLICT",
                    format!("Case {case_id} is the secondary case of a merge that is running"),
                ));
                continue;
            }
            let domain = s.domain_mut(&input.domain_id)?;
            let Ok(case) = domain.case(&case_id) else {
                if self
                    .config
                    .faults
                    .contains(&Fault::BatchUpdateFailureUnreported)
                {
                    continue;
                }
                output.failed_cases.push(failure(
                    "CASE_NOT_FOUND",
                    format!("No case exists with the case ID {case_id}"),
                ));
                continue;
            };
            if let Some(id) = cleared_required(domain, &case.template_id, &update) {
                output.failed_cases.push(failure(
                    "VALIDATION_ERROR",
                    format!(
                        "Field '{id}' is required by the case's template and cannot be emptyValue"
                    ),
                ));
                continue;
            }
            let reference_id = reference.or_else(|| reference_number(&case.fields));
            if !self.config.faults.contains(&Fault::BatchUpdateIgnored) {
                self.update_one(domain, &case_id, &update, input)?;
            }
            output.successful_cases.push(BatchUpdateCaseSuccessEntry {
                case_identifier: CaseIdentifier {
                    case_id: Some(case_id),
                    reference_id,
                },
            });
        }
        Ok(output)
    }

    /// Applies `update` to one case as UpdateCase does.
    fn update_one(
        &self,
        domain: &mut Domain,
        case_id: &str,
        update: &[(String, FieldValue)],
        input: &BatchUpdateCaseInput,
    ) -> Result<(), ApiError> {
        let case = domain.case_mut(case_id)?;
        let changed = changes(&case.fields, update);
        if changed.is_empty() {
            return Ok(());
        }
        let now = now_millis();
        let stamp = FieldValue::String(format_iso8601(now));
        let mut fields = Vec::with_capacity(changed.len() + 1);
        let mut old_values = Vec::new();
        for (id, value) in changed
            .into_iter()
            .chain([("last_updated_datetime".to_owned(), stamp)])
        {
            if let Some(old) = set_field(&mut case.fields, &id, value.clone()) {
                old_values.push((id.clone(), old));
            }
            fields.push((id, value));
        }
        let event_id = self.audit_event_id(case_id, AuditEventType::CaseUpdated);
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
        Ok(())
    }
}

/// The request's `fields` resolved to field ids, then `title`, `status` and
/// `customerId` as the `title`, `status` and `customer_id` fields.
fn resolve_fields(
    domain: &Domain,
    input: &BatchUpdateCaseInput,
) -> Result<Vec<(String, FieldValue)>, ApiError> {
    let mut update = Vec::with_capacity(input.fields.len() + 3);
    let mut seen = HashSet::new();
    for (i, (field, value)) in input.fields.iter().enumerate() {
        let at = format!("fields[{i}].fieldIdentifier");
        let found = match field {
            FieldRef::Id(id) => domain.field(id).filter(|f| !f.deleted),
            FieldRef::Name(name) => domain.fields.iter().find(|f| !f.deleted && f.name == *name),
        };
        let Some(found) = found else {
            let named = match field {
                FieldRef::Id(id) | FieldRef::Name(id) => id,
            };
            return Err(invalid(
                &at,
                &format!("resolve to a field of the domain ('{named}' does not)"),
            ));
        };
        if ["title", "status", "customer_id"].contains(&found.id.as_str()) {
            return Err(invalid(
                &at,
                &format!("not name '{}' (set it through its own member)", found.id),
            ));
        }
        if READ_ONLY_FIELDS.contains(&found.id.as_str()) {
            return Err(invalid(
                &at,
                &format!(
                    "name a writable field ('{}' is set by the service)",
                    found.id
                ),
            ));
        }
        if !seen.insert(found.id.clone()) {
            return Err(invalid(
                &at,
                &format!("be unique ('{}' is repeated)", found.id),
            ));
        }
        if !compatible(&found.field_type, value) {
            return Err(invalid(
                &format!("fields[{i}].value"),
                &format!(
                    "match the field's type {} (field '{}')",
                    found.field_type, found.id
                ),
            ));
        }
        update.push((found.id.clone(), value.clone()));
    }
    let top = [
        ("title", &input.title),
        ("status", &input.status),
        ("customer_id", &input.customer_id),
    ];
    for (id, value) in top {
        if let Some(value) = value {
            update.push((id.to_owned(), FieldValue::String(value.clone())));
        }
    }
    Ok(update)
}

/// The first field of `update` that clears (`emptyValue`) a field the template requires.
fn cleared_required<'a>(
    domain: &Domain,
    template_id: &str,
    update: &'a [(String, FieldValue)],
) -> Option<&'a str> {
    let template = domain.template(template_id).ok();
    let required: HashSet<&str> = CASE_REQUIRED_FIELDS
        .iter()
        .copied()
        .chain(
            template
                .iter()
                .flat_map(|t| t.required_fields.iter().map(String::as_str)),
        )
        .collect();
    update
        .iter()
        .find(|(id, v)| *v == FieldValue::Empty && required.contains(id.as_str()))
        .map(|(id, _)| id.as_str())
}

/// A case's reference ID: its `reference_number` (the mock's choice; see the README).
fn reference_number(fields: &[(String, FieldValue)]) -> Option<String> {
    fields.iter().find_map(|(id, v)| match v {
        FieldValue::String(s) if id == "reference_number" => Some(s.clone()),
        _ => None,
    })
}

/// The request's parameters other than the token, as comparable text.
fn fingerprint(input: &BatchUpdateCaseInput) -> String {
    let mut copy = input.clone();
    copy.client_token = None;
    format!("{copy:?}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decode::performer::Performer;

    fn input(token: Option<&str>) -> BatchUpdateCaseInput {
        BatchUpdateCaseInput {
            domain_id: "d".into(),
            cases: vec![CaseRef::Id("c".into())],
            fields: Vec::new(),
            title: Some("t".into()),
            status: None,
            customer_id: None,
            performed_by: Some(Performer::UserArn("u".into())),
            client_token: token.map(str::to_owned),
        }
    }

    #[test]
    fn the_fingerprint_ignores_the_token_only() {
        assert_eq!(fingerprint(&input(Some("a"))), fingerprint(&input(None)));
        let mut other = input(Some("a"));
        other.title = Some("u".into());
        assert_ne!(fingerprint(&other), fingerprint(&input(Some("a"))));
    }

    #[test]
    fn the_reference_id_is_the_reference_number() {
        let fields = vec![
            ("title".to_owned(), FieldValue::String("t".into())),
            (
                "reference_number".to_owned(),
                FieldValue::String("00000007".into()),
            ),
        ];
        assert_eq!(reference_number(&fields).as_deref(), Some("00000007"));
        assert_eq!(reference_number(&fields[..1]), None);
    }
}
