//! Comparing one answer with its recording: the parity checks' verdicts.
//!
//! Both answers are redacted by their own flow's [`super::redact::Redactor`], so ids, ARNs,
//! tokens and times compare by their place in the flow, not their value. Members a user
//! declared not worth comparing ([`Ignore`], each with its reason) are removed from both
//! bodies first. Then:
//!
//! - `parity.status`: the same status (or both no response);
//! - `parity.error-type`: the same error type, judged when either answer is an error;
//! - `parity.body`: the same headers and body, lists compared as multisets;
//! - `parity.order`: the same order of every list, judged only when the bodies agree as
//!   multisets (a body that differs says nothing about order).

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::recording::{Answer, Recording, canonical};
use crate::checks::CheckId;

/// A body member parity does not compare, with the reason (`[[parity.ignore]]` of
/// `harness.toml`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ignore {
    /// The operation it applies to; `None`: every operation.
    #[serde(default)]
    pub operation: Option<String>,
    /// A JSON pointer into the body; a `*` segment stands for every member or item
    /// (`/message`, `/fields/*/value`).
    pub path: String,
    /// Why: mandatory, and printed in every report.
    pub reason: String,
}

impl Ignore {
    /// Whether it applies to `operation`.
    pub fn applies(&self, operation: &str) -> bool {
        self.operation.as_deref().is_none_or(|op| op == operation)
    }
}

/// One parity check's outcome: `Err((message, expected, actual))` when it failed.
pub type Outcome = (CheckId, Result<(), (String, Value, Value)>);

/// The verdicts of the parity checks on `live`, the answer `recorded` got.
pub fn compare(
    operation: &str,
    recorded: &Answer,
    live: &Answer,
    ignore: &[Ignore],
) -> Vec<Outcome> {
    let mut outcomes = Vec::new();
    let status = |a: &Answer| a.status.map_or(Value::Null, Value::from);
    outcomes.push((
        CheckId::ParityStatus,
        if recorded.status == live.status {
            Ok(())
        } else {
            Err((
                format!(
                    "status {} where the recording has {}",
                    shown(live.status),
                    shown(recorded.status)
                ),
                status(recorded),
                status(live),
            ))
        },
    ));
    let is_error = |a: &Answer| a.error_type.is_some() || a.status.is_some_and(|s| s >= 400);
    if is_error(recorded) || is_error(live) {
        outcomes.push((
            CheckId::ParityErrorType,
            if recorded.error_type == live.error_type {
                Ok(())
            } else {
                Err((
                    format!(
                        "error type {} where the recording has {}",
                        live.error_type.as_deref().unwrap_or("(none)"),
                        recorded.error_type.as_deref().unwrap_or("(none)")
                    ),
                    json!(recorded.error_type),
                    json!(live.error_type),
                ))
            },
        ));
    }
    let expected = comparable(operation, recorded, ignore);
    let actual = comparable(operation, live, ignore);
    if expected == actual {
        outcomes.push((CheckId::ParityBody, Ok(())));
        outcomes.push((CheckId::ParityOrder, Ok(())));
    } else if sorted(&expected) == sorted(&actual) {
        outcomes.push((CheckId::ParityBody, Ok(())));
        outcomes.push((
            CheckId::ParityOrder,
            Err((
                "the same members, but a list in another order than the recording's".to_string(),
                expected,
                actual,
            )),
        ));
    } else {
        outcomes.push((
            CheckId::ParityBody,
            Err((
                format!(
                    "the body differs from the recording's at {}",
                    first_difference(&expected, &actual, "")
                ),
                expected,
                actual,
            )),
        ));
    }
    outcomes
}

/// Whether `other`, a recording of the same flow, got the answers `reference` got: as many
/// steps, each the same operation sent for the same case, and no parity check failing on any
/// (every member compared). What tells whether a change to a target changes anything the flow
/// sees, without holding the two flows to be the same.
pub fn same_answers(reference: &Recording, other: &Recording) -> bool {
    reference.steps.len() == other.steps.len()
        && reference.steps.iter().zip(&other.steps).all(|(a, b)| {
            a.operation == b.operation
                && a.case == b.case
                && compare(&a.operation, &a.answer, &b.answer, &[])
                    .iter()
                    .all(|(_, outcome)| outcome.is_ok())
        })
}

