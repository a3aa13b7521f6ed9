//! CreateRelatedItem and SearchRelatedItems.

use super::Service;
use super::filter::{canonical, matches_any};
use super::page::page;
use crate::decode::related_items::{
    CreateRelatedItemInput, RelatedItemInput, SearchRelatedItemsInput,
};
use crate::error::ApiError;
use crate::output::{
    CommentContent, ContactContent, CreateRelatedItemOutput, FileContent, RelatedItemContent,
    SearchRelatedItemsOutput, SearchRelatedItemsResponseItem, Tags, Timestamp, UserUnion,
};
use crate::store::records::{AuditEvent, AuditEventType, RelatedItem, StoredContent};
use crate::time::now_millis;
use crate::token::TokenScope;

/// The Connect channel the mock reports for a contact. The mock cannot look contacts
/// up, so it derives one from the ARN: `CHAT`, `TASK` or `EMAIL` when the ARN contains
/// that word (any case), else `VOICE`. Real contact ids are hex UUIDs and never do.
pub fn channel_for(contact_arn: &str) -> &'static str {
    let lower = contact_arn.to_ascii_lowercase();
    ["chat", "task", "email"]
        .into_iter()
        .zip(["CHAT", "TASK", "EMAIL"])
        .find(|(word, _)| lower.contains(word))
        .map_or("VOICE", |(_, channel)| channel)
}

impl Service {
    /// Appends a related item to the case and records `RelatedItem.Created`.
    pub(super) fn create_related_item(
        &self,
        input: CreateRelatedItemInput,
    ) -> Result<CreateRelatedItemOutput, ApiError> {
        self.store.write(|s| {
            let case = s.domain_mut(&input.domain_id)?.case_mut(&input.case_id)?;
            let now = now_millis();
            let id = self.ids.next_uuid();
            let arn = self
                .arns
                .related_item(&input.domain_id, &input.case_id, &id);
            let kind = input.content.kind();
            let content = match input.content {
                RelatedItemInput::Comment { body, content_type } => {
                    StoredContent::Comment { body, content_type }
                }
                RelatedItemInput::Contact { contact_arn } => StoredContent::Contact {
                    channel: channel_for(&contact_arn).to_owned(),
                    contact_arn,
                    connected_to_system_time: now,
                },
                RelatedItemInput::File { file_arn } => StoredContent::File { file_arn },
            };
            case.audit_events.push(AuditEvent {
                id: self.ids.next_uuid(),
                event_type: AuditEventType::RelatedItemCreated,
                related_item_type: Some(kind),
                performed_time: now,
                fields: Vec::new(),
                iam_principal_arn: self.arns.caller_principal(),
                user_arn: input.performed_by.clone(),
            });
            case.related_items.push(RelatedItem {
                id: id.clone(),
                content,
                association_time: now,
                performed_by: input.performed_by,
            });
            Ok(CreateRelatedItemOutput {
                related_item_arn: arn,
                related_item_id: id,
            })
        })
    }

    /// Items matching any filter, in creation order, one page at a time.
    pub(super) fn search_related_items(
        &self,
        input: &SearchRelatedItemsInput,
    ) -> Result<SearchRelatedItemsOutput, ApiError> {
        let scope = TokenScope {
            operation: "SearchRelatedItems",
            domain_id: &input.domain_id,
            case_id: &input.case_id,
            query: canonical(&input.filters),
        };
        self.store.read(|s| {
            let case = s.domain(&input.domain_id)?.case(&input.case_id)?;
            let start = self.start(
                &scope,
                input.next_token.as_deref(),
                case.related_items.len(),
            )?;
            let p = page(&case.related_items, start, input.max_results, |item| {
                matches_any(&input.filters, item)
            });
            Ok(SearchRelatedItemsOutput {
                next_token: p.next.map(|n| self.tokens.issue(&scope, n)),
                related_items: p.items.into_iter().map(response_item).collect(),
            })
        })
    }
}

fn response_item(item: &RelatedItem) -> SearchRelatedItemsResponseItem {
    let content = match &item.content {
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
    };
    SearchRelatedItemsResponseItem {
        association_time: Timestamp(item.association_time),
        content,
        performed_by: item
            .performed_by
            .clone()
            .map(|user_arn| UserUnion { user_arn }),
        related_item_id: item.id.clone(),
        tags: Tags::new(),
        item_type: item.content.kind().wire_name(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn channels_are_derived_from_the_arn() {
        let base = "arn:aws:connect:us-east-1:123456789012:instance/0f1e/contact/";
        assert_eq!(
            channel_for(&format!("{base}6ec6b5d2-1c4e-4c0e-9f3a-0a2b3c4d5e6f")),
            "VOICE"
        );
        assert_eq!(channel_for(&format!("{base}chat-1")), "CHAT");
        assert_eq!(channel_for(&format!("{base}TASK-1")), "TASK");
        assert_eq!(channel_for(&format!("{base}email-1")), "EMAIL");
    }
}
