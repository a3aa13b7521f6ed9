//! CreateDomain, GetDomain, ListDomains.

use super::Service;
use super::system_fields::SYSTEM_FIELDS;
use crate::decode::domains::{
    CreateDomainInput, DeleteDomainInput, GetDomainInput, ListDomainsInput,
};
use crate::error::ApiError;
use crate::output::{
    CreateDomainOutput, DomainSummary, EmptyOutput, GetDomainOutput, ListDomainsOutput, Timestamp,
};
use crate::store::records::{Domain, Field, Namespace};
use crate::time::now_millis;
use crate::token::TokenScope;

impl Service {
    /// Creates an `Active` domain with the system fields.
    pub(super) fn create_domain(&self, input: CreateDomainInput) -> CreateDomainOutput {
        let id = self.ids.next_uuid();
        let arn = self.arns.domain(&id);
        let now = now_millis();
        let mut domain = Domain::new(id.clone(), arn.clone(), input.name, now);
        for (field_id, field_type) in SYSTEM_FIELDS {
            domain.insert_field(Field {
                id: (*field_id).to_owned(),
                arn: self.arns.field(&id, field_id),
                name: (*field_id).to_owned(),
                field_type: (*field_type).to_owned(),
                namespace: Namespace::System,
                description: None,
                created: now,
                last_modified: now,
                deleted: false,
                options: Vec::new(),
                text_multiline: None,
            });
        }
        self.store.write(|s| s.insert_domain(domain));
        CreateDomainOutput {
            domain_arn: arn,
            domain_id: id,
            domain_status: "Active",
        }
    }

    pub(super) fn get_domain(&self, input: &GetDomainInput) -> Result<GetDomainOutput, ApiError> {
        self.store.read(|s| {
            let d = match s.domain(&input.domain_id) {
                Err(_) if self.fault(crate::faults::Fault::DeletedDomainReadable) => s
                    .deleted_domain(&input.domain_id)
                    .ok_or_else(|| ApiError::not_found("Domain", &input.domain_id))?,
                found => found?,
            };
            Ok(GetDomainOutput {
                created_time: Timestamp(d.created),
                domain_arn: d.arn.clone(),
                domain_id: d.id.clone(),
                domain_status: "Active",
                name: d.name.clone(),
                tags: s.tags(&d.arn),
            })
        })
    }

    /// Domains in creation order (deleted ones are skipped).
    pub(super) fn list_domains(
        &self,
        input: &ListDomainsInput,
    ) -> Result<ListDomainsOutput, ApiError> {
        let scope = TokenScope {
            operation: "ListDomains",
            domain_id: "",
            case_id: "",
            query: String::new(),
        };
        self.store.read(|s| {
            let all = s.domains();
            let (items, next_token) = self.listing(
                &scope,
                input.next_token.as_deref(),
                all.len(),
                |i| all.get(i),
                input.max_results,
                |d| !d.deleted,
            )?;
            Ok(ListDomainsOutput {
                domains: items
                    .iter()
                    .map(|d| DomainSummary {
                        domain_arn: d.arn.clone(),
                        domain_id: d.id.clone(),
                        name: d.name.clone(),
                    })
                    .collect(),
                next_token,
            })
        })
    }

    /// Deletes the domain and everything in it; it is then unknown to every operation.
    pub(super) fn delete_domain(&self, input: &DeleteDomainInput) -> Result<EmptyOutput, ApiError> {
        self.store.write(|s| s.delete_domain(&input.domain_id))?;
        Ok(EmptyOutput {})
    }
}
