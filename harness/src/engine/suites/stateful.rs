//! Stateful sequences: random interleavings of creates, searches and audit reads on a fresh
//! case, each step checked against a small model of what the case must contain. A divergence
//! is shrunk to the shortest sequence that still shows it.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::Ordering;

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use serde_json::{Value, json};
use tokio::task::JoinSet;

use super::fixture::content_matches;
use super::generated::runner;
use crate::checks::CheckId;
use crate::contract::related::{lower_camel, related_kinds};
use crate::engine::Counters;
use crate::engine::ledger::FailureDraft;
use crate::engine::record::ExchangeRecord;
use crate::engine::session::Session;
use crate::engine::setup::{Workspace, new_case};
use crate::engine::shrink::{Trial, shrink};
use crate::engine::walk::{WalkEnd, walk};
use crate::r#gen::Generator;

const CHECK: CheckId = CheckId::StatefulModelAgreement;
/// Most sequences one shrink may replay.
const SHRINK_BUDGET: u32 = 48;

/// One step of a sequence.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Create a related item with this (valid, generated) body.
    Create(Value),
    /// Walk the case's search, optionally filtered to one kind (`{"file":{}}`), at a page size.
    Search {
        /// The `content` member to filter by, if any.
        kind: Option<String>,
        /// `maxResults` of each page.
        page_size: u32,
    },
    /// Walk the case's audit history at a page size.
    Audit {
        /// `maxResults` of each page.
        page_size: u32,
    },
}

/// Sequences of 1 to 12 steps, creates three times as likely as each read.
pub fn sequences(generator: &Generator, kinds: &[String]) -> Option<BoxedStrategy<Vec<Action>>> {
    let create = generator
        .body("CreateRelatedItem", None)?
        .prop_map(Action::Create);
    let kind = proptest::option::of(proptest::sample::select(kinds.to_vec()));
    let search = (kind, 1u32..=25).prop_map(|(kind, page_size)| Action::Search { kind, page_size });
    let audit = (1u32..=25).prop_map(|page_size| Action::Audit { page_size });
    let action = prop_oneof![3 => create, 1 => search, 1 => audit];
    Some(proptest::collection::vec(action, 1..=12).boxed())
}

/// Where a sequence and the model parted ways.
#[derive(Debug, Clone)]
pub struct Divergence {
    /// Index of the step.
    pub step: usize,
    /// The operation of that step.
    pub operation: &'static str,
    /// What differed.
    pub message: String,
    /// What the model predicted.
    pub expected: Value,
    /// What the target said.
    pub actual: Value,
    /// The exchanges of that step.
    pub exchanges: Vec<ExchangeRecord>,
    /// The step got no HTTP response at all (timeout, reset). Such a divergence is recorded
    /// but not shrunk: every replay would cost a whole timeout, and `protocol.transport`
    /// already names the failure.
    pub no_response: bool,
    /// The step was not sent or its walk was cut short (the run gave up on the operation,
    /// or an earlier walk of the listing did not end): nothing about the target follows, so
    /// the sequence is reported as not completed, neither passing nor failing.
    pub not_run: Option<String>,
}

