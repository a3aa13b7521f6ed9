//! Provenance: the request that made each resource of a run, so that a failure can carry the
//! set-up that makes again what its requests name.
//!
//! Why: a failure's requests name the run's domain, case, field or related item, and those
//! exist on the run's target only, and only until clean-up deletes them. Sent anywhere else (a
//! fresh embedded mock, the same target after the run) they are answered 404, which shows
//! nothing of the failure. So every success answer of a producer (the contract's
//! [`resources`]: an answer naming an id and its ARN, without taking the id) is kept with its
//! request. At the end of the run the producers the kept failures' requests name, and those
//! their own requests name in turn (a case names its domain, template and fields), become the
//! run's set-up steps ([`SetupStep`]), each once per report, in the order they were made (a
//! resource is made after what it names); every failure lists the steps it needs.
//! `harness replay` sends them first and rebases the failure's requests onto the ids they
//! answer with ([`super::parity::redact`]).
//!
//! A resource a failure's own earlier exchange made (a round trip's create, then its search)
//! is not set-up: replaying that exchange makes it again.
//!
//! What is kept is bounded ([`KEPT_BYTES`]), the earliest first: set-up, provisioning and the
//! fixture, which most failures name, come before the bulk of generated creates. A resource
//! made past the bound has no step; the run's notes say how many, and a replay sends its id as
//! recorded.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::Mutex;

use percent_encoding::percent_decode_str;
use serde_json::{Map, Value};

use super::ledger::Tally;
use super::produced::Answer;
use super::record::{ExchangeRecord, SetupStep};
use crate::checks::CheckId;
use crate::client::Exchange;
use crate::contract::resources::resources;
use crate::model::ServiceModel;

/// Bytes of producer exchanges kept (requests and answers, roughly): some thousands of
/// creates, far more than the resources failures name, while a 100,000-case bench does not
/// keep every create it sends.
pub const KEPT_BYTES: usize = 16 * 1024 * 1024;

/// Bytes counted for an exchange besides its URL and bodies (headers, the envelope).
const OVERHEAD: usize = 1024;

/// One producer's success, kept.
#[derive(Debug)]
struct Origin {
    operation: String,
    envelope: Value,
    raw_body: Option<Vec<u8>>,
    /// `(member, value)` of what it made: its id and ARN (`caseId`, `caseArn`).
    produces: Vec<(String, String)>,
    exchange: Exchange,
}

#[derive(Debug, Default)]
struct Kept {
    origins: Vec<Origin>,
    /// Every id and ARN an origin made → the first origin that made it.
    by_value: foldhash::HashMap<String, usize>,
    bytes: usize,
    not_kept: u64,
}

/// The id members a producer makes (`caseId`), each with the ARN member it answers beside it.
type Kinds = Vec<(String, Option<String>)>;

/// The producers' successes of a run, noted as their answers come (the session does it for
/// every answer it hands on).
#[derive(Debug, Default)]
pub struct Provenance {
    /// For each producing operation, its success status and the id members it makes.
    producers: foldhash::HashMap<String, (u16, Kinds)>,
    kept: Mutex<Kept>,
}

/// The ARN member a producer answers beside `id` (`caseId` → `caseArn`): the contract's rule
/// for what makes an operation a producer.
fn arn_member(id: &str) -> Option<String> {
    id.strip_suffix("Id").map(|stem| format!("{stem}Arn"))
}

impl Provenance {
    /// A record for `model`'s release.
    pub fn for_model(model: &ServiceModel) -> Self {
        let mut producers: foldhash::HashMap<String, (u16, Kinds)> = foldhash::HashMap::default();
        for resource in resources(model).into_values() {
            for op in &resource.produced_by {
                let success = model.operation(op).map_or(200, |o| o.http.response_code);
                producers
                    .entry(op.clone())
                    .or_insert_with(|| (success, Vec::new()))
                    .1
                    .push((resource.id.clone(), arn_member(&resource.id)));
            }
        }
        Provenance {
            producers,
            kept: Mutex::default(),
        }
    }

