//! Stored related-item content as the response shapes show it, shared by every
//! operation that answers with items (SearchRelatedItems, SearchAllRelatedItems,
//! UpdateRelatedItem): each kind's content, an SLA's status and times derived from its
//! case, and the `UserUnion` of who performed an action.

use super::case_filter::value_of;
use super::convert::field_value;
use crate::decode::common::FieldValue;
use std::collections::BTreeSet;

use crate::decode::performer::Performer;
use crate::faults::Fault;
use crate::output::{
    CommentContent, ConnectCaseContent, ContactContent, CustomContent, FieldValue as OutField,
    FileContent, RelatedItemContent, SlaConfiguration, SlaContent, Timestamp, UserUnion,
};
use crate::store::records::{AuditEventType, Case, RelatedItem, StoredContent, StoredSla};
use crate::time::Millis;

/// A performer as the model's `UserUnion`.
pub fn user_union(performer: &Performer) -> UserUnion {
    match performer {
        Performer::UserArn(arn) => UserUnion::UserArn(arn.clone()),
        Performer::CustomEntity(entity) => UserUnion::CustomEntity(entity.clone()),
    }
}

/// Where an SLA stands at `now`: its `SlaStatus` and, once completed, its completion time.
///
/// An SLA is completed when its case's `fieldId` holds one of `targetFieldValues`
/// (`SlaInputConfiguration.targetFieldValues`: "The SLA is considered met if any one of
/// these target field values matches the actual field value"). The completion time is
/// when the field last got its current value (the latest `Case.Created` or
/// `Case.Updated` event naming it), or the association time if that was earlier: `Met`
/// when that is no later than `targetTime`, else `NotMet`. Not completed: `Active` up to
/// `targetTime`, `Overdue` after it. An SLA without `fieldId` or target values never
/// completes (the mock's choice; the model makes both optional).
pub fn sla_status(
    sla: &StoredSla,
    association_time: Millis,
    case: &Case,
    now: Millis,
) -> (&'static str, Option<Millis>) {
    let reached = sla.field_id.as_deref().filter(|id| {
        let have = value_of(&case.fields, id);
        sla.target_field_values
            .iter()
            .any(|target| match (target, have) {
                (FieldValue::Empty, None | Some(FieldValue::Empty)) => true,
                (target, Some(have)) => target == have,
                (_, None) => false,
            })
    });
    match reached {
        Some(field_id) => {
            let set_at = case
                .audit_events
                .iter()
                .rev()
                .find(|e| {
                    matches!(
                        e.event_type,
                        AuditEventType::CaseCreated | AuditEventType::CaseUpdated
                    ) && e.fields.iter().any(|(id, _)| id == field_id)
                })
                .map_or(association_time, |e| e.performed_time);
            let completed = set_at.max(association_time);
            let status = if completed <= sla.target_time {
                "Met"
            } else {
                "NotMet"
            };
            (status, Some(completed))
        }
        None if now <= sla.target_time => ("Active", None),
        None => ("Overdue", None),
    }
}

/// The status an SLA is shown with, as [`sla_status`] computes it; with `sla-status-frozen`,
/// the `Active` every SLA is created with (the mock's SLAs are all due in the future when
/// created), never recomputed: no completion, no `Overdue`.
pub fn shown_sla_status(
    sla: &StoredSla,
    association_time: Millis,
    case: &Case,
    now: Millis,
    faults: &BTreeSet<Fault>,
) -> (&'static str, Option<Millis>) {
    if faults.contains(&Fault::SlaStatusFrozen) {
        return ("Active", None);
    }
    sla_status(sla, association_time, case, now)
}

