//! In-memory state behind one lock.
//!
//! Every operation runs its whole read or read-modify-write inside one critical section,
//! so concurrent requests see each other's effects atomically (ids are unique and
//! appends to a case's related items and audit history never interleave badly). No lock
//! is ever held across an `.await`.

pub mod records;
pub mod tags;

pub mod batch_tokens;
pub mod case_rules;
pub mod merges;

use std::collections::HashMap;
use std::sync::{PoisonError, RwLock};

use crate::error::ApiError;
use records::Domain;

/// All domains, in creation order, with an index by id, and the tags of every
/// resource by ARN.
#[derive(Debug, Default)]
pub struct State {
    domains: Vec<Domain>,
    index: HashMap<String, usize>,
    tags: HashMap<String, tags::Tags>,
    /// Case merges, running and finished (see `merges`).
    merges: Vec<merges::Merge>,
    /// BatchUpdateCase idempotency: `(domain, clientToken)` to the request and answer.
    batch_tokens: HashMap<(String, String), batch_tokens::BatchReplay>,
}

impl State {
    /// The domain `id`, or a 404 naming it.
    pub fn domain(&self, id: &str) -> Result<&Domain, ApiError> {
        self.index
            .get(id)
            .and_then(|&i| self.domains.get(i))
            .ok_or_else(|| ApiError::not_found("Domain", id))
    }

    /// The tombstone DeleteDomain left for `id`, if it deleted one (for the
    /// `deleted-domain-readable` fault).
    pub fn deleted_domain(&self, id: &str) -> Option<&Domain> {
        self.domains.iter().find(|d| d.deleted && d.id == id)
    }

    /// The domain `id` for update, or a 404 naming it.
    pub fn domain_mut(&mut self, id: &str) -> Result<&mut Domain, ApiError> {
        match self.index.get(id) {
            Some(&i) => self
                .domains
                .get_mut(i)
                .ok_or_else(|| ApiError::not_found("Domain", id)),
            None => Err(ApiError::not_found("Domain", id)),
        }
    }

    /// Adds a domain (its id must be fresh).
    pub fn insert_domain(&mut self, domain: Domain) {
        self.index.insert(domain.id.clone(), self.domains.len());
        self.domains.push(domain);
    }

    /// Domains in creation order, deleted ones included as tombstones
    /// ([`Domain::deleted`]) so positions in a listing never shift.
    pub fn domains(&self) -> &[Domain] {
        &self.domains
    }

    /// Deletes the domain `id` and everything in it (fields, templates, cases with their
    /// related items and audit history, the event configuration, and the tags of all of
    /// these), or a 404 naming it. Its place in the creation order stays as an empty
    /// tombstone that no lookup finds.
    pub fn delete_domain(&mut self, id: &str) -> Result<(), ApiError> {
        let i = self
            .index
            .remove(id)
            .ok_or_else(|| ApiError::not_found("Domain", id))?;
        if let Some(slot) = self.domains.get_mut(i) {
            let mut tombstone = Domain::new(
                slot.id.clone(),
                slot.arn.clone(),
                slot.name.clone(),
                slot.created,
            );
            tombstone.deleted = true;
            let removed = std::mem::replace(slot, tombstone);
            self.drop_tags_under(&removed.arn);
        }
        Ok(())
    }
}

/// The shared state of one mock instance.
#[derive(Debug, Default)]
pub struct Store {
    state: RwLock<State>,
}

impl Store {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    /// Runs `f` with shared access. A poisoned lock is recovered: every mutation is
    /// completed before anything that could panic, so the state stays consistent.
    pub fn read<R>(&self, f: impl FnOnce(&State) -> R) -> R {
        let guard = self.state.read().unwrap_or_else(PoisonError::into_inner);
        f(&guard)
    }

    /// Runs `f` with exclusive access.
    pub fn write<R>(&self, f: impl FnOnce(&mut State) -> R) -> R {
        let mut guard = self.state.write().unwrap_or_else(PoisonError::into_inner);
        f(&mut guard)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_domain_is_a_404() {
        let store = Store::new();
        let err = store
            .read(|s| s.domain("nope").map(|_| ()))
            .expect_err("missing");
        assert_eq!(err.kind.status(), 404);
        assert_eq!(err.resource, Some(("nope".into(), "Domain".into())));
    }

    #[test]
    fn deleted_domains_are_gone_but_keep_their_place() {
        let store = Store::new();
        store.write(|s| {
            s.insert_domain(Domain::new("a".into(), "arn:a".into(), "A".into(), 1));
            s.insert_domain(Domain::new("b".into(), "arn:b".into(), "B".into(), 2));
            s.delete_domain("a").expect("deleted");
            let err = s.delete_domain("a").expect_err("already gone");
            assert_eq!(err.resource, Some(("a".into(), "Domain".into())));
        });
        store.read(|s| {
            assert!(s.domain("a").is_err());
            assert_eq!(s.domain("b").expect("b").name, "B");
            let live: Vec<&str> = s
                .domains()
                .iter()
                .filter(|d| !d.deleted)
                .map(|d| d.name.as_str())
                .collect();
            assert_eq!(live, ["B"]);
            assert_eq!(s.domains().len(), 2);
        });
    }

    #[test]
    fn inserted_domains_are_found_in_order() {
        let store = Store::new();
        store.write(|s| {
            s.insert_domain(Domain::new("a".into(), "arn:a".into(), "A".into(), 1));
            s.insert_domain(Domain::new("b".into(), "arn:b".into(), "B".into(), 2));
        });
        store.read(|s| {
            assert_eq!(s.domain("b").expect("b").name, "B");
            let names: Vec<&str> = s.domains().iter().map(|d| d.name.as_str()).collect();
            assert_eq!(names, ["A", "B"]);
        });
    }
}
