//! GetCaseAuditEvents: a case's history, oldest first, one page at a time.

use super::Service;
use super::cases::audit_fields;
use super::page::page;
use crate::decode::audit::GetCaseAuditEventsInput;
use crate::error::ApiError;
use crate::output::{self, AuditEventPerformedBy, GetCaseAuditEventsOutput, Timestamp, UserUnion};
use crate::store::records::AuditEvent;
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
            let start = self.start(&scope, input.next_token.as_deref(), case.audit_events.len())?;
            let p = page(&case.audit_events, start, input.max_results, |_| true);
            Ok(GetCaseAuditEventsOutput {
                audit_events: p.items.into_iter().map(event).collect(),
                next_token: p.next.map(|n| self.tokens.issue(&scope, n)),
            })
        })
    }
}

fn event(e: &AuditEvent) -> output::AuditEvent {
    output::AuditEvent {
        event_id: e.id.clone(),
        fields: audit_fields(&e.fields),
        performed_by: AuditEventPerformedBy {
            iam_principal_arn: e.iam_principal_arn.clone(),
            user: e.user_arn.clone().map(|user_arn| UserUnion { user_arn }),
        },
        performed_time: Timestamp(e.performed_time),
        related_item_type: e.related_item_type.map(|t| t.wire_name()),
        event_type: e.event_type.wire_name(),
    }
}
