//! The related-item operations 1.44.5 brought, each checked only when the release's model has
//! it: `UpdateRelatedItem` (a comment's new text, a custom item's fields replaced, both seen
//! by search and recorded as `RelatedItem.Updated`), `DeleteRelatedItem` (deleted items found
//! by neither search, recorded as `RelatedItem.Deleted`, File items refused),
//! `BatchCreateRelatedItem` (the comment found in every case it was sent to, as sent),
//! `SearchAllRelatedItems` (the fixture's items of both its cases, by value filters, in the
//! order each `sorts` claims), and the status of an SLA whose case field reaches a target
//! value.
//!
//! The items updated and deleted live in fresh cases of their own, so the fixture's cases
//! keep exactly what the other suites expect of them.

use std::collections::{BTreeMap, BTreeSet};
use std::time::SystemTime;

use serde_json::{Value, json};

use super::fixture::{self, Created, Fixture};
use crate::checks::CheckId;
use crate::client::Exchange;
use crate::contract::related::related_kinds;
use crate::engine::judge::Expect;
use crate::engine::session::Session;
use crate::engine::setup::{Workspace, new_case};
use crate::engine::walk::{Walk, WalkEnd, walk};
use crate::r#gen::Substitution;

const UPDATE: &str = "UpdateRelatedItem";
const DELETE: &str = "DeleteRelatedItem";
const BATCH: &str = "BatchCreateRelatedItem";
const SEARCH_ALL: &str = "SearchAllRelatedItems";
const SEARCH: &str = fixture::SEARCH;
const AUDIT: &str = "GetCaseAuditEvents";

/// Runs every part whose operation the release has.
pub async fn run(session: &Session, workspace: &Workspace, fixture: &Fixture) {
    let present = |op: &str| session.model.operation(op).is_some();
    let parts = [UPDATE, DELETE, BATCH, SEARCH_ALL];
    if !parts.iter().any(|op| present(op)) {
        return;
    }
    for op in parts
        .iter()
        .filter(|op| present(op) && !session.selected(op))
    {
        session.note(format!(
            "related-item operations: {op} is not among the selected operations, so its checks were not evaluated"
        ));
    }
    let run = format!("{:x}", session.config.seed);
    let Ok(case_c) = new_case(session, workspace, "conformance: related-item operations").await
    else {
        session.note(
            "related-item operations: the case they work on could not be created (see set-up failures), so their checks were not evaluated",
        );
        return;
    };
    let mut ops = Ops {
        session,
        workspace,
        fixture,
        case: case_c,
        run,
        created: Vec::new(),
        real: Substitution::new(&session.config.member_values),
    };
    let mut history = History::default();
    if present(UPDATE) && session.selected(UPDATE) {
        ops.updates(&mut history).await;
    }
    if present(DELETE) && session.selected(DELETE) {
        ops.deletes(&mut history).await;
    }
    if present(BATCH) && session.selected(BATCH) {
        ops.batch().await;
    }
    if present(SEARCH_ALL) && session.selected(SEARCH_ALL) {
        search_all_across_cases(session, workspace, fixture).await;
        search_all_sorted(session, workspace, fixture).await;
    }
    if related_kinds(&session.model)
        .iter()
        .any(|k| k.member == "sla")
    {
        ops.sla_status().await;
    }
    ops.audit(&history).await;
}

/// The `RelatedItem.Updated` and `RelatedItem.Deleted` events the suite's case must hold, by
/// related-item type.
#[derive(Default)]
struct History {
    updated: BTreeMap<String, usize>,
    deleted: BTreeMap<String, usize>,
}

/// The suite's state: its case and what it created there.
struct Ops<'a> {
    session: &'a Session,
    workspace: &'a Workspace,
    fixture: &'a Fixture,
    case: String,
    run: String,
    created: Vec<Created>,
    real: Substitution,
}

