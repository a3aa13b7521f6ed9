//! StartMergeCases and GetMergeCasesStatus (1.44.5).
//!
//! "The merge runs asynchronously": the mock's merge runs for [`MERGE_RUN_MILLIS`] and
//! is then applied by the first request that arrives (any operation; see
//! [`Service::settle_merges`]), so GetMergeCasesStatus answers `IN_PROGRESS` right after
//! StartMergeCases and the conflicts the documentation lists for a running merge can be
//! observed. Field values are read when the merge is applied ("Field values are read
//! from both cases when the merge runs"). Applying a merge:
//!
//! * fields: the custom fields and `assigned_queue`, `assigned_user`, `summary`,
//!   `case_reason` of the secondary case; a selected field's value replaces the
//!   primary's (an empty one clears it); an unselected one fills the primary only where
//!   it has no value or an empty one;
//! * related items of the selected kinds move to the primary case with their id,
//!   creator, association time and tags (under their new ARN); File items never move;
//!   a contact the primary already has stays the primary's item, which gets the tag keys
//!   only the secondary's had, and the secondary's duplicate is dropped (the mock's
//!   choice: the documentation does not say where it goes);
//! * the secondary case is closed (`status` `closed`, `last_closed_datetime` now);
//! * each case records one `Case.Merged` event (the changes the merge made to that case,
//!   with old values, and `mergeMetadata` naming the merge) — the mock's reading of
//!   "`Case.Merged` summarizes a merge on each of the two cases".

use std::collections::HashSet;

use super::Service;
use super::case_limits::{performer_arn, performer_extra};
use super::cases::{invalid, set_field};
use crate::decode::case_delete::CasePathInput;
use crate::decode::case_merge::StartMergeCasesInput;
use crate::decode::common::FieldValue;
use crate::error::ApiError;
use crate::faults::Fault;
use crate::kinds::RelatedItemType;
use crate::output::{EmptyOutput, GetMergeCasesStatusOutput};
use crate::store::State;
use crate::store::merges::Merge;
use crate::store::records::{
    AuditEvent, AuditEventType, Case, Domain, MergeMetadata, Namespace, RelatedItem, StoredContent,
};
use crate::time::{Millis, format_iso8601, now_millis};

/// How long a merge runs before it is applied.
pub const MERGE_RUN_MILLIS: Millis = 300;

/// The system fields a merge may take ("You can only merge custom fields and the
/// following system fields: `assigned_queue`, `assigned_user`, `summary`, and
/// `case_reason`").
const MERGEABLE_SYSTEM_FIELDS: [&str; 4] =
    ["assigned_queue", "assigned_user", "summary", "case_reason"];

/// "After the merge, the primary case would have more than 500 field values".
const MAX_FIELD_VALUES: usize = 500;

impl Service {
    /// A 409 when `case_id` is the secondary case of a running merge ("While the merge
    /// runs, you can't modify the secondary case or its related items"; UpdateCase,
    /// CreateRelatedItem, UpdateRelatedItem and DeleteRelatedItem: "If the case is the
    /// secondary case of a merge that is running, the request fails with a
    /// ConflictException"). With `merge-conflicts-ignored` the request is served.
    pub(super) fn refuse_merging_secondary(
        &self,
        s: &State,
        domain_id: &str,
        case_id: &str,
    ) -> Result<(), ApiError> {
        if s.is_merging_secondary(domain_id, case_id) && !self.fault(Fault::MergeConflictsIgnored) {
            return Err(ApiError::conflict(format!(
                "Case {case_id} is the secondary case of a merge that is running"
            )));
        }
        Ok(())
    }

    /// Starts a merge after the checks the documentation lists (400, 404, 409).
    pub(super) fn start_merge_cases(
        &self,
        input: StartMergeCasesInput,
    ) -> Result<EmptyOutput, ApiError> {
        self.store.write(|s| {
            let domain = s.domain(&input.domain_id)?;
            let secondary_id = &input.secondary_case_id;
            if *secondary_id == input.case_id {
                return Err(invalid(
                    "secondaryCaseIds[0]",
                    "name another case than the primary case",
                ));
            }
            let primary = domain.case(&input.case_id)?;
            let secondary = domain.case(secondary_id)?;
            for id in [&input.case_id, secondary_id] {
                if s.running_merge(&input.domain_id, id).is_some() {
                    return Err(ApiError::conflict(format!(
                        "Case {id} is already part of a merge that is running"
                    )));
                }
                if s.merged_into(&input.domain_id, id).is_some() {
                    return Err(ApiError::conflict(format!(
                        "Case {id} was merged into another case"
                    )));
                }
            }
            check_mergeable(domain, primary, secondary, &input)?;
            let due = now_millis() + MERGE_RUN_MILLIS;
            s.start_merge(Merge {
                domain_id: input.domain_id,
                merge_event_id: self.ids.next_uuid(),
                primary: input.case_id,
                secondary: input.secondary_case_id,
                field_ids: input.field_ids,
                move_members: input.move_members,
                performed_by: input.performed_by,
                due,
                completed: false,
            });
            Ok(EmptyOutput {})
        })
    }