fn shown(status: Option<u16>) -> String {
    status.map_or_else(|| "(no response)".to_string(), |s| s.to_string())
}

/// The headers and body of `answer` as parity compares them, ignored members removed.
fn comparable(operation: &str, answer: &Answer, ignore: &[Ignore]) -> Value {
    let mut body = canonical(&answer.body);
    for rule in ignore.iter().filter(|r| r.applies(operation)) {
        let segments: Vec<&str> = rule.path.split('/').skip(1).collect();
        remove(&mut body, &segments);
    }
    json!({ "headers": answer.headers, "body": body })
}

/// Removes what `segments` (of a JSON pointer, `*` for every child) point at in `value`.
fn remove(value: &mut Value, segments: &[&str]) {
    let Some((first, rest)) = segments.split_first() else {
        return;
    };
    let first = first.replace("~1", "/").replace("~0", "~");
    match value {
        Value::Object(map) if rest.is_empty() => {
            if first == "*" {
                map.clear();
            } else {
                map.remove(&first);
            }
        }
        Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                if first == "*" || *key == first {
                    remove(child, rest);
                }
            }
        }
        Value::Array(items) if rest.is_empty() => {
            if first == "*" {
                items.clear();
            } else if let Ok(index) = first.parse::<usize>()
                && index < items.len()
            {
                items.remove(index);
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter_mut().enumerate() {
                if first == "*" || first.parse() == Ok(index) {
                    remove(child, rest);
                }
            }
        }
        _ => {}
    }
}

/// `value` with every list sorted (by its items' text): equal when two values differ at most
/// in the order of lists.
fn sorted(value: &Value) -> Value {
    match value {
        Value::Array(items) => {
            let mut items: Vec<Value> = items.iter().map(sorted).collect();
            items.sort_by_cached_key(Value::to_string);
            Value::Array(items)
        }
        Value::Object(map) => {
            Value::Object(map.iter().map(|(k, v)| (k.clone(), sorted(v))).collect())
        }
        other => other.clone(),
    }
}

/// The JSON pointer of the first place `a` and `b` differ.
fn first_difference(a: &Value, b: &Value, at: &str) -> String {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let mut keys: Vec<&String> = x.keys().chain(y.keys()).collect();
            keys.sort();
            keys.dedup();
            for key in keys {
                if x.get(key) != y.get(key) {
                    return match (x.get(key), y.get(key)) {
                        (Some(p), Some(q)) => first_difference(p, q, &format!("{at}/{key}")),
                        _ => format!("{at}/{key}"),
                    };
                }
            }
            at_or_root(at)
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            x.iter().zip(y).position(|(p, q)| p != q).map_or_else(
                || at_or_root(at),
                |i| first_difference(&x[i], &y[i], &format!("{at}/{i}")),
            )
        }
        _ => at_or_root(at),
    }
}