impl Ops<'_> {
    fn user(&self, n: u32) -> Value {
        json!({ "userArn": format!("arn:aws:connect:us-east-1:123456789012:instance/conformance-{}/agent/related-{n}", self.run) })
    }

    /// Creates an item of the kind named by `content`'s member in the suite's case.
    async fn create(&mut self, mut content: Value, label: &str) -> Option<Created> {
        let member = content.as_object()?.keys().next()?.clone();
        let kind = related_kinds(&self.session.model)
            .into_iter()
            .find(|k| k.member == member)?;
        self.real.apply(&mut content);
        let envelope = json!({
            "uri": { "domainId": self.workspace.domain_id, "caseId": self.case },
            "body": { "type": kind.type_value, "content": content },
        });
        let before = SystemTime::now();
        let (body, _) = self
            .session
            .call(fixture::CREATE, &envelope, label)
            .await
            .ok()?;
        let created = Created {
            item_type: kind.type_value,
            kind: member,
            content,
            performed_by: None,
            id: body.get("relatedItemId")?.as_str()?.to_string(),
            window: (before, SystemTime::now()),
        };
        self.created.push(created.clone());
        Some(created)
    }

    /// An unfiltered walk of the suite's case.
    async fn search(&self, label: &str) -> Option<Walk> {
        fixture::search_case(
            self.session,
            self.workspace,
            (&self.case, self.created.len()),
            json!([]),
            label,
        )
        .await
    }

    /// Updates a comment and a custom item: the answer and a later search carry the new
    /// content (`roundtrip.update-visible`); the custom item holds exactly the fields sent
    /// (`roundtrip.custom-update-replaces`).
    async fn updates(&mut self, history: &mut History) {
        let mut updated: Vec<(Created, Value)> = Vec::new();
        let comment = json!({ "comment": { "body": "Draft note, to be edited.", "contentType": "Text/Plain" } });
        if let Some(c) = self.create(comment, "related: create to update").await {
            let new = json!({ "comment": { "body": format!("Edited note {} – ✓", self.run), "contentType": "Text/Plain" } });
            if self.update(&c, &new).await {
                *history.updated.entry(c.item_type.clone()).or_default() += 1;
                updated.push((c, new));
            }
        }
        if let Some(fields) = self.fixture.fields.clone() {
            let custom = json!({ "custom": { "fields": [
                { "id": fields.text, "value": { "stringValue": format!("gamma-{}", self.run) } },
                { "id": fields.number, "value": { "doubleValue": 5.0 } },
                { "id": fields.flag, "value": { "booleanValue": true } },
                { "id": fields.user, "value": { "emptyValue": {} } },
            ] } });
            if let Some(c) = self.create(custom, "related: create to update").await {
                // CustomUpdateContent.fields: "Fields not included as part of this request
                // will be removed": the Number field is left out; the others change kind of
                // value or value, so the answer carries each member of FieldValueUnion.
                let new = json!({ "custom": { "fields": [
                    { "id": fields.text, "value": { "stringValue": format!("delta-{}", self.run) } },
                    { "id": fields.flag, "value": { "booleanValue": false } },
                    { "id": fields.user, "value": { "userArnValue": fields.users[0] } },
                ] } });
                if self.update(&c, &new).await {
                    *history.updated.entry(c.item_type.clone()).or_default() += 1;
                    updated.push((c, new));
                }
            }
        }
        let Some(w) = self.search("related: search after update").await else {
            return;
        };
        for (c, new) in &updated {
            let found = w
                .items()
                .find(|i| i["relatedItemId"] == c.id.as_str())
                .map(|i| i["content"].clone());
            self.judge_update(SEARCH, c, new, found.as_ref(), &w.evidence());
        }
    }

    /// Sends one update; judges its answer. Whether it succeeded.
    async fn update(&self, item: &Created, content: &Value) -> bool {
        let envelope = json!({
            "uri": { "domainId": self.workspace.domain_id, "caseId": self.case, "relatedItemId": item.id },
            "body": { "content": content, "performedBy": self.user(1) },
        });
        let Ok((body, exchange)) = self
            .session
            .call(UPDATE, &envelope, "related: update")
            .await
        else {
            return false;
        };
        self.judge_update(UPDATE, item, content, Some(&body["content"]), &[&exchange]);
        true
    }

    /// `found` (an answer's or a search's content of `item`) carries every member of the
    /// update `sent`; for a custom item, also no field the update left out.
    fn judge_update(
        &self,
        operation: &str,
        item: &Created,
        sent: &Value,
        found: Option<&Value>,
        evidence: &[&Exchange],
    ) {
        let case = format!("related: update of a {} item", item.item_type);
        let found = found.cloned().unwrap_or(Value::Null);
        let visible = match (sent.get("custom"), found.get("custom")) {
            // Each field sent is found with its value (the rest is the next check's).
            (Some(s), Some(f)) => s["fields"].as_array().is_some_and(|sent_fields| {
                sent_fields.iter().all(|sf| {
                    f["fields"].as_array().is_some_and(|ff| {
                        ff.iter()
                            .any(|x| fixture::content_matches(sf, x) && x["id"] == sf["id"])
                    })
                })
            }),
            _ => fixture::content_matches(sent, &found),
        };
        self.session.verdict(
            operation,
            CheckId::RoundtripUpdateVisible,
            &case,
            if visible {
                Ok(())
            } else {
                Err((
                    format!(
                        "{operation} shows item {} without the content UpdateRelatedItem sent",
                        item.id
                    ),
                    json!({ "relatedItemId": item.id, "content": sent }),
                    json!({ "relatedItemId": item.id, "content": found }),
                ))
            },
            evidence,
        );
        if let Some(s) = sent.get("custom") {
            let ids = |v: &Value| -> BTreeSet<String> {
                v["fields"]
                    .as_array()
                    .map(|f| f.iter().map(|x| x["id"].to_string()).collect())
                    .unwrap_or_default()
            };
            let (want, have) = (ids(s), ids(&found["custom"]));
            let kept: Vec<&String> = have.difference(&want).collect();
            self.session.verdict(
                operation,
                CheckId::RoundtripCustomUpdateReplaces,
                &case,
                if kept.is_empty() {
                    Ok(())
                } else {
                    Err((
                        format!(
                            "custom item {} still holds {} field(s) the update left out",
                            item.id,
                            kept.len()
                        ),
                        json!({ "fieldIds": want }),
                        json!({ "fieldIds": have, "notRemoved": kept }),
                    ))
                },
                evidence,
            );
        }
    }

    /// Deletes a comment and an item of each kind a search across cases can filter by value;
    /// neither search finds them after (`roundtrip.deleted-not-found`). A File item is refused
    /// and stays (`roundtrip.delete-file-refused`).
    async fn deletes(&mut self, history: &mut History) {
        let kinds: BTreeSet<String> = related_kinds(&self.session.model)
            .into_iter()
            .map(|k| k.member)
            .collect();
        let run = self.run.clone();
        let mut doomed = vec![
            json!({ "comment": { "body": "Note to be deleted.", "contentType": "Text/Plain" } }),
            json!({ "contact": { "contactArn": format!("arn:aws:connect:us-east-1:123456789012:instance/conformance-{run}/contact/deleted-1") } }),
        ];
        if kinds.contains("sla") {
            doomed.push(json!({ "sla": { "slaInputConfiguration": { "name": format!("conformance-{run} deleted"), "type": "CaseField", "targetSlaMinutes": fixture::SLA_MINUTES } } }));
        }
        if let Some(fields) = &self.fixture.fields {
            doomed.push(json!({ "custom": { "fields": [ { "id": fields.text, "value": { "stringValue": format!("deleted-{run}") } } ] } }));
        }
        let mut deleted: Vec<Created> = Vec::new();
        for content in doomed {
            let Some(c) = self.create(content, "related: create to delete").await else {
                continue;
            };
            let envelope = json!({ "uri": { "domainId": self.workspace.domain_id, "caseId": self.case, "relatedItemId": c.id }, "body": {} });
            if self
                .session
                .call(DELETE, &envelope, "related: delete")
                .await
                .is_ok()
            {
                *history.deleted.entry(c.item_type.clone()).or_default() += 1;
                deleted.push(c);
            }
        }
        let file = if kinds.contains("file") {
            let arn = format!(
                "arn:aws:connect:us-east-1:123456789012:instance/conformance-{run}/file/kept-1"
            );
            self.create(
                json!({ "file": { "fileArn": arn } }),
                "related: create a file",
            )
            .await
        } else {
            None
        };
        let refused = match &file {
            Some(f) => self.delete_file(f).await,
            None => None,
        };
        let Some(w) = self.search("related: search after delete").await else {
            return;
        };
        let found: BTreeSet<&str> = w
            .items()
            .filter_map(|i| i["relatedItemId"].as_str())
            .collect();
        judge_deleted(
            self.session,
            SEARCH,
            "related: search after delete",
            &deleted,
            &found,
            &w,
        );
        if let (Some(f), Some((status, exchange))) = (&file, refused) {
            let still = found.contains(f.id.as_str());
            let refused = (400..500).contains(&status);
            let mut evidence = w.evidence();
            evidence.insert(0, &exchange);
            self.session.verdict(
                DELETE,
                CheckId::RoundtripDeleteFileRefused,
                "related: delete of a File item",
                if refused && still {
                    Ok(())
                } else {
                    Err((
                        format!(
                            "DeleteRelatedItem on File item {} answered {status}; the item is {} in its case's search",
                            f.id,
                            if still { "still" } else { "no longer" }
                        ),
                        json!({ "status": "4xx", "stillFound": true }),
                        json!({ "status": status, "stillFound": still }),
                    ))
                },
                &evidence,
            );
        }
        if self.session.model.operation(SEARCH_ALL).is_some() && self.session.selected(SEARCH_ALL) {
            let filters: Vec<Value> = deleted.iter().filter_map(value_filter).collect();
            if filters.is_empty() {
                return;
            }
            let label = "related: search all after delete";
            if let Some(w) =
                search_all(self.session, self.workspace, json!(filters), None, label).await
            {
                let found: BTreeSet<&str> = w
                    .items()
                    .filter_map(|i| i["relatedItemId"].as_str())
                    .collect();
                let gone: Vec<Created> = deleted
                    .iter()
                    .filter(|c| value_filter(c).is_some())
                    .cloned()
                    .collect();
                judge_deleted(self.session, SEARCH_ALL, label, &gone, &found, &w);
            }
        }
    }

    /// Sends DeleteRelatedItem for a File item: its status and exchange.
    async fn delete_file(&self, file: &Created) -> Option<(u16, Exchange)> {
        let envelope = json!({ "uri": { "domainId": self.workspace.domain_id, "caseId": self.case, "relatedItemId": file.id }, "body": {} });
        let exchange = self.session.send(DELETE, &envelope, None).await.ok()?;
        let verdicts = self.session.judge(DELETE, &exchange, &Expect::Protocol);
        self.session.record(
            DELETE,
            &verdicts,
            "related: delete of a File item",
            Some(&envelope),
            &[&exchange],
        );
        Some((exchange.status().unwrap_or(0), exchange))
    }

    /// Creates a comment in a second fresh case and the suite's case at once; each success
    /// names its case, and each case's search finds the comment as sent
    /// (`roundtrip.batch-created-found`).
    async fn batch(&mut self) {
        let Ok(case_d) = new_case(self.session, self.workspace, "conformance: batch").await else {
            return;
        };
        let content = json!({ "comment": { "body": format!("Batch note {}", self.run), "contentType": "Text/Plain" } });
        let performed_by = self.user(2);
        let cases = [self.case.clone(), case_d.clone()];
        let envelope = json!({
            "body": {
                "domainId": self.workspace.domain_id,
                "content": content,
                "cases": cases.iter().map(|c| json!({ "caseIdentifier": { "caseId": c } })).collect::<Vec<_>>(),
                "performedBy": performed_by,
            },
        });
        let before = SystemTime::now();
        let Ok((body, exchange)) = self
            .session
            .call(BATCH, &envelope, "related: batch create")
            .await
        else {
            return;
        };
        let window = (before, SystemTime::now());
        let successes: BTreeMap<String, String> = body["successfulItems"]
            .as_array()
            .map(|s| {
                s.iter()
                    .filter_map(|e| {
                        Some((
                            e["caseIdentifier"]["caseId"].as_str()?.to_string(),
                            e["relatedItemId"].as_str()?.to_string(),
                        ))
                    })
                    .collect()
            })
            .unwrap_or_default();
        let failed = body["failedItems"].as_array().map_or(0, Vec::len);
        let all = successes.len() == cases.len()
            && cases.iter().all(|c| successes.contains_key(c))
            && failed == 0;
        self.session.verdict(
            BATCH,
            CheckId::RoundtripBatchCreatedFound,
            "related: batch create",
            if all {
                Ok(())
            } else {
                Err((
                    format!(
                        "BatchCreateRelatedItem for {} cases answered {} successes naming them and {failed} failures",
                        cases.len(),
                        successes.len()
                    ),
                    json!({ "successfulCaseIds": cases, "failedItems": 0 }),
                    json!({ "successfulCaseIds": successes.keys().collect::<Vec<_>>(), "failedItems": failed }),
                ))
            },
            &[&exchange],
        );
        for case in &cases {
            let Some(id) = successes.get(case) else {
                continue;
            };
            let known = if *case == self.case {
                self.created.len() + 1
            } else {
                1
            };
            let label = "related: search after batch create";
            let Some(w) = fixture::search_case(
                self.session,
                self.workspace,
                (case, known),
                json!([]),
                label,
            )
            .await
            else {
                continue;
            };
            let hits: Vec<&Value> = w
                .items()
                .filter(|i| i["relatedItemId"] == id.as_str())
                .collect();
            let same = hits.len() == 1
                && hits[0]["type"] == "Comment"
                && fixture::content_matches(&content, &hits[0]["content"])
                && fixture::content_matches(&performed_by, &hits[0]["performedBy"]);
            self.session.verdict(
                SEARCH,
                CheckId::RoundtripBatchCreatedFound,
                label,
                if same {
                    Ok(())
                } else {
                    Err((
                        format!("the comment BatchCreateRelatedItem created as {id} is not found once, as sent, in case {case}"),
                        json!({ "relatedItemId": id, "type": "Comment", "content": content, "performedBy": performed_by, "occurrences": 1 }),
                        json!({ "relatedItemId": id, "found": hits, "occurrences": hits.len() }),
                    ))
                },
                &w.evidence(),
            );
        }
        if let Some(c) = successes.get(&self.case) {
            self.created.push(Created {
                item_type: "Comment".into(),
                kind: "comment".into(),
                content,
                performed_by: Some(performed_by),
                id: c.clone(),
                window,
            });
        }
    }

    /// An SLA on the case's `status` field with target value `closed`: `Active` while the
    /// case is open, `Met` once UpdateCase closes it well before the target time
    /// (`roundtrip.sla-status-met`), and then found by a `Met` status filter
    /// (`filters.sla-by-status`).
    async fn sla_status(&mut self) {
        let name = format!("conformance-{} close the case", self.run);
        let sla = json!({ "sla": { "slaInputConfiguration": {
            "name": name,
            "type": "CaseField",
            "fieldId": "status",
            "targetFieldValues": [{ "stringValue": "closed" }],
            "targetSlaMinutes": fixture::SLA_MINUTES,
        } } });
        let Some(item) = self.create(sla, "related: create an SLA on status").await else {
            return;
        };
        if !self
            .judge_sla_status(&item, "Active", "before its case is closed")
            .await
        {
            return;
        }
        let envelope = json!({
            "uri": { "domainId": self.workspace.domain_id, "caseId": self.case },
            "body": { "fields": [{ "id": "status", "value": { "stringValue": "closed" } }] },
        });
        if self
            .session
            .call("UpdateCase", &envelope, "related: close the case")
            .await
            .is_err()
        {
            return;
        }
        self.judge_sla_status(&item, "Met", "after its case is closed")
            .await;
        let filters = json!([{ "sla": { "status": "Met" } }]);
        let label = format!("filter {filters}");
        if let Some(w) = fixture::search_case(
            self.session,
            self.workspace,
            (&self.case, self.created.len()),
            filters.clone(),
            &label,
        )
        .await
        {
            let found: BTreeSet<String> = w
                .items()
                .filter_map(|i| i["relatedItemId"].as_str().map(str::to_string))
                .collect();
            let expected = BTreeSet::from([item.id.clone()]);
            self.session.verdict(
                SEARCH,
                CheckId::FiltersSlaByStatus,
                &label,
                if found == expected {
                    Ok(())
                } else {
                    Err((
                        format!(
                            "filters {filters} returned {} items, expected the one met SLA",
                            found.len()
                        ),
                        json!({ "relatedItemIds": expected }),
                        json!({ "relatedItemIds": found }),
                    ))
                },
                &w.evidence(),
            );
        }
    }

    /// Searches the case and judges the SLA's status (polling up to the visibility wait while
    /// it differs). Whether the search could be made.
    async fn judge_sla_status(&self, item: &Created, want: &str, when: &str) -> bool {
        let started = std::time::Instant::now();
        loop {
            let Some(w) = self.search("related: SLA status").await else {
                return false;
            };
            let config = w
                .items()
                .find(|i| i["relatedItemId"] == item.id.as_str())
                .map(|i| i["content"]["sla"]["slaConfiguration"].clone())
                .unwrap_or(Value::Null);
            let status = config["status"].as_str().unwrap_or("<missing>").to_string();
            let completed = config.get("completionTime").is_some();
            let ok = status == want && (want != "Met" || completed);
            if ok || started.elapsed() >= self.session.config.visibility_wait {
                self.session.verdict(
                    SEARCH,
                    CheckId::RoundtripSlaStatusMet,
                    &format!("related: SLA status {when}"),
                    if ok {
                        Ok(())
                    } else {
                        Err((
                            format!("the SLA {} is {status} {when} (its target value is closed, its target time a day away)", item.id),
                            json!({ "status": want, "completionTime": if want == "Met" { "present" } else { "absent" } }),
                            json!({ "slaConfiguration": config }),
                        ))
                    },
                    &w.evidence(),
                );
                return true;
            }
            tokio::time::sleep(std::time::Duration::from_millis(250)).await;
        }
    }

    /// The suite's case's history holds a `RelatedItem.Updated` and a `RelatedItem.Deleted`
    /// event of each type for each update and delete the suite made.
    async fn audit(&self, history: &History) {
        if history.updated.is_empty() && history.deleted.is_empty() {
            return;
        }
        let Some(paginator) = crate::contract::paging::paginator(&self.session.model, AUDIT) else {
            return;
        };
        let envelope = json!({ "uri": { "domainId": self.workspace.domain_id, "caseId": self.case }, "body": {} });
        let w = walk(
            self.session,
            AUDIT,
            &paginator,
            &envelope,
            Some(25),
            None,
            "related: case history",
        )
        .await;
        if !matches!(w.end, WalkEnd::Complete) {
            return;
        }
        for (event, check, wanted) in [
            (
                "RelatedItem.Updated",
                CheckId::AuditRelatedItemUpdated,
                &history.updated,
            ),
            (
                "RelatedItem.Deleted",
                CheckId::AuditRelatedItemDeleted,
                &history.deleted,
            ),
        ] {
            let mut actual: BTreeMap<String, usize> = BTreeMap::new();
            for e in w.items().filter(|e| e["type"] == event) {
                let t = e["relatedItemType"].as_str().unwrap_or("<missing>");
                *actual.entry(t.to_string()).or_default() += 1;
            }
            for (item_type, count) in wanted {
                let got = actual.get(item_type).copied().unwrap_or(0);
                self.session.verdict(
                    AUDIT,
                    check,
                    &format!("related: {event} of {item_type} items"),
                    if got == *count {
                        Ok(())
                    } else {
                        Err((
                            format!("{count} {item_type} items changed but {got} {event} events name relatedItemType {item_type}"),
                            json!({ "type": event, "relatedItemType": item_type, "events": count }),
                            json!({ "type": event, "relatedItemType": item_type, "events": got, "all": actual }),
                        ))
                    },
                    &w.evidence(),
                );
            }
        }
    }
}