/// Runs `config.sequences` sequences, concurrently (each on its own case, steps in order).
pub async fn run(
    session: &Session,
    workspace: &Workspace,
    generator: &Generator,
    counters: &Counters,
) {
    let count = session.config.sequences;
    if count == 0 || !session.ledger.selects(CHECK) {
        return;
    }
    let kind_names: Vec<String> = related_kinds(&session.model)
        .into_iter()
        .map(|k| k.member)
        .collect();
    let Some(strategy) = sequences(generator, &kind_names) else {
        return;
    };
    let mut runner = runner(session.config.seed, "stateful");
    let mut trees = Vec::new();
    for _ in 0..count {
        match strategy.new_tree(&mut runner) {
            Ok(tree) => trees.push(tree),
            Err(reason) => {
                session.note(format!("stateful sequence generation stopped: {reason}"));
                break;
            }
        }
    }
    counters
        .sequences
        .fetch_add(trees.len() as u64, Ordering::Relaxed);
    let mut running = JoinSet::new();
    let concurrency = session.config.concurrency.max(1);
    let mut outcomes: Vec<Option<Result<(), Divergence>>> =
        (0..trees.len()).map(|_| None).collect();
    for (index, tree) in trees.iter().enumerate() {
        while running.len() >= concurrency {
            if let Some(Ok((i, outcome))) = running.join_next().await {
                outcomes[i] = Some(outcome);
            }
        }
        let actions = tree.current();
        let (session, workspace) = (session.clone(), workspace.clone());
        running.spawn(async move { (index, execute(&session, &workspace, &actions).await) });
    }
    while let Some(joined) = running.join_next().await {
        if let Ok((i, outcome)) = joined {
            outcomes[i] = Some(outcome);
        }
    }
    let mut shrunk = false;
    let mut not_run: Vec<String> = Vec::new();
    for (tree, outcome) in trees.iter_mut().zip(outcomes) {
        match outcome {
            Some(Ok(())) => session.ledger.pass("SearchRelatedItems", CHECK),
            Some(Err(Divergence {
                not_run: Some(reason),
                ..
            })) => not_run.push(reason),
            Some(Err(divergence)) if !shrunk && !divergence.no_response => {
                shrunk = true;
                let first = (tree.current(), divergence);
                let shrunk =
                    shrink(
                        tree.as_mut(),
                        SHRINK_BUDGET,
                        first,
                        async |actions| match execute(session, workspace, actions).await {
                            Err(divergence) if divergence.not_run.is_some() => Trial::Stop,
                            Err(divergence) => Trial::Fails(divergence),
                            Ok(()) => Trial::Passes,
                        },
                    )
                    .await;
                record(session, &shrunk.value, shrunk.evidence, Some(shrunk.steps));
            }
            Some(Err(divergence)) => record(session, &tree.current(), divergence, None),
            None => {}
        }
    }
    if let Some(first) = not_run.first() {
        session.note(format!(
            "{} of {} stateful sequences were not completed, so {CHECK} was not evaluated on them: {first}",
            not_run.len(),
            trees.len()
        ));
    }
}

fn record(
    session: &Session,
    actions: &[Action],
    divergence: Divergence,
    shrink_steps: Option<u32>,
) {
    session.ledger.fail(
        divergence.operation,
        CHECK,
        FailureDraft {
            case: format!(
                "stateful sequence of {} steps, diverged at step {}",
                actions.len(),
                divergence.step + 1
            ),
            mutation: None,
            message: divergence.message,
            expected: divergence.expected,
            actual: divergence.actual,
            request: Some(json!({ "sequence": actions.iter().map(describe).collect::<Vec<_>>() })),
            shrink_steps,
            exchanges: divergence.exchanges,
        },
    );
}

fn describe(action: &Action) -> Value {
    match action {
        Action::Create(body) => json!({ "CreateRelatedItem": body }),
        Action::Search { kind, page_size } => {
            json!({ "SearchRelatedItems": { "kind": kind, "maxResults": page_size } })
        }
        Action::Audit { page_size } => json!({ "GetCaseAuditEvents": { "maxResults": page_size } }),
    }
}