/// The item's content as `RelatedItemContent`, an SLA's status computed at `now`
/// against `case` (the case the item belongs to). With `custom-fields-dropped`, a custom
/// item's field values are left out (`fields: []`).
pub fn content(
    item: &RelatedItem,
    case: &Case,
    now: Millis,
    faults: &BTreeSet<Fault>,
) -> RelatedItemContent {
    match &item.content {
        StoredContent::Comment { body, content_type } => {
            RelatedItemContent::Comment(CommentContent {
                body: body.clone(),
                content_type: content_type.clone(),
            })
        }
        StoredContent::Contact {
            contact_arn,
            channel,
            connected_to_system_time,
        } => RelatedItemContent::Contact(ContactContent {
            channel: channel.clone(),
            connected_to_system_time: Timestamp(*connected_to_system_time),
            contact_arn: contact_arn.clone(),
        }),
        StoredContent::File { file_arn } => RelatedItemContent::File(FileContent {
            file_arn: file_arn.clone(),
        }),
        StoredContent::Sla(sla) => {
            let (status, completion) =
                shown_sla_status(sla, item.association_time, case, now, faults);
            RelatedItemContent::Sla(SlaContent {
                sla_configuration: SlaConfiguration {
                    name: sla.name.clone(),
                    sla_type: sla.sla_type.clone(),
                    status,
                    field_id: sla.field_id.clone(),
                    target_field_values: (!sla.target_field_values.is_empty())
                        .then(|| sla.target_field_values.iter().map(field_value).collect()),
                    target_time: Timestamp(sla.target_time),
                    completion_time: completion.map(Timestamp),
                },
            })
        }
        StoredContent::ConnectCase { case_id } => {
            RelatedItemContent::ConnectCase(ConnectCaseContent {
                case_id: case_id.clone(),
            })
        }
        StoredContent::Custom { fields } => RelatedItemContent::Custom(CustomContent {
            fields: fields
                .iter()
                .filter(|_| !faults.contains(&Fault::CustomFieldsDropped))
                .map(|(id, v)| OutField {
                    id: id.clone(),
                    value: field_value(v),
                })
                .collect(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::records::AuditEvent;

    fn case(status: &str, events: Vec<(AuditEventType, Millis, &str)>) -> Case {
        Case {
            id: "c".into(),
            arn: "arn:c".into(),
            template_id: "t".into(),
            fields: vec![("status".into(), FieldValue::String(status.into()))],
            related_items: Vec::new(),
            audit_events: events
                .into_iter()
                .map(|(event_type, at, value)| AuditEvent {
                    id: format!("e{at}"),
                    event_type,
                    related_item_type: None,
                    performed_time: at,
                    fields: vec![("status".into(), FieldValue::String(value.into()))],
                    old_values: Vec::new(),
                    iam_principal_arn: "p".into(),
                    user_arn: None,
                    extra: crate::store::records::AuditExtra::default(),
                })
                .collect(),
        }
    }

    fn sla(target_time: Millis) -> StoredSla {
        StoredSla {
            name: "close".into(),
            sla_type: "CaseField".into(),
            field_id: Some("status".into()),
            target_field_values: vec![FieldValue::String("closed".into())],
            target_time,
        }
    }

    #[test]
    fn open_slas_are_active_then_overdue() {
        let open = case("open", vec![(AuditEventType::CaseCreated, 0, "open")]);
        assert_eq!(sla_status(&sla(100), 10, &open, 100), ("Active", None));
        assert_eq!(sla_status(&sla(100), 10, &open, 101), ("Overdue", None));
        let mut never = sla(100);
        never.field_id = None;
        assert_eq!(sla_status(&never, 10, &open, 50), ("Active", None));
    }

    #[test]
    fn reaching_a_target_value_completes_the_sla() {
        let on_time = case(
            "closed",
            vec![
                (AuditEventType::CaseCreated, 0, "open"),
                (AuditEventType::CaseUpdated, 90, "closed"),
            ],
        );
        assert_eq!(sla_status(&sla(100), 10, &on_time, 500), ("Met", Some(90)));
        let late = case(
            "closed",
            vec![
                (AuditEventType::CaseCreated, 0, "open"),
                (AuditEventType::CaseUpdated, 150, "closed"),
            ],
        );
        assert_eq!(sla_status(&sla(100), 10, &late, 500), ("NotMet", Some(150)));
        // Already at the target when the SLA was associated: met at association.
        let already = case("closed", vec![(AuditEventType::CaseCreated, 0, "closed")]);
        assert_eq!(sla_status(&sla(100), 10, &already, 500), ("Met", Some(10)));
    }
}