/// No deleted item is among `found`.
fn judge_deleted(
    session: &Session,
    operation: &str,
    label: &str,
    deleted: &[Created],
    found: &BTreeSet<&str>,
    w: &Walk,
) {
    if deleted.is_empty() {
        return;
    }
    let still: Vec<&str> = deleted
        .iter()
        .map(|c| c.id.as_str())
        .filter(|id| found.contains(id))
        .collect();
    session.verdict(
        operation,
        CheckId::RoundtripDeletedNotFound,
        label,
        if still.is_empty() {
            Ok(())
        } else {
            Err((
                format!("{} deleted related items are still found", still.len()),
                json!({ "deletedFound": [] }),
                json!({ "deletedFound": still }),
            ))
        },
        &w.evidence(),
    );
}

/// The filter naming `item` by a value of its kind's filter shape (`FileFilter.fileArn`,
/// `ContactFilter.contactArn`, `SlaFilter.name`, `ConnectCaseFilter.caseId`, `CustomFilter`'s
/// `equalTo` on its first field), so a search across cases stays bounded by the run's own
/// items; `None` for a kind without one (a comment).
fn value_filter(item: &Created) -> Option<Value> {
    let c = &item.content;
    Some(match item.kind.as_str() {
        "file" => json!({ "file": { "fileArn": c["file"]["fileArn"] } }),
        "contact" => json!({ "contact": { "contactArn": c["contact"]["contactArn"] } }),
        "sla" => json!({ "sla": { "name": c["sla"]["slaInputConfiguration"]["name"] } }),
        "connectCase" => json!({ "connectCase": { "caseId": c["connectCase"]["caseId"] } }),
        "custom" => {
            let first = c["custom"]["fields"].get(0)?;
            json!({ "custom": { "fields": { "field": { "equalTo": first } } } })
        }
        _ => return None,
    })
}

