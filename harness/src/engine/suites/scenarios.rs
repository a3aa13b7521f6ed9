//! Declarative scenarios from `cases/*.json`: hand-written steps with expected responses where
//! ids and timestamps are matched by rules rather than literal values (see `cases/README.md`).

use std::collections::BTreeMap;
use std::sync::atomic::Ordering;

use serde::Deserialize;
use serde_json::{Map, Value, json};

use crate::checks::CheckId;
use crate::engine::Counters;
use crate::engine::judge::{Expect, error_type, observed, parse_body};
use crate::engine::ledger::FailureDraft;
use crate::engine::record::ExchangeRecord;
use crate::engine::session::Session;
use crate::engine::setup::{Workspace, new_case};
use crate::r#gen::Substitution;
use crate::model::Release;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/scenarios.rs"));
}

const CHECK: CheckId = CheckId::ScenarioExpectations;

/// One scenario file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Unique name; the report's operation column shows `scenario/<name>`.
    pub name: String,
    /// What it shows.
    pub description: String,
    /// The model shape or doc sentence it rests on.
    pub source: String,
    /// The first release it applies to (older releases skip it).
    pub since: Option<String>,
    /// The steps, run in order on a fresh case.
    pub steps: Vec<Step>,
}

/// One request and what must come back.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// What the step does.
    pub name: String,
    /// The operation called.
    pub operation: String,
    /// The wire envelope sent (`${var}` substituted).
    pub request: Value,
    /// What must come back.
    pub expect: Expected,
}

/// The expected answer of a step.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Expected {
    /// The status code.
    pub status: u16,
    /// The error name, for error answers.
    pub error_type: Option<String>,
    /// The body pattern (see the matching rules in `cases/README.md`).
    pub body: Option<Value>,
}

/// Every embedded scenario, parsed; a malformed file is an error naming it.
pub fn embedded() -> anyhow::Result<Vec<Scenario>> {
    embedded::EMBEDDED
        .iter()
        .map(|(file, text)| {
            serde_json::from_str(text).map_err(|e| anyhow::anyhow!("cases/{file}: {e}"))
        })
        .collect()
}

/// Runs every scenario that applies to the run's release.
pub async fn run(session: &Session, workspace: &Workspace, counters: &Counters) {
    if !session.ledger.selects(CHECK) {
        return;
    }
    let scenarios = match embedded() {
        Ok(s) => s,
        Err(e) => {
            session.note(format!("scenarios not run: {e}"));
            return;
        }
    };
    for scenario in scenarios {
        let applies = scenario
            .since
            .as_deref()
            .and_then(|v| v.parse::<Release>().ok())
            .is_none_or(|since| session.config.release >= since);
        if !applies {
            session.note(format!(
                "scenario {} skipped: it applies from botocore {} on",
                scenario.name,
                scenario.since.as_deref().unwrap_or("?")
            ));
            continue;
        }
        counters.scenarios.fetch_add(1, Ordering::Relaxed);
        run_one(session, workspace, &scenario).await;
    }
}

