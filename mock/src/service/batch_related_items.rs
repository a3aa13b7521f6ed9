//! BatchCreateRelatedItem (1.44.5): one comment appended to many cases of a domain,
//! each case processed on its own, with client-token idempotency.

use super::Service;
use crate::decode::batch_related_items::{BatchCreateRelatedItemInput, CaseRef};
use crate::error::ApiError;
use crate::faults::Fault;
use crate::output::{
    BatchCreateRelatedItemErrorEntry, BatchCreateRelatedItemOutput,
    BatchCreateRelatedItemSuccessEntry, CaseIdentifier,
};
use crate::store::records::{BatchOutcome, BatchRecord, Case, Domain};
use crate::time::now_millis;

use super::related_checks::invalid;
use crate::decode::common::FieldValue;

/// A case's reference id: the mock gives every case one, its `reference_number` (unique
/// in the domain, since the mock numbers cases), because the model names reference ids
/// (`CaseIdentifierUnion.referenceId`: "unique within a domain, and uniqueness isn't
/// case sensitive") but says nothing of how a case gets one.
pub fn reference_id(case: &Case) -> String {
    case.fields
        .iter()
        .find_map(|(id, v)| match (id.as_str(), v) {
            ("reference_number", FieldValue::String(s)) => Some(s.clone()),
            _ => None,
        })
        .unwrap_or_default()
}

/// The case whose reference id is `reference`, ignoring case.
fn by_reference<'a>(domain: &'a Domain, reference: &str) -> Option<&'a Case> {
    domain
        .cases()
        .find(|c| reference_id(c).eq_ignore_ascii_case(reference))
}

impl Service {
    /// The operation's documentation: the whole request fails (nothing is created) when
    /// the domain does not exist (404 `Domain`), when a reference id matches no case of
    /// the domain (404 `Case` naming it, the mock's choice of error) or when a case is
    /// named twice (400 naming `cases`, also when a `caseId` and a `referenceId` name
    /// the same case). Otherwise each case is processed on its own: an unknown `caseId`
    /// is a `failedItems` entry with `CASE_NOT_FOUND` ("No case exists with the
    /// specified case ID") and the others get the item and their `RelatedItem.Created`
    /// event. A repeated `clientToken` with the same parameters answers what the first
    /// request answered without creating anything; with other parameters it is a 409
    /// (`clientToken`'s documentation).
    pub(super) fn batch_create_related_item(
        &self,
        input: BatchCreateRelatedItemInput,
    ) -> Result<BatchCreateRelatedItemOutput, ApiError> {
        self.store.write(|s| {
            let domain = s.domain_mut(&input.domain_id)?;
            let fingerprint = format!(
                "{:?}\0{:?}\0{:?}",
                input.content, input.cases, input.performed_by
            );
            if let Some(token) = &input.client_token
                && let Some(record) = domain.batch_related_item_tokens.get(token)
            {
                if record.fingerprint != fingerprint {
                    return Err(ApiError::new(
                        crate::error::ErrorKind::Conflict,
                        "The client token was already used with different request parameters",
                    ));
                }
                return Ok(answer(&record.outcomes));
            }
            // Resolve every identifier first: a whole-request failure creates nothing.
            let mut targets: Vec<Result<String, String>> = Vec::with_capacity(input.cases.len());
            for case_ref in &input.cases {
                targets.push(match case_ref {
                    CaseRef::CaseId(id) => match domain.case(id) {
                        Ok(_) => Ok(id.clone()),
                        Err(_) => Err(id.clone()),
                    },
                    CaseRef::ReferenceId(reference) => match by_reference(domain, reference) {
                        Some(case) => Ok(case.id.clone()),
                        None => return Err(ApiError::not_found("Case", reference)),
                    },
                });
            }
            let mut seen = std::collections::HashSet::new();
            for (i, target) in targets.iter().enumerate() {
                if let Ok(id) = target
                    && !seen.insert(id.clone())
                {
                    return Err(invalid(
                        &format!("cases[{i}].caseIdentifier"),
                        &format!("name each case once (case '{id}' is named twice)"),
                    ));
                }
            }
            let now = now_millis();
            let mut outcomes = Vec::with_capacity(targets.len());
            // `batch-created-once`: the first case's item is the only one made.
            let mut first: Option<(String, String)> = None;
            for target in targets {
                outcomes.push(match target {
                    Ok(case_id) => {
                        let case = domain.case_mut(&case_id)?;
                        let (item_id, arn) = match &first {
                            Some(made) if self.fault(Fault::BatchCreatedOnce) => made.clone(),
                            _ => self.append_item(
                                &input.domain_id,
                                case,
                                input.content.clone(),
                                input.performed_by.clone(),
                                now,
                            ),
                        };
                        first.get_or_insert_with(|| (item_id.clone(), arn.clone()));
                        BatchOutcome::Created {
                            reference_id: reference_id(case),
                            case_id,
                            related_item_id: item_id,
                            related_item_arn: arn,
                        }
                    }
                    Err(case_id) => BatchOutcome::Failed {
                        error_message: format!(
                            "No case exists with the specified case ID ({case_id})"
                        ),
                        case_id,
                        error_code: "CASE_NOT_FOUND",
                    },
                });
            }
            let output = answer(&outcomes);
            if let Some(token) = input.client_token {
                domain.batch_related_item_tokens.insert(
                    token,
                    BatchRecord {
                        fingerprint,
                        outcomes,
                    },
                );
            }
            Ok(output)
        })
    }
}

/// The response for `outcomes`: successes and failures, each in request order.
fn answer(outcomes: &[BatchOutcome]) -> BatchCreateRelatedItemOutput {
    let mut out = BatchCreateRelatedItemOutput {
        failed_items: Vec::new(),
        successful_items: Vec::new(),
    };
    for outcome in outcomes {
        match outcome {
            BatchOutcome::Created {
                case_id,
                reference_id,
                related_item_id,
                related_item_arn,
            } => out
                .successful_items
                .push(BatchCreateRelatedItemSuccessEntry {
                    case_identifier: CaseIdentifier {
                        case_id: Some(case_id.clone()),
                        reference_id: Some(reference_id.clone()),
                    },
                    related_item_arn: related_item_arn.clone(),
                    related_item_id: related_item_id.clone(),
                }),
            BatchOutcome::Failed {
                case_id,
                error_code,
                error_message,
            } => out.failed_items.push(BatchCreateRelatedItemErrorEntry {
                case_identifier: CaseIdentifier {
                    case_id: Some(case_id.clone()),
                    reference_id: None,
                },
                error_code: (*error_code).to_owned(),
                error_message: error_message.clone(),
            }),
        }
    }
    out
}