/// Whether `item` satisfies the value filter [`value_filter`] built from `by` (same kind,
/// same value).
fn satisfies(item: &Created, by: &Created) -> bool {
    if item.kind != by.kind {
        return false;
    }
    let c = &item.content;
    let b = &by.content;
    match item.kind.as_str() {
        "file" => c["file"]["fileArn"] == b["file"]["fileArn"],
        "contact" => c["contact"]["contactArn"] == b["contact"]["contactArn"],
        "sla" => {
            c["sla"]["slaInputConfiguration"]["name"] == b["sla"]["slaInputConfiguration"]["name"]
        }
        "connectCase" => c["connectCase"]["caseId"] == b["connectCase"]["caseId"],
        "custom" => b["custom"]["fields"].get(0).is_some_and(|first| {
            c["custom"]["fields"]
                .as_array()
                .is_some_and(|f| f.iter().any(|x| x == first))
        }),
        _ => false,
    }
}

/// A full SearchAllRelatedItems walk with `filters` and `sorts`, page size 25; `None` when
/// it broke (the walk records why).
async fn search_all(
    session: &Session,
    workspace: &Workspace,
    filters: Value,
    sorts: Option<Value>,
    label: &str,
) -> Option<Walk> {
    let paginator = crate::contract::paging::paginator(&session.model, SEARCH_ALL)?;
    let mut body = json!({ "filters": filters });
    if let Some(sorts) = sorts {
        body["sorts"] = sorts;
    }
    let envelope = json!({ "uri": { "domainId": workspace.domain_id }, "body": body });
    let w = walk(
        session,
        SEARCH_ALL,
        &paginator,
        &envelope,
        Some(25),
        None,
        label,
    )
    .await;
    matches!(w.end, WalkEnd::Complete).then_some(w)
}