fn at_or_root(at: &str) -> String {
    if at.is_empty() {
        "/".to_string()
    } else {
        at.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn answer(status: u16, error_type: Option<&str>, body: Value) -> Answer {
        Answer {
            status: Some(status),
            error_type: error_type.map(str::to_string),
            headers: BTreeMap::new(),
            body,
        }
    }

    fn failed(outcomes: &[Outcome]) -> Vec<CheckId> {
        outcomes
            .iter()
            .filter(|(_, r)| r.is_err())
            .map(|(c, _)| *c)
            .collect()
    }

    fn recording(answers: &[Answer]) -> Recording {
        Recording {
            steps: answers
                .iter()
                .zip(1..)
                .map(|(answer, step)| super::super::recording::Step {
                    step,
                    operation: "GetCase".into(),
                    case: "GetCase/minimal".into(),
                    request: json!({}),
                    raw_body: None,
                    answer: answer.clone(),
                })
                .collect(),
            ..Recording::default()
        }
    }

    #[test]
    fn same_answers_needs_every_step_to_agree() {
        let ok = answer(200, None, json!({ "ids": ["<id:1>", "<id:2>"] }));
        let reordered = answer(200, None, json!({ "ids": ["<id:2>", "<id:1>"] }));
        let reference = recording(&[ok.clone(), ok.clone()]);
        assert!(same_answers(
            &reference,
            &recording(&[ok.clone(), ok.clone()])
        ));
        assert!(!same_answers(
            &reference,
            &recording(&[ok.clone(), reordered])
        ));
        assert!(
            !same_answers(&reference, &recording(std::slice::from_ref(&ok))),
            "a step fewer"
        );
        let mut other_case = recording(&[ok.clone(), ok]);
        other_case.steps[1].case = "GetCase/unknown id".into();
        assert!(!same_answers(&reference, &other_case));
    }

    #[test]
    fn the_same_answer_agrees_on_every_check() {
        let a = answer(200, None, json!({ "cases": [{ "caseId": "<caseId:1>" }] }));
        let outcomes = compare("SearchCases", &a, &a.clone(), &[]);
        let checks: Vec<CheckId> = outcomes.iter().map(|(c, _)| *c).collect();
        assert_eq!(
            checks,
            [
                CheckId::ParityStatus,
                CheckId::ParityBody,
                CheckId::ParityOrder
            ],
            "no error-type verdict between two successes"
        );
        assert!(failed(&outcomes).is_empty());
    }

    #[test]
    fn another_status_and_error_type_fail_their_checks() {
        let recorded = answer(
            404,
            Some("ResourceNotFoundException"),
            json!({ "message": "gone" }),
        );
        let live = answer(
            400,
            Some("ValidationException"),
            json!({ "message": "gone" }),
        );
        assert_eq!(
            failed(&compare("GetCase", &recorded, &live, &[])),
            [CheckId::ParityStatus, CheckId::ParityErrorType]
        );
    }

    #[test]
    fn a_list_in_another_order_fails_order_only() {
        let recorded = answer(200, None, json!({ "ids": ["<id:1>", "<id:2>"] }));
        let live = answer(200, None, json!({ "ids": ["<id:2>", "<id:1>"] }));
        assert_eq!(
            failed(&compare("X", &recorded, &live, &[])),
            [CheckId::ParityOrder]
        );
    }

    #[test]
    fn a_different_body_fails_body_and_names_where() {
        let recorded = answer(200, None, json!({ "a": { "b": 1 } }));
        let live = answer(200, None, json!({ "a": { "b": 2 } }));
        let outcomes = compare("X", &recorded, &live, &[]);
        assert_eq!(failed(&outcomes), [CheckId::ParityBody]);
        let (_, Err((message, ..))) = &outcomes[1] else {
            panic!("body failed")
        };
        assert!(message.contains("/body/a/b"), "{message}");
    }

    #[test]
    fn ignored_members_are_not_compared_for_their_operation_only() {
        let recorded = answer(
            400,
            Some("ValidationException"),
            json!({ "message": "bad title", "items": [{ "m": 1, "k": 1 }] }),
        );
        let live = answer(
            400,
            Some("ValidationException"),
            json!({ "message": "title is bad", "items": [{ "m": 2, "k": 1 }] }),
        );
        let ignore = vec![
            Ignore {
                operation: None,
                path: "/message".into(),
                reason: "wording".into(),
            },
            Ignore {
                operation: Some("CreateCase".into()),
                path: "/items/*/m".into(),
                reason: "r".into(),
            },
        ];
        assert!(failed(&compare("CreateCase", &recorded, &live, &ignore)).is_empty());
        assert_eq!(
            failed(&compare("GetCase", &recorded, &live, &ignore)),
            [CheckId::ParityBody]
        );
    }
}
