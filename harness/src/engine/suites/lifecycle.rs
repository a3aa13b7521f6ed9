//! Lifecycles, generic over resources: for every resource of the release's graph
//! ([`crate::contract::resources`]) that some operation produces, a fresh one is made and
//! followed through the operations the graph gives it: read back as it was sent, found in
//! every listing of its kind, tagged and untagged by its ARN, addressed through another
//! parent of each kind it lives in (not found there, left unchanged: [`hierarchy`]), updated
//! (the update visible, the rest kept), and deleted, after which it is judged by what its
//! delete operation's documentation says (no longer listed; still retrievable) or, where the
//! documentation is silent, by use after delete (404, not listed).
//!
//! Nothing here is written per resource: the roles come from the graph, the requests are
//! the minimal valid ones provisioning builds (with its reviewed overrides), and the
//! comparisons are of members of the same name in a request and an answer.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use crate::checks::CheckId;
use crate::client::Exchange;
use crate::contract::resources::{self, Resource};
use crate::engine::judge::Expect;
use crate::engine::provision::{self, Made, Provisioned};
use crate::engine::session::Session;
use crate::engine::walk;
use crate::r#gen::Generator;

mod hierarchy;

const CASE: &str = "lifecycle";

/// Serial numbers of the resources this suite makes (provisioning's are below).
const FIRST_SERIAL: u32 = 2000;

/// Follows one fresh resource of every produced kind through its lifecycle, then every
/// configuration of a resource through its writes.
pub async fn run(session: &Session, provisioned: &Provisioned, generator: &Generator) {
    resources_lifecycles(session, provisioned, generator).await;
    configurations(session, provisioned, generator).await;
}

/// A configuration held by a resource rather than a resource of its own: written by the `PUT`
/// of a URI that names no new resource and read by the other method of the same URI
/// (PutCaseEventConfiguration and GetCaseEventConfiguration). Each of the writer's boundary
/// requests is written and read back (`lifecycle.update-visible`).
async fn configurations(session: &Session, provisioned: &Provisioned, generator: &Generator) {
    let graph = resources::resources(&session.model);
    for writer in session.model.operations.values() {
        // A writer that makes or updates a resource of the graph is followed in its lifecycle.
        let of_a_resource = graph
            .values()
            .any(|r| r.produced_by.contains(&writer.name) || r.updated_by.contains(&writer.name));
        if writer.http.method != "PUT" || of_a_resource || !session.selected(&writer.name) {
            continue;
        }
        let Some(reader) = session.model.operations.values().find(|op| {
            op.http.request_uri == writer.http.request_uri
                && op.http.method != writer.http.method
                && op.http.method != "DELETE"
        }) else {
            continue;
        };
        if !session.selected(&reader.name) {
            continue;
        }
        let ids = &provisioned.ids;
        let mut writes: Vec<Value> =
            provision::producer_request(session, generator, &writer.name, ids, 0)
                .into_iter()
                .collect();
        let variants =
            provision::variant_requests(session, generator, &writer.name, ids, 0, writes.first());
        writes.extend(variants.into_iter().map(|(_, envelope)| envelope));
        // Each value of each enumerated member outside lists, at its smallest.
        let ctx = crate::r#gen::RequestContext { uri: ids.clone() };
        for node in crate::contract::shapes::request_nodes(&session.model, writer) {
            let Some(path) = node.path.strip_prefix("body.").filter(|p| !p.contains('[')) else {
                continue;
            };
            for value in session
                .model
                .shape(&node.shape)
                .enum_values()
                .unwrap_or_default()
            {
                let pins = [(path, json!(value))];
                if let Some(write) = provision::minimal(generator, &writer.name, &ctx, &pins)
                    && !writes.contains(&write)
                {
                    writes.push(write);
                }
            }
        }
        let Ok(read) = provision::producer_request(session, generator, &reader.name, ids, 0) else {
            continue;
        };
        for write in writes {
            if session.call(&writer.name, &write, CASE).await.is_err() {
                continue;
            }
            let Ok((answer, exchange)) = session.call(&reader.name, &read, CASE).await else {
                continue;
            };
            let sent = write.get("body").cloned().unwrap_or(json!({}));
            let differing: Vec<&String> = sent
                .as_object()
                .into_iter()
                .flatten()
                .filter(|(name, value)| {
                    !answer
                        .get(name.as_str())
                        .is_some_and(|got| same(value, got))
                })
                .map(|(name, _)| name)
                .collect();
            let outcome = if differing.is_empty() {
                Ok(())
            } else {
                Err((
                    format!(
                        "{} answers {differing:?} not as {} wrote them",
                        reader.name, writer.name
                    ),
                    sent.clone(),
                    answer.clone(),
                ))
            };
            session.verdict(
                &reader.name,
                CheckId::LifecycleUpdateVisible,
                CASE,
                outcome,
                &[&exchange],
            );
        }
    }
}