    /// Keeps `answer`'s exchange if it is a producer's success (and the bound allows); its
    /// success status is the operation's, as the model gives it, and its body is read once
    /// for every observer of it ([`Answer`]).
    pub fn observe(
        &self,
        operation: &str,
        envelope: &Value,
        raw_body: Option<&[u8]>,
        answer: &Answer<'_>,
    ) {
        let Some((_, kinds)) = self.producers.get(operation) else {
            return;
        };
        let Some(response) = answer.success() else {
            return;
        };
        let exchange = answer.exchange;
        let size = OVERHEAD
            + exchange.request.url.len()
            + exchange.request.body.as_ref().map_or(0, Vec::len)
            + raw_body.map_or(0, <[u8]>::len)
            + response.body.len();
        {
            let mut kept = self.kept.lock().expect("provenance lock");
            if kept.bytes + size > KEPT_BYTES {
                kept.not_kept += 1;
                return;
            }
        }
        let Some(body) = answer.named() else {
            return;
        };
        let produces = produced(kinds, |name| body.get(name).map(str::to_string));
        if produces.is_empty() {
            return;
        }
        let mut kept = self.kept.lock().expect("provenance lock");
        let index = kept.origins.len();
        for (_, value) in &produces {
            kept.by_value.entry(value.clone()).or_insert(index);
        }
        kept.bytes += size;
        kept.origins.push(Origin {
            operation: operation.to_string(),
            envelope: envelope.clone(),
            raw_body: raw_body.map(<[u8]>::to_vec),
            produces,
            exchange: exchange.clone(),
        });
    }

    /// How many producer successes are kept, for tests of what keeps them.
    #[cfg(test)]
    pub(crate) fn kept(&self) -> usize {
        self.kept.lock().expect("provenance lock").origins.len()
    }

    /// Producer successes not kept, past [`KEPT_BYTES`].
    pub fn not_kept(&self) -> u64 {
        self.kept.lock().expect("provenance lock").not_kept
    }

    /// The set-up steps the failures kept in `tallies` need, numbered `S1`, `S2`… in the order
    /// their resources were made; each failure's `setup` is set to the steps it needs, in that
    /// order (which is an order to send them in).
    pub fn attach(&self, tallies: &mut BTreeMap<(String, CheckId), Tally>) -> Vec<SetupStep> {
        let kept = self.kept.lock().expect("provenance lock");
        let mut direct: HashMap<usize, BTreeSet<usize>> = HashMap::new();
        let mut needed_by_failure = Vec::new();
        let mut all = BTreeSet::new();
        for tally in tallies.values() {
            for failure in &tally.failures {
                let mut needed = BTreeSet::new();
                let mut own: HashSet<String> = HashSet::new();
                for record in &failure.exchanges {
                    needed.extend(
                        named_in_record(record)
                            .iter()
                            .filter(|value| !own.contains(*value))
                            .filter_map(|value| kept.by_value.get(value).copied()),
                    );
                    own.extend(self.made_by_record(record));
                }
                let needed = closure(&kept, needed, &mut direct);
                all.extend(needed.iter().copied());
                needed_by_failure.push(needed);
            }
        }
        let ids: BTreeMap<usize, String> = all
            .iter()
            .zip(1..)
            .map(|(index, n)| (*index, format!("S{n}")))
            .collect();
        let mut needed = needed_by_failure.into_iter();
        for tally in tallies.values_mut() {
            for failure in &mut tally.failures {
                let steps = needed.next().unwrap_or_default();
                failure.setup = steps.iter().map(|i| ids[i].clone()).collect();
            }
        }
        ids.iter()
            .map(|(index, id)| {
                let origin = &kept.origins[*index];
                SetupStep {
                    id: id.clone(),
                    operation: origin.operation.clone(),
                    request: origin.envelope.clone(),
                    raw_body: origin
                        .raw_body
                        .as_deref()
                        .map(|raw| String::from_utf8_lossy(raw).into_owned()),
                    produces: origin.produces.iter().cloned().collect(),
                    needs: direct
                        .get(index)
                        .into_iter()
                        .flatten()
                        .filter_map(|i| ids.get(i).cloned())
                        .collect(),
                    exchange: ExchangeRecord::new(&origin.operation, &origin.exchange),
                }
            })
            .collect()
    }