async fn run_one(session: &Session, workspace: &Workspace, scenario: &Scenario) {
    let operation = format!("scenario/{}", scenario.name);
    let case_id = match new_case(
        session,
        workspace,
        &format!("conformance: scenario {}", scenario.name),
    )
    .await
    {
        Ok(id) => id,
        Err(e) if e.not_sent() => {
            session.note(format!(
                "scenario {} not run: creating its case was {e}",
                scenario.name
            ));
            return;
        }
        Err(e) => {
            fail(
                session,
                &operation,
                scenario,
                "set-up",
                format!("could not create the scenario's case: {e}"),
                json!({"status": 200}),
                e.observed,
                Vec::new(),
            );
            return;
        }
    };
    let mut vars: BTreeMap<String, String> = BTreeMap::from([
        ("domainId".to_string(), workspace.domain_id.clone()),
        ("caseId".to_string(), case_id),
        (
            "run".to_string(),
            format!("conformance-{:x}", session.config.seed),
        ),
    ]);
    // Real contact, file and user ARNs ([fixtures] of harness.toml) for the made-up ones.
    let mut real = Substitution::new(&session.config.member_values);
    for step in &scenario.steps {
        let mut request = substitute(&step.request, &vars);
        real.apply(&mut request);
        // Reads of an eventually consistent target are retried until `visibility_wait`.
        let read_only = ["Search", "Get", "List"]
            .iter()
            .any(|p| step.operation.starts_with(p));
        let deadline = std::time::Instant::now() + session.config.visibility_wait;
        let (exchange, pattern, mismatches) = loop {
            let exchange = match session.send(&step.operation, &request, None).await {
                Ok(exchange) => exchange,
                Err(not_sent) => {
                    session.note(format!(
                        "scenario {} not completed: step \"{}\" was {not_sent}",
                        scenario.name, step.name
                    ));
                    return;
                }
            };
            let verdicts = session.judge(&step.operation, &exchange, &Expect::Protocol);
            session.record(
                &step.operation,
                &verdicts,
                &format!("scenario {}: {}", scenario.name, step.name),
                Some(&request),
                &[&exchange],
            );
            let mut attempt_vars = vars.clone();
            let (pattern, mismatches) = compare_step(step, &exchange, &mut attempt_vars, &mut real);
            if mismatches.is_empty() || !read_only || std::time::Instant::now() >= deadline {
                vars = attempt_vars;
                break (exchange, pattern, mismatches);
            }
            tokio::time::sleep(std::time::Duration::from_millis(250)).await;
        };
        if !mismatches.is_empty() {
            let expected = json!({ "status": step.expect.status, "errorType": step.expect.error_type, "body": pattern });
            fail(
                session,
                &operation,
                scenario,
                &step.name,
                mismatches.join("; "),
                expected,
                observed(&exchange),
                vec![ExchangeRecord::new(&step.operation, &exchange)],
            );
            return;
        }
    }
    session.ledger.pass(&operation, CHECK);
}

/// What a step's answer got wrong: status, error type and body against the pattern (with
/// variables substituted); captures land in `vars`.
fn compare_step(
    step: &Step,
    exchange: &crate::client::Exchange,
    vars: &mut BTreeMap<String, String>,
    real: &mut Substitution,
) -> (Option<Value>, Vec<String>) {
    let body = parse_body(exchange).ok().flatten().unwrap_or(Value::Null);
    let mut mismatches = Vec::new();
    if exchange.status() != Some(step.expect.status) {
        mismatches.push(format!(
            "status {:?}, expected {}",
            exchange.status(),
            step.expect.status
        ));
    }
    if let Some(expected_type) = &step.expect.error_type {
        let actual_type = error_type(exchange, Some(&body));
        if actual_type.as_deref() != Some(expected_type) {
            mismatches.push(format!(
                "error type {actual_type:?}, expected {expected_type}"
            ));
        }
    }
    let pattern = step.expect.body.as_ref().map(|b| {
        let mut pattern = substitute(b, vars);
        real.apply_known(&mut pattern);
        pattern
    });
    if let Some(pattern) = &pattern {
        matches(pattern, &body, "body", vars, &mut mismatches);
    }
    (pattern, mismatches)
}

#[allow(clippy::too_many_arguments)]
fn fail(
    session: &Session,
    operation: &str,
    scenario: &Scenario,
    step: &str,
    message: String,
    expected: Value,
    actual: Value,
    exchanges: Vec<ExchangeRecord>,
) {
    session.ledger.fail(
        operation,
        CHECK,
        FailureDraft {
            case: format!(
                "scenario {} (rests on: {}), step \"{step}\"",
                scenario.name, scenario.source
            ),
            mutation: None,
            message: format!("step \"{step}\": {message}"),
            expected,
            actual,
            request: None,
            shrink_steps: None,
            exchanges,
        },
    );
}