/// Follows one fresh resource of every produced kind through its lifecycle. A resource of a
/// kind others live in (a domain, a case) is deleted only at the end: until then it is the
/// other parent the resources made after it are addressed through ([`hierarchy`]).
async fn resources_lifecycles(session: &Session, provisioned: &Provisioned, generator: &Generator) {
    let graph = resources::resources(&session.model);
    let mut order: Vec<&Resource> = graph.values().collect();
    order.sort_by_key(|r| (r.parents.len(), r.id.clone()));
    let parents = hierarchy::parents_probed(session, &graph);
    // Label → this suite's resource of that kind, another than the run's.
    let mut others: BTreeMap<String, String> = BTreeMap::new();
    let mut kept: Vec<Life> = Vec::new();
    let mut unaddressed: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut serial = FIRST_SERIAL;
    for resource in order {
        if resource.produced_by.is_empty() {
            continue;
        }
        serial += 1;
        let made =
            match provision::make(session, generator, resource, &provisioned.ids, serial).await {
                Ok(made) => made,
                Err(reason) => {
                    session.note(format!(
                        "the lifecycle of {} was not followed: {reason}",
                        resource.id
                    ));
                    continue;
                }
            };
        let (producer, least) = (made.operation.clone(), made.request.clone());
        let life = Life::new(session, generator, resource, &provisioned.ids, made);
        life.follow().await;
        // Through the other parents before the update: what the resource was made with is
        // what a write there must not change, and what the minimal update sends differs.
        let there = life.other_parents(&others, &mut unaddressed, serial).await;
        if there {
            life.update_all(serial).await;
        }
        if !there {
            session.note(format!(
                "the lifecycle of {} was not followed to its deletion: it was gone after a \
                 request through another parent (lifecycle.child-of-other-parent)",
                resource.id
            ));
        } else if parents.contains(&resource.id) {
            others.insert(resource.id.clone(), life.made.id.clone());
            kept.push(life);
        } else {
            life.finish().await;
        }
        // Every optional member and every variant, made and read back as sent.
        for (name, mut envelope) in provision::variant_requests(
            session,
            generator,
            &producer,
            &provisioned.ids,
            serial,
            Some(&least),
        ) {
            serial += 1;
            provision::name_uniquely(&mut envelope, session.config.seed, serial);
            match provision::make_with(session, resource, &producer, envelope, CASE).await {
                Ok(made) => {
                    Life::new(session, generator, resource, &provisioned.ids, made)
                        .read_back()
                        .await
                }
                Err(reason) => session.note(format!(
                    "the {name} {} was not read back: {reason}",
                    resource.id
                )),
            }
        }
    }
    // The parents last, the innermost first.
    for life in kept.into_iter().rev() {
        life.finish().await;
    }
    hierarchy::note_unaddressed(session, &unaddressed);
}

/// One resource's lifecycle.
struct Life<'a> {
    session: &'a Session,
    generator: &'a Generator,
    resource: &'a Resource,
    /// Every label, the resource's own id included.
    ids: BTreeMap<String, String>,
    made: Made,
}

impl<'a> Life<'a> {
    fn new(
        session: &'a Session,
        generator: &'a Generator,
        resource: &'a Resource,
        known: &BTreeMap<String, String>,
        made: Made,
    ) -> Self {
        let mut ids = known.clone();
        ids.insert(resource.id.clone(), made.id.clone());
        Life {
            session,
            generator,
            resource,
            ids,
            made,
        }
    }

    /// Reads the resource back with every reader, as it was sent.
    async fn read_back(&self) {
        let sent = self.made.request.get("body").cloned().unwrap_or(json!({}));
        for reader in self.selected(&self.resource.read_by) {
            if let Some((answer, exchange)) = self.read(reader).await {
                self.compare(
                    reader,
                    CheckId::LifecycleCreatedAsSent,
                    &sent,
                    &answer,
                    &exchange,
                    &format!("what {} sent", self.made.operation),
                );
            }
        }
    }