/// The fixture's items of both cases, each with its case.
fn fixture_items(fixture: &Fixture) -> Vec<(&Created, &str)> {
    fixture
        .created_a
        .iter()
        .map(|c| (c, fixture.case_a.as_str()))
        .chain(
            fixture
                .created_b
                .iter()
                .map(|c| (c, fixture.case_b.as_str())),
        )
        .collect()
}

/// The value filters of the fixture: one per kind it can filter by value, naming the value of
/// that kind's first item in case A (held by items of both cases).
fn fixture_filters(fixture: &Fixture) -> Vec<(&Created, Value)> {
    let mut seen = BTreeSet::new();
    fixture
        .created_a
        .iter()
        .filter(|c| seen.insert(c.kind.clone()))
        .filter_map(|c| value_filter(c).map(|f| (c, f)))
        .collect()
}

/// For each value filter of the fixture, SearchAllRelatedItems finds exactly the fixture's
/// items of either case that hold the value, each with its own case's id and its content as
/// created (`roundtrip.search-all-across-cases`). Items of other cases may match too (a real
/// contact or file named elsewhere): they are not the fixture's to judge.
async fn search_all_across_cases(session: &Session, workspace: &Workspace, fixture: &Fixture) {
    let items = fixture_items(fixture);
    let fixture_cases = [fixture.case_a.as_str(), fixture.case_b.as_str()];
    for (by, filter) in fixture_filters(fixture) {
        let filters = json!([filter]);
        let label = format!("search all {filters}");
        let Some(w) = search_all(session, workspace, filters.clone(), None, &label).await else {
            continue;
        };
        let expected: BTreeMap<&str, (&Created, &str)> = items
            .iter()
            .filter(|(c, _)| satisfies(c, by))
            .map(|(c, case)| (c.id.as_str(), (*c, *case)))
            .collect();
        let mut wrong: Vec<Value> = Vec::new();
        let mut found: BTreeSet<&str> = BTreeSet::new();
        for hit in w.items() {
            let (Some(id), case) = (hit["relatedItemId"].as_str(), hit["caseId"].as_str()) else {
                continue;
            };
            match expected.get(id) {
                Some((created, in_case)) => {
                    found.insert(id);
                    if case != Some(*in_case)
                        || !fixture::content_matches(&created.content, &hit["content"])
                    {
                        wrong.push(json!({ "relatedItemId": id, "caseId": hit["caseId"], "expectedCaseId": in_case, "content": hit["content"], "expectedContent": created.content }));
                    }
                }
                None if case.is_some_and(|c| fixture_cases.contains(&c)) => {
                    wrong.push(json!({ "relatedItemId": id, "caseId": case, "unexpected": true }));
                }
                None => {}
            }
        }
        let missing: Vec<&&str> = expected.keys().filter(|id| !found.contains(**id)).collect();
        session.verdict(
            SEARCH_ALL,
            CheckId::RoundtripSearchAllAcrossCases,
            &label,
            if missing.is_empty() && wrong.is_empty() {
                Ok(())
            } else {
                Err((
                    format!(
                        "filters {filters} across the domain: {} of the fixture's {} matching items missing, {} found wrong (case, content, or not matching)",
                        missing.len(),
                        expected.len(),
                        wrong.len()
                    ),
                    json!({ "relatedItemIds": expected.keys().collect::<Vec<_>>() }),
                    json!({ "missing": missing, "wrong": wrong }),
                ))
            },
            &w.evidence(),
        );
    }
}

