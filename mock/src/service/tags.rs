//! TagResource, UntagResource, ListTagsForResource: the ARN in the path is resolved to a
//! resource of this instance (a domain, case, field, template or related item: the
//! resources the model gives both an ARN and `tags`), whose tags live in the store by ARN.

use super::Service;
use crate::arn::ArnResource;
use crate::decode::tags::{ListTagsForResourceInput, TagResourceInput, UntagResourceInput};
use crate::error::ApiError;
use crate::output::{EmptyOutput, ListTagsForResourceOutput};
use crate::store::State;

impl Service {
    /// Adds the tags to the resource; a key it already has takes the new value.
    pub(super) fn tag_resource(&self, input: TagResourceInput) -> Result<EmptyOutput, ApiError> {
        self.store.write(|s| {
            self.resolve(s, &input.arn)?;
            s.tag(&input.arn, input.tags);
            Ok(EmptyOutput {})
        })
    }

    /// Removes the keys from the resource's tags; keys it does not have are no error.
    pub(super) fn untag_resource(
        &self,
        input: &UntagResourceInput,
    ) -> Result<EmptyOutput, ApiError> {
        self.store.write(|s| {
            self.resolve(s, &input.arn)?;
            if !self.fault(crate::faults::Fault::UntagIgnored) {
                s.untag(&input.arn, &input.tag_keys);
            }
            Ok(EmptyOutput {})
        })
    }

    /// The resource's tags (`{}` when it has none).
    pub(super) fn list_tags_for_resource(
        &self,
        input: &ListTagsForResourceInput,
    ) -> Result<ListTagsForResourceOutput, ApiError> {
        self.store.read(|s| {
            self.resolve(s, &input.arn)?;
            Ok(ListTagsForResourceOutput {
                tags: s.tags(&input.arn),
            })
        })
    }

    /// `Ok` when `arn` names an existing resource of this instance; otherwise a 404 whose
    /// `resourceId` is the ARN and whose `resourceType` is the kind of resource the ARN
    /// names (`Resource` when it names none the mock knows: another region or account,
    /// another service, an unknown resource type, not an ARN at all).
    fn resolve(&self, s: &State, arn: &str) -> Result<(), ApiError> {
        let Some(resource) = self.arns.parse(arn) else {
            return Err(ApiError::not_found("Resource", arn));
        };
        let exists = match &resource {
            ArnResource::Domain { domain } => s.domain(domain).is_ok(),
            ArnResource::Case { domain, case } => {
                s.domain(domain).is_ok_and(|d| d.case(case).is_ok())
            }
            ArnResource::Field { domain, field } => {
                s.domain(domain).is_ok_and(|d| d.field(field).is_some())
            }
            ArnResource::Template { domain, template } => {
                s.domain(domain).is_ok_and(|d| d.template(template).is_ok())
            }
            ArnResource::Layout { domain, layout } => {
                s.domain(domain).is_ok_and(|d| d.layout(layout).is_ok())
            }
            ArnResource::CaseRule { domain, rule } => s
                .domain(domain)
                .is_ok_and(|d| d.case_rules.get(rule).is_some()),
            ArnResource::RelatedItem { domain, case, item } => s.domain(domain).is_ok_and(|d| {
                d.case(case)
                    .is_ok_and(|c| c.related_items.iter().any(|i| i.id == *item && !i.deleted))
            }),
        };
        if exists {
            Ok(())
        } else {
            Err(ApiError::not_found(resource.resource_type(), arn))
        }
    }
}
