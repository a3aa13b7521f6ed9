//! CreateRelatedItem and SearchRelatedItems, and appending an item to a case (shared
//! with BatchCreateRelatedItem).

use std::collections::BTreeSet;
use std::sync::atomic::Ordering;

use sha2::{Digest, Sha256};

use super::Service;
use super::filter::{canonical, matches_any};
use super::related_checks::{check_content, check_filters};
use super::related_content::{content, user_union};
use crate::decode::performer::Performer;
use crate::decode::related_items::{
    CreateRelatedItemInput, RelatedItemInput, SearchRelatedItemsInput,
};
use crate::error::ApiError;
use crate::faults::Fault;
use crate::kinds::RelatedItemType;
use crate::output::{
    CreateRelatedItemOutput, SearchRelatedItemsOutput, SearchRelatedItemsResponseItem, Tags,
    Timestamp,
};
use crate::store::records::{
    AuditEvent, AuditEventType, Case, RelatedItem, StoredContent, StoredSla,
};
use crate::time::{Millis, now_millis};
use crate::token::TokenScope;

/// How long a new item stays invisible to searches with the `delayed-visibility` fault.
pub const DELAYED_VISIBILITY_MS: Millis = 2_000;

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

/// Whether searches at `now` see `item`: always, unless `delayed-visibility` hides it
/// for [`DELAYED_VISIBILITY_MS`] after its creation.
pub fn visible(item: &RelatedItem, now: Millis, faults: &BTreeSet<Fault>) -> bool {
    !faults.contains(&Fault::DelayedVisibility)
        || now - item.association_time >= DELAYED_VISIBILITY_MS
}

/// Whether searches find `item`: unless it was deleted, or `deleted-related-item-found`
/// keeps serving deleted items (a search index the delete never reached).
pub fn live(item: &RelatedItem, faults: &BTreeSet<Fault>) -> bool {
    !item.deleted || faults.contains(&Fault::DeletedRelatedItemFound)
}

/// `duplicate-ids`: a UUID-shaped hash of the case and the content, so the same content
/// in the same case always gets the same id.
fn content_id(domain_id: &str, case_id: &str, content: &RelatedItemInput) -> String {
    let digest = Sha256::digest(format!("{domain_id}\0{case_id}\0{content:?}").as_bytes());
    let hex = hex::encode(&digest[..16]);
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

impl Service {
    /// Appends a related item to the case and records `RelatedItem.Created`.
    pub(super) fn create_related_item(
        &self,
        input: CreateRelatedItemInput,
    ) -> Result<CreateRelatedItemOutput, ApiError> {
        self.store.write(|s| {
            // StartMergeCases: "you can't modify the secondary case or its related items".
            self.refuse_merging_secondary(s, &input.domain_id, &input.case_id)?;
            let domain = s.domain_mut(&input.domain_id)?;
            domain.case(&input.case_id)?;
            check_content(domain, &input.case_id, &input.content)?;
            let case = domain.case_mut(&input.case_id)?;
            let (id, arn) = self.append_item(
                &input.domain_id,
                case,
                input.content,
                input.performed_by,
                now_millis(),
            );
            Ok(CreateRelatedItemOutput {
                related_item_arn: arn,
                related_item_id: id,
            })
        })
    }

    /// Appends an item with already checked `content` to `case`, records its
    /// `RelatedItem.Created` event, and returns its id and ARN.
    pub(super) fn append_item(
        &self,
        domain_id: &str,
        case: &mut Case,
        content: RelatedItemInput,
        performed_by: Option<Performer>,
        now: Millis,
    ) -> (String, String) {
        let id = if self.fault(Fault::DuplicateIds) {
            content_id(domain_id, &case.id, &content)
        } else {
            self.ids.next_uuid()
        };
        let arn = self.arns.related_item(domain_id, &case.id, &id);
        let kind = content.kind();
        let performed_by = if self.fault(Fault::PerformedByDropped) {
            None
        } else {
            performed_by
        };
        let content = stored(content, now);
        if !(kind == RelatedItemType::File && self.fault(Fault::NoAuditForFile)) {
            let event = self.item_event(
                &case.id,
                AuditEventType::RelatedItemCreated,
                kind,
                now,
                performed_by.as_ref(),
            );
            case.audit_events.push(event);
        }
        // Called under the store's write lock, so `seq` follows the order items are added.
        let seq = self.items_created.fetch_add(1, Ordering::Relaxed);
        case.related_items.push(RelatedItem {
            id: id.clone(),
            content,
            association_time: now,
            performed_by,
            last_updated_by: None,
            deleted: false,
            seq,
        });
        (id, arn)
    }

    /// A `RelatedItem.*` audit event about an item of `kind`, by `performer`.
    pub(super) fn item_event(
        &self,
        case_id: &str,
        event_type: AuditEventType,
        kind: RelatedItemType,
        now: Millis,
        performer: Option<&Performer>,
    ) -> AuditEvent {
        AuditEvent {
            id: self.audit_event_id(case_id, event_type),
            event_type,
            related_item_type: Some(kind),
            performed_time: now,
            fields: Vec::new(),
            old_values: Vec::new(),
            iam_principal_arn: self.arns.caller_principal(),
            user_arn: performer.and_then(Performer::user_arn).map(str::to_owned),
            extra: crate::store::records::AuditExtra {
                custom_entity: performer
                    .and_then(Performer::custom_entity)
                    .map(str::to_owned),
                merge: None,
            },
        }
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
            let domain = s.domain(&input.domain_id)?;
            let case = domain.case(&input.case_id)?;
            check_filters(domain, &input.filters)?;
            let own = &case.related_items;
            // `other-case-items-leak`: the items of the domain's other cases follow.
            let mut leaked: Vec<&RelatedItem> = Vec::new();
            if self.fault(Fault::OtherCaseItemsLeak) {
                let mut others: Vec<&Case> = domain.cases().filter(|c| c.id != case.id).collect();
                others.sort_by(|a, b| a.id.cmp(&b.id));
                leaked = others.iter().flat_map(|c| &c.related_items).collect();
            }
            let now = now_millis();
            let faults = &self.config.faults;
            let (items, next_token) = self.listing(
                &scope,
                input.next_token.as_deref(),
                own.len() + leaked.len(),
                |i| own.get(i).or_else(|| leaked.get(i - own.len()).copied()),
                input.max_results,
                |item| {
                    live(item, faults)
                        && visible(item, now, faults)
                        && matches_any(&input.filters, item, case, now, faults)
                },
            )?;
            Ok(SearchRelatedItemsOutput {
                next_token,
                related_items: items
                    .into_iter()
                    .map(|item| {
                        let arn =
                            self.arns
                                .related_item(&input.domain_id, &input.case_id, &item.id);
                        response_item(item, case, now, s.tags(&arn), faults)
                    })
                    .collect(),
            })
        })
    }
}

