//! Resource hierarchy: a resource is reached only through the parents it lives in
//! (`lifecycle.child-of-other-parent`).
//!
//! A resource's parents are the labels before its own in the URIs that take it
//! ([`crate::contract::resources`]: a related item lives in a case, which lives in a
//! domain). Every operation that addresses a resource by a path ending in its label
//! (GetCase, UpdateCase, DeleteRelatedItem, ListFieldOptions, ...) is sent with the
//! lifecycle's fresh resource under *another* real parent of the same kind, the other parents
//! kept: a case of the run's domain through the lifecycle's own domain, a related item of the
//! run's case through the lifecycle's case of the same domain. Every batch read of the
//! resource (BatchGetField, BatchGetCaseRule: ids in the body) is sent naming it under the
//! other domain. A conforming target answers 404 `ResourceNotFoundException`, or lists the id
//! among the batch read's errors, and does not act: after a write (an update or a delete of
//! the resource) the resource is read back through its real parents, present and with none of
//! what the write sent.
//!
//! The other parent is the one the lifecycle suite made of that kind, whose deletion waits
//! until its children are probed ([`parents_probed`]): the run makes no resource for this
//! check. Operations whose valid request needs a state the suites do not set up
//! ([`provision::NO_VALID_REQUEST`]) are named in a note, not sent.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value, json};

use super::{CASE, Life, exchange_error_type, same, status_of, success_body};
use crate::checks::CheckId;
use crate::client::Exchange;
use crate::contract::resources::{Resource, uri_labels};
use crate::engine::judge::{Expect, Verdict, Violation};
use crate::engine::provision::{self, ARN_LABEL};
use crate::engine::session::Session;
use crate::engine::walk;

/// How an operation names the resource it is sent to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Addressed {
    /// By its label, the last of the URI's.
    Path,
    /// Among the ids of a batch read's body.
    Batch,
}

/// The operations of the release that address `resource` in its parents, those that delete
/// it last, and (apart) those left out because no valid request of theirs can be sent.
fn targets(session: &Session, resource: &Resource) -> (Vec<(String, Addressed)>, Vec<String>) {
    let mut found = Vec::new();
    let mut left_out = Vec::new();
    if resource.parents.is_empty() {
        return (found, left_out);
    }
    for name in &resource.consumed_by {
        let Some(op) = session.model.operation(name) else {
            continue;
        };
        let labels: Vec<String> = uri_labels(&op.http.request_uri)
            .into_iter()
            .filter(|l| l != ARN_LABEL)
            .collect();
        if labels.last() != Some(&resource.id) || !session.selected(name) {
            continue;
        }
        if provision::NO_VALID_REQUEST.iter().any(|(op, _)| op == name) {
            left_out.push(name.clone());
            continue;
        }
        found.push((name.clone(), Addressed::Path));
    }
    for name in &resource.read_by {
        if !resource.consumed_by.contains(name) && session.selected(name) {
            found.push((name.clone(), Addressed::Batch));
        }
    }
    found.sort_by_key(|(name, _)| resource.deleted_by.contains(name));
    (found, left_out)
}

/// The labels some resource of the graph lives in and is probed through: the lifecycle keeps
/// its fresh resource of each of these kinds until the end of the suite, as the other parent
/// of the resources made after it.
pub(super) fn parents_probed(
    session: &Session,
    graph: &BTreeMap<String, Resource>,
) -> BTreeSet<String> {
    graph
        .values()
        .filter(|r| !r.produced_by.is_empty() && !targets(session, r).0.is_empty())
        .flat_map(|r| r.parents.iter().cloned())
        .collect()
}

/// Notes, for each parent kind of which the run had no other resource, the resources that were
/// therefore not addressed through another one.
pub(super) fn note_unaddressed(session: &Session, unaddressed: &BTreeMap<String, Vec<String>>) {
    for (label, children) in unaddressed {
        session.note(format!(
            "lifecycle.child-of-other-parent: {} not addressed through another {label}: the \
             lifecycle suite made no second {label} (its producer was not sent or failed)",
            children.join(", ")
        ));
    }
}

/// What a read through the real parents found of the resource.
enum Found {
    /// Its item (a reader's answer, a batch read's or a listing's item).
    Item(Value),
    /// Not found (404, not among the items, or marked deleted).
    Gone,
    /// The read did not tell (not sent, an unexpected answer, a walk cut short).
    Unknown,
}

