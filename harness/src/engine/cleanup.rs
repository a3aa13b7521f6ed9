//! Clean-up: what a run created, and deleting it at the end (`--keep` keeps it).
//!
//! Every success answer of an operation that produces a resource (the contract's
//! [`resources`](crate::contract::resources): an answer naming an id and its ARN, without
//! taking the id) is noted with its parents' ids from the request's path labels. At the end,
//! each noted resource is deleted with its release's delete operation, children first; one
//! whose created ancestor is deleted goes with it (deleting a domain removes what is in it),
//! and one the release cannot delete (1.34.98 has no `DeleteCase` or `DeleteRelatedItem`) is
//! listed in the report with its id. Clean-up requests are housekeeping, not part of the
//! contract under test: their answers are reported here, not judged.

use std::collections::BTreeMap;
use std::sync::Mutex;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use super::produced::Answer;
use super::session::Session;
use crate::contract::resources::resources;
use crate::model::ServiceModel;

/// One resource the run created.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Made {
    /// The id member naming its kind (`caseId`).
    kind: String,
    id: String,
    /// `(id member, id)` of the resources it lives in, outermost first.
    parents: Vec<(String, String)>,
}

/// What the resources of one kind came to.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CleanedKind {
    /// The id member naming the kind (`caseId`).
    pub kind: String,
    /// Deleted by their own delete operation.
    pub deleted: u64,
    /// Removed with a created ancestor that was deleted (a case with its domain).
    pub with_parent: u64,
    /// Left behind: the ids, and why.
    pub left: Vec<String>,
    /// Why any were left behind.
    pub reason: Option<String>,
}

/// The run's clean-up, as reports show it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cleanup {
    /// Whether clean-up ran (`false` with `--keep`, or for the embedded mock, which is
    /// discarded with the run).
    pub ran: bool,
    /// Per kind of resource the run created.
    pub kinds: Vec<CleanedKind>,
}

/// The resources a run creates, noted as their answers come.
#[derive(Debug, Default)]
pub struct Created {
    /// For each producing operation, the kinds it makes and their parents' labels.
    producers: foldhash::HashMap<String, Vec<(String, Vec<String>)>>,
    /// For each kind the release can delete, the operation that deletes it.
    deleters: foldhash::HashMap<String, String>,
    made: Mutex<Vec<Made>>,
}

impl Created {
    /// A record for `model`'s release.
    pub fn for_model(model: &ServiceModel) -> Self {
        let mut producers: foldhash::HashMap<String, Vec<(String, Vec<String>)>> =
            foldhash::HashMap::default();
        let mut deleters = foldhash::HashMap::default();
        for resource in resources(model).into_values() {
            if let Some(operation) = resource.deleted_by.iter().next() {
                deleters.insert(resource.id.clone(), operation.clone());
            }
            for op in &resource.produced_by {
                producers
                    .entry(op.clone())
                    .or_default()
                    .push((resource.id.clone(), resource.parents.clone()));
            }
        }
        Created {
            producers,
            deleters,
            made: Mutex::default(),
        }
    }

    /// Notes the resources an answer of `operation` created, if it is a producer's success
    /// (the answer is read once for every observer of it: [`Answer`]).
    pub fn observe(&self, operation: &str, envelope: &Value, answer: &Answer<'_>) {
        if answer.success().is_some() {
            self.forget_deleted(operation, envelope);
        }
        let Some(kinds) = self.producers.get(operation) else {
            return;
        };
        let Some(body) = answer.named() else {
            return;
        };
        let mut made = self.made.lock().expect("created lock");
        for (kind, parent_labels) in kinds {
            let Some(id) = body.get(kind) else {
                continue;
            };
            let parents = parent_labels
                .iter()
                .filter_map(|label| {
                    envelope["uri"][label]
                        .as_str()
                        .map(|v| (label.clone(), v.to_string()))
                })
                .collect();
            made.push(Made {
                kind: kind.clone(),
                id: id.to_string(),
                parents,
            });
        }
    }

    /// Forgets what a successful delete operation of the run removed (the lifecycle suite
    /// deletes what it made): clean-up has nothing left to do for it.
    fn forget_deleted(&self, operation: &str, envelope: &Value) {
        for (kind, deleter) in &self.deleters {
            if deleter != operation {
                continue;
            }
            if let Some(id) = envelope["uri"][kind].as_str() {
                self.made
                    .lock()
                    .expect("created lock")
                    .retain(|made| !(made.kind == *kind && made.id == id));
            }
        }
    }

    /// The operation that deletes a resource of `kind`, if the release has one.
    fn deleter(&self, kind: &str) -> Option<&str> {
        self.deleters.get(kind).map(String::as_str)
    }

    /// How many resources are noted, for tests of what notes them.
    #[cfg(test)]
    pub(crate) fn noted(&self) -> usize {
        self.made.lock().expect("created lock").len()
    }