/// Sort terms to check: each property alone, both directions, and both terms, the second a
/// tie-breaker (`SearchAllRelatedItemsRequestSortsList` max 2).
fn sort_cases() -> Vec<Value> {
    let term = |p: &str, o: &str| json!({ "sortProperty": p, "sortOrder": o });
    vec![
        json!([term("AssociationTime", "Asc")]),
        json!([term("AssociationTime", "Desc")]),
        json!([term("CaseId", "Asc"), term("AssociationTime", "Desc")]),
        json!([term("CaseId", "Desc"), term("AssociationTime", "Asc")]),
    ]
}

/// Where `a` and `b` stand by `sorts`: the first term that tells them apart decides
/// (`AssociationTime` by time, `CaseId` by the id's characters; `Desc` reverses).
/// `Equal` when no term does, and `None` when a member cannot be read.
pub fn sorted_order(sorts: &Value, a: &Value, b: &Value) -> Option<std::cmp::Ordering> {
    use std::cmp::Ordering;
    for term in sorts.as_array()? {
        let o = match term["sortProperty"].as_str()? {
            "AssociationTime" => super::parse_time(a["associationTime"].as_str()?)?
                .cmp(&super::parse_time(b["associationTime"].as_str()?)?),
            "CaseId" => a["caseId"].as_str()?.cmp(b["caseId"].as_str()?),
            _ => return None,
        };
        let o = if term["sortOrder"] == "Desc" {
            o.reverse()
        } else {
            o
        };
        if o != Ordering::Equal {
            return Some(o);
        }
    }
    Some(Ordering::Equal)
}

