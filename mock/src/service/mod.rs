//! Operation semantics: typed request in, typed response out, state in the store.
//!
//! This layer knows nothing of HTTP or JSON; it is where a fault that changes behaviour
//! (rather than parsing or encoding) would hook in.

mod audit;
mod case_filter;
mod cases;
mod convert;
mod domains;
mod fields;
mod filter;
mod page;
mod related_items;
mod search_cases;
mod system_fields;
mod templates;

mod event_configuration;
mod field_options;
mod layouts;
mod tags;

mod batch_related_items;
mod case_batch;
mod case_delete;
mod case_limits;
mod case_rule_eval;
mod case_rules;
mod merge;
mod related_checks;
mod related_content;
mod related_items_update;
mod search_all;
mod template_rules;

use std::collections::HashMap;
use std::sync::atomic::AtomicU64;
use std::sync::{Mutex, PoisonError};

use crate::arn::Arns;
use crate::config::MockConfig;
use crate::decode::Request;
use crate::error::ApiError;
use crate::faults::Fault;
use crate::ids::{IdGenerator, random_u64};
use crate::output::Response;
use crate::store::Store;
use crate::token::{TokenScope, Tokens};
use page::page;

/// One mock instance's state and the things that mint identifiers and tokens for it.
#[derive(Debug)]
pub struct Service {
    config: MockConfig,
    arns: Arns,
    ids: IdGenerator,
    tokens: Tokens,
    store: Store,
    /// First pages served so far per listing (only kept with the `unstable-order` fault).
    walks: Mutex<HashMap<String, usize>>,
    /// Related items created so far: the next item's `seq`.
    items_created: AtomicU64,
}

/// Where a listing resumes: a position in the listing and, only with the
/// `unstable-order` fault, the rotation the walk started with (0 otherwise, so a token
/// carries the bare position).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Cursor {
    position: usize,
    rotation: usize,
}

impl Cursor {
    fn encode(self) -> u64 {
        (self.rotation as u64) << 32 | self.position as u64
    }

    fn decode(raw: u64) -> Self {
        Self {
            position: (raw & 0xFFFF_FFFF) as usize,
            rotation: (raw >> 32) as usize,
        }
    }
}

impl Service {
    /// An empty service configured by `config`, with a fresh token secret.
    pub fn new(config: &MockConfig) -> Self {
        let mut secret = [0u8; 32];
        for chunk in secret.chunks_mut(8) {
            chunk.copy_from_slice(&random_u64().to_be_bytes());
        }
        Self {
            config: config.clone(),
            arns: Arns::new(&config.region, &config.account_id),
            ids: IdGenerator::new(),
            tokens: Tokens::new(secret),
            store: Store::new(),
            walks: Mutex::default(),
            items_created: AtomicU64::new(0),
        }
    }

    /// Whether `fault` is on.
    fn fault(&self, fault: Fault) -> bool {
        self.config.faults.contains(&fault)
    }