    /// What `record` made, if it is a producer's success: its ids and ARNs.
    fn made_by_record(&self, record: &ExchangeRecord) -> Vec<String> {
        let Some((success, kinds)) = self.producers.get(&record.operation) else {
            return Vec::new();
        };
        if record.status != Some(*success) {
            return Vec::new();
        }
        record
            .response_body
            .as_deref()
            .and_then(|body| serde_json::from_str::<Map<String, Value>>(body).ok())
            .map(|body| {
                produced(kinds, |name| {
                    body.get(name).and_then(Value::as_str).map(str::to_string)
                })
                .into_iter()
                .map(|(_, v)| v)
                .collect()
            })
            .unwrap_or_default()
    }
}

/// `(member, value)` of the ids of `kinds` a producer's answer names, each with its ARN.
fn produced(
    kinds: &[(String, Option<String>)],
    get: impl Fn(&str) -> Option<String>,
) -> Vec<(String, String)> {
    let mut produces = Vec::new();
    for (kind, arn) in kinds {
        let Some(id) = get(kind) else {
            continue;
        };
        produces.push((kind.clone(), id));
        if let Some(arn) = arn
            && let Some(value) = get(arn)
        {
            produces.push((arn.clone(), value));
        }
    }
    produces
}

/// `start` and every origin their requests name, transitively; `direct` caches what each
/// origin's request names.
fn closure(
    kept: &Kept,
    start: BTreeSet<usize>,
    direct: &mut HashMap<usize, BTreeSet<usize>>,
) -> BTreeSet<usize> {
    let mut seen = BTreeSet::new();
    let mut todo: Vec<usize> = start.into_iter().collect();
    while let Some(index) = todo.pop() {
        if !seen.insert(index) {
            continue;
        }
        let names = direct.entry(index).or_insert_with(|| {
            let origin = &kept.origins[index];
            let mut values = Vec::new();
            strings(&origin.envelope, &mut values);
            if let Some(raw) = &origin.raw_body {
                values.extend(tokens(&String::from_utf8_lossy(raw)));
            }
            values
                .iter()
                .filter_map(|v| kept.by_value.get(v).copied())
                .filter(|i| *i != index)
                .collect()
        });
        todo.extend(names.iter().copied());
    }
    seen
}

/// The values a recorded request names: its path segments and query values (decoded) and
/// the strings of its body (its tokens, when it is not JSON: cut, or a malformed mutation).
pub fn named_in_record(record: &ExchangeRecord) -> Vec<String> {
    let mut values = Vec::new();
    if let Ok(url) = url::Url::parse(&record.url) {
        for segment in url.path().split('/').filter(|s| !s.is_empty()) {
            values.push(percent_decode_str(segment).decode_utf8_lossy().into_owned());
        }
        values.extend(url.query_pairs().map(|(_, v)| v.into_owned()));
    }
    if let Some(body) = &record.request_body {
        match serde_json::from_str::<Value>(body) {
            Ok(json) => strings(&json, &mut values),
            Err(_) => values.extend(tokens(body)),
        }
    }
    values
}

/// Every string of `value`, whole.
fn strings(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::String(s) => out.push(s.clone()),
        Value::Array(items) => items.iter().for_each(|v| strings(v, out)),
        Value::Object(map) => map.values().for_each(|v| strings(v, out)),
        _ => {}
    }
}