/// With every value filter of the fixture at once (the fixture's items of both cases), each
/// `sorts` of [`sort_cases`] yields results in the order it claims
/// (`roundtrip.search-all-sorted`): no two neighbours out of order.
async fn search_all_sorted(session: &Session, workspace: &Workspace, fixture: &Fixture) {
    let filters: Vec<Value> = fixture_filters(fixture)
        .into_iter()
        .map(|(_, f)| f)
        .collect();
    if filters.is_empty() {
        return;
    }
    for sorts in sort_cases() {
        let label = format!("search all sorted by {sorts}");
        let Some(w) = search_all(
            session,
            workspace,
            json!(filters),
            Some(sorts.clone()),
            &label,
        )
        .await
        else {
            continue;
        };
        let items: Vec<&Value> = w.items().collect();
        let inversions: Vec<Value> = items
            .windows(2)
            .filter(|p| {
                !matches!(
                    sorted_order(&sorts, p[0], p[1]),
                    Some(std::cmp::Ordering::Less | std::cmp::Ordering::Equal)
                )
            })
            .map(|p| json!([
                { "relatedItemId": p[0]["relatedItemId"], "caseId": p[0]["caseId"], "associationTime": p[0]["associationTime"] },
                { "relatedItemId": p[1]["relatedItemId"], "caseId": p[1]["caseId"], "associationTime": p[1]["associationTime"] },
            ]))
            .collect();
        session.verdict(
            SEARCH_ALL,
            CheckId::RoundtripSearchAllSorted,
            &label,
            if inversions.is_empty() {
                Ok(())
            } else {
                Err((
                    format!(
                        "{} neighbouring results of {} are out of the order sorts {sorts} claims",
                        inversions.len(),
                        items.len()
                    ),
                    json!({ "sorts": sorts, "outOfOrder": [] }),
                    json!({ "sorts": sorts, "outOfOrder": inversions }),
                ))
            },
            &w.evidence(),
        );
    }
}