    fn take(&self) -> Vec<Made> {
        std::mem::take(&mut *self.made.lock().expect("created lock"))
    }
}

/// Deletes what the run created, children first, and says what came of each kind.
pub async fn clean(session: &Session) -> Cleanup {
    let made = session.created.take();
    // Deletable resources the run made, by (kind, id): their descendants go with them.
    let deletable: std::collections::BTreeSet<(String, String)> = made
        .iter()
        .filter(|m| session.created.deleter(&m.kind).is_some())
        .map(|m| (m.kind.clone(), m.id.clone()))
        .collect();
    let mut kinds: BTreeMap<String, CleanedKind> = BTreeMap::new();
    // Resources that go with a created ancestor, judged once the ancestors' deletions are in.
    let mut with_ancestor: Vec<&Made> = Vec::new();
    let mut deleted: std::collections::BTreeSet<(String, String)> = Default::default();
    let mut order: Vec<&Made> = made.iter().collect();
    // Children first: the deepest resources, then their parents.
    order.sort_by_key(|m| std::cmp::Reverse(m.parents.len()));
    for m in order {
        let entry = kinds.entry(m.kind.clone()).or_insert_with(|| CleanedKind {
            kind: m.kind.clone(),
            ..CleanedKind::default()
        });
        if m.parents
            .iter()
            .any(|(kind, id)| deletable.contains(&(kind.clone(), id.clone())))
        {
            with_ancestor.push(m);
            continue;
        }
        let Some(operation) = session.created.deleter(&m.kind) else {
            entry.left.push(m.id.clone());
            entry.reason = Some(format!(
                "release {} has no operation that deletes a {} resource",
                session.model.release.version(),
                m.kind
            ));
            continue;
        };
        let mut uri: Map<String, Value> = m
            .parents
            .iter()
            .map(|(label, id)| (label.clone(), Value::String(id.clone())))
            .collect();
        uri.insert(m.kind.clone(), Value::String(m.id.clone()));
        let answer = session.send(operation, &json!({ "uri": uri }), None).await;
        let success = session
            .model
            .operation(operation)
            .map_or(200, |op| op.http.response_code);
        match answer {
            Ok(exchange) if exchange.status() == Some(success) => {
                entry.deleted += 1;
                deleted.insert((m.kind.clone(), m.id.clone()));
            }
            Ok(exchange) => {
                entry.left.push(m.id.clone());
                entry.reason = Some(format!(
                    "{operation} answered {}",
                    exchange
                        .status()
                        .map_or_else(|| "nothing".to_string(), |s| s.to_string())
                ));
            }
            Err(not_sent) => {
                entry.left.push(m.id.clone());
                entry.reason = Some(not_sent.to_string());
            }
        }
    }
    for m in with_ancestor {
        let entry = kinds.entry(m.kind.clone()).or_insert_with(|| CleanedKind {
            kind: m.kind.clone(),
            ..CleanedKind::default()
        });
        if m.parents
            .iter()
            .any(|(kind, id)| deleted.contains(&(kind.clone(), id.clone())))
        {
            entry.with_parent += 1;
        } else {
            entry.left.push(m.id.clone());
            entry.reason = Some("the resource it lives in could not be deleted".to_string());
        }
    }
    Cleanup {
        ran: true,
        kinds: kinds.into_values().collect(),
    }
}

/// The notes a clean-up adds to the report.
pub fn notes(cleanup: &Cleanup) -> Vec<String> {
    cleanup
        .kinds
        .iter()
        .filter(|k| !k.left.is_empty())
        .map(|k| {
            format!(
                "clean-up left {} {} resource(s) behind ({}); their ids are in meta.cleanup",
                k.left.len(),
                k.kind,
                k.reason.as_deref().unwrap_or("see meta.cleanup")
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::Exchange;
    use crate::model::Release;

    fn answer(status: u16, body: &str) -> Exchange {
        Exchange::for_test(Ok((status, &[][..], body.as_bytes())))
    }

    #[test]
    fn producers_answers_are_noted_with_their_parents() {
        let model = ServiceModel::load(Release::V1_34_98).unwrap();
        let created = Created::for_model(&model);
        let envelope = json!({ "uri": { "domainId": "d1" }, "body": {} });
        created.observe(
            "CreateCase",
            &envelope,
            &Answer::new(&answer(200, r#"{"caseId":"c1","caseArn":"arn:c1"}"#), 200),
        );
        created.observe(
            "CreateCase",
            &envelope,
            &Answer::new(&answer(400, r#"{"caseId":"nope"}"#), 200),
        );
        created.observe(
            "GetCase",
            &json!({ "uri": { "domainId": "d1", "caseId": "c1" } }),
            &Answer::new(&answer(200, r#"{"templateId":"t"}"#), 200),
        );
        assert_eq!(
            created.take(),
            [Made {
                kind: "caseId".into(),
                id: "c1".into(),
                parents: vec![("domainId".into(), "d1".into())],
            }]
        );
    }
}