impl Life<'_> {
    /// Sends every operation that addresses the resource through another parent of each of
    /// its kinds (`others`: label → id of a real resource other than the run's). Returns
    /// whether the resource is still there (a faulty target may delete it through the wrong
    /// parent).
    /// A parent kind with no other resource is added to `unaddressed`, with this resource.
    pub(super) async fn other_parents(
        &self,
        others: &BTreeMap<String, String>,
        unaddressed: &mut BTreeMap<String, Vec<String>>,
        serial: u32,
    ) -> bool {
        let (targets, left_out) = targets(self.session, self.resource);
        if !left_out.is_empty() {
            self.session.note(format!(
                "lifecycle.child-of-other-parent: {} not sent with the {} through another parent: \
                 a valid request of {} needs a state the suites do not set up",
                left_out.join(", "),
                self.resource.id,
                if left_out.len() == 1 { "it" } else { "each" },
            ));
        }
        if targets.is_empty() {
            return true;
        }
        let mut parents = Vec::new();
        for label in &self.resource.parents {
            match others.get(label) {
                Some(other) if Some(other) != self.ids.get(label) => {
                    parents.push((label.as_str(), other.as_str()))
                }
                _ => unaddressed
                    .entry(label.clone())
                    .or_default()
                    .push(self.resource.id.clone()),
            }
        }
        if parents.is_empty() {
            return true;
        }
        let before = match self.current().await.0 {
            Found::Item(item) => Some(item),
            _ => None,
        };
        let writes = |op: &str| {
            self.resource.updated_by.contains(op) || self.resource.deleted_by.contains(op)
        };
        // Reads and updates through every other parent first, deletes last.
        let mut probes: Vec<(&str, Addressed, &str, &str)> = Vec::new();
        for deleting in [false, true] {
            for (label, other) in &parents {
                for (op, addressed) in &targets {
                    if self.resource.deleted_by.contains(op) == deleting {
                        probes.push((op, *addressed, label, other));
                    }
                }
            }
        }
        for (n, (op, addressed, label, other)) in probes.into_iter().enumerate() {
            let check_after = if writes(op) { before.as_ref() } else { None };
            let serial = serial + 700 + n as u32;
            if !self
                .probe(op, addressed, label, other, serial, check_after)
                .await
            {
                return false;
            }
        }
        true
    }

    /// Sends `op` naming the resource under `other` in place of its `label` parent and
    /// records the verdict; after a write, reads the resource back through its real parents
    /// (`before`: what that read answered before the write). Returns whether the resource is
    /// still there.
    async fn probe(
        &self,
        op: &str,
        addressed: Addressed,
        label: &str,
        other: &str,
        serial: u32,
        before: Option<&Value>,
    ) -> bool {
        let Some(mut envelope) = self.request(op, serial) else {
            return true;
        };
        if let Some(uri) = envelope.get_mut("uri").and_then(Value::as_object_mut) {
            uri.insert(label.to_string(), json!(other));
        }
        // An update that renames: a name of its own, which a read can tell apart.
        if let Some(name) = envelope
            .get_mut("body")
            .and_then(|b| b.get_mut("name"))
            .filter(|n| n.is_string())
        {
            *name = json!(format!(
                "cf-{:x}-{serial}-elsewhere",
                self.session.config.seed
            ));
        }
        let Ok(exchange) = self.session.send(op, &envelope, None).await else {
            return true;
        };
        let verdicts = self.session.judge(op, &exchange, &Expect::Protocol);
        self.session
            .record(op, &verdicts, CASE, Some(&envelope), &[&exchange]);
        let real = self.ids.get(label).cloned().unwrap_or_default();
        let whose = format!(
            "the {} {} of the {label} {real}, addressed through the {label} {other}",
            self.resource.id, self.made.id
        );
        let mut problems: Vec<String> = Vec::new();
        let (mut expected, mut actual) = (Map::new(), Map::new());
        match addressed {
            Addressed::Path => {
                let error = exchange_error_type(&exchange);
                if exchange.status() != Some(404)
                    || error.as_deref() != Some("ResourceNotFoundException")
                {
                    problems.push(format!(
                        "{op} answered {}{} for {whose}, not 404 ResourceNotFoundException",
                        status_of(&exchange),
                        error
                            .as_deref()
                            .map(|e| format!(" {e}"))
                            .unwrap_or_default()
                    ));
                    expected.insert("status".into(), json!(404));
                    expected.insert("errorType".into(), json!("ResourceNotFoundException"));
                    actual.insert("status".into(), json!(exchange.status()));
                    actual.insert("errorType".into(), json!(error));
                }
            }
            Addressed::Batch => match success_body(self.session, op, &exchange) {
                None => {
                    problems.push(format!(
                        "{op} answered {} for {whose}, not {} listing it among its errors",
                        status_of(&exchange),
                        self.success_status(op)
                    ));
                    expected.insert("status".into(), json!(self.success_status(op)));
                    actual.insert("status".into(), json!(exchange.status()));
                }
                Some(answer) => {
                    if let Some(item) = self.found_in(&answer) {
                        problems.push(format!("{op} answered {whose} among its items"));
                        expected.insert("item".into(), Value::Null);
                        actual.insert("item".into(), item);
                    } else if !self.named_apart(&answer) {
                        problems.push(format!("{op} did not name {whose} among its errors"));
                        expected.insert("errors".into(), json!([{ "id": self.made.id }]));
                        actual.insert("answer".into(), answer);
                    }
                }
            },
        }
        let mut evidence = vec![exchange];
        let mut there = true;
        if let Some(before) = before {
            let (found, read) = self.current().await;
            evidence.extend(read);
            let sent = envelope.get("body").cloned().unwrap_or(json!({}));
            match found {
                Found::Gone => {
                    there = false;
                    problems.push(format!(
                        "a read through its real parents no longer finds the {} after {op} \
                         through the other {label}",
                        self.resource.id
                    ));
                    expected.insert("after".into(), json!("present"));
                    actual.insert("after".into(), json!("gone"));
                }
                Found::Item(after) => {
                    let changed: Vec<&String> = sent
                        .as_object()
                        .into_iter()
                        .flatten()
                        .filter(|(name, value)| {
                            match (before.get(name.as_str()), after.get(name.as_str())) {
                                (Some(was), Some(is)) => !same(was, is) && same(value, is),
                                _ => false,
                            }
                        })
                        .map(|(name, _)| name)
                        .collect();
                    if !changed.is_empty() {
                        problems.push(format!(
                            "{op} through the other {label} changed {} of the {}",
                            changed
                                .iter()
                                .map(|n| format!("`{n}`"))
                                .collect::<Vec<_>>()
                                .join(", "),
                            self.resource.id
                        ));
                        let pick = |v: &Value| -> Value {
                            changed
                                .iter()
                                .map(|n| {
                                    ((*n).clone(), v.get(n.as_str()).cloned().unwrap_or_default())
                                })
                                .collect::<Map<_, _>>()
                                .into()
                        };
                        expected.insert("after".into(), pick(before));
                        actual.insert("after".into(), pick(&after));
                    }
                }
                Found::Unknown => {}
            }
        }
        let outcome = if problems.is_empty() {
            Ok(())
        } else {
            Err((
                problems.join("; "),
                Value::Object(expected),
                Value::Object(actual),
            ))
        };
        let refs: Vec<&Exchange> = evidence.iter().collect();
        let verdict = Verdict {
            check: CheckId::LifecycleChildOfOtherParent,
            result: outcome.map_err(|(message, expected, actual)| Violation {
                message,
                expected,
                actual,
            }),
        };
        self.session
            .record(op, &[verdict], CASE, Some(&envelope), &refs);
        there
    }

    /// The resource as a read through its real parents finds it: its first reader, or else
    /// the listing whose URI names the most of its parents; with the exchanges.
    async fn current(&self) -> (Found, Vec<Exchange>) {
        if let Some(reader) = self.selected(&self.resource.read_by).into_iter().next() {
            let Some(envelope) = self.request(reader, 0) else {
                return (Found::Unknown, Vec::new());
            };
            let Ok(exchange) = self.session.send(reader, &envelope, None).await else {
                return (Found::Unknown, Vec::new());
            };
            let verdicts = self.session.judge(reader, &exchange, &Expect::Protocol);
            self.session
                .record(reader, &verdicts, CASE, Some(&envelope), &[&exchange]);
            let found = match success_body(self.session, reader, &exchange) {
                Some(answer) if self.is_batch_read(reader) => {
                    self.found_in(&answer).map_or(Found::Gone, Found::Item)
                }
                Some(answer) => Found::Item(answer),
                None if exchange.status() == Some(404) => Found::Gone,
                None => Found::Unknown,
            };
            return (marked(found), vec![exchange]);
        }
        let mut listings = self.listings();
        listings.sort_by_key(|lister| {
            std::cmp::Reverse(
                self.session
                    .model
                    .operation(lister)
                    .map_or(0, |op| uri_labels(&op.http.request_uri).len()),
            )
        });
        let Some(lister) = listings.first() else {
            return (Found::Unknown, Vec::new());
        };
        let Some(walk) = self.walk_listing(lister).await else {
            return (Found::Unknown, Vec::new());
        };
        let evidence = walk.evidence().into_iter().cloned().collect();
        if !matches!(walk.end, walk::WalkEnd::Complete) {
            return (Found::Unknown, evidence);
        }
        let item = walk
            .items()
            .find(|item| self.is_this(item))
            .cloned()
            .map_or(Found::Gone, Found::Item);
        (marked(item), evidence)
    }

    /// The item of a batch read's answer that is this resource, if its lists hold one.
    fn found_in(&self, answer: &Value) -> Option<Value> {
        answer
            .as_object()
            .into_iter()
            .flat_map(|o| o.values())
            .filter_map(Value::as_array)
            .flatten()
            .find(|item| self.is_this(item))
            .cloned()
    }

    /// Whether a batch read's answer names this resource's id apart from its found items
    /// (an item of its errors: `{"id": ..., "errorCode": ...}`).
    fn named_apart(&self, answer: &Value) -> bool {
        answer
            .as_object()
            .into_iter()
            .flat_map(|o| o.values())
            .filter_map(Value::as_array)
            .flatten()
            .filter(|item| item.get(&self.resource.id).is_none())
            .filter_map(Value::as_object)
            .any(|item| {
                item.values()
                    .any(|v| v.as_str() == Some(self.made.id.as_str()))
            })
    }
}

/// A found item whose `deleted` is true ("Indicates whether the resource has been deleted")
/// counts as gone.
fn marked(found: Found) -> Found {
    match found {
        Found::Item(item) if item.get("deleted") == Some(&Value::Bool(true)) => Found::Gone,
        other => other,
    }
}