/// Checked input content as stored: a contact gets its channel and connection time, an
/// SLA its target time (`targetSlaMinutes` after `now`, the association time).
fn stored(content: RelatedItemInput, now: Millis) -> StoredContent {
    match content {
        RelatedItemInput::Comment { body, content_type } => {
            StoredContent::Comment { body, content_type }
        }
        RelatedItemInput::Contact { contact_arn } => StoredContent::Contact {
            channel: channel_for(&contact_arn).to_owned(),
            contact_arn,
            connected_to_system_time: now,
        },
        RelatedItemInput::File { file_arn } => StoredContent::File { file_arn },
        RelatedItemInput::Sla(sla) => StoredContent::Sla(StoredSla {
            name: sla.name,
            sla_type: sla.sla_type,
            field_id: sla.field_id,
            target_field_values: sla.target_field_values,
            target_time: now.saturating_add(sla.target_sla_minutes.saturating_mul(60_000)),
        }),
        RelatedItemInput::ConnectCase { case_id } => StoredContent::ConnectCase { case_id },
        RelatedItemInput::Custom { fields } => StoredContent::Custom { fields },
    }
}

fn response_item(
    item: &RelatedItem,
    case: &Case,
    now: Millis,
    tags: Tags,
    faults: &BTreeSet<Fault>,
) -> SearchRelatedItemsResponseItem {
    SearchRelatedItemsResponseItem {
        association_time: Timestamp(item.association_time),
        content: content(item, case, now, faults),
        performed_by: item.performed_by.as_ref().map(user_union),
        related_item_id: item.id.clone(),
        tags,
        item_type: item.content.kind().wire_name(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delayed_visibility_hides_new_items_for_two_seconds() {
        let item = RelatedItem {
            id: "i".into(),
            content: StoredContent::File {
                file_arn: "f".into(),
            },
            association_time: 10_000,
            performed_by: None,
            last_updated_by: None,
            deleted: false,
            seq: 0,
        };
        let faithful = BTreeSet::new();
        assert!(visible(&item, 10_000, &faithful));
        let delayed = BTreeSet::from([Fault::DelayedVisibility]);
        assert!(!visible(&item, 10_000, &delayed));
        assert!(!visible(&item, 11_999, &delayed));
        assert!(visible(&item, 12_000, &delayed));
    }

    #[test]
    fn content_ids_repeat_for_the_same_content_in_a_case() {
        let file = |arn: &str| RelatedItemInput::File {
            file_arn: arn.into(),
        };
        let id = content_id("d", "c", &file("a"));
        assert_eq!(id.len(), 36);
        assert_eq!(id, content_id("d", "c", &file("a")));
        assert_ne!(id, content_id("d", "c", &file("b")));
        assert_ne!(id, content_id("d", "c2", &file("a")));
    }

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
