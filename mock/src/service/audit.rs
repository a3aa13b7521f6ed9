//! GetCaseAuditEvents: a case's history, oldest first, one page at a time.

use super::Service;
use super::cases::{audit_fields, updated_fields};
use crate::decode::audit::GetCaseAuditEventsInput;
use crate::error::ApiError;
use crate::faults::Fault;
use crate::output::{self, AuditEventPerformedBy, GetCaseAuditEventsOutput, Timestamp, UserUnion};
use crate::store::records::{AuditEvent, AuditEventType};
use crate::token::TokenScope;

impl Service {
    pub(super) fn get_case_audit_events(
        &self,
        input: &GetCaseAuditEventsInput,
    ) -> Result<GetCaseAuditEventsOutput, ApiError> {
        let scope = TokenScope {
            operation: "GetCaseAuditEvents",
            domain_id: &input.domain_id,
            case_id: &input.case_id,
            query: String::new(),
        };
        self.store.read(|s| {
            let case = s.domain(&input.domain_id)?.case(&input.case_id)?;
            let events = &case.audit_events;
            let (items, next_token) = self.listing(
                &scope,
                input.next_token.as_deref(),
                events.len(),
                |i| events.get(i),
                input.max_results,
                |_| true,
            )?;
            let mut audit_events: Vec<output::AuditEvent> = items.into_iter().map(event).collect();
            if self.fault(Fault::EmptyIamPrincipal) {
                for e in &mut audit_events {
                    e.performed_by.iam_principal_arn.clear();
                }
            }
            Ok(GetCaseAuditEventsOutput {
                audit_events,
                next_token,
            })
        })
    }
}

impl Service {
    /// A fresh audit event id; with `audit-event-id-per-type`, one built from the case
    /// and the event type (so it repeats).
    pub(super) fn audit_event_id(&self, case_id: &str, event_type: AuditEventType) -> String {
        if self.fault(Fault::AuditEventIdPerType) {
            format!("{case_id}/{}", event_type.wire_name())
        } else {
            self.ids.next_uuid()
        }
    }
}

fn event(e: &AuditEvent) -> output::AuditEvent {
    output::AuditEvent {
        event_id: e.id.clone(),
        fields: if e.event_type == AuditEventType::CaseUpdated {
            updated_fields(&e.fields, &e.old_values)
        } else {
            audit_fields(&e.fields)
        },
        performed_by: AuditEventPerformedBy {
            iam_principal_arn: e.iam_principal_arn.clone(),
            user: e
                .user_arn
                .clone()
                .map(UserUnion::UserArn)
                .or_else(|| e.custom_entity.clone().map(UserUnion::CustomEntity)),
        },
        performed_time: Timestamp(e.performed_time),
        related_item_type: e.related_item_type.map(|t| t.wire_name()),
        event_type: e.event_type.wire_name(),
    }
}