/// Replays `actions` on a fresh case, checking every step against the model.
pub async fn execute(
    session: &Session,
    workspace: &Workspace,
    actions: &[Action],
) -> Result<(), Divergence> {
    let case_id = new_case(session, workspace, "conformance: stateful sequence")
        .await
        .map_err(|e| Divergence {
            step: 0,
            operation: "CreateCase",
            message: format!("could not create the sequence's case: {e}"),
            expected: json!({ "status": 200 }),
            actual: e.observed.clone(),
            exchanges: Vec::new(),
            no_response: e.observed.get("transportError").is_some(),
            not_run: e.not_sent().then(|| format!("creating its case was {e}")),
        })?;
    let uri = json!({ "domainId": workspace.domain_id, "caseId": case_id });
    let mut model: Vec<(String, Value)> = Vec::new();
    for (step, action) in actions.iter().enumerate() {
        match action {
            Action::Create(body) => {
                let envelope = json!({ "uri": uri, "body": body });
                let exchange = match session.send("CreateRelatedItem", &envelope, None).await {
                    Ok(exchange) => exchange,
                    Err(not_sent) => {
                        return Err(Divergence::not_run(
                            step,
                            "CreateRelatedItem",
                            not_sent.to_string(),
                        ));
                    }
                };
                let parsed = crate::engine::judge::parse_body(&exchange).ok().flatten();
                let id = parsed
                    .as_ref()
                    .and_then(|b| b["relatedItemId"].as_str())
                    .map(str::to_string);
                match (exchange.status(), id) {
                    (Some(200), Some(id)) => model.push((id, body.clone())),
                    _ => {
                        return Err(Divergence {
                            step,
                            operation: "CreateRelatedItem",
                            message: "a valid create was not accepted with a relatedItemId".into(),
                            expected: json!({ "status": 200, "body": { "relatedItemId": "…" } }),
                            actual: crate::engine::judge::observed(&exchange),
                            exchanges: vec![ExchangeRecord::new("CreateRelatedItem", &exchange)],
                            no_response: exchange.response().is_none(),
                            not_run: None,
                        });
                    }
                }
            }
            Action::Search { kind, page_size } => {
                check_search(session, &uri, &model, step, kind.as_deref(), *page_size).await?
            }
            Action::Audit { page_size } => {
                check_audit(session, &uri, &model, step, *page_size).await?
            }
        }
    }
    Ok(())
}

/// Whether a walk broke off because a page got no HTTP response at all.
fn no_response(end: &WalkEnd) -> bool {
    matches!(end, WalkEnd::Failed(f) if f.observed.get("transportError").is_some())
}

/// Why a walk says nothing about the target, when it does not: a page was not sent, or the
/// walk was cut short.
fn walk_not_run(end: &WalkEnd) -> Option<String> {
    match end {
        WalkEnd::Failed(f) if f.not_sent() => Some(f.to_string()),
        WalkEnd::CutShort { reason } => Some(reason.clone()),
        _ => None,
    }
}

impl Divergence {
    /// A step that could not be evaluated: `reason` says why.
    fn not_run(step: usize, operation: &'static str, reason: String) -> Self {
        Divergence {
            step,
            operation,
            message: reason.clone(),
            expected: Value::Null,
            actual: Value::Null,
            exchanges: Vec::new(),
            no_response: false,
            not_run: Some(reason),
        }
    }
}