/// Replaces `${name}` in every string of `value`.
fn substitute(value: &Value, vars: &BTreeMap<String, String>) -> Value {
    match value {
        Value::String(s) => {
            let mut out = s.clone();
            for (name, v) in vars {
                out = out.replace(&format!("${{{name}}}"), v);
            }
            Value::String(out)
        }
        Value::Array(items) => Value::Array(items.iter().map(|v| substitute(v, vars)).collect()),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), substitute(v, vars)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// Matches `actual` against `pattern`, appending mismatches (with their paths) and capturing
/// `<capture:name>` values into `vars`.
pub fn matches(
    pattern: &Value,
    actual: &Value,
    path: &str,
    vars: &mut BTreeMap<String, String>,
    out: &mut Vec<String>,
) {
    match pattern {
        Value::String(token) if token.starts_with('<') && token.ends_with('>') => {
            match_token(token, actual, path, vars, out);
        }
        Value::Object(expected) if expected.contains_key("<contains>") => {
            let wanted = expected["<contains>"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            let items = actual.as_array().cloned().unwrap_or_default();
            let mut used = vec![false; items.len()];
            for (n, want) in wanted.iter().enumerate() {
                let hit = items.iter().enumerate().position(|(i, item)| {
                    let mut scratch = Vec::new();
                    let mut local = vars.clone();
                    matches(want, item, path, &mut local, &mut scratch);
                    !used[i] && scratch.is_empty()
                });
                match hit {
                    Some(i) => {
                        used[i] = true;
                        let mut ignore = Vec::new();
                        matches(want, &items[i], path, vars, &mut ignore);
                    }
                    None => out.push(format!("{path}: no element matches expected element {n}")),
                }
            }
        }
        Value::Object(expected) => match_object(expected, actual, path, vars, out),
        Value::Array(expected) => match actual.as_array() {
            Some(items) if items.len() == expected.len() => {
                for (n, (e, a)) in expected.iter().zip(items).enumerate() {
                    matches(e, a, &format!("{path}[{n}]"), vars, out);
                }
            }
            Some(items) => out.push(format!(
                "{path}: {} elements, expected {}",
                items.len(),
                expected.len()
            )),
            None => out.push(format!("{path}: expected an array")),
        },
        literal if literal != actual => out.push(format!("{path}: {actual}, expected {literal}")),
        _ => {}
    }
}

fn match_object(
    expected: &Map<String, Value>,
    actual: &Value,
    path: &str,
    vars: &mut BTreeMap<String, String>,
    out: &mut Vec<String>,
) {
    let Some(actual) = actual.as_object() else {
        out.push(format!("{path}: expected an object, got {actual}"));
        return;
    };
    let open = expected.get("...") == Some(&Value::Bool(true));
    for (key, pattern) in expected.iter().filter(|(k, _)| *k != "...") {
        let child = format!("{path}.{key}");
        match actual.get(key) {
            None if pattern == "<absent>" => {}
            None => out.push(format!("{child}: missing")),
            Some(value) => matches(pattern, value, &child, vars, out),
        }
    }
    if !open {
        for key in actual.keys().filter(|k| !expected.contains_key(*k)) {
            out.push(format!("{path}.{key}: not expected"));
        }
    }
}

fn match_token(
    token: &str,
    actual: &Value,
    path: &str,
    vars: &mut BTreeMap<String, String>,
    out: &mut Vec<String>,
) {
    let text = actual.as_str();
    let ok = match token {
        "<any>" => !actual.is_null(),
        "<absent>" => actual.is_null(),
        "<id>" => text.is_some_and(|s| !s.is_empty()),
        "<arn>" => text.is_some_and(|s| s.starts_with("arn:")),
        "<date-time>" => text.and_then(super::parse_time).is_some(),
        capture if capture.starts_with("<capture:") => match text {
            Some(s) if !s.is_empty() => {
                let name = capture
                    .trim_start_matches("<capture:")
                    .trim_end_matches('>');
                vars.insert(name.to_string(), s.to_string());
                true
            }
            _ => false,
        },
        unknown => {
            out.push(format!("{path}: unknown matcher {unknown}"));
            return;
        }
    };
    if !ok {
        out.push(format!("{path}: {actual} does not match {token}"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_embedded_scenario_parses_and_cites_a_source() {
        let scenarios = embedded().unwrap();
        assert!(scenarios.iter().any(|s| s.name == "file-flow"));
        for s in scenarios {
            assert!(!s.source.is_empty() && !s.steps.is_empty(), "{}", s.name);
        }
    }

    #[test]
    fn matchers_capture_and_report_paths() {
        let mut vars = BTreeMap::new();
        let mut out = Vec::new();
        let pattern = json!({"id": "<capture:x>", "t": "<date-time>", "list": {"<contains>": [{"k": 1, "...": true}]}, "gone": "<absent>"});
        let actual =
            json!({"id": "abc", "t": "2024-05-03T00:00:00Z", "list": [{"k": 2}, {"k": 1, "z": 0}]});
        matches(&pattern, &actual, "body", &mut vars, &mut out);
        assert!(out.is_empty(), "{out:?}");
        assert_eq!(vars["x"], "abc");

        let mut out = Vec::new();
        matches(
            &json!({"a": 1}),
            &json!({"a": 2, "b": 3}),
            "body",
            &mut vars,
            &mut out,
        );
        assert_eq!(out, ["body.a: 2, expected 1", "body.b: not expected"]);
    }
}