    /// `IN_PROGRESS` for either case of a running merge, `COMPLETED` for the secondary
    /// case of a finished one, else a 404 (the primary after its merge included).
    pub(super) fn get_merge_cases_status(
        &self,
        input: &CasePathInput,
    ) -> Result<GetMergeCasesStatusOutput, ApiError> {
        self.store.read(|s| {
            s.domain(&input.domain_id)?.case(&input.case_id)?;
            let (status, merge) = match s.running_merge(&input.domain_id, &input.case_id) {
                Some(m) => ("IN_PROGRESS", m),
                None => match s.merged_into(&input.domain_id, &input.case_id) {
                    Some(m) => ("COMPLETED", m),
                    None => {
                        let mut err = ApiError::not_found("Case", &input.case_id);
                        err.message = format!(
                            "Case {} is not part of a running merge and was not merged into another case",
                            input.case_id
                        );
                        return Err(err);
                    }
                },
            };
            Ok(GetMergeCasesStatusOutput {
                status,
                primary_case_id: merge.primary.clone(),
                secondary_case_ids: vec![merge.secondary.clone()],
            })
        })
    }

    /// Applies every merge whose run is over. Called before each request, so a merge is
    /// visible as finished to every request after its due time.
    pub(super) fn settle_merges(&self) {
        let now = now_millis();
        if !self.store.read(|s| s.merge_due(now)) {
            return;
        }
        self.store.write(|s| {
            for merge in s.finish_due_merges(now) {
                self.apply_merge(s, &merge, now);
            }
        });
    }

    fn apply_merge(&self, s: &mut State, merge: &Merge, now: Millis) {
        let Ok(domain) = s.domain_mut(&merge.domain_id) else {
            return; // the domain was deleted while the merge ran
        };
        let (Ok(primary), Ok(secondary)) =
            (domain.case(&merge.primary), domain.case(&merge.secondary))
        else {
            return;
        };
        let taken = merged_values(domain, primary, secondary, &merge.field_ids);
        let (moved, duplicates) = if self.config.faults.contains(&Fault::MergeItemsNotMoved) {
            Default::default()
        } else {
            items_to_move(primary, secondary, &merge.move_members)
        };
        let audited = !self.config.faults.contains(&Fault::MergeNotAudited);
        let primary_arn = primary.arn.clone();
        let secondary_arn = secondary.arn.clone();
        let stamp = FieldValue::String(format_iso8601(now));
        let metadata = MergeMetadata {
            merge_event_id: merge.merge_event_id.clone(),
            primary_case_id: merge.primary.clone(),
            secondary_case_id: merge.secondary.clone(),
        };
        let moved_ids: HashSet<String> = moved
            .iter()
            .map(|i| i.id.clone())
            .chain(duplicates.iter().map(|(dup, _)| dup.clone()))
            .collect();
        if let Ok(secondary) = domain.case_mut(&merge.secondary) {
            secondary
                .related_items
                .retain(|i| !moved_ids.contains(&i.id));
            let closing = [
                ("status".to_owned(), FieldValue::String("closed".to_owned())),
                ("last_closed_datetime".to_owned(), stamp.clone()),
                ("last_updated_datetime".to_owned(), stamp.clone()),
            ];
            let event = self.merged_event(secondary, closing.to_vec(), merge, &metadata, now);
            if audited {
                secondary.audit_events.push(event);
            }
        }
        if let Ok(primary) = domain.case_mut(&merge.primary) {
            primary.related_items.extend(moved.iter().cloned());
            let mut changes = taken;
            changes.push(("last_updated_datetime".to_owned(), stamp));
            let event = self.merged_event(primary, changes, merge, &metadata, now);
            if audited {
                primary.audit_events.push(event);
            }
        }
        for item in &moved {
            let from = format!("{secondary_arn}/related-item/{}", item.id);
            let to = format!("{primary_arn}/related-item/{}", item.id);
            s.move_tags(&from, &to);
        }
        for (dup, kept) in &duplicates {
            let from = format!("{secondary_arn}/related-item/{dup}");
            let to = format!("{primary_arn}/related-item/{kept}");
            s.move_tags(&from, &to);
        }
    }