    /// Reads the resource back, finds it in its listings and tags it.
    async fn follow(&self) {
        self.read_back().await;
        for lister in self.listings() {
            if let Some((listed, evidence)) = self.listed(lister).await {
                let outcome = if listed {
                    Ok(())
                } else {
                    Err(self.missing(lister, "is not among the items of"))
                };
                let refs: Vec<&Exchange> = evidence.iter().collect();
                self.session.verdict(
                    lister,
                    CheckId::LifecycleCreatedListed,
                    CASE,
                    outcome,
                    &refs,
                );
            }
        }
        if let Some(arn) = &self.made.arn {
            self.tags(arn).await;
        }
    }

    /// Updates the resource with every update operation the run may send.
    async fn update_all(&self, serial: u32) {
        let sent = self.made.request.get("body").cloned().unwrap_or(json!({}));
        for updater in self.selected(&self.resource.updated_by) {
            self.update(updater, &sent, serial).await;
        }
    }

    /// Deletes the resource with its first delete operation the run may send, and judges
    /// what is left of it.
    async fn finish(&self) {
        if let Some(deleter) = self.selected(&self.resource.deleted_by).into_iter().next() {
            self.delete(deleter).await;
        }
    }

    /// The operations of `role` the run may send.
    fn selected<'s>(&self, role: &'s std::collections::BTreeSet<String>) -> Vec<&'s str> {
        role.iter()
            .map(String::as_str)
            .filter(|op| self.session.selected(op))
            .collect()
    }

    /// The listings of every resource of this kind in its parents: a listing that requires
    /// more than its path labels (ListCasesForContact's `contactArn`) lists a subset, which a
    /// new resource need not be in.
    fn listings(&self) -> Vec<&str> {
        self.selected(&self.resource.listed_by)
            .into_iter()
            .filter(|lister| !requires_beyond_labels(self.session, lister))
            .collect()
    }

    /// The minimal valid request of `operation` addressed at this resource.
    fn request(&self, operation: &str, serial: u32) -> Option<Value> {
        let mut envelope =
            provision::producer_request(self.session, self.generator, operation, &self.ids, serial)
                .map_err(|reason| {
                    self.session
                        .note(format!("lifecycle of {}: {reason}", self.resource.id))
                })
                .ok()?;
        // Requests name the run's provisioned resources; a body that names one of this kind
        // (BatchGetField's `fields[].id`) names this one instead.
        let own = BTreeMap::from([(self.resource.id.clone(), self.made.id.clone())]);
        crate::contract::references::pin_body(
            &self.session.model,
            operation,
            &mut envelope,
            &crate::contract::references::IdShapes::of(&self.session.model),
            &own,
            &BTreeMap::new(),
            None,
        );
        Some(envelope)
    }

    /// The part of a reader's answer that is this resource: the answer itself, or, for a
    /// batch read, the item of its lists whose id member is this resource's id (`None` when
    /// no item is).
    fn item_of(&self, answer: Value) -> Option<Value> {
        if answer.get(&self.resource.id).is_some() {
            return Some(answer);
        }
        let lists: Vec<&Vec<Value>> = answer
            .as_object()
            .into_iter()
            .flat_map(|o| o.values())
            .filter_map(Value::as_array)
            .filter(|items| items.iter().any(|i| i.get(&self.resource.id).is_some()))
            .collect();
        if lists.is_empty() {
            return Some(answer);
        }
        lists
            .into_iter()
            .flatten()
            .find(|i| self.is_this(i))
            .cloned()
    }

    /// Reads the resource with `reader`, recording `lifecycle.created-readable`.
    async fn read(&self, reader: &str) -> Option<(Value, Exchange)> {
        let envelope = self.request(reader, 0)?;
        let exchange = self.session.send(reader, &envelope, None).await.ok()?;
        let verdicts = self.session.judge(reader, &exchange, &Expect::Protocol);
        self.session
            .record(reader, &verdicts, CASE, Some(&envelope), &[&exchange]);
        let answer = success_body(self.session, reader, &exchange).and_then(|a| self.item_of(a));
        let outcome = match &answer {
            Some(_) => Ok(()),
            None => Err((
                format!(
                    "{reader} did not find the {} {} answered with ({})",
                    self.resource.id,
                    self.made.operation,
                    status_of(&exchange)
                ),
                json!({ "status": self.success_status(reader), self.resource.id.clone(): self.made.id }),
                json!({ "status": exchange.status() }),
            )),
        };
        self.session.verdict(
            reader,
            CheckId::LifecycleCreatedReadable,
            CASE,
            outcome,
            &[&exchange],
        );
        answer.map(|a| (a, exchange))
    }

    /// Whether `lister`'s walk finds the resource, with the walk's evidence; `None` when the
    /// walk did not complete (it is judged by the pagination checks).
    async fn listed(&self, lister: &str) -> Option<(bool, Vec<Exchange>)> {
        let walk = self.walk_listing(lister).await?;
        if !matches!(walk.end, walk::WalkEnd::Complete) {
            return None;
        }
        let found = walk.items().any(|item| self.is_this(item));
        Some((found, walk.evidence().into_iter().cloned().collect()))
    }

    /// `lister` walked from its first page at its largest page size; `None` when it has no
    /// paginator or no request of it can be built.
    async fn walk_listing(&self, lister: &str) -> Option<walk::Walk> {
        let paginator = crate::contract::paging::paginator(&self.session.model, lister)?;
        let mut envelope = self.request(lister, 0)?;
        // Listings walk from their first page: no token, whatever the minimal request held.
        if let Some(body) = envelope.get_mut("body").and_then(Value::as_object_mut) {
            body.remove("nextToken");
        }
        let page_size = crate::contract::paging::largest_page(&self.session.model, lister);
        Some(
            walk::walk(
                self.session,
                lister,
                &paginator,
                &envelope,
                page_size,
                None,
                CASE,
            )
            .await,
        )
    }

    /// Whether `item` carries this resource's id.
    fn is_this(&self, item: &Value) -> bool {
        item.get(&self.resource.id).and_then(Value::as_str) == Some(self.made.id.as_str())
    }

    /// Tags the resource by its ARN, lists its tags, untags it and lists again.
    async fn tags(&self, arn: &str) {
        let ops = ["TagResource", "ListTagsForResource", "UntagResource"];
        if ops
            .iter()
            .any(|op| self.session.model.operation(op).is_none() || !self.session.selected(op))
        {
            return;
        }
        let key = format!("conformance-{}", self.resource.id);
        let tag =
            json!({ "uri": { "arn": arn }, "body": { "tags": { key.clone(): "lifecycle" } } });
        let Ok((_, tagged)) = self.session.call("TagResource", &tag, CASE).await else {
            return;
        };
        let list = json!({ "uri": { "arn": arn } });
        let Ok((after_tag, listed)) = self.session.call("ListTagsForResource", &list, CASE).await
        else {
            return;
        };
        let has_tag = |body: &Value| body.pointer(&format!("/tags/{key}")).is_some();
        let untag = json!({ "uri": { "arn": arn }, "query": { "tagKeys": [key.clone()] } });
        let outcome = if !has_tag(&after_tag) {
            Err((
                format!(
                    "ListTagsForResource does not list the tag {key} TagResource added to {arn}"
                ),
                json!({ "tags": { key.clone(): "lifecycle" } }),
                after_tag.clone(),
            ))
        } else {
            match (
                self.session.call("UntagResource", &untag, CASE).await,
                self.session.call("ListTagsForResource", &list, CASE).await,
            ) {
                (Ok(_), Ok((after_untag, _))) if has_tag(&after_untag) => Err((
                    format!(
                        "ListTagsForResource still lists the tag {key} UntagResource removed from {arn}"
                    ),
                    json!({ "tags": {} }),
                    after_untag,
                )),
                _ => Ok(()),
            }
        };
        self.session.verdict(
            "ListTagsForResource",
            CheckId::LifecycleTagsRoundTrip,
            CASE,
            outcome,
            &[&tagged, &listed],
        );
    }

    /// Updates the resource (a new `name` when the update takes one) and reads it back.
    async fn update(&self, updater: &str, created: &Value, serial: u32) {
        let Some(mut envelope) = self.request(updater, serial + 500) else {
            return;
        };
        if self.session.model.body_member(updater, "name").is_some()
            && let Some(body) = envelope.get_mut("body").and_then(Value::as_object_mut)
        {
            body.insert(
                "name".to_string(),
                json!(format!(
                    "cf-{:x}-{}-renamed",
                    self.session.config.seed, serial
                )),
            );
        }
        if self.session.call(updater, &envelope, CASE).await.is_err() {
            return;
        }
        let update = envelope.get("body").cloned().unwrap_or(json!({}));
        let Some(reader) = self.selected(&self.resource.read_by).into_iter().next() else {
            return;
        };
        let Some((answer, exchange)) = self.read(reader).await else {
            return;
        };
        self.compare(
            reader,
            CheckId::LifecycleUpdateVisible,
            &update,
            &answer,
            &exchange,
            &format!("what {updater} sent"),
        );
        let kept: serde_json::Map<String, Value> = created
            .as_object()
            .into_iter()
            .flatten()
            .filter(|(k, _)| update.get(k.as_str()).is_none())
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        self.compare(
            reader,
            CheckId::LifecycleUpdateKeepsOthers,
            &Value::Object(kept),
            &answer,
            &exchange,
            &format!(
                "what {} set and {updater} did not send",
                self.made.operation
            ),
        );
    }

    /// Deletes the resource and judges what is left of it by the delete operation's
    /// documentation.
    async fn delete(&self, deleter: &str) {
        let Some(envelope) = self.request(deleter, 0) else {
            return;
        };
        if self.session.call(deleter, &envelope, CASE).await.is_err() {
            return;
        }
        let doc = self
            .session
            .model
            .operation(deleter)
            .and_then(|op| op.documentation.clone())
            .unwrap_or_default();
        let unlisted_check = if doc.contains("not included in the") {
            CheckId::LifecycleDeletedUnlisted
        } else {
            CheckId::LifecycleDeletedGone
        };
        for lister in self.listings() {
            if let Some((listed, evidence)) = self.listed(lister).await {
                let outcome = if listed {
                    Err(self.missing(
                        lister,
                        &format!("is still among the items of (after {deleter})"),
                    ))
                } else {
                    Ok(())
                };
                let refs: Vec<&Exchange> = evidence.iter().collect();
                self.session
                    .verdict(lister, unlisted_check, CASE, outcome, &refs);
            }
        }
        let still_readable = doc.contains("still retrieve");
        for reader in self.selected(&self.resource.read_by) {
            let Some(read) = self.request(reader, 0) else {
                continue;
            };
            let Ok(exchange) = self.session.send(reader, &read, None).await else {
                continue;
            };
            let verdicts = self.session.judge(reader, &exchange, &Expect::Protocol);
            self.session
                .record(reader, &verdicts, CASE, Some(&read), &[&exchange]);
            let status = exchange.status();
            // A batch read answers 200 for what it cannot find, listing it apart (`errors`):
            // found means among the answer's items.
            let item = (status == Some(self.success_status(reader)))
                .then(|| success_body(self.session, reader, &exchange))
                .flatten()
                .and_then(|a| self.item_of(a));
            let found = item.is_some();
            // An answer whose items model `deleted` ("Indicates whether the resource has
            // been deleted") may keep a deleted resource, marked.
            let marked_deleted =
                item.as_ref().and_then(|i| i.get("deleted")) == Some(&Value::Bool(true));
            let batch = self.is_batch_read(reader);
            let (check, outcome) = if still_readable {
                let ok = found;
                (
                    CheckId::LifecycleDeletedStillReadable,
                    if ok {
                        Ok(())
                    } else {
                        Err((
                            format!(
                                "{reader} did not retrieve the deleted {} ({}), though {deleter}'s documentation says it can",
                                self.resource.id,
                                status_of(&exchange)
                            ),
                            json!({ "status": self.success_status(reader) }),
                            json!({ "status": status }),
                        ))
                    },
                )
            } else {
                let error = exchange_error_type(&exchange);
                let ok = if batch {
                    !found || marked_deleted
                } else {
                    status == Some(404) && error.as_deref() == Some("ResourceNotFoundException")
                };
                (
                    CheckId::LifecycleDeletedGone,
                    if ok {
                        Ok(())
                    } else if batch {
                        Err((
                            format!(
                                "{reader} still lists among its items the {} {deleter} deleted",
                                self.resource.id
                            ),
                            json!({ self.resource.id.clone(): null }),
                            json!({ self.resource.id.clone(): self.made.id }),
                        ))
                    } else {
                        Err((
                            format!(
                                "{reader} still answers for the {} {deleter} deleted ({})",
                                self.resource.id,
                                status_of(&exchange)
                            ),
                            json!({ "status": 404, "errorType": "ResourceNotFoundException" }),
                            json!({ "status": status, "errorType": error }),
                        ))
                    },
                )
            };
            self.session
                .verdict(reader, check, CASE, outcome, &[&exchange]);
        }
    }

    /// Records `check`: every member of `sent` that `answer` also has is equal there (lists
    /// as sets of items).
    fn compare(
        &self,
        operation: &str,
        check: CheckId,
        sent: &Value,
        answer: &Value,
        exchange: &Exchange,
        what: &str,
    ) {
        let differing: Vec<&String> = sent
            .as_object()
            .into_iter()
            .flatten()
            .filter(|(name, value)| {
                answer
                    .get(name.as_str())
                    .is_some_and(|got| !same(value, got))
            })
            .map(|(name, _)| name)
            .collect();
        let outcome = if differing.is_empty() {
            Ok(())
        } else {
            let pick = |v: &Value| -> Value {
                differing
                    .iter()
                    .map(|name| {
                        (
                            (*name).clone(),
                            v.get(name.as_str()).cloned().unwrap_or(Value::Null),
                        )
                    })
                    .collect::<serde_json::Map<_, _>>()
                    .into()
            };
            Err((
                format!(
                    "{operation} answers {} of the {} {} not as {what}",
                    differing
                        .iter()
                        .map(|n| format!("`{n}`"))
                        .collect::<Vec<_>>()
                        .join(", "),
                    self.resource.id,
                    self.made.id
                ),
                pick(sent),
                pick(answer),
            ))
        };
        self.session
            .verdict(operation, check, CASE, outcome, &[exchange]);
    }

    /// A failure saying the resource `what` `lister`'s items.
    fn missing(&self, lister: &str, what: &str) -> (String, Value, Value) {
        (
            format!("the {} {} {what} {lister}", self.resource.id, self.made.id),
            json!({ self.resource.id.clone(): self.made.id }),
            json!(null),
        )
    }

    /// Whether `reader` reads in a batch (its answer lists items carrying this resource's id)
    /// rather than addressing the resource by its path.
    fn is_batch_read(&self, reader: &str) -> bool {
        self.session.model.operation(reader).is_some_and(|op| {
            !crate::contract::resources::uri_labels(&op.http.request_uri)
                .contains(&self.resource.id)
        })
    }

    fn success_status(&self, operation: &str) -> u16 {
        self.session
            .model
            .operation(operation)
            .map_or(200, |op| op.http.response_code)
    }
}

