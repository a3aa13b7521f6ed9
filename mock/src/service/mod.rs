//! Operation semantics: typed request in, typed response out, state in the store.
//!
//! This layer knows nothing of HTTP or JSON; it is where a fault that changes behaviour
//! (rather than parsing or encoding) would hook in.

mod audit;
mod cases;
mod convert;
mod domains;
mod fields;
mod filter;
mod page;
mod related_items;
mod system_fields;
mod templates;

use crate::arn::Arns;
use crate::decode::Request;
use crate::error::ApiError;
use crate::ids::{IdGenerator, random_u64};
use crate::output::Response;
use crate::store::Store;
use crate::token::{TokenScope, Tokens};

/// One mock instance's state and the things that mint identifiers and tokens for it.
#[derive(Debug)]
pub struct Service {
    arns: Arns,
    ids: IdGenerator,
    tokens: Tokens,
    store: Store,
}

impl Service {
    /// An empty service for `region` and `account_id`, with a fresh token secret.
    pub fn new(region: &str, account_id: &str) -> Self {
        let mut secret = [0u8; 32];
        for chunk in secret.chunks_mut(8) {
            chunk.copy_from_slice(&random_u64().to_be_bytes());
        }
        Self {
            arns: Arns::new(region, account_id),
            ids: IdGenerator::new(),
            tokens: Tokens::new(secret),
            store: Store::new(),
        }
    }

    /// Runs one validated request.
    pub fn execute(&self, request: Request) -> Result<Response, ApiError> {
        Ok(match request {
            Request::CreateDomain(i) => Response::CreateDomain(self.create_domain(i)),
            Request::GetDomain(i) => Response::GetDomain(self.get_domain(&i)?),
            Request::ListDomains(i) => Response::ListDomains(self.list_domains(&i)?),
            Request::CreateField(i) => Response::CreateField(self.create_field(i)?),
            Request::ListFields(i) => Response::ListFields(self.list_fields(&i)?),
            Request::BatchGetField(i) => Response::BatchGetField(self.batch_get_field(&i)?),
            Request::CreateTemplate(i) => Response::CreateTemplate(self.create_template(i)?),
            Request::GetTemplate(i) => Response::GetTemplate(self.get_template(&i)?),
            Request::ListTemplates(i) => Response::ListTemplates(self.list_templates(&i)?),
            Request::CreateCase(i) => Response::CreateCase(self.create_case(i)?),
            Request::GetCase(i) => Response::GetCase(self.get_case(&i)?),
            Request::CreateRelatedItem(i) => {
                Response::CreateRelatedItem(self.create_related_item(i)?)
            }
            Request::SearchRelatedItems(i) => {
                Response::SearchRelatedItems(self.search_related_items(&i)?)
            }
            Request::GetCaseAuditEvents(i) => {
                Response::GetCaseAuditEvents(self.get_case_audit_events(&i)?)
            }
        })
    }

    /// Where a paginated listing of `len` items starts: 0 without a token, else the
    /// token's position if it was issued for `scope` (and still fits the listing).
    fn start(
        &self,
        scope: &TokenScope<'_>,
        token: Option<&str>,
        len: usize,
    ) -> Result<usize, ApiError> {
        let Some(token) = token else {
            return Ok(0);
        };
        let position = self.tokens.open(scope, token)?;
        if position > len {
            // Cannot happen for an issued token (listings only grow); treat as foreign.
            return Err(ApiError::validation(
                "1 validation error detected: Value at 'nextToken' failed to satisfy constraint: \
                 Member must be a token returned by a previous call",
            ));
        }
        Ok(position)
    }
}