#[cfg(test)]
mod tests {
    use std::cmp::Ordering;

    use super::*;

    fn hit(case: &str, at: &str) -> Value {
        json!({ "caseId": case, "associationTime": at })
    }

    #[test]
    fn the_first_sort_term_takes_precedence() {
        let sorts = json!([
            { "sortProperty": "CaseId", "sortOrder": "Asc" },
            { "sortProperty": "AssociationTime", "sortOrder": "Desc" },
        ]);
        let early_b = hit("b", "2026-01-01T00:00:00Z");
        let late_a = hit("a", "2026-01-02T00:00:00Z");
        let early_a = hit("a", "2026-01-01T00:00:00Z");
        assert_eq!(
            sorted_order(&sorts, &late_a, &early_b),
            Some(Ordering::Less)
        );
        assert_eq!(
            sorted_order(&sorts, &late_a, &early_a),
            Some(Ordering::Less)
        );
        assert_eq!(
            sorted_order(&sorts, &early_a, &late_a),
            Some(Ordering::Greater)
        );
        assert_eq!(
            sorted_order(&sorts, &early_a, &early_a),
            Some(Ordering::Equal)
        );
        let by_time = json!([{ "sortProperty": "AssociationTime", "sortOrder": "Asc" }]);
        assert_eq!(
            sorted_order(&by_time, &early_b, &late_a),
            Some(Ordering::Less)
        );
        assert_eq!(sorted_order(&by_time, &json!({}), &late_a), None);
    }

    fn created(kind: &str, content: Value) -> Created {
        Created {
            item_type: String::new(),
            kind: kind.into(),
            content,
            performed_by: None,
            id: "i".into(),
            window: (SystemTime::UNIX_EPOCH, SystemTime::UNIX_EPOCH),
        }
    }

    #[test]
    fn value_filters_name_what_their_items_hold() {
        let sla = |name: &str| {
            created(
                "sla",
                json!({ "sla": { "slaInputConfiguration": { "name": name } } }),
            )
        };
        assert_eq!(
            value_filter(&sla("n")),
            Some(json!({ "sla": { "name": "n" } }))
        );
        assert!(satisfies(&sla("n"), &sla("n")) && !satisfies(&sla("m"), &sla("n")));
        let custom = |v: &str, n: f64| {
            created(
                "custom",
                json!({ "custom": { "fields": [
                    { "id": "t", "value": { "stringValue": v } },
                    { "id": "n", "value": { "doubleValue": n } },
                ] } }),
            )
        };
        assert_eq!(
            value_filter(&custom("a", 1.0)),
            Some(
                json!({ "custom": { "fields": { "field": { "equalTo": { "id": "t", "value": { "stringValue": "a" } } } } } })
            )
        );
        assert!(satisfies(&custom("a", 2.0), &custom("a", 1.0)));
        assert!(!satisfies(&custom("b", 1.0), &custom("a", 1.0)));
        let comment = created("comment", json!({ "comment": { "body": "b" } }));
        assert_eq!(value_filter(&comment), None);
        assert!(!satisfies(&comment, &sla("n")));
    }
}