/// The pieces of `text` between characters no id or ARN holds.
fn tokens(text: &str) -> Vec<String> {
    text.split(|c: char| c.is_whitespace() || "\"'{}[],;=&<>\\".contains(c))
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::{CapturedRequest, CapturedResponse};
    use crate::engine::record::Failure;
    use crate::model::Release;
    use serde_json::json;

    const BASE: &str = "http://127.0.0.1:1";

    fn exchange(
        method: &str,
        path: &str,
        body: Option<Value>,
        status: u16,
        answer: Value,
    ) -> Exchange {
        Exchange {
            request: CapturedRequest {
                method: method.parse().unwrap(),
                url: format!("{BASE}{path}"),
                headers: vec![("authorization".into(), "AWS4-HMAC-SHA256 secret".into())],
                body: body.map(|b| b.to_string().into_bytes()),
            },
            outcome: Ok(CapturedResponse {
                status,
                headers: Vec::new(),
                body: answer.to_string().into_bytes(),
            }),
            started: std::time::SystemTime::now(),
            elapsed: std::time::Duration::ZERO,
            body_cut: 0,
        }
    }

    fn failure(exchanges: &[(&str, &Exchange)]) -> Failure {
        Failure {
            id: "F0001".into(),
            check: "x".into(),
            severity: crate::checks::Severity::Must,
            operation: exchanges[0].0.into(),
            case: "test".into(),
            mutation: None,
            message: String::new(),
            expected: Value::Null,
            actual: Value::Null,
            request: None,
            shrink_steps: None,
            exchanges: exchanges
                .iter()
                .map(|(op, e)| ExchangeRecord::new(op, e))
                .collect(),
            setup: Vec::new(),
        }
    }

    /// A domain, a template in it, a case naming both, an unrelated second domain.
    fn made() -> Provenance {
        let model = ServiceModel::load(Release::V1_34_98).unwrap();
        let p = Provenance::for_model(&model);
        let domain = json!({ "body": { "name": "d" } });
        p.observe(
            "CreateDomain",
            &domain,
            None,
            &Answer::new(&exchange("POST", "/domains", Some(domain["body"].clone()), 200,
                json!({ "domainId": "dom-1", "domainArn": "arn:d/dom-1", "domainStatus": "Active" })), 200),
        );
        p.observe(
            "CreateDomain",
            &domain,
            None,
            &Answer::new(&exchange("POST", "/domains", Some(domain["body"].clone()), 200,
                json!({ "domainId": "dom-2", "domainArn": "arn:d/dom-2", "domainStatus": "Active" })), 200),
        );
        let template = json!({ "uri": { "domainId": "dom-1" }, "body": { "name": "t" } });
        p.observe(
            "CreateTemplate",
            &template,
            None,
            &Answer::new(
                &exchange(
                    "POST",
                    "/domains/dom-1/templates",
                    Some(template["body"].clone()),
                    200,
                    json!({ "templateId": "tpl-1", "templateArn": "arn:t/tpl-1" }),
                ),
                200,
            ),
        );
        let case = json!({ "uri": { "domainId": "dom-1" }, "body": { "templateId": "tpl-1", "fields": [] } });
        p.observe(
            "CreateCase",
            &case,
            None,
            &Answer::new(
                &exchange(
                    "POST",
                    "/domains/dom-1/cases",
                    Some(case["body"].clone()),
                    200,
                    json!({ "caseId": "case-1", "caseArn": "arn:c/case-1" }),
                ),
                200,
            ),
        );
        // Not a success: not a producer's answer.
        p.observe(
            "CreateCase",
            &case,
            None,
            &Answer::new(
                &exchange(
                    "POST",
                    "/domains/dom-1/cases",
                    Some(case["body"].clone()),
                    400,
                    json!({ "caseId": "case-9", "caseArn": "arn:c/case-9" }),
                ),
                200,
            ),
        );
        p
    }

    #[test]
    fn a_failure_needs_what_its_requests_name_transitively_each_step_once() {
        let p = made();
        let get = exchange(
            "POST",
            "/domains/dom-1/cases/case-1",
            Some(json!({ "fields": [] })),
            500,
            json!({}),
        );
        let mut tallies = BTreeMap::new();
        tallies.insert(
            ("GetCase".to_string(), CheckId::ProtocolTransport),
            Tally {
                passed: 0,
                failed: 2,
                failures: vec![failure(&[("GetCase", &get)]), failure(&[("GetCase", &get)])],
            },
        );
        let steps = p.attach(&mut tallies);
        let ops: Vec<(&str, &str)> = steps
            .iter()
            .map(|s| (s.id.as_str(), s.operation.as_str()))
            .collect();
        // The second domain is named by nothing: it is not a step.
        assert_eq!(
            ops,
            [
                ("S1", "CreateDomain"),
                ("S2", "CreateTemplate"),
                ("S3", "CreateCase")
            ]
        );
        assert_eq!(steps[0].produces["domainId"], "dom-1");
        assert_eq!(steps[0].produces["domainArn"], "arn:d/dom-1");
        assert_eq!(steps[2].needs, ["S1", "S2"]);
        assert_eq!(steps[1].needs, ["S1"]);
        assert!(steps[0].needs.is_empty());
        assert_eq!(steps[2].request["body"]["templateId"], "tpl-1");
        assert!(
            !steps[0]
                .exchange
                .request_headers
                .iter()
                .any(|(_, v)| v.contains("secret")),
            "{:?}",
            steps[0].exchange.request_headers
        );
        for failure in &tallies.values().next().unwrap().failures {
            assert_eq!(failure.setup, ["S1", "S2", "S3"]);
        }
    }

    #[test]
    fn what_a_failures_own_exchange_made_is_not_set_up() {
        let p = made();
        let case = json!({ "templateId": "tpl-1", "fields": [] });
        // The failure made a case itself, then read it: replaying the create makes it again.
        let create = exchange(
            "POST",
            "/domains/dom-1/cases",
            Some(case),
            200,
            json!({ "caseId": "case-1", "caseArn": "arn:c/case-1" }),
        );
        let get = exchange("POST", "/domains/dom-1/cases/case-1", None, 404, json!({}));
        let mut tallies = BTreeMap::new();
        tallies.insert(
            ("GetCase".to_string(), CheckId::ProtocolTransport),
            Tally {
                passed: 0,
                failed: 1,
                failures: vec![failure(&[("CreateCase", &create), ("GetCase", &get)])],
            },
        );
        let steps = p.attach(&mut tallies);
        let ops: Vec<&str> = steps.iter().map(|s| s.operation.as_str()).collect();
        assert_eq!(ops, ["CreateDomain", "CreateTemplate"]);
    }

    #[test]
    fn arns_and_encoded_path_labels_are_found() {
        let p = made();
        let tag = exchange("GET", "/tags/arn%3Ac%2Fcase-1", None, 500, json!({}));
        let search = exchange(
            "POST",
            "/domains/dom-2/cases-search",
            Some(json!({ "filter": { "x": ["arn:c/case-1"] } })),
            500,
            json!({}),
        );
        let mut tallies = BTreeMap::new();
        tallies.insert(
            (
                "ListTagsForResource".to_string(),
                CheckId::ProtocolTransport,
            ),
            Tally {
                passed: 0,
                failed: 2,
                failures: vec![
                    failure(&[("ListTagsForResource", &tag)]),
                    failure(&[("SearchCases", &search)]),
                ],
            },
        );
        let steps = p.attach(&mut tallies);
        let failures = &tallies.values().next().unwrap().failures;
        let by_id: BTreeMap<&str, &str> = steps
            .iter()
            .map(|s| (s.id.as_str(), s.operation.as_str()))
            .collect();
        assert_eq!(by_id.len(), 4, "{by_id:?}");
        assert_eq!(failures[0].setup, ["S1", "S3", "S4"]);
        assert_eq!(failures[1].setup, ["S1", "S2", "S3", "S4"]);
    }

    #[test]
    fn past_the_bound_nothing_more_is_kept_and_it_is_counted() {
        let model = ServiceModel::load(Release::V1_34_98).unwrap();
        let p = Provenance::for_model(&model);
        let big = "x".repeat(crate::engine::produced::ANSWER_READ - 100);
        let envelope = json!({ "body": { "name": big } });
        let answer =
            |n: usize| json!({ "domainId": format!("dom-{n}"), "domainArn": format!("arn:{n}") });
        let mut n = 0;
        while p.not_kept() == 0 {
            p.observe(
                "CreateDomain",
                &envelope,
                None,
                &Answer::new(
                    &exchange(
                        "POST",
                        "/domains",
                        Some(envelope["body"].clone()),
                        200,
                        answer(n),
                    ),
                    200,
                ),
            );
            n += 1;
        }
        let kept = p.kept.lock().unwrap();
        assert!(kept.bytes <= KEPT_BYTES);
        assert_eq!(kept.origins.len(), n - 1);
    }
}