/// Whether `operation`'s input requires a member that is not a path label.
fn requires_beyond_labels(session: &Session, operation: &str) -> bool {
    session
        .model
        .operation(operation)
        .and_then(|op| op.input.as_ref())
        .and_then(|input| session.model.structure(&input.shape))
        .is_some_and(|s| {
            s.required.iter().any(|name| {
                s.members
                    .get(name)
                    .is_some_and(|m| m.location != Some(crate::model::Location::Uri))
            })
        })
}

/// The parsed body of a success answer of `operation`.
fn success_body(session: &Session, operation: &str, exchange: &Exchange) -> Option<Value> {
    let op = session.model.operation(operation)?;
    if exchange.status() != Some(op.http.response_code) {
        return None;
    }
    let body: &[u8] = exchange.response()?.body.as_ref();
    if body.is_empty() {
        return Some(json!({}));
    }
    serde_json::from_slice(body).ok()
}

/// The error type an answer names (`x-amzn-ErrorType` or the body's `__type`), namespace and
/// suffix stripped.
fn exchange_error_type(exchange: &Exchange) -> Option<String> {
    let body = exchange
        .response()
        .and_then(|r| serde_json::from_slice::<Value>(&r.body).ok());
    crate::engine::judge::error_type(exchange, body.as_ref())
}

fn status_of(exchange: &Exchange) -> String {
    exchange
        .status()
        .map_or_else(|| "no answer".to_string(), |s| format!("status {s}"))
}

/// Whether a sent value and an answered one agree: numbers numerically, a list when every
/// item sent is among the items answered (an answer may hold more: defaults, items an
/// update left alone), everything else exactly.
pub(super) fn same(sent: &Value, got: &Value) -> bool {
    match (sent, got) {
        (Value::Number(a), Value::Number(b)) => a.as_f64() == b.as_f64(),
        (Value::Array(a), Value::Array(b)) => a.iter().all(|x| b.iter().any(|y| same(x, y))),
        (Value::Object(a), Value::Object(b)) => {
            a.len() == b.len() && a.iter().all(|(k, v)| b.get(k).is_some_and(|w| same(v, w)))
        }
        _ => sent == got,
    }
}
