//! UpdateRelatedItem and DeleteRelatedItem (1.44.5): changing a comment's text or a
//! custom item's fields, and removing an item from its case. Either is a 409 on the
//! secondary case of a running merge ("If the case is the secondary case of a merge that
//! is running, the request fails with a ConflictException").

use super::Service;
use super::related_checks::{check_custom_fields, invalid};
use super::related_content::{content, user_union};
use crate::decode::related_items_update::{
    DeleteRelatedItemInput, RelatedItemUpdate, UpdateRelatedItemInput,
};
use crate::error::ApiError;
use crate::faults::Fault;
use crate::kinds::RelatedItemType;
use crate::output::{EmptyOutput, Timestamp, UpdateRelatedItemOutput};
use crate::store::records::{AuditEventType, Case, Domain, RelatedItem, StoredContent};
use crate::time::now_millis;

/// The position of the live item `id` in `case`, or a 404 `RelatedItem` naming it.
fn live_item(case: &Case, id: &str) -> Result<usize, ApiError> {
    case.related_items
        .iter()
        .position(|i| i.id == id && !i.deleted)
        .ok_or_else(|| ApiError::not_found("RelatedItem", id))
}

impl Service {
    /// The id of the case holding the live item `id`: the case the path names, which must
    /// exist. With `related-item-other-case-reachable`, an item the named case does not hold
    /// is looked up in every case of the domain.
    fn owning_case(&self, domain: &Domain, case_id: &str, id: &str) -> Result<String, ApiError> {
        let case = domain.case(case_id)?;
        if live_item(case, id).is_ok() || !self.fault(Fault::RelatedItemOtherCaseReachable) {
            return Ok(case_id.to_owned());
        }
        domain
            .cases()
            .find(|c| live_item(c, id).is_ok())
            .map(|c| c.id.clone())
            .ok_or_else(|| ApiError::not_found("RelatedItem", id))
    }

    /// Replaces a comment's body or a custom item's whole field list ("Fields not
    /// included as part of this request will be removed"), keeps everything else
    /// (id, type, association time, creator, tags), sets `lastUpdatedUser` and records
    /// `RelatedItem.Updated`. Only Comment and Custom items can be updated (the
    /// operation's documentation lists just those two), each only with its own member.
    pub(super) fn update_related_item(
        &self,
        input: UpdateRelatedItemInput,
    ) -> Result<UpdateRelatedItemOutput, ApiError> {
        self.store.write(|s| {
            // "If the case is the secondary case of a merge that is running, the request
            // fails with a ConflictException."
            self.refuse_merging_secondary(s, &input.domain_id, &input.case_id)?;
            let domain = s.domain_mut(&input.domain_id)?;
            let owner = self.owning_case(domain, &input.case_id, &input.related_item_id)?;
            let case = domain.case(&owner)?;
            let at = live_item(case, &input.related_item_id)?;
            let kind = case.related_items[at].content.kind();
            match (&input.content, kind) {
                (RelatedItemUpdate::Comment { .. }, RelatedItemType::Comment) => {}
                (RelatedItemUpdate::Custom { fields }, RelatedItemType::Custom) => {
                    check_custom_fields(domain, "content.custom", fields)?;
                }
                (update, kind) => {
                    let member = match update {
                        RelatedItemUpdate::Comment { .. } => "comment",
                        RelatedItemUpdate::Custom { .. } => "custom",
                    };
                    return Err(invalid(
                        "content",
                        &format!(
                            "match the type of the related item (it is a {} item; '{member}' \
                             updates only {} items, and only Comment and Custom items can be updated)",
                            kind.wire_name(),
                            if member == "comment" { "Comment" } else { "Custom" }
                        ),
                    ));
                }
            }
            let now = now_millis();
            let case = domain.case_mut(&owner)?;
            let event = self.item_event(
                &owner,
                AuditEventType::RelatedItemUpdated,
                kind,
                now,
                input.performed_by.as_ref(),
            );
            if !self.fault(Fault::ItemChangesNotAudited) {
                case.audit_events.push(event);
            }
            let item = &mut case.related_items[at];
            item.content = match input.content {
                RelatedItemUpdate::Comment { body, content_type } => {
                    StoredContent::Comment { body, content_type }
                }
                RelatedItemUpdate::Custom { mut fields } => {
                    // `custom-update-keeps-fields`: the update is merged into the stored
                    // fields, so those it left out stay.
                    if self.fault(Fault::CustomUpdateKeepsFields)
                        && let StoredContent::Custom { fields: old } = &item.content
                    {
                        let kept: Vec<_> = old
                            .iter()
                            .filter(|(id, _)| fields.iter().all(|(new, _)| new != id))
                            .cloned()
                            .collect();
                        fields.extend(kept);
                    }
                    StoredContent::Custom { fields }
                }
            };
            item.last_updated_by = input.performed_by;
            let item: RelatedItem = item.clone();
            let case = domain.case(&owner)?;
            let shown = content(&item, case, now, &self.config.faults);
            let arn = self
                .arns
                .related_item(&input.domain_id, &owner, &item.id);
            Ok(UpdateRelatedItemOutput {
                association_time: Timestamp(item.association_time),
                content: shown,
                created_by: item.performed_by.as_ref().map(user_union),
                last_updated_user: item.last_updated_by.as_ref().map(user_union),
                tags: s.tags(&arn),
                related_item_arn: arn,
                related_item_id: item.id,
                item_type: kind.wire_name(),
            })
        })
    }

    /// Deletes an item: searches, SearchAllRelatedItems, ListCasesForContact and the tag
    /// operations no longer find it, its tags go, and `RelatedItem.Deleted` is recorded.
    /// A File item is refused with a 400 naming `relatedItemId` (the operation's
    /// documentation: "This API cannot be used on a FILE type related attachment"). A
    /// second delete is a 404, leaving the state as the first left it.
    pub(super) fn delete_related_item(
        &self,
        input: &DeleteRelatedItemInput,
    ) -> Result<EmptyOutput, ApiError> {
        self.store.write(|s| {
            // "If the case is the secondary case of a merge that is running, the request
            // fails with a ConflictException."
            self.refuse_merging_secondary(s, &input.domain_id, &input.case_id)?;
            let owner = self.owning_case(
                s.domain(&input.domain_id)?,
                &input.case_id,
                &input.related_item_id,
            )?;
            let case = s.domain_mut(&input.domain_id)?.case_mut(&owner)?;
            let at = live_item(case, &input.related_item_id)?;
            let kind = case.related_items[at].content.kind();
            if kind == RelatedItemType::File && !self.fault(Fault::FileItemDeletable) {
                return Err(invalid(
                    "relatedItemId",
                    "name a related item that is not a File (DeleteRelatedItem cannot be used \
                     on a FILE type related attachment; use DeleteAttachedFile)",
                ));
            }
            let event = self.item_event(
                &owner,
                AuditEventType::RelatedItemDeleted,
                kind,
                now_millis(),
                None,
            );
            if !self.fault(Fault::ItemChangesNotAudited) {
                case.audit_events.push(event);
            }
            case.related_items[at].deleted = true;
            let arn = self
                .arns
                .related_item(&input.domain_id, &owner, &input.related_item_id);
            let keys: Vec<String> = s.tags(&arn).into_keys().collect();
            s.untag(&arn, &keys);
            Ok(EmptyOutput {})
        })
    }
}