    /// Runs one validated request.
    pub fn execute(&self, request: Request) -> Result<Response, ApiError> {
        // Merges whose run is over are applied before anything reads the cases.
        self.settle_merges();
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
            Request::UpdateField(i) => Response::UpdateField(self.update_field(i)?),
            Request::DeleteField(i) => Response::DeleteField(self.delete_field(&i)?),
            Request::BatchPutFieldOptions(i) => {
                Response::BatchPutFieldOptions(self.batch_put_field_options(i)?)
            }
            Request::ListFieldOptions(i) => {
                Response::ListFieldOptions(self.list_field_options(&i)?)
            }
            Request::CreateLayout(i) => Response::CreateLayout(self.create_layout(i)?),
            Request::GetLayout(i) => Response::GetLayout(self.get_layout(&i)?),
            Request::ListLayouts(i) => Response::ListLayouts(self.list_layouts(&i)?),
            Request::UpdateLayout(i) => Response::UpdateLayout(self.update_layout(i)?),
            Request::DeleteLayout(i) => Response::DeleteLayout(self.delete_layout(&i)?),
            Request::DeleteDomain(i) => Response::DeleteDomain(self.delete_domain(&i)?),
            Request::TagResource(i) => Response::TagResource(self.tag_resource(i)?),
            Request::UntagResource(i) => Response::UntagResource(self.untag_resource(&i)?),
            Request::ListTagsForResource(i) => {
                Response::ListTagsForResource(self.list_tags_for_resource(&i)?)
            }
            Request::GetCaseEventConfiguration(i) => {
                Response::GetCaseEventConfiguration(self.get_case_event_configuration(&i)?)
            }
            Request::PutCaseEventConfiguration(i) => {
                Response::PutCaseEventConfiguration(self.put_case_event_configuration(i)?)
            }
            Request::UpdateTemplate(i) => Response::UpdateTemplate(self.update_template(i)?),
            Request::DeleteTemplate(i) => Response::DeleteTemplate(self.delete_template(&i)?),
            Request::UpdateCase(i) => Response::UpdateCase(self.update_case(i)?),
            Request::SearchCases(i) => Response::SearchCases(self.search_cases(&i)?),
            Request::ListCasesForContact(i) => {
                Response::ListCasesForContact(self.list_cases_for_contact(&i)?)
            }
            Request::CreateCaseRule(i) => Response::CreateCaseRule(self.create_case_rule(i)?),
            Request::BatchGetCaseRule(i) => {
                Response::BatchGetCaseRule(self.batch_get_case_rule(&i)?)
            }
            Request::ListCaseRules(i) => Response::ListCaseRules(self.list_case_rules(&i)?),
            Request::UpdateCaseRule(i) => Response::UpdateCaseRule(self.update_case_rule(i)?),
            Request::DeleteCaseRule(i) => Response::DeleteCaseRule(self.delete_case_rule(&i)?),
            Request::DeleteCase(i) => Response::DeleteCase(self.delete_case(&i)?),
            Request::BatchUpdateCase(i) => Response::BatchUpdateCase(self.batch_update_case(i)?),
            Request::StartMergeCases(i) => Response::StartMergeCases(self.start_merge_cases(i)?),
            Request::GetMergeCasesStatus(i) => {
                Response::GetMergeCasesStatus(self.get_merge_cases_status(&i)?)
            }
            Request::UpdateRelatedItem(i) => {
                Response::UpdateRelatedItem(self.update_related_item(i)?)
            }
            Request::DeleteRelatedItem(i) => {
                Response::DeleteRelatedItem(self.delete_related_item(&i)?)
            }
            Request::BatchCreateRelatedItem(i) => {
                Response::BatchCreateRelatedItem(self.batch_create_related_item(i)?)
            }
            Request::SearchAllRelatedItems(i) => {
                Response::SearchAllRelatedItems(self.search_all_related_items(&i)?)
            }
        })
    }

    /// Where a token issued for `scope` resumes a listing of `len` items; anything the
    /// mock did not issue for `scope` is a 400 naming `nextToken`.
    fn open(&self, scope: &TokenScope<'_>, token: &str, len: usize) -> Result<Cursor, ApiError> {
        let opened = self.tokens.open(scope, token).and_then(|raw| {
            let cursor = Cursor::decode(raw);
            if cursor.position > len {
                // Cannot happen for an issued token (listings only grow); treat as foreign.
                return Err(ApiError::validation(
                    "1 validation error detected: Value at 'nextToken' failed to satisfy \
                     constraint: Member must be a token returned by a previous call",
                ));
            }
            Ok(cursor)
        });
        match opened {
            Err(_) if self.fault(Fault::GarbageTokenAccepted) => Ok(Cursor::default()),
            other => other,
        }
    }

    /// `unstable-order`: how many walks of `scope`'s listing started before this one, so
    /// consecutive walks of one listing start one item further on, whatever else is
    /// listed in between.
    fn next_walk(&self, scope: &TokenScope<'_>) -> usize {
        let key = format!(
            "{}\0{}\0{}\0{}",
            scope.operation, scope.domain_id, scope.case_id, scope.query
        );
        let mut walks = self.walks.lock().unwrap_or_else(PoisonError::into_inner);
        let count = walks.entry(key).or_default();
        *count += 1;
        *count
    }

    /// One page of a listing of `len` items in their stable order (the item at a
    /// position is `at(position)`): up to `max` items that `keep` selects, from where
    /// `token` resumes, and the token of the next page (`None` on the last page).
    fn listing<'a, T: 'a>(
        &self,
        scope: &TokenScope<'_>,
        token: Option<&str>,
        len: usize,
        at: impl Fn(usize) -> Option<&'a T>,
        max: usize,
        keep: impl Fn(&T) -> bool,
    ) -> Result<(Vec<&'a T>, Option<String>), ApiError> {
        let cursor = match token {
            Some(token) => self.open(scope, token, len)?,
            None if self.fault(Fault::UnstableOrder) => Cursor {
                position: 0,
                rotation: self.next_walk(scope) % len.max(1),
            },
            None => Cursor::default(),
        };
        // The identity unless `unstable-order` rotated this walk.
        let rotated = |i: usize| at((i + cursor.rotation) % len.max(1));
        let mut p = page(len, cursor.position, max, rotated, keep);
        if self.fault(Fault::PageBoundaryRepeat) && p.next.is_some() {
            p.next = p.last;
        }
        if self.fault(Fault::PageBoundarySkip) {
            p.next = p.next.map(|n| n + 1);
        }
        if self.fault(Fault::TokenOnLastPage) && p.next.is_none() && !p.items.is_empty() {
            p.next = Some(len);
        }
        let next_token = p.next.map(|position| {
            let next = Cursor {
                position,
                rotation: cursor.rotation,
            };
            self.tokens.issue(scope, next.encode())
        });
        Ok((p.items, next_token))
    }
}