async fn check_search(
    session: &Session,
    uri: &Value,
    model: &[(String, Value)],
    step: usize,
    kind: Option<&str>,
    page_size: u32,
) -> Result<(), Divergence> {
    const OP: &str = "SearchRelatedItems";
    let paginator =
        crate::contract::paging::paginator(&session.model, OP).expect("SearchRelatedItems pages");
    let mut body = json!({});
    if let Some(kind) = kind {
        body["filters"] = json!([{ kind: {} }]);
    }
    let w = walk(
        session,
        OP,
        &paginator,
        &json!({ "uri": uri, "body": body }),
        Some(page_size),
        Some(model.len()),
        "stateful: search",
    )
    .await;
    if let Some(reason) = walk_not_run(&w.end) {
        return Err(Divergence::not_run(step, OP, reason));
    }
    let evidence = w.evidence_records(OP);
    let diverge = |message: String, expected: Value, actual: Value| Divergence {
        step,
        operation: OP,
        message,
        expected,
        actual,
        exchanges: evidence.clone(),
        no_response: no_response(&w.end),
        not_run: None,
    };
    if !matches!(w.end, WalkEnd::Complete) {
        return Err(diverge(
            "the search walk did not complete".into(),
            json!({ "end": "complete" }),
            json!({ "end": format!("{:?}", w.end) }),
        ));
    }
    let expected: BTreeMap<&str, &Value> = model
        .iter()
        .filter(|(_, b)| kind.is_none_or(|k| b["content"].get(k).is_some()))
        .map(|(id, b)| (id.as_str(), b))
        .collect();
    let found: Vec<&Value> = w.items().collect();
    let found_ids: BTreeSet<&str> = found
        .iter()
        .filter_map(|i| i["relatedItemId"].as_str())
        .collect();
    let expected_ids: BTreeSet<&str> = expected.keys().copied().collect();
    if found_ids != expected_ids || found.len() != expected.len() {
        return Err(diverge(
            format!(
                "search {} returned {} items, the model holds {}",
                kind.map_or("without filters".to_string(), |k| format!("for {k}")),
                found.len(),
                expected.len()
            ),
            json!({ "relatedItemIds": expected_ids }),
            json!({ "relatedItemIds": found.iter().map(|i| i["relatedItemId"].clone()).collect::<Vec<_>>() }),
        ));
    }
    for item in found {
        let id = item["relatedItemId"].as_str().unwrap_or_default();
        let sent = expected[id];
        let same_type = item["type"] == sent["type"];
        let same_content = content_matches(&sent["content"], &item["content"]);
        let same_user = sent
            .get("performedBy")
            .is_none_or(|p| content_matches(p, &item["performedBy"]));
        let consistent = item["content"].as_object().is_some_and(|c| {
            c.len() == 1 && c.contains_key(&lower_camel(item["type"].as_str().unwrap_or_default()))
        });
        if !(same_type && same_content && same_user && consistent) {
            return Err(diverge(
                format!("item {id} differs from what was created"),
                json!({ "type": sent["type"], "content": sent["content"], "performedBy": sent.get("performedBy") }),
                json!({ "type": item["type"], "content": item["content"], "performedBy": item.get("performedBy") }),
            ));
        }
    }
    Ok(())
}

async fn check_audit(
    session: &Session,
    uri: &Value,
    model: &[(String, Value)],
    step: usize,
    page_size: u32,
) -> Result<(), Divergence> {
    const OP: &str = "GetCaseAuditEvents";
    let paginator =
        crate::contract::paging::paginator(&session.model, OP).expect("GetCaseAuditEvents pages");
    let w = walk(
        session,
        OP,
        &paginator,
        &json!({ "uri": uri, "body": {} }),
        Some(page_size),
        None,
        "stateful: audit",
    )
    .await;
    if let Some(reason) = walk_not_run(&w.end) {
        return Err(Divergence::not_run(step, OP, reason));
    }
    let evidence = w.evidence_records(OP);
    let mut expected: BTreeMap<String, usize> = BTreeMap::new();
    for (_, body) in model {
        *expected
            .entry(body["type"].as_str().unwrap_or_default().to_string())
            .or_default() += 1;
    }
    let mut actual: BTreeMap<String, usize> = BTreeMap::new();
    let mut case_created = 0;
    for event in w.items() {
        match event["type"].as_str() {
            Some("RelatedItem.Created") => {
                *actual
                    .entry(
                        event["relatedItemType"]
                            .as_str()
                            .unwrap_or("<missing>")
                            .to_string(),
                    )
                    .or_default() += 1;
            }
            Some("Case.Created") => case_created += 1,
            _ => {}
        }
    }
    if !matches!(w.end, WalkEnd::Complete) || actual != expected || case_created != 1 {
        return Err(Divergence {
            step,
            operation: OP,
            message: format!(
                "the audit history holds {case_created} Case.Created and RelatedItem.Created events by type {actual:?}; the model has 1 and {expected:?}"
            ),
            expected: json!({ "Case.Created": 1, "RelatedItem.Created": expected }),
            actual: json!({ "Case.Created": case_created, "RelatedItem.Created": actual, "walk": format!("{:?}", w.end) }),
            exchanges: evidence,
            no_response: no_response(&w.end),
            not_run: None,
        });
    }
    Ok(())
}