    /// Sets `changes` on `case` and returns its `Case.Merged` event.
    fn merged_event(
        &self,
        case: &mut Case,
        changes: Vec<(String, FieldValue)>,
        merge: &Merge,
        metadata: &MergeMetadata,
        now: Millis,
    ) -> AuditEvent {
        let mut old_values = Vec::new();
        for (id, value) in &changes {
            if let Some(old) = set_field(&mut case.fields, id, value.clone()) {
                old_values.push((id.clone(), old));
            }
        }
        let mut extra = performer_extra(merge.performed_by.as_ref());
        extra.merge = Some(metadata.clone());
        AuditEvent {
            id: self.audit_event_id(&case.id, AuditEventType::CaseMerged),
            event_type: AuditEventType::CaseMerged,
            related_item_type: None,
            performed_time: now,
            fields: changes,
            old_values,
            iam_principal_arn: self.arns.caller_principal(),
            user_arn: performer_arn(merge.performed_by.as_ref()),
            extra,
        }
    }
}

/// Whether field `id` of `domain` may be merged.
fn mergeable(domain: &Domain, id: &str) -> bool {
    MERGEABLE_SYSTEM_FIELDS.contains(&id)
        || domain
            .field(id)
            .is_some_and(|f| f.namespace == Namespace::Custom && !f.deleted)
}

fn value_of<'a>(case: &'a Case, id: &str) -> Option<&'a FieldValue> {
    case.fields.iter().find(|(f, _)| f == id).map(|(_, v)| v)
}

/// The checks StartMergeCases's documentation answers with a `ValidationException`.
fn check_mergeable(
    domain: &Domain,
    primary: &Case,
    secondary: &Case,
    input: &StartMergeCasesInput,
) -> Result<(), ApiError> {
    for (case, member) in [(primary, "caseId"), (secondary, "secondaryCaseIds[0]")] {
        if matches!(value_of(case, "status"), Some(FieldValue::String(s)) if s.eq_ignore_ascii_case("closed"))
        {
            return Err(invalid(
                member,
                &format!("name a case that is not closed ('{}' is)", case.id),
            ));
        }
    }
    let customer = |case: &Case| match value_of(case, "customer_id") {
        Some(FieldValue::String(s)) if !s.is_empty() => Some(s.clone()),
        _ => None,
    };
    if let (Some(a), Some(b)) = (customer(primary), customer(secondary))
        && a != b
    {
        return Err(invalid(
            "secondaryCaseIds[0]",
            "name a case with the same customer as the primary case (or none)",
        ));
    }
    for (i, id) in input.field_ids.iter().enumerate() {
        let at = format!("fieldsConfiguration[0].fieldIds[{i}].id");
        if !mergeable(domain, id) {
            return Err(invalid(
                &at,
                &format!("name a field that can be merged ('{id}' cannot)"),
            ));
        }
        if value_of(secondary, id).is_none() {
            return Err(invalid(
                &at,
                &format!("name a field the secondary case has ('{id}')"),
            ));
        }
    }
    let mut ids: HashSet<&str> = primary.fields.iter().map(|(f, _)| f.as_str()).collect();
    ids.extend(
        secondary
            .fields
            .iter()
            .map(|(f, _)| f.as_str())
            .filter(|f| mergeable(domain, f)),
    );
    if ids.len() > MAX_FIELD_VALUES {
        return Err(invalid(
            "secondaryCaseIds[0]",
            &format!("leave the primary case with at most {MAX_FIELD_VALUES} field values"),
        ));
    }
    Ok(())
}

/// The values the primary case takes from the secondary case (only those that change).
fn merged_values(
    domain: &Domain,
    primary: &Case,
    secondary: &Case,
    selected: &[String],
) -> Vec<(String, FieldValue)> {
    let mut taken = Vec::new();
    for (id, value) in &secondary.fields {
        if !mergeable(domain, id) {
            continue;
        }
        let current = value_of(primary, id);
        let take = if selected.contains(id) {
            true
        } else {
            matches!(current, None | Some(FieldValue::Empty)) && *value != FieldValue::Empty
        };
        if take && current != Some(value) {
            taken.push((id.clone(), value.clone()));
        }
    }
    taken
}

/// The secondary case's items that move, and the `(secondary item, primary item)` pairs
/// of contacts both cases have.
fn items_to_move(
    primary: &Case,
    secondary: &Case,
    members: &[&'static str],
) -> (Vec<RelatedItem>, Vec<(String, String)>) {
    let mut moved = Vec::new();
    let mut duplicates = Vec::new();
    for item in &secondary.related_items {
        let kind = item.content.kind();
        if kind == RelatedItemType::File || !members.contains(&kind.member_name()) {
            continue;
        }
        if let StoredContent::Contact { contact_arn, .. } = &item.content {
            let same = primary.related_items.iter().find(|p| {
                matches!(&p.content, StoredContent::Contact { contact_arn: a, .. } if a == contact_arn)
            });
            if let Some(kept) = same {
                duplicates.push((item.id.clone(), kept.id.clone()));
                continue;
            }
        }
        moved.push(item.clone());
    }
    (moved, duplicates)
}
